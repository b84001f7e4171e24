//! The [CORS-preflight cache](https://fetch.spec.whatwg.org/#cors-preflight-cache).
//!
//! The spec's cache is a list of entries, each (network partition key,
//! byte-serialized origin, URL, credentials, max-age, and one method or one
//! header name). This one stores the same entries, grouped by their
//! (key, origin, URL) triple, so a lookup hashes once and then scans only
//! that triple's entries. Groups are kept in least-recently-used order, and
//! the whole cache holds at most `capacity` entries: the spec lets a user
//! agent remove entries early, so eviction may make the cache forget, never
//! allow more.
//!
//! Layout, for a cache that may hold a million entries: groups sit densely
//! in one vector (a removed group's place is taken by the last one), found
//! through an open-addressing table of 4-byte slot numbers indexed by a
//! hash of the key. A group is 48 bytes and holds its first entry inline;
//! only groups with more entries have a separate vector. Methods and header
//! names are interned, so a million entries allowing `PUT` keep one copy of
//! it. What is left per entry beyond the key's strings is about 60 bytes
//! (see `benches/cache_memory.rs`).
//!
//! Decisions the spec leaves open, taken here:
//! - An entry stores an absolute expiry; refreshing an entry's max-age
//!   restarts its clock (`now + max-age`), as browsers do.
//! - The URL is the one the caller passes; fetch passes it without its
//!   fragment, which is never sent, unless the policy says otherwise
//!   (`Policy::cache_key_includes_fragment`).
//! - Expired entries are dropped when their group is next looked up,
//!   written or evicted; they never match. An entry whose max-age is 0 is
//!   never created (it would be removed at once).

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};

use http::header::HeaderName;
use http::Method;

use crate::headers::request::is_cors_non_wildcard_request_header_name;
use crate::policy::CachedWildcard;
use crate::time::Timestamp;

mod keyed_hash;
mod slot_index;
use keyed_hash::KeyedState;
use slot_index::SlotIndex;

/// No group, bucket, slot or name.
const NIL: u32 = u32::MAX;

/// The (network partition key, byte-serialized origin, URL) triple shared
/// by the entries one preflight creates, borrowed for lookups.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CacheKey<'a> {
    /// The network partition key, if the request has one.
    pub partition: Option<&'a str>,
    /// The byte-serialized request origin (`null` when tainted or opaque).
    pub origin: &'a str,
    /// The request's current URL, serialized (without its fragment, unless
    /// the policy keys the cache by it).
    pub url: &'a str,
}

impl Hash for CacheKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.partition.hash(state);
        self.origin.hash(state);
        self.url.hash(state);
    }
}

/// How a lookup treats credentials, and a `*` entry, from the request and
/// the policy.
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
    /// What a `*` entry stands for when it acts as a wildcard (the spec:
    /// any method, any header name but `Authorization`).
    pub cached_wildcard: CachedWildcard,
}

impl Credentials {
    /// The spec's rules for a request with or without credentials.
    pub fn spec(include: bool) -> Self {
        Credentials {
            include,
            credentialed_entries_serve_uncredentialed: true,
            wildcard_entries_serve_credentialed: true,
            cached_wildcard: CachedWildcard::ExceptAuthorization,
        }
    }

    /// [Cache entry match](https://fetch.spec.whatwg.org/#concept-cache-match)
    /// for the credentials part (key, origin and URL matched already).
    fn matches(&self, entry: Entry) -> bool {
        if entry.credentials() {
            self.include || self.credentialed_entries_serve_uncredentialed
        } else {
            !self.include
        }
    }

    /// Whether a `*` in a matching entry covers `wanted`.
    // Out of line: only `*` entries get here, and inlined it kept
    // `Entry::matches` out of line on every lookup.
    #[inline(never)]
    fn wildcard(&self, entry: Entry, wanted: Wanted<'_>) -> bool {
        let covers = match self.cached_wildcard {
            CachedWildcard::ExceptAuthorization => {
                !(wanted.kind == Kind::Header
                    && is_cors_non_wildcard_request_header_name(wanted.name))
            }
            CachedWildcard::AuthorizationToo => true,
            CachedWildcard::Literal => false,
        };
        covers
            && (!(entry.credentials() && self.include) || self.wildcard_entries_serve_credentialed)
    }
}

/// Whether an entry allows a method or a header name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Method,
    Header,
}

/// What a lookup or a write asks about: a method, or a header name
/// lowercased, as entries hold them; so names compare byte for byte.
#[derive(Clone, Copy, Debug)]
struct Wanted<'a> {
    kind: Kind,
    name: &'a [u8],
}

impl Wanted<'_> {
    /// Whether the name an entry holds is this one.
    fn is(&self, have: &[u8]) -> bool {
        have == self.name
    }
}

/// One entry: when it expires, and what it allows packed into 32 bits
/// (the interned name's id, the kind, the credentials flag).
#[derive(Clone, Copy, Debug)]
struct Entry {
    expires: Timestamp,
    what: u32,
}

impl Entry {
    fn new(kind: Kind, id: u32, credentials: bool, expires: Timestamp) -> Self {
        let kind = u32::from(kind == Kind::Header) << 1;
        Entry {
            expires,
            what: id << 2 | kind | u32::from(credentials),
        }
    }

    fn id(self) -> u32 {
        self.what >> 2
    }

    fn kind(self) -> Kind {
        if self.what & 2 == 0 {
            Kind::Method
        } else {
            Kind::Header
        }
    }

    fn credentials(self) -> bool {
        self.what & 1 == 1
    }

    fn live(self, now: Timestamp) -> bool {
        self.expires > now
    }

    /// Whether this entry is a method or header-name cache entry match for
    /// `wanted` (key, origin and URL matched already by the group).
    #[inline]
    fn matches(self, wanted: Wanted<'_>, credentials: Credentials, names: &Names) -> bool {
        if self.kind() != wanted.kind {
            return false;
        }
        let have = names.get(self.id());
        // Lengths first: most entries of a group differ in length from
        // the name looked for, and this runs for each entry of it.
        let named = (have.len() == wanted.name.len() && wanted.is(have))
            || (have == b"*" && credentials.wildcard(self, wanted));
        named && credentials.matches(self)
    }
}

/// The entries of one (key, origin, URL) triple.
///
/// 48 bytes: with the index's share, a group holding one entry costs about
/// 60 bytes beyond its key's strings.
#[derive(Debug)]
struct Group {
    /// The partition key (if any), the origin and the URL, back to back.
    key: Box<str>,
    /// The first entry, inline; every group has one.
    first_expires: Timestamp,
    first_what: u32,
    /// Length of the partition key, or `NIL` when there is none.
    partition_len: u32,
    origin_len: u32,
    /// The group used just after this one, towards the most recent.
    newer: u32,
    /// The group used just before this one, towards the least recent.
    older: u32,
    /// The rest of its entries, in `PreflightCache::more`, or `NIL`.
    more: u32,
}

// The memory per entry in the module documentation depends on it.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Group>() == 48);

impl Group {
    fn key(&self) -> CacheKey<'_> {
        let p = if self.partition_len == NIL {
            0
        } else {
            self.partition_len as usize
        };
        let o = p + self.origin_len as usize;
        CacheKey {
            partition: (self.partition_len != NIL).then(|| &self.key[..p]),
            origin: &self.key[p..o],
            url: &self.key[o..],
        }
    }

    fn first(&self) -> Entry {
        Entry {
            expires: self.first_expires,
            what: self.first_what,
        }
    }

    fn set_first(&mut self, entry: Entry) {
        self.first_expires = entry.expires;
        self.first_what = entry.what;
    }
}

/// The method and header-name bytes entries allow, each stored once however
/// many entries allow it (header names lowercased), with a use count so a
/// name no entry uses any more is freed.
#[derive(Debug, Default)]
struct Names {
    /// By id; a free id has no uses.
    slots: Vec<Name>,
    index: SlotIndex,
    free: Vec<u32>,
    hasher: KeyedState,
}

#[derive(Debug, Default)]
struct Name {
    bytes: NameBytes,
    hash: u64,
    uses: u32,
}

/// A name's bytes: in place up to 22 bytes (every method and nearly every
/// header name a preflight allows), so that interning one is not an
/// allocation; longer ones on the heap.
#[derive(Debug)]
enum NameBytes {
    Inline { len: u8, bytes: [u8; INLINE_NAME] },
    Heap(Box<[u8]>),
}

const INLINE_NAME: usize = 22;

impl Default for NameBytes {
    fn default() -> Self {
        NameBytes::Inline {
            len: 0,
            bytes: [0; INLINE_NAME],
        }
    }
}

impl From<&[u8]> for NameBytes {
    fn from(name: &[u8]) -> Self {
        if name.len() > INLINE_NAME {
            return NameBytes::Heap(name.into());
        }
        let mut bytes = [0; INLINE_NAME];
        bytes[..name.len()].copy_from_slice(name);
        NameBytes::Inline {
            len: name.len() as u8,
            bytes,
        }
    }
}

impl std::ops::Deref for NameBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            NameBytes::Inline { len, bytes } => &bytes[..usize::from(*len)],
            NameBytes::Heap(bytes) => bytes,
        }
    }
}

/// A name looked up: its hash, and its id if an entry uses it.
#[derive(Clone, Copy, Debug)]
struct Found {
    hash: u64,
    id: Option<u32>,
}

impl Names {
    fn get(&self, id: u32) -> &[u8] {
        &self.slots[id as usize].bytes
    }

    /// Looks up `name` (a method, or a header name lowercased).
    fn find(&self, name: &[u8]) -> Found {
        let hash = self.hasher.hash_one(name);
        let id = self
            .index
            .find(hash, |id| *self.slots[id as usize].bytes == *name)
            .map(|(_, id)| id);
        Found { hash, id }
    }

    /// The id of `name` for one more entry; `found` is what
    /// [`Names::find`] returned for it.
    fn acquire(&mut self, name: &[u8], found: Found) -> u32 {
        if let Some(id) = found.id {
            self.slots[id as usize].uses += 1;
            return id;
        }
        let name = Name {
            bytes: name.into(),
            hash: found.hash,
            uses: 1,
        };
        let id = match self.free.pop() {
            Some(id) => {
                self.slots[id as usize] = name;
                id
            }
            None => {
                // Entries keep an id in 30 bits.
                assert!(self.slots.len() < 1 << 30, "too many distinct names");
                if self.slots.capacity() == 0 {
                    // Room for a preflight's usual few methods and names
                    // at once, not grown from 4.
                    self.slots.reserve_exact(8);
                }
                self.slots.push(name);
                (self.slots.len() - 1) as u32
            }
        };
        let slots = &self.slots;
        self.index
            .insert(found.hash, id, |id| slots[id as usize].hash);
        id
    }

    /// One entry fewer uses `id`.
    fn release(&mut self, id: u32) {
        let name = &mut self.slots[id as usize];
        name.uses -= 1;
        if name.uses == 0 {
            let hash = name.hash;
            *name = Name::default();
            let bucket = self.index.bucket_of(hash, id);
            let slots = &self.slots;
            self.index.remove(bucket, |id| slots[id as usize].hash);
            self.free.push(id);
        }
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
    /// The groups, densely packed; a group's slot is its index here.
    groups: Vec<Group>,
    /// The groups by a hash of their key; at most half full, so a probe
    /// rarely looks at more than one group.
    index: SlotIndex,
    hasher: KeyedState,
    /// Entries past each group's first, by `Group::more`.
    more: Vec<Vec<Entry>>,
    /// Unused indices of `more`.
    more_free: Vec<u32>,
    names: Names,
    /// Most recently used group.
    newest: u32,
    /// Least recently used group.
    oldest: u32,
    /// Entries in all groups.
    len: usize,
    capacity: usize,
}

/// Where a write's candidates for a matching entry are, for a group large
/// enough that scanning it for each item would cost O(items × group size):
/// by name id and kind, the positions of its entries (at most one with and
/// one without credentials; see `PreflightCache::store`).
type Positions = HashMap<u32, [u32; 2], BuildHasherDefault<IdHasher>>;

/// Hashes the cache's own name ids (not bytes a server chose, so no
/// flooding to fear) with one multiplication.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u32 ids are hashed");
    }

    fn write_u32(&mut self, id: u32) {
        // Fibonacci hashing: the high bits, which the table reads, depend on
        // every bit of the id.
        self.0 = u64::from(id).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl PreflightCache {
    /// An empty cache that holds at most `capacity` entries.
    pub fn new(capacity: usize) -> Self {
        PreflightCache {
            groups: Vec::new(),
            index: SlotIndex::default(),
            hasher: KeyedState::default(),
            more: Vec::new(),
            more_free: Vec::new(),
            names: Names::default(),
            newest: NIL,
            oldest: NIL,
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
        let capacity = self.capacity;
        *self = PreflightCache::new(capacity);
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
        self.allows(key, Some(method), &[], credentials, now)
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
        self.allows(key, None, &[name], credentials, now)
    }

    /// Whether there is a method cache entry match for `method` (if given)
    /// and a header-name cache entry match for each of `names`: what HTTP
    /// fetch asks before deciding on a preflight, with one hash of the key.
    pub(crate) fn allows(
        &mut self,
        key: &CacheKey<'_>,
        method: Option<&Method>,
        names: &[&HeaderName],
        credentials: Credentials,
        now: Timestamp,
    ) -> bool {
        let Some(slot) = self.find(key) else {
            return false;
        };
        if !self.drop_expired(slot, now) {
            return false;
        }
        self.touch(slot);
        let group = &self.groups[slot as usize];
        let (first, more) = (group.first(), self.more_entries(group));
        let method = method.map(|m| (Kind::Method, m.as_str().as_bytes()));
        let names = names.iter().map(|n| (Kind::Header, n.as_str().as_bytes()));
        // A loop rather than a closure per item: the compiler kept the
        // closure out of line, a call for each of a request's few items.
        for (kind, name) in method.into_iter().chain(names) {
            let wanted = Wanted { kind, name };
            let usable = |e: Entry| e.matches(wanted, credentials, &self.names);
            if !(usable(first) || more.iter().any(|&e| usable(e))) {
                return false;
            }
        }
        true
    }

    /// When the live entry that matches `method` expires: the latest, if
    /// several match; `None` when none does. For a trace of a lookup; it
    /// reads the cache without touching its order.
    ///
    /// ```
    /// use fetch_cors::{PreflightCache, Timestamp, cache::{CacheKey, Credentials}};
    /// let mut cache = PreflightCache::new(16);
    /// let key = CacheKey { partition: None, origin: "https://app.example", url: "https://api.example/x" };
    /// let creds = Credentials::spec(false);
    /// cache.store(&key, creds, [&b"PUT"[..]], [], 600, Timestamp::ZERO);
    /// assert_eq!(cache.expiry(&key, b"PUT", creds, Timestamp::ZERO), Some(Timestamp::from_secs(600)));
    /// assert_eq!(cache.expiry(&key, b"DELETE", creds, Timestamp::ZERO), None);
    /// ```
    pub fn expiry(
        &self,
        key: &CacheKey<'_>,
        method: &[u8],
        credentials: Credentials,
        now: Timestamp,
    ) -> Option<Timestamp> {
        self.expiry_of(key, Kind::Method, method, credentials, now)
    }

    /// [`PreflightCache::expiry`] for a header name.
    pub fn header_expiry(
        &self,
        key: &CacheKey<'_>,
        name: &[u8],
        credentials: Credentials,
        now: Timestamp,
    ) -> Option<Timestamp> {
        self.expiry_of(key, Kind::Header, name, credentials, now)
    }

    fn expiry_of(
        &self,
        key: &CacheKey<'_>,
        kind: Kind,
        name: &[u8],
        credentials: Credentials,
        now: Timestamp,
    ) -> Option<Timestamp> {
        let slot = self.find(key)?;
        let wanted = Wanted { kind, name };
        self.entries(slot)
            .filter(|e| e.live(now) && e.matches(wanted, credentials, &self.names))
            .map(|e| e.expires)
            .max()
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
        // A max-age of 0 creates entries that are removed at once; it only
        // matters for the entries it refreshes.
        let creates = expires > now;
        let hash = self.hash(key);
        let mut slot = self
            .find_hashed(hash, key)
            .filter(|&slot| self.drop_expired(slot, now));
        // Entries older than this write: the only ones an item can refresh
        // to a new expiry (refreshing one this write created changes
        // nothing).
        let older = slot.map_or(0, |slot| self.entry_count(slot));
        if older == 0 && !creates {
            return;
        }
        let mut positions: Option<Positions> = None;
        // The id of `*` once a lookup needed it (`Some(None)`: no entry
        // has it).
        let mut star: Option<Option<u32>> = None;
        let items = methods
            .into_iter()
            .map(|m| (Kind::Method, m))
            .chain(header_names.into_iter().map(|h| (Kind::Header, h)));
        // At most this many entries after the first: a write's list rarely
        // names an item twice. Filtered lists (main fetch's) have no lower
        // bound; their upper one is exact unless an item repeats, so it is
        // trusted up to a few entries (growing 1, 4, 8 cost three
        // allocations a preflight), never far enough to let a list of one
        // name repeated reserve room for many.
        const TRUSTED_UPPER: usize = 16;
        let (lower, upper) = items.size_hint();
        let expected = lower
            .max(upper.unwrap_or(0).min(TRUSTED_UPPER))
            .min(self.capacity)
            .saturating_sub(1);
        // Header names are matched and kept lowercased; one buffer serves
        // every item that needs lowering, on the stack for the usual short
        // names.
        let mut short = [0u8; 64];
        let mut long = Vec::new();
        for (kind, name) in items {
            let name = if kind == Kind::Header && name.iter().any(u8::is_ascii_uppercase) {
                let lowered = match short.get_mut(..name.len()) {
                    Some(short) => short,
                    None => {
                        long.resize(name.len(), 0);
                        &mut long[..]
                    }
                };
                for (to, from) in lowered.iter_mut().zip(name) {
                    *to = from.to_ascii_lowercase();
                }
                &*lowered
            } else {
                name
            };
            let wanted = Wanted { kind, name };
            // The name's id if an entry anywhere has it: entries are
            // matched by id, and a new entry needs it anyway.
            let found = self.names.find(name);
            let count = slot.map_or(0, |slot| self.entry_count(slot));
            let full = count >= self.capacity;
            if full && older == 0 {
                // Nothing left that an item could refresh or create.
                break;
            }
            // "Set matching entry's max-age": the spec's match, `*`
            // included; an entry already set to max-age 0 is gone.
            if let Some(slot) = slot {
                if count > SCAN_MAX && positions.is_none() {
                    positions = Some(self.positions(slot));
                }
                let star = *star.get_or_insert_with(|| self.names.find(b"*").id);
                let ids = (found.id, star);
                let matching =
                    self.matching_entry(slot, wanted, credentials, now, ids, positions.as_ref());
                if let Some(at) = matching {
                    self.set_expires(slot, at, expires);
                    continue;
                }
            }
            if !creates || full {
                continue;
            }
            let id = self.names.acquire(name, found);
            if name == b"*" {
                star = Some(Some(id));
            }
            let entry = Entry::new(kind, id, credentials.include, expires);
            let at = match slot {
                None => {
                    slot = Some(self.insert_group(key, hash, entry));
                    0
                }
                Some(slot) => self.push_entry(slot, entry, expected),
            };
            if let Some(positions) = &mut positions {
                record_position(positions, entry, at);
            }
        }
        let Some(slot) = slot else { return };
        // Entries this write set to max-age 0 go now.
        if self.drop_expired(slot, now) {
            self.touch(slot);
            self.evict_to_capacity(slot);
        }
    }

    /// [Clear cache entries](https://fetch.spec.whatwg.org/#concept-cache-clear)
    /// for a (key, origin, URL) triple, whatever their credentials, method
    /// or header name.
    pub fn clear(&mut self, key: &CacheKey<'_>) {
        if let Some(slot) = self.find(key) {
            self.remove_group(slot);
        }
    }

    // ---- Entries of a group, by position: 0 is the first, 1.. in `more`.

    fn entry_count(&self, slot: u32) -> usize {
        let group = &self.groups[slot as usize];
        1 + match group.more {
            NIL => 0,
            more => self.more[more as usize].len(),
        }
    }

    fn entries(&self, slot: u32) -> impl Iterator<Item = Entry> + '_ {
        let group = &self.groups[slot as usize];
        std::iter::once(group.first()).chain(self.more_entries(group).iter().copied())
    }

    /// A group's entries past its first.
    fn more_entries(&self, group: &Group) -> &[Entry] {
        match group.more {
            NIL => &[],
            more => &self.more[more as usize],
        }
    }

    fn entry(&self, slot: u32, at: u32) -> Entry {
        let group = &self.groups[slot as usize];
        match at {
            0 => group.first(),
            at => self.more[group.more as usize][at as usize - 1],
        }
    }

    fn set_expires(&mut self, slot: u32, at: u32, expires: Timestamp) {
        let group = &mut self.groups[slot as usize];
        match at {
            0 => group.first_expires = expires,
            at => self.more[group.more as usize][at as usize - 1].expires = expires,
        }
    }

    /// Appends an entry to a group; returns its position.
    ///
    /// `expected` is how many more entries a write expects to add, so their
    /// vector is allocated once.
    fn push_entry(&mut self, slot: u32, entry: Entry, expected: usize) -> u32 {
        let group = &mut self.groups[slot as usize];
        if group.more == NIL {
            group.more = match self.more_free.pop() {
                Some(more) => more,
                None => {
                    self.more.push(Vec::new());
                    (self.more.len() - 1) as u32
                }
            };
        }
        let more = &mut self.more[group.more as usize];
        if more.capacity() == 0 {
            more.reserve_exact(expected.max(1));
        }
        more.push(entry);
        self.len += 1;
        more.len() as u32
    }

    /// The entry an item refreshes: a live matching entry naming it, else
    /// a live matching `*`, the earliest created first (the reading
    /// tests/model.rs transcribes). `ids` are the interned ids of the
    /// item's name and of `*`, if any entry has them: entries are found by
    /// id (scanning a small group, through `positions` for a large one),
    /// then checked by [`Entry::matches`].
    fn matching_entry(
        &self,
        slot: u32,
        wanted: Wanted<'_>,
        credentials: Credentials,
        now: Timestamp,
        (id, star): (Option<u32>, Option<u32>),
        positions: Option<&Positions>,
    ) -> Option<u32> {
        // Neither the name nor `*` was ever interned: no entry has either
        // (the usual case when a preflight's answer is stored for the
        // first time).
        if id.is_none() && star.is_none() {
            return None;
        }
        let usable =
            |entry: Entry| entry.live(now) && entry.matches(wanted, credentials, &self.names);
        match positions {
            None => {
                let mut star_at = None;
                for (entry, at) in self.entries(slot).zip(0..) {
                    if entry.kind() != wanted.kind {
                        continue;
                    }
                    let have = Some(entry.id());
                    if have == id {
                        if usable(entry) {
                            return Some(at);
                        }
                    } else if star_at.is_none() && have == star && usable(entry) {
                        star_at = Some(at);
                    }
                }
                star_at
            }
            Some(positions) => {
                let first = |id: Option<u32>| {
                    let at = positions.get(&position_key(wanted.kind, id?))?;
                    at.iter()
                        .copied()
                        .filter(|&at| at != NIL)
                        .find(|&at| usable(self.entry(slot, at)))
                };
                first(id).or_else(|| first(star))
            }
        }
    }

    /// A group's entries by name and kind, for [`PreflightCache::matching_entry`].
    fn positions(&self, slot: u32) -> Positions {
        let mut positions = Positions::default();
        for (entry, at) in self.entries(slot).zip(0..) {
            record_position(&mut positions, entry, at);
        }
        positions
    }

    /// Drops a group's expired entries, and the group if none is left.
    /// Returns whether the group is still there.
    fn drop_expired(&mut self, slot: u32, now: Timestamp) -> bool {
        if self.entries(slot).all(|e| e.live(now)) {
            return true;
        }
        let group = &mut self.groups[slot as usize];
        let mut survivors = Vec::new();
        let mut dead = Vec::new();
        if group.more != NIL {
            survivors = std::mem::take(&mut self.more[group.more as usize]);
            self.more_free.push(group.more);
            group.more = NIL;
        }
        survivors.insert(0, group.first());
        survivors.retain(|&e| {
            if !e.live(now) {
                dead.push(e.id());
            }
            e.live(now)
        });
        for id in dead {
            self.names.release(id);
            self.len -= 1;
        }
        let mut survivors = survivors.into_iter();
        let Some(first) = survivors.next() else {
            // Every entry was released above.
            self.unlink_and_remove(slot);
            return false;
        };
        let group = &mut self.groups[slot as usize];
        group.set_first(first);
        for entry in survivors {
            self.len -= 1;
            self.push_entry(slot, entry, 0);
        }
        true
    }

    // ---- The hash index.

    fn hash(&self, key: &CacheKey<'_>) -> u64 {
        self.hasher.hash_one(key)
    }

    fn find_hashed(&self, hash: u64, key: &CacheKey<'_>) -> Option<u32> {
        self.index
            .find(hash, |slot| self.groups[slot as usize].key() == *key)
            .map(|(_, slot)| slot)
    }

    fn find(&self, key: &CacheKey<'_>) -> Option<u32> {
        self.find_hashed(self.hash(key), key)
    }

    /// Adds a group for `key` holding `first`, most recently used; returns
    /// its slot.
    fn insert_group(&mut self, key: &CacheKey<'_>, hash: u64, first: Entry) -> u32 {
        let slot = self.groups.len() as u32;
        assert!(slot < NIL, "more than 4 billion preflight cache groups");
        let partition = key.partition.unwrap_or("");
        let mut bytes = String::with_capacity(partition.len() + key.origin.len() + key.url.len());
        bytes.push_str(partition);
        bytes.push_str(key.origin);
        bytes.push_str(key.url);
        let length = |s: &str| u32::try_from(s.len()).expect("a preflight cache key under 4 GiB");
        self.groups.push(Group {
            key: bytes.into_boxed_str(),
            first_expires: first.expires,
            first_what: first.what,
            partition_len: key.partition.map_or(NIL, length),
            origin_len: length(key.origin),
            newer: NIL,
            older: NIL,
            more: NIL,
        });
        self.len += 1;
        // Growing the index hashes every key again; groups keep no hash,
        // which would not fit in their 48 bytes.
        let (hasher, groups) = (&self.hasher, &self.groups);
        self.index
            .insert(hash, slot, |s| hasher.hash_one(groups[s as usize].key()));
        self.push_front(slot);
        slot
    }

    /// Removes a group and its entries.
    fn remove_group(&mut self, slot: u32) {
        let group = &self.groups[slot as usize];
        self.names.release(group.first().id());
        self.len -= 1;
        if group.more != NIL {
            let more = std::mem::take(&mut self.more[group.more as usize]);
            self.more_free.push(group.more);
            for entry in &more {
                self.names.release(entry.id());
            }
            self.len -= more.len();
        }
        self.groups[slot as usize].more = NIL;
        self.unlink_and_remove(slot);
    }

    /// Takes a group whose entries are released out of the list, the index
    /// and the vector, where the last group moves into its slot.
    fn unlink_and_remove(&mut self, slot: u32) {
        self.unlink(slot);
        let (hasher, groups) = (&self.hasher, &self.groups);
        let hash_of = |s: u32| hasher.hash_one(groups[s as usize].key());
        let bucket = self.index.bucket_of(hash_of(slot), slot);
        self.index.remove(bucket, hash_of);
        let last = (self.groups.len() - 1) as u32;
        if slot != last {
            let bucket = self.index.bucket_of(hash_of(last), last);
            self.index.renumber(bucket, slot);
            let (newer, older) = {
                let moved = &self.groups[last as usize];
                (moved.newer, moved.older)
            };
            match newer {
                NIL => self.newest = slot,
                n => self.groups[n as usize].older = slot,
            }
            match older {
                NIL => self.oldest = slot,
                o => self.groups[o as usize].newer = slot,
            }
        }
        self.groups.swap_remove(slot as usize);
    }

    // ---- Least-recently-used order and eviction.

    /// Evicts least recently used groups until the entries fit, sparing
    /// `keep` (the group just written, at most `capacity` entries).
    fn evict_to_capacity(&mut self, keep: u32) {
        let mut keep = keep;
        while self.len > self.capacity {
            let victim = match self.oldest {
                oldest if oldest == keep => self.groups[oldest as usize].newer,
                oldest => oldest,
            };
            if victim == NIL {
                break;
            }
            let last = (self.groups.len() - 1) as u32;
            self.remove_group(victim);
            // The last group moved into the victim's slot.
            if keep == last {
                keep = victim;
            }
        }
    }

    fn unlink(&mut self, slot: u32) {
        let (newer, older) = {
            let g = &self.groups[slot as usize];
            (g.newer, g.older)
        };
        match newer {
            NIL => self.newest = older,
            n => self.groups[n as usize].older = older,
        }
        match older {
            NIL => self.oldest = newer,
            o => self.groups[o as usize].newer = newer,
        }
    }

    fn push_front(&mut self, slot: u32) {
        let old_newest = self.newest;
        {
            let g = &mut self.groups[slot as usize];
            g.newer = NIL;
            g.older = old_newest;
        }
        match old_newest {
            NIL => self.oldest = slot,
            n => self.groups[n as usize].newer = slot,
        }
        self.newest = slot;
    }

    fn touch(&mut self, slot: u32) {
        if self.newest != slot {
            self.unlink(slot);
            self.push_front(slot);
        }
    }

    /// Checks the internal invariants; for tests.
    #[doc(hidden)]
    pub fn check_invariants(&self) {
        let slots = 0..self.groups.len() as u32;
        assert_eq!(
            self.len,
            slots.clone().map(|s| self.entry_count(s)).sum::<usize>()
        );
        assert!(self.len <= self.capacity || self.groups.len() <= 1);
        // The list holds every group once, in both directions.
        let mut seen = 0;
        let mut at = self.newest;
        let mut newer = NIL;
        while at != NIL {
            let g = &self.groups[at as usize];
            assert_eq!(g.newer, newer);
            newer = at;
            at = g.older;
            seen += 1;
            assert!(seen <= self.groups.len());
        }
        assert_eq!(self.oldest, newer);
        assert_eq!(seen, self.groups.len());
        // The index finds every group, and holds nothing else.
        assert!(self.index.is_at_most_half_full());
        for slot in slots.clone() {
            assert_eq!(self.find(&self.groups[slot as usize].key()), Some(slot));
        }
        assert_eq!(self.index.len(), self.groups.len());
        // Each name's use count is the number of entries using it.
        let mut uses: HashMap<u32, u32> = HashMap::new();
        for slot in slots {
            for entry in self.entries(slot) {
                *uses.entry(entry.id()).or_default() += 1;
            }
        }
        for (id, name) in self.names.slots.iter().enumerate() {
            assert_eq!(uses.get(&(id as u32)).copied().unwrap_or(0), name.uses);
            if name.uses > 0 {
                assert_eq!(self.names.find(&name.bytes).id, Some(id as u32));
            }
        }
        assert_eq!(self.names.index.len(), uses.len());
    }
}

/// Groups of at most this many entries are scanned by a write, not indexed.
const SCAN_MAX: usize = 16;

fn position_key(kind: Kind, id: u32) -> u32 {
    id << 1 | u32::from(kind == Kind::Header)
}

/// Adds a group's entry at `at` to `positions`, after those created
/// before it.
fn record_position(positions: &mut Positions, entry: Entry, at: u32) {
    let slots = positions
        .entry(position_key(entry.kind(), entry.id()))
        .or_insert([NIL; 2]);
    let free = if slots[0] == NIL { 0 } else { 1 };
    slots[free] = at;
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
        cached_wildcard: CachedWildcard::ExceptAuthorization,
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

    /// Names up to 22 bytes are kept in place, longer ones on the heap;
    /// names on both sides of that line, and of the 64 bytes lowered on
    /// the stack, match exactly, and go with their last entry.
    #[test]
    fn short_and_long_names_match_alike() {
        let mut c = PreflightCache::new(10);
        let k = key("https://api.example/a");
        let names: Vec<String> = [21, 22, 23, 64, 65, 300]
            .iter()
            .map(|&len| format!("X-{}", "N".repeat(len - 2)))
            .collect();
        c.store(&k, NO, [], names.iter().map(|n| n.as_bytes()), 60, T0);
        for name in &names {
            assert!(
                c.header_name_match(&k, &h(&name.to_lowercase()), NO, T0),
                "{name}"
            );
            let other = format!("{}m", &name[..name.len() - 1]);
            assert!(!c.header_name_match(&k, &h(&other), NO, T0), "{other}");
        }
        c.check_invariants();
        c.clear(&k);
        assert!(c.is_empty());
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
        // A one-byte name is as long as `*`, and still covered by it.
        assert!(c.header_name_match(&k, &h("x"), NO, T0));
        assert!(c.method_match(&k, &m("X"), NO, T0));
    }

    /// `Policy::cached_wildcard`. The spec (and Chromium): a cached `*`
    /// covers any method and any header name but `Authorization`. WebKit:
    /// `Authorization` too (browser-vectors/webkit/cache.json `GET with X-A
    /// (preflight allows `*`), then with Authorization (preflight allows
    /// authorization), ...`: the second GET goes without a preflight).
    /// Firefox: nothing (browser-vectors/firefox/cache.json `PUT then
    /// DELETE, preflight Access-Control-Allow-Methods `*`; ...` and `GET
    /// with X-A then with X-B, preflight Access-Control-Allow-Headers `*`;
    /// ...`: the second fetch is preflighted).
    #[test]
    fn what_a_cached_wildcard_covers_follows_the_policy() {
        let mut c = PreflightCache::new(10);
        let k = key("https://api.example/a");
        c.store(&k, NO, [&b"*"[..]], [&b"*"[..]], 600, T0);
        let with = |cached_wildcard| Credentials {
            cached_wildcard,
            ..NO
        };
        let spec = with(CachedWildcard::ExceptAuthorization);
        let webkit = with(CachedWildcard::AuthorizationToo);
        let firefox = with(CachedWildcard::Literal);
        assert!(!c.header_name_match(&k, &h("authorization"), spec, T0));
        assert!(c.header_name_match(&k, &h("authorization"), webkit, T0));
        assert!(!c.header_name_match(&k, &h("authorization"), firefox, T0));
        for creds in [spec, webkit] {
            assert!(c.method_match(&k, &Method::DELETE, creds, T0));
            assert!(c.header_name_match(&k, &h("x-b"), creds, T0));
        }
        assert!(!c.method_match(&k, &Method::DELETE, firefox, T0));
        assert!(!c.header_name_match(&k, &h("x-b"), firefox, T0));
        // Firefox still matches the token itself.
        assert!(c.method_match(&k, &m("*"), firefox, T0));
        // Its writes refresh only the literal token: `DELETE` gets an entry
        // of its own, which a later lookup finds.
        c.store(&k, firefox, [&b"DELETE"[..]], [], 600, T0);
        assert_eq!(c.len(), 3);
        assert!(c.method_match(&k, &Method::DELETE, firefox, T0));
        // A credentialed `*` still follows `wildcard_entries_serve_credentialed`.
        let b = key("https://api.example/b");
        c.store(&b, YES, [], [&b"*"[..]], 600, T0);
        let strict = Credentials {
            include: true,
            wildcard_entries_serve_credentialed: false,
            ..webkit
        };
        assert!(c.header_name_match(&b, &h("authorization"), webkit, T0));
        assert!(!c.header_name_match(&b, &h("authorization"), strict, T0));
        c.check_invariants();
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

    #[test]
    fn many_groups_stay_findable_through_removals() {
        let urls: Vec<String> = (0..2000).map(|i| format!("https://x/{i}")).collect();
        let mut c = PreflightCache::new(10_000);
        for (i, u) in urls.iter().enumerate() {
            c.store(&key(u), NO, [&b"PUT"[..]], [], 60 + (i % 2) as u64, T0);
        }
        c.check_invariants();
        // Every other group expires; each lookup removes one from the
        // middle of the table and the vector.
        let later = Timestamp::from_secs(60);
        for (i, u) in urls.iter().enumerate() {
            assert_eq!(c.method_match(&key(u), &Method::PUT, NO, later), i % 2 == 1);
        }
        c.check_invariants();
        assert_eq!(c.groups(), 1000);
        for (i, u) in urls.iter().enumerate() {
            c.clear(&key(u));
            if i % 100 == 0 {
                c.check_invariants();
            }
        }
        assert!(c.is_empty() && c.groups() == 0);
        c.check_invariants();
    }

    #[test]
    fn names_are_shared_and_freed() {
        let mut c = PreflightCache::new(100);
        for u in ["https://x/1", "https://x/2"] {
            c.store(
                &key(u),
                NO,
                [&b"PUT"[..]],
                [&b"X-Trace"[..], b"x-trace"],
                60,
                T0,
            );
        }
        assert_eq!(c.len(), 4, "x-trace is stored once per group");
        assert_eq!(c.names.index.len(), 2, "PUT and x-trace, once each");
        c.clear(&key("https://x/1"));
        assert_eq!(c.names.index.len(), 2);
        c.clear(&key("https://x/2"));
        assert_eq!(c.names.index.len(), 0);
        c.check_invariants();
    }

    #[test]
    fn a_large_group_refreshes_instead_of_duplicating() {
        let mut c = PreflightCache::new(1000);
        let k = key("https://x/1");
        let names: Vec<String> = (0..100).map(|i| format!("X-N{i}")).collect();
        let names: Vec<&[u8]> = names.iter().map(|n| n.as_bytes()).collect();
        c.store(&k, NO, [], names.iter().copied(), 5, T0);
        let lower: Vec<Vec<u8>> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
        c.store(
            &k,
            NO,
            [],
            lower.iter().map(Vec::as_slice),
            60,
            Timestamp::from_secs(4),
        );
        assert_eq!(c.len(), 100);
        assert!(c.header_name_match(&k, &h("x-n99"), NO, Timestamp::from_secs(30)));
        c.check_invariants();
    }

    #[test]
    fn a_zero_max_age_removes_what_it_refreshes() {
        let mut c = PreflightCache::new(10);
        let k = key("https://x/1");
        c.store(&k, NO, [&b"PUT"[..], b"DELETE"], [], 60, T0);
        c.store(&k, NO, [&b"PUT"[..]], [], 0, T0);
        assert_eq!(c.len(), 1);
        assert!(!c.method_match(&k, &Method::PUT, NO, T0));
        assert!(c.method_match(&k, &Method::DELETE, NO, T0));
        c.check_invariants();
    }
}
