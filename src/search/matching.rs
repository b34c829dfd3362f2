//! Phrase matching: the documents where a query word's pieces occur at their offsets, with the
//! start positions of each occurrence ([`GroupMatches`]), and the ascending-list cursors the
//! engine walks documents with.

use super::score::PREFIX_PENALTY;
use super::{DocId, Index, Need};
use crate::analysis::{query_pieces, Piece, UnitKind};
use crate::error::Result;
use crate::format::{char_key, BODY_BASE};
use crate::query::Group;

/// Occurrences of one group in one document.
#[derive(Debug, Clone, Copy)]
pub(super) struct Occurrences<'a> {
    pub(super) norm: u8,
    /// Start positions of the matched units (none from a character's counts, see
    /// [`Index::char_matches`]).
    pub(super) starts: &'a [u32],
    /// Occurrences in the title and in the body.
    pub(super) tf: [u32; 2],
    /// Units a match spans (for proximity).
    pub(super) len: u32,
    /// Score factor: 1 for a verbatim match, less for a prefix or a reading of tier 2.
    pub(super) weight: f32,
    /// How the document was reached (see [`Tier`]).
    pub(super) tier: Tier,
}

/// How a query word reached a document, best first: the ranking's first key (see the module
/// docs of [`crate::search`]).
pub(super) type Tier = u8;
/// The word as typed (verbatim, or by its pinyin, initials or a typo reading).
pub(super) const TIER_DIRECT: Tier = 0;
/// Another name of the same body, from the synonyms list.
pub(super) const TIER_ALIAS: Tier = 1;
/// The pieces of a run-together word, close together in one field (one tier more where a piece
/// was reached through another name).
pub(super) const TIER_SPLIT_CLOSE: Tier = 2;
/// The pieces of a run-together word, anywhere in the item (one tier more where a piece was
/// reached through another name).
pub(super) const TIER_SPLIT: Tier = 4;

/// The documents one query group matches, ascending, with its occurrences in each. Stored by
/// column, the start positions of every document in one vector: a keystroke matches thousands of
/// documents, and a vector per document was an allocation each.
#[derive(Debug, Default)]
pub(super) struct GroupMatches {
    pub(super) docs: Vec<DocId>,
    norms: Vec<u8>,
    lens: Vec<u32>,
    pub(super) weights: Vec<f32>,
    tiers: Vec<Tier>,
    tfs: Vec<[u32; 2]>,
    /// Where each document's start positions end in `starts`.
    ends: Vec<u32>,
    starts: Vec<u32>,
}

impl GroupMatches {
    pub(super) fn len(&self) -> usize {
        self.docs.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Appends a document (ids must ascend).
    pub(super) fn push(&mut self, doc: DocId, o: Occurrences) {
        self.docs.push(doc);
        self.norms.push(o.norm);
        self.lens.push(o.len);
        self.weights.push(o.weight);
        self.tiers.push(o.tier);
        self.tfs.push(o.tf);
        self.starts.extend_from_slice(o.starts);
        self.ends.push(self.starts.len() as u32);
    }

    /// The occurrences in the `i`th document.
    pub(super) fn at(&self, i: usize) -> Occurrences<'_> {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        Occurrences {
            norm: self.norms[i],
            starts: &self.starts[start..self.ends[i] as usize],
            tf: self.tfs[i],
            len: self.lens[i],
            weight: self.weights[i],
            tier: self.tiers[i],
        }
    }

    /// The same matches, every document reached in `tier`.
    pub(super) fn in_tier(mut self, tier: Tier) -> GroupMatches {
        self.tiers.iter_mut().for_each(|t| *t = tier);
        self
    }

    /// The same matches, every document `by` tiers further down.
    pub(super) fn below(mut self, by: Tier) -> GroupMatches {
        self.tiers.iter_mut().for_each(|t| *t += by);
        self
    }

    pub(super) fn contains(&self, doc: DocId) -> bool {
        self.docs.binary_search(&doc).is_ok()
    }

    /// The documents in every one of `all`, with the occurrences of the first (the words of a
    /// piece made of several words: where the first stands).
    pub(super) fn all_of(all: Vec<GroupMatches>) -> GroupMatches {
        let mut lists = all.into_iter();
        let Some(first) = lists.next() else { return GroupMatches::default() };
        let rest: Vec<GroupMatches> = lists.collect();
        let mut out = GroupMatches::default();
        let mut cursors = vec![0usize; rest.len()];
        'docs: for (i, &doc) in first.docs.iter().enumerate() {
            for (list, at) in rest.iter().zip(&mut cursors) {
                *at += count_below(&list.docs[*at..], doc);
                if list.docs.get(*at) != Some(&doc) {
                    continue 'docs;
                }
            }
            out.push(doc, first.at(i));
        }
        out
    }

    /// Both sets of matches; a document in both keeps the occurrences of the better tier, then
    /// of higher weight (this side's on a tie).
    pub(super) fn union(self, other: GroupMatches) -> GroupMatches {
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
                    let better = (q.tier, -q.weight) < (p.tier, -p.weight);
                    out.push(d, if better { q } else { p });
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

impl Index {
    /// Documents where all pieces occur at their offsets, with the start positions: added to
    /// `out` with a match length of `len` and `weight`.
    pub(super) fn match_pieces(
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
                out.push(doc, Occurrences { norm, starts: &starts, tf, len, weight, tier: TIER_DIRECT });
            }
        }
        Ok(())
    }

    /// Matches of a group: exact matches, plus prefix-only matches of an open last Latin token.
    pub(super) fn match_group(&self, group: &Group, need: &mut Need) -> Result<GroupMatches> {
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
    pub(super) fn char_matches(&self, c: char, need: &mut Need) -> Result<GroupMatches> {
        let mut out = GroupMatches::default();
        for (shard, offset) in self.term(&char_key(c), need) {
            for p in shard.char_postings(offset)? {
                out.push(
                    p.doc,
                    Occurrences {
                        norm: p.norm,
                        starts: &[],
                        tf: [p.title_tf, p.body_tf],
                        len: 1,
                        weight: 1.0,
                        tier: TIER_DIRECT,
                    },
                );
            }
        }
        Ok(out)
    }

    /// Docs in which the group is a whole segmenter word (only for single CJK runs).
    pub(super) fn whole_word_docs(&self, group: &Group, need: &mut Need) -> Result<Vec<DocId>> {
        match cjk_run(group).filter(|r| r.chars().count() >= 2) {
            Some(run) => self.word_docs(&run, need),
            None => Ok(Vec::new()),
        }
    }
}

/// The character of a group of one CJK character.
pub(super) fn lone_char(group: &Group) -> Option<char> {
    match group.units.as_slice() {
        [unit] => match unit.kind {
            UnitKind::Cjk(c) => Some(c),
            UnitKind::Word(_) => None,
        },
        _ => None,
    }
}

/// The query word of a group that is one Latin/number token (`turbo`, `weiduanju`), if it is.
pub(super) fn single_word(group: &Group) -> Option<&str> {
    match group.units.as_slice() {
        [u] => match &u.kind {
            UnitKind::Word(w) if u.compound.is_none() => Some(w.as_str()),
            _ => None,
        },
        _ => None,
    }
}

/// The characters of a group that is one unbroken CJK run (folded), if it is.
pub(super) fn cjk_run(group: &Group) -> Option<String> {
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

/// The first index from `at` on where `docs` (ascending) holds `doc` or more, stepping: for
/// cursors that visit most of their list's documents in order.
pub(super) fn step_to(docs: &[DocId], mut at: usize, doc: DocId) -> usize {
    while docs.get(at).is_some_and(|&x| x < doc) {
        at += 1;
    }
    at
}

/// How many of `docs` (ascending) are below `end`: a galloping search from the front, as the runs
/// of sections that cut a query's documents into facets are short (a few documents each), and a
/// phrase's cursor over another piece's documents mostly moves one or two.
pub(super) fn count_below(docs: &[DocId], end: DocId) -> usize {
    let mut bound = 1;
    while bound < docs.len() && docs[bound - 1] < end {
        bound *= 2;
    }
    let from = bound / 2;
    from + docs[from..bound.min(docs.len())].partition_point(|&d| d < end)
}

/// The documents in both ascending lists.
pub(super) fn intersect(a: &[DocId], b: &[DocId]) -> Vec<DocId> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse_query;
    use crate::search::tests::{cjk_chars, open_all, twenty_issues};

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
    fn intersect_merges_ascending_lists() {
        assert_eq!(intersect(&[1, 3, 5, 9], &[2, 3, 9, 10]), vec![3, 9]);
        assert_eq!(intersect(&[], &[1]), Vec::<DocId>::new());
    }
}
