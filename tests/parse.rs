//! Parses the real export of issue 431 through the public API and checks what
//! `docs/DESIGN.md` ("Input: the bulletin's text export") promises about it.

use bulletin_search::{parse_export, Date, Issue};

fn issue_431() -> Issue {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/bulletins/0431.txt");
    let bytes = std::fs::read(path).expect("bulletins/0431.txt is committed");
    parse_export(&bytes, "bulletins/0431.txt").expect("issue 431 parses")
}

/// The item whose headline contains `needle`.
fn item<'a>(issue: &'a Issue, needle: &str) -> &'a bulletin_search::Item {
    issue
        .items
        .iter()
        .find(|item| item.headline.contains(needle))
        .unwrap_or_else(|| panic!("no item headline contains {needle}"))
}

#[test]
fn header_of_issue_431() {
    let issue = issue_431();
    assert_eq!(issue.number, 431);
    assert_eq!(issue.date, Date::new(2024, 9, 9).unwrap());
    assert_eq!(issue.items.len(), 28);
    assert!(issue.items.iter().all(|item| item.issue == 431 && item.date == issue.date));
}

#[test]
fn sections_of_issue_431_in_document_order() {
    let issue = issue_431();
    let mut runs: Vec<(&str, usize)> = Vec::new();
    for item in &issue.items {
        match runs.last_mut() {
            Some((section, count)) if *section == item.section => *count += 1,
            _ => runs.push((&item.section, 1)),
        }
    }
    assert_eq!(runs, [("要闻", 2), ("行业", 14), ("内容", 3), ("技术", 4), ("人事", 3), ("研究", 2)]);
}

#[test]
fn ordinals_headlines_and_lines() {
    let issue = issue_431();
    let ordinals: Vec<u32> = issue.items.iter().map(|item| item.ordinal).collect();
    assert_eq!(ordinals, (1..=28).collect::<Vec<u32>>());
    let first = &issue.items[0];
    assert_eq!(first.headline, "曹淑敏会见科特迪瓦通讯部长并签署双边合作协议");
    assert_eq!((first.line, first.id()), (24, "431-1".to_string()));
    let last = &issue.items[27];
    assert_eq!(last.headline, "机构：到 2028 年游戏订阅市场收入将超过 270 亿美元");
    assert_eq!((last.section.as_str(), last.line), ("研究", 184));
}

#[test]
fn page_breaks_are_repaired() {
    let issue = issue_431();
    let first = &issue.items[0];
    assert_eq!(first.body.len(), 2);
    assert!(first.body[0].contains("为契机，继续加强两国广电视听政策交流"), "{:?}", first.body);

    // The break repeats 心: `融媒体中心` / `心等 29 家` reads `融媒体中心等 29 家`.
    let second = &issue.items[1];
    assert_eq!(second.headline, "2024 全国网络视听行业协会工作会成功召开");
    assert_eq!(second.body.len(), 3);
    assert!(second.body[2].contains("正定县融媒体中心等 29 家县区级融媒体中心"), "{:?}", second.body);
    assert!(!second.body_text().contains("心心"));

    let contest = item(&issue, "国际微短剧大赛");
    assert!(contest.body[0].contains("参赛单元二：开放合作 机遇中国。"), "{:?}", contest.body);
    assert!(contest.body[0].contains("巍巍华夏"), "a genuine reduplication is kept");

    for (headline, joined) in [
        ("曹淑敏谈深化", "加快系统性变革，以建设"),
        ("北京微短剧扶持计划", "在资金扶持、流量扶持、区县协拍"),
        ("字节跳动公益", "做好事，加我一个”主题活动，字节跳动"),
        ("快手开启 AI 短剧创作大赛", "须使用“可灵 AI”生成视频素材"),
        ("综艺节目《花儿绽放》", "特色“花儿”，从奋斗打拼"),
        ("俞敏洪卸任", "全资子公司北京新东方沃凯德国际教育旅行有限公司"),
        ("国家信息化发展报告", "五是聚焦统筹高质量发展和高水平安全，不断优化"),
    ] {
        let text = item(&issue, headline).body_text();
        assert!(text.contains(joined), "{headline}: {text}");
    }
}

#[test]
fn numbered_list_is_one_paragraph() {
    let issue = issue_431();
    let item = item(&issue, "北京微短剧扶持计划");
    assert_eq!(item.body.len(), 2, "{:?}", item.body);
    assert!(item.body[0].ends_with("北京市广播电视局扶持政策："));
    let list = &item.body[1];
    assert!(list.starts_with("1. 单部作品最高可获 300 万元扶持资金。"));
    assert!(list.contains("\n2. "));
    assert_eq!(list.lines().count(), 5);
}

#[test]
fn footer_is_not_in_any_item() {
    let issue = issue_431();
    for item in &issue.items {
        let text = item.body_text();
        assert!(!text.contains("责编") && !text.contains("编辑部："), "{}", item.id());
    }
}

#[test]
fn summary_has_six_headlines_each_an_item() {
    let issue = issue_431();
    assert_eq!(issue.summary.len(), 6);
    assert_eq!(issue.summary[0], "曹淑敏会见科特迪瓦通讯部长并签署双边合作协议");
    // Printed with a space the item headline lacks; the cross-check matched them.
    assert_eq!(issue.summary[5], "2024 年国家网络安全宣传周开幕式在广东广州举行");
    assert!(issue.items.iter().any(|item| item.headline == "2024年国家网络安全宣传周开幕式在广东广州举行"));
}

#[test]
fn every_item_has_a_non_empty_body() {
    let issue = issue_431();
    for item in &issue.items {
        assert!(!item.body.is_empty(), "{}", item.id());
        assert!(item.body.iter().all(|p| !p.is_empty() && p.trim() == p), "{}: {:?}", item.id(), item.body);
        assert_eq!(item.headline.trim(), item.headline);
    }
}

#[test]
fn crlf_and_bom_export_parses_the_same() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/bulletins/0431.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let windows = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    assert_eq!(parse_export(windows.as_bytes(), "0431-crlf.txt").unwrap(), issue_431());
}
