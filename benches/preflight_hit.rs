//! `preflight_hit`: a PUT with 3 custom headers whose preflight is cached,
//! through the whole state machine to the filtered response: main fetch
//! classifies it, the cache answers for the method and the three names, the
//! PUT goes out, its response is CORS-checked and filtered.
//!
//! Baseline, same run: `httparse` parsing the PUT's request head and the
//! 12-header response head, as bytes.

use criterion::{criterion_group, criterion_main, Criterion};
use fetch_cors::{Policy, PreflightCache};

#[path = "common/mod.rs"]
mod common;

fn preflight_hit(c: &mut Criterion) {
    let policy = Policy::spec();
    let request = || common::request(common::PUT_URL, "PUT", &common::PUT_HEADERS);
    let preflight = || common::response(204, &common::PREFLIGHT_RESPONSE);
    let response = || common::response(200, &common::API_RESPONSE);
    let mut cache = PreflightCache::new(policy.cache_capacity);

    // Fill the cache with a first fetch; from then on the PUT goes out
    // directly.
    let first = common::sent_requests(request(), &policy, &mut cache, &[preflight(), response()]);
    assert_eq!(first.len(), 2);
    common::bench_single_exchange(c, "preflight_hit", request, &policy, &mut cache);
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = preflight_hit
}
criterion_main!(benches);
