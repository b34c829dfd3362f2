//! The `bulletin` binary as publishers and scripts use it: build, search, check, its help, flags
//! and exit codes, and what it does with bad exports and damaged index files.

mod common;
use common::temp_dir;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_bulletin");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("bulletin runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn build_into(dir: &Path) {
    let o = run(&["build", "--input", &format!("{ROOT}/bulletins"), "--out", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

fn json_hits(index: &Path, query: &str) -> Vec<serde_json::Value> {
    let o = run(&["search", "--index", index.to_str().unwrap(), "--json", "--limit", "50", query]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

#[test]
fn build_prints_a_summary_and_search_answers_json() {
    let dir = temp_dir("build");
    let o = run(&["build", "--input", &format!("{ROOT}/bulletins/0431.txt"), "--out", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("1 issues (1 analyzed, 0 from cache), 28 items"), "{}", stdout(&o));
    let hits = json_hits(&dir, "文小言");
    assert_eq!(hits[0]["title"], "百度推出新搜索“文小言”");
    for field in
        ["id", "title", "issue", "date", "section", "url", "score", "snippet", "title_highlights", "snippet_highlights"]
    {
        assert!(hits[0].get(field).is_some(), "hit lacks {field}");
    }
    assert_eq!(json_hits(&dir, "主播").len(), 2);
    assert_eq!(json_hits(&dir, "").len(), 0);
}

#[test]
fn the_committed_index_is_the_build_of_the_committed_exports() {
    let dir = temp_dir("committed");
    build_into(&dir);
    assert!(
        snapshot(&dir) == snapshot(&Path::new(ROOT).join("index")),
        "index/ differs from a fresh build: run `make index` and commit"
    );
}

#[test]
fn builds_are_byte_identical() {
    let (a, b) = (temp_dir("det-a"), temp_dir("det-b"));
    build_into(&a);
    build_into(&b);
    assert!(snapshot(&a) == snapshot(&b));
}

#[test]
fn a_failed_build_leaves_the_published_index_untouched() {
    let dir = temp_dir("failed");
    build_into(&dir);
    let before = snapshot(&dir);
    let bad = temp_dir("failed-input");
    std::fs::copy(format!("{ROOT}/bulletins/0431.txt"), bad.join("0431.txt")).unwrap();
    std::fs::write(bad.join("0432.txt"), "行业动态周报\n\n第 432 期\n\n2024 年 13 月 9 日\n").unwrap();
    let o = run(&["build", "--input", bad.to_str().unwrap(), "--out", dir.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("0432.txt:"), "{}", stderr(&o));
    assert!(snapshot(&dir) == before);
}

#[test]
fn check_names_file_and_line_and_fails() {
    let dir = temp_dir("check");
    let cases: &[(&str, &[u8])] = &[
        ("no-number.txt", "行业动态周报\n\n2024 年 9 月 9 日\n\n要闻\n\n标题\n\n正文。\n".as_bytes()),
        ("bad-date.txt", "行业动态周报\n\n第 432 期\n\n2024 年 13 月 9 日\n\n要闻\n\n标题\n\n正文。\n".as_bytes()),
        ("gbk.txt", &[0xd0, 0xd0, 0xd2, 0xb5, 0xb6, 0xaf, 0xcc, 0xac, 0x0a]),
        ("empty.txt", b""),
    ];
    for (name, bytes) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let o = run(&["check", path.to_str().unwrap()]);
        assert!(!o.status.success(), "{name} passed check");
        let err = stderr(&o);
        assert!(err.contains(&format!("{name}:")), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
    let o = run(&["check", &format!("{ROOT}/bulletins/0431.txt")]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("28 items"));
}

#[test]
fn damaged_index_files_give_a_clear_error_naming_the_file() {
    let dir = temp_dir("damaged");
    build_into(&dir);
    let names: Vec<String> = snapshot(&dir).into_iter().map(|(n, _)| n).collect();
    for name in &names {
        for damage in ["flip", "truncate"] {
            let work = temp_dir(&format!("damaged-{damage}"));
            for (n, b) in snapshot(&dir) {
                std::fs::write(work.join(&n), b).unwrap();
            }
            let path = work.join(name);
            let mut bytes = std::fs::read(&path).unwrap();
            match damage {
                "flip" => {
                    let i = bytes.len() / 2;
                    bytes[i] ^= 0x40;
                }
                _ => bytes.truncate(bytes.len() * 2 / 3),
            }
            std::fs::write(&path, bytes).unwrap();
            // A query that needs every term shard and a doc block: every file is read.
            let mut seen_error = false;
            for q in ["的", "微短剧", "section:技术", "AI", "文小言"] {
                let o = run(&["search", "--index", work.to_str().unwrap(), "--json", q]);
                let err = stderr(&o);
                assert!(!err.contains("panicked"), "{name} {damage}: {err}");
                if !o.status.success() {
                    assert!(err.contains(name.as_str()), "{name} {damage}: error does not name the file: {err}");
                    assert!(err.contains("checksum mismatch"), "{name} {damage}: not reported as damage: {err}");
                    seen_error = true;
                }
            }
            if name == "manifest.bin" {
                assert!(seen_error, "damaged manifest not reported");
            }
        }
    }
}

#[test]
fn a_shard_from_another_build_is_refused() {
    let dir = temp_dir("mixed");
    build_into(&dir);
    let names: Vec<String> = snapshot(&dir).into_iter().map(|(n, _)| n).filter(|n| n.starts_with("d-")).collect();
    // Replace a doc block by a valid doc block of other content under the same name.
    let other = temp_dir("mixed-other");
    let export = std::fs::read_to_string(format!("{ROOT}/bulletins/0431.txt")).unwrap().replace("文小言", "文中言");
    std::fs::write(other.join("0431.txt"), export).unwrap();
    let other_index = temp_dir("mixed-other-index");
    let o = run(&["build", "--input", other.to_str().unwrap(), "--out", other_index.to_str().unwrap()]);
    assert!(o.status.success());
    // The blocks that differ are the ones holding 文小言: swap this index's for the other's.
    let theirs = snapshot(&other_index).into_iter().find(|(n, _)| n.starts_with("d-") && !names.contains(n)).unwrap();
    let ours: Vec<&String> = names.iter().filter(|n| !other_index.join(n).exists()).collect();
    assert!(!ours.is_empty());
    for name in ours {
        std::fs::write(dir.join(name), &theirs.1).unwrap();
    }
    let o = run(&["search", "--index", dir.to_str().unwrap(), "文小言"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("does not belong to this index"), "{}", stderr(&o));
}

const COMMANDS: [&str; 6] = ["build", "search", "check", "pages", "gc", "completions"];

/// The long flags a command's `--help` lists (without `--help`).
fn long_flags(help: &str) -> Vec<String> {
    let mut flags: Vec<String> = help
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.len() > 2 && w.starts_with("--") && w.as_bytes()[2].is_ascii_alphabetic())
        .map(str::to_string)
        .filter(|f| f != "--help")
        .collect();
    flags.sort();
    flags.dedup();
    flags
}

#[test]
fn help_names_every_command_and_every_flag() {
    let o = run(&["--help"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let top = stdout(&o);
    assert!(top.contains("Usage: bulletin"), "{top}");
    assert!(top.contains("Exit status: 0"), "{top}");
    for command in COMMANDS {
        assert!(top.contains(&format!("bulletin {command}")), "--help lacks {command}: {top}");
        let o = run(&[command, "--help"]);
        assert!(o.status.success(), "{command} --help: {}", stderr(&o));
        let help = stdout(&o);
        assert!(help.contains(&format!("Usage: bulletin {command}")), "{help}");
        // The overview in `bulletin --help` keeps up with every command's flags.
        for flag in long_flags(&help) {
            assert!(top.contains(&flag), "bulletin --help lacks {command} {flag}");
        }
    }
    let search = stdout(&run(&["search", "--help"]));
    assert_eq!(
        long_flags(&search),
        ["--from", "--index", "--issue", "--json", "--limit", "--offset", "--response", "--section", "--sort", "--to"]
    );
    assert_eq!(
        long_flags(&stdout(&run(&["build", "--help"]))),
        ["--cache", "--input", "--no-cache", "--out", "--quiet"]
    );
    assert!(run(&["help", "gc"]).status.success());
}

#[test]
fn version_prints_the_crate_version() {
    let o = run(&["--version"]);
    assert!(o.status.success());
    assert_eq!(stdout(&o).trim(), format!("bulletin {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn bad_arguments_exit_2_with_a_message_naming_them() {
    let index = Path::new(ROOT).join("index");
    let index = index.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["search", "--index", index, "--jsno", "主播"], "--jsno"),
        (&["search", "--index", index, "--limit", "many", "主播"], "--limit"),
        (&["search", "--index", index, "--sort", "oldest", "主播"], "oldest"),
        (&["search", "主播"], "--index"),
        (&["build", "--input", "bulletins"], "--out"),
        (&["build", "--out", "x"], "--input"),
        (&["build", "--input", "bulletins", "--out", "x", "--cache", "c", "--no-cache"], "--no-cache"),
        (&["gc", "--index", index, "--keep", "0"], "--keep"),
        (&["check"], "FILE"),
        (&["frobnicate"], "frobnicate"),
        (&[], "Usage"),
    ];
    for (args, named) in cases {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(named), "{args:?}: message does not name {named}: {}", stderr(&o));
        assert!(stdout(&o).is_empty(), "{args:?}");
    }
    // A failure that is not a usage error exits 1.
    let o = run(&["search", "--index", "no-such-index", "主播"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).starts_with("error: "), "{}", stderr(&o));
}

#[test]
fn quiet_build_and_pages_print_nothing() {
    let dir = temp_dir("quiet");
    for command in ["build", "pages"] {
        let out = dir.join(command);
        let o = run(&[command, "--quiet", "--input", &format!("{ROOT}/bulletins"), "--out", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(o.stderr.is_empty(), "{command} --quiet wrote to stderr: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{command} --quiet wrote to stdout: {}", stdout(&o));
        assert!(out.read_dir().unwrap().next().is_some(), "{command} wrote nothing");
    }
    // Not on a terminal: the summary, and no progress bar.
    let o = run(&["build", "--input", &format!("{ROOT}/bulletins"), "--out", dir.join("loud").to_str().unwrap()]);
    assert!(stdout(&o).starts_with("built "), "{}", stdout(&o));
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
}

#[test]
fn query_words_may_start_with_a_minus_and_flags_may_follow_the_query() {
    let index = Path::new(ROOT).join("index");
    let index = index.to_str().unwrap();
    let count = |args: &[&str]| {
        let o = run(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        serde_json::from_str::<Vec<serde_json::Value>>(&stdout(&o)).unwrap().len()
    };
    let all = count(&["search", "--index", index, "--json", "短剧"]);
    let without = count(&["search", "--index", index, "--json", "--", "短剧", "-快手"]);
    assert!(without < all, "-快手 excluded nothing");
    assert_eq!(count(&["search", "--index", index, "--json", "短剧", "-快手"]), without);
    assert_eq!(count(&["search", "短剧", "-快手", "--index", index, "--json"]), without);
    assert_eq!(count(&["search", "--index", index, "--json", "--limit", "1", "短剧"]), 1);
    let o = run(&["search", "--index", index, "短剧", "-快手"]);
    assert!(stdout(&o).starts_with(&format!("{without} results for 短剧 -快手\n")), "{}", stdout(&o));
}

#[test]
fn completions_are_printed_for_a_shell() {
    let o = run(&["completions", "bash"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("bulletin") && stdout(&o).contains("--no-cache"), "{}", stdout(&o));
    assert_eq!(run(&["completions", "cmd.exe"]).status.code(), Some(2));
}

#[test]
fn a_missing_index_file_is_named_with_the_read_error() {
    let dir = temp_dir("missing");
    build_into(&dir);
    for (name, _) in snapshot(&dir).into_iter().filter(|(n, _)| n.starts_with("t-") || n.starts_with("d-")) {
        std::fs::remove_file(dir.join(&name)).unwrap();
    }
    let o = run(&["search", "--index", dir.to_str().unwrap(), "文小言"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot read index file"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

/// `--response` prints the whole answer: the partial matches of a query no item holds whole, and
/// the other names searched; the text output names them too.
#[test]
fn search_response_shows_partial_matches_and_other_names() {
    let index = Path::new(ROOT).join("index");
    let response = |query: &str| -> serde_json::Value {
        let o = run(&["search", "--index", index.to_str().unwrap(), "--response", query]);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_str(&stdout(&o)).unwrap()
    };
    let r = response("腾讯短剧大赛");
    assert_eq!(r["total"], 0);
    assert!(r["partial"].as_array().unwrap().iter().any(|p| p["missing"] == "腾讯" && p["title"].is_string()));
    let r = response("广电总局");
    assert!(r["expanded"].as_array().unwrap().iter().any(|n| n == "国家广播电视总局"));
    let o = run(&["search", "--index", index.to_str().unwrap(), "腾讯短剧大赛"]);
    assert!(stdout(&o).contains("(missing: 腾讯)"), "{}", stdout(&o));
    let o = run(&["search", "--index", index.to_str().unwrap(), "广电总局"]);
    assert!(stdout(&o).contains("also searched: 国家广播电视总局"), "{}", stdout(&o));
}
