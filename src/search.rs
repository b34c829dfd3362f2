//! The engine: [`Index`] answers queries over index files it is handed, in steps.
//!
//! ```text
//! Index::open(manifest bytes)
//! loop { match index.search(query, options)? {
//!     Step::Need(files) => for f in files { index.supply(&f, bytes_of(f))? },   // fetch or read
//!     Step::Done(response) => break response,
//! } }
//! ```
//!
//! A search first needs the term shards holding its terms, then the doc blocks holding the hits
//! it shows; nothing else is ever read. The CLI reads the files from disk, the Wasm edge fetches
//! them; both run this same code.
//!
//! Ranking is BM25 over phrase occurrences (each query word is matched verbatim, so its "term
//! frequency" is its occurrence count), with the title weighted above the body plus a title bonus,
//! a bonus when the word is a whole word of the build-time segmenter, a proximity bonus for
//! adjacent query words, a penalty for prefix-only matches, and a slight recency boost.

use crate::analysis::{decode_norm, query_pieces, word_key, Piece, UnitKind, BODY_BASE};
use crate::error::{Error, Result};
use crate::format::{DocBlock, Manifest, Posting, TermShard, MANIFEST_NAME};
use crate::model::Date;
use crate::query::{parse_query, Group, Query, Sort};
use crate::snippet::{highlight, snippet};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// BM25 saturation.
const K1: f32 = 1.2;
/// BM25 length normalization.
const B: f32 = 0.75;
/// Weight of a title occurrence relative to a body occurrence.
const TITLE_WEIGHT: f32 = 4.0;
/// Added (× idf) when a word occurs in the title at all, so title matches rank first.
const TITLE_BONUS: f32 = 1.0;
/// Factor when the query word is a whole word of the segmenter in the document.
const WHOLE_WORD_BONUS: f32 = 1.25;
/// Factor for a word matched only as a prefix of a longer token.
const PREFIX_PENALTY: f32 = 0.5;
/// At most this much is added for recency (newest issue) relative to the oldest.
const RECENCY: f32 = 0.05;
/// Snippet length in characters.
const SNIPPET_CHARS: usize = 90;

/// Document number inside one index.
pub type DocId = u32;

/// Options of a search besides the query text (the CLI's flags, the widget's attributes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchOptions {
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip (paging).
    pub offset: usize,
    /// Only this section (ANDed with `section:` in the query).
    pub section: Option<String>,
    /// Only this issue.
    pub issue: Option<u32>,
    /// Inclusive lower date bound, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Inclusive upper date bound, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// Result order; overrides `sort:` in the query when set.
    pub sort: Option<Sort>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions { limit: 10, offset: 0, section: None, issue: None, from: None, to: None, sort: None }
    }
}

/// One result, the same in the CLI's `--json` and the browser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// `<issue>-<ordinal>`.
    pub id: String,
    /// The headline.
    pub title: String,
    /// Issue number.
    pub issue: u32,
    /// Issue date, `YYYY-MM-DD`.
    pub date: String,
    /// Section name.
    pub section: String,
    /// Link to the item in its issue page, relative to the folder that holds the index folder.
    pub url: String,
    /// Relevance score (higher is better; not comparable across queries).
    pub score: f32,
    /// Body text around the best match.
    pub snippet: String,
    /// Highlighted `[start, end)` char ranges of `title`.
    pub title_highlights: Vec<[u32; 2]>,
    /// Highlighted `[start, end)` char ranges of `snippet`.
    pub snippet_highlights: Vec<[u32; 2]>,
}

/// A facet value with its hit count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount {
    /// The section name or issue number.
    pub value: String,
    /// Hits with that value.
    pub count: usize,
}

/// The answer to a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResponse {
    /// The query as given.
    pub query: String,
    /// Total hits (before paging).
    pub total: usize,
    /// The hits of the requested page.
    pub hits: Vec<Hit>,
    /// Hit counts per section, ignoring the section filter (for filter chips).
    pub sections: Vec<FacetCount>,
}

/// The outcome of one evaluation step.
#[derive(Debug, Clone, PartialEq)]
pub enum Step<T = SearchResponse> {
    /// These files (names relative to the manifest) must be supplied first.
    Need(Vec<String>),
    /// The answer.
    Done(T),
}

/// A completion of the word being typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completion {
    /// The whole query with its last word completed.
    pub query: String,
    /// The completed word.
    pub word: String,
    /// Items containing the word.
    pub count: usize,
}

enum Slot {
    Term(usize),
    Block(usize),
}

/// An opened index: the manifest plus whatever shards have been supplied so far.
#[derive(Debug)]
pub struct Index {
    manifest: Manifest,
    shards: Vec<Option<TermShard>>,
    blocks: Vec<Option<DocBlock>>,
}

/// Occurrences of one group in one document.
#[derive(Debug, Clone)]
struct Occurrences {
    norm: u8,
    starts: Vec<u32>,
    exact: bool,
}

type GroupMatches = BTreeMap<DocId, Occurrences>;

impl Index {
    /// Opens an index from its manifest's bytes.
    pub fn open(manifest: &[u8]) -> Result<Index> {
        let manifest = Manifest::from_bytes(MANIFEST_NAME, manifest)?;
        let shards = manifest.term_shards.iter().map(|_| None).collect();
        let blocks = manifest.doc_blocks.iter().map(|_| None).collect();
        Ok(Index { manifest, shards, blocks })
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    fn slot(&self, file: &str) -> Option<Slot> {
        if let Some(i) = self.manifest.term_shards.iter().position(|(_, r)| r.file == file) {
            return Some(Slot::Term(i));
        }
        self.manifest.doc_blocks.iter().position(|(_, r)| r.file == file).map(Slot::Block)
    }

    /// Supplies the bytes of a file named by a [`Step::Need`]. They are verified against the
    /// manifest (length and checksum) and parsed before they are kept.
    pub fn supply(&mut self, file: &str, bytes: &[u8]) -> Result<()> {
        match self.slot(file) {
            Some(Slot::Term(i)) => {
                self.manifest.term_shards[i].1.verify(bytes)?;
                self.shards[i] = Some(TermShard::from_bytes(file, bytes)?);
            }
            Some(Slot::Block(i)) => {
                self.manifest.doc_blocks[i].1.verify(bytes)?;
                let first = self.manifest.doc_blocks[i].0;
                self.blocks[i] = Some(DocBlock::from_bytes(file, bytes, first)?);
            }
            None => {
                return Err(Error::Mismatch {
                    file: file.to_string(),
                    message: "the manifest does not name this file".into(),
                })
            }
        }
        Ok(())
    }

    /// The files of the index, manifest first: for tools that copy or verify a whole index.
    pub fn files(&self) -> Vec<String> {
        let mut out = vec![MANIFEST_NAME.to_string()];
        out.extend(self.manifest.term_shards.iter().map(|(_, r)| r.file.clone()));
        out.extend(self.manifest.doc_blocks.iter().map(|(_, r)| r.file.clone()));
        out
    }

    fn piece_range(piece: &Piece) -> (Vec<u8>, Option<Vec<u8>>) {
        if piece.prefix {
            (piece.key.clone(), prefix_successor(&piece.key))
        } else {
            let mut hi = piece.key.clone();
            hi.push(0);
            (piece.key.clone(), Some(hi))
        }
    }

    /// Shards needed for the key range, with the missing ones pushed to `need`.
    fn shards_for(&self, lo: &[u8], hi: Option<&[u8]>, need: &mut BTreeSet<String>) -> Vec<&TermShard> {
        let mut out = Vec::new();
        for i in self.manifest.shards_for_range(lo, hi) {
            match &self.shards[i] {
                Some(s) => out.push(s),
                None => {
                    need.insert(self.manifest.term_shards[i].1.file.clone());
                }
            }
        }
        out
    }

    /// Union of the postings of every term a piece matches: doc → (norm, positions).
    fn piece_postings(&self, piece: &Piece, need: &mut BTreeSet<String>) -> Result<BTreeMap<DocId, (u8, Vec<u32>)>> {
        let (lo, hi) = Self::piece_range(piece);
        let mut out: BTreeMap<DocId, (u8, Vec<u32>)> = BTreeMap::new();
        for shard in self.shards_for(&lo, hi.as_deref(), need) {
            let terms = if piece.prefix {
                shard.range(&lo, hi.as_deref())
            } else {
                shard.get(&piece.key).map(|o| vec![(piece.key.clone(), o)]).unwrap_or_default()
            };
            for (_, offset) in terms {
                for Posting { doc, norm, positions } in shard.postings(offset)? {
                    let e = out.entry(doc).or_insert((norm, Vec::new()));
                    e.1.extend(positions);
                }
            }
        }
        if piece.prefix {
            for (_, p) in out.values_mut() {
                p.sort_unstable();
                p.dedup();
            }
        }
        Ok(out)
    }

    /// Documents where all pieces occur at their offsets, with the start positions.
    fn match_pieces(&self, pieces: &[Piece], need: &mut BTreeSet<String>) -> Result<BTreeMap<DocId, (u8, Vec<u32>)>> {
        let mut lists = Vec::with_capacity(pieces.len());
        for p in pieces {
            lists.push(self.piece_postings(p, need)?);
        }
        let mut out = BTreeMap::new();
        let Some((first, rest)) = lists.split_first() else { return Ok(out) };
        for (&doc, (norm, positions)) in first {
            let others: Option<Vec<&Vec<u32>>> = rest.iter().map(|l| l.get(&doc).map(|(_, p)| p)).collect();
            let Some(others) = others else { continue };
            let starts: Vec<u32> = positions
                .iter()
                .copied()
                .filter(|&s| {
                    others.iter().zip(&pieces[1..]).all(|(ps, piece)| {
                        s.checked_add(piece.offset).is_some_and(|want| ps.binary_search(&want).is_ok())
                    })
                })
                .filter(|&s| (s < BODY_BASE) == (s + pieces.last().map_or(0, |p| p.offset) < BODY_BASE))
                .collect();
            if !starts.is_empty() {
                out.insert(doc, (*norm, starts));
            }
        }
        Ok(out)
    }

    /// Matches of a group: exact matches, plus prefix-only matches of an open last Latin token.
    fn match_group(&self, group: &Group, need: &mut BTreeSet<String>) -> Result<GroupMatches> {
        let exact_pieces = query_pieces(&group.units, false);
        let mut out: GroupMatches = self
            .match_pieces(&exact_pieces, need)?
            .into_iter()
            .map(|(d, (norm, starts))| (d, Occurrences { norm, starts, exact: true }))
            .collect();
        let open_latin = group.prefix && matches!(group.units.last().map(|u| &u.kind), Some(UnitKind::Word(_)));
        if open_latin {
            let prefix_pieces = query_pieces(&group.units, true);
            for (d, (norm, starts)) in self.match_pieces(&prefix_pieces, need)? {
                out.entry(d).or_insert(Occurrences { norm, starts, exact: false });
            }
        }
        Ok(out)
    }

    /// Docs in which the group is a whole segmenter word (only for single CJK runs).
    fn whole_word_docs(&self, group: &Group, need: &mut BTreeSet<String>) -> Result<BTreeSet<DocId>> {
        let mut out = BTreeSet::new();
        let run: Option<String> = group
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| match u.kind {
                UnitKind::Cjk(c) if i == 0 || !u.break_before => Some(c),
                _ => None,
            })
            .collect();
        let Some(run) = run.filter(|r| r.chars().count() >= 2) else { return Ok(out) };
        let key = word_key(&run);
        let mut hi = key.clone();
        hi.push(0);
        for shard in self.shards_for(&key, Some(&hi), need) {
            if let Some(offset) = shard.get(&key) {
                out.extend(shard.word_postings(offset)?.into_iter().map(|p| p.doc));
            }
        }
        Ok(out)
    }

    fn block_of(&self, doc: DocId, need: &mut BTreeSet<String>) -> Option<&DocBlock> {
        let i = self.manifest.block_of(doc);
        match self.blocks.get(i)? {
            Some(b) => Some(b),
            None => {
                need.insert(self.manifest.doc_blocks[i].1.file.clone());
                None
            }
        }
    }

    fn date_of(&self, doc: DocId) -> i32 {
        self.manifest.issue_of(doc).map_or(0, |i| i.date_days)
    }

    fn passes_filters(&self, doc: DocId, q: &Query, ignore_section: bool) -> bool {
        let Some(issue) = self.manifest.issue_of(doc) else { return false };
        if q.issue.is_some_and(|n| n != issue.number) {
            return false;
        }
        if q.date_from.is_some_and(|d| issue.date_days < d.days())
            || q.date_to.is_some_and(|d| issue.date_days > d.days())
        {
            return false;
        }
        if !ignore_section {
            if let Some(section) = &q.section {
                let id = self.manifest.section_of(doc);
                if id.and_then(|i| self.manifest.sections.get(i as usize)) != Some(section) {
                    return false;
                }
            }
        }
        true
    }

    /// Runs a query (see [`crate::query`] for the syntax).
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<Step> {
        let mut q = parse_query(query);
        if let Some(s) = &options.section {
            q.section = Some(s.clone());
        }
        if options.issue.is_some() {
            q.issue = options.issue;
        }
        if let Some(d) = options.from.as_deref().and_then(Date::parse_iso) {
            q.date_from = Some(d);
        }
        if let Some(d) = options.to.as_deref().and_then(Date::parse_iso) {
            q.date_to = Some(d);
        }
        let sort = options.sort.or(q.sort).unwrap_or_default();
        let empty =
            |total| Step::Done(SearchResponse { query: query.to_string(), total, hits: vec![], sections: vec![] });
        if q.is_empty() || options.limit == 0 && options.offset == 0 && q.groups.is_empty() && !q.has_filters() {
            return Ok(empty(0));
        }

        let mut need = BTreeSet::new();
        let mut matches = Vec::with_capacity(q.groups.len());
        let mut whole = Vec::with_capacity(q.groups.len());
        for g in &q.groups {
            matches.push(self.match_group(g, &mut need)?);
            whole.push(self.whole_word_docs(g, &mut need)?);
        }
        let mut excluded = BTreeSet::new();
        for g in &q.excluded {
            let no_prefix = Group { prefix: false, ..g.clone() };
            excluded.extend(self.match_group(&no_prefix, &mut need)?.into_keys());
        }
        if !need.is_empty() {
            return Ok(Step::Need(need.into_iter().collect()));
        }

        // Candidates: docs matching every group (all docs when only filters were given).
        let candidates: Vec<DocId> = match matches.split_first() {
            None => (0..self.manifest.doc_count).collect(),
            Some((first, rest)) => first.keys().copied().filter(|d| rest.iter().all(|m| m.contains_key(d))).collect(),
        };
        let candidates: Vec<DocId> =
            candidates.into_iter().filter(|d| !excluded.contains(d) && self.passes_filters(*d, &q, true)).collect();

        let mut section_counts: BTreeMap<u32, usize> = BTreeMap::new();
        for &d in &candidates {
            if let Some(s) = self.manifest.section_of(d) {
                *section_counts.entry(s).or_default() += 1;
            }
        }
        let mut sections: Vec<FacetCount> = section_counts
            .into_iter()
            .filter_map(|(s, count)| Some(FacetCount { value: self.manifest.sections.get(s as usize)?.clone(), count }))
            .collect();
        sections.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));

        let (min_day, max_day) = (
            self.manifest.issues.first().map_or(0, |i| i.date_days),
            self.manifest.issues.last().map_or(0, |i| i.date_days),
        );
        let n = self.manifest.doc_count as f32;
        let idfs: Vec<f32> = matches.iter().map(|m| idf(n, m.len() as f32)).collect();
        let mut scored: Vec<(f32, DocId)> = candidates
            .into_iter()
            .filter(|&d| self.passes_filters(d, &q, false))
            .map(|d| {
                let mut score = 0.0;
                for (gi, m) in matches.iter().enumerate() {
                    if let Some(o) = m.get(&d) {
                        score += self.group_score(o, idfs[gi], whole[gi].contains(&d));
                    }
                }
                for gi in 1..matches.len() {
                    if let (Some(a), Some(b)) = (matches[gi - 1].get(&d), matches[gi].get(&d)) {
                        let gap = min_gap(&a.starts, &b.starts, q.groups[gi - 1].units.len() as u32);
                        score += 0.5 * idfs[gi - 1].min(idfs[gi]) / (1.0 + gap as f32);
                    }
                }
                if max_day > min_day {
                    score *= 1.0 + RECENCY * (self.date_of(d) - min_day) as f32 / (max_day - min_day) as f32;
                }
                (score, d)
            })
            .collect();
        match sort {
            Sort::Relevance if !q.groups.is_empty() => scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1))),
            // By date: newest issue first, then item order.
            _ => scored.sort_by(|a, b| self.date_of(b.1).cmp(&self.date_of(a.1)).then(a.1.cmp(&b.1))),
        }
        let total = scored.len();
        let page: Vec<(f32, DocId)> = scored.into_iter().skip(options.offset).take(options.limit).collect();

        for &(_, d) in &page {
            self.block_of(d, &mut need);
        }
        if !need.is_empty() {
            return Ok(Step::Need(need.into_iter().collect()));
        }
        let mut hits = Vec::with_capacity(page.len());
        for (score, d) in page {
            hits.push(self.hit(d, score, &q.groups)?);
        }
        Ok(Step::Done(SearchResponse { query: query.to_string(), total, hits, sections }))
    }

    /// Completions of the last word of `input` from the index vocabulary (Latin tokens and the
    /// segmenter's words), most frequent first; never the word itself.
    pub fn complete(&self, input: &str, limit: usize) -> Result<Step<Vec<Completion>>> {
        let trimmed = input.trim_end();
        if trimmed.len() != input.len() || limit == 0 {
            return Ok(Step::Done(vec![]));
        }
        let q = parse_query(input);
        let Some(last) = q.groups.last().filter(|g| g.prefix) else { return Ok(Step::Done(vec![])) };
        let key = match last.units.as_slice() {
            [u] if matches!(u.kind, UnitKind::Word(_)) => match &u.kind {
                UnitKind::Word(w) => crate::analysis::token_key(w),
                UnitKind::Cjk(_) => unreachable!(),
            },
            units if units.iter().all(|u| matches!(u.kind, UnitKind::Cjk(_))) => word_key(
                &units
                    .iter()
                    .filter_map(|u| if let UnitKind::Cjk(c) = u.kind { Some(c) } else { None })
                    .collect::<String>(),
            ),
            _ => return Ok(Step::Done(vec![])),
        };
        let hi = prefix_successor(&key);
        let mut need = BTreeSet::new();
        let mut found: Vec<(usize, String)> = Vec::new();
        for shard in self.shards_for(&key, hi.as_deref(), &mut need) {
            for (term, offset) in shard.range(&key, hi.as_deref()) {
                if term == key {
                    continue;
                }
                let count = shard.doc_count(offset)?;
                if let Ok(word) = String::from_utf8(term[1..].to_vec()) {
                    found.push((count, word));
                }
            }
        }
        if !need.is_empty() {
            return Ok(Step::Need(need.into_iter().collect()));
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let Some(head) = trimmed.strip_suffix(last.text.as_str()) else { return Ok(Step::Done(vec![])) };
        Ok(Step::Done(
            found
                .into_iter()
                .take(limit)
                .map(|(count, word)| Completion { query: format!("{head}{word}"), word, count })
                .collect(),
        ))
    }

    fn group_score(&self, o: &Occurrences, idf: f32, whole_word: bool) -> f32 {
        let title_tf = o.starts.iter().filter(|&&s| s < BODY_BASE).count() as f32;
        let body_tf = o.starts.len() as f32 - title_tf;
        let avg = self.manifest.avg_body_len.max(1.0);
        let body_norm = 1.0 - B + B * decode_norm(o.norm) / avg;
        let tf = TITLE_WEIGHT * title_tf.min(2.0) + body_tf / body_norm;
        let mut s = idf * tf * (K1 + 1.0) / (tf + K1);
        if title_tf > 0.0 {
            s += idf * TITLE_BONUS;
        }
        if whole_word {
            s *= WHOLE_WORD_BONUS;
        }
        if !o.exact {
            s *= PREFIX_PENALTY;
        }
        s
    }

    fn hit(&self, doc: DocId, score: f32, groups: &[Group]) -> Result<Hit> {
        let missing = || Error::MissingFile {
            file: self
                .manifest
                .doc_blocks
                .get(self.manifest.block_of(doc))
                .map_or_else(String::new, |b| b.1.file.clone()),
        };
        let block = self.blocks.get(self.manifest.block_of(doc)).and_then(Option::as_ref).ok_or_else(missing)?;
        let stored = block.get(doc).ok_or_else(missing)?;
        let issue =
            self.manifest.issue_of(doc).ok_or_else(|| Error::corrupt(MANIFEST_NAME, "document outside every issue"))?;
        let date = date_from_days(issue.date_days);
        let section = self.manifest.sections.get(stored.section as usize).cloned().unwrap_or_default();
        let (snippet, snippet_highlights) = snippet(&stored.body, groups, SNIPPET_CHARS);
        Ok(Hit {
            id: format!("{}-{}", issue.number, stored.ordinal),
            title: stored.title.clone(),
            issue: issue.number,
            date,
            section,
            url: format!("issues/{}.html#item-{}", issue.number, stored.ordinal),
            score: (score * 1000.0).round() / 1000.0,
            title_highlights: highlight(&stored.title, groups),
            snippet,
            snippet_highlights,
        })
    }
}

fn idf(n: f32, df: f32) -> f32 {
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Smallest distance between an end of `a` (start + `a_len`) and a start of `b`, in either order.
fn min_gap(a: &[u32], b: &[u32], a_len: u32) -> u32 {
    let mut best = u32::MAX;
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        let gap = if y >= x { (y - x).saturating_sub(a_len) } else { x - y };
        best = best.min(gap);
        if x < y {
            i += 1;
        } else {
            j += 1;
        }
    }
    best
}

/// The smallest key greater than every key starting with `prefix` (None: no such key).
fn prefix_successor(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut hi = prefix.to_vec();
    while let Some(last) = hi.pop() {
        if last < 0xff {
            hi.push(last + 1);
            return Some(hi);
        }
    }
    None
}

fn date_from_days(days: i32) -> String {
    // Inverse of Date::days (Howard Hinnant's civil_from_days).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_from_days_inverts_days() {
        for (y, m, d) in [(1970, 1, 1), (2024, 9, 9), (2000, 2, 29), (2099, 12, 31)] {
            let date = Date::new(y, m, d).unwrap();
            assert_eq!(date_from_days(date.days()), date.to_string());
        }
    }

    #[test]
    fn prefix_successor_is_the_range_end() {
        assert_eq!(prefix_successor(b"ta"), Some(b"tb".to_vec()));
        assert_eq!(prefix_successor(&[b't', 0xff]), Some(b"u".to_vec()));
        assert_eq!(prefix_successor(&[0xff]), None);
    }

    #[test]
    fn min_gap_finds_adjacent_words() {
        assert_eq!(min_gap(&[10, 50], &[12, 90], 2), 0);
        assert_eq!(min_gap(&[10], &[30], 2), 18);
        assert_eq!(min_gap(&[30], &[10], 2), 20);
    }
}
