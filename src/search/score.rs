//! Ranking: BM25 over phrase occurrences, its constants and the factors of the other signals
//! (title, whole words, prefixes, readings of tier 2, recency), and the length-norm table.

use super::matching::{step_to, Occurrences, Tier, TIER_DIRECT, TIER_SPLIT, TIER_SPLIT_CLOSE};
use super::parts::Part;
use super::{DocId, Index};
use crate::format::decode_norm;

/// BM25 saturation.
pub(super) const K1: f32 = 1.2;
/// BM25 length normalization.
pub(super) const B: f32 = 0.75;
/// Weight of a title occurrence relative to a body occurrence.
pub(super) const TITLE_WEIGHT: f32 = 4.0;
/// Added (× idf) when a word occurs in the title at all, so title matches rank first.
pub(super) const TITLE_BONUS: f32 = 1.0;
/// Factor when the query word is a whole word of the segmenter in the document.
pub(super) const WHOLE_WORD_BONUS: f32 = 1.25;
/// Factor for a word matched only as a prefix of a longer token.
pub(super) const PREFIX_PENALTY: f32 = 0.5;
/// Factor for a word reached through its full pinyin (`weiduanju` → 微短剧).
pub(super) const PINYIN_WEIGHT: f32 = 0.6;
/// Factor for a word reached through its unambiguous initials (`wdj` → 微短剧).
pub(super) const INITIALS_WEIGHT: f32 = 0.5;
/// Factor for a word reached through a prefix of its pinyin while typing (`weiduan`).
pub(super) const PINYIN_PREFIX_WEIGHT: f32 = 0.4;
/// Factor for a Latin token one edit away from the query word; halved per further edit.
pub(super) const TYPO_WEIGHT: f32 = 0.4;
/// At most this much is added for recency (newest issue) relative to the oldest.
pub(super) const RECENCY: f32 = 0.05;
/// Units that may stand between two pieces of a run-together word for them to count as close
/// together (快手开启 AI 短剧创作大赛 holds 快手 · 短剧 · 大赛 three and two units apart).
pub(super) const CLOSE_GAP: u32 = 8;

/// BM25's length normalization of a body for each norm byte (`1 - b + b · len / avg`), the table
/// of [`Index`]'s `body_norms`.
pub(super) fn body_norms(avg_body_len: f32) -> [f32; 256] {
    let avg = avg_body_len.max(1.0);
    std::array::from_fn(|norm| 1.0 - B + B * decode_norm(norm as u8) / avg)
}

impl Index {
    /// The score and the tier of each of `docs` (ascending, each holding every part): the sum
    /// of the parts' scores, a proximity bonus for adjacent parts, and the recency factor. The
    /// tier is the worst of the parts' tiers, moved to [`TIER_SPLIT`] and below where two pieces
    /// of one run-together word stand more than [`CLOSE_GAP`] units apart or in different fields.
    pub(super) fn rank(&self, parts: &[Part], docs: impl Iterator<Item = DocId>) -> (Vec<(f32, DocId)>, Vec<Tier>) {
        let (min_day, max_day) = (
            self.manifest.issues.first().map_or(0, |i| i.date_days),
            self.manifest.issues.last().map_or(0, |i| i.date_days),
        );
        let n = self.manifest.doc_count as f32;
        let idfs: Vec<f32> = parts.iter().map(|p| idf(n, p.matches.len() as f32)).collect();
        // (Documents ascend: their issues are walked, not searched.)
        let mut issue_at = 0;
        // One cursor per part into its documents and its whole-word documents: `docs` ascend and
        // are within every part's documents, so each cursor steps through its list once instead
        // of a binary search per document.
        let mut at = vec![(0usize, 0usize); parts.len()];
        let mut found: Vec<Option<Occurrences>> = Vec::with_capacity(parts.len());
        let mut tiers = Vec::new();
        let scored = docs
            .map(|d| {
                let mut score = 0.0;
                let mut tier = TIER_DIRECT;
                let mut apart = false;
                found.clear();
                for (pi, part) in parts.iter().enumerate() {
                    let m = &part.matches;
                    let (i, w) = &mut at[pi];
                    *i = step_to(&m.docs, *i, d);
                    let o = (m.docs.get(*i) == Some(&d)).then(|| m.at(*i));
                    if let Some(o) = o {
                        *w = step_to(&part.whole, *w, d);
                        score += self.group_score(o, idfs[pi], part.whole.get(*w) == Some(&d));
                        tier = tier.max(o.tier);
                    }
                    found.push(o);
                }
                for pi in 1..parts.len() {
                    // (A lone character's matches carry no positions: nothing to measure.)
                    let both =
                        found[pi - 1].zip(found[pi]).filter(|(a, b)| !a.starts.is_empty() && !b.starts.is_empty());
                    let gap = both.map(|(a, b)| min_gap(a.starts, b.starts, a.len, b.len));
                    if let (Some((a, b)), Some(gap)) = (both, gap) {
                        score += 0.5 * idfs[pi - 1].min(idfs[pi]) * a.weight.min(b.weight) / (1.0 + gap as f32);
                    }
                    let split = parts[pi].split_of;
                    if split.is_some() && split == parts[pi - 1].split_of && gap.is_none_or(|g| g > CLOSE_GAP) {
                        apart = true;
                    }
                }
                if apart && tier < TIER_SPLIT {
                    tier = tier.max(TIER_SPLIT_CLOSE) + (TIER_SPLIT - TIER_SPLIT_CLOSE);
                }
                if max_day > min_day {
                    let day = self.manifest.issue_of_ascending(&mut issue_at, d).map_or(0, |i| i.date_days);
                    score *= 1.0 + RECENCY * (day - min_day) as f32 / (max_day - min_day) as f32;
                }
                tiers.push(tier);
                (score, d)
            })
            .collect();
        (scored, tiers)
    }

    /// A group's BM25 score in one document, with the title bonus, the whole-word factor and
    /// the weight of the match.
    pub(super) fn group_score(&self, o: Occurrences, idf: f32, whole_word: bool) -> f32 {
        let [title_tf, body_tf] = o.tf.map(|n| n as f32);
        let tf = TITLE_WEIGHT * title_tf.min(2.0) + body_tf / self.body_norms[usize::from(o.norm)];
        let mut s = idf * tf * (K1 + 1.0) / (tf + K1);
        if title_tf > 0.0 {
            s += idf * TITLE_BONUS;
        }
        if whole_word {
            s *= WHOLE_WORD_BONUS;
        }
        s * o.weight
    }
}

/// BM25's inverse document frequency of a group found in `df` of `n` documents.
pub(super) fn idf(n: f32, df: f32) -> f32 {
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Smallest number of units between an occurrence of `a` (starts, `a_len` units long) and one of
/// `b` (`b_len` long), in either order.
pub(super) fn min_gap(a: &[u32], b: &[u32], a_len: u32, b_len: u32) -> u32 {
    let mut best = u32::MAX;
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        let gap = if y >= x { (y - x).saturating_sub(a_len) } else { (x - y).saturating_sub(b_len) };
        best = best.min(gap);
        if x < y {
            i += 1;
        } else {
            j += 1;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_gap_finds_adjacent_words() {
        assert_eq!(min_gap(&[10, 50], &[12, 90], 2, 3), 0);
        assert_eq!(min_gap(&[10], &[30], 2, 3), 18);
        // The same distance in the other order: b's length counts, not a's.
        assert_eq!(min_gap(&[30], &[10], 2, 2), 18);
        assert_eq!(min_gap(&[30], &[10], 5, 2), 18);
    }
}
