//! Shard lookup: the term shards (and key pages) a key range needs in every segment, the
//! postings of a query piece merged over its terms and segments, and the [`PieceCache`] of the
//! pieces searched last.

use super::DocId;
use super::{Index, Need};
use crate::analysis::Piece;
use crate::error::Result;
use crate::format::{word_key, ListedWord, PostingList, TermShard};
use crate::fuzzy::{edit_distance, prefix_edit_distance, Fuzzy};
use crate::order::{minor, sort_key, sort_u32, sorted_keys};
use std::collections::BTreeMap;
use std::rc::Rc;

/// The decoded (and, for a prefix, merged) postings of the pieces searched last, most recent
/// last, up to [`PieceCache::BYTES`] of lists. Typing extends a query by a character at a time, so
/// each keystroke repeats most of the pieces of the one before (微短 → 微短剧: the gram 微短),
/// and the lists of common grams are the larger part of a search's work to decode. Only the
/// postings of a piece whose shards were all supplied are kept: supplied files never change, so
/// a kept list stays true.
#[derive(Debug, Default)]
pub(super) struct PieceCache {
    entries: Vec<(Vec<u8>, bool, Rc<PostingList>)>,
    bytes: usize,
}

impl PieceCache {
    /// At most this many bytes of lists (4 MiB: a few of the commonest grams at 100,000 items).
    const BYTES: usize = 4 << 20;
    /// At most this many lists (each lookup is a linear scan).
    const ENTRIES: usize = 64;

    pub(super) fn get(&mut self, piece: &Piece) -> Option<Rc<PostingList>> {
        let at = self.entries.iter().position(|(key, prefix, _)| *prefix == piece.prefix && *key == piece.key)?;
        let entry = self.entries.remove(at);
        let list = entry.2.clone();
        self.entries.push(entry);
        Some(list)
    }

    pub(super) fn put(&mut self, piece: &Piece, list: Rc<PostingList>) {
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

impl Index {
    pub(super) fn piece_range(piece: &Piece) -> (Vec<u8>, Option<Vec<u8>>) {
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
    pub(super) fn shards_for(&self, lo: &[u8], hi: Option<&[u8]>, need: &mut Need) -> Vec<&TermShard> {
        self.shards_in(lo, hi, need).0
    }

    /// The term `key` in each segment that holds it: its shard and its offset there (in segment
    /// order, so documents ascend), with the missing shards (or key pages) pushed to `need`.
    pub(super) fn term<'a>(&'a self, key: &'a [u8], need: &mut Need) -> impl Iterator<Item = (&'a TermShard, u64)> {
        let mut hi = key.to_vec();
        hi.push(0);
        self.shards_for(key, Some(&hi), need).into_iter().filter_map(move |s| Some((s, s.get(key)?)))
    }

    /// [`Self::shards_for`], and whether none was missing.
    pub(super) fn shards_in(&self, lo: &[u8], hi: Option<&[u8]>, need: &mut Need) -> (Vec<&TermShard>, bool) {
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
    pub(super) fn piece_postings(&self, piece: &Piece, need: &mut Need) -> Result<Rc<PostingList>> {
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
    pub(super) fn merged_postings(
        piece: &Piece,
        lo: &[u8],
        hi: Option<&[u8]>,
        shards: &[&TermShard],
    ) -> Result<PostingList> {
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

    /// The word lists of the terms `key` (or of every term starting with it: `prefix`): pinyin,
    /// initials, or the words that start with a character.
    pub(super) fn word_lists(&self, key: &[u8], prefix: bool, need: &mut Need) -> Result<Vec<ListedWord>> {
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
    pub(super) fn fuzzy_terms(
        &self,
        prefix: &[u8],
        word: &str,
        max: u8,
        open: bool,
        need: &mut Need,
    ) -> Vec<FuzzyTerm<'_>> {
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

    /// The documents of a `w` word (where the segmenter saw it), ascending.
    pub(super) fn word_docs(&self, word: &str, need: &mut Need) -> Result<Vec<DocId>> {
        let mut out = Vec::new();
        for (shard, offset) in self.term(&word_key(word), need) {
            out.extend(shard.word_postings(offset)?.into_iter().map(|p| p.doc));
        }
        Ok(out)
    }
}

/// A term found by [`Index::fuzzy_terms`]: its text after the prefix, its edit distance, and
/// (shard, postings offset) in each segment that holds it.
pub(super) type FuzzyTerm<'a> = (String, usize, Vec<(&'a TermShard, u64)>);

/// One entry per word, with the documents of its entries (from several segments) added up; in
/// order of first appearance.
pub(super) fn add_up(listed: Vec<ListedWord>) -> Vec<ListedWord> {
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

/// The smallest key greater than every key starting with `prefix` (None: no such key).
pub(super) fn prefix_successor(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut hi = prefix.to_vec();
    while let Some(last) = hi.pop() {
        if last < 0xff {
            hi.push(last + 1);
            return Some(hi);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn prefix_successor_is_the_range_end() {
        assert_eq!(prefix_successor(b"ta"), Some(b"tb".to_vec()));
        assert_eq!(prefix_successor(&[b't', 0xff]), Some(b"u".to_vec()));
        assert_eq!(prefix_successor(&[0xff]), None);
    }
}
