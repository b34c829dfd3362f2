//! "Did you mean": for a query that found nothing, the existing terms closest to the words that
//! found nothing, combined into queries that find something.

use super::matching::{cjk_run, intersect, single_word, GroupMatches};
use super::readings::{best_candidates, Candidate};
use super::{DocId, Index, Need};
use crate::analysis::could_be_pinyin;
use crate::error::Result;
use crate::format::{pinyin_key, word_key, TAG_TOKEN};
use crate::fuzzy::suggestion_budget;
use crate::query::{Group, Query};

/// "Did you mean" suggestions returned for a query that finds nothing.
const MAX_SUGGESTIONS: usize = 5;

impl Index {
    /// Existing terms close to a group that found nothing, for "did you mean", with the documents
    /// holding each: Latin tokens within [`suggestion_budget`] edits of a Latin word, and the
    /// words of pinyin spellings that close (after the first letter, which must be right); `w`
    /// words one edit from a CJK run (after its first character, which must be right).
    pub(super) fn closest_terms(&self, group: &Group, need: &mut Need) -> Result<Vec<(Candidate, Vec<DocId>)>> {
        let mut found = Vec::new();
        let close = |text: String, distance: usize, docs: Vec<DocId>| {
            (Candidate { text, weight: 0.0, distance, doc_count: docs.len() }, docs)
        };
        if let Some(word) = single_word(group) {
            let budget = suggestion_budget(word.chars().count());
            if budget == 0 {
                return Ok(found);
            }
            for (token, distance, places) in self.fuzzy_terms(&[TAG_TOKEN], word, budget, false, need) {
                if distance > 0 {
                    let mut docs = Vec::new();
                    for (shard, offset) in places {
                        docs.extend(shard.postings(offset)?.docs);
                    }
                    found.push(close(token, distance, docs));
                }
            }
            // (`split_at_checked`: an ASCII word splits anywhere, and the panic path of
            // `split_at` would add its formatting to the Wasm module.)
            if let Some((first, rest)) = word.split_at_checked(1).filter(|_| could_be_pinyin(word)) {
                // Spellings with the same first letter only: the `p` range is the largest of the
                // index, and this bounds the shards a query that finds nothing fetches.
                let mut words: Vec<(String, usize)> = Vec::new();
                let prefix = pinyin_key(first);
                for (_, distance, places) in self.fuzzy_terms(&prefix, rest, budget, false, need) {
                    for (shard, offset) in places {
                        for l in shard.word_list(offset)? {
                            if !words.iter().any(|(w, _)| *w == l.word) {
                                words.push((l.word, distance));
                            }
                        }
                    }
                }
                for (w, distance) in words {
                    let docs = self.word_docs(&w, need)?;
                    found.push(close(w, distance, docs));
                }
            }
        } else if let Some(run) = cjk_run(group).filter(|r| r.chars().count() >= 2) {
            let mut chars = run.chars();
            let Some(first) = chars.next() else { return Ok(found) };
            let rest: String = chars.collect();
            let mut prefix = word_key("");
            prefix.extend_from_slice(first.encode_utf8(&mut [0u8; 4]).as_bytes());
            for (tail, distance, places) in self.fuzzy_terms(&prefix, &rest, 1, false, need) {
                if distance > 0 {
                    let mut docs = Vec::new();
                    for (shard, offset) in places {
                        docs.extend(shard.word_postings(offset)?.into_iter().map(|p| p.doc));
                    }
                    let mut word = String::from(first);
                    word.push_str(&tail);
                    found.push(close(word, distance, docs));
                }
            }
        }
        // Only the closest: a term two edits away is no suggestion when one is one edit away.
        let best = best_candidates(found.iter().map(|(c, _)| c.clone()).collect(), usize::MAX);
        let closest = best.first().map_or(0, |c| c.distance);
        Ok(best
            .into_iter()
            .filter(|c| c.distance == closest)
            .filter_map(|c| found.iter().find(|(f, _)| f.text == c.text).cloned())
            .collect())
    }

    /// "Did you mean" for a query that found nothing: queries with each word that found nothing
    /// replaced by a close term (see [`Self::closest_terms`]) such that the new query finds
    /// something in `scope` (the documents that pass the other words, exclusions and filters),
    /// and each word found only through a reading (pinyin, a typo) replaced by that reading. The
    /// first such word with close terms varies over them, the others take their best that still
    /// finds something; a word nothing is close to is left out.
    pub(super) fn suggestions(
        &self,
        query: &str,
        q: &Query,
        matches: &[GroupMatches],
        shown: &[Vec<Group>],
        scope: &[DocId],
        need: &mut Need,
    ) -> Result<Vec<String>> {
        // Per query word: its close terms if it found nothing, else the reading it was found by.
        let mut closest = Vec::new();
        let mut read: Vec<Option<&str>> = Vec::new();
        for ((g, m), shown) in q.groups.iter().zip(matches).zip(shown) {
            let reading = shown.first().filter(|s| !m.is_empty() && s.span.is_empty());
            read.push(reading.map(|s| s.text.as_str()));
            closest.push(if m.is_empty() { Some(self.closest_terms(g, need)?) } else { None });
        }
        let mut out = Vec::new();
        let Some(lead) = closest.iter().position(|c| c.as_ref().is_some_and(|t| !t.is_empty())) else {
            return Ok(out);
        };
        for (candidate, docs) in closest[lead].iter().flatten() {
            let mut left = intersect(docs, scope);
            if left.is_empty() {
                continue;
            }
            // What replaces each word (None: it stays as typed), in query order.
            let mut with: Vec<Option<&str>> = read.clone();
            with[lead] = Some(candidate.text.as_str());
            let mut found_together = true;
            for (gi, terms) in closest.iter().enumerate() {
                let Some(terms) = terms.as_ref().filter(|_| gi != lead) else { continue };
                match terms.iter().find(|(_, d)| !intersect(d, &left).is_empty()) {
                    Some((c, d)) => {
                        left = intersect(&left, d);
                        with[gi] = Some(c.text.as_str());
                    }
                    // Nothing is close to this word: the suggestion goes without it.
                    None if terms.is_empty() => with[gi] = Some(""),
                    None => found_together = false,
                }
            }
            if !found_together {
                continue;
            }
            let mut text = String::new();
            let mut at = 0;
            for (g, w) in q.groups.iter().zip(&with) {
                if let (Some(w), Some(before)) = (w, query.get(at..g.span.start)) {
                    text.push_str(before);
                    text.push_str(w);
                    at = g.span.end;
                }
            }
            text.push_str(query.get(at..).unwrap_or(""));
            let mut tidy = String::new();
            for word in text.split_whitespace() {
                if !tidy.is_empty() {
                    tidy.push(' ');
                }
                tidy.push_str(word);
            }
            if !out.contains(&tidy) {
                out.push(tidy);
            }
            if out.len() == MAX_SUGGESTIONS {
                break;
            }
        }
        Ok(out)
    }
}
