//! A member's year as the file shows it (一人一表, docs/rules.md#member-file): attendance at
//! approved meetings, dues paid through and in arrears, and the points ledger — the parts of the
//! file that other records hold, read for it here rather than copied into it.

use app::members::{LedgerLine, MemberYear, LEDGER_SHOWN};
use domain::{orglife::Attendance, points::ActivityKey, Date};

use super::repo::Located;
use crate::{error::ServiceResult, storage::Db, with_pool};

#[derive(sqlx::FromRow)]
struct LedgerRow {
    day: String,
    activity_key: ActivityKey,
    points: i64,
}

pub async fn year(db: &Db, found: &Located, today: Date) -> ServiceResult<MemberYear> {
    let member_id = found.member.id;
    let start = Date::new(today.year(), 1, 1)?.to_string();
    let attendance: Vec<(Attendance, i64)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT a.status, COUNT(*) FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id \
             WHERE a.member_id = $1 AND m.status = 'approved' AND m.starts_at >= $2 GROUP BY a.status",
        )
        .bind(member_id)
        .bind(&start)
        .fetch_all(pool)
        .await?
    });
    let times = |status: Attendance| {
        attendance
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(0, |(_, n)| u32::try_from(*n).unwrap_or(u32::MAX))
    };
    let paid_through = crate::dues::paid_through(db, member_id).await?;
    let arrears = crate::dues::bills::arrears_in(db, &found.org_path, Some(member_id))
        .await?
        .first()
        .map_or(0, |run| u32::try_from(run.months).unwrap_or(u32::MAX));
    let (points, rows): (Option<i64>, Vec<LedgerRow>) = with_pool!(db, pool => {
        let total = sqlx::query_scalar(
            "SELECT CAST(SUM(points) AS BIGINT) FROM points_ledger WHERE member_id = $1 AND day >= $2",
        )
        .bind(member_id)
        .bind(&start)
        .fetch_one(pool)
        .await?;
        let rows = sqlx::query_as(
            "SELECT day, activity_key, points FROM points_ledger WHERE member_id = $1 AND day >= $2 \
             ORDER BY id DESC LIMIT $3",
        )
        .bind(member_id)
        .bind(&start)
        .bind(LEDGER_SHOWN)
        .fetch_all(pool)
        .await?;
        (total, rows)
    });
    Ok(MemberYear {
        year: today.year(),
        attended: times(Attendance::Present),
        on_leave: times(Attendance::Leave),
        absent: times(Attendance::Absent),
        paid_through,
        arrears_months: arrears,
        points: points.unwrap_or(0),
        ledger: rows
            .into_iter()
            .map(|r| LedgerLine {
                day: r.day,
                label: r.activity_key.label_zh().to_string(),
                points: r.points,
            })
            .collect(),
    })
}
