//! Organizational life (组织生活, 三会一课 and 主题党日): a branch plans its meetings and members see
//! them coming, on `/org-life` and on the home screen. Recording, sign-in and review follow.

mod api;
mod page;
mod types;

pub use api::{load_org_life, plan_meeting, LoadOrgLife, PlanMeeting};
pub use page::{MeetingList, OrgLifePage};
pub use types::*;
