//! Publishing policy: which issues form the base segment and which the tail, what a build reuses
//! from its cache, the history of published manifests, and which files of an index folder are
//! live. No I/O: the CLI reads and writes the files these functions name, the cache included
//! (through [`BuildCache`]).
//!
//! An index folder holds more than one build. Its files are content-named (see [`crate::format`]),
//! so a build only adds the files the folder lacks, then publishes in three steps: a copy of its
//! manifest under a content name ([`crate::format::manifest_copy_name`]), the history
//! ([`HISTORY_NAME`], those copies' names, oldest first) and last [`MANIFEST_NAME`]. A visitor
//! who opened the previous manifest still finds every file it names. `gc` keeps the files the
//! last N builds name ([`kept_builds`], [`live_files`]) and removes the rest ([`garbage`]).
//!
//! A build splits its issues once, by [`split`]: a base of the oldest issues, a multiple of
//! [`crate::format::SEGMENT_ISSUES`], and a tail of the rest. [`build_incremental`] keeps each
//! issue's analysis and the last base in a [`BuildCache`], so a weekly build analyzes the new
//! issue and assembles the tail only; [`build_all`] builds from analyzed issues without a cache.
//! Both give the same bytes for the same issues.

use crate::builder::{assemble, AnalyzedIssue, IndexBuilder, Segment, SegmentBuilder, LAYOUT};
use crate::error::{Error, Result};
use crate::format::{base_issue_count, FileKind, HISTORY_NAME, MANIFEST_NAME};
use crate::model::Issue;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// Splits issues, ascending by number, into the base segment's and the tail's (see
/// [`base_issue_count`]). Every build splits here.
pub fn split<T>(issues: &[T]) -> (&[T], &[T]) {
    issues.split_at(base_issue_count(issues.len()))
}

/// Index files: `(name, bytes)`, not packed.
pub type Files = Vec<(String, Vec<u8>)>;

/// A segment's [`Segment`] and files, as [`crate::builder::build_segment`] returns them.
pub type SegmentFiles = (Segment, Files);

/// Every file of the index of `issues` (ascending by number, distinct), built without a cache:
/// the base's files, the tail's, and the manifest last; with the two segments. `segment` builds
/// the segment of some issues after the previous one ([`build_segment_with`] the index's alias
/// groups).
pub fn build_all<'a>(
    issues: &[&'a AnalyzedIssue],
    mut segment: impl FnMut(&[&'a AnalyzedIssue], Option<&Segment>) -> SegmentFiles,
) -> ([Segment; 2], Files) {
    let (base_issues, tail_issues) = split(issues);
    let base = segment(base_issues, None);
    let tail = segment(tail_issues, Some(&base.0));
    let (segments, mut files, manifest) = join(base, tail);
    files.push((MANIFEST_NAME.to_string(), manifest));
    (segments, files)
}

/// The base and the tail after it: both segments, the files (the base's, then the tail's) and
/// the manifest's bytes.
fn join((base, mut files): SegmentFiles, (tail, tail_files): SegmentFiles) -> ([Segment; 2], Files, Vec<u8>) {
    files.extend(tail_files);
    let segments = [base, tail];
    let manifest = assemble(&segments).to_bytes();
    (segments, files, manifest)
}

/// Where [`build_incremental`] keeps analyses and base segments between builds. Keys are file
/// names (`[a-z0-9.-]`, see [`is_cache_key`]); an entry that cannot be read back is built again,
/// so a cache may drop entries at will.
pub trait BuildCache {
    /// The bytes stored under `key`, if any.
    fn get(&self, key: &str) -> Option<Vec<u8>>;
    /// Stores `bytes` under `key`.
    fn put(&mut self, key: &str, bytes: &[u8]);
}

/// A cache that keeps nothing: [`build_incremental`] analyzes every issue and builds the base.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoCache;

impl BuildCache for NoCache {
    fn get(&self, _key: &str) -> Option<Vec<u8>> {
        None
    }

    fn put(&mut self, _key: &str, _bytes: &[u8]) {}
}

/// What [`build_incremental`] produces.
#[derive(Debug, Clone)]
pub struct IncrementalBuild {
    /// The segment files this build made, not packed: the base's (unless the base was reused)
    /// and the tail's. Write them all before [`IncrementalBuild::manifest`].
    pub files: Files,
    /// The manifest, not packed: written last, it publishes the build.
    pub manifest: Vec<u8>,
    /// The base and the tail segment.
    pub segments: [Segment; 2],
    /// Issues analyzed by this build.
    pub analyzed: usize,
    /// Issues whose analysis (or whole base segment) came from the cache.
    pub cached: usize,
    /// The cache entries a later build of these issues reads: every issue's analysis and the
    /// base. The rest are stale (see [`stale_cache_entries`]).
    pub cache_keys: BTreeSet<String>,
}

/// Builds the index of `issues` (numbers distinct, any order) with `builder`'s analyzer and alias
/// groups, taking what it can from `cache` and storing there what it analyzes and the base it
/// builds.
///
/// `program` identifies the code that analyzes (the CLI passes a hash of its executable): it is
/// part of every cache key, so a build never reads what another version wrote, and a cached
/// build gives the same bytes as a full one. The base is reused from the cache only when
/// `published` says each of its files is already in the index folder; then its files are not in
/// [`IncrementalBuild::files`]. `progress` is told how many issues are done after each one.
pub fn build_incremental(
    builder: &IndexBuilder,
    issues: &[Issue],
    program: &[u8],
    cache: &mut dyn BuildCache,
    published: &dyn Fn(&str) -> bool,
    progress: &mut dyn FnMut(usize),
) -> Result<IncrementalBuild> {
    let mut issues: Vec<&Issue> = issues.iter().collect();
    issues.sort_by_key(|issue| issue.number);
    if let Some(pair) = issues.windows(2).find(|pair| pair[0].number == pair[1].number) {
        return Err(Error::Parse {
            file: format!("issue {}", pair[0].number),
            line: 0,
            message: "two inputs have this issue number".to_string(),
        });
    }
    let keys: Vec<String> = issues.iter().map(|issue| analysis_key(program, issue)).collect();
    let (base_issues, tail_issues) = split(&issues);
    let (base_keys, tail_keys) = keys.split_at(base_issues.len());
    let synonyms = builder.synonyms();
    let base_key = (!base_issues.is_empty()).then(|| base_segment_key(base_keys, synonyms.digest()));
    let mut run = Analysis { builder, analyzed: 0, cached: 0, progress };

    let reused = base_key
        .as_deref()
        .and_then(|key| cache.get(key))
        .and_then(|bytes| Segment::from_cache_bytes(&bytes))
        .filter(|base| base.files().all(|f| published(&f)));
    // Each analysis is added to its segment and dropped: a build holds postings, not analyses.
    let base = match reused {
        Some(base) => {
            run.cached += base_issues.len();
            (run.progress)(run.analyzed + run.cached);
            (base, Vec::new())
        }
        None => {
            let mut segment = SegmentBuilder::new(None, synonyms);
            run.each(base_issues, base_keys, cache, |a| segment.add(&a));
            let base = segment.finish();
            if let (Some(key), Some(bytes)) = (base_key.as_deref(), base.0.to_cache_bytes()) {
                cache.put(key, &bytes);
            }
            base
        }
    };
    let mut tail = SegmentBuilder::new(Some(&base.0), synonyms);
    run.each(tail_issues, tail_keys, cache, |a| tail.add(&a));
    let (segments, files, manifest) = join(base, tail.finish());
    let mut cache_keys: BTreeSet<String> = keys.into_iter().collect();
    cache_keys.extend(base_key);
    Ok(IncrementalBuild { files, manifest, segments, analyzed: run.analyzed, cached: run.cached, cache_keys })
}

/// Analyses of issues, from the cache or the analyzer, counted.
struct Analysis<'p> {
    builder: &'p IndexBuilder,
    analyzed: usize,
    cached: usize,
    progress: &'p mut dyn FnMut(usize),
}

impl Analysis<'_> {
    /// Hands `each` the analyses of `issues`, in order: each from the cache, or analyzed (and
    /// stored there). The segmenter runs on every core, over batches of a few issues per thread;
    /// progress is told after each issue, in order.
    fn each(
        &mut self,
        issues: &[&Issue],
        keys: &[String],
        cache: &mut dyn BuildCache,
        mut each: impl FnMut(AnalyzedIssue),
    ) {
        let pairs: Vec<(&Issue, &String)> = issues.iter().copied().zip(keys).collect();
        for batch in pairs.chunks(4 * crate::par::threads()) {
            let slots: Vec<Option<AnalyzedIssue>> = batch
                .iter()
                .map(|(issue, key)| {
                    cache
                        .get(key)
                        .and_then(|bytes| AnalyzedIssue::from_bytes(&bytes))
                        .filter(|a| a.number == issue.number)
                })
                .collect();
            let todo: Vec<&Issue> =
                batch.iter().zip(&slots).filter(|(_, slot)| slot.is_none()).map(|(p, _)| p.0).collect();
            let builder = self.builder;
            let analyzed = crate::par::map(todo, |issue| builder.analyze(issue));
            let mut analyzed = analyzed.into_iter();
            for ((_, key), slot) in batch.iter().zip(slots) {
                let a = match slot {
                    Some(a) => {
                        self.cached += 1;
                        a
                    }
                    None => {
                        let a = analyzed.next().expect("one analysis per issue not cached");
                        cache.put(key, &a.to_bytes());
                        self.analyzed += 1;
                        a
                    }
                };
                each(a);
                (self.progress)(self.analyzed + self.cached);
            }
        }
    }
}

/// `<prefix>-<24 hex digits of the hash>.bin`.
fn hex_name(prefix: &str, hash: &[u8]) -> String {
    let hex: String = hash[..12].iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}-{hex}.bin")
}

/// The cache key of an issue's analysis (`a-….bin`): a hash of the program and the issue's
/// parsed content, so a corrected export is analyzed again.
fn analysis_key(program: &[u8], issue: &Issue) -> String {
    let mut h = Sha256::new();
    h.update(program);
    h.update(format!("{}\0{}\0", issue.number, issue.date));
    for item in &issue.items {
        for part in [&item.section, &item.ordinal.to_string(), &item.headline] {
            h.update(part.as_bytes());
            h.update([0]);
        }
        for p in &item.body {
            h.update(p.as_bytes());
            h.update([1]);
        }
    }
    hex_name("a", &h.finalize())
}

/// The cache key of the base segment of issues with these analysis keys (`s-….bin`): it changes
/// with any of them, with the alias groups compiled in (their digest) and with the segment
/// [`LAYOUT`].
fn base_segment_key(analysis_keys: &[String], synonyms: u64) -> String {
    let mut h = Sha256::new();
    h.update(LAYOUT.to_le_bytes());
    h.update(synonyms.to_le_bytes());
    for key in analysis_keys {
        h.update(key.as_bytes());
    }
    hex_name("s", &h.finalize())
}

/// Whether `name` is a key [`build_incremental`] stores under (and so one a cache may prune).
pub fn is_cache_key(name: &str) -> bool {
    (name.starts_with("a-") || name.starts_with("s-")) && name.ends_with(".bin")
}

/// The cache entries among `present` that no later build of the same issues reads: older
/// programs', and changed or removed issues'.
pub fn stale_cache_entries<'a>(present: impl IntoIterator<Item = &'a str>, build: &IncrementalBuild) -> Vec<&'a str> {
    present.into_iter().filter(|name| is_cache_key(name) && !build.cache_keys.contains(*name)).collect()
}

/// Records the publication of the manifest copy `copy`: appended unless it is the newest already
/// (a rebuild of the same input publishes the same manifest). Returns whether it was appended.
pub fn record(history: &mut Vec<String>, copy: &str) -> bool {
    let new = history.last().is_none_or(|last| last != copy);
    if new {
        history.push(copy.to_string());
    }
    new
}

/// The builds `gc --keep keep` keeps: the last `keep` of the history.
pub fn kept_builds(history: &[String], keep: usize) -> &[String] {
    &history[history.len().saturating_sub(keep)..]
}

/// The files of an index folder that the kept builds need: [`MANIFEST_NAME`], [`HISTORY_NAME`],
/// each kept manifest copy and every file it names. `manifests` are the kept copies' names with
/// their bytes unpacked; a damaged one is an error (nothing is removed on a guess).
pub fn live_files<'a>(manifests: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Result<BTreeSet<String>> {
    let mut live: BTreeSet<String> = [MANIFEST_NAME.to_string(), HISTORY_NAME.to_string()].into();
    for (copy, bytes) in manifests {
        let index = crate::Index::open(bytes)?;
        live.insert(copy.to_string());
        live.extend(index.files().into_iter().skip(1));
    }
    Ok(live)
}

/// Whether `name` is a file builds write under a content name (term shards, doc blocks, key pages,
/// manifest copies): the only files `gc` removes.
pub fn is_build_file(name: &str) -> bool {
    let kind = name.split_once('-').and_then(|(prefix, _)| FileKind::from_prefix(prefix));
    kind.is_some() && name.ends_with(".bin")
}

/// The files among `present` that `gc` removes: build files no kept build needs.
pub fn garbage<'a>(present: impl IntoIterator<Item = &'a str>, live: &BTreeSet<String>) -> Vec<&'a str> {
    present.into_iter().filter(|name| is_build_file(name) && !live.contains(*name)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::build_segment;
    use crate::format::SEGMENT_ISSUES;
    use crate::model::{Date, Item};
    use crate::Synonyms;
    use std::collections::HashMap;

    fn plain_segment(issues: &[&AnalyzedIssue], previous: Option<&Segment>) -> SegmentFiles {
        build_segment(issues.iter().copied(), previous)
    }

    fn issue(number: u32, text: &str) -> Issue {
        let date = Date::new(2024, 1, 1).unwrap();
        let item = |ordinal: u32, headline: &str, body: &str| Item {
            issue: number,
            date,
            section: "要闻".to_string(),
            ordinal,
            headline: headline.to_string(),
            body: vec![body.to_string()],
            line: 1,
        };
        Issue {
            number,
            date,
            summary: Vec::new(),
            items: vec![item(1, "微短剧发展报告", text), item(2, &format!("第{number}期"), "网络视听行业动态。")],
        }
    }

    fn issues(n: u32) -> Vec<Issue> {
        (1..=n).map(|k| issue(k, &format!("主播{k}号介绍新节目。"))).collect()
    }

    #[derive(Default)]
    struct MemoryCache {
        entries: HashMap<String, Vec<u8>>,
    }

    impl BuildCache for MemoryCache {
        fn get(&self, key: &str) -> Option<Vec<u8>> {
            self.entries.get(key).cloned()
        }
        fn put(&mut self, key: &str, bytes: &[u8]) {
            self.entries.insert(key.to_string(), bytes.to_vec());
        }
    }

    /// A full build's files, manifest included.
    fn full(issues: &[Issue]) -> Vec<(String, Vec<u8>)> {
        let builder = IndexBuilder::new();
        let analyzed: Vec<AnalyzedIssue> = issues.iter().map(|i| builder.analyze(i)).collect();
        build_all(&analyzed.iter().collect::<Vec<_>>(), plain_segment).1
    }

    fn incremental(issues: &[Issue], cache: &mut MemoryCache, folder: &BTreeSet<String>) -> IncrementalBuild {
        build_incremental(&IndexBuilder::new(), issues, b"test", cache, &|f| folder.contains(f), &mut |_| ()).unwrap()
    }

    #[test]
    fn the_base_is_the_largest_multiple_of_segment_issues() {
        let n = SEGMENT_ISSUES;
        for (len, base) in [(0, 0), (1, 0), (n - 1, 0), (n, n), (n + 1, n), (3 * n + 5, 3 * n)] {
            let all: Vec<usize> = (0..len).collect();
            let (b, t) = split(&all);
            assert_eq!((b.len(), t.len()), (base, len - base), "{len} issues");
        }
    }

    #[test]
    fn an_incremental_build_reuses_the_base_and_matches_a_full_build() {
        let n = SEGMENT_ISSUES as u32;
        let mut cache = MemoryCache::default();
        let mut folder = BTreeSet::new();
        let first = incremental(&issues(n + 1), &mut cache, &folder);
        assert_eq!((first.analyzed, first.cached), (n as usize + 1, 0));
        folder.extend(first.files.iter().map(|(name, _)| name.clone()));

        // A new week: the base comes from the cache whole, only the tail is built.
        let mut all = issues(n + 2);
        all.reverse();
        let second = incremental(&all, &mut cache, &folder);
        assert_eq!((second.analyzed, second.cached), (1, n as usize + 1));
        assert!(second.files.iter().all(|(name, _)| !second.segments[0].files().any(|f| f == *name)));
        let mut expected = full(&issues(n + 2));
        assert_eq!(expected.pop().unwrap(), (MANIFEST_NAME.to_string(), second.manifest.clone()));
        let tail: BTreeSet<String> = second.segments[1].files().collect();
        let expected_tail: Vec<_> = expected.into_iter().filter(|(name, _)| tail.contains(name)).collect();
        assert_eq!(second.files, expected_tail);
        assert_eq!(second.cache_keys.len(), n as usize + 3, "every analysis and the base");
        assert!(second.cache_keys.iter().all(|k| is_cache_key(k)));
        assert!(cache.entries.keys().all(|k| is_cache_key(k)));
    }

    #[test]
    fn a_base_whose_files_are_not_published_is_built_again() {
        let n = SEGMENT_ISSUES as u32;
        let mut cache = MemoryCache::default();
        let first = incremental(&issues(n), &mut cache, &BTreeSet::new());
        let again = incremental(&issues(n), &mut cache, &BTreeSet::new());
        assert_eq!((again.analyzed, again.cached), (0, n as usize), "analyses still come from the cache");
        assert_eq!(again.files, first.files, "the base's files are written again");
    }

    #[test]
    fn alias_groups_are_compiled_in_and_a_base_without_them_is_not_reused() {
        let n = SEGMENT_ISSUES as u32;
        let mut cache = MemoryCache::default();
        let plain = incremental(&issues(n + 1), &mut cache, &BTreeSet::new());
        let folder: BTreeSet<String> = plain.files.iter().map(|(name, _)| name.clone()).collect();
        let mut builder = IndexBuilder::new();
        builder.set_synonyms(Synonyms::parse("synonyms.txt", "主播 = 网络主播\n".as_bytes()).unwrap());
        let aliased =
            build_incremental(&builder, &issues(n + 1), b"test", &mut cache, &|f| folder.contains(f), &mut |_| ())
                .unwrap();
        assert_eq!((aliased.analyzed, aliased.cached), (0, n as usize + 1), "analyses do not depend on aliases");
        assert!(aliased.files.iter().any(|(name, _)| aliased.segments[0].files().any(|f| f == *name)), "base rebuilt");
        assert_ne!(aliased.manifest, plain.manifest);
        for issue in issues(n + 1) {
            builder.add_issue(issue, "export").unwrap();
        }
        let mut files = builder.build().files;
        assert_eq!(files.pop().unwrap().1, aliased.manifest, "the same index as IndexBuilder::build");
        assert_eq!(files, aliased.files);
    }

    #[test]
    fn a_changed_issue_or_program_is_analyzed_again() {
        let mut cache = MemoryCache::default();
        let mut all = issues(3);
        incremental(&all, &mut cache, &BTreeSet::new());
        all[1] = issue(2, "另一段正文。");
        let build = incremental(&all, &mut cache, &BTreeSet::new());
        assert_eq!((build.analyzed, build.cached), (1, 2));
        let stale = stale_cache_entries(cache.entries.keys().map(String::as_str), &build);
        assert_eq!(stale.len(), 1, "the old analysis of issue 2");
        let other =
            build_incremental(&IndexBuilder::new(), &all, b"other", &mut cache, &|_| false, &mut |_| ()).unwrap();
        assert_eq!((other.analyzed, other.cached), (3, 0));
        assert_eq!(other.manifest, build.manifest);
    }

    #[test]
    fn progress_counts_every_issue_and_duplicates_are_refused() {
        let mut seen = Vec::new();
        build_incremental(&IndexBuilder::new(), &issues(3), b"p", &mut NoCache, &|_| true, &mut |done| seen.push(done))
            .unwrap();
        assert_eq!(seen, [1, 2, 3]);
        let mut twice = issues(2);
        twice.push(issue(2, "重复。"));
        let err =
            build_incremental(&IndexBuilder::new(), &twice, b"p", &mut NoCache, &|_| true, &mut |_| ()).unwrap_err();
        assert!(err.to_string().contains("issue 2"), "{err}");
    }

    #[test]
    fn history_records_each_publication_once() {
        let mut history = vec!["m-1.bin".to_string(), "m-2.bin".to_string()];
        assert!(!record(&mut history, "m-2.bin"), "the same build published again");
        assert!(record(&mut history, "m-3.bin"));
        assert!(record(&mut history, "m-1.bin"), "an older build published again is the newest");
        assert_eq!(history, ["m-1.bin", "m-2.bin", "m-3.bin", "m-1.bin"]);
        assert_eq!(kept_builds(&history, 2), ["m-3.bin", "m-1.bin"]);
        assert_eq!(kept_builds(&history, 9).len(), 4);
        let mut empty = Vec::new();
        assert!(record(&mut empty, "m-1.bin"));
        assert!(is_build_file(&crate::format::manifest_copy_name(b"manifest")));
        for name in ["t-00abcdef01234567-0.bin", "d-x.bin", "k-.bin"] {
            assert!(is_build_file(name), "{name}");
        }
        for name in [MANIFEST_NAME, HISTORY_NAME, "a-1.bin", "t-1.tmp", "tt-1.bin", "t.bin"] {
            assert!(!is_build_file(name), "{name}");
        }
    }

    #[test]
    fn live_files_are_what_the_kept_manifests_name() {
        let a = full(&issues(1));
        let b = full(&[issue(1, "改过的正文。")]);
        let manifest = |files: &[(String, Vec<u8>)]| files.last().unwrap().1.clone();
        let (ma, mb) = (manifest(&a), manifest(&b));
        let live = live_files([("m-b.bin", mb.as_slice())]).unwrap();
        let mut folder: Vec<String> = a.iter().chain(&b).map(|(n, _)| n.clone()).collect();
        folder.extend(["m-a.bin", "m-b.bin", HISTORY_NAME, "notes.txt", "t-partial.tmp"].map(String::from));
        folder.sort();
        folder.dedup();
        let removed = garbage(folder.iter().map(String::as_str), &live);
        let only_a: Vec<&str> = a.iter().map(|(n, _)| n.as_str()).filter(|n| !live.contains(*n)).collect();
        assert!(!only_a.is_empty(), "the builds differ in some files");
        let mut expected: Vec<&str> = only_a.into_iter().filter(|n| *n != MANIFEST_NAME).collect();
        expected.push("m-a.bin");
        expected.sort();
        assert_eq!(removed, expected);
        assert!(b.iter().all(|(n, _)| live.contains(n)), "every file of the kept build is live");
        let both = live_files([("m-a.bin", ma.as_slice()), ("m-b.bin", mb.as_slice())]).unwrap();
        assert!(garbage(folder.iter().map(String::as_str), &both).is_empty());
        assert!(live_files([("m-x.bin", &b"damaged"[..])]).is_err());
    }
}
