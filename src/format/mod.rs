//! The index format: every byte the builder writes and the engine reads is defined here, once,
//! writer and reader side by side, each structure's layout in the docs of its module.
//!
//! Numbers are little-endian unless noted; `varint` is unsigned LEB128; `zigzag` is a signed
//! varint (0, -1, 1, -2 → 0, 1, 2, 3); `str` and `bytes` are a varint length followed by that
//! many bytes (UTF-8 for `str`).
//!
//! # Files
//!
//! An index is a folder: one small root file with a fixed name, [`MANIFEST_NAME`], and the files
//! of its segments (below), named `<t|d|k>-<segment id, 16 hex digits>-<n>.bin` ([`FileRef`]):
//! term shard, doc block or key page `n` of the segment. A segment's id is a hash (CRC-64/XZ) of
//! all its files, so the names are content-addressed: a CDN can cache a file forever, and a new
//! build never overwrites a file an old manifest names. The manifest stores 8 bytes per segment,
//! not per file.
//!
//! Every file is a [`Container`] of one [`FileKind`], which gives both the kind byte in its header
//! and the first letter of its name; on disk and on the wire it is packed (gzip).
//!
//! ```text
//! manifest.bin     Manifest   issues, sections, segments; the first key of each shard or page
//! k-<id>-<p>.bin   KeyPage    the first keys of PAGE_SHARDS shards
//! t-<id>-<i>.bin   TermShard  an FST of term keys; postings, word lists, counts
//! d-<id>-<j>.bin   DocBlock   stored documents
//! ```
//!
//! # Segments
//!
//! The term dictionary is split by documents into segments, each a complete dictionary (its own
//! term shards) of a contiguous range of issues: a *base* of the oldest issues, a whole multiple
//! of [`SEGMENT_ISSUES`], and a *tail* of the rest (see [`base_issue_count`]). A term's postings
//! are the concatenation of its postings in each segment, in segment order (doc ids are global
//! and ascending across segments); statistics that count documents (a word list's `doc_count`)
//! add up across segments. Publishing a new issue rewrites only the tail: the base's shards keep
//! their names, so a build reuses them and a CDN keeps serving them from cache. An index of
//! fewer than [`SEGMENT_ISSUES`] issues has one segment.
//!
//! Documents are numbered `0..doc_count` in issue order, items in their order within an issue, so
//! an issue is a contiguous doc range and its sections are runs inside it: the manifest answers
//! "which issue, date and section is doc d" with no per-document table.
//!
//! # Where each structure is defined
//!
//! | module | bytes |
//! |---|---|
//! | [`container`] | the header of every file (magic, [`VERSION`], kind, tag, CRC-32), [`FileKind`], file names and tags ([`FileRef`]), packing |
//! | [`manifest`] | the manifest (kind 1) and key pages (kind 4) |
//! | [`shard`] | term shards (kind 2): the FST, positional postings, word postings, character counts, word lists |
//! | [`block`] | doc blocks (kind 3) |
//! | [`terms`] | term keys (a tag byte per kind of term), positions, the norm byte |
//! | `cache` | the publisher's files outside the index (with the `build` feature): the builder's cache entries, manifest copies `m-<hash>.bin` and `history.txt` |

pub mod block;
#[cfg(feature = "build")]
pub mod cache;
pub mod container;
pub mod manifest;
pub mod shard;
pub mod terms;

pub use block::{DocBlock, StoredDoc};
#[cfg(feature = "build")]
pub use cache::{history_text, manifest_copy_name, parse_history, HISTORY_NAME};
pub use container::{file_tag, is_packed, Container, FileKind, FileRef, HEADER_LEN, MAGIC, MAX_UNPACKED, VERSION};
#[cfg(feature = "build")]
pub use container::{pack, unpack};
pub use manifest::{
    base_issue_count, page_count, IssueEntry, KeyPage, Manifest, SegmentRef, MANIFEST_NAME, MAX_SEGMENTS, MAX_SHARDS,
    PAGE_SHARDS, SEGMENT_ISSUES,
};
pub use shard::{
    write_char_postings, write_postings, write_word_list, write_word_postings, CharPosting, ListedWord, Posting,
    PostingList, PostingRows, TermShard, WordPosting, MAX_KEY_BYTES_PER_BYTE,
};
pub use terms::{
    char_key, compound_key, decode_norm, encode_norm, gram_char_key, gram_key, initials_key, pinyin_key, starts_key,
    tagged_key, token_key, word_key, BODY_BASE, TAG_ALIAS, TAG_CHAR, TAG_COMPOUND, TAG_GRAM, TAG_INITIALS, TAG_PINYIN,
    TAG_STARTS, TAG_TOKEN, TAG_WORD,
};
