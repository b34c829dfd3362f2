//! `bulletin`: build, search and check bulletin indexes. Argument handling, files and exit codes
//! only; every decision is the library's.

use anyhow::{bail, Context, Result};
use bulletin_search::builder::{assemble, build_segment, AnalyzedIssue, BuildStats, Segment};
use bulletin_search::format::{self, base_issue_count, MANIFEST_NAME};
use bulletin_search::query::Sort;
use bulletin_search::{parse_export, Index, IndexBuilder, Issue, SearchOptions, Step};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "\
usage:
  bulletin build --input <DIR|FILE>... --out <DIR> [--quiet] [--cache DIR | --no-cache]
                 (per-issue analysis and the base segment are cached in <DIR>.cache by default;
                 --no-cache builds everything and rewrites every file)
  bulletin search --index <DIR> [--limit N] [--offset N] [--json] [--section S] [--issue N]
                  [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--sort relevance|date] <QUERY...>
  bulletin check <FILE|DIR>...
  bulletin pages --input <DIR|FILE>... --out <DIR>
  bulletin gc --index <DIR> [--keep N]   (default 2 builds)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("build") => build(&args[1..]),
        Some("search") => search(&args[1..]),
        Some("check") => check(&args[1..]),
        Some("pages") => pages(&args[1..]),
        Some("gc") => gc(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(anyhow::anyhow!("{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `--flag value` pairs (switches with an empty value) and positional arguments.
type SplitArgs<'a> = (Vec<(&'a str, &'a str)>, Vec<&'a str>);

/// Splits `--flag value` pairs from positional arguments. `switches` take no value.
fn split_args<'a>(args: &'a [String], switches: &[&str]) -> Result<SplitArgs<'a>> {
    let mut flags = Vec::new();
    let mut positional = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        if a == "--" {
            positional.extend(args[i + 1..].iter().map(String::as_str));
            break;
        } else if switches.contains(&a) {
            flags.push((a, ""));
        } else if a.starts_with("--") {
            let v = args.get(i + 1).with_context(|| format!("{a} needs a value\n{USAGE}"))?;
            flags.push((a, v.as_str()));
            i += 1;
        } else {
            positional.push(a);
        }
        i += 1;
    }
    Ok((flags, positional))
}

/// Export files named by the arguments: files as given, directories' `*.txt` sorted by name.
fn export_files(inputs: &[&str]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        let path = Path::new(input);
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .with_context(|| format!("{input}: cannot read directory"))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(path.to_path_buf());
        }
    }
    if files.is_empty() {
        bail!("no export files (*.txt) in {}", inputs.join(", "));
    }
    Ok(files)
}

/// A one-line progress counter on stderr, shown only on a terminal and for more than a few
/// files (scripts and CI logs stay clean; `--quiet` is for the summary line).
struct Progress {
    what: &'static str,
    done: usize,
    total: usize,
    shown: bool,
}

impl Progress {
    fn new(what: &'static str, total: usize) -> Progress {
        use std::io::IsTerminal;
        Progress { what, done: 0, total, shown: total > 20 && std::io::stderr().is_terminal() }
    }

    fn skip(&mut self, n: usize) {
        self.done += n.saturating_sub(1);
        if n > 0 {
            self.step();
        }
    }

    fn step(&mut self) {
        self.done += 1;
        if self.shown && (self.done.is_multiple_of(10) || self.done == self.total) {
            eprint!("\r{} {}/{}", self.what, self.done, self.total);
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if self.shown {
            eprint!("\r\x1b[K");
        }
    }
}

/// Parses every file; returns all issues or every error found (file:line each).
fn parse_all(files: &[PathBuf]) -> (Vec<(Issue, String)>, Vec<String>) {
    let mut issues: Vec<(Issue, String)> = Vec::new();
    let mut errors = Vec::new();
    let mut progress = Progress::new("parsing", files.len());
    for path in files {
        progress.step();
        let name = path.display().to_string();
        match std::fs::read(path) {
            Err(e) => errors.push(format!("{name}: {e}")),
            Ok(bytes) => match parse_export(&bytes, &name) {
                Err(e) => errors.push(e.to_string()),
                Ok(issue) => {
                    for repair in bulletin_search::parse::repairs(&bytes) {
                        eprintln!("{name}: note: {repair}");
                    }
                    if let Some((_, other)) = issues.iter().find(|(i, _)| i.number == issue.number) {
                        errors.push(format!("{name}: issue {} is also in {other}", issue.number));
                    } else {
                        issues.push((issue, name));
                    }
                }
            },
        }
    }
    (issues, errors)
}

fn check(args: &[String]) -> Result<()> {
    let (_, inputs) = split_args(args, &[])?;
    if inputs.is_empty() {
        bail!("check needs files\n{USAGE}");
    }
    let (issues, errors) = parse_all(&export_files(&inputs)?);
    for (issue, name) in &issues {
        println!("{name}: ok: issue {}, {}, {} items", issue.number, issue.date, issue.items.len());
    }
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("{e}");
        }
        bail!("{} of {} files have errors", errors.len(), errors.len() + issues.len());
    }
    Ok(())
}

/// `--input A B … --out DIR [--quiet]`, shared by `build` and `pages`.
struct InOut<'a> {
    inputs: Vec<&'a str>,
    out: &'a Path,
    quiet: bool,
    /// `--cache DIR` (default `<out>.cache`), `None` with `--no-cache`.
    cache: Option<PathBuf>,
}

fn in_out(args: &[String]) -> Result<InOut<'_>> {
    let mut inputs = Vec::new();
    let mut out = None;
    let mut quiet = false;
    let mut cache: Option<Option<PathBuf>> = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--cache" => {
                cache = Some(Some(PathBuf::from(args.get(i + 1).context("--cache needs a folder")?)));
                i += 1;
            }
            "--no-cache" => cache = Some(None),
            "--input" => {
                i += 1;
                while i < args.len() && !args[i].starts_with("--") {
                    inputs.push(args[i].as_str());
                    i += 1;
                }
                continue;
            }
            "--out" => {
                out = args.get(i + 1).map(String::as_str);
                i += 1;
            }
            "--quiet" => quiet = true,
            other => bail!("unknown argument {other}\n{USAGE}"),
        }
        i += 1;
    }
    let out = Path::new(out.context("needs --out <DIR>")?);
    if inputs.is_empty() {
        bail!("needs --input <DIR|FILE>...");
    }
    let cache = cache.unwrap_or_else(|| {
        let mut name = out.file_name().map(|n| n.to_os_string()).unwrap_or_else(|| "index".into());
        name.push(".cache");
        Some(out.with_file_name(name))
    });
    Ok(InOut { inputs, out, quiet, cache })
}

/// Parses every input or prints every error and fails, naming what was not written.
fn parse_inputs(inputs: &[&str], out: &Path) -> Result<Vec<(Issue, String)>> {
    let (issues, errors) = parse_all(&export_files(inputs)?);
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("{e}");
        }
        bail!("nothing was written to {}: fix the exports above", out.display());
    }
    Ok(issues)
}

/// Writes one static HTML page per issue (the targets of the hits' `url`).
fn pages(args: &[String]) -> Result<()> {
    let InOut { inputs, out, quiet, .. } = in_out(args)?;
    let issues = parse_inputs(&inputs, out)?;
    std::fs::create_dir_all(out).with_context(|| format!("{}: cannot create", out.display()))?;
    for (issue, _) in &issues {
        let path = out.join(bulletin_search::site::issue_page_name(issue.number));
        std::fs::write(&path, bulletin_search::site::render_issue_page(issue))
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    if !quiet {
        println!("wrote {} issue pages to {}", issues.len(), out.display());
    }
    Ok(())
}

fn build(args: &[String]) -> Result<()> {
    let started = Instant::now();
    let InOut { inputs, out, quiet, cache } = in_out(args)?;
    let mut issues = parse_inputs(&inputs, out)?;
    issues.sort_by_key(|(issue, _)| issue.number);
    let mut cache = cache.map(|dir| AnalysisCache::open(&dir)).transpose()?;
    // A cached build trusts the files already in `out`; `--no-cache` rewrites them all, which
    // also repairs a damaged index folder.
    let trust = cache.is_some();
    let mut analysis = Analysis { builder: IndexBuilder::new(), analyzed: 0, cached: 0 };
    let mut progress = Progress::new("analyzing", issues.len());
    // The base segment: reused when this set of issues was built before and its files are still
    // in `out` (the usual week: only the tail changes); else built and written now.
    let (base_issues, tail_issues) = issues.split_at(base_issue_count(issues.len()));
    let base_name = cache.as_ref().filter(|_| !base_issues.is_empty()).map(|c| c.segment_name(base_issues));
    let reused = cache
        .as_mut()
        .zip(base_name.as_deref())
        .and_then(|(c, name)| c.get_segment(name, base_issues))
        .filter(|base| base.files().all(|f| out.join(f).is_file()));
    let (base, mut written) = match reused {
        Some(base) => {
            analysis.cached += base_issues.len();
            progress.skip(base_issues.len());
            (base, 0)
        }
        None => {
            let analyzed = analysis.run(base_issues, cache.as_mut(), &mut progress)?;
            let (base, files) = build_segment(&analyzed, None);
            let written = write_files(out, &files, trust)?;
            if let (Some(c), Some(name)) = (cache.as_mut(), base_name.as_deref()) {
                c.put_segment(name, &base)?;
            }
            (base, written)
        }
    };
    let analyzed = analysis.run(tail_issues, cache.as_mut(), &mut progress)?;
    drop(progress);
    let (tail, files) = build_segment(&analyzed, Some(&base));
    written += write_files(out, &files, trust)?;
    let segments = [base, tail];
    let manifest = (MANIFEST_NAME.to_string(), format::pack(&assemble(&segments).to_bytes()));
    publish_manifest(out, &manifest.1)?;
    if let Some(c) = cache {
        c.prune()?;
    }
    if !quiet {
        let s = BuildStats::of(&segments, &[]);
        let names: Vec<String> = segments.iter().flat_map(Segment::files).collect();
        let files = 1 + names.len();
        // As stored (packed), not as built.
        let bytes = manifest.1.len() as u64
            + names.iter().filter_map(|n| std::fs::metadata(out.join(n)).ok()).map(|m| m.len()).sum::<u64>();
        println!(
            "built {}: {} issues ({} analyzed, {} from cache), {} items, {} terms, {} bytes in {files} files \
             ({written} new), {:.2}s",
            out.display(),
            s.issues,
            analysis.analyzed,
            analysis.cached,
            s.items,
            s.terms,
            bytes,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// Runs (or fetches from the cache) the analysis of issues, counting which.
struct Analysis {
    builder: IndexBuilder,
    analyzed: usize,
    cached: usize,
}

impl Analysis {
    fn run(
        &mut self,
        issues: &[(Issue, String)],
        mut cache: Option<&mut AnalysisCache>,
        progress: &mut Progress,
    ) -> Result<Vec<AnalyzedIssue>> {
        let mut out = Vec::with_capacity(issues.len());
        for (issue, _) in issues {
            progress.step();
            if let Some(a) = cache.as_deref_mut().and_then(|c| c.get(issue)) {
                self.cached += 1;
                out.push(a);
                continue;
            }
            self.analyzed += 1;
            let a = self.builder.analyze(issue);
            if let Some(c) = cache.as_deref_mut() {
                c.put(issue, &a)?;
            }
            out.push(a);
        }
        Ok(out)
    }
}

/// Per-issue analysis results on disk, so adding an issue re-analyzes only that issue. An entry
/// is keyed by the issue's parsed content and by this program's own bytes: a rebuilt `bulletin`
/// never reads what another version wrote, so a cached build is byte-identical to a full one.
struct AnalysisCache {
    dir: PathBuf,
    program: [u8; 32],
    used: std::collections::BTreeSet<String>,
}

impl AnalysisCache {
    fn open(dir: &Path) -> Result<AnalysisCache> {
        use sha2::{Digest, Sha256};
        std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create cache", dir.display()))?;
        let exe = std::env::current_exe().and_then(std::fs::read).context("cannot read the running program")?;
        Ok(AnalysisCache { dir: dir.to_path_buf(), program: Sha256::digest(exe).into(), used: Default::default() })
    }

    fn name(&self, issue: &Issue) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(self.program);
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
        let hex: String = h.finalize()[..12].iter().map(|b| format!("{b:02x}")).collect();
        format!("a-{hex}.bin")
    }

    /// The name of the cached base segment of these issues (ascending by number).
    fn segment_name(&self, issues: &[(Issue, String)]) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(bulletin_search::builder::LAYOUT.to_le_bytes());
        for (issue, _) in issues {
            h.update(self.name(issue).as_bytes());
        }
        let hex: String = h.finalize()[..12].iter().map(|b| format!("{b:02x}")).collect();
        format!("s-{hex}.bin")
    }

    /// The base segment cached as `name`; its issues' analyses are kept as used (they are the
    /// base's when it is next rebuilt).
    fn get_segment(&mut self, name: &str, issues: &[(Issue, String)]) -> Option<Segment> {
        let bytes = std::fs::read(self.dir.join(name)).ok()?;
        let segment = Segment::from_cache_bytes(&bytes)?;
        self.used.insert(name.to_string());
        for (issue, _) in issues {
            let name = self.name(issue);
            self.used.insert(name);
        }
        Some(segment)
    }

    fn put_segment(&mut self, name: &str, segment: &Segment) -> Result<()> {
        let bytes = segment.to_cache_bytes().context("only a base segment is cached")?;
        self.write(name, &bytes)
    }

    fn write(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let tmp = self.dir.join(format!(".{name}.tmp"));
        std::fs::write(&tmp, bytes).with_context(|| format!("{}: cannot write", tmp.display()))?;
        std::fs::rename(&tmp, self.dir.join(name))?;
        self.used.insert(name.to_string());
        Ok(())
    }

    fn get(&mut self, issue: &Issue) -> Option<bulletin_search::builder::AnalyzedIssue> {
        let name = self.name(issue);
        let bytes = std::fs::read(self.dir.join(&name)).ok()?;
        let analyzed =
            bulletin_search::builder::AnalyzedIssue::from_bytes(&bytes).filter(|a| a.number == issue.number)?;
        self.used.insert(name);
        Some(analyzed)
    }

    fn put(&mut self, issue: &Issue, analyzed: &bulletin_search::builder::AnalyzedIssue) -> Result<()> {
        let name = self.name(issue);
        self.write(&name, &analyzed.to_bytes())
    }

    /// Removes entries this build did not use (older programs, changed or removed issues).
    fn prune(self) -> Result<()> {
        for entry in std::fs::read_dir(&self.dir)?.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if (name.starts_with("a-") || name.starts_with("s-"))
                && name.ends_with(".bin")
                && !self.used.contains(&name)
            {
                std::fs::remove_file(entry.path())?;
            }
        }
        Ok(())
    }
}

/// The publish history in an index folder: the content-named copies of the manifests of past
/// builds, oldest first, one per line. `gc` keeps the files the last N of them name.
const HISTORY: &str = "history.txt";

/// Writes index files into `out`, packed (see `bulletin_search::format`), each under a temporary
/// name and then renamed, so a file is either absent or whole. Files are content-named: with
/// `trust_existing`, one already there is taken to be the same file and left alone. Packing
/// (gzip) is most of the time a full build spends here, so batches of files are packed on every
/// core. Returns how many files it wrote.
fn write_files(out: &Path, files: &[(String, Vec<u8>)], trust_existing: bool) -> Result<usize> {
    std::fs::create_dir_all(out).with_context(|| format!("{}: cannot create", out.display()))?;
    let todo: Vec<&(String, Vec<u8>)> =
        files.iter().filter(|(name, _)| !(trust_existing && out.join(name).is_file())).collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    for batch in todo.chunks(64 * threads) {
        let packed = std::thread::scope(|scope| {
            let workers: Vec<_> = batch
                .chunks(batch.len().div_ceil(threads))
                .map(|part| scope.spawn(move || part.iter().map(|(_, bytes)| format::pack(bytes)).collect::<Vec<_>>()))
                .collect();
            workers.into_iter().map(|w| w.join()).collect::<Result<Vec<_>, _>>()
        })
        .map_err(|_| anyhow::anyhow!("packing index files failed"))?;
        for ((name, _), bytes) in batch.iter().zip(packed.into_iter().flatten()) {
            write_file(&out.join(name), &bytes)?;
        }
    }
    Ok(todo.len())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&tmp, bytes).with_context(|| format!("{}: cannot write", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("{}: cannot rename", path.display()))
}

/// Publishes a build whose files [`write_files`] wrote, given its manifest packed: a
/// content-named copy of the manifest first, then `manifest.bin` by rename, so a visitor sees the
/// old index or the new one, never a mix. Nothing is removed; `bulletin gc` removes what no recent
/// build names.
fn publish_manifest(out: &Path, manifest: &[u8]) -> Result<()> {
    let copy = manifest_copy_name(manifest);
    write_file(&out.join(&copy), manifest)?;
    let mut history = read_history(out)?;
    if history.last() != Some(&copy) {
        history.push(copy);
    }
    write_file(&out.join(HISTORY), history.iter().map(|h| format!("{h}\n")).collect::<String>().as_bytes())?;
    write_file(&out.join(MANIFEST_NAME), manifest)
}

/// `m-<16 hex digits of SHA-256>.bin`.
fn manifest_copy_name(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let hex: String = Sha256::digest(bytes)[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("m-{hex}.bin")
}

fn read_history(dir: &Path) -> Result<Vec<String>> {
    match std::fs::read_to_string(dir.join(HISTORY)) {
        Ok(text) => Ok(text.lines().filter(|l| !l.trim().is_empty()).map(|l| l.trim().to_string()).collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e).with_context(|| format!("{}: cannot read", dir.join(HISTORY).display())),
    }
}

/// `bulletin gc --index DIR --keep N`: removes the shards no manifest of the last N builds names.
fn gc(args: &[String]) -> Result<()> {
    let (flags, rest) = split_args(args, &["--quiet"])?;
    if !rest.is_empty() {
        bail!("unexpected argument {}\n{USAGE}", rest[0]);
    }
    let mut dir = None;
    let mut keep = 2usize;
    let mut quiet = false;
    for (flag, value) in flags {
        match flag {
            "--index" => dir = Some(Path::new(value)),
            "--keep" => keep = value.parse().ok().filter(|&k| k >= 1).context("--keep needs a number >= 1")?,
            "--quiet" => quiet = true,
            other => bail!("unknown flag {other}\n{USAGE}"),
        }
    }
    let dir = dir.context("gc needs --index <DIR>")?;
    let current = std::fs::read(dir.join(MANIFEST_NAME)).with_context(|| format!("{}: cannot read", dir.display()))?;
    let mut history = read_history(dir)?;
    let current_copy = manifest_copy_name(&current);
    if history.last() != Some(&current_copy) {
        // An index published by hand or by an older version: its manifest is the newest build.
        history.push(current_copy.clone());
        std::fs::write(dir.join(&current_copy), &current)?;
    }
    let kept: Vec<String> = history[history.len().saturating_sub(keep)..].to_vec();
    let mut live: std::collections::BTreeSet<String> = [MANIFEST_NAME.to_string(), HISTORY.to_string()].into();
    for copy in &kept {
        let bytes =
            std::fs::read(dir.join(copy)).with_context(|| format!("{}: cannot read", dir.join(copy).display()))?;
        let index =
            Index::open(&format::unpack(copy, bytes)?).with_context(|| format!("{}", dir.join(copy).display()))?;
        live.insert(copy.clone());
        live.extend(index.files().into_iter().skip(1));
    }
    let mut removed = 0;
    for entry in std::fs::read_dir(dir)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = ["t-", "d-", "k-", "m-"].iter().any(|p| name.starts_with(p)) && name.ends_with(".bin");
        if ours && !live.contains(&name) {
            std::fs::remove_file(entry.path()).with_context(|| format!("{name}: cannot remove"))?;
            removed += 1;
        }
    }
    std::fs::write(dir.join(HISTORY), kept.iter().map(|h| format!("{h}\n")).collect::<String>())?;
    if !quiet {
        println!("gc {}: kept {} builds, removed {removed} files", dir.display(), kept.len());
    }
    Ok(())
}

fn search(args: &[String]) -> Result<()> {
    let (flags, words) = split_args(args, &["--json"])?;
    let mut index_dir = None;
    let mut json = false;
    let mut options = SearchOptions::default();
    for (flag, value) in flags {
        match flag {
            "--index" => index_dir = Some(value),
            "--json" => json = true,
            "--limit" => options.limit = value.parse().context("--limit needs a number")?,
            "--offset" => options.offset = value.parse().context("--offset needs a number")?,
            "--section" => options.section = Some(value.to_string()),
            "--issue" => options.issue = Some(value.parse().context("--issue needs a number")?),
            "--from" => options.from = Some(value.to_string()),
            "--to" => options.to = Some(value.to_string()),
            "--sort" => {
                options.sort = Some(match value {
                    "date" => Sort::Date,
                    "relevance" => Sort::Relevance,
                    _ => bail!("--sort takes relevance or date"),
                })
            }
            other => bail!("unknown flag {other}\n{USAGE}"),
        }
    }
    let dir = Path::new(index_dir.context("search needs --index <DIR>")?);
    let query = words.join(" ");
    let read = |name: &str| -> Result<Vec<u8>> {
        let bytes = std::fs::read(dir.join(name))
            .with_context(|| format!("{}: cannot read index file", dir.join(name).display()))?;
        Ok(format::unpack(name, bytes)?)
    };
    let mut index = Index::open(&read(MANIFEST_NAME)?).with_context(|| format!("index {}", dir.display()))?;
    // More than MAX_ROUNDS rounds means the files on disk do not satisfy the manifest, and
    // looping would never end.
    let mut rounds = 0;
    let response = loop {
        match index.search(&query, &options).with_context(|| format!("index {}", dir.display()))? {
            Step::Done(r) => break r,
            Step::Need(files) if rounds < bulletin_search::MAX_ROUNDS => {
                rounds += 1;
                for f in files {
                    let bytes = read(&f)?;
                    index.supply(&f, &bytes).with_context(|| format!("index {}", dir.display()))?;
                }
            }
            Step::Need(files) => {
                bail!("index {}: still missing {} after supplying them", dir.display(), files.join(", "))
            }
        }
    };
    let mut out = String::new();
    if json {
        out = serde_json::to_string_pretty(&response.hits)?;
        out.push('\n');
    } else {
        use std::fmt::Write as _;
        let _ = writeln!(out, "{} results for {query}", response.total);
        if !response.suggestions.is_empty() {
            let _ = writeln!(out, "did you mean: {}", response.suggestions.join(" | "));
        }
        for (i, h) in response.hits.iter().enumerate() {
            let _ = writeln!(out, "{:>2}. {}  [第{}期 {} {}] {}", i + 1, h.title, h.issue, h.date, h.section, h.url);
            let _ = writeln!(out, "    {}", h.snippet);
        }
    }
    write_stdout(&out)
}

/// Writes to stdout; a reader that went away (`bulletin search … | head`) is not an error.
fn write_stdout(text: &str) -> Result<()> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
