//! `bulletin gc`: remove the files no manifest of the last N builds names (see
//! `bulletin_search::publish` for which files are live).

use crate::folder;
use anyhow::{Context, Result};
use bulletin_search::format::{self, MANIFEST_NAME};
use bulletin_search::publish;
use std::path::PathBuf;

/// Remove the index files that no manifest of the last N builds names
///
/// Builds only add files, so that visitors of a recent build keep finding theirs; run gc some time
/// after publishing.
#[derive(clap::Args)]
pub struct Args {
    /// The index folder.
    #[arg(long, value_name = "DIR")]
    index: PathBuf,
    /// How many of the latest builds keep their files.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..))]
    keep: u32,
    /// No summary line.
    #[arg(long)]
    quiet: bool,
}

pub fn run(args: Args) -> Result<()> {
    let dir = args.index.as_path();
    let current = std::fs::read(dir.join(MANIFEST_NAME)).with_context(|| format!("{}: cannot read", dir.display()))?;
    let mut history = folder::read_history(dir)?;
    let copy = format::manifest_copy_name(&current);
    // A manifest published without its copy (by hand, or by a program without history) is the
    // newest build.
    if publish::record(&mut history, &copy) {
        folder::write_file(&dir.join(&copy), &current)?;
    }
    let kept = publish::kept_builds(&history, args.keep as usize);
    let mut live = std::collections::BTreeSet::new();
    for copy in kept {
        let path = dir.join(copy);
        let bytes = std::fs::read(&path).with_context(|| format!("{}: cannot read", path.display()))?;
        let manifest = format::unpack(copy, bytes)?;
        live.extend(
            publish::live_files([(copy.as_str(), manifest.as_slice())]).with_context(|| path.display().to_string())?,
        );
    }
    let names = folder::file_names(dir)?;
    let garbage = publish::garbage(names.iter().map(String::as_str), &live);
    for name in &garbage {
        std::fs::remove_file(dir.join(name)).with_context(|| format!("{name}: cannot remove"))?;
    }
    folder::write_history(dir, kept)?;
    if !args.quiet {
        println!("gc {}: kept {} builds, removed {} files", dir.display(), kept.len(), garbage.len());
    }
    Ok(())
}
