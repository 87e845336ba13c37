//! The stream player: the markup `public/video.js` upgrades (the map's branch card writes the
//! same), and the one place the app loads that script — only on a page that shows a stream;
//! the script loads hls.js for an HLS stream where Media Source Extensions exist.

use leptos::prelude::*;

use super::StreamView;

/// `/video.js`'s address: plain (not hashed) and cached briefly, like the map's script.
pub const PLAYER_SCRIPT: &str = "/video.js";

#[component]
pub fn StreamPlayer(stream: StreamView) -> impl IntoView {
    load_player_script();
    let hours_note = if stream.live_now {
        format!("直播时段 {}", stream.hours)
    } else {
        format!("现在不在直播时段（{}）", stream.hours)
    };
    let url = stream.url.clone();
    view! {
        <figure
            class="stream"
            id=format!("stream-{}", stream.org_id)
            data-stream-url=url
            data-stream-kind=stream.kind
            data-live=if stream.live_now { "1" } else { "0" }
            data-state="idle"
        >
            <video muted=true autoplay=true playsinline=true controls=true preload="none"></video>
            <figcaption>
                <strong>{stream.name}</strong>
                " · "<span class="muted">{stream.org_name}</span>
                " · "<span class="muted">{hours_note}</span>
                <br />
                <span class="stream-state" role="status">"正在连接…"</span>
                " "<a class="stream-direct" href=stream.url rel="external noopener">"直接打开"</a>
            </figcaption>
        </figure>
    }
}

/// Adds `/video.js` to the page once; it upgrades every stream figure, now and later.
fn load_player_script() {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let doc = document();
        if doc
            .query_selector("script[data-stream-player]")
            .ok()
            .flatten()
            .is_some()
        {
            return;
        }
        if let (Ok(script), Some(head)) = (doc.create_element("script"), doc.head()) {
            let _ = script.set_attribute("src", PLAYER_SCRIPT);
            let _ = script.set_attribute("data-stream-player", "");
            let _ = head.append_child(&script);
        }
    });
}
