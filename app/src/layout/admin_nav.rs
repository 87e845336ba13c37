//! The administrators' pages, in one table that carries each page's permission: the side
//! navigation and `我的 → 管理` list exactly the pages the active role may use, and the server
//! answers 403 for a listed page the role may not open (docs/operations.md#navigation). A new
//! administrator page registers here.

use domain::{
    access::{permits, Action, Reach},
    Role,
};
use leptos::prelude::*;

use crate::session::UserContext;

/// What a page needs of the active role.
#[derive(Clone, Copy, Debug)]
pub enum Need {
    /// Any of these actions, on the role's own scope or below it.
    AnyOf(&'static [Action]),
    /// County-wide settings: the county organization department only.
    County,
}

#[derive(Clone, Copy, Debug)]
pub struct AdminPage {
    pub id: &'static str,
    pub href: &'static str,
    pub label: &'static str,
    pub need: Need,
    /// Whether the page itself is refused (403) to a role without the need; `/org` is also
    /// every member's view of their own branch, so only its link is an administrator's.
    pub gated: bool,
    /// A page the server renders whole, outside the app (the county map): the link leaves the
    /// app's router.
    pub external: bool,
}

impl AdminPage {
    pub fn may(&self, role: Role) -> bool {
        match self.need {
            Need::County => role == Role::CountyAdmin,
            Need::AnyOf(actions) => actions.iter().any(|a| {
                [Reach::ScopeRoot, Reach::Below]
                    .into_iter()
                    .any(|r| permits(role, *a, r))
            }),
        }
    }
}

pub const ADMIN_PAGES: [AdminPage; 13] = [
    AdminPage {
        id: "nav-review",
        href: "/review",
        label: "组织生活审核",
        need: Need::AnyOf(&[Action::ReviewOrgLife]),
        gated: true,
        external: false,
    },
    AdminPage {
        id: "nav-compliance",
        href: "/compliance",
        label: "组织生活检查",
        need: Need::AnyOf(&[Action::ManageOrgLife, Action::ReviewOrgLife]),
        gated: true,
        external: false,
    },
    AdminPage {
        id: "nav-org",
        href: "/org",
        label: "组织与党员",
        need: Need::AnyOf(&[Action::ListMembers]),
        gated: false,
        external: false,
    },
    AdminPage {
        id: "nav-import",
        href: "/admin/import",
        label: "导入党组织和党员",
        need: Need::AnyOf(&[Action::ImportRoster]),
        gated: true,
        external: false,
    },
    AdminPage {
        id: "nav-study",
        href: "/admin/study",
        label: "学习资料",
        need: Need::AnyOf(&[Action::AuthorStudy]),
        gated: true,
        external: false,
    },
    AdminPage {
        id: "nav-dues",
        href: "/admin/dues",
        label: "党费管理",
        need: Need::AnyOf(&[Action::ManageDues, Action::ViewDuesLedger]),
        gated: true,
        external: false,
    },
    AdminPage {
        id: "nav-ledger",
        href: "/dues/ledger",
        label: "党费台账",
        need: Need::AnyOf(&[Action::ViewDuesLedger]),
        gated: true,
        external: false,
    },
    AdminPage {
        id: "nav-settings",
        href: "/admin/settings",
        label: "县级设置",
        need: Need::County,
        gated: true,
        external: false,
    },
    AdminPage {
        id: "nav-command",
        href: "/command",
        label: "指挥中心",
        need: Need::AnyOf(&[Action::ViewCommand]),
        gated: true,
        external: false,
    },
    AdminPage {
        id: "nav-map",
        href: "/command/map",
        label: "党建地图",
        need: Need::AnyOf(&[Action::ViewCommand]),
        gated: true,
        external: true,
    },
    // Every member may open `/video` (their branch's stream); the link is for those who
    // register streams or oversee branches.
    AdminPage {
        id: "nav-video",
        href: "/video",
        label: "网格直播",
        need: Need::AnyOf(&[Action::ManageStream, Action::ViewCommand]),
        gated: false,
        external: false,
    },
    AdminPage {
        id: "nav-archive",
        href: "/archive",
        label: "档案",
        need: Need::AnyOf(&[Action::ViewArchive]),
        gated: true,
        external: false,
    },
    AdminPage {
        id: "nav-trail",
        href: "/trail",
        label: "记录链",
        need: Need::AnyOf(&[Action::ViewTrail]),
        gated: true,
        external: false,
    },
];

/// The pages `role` may use, in the table's order.
pub fn admin_pages(role: Role) -> impl Iterator<Item = &'static AdminPage> {
    ADMIN_PAGES.iter().filter(move |p| p.may(role))
}

/// The gated page at `path` that `role` may not open, if it is one.
pub fn refused(path: &str, role: Role) -> Option<&'static AdminPage> {
    ADMIN_PAGES
        .iter()
        .find(|p| p.gated && p.href == path)
        .filter(|p| !p.may(role))
}

/// The active role's administrator pages as plain links (nothing for a role without any):
/// in the side navigation on wide screens, as the 管理 card of 我的 on phones.
#[component]
pub fn AdminLinks(id: &'static str, class: &'static str) -> impl IntoView {
    let ctx = expect_context::<UserContext>();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let role = ctx.user.await.ok().flatten().filter(|u| !u.must_change_password).map(|u| u.role);
                let pages: Vec<&AdminPage> = role.map(|r| admin_pages(r).collect()).unwrap_or_default();
                (!pages.is_empty()).then(|| view! {
                    <nav id=id class=class aria-label="管理">
                        <h2 class="nav-heading">"管理"</h2>
                        {pages.into_iter().map(|p| view! { <a id=format!("{id}-{}", p.id) class="nav-link" href=p.href rel=p.external.then_some("external")>{p.label}</a> }).collect_view()}
                    </nav>
                })
            })}
        </Transition>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hrefs(role: Role) -> Vec<&'static str> {
        admin_pages(role).map(|p| p.href).collect()
    }

    #[test]
    fn each_role_gets_exactly_its_pages() {
        assert!(hrefs(Role::Member).is_empty());
        assert_eq!(
            hrefs(Role::BranchAdmin),
            [
                "/compliance",
                "/org",
                "/admin/dues",
                "/dues/ledger",
                "/video",
                "/archive"
            ]
        );
        assert_eq!(
            hrefs(Role::CommitteeAdmin),
            [
                "/review",
                "/compliance",
                "/org",
                "/admin/study",
                "/admin/dues",
                "/dues/ledger",
                "/command",
                "/command/map",
                "/video",
                "/archive"
            ]
        );
        assert_eq!(hrefs(Role::CountyAdmin).len(), ADMIN_PAGES.len());
        assert_eq!(
            hrefs(Role::Auditor),
            [
                "/org",
                "/admin/dues",
                "/dues/ledger",
                "/command",
                "/command/map",
                "/video",
                "/archive",
                "/trail"
            ]
        );
        assert_eq!(
            refused("/admin/settings", Role::CommitteeAdmin).map(|p| p.id),
            Some("nav-settings")
        );
        assert!(refused("/org", Role::Member).is_none());
    }
}
