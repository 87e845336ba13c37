use domain::{role::may_grant, OrgId, OrgKind, OrgPath, Role};

use super::HeldRole;
use crate::{access::Actor, error::ServiceResult, storage::Db, with_pool};

#[derive(sqlx::FromRow)]
struct Above {
    id: OrgId,
    kind: OrgKind,
    name: String,
    path: OrgPath,
}

/// The roles the actor may grant to a member of the organization at `org_path`: at that
/// organization or one above it, leaving out those already `held`. Roles are handed out along
/// the member's own line of organizations (docs/operations.md#roles).
pub async fn grantable(
    db: &Db,
    actor: &Actor,
    org_path: &OrgPath,
    held: &[HeldRole],
) -> ServiceResult<Vec<HeldRole>> {
    let line: Vec<Above> = with_pool!(db, pool => {
        sqlx::query_as("SELECT id, kind, name, path FROM organizations WHERE $1 LIKE path || '%' ORDER BY depth DESC")
            .bind(org_path.as_str())
            .fetch_all(pool)
            .await?
    });
    let mut options = Vec::new();
    for org in line {
        let reach = actor.reach_org(&org.path);
        for role in [
            Role::BranchAdmin,
            Role::CommitteeAdmin,
            Role::CountyAdmin,
            Role::Auditor,
        ] {
            let taken = held
                .iter()
                .any(|h| h.role == role && h.scope_org_id == org.id);
            if !taken && may_grant(actor.role, role, org.kind, reach).is_ok() {
                options.push(HeldRole {
                    role,
                    scope_org_id: org.id,
                    scope_name: org.name.clone(),
                    grant_id: None,
                });
            }
        }
    }
    Ok(options)
}
