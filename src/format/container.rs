//! What every index file is: a [`Container`] (magic, version, kind, tag and checksum around a
//! body) of one [`FileKind`], named and tagged by its place in a segment ([`FileRef`]), and
//! stored packed (gzip).
//!
//! ```text
//! +--------+---------+------+----------+-----------+-------------+---------+----------------+
//! | magic  | version | kind | reserved | body_len  | crc32       | tag     | body           |
//! | 4: BSIX| u16     | u8   | u8 = 0   | u32       | u32 (IEEE)  | u64     | body_len bytes |
//! +--------+---------+------+----------+-----------+-------------+---------+----------------+
//!   0        4         6      7          8           12            16        24
//! ```
//!
//! `kind` is a [`FileKind`]'s byte. `crc32` covers tag and body. A reader checks magic, version,
//! kind, length and checksum before it parses anything, and the file's tag against the one its
//! name in the manifest implies ([`file_tag`]: a hash of segment id, kind and `n`), so a
//! file of another build, or another file of this one, is refused even when it is intact
//! ([`crate::Error::Mismatch`]). The manifest's tag is 0.
//!
//! On disk and on the wire, every file is *packed*: the container is stored as one gzip member
//! (RFC 1952, no file name, mtime 0, so a build is byte-identical), because static hosts serve
//! `.bin` files without compression. Segment ids hash the unpacked containers. A reader unpacks
//! a file that starts with the gzip magic ([`is_packed`]) and takes any other as a container, so
//! an index served by a host that decodes gzip itself, or whose manifest is stored as is, still
//! reads. The browser unpacks with its `DecompressionStream`, the CLI with [`unpack`].

use crate::bytes::{put_u32, Reader};
use crate::error::{Error, Result};

/// The four magic bytes at the start of every index file.
pub const MAGIC: [u8; 4] = *b"BSIX";
/// The format version this code writes and reads.
pub const VERSION: u16 = 7;
/// Bytes before a container's body.
pub const HEADER_LEN: usize = 24;
/// Most bytes an unpacked file may have: more means a damaged (or forged) file, not a shard.
pub const MAX_UNPACKED: u64 = 64 << 20;

/// What an index file holds: the `kind` byte of its container ([`FileKind::byte`]) and the
/// first letter of its name ([`FileKind::prefix`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// The root file ([`super::MANIFEST_NAME`]), and its copies `m-<hash>.bin`.
    Manifest,
    /// A range of the term dictionary with its postings, `t-<segment>-<n>.bin`.
    TermShard,
    /// A block of consecutive documents, `d-<segment>-<n>.bin`.
    DocBlock,
    /// The keys of a run of term shards, `k-<segment>-<n>.bin`.
    KeyPage,
}

impl FileKind {
    /// Every kind.
    pub const ALL: [FileKind; 4] = [FileKind::Manifest, FileKind::TermShard, FileKind::DocBlock, FileKind::KeyPage];

    /// The `kind` byte of its containers.
    pub fn byte(self) -> u8 {
        match self {
            FileKind::Manifest => 1,
            FileKind::TermShard => 2,
            FileKind::DocBlock => 3,
            FileKind::KeyPage => 4,
        }
    }

    /// The first letter of the content names of its files; also the kind byte of a file's tag
    /// ([`file_tag`]).
    pub fn prefix(self) -> char {
        match self {
            FileKind::Manifest => 'm',
            FileKind::TermShard => 't',
            FileKind::DocBlock => 'd',
            FileKind::KeyPage => 'k',
        }
    }

    /// The kind whose names start with `prefix`.
    pub fn from_prefix(prefix: &str) -> Option<FileKind> {
        let &[letter] = prefix.as_bytes() else { return None };
        FileKind::ALL.into_iter().find(|k| k.prefix() as u8 == letter)
    }
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

/// The framing shared by every index file.
pub struct Container;

impl Container {
    /// Frames `body` as a file of `kind`.
    pub fn write(kind: FileKind, body: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_LEN + body.len());
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.push(kind.byte());
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
    pub fn read<'a>(file: &str, kind: FileKind, bytes: &'a [u8]) -> Result<&'a [u8]> {
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
        if k != kind.byte() {
            return Err(Error::corrupt(file, format!("expected file kind {}, found {k}", kind.byte())));
        }
        Ok(body)
    }
}

/// A reference from the manifest to a file of a segment (a term shard, doc block or key page):
/// file `n` of its kind in segment `segment`. Its name and the tag its container must carry follow
/// from these ([`Self::name`], [`Self::tag`]), computed when needed: a manifest of 100,000 items
/// names over 100,000 files, and opening it should not spell out every name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileRef {
    /// [`FileKind::TermShard`], [`FileKind::DocBlock`] or [`FileKind::KeyPage`].
    pub kind: FileKind,
    /// The id of the segment the file belongs to.
    pub segment: u64,
    /// The file's position among its segment's files of its kind.
    pub n: u32,
}

/// The tag of file `n` of `kind` in segment `segment`: what the container of that file, and of
/// no other, carries in its header.
///
/// ```text
/// crc64 of: segment u64 | kind prefix u8 (ASCII) | n u32
/// ```
pub fn file_tag(kind: FileKind, segment: u64, n: u32) -> u64 {
    let mut key = [0u8; 13];
    key[..8].copy_from_slice(&segment.to_le_bytes());
    key[8] = kind.prefix() as u8;
    key[9..].copy_from_slice(&n.to_le_bytes());
    crate::bytes::crc64(&key)
}

impl FileRef {
    /// The reference to file `n` of `kind` in segment `segment`.
    pub fn new(kind: FileKind, segment: u64, n: u32) -> FileRef {
        FileRef { kind, segment, n }
    }

    /// The file name, relative to the manifest: `<prefix>-<segment id, 16 hex digits>-<n>.bin`.
    pub fn name(&self) -> String {
        format!("{}-{:016x}-{}.bin", self.kind.prefix(), self.segment, self.n)
    }

    /// The reference a file name spells, if it spells one.
    pub fn parse(name: &str) -> Option<FileRef> {
        let rest = name.strip_suffix(".bin")?;
        let (prefix, rest) = rest.split_once('-')?;
        let (segment, n) = rest.split_once('-')?;
        let kind = FileKind::from_prefix(prefix).filter(|&k| k != FileKind::Manifest)?;
        let hex = |c: u8| c.is_ascii_digit() || (b'a'..=b'f').contains(&c);
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
        if segment.len() != 16 || !segment.bytes().all(hex) || !digits(n) || (n.len() > 1 && n.starts_with('0')) {
            return None;
        }
        Some(FileRef { kind, segment: u64::from_str_radix(segment, 16).ok()?, n: n.parse().ok()? })
    }

    /// The tag in the file's header: [`file_tag`] of the name's parts.
    pub fn tag(&self) -> u64 {
        file_tag(self.kind, self.segment, self.n)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_is_one_byte_and_one_letter_of_its_own() {
        let bytes: Vec<u8> = FileKind::ALL.iter().map(|k| k.byte()).collect();
        assert_eq!(bytes, [1, 2, 3, 4]);
        for kind in FileKind::ALL {
            assert_eq!(FileKind::from_prefix(&kind.prefix().to_string()), Some(kind));
        }
        for other in ["", "x", "tt", "T"] {
            assert_eq!(FileKind::from_prefix(other), None, "{other:?}");
        }
    }

    #[test]
    fn a_container_reads_back_as_its_kind_only() {
        let file = Container::write(FileKind::DocBlock, b"body");
        assert_eq!(file.len(), HEADER_LEN + 4);
        assert_eq!(Container::read("d", FileKind::DocBlock, &file).unwrap(), b"body");
        let err = Container::read("d", FileKind::TermShard, &file).unwrap_err();
        assert!(err.to_string().contains("expected file kind 2, found 3"), "{err}");
        let mut tagged = file.clone();
        Container::set_tag(&mut tagged, 42);
        assert_eq!(Container::tag(&tagged), 42);
        assert_eq!(Container::read("d", FileKind::DocBlock, &tagged).unwrap(), b"body");
        tagged[HEADER_LEN] ^= 1;
        assert_eq!(
            Container::read("d", FileKind::DocBlock, &tagged).unwrap_err(),
            Error::ChecksumMismatch { file: "d".into() }
        );
    }

    #[cfg(feature = "build")]
    #[test]
    fn packed_files_unpack_and_containers_pass_through() {
        let file = Container::write(FileKind::Manifest, b"body");
        let packed = pack(&file);
        assert!(is_packed(&packed) && !is_packed(&file));
        assert_eq!(pack(&file), packed, "packing is deterministic");
        assert_eq!(unpack("m", packed.clone()).unwrap(), file);
        assert_eq!(unpack("m", file.clone()).unwrap(), file);
        let cut = packed[..packed.len() - 1].to_vec();
        assert_eq!(unpack("m", cut).unwrap_err(), Error::ChecksumMismatch { file: "m".into() });
    }

    #[test]
    fn file_names_spell_their_reference_and_nothing_else_does() {
        let r = FileRef::new(FileKind::DocBlock, 0x00ab_cdef_0123_4567, 42);
        assert_eq!(r.name(), "d-00abcdef01234567-42.bin");
        assert_eq!(FileRef::parse(&r.name()), Some(r));
        let t = FileRef::new(FileKind::TermShard, u64::MAX, 0);
        assert_eq!(FileRef::parse(&t.name()), Some(t));
        for bad in [
            "manifest.bin",
            "d-00abcdef01234567-042.bin",
            "d-00ABCDEF01234567-42.bin",
            "d-abcdef01234567-42.bin",
            "x-00abcdef01234567-42.bin",
            "m-00abcdef01234567-42.bin",
            "d-00abcdef01234567-42",
            "d-00abcdef01234567--42.bin",
            "d-00abcdef01234567-4294967296.bin",
            "d-00abcdef01234567-.bin",
        ] {
            assert_eq!(FileRef::parse(bad), None, "{bad}");
        }
    }
}
