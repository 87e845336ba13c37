use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy, SsrMode,
};

use crate::auth::LoginPage;
use crate::layout::{AppFrame, FriendlyError};
use crate::orglife::OrgLifePage;
use crate::pages::{HomePage, MePage, NotFound};
use crate::routes::*;
use crate::session::provide_user_context;
use crate::study::StudyPage;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_user_context();

    // Marks the page once the WASM runs, so tests (and CSS) can tell SSR-only from hydrated.
    // A page loaded on demand (`crate::routes`) hydrates only once its chunk has arrived, and
    // marks the page itself then.
    Effect::new(move |_| {
        let lazy = document()
            .query_selector("template[data-lazy-page]")
            .ok()
            .flatten()
            .is_some();
        if !lazy {
            crate::routes::mark_hydrated();
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
                        <Route path=path!("/study/:id") view={Lazy::<StudyItemRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/study") view={Lazy::<AdminStudyRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/import") view={Lazy::<AdminImportRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/settings") view={Lazy::<AdminSettingsRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/trail") view={Lazy::<TrailRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/org-life") view=OrgLifePage ssr=SsrMode::InOrder />
                        <Route path=path!("/org-life/sign-in") view={Lazy::<SignInRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/org-life/:id") view={Lazy::<MeetingRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/review") view={Lazy::<ReviewRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/compliance") view={Lazy::<ComplianceRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/assistance") view={Lazy::<AssistanceRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/assistance/:id") view={Lazy::<TeamRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/me") view=MePage ssr=SsrMode::InOrder />
                        <Route path=path!("/dues/calculator") view={Lazy::<DuesCalculatorRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/dues") view={Lazy::<DuesRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/dues/ledger") view={Lazy::<DuesLedgerRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/dues") view={Lazy::<AdminDuesRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/login") view=LoginPage ssr=SsrMode::InOrder />
                        <Route path=path!("/points") view={Lazy::<PointsRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/org") view={Lazy::<OrgRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/rankings") view={Lazy::<RankingsRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/suggestions") view={Lazy::<SuggestionsRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/tasks") view={Lazy::<TasksRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/tasks/:id") view={Lazy::<TaskRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/archive") view={Lazy::<ArchiveRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/command") view={Lazy::<CommandRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/video/:org?") view={Lazy::<VideoRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/notices") view={Lazy::<NoticesRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/inbox") view={Lazy::<InboxRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/members/:id") view={Lazy::<MemberRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/org/new-member") view={Lazy::<NewMemberRoute>::new()} ssr=SsrMode::InOrder />
                    </Routes>
                </ErrorBoundary>
            </AppFrame>
        </Router>
    }
}
