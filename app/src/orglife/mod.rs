//! Organizational life (组织生活, 三会一课 and 主题党日): a branch plans its meetings and members see
//! them coming, on `/org-life` and on the home screen; each meeting's record (sign-in, minutes,
//! photos) on `/org-life/{id}`, reviewed from `/review`, counted on `/compliance`.

mod api;
mod facade;
mod meeting;
mod oversight;
mod page;
mod types;

pub use api::*;
#[cfg(feature = "ssr")]
pub use facade::OrgLifeApi;
pub use meeting::{MeetingPage, SignInPage};
pub use oversight::{CompliancePage, ReviewPage};
pub use page::{MeetingList, OrgLifePage};
pub use types::*;
