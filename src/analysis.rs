//! Text analysis: folding, the unit tokenizer, and the terms that index and query share.
//!
//! One function, [`units`], turns any text (an item field at build time, a query in the browser)
//! into a sequence of *units*: every CJK character is a unit, every run of Latin letters/digits is
//! a unit (`GPT-4o` → `gpt`, `4o`; `10.74` stays one unit). Whitespace is not a unit and does not
//! separate CJK characters (`300 万元` and `300万元`, `芒果 TV` and `芒果TV` give the same units);
//! punctuation is not a unit either but marks a *break*, so no term spans it. The position of a
//! unit is its index in the field; a title's units are at `0..BODY_BASE`, a body's from `BODY_BASE`.
//!
//! Units are folded: full-width forms to ASCII, Latin to lower case, and traditional characters to
//! simplified ones ([`fold_han`]: 微短劇 → 微短剧, 騰訊 → 腾讯). Folding happens inside [`units`], so
//! an index built from traditional text and a query typed in either script meet on the same units
//! (DESIGN rule 5); stored text and highlights keep the characters as written.
//!
//! Terms are byte keys with a one-byte tag, so one FST holds every kind:
//!
//! | tag | term | value | from |
//! |-----|------|-------|------|
//! | `g` | a CJK bigram `微短`, or a single CJK character that ends its run (`金` in `资金。`) | positional postings | [`index_terms`] |
//! | `i` | the initials of a pinyin word (`wdj`), only where one word of the index has them | word list | the builder |
//! | `p` | the toneless pinyin of a pinyin word (`weiduanju`, `hangye` and `xingye` for 行业) | word list | the builder |
//! | `t` | a Latin/number token `gpt`, `4o`, `300`, and a hyphen compound joined (`gpt4o`) | positional postings | [`index_terms`] |
//! | `w` | a word of the build-time segmenter (jieba), CJK, ≥ 2 characters, or a recurring compound of two adjacent ones (微 + 短剧) | term frequencies | the builder |
//!
//! Because a query is analyzed by the same [`units`] and turned into gram/token keys by
//! [`query_pieces`], the browser needs no dictionary: index and query agree by construction
//! (DESIGN rule 3). A CJK query of n ≥ 2 characters becomes its bigrams at their offsets; an
//! item matches only where all of them occur at those offsets, so its characters scattered
//! through an item (or split by punctuation) never match (rule 2), and every verbatim occurrence
//! does (rule 1).
//! The `w` words only add a ranking signal (rule 4), completions and "did you mean".
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

/// First position of a body unit; title units are `0..BODY_BASE` (a longer title is cut there).
pub const BODY_BASE: u32 = 1024;
/// Tag of CJK gram terms (bigrams and run-final single characters), positional.
pub const TAG_GRAM: u8 = b'g';
/// Tag of Latin/number token terms, positional.
pub const TAG_TOKEN: u8 = b't';
/// Tag of segmenter words, with term frequencies but no positions.
pub const TAG_WORD: u8 = b'w';
/// Tag of pinyin spellings; the value is the list of words spelled so.
pub const TAG_PINYIN: u8 = b'p';
/// Tag of unambiguous pinyin initials; the value is a list of one word.
pub const TAG_INITIALS: u8 = b'i';
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

/// Folds a whole string as [`units`] folds its characters (width, traditional characters, case)
/// and drops whitespace: for comparing names (sections) the way text is matched.
pub fn fold_str(text: &str) -> String {
    text.chars().map(fold_width).map(fold_han).filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
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
    let mut out: Vec<Unit> = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().map(|(i, c)| (i, fold_width(c))).collect();
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
                    word.extend(d.to_lowercase());
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

fn gram_key(a: char, b: Option<char>) -> Vec<u8> {
    let mut key = vec![TAG_GRAM];
    let mut buf = [0u8; 4];
    key.extend_from_slice(a.encode_utf8(&mut buf).as_bytes());
    if let Some(b) = b {
        key.extend_from_slice(b.encode_utf8(&mut buf).as_bytes());
    }
    key
}

/// A term key: its tag byte, then the term's UTF-8.
fn tagged(tag: u8, term: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(1 + term.len());
    key.push(tag);
    key.extend_from_slice(term.as_bytes());
    key
}

/// The key of a Latin/number token term.
pub fn token_key(word: &str) -> Vec<u8> {
    tagged(TAG_TOKEN, word)
}

/// The key of a segmenter word term.
pub fn word_key(word: &str) -> Vec<u8> {
    tagged(TAG_WORD, word)
}

/// The key of a pinyin spelling term (`p` + lower-case ASCII letters).
pub fn pinyin_key(spelling: &str) -> Vec<u8> {
    tagged(TAG_PINYIN, spelling)
}

/// The key of a pinyin initials term.
pub fn initials_key(initials: &str) -> Vec<u8> {
    tagged(TAG_INITIALS, initials)
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

/// Quantizes a field length (in units) to one byte, logarithmically (as Lucene's norms).
pub fn encode_norm(len: u32) -> u8 {
    let v = (f64::from(len) + 1.0).log2() * 16.0;
    v.round().clamp(0.0, 255.0) as u8
}

/// The approximate field length a norm byte stands for.
pub fn decode_norm(norm: u8) -> f32 {
    (2f32).powf(f32::from(norm) / 16.0) - 1.0
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

    #[test]
    fn norms_round_trip_roughly() {
        for len in [0u32, 1, 10, 100, 1000, 10_000] {
            let d = decode_norm(encode_norm(len));
            assert!((d - len as f32).abs() <= len as f32 * 0.05 + 1.0, "{len} -> {d}");
        }
    }
}
