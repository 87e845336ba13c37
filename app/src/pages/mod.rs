mod home;
mod me;
mod not_found;

pub use home::HomePage;
pub use me::MePage;
pub use not_found::NotFound;
