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
//! `engine.js` fetches them for the Wasm engine; both run this same code.
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

use crate::analysis::{
    char_key, could_be_pinyin, decode_norm, fold_str, initials_key, pinyin_key, query_pieces, starts_key, token_key,
    units, word_key, Piece, UnitKind, BODY_BASE, TAG_TOKEN,
};
use crate::error::{Error, Result};
use crate::format::{DocBlock, FileRef, IssueEntry, ListedWord, Manifest, PostingList, TermShard, MANIFEST_NAME};
use crate::fuzzy::{edit_distance, prefix_edit_distance, suggestion_budget, typo_budget, Fuzzy};
use crate::model::Date;
use crate::order::{minor, ordered_bits, sort_key, sort_u32, sorted_keys};
use crate::query::{parse_query, Group, Query, Sort};
use crate::snippet::{highlight, snippet};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// The most [`Step::Need`]s one evaluation returns: each of its levels of lookups (the query's
/// terms; their pinyin and typo readings; the words those found; "did you mean" terms; their
/// words) may need key pages and then the shards they name, and the page of hits its doc blocks:
/// 11, and room to spare. A caller still asked for files after supplying this many rounds has
/// files that do not satisfy the manifest, and should stop.
pub const MAX_ROUNDS: usize = 16;

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
/// Factor for a word reached through its full pinyin (`weiduanju` → 微短剧).
const PINYIN_WEIGHT: f32 = 0.6;
/// Factor for a word reached through its unambiguous initials (`wdj` → 微短剧).
const INITIALS_WEIGHT: f32 = 0.5;
/// Factor for a word reached through a prefix of its pinyin while typing (`weiduan`).
const PINYIN_PREFIX_WEIGHT: f32 = 0.4;
/// Factor for a Latin token one edit away from the query word; halved per further edit.
const TYPO_WEIGHT: f32 = 0.4;
/// Letters a word being typed needs before it is read as a pinyin prefix or a misspelt prefix.
const OPEN_READING_MIN: usize = 3;
/// Readings (pinyin words, typo corrections) tried for one query word, the likeliest first.
const MAX_READINGS: usize = 16;
/// "Did you mean" suggestions returned for a query that finds nothing.
const MAX_SUGGESTIONS: usize = 5;
/// At most this much is added for recency (newest issue) relative to the oldest.
const RECENCY: f32 = 0.05;
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResponse {
    /// The query as given.
    pub query: String,
    /// Total hits (before paging).
    pub total: usize,
    /// The hits of the requested page.
    pub hits: Vec<Hit>,
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

/// The decoded (and, for a prefix, merged) postings of the pieces searched last, most recent
/// last, up to [`PieceCache::BYTES`] of lists. Typing extends a query by a character at a time, so
/// each keystroke repeats most of the pieces of the one before (微短 → 微短剧: the gram 微短),
/// and the lists of common grams are the larger part of a search's work to decode. Only the
/// postings of a piece whose shards were all supplied are kept: supplied files never change, so
/// a kept list stays true.
#[derive(Debug, Default)]
struct PieceCache {
    entries: Vec<(Vec<u8>, bool, Rc<PostingList>)>,
    bytes: usize,
}

impl PieceCache {
    /// At most this many bytes of lists (4 MiB: a few of the commonest grams at 100,000 items).
    const BYTES: usize = 4 << 20;
    /// At most this many lists (each lookup is a linear scan).
    const ENTRIES: usize = 64;

    fn get(&mut self, piece: &Piece) -> Option<Rc<PostingList>> {
        let at = self.entries.iter().position(|(key, prefix, _)| *prefix == piece.prefix && *key == piece.key)?;
        let entry = self.entries.remove(at);
        let list = entry.2.clone();
        self.entries.push(entry);
        Some(list)
    }

    fn put(&mut self, piece: &Piece, list: Rc<PostingList>) {
        let size = list.heap_bytes();
        if size > Self::BYTES {
            return;
        }
        self.bytes += size;
        self.entries.push((piece.key.clone(), piece.prefix, list));
        while self.bytes > Self::BYTES || self.entries.len() > Self::ENTRIES {
            let (_, _, old) = self.entries.remove(0);
            self.bytes -= old.heap_bytes();
        }
    }
}

/// A search evaluated up to the documents of its page.
#[derive(Debug)]
struct Evaluated {
    query: String,
    options: SearchOptions,
    total: usize,
    page: Vec<(f32, DocId)>,
    facets: [Vec<FacetCount>; 3],
    /// What to highlight in the hits.
    shown: Vec<Group>,
}

/// Occurrences of one group in one document.
#[derive(Debug, Clone, Copy)]
struct Occurrences<'a> {
    norm: u8,
    /// Start positions of the matched units (none from a character's counts, see
    /// [`Index::char_matches`]).
    starts: &'a [u32],
    /// Occurrences in the title and in the body.
    tf: [u32; 2],
    /// Units a match spans (for proximity).
    len: u32,
    /// Score factor: 1 for a verbatim match, less for a prefix or a reading of tier 2.
    weight: f32,
}

/// The documents one query group matches, ascending, with its occurrences in each. Stored by
/// column, the start positions of every document in one vector: a keystroke matches thousands of
/// documents, and a vector per document was an allocation each.
#[derive(Debug, Default)]
struct GroupMatches {
    docs: Vec<DocId>,
    norms: Vec<u8>,
    lens: Vec<u32>,
    weights: Vec<f32>,
    tfs: Vec<[u32; 2]>,
    /// Where each document's start positions end in `starts`.
    ends: Vec<u32>,
    starts: Vec<u32>,
}

impl GroupMatches {
    fn len(&self) -> usize {
        self.docs.len()
    }

    fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Appends a document (ids must ascend).
    fn push(&mut self, doc: DocId, o: Occurrences) {
        self.docs.push(doc);
        self.norms.push(o.norm);
        self.lens.push(o.len);
        self.weights.push(o.weight);
        self.tfs.push(o.tf);
        self.starts.extend_from_slice(o.starts);
        self.ends.push(self.starts.len() as u32);
    }

    /// The occurrences in the `i`th document.
    fn at(&self, i: usize) -> Occurrences<'_> {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        Occurrences {
            norm: self.norms[i],
            starts: &self.starts[start..self.ends[i] as usize],
            tf: self.tfs[i],
            len: self.lens[i],
            weight: self.weights[i],
        }
    }

    fn contains(&self, doc: DocId) -> bool {
        self.docs.binary_search(&doc).is_ok()
    }

    /// Both sets of matches; a document in both keeps the occurrences of higher weight (this
    /// side's on a tie).
    fn union(self, other: GroupMatches) -> GroupMatches {
        if other.is_empty() {
            return self;
        }
        let mut out = GroupMatches::default();
        let (mut i, mut j) = (0, 0);
        while i < self.len() || j < other.len() {
            let (x, y) = (self.docs.get(i), other.docs.get(j));
            match (x, y) {
                (Some(&d), Some(&e)) if d == e => {
                    let (p, q) = (self.at(i), other.at(j));
                    out.push(d, if q.weight > p.weight { q } else { p });
                    (i, j) = (i + 1, j + 1);
                }
                (Some(&d), Some(&e)) if e < d => {
                    out.push(e, other.at(j));
                    j += 1;
                }
                (Some(&d), _) => {
                    out.push(d, self.at(i));
                    i += 1;
                }
                (None, Some(&e)) => {
                    out.push(e, other.at(j));
                    j += 1;
                }
                (None, None) => break,
            }
        }
        out
    }
}

/// Which filter a facet ignores when it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Facet {
    Section,
    Issue,
    Date,
}

/// A term the index holds, found for a word that was not: a reading or a suggestion.
#[derive(Debug, Clone)]
struct Candidate {
    /// The term as a query word would be typed (a Latin token or a CJK word).
    text: String,
    /// Score factor of a reading.
    weight: f32,
    /// Edits from the query word (0 for pinyin).
    distance: usize,
    /// Documents containing the term.
    doc_count: usize,
}

impl Index {
    /// Opens an index from its manifest's bytes.
    pub fn open(manifest: &[u8]) -> Result<Index> {
        let manifest = Manifest::from_bytes(MANIFEST_NAME, manifest)?;
        let shards = manifest.term_shards.iter().map(|_| None).collect();
        let blocks = manifest.doc_blocks.iter().map(|_| None).collect();
        let avg = manifest.avg_body_len.max(1.0);
        let body_norms = std::array::from_fn(|norm| 1.0 - B + B * decode_norm(norm as u8) / avg);
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
            Some((FileRef::TERM_SHARD, i)) => {
                let shard = TermShard::from_bytes(file, bytes)?;
                self.manifest.term_shards[i].1.verify(bytes)?;
                self.shards[i] = Some(shard);
            }
            Some((FileRef::KEY_PAGE, p)) => self.manifest.supply_page(p, file, bytes)?,
            Some((_, i)) => {
                let block = DocBlock::from_bytes(file, bytes, self.manifest.doc_blocks[i].0)?;
                self.manifest.doc_blocks[i].1.verify(bytes)?;
                self.blocks[i] = Some(block);
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
        out.extend(self.manifest.term_shards.iter().map(|(_, r)| r.name()));
        out.extend(self.manifest.doc_blocks.iter().map(|(_, r)| r.name()));
        out.extend(self.manifest.key_pages.iter().map(|p| p.file.name()));
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

    /// Shards needed for the key range, with the missing ones (or the key pages that name them)
    /// pushed to `need`.
    fn shards_for(&self, lo: &[u8], hi: Option<&[u8]>, need: &mut Need) -> Vec<&TermShard> {
        self.shards_in(lo, hi, need).0
    }

    /// The term `key` in each segment that holds it: its shard and its offset there (in segment
    /// order, so documents ascend), with the missing shards (or key pages) pushed to `need`.
    fn term<'a>(&'a self, key: &'a [u8], need: &mut Need) -> impl Iterator<Item = (&'a TermShard, u64)> {
        let mut hi = key.to_vec();
        hi.push(0);
        self.shards_for(key, Some(&hi), need).into_iter().filter_map(move |s| Some((s, s.get(key)?)))
    }

    /// [`Self::shards_for`], and whether none was missing.
    fn shards_in(&self, lo: &[u8], hi: Option<&[u8]>, need: &mut Need) -> (Vec<&TermShard>, bool) {
        let mut out = Vec::new();
        let (shards, pages) = self.manifest.shards_for_range(lo, hi);
        let mut complete = pages.is_empty();
        need.extend(pages.into_iter().map(|p| self.manifest.key_pages[p].file.name()));
        for i in shards {
            match &self.shards[i] {
                Some(s) => out.push(s),
                None => {
                    complete = false;
                    need.insert(self.manifest.term_shards[i].1.name());
                }
            }
        }
        (out, complete)
    }

    /// Union of the postings of every term a piece matches (a prefix piece matches many), from
    /// the cache of recent pieces when it is there.
    fn piece_postings(&self, piece: &Piece, need: &mut Need) -> Result<Rc<PostingList>> {
        if let Some(list) = self.pieces.borrow_mut().get(piece) {
            return Ok(list);
        }
        let (lo, hi) = Self::piece_range(piece);
        let (shards, complete) = self.shards_in(&lo, hi.as_deref(), need);
        let list = Rc::new(Self::merged_postings(piece, &lo, hi.as_deref(), &shards)?);
        if complete {
            self.pieces.borrow_mut().put(piece, list.clone());
        }
        Ok(list)
    }

    /// Union of the postings of every term of `shards` a piece matches.
    fn merged_postings(piece: &Piece, lo: &[u8], hi: Option<&[u8]>, shards: &[&TermShard]) -> Result<PostingList> {
        let mut lists = Vec::new();
        for shard in shards {
            let terms = if piece.prefix {
                shard.range(lo, hi)
            } else {
                shard.get(&piece.key).map(|o| vec![(piece.key.clone(), o)]).unwrap_or_default()
            };
            for (_, offset) in terms {
                lists.push(shard.postings(offset)?);
            }
        }
        if lists.len() <= 1 {
            return Ok(lists.pop().unwrap_or_default());
        }
        // Every entry of every list by doc (a doc's norm is the same in all of them); a doc in
        // several lists gets the union of its positions.
        let entries: Vec<(DocId, u8, &[u32])> = lists.iter().flat_map(PostingList::iter).collect();
        let by_doc = sorted_keys(entries.iter().enumerate().map(|(i, e)| sort_key(e.0, i as u32)));
        let entries: Vec<(DocId, u8, &[u32])> = by_doc.iter().map(|&k| entries[minor(k) as usize]).collect();
        let mut out = PostingList::with_capacity(entries.len());
        let mut merged = Vec::new();
        for same_doc in entries.chunk_by(|a, b| a.0 == b.0) {
            let (doc, norm, positions) = same_doc[0];
            if same_doc.len() == 1 {
                out.push(doc, norm, positions);
            } else {
                merged.clear();
                for e in same_doc {
                    merged.extend_from_slice(e.2);
                }
                sort_u32(&mut merged);
                merged.dedup();
                out.push(doc, norm, &merged);
            }
        }
        Ok(out)
    }

    /// Documents where all pieces occur at their offsets, with the start positions: added to
    /// `out` with a match length of `len` and `weight`.
    fn match_pieces(
        &self,
        pieces: &[Piece],
        (len, weight): (u32, f32),
        out: &mut GroupMatches,
        need: &mut Need,
    ) -> Result<()> {
        let mut lists = Vec::with_capacity(pieces.len());
        for p in pieces {
            lists.push(self.piece_postings(p, need)?);
        }
        let Some((first, rest)) = lists.split_first() else { return Ok(()) };
        let span = pieces.last().map_or(0, |p| p.offset);
        // Every list ascends by doc: one cursor per other list walks forward with the first.
        let mut cursors = vec![0usize; rest.len()];
        let mut others: Vec<&[u32]> = Vec::with_capacity(rest.len());
        let mut starts: Vec<u32> = Vec::new();
        'docs: for (doc, norm, positions) in first.iter() {
            others.clear();
            for (list, at) in rest.iter().zip(&mut cursors) {
                *at += count_below(&list.docs[*at..], doc);
                if list.docs.get(*at) != Some(&doc) {
                    continue 'docs;
                }
                others.push(list.positions(*at));
            }
            starts.clear();
            starts.extend(positions.iter().copied().filter(|&s| {
                others
                    .iter()
                    .zip(&pieces[1..])
                    .all(|(ps, piece)| s.checked_add(piece.offset).is_some_and(|want| ps.binary_search(&want).is_ok()))
                    && (s < BODY_BASE) == (s + span < BODY_BASE)
            }));
            if !starts.is_empty() {
                let title_tf = starts.partition_point(|&s| s < BODY_BASE) as u32;
                let tf = [title_tf, starts.len() as u32 - title_tf];
                out.push(doc, Occurrences { norm, starts: &starts, tf, len, weight });
            }
        }
        Ok(())
    }

    /// Matches of a group: exact matches, plus prefix-only matches of an open last Latin token.
    fn match_group(&self, group: &Group, need: &mut Need) -> Result<GroupMatches> {
        let len = group.units.len() as u32;
        let matches = |pieces: &[Piece], weight: f32, need: &mut Need| -> Result<GroupMatches> {
            let mut out = GroupMatches::default();
            self.match_pieces(pieces, (len, weight), &mut out, need)?;
            Ok(out)
        };
        let exact = matches(&query_pieces(&group.units, false), 1.0, need)?;
        let open_latin = group.prefix && matches!(group.units.last().map(|u| &u.kind), Some(UnitKind::Word(_)));
        if !open_latin {
            return Ok(exact);
        }
        Ok(exact.union(matches(&query_pieces(&group.units, true), PREFIX_PENALTY, need)?))
    }

    /// The matches of one CJK character from its `c` term: every document holding it, with its
    /// counts and no positions. What [`Self::match_group`] finds for a lone character (every gram
    /// starting with it), but for the positions: a query word of one character is matched and
    /// scored by its counts only, and an excluded one needs its documents only.
    fn char_matches(&self, c: char, need: &mut Need) -> Result<GroupMatches> {
        let mut out = GroupMatches::default();
        for (shard, offset) in self.term(&char_key(c), need) {
            for p in shard.char_postings(offset)? {
                out.push(
                    p.doc,
                    Occurrences { norm: p.norm, starts: &[], tf: [p.title_tf, p.body_tf], len: 1, weight: 1.0 },
                );
            }
        }
        Ok(out)
    }

    /// Docs in which the group is a whole segmenter word (only for single CJK runs).
    fn whole_word_docs(&self, group: &Group, need: &mut Need) -> Result<Vec<DocId>> {
        match cjk_run(group).filter(|r| r.chars().count() >= 2) {
            Some(run) => self.word_docs(&run, need),
            None => Ok(Vec::new()),
        }
    }

    /// The word lists of the terms `key` (or of every term starting with it: `prefix`): pinyin,
    /// initials, or the words that start with a character.
    fn word_lists(&self, key: &[u8], prefix: bool, need: &mut Need) -> Result<Vec<ListedWord>> {
        let (lo, hi) = Self::piece_range(&Piece { offset: 0, key: key.to_vec(), prefix });
        let mut out = Vec::new();
        for shard in self.shards_for(&lo, hi.as_deref(), need) {
            for (_, offset) in shard.range(&lo, hi.as_deref()) {
                out.extend(shard.word_list(offset)?);
            }
        }
        Ok(add_up(out))
    }

    /// Terms `prefix` + s with s within `max` edits of `word` (with a prefix of s that close,
    /// when `open`): (s, edits, where its values are: (shard, offset) in each segment holding it).
    fn fuzzy_terms(&self, prefix: &[u8], word: &str, max: u8, open: bool, need: &mut Need) -> Vec<FuzzyTerm<'_>> {
        let hi = prefix_successor(prefix);
        let automaton = if open { Fuzzy::prefix(prefix, word, max) } else { Fuzzy::new(prefix, word, max) };
        let mut out: Vec<FuzzyTerm> = Vec::new();
        for shard in self.shards_for(prefix, hi.as_deref(), need) {
            for (key, offset) in shard.search(automaton.clone(), prefix, hi.as_deref()) {
                let Ok(rest) = std::str::from_utf8(&key[prefix.len()..]) else { continue };
                // The same term in a later segment: one more place (segments come in doc order).
                if let Some(found) = out.iter_mut().find(|f| f.0 == rest) {
                    found.2.push((shard, offset));
                    continue;
                }
                let distance = if open { prefix_edit_distance(word, rest) } else { edit_distance(rest, word) };
                out.push((rest.to_string(), distance, vec![(shard, offset)]));
            }
        }
        out
    }

    /// Tier 2 (see the module docs): the indexed words a Latin query word that found nothing as
    /// typed may stand for, likeliest first.
    fn readings(&self, group: &Group, need: &mut Need) -> Result<Vec<Candidate>> {
        let Some(word) = single_word(group) else { return Ok(Vec::new()) };
        let mut found = Vec::new();
        if could_be_pinyin(word) && word.len() >= 2 {
            let mut lists = vec![
                (self.word_lists(&pinyin_key(word), false, need)?, PINYIN_WEIGHT),
                (self.word_lists(&initials_key(word), false, need)?, INITIALS_WEIGHT),
            ];
            if group.prefix && word.len() >= OPEN_READING_MIN {
                lists.push((self.word_lists(&pinyin_key(word), true, need)?, PINYIN_PREFIX_WEIGHT));
            }
            for (list, weight) in lists {
                found.extend(list.into_iter().map(|l| Candidate {
                    text: l.word,
                    weight,
                    distance: 0,
                    doc_count: l.doc_count as usize,
                }));
            }
        }
        let budget = typo_budget(word.chars().count());
        if budget > 0 && !word.chars().any(char::is_numeric) {
            let open = group.prefix && word.len() >= OPEN_READING_MIN;
            for (token, distance, places) in self.fuzzy_terms(&[TAG_TOKEN], word, budget, open, need) {
                if distance > 0 {
                    let mut weight = TYPO_WEIGHT / (1u32 << (distance - 1).min(8)) as f32;
                    if open && edit_distance(&token, word) > distance {
                        // Only a prefix of the token is that close: a completion of a typo.
                        weight *= PREFIX_PENALTY;
                    }
                    let mut doc_count = 0;
                    for (shard, offset) in places {
                        doc_count += shard.doc_count(offset)?;
                    }
                    found.push(Candidate { text: token, weight, distance, doc_count });
                }
            }
        }
        Ok(best_candidates(found, MAX_READINGS))
    }

    /// The documents of a `w` word (where the segmenter saw it), ascending.
    fn word_docs(&self, word: &str, need: &mut Need) -> Result<Vec<DocId>> {
        let mut out = Vec::new();
        for (shard, offset) in self.term(&word_key(word), need) {
            out.extend(shard.word_postings(offset)?.into_iter().map(|p| p.doc));
        }
        Ok(out)
    }

    /// Existing terms close to a group that found nothing, for "did you mean", with the documents
    /// holding each: Latin tokens within [`suggestion_budget`] edits of a Latin word, and the
    /// words of pinyin spellings that close (after the first letter, which must be right); `w`
    /// words one edit from a CJK run (after its first character, which must be right).
    fn closest_terms(&self, group: &Group, need: &mut Need) -> Result<Vec<(Candidate, Vec<DocId>)>> {
        let mut found = Vec::new();
        let close = |text: String, distance: usize, docs: Vec<DocId>| {
            (Candidate { text, weight: 0.0, distance, doc_count: docs.len() }, docs)
        };
        if let Some(word) = single_word(group) {
            let budget = suggestion_budget(word.chars().count());
            if budget == 0 {
                return Ok(found);
            }
            for (token, distance, places) in self.fuzzy_terms(&[TAG_TOKEN], word, budget, false, need) {
                if distance > 0 {
                    let mut docs = Vec::new();
                    for (shard, offset) in places {
                        docs.extend(shard.postings(offset)?.docs);
                    }
                    found.push(close(token, distance, docs));
                }
            }
            // (`split_at_checked`: an ASCII word splits anywhere, and the panic path of
            // `split_at` would add its formatting to the Wasm module.)
            if let Some((first, rest)) = word.split_at_checked(1).filter(|_| could_be_pinyin(word)) {
                // Spellings with the same first letter only: the `p` range is the largest of the
                // index, and this bounds the shards a query that finds nothing fetches.
                let mut words: Vec<(String, usize)> = Vec::new();
                let prefix = pinyin_key(first);
                for (_, distance, places) in self.fuzzy_terms(&prefix, rest, budget, false, need) {
                    for (shard, offset) in places {
                        for l in shard.word_list(offset)? {
                            if !words.iter().any(|(w, _)| *w == l.word) {
                                words.push((l.word, distance));
                            }
                        }
                    }
                }
                for (w, distance) in words {
                    let docs = self.word_docs(&w, need)?;
                    found.push(close(w, distance, docs));
                }
            }
        } else if let Some(run) = cjk_run(group).filter(|r| r.chars().count() >= 2) {
            let mut chars = run.chars();
            let Some(first) = chars.next() else { return Ok(found) };
            let rest: String = chars.collect();
            let mut prefix = word_key("");
            prefix.extend_from_slice(first.encode_utf8(&mut [0u8; 4]).as_bytes());
            for (tail, distance, places) in self.fuzzy_terms(&prefix, &rest, 1, false, need) {
                if distance > 0 {
                    let mut docs = Vec::new();
                    for (shard, offset) in places {
                        docs.extend(shard.word_postings(offset)?.into_iter().map(|p| p.doc));
                    }
                    let mut word = String::from(first);
                    word.push_str(&tail);
                    found.push(close(word, distance, docs));
                }
            }
        }
        // Only the closest: a term two edits away is no suggestion when one is one edit away.
        let best = best_candidates(found.iter().map(|(c, _)| c.clone()).collect(), usize::MAX);
        let closest = best.first().map_or(0, |c| c.distance);
        Ok(best
            .into_iter()
            .filter(|c| c.distance == closest)
            .filter_map(|c| found.iter().find(|(f, _)| f.text == c.text).cloned())
            .collect())
    }

    /// "Did you mean" for a query that found nothing: queries with each word that found nothing
    /// replaced by a close term (see [`Self::closest_terms`]) such that the new query finds
    /// something in `scope` (the documents that pass the other words, exclusions and filters),
    /// and each word found only through a reading (pinyin, a typo) replaced by that reading. The
    /// first such word with close terms varies over them, the others take their best that still
    /// finds something; a word nothing is close to is left out.
    fn suggestions(
        &self,
        query: &str,
        q: &Query,
        matches: &[GroupMatches],
        shown: &[Vec<Group>],
        scope: &[DocId],
        need: &mut Need,
    ) -> Result<Vec<String>> {
        // Per query word: its close terms if it found nothing, else the reading it was found by.
        let mut closest = Vec::new();
        let mut read: Vec<Option<&str>> = Vec::new();
        for ((g, m), shown) in q.groups.iter().zip(matches).zip(shown) {
            let reading = shown.first().filter(|s| !m.is_empty() && s.span.is_empty());
            read.push(reading.map(|s| s.text.as_str()));
            closest.push(if m.is_empty() { Some(self.closest_terms(g, need)?) } else { None });
        }
        let mut out = Vec::new();
        let Some(lead) = closest.iter().position(|c| c.as_ref().is_some_and(|t| !t.is_empty())) else {
            return Ok(out);
        };
        for (candidate, docs) in closest[lead].iter().flatten() {
            let mut left = intersect(docs, scope);
            if left.is_empty() {
                continue;
            }
            // What replaces each word (None: it stays as typed), in query order.
            let mut with: Vec<Option<&str>> = read.clone();
            with[lead] = Some(candidate.text.as_str());
            let mut found_together = true;
            for (gi, terms) in closest.iter().enumerate() {
                let Some(terms) = terms.as_ref().filter(|_| gi != lead) else { continue };
                match terms.iter().find(|(_, d)| !intersect(d, &left).is_empty()) {
                    Some((c, d)) => {
                        left = intersect(&left, d);
                        with[gi] = Some(c.text.as_str());
                    }
                    // Nothing is close to this word: the suggestion goes without it.
                    None if terms.is_empty() => with[gi] = Some(""),
                    None => found_together = false,
                }
            }
            if !found_together {
                continue;
            }
            let mut text = String::new();
            let mut at = 0;
            for (g, w) in q.groups.iter().zip(&with) {
                if let (Some(w), Some(before)) = (w, query.get(at..g.span.start)) {
                    text.push_str(before);
                    text.push_str(w);
                    at = g.span.end;
                }
            }
            text.push_str(query.get(at..).unwrap_or(""));
            let mut tidy = String::new();
            for word in text.split_whitespace() {
                if !tidy.is_empty() {
                    tidy.push(' ');
                }
                tidy.push_str(word);
            }
            if !out.contains(&tidy) {
                out.push(tidy);
            }
            if out.len() == MAX_SUGGESTIONS {
                break;
            }
        }
        Ok(out)
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

    /// The query's filters, except the one a facet counting across its values ignores.
    fn passes_filters(&self, doc: DocId, q: &Query, ignore: Option<Facet>) -> bool {
        if !q.has_filters() {
            return true;
        }
        let (Some(issue), Some(section)) = (self.manifest.issue_of(doc), self.manifest.section_of(doc)) else {
            return false;
        };
        self.passes_filters_in(issue, section, q, ignore)
    }

    /// [`Self::passes_filters`] for the documents of `section` in `issue`.
    fn passes_filters_in(&self, issue: &IssueEntry, section: u32, q: &Query, ignore: Option<Facet>) -> bool {
        if ignore != Some(Facet::Issue) && q.issues.is_some_and(|(lo, hi)| !(lo..=hi).contains(&issue.number)) {
            return false;
        }
        if ignore != Some(Facet::Date)
            && (q.date_from.is_some_and(|d| issue.date_days < d.days())
                || q.date_to.is_some_and(|d| issue.date_days > d.days()))
        {
            return false;
        }
        if ignore != Some(Facet::Section) {
            if let Some(wanted) = &q.section {
                let name = self.manifest.sections.get(section as usize);
                if name.is_none_or(|name| fold_str(name) != fold_str(wanted)) {
                    return false;
                }
            }
        }
        true
    }

    /// Counts of `docs` (ascending) per section, issue and year, each counting the documents
    /// that pass every filter but its own.
    fn facets(&self, docs: &[DocId], q: &Query) -> [Vec<FacetCount>; 3] {
        // Documents per run of a section in an issue (issues are ascending doc ranges and their
        // runs tile them): the filters hold or fail for a whole run at once.
        let mut runs: Vec<(&IssueEntry, u32, usize)> = Vec::new();
        let mut rest = docs;
        while let Some(&first) = rest.first() {
            let Some(issue) = self.manifest.issue_of(first) else {
                rest = &rest[1..];
                continue;
            };
            let mut end = issue.first_doc;
            let before = rest.len();
            for &(section, n) in &issue.runs {
                end += n;
                let k = count_below(rest, end);
                if k > 0 {
                    runs.push((issue, section, k));
                    rest = &rest[k..];
                }
            }
            if rest.len() == before {
                rest = &rest[1..];
            }
        }
        [Facet::Section, Facet::Issue, Facet::Date].map(|facet| {
            // Counted by key, ascending: sections by id (then by count, below), issues and years
            // newest first (complemented; a year's sign bit flipped first so that it orders as a
            // u32); each key's text is made once, at the end.
            const SIGN: u32 = 1 << 31;
            let year_key = |year: i32| !(year as u32 ^ SIGN);
            let passing = runs.iter().filter(|r| self.passes_filters_in(r.0, r.1, q, Some(facet)));
            let mut counts: Vec<(u32, usize)> = Vec::new();
            if facet == Facet::Section {
                // A handful of sections: counted in place, by id.
                let mut by_id = vec![0; self.manifest.sections.len()];
                for &(_, section, n) in passing {
                    if let Some(count) = by_id.get_mut(section as usize) {
                        *count += n;
                    }
                }
                counts.extend(by_id.into_iter().enumerate().filter(|&(_, n)| n > 0).map(|(id, n)| (id as u32, n)));
            } else {
                // Adjacent runs of one issue (and of one year: issues are in doc order) add up
                // first, so the sort (see crate::order) has a key per issue or year, not one per
                // run (an issue has a run per section it holds).
                let mut keyed: Vec<(u32, usize)> = Vec::new();
                let mut last_issue = None;
                let mut key = 0;
                for &(issue, _, n) in passing {
                    if last_issue != Some(issue.first_doc) {
                        last_issue = Some(issue.first_doc);
                        key = match facet {
                            Facet::Issue => !issue.number,
                            _ => year_key(civil_from_days(issue.date_days).0),
                        };
                    }
                    add_count(&mut keyed, key, n);
                }
                for k in sorted_keys(keyed.iter().enumerate().map(|(i, &(key, _))| sort_key(key, i as u32))) {
                    add_count(&mut counts, (k >> 32) as u32, keyed[minor(k) as usize].1);
                }
            }
            // Issues and years come newest first: only the first few are made, and those the
            // query's own filter selects (its chips stay, with their counts).
            let selected = |key: u32| match facet {
                Facet::Section => true,
                Facet::Issue => q.issues.is_some_and(|(lo, hi)| (lo..=hi).contains(&!key)),
                Facet::Date => {
                    (q.date_from.is_some() || q.date_to.is_some())
                        && q.date_from.is_none_or(|d| year_key(i32::from(d.year)) >= key)
                        && q.date_to.is_none_or(|d| key >= year_key(i32::from(d.year)))
                }
            };
            let mut out: Vec<FacetCount> = counts
                .into_iter()
                .enumerate()
                .filter(|&(i, (key, _))| facet == Facet::Section || i < MAX_FACET_VALUES || selected(key))
                .filter_map(|(_, (key, count))| {
                    let value = match facet {
                        Facet::Section => self.manifest.sections.get(key as usize)?.clone(),
                        Facet::Issue => (!key).to_string(),
                        Facet::Date => ((!key ^ SIGN) as i32).to_string(),
                    };
                    Some(FacetCount { value, count })
                })
                .collect();
            if facet == Facet::Section {
                // Most documents first, then by name. A handful of sections: sorted by insertion
                // (a `sort_by` would add a copy of the sort code for this type).
                let before = |a: &FacetCount, b: &FacetCount| (b.count, &a.value) < (a.count, &b.value);
                for i in 1..out.len() {
                    let mut j = i;
                    while j > 0 && before(&out[j], &out[j - 1]) {
                        out.swap(j, j - 1);
                        j -= 1;
                    }
                }
                out.truncate(MAX_FACET_VALUES);
            }
            out
        })
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
        let response = |total, hits, facets: [Vec<FacetCount>; 3], suggestions| {
            let [sections, issues, years] = facets;
            SearchResponse { query: query.to_string(), total, hits, sections, issues, years, suggestions }
        };
        if q.is_empty() || options.limit == 0 && options.offset == 0 && q.groups.is_empty() && !q.has_filters() {
            return Ok(Step::Done(response(0, vec![], Default::default(), vec![])));
        }

        // Tier 1: every word as typed.
        let mut need = Need::default();
        let mut matches = Vec::with_capacity(q.groups.len());
        let mut whole = Vec::with_capacity(q.groups.len());
        for g in &q.groups {
            matches.push(match lone_char(g) {
                // A character counts by its title and body counts, without positions: alone in the
                // query it has nothing to be near; beside other words its proximity is not scored
                // (its positions are every gram starting with it, hundreds of kilobytes for a
                // common character at 100,000 items, read while the next word is being typed).
                Some(c) => self.char_matches(c, &mut need)?,
                None => self.match_group(g, &mut need)?,
            });
            whole.push(self.whole_word_docs(g, &mut need)?);
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

        // Tier 2: the words that found nothing, read as pinyin, initials or with typos.
        let mut readings = Vec::with_capacity(q.groups.len());
        for (g, m) in q.groups.iter().zip(&matches) {
            readings.push(if m.is_empty() { self.readings(g, &mut need)? } else { Vec::new() });
        }
        if !need.is_empty() {
            return Ok(Step::Need(need.0));
        }
        // What to highlight for each word: the word, or the readings that found it.
        let mut shown: Vec<Vec<Group>> = q.groups.iter().map(|g| vec![g.clone()]).collect();
        for (gi, found) in readings.iter().enumerate().filter(|(_, r)| !r.is_empty()) {
            shown[gi].clear();
            for reading in found {
                let group =
                    Group { text: reading.text.clone(), units: units(&reading.text), prefix: false, span: 0..0 };
                let mut found = self.match_group(&group, &mut need)?;
                if found.is_empty() {
                    continue;
                }
                for w in &mut found.weights {
                    *w *= reading.weight;
                }
                matches[gi] = std::mem::take(&mut matches[gi]).union(found);
                shown[gi].push(group);
            }
        }
        if !need.is_empty() {
            return Ok(Step::Need(need.0));
        }

        // Candidates: docs matching every group (all docs when only filters were given).
        let base: Vec<DocId> = match matches.split_first() {
            None => (0..self.manifest.doc_count).collect(),
            Some((first, rest)) => first.docs.iter().copied().filter(|&d| rest.iter().all(|m| m.contains(d))).collect(),
        };
        let base: Vec<DocId> = base.into_iter().filter(|d| excluded.binary_search(d).is_err()).collect();
        let facets = self.facets(&base, &q);

        let (min_day, max_day) = (
            self.manifest.issues.first().map_or(0, |i| i.date_days),
            self.manifest.issues.last().map_or(0, |i| i.date_days),
        );
        let n = self.manifest.doc_count as f32;
        let idfs: Vec<f32> = matches.iter().map(|m| idf(n, m.len() as f32)).collect();
        // (Documents ascend here and in `order_keys`: their issues are walked, not searched.)
        let mut issue_at = 0;
        // One cursor per group into its documents and its whole-word documents: `base` ascends
        // and is within every group's documents, so each cursor steps through its list once
        // instead of a binary search per document.
        let mut at = vec![(0usize, 0usize); matches.len()];
        let mut found: Vec<Option<Occurrences>> = Vec::with_capacity(matches.len());
        let scored: Vec<(f32, DocId)> = base
            .into_iter()
            .filter(|&d| self.passes_filters(d, &q, None))
            .map(|d| {
                let mut score = 0.0;
                found.clear();
                for (gi, m) in matches.iter().enumerate() {
                    let (i, w) = &mut at[gi];
                    *i = step_to(&m.docs, *i, d);
                    let o = (m.docs.get(*i) == Some(&d)).then(|| m.at(*i));
                    if let Some(o) = o {
                        *w = step_to(&whole[gi], *w, d);
                        score += self.group_score(o, idfs[gi], whole[gi].get(*w) == Some(&d));
                    }
                    found.push(o);
                }
                for gi in 1..matches.len() {
                    // (A lone character's matches carry no positions: nothing to measure.)
                    let both = found[gi - 1].zip(found[gi]);
                    if let Some((a, b)) = both.filter(|(a, b)| !a.starts.is_empty() && !b.starts.is_empty()) {
                        let gap = min_gap(a.starts, b.starts, a.len);
                        score += 0.5 * idfs[gi - 1].min(idfs[gi]) * a.weight.min(b.weight) / (1.0 + gap as f32);
                    }
                }
                if max_day > min_day {
                    let day = self.manifest.issue_of_ascending(&mut issue_at, d).map_or(0, |i| i.date_days);
                    score *= 1.0 + RECENCY * (day - min_day) as f32 / (max_day - min_day) as f32;
                }
                (score, d)
            })
            .collect();
        let by_relevance = matches!(sort, Sort::Relevance) && !q.groups.is_empty();
        // The order as keys: by relevance, highest score first, then the later document; by
        // date, newest issue first, then item order. `scored` is in document order, so its
        // index stands for the document (both orders are total: no ties).
        issue_at = 0;
        let order_keys = scored.iter().enumerate().map(|(i, &(score, d))| {
            if by_relevance {
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
        if total == 0 {
            // The documents every word that did find something agrees on, within the filters.
            let scope: Vec<DocId> = (0..self.manifest.doc_count)
                .filter(|&d| matches.iter().all(|m| m.is_empty() || m.contains(d)))
                .filter(|d| excluded.binary_search(d).is_err() && self.passes_filters(*d, &q, None))
                .collect();
            let suggestions = self.suggestions(query, &q, &matches, &shown, &scope, &mut need)?;
            if !need.is_empty() {
                return Ok(Step::Need(need.0));
            }
            return Ok(Step::Done(response(0, vec![], facets, suggestions)));
        }
        let page: Vec<(f32, DocId)> = scored.into_iter().skip(options.offset).take(options.limit).collect();
        self.answer(Evaluated {
            query: query.to_string(),
            options: options.clone(),
            total,
            page,
            facets,
            shown: shown.concat(),
        })
    }

    /// The hits of an evaluated search, or the doc blocks they need (keeping the evaluation).
    fn answer(&self, evaluated: Evaluated) -> Result<Step> {
        let mut need = Need::default();
        for &(_, d) in &evaluated.page {
            self.block_of(d, &mut need);
        }
        if !need.is_empty() {
            *self.pending.borrow_mut() = Some(evaluated);
            return Ok(Step::Need(need.0));
        }
        let Evaluated { query, total, page, facets: [sections, issues, years], shown, .. } = evaluated;
        let mut hits = Vec::with_capacity(page.len());
        for (score, d) in page {
            hits.push(self.hit(d, score, &shown)?);
        }
        Ok(Step::Done(SearchResponse { query, total, hits, sections, issues, years, suggestions: Vec::new() }))
    }

    /// Completions of the last word of `input` from the index vocabulary (Latin tokens and the
    /// segmenter's words), most frequent first; never the word itself. A Latin word that no
    /// token starts with is completed as pinyin instead, to the words it spells (`weid` →
    /// 微短剧). A single CJK character completes to the words of its `s` lists: of the words
    /// that start with it, the [`crate::analysis::STARTS_WORDS`] in the most documents of each
    /// segment (so at most that many, and a word's count is summed over the segments where it is
    /// among them).
    pub fn complete(&self, input: &str, limit: usize) -> Result<Step<Vec<Completion>>> {
        let trimmed = input.trim_end();
        if trimmed.len() != input.len() || limit == 0 {
            return Ok(Step::Done(vec![]));
        }
        let q = parse_query(input);
        let Some(last) = q.groups.last().filter(|g| g.prefix) else { return Ok(Step::Done(vec![])) };
        let latin = single_word(last);
        let key = match (latin, cjk_run(last)) {
            (Some(w), _) => token_key(w),
            (None, Some(run)) => word_key(&run),
            (None, None) => return Ok(Step::Done(vec![])),
        };
        let mut need = Need::default();
        let mut found: Vec<ListedWord> = Vec::new();
        if let Some(c) = lone_char(last) {
            // One character: its list of the words in the most documents, not every word's
            // postings.
            found = self.word_lists(&starts_key(c), false, &mut need)?;
        } else {
            let hi = prefix_successor(&key);
            for shard in self.shards_for(&key, hi.as_deref(), &mut need) {
                for (term, offset) in shard.range(&key, hi.as_deref()) {
                    if term == key {
                        continue;
                    }
                    let doc_count = shard.doc_count(offset)? as u32;
                    if let Ok(word) = String::from_utf8(term[1..].to_vec()) {
                        found.push(ListedWord { word, doc_count });
                    }
                }
            }
        }
        if !need.is_empty() {
            return Ok(Step::Need(need.0));
        }
        if let Some(w) = latin.filter(|w| found.is_empty() && could_be_pinyin(w) && w.len() >= 2) {
            found = self.word_lists(&pinyin_key(w), true, &mut need)?;
            if !need.is_empty() {
                return Ok(Step::Need(need.0));
            }
        }
        let Some(head) = trimmed.strip_suffix(last.text.as_str()) else { return Ok(Step::Done(vec![])) };
        // Each word's documents summed (over segments and spellings), in word order (a map); then
        // most documents first, by keys.
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for l in found {
            *counts.entry(l.word).or_insert(0) += l.doc_count as usize;
        }
        let words: Vec<(String, usize)> = counts.into_iter().collect();
        let by_count = sorted_keys(words.iter().enumerate().map(|(i, w)| sort_key(!(w.1 as u32), i as u32)));
        Ok(Step::Done(
            by_count
                .iter()
                .take(limit)
                .map(|&k| {
                    let (word, count) = &words[minor(k) as usize];
                    Completion { query: format!("{head}{word}"), word: word.clone(), count: *count }
                })
                .collect(),
        ))
    }

    fn group_score(&self, o: Occurrences, idf: f32, whole_word: bool) -> f32 {
        let [title_tf, body_tf] = o.tf.map(|n| n as f32);
        let tf = TITLE_WEIGHT * title_tf.min(2.0) + body_tf / self.body_norms[usize::from(o.norm)];
        let mut s = idf * tf * (K1 + 1.0) / (tf + K1);
        if title_tf > 0.0 {
            s += idf * TITLE_BONUS;
        }
        if whole_word {
            s *= WHOLE_WORD_BONUS;
        }
        s * o.weight
    }

    fn hit(&self, doc: DocId, score: f32, groups: &[Group]) -> Result<Hit> {
        let missing = || Error::MissingFile {
            file: self.manifest.doc_blocks.get(self.manifest.block_of(doc)).map_or_else(String::new, |b| b.1.name()),
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

/// The character of a group of one CJK character.
fn lone_char(group: &Group) -> Option<char> {
    match group.units.as_slice() {
        [unit] => match unit.kind {
            UnitKind::Cjk(c) => Some(c),
            UnitKind::Word(_) => None,
        },
        _ => None,
    }
}

/// The query word of a group that is one Latin/number token (`turbo`, `weiduanju`), if it is.
fn single_word(group: &Group) -> Option<&str> {
    match group.units.as_slice() {
        [u] => match &u.kind {
            UnitKind::Word(w) if u.compound.is_none() => Some(w.as_str()),
            _ => None,
        },
        _ => None,
    }
}

/// The characters of a group that is one unbroken CJK run (folded), if it is.
fn cjk_run(group: &Group) -> Option<String> {
    group
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| match u.kind {
            UnitKind::Cjk(c) if i == 0 || !u.break_before => Some(c),
            _ => None,
        })
        .collect()
}

/// The `limit` best candidates, one per text: highest weight, then fewest edits, then most
/// documents. (Picked one by one: a sort of candidates would add its own copy of the sort code
/// to the Wasm engine.)
fn best_candidates(mut found: Vec<Candidate>, limit: usize) -> Vec<Candidate> {
    let better = |a: &Candidate, b: &Candidate| {
        b.weight
            .total_cmp(&a.weight)
            .then(a.distance.cmp(&b.distance))
            .then(b.doc_count.cmp(&a.doc_count))
            .then_with(|| a.text.cmp(&b.text))
    };
    let mut out: Vec<Candidate> = Vec::new();
    while out.len() < limit {
        let Some(best) = (0..found.len()).min_by(|&i, &j| better(&found[i], &found[j])) else { break };
        let c = found.swap_remove(best);
        if !out.iter().any(|o| o.text == c.text) {
            out.push(c);
        }
    }
    out
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

/// A term found by [`Index::fuzzy_terms`]: its text after the prefix, its edit distance, and
/// (shard, postings offset) in each segment that holds it.
type FuzzyTerm<'a> = (String, usize, Vec<(&'a TermShard, u64)>);

/// One entry per word, with the documents of its entries (from several segments) added up; in
/// order of first appearance.
fn add_up(listed: Vec<ListedWord>) -> Vec<ListedWord> {
    let mut out: Vec<ListedWord> = Vec::with_capacity(listed.len());
    let mut first: BTreeMap<String, usize> = BTreeMap::new();
    for l in listed {
        match first.get(&l.word) {
            Some(&i) => out[i].doc_count += l.doc_count,
            None => {
                first.insert(l.word.clone(), out.len());
                out.push(l);
            }
        }
    }
    out
}

/// Adds `n` to the last count if it is `key`'s, else counts `key` anew: counting keys that come
/// grouped.
fn add_count(counts: &mut Vec<(u32, usize)>, key: u32, n: usize) {
    match counts.last_mut() {
        Some(last) if last.0 == key => last.1 += n,
        _ => counts.push((key, n)),
    }
}

/// The first index from `at` on where `docs` (ascending) holds `doc` or more, stepping: for
/// cursors that visit most of their list's documents in order.
fn step_to(docs: &[DocId], mut at: usize, doc: DocId) -> usize {
    while docs.get(at).is_some_and(|&x| x < doc) {
        at += 1;
    }
    at
}

/// How many of `docs` (ascending) are below `end`: a galloping search from the front, as the runs
/// of sections that cut a query's documents into facets are short (a few documents each), and a
/// phrase's cursor over another piece's documents mostly moves one or two.
fn count_below(docs: &[DocId], end: DocId) -> usize {
    let mut bound = 1;
    while bound < docs.len() && docs[bound - 1] < end {
        bound *= 2;
    }
    let from = bound / 2;
    from + docs[from..bound.min(docs.len())].partition_point(|&d| d < end)
}

/// The documents in both ascending lists.
fn intersect(a: &[DocId], b: &[DocId]) -> Vec<DocId> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        if x == y {
            out.push(x);
        }
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    out
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
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// (year, month, day) of a day number: the inverse of `Date::days` (Howard Hinnant's
/// civil_from_days).
fn civil_from_days(days: i32) -> (i32, i32, i32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Issue;
    use std::collections::HashMap;

    /// The committed issue as 20 weekly issues (a base segment of 16 and a tail of 4): the issues
    /// and the files of their index.
    fn twenty_issues() -> (Vec<Issue>, HashMap<String, Vec<u8>>) {
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
    fn open_all(files: &HashMap<String, Vec<u8>>) -> Index {
        let mut index = Index::open(&files[MANIFEST_NAME]).unwrap();
        assert_eq!(index.manifest.segments.len(), 2, "a base and a tail");
        for (name, bytes) in files.iter().filter(|(n, _)| *n != MANIFEST_NAME) {
            index.supply(name, bytes).unwrap();
        }
        index
    }

    /// The distinct CJK characters of `texts` (as analyzed), ascending.
    fn cjk_chars(texts: impl Iterator<Item = String>) -> Vec<char> {
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
    fn a_characters_counts_are_what_its_grams_positions_give() {
        let (issues, files) = twenty_issues();
        let index = open_all(&files);
        let chars =
            cjk_chars(issues.iter().flat_map(|i| &i.items).map(|i| format!("{} {}", i.headline, i.body_text())));
        assert!(chars.len() > 500, "{} characters", chars.len());
        for c in chars {
            let q = parse_query(&c.to_string());
            let mut need = Need::default();
            let by_grams = index.match_group(&q.groups[0], &mut need).unwrap();
            let by_counts = index.char_matches(c, &mut need).unwrap();
            assert!(need.is_empty(), "{c}: every file was supplied");
            assert!(!by_counts.is_empty(), "{c} occurs");
            assert_eq!(by_counts.docs, by_grams.docs, "{c}");
            assert_eq!(by_counts.norms, by_grams.norms, "{c}");
            assert_eq!(by_counts.tfs, by_grams.tfs, "{c}");
            assert_eq!((by_counts.lens, by_counts.weights), (by_grams.lens, by_grams.weights), "{c}");
        }
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
    fn a_character_completes_to_its_most_frequent_words() {
        let (issues, files) = twenty_issues();
        let index = open_all(&files);
        let firsts = cjk_chars(issues.iter().flat_map(|i| &i.items).map(|i| i.headline.clone()));
        let mut completed = 0;
        for c in firsts {
            // Every word that starts with c, its documents summed over the segments.
            let key = word_key(&c.to_string());
            let hi = prefix_successor(&key);
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            let mut need = Need::default();
            for shard in index.shards_for(&key, hi.as_deref(), &mut need) {
                for (term, offset) in shard.range(&key, hi.as_deref()) {
                    let word = String::from_utf8(term[1..].to_vec()).unwrap();
                    *counts.entry(word).or_default() += shard.doc_count(offset).unwrap();
                }
            }
            assert!(need.is_empty());
            let mut all: Vec<(String, usize)> = counts.into_iter().collect();
            all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            all.truncate(5);
            let got = match index.complete(&c.to_string(), 5).unwrap() {
                Step::Done(found) => found,
                Step::Need(names) => panic!("every file was supplied, yet {names:?}"),
            };
            let got: Vec<(String, usize)> = got.into_iter().map(|f| (f.word, f.count)).collect();
            assert_eq!(got, all, "{c}");
            completed += usize::from(!got.is_empty());
        }
        assert!(completed > 100, "{completed} characters complete");
    }

    #[test]
    fn a_character_reads_one_shard_per_segment_alone_or_beside_a_word() {
        let (_, files) = twenty_issues();
        let full = open_all(&files);
        // The character whose grams span the most shards.
        let gram_shards = |c: char| {
            let key = [&[crate::analysis::TAG_GRAM], c.to_string().as_bytes()].concat();
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

    #[test]
    fn cursors_move_to_the_first_document_at_or_above() {
        for len in 0..70u32 {
            let docs: Vec<DocId> = (0..len).map(|i| 3 * i + 1).collect();
            for stride in [1, 2, 7, 50] {
                let (mut stepped, mut galloped) = (0, 0);
                for doc in (0..3 * len + 5).step_by(stride) {
                    let want = docs.partition_point(|&d| d < doc);
                    stepped = step_to(&docs, stepped, doc);
                    galloped += count_below(&docs[galloped..], doc);
                    assert_eq!((stepped, galloped), (want, want), "{len} docs, doc {doc}");
                }
            }
        }
    }

    #[test]
    fn count_below_agrees_with_a_binary_search() {
        for len in 0..70u32 {
            let docs: Vec<DocId> = (0..len).map(|i| 3 * i + 1).collect();
            for end in 0..3 * len + 5 {
                assert_eq!(count_below(&docs, end), docs.partition_point(|&d| d < end), "{len} docs, end {end}");
            }
        }
    }

    #[test]
    fn the_piece_cache_keeps_the_most_recent_lists_within_its_bounds() {
        let piece = |key: &str, prefix| Piece { offset: 0, key: key.as_bytes().to_vec(), prefix };
        let list = |docs: u32| {
            let mut l = PostingList::with_capacity(docs as usize);
            (0..docs).for_each(|d| l.push(d, 1, &[d]));
            Rc::new(l)
        };
        let mut cache = PieceCache::default();
        cache.put(&piece("a", false), list(3));
        assert!(cache.get(&piece("a", true)).is_none(), "a prefix piece is another piece");
        assert_eq!(cache.get(&piece("a", false)).map(|l| l.len()), Some(3));
        for i in 0..PieceCache::ENTRIES {
            cache.put(&piece(&i.to_string(), false), list(1));
            cache.get(&piece("a", false)); // used on every keystroke: stays
        }
        assert_eq!(cache.entries.len(), PieceCache::ENTRIES);
        assert!(cache.get(&piece("a", false)).is_some());
        assert!(cache.get(&piece("0", false)).is_none(), "the least recent left");
        // A list above the bound is never kept; big ones push the others out.
        let big = (PieceCache::BYTES / 13) as u32;
        cache.put(&piece("huge", false), list(2 * big));
        assert!(cache.get(&piece("huge", false)).is_none());
        cache.put(&piece("b1", false), list(big));
        cache.put(&piece("b2", false), list(big));
        assert!(cache.bytes <= PieceCache::BYTES);
        assert_eq!(cache.bytes, cache.entries.iter().map(|e| e.2.heap_bytes()).sum::<usize>());
        assert!(cache.get(&piece("b2", false)).is_some());
    }

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
    fn intersect_merges_ascending_lists() {
        assert_eq!(intersect(&[1, 3, 5, 9], &[2, 3, 9, 10]), vec![3, 9]);
        assert_eq!(intersect(&[], &[1]), Vec::<DocId>::new());
    }

    #[test]
    fn best_candidates_prefer_weight_then_edits_then_documents_once_each() {
        let c = |text: &str, weight: f32, distance: usize, doc_count: usize| Candidate {
            text: text.into(),
            weight,
            distance,
            doc_count,
        };
        let found =
            vec![c("b", 0.4, 1, 9), c("a", 0.6, 0, 1), c("c", 0.4, 1, 20), c("a", 0.4, 1, 1), c("d", 0.2, 2, 50)];
        let best: Vec<String> = best_candidates(found, 3).into_iter().map(|c| c.text).collect();
        assert_eq!(best, vec!["a", "c", "b"]);
    }

    #[test]
    fn min_gap_finds_adjacent_words() {
        assert_eq!(min_gap(&[10, 50], &[12, 90], 2), 0);
        assert_eq!(min_gap(&[10], &[30], 2), 18);
        assert_eq!(min_gap(&[30], &[10], 2), 20);
    }
}
