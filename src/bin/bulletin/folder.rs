//! The index folder on disk: every file is written under a temporary name and renamed, so a
//! reader finds it absent or whole; packed as it is written (see `bulletin_search::format`).

use crate::progress;
use anyhow::{Context, Result};
use bulletin_search::format::{self, HISTORY_NAME, MANIFEST_NAME};
use bulletin_search::{par, publish};
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file in the same folder.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&tmp, bytes).with_context(|| format!("{}: cannot write", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("{}: cannot rename", path.display()))
}

/// Writes index files into `out`, packed. Files are content-named: with `trust_existing`, one
/// already there is taken to be the same file and left alone. Packing (gzip) is most of the time
/// a full build spends here, so batches of files are packed on every core. Returns how many files
/// it wrote.
pub fn write_files(out: &Path, files: &[(String, Vec<u8>)], trust_existing: bool, quiet: bool) -> Result<usize> {
    std::fs::create_dir_all(out).with_context(|| format!("{}: cannot create", out.display()))?;
    let todo: Vec<&(String, Vec<u8>)> =
        files.iter().filter(|(name, _)| !(trust_existing && out.join(name).is_file())).collect();
    let bar = progress::bar("writing", todo.len(), quiet);
    for batch in todo.chunks(64 * par::threads()) {
        let packed = par::map(batch.to_vec(), |(_, bytes)| format::pack(bytes));
        for ((name, _), bytes) in batch.iter().zip(packed) {
            write_file(&out.join(name), &bytes)?;
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    Ok(todo.len())
}

/// Publishes a build whose files [`write_files`] wrote, given its manifest packed: the manifest's
/// copy first, then the history, then `manifest.bin` by rename, so a visitor sees the old index or
/// the new one, never a mix. Nothing is removed; `bulletin gc` removes what no recent build names.
pub fn publish_manifest(out: &Path, manifest: &[u8]) -> Result<()> {
    let copy = format::manifest_copy_name(manifest);
    write_file(&out.join(&copy), manifest)?;
    let mut history = read_history(out)?;
    publish::record(&mut history, &copy);
    write_history(out, &history)?;
    write_file(&out.join(MANIFEST_NAME), manifest)
}

/// The history of the index folder `dir` (empty when it has none).
pub fn read_history(dir: &Path) -> Result<Vec<String>> {
    match std::fs::read_to_string(dir.join(HISTORY_NAME)) {
        Ok(text) => Ok(format::parse_history(&text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e).with_context(|| format!("{}: cannot read", dir.join(HISTORY_NAME).display())),
    }
}

pub fn write_history(dir: &Path, history: &[String]) -> Result<()> {
    write_file(&dir.join(HISTORY_NAME), format::history_text(history).as_bytes())
}

/// The names of the files in `dir`.
pub fn file_names(dir: &Path) -> Result<Vec<String>> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("{}: cannot read directory", dir.display()))?;
    Ok(entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
}
