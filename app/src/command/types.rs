use serde::{Deserialize, Serialize};

/// How often an open dashboard asks again, in seconds: with the server's few seconds of
/// caching, a new record shows within ten.
pub const POLL_SECONDS: u64 = 5;

/// One number on the dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tile {
    /// Stable: the page's element is `tile-{id}`.
    pub id: String,
    pub label: String,
    /// The number itself (fen for money, per mille for a rate).
    pub value: i64,
    /// As the page shows it ("¥1,234.50", "87.5%", "12").
    pub shown: String,
    /// What it is made of ("预备党员 12 · 流动党员 30").
    pub note: String,
    /// The archive, board or page it summarises.
    pub href: String,
}

/// One chart: SVG drawn by the server (its names escaped there).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    pub id: String,
    pub title: String,
    pub svg: String,
}

/// The dashboards of the reader's subtree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommandView {
    pub scope_name: String,
    /// China time of the figures, to the minute.
    pub as_of: String,
    pub tiles: Vec<Tile>,
    pub charts: Vec<Chart>,
}

impl CommandView {
    pub fn tile(&self, id: &str) -> Option<&Tile> {
        self.tiles.iter().find(|t| t.id == id)
    }
}
