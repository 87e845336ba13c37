//! The record trail: the facade the app's server functions call, over the trail's reading
//! service (which checks the role).

use app::{
    backend::Caller,
    error::AppError,
    trail::{known_action, TrailApi, TrailCheck, TrailEvent, TrailFilter, TrailView},
};
use domain::{Date, ErrorCode};

use super::DbBackend;
use crate::{
    access::Actor,
    clock,
    error::ServiceError,
    members::history::{changes_of_masked, EventRow as RecordEvent},
    trail::{
        find,
        read::{self, EventQuery, EventRow},
    },
};

/// Events a page shows.
const PAGE: i64 = 50;

fn day(field: &'static str, text: &str) -> Result<Option<Date>, ServiceError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    Date::parse(text)
        .map(Some)
        .map_err(|code| ServiceError::field(field, code))
}

fn event(row: EventRow) -> TrailEvent {
    let changes = if row.action.starts_with("settings.") {
        // The settings' own reading: each rule or line that changed, not the stored JSON.
        crate::settings::history::entry(RecordEvent {
            seq: row.seq,
            at: row.at.clone(),
            action: row.action.clone(),
            display_name: None,
            before_json: row.before_json.clone(),
            after_json: row.after_json.clone(),
        })
        .changes
    } else {
        changes_of_masked(row.before_json.as_deref(), row.after_json.as_deref())
    };
    TrailEvent {
        seq: row.seq,
        at: clock::china_minute_of(&row.at),
        actor: row.actor,
        action: row.action,
        entity: row.entity,
        entity_id: row.entity_id,
        changes,
        hash: row.hash,
    }
}

#[async_trait::async_trait]
impl TrailApi for DbBackend {
    async fn trail(&self, caller: &Caller, filter: TrailFilter) -> Result<TrailView, AppError> {
        let actor = Actor::of(caller)?;
        // The role first: a refused reader learns nothing from the filters' answers.
        read::require_trail(&self.db, &actor).await?;
        let action = filter.action.trim();
        if !action.is_empty() && !known_action(action) {
            return Err(ServiceError::field("trail_action", ErrorCode::TrailActionUnknown).into());
        }
        let (from, to) = (
            day("trail_from", &filter.from)?,
            day("trail_to", &filter.to)?,
        );
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                return Err(ServiceError::field("trail_to", ErrorCode::EndsBeforeStart).into());
            }
        }
        let org = match filter.org.trim() {
            "" => None,
            text => Some(find::org(&self.db, text).await?),
        };
        let member = match filter.member.trim() {
            "" => None,
            text => Some(find::member(&self.db, text).await?),
        };
        let until = to
            .map(|t| t.add_days(1).map(clock::china_day_start_utc))
            .transpose()?;
        let mut rows = read::events(
            &self.db,
            &actor,
            EventQuery {
                before: filter.before.unwrap_or(i64::MAX),
                org_path: org.as_ref().map(|o| o.key.clone()),
                member_id: member.as_ref().map(|m| m.key),
                action: (!action.is_empty()).then(|| action.to_string()),
                from_at: from.map(clock::china_day_start_utc),
                until_at: until,
                limit: PAGE + 1,
                ..EventQuery::default()
            },
        )
        .await?;
        let older = (rows.len() as i64 > PAGE).then(|| {
            rows.truncate(PAGE as usize);
            rows.last().map_or(0, |r| r.seq)
        });
        Ok(TrailView {
            org: org.map(|o| o.label),
            member: member.map(|m| m.label),
            events: rows.into_iter().map(event).collect(),
            older,
        })
    }

    async fn check_trail(&self, caller: &Caller) -> Result<TrailCheck, AppError> {
        let actor = Actor::of(caller)?;
        let report = read::check(&self.db, &actor).await?;
        Ok(TrailCheck {
            intact: report.is_intact(),
            events: report.events,
            rows_checked: report.rows_checked,
            head_hash: report.head_hash.clone(),
            problems: report.problems.iter().map(ToString::to_string).collect(),
        })
    }
}
