//! The OpenAPI 3.1 description of `/api/v1` (docs/security.md#the-open-api), built from the
//! code: every schema is derived from the Rust type the handler reads or answers, and each
//! operation's token scope is the gate's own table ([`super::scopes::scope_for`]), so the
//! document and the server cannot disagree about who may call what. A test compares the
//! operations here with the routes the router serves, both ways.

use std::collections::BTreeMap;

use axum::http::Method;
use domain::{api_token::TokenScope, ErrorCode};
use utoipa::{
    openapi::{
        path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn},
        request_body::RequestBodyBuilder,
        schema::{ArrayBuilder, KnownFormat, ObjectBuilder, SchemaFormat, Type},
        security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
        },
        ComponentsBuilder, ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, Paths, RefOr,
        Required, ResponseBuilder, Schema, ServerBuilder,
    },
    ToSchema,
};

use crate::{
    members::probation::ConversionRecord,
    orgs::{NewOrg, TermPatch},
};

type Schemas = BTreeMap<String, RefOr<Schema>>;
/// Registers a type's schema (and those it names) and answers a reference to it.
type SchemaFn = fn(&mut Schemas) -> RefOr<Schema>;

fn named<T: ToSchema>(schemas: &mut Schemas) -> RefOr<Schema> {
    let name = T::name().to_string();
    let mut nested = Vec::new();
    T::schemas(&mut nested);
    schemas.extend(nested);
    schemas.insert(name.clone(), T::schema());
    RefOr::Ref(utoipa::openapi::Ref::from_schema_name(name))
}

fn list<T: ToSchema>(schemas: &mut Schemas) -> RefOr<Schema> {
    let item = named::<T>(schemas);
    RefOr::T(Schema::Array(ArrayBuilder::new().items(item).build()))
}

/// An answer whose fields the handler writes by hand: an object, described in its summary.
fn object(_: &mut Schemas) -> RefOr<Schema> {
    RefOr::T(Schema::Object(
        ObjectBuilder::new().schema_type(Type::Object).build(),
    ))
}

fn text_schema() -> RefOr<Schema> {
    RefOr::T(Schema::Object(
        ObjectBuilder::new().schema_type(Type::String).build(),
    ))
}

fn integer_schema(minimum: i64) -> RefOr<Schema> {
    RefOr::T(Schema::Object(
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .minimum(Some(minimum))
            .build(),
    ))
}

/// Every refusal: `{"error": {"code", "message"}}`, the code one the UI also knows.
fn error_schema() -> RefOr<Schema> {
    let code = ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(ErrorCode::ALL.iter().map(|c| c.code())));
    let inner = ObjectBuilder::new()
        .property("code", code)
        .property("message", ObjectBuilder::new().schema_type(Type::String))
        .required("code")
        .required("message");
    RefOr::T(Schema::Object(
        ObjectBuilder::new()
            .property("error", inner)
            .required("error")
            .build(),
    ))
}

fn wechat_reply() -> RefOr<Schema> {
    let text = || ObjectBuilder::new().schema_type(Type::String);
    RefOr::T(Schema::Object(
        ObjectBuilder::new()
            .property("code", text())
            .property("message", text())
            .required("code")
            .build(),
    ))
}

enum Body {
    None,
    Json(SchemaFn),
    /// A multipart form: its fields, and which are files.
    Form(&'static [(&'static str, bool)]),
}

enum Reply {
    Json(SchemaFn),
    Xlsx,
    Html,
}

struct Op {
    /// The schema of every answer but success: ours, or WeChat Pay's for its notification.
    errors: fn() -> RefOr<Schema>,
    method: Method,
    path: &'static str,
    tag: &'static str,
    summary: &'static str,
    /// Query parameters: name, integer?, required?
    query: &'static [(&'static str, bool, bool)],
    body: Body,
    reply: Reply,
}

const fn op(method: Method, path: &'static str, tag: &'static str, summary: &'static str) -> Op {
    Op {
        errors: error_schema,
        method,
        path,
        tag,
        summary,
        query: &[],
        body: Body::None,
        reply: Reply::Json(object),
    }
}

impl Op {
    fn reply(mut self, reply: SchemaFn) -> Self {
        self.reply = Reply::Json(reply);
        self
    }
    fn body(mut self, body: SchemaFn) -> Self {
        self.body = Body::Json(body);
        self
    }
    fn form(mut self, fields: &'static [(&'static str, bool)]) -> Self {
        self.body = Body::Form(fields);
        self
    }
    fn query(mut self, query: &'static [(&'static str, bool, bool)]) -> Self {
        self.query = query;
        self
    }
    /// Answered in WeChat Pay's own form, `{"code", "message"}`, as its notification protocol
    /// asks.
    fn wechat(mut self) -> Self {
        self.reply = Reply::Json(|_| wechat_reply());
        self.errors = wechat_reply;
        self
    }
    fn xlsx(mut self) -> Self {
        self.reply = Reply::Xlsx;
        self
    }
}

/// Every operation of `/api/v1`.
fn operations() -> Vec<Op> {
    use super::{
        audit::{EventView, VerifyView},
        orgs::{Appoint, Merge, Move, Rename, Vacate},
    };
    use super::{
        probation::{DecisionBody, ProposalBody, StandingBody},
        roles::RoleAt,
    };
    use app::{
        dues::LedgerView,
        import::ImportJob,
        members::{HistoryEntry, MemberFile, MemberPatch, Roster},
        orgs::OrgInfo,
    };
    use Method as M;
    vec![
        op(M::GET, "/openapi.json", "说明", "本说明（OpenAPI 3.1）"),
        Op {
            reply: Reply::Html,
            ..op(M::GET, "/docs", "说明", "本说明的网页版")
        },
        op(
            M::GET,
            "/dues/quote",
            "党费",
            "按类别和基数计算月党费（与计算器同一套规则）",
        )
        .query(&[("category", false, true), ("base_fen", true, false)]),
        op(
            M::POST,
            "/dues/wechat/notify",
            "党费",
            "微信支付的支付结果通知（由微信支付签名）",
        )
        .wechat(),
        op(M::GET, "/members/{id}", "党员", "一人一表：党员档案").reply(named::<MemberFile>),
        op(M::PATCH, "/members/{id}", "党员", "修改党员档案")
            .body(named::<MemberPatch>)
            .reply(named::<MemberFile>),
        op(M::GET, "/members/{id}/history", "党员", "档案的修改记录").reply(list::<HistoryEntry>),
        op(
            M::GET,
            "/members/{id}/conversions",
            "党员",
            "预备党员转正的记录：{\"conversions\": [...]}",
        ),
        op(
            M::POST,
            "/members/{id}/conversions",
            "党员",
            "提出转正（或延长预备期、取消预备党员资格）",
        )
        .body(named::<ProposalBody>)
        .reply(named::<ConversionRecord>),
        op(
            M::POST,
            "/members/{id}/conversions/{conversion}/decision",
            "党员",
            "上级党组织审批转正",
        )
        .body(named::<DecisionBody>),
        op(
            M::POST,
            "/members/{id}/standing",
            "党员",
            "党籍变动（停止党籍、恢复、出党）",
        )
        .body(named::<StandingBody>),
        op(
            M::POST,
            "/members/{id}/account",
            "账号",
            "为党员开通账号，答复一次性密码",
        ),
        op(
            M::POST,
            "/accounts/{id}/reset",
            "账号",
            "重置密码，答复一次性密码",
        ),
        op(M::POST, "/accounts/{id}/disable", "账号", "停用账号"),
        op(M::POST, "/accounts/{id}/enable", "账号", "启用账号"),
        op(
            M::POST,
            "/accounts/{id}/sign-out",
            "账号",
            "结束账号的全部登录",
        ),
        op(M::GET, "/accounts/{id}/roles", "账号", "账号的角色"),
        op(M::POST, "/accounts/{id}/roles", "账号", "授予角色").body(named::<RoleAt>),
        op(M::POST, "/accounts/{id}/roles/revoke", "账号", "收回角色").body(named::<RoleAt>),
        op(M::GET, "/session/roles", "账号", "本人可切换的角色"),
        op(M::POST, "/session/role", "账号", "切换本次登录的角色").body(named::<RoleAt>),
        op(M::GET, "/orgs/{id}", "组织", "组织信息、班子和任期").reply(named::<OrgInfo>),
        op(M::PATCH, "/orgs/{id}", "组织", "组织更名")
            .body(named::<Rename>)
            .reply(named::<OrgInfo>),
        op(M::POST, "/orgs/{id}/children", "组织", "新建下级组织")
            .body(named::<NewOrg>)
            .reply(named::<OrgInfo>),
        op(M::POST, "/orgs/{id}/move", "组织", "调整隶属关系")
            .body(named::<Move>)
            .reply(named::<OrgInfo>),
        op(M::POST, "/orgs/{id}/dissolve", "组织", "撤销组织"),
        op(M::POST, "/orgs/{id}/merge", "组织", "合并组织").body(named::<Merge>),
        op(M::POST, "/orgs/{id}/leaders", "组织", "任命班子成员").body(named::<Appoint>),
        op(M::POST, "/orgs/{id}/leaders/remove", "组织", "免去班子成员").body(named::<Vacate>),
        op(M::GET, "/orgs/{id}/history", "组织", "组织的变更记录").reply(list::<HistoryEntry>),
        op(M::PUT, "/orgs/{id}/term", "组织", "换届：新一届任期")
            .body(named::<TermPatch>)
            .reply(named::<OrgInfo>),
        op(
            M::GET,
            "/orgs/{id}/members",
            "组织",
            "组织及下级的党员名册（脱敏）",
        )
        .query(&[("page", true, false), ("per_page", true, false)])
        .reply(named::<Roster>),
        op(
            M::GET,
            "/orgs/{id}/members.xlsx",
            "组织",
            "党员名册导出为 Excel（默认脱敏）",
        )
        .query(&[
            ("status", false, false),
            ("category", false, false),
            ("flowing", false, false),
            ("unmasked", false, false),
            ("reason", false, false),
        ])
        .xlsx(),
        op(
            M::GET,
            "/orgs/{id}/dues/{year}",
            "党费",
            "全年各月应交、实交，下级对比和欠缴名单",
        )
        .reply(named::<LedgerView>),
        op(M::GET, "/search", "组织", "按姓名、手机号或组织名搜索").query(&[("q", false, false)]),
        op(
            M::GET,
            "/import/templates/{kind}",
            "导入",
            "导入模板（Excel）",
        )
        .xlsx(),
        op(
            M::POST,
            "/import/{kind}",
            "导入",
            "上传 Excel 开始导入（可只检查不写入）",
        )
        .query(&[("dry_run", false, false)])
        .form(&[("file", true)]),
        op(M::GET, "/import/jobs/{id}", "导入", "导入进度和问题").reply(named::<ImportJob>),
        op(
            M::GET,
            "/import/jobs/{id}/passwords/{n}",
            "导入",
            "导入开通账号的一次性密码表（只能下载一次）",
        )
        .xlsx(),
        op(
            M::GET,
            "/audit/events",
            "记录",
            "全程记实：操作记录，新的在前",
        )
        .query(&[
            ("before", true, false),
            ("limit", true, false),
            ("entity", false, false),
            ("entity_id", false, false),
            ("org_id", true, false),
            ("member_id", true, false),
            ("action", false, false),
        ])
        .reply(list::<EventView>),
        op(M::GET, "/audit/verify", "记录", "校验操作记录的哈希链").reply(named::<VerifyView>),
        op(
            M::POST,
            "/org-life/{id}/photos",
            "组织生活",
            "为会议补充照片",
        )
        .form(&[("photo", true)]),
        op(
            M::POST,
            "/assistance/{id}/visits",
            "结对帮扶",
            "记录一次走访（可带照片）",
        )
        .form(&[("visited_on", false), ("content", false), ("photo", true)]),
        op(
            M::POST,
            "/tasks/assignments/{id}/report",
            "党建任务",
            "上报任务完成情况（可带照片、文件）",
        )
        .form(&[
            ("text", false),
            ("number", false),
            ("photo", true),
            ("file", true),
        ]),
        op(
            M::POST,
            "/uploads/images",
            "上传",
            "上传一张图片（学习资料、建议）",
        )
        .query(&[("purpose", false, false)])
        .form(&[("image", true)]),
    ]
}

/// Whether `/api/v1` serves `method` on `route` (HEAD as GET): the gate lets anything else
/// through untouched, for the router to answer 405 as it would without a token.
pub fn serves(method: &Method, route: &str) -> bool {
    static SERVED: std::sync::OnceLock<Vec<(Method, &'static str)>> = std::sync::OnceLock::new();
    let method = if method == Method::HEAD {
        &Method::GET
    } else {
        method
    };
    SERVED
        .get_or_init(|| {
            operations()
                .into_iter()
                .map(|o| (o.method, o.path))
                .collect()
        })
        .iter()
        .any(|(m, p)| m == method && *p == route)
}

fn http_method(m: &Method) -> HttpMethod {
    match *m {
        Method::POST => HttpMethod::Post,
        Method::PUT => HttpMethod::Put,
        Method::PATCH => HttpMethod::Patch,
        Method::DELETE => HttpMethod::Delete,
        _ => HttpMethod::Get,
    }
}

/// A path parameter's schema: keys are positive integers, a year is a year, a kind is one of
/// the import kinds.
fn path_param(name: &str) -> RefOr<Schema> {
    match name {
        "kind" => RefOr::T(Schema::Object(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(["orgs", "members"]))
                .build(),
        )),
        "year" => integer_schema(2000),
        _ => integer_schema(1),
    }
}

/// A query parameter's schema: the codes it takes where it takes a closed list.
/// (The roster workbook's filters take an empty value as "all", so only the calculator's
/// category is a closed list.)
fn query_param(path: &str, name: &str, integer: bool) -> RefOr<Schema> {
    let codes: Option<Vec<&'static str>> = match name {
        "category" if path == "/dues/quote" => Some(
            domain::dues::DuesCategory::ALL
                .iter()
                .map(|c| c.code())
                .collect(),
        ),
        "purpose" => Some(vec!["study", "suggestion"]),
        _ => None,
    };
    match (codes, integer) {
        (Some(codes), _) => RefOr::T(Schema::Object(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(codes))
                .build(),
        )),
        (None, true) => integer_schema(1),
        (None, false) => text_schema(),
    }
}

/// Successes answered with another status than 200: what a request creates (201), a job it
/// queues (202), WeChat Pay's acknowledgement (204).
const CREATED: &[(&str, &str, &str)] = &[
    ("POST", "/dues/wechat/notify", "204"),
    ("POST", "/members/{id}/conversions", "201"),
    ("POST", "/members/{id}/account", "201"),
    ("POST", "/accounts/{id}/roles", "201"),
    ("POST", "/orgs/{id}/children", "201"),
    ("POST", "/orgs/{id}/leaders", "201"),
    ("POST", "/import/{kind}", "202"),
    ("POST", "/org-life/{id}/photos", "201"),
    ("POST", "/assistance/{id}/visits", "201"),
    ("POST", "/tasks/assignments/{id}/report", "201"),
    ("POST", "/uploads/images", "201"),
];

const SESSION: &str = "session";
const TOKEN: &str = "token";

/// The whole document.
pub fn document() -> OpenApi {
    let mut schemas = Schemas::new();
    let mut paths = Paths::new();
    for o in operations() {
        let mut b = OperationBuilder::new()
            .tag(o.tag)
            .summary(Some(o.summary))
            .operation_id(Some(format!("{} {}", o.method, o.path)));
        for name in o
            .path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split('}').next())
        {
            b = b.parameter(
                ParameterBuilder::new()
                    .name(name)
                    .parameter_in(ParameterIn::Path)
                    .required(Required::True)
                    .schema(Some(path_param(name))),
            );
        }
        for (name, integer, required) in o.query {
            b = b.parameter(
                ParameterBuilder::new()
                    .name(*name)
                    .parameter_in(ParameterIn::Query)
                    .required(if *required {
                        Required::True
                    } else {
                        Required::False
                    })
                    .schema(Some(query_param(o.path, name, *integer))),
            );
        }
        match &o.body {
            Body::None => {}
            Body::Json(schema) => {
                b = b.request_body(Some(
                    RequestBodyBuilder::new()
                        .content(
                            "application/json",
                            ContentBuilder::new()
                                .schema(Some(schema(&mut schemas)))
                                .build(),
                        )
                        .required(Some(Required::True))
                        .build(),
                ));
            }
            Body::Form(fields) => {
                let mut form = ObjectBuilder::new().schema_type(Type::Object);
                for (name, file) in *fields {
                    let field = ObjectBuilder::new().schema_type(Type::String);
                    let field = if *file {
                        field.content_media_type("application/octet-stream")
                    } else {
                        field
                    };
                    form = form.property(*name, field);
                }
                b = b.request_body(Some(
                    RequestBodyBuilder::new()
                        .content(
                            "multipart/form-data",
                            ContentBuilder::new().schema(Some(form)).build(),
                        )
                        .required(Some(Required::True))
                        .build(),
                ));
            }
        }
        let ok = CREATED
            .iter()
            .find(|(m, p, _)| *m == o.method.as_str() && *p == o.path)
            .map_or("200", |(_, _, status)| *status);
        let (media, schema) = match &o.reply {
            Reply::Json(schema) => ("application/json", schema(&mut schemas)),
            Reply::Xlsx => (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                text_schema(),
            ),
            Reply::Html => ("text/html; charset=utf-8", text_schema()),
        };
        b = b
            .response(
                ok,
                ResponseBuilder::new()
                    .description("成功")
                    .content(media, ContentBuilder::new().schema(Some(schema)).build()),
            )
            .response(
                "default",
                ResponseBuilder::new()
                    .description("拒绝或出错：错误代码和中文说明")
                    .content(
                        "application/json",
                        ContentBuilder::new().schema(Some((o.errors)())).build(),
                    ),
            );
        if !super::scopes::is_public(&o.method, o.path) {
            let mut ways = vec![SecurityRequirement::new::<_, _, &str>(SESSION, [])];
            if let Some(scope) = super::scopes::scope_for(&o.method, o.path) {
                ways.push(SecurityRequirement::new(TOKEN, [scope.code()]));
            }
            b = b.securities(Some(ways));
        }
        paths.add_path_operation(o.path, vec![http_method(&o.method)], b.build());
    }
    let mut components = ComponentsBuilder::new()
        .security_scheme(
            SESSION,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "dj_session",
                "登录后浏览器带的会话 Cookie（HTTPS 部署时名为 __Host-dj_session）",
            ))),
        )
        .security_scheme(
            TOKEN,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(format!(
                        "县级管理员在“县级设置”创建的 API 令牌（djt_ 开头）；只读，权限范围：{}",
                        TokenScope::ALL
                            .iter()
                            .map(|s| format!("{}（{}）", s.code(), s.label_zh()))
                            .collect::<Vec<_>>()
                            .join("、")
                    )))
                    .build(),
            ),
        );
    for (name, schema) in schemas {
        components = components.schema(name, schema);
    }
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("党建云 API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some("党建云的 JSON 接口。错误一律为 {\"error\": {\"code\", \"message\"}}，代码与界面共用。"))
                .build(),
        )
        .servers(Some(vec![ServerBuilder::new().url("/api/v1").build()]))
        .paths(paths)
        .components(Some(components.build()))
        .build()
}
