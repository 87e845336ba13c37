//! Pages loaded on demand: each is compiled into its own WASM chunk (the build step's split,
//! docs/build.md#split) that the browser fetches when the page is first visited, so a phone's
//! first visit downloads only the shell and the everyday pages. The server renders them in
//! full as before.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

macro_rules! lazy_pages {
    ($($route:ident => $page:path),* $(,)?) => {$(
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                use $page as Page;
                view! { <LazyMark /> <Page /> }.into_any()
            }
        }
    )*};
}

/// Sets `data-hydrated` on the body a task later than now: the pages' <Suspense> contents
/// hydrate in tasks of their own once their (already sent) data resolves, and their listeners
/// are attached only then. Tests wait for it before they click.
pub fn mark_hydrated() {
    set_timeout(
        || {
            if let Some(body) = document().body() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
        },
        std::time::Duration::ZERO,
    );
}

/// In a page loaded on demand: an inert marker that tells the app's first effect that the
/// page is not hydrated yet, and the effect that marks it once this chunk has hydrated it.
#[component]
fn LazyMark() -> impl IntoView {
    Effect::new(move |_| mark_hydrated());
    view! { <template data-lazy-page=""></template> }
}

lazy_pages! {
    AdminDuesRoute => crate::dues::AdminDuesPage,
    DuesLedgerRoute => crate::dues::DuesLedgerPage,
    DuesRoute => crate::dues::DuesPage,
    DuesCalculatorRoute => crate::dues::calculator::DuesCalculatorPage,
    AdminStudyRoute => crate::study::AdminStudyPage,
    AdminImportRoute => crate::import::ImportPage,
    AdminSettingsRoute => crate::settings::SettingsPage,
    TrailRoute => crate::trail::TrailPage,
    StudyItemRoute => crate::study::StudyItemPage,
    MeetingRoute => crate::orglife::MeetingPage,
    SignInRoute => crate::orglife::SignInPage,
    ReviewRoute => crate::orglife::ReviewPage,
    ComplianceRoute => crate::orglife::CompliancePage,
    AssistanceRoute => crate::assistance::AssistancePage,
    TeamRoute => crate::assistance::TeamPage,
    MemberRoute => crate::members::MemberPage,
    NewMemberRoute => crate::members::NewMemberPage,
    OrgRoute => crate::orgs::OrgPage,
    RankingsRoute => crate::rankings::RankingsPage,
    SuggestionsRoute => crate::suggestions::SuggestionsPage,
    TasksRoute => crate::tasks::TasksPage,
    TaskRoute => crate::tasks::TaskPage,
    ArchiveRoute => crate::archive::ArchivePage,
    CommandRoute => crate::command::CommandPage,
    VideoRoute => crate::video::VideoPage,
    NoticesRoute => crate::notices::NoticesPage,
    InboxRoute => crate::inbox::InboxPage,
    PointsRoute => crate::points::PointsPage,
}
