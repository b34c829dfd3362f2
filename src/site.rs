//! The static issue pages of the demo site: one HTML page per issue with an anchor per item, the
//! targets of every hit's `url` (`issues/<number>.html#item-<ordinal>`).
//!
//! Rendering is pure (an [`Issue`] in, a `String` out); the CLI writes the files. Every piece of
//! exported text is escaped, so a headline that contains markup shows as text.
//!
//! ```
//! use bulletin_search::{site::render_issue_page, Date, Issue, Item};
//! let date = Date::new(2024, 9, 9).unwrap();
//! let item = Item { issue: 431, date, section: "要闻".into(), ordinal: 1, headline: "A < B".into(), body: vec!["正文".into()], line: 10 };
//! let page = render_issue_page(&Issue { number: 431, date, summary: vec![], items: vec![item] });
//! assert!(page.contains(r#"id="item-1""#) && page.contains("A &lt; B"));
//! ```

use crate::model::{item_anchor, Issue};
use std::fmt::Write;

pub use crate::model::issue_page_name;

/// Escapes text for HTML element content and double-quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Renders the page of one issue: a header (title, number, date), then the items in document
/// order under their section headings, each an `<article id="item-<ordinal>">`. The page links
/// `../site.css`, `../favicon.svg` and the search page `../index.html`, so it lives in a folder
/// beside them; it has no scripts and no inline styles, so it works under a strict
/// Content-Security-Policy.
pub fn render_issue_page(issue: &Issue) -> String {
    let mut h = String::new();
    let title = format!("《行业动态周报》第 {} 期", issue.number);
    // `write!` into a String cannot fail.
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}（{date}）</title>\n<link rel=\"icon\" href=\"../favicon.svg\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"../site.css\">\n</head>\n<body class=\"issue\">\n\
         <header class=\"site-header\">\n<p class=\"brand\"><a href=\"../index.html\">中国网络视听协会 · 行业动态周报检索</a></p>\n\
         <h1>{title}</h1>\n<p class=\"meta\"><time datetime=\"{date}\">{date}</time> · 共 {n} 条</p>\n</header>\n<main>\n",
        title = escape_html(&title),
        date = issue.date,
        n = issue.items.len(),
    );
    let mut section: Option<&str> = None;
    for item in &issue.items {
        if section != Some(item.section.as_str()) {
            if section.is_some() {
                h.push_str("</section>\n");
            }
            let _ = writeln!(h, "<section>\n<h2>{}</h2>", escape_html(&item.section));
            section = Some(&item.section);
        }
        let _ = write!(
            h,
            "<article id=\"{anchor}\">\n<h3><a href=\"#{anchor}\">{headline}</a></h3>\n",
            anchor = item_anchor(item.ordinal),
            headline = escape_html(&item.headline)
        );
        for paragraph in &item.body {
            let lines: Vec<String> = paragraph.split('\n').map(escape_html).collect();
            let _ = writeln!(h, "<p>{}</p>", lines.join("<br>\n"));
        }
        h.push_str("</article>\n");
    }
    if section.is_some() {
        h.push_str("</section>\n");
    }
    h.push_str("</main>\n<footer class=\"site-footer\"><p><a href=\"../index.html\">返回检索</a></p></footer>\n</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Item};

    fn item(ordinal: u32, section: &str, headline: &str, body: &[&str]) -> Item {
        Item {
            issue: 431,
            date: Date::new(2024, 9, 9).unwrap(),
            section: section.into(),
            ordinal,
            headline: headline.into(),
            body: body.iter().map(|s| s.to_string()).collect(),
            line: 1,
        }
    }

    fn issue(items: Vec<Item>) -> Issue {
        Issue { number: 431, date: Date::new(2024, 9, 9).unwrap(), summary: vec![], items }
    }

    #[test]
    fn every_item_gets_its_anchor_under_its_section() {
        let page = render_issue_page(&issue(vec![
            item(1, "要闻", "甲", &["一"]),
            item(2, "要闻", "乙", &["二"]),
            item(3, "行业", "丙", &["三\n四"]),
        ]));
        for ord in 1..=3 {
            assert_eq!(page.matches(&format!("id=\"item-{ord}\"")).count(), 1);
        }
        assert_eq!(page.matches("<h2>").count(), 2);
        assert_eq!(page.matches("<section>").count(), page.matches("</section>").count());
        assert!(page.contains("<p>三<br>\n四</p>"));
        assert!(page.contains("<time datetime=\"2024-09-09\">"));
    }

    #[test]
    fn markup_in_exported_text_is_escaped() {
        let evil = "<img src=x onerror=alert(1)><script>alert(2)</script>\"'&";
        let page = render_issue_page(&issue(vec![item(1, evil, evil, &[evil])]));
        assert!(!page.contains("<img") && !page.contains("<script"));
        assert!(
            page.contains("&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;&quot;&#39;&amp;")
        );
    }

    #[test]
    fn page_name_is_the_issue_number() {
        assert_eq!(issue_page_name(431), "431.html");
    }
}
