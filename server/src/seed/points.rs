//! A month of study history before the seed date, booked through `domain::points::award` so
//! caps hold exactly as they will for live actions.

use domain::{
    points::{award, Activity, LedgerEntry, RuleTable},
    Date,
};

use super::people::MemberRow;
use super::rng::Rng;

pub struct PointsRow {
    pub member_id: i64,
    pub entry: LedgerEntry,
}

pub const HISTORY_DAYS: i64 = 30;

pub fn history(members: &[MemberRow], seed_day: Date, mut rng: Rng) -> Vec<PointsRow> {
    let rules = RuleTable::default_county();
    let mut rows = Vec::new();
    for m in members {
        // Some members study most days, some rarely: rankings need a spread.
        let diligence = rng.range(0, 60) as u64;
        let mut ledger: Vec<LedgerEntry> = Vec::new();
        for back in (1..=HISTORY_DAYS).rev() {
            let day = seed_day.add_days(-back).expect("seed dates are valid");
            if !rng.chance(diligence) {
                continue;
            }
            for _ in 0..rng.range(1, 4) {
                let action = match rng.range(0, 3) {
                    0 => Activity::ArticleRead,
                    1 => Activity::VideoWatched,
                    _ => Activity::QuizCompleted {
                        score_percent: if rng.chance(60) { 100 } else { 80 },
                    },
                };
                let entry =
                    award(&rules, &ledger, &action, day).expect("the default table is valid");
                if entry.points != 0 {
                    ledger.push(entry);
                    rows.push(PointsRow {
                        member_id: m.id,
                        entry,
                    });
                }
            }
        }
    }
    rows
}
