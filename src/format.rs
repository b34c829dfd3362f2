//! The index format: every byte the builder writes and the engine reads is defined here, once.
//!
//! Numbers are little-endian unless noted; `varint` is unsigned LEB128; `str` and `bytes` are a
//! varint length followed by that many bytes (UTF-8 for `str`).
//!
//! # Files
//!
//! An index is a folder: one small root file with a fixed name, [`MANIFEST_NAME`], and the files
//! of its segments (below), named `<t|d|k>-<segment id, 16 hex digits>-<n>.bin`: term shard, doc
//! block or key page `n` of the segment. A segment's id is a hash (CRC-64/XZ) of all its files, so the names
//! are content-addressed: a CDN can cache a file forever, and a new build never overwrites a
//! file an old manifest names. The manifest stores 8 bytes per segment, not per file.
//!
//! Every file is a [`Container`]:
//!
//! ```text
//! +--------+---------+------+----------+-----------+-------------+---------+----------------+
//! | magic  | version | kind | reserved | body_len  | crc32       | tag     | body           |
//! | 4: BSIX| u16     | u8   | u8 = 0   | u32       | u32 (IEEE)  | u64     | body_len bytes |
//! +--------+---------+------+----------+-----------+-------------+---------+----------------+
//!   0        4         6      7          8           12            16        24
//! ```
//!
//! `crc32` covers tag and body. A reader checks magic, version, kind, length and checksum before
//! it parses anything, and the
//! file's tag against the one its name in the manifest implies ([`file_tag`]: a hash of segment
//! id, kind and `n`), so a file of another build, or another file of this one, is refused even
//! when it is intact ([`crate::Error::Mismatch`]). The manifest's tag is 0.
//!
//! On disk and on the wire, every file is *packed*: the container is stored as one gzip member
//! (RFC 1952, no file name, mtime 0, so a build is byte-identical), because static hosts serve
//! `.bin` files without compression. Segment ids hash the unpacked containers. A reader unpacks
//! a file that starts with the gzip magic ([`is_packed`]) and takes any other as a container,
//! so a host that decodes gzip itself, or an index whose manifest is stored as is (the first
//! builds of this version), still reads. The browser unpacks with its `DecompressionStream`, the
//! CLI with [`unpack`].
//!
//! # Manifest body (kind 1)
//!
//! ```text
//! build_id       u64        hash of the rest of the manifest: identifies the build
//! doc_count      varint
//! avg_title_len  u32        f32 bits, mean title length in units
//! avg_body_len   u32        f32 bits, mean body length in units
//! sections       varint n, then n × str                     section names; ids are indices
//! issues         varint n, then n × Issue                    in document order
//!   Issue:       number_delta zigzag | date_delta zigzag | runs varint m,
//!                then m × (section_id varint, doc_count varint)
//! segments       varint s, then s × Segment                   oldest documents first
//!   Segment:     id u64 | shard_count varint | varint k, then k × ShardKey
//!                | varint m, then m × BlockStart
//!   ShardKey:    shared varint | suffix bytes                the first key of shard i: the
//!                                                            previous one's first shared bytes
//!                                                            + suffix (the first: empty + suffix)
//!   BlockStart:  first_doc_delta varint                      first doc of block j minus the
//!                                                            previous block's (of any segment)
//! ```
//!
//! `zigzag` is a signed varint (0, -1, 1, -2 → 0, 1, 2, 3). An issue's number and date (days
//! since 1970-01-01) are stored as the difference from the previous issue's (the first issue's
//! from 0): consecutive weekly issues cost a byte each, where absolute values cost 5 and packed
//! badly (the issue list of 4,000 issues: 25.7 KB packed in version 5, 0.2 KB in version 6). Its
//! first document is not stored: issues tile the documents in order, so it is the sum of the
//! runs before it.
//!
//! Shard `i` of segment `id` is the file `t-<id>-<i>.bin`, block `j` is `d-<id>-<j>.bin`.
//!
//! A segment of more than [`PAGE_SHARDS`] shards keeps its shard keys in *key pages*, the files
//! `k-<id>-<p>.bin`, each the keys of [`PAGE_SHARDS`] consecutive shards (the last page the rest);
//! the manifest then stores the first key of each page (`k` = the number of pages), and a lookup
//! fetches the pages of its key range first. Otherwise (and in the builder's cache) `k` =
//! `shard_count` and every key is in the manifest. At 100,000 items the keys of 14,850 shards
//! were 48 KB of the 49 KB manifest, fetched by every first query, which needs a few of them. A
//! shard key need not be a term: the builder stores the shortest prefix of the shard's first term
//! that is above the previous shard's last term. At 10,000 items (1,461 shards, 2,908 blocks of
//! 4 KiB) the manifest was about 19 KB; with a CRC-64 per file (the first cut of this version)
//! 42,776 bytes, with names, lengths and CRC-32s per file (format version 2) 108,463. Packed,
//! with a block per document, shorter keys and 12 KiB shards (1,941 shards, 10,000 blocks), it was
//! 10,924 bytes; with the issue list as deltas (version 6), 8,148; with key pages and 3 KiB shards
//! (7,385 shards in 116 pages), 914; with character terms (version 7: 8,319 shards in 130 pages),
//! 942. At 100,000 items (55,453 shards in 867 pages) it is 5,136.
//!
//! Documents are numbered `0..doc_count` in issue order, items in their order within an issue, so
//! an issue is a contiguous doc range and its sections are runs inside it: the manifest answers
//! "which issue, date and section is doc d" with no per-document table.
//!
//! # Key page body (kind 4)
//!
//! ```text
//! varint n, then n × ShardKey        the keys of the page's shards, coded as in the manifest
//! ```
//!
//! The first key must be the one the manifest stores for the page, and the last below the next
//! page's: a page cannot reorder the dictionary.
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
//! # Term shard body (kind 2)
//!
//! ```text
//! fst_len varint | fst (fst::Map: term key -> offset into postings) | postings
//! ```
//!
//! A shard holds every term in `[first_key, next shard's first_key)`. Term keys carry a tag
//! byte (see [`crate::analysis`]); in key order the tags are `a` (names of alias groups), `c` (CJK
//! characters), `g` (CJK grams), `i` (pinyin initials), `k` (the `w` words that are compounds,
//! with an empty word list), `p` (pinyin), `s` (the words that start with a character), `t`
//! (Latin tokens), `w` (segmenter words), so each kind is one key range and a lookup of one kind
//! fetches only the shards of that range.
//! Postings of positional terms (`g`, `t`):
//!
//! ```text
//! doc_count varint | doc_delta varint × doc_count | norm u8 × doc_count
//! | pos_count varint × doc_count | pos_delta varint × (sum of pos_count)
//! ```
//!
//! `doc_delta` is the doc id minus the previous one (the first is the id itself), `norm` the
//! doc's body length quantized by [`crate::analysis::encode_norm`], positions ascending
//! (title positions `< BODY_BASE`; each document's first is stored as is). Postings are stored
//! by column, each field of every document together: a column's values are alike (small deltas,
//! norms from a few buckets), so a shard packs 14% smaller than with the fields of one document
//! together (version 5). Postings of word terms (`w`):
//!
//! ```text
//! doc_count varint | doc_delta varint × doc_count | title_tf varint × doc_count
//! | body_tf varint × doc_count
//! ```
//!
//! Postings of character terms (`c`), counts with norms (version 7):
//!
//! ```text
//! doc_count varint | doc_delta varint × doc_count | norm u8 × doc_count
//! | title_tf varint × doc_count | body_tf varint × doc_count
//! ```
//!
//! A character's counts in a document are the positions of the `g` grams that start with it
//! (title: positions `< BODY_BASE`). A query word of one character ranks by these counts (its
//! proximity to other words is not scored), so it reads this one list instead of the positional
//! postings of every gram starting with the character: at 100,000 generated items, `国` read 120 shards (585 KB packed)
//! that way and reads one (118 KB) now; the index grew 15% (198 → 228 MB), its build about 10%.
//!
//! The value of a pinyin term (`p`, `i`) is a *word list*: the CJK words (folded, as indexed)
//! that the spelling stands for, most frequent first, each with the number of documents that
//! contain it (for ranking completions without fetching the words' postings). So is the value of
//! an `s` term: the words that start with its character, the most frequent of the segment
//! (version 7):
//!
//! ```text
//! word_count varint, then word_count × { word str | doc_count varint }
//! ```
//!
//! So is the value of an `a` term (a name of an alias group of the synonyms list): the group's
//! other names, as the list writes them, that occur in the segment, each with the documents
//! holding it.
//!
//! # Doc block body (kind 3)
//!
//! ```text
//! doc_count varint, then doc_count × { title str | body str | section_id varint | ordinal varint }
//! ```
//!
//! Issue, date and section names come from the manifest; the body keeps its paragraphs
//! separated by `\n\n`, as displayed. The builder writes one document per block (a page of
//! hits then fetches just its items); the format allows more.

use crate::bytes::{put_bytes, put_signed, put_str, put_u32, put_varint, Reader};
use crate::error::{Error, Result};

/// The four magic bytes at the start of every index file.
pub const MAGIC: [u8; 4] = *b"BSIX";
/// The format version this code writes and reads.
pub const VERSION: u16 = 7;
/// The fixed name of the root file.
pub const MANIFEST_NAME: &str = "manifest.bin";
/// Bytes before a container's body.
pub const HEADER_LEN: usize = 24;
/// The base segment holds a whole multiple of this many issues (see [`base_issue_count`]).
pub const SEGMENT_ISSUES: usize = 16;

/// Most segments a manifest may list: a build writes a base and a tail; the rest is room for a
/// later, finer split (and a bound on what a forged manifest makes a reader check).
pub const MAX_SEGMENTS: usize = 16;

/// Shards per key page: a segment of more shards keeps their keys in pages (see the module docs).
/// A page of 64 keys packs to about 300 bytes; at 100,000 items (53,010 shards of 3 KiB) the
/// manifest keeps 829 keys.
pub const PAGE_SHARDS: usize = 64;

/// How many of `n` issues, ascending by number, form the base segment: the largest multiple of
/// [`SEGMENT_ISSUES`] up to `n`. The rest form the tail, so adding an issue rebuilds the tail
/// only, except once every [`SEGMENT_ISSUES`] issues, when the tail joins the base.
pub fn base_issue_count(n: usize) -> usize {
    n / SEGMENT_ISSUES * SEGMENT_ISSUES
}

/// Whether the bytes of an index file are packed: a gzip member (magic `1f 8b`), not a container
/// (magic `BSIX`).
pub fn is_packed(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Packs a container for writing (see the module docs).
#[cfg(feature = "build")]
pub fn pack(container: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut gz = flate2::GzBuilder::new().mtime(0).write(Vec::new(), flate2::Compression::default());
    // Writing into a Vec cannot fail.
    let _ = gz.write_all(container);
    gz.finish().unwrap_or_default()
}

/// Most bytes an unpacked file may have: more means a damaged (or forged) file, not a shard.
pub const MAX_UNPACKED: u64 = 64 << 20;

/// The container of the index file `name` as read from disk: unpacked if [`is_packed`], else the
/// bytes as they are. A file that does not unpack is [`Error::ChecksumMismatch`].
#[cfg(feature = "build")]
pub fn unpack(name: &str, bytes: Vec<u8>) -> Result<Vec<u8>> {
    use std::io::Read;
    if !is_packed(&bytes) {
        return Ok(bytes);
    }
    let mut out = Vec::new();
    let mut gz = flate2::read::GzDecoder::new(bytes.as_slice()).take(MAX_UNPACKED + 1);
    match gz.read_to_end(&mut out) {
        Ok(n) if n as u64 <= MAX_UNPACKED => Ok(out),
        _ => Err(Error::ChecksumMismatch { file: name.to_string() }),
    }
}

/// What a container holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The root file.
    Manifest = 1,
    /// A range of the term dictionary with its postings.
    TermShard = 2,
    /// A block of consecutive documents.
    DocBlock = 3,
    /// The keys of a run of term shards.
    KeyPage = 4,
}

/// The framing shared by every index file.
pub struct Container;

impl Container {
    /// Frames `body` as a file of `kind`.
    pub fn write(kind: Kind, body: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_LEN + body.len());
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.push(kind as u8);
        out.push(0);
        put_u32(&mut out, body.len() as u32);
        put_u32(&mut out, 0);
        out.extend_from_slice(&[0; 8]);
        out.extend_from_slice(body);
        Container::set_tag(&mut out, 0);
        out
    }

    /// Sets the tag of a container [`Container::write`] made (see the module docs), and its
    /// checksum, which covers tag and body.
    pub fn set_tag(container: &mut [u8], tag: u64) {
        if container.len() < HEADER_LEN {
            return;
        }
        container[16..HEADER_LEN].copy_from_slice(&tag.to_le_bytes());
        let crc = crate::bytes::crc32(&container[16..]);
        container[12..16].copy_from_slice(&crc.to_le_bytes());
    }

    /// The tag of a container (0 if it is too short to have one).
    pub fn tag(container: &[u8]) -> u64 {
        container.get(16..HEADER_LEN).and_then(|b| b.try_into().ok()).map_or(0, u64::from_le_bytes)
    }

    /// Checks the framing of `bytes` (named `file` in errors) and returns the body.
    pub fn read<'a>(file: &str, kind: Kind, bytes: &'a [u8]) -> Result<&'a [u8]> {
        let mut r = Reader::new(bytes);
        if r.take(4) != Some(&MAGIC[..]) {
            return Err(Error::BadMagic { file: file.to_string() });
        }
        let version = r.u16().ok_or_else(|| Error::ChecksumMismatch { file: file.to_string() })?;
        if version != VERSION {
            return Err(Error::Version { file: file.to_string(), expected: VERSION, got: version });
        }
        let (Some(k), Some(reserved), Some(len), Some(crc), Some(_tag)) = (r.u8(), r.u8(), r.u32(), r.u32(), r.u64())
        else {
            return Err(Error::ChecksumMismatch { file: file.to_string() });
        };
        let tagged = &bytes[16..];
        if reserved != 0 {
            return Err(Error::corrupt(file, "reserved header byte is not zero"));
        }
        let body = r.rest();
        if body.len() != len as usize || crate::bytes::crc32(tagged) != crc {
            return Err(Error::ChecksumMismatch { file: file.to_string() });
        }
        if k != kind as u8 {
            return Err(Error::corrupt(file, format!("expected file kind {}, found {k}", kind as u8)));
        }
        Ok(body)
    }
}

/// A reference from the manifest to a term shard or doc block: file `n` of its kind in segment
/// `segment`. Its name and the tag its container must carry follow from these ([`Self::name`],
/// [`Self::tag`]), computed when needed: a manifest of 100,000 items names over 100,000 files, and
/// opening it should not spell out every name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileRef {
    /// [`FileRef::TERM_SHARD`], [`FileRef::DOC_BLOCK`] or [`FileRef::KEY_PAGE`].
    pub prefix: char,
    /// The id of the segment the file belongs to.
    pub segment: u64,
    /// The file's position among its segment's files of its kind.
    pub n: u32,
}

/// The tag of file `n` of `prefix` in segment `segment`: what the container of that file, and of
/// no other, carries in its header.
pub fn file_tag(prefix: char, segment: u64, n: u32) -> u64 {
    let mut key = [0u8; 13];
    key[..8].copy_from_slice(&segment.to_le_bytes());
    key[8] = prefix as u8;
    key[9..].copy_from_slice(&n.to_le_bytes());
    crate::bytes::crc64(&key)
}

impl FileRef {
    /// Prefix of term shard names.
    pub const TERM_SHARD: char = 't';
    /// Prefix of doc block names.
    pub const DOC_BLOCK: char = 'd';
    /// Prefix of key page names.
    pub const KEY_PAGE: char = 'k';

    /// The reference to file `n` of `prefix` in segment `segment`.
    pub fn new(prefix: char, segment: u64, n: u32) -> FileRef {
        FileRef { prefix, segment, n }
    }

    /// The file name, relative to the manifest: `<prefix>-<segment id, 16 hex digits>-<n>.bin`.
    pub fn name(&self) -> String {
        format!("{}-{:016x}-{}.bin", self.prefix, self.segment, self.n)
    }

    /// The reference a file name spells, if it spells one.
    pub fn parse(name: &str) -> Option<FileRef> {
        let rest = name.strip_suffix(".bin")?;
        let (prefix, rest) = rest.split_once('-')?;
        let (segment, n) = rest.split_once('-')?;
        let prefix = match prefix {
            "t" => FileRef::TERM_SHARD,
            "d" => FileRef::DOC_BLOCK,
            "k" => FileRef::KEY_PAGE,
            _ => return None,
        };
        let hex = |c: u8| c.is_ascii_digit() || (b'a'..=b'f').contains(&c);
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
        if segment.len() != 16 || !segment.bytes().all(hex) || !digits(n) || (n.len() > 1 && n.starts_with('0')) {
            return None;
        }
        Some(FileRef { prefix, segment: u64::from_str_radix(segment, 16).ok()?, n: n.parse().ok()? })
    }

    /// The tag in the file's header: [`file_tag`] of the name's parts.
    pub fn tag(&self) -> u64 {
        file_tag(self.prefix, self.segment, self.n)
    }

    /// Errors unless `bytes` are the file this reference names.
    pub fn verify(&self, bytes: &[u8]) -> Result<()> {
        let got = Container::tag(bytes);
        if got != self.tag() {
            return Err(Error::Mismatch {
                file: self.name(),
                message: format!("its tag is {got:016x}, this index expects {:016x}", self.tag()),
            });
        }
        Ok(())
    }
}

/// A segment as the manifest lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentRef {
    /// The segment's id (in its files' names and tags).
    pub id: u64,
    /// Its number of term shards.
    pub shards: u32,
    /// Its number of doc blocks.
    pub blocks: u32,
}

/// The key pages of a segment of `shards` term shards (see [`PAGE_SHARDS`]).
pub fn page_count(shards: usize) -> usize {
    if shards > PAGE_SHARDS {
        shards.div_ceil(PAGE_SHARDS)
    } else {
        0
    }
}

/// Most term shards a manifest may name (a million shards of 12 KiB is 12 GiB of postings): a
/// bound on what a forged manifest makes a reader allocate.
pub const MAX_SHARDS: usize = 1 << 20;

/// A key page as the manifest knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPage {
    /// The page file.
    pub file: FileRef,
    /// Its shards, as indices into [`Manifest::term_shards`].
    pub shards: std::ops::Range<usize>,
    /// Whether the keys of its shards are known (the manifest stored them, or the page was
    /// supplied); the key of its first shard always is.
    pub loaded: bool,
}

impl KeyPage {
    /// The key pages of `segments` (whose shards are numbered on from 0), not loaded.
    pub fn of(segments: &[SegmentRef]) -> Vec<KeyPage> {
        let shards = ranges(segments.iter().map(|s| s.shards));
        let pages = segments.iter().zip(shards).flat_map(|(s, shards)| {
            (0..page_count(shards.len())).map(move |p| KeyPage {
                file: FileRef::new(FileRef::KEY_PAGE, s.id, p as u32),
                shards: shards.start + p * PAGE_SHARDS..(shards.start + (p + 1) * PAGE_SHARDS).min(shards.end),
                loaded: false,
            })
        });
        pages.collect()
    }

    /// The page file of `keys` (ascending).
    pub fn write<'k>(keys: impl ExactSizeIterator<Item = &'k [u8]>) -> Vec<u8> {
        let mut b = Vec::new();
        put_keys(&mut b, keys);
        Container::write(Kind::KeyPage, &b)
    }
}

/// Appends the count and the keys (ascending), each as the bytes it shares with the previous one
/// and the rest.
fn put_keys<'k>(out: &mut Vec<u8>, keys: impl ExactSizeIterator<Item = &'k [u8]>) {
    put_varint(out, keys.len() as u64);
    let mut prev: &[u8] = &[];
    for key in keys {
        let shared = prev.iter().zip(key).take_while(|(a, b)| a == b).count();
        put_varint(out, shared as u64);
        put_bytes(out, &key[shared..]);
        prev = key;
    }
}

/// `n` keys written by [`put_keys`] (after its count).
fn read_keys(r: &mut Reader, n: usize) -> Option<Vec<Vec<u8>>> {
    let mut keys: Vec<Vec<u8>> = Vec::with_capacity(n);
    for _ in 0..n {
        let prev = keys.last().map_or(&[][..], Vec::as_slice);
        let shared = usize::try_from(r.varint()?).ok().filter(|&s| s <= prev.len())?;
        let mut key = prev[..shared].to_vec();
        key.extend_from_slice(r.bytes()?);
        keys.push(key);
    }
    Some(keys)
}

/// One issue as the manifest describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueEntry {
    /// Issue number.
    pub number: u32,
    /// Publication date as days since 1970-01-01.
    pub date_days: i32,
    /// First doc id of the issue.
    pub first_doc: u32,
    /// Consecutive runs of documents per section: (section id, doc count).
    pub runs: Vec<(u32, u32)>,
}

/// The root file's content.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// Identifies the build (hash of the shards).
    pub build_id: u64,
    /// Number of documents.
    pub doc_count: u32,
    /// Mean title length in units.
    pub avg_title_len: f32,
    /// Mean body length in units.
    pub avg_body_len: f32,
    /// Section names; a section id indexes this.
    pub sections: Vec<String>,
    /// Issues ascending by first doc.
    pub issues: Vec<IssueEntry>,
    /// Term shards of every segment, each segment's ascending by first key. In a segment with
    /// key pages, a shard's key is empty until its page is supplied ([`Manifest::supply_page`]),
    /// but for the first shard of each page.
    pub term_shards: Vec<(Vec<u8>, FileRef)>,
    /// The key pages of every segment, in segment order (see [`PAGE_SHARDS`]).
    pub key_pages: Vec<KeyPage>,
    /// The segments, in order: segment `i` holds the next `shards` entries of `term_shards` and
    /// the next `blocks` entries of `doc_blocks`.
    pub segments: Vec<SegmentRef>,
    /// Doc blocks of every segment, ascending by first doc.
    pub doc_blocks: Vec<(u32, FileRef)>,
}

impl Manifest {
    /// The manifest as a complete file, the keys of a segment with key pages left to its pages.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.write(true)
    }

    /// The manifest with every shard key in it, pages or not (for the builder's cache, which
    /// reads a segment back whole). Needs every key: a built manifest, not one read from pages.
    pub fn to_bytes_with_keys(&self) -> Vec<u8> {
        self.write(false)
    }

    fn write(&self, paged: bool) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend_from_slice(&self.build_id.to_le_bytes());
        put_varint(&mut b, u64::from(self.doc_count));
        put_u32(&mut b, self.avg_title_len.to_bits());
        put_u32(&mut b, self.avg_body_len.to_bits());
        put_varint(&mut b, self.sections.len() as u64);
        for s in &self.sections {
            put_str(&mut b, s);
        }
        put_varint(&mut b, self.issues.len() as u64);
        let (mut number, mut date) = (0i64, 0i64);
        for i in &self.issues {
            put_signed(&mut b, i64::from(i.number) - number);
            put_signed(&mut b, i64::from(i.date_days) - date);
            (number, date) = (i64::from(i.number), i64::from(i.date_days));
            put_varint(&mut b, i.runs.len() as u64);
            for &(s, n) in &i.runs {
                put_varint(&mut b, u64::from(s));
                put_varint(&mut b, u64::from(n));
            }
        }
        put_varint(&mut b, self.segments.len() as u64);
        let mut prev_first = 0;
        for (segment, (shards, blocks)) in self.segments.iter().zip(self.segment_ranges().zip(self.block_ranges())) {
            b.extend_from_slice(&segment.id.to_le_bytes());
            put_varint(&mut b, shards.len() as u64);
            let keys = self.term_shards[shards.clone()].iter().map(|(k, _)| k.as_slice());
            if paged && page_count(shards.len()) > 0 {
                put_keys(&mut b, keys.step_by(PAGE_SHARDS));
            } else {
                put_keys(&mut b, keys);
            }
            put_varint(&mut b, blocks.len() as u64);
            for &(first, _) in &self.doc_blocks[blocks] {
                put_varint(&mut b, u64::from(first.saturating_sub(prev_first)));
                prev_first = first;
            }
        }
        Container::write(Kind::Manifest, &b)
    }

    /// Reads and validates a manifest file.
    pub fn from_bytes(file: &str, bytes: &[u8]) -> Result<Manifest> {
        let body = Container::read(file, Kind::Manifest, bytes)?;
        let bad = |what: &str| Error::corrupt(file, format!("manifest: bad {what}"));
        let mut r = Reader::new(body);
        let build_id = r.u64().ok_or_else(|| bad("build id"))?;
        let doc_count = r.varint32().ok_or_else(|| bad("doc count"))?;
        let avg_title_len = f32::from_bits(r.u32().ok_or_else(|| bad("averages"))?);
        let avg_body_len = f32::from_bits(r.u32().ok_or_else(|| bad("averages"))?);
        let n = r.count(1).ok_or_else(|| bad("section count"))?;
        let mut sections = Vec::with_capacity(n);
        for _ in 0..n {
            sections.push(r.str().ok_or_else(|| bad("section name"))?.to_string());
        }
        let n = r.count(3).ok_or_else(|| bad("issue count"))?;
        let mut issues: Vec<IssueEntry> = Vec::with_capacity(n);
        let (mut number, mut date_days, mut first_doc) = (0u32, 0i32, 0u32);
        for _ in 0..n {
            if let Some(last) = issues.last() {
                let docs = last.runs.iter().try_fold(0u32, |sum, &(_, c)| sum.checked_add(c));
                first_doc = docs.and_then(|d| first_doc.checked_add(d)).ok_or_else(|| bad("issue sections"))?;
            }
            number = r
                .signed()
                .and_then(|d| i64::from(number).checked_add(d).and_then(|n| u32::try_from(n).ok()))
                .ok_or_else(|| bad("issue number"))?;
            date_days = r
                .signed()
                .and_then(|d| i64::from(date_days).checked_add(d).and_then(|n| i32::try_from(n).ok()))
                .ok_or_else(|| bad("issue date"))?;
            let m = r.count(2).ok_or_else(|| bad("issue sections"))?;
            let mut runs = Vec::with_capacity(m);
            for _ in 0..m {
                let s = r.varint32().ok_or_else(|| bad("issue sections"))?;
                let c = r.varint32().ok_or_else(|| bad("issue sections"))?;
                if s as usize >= sections.len() {
                    return Err(bad("section id"));
                }
                runs.push((s, c));
            }
            issues.push(IssueEntry { number, date_days, first_doc, runs });
        }
        let s = r.count(10).ok_or_else(|| bad("segment count"))?;
        let mut segments = Vec::with_capacity(s);
        let mut term_shards: Vec<(Vec<u8>, FileRef)> = Vec::new();
        // The segments whose keys are all in the manifest (their pages need no fetching).
        let mut inline: Vec<u64> = Vec::new();
        let mut doc_blocks: Vec<(u32, FileRef)> = Vec::new();
        for _ in 0..s {
            let id = r.u64().ok_or_else(|| bad("segment id"))?;
            let n = r.varint32().map(|n| n as usize).filter(|&n| n <= MAX_SHARDS).ok_or_else(|| bad("shard count"))?;
            let k = r.count(1).ok_or_else(|| bad("shard key"))?;
            let pages = page_count(n);
            if k != n && k != pages || term_shards.len() + n > MAX_SHARDS {
                return Err(bad("shard key count"));
            }
            let keys = read_keys(&mut r, k).ok_or_else(|| bad("shard key"))?;
            let mut keys = keys.into_iter();
            for i in 0..n {
                let key = if k == n || i % PAGE_SHARDS == 0 { keys.next().unwrap_or_default() } else { Vec::new() };
                term_shards.push((key, FileRef::new(FileRef::TERM_SHARD, id, i as u32)));
            }
            if k == n {
                inline.push(id);
            }
            let m = r.count(1).ok_or_else(|| bad("block count"))?;
            for j in 0..m as u32 {
                let prev = doc_blocks.last().map_or(0, |b| b.0);
                let first = r.varint32().and_then(|d| prev.checked_add(d)).ok_or_else(|| bad("block"))?;
                doc_blocks.push((first, FileRef::new(FileRef::DOC_BLOCK, id, j)));
            }
            segments.push(SegmentRef { id, shards: n as u32, blocks: m as u32 });
        }
        if !r.is_empty() {
            return Err(bad("trailing bytes"));
        }
        let mut key_pages = KeyPage::of(&segments);
        key_pages.iter_mut().for_each(|p| p.loaded = inline.contains(&p.file.segment));
        let m = Manifest {
            build_id,
            doc_count,
            avg_title_len,
            avg_body_len,
            sections,
            issues,
            term_shards,
            key_pages,
            segments,
            doc_blocks,
        };
        m.validate(file)?;
        Ok(m)
    }

    /// Structural invariants the engine relies on (sorted, in range, consistent counts).
    fn validate(&self, file: &str) -> Result<()> {
        let bad = |what: &str| Err(Error::corrupt(file, format!("manifest: {what}")));
        // (Issues tile the documents by construction: each one's first doc is read as the sum
        // of the runs before it.)
        let docs: u64 = self.issues.iter().flat_map(|i| &i.runs).map(|&(_, n)| u64::from(n)).sum();
        if docs != u64::from(self.doc_count) {
            return bad("issue sections do not add up to the document count");
        }
        if self.segments.iter().map(|s| s.shards as usize).sum::<usize>() != self.term_shards.len()
            || self.segments.iter().map(|s| s.blocks as usize).sum::<usize>() != self.doc_blocks.len()
        {
            return bad("segments do not add up to the files");
        }
        if self.segments.len() > MAX_SEGMENTS {
            return bad("more segments than an index has");
        }
        // Ids name files: two segments with one id would name the same files.
        if self.segments.iter().enumerate().any(|(i, a)| self.segments[..i].iter().any(|b| b.id == a.id)) {
            return bad("two segments with one id");
        }
        // The keys known (all, or the first of each page not yet supplied) ascend in each segment.
        let ascending = |s: std::ops::Range<usize>| {
            let known: Vec<&[u8]> =
                s.filter(|&i| self.key_known(i)).map(|i| self.term_shards[i].0.as_slice()).collect();
            known.windows(2).all(|w| w[0] < w[1])
        };
        if !self.segment_ranges().all(ascending) {
            return bad("term shards out of order");
        }
        if !self.doc_blocks.windows(2).all(|w| w[0].0 < w[1].0)
            || self.doc_blocks.first().is_some_and(|b| b.0 != 0)
            || self.doc_blocks.iter().any(|b| b.0 >= self.doc_count)
        {
            return bad("doc blocks out of order");
        }
        if !(self.avg_body_len.is_finite() && self.avg_title_len.is_finite()) {
            return bad("bad averages");
        }
        Ok(())
    }

    /// The index range in `term_shards` of each segment, in segment order.
    pub fn segment_ranges(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        ranges(self.segments.iter().map(|s| s.shards))
    }

    /// The index range in `doc_blocks` of each segment, in segment order.
    pub fn block_ranges(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        ranges(self.segments.iter().map(|s| s.blocks))
    }

    /// The index range in `key_pages` of each segment, in segment order.
    pub fn page_ranges(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        ranges(self.segments.iter().map(|s| page_count(s.shards as usize) as u32))
    }

    /// Where the manifest names the file `name`: its kind ([`FileRef::TERM_SHARD`],
    /// [`FileRef::DOC_BLOCK`] or [`FileRef::KEY_PAGE`]) and its index in `term_shards`,
    /// `doc_blocks` or `key_pages`.
    pub fn locate(&self, name: &str) -> Option<(char, usize)> {
        let r = FileRef::parse(name)?;
        let at = self.segments.iter().position(|s| s.id == r.segment)?;
        let range = match r.prefix {
            FileRef::TERM_SHARD => self.segment_ranges().nth(at),
            FileRef::DOC_BLOCK => self.block_ranges().nth(at),
            _ => self.page_ranges().nth(at),
        }?;
        let i = range.start.checked_add(r.n as usize).filter(|i| range.contains(i))?;
        Some((r.prefix, i))
    }

    /// The shards whose key range may hold terms in `[lo, hi)` (`hi = None`: unbounded): in each
    /// segment, in segment order. In a segment whose key pages for the range are not all
    /// supplied, none: those pages are listed instead (indices into `key_pages`), to be fetched
    /// first.
    pub fn shards_for_range(&self, lo: &[u8], hi: Option<&[u8]>) -> (Vec<usize>, Vec<usize>) {
        // Of `n` items with ascending keys (`key(i)`), the run whose ranges `[key, next key)`
        // meet `[lo, hi)`: from the last key <= lo, to before the first key >= hi (at least one,
        // if any). Binary searches over indices: no vector of keys per lookup.
        fn span<'a>(n: usize, key: impl Fn(usize) -> &'a [u8], lo: &[u8], hi: Option<&[u8]>) -> std::ops::Range<usize> {
            let first = |pred: &dyn Fn(&[u8]) -> bool| {
                let (mut a, mut b) = (0, n);
                while a < b {
                    let m = a + (b - a) / 2;
                    if pred(key(m)) {
                        a = m + 1;
                    } else {
                        b = m;
                    }
                }
                a
            };
            let start = first(&|k| k <= lo).saturating_sub(1);
            let end = hi.map_or(n, |hi| first(&|k| k < hi));
            start..end.max(start + 1).min(n)
        }
        let (mut shards, mut missing) = (Vec::new(), Vec::new());
        for (segment, pages) in self.segment_ranges().zip(self.page_ranges()) {
            let mut within = segment.clone();
            if !pages.is_empty() {
                let first_key = |p: usize| self.term_shards[self.key_pages[pages.start + p].shards.start].0.as_slice();
                let needed = span(pages.len(), first_key, lo, hi);
                let needed = pages.start + needed.start..pages.start + needed.end;
                if self.key_pages[needed.clone()].iter().any(|p| !p.loaded) {
                    missing.extend(needed.filter(|&p| !self.key_pages[p].loaded));
                    continue;
                }
                within = self.key_pages[needed.start].shards.start..self.key_pages[needed.end - 1].shards.end;
            }
            let found = span(within.len(), |i| self.term_shards[within.start + i].0.as_slice(), lo, hi);
            shards.extend(within.start + found.start..within.start + found.end);
        }
        (shards, missing)
    }

    /// Whether the key of shard `i` is known: stored in the manifest, or its page supplied.
    fn key_known(&self, i: usize) -> bool {
        let p = self.key_pages.partition_point(|p| p.shards.start <= i).checked_sub(1);
        match p.map(|p| &self.key_pages[p]) {
            Some(page) if page.shards.contains(&i) => page.loaded || page.shards.start == i,
            _ => true,
        }
    }

    /// Supplies key page `p` (the file `file`): checked like any index file, and against the keys
    /// the manifest has around it; then its keys are known.
    pub fn supply_page(&mut self, p: usize, file: &str, bytes: &[u8]) -> Result<()> {
        let body = Container::read(file, Kind::KeyPage, bytes)?;
        let Some(page) = self.key_pages.get(p).cloned() else {
            return Err(Error::Mismatch {
                file: file.to_string(),
                message: "the manifest does not name this file".into(),
            });
        };
        page.file.verify(bytes)?;
        let bad = || Error::corrupt(file, "key page: bad keys");
        let mut r = Reader::new(body);
        let n = r.count(1).filter(|&n| n == page.shards.len()).ok_or_else(bad)?;
        let keys = read_keys(&mut r, n).filter(|_| r.is_empty()).ok_or_else(bad)?;
        // Its first key is the manifest's; its last is below the next page's first, if any in
        // this segment (a segment's shards are consecutive, and the next page starts where this
        // one ends).
        let next = self
            .key_pages
            .get(p + 1)
            .filter(|q| q.shards.start == page.shards.end && q.file.segment == page.file.segment);
        let next_key = next.map(|q| self.term_shards[q.shards.start].0.as_slice());
        if keys.first().map(Vec::as_slice) != Some(self.term_shards[page.shards.start].0.as_slice())
            || !keys.windows(2).all(|w| w[0] < w[1])
            || next_key.is_some_and(|next| keys.last().is_some_and(|last| last.as_slice() >= next))
        {
            return Err(bad());
        }
        for (i, key) in page.shards.clone().zip(keys) {
            self.term_shards[i].0 = key;
        }
        self.key_pages[p].loaded = true;
        Ok(())
    }

    /// The doc block holding `doc`.
    pub fn block_of(&self, doc: u32) -> usize {
        self.doc_blocks.partition_point(|(first, _)| *first <= doc).saturating_sub(1)
    }

    /// [`Self::issue_of`] for documents looked up in ascending order: `at` (0 for the first
    /// lookup) keeps the place between lookups, so each walks forward from the last instead of
    /// searching every issue.
    pub fn issue_of_ascending(&self, at: &mut usize, doc: u32) -> Option<&IssueEntry> {
        while self.issues.get(*at + 1).is_some_and(|next| next.first_doc <= doc) {
            *at += 1;
        }
        self.issues.get(*at).filter(|i| i.first_doc <= doc)
    }

    /// The issue entry holding `doc`.
    pub fn issue_of(&self, doc: u32) -> Option<&IssueEntry> {
        let i = self.issues.partition_point(|i| i.first_doc <= doc).checked_sub(1)?;
        self.issues.get(i)
    }

    /// The section id of `doc`.
    pub fn section_of(&self, doc: u32) -> Option<u32> {
        let issue = self.issue_of(doc)?;
        let mut at = issue.first_doc;
        for &(s, n) in &issue.runs {
            if doc < at + n {
                return Some(s);
            }
            at += n;
        }
        None
    }
}

/// Consecutive ranges of the given lengths, from 0.
fn ranges(lengths: impl Iterator<Item = u32>) -> impl Iterator<Item = std::ops::Range<usize>> {
    lengths.scan(0usize, |at, n| {
        let start = *at;
        *at += n as usize;
        Some(start..*at)
    })
}

/// Postings of one positional term in one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    /// The document.
    pub doc: u32,
    /// The document's body-length norm byte.
    pub norm: u8,
    /// Ascending positions.
    pub positions: Vec<u32>,
}

/// Decoded positional postings, flat: one allocation per array, not one per document (a
/// frequent gram has postings in most documents, and a query decodes several per keystroke).
/// Entry `i` is document `docs[i]` with norm `norms[i]` and [`PostingList::positions`]`(i)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostingList {
    /// Ascending document ids.
    pub docs: Vec<u32>,
    /// The norm byte of each document.
    pub norms: Vec<u8>,
    /// Where each document's positions end in `positions`.
    ends: Vec<u32>,
    positions: Vec<u32>,
}

impl PostingList {
    /// An empty list with room for `n` documents.
    pub fn with_capacity(n: usize) -> PostingList {
        PostingList {
            docs: Vec::with_capacity(n),
            norms: Vec::with_capacity(n),
            ends: Vec::with_capacity(n),
            positions: Vec::new(),
        }
    }

    /// Appends a document (ids must ascend).
    pub fn push(&mut self, doc: u32, norm: u8, positions: &[u32]) {
        self.docs.push(doc);
        self.norms.push(norm);
        self.positions.extend_from_slice(positions);
        self.ends.push(self.positions.len() as u32);
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// The bytes its lists hold (what a cache of decoded lists counts).
    pub fn heap_bytes(&self) -> usize {
        self.docs.len() * 9 + self.positions.len() * 4
    }

    /// Whether no document is listed.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The ascending positions of entry `i`.
    pub fn positions(&self, i: usize) -> &[u32] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.positions[start..self.ends[i] as usize]
    }

    /// `(doc, norm, positions)` of every entry.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u8, &[u32])> {
        (0..self.len()).map(|i| (self.docs[i], self.norms[i], self.positions(i)))
    }
}

/// Term frequencies of one word term in one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordPosting {
    /// The document.
    pub doc: u32,
    /// Occurrences in the title.
    pub title_tf: u32,
    /// Occurrences in the body.
    pub body_tf: u32,
}

/// One document of a character term's postings: how often the character occurs in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CharPosting {
    /// The document.
    pub doc: u32,
    /// The document's norm (as in positional postings).
    pub norm: u8,
    /// Occurrences in the title.
    pub title_tf: u32,
    /// Occurrences in the body.
    pub body_tf: u32,
}

/// One entry of a pinyin term's word list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedWord {
    /// The CJK word, folded as indexed.
    pub word: String,
    /// Documents containing the word.
    pub doc_count: u32,
}

/// Encodes a word list (most frequent first, as the builder orders it).
pub fn write_word_list(out: &mut Vec<u8>, words: &[ListedWord]) {
    put_varint(out, words.len() as u64);
    for w in words {
        put_str(out, &w.word);
        put_varint(out, u64::from(w.doc_count));
    }
}

/// Encodes positional postings (ascending by doc).
pub fn write_postings(out: &mut Vec<u8>, postings: &[Posting]) {
    put_doc_deltas(out, postings.iter().map(|p| p.doc));
    out.extend(postings.iter().map(|p| p.norm));
    for p in postings {
        put_varint(out, p.positions.len() as u64);
    }
    for p in postings {
        let mut last = 0;
        for &pos in &p.positions {
            put_varint(out, u64::from(pos - last));
            last = pos;
        }
    }
}

/// The count, then the documents (ascending) as deltas: the first column of both kinds of
/// postings.
fn put_doc_deltas(out: &mut Vec<u8>, docs: impl ExactSizeIterator<Item = u32>) {
    put_varint(out, docs.len() as u64);
    let mut prev = 0;
    for doc in docs {
        put_varint(out, u64::from(doc - prev));
        prev = doc;
    }
}

/// Encodes word postings (ascending by doc).
pub fn write_word_postings(out: &mut Vec<u8>, postings: &[WordPosting]) {
    put_doc_deltas(out, postings.iter().map(|p| p.doc));
    put_tfs(out, postings.iter().map(|p| (p.title_tf, p.body_tf)));
}

/// Encodes character postings (ascending by doc).
pub fn write_char_postings(out: &mut Vec<u8>, postings: &[CharPosting]) {
    put_doc_deltas(out, postings.iter().map(|p| p.doc));
    out.extend(postings.iter().map(|p| p.norm));
    put_tfs(out, postings.iter().map(|p| (p.title_tf, p.body_tf)));
}

/// The title frequencies, then the body frequencies: the last two columns of word and character
/// postings.
fn put_tfs(out: &mut Vec<u8>, tfs: impl Iterator<Item = (u32, u32)> + Clone) {
    for (title_tf, _) in tfs.clone() {
        put_varint(out, u64::from(title_tf));
    }
    for (_, body_tf) in tfs {
        put_varint(out, u64::from(body_tf));
    }
}

/// `n` pairs of frequencies stored by [`put_tfs`].
fn read_tfs(r: &mut Reader, n: usize) -> Option<Vec<(u32, u32)>> {
    let mut tfs = Vec::with_capacity(n);
    for _ in 0..n {
        tfs.push((r.varint32()?, 0));
    }
    for tf in &mut tfs {
        tf.1 = r.varint32()?;
    }
    Some(tfs)
}

/// `n` documents stored by [`put_doc_deltas`]: ascending, no document twice.
fn read_doc_deltas(r: &mut Reader, n: usize) -> Option<Vec<u32>> {
    let mut docs = Vec::with_capacity(n);
    let mut doc = 0u32;
    for i in 0..n {
        let delta = r.varint32()?;
        if i > 0 && delta == 0 {
            return None;
        }
        doc = doc.checked_add(delta)?;
        docs.push(doc);
    }
    Some(docs)
}

/// The most bytes all keys of a term shard may spell per byte of the shard file: the builder's
/// shards spell a few (keys share prefixes and suffixes in the FST); a forged dictionary whose
/// nodes share children could otherwise spell exponentially many.
pub const MAX_KEY_BYTES_PER_BYTE: u64 = 16;

/// A loaded term shard.
pub struct TermShard {
    file: String,
    map: fst::Map<Vec<u8>>,
    postings: Vec<u8>,
}

impl std::fmt::Debug for TermShard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TermShard").field("file", &self.file).field("terms", &self.map.len()).finish()
    }
}

impl TermShard {
    /// Builds a shard file from `(key, postings bytes)` pairs in ascending key order.
    pub fn write(terms: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
        let mut builder = fst::MapBuilder::memory();
        let mut postings = Vec::new();
        for (key, p) in terms {
            assert!(!p.is_empty(), "every term owns postings bytes (the reader counts on it)");
            // Keys arrive sorted and unique from the builder; insertion cannot fail then.
            builder.insert(key, postings.len() as u64).expect("term keys are sorted and unique");
            postings.extend_from_slice(p);
        }
        let fst_bytes = builder.into_inner().expect("in-memory FST write");
        let mut body = Vec::new();
        put_bytes(&mut body, &fst_bytes);
        body.extend_from_slice(&postings);
        Container::write(Kind::TermShard, &body)
    }

    /// Reads and validates a shard file.
    pub fn from_bytes(file: &str, bytes: &[u8]) -> Result<TermShard> {
        let body = Container::read(file, Kind::TermShard, bytes)?;
        let mut r = Reader::new(body);
        let fst_bytes = r.bytes().ok_or_else(|| Error::corrupt(file, "bad term dictionary length"))?;
        let postings = r.rest().to_vec();
        // fst trusts the nodes it walks; crate::fstcheck proves them safe first (found by
        // fuzzing: fuzz/regressions/index_reader-fst-*). Every term owns at least one byte of
        // postings, and all keys together are at most MAX_KEY_BYTES_PER_BYTE × the file.
        let key_bytes = (bytes.len() as u64).saturating_mul(MAX_KEY_BYTES_PER_BYTE);
        crate::fstcheck::check(fst_bytes, postings.len() as u64, key_bytes)
            .map_err(|e| Error::corrupt(file, format!("term dictionary: {e}")))?;
        let map =
            fst::Map::new(fst_bytes.to_vec()).map_err(|e| Error::corrupt(file, format!("term dictionary: {e}")))?;
        // Offsets are checked when postings are read: a bad one reads past the end and errs.
        Ok(TermShard { file: file.to_string(), map, postings })
    }

    /// The file this shard was read from.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The postings offset of an exact term.
    pub fn get(&self, key: &[u8]) -> Option<u64> {
        self.map.get(key)
    }

    /// Every `(term, offset)` with `lo <= term < hi`.
    pub fn range(&self, lo: &[u8], hi: Option<&[u8]>) -> Vec<(Vec<u8>, u64)> {
        self.search(fst::automaton::AlwaysMatch, lo, hi)
    }

    /// Every `(term, offset)` with `lo <= term < hi` that `automaton` accepts.
    pub fn search<A: fst::Automaton>(&self, automaton: A, lo: &[u8], hi: Option<&[u8]>) -> Vec<(Vec<u8>, u64)> {
        use fst::{IntoStreamer, Streamer};
        let mut builder = self.map.search(automaton).ge(lo);
        if let Some(hi) = hi {
            builder = builder.lt(hi);
        }
        let mut stream = builder.into_stream();
        let mut out = Vec::new();
        while let Some((k, v)) = stream.next() {
            out.push((k.to_vec(), v));
        }
        out
    }

    /// The number of documents in the postings at `offset` (either kind).
    pub fn doc_count(&self, offset: u64) -> Result<usize> {
        let bad = || Error::corrupt(&self.file, "bad postings");
        Reader::at(&self.postings, usize::try_from(offset).map_err(|_| bad())?).count(1).ok_or_else(bad)
    }

    /// Decodes the positional postings at `offset`.
    pub fn postings(&self, offset: u64) -> Result<PostingList> {
        let bad = || Error::corrupt(&self.file, "bad postings");
        let mut r = Reader::at(&self.postings, usize::try_from(offset).map_err(|_| bad())?);
        let n = r.count(3).ok_or_else(bad)?;
        let mut out = PostingList::with_capacity(n);
        out.docs = read_doc_deltas(&mut r, n).ok_or_else(bad)?;
        out.norms = r.take(n).ok_or_else(bad)?.to_vec();
        let mut end = 0u32;
        for _ in 0..n {
            end = end.checked_add(r.varint32().ok_or_else(bad)?).ok_or_else(bad)?;
            out.ends.push(end);
        }
        // Each position takes a byte at least: a forged count cannot allocate more than the file.
        out.positions.reserve(r.remaining().min(end as usize));
        let mut start = 0;
        for &end in &out.ends {
            let mut pos = 0u32;
            for _ in start..end {
                pos = pos.checked_add(r.varint32().ok_or_else(bad)?).ok_or_else(bad)?;
                out.positions.push(pos);
            }
            start = end;
        }
        Ok(out)
    }

    /// Decodes the word list of a pinyin term at `offset`.
    pub fn word_list(&self, offset: u64) -> Result<Vec<ListedWord>> {
        let bad = || Error::corrupt(&self.file, "bad word list");
        let mut r = Reader::at(&self.postings, usize::try_from(offset).map_err(|_| bad())?);
        let n = r.count(2).ok_or_else(bad)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let word = r.str().ok_or_else(bad)?.to_string();
            let doc_count = r.varint32().ok_or_else(bad)?;
            out.push(ListedWord { word, doc_count });
        }
        Ok(out)
    }

    /// Decodes the word postings at `offset`.
    pub fn word_postings(&self, offset: u64) -> Result<Vec<WordPosting>> {
        let bad = || Error::corrupt(&self.file, "bad word postings");
        let mut r = Reader::at(&self.postings, usize::try_from(offset).map_err(|_| bad())?);
        let n = r.count(3).ok_or_else(bad)?;
        let docs = read_doc_deltas(&mut r, n).ok_or_else(bad)?;
        let tfs = read_tfs(&mut r, n).ok_or_else(bad)?;
        let mut out = Vec::with_capacity(n);
        for (doc, (title_tf, body_tf)) in docs.into_iter().zip(tfs) {
            out.push(WordPosting { doc, title_tf, body_tf });
        }
        Ok(out)
    }

    /// Decodes the character postings at `offset`.
    pub fn char_postings(&self, offset: u64) -> Result<Vec<CharPosting>> {
        let bad = || Error::corrupt(&self.file, "bad character postings");
        let mut r = Reader::at(&self.postings, usize::try_from(offset).map_err(|_| bad())?);
        let n = r.count(4).ok_or_else(bad)?;
        let docs = read_doc_deltas(&mut r, n).ok_or_else(bad)?;
        let norms = r.take(n).ok_or_else(bad)?;
        let tfs = read_tfs(&mut r, n).ok_or_else(bad)?;
        let mut out = Vec::with_capacity(n);
        for ((doc, &norm), (title_tf, body_tf)) in docs.into_iter().zip(norms).zip(tfs) {
            out.push(CharPosting { doc, norm, title_tf, body_tf });
        }
        Ok(out)
    }
}

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
        Container::write(Kind::DocBlock, &b)
    }

    /// Reads and validates a doc block file whose first document is `first_doc`.
    pub fn from_bytes(file: &str, bytes: &[u8], first_doc: u32) -> Result<DocBlock> {
        let body = Container::read(file, Kind::DocBlock, bytes)?;
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

    fn sample_manifest() -> Manifest {
        Manifest {
            build_id: 7,
            doc_count: 3,
            avg_title_len: 12.5,
            avg_body_len: 200.0,
            sections: vec!["要闻".into(), "技术".into()],
            // Issue numbers and dates as deltas, in any order and to their extremes.
            key_pages: vec![],
            issues: vec![
                IssueEntry { number: 431, date_days: 19_975, first_doc: 0, runs: vec![(0, 1), (1, 1)] },
                IssueEntry { number: u32::MAX, date_days: i32::MIN, first_doc: 2, runs: vec![] },
                IssueEntry { number: 0, date_days: i32::MAX, first_doc: 2, runs: vec![(1, 1)] },
            ],
            // Two segments; keys sharing prefixes (stored once), blocks with first docs as deltas.
            term_shards: ["", "g微短", "g微软", "", "tgpt"]
                .iter()
                .zip([0, 1, 2, 0, 1])
                .zip([7, 7, 7, u64::MAX, u64::MAX])
                .map(|((k, n), id)| (k.as_bytes().to_vec(), FileRef::new(FileRef::TERM_SHARD, id, n)))
                .collect(),
            segments: vec![
                SegmentRef { id: 7, shards: 3, blocks: 1 },
                SegmentRef { id: u64::MAX, shards: 2, blocks: 1 },
            ],
            doc_blocks: vec![
                (0, FileRef::new(FileRef::DOC_BLOCK, 7, 0)),
                (2, FileRef::new(FileRef::DOC_BLOCK, u64::MAX, 0)),
            ],
        }
    }

    #[test]
    fn file_names_spell_their_reference_and_nothing_else_does() {
        let r = FileRef::new(FileRef::DOC_BLOCK, 0x00ab_cdef_0123_4567, 42);
        assert_eq!(r.name(), "d-00abcdef01234567-42.bin");
        assert_eq!(FileRef::parse(&r.name()), Some(r));
        let t = FileRef::new(FileRef::TERM_SHARD, u64::MAX, 0);
        assert_eq!(FileRef::parse(&t.name()), Some(t));
        for bad in [
            "manifest.bin",
            "d-00abcdef01234567-042.bin",
            "d-00ABCDEF01234567-42.bin",
            "d-abcdef01234567-42.bin",
            "x-00abcdef01234567-42.bin",
            "d-00abcdef01234567-42",
            "d-00abcdef01234567--42.bin",
            "d-00abcdef01234567-4294967296.bin",
            "d-00abcdef01234567-.bin",
        ] {
            assert_eq!(FileRef::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_manifest_locates_the_files_it_names_by_name() {
        let m = sample_manifest();
        for (i, (_, r)) in m.term_shards.iter().enumerate() {
            assert_eq!(m.locate(&r.name()), Some((FileRef::TERM_SHARD, i)));
        }
        for (j, (_, r)) in m.doc_blocks.iter().enumerate() {
            assert_eq!(m.locate(&r.name()), Some((FileRef::DOC_BLOCK, j)));
        }
        let last = m.doc_blocks.last().unwrap().1;
        assert_eq!(m.locate(&FileRef::new(FileRef::DOC_BLOCK, last.segment, last.n + 1).name()), None);
        assert_eq!(m.locate(&FileRef::new(FileRef::TERM_SHARD, 12345, 0).name()), None);
    }

    #[test]
    fn manifest_round_trips() {
        let m = sample_manifest();
        let bytes = m.to_bytes();
        assert_eq!(Manifest::from_bytes("manifest.bin", &bytes).unwrap(), m);
        assert_eq!(m.section_of(0), Some(0));
        assert_eq!(m.section_of(1), Some(1));
        assert_eq!(m.section_of(2), Some(1));
        assert_eq!(m.section_of(3), None);
        // The empty issue between two others owns no document.
        assert_eq!(m.issue_of(2).map(|i| i.number), Some(0));
        // Walking the documents in order finds what searching for each does.
        let mut at = 0;
        for doc in 0..10 {
            let walked = m.issue_of_ascending(&mut at, doc).map(|i| i.number);
            assert_eq!(walked, m.issue_of(doc).map(|i| i.number), "doc {doc}");
        }
    }

    #[test]
    fn segments_with_one_id_are_refused() {
        let mut m = sample_manifest();
        m.segments[1].id = m.segments[0].id;
        let err = Manifest::from_bytes("manifest.bin", &m.to_bytes()).unwrap_err();
        assert!(err.to_string().contains("two segments with one id"), "{err}");
    }

    #[test]
    fn every_flipped_byte_is_detected() {
        let bytes = sample_manifest().to_bytes();
        for i in 0..bytes.len() {
            for bit in [0x01u8, 0x80] {
                let mut b = bytes.clone();
                b[i] ^= bit;
                let err = Manifest::from_bytes("manifest.bin", &b).unwrap_err();
                assert!(err.to_string().starts_with("manifest.bin: "), "{err}");
            }
        }
    }

    #[test]
    fn truncation_and_version_are_named() {
        let bytes = sample_manifest().to_bytes();
        for n in 0..bytes.len() {
            assert!(Manifest::from_bytes("m", &bytes[..n]).is_err());
        }
        let mut b = bytes.clone();
        b[4] = 9;
        assert_eq!(
            Manifest::from_bytes("m", &b).unwrap_err(),
            Error::Version { file: "m".into(), expected: VERSION, got: 9 }
        );
        assert!(matches!(Manifest::from_bytes("m", b"not an index").unwrap_err(), Error::BadMagic { .. }));
    }

    #[test]
    fn shard_round_trips() {
        let mut p1 = Vec::new();
        write_postings(
            &mut p1,
            &[Posting { doc: 2, norm: 9, positions: vec![1, 5] }, Posting { doc: 7, norm: 3, positions: vec![1030] }],
        );
        let mut p2 = Vec::new();
        write_word_postings(&mut p2, &[WordPosting { doc: 4, title_tf: 1, body_tf: 2 }]);
        let mut p3 = Vec::new();
        let listed = vec![
            ListedWord { word: "微短剧".into(), doc_count: 5 },
            ListedWord { word: "为短句".into(), doc_count: 1 },
        ];
        write_word_list(&mut p3, &listed);
        let chars = [
            CharPosting { doc: 2, norm: 9, title_tf: 0, body_tf: 2 },
            CharPosting { doc: 300, norm: 200, title_tf: 3, body_tf: 1000 },
        ];
        let mut p4 = Vec::new();
        write_char_postings(&mut p4, &chars);
        let bytes = TermShard::write(&[
            (b"c\xe4\xb8\xad".to_vec(), p4),
            (b"g\xe4\xb8\xad".to_vec(), p1),
            (b"pweiduanju".to_vec(), p3),
            (b"w\xe4\xb8\xad".to_vec(), p2),
        ]);
        let shard = TermShard::from_bytes("t.bin", &bytes).unwrap();
        let off = shard.get(b"g\xe4\xb8\xad").unwrap();
        let list = shard.postings(off).unwrap();
        let decoded: Vec<(u32, u8, &[u32])> = list.iter().collect();
        assert_eq!(decoded, vec![(2, 9, &[1, 5][..]), (7, 3, &[1030][..])]);
        let off = shard.get(b"w\xe4\xb8\xad").unwrap();
        assert_eq!(shard.word_postings(off).unwrap(), vec![WordPosting { doc: 4, title_tf: 1, body_tf: 2 }]);
        let off = shard.get(b"c\xe4\xb8\xad").unwrap();
        assert_eq!(shard.char_postings(off).unwrap(), chars);
        assert_eq!(shard.range(b"g", Some(b"h")).len(), 1);
        let off = shard.get(b"pweiduanju").unwrap();
        assert_eq!(shard.word_list(off).unwrap(), listed);
        let typo = crate::fuzzy::Fuzzy::new(b"p", "weiduanjv", 1);
        assert_eq!(shard.search(typo, b"p", Some(b"q")), vec![(b"pweiduanju".to_vec(), off)]);
    }

    #[test]
    fn truncated_character_postings_are_refused() {
        let mut p = Vec::new();
        write_char_postings(&mut p, &[CharPosting { doc: 2, norm: 9, title_tf: 1, body_tf: 2 }; 1]);
        for cut in 1..p.len() {
            let bytes = TermShard::write(&[(b"c\xe4\xb8\xad".to_vec(), p[..cut].to_vec())]);
            let shard = TermShard::from_bytes("t.bin", &bytes).unwrap();
            let off = shard.get(b"c\xe4\xb8\xad").unwrap();
            assert!(matches!(shard.char_postings(off), Err(Error::Corrupt { .. })), "cut at {cut}");
        }
    }

    #[test]
    fn doc_block_round_trips() {
        let docs =
            vec![StoredDoc { title: "标题".into(), body: "正文\n\n第二段".into(), section: 1, ordinal: 3 }];
        let bytes = DocBlock::write(&docs);
        let block = DocBlock::from_bytes("d.bin", &bytes, 5).unwrap();
        assert_eq!(block.get(5), Some(&docs[0]));
        assert_eq!(block.get(4), None);
    }

    #[test]
    fn shard_lookup_by_key_range() {
        let mut m = sample_manifest();
        let r = |k: &[u8]| (k.to_vec(), FileRef::new(FileRef::TERM_SHARD, 0, 0));
        let segment = |shards| SegmentRef { id: 0, shards, blocks: 0 };
        m.term_shards = vec![r(b"a"), r(b"g"), r(b"t")];
        m.segments = vec![segment(3)];
        assert_eq!(m.shards_for_range(b"b", Some(b"c")).0, [0]);
        assert_eq!(m.shards_for_range(b"g", Some(b"h")).0, [1]);
        assert_eq!(m.shards_for_range(b"f", Some(b"u")).0, [0, 1, 2]);
        assert_eq!(m.shards_for_range(b"z", None).0, [2]);
        // Two segments: the range is looked up in each.
        m.term_shards = vec![r(b""), r(b"g"), r(b"t"), r(b""), r(b"p")];
        m.segments = vec![segment(3), segment(0), segment(2)];
        assert_eq!(m.shards_for_range(b"g", Some(b"h")).0, [1, 3]);
        assert_eq!(m.shards_for_range(b"q", Some(b"u")).0, [1, 2, 4]);
        assert_eq!(m.shards_for_range(b"a", Some(b"b")).0, [0, 3]);
    }

    /// A manifest of one segment of 130 shards, keys `k000`…`k129`: three key pages.
    fn paged_manifest() -> Manifest {
        let mut m = sample_manifest();
        let id = 0x0123_4567_89ab_cdef;
        m.term_shards =
            (0..130).map(|i| (format!("k{i:03}").into_bytes(), FileRef::new(FileRef::TERM_SHARD, id, i))).collect();
        m.segments = vec![SegmentRef { id, shards: 130, blocks: 2 }];
        m.doc_blocks = (0..2).map(|j| (j, FileRef::new(FileRef::DOC_BLOCK, id, j))).collect();
        m.key_pages = KeyPage::of(&m.segments);
        m.key_pages.iter_mut().for_each(|p| p.loaded = true);
        m
    }

    /// Key page `p` of [`paged_manifest`], as the builder writes it.
    fn page_file(m: &Manifest, p: usize, keys: &[Vec<u8>]) -> Vec<u8> {
        let mut bytes = KeyPage::write(keys.iter().map(Vec::as_slice));
        Container::set_tag(&mut bytes, m.key_pages[p].file.tag());
        bytes
    }

    #[test]
    fn key_pages_hold_the_keys_of_a_segment_of_many_shards() {
        let built = paged_manifest();
        assert_eq!(built.key_pages.iter().map(|p| p.shards.clone()).collect::<Vec<_>>(), [0..64, 64..128, 128..130]);
        // With every key (the builder's cache), the manifest reads back as it was.
        assert_eq!(Manifest::from_bytes("m", &built.to_bytes_with_keys()).unwrap(), built);
        // Published, it keeps the first key of each page: a lookup asks for the page first.
        let mut m = Manifest::from_bytes("m", &built.to_bytes()).unwrap();
        // (Each key it leaves out took 3 bytes at least.)
        assert!(built.to_bytes_with_keys().len() - built.to_bytes().len() >= 127 * 3);
        assert_eq!(m.shards_for_range(b"k070", Some(b"k071")), (vec![], vec![1]));
        assert_eq!(m.shards_for_range(b"k000", Some(b"k001")), (vec![], vec![0]));
        assert_eq!(m.shards_for_range(b"k060", Some(b"k070")), (vec![], vec![0, 1]));
        assert_eq!(m.locate(&m.key_pages[1].file.name()), Some((FileRef::KEY_PAGE, 1)));
        let keys: Vec<Vec<u8>> = built.term_shards.iter().map(|(k, _)| k.clone()).collect();
        m.supply_page(1, "k1", &page_file(&m, 1, &keys[64..128])).unwrap();
        assert_eq!(m.shards_for_range(b"k070", Some(b"k071")), (vec![70], vec![]));
        assert_eq!(m.shards_for_range(b"k063", Some(b"k065")), (vec![], vec![0]));
        m.supply_page(0, "k0", &page_file(&m, 0, &keys[..64])).unwrap();
        assert_eq!(m.shards_for_range(b"k063", Some(b"k065")), (vec![63, 64], vec![]));
        assert_eq!(m.shards_for_range(b"k128", None), (vec![], vec![2]));
        m.supply_page(2, "k2", &page_file(&m, 2, &keys[128..])).unwrap();
        assert_eq!(m.shards_for_range(b"k128", None), (vec![128, 129], vec![]));
        assert_eq!(m, built);
    }

    #[test]
    fn a_key_page_cannot_reorder_the_dictionary() {
        let built = paged_manifest();
        let mut m = Manifest::from_bytes("m", &built.to_bytes()).unwrap();
        let keys: Vec<Vec<u8>> = built.term_shards.iter().map(|(k, _)| k.clone()).collect();
        let mut swapped = keys[64..128].to_vec();
        swapped.swap(3, 4);
        let mut past_next = keys[64..128].to_vec();
        past_next[63] = b"k200".to_vec();
        let mut other_first = keys[64..128].to_vec();
        other_first[0] = b"k064a".to_vec();
        for (keys, what) in
            [(&swapped, "out of order"), (&past_next, "past the next page"), (&other_first, "first key")]
        {
            let e = m.supply_page(1, "k1", &page_file(&m, 1, keys)).unwrap_err();
            assert!(matches!(e, Error::Corrupt { .. }), "{what}: {e}");
        }
        // Too few keys; another page's file (its tag).
        assert!(m.supply_page(1, "k1", &page_file(&m, 1, &keys[64..127])).is_err());
        let e = m.supply_page(1, "k1", &page_file(&m, 0, &keys[64..128])).unwrap_err();
        assert!(matches!(e, Error::Mismatch { .. }), "{e}");
        assert!(!m.key_pages[1].loaded);
        m.supply_page(1, "k1", &page_file(&m, 1, &keys[64..128])).unwrap();
        assert!(m.key_pages[1].loaded);
    }
}
