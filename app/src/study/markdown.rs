//! Markdown to HTML for articles, on the server only. Authors are trusted staff, but a pasted
//! `<script>` or a `javascript:` link must still never run in a member's browser: raw HTML is
//! shown as text and link targets are limited to the web and this site.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || (lower.starts_with('/') && !lower.starts_with("//"))
        || lower.starts_with('#')
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
        }) if !safe_url(&dest_url) => Event::Start(Tag::Link {
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
        }) if !safe_url(&dest_url) => Event::Start(Tag::Image {
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
}
