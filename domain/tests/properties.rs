//! Property tests for the invariants the UI and ledger rely on.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use domain::dues::{bracket_table, quote, DuesCategory, DuesRules, Rounding};
use domain::ids::{make_check_digit, Mobile, ResidentId};
use domain::orglife::MeetingKind;
use domain::points::{award, preview, Activity, ActivityKey, LedgerEntry, RuleTable};
use domain::ranking::rank;
use domain::{Date, Fen};
use proptest::prelude::*;
use std::collections::HashMap;

fn category() -> impl Strategy<Value = DuesCategory> {
    prop::sample::select(DuesCategory::ALL.to_vec())
}

fn rules() -> impl Strategy<Value = DuesRules> {
    (prop::bool::ANY, 20i64..=100).prop_map(|(up, farmer)| DuesRules {
        rounding: if up {
            Rounding::UpToYuan
        } else {
            Rounding::HalfUpToFen
        },
        farmer_monthly_fen: farmer,
        ..DuesRules::default()
    })
}

/// Bases concentrated around the bracket edges, plus the odd huge one.
fn base() -> impl Strategy<Value = i64> {
    prop_oneof![
        0i64..=2_000_000,
        prop::sample::select(vec![300_000i64, 500_000, 1_000_000])
            .prop_flat_map(|e| (e - 3)..=(e + 3)),
        0i64..=Fen::MAX.as_i64(),
    ]
}

proptest! {
    #[test]
    fn dues_never_negative_and_never_above_cap(c in category(), b in base(), r in rules()) {
        let q = quote(c, Fen::new(b).unwrap(), &r).unwrap();
        prop_assert!(q.amount_fen.as_i64() >= 0);
        prop_assert!(q.amount_fen.as_i64() <= r.monthly_cap_fen);
        prop_assert_eq!(q.capped, q.uncapped_amount_fen > q.amount_fen);
    }

    #[test]
    fn dues_monotone_within_a_bracket(c in category(), a in base(), b in base(), r in rules()) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let qa = quote(c, Fen::new(lo).unwrap(), &r).unwrap();
        let qb = quote(c, Fen::new(hi).unwrap(), &r).unwrap();
        if qa.bracket == qb.bracket {
            prop_assert!(qa.amount_fen <= qb.amount_fen);
        }
    }

    #[test]
    fn bracket_edges_partition_the_base(c in category(), b in base()) {
        if let Some(table) = bracket_table(c) {
            let hits = table
                .iter()
                .filter(|br| br.lower_exclusive_fen.is_none_or(|l| b > l)
                    && br.upper_inclusive_fen.is_none_or(|u| b <= u))
                .count();
            prop_assert_eq!(hits, 1);
        }
    }
}

fn activity() -> impl Strategy<Value = Activity> {
    let meeting = prop::sample::select(MeetingKind::ALL.to_vec());
    prop_oneof![
        Just(Activity::ArticleRead),
        Just(Activity::VideoWatched),
        (0u8..=100).prop_map(|s| Activity::QuizCompleted { score_percent: s }),
        meeting
            .clone()
            .prop_map(|m| Activity::OrgLifeAttended { meeting: m }),
        Just(Activity::SuggestionAdopted),
        Just(Activity::TaskCompleted),
        Just(Activity::DuesPaidOnTime),
        meeting.prop_map(|m| Activity::OrgLifeAbsentUnexcused { meeting: m }),
        Just(Activity::DuesArrears),
    ]
}

/// Actions over a few days spread across two years and month ends, so
/// day, month and year windows all fill up.
fn day() -> impl Strategy<Value = Date> {
    prop::sample::select(vec![
        "2025-12-31",
        "2026-01-01",
        "2026-01-01",
        "2026-01-31",
        "2026-02-01",
        "2026-02-01",
        "2026-12-31",
    ])
    .prop_map(|s| Date::parse(s).unwrap())
}

fn window_sums(
    ledger: &[LedgerEntry],
    f: impl Fn(&Date) -> String,
) -> HashMap<(ActivityKey, String), i64> {
    let mut m = HashMap::new();
    for e in ledger {
        *m.entry((e.activity_key, f(&e.date))).or_insert(0) += i64::from(e.points.unsigned_abs());
    }
    m
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn caps_never_exceeded_and_preview_equals_award(
        actions in prop::collection::vec((activity(), day()), 0..120),
        small_caps in prop::bool::ANY,
    ) {
        let mut table = RuleTable::default_county();
        if small_caps {
            // Caps smaller than one award exercise partial grants.
            for r in &mut table.rules {
                r.cap_per_month = Some(r.points.abs() * 2 + 1);
                r.cap_per_year = Some(r.points.abs() * 3 + 1);
            }
            table.daily_study_cap = Some(3);
        }
        let mut ledger: Vec<LedgerEntry> = Vec::new();
        for (a, today) in &actions {
            let p = preview(&table, &ledger, a, *today).unwrap();
            let e = award(&table, &ledger, a, *today).unwrap();
            prop_assert_eq!(e.points, p.awarded);
            prop_assert_eq!(e.activity_key, p.activity_key);
            prop_assert_eq!(e.date, *today);
            prop_assert_eq!(p.awarded.abs() + p.lost_to_cap, p.nominal.abs());
            prop_assert!(p.remaining_today.is_none_or(|r| r >= 0));
            ledger.push(e);
        }
        let by_day = window_sums(&ledger, |d| d.to_string());
        let by_month = window_sums(&ledger, |d| format!("{}-{}", d.year(), d.month()));
        let by_year = window_sums(&ledger, |d| d.year().to_string());
        for r in &table.rules {
            for (caps, sums) in [(r.cap_per_day, &by_day), (r.cap_per_month, &by_month), (r.cap_per_year, &by_year)] {
                if let Some(cap) = caps {
                    for ((k, _), total) in sums.iter() {
                        if *k == r.key {
                            prop_assert!(*total <= i64::from(cap), "{:?} {} > {}", k, total, cap);
                        }
                    }
                }
            }
        }
        if let Some(cap) = table.daily_study_cap {
            let mut study: HashMap<Date, i64> = HashMap::new();
            for e in ledger.iter().filter(|e| e.activity_key.is_study()) {
                *study.entry(e.date).or_insert(0) += i64::from(e.points);
            }
            prop_assert!(study.values().all(|t| *t <= i64::from(cap)));
        }
    }

    #[test]
    fn ranking_is_a_permutation_with_competition_ranks(
        items in prop::collection::vec((0u32..50, -5i64..5), 0..40)
    ) {
        let ranked = rank(&items);
        let mut input: Vec<(u32, i64)> = items.clone();
        let mut output: Vec<(u32, i64)> = ranked.iter().map(|r| (r.item, r.score)).collect();
        input.sort();
        output.sort();
        prop_assert_eq!(input, output);
        for (i, r) in ranked.iter().enumerate() {
            // Competition rank = 1 + number of strictly higher scores.
            let higher = items.iter().filter(|(_, s)| *s > r.score).count();
            prop_assert_eq!(r.rank as usize, higher + 1);
            if i > 0 {
                let prev = &ranked[i - 1];
                prop_assert!(prev.score > r.score || (prev.score == r.score && prev.item <= r.item));
            }
        }
    }
}

fn id_first17() -> impl Strategy<Value = String> {
    (
        110_000u32..=659_999,
        1900i32..=2025,
        1u8..=12,
        1u8..=31,
        0u32..=999,
    )
        .prop_filter_map("valid date", |(region, y, m, d, seq)| {
            Date::new(y, m, d)
                .ok()
                .map(|_| format!("{region:06}{y:04}{m:02}{d:02}{seq:03}"))
        })
}

proptest! {
    #[test]
    fn resident_id_round_trip_and_check_digit_sensitivity(first17 in id_first17(), lower in prop::bool::ANY) {
        let check = make_check_digit(&first17);
        let full = format!("{first17}{check}");
        let typed = if lower { full.to_lowercase() } else { full.clone() };
        let id = ResidentId::parse(&typed).unwrap();
        prop_assert_eq!(id.as_str(), full.as_str());
        prop_assert_eq!(ResidentId::parse(id.as_str()).unwrap(), id.clone());
        let birth = id.birth_date();
        prop_assert_eq!(format!("{:04}{:02}{:02}", birth.year(), birth.month(), birth.day()), &first17[6..14]);
        for other in "0123456789X".chars().filter(|c| *c != check) {
            let wrong = format!("{first17}{other}");
            prop_assert_eq!(ResidentId::parse(&wrong), Err(domain::ErrorCode::IdChecksumMismatch));
        }
    }

    #[test]
    fn mobile_normalization_round_trip(
        second in 3u8..=9,
        rest in 0u64..1_000_000_000,
        prefix in prop::sample::select(vec!["", "+86", "+86 ", "0086", "86-"]),
        sep in prop::sample::select(vec!["", " ", "-"]),
    ) {
        let national = format!("1{second}{rest:09}");
        let pretty = format!("{prefix}{}{sep}{}{sep}{}", &national[..3], &national[3..7], &national[7..]);
        let m = Mobile::parse(&pretty).unwrap();
        prop_assert_eq!(m.as_str(), national.as_str());
        prop_assert_eq!(Mobile::parse(m.as_str()).unwrap(), m.clone());
        let masked = m.masked();
        prop_assert_eq!(&masked[..3], &national[..3]);
        prop_assert_eq!(&masked[7..], &national[7..]);
    }

    #[test]
    fn fen_parse_format_round_trip(fen in 0i64..=Fen::MAX.as_i64()) {
        let f = Fen::new(fen).unwrap();
        prop_assert_eq!(Fen::parse_yuan(&f.to_yuan_string()).unwrap(), f);
        prop_assert_eq!(Fen::parse_yuan(&f.display_yuan()).unwrap(), f);
    }

    #[test]
    fn date_day_numbers_round_trip(n in -719_162i64..=2_932_896, delta in -100_000i64..100_000) {
        let d = Date::from_day_number(n).unwrap();
        prop_assert_eq!(d.to_day_number(), n);
        prop_assert_eq!(Date::parse(&d.to_string()).unwrap(), d);
        if let Ok(e) = d.add_days(delta) {
            prop_assert_eq!(d.days_between(e), delta);
        }
    }
}
