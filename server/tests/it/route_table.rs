//! Every HTTP route and server function, with who may call it: a table no route can escape
//! (docs/security.md#the-access-matrix). The router's own paths and the registered server
//! functions are enumerated and compared with the table both ways; then every entry is called
//! without a session and as an account whose one-time password is unchanged, over HTTP, on
//! both engines, against the hand-written expectation. Who may do what to whom with a session is
//! each row's `who`, called by `route_matrix.rs`.

use crate::common::{self, login_cookie, scalar_i64};

use reqwest::{Method, StatusCode};
use server::seed::DemoPlan;

/// Without a session.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Anon {
    /// Refused: `unauthorized` (or, for a plain form post, sent to the sign-in page).
    Refused,
    /// Nothing to show: `null`, as a page without a signed-in member asks.
    Null,
    /// Open to anyone: signing in, the county's public rules, the health check, WeChat Pay's
    /// signed notification, the simulator (which answers this machine only).
    Open,
}

/// As an account whose one-time password is unchanged.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Otp {
    /// Refused: `password_change_required`.
    Refused,
    /// Needed before the password is changed, or nothing personal.
    Open,
}

/// What a row's call is aimed at, for the role matrix (`route_matrix.rs`): `{t}` in its body
/// or `{id}` / `{*key}` in its path is filled with one of these.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum T {
    /// Nothing: the call is about the caller, or the county as a whole.
    None,
    /// A member's file.
    Member,
    /// A member's account.
    Account,
    /// An organization.
    Org,
    /// A meeting (organizational life).
    Meeting,
    /// An assistance team.
    Team,
    /// A study item.
    Study,
    /// A suggestion.
    Suggestion,
    /// An import job.
    Job,
    /// A stored file: a meeting photo.
    File,
    /// A task (党建任务), placed at the organization that sent it.
    Task,
    /// One recipient's part of a task, placed at the recipient organization.
    Assignment,
}

pub(crate) struct Entry {
    pub(crate) method: &'static str,
    pub(crate) path: &'static str,
    /// A form (server functions) or JSON (the API) of the right shape; the refusal comes
    /// before anything is read from it. For a GET, the query.
    pub(crate) body: &'static str,
    anon: Anon,
    otp: Otp,
    pub(crate) target: T,
    /// Who may call it with a session, by hand: see `route_matrix::Spec`.
    pub(crate) who: &'static str,
}

const fn fun(
    path: &'static str,
    body: &'static str,
    anon: Anon,
    otp: Otp,
    target: T,
    who: &'static str,
) -> Entry {
    Entry {
        method: "POST",
        path,
        body,
        anon,
        otp,
        target,
        who,
    }
}

const fn route(
    method: &'static str,
    path: &'static str,
    anon: Anon,
    otp: Otp,
    target: T,
    who: &'static str,
) -> Entry {
    route_with(method, path, "{}", anon, otp, target, who)
}

const fn route_with(
    method: &'static str,
    path: &'static str,
    body: &'static str,
    anon: Anon,
    otp: Otp,
    target: T,
    who: &'static str,
) -> Entry {
    Entry {
        method,
        path,
        body,
        anon,
        otp,
        target,
        who,
    }
}

pub(crate) const TABLE: &[Entry] = &[
    route("GET", "/api/v1/openapi.json", Anon::Open, Otp::Open, T::None, "*"),
    route("GET", "/api/v1/docs", Anon::Open, Otp::Open, T::None, "*"),
    fun("/api/my_roles", "", Anon::Open, Otp::Open, T::None, "C c s a m"),
    fun("/api/switch_role", "role=x&scope_org_id=1", Anon::Refused, Otp::Refused, T::None, "C c s a m"),
    fun("/api/load_account_admin", "member_id={t}", Anon::Null, Otp::Refused, T::Member, "null: C:b c:b s:r"),
    fun("/api/account_step", "member_id={t}&step=sign_out", Anon::Refused, Otp::Refused, T::Member, "C:b c:b s:r"),
    fun("/api/grant_role", "member_id={t}&role_at_org=branch_admin@{org}", Anon::Refused, Otp::Refused, T::Member, "C:b c:b"),
    fun("/api/revoke_role", "member_id={t}&role=branch_admin&scope_org_id={org}", Anon::Refused, Otp::Refused, T::Member, "C:b c:b"),
    fun("/api/assistance", "", Anon::Null, Otp::Refused, T::None, "C c s a m"),
    fun("/api/station_team", "org_id={t}&name=x&village=x&started_on=x&leader_mobile=x&member_mobiles=x", Anon::Refused, Otp::Refused, T::Org, "C:rb c:rb"),
    fun("/api/update_team", "team_id={t}&name=x&village=x&leader_mobile=x&member_mobiles=x&ended_on=x", Anon::Refused, Otp::Refused, T::Team, "C:b c:r"),
    fun("/api/assistance_team", "id={t}", Anon::Null, Otp::Refused, T::Team, "C:b c:r a:b"),
    // A team's own leader writes its summary; no demo role leads one.
    fun("/api/assistance_summary", "team_id={t}&month=x&content=x", Anon::Refused, Otp::Refused, T::Team, ""),
    fun("/api/login", "mobile=x&password=x", Anon::Open, Otp::Open, T::None, "*"),
    fun("/api/change_password", "current=x&new_password=x&confirm=x", Anon::Refused, Otp::Open, T::None, "C c s a m"),
    fun("/api/logout", "", Anon::Open, Otp::Open, T::None, "*"),
    fun("/api/current_user", "", Anon::Null, Otp::Open, T::None, "C c s a m"),
    fun("/api/my_dues", "", Anon::Null, Otp::Refused, T::None, "C c s a m"),
    fun("/api/dues_rules", "", Anon::Open, Otp::Open, T::None, "*"),
    fun("/api/submit_dues_base", "category=x", Anon::Refused, Otp::Refused, T::None, "C c s a m"),
    fun("/api/admin_dues", "", Anon::Null, Otp::Refused, T::None, "C c s a"),
    fun("/api/dues_admin", "verb=note&member_id={t}&text=", Anon::Refused, Otp::Refused, T::Member, "C:b c:b s:r"),
    fun("/api/dues_ledger", "org={t}&year=2026", Anon::Null, Otp::Refused, T::Org, "C:rb c:rb s:r a:rb"),
    fun("/api/archive", "section=theme_day&org={t}", Anon::Null, Otp::Refused, T::Org, "C:rb c:rb s:r a:rb"),
    fun("/api/load_import_job", "job={t}", Anon::Refused, Otp::Refused, T::Job, "C:o"),
    fun("/api/inbox", "", Anon::Null, Otp::Refused, T::None, "C c s a m"),
    fun("/api/unread_count", "", Anon::Open, Otp::Open, T::None, "C c s a m"),
    fun("/api/load_member", "id={t}", Anon::Null, Otp::Refused, T::Member, "C:ob c:ob s:or a:ob m:o"),
    fun("/api/update_member", "id={t}&name=x&id_number=x&sex=x&ethnicity=x&joined_on=x&mobile=x&education=x&job=x&employer=x&status=x&full_on=x&flowing_destination=x&rewards_penalties=x&training_hours=0", Anon::Refused, Otp::Refused, T::Member, "C:ob c:ob s:or"),
    fun("/api/create_member", "org_id={t}&name=x&sex=x&ethnicity=x&id_number=x&mobile=x&education=x&joined_on=x&full_on=x&dues_category=x&flowing_destination=x", Anon::Refused, Otp::Refused, T::Org, "C:rb c:rb s:r"),
    fun("/api/propose_conversion", "id={t}&meeting_on=x&entitled=x&in_favour=x&against=x&abstaining=x", Anon::Refused, Otp::Refused, T::Member, "C:b c:b s:r"),
    fun("/api/decide_conversion", "id={t}&conversion_id=1&decision=x", Anon::Refused, Otp::Refused, T::Member, "C:b c:b"),
    fun("/api/change_standing", "id={t}&change=x&on=x&reason=x", Anon::Refused, Otp::Refused, T::Member, "C:b c:b"),
    fun("/api/notices", "", Anon::Null, Otp::Refused, T::None, "C c s a m"),
    fun("/api/post_notice", "org_id={t}&title=x&body=x", Anon::Refused, Otp::Refused, T::Org, "C:rb c:rb s:r"),
    fun("/api/todo", "", Anon::Null, Otp::Refused, T::None, "C c s a m"),
    fun("/api/org_life", "", Anon::Null, Otp::Refused, T::None, "C c s a m"),
    fun("/api/plan_meeting", "org_id={t}&kind=x&topic=x&starts_at=x&ends_at=x&place=x", Anon::Refused, Otp::Refused, T::Org, "C:rb c:rb s:r"),
    fun("/api/meeting", "id={t}", Anon::Null, Otp::Refused, T::Meeting, "C:b c:b s:r a:b m:r"),
    fun("/api/meeting_sign_in", "code=x", Anon::Refused, Otp::Refused, T::None, "C c s a m"),
    fun("/api/meeting_leave", "meeting_id={t}&reason=x", Anon::Refused, Otp::Refused, T::Meeting, "s:r m:r"),
    fun("/api/meeting_mark", "meeting_id={t}&member_id=1&status=x&reason=x", Anon::Refused, Otp::Refused, T::Meeting, "s:r"),
    fun("/api/meeting_save", "meeting_id={t}&host=x&recorder=x&minutes=x&decisions=x", Anon::Refused, Otp::Refused, T::Meeting, "s:r"),
    fun("/api/meeting_submit", "meeting_id={t}", Anon::Refused, Otp::Refused, T::Meeting, "s:r"),
    fun("/api/meeting_review", "meeting_id={t}&decision=return&comment=", Anon::Refused, Otp::Refused, T::Meeting, "C:b c:b"),
    // A filter, not a target: a branch outside the scope selects nothing.
    fun("/api/review_queue", "branch={t}&days=1", Anon::Null, Otp::Refused, T::Org, "C:rbx c:rbx"),
    // A filter, not a target: a branch outside the scope selects nothing.
    fun("/api/compliance", "org={t}", Anon::Null, Otp::Refused, T::Org, "C:rb c:rbx s:rx a:rb"),
    fun("/api/set_orglife_rules", "branch_assembly=x&branch_committee=x&party_group=x&party_lecture=x&theme_party_day=x&org_life_meeting=x&democratic_appraisal=x", Anon::Refused, Otp::Refused, T::None, "C"),
    fun("/api/load_org", "id={t}&page=1", Anon::Null, Otp::Refused, T::Org, "C:rb c:rb s:r a:rb m:r"),
    fun("/api/create_org", "parent_id={t}&org_name=x&org_kind=x", Anon::Refused, Otp::Refused, T::Org, "C:rb c:rb"),
    fun("/api/rename_org", "id={t}&org_name=", Anon::Refused, Otp::Refused, T::Org, "C:rb c:b"),
    fun("/api/move_org", "id={t}&new_parent={t}", Anon::Refused, Otp::Refused, T::Org, "C:rb c:b"),
    fun("/api/set_org_term", "id={t}&term_start=x&term_years=5", Anon::Refused, Otp::Refused, T::Org, "C:rb c:b"),
    fun("/api/dissolve_org", "id={t}", Anon::Refused, Otp::Refused, T::Org, "C:rb c:b"),
    fun("/api/merge_org", "id={t}&into={t}&confirmed=1", Anon::Refused, Otp::Refused, T::Org, "C:rb c:b"),
    fun("/api/appoint_leader", "id={t}&leader=1&position=x&since=x", Anon::Refused, Otp::Refused, T::Org, "C:rb c:b"),
    fun("/api/remove_leader", "id={t}&leader=1&position=x", Anon::Refused, Otp::Refused, T::Org, "C:rb c:b"),
    fun("/api/my_points", "", Anon::Open, Otp::Refused, T::None, "C c s a m"),
    fun("/api/rankings", "full=false", Anon::Null, Otp::Refused, T::None, "C c s a m"),
    route_with("GET", "/rankings.xlsx", "year=0", Anon::Refused, Otp::Refused, T::None, "C c s a m"),
    fun("/api/command", "", Anon::Null, Otp::Refused, T::None, "C c a"),
    route_with("GET", "/command/map", "", Anon::Refused, Otp::Refused, T::None, "C c a"),
    route_with("GET", "/command/map/branches/{id}", "", Anon::Refused, Otp::Refused, T::Org, "C:rb c:rb a:rb"),
    fun("/api/streams", "", Anon::Null, Otp::Refused, T::None, "C c s a m"),
    fun("/api/video_page", "org={t}", Anon::Null, Otp::Refused, T::Org, "C:rb c:rb s:rb a:rb m:r"),
    fun("/api/register_stream", "stream[org]={t}&stream[name]=x&stream[url]=x&stream[hours]=x", Anon::Refused, Otp::Refused, T::Org, "C:rb s:r"),
    fun("/api/remove_stream", "org={t}", Anon::Refused, Otp::Refused, T::Org, "C:rb s:r"),
    fun("/api/set_visibility", "member_ranking=x&branch_ranking=x&committee_ranking=x&lists=x&ranking_nudges=x", Anon::Refused, Otp::Refused, T::None, "C"),
    fun("/api/my_standing", "", Anon::Null, Otp::Refused, T::None, "C c s a m"),
    fun("/api/search_people", "q=x", Anon::Refused, Otp::Refused, T::None, "C c s a"),
    fun("/api/settings", "", Anon::Refused, Otp::Refused, T::None, "C"),
    fun("/api/api_tokens", "", Anon::Refused, Otp::Refused, T::None, "C"),
    fun("/api/create_api_token", "token[name]=x&token[days]=1&token[scope:orgs:read]=on", Anon::Refused, Otp::Refused, T::None, "C"),
    fun("/api/revoke_api_token", "id=1", Anon::Refused, Otp::Refused, T::None, "C"),
    fun("/api/save_point_rules", "table[x]=1", Anon::Refused, Otp::Refused, T::None, "C"),
    fun("/api/save_list_policy", "lists[x]=1", Anon::Refused, Otp::Refused, T::None, "C"),
    fun("/api/save_deadlines", "lead[x]=1", Anon::Refused, Otp::Refused, T::None, "C"),
    fun("/api/save_dues_rounding", "rounding=x", Anon::Refused, Otp::Refused, T::None, "C"),
    fun("/api/save_score_weights", "weights[x]=1", Anon::Refused, Otp::Refused, T::None, "C"),
    fun("/api/study", "", Anon::Null, Otp::Refused, T::None, "C c s a m"),
    // Study items are for the county's whole audience: outside a committee's scope, above it.
    fun("/api/study_item", "id={t}", Anon::Null, Otp::Refused, T::Study, "C:r c:x s:x a:r m:x"),
    fun("/api/study_progress", "id={t}&position=1&percent=1", Anon::Refused, Otp::Refused, T::Study, "C:r c:x s:x a:r m:x"),
    fun("/api/finish_study", "id={t}", Anon::Refused, Otp::Refused, T::Study, "C:r c:x s:x a:r m:x"),
    fun("/api/submit_quiz", "id={t}&answers[q0]=0", Anon::Refused, Otp::Refused, T::Study, "C:r c:x s:x a:r m:x"),
    fun("/api/admin_study", "edit={t}", Anon::Null, Otp::Refused, T::Study, "C:r"),
    fun("/api/save_study_item", "draft[id]=0&draft[kind]=article&draft[column_name]=x&draft[title]=x&draft[body_md]=x&draft[video_url]=&draft[quiz_src]=&draft[audience_org_id]={t}&draft[publish_at]=x", Anon::Refused, Otp::Refused, T::Org, "C:rb c:rb"),
    fun("/api/withdraw_study_item", "id={t}", Anon::Refused, Otp::Refused, T::Study, "C:r"),
    fun("/api/preview_markdown", "markdown=x", Anon::Refused, Otp::Refused, T::None, "C c s a m"),
    fun("/api/suggestions", "", Anon::Null, Otp::Refused, T::None, "C c s a m"),
    fun("/api/submit_suggestion", "to=x&title=x&body=x", Anon::Refused, Otp::Refused, T::None, "C c s a m"),
    fun("/api/handle_suggestion", "id={t}&verb=reply&reply=", Anon::Refused, Otp::Refused, T::Suggestion, "C:b c:rb s:r"),
    fun("/api/tasks", "", Anon::Null, Otp::Refused, T::None, "C c s a m"),
    // A task is read by its sender, its recipients and whoever oversees a recipient. The
    // committee's task names a branch beside the secretaries' (`x` for them: refused); the
    // county's, above the committee, sends to branches the committee follows (`x`: allowed).
    fun("/api/task", "id={t}", Anon::Null, Otp::Refused, T::Task, "C:rb c:rx a:rb"),
    fun("/api/dispatch_task", "task[title]=x&task[deadline]=x&task[evidence]=text&task[addressed]=orgs&task[orgs][{t}]=on", Anon::Refused, Otp::Refused, T::Org, "C:b c:b"),
    // A committee reports what the county addressed to it (the demo's winter-training task).
    fun("/api/report_task", "assignment_id={t}&text=x", Anon::Refused, Otp::Refused, T::Assignment, "c:r s:r"),
    fun("/api/review_task", "assignment_id={t}&decision=accept&note=", Anon::Refused, Otp::Refused, T::Assignment, "C:b c:b"),
    fun("/api/trail", "filter[org]=", Anon::Refused, Otp::Refused, T::None, "C a"),
    fun("/api/check_trail", "", Anon::Refused, Otp::Refused, T::None, "C a"),
    // Outside the app: the health check, paying, the ledger, uploaded files, the import form.
    route("GET", "/healthz", Anon::Open, Otp::Open, T::None, "*"),
    route("POST", "/dues/pay", Anon::Refused, Otp::Refused, T::None, "C c s a m"),
    route("POST", "/admin/import/upload", Anon::Refused, Otp::Refused, T::None, "C"),
    route("GET", "/dues/wechat/oauth", Anon::Refused, Otp::Refused, T::None, "C c s a m"),
    route_with("GET", "/dues/ledger.xlsx", "org={t}&year=2026", Anon::Refused, Otp::Refused, T::Org, "C:rb c:rb s:r a:rb"),
    route("GET", "/files/{*key}", Anon::Refused, Otp::Refused, T::File, "C:b c:b s:r m:o"),
    // The JSON API.
    route("GET", "/api/v1/dues/quote", Anon::Open, Otp::Open, T::None, "*"),
    route("POST", "/api/v1/dues/wechat/notify", Anon::Open, Otp::Open, T::None, "*"),
    route("GET", "/api/v1/members/{id}", Anon::Refused, Otp::Refused, T::Member, "C:ob c:ob s:or a:ob m:o"),
    route("PATCH", "/api/v1/members/{id}", Anon::Refused, Otp::Refused, T::Member, "C:ob c:ob s:or"),
    route("GET", "/api/v1/members/{id}/history", Anon::Refused, Otp::Refused, T::Member, "C:ob c:ob s:or a:ob m:o"),
    route("GET", "/api/v1/members/{id}/conversions", Anon::Refused, Otp::Refused, T::Member, "C:ob c:ob s:or a:ob m:o"),
    route_with("POST", "/api/v1/members/{id}/conversions", "{\"meeting_on\":\"2026-01-01\",\"entitled\":0,\"in_favour\":0,\"against\":0,\"abstaining\":0}", Anon::Refused, Otp::Refused, T::Member, "C:b c:b s:r"),
    route_with("POST", "/api/v1/members/{id}/conversions/{conversion}/decision", "{\"decision\":\"nonsense\"}", Anon::Refused, Otp::Refused, T::Member, "C:b c:b"),
    route_with("POST", "/api/v1/members/{id}/standing", "{\"change\":\"restore\",\"on\":\"2026-01-01\",\"reason\":\"矩阵\"}", Anon::Refused, Otp::Refused, T::Member, "C:b c:b"),
    route("POST", "/api/v1/members/{id}/account", Anon::Refused, Otp::Refused, T::Member, "C:b c:b s:r"),
    route("POST", "/api/v1/accounts/{id}/reset", Anon::Refused, Otp::Refused, T::Account, "C:b c:b s:r"),
    route("POST", "/api/v1/accounts/{id}/disable", Anon::Refused, Otp::Refused, T::Account, "C:b c:b s:r"),
    route("POST", "/api/v1/accounts/{id}/enable", Anon::Refused, Otp::Refused, T::Account, "C:b c:b s:r"),
    route("POST", "/api/v1/accounts/{id}/sign-out", Anon::Refused, Otp::Refused, T::Account, "C:b c:b s:r"),
    route("GET", "/api/v1/accounts/{id}/roles", Anon::Refused, Otp::Refused, T::Account, "C:b c:b s:r"),
    route_with("POST", "/api/v1/accounts/{id}/roles", "{\"role\":\"branch_admin\",\"scope_org_id\":{org}}", Anon::Refused, Otp::Refused, T::Account, "C:b c:b"),
    route_with("POST", "/api/v1/accounts/{id}/roles/revoke", "{\"role\":\"branch_admin\",\"scope_org_id\":{org}}", Anon::Refused, Otp::Refused, T::Account, "C:b c:b"),
    route("GET", "/api/v1/session/roles", Anon::Refused, Otp::Refused, T::None, "C c s a m"),
    route("POST", "/api/v1/session/role", Anon::Refused, Otp::Refused, T::None, "C c s a m"),
    route("GET", "/api/v1/orgs/{id}", Anon::Refused, Otp::Refused, T::Org, "C:rb c:rb s:r a:rb m:r"),
    route_with("PATCH", "/api/v1/orgs/{id}", "{\"name\":\"\"}", Anon::Refused, Otp::Refused, T::Org, "C:rb c:b"),
    route_with("POST", "/api/v1/orgs/{id}/children", "{\"name\":\"\",\"kind\":\"branch\"}", Anon::Refused, Otp::Refused, T::Org, "C:rb c:rb"),
    route_with("POST", "/api/v1/orgs/{id}/move", "{\"parent_id\":{t}}", Anon::Refused, Otp::Refused, T::Org, "C:rb c:b"),
    route("POST", "/api/v1/orgs/{id}/dissolve", Anon::Refused, Otp::Refused, T::Org, "C:rb c:b"),
    route_with("POST", "/api/v1/orgs/{id}/merge", "{\"into\":{t}}", Anon::Refused, Otp::Refused, T::Org, "C:rb c:b"),
    route_with("POST", "/api/v1/orgs/{id}/leaders", "{\"member_id\":1,\"position\":\"皇帝\",\"since\":\"2026-01-01\"}", Anon::Refused, Otp::Refused, T::Org, "C:rb c:b"),
    route_with("POST", "/api/v1/orgs/{id}/leaders/remove", "{\"member_id\":1,\"position\":\"皇帝\"}", Anon::Refused, Otp::Refused, T::Org, "C:rb c:b"),
    route("GET", "/api/v1/orgs/{id}/history", Anon::Refused, Otp::Refused, T::Org, "C:rb c:rb s:r a:rb"),
    route_with("PUT", "/api/v1/orgs/{id}/term", "{\"term_start\":\"2031-01-01\",\"term_end\":\"2026-01-01\"}", Anon::Refused, Otp::Refused, T::Org, "C:rb c:b"),
    route("GET", "/api/v1/orgs/{id}/members", Anon::Refused, Otp::Refused, T::Org, "C:rb c:rb s:r a:rb"),
    route("GET", "/api/v1/orgs/{id}/members.xlsx", Anon::Refused, Otp::Refused, T::Org, "C:rb c:rb s:r a:rb"),
    route("GET", "/api/v1/orgs/{id}/dues/{year}", Anon::Refused, Otp::Refused, T::Org, "C:rb c:rb s:r a:rb"),
    route("GET", "/api/v1/search", Anon::Refused, Otp::Refused, T::None, "C c s a"),
    route("GET", "/api/v1/import/templates/{kind}", Anon::Refused, Otp::Refused, T::None, "C"),
    route("POST", "/api/v1/import/{kind}", Anon::Refused, Otp::Refused, T::None, "C"),
    route("GET", "/api/v1/import/jobs/{id}", Anon::Refused, Otp::Refused, T::Job, "C:o"),
    // The county's own job is a dry run, with no passwords to hand over: nothing for anyone.
    route("GET", "/api/v1/import/jobs/{id}/passwords/{n}", Anon::Refused, Otp::Refused, T::Job, ""),
    route("GET", "/api/v1/audit/events", Anon::Refused, Otp::Refused, T::None, "C a"),
    route("GET", "/api/v1/audit/verify", Anon::Refused, Otp::Refused, T::None, "C a"),
    route("POST", "/api/v1/org-life/{id}/photos", Anon::Refused, Otp::Refused, T::Meeting, "s:r"),
    // A team's members report visits; no demo role is on a team.
    route("POST", "/api/v1/assistance/{id}/visits", Anon::Refused, Otp::Refused, T::Team, ""),
    route("POST", "/api/v1/tasks/assignments/{id}/report", Anon::Refused, Otp::Refused, T::Assignment, "c:r s:r"),
    route("POST", "/api/v1/uploads/images", Anon::Refused, Otp::Refused, T::None, "C c"),
    // The payment simulator (demo and test builds): this machine only, its own protocol.
    route("POST", "/paysim/v3/pay/transactions/h5", Anon::Open, Otp::Open, T::None, "*"),
    route("POST", "/paysim/v3/pay/transactions/jsapi", Anon::Open, Otp::Open, T::None, "*"),
    route("GET", "/paysim/v3/pay/transactions/out-trade-no/{out_trade_no}", Anon::Open, Otp::Open, T::None, "*"),
    route("POST", "/paysim/v3/pay/transactions/out-trade-no/{out_trade_no}/close", Anon::Open, Otp::Open, T::None, "*"),
    route("GET", "/paysim/checkout/{prepay_id}", Anon::Open, Otp::Open, T::None, "*"),
    route("POST", "/paysim/checkout/{prepay_id}/confirm", Anon::Open, Otp::Open, T::None, "*"),
    route("GET", "/paysim/notifications/{out_trade_no}", Anon::Open, Otp::Open, T::None, "*"),
    route("GET", "/paysim/connect/oauth2/authorize", Anon::Open, Otp::Open, T::None, "*"),
    route("GET", "/paysim/sns/oauth2/access_token", Anon::Open, Otp::Open, T::None, "*"),
    route("GET", "/paysim/jsbridge.js", Anon::Open, Otp::Open, T::None, "*"),
    route("POST", "/paysim/jsapi/pay", Anon::Open, Otp::Open, T::None, "*"),
];

/// A path with its placeholders filled in (the target, when there is one, by `1`).
pub(crate) fn concrete(path: &str) -> String {
    path.replace("{*key}", "study/nothing.png")
        .replace("{kind}", "orgs")
        .replace("{n}", "1")
        .replace("{out_trade_no}", "DUES0")
        .replace("{prepay_id}", "wx0")
        .replace("{conversion}", "1")
        .replace("{year}", "2026")
        .replace("{id}", "1")
}

#[test]
fn every_route_and_server_function_is_in_the_table() {
    let mut routed: Vec<(String, String)> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| (method.to_string(), path.to_string()))
        .collect();
    let paths = server::http::route_paths();
    let mut listed: Vec<(String, String)> = TABLE
        .iter()
        .map(|e| (e.method.to_string(), e.path.to_string()))
        .collect();
    // Routes are enumerated by path: each must have at least one row, and each row's path
    // must be routed (its methods are checked over HTTP below).
    for path in &paths {
        assert!(
            TABLE.iter().any(|e| e.path == path),
            "{path} is routed but not in the table"
        );
    }
    for e in TABLE
        .iter()
        .filter(|e| !e.path.starts_with("/api/") || e.path.starts_with("/api/v1/"))
    {
        assert!(
            paths.iter().any(|p| p == e.path),
            "{} {} is in the table but not routed",
            e.method,
            e.path
        );
    }
    listed.retain(|(_, p)| p.starts_with("/api/") && !p.starts_with("/api/v1/"));
    routed.sort();
    listed.sort();
    let missing: Vec<_> = routed.iter().filter(|r| !listed.contains(r)).collect();
    let stale: Vec<_> = listed.iter().filter(|l| !routed.contains(l)).collect();
    assert!(
        missing.is_empty(),
        "server functions not in the table: {missing:?}"
    );
    assert!(stale.is_empty(), "rows for no server function: {stale:?}");
}

/// The OpenAPI description (docs/security.md#the-open-api) names exactly the `/api/v1` routes
/// the table lists, method by method, and says a token may call exactly what its gate lets
/// through.
#[test]
fn the_open_api_description_covers_every_api_route() {
    let doc = server::http::openapi_document();
    let json = serde_json::to_value(&doc).unwrap();
    assert_eq!(json["openapi"], "3.1.0");
    let mut described: Vec<(String, String)> = Vec::new();
    for (path, item) in json["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            described.push((method.to_uppercase(), format!("/api/v1{path}")));
        }
    }
    let mut listed: Vec<(String, String)> = TABLE
        .iter()
        .filter(|e| e.path.starts_with("/api/v1/"))
        .map(|e| (e.method.to_string(), e.path.to_string()))
        .collect();
    described.sort();
    listed.sort();
    assert_eq!(described, listed);
    // Every operation a token may call names its scope; the rest name none.
    let tokens: Vec<String> = json["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .iter()
                .map(move |(m, op)| (path, m, op))
        })
        .filter(|(_, _, op)| {
            op["security"]
                .as_array()
                .is_some_and(|ways| ways.iter().any(|w| w.get("token").is_some()))
        })
        .map(|(path, m, _)| format!("{} {path}", m.to_uppercase()))
        .collect();
    assert_eq!(tokens.len(), 10, "{tokens:?}");
    assert!(tokens.iter().all(|t| t.starts_with("GET ")), "{tokens:?}");
    // Every schema an operation names is in the components.
    let text = json.to_string();
    for reference in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap();
        assert!(
            json["components"]["schemas"].get(name).is_some(),
            "{name} is named but not described"
        );
    }
}

on_both_engines! {
    async fn no_session_and_an_unchanged_one_time_password_get_nothing_personal(app: TestApp, seeded: DemoPlan::new(Some(2_000))) {
        let otp_mobile: String = server::with_pool!(&app.db, pool => {
            sqlx::query_scalar("SELECT mobile FROM accounts WHERE must_change_password = 1 AND disabled = 0 ORDER BY id LIMIT 1")
                .fetch_one(pool).await.unwrap()
        });
        let mut otp = login_cookie(&app, &otp_mobile).await;
        let events = || scalar_i64(&app, "SELECT COUNT(*) FROM audit_events WHERE $1 = $1", "");
        let before = events().await;
        let mut failures = Vec::new();
        for e in TABLE {
            let path = concrete(e.path);
            for (who, cookie) in [("no session", None), ("one-time password", Some(otp.clone()))] {
                let cookie = cookie.as_deref();
                let method = Method::from_bytes(e.method.as_bytes()).unwrap();
                let mut r = app.client.request(method, app.url(&path)).header("accept", "application/json");
                if let Some(c) = cookie {
                    r = r.header("cookie", c);
                }
                r = if e.path == "/admin/import/upload" {
                    let part = reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("orgs.xlsx");
                    r.multipart(reqwest::multipart::Form::new().text("kind", "orgs").part("file", part))
                } else if e.path == "/dues/pay" {
                    r.form(&[("what", "open")])
                } else if e.path.starts_with("/api/") && !e.path.starts_with("/api/v1/") {
                    r.header("content-type", "application/x-www-form-urlencoded").body(e.body.replace("{t}", "1").replace("{org}", "1"))
                } else if e.method != "GET" {
                    r.header("content-type", "application/json").body(e.body.replace("{t}", "1").replace("{org}", "1"))
                } else {
                    r
                };
                let resp = r.send().await.unwrap();
                let status = resp.status();
                let location = resp.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
                let body = resp.text().await.unwrap_or_default();
                // A plain form post is sent to sign in, with where it was going, or back to its
                // page with the refusal.
                // (A successful answer may name the code, as the API's description does.)
                let unauthorized = (!status.is_success() && body.contains("\"unauthorized\""))
                    || location.starts_with("/login?")
                    || location.ends_with("error=unauthorized");
                let otp_refused = (status == StatusCode::FORBIDDEN && body.contains("password_change_required"))
                    || location.ends_with("error=password_change_required");
                let ok = match (cookie, e.anon, e.otp) {
                    (None, Anon::Refused, _) => unauthorized,
                    (None, Anon::Null, _) => status == StatusCode::OK && body.trim() == "null",
                    (None, Anon::Open, _) => !unauthorized && status != StatusCode::FORBIDDEN,
                    (Some(_), _, Otp::Refused) => otp_refused,
                    (Some(_), _, Otp::Open) => !otp_refused && !unauthorized,
                };
                if status == StatusCode::METHOD_NOT_ALLOWED {
                    failures.push(format!("{} {path}: the table's method is not routed", e.method));
                } else if !ok {
                    let short: String = body.chars().take(160).collect();
                    failures.push(format!("{} {path} with {who}: expected {:?}/{:?}, got {status} {location} {short}", e.method, e.anon, e.otp));
                }
            }
            // Signing out ended the session: the next rows need another.
            if e.path == "/api/logout" {
                otp = login_cookie(&app, &otp_mobile).await;
            }
        }
        assert!(failures.is_empty(), "{} of {} calls:\n{}", failures.len(), TABLE.len() * 2, failures.join("\n"));
        // Refused calls write nothing (signing in and out are not trail events).
        assert_eq!(events().await, before);
    }
}
