use serde::{Deserialize, Serialize};

/// A registered stream as a player needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreamView {
    pub org_id: i64,
    pub org_name: String,
    pub name: String,
    pub url: String,
    /// `hls` or `mp4` (`domain::video::StreamKind::code`).
    pub kind: String,
    /// `08:00-18:00`.
    pub hours: String,
    /// Inside its live hours now (China time).
    pub live_now: bool,
}

/// `/video/{org}`: the organization, its stream if any, and whether the reader may change it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VideoPageView {
    pub org_id: i64,
    pub org_name: String,
    pub stream: Option<StreamView>,
    pub may_manage: bool,
}

/// `/video`: the streams in the reader's scope, and the organization they may register for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreamsView {
    pub streams: Vec<StreamView>,
    /// (id, name) of the reader's own organization when it may hold a stream they manage.
    pub own: Option<(i64, String)>,
}

/// A registration as the form sends it, checked by `domain::video` on both sides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamRequest {
    pub org_id: domain::OrgId,
    pub name: domain::video::StreamName,
    pub address: domain::video::StreamAddress,
    pub hours: domain::video::LiveHours,
}
