//! The command platform (docs/rules.md#the-command-platform): what the county and its
//! committees look at every morning — the dashboards of their subtree (`/command`), the county
//! map with a flag per branch (`/command/map`) and each branch's card. Everything is read-only
//! and computed from the records the other features keep; nothing here writes.

mod branches;
mod cache;
pub mod card;
pub mod dashboard;
mod figures;
pub mod map;
pub(crate) mod svg;

pub use branches::Branch;
pub use cache::{CommandCache, MAX_AGE};

use crate::{access::Actor, error::ServiceResult, storage::Db, trail::records::OrgRecord};

/// The reader's scope, once they may look at it here.
async fn viewed_scope(db: &Db, actor: &Actor) -> ServiceResult<OrgRecord> {
    let scope = crate::orgs::find(db, actor.scope_org_id)
        .await?
        .ok_or_else(|| actor.missing())?;
    actor.require(
        domain::access::Action::ViewCommand,
        actor.reach_org(&scope.path),
    )?;
    Ok(scope)
}
