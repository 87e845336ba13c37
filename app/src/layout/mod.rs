mod actions;
pub mod admin_nav;
mod cards;
mod error;
mod frame;
mod nav;
mod progress;

pub use actions::{action_error, saves};
pub use admin_nav::AdminLinks;
pub use cards::SignInCard;
pub use error::FriendlyError;
pub use frame::AppFrame;
pub use nav::{NavItem, NAV_ITEMS};
pub use progress::{BackgroundUpload, UploadProgress};
