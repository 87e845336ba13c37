use domain::OrgId;
use serde::{Deserialize, Serialize};

use crate::members::Roster;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Leader {
    pub name: String,
    pub position: String,
    pub since: String,
    /// For the administrators' 免职 form.
    #[serde(default)]
    pub member_id: Option<domain::MemberId>,
}

/// An organization's public information: no personal identity numbers here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrgInfo {
    pub id: OrgId,
    pub name: String,
    pub kind: String,
    pub kind_label: String,
    pub parent_id: Option<OrgId>,
    pub city: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    pub term_start: Option<String>,
    pub term_end: Option<String>,
    /// Days until the term ends (negative once overdue), counted from today in China.
    #[serde(default)]
    pub term_days_left: Option<i64>,
    pub member_count: i64,
    pub leadership: Vec<Leader>,
    /// When it was dissolved (撤销); its page stays readable for its history.
    #[serde(default)]
    pub dissolved_at: Option<String>,
}

/// A child organization, for drilling down the tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgChild {
    pub id: OrgId,
    pub name: String,
    pub kind_label: String,
    /// When its term ends (the next election is due).
    #[serde(default)]
    pub term_end: Option<String>,
}

/// What `/org` shows: the organization, its children, and its roster when the reader may list
/// members.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgView {
    pub info: OrgInfo,
    pub children: Vec<OrgChild>,
    pub roster: Option<Roster>,
    /// Present when the reader may change something about the organization.
    #[serde(default)]
    pub manage: Option<OrgManage>,
    /// The organization's history from the trail, newest first; for readers of its roster.
    #[serde(default)]
    pub history: Vec<crate::members::HistoryEntry>,
}

/// What an administrator may do to the organization shown, and the choices the forms offer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrgManage {
    /// Kinds that may be created under it (code, label); empty when the reader may not.
    pub child_kinds: Vec<(String, String)>,
    /// Rename it and move it elsewhere: only from above.
    pub may_reshape: bool,
    /// Where it may be moved: organizations in the reader's scope that may hold its kind,
    /// outside its own subtree, its present parent excluded.
    pub parents: Vec<OrgChild>,
    /// Record a new term of office (换届): only from above.
    pub may_set_term: bool,
    /// The default length of a term for its kind, in years (docs/rules.md); `None` when it is
    /// not elected.
    pub term_years: Option<u8>,
    /// 撤销: from above, for an organization that is not the county.
    #[serde(default)]
    pub may_dissolve: bool,
    /// 合并: the branches of its kind in the reader's scope it may be merged into (a branch
    /// only; empty otherwise).
    #[serde(default)]
    pub merge_into: Vec<OrgChild>,
    /// Members who may be appointed to its team (its subtree's, by name), when the reader may
    /// change the team; at most [`MAX_CANDIDATES`].
    #[serde(default)]
    pub candidates: Vec<(i64, String)>,
    /// More members than listed: the rest are appointed through the API by id.
    #[serde(default)]
    pub more_candidates: bool,
}

/// The most members the appointment form lists.
pub const MAX_CANDIDATES: usize = 500;

/// Chinese label of an organization field, for its history.
pub fn org_field_label(field: &str) -> &'static str {
    match field {
        "name" => "名称",
        "kind" => "类别",
        "parent_id" => "上级组织",
        "term_start" => "本届任期开始",
        "term_end" => "本届任期届满",
        "address" => "地址",
        "city" => "所在城市",
        "lat_e6" => "纬度",
        "lng_e6" => "经度",
        _ => "其他",
    }
}

/// Chinese label of a step in an organization's history.
pub fn org_action_label(action: &str) -> &'static str {
    match action {
        "org.create" => "新建",
        "org.import" => "导入",
        "org.update" => "导入更新",
        "org.rename" => "更名",
        "org.move" => "调整隶属关系",
        "org.follow" => "随上级组织调整",
        "org.term" => "换届",
        "org.dissolve" => "撤销",
        "org.merge" => "并入其他支部",
        "leader.appoint" => "任职",
        "leader.remove" => "免职",
        _ => "变更",
    }
}
