//! The cache's hash: keyed by a random seed per cache, so the buckets a
//! key lands in cannot be predicted by the script that picks URLs or by
//! the server that picks header names, but about a tenth of the cost of
//! std's SipHash-1-3 on keys this short (a 52-byte key: ~45 instructions
//! against ~490). The cost was a fifth of a preflight cache hit.
//!
//! Each 16 bytes go through one folded multiply (the 128-bit product of
//! two 64-bit words, its halves xored), the mixing step of wyhash and
//! foldhash: both words are xored with secrets first, so an input cannot
//! zero a factor without knowing the seed. It is not a cryptographic MAC
//! and does not need to be: the worst a collision does is lengthen a
//! probe run in a table that is kept at most half full, and that costs
//! its own cache time, never correctness.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

/// The seed of one cache's hashes.
#[derive(Clone, Copy, Debug)]
pub(super) struct KeyedState {
    seeds: [u64; 3],
}

impl Default for KeyedState {
    /// A fresh random seed (from std's per-process random keys).
    fn default() -> Self {
        let random = RandomState::new();
        KeyedState {
            seeds: [
                random.hash_one(0x5eed_u64),
                random.hash_one(0x5eed_u64 + 1) | 1,
                random.hash_one(0x5eed_u64 + 2),
            ],
        }
    }
}

#[cfg(test)]
impl KeyedState {
    /// A fixed seed, so that a test's statistics do not depend on a draw.
    fn from_seed(seed: u64) -> Self {
        // splitmix64, to spread a small seed over three words.
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        KeyedState {
            seeds: [next(), next() | 1, next()],
        }
    }
}

impl BuildHasher for KeyedState {
    type Hasher = KeyedHasher;

    fn build_hasher(&self) -> KeyedHasher {
        KeyedHasher {
            acc: self.seeds[0],
            seeds: [self.seeds[1], self.seeds[2]],
        }
    }
}

/// One hash in progress.
pub(super) struct KeyedHasher {
    acc: u64,
    seeds: [u64; 2],
}

/// The 128-bit product of `a` and `b`, its two halves xored.
#[inline]
fn folded_multiply(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

#[inline]
fn word(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

impl KeyedHasher {
    #[inline]
    fn mix(&mut self, a: u64, b: u64) {
        self.acc = folded_multiply(self.acc ^ a ^ self.seeds[0], b ^ self.seeds[1]);
    }
}

impl Hasher for KeyedHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let len = bytes.len();
        let mut rest = bytes;
        while rest.len() > 16 {
            self.mix(word(rest, 0), word(rest, 8));
            rest = &rest[16..];
        }
        // The last 1 to 16 bytes as two words (overlapping when fewer than
        // 16), with the length so that tails of different lengths differ.
        let (a, b) = match rest.len() {
            8..=16 => (word(rest, 0), word(rest, rest.len() - 8)),
            4..=7 => {
                let half = |at: usize| {
                    u64::from(u32::from_le_bytes(
                        rest[at..at + 4].try_into().expect("4 bytes"),
                    ))
                };
                (half(0), half(rest.len() - 4))
            }
            0 => (0, 0),
            n => (
                u64::from(rest[0]) | u64::from(rest[n / 2]) << 8 | u64::from(rest[n - 1]) << 16,
                0,
            ),
        };
        self.mix(a, b ^ (len as u64).rotate_left(32));
    }

    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.mix(u64::from(n), 0);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64, 0);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The index reads the low bits: spread the high ones down.
        folded_multiply(self.acc, self.seeds[0] ^ 0x9e37_79b9_7f4a_7c15)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn equal_inputs_hash_alike_and_seeds_differ() {
        let (a, b) = (KeyedState::default(), KeyedState::default());
        for input in [&b""[..], b"x", b"content-type", &[7; 100]] {
            assert_eq!(a.hash_one(input), a.hash_one(input));
        }
        assert_ne!(a.hash_one(b"x-trace"), b.hash_one(b"x-trace"));
    }

    /// Near-identical inputs (one byte changed anywhere, one byte more or
    /// fewer, zero bytes of different lengths) never collide, and their
    /// low bits, the ones the index reads, spread evenly over the buckets.
    /// Fixed seeds, so the result does not depend on a draw.
    #[test]
    fn near_identical_inputs_spread() {
        for seed in 0..8 {
            spread_for(KeyedState::from_seed(seed));
        }
    }

    fn spread_for(state: KeyedState) {
        let mut inputs: Vec<Vec<u8>> = Vec::new();
        for len in 0..=40 {
            inputs.push(vec![0; len]);
            for at in 0..len {
                for byte in [1, b'a', 0x80] {
                    let mut input = vec![0; len];
                    input[at] = byte;
                    inputs.push(input);
                }
            }
        }
        let hashes: Vec<u64> = inputs.iter().map(|i| state.hash_one(i)).collect();
        let distinct: HashSet<u64> = hashes.iter().copied().collect();
        assert_eq!(distinct.len(), inputs.len());
        let mut buckets = [0f64; 64];
        for h in &hashes {
            buckets[(h & 63) as usize] += 1.0;
        }
        // Pearson's chi-squared over 64 buckets has 63 degrees of freedom
        // (mean 63, standard deviation about 11): above 120 happens by
        // chance about once in 100,000; a hash whose low bits ignore part
        // of the input lands in the thousands.
        let mean = hashes.len() as f64 / 64.0;
        let chi2: f64 = buckets.iter().map(|n| (n - mean).powi(2) / mean).sum();
        assert!(chi2 < 120.0, "chi2 {chi2:.1}: {buckets:?}");
    }

    #[test]
    fn the_same_bytes_split_differently_hash_differently() {
        use std::hash::Hash;
        let state = KeyedState::default();
        let hash = |parts: &[&str]| {
            let mut h = state.build_hasher();
            parts.iter().for_each(|p| p.hash(&mut h));
            h.finish()
        };
        assert_ne!(hash(&["ab", "c"]), hash(&["a", "bc"]));
        assert_ne!(hash(&["", "abc"]), hash(&["abc", ""]));
    }
}
