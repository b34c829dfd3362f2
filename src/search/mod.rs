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
//! A search first needs the term shards holding its terms (in a segment with key pages, the pages
//! naming them first), then the doc blocks holding the hits it shows; nothing else is ever read
//! (at most [`MAX_ROUNDS`] rounds of files). The CLI reads the files from disk, the browser's
//! `engine.js` fetches them for the Wasm engine; both run this same code. A synchronous caller
//! hands [`Index::run`] (or [`Index::run_complete`]) a function that reads a file, and that loop is
//! run for it.
//!
//! Each query word is matched in tiers, and a tier is tried only when the ones before it found
//! nothing for that word, so a word that exists as typed is never reinterpreted:
//!
//! 1. **as typed**: verbatim (CJK runs by their bigrams, Latin tokens exactly, the last word
//!    also as a prefix while typing);
//! 2. **read again**, for a Latin word only: as pinyin (`p` terms: `weiduanju`, and `weiduan`
//!    as a prefix while typing), as unambiguous initials (`i` terms), and with typos (a
//!    [`crate::fuzzy`] automaton over the `t` terms: 1 edit from 4 letters, 2 from 8; while
//!    typing, also the tokens that start with a word that close, `youtuv` → `youtube`). Each
//!    reading is a whole indexed word, matched verbatim like tier 1, at most 16 per query word;
//!    the extra round trips (the `p`/`i`/`t` shards, then the grams of the words found) happen
//!    only on this path.
//!
//! When nothing is found, the words that found nothing are looked up once more with a wider
//! edit budget, and the closest existing terms come back as [`SearchResponse::suggestions`]
//! ("did you mean"); no item is ever returned for a word that occurs nowhere.
//!
//! Ranking is BM25 over phrase occurrences (each query word is matched verbatim, so its "term
//! frequency" is its occurrence count), with the title weighted above the body plus a title bonus,
//! a bonus when the word is a whole word of the build-time segmenter, a proximity bonus for
//! adjacent query words (not for a word of one CJK character, matched by its counts alone: see
//! [`Index::search`]), a factor below 1 for prefix-only matches and for every reading of tier
//! 2 (pinyin, initials, typos: always below a direct match), and a slight recency boost.
//!
//! The jobs of the engine, a file each: `lookup` (the shards a key range needs, a piece's merged
//! postings, the cache of recent pieces), `matching` (phrases and the cursors over document
//! lists), `readings` (tier 2), `suggestions` ("did you mean"), `facets` (filters and facet
//! counts), `score` (BM25 and the other signals' weights) and `complete` (completions); this
//! module holds [`Index`], the answers' types and [`Index::search`].

mod complete;
mod facets;
mod lookup;
mod matching;
mod partial;
mod parts;
mod readings;
mod score;
mod split;
mod suggestions;

use crate::error::{Error, Result};
use crate::format::{DocBlock, FileKind, Manifest, TermShard, MANIFEST_NAME};
use crate::model::{item_id, item_url, Date};
use crate::order::{minor, ordered_bits, sort_key, sort_u32};
use crate::query::{parse_query, Group, Sort};
use crate::snippet::{highlight, snippet};
use lookup::PieceCache;
use matching::{lone_char, GroupMatches, TIER_DIRECT};
use parts::{name_group, Part, Vocabulary};
use score::body_norms;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

/// The most [`Step::Need`]s one evaluation returns: each of its levels of lookups (the query's
/// terms; their pinyin and typo readings; the words those found; "did you mean" terms; their
/// words) may need key pages and then the shards they name, and the page of hits its doc blocks:
/// 11, and room to spare. A caller still asked for files after supplying this many rounds has
/// files that do not satisfy the manifest, and should stop.
pub const MAX_ROUNDS: usize = 16;

/// Snippet length in characters.
const SNIPPET_CHARS: usize = 90;
/// Most values a facet of a response lists. An archive of 10,000 items has 400 issues: a query
/// matching most of them listed 400 issue counts, each a string and a JS object on every
/// keystroke, and a chip each in the widget. (Any issue stays reachable with `issue:N`.)
pub const MAX_FACET_VALUES: usize = 20;

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
    /// The section name, issue number or year.
    pub value: String,
    /// Hits with that value.
    pub count: usize,
}

/// The answer to a search.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResponse {
    /// The query as given.
    pub query: String,
    /// Total hits (before paging).
    pub total: usize,
    /// The hits of the requested page.
    pub hits: Vec<Hit>,
    /// When no item holds every word of the query: the items that hold all of them but one,
    /// best first (at most a page), each naming the word it lacks. Never counted in `total`.
    pub partial: Vec<PartialHit>,
    /// Hit counts per section, ignoring the section filter (for filter chips), most hits first;
    /// at most [`MAX_FACET_VALUES`] sections.
    pub sections: Vec<FacetCount>,
    /// Hit counts per issue number, ignoring the issue filter, newest issue first; the
    /// [`MAX_FACET_VALUES`] newest issues with hits, and those the query's issue filter selects.
    pub issues: Vec<FacetCount>,
    /// Hit counts per year of the issue date, ignoring the date filter, newest year first; the
    /// [`MAX_FACET_VALUES`] newest years with hits, and those the query's dates select.
    pub years: Vec<FacetCount>,
    /// When nothing was found: whole queries to offer instead ("did you mean"), each with the
    /// words that found nothing replaced by the closest terms of the index; best first.
    pub suggestions: Vec<String>,
    /// The other names the query also searched (a word that is a name of an alias group of the
    /// synonyms list), those that found something, as the list writes them.
    pub expanded: Vec<String>,
}

/// An item that holds every word of the query but one (see [`SearchResponse::partial`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartialHit {
    /// The word of the query it lacks, as typed.
    pub missing: String,
    /// The item.
    #[serde(flatten)]
    pub hit: Hit,
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

/// An opened index: the manifest plus whatever shards have been supplied so far.
#[derive(Debug)]
pub struct Index {
    manifest: Manifest,
    shards: Vec<Option<TermShard>>,
    blocks: Vec<Option<DocBlock>>,
    /// The last search that was answered up to its page and asked for doc blocks: the same
    /// search, once they are supplied, only builds its hits (its terms were all there, and
    /// supplying more files cannot change what it matched).
    pending: RefCell<Option<Evaluated>>,
    /// The decoded postings of recent pieces (see [`PieceCache`]).
    pieces: RefCell<PieceCache>,
    /// BM25's length normalization of a body for each norm byte (`1 - b + b · len / avg`): a
    /// search scores thousands of documents, and decoding a norm is a `powf` (a libm routine in
    /// the Wasm module).
    body_norms: [f32; 256],
}

/// A search evaluated up to the documents of its page.
#[derive(Debug)]
struct Evaluated {
    query: String,
    options: SearchOptions,
    total: usize,
    page: Vec<(f32, DocId)>,
    facets: [Vec<FacetCount>; 3],
    /// The items that hold every part of the query but one, when none holds them all: score,
    /// document and the word it lacks.
    partial: Vec<(f32, DocId, String)>,
    /// What to highlight in the hits.
    shown: Vec<Group>,
    suggestions: Vec<String>,
    expanded: Vec<String>,
}

impl Index {
    /// Opens an index from its manifest's bytes.
    pub fn open(manifest: &[u8]) -> Result<Index> {
        let manifest = Manifest::from_bytes(MANIFEST_NAME, manifest)?;
        let shards = manifest.term_shards.iter().map(|_| None).collect();
        let blocks = manifest.doc_blocks.iter().map(|_| None).collect();
        let body_norms = body_norms(manifest.avg_body_len);
        Ok(Index { manifest, shards, blocks, pending: RefCell::new(None), pieces: RefCell::default(), body_norms })
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Supplies the bytes of a file named by a [`Step::Need`]. They are verified against the
    /// file's framing (length and checksum) and its tag in the manifest, and parsed, before they
    /// are kept.
    pub fn supply(&mut self, file: &str, bytes: &[u8]) -> Result<()> {
        // The file's own framing first (a damaged download says "checksum mismatch"), then the
        // manifest's record of it (an intact file of another build says "does not belong").
        // Names are unique: a segment id and a position name one file.
        match self.manifest.locate(file) {
            Some((FileKind::TermShard, i)) => {
                let shard = TermShard::from_bytes(file, bytes)?;
                self.manifest.term_shards[i].1.verify(bytes)?;
                self.shards[i] = Some(shard);
            }
            Some((FileKind::KeyPage, p)) => self.manifest.supply_page(p, file, bytes)?,
            Some((FileKind::DocBlock, i)) => {
                let block = DocBlock::from_bytes(file, bytes, self.manifest.doc_blocks[i].0)?;
                self.manifest.doc_blocks[i].1.verify(bytes)?;
                self.blocks[i] = Some(block);
            }
            Some((FileKind::Manifest, _)) | None => {
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
        out.extend(self.manifest.term_shards.iter().map(|(_, r)| r.name()));
        out.extend(self.manifest.doc_blocks.iter().map(|(_, r)| r.name()));
        out.extend(self.manifest.key_pages.iter().map(|p| p.file.name()));
        out
    }

    /// Runs a query to its answer for a synchronous caller: the files each step names are read
    /// with `read` (by name, relative to the manifest; their bytes unpacked) and supplied, for at
    /// most [`MAX_ROUNDS`] rounds. Fails with what `read`, [`Self::supply`] or [`Self::search`]
    /// fail with, or with [`Error::TooManyRounds`] if files are still needed after that.
    pub fn run(
        &mut self,
        query: &str,
        options: &SearchOptions,
        read: impl FnMut(&str) -> Result<Vec<u8>>,
    ) -> Result<SearchResponse> {
        self.run_steps(read, |index| index.search(query, options))
    }

    /// The step loop of [`Self::run`] and [`Self::run_complete`].
    fn run_steps<T>(
        &mut self,
        mut read: impl FnMut(&str) -> Result<Vec<u8>>,
        mut step: impl FnMut(&Index) -> Result<Step<T>>,
    ) -> Result<T> {
        let mut rounds = 0;
        loop {
            match step(self)? {
                Step::Done(answer) => return Ok(answer),
                Step::Need(files) if rounds < MAX_ROUNDS => {
                    rounds += 1;
                    for file in files {
                        let bytes = read(&file)?;
                        self.supply(&file, &bytes)?;
                    }
                }
                Step::Need(files) => return Err(Error::TooManyRounds { rounds, files }),
            }
        }
    }

    fn block_of(&self, doc: DocId, need: &mut Need) -> Option<&DocBlock> {
        let i = self.manifest.block_of(doc);
        match self.blocks.get(i)? {
            Some(b) => Some(b),
            None => {
                need.insert(self.manifest.doc_blocks[i].1.name());
                None
            }
        }
    }

    /// Runs a query (see [`crate::query`] for the syntax).
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<Step> {
        let pending = self.pending.borrow_mut().take_if(|p| p.query == query && p.options == *options);
        if let Some(evaluated) = pending {
            return self.answer(evaluated);
        }
        let mut q = parse_query(query);
        if let Some(s) = &options.section {
            q.section = Some(s.clone());
        }
        if let Some(n) = options.issue {
            q.issues = Some((n, n));
        }
        if let Some(d) = options.from.as_deref().and_then(Date::parse_iso) {
            q.date_from = Some(d);
        }
        if let Some(d) = options.to.as_deref().and_then(Date::parse_iso) {
            q.date_to = Some(d);
        }
        let sort = options.sort.or(q.sort).unwrap_or_default();
        if q.is_empty() || options.limit == 0 && options.offset == 0 && q.groups.is_empty() && !q.has_filters() {
            return Ok(Step::Done(SearchResponse { query: query.to_string(), ..SearchResponse::default() }));
        }

        // Tier 1: every word as typed, and whether it is a name of an alias group.
        let mut need = Need::default();
        let mut direct = Vec::with_capacity(q.groups.len());
        let mut whole = Vec::with_capacity(q.groups.len());
        let mut names = Vec::with_capacity(q.groups.len());
        for g in &q.groups {
            direct.push(match lone_char(g) {
                // A character counts by its title and body counts, without positions: alone in the
                // query it has nothing to be near; beside other words its proximity is not scored
                // (its positions are every gram starting with it, hundreds of kilobytes for a
                // common character at 100,000 items, read while the next word is being typed).
                Some(c) => self.char_matches(c, &mut need)?,
                None => self.match_group(g, &mut need)?,
            });
            whole.push(self.whole_word_docs(g, &mut need)?);
            names.push(match lone_char(g) {
                Some(_) => Vec::new(),
                None => self.alias_names(&g.text, &mut need)?,
            });
        }
        let mut excluded = Vec::new();
        for g in &q.excluded {
            let found = match lone_char(g) {
                // Excluding needs the documents only.
                Some(c) => self.char_matches(c, &mut need)?,
                None => self.match_group(&Group { prefix: false, ..g.clone() }, &mut need)?,
            };
            excluded.extend(found.docs);
        }
        sort_u32(&mut excluded);
        if !need.is_empty() {
            return Ok(Step::Need(need.0));
        }

        // Then, in one round of lookups: the words that found nothing read as pinyin, initials or
        // with typos; the other names of the words that are names; the index's own words in the
        // words that found nothing verbatim (to split them, below).
        let mut readings = Vec::with_capacity(q.groups.len());
        let mut aliases = Vec::with_capacity(q.groups.len());
        let mut vocabularies = Vec::with_capacity(q.groups.len());
        for (gi, g) in q.groups.iter().enumerate() {
            let nothing = direct[gi].is_empty();
            readings.push(if nothing { self.readings(g, &mut need)? } else { Vec::new() });
            aliases.push(self.alias_matches(&names[gi], &mut need)?);
            let runs_together = nothing && lone_char(g).is_none() && !g.phrase;
            vocabularies.push(if runs_together { self.vocabulary(g, &mut need)? } else { Vocabulary::default() });
        }
        if !need.is_empty() {
            return Ok(Step::Need(need.0));
        }
        // What to highlight for each word: the word, or the readings that found it.
        let mut shown: Vec<Vec<Group>> = q.groups.iter().map(|g| vec![g.clone()]).collect();
        for (gi, found) in readings.iter().enumerate().filter(|(_, r)| !r.is_empty()) {
            shown[gi].clear();
            for reading in found {
                let group = name_group(&reading.text);
                let mut found = self.match_group(&group, &mut need)?;
                if found.is_empty() {
                    continue;
                }
                for w in &mut found.weights {
                    *w *= reading.weight;
                }
                direct[gi] = std::mem::take(&mut direct[gi]).union(found);
                shown[gi].push(group);
            }
        }
        // The parts an item must hold: each word, found as typed or through its other names; a
        // word found neither way, split into the index's words.
        let mut parts: Vec<Part> = Vec::with_capacity(q.groups.len());
        let mut expanded: Vec<String> = Vec::new();
        // The part of each word that was not split.
        let mut group_part: Vec<Option<usize>> = Vec::with_capacity(q.groups.len());
        for (gi, g) in q.groups.iter().enumerate() {
            let (alias_found, alias_shown) = std::mem::take(&mut aliases[gi]);
            let matches = std::mem::take(&mut direct[gi]).union(alias_found);
            if matches.is_empty() && !g.phrase && lone_char(g).is_none() {
                if let Some(split) = self.split_parts(gi, g, &vocabularies[gi], &mut need)? {
                    parts.extend(split);
                    group_part.push(None);
                    continue;
                }
            }
            for a in &alias_shown {
                if !expanded.contains(&a.text) {
                    expanded.push(a.text.clone());
                }
            }
            let mut shown_g = std::mem::take(&mut shown[gi]);
            shown_g.extend(alias_shown);
            let whole = std::mem::take(&mut whole[gi]);
            group_part.push(Some(parts.len()));
            parts.push(Part { matches, whole, shown: shown_g, label: g.text.clone(), word: true, split_of: None });
        }
        if !need.is_empty() {
            return Ok(Step::Need(need.0));
        }
        for part in parts.iter().filter(|p| p.split_of.is_some()) {
            for g in part.shown.iter().filter(|g| g.span.is_empty()) {
                if !expanded.contains(&g.text) {
                    expanded.push(g.text.clone());
                }
            }
        }

        // Candidates: docs holding every part (all docs when only filters were given).
        let base: Vec<DocId> = match parts.split_first() {
            None => (0..self.manifest.doc_count).collect(),
            Some((first, rest)) => {
                first.matches.docs.iter().copied().filter(|&d| rest.iter().all(|p| p.matches.contains(d))).collect()
            }
        };
        let base: Vec<DocId> = base.into_iter().filter(|d| excluded.binary_search(d).is_err()).collect();
        let facets = self.facets(&base, &q);
        let (scored, tiers) = self.rank(&parts, base.into_iter().filter(|&d| self.passes_filters(d, &q, None)));
        let by_relevance = matches!(sort, Sort::Relevance) && !q.groups.is_empty();
        let tiered = tiers.iter().any(|&t| t != TIER_DIRECT);
        // The order as keys: by relevance, the best tier first, then the highest score, then the
        // later document; by date, newest issue first, then item order. `scored` is in document
        // order, so its index stands for the document (both orders are total: no ties).
        let mut issue_at = 0;
        let order_keys = scored.iter().zip(&tiers).enumerate().map(|(i, (&(score, d), &tier))| {
            if by_relevance && tiered {
                // (The score's lowest two bits make room for the tier.)
                sort_key(u32::from(tier) << 29 | !ordered_bits(score) >> 2, !(i as u32))
            } else if by_relevance {
                sort_key(!ordered_bits(score), !(i as u32))
            } else {
                let day = self.manifest.issue_of_ascending(&mut issue_at, d).map_or(0, |i| i.date_days);
                sort_key(!(day as u32), i as u32)
            }
        });
        let mut order: Vec<u64> = order_keys.collect();
        let total = order.len();
        // Only the page and what precedes it need an order.
        let shown_up_to = options.offset.saturating_add(options.limit);
        if shown_up_to < total {
            order.select_nth_unstable(shown_up_to);
            order.truncate(shown_up_to);
        }
        order.sort_unstable();
        let at = |k: u64| if by_relevance { !minor(k) } else { minor(k) } as usize;
        let scored: Vec<(f32, DocId)> = order.into_iter().map(|k| scored[at(k)]).collect();
        let mut suggestions = Vec::new();
        let mut partial = Vec::new();
        if total == 0 {
            // The words as the suggestions see them: what each found as typed (a split word found
            // nothing so), and its forms.
            let mut matches: Vec<GroupMatches> = q.groups.iter().map(|_| GroupMatches::default()).collect();
            let mut forms: Vec<Vec<Group>> = q.groups.iter().map(|g| vec![g.clone()]).collect();
            for (gi, &pi) in group_part.iter().enumerate() {
                if let Some(part) = pi.map(|pi| &mut parts[pi]) {
                    matches[gi] = std::mem::take(&mut part.matches);
                    forms[gi] = std::mem::take(&mut part.shown);
                }
            }
            // The documents every word that did find something agrees on, within the filters.
            let scope: Vec<DocId> = (0..self.manifest.doc_count)
                .filter(|&d| matches.iter().all(|m| m.is_empty() || m.contains(d)))
                .filter(|d| excluded.binary_search(d).is_err() && self.passes_filters(*d, &q, None))
                .collect();
            suggestions = self.suggestions(query, &q, &matches, &forms, &scope, &mut need)?;
            if !need.is_empty() {
                return Ok(Step::Need(need.0));
            }
            for ((&pi, m), f) in group_part.iter().zip(matches).zip(forms) {
                if let Some(part) = pi.map(|pi| &mut parts[pi]) {
                    (part.matches, part.shown) = (m, f);
                }
            }
            partial = self.partial_page(&parts, &excluded, &q, options.limit);
            if partial.is_empty() {
                let [sections, issues, years] = facets;
                return Ok(Step::Done(SearchResponse {
                    query: query.to_string(),
                    total: 0,
                    hits: vec![],
                    partial: vec![],
                    sections,
                    issues,
                    years,
                    suggestions,
                    expanded,
                }));
            }
        }
        let page: Vec<(f32, DocId)> = scored.into_iter().skip(options.offset).take(options.limit).collect();
        self.answer(Evaluated {
            query: query.to_string(),
            options: options.clone(),
            total,
            page,
            partial: partial.into_iter().map(|(score, d, missing)| (score, d, parts[missing].label.clone())).collect(),
            facets,
            shown: parts.into_iter().flat_map(|p| p.shown).collect(),
            suggestions,
            expanded,
        })
    }

    /// The hits of an evaluated search, or the doc blocks they need (keeping the evaluation).
    fn answer(&self, evaluated: Evaluated) -> Result<Step> {
        let mut need = Need::default();
        for d in evaluated.page.iter().map(|p| p.1).chain(evaluated.partial.iter().map(|p| p.1)) {
            self.block_of(d, &mut need);
        }
        if !need.is_empty() {
            *self.pending.borrow_mut() = Some(evaluated);
            return Ok(Step::Need(need.0));
        }
        let Evaluated {
            query,
            total,
            page,
            partial,
            facets: [sections, issues, years],
            shown,
            suggestions,
            expanded,
            ..
        } = evaluated;
        let mut hits = Vec::with_capacity(page.len());
        for (score, d) in page {
            hits.push(self.hit(d, score, &shown)?);
        }
        let mut partial_hits = Vec::with_capacity(partial.len());
        for (score, d, missing) in partial {
            partial_hits.push(PartialHit { missing, hit: self.hit(d, score, &shown)? });
        }
        Ok(Step::Done(SearchResponse {
            query,
            total,
            hits,
            partial: partial_hits,
            sections,
            issues,
            years,
            suggestions,
            expanded,
        }))
    }

    fn hit(&self, doc: DocId, score: f32, groups: &[Group]) -> Result<Hit> {
        let missing = || Error::MissingFile {
            file: self.manifest.doc_blocks.get(self.manifest.block_of(doc)).map_or_else(String::new, |b| b.1.name()),
        };
        let block = self.blocks.get(self.manifest.block_of(doc)).and_then(Option::as_ref).ok_or_else(missing)?;
        let stored = block.get(doc).ok_or_else(missing)?;
        let issue =
            self.manifest.issue_of(doc).ok_or_else(|| Error::corrupt(MANIFEST_NAME, "document outside every issue"))?;
        let date = Date::from_days(issue.date_days).to_string();
        let section = self.manifest.sections.get(stored.section as usize).cloned().unwrap_or_default();
        let (snippet, snippet_highlights) = snippet(&stored.body, groups, SNIPPET_CHARS);
        Ok(Hit {
            id: item_id(issue.number, stored.ordinal),
            title: stored.title.clone(),
            issue: issue.number,
            date,
            section,
            url: item_url(issue.number, stored.ordinal),
            score: (score * 1000.0).round() / 1000.0,
            title_highlights: highlight(&stored.title, groups),
            snippet,
            snippet_highlights,
        })
    }
}

/// The files a step needs, each once, in the order first asked for (a handful: a list is smaller
/// than a set, in code and in memory).
#[derive(Default)]
struct Need(Vec<String>);

impl Need {
    fn insert(&mut self, file: String) {
        if !self.0.contains(&file) {
            self.0.push(file);
        }
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Extend<String> for Need {
    fn extend<I: IntoIterator<Item = String>>(&mut self, files: I) {
        for f in files {
            self.insert(f);
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::analysis::{units, Piece, UnitKind};
    use crate::model::Issue;
    use std::collections::HashMap;

    /// The committed issue as 20 weekly issues (a base segment of 16 and a tail of 4): the issues
    /// and the files of their index.
    pub(super) fn twenty_issues() -> (Vec<Issue>, HashMap<String, Vec<u8>>) {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/bulletins/0431.txt")).unwrap();
        let issue = crate::parse_export(&bytes, "0431.txt").unwrap();
        let mut builder = crate::IndexBuilder::new();
        let mut issues = Vec::new();
        for i in 0..20u8 {
            let mut copy = issue.clone();
            copy.number = 400 + u32::from(i);
            copy.date = crate::model::Date::new(2024, 1 + i / 4, 1 + 7 * (i % 4)).unwrap();
            // Each issue keeps a different share of the items, so the lists differ by segment.
            copy.items.truncate(5 + usize::from(i));
            builder.add_issue(copy.clone(), &format!("{i}.txt")).unwrap();
            issues.push(copy);
        }
        (issues, builder.build().files.into_iter().collect())
    }

    /// Headline and body of every item, the texts totals are counted against.
    fn item_texts(issues: &[Issue]) -> Vec<String> {
        issues.iter().flat_map(|i| &i.items).map(|item| format!("{} {}", item.headline, item.body_text())).collect()
    }

    /// The total of `query` over an index whose files were all supplied.
    fn total_of(index: &Index, query: &str) -> usize {
        match index.search(query, &SearchOptions { limit: 0, ..SearchOptions::default() }).unwrap() {
            Step::Done(r) => r.total,
            Step::Need(names) => panic!("every file was supplied, yet {names:?}"),
        }
    }

    /// Words and characters of [`twenty_issues`]' texts for queries whose totals are checked.
    const WORDS: [&str; 5] = ["网络", "视听", "视频", "内容", "平台"];
    const CHARS: &str = "剧国的微网平视短年行业";

    /// An index of `files` with every file supplied.
    pub(super) fn open_all(files: &HashMap<String, Vec<u8>>) -> Index {
        let mut index = Index::open(&files[MANIFEST_NAME]).unwrap();
        assert_eq!(index.manifest.segments.len(), 2, "a base and a tail");
        for (name, bytes) in files.iter().filter(|(n, _)| *n != MANIFEST_NAME) {
            index.supply(name, bytes).unwrap();
        }
        index
    }

    /// The distinct CJK characters of `texts` (as analyzed), ascending.
    pub(super) fn cjk_chars(texts: impl Iterator<Item = String>) -> Vec<char> {
        let mut chars: Vec<char> = texts
            .flat_map(|t| units(&t))
            .filter_map(|u| match u.kind {
                UnitKind::Cjk(c) => Some(c),
                UnitKind::Word(_) => None,
            })
            .collect();
        chars.sort_unstable();
        chars.dedup();
        chars
    }

    #[test]
    fn a_character_beside_a_word_finds_every_item_holding_both() {
        let (issues, files) = twenty_issues();
        let index = open_all(&files);
        let texts = item_texts(&issues);
        let mut checked = 0;
        for word in WORDS {
            for c in CHARS.chars() {
                let expected = texts.iter().filter(|t| t.contains(word) && t.contains(c)).count();
                for query in [format!("{word} {c}"), format!("{c} {word}")] {
                    assert_eq!(total_of(&index, &query), expected, "{query}");
                }
                checked += usize::from(expected > 0);
            }
        }
        assert!(checked >= 20, "{checked} pairs found items");
    }

    #[test]
    fn an_excluded_character_removes_every_item_holding_it() {
        let (issues, files) = twenty_issues();
        let index = open_all(&files);
        let texts = item_texts(&issues);
        let mut checked = 0;
        for word in WORDS {
            let with = texts.iter().filter(|t| t.contains(word)).count();
            let excludes = |c: char| texts.iter().filter(|t| t.contains(word) && !t.contains(c)).count();
            // A character some of the word's items hold and some do not.
            let Some(c) = CHARS.chars().find(|&c| (1..with).contains(&excludes(c))) else {
                continue;
            };
            let expected = excludes(c);
            checked += 1;
            let query = format!("{word} -{c}");
            assert_eq!(total_of(&index, &query), expected, "{query}");
        }
        assert!(checked >= 3, "{checked} words checked");
    }

    #[test]
    fn a_character_reads_one_shard_per_segment_alone_or_beside_a_word() {
        let (_, files) = twenty_issues();
        let full = open_all(&files);
        // The character whose grams span the most shards.
        let gram_shards = |c: char| {
            let key = [&[crate::format::TAG_GRAM], c.to_string().as_bytes()].concat();
            let (lo, hi) = Index::piece_range(&Piece { offset: 0, key, prefix: true });
            full.manifest.shards_for_range(&lo, hi.as_deref()).0.len()
        };
        let c = ('\u{4e00}'..='\u{9fa5}').max_by_key(|&c| gram_shards(c)).unwrap();
        assert!(gram_shards(c) > 2, "{c}'s grams are in {} shards", gram_shards(c));
        // The term shards a query reads on a fresh engine, and its total.
        let read = |query: &str| {
            let mut index = Index::open(&files[MANIFEST_NAME]).unwrap();
            let mut shards = std::collections::BTreeSet::new();
            loop {
                match index.search(query, &SearchOptions::default()).unwrap() {
                    Step::Done(r) => break (shards, r.total),
                    Step::Need(names) => {
                        for f in names {
                            if f.starts_with("t-") {
                                shards.insert(f.clone());
                            }
                            index.supply(&f, &files[&f]).unwrap();
                        }
                    }
                }
            }
        };
        let (alone, total) = read(&c.to_string());
        assert!(total > 0);
        assert_eq!(alone.len(), 2, "{alone:?}");
        // Beside a word: the word's shards, and the character's one per segment.
        let (word, _) = read("网络");
        let (both, total) = read(&format!("网络 {c}"));
        assert!(total > 0);
        assert!(both.difference(&word).count() <= 2, "{both:?} beyond {word:?}");
    }
}
