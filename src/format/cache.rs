//! The publisher's files that are not index files: the builder's cache entries, and the copies
//! of published manifests with their history. The engine never reads them; the CLI keeps them
//! next to the index ([`HISTORY_NAME`], `m-<hash>.bin`) and in its cache folder.
//!
//! # Analyzed issue (cache entry `a-<hash>.bin`)
//!
//! ```text
//! magic "BSAI" | number varint | date_days varint (0 before 1970) | varint n × Item
//!   Item:  section str | ordinal varint | title str | body str | title_len varint | body_len varint
//!          | varint t × Term | varint w × Word (segmenter words) | varint c × Word (compounds)
//!   Term:  key bytes | varint m × position_delta varint          positions ascending, the first
//!                                                                 as is
//!   Word:  word str | title_tf varint | body_tf varint
//! ```
//!
//! # Base segment (cache entry `s-<hash>.bin`)
//!
//! ```text
//! magic "BSSG" | title_total varint | body_total varint | terms varint | bytes varint | manifest
//! ```
//!
//! `manifest` is the segment as a manifest file of its own (a base is an index of its issues),
//! every shard key in it ([`Manifest::to_bytes_with_keys`]).
//!
//! Neither has a version: a cache keys its entries by the program that wrote them (and a base
//! segment by the builder's [`crate::builder::LAYOUT`]), and a reader takes anything else as
//! absent, so the caller analyzes or builds again.
//!
//! # Manifest copies and the history
//!
//! A published manifest is also stored under a content name, `m-<16 hex digits of SHA-256 of the
//! packed file>.bin` ([`manifest_copy_name`]), and [`HISTORY_NAME`] lists those names, oldest
//! first, one per line: what a visitor of an earlier build still needs, and what `gc` keeps.

use super::manifest::Manifest;
use super::FileKind;
use crate::builder::{assemble, AnalyzedIssue, AnalyzedItem, Segment};
use crate::bytes::{put_bytes, put_str, put_varint, Reader};
use sha2::{Digest, Sha256};

/// Magic bytes of a cached [`AnalyzedIssue`].
const ANALYZED_MAGIC: &[u8; 4] = b"BSAI";

impl AnalyzedIssue {
    /// The bytes a cache keeps (see the module docs). Not an index file: a cache must key it by
    /// the program that wrote it.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = ANALYZED_MAGIC.to_vec();
        put_varint(&mut b, u64::from(self.number));
        put_varint(&mut b, self.date_days.max(0) as u64);
        put_varint(&mut b, self.items.len() as u64);
        for it in &self.items {
            put_str(&mut b, &it.section);
            put_varint(&mut b, u64::from(it.ordinal));
            put_str(&mut b, &it.title);
            put_str(&mut b, &it.body);
            put_varint(&mut b, u64::from(it.title_len));
            put_varint(&mut b, u64::from(it.body_len));
            put_varint(&mut b, it.terms.len() as u64);
            for (key, positions) in &it.terms {
                put_bytes(&mut b, key);
                put_varint(&mut b, positions.len() as u64);
                let mut last = 0;
                for &p in positions {
                    put_varint(&mut b, u64::from(p - last));
                    last = p;
                }
            }
            for list in [&it.words, &it.compounds] {
                put_varint(&mut b, list.len() as u64);
                for (w, t, bt) in list {
                    put_str(&mut b, w);
                    put_varint(&mut b, u64::from(*t));
                    put_varint(&mut b, u64::from(*bt));
                }
            }
        }
        b
    }

    /// Reads [`AnalyzedIssue::to_bytes`]; `None` for anything else (the caller analyzes again).
    pub fn from_bytes(bytes: &[u8]) -> Option<AnalyzedIssue> {
        let mut r = Reader::new(bytes);
        if r.take(4)? != ANALYZED_MAGIC {
            return None;
        }
        let number = r.varint32()?;
        let date_days = i32::try_from(r.varint32()?).ok()?;
        let n = r.count(1)?;
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            let section = r.str()?.to_string();
            let ordinal = r.varint32()?;
            let title = r.str()?.to_string();
            let body = r.str()?.to_string();
            let title_len = r.varint32()?;
            let body_len = r.varint32()?;
            let m = r.count(2)?;
            let mut terms = Vec::with_capacity(m);
            for _ in 0..m {
                let key = r.bytes()?.to_vec();
                let k = r.count(1)?;
                let mut positions = Vec::with_capacity(k);
                let mut pos = 0u32;
                for _ in 0..k {
                    pos = pos.checked_add(r.varint32()?)?;
                    positions.push(pos);
                }
                terms.push((key, positions));
            }
            let mut lists = [Vec::new(), Vec::new()];
            for list in &mut lists {
                let m = r.count(3)?;
                for _ in 0..m {
                    list.push((r.str()?.to_string(), r.varint32()?, r.varint32()?));
                }
            }
            let [words, compounds] = lists;
            items.push(AnalyzedItem { section, ordinal, title, body, title_len, body_len, terms, words, compounds });
        }
        r.is_empty().then_some(AnalyzedIssue { number, date_days, items })
    }
}

/// Magic bytes of a cached base [`Segment`].
const SEGMENT_MAGIC: &[u8; 4] = b"BSSG";

impl Segment {
    /// The bytes a cache keeps of a base segment (one that starts at doc 0; see the module docs).
    /// Not an index file.
    pub fn to_cache_bytes(&self) -> Option<Vec<u8>> {
        if self.first_doc != 0 {
            return None;
        }
        let mut b = SEGMENT_MAGIC.to_vec();
        for n in [self.title_total, self.body_total, self.terms as u64, self.bytes as u64] {
            put_varint(&mut b, n);
        }
        b.extend_from_slice(&assemble(std::slice::from_ref(self)).to_bytes_with_keys());
        Some(b)
    }

    /// Reads [`Segment::to_cache_bytes`]; `None` for anything else (the caller builds again).
    pub fn from_cache_bytes(bytes: &[u8]) -> Option<Segment> {
        let mut r = Reader::new(bytes);
        if r.take(4)? != SEGMENT_MAGIC {
            return None;
        }
        let (title_total, body_total) = (r.varint()?, r.varint()?);
        let terms = usize::try_from(r.varint()?).ok()?;
        let bytes = usize::try_from(r.varint()?).ok()?;
        let m = Manifest::from_bytes("segment", r.rest()).ok()?;
        let [segment] = m.segments[..] else { return None };
        Some(Segment {
            id: segment.id,
            first_doc: 0,
            doc_count: m.doc_count,
            title_total,
            body_total,
            sections: m.sections,
            issues: m.issues,
            term_shards: m.term_shards,
            doc_blocks: m.doc_blocks,
            key_pages: m.key_pages.iter().map(|p| p.file).collect(),
            terms,
            bytes,
        })
    }
}

/// The publish history in an index folder: the names of the manifest copies of past builds,
/// oldest first, one per line.
pub const HISTORY_NAME: &str = "history.txt";

/// The name of the copy of a manifest, from its bytes as stored (packed):
/// `m-<16 hex digits of SHA-256>.bin`.
pub fn manifest_copy_name(stored: &[u8]) -> String {
    let hex: String = Sha256::digest(stored)[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{hex}.bin", FileKind::Manifest.prefix())
}

/// The history in the text of [`HISTORY_NAME`] (blank lines and surrounding spaces ignored).
pub fn parse_history(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// The text of [`HISTORY_NAME`] for a history.
pub fn history_text(history: &[String]) -> String {
    history.iter().map(|copy| format!("{copy}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyzed_0431() -> AnalyzedIssue {
        let export = include_bytes!("../../bulletins/0431.txt");
        crate::IndexBuilder::new().analyze(&crate::parse_export(export, "0431.txt").unwrap())
    }

    #[test]
    fn analyzed_issues_round_trip() {
        let analyzed = analyzed_0431();
        let bytes = analyzed.to_bytes();
        assert_eq!(AnalyzedIssue::from_bytes(&bytes), Some(analyzed));
        assert_eq!(AnalyzedIssue::from_bytes(&bytes[..bytes.len() - 1]), None);
        assert_eq!(AnalyzedIssue::from_bytes(b"other"), None);
    }

    #[test]
    fn base_segments_round_trip_and_only_they_are_cached() {
        let analyzed = analyzed_0431();
        let (base, _) = crate::builder::build_segment([&analyzed], None);
        let bytes = base.to_cache_bytes().unwrap();
        assert_eq!(Segment::from_cache_bytes(&bytes), Some(base.clone()));
        assert_eq!(Segment::from_cache_bytes(&bytes[..bytes.len() - 1]), None);
        assert_eq!(Segment::from_cache_bytes(&analyzed.to_bytes()), None);
        let (tail, _) = crate::builder::build_segment([&analyzed_0431()], Some(&base));
        assert_eq!(tail.to_cache_bytes(), None, "a tail does not start at doc 0");
    }

    #[test]
    fn the_history_is_one_copy_name_a_line() {
        let history = parse_history("m-1.bin\n\n  m-2.bin \n");
        assert_eq!(history, ["m-1.bin", "m-2.bin"]);
        assert_eq!(history_text(&history), "m-1.bin\nm-2.bin\n");
        assert_eq!(parse_history(&history_text(&history)), history);
        let name = manifest_copy_name(b"manifest");
        assert!(name.starts_with("m-") && name.ends_with(".bin") && name.len() == 22, "{name}");
    }
}
