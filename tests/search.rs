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
    // A word typed over and over is read up to the parser's bounds, then split into its words
    // (rule 8): it finds what the word finds.
    let long = "微短剧".repeat(5000);
    let mut found = titles(&search(&long));
    let mut word = titles(&search("微短剧"));
    found.sort();
    word.sort();
    assert_eq!(found, word);
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

fn first_highlight(hit: &bulletin_search::Hit) -> String {
    hit.title_highlights.first().map_or_else(String::new, |&r| slice(&hit.title, r))
}

#[test]
fn traditional_characters_find_simplified_text() {
    assert_eq!(titles(&search("微短劇")), titles(&search("微短剧")));
    assert_eq!(titles(&search("國家廣播電視總局")), titles(&search("国家广播电视总局")));
    let hits = search("騰訊 混元");
    assert_eq!(hits[0].title, "腾讯推出新一代大模型混元 Turbo");
    assert_eq!(first_highlight(&hits[0]), "腾讯");
    // Mixed scripts inside one word.
    assert_eq!(titles(&search("騰讯")), titles(&search("腾讯")));
}

#[test]
fn an_index_of_traditional_text_is_found_in_both_scripts() {
    let files = build(&[&export(
        12,
        "2024 年 9 月 9 日",
        &[("技術", "騰訊推出新一代大模型", "騰訊宣佈推出微短劇計劃，微短劇市場擴大。")],
    )]);
    let options = SearchOptions::default();
    for q in ["腾讯", "騰訊", "微短剧", "tengxun", "section:技术"] {
        let r = search_files(&files, q, &options);
        assert_eq!(r.total, 1, "{q}");
    }
    let hit = &search_files(&files, "腾讯", &options).hits[0];
    assert_eq!(first_highlight(hit), "騰訊");
}

#[test]
fn pinyin_reaches_whole_words_below_direct_matches() {
    let direct = search("微短剧");
    for q in ["weiduanju", "WeiDuanJu", "weiduan", "wdj"] {
        let hits = search(q);
        assert_eq!(titles(&hits), titles(&direct), "{q}");
        assert!(hits[0].score < direct[0].score, "{q} ranks below a direct match");
        assert!(hits.iter().filter(|h| !h.title_highlights.is_empty()).all(|h| first_highlight(h) == "微短剧"));
    }
    assert_eq!(titles(&search("hunyuan")), vec!["腾讯推出新一代大模型混元 Turbo"]);
    assert_eq!(titles(&search("tengxun hunyuan")), vec!["腾讯推出新一代大模型混元 Turbo"]);
    // A second reading of a character: 行 is xing, and hang in 行业.
    assert_eq!(titles(&search("hangye ")), titles(&search("行业")));
    // Prefixes are for the word being typed only.
    assert!(search("weiduan ").is_empty());
}

#[test]
fn latin_words_of_the_index_are_never_read_as_pinyin() {
    let files = build(&[&export(
        12,
        "2024 年 9 月 9 日",
        &[
            ("技术", "新浪发布 Hangye 报告", "新浪发布 Hangye 年度报告。"),
            ("技术", "行业协会召开年会", "行业协会召开年会，行业代表出席。"),
        ],
    )]);
    let options = SearchOptions::default();
    let r = search_files(&files, "hangye", &options);
    assert_eq!(titles(&r.hits), vec!["新浪发布 Hangye 报告"]);
    assert_eq!(search_files(&files, "xiehui", &options).total, 1);
    // Over issue 431: `ai` is the Latin token.
    assert!(search("ai").iter().all(|h| h.title.contains("AI") || h.snippet.contains("AI")));
}

#[test]
fn pinyin_never_merges_characters_that_merely_sound_alike() {
    let files = build(&[&export(
        12,
        "2024 年 9 月 9 日",
        &[("行业", "网络视听行业发展", "网络视听行业稳步发展。"), ("行业", "一个故事停在这里", "这个故事停在这里。")],
    )]);
    // 事停 (shi ting) is in the second item, but not as a word: only 视听 is.
    let r = search_files(&files, "shiting", &SearchOptions::default());
    assert_eq!(titles(&r.hits), vec!["网络视听行业发展"]);
}

#[test]
fn latin_typos_find_their_word_below_exact_matches() {
    let exact = search("youtube");
    for q in ["youtuve", "yuotube", "youtbe", "yooutube"] {
        let hits = search(q);
        assert_eq!(titles(&hits), titles(&exact), "{q}");
        assert!(hits[0].score < exact[0].score, "{q}");
        assert_eq!(first_highlight(&hits[0]), "YouTube", "{q}");
    }
    assert_eq!(titles(&search("trubo"))[0], "腾讯推出新一代大模型混元 Turbo");
    // Numbers are never corrected, and short words not at all.
    assert!(search("2029").is_empty());
    assert!(search("tvv ").is_empty());
}

#[test]
fn queries_that_find_nothing_suggest_the_closest_terms() {
    let r = search_with("weiduanjv", &SearchOptions::default());
    assert_eq!((r.total, r.hits.len()), (0, 0));
    assert_eq!(r.suggestions.first().map(String::as_str), Some("微短剧"));
    let r = search_with("快手 微短据", &SearchOptions::default());
    assert!(r.hits.is_empty());
    assert_eq!(r.suggestions.first().map(String::as_str), Some("快手 微短剧"));
    // Two words corrected at once, one of them pinyin with a swap.
    let r = search_with("kuaishuo 微短据", &SearchOptions::default());
    assert_eq!(r.suggestions.first().map(String::as_str), Some("快手 微短剧"));
    // A word nothing is close to is left out.
    let r = search_with("zzzzzz 微短据", &SearchOptions::default());
    assert_eq!(r.suggestions.first().map(String::as_str), Some("微短剧"));
    // A correction must find something together with the other words: no item has both.
    assert!(search_with("腾讯 微短据", &SearchOptions::default()).suggestions.is_empty());
    for q in ["zzzzzz", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "", "微短剧 issue:432"] {
        let r = search_with(q, &SearchOptions::default());
        assert!(r.hits.is_empty() && r.suggestions.is_empty(), "{q}: {:?}", r.suggestions);
    }
    for q in ["weiduanjv", "快手 微短据", "kuaishuo 微短据", "trubbo", "qwen3", "youtubexx 微短据", "zzzzzz 微短据"]
    {
        for s in search_with(q, &SearchOptions::default()).suggestions {
            assert!(!search(&s).is_empty(), "suggestion {s:?} for {q:?} finds nothing");
        }
    }
    // A query that finds something suggests nothing.
    assert!(search_with("微短剧", &SearchOptions::default()).suggestions.is_empty());
}

#[test]
fn completions_come_from_the_vocabulary_and_from_pinyin() {
    let c = complete("微短", 5);
    assert_eq!(c.first().map(|c| c.word.as_str()), Some("微短剧"));
    let c = complete("腾讯 weid", 5);
    assert_eq!(c.first().map(|c| c.query.as_str()), Some("腾讯 微短剧"));
    assert_eq!(complete("tu", 5).first().map(|c| c.word.as_str()), Some("turbo"));
    assert!(complete("zzz", 5).is_empty());
}

#[test]
fn facets_count_per_section_issue_and_year() {
    let old = export(
        300,
        "2023 年 5 月 8 日",
        &[
            ("行业", "微短剧备案管理办法发布", "微短剧备案管理办法正式发布。"),
            ("技术", "某公司发布新模型", "某公司发布新模型。"),
        ],
    );
    let current = std::fs::read_to_string(EXPORT).unwrap();
    let files = build(&[&old, &current]);
    let facet = |v: &[bulletin_search::FacetCount]| v.iter().map(|f| (f.value.clone(), f.count)).collect::<Vec<_>>();
    let all = |q: &str| search_files(&files, q, &SearchOptions { limit: 100, ..SearchOptions::default() });

    let r = all("微短剧");
    assert_eq!(r.total, 6);
    assert_eq!(facet(&r.issues), vec![("431".into(), 5), ("300".into(), 1)]);
    assert_eq!(facet(&r.years), vec![("2024".into(), 5), ("2023".into(), 1)]);

    // Each facet ignores its own filter, and applies the others.
    let r = all("微短剧 issue:300");
    assert_eq!(r.total, 1);
    assert_eq!(facet(&r.issues), vec![("431".into(), 5), ("300".into(), 1)]);
    assert_eq!(facet(&r.years), vec![("2023".into(), 1)]);
    let r = all("微短剧 year:2024");
    assert_eq!(r.total, 5);
    assert_eq!(facet(&r.years), vec![("2024".into(), 5), ("2023".into(), 1)]);
    assert_eq!(facet(&r.issues), vec![("431".into(), 5)]);
    assert_eq!(all("微短剧 issue:299..431").total, 6);
    assert_eq!(all("微短剧 date:2023-05").total, 1);
    assert_eq!(all("微短剧 sort:date").hits[5].issue, 300);
}

#[test]
fn excluded_phrases_and_full_width_minus() {
    let with = search("微短剧");
    let without = search("微短剧 -\"国家广播电视总局\"");
    assert!(!without.is_empty() && without.len() < with.len());
    assert!(without.iter().all(|h| !h.title.contains("国家广播电视总局")));
    assert_eq!(titles(&search("微短剧 －快手")), titles(&search("微短剧 -快手")));
}

#[test]
fn a_cjk_word_split_by_punctuation_does_not_match() {
    // `…推出微短剧“剧场启航”…` holds 短剧 and 剧场 at consecutive positions, split by a quote.
    assert_eq!(titles(&search("短剧剧场")), vec!["湖南卫视、芒果 TV 打造黄金档微短剧剧场"]);
}

#[test]
fn a_word_being_typed_with_a_typo_still_completes() {
    let hits = search("youtuv");
    assert_eq!(titles(&hits), titles(&search("youtube")));
    assert_eq!(first_highlight(&hits[0]), "YouTube");
    // Closed by a space, it is a whole word: two edits from `youtube`, too many for 6 letters.
    assert!(search("youtuv ").is_empty());
}

#[test]
fn a_search_resumed_once_its_doc_blocks_arrive_equals_a_fresh_one() {
    use bulletin_search::{Index, Step};
    let files = &BUILT.files;
    let need = |step: Step| match step {
        Step::Need(files) => files,
        Step::Done(r) => panic!("answered before its files arrived: {r:?}"),
    };
    let mut index = Index::open(&BUILT.manifest).unwrap();
    let options = SearchOptions::default();
    for f in need(index.search("微短剧", &options).unwrap()) {
        index.supply(&f, &files[&f]).unwrap();
    }
    let blocks = need(index.search("微短剧", &options).unwrap());
    assert!(blocks.len() > 1 && blocks.iter().all(|b| b.starts_with("d-")), "{blocks:?}");
    // The same words with other options are evaluated afresh, not answered from the first.
    let one = SearchOptions { limit: 1, ..SearchOptions::default() };
    assert_eq!(need(index.search("微短剧", &one).unwrap()).len(), 1);
    let blocks = need(index.search("微短剧", &options).unwrap());
    for f in blocks {
        index.supply(&f, &files[&f]).unwrap();
    }
    match index.search("微短剧", &options).unwrap() {
        Step::Done(resumed) => assert_eq!(resumed, search_with("微短剧", &options)),
        Step::Need(more) => panic!("still needs {more:?}"),
    }
}

#[test]
fn facets_are_the_counts_of_every_hit() {
    // 30 issues over three years (more than a facet lists), the query's items in sections that
    // vary by issue. Every facet of every answer must be what counting all the hits of the query
    // without that facet's filter gives: sections by count then name, issues and years newest
    // first, the first MAX_FACET_VALUES and those the query's filter selects.
    use bulletin_search::search::MAX_FACET_VALUES;
    use std::collections::BTreeMap;
    let sections = ["行业", "技术", "内容", "人事"];
    let exports: Vec<String> = (0..30u32)
        .map(|i| {
            let date = format!("{} 年 {} 月 {} 日", 2022 + i / 10, 1 + i % 10, 5 + i % 20);
            let s = |k: u32| sections[((i + k) % 4) as usize];
            let mut items = vec![
                (s(0), "微短剧行业观察".to_string(), "微短剧市场继续扩大。".to_string()),
                (s(1), format!("第{i}条消息"), "平台发布新规。".to_string()),
                (s(2), "微短剧新规".to_string(), format!("微短剧备案数量达到{i}部。")),
            ];
            items.truncate(2 + (i % 2) as usize);
            let items: Vec<(&str, &str, &str)> = items.iter().map(|(a, b, c)| (*a, b.as_str(), c.as_str())).collect();
            export(300 + i, &date, &items)
        })
        .collect();
    let files = build(&exports.iter().map(String::as_str).collect::<Vec<_>>());
    let run = |q: &str| search_files(&files, q, &SearchOptions { limit: 10_000, ..SearchOptions::default() });
    let counted = |hits: &[bulletin_search::Hit], key: &dyn Fn(&bulletin_search::Hit) -> String| {
        let mut by: BTreeMap<String, usize> = BTreeMap::new();
        hits.iter().for_each(|h| *by.entry(key(h)).or_default() += 1);
        by
    };
    let newest_first = |by: BTreeMap<String, usize>, selected: &dyn Fn(u32) -> bool| -> Vec<(String, usize)> {
        let mut v: Vec<(String, usize)> = by.into_iter().collect();
        v.sort_by_key(|(k, _)| std::cmp::Reverse(k.parse::<u32>().unwrap()));
        v.into_iter()
            .enumerate()
            .filter(|(i, (k, _))| *i < MAX_FACET_VALUES || selected(k.parse().unwrap()))
            .map(|(_, e)| e)
            .collect()
    };
    let facet = |v: &[bulletin_search::FacetCount]| v.iter().map(|f| (f.value.clone(), f.count)).collect::<Vec<_>>();
    let cases: [(&str, &[&str]); 6] = [
        ("微短剧", &[]),
        ("微短剧", &["section:技术"]),
        ("微短剧", &["year:2023"]),
        ("微短剧", &["issue:305"]),
        ("微短剧", &["issue:301..320", "section:行业"]),
        ("新规", &["year:2022..2023", "section:内容"]),
    ];
    for (words, filters) in cases {
        let q = std::iter::once(words).chain(filters.iter().copied()).collect::<Vec<_>>().join(" ");
        let without = |prefix: &str| {
            let kept: Vec<&str> = filters.iter().copied().filter(|f| !f.starts_with(prefix)).collect();
            run(&std::iter::once(words).chain(kept).collect::<Vec<_>>().join(" ")).hits
        };
        let r = run(&q);
        assert!(r.total > 0, "{q}");
        let mut sections: Vec<(String, usize)> =
            counted(&without("section:"), &|h| h.section.clone()).into_iter().collect();
        sections.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        sections.truncate(MAX_FACET_VALUES);
        assert_eq!(facet(&r.sections), sections, "sections of {q}");
        let issue_range = filters.iter().find_map(|f| f.strip_prefix("issue:")).map(|v| {
            let (lo, hi) = v.split_once("..").unwrap_or((v, v));
            (lo.parse::<u32>().unwrap(), hi.parse::<u32>().unwrap())
        });
        let issues = newest_first(counted(&without("issue:"), &|h| h.issue.to_string()), &|n| {
            issue_range.is_some_and(|(lo, hi)| (lo..=hi).contains(&n))
        });
        assert_eq!(facet(&r.issues), issues, "issues of {q}");
        let year_range = filters.iter().find_map(|f| f.strip_prefix("year:")).map(|v| {
            let (lo, hi) = v.split_once("..").unwrap_or((v, v));
            (lo.parse::<u32>().unwrap(), hi.parse::<u32>().unwrap())
        });
        let years = newest_first(counted(&without("year:"), &|h| h.date[..4].to_string()), &|y| {
            year_range.is_some_and(|(lo, hi)| (lo..=hi).contains(&y))
        });
        assert_eq!(facet(&r.years), years, "years of {q}");
    }
}
