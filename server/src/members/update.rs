use crate::error::{ServiceError, ServiceResult};
use app::members::MemberPatch;
use domain::{Date, ErrorCode, MemberStatus, Mobile, PersonName, ResidentId, Sex};
#[cfg(test)]
use domain::{MemberId, OrgId};

use crate::{
    storage::Db,
    trail::{
        records::{to_json, AccountRecord, MemberRecord, MEMBER_COLUMNS},
        Change, TrailTx,
    },
    with_pool,
};

/// A rejected field: which one and why.
#[derive(Debug, PartialEq)]
pub struct FieldError {
    pub field: &'static str,
    pub code: ErrorCode,
}

fn bad(field: &'static str, code: ErrorCode) -> FieldError {
    FieldError { field, code }
}

fn text(field: &'static str, v: &str, max_chars: usize) -> Result<String, FieldError> {
    let v = v.trim();
    if v.is_empty() || v.chars().count() > max_chars || v.chars().any(char::is_control) {
        return Err(bad(field, ErrorCode::BadRequest));
    }
    Ok(v.to_string())
}

fn optional_text(
    field: &'static str,
    v: &str,
    max_chars: usize,
) -> Result<Option<String>, FieldError> {
    if v.trim().is_empty() {
        Ok(None)
    } else {
        text(field, v, max_chars).map(Some)
    }
}

/// The record after the patch, every field validated; nothing is written on any error.
pub fn apply(patch: &MemberPatch, current: &MemberRecord) -> Result<MemberRecord, FieldError> {
    let mut m = current.clone();
    if let Some(v) = &patch.name {
        m.name = PersonName::parse(v)
            .map_err(|c| bad("name", c))?
            .as_str()
            .to_string();
    }
    // Identity: the ID number carries the birth date and the sex (docs/rules.md).
    if let Some(v) = &patch.id_number {
        let id = ResidentId::parse(v).map_err(|c| bad("id_number", c))?;
        m.id_number = id.as_str().to_string();
        m.birth_date = id.birth_date().to_string();
    }
    if let Some(v) = &patch.sex {
        m.sex = Sex::parse(v).map_err(|c| bad("sex", c))?.code().to_string();
    }
    // Checked when changed: a file from before these rules keeps what it has.
    if m.id_number != current.id_number || m.sex != current.sex {
        let id = ResidentId::parse(&m.id_number).map_err(|c| bad("id_number", c))?;
        if id.sex().code() != m.sex {
            return Err(bad("sex", ErrorCode::InvalidSex));
        }
    }
    if let Some(v) = &patch.ethnicity {
        m.ethnicity = domain::import::ethnicity(v)
            .ok_or(bad("ethnicity", ErrorCode::BadRequest))?
            .to_string();
    }
    if let Some(v) = &patch.joined_on {
        m.joined_on = Date::parse(v.trim())
            .map_err(|c| bad("joined_on", c))?
            .to_string();
    }
    if m.birth_date != current.birth_date || m.joined_on != current.joined_on {
        // Members join at 18 at the earliest (docs/rules.md); ISO dates compare as text.
        let adult = m
            .birth_date
            .get(..4)
            .and_then(|y| y.parse::<i32>().ok())
            .zip(m.birth_date.get(4..))
            .map(|(y, rest)| format!("{}{rest}", y + 18));
        if adult.is_some_and(|a| m.joined_on < a) {
            return Err(bad("joined_on", ErrorCode::InvalidDate));
        }
    }
    if let Some(v) = &patch.mobile {
        m.mobile = Mobile::parse(v)
            .map_err(|c| bad("mobile", c))?
            .as_str()
            .to_string();
    }
    if let Some(v) = &patch.education {
        m.education = text("education", v, 20)?;
    }
    if let Some(v) = &patch.job {
        m.job = text("job", v, 40)?;
    }
    if let Some(v) = &patch.employer {
        m.employer = optional_text("employer", v, 60)?;
    }
    if let Some(v) = &patch.status {
        m.status = MemberStatus::parse(v).map_err(|c| bad("status", c))?;
    }
    if let Some(v) = &patch.full_on {
        m.full_on = match v.trim() {
            "" => None,
            d => Some(Date::parse(d).map_err(|c| bad("full_on", c))?.to_string()),
        };
    }
    if let Some(v) = &patch.flowing_destination {
        m.flowing_destination = optional_text("flowing_destination", v, 60)?;
    }
    if let Some(v) = &patch.rewards_penalties {
        m.rewards_penalties = optional_text("rewards_penalties", v, 500)?;
    }
    if let Some(v) = &patch.remarks {
        m.remarks = optional_text("remarks", v, domain::import::MAX_FREE_TEXT_CHARS)?;
    }
    if let Some(h) = patch.training_hours {
        if !(0..=10_000).contains(&h) {
            return Err(bad("training_hours", ErrorCode::BadRequest));
        }
        m.training_hours = h;
    }
    let dates_changed = m.full_on != current.full_on || m.joined_on != current.joined_on;
    if dates_changed && m.full_on.as_ref().is_some_and(|f| *f < m.joined_on) {
        return Err(bad("full_on", ErrorCode::InvalidDate));
    }
    // A full member has a date made full; a probationary one has none yet.
    match (m.status, &m.full_on) {
        (MemberStatus::Full, None) => return Err(bad("full_on", ErrorCode::InvalidDate)),
        (MemberStatus::Probationary, Some(_)) => {
            return Err(bad("status", ErrorCode::InvalidMemberStatus))
        }
        _ => {}
    }
    Ok(m)
}

/// Writes the new file and its trail event (and the login mobile, if it changed) in one
/// transaction. `MobileTaken` when the mobile number belongs to someone else; a refused field
/// is named.
pub async fn update(
    db: &Db,
    actor_account_id: domain::AccountId,
    member_id: domain::MemberId,
    patch: &MemberPatch,
) -> ServiceResult<MemberRecord> {
    let conflict_or_internal = |e: sqlx::Error| -> ServiceError {
        let taken = e.as_database_error().filter(|d| d.is_unique_violation());
        if let Some(d) = taken {
            // Two unique columns: the constraint's text names the one that clashed.
            if d.message().contains("id_number")
                || d.constraint().is_some_and(|c| c.contains("id_number"))
            {
                ServiceError::field("id_number", ErrorCode::IdNumberTaken)
            } else {
                ErrorCode::MobileTaken.into()
            }
        } else {
            ServiceError::internal("updating a member file", e)
        }
    };
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        tx.lock().await?;
        let current: MemberRecord =
            sqlx::query_as(&format!("SELECT {MEMBER_COLUMNS} FROM members WHERE id = $1"))
                .bind(member_id)
                .fetch_optional(&mut *tx)
                .await
                ?
                .ok_or(ErrorCode::NotFound)?;
        // A member who has left is history: the file stays as it was (docs/rules.md).
        if current.standing.has_left() {
            return Err(ErrorCode::MemberHasLeft.into());
        }
        let next = match apply(patch, &current) {
            Ok(next) => next,
            Err(f) => return Err(ServiceError::field(f.field, f.code)),
        };
        if next == current {
            return Ok(current);
        }
        sqlx::query(
            "UPDATE members SET name = $1, mobile = $2, education = $3, job = $4, employer = $5, \
             status = $6, full_on = $7, flowing_destination = $8, rewards_penalties = $9, \
             training_hours = $10, id_number = $11, birth_date = $12, sex = $13, ethnicity = $14, \
             joined_on = $15, remarks = $16 WHERE id = $17",
        )
        .bind(&next.name)
        .bind(&next.mobile)
        .bind(&next.education)
        .bind(&next.job)
        .bind(&next.employer)
        .bind(next.status)
        .bind(&next.full_on)
        .bind(&next.flowing_destination)
        .bind(&next.rewards_penalties)
        .bind(next.training_hours)
        .bind(&next.id_number)
        .bind(&next.birth_date)
        .bind(&next.sex)
        .bind(&next.ethnicity)
        .bind(&next.joined_on)
        .bind(&next.remarks)
        .bind(member_id)
        .execute(&mut *tx)
        .await
        .map_err(conflict_or_internal)?;
        tx.append(Change {
            actor: Some(actor_account_id),
            action: "member.update",
            entity: "members",
            entity_id: Some(member_id.to_string()),
            before: Some(to_json(&current)),
            after: Some(to_json(&next)),
        })
        .await
        ?;
        if next.mobile != current.mobile {
            // The member logs in with the number on their file.
            let account: Option<AccountRecord> = sqlx::query_as(
                "SELECT id, member_id, mobile, display_name, password_hash, role, scope_org_id, \
                 must_change_password, disabled, created_at FROM accounts WHERE member_id = $1",
            )
            .bind(member_id)
            .fetch_optional(&mut *tx)
            .await
            ?;
            if let Some(before) = account {
                let after = AccountRecord { mobile: next.mobile.clone(), ..before.clone() };
                sqlx::query("UPDATE accounts SET mobile = $1 WHERE id = $2")
                    .bind(&after.mobile)
                    .bind(after.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(conflict_or_internal)?;
                tx.append(Change {
                    actor: Some(actor_account_id),
                    action: "account.mobile",
                    entity: "accounts",
                    entity_id: Some(after.id.to_string()),
                    before: Some(to_json(&before)),
                    after: Some(to_json(&after)),
                })
                .await
                ?;
            }
        }
        tx.commit().await?;
        Ok(next)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member() -> MemberRecord {
        MemberRecord {
            id: MemberId::new(1).unwrap(),
            org_id: OrgId::new(2).unwrap(),
            name: "张三".into(),
            sex: "男".into(),
            ethnicity: "汉族".into(),
            birth_date: "1980-01-01".into(),
            id_number: "11010519491231002X".into(),
            mobile: "13900000000".into(),
            education: "本科".into(),
            joined_on: "2005-07-01".into(),
            full_on: Some("2006-07-01".into()),
            status: MemberStatus::Full,
            job: "村干部".into(),
            employer: None,
            dues_category: "employed".into(),
            dues_base_fen: 300_000,
            flowing_destination: None,
            rewards_penalties: None,
            training_hours: 0,
            created_at: "2026-11-01T00:00:00Z".into(),
            remarks: None,
            standing: Default::default(),
            standing_since: None,
            standing_reason: None,
            probation_extension_months: None,
        }
    }

    #[test]
    fn applies_valid_fields_and_clears_with_empty_text() {
        let mut m = member();
        m.employer = Some("某单位".into());
        let patch = MemberPatch {
            job: Some(" 教师 ".into()),
            employer: Some(String::new()),
            training_hours: Some(32),
            ..MemberPatch::default()
        };
        let next = apply(&patch, &m).unwrap();
        assert_eq!(next.job, "教师");
        assert_eq!(next.employer, None);
        assert_eq!(next.training_hours, 32);
    }

    #[test]
    fn names_the_bad_field() {
        let patch = MemberPatch {
            mobile: Some("12345".into()),
            ..MemberPatch::default()
        };
        assert_eq!(apply(&patch, &member()).unwrap_err().field, "mobile");
        let patch = MemberPatch {
            status: Some("probationary".into()),
            ..MemberPatch::default()
        };
        assert_eq!(apply(&patch, &member()).unwrap_err().field, "status");
        let patch = MemberPatch {
            training_hours: Some(-1),
            ..MemberPatch::default()
        };
        assert_eq!(
            apply(&patch, &member()).unwrap_err().field,
            "training_hours"
        );
    }

    #[test]
    fn identity_corrections_keep_the_file_consistent() {
        let m = MemberRecord {
            sex: "female".into(),
            ..member()
        };
        // A corrected ID number brings its birth date; the sex must agree with it.
        let patch = MemberPatch {
            id_number: Some("110105198501020042".into()),
            ..MemberPatch::default()
        };
        let next = apply(&patch, &m).unwrap();
        assert_eq!(
            (next.id_number.as_str(), next.birth_date.as_str()),
            ("110105198501020042", "1985-01-02")
        );
        let patch = MemberPatch {
            sex: Some("男".into()),
            ..MemberPatch::default()
        };
        assert_eq!(
            apply(&patch, &m).unwrap_err(),
            bad("sex", ErrorCode::InvalidSex)
        );
        let patch = MemberPatch {
            id_number: Some("110105198501020043".into()),
            ..MemberPatch::default()
        };
        assert_eq!(apply(&patch, &m).unwrap_err().field, "id_number");
        // Joining before 18, or becoming full before joining, is refused.
        let patch = MemberPatch {
            joined_on: Some("1996-12-31".into()),
            ..MemberPatch::default()
        };
        assert_eq!(apply(&patch, &m).unwrap_err().field, "joined_on");
        let patch = MemberPatch {
            joined_on: Some("2007-01-01".into()),
            ..MemberPatch::default()
        };
        assert_eq!(apply(&patch, &m).unwrap_err().field, "full_on");
        let patch = MemberPatch {
            ethnicity: Some("瑶".into()),
            ..MemberPatch::default()
        };
        assert_eq!(apply(&patch, &m).unwrap().ethnicity, "瑶族");
    }
}
