use domain::{MemberStatus, OrgKind};
use serde::Serialize;

use super::mask;
use crate::trail::records::MemberRecord;

/// One member's file as a reader sees it: identity numbers in full only when the rules allow.
#[derive(Debug, Serialize)]
pub struct MemberFile {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub name: String,
    pub sex: String,
    pub ethnicity: String,
    pub birth_date: String,
    pub id_number: String,
    pub mobile: String,
    pub identity_masked: bool,
    pub education: String,
    pub joined_on: String,
    pub full_on: Option<String>,
    pub status: String,
    pub status_label: String,
    pub job: String,
    pub employer: Option<String>,
    pub dues_category: String,
    pub dues_base_fen: i64,
    pub flowing_destination: Option<String>,
    pub rewards_penalties: Option<String>,
    pub training_hours: i64,
    /// Positions held, e.g. "中共某村支部委员会 书记".
    pub positions: Vec<String>,
}

impl MemberFile {
    pub fn new(
        m: MemberRecord,
        org_name: String,
        positions: Vec<String>,
        full_identity: bool,
    ) -> Self {
        let (id_number, mobile) = if full_identity {
            (m.id_number, m.mobile)
        } else {
            (mask::id_number(&m.id_number), mask::mobile(&m.mobile))
        };
        Self {
            id: m.id,
            org_id: m.org_id,
            org_name,
            status_label: MemberStatus::parse(&m.status)
                .map(|s| s.label_zh().to_string())
                .unwrap_or_default(),
            name: m.name,
            sex: m.sex,
            ethnicity: m.ethnicity,
            birth_date: m.birth_date,
            id_number,
            mobile,
            identity_masked: !full_identity,
            education: m.education,
            joined_on: m.joined_on,
            full_on: m.full_on,
            status: m.status,
            job: m.job,
            employer: m.employer,
            dues_category: m.dues_category,
            dues_base_fen: m.dues_base_fen,
            flowing_destination: m.flowing_destination,
            rewards_penalties: m.rewards_penalties,
            training_hours: m.training_hours,
            positions,
        }
    }
}

/// A line of a roster. Lists always mask, whoever reads them.
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct RosterEntry {
    pub id: i64,
    pub name: String,
    pub sex: String,
    pub org_id: i64,
    pub org_name: String,
    pub status: String,
    pub mobile: String,
    pub id_number: String,
    pub joined_on: String,
}

impl RosterEntry {
    pub fn masked(mut self) -> Self {
        self.mobile = mask::mobile(&self.mobile);
        self.id_number = mask::id_number(&self.id_number);
        self
    }
}

#[derive(Debug, Serialize)]
pub struct Roster {
    pub org_id: i64,
    pub org_name: String,
    pub org_kind: String,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub members: Vec<RosterEntry>,
}

pub fn kind_label(kind: &str) -> String {
    OrgKind::parse(kind)
        .map(|k| k.label_zh().to_string())
        .unwrap_or_default()
}
