mod home;
mod me;
mod not_found;
mod org_life;

pub use home::HomePage;
pub use me::MePage;
pub use not_found::NotFound;
pub use org_life::OrgLifePage;
