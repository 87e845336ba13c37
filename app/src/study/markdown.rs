//! Markdown to HTML for articles, on the server only. Authors are trusted staff, but a pasted
//! `<script>` or a `javascript:` link must still never run in a member's browser: raw HTML is
//! shown as text and link targets are limited to the web and this site.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

/// A link goes to the web or to a page of this site. Browsers drop tabs and newlines inside a
/// URL and read `\` as `/`, so `/\host` or a tab-split `/<TAB>/host` would leave the site: an
/// on-site path passes the same check as a return address (`crate::url::return_path`).
fn safe_link(url: &str) -> bool {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let clean = !url.chars().any(|c| c.is_control() || c == '\\');
    (clean && (lower.starts_with("https://") || lower.starts_with("http://")))
        || crate::url::return_path(url).is_some()
        || (clean && lower.starts_with('#'))
}

/// Images come from this site's file store only: no reader's phone fetches another host.
fn safe_image(url: &str) -> bool {
    crate::url::return_path(url.trim()).is_some_and(|p| p.starts_with("/files/"))
}

pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_link(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::Borrowed("#"),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_image(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::Borrowed(""),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn renders_text_images_and_links() {
        let html = render(
            "# 标题\n\n正文**加粗**\n\n![图](/files/study/a.png)\n\n[链接](https://www.gov.cn)",
        );
        assert!(html.contains("<h1>标题</h1>"));
        assert!(html.contains("<strong>加粗</strong>"));
        assert!(html.contains(r#"<img src="/files/study/a.png" alt="图" />"#));
        assert!(html.contains(r#"<a href="https://www.gov.cn">"#));
    }

    #[test]
    fn raw_html_and_script_links_never_run() {
        let html = render("<script>alert(1)</script>\n\n段落 <img src=x onerror=alert(1)>\n\n[点我](javascript:alert(1)) ![x](data:image/svg+xml,abc)");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img src=x"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("data:image"), "{html}");
    }

    #[test]
    fn links_stay_on_the_web_or_this_site_and_images_on_its_file_store() {
        for off_site in [
            "/\\evil.example/x",
            "/\t/evil.example",
            "//evil.example",
            "java\tscript:alert(1)",
        ] {
            let html = render(&format!("[点我](<{off_site}>)"));
            assert!(html.contains(r##"<a href="#">"##), "{off_site}: {html}");
        }
        assert!(render("[本站](/study/3)").contains(r#"<a href="/study/3">"#));
        assert!(render("![图](/files/study/a.png)").contains(r#"src="/files/study/a.png""#));
        for elsewhere in [
            "https://evil.example/track.png",
            "/study/3",
            "//evil.example/a.png",
        ] {
            let html = render(&format!("![图]({elsewhere})"));
            assert!(html.contains(r#"src="""#), "{elsewhere}: {html}");
        }
    }
}
