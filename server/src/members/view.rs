use app::members::{MemberFile, RosterEntry};
use domain::{MemberId, MemberStatus, OrgId};

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
        status_label: m.status.label_zh().to_string(),
        name: m.name,
        sex: sex_label(&m.sex),
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
        remarks: m.remarks,
        training_hours: m.training_hours,
        positions,
    }
}

#[derive(sqlx::FromRow)]
pub struct RosterRow {
    id: MemberId,
    name: String,
    sex: String,
    org_id: OrgId,
    org_name: String,
    status: MemberStatus,
    mobile: String,
    id_number: String,
    joined_on: String,
}

/// Lists always mask, whoever reads them.
pub fn roster_entry(row: RosterRow) -> RosterEntry {
    RosterEntry {
        id: row.id,
        name: row.name,
        sex: sex_label(&row.sex),
        org_id: row.org_id,
        org_name: row.org_name,
        status: row.status.label_zh().to_string(),
        mobile: mask::mobile(&row.mobile),
        id_number: mask::id_number(&row.id_number),
        joined_on: row.joined_on,
    }
}

/// Files store the sex's code (`male`, `female`); people read 男 and 女.
fn sex_label(code: &str) -> String {
    domain::Sex::parse(code).map_or_else(|_| code.to_owned(), |s| s.label_zh().to_owned())
}
