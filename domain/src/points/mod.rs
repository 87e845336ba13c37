//! Points (积分). No national standard exists, so every number is county
//! configuration in a versioned [`RuleTable`] (docs/rules.md#points).
//!
//! Online time, logins and clicks are never scored: central rules against
//! "fingertip formalism" forbid using apps as a daily assessment tool and
//! ranking people by check-ins or online time. [`ActivityKey`] has no such
//! variant, and a rule table naming one fails to load with
//! [`ErrorCode::ForbiddenActivity`](crate::ErrorCode::ForbiddenActivity).

mod activity;
mod describe;
mod engine;
mod history;
mod rule_table;
mod score;

pub use activity::{Activity, ActivityKey};
pub use describe::{describe_rule, describe_table};
pub use engine::{award, preview, LedgerEntry, Preview};
pub use history::{RuleChange, RuleHistory};
pub use rule_table::{PointRule, RuleTable};
pub use score::{
    average_of_total, average_points, branch_score, committee_score, composite, BranchInputs,
    Composite, ScoreWeights,
};
