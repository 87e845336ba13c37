mod error;
mod frame;
mod nav;

pub use error::FriendlyError;
pub use frame::AppFrame;
pub use nav::{NavItem, NAV_ITEMS};
