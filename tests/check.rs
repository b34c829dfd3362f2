//! `bulletin check` and `bulletin build` over a table of malformed exports: each gets a clear
//! message naming file:line (or says what it repaired), a non-zero exit where it is an error, and
//! nothing is written.

mod common;
use common::temp_dir;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_bulletin");
const REAL: &str = include_str!("../bulletins/0431.txt");

/// Runs `bulletin check` on files written from `(name, bytes)`; returns (success, stdout, stderr).
fn check(case: &str, files: &[(&str, Vec<u8>)]) -> (bool, String, String) {
    let dir = temp_dir(case);
    let mut paths = Vec::new();
    for (name, bytes) in files {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        paths.push(p);
    }
    let o = Command::new(BIN).arg("check").args(&paths).output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{case}: {stderr}");
    (o.status.success(), String::from_utf8_lossy(&o.stdout).into_owned(), stderr)
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect(needle) + 1
}

/// An error case: check fails and the message names `file:line` and contains `words`.
fn assert_error(case: &str, bytes: Vec<u8>, line: Option<usize>, words: &str) {
    let (ok, _, err) = check(case, &[("0432.txt", bytes)]);
    assert!(!ok, "{case}: check passed");
    let at = match line {
        Some(l) => format!("0432.txt:{l}: "),
        None => "0432.txt: ".to_string(),
    };
    assert!(err.contains(&at), "{case}: expected {at:?} in {err}");
    assert!(err.contains(words), "{case}: expected {words:?} in {err}");
}

#[test]
fn missing_header() {
    // The header ends at the summary: that is where the missing line was expected.
    let text = REAL.replace("第 431 期", "");
    let line = line_of(&text, "摘要");
    assert_error("no-number", text.into_bytes(), Some(line), "issue number");
    let text = REAL.replace("2024 年 9 月 9 日", "");
    assert_error("no-date", text.into_bytes(), Some(line), "date");
}

#[test]
fn impossible_date() {
    let text = REAL.replace("2024 年 9 月 9 日", "2024 年 13 月 9 日");
    let line = line_of(&text, "2024 年 13 月 9 日");
    assert_error("bad-date", text.into_bytes(), Some(line), "13");
}

#[test]
fn duplicate_issue_number_across_files() {
    let (ok, _, err) = check("dup", &[("0431.txt", REAL.into()), ("0431-copy.txt", REAL.into())]);
    assert!(!ok);
    assert!(err.contains("0431-copy.txt: issue 431 is also in"), "{err}");
}

#[test]
fn item_without_body() {
    let text = REAL.replace("近日，阿里云公众号发文，宣布通义千问开源第二代视觉语言模型 Qwen2-VL，并推出 2B、7B 两个尺寸及其量化版本模型。\n\n", "");
    let line = line_of(&text, "通义千问第二代视觉语言模型宣布开源");
    assert_error("no-body", text.into_bytes(), Some(line), "no body");
}

#[test]
fn summary_headline_without_item() {
    let text = REAL.replace("- ◆曹淑敏谈深化广播电视和网络视听领域改革", "- ◆曹淑敏谈深化广播电视改革");
    let line = line_of(&text, "曹淑敏谈深化广播电视改革");
    assert_error("summary", text.into_bytes(), Some(line), "no matching item");
}

#[test]
fn gbk_and_utf16_are_refused_with_a_conversion_hint() {
    // "行业动态周报" in GBK.
    let mut gbk = b"\n\n".to_vec();
    gbk.extend_from_slice(&[0xd0, 0xd0, 0xd2, 0xb5, 0xb6, 0xaf, 0xcc, 0xac, 0xd6, 0xdc, 0xb1, 0xa8, b'\n']);
    assert_error("gbk", gbk, Some(3), "iconv");
    let mut utf16 = vec![0xff, 0xfe];
    for u in REAL.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    assert_error("utf16", utf16, None, "UTF-16");
}

#[test]
fn bom_and_crlf_are_repaired_and_reported() {
    let text = format!("\u{feff}{}", REAL.replace('\n', "\r\n"));
    let (ok, out, err) = check("bom-crlf", &[("0431.txt", text.into_bytes())]);
    assert!(ok, "{err}");
    assert!(out.contains("28 items"), "{out}");
    assert!(err.contains("0431.txt: note: removed a UTF-8 byte order mark"), "{err}");
    assert!(err.contains("CRLF"), "{err}");
}

#[test]
fn binary_garbage_empty_and_huge_files() {
    let mut garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    garbage[0] = b'x';
    let (ok, _, err) = check("garbage", &[("0432.txt", garbage)]);
    assert!(!ok && err.contains("0432.txt:"), "{err}");
    assert_error("empty", Vec::new(), None, "empty");
    let huge = REAL.repeat(50 * 1024 * 1024 / REAL.len() + 1).into_bytes();
    assert!(huge.len() >= 50 * 1024 * 1024);
    assert_error("huge", huge, None, "MB");
}

#[test]
fn a_build_with_any_bad_export_writes_nothing() {
    let input = temp_dir("build-input");
    std::fs::write(input.join("0431.txt"), REAL).unwrap();
    std::fs::write(
        input.join("0432.txt"),
        REAL.replace("第 431 期", "第 432 期").replace("2024 年 9 月 9 日", "2024 年 9 月 31 日"),
    )
    .unwrap();
    let out = temp_dir("build-out").join("index");
    let o = Command::new(BIN)
        .args(["build", "--input", input.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("0432.txt:"));
    assert!(!out.exists(), "a failed build created {}", out.display());
}

/// The synonyms list beside the exports: checked with them, its errors naming file:line (a name
/// in two groups, a group of one name, bytes that are not UTF-8).
#[test]
fn a_bad_synonyms_list_names_its_line() {
    let cases: [(&str, &[u8], usize, &str); 3] = [
        ("two-groups", "甲乙 = 丙丁\n# c\n戊己 = 甲乙\n".as_bytes(), 3, "line 1"),
        ("one-name", "甲乙 = 丙丁\n只有一个名字\n".as_bytes(), 2, "two or more names"),
        ("not-utf8", b"\xe7\x94\xb2\xe4\xb9\x99 = AB\nx = \xff\n", 2, "UTF-8"),
    ];
    for (case, bytes, line, words) in cases {
        let (ok, _, err) = check(case, &[("0431.txt", REAL.as_bytes().to_vec()), ("synonyms.txt", bytes.to_vec())]);
        assert!(!ok, "{case}: check passed");
        assert!(err.contains(&format!("synonyms.txt:{line}: ")) && err.contains(words), "{case}: {err}");
    }
    let (ok, out, err) = check("good", &[("synonyms.txt", "国家广播电视总局 = 广电总局\n".as_bytes().to_vec())]);
    assert!(ok && out.contains("1 alias groups"), "{out}{err}");
}

#[test]
fn a_build_with_a_bad_synonyms_list_writes_nothing() {
    let input = temp_dir("build-synonyms");
    std::fs::write(input.join("0431.txt"), REAL).unwrap();
    std::fs::write(input.join("synonyms.txt"), "甲乙 = 丙丁\n丙丁 = 戊己\n").unwrap();
    let out = temp_dir("build-synonyms-out").join("index");
    let o = Command::new(BIN)
        .args(["build", "--input", input.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("synonyms.txt:2: "), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!out.exists(), "a failed build created {}", out.display());
}
