//! Term shards (kind 2): a range of the term dictionary, as an FST, with the value of each term.
//!
//! ```text
//! fst_len varint | fst (fst::Map: term key -> offset into postings) | postings
//! ```
//!
//! A shard holds every term in `[first_key, next shard's first_key)` (the keys are in the
//! manifest or its key pages). Term keys carry a tag byte ([`super::terms`]), so each kind of
//! term is one key range and a lookup of one kind fetches only the shards of that range. The
//! value at a term's offset depends on its tag.
//!
//! Postings of positional terms (`g`, `t`):
//!
//! ```text
//! doc_count varint | doc_delta varint × doc_count | norm u8 × doc_count
//! | pos_count varint × doc_count | pos_delta varint × (sum of pos_count)
//! ```
//!
//! `doc_delta` is the doc id minus the previous one (the first is the id itself), `norm` the
//! doc's body length quantized by [`super::encode_norm`], positions ascending (title positions
//! `< BODY_BASE`; each document's first is stored as is). Postings are stored by column, each
//! field of every document together: a column's values are alike (small deltas, norms from a few
//! buckets), so a shard packs smaller than with the fields of one document together.
//!
//! Postings of word terms (`w`):
//!
//! ```text
//! doc_count varint | doc_delta varint × doc_count | title_tf varint × doc_count
//! | body_tf varint × doc_count
//! ```
//!
//! Postings of character terms (`c`), counts with norms:
//!
//! ```text
//! doc_count varint | doc_delta varint × doc_count | norm u8 × doc_count
//! | title_tf varint × doc_count | body_tf varint × doc_count
//! ```
//!
//! A character's counts in a document are the positions of the `g` grams that start with it
//! (title: positions `< BODY_BASE`). A query word of one character ranks by these counts (its
//! proximity to other words is not scored), so it reads this one list instead of the positional
//! postings of every gram starting with the character: at 100,000 generated items `国` reads one
//! shard (118 KB packed), where its grams' postings fill 120 (585 KB); the `c` terms make the index
//! about 15% larger.
//!
//! The value of a pinyin term (`p`, `i`) is a *word list*: the CJK words (folded, as indexed)
//! that the spelling stands for, most frequent first, each with the number of documents that
//! contain it (for ranking completions without fetching the words' postings). So is the value of
//! an `s` term (the words that start with its character, the most frequent of the segment), of a
//! `k` term (empty: a marker) and of an `n` term (a name of an alias group of the synonyms list:
//! the group's other names, as the list writes them, that occur in the segment, each with the
//! documents holding it):
//!
//! ```text
//! word_count varint, then word_count × { word str | doc_count varint }
//! ```

use super::container::{Container, FileKind};
use crate::bytes::{put_bytes, put_str, put_varint, Reader, SmallBytes};
use crate::error::{Error, Result};

/// Postings of one positional term in one document, as the builder writes them (the positions
/// borrowed from the analysed item: a build holds millions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting<'a> {
    /// The document.
    pub doc: u32,
    /// The document's body-length norm byte.
    pub norm: u8,
    /// Ascending positions.
    pub positions: &'a [u32],
}

/// Decoded positional postings, flat: one allocation per array, not one per document (a
/// frequent gram has postings in most documents, and a query decodes several per keystroke).
/// Entry `i` is document `docs[i]` with norm `norms[i]` and [`PostingList::positions`]`(i)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostingList {
    /// Ascending document ids.
    pub docs: Vec<u32>,
    /// The norm byte of each document.
    pub norms: Vec<u8>,
    /// Where each document's positions end in `positions`.
    ends: Vec<u32>,
    positions: Vec<u32>,
}

impl PostingList {
    /// An empty list with room for `n` documents.
    pub fn with_capacity(n: usize) -> PostingList {
        PostingList {
            docs: Vec::with_capacity(n),
            norms: Vec::with_capacity(n),
            ends: Vec::with_capacity(n),
            positions: Vec::new(),
        }
    }

    /// Appends a document (ids must ascend).
    pub fn push(&mut self, doc: u32, norm: u8, positions: &[u32]) {
        self.docs.push(doc);
        self.norms.push(norm);
        self.positions.extend_from_slice(positions);
        self.ends.push(self.positions.len() as u32);
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// The bytes its lists hold (what a cache of decoded lists counts).
    pub fn heap_bytes(&self) -> usize {
        self.docs.len() * 9 + self.positions.len() * 4
    }

    /// Whether no document is listed.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The ascending positions of entry `i`.
    pub fn positions(&self, i: usize) -> &[u32] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.positions[start..self.ends[i] as usize]
    }

    /// `(doc, norm, positions)` of every entry.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u8, &[u32])> {
        (0..self.len()).map(|i| (self.docs[i], self.norms[i], self.positions(i)))
    }
}

/// Term frequencies of one word term in one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordPosting {
    /// The document.
    pub doc: u32,
    /// Occurrences in the title.
    pub title_tf: u32,
    /// Occurrences in the body.
    pub body_tf: u32,
}

/// One document of a character term's postings: how often the character occurs in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CharPosting {
    /// The document.
    pub doc: u32,
    /// The document's norm (as in positional postings).
    pub norm: u8,
    /// Occurrences in the title.
    pub title_tf: u32,
    /// Occurrences in the body.
    pub body_tf: u32,
}

/// One entry of a pinyin term's word list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedWord {
    /// The CJK word, folded as indexed.
    pub word: String,
    /// Documents containing the word.
    pub doc_count: u32,
}

/// Encodes a word list (most frequent first, as the builder orders it).
pub fn write_word_list(out: &mut Vec<u8>, words: &[ListedWord]) {
    put_varint(out, words.len() as u64);
    for w in words {
        put_str(out, &w.word);
        put_varint(out, u64::from(w.doc_count));
    }
}

/// Encodes positional postings (ascending by doc).
pub fn write_postings(out: &mut Vec<u8>, postings: &[Posting<'_>]) {
    let mut rows = PostingRows::default();
    for p in postings {
        rows.push_positions(p.doc, p.norm, p.positions);
    }
    rows.write_positional(out);
}

/// Encodes word postings (ascending by doc).
pub fn write_word_postings(out: &mut Vec<u8>, postings: &[WordPosting]) {
    let mut rows = PostingRows::default();
    for p in postings {
        rows.push_counts(p.doc, None, p.title_tf, p.body_tf);
    }
    rows.write_counts(out, false);
}

/// Encodes character postings (ascending by doc).
pub fn write_char_postings(out: &mut Vec<u8>, postings: &[CharPosting]) {
    let mut rows = PostingRows::default();
    for p in postings {
        rows.push_counts(p.doc, Some(p.norm), p.title_tf, p.body_tf);
    }
    rows.write_counts(out, true);
}

/// One term's postings gathered a document at a time, as a build meets them: each document a row
/// of varints (its doc delta, then its fields, as the columns above hold them), a few bytes where
/// decoded postings take 12 to 24 (a build holds every term's postings at once). The `write_`
/// methods turn the rows into the columns of the shard format; every writer of postings goes
/// through them. One term's rows are all of one kind: positional ([`PostingRows::push_positions`])
/// or counts ([`PostingRows::push_counts`], all with norms or none). 32 bytes and the rows: a
/// build holds one per term.
#[derive(Debug, Clone, Default)]
pub struct PostingRows {
    rows: SmallBytes,
    docs: u32,
    last: u32,
}

impl PostingRows {
    /// Documents listed.
    pub fn docs(&self) -> u32 {
        self.docs
    }

    /// Starts the row of `doc` (ids must ascend).
    fn start(&mut self, doc: u32) {
        debug_assert!(self.docs == 0 || doc > self.last, "documents ascend");
        self.rows.put_varint(u64::from(doc - self.last));
        self.last = doc;
        self.docs += 1;
    }

    /// Appends a document's positional postings: its norm and ascending positions.
    pub fn push_positions(&mut self, doc: u32, norm: u8, positions: &[u32]) {
        self.start(doc);
        self.rows.extend_from_slice(&[norm]);
        self.rows.put_varint(positions.len() as u64);
        let mut last = 0;
        for &pos in positions {
            self.rows.put_varint(u64::from(pos - last));
            last = pos;
        }
    }

    /// Appends a document's counts (a word term's, or with its norm a character term's).
    pub fn push_counts(&mut self, doc: u32, norm: Option<u8>, title_tf: u32, body_tf: u32) {
        self.start(doc);
        if let Some(norm) = norm {
            self.rows.extend_from_slice(&[norm]);
        }
        self.rows.put_varint(u64::from(title_tf));
        self.rows.put_varint(u64::from(body_tf));
    }

    /// Writes positional rows as positional postings (see the module docs).
    pub fn write_positional(&self, out: &mut Vec<u8>) {
        let n = self.docs as usize;
        let (mut deltas, mut norms, mut counts) =
            (Vec::with_capacity(2 * n), Vec::with_capacity(n), Vec::with_capacity(n));
        let rows = self.rows.as_slice();
        let mut positions = Vec::with_capacity(rows.len());
        let mut at = 0;
        for _ in 0..n {
            copy_varint(rows, &mut at, &mut deltas);
            norms.push(rows[at]);
            at += 1;
            let count = copy_varint(rows, &mut at, &mut counts);
            for _ in 0..count {
                copy_varint(rows, &mut at, &mut positions);
            }
        }
        put_varint(out, n as u64);
        for column in [deltas, norms, counts, positions] {
            out.extend_from_slice(&column);
        }
    }

    /// Writes count rows as word postings, or as character postings if they hold `norms` (as
    /// every row of a character term does).
    pub fn write_counts(&self, out: &mut Vec<u8>, with_norms: bool) {
        let n = self.docs as usize;
        let (mut deltas, mut norms) = (Vec::with_capacity(2 * n), Vec::with_capacity(n));
        let (mut title, mut body) = (Vec::with_capacity(n), Vec::with_capacity(n));
        let rows = self.rows.as_slice();
        let mut at = 0;
        for _ in 0..n {
            copy_varint(rows, &mut at, &mut deltas);
            if with_norms {
                norms.push(rows[at]);
                at += 1;
            }
            copy_varint(rows, &mut at, &mut title);
            copy_varint(rows, &mut at, &mut body);
        }
        put_varint(out, n as u64);
        for column in [deltas, norms, title, body] {
            out.extend_from_slice(&column);
        }
    }

    /// The documents and ascending positions of positional rows.
    pub fn positional(&self) -> impl Iterator<Item = (u32, Vec<u32>)> + '_ {
        let rows = self.rows.as_slice();
        let mut at = 0;
        let mut doc = 0u32;
        let mut skipped = Vec::new();
        (0..self.docs).map(move |_| {
            doc += copy_varint(rows, &mut at, &mut skipped) as u32;
            at += 1;
            let count = copy_varint(rows, &mut at, &mut skipped);
            let mut pos = 0u32;
            let positions = (0..count)
                .map(|_| {
                    pos += copy_varint(rows, &mut at, &mut skipped) as u32;
                    pos
                })
                .collect();
            skipped.clear();
            (doc, positions)
        })
    }
}

/// Copies the varint at `bytes[*at..]` to `out` as it is, moves past it and returns its value
/// (rows are written whole by [`PostingRows`] itself).
fn copy_varint(bytes: &[u8], at: &mut usize, out: &mut Vec<u8>) -> u64 {
    let mut r = Reader::at(bytes, *at);
    let value = r.varint().expect("rows hold whole varints");
    let end = bytes.len() - r.remaining();
    out.extend_from_slice(&bytes[*at..end]);
    *at = end;
    value
}

/// `n` pairs of frequencies stored by [`PostingRows::write_counts`].
fn read_tfs(r: &mut Reader, n: usize) -> Option<Vec<(u32, u32)>> {
    let mut tfs = Vec::with_capacity(n);
    for _ in 0..n {
        tfs.push((r.varint32()?, 0));
    }
    for tf in &mut tfs {
        tf.1 = r.varint32()?;
    }
    Some(tfs)
}

/// `n` documents stored as deltas by [`PostingRows`]: ascending, no document twice.
fn read_doc_deltas(r: &mut Reader, n: usize) -> Option<Vec<u32>> {
    let mut docs = Vec::with_capacity(n);
    let mut doc = 0u32;
    for i in 0..n {
        let delta = r.varint32()?;
        if i > 0 && delta == 0 {
            return None;
        }
        doc = doc.checked_add(delta)?;
        docs.push(doc);
    }
    Some(docs)
}

/// The most bytes all keys of a term shard may spell per byte of the shard file: the builder's
/// shards spell a few (keys share prefixes and suffixes in the FST); a forged dictionary whose
/// nodes share children could otherwise spell exponentially many.
pub const MAX_KEY_BYTES_PER_BYTE: u64 = 16;

/// A loaded term shard.
pub struct TermShard {
    file: String,
    map: fst::Map<Vec<u8>>,
    postings: Vec<u8>,
}

impl std::fmt::Debug for TermShard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TermShard").field("file", &self.file).field("terms", &self.map.len()).finish()
    }
}

impl TermShard {
    /// Builds a shard file from `(key, postings bytes)` pairs in ascending key order.
    pub fn write(terms: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
        let mut builder = fst::MapBuilder::memory();
        let mut postings = Vec::new();
        for (key, p) in terms {
            assert!(!p.is_empty(), "every term owns postings bytes (the reader counts on it)");
            // Keys arrive sorted and unique from the builder; insertion cannot fail then.
            builder.insert(key, postings.len() as u64).expect("term keys are sorted and unique");
            postings.extend_from_slice(p);
        }
        let fst_bytes = builder.into_inner().expect("in-memory FST write");
        let mut body = Vec::new();
        put_bytes(&mut body, &fst_bytes);
        body.extend_from_slice(&postings);
        Container::write(FileKind::TermShard, &body)
    }

    /// Reads and validates a shard file.
    pub fn from_bytes(file: &str, bytes: &[u8]) -> Result<TermShard> {
        let body = Container::read(file, FileKind::TermShard, bytes)?;
        let mut r = Reader::new(body);
        let fst_bytes = r.bytes().ok_or_else(|| Error::corrupt(file, "bad term dictionary length"))?;
        let postings = r.rest().to_vec();
        // fst trusts the nodes it walks; crate::fstcheck proves them safe first (found by
        // fuzzing: fuzz/regressions/index_reader-fst-*). Every term owns at least one byte of
        // postings, and all keys together are at most MAX_KEY_BYTES_PER_BYTE × the file.
        let key_bytes = (bytes.len() as u64).saturating_mul(MAX_KEY_BYTES_PER_BYTE);
        crate::fstcheck::check(fst_bytes, postings.len() as u64, key_bytes)
            .map_err(|e| Error::corrupt(file, format!("term dictionary: {e}")))?;
        let map =
            fst::Map::new(fst_bytes.to_vec()).map_err(|e| Error::corrupt(file, format!("term dictionary: {e}")))?;
        // Offsets are checked when postings are read: a bad one reads past the end and errs.
        Ok(TermShard { file: file.to_string(), map, postings })
    }

    /// The file this shard was read from.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The postings offset of an exact term.
    pub fn get(&self, key: &[u8]) -> Option<u64> {
        self.map.get(key)
    }

    /// Every `(term, offset)` with `lo <= term < hi`.
    pub fn range(&self, lo: &[u8], hi: Option<&[u8]>) -> Vec<(Vec<u8>, u64)> {
        self.search(fst::automaton::AlwaysMatch, lo, hi)
    }

    /// Every `(term, offset)` with `lo <= term < hi` that `automaton` accepts.
    pub fn search<A: fst::Automaton>(&self, automaton: A, lo: &[u8], hi: Option<&[u8]>) -> Vec<(Vec<u8>, u64)> {
        use fst::{IntoStreamer, Streamer};
        let mut builder = self.map.search(automaton).ge(lo);
        if let Some(hi) = hi {
            builder = builder.lt(hi);
        }
        let mut stream = builder.into_stream();
        let mut out = Vec::new();
        while let Some((k, v)) = stream.next() {
            out.push((k.to_vec(), v));
        }
        out
    }

    /// The number of documents in the postings at `offset` (either kind).
    pub fn doc_count(&self, offset: u64) -> Result<usize> {
        let bad = || Error::corrupt(&self.file, "bad postings");
        Reader::at(&self.postings, usize::try_from(offset).map_err(|_| bad())?).count(1).ok_or_else(bad)
    }

    /// Decodes the positional postings at `offset`.
    pub fn postings(&self, offset: u64) -> Result<PostingList> {
        let bad = || Error::corrupt(&self.file, "bad postings");
        let mut r = Reader::at(&self.postings, usize::try_from(offset).map_err(|_| bad())?);
        let n = r.count(3).ok_or_else(bad)?;
        let mut out = PostingList::with_capacity(n);
        out.docs = read_doc_deltas(&mut r, n).ok_or_else(bad)?;
        out.norms = r.take(n).ok_or_else(bad)?.to_vec();
        let mut end = 0u32;
        for _ in 0..n {
            end = end.checked_add(r.varint32().ok_or_else(bad)?).ok_or_else(bad)?;
            out.ends.push(end);
        }
        // Each position takes a byte at least: a forged count cannot allocate more than the file.
        out.positions.reserve(r.remaining().min(end as usize));
        let mut start = 0;
        for &end in &out.ends {
            let mut pos = 0u32;
            for _ in start..end {
                pos = pos.checked_add(r.varint32().ok_or_else(bad)?).ok_or_else(bad)?;
                out.positions.push(pos);
            }
            start = end;
        }
        Ok(out)
    }

    /// Decodes the word list of a pinyin term at `offset`.
    pub fn word_list(&self, offset: u64) -> Result<Vec<ListedWord>> {
        let bad = || Error::corrupt(&self.file, "bad word list");
        let mut r = Reader::at(&self.postings, usize::try_from(offset).map_err(|_| bad())?);
        let n = r.count(2).ok_or_else(bad)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let word = r.str().ok_or_else(bad)?.to_string();
            let doc_count = r.varint32().ok_or_else(bad)?;
            out.push(ListedWord { word, doc_count });
        }
        Ok(out)
    }

    /// Decodes the word postings at `offset`.
    pub fn word_postings(&self, offset: u64) -> Result<Vec<WordPosting>> {
        let bad = || Error::corrupt(&self.file, "bad word postings");
        let mut r = Reader::at(&self.postings, usize::try_from(offset).map_err(|_| bad())?);
        let n = r.count(3).ok_or_else(bad)?;
        let docs = read_doc_deltas(&mut r, n).ok_or_else(bad)?;
        let tfs = read_tfs(&mut r, n).ok_or_else(bad)?;
        let mut out = Vec::with_capacity(n);
        for (doc, (title_tf, body_tf)) in docs.into_iter().zip(tfs) {
            out.push(WordPosting { doc, title_tf, body_tf });
        }
        Ok(out)
    }

    /// Decodes the character postings at `offset`.
    pub fn char_postings(&self, offset: u64) -> Result<Vec<CharPosting>> {
        let bad = || Error::corrupt(&self.file, "bad character postings");
        let mut r = Reader::at(&self.postings, usize::try_from(offset).map_err(|_| bad())?);
        let n = r.count(4).ok_or_else(bad)?;
        let docs = read_doc_deltas(&mut r, n).ok_or_else(bad)?;
        let norms = r.take(n).ok_or_else(bad)?;
        let tfs = read_tfs(&mut r, n).ok_or_else(bad)?;
        let mut out = Vec::with_capacity(n);
        for ((doc, &norm), (title_tf, body_tf)) in docs.into_iter().zip(norms).zip(tfs) {
            out.push(CharPosting { doc, norm, title_tf, body_tf });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_round_trips() {
        let mut p1 = Vec::new();
        write_postings(
            &mut p1,
            &[Posting { doc: 2, norm: 9, positions: &[1, 5] }, Posting { doc: 7, norm: 3, positions: &[1030] }],
        );
        let mut p2 = Vec::new();
        write_word_postings(&mut p2, &[WordPosting { doc: 4, title_tf: 1, body_tf: 2 }]);
        let mut p3 = Vec::new();
        let listed = vec![
            ListedWord { word: "微短剧".into(), doc_count: 5 },
            ListedWord { word: "为短句".into(), doc_count: 1 },
        ];
        write_word_list(&mut p3, &listed);
        let chars = [
            CharPosting { doc: 2, norm: 9, title_tf: 0, body_tf: 2 },
            CharPosting { doc: 300, norm: 200, title_tf: 3, body_tf: 1000 },
        ];
        let mut p4 = Vec::new();
        write_char_postings(&mut p4, &chars);
        let bytes = TermShard::write(&[
            (b"c\xe4\xb8\xad".to_vec(), p4),
            (b"g\xe4\xb8\xad".to_vec(), p1),
            (b"pweiduanju".to_vec(), p3),
            (b"w\xe4\xb8\xad".to_vec(), p2),
        ]);
        let shard = TermShard::from_bytes("t.bin", &bytes).unwrap();
        let off = shard.get(b"g\xe4\xb8\xad").unwrap();
        let list = shard.postings(off).unwrap();
        let decoded: Vec<(u32, u8, &[u32])> = list.iter().collect();
        assert_eq!(decoded, vec![(2, 9, &[1, 5][..]), (7, 3, &[1030][..])]);
        let off = shard.get(b"w\xe4\xb8\xad").unwrap();
        assert_eq!(shard.word_postings(off).unwrap(), vec![WordPosting { doc: 4, title_tf: 1, body_tf: 2 }]);
        let off = shard.get(b"c\xe4\xb8\xad").unwrap();
        assert_eq!(shard.char_postings(off).unwrap(), chars);
        assert_eq!(shard.range(b"g", Some(b"h")).len(), 1);
        let off = shard.get(b"pweiduanju").unwrap();
        assert_eq!(shard.word_list(off).unwrap(), listed);
        let typo = crate::fuzzy::Fuzzy::new(b"p", "weiduanjv", 1);
        assert_eq!(shard.search(typo, b"p", Some(b"q")), vec![(b"pweiduanju".to_vec(), off)]);
    }

    #[test]
    fn posting_rows_give_back_what_was_pushed() {
        let mut rows = PostingRows::default();
        let docs: [(u32, &[u32]); 3] =
            [(3, &[0, 7, 1029]), (200, &[]), (70_000, &[crate::format::BODY_BASE, u32::MAX - 1])];
        for (doc, positions) in docs {
            rows.push_positions(doc, 5, positions);
        }
        assert_eq!(rows.docs(), 3);
        let back: Vec<(u32, Vec<u32>)> = rows.positional().collect();
        assert_eq!(back, docs.iter().map(|(d, p)| (*d, p.to_vec())).collect::<Vec<_>>());
        let mut bytes = Vec::new();
        rows.write_positional(&mut bytes);
        let shard = TermShard::write(&[(b"g".to_vec(), bytes)]);
        let shard = TermShard::from_bytes("t.bin", &shard).unwrap();
        let list = shard.postings(shard.get(b"g").unwrap()).unwrap();
        let decoded: Vec<(u32, Vec<u32>)> = list.iter().map(|(d, _, p)| (d, p.to_vec())).collect();
        assert_eq!(decoded, back);
    }

    #[test]
    fn truncated_character_postings_are_refused() {
        let mut p = Vec::new();
        write_char_postings(&mut p, &[CharPosting { doc: 2, norm: 9, title_tf: 1, body_tf: 2 }; 1]);
        for cut in 1..p.len() {
            let bytes = TermShard::write(&[(b"c\xe4\xb8\xad".to_vec(), p[..cut].to_vec())]);
            let shard = TermShard::from_bytes("t.bin", &bytes).unwrap();
            let off = shard.get(b"c\xe4\xb8\xad").unwrap();
            assert!(matches!(shard.char_postings(off), Err(Error::Corrupt { .. })), "cut at {cut}");
        }
    }
}
