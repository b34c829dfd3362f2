//! Text analysis: folding, the unit tokenizer, and the terms that index and query share.
//!
//! One function, [`units`], turns any text (an item field at build time, a query in the browser)
//! into a sequence of *units*: every CJK character is a unit, every run of Latin letters/digits is
//! a unit (`GPT-4o` → `gpt`, `4o`; `10.74` stays one unit). Whitespace is not a unit and does not
//! separate CJK characters (`300 万元` and `300万元`, `芒果 TV` and `芒果TV` give the same units);
//! punctuation is not a unit either but marks a *break*, so no term spans it. The position of a
//! unit is its index in the field; a title's units are at `0..BODY_BASE`, a body's from `BODY_BASE`
//! ([`crate::format::BODY_BASE`]).
//!
//! Units are folded: full-width forms to ASCII, Latin to lower case, and traditional characters to
//! simplified ones ([`fold_han`]: 微短劇 → 微短剧, 騰訊 → 腾讯). Folding happens inside [`units`], so
//! an index built from traditional text and a query typed in either script meet on the same units
//! (rule 5 of `docs/DESIGN.md`); stored text and highlights keep the characters as written.
//!
//! Terms are byte keys with a one-byte tag, so one FST holds every kind; [`crate::format::terms`]
//! lists the tags, and which of them the builder derives from the units ([`index_terms`]).
//!
//! Because a query is analyzed by the same [`units`] and turned into gram/token keys by
//! [`query_pieces`], the browser needs no dictionary: index and query agree by construction
//! (rule 3). A CJK query of n ≥ 2 characters becomes its bigrams at their offsets; an item
//! matches only where all of them occur at those offsets, so its characters scattered through
//! an item (or split by punctuation) never match (rule 2), and every verbatim occurrence does
//! (rule 1).
//! The `w` words only add a ranking signal (rule 4), completions and "did you mean".
//!
//! A query word of one CJK character (the first keystroke of most Chinese queries, and of every
//! next word typed) matches every gram that starts with it. It reads the character's `c` term
//! instead: one list of counts rather than the positional postings of every gram starting with
//! the character (at 100,000 generated items, `剧` fetched 125 shards, 424 KB, that way). Alone
//! in the query it needs no positions; beside other words its proximity to them is not scored.
//! Completing one character likewise reads its `s` list of the most frequent words that start
//! with it, not every such word's postings.
//!
//! Pinyin (rule 7) is resolved at build time too. The *pinyin words* are the `w` words: the
//! segmenter's words plus compounds of two adjacent segmenter words, 3–4 characters, that recur
//! in the index (微 + 短剧 → 微短剧, 大 + 模型 → 大模型: words its dictionary lacks). Each gets `p`
//! terms for its toneless pinyin (the first two readings of every character, at most
//! [`MAX_PINYIN_READINGS`] spellings per word) and an `i` term for its initials when no other
//! pinyin word shares them. Their value is a *word list*, the CJK words
//! the spelling stands for: a query word that is not a Latin token of the index is looked up
//! there and then matched as those words, verbatim. So pinyin only ever reaches whole words of
//! the index, never characters that merely sound alike, and the browser needs no pinyin table.

use crate::format::{gram_key, tagged_key, token_key, TAG_ALIAS};

/// Words an `s` list keeps (per segment): enough for the widget's completions and then some.
pub const STARTS_WORDS: usize = 16;
/// Most pinyin spellings (`p` terms) indexed for one word.
pub const MAX_PINYIN_READINGS: usize = 8;

/// Folds a traditional Chinese character to its simplified form (`劇` → `剧`, `總` → `总`); any
/// other character is returned as it is. One character at a time, with OpenCC's character table
/// (see the `t2s` module): no phrase rules, so both sides of a comparison must be folded, as
/// [`units`] does.
pub fn fold_han(c: char) -> char {
    use crate::t2s::{BITS, HI, LO, RANK, SIMP};
    let cp = c as u32;
    if !(LO..HI).contains(&cp) {
        return c;
    }
    let i = cp - LO;
    let (w, bit) = ((i / 64) as usize, i % 64);
    let word = BITS[w];
    if (word >> bit) & 1 == 0 {
        return c;
    }
    let rank = usize::from(RANK[w]) + (word & ((1u64 << bit) - 1)).count_ones() as usize;
    SIMP.get(rank).and_then(|&s| char::from_u32(u32::from(s))).unwrap_or(c)
}

/// Folds one character: full-width ASCII to half-width, the ideographic space to a space.
/// Case folding happens on whole tokens (see [`units`]).
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Folds one character to lower case: `char::to_lowercase`'s simple mapping for the scripts an
/// export can hold beside Chinese (Latin with pinyin tones and Vietnamese, Greek, Cyrillic,
/// Armenian, Roman numerals, circled letters, full-width letters), one character for one; any
/// other character is returned as it is. (`İ` gives `i`, where `to_lowercase` adds a combining
/// dot.) std's tables cover every cased script and cost the Wasm module 6 KB gzipped; this one is
/// [`CASE_RUNS`], under 1 KB, checked against std over every code point of its blocks.
pub fn fold_case(c: char) -> char {
    let cp = c as u32;
    if cp < 0x80 {
        return c.to_ascii_lowercase();
    }
    let i = CASE_RUNS.partition_point(|&(_, last, _, _)| u32::from(last) < cp);
    match CASE_RUNS.get(i) {
        Some(&(first, _, delta, step))
            if u32::from(first) <= cp && (cp - u32::from(first)).is_multiple_of(u32::from(step)) =>
        {
            char::from_u32(cp.wrapping_add_signed(i32::from(delta))).unwrap_or(c)
        }
        _ => c,
    }
}

/// Runs of upper-case letters, ascending: `(first, last, delta, step)` maps every `step`-th code
/// point of `first..=last` to itself plus `delta`. Derived from std's `char::to_lowercase` over
/// the blocks [`fold_case`] names (the test `fold_case_is_std_lowercase_in_its_blocks` checks it).
#[rustfmt::skip]
const CASE_RUNS: [(u16, u16, i16, u8); 93] = [
    (0x0041, 0x005a, 32, 1), (0x00c0, 0x00d6, 32, 1), (0x00d8, 0x00de, 32, 1),
    (0x0100, 0x012e, 1, 2), (0x0130, 0x0130, -199, 1), (0x0132, 0x0136, 1, 2),
    (0x0139, 0x0147, 1, 2), (0x014a, 0x0176, 1, 2), (0x0178, 0x0178, -121, 1),
    (0x0179, 0x017d, 1, 2), (0x0181, 0x0181, 210, 1), (0x0182, 0x0184, 1, 2),
    (0x0186, 0x0186, 206, 1), (0x0187, 0x0187, 1, 1), (0x0189, 0x018a, 205, 1),
    (0x018b, 0x018b, 1, 1), (0x018e, 0x018e, 79, 1), (0x018f, 0x018f, 202, 1),
    (0x0190, 0x0190, 203, 1), (0x0191, 0x0191, 1, 1), (0x0193, 0x0193, 205, 1),
    (0x0194, 0x0194, 207, 1), (0x0196, 0x0196, 211, 1), (0x0197, 0x0197, 209, 1),
    (0x0198, 0x0198, 1, 1), (0x019c, 0x019c, 211, 1), (0x019d, 0x019d, 213, 1),
    (0x019f, 0x019f, 214, 1), (0x01a0, 0x01a4, 1, 2), (0x01a6, 0x01a6, 218, 1),
    (0x01a7, 0x01a7, 1, 1), (0x01a9, 0x01a9, 218, 1), (0x01ac, 0x01ac, 1, 1),
    (0x01ae, 0x01ae, 218, 1), (0x01af, 0x01af, 1, 1), (0x01b1, 0x01b2, 217, 1),
    (0x01b3, 0x01b5, 1, 2), (0x01b7, 0x01b7, 219, 1), (0x01b8, 0x01b8, 1, 1),
    (0x01bc, 0x01bc, 1, 1), (0x01c4, 0x01c4, 2, 1), (0x01c5, 0x01c5, 1, 1), (0x01c7, 0x01c7, 2, 1),
    (0x01c8, 0x01c8, 1, 1), (0x01ca, 0x01ca, 2, 1), (0x01cb, 0x01db, 1, 2), (0x01de, 0x01ee, 1, 2),
    (0x01f1, 0x01f1, 2, 1), (0x01f2, 0x01f4, 1, 2), (0x01f6, 0x01f6, -97, 1),
    (0x01f7, 0x01f7, -56, 1), (0x01f8, 0x021e, 1, 2), (0x0220, 0x0220, -130, 1),
    (0x0222, 0x0232, 1, 2), (0x023a, 0x023a, 10795, 1), (0x023b, 0x023b, 1, 1),
    (0x023d, 0x023d, -163, 1), (0x023e, 0x023e, 10792, 1), (0x0241, 0x0241, 1, 1),
    (0x0243, 0x0243, -195, 1), (0x0244, 0x0244, 69, 1), (0x0245, 0x0245, 71, 1),
    (0x0246, 0x024e, 1, 2), (0x0370, 0x0372, 1, 2), (0x0376, 0x0376, 1, 1),
    (0x037f, 0x037f, 116, 1), (0x0386, 0x0386, 38, 1), (0x0388, 0x038a, 37, 1),
    (0x038c, 0x038c, 64, 1), (0x038e, 0x038f, 63, 1), (0x0391, 0x03a1, 32, 1),
    (0x03a3, 0x03ab, 32, 1), (0x03cf, 0x03cf, 8, 1), (0x03d8, 0x03ee, 1, 2),
    (0x03f4, 0x03f4, -60, 1), (0x03f7, 0x03f7, 1, 1), (0x03f9, 0x03f9, -7, 1),
    (0x03fa, 0x03fa, 1, 1), (0x03fd, 0x03ff, -130, 1), (0x0400, 0x040f, 80, 1),
    (0x0410, 0x042f, 32, 1), (0x0460, 0x0480, 1, 2), (0x048a, 0x04be, 1, 2),
    (0x04c0, 0x04c0, 15, 1), (0x04c1, 0x04cd, 1, 2), (0x04d0, 0x052e, 1, 2),
    (0x0531, 0x0556, 48, 1), (0x1e00, 0x1e94, 1, 2), (0x1e9e, 0x1e9e, -7615, 1),
    (0x1ea0, 0x1efe, 1, 2), (0x2160, 0x216f, 16, 1), (0x24b6, 0x24cf, 26, 1),
    (0xff21, 0xff3a, 32, 1),
];

/// Folds a whole string as [`units`] folds its characters (width, traditional characters, case)
/// and drops whitespace: for comparing names (sections) the way text is matched.
pub fn fold_str(text: &str) -> String {
    text.chars().map(fold_width).map(fold_han).filter(|c| !c.is_whitespace()).map(fold_case).collect()
}

/// True for characters indexed one by one: Han ideographs, kana and Hangul syllables.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x30000..=0x3134F
        | 0x3040..=0x30FF | 0xAC00..=0xD7AF | 0x3005 | 0x3007)
}

/// What a unit is, after folding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitKind {
    /// One CJK character.
    Cjk(char),
    /// A lower-cased run of letters/digits (with `.` inside numbers).
    Word(String),
}

/// One unit of analyzed text with its place in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The folded unit.
    pub kind: UnitKind,
    /// Byte offset of the unit's first character in the source text.
    pub start: usize,
    /// Byte offset just past the unit's last character in the source text.
    pub end: usize,
    /// Punctuation or a symbol stands between this unit and the previous one.
    pub break_before: bool,
    /// For the first part of a hyphenated Latin compound (`gpt` in `GPT-4o`): the parts joined
    /// (`gpt4o`), indexed at the same position so the compound is matched whole too.
    pub compound: Option<String>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Splits text into units (see the module docs). Never fails; any string is valid.
pub fn units(text: &str) -> Vec<Unit> {
    let chars: Vec<(usize, char)> = text.char_indices().map(|(i, c)| (i, fold_width(c))).collect();
    // At most a unit per character, and about that many in Chinese text: one allocation.
    let mut out: Vec<Unit> = Vec::with_capacity(chars.len());
    let mut pending_break = false;
    // Index in `out` of the first unit of the current hyphen chain and whether the last thing seen
    // was a hyphen directly after a word.
    let mut chain_start: Option<usize> = None;
    let mut after_hyphen = false;
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if is_cjk(c) {
            // Offsets are measured in the source: folding may change a character's width.
            let end = chars.get(i + 1).map_or(text.len(), |&(b, _)| b);
            let kind = UnitKind::Cjk(fold_han(c));
            out.push(Unit { kind, start, end, break_before: pending_break, compound: None });
            pending_break = false;
            chain_start = None;
            after_hyphen = false;
            i += 1;
        } else if is_word_char(c) {
            let mut word = String::new();
            let mut j = i;
            while j < chars.len() {
                let (_, d) = chars[j];
                let decimal_point = d == '.'
                    && word.chars().last().is_some_and(|p| p.is_ascii_digit())
                    && chars.get(j + 1).is_some_and(|&(_, n)| n.is_ascii_digit());
                if is_word_char(d) || decimal_point {
                    word.push(fold_case(d));
                    j += 1;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
            let joins_chain = after_hyphen && chain_start.is_some();
            out.push(Unit { kind: UnitKind::Word(word), start, end, break_before: pending_break, compound: None });
            let idx = out.len() - 1;
            if joins_chain {
                let first = chain_start.unwrap_or(idx);
                let joined: String = out[first..=idx]
                    .iter()
                    .filter_map(|u| match &u.kind {
                        UnitKind::Word(w) => Some(w.as_str()),
                        UnitKind::Cjk(_) => None,
                    })
                    .collect();
                out[first].compound = Some(joined);
            } else {
                chain_start = Some(idx);
            }
            pending_break = false;
            after_hyphen = false;
            i = j;
        } else if c.is_whitespace() {
            chain_start = None;
            after_hyphen = false;
            i += 1;
        } else {
            let hyphen = matches!(c, '-' | '‐' | '‑');
            after_hyphen = hyphen && !after_hyphen && chain_start.is_some() && i > 0 && is_word_char(chars[i - 1].1);
            if !after_hyphen {
                chain_start = None;
            }
            pending_break = true;
            i += 1;
        }
    }
    out
}

/// The key of the `n` term of a name of an alias group: the name folded as text is (case, width,
/// traditional characters) without its spaces, so `China Media Group` and `chinamediagroup`
/// are one key.
pub fn alias_key(name: &str) -> Vec<u8> {
    tagged_key(TAG_ALIAS, &fold_str(name))
}

/// True when a query word could be pinyin: ASCII letters only.
pub fn could_be_pinyin(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase())
}

/// Calls `emit(key, position)` for every positional term of a field whose first unit is at
/// position `base`. Units at or past `limit` are not indexed.
pub fn index_terms(units: &[Unit], base: u32, limit: u32, mut emit: impl FnMut(Vec<u8>, u32)) {
    for (i, unit) in units.iter().enumerate() {
        let Some(pos) = u32::try_from(i).ok().and_then(|i| base.checked_add(i)).filter(|&p| p < limit) else {
            break;
        };
        match &unit.kind {
            UnitKind::Cjk(c) => {
                let next = units.get(i + 1).filter(|n| !n.break_before).and_then(|n| match n.kind {
                    UnitKind::Cjk(d) => Some(d),
                    UnitKind::Word(_) => None,
                });
                emit(gram_key(*c, next), pos);
            }
            UnitKind::Word(w) => {
                emit(token_key(w), pos);
                if let Some(compound) = &unit.compound {
                    emit(token_key(compound), pos);
                }
            }
        }
    }
}

/// One term lookup of a query group: the term must occur at `start + offset` for a match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Offset from the group's first unit.
    pub offset: u32,
    /// The term key (with its tag).
    pub key: Vec<u8>,
    /// Match every term that starts with `key` rather than `key` exactly.
    pub prefix: bool,
}

/// The term lookups that find a group of query units (see the module docs).
///
/// A run of n ≥ 2 CJK characters needs all its n − 1 bigrams, each at its offset. (Positions skip
/// punctuation, so `短剧“剧场` has 剧 and 剧 at consecutive positions: only the bigram term, which
/// never spans a break, proves two characters adjacent in the text, and every pair must be
/// proved.) A lone CJK character matches any gram starting with it. With `prefix_last`, a final
/// Latin token matches as a prefix (`tur` → `turbo`).
pub fn query_pieces(units: &[Unit], prefix_last: bool) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < units.len() {
        match &units[i].kind {
            UnitKind::Word(w) => {
                let prefix = prefix_last && i + 1 == units.len();
                pieces.push(Piece { offset: i as u32, key: token_key(w), prefix });
                i += 1;
            }
            UnitKind::Cjk(_) => {
                let mut run = vec![];
                let mut j = i;
                while let Some(UnitKind::Cjk(c)) = units.get(j).map(|u| &u.kind) {
                    if j > i && units[j].break_before {
                        break;
                    }
                    run.push(*c);
                    j += 1;
                }
                if run.len() == 1 {
                    pieces.push(Piece { offset: i as u32, key: gram_key(run[0], None), prefix: true });
                } else {
                    for (k, pair) in run.windows(2).enumerate() {
                        pieces.push(Piece {
                            offset: (i + k) as u32,
                            key: gram_key(pair[0], Some(pair[1])),
                            prefix: false,
                        });
                    }
                }
                i = j;
            }
        }
    }
    pieces
}

/// Finds the occurrences of query units `query` in analyzed text `text`, exactly as the index
/// would (same adjacency rules as [`index_terms`] + [`query_pieces`]). Returns unit ranges
/// `[start, end)` in `text`. Used for snippets and highlights of fetched documents.
pub fn find_units(text: &[Unit], query: &[Unit], prefix_last: bool) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    if query.is_empty() || query.len() > text.len() {
        return found;
    }
    'outer: for s in 0..=text.len() - query.len() {
        for (k, q) in query.iter().enumerate() {
            let t = &text[s + k];
            let ok = match (&q.kind, &t.kind) {
                (UnitKind::Cjk(a), UnitKind::Cjk(b)) => {
                    // Inside a query CJK run the text must not break either.
                    let run_continues = k > 0 && !q.break_before && matches!(query[k - 1].kind, UnitKind::Cjk(_));
                    a == b && !(run_continues && t.break_before)
                }
                (UnitKind::Word(a), UnitKind::Word(b)) => {
                    let last = k + 1 == query.len();
                    a == b
                        || t.compound.as_deref() == Some(a.as_str())
                        || (prefix_last
                            && last
                            && (b.starts_with(a.as_str())
                                || t.compound.as_deref().is_some_and(|c| c.starts_with(a.as_str()))))
                }
                _ => false,
            };
            if !ok {
                continue 'outer;
            }
        }
        found.push((s, s + query.len()));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<String> {
        units(text)
            .into_iter()
            .map(|u| match u.kind {
                UnitKind::Cjk(c) => c.to_string(),
                UnitKind::Word(w) => w,
            })
            .collect()
    }

    fn keys(text: &str) -> Vec<(String, u32)> {
        let mut out = vec![];
        index_terms(&units(text), 0, u32::MAX, |k, p| out.push((String::from_utf8(k).unwrap(), p)));
        out
    }

    #[test]
    fn spaces_between_cjk_and_latin_do_not_matter() {
        assert_eq!(kinds("300 万元"), kinds("300万元"));
        assert_eq!(kinds("芒果 TV"), kinds("芒果ＴＶ"));
        assert_eq!(kinds("ＧＰＴ－４ｏ"), vec!["gpt", "4o"]);
    }

    /// The blocks `CASE_RUNS` covers: Latin (to Extended-B), Greek and Coptic, Cyrillic and its
    /// supplement, Armenian, Latin Extended Additional, Roman numerals, circled and full-width
    /// Latin letters.
    const CASE_BLOCKS: [(u32, u32); 7] = [
        (0, 0x250),
        (0x370, 0x530),
        (0x531, 0x557),
        (0x1E00, 0x1F00),
        (0x2160, 0x2170),
        (0x24B6, 0x24D0),
        (0xFF21, 0xFF3B),
    ];

    #[test]
    fn fold_case_is_std_lowercase_in_its_blocks() {
        for (lo, hi) in CASE_BLOCKS {
            for c in (lo..hi).filter_map(char::from_u32) {
                let std = c.to_lowercase().next().unwrap();
                assert_eq!(fold_case(c), std, "U+{:04X}", c as u32);
            }
        }
        // Outside them, nothing changes (Georgian, Cherokee, Deseret keep their case), and no
        // character maps outside what std would give.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if !CASE_BLOCKS.iter().any(|&(lo, hi)| (lo..hi).contains(&(c as u32))) {
                assert_eq!(fold_case(c), c, "U+{:04X}", c as u32);
            }
        }
        assert_eq!(
            kinds("İSTANBUL Ǎ Ωmega ПРИВЕТ Ⅻ Ⓐ Việt"),
            vec!["istanbul", "ǎ", "ωmega", "привет", "ⅻ", "ⓐ", "việt"]
        );
    }

    #[test]
    fn latin_words_split_on_hyphen_and_keep_compound() {
        let u = units("对标 GPT-4o。Qwen2-VL");
        assert_eq!(u[2].kind, UnitKind::Word("gpt".into()));
        assert_eq!(u[2].compound.as_deref(), Some("gpt4o"));
        assert_eq!(u[4].compound.as_deref(), Some("qwen2vl"));
        assert!(u[4].break_before);
        assert_eq!(kinds("10.74亿"), vec!["10.74", "亿"]);
    }

    #[test]
    fn punctuation_breaks_grams() {
        assert_eq!(
            keys("中心，心等"),
            vec![("g中心".into(), 0), ("g心".into(), 1), ("g心等".into(), 2), ("g等".into(), 3)]
        );
    }

    #[test]
    fn query_bigrams_cover_the_run() {
        let offsets = |q: &str| query_pieces(&units(q), false).iter().map(|p| p.offset).collect::<Vec<_>>();
        assert_eq!(offsets("主播"), vec![0]);
        assert_eq!(offsets("微短剧"), vec![0, 1]);
        assert_eq!(offsets("国家广播电视总局"), vec![0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(offsets("短剧“剧场"), vec![0, 2]);
        let p = query_pieces(&units("剧"), false);
        assert!(p[0].prefix);
        let p = query_pieces(&units("gp"), true);
        assert!(p[0].prefix);
    }

    #[test]
    fn find_units_agrees_with_adjacency() {
        let text = units("主要征集多维呈现中国精神，主播，主 播");
        assert_eq!(find_units(&text, &units("主播"), false).len(), 2);
        assert_eq!(find_units(&text, &units("精神主播"), false).len(), 0);
        let text = units("对标 GPT-4o。");
        assert_eq!(find_units(&text, &units("gpt4o"), false), vec![(2, 3)]);
        assert_eq!(find_units(&text, &units("gp"), true), vec![(2, 3)]);
        assert_eq!(find_units(&text, &units("gp"), false), vec![]);
    }
}
