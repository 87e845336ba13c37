//! 预备党员转正: the branch assembly votes, the committee above decides
//! (docs/rules.md#admission-to-full-membership).
//!
//! A proposal is open until the committee decides it; the decision is final. Approval makes the
//! member full from the day the probation ended, whatever the day of the decision; an extension
//! moves the end of the probation (once, 6 to 12 months) and the branch proposes again later;
//! revoking ends the member's probationary membership.

use serde::{Deserialize, Serialize};

use crate::{deadlines::probation_end, Date, ErrorCode};

code_enum! {
    /// Where a proposal stands.
    pub enum ConversionState / InvalidTransition {
        Proposed = "proposed" / "待上级党委审批",
        Approved = "approved" / "已批准转正",
        Extended = "extended" / "已延长预备期",
        Revoked = "revoked" / "已取消预备党员资格",
        /// Closed undecided: the member was suspended or left the rolls while it was open.
        Withdrawn = "withdrawn" / "已撤回（党籍状态变更）",
    }
}

code_enum! {
    /// What the committee decides.
    pub enum ConversionDecision / InvalidTransition {
        Approve = "approve" / "批准转正",
        Extend = "extend" / "延长预备期",
        Revoke = "revoke" / "取消预备党员资格",
    }
}

/// The branch assembly's vote on the proposal. Only full members vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssemblyVote {
    /// Full members entitled to vote (应到会有表决权的党员).
    pub entitled: u32,
    pub in_favour: u32,
    pub against: u32,
    pub abstaining: u32,
}

impl AssemblyVote {
    /// A vote that could have happened: no more ballots than voters, and more than half of the
    /// voters present (the assembly's quorum).
    pub fn new(
        entitled: u32,
        in_favour: u32,
        against: u32,
        abstaining: u32,
    ) -> Result<Self, ErrorCode> {
        let cast = u64::from(in_favour) + u64::from(against) + u64::from(abstaining);
        if entitled == 0 || cast > u64::from(entitled) {
            return Err(ErrorCode::ConversionVoteInvalid);
        }
        if cast * 2 <= u64::from(entitled) {
            return Err(ErrorCode::ConversionNoQuorum);
        }
        Ok(Self {
            entitled,
            in_favour,
            against,
            abstaining,
        })
    }

    /// Carried when more than half of those entitled to vote are in favour (not merely more than
    /// half of those present).
    pub fn carried(&self) -> bool {
        u64::from(self.in_favour) * 2 > u64::from(self.entitled)
    }
}

/// A proposal as the branch files it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proposal {
    /// The day the branch assembly voted to admit the member.
    pub admitted_on: Date,
    /// An extension already granted, if any.
    pub extension_months: Option<u8>,
    /// The day of the branch assembly that discussed the conversion.
    pub meeting_on: Date,
    pub vote: AssemblyVote,
}

impl Proposal {
    /// Checks what the branch files: the assembly has met, once the probation had ended (the
    /// branch discusses the conversion when the probation is over, docs/rules.md).
    pub fn new(
        admitted_on: Date,
        extension_months: Option<u8>,
        meeting_on: Date,
        vote: AssemblyVote,
        today: Date,
    ) -> Result<Self, ErrorCode> {
        let end = probation_end(admitted_on, extension_months)?;
        if meeting_on > today || meeting_on <= admitted_on {
            return Err(ErrorCode::InvalidDate);
        }
        if meeting_on < end {
            return Err(ErrorCode::ConversionTooEarly);
        }
        Ok(Self {
            admitted_on,
            extension_months,
            meeting_on,
            vote,
        })
    }

    /// The day the probation ends (or ended).
    pub fn probation_end(&self) -> Date {
        // Checked in `new`.
        probation_end(self.admitted_on, self.extension_months).unwrap_or(self.admitted_on)
    }
}

/// What a decision does to the member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Full member from this day (预备期满之日).
    Full { full_on: Date },
    /// Still probationary, until this new end.
    Extended { months: u8, new_end: Date },
    /// Probationary membership ends (取消预备党员资格).
    Revoked,
}

impl Outcome {
    pub fn state(&self) -> ConversionState {
        match self {
            Outcome::Full { .. } => ConversionState::Approved,
            Outcome::Extended { .. } => ConversionState::Extended,
            Outcome::Revoked => ConversionState::Revoked,
        }
    }
}

/// The committee's decision on an open proposal. `months` is the extension asked for
/// (`Extend` only).
pub fn decide(
    state: ConversionState,
    proposal: &Proposal,
    decision: ConversionDecision,
    months: Option<u8>,
) -> Result<Outcome, ErrorCode> {
    if state != ConversionState::Proposed {
        return Err(ErrorCode::AlreadyDecided);
    }
    let end = proposal.probation_end();
    match decision {
        ConversionDecision::Approve => {
            if !proposal.vote.carried() {
                return Err(ErrorCode::ConversionVoteFailed);
            }
            Ok(Outcome::Full { full_on: end })
        }
        ConversionDecision::Extend => {
            if proposal.extension_months.is_some() {
                return Err(ErrorCode::ProbationAlreadyExtended);
            }
            let months = months.ok_or(ErrorCode::InvalidProbationExtension)?;
            let new_end = probation_end(proposal.admitted_on, Some(months))?;
            Ok(Outcome::Extended { months, new_end })
        }
        ConversionDecision::Revoke => Ok(Outcome::Revoked),
    }
}

/// A proposal still open when the member is suspended or leaves the rolls closes undecided: the
/// committee cannot decide for someone who no longer counts, and a member restored later is
/// proposed anew by the branch assembly.
pub fn withdraw(state: ConversionState) -> Result<ConversionState, ErrorCode> {
    match state {
        ConversionState::Proposed => Ok(ConversionState::Withdrawn),
        _ => Err(ErrorCode::AlreadyDecided),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn vote(entitled: u32, yes: u32, no: u32, abstain: u32) -> AssemblyVote {
        AssemblyVote::new(entitled, yes, no, abstain).unwrap()
    }

    #[test]
    fn the_assembly_needs_a_quorum_and_a_majority_of_all_voters() {
        assert_eq!(
            AssemblyVote::new(10, 5, 0, 0),
            Err(ErrorCode::ConversionNoQuorum)
        );
        assert_eq!(
            AssemblyVote::new(10, 8, 3, 0),
            Err(ErrorCode::ConversionVoteInvalid)
        );
        assert_eq!(
            AssemblyVote::new(0, 0, 0, 0),
            Err(ErrorCode::ConversionVoteInvalid)
        );
        // Six present of ten, five in favour: half of those entitled, not more.
        assert!(!vote(10, 5, 1, 0).carried());
        assert!(vote(10, 6, 0, 0).carried());
        assert!(vote(7, 4, 0, 0).carried());
    }

    #[test]
    fn the_branch_files_after_its_meeting() {
        let v = vote(9, 7, 1, 1);
        assert_eq!(
            Proposal::new(d("2025-11-28"), None, d("2026-12-05"), v, d("2026-12-04")),
            Err(ErrorCode::InvalidDate)
        );
        assert_eq!(
            Proposal::new(d("2025-11-28"), None, d("2025-11-28"), v, d("2026-12-04")),
            Err(ErrorCode::InvalidDate)
        );
        let p = Proposal::new(d("2025-11-28"), None, d("2026-11-30"), v, d("2026-12-04")).unwrap();
        assert_eq!(p.probation_end(), d("2026-11-28"));
    }

    #[test]
    fn approval_makes_the_member_full_from_the_end_of_probation() {
        let p = Proposal::new(
            d("2025-11-28"),
            None,
            d("2026-11-30"),
            vote(9, 7, 1, 1),
            d("2026-12-04"),
        )
        .unwrap();
        let out = decide(
            ConversionState::Proposed,
            &p,
            ConversionDecision::Approve,
            None,
        )
        .unwrap();
        assert_eq!(
            out,
            Outcome::Full {
                full_on: d("2026-11-28")
            }
        );
        assert_eq!(out.state(), ConversionState::Approved);
        // Decided once.
        assert_eq!(
            decide(
                ConversionState::Approved,
                &p,
                ConversionDecision::Approve,
                None
            ),
            Err(ErrorCode::AlreadyDecided)
        );
    }

    #[test]
    fn approval_waits_for_the_end_and_needs_the_vote_carried() {
        // The assembly met before the probation ended: too early to file.
        assert_eq!(
            Proposal::new(
                d("2025-12-20"),
                None,
                d("2026-12-01"),
                vote(9, 7, 1, 1),
                d("2026-12-04")
            ),
            Err(ErrorCode::ConversionTooEarly)
        );
        let lost = Proposal::new(
            d("2025-11-28"),
            None,
            d("2026-11-30"),
            vote(9, 4, 4, 1),
            d("2026-12-04"),
        )
        .unwrap();
        assert_eq!(
            decide(
                ConversionState::Proposed,
                &lost,
                ConversionDecision::Approve,
                None
            ),
            Err(ErrorCode::ConversionVoteFailed)
        );
        // A lost vote may still end in an extension or a revocation.
        assert_eq!(
            decide(
                ConversionState::Proposed,
                &lost,
                ConversionDecision::Revoke,
                None
            ),
            Ok(Outcome::Revoked)
        );
    }

    #[test]
    fn probation_is_extended_once_by_six_to_twelve_months() {
        let p = Proposal::new(
            d("2025-11-28"),
            None,
            d("2026-11-30"),
            vote(9, 4, 4, 1),
            d("2026-12-04"),
        )
        .unwrap();
        let extend =
            |p: &Proposal, m| decide(ConversionState::Proposed, p, ConversionDecision::Extend, m);
        assert_eq!(
            extend(&p, Some(6)),
            Ok(Outcome::Extended {
                months: 6,
                new_end: d("2027-05-28")
            })
        );
        assert_eq!(
            extend(&p, Some(13)),
            Err(ErrorCode::InvalidProbationExtension)
        );
        assert_eq!(extend(&p, None), Err(ErrorCode::InvalidProbationExtension));
        let again = Proposal {
            extension_months: Some(6),
            ..p
        };
        assert_eq!(
            extend(&again, Some(6)),
            Err(ErrorCode::ProbationAlreadyExtended)
        );
    }

    #[test]
    fn only_an_open_proposal_is_withdrawn() {
        assert_eq!(
            withdraw(ConversionState::Proposed),
            Ok(ConversionState::Withdrawn)
        );
        for decided in [
            ConversionState::Approved,
            ConversionState::Extended,
            ConversionState::Revoked,
            ConversionState::Withdrawn,
        ] {
            assert_eq!(withdraw(decided), Err(ErrorCode::AlreadyDecided));
        }
    }
}
