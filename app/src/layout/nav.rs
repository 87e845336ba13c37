use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// One entry of the main navigation: the phone's bottom tab bar and the wide screen's side bar
/// show the same entries so a member never has to learn two maps of the app.
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub icon: &'static str,
}

pub const NAV_ITEMS: [NavItem; 4] = [
    NavItem {
        href: "/",
        label: "首页",
        icon: "⌂",
    },
    NavItem {
        href: "/study",
        label: "学习",
        icon: "✎",
    },
    NavItem {
        href: "/org-life",
        label: "组织生活",
        icon: "⚑",
    },
    NavItem {
        href: "/me",
        label: "我的",
        icon: "☺",
    },
];

fn is_current(path: &str, href: &str) -> bool {
    if href == "/" {
        path == "/"
    } else {
        path == href || path.starts_with(&format!("{href}/"))
    }
}

#[component]
pub fn NavLinks(class: &'static str) -> impl IntoView {
    let location = use_location();
    view! {
        <nav class=class aria-label="主导航">
            {NAV_ITEMS
                .iter()
                .map(|item| {
                    let href = item.href;
                    let current = move || {
                        is_current(&location.pathname.get(), href).then_some("page")
                    };
                    view! {
                        <a href=href aria-current=current class="nav-link">
                            <span class="nav-icon" aria-hidden="true">{item.icon}</span>
                            <span class="nav-label">{item.label}</span>
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::is_current;

    #[test]
    fn home_is_current_only_at_root() {
        assert!(is_current("/", "/"));
        assert!(!is_current("/study", "/"));
    }

    #[test]
    fn sections_own_their_sub_pages() {
        assert!(is_current("/study/12", "/study"));
        assert!(!is_current("/studyroom", "/study"));
    }
}
