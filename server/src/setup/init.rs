//! `dangjian init`: the county organization and its first county administrator, on an empty
//! database, both recorded in the trail (docs/operations.md#first-start).

use domain::{AccountId, ErrorCode, Mobile, OrgId, OrgKind, OrgPath, Role};
use rand::Rng;
use secrecy::SecretString;

use crate::{
    auth::password,
    clock,
    error::{ServiceError, ServiceResult},
    storage::Db,
    trail::{
        records::{to_json, AccountRecord, OrgRecord, ORG_COLUMNS},
        Change, TrailTx,
    },
    with_pool,
};

/// What the operator typed.
pub struct InitInput<'a> {
    pub county: &'a str,
    pub admin_mobile: &'a str,
    pub admin_name: Option<&'a str>,
}

/// What `init` created; the password is shown once and kept nowhere in clear.
pub struct Initialized {
    pub county_id: OrgId,
    pub county_name: String,
    pub account_id: AccountId,
    pub mobile: Mobile,
    pub one_time_password: SecretString,
}

/// The longest organization name a county uses (the full name of a county committee's
/// organization department fits with room to spare).
const MAX_NAME_CHARS: usize = 60;

/// Letters and digits that cannot be misread on paper (no 0/O, 1/l/I).
const PASSWORD_ALPHABET: &[u8] = b"23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

/// A one-time password to hand over on paper: 12 characters, about 70 bits.
pub fn one_time_password() -> SecretString {
    let mut rng = rand::thread_rng();
    let text: String = (0..12)
        .map(|_| {
            let i = rng.gen_range(0..PASSWORD_ALPHABET.len());
            PASSWORD_ALPHABET.get(i).map_or('x', |b| char::from(*b))
        })
        .collect();
    SecretString::from(text)
}

fn name(text: &str, field: &'static str) -> ServiceResult<String> {
    let trimmed = text.trim();
    if trimmed.is_empty()
        || trimmed.chars().count() > MAX_NAME_CHARS
        || trimmed.chars().any(char::is_control)
    {
        return Err(ServiceError::field(field, ErrorCode::InvalidName));
    }
    Ok(trimmed.to_owned())
}

/// Creates the county and its first county administrator in one transaction. Refused with
/// `Conflict` when the database already holds a county.
pub async fn init(db: &Db, input: &InitInput<'_>) -> ServiceResult<Initialized> {
    let county_name = name(input.county, "county")?;
    let mobile =
        Mobile::parse(input.admin_mobile).map_err(|c| ServiceError::field("admin_mobile", c))?;
    let display_name = name(input.admin_name.unwrap_or("县委组织部管理员"), "admin_name")?;
    let secret = one_time_password();
    // Argon2 takes a moment: outside the transaction.
    let hash = {
        use secrecy::ExposeSecret as _;
        password::hash(secret.expose_secret())
    };
    let now = clock::now_rfc3339();
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let existing: Option<String> =
            sqlx::query_scalar("SELECT name FROM organizations WHERE parent_id IS NULL LIMIT 1")
                .fetch_optional(&mut *tx)
                .await?;
        if existing.is_some() {
            return Err(ErrorCode::Conflict.into());
        }
        // The path holds the id, which the database assigns: a placeholder first.
        let id: OrgId = sqlx::query_scalar(
            "INSERT INTO organizations (parent_id, kind, name, path, depth, is_village, created_at) \
             VALUES (NULL, $1, $2, $3, 0, 0, $4) RETURNING id",
        )
        .bind(OrgKind::CountyOrgDept)
        .bind(&county_name)
        .bind(format!("/init-{now}/"))
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE organizations SET path = $1 WHERE id = $2")
            .bind(OrgPath::root_of(id))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let org: OrgRecord = sqlx::query_as(&format!("SELECT {ORG_COLUMNS} FROM organizations WHERE id = $1"))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        if sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM accounts WHERE mobile = $1")
            .bind(mobile.as_str())
            .fetch_one(&mut *tx)
            .await?
            > 0
        {
            return Err(ServiceError::field("admin_mobile", ErrorCode::MobileTaken));
        }
        let account: AccountRecord = sqlx::query_as(
            "INSERT INTO accounts (member_id, mobile, display_name, password_hash, role, scope_org_id, \
             must_change_password, created_at) VALUES (NULL, $1, $2, $3, $4, $5, 1, $6) \
             RETURNING id, member_id, mobile, display_name, password_hash, role, scope_org_id, \
             must_change_password, disabled, created_at",
        )
        .bind(mobile.as_str())
        .bind(&display_name)
        .bind(&hash)
        .bind(Role::CountyAdmin)
        .bind(id)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        // The command line acts, not an account: no actor.
        tx.append(Change {
            actor: None,
            action: "org.create",
            entity: "organizations",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(to_json(&org)),
        })
        .await?;
        tx.append(Change {
            actor: None,
            action: "account.create",
            entity: "accounts",
            entity_id: Some(account.id.to_string()),
            before: None,
            after: Some(to_json(&account)),
        })
        .await?;
        tx.commit().await?;
        Ok(Initialized {
            county_id: id,
            county_name,
            account_id: account.id,
            mobile,
            one_time_password: secret,
        })
    })
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret as _;

    #[test]
    fn one_time_passwords_are_long_unambiguous_and_differ() {
        let a = super::one_time_password();
        let b = super::one_time_password();
        assert_eq!(a.expose_secret().chars().count(), 12);
        assert!(a
            .expose_secret()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() && !"0O1lI".contains(c)));
        assert_ne!(a.expose_secret(), b.expose_secret());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(super::name("  新田县  ", "county").unwrap(), "新田县");
        assert!(super::name("   ", "county").is_err());
        assert!(super::name(&"县".repeat(61), "county").is_err());
    }
}
