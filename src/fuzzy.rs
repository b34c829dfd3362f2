//! Typo tolerance: a Levenshtein automaton that runs over the term dictionary's FST.
//!
//! [`Fuzzy`] matches the keys that start with a fixed byte prefix (a tag byte, and for CJK words
//! their first character) followed by a string within `max` edits of the query. An edit is an
//! insertion, deletion or substitution of a character, or a swap of two adjacent ones (`trubo` →
//! `turbo`: the optimal-string-alignment distance, [`edit_distance`]). The automaton computes one
//! row of the edit-distance table per character as the FST is walked, so a branch is abandoned as
//! soon as no key below it can be within `max` edits, and nothing is built ahead of the walk.
//! (fst's own `Levenshtein`, which builds a DFA up front and knows no swaps, adds about 6 KB
//! gzipped to the Wasm engine.)
//!
//! [`Fuzzy::prefix`] accepts a key when some prefix of it is that close instead, for the word
//! still being typed (`youtuv` → `youtube`).
//!
//! Budgets, by the length of the query word in characters: a word that finds nothing is read
//! with [`typo_budget`] edits (1 from 4 characters, 2 from 8) and those readings rank below exact
//! and prefix matches; a query that still finds nothing gets "did you mean" suggestions within
//! [`suggestion_budget`] edits (1 from 3 characters, 2 from 5).

use fst::Automaton;

/// Edits a query word of `len` characters may have and still find items ([`typo_budget`]).
pub fn typo_budget(len: usize) -> u8 {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Edits a word that found nothing may have to a "did you mean" suggestion.
pub fn suggestion_budget(len: usize) -> u8 {
    match len {
        0..=2 => 0,
        3..=4 => 1,
        _ => 2,
    }
}

/// Edits between two strings, in characters (insertions, deletions, substitutions, swaps of
/// adjacent characters: optimal string alignment), for ranking what [`Fuzzy`] found.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut before: Vec<usize> = Vec::new();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut next = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            next[j] = (row[j - 1] + usize::from(a[i - 1] != b[j - 1])).min(row[j] + 1).min(next[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                next[j] = next[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut row, next);
    }
    row[b.len()]
}

/// Edits between `query` and the closest prefix of `text` (see [`Fuzzy::prefix`]).
pub fn prefix_edit_distance(query: &str, text: &str) -> usize {
    let mut best = edit_distance(query, "");
    for (i, c) in text.char_indices() {
        best = best.min(edit_distance(query, text.get(..i + c.len_utf8()).unwrap_or_default()));
    }
    best
}

/// Keys `prefix` + s with `edit_distance(s, query) <= max` (or, for [`Fuzzy::prefix`], with
/// some prefix of s that close).
#[derive(Debug, Clone)]
pub struct Fuzzy {
    prefix: Vec<u8>,
    query: Vec<char>,
    max: u8,
    open: bool,
}

/// Where the walk is: inside the fixed prefix, or past it with the last row of the table and
/// the bytes of a character not yet complete.
#[derive(Debug, Clone)]
pub enum FuzzyState {
    /// This many bytes of the prefix matched.
    Prefix(usize),
    /// Past the prefix.
    Row {
        /// Edit distances of the text so far to each prefix of the query, capped at `max + 1`.
        row: Vec<u8>,
        /// The row before, for swaps (empty at the start).
        before: Vec<u8>,
        /// A prefix of the text read so far was within budget (only for [`Fuzzy::prefix`]).
        matched: bool,
        /// The last complete character read.
        last: Option<char>,
        /// The code point bits read so far of an incomplete UTF-8 sequence.
        partial: u32,
        /// Continuation bytes still expected.
        pending: u8,
    },
    /// No key below here matches.
    Dead,
}

impl Fuzzy {
    /// An automaton for `prefix` followed by a string within `max` edits of `query`.
    pub fn new(prefix: &[u8], query: &str, max: u8) -> Fuzzy {
        Fuzzy { prefix: prefix.to_vec(), query: query.chars().collect(), max, open: false }
    }

    /// An automaton for `prefix` followed by a string that starts with one within `max` edits of
    /// `query`: the completions of a word typed with a typo.
    pub fn prefix(prefix: &[u8], query: &str, max: u8) -> Fuzzy {
        Fuzzy { open: true, ..Fuzzy::new(prefix, query, max) }
    }

    fn first_row(&self) -> FuzzyState {
        let cap = self.max.saturating_add(1);
        let row: Vec<u8> = (0..=self.query.len()).map(|i| u8::try_from(i).unwrap_or(u8::MAX).min(cap)).collect();
        let matched = self.open && row.last().is_some_and(|&d| d <= self.max);
        FuzzyState::Row { row, before: Vec::new(), matched, last: None, partial: 0, pending: 0 }
    }

    fn step(&self, row: &[u8], before: &[u8], matched: bool, last: Option<char>, c: char) -> FuzzyState {
        let cap = self.max.saturating_add(1);
        let mut next = Vec::with_capacity(row.len());
        next.push(row[0].saturating_add(1).min(cap));
        for j in 1..row.len() {
            let substitute = row[j - 1].saturating_add(u8::from(self.query[j - 1] != c));
            let mut v = substitute.min(row[j].saturating_add(1)).min(next[j - 1].saturating_add(1));
            if j > 1 && !before.is_empty() && c == self.query[j - 2] && last == Some(self.query[j - 1]) {
                v = v.min(before[j - 2].saturating_add(1));
            }
            next.push(v.min(cap));
        }
        let matched = matched || self.open && next.last().is_some_and(|&d| d <= self.max);
        // A later swap can still reach back to `row`, one edit more.
        let alive = |r: &[u8], extra: u8| r.iter().any(|&v| v.saturating_add(extra) <= self.max);
        if matched || alive(&next, 0) || alive(row, 1) {
            FuzzyState::Row { row: next, before: row.to_vec(), matched, last: Some(c), partial: 0, pending: 0 }
        } else {
            FuzzyState::Dead
        }
    }
}

impl Automaton for Fuzzy {
    type State = FuzzyState;

    fn start(&self) -> FuzzyState {
        if self.prefix.is_empty() {
            self.first_row()
        } else {
            FuzzyState::Prefix(0)
        }
    }

    fn is_match(&self, state: &FuzzyState) -> bool {
        match state {
            FuzzyState::Row { row, matched, pending: 0, .. } => *matched || row.last().is_some_and(|&d| d <= self.max),
            _ => false,
        }
    }

    fn can_match(&self, state: &FuzzyState) -> bool {
        !matches!(state, FuzzyState::Dead)
    }

    fn accept(&self, state: &FuzzyState, byte: u8) -> FuzzyState {
        match state {
            FuzzyState::Dead => FuzzyState::Dead,
            FuzzyState::Prefix(n) => {
                if self.prefix.get(*n) != Some(&byte) {
                    FuzzyState::Dead
                } else if n + 1 == self.prefix.len() {
                    self.first_row()
                } else {
                    FuzzyState::Prefix(n + 1)
                }
            }
            FuzzyState::Row { row, before, matched, last, partial, pending } => {
                let (partial, pending) = match (*pending, byte) {
                    (0, 0x00..=0x7f) => (u32::from(byte), 0),
                    (0, 0xc0..=0xdf) => (u32::from(byte & 0x1f), 1),
                    (0, 0xe0..=0xef) => (u32::from(byte & 0x0f), 2),
                    (0, 0xf0..=0xf7) => (u32::from(byte & 0x07), 3),
                    (p, 0x80..=0xbf) if p > 0 => ((partial << 6) | u32::from(byte & 0x3f), p - 1),
                    _ => return FuzzyState::Dead,
                };
                if pending > 0 {
                    let (row, before) = (row.clone(), before.clone());
                    return FuzzyState::Row { row, before, matched: *matched, last: *last, partial, pending };
                }
                match char::from_u32(partial) {
                    Some(c) => self.step(row, before, *matched, *last, c),
                    None => FuzzyState::Dead,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::{IntoStreamer, Set, Streamer};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn automaton_agrees_with_edit_distance(
            words in proptest::collection::btree_set("[abé]{0,6}", 1..24),
            query in "[abé]{0,5}",
            max in 0u8..4,
        ) {
            let keys: Vec<String> = words.iter().map(|w| format!("t{w}")).collect();
            let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
            let want: Vec<String> =
                keys.iter().filter(|k| edit_distance(&k[1..], &query) <= usize::from(max)).cloned().collect();
            prop_assert_eq!(found(&refs, "t", &query, max), want);
            let want: Vec<String> =
                keys.iter().filter(|k| prefix_edit_distance(&query, &k[1..]) <= usize::from(max)).cloned().collect();
            prop_assert_eq!(search(&refs, Fuzzy::prefix(b"t", &query, max)), want);
        }
    }

    fn found(keys: &[&str], prefix: &str, query: &str, max: u8) -> Vec<String> {
        search(keys, Fuzzy::new(prefix.as_bytes(), query, max))
    }

    fn search(keys: &[&str], automaton: Fuzzy) -> Vec<String> {
        let mut keys: Vec<&str> = keys.to_vec();
        keys.sort_unstable();
        let set = Set::from_iter(keys).unwrap();
        let mut stream = set.search(automaton).into_stream();
        let mut out = vec![];
        while let Some(k) = stream.next() {
            out.push(String::from_utf8(k.to_vec()).unwrap());
        }
        out
    }

    #[test]
    fn finds_keys_within_the_budget_after_the_prefix() {
        let keys = ["tturbo", "tturbine", "ttubro", "tturbos", "gturbo", "ttur", "tqwen"];
        assert_eq!(found(&keys, "t", "turbo", 1), vec!["ttubro", "tturbo", "tturbos"]);
        assert_eq!(found(&keys, "t", "turbo", 2), vec!["ttubro", "ttur", "tturbo", "tturbos"]);
        assert_eq!(found(&keys, "t", "trubo", 1), vec!["tturbo"]);
        assert_eq!(found(&keys, "t", "utbro", 2), vec!["ttubro", "tturbo"]);
        assert_eq!(found(&keys, "t", "turbo", 0), vec!["tturbo"]);
        assert_eq!(found(&keys, "", "gturbo", 1), vec!["gturbo", "tturbo"]);
    }

    #[test]
    fn prefix_automaton_completes_a_word_typed_with_a_typo() {
        let keys = ["tyoutube", "tyoutu", "tyoga", "tturbo"];
        assert_eq!(search(&keys, Fuzzy::prefix(b"t", "youtuv", 1)), vec!["tyoutu", "tyoutube"]);
        assert_eq!(search(&keys, Fuzzy::prefix(b"t", "yo", 0)), vec!["tyoga", "tyoutu", "tyoutube"]);
        assert_eq!(prefix_edit_distance("youtuv", "youtube"), 1);
        assert_eq!(prefix_edit_distance("youtuv", "turbo"), 4);
    }

    #[test]
    fn counts_characters_not_bytes() {
        let keys = ["w微短剧", "w微短视频", "w微信", "w短剧"];
        assert_eq!(found(&keys, "w微", "短据", 1), vec!["w微短剧"]);
        assert_eq!(found(&keys, "w", "微短据", 1), vec!["w微短剧"]);
        assert_eq!(edit_distance("微短剧", "微短据"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("trubo", "turbo"), 1);
        assert_eq!(edit_distance("ca", "abc"), 3);
    }

    #[test]
    fn agrees_with_edit_distance() {
        let words =
            ["tencent", "tencet", "tenant", "ten", "tecnent", "xtencent", "tencentx", "tncnt", "etncetn", "tenecnt"];
        let keys: Vec<String> = words.iter().map(|w| format!("t{w}")).collect();
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        for max in 0..=3u8 {
            let got = found(&refs, "t", "tencent", max);
            let mut want: Vec<String> = words
                .iter()
                .filter(|w| edit_distance(w, "tencent") <= usize::from(max))
                .map(|w| format!("t{w}"))
                .collect();
            want.sort();
            assert_eq!(got, want, "max {max}");
        }
    }
}
