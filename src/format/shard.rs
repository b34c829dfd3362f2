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
use crate::bytes::{put_bytes, put_str, put_varint, Reader};
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
    put_doc_deltas(out, postings.iter().map(|p| p.doc));
    out.extend(postings.iter().map(|p| p.norm));
    for p in postings {
        put_varint(out, p.positions.len() as u64);
    }
    for p in postings {
        let mut last = 0;
        for &pos in p.positions {
            put_varint(out, u64::from(pos - last));
            last = pos;
        }
    }
}

/// The count, then the documents (ascending) as deltas: the first column of both kinds of
/// postings.
fn put_doc_deltas(out: &mut Vec<u8>, docs: impl ExactSizeIterator<Item = u32>) {
    put_varint(out, docs.len() as u64);
    let mut prev = 0;
    for doc in docs {
        put_varint(out, u64::from(doc - prev));
        prev = doc;
    }
}

/// Encodes word postings (ascending by doc).
pub fn write_word_postings(out: &mut Vec<u8>, postings: &[WordPosting]) {
    put_doc_deltas(out, postings.iter().map(|p| p.doc));
    put_tfs(out, postings.iter().map(|p| (p.title_tf, p.body_tf)));
}

/// Encodes character postings (ascending by doc).
pub fn write_char_postings(out: &mut Vec<u8>, postings: &[CharPosting]) {
    put_doc_deltas(out, postings.iter().map(|p| p.doc));
    out.extend(postings.iter().map(|p| p.norm));
    put_tfs(out, postings.iter().map(|p| (p.title_tf, p.body_tf)));
}

/// The title frequencies, then the body frequencies: the last two columns of word and character
/// postings.
fn put_tfs(out: &mut Vec<u8>, tfs: impl Iterator<Item = (u32, u32)> + Clone) {
    for (title_tf, _) in tfs.clone() {
        put_varint(out, u64::from(title_tf));
    }
    for (_, body_tf) in tfs {
        put_varint(out, u64::from(body_tf));
    }
}

/// `n` pairs of frequencies stored by [`put_tfs`].
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

/// `n` documents stored by [`put_doc_deltas`]: ascending, no document twice.
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
