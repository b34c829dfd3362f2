//! Snippets and highlights of fetched documents, found with the analyzer's own matcher
//! ([`crate::analysis::find_units`]) so a highlight covers exactly what the index matched: the
//! whole matched string (`微短剧`, `Turbo` for `tur`), never single characters.
//!
//! Ranges are `[start, end)` in Unicode scalar values (`char`s) of the returned string.

use crate::analysis::{find_units, units};
use crate::order::{minor, sort_key};
use crate::query::Group;

/// Characters of context kept before the first match of a snippet.
const LEAD: usize = 24;

/// Merged char ranges of every group's occurrences in `text`.
pub fn highlight(text: &str, groups: &[Group]) -> Vec<[u32; 2]> {
    let text_units = units(text);
    // Start and end as one key (offsets into one item's text fit 32 bits; see crate::order).
    let mut byte_ranges: Vec<u64> = Vec::new();
    for g in groups {
        for (s, e) in find_units(&text_units, &g.units, g.prefix) {
            byte_ranges.push(sort_key(text_units[s].start as u32, text_units[e - 1].end as u32));
        }
    }
    byte_ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in byte_ranges.into_iter().map(|k| ((k >> 32) as usize, minor(k) as usize)) {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    // Byte offsets to char offsets in one pass.
    let mut out = Vec::with_capacity(merged.len());
    let mut chars_before = 0u32;
    let mut at = 0usize;
    for (s, e) in merged {
        chars_before += text.get(at..s).unwrap_or_default().chars().count() as u32;
        let len = text.get(s..e).unwrap_or_default().chars().count() as u32;
        out.push([chars_before, chars_before + len]);
        chars_before += len;
        at = e;
    }
    out
}

/// A snippet of at most about `max_chars` characters of `body` around its best match (the window
/// holding the most distinct query groups, then the most matches), with its highlight ranges.
/// Line breaks become spaces.
pub fn snippet(body: &str, groups: &[Group], max_chars: usize) -> (String, Vec<[u32; 2]>) {
    let chars: Vec<char> = body.chars().map(|c| if c == '\n' { ' ' } else { c }).collect();
    let ranges = highlight(body, groups);
    // Each group's own ranges, to count the groups a window holds: the pieces of a run-together
    // word are groups, and the window with all of them explains the match best.
    let by_group: Vec<Vec<[u32; 2]>> = match groups.len() {
        0 | 1 => Vec::new(),
        _ => groups.iter().map(|g| highlight(body, std::slice::from_ref(g))).collect(),
    };
    let mut best_start = 0usize;
    let mut best = (0usize, 0usize);
    for r in &ranges {
        let start = (r[0] as usize).saturating_sub(LEAD);
        let end = start + max_chars;
        let inside = |o: &[u32; 2]| o[0] as usize >= start && (o[1] as usize) <= end;
        let held = by_group.iter().filter(|g| g.iter().any(inside)).count();
        let count = (held, ranges.iter().filter(|o| inside(o)).count());
        // Ties go to the earliest.
        if count > best {
            best = count;
            best_start = start;
        }
    }
    // Start at a sentence boundary if one is close before the match.
    if best_start > 0 {
        let first_match = ranges.iter().find(|r| r[0] as usize >= best_start).map_or(best_start, |r| r[0] as usize);
        if let Some(p) = (best_start..first_match).rev().find(|&i| matches!(chars[i], '。' | '！' | '？' | '；' | ' '))
        {
            best_start = p + 1;
        }
    }
    let end = (best_start + max_chars).min(chars.len());
    let mut text = String::new();
    let lead = usize::from(best_start > 0);
    if lead == 1 {
        text.push('…');
    }
    text.extend(chars[best_start..end].iter().copied().skip_while(|c| *c == ' '));
    let skipped = chars[best_start..end].iter().take_while(|c| **c == ' ').count();
    if end < chars.len() {
        text.push('…');
    }
    let shift = best_start + skipped;
    let out = ranges
        .iter()
        .filter(|r| r[0] as usize >= shift && (r[1] as usize) <= end)
        .map(|r| [(r[0] as usize - shift + lead) as u32, (r[1] as usize - shift + lead) as u32])
        .collect();
    (text, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse_query;

    fn slice(s: &str, r: [u32; 2]) -> String {
        s.chars().skip(r[0] as usize).take((r[1] - r[0]) as usize).collect()
    }

    #[test]
    fn highlights_whole_matches() {
        let q = parse_query("微短剧 tur");
        let t = "腾讯混元 Turbo 与微短剧";
        let h = highlight(t, &q.groups);
        assert_eq!(h.iter().map(|&r| slice(t, r)).collect::<Vec<_>>(), vec!["Turbo", "微短剧"]);
    }

    #[test]
    fn snippet_is_centered_on_the_match() {
        let body = format!("{}。东方甄选主播对话企业家。{}", "前文".repeat(100), "后文".repeat(100));
        let q = parse_query("主播");
        let (s, h) = snippet(&body, &q.groups, 60);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert_eq!(slice(&s, h[0]), "主播");
        assert!(s.chars().count() <= 62);
    }

    #[test]
    fn snippet_window_holds_the_most_distinct_words() {
        // 快手 occurs three times early, alone; 快手 with 大赛 later: that window wins.
        let body = format!("快手快手快手。{}快手开启短剧大赛。{}", "前文".repeat(60), "后文".repeat(60));
        let groups: Vec<Group> = ["快手", "大赛"].iter().map(|w| parse_query(w).groups.remove(0)).collect();
        let (s, h) = snippet(&body, &groups, 40);
        let marked: Vec<String> = h.iter().map(|&r| slice(&s, r)).collect();
        assert!(marked.contains(&"大赛".to_string()), "{s}");
    }

    #[test]
    fn snippet_without_match_is_the_beginning() {
        let (s, h) = snippet("一二三四五", &parse_query("不在").groups, 3);
        assert_eq!(s, "一二三…");
        assert!(h.is_empty());
    }
}
