//! Publishing under load: builds never remove what an earlier manifest names, readers see the old
//! index or the new one, and `bulletin gc --keep N` removes only what the last N builds don't name.

mod common;
use common::temp_dir;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_bulletin");
const REAL: &str = include_str!("../bulletins/0431.txt");

/// Two inputs that differ in one item, so their builds share some shards and not others.
fn inputs() -> (PathBuf, PathBuf) {
    let a = temp_dir("input-a");
    let b = temp_dir("input-b");
    std::fs::write(a.join("0431.txt"), REAL).unwrap();
    std::fs::write(b.join("0431.txt"), REAL.replace("文小言", "文小语")).unwrap();
    (a, b)
}

fn build(input: &Path, out: &Path) {
    let o = Command::new(BIN).args(["build", "--quiet", "--input"]).arg(input).arg("--out").arg(out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

fn search_ok(dir: &Path, query: &str) -> usize {
    let o = Command::new(BIN).args(["search", "--json", "--index"]).arg(dir).arg(query).output().unwrap();
    assert!(o.status.success(), "search failed: {}", String::from_utf8_lossy(&o.stderr));
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    hits.len()
}

fn gc(dir: &Path, keep: usize) {
    let o =
        Command::new(BIN).args(["gc", "--quiet", "--keep", &keep.to_string(), "--index"]).arg(dir).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn rebuilding_the_same_input_changes_nothing() {
    let (a, _) = inputs();
    let out = temp_dir("same");
    build(&a, &out);
    let first: Vec<(String, Vec<u8>)> =
        files(&out).into_iter().map(|f| (f.clone(), std::fs::read(out.join(&f)).unwrap())).collect();
    build(&a, &out);
    let second: Vec<(String, Vec<u8>)> =
        files(&out).into_iter().map(|f| (f.clone(), std::fs::read(out.join(&f)).unwrap())).collect();
    assert!(first == second);
    assert_eq!(std::fs::read_to_string(out.join("history.txt")).unwrap().lines().count(), 1);
}

#[test]
fn gc_keeps_the_files_of_the_last_n_builds() {
    let (a, b) = inputs();
    let out = temp_dir("gc");
    build(&a, &out);
    let only_a = files(&out);
    build(&b, &out);
    let both = files(&out);
    assert!(only_a.iter().all(|f| both.contains(f)), "a build removed a file of the previous one");
    gc(&out, 2);
    assert_eq!(files(&out), both);
    gc(&out, 1);
    let fresh = temp_dir("gc-fresh");
    build(&b, &fresh);
    assert_eq!(files(&out), files(&fresh), "after gc --keep 1 the folder is exactly a fresh build");
    assert_eq!(search_ok(&out, "文小语"), 1);
    assert_eq!(search_ok(&out, "文小言"), 0);
}

#[test]
fn readers_see_the_old_or_the_new_index_while_publishing() {
    let (a, b) = inputs();
    let out = temp_dir("interleave");
    build(&a, &out);
    let writer = {
        let out = out.clone();
        std::thread::spawn(move || {
            for i in 0..8 {
                build(if i % 2 == 0 { &b } else { &a }, &out);
            }
        })
    };
    let mut reads = 0;
    while !writer.is_finished() || reads < 5 {
        // Every item but one is in both builds; "百度" is in the changed item's headline in both.
        assert_eq!(search_ok(&out, "百度"), 1);
        assert_eq!(search_ok(&out, "主播"), 2);
        reads += 1;
    }
    writer.join().unwrap();
    assert!(reads >= 5);
}

fn summary(input: &Path, out: &Path, extra: &[&str]) -> String {
    let o = Command::new(BIN).args(["build", "--input"]).arg(input).arg("--out").arg(out).args(extra).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files(dir).into_iter().map(|f| (f.clone(), std::fs::read(dir.join(&f)).unwrap())).collect()
}

#[test]
fn adding_an_issue_analyzes_only_that_issue_and_matches_a_full_build() {
    let input = temp_dir("incremental-input");
    std::fs::write(input.join("0431.txt"), REAL).unwrap();
    let out = temp_dir("incremental").join("index");
    let cache = temp_dir("incremental-cache");
    let cache_arg = ["--cache", cache.to_str().unwrap()];
    assert!(summary(&input, &out, &cache_arg).contains("(1 analyzed, 0 from cache)"));

    // A new week arrives.
    let next = REAL
        .replace("第 431 期", "第 432 期")
        .replace("2024 年 9 月 9 日", "2024 年 9 月 16 日")
        .replace("文小言", "文小语");
    std::fs::write(input.join("0432.txt"), &next).unwrap();
    assert!(summary(&input, &out, &cache_arg).contains("(1 analyzed, 1 from cache)"));
    let full = temp_dir("incremental-full").join("index");
    assert!(summary(&input, &full, &["--no-cache"]).contains("(2 analyzed, 0 from cache)"));
    // The incremental folder also keeps the previous build's files until gc.
    gc(&out, 1);
    assert!(contents(&full) == contents(&out), "an incremental build differs from a full build");

    // A corrected export is analyzed again, never served from the cache.
    std::fs::write(input.join("0432.txt"), next.replace("文小语", "文小说")).unwrap();
    assert!(summary(&input, &out, &cache_arg).contains("(1 analyzed, 1 from cache)"));
    assert_eq!(search_ok(&out, "文小说"), 1);
    assert_eq!(search_ok(&out, "文小语"), 0);
}

/// Issue `n`: the real issue renumbered.
fn issue(n: u32) -> String {
    REAL.replace("第 431 期", &format!("第 {n} 期"))
}

/// The number in "… (N new)" of a build summary: files this build wrote.
fn new_files(summary: &str) -> usize {
    let (head, _) = summary.split_once(" new)").unwrap();
    head.rsplit('(').next().unwrap().parse().unwrap()
}

#[test]
fn a_new_issue_rewrites_the_tail_and_reuses_the_base() {
    use bulletin_search::format::SEGMENT_ISSUES;
    let input = temp_dir("segments-input");
    let base = SEGMENT_ISSUES as u32;
    for n in 1..=base + 1 {
        std::fs::write(input.join(format!("{n:04}.txt")), issue(n)).unwrap();
    }
    let out = temp_dir("segments").join("index");
    let cache = temp_dir("segments-cache");
    let cache_arg = ["--cache", cache.to_str().unwrap()];
    let first = summary(&input, &out, &cache_arg);
    assert!(first.contains(&format!("({} analyzed, 0 from cache)", base + 1)), "{first}");

    std::fs::write(input.join(format!("{:04}.txt", base + 2)), issue(base + 2)).unwrap();
    // The base is reused whole, not rebuilt from cached analyses: with all of them gone, only the
    // tail's two issues are analyzed.
    for entry in std::fs::read_dir(&cache).unwrap().flatten() {
        if entry.file_name().to_string_lossy().starts_with("a-") {
            std::fs::remove_file(entry.path()).unwrap();
        }
    }
    let before = files(&out);
    let next = summary(&input, &out, &cache_arg);
    assert!(next.contains(&format!("(2 analyzed, {base} from cache)")), "{next}");
    // What the build wrote is what is new: the tail's files (the base's are there already).
    let added = files(&out).into_iter().filter(|f| !before.contains(f) && !f.starts_with("m-")).count();
    assert_eq!(new_files(&next), added, "{next}");
    assert!(new_files(&next) < new_files(&first), "{first}\n{next}");
    let full = temp_dir("segments-full").join("index");
    summary(&input, &full, &["--no-cache"]);
    gc(&out, 1);
    assert!(contents(&full) == contents(&out), "an incremental build differs from a full build");
    let o = Command::new(BIN).args(["search", "--index"]).arg(&out).arg("文小言").output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).starts_with(&format!("{} results", base + 2)));

    // A base whose files are gone from the index is built again, not trusted.
    let shard = files(&out).into_iter().find(|f| f.starts_with("t-")).unwrap();
    std::fs::remove_file(out.join(&shard)).unwrap();
    summary(&input, &out, &cache_arg);
    assert!(out.join(&shard).is_file());
}

/// Regression: two issues with byte-identical items once shared content-named doc blocks, and the
/// CLI looped forever filling only one of the places the manifest named. Files are now named by
/// segment and position, so each issue's blocks are files of their own, and both answer.
#[test]
fn issues_with_identical_items_answer_from_their_own_doc_blocks() {
    let input = temp_dir("twins-input");
    std::fs::write(input.join("0431.txt"), REAL).unwrap();
    std::fs::write(
        input.join("0432.txt"),
        REAL.replace("第 431 期", "第 432 期").replace("2024 年 9 月 9 日", "2024 年 9 月 16 日"),
    )
    .unwrap();
    let out = temp_dir("twins").join("index");
    build(&input, &out);
    let blocks = files(&out).into_iter().filter(|f| f.starts_with("d-")).count();
    assert_eq!(blocks, 56, "each twin has a doc block per item");
    let o = Command::new(BIN)
        .args(["search", "--json", "--limit", "50", "--index"])
        .arg(&out)
        .arg("微短剧")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(hits.len(), 10);
    assert_eq!(hits.iter().filter(|h| h["issue"] == 432).count(), 5);
}

#[test]
fn a_build_without_the_cache_repairs_damaged_index_files() {
    let input = temp_dir("repair-input");
    std::fs::write(input.join("0431.txt"), REAL).unwrap();
    let out = temp_dir("repair").join("index");
    build(&input, &out);
    let before = contents(&out);
    let victim = files(&out).into_iter().find(|f| f.starts_with("d-")).unwrap();
    std::fs::write(out.join(&victim), b"damaged").unwrap();
    // A cached build trusts the files it finds (content-named) ...
    build(&input, &out);
    assert_eq!(std::fs::read(out.join(&victim)).unwrap(), b"damaged");
    // ... a build without the cache writes every file again.
    summary(&input, &out, &["--no-cache"]);
    assert!(contents(&out) == before, "the index was not repaired");
}
