//! Tier 2 of matching (see the module docs of [`super`]): the indexed words a Latin query word
//! that found nothing as typed may stand for, as pinyin, as initials or with typos.

use super::matching::single_word;
use super::score::{INITIALS_WEIGHT, PINYIN_PREFIX_WEIGHT, PINYIN_WEIGHT, PREFIX_PENALTY, TYPO_WEIGHT};
use super::{Index, Need};
use crate::analysis::could_be_pinyin;
use crate::error::Result;
use crate::format::{initials_key, pinyin_key, TAG_TOKEN};
use crate::fuzzy::{edit_distance, typo_budget};
use crate::query::Group;

/// Letters a word being typed needs before it is read as a pinyin prefix or a misspelt prefix.
const OPEN_READING_MIN: usize = 3;
/// Readings (pinyin words, typo corrections) tried for one query word, the likeliest first.
const MAX_READINGS: usize = 16;

/// A term the index holds, found for a word that was not: a reading or a suggestion.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    /// The term as a query word would be typed (a Latin token or a CJK word).
    pub(super) text: String,
    /// Score factor of a reading.
    pub(super) weight: f32,
    /// Edits from the query word (0 for pinyin).
    pub(super) distance: usize,
    /// Documents containing the term.
    pub(super) doc_count: usize,
}

impl Index {
    /// Tier 2 (see the module docs): the indexed words a Latin query word that found nothing as
    /// typed may stand for, likeliest first.
    pub(super) fn readings(&self, group: &Group, need: &mut Need) -> Result<Vec<Candidate>> {
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
}

/// The `limit` best candidates, one per text: highest weight, then fewest edits, then most
/// documents. (Picked one by one: a sort of candidates would add its own copy of the sort code
/// to the Wasm engine.)
pub(super) fn best_candidates(mut found: Vec<Candidate>, limit: usize) -> Vec<Candidate> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
