//! Per-deployment settings the county sets in the app, kept in `app_meta` as JSON. Changes go
//! through the record trail like any other write.

pub(crate) mod history;

pub use history::history;

use crate::error::{ServiceError, ServiceResult};
use domain::{
    deadlines::DeadlineSettings,
    dues::{DuesRules, Rounding},
    orglife::{OrgLifeRules, RulesHistory},
    points::{RuleHistory, RuleTable},
    ranking::{ListPolicy, VisibilityPolicy},
    Date, ErrorCode, Role,
};
use serde::{de::DeserializeOwned, Serialize};

use crate::{
    access::Actor,
    storage::Db,
    trail::{Change, TrailTx},
    with_pool,
};

const VISIBILITY_KEY: &str = "visibility_policy";
const ORGLIFE_KEY: &str = "orglife_rules";
pub const POINT_RULES_KEY: &str = "point_rules";
const LIST_POLICY_KEY: &str = "list_policy";
const DEADLINES_KEY: &str = "deadlines";
const DUES_RULES_KEY: &str = "dues_rules";
const SCORE_WEIGHTS_KEY: &str = "score_weights";

/// The county's policy, or the conservative default until it sets one.
pub async fn visibility(db: &Db) -> ServiceResult<VisibilityPolicy> {
    read(db, VISIBILITY_KEY).await
}

pub async fn set_visibility(
    db: &Db,
    actor: &Actor,
    policy: &VisibilityPolicy,
) -> ServiceResult<()> {
    write(
        db,
        actor,
        VISIBILITY_KEY,
        "settings.visibility",
        |_: VisibilityPolicy| Ok(Some(*policy)),
    )
    .await
}

/// The meetings each branch must hold and how often, over time: the regulation's until the
/// county sets its own (docs/rules.md#changing-the-requirements).
pub async fn orglife_rules(db: &Db) -> ServiceResult<RulesHistory> {
    read(db, ORGLIFE_KEY).await
}

/// New rules, in force from `today` on (earlier months, quarters and years keep theirs).
pub async fn set_orglife_rules(
    db: &Db,
    actor: &Actor,
    rules: &OrgLifeRules,
    today: Date,
) -> ServiceResult<()> {
    write(
        db,
        actor,
        ORGLIFE_KEY,
        "settings.orglife",
        |mut history: RulesHistory| {
            // Saved unchanged: nothing starts anew.
            if history.at(today).1 == *rules {
                return Ok(None);
            }
            history.change(today, rules.clone());
            Ok(Some(history))
        },
    )
    .await
}

/// The county's points rule tables over time (docs/rules.md#points).
pub async fn point_rules(db: &Db) -> ServiceResult<RuleHistory> {
    read(db, POINT_RULES_KEY).await
}

/// A new points rule table in force from `from` (today or later).
pub async fn set_point_rules(
    db: &Db,
    actor: &Actor,
    table: RuleTable,
    from: Date,
    today: Date,
) -> ServiceResult<()> {
    write(
        db,
        actor,
        POINT_RULES_KEY,
        "settings.point_rules",
        |mut history: RuleHistory| Ok(history.change(from, today, table)?.then_some(history)),
    )
    .await
}

/// How members are put on the four lists: the county's choice, else the percentile default.
pub async fn list_policy(db: &Db) -> ServiceResult<ListPolicy> {
    read(db, LIST_POLICY_KEY).await
}

pub async fn set_list_policy(db: &Db, actor: &Actor, policy: ListPolicy) -> ServiceResult<()> {
    policy.validate()?;
    write(
        db,
        actor,
        LIST_POLICY_KEY,
        "settings.list_policy",
        |before: ListPolicy| Ok((before != policy).then_some(policy)),
    )
    .await
}

/// The weights of the composite score's four parts (docs/rules.md#branch-and-committee-scores):
/// the county's, else the defaults.
pub async fn score_weights(db: &Db) -> ServiceResult<domain::points::ScoreWeights> {
    read(db, SCORE_WEIGHTS_KEY).await
}

pub async fn set_score_weights(
    db: &Db,
    actor: &Actor,
    weights: domain::points::ScoreWeights,
) -> ServiceResult<()> {
    weights.validate()?;
    write(
        db,
        actor,
        SCORE_WEIGHTS_KEY,
        "settings.score_weights",
        |before: domain::points::ScoreWeights| Ok((before != weights).then_some(weights)),
    )
    .await
}

/// How long before a deadline its reminder goes out: the county's, else the defaults of
/// docs/rules.md#reminder-lead-times.
pub async fn deadlines(db: &Db) -> ServiceResult<DeadlineSettings> {
    read(db, DEADLINES_KEY).await
}

pub async fn set_deadlines(db: &Db, actor: &Actor, lead: DeadlineSettings) -> ServiceResult<()> {
    if may_configure(actor) {
        lead.validate()
            .map_err(|(field, code)| ServiceError::field(field, code))?;
    }
    write(db, actor, DEADLINES_KEY, "settings.deadlines", |before| {
        Ok((before != lead).then_some(lead))
    })
    .await
}

/// The county's dues rules (docs/rules.md#dues-local-choices), the national defaults until it
/// sets its own.
pub async fn dues_rules(db: &Db) -> ServiceResult<DuesRules> {
    read(db, DUES_RULES_KEY).await
}

/// How percentage dues are rounded from now on; the rest of the dues rules stay as they are.
pub async fn set_dues_rounding(db: &Db, actor: &Actor, rounding: Rounding) -> ServiceResult<()> {
    write(
        db,
        actor,
        DUES_RULES_KEY,
        "settings.dues",
        |before: DuesRules| {
            Ok((before.rounding != rounding).then_some(DuesRules { rounding, ..before }))
        },
    )
    .await
}

/// County-wide settings: the county organization department only (not auditors).
pub fn may_configure(actor: &Actor) -> bool {
    actor.role == Role::CountyAdmin
}

async fn read<T: DeserializeOwned + Default>(db: &Db, key: &str) -> ServiceResult<T> {
    Ok(decode(key, db.meta(key).await?))
}

/// A stored setting, or the default when none is stored. A value an older version wrote in
/// another shape falls back to the default, loudly.
pub fn decode<T: DeserializeOwned + Default>(key: &str, stored: Option<String>) -> T {
    stored
        .and_then(|json| {
            serde_json::from_str(&json)
                .map_err(|e| tracing::error!(key, error = %e, "unreadable setting"))
                .ok()
        })
        .unwrap_or_default()
}

/// Replaces a setting with `update` of its current value (read under the write lock, so two
/// changes at once both count); `None` from `update` leaves it as it is, with no trail event,
/// and an error from it writes nothing.
async fn write<T: Serialize + DeserializeOwned + Default>(
    db: &Db,
    actor: &Actor,
    key: &'static str,
    action: &'static str,
    update: impl FnOnce(T) -> Result<Option<T>, ErrorCode>,
) -> ServiceResult<()> {
    if !may_configure(actor) {
        tracing::info!(
            account_id = %actor.account_id,
            role = actor.role.code(),
            key,
            "settings change denied"
        );
        return Err(ErrorCode::Forbidden.into());
    }
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let before: Option<String> = sqlx::query_scalar("SELECT value FROM app_meta WHERE key = $1")
            .bind(key)
            .fetch_optional(&mut *tx)
            .await
            ?;
        let current = match before.as_deref().map(serde_json::from_str::<T>) {
            Some(Ok(value)) => value,
            Some(Err(e)) => {
                tracing::error!(key, error = %e, "unreadable setting replaced");
                T::default()
            }
            None => T::default(),
        };
        let Some(after) = update(current)? else {
            return Ok(());
        };
        let after = serde_json::to_string(&after)?;
        sqlx::query(
            "INSERT INTO app_meta (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(&after)
        .execute(&mut *tx)
        .await
        ?;
        tx.append(Change {
            actor: Some(actor.account_id),
            action,
            entity: "settings",
            entity_id: Some(key.to_string()),
            before,
            after: Some(after),
        })
        .await
        ?;
        tx.commit().await?;
    });
    tracing::info!(account_id = %actor.account_id, key, "setting changed");
    Ok(())
}
