//! `bulletin check`: validate exports without writing anything.

use crate::exports;
use crate::progress;
use anyhow::{bail, Result};
use std::path::PathBuf;

/// Validate exports without writing anything
///
/// Prints a line per good file; errors name file:line and make the exit status 1.
#[derive(clap::Args)]
pub struct Args {
    /// Export files and a synonyms list (`synonyms.txt`), or folders whose `*.txt` files are
    /// checked (their `synonyms.txt` as the list of alias groups).
    #[arg(value_name = "FILE|DIR", required = true)]
    files: Vec<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    let synonyms = exports::synonyms_files(&args.files);
    // Only a synonyms list given: no exports to check.
    let files = match args.files.iter().all(|f| synonyms.contains(f)) {
        true => Vec::new(),
        false => exports::export_files(&args.files)?,
    };
    let (issues, mut errors) = exports::parse_all(&files, &progress::bar("checking", files.len(), false));
    for (issue, name) in &issues {
        println!("{name}: ok: issue {}, {}, {} items", issue.number, issue.date, issue.items.len());
    }
    for file in &synonyms {
        match exports::read_synonyms(file) {
            Ok(s) => println!("{}: ok: {} alias groups", file.display(), s.len()),
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("{e}");
        }
        bail!("{} of {} files have errors", errors.len(), files.len() + synonyms.len());
    }
    Ok(())
}
