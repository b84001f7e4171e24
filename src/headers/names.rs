//! Byte-case-insensitive lookups of header names in the lists a server
//! sends (`Access-Control-Allow-Headers`, `Access-Control-Expose-Headers`).

use std::cmp::Ordering;

use super::inline_vec::InlineVec;
use super::parse::TokenList;

/// Lists at most this long are scanned; longer ones are sorted once.
pub(crate) const SCAN_MAX: usize = 8;

/// Header names from a list, looked up byte-case-insensitively with no
/// lowercased copies. A short list is scanned; a long one is sorted once and
/// binary-searched, so m lookups in n names cost O((n + m) log n), never
/// O(n × m): a 1 MiB list holds 100,000 names.
#[derive(Debug)]
pub(crate) struct ListedNames<'a> {
    /// In place when short (the usual one to four exposed names), so
    /// nothing is allocated.
    names: InlineVec<&'a [u8], SCAN_MAX>,
    sorted: bool,
    /// Bit `n` (63 for 63 and more) is set when some name is `n` bytes
    /// long, and bit `first_bit(name)` of `firsts` when some name starts
    /// with that byte (either case): most lookups of a name that is not
    /// listed stop at one or the other.
    lengths: u64,
    firsts: u64,
}

impl<'a> ListedNames<'a> {
    pub(crate) fn new(names: Vec<&'a [u8]>) -> Self {
        InlineVec::from_vec(names, &[]).into()
    }

    fn names(&self) -> &[&'a [u8]] {
        &self.names
    }

    /// Whether the names keep the order (and repeats) they were given in,
    /// so a name's position is its index there; a long list is sorted.
    pub(crate) fn in_given_order(&self) -> bool {
        !self.sorted
    }

    /// How many names there are (duplicates of a long list removed).
    pub(crate) fn len(&self) -> usize {
        self.names().len()
    }

    /// Where `name` is in the list, if it is there: the same index for
    /// every spelling of it.
    #[inline]
    pub(crate) fn position(&self, name: &[u8]) -> Option<usize> {
        // Inline, so the length and first-byte tests (what most lookups
        // of a name that is not listed stop at: a 1 MiB list makes 100,000
        // of them) cost no call.
        if self.may_hold(name) {
            self.find(name)
        } else {
            None
        }
    }

    /// Whether some listed name has `name`'s length and first byte (either
    /// case).
    #[inline]
    fn may_hold(&self, name: &[u8]) -> bool {
        self.lengths & length_bit(name) != 0 && self.firsts & first_bit(name) != 0
    }

    fn find(&self, name: &[u8]) -> Option<usize> {
        if self.sorted {
            self.names()
                .binary_search_by(|listed| cmp_ignore_ascii_case(listed, name))
                .ok()
        } else {
            self.names()
                .iter()
                .position(|n| eq_ignore_ascii_case(n, name))
        }
    }

    /// Whether `name`, with no uppercase ASCII letter (a `HeaderName`'s),
    /// is in the list: [`ListedNames::position`] with only the listed names
    /// folded.
    #[inline]
    pub(crate) fn contains_lowercase(&self, name: &[u8]) -> bool {
        debug_assert!(!name.iter().any(u8::is_ascii_uppercase));
        self.may_hold(name)
            && if self.sorted {
                self.find(name).is_some()
            } else {
                self.names().iter().any(|n| eq_folding_first(n, name))
            }
    }
}

impl<'a> From<TokenList<'a>> for ListedNames<'a> {
    #[inline]
    fn from(items: TokenList<'a>) -> Self {
        items.into_inner().into()
    }
}

impl<'a> From<InlineVec<&'a [u8], SCAN_MAX>> for ListedNames<'a> {
    #[inline]
    fn from(mut names: InlineVec<&'a [u8], SCAN_MAX>) -> Self {
        let sorted = names.len() > SCAN_MAX;
        if sorted {
            names.sort_unstable_by(|a, b| cmp_ignore_ascii_case(a, b));
            names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        }
        let (lengths, firsts) = summary(&names);
        ListedNames {
            names,
            sorted,
            lengths,
            firsts,
        }
    }
}

impl<'a> FromIterator<&'a [u8]> for ListedNames<'a> {
    fn from_iter<I: IntoIterator<Item = &'a [u8]>>(names: I) -> Self {
        names.into_iter().collect::<TokenList>().into()
    }
}

/// One flag per position of a list (a list's names, a response's
/// headers): bits for up to 64, so the usual short lists allocate nothing.
/// Sixteen bytes: a filtered response carries one.
#[derive(Clone, Debug)]
pub(crate) enum Marks {
    Few(u64),
    Many(Box<[bool]>),
}

impl Marks {
    /// `n` flags, all unset.
    pub(crate) fn new(n: usize) -> Self {
        if n <= 64 {
            Marks::Few(0)
        } else {
            Marks::Many(vec![false; n].into())
        }
    }

    /// Any number of flags, all unset for good: for a list nothing will
    /// mark (an opaque response's headers), so a long one allocates nothing.
    /// [`Marks::set`] must not be called on it.
    pub(crate) fn none() -> Self {
        Marks::Few(0)
    }

    /// `n` flags, all set.
    pub(crate) fn all(n: usize) -> Self {
        match n {
            0..=63 => Marks::Few((1 << n) - 1),
            64 => Marks::Few(u64::MAX),
            _ => Marks::Many(vec![true; n].into()),
        }
    }

    pub(crate) fn set(&mut self, i: usize) {
        match self {
            Marks::Few(bits) => *bits |= 1 << i,
            Marks::Many(marks) => marks[i] = true,
        }
    }

    pub(crate) fn get(&self, i: usize) -> bool {
        match self {
            // `i` is past 63 only in `Marks::none`, whose bits are all
            // zero however the shift wraps.
            Marks::Few(bits) => bits.wrapping_shr(i as u32) & 1 == 1,
            Marks::Many(marks) => marks[i],
        }
    }

    /// How many flags are set.
    #[inline]
    pub(crate) fn count(&self) -> usize {
        match self {
            Marks::Few(bits) => bits.count_ones() as usize,
            Marks::Many(marks) => marks.iter().filter(|&&m| m).count(),
        }
    }
}

#[inline]
fn length_bit(name: &[u8]) -> u64 {
    1 << name.len().min(63)
}

/// A bit for the first byte of `name`, the same for both cases of a
/// letter (`| 0x20` maps `A`-`Z` onto `a`-`z`; any two names that match
/// byte-case-insensitively get the same bit, which is all a filter needs).
#[inline]
fn first_bit(name: &[u8]) -> u64 {
    1 << (name.first().map_or(0, |&b| b | 0x20) & 63)
}

/// The length and first-byte bits of every name.
fn summary(names: &[&[u8]]) -> (u64, u64) {
    names.iter().fold((0, 0), |(lengths, firsts), n| {
        (lengths | length_bit(n), firsts | first_bit(n))
    })
}

/// A total order in which two names are equal exactly when they are
/// byte-case-insensitive matches: shorter first, then by lowercased bytes.
fn cmp_ignore_ascii_case(a: &[u8], b: &[u8]) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| {
        a.iter()
            .map(u8::to_ascii_lowercase)
            .cmp(b.iter().map(u8::to_ascii_lowercase))
    })
}

/// `a.eq_ignore_ascii_case(b)` a word at a time: the filter and the
/// preflight check compare response header names and requested names with
/// the server's lists this way. Four- to seven-byte names are two
/// overlapping 4-byte words, longer ones 8-byte words and an overlapping
/// last one; about twice as fast as std's byte loop on header names.
#[inline]
pub(crate) fn eq_ignore_ascii_case(a: &[u8], b: &[u8]) -> bool {
    eq_by_words(a, b, |x, y| x == y || lowercase8(x) == lowercase8(y))
}

/// [`eq_ignore_ascii_case`] for a `lower` with no uppercase ASCII letter:
/// only `a` is folded.
#[inline]
pub(crate) fn eq_folding_first(a: &[u8], lower: &[u8]) -> bool {
    eq_by_words(a, lower, |x, y| x == y || lowercase8(x) == y)
}

/// Whether `a` and `b` have the same length and `same` holds for each pair
/// of their words: eight bytes, or four from four to seven, the last two
/// overlapping. Below four bytes, std's byte loop (for names compared
/// ignoring case).
#[inline]
fn eq_by_words(a: &[u8], b: &[u8], same: impl Fn(u64, u64) -> bool) -> bool {
    let len = a.len();
    if len != b.len() {
        return false;
    }
    if len < 4 {
        // Too short for a word; either fold agrees with std's here.
        return a.eq_ignore_ascii_case(b);
    }
    if len < 8 {
        let word = |s: &[u8], at: usize| {
            u64::from(u32::from_le_bytes(
                s[at..at + 4].try_into().expect("4 bytes"),
            ))
        };
        return same(word(a, 0), word(b, 0)) && same(word(a, len - 4), word(b, len - 4));
    }
    let word = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().expect("8 bytes"));
    let mut at = 0;
    while at + 8 < len {
        if !same(word(a, at), word(b, at)) {
            return false;
        }
        at += 8;
    }
    same(word(a, len - 8), word(b, len - 8))
}

/// The bytes of `x` with `A`-`Z` lowercased and every other byte
/// (non-ASCII included) unchanged. Each byte's test sets its own top bit
/// and never carries into the next byte.
#[inline]
fn lowercase8(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let ascii = !x & (0x80 * ONES);
    let low = x & (0x7f * ONES);
    // Top bit set where the byte is at least `A`, and where it is past `Z`.
    let from_a = low + (0x80 - u64::from(b'A')) * ONES;
    let past_z = low + (0x80 - u64::from(b'Z') - 1) * ONES;
    x | (from_a & !past_z & ascii) >> 2
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pair of bytes, at the first, a middle and the last position
    /// of 1- to 17-byte strings.
    #[test]
    fn eq_ignore_ascii_case_agrees_with_std() {
        for len in 1..=17 {
            for pos in [0, len / 2, len - 1] {
                for x in 0..=255u8 {
                    for y in 0..=255u8 {
                        let mut a = vec![b'k'; len];
                        let mut b = a.clone();
                        a[pos] = x;
                        b[pos] = y;
                        assert_eq!(
                            eq_ignore_ascii_case(&a, &b),
                            a.eq_ignore_ascii_case(&b),
                            "{a:?} {b:?}"
                        );
                        if !y.is_ascii_uppercase() {
                            assert_eq!(
                                eq_folding_first(&a, &b),
                                a.eq_ignore_ascii_case(&b),
                                "{a:?} {b:?}"
                            );
                        }
                    }
                }
            }
        }
        assert!(!eq_ignore_ascii_case(b"ab", b"abc"));
        assert!(eq_ignore_ascii_case(b"", b""));
    }

    #[test]
    fn short_and_long_lists_answer_alike() {
        let short: Vec<&[u8]> = vec![b"X-A", b"x-b", b"*", b"X-Request-ID", b"ETag"];
        let mut long = short.clone();
        long.extend([&b"y-1"[..], b"y-2", b"y-3", b"y-4", b"y-5", b"Y-6", b"x-a"]);
        for names in [short, long] {
            let listed = ListedNames::new(names);
            for (name, expected) in [
                (&b"x-a"[..], true),
                (b"X-B", true),
                (b"*", true),
                (b"x-c", false),
                (b"x-", false),
                (b"x-aa", false),
                (b"x-request-id", true),
                (b"x-request-ie", false),
                (b"etag", true),
                (b"etaf", false),
            ] {
                assert_eq!(listed.position(name).is_some(), expected, "{name:?}");
                if !name.iter().any(u8::is_ascii_uppercase) {
                    assert_eq!(listed.contains_lowercase(name), expected, "{name:?}");
                }
            }
            assert_eq!(listed.position(b"X-a"), listed.position(b"x-A"));
        }
    }

    #[test]
    fn collected_lists_answer_like_heap_lists() {
        let names: Vec<&[u8]> = vec![b"X-A", b"x-b", b"*", b"y-1", b"y-2", b"y-3", b"y-4", b"Y-5"];
        for n in [0, 1, SCAN_MAX - 1, SCAN_MAX] {
            let exact: ListedNames = names[..n].iter().copied().collect();
            let heap = ListedNames::new(names[..n].to_vec());
            assert_eq!(exact.len(), n);
            for name in [&b"x-a"[..], b"X-B", b"*", b"y-5", b"x-c", b""] {
                assert_eq!(exact.position(name), heap.position(name), "{name:?}");
            }
        }
        let mut long = names.clone();
        long.extend([&b"z-1"[..], b"x-a"]);
        let exact: ListedNames = long.iter().copied().collect();
        assert_eq!(exact.len(), SCAN_MAX + 1, "sorted, the repeated name once");
        assert!(exact.position(b"z-1").is_some() && exact.position(b"X-a").is_some());
    }

    /// Every name of up to two bytes over an alphabet with both cases of
    /// letters, digits and punctuation, looked up in short and long lists
    /// of such names: the answer is a plain scan's, whatever the length
    /// and first-byte filters skip.
    #[test]
    fn lookups_agree_with_a_plain_scan() {
        let alphabet = b"aAzZ09-*!_`@";
        let mut all: Vec<Vec<u8>> = vec![vec![]];
        for &a in alphabet {
            all.push(vec![a]);
            for &b in alphabet {
                all.push(vec![a, b]);
            }
        }
        for (step, take) in [(7, 3), (5, SCAN_MAX), (3, 40), (1, all.len())] {
            let listed: Vec<&[u8]> = all
                .iter()
                .step_by(step)
                .take(take)
                .map(|n| &n[..])
                .collect();
            let names: ListedNames = listed.iter().copied().collect();
            for probe in &all {
                let expected = listed.iter().any(|n| n.eq_ignore_ascii_case(probe));
                assert_eq!(
                    names.position(probe).is_some(),
                    expected,
                    "{probe:?} in {listed:?}"
                );
            }
        }
    }
}
