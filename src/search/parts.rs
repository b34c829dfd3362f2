//! What an item must hold to match a query: one [`Part`] per query word, or one per piece of a
//! run-together word (see [`super::split`]), each with every way it was found (as typed, by a
//! reading, through another name of an alias group) and the tier of each.

use super::matching::{lone_char, GroupMatches, TIER_ALIAS, TIER_DIRECT, TIER_SPLIT_CLOSE};
use super::split::{candidate_words, cjk_runs, pieces, run_text, segment, sub_group, word_weight, Word};
use super::{DocId, Index, Need};
use crate::analysis::{alias_key, units, UnitKind};
use crate::error::Result;
use crate::format::{compound_key, word_key};
use crate::order::{minor, sort_key, sorted_keys};
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
        let listed = self.word_lists(&alias_key(text), false, need)?;
        // (By keys: a sort of another type would add its own copy of the sort code to the module.)
        let order = sorted_keys(listed.iter().enumerate().map(|(i, l)| sort_key(!l.doc_count, i as u32)));
        Ok(order.into_iter().map(|k| listed[minor(k) as usize].word.clone()).collect())
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

    /// The words of the index in `group`'s CJK runs: the segmenter's `w` words, the compounds
    /// the builder adds to them (微短剧, 网络视听) and the names of alias groups, as unit ranges.
    /// Their shards (and the key pages naming them) are pushed to `need`, with those of the names
    /// the Latin pieces may be.
    pub(super) fn vocabulary(&self, group: &Group, need: &mut Need) -> Result<Vocabulary> {
        let mut vocabulary = Vocabulary::default();
        for run in cjk_runs(&group.units) {
            for r in candidate_words(run) {
                let text = run_text(&group.units, r.clone());
                let key = word_key(&text);
                let mut docs = 0;
                let mut word = false;
                for (shard, offset) in self.term(&key, need) {
                    docs += shard.doc_count(offset)?;
                    word = true;
                }
                let compound = self.term(&compound_key(&text), need).next().is_some();
                let name = self.term(&alias_key(&text), need).next().is_some();
                if word && !compound {
                    vocabulary.segmenter.push(r.clone());
                }
                if word {
                    vocabulary.indexed.push(r.clone());
                }
                if word || name {
                    // A name typed is one piece, with its other names, rather than its words.
                    let weight = if name { NAME_WEIGHT } else { word_weight(docs) };
                    vocabulary.words.push((r, Word { units: 1, weight }));
                }
            }
        }
        // A compound or a name counts as the segmenter's words (and characters) it is made of.
        for i in 0..vocabulary.words.len() {
            let r = vocabulary.words[i].0.clone();
            if !vocabulary.segmenter.contains(&r) {
                let parts = segment(r.clone(), &|w: Range<usize>| {
                    (w != r && vocabulary.segmenter.contains(&w)).then_some(Word { units: 1, weight: 0 })
                });
                vocabulary.words[i].1.units = parts.len() as u32;
            }
        }
        for r in pieces(&group.units, |_| None).into_iter().filter(|r| latin(group, r)) {
            let _ = self.term(&alias_key(&sub_group(group, r).text), need).next();
        }
        Ok(vocabulary)
    }

    /// The parts of query word `gi`, `group`, split into the index's words `vocabulary` (see
    /// [`super::split`]); `None` when it is one piece, or only characters (a character counts
    /// beside a word, and characters beside characters are no words). A part is in tier
    /// [`TIER_SPLIT_CLOSE`], or the one below it where it was reached through another name (the
    /// scoring moves an item whose pieces stand apart further down). The last character of a
    /// word being typed that forms no phrase with the piece before it starts a word not typed
    /// yet: it is left out until it is.
    pub(super) fn split_parts(
        &self,
        gi: usize,
        group: &Group,
        vocabulary: &Vocabulary,
        need: &mut Need,
    ) -> Result<Option<Vec<Part>>> {
        let ranges = pieces(&group.units, |r| vocabulary.word(&r));
        let has_word = ranges.iter().any(|r| r.len() > 1 || latin(group, r));
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
                if group.prefix && k + 1 == ranges.len() && part.matches.is_empty() {
                    continue;
                }
            } else {
                part.matches = self.match_group(&piece, need)?;
                if !part.matches.is_empty() {
                    part.shown.push(piece.clone());
                }
                if !latin(group, r) {
                    part.whole = self.word_docs(&run_text(&piece.units, 0..piece.units.len()), need)?;
                }
                let (aliases, found) = self.alias_matches(&self.alias_names(&piece.text, need)?, need)?;
                part.matches = std::mem::take(&mut part.matches).union(aliases);
                part.shown.extend(found);
                // A piece made of the segmenter's words (中央宣传部: 中央 + 宣传部) also holds
                // where its words all stand, as another name does.
                let words = vocabulary.words_of(r.clone());
                if !words.is_empty() {
                    let groups: Vec<Group> = words.into_iter().map(|w| sub_group(group, w)).collect();
                    let mut each = Vec::with_capacity(groups.len());
                    for g in &groups {
                        each.push(self.match_group(g, need)?);
                    }
                    let apart = GroupMatches::all_of(each);
                    if !apart.is_empty() {
                        part.matches = std::mem::take(&mut part.matches).union(apart.in_tier(TIER_ALIAS));
                        part.shown.extend(groups);
                    }
                }
            }
            part.matches = std::mem::take(&mut part.matches).below(TIER_SPLIT_CLOSE - TIER_DIRECT);
            parts.push(part);
        }
        Ok(Some(parts))
    }
}

/// The [`Word::weight`] of the name of an alias group: above any word's (a word in every one
/// of a billion documents weighs about 20,700).
const NAME_WEIGHT: u32 = 1_000_000;

/// The words of the index in a query word's CJK runs, as unit ranges of the word.
#[derive(Debug, Default)]
pub(super) struct Vocabulary {
    /// Every word of the index, the pieces a run is split into, as a [`Word`] of a split (a name
    /// that is no word of the text weighs nothing: the name typed is still the piece).
    words: Vec<(Range<usize>, Word)>,
    /// The segmenter's own words (not the builder's compounds, not alias names).
    segmenter: Vec<Range<usize>>,
    /// The `w` words: the segmenter's and the builder's compounds.
    indexed: Vec<Range<usize>>,
}

impl Vocabulary {
    fn word(&self, r: &Range<usize>) -> Option<Word> {
        self.words.iter().find(|(w, _)| w == r).map(|&(_, word)| word)
    }

    /// The words of the index (`w`) the CJK piece `r` is made of, when it is made of two or more
    /// of them and of nothing else (a word of its own is not made of itself; a character beside a
    /// word, 微 + 短剧, is the compound, not two words).
    fn words_of(&self, r: Range<usize>) -> Vec<Range<usize>> {
        let words = segment(r.clone(), &|w: Range<usize>| {
            (w != r && self.indexed.contains(&w)).then_some(Word { units: 1, weight: 0 })
        });
        if words.len() >= 2 && words.iter().all(|w| w.len() >= 2) {
            words
        } else {
            Vec::new()
        }
    }
}

/// Whether the piece `r` of `group` is Latin (letters and digits typed together).
fn latin(group: &Group, r: &Range<usize>) -> bool {
    matches!(group.units[r.start].kind, UnitKind::Word(_))
}
