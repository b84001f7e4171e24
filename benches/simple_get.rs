//! `simple_get`: a cross-origin GET that needs no preflight, with 6 author
//! headers, through the whole state machine (main fetch, the request with
//! its `Origin`, the CORS check, the CORS filter) to the filtered response.
//!
//! Baseline, same run: `httparse` parsing the request head the engine sent
//! and the 12-header response head, as bytes. A user agent has to parse
//! both anyway; the engine's work should be small next to that.

use criterion::{criterion_group, criterion_main, Criterion};
use fetch_cors::{Policy, PreflightCache, RequestKind};

#[path = "common/mod.rs"]
mod common;

/// Six headers that are all CORS-safelisted (two `Accept` entries: there
/// are only five safelisted names), so no preflight.
const REQUEST_HEADERS: [(&str, &str); 6] = [
    ("Accept", "application/json"),
    ("Accept", "text/plain;q=0.5"),
    ("Accept-Language", "en-US,en;q=0.9"),
    ("Content-Language", "en"),
    ("Content-Type", "text/plain;charset=UTF-8"),
    ("Range", "bytes=0-1023"),
];

fn simple_get(c: &mut Criterion) {
    let policy = Policy::spec();
    let request = || common::request("https://api.example/data?id=7", "GET", &REQUEST_HEADERS);
    let response = || common::response(200, &common::API_RESPONSE);
    let mut cache = PreflightCache::new(policy.cache_capacity);

    // The path measured: one request, no preflight, a CORS response with
    // the 7 safelisted or exposed headers.
    let sent = common::sent_requests(request(), &policy, &mut cache, &[response()]);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0, RequestKind::Main);
    assert_eq!(
        common::run(request(), &policy, &mut cache, [response()]),
        (200, 6, 1)
    );
    let request_bytes = sent[0].1.clone();
    let response_bytes = common::response_bytes(200, &common::API_RESPONSE);

    let mut group = c.benchmark_group("simple_get");
    group.bench_function("engine", |b| {
        common::iter_with_setup(
            b,
            || (request(), response()),
            |(request, response)| common::run(request, &policy, &mut cache, [response]),
        )
    });
    group.bench_function("baseline", |b| {
        b.iter(|| common::parse_request(&request_bytes) + common::parse_response(&response_bytes))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = simple_get
}
criterion_main!(benches);
