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
    /// Export files, or folders whose `*.txt` files are checked (but `synonyms.txt`).
    #[arg(value_name = "FILE|DIR", required = true)]
    files: Vec<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    let files = exports::export_files(&args.files)?;
    let (issues, errors) = exports::parse_all(&files, &progress::bar("checking", files.len(), false));
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
