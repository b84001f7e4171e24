//! A hash index over the elements of a vector: an open-addressing table of
//! their slot numbers (4 bytes a bucket), linear probing, at most half
//! full, and no tombstones: a removal moves later buckets of its probe run
//! back. The elements stay where they are, so the table never holds keys;
//! callers pass hashes, and say how to compare and rehash.

const EMPTY: u32 = u32::MAX;

#[derive(Debug, Default)]
pub(super) struct SlotIndex {
    /// A power of two long, or empty.
    buckets: Vec<u32>,
    len: usize,
}

impl SlotIndex {
    /// The bucket and slot of the element for which `is` holds, probing
    /// from `hash`.
    pub(super) fn find(&self, hash: u64, mut is: impl FnMut(u32) -> bool) -> Option<(usize, u32)> {
        if self.buckets.is_empty() {
            return None;
        }
        let mask = self.buckets.len() - 1;
        let mut bucket = hash as usize & mask;
        loop {
            match self.buckets[bucket] {
                EMPTY => return None,
                slot if is(slot) => return Some((bucket, slot)),
                _ => bucket = (bucket + 1) & mask,
            }
        }
    }

    /// The bucket holding `slot`, whose hash is `hash`.
    pub(super) fn bucket_of(&self, hash: u64, slot: u32) -> usize {
        self.find(hash, |s| s == slot).expect("an indexed slot").0
    }

    /// Indexes `slot`, whose hash is `hash`. Doubles the table first when
    /// it would be more than half full, rehashing every slot with
    /// `hash_of`.
    pub(super) fn insert(&mut self, hash: u64, slot: u32, hash_of: impl Fn(u32) -> u64) {
        if (self.len + 1) * 2 > self.buckets.len() {
            // 16 to start: a preflight's answer usually interns several
            // names at once, and 8 buckets would be outgrown by the fifth.
            let size = (self.buckets.len() * 2).max(16);
            let old = std::mem::replace(&mut self.buckets, vec![EMPTY; size]);
            for s in old.into_iter().filter(|&s| s != EMPTY) {
                self.place(hash_of(s), s);
            }
        }
        self.place(hash, slot);
        self.len += 1;
    }

    fn place(&mut self, hash: u64, slot: u32) {
        let mask = self.buckets.len() - 1;
        let mut bucket = hash as usize & mask;
        while self.buckets[bucket] != EMPTY {
            bucket = (bucket + 1) & mask;
        }
        self.buckets[bucket] = slot;
    }

    /// Empties `bucket`. Later buckets of its probe run move back into the
    /// hole when their home (from `hash_of`) allows, so every slot stays
    /// reachable from its home.
    pub(super) fn remove(&mut self, bucket: usize, hash_of: impl Fn(u32) -> u64) {
        let mask = self.buckets.len() - 1;
        let mut hole = bucket;
        let mut at = (bucket + 1) & mask;
        loop {
            let slot = self.buckets[at];
            if slot == EMPTY {
                break;
            }
            let home = hash_of(slot) as usize & mask;
            // It may move back unless its home lies after the hole.
            if (at.wrapping_sub(home) & mask) >= (at.wrapping_sub(hole) & mask) {
                self.buckets[hole] = slot;
                hole = at;
            }
            at = (at + 1) & mask;
        }
        self.buckets[hole] = EMPTY;
        self.len -= 1;
    }

    /// Points `bucket` at `slot` instead (its element moved).
    pub(super) fn renumber(&mut self, bucket: usize, slot: u32) {
        self.buckets[bucket] = slot;
    }

    /// How many slots it holds.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Whether it has room for twice its slots, as it keeps.
    pub(super) fn is_at_most_half_full(&self) -> bool {
        self.len * 2 <= self.buckets.len()
    }

    /// The slots it holds, in bucket order.
    #[cfg(test)]
    fn slots(&self) -> impl Iterator<Item = u32> + '_ {
        self.buckets.iter().copied().filter(|&s| s != EMPTY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Elements whose hashes collide in runs, removed in an order that
    /// moves buckets back across the table's end.
    #[test]
    fn finds_every_slot_through_collisions_and_removals() {
        let hash = |slot: u32| u64::from(slot % 5) * 3 + 13;
        let mut index = SlotIndex::default();
        let mut live: Vec<u32> = (0..40).collect();
        for &slot in &live {
            index.insert(hash(slot), slot, hash);
        }
        assert!(index.is_at_most_half_full());
        for victim in [7, 0, 39, 12, 13, 14, 1, 2] {
            let bucket = index.bucket_of(hash(victim), victim);
            index.remove(bucket, hash);
            live.retain(|&s| s != victim);
            for &slot in &live {
                assert_eq!(
                    index.find(hash(slot), |s| s == slot).map(|f| f.1),
                    Some(slot)
                );
            }
            assert!(index.find(hash(victim), |s| s == victim).is_none());
        }
        assert_eq!(index.len(), live.len());
        let mut slots: Vec<u32> = index.slots().collect();
        slots.sort_unstable();
        assert_eq!(slots, live);
    }
}
