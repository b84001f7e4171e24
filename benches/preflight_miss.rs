//! `preflight_miss`: the PUT of `preflight_hit` with an empty cache. The
//! engine builds the preflight, validates its response, stores the cache
//! entries, sends the PUT, and CORS-checks and filters its response.
//!
//! Baseline, same run: `httparse` parsing the two request heads the engine
//! sent (OPTIONS and PUT) and the two response heads, as bytes.
//!
//! `preflight_miss` starts each fetch with a new, empty cache, so it also
//! pays for the cache's first allocations. `preflight_miss_warm` is the
//! steady state: a cache that has been in use and is full, where each fetch
//! is to a URL it holds nothing for, and storing evicts the least recently
//! used entries.

use criterion::{criterion_group, criterion_main, Criterion};
use fetch_cors::{Policy, PreflightCache, RequestKind};

#[path = "common/mod.rs"]
mod common;

fn preflight_miss(c: &mut Criterion) {
    let policy = Policy::spec();
    let request = || common::request(common::PUT_URL, "PUT", &common::PUT_HEADERS);
    let preflight = || common::response(204, &common::PREFLIGHT_RESPONSE);
    let response = || common::response(200, &common::API_RESPONSE);
    let empty_cache = || PreflightCache::new(policy.cache_capacity);

    let sent = common::sent_requests(
        request(),
        &policy,
        &mut empty_cache(),
        &[preflight(), response()],
    );
    let kinds: Vec<_> = sent.iter().map(|(kind, _)| *kind).collect();
    assert_eq!(kinds, [RequestKind::Preflight, RequestKind::Main]);
    let mut cache = empty_cache();
    assert_eq!(
        common::run(request(), &policy, &mut cache, [preflight(), response()]).summary,
        (200, 6, 2)
    );
    assert_eq!(cache.len(), 4 + 4, "4 methods and 4 header names stored");
    let (preflight_bytes, main_bytes) = (sent[0].1.clone(), sent[1].1.clone());
    let preflight_response_bytes = common::response_bytes(204, &common::PREFLIGHT_RESPONSE);
    let response_bytes = common::response_bytes(200, &common::API_RESPONSE);

    let baseline = || {
        common::parse_request(&preflight_bytes)
            + common::parse_response(&preflight_response_bytes)
            + common::parse_request(&main_bytes)
            + common::parse_response(&response_bytes)
    };

    let mut group = c.benchmark_group("preflight_miss");
    group.bench_function("engine", |b| {
        common::bench_into_new_cache(b, &policy, request, preflight, response)
    });
    group.bench_function("baseline", |b| b.iter(baseline));
    group.finish();

    // 4,096 URLs in turn: a full cache holds 128 of these groups of 8
    // entries, so each one has long been evicted when it comes back.
    let url = |i: usize| format!("https://api.example/items/{i}?rev=3");
    let mut warm = empty_cache();
    for i in 0..256 {
        let request = common::request(&url(i), "PUT", &common::PUT_HEADERS);
        common::run(request, &policy, &mut warm, [preflight(), response()]);
    }
    assert_eq!(warm.len(), policy.cache_capacity);
    let mut next = 256;
    let mut group = c.benchmark_group("preflight_miss_warm");
    group.bench_function("engine", |b| {
        common::iter_with_setup(
            b,
            || {
                next = (next + 1) % 4096;
                let request = common::request(&url(next), "PUT", &common::PUT_HEADERS);
                (request, preflight(), response())
            },
            |(request, preflight, response)| {
                let outcome = common::run(request, &policy, &mut warm, [preflight, response]);
                assert_eq!(outcome.summary.2, 2, "a miss");
                outcome
            },
        )
    });
    group.bench_function("baseline", |b| b.iter(baseline));
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = preflight_miss
}
criterion_main!(benches);
