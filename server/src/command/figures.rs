//! The dashboards' numbers for one subtree (docs/rules.md#the-command-platform): read per
//! organization in a handful of grouped queries, then added up for the whole subtree and for
//! each organization one level below it (the bars "by committee").

use std::collections::HashMap;

use domain::{
    command::{age_band, FlagState, AGE_BANDS},
    dues::DuesCategory,
    org::leadership::SECRETARY,
    points::ActivityKey,
    Date, MemberStatus, OrgId, OrgKind, OrgPath, Weekday, YearMonth,
};

use super::branches::Branch;
use crate::{error::ServiceResult, storage::Db, with_pool};

/// An organization one level below the subtree's root.
#[derive(Clone, Debug)]
pub(crate) struct Child {
    pub id: OrgId,
    pub name: String,
}

/// A number for each child, in the children's order.
pub(crate) type PerChild = Vec<i64>;

#[derive(Clone, Debug, Default)]
pub(crate) struct Figures {
    pub children: Vec<Child>,
    pub members: i64,
    pub probationary: i64,
    pub flowing: i64,
    pub by_category: Vec<(DuesCategory, i64)>,
    pub by_age: Vec<i64>,
    pub members_by_child: PerChild,
    pub orgs_by_kind: Vec<(OrgKind, i64)>,
    /// Organizations (party groups aside) without a secretary on their team.
    pub without_secretary: i64,
    pub term_overdue: i64,
    /// This year's complete units of required meetings, and those with an approved record.
    pub required: i64,
    pub approved: i64,
    pub required_by_child: PerChild,
    pub approved_by_child: PerChild,
    /// Branches by flag, in [`FlagState::ALL`]'s order.
    pub flags: Vec<i64>,
    pub month: String,
    pub month_expected: i64,
    pub month_collected: i64,
    pub year_expected: i64,
    pub year_collected: i64,
    pub arrears_fen: i64,
    pub arrears_members: i64,
    pub dues_expected_by_child: PerChild,
    pub dues_collected_by_child: PerChild,
    pub week_start: String,
    pub active_week: i64,
    pub active_by_child: PerChild,
    /// This year's tasks (by deadline) and those accepted; open and overdue whenever sent.
    pub tasks_year: i64,
    pub tasks_accepted: i64,
    pub tasks_open: i64,
    pub tasks_overdue: i64,
    pub overdue_by_child: PerChild,
    pub month_start: String,
    pub visits_month: i64,
    pub visits_by_child: PerChild,
}

/// Which child a row of the subtree belongs to: the id one level below the root in its path.
struct Placer {
    depth: usize,
    index: HashMap<OrgId, usize>,
}

impl Placer {
    fn child(&self, path: &OrgPath) -> Option<usize> {
        path.ids()
            .nth(self.depth + 1)
            .and_then(|id| self.index.get(&id).copied())
    }
}

/// What every section's query is asked with: the subtree (a `LIKE` prefix), the day, and where
/// each row's child is.
#[derive(Clone, Copy)]
struct Ask<'a> {
    db: &'a Db,
    inside: &'a str,
    today: Date,
    placer: &'a Placer,
}

fn add(v: &mut [i64], at: Option<usize>, n: i64) {
    if let Some(slot) = at.and_then(|i| v.get_mut(i)) {
        *slot += n;
    }
}

pub(super) async fn gather(
    db: &Db,
    path: &OrgPath,
    today: Date,
    branches: &[Branch],
) -> ServiceResult<Figures> {
    let inside = path.like_prefix();
    let root = path.ids().last().ok_or(domain::ErrorCode::NotFound)?;
    let children: Vec<(OrgId, String)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, name FROM organizations WHERE parent_id = $1 AND dissolved_at IS NULL \
             AND kind <> 'party_group' ORDER BY path",
        )
        .bind(root)
        .fetch_all(pool)
        .await?
    });
    let placer = Placer {
        depth: path.ids().count() - 1,
        index: children
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (*id, i))
            .collect(),
    };
    let n = children.len();
    let mut f = Figures {
        children: children
            .into_iter()
            .map(|(id, name)| Child { id, name })
            .collect(),
        by_age: vec![0; AGE_BANDS.len()],
        members_by_child: vec![0; n],
        required_by_child: vec![0; n],
        approved_by_child: vec![0; n],
        dues_expected_by_child: vec![0; n],
        dues_collected_by_child: vec![0; n],
        active_by_child: vec![0; n],
        overdue_by_child: vec![0; n],
        visits_by_child: vec![0; n],
        ..Default::default()
    };
    let a = Ask {
        db,
        inside: &inside,
        today,
        placer: &placer,
    };
    members(&a, &mut f).await?;
    orgs(&a, &mut f).await?;
    orglife(&a, branches, &mut f).await?;
    dues(&a, &mut f).await?;
    study(&a, &mut f).await?;
    tasks(&a, &mut f).await?;
    visits(&a, &mut f).await?;
    Ok(f)
}

async fn members(a: &Ask<'_>, f: &mut Figures) -> ServiceResult<()> {
    let Ask {
        db,
        inside,
        today,
        placer,
    } = *a;
    #[derive(sqlx::FromRow)]
    struct Row {
        path: OrgPath,
        status: MemberStatus,
        dues_category: DuesCategory,
        birth_date: String,
        flowing: i64,
    }
    // Members on the rolls (docs/rules.md#standing-changes); flowing: in a flowing branch, or
    // recorded as working away.
    let rows: Vec<Row> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT o.path, m.status, m.dues_category, m.birth_date, \
             CAST(CASE WHEN o.kind = 'flowing_branch' OR m.flowing_destination IS NOT NULL THEN 1 ELSE 0 END AS BIGINT) AS flowing \
             FROM members m JOIN organizations o ON o.id = m.org_id \
             WHERE o.path LIKE $1 AND m.standing = 'active'",
        )
        .bind(inside)
        .fetch_all(pool)
        .await?
    });
    let mut categories: HashMap<DuesCategory, i64> = HashMap::new();
    for r in rows {
        f.members += 1;
        if r.status == MemberStatus::Probationary {
            f.probationary += 1;
        }
        f.flowing += r.flowing;
        *categories.entry(r.dues_category).or_default() += 1;
        if let Ok(birth) = Date::parse(&r.birth_date) {
            add(&mut f.by_age, Some(age_band(birth, today)), 1);
        }
        add(&mut f.members_by_child, placer.child(&r.path), 1);
    }
    f.by_category = DuesCategory::ALL
        .iter()
        .map(|c| (*c, categories.get(c).copied().unwrap_or(0)))
        .collect();
    Ok(())
}

async fn orgs(a: &Ask<'_>, f: &mut Figures) -> ServiceResult<()> {
    let Ask {
        db, inside, today, ..
    } = *a;
    #[derive(sqlx::FromRow)]
    struct Row {
        kind: OrgKind,
        term_end: Option<String>,
        has_secretary: i64,
    }
    let rows: Vec<Row> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT o.kind, o.term_end, \
             CAST(CASE WHEN EXISTS (SELECT 1 FROM leadership l WHERE l.org_id = o.id AND l.position = $2) \
             THEN 1 ELSE 0 END AS BIGINT) AS has_secretary \
             FROM organizations o WHERE o.path LIKE $1 AND o.dissolved_at IS NULL",
        )
        .bind(inside)
        .bind(SECRETARY)
        .fetch_all(pool)
        .await?
    });
    let mut kinds: HashMap<OrgKind, i64> = HashMap::new();
    let today = today.to_string();
    for r in rows {
        *kinds.entry(r.kind).or_default() += 1;
        if r.kind != OrgKind::PartyGroup && r.has_secretary == 0 {
            f.without_secretary += 1;
        }
        if r.term_end
            .as_deref()
            .is_some_and(|end| end < today.as_str())
        {
            f.term_overdue += 1;
        }
    }
    f.orgs_by_kind = OrgKind::ALL
        .iter()
        .filter_map(|k| kinds.get(k).map(|n| (*k, *n)))
        .collect();
    Ok(())
}

async fn orglife(a: &Ask<'_>, branches: &[Branch], f: &mut Figures) -> ServiceResult<()> {
    let Ask {
        db,
        inside,
        today,
        placer,
    } = *a;
    let start = Date::new(today.year(), 1, 1)?;
    let mut held = crate::orglife::compliance::approved_by_branch(db, inside, start).await?;
    let history = crate::settings::orglife_rules(db).await?;
    f.flags = vec![0; FlagState::ALL.len()];
    for b in branches {
        let rows = history.compliance(&held.remove(&b.id).unwrap_or_default(), (start, today))?;
        let required: i64 = rows.iter().map(|r| i64::from(r.required)).sum();
        let missed: i64 = rows
            .iter()
            .map(|r| i64::from(r.missed_units.min(r.required)))
            .sum();
        let at = placer.child(&b.path);
        f.required += required;
        f.approved += required - missed;
        add(&mut f.required_by_child, at, required);
        add(&mut f.approved_by_child, at, required - missed);
        add(
            &mut f.flags,
            FlagState::ALL.iter().position(|s| *s == b.flag),
            1,
        );
    }
    Ok(())
}

async fn dues(a: &Ask<'_>, f: &mut Figures) -> ServiceResult<()> {
    let Ask {
        db,
        inside,
        today,
        placer,
    } = *a;
    #[derive(sqlx::FromRow)]
    struct Row {
        path: OrgPath,
        month: String,
        expected: i64,
        collected: i64,
    }
    let month = YearMonth::of(today);
    let first = YearMonth::new(today.year(), 1)?;
    let rows: Vec<Row> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT o.path, b.month, CAST(SUM(b.amount_fen) AS BIGINT) AS expected, \
             CAST(SUM(CASE WHEN b.paid_at IS NOT NULL THEN b.amount_fen ELSE 0 END) AS BIGINT) AS collected \
             FROM dues_bills b JOIN organizations o ON o.id = b.org_id \
             WHERE o.path LIKE $1 AND b.month >= $2 AND b.month <= $3 GROUP BY o.path, b.month",
        )
        .bind(inside)
        .bind(first.to_string())
        .bind(month.to_string())
        .fetch_all(pool)
        .await?
    });
    let this = month.to_string();
    for r in rows {
        f.year_expected += r.expected;
        f.year_collected += r.collected;
        if r.month == this {
            f.month_expected += r.expected;
            f.month_collected += r.collected;
            let at = placer.child(&r.path);
            add(&mut f.dues_expected_by_child, at, r.expected);
            add(&mut f.dues_collected_by_child, at, r.collected);
        }
    }
    // In arrears: bills of months before this one still unpaid (docs/rules.md#dues).
    let (fen, members): (i64, i64) = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(b.amount_fen), 0) AS BIGINT), COUNT(DISTINCT b.member_id) \
             FROM dues_bills b JOIN organizations o ON o.id = b.org_id \
             WHERE o.path LIKE $1 AND b.paid_at IS NULL AND b.month < $2",
        )
        .bind(inside)
        .bind(&this)
        .fetch_one(pool)
        .await?
    });
    f.month = this;
    f.arrears_fen = fen;
    f.arrears_members = members;
    Ok(())
}

/// Monday of `today`'s week.
fn week_start(today: Date) -> ServiceResult<Date> {
    let back = Weekday::ALL
        .iter()
        .position(|w| *w == today.weekday())
        .unwrap_or(0);
    Ok(today.add_days(-(back as i64))?)
}

async fn study(a: &Ask<'_>, f: &mut Figures) -> ServiceResult<()> {
    let Ask {
        db,
        inside,
        today,
        placer,
    } = *a;
    let monday = week_start(today)?;
    // Progress is stamped in UTC: Monday 00:00 in China is Sunday 16:00 UTC.
    let since_utc = format!("{}T16:00:00.000Z", monday.add_days(-1)?);
    let monday = monday.to_string();
    // A member who read, watched or took a quiz this week: study progress is written on every
    // step, points (by China day) on each completed one.
    let rows: Vec<(OrgPath, i64)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT o.path, COUNT(*) FROM members m JOIN organizations o ON o.id = m.org_id \
             WHERE o.path LIKE $1 AND m.standing = 'active' AND ( \
               EXISTS (SELECT 1 FROM study_progress p WHERE p.member_id = m.id AND p.updated_at >= $6) \
               OR EXISTS (SELECT 1 FROM points_ledger l WHERE l.member_id = m.id AND l.day >= $2 \
                          AND l.activity_key IN ($3, $4, $5))) \
             GROUP BY o.path",
        )
        .bind(inside)
        .bind(&monday)
        .bind(ActivityKey::ArticleRead.code())
        .bind(ActivityKey::VideoWatched.code())
        .bind(ActivityKey::QuizCompleted.code())
        .bind(&since_utc)
        .fetch_all(pool)
        .await?
    });
    for (path, n) in rows {
        f.active_week += n;
        add(&mut f.active_by_child, placer.child(&path), n);
    }
    f.week_start = monday;
    Ok(())
}

async fn tasks(a: &Ask<'_>, f: &mut Figures) -> ServiceResult<()> {
    let Ask {
        db,
        inside,
        today,
        placer,
    } = *a;
    #[derive(sqlx::FromRow)]
    struct Row {
        path: OrgPath,
        year: i64,
        accepted: i64,
        open: i64,
        overdue: i64,
    }
    let first = Date::new(today.year(), 1, 1)?.to_string();
    let next = Date::new(today.year() + 1, 1, 1)?.to_string();
    // Members' own tasks count here too (the flags count the branches').
    let rows: Vec<Row> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT o.path, \
             CAST(SUM(CASE WHEN t.deadline >= $2 AND t.deadline < $4 THEN 1 ELSE 0 END) AS BIGINT) AS year, \
             CAST(SUM(CASE WHEN t.deadline >= $2 AND t.deadline < $4 AND a.state = 'accepted' THEN 1 ELSE 0 END) AS BIGINT) AS accepted, \
             CAST(SUM(CASE WHEN a.state <> 'accepted' THEN 1 ELSE 0 END) AS BIGINT) AS open, \
             CAST(SUM(CASE WHEN a.state IN ('open', 'returned') AND t.deadline < $3 THEN 1 ELSE 0 END) AS BIGINT) AS overdue \
             FROM task_assignments a JOIN tasks t ON t.id = a.task_id JOIN organizations o ON o.id = a.org_id \
             WHERE o.path LIKE $1 GROUP BY o.path",
        )
        .bind(inside)
        .bind(&first)
        .bind(today.to_string())
        .bind(&next)
        .fetch_all(pool)
        .await?
    });
    for r in rows {
        f.tasks_year += r.year;
        f.tasks_accepted += r.accepted;
        f.tasks_open += r.open;
        f.tasks_overdue += r.overdue;
        add(&mut f.overdue_by_child, placer.child(&r.path), r.overdue);
    }
    Ok(())
}

async fn visits(a: &Ask<'_>, f: &mut Figures) -> ServiceResult<()> {
    let Ask {
        db,
        inside,
        today,
        placer,
    } = *a;
    let first = YearMonth::of(today).first_day().to_string();
    // Visits of the teams the subtree's organizations send, this month.
    let rows: Vec<(OrgPath, i64)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT o.path, COUNT(*) FROM assistance_visits v JOIN assistance_teams t ON t.id = v.team_id \
             JOIN organizations o ON o.id = t.org_id \
             WHERE o.path LIKE $1 AND v.visited_on >= $2 AND v.visited_on <= $3 GROUP BY o.path",
        )
        .bind(inside)
        .bind(&first)
        .bind(today.to_string())
        .fetch_all(pool)
        .await?
    });
    for (path, n) in rows {
        f.visits_month += n;
        add(&mut f.visits_by_child, placer.child(&path), n);
    }
    f.month_start = first;
    Ok(())
}
