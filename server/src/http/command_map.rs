//! `GET /command/map`: the county map, a page the server renders whole — the SVG inside the
//! HTML, the branch card of `?branch=` beneath it — with the app's stylesheet and one small
//! script for zoom, pan and opening a card without leaving the page
//! (docs/rules.md#the-county-map). It is outside the app so that a phone's first visit carries
//! the map, not the app's WebAssembly. `GET /command/map/branches/{id}` is one card alone, for
//! that script.

use std::fmt::Write;

use axum::{
    extract::{Path, Query, State},
    http::{header, StatusCode},
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::{command::FlagState, ErrorCode, OrgId};
use leptos::config::LeptosOptions;
use serde::Deserialize;

use super::{ApiError, AppState};
use crate::{
    access::Actor,
    command::{card, map, svg::esc},
};

#[derive(Deserialize)]
pub struct MapQuery {
    #[serde(default)]
    branch: Option<i64>,
}

/// The stylesheet's address, as the app's pages name it (content-hashed when built so).
fn css_href(options: &LeptosOptions) -> String {
    let mut name = options.output_name.to_string();
    if options.hash_files {
        let hashes = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|d| d.join(options.hash_file.as_ref())))
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default();
        for line in hashes.lines() {
            if let Some(("css", hash)) = line.trim().split_once(':') {
                let _ = write!(name, ".{}", hash.trim());
            }
        }
    }
    format!("/{}/{name}.css", options.site_pkg_dir)
}

fn page(options: &LeptosOptions, title: &str, body: &str) -> String {
    format!(
        r##"<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"><meta name="theme-color" content="#c8161d"><link rel="icon" href="/favicon.ico" sizes="any"><link rel="stylesheet" href="{css}"><title>{title}</title><script src="/command-map.js" defer></script></head><body class="map-page">{body}</body></html>"##,
        css = css_href(options),
        title = esc(title),
    )
}

fn refusal(options: &LeptosOptions, code: ErrorCode) -> Response {
    let (status, text) = match code {
        ErrorCode::NotFound => (StatusCode::NOT_FOUND, "未找到该组织。"),
        ErrorCode::Forbidden => (StatusCode::FORBIDDEN, "您没有访问该内容的权限。"),
        _ => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "地图暂时无法显示，请稍后再试。",
        ),
    };
    let body = format!(
        r#"<main class="container"><section class="card"><h1>党建地图</h1><p class="alert" id="map-error">{text}</p><p><a href="/">返回首页</a></p></section></main>"#
    );
    (status, Html(page(options, "党建地图", &body))).into_response()
}

pub async fn page_handler(
    State(state): State<AppState>,
    Query(q): Query<MapQuery>,
    actor: Result<Actor, ApiError>,
) -> Response {
    let options = &state.leptos_options;
    let actor = match actor {
        Ok(a) => a,
        Err(e) if e.code == ErrorCode::Unauthorized => {
            return Redirect::to("/login?next=/command/map").into_response()
        }
        Err(e) => return e.into_response(),
    };
    let today = crate::clock::today_china();
    let view = match map::view(&state.db, &state.command, &actor, today).await {
        Ok(v) => v,
        Err(e) => {
            let code = ErrorCode::from(e);
            return refusal(options, code);
        }
    };
    let card_html = match q.branch.and_then(|id| OrgId::new(id).ok()) {
        Some(id) => match card::card(&state.db, &state.command, &actor, id, today).await {
            Ok(c) => card_fragment(&c),
            Err(e) => {
                let code = ErrorCode::from(e);
                format!(
                    r#"<section class="card branch-card" id="branch-card"><p class="alert">{}</p></section>"#,
                    if code == ErrorCode::Forbidden {
                        "您没有查看该支部的权限。"
                    } else {
                        "未找到该支部。"
                    }
                )
            }
        },
        None => r#"<section class="card branch-card" id="branch-card" hidden></section>"#.into(),
    };
    let mut legend = String::new();
    for (state_, n) in FlagState::ALL.iter().zip(&view.counts) {
        let _ = write!(
            legend,
            r##"<li><svg viewBox="-2 -24 18 26" width="16" height="22" aria-hidden="true"><use href="#f" class="flag {code}"/></svg>{label} <strong id="legend-{code}">{n}</strong></li>"##,
            code = state_.code(),
            label = state_.label_zh(),
        );
    }
    let unplaced = if view.unplaced > 0 {
        format!(
            r#"<p class="muted">另有 {} 个支部未登记坐标，未在图上标出。</p>"#,
            view.unplaced
        )
    } else {
        String::new()
    };
    let body = format!(
        r#"<header class="map-head"><a href="/command" id="back-to-command">← 指挥中心</a><h1>党建地图 · {scope}</h1></header><main class="map-main"><div class="map-tools" role="group" aria-label="缩放"><button type="button" id="zoom-in" aria-label="放大">＋</button><button type="button" id="zoom-out" aria-label="缩小">－</button><button type="button" id="zoom-reset">全图</button></div><div class="map-frame">{svg}</div><ul class="legend" id="map-legend">{legend}</ul>{unplaced}{card}<p class="muted attribution">{attribution}</p></main>"#,
        scope = esc(&view.scope_name),
        svg = view.svg,
        card = card_html,
        attribution = esc(&view.attribution),
    );
    (StatusCode::OK, Html(page(options, "党建地图", &body))).into_response()
}

/// `GET /command/map/branches/{id}`: the card alone (HTML), for the map's script.
pub async fn card_handler(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    actor: Result<Actor, ApiError>,
) -> Result<Response, ApiError> {
    let actor = actor?;
    let id = OrgId::new(id).map_err(|_| ErrorCode::NotFound)?;
    let c = card::card(
        &state.db,
        &state.command,
        &actor,
        id,
        crate::clock::today_china(),
    )
    .await?;
    Ok((
        StatusCode::OK,
        [(header::CACHE_CONTROL, "no-store")],
        Html(card_fragment(&c)),
    )
        .into_response())
}

fn card_fragment(c: &card::BranchCard) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<section class="card branch-card" id="branch-card" data-branch="{id}"><h2>{name}</h2>"#,
        id = c.id.get(),
        name = esc(&c.name),
    );
    if let Some(flag) = c.flag {
        let _ = write!(
            s,
            r#"<p class="flag-state {code}" id="card-state">{label}</p>"#,
            code = flag.code(),
            label = flag.label_zh()
        );
    }
    let _ = write!(
        s,
        r#"<dl class="facts"><dt>书记</dt><dd id="card-secretary">{secretary}</dd><dt>党员</dt><dd id="card-members">{members} 人</dd><dt>最近会议</dt><dd id="card-last-meeting">{last}</dd><dt>任务</dt><dd id="card-tasks">进行中 {open}，逾期 {overdue}</dd></dl>"#,
        secretary = c.secretary.as_deref().map_or("未配备".into(), esc),
        members = c.members,
        last = c
            .last_meeting
            .as_ref()
            .map_or("暂无记录".into(), |m| format!(
                r#"<a href="/org-life/{}">{} {} · {}</a>（{}）"#,
                m.id,
                esc(&m.day),
                esc(&m.kind),
                esc(&m.topic),
                esc(&m.status)
            )),
        open = c.open_count,
        overdue = c.overdue_count,
    );
    if !c.missed.is_empty() {
        s.push_str(r#"<p class="muted">未按要求开展：</p><ul class="missed" id="card-missed">"#);
        for m in &c.missed {
            let _ = write!(s, "<li>{}</li>", esc(m));
        }
        s.push_str("</ul>");
    }
    if !c.open_tasks.is_empty() {
        s.push_str(r#"<ul class="card-tasks">"#);
        for t in &c.open_tasks {
            let _ = write!(
                s,
                r#"<li{cls}><a href="/tasks/{id}">{title}</a> · 截止 {deadline}</li>"#,
                cls = if t.overdue { r#" class="overdue""# } else { "" },
                id = t.id,
                title = esc(&t.title),
                deadline = esc(&t.deadline),
            );
        }
        s.push_str("</ul>");
    }
    if let Some(stream) = &c.stream {
        s.push_str(&stream_figure(stream));
    }
    let _ = write!(
        s,
        r#"<nav class="card-links"><a href="/archive?section=three_meetings&amp;org={id}">三会一课档案</a><a href="/archive?section=theme_day&amp;org={id}">主题党日档案</a><a href="/compliance">组织生活落实</a><a href="/tasks">任务</a>{video}</nav></section>"#,
        id = c.id.get(),
        video = if c.holds_stream {
            format!(
                r#"<a href="/video/{}" id="card-video">网格直播</a>"#,
                c.id.get()
            )
        } else {
            String::new()
        }
    );
    s
}

/// The player's markup, as the app's `StreamPlayer` writes it, for `/video.js` to upgrade.
fn stream_figure(v: &app::video::StreamView) -> String {
    format!(
        r#"<figure class="stream" id="stream-{org}" data-stream-url="{url}" data-stream-kind="{kind}" data-live="{live}" data-state="idle"><video muted autoplay playsinline controls preload="none"></video><figcaption><strong>{name}</strong> · <span class="muted">{hours}</span><br><span class="stream-state" role="status">正在连接…</span> <a class="stream-direct" href="{url}" rel="external noopener">直接打开</a></figcaption></figure>"#,
        org = v.org_id,
        url = esc(&v.url),
        kind = esc(&v.kind),
        live = if v.live_now { "1" } else { "0" },
        name = esc(&v.name),
        hours = if v.live_now {
            format!("直播时段 {}", esc(&v.hours))
        } else {
            format!("现在不在直播时段（{}）", esc(&v.hours))
        },
    )
}
