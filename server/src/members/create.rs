//! 新增党员: one member added by an administrator in scope, checked exactly as an import row is
//! (docs/operations.md#importing) and written the same way, with the administrator in the trail.

use domain::{
    access::Action,
    import::{Cell, Problem},
    ErrorCode, MemberId, OrgId,
};

use crate::{
    access::Actor,
    error::ServiceResult,
    import::{apply_members, check_member_rows, Checked, Progress},
    storage::Db,
};

/// The form, as typed: the import's columns, the organization chosen by id.
#[derive(Clone, Debug, Default)]
pub struct NewMember {
    pub org_id: i64,
    pub name: String,
    pub sex: String,
    pub ethnicity: String,
    pub id_number: String,
    pub mobile: String,
    pub education: String,
    pub joined_on: String,
    pub full_on: String,
    pub dues_category: String,
    pub flowing_destination: String,
    pub remarks: String,
}

/// The new member's id, or every problem of the form (by the import's column names).
pub async fn create(
    db: &Db,
    actor: &Actor,
    form: &NewMember,
) -> ServiceResult<Result<MemberId, Vec<Problem>>> {
    let org = crate::orgs::find(db, OrgId::new(form.org_id)?)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    actor.require(Action::EditMemberFile, actor.reach_org(&org.path))?;
    // A dissolved organization takes no one in (its roles may outlive it).
    if org.dissolved_at.is_some() {
        return Err(ErrorCode::OrgDissolved.into());
    }
    let text = |v: &str| {
        let v = v.trim();
        if v.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(v.to_owned())
        }
    };
    let cells = vec![
        text(&form.name),
        text(&form.sex),
        text(&form.ethnicity),
        text(&form.id_number),
        text(&form.mobile),
        Cell::Empty,
        text(&form.education),
        text(&form.joined_on),
        text(&form.full_on),
        Cell::Text(org.name.clone()),
        text(&form.dues_category),
        text(&form.flowing_destination),
        text(&form.remarks),
    ];
    let today = crate::clock::today_china();
    let plan = match check_member_rows(db, &[(2, cells)], today, &Progress::default()).await? {
        Checked::Refused(problems) => return Ok(Err(problems)),
        Checked::Ready(plan) => plan,
    };
    if plan.outcome().created == 0 {
        return Ok(Err(vec![Problem {
            row: 2,
            column: "公民身份号码",
            message: "这个身份证号已登记为党员：请在其档案中修改".to_owned(),
        }]));
    }
    let (_, created) =
        apply_members(db, &plan, Some(actor.account_id), &Progress::default()).await?;
    let id = created.first().copied().ok_or(ErrorCode::Internal)?;
    tracing::info!(
        account_id = actor.account_id.get(),
        member_id = id.get(),
        "member added"
    );
    Ok(Ok(id))
}
