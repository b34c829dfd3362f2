//! Export files on disk: the `--input`/`--out` flags of `build` and `pages`, listing the inputs and
//! parsing them with every error collected.

use crate::progress;
use anyhow::{bail, Context, Result};
use bulletin_search::{parse_export, Issue, Synonyms};
use indicatif::ProgressBar;
use std::path::{Path, PathBuf};

/// `--input <DIR|FILE>... --out <DIR> [--quiet]`, shared by `build` and `pages`.
#[derive(clap::Args)]
pub struct Inputs {
    /// Export files, or folders whose `*.txt` files are read in name order (but `synonyms.txt`).
    #[arg(long, value_name = "DIR|FILE", num_args = 1.., required = true)]
    pub input: Vec<PathBuf>,
    /// The folder to write (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// No summary line and no progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// The publisher's alias groups, kept beside the exports in their folder: not an export.
pub const SYNONYMS_FILE: &str = "synonyms.txt";

/// The synonyms files among the arguments: a file named [`SYNONYMS_FILE`], or the one in a folder.
pub fn synonyms_files(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in inputs {
        let file = if path.is_dir() { path.join(SYNONYMS_FILE) } else { path.clone() };
        if file.ends_with(SYNONYMS_FILE) && file.is_file() && !files.contains(&file) {
            files.push(file);
        }
    }
    files
}

/// The alias groups of the synonyms file among the arguments (none without one), validated:
/// errors name file:line. Two synonyms files are an error (the groups of one list only are
/// compiled).
pub fn synonyms(inputs: &[PathBuf]) -> Result<Synonyms> {
    match synonyms_files(inputs).as_slice() {
        [] => Ok(Synonyms::default()),
        [file] => read_synonyms(file),
        more => {
            let names: Vec<String> = more.iter().map(|p| p.display().to_string()).collect();
            bail!("more than one synonyms list: {} (keep one)", names.join(", "))
        }
    }
}

/// Reads and validates one synonyms file.
pub fn read_synonyms(file: &Path) -> Result<Synonyms> {
    let bytes = std::fs::read(file).with_context(|| format!("{}: cannot read", file.display()))?;
    Ok(Synonyms::parse(&file.display().to_string(), &bytes)?)
}

/// Export files named by the arguments: files as given, directories' `*.txt` sorted by name
/// (without [`SYNONYMS_FILE`], here or given as a file).
pub fn export_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in inputs.iter().filter(|p| p.is_dir() || !p.ends_with(SYNONYMS_FILE)) {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .with_context(|| format!("{}: cannot read directory", path.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "txt") && !p.ends_with(SYNONYMS_FILE))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    if files.is_empty() {
        let names: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
        bail!("no export files (*.txt) in {}", names.join(", "));
    }
    Ok(files)
}

/// Parses every file; returns the issues with their file names, and every error found (file:line
/// each). Repairs are reported on stderr as notes.
pub fn parse_all(files: &[PathBuf], bar: &ProgressBar) -> (Vec<(Issue, String)>, Vec<String>) {
    let mut issues: Vec<(Issue, String)> = Vec::new();
    let mut errors = Vec::new();
    for path in files {
        let name = path.display().to_string();
        match std::fs::read(path) {
            Err(e) => errors.push(format!("{name}: {e}")),
            Ok(bytes) => match parse_export(&bytes, &name) {
                Err(e) => errors.push(e.to_string()),
                Ok(issue) => {
                    for repair in bulletin_search::parse::repairs(&bytes) {
                        bar.suspend(|| eprintln!("{name}: note: {repair}"));
                    }
                    if let Some((_, other)) = issues.iter().find(|(i, _)| i.number == issue.number) {
                        errors.push(format!("{name}: issue {} is also in {other}", issue.number));
                    } else {
                        issues.push((issue, name));
                    }
                }
            },
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    (issues, errors)
}

/// Parses every input, or prints every error and fails, naming what was not written.
pub fn parse_inputs(inputs: &[PathBuf], out: &Path, quiet: bool) -> Result<Vec<(Issue, String)>> {
    let files = export_files(inputs)?;
    let (issues, errors) = parse_all(&files, &progress::bar("parsing", files.len(), quiet));
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("{e}");
        }
        bail!("nothing was written to {}: fix the exports above", out.display());
    }
    Ok(issues)
}
