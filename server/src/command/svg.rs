//! Charts as SVG text, drawn on the server and sent inside the page (docs/rules.md#the-command-platform):
//! no chart library is downloaded, and a phone shows them as soon as the HTML arrives.
//! Every text written here goes through [`esc`]: names come from the records.

use std::fmt::Write;

/// One bar: what it counts, its length against the chart's largest (or its own whole), the
/// text beside it and the page it summarises.
pub(crate) struct Bar {
    pub label: String,
    pub value: i64,
    /// The whole it is a share of, when the bar is a share (drawn as a track behind it).
    pub of: Option<i64>,
    pub shown: String,
    pub href: String,
}

/// Text safe inside an SVG (XML) element or attribute: the same escaping as any HTML.
pub(crate) use crate::html::escape as esc;

/// The first `n` characters of a name, with an ellipsis when cut.
fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

const WIDTH: i64 = 340;
const ROW: i64 = 26;
const LABEL: i64 = 112;
const VALUE: i64 = 80;

/// Horizontal bars, one row each, sized for a phone's width; each row is a link.
pub(crate) fn bars(id: &str, title: &str, rows: &[Bar]) -> String {
    let height = ROW * rows.len().max(1) as i64 + 4;
    let track = WIDTH - LABEL - VALUE;
    let max = rows
        .iter()
        .map(|b| b.of.unwrap_or(b.value))
        .max()
        .unwrap_or(0)
        .max(1);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg id="{id}" class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
        esc(title)
    );
    if rows.is_empty() {
        let _ = write!(s, r##"<text x="0" y="18" class="empty">暂无数据</text>"##);
    }
    for (i, b) in rows.iter().enumerate() {
        let y = i as i64 * ROW + 2;
        let whole = b.of.unwrap_or(max).max(1);
        // A share is drawn against its own whole; a count against the largest row.
        let (len, back) = match b.of {
            Some(_) => (b.value.clamp(0, whole) * track / whole, track),
            None => (b.value.max(0) * track / max, 0),
        };
        let _ = write!(
            s,
            r#"<a href="{href}" class="bar" data-value="{value}"><title>{label}：{shown}</title><text x="0" y="{ty}" class="label">{short}</text>"#,
            href = esc(&b.href),
            value = b.value,
            label = esc(&b.label),
            shown = esc(&b.shown),
            ty = y + 16,
            short = esc(&short(&b.label, 7)),
        );
        if back > 0 {
            let _ = write!(
                s,
                r#"<rect x="{LABEL}" y="{}" width="{back}" height="16" rx="3" class="track"/>"#,
                y + 4
            );
        }
        let _ = write!(
            s,
            r#"<rect x="{LABEL}" y="{}" width="{len}" height="16" rx="3" class="fill"/><text x="{}" y="{}" class="value">{}</text></a>"#,
            y + 4,
            WIDTH - 2,
            y + 16,
            esc(&b.shown),
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_escaped_and_bars_scale() {
        let svg = bars(
            "c",
            "t",
            &[
                Bar {
                    label: "<script>".into(),
                    value: 5,
                    of: None,
                    shown: "5".into(),
                    href: "/a?x=1&y=2".into(),
                },
                Bar {
                    label: "半".into(),
                    value: 1,
                    of: Some(2),
                    shown: "50%".into(),
                    href: "/b".into(),
                },
            ],
        );
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains(r#"href="/a?x=1&amp;y=2""#));
        // The count fills the track; the share half of its own.
        let track = WIDTH - LABEL - VALUE;
        assert!(svg.contains(&format!(
            r#"width="{track}" height="16" rx="3" class="fill""#
        )));
        assert!(svg.contains(&format!(
            r#"width="{}" height="16" rx="3" class="fill""#,
            track / 2
        )));
    }

    #[test]
    fn long_names_are_cut() {
        assert_eq!(short("中共新田县龙泉镇委员会", 7), "中共新田县龙…");
        assert_eq!(short("龙泉镇", 7), "龙泉镇");
    }
}
