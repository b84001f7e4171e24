//! The [CORS-preflight cache](https://fetch.spec.whatwg.org/#cors-preflight-cache).
//!
//! The spec's cache is a list of entries, each (network partition key,
//! byte-serialized origin, URL, credentials, max-age, and one method or one
//! header name). This one stores the same entries, grouped by their
//! (key, origin, URL) triple in a hash map, so a lookup hashes once and then
//! scans only that triple's entries. Groups are kept in least-recently-used
//! order in an intrusive list over the map's slots, and the whole cache
//! holds at most `capacity` entries: the spec lets a user agent remove
//! entries early, so eviction may make the cache forget, never allow more.
//!
//! Decisions the spec leaves open, taken here:
//! - An entry stores an absolute expiry; refreshing an entry's max-age
//!   restarts its clock (`now + max-age`), as browsers do.
//! - The URL is compared without its fragment, which is never sent.
//! - Expired entries are dropped when their group is next looked up or
//!   evicted; they never match.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use http::header::HeaderName;
use http::Method;
use indexmap::{Equivalent, IndexMap};

use crate::headers::request::is_cors_non_wildcard_request_header_name;
use crate::time::Timestamp;

const NIL: u32 = u32::MAX;

/// The (network partition key, byte-serialized origin, URL) triple shared
/// by the entries one preflight creates, borrowed for lookups.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CacheKey<'a> {
    /// The network partition key, if the request has one.
    pub partition: Option<&'a str>,
    /// The byte-serialized request origin (`null` when tainted or opaque).
    pub origin: &'a str,
    /// The request's current URL, serialized without its fragment.
    pub url: &'a str,
}

impl Hash for CacheKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.partition.hash(state);
        self.origin.hash(state);
        self.url.hash(state);
    }
}

/// The owned form of a [`CacheKey`]: one allocation holding the three
/// strings back to back.
#[derive(Debug, PartialEq, Eq)]
struct OwnedKey {
    bytes: Box<str>,
    /// Length of the partition key, or `NIL` when there is none.
    partition_len: u32,
    origin_len: u32,
}

impl OwnedKey {
    fn new(key: &CacheKey<'_>) -> Self {
        let partition = key.partition.unwrap_or("");
        let mut bytes = String::with_capacity(partition.len() + key.origin.len() + key.url.len());
        bytes.push_str(partition);
        bytes.push_str(key.origin);
        bytes.push_str(key.url);
        OwnedKey {
            bytes: bytes.into_boxed_str(),
            partition_len: key
                .partition
                .map_or(NIL, |p| u32::try_from(p.len()).unwrap_or(NIL - 1)),
            origin_len: u32::try_from(key.origin.len()).unwrap_or(u32::MAX),
        }
    }

    fn borrow(&self) -> CacheKey<'_> {
        let p = if self.partition_len == NIL {
            0
        } else {
            self.partition_len as usize
        };
        let o = p + self.origin_len as usize;
        CacheKey {
            partition: (self.partition_len != NIL).then(|| &self.bytes[..p]),
            origin: &self.bytes[p..o],
            url: &self.bytes[o..],
        }
    }
}

impl Hash for OwnedKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.borrow().hash(state);
    }
}

impl Equivalent<OwnedKey> for CacheKey<'_> {
    fn equivalent(&self, key: &OwnedKey) -> bool {
        *self == key.borrow()
    }
}

/// What an entry allows: one method (exact bytes) or one header name
/// (lowercased), or `*`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Allows<B> {
    Method(B),
    Header(B),
}

impl Allows<Box<[u8]>> {
    fn as_ref(&self) -> Allows<&[u8]> {
        match self {
            Allows::Method(m) => Allows::Method(m),
            Allows::Header(h) => Allows::Header(h),
        }
    }
}

#[derive(Clone, Debug)]
struct Entry {
    allows: Allows<Box<[u8]>>,
    credentials: bool,
    expires: Timestamp,
}

impl Entry {
    /// Whether this entry is a method or header-name cache entry match for
    /// `wanted` (key, origin and URL matched already by the group).
    fn matches(&self, wanted: &Allows<&[u8]>, credentials: Credentials) -> bool {
        if !credentials.matches(self) {
            return false;
        }
        let wildcard = |have: &[u8]| have == b"*" && credentials.wildcard(self);
        match (&self.allows, wanted) {
            (Allows::Method(have), Allows::Method(want)) => &have[..] == *want || wildcard(have),
            (Allows::Header(have), Allows::Header(want)) => {
                &have[..] == *want
                    || (wildcard(have) && !is_cors_non_wildcard_request_header_name(want))
            }
            _ => false,
        }
    }
}

#[derive(Debug)]
struct Group {
    entries: Vec<Entry>,
    /// Towards the most recently used group.
    prev: u32,
    /// Towards the least recently used group.
    next: u32,
}

/// How a lookup treats credentials, from the request and the policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Credentials {
    /// The request's credentials mode is `include`.
    pub include: bool,
    /// An entry stored with credentials matches a request without them
    /// (the spec: yes).
    pub credentialed_entries_serve_uncredentialed: bool,
    /// A `*` entry stored with credentials is a wildcard for an `include`
    /// request (the spec's text: yes; every browser: no).
    pub wildcard_entries_serve_credentialed: bool,
}

impl Credentials {
    /// The spec's rules for a request with or without credentials.
    pub fn spec(include: bool) -> Self {
        Credentials {
            include,
            credentialed_entries_serve_uncredentialed: true,
            wildcard_entries_serve_credentialed: true,
        }
    }

    /// [Cache entry match](https://fetch.spec.whatwg.org/#concept-cache-match)
    /// for the credentials part (key, origin and URL matched already).
    fn matches(&self, entry: &Entry) -> bool {
        if entry.credentials {
            self.include || self.credentialed_entries_serve_uncredentialed
        } else {
            !self.include
        }
    }

    /// Whether a `*` in a matching entry acts as a wildcard.
    fn wildcard(&self, entry: &Entry) -> bool {
        !(entry.credentials && self.include) || self.wildcard_entries_serve_credentialed
    }
}

/// The CORS-preflight cache: a value the caller owns and passes to every
/// fetch, never a global. It never reads a clock; every call takes `now`.
///
/// ```
/// use fetch_cors::{PreflightCache, Timestamp, cache::{CacheKey, Credentials}};
/// use http::Method;
/// let mut cache = PreflightCache::new(100);
/// let key = CacheKey { partition: None, origin: "https://app.example", url: "https://api.example/x" };
/// let creds = Credentials::spec(false);
/// cache.store(&key, creds, [&b"PUT"[..]], [&b"X-Custom"[..]], 5, Timestamp::ZERO);
/// assert!(cache.method_match(&key, &Method::PUT, creds, Timestamp::from_secs(4)));
/// assert!(!cache.method_match(&key, &Method::PUT, creds, Timestamp::from_secs(5)));
/// ```
#[derive(Debug)]
pub struct PreflightCache {
    groups: IndexMap<OwnedKey, Group>,
    /// Most recently used group.
    head: u32,
    /// Least recently used group.
    tail: u32,
    /// Entries in all groups.
    len: usize,
    capacity: usize,
}

impl PreflightCache {
    /// An empty cache that holds at most `capacity` entries.
    pub fn new(capacity: usize) -> Self {
        PreflightCache {
            groups: IndexMap::new(),
            head: NIL,
            tail: NIL,
            len: 0,
            capacity,
        }
    }

    /// The most entries it holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The number of entries (one per method or header name), expired ones
    /// not yet dropped included.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it holds no entry.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The number of (key, origin, URL) groups.
    pub fn groups(&self) -> usize {
        self.groups.len()
    }

    /// Drops every entry.
    pub fn clear_all(&mut self) {
        self.groups.clear();
        self.head = NIL;
        self.tail = NIL;
        self.len = 0;
    }

    /// [Method cache entry match](https://fetch.spec.whatwg.org/#concept-cache-match-method):
    /// a live matching entry whose method is `method` or `*`.
    pub fn method_match(
        &mut self,
        key: &CacheKey<'_>,
        method: &Method,
        credentials: Credentials,
        now: Timestamp,
    ) -> bool {
        let wanted = Allows::Method(method.as_str().as_bytes());
        self.any_live(key, now, |entry| entry.matches(&wanted, credentials))
    }

    /// [Header-name cache entry match](https://fetch.spec.whatwg.org/#concept-cache-match-header):
    /// a live matching entry whose header name is `name` (case-insensitive),
    /// or `*` when `name` is not `Authorization`.
    pub fn header_name_match(
        &mut self,
        key: &CacheKey<'_>,
        name: &HeaderName,
        credentials: Credentials,
        now: Timestamp,
    ) -> bool {
        let wanted = Allows::Header(name.as_str().as_bytes());
        self.any_live(key, now, |entry| entry.matches(&wanted, credentials))
    }

    /// Finds the group, drops its expired entries, marks it used, and tests
    /// its entries.
    fn any_live(
        &mut self,
        key: &CacheKey<'_>,
        now: Timestamp,
        test: impl Fn(&Entry) -> bool,
    ) -> bool {
        let Some(index) = self.groups.get_index_of(key) else {
            return false;
        };
        let group = &mut self.groups[index];
        let before = group.entries.len();
        // Entries must be removed once max-age has passed.
        group.entries.retain(|e| e.expires > now);
        let removed = before - group.entries.len();
        let found = group.entries.iter().any(test);
        self.len -= removed;
        if self.groups[index].entries.is_empty() {
            self.remove_group(index);
        } else {
            self.touch(index);
        }
        found
    }

    /// Steps 11.12's cache writes of [CORS-preflight fetch](https://fetch.spec.whatwg.org/#cors-preflight-fetch-0):
    /// for each method and each header name, refresh the max-age of a
    /// matching entry or create one with `credentials.include`.
    ///
    /// Entries are written in the order given; if a single preflight lists
    /// more than the capacity, the later ones are forgotten, so callers put
    /// the ones the current request needs first.
    pub fn store<'a>(
        &mut self,
        key: &CacheKey<'_>,
        credentials: Credentials,
        methods: impl IntoIterator<Item = &'a [u8]>,
        header_names: impl IntoIterator<Item = &'a [u8]>,
        max_age: u64,
        now: Timestamp,
    ) {
        let expires = now.saturating_add_secs(max_age);
        let index = match self.groups.get_index_of(key) {
            Some(index) => index,
            None => {
                let (index, _) = self.groups.insert_full(
                    OwnedKey::new(key),
                    Group {
                        entries: Vec::new(),
                        prev: NIL,
                        next: NIL,
                    },
                );
                self.push_front(index);
                index
            }
        };
        let group = &mut self.groups[index];
        let before = group.entries.len();
        group.entries.retain(|e| e.expires > now);
        let methods = methods
            .into_iter()
            .map(|m| Allows::Method(Box::<[u8]>::from(m)));
        let headers = header_names
            .into_iter()
            .map(|h| Allows::Header(h.to_ascii_lowercase().into_boxed_slice()));
        // Where each method or name already stands, so a preflight listing
        // n items costs O(n), not O(n x group size).
        let mut positions: HashMap<Allows<Box<[u8]>>, Vec<usize>> = HashMap::new();
        for (i, entry) in group.entries.iter().enumerate() {
            positions.entry(entry.allows.clone()).or_default().push(i);
        }
        let stars = [
            Allows::Method(Box::from(&b"*"[..])),
            Allows::Header(Box::from(&b"*"[..])),
        ];
        for allows in methods.chain(headers) {
            // "Set matching entry's max-age": the spec's match, `*` included.
            let wanted = allows.as_ref();
            let star = match allows {
                Allows::Method(_) => &stars[0],
                Allows::Header(_) => &stars[1],
            };
            let candidates = [&allows, star]
                .into_iter()
                .flat_map(|a| positions.get(a).into_iter().flatten());
            let existing = candidates
                .copied()
                .find(|&i| group.entries[i].matches(&wanted, credentials));
            if let Some(i) = existing {
                group.entries[i].expires = expires;
            } else if group.entries.len() < self.capacity {
                positions
                    .entry(allows.clone())
                    .or_default()
                    .push(group.entries.len());
                group.entries.push(Entry {
                    allows,
                    credentials: credentials.include,
                    expires,
                });
            }
        }
        let after = group.entries.len();
        self.len = self.len - before + after;
        if after == 0 {
            self.remove_group(index);
            return;
        }
        self.touch(index);
        self.evict_to_capacity(index);
    }

    /// [Clear cache entries](https://fetch.spec.whatwg.org/#concept-cache-clear)
    /// for a (key, origin, URL) triple, whatever their credentials, method
    /// or header name.
    pub fn clear(&mut self, key: &CacheKey<'_>) {
        if let Some(index) = self.groups.get_index_of(key) {
            self.remove_group(index);
        }
    }

    /// Evicts least recently used groups until the entries fit, sparing
    /// `keep` (the group just written, already trimmed to the capacity).
    fn evict_to_capacity(&mut self, keep: usize) {
        let mut keep = keep as u32;
        while self.len > self.capacity && self.tail != NIL {
            let victim = if self.tail == keep {
                self.groups[self.tail as usize].prev
            } else {
                self.tail
            };
            if victim == NIL {
                break;
            }
            let last = (self.groups.len() - 1) as u32;
            self.remove_group(victim as usize);
            // `swap_remove` moved the last group into the victim's slot.
            if keep == last {
                keep = victim;
            }
        }
    }

    fn unlink(&mut self, index: usize) {
        let (prev, next) = {
            let g = &self.groups[index];
            (g.prev, g.next)
        };
        match prev {
            NIL => self.head = next,
            p => self.groups[p as usize].next = next,
        }
        match next {
            NIL => self.tail = prev,
            n => self.groups[n as usize].prev = prev,
        }
    }

    fn push_front(&mut self, index: usize) {
        let old_head = self.head;
        {
            let g = &mut self.groups[index];
            g.prev = NIL;
            g.next = old_head;
        }
        match old_head {
            NIL => self.tail = index as u32,
            h => self.groups[h as usize].prev = index as u32,
        }
        self.head = index as u32;
    }

    fn touch(&mut self, index: usize) {
        if self.head != index as u32 {
            self.unlink(index);
            self.push_front(index);
        }
    }

    fn remove_group(&mut self, index: usize) {
        self.unlink(index);
        let Some((_, group)) = self.groups.swap_remove_index(index) else {
            return;
        };
        self.len -= group.entries.len();
        // The last group now sits at `index`: repoint its neighbours.
        if index < self.groups.len() {
            let (prev, next) = {
                let g = &self.groups[index];
                (g.prev, g.next)
            };
            match prev {
                NIL => self.head = index as u32,
                p => self.groups[p as usize].next = index as u32,
            }
            match next {
                NIL => self.tail = index as u32,
                n => self.groups[n as usize].prev = index as u32,
            }
        }
    }

    /// Checks the internal invariants; for tests.
    #[doc(hidden)]
    pub fn check_invariants(&self) {
        assert_eq!(
            self.len,
            self.groups.values().map(|g| g.entries.len()).sum::<usize>()
        );
        assert!(self.len <= self.capacity || self.groups.len() <= 1);
        let mut seen = 0;
        let mut at = self.head;
        let mut prev = NIL;
        while at != NIL {
            let g = &self.groups[at as usize];
            assert_eq!(g.prev, prev);
            prev = at;
            at = g.next;
            seen += 1;
            assert!(seen <= self.groups.len());
        }
        assert_eq!(self.tail, prev);
        assert_eq!(seen, self.groups.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Timestamp = Timestamp::ZERO;

    fn key(url: &str) -> CacheKey<'_> {
        CacheKey {
            partition: None,
            origin: "https://app.example",
            url,
        }
    }

    fn h(name: &str) -> HeaderName {
        HeaderName::from_bytes(name.as_bytes()).unwrap()
    }

    fn m(name: &str) -> Method {
        Method::from_bytes(name.as_bytes()).unwrap()
    }

    const NO: Credentials = Credentials {
        include: false,
        credentialed_entries_serve_uncredentialed: true,
        wildcard_entries_serve_credentialed: true,
    };
    const YES: Credentials = Credentials {
        include: true,
        ..NO
    };

    #[test]
    fn entries_expire_after_max_age() {
        let mut c = PreflightCache::new(10);
        let k = key("https://api.example/a");
        c.store(&k, NO, [&b"PUT"[..]], [], 5, T0);
        assert!(c.method_match(&k, &Method::PUT, NO, Timestamp::from_secs_f64(4.999)));
        assert!(!c.method_match(&k, &Method::PUT, NO, Timestamp::from_secs(5)));
        assert!(c.is_empty(), "expired entries are dropped");
        c.check_invariants();
    }

    #[test]
    fn max_age_zero_never_matches() {
        let mut c = PreflightCache::new(10);
        let k = key("https://api.example/a");
        c.store(&k, NO, [&b"PUT"[..]], [], 0, T0);
        assert!(!c.method_match(&k, &Method::PUT, NO, T0));
    }

    #[test]
    fn methods_match_exactly_headers_case_insensitively() {
        let mut c = PreflightCache::new(10);
        let k = key("https://api.example/a");
        c.store(&k, NO, [&b"patch"[..]], [&b"X-Custom"[..]], 60, T0);
        assert!(c.method_match(&k, &m("patch"), NO, T0));
        assert!(!c.method_match(&k, &m("PATCH"), NO, T0));
        assert!(c.header_name_match(&k, &h("x-custom"), NO, T0));
        assert!(!c.header_name_match(&k, &h("x-other"), NO, T0));
    }

    #[test]
    fn wildcards_never_cover_authorization() {
        let mut c = PreflightCache::new(10);
        let k = key("https://api.example/a");
        c.store(&k, NO, [&b"*"[..]], [&b"*"[..]], 60, T0);
        assert!(c.method_match(&k, &m("DELETE"), NO, T0));
        assert!(c.header_name_match(&k, &h("x-anything"), NO, T0));
        assert!(!c.header_name_match(&k, &h("authorization"), NO, T0));
    }

    #[test]
    fn credentials_rules() {
        let mut c = PreflightCache::new(10);
        let a = key("https://api.example/a");
        c.store(&a, NO, [&b"PUT"[..]], [], 60, T0);
        assert!(
            !c.method_match(&a, &Method::PUT, YES, T0),
            "uncredentialed entry, include request"
        );
        let b = key("https://api.example/b");
        c.store(&b, YES, [&b"PUT"[..]], [], 60, T0);
        assert!(c.method_match(&b, &Method::PUT, YES, T0));
        assert!(
            c.method_match(&b, &Method::PUT, NO, T0),
            "spec: credentialed serves both"
        );
        let firefox = Credentials {
            credentialed_entries_serve_uncredentialed: false,
            ..NO
        };
        assert!(!c.method_match(&b, &Method::PUT, firefox, T0));
    }

    #[test]
    fn credentialed_wildcard_entries_follow_the_policy() {
        let mut c = PreflightCache::new(10);
        let k = key("https://api.example/a");
        c.store(&k, YES, [&b"*"[..]], [], 60, T0);
        assert!(c.method_match(&k, &Method::PUT, YES, T0), "spec text");
        let strict = Credentials {
            wildcard_entries_serve_credentialed: false,
            ..YES
        };
        assert!(!c.method_match(&k, &Method::PUT, strict, T0));
        assert!(
            c.method_match(&k, &m("*"), strict, T0),
            "still a literal `*`"
        );
    }

    #[test]
    fn keys_separate_partitions_origins_and_urls() {
        let mut c = PreflightCache::new(10);
        let k = key("https://api.example/a");
        c.store(&k, NO, [&b"PUT"[..]], [], 60, T0);
        let other_url = key("https://api.example/b");
        let other_origin = CacheKey {
            origin: "null",
            ..k
        };
        let partitioned = CacheKey {
            partition: Some("top"),
            ..k
        };
        let empty_partition = CacheKey {
            partition: Some(""),
            ..k
        };
        for miss in [other_url, other_origin, partitioned, empty_partition] {
            assert!(!c.method_match(&miss, &Method::PUT, NO, T0), "{miss:?}");
        }
        // The split points of the owned key matter: "ab"+"c" is not "a"+"bc".
        let k1 = CacheKey {
            partition: Some("ab"),
            origin: "c",
            url: "u",
        };
        let k2 = CacheKey {
            partition: Some("a"),
            origin: "bc",
            url: "u",
        };
        c.store(&k1, NO, [&b"PUT"[..]], [], 60, T0);
        assert!(c.method_match(&k1, &Method::PUT, NO, T0));
        assert!(!c.method_match(&k2, &Method::PUT, NO, T0));
    }

    #[test]
    fn refresh_restarts_the_clock_and_does_not_duplicate() {
        let mut c = PreflightCache::new(10);
        let k = key("https://api.example/a");
        c.store(&k, NO, [&b"PUT"[..]], [], 5, T0);
        c.store(&k, NO, [&b"PUT"[..]], [], 5, Timestamp::from_secs(4));
        assert_eq!(c.len(), 1);
        assert!(c.method_match(&k, &Method::PUT, NO, Timestamp::from_secs(8)));
    }

    #[test]
    fn clear_removes_the_triple_whatever_the_credentials() {
        let mut c = PreflightCache::new(10);
        let k = key("https://api.example/a");
        c.store(&k, NO, [&b"PUT"[..]], [], 60, T0);
        c.store(&k, YES, [&b"DELETE"[..]], [], 60, T0);
        let other = key("https://api.example/b");
        c.store(&other, NO, [&b"PUT"[..]], [], 60, T0);
        c.clear(&k);
        assert!(!c.method_match(&k, &Method::PUT, NO, T0));
        assert!(!c.method_match(&k, &Method::DELETE, YES, T0));
        assert!(c.method_match(&other, &Method::PUT, NO, T0));
        c.check_invariants();
    }

    #[test]
    fn least_recently_used_groups_are_evicted_first() {
        let mut c = PreflightCache::new(3);
        let urls = ["https://x/1", "https://x/2", "https://x/3", "https://x/4"];
        for u in &urls[..3] {
            c.store(&key(u), NO, [&b"PUT"[..]], [], 60, T0);
        }
        assert!(c.method_match(&key(urls[0]), &Method::PUT, NO, T0));
        c.store(&key(urls[3]), NO, [&b"PUT"[..]], [], 60, T0);
        c.check_invariants();
        assert_eq!(c.len(), 3);
        assert!(
            c.method_match(&key(urls[0]), &Method::PUT, NO, T0),
            "recently used"
        );
        assert!(
            !c.method_match(&key(urls[1]), &Method::PUT, NO, T0),
            "least recently used"
        );
        assert!(c.method_match(&key(urls[3]), &Method::PUT, NO, T0));
    }

    #[test]
    fn a_preflight_larger_than_the_capacity_keeps_its_first_entries() {
        let mut c = PreflightCache::new(2);
        c.store(&key("https://x/0"), NO, [&b"GET"[..]], [], 60, T0);
        let k = key("https://x/1");
        c.store(&k, NO, [&b"PUT"[..]], [&b"a"[..], b"b", b"c"], 60, T0);
        c.check_invariants();
        assert_eq!(c.len(), 2);
        assert!(c.method_match(&k, &Method::PUT, NO, T0));
        assert!(c.header_name_match(&k, &h("a"), NO, T0));
        assert!(!c.header_name_match(&k, &h("b"), NO, T0));
        assert!(!c.method_match(&key("https://x/0"), &Method::GET, NO, T0));
    }

    #[test]
    fn capacity_zero_stores_nothing() {
        let mut c = PreflightCache::new(0);
        let k = key("https://x/1");
        c.store(&k, NO, [&b"PUT"[..]], [], 60, T0);
        assert!(!c.method_match(&k, &Method::PUT, NO, T0));
        assert!(c.is_empty());
        c.check_invariants();
    }
}
