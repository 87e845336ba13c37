//! `dangjian seed --demo`: a realistic, deterministic demo county (新田县), loaded once.

// A generator of synthetic counties: its indices run over tables it built a line before, and a
// failure is a bug in the generator, found by its tests.
#![allow(clippy::indexing_slicing, clippy::expect_used, clippy::cast_lossless)]

mod assistance;
mod county;
mod dues;
mod life;
mod people;
mod points;
pub mod records;
mod rng;
mod study;
mod workbooks;
mod write;

use std::{fmt, time::Instant};

use crate::{auth::password, storage::Db};
use county::OrgRow;
pub use county::{TOTAL_ORGS, TOWN_SEATS};
use people::{MemberRow, PeopleGen};
use rng::Rng;
pub use workbooks::demo_workbooks;

pub const DEMO_MEMBERS: u32 = 20_138;
pub const DEMO_PASSWORD: &str = "demo1234";
pub const SEEDED_KEY: &str = "demo_seeded";

/// The fixed demo logins (README, run command and tests rely on them).
pub const DEMO_ACCOUNTS: [(&str, &str, &str); 11] = [
    ("13800000000", "county_admin", "县委组织部管理员"),
    ("13800000001", "committee_admin", "党委管理员"),
    ("13800000002", "branch_admin", "村党支部书记"),
    ("13800000003", "member", "党员"),
    ("13800000004", "member", "流动党员（东莞）"),
    ("13800000005", "auditor", "审计员（只读）"),
    ("13800000006", "branch_admin", "流动党支部书记"),
    // More members of the village branch: a meeting's sign-in is shown with several phones.
    ("13800000007", "member", "党员（同村支部）"),
    ("13800000008", "member", "党员（同村支部）"),
    ("13800000009", "member", "党员（同村支部）"),
    // The secretary of a neighbouring village branch under the same committee: a task the
    // committee follows is reported by two branches.
    ("13800000011", "branch_admin", "邻村党支部书记"),
];

pub struct DemoPlan {
    pub members: u32,
    /// The month of study history ends the day before this.
    pub today: domain::Date,
}

impl DemoPlan {
    pub fn new(members: Option<u32>) -> Self {
        Self {
            members: members.unwrap_or(DEMO_MEMBERS),
            today: crate::clock::today_china(),
        }
    }
}

#[derive(Debug)]
pub enum SeedReport {
    AlreadySeeded {
        since: String,
    },
    Seeded {
        organizations: usize,
        members: usize,
        accounts: usize,
        seconds: f64,
    },
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SeedReport::AlreadySeeded { since } => write!(f, "演示数据已存在（{since}），未重复导入"),
            SeedReport::Seeded { organizations, members, accounts, seconds } => write!(
                f,
                "演示数据已导入：{organizations} 个党组织，{members} 名党员，{accounts} 个账号，用时 {seconds:.1} 秒"
            ),
        }
    }
}

pub struct Dataset {
    pub orgs: Vec<OrgRow>,
    pub members: Vec<MemberRow>,
    pub accounts: Vec<AccountRow>,
    pub leadership: Vec<LeadershipRow>,
    pub points: Vec<points::PointsRow>,
    /// The Dongguan flowing committee's administrator: its secretary's own account (no demo
    /// login), who reviews the flowing branch's meetings first.
    pub flowing_committee_account: i64,
    /// 新田驻东莞第三流动党支部.
    pub dongguan_third_branch: i64,
}

/// A seat on an organization's leadership team.
#[derive(Clone, Debug)]
pub struct LeadershipRow {
    pub org_id: i64,
    pub member_id: i64,
    pub position: &'static str,
    pub since: String,
}

#[derive(Clone, Debug)]
pub struct AccountRow {
    pub id: i64,
    pub member_id: i64,
    pub mobile: String,
    pub display_name: String,
    pub role: &'static str,
    pub scope_org_id: i64,
    pub must_change_password: bool,
}

/// Builds the whole dataset in memory; pure and deterministic (tests compare two runs).
pub fn build_dataset(plan: &DemoPlan) -> Dataset {
    let tree = county::build(Rng::new(0x5EED_0001));
    let mut orgs = tree.orgs;
    let counts = member_counts(&orgs, plan.members as i64, tree.demo_village_branch);
    // Terms the reminders speak of on first start: the demo village branch's ends within the
    // lead time, a neighbouring branch's ran out last month (换届提醒, overdue to its committee).
    let neighbour = neighbour_of(&orgs, &counts, tree.demo_village_branch);
    for (org_id, days) in [(Some(tree.demo_village_branch), 45), (neighbour, -20)] {
        if let Some(org) = org_id.and_then(|id| orgs.iter_mut().find(|o| o.id == id)) {
            set_term_ending(org, plan.today, days);
        }
    }

    let mut people = PeopleGen::new(Rng::new(0x5EED_0002));
    let mut members = Vec::with_capacity(plan.members as usize);
    let mut first_of_org = std::collections::HashMap::new();
    for (org, &count) in orgs.iter().zip(&counts) {
        for _ in 0..count {
            let id = members.len() as i64 + 1;
            first_of_org.entry(org.id).or_insert(id);
            members.push(people.member(id, org));
        }
    }

    // The demo logins take over chosen members' files: first and second of their branch, so
    // the branch secretaries are also the branches' first-listed secretaries below.
    let nth = |org: i64, n: i64| first_of_org[&org] + n;
    let town_organ_branch = tree.first_town_committee + 1;
    // A neighbouring village's secretary (the demo branch's sixth member when a tiny seed has
    // no other village with members under the committee).
    let parent_of_village = orgs
        .iter()
        .find(|o| o.id == tree.demo_village_branch)
        .map(|v| v.parent_id);
    let next_door = orgs
        .iter()
        .zip(&counts)
        .find(|(o, &n)| {
            o.is_village
                && o.kind == "branch"
                && n > 0
                && o.id != tree.demo_village_branch
                && Some(o.parent_id) == parent_of_village
        })
        .map_or(
            (nth(tree.demo_village_branch, 5), tree.demo_village_branch),
            |(o, _)| (nth(o.id, 0), o.id),
        );
    let holders: [(i64, i64); 11] = [
        (nth(tree.org_dept_branch, 0), tree.county_id),
        (nth(town_organ_branch, 0), tree.first_town_committee),
        (nth(tree.demo_village_branch, 0), tree.demo_village_branch),
        (nth(tree.demo_village_branch, 1), tree.demo_village_branch),
        (
            nth(tree.dongguan_third_branch, 1),
            tree.dongguan_third_branch,
        ),
        (nth(tree.org_dept_branch, 1), tree.county_id),
        (
            nth(tree.dongguan_third_branch, 0),
            tree.dongguan_third_branch,
        ),
        (nth(tree.demo_village_branch, 2), tree.demo_village_branch),
        (nth(tree.demo_village_branch, 3), tree.demo_village_branch),
        (nth(tree.demo_village_branch, 4), tree.demo_village_branch),
        next_door,
    ];
    let mut accounts = Vec::with_capacity(members.len());
    for ((mobile, role, _), (member_id, scope)) in DEMO_ACCOUNTS.iter().zip(holders) {
        let m = &mut members[(member_id - 1) as usize];
        m.mobile = (*mobile).to_string();
        accounts.push(AccountRow {
            id: accounts.len() as i64 + 1,
            member_id,
            mobile: m.mobile.clone(),
            display_name: m.name.clone(),
            role,
            scope_org_id: scope,
            must_change_password: false,
        });
    }
    // Every other member has an account too, created "by import": they must change the
    // one-time password at first login.
    let demo_holders: std::collections::HashSet<i64> = holders.iter().map(|h| h.0).collect();
    for m in &members {
        if !demo_holders.contains(&m.id) {
            accounts.push(AccountRow {
                id: accounts.len() as i64 + 1,
                member_id: m.id,
                mobile: m.mobile.clone(),
                display_name: m.name.clone(),
                role: "member",
                scope_org_id: m.org_id,
                must_change_password: true,
            });
        }
    }

    // The flowing committee above the Dongguan branch is run by a member of that branch.
    let flowing_committee = orgs
        .iter()
        .find(|o| o.id == tree.dongguan_third_branch)
        .and_then(|o| o.parent_id)
        .unwrap_or(tree.county_id);
    let flowing_chief = nth(tree.dongguan_third_branch, 2);
    let chief_account = accounts
        .iter_mut()
        .find(|a| a.member_id == flowing_chief)
        .expect("every member has an account");
    chief_account.role = "committee_admin";
    chief_account.scope_org_id = flowing_committee;
    let flowing_committee_account = chief_account.id;
    // People who have used the platform for a while (the demo's life acts as them) changed
    // their one-time password long ago: the chief and two village members with no demo login.
    let settled = [
        flowing_chief,
        nth(tree.demo_village_branch, 7),
        nth(tree.demo_village_branch, 8),
    ];
    for a in accounts
        .iter_mut()
        .filter(|a| settled.contains(&a.member_id))
    {
        a.must_change_password = false;
    }

    // Two probationers in the demo village branch: one whose probation ended ten days ago (the
    // branch may propose the conversion), one whose ends within the reminder's lead time.
    for (n, shift) in [(5, -10), (6, 20)] {
        let m = &mut members[(nth(tree.demo_village_branch, n) - 1) as usize];
        let joined = plan
            .today
            .add_months(-12)
            .and_then(|d| d.add_days(shift))
            .unwrap_or(plan.today);
        m.joined_on = joined.to_string();
        m.status = "probationary";
        m.full_on = None;
    }

    let mut leadership = Vec::new();
    for (org, &count) in orgs.iter().zip(&counts) {
        if count == 0 {
            continue;
        }
        let since = org
            .term_start
            .clone()
            .unwrap_or_else(|| format!("{}-01-01", county::SEED_YEAR - 1));
        let first = first_of_org[&org.id];
        // ≥ 7 full members elect a branch committee; fewer have a secretary only.
        let positions: &[&'static str] = if count >= 7 {
            &["书记", "副书记", "组织委员", "宣传委员", "纪检委员"]
        } else {
            &["书记"]
        };
        for (i, position) in positions.iter().enumerate() {
            // The neighbour's 宣传委员 left and nobody has been elected yet: a vacancy.
            if Some(org.id) == neighbour && *position == "宣传委员" {
                continue;
            }
            leadership.push(LeadershipRow {
                org_id: org.id,
                member_id: first + i as i64,
                position,
                since: since.clone(),
            });
        }
    }
    let points = points::history(&members, plan.today, Rng::new(0x5EED_0003));
    Dataset {
        orgs,
        members,
        accounts,
        leadership,
        points,
        flowing_committee_account,
        dongguan_third_branch: tree.dongguan_third_branch,
    }
}

/// A branch beside `branch` under the same parent that holds members, if any.
fn neighbour_of(orgs: &[OrgRow], counts: &[i64], branch: i64) -> Option<i64> {
    let parent = orgs.iter().find(|o| o.id == branch)?.parent_id;
    orgs.iter()
        .zip(counts)
        .find(|(o, &n)| o.parent_id == parent && o.id != branch && o.kind == "branch" && n >= 7)
        .map(|(o, _)| o.id)
}

/// Dates the organization's last election so that its term ends `days` after `today` (before
/// it, when negative).
fn set_term_ending(org: &mut OrgRow, today: domain::Date, days: i64) {
    let years = domain::OrgKind::parse(org.kind)
        .ok()
        .and_then(|k| k.term_years(org.is_village));
    let dates = years.and_then(|y| {
        let end = today.add_days(days).ok()?;
        Some((end.add_years(-i32::from(y)).ok()?, end))
    });
    if let Some((start, end)) = dates {
        org.term_start = Some(start.to_string());
        org.term_end = Some(end.to_string());
    }
}

/// Spreads `total` members over the branches in proportion to their weights, at least 3 each
/// (a branch needs three full members), summing to exactly `total`.
/// `demo_branch` gets at least nine: the five its demo logins hold, the demo's two
/// probationers, and two full members with no seat or login.
fn member_counts(orgs: &[OrgRow], total: i64, demo_branch: i64) -> Vec<i64> {
    let weight_sum: i64 = orgs.iter().map(|o| o.weight).sum();
    let mut counts: Vec<i64> = orgs
        .iter()
        .map(|o| {
            if o.weight == 0 {
                0
            } else {
                (o.weight * total / weight_sum).max(if o.id == demo_branch { 9 } else { 3 })
            }
        })
        .collect();
    let mut diff = total - counts.iter().sum::<i64>();
    let holders: Vec<usize> = (0..orgs.len()).filter(|&i| orgs[i].weight > 0).collect();
    let mut i = 0;
    // Fewer members than three per branch cannot be spread: stop at the minimum instead of
    // circling forever (the county then simply has more members than asked for).
    let floor = 3 * holders.len() as i64;
    if total < floor {
        return counts;
    }
    while diff != 0 {
        let idx = holders[i % holders.len()];
        if diff > 0 {
            counts[idx] += 1;
            diff -= 1;
        } else if counts[idx] > if orgs[idx].id == demo_branch { 9 } else { 3 } {
            counts[idx] -= 1;
            diff += 1;
        }
        i += 1;
    }
    counts
}

pub async fn seed_demo(
    db: &Db,
    files: &crate::files::SharedFileStore,
    plan: &DemoPlan,
) -> anyhow::Result<SeedReport> {
    if let Some(since) = db.meta(SEEDED_KEY).await? {
        return Ok(SeedReport::AlreadySeeded { since });
    }
    let started = Instant::now();
    let data = build_dataset(plan);
    // One hash for the shared demo password: argon2 is deliberately slow, and 20,138 separate
    // hashes would take minutes. Production imports hash each one-time password separately.
    let hash = tokio::task::spawn_blocking(|| password::hash(DEMO_PASSWORD)).await?;
    write::write_all(db, &data, &hash).await?;
    let cast = life::Cast {
        county: DEMO_ACCOUNTS[0].0,
        committee: DEMO_ACCOUNTS[1].0,
        village_secretary: DEMO_ACCOUNTS[2].0,
        flowing_secretary: DEMO_ACCOUNTS[6].0,
        flowing_committee_account: data.flowing_committee_account,
    };
    life::history(db, plan.today, &cast).await?;
    {
        let scope = |mobile: &'static str| async move {
            let v: (i64, i64) = crate::with_pool!(db, pool => {
                sqlx::query_as("SELECT id, scope_org_id FROM accounts WHERE mobile = $1")
                    .bind(mobile)
                    .fetch_one(pool)
                    .await?
            });
            Ok::<_, anyhow::Error>(v)
        };
        let (county, _) = scope(DEMO_ACCOUNTS[0].0).await?;
        let (_, town) = scope(DEMO_ACCOUNTS[1].0).await?;
        let (_, village) = scope(DEMO_ACCOUNTS[2].0).await?;
        let (_, next_door) = scope(DEMO_ACCOUNTS[10].0).await?;
        records::kept_meetings(db, plan.today, county, town, &[village, next_door]).await?;
    }
    // The imported rows enter the record trail as sealed ranges, so `audit verify` covers them.
    crate::trail::seal_import(db, "seed.import").await?;
    crate::rankings::rebuild_totals(db).await?;
    study::publish_demo(db, DEMO_ACCOUNTS[0].0, plan.today).await?;
    let mobiles: Vec<&str> = DEMO_ACCOUNTS.iter().map(|a| a.0).collect();
    dues::seed(
        db,
        &dues::DuesPlan {
            today: plan.today,
            demo_mobiles: &mobiles,
            importer_mobile: DEMO_ACCOUNTS[0].0,
            online_branch: data.dongguan_third_branch,
        },
    )
    .await?;
    assistance::seed(db, plan.today, DEMO_ACCOUNTS[1].0).await?;
    life::seed(db, files, plan.today, &cast).await?;
    db.set_meta(SEEDED_KEY, &format!("{} members", data.members.len()))
        .await?;
    Ok(SeedReport::Seeded {
        organizations: data.orgs.len(),
        members: data.members.len(),
        accounts: data.accounts.len(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_county_has_the_reference_sizes() {
        let data = build_dataset(&DemoPlan::new(None));
        assert_eq!(data.orgs.len(), 852);
        assert_eq!(data.members.len(), 20_138);
        let flowing_committees = data
            .orgs
            .iter()
            .filter(|o| o.kind == "flowing_committee")
            .count();
        let flowing_branches = data
            .orgs
            .iter()
            .filter(|o| o.kind == "flowing_branch")
            .count();
        assert_eq!((flowing_committees, flowing_branches), (2, 14));
        let third = data
            .orgs
            .iter()
            .find(|o| o.name == "新田驻东莞第三流动党支部")
            .unwrap();
        let in_third = data.members.iter().filter(|m| m.org_id == third.id).count();
        assert!(
            in_third >= 30,
            "新田驻东莞第三流动党支部 has 30+ members, got {in_third}"
        );
        for org in &data.orgs {
            let n = data.members.iter().filter(|m| m.org_id == org.id).count();
            assert!(n == 0 || n >= 3, "{} has {n} members", org.name);
            assert!(
                org.kind.ends_with("branch") || n == 0,
                "{} ({}) holds members",
                org.name,
                org.kind
            );
        }
    }

    #[test]
    fn the_demo_gives_the_reminders_something_to_say() {
        let today = domain::Date::new(2026, 12, 6).unwrap();
        for members in [2_000, DEMO_MEMBERS] {
            let plan = DemoPlan { members, today };
            let data = build_dataset(&plan);
            let tree = county::build(Rng::new(0x5EED_0001));
            let ends = |id: i64| {
                let org = data.orgs.iter().find(|o| o.id == id).unwrap();
                domain::Date::parse(org.term_end.as_deref().unwrap()).unwrap()
            };
            // A term ending within the 90 days' lead, and one overdue.
            let due = ends(tree.demo_village_branch);
            assert_eq!(today.days_between(due), 45);
            let counts = member_counts(&data.orgs, i64::from(members), tree.demo_village_branch);
            let neighbour = neighbour_of(&data.orgs, &counts, tree.demo_village_branch).unwrap();
            assert_eq!(today.days_between(ends(neighbour)), -20);
            // Its team has a vacant seat; the demo branch's is full.
            let seats = |org: i64| {
                data.leadership
                    .iter()
                    .filter(|l| l.org_id == org)
                    .map(|l| l.position)
                    .collect::<Vec<_>>()
            };
            assert!(!seats(neighbour).contains(&"宣传委员"));
            assert_eq!(seats(neighbour).len(), 4);
            assert_eq!(seats(tree.demo_village_branch).len(), 5);
            // Two probationers: one past the end of the probation, one close to it.
            let probation_ends: Vec<i64> = data
                .members
                .iter()
                .filter(|m| m.org_id == tree.demo_village_branch && m.status == "probationary")
                .map(|m| {
                    let joined = domain::Date::parse(&m.joined_on).unwrap();
                    today.days_between(joined.add_months(12).unwrap())
                })
                .collect();
            assert!(probation_ends.contains(&-10), "{probation_ends:?}");
            assert!(probation_ends.contains(&20), "{probation_ends:?}");
        }
    }

    #[test]
    fn seeding_is_deterministic() {
        let plan = DemoPlan::new(Some(2_000));
        let (a, b) = (build_dataset(&plan), build_dataset(&plan));
        assert_eq!(a.members.len(), 2_000);
        assert!(a.points.len() > 2_000, "a month of study history");
        assert!(a
            .points
            .iter()
            .zip(&b.points)
            .all(|(x, y)| x.member_id == y.member_id && x.entry == y.entry));
        for (x, y) in a.members.iter().zip(&b.members) {
            assert_eq!(
                (&x.name, &x.id_number, &x.mobile),
                (&y.name, &y.id_number, &y.mobile)
            );
        }
    }

    #[test]
    fn demo_logins_sit_where_the_readme_says() {
        let data = build_dataset(&DemoPlan::new(None));
        let account = |mobile: &str| data.accounts.iter().find(|a| a.mobile == mobile).unwrap();
        let org_name = |id: i64| data.orgs.iter().find(|o| o.id == id).unwrap().name.clone();
        let member_org = |a: &AccountRow| data.members[(a.member_id - 1) as usize].org_id;
        assert_eq!(account("13800000000").role, "county_admin");
        assert_eq!(account("13800000000").scope_org_id, 1);
        assert!(org_name(account("13800000001").scope_org_id).ends_with("委员会"));
        let secretary = account("13800000002");
        assert_eq!(member_org(secretary), member_org(account("13800000003")));
        assert!(org_name(member_org(secretary)).ends_with("村党支部"));
        assert_eq!(
            org_name(member_org(account("13800000004"))),
            "新田驻东莞第三流动党支部"
        );
        assert_eq!(
            org_name(account("13800000006").scope_org_id),
            "新田驻东莞第三流动党支部"
        );
        assert_eq!(account("13800000005").role, "auditor");
        // The flowing committee above the Dongguan branch has its administrator (no demo login),
        // who reviews the branch's meetings first.
        let chief = &data.accounts[(data.flowing_committee_account - 1) as usize];
        assert_eq!(chief.id, data.flowing_committee_account);
        assert_eq!(chief.role, "committee_admin");
        let flowing_parent = data
            .orgs
            .iter()
            .find(|o| o.id == data.dongguan_third_branch)
            .and_then(|o| o.parent_id);
        assert_eq!(Some(chief.scope_org_id), flowing_parent);
        assert_eq!(member_org(chief), data.dongguan_third_branch);
        assert!(data
            .leadership
            .iter()
            .any(|l| l.member_id == secretary.member_id && l.position == "书记"));
        assert!(data
            .accounts
            .iter()
            .filter(|a| a.mobile.starts_with("1380000000"))
            .all(|a| !a.must_change_password));
    }
}
