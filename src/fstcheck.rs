//! A structural check of an `fst` term dictionary, run before anything walks it.
//!
//! `fst::Map::new` looks only at the header and footer of the bytes it is given. Walking the
//! nodes then follows offsets read from the file with plain slice indexing, so a malformed
//! dictionary makes fst panic (an offset past either end, a pack size of 0 or 9..15), and a small
//! acyclic graph whose nodes share children can spell exponentially many keys. fst's own CRC-32C
//! does not help against a file written to pass it (a fuzzer finds one within seconds).
//!
//! [`check`] decodes every node reachable from the root exactly as fst 0.4 reads it, with every
//! offset bounds-checked, and accepts the dictionary only when every read fst can make is in
//! bounds and every enumeration of it is bounded. Since every transition of a decoded node points
//! below the node's first byte, the graph is acyclic and the walk terminates.
//!
//! # Layout (fst format version 3, as fst 0.4 writes it)
//!
//! ```text
//! version u64 = 3 | type u64 | nodes … | key_count u64 | root_addr u64 | crc32c u32
//! ```
//!
//! Addresses index the whole byte string. Address 0 (inside the header) is the empty final node.
//! A node's address is its *last* byte, the state byte, and the node is read downwards from it;
//! its first byte is its "end". Integers are little-endian, `osize` and `tsize` bytes wide, taken
//! from the node's sizes byte (high nibble `tsize`, low nibble `osize`). A transition's target is
//! `end - delta`, or the empty node when `delta` is 0. `input` is present only when the state
//! byte's low six bits (an index into fst's table of common bytes) are 0.
//!
//! ```text
//! 11iiiiii  one transition, output 0, to the node right below:  [input?] state
//! 10iiiiii  one transition:            output:osize | delta:tsize | sizes | [input?] | state
//! 0fnnnnnn  n transitions (n = 0: a count byte c below the state, c = 1 meaning 256), f = final:
//!           [final output:osize if f] | outputs: n × osize (last transition first)
//!           | deltas: n × tsize (last first) | inputs: n (last first)
//!           | [index: 256 bytes, input byte -> transition, if n > 32] | sizes | [count] | state
//! ```
//!
//! # What is accepted
//!
//! - version 3, a root address whose node ends right before the footer (or 0 for no keys);
//! - every reachable node decodes inside the bytes, with `tsize` in 1..=8 when it has
//!   transitions and `osize` at most 8 (fst asserts both when it unpacks);
//! - no sum of outputs along a path overflows a `u64` (fst adds them unchecked);
//! - the number of keys the graph spells equals the declared `key_count` and is at most
//!   `max_keys`, and all keys together are at most `max_key_bytes` long, so streaming every key
//!   costs at most that much.

/// The fst format version this check understands (fst 0.4 writes it).
const VERSION: u64 = 3;
/// Version and type.
const HEADER: usize = 16;
/// key count, root address and checksum.
const FOOTER: usize = 20;
/// Past this many transitions a node carries a 256-byte input index.
const TRANS_INDEX_THRESHOLD: usize = 32;

/// One decoded node: what the walk needs, nothing of the inputs.
struct Node {
    is_final: bool,
    final_output: u64,
    /// `(output, target address)` per transition.
    transitions: Vec<(u64, usize)>,
}

/// Per node: keys spelled from it, their total length, the largest output sum below it.
#[derive(Clone, Copy)]
struct Below {
    keys: u64,
    key_bytes: u64,
    max_output: u64,
}

/// The node at address 0: final, no transitions.
const EMPTY_FINAL: Below = Below { keys: 1, key_bytes: 0, max_output: 0 };

/// Checks `fst` (the bytes `fst::Map::new` gets); `Err` says what is wrong.
pub fn check(fst: &[u8], max_keys: u64, max_key_bytes: u64) -> Result<(), &'static str> {
    if fst.len() < HEADER + FOOTER {
        return Err("too short");
    }
    if read_u64(&fst[..8]) != VERSION {
        return Err("unsupported fst version");
    }
    let footer = fst.len() - FOOTER;
    let declared_keys = read_u64(&fst[footer..footer + 8]);
    let root = usize::try_from(read_u64(&fst[footer + 8..footer + 16])).map_err(|_| "root out of bounds")?;
    if root == 0 {
        return if fst.len() == HEADER + FOOTER && declared_keys == 0 { Ok(()) } else { Err("bad empty dictionary") };
    }
    if root + 1 != footer {
        return Err("root is not the last node");
    }

    // Mark every node reachable from the root (each decoded once here).
    let data = &fst[..footer];
    let mut seen = vec![0u64; footer / 64 + 1];
    let mut todo = vec![root];
    while let Some(addr) = todo.pop() {
        let (word, bit) = (addr / 64, 1u64 << (addr % 64));
        if addr != 0 && seen[word] & bit == 0 {
            seen[word] |= bit;
            todo.extend(decode(data, addr)?.transitions.iter().map(|&(_, target)| target));
        }
    }

    // Children lie below their parents: in ascending address order each node's are done.
    let mut addrs: Vec<usize> = Vec::new();
    let mut below: Vec<Below> = Vec::new();
    for (word, &bits) in seen.iter().enumerate() {
        for bit in (0..64).filter(|b| bits >> b & 1 != 0) {
            let node = decode(data, word * 64 + bit)?;
            let mut b = Below {
                keys: u64::from(node.is_final),
                key_bytes: 0,
                max_output: if node.is_final { node.final_output } else { 0 },
            };
            for &(output, target) in &node.transitions {
                let c = match target {
                    0 => EMPTY_FINAL,
                    _ => below[addrs.binary_search(&target).map_err(|_| "unreachable")?],
                };
                b.keys = b.keys.checked_add(c.keys).ok_or("too many keys")?;
                // Every key below the transition is one input byte longer.
                b.key_bytes =
                    c.key_bytes.checked_add(c.keys).and_then(|n| n.checked_add(b.key_bytes)).ok_or("too many keys")?;
                b.max_output = b.max_output.max(output.checked_add(c.max_output).ok_or("output overflow")?);
                if b.keys > max_keys || b.key_bytes > max_key_bytes {
                    return Err("too many keys for its size");
                }
            }
            addrs.push(word * 64 + bit);
            below.push(b);
        }
    }
    if below.last().map_or(0, |b| b.keys) != declared_keys {
        return Err("key count does not match");
    }
    Ok(())
}

/// Decodes the node at `addr` as fst does, every read bounds-checked.
fn decode(data: &[u8], addr: usize) -> Result<Node, &'static str> {
    const OUT: &str = "node out of bounds";
    let state = *data.get(addr).ok_or(OUT)?;
    let low6 = state & 0b0011_1111;
    let sub = |at: usize, n: usize| at.checked_sub(n).ok_or(OUT);
    match state >> 6 {
        0b11 => {
            let end = sub(addr, usize::from(low6 == 0))?;
            Ok(Node { is_final: false, final_output: 0, transitions: vec![(0, sub(end, 1)?)] })
        }
        0b10 => {
            let sizes_at = sub(sub(addr, usize::from(low6 == 0))?, 1)?;
            let (tsize, osize) = pack_sizes(data[sizes_at])?;
            if tsize == 0 {
                return Err("bad pack size");
            }
            let end = sub(sizes_at, tsize + osize)?;
            let output = uint(&data[end..end + osize]);
            let target = target(end, uint(&data[end + osize..end + osize + tsize]))?;
            Ok(Node { is_final: false, final_output: 0, transitions: vec![(output, target)] })
        }
        _ => {
            let is_final = state & 0b0100_0000 != 0;
            let (ntrans, count_len) = match low6 {
                0 => match data[sub(addr, 1)?] {
                    1 => (256, 1),
                    n => (usize::from(n), 1),
                },
                n => (usize::from(n), 0),
            };
            let sizes_at = sub(addr, count_len + 1)?;
            let (tsize, osize) = pack_sizes(data[sizes_at])?;
            if ntrans > 0 && tsize == 0 {
                return Err("bad pack size");
            }
            let index = if ntrans > TRANS_INDEX_THRESHOLD { 256 } else { 0 };
            let deltas_at = sub(sizes_at, index + ntrans + ntrans * tsize)?;
            let outputs_at = sub(deltas_at, ntrans * osize)?;
            let end = sub(outputs_at, if is_final { osize } else { 0 })?;
            let final_output = if is_final { uint(&data[end..end + osize]) } else { 0 };
            let transitions = (0..ntrans)
                .map(|i| {
                    // Transition i's fields are stored last-first: its slot counts down from the top.
                    let d = deltas_at + (ntrans - 1 - i) * tsize;
                    let o = outputs_at + (ntrans - 1 - i) * osize;
                    Ok((uint(&data[o..o + osize]), target(end, uint(&data[d..d + tsize]))?))
                })
                .collect::<Result<_, &'static str>>()?;
            Ok(Node { is_final, final_output, transitions })
        }
    }
}

/// `(tsize, osize)` of a sizes byte; fst unpacks at most 8 bytes.
fn pack_sizes(byte: u8) -> Result<(usize, usize), &'static str> {
    let (tsize, osize) = (usize::from(byte >> 4), usize::from(byte & 0x0f));
    if tsize > 8 || osize > 8 {
        return Err("bad pack size");
    }
    Ok((tsize, osize))
}

/// The address a delta names from a node whose first byte is `end`.
fn target(end: usize, delta: u64) -> Result<usize, &'static str> {
    if delta == 0 {
        return Ok(0);
    }
    usize::try_from(delta).ok().and_then(|d| end.checked_sub(d)).ok_or("transition out of bounds")
}

/// A little-endian unsigned integer of up to 8 bytes (0 bytes is 0).
fn uint(bytes: &[u8]) -> u64 {
    bytes.iter().rev().fold(0, |n, &b| n << 8 | u64::from(b))
}

fn read_u64(bytes: &[u8]) -> u64 {
    uint(&bytes[..8])
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::{IntoStreamer, Map, MapBuilder, Streamer};

    fn build(keys: &[(Vec<u8>, u64)]) -> Vec<u8> {
        let mut b = MapBuilder::memory();
        for (k, v) in keys {
            b.insert(k, *v).unwrap();
        }
        b.into_inner().unwrap()
    }

    fn all(bytes: &[u8]) -> Vec<(Vec<u8>, u64)> {
        let map = Map::new(bytes.to_vec()).unwrap();
        let mut s = map.stream();
        let mut out = Vec::new();
        while let Some((k, v)) = s.next() {
            out.push((k.to_vec(), v));
        }
        out
    }

    /// Key sets that exercise every node kind: one and many transitions, the 256-byte input index
    /// (more than 32), all 256 bytes (the count byte's special 1), wide outputs and final outputs.
    fn shapes() -> Vec<Vec<(Vec<u8>, u64)>> {
        let mut sets = vec![
            vec![],
            vec![(b"".to_vec(), 7)],
            vec![(b"a".to_vec(), 0)],
            vec![(b"abc".to_vec(), 1), (b"abd".to_vec(), 1 << 40), (b"b".to_vec(), u64::MAX)],
        ];
        sets.push((0u16..256).map(|b| (vec![b as u8], u64::from(b) * 1000)).collect());
        sets.push((0u16..40).map(|b| (vec![b'x', b as u8 + 40], 5)).collect());
        let mut words: Vec<(Vec<u8>, u64)> =
            (0u64..500).map(|i| (format!("g{}{}", i * 7919 % 1000, "微短剧").into_bytes(), i * 13)).collect();
        words.sort();
        words.dedup_by(|a, b| a.0 == b.0);
        sets.push(words);
        sets
    }

    #[test]
    fn every_dictionary_fst_writes_passes() {
        for keys in shapes() {
            let bytes = build(&keys);
            let total: u64 = keys.iter().map(|(k, _)| k.len() as u64).sum();
            assert_eq!(check(&bytes, keys.len() as u64, total), Ok(()), "{} keys", keys.len());
            assert_eq!(all(&bytes), keys);
        }
    }

    #[test]
    fn limits_count_keys_and_their_bytes_exactly() {
        let keys = vec![(b"ab".to_vec(), 1), (b"abc".to_vec(), 2), (b"b".to_vec(), 3)];
        let bytes = build(&keys);
        assert_eq!(check(&bytes, 3, 6), Ok(()));
        assert_eq!(check(&bytes, 2, 6), Err("too many keys for its size"));
        assert_eq!(check(&bytes, 3, 5), Err("too many keys for its size"));
    }

    #[test]
    fn a_lying_footer_is_refused() {
        let mut bytes = build(&[(b"ab".to_vec(), 1), (b"b".to_vec(), 3)]);
        let footer = bytes.len() - FOOTER;
        bytes[footer] = 3; // key count
        assert_eq!(check(&bytes, 100, 100), Err("key count does not match"));
        bytes[footer] = 2;
        bytes[footer + 8] += 1; // root address
        assert_eq!(check(&bytes, 100, 100), Err("root is not the last node"));
        bytes[footer + 8] = 0xff;
        bytes[footer + 15] = 0xff;
        assert!(check(&bytes, 100, 100).is_err());
        bytes[0] = 2;
        assert_eq!(check(&bytes, 100, 100), Err("unsupported fst version"));
    }

    /// Shared children: 40 nodes with two transitions each to the next spell 2^40 keys.
    #[test]
    fn exponentially_many_keys_are_refused() {
        let mut bytes = vec![3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        let mut below = 0usize; // the empty final node
        for _ in 0..40 {
            // 0b00 many-transitions node with n = 2: outputs none, deltas (tsize 1) | inputs | sizes | state
            let end = bytes.len();
            let delta = if below == 0 { 0 } else { (end - below) as u8 };
            bytes.extend_from_slice(&[delta, delta, b'b', b'a', 0x10, 0b0000_0010]);
            below = bytes.len() - 1;
        }
        bytes.extend_from_slice(&(1u64 << 40).to_le_bytes());
        bytes.extend_from_slice(&(below as u64).to_le_bytes());
        bytes.extend_from_slice(&[0; 4]);
        assert_eq!(check(&bytes, u64::MAX, u64::MAX), Ok(()));
        assert_eq!(check(&bytes, 1 << 20, u64::MAX), Err("too many keys for its size"));
    }

    /// Any single byte changed in the nodes: either refused, or every walk fst can make is safe.
    #[test]
    fn corrupted_nodes_are_refused_or_safe_to_walk() {
        let (mut accepted, mut refused) = (0, 0);
        for keys in shapes().into_iter().filter(|k| k.len() > 1) {
            let bytes = build(&keys);
            for at in HEADER..bytes.len() - 4 {
                for value in [0u8, 1, 0x3f, 0x40, 0x7f, 0x80, 0xbf, 0xc0, 0xff, bytes[at] ^ 1] {
                    let mut b = bytes.clone();
                    b[at] = value;
                    if check(&b, keys.len() as u64 * 4, 1 << 20).is_err() {
                        refused += 1;
                    } else {
                        accepted += 1;
                        let walked = std::panic::catch_unwind(|| {
                            let n = all(&b).len();
                            let map = Map::new(b.clone()).unwrap();
                            let mut s = map.range().ge(b"abc").lt(b"x\x50").into_stream();
                            while s.next().is_some() {}
                            for (k, _) in &keys {
                                map.get(k);
                            }
                            n
                        });
                        assert!(walked.is_ok(), "byte {at} = {value:#x} passed the check but panicked fst");
                    }
                }
            }
        }
        // Both sides are exercised: changed outputs and inputs pass, broken structure does not.
        assert!(accepted > 1000 && refused > 1000, "{accepted} accepted, {refused} refused");
    }
}
