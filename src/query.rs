//! The query language, the same in the widget and the CLI.
//!
//! | syntax | meaning |
//! |--------|---------|
//! | `腾讯 混元` | words separated by spaces are ANDed; a CJK word matches verbatim |
//! | `微短劇`, `騰訊` | traditional characters find their simplified forms (and back) |
//! | `weiduanju`, `weiduan`, `wdj` | a Latin word the index does not hold is read as pinyin, as a pinyin prefix while typing, or as initials |
//! | `tencnet` | …or as a Latin word of the index within one edit (two from 8 letters) |
//! | `"国家 广播"` / `“文小言”` / `「文小言」` | a phrase: its units must be adjacent |
//! | `-快手`, `-"国家 广播"` | excludes items containing the word or phrase |
//! | `section:技术`, `栏目:技术` | only items of that section |
//! | `issue:431`, `issue:425..431`, `期:431` | only items of that issue, or of a range of issues |
//! | `date:2024-09-01..2024-09-30`, `2024-09-01..`, `..2024-09-30`, `date:2024-09-09` | a date range (inclusive) |
//! | `date:2024`, `date:2024-09`, `year:2024`, `2024-06..2024-09` | a year or month stands for all its days |
//! | `sort:date` | newest first instead of by relevance |
//!
//! Field names are case-insensitive and take `:` or `：`. The last word also matches as a prefix
//! while typing (unless the query ends with a space or a closed phrase). Anything that is not
//! valid syntax is read as plain words (`issue:abc` searches for `issue` and `abc`, an unclosed
//! quote is ignored); parsing never fails. Work is bounded: at most [`MAX_QUERY_CHARS`]
//! characters and [`MAX_GROUPS`] words are read.

use crate::analysis::{units, Unit};
use crate::model::Date;
use std::ops::Range;

/// Characters of a query that are read; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 256;
/// Words (groups) of a query that are evaluated; the rest are ignored.
pub const MAX_GROUPS: usize = 12;
/// Units per group that are evaluated.
pub const MAX_GROUP_UNITS: usize = 64;

/// How results are ordered. Its names ([`Sort::name`]) are what the CLI's `--sort`, the Wasm
/// engine's `sort` option and `sort:` in a query take (its `FromStr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// BM25-family relevance (default).
    #[default]
    Relevance,
    /// Newest issue first, then item order.
    Date,
}

impl Sort {
    /// Every order, as help texts list them.
    pub const ALL: [Sort; 2] = [Sort::Relevance, Sort::Date];

    /// Its name: `relevance` or `date`.
    pub fn name(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Date => "date",
        }
    }
}

/// A sort name that is none of [`Sort::ALL`]'s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownSort(pub String);

impl std::fmt::Display for UnknownSort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (a, b) = (Sort::Relevance.name(), Sort::Date.name());
        write!(f, "sort must be \"{a}\" or \"{b}\", not \"{}\"", self.0)
    }
}

impl std::error::Error for UnknownSort {}

impl std::str::FromStr for Sort {
    type Err = UnknownSort;

    /// The order named `name` (exactly: `relevance` or `date`).
    fn from_str(name: &str) -> Result<Sort, UnknownSort> {
        for sort in Sort::ALL {
            if sort.name() == name {
                return Ok(sort);
            }
        }
        Err(UnknownSort(name.to_string()))
    }
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
    /// Where `text` is in the query, in bytes (empty for a group the engine made up).
    pub span: Range<usize>,
    /// Typed as a quoted phrase: matched verbatim only, never split into words.
    pub phrase: bool,
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
    /// `issue:` filter: an inclusive range of issue numbers.
    pub issues: Option<(u32, u32)>,
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
        self.section.is_some() || self.issues.is_some() || self.date_from.is_some() || self.date_to.is_some()
    }
}

fn group(text: &str, span: Range<usize>, prefix: bool) -> Option<Group> {
    let mut u = units(text);
    u.truncate(MAX_GROUP_UNITS);
    (!u.is_empty()).then(|| Group { text: text.to_string(), units: u, prefix, span, phrase: false })
}

fn phrase(text: &str, span: Range<usize>) -> Option<Group> {
    group(text, span, false).map(|g| Group { phrase: true, ..g })
}

/// The first and last day of `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn period(s: &str) -> Option<(Date, Date)> {
    let parts: Vec<&str> = s.split('-').collect();
    // Month and day take one or two digits, the year four.
    let num = |i: usize, width: usize| -> Option<u16> {
        let p = parts.get(i).filter(|p| (1..=width).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))?;
        p.parse().ok()
    };
    let small = |i: usize| num(i, 2).and_then(|n| u8::try_from(n).ok());
    let year = num(0, 4).filter(|y| *y >= 1000)?;
    match parts.len() {
        1 => Some((Date::new(year, 1, 1)?, Date::new(year, 12, 31)?)),
        2 => {
            let month = small(1)?;
            let last = (28..=31).rev().find_map(|d| Date::new(year, month, d))?;
            Some((Date::new(year, month, 1)?, last))
        }
        3 => {
            let d = Date::new(year, small(1)?, small(2)?)?;
            Some((d, d))
        }
        _ => None,
    }
}

/// The text of `span` (char boundaries of `input`; `get`, not indexing: the panic path of a
/// string index would add its formatting to the Wasm module).
fn text_of(input: &str, span: &std::ops::Range<usize>) -> String {
    input.get(span.clone()).unwrap_or_default().to_string()
}

/// `v` split at its first `..`. (By bytes: a `&str` pattern would add std's substring searcher,
/// and its panic messages, to the Wasm module.)
fn split_range(v: &str) -> Option<(&str, &str)> {
    let i = v.as_bytes().windows(2).position(|w| w == b"..")?;
    Some((v.get(..i)?, v.get(i + 2..)?))
}

/// `from..to`, `from..`, `..to` or a single period, each side a [`period`].
fn date_range(v: &str) -> Option<(Option<Date>, Option<Date>)> {
    if let Some((a, b)) = split_range(v) {
        let from = if a.is_empty() { None } else { Some(period(a)?.0) };
        let to = if b.is_empty() { None } else { Some(period(b)?.1) };
        (from.is_some() || to.is_some()).then_some((from, to))
    } else {
        let (from, to) = period(v)?;
        Some((Some(from), Some(to)))
    }
}

/// `431` or `425..431`.
fn issue_range(v: &str) -> Option<(u32, u32)> {
    match split_range(v) {
        Some((a, b)) => {
            let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
            (a <= b).then_some((a, b))
        }
        None => v.parse().ok().map(|n| (n, n)),
    }
}

enum Token {
    /// A word, its byte range in the input.
    Word(String, Range<usize>),
    /// A quoted phrase (`excluded` when a `-` stood before the quote), the byte range of its text.
    Phrase(String, Range<usize>, bool),
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

fn closing_quote(c: char) -> Option<char> {
    match c {
        '"' => Some('"'),
        '“' => Some('”'),
        '「' => Some('」'),
        '『' => Some('』'),
        _ => None,
    }
}

fn is_minus(c: char) -> bool {
    matches!(c, '-' | '－')
}

fn tokenize(input: &str) -> (Vec<Token>, bool) {
    let chars: Vec<(usize, char)> = input.char_indices().take(MAX_QUERY_CHARS).collect();
    let end_of =
        |i: usize| chars.get(i).map_or_else(|| chars.last().map_or(0, |&(b, c)| b + c.len_utf8()), |&(b, _)| b);
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut ends_open = false;
    while i < chars.len() {
        let c = chars[i].1;
        if is_space(c) {
            i += 1;
            ends_open = false;
            continue;
        }
        // `-"…"` excludes a phrase: the minus belongs to the quote after it.
        let minus = is_minus(c) && chars.get(i + 1).is_some_and(|&(_, q)| closing_quote(q).is_some());
        let q = if minus { i + 1 } else { i };
        if let Some(close) = closing_quote(chars[q].1) {
            let found = chars[q + 1..].iter().position(|&(_, d)| d == close || (close == '”' && d == '"'));
            if let Some(len) = found {
                let span = end_of(q + 1)..end_of(q + 1 + len);
                tokens.push(Token::Phrase(text_of(input, &span), span, minus));
                i = q + len + 2;
                ends_open = false;
                continue;
            }
            // An unclosed quote is not syntax: read the rest as words.
            i = q + 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !is_space(chars[i].1) && closing_quote(chars[i].1).is_none() {
            i += 1;
        }
        let span = end_of(start)..end_of(i);
        tokens.push(Token::Word(text_of(input, &span), span));
        ends_open = true;
    }
    (tokens, ends_open)
}

/// Applies a `field:value` token to the query; false when it is not valid syntax.
fn filter(q: &mut Query, field: &str, value: &str) -> bool {
    match field.to_ascii_lowercase().as_str() {
        "section" | "栏目" if !value.is_empty() => {
            q.section = Some(value.to_string());
            true
        }
        "issue" | "期" => issue_range(value).map(|r| q.issues = Some(r)).is_some(),
        "date" | "日期" | "year" | "年" | "年份" => {
            date_range(value).map(|(a, b)| (q.date_from, q.date_to) = (a, b)).is_some()
        }
        "sort" | "排序" => {
            // A sort's name, in any case, or one of the query language's other words for it.
            let sort = match value.to_ascii_lowercase().as_str() {
                "日期" | "new" | "newest" | "最新" => Some(Sort::Date),
                "相关" | "相关度" => Some(Sort::Relevance),
                name => name.parse().ok(),
            };
            sort.map(|s| q.sort = Some(s)).is_some()
        }
        _ => false,
    }
}

/// Parses a query. Never fails: invalid syntax becomes plain words.
pub fn parse_query(input: &str) -> Query {
    let (tokens, ends_open) = tokenize(input);
    let mut q = Query::default();
    let last = tokens.len().saturating_sub(1);
    for (i, token) in tokens.into_iter().enumerate() {
        let prefix = ends_open && i == last;
        match token {
            Token::Phrase(p, span, false) => q.groups.extend(phrase(&p, span)),
            Token::Phrase(p, span, true) => q.excluded.extend(phrase(&p, span)),
            Token::Word(w, span) => {
                if let Some((field, value)) = w.split_once(':').or_else(|| w.split_once('：')) {
                    if filter(&mut q, field, value) {
                        continue;
                    }
                }
                if split_range(&w).is_some() {
                    if let Some((a, b)) = date_range(&w) {
                        (q.date_from, q.date_to) = (a, b);
                        continue;
                    }
                }
                if let Some(rest) = w.strip_prefix(is_minus).filter(|r| !r.is_empty()) {
                    let rest_span = span.end - rest.len()..span.end;
                    if let Some(g) = group(rest, rest_span, false) {
                        q.excluded.push(g);
                        continue;
                    }
                }
                q.groups.extend(group(&w, span, prefix));
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
        assert_eq!(q.issues, Some((431, 431)));
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
    fn excluded_phrases_issue_ranges_and_periods() {
        let q = parse_query("微短剧 -\"国家 广播\" －快手 issue:425..431 date:2024-09");
        assert_eq!(texts(&q), vec!["微短剧"]);
        assert_eq!(q.excluded.iter().map(|g| g.text.as_str()).collect::<Vec<_>>(), vec!["国家 广播", "快手"]);
        assert_eq!(q.issues, Some((425, 431)));
        assert_eq!((q.date_from, q.date_to), (Date::new(2024, 9, 1), Date::new(2024, 9, 30)));
        let q = parse_query("YEAR：2024 2023-11..2024-02 sort:最新");
        assert_eq!(q.date_from, Date::new(2023, 11, 1));
        assert_eq!(q.date_to, Date::new(2024, 2, 29));
        assert_eq!(q.sort, Some(Sort::Date));
        assert_eq!(parse_query("date:2024").date_to, Date::new(2024, 12, 31));
        assert_eq!(texts(&parse_query("issue:431..425 date:2024-13")), vec!["issue:431..425", "date:2024-13"]);
        assert_eq!(texts(&parse_query("2024")), vec!["2024"]);
    }

    #[test]
    fn sorts_are_named_once() {
        for sort in Sort::ALL {
            assert_eq!(sort.name().parse::<Sort>(), Ok(sort));
            assert_eq!(parse_query(&format!("sort:{}", sort.name().to_uppercase())).sort, Some(sort));
            #[cfg(feature = "build")]
            assert_eq!(serde_json::to_string(&sort).unwrap(), format!("\"{}\"", sort.name()), "serde's name");
        }
        let err = "newest".parse::<Sort>().unwrap_err();
        assert_eq!(err.to_string(), "sort must be \"relevance\" or \"date\", not \"newest\"");
        assert_eq!(parse_query("sort:newest").sort, Some(Sort::Date));
        assert_eq!(parse_query("sort:相关度").sort, Some(Sort::Relevance));
        assert_eq!(parse_query("sort:oldest").sort, None);
    }

    #[test]
    fn spans_locate_each_word_in_the_input() {
        let input = "腾讯 “混元” -快手 tur";
        let q = parse_query(input);
        for g in q.groups.iter().chain(&q.excluded) {
            assert_eq!(&input[g.span.clone()], g.text);
        }
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
