//! The root file (kind 1), the key pages (kind 4), and the names and tags of an index's files.
//!
//! # Manifest body (kind 1)
//!
//! ```text
//! build_id       u64        hash of the rest of the manifest: identifies the build
//! doc_count      varint
//! avg_title_len  u32        f32 bits, mean title length in units
//! avg_body_len   u32        f32 bits, mean body length in units
//! sections       varint n, then n × str                     section names; ids are indices
//! issues         varint n, then n × Issue                    in document order
//!   Issue:       number_delta zigzag | date_delta zigzag | runs varint m,
//!                then m × (section_id varint, doc_count varint)
//! segments       varint s, then s × Segment                   oldest documents first
//!   Segment:     id u64 | shard_count varint | varint k, then k × ShardKey
//!                | varint m, then m × BlockStart
//!   ShardKey:    shared varint | suffix bytes                the first key of shard i: the
//!                                                            previous one's first shared bytes
//!                                                            + suffix (the first: empty + suffix)
//!   BlockStart:  first_doc_delta varint                      first doc of block j minus the
//!                                                            previous block's (of any segment)
//! ```
//!
//! An issue's number and date (days since 1970-01-01) are stored as the difference from the
//! previous issue's (the first issue's from 0): consecutive weekly issues cost a byte each, where
//! absolute values would cost 5 and pack badly. Its first document is not stored: issues tile the
//! documents in order, so it is the sum of the runs before it.
//!
//! Shard `i` of segment `id` is the file `t-<id>-<i>.bin`, block `j` is `d-<id>-<j>.bin`
//! ([`FileRef`]).
//!
//! Every first query fetches the manifest, so it keeps little per file: 8 bytes per segment, and
//! the first key of each shard, as the bytes that key does not share with the previous one. A
//! shard key need not be a term: the builder stores the shortest prefix of the shard's first term
//! that is above the previous shard's last term.
//!
//! # Key page body (kind 4)
//!
//! ```text
//! varint n, then n × ShardKey        the keys of the page's shards, coded as in the manifest
//! ```
//!
//! A segment of more than [`PAGE_SHARDS`] shards keeps its shard keys in *key pages*, the files
//! `k-<id>-<p>.bin`, each the keys of [`PAGE_SHARDS`] consecutive shards (the last page the rest);
//! the manifest then stores the first key of each page (`k` = the number of pages), and a lookup
//! fetches the pages of its key range first. Otherwise (and in the builder's cache) `k` =
//! `shard_count` and every key is in the manifest. A query needs the keys of a few shards, and the
//! keys of all would be most of the manifest: at 100,000 items (55,453 shards in 867 pages) the
//! manifest packs to 5,136 bytes.
//!
//! The first key of a page must be the one the manifest stores for it, and the last below the next
//! page's: a page cannot reorder the dictionary.

use super::container::{Container, FileKind, FileRef};
use crate::bytes::{put_bytes, put_signed, put_str, put_u32, put_varint, Reader};
use crate::error::{Error, Result};

/// The fixed name of the root file.
pub const MANIFEST_NAME: &str = "manifest.bin";
/// The base segment holds a whole multiple of this many issues (see [`base_issue_count`]).
pub const SEGMENT_ISSUES: usize = 16;

/// Most segments a manifest may list: a build writes a base and a tail; the rest is room for a
/// later, finer split (and a bound on what a forged manifest makes a reader check).
pub const MAX_SEGMENTS: usize = 16;

/// Shards per key page: a segment of more shards keeps their keys in pages (see the module docs).
/// A page of 64 keys packs to about 300 bytes.
pub const PAGE_SHARDS: usize = 64;

/// How many of `n` issues, ascending by number, form the base segment: the largest multiple of
/// [`SEGMENT_ISSUES`] up to `n`. The rest form the tail, so adding an issue rebuilds the tail
/// only, except once every [`SEGMENT_ISSUES`] issues, when the tail joins the base.
pub fn base_issue_count(n: usize) -> usize {
    n / SEGMENT_ISSUES * SEGMENT_ISSUES
}

/// A segment as the manifest lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentRef {
    /// The segment's id (in its files' names and tags).
    pub id: u64,
    /// Its number of term shards.
    pub shards: u32,
    /// Its number of doc blocks.
    pub blocks: u32,
}

/// The key pages of a segment of `shards` term shards (see [`PAGE_SHARDS`]).
pub fn page_count(shards: usize) -> usize {
    if shards > PAGE_SHARDS {
        shards.div_ceil(PAGE_SHARDS)
    } else {
        0
    }
}

/// Most term shards a manifest may name (a million shards of 12 KiB is 12 GiB of postings): a
/// bound on what a forged manifest makes a reader allocate.
pub const MAX_SHARDS: usize = 1 << 20;

/// A key page as the manifest knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPage {
    /// The page file.
    pub file: FileRef,
    /// Its shards, as indices into [`Manifest::term_shards`].
    pub shards: std::ops::Range<usize>,
    /// Whether the keys of its shards are known (the manifest stored them, or the page was
    /// supplied); the key of its first shard always is.
    pub loaded: bool,
}

impl KeyPage {
    /// The key pages of `segments` (whose shards are numbered on from 0), not loaded.
    pub fn of(segments: &[SegmentRef]) -> Vec<KeyPage> {
        let shards = ranges(segments.iter().map(|s| s.shards));
        let pages = segments.iter().zip(shards).flat_map(|(s, shards)| {
            (0..page_count(shards.len())).map(move |p| KeyPage {
                file: FileRef::new(FileKind::KeyPage, s.id, p as u32),
                shards: shards.start + p * PAGE_SHARDS..(shards.start + (p + 1) * PAGE_SHARDS).min(shards.end),
                loaded: false,
            })
        });
        pages.collect()
    }

    /// The page file of `keys` (ascending).
    pub fn write<'k>(keys: impl ExactSizeIterator<Item = &'k [u8]>) -> Vec<u8> {
        let mut b = Vec::new();
        put_keys(&mut b, keys);
        Container::write(FileKind::KeyPage, &b)
    }
}

/// Appends the count and the keys (ascending), each as the bytes it shares with the previous one
/// and the rest.
fn put_keys<'k>(out: &mut Vec<u8>, keys: impl ExactSizeIterator<Item = &'k [u8]>) {
    put_varint(out, keys.len() as u64);
    let mut prev: &[u8] = &[];
    for key in keys {
        let shared = prev.iter().zip(key).take_while(|(a, b)| a == b).count();
        put_varint(out, shared as u64);
        put_bytes(out, &key[shared..]);
        prev = key;
    }
}

/// `n` keys written by [`put_keys`] (after its count).
fn read_keys(r: &mut Reader, n: usize) -> Option<Vec<Vec<u8>>> {
    let mut keys: Vec<Vec<u8>> = Vec::with_capacity(n);
    for _ in 0..n {
        let prev = keys.last().map_or(&[][..], Vec::as_slice);
        let shared = usize::try_from(r.varint()?).ok().filter(|&s| s <= prev.len())?;
        let mut key = prev[..shared].to_vec();
        key.extend_from_slice(r.bytes()?);
        keys.push(key);
    }
    Some(keys)
}

/// One issue as the manifest describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueEntry {
    /// Issue number.
    pub number: u32,
    /// Publication date as days since 1970-01-01.
    pub date_days: i32,
    /// First doc id of the issue.
    pub first_doc: u32,
    /// Consecutive runs of documents per section: (section id, doc count).
    pub runs: Vec<(u32, u32)>,
}

/// The root file's content.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// Identifies the build (hash of the shards).
    pub build_id: u64,
    /// Number of documents.
    pub doc_count: u32,
    /// Mean title length in units.
    pub avg_title_len: f32,
    /// Mean body length in units.
    pub avg_body_len: f32,
    /// Section names; a section id indexes this.
    pub sections: Vec<String>,
    /// Issues ascending by first doc.
    pub issues: Vec<IssueEntry>,
    /// Term shards of every segment, each segment's ascending by first key. In a segment with
    /// key pages, a shard's key is empty until its page is supplied ([`Manifest::supply_page`]),
    /// but for the first shard of each page.
    pub term_shards: Vec<(Vec<u8>, FileRef)>,
    /// The key pages of every segment, in segment order (see [`PAGE_SHARDS`]).
    pub key_pages: Vec<KeyPage>,
    /// The segments, in order: segment `i` holds the next `shards` entries of `term_shards` and
    /// the next `blocks` entries of `doc_blocks`.
    pub segments: Vec<SegmentRef>,
    /// Doc blocks of every segment, ascending by first doc.
    pub doc_blocks: Vec<(u32, FileRef)>,
}

impl Manifest {
    /// The manifest as a complete file, the keys of a segment with key pages left to its pages.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.write(true)
    }

    /// The manifest with every shard key in it, pages or not (for the builder's cache, which
    /// reads a segment back whole). Needs every key: a built manifest, not one read from pages.
    pub fn to_bytes_with_keys(&self) -> Vec<u8> {
        self.write(false)
    }

    fn write(&self, paged: bool) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend_from_slice(&self.build_id.to_le_bytes());
        put_varint(&mut b, u64::from(self.doc_count));
        put_u32(&mut b, self.avg_title_len.to_bits());
        put_u32(&mut b, self.avg_body_len.to_bits());
        put_varint(&mut b, self.sections.len() as u64);
        for s in &self.sections {
            put_str(&mut b, s);
        }
        put_varint(&mut b, self.issues.len() as u64);
        let (mut number, mut date) = (0i64, 0i64);
        for i in &self.issues {
            put_signed(&mut b, i64::from(i.number) - number);
            put_signed(&mut b, i64::from(i.date_days) - date);
            (number, date) = (i64::from(i.number), i64::from(i.date_days));
            put_varint(&mut b, i.runs.len() as u64);
            for &(s, n) in &i.runs {
                put_varint(&mut b, u64::from(s));
                put_varint(&mut b, u64::from(n));
            }
        }
        put_varint(&mut b, self.segments.len() as u64);
        let mut prev_first = 0;
        for (segment, (shards, blocks)) in self.segments.iter().zip(self.segment_ranges().zip(self.block_ranges())) {
            b.extend_from_slice(&segment.id.to_le_bytes());
            put_varint(&mut b, shards.len() as u64);
            let keys = self.term_shards[shards.clone()].iter().map(|(k, _)| k.as_slice());
            if paged && page_count(shards.len()) > 0 {
                put_keys(&mut b, keys.step_by(PAGE_SHARDS));
            } else {
                put_keys(&mut b, keys);
            }
            put_varint(&mut b, blocks.len() as u64);
            for &(first, _) in &self.doc_blocks[blocks] {
                put_varint(&mut b, u64::from(first.saturating_sub(prev_first)));
                prev_first = first;
            }
        }
        Container::write(FileKind::Manifest, &b)
    }

    /// Reads and validates a manifest file.
    pub fn from_bytes(file: &str, bytes: &[u8]) -> Result<Manifest> {
        let body = Container::read(file, FileKind::Manifest, bytes)?;
        let bad = |what: &str| Error::corrupt(file, format!("manifest: bad {what}"));
        let mut r = Reader::new(body);
        let build_id = r.u64().ok_or_else(|| bad("build id"))?;
        let doc_count = r.varint32().ok_or_else(|| bad("doc count"))?;
        let avg_title_len = f32::from_bits(r.u32().ok_or_else(|| bad("averages"))?);
        let avg_body_len = f32::from_bits(r.u32().ok_or_else(|| bad("averages"))?);
        let n = r.count(1).ok_or_else(|| bad("section count"))?;
        let mut sections = Vec::with_capacity(n);
        for _ in 0..n {
            sections.push(r.str().ok_or_else(|| bad("section name"))?.to_string());
        }
        let n = r.count(3).ok_or_else(|| bad("issue count"))?;
        let mut issues: Vec<IssueEntry> = Vec::with_capacity(n);
        let (mut number, mut date_days, mut first_doc) = (0u32, 0i32, 0u32);
        for _ in 0..n {
            if let Some(last) = issues.last() {
                let docs = last.runs.iter().try_fold(0u32, |sum, &(_, c)| sum.checked_add(c));
                first_doc = docs.and_then(|d| first_doc.checked_add(d)).ok_or_else(|| bad("issue sections"))?;
            }
            number = r
                .signed()
                .and_then(|d| i64::from(number).checked_add(d).and_then(|n| u32::try_from(n).ok()))
                .ok_or_else(|| bad("issue number"))?;
            date_days = r
                .signed()
                .and_then(|d| i64::from(date_days).checked_add(d).and_then(|n| i32::try_from(n).ok()))
                .ok_or_else(|| bad("issue date"))?;
            let m = r.count(2).ok_or_else(|| bad("issue sections"))?;
            let mut runs = Vec::with_capacity(m);
            for _ in 0..m {
                let s = r.varint32().ok_or_else(|| bad("issue sections"))?;
                let c = r.varint32().ok_or_else(|| bad("issue sections"))?;
                if s as usize >= sections.len() {
                    return Err(bad("section id"));
                }
                runs.push((s, c));
            }
            issues.push(IssueEntry { number, date_days, first_doc, runs });
        }
        let s = r.count(10).ok_or_else(|| bad("segment count"))?;
        let mut segments = Vec::with_capacity(s);
        let mut term_shards: Vec<(Vec<u8>, FileRef)> = Vec::new();
        // The segments whose keys are all in the manifest (their pages need no fetching).
        let mut inline: Vec<u64> = Vec::new();
        let mut doc_blocks: Vec<(u32, FileRef)> = Vec::new();
        for _ in 0..s {
            let id = r.u64().ok_or_else(|| bad("segment id"))?;
            let n = r.varint32().map(|n| n as usize).filter(|&n| n <= MAX_SHARDS).ok_or_else(|| bad("shard count"))?;
            let k = r.count(1).ok_or_else(|| bad("shard key"))?;
            let pages = page_count(n);
            if k != n && k != pages || term_shards.len() + n > MAX_SHARDS {
                return Err(bad("shard key count"));
            }
            let keys = read_keys(&mut r, k).ok_or_else(|| bad("shard key"))?;
            let mut keys = keys.into_iter();
            for i in 0..n {
                let key = if k == n || i % PAGE_SHARDS == 0 { keys.next().unwrap_or_default() } else { Vec::new() };
                term_shards.push((key, FileRef::new(FileKind::TermShard, id, i as u32)));
            }
            if k == n {
                inline.push(id);
            }
            let m = r.count(1).ok_or_else(|| bad("block count"))?;
            for j in 0..m as u32 {
                let prev = doc_blocks.last().map_or(0, |b| b.0);
                let first = r.varint32().and_then(|d| prev.checked_add(d)).ok_or_else(|| bad("block"))?;
                doc_blocks.push((first, FileRef::new(FileKind::DocBlock, id, j)));
            }
            segments.push(SegmentRef { id, shards: n as u32, blocks: m as u32 });
        }
        if !r.is_empty() {
            return Err(bad("trailing bytes"));
        }
        let mut key_pages = KeyPage::of(&segments);
        key_pages.iter_mut().for_each(|p| p.loaded = inline.contains(&p.file.segment));
        let m = Manifest {
            build_id,
            doc_count,
            avg_title_len,
            avg_body_len,
            sections,
            issues,
            term_shards,
            key_pages,
            segments,
            doc_blocks,
        };
        m.validate(file)?;
        Ok(m)
    }

    /// Structural invariants the engine relies on (sorted, in range, consistent counts).
    fn validate(&self, file: &str) -> Result<()> {
        let bad = |what: &str| Err(Error::corrupt(file, format!("manifest: {what}")));
        // (Issues tile the documents by construction: each one's first doc is read as the sum
        // of the runs before it.)
        let docs: u64 = self.issues.iter().flat_map(|i| &i.runs).map(|&(_, n)| u64::from(n)).sum();
        if docs != u64::from(self.doc_count) {
            return bad("issue sections do not add up to the document count");
        }
        if self.segments.iter().map(|s| s.shards as usize).sum::<usize>() != self.term_shards.len()
            || self.segments.iter().map(|s| s.blocks as usize).sum::<usize>() != self.doc_blocks.len()
        {
            return bad("segments do not add up to the files");
        }
        if self.segments.len() > MAX_SEGMENTS {
            return bad("more segments than an index has");
        }
        // Ids name files: two segments with one id would name the same files.
        if self.segments.iter().enumerate().any(|(i, a)| self.segments[..i].iter().any(|b| b.id == a.id)) {
            return bad("two segments with one id");
        }
        // The keys known (all, or the first of each page not yet supplied) ascend in each segment.
        let ascending = |s: std::ops::Range<usize>| {
            let known: Vec<&[u8]> =
                s.filter(|&i| self.key_known(i)).map(|i| self.term_shards[i].0.as_slice()).collect();
            known.windows(2).all(|w| w[0] < w[1])
        };
        if !self.segment_ranges().all(ascending) {
            return bad("term shards out of order");
        }
        if !self.doc_blocks.windows(2).all(|w| w[0].0 < w[1].0)
            || self.doc_blocks.first().is_some_and(|b| b.0 != 0)
            || self.doc_blocks.iter().any(|b| b.0 >= self.doc_count)
        {
            return bad("doc blocks out of order");
        }
        if !(self.avg_body_len.is_finite() && self.avg_title_len.is_finite()) {
            return bad("bad averages");
        }
        Ok(())
    }

    /// The index range in `term_shards` of each segment, in segment order.
    pub fn segment_ranges(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        ranges(self.segments.iter().map(|s| s.shards))
    }

    /// The index range in `doc_blocks` of each segment, in segment order.
    pub fn block_ranges(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        ranges(self.segments.iter().map(|s| s.blocks))
    }

    /// The index range in `key_pages` of each segment, in segment order.
    pub fn page_ranges(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        ranges(self.segments.iter().map(|s| page_count(s.shards as usize) as u32))
    }

    /// Where the manifest names the file `name`: its kind ([`FileKind::TermShard`],
    /// [`FileKind::DocBlock`] or [`FileKind::KeyPage`]) and its index in `term_shards`,
    /// `doc_blocks` or `key_pages`.
    pub fn locate(&self, name: &str) -> Option<(FileKind, usize)> {
        let r = FileRef::parse(name)?;
        let at = self.segments.iter().position(|s| s.id == r.segment)?;
        let range = match r.kind {
            FileKind::TermShard => self.segment_ranges().nth(at),
            FileKind::DocBlock => self.block_ranges().nth(at),
            FileKind::KeyPage => self.page_ranges().nth(at),
            FileKind::Manifest => None,
        }?;
        let i = range.start.checked_add(r.n as usize).filter(|i| range.contains(i))?;
        Some((r.kind, i))
    }

    /// The shards whose key range may hold terms in `[lo, hi)` (`hi = None`: unbounded): in each
    /// segment, in segment order. In a segment whose key pages for the range are not all
    /// supplied, none: those pages are listed instead (indices into `key_pages`), to be fetched
    /// first.
    pub fn shards_for_range(&self, lo: &[u8], hi: Option<&[u8]>) -> (Vec<usize>, Vec<usize>) {
        // Of `n` items with ascending keys (`key(i)`), the run whose ranges `[key, next key)`
        // meet `[lo, hi)`: from the last key <= lo, to before the first key >= hi (at least one,
        // if any). Binary searches over indices: no vector of keys per lookup.
        fn span<'a>(n: usize, key: impl Fn(usize) -> &'a [u8], lo: &[u8], hi: Option<&[u8]>) -> std::ops::Range<usize> {
            let first = |pred: &dyn Fn(&[u8]) -> bool| {
                let (mut a, mut b) = (0, n);
                while a < b {
                    let m = a + (b - a) / 2;
                    if pred(key(m)) {
                        a = m + 1;
                    } else {
                        b = m;
                    }
                }
                a
            };
            let start = first(&|k| k <= lo).saturating_sub(1);
            let end = hi.map_or(n, |hi| first(&|k| k < hi));
            start..end.max(start + 1).min(n)
        }
        let (mut shards, mut missing) = (Vec::new(), Vec::new());
        for (segment, pages) in self.segment_ranges().zip(self.page_ranges()) {
            let mut within = segment.clone();
            if !pages.is_empty() {
                let first_key = |p: usize| self.term_shards[self.key_pages[pages.start + p].shards.start].0.as_slice();
                let needed = span(pages.len(), first_key, lo, hi);
                let needed = pages.start + needed.start..pages.start + needed.end;
                if self.key_pages[needed.clone()].iter().any(|p| !p.loaded) {
                    missing.extend(needed.filter(|&p| !self.key_pages[p].loaded));
                    continue;
                }
                within = self.key_pages[needed.start].shards.start..self.key_pages[needed.end - 1].shards.end;
            }
            let found = span(within.len(), |i| self.term_shards[within.start + i].0.as_slice(), lo, hi);
            shards.extend(within.start + found.start..within.start + found.end);
        }
        (shards, missing)
    }

    /// Whether the key of shard `i` is known: stored in the manifest, or its page supplied.
    fn key_known(&self, i: usize) -> bool {
        let p = self.key_pages.partition_point(|p| p.shards.start <= i).checked_sub(1);
        match p.map(|p| &self.key_pages[p]) {
            Some(page) if page.shards.contains(&i) => page.loaded || page.shards.start == i,
            _ => true,
        }
    }

    /// Supplies key page `p` (the file `file`): checked like any index file, and against the keys
    /// the manifest has around it; then its keys are known.
    pub fn supply_page(&mut self, p: usize, file: &str, bytes: &[u8]) -> Result<()> {
        let body = Container::read(file, FileKind::KeyPage, bytes)?;
        let Some(page) = self.key_pages.get(p).cloned() else {
            return Err(Error::Mismatch {
                file: file.to_string(),
                message: "the manifest does not name this file".into(),
            });
        };
        page.file.verify(bytes)?;
        let bad = || Error::corrupt(file, "key page: bad keys");
        let mut r = Reader::new(body);
        let n = r.count(1).filter(|&n| n == page.shards.len()).ok_or_else(bad)?;
        let keys = read_keys(&mut r, n).filter(|_| r.is_empty()).ok_or_else(bad)?;
        // Its first key is the manifest's; its last is below the next page's first, if any in
        // this segment (a segment's shards are consecutive, and the next page starts where this
        // one ends).
        let next = self
            .key_pages
            .get(p + 1)
            .filter(|q| q.shards.start == page.shards.end && q.file.segment == page.file.segment);
        let next_key = next.map(|q| self.term_shards[q.shards.start].0.as_slice());
        if keys.first().map(Vec::as_slice) != Some(self.term_shards[page.shards.start].0.as_slice())
            || !keys.windows(2).all(|w| w[0] < w[1])
            || next_key.is_some_and(|next| keys.last().is_some_and(|last| last.as_slice() >= next))
        {
            return Err(bad());
        }
        for (i, key) in page.shards.clone().zip(keys) {
            self.term_shards[i].0 = key;
        }
        self.key_pages[p].loaded = true;
        Ok(())
    }

    /// The doc block holding `doc`.
    pub fn block_of(&self, doc: u32) -> usize {
        self.doc_blocks.partition_point(|(first, _)| *first <= doc).saturating_sub(1)
    }

    /// [`Self::issue_of`] for documents looked up in ascending order: `at` (0 for the first
    /// lookup) keeps the place between lookups, so each walks forward from the last instead of
    /// searching every issue.
    pub fn issue_of_ascending(&self, at: &mut usize, doc: u32) -> Option<&IssueEntry> {
        while self.issues.get(*at + 1).is_some_and(|next| next.first_doc <= doc) {
            *at += 1;
        }
        self.issues.get(*at).filter(|i| i.first_doc <= doc)
    }

    /// The issue entry holding `doc`.
    pub fn issue_of(&self, doc: u32) -> Option<&IssueEntry> {
        let i = self.issues.partition_point(|i| i.first_doc <= doc).checked_sub(1)?;
        self.issues.get(i)
    }

    /// The section id of `doc`.
    pub fn section_of(&self, doc: u32) -> Option<u32> {
        let issue = self.issue_of(doc)?;
        let mut at = issue.first_doc;
        for &(s, n) in &issue.runs {
            if doc < at + n {
                return Some(s);
            }
            at += n;
        }
        None
    }
}

/// Consecutive ranges of the given lengths, from 0.
fn ranges(lengths: impl Iterator<Item = u32>) -> impl Iterator<Item = std::ops::Range<usize>> {
    lengths.scan(0usize, |at, n| {
        let start = *at;
        *at += n as usize;
        Some(start..*at)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::VERSION;

    fn sample_manifest() -> Manifest {
        Manifest {
            build_id: 7,
            doc_count: 3,
            avg_title_len: 12.5,
            avg_body_len: 200.0,
            sections: vec!["要闻".into(), "技术".into()],
            // Issue numbers and dates as deltas, in any order and to their extremes.
            key_pages: vec![],
            issues: vec![
                IssueEntry { number: 431, date_days: 19_975, first_doc: 0, runs: vec![(0, 1), (1, 1)] },
                IssueEntry { number: u32::MAX, date_days: i32::MIN, first_doc: 2, runs: vec![] },
                IssueEntry { number: 0, date_days: i32::MAX, first_doc: 2, runs: vec![(1, 1)] },
            ],
            // Two segments; keys sharing prefixes (stored once), blocks with first docs as deltas.
            term_shards: ["", "g微短", "g微软", "", "tgpt"]
                .iter()
                .zip([0, 1, 2, 0, 1])
                .zip([7, 7, 7, u64::MAX, u64::MAX])
                .map(|((k, n), id)| (k.as_bytes().to_vec(), FileRef::new(FileKind::TermShard, id, n)))
                .collect(),
            segments: vec![
                SegmentRef { id: 7, shards: 3, blocks: 1 },
                SegmentRef { id: u64::MAX, shards: 2, blocks: 1 },
            ],
            doc_blocks: vec![
                (0, FileRef::new(FileKind::DocBlock, 7, 0)),
                (2, FileRef::new(FileKind::DocBlock, u64::MAX, 0)),
            ],
        }
    }

    #[test]
    fn the_manifest_locates_the_files_it_names_by_name() {
        let m = sample_manifest();
        for (i, (_, r)) in m.term_shards.iter().enumerate() {
            assert_eq!(m.locate(&r.name()), Some((FileKind::TermShard, i)));
        }
        for (j, (_, r)) in m.doc_blocks.iter().enumerate() {
            assert_eq!(m.locate(&r.name()), Some((FileKind::DocBlock, j)));
        }
        let last = m.doc_blocks.last().unwrap().1;
        assert_eq!(m.locate(&FileRef::new(FileKind::DocBlock, last.segment, last.n + 1).name()), None);
        assert_eq!(m.locate(&FileRef::new(FileKind::TermShard, 12345, 0).name()), None);
    }

    #[test]
    fn manifest_round_trips() {
        let m = sample_manifest();
        let bytes = m.to_bytes();
        assert_eq!(Manifest::from_bytes("manifest.bin", &bytes).unwrap(), m);
        assert_eq!(m.section_of(0), Some(0));
        assert_eq!(m.section_of(1), Some(1));
        assert_eq!(m.section_of(2), Some(1));
        assert_eq!(m.section_of(3), None);
        // The empty issue between two others owns no document.
        assert_eq!(m.issue_of(2).map(|i| i.number), Some(0));
        // Walking the documents in order finds what searching for each does.
        let mut at = 0;
        for doc in 0..10 {
            let walked = m.issue_of_ascending(&mut at, doc).map(|i| i.number);
            assert_eq!(walked, m.issue_of(doc).map(|i| i.number), "doc {doc}");
        }
    }

    #[test]
    fn segments_with_one_id_are_refused() {
        let mut m = sample_manifest();
        m.segments[1].id = m.segments[0].id;
        let err = Manifest::from_bytes("manifest.bin", &m.to_bytes()).unwrap_err();
        assert!(err.to_string().contains("two segments with one id"), "{err}");
    }

    #[test]
    fn every_flipped_byte_is_detected() {
        let bytes = sample_manifest().to_bytes();
        for i in 0..bytes.len() {
            for bit in [0x01u8, 0x80] {
                let mut b = bytes.clone();
                b[i] ^= bit;
                let err = Manifest::from_bytes("manifest.bin", &b).unwrap_err();
                assert!(err.to_string().starts_with("manifest.bin: "), "{err}");
            }
        }
    }

    #[test]
    fn truncation_and_version_are_named() {
        let bytes = sample_manifest().to_bytes();
        for n in 0..bytes.len() {
            assert!(Manifest::from_bytes("m", &bytes[..n]).is_err());
        }
        let mut b = bytes.clone();
        b[4] = 9;
        assert_eq!(
            Manifest::from_bytes("m", &b).unwrap_err(),
            Error::Version { file: "m".into(), expected: VERSION, got: 9 }
        );
        assert!(matches!(Manifest::from_bytes("m", b"not an index").unwrap_err(), Error::BadMagic { .. }));
    }

    #[test]
    fn shard_lookup_by_key_range() {
        let mut m = sample_manifest();
        let r = |k: &[u8]| (k.to_vec(), FileRef::new(FileKind::TermShard, 0, 0));
        let segment = |shards| SegmentRef { id: 0, shards, blocks: 0 };
        m.term_shards = vec![r(b"a"), r(b"g"), r(b"t")];
        m.segments = vec![segment(3)];
        assert_eq!(m.shards_for_range(b"b", Some(b"c")).0, [0]);
        assert_eq!(m.shards_for_range(b"g", Some(b"h")).0, [1]);
        assert_eq!(m.shards_for_range(b"f", Some(b"u")).0, [0, 1, 2]);
        assert_eq!(m.shards_for_range(b"z", None).0, [2]);
        // Two segments: the range is looked up in each.
        m.term_shards = vec![r(b""), r(b"g"), r(b"t"), r(b""), r(b"p")];
        m.segments = vec![segment(3), segment(0), segment(2)];
        assert_eq!(m.shards_for_range(b"g", Some(b"h")).0, [1, 3]);
        assert_eq!(m.shards_for_range(b"q", Some(b"u")).0, [1, 2, 4]);
        assert_eq!(m.shards_for_range(b"a", Some(b"b")).0, [0, 3]);
    }

    /// A manifest of one segment of 130 shards, keys `k000`…`k129`: three key pages.
    fn paged_manifest() -> Manifest {
        let mut m = sample_manifest();
        let id = 0x0123_4567_89ab_cdef;
        m.term_shards =
            (0..130).map(|i| (format!("k{i:03}").into_bytes(), FileRef::new(FileKind::TermShard, id, i))).collect();
        m.segments = vec![SegmentRef { id, shards: 130, blocks: 2 }];
        m.doc_blocks = (0..2).map(|j| (j, FileRef::new(FileKind::DocBlock, id, j))).collect();
        m.key_pages = KeyPage::of(&m.segments);
        m.key_pages.iter_mut().for_each(|p| p.loaded = true);
        m
    }

    /// Key page `p` of [`paged_manifest`], as the builder writes it.
    fn page_file(m: &Manifest, p: usize, keys: &[Vec<u8>]) -> Vec<u8> {
        let mut bytes = KeyPage::write(keys.iter().map(Vec::as_slice));
        Container::set_tag(&mut bytes, m.key_pages[p].file.tag());
        bytes
    }

    #[test]
    fn key_pages_hold_the_keys_of_a_segment_of_many_shards() {
        let built = paged_manifest();
        assert_eq!(built.key_pages.iter().map(|p| p.shards.clone()).collect::<Vec<_>>(), [0..64, 64..128, 128..130]);
        // With every key (the builder's cache), the manifest reads back as it was.
        assert_eq!(Manifest::from_bytes("m", &built.to_bytes_with_keys()).unwrap(), built);
        // Published, it keeps the first key of each page: a lookup asks for the page first.
        let mut m = Manifest::from_bytes("m", &built.to_bytes()).unwrap();
        // (Each key it leaves out took 3 bytes at least.)
        assert!(built.to_bytes_with_keys().len() - built.to_bytes().len() >= 127 * 3);
        assert_eq!(m.shards_for_range(b"k070", Some(b"k071")), (vec![], vec![1]));
        assert_eq!(m.shards_for_range(b"k000", Some(b"k001")), (vec![], vec![0]));
        assert_eq!(m.shards_for_range(b"k060", Some(b"k070")), (vec![], vec![0, 1]));
        assert_eq!(m.locate(&m.key_pages[1].file.name()), Some((FileKind::KeyPage, 1)));
        let keys: Vec<Vec<u8>> = built.term_shards.iter().map(|(k, _)| k.clone()).collect();
        m.supply_page(1, "k1", &page_file(&m, 1, &keys[64..128])).unwrap();
        assert_eq!(m.shards_for_range(b"k070", Some(b"k071")), (vec![70], vec![]));
        assert_eq!(m.shards_for_range(b"k063", Some(b"k065")), (vec![], vec![0]));
        m.supply_page(0, "k0", &page_file(&m, 0, &keys[..64])).unwrap();
        assert_eq!(m.shards_for_range(b"k063", Some(b"k065")), (vec![63, 64], vec![]));
        assert_eq!(m.shards_for_range(b"k128", None), (vec![], vec![2]));
        m.supply_page(2, "k2", &page_file(&m, 2, &keys[128..])).unwrap();
        assert_eq!(m.shards_for_range(b"k128", None), (vec![128, 129], vec![]));
        assert_eq!(m, built);
    }

    #[test]
    fn a_key_page_cannot_reorder_the_dictionary() {
        let built = paged_manifest();
        let mut m = Manifest::from_bytes("m", &built.to_bytes()).unwrap();
        let keys: Vec<Vec<u8>> = built.term_shards.iter().map(|(k, _)| k.clone()).collect();
        let mut swapped = keys[64..128].to_vec();
        swapped.swap(3, 4);
        let mut past_next = keys[64..128].to_vec();
        past_next[63] = b"k200".to_vec();
        let mut other_first = keys[64..128].to_vec();
        other_first[0] = b"k064a".to_vec();
        for (keys, what) in
            [(&swapped, "out of order"), (&past_next, "past the next page"), (&other_first, "first key")]
        {
            let e = m.supply_page(1, "k1", &page_file(&m, 1, keys)).unwrap_err();
            assert!(matches!(e, Error::Corrupt { .. }), "{what}: {e}");
        }
        // Too few keys; another page's file (its tag).
        assert!(m.supply_page(1, "k1", &page_file(&m, 1, &keys[64..127])).is_err());
        let e = m.supply_page(1, "k1", &page_file(&m, 0, &keys[64..128])).unwrap_err();
        assert!(matches!(e, Error::Mismatch { .. }), "{e}");
        assert!(!m.key_pages[1].loaded);
        m.supply_page(1, "k1", &page_file(&m, 1, &keys[64..128])).unwrap();
        assert!(m.key_pages[1].loaded);
    }
}
