//! The black-list triggers (docs/rules.md#the-four-lists) of every member of one branch, or of a
//! scope, at once: dues
//! months left unpaid before the billing month, and unexcused absences from approved meetings
//! in the year.

use std::collections::HashMap;

use domain::{ranking::MemberFlags, MemberId, OrgId, OrgPath};

use crate::{error::ServiceResult, storage::Db, with_pool};

/// Whose members: one organization's own, or everyone's under a path.
pub enum Under<'a> {
    Org(OrgId),
    Path(&'a OrgPath),
}

pub async fn flags_under(
    db: &Db,
    under: Under<'_>,
    year: i32,
) -> ServiceResult<HashMap<MemberId, MemberFlags>> {
    // The members' organization, by id or by path, bound as $1.
    let (whose, bind) = match under {
        Under::Org(id) => ("m.org_id = CAST($1 AS BIGINT)", id.get().to_string()),
        Under::Path(path) => (
            "m.org_id IN (SELECT id FROM organizations WHERE path LIKE $1)",
            path.like_prefix(),
        ),
    };
    let mut out: HashMap<MemberId, MemberFlags> = HashMap::new();
    if let Some(billing) = crate::dues::bills::billing_month(db).await? {
        let arrears: Vec<(MemberId, i64)> = with_pool!(db, pool => {
            sqlx::query_as(&format!(
                "SELECT b.member_id, COUNT(*) FROM dues_bills b JOIN members m ON m.id = b.member_id \
                 WHERE {whose} AND b.kind = 'monthly' AND b.paid_at IS NULL AND b.month < $2 \
                 GROUP BY b.member_id"
            ))
            .bind(&bind)
            .bind(billing.to_string())
            .fetch_all(pool)
            .await?
        });
        for (member, n) in arrears {
            out.entry(member).or_default().dues_arrears_months =
                u32::try_from(n).unwrap_or(u32::MAX);
        }
    }
    let absences: Vec<(MemberId, i64)> = with_pool!(db, pool => {
        sqlx::query_as(&format!(
            "SELECT a.member_id, COUNT(*) FROM meeting_attendance a \
             JOIN meetings mt ON mt.id = a.meeting_id JOIN members m ON m.id = a.member_id \
             WHERE {whose} AND a.status = 'absent' AND mt.status = 'approved' \
             AND mt.starts_at >= $2 AND mt.starts_at < $3 GROUP BY a.member_id"
        ))
        .bind(&bind)
        .bind(format!("{year}-01-01"))
        .bind(format!("{}-01-01", year + 1))
        .fetch_all(pool)
        .await?
    });
    for (member, n) in absences {
        out.entry(member).or_default().org_life_absent_unexcused =
            u32::try_from(n).unwrap_or(u32::MAX);
    }
    Ok(out)
}
