//! Accounts for imported members, each with a one-time password to hand over on paper
//! (docs/operations.md#importing). Hashing runs after the import has committed, one batch per
//! core at a time: Argon2 is deliberately slow, and 20,000 of them take minutes on two cores.

use domain::{AccountId, MemberId, OrgId, Role};
use secrecy::{ExposeSecret as _, SecretString};

use crate::{
    auth::password,
    clock,
    error::{ServiceError, ServiceResult},
    setup::one_time_password,
    storage::Db,
    trail::{
        records::{to_json, AccountRecord},
        Change, TrailTx,
    },
    with_pool,
};

/// One member's new login, for the branch's sheet; the password is never stored in clear.
pub struct Issued {
    pub org_name: String,
    pub member_name: String,
    pub mobile: String,
    pub password: SecretString,
}

#[derive(sqlx::FromRow)]
struct Pending {
    member_id: MemberId,
    org_id: OrgId,
    org_name: String,
    name: String,
    mobile: String,
    account_id: Option<AccountId>,
    account_member: Option<MemberId>,
}

const BATCH: usize = 200;

/// Accounts for those of `members` who have none. A member whose mobile already signs in an
/// account without a member (the county administrator `init` made) gets that account linked
/// instead of a second one. `progress(done, total)` after each batch.
pub async fn issue(
    db: &Db,
    members: &[MemberId],
    progress: impl Fn(usize, usize),
) -> ServiceResult<Vec<Issued>> {
    let mut pending: Vec<Pending> = Vec::with_capacity(members.len());
    for chunk in members.chunks(500) {
        let ids: Vec<i64> = chunk.iter().map(|m| m.get()).collect();
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let rows: Vec<Pending> = with_pool!(db, pool => {
            sqlx::query_as(&format!(
                "SELECT m.id AS member_id, m.org_id, o.name AS org_name, m.name, m.mobile, \
                 a.id AS account_id, a.member_id AS account_member FROM members m \
                 JOIN organizations o ON o.id = m.org_id \
                 LEFT JOIN accounts a ON a.mobile = m.mobile \
                 WHERE m.id IN ({list}) AND NOT EXISTS (SELECT 1 FROM accounts b WHERE b.member_id = m.id) \
                 ORDER BY m.id"
            ))
            .fetch_all(pool)
            .await?
        });
        pending.extend(rows);
    }
    let total = pending.len();
    let mut issued = Vec::new();
    let mut done = 0;
    for batch in pending.chunks(BATCH) {
        // Passwords and their hashes, in parallel off the async threads.
        let workers = std::thread::available_parallelism().map_or(2, usize::from);
        let fresh: Vec<&Pending> = batch.iter().filter(|p| p.account_id.is_none()).collect();
        let secrets: Vec<SecretString> = fresh.iter().map(|_| one_time_password()).collect();
        let plain: Vec<String> = secrets
            .iter()
            .map(|s| s.expose_secret().to_owned())
            .collect();
        let hashes = tokio::task::spawn_blocking(move || {
            std::thread::scope(|scope| {
                let per = plain.len().div_ceil(workers).max(1);
                // Every thread is started before any is joined: collecting is what makes them parallel.
                #[allow(clippy::needless_collect)]
                let handles: Vec<_> = plain
                    .chunks(per)
                    .map(|part| {
                        scope.spawn(move || {
                            part.iter().map(|p| password::hash(p)).collect::<Vec<_>>()
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join())
                    .collect::<Result<Vec<_>, _>>()
            })
        })
        .await?
        .map_err(|_| ServiceError::internal("password hashing", "a hashing thread panicked"))?
        .concat();
        let now = clock::now_rfc3339();
        with_pool!(db, pool => {
            let mut tx = pool.begin().await?;
            tx.lock().await?;
            let mut events = Vec::new();
            for (p, hash) in fresh.iter().zip(&hashes) {
                let account: AccountRecord = sqlx::query_as(
                    "INSERT INTO accounts (member_id, mobile, display_name, password_hash, role, scope_org_id, \
                     must_change_password, created_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7) \
                     RETURNING id, member_id, mobile, display_name, password_hash, role, scope_org_id, \
                     must_change_password, disabled, created_at",
                )
                .bind(p.member_id)
                .bind(&p.mobile)
                .bind(&p.name)
                .bind(hash)
                .bind(Role::Member)
                .bind(p.org_id)
                .bind(&now)
                .fetch_one(&mut *tx)
                .await?;
                events.push(Change {
                    actor: None,
                    action: "account.create",
                    entity: "accounts",
                    entity_id: Some(account.id.to_string()),
                    before: None,
                    after: Some(to_json(&account)),
                });
            }
            for p in batch.iter().filter(|p| p.account_id.is_some() && p.account_member.is_none()) {
                let before: AccountRecord = sqlx::query_as(
                    "SELECT id, member_id, mobile, display_name, password_hash, role, scope_org_id, \
                     must_change_password, disabled, created_at FROM accounts WHERE mobile = $1",
                )
                .bind(&p.mobile)
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query("UPDATE accounts SET member_id = $1 WHERE id = $2")
                    .bind(p.member_id)
                    .bind(before.id)
                    .execute(&mut *tx)
                    .await?;
                let after = AccountRecord { member_id: Some(p.member_id), ..before.clone() };
                events.push(Change {
                    actor: None,
                    action: "account.link",
                    entity: "accounts",
                    entity_id: Some(before.id.to_string()),
                    before: Some(to_json(&before)),
                    after: Some(to_json(&after)),
                });
            }
            if !events.is_empty() {
                tx.append_all(events).await?;
            }
            tx.commit().await?;
            Ok::<_, ServiceError>(())
        })?;
        issued.extend(fresh.iter().zip(secrets).map(|(p, password)| Issued {
            org_name: p.org_name.clone(),
            member_name: p.name.clone(),
            mobile: p.mobile.clone(),
            password,
        }));
        done += batch.len();
        progress(done, total);
    }
    Ok(issued)
}

/// One workbook per branch: who, their login and their one-time password, to print and hand out.
pub fn sheets(issued: &[Issued]) -> Result<Vec<(String, Vec<u8>)>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut by_org: std::collections::BTreeMap<&str, Vec<&Issued>> =
        std::collections::BTreeMap::new();
    for i in issued {
        by_org.entry(i.org_name.as_str()).or_default().push(i);
    }
    let bold = Format::new().set_bold();
    let mut out = Vec::new();
    for (org, people) in by_org {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet().set_name("一次性密码")?;
        sheet.write_string_with_format(
            0,
            0,
            format!("{org} 党员登录账号（首次登录后须修改密码）"),
            &bold,
        )?;
        for (c, h) in (0u16..).zip(["姓名", "手机号码（登录账号）", "一次性密码"])
        {
            sheet.set_column_width(c, 22)?;
            sheet.write_string_with_format(1, c, h, &bold)?;
        }
        for (r, p) in (2u32..).zip(people) {
            sheet.write_string(r, 0, &p.member_name)?;
            sheet.write_string(r, 1, &p.mobile)?;
            sheet.write_string(r, 2, p.password.expose_secret())?;
        }
        out.push((org.to_owned(), book.save_to_buffer()?));
    }
    Ok(out)
}
