//! Where a dues-base declaration and a hardship proposal stand (docs/rules.md#hardship-relief).

code_enum! {
    /// A member's declared dues base: waiting for the branch, confirmed (as declared or
    /// corrected), or replaced by a newer declaration before anyone decided.
    pub enum BaseStatus / BadRequest {
        Submitted = "submitted" / "待支部确认",
        Confirmed = "confirmed" / "已确认",
        Withdrawn = "withdrawn" / "已撤回",
    }
}

code_enum! {
    /// Relief proposed by the branch and decided by the committee above it.
    pub enum HardshipStatus / BadRequest {
        Proposed = "proposed" / "待上级党委审批",
        Approved = "approved" / "已批准",
        Rejected = "rejected" / "未批准",
    }
}

code_enum! {
    pub enum HardshipKind / BadRequest {
        Exempt = "exempt" / "免交",
        Reduced = "reduced" / "减交",
    }
}

impl HardshipStatus {
    /// The status a decision leads to.
    pub fn decided(approve: bool) -> HardshipStatus {
        if approve {
            HardshipStatus::Approved
        } else {
            HardshipStatus::Rejected
        }
    }
}
