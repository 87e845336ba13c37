//! `GET /files/{key}`: uploaded files, to signed-in accounts — study images to anyone signed
//! in, a suggestion's photo only to its author and those who may handle it, a meeting's photos
//! to those who may read its record, a village visit's to those who may read its team. Served with the
//! type sniffed at upload, never guessed again by the browser, and with no right to run anything.

use axum::{
    extract::{Path, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use domain::{access::Action, ErrorCode};

use super::{ApiError, AppState};
use crate::{access::Actor, files::FileKey, storage::internal, with_pool};

pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
) -> Result<Response, ApiError> {
    let key = FileKey::parse(&key).map_err(|_| ErrorCode::NotFound)?;
    let (content_type, purpose, uploaded_by): (String, String, i64) = with_pool!(&state.db, pool => {
        sqlx::query_as("SELECT content_type, purpose, uploaded_by FROM uploads WHERE key = $1")
            .bind(key.as_str())
            .fetch_optional(pool)
            .await
            .map_err(internal)?
            .ok_or(ErrorCode::NotFound)?
    });
    if purpose == "suggestion" && uploaded_by != actor.account_id {
        may_see_suggestion_photo(&state, &actor, key.as_str()).await?;
    }
    if purpose == "orglife"
        && !crate::orglife::record::may_see_photo(&state.db, &actor, key.as_str()).await?
    {
        return Err(ErrorCode::NotFound.into());
    }
    if purpose == "assistance"
        && !crate::assistance::visit::may_see_photo(&state.db, &actor, key.as_str()).await?
    {
        return Err(ErrorCode::NotFound.into());
    }
    let bytes = state
        .files
        .get(&key)
        .await
        .map_err(internal)?
        .ok_or(ErrorCode::NotFound)?;
    let mut response = (StatusCode::OK, bytes).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&content_type).map_err(internal)?,
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    // Names are content hashes: a name never changes what it holds.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=31536000, immutable"),
    );
    Ok(response)
}

/// The author of a suggestion carrying this photo, or whoever may handle one (the addressed
/// organization and those above it).
async fn may_see_suggestion_photo(
    state: &AppState,
    actor: &Actor,
    key: &str,
) -> Result<(), ApiError> {
    let rows: Vec<(i64, String)> = with_pool!(&state.db, pool => {
        sqlx::query_as(
            "SELECT s.author_account_id, o.path FROM suggestions s \
             JOIN organizations o ON o.id = s.org_id WHERE s.photo_key = $1",
        )
        .bind(key)
        .fetch_all(pool)
        .await
        .map_err(internal)?
    });
    let allowed = rows.iter().any(|(author, path)| {
        *author == actor.account_id || actor.may(Action::HandleSuggestion, actor.reach_org(path))
    });
    if allowed {
        Ok(())
    } else {
        // Not found rather than forbidden: the name itself says nothing to others.
        Err(ErrorCode::NotFound.into())
    }
}
