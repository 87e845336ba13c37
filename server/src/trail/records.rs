//! The record tables the trail protects, each as a row type whose JSON form is what events hold
//! as "before" and "after". Sessions and login counters are not records: they expire by design.

use domain::{
    standing::Standing, AccountId, MemberId, MemberStatus, OrgId, OrgKind, OrgPath, Role,
};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// A row of a tracked table.
pub trait Record:
    Serialize
    + DeserializeOwned
    + Send
    + Unpin
    + 'static
    + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
    + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
{
    const TABLE: &'static str;
    /// Selects every column the JSON form holds, ordered by key.
    const SELECT_ALL: &'static str;
    /// The key events name the row by.
    fn key(&self) -> String;
    /// Integer id, for tables whose bulk imports are sealed by id range.
    fn id(&self) -> Option<i64>;
}

fn digest<S: serde::Serializer>(hash: &str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("sha256:{}", crate::auth::token_hash(hash)))
}

/// The JSON form events hold. Compared byte for byte with a row read back later, so every
/// writer must produce it through this function.
// Records are structs of strings and numbers: serializing them cannot fail.
#[allow(clippy::expect_used)]
pub fn to_json<R: Serialize>(record: &R) -> String {
    serde_json::to_string(record).expect("records serialize")
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct OrgRecord {
    pub id: OrgId,
    pub parent_id: Option<OrgId>,
    pub kind: OrgKind,
    pub name: String,
    pub path: OrgPath,
    pub depth: i64,
    pub is_village: i64,
    pub city: Option<String>,
    pub lat_e6: Option<i64>,
    pub lng_e6: Option<i64>,
    pub term_start: Option<String>,
    pub term_end: Option<String>,
    pub created_at: String,
    /// Left out of the JSON when absent, so rows from before addresses match their events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// When it was dissolved (撤销); absent while it lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dissolved_at: Option<String>,
}

pub const ORG_COLUMNS: &str = "id, parent_id, kind, name, path, depth, is_village, city, lat_e6, \
                               lng_e6, term_start, term_end, created_at, address, dissolved_at";

impl Record for OrgRecord {
    const TABLE: &'static str = "organizations";
    const SELECT_ALL: &'static str = "SELECT id, parent_id, kind, name, path, depth, is_village, \
        city, lat_e6, lng_e6, term_start, term_end, created_at, address, dissolved_at \
        FROM organizations ORDER BY id";
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn id(&self) -> Option<i64> {
        Some(self.id.get())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct MemberRecord {
    pub id: MemberId,
    pub org_id: OrgId,
    pub name: String,
    pub sex: String,
    pub ethnicity: String,
    pub birth_date: String,
    pub id_number: String,
    pub mobile: String,
    pub education: String,
    pub joined_on: String,
    pub full_on: Option<String>,
    pub status: MemberStatus,
    pub job: String,
    pub employer: Option<String>,
    pub dues_category: String,
    pub dues_base_fen: i64,
    pub flowing_destination: Option<String>,
    pub rewards_penalties: Option<String>,
    pub training_hours: i64,
    pub created_at: String,
    /// A clerk's remark (备注). Left out of the JSON when absent, so rows from before remarks
    /// match their events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
    /// 党籍状态 with its date and reason; left out of the JSON while on the rolls, so rows from
    /// before standing changes match their events (docs/rules.md#standing-changes).
    #[serde(default, skip_serializing_if = "on_rolls")]
    pub standing: Standing,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standing_since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standing_reason: Option<String>,
    /// Months the committee extended the probation by (once, 6–12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probation_extension_months: Option<i64>,
}

fn on_rolls(s: &Standing) -> bool {
    s.counts()
}

pub const MEMBER_COLUMNS: &str =
    "id, org_id, name, sex, ethnicity, birth_date, id_number, mobile, \
    education, joined_on, full_on, status, job, employer, dues_category, dues_base_fen, \
    flowing_destination, rewards_penalties, training_hours, created_at, remarks, standing, \
    standing_since, standing_reason, probation_extension_months";

impl Record for MemberRecord {
    const TABLE: &'static str = "members";
    const SELECT_ALL: &'static str = "SELECT id, org_id, name, sex, ethnicity, birth_date, \
        id_number, mobile, education, joined_on, full_on, status, job, employer, dues_category, \
        dues_base_fen, flowing_destination, rewards_penalties, training_hours, created_at, remarks, \
        standing, standing_since, standing_reason, probation_extension_months FROM members ORDER BY id";
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn id(&self) -> Option<i64> {
        Some(self.id.get())
    }
}

/// Covers the password hash (replacing it in the database would take over the account), but
/// events hold only its SHA-256: the trail is read by auditors and must not carry hashes that
/// could be attacked offline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct AccountRecord {
    pub id: AccountId,
    pub member_id: Option<MemberId>,
    pub mobile: String,
    pub display_name: String,
    #[serde(serialize_with = "digest")]
    pub password_hash: String,
    pub role: Role,
    pub scope_org_id: OrgId,
    pub must_change_password: i64,
    /// 1 when an administrator disabled the account.
    pub disabled: i64,
    pub created_at: String,
}

/// The columns of [`AccountRecord`], in its order.
pub const ACCOUNT_COLUMNS: &str = "id, member_id, mobile, display_name, password_hash, role, \
    scope_org_id, must_change_password, disabled, created_at";

impl Record for AccountRecord {
    const TABLE: &'static str = "accounts";
    const SELECT_ALL: &'static str = "SELECT id, member_id, mobile, display_name, password_hash, \
        role, scope_org_id, must_change_password, disabled, created_at FROM accounts ORDER BY id";
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn id(&self) -> Option<i64> {
        Some(self.id.get())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct LeadershipRecord {
    pub org_id: OrgId,
    pub member_id: MemberId,
    pub position: String,
    pub since: String,
}

impl Record for LeadershipRecord {
    const TABLE: &'static str = "leadership";
    const SELECT_ALL: &'static str = "SELECT org_id, member_id, position, since FROM leadership \
        ORDER BY org_id, member_id, position";
    fn key(&self) -> String {
        format!("{}/{}/{}", self.org_id, self.member_id, self.position)
    }
    fn id(&self) -> Option<i64> {
        None
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct LedgerRecord {
    pub id: i64,
    pub member_id: MemberId,
    pub day: String,
    pub activity_key: String,
    pub points: i64,
    pub rule_version: i64,
    pub created_at: String,
}

impl Record for LedgerRecord {
    const TABLE: &'static str = "points_ledger";
    const SELECT_ALL: &'static str = "SELECT id, member_id, day, activity_key, points, \
        rule_version, created_at FROM points_ledger ORDER BY id";
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn id(&self) -> Option<i64> {
        Some(self.id)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct SuggestionRecord {
    pub id: i64,
    pub author_member_id: MemberId,
    pub author_account_id: AccountId,
    pub org_id: OrgId,
    pub title: String,
    pub body: String,
    pub status: domain::suggestion::SuggestionStatus,
    pub reply: Option<String>,
    pub handled_by: Option<AccountId>,
    pub points_awarded: i64,
    pub created_at: String,
    pub updated_at: String,
    /// Left out of the JSON when absent, so rows from before photos match their events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo_key: Option<String>,
}

pub const SUGGESTION_COLUMNS: &str = "id, author_member_id, author_account_id, org_id, title, \
    body, status, reply, handled_by, points_awarded, created_at, updated_at, photo_key";

impl Record for SuggestionRecord {
    const TABLE: &'static str = "suggestions";
    const SELECT_ALL: &'static str = "SELECT id, author_member_id, author_account_id, org_id, \
        title, body, status, reply, handled_by, points_awarded, created_at, updated_at, photo_key \
        FROM suggestions ORDER BY id";
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn id(&self) -> Option<i64> {
        Some(self.id)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct NoticeRecord {
    pub id: i64,
    pub org_id: domain::OrgId,
    pub audience_path: OrgPath,
    pub title: String,
    pub body: String,
    pub author_account_id: domain::AccountId,
    pub created_at: String,
}

impl Record for NoticeRecord {
    const TABLE: &'static str = "notices";
    const SELECT_ALL: &'static str = "SELECT id, org_id, audience_path, title, body, \
        author_account_id, created_at FROM notices ORDER BY id";
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn id(&self) -> Option<i64> {
        Some(self.id)
    }
}

/// A role granted to an account beyond its own (docs/operations.md#roles).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct RoleGrantRecord {
    pub id: i64,
    pub account_id: AccountId,
    pub role: Role,
    pub scope_org_id: OrgId,
    pub granted_by: Option<AccountId>,
    pub granted_at: String,
}

/// The columns of [`RoleGrantRecord`], in its order.
pub const ROLE_GRANT_COLUMNS: &str = "id, account_id, role, scope_org_id, granted_by, granted_at";
