//! Byte-case-insensitive lookups of header names in the lists a server
//! sends (`Access-Control-Allow-Headers`, `Access-Control-Expose-Headers`).

use std::cmp::Ordering;

/// Lists at most this long are scanned; longer ones are sorted once.
const SCAN_MAX: usize = 8;

/// Header names from a list, looked up byte-case-insensitively with no
/// lowercased copies. A short list is scanned; a long one is sorted once and
/// binary-searched, so m lookups in n names cost O((n + m) log n), never
/// O(n × m): a 1 MiB list holds 100,000 names.
#[derive(Debug)]
pub(crate) struct ListedNames<'a> {
    names: Vec<&'a [u8]>,
    sorted: bool,
    /// Bit `n` (63 for 63 and more) is set when some name is `n` bytes
    /// long: most lookups of a name that is not listed stop there.
    lengths: u64,
}

impl<'a> ListedNames<'a> {
    pub(crate) fn new(mut names: Vec<&'a [u8]>) -> Self {
        let sorted = names.len() > SCAN_MAX;
        if sorted {
            names.sort_unstable_by(|a, b| cmp_ignore_ascii_case(a, b));
            names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        }
        let lengths = names.iter().fold(0, |bits, n| bits | length_bit(n));
        ListedNames {
            names,
            sorted,
            lengths,
        }
    }

    /// How many names there are (duplicates of a long list removed).
    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }

    /// Where `name` is in the list, if it is there: the same index for
    /// every spelling of it.
    pub(crate) fn position(&self, name: &[u8]) -> Option<usize> {
        if self.lengths & length_bit(name) == 0 {
            None
        } else if self.sorted {
            self.names
                .binary_search_by(|listed| cmp_ignore_ascii_case(listed, name))
                .ok()
        } else {
            self.names.iter().position(|n| n.eq_ignore_ascii_case(name))
        }
    }

    /// Whether `name` is in the list.
    pub(crate) fn contains(&self, name: &[u8]) -> bool {
        self.position(name).is_some()
    }
}

fn length_bit(name: &[u8]) -> u64 {
    1 << name.len().min(63)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_lists_answer_alike() {
        let short: Vec<&[u8]> = vec![b"X-A", b"x-b", b"*"];
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
            ] {
                assert_eq!(listed.contains(name), expected, "{name:?}");
            }
            assert_eq!(listed.position(b"X-a"), listed.position(b"x-A"));
        }
    }
}
