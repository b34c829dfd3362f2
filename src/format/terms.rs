//! Term keys: the bytes a term is stored under in a shard's FST, and the numbers its postings
//! carry (positions, the norm byte).
//!
//! A key is a one-byte tag, then the term's UTF-8, so one FST holds every kind of term and each
//! kind is one key range. In key order:
//!
//! | tag | term | value ([`super::shard`]) | from |
//! |-----|------|-------|------|
//! | `c` | a CJK character, wherever it occurs (the first character of each of its `g` grams) | counts: title and body term frequencies, with norms | the builder, from the `g` grams ([`gram_char_key`]) |
//! | `g` | a CJK bigram `微短`, or a single CJK character that ends its run (`金` in `资金。`) | positional postings | [`crate::analysis::index_terms`] |
//! | `i` | the initials of a pinyin word (`wdj`), only where one word of the index has them | word list | the builder |
//! | `k` | a `w` word that is a compound of two adjacent segmenter words, not a word of the segmenter itself | an empty word list (a marker) | the builder |
//! | `n` | a name of an alias group of the synonyms list, folded ([`crate::analysis::alias_key`]) | word list: the group's other names that occur in the segment | the builder ([`crate::synonyms`]) |
//! | `p` | the toneless pinyin of a pinyin word (`weiduanju`, `hangye` and `xingye` for 行业) | word list | the builder |
//! | `s` | a CJK character: the `w` words that start with it, the [`crate::analysis::STARTS_WORDS`] in the most documents | word list | the builder |
//! | `t` | a Latin/number token `gpt`, `4o`, `300`, and a hyphen compound joined (`gpt4o`) | positional postings | [`crate::analysis::index_terms`] |
//! | `w` | a word of the build-time segmenter (jieba), CJK, ≥ 2 characters, or a recurring compound of two adjacent ones (微 + 短剧) | term frequencies | the builder |
//!
//! Every query word looks its `n` key up, name or not. The tag sorts among small terms (the `k`
//! markers, the `p` word lists): an index without alias groups answers that lookup from the shard
//! where `k` ends and `p` begins, not from the first shard, which holds the counts of the
//! commonest characters (`c一`: 13.8 KB at 10,000 items).
//!
//! A position is a unit's index in its field: a title's units are at `0..BODY_BASE`, a body's
//! from [`BODY_BASE`], so one list of positions holds both fields. A norm is one byte per
//! document: its body length, quantized logarithmically ([`encode_norm`]).

/// First position of a body unit; title units are `0..BODY_BASE` (a longer title is cut there).
pub const BODY_BASE: u32 = 1024;
/// Tag of alias names (other names of the same body, from the synonyms list).
pub const TAG_ALIAS: u8 = b'n';
/// Tag of CJK character terms: per document, how often the character occurs in title and body.
pub const TAG_CHAR: u8 = b'c';
/// Tag of CJK gram terms (bigrams and run-final single characters), positional.
pub const TAG_GRAM: u8 = b'g';
/// Tag of Latin/number token terms, positional.
pub const TAG_TOKEN: u8 = b't';
/// Tag of segmenter words, with term frequencies but no positions.
pub const TAG_WORD: u8 = b'w';
/// Tag of the `w` words that are compounds of two segmenter words (no value: a marker).
pub const TAG_COMPOUND: u8 = b'k';
/// Tag of pinyin spellings; the value is the list of words spelled so.
pub const TAG_PINYIN: u8 = b'p';
/// Tag of unambiguous pinyin initials; the value is a list of one word.
pub const TAG_INITIALS: u8 = b'i';
/// Tag of the words that start with a character (completions of a one-character prefix).
pub const TAG_STARTS: u8 = b's';

/// A term key: its tag byte, then the term's UTF-8.
pub fn tagged_key(tag: u8, term: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(1 + term.len());
    key.push(tag);
    key.extend_from_slice(term.as_bytes());
    key
}

/// The key of the `g` term of the CJK bigram `a b`, or of `a` alone when it ends its run.
pub fn gram_key(a: char, b: Option<char>) -> Vec<u8> {
    let mut key = vec![TAG_GRAM];
    let mut buf = [0u8; 4];
    key.extend_from_slice(a.encode_utf8(&mut buf).as_bytes());
    if let Some(b) = b {
        key.extend_from_slice(b.encode_utf8(&mut buf).as_bytes());
    }
    key
}

/// The key of the `c` term of a CJK character.
pub fn char_key(c: char) -> Vec<u8> {
    let mut buf = [0u8; 4];
    tagged_key(TAG_CHAR, c.encode_utf8(&mut buf))
}

/// The `c` key of the first character of a `g` gram key (`None` for any other key): every
/// occurrence of a character is the first character of exactly one gram, so a character's
/// occurrences are those of the grams whose key this gives it.
pub fn gram_char_key(key: &[u8]) -> Option<Vec<u8>> {
    let (&TAG_GRAM, rest) = key.split_first()? else { return None };
    std::str::from_utf8(rest).ok()?.chars().next().map(char_key)
}

/// The key of a Latin/number token term.
pub fn token_key(word: &str) -> Vec<u8> {
    tagged_key(TAG_TOKEN, word)
}

/// The key of a segmenter word term.
pub fn word_key(word: &str) -> Vec<u8> {
    tagged_key(TAG_WORD, word)
}

/// The key of the marker of a `w` word that is a compound, not a segmenter word.
pub fn compound_key(word: &str) -> Vec<u8> {
    tagged_key(TAG_COMPOUND, word)
}

/// The key of a pinyin spelling term (`p` + lower-case ASCII letters).
pub fn pinyin_key(spelling: &str) -> Vec<u8> {
    tagged_key(TAG_PINYIN, spelling)
}

/// The key of the `s` list of the words that start with `c`.
pub fn starts_key(c: char) -> Vec<u8> {
    let mut buf = [0u8; 4];
    tagged_key(TAG_STARTS, c.encode_utf8(&mut buf))
}

/// The key of a pinyin initials term.
pub fn initials_key(initials: &str) -> Vec<u8> {
    tagged_key(TAG_INITIALS, initials)
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

    #[test]
    fn a_grams_character_is_its_first() {
        assert_eq!(gram_char_key(&gram_key('微', Some('短'))), Some(char_key('微')));
        assert_eq!(gram_char_key(&gram_key('金', None)), Some(char_key('金')));
        assert_eq!(gram_char_key(&token_key("gpt")), None);
        assert_eq!(gram_char_key(&word_key("微短剧")), None);
        assert_eq!(gram_char_key(&[TAG_GRAM]), None);
        assert_eq!(char_key('剧'), "c剧".as_bytes());
    }

    #[test]
    fn norms_round_trip_roughly() {
        for len in [0u32, 1, 10, 100, 1000, 10_000] {
            let d = decode_norm(encode_norm(len));
            assert!((d - len as f32).abs() <= len as f32 * 0.05 + 1.0, "{len} -> {d}");
        }
    }
}
