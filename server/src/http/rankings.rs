//! `GET /rankings.xlsx`: the boards the reader sees on `/rankings`, as a workbook — a file
//! download, which a server function's JSON cannot be.

use axum::{
    extract::{Query, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use domain::{ranking::ListKind, ErrorCode};
use serde::Deserialize;

use super::{ApiError, AppState};
use crate::{access::Actor, rankings};

#[derive(Deserialize)]
pub struct BoardsQuery {
    #[serde(default)]
    year: i32,
    #[serde(default)]
    list: String,
}

pub async fn boards_xlsx(
    State(state): State<AppState>,
    Query(q): Query<BoardsQuery>,
    actor: Result<Actor, ApiError>,
) -> Result<Response, ApiError> {
    let actor = actor?;
    let today = crate::clock::today_china();
    let year = rankings::boards::year_asked(q.year, today)?;
    let list = match q.list.as_str() {
        "" => None,
        code => Some(ListKind::parse(code)?),
    };
    // Every row of every board, computed for this download alone.
    let view = rankings::boards::view(
        &state.db,
        &rankings::BoardCache::default(),
        &actor,
        (year, true, list),
        today,
    )
    .await?;
    let bytes = rankings::xlsx::workbook(&view).map_err(|e| {
        tracing::error!(error = %e, "xlsx export failed");
        ErrorCode::Internal
    })?;
    tracing::info!(account_id = %actor.account_id, year, "boards exported");
    let name = format!("rankings-{year}.xlsx");
    Ok((
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
