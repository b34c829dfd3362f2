//! Doc blocks (kind 3): the stored documents, as a page of hits displays them.
//!
//! ```text
//! doc_count varint, then doc_count × { title str | body str | section_id varint | ordinal varint }
//! ```
//!
//! Issue, date and section names come from the manifest; the body keeps its paragraphs
//! separated by `\n\n`, as displayed. The builder writes one document per block (a page of
//! hits then fetches just its items) until a segment would have more than
//! [`crate::builder::MAX_DOC_BLOCKS`] blocks, then as few per block as keep it within that.

use super::container::{Container, FileKind};
use crate::bytes::{put_str, put_varint, Reader};
use crate::error::{Error, Result};

/// One document as stored for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDoc {
    /// The headline.
    pub title: String,
    /// The body, paragraphs separated by `\n\n`.
    pub body: String,
    /// Section id (manifest).
    pub section: u32,
    /// 1-based ordinal of the item within its issue.
    pub ordinal: u32,
}

/// A loaded doc block.
#[derive(Debug, Clone)]
pub struct DocBlock {
    /// Doc id of the first document.
    pub first_doc: u32,
    /// The documents, consecutive from `first_doc`.
    pub docs: Vec<StoredDoc>,
}

impl DocBlock {
    /// Encodes documents as a doc block file.
    pub fn write(docs: &[StoredDoc]) -> Vec<u8> {
        let mut b = Vec::new();
        put_varint(&mut b, docs.len() as u64);
        for d in docs {
            put_str(&mut b, &d.title);
            put_str(&mut b, &d.body);
            put_varint(&mut b, u64::from(d.section));
            put_varint(&mut b, u64::from(d.ordinal));
        }
        Container::write(FileKind::DocBlock, &b)
    }

    /// Reads and validates a doc block file whose first document is `first_doc`.
    pub fn from_bytes(file: &str, bytes: &[u8], first_doc: u32) -> Result<DocBlock> {
        let body = Container::read(file, FileKind::DocBlock, bytes)?;
        let bad = || Error::corrupt(file, "bad document record");
        let mut r = Reader::new(body);
        let n = r.count(4).ok_or_else(bad)?;
        let mut docs = Vec::with_capacity(n);
        for _ in 0..n {
            let title = r.str().ok_or_else(bad)?.to_string();
            let body = r.str().ok_or_else(bad)?.to_string();
            let section = r.varint32().ok_or_else(bad)?;
            let ordinal = r.varint32().ok_or_else(bad)?;
            docs.push(StoredDoc { title, body, section, ordinal });
        }
        if !r.is_empty() {
            return Err(bad());
        }
        Ok(DocBlock { first_doc, docs })
    }

    /// The stored document `doc`, if this block holds it.
    pub fn get(&self, doc: u32) -> Option<&StoredDoc> {
        self.docs.get(doc.checked_sub(self.first_doc)? as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::HEADER_LEN;

    #[test]
    fn doc_block_round_trips() {
        let docs =
            vec![StoredDoc { title: "标题".into(), body: "正文\n\n第二段".into(), section: 1, ordinal: 3 }];
        let bytes = DocBlock::write(&docs);
        let block = DocBlock::from_bytes("d.bin", &bytes, 5).unwrap();
        assert_eq!(block.get(5), Some(&docs[0]));
        assert_eq!(block.get(4), None);
        for cut in HEADER_LEN..bytes.len() {
            let mut short = bytes[..cut].to_vec();
            short[8..12].copy_from_slice(&((cut - HEADER_LEN) as u32).to_le_bytes());
            Container::set_tag(&mut short, 0);
            assert!(matches!(DocBlock::from_bytes("d.bin", &short, 5), Err(Error::Corrupt { .. })), "cut at {cut}");
        }
    }
}
