//! Run-together queries: a query word the index does not hold verbatim, split into the index's
//! own words.
//!
//! People type several words without spaces (快手短剧大赛 for an item on 快手开启 AI 短剧创作大赛).
//! When such a word finds nothing as typed, each of its CJK runs is segmented against the
//! vocabulary the index holds (its `w` words, with the builder's compounds, and the names of its
//! alias groups), the fewest segmenter words first (a compound counts as its words), then the
//! fewest pieces of one character, then the commonest words, then the fewest pieces, then the
//! longest first piece: 快手 | 短剧 | 大赛 (see [`pieces`]). The vocabulary is read from the index itself, so the query is
//! split the way the builder's segmenter saw the text, and no dictionary ships to the browser.
//! Latin tokens and numbers are pieces of their own (`腾讯Turbo` → 腾讯 + turbo).
//!
//! Each piece is then a *part* of the query that an item must hold: a word anywhere in the item
//! (rule 8 of `docs/DESIGN.md`: words may match apart), but a piece of one character only where
//! it stands next to a neighbouring piece, as in the query (`2024年微短剧` holds in
//! 2024 年国际微短剧大赛: 年 follows 2024), never alone somewhere else: its alternatives are the
//! phrases it forms with the piece before and the piece after it. A piece made of two or more
//! words of the index (中央宣传部: 中央 + 宣传部) is also held where those words all stand, one
//! tier lower, as a piece reached through another name is.

use crate::analysis::{Unit, UnitKind};
use crate::query::Group;
use std::ops::Range;

/// The longest piece looked up in the vocabulary, in characters (the longest names of the
/// synonyms list, 中央网络安全和信息化委员会办公室, have 16).
pub const MAX_PIECE_CHARS: usize = 16;

/// The CJK runs of a group's units that the vocabulary is asked about: unit ranges of two or more
/// adjacent CJK characters with no break between them.
pub fn cjk_runs(units: &[Unit]) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < units.len() {
        if !matches!(units[i].kind, UnitKind::Cjk(_)) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < units.len() && matches!(units[i].kind, UnitKind::Cjk(_)) && !units[i].break_before {
            i += 1;
        }
        if i - start >= 2 {
            runs.push(start..i);
        }
    }
    runs
}

/// The folded text of `units[range]` (CJK characters only; for vocabulary keys).
pub fn run_text(units: &[Unit], range: Range<usize>) -> String {
    units[range]
        .iter()
        .filter_map(|u| match u.kind {
            UnitKind::Cjk(c) => Some(c),
            UnitKind::Word(_) => None,
        })
        .collect()
}

/// Every substring of a run that could be a vocabulary word (2..=[`MAX_PIECE_CHARS`]
/// characters), as unit ranges.
pub fn candidate_words(run: Range<usize>) -> impl Iterator<Item = Range<usize>> {
    let (start, end) = (run.start, run.end);
    (start..end).flat_map(move |i| (i + 2..=end.min(i + MAX_PIECE_CHARS)).map(move |j| i..j))
}

/// The pieces of a group, as unit ranges covering all its units in order: every Latin unit alone,
/// each CJK run segmented by `word` (of a unit range of two or more characters: `None` when the
/// index does not hold it as a word, else its [`Word`]). Fewest segmenter words (a compound
/// counts as the words it is made of), then fewest pieces of one character, then the most
/// common words (a weight per piece, added up: 这个 | 短视频 | 立即 over 这个短 | 视频立即, two
/// rare compounds), then fewest pieces, then longest first.
pub fn pieces(units: &[Unit], word: impl Fn(Range<usize>) -> Option<Word>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    for run in cjk_runs(units) {
        between(units, i..run.start, &mut out);
        out.extend(segment(run.clone(), &word));
        i = run.end;
    }
    between(units, i..units.len(), &mut out);
    out
}

/// A word of the index as a piece of a split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// The segmenter's words it is made of: 1 for one of them, 2 for a compound of the builder
    /// (面 + 我们) or a name made of two (广电 + 总局). A split into real words (全面 | 地面 | 我们,
    /// three) wins over one into compounds that cut across them (全面地 | 面我们, four).
    pub units: u32,
    /// How common it is ([`word_weight`]).
    pub weight: u32,
}

/// How common a word held by `docs` documents is, for [`pieces`]: the logarithm of its count, in
/// thousandths (whole numbers add up exactly, so equal splits tie exactly). A split into common
/// words wins over one into rare ones (已经 | 微短剧 over 已经微 | 短剧).
pub fn word_weight(docs: usize) -> u32 {
    ((docs as f64 + 1.0).ln() * 1000.0) as u32
}

/// The pieces of units outside the CJK runs: Latin units typed together stay one piece
/// (`GPT-4o`, `Qwen2-VL`), a lone CJK character is a piece.
fn between(units: &[Unit], range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let mut k = range.start;
    while k < range.end {
        let mut end = k + 1;
        if matches!(units[k].kind, UnitKind::Word(_)) {
            while end < range.end && matches!(units[end].kind, UnitKind::Word(_)) {
                end += 1;
            }
        }
        out.push(k..end);
        k = end;
    }
}

/// The best segmentation of the unit range `run` (see [`pieces`]).
pub fn segment(run: Range<usize>, word: &impl Fn(Range<usize>) -> Option<Word>) -> Vec<Range<usize>> {
    let n = run.len();
    // best[i]: the cost of the rest from i, lowest best (segmenter words, one-character pieces,
    // the words' weights negated, pieces), and the length of its first piece.
    type Cost = (u32, usize, i64, usize);
    let mut best: Vec<(Cost, usize)> = vec![((0, 0, 0, 0), 0); n + 1];
    for i in (0..n).rev() {
        let mut choice: Option<(Cost, usize)> = None;
        for len in (1..=(n - i).min(MAX_PIECE_CHARS)).rev() {
            let at = run.start + i;
            let w = match len {
                1 => Word { units: 1, weight: 0 },
                _ => match word(at..at + len) {
                    Some(w) => w,
                    None => continue,
                },
            };
            let ((units, singles, rest, pieces), _) = best[i + len];
            let cost = (units + w.units, singles + usize::from(len == 1), rest - i64::from(w.weight), pieces + 1);
            // Longer first pieces come first: only a strictly better cost replaces one.
            if choice.is_none_or(|c| cost < c.0) {
                choice = Some((cost, len));
            }
        }
        best[i] = choice.unwrap_or(((n as u32, n, 0, n), 1));
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let len = best[i].1.max(1);
        out.push(run.start + i..run.start + i + len);
        i += len;
    }
    out
}

/// The query-word group of `units[range]` of `group`: its text as typed (sliced from the group's
/// text by the units' byte offsets), its units, and whether it is the open last word.
pub fn sub_group(group: &Group, range: Range<usize>) -> Group {
    let units = &group.units[range.clone()];
    let (start, end) = (units.first().map_or(0, |u| u.start), units.last().map_or(0, |u| u.end));
    let text = group.text.get(start..end).unwrap_or_default().to_string();
    let mut units = units.to_vec();
    for u in &mut units {
        u.start -= start;
        u.end -= start;
    }
    if let Some(u) = units.first_mut() {
        u.break_before = false;
    }
    let span = match group.span.is_empty() {
        true => 0..0,
        false => group.span.start + start..group.span.start + end,
    };
    Group { text, units, prefix: group.prefix && range.end == group.units.len(), span, phrase: false }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::units;

    fn split(text: &str, vocabulary: &[&str]) -> Vec<String> {
        split_weighted(text, &vocabulary.iter().map(|w| (*w, 1)).collect::<Vec<_>>())
    }

    fn split_weighted(text: &str, vocabulary: &[(&str, usize)]) -> Vec<String> {
        split_words(text, &vocabulary.iter().map(|&(w, docs)| (w, 1, docs)).collect::<Vec<_>>())
    }

    /// `vocabulary`: (word, the segmenter words it is made of, its documents).
    fn split_words(text: &str, vocabulary: &[(&str, u32, usize)]) -> Vec<String> {
        let u = units(text);
        let weight = |r: Range<usize>| {
            let text = run_text(&u, r);
            vocabulary
                .iter()
                .find(|(w, ..)| *w == text)
                .map(|&(_, units, docs)| Word { units, weight: word_weight(docs) })
        };
        let g = Group { text: text.to_string(), units: u.clone(), prefix: false, span: 0..text.len(), phrase: false };
        pieces(&u, weight).into_iter().map(|r| sub_group(&g, r).text).collect()
    }

    #[test]
    fn fewest_pieces_then_fewest_single_characters_then_longest_first() {
        let v = ["快手", "短剧", "大赛", "短剧大", "创作"];
        assert_eq!(split("快手短剧大赛", &v), vec!["快手", "短剧", "大赛"]);
        assert_eq!(split("网络视听改革", &["网络", "视听", "网络视听", "改革"]), vec!["网络视听", "改革"]);
        // Two pieces either way: the longer first.
        assert_eq!(split("甲乙丙丁戊", &["甲乙丙", "丁戊", "甲乙", "丙丁戊"]), vec!["甲乙丙", "丁戊"]);
        // A character no word holds is a piece of its own.
        assert_eq!(split("曹淑敏改革", &["淑敏", "改革"]), vec!["曹", "淑敏", "改革"]);
    }

    #[test]
    fn among_splits_as_good_the_commonest_words_win() {
        let v = [("已经", 900), ("已经微", 2), ("微短剧", 300), ("短剧", 400), ("广大", 100)];
        assert_eq!(split_weighted("已经微短剧广大", &v), vec!["已经", "微短剧", "广大"]);
        // Fewer pieces still come first.
        let v = [("已经", 900), ("微短剧", 300), ("已经微短剧", 1)];
        assert_eq!(split_weighted("已经微短剧", &v), vec!["已经微短剧"]);
    }

    #[test]
    fn compounds_count_as_the_words_they_are_made_of() {
        let v = [("全面地", 2, 50), ("面我们", 2, 20), ("全面", 1, 900), ("地面", 1, 300), ("我们", 1, 5000)];
        assert_eq!(split_words("全面地面我们", &v), vec!["全面", "地面", "我们"]);
        // Rare compounds that cut across common words lose to the words.
        let v = [("这个", 1, 9991), ("这个短", 2, 27), ("短视频", 2, 22461), ("视频立即", 2, 4), ("立即", 1, 1297)];
        assert_eq!(split_words("这个短视频立即", &v), vec!["这个", "短视频", "立即"]);
    }

    #[test]
    fn latin_tokens_and_numbers_are_pieces_of_their_own() {
        assert_eq!(split("腾讯Turbo", &["腾讯"]), vec!["腾讯", "Turbo"]);
        assert_eq!(split("2024年微短剧", &["微短剧"]), vec!["2024", "年", "微短剧"]);
        assert_eq!(split("GPT-4o大模型", &["大模型"]), vec!["GPT-4o", "大模型"]);
        assert_eq!(split("AI短剧", &["短剧"]), vec!["AI", "短剧"]);
    }

    #[test]
    fn punctuation_ends_a_run() {
        assert_eq!(cjk_runs(&units("快手，短剧")), vec![0..2, 2..4]);
        assert_eq!(cjk_runs(&units("快a手")), Vec::<Range<usize>>::new());
    }

    #[test]
    fn candidates_cover_every_substring_of_two_or_more() {
        let c: Vec<Range<usize>> = candidate_words(0..4).collect();
        assert_eq!(c, vec![0..2, 0..3, 0..4, 1..3, 1..4, 2..4]);
    }

    #[test]
    fn a_sub_group_keeps_its_place_in_the_query() {
        let q = crate::query::parse_query("新 快手短剧");
        let g = &q.groups[1];
        let s = sub_group(g, 2..4);
        assert_eq!(s.text, "短剧");
        assert_eq!(&"新 快手短剧"[s.span.clone()], "短剧");
        assert_eq!(s.units[0].start, 0);
        assert!(s.prefix);
    }
}
