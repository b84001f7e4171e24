//! `cache_lookup_<n>`: one preflight-cache hit (a method cache entry match)
//! in a cache holding `n` live entries, n = 10, 10,000 and 1,000,000, one
//! per (origin, URL).
//!
//! Baseline, same run: a `std` `HashMap<(String, String), u64>` (origin,
//! URL to expiry) holding the same strings, looked up with the same keys.
//!
//! Each case cycles through 16 keys spread over the cache, so it measures
//! the lookup's own work with the keys' memory warm. `cache_lookup_cold_*`
//! walks all n keys in a scattered order instead, so nearly every lookup
//! misses the CPU caches: that one measures memory layout.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fetch_cors::cache::{CacheKey, Credentials};
use fetch_cors::{PreflightCache, Timestamp};
use http::Method;

#[path = "common/mod.rs"]
mod common;

fn url(i: usize) -> String {
    format!("https://api.example/items/{i}")
}

struct Filled {
    urls: Vec<String>,
    cache: PreflightCache,
    map: HashMap<(String, String), u64>,
    /// The same (origin, URL) pairs as owned keys for the map, by index.
    map_keys: Vec<(String, String)>,
}

/// Caches holding `n` entries: a PUT allowed for an hour on each URL.
fn filled(n: usize) -> Filled {
    let urls: Vec<String> = (0..n).map(url).collect();
    let mut cache = PreflightCache::new(n);
    let creds = Credentials::spec(false);
    let mut map = HashMap::with_capacity(n);
    for url in &urls {
        let key = CacheKey {
            partition: None,
            origin: common::APP,
            url,
        };
        cache.store(&key, creds, [&b"PUT"[..]], [], 3600, Timestamp::ZERO);
        map.insert((common::APP.to_owned(), url.clone()), 3600_u64);
    }
    assert_eq!(cache.len(), n);
    let map_keys = urls
        .iter()
        .map(|u| (common::APP.to_owned(), u.clone()))
        .collect();
    Filled {
        urls,
        cache,
        map,
        map_keys,
    }
}

/// Measures engine and baseline over the probe sequence `order`.
fn bench_lookups(c: &mut Criterion, name: &str, f: &mut Filled, order: &[usize]) {
    let now = Timestamp::from_secs(1);
    let creds = Credentials::spec(false);
    let Filled {
        urls,
        cache,
        map,
        map_keys,
    } = f;
    for &i in order {
        let key = CacheKey {
            partition: None,
            origin: common::APP,
            url: &urls[i],
        };
        assert!(cache.method_match(&key, &Method::PUT, creds, now));
        assert!(map.get(&map_keys[i]).is_some_and(|&e| e > 1));
    }
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(1));
    let mut next = 0;
    group.bench_function("engine", |b| {
        b.iter(|| {
            next = if next + 1 == order.len() { 0 } else { next + 1 };
            let key = CacheKey {
                partition: None,
                origin: common::APP,
                url: &urls[order[next]],
            };
            cache.method_match(black_box(&key), &Method::PUT, creds, now)
        })
    });
    let mut next = 0;
    group.bench_function("baseline", |b| {
        b.iter(|| {
            next = if next + 1 == order.len() { 0 } else { next + 1 };
            let key = &map_keys[order[next]];
            map.get(black_box(key)).is_some_and(|&expires| expires > 1)
        })
    });
    group.finish();
}

fn cache_lookup(c: &mut Criterion) {
    for n in [10, 10_000, 1_000_000] {
        let mut f = filled(n);
        let probes = n.min(16);
        let warm: Vec<usize> = (0..probes).map(|k| k * n / probes).collect();
        bench_lookups(c, &format!("cache_lookup_{n}"), &mut f, &warm);
        if n == 1_000_000 {
            // A stride coprime with n visits every key once, far apart.
            let cold: Vec<usize> = (0..n).map(|k| k * 618_033 % n).collect();
            bench_lookups(c, &format!("cache_lookup_cold_{n}"), &mut f, &cold);
        }
    }
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = cache_lookup
}
criterion_main!(benches);
