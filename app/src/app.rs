use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::auth::LoginPage;
use crate::dues::calculator::DuesCalculatorPage;
use crate::dues::{AdminDuesPage, DuesLedgerPage, DuesPage};
use crate::inbox::InboxPage;
use crate::layout::{AppFrame, FriendlyError};
use crate::members::MemberPage;
use crate::notices::NoticesPage;
use crate::orglife::{CompliancePage, MeetingPage, OrgLifePage, ReviewPage, SignInPage};
use crate::orgs::OrgPage;
use crate::pages::{HomePage, MePage, NotFound};
use crate::points::PointsPage;
use crate::rankings::RankingsPage;
use crate::session::provide_user_context;
use crate::study::{AdminStudyPage, StudyItemPage, StudyPage};
use crate::suggestions::SuggestionsPage;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_user_context();

    // Marks the page once the WASM runs, so tests (and CSS) can tell SSR-only from hydrated.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    // In-order streaming: every page is complete HTML without JavaScript (out-of-order streaming
    // would need a script to swap resolved <Suspense> content in).
    view! {
        <Title formatter=|text: String| {
            if text.is_empty() { "党建云".to_string() } else { format!("{text} · 党建云") }
        } />
        <Router>
            <AppFrame>
                <ErrorBoundary fallback=|errors| view! { <FriendlyError errors /> }>
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=HomePage ssr=SsrMode::InOrder />
                        <Route path=path!("/study") view=StudyPage ssr=SsrMode::InOrder />
                        <Route path=path!("/study/:id") view=StudyItemPage ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/study") view=AdminStudyPage ssr=SsrMode::InOrder />
                        <Route path=path!("/org-life") view=OrgLifePage ssr=SsrMode::InOrder />
                        <Route path=path!("/org-life/sign-in") view=SignInPage ssr=SsrMode::InOrder />
                        <Route path=path!("/org-life/:id") view=MeetingPage ssr=SsrMode::InOrder />
                        <Route path=path!("/review") view=ReviewPage ssr=SsrMode::InOrder />
                        <Route path=path!("/compliance") view=CompliancePage ssr=SsrMode::InOrder />
                        <Route path=path!("/me") view=MePage ssr=SsrMode::InOrder />
                        <Route path=path!("/dues/calculator") view=DuesCalculatorPage ssr=SsrMode::InOrder />
                        <Route path=path!("/dues") view=DuesPage ssr=SsrMode::InOrder />
                        <Route path=path!("/dues/ledger") view=DuesLedgerPage ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/dues") view=AdminDuesPage ssr=SsrMode::InOrder />
                        <Route path=path!("/login") view=LoginPage ssr=SsrMode::InOrder />
                        <Route path=path!("/points") view=PointsPage ssr=SsrMode::InOrder />
                        <Route path=path!("/org") view=OrgPage ssr=SsrMode::InOrder />
                        <Route path=path!("/rankings") view=RankingsPage ssr=SsrMode::InOrder />
                        <Route path=path!("/suggestions") view=SuggestionsPage ssr=SsrMode::InOrder />
                        <Route path=path!("/notices") view=NoticesPage ssr=SsrMode::InOrder />
                        <Route path=path!("/inbox") view=InboxPage ssr=SsrMode::InOrder />
                        <Route path=path!("/members/:id") view=MemberPage ssr=SsrMode::InOrder />
                    </Routes>
                </ErrorBoundary>
            </AppFrame>
        </Router>
    }
}
