//! `simple_get`: a cross-origin GET that needs no preflight, with 6 author
//! headers, through the whole state machine (main fetch, the request with
//! its `Origin`, the CORS check, the CORS filter) to the filtered response.
//!
//! Baseline, same run: `httparse` parsing the request head the engine sent
//! and the 12-header response head, as bytes. A user agent has to parse
//! both anyway; the engine's work should be small next to that.

use criterion::{criterion_group, criterion_main, Criterion};
use fetch_cors::{Policy, PreflightCache};

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
    let mut cache = PreflightCache::new(policy.cache_capacity);
    common::bench_single_exchange(c, "simple_get", request, &policy, &mut cache);
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = simple_get
}
criterion_main!(benches);
