//! Sort keys. The engine sorts `u64` keys only, with `sort_unstable` and `select_nth_unstable`,
//! so the Wasm module holds one copy of the sort code: each `sort_by` over another element type
//! added its own (the sorts were 26.6 KB of a 240 KB module; the last other copy, for `u32`s, was
//! 1.1 KB of the gzipped module). A sort by
//! anything else becomes a sort of [`sort_key`]s: the order in the high half, an index into the
//! elements in the low half.

/// A sort key: `major`, then `minor` (an index, mostly).
pub fn sort_key(major: u32, minor: u32) -> u64 {
    u64::from(major) << 32 | u64::from(minor)
}

/// The `minor` half of a [`sort_key`].
pub fn minor(key: u64) -> u32 {
    key as u32
}

/// The keys, ascending.
pub fn sorted_keys(keys: impl Iterator<Item = u64>) -> Vec<u64> {
    let mut keys: Vec<u64> = keys.collect();
    keys.sort_unstable();
    keys
}

/// Sorts `u32`s: a few in place (the positions of one document, merged from several lists, are
/// a few ascending runs), more as `u64` keys (see the module docs).
pub fn sort_u32(values: &mut Vec<u32>) {
    if values.len() <= 16 {
        for i in 1..values.len() {
            let mut j = i;
            while j > 0 && values[j - 1] > values[j] {
                values.swap(j - 1, j);
                j -= 1;
            }
        }
        return;
    }
    let keys = sorted_keys(values.iter().map(|&v| u64::from(v)));
    values.clear();
    values.extend(keys.into_iter().map(|k| k as u32));
}

/// The bits of `x` as a `u32` that orders as [`f32::total_cmp`] does.
pub fn ordered_bits(x: f32) -> u32 {
    let bits = x.to_bits();
    if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_order_by_major_then_minor() {
        assert!(sort_key(1, 0) > sort_key(0, u32::MAX));
        assert_eq!(minor(sort_key(7, 9)), 9);
        assert_eq!(
            sorted_keys([sort_key(2, 0), sort_key(1, 5), sort_key(1, 4)].into_iter()),
            vec![sort_key(1, 4), sort_key(1, 5), sort_key(2, 0)]
        );
    }

    #[test]
    fn u32s_sort_as_u64_keys() {
        let mut v = vec![7, u32::MAX, 0, 7, 3];
        sort_u32(&mut v);
        assert_eq!(v, [0, 3, 7, 7, u32::MAX]);
        // Both ways of sorting: a few in place, more as keys.
        for len in [0, 1, 2, 15, 16, 17, 40] {
            let mut v: Vec<u32> = (0..len).map(|i: u32| i.wrapping_mul(2_654_435_761) % 23).collect();
            let mut expected = v.clone();
            expected.sort_unstable();
            sort_u32(&mut v);
            assert_eq!(v, expected, "{len} values");
        }
    }

    #[test]
    fn ordered_bits_order_as_total_cmp() {
        let xs = [f32::NEG_INFINITY, -2.5, -0.0, 0.0, 1e-30, 1.0, 3.5, f32::INFINITY, f32::NAN];
        for a in xs {
            for b in xs {
                assert_eq!(ordered_bits(a).cmp(&ordered_bits(b)), a.total_cmp(&b), "{a} {b}");
            }
        }
    }
}
