//! `cache_memory`: what the preflight cache costs in memory per entry,
//! counted by a global allocator that tracks live bytes.
//!
//! Fills a cache with 1,000,000 entries two ways and prints, for each, the
//! live heap bytes, the bytes of the keys' strings (partition, origin and
//! URL, which any cache must keep), and the overhead per entry beyond them.
//! The target is at most 64 bytes of overhead per entry.
//!
//! - one entry per (origin, URL): a PUT allowed on each of 1,000,000 URLs,
//!   the worst case for per-key costs;
//! - four per (origin, URL): PUT and three header names on 250,000 URLs.
//!
//! Not a criterion bench: it measures bytes, once. Run it alone with
//! `cargo bench --bench cache_memory`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use fetch_cors::cache::{CacheKey, Credentials};
use fetch_cors::{PreflightCache, Timestamp};

/// The system allocator, counting the bytes currently allocated (requested
/// sizes; the allocator's own bookkeeping is not included).
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Relaxed);
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Relaxed);
        System.alloc_zeroed(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Relaxed);
        LIVE.fetch_sub(layout.size(), Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const TARGET: f64 = 64.0;
const ORIGIN: &str = "https://app.example";

/// Fills a cache with `entries` entries, `names.len() + 1` per URL, and
/// reports what it holds.
fn measure(entries: usize, what: &str, names: &[&[u8]]) {
    let per_url = names.len() + 1;
    let urls: Vec<String> = (0..entries / per_url)
        .map(|i| format!("https://api.example/items/{i}"))
        .collect();
    let key_bytes: usize = urls.iter().map(|u| ORIGIN.len() + u.len()).sum();
    let before = LIVE.load(Relaxed);
    let mut cache = PreflightCache::new(entries);
    for url in &urls {
        let key = CacheKey {
            partition: None,
            origin: ORIGIN,
            url,
        };
        let creds = Credentials::spec(false);
        cache.store(
            &key,
            creds,
            [&b"PUT"[..]],
            names.iter().copied(),
            600,
            Timestamp::ZERO,
        );
    }
    let live = LIVE.load(Relaxed) - before;
    assert_eq!(cache.len(), entries);
    let overhead = (live - key_bytes) as f64 / entries as f64;
    let met = overhead <= TARGET;
    println!(
        "cache_memory/{what}: {entries} entries in {} groups: {:.1} MB live, {:.1} MB of key strings, \
         {overhead:.1} bytes/entry overhead ({} the {TARGET} target), {:.1} bytes/entry in all",
        cache.groups(),
        live as f64 / 1e6,
        key_bytes as f64 / 1e6,
        if met { "meets" } else { "MISSES" },
        live as f64 / entries as f64,
    );
    drop(cache);
}

fn main() {
    // `cargo bench` passes `--bench` and criterion's other flags, which do
    // not apply here. Without `--bench` (`cargo test --benches`) this is a
    // smoke test: a smaller cache, quick in a debug build.
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--list") {
        return;
    }
    let entries = if args.iter().any(|a| a == "--bench") {
        1_000_000
    } else {
        10_000
    };
    measure(entries, "one_per_url", &[]);
    measure(
        entries,
        "four_per_url",
        &[b"x-trace", b"x-request-id", b"content-type"],
    );
}
