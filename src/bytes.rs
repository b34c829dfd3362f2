//! Little-endian and varint helpers: the only place where numbers become bytes and back.
//!
//! Varints are LEB128 (7 bits per byte, low bits first, high bit = "more follows"); fixed-width
//! numbers are little-endian.

/// The byte-at-a-time table of a reflected CRC with polynomial `poly` (built at compile time).
const fn crc_table(poly: u64) -> [u64; 256] {
    let mut table = [0u64; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u64;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { poly ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
}

/// CRC-32 (IEEE 802.3, reflected, as zlib and PNG compute it) from a 1 KiB table built at
/// compile time. A crate with slice-by-16 tables would be faster, but its 16 KiB of tables are a
/// tenth of the gzipped Wasm engine, and the files checked here are tens of kilobytes.
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let wide = crc_table(0xEDB8_8320);
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            table[i] = wide[i] as u32;
            i += 1;
        }
        table
    };
    !bytes.iter().fold(!0u32, |c, &b| TABLE[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8))
}

/// CRC-64/XZ (ECMA-182 polynomial, reflected, as xz computes it): the content hash that names a
/// segment's files, and from which the tag that the engine checks a fetched file against
/// follows, so no cryptographic hash is needed in the browser. 64 bits keep accidental
/// collisions out of reach: a folder keeping a decade of weekly builds holds a few hundred
/// segment ids.
pub(crate) fn crc64(bytes: &[u8]) -> u64 {
    crc64_extend(0, bytes)
}

/// The CRC-64 of `a` followed by `bytes`, given `crc` = the CRC-64 of `a` (0 for nothing).
pub(crate) fn crc64_extend(crc: u64, bytes: &[u8]) -> u64 {
    const TABLE: [u64; 256] = crc_table(0xC96C_5795_D787_0F42);
    !bytes.iter().fold(!crc, |c, &b| TABLE[((c ^ u64::from(b)) & 0xff) as usize] ^ (c >> 8))
}

/// Bytes kept inline up to [`SmallBytes::INLINE`] and on the heap past that, in 24 bytes: the
/// builder holds millions of term keys and postings rows, most of them a few bytes long, and a
/// heap allocation takes 32 bytes at the least.
#[derive(Debug, Clone)]
pub(crate) enum SmallBytes {
    Inline(u8, [u8; SmallBytes::INLINE]),
    Heap(Vec<u8>),
}

impl SmallBytes {
    /// Bytes held inline.
    pub(crate) const INLINE: usize = 22;

    pub(crate) fn as_slice(&self) -> &[u8] {
        match self {
            SmallBytes::Inline(n, bytes) => &bytes[..usize::from(*n)],
            SmallBytes::Heap(bytes) => bytes,
        }
    }

    pub(crate) fn extend_from_slice(&mut self, more: &[u8]) {
        match self {
            SmallBytes::Inline(n, bytes) if usize::from(*n) + more.len() <= Self::INLINE => {
                let at = usize::from(*n);
                bytes[at..at + more.len()].copy_from_slice(more);
                *n += more.len() as u8;
            }
            SmallBytes::Inline(n, bytes) => {
                let mut heap = Vec::with_capacity(2 * (usize::from(*n) + more.len()));
                heap.extend_from_slice(&bytes[..usize::from(*n)]);
                heap.extend_from_slice(more);
                *self = SmallBytes::Heap(heap);
            }
            SmallBytes::Heap(bytes) => bytes.extend_from_slice(more),
        }
    }

    /// Appends `v` as [`put_varint`] does.
    pub(crate) fn put_varint(&mut self, v: u64) {
        let (bytes, n) = varint_bytes(v);
        self.extend_from_slice(&bytes[..n]);
    }
}

impl Default for SmallBytes {
    fn default() -> Self {
        SmallBytes::Inline(0, [0; Self::INLINE])
    }
}

impl From<&[u8]> for SmallBytes {
    fn from(bytes: &[u8]) -> Self {
        let mut out = SmallBytes::default();
        out.extend_from_slice(bytes);
        out
    }
}

impl std::borrow::Borrow<[u8]> for SmallBytes {
    fn borrow(&self) -> &[u8] {
        self.as_slice()
    }
}

impl AsRef<[u8]> for SmallBytes {
    fn as_ref(&self) -> &[u8] {
        self.as_slice()
    }
}

// As the bytes' slice hashes and compares: a map keyed by SmallBytes is looked up by `&[u8]`.
impl std::hash::Hash for SmallBytes {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
    }
}

impl PartialEq for SmallBytes {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for SmallBytes {}

/// Appends `v` as an unsigned LEB128 varint.
pub(crate) fn put_varint(out: &mut Vec<u8>, v: u64) {
    let (bytes, n) = varint_bytes(v);
    out.extend_from_slice(&bytes[..n]);
}

/// The LEB128 bytes of `v`: the first `n` of the array.
fn varint_bytes(mut v: u64) -> ([u8; 10], usize) {
    let mut bytes = [0u8; 10];
    let mut n = 0;
    while v >= 0x80 {
        bytes[n] = (v as u8) | 0x80;
        v >>= 7;
        n += 1;
    }
    bytes[n] = v as u8;
    (bytes, n + 1)
}

/// Appends a signed value as a zigzag varint (0, -1, 1, -2, … → 0, 1, 2, 3, …), for deltas.
pub(crate) fn put_signed(out: &mut Vec<u8>, v: i64) {
    put_varint(out, ((v << 1) ^ (v >> 63)) as u64);
}

/// Appends a length-prefixed UTF-8 string.
pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    put_bytes(out, s.as_bytes());
}

/// Appends length-prefixed bytes.
pub(crate) fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

/// Appends a little-endian u32.
pub(crate) fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// A bounds-checked cursor over a byte slice. Every read returns `None` past the end or on an
/// overlong varint, so a corrupt file can never make the reader panic or loop.
#[derive(Debug, Clone)]
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    pub(crate) fn at(buf: &'a [u8], pos: usize) -> Self {
        Reader { buf, pos }
    }

    /// Bytes left to read.
    pub(crate) fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }

    pub(crate) fn u8(&mut self) -> Option<u8> {
        let b = *self.buf.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    pub(crate) fn u16(&mut self) -> Option<u16> {
        let b = self.take(2)?;
        Some(u16::from_le_bytes([b[0], b[1]]))
    }

    pub(crate) fn u32(&mut self) -> Option<u32> {
        let b = self.take(4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub(crate) fn u64(&mut self) -> Option<u64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Some(u64::from_le_bytes(a))
    }

    pub(crate) fn varint(&mut self) -> Option<u64> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    /// A zigzag varint (see [`put_signed`]).
    pub(crate) fn signed(&mut self) -> Option<i64> {
        let v = self.varint()?;
        Some((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    /// A varint that must fit in u32.
    pub(crate) fn varint32(&mut self) -> Option<u32> {
        u32::try_from(self.varint()?).ok()
    }

    /// A varint used as a count or length: it must fit in the bytes that remain (each counted
    /// element takes at least `min_bytes_each`), which bounds allocations on corrupt input.
    pub(crate) fn count(&mut self, min_bytes_each: usize) -> Option<usize> {
        let n = usize::try_from(self.varint()?).ok()?;
        let remaining = self.buf.len().saturating_sub(self.pos);
        (n.saturating_mul(min_bytes_each.max(1)) <= remaining || min_bytes_each == 0).then_some(n)
    }

    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.buf.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }

    pub(crate) fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.count(1)?;
        self.take(n)
    }

    pub(crate) fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }

    pub(crate) fn rest(&mut self) -> &'a [u8] {
        let s = self.buf.get(self.pos..).unwrap_or(&[]);
        self.pos = self.buf.len();
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_bytes_grow_from_inline_to_the_heap() {
        let mut small = SmallBytes::default();
        let mut plain = Vec::new();
        for v in [0u64, 127, 128, 300, 1 << 40, 5, u64::MAX, 9] {
            small.put_varint(v);
            put_varint(&mut plain, v);
            assert_eq!(small.as_slice(), plain.as_slice());
        }
        assert!(matches!(small, SmallBytes::Heap(_)));
        assert!(matches!(SmallBytes::from(&b"gram"[..]), SmallBytes::Inline(4, _)));
        assert_eq!(SmallBytes::from(&plain[..]), small);
    }
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn varint_round_trips(v in any::<u64>()) {
            let mut buf = Vec::new();
            put_varint(&mut buf, v);
            prop_assert_eq!(Reader::new(&buf).varint(), Some(v));
        }

        #[test]
        fn reader_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let mut r = Reader::new(&bytes);
            let _ = r.varint();
            let _ = r.str();
            let _ = r.count(1);
            let _ = r.u32();
        }
    }

    #[test]
    fn crc32_matches_the_standard_check_values() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b"The quick brown fox jumps over the lazy dog"), 0x414F_A339);
    }

    #[test]
    fn crc64_extends_over_concatenation() {
        assert_eq!(crc64_extend(crc64(b"1234"), b"56789"), crc64(b"123456789"));
    }

    #[test]
    fn crc64_matches_the_standard_check_values() {
        assert_eq!(crc64(b""), 0);
        assert_eq!(crc64(b"123456789"), 0x995D_C9BB_DF19_39FA);
    }

    #[test]
    fn overlong_varint_is_rejected() {
        assert_eq!(Reader::new(&[0xff; 11]).varint(), None);
    }
}
