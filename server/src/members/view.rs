use app::members::{MemberFile, RosterEntry};
use domain::MemberStatus;

use super::mask;
use crate::trail::records::MemberRecord;

pub fn member_file(
    m: MemberRecord,
    org_name: String,
    positions: Vec<String>,
    full_identity: bool,
) -> MemberFile {
    let (id_number, mobile) = if full_identity {
        (m.id_number, m.mobile)
    } else {
        (mask::id_number(&m.id_number), mask::mobile(&m.mobile))
    };
    MemberFile {
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

pub type RosterRow = (
    i64,
    String,
    String,
    i64,
    String,
    String,
    String,
    String,
    String,
);

/// Lists always mask, whoever reads them.
pub fn roster_entry(row: RosterRow) -> RosterEntry {
    let (id, name, sex, org_id, org_name, status, mobile, id_number, joined_on) = row;
    RosterEntry {
        id,
        name,
        sex,
        org_id,
        org_name,
        status: MemberStatus::parse(&status)
            .map(|s| s.label_zh().to_string())
            .unwrap_or(status),
        mobile: mask::mobile(&mobile),
        id_number: mask::id_number(&id_number),
        joined_on,
    }
}
