//! [`IndexBuilder`]: from parsed issues to the bytes of every index file (native only: it runs
//! jieba). Writes nothing itself; the CLI decides where the bytes go.

use crate::analysis::{self, encode_norm, index_terms, units, UnitKind, BODY_BASE, TAG_WORD};
use crate::error::{Error, Result};
use crate::format::{
    write_postings, write_word_postings, DocBlock, FileRef, IssueEntry, Manifest, Posting, StoredDoc, TermShard,
    WordPosting, MANIFEST_NAME,
};
use crate::model::Issue;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// Postings bytes after which a term shard is closed (before compression on the wire).
pub const TERM_SHARD_TARGET: usize = 16 * 1024;
/// Stored text bytes after which a doc block is closed.
pub const DOC_BLOCK_TARGET: usize = 32 * 1024;

/// Collects issues and turns them into index files.
pub struct IndexBuilder {
    issues: BTreeMap<u32, Issue>,
    jieba: jieba_rs::Jieba,
}

/// What [`IndexBuilder::build`] produces.
#[derive(Debug, Clone)]
pub struct BuildOutput {
    /// `(file name, bytes)` of every file; the manifest comes last, so writing in order publishes
    /// atomically once the manifest is renamed into place.
    pub files: Vec<(String, Vec<u8>)>,
    /// Counts for the build summary.
    pub stats: BuildStats,
}

/// Counts for the build summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BuildStats {
    /// Issues indexed.
    pub issues: usize,
    /// Items (documents) indexed.
    pub items: usize,
    /// Distinct terms in the dictionary.
    pub terms: usize,
    /// Total bytes of all files.
    pub bytes: usize,
}

impl Default for IndexBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl IndexBuilder {
    /// A builder with jieba's default dictionary loaded.
    pub fn new() -> Self {
        IndexBuilder { issues: BTreeMap::new(), jieba: jieba_rs::Jieba::new() }
    }

    /// Adds a parsed issue. `file` names its source for the duplicate-number error.
    pub fn add_issue(&mut self, issue: Issue, file: &str) -> Result<()> {
        if self.issues.contains_key(&issue.number) {
            return Err(Error::Parse {
                file: file.to_string(),
                line: 0,
                message: format!("issue {} is already present in another input file", issue.number),
            });
        }
        self.issues.insert(issue.number, issue);
        Ok(())
    }

    fn words(&self, text: &str) -> Vec<String> {
        // Fold exactly as the analyzer does, so a word key equals what a query run folds to.
        let folded: String = units(text)
            .into_iter()
            .map(|u| match u.kind {
                UnitKind::Cjk(c) => c.to_string(),
                UnitKind::Word(_) => " ".to_string(),
            })
            .collect::<Vec<_>>()
            .join("");
        self.jieba
            .cut_for_search(&folded, true)
            .into_iter()
            .map(|t| t.word)
            .filter(|w| w.chars().count() >= 2 && w.chars().all(analysis::is_cjk))
            .map(str::to_string)
            .collect()
    }

    /// Builds every file of the index. Deterministic: the same issues give the same bytes.
    pub fn build(&self) -> BuildOutput {
        let mut sections: Vec<String> = Vec::new();
        let mut issue_entries = Vec::new();
        let mut positional: BTreeMap<Vec<u8>, Vec<Posting>> = BTreeMap::new();
        let mut word_postings: BTreeMap<Vec<u8>, Vec<WordPosting>> = BTreeMap::new();
        let mut stored = Vec::new();
        let (mut title_total, mut body_total) = (0u64, 0u64);
        let mut doc: u32 = 0;

        for issue in self.issues.values() {
            let mut entry =
                IssueEntry { number: issue.number, date_days: issue.date.days(), first_doc: doc, runs: Vec::new() };
            for item in &issue.items {
                let section = match sections.iter().position(|s| *s == item.section) {
                    Some(i) => i as u32,
                    None => {
                        sections.push(item.section.clone());
                        (sections.len() - 1) as u32
                    }
                };
                match entry.runs.last_mut() {
                    Some((s, n)) if *s == section => *n += 1,
                    _ => entry.runs.push((section, 1)),
                }
                let body = item.body_text();
                let title_units = units(&item.headline);
                let body_units = units(&body);
                title_total += title_units.len().min(BODY_BASE as usize) as u64;
                body_total += body_units.len() as u64;
                let norm = encode_norm(body_units.len() as u32);

                let mut doc_terms: HashMap<Vec<u8>, Vec<u32>> = HashMap::new();
                index_terms(&title_units, 0, BODY_BASE, |k, p| doc_terms.entry(k).or_default().push(p));
                index_terms(&body_units, BODY_BASE, u32::MAX, |k, p| doc_terms.entry(k).or_default().push(p));
                for (key, mut positions) in doc_terms {
                    positions.sort_unstable();
                    positions.dedup();
                    positional.entry(key).or_default().push(Posting { doc, norm, positions });
                }

                let mut tfs: HashMap<String, (u32, u32)> = HashMap::new();
                for w in self.words(&item.headline) {
                    tfs.entry(w).or_default().0 += 1;
                }
                for w in self.words(&body) {
                    tfs.entry(w).or_default().1 += 1;
                }
                for (w, (title_tf, body_tf)) in tfs {
                    let mut key = vec![TAG_WORD];
                    key.extend_from_slice(w.as_bytes());
                    word_postings.entry(key).or_default().push(WordPosting { doc, title_tf, body_tf });
                }

                stored.push(StoredDoc { title: item.headline.clone(), body, section, ordinal: item.ordinal });
                doc += 1;
            }
            issue_entries.push(entry);
        }
        // Postings were pushed doc by doc, but HashMap iteration order differs per doc: sort.
        for p in positional.values_mut() {
            p.sort_by_key(|p| p.doc);
        }
        for p in word_postings.values_mut() {
            p.sort_by_key(|p| p.doc);
        }

        let mut encoded: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
        for (k, p) in &positional {
            let mut b = Vec::new();
            write_postings(&mut b, p);
            encoded.insert(k.clone(), b);
        }
        for (k, p) in &word_postings {
            let mut b = Vec::new();
            write_word_postings(&mut b, p);
            encoded.insert(k.clone(), b);
        }
        let term_count = encoded.len();

        let mut files = Vec::new();
        let mut term_shards = Vec::new();
        let mut current: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
        let mut current_bytes = 0;
        let flush = |current: &mut Vec<(Vec<u8>, Vec<u8>)>,
                     files: &mut Vec<(String, Vec<u8>)>,
                     shards: &mut Vec<(Vec<u8>, FileRef)>| {
            if current.is_empty() {
                return;
            }
            let first_key = if shards.is_empty() { Vec::new() } else { current[0].0.clone() };
            let bytes = TermShard::write(current);
            let name = content_name("t", &bytes);
            shards.push((first_key, FileRef::of(name.clone(), &bytes)));
            files.push((name, bytes));
            current.clear();
        };
        for (k, p) in encoded {
            current_bytes += k.len() + p.len();
            current.push((k, p));
            if current_bytes >= TERM_SHARD_TARGET {
                flush(&mut current, &mut files, &mut term_shards);
                current_bytes = 0;
            }
        }
        flush(&mut current, &mut files, &mut term_shards);

        let mut doc_blocks = Vec::new();
        let mut start = 0usize;
        while start < stored.len() {
            let mut end = start;
            let mut size = 0;
            while end < stored.len() && (end == start || size < DOC_BLOCK_TARGET) {
                size += stored[end].title.len() + stored[end].body.len();
                end += 1;
            }
            let bytes = DocBlock::write(&stored[start..end]);
            let name = content_name("d", &bytes);
            doc_blocks.push((start as u32, FileRef::of(name.clone(), &bytes)));
            files.push((name, bytes));
            start = end;
        }

        let mut hasher = Sha256::new();
        for (_, bytes) in &files {
            hasher.update(bytes);
        }
        let digest = hasher.finalize();
        let mut id = [0u8; 8];
        id.copy_from_slice(&digest[..8]);
        let n = f64::from(doc.max(1));
        let manifest = Manifest {
            build_id: u64::from_le_bytes(id),
            doc_count: doc,
            avg_title_len: (title_total as f64 / n) as f32,
            avg_body_len: (body_total as f64 / n) as f32,
            sections,
            issues: issue_entries,
            term_shards,
            doc_blocks,
        };
        files.push((MANIFEST_NAME.to_string(), manifest.to_bytes()));
        let stats = BuildStats {
            issues: self.issues.len(),
            items: doc as usize,
            terms: term_count,
            bytes: files.iter().map(|(_, b)| b.len()).sum(),
        };
        BuildOutput { files, stats }
    }
}

/// `<prefix>-<first 16 hex digits of SHA-256>.bin`.
fn content_name(prefix: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}-{hex}.bin")
}
