//! Search behaviour over the committed issue: the issue's "done when" queries, ranking rules,
//! query syntax, snippets and highlights.

mod common;
use bulletin_search::SearchOptions;
use common::*;

fn slice(s: &str, r: [u32; 2]) -> String {
    s.chars().skip(r[0] as usize).take((r[1] - r[0]) as usize).collect()
}

#[test]
fn wenxiaoyan_finds_baidu_first() {
    let hits = search("文小言");
    assert_eq!(hits[0].title, "百度推出新搜索“文小言”");
    assert_eq!(slice(&hits[0].title, hits[0].title_highlights[0]), "文小言");
}

#[test]
fn zhubo_finds_exactly_the_two_items_containing_it() {
    let mut t = titles(&search("主播"));
    t.sort();
    let mut want = vec![
        "字节跳动公益发起“DOU 爱公益日，做好事，加我一个”主题活动".to_string(),
        "俞敏洪带队东方甄选直播亚布力，全天吸引 3700 万人次".to_string(),
    ];
    want.sort();
    assert_eq!(t, want);
}

#[test]
fn title_matches_rank_above_body_matches() {
    let hits = search("快手");
    assert!(hits[0].title.contains("快手"));
    let hits = search("腾讯 混元");
    assert_eq!(hits[0].title, "腾讯推出新一代大模型混元 Turbo");
}

#[test]
fn mixed_scripts_match_whole_and_by_parts() {
    for q in ["GPT-4o", "gpt4o", "gpt", "4o", "Qwen2-VL", "qwen2", "VL", "ＧＰＴ－４ｏ"] {
        let t = titles(&search(q));
        assert!(!t.is_empty(), "{q}");
    }
    assert_eq!(titles(&search("Qwen2-VL")), vec!["通义千问第二代视觉语言模型宣布开源"]);
    assert_eq!(titles(&search("turbo"))[0], "腾讯推出新一代大模型混元 Turbo");
}

#[test]
fn numbers_with_units_match_across_the_optional_space() {
    for q in ["300万", "300 万", "300万元", "3700万", "270亿美元", "270 亿"] {
        assert!(!search(q).is_empty(), "{q}");
    }
    assert!(search("301万").is_empty());
}

#[test]
fn prefix_of_last_latin_word_ranks_below_exact() {
    let hits = search("tur");
    assert_eq!(hits[0].title, "腾讯推出新一代大模型混元 Turbo");
    assert_eq!(slice(&hits[0].title, hits[0].title_highlights[0]), "Turbo");
    // Closed by a space, the word is no longer a prefix.
    assert!(search("tur ").is_empty());
}

#[test]
fn phrase_exclusion_and_filters() {
    assert_eq!(search("\"国家广播电视总局\"").len(), 7);
    let without = search("微短剧 -快手");
    assert_eq!(without.len(), 4);
    assert!(without.iter().all(|h| !h.title.contains("快手")));
    let tech = search("大模型 section:技术");
    assert_eq!(titles(&tech), vec!["腾讯推出新一代大模型混元 Turbo"]);
    assert_eq!(search("大模型 issue:432").len(), 0);
    assert_eq!(search("大模型 issue:431").len(), 3);
    assert_eq!(search("大模型 2024-09-01..2024-09-30").len(), 3);
    assert_eq!(search("大模型 2024-10-01..").len(), 0);
    // Filters alone list items, newest first in item order.
    let section = search("section:人事");
    assert_eq!(section.len(), 3);
    assert_eq!(section[0].title, "靳国卫就任辽宁省委宣传部部长");
}

#[test]
fn empty_and_nonsense_queries_return_nothing() {
    for q in ["", "   ", "，。！", "\"", "-", "zzzzzz", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "🙂", "\u{202e}abc", "\0\x01"]
    {
        assert!(search(q).is_empty(), "{q:?}");
    }
    let long = "微短剧".repeat(5000);
    assert!(search(&long).is_empty());
}

#[test]
fn hits_carry_metadata_snippet_and_highlights() {
    let r = search_with("混元", &SearchOptions { limit: 1, ..SearchOptions::default() });
    assert_eq!(r.total, 1);
    let h = &r.hits[0];
    assert_eq!(h.issue, 431);
    assert_eq!(h.date, "2024-09-09");
    assert_eq!(h.section, "技术");
    let item = BUILT.issue.items.iter().find(|i| i.headline == h.title).unwrap();
    assert_eq!(h.id, format!("431-{}", item.ordinal));
    assert_eq!(h.url, format!("issues/431.html#item-{}", item.ordinal));
    assert!(h.score > 0.0);
    assert!(!h.snippet_highlights.is_empty());
    for r in &h.snippet_highlights {
        assert_eq!(slice(&h.snippet, *r), "混元");
    }
    assert_eq!(r.sections[0].value, "技术");
}

#[test]
fn section_facets_count_hits_ignoring_the_section_filter() {
    let r = search_with("微短剧 section:行业", &SearchOptions { limit: 100, ..SearchOptions::default() });
    let total: usize = r.sections.iter().map(|f| f.count).sum();
    assert_eq!(total, 5);
    assert_eq!(r.total, 4);
}

#[test]
fn paging_and_sort_by_date() {
    let all = search("视听");
    let page = search_with("视听", &SearchOptions { limit: 2, offset: 2, ..SearchOptions::default() });
    assert_eq!(titles(&page.hits), titles(&all[2..4]));
    assert_eq!(page.total, all.len());
}
