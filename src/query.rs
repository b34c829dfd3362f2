//! The query language, the same in the widget and the CLI.
//!
//! | syntax | meaning |
//! |--------|---------|
//! | `腾讯 混元` | words separated by spaces are ANDed; a CJK word matches verbatim |
//! | `"国家 广播"` / `“文小言”` | a phrase: its units must be adjacent |
//! | `-快手` | excludes items containing the word |
//! | `section:技术` | only items of that section |
//! | `issue:431` | only items of that issue |
//! | `date:2024-09-01..2024-09-30`, `2024-09-01..`, `..2024-09-30`, `date:2024-09-09` | a date range (inclusive) |
//! | `sort:date` | newest first instead of by relevance |
//!
//! The last word also matches as a prefix while typing (unless the query ends with a space or a
//! closed phrase). Anything that is not valid syntax is read as plain words; parsing never fails.
//! Work is bounded: at most [`MAX_QUERY_CHARS`] characters and [`MAX_GROUPS`] words are read.

use crate::analysis::{units, Unit};
use crate::model::Date;

/// Characters of a query that are read; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 256;
/// Words (groups) of a query that are evaluated; the rest are ignored.
pub const MAX_GROUPS: usize = 12;
/// Units per group that are evaluated.
pub const MAX_GROUP_UNITS: usize = 64;

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// BM25-family relevance (default).
    #[default]
    Relevance,
    /// Newest issue first, then item order.
    Date,
}

/// A word or phrase of a query: units that must occur adjacently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The text as typed (without quotes or `-`).
    pub text: String,
    /// The analyzed units.
    pub units: Vec<Unit>,
    /// The last Latin token may match as a prefix.
    pub prefix: bool,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// Groups that must all match.
    pub groups: Vec<Group>,
    /// Groups that must not match.
    pub excluded: Vec<Group>,
    /// `section:` filter.
    pub section: Option<String>,
    /// `issue:` filter.
    pub issue: Option<u32>,
    /// Inclusive lower date bound.
    pub date_from: Option<Date>,
    /// Inclusive upper date bound.
    pub date_to: Option<Date>,
    /// `sort:` order.
    pub sort: Option<Sort>,
}

impl Query {
    /// True when the query has no words and no filters.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty() && !self.has_filters()
    }

    /// True when any filter is set.
    pub fn has_filters(&self) -> bool {
        self.section.is_some() || self.issue.is_some() || self.date_from.is_some() || self.date_to.is_some()
    }
}

fn group(text: &str, prefix: bool) -> Option<Group> {
    let mut u = units(text);
    u.truncate(MAX_GROUP_UNITS);
    (!u.is_empty()).then(|| Group { text: text.to_string(), units: u, prefix })
}

fn date_range(v: &str) -> Option<(Option<Date>, Option<Date>)> {
    if let Some((a, b)) = v.split_once("..") {
        let from = if a.is_empty() { None } else { Some(Date::parse_iso(a)?) };
        let to = if b.is_empty() { None } else { Some(Date::parse_iso(b)?) };
        (from.is_some() || to.is_some()).then_some((from, to))
    } else {
        let d = Date::parse_iso(v)?;
        Some((Some(d), Some(d)))
    }
}

enum Token {
    Word(String),
    Phrase(String),
}

fn tokenize(input: &str) -> (Vec<Token>, bool) {
    let chars: Vec<char> = input.chars().take(MAX_QUERY_CHARS).collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut ends_open = false;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() || c == '\u{3000}' {
            i += 1;
            ends_open = false;
            continue;
        }
        let close = match c {
            '"' => Some('"'),
            '“' => Some('”'),
            '「' => Some('」'),
            _ => None,
        };
        if let Some(close) = close {
            if let Some(end) = chars[i + 1..].iter().position(|&d| d == close || (close == '”' && d == '"')) {
                tokens.push(Token::Phrase(chars[i + 1..i + 1 + end].iter().collect()));
                i += end + 2;
                ends_open = false;
                continue;
            }
            // An unclosed quote is not syntax: read the rest as words.
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && !chars[i].is_whitespace()
            && chars[i] != '\u{3000}'
            && !matches!(chars[i], '"' | '“' | '「')
        {
            i += 1;
        }
        tokens.push(Token::Word(chars[start..i].iter().collect()));
        ends_open = true;
    }
    (tokens, ends_open)
}

/// Parses a query. Never fails: invalid syntax becomes plain words.
pub fn parse_query(input: &str) -> Query {
    let (tokens, ends_open) = tokenize(input);
    let mut q = Query::default();
    let last = tokens.len().saturating_sub(1);
    for (i, token) in tokens.into_iter().enumerate() {
        let prefix = ends_open && i == last;
        match token {
            Token::Phrase(p) => q.groups.extend(group(&p, false)),
            Token::Word(w) => {
                if let Some((field, value)) = w.split_once(':').or_else(|| w.split_once('：')) {
                    let handled = match field.to_ascii_lowercase().as_str() {
                        "section" | "栏目" if !value.is_empty() => {
                            q.section = Some(value.to_string());
                            true
                        }
                        "issue" | "期" => value.parse().map(|n| q.issue = Some(n)).is_ok(),
                        "date" | "日期" => {
                            date_range(value).map(|(a, b)| (q.date_from, q.date_to) = (a, b)).is_some()
                        }
                        "sort" => match value {
                            "date" | "日期" => {
                                q.sort = Some(Sort::Date);
                                true
                            }
                            "relevance" => {
                                q.sort = Some(Sort::Relevance);
                                true
                            }
                            _ => false,
                        },
                        _ => false,
                    };
                    if handled {
                        continue;
                    }
                }
                if w.contains("..") {
                    if let Some((a, b)) = date_range(&w) {
                        (q.date_from, q.date_to) = (a, b);
                        continue;
                    }
                }
                if let Some(rest) = w.strip_prefix('-').filter(|r| !r.is_empty()) {
                    if let Some(g) = group(rest, false) {
                        q.excluded.push(g);
                        continue;
                    }
                }
                q.groups.extend(group(&w, prefix));
            }
        }
    }
    q.groups.truncate(MAX_GROUPS);
    q.excluded.truncate(MAX_GROUPS);
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(q: &Query) -> Vec<&str> {
        q.groups.iter().map(|g| g.text.as_str()).collect()
    }

    #[test]
    fn words_phrases_and_filters() {
        let q = parse_query("腾讯 \"国家 广播\" -快手 section:技术 issue:431 2024-09-01..2024-09-30 sort:date");
        assert_eq!(texts(&q), vec!["腾讯", "国家 广播"]);
        assert_eq!(q.excluded[0].text, "快手");
        assert_eq!(q.section.as_deref(), Some("技术"));
        assert_eq!(q.issue, Some(431));
        assert_eq!(q.date_from, Date::new(2024, 9, 1));
        assert_eq!(q.date_to, Date::new(2024, 9, 30));
        assert_eq!(q.sort, Some(Sort::Date));
    }

    #[test]
    fn invalid_syntax_degrades_to_words() {
        assert_eq!(texts(&parse_query("issue:abc")), vec!["issue:abc"]);
        assert_eq!(texts(&parse_query("\"文小言")), vec!["文小言"]);
        assert_eq!(texts(&parse_query("2024-13-01..x")), vec!["2024-13-01..x"]);
        assert!(parse_query("-").groups.is_empty());
        assert!(parse_query("，。！").is_empty());
        assert!(parse_query("").is_empty());
    }

    #[test]
    fn only_an_open_last_word_is_a_prefix() {
        let q = parse_query("腾讯 tur");
        assert!(!q.groups[0].prefix && q.groups[1].prefix);
        assert!(!parse_query("tur ").groups[0].prefix);
        assert!(!parse_query("\"tur\"").groups[0].prefix);
        assert_eq!(texts(&parse_query("“文小言”")), vec!["文小言"]);
    }

    #[test]
    fn work_is_bounded() {
        let long = "微短剧 ".repeat(10_000);
        let q = parse_query(&long);
        assert!(q.groups.len() <= MAX_GROUPS);
        let q = parse_query(&"剧".repeat(10_000));
        assert!(q.groups[0].units.len() <= MAX_GROUP_UNITS);
    }
}
