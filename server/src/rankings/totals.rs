//! The boards' per-organization totals recomputed for a few organizations inside the
//! transaction that changed who counts there (a merge, a member leaving or coming back). Only
//! members on the rolls count (docs/rules.md#standing-changes).

use domain::OrgId;

pub trait TotalsTx {
    fn recount_org(
        &mut self,
        org_id: OrgId,
    ) -> impl std::future::Future<Output = sqlx::Result<()>> + Send;
}

macro_rules! impl_totals_tx {
    ($db:ty) => {
        impl TotalsTx for sqlx::Transaction<'static, $db> {
            async fn recount_org(&mut self, org_id: OrgId) -> sqlx::Result<()> {
                for table in ["org_member_counts", "org_points_year"] {
                    sqlx::query(&format!("DELETE FROM {table} WHERE org_id = $1"))
                        .bind(org_id)
                        .execute(&mut **self)
                        .await?;
                }
                sqlx::query(
                    "INSERT INTO org_member_counts (org_id, members) \
                     SELECT org_id, COUNT(*) FROM members WHERE org_id = $1 AND standing = 'active' \
                     GROUP BY org_id",
                )
                .bind(org_id)
                .execute(&mut **self)
                .await?;
                sqlx::query(
                    "INSERT INTO org_points_year (org_id, year, points) \
                     SELECT m.org_id, t.year, SUM(t.points) FROM member_points_year t \
                     JOIN members m ON m.id = t.member_id \
                     WHERE m.org_id = $1 AND m.standing = 'active' GROUP BY m.org_id, t.year",
                )
                .bind(org_id)
                .execute(&mut **self)
                .await?;
                Ok(())
            }
        }
    };
}

impl_totals_tx!(sqlx::Sqlite);
impl_totals_tx!(sqlx::Postgres);
