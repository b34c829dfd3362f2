//! Property tests of DESIGN's Chinese-first rules over the committed issue:
//! rule 1 (any verbatim substring finds its item) and rule 2 (an item's characters in scattered
//! order do not match it).

mod common;
use common::*;
use proptest::prelude::*;

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
        let in_item = normalize(&item.headline).contains(&query) || normalize(&item.body_text()).contains(&query);
        prop_assume!(!in_item);
        let found = titles(&search(&query));
        prop_assert!(!found.contains(&item.headline), "scattered query {:?} matched {:?}", query, item.headline);
    }
}
