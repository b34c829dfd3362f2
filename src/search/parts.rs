//! What an item must hold to match a query: one [`Part`] per query word, or one per piece of a
//! run-together word (see [`super::split`]), each with every way it was found (as typed, by a
//! reading, through another name of an alias group) and the tier of each.

use super::matching::{lone_char, GroupMatches, TIER_ALIAS, TIER_SPLIT_CLOSE};
use super::split::{candidate_words, cjk_runs, pieces, run_text, sub_group};
use super::{DocId, Index, Need};
use crate::analysis::{alias_key, compound_key, units, word_key, UnitKind};
use crate::error::Result;
use crate::query::Group;
use std::ops::Range;

/// One thing an item must hold.
#[derive(Debug, Default)]
pub(super) struct Part {
    /// Every document that holds it, the best way each does.
    pub(super) matches: GroupMatches,
    /// Documents where it is a whole word of the build-time segmenter.
    pub(super) whole: Vec<DocId>,
    /// What to highlight: the word as typed and every other form that found something.
    pub(super) shown: Vec<Group>,
    /// The word as typed, to name it when an item lacks it.
    pub(super) label: String,
    /// Whether an item may lack it in a partial match: a word, not a character that only counts
    /// beside its neighbours.
    pub(super) word: bool,
    /// The query word it is a piece of, when that word was split.
    pub(super) split_of: Option<usize>,
}

/// A name of an alias group found for a query word: its group, for matching and highlighting.
pub(super) fn name_group(name: &str) -> Group {
    Group { text: name.to_string(), units: units(name), prefix: false, span: 0..0, phrase: false }
}

impl Index {
    /// The other names of the alias group `text` is a name of (none when it is not one), those
    /// that occur in the index, most documents first.
    pub(super) fn alias_names(&self, text: &str, need: &mut Need) -> Result<Vec<String>> {
        let mut listed = self.word_lists(&alias_key(text), false, need)?;
        listed.sort_by_key(|w| std::cmp::Reverse(w.doc_count));
        Ok(listed.into_iter().map(|l| l.word).collect())
    }

    /// The matches of every alias name of `names`, in tier [`TIER_ALIAS`], with the names that
    /// found something.
    pub(super) fn alias_matches(&self, names: &[String], need: &mut Need) -> Result<(GroupMatches, Vec<Group>)> {
        let mut all = GroupMatches::default();
        let mut found = Vec::new();
        for name in names {
            let group = name_group(name);
            let m = self.match_group(&group, need)?;
            if !m.is_empty() {
                all = all.union(m.in_tier(TIER_ALIAS));
                found.push(group);
            }
        }
        Ok((all, found))
    }

    /// The unit ranges of `group`'s CJK runs that are words of the index: the segmenter's `w`
    /// words (not the compounds of two of them, which the `k` markers name: 短剧大赛 is two words,
    /// and an item holding 短剧 and 大赛 apart holds them) or names of alias groups. (Their
    /// shards, and the key pages naming them, are pushed to `need`.)
    pub(super) fn vocabulary(&self, group: &Group, need: &mut Need) -> Vec<Range<usize>> {
        let mut words = Vec::new();
        for run in cjk_runs(&group.units) {
            for r in candidate_words(run) {
                let text = run_text(&group.units, r.clone());
                let word = self.term(&word_key(&text), need).next().is_some();
                let compound = self.term(&compound_key(&text), need).next().is_some();
                let is_word = word && !compound || self.term(&alias_key(&text), need).next().is_some();
                if is_word {
                    words.push(r);
                }
            }
        }
        words
    }

    /// The parts of query word `gi`, `group`, split into the index's words `vocabulary` (see
    /// [`super::split`]); `None` when it is one piece, or only characters (a character counts
    /// beside a word, and characters beside characters are no words). Every part is in tier
    /// [`TIER_SPLIT_CLOSE`] (the scoring moves an item whose pieces stand apart one tier down).
    pub(super) fn split_parts(
        &self,
        gi: usize,
        group: &Group,
        vocabulary: &[Range<usize>],
        need: &mut Need,
    ) -> Result<Option<Vec<Part>>> {
        let ranges = pieces(&group.units, |r| vocabulary.contains(&r));
        let has_word = ranges.iter().any(|r| r.len() > 1 || matches!(group.units[r.start].kind, UnitKind::Word(_)));
        if ranges.len() < 2 || !has_word {
            return Ok(None);
        }
        let mut parts = Vec::with_capacity(ranges.len());
        for (k, r) in ranges.iter().enumerate() {
            let piece = sub_group(group, r.clone());
            let lone = lone_char(&piece).is_some();
            let mut part = Part { label: piece.text.clone(), word: !lone, split_of: Some(gi), ..Part::default() };
            if lone {
                // A character counts only beside a neighbouring piece, as in the query: the
                // phrases it forms with the piece before and the piece after it.
                let before = k.checked_sub(1).map(|b| ranges[b].start..r.end);
                let after = ranges.get(k + 1).map(|a| r.start..a.end);
                for phrase in before.into_iter().chain(after) {
                    let g = sub_group(group, phrase);
                    let m = self.match_group(&g, need)?;
                    if !m.is_empty() {
                        part.matches = std::mem::take(&mut part.matches).union(m);
                        part.shown.push(g);
                    }
                }
            } else {
                part.matches = self.match_group(&piece, need)?;
                if !part.matches.is_empty() {
                    part.shown.push(piece.clone());
                }
                let is_cjk_word =
                    piece.units.len() >= 2 && piece.units.iter().all(|u| matches!(u.kind, UnitKind::Cjk(_)));
                if is_cjk_word {
                    part.whole = self.word_docs(&run_text(&piece.units, 0..piece.units.len()), need)?;
                    let (aliases, found) = self.alias_matches(&self.alias_names(&piece.text, need)?, need)?;
                    part.matches = std::mem::take(&mut part.matches).union(aliases);
                    part.shown.extend(found);
                }
            }
            part.matches = std::mem::take(&mut part.matches).in_tier(TIER_SPLIT_CLOSE);
            parts.push(part);
        }
        Ok(Some(parts))
    }
}
