//! `bulletin build`: parse and analyze the exports and publish the index (see
//! `bulletin_search::publish`): files first, the manifest last, nothing removed.

use crate::exports::{self, Inputs};
use crate::{folder, progress};
use anyhow::{Context, Result};
use bulletin_search::builder::{BuildStats, Segment};
use bulletin_search::format;
use bulletin_search::publish::{self, BuildCache, IncrementalBuild, NoCache};
use bulletin_search::{IndexBuilder, Issue};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Parse and analyze the exports, and write the index
///
/// A failed build writes nothing, and a build never removes a file: a visitor who opened the
/// previous index still finds all of its files (`bulletin gc` removes them later). Prints a
/// summary: issues, items, terms, bytes.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    io: Inputs,
    /// Keeps each issue's analysis and the base segment here, so a build analyzes only new or
    /// changed issues [default: <DIR>.cache beside --out].
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    cache: Option<PathBuf>,
    /// Analyzes every issue and rewrites every file (which also repairs a damaged index folder).
    #[arg(long)]
    no_cache: bool,
}

pub fn run(args: Args) -> Result<()> {
    let started = Instant::now();
    let Inputs { input, out, quiet } = args.io;
    let issues: Vec<Issue> = exports::parse_inputs(&input, &out, quiet)?.into_iter().map(|(issue, _)| issue).collect();
    let mut cache = match (args.no_cache, args.cache) {
        (true, _) => None,
        (false, Some(dir)) => Some(DirCache::open(dir)?),
        (false, None) => Some(DirCache::open(default_cache(&out))?),
    };
    // The cache keys by the program itself: a rebuilt `bulletin` never reads what another
    // version wrote, so a cached build is byte-identical to a full one.
    let program = match cache {
        Some(_) => program_hash()?,
        None => Vec::new(),
    };
    let mut no_cache = NoCache;
    let store: &mut dyn BuildCache = match cache.as_mut() {
        Some(cache) => cache,
        None => &mut no_cache,
    };
    let mut builder = IndexBuilder::new();
    builder.set_synonyms(exports::synonyms(&input).context("nothing was written: fix the synonyms list")?);
    let bar = progress::bar("analyzing", issues.len(), quiet);
    let build = publish::build_incremental(
        &builder,
        &issues,
        &program,
        store,
        &|name| out.join(name).is_file(),
        &mut |done| bar.set_position(done as u64),
    )?;
    bar.finish_and_clear();
    if let Some(cache) = &mut cache {
        cache.take_error()?;
    }
    // A cached build trusts the files already in `out`; without the cache every file is written.
    let written = folder::write_files(&out, &build.files, cache.is_some(), quiet)?;
    let manifest = format::pack(&build.manifest);
    folder::publish_manifest(&out, &manifest)?;
    if let Some(cache) = cache {
        cache.prune(&build)?;
    }
    if !quiet {
        print_summary(&out, &build, manifest.len(), written, started);
    }
    Ok(())
}

fn print_summary(out: &Path, build: &IncrementalBuild, manifest_len: usize, written: usize, started: Instant) {
    let s = BuildStats::of(&build.segments, &[]);
    let names: Vec<String> = build.segments.iter().flat_map(Segment::files).collect();
    let files = 1 + names.len();
    // As stored (packed), not as built.
    let bytes = manifest_len as u64
        + names.iter().filter_map(|n| std::fs::metadata(out.join(n)).ok()).map(|m| m.len()).sum::<u64>();
    println!(
        "built {}: {} issues ({} analyzed, {} from cache), {} items, {} terms, {} bytes in {files} files \
         ({written} new), {:.2}s",
        out.display(),
        s.issues,
        build.analyzed,
        build.cached,
        s.items,
        s.terms,
        bytes,
        started.elapsed().as_secs_f64()
    );
}

/// `<out>.cache` beside the index folder.
fn default_cache(out: &Path) -> PathBuf {
    let mut name = out.file_name().map(|n| n.to_os_string()).unwrap_or_else(|| "index".into());
    name.push(".cache");
    out.with_file_name(name)
}

/// A hash of the running executable.
fn program_hash() -> Result<Vec<u8>> {
    use sha2::{Digest, Sha256};
    let exe = std::env::current_exe().and_then(std::fs::read).context("cannot read the running program")?;
    Ok(Sha256::digest(exe).to_vec())
}

/// The build cache as a folder, one file per key. A failed write is kept and reported once the
/// build is done ([`DirCache::take_error`]), before anything is published.
struct DirCache {
    dir: PathBuf,
    error: Option<anyhow::Error>,
}

impl DirCache {
    fn open(dir: PathBuf) -> Result<DirCache> {
        std::fs::create_dir_all(&dir).with_context(|| format!("{}: cannot create cache", dir.display()))?;
        Ok(DirCache { dir, error: None })
    }

    fn take_error(&mut self) -> Result<()> {
        self.error.take().map_or(Ok(()), Err)
    }

    /// Removes the entries no later build of these issues reads (older programs', changed or
    /// removed issues').
    fn prune(self, build: &IncrementalBuild) -> Result<()> {
        let names = folder::file_names(&self.dir)?;
        for name in publish::stale_cache_entries(names.iter().map(String::as_str), build) {
            let path = self.dir.join(name);
            std::fs::remove_file(&path).with_context(|| format!("{}: cannot remove", path.display()))?;
        }
        Ok(())
    }
}

impl BuildCache for DirCache {
    fn get(&self, key: &str) -> Option<Vec<u8>> {
        std::fs::read(self.dir.join(key)).ok()
    }

    fn put(&mut self, key: &str, bytes: &[u8]) {
        if self.error.is_none() {
            self.error = folder::write_file(&self.dir.join(key), bytes).err();
        }
    }
}
