//! Completions of the word being typed, from the index vocabulary.

use super::lookup::prefix_successor;
use super::matching::{cjk_run, lone_char, single_word};
use super::{Completion, Index, Need, Step};
use crate::analysis::could_be_pinyin;
use crate::error::Result;
use crate::format::{pinyin_key, starts_key, token_key, word_key, ListedWord};
use crate::order::{minor, sort_key, sorted_keys};
use crate::query::parse_query;
use std::collections::BTreeMap;

impl Index {
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

    /// [`Self::complete`] to its answer for a synchronous caller, reading the files it needs with
    /// `read`, as [`Self::run`] does for a search.
    pub fn run_complete(
        &mut self,
        input: &str,
        limit: usize,
        read: impl FnMut(&str) -> Result<Vec<u8>>,
    ) -> Result<Vec<Completion>> {
        self.run_steps(read, |index| index.complete(input, limit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tests::{cjk_chars, open_all, twenty_issues};

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
}
