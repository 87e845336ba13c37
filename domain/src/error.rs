//! One error vocabulary shared by the domain, the server and the UI.
//!
//! Every fallible function in this crate returns `Result<T, ErrorCode>`. The
//! UI keys its translations and field highlighting on [`ErrorCode::code`], so
//! codes are append-only: renaming one breaks stored client bundles.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // Identity and personal data.
    InvalidIdNumber,
    IdChecksumMismatch,
    IdBirthDateInvalid,
    InvalidMobile,
    InvalidName,
    InvalidOrgId,
    InvalidMemberId,
    InvalidSex,
    // Money.
    InvalidMoney,
    NegativeMoney,
    MoneyOverflow,
    // Calendar.
    InvalidDate,
    DateOutOfRange,
    InvalidYearMonth,
    InvalidPeriod,
    // Organization.
    InvalidOrgKind,
    InvalidOrgParent,
    InvalidMemberStatus,
    InvalidRole,
    InvalidTermPostponement,
    InvalidProbationExtension,
    // Dues.
    InvalidCategory,
    InvalidDuesRules,
    InvalidHardship,
    InvalidPayslipItem,
    // Organizational life.
    InvalidMeetingKind,
    InvalidFrequency,
    InvalidAttendance,
    // Transfers.
    InvalidTransition,
    NotPermittedForRole,
    DuesNotCleared,
    InvalidLetterValidity,
    // Points, scores and lists.
    InvalidPoints,
    InvalidQuizScore,
    UnknownActivity,
    ForbiddenActivity,
    InvalidRuleTable,
    InvalidWeights,
    InvalidRatio,
    InvalidListPolicy,
    InvalidVisibility,
    // Web application.
    Unauthorized,
    InvalidCredentials,
    CrossSiteRequest,
    WeakPassword,
    PasswordMismatch,
    PasswordUnchanged,
    PasswordChangeRequired,
    Forbidden,
    NotFound,
    BadRequest,
    Conflict,
    Throttled,
    Internal,
    /// The mobile number is already on another member's file.
    MobileTaken,
    /// Free text that is empty, too long, or holds control characters.
    InvalidText,
    /// A quiz written in the authoring format that cannot be read (see `study::parse_quiz`).
    InvalidQuiz,
    /// A quiz handed in with a question left unanswered, or an answer that is not an option.
    QuizUnanswered,
    /// A video address that is neither http(s) nor a file uploaded here.
    InvalidVideoUrl,
    /// An upload that is not a JPEG, PNG, GIF or WebP image.
    InvalidImage,
    /// An upload over the size limit.
    FileTooLarge,
    /// A publication time that is not a date and time.
    InvalidSchedule,
    /// Paying when no bill is open.
    NothingToPay,
    /// The payment provider could not be reached or refused the order.
    PaymentUnavailable,
    /// A base, hardship proposal or payment already decided by someone else.
    AlreadyDecided,
    /// A meeting time that is not a time, ends before it starts, or is planned in the past.
    InvalidMeetingTime,
    /// A sign-in code that is no open meeting of the member's branch.
    InvalidSignInCode,
    /// A meeting record changed after its final approval, or out of turn.
    MeetingLocked,
    /// Bytes that start like an image but do not decode as one.
    ImageUnreadable,
    /// A meeting's record submitted before the meeting (its sign-in) has begun.
    MeetingNotStarted,
    /// A village-assistance visit dated in the future or more than a month ago.
    InvalidVisitDate,
    /// A task that asks for photos was reported without any.
    PhotoRequired,
    /// A task that asks for a file was reported without one.
    FileRequired,
    /// A document that is not a PDF, a Word or an Excel file.
    InvalidDocument,
    /// A team member named by a mobile number that is no member in the actor's reach.
    UnknownMemberMobile,
    /// A monthly summary for a month that is neither this one nor the last.
    SummaryMonthClosed,
    /// A team leader named by a member who has no account to sign in with.
    MemberWithoutAccount,
    EndsBeforeStart,
    EndsBeforeRecords,
    /// The account was disabled by an administrator.
    AccountDisabled,
    /// A role granted at an organization of the wrong kind (a branch role on a committee).
    RoleScopeMismatch,
    /// The account already holds this role at this organization.
    RoleAlreadyHeld,
    /// The role to take away is not one the account holds.
    RoleNotHeld,
    /// Revoking the only role of an account that has no member file would leave it nothing.
    LastRole,
    /// A form checked like an import row had problems; each is listed with its field.
    InvalidForm,
    /// The ID number is already on another member's file.
    IdNumberTaken,
    /// Another import is still running: one at a time in the whole deployment.
    ImportBusy,
    // Reshaping the tree.
    InvalidOrgName,
    OrgNameTaken,
    OrgIsRoot,
    OrgMoveIntoOwnSubtree,
    OrgNotEmpty,
    OrgDissolved,
    InvalidPosition,
    NotOwnMember,
    PositionTaken,
    /// A rule table may start today or later, never in the past: days already scored keep theirs.
    RulesFromPast,
    /// A probationary member may not be elected, so takes no seat on a leadership team.
    ProbationaryNotEligible,
    /// The trail's filter names an organization that does not exist (by name or number).
    TrailOrgUnknown,
    /// The trail's filter names a member that does not exist (by name or number).
    TrailMemberUnknown,
    /// Several organizations or members carry the name: the detail lists them with numbers.
    TrailNameAmbiguous,
    /// The trail's filter names a step the trail does not record.
    TrailActionUnknown,
    /// A branch merged into itself.
    OrgMergeSelf,
    /// Only two branches of the same kind merge.
    OrgMergeKinds,
    /// A branch with party groups is not merged until they are dissolved or moved.
    OrgMergeGroups,
    /// A reminder lead time outside its range.
    InvalidLeadTime,
    /// The assembly's ballots do not add up.
    ConversionVoteInvalid,
    /// Half or fewer of the voters attended the assembly.
    ConversionNoQuorum,
    /// The assembly did not carry the conversion.
    ConversionVoteFailed,
    /// The assembly met before the probation ended.
    ConversionTooEarly,
    /// A proposal for the member is already waiting for the committee.
    ConversionOpen,
    /// Only probationary members are proposed for conversion.
    NotProbationary,
    /// Probation is extended at most once.
    ProbationAlreadyExtended,
    /// Not a standing or a standing change.
    InvalidStanding,
    /// The change does not apply to the current standing.
    InvalidStandingChange,
    /// The member has left: their file is history.
    MemberHasLeft,
    /// 自行脱党 only after six consecutive unpaid months without a good reason.
    LapseNeedsArrears,
    /// On one's own file only the contact fields change; the rest is changed from above.
    OwnFileContactOnly,
    /// A suggestion is never handled by its author: one level up handles it.
    OwnSuggestion,
    /// A login mobile changes only by someone who outranks the account.
    LoginIdentityOutranked,
    /// Too many wrong sign-in codes for one meeting.
    SignInAttemptsExceeded,
    /// A number held outside the editor's reach: refused without saying by whom.
    MobileUnavailable,
    /// An API token that is unknown, expired or revoked.
    InvalidToken,
    /// An API token used for something its scopes do not grant.
    TokenScopeMissing,
    /// A token's name, scopes or expiry that cannot be accepted.
    InvalidTokenSettings,
    /// An upload that is not an .xlsx workbook at all.
    NotAWorkbook,
    /// A grid-centre stream address that is not https (or loopback http) to an .m3u8 or .mp4.
    InvalidStreamAddress,
    /// Live hours that are not `HH:MM-HH:MM`, or start when they end.
    InvalidLiveHours,
    /// A grid-centre stream registered for an organization that is no village branch.
    StreamNotVillage,
    /// A stream on a site the deployment's configuration does not name.
    StreamSiteNotAllowed,
}

impl ErrorCode {
    /// Every code, so the UI can be checked for a translation of each.
    pub const ALL: &'static [ErrorCode] = &[
        Self::InvalidIdNumber,
        Self::IdChecksumMismatch,
        Self::IdBirthDateInvalid,
        Self::InvalidMobile,
        Self::InvalidName,
        Self::InvalidOrgId,
        Self::InvalidMemberId,
        Self::InvalidSex,
        Self::InvalidMoney,
        Self::NegativeMoney,
        Self::MoneyOverflow,
        Self::InvalidDate,
        Self::DateOutOfRange,
        Self::InvalidYearMonth,
        Self::InvalidPeriod,
        Self::InvalidOrgKind,
        Self::InvalidOrgParent,
        Self::InvalidMemberStatus,
        Self::InvalidRole,
        Self::InvalidTermPostponement,
        Self::InvalidProbationExtension,
        Self::InvalidCategory,
        Self::InvalidDuesRules,
        Self::InvalidHardship,
        Self::InvalidPayslipItem,
        Self::InvalidMeetingKind,
        Self::InvalidFrequency,
        Self::InvalidAttendance,
        Self::InvalidTransition,
        Self::NotPermittedForRole,
        Self::DuesNotCleared,
        Self::InvalidLetterValidity,
        Self::InvalidPoints,
        Self::InvalidQuizScore,
        Self::UnknownActivity,
        Self::ForbiddenActivity,
        Self::InvalidRuleTable,
        Self::InvalidWeights,
        Self::InvalidRatio,
        Self::InvalidListPolicy,
        Self::InvalidVisibility,
        Self::Unauthorized,
        Self::InvalidCredentials,
        Self::CrossSiteRequest,
        Self::WeakPassword,
        Self::PasswordMismatch,
        Self::PasswordUnchanged,
        Self::PasswordChangeRequired,
        Self::Forbidden,
        Self::NotFound,
        Self::BadRequest,
        Self::Conflict,
        Self::Throttled,
        Self::Internal,
        Self::MobileTaken,
        Self::InvalidText,
        Self::InvalidQuiz,
        Self::QuizUnanswered,
        Self::InvalidVideoUrl,
        Self::InvalidImage,
        Self::FileTooLarge,
        Self::InvalidSchedule,
        Self::NothingToPay,
        Self::PaymentUnavailable,
        Self::AlreadyDecided,
        Self::InvalidMeetingTime,
        Self::InvalidSignInCode,
        Self::MeetingLocked,
        Self::ImageUnreadable,
        Self::MeetingNotStarted,
        Self::InvalidVisitDate,
        Self::PhotoRequired,
        Self::FileRequired,
        Self::InvalidDocument,
        Self::UnknownMemberMobile,
        Self::SummaryMonthClosed,
        Self::MemberWithoutAccount,
        Self::EndsBeforeStart,
        Self::EndsBeforeRecords,
        Self::AccountDisabled,
        Self::RoleScopeMismatch,
        Self::RoleAlreadyHeld,
        Self::RoleNotHeld,
        Self::LastRole,
        Self::InvalidForm,
        Self::IdNumberTaken,
        Self::ImportBusy,
        Self::InvalidOrgName,
        Self::OrgNameTaken,
        Self::OrgIsRoot,
        Self::OrgMoveIntoOwnSubtree,
        Self::OrgNotEmpty,
        Self::OrgDissolved,
        Self::InvalidPosition,
        Self::NotOwnMember,
        Self::PositionTaken,
        Self::RulesFromPast,
        Self::ProbationaryNotEligible,
        Self::TrailOrgUnknown,
        Self::TrailMemberUnknown,
        Self::TrailNameAmbiguous,
        Self::TrailActionUnknown,
        Self::OrgMergeSelf,
        Self::OrgMergeKinds,
        Self::OrgMergeGroups,
        Self::InvalidLeadTime,
        Self::ConversionVoteInvalid,
        Self::ConversionNoQuorum,
        Self::ConversionVoteFailed,
        Self::ConversionTooEarly,
        Self::ConversionOpen,
        Self::NotProbationary,
        Self::ProbationAlreadyExtended,
        Self::InvalidStanding,
        Self::InvalidStandingChange,
        Self::MemberHasLeft,
        Self::LapseNeedsArrears,
        Self::OwnFileContactOnly,
        Self::OwnSuggestion,
        Self::LoginIdentityOutranked,
        Self::SignInAttemptsExceeded,
        Self::MobileUnavailable,
        Self::InvalidToken,
        Self::TokenScopeMissing,
        Self::InvalidTokenSettings,
        Self::NotAWorkbook,
        Self::InvalidStreamAddress,
        Self::InvalidLiveHours,
        Self::StreamNotVillage,
        Self::StreamSiteNotAllowed,
    ];

    /// The error a code names (as carried in a link), if any.
    pub fn from_code(code: &str) -> Option<ErrorCode> {
        Self::ALL.iter().copied().find(|e| e.code() == code)
    }

    /// The message for a code carried in a link; a fixed general one for anything else, so a
    /// crafted link cannot put its own words on the page.
    pub fn message_for_code(code: &str) -> &'static str {
        Self::from_code(code).map_or("操作失败，请重试", |e| e.message_zh())
    }

    /// The snake_case code; identical to the serde representation.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidIdNumber => "invalid_id_number",
            Self::IdChecksumMismatch => "id_checksum_mismatch",
            Self::IdBirthDateInvalid => "id_birth_date_invalid",
            Self::InvalidMobile => "invalid_mobile",
            Self::InvalidName => "invalid_name",
            Self::InvalidOrgId => "invalid_org_id",
            Self::InvalidMemberId => "invalid_member_id",
            Self::InvalidSex => "invalid_sex",
            Self::InvalidMoney => "invalid_money",
            Self::NegativeMoney => "negative_money",
            Self::MoneyOverflow => "money_overflow",
            Self::InvalidDate => "invalid_date",
            Self::DateOutOfRange => "date_out_of_range",
            Self::InvalidYearMonth => "invalid_year_month",
            Self::InvalidPeriod => "invalid_period",
            Self::InvalidOrgKind => "invalid_org_kind",
            Self::InvalidOrgParent => "invalid_org_parent",
            Self::InvalidMemberStatus => "invalid_member_status",
            Self::InvalidRole => "invalid_role",
            Self::InvalidTermPostponement => "invalid_term_postponement",
            Self::InvalidProbationExtension => "invalid_probation_extension",
            Self::InvalidCategory => "invalid_category",
            Self::InvalidDuesRules => "invalid_dues_rules",
            Self::InvalidHardship => "invalid_hardship",
            Self::InvalidPayslipItem => "invalid_payslip_item",
            Self::InvalidMeetingKind => "invalid_meeting_kind",
            Self::InvalidFrequency => "invalid_frequency",
            Self::InvalidAttendance => "invalid_attendance",
            Self::InvalidTransition => "invalid_transition",
            Self::NotPermittedForRole => "not_permitted_for_role",
            Self::DuesNotCleared => "dues_not_cleared",
            Self::InvalidLetterValidity => "invalid_letter_validity",
            Self::InvalidPoints => "invalid_points",
            Self::InvalidQuizScore => "invalid_quiz_score",
            Self::UnknownActivity => "unknown_activity",
            Self::ForbiddenActivity => "forbidden_activity",
            Self::InvalidRuleTable => "invalid_rule_table",
            Self::InvalidWeights => "invalid_weights",
            Self::InvalidRatio => "invalid_ratio",
            Self::InvalidListPolicy => "invalid_list_policy",
            Self::InvalidVisibility => "invalid_visibility",
            Self::Unauthorized => "unauthorized",
            Self::InvalidCredentials => "invalid_credentials",
            Self::CrossSiteRequest => "cross_site_request",
            Self::WeakPassword => "weak_password",
            Self::PasswordMismatch => "password_mismatch",
            Self::PasswordUnchanged => "password_unchanged",
            Self::PasswordChangeRequired => "password_change_required",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::BadRequest => "bad_request",
            Self::Conflict => "conflict",
            Self::MobileTaken => "mobile_taken",
            Self::InvalidText => "invalid_text",
            Self::InvalidQuiz => "invalid_quiz",
            Self::QuizUnanswered => "quiz_unanswered",
            Self::InvalidVideoUrl => "invalid_video_url",
            Self::InvalidImage => "invalid_image",
            Self::FileTooLarge => "file_too_large",
            Self::InvalidSchedule => "invalid_schedule",
            Self::NothingToPay => "nothing_to_pay",
            Self::PaymentUnavailable => "payment_unavailable",
            Self::AlreadyDecided => "already_decided",
            Self::InvalidMeetingTime => "invalid_meeting_time",
            Self::InvalidSignInCode => "invalid_sign_in_code",
            Self::MeetingLocked => "meeting_locked",
            Self::ImageUnreadable => "image_unreadable",
            Self::MeetingNotStarted => "meeting_not_started",
            Self::InvalidVisitDate => "invalid_visit_date",
            Self::PhotoRequired => "photo_required",
            Self::FileRequired => "file_required",
            Self::InvalidDocument => "invalid_document",
            Self::UnknownMemberMobile => "unknown_member_mobile",
            Self::SummaryMonthClosed => "summary_month_closed",
            Self::MemberWithoutAccount => "member_without_account",
            Self::EndsBeforeStart => "ends_before_start",
            Self::EndsBeforeRecords => "ends_before_records",
            Self::AccountDisabled => "account_disabled",
            Self::RoleScopeMismatch => "role_scope_mismatch",
            Self::RoleAlreadyHeld => "role_already_held",
            Self::RoleNotHeld => "role_not_held",
            Self::LastRole => "last_role",
            Self::InvalidForm => "invalid_form",
            Self::IdNumberTaken => "id_number_taken",
            Self::ImportBusy => "import_busy",
            Self::InvalidOrgName => "invalid_org_name",
            Self::OrgNameTaken => "org_name_taken",
            Self::OrgIsRoot => "org_is_root",
            Self::OrgMoveIntoOwnSubtree => "org_move_into_own_subtree",
            Self::OrgNotEmpty => "org_not_empty",
            Self::OrgDissolved => "org_dissolved",
            Self::InvalidPosition => "invalid_position",
            Self::NotOwnMember => "not_own_member",
            Self::PositionTaken => "position_taken",
            Self::RulesFromPast => "rules_from_past",
            Self::ProbationaryNotEligible => "probationary_not_eligible",
            Self::TrailOrgUnknown => "trail_org_unknown",
            Self::TrailMemberUnknown => "trail_member_unknown",
            Self::TrailNameAmbiguous => "trail_name_ambiguous",
            Self::TrailActionUnknown => "trail_action_unknown",
            Self::OrgMergeSelf => "org_merge_self",
            Self::OrgMergeKinds => "org_merge_kinds",
            Self::OrgMergeGroups => "org_merge_groups",
            Self::InvalidLeadTime => "invalid_lead_time",
            Self::ConversionVoteInvalid => "conversion_vote_invalid",
            Self::ConversionNoQuorum => "conversion_no_quorum",
            Self::ConversionVoteFailed => "conversion_vote_failed",
            Self::ConversionTooEarly => "conversion_too_early",
            Self::ConversionOpen => "conversion_open",
            Self::NotProbationary => "not_probationary",
            Self::ProbationAlreadyExtended => "probation_already_extended",
            Self::InvalidStanding => "invalid_standing",
            Self::InvalidStandingChange => "invalid_standing_change",
            Self::MemberHasLeft => "member_has_left",
            Self::LapseNeedsArrears => "lapse_needs_arrears",
            Self::OwnFileContactOnly => "own_file_contact_only",
            Self::OwnSuggestion => "own_suggestion",
            Self::LoginIdentityOutranked => "login_identity_outranked",
            Self::SignInAttemptsExceeded => "sign_in_attempts_exceeded",
            Self::MobileUnavailable => "mobile_unavailable",
            Self::InvalidToken => "invalid_token",
            Self::TokenScopeMissing => "token_scope_missing",
            Self::InvalidTokenSettings => "invalid_token_settings",
            Self::NotAWorkbook => "not_a_workbook",
            Self::InvalidStreamAddress => "invalid_stream_address",
            Self::InvalidLiveHours => "invalid_live_hours",
            Self::StreamNotVillage => "stream_not_village",
            Self::StreamSiteNotAllowed => "stream_site_not_allowed",
            Self::Throttled => "throttled",
            Self::Internal => "internal",
        }
    }

    /// Message shown to the user; says what is wrong and, where possible, how to fix it.
    pub fn message_zh(&self) -> &'static str {
        match self {
            Self::InvalidIdNumber => {
                "身份证号码格式不正确，应为18位，前17位为数字，最后一位为数字或X"
            }
            Self::IdChecksumMismatch => "身份证号码校验位不正确，请核对最后一位",
            Self::IdBirthDateInvalid => "身份证号码中的出生日期（第7至14位）不是有效日期",
            Self::InvalidMobile => "手机号码不正确，应为以1开头的11位中国大陆手机号",
            Self::InvalidName => {
                "姓名不正确，应为1至20个字，不能包含数字或特殊符号（少数民族姓名可用“·”分隔）"
            }
            Self::InvalidOrgId => "组织编号不正确",
            Self::InvalidMemberId => "党员编号不正确",
            Self::InvalidSex => "性别不正确，应为“男”或“女”",
            Self::InvalidMoney => {
                "金额格式不正确，请输入数字，最多保留两位小数，如 3000 或 3,000.50"
            }
            Self::NegativeMoney => "金额不能为负数",
            Self::MoneyOverflow => "金额超出允许范围",
            Self::InvalidDate => "日期不正确，请按“年-月-日”格式填写有效日期，如 2026-11-28",
            Self::DateOutOfRange => "日期超出系统支持的范围",
            Self::InvalidYearMonth => "年月不正确，请按“年-月”格式填写，如 2026-11",
            Self::InvalidPeriod => "起止时间不正确，开始时间不能晚于结束时间",
            Self::InvalidOrgKind => "组织类别不正确",
            Self::InvalidOrgParent => "上级组织类别不符合组织体系，不能设在该组织之下",
            Self::InvalidMemberStatus => "党员类别不正确，应为“正式”或“预备”",
            Self::InvalidRole => "用户角色不正确",
            Self::InvalidTermPostponement => "换届延期不符合规定，延期一般不超过1年",
            Self::InvalidProbationExtension => {
                "预备期延长不符合规定，只能延长一次，时间为6至12个月"
            }
            Self::InvalidCategory => "党费交纳类别不正确",
            Self::InvalidDuesRules => {
                "党费规则设置不正确，请检查农民党员标准（0.2至1元）、封顶金额等参数"
            }
            Self::InvalidHardship => "困难减免设置不正确，减交金额应低于应交金额",
            Self::InvalidPayslipItem => "工资条项目不正确",
            Self::InvalidMeetingKind => "组织生活类别不正确",
            Self::InvalidFrequency => "频次设置不正确",
            Self::InvalidAttendance => "参会人数不正确，实到人数不能多于应到人数",
            Self::InvalidTransition => "当前状态下不能进行此操作，请刷新后查看最新办理进度",
            Self::NotPermittedForRole => "您的角色无权进行此操作",
            Self::DuesNotCleared => "党费尚未交纳至转接当月，请先补交党费再办理组织关系转接",
            Self::InvalidLetterValidity => "介绍信有效期不正确，应为1至90天",
            Self::InvalidPoints => "积分数值不正确",
            Self::InvalidQuizScore => "答题得分不正确，应为0至100之间",
            Self::UnknownActivity => "积分项目不存在，请检查积分规则表",
            Self::ForbiddenActivity => {
                "按照整治“指尖上的形式主义”有关规定，不得对登录、点击、在线时长等计分"
            }
            Self::InvalidRuleTable => "积分规则表设置不正确，请检查分值、上限和重复项目",
            Self::InvalidWeights => "评分权重设置不正确，权重之和必须大于0",
            Self::InvalidRatio => "比例数值不正确，应在0至1000‰之间",
            Self::InvalidListPolicy => "榜单规则设置不正确，请检查比例或分数线",
            Self::InvalidVisibility => "公开范围设置不正确",
            Self::Unauthorized => "请先登录",
            Self::InvalidCredentials => "手机号或密码不正确",
            Self::CrossSiteRequest => "请求来自其他网站，已被拒绝",
            Self::WeakPassword => "新密码至少 8 位，且须同时包含字母和数字",
            Self::PasswordMismatch => "两次输入的新密码不一致",
            Self::PasswordUnchanged => "新密码不能与当前密码相同",
            Self::PasswordChangeRequired => "您正在使用初始密码，请先修改密码",
            Self::Forbidden => "您没有访问该内容的权限",
            Self::NotFound => "要查找的内容不存在或已被删除",
            Self::BadRequest => "请求内容不正确，请检查后重试",
            Self::Conflict => "数据已被他人修改，请刷新后重试",
            Self::MobileTaken => "这个手机号已登记在其他党员名下",
            Self::InvalidText => "内容为空、过长或含有不允许的字符",
            Self::InvalidQuiz => "题目格式不正确：每题一段，先写题目，再写 A. B. 等选项（至少两个），最后一行写“答案：”和正确选项的字母",
            Self::QuizUnanswered => "还有题目没有作答，请答完再交卷",
            Self::InvalidVideoUrl => "视频地址须以 https:// 或 http:// 开头，或是本站上传的文件",
            Self::InvalidImage => "只能上传 JPEG、PNG、GIF 或 WebP 格式的图片",
            Self::FileTooLarge => "文件太大，请压缩后再上传",
            Self::InvalidSchedule => "发布时间格式不正确，请选择日期和时间",
            Self::NothingToPay => "目前没有待交的党费",
            Self::PaymentUnavailable => "在线支付暂时不可用，请稍后再试，或向支部交纳现金",
            Self::AlreadyDecided => "这项申请已经处理过了，请刷新页面查看结果",
            Self::InvalidMeetingTime => "会议时间不正确：请选择今后的开始时间，结束时间须晚于开始时间",
            Self::InvalidSignInCode => "签到码不正确，或不在会议签到时间内（会前 30 分钟至会议结束）",
            Self::MeetingLocked => "这份会议记录现在不能修改：已提交审核或已审定",
            Self::ImageUnreadable => "文件自称是图片，但无法识别为图片，可能已损坏：请重新拍摄或选择原图",
            Self::MeetingNotStarted => "会议还没有开始：会前 30 分钟起才能提交会议记录",
            Self::InvalidVisitDate => "走访日期不正确：须是进驻以来、今天或之前 31 天内的日期",
            Self::PhotoRequired => "这项任务要求上传照片：请至少选择一张照片",
            Self::FileRequired => "这项任务要求上传文件：请至少选择一个 PDF、Word 或 Excel 文件",
            Self::InvalidDocument => "只能上传 PDF、Word（.docx）或 Excel（.xlsx）文件，每个不超过 10 MB",
            Self::UnknownMemberMobile => "没有找到这个手机号的党员：请核对号码，或确认该党员在您的管辖范围内",
            Self::SummaryMonthClosed => "只能填写进驻以来本月或上月的工作小结",
            Self::MemberWithoutAccount => "这位党员还没有账号：队长要登录记录走访、报送小结，请先为其开通账号",
            Self::EndsBeforeStart => "结束日期不能早于开始日期",
            Self::EndsBeforeRecords => "撤回日期不能早于已有的走访记录或月度小结",
            Self::AccountDisabled => "该账号已停用，请联系所在党组织的管理员",
            Self::RoleScopeMismatch => "这个角色不能授予在这一级组织：支部管理员授予在党支部或党总支，党委管理员授予在党委、党工委或流动党委，县级角色授予在县委组织部",
            Self::RoleAlreadyHeld => "该账号已经拥有这个角色",
            Self::RoleNotHeld => "该账号没有这个角色",
            Self::LastRole => "这是该账号唯一的角色，不能撤销；不再使用时请停用账号",
            Self::InvalidForm => "表单有错误，请按提示修改",
            Self::IdNumberTaken => "这个身份证号已登记在另一名党员的档案中",
            Self::ImportBusy => "另一项导入正在进行，请等它结束后再试",
            Self::InvalidOrgName => "组织名称不正确，应为1至60个字，不能包含换行等控制字符",
            Self::OrgNameTaken => "全县已有同名的党组织，请换一个名称（导入表按名称查找上级组织）",
            Self::OrgIsRoot => "县级党组织是组织体系的根，不能迁移",
            Self::OrgMoveIntoOwnSubtree => "不能把组织迁到它自己或它的下级组织之下",
            Self::OrgNotEmpty => "该组织还有党员或下级组织，不能撤销：请先转出党员，撤销或迁走下级组织",
            Self::OrgDissolved => "该组织已撤销，不能再变更或在其下新建组织",
            Self::InvalidPosition => "职务不正确，应为书记、副书记、组织委员、宣传委员、纪检委员或委员",
            Self::NotOwnMember => "班子成员须是本组织（含下级组织）的党员，请先将其组织关系转入",
            Self::PositionTaken => "该职务已有人担任，请先免去现任人员",
            Self::RulesFromPast => "生效日期不能早于今天：已经计分的日子仍按当时的规则",
            Self::ProbationaryNotEligible => "预备党员没有被选举权，不能担任班子成员",
            Self::TrailOrgUnknown => "没有这个党组织：请填写组织全称或其编号",
            Self::TrailMemberUnknown => "没有这名党员：请填写姓名或其编号",
            Self::TrailNameAmbiguous => "同名的不止一个：请改填所列之一的编号",
            Self::TrailActionUnknown => "没有这种操作：请从列表中选择",
            Self::OrgMergeSelf => "不能把支部合并到它自己，请选择另一个支部",
            Self::OrgMergeKinds => "只能合并两个同类的党支部（党支部并入党支部，流动党支部并入流动党支部）",
            Self::OrgMergeGroups => "支部下还有党小组，不能合并：请先撤销党小组或将其迁到其他支部",
            Self::InvalidLeadTime => "提醒时间超出范围：换届 1–365 天，转正 1–180 天，组织生活 1–28 天，帮扶小结每月 1–28 日，任务 1–30 天，重点警示 1–365 天",
            Self::ConversionVoteInvalid => "表决票数不正确：应到会的有表决权党员数须大于 0，赞成、反对、弃权之和不能超过它",
            Self::ConversionNoQuorum => "到会的有表决权党员未超过应到会人数的半数，支部党员大会不能表决",
            Self::ConversionVoteFailed => "赞成票未超过应到会有表决权党员的半数，不能批准转正：可延长预备期或取消预备党员资格",
            Self::ConversionTooEarly => "预备期还未满：支部党员大会须在预备期满后讨论转正",
            Self::ConversionOpen => "该党员已有待上级党委审批的转正申请",
            Self::NotProbationary => "该党员不是预备党员",
            Self::ProbationAlreadyExtended => "预备期只能延长一次，不能再次延长",
            Self::InvalidStanding => "党籍状态不正确，应为：在册、停止党籍、已故、出党、自行脱党或取消预备党员资格",
            Self::InvalidStandingChange => "该党员当前的党籍状态不能作这项变更：停止党籍的才能恢复，在册的才能停止党籍",
            Self::MemberHasLeft => "该党员已离开党组织（已故、出党、自行脱党或取消预备党员资格），档案只保留、不能再变更",
            Self::LapseNeedsArrears => "未满连续 6 个月不交党费（或支部已登记正当理由），不能按自行脱党处理",
            Self::OwnFileContactOnly => "本人的档案只能修改工作岗位、工作单位和流动去向；其他信息请由上级党组织修改",
            Self::OwnSuggestion => "本人提交的建议由上级党组织处理，不能自己答复、采纳或转交",
            Self::LoginIdentityOutranked => "该党员的登录手机号只能由其上级党组织的管理员修改",
            Self::MobileUnavailable => "这个手机号无法使用，请核对号码；如号码确属该党员，请联系上级党组织处理",
            Self::NotAWorkbook => "这不是 Excel 工作簿：请下载模板填写，保存为 .xlsx 格式后上传",
            Self::InvalidStreamAddress => {
                "直播地址须以 https:// 开头，指向 .m3u8（HLS）或 .mp4 文件（仅本机测试可用 http://127.0.0.1）"
            }
            Self::InvalidLiveHours => "直播时段请写成“08:00-18:00”，开始和结束不能相同",
            Self::StreamNotVillage => "网格中心直播只登记在村（社区）党支部或县委组织部",
            Self::StreamSiteNotAllowed => {
                "这个视频网站还未获准播放：请县委组织部的系统管理员把它加入配置项 stream_sites"
            }
            Self::InvalidToken => "API 令牌无效、已过期或已被撤销",
            Self::TokenScopeMissing => "这个 API 令牌没有此项权限，请由县级管理员另建一个带所需权限的令牌",
            Self::InvalidTokenSettings => "令牌名称须为 1–40 个字，至少选一项权限，有效期 1–365 天",
            Self::SignInAttemptsExceeded => "签到码错误次数过多，本次会议不能再用签到码签到，请支部现场登记",
            Self::Throttled => "操作过于频繁，请稍后再试",
            Self::Internal => "系统内部错误，请稍后再试或联系管理员",
        }
    }

    /// The refusal means the page is out of date (someone else decided first, the record was
    /// locked, the session ended): the page should show what is there now.
    pub fn page_out_of_date(&self) -> bool {
        matches!(
            self,
            Self::Unauthorized
                | Self::Conflict
                | Self::InvalidTransition
                | Self::AlreadyDecided
                | Self::MeetingLocked
                | Self::SummaryMonthClosed
        )
    }

    /// HTTP status for the web layer.
    ///
    /// Field validation maps to 422 rather than 400 so the UI can tell "fix
    /// this form field" apart from a malformed request.
    pub fn http_status(&self) -> u16 {
        match self {
            Self::Unauthorized | Self::InvalidCredentials | Self::InvalidToken => 401,
            Self::TokenScopeMissing => 403,
            Self::CrossSiteRequest | Self::PasswordChangeRequired | Self::AccountDisabled => 403,
            Self::Forbidden | Self::NotPermittedForRole => 403,
            Self::OwnFileContactOnly | Self::OwnSuggestion | Self::LoginIdentityOutranked => 403,
            Self::SignInAttemptsExceeded => 429,
            Self::NotFound => 404,
            Self::Conflict
            | Self::MobileTaken
            | Self::InvalidTransition
            | Self::DuesNotCleared
            | Self::AlreadyDecided
            | Self::MeetingLocked
            | Self::RoleAlreadyHeld
            | Self::RoleNotHeld
            | Self::IdNumberTaken
            | Self::ImportBusy
            | Self::OrgNameTaken
            | Self::OrgNotEmpty
            | Self::OrgMergeGroups
            | Self::OrgDissolved
            | Self::ConversionOpen
            | Self::MemberHasLeft
            | Self::PositionTaken => 409,
            Self::PaymentUnavailable => 503,
            Self::Throttled => 429,
            Self::FileTooLarge => 413,
            Self::Internal => 500,
            Self::BadRequest => 400,
            _ => 422,
        }
    }
}

impl core::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.message_zh())
    }
}

impl std::error::Error for ErrorCode {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn code_matches_serde_for_every_variant() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.code()));
            let back: ErrorCode = serde_json::from_str(&json).unwrap();
            assert_eq!(back, *code);
        }
    }

    #[test]
    fn codes_and_messages_are_unique_and_present() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_code(code.code()), Some(*code));
        }
        assert_eq!(ErrorCode::from_code("<b>假消息</b>"), None);
        assert_eq!(
            ErrorCode::message_for_code("<b>假消息</b>"),
            "操作失败，请重试"
        );
        let codes: HashSet<_> = ErrorCode::ALL.iter().map(|c| c.code()).collect();
        let messages: HashSet<_> = ErrorCode::ALL.iter().map(|c| c.message_zh()).collect();
        assert_eq!(codes.len(), ErrorCode::ALL.len());
        assert_eq!(messages.len(), ErrorCode::ALL.len());
        assert!(ErrorCode::ALL.iter().all(|c| !c.message_zh().is_empty()));
    }

    #[test]
    fn display_is_the_chinese_message() {
        assert_eq!(
            ErrorCode::IdChecksumMismatch.to_string(),
            "身份证号码校验位不正确，请核对最后一位"
        );
    }

    #[test]
    fn http_statuses() {
        assert_eq!(ErrorCode::InvalidMobile.http_status(), 422);
        assert_eq!(ErrorCode::BadRequest.http_status(), 400);
        assert_eq!(ErrorCode::Unauthorized.http_status(), 401);
        assert_eq!(ErrorCode::NotPermittedForRole.http_status(), 403);
        assert_eq!(ErrorCode::Forbidden.http_status(), 403);
        assert_eq!(ErrorCode::NotFound.http_status(), 404);
        assert_eq!(ErrorCode::InvalidTransition.http_status(), 409);
        assert_eq!(ErrorCode::Throttled.http_status(), 429);
        assert_eq!(ErrorCode::Internal.http_status(), 500);
    }

    #[test]
    fn usable_as_std_error() {
        let e: Box<dyn std::error::Error> = Box::new(ErrorCode::InvalidDate);
        assert!(e.to_string().contains("日期"));
    }
}
