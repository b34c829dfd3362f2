//! Parser for the bulletin's text export (see `docs/DESIGN.md`, "Input").
//!
//! [`parse_export`] turns the bytes of one issue's export into an [`Issue`]. It is pure: no I/O, no
//! printing, and every malformed input is an [`Error::Parse`] naming the 1-based line (0 = the whole
//! file), never a panic.
//!
//! # The format
//!
//! The association exports each issue from its PDF as UTF-8 text (a leading BOM and CRLF line ends
//! are accepted). Paragraphs are single lines; blank lines separate blocks:
//!
//! ```text
//! 行业动态周报                          ┐
//! 中国网络视听协会                      │ header: title lines (ignored),
//! 第 431 期                             │ the issue number (`第431期` too)
//! 2024 年 9 月 9 日                     ┘ and the date (`2024年9月9日` too)
//! 摘要                                  ┐ summary: `摘要`, then one marker line per headline
//! - ◆曹淑敏会见科特迪瓦通讯部长…        ┘ (markers `-` `•` `◆`…, spaces optional)
//! 要闻                                  ← section heading: ≤ 8 CJK characters, alone
//! 曹淑敏会见科特迪瓦通讯部长…           ← headline: one line, no sentence-final punctuation
//! 9月2日，…为契机，继                   ┐
//!                                       │ body: paragraphs; this one is cut by a page break
//! 续加强两国广电视听政策交流…。         ┘
//! 2024 全国网络视听行业协会工作会…      ← the next headline (same section)
//! …
//! 编辑部：中国网络视听协会 对外合作部   ← footer from `编辑部` / `责编：` on: not items
//! ```
//!
//! The header is the part before `摘要` (when there is no summary, the issue number and date lines
//! are the first lines that look like them, and the items start after them). Sections and headlines
//! are recognised by structure, never by this week's strings:
//!
//! - a **section heading** is a single-line block of at most 8 CJK characters (spaces ignored) whose
//!   next block is a headline candidate (two such lines in a row after an item mean a headline
//!   without body, or an empty section: an error);
//! - a **headline candidate** is a single-line block of at most 80 characters that does not end a
//!   sentence (`。！？；…` optionally followed by closing quotes or brackets), has no `。` or `；`
//!   inside (that is prose: in issue 431 a paragraph cut by a page break, `…入会仪式。天津市…中心`,
//!   is otherwise shaped like a headline), does not end in a clause mark (`，、：`), and is not a
//!   list line (`1.`) nor a note in brackets (`（来源：…）`);
//! - a headline candidate **starts an item** when it follows a section heading or a completed
//!   paragraph and another block (its body) follows it;
//! - every other block is a body paragraph of the current item. A block of several lines (the
//!   numbered list of an item) is one paragraph whose lines are kept, joined with `\n`.
//!
//! ```
//! let export = "行业动态周报\n\n第 12 期\n\n2024 年 9 月 9 日\n\n摘要\n\n- ◆甲公司发布新模型\n\n\
//!               要闻\n\n甲公司发布新模型\n\n9月2日，甲公司发布新模型，为\n\n\
//!               合作伙伴提供服务。\n\n编辑部：某部门\n";
//! let issue = bulletin_search::parse_export(export.as_bytes(), "0012.txt").unwrap();
//! assert_eq!((issue.number, issue.date.to_string()), (12, "2024-09-09".to_string()));
//! assert_eq!(issue.items[0].section, "要闻");
//! assert_eq!(issue.items[0].body, ["9月2日，甲公司发布新模型，为合作伙伴提供服务。"]);
//! ```
//!
//! # Page-break repair
//!
//! The PDF's page breaks survive as a blank line in the middle of a sentence (`…为契机，继` / blank /
//! `续加强两国…`). A body paragraph that does not end a sentence is therefore continued by the next
//! block, joined with **no separator** (CJK text has no spaces; text inside the pieces, such as the
//! space in `开放合作 机` + `遇中国`, is kept). Exceptions, where the next block is a new structure:
//! a section heading; a headline candidate that the `摘要` list names; the next number of a list
//! (`1. …` / blank / `2. …`, joined with `\n`); a list after a paragraph ending in a colon (a new
//! paragraph). Between two Latin letters (`the` / `model`) one space is inserted.
//!
//! # The repeated-character heuristic
//!
//! Sometimes the exporter repeats a character across the break: `正定县融媒体中心` / blank /
//! `心等 29 家…` must read `中心等 29 家`. Chinese also has genuine reduplications (`娓娓道来`,
//! `巍巍华夏`, `看看`), so this is a **heuristic** using the export itself as evidence: when the
//! continuation starts with the character `X` that ends the broken line, the first `X` of the
//! continuation is dropped if and only if
//!
//! 1. the pair `XX` occurs nowhere in the whole export (a genuine reduplication usually does, or is
//!    at least not needed to explain the text), and
//! 2. the word the de-duplicated text ends with, the last two CJK characters before the break
//!    (`中心`), does occur elsewhere in the export (a longer word that occurs elsewhere implies
//!    that its last two characters do).
//!
//! Otherwise both characters are kept. It can be fooled: `…我们去看` / `看吧` loses a `看` if `看看`
//! appears nowhere else and `去看` does.
//!
//! # Cross-check and errors
//!
//! Every `摘要` headline must equal an item headline after removing whitespace, folding full-width
//! ASCII to half-width and lowercasing (`2024 年国家…` = `2024年国家…`); the summary may list a
//! subset, in any order. Errors: not UTF-8 (with the line of the first invalid byte and how to
//! convert), NUL or control bytes, an empty file, a missing issue number or date, an impossible
//! date, no items, text before the first section heading, a headline with no body, and a summary
//! headline with no matching item.
//!
//! # Telling headlines from cut paragraphs
//!
//! A body paragraph cut by a page break inside its first sentence is shaped like a headline. Two
//! more heuristics, both using that body openings (`9月2日，…`, `近日，…`) contain a clause mark
//! (`，、；`) while most headlines do not, and both overruled by the `摘要` list when it names a line:
//!
//! - right after a headline, a headline candidate without clause marks that is followed by more
//!   text is a second headline: the first one "has no body" (an error that says how to fix it);
//! - a short CJK line followed by a headline candidate is a section heading, except when it is at
//!   least 5 characters long and the next line has clause marks: then it is a short headline whose
//!   first paragraph was cut (`俞敏洪卸任法人` / `近日，…子公司北京新` / `东方沃凯德…`).

use crate::error::{Error, Result};
use crate::model::{Date, Issue, Item};

/// A headline longer than this (in characters) is taken for a paragraph.
const MAX_HEADLINE_CHARS: usize = 80;
/// A section heading is at most this many characters (whitespace not counted).
const MAX_SECTION_CHARS: usize = 8;
/// A short CJK line up to this length before a headline candidate is taken for a section heading
/// even when the next line could be a cut paragraph (see the module docs).
const MAX_SURE_SECTION_CHARS: usize = 4;
/// Punctuation that ends a sentence, and so a paragraph.
const SENTENCE_END: &[char] = &['。', '！', '？', '；', '…', '!', '?', ';', '.', '．', '｡'];
/// Closing quotes and brackets that may follow a sentence end (`。”`, `。）`).
const CLOSERS: &[char] = &['”', '’', '"', '\'', '」', '』', '）', ')', '》', '〉', '】', '〕', ']'];
/// Punctuation that a headline never ends with: a line ending so was cut mid-sentence.
const CLAUSE_END: &[char] = &['，', ',', '、', '：', ':'];
/// Punctuation that separates clauses inside a sentence (see the second heuristic in the docs).
const CLAUSE_MARKS: &[char] = &['，', ',', '、', '；', ';'];
/// Markers that start a `摘要` line.
const SUMMARY_MARKERS: &[char] = &['-', '•', '◆', '◇', '·', '・', '●', '■', '▪', '*', '－', '–', '—'];

/// Parses one export. `file` names the file in error messages (`file:line: …`).
///
/// Returns the issue with its items in document order, page breaks repaired (see the module docs).
/// Never panics: any input that is not a well-formed export is an [`Error::Parse`].
pub fn parse_export(bytes: &[u8], file: &str) -> Result<Issue> {
    let text = decode(bytes, file)?;
    let lines = split_lines(text).into_iter().map(str::trim).collect();
    Parser { file, text, lines }.parse()
}

/// The largest export accepted. A weekly issue is about 20 KB; anything near this size is the
/// wrong file, and refusing it bounds the parser's work and memory.
pub const MAX_EXPORT_BYTES: usize = 4 << 20;

/// What [`parse_export`] repairs silently in `bytes`, in words for the publisher (a BOM, CRLF or
/// CR line ends). Empty when the file is clean.
pub fn repairs(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        out.push("removed a UTF-8 byte order mark (BOM) at the start".to_string());
    }
    let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
    let cr = bytes.iter().filter(|&&b| b == b'\r').count() - crlf;
    if crlf > 0 {
        out.push(format!("read {crlf} CRLF (Windows) line ends as line ends"));
    }
    if cr > 0 {
        out.push(format!("read {cr} lone CR line ends as line ends"));
    }
    out
}

/// Checks that the bytes are UTF-8 text and strips a leading BOM.
fn decode<'a>(bytes: &'a [u8], file: &str) -> Result<&'a str> {
    let err = |line, message: String| Error::Parse { file: file.to_string(), line, message };
    if bytes.len() > MAX_EXPORT_BYTES {
        return Err(err(
            0,
            format!(
                "the file is {:.1} MB, but an issue export is a few tens of KB (limit {} MB): is this the right file?",
                bytes.len() as f64 / (1 << 20) as f64,
                MAX_EXPORT_BYTES >> 20
            ),
        ));
    }
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let body = bytes.get(bom..).unwrap_or_default();
    if body.starts_with(b"\xFF\xFE") || body.starts_with(b"\xFE\xFF") {
        return Err(err(
            0,
            "the file is UTF-16 text, not UTF-8; convert the export to UTF-8 \
             (e.g. `iconv -f UTF-16 -t UTF-8`)"
                .into(),
        ));
    }
    if let Some(pos) = body.iter().position(|&b| b == 0) {
        return Err(err(
            line_of(body, pos),
            format!("contains a NUL byte (byte offset {}): this is binary data, not a text export", pos + bom),
        ));
    }
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(e) => {
            let pos = e.valid_up_to();
            let byte = body.get(pos).copied().unwrap_or_default();
            return Err(err(
                line_of(body, pos),
                format!(
                    "the file is not UTF-8 text: the first invalid byte (0x{byte:02X}) is at byte offset {}; \
                     convert the export to UTF-8 (e.g. from GBK: `iconv -f GBK -t UTF-8 in.txt > out.txt`)",
                    pos + bom
                ),
            ));
        }
    };
    if let Some((pos, c)) = text.char_indices().find(|&(_, c)| is_forbidden_control(c)) {
        return Err(err(
            line_of(body, pos),
            format!("contains the control character U+{:04X}: this is binary data, not a text export", u32::from(c)),
        ));
    }
    if text.trim().is_empty() {
        return Err(err(0, "the file is empty: expected a bulletin export (header, 摘要, sections, items)".into()));
    }
    Ok(text)
}

/// 1-based line of byte offset `pos`.
fn line_of(bytes: &[u8], pos: usize) -> usize {
    bytes.iter().take(pos).filter(|&&b| b == b'\n').count() + 1
}

/// Control characters that never occur in a text export (tab, line ends, VT and FF are fine: the
/// PDF exporter may emit a form feed at a page break).
fn is_forbidden_control(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\u{b}' | '\u{c}')) || c == '\u{7f}'
}

/// Splits on `\n`, `\r\n` and a lone `\r`.
fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['\n', '\r']) {
        let (line, tail) = rest.split_at(i);
        lines.push(line);
        rest = tail.strip_prefix("\r\n").or_else(|| tail.get(1..)).unwrap_or_default();
    }
    lines.push(rest);
    lines
}

/// A run of non-blank lines (trimmed); `line` is the 1-based line of the first.
struct Block<'a> {
    line: usize,
    lines: Vec<&'a str>,
}

impl<'a> Block<'a> {
    /// The text when the block is one line.
    fn single(&self) -> Option<&'a str> {
        match self.lines.as_slice() {
            [line] => Some(line),
            _ => None,
        }
    }

    fn first(&self) -> &'a str {
        self.lines.first().copied().unwrap_or_default()
    }

    fn last(&self) -> &'a str {
        self.lines.last().copied().unwrap_or_default()
    }

    /// The block as one paragraph: its lines joined with `\n`.
    fn text(&self) -> String {
        self.lines.join("\n")
    }
}

/// Groups the (trimmed) lines `start..end` into blocks separated by blank lines.
fn blocks<'a>(lines: &[&'a str], start: usize, end: usize) -> Vec<Block<'a>> {
    let mut out = Vec::new();
    let mut current: Option<Block<'a>> = None;
    for (i, &line) in lines.iter().enumerate().take(end).skip(start) {
        if line.is_empty() {
            out.extend(current.take());
        } else {
            current.get_or_insert_with(|| Block { line: i + 1, lines: Vec::new() }).lines.push(line);
        }
    }
    out.extend(current);
    out
}

/// An item being assembled.
struct Draft<'a> {
    section: String,
    headline: &'a str,
    line: usize,
    body: Vec<String>,
    /// The last line of the export appended to the body, as printed (evidence for the
    /// repeated-character heuristic).
    last_line: &'a str,
}

impl<'a> Draft<'a> {
    fn new(section: &str, headline: &Block<'a>) -> Draft<'a> {
        Draft {
            section: section.to_string(),
            headline: headline.first(),
            line: headline.line,
            body: Vec::new(),
            last_line: "",
        }
    }

    fn push_paragraph(&mut self, block: &Block<'a>) {
        self.body.push(block.text());
        self.last_line = block.last();
    }

    /// Whether the last paragraph ends a sentence (so the next block starts something new).
    fn is_complete(&self) -> bool {
        self.body.last().is_none_or(|p| ends_sentence(p))
    }

    fn last_paragraph_line(&self) -> &str {
        self.body.last().and_then(|p| p.rsplit('\n').next()).unwrap_or_default()
    }

    /// `2. …` after a paragraph whose last line is `1. …`: the list goes on after a page break.
    fn continues_list(&self, block: &Block<'_>) -> bool {
        match (list_number(self.last_paragraph_line()), list_number(block.first())) {
            (Some(n), Some(m)) => n.checked_add(1) == Some(m),
            _ => false,
        }
    }

    /// A list after `…扶持政策：` is a paragraph of its own, not the rest of a cut sentence.
    fn introduces_list(&self, block: &Block<'_>) -> bool {
        self.body.last().is_some_and(|p| p.ends_with(['：', ':'])) && is_list_start(block.first())
    }

    fn append_lines(&mut self, block: &Block<'a>) {
        if let Some(paragraph) = self.body.last_mut() {
            paragraph.push('\n');
            paragraph.push_str(&block.text());
            self.last_line = block.last();
        } else {
            self.push_paragraph(block);
        }
    }

    /// Joins a block to the paragraph a page break cut (see the module docs).
    fn join_break(&mut self, block: &Block<'a>, export: &str) {
        let Some(paragraph) = self.body.last_mut() else {
            self.push_paragraph(block);
            return;
        };
        let continuation = block.text();
        match (paragraph.chars().next_back(), continuation.chars().next()) {
            (Some(a), Some(b)) if a == b && is_cjk(a) && drops_repeat(self.last_line, a, export) => {
                paragraph.push_str(continuation.strip_prefix(b).unwrap_or(&continuation));
            }
            (Some(a), Some(b)) if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                paragraph.push(' ');
                paragraph.push_str(&continuation);
            }
            _ => paragraph.push_str(&continuation),
        }
        self.last_line = block.last();
    }

    fn into_item(self, issue: u32, date: Date, ordinal: u32) -> Item {
        Item {
            issue,
            date,
            section: self.section,
            ordinal,
            headline: self.headline.to_string(),
            body: self.body,
            line: self.line,
        }
    }
}

/// The repeated-character heuristic: whether the break `…broken` + `X…` repeats `X` by accident.
fn drops_repeat(broken: &str, x: char, export: &str) -> bool {
    let pair: String = [x, x].iter().collect();
    if export.contains(&pair) {
        return false;
    }
    let mut tail = broken.chars().rev();
    let (Some(last), Some(before)) = (tail.next(), tail.next()) else {
        return false;
    };
    if last != x || !is_cjk(before) {
        return false;
    }
    // `broken` is a line of the export, so the word occurs once at the break itself.
    let word: String = [before, x].iter().collect();
    export.matches(word.as_str()).nth(1).is_some()
}

/// Where the item parser stands after the previous block.
enum State<'a> {
    /// Before the first section heading.
    Start,
    /// After a section heading: a headline must follow.
    Section,
    /// After a headline: its body must follow.
    Headline(Draft<'a>),
    /// After a body paragraph.
    Para(Draft<'a>),
}

struct Parser<'a> {
    file: &'a str,
    /// The whole export (the evidence for the repeated-character heuristic).
    text: &'a str,
    /// The lines, trimmed; index + 1 is the line number.
    lines: Vec<&'a str>,
}

impl<'a> Parser<'a> {
    fn err(&self, line: usize, message: impl Into<String>) -> Error {
        Error::Parse { file: self.file.to_string(), line, message: message.into() }
    }

    fn parse(&self) -> Result<Issue> {
        let lines = &self.lines;
        let summary_at = (0..lines.len()).find(|&i| self.is_summary_heading(i));
        let (number, number_at, date, date_at) = self.header(summary_at)?;
        let (summary, body_start) = match summary_at {
            Some(heading) => self.summary(heading),
            None => (Vec::new(), number_at.max(date_at) + 1),
        };
        let footer_at = (body_start..lines.len()).find(|&i| is_footer_line(lines[i]));
        let end = footer_at.unwrap_or(lines.len());
        let blocks = blocks(lines, body_start, end);
        let known: Vec<String> = summary.iter().map(|(text, _)| normalize(text)).collect();
        let end_name = if footer_at.is_some() { "the footer" } else { "the end of the file" };
        let items = self.items(&blocks, number, date, &known, end_name)?;
        if items.is_empty() {
            return Err(self.err(
                (body_start + 1).min(lines.len()),
                "no items: expected a section heading (such as 要闻) followed by a headline and its body",
            ));
        }
        let headlines: Vec<String> = items.iter().map(|item| normalize(&item.headline)).collect();
        if let Some((text, line)) = summary.iter().find(|(text, _)| !headlines.contains(&normalize(text))) {
            return Err(self.err(
                *line,
                format!(
                    "summary headline `{text}` has no matching item (no item headline equals it, \
                     ignoring spaces, width and case)"
                ),
            ));
        }
        Ok(Issue { number, date, summary: summary.into_iter().map(|(text, _)| text).collect(), items })
    }

    /// A `摘要` line followed (after blank lines) by a marker line; a `摘要` heading inside an item
    /// (an abstract) is followed by prose instead.
    fn is_summary_heading(&self, i: usize) -> bool {
        let heading = compact(self.lines[i]);
        if !matches!(heading.as_str(), "摘要" | "摘要：" | "摘要:") {
            return false;
        }
        let next = self.lines.iter().skip(i + 1).find(|line| !line.is_empty());
        next.is_some_and(|line| strip_marker(line).is_some())
    }

    /// Finds the issue number and date lines: before `摘要`, or the first such lines of the file.
    fn header(&self, summary_at: Option<usize>) -> Result<(u32, usize, Date, usize)> {
        let mut number = None;
        let mut date = None;
        let end = summary_at.unwrap_or(self.lines.len());
        for (i, line) in self.lines.iter().enumerate().take(end) {
            let fields = header_fields(line);
            if let (None, Some(digits)) = (number, &fields.number) {
                number = Some((self.issue_number(digits, line, i + 1)?, i));
            }
            if let (None, Some((y, m, d))) = (date, &fields.date) {
                date = Some((self.date(y, m, d, line, i + 1)?, i));
            }
            if number.is_some() && date.is_some() {
                break;
            }
        }
        let (expected_at, place) = match summary_at {
            Some(i) => (i + 1, "in the header before `摘要`"),
            None => (1, "in the header"),
        };
        let Some((number, number_at)) = number else {
            return Err(self.err(expected_at, format!("no issue number line (like `第 431 期`) {place}")));
        };
        let Some((date, date_at)) = date else {
            return Err(self.err(expected_at, format!("no date line (like `2024 年 9 月 9 日`) {place}")));
        };
        Ok((number, number_at, date, date_at))
    }

    fn issue_number(&self, digits: &str, line: &str, at: usize) -> Result<u32> {
        match digits.parse::<u32>() {
            Ok(0) => Err(self.err(at, format!("invalid issue number `{line}`: must be at least 1"))),
            Ok(n) => Ok(n),
            Err(_) => Err(self.err(at, format!("invalid issue number `{line}`: too large"))),
        }
    }

    fn date(&self, y: &str, m: &str, d: &str, line: &str, at: usize) -> Result<Date> {
        let date = match (y.parse(), m.parse(), d.parse()) {
            (Ok(y), Ok(m), Ok(d)) => Date::new(y, m, d),
            _ => None,
        };
        date.ok_or_else(|| {
            self.err(at, format!("invalid date `{line}`: no such calendar day (month 1–12, day within the month)"))
        })
    }

    /// The summary entries (text as printed, 1-based line) and the index of the first line after.
    fn summary(&self, heading: usize) -> (Vec<(String, usize)>, usize) {
        let mut entries = Vec::new();
        let mut i = heading + 1;
        while let Some(line) = self.lines.get(i) {
            if !line.is_empty() {
                let Some(text) = strip_marker(line) else {
                    break;
                };
                if !text.is_empty() {
                    entries.push((text.to_string(), i + 1));
                }
            }
            i += 1;
        }
        (entries, i)
    }

    /// Reads sections and items from the body blocks (see the module docs for the rules).
    fn items(
        &self,
        blocks: &[Block<'a>],
        number: u32,
        date: Date,
        summary: &[String],
        end_name: &str,
    ) -> Result<Vec<Item>> {
        let in_summary = |block: &Block<'_>| summary.contains(&normalize(block.first()));
        let is_section_heading = |blocks: &[Block<'_>], i: usize| is_section_heading(blocks, i, summary);
        let mut section = String::new();
        let mut done: Vec<Draft<'a>> = Vec::new();
        let mut state = State::Start;
        for (i, block) in blocks.iter().enumerate() {
            let has_next = i + 1 < blocks.len();
            if is_section_heading(blocks, i) {
                match std::mem::replace(&mut state, State::Section) {
                    State::Headline(draft) => {
                        let heading = format!("the section heading `{}`", block.first());
                        return Err(self.no_body(&draft, &heading));
                    }
                    State::Para(_) if is_section_heading(blocks, i + 1) => {
                        let (this, next) = (block.first(), blocks.get(i + 1).map_or("", Block::first));
                        return Err(self.err(
                            block.line,
                            format!(
                                "headline `{this}` has no body: it is followed directly by the section \
                                 heading `{next}` (if `{this}` is a section heading, that section has \
                                 no items)"
                            ),
                        ));
                    }
                    State::Para(draft) => done.push(draft),
                    State::Start | State::Section => {}
                }
                section = compact(block.first());
                continue;
            }
            state = match state {
                State::Start => {
                    return Err(self.err(
                        block.line,
                        format!(
                            "`{}` comes before any section heading: items must stand under a \
                             section heading (a short line such as 要闻 followed by a headline)",
                            preview(block.first())
                        ),
                    ));
                }
                State::Section => {
                    let draft = Draft::new(&section, block);
                    if !has_next {
                        return Err(self.no_body(&draft, end_name));
                    }
                    State::Headline(draft)
                }
                State::Headline(mut draft) => {
                    let second_headline = has_next
                        && is_headline_candidate(block)
                        && (in_summary(block) || !block.first().contains(CLAUSE_MARKS));
                    if second_headline {
                        return Err(self.err(
                            draft.line,
                            format!(
                                "headline `{}` has no body: the next line `{}` looks like another \
                                 headline (if it is this item's first paragraph cut by a page break, \
                                 join it with the text after it)",
                                draft.headline,
                                block.first()
                            ),
                        ));
                    }
                    draft.push_paragraph(block);
                    State::Para(draft)
                }
                State::Para(mut draft) => {
                    let starts_item = has_next && is_headline_candidate(block);
                    if draft.continues_list(block) {
                        draft.append_lines(block);
                    } else if draft.is_complete() {
                        if starts_item {
                            done.push(draft);
                            state = State::Headline(Draft::new(&section, block));
                            continue;
                        }
                        if is_headline_candidate(block) {
                            return Err(self.no_body(&Draft::new(&section, block), end_name));
                        }
                        draft.push_paragraph(block);
                    } else if starts_item && in_summary(block) {
                        done.push(draft);
                        state = State::Headline(Draft::new(&section, block));
                        continue;
                    } else if draft.introduces_list(block) {
                        draft.push_paragraph(block);
                    } else {
                        draft.join_break(block, self.text);
                    }
                    State::Para(draft)
                }
            };
        }
        match state {
            State::Headline(draft) => return Err(self.no_body(&draft, end_name)),
            State::Para(draft) => done.push(draft),
            State::Start | State::Section => {}
        }
        Ok(done.into_iter().zip(1u32..).map(|(draft, ordinal)| draft.into_item(number, date, ordinal)).collect())
    }

    fn no_body(&self, draft: &Draft<'_>, followed_by: &str) -> Error {
        self.err(
            draft.line,
            format!(
                "headline `{}` has no body: it is followed directly by {followed_by}; every item \
                 needs at least one paragraph after its headline",
                draft.headline
            ),
        )
    }
}

/// The issue number and date found on one header line (digits as printed, full-width folded).
#[derive(Default)]
struct HeaderFields {
    number: Option<String>,
    date: Option<(String, String, String)>,
}

/// Reads `第 431 期`, `2024 年 9 月 9 日`, or both on one line (spaces optional, either order).
fn header_fields(line: &str) -> HeaderFields {
    let compact: String = line
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    let s = compact.as_str();
    let number = |digits: &str| Some(digits.to_string());
    let date = |(y, m, d): (&str, &str, &str)| Some((y.to_string(), m.to_string(), d.to_string()));
    if let Some((n, rest)) = strip_issue(s) {
        if rest.is_empty() {
            return HeaderFields { number: number(n), date: None };
        }
        if let Some((ymd, "")) = strip_date(rest) {
            return HeaderFields { number: number(n), date: date(ymd) };
        }
    } else if let Some((ymd, rest)) = strip_date(s) {
        if rest.is_empty() {
            return HeaderFields { number: None, date: date(ymd) };
        }
        if let Some((n, "")) = strip_issue(rest) {
            return HeaderFields { number: number(n), date: date(ymd) };
        }
    }
    HeaderFields::default()
}

/// `第431期…` → (`431`, `…`).
fn strip_issue(s: &str) -> Option<(&str, &str)> {
    let (digits, rest) = split_digits(s.strip_prefix('第')?)?;
    Some((digits, rest.strip_prefix('期')?))
}

/// `2024年9月9日…` → ((`2024`, `9`, `9`), `…`).
fn strip_date(s: &str) -> Option<((&str, &str, &str), &str)> {
    let (y, rest) = split_digits(s)?;
    let (m, rest) = split_digits(rest.strip_prefix('年')?)?;
    let (d, rest) = split_digits(rest.strip_prefix('月')?)?;
    Some(((y, m, d), rest.strip_prefix('日')?))
}

/// Splits off a non-empty run of ASCII digits.
fn split_digits(s: &str) -> Option<(&str, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    (end > 0).then(|| s.split_at(end))
}

/// The text of a summary line without its markers, or `None` if it has no marker.
fn strip_marker(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches(|c: char| SUMMARY_MARKERS.contains(&c) || c.is_whitespace());
    (rest.len() < line.len()).then(|| rest.trim())
}

/// `编辑部：…` or `责编：…`: the footer starts here.
fn is_footer_line(line: &str) -> bool {
    if let Some(rest) = line.strip_prefix("编辑部") {
        return rest.chars().next().is_none_or(|c| matches!(c, '：' | ':') || c.is_whitespace());
    }
    line.strip_prefix("责编").is_some_and(|rest| rest.starts_with(['：', ':']))
}

/// See the module docs: ≤ 8 CJK characters alone, followed by a headline candidate; `summary`
/// holds the normalized `摘要` headlines.
fn is_section_heading(blocks: &[Block<'_>], i: usize, summary: &[String]) -> bool {
    let Some(line) = blocks.get(i).and_then(Block::single) else {
        return false;
    };
    let Some(next) = blocks.get(i + 1).filter(|next| is_headline_candidate(next)) else {
        return false;
    };
    let heading = compact(line);
    let len = heading.chars().count();
    if !(1..=MAX_SECTION_CHARS).contains(&len) || !heading.chars().all(is_cjk) {
        return false;
    }
    if summary.contains(&normalize(line)) {
        return false;
    }
    len <= MAX_SURE_SECTION_CHARS || !next.first().contains(CLAUSE_MARKS) || summary.contains(&normalize(next.first()))
}

/// See the module docs: one short line that does not end a sentence or a clause.
fn is_headline_candidate(block: &Block<'_>) -> bool {
    let Some(line) = block.single() else {
        return false;
    };
    line.chars().count() <= MAX_HEADLINE_CHARS
        && line.chars().any(char::is_alphanumeric)
        && !line.contains(['。', '；', ';'])
        && !ends_sentence(line)
        && !line.ends_with(CLAUSE_END)
        && !is_list_start(line)
}

/// Whether the text ends with sentence-final punctuation, possibly followed by closing quotes or
/// brackets (`。”`) or by a note in brackets (`。（来源：新华社）`); a paragraph that is only a note
/// is complete too. `《报告》` does not end a sentence.
fn ends_sentence(text: &str) -> bool {
    let mut rest = text;
    loop {
        if rest.trim_end_matches(CLOSERS).ends_with(SENTENCE_END) {
            return true;
        }
        if !rest.ends_with(['）', ')']) {
            return false;
        }
        let Some(open) = rest.rfind(['（', '(']) else {
            return false;
        };
        rest = rest.get(..open).unwrap_or_default().trim_end();
        if rest.is_empty() {
            return true;
        }
    }
}

/// The number of a list line: `1. …`, `2、…`, `3）…`, `（4）…`, `(5)…`.
fn list_number(line: &str) -> Option<u32> {
    let unparenthesised = line.trim_start_matches(['（', '(']);
    let parenthesised = unparenthesised.len() < line.len();
    let (digits, rest) = split_digits(unparenthesised)?;
    let mut rest = rest.chars();
    let marker = rest.next()?;
    let ok = if parenthesised {
        matches!(marker, '）' | ')')
    } else {
        // `1.68 亿` and `2.0` are numbers, not list markers.
        matches!(marker, '.' | '．' | '、' | '）' | ')') && !rest.next().is_some_and(|c| c.is_ascii_digit())
    };
    if ok {
        digits.parse().ok()
    } else {
        None
    }
}

/// A list line: numbered (see [`list_number`]) or `一、…`.
fn is_list_start(line: &str) -> bool {
    if list_number(line).is_some() {
        return true;
    }
    let rest = line.trim_start_matches(|c| "一二三四五六七八九十".contains(c));
    rest.len() < line.len() && rest.starts_with('、')
}

/// CJK ideographs (unified, extension A–G, compatibility) and 〇.
fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// The text without whitespace (section names are sometimes letter-spaced: `要 闻`).
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The summary cross-check's comparison key: no whitespace, full-width ASCII folded, lowercase.
fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match u32::from(c) {
            cp @ 0xFF01..=0xFF5E => char::from_u32(cp - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The start of a line for an error message.
fn preview(line: &str) -> String {
    let mut short: String = line.chars().take(30).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    const REAL: &str = include_str!("../bulletins/0431.txt");

    /// A header with title lines (lines 1–7), `body` from line 9, and a footer.
    fn export(body: &str) -> String {
        format!(
            "行业动态周报\n\n中国网络视听协会\n\n第 12 期\n\n2024 年 9 月 9 日\n\n{body}\n\n\
             编辑部：某部门\n\n责编：某人\n"
        )
    }

    fn parse(text: &str) -> Result<Issue> {
        parse_export(text.as_bytes(), "t.txt")
    }

    /// The line and message of a parse error.
    fn error(text: &str) -> (usize, String) {
        error_bytes(text.as_bytes())
    }

    fn error_bytes(bytes: &[u8]) -> (usize, String) {
        match parse_export(bytes, "t.txt") {
            Err(Error::Parse { file, line, message }) => {
                assert_eq!(file, "t.txt");
                (line, message)
            }
            other => panic!("expected a parse error, got {other:?}"),
        }
    }

    /// The body of the only item of `body`.
    fn only_body(body: &str) -> Vec<String> {
        let issue = parse(&export(body)).unwrap();
        assert_eq!(issue.items.len(), 1, "{issue:?}");
        issue.items.into_iter().next().unwrap().body
    }

    const TWO_SECTIONS: &str = "摘要\n\n- ◆乙平台上线短剧专区\n• 甲公司发布新模型\n\n\
        要闻\n\n甲公司发布新模型\n\n9月2日，甲公司发布新模型。\n\n第二段。\n\n\
        海外\n\n乙平台上线短剧专区\n\n近日，乙平台上线短剧专区。";

    #[test]
    fn reads_header_summary_sections_and_items() {
        let issue = parse(&export(TWO_SECTIONS)).unwrap();
        assert_eq!(issue.number, 12);
        assert_eq!(issue.date, Date::new(2024, 9, 9).unwrap());
        assert_eq!(issue.summary, ["乙平台上线短剧专区", "甲公司发布新模型"]);
        let got: Vec<_> =
            issue.items.iter().map(|i| (i.issue, i.ordinal, i.section.as_str(), i.headline.as_str(), i.line)).collect();
        assert_eq!(got, [(12, 1, "要闻", "甲公司发布新模型", 16), (12, 2, "海外", "乙平台上线短剧专区", 24)]);
        assert_eq!(issue.items[0].body, ["9月2日，甲公司发布新模型。", "第二段。"]);
        assert_eq!(issue.items[1].date, issue.date);
    }

    #[test]
    fn header_spaces_are_optional_and_title_lines_ignored() {
        let text = "任意刊名\n协会\n第431期\n２０２４年９月９日\n\n观点\n\n标题\n\n正文。\n";
        let issue = parse(text).unwrap();
        assert_eq!((issue.number, issue.date.to_string()), (431, "2024-09-09".to_string()));
        assert_eq!(issue.items[0].section, "观点");
        assert!(issue.summary.is_empty());
    }

    #[test]
    fn number_and_date_on_one_line() {
        let issue = parse("周报\n2024 年 9 月 9 日 第 7 期\n\n要闻\n\n甲公司发布新一代大模型\n\n正文。").unwrap();
        assert_eq!((issue.number, issue.date.day), (7, 9));
    }

    #[test]
    fn accepts_crlf_and_bom() {
        let text = format!("\u{feff}{}", export(TWO_SECTIONS).replace('\n', "\r\n"));
        assert_eq!(parse(&text).unwrap(), parse(&export(TWO_SECTIONS)).unwrap());
        let bare_cr = export(TWO_SECTIONS).replace('\n', "\r");
        assert_eq!(parse(&bare_cr).unwrap(), parse(&export(TWO_SECTIONS)).unwrap());
    }

    #[test]
    fn section_headings_are_found_by_structure() {
        let body = "要 闻\n\n甲公司发布新一代大模型\n\n正文。\n\n观点\n\n乙平台上线微短剧专区\n\n正文。\n\n海外动态\n\n丙机构发布行业研究报告\n\n正文。";
        let issue = parse(&export(body)).unwrap();
        let sections: Vec<_> = issue.items.iter().map(|i| i.section.as_str()).collect();
        assert_eq!(sections, ["要闻", "观点", "海外动态"]);
    }

    #[test]
    fn prose_with_a_full_stop_inside_is_not_a_headline() {
        // Issue 431, line 38: a cut paragraph shaped like a headline but for the `。` inside.
        let body = "要闻\n\n甲公司发布新一代大模型\n\n第一段。\n\n会上举行了入会仪式。天津市协会和正定县融媒体中心\n\n\
                    心等 29 家融媒体中心成为会员。";
        assert_eq!(
            only_body(body),
            ["第一段。", "会上举行了入会仪式。天津市协会和正定县融媒体中心等 29 家融媒体中心成为会员。"]
        );
    }

    #[test]
    fn short_headline_whose_first_paragraph_was_cut_is_not_a_section() {
        let body =
            "人事\n\n俞敏洪卸任法定代表人\n\n近日，北京新东方文旅有限公司及其子公司北京新\n\n东方沃凯德公司发生变更。";
        let issue = parse(&export(body)).unwrap();
        assert_eq!(issue.items[0].section, "人事");
        assert_eq!(issue.items[0].body, ["近日，北京新东方文旅有限公司及其子公司北京新东方沃凯德公司发生变更。"]);
    }

    #[test]
    fn short_section_before_a_headline_with_commas_is_a_section() {
        let body = "人事\n\n小米人事调整：卢伟冰兼任手机部总裁，曾学忠兼任总裁\n\n9月6日，小米发布邮件。";
        let issue = parse(&export(body)).unwrap();
        assert_eq!((issue.items[0].section.as_str(), issue.items.len()), ("人事", 1));
    }

    #[test]
    fn summary_decides_between_short_headline_and_section() {
        // `快手开赛` (≤ 4 characters) before a headline candidate would be a section heading, but
        // the summary names it as a headline.
        let body = "摘要\n\n- ◆快手开赛\n\n行业\n\n快手开赛\n\n近日，快手星芒短剧联合可灵\n\nAI 推出大赛。";
        let issue = parse(&export(body)).unwrap();
        assert_eq!(issue.items[0].headline, "快手开赛");
        assert_eq!(issue.items[0].body, ["近日，快手星芒短剧联合可灵AI 推出大赛。"]);
        // Without the summary it is a section heading: the ambiguity the summary resolves.
        let issue = parse(&export("行业\n\n快手开赛\n\n近日，快手星芒短剧联合可灵\n\nAI 推出大赛。")).unwrap();
        let first = &issue.items[0];
        assert_eq!((first.section.as_str(), first.headline.as_str()), ("快手开赛", "近日，快手星芒短剧联合可灵"));
    }

    #[test]
    fn short_headline_is_not_a_section_when_a_paragraph_follows() {
        let issue = parse(&export("要闻\n\n百度推出新搜索\n\n9 月 4 日，百度官宣。\n\n乙平台上线微短剧专区\n\n正文。"))
            .unwrap();
        let headlines: Vec<_> = issue.items.iter().map(|i| i.headline.as_str()).collect();
        assert_eq!(headlines, ["百度推出新搜索", "乙平台上线微短剧专区"]);
    }

    #[test]
    fn footer_is_not_an_item() {
        let issue = parse(&export("要闻\n\n甲公司发布新一代大模型\n\n正文。")).unwrap();
        assert_eq!(issue.items.len(), 1);
        assert_eq!(issue.items[0].body, ["正文。"]);
        // `责编：` alone also starts the footer, even without a blank line before it.
        let issue =
            parse("第 1 期\n2024年1月1日\n\n要闻\n\n甲公司发布新一代大模型\n\n正文。\n责编：某人\n\n报：领导").unwrap();
        assert_eq!(issue.items[0].body, ["正文。"]);
    }

    #[test]
    fn page_break_joins_without_separator() {
        let body =
            "要闻\n\n甲公司发布新一代大模型\n\n…为契机，继\n\n续加强两国合作。\n\n在资金扶持、\n\n流量扶持等方面。";
        assert_eq!(only_body(body), ["…为契机，继续加强两国合作。", "在资金扶持、流量扶持等方面。"]);
    }

    #[test]
    fn page_break_keeps_text_as_printed_around_the_break() {
        let body = "要闻\n\n甲公司发布新一代大模型\n\n近日，参赛单元二：开放合作 机\n\n遇中国。主要征集作品。";
        assert_eq!(only_body(body), ["近日，参赛单元二：开放合作 机遇中国。主要征集作品。"]);
    }

    #[test]
    fn page_break_after_a_comma_after_a_closing_quote_is_joined() {
        let body = "要闻\n\n甲公司发布新一代大模型\n\n汇聚各地的特色“花儿”，\n\n从奋斗打拼的创业者，到达人。";
        assert_eq!(only_body(body), ["汇聚各地的特色“花儿”，从奋斗打拼的创业者，到达人。"]);
    }

    #[test]
    fn closing_bracket_without_sentence_end_does_not_end_a_paragraph() {
        let body = "要闻\n\n甲公司发布新一代大模型\n\n近日，网信办发布《报告》\n\n指出信息化先行。";
        assert_eq!(only_body(body), ["近日，网信办发布《报告》指出信息化先行。"]);
    }

    #[test]
    fn sentence_end_before_closing_quote_or_note_completes_a_paragraph() {
        let body = "要闻\n\n甲公司发布新一代大模型\n\n他说：“好。”\n\n下一段。（来源：新华社）\n\n（完）\n\n乙平台上线微短剧专区\n\n正文。";
        let issue = parse(&export(body)).unwrap();
        assert_eq!(issue.items[0].body, ["他说：“好。”", "下一段。（来源：新华社）", "（完）"]);
        assert_eq!(issue.items[1].headline, "乙平台上线微短剧专区");
    }

    #[test]
    fn page_break_drops_a_repeated_character() {
        // `心心` occurs nowhere else, `中心` does: the repeated 心 is an artefact.
        let body =
            "要闻\n\n甲公司发布新一代大模型\n\n近日，融媒体中心入会。正定县融媒体中心\n\n心等 29 家中心成为会员。";
        assert_eq!(only_body(body), ["近日，融媒体中心入会。正定县融媒体中心等 29 家中心成为会员。"]);
    }

    #[test]
    fn page_break_keeps_a_genuine_reduplication_when_the_word_is_not_seen_elsewhere() {
        // `娓娓` occurs only across the break, but `题娓` occurs nowhere else either: keep both.
        let body = "要闻\n\n甲公司发布新一代大模型\n\n近日，就改革等话题娓\n\n娓道来。";
        assert_eq!(only_body(body), ["近日，就改革等话题娓娓道来。"]);
    }

    #[test]
    fn page_break_keeps_a_reduplication_that_occurs_elsewhere() {
        // `天天` occurs elsewhere, so `…每天` + `天…` keeps both even though `每天` also occurs.
        let body = "要闻\n\n甲公司发布新一代大模型\n\n每天更新，天天向上。我们每天\n\n天都在学习。";
        assert_eq!(only_body(body), ["每天更新，天天向上。我们每天天都在学习。"]);
    }

    #[test]
    fn page_break_dedupe_is_a_heuristic_and_can_drop_a_genuine_reduplication() {
        // Documented limitation: `去看` occurs elsewhere and `看看` does not, so one 看 is lost.
        let body = "要闻\n\n甲公司发布新一代大模型\n\n近日，我们去看了展览。我们去看\n\n看吧。";
        assert_eq!(only_body(body), ["近日，我们去看了展览。我们去看吧。"]);
    }

    #[test]
    fn page_break_without_a_repeat_does_not_dedupe() {
        let body = "要闻\n\n甲公司发布新一代大模型\n\n近日，北京新东方文旅公司及子公司北京新\n\n东方沃凯德公司。";
        assert_eq!(only_body(body), ["近日，北京新东方文旅公司及子公司北京新东方沃凯德公司。"]);
    }

    #[test]
    fn page_break_between_latin_words_keeps_a_space() {
        let body = "要闻\n\n甲公司发布新一代大模型\n\n近日，发布了 the\n\nmodel 版本。";
        assert_eq!(only_body(body), ["近日，发布了 the model 版本。"]);
    }

    #[test]
    fn list_block_is_one_paragraph_with_line_breaks() {
        let body = "要闻\n\n甲公司发布新一代大模型\n\n扶持政策：\n\n1. 单部作品最高可获 300 万元。\n2. 绿色通道。\n3. 专家论证。\n\n乙平台上线微短剧专区\n\n正文。";
        let issue = parse(&export(body)).unwrap();
        assert_eq!(issue.items[0].body, ["扶持政策：", "1. 单部作品最高可获 300 万元。\n2. 绿色通道。\n3. 专家论证。"]);
        assert_eq!(issue.items[1].headline, "乙平台上线微短剧专区");
    }

    #[test]
    fn list_continues_across_a_page_break() {
        let body = "要闻\n\n甲公司发布新一代大模型\n\n1. 第一条\n2. 第二条\n\n3. 第三条。\n\n4. 第四条。";
        assert_eq!(only_body(body), ["1. 第一条\n2. 第二条\n3. 第三条。\n4. 第四条。"]);
    }

    #[test]
    fn summary_matches_after_normalization_and_in_any_order() {
        let body = "摘要\n\n-◆ＡＩ 大模型 发布\n◆2024 年国家网络安全宣传周开幕\n\n要闻\n\n\
                    2024年国家网络安全宣传周开幕\n\n正文。\n\n其他标题\n\n正文。\n\nai大模型发布\n\n正文。";
        let issue = parse(&export(body)).unwrap();
        assert_eq!(issue.summary, ["ＡＩ 大模型 发布", "2024 年国家网络安全宣传周开幕"]);
        assert_eq!(issue.items.len(), 3);
    }

    #[test]
    fn summary_names_a_headline_even_after_an_unfinished_paragraph() {
        let body = "摘要\n\n- ◆乙平台上线微短剧专区\n\n要闻\n\n甲公司发布新一代大模型\n\n近日，正文没有句号\n\n乙平台上线微短剧专区\n\n正文。";
        let issue = parse(&export(body)).unwrap();
        assert_eq!(issue.items.len(), 2);
        assert_eq!(issue.items[0].body, ["近日，正文没有句号"]);
    }

    #[test]
    fn abstract_heading_inside_the_items_is_not_the_summary() {
        // Without markers after it, a `摘要` line is not the summary heading (it is read as the
        // headline of an item here), and the items before it are not swallowed by the header.
        let issue = parse(&export("要闻\n\n甲公司发布新一代大模型\n\n正文。\n\n摘要\n\n本文研究了短剧。")).unwrap();
        assert_eq!(issue.items.len(), 2);
        assert_eq!(issue.items[0].body, ["正文。"]);
        assert!(issue.summary.is_empty());
    }

    // ---- errors, each with its line ----

    #[test]
    fn error_empty_file() {
        assert_eq!(error("").0, 0);
        let (line, message) = error("\u{feff} \n\r\n\t\n");
        assert_eq!(line, 0);
        assert!(message.contains("empty"), "{message}");
    }

    #[test]
    fn error_not_utf8_names_the_line_and_suggests_gbk() {
        // 行业 in GBK on line 3.
        let (line, message) = error_bytes(b"ok\nok\n\xD0\xD0\xD2\xB5\n");
        assert_eq!(line, 3);
        assert!(message.contains("not UTF-8"), "{message}");
        assert!(message.contains("GBK"), "{message}");
        let (_, message) = error_bytes(b"\xFF\xFEx\x00");
        assert!(message.contains("UTF-16"), "{message}");
    }

    #[test]
    fn error_binary_data() {
        let (line, message) = error_bytes(b"\xEF\xBB\xBFtext\nmore\x00\x01\x02");
        assert_eq!(line, 2);
        assert!(message.contains("NUL"), "{message}");
        let (line, message) = error("第 1 期\n\u{1}\u{2}");
        assert_eq!(line, 2);
        assert!(message.contains("U+0001"), "{message}");
    }

    #[test]
    fn error_no_issue_number() {
        let (line, message) =
            error("周报\n\n2024 年 9 月 9 日\n\n摘要\n\n- ◆标题\n\n要闻\n\n甲公司发布新一代大模型\n\n正文。");
        assert_eq!(line, 5, "{message}");
        assert!(message.contains("issue number"), "{message}");
        let (line, _) = error("周报\n\n2024 年 9 月 9 日\n\n要闻\n\n甲公司发布新一代大模型\n\n正文。");
        assert_eq!(line, 1);
    }

    #[test]
    fn error_no_date() {
        let (line, message) = error("周报\n\n第 1 期\n\n摘要\n\n- ◆标题\n\n要闻\n\n甲公司发布新一代大模型\n\n正文。");
        assert_eq!(line, 5);
        assert!(message.contains("date"), "{message}");
    }

    #[test]
    fn error_invalid_date_names_its_line() {
        let (line, message) = error("周报\n第 1 期\n\n2024 年 13 月 9 日\n\n要闻\n\n甲公司发布新一代大模型\n\n正文。");
        assert_eq!(line, 4);
        assert!(message.contains("invalid date"), "{message}");
        assert_eq!(error("第 1 期\n2023年2月29日\n").0, 2);
        assert_eq!(error("第 1 期\n99999年2月2日\n").0, 2);
    }

    #[test]
    fn error_invalid_issue_number() {
        assert_eq!(error("周报\n第 99999999999 期\n2024年1月1日").0, 2);
        assert_eq!(error("周报\n第 0 期\n2024年1月1日").0, 2);
    }

    #[test]
    fn error_no_items() {
        let (line, message) = error("周报\n第 1 期\n2024年1月1日\n\n编辑部：某部门");
        assert_eq!(line, 4);
        assert!(message.contains("no items"), "{message}");
    }

    #[test]
    fn error_item_before_any_section() {
        let (line, message) = error(&export("标题\n\n正文。"));
        assert_eq!(line, 9);
        assert!(message.contains("before any section heading"), "{message}");
    }

    #[test]
    fn error_headline_followed_by_another_headline() {
        let (line, message) = error(&export("要闻\n\n甲公司发布新一代大模型\n\n乙平台上线微短剧专区\n\n正文。"));
        assert_eq!(line, 11);
        assert!(message.contains("甲公司发布新一代大模型` has no body"), "{message}");
    }

    #[test]
    fn error_headline_followed_by_a_section() {
        let (line, message) = error(&export("要闻\n\n甲公司发布新一代大模型\n\n正文。\n\n乙平台上线微短剧专区\n\n行业\n\n丙机构发布行业研究报告\n\n正文。"));
        assert_eq!(line, 15);
        assert!(message.contains("乙平台上线微短剧专区` has no body"), "{message}");
        assert!(message.contains("section heading `行业`"), "{message}");
        // A short line before a section heading: a headline without body or an empty section.
        let (line, message) = error(&export(
            "要闻\n\n甲公司发布新一代大模型\n\n正文。\n\n新品发布\n\n行业\n\n丙机构发布行业研究报告\n\n正文。",
        ));
        assert_eq!(line, 15);
        assert!(message.contains("`新品发布` has no body"), "{message}");
        assert!(message.contains("section heading `行业`"), "{message}");
    }

    #[test]
    fn error_headline_followed_by_the_footer_or_the_end() {
        let (line, message) = error(&export("要闻\n\n甲公司发布新一代大模型\n\n正文。\n\n乙平台上线微短剧专区"));
        assert_eq!(line, 15);
        assert!(message.contains("乙平台上线微短剧专区` has no body"), "{message}");
        assert!(message.contains("footer"), "{message}");
        let (line, message) = error("第 1 期\n2024年1月1日\n\n要闻\n\n甲公司发布新一代大模型");
        assert_eq!(line, 6);
        assert!(message.contains("end of the file"), "{message}");
    }

    #[test]
    fn error_summary_headline_without_item() {
        let body = "摘要\n\n- ◆甲公司发布新模型\n- ◆不存在的标题\n\n要闻\n\n甲公司发布新模型\n\n正文。";
        let (line, message) = error(&export(body));
        assert_eq!(line, 12);
        assert!(message.contains("不存在的标题` has no matching item"), "{message}");
    }

    #[test]
    fn errors_display_file_and_line() {
        let err = parse_export(export("标题\n\n正文。").as_bytes(), "bulletins/0012.txt").unwrap_err();
        assert!(err.to_string().starts_with("bulletins/0012.txt:9: "), "{err}");
    }

    // ---- never panics ----

    /// xorshift64*: tiny, deterministic.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
        }
    }

    /// Parses and checks the invariants of a successful parse.
    fn check(bytes: &[u8]) {
        if let Ok(issue) = parse_export(bytes, "fuzz.txt") {
            assert!(!issue.items.is_empty());
            for (item, ordinal) in issue.items.iter().zip(1u32..) {
                assert_eq!(item.ordinal, ordinal);
                assert!(!item.headline.is_empty() && !item.section.is_empty());
                assert!(!item.body.is_empty());
                assert!(item.body.iter().all(|p| !p.is_empty()), "{item:?}");
            }
        }
    }

    #[test]
    fn never_panics_on_random_bytes() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..3000 {
            let len = rng.below(300);
            let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            check(&bytes);
        }
    }

    #[test]
    fn never_panics_on_random_token_soup() {
        const TOKENS: &[&str] = &[
            "第",
            "期",
            "年",
            "月",
            "日",
            "摘要",
            "- ◆",
            "•",
            "要闻",
            "海外",
            "\n",
            "\n\n",
            "\r\n",
            "\r",
            " ",
            "\u{3000}",
            "。",
            "，",
            "、",
            "：",
            "”",
            "（",
            "）",
            "心",
            "中心",
            "娓",
            "1. ",
            "2. ",
            "编辑部：",
            "责编：",
            "2024",
            "13",
            "9",
            "0",
            "99999999999",
            "４",
            "\u{feff}",
            "\u{c}",
            "x",
            "AI",
            "标题",
            "正文。",
            "é",
            "😀",
        ];
        let mut rng = Rng(42);
        for _ in 0..4000 {
            let n = rng.below(60);
            let text: String = (0..n).map(|_| TOKENS[rng.below(TOKENS.len())]).collect();
            check(text.as_bytes());
            check(format!("第 1 期\n2024年1月1日\n\n{text}").as_bytes());
        }
    }

    #[test]
    fn never_panics_on_mangled_real_export() {
        let lines: Vec<&str> = REAL.split('\n').collect();
        let mut rng = Rng(7);
        for round in 0..1500 {
            let mut mangled = lines.clone();
            for _ in 0..=round % 8 {
                let (a, b) = (rng.below(mangled.len()), rng.below(mangled.len()));
                match rng.below(4) {
                    0 => mangled.swap(a, b),
                    1 => {
                        mangled.remove(a);
                    }
                    2 => mangled.insert(a, lines[b % lines.len()]),
                    _ => mangled.insert(a, ""),
                }
            }
            if round % 10 == 0 {
                // A full shuffle now and then.
                for i in (1..mangled.len()).rev() {
                    mangled.swap(i, rng.below(i + 1));
                }
            }
            check(mangled.join("\n").as_bytes());
        }
        // Every truncation, cutting through multi-byte characters too.
        for end in (0..REAL.len()).step_by(7) {
            check(&REAL.as_bytes()[..end]);
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            check(&bytes);
        }

        #[test]
        fn never_panics_on_arbitrary_strings(s in "(第|期|年|月|日|摘要|- ◆|要闻|心|。|\n|\n\n|[0-9]|\\PC){0,80}") {
            check(s.as_bytes());
            check(format!("第 1 期\n2024年1月1日\n\n要闻\n\n{s}").as_bytes());
        }
    }

    #[test]
    fn real_export_parses() {
        let issue = parse(REAL).unwrap();
        assert_eq!((issue.number, issue.items.len(), issue.summary.len()), (431, 28, 6));
    }
}
