//! Model-based properties.
//!
//! The preflight cache runs side by side with a deliberately naive model: a
//! plain list of the entries `#concept-cache` describes, matched and updated
//! by transcriptions of the spec's sentences, with none of the real cache's
//! grouping, hashing, lazy expiry or eviction. The header classes are
//! compared with references transcribed the same way.
//!
//! Every property runs 10,000 cases unless `PROPTEST_CASES` says otherwise.

mod common;

use std::time::Duration;

use fetch_cors::cache::{CacheKey, Credentials};
use fetch_cors::headers::parse::get_decode_split;
use fetch_cors::headers::request::{
    cors_unsafe_request_header_names, is_cors_safelisted_request_header,
    is_forbidden_request_header, is_no_cors_safelisted_request_header,
    is_no_cors_safelisted_request_header_name,
};
use fetch_cors::headers::response::{
    is_cors_safelisted_response_header_name, is_forbidden_response_header_name, ExposedHeaders,
};
use fetch_cors::response::cors_filtered_headers;
use fetch_cors::{HeaderList, Policy, PreflightCache, Profile, Timestamp};
use http::header::HeaderName;
use http::Method;
use proptest::prelude::*;

/// The reference CORS-preflight cache, transcribed from
/// <https://fetch.spec.whatwg.org/#cors-preflight-cache> and steps 7.12-7.15
/// of <https://fetch.spec.whatwg.org/#cors-preflight-fetch-0>.
mod spec_cache {
    use fetch_cors::policy::CachedWildcard;

    const NANOS_PER_SEC: u128 = 1_000_000_000;

    /// What the cache algorithms read from a request: "determining the
    /// network partition key", "byte-serializing a request origin", its
    /// current URL, and whether its credentials mode is "include".
    #[derive(Clone, Copy, Debug)]
    pub struct Req<'a> {
        pub key: Option<&'a str>,
        pub origin: &'a str,
        pub url: &'a str,
        pub include: bool,
    }

    /// A [cache entry](https://fetch.spec.whatwg.org/#concept-cache), field
    /// for field.
    #[derive(Clone, Debug)]
    struct Entry {
        key: Option<String>,
        origin: Vec<u8>,
        url: String,
        max_age: u64,
        credentials: bool,
        /// Null, `*`, or a method.
        method: Option<Vec<u8>>,
        /// Null, `*`, or a header name, as the server spelled it.
        header_name: Option<Vec<u8>>,
        /// When it was stored, in the caller's nanoseconds: max-age counts
        /// "since storing the entry".
        stored: u64,
    }

    fn end_of(stored: u64, max_age: u64) -> u128 {
        (u128::from(stored) + u128::from(max_age) * NANOS_PER_SEC).min(u128::from(u64::MAX))
    }

    impl Entry {
        /// The instant max-age seconds have passed since storing. The
        /// caller's clock ends at `u64::MAX` nanoseconds, so a later instant
        /// is that end.
        fn end(&self) -> u128 {
            end_of(self.stored, self.max_age)
        }

        /// "Cache entries must be removed after the seconds specified in
        /// their max-age field have passed since storing the entry."
        fn removed_at(&self, now: u64) -> bool {
            u128::from(now) >= self.end()
        }
    }

    /// The cache: a list, nothing more. Removed entries stay in the list
    /// (they never match), so `entries.len()` bounds what the real cache can
    /// hold.
    #[derive(Clone, Debug)]
    pub struct Model {
        entries: Vec<Entry>,
        /// `Policy::credentialed_entries_serve_uncredentialed` (spec: true).
        credentialed_entries_serve_uncredentialed: bool,
        /// `Policy::wildcard_entries_serve_credentialed` (spec: true).
        wildcard_entries_serve_credentialed: bool,
        /// `Policy::cached_wildcard` (spec: any method, any header name
        /// but `Authorization`).
        cached_wildcard: CachedWildcard,
        /// Instead of the spec's one list, an upper bound of every list a
        /// user agent may hold after removing entries early (which the spec
        /// allows): see [`Model::store`].
        may_have_forgotten: bool,
    }

    impl Model {
        pub fn new(
            credentialed_entries_serve_uncredentialed: bool,
            wildcard_entries_serve_credentialed: bool,
            cached_wildcard: CachedWildcard,
            may_have_forgotten: bool,
        ) -> Self {
            Model {
                entries: Vec::new(),
                credentialed_entries_serve_uncredentialed,
                wildcard_entries_serve_credentialed,
                cached_wildcard,
                may_have_forgotten,
            }
        }

        /// Entries ever created and not cleared, removed ones included.
        pub fn len(&self) -> usize {
            self.entries.len()
        }

        /// [Cache entry match](https://fetch.spec.whatwg.org/#concept-cache-match),
        /// for an entry that is still in the cache at `now`.
        fn cache_entry_match(&self, entry: &Entry, request: &Req<'_>, now: u64) -> bool {
            !entry.removed_at(now)
                && entry.key.as_deref() == request.key
                && entry.origin == request.origin.as_bytes()
                && entry.url == request.url
                && ((entry.credentials
                    && (request.include || self.credentialed_entries_serve_uncredentialed))
                    || (!entry.credentials && !request.include))
        }

        /// Whether a matching entry's `*` stands for anything. The spec's
        /// text: always. The browsers' knobs: not when the entry was stored
        /// with credentials and the request has them; never, when `*` is
        /// only a literal token (Firefox).
        fn star_is_wildcard(&self, entry: &Entry, request: &Req<'_>) -> bool {
            self.cached_wildcard != CachedWildcard::Literal
                && (!(entry.credentials && request.include)
                    || self.wildcard_entries_serve_credentialed)
        }

        /// The entries that make a [method cache entry match](https://fetch.spec.whatwg.org/#concept-cache-match-method)
        /// for `method`: "its method is method or `*`".
        fn method_matches(&self, method: &[u8], request: &Req<'_>, now: u64) -> Vec<usize> {
            self.matches(request, now, |entry| match &entry.method {
                Some(m) => m == method || (m == b"*" && self.star_is_wildcard(entry, request)),
                None => false,
            })
        }

        /// The entries that make a [header-name cache entry match](https://fetch.spec.whatwg.org/#concept-cache-match-header)
        /// for `name`: a byte-case-insensitive match, or `*` when `name` is
        /// not a CORS non-wildcard request-header name (`Authorization`).
        fn header_matches(&self, name: &[u8], request: &Req<'_>, now: u64) -> Vec<usize> {
            self.matches(request, now, |entry| match &entry.header_name {
                Some(h) => {
                    h.eq_ignore_ascii_case(name)
                        || (h == b"*"
                            && (!name.eq_ignore_ascii_case(b"Authorization")
                                || self.cached_wildcard == CachedWildcard::AuthorizationToo)
                            && self.star_is_wildcard(entry, request))
                }
                None => false,
            })
        }

        fn matches(
            &self,
            request: &Req<'_>,
            now: u64,
            allows: impl Fn(&Entry) -> bool,
        ) -> Vec<usize> {
            (0..self.entries.len())
                .filter(|&i| {
                    let entry = &self.entries[i];
                    self.cache_entry_match(entry, request, now) && allows(entry)
                })
                .collect()
        }

        pub fn method_match(&self, method: &[u8], request: &Req<'_>, now: u64) -> bool {
            !self.method_matches(method, request, now).is_empty()
        }

        pub fn header_name_match(&self, name: &[u8], request: &Req<'_>, now: u64) -> bool {
            !self.header_matches(name, request, now).is_empty()
        }

        /// Steps 7.12-7.15 of CORS-preflight fetch, as four loops.
        ///
        /// In the upper-bound mode every entry the real cache might have
        /// kept is accounted for: each matching entry is refreshed (the real
        /// cache may have kept any one of them) but never shortened, and
        /// each item is created too (the real cache may have forgotten
        /// every match).
        pub fn store(
            &mut self,
            request: &Req<'_>,
            methods: &[&[u8]],
            header_names: &[&[u8]],
            max_age: u64,
            now: u64,
        ) {
            // 12. For each method with a method cache entry match, set the
            //     matching entry's max-age.
            for &method in methods {
                let matches = self.method_matches(method, request, now);
                self.refresh(
                    &matches,
                    |e| e.method.as_deref() == Some(method),
                    max_age,
                    now,
                );
            }
            // 13. For each method with none, create a new cache entry. The
            //     condition is read afresh each time round, so a duplicate in
            //     the list finds the entry its first occurrence created.
            for &method in methods {
                if self.may_have_forgotten || !self.method_match(method, request, now) {
                    self.create(request, max_age, Some(method), None, now);
                }
            }
            // 14. The same for header names.
            for &name in header_names {
                let matches = self.header_matches(name, request, now);
                let names_it = |e: &Entry| {
                    e.header_name
                        .as_deref()
                        .is_some_and(|h| h.eq_ignore_ascii_case(name))
                };
                self.refresh(&matches, names_it, max_age, now);
            }
            // 15.
            for &name in header_names {
                if self.may_have_forgotten || !self.header_name_match(name, request, now) {
                    self.create(request, max_age, None, Some(name), now);
                }
            }
        }

        /// "Set matching entry's max-age to max-age". The spec names one
        /// matching entry without saying which when the item itself and `*`
        /// both match: this takes the entry naming the item, else `*`, the
        /// earliest stored first. Setting the max-age restarts its count
        /// from now: the entry is stored again (the reading src/cache.rs
        /// documents, as browsers do).
        fn refresh(
            &mut self,
            matches: &[usize],
            names_item: impl Fn(&Entry) -> bool,
            max_age: u64,
            now: u64,
        ) {
            if self.may_have_forgotten {
                for &i in matches {
                    let entry = &mut self.entries[i];
                    if end_of(now, max_age) > entry.end() {
                        entry.stored = now;
                        entry.max_age = max_age;
                    }
                }
                return;
            }
            let chosen = matches
                .iter()
                .copied()
                .find(|&i| names_item(&self.entries[i]))
                .or(matches.first().copied());
            if let Some(i) = chosen {
                self.entries[i].max_age = max_age;
                self.entries[i].stored = now;
            }
        }

        /// [Create a new cache entry](https://fetch.spec.whatwg.org/#concept-cache-create-entry).
        fn create(
            &mut self,
            request: &Req<'_>,
            max_age: u64,
            method: Option<&[u8]>,
            header_name: Option<&[u8]>,
            now: u64,
        ) {
            self.entries.push(Entry {
                key: request.key.map(str::to_owned),
                origin: request.origin.as_bytes().to_vec(),
                url: request.url.to_owned(),
                max_age,
                credentials: request.include,
                method: method.map(<[u8]>::to_vec),
                header_name: header_name.map(<[u8]>::to_vec),
                stored: now,
            });
        }

        /// [Clear cache entries](https://fetch.spec.whatwg.org/#concept-cache-clear):
        /// key, origin and URL, whatever the credentials.
        pub fn clear(&mut self, request: &Req<'_>) {
            self.entries.retain(|e| {
                !(e.key.as_deref() == request.key
                    && e.origin == request.origin.as_bytes()
                    && e.url == request.url)
            });
        }

        pub fn clear_all(&mut self) {
            self.entries.clear();
        }
    }
}

/// (network partition key, byte-serialized origin, URL) triples. The last
/// four concatenate to the same bytes, to catch a key that forgets where
/// one part ends.
const KEYS: [(Option<&str>, &str, &str); 9] = [
    (None, "https://app.example", "https://api.example/a"),
    (
        Some("https://top.example"),
        "https://app.example",
        "https://api.example/a",
    ),
    (Some(""), "https://app.example", "https://api.example/a"),
    (None, "null", "https://api.example/a"),
    (None, "https://app.example", "https://api.example/b?q"),
    (Some("x"), "yz", "https://u/"),
    (Some("xy"), "z", "https://u/"),
    (None, "xyz", "https://u/"),
    (Some(""), "xyz", "https://u/"),
];

/// Methods as preflights list them and as requests use them (`patch` and
/// `PATCH` are different methods).
const METHODS: &[&str] = &[
    "PUT", "DELETE", "patch", "PATCH", "*", "GET", "POST", "OPTIONS",
];

/// Header names as servers spell them in `Access-Control-Allow-Headers`.
const ALLOWED_NAMES: &[&str] = &[
    "x-a",
    "X-A",
    "x-b",
    "X-B",
    "*",
    "Authorization",
    "authorization",
    "Content-Type",
    "x-c",
];

/// Header names as requests carry them (lowercase, as `HeaderName` is).
const REQUEST_NAMES: &[&str] = &["x-a", "x-b", "x-c", "authorization", "content-type", "*"];

#[derive(Clone, Debug)]
enum Op {
    /// A successful preflight's cache writes.
    Store {
        key: usize,
        include: bool,
        methods: Vec<&'static str>,
        names: Vec<&'static str>,
        max_age: u64,
    },
    /// HTTP fetch 4.1's lookups.
    Method {
        key: usize,
        include: bool,
        method: &'static str,
    },
    Header {
        key: usize,
        include: bool,
        name: &'static str,
    },
    /// The clock moves on by this many nanoseconds.
    Advance(u64),
    /// The clock jumps to this many nanoseconds before its end.
    NearTheEnd(u64),
    /// Main fetch's "clear cache entries" after a network error.
    Clear {
        key: usize,
    },
    ClearAll,
}

/// Reads an operation's fields from the bits of one number. Proptest's
/// structured strategies for a list of enums cost most of the run time in a
/// debug build; a `u64` per operation is cheap to make and still shrinks
/// towards simpler operations (fewer items, key 0, no time passing).
struct Bits(u64);

impl Bits {
    fn take(&mut self, bits: u32) -> u64 {
        let value = self.0 & ((1 << bits) - 1);
        self.0 >>= bits;
        value
    }

    fn pick<T: Copy>(&mut self, bits: u32, from: &[T]) -> T {
        from[self.take(bits) as usize % from.len()]
    }
}

impl Op {
    fn decode(seed: u64) -> Op {
        let mut bits = Bits(seed);
        let kind = bits.take(4);
        // Half the operations share two keys, so lookups find entries.
        let key = match bits.take(1) {
            0 => bits.take(1) as usize,
            _ => bits.take(4) as usize % KEYS.len(),
        };
        let include = bits.take(1) == 1;
        match kind {
            0..=4 => {
                let methods = (0..bits.take(2)).map(|_| bits.pick(3, METHODS)).collect();
                let names = (0..bits.take(3) % 6)
                    .map(|_| bits.pick(4, ALLOWED_NAMES))
                    .collect();
                // Mostly a few seconds, so entries expire during a run;
                // sometimes forever, or longer than any run.
                let max_age = match bits.take(3) {
                    0..=5 => bits.take(3),
                    6 => u64::MAX,
                    _ => seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1 << 20,
                };
                Op::Store {
                    key,
                    include,
                    methods,
                    names,
                    max_age,
                }
            }
            5..=8 => Op::Method {
                key,
                include,
                method: bits.pick(3, METHODS),
            },
            9..=11 => Op::Header {
                key,
                include,
                name: bits.pick(3, REQUEST_NAMES),
            },
            // Whole seconds land exactly on expiry instants; the rest between.
            12 | 13 => Op::Advance(match bits.take(2) {
                0 => 0,
                1 => 1_000_000_000,
                2 => 999_999_999,
                _ => bits.take(32) % 3_000_000_000,
            }),
            14 => Op::Clear { key },
            _ => match bits.take(2) {
                0 => Op::ClearAll,
                1 => Op::NearTheEnd(bits.take(34) % 10_000_000_000),
                _ => Op::Clear { key },
            },
        }
    }
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(any::<u64>(), 1..48)
        .prop_map(|seeds| seeds.into_iter().map(Op::decode).collect())
}

fn profile() -> impl Strategy<Value = Profile> {
    prop::sample::select(Profile::ALL.to_vec())
}

fn timestamp(nanos: u64) -> Timestamp {
    Timestamp::from_duration(Duration::from_nanos(nanos))
}

fn bytes<'a>(items: &[&'a str]) -> Vec<&'a [u8]> {
    items.iter().map(|s| s.as_bytes()).collect()
}

/// The largest number of entries the spec model ever lists for `ops`: a
/// real cache of that capacity never has to evict.
fn peak_entries(ops: &[Op], profile: Profile) -> usize {
    let policy = Policy::from_profile(profile);
    let mut model = spec_cache::Model::new(
        policy.credentialed_entries_serve_uncredentialed,
        policy.wildcard_entries_serve_credentialed,
        policy.cached_wildcard,
        false,
    );
    let mut now = 0u64;
    let mut peak = 0;
    for op in ops {
        match op {
            Op::Store {
                key,
                include,
                methods,
                names,
                max_age,
            } => {
                let (partition, origin, url) = KEYS[*key];
                let request = spec_cache::Req {
                    key: partition,
                    origin,
                    url,
                    include: *include,
                };
                model.store(&request, &bytes(methods), &bytes(names), *max_age, now);
                peak = peak.max(model.len());
            }
            Op::Advance(n) => now = now.saturating_add(*n),
            Op::NearTheEnd(n) => now = now.max(u64::MAX - n),
            Op::Clear { key } => {
                let (partition, origin, url) = KEYS[*key];
                model.clear(&spec_cache::Req {
                    key: partition,
                    origin,
                    url,
                    include: false,
                });
            }
            Op::ClearAll => model.clear_all(),
            Op::Method { .. } | Op::Header { .. } => {}
        }
    }
    peak
}

/// Runs `ops` on a real cache of `capacity` and on the spec model, and on
/// the upper-bound model when eviction is `expected`.
///
/// While the spec model has never listed more entries than `capacity`, the
/// real cache cannot have evicted anything and must answer exactly as the
/// spec model does. After that it may have forgotten, never invented: each
/// real hit must be a hit of the upper-bound model. Returns whether the
/// whole run was in the exact phase.
fn replay(
    ops: &[Op],
    capacity: usize,
    profile: Profile,
    expected: bool,
) -> Result<bool, TestCaseError> {
    let policy = Policy::from_profile(profile);
    let serve = policy.credentialed_entries_serve_uncredentialed;
    let wildcard = policy.wildcard_entries_serve_credentialed;
    let star = policy.cached_wildcard;
    let mut real = PreflightCache::new(capacity);
    let mut spec = spec_cache::Model::new(serve, wildcard, star, false);
    let mut upper = expected.then(|| spec_cache::Model::new(serve, wildcard, star, true));
    let mut exact = true;
    let mut exact_throughout = true;
    let mut now = 0u64;
    for (step, op) in ops.iter().enumerate() {
        let request = |key: usize, include: bool| {
            let (partition, origin, url) = KEYS[key];
            let model = spec_cache::Req {
                key: partition,
                origin,
                url,
                include,
            };
            let real_key = CacheKey {
                partition,
                origin,
                url,
            };
            let credentials = Credentials {
                include,
                credentialed_entries_serve_uncredentialed: serve,
                wildcard_entries_serve_credentialed: wildcard,
                cached_wildcard: star,
            };
            (model, real_key, credentials)
        };
        // A lookup's three answers, judged by the phase.
        let judge = |real: bool, spec: bool, upper: bool| {
            prop_assert!(
                !spec || upper,
                "step {step}: {op:?}: upper bound misses a spec hit"
            );
            if exact {
                prop_assert_eq!(real, spec, "step {}: {:?}: real vs spec model", step, op);
            } else {
                prop_assert!(
                    !real || upper,
                    "step {step}: {op:?}: a hit no preflight allowed"
                );
            }
            Ok(())
        };
        match op {
            Op::Store {
                key,
                include,
                methods,
                names,
                max_age,
            } => {
                let (model, real_key, credentials) = request(*key, *include);
                let (methods, names) = (bytes(methods), bytes(names));
                real.store(
                    &real_key,
                    credentials,
                    methods.iter().copied(),
                    names.iter().copied(),
                    *max_age,
                    timestamp(now),
                );
                spec.store(&model, &methods, &names, *max_age, now);
                if let Some(upper) = &mut upper {
                    upper.store(&model, &methods, &names, *max_age, now);
                }
                if spec.len() > capacity {
                    exact = false;
                    exact_throughout = false;
                }
            }
            Op::Method {
                key,
                include,
                method,
            } => {
                let (model, real_key, credentials) = request(*key, *include);
                let m = Method::from_bytes(method.as_bytes()).unwrap();
                let r = real.method_match(&real_key, &m, credentials, timestamp(now));
                let s = spec.method_match(method.as_bytes(), &model, now);
                let u = upper
                    .as_ref()
                    .map_or(s, |m| m.method_match(method.as_bytes(), &model, now));
                judge(r, s, u)?;
            }
            Op::Header { key, include, name } => {
                let (model, real_key, credentials) = request(*key, *include);
                let n = HeaderName::from_static(name);
                let r = real.header_name_match(&real_key, &n, credentials, timestamp(now));
                let s = spec.header_name_match(name.as_bytes(), &model, now);
                let u = upper
                    .as_ref()
                    .map_or(s, |m| m.header_name_match(name.as_bytes(), &model, now));
                judge(r, s, u)?;
            }
            Op::Advance(n) => now = now.saturating_add(*n),
            Op::NearTheEnd(n) => now = now.max(u64::MAX - n),
            Op::Clear { key } => {
                let (model, real_key, _) = request(*key, false);
                real.clear(&real_key);
                spec.clear(&model);
                if let Some(upper) = &mut upper {
                    upper.clear(&model);
                }
            }
            Op::ClearAll => {
                real.clear_all();
                spec.clear_all();
                if let Some(upper) = &mut upper {
                    upper.clear_all();
                }
                // Nothing is left to have been forgotten.
                exact = true;
            }
        }
        real.check_invariants();
        prop_assert!(
            real.len() <= capacity,
            "step {step}: len {} > capacity {capacity}",
            real.len()
        );
        if exact {
            prop_assert!(
                real.len() <= spec.len(),
                "step {step}: the real cache holds {} entries, the spec model only ever created {}",
                real.len(),
                spec.len()
            );
        }
    }
    Ok(exact_throughout)
}

/// Found by the cache properties below: a preflight that lists an item twice with
/// max-age 0 sets the item's own entry to 0 at the first occurrence, which
/// removes it; the second occurrence then has only `*` for a match, and the
/// spec sets that one to 0 too. The cache used to find the removed entry
/// again and leave `*` allowing everything.
#[test]
fn a_repeated_item_with_max_age_zero_reaches_the_wildcard_entry() {
    let key = CacheKey {
        partition: None,
        origin: "https://app.example",
        url: "https://api.example/a",
    };
    let credentials = Credentials::spec(false);
    let t0 = Timestamp::ZERO;
    let mut cache = PreflightCache::new(16);
    cache.store(
        &key,
        credentials,
        [&b"PUT"[..], b"*"],
        [&b"x-a"[..], b"*"],
        600,
        t0,
    );
    cache.store(
        &key,
        credentials,
        [&b"PUT"[..], b"PUT"],
        [&b"X-A"[..], b"X-A"],
        0,
        t0,
    );
    assert!(!cache.method_match(&key, &Method::DELETE, credentials, t0));
    let x_b = HeaderName::from_static("x-b");
    assert!(!cache.header_name_match(&key, &x_b, credentials, t0));
    cache.check_invariants();
}

proptest! {
    #![proptest_config(common::proptest_config())]

    /// With room for every entry the spec model ever lists (exactly that
    /// much, or a little more), the real cache answers every method and
    /// header-name lookup exactly as the spec's list does, under each
    /// profile's matching knobs.
    #[test]
    fn preflight_cache_equals_the_spec_model_when_nothing_is_evicted(
        ops in ops(),
        profile in profile(),
        slack in prop_oneof![3 => Just(0usize), 1 => 1usize..4],
    ) {
        let capacity = peak_entries(&ops, profile) + slack;
        let exact = replay(&ops, capacity, profile, false)?;
        prop_assert!(exact, "a capacity of {capacity} should never have to evict");
    }

    /// With a small capacity, the real cache answers as the spec model until
    /// it may have had to evict, and afterwards never allows a method or
    /// header no preflight allowed, past max-age, or across keys; it never
    /// holds more than its capacity.
    #[test]
    fn preflight_cache_forgets_but_never_invents_under_small_capacities(
        ops in ops(),
        profile in profile(),
        capacity in 0usize..8,
    ) {
        replay(&ops, capacity, profile, true)?;
    }
}

/// The header classes, transcribed from the spec text (shared with the fuzz
/// targets).
#[path = "reference/headers.rs"]
mod spec_headers;

/// Names every class cares about, plus near misses.
const NAMES: &[&str] = &[
    "accept",
    "accept-language",
    "content-language",
    "content-type",
    "range",
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "set-cookie2",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
    "proxy-",
    "sec-",
    "proxy",
    "sec",
    "proxy-authorization",
    "sec-fetch-mode",
    "x-http-method",
    "x-http-method-override",
    "x-method-override",
    "cache-control",
    "expires",
    "last-modified",
    "pragma",
    "authorization",
    "set-cookie3",
    "x-a",
    "content-type2",
    "accepts",
    "ranges",
];

/// Pieces values are made of: MIME types, ranges, method lists, languages,
/// and the bytes on either side of each rule.
const PIECES: &[&[u8]] = &[
    b"text/plain",
    b"TEXT/Plain",
    b"text",
    b"/",
    b"plain",
    b"multipart/form-data",
    b"application/x-www-form-urlencoded",
    b"application/json",
    b";",
    b"charset=utf-8",
    b"\"",
    b" ",
    b"\t",
    b"\r",
    b"\n",
    b",",
    b"bytes",
    b"=",
    b"-",
    b"0",
    b"1",
    b"500",
    b"007",
    b"99999999999999999999999",
    b"en-US",
    b"q=0.9",
    b"*",
    b"*/*",
    b"GET",
    b"TRACE",
    b"connect",
    b"tRaCk",
    b"\\",
    b"x",
    b"(",
    b"@",
    b"{",
    b"\x7f",
    b"\x01",
    b"\x0b",
    b"\x00",
    b"\xc3\xa9",
    b"\xe9",
];

/// The bytes of a token.
const TCHARS: &[u8] =
    b"!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A name with its letters in a random case, sometimes with a suffix, or a
/// random token. (Byte vectors, not regular expressions: those cost most of
/// a debug run.)
fn header_name() -> impl Strategy<Value = Vec<u8>> {
    let recase = |name: &[u8], mask: u64| -> Vec<u8> {
        name.iter()
            .enumerate()
            .map(|(i, b)| {
                if mask >> (i % 64) & 1 == 1 {
                    b.to_ascii_uppercase()
                } else {
                    *b
                }
            })
            .collect()
    };
    let suffix = prop::collection::vec(prop::sample::select(&b"ab0-"[..]), 1..4);
    prop_oneof![
        6 => (prop::sample::select(NAMES), any::<u64>())
            .prop_map(move |(n, mask)| recase(n.as_bytes(), mask)),
        2 => (prop::sample::select(NAMES), suffix, any::<u64>())
            .prop_map(move |(n, suffix, mask)| recase(&[n.as_bytes(), &suffix].concat(), mask)),
        1 => prop::collection::vec(prop::sample::select(TCHARS), 1..12),
    ]
}

/// A run of `byte`, long enough to cross the 128-byte limit sometimes.
fn filler() -> impl Strategy<Value = Vec<u8>> {
    (prop::sample::select(&b"a*;A0"[..]), 100usize..140).prop_map(|(b, n)| vec![b; n])
}

fn header_value() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        10 => prop::sample::select(PIECES).prop_map(<[u8]>::to_vec),
        3 => any::<u8>().prop_map(|b| vec![b]),
        1 => filler(),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

/// A header as a request may carry it: anything, or a long safelisted one
/// so that lists reach the 1024-byte budget.
fn request_header() -> impl Strategy<Value = (Vec<u8>, Vec<u8>)> {
    prop_oneof![
        3 => (header_name(), header_value()),
        2 => (
            prop::sample::select(&["Accept", "accept-language", "Content-Language"][..]),
            (60usize..=128)
        )
            .prop_map(|(n, len)| (n.as_bytes().to_vec(), vec![b'a'; len])),
    ]
}

fn name_of(bytes: &[u8]) -> HeaderName {
    HeaderName::from_bytes(bytes).expect("the strategies make tokens")
}

proptest! {
    #![proptest_config(common::proptest_config())]

    /// CORS-safelisted request-header, no-CORS-safelisted request-header
    /// and its name: Accept's unsafe bytes, the language byte sets, the
    /// Content-Type essences, single ranges with a start, the 128-byte
    /// limit.
    #[test]
    fn safelisted_request_headers_match_the_spec_text(
        name in header_name(),
        value in header_value(),
    ) {
        let header = name_of(&name);
        prop_assert_eq!(
            is_cors_safelisted_request_header(&header, &value),
            spec_headers::is_cors_safelisted_request_header(&name, &value),
            "CORS-safelisted {:?}: {:?}", header, value.escape_ascii().to_string()
        );
        prop_assert_eq!(
            is_no_cors_safelisted_request_header(&header, &value),
            spec_headers::is_no_cors_safelisted_request_header(&name, &value),
            "no-CORS-safelisted {:?}: {:?}", header, value.escape_ascii().to_string()
        );
        prop_assert_eq!(
            is_no_cors_safelisted_request_header_name(&header),
            spec_headers::is_no_cors_safelisted_request_header_name(&name)
        );
        if header == http::header::RANGE {
            for allow_whitespace in [false, true] {
                let real = fetch_cors::headers::parse::parse_single_range(&value, allow_whitespace)
                    .map(|r| (r.start.is_some(), r.end.is_some()));
                let spec = spec_headers::parse_single_range(&value, allow_whitespace)
                    .map(|(start, end)| (start.is_some(), end.is_some()));
                prop_assert_eq!(real, spec, "whitespace allowed: {}", allow_whitespace);
            }
        }
    }

    /// CORS-unsafe request-header names of a whole list: per-entry
    /// classification, the 1024-byte total that makes every safelisted
    /// name unsafe, lowercased, deduplicated and sorted.
    #[test]
    fn cors_unsafe_request_header_names_match_the_spec_text(
        headers in prop::collection::vec(request_header(), 0..20),
    ) {
        let mut list = HeaderList::new();
        for (name, value) in &headers {
            list.append(name_of(name), value.as_slice());
        }
        let real: Vec<Vec<u8>> = cors_unsafe_request_header_names(&list)
            .into_iter()
            .map(|n| n.as_str().as_bytes().to_vec())
            .collect();
        prop_assert_eq!(real, spec_headers::cors_unsafe_request_header_names(&headers));
    }

    /// Forbidden request-header: the 21 names, the `proxy-` and `sec-`
    /// prefixes, and method-override headers naming a forbidden method
    /// after get, decode, and split (whose pieces must agree too).
    #[test]
    fn forbidden_request_headers_match_the_spec_text(
        name in header_name(),
        value in header_value(),
    ) {
        let header = name_of(&name);
        prop_assert_eq!(
            is_forbidden_request_header(&header, &value),
            spec_headers::is_forbidden_request_header(&name, &value),
            "{:?}: {:?}", header, value.escape_ascii().to_string()
        );
        let real: Vec<Vec<u8>> = get_decode_split(&value).into_iter().map(<[u8]>::to_vec).collect();
        let spec: Vec<Vec<u8>> = spec_headers::get_decode_split(&value)
            .into_iter()
            .map(|s| s.chars().map(|c| c as u8).collect())
            .collect();
        prop_assert_eq!(real, spec, "{:?}", value.escape_ascii().to_string());
    }

    /// Forbidden response-header name, and CORS-safelisted response-header
    /// name given an exposed list (empty, listed names, or every name of
    /// the response for `*`).
    #[test]
    fn response_header_names_match_the_spec_text(
        name in header_name(),
        listed in prop::collection::vec(header_name(), 0..5),
        list_the_name in any::<bool>(),
    ) {
        let header = name_of(&name);
        let mut list = listed;
        if list_the_name {
            list.push(name.to_ascii_uppercase());
        }
        prop_assert_eq!(
            is_forbidden_response_header_name(&header),
            spec_headers::is_forbidden_response_header_name(&name)
        );
        let exposed = ExposedHeaders::Names(list.iter().map(|n| n.clone().into_boxed_slice()).collect());
        prop_assert_eq!(
            is_cors_safelisted_response_header_name(&header, &exposed),
            spec_headers::is_cors_safelisted_response_header_name(&name, &list)
        );
        prop_assert_eq!(
            is_cors_safelisted_response_header_name(&header, &ExposedHeaders::None),
            spec_headers::is_cors_safelisted_response_header_name(&name, &[])
        );
        // `*` without credentials exposes every name the response has,
        // this one included.
        prop_assert_eq!(
            is_cors_safelisted_response_header_name(&header, &ExposedHeaders::All),
            spec_headers::is_cors_safelisted_response_header_name(&name, std::slice::from_ref(&name))
        );
    }

    /// A CORS filtered response's header list: the response's headers, in
    /// order, less those whose names are not CORS-safelisted response-header
    /// names given the exposed list (short and long lists take different
    /// paths through the filter).
    #[test]
    fn cors_filtered_headers_match_the_spec_text(
        headers in prop::collection::vec((header_name(), any::<u8>()), 0..30),
        listed in prop::collection::vec(header_name(), 0..16),
    ) {
        let mut list = HeaderList::new();
        for (name, value) in &headers {
            list.append(name_of(name), vec![*value]);
        }
        let exposed = ExposedHeaders::Names(listed.iter().map(|n| n.clone().into_boxed_slice()).collect());
        let real: Vec<(Vec<u8>, Vec<u8>)> = cors_filtered_headers(&list, &exposed)
            .iter()
            .map(|(n, v)| (n.as_str().as_bytes().to_vec(), v.to_vec()))
            .collect();
        let spec: Vec<(Vec<u8>, Vec<u8>)> = headers
            .iter()
            .filter(|(name, _)| spec_headers::is_cors_safelisted_response_header_name(name, &listed))
            .map(|(name, value)| (name.to_ascii_lowercase(), vec![*value]))
            .collect();
        prop_assert_eq!(real, spec);
    }

    /// The same through a whole CORS fetch, where main fetch sets the
    /// exposed list from `Access-Control-Expose-Headers` (`*` meaning every
    /// name of the response unless credentials are included) and filters
    /// the response.
    #[test]
    fn cors_fetches_show_what_the_spec_text_shows(
        headers in prop::collection::vec((header_name(), any::<u8>()), 0..24),
        listed in prop::collection::vec(header_name(), 0..16),
        star in any::<bool>(),
        include in any::<bool>(),
    ) {
        let mut expose: Vec<&[u8]> = listed.iter().map(Vec::as_slice).collect();
        if star {
            expose.push(b"*");
        }
        let expose = expose.join(&b","[..]);
        let mut response: Vec<(Vec<u8>, Vec<u8>)> = vec![
            (b"Access-Control-Allow-Origin".to_vec(), b"https://app.example".to_vec()),
            (b"Access-Control-Allow-Credentials".to_vec(), b"true".to_vec()),
            (b"Access-Control-Expose-Headers".to_vec(), expose.clone()),
        ];
        response.extend(headers.iter().map(|(n, v)| (n.clone(), vec![*v])));
        let mut list = HeaderList::new();
        for (name, value) in &response {
            list.append(name_of(name), value.as_slice());
        }
        let credentials = if include {
            fetch_cors::request::CredentialsMode::Include
        } else {
            fetch_cors::request::CredentialsMode::Omit
        };
        let request = common::request("https://api.example/x", "https://app.example")
            .credentials(credentials)
            .build()
            .unwrap();
        let (_, outcome) = common::run(
            request,
            &Policy::spec(),
            &mut PreflightCache::new(4),
            Timestamp::ZERO,
            |_| fetch_cors::ResponseHead { status: 200, headers: list.clone() },
        );
        let real: Vec<(Vec<u8>, Vec<u8>)> = outcome
            .unwrap()
            .headers
            .iter()
            .map(|(n, v)| (n.as_str().as_bytes().to_vec(), v.to_vec()))
            .collect();
        // Main fetch: the list is every name of the response when the
        // extracted names (all tokens here) contain `*` and credentials are
        // not included, else those names.
        let extracted: Vec<Vec<u8>> = expose
            .split(|&b| b == b',')
            .filter(|n| !n.is_empty())
            .map(<[u8]>::to_vec)
            .collect();
        let exposed: Vec<Vec<u8>> = if !include && extracted.iter().any(|n| n == b"*") {
            response.iter().map(|(n, _)| n.clone()).collect()
        } else {
            extracted
        };
        let spec: Vec<(Vec<u8>, Vec<u8>)> = response
            .iter()
            .filter(|(name, _)| spec_headers::is_cors_safelisted_response_header_name(name, &exposed))
            .map(|(name, value)| (name.to_ascii_lowercase(), value.clone()))
            .collect();
        prop_assert_eq!(real, spec);
    }
}
