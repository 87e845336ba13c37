//! Who may do what, and to which records. The server works out where the target sits relative
//! to the actor (their own record, inside the subtree they administer, or outside it) and asks
//! [`permits`]; the rule table lives here so it is one pure function, tested exhaustively.

use crate::Role;

/// Something a signed-in person asks to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// An organization's public information: name, kind, leadership team, term of office.
    ViewOrg,
    /// Change an organization's term of office or leadership team.
    EditOrg,
    /// A roster of the members of an organization subtree (masked personal data).
    ListMembers,
    /// One member's file (一人一表).
    ViewMemberFile,
    /// One member's file with ID and mobile numbers in full.
    ViewMemberIdentity,
    /// Change a member's file.
    EditMemberFile,
    /// The record trail (全程记实) of the subtree.
    ViewTrail,
    /// Reply to, forward or adopt members' suggestions addressed to an organization.
    HandleSuggestion,
    /// Publish, schedule and withdraw study material for an organization subtree.
    AuthorStudy,
    /// Post a notice (通知公告) to the members of an organization subtree.
    PostNotice,
    /// Dues ledgers and arrears lists of an organization subtree (masked personal data).
    ViewDuesLedger,
    /// Confirm or correct members' dues bases, record cash payments, propose hardship relief
    /// and note a good reason for arrears: the branch's treasurer work.
    ManageDues,
    /// Approve or reject hardship relief proposed by a branch below (the next-higher committee).
    ApproveHardship,
    /// Plan and record a branch's organizational life (三会一课, 主题党日).
    ManageOrgLife,
    /// Review a branch's meeting records: the committee above first, the county last.
    ReviewOrgLife,
    /// Station village-assistance teams (驻村帮扶) and follow their reports: the county and the
    /// committees, for the teams they send.
    ManageAssistance,
    /// Send 党建任务 to the organizations and members below, and review their reports: the county
    /// and the committees (docs/rules.md#tasks).
    DispatchTasks,
    /// Give a member an account, reset it to a one-time password, disable or re-enable it, and
    /// end its sessions: the administrators of the organizations the account belongs to.
    ManageAccounts,
    /// Take in organizations and members from the county's workbooks: the county's own work,
    /// since an import may place rows anywhere in the tree.
    ImportRoster,
    /// Create an organization directly under the target (the county anywhere, a committee in its
    /// own subtree): the target is the new organization's parent.
    CreateOrg,
    /// Rename an organization or move its subtree under another parent: only from above, so a
    /// committee reshapes what lies below it, never itself (docs/rules.md#reshaping-the-tree).
    ReshapeOrg,
    /// File the branch assembly's proposal to make a probationary member full (转正).
    ProposeConversion,
    /// Approve, extend or revoke a probation: the committee above the branch, or the county
    /// (docs/rules.md#admission-to-full-membership).
    DecideConversion,
    /// Record a member's death, departure, suspension or restoration: decided above the branch
    /// (docs/rules.md#standing-changes).
    ChangeStanding,
    /// The archive of a subtree's records (docs/rules.md#the-archive): meetings with their
    /// sign-in and photos, dues bills, points, village assistance — every administrator and the
    /// auditor, for what they oversee.
    ViewArchive,
    /// The command platform of a subtree (docs/rules.md#the-command-platform): its dashboards,
    /// the county map with a flag per branch and each branch's card — the county, the
    /// committees and the auditor, for what they oversee.
    ViewCommand,
    /// Watch a grid-centre stream (docs/rules.md#grid-centre-video): the branch's own members,
    /// its secretary, and everyone who oversees it.
    WatchStream,
    /// Register, change or remove a grid-centre stream: the village branch for itself, or the
    /// county for any village branch and its own centre.
    ManageStream,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::ViewOrg,
        Action::EditOrg,
        Action::ListMembers,
        Action::ViewMemberFile,
        Action::ViewMemberIdentity,
        Action::EditMemberFile,
        Action::ViewTrail,
        Action::HandleSuggestion,
        Action::AuthorStudy,
        Action::PostNotice,
        Action::ViewDuesLedger,
        Action::ManageDues,
        Action::ApproveHardship,
        Action::ManageOrgLife,
        Action::ReviewOrgLife,
        Action::ManageAssistance,
        Action::DispatchTasks,
        Action::ManageAccounts,
        Action::ImportRoster,
        Action::CreateOrg,
        Action::ReshapeOrg,
        Action::ProposeConversion,
        Action::DecideConversion,
        Action::ChangeStanding,
        Action::ViewArchive,
        Action::ViewCommand,
        Action::WatchStream,
        Action::ManageStream,
    ];

    pub fn is_write(self) -> bool {
        matches!(
            self,
            Action::EditOrg
                | Action::EditMemberFile
                | Action::HandleSuggestion
                | Action::AuthorStudy
                | Action::PostNotice
                | Action::ManageDues
                | Action::ApproveHardship
                | Action::ManageOrgLife
                | Action::ReviewOrgLife
                | Action::ManageAssistance
                | Action::DispatchTasks
                | Action::ManageAccounts
                | Action::ImportRoster
                | Action::CreateOrg
                | Action::ReshapeOrg
                | Action::ProposeConversion
                | Action::DecideConversion
                | Action::ChangeStanding
                | Action::ManageStream
        )
    }
}

/// Where the target lies, seen from the actor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reach {
    /// The actor's own member file.
    Own,
    /// The organization the actor's account is scoped to (a member's or secretary's branch, a
    /// committee itself) or a member of it.
    ScopeRoot,
    /// Strictly below the scope root.
    Below,
    /// Anywhere else.
    Outside,
}

impl Reach {
    pub const ALL: &'static [Reach] = &[Reach::Own, Reach::ScopeRoot, Reach::Below, Reach::Outside];
}

/// The access rule: `true` when `role` may perform `action` on a target at `reach`.
///
/// - A member sees their own file and their branch's public information, nothing more.
/// - A branch admin manages the files of its branch; terms of office are set from above.
/// - A committee admin manages its whole subtree, and the terms of the organizations below it.
/// - The county admin's scope is the county root, so it manages everything.
/// - The auditor reads everything in scope and changes nothing; lists and files stay masked.
pub fn permits(role: Role, action: Action, reach: Reach) -> bool {
    use Action::*;
    use Reach::*;
    if reach == Outside {
        return false;
    }
    match role {
        Role::Member => match action {
            ViewOrg | WatchStream => reach == ScopeRoot,
            ViewMemberFile | ViewMemberIdentity => reach == Own,
            _ => false,
        },
        Role::BranchAdmin => match action {
            // A secretary posts notices to the branch, as flowing branches do from afar.
            ViewOrg | ListMembers | ViewMemberFile | ViewMemberIdentity | EditMemberFile
            | HandleSuggestion | PostNotice | ViewDuesLedger | ManageOrgLife | ManageAccounts
            | ViewArchive | WatchStream => true,
            // Its own grid centre: a party group below holds none.
            ManageStream => reach == ScopeRoot,
            // Nobody files the vote on their own probation, or confirms, excuses or books their
            // own dues (docs/security.md#self-service).
            ProposeConversion | ManageDues => reach != Own,
            // Study material is written by the county and the committees (issue: 县委和各党委).
            // Hardship relief is proposed by the branch and approved one level up.
            EditOrg | ViewTrail | AuthorStudy | ApproveHardship | ReviewOrgLife
            | ManageAssistance | DispatchTasks | ImportRoster | CreateOrg | ReshapeOrg
            | DecideConversion | ChangeStanding | ViewCommand => false,
        },
        Role::CommitteeAdmin => match action {
            // Terms, relief, probations and standing are decided for the organizations below,
            // never one's own; tasks go down, never to oneself.
            EditOrg | ApproveHardship | ReviewOrgLife | ReshapeOrg | DecideConversion
            | ChangeStanding | DispatchTasks => reach == Below,
            // A village's grid centre is registered by the village or the county.
            ViewTrail | ImportRoster | ManageStream => false,
            ProposeConversion | ManageDues => reach != Own,
            _ => true,
        },
        Role::CountyAdmin => match action {
            // The county decides relief for the branches directly under it, like a committee.
            ApproveHardship | ReviewOrgLife | DispatchTasks => reach == Below,
            // Nobody proposes or decides their own probation, or changes their own standing.
            // Nor handles their own dues.
            ProposeConversion | DecideConversion | ChangeStanding | ManageDues => reach != Own,
            _ => true,
        },
        Role::Auditor => match action {
            ViewOrg | ListMembers | ViewMemberFile | ViewTrail | ViewDuesLedger | ViewArchive
            | ViewCommand | WatchStream => true,
            // Their own file, as anyone's.
            ViewMemberIdentity => reach == Own,
            EditOrg | EditMemberFile | HandleSuggestion | AuthorStudy | PostNotice | ManageDues
            | ApproveHardship | ManageOrgLife | ReviewOrgLife | ManageAssistance
            | DispatchTasks | ManageAccounts | ImportRoster | CreateOrg | ReshapeOrg
            | ProposeConversion | DecideConversion | ChangeStanding | ManageStream => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_outside_the_scope() {
        for role in Role::ALL {
            for action in Action::ALL {
                assert!(
                    !permits(*role, *action, Reach::Outside),
                    "{role:?} {action:?}"
                );
            }
        }
    }

    #[test]
    fn auditor_never_writes() {
        for action in Action::ALL.iter().filter(|a| a.is_write()) {
            for reach in Reach::ALL {
                assert!(!permits(Role::Auditor, *action, *reach));
            }
        }
    }

    #[test]
    fn member_sees_own_file_and_branch_only() {
        assert!(permits(Role::Member, Action::ViewMemberFile, Reach::Own));
        assert!(permits(
            Role::Member,
            Action::ViewMemberIdentity,
            Reach::Own
        ));
        assert!(permits(Role::Member, Action::ViewOrg, Reach::ScopeRoot));
        assert!(!permits(
            Role::Member,
            Action::ViewMemberFile,
            Reach::ScopeRoot
        ));
        assert!(!permits(
            Role::Member,
            Action::ListMembers,
            Reach::ScopeRoot
        ));
        assert!(!permits(Role::Member, Action::EditMemberFile, Reach::Own));
        assert!(!permits(Role::Member, Action::PostNotice, Reach::ScopeRoot));
    }

    #[test]
    fn notices_come_from_secretaries_committees_and_the_county() {
        for role in [Role::BranchAdmin, Role::CommitteeAdmin, Role::CountyAdmin] {
            assert!(
                permits(role, Action::PostNotice, Reach::ScopeRoot),
                "{role:?}"
            );
            assert!(permits(role, Action::PostNotice, Reach::Below), "{role:?}");
        }
        assert!(!permits(
            Role::Auditor,
            Action::PostNotice,
            Reach::ScopeRoot
        ));
    }

    #[test]
    fn suggestions_are_handled_by_administrators_in_scope() {
        assert!(permits(
            Role::BranchAdmin,
            Action::HandleSuggestion,
            Reach::ScopeRoot
        ));
        assert!(permits(
            Role::CommitteeAdmin,
            Action::HandleSuggestion,
            Reach::Below
        ));
        assert!(!permits(
            Role::Member,
            Action::HandleSuggestion,
            Reach::ScopeRoot
        ));
        assert!(!permits(
            Role::Auditor,
            Action::HandleSuggestion,
            Reach::Below
        ));
    }

    #[test]
    fn hardship_is_proposed_by_the_branch_and_approved_above() {
        assert!(permits(
            Role::BranchAdmin,
            Action::ManageDues,
            Reach::ScopeRoot
        ));
        assert!(!permits(
            Role::BranchAdmin,
            Action::ApproveHardship,
            Reach::ScopeRoot
        ));
        assert!(permits(
            Role::CommitteeAdmin,
            Action::ApproveHardship,
            Reach::Below
        ));
        assert!(!permits(
            Role::CommitteeAdmin,
            Action::ApproveHardship,
            Reach::ScopeRoot
        ));
        assert!(permits(
            Role::CountyAdmin,
            Action::ApproveHardship,
            Reach::Below
        ));
        assert!(!permits(Role::Member, Action::ManageDues, Reach::Own));
        assert!(permits(Role::Auditor, Action::ViewDuesLedger, Reach::Below));
        assert!(!permits(
            Role::Member,
            Action::ViewDuesLedger,
            Reach::ScopeRoot
        ));
    }

    #[test]
    fn terms_are_set_from_above() {
        assert!(!permits(
            Role::BranchAdmin,
            Action::EditOrg,
            Reach::ScopeRoot
        ));
        assert!(!permits(
            Role::CommitteeAdmin,
            Action::EditOrg,
            Reach::ScopeRoot
        ));
        assert!(permits(Role::CommitteeAdmin, Action::EditOrg, Reach::Below));
        assert!(permits(Role::CountyAdmin, Action::EditOrg, Reach::Below));
    }

    #[test]
    fn trail_is_for_the_county_and_auditors() {
        let readers: Vec<_> = Role::ALL
            .iter()
            .filter(|r| permits(**r, Action::ViewTrail, Reach::Below))
            .collect();
        assert_eq!(readers, [&Role::CountyAdmin, &Role::Auditor]);
    }

    #[test]
    fn meeting_records_are_reviewed_from_above_only() {
        for role in Role::ALL {
            for reach in Reach::ALL {
                let expected = matches!(role, Role::CommitteeAdmin | Role::CountyAdmin)
                    && *reach == Reach::Below;
                assert_eq!(
                    permits(*role, Action::ReviewOrgLife, *reach),
                    expected,
                    "{role:?} {reach:?}"
                );
            }
        }
    }
}
