//! Property tests of the Chinese-first rules of `docs/DESIGN.md` over the committed issue:
//! rule 1 (any verbatim substring finds its item), rule 2 (an item's characters in scattered
//! order do not match it), rule 5 (the same substring in traditional characters finds it too),
//! rule 7 (the pinyin of an indexed word finds the items holding the word and no item that only
//! sounds alike), rule 8 (an item's words typed together find it), and typo tolerance (a Latin
//! word with one edit still finds its item).

mod common;
use bulletin_search::analysis::{fold_han, units, UnitKind};
use bulletin_search::builder::pinyin_spellings;
use common::*;
use proptest::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

/// A traditional form of each simplified character that has one (the first in code point order
/// that folds to it).
static TRADITIONAL: LazyLock<HashMap<char, char>> = LazyLock::new(|| {
    let mut forms = HashMap::new();
    for c in (0x3400u32..0xA000).filter_map(char::from_u32) {
        let s = fold_han(c);
        if s != c {
            forms.entry(s).or_insert(c);
        }
    }
    forms
});

/// The index's `w` words, and the words of each pinyin spelling.
type Words = (Vec<String>, HashMap<String, Vec<String>>);
static WORDS: LazyLock<Words> = LazyLock::new(|| {
    let words = terms(b'w');
    let mut spelled: HashMap<String, Vec<String>> = HashMap::new();
    for w in &words {
        for s in pinyin_spellings(w) {
            spelled.entry(s).or_default().push(w.clone());
        }
    }
    (words, spelled)
});

static TOKENS: LazyLock<BTreeSet<String>> = LazyLock::new(|| terms(b't').into_iter().collect());

/// Headline and whole text (headline + body, folded as the oracle folds) of every item.
fn items() -> Vec<(String, String)> {
    BUILT
        .issue
        .items
        .iter()
        .map(|i| (i.headline.clone(), normalize(&format!("{}\n{}", i.headline, i.body_text()))))
        .collect()
}

/// The index's own words (the segmenter's `w` words, not the compounds the `k` markers name).
static SEGMENTER_WORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let compounds: BTreeSet<String> = terms(b'k').into_iter().collect();
    WORDS.0.iter().filter(|w| !compounds.contains(*w)).cloned().collect()
});

/// Latin words of at least 4 letters, no digits, with the headline of an item holding each.
fn latin_words() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for i in &BUILT.issue.items {
        for u in units(&format!("{} {}", i.headline, i.body_text())) {
            if let UnitKind::Word(w) = u.kind {
                if w.chars().count() >= 4 && w.chars().all(|c| c.is_alphabetic()) {
                    out.push((w, i.headline.clone()));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Item texts (headline and body) as char vectors.
fn texts() -> Vec<(String, Vec<char>)> {
    BUILT
        .issue
        .items
        .iter()
        .flat_map(|i| {
            [(i.headline.clone(), i.headline.chars().collect()), (i.headline.clone(), i.body_text().chars().collect())]
        })
        .collect()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !bulletin_search::analysis::is_cjk(c)
}

/// A substring of `chars` around `[start, start+len)`, widened so no Latin word is cut (Latin
/// words match whole or by prefix, not from their middle).
fn snapped(chars: &[char], start: usize, len: usize) -> String {
    // A '.' between digits belongs to the number (`2.03`).
    let word = |i: usize| {
        is_word_char(chars[i])
            || (chars[i] == '.'
                && i > 0
                && i + 1 < chars.len()
                && chars[i - 1].is_ascii_digit()
                && chars[i + 1].is_ascii_digit())
    };
    let mut s = start.min(chars.len() - 1);
    let mut e = (s + len).min(chars.len());
    while s > 0 && word(s) && word(s - 1) {
        s -= 1;
    }
    while e < chars.len() && e > 0 && word(e - 1) && word(e) {
        e += 1;
    }
    chars[s..e].iter().collect()
}

/// The query syntax gives `-word` and `"…"` meanings; a user searching verbatim text types
/// the text without them.
fn as_query(s: &str) -> String {
    s.split_whitespace()
        .map(|w| w.trim_start_matches('-'))
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['"', '“', '”', '「', '」'], " ")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn verbatim_substrings_find_their_item(pick in 0usize..1000, start in 0usize..2000, len in 1usize..14) {
        let texts = texts();
        let (headline, chars) = &texts[pick % texts.len()];
        let query = as_query(&snapped(chars, start % chars.len(), len));
        prop_assume!(!bulletin_search::analysis::units(&query).is_empty());
        let found = titles(&search(&query));
        prop_assert!(found.contains(headline), "query {:?} did not find {:?}; got {:?}", query, headline, found);
    }

    #[test]
    fn traditional_substrings_find_their_item(pick in 0usize..1000, start in 0usize..2000, len in 1usize..14) {
        let texts = texts();
        let (headline, chars) = &texts[pick % texts.len()];
        let query = as_query(&snapped(chars, start % chars.len(), len));
        let traditional: String = query.chars().map(|c| TRADITIONAL.get(&c).copied().unwrap_or(c)).collect();
        prop_assume!(traditional != query);
        let found = titles(&search(&traditional));
        prop_assert!(found.contains(headline), "query {:?} did not find {:?}; got {:?}", traditional, headline, found);
    }

    #[test]
    fn pinyin_of_an_indexed_word_finds_it_and_nothing_that_only_sounds_alike(pick in 0usize..100_000) {
        let (words, spelled) = &*WORDS;
        let word = &words[pick % words.len()];
        let spellings = pinyin_spellings(word);
        prop_assume!(!spellings.is_empty());
        let spelling = &spellings[0];
        // A Latin token of the index is matched as itself, never as pinyin.
        prop_assume!(!TOKENS.contains(spelling));
        let hits = search(&format!("{spelling} "));
        let items = items();
        let text = |title: &str| items.iter().find(|(h, _)| h == title).map(|(_, t)| t.clone()).unwrap_or_default();
        prop_assert!(
            hits.iter().any(|h| text(&h.title).contains(word.as_str())),
            "{:?} ({}) found no item containing it: {:?}", spelling, word, titles(&hits)
        );
        for h in &hits {
            prop_assert!(
                spelled[spelling].iter().any(|w| text(&h.title).contains(w.as_str())),
                "{:?} found {:?}, which holds no word spelled so", spelling, h.title
            );
        }
    }

    #[test]
    fn a_latin_word_with_one_edit_finds_its_item(pick in 0usize..1000, op in 0u8..4, at in 0usize..64, letter in proptest::char::range('a', 'z')) {
        let words = latin_words();
        prop_assume!(!words.is_empty());
        let (word, headline) = &words[pick % words.len()];
        let mut chars: Vec<char> = word.chars().collect();
        let at = at % chars.len();
        match op {
            0 => chars[at] = letter,
            1 => chars.insert(at, letter),
            2 => { chars.remove(at); }
            _ => {
                let at = at.min(chars.len() - 2);
                chars.swap(at, at + 1);
            }
        }
        let typo: String = chars.into_iter().collect();
        // An edit that lands on another word of the index finds that word instead.
        prop_assume!(typo != *word && !TOKENS.contains(&typo) && typo.chars().count() >= 4);
        let found = titles(&search(&format!("{typo} ")));
        prop_assert!(found.contains(headline), "{:?} (from {:?}) did not find {:?}; got {:?}", typo, word, headline, found);
    }

    #[test]
    fn scattered_characters_do_not_match(pick in 0usize..1000, seeds in proptest::collection::vec(0usize..5000, 2..5)) {
        let items = &BUILT.issue.items;
        let item = &items[pick % items.len()];
        let text: Vec<char> = format!("{}{}", item.headline, item.body_text()).chars().filter(|c| bulletin_search::analysis::is_cjk(*c)).collect();
        // Characters of the item taken from positions in an order unlike the text's.
        let mut idx: Vec<usize> = seeds.iter().map(|s| s % text.len()).collect();
        idx.sort_unstable_by(|a, b| b.cmp(a));
        idx.dedup();
        prop_assume!(idx.len() >= 2);
        let query: String = idx.iter().map(|&i| text[i]).collect();
        // Characters that stand apart in the item: no two neighbours of the query are neighbours
        // there either, so no word of the query (rule 8) is in the item.
        let whole = normalize(&format!("{}\n{}", item.headline, item.body_text()));
        let chars: Vec<char> = query.chars().collect();
        prop_assume!(chars.windows(2).all(|w| !whole.contains(&String::from_iter(w))));
        let found = titles(&search(&query));
        prop_assert!(!found.contains(&item.headline), "scattered query {:?} matched {:?}", query, item.headline);
    }

    /// Rule 8: two or three of an item's words typed together, in any order, find the item when
    /// no item holds the run verbatim.
    #[test]
    fn words_of_an_item_run_together_find_it(pick in 0usize..1000, seeds in proptest::collection::vec(0usize..100_000, 2..4)) {
        let items = items();
        let (headline, text) = &items[pick % items.len()];
        let words: Vec<&String> = SEGMENTER_WORDS.iter().filter(|w| text.contains(w.as_str())).collect();
        prop_assume!(words.len() >= 2);
        let mut picked: Vec<&String> = seeds.iter().map(|s| words[s % words.len()]).collect();
        picked.dedup();
        prop_assume!(picked.len() >= 2);
        let query: String = picked.iter().map(|w| w.as_str()).collect();
        prop_assume!(items.iter().all(|(_, t)| !t.contains(&query)));
        let found = titles(&search(&query));
        prop_assert!(found.contains(headline), "{:?} ({:?}) did not find {:?}; got {:?}", query, picked, headline, found);
    }

    /// Rule 8 with longer words: a compound of the builder (微短剧, 网络视听) or a word of the
    /// segmenter made of two of its words (中央宣传部) that the item holds, or whose two words it
    /// holds apart (中央 … 宣传部), typed together with another of its words, finds it.
    #[test]
    fn compounds_run_together_find_their_item(pick in 0usize..1000, seeds in proptest::collection::vec(0usize..100_000, 2), first in proptest::bool::ANY) {
        let items = items();
        let (headline, text) = &items[pick % items.len()];
        let compounds: Vec<&String> = COMPOUNDS.iter().filter(|c| text.contains(c.as_str()) || made_of_words_in(c, text)).collect();
        let words: Vec<&String> = SEGMENTER_WORDS.iter().filter(|w| text.contains(w.as_str())).collect();
        prop_assume!(!compounds.is_empty() && !words.is_empty());
        let (compound, word) = (compounds[seeds[0] % compounds.len()], words[seeds[1] % words.len()]);
        let query = if first { format!("{compound}{word}") } else { format!("{word}{compound}") };
        prop_assume!(items.iter().all(|(_, t)| !t.contains(&query)));
        let found = titles(&search(&query));
        prop_assert!(found.contains(headline), "{:?} ({:?} + {:?}) did not find {:?}; got {:?}", query, compound, word, headline, found);
    }
}

/// The builder's compounds (`k` markers) and the segmenter's words made of two of its words.
static COMPOUNDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut all = terms(b'k');
    all.extend(SEGMENTER_WORDS.iter().filter(|w| made_of_words_in(w, w)).cloned());
    all.sort();
    all.dedup();
    all
});

/// Whether `name` is two segmenter words that `text` holds (apart or together).
fn made_of_words_in(name: &str, text: &str) -> bool {
    name.char_indices().skip(2).any(|(i, _)| {
        let (a, b) = name.split_at(i);
        [a, b].iter().all(|w| {
            w.chars().count() >= 2 && text.contains(w) && SEGMENTER_WORDS.binary_search(&w.to_string()).is_ok()
        })
    })
}
