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

fn simple_get(c: &mut Criterion) {
    let policy = Policy::spec();
    let request = common::simple_get_request;
    let mut cache = PreflightCache::new(policy.cache_capacity);
    common::bench_single_exchange(c, "simple_get", request, &policy, &mut cache);
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = simple_get
}
criterion_main!(benches);
