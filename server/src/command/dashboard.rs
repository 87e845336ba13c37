//! `/command`: the figures of the reader's subtree as tiles and charts, each linked to the
//! archive, board or page it summarises (docs/rules.md#the-command-platform).

use app::command::{Chart, CommandView, Tile};
use domain::{
    command::{FlagState, AGE_BANDS},
    Date, Permille,
};

use super::{
    figures::{Figures, PerChild},
    svg::{bars, Bar},
    CommandCache,
};
use crate::{access::Actor, dues::yuan, error::ServiceResult, storage::Db};

/// A share in per mille (0 when there is nothing to share).
fn share(part: i64, whole: i64) -> Permille {
    Permille::ratio(part.max(0) as u64, whole.max(0) as u64).unwrap_or(Permille::ZERO)
}

pub async fn view(
    db: &Db,
    cache: &CommandCache,
    actor: &Actor,
    today: Date,
) -> ServiceResult<CommandView> {
    let scope = super::viewed_scope(db, actor).await?;
    let f = cache.figures(db, &scope.path, today).await?;
    Ok(CommandView {
        scope_name: scope.name,
        as_of: crate::clock::china_minute_of(&crate::clock::now_rfc3339()),
        tiles: tiles(&f),
        charts: charts(&f),
    })
}

fn tile(id: &str, label: &str, value: i64, shown: String, note: String, href: &str) -> Tile {
    Tile {
        id: id.into(),
        label: label.into(),
        value,
        shown,
        note,
        href: href.into(),
    }
}

fn tiles(f: &Figures) -> Vec<Tile> {
    let flags = |s: FlagState| {
        FlagState::ALL
            .iter()
            .position(|x| *x == s)
            .and_then(|i| f.flags.get(i).copied())
            .unwrap_or(0)
    };
    let completion = share(f.tasks_accepted, f.tasks_year);
    vec![
        tile(
            "members",
            "党员",
            f.members,
            f.members.to_string(),
            format!("预备党员 {} · 流动党员 {}", f.probationary, f.flowing),
            "/org",
        ),
        tile(
            "orgs",
            "组织",
            f.orgs_by_kind.iter().map(|(_, n)| n).sum(),
            f.orgs_by_kind
                .iter()
                .map(|(_, n)| n)
                .sum::<i64>()
                .to_string(),
            format!(
                "缺书记 {} · 换届逾期 {}",
                f.without_secretary, f.term_overdue
            ),
            "/org",
        ),
        tile(
            "orglife",
            "组织生活（本年）",
            f.approved,
            format!("{} / {}", f.approved, f.required),
            format!("应开 {} 次，已审核通过 {} 次", f.required, f.approved),
            "/compliance",
        ),
        tile(
            "flags",
            "支部红旗",
            flags(FlagState::OnTrack),
            format!(
                "{} / {}",
                flags(FlagState::OnTrack),
                f.flags.iter().sum::<i64>()
            ),
            format!(
                "组织生活滞后 {} · 任务逾期 {}",
                flags(FlagState::Behind),
                flags(FlagState::TaskOverdue)
            ),
            "/command/map",
        ),
        tile(
            "dues-month",
            "党费（本月）",
            f.month_collected,
            format!("¥{}", yuan(f.month_collected)),
            format!("{} 应缴 ¥{}", f.month, yuan(f.month_expected)),
            "/archive?section=dues",
        ),
        tile(
            "dues-year",
            "党费（本年）",
            f.year_collected,
            format!("¥{}", yuan(f.year_collected)),
            format!("应缴 ¥{}", yuan(f.year_expected)),
            "/dues/ledger",
        ),
        tile(
            "arrears",
            "欠缴党费",
            f.arrears_fen,
            format!("¥{}", yuan(f.arrears_fen)),
            format!("{} 人", f.arrears_members),
            "/archive?section=dues&state=unpaid",
        ),
        tile(
            "study",
            "本周学习",
            f.active_week,
            format!("{} 人", f.active_week),
            format!(
                "自 {} 起，占党员 {}",
                f.week_start,
                share(f.active_week, f.members).to_percent_string()
            ),
            "/rankings",
        ),
        tile(
            "tasks-open",
            "进行中任务",
            f.tasks_open,
            f.tasks_open.to_string(),
            "未验收的任务（含党员个人任务）".into(),
            "/tasks",
        ),
        tile(
            "tasks-overdue",
            "逾期任务",
            f.tasks_overdue,
            f.tasks_overdue.to_string(),
            "过截止日期未上报".into(),
            "/tasks",
        ),
        tile(
            "tasks-done",
            "任务完成率（本年）",
            i64::from(completion.get()),
            completion.to_percent_string(),
            format!("已验收 {} / {}", f.tasks_accepted, f.tasks_year),
            "/tasks",
        ),
        tile(
            "visits",
            "驻村帮扶（本月）",
            f.visits_month,
            format!("{} 次", f.visits_month),
            format!("自 {} 起的走访", f.month_start),
            "/archive?section=assistance",
        ),
    ]
}

/// One bar per child, from `value` (and `of` for shares).
fn per_child(
    f: &Figures,
    value: &PerChild,
    of: Option<&PerChild>,
    shown: impl Fn(i64, Option<i64>) -> String,
    href: impl Fn(i64) -> String,
) -> Vec<Bar> {
    f.children
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let v = value.get(i).copied().unwrap_or(0);
            let whole = of.map(|o| o.get(i).copied().unwrap_or(0));
            Bar {
                label: c.name.clone(),
                value: v,
                of: whole,
                shown: shown(v, whole),
                href: href(c.id.get()),
            }
        })
        .collect()
}

fn charts(f: &Figures) -> Vec<Chart> {
    let chart = |id: &str, title: &str, rows: Vec<Bar>| Chart {
        id: id.into(),
        title: title.into(),
        svg: bars(&format!("chart-{id}"), title, &rows),
    };
    let pct = |v: i64, of: Option<i64>| share(v, of.unwrap_or(0)).to_percent_string();
    vec![
        chart(
            "orglife",
            "组织生活：审核通过 / 应开（本年）",
            per_child(
                f,
                &f.approved_by_child,
                Some(&f.required_by_child),
                |v, of| format!("{v}/{}", of.unwrap_or(0)),
                |id| format!("/archive?section=three_meetings&org={id}&state=approved"),
            ),
        ),
        chart(
            "dues",
            &format!("党费：{} 已缴 / 应缴", f.month),
            per_child(
                f,
                &f.dues_collected_by_child,
                Some(&f.dues_expected_by_child),
                pct,
                |id| format!("/archive?section=dues&org={id}&state=unpaid"),
            ),
        ),
        chart(
            "study",
            "本周学习的党员 / 党员",
            per_child(
                f,
                &f.active_by_child,
                Some(&f.members_by_child),
                |v, of| format!("{v}/{}", of.unwrap_or(0)),
                |id| format!("/archive?section=points&org={id}&from={}", f.week_start),
            ),
        ),
        chart(
            "tasks",
            "逾期任务",
            per_child(
                f,
                &f.overdue_by_child,
                None,
                |v, _| v.to_string(),
                |_| "/tasks".into(),
            ),
        ),
        chart(
            "visits",
            "驻村帮扶走访（本月）",
            per_child(
                f,
                &f.visits_by_child,
                None,
                |v, _| format!("{v} 次"),
                |id| {
                    format!(
                        "/archive?section=assistance&org={id}&from={}",
                        f.month_start
                    )
                },
            ),
        ),
        chart(
            "members",
            "党员（按下级组织）",
            per_child(
                f,
                &f.members_by_child,
                None,
                |v, _| v.to_string(),
                |_| "/rankings".into(),
            ),
        ),
        chart(
            "ages",
            "党员年龄",
            AGE_BANDS
                .iter()
                .zip(&f.by_age)
                .map(|((_, label), n)| Bar {
                    label: (*label).into(),
                    value: *n,
                    of: Some(f.members),
                    shown: n.to_string(),
                    href: "/rankings".into(),
                })
                .collect(),
        ),
        chart(
            "categories",
            "党员类别",
            f.by_category
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|(c, n)| Bar {
                    label: c.label_zh().into(),
                    value: *n,
                    of: Some(f.members),
                    shown: n.to_string(),
                    href: "/dues/ledger".into(),
                })
                .collect(),
        ),
        chart(
            "kinds",
            "组织类别",
            f.orgs_by_kind
                .iter()
                .map(|(k, n)| Bar {
                    label: k.label_zh().into(),
                    value: *n,
                    of: None,
                    shown: n.to_string(),
                    href: "/org".into(),
                })
                .collect(),
        ),
    ]
}
