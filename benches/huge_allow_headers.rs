//! `huge_allow_headers`: a preflight whose `Access-Control-Allow-Headers`
//! is 1 MiB of names (the request's three at the very end), through the
//! whole fetch with an empty cache: parse and check the list, store what
//! fits in the cache, send and filter the main request. The same at 128 KiB
//! (`huge_allow_headers_128k`) shows whether the cost is linear.
//!
//! Baseline, same run: counting the commas in the same bytes with `memchr`
//! (`baseline`), and with a plain byte loop, which the compiler vectorizes
//! (`baseline_byte_loop`, for reference).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fetch_cors::{Policy, PreflightCache};

#[path = "common/mod.rs"]
mod common;

/// `x-allowed-000000, x-allowed-000001, …` up to `len` bytes, ending with
/// the names the PUT needs.
fn allow_headers(len: usize) -> String {
    let tail = "X-Trace, X-Request-Id, X-Api-Version";
    let mut value = String::with_capacity(len);
    let mut i = 0;
    while value.len() + 18 + tail.len() < len {
        value.push_str(&format!("x-allowed-{i:06}, "));
        i += 1;
    }
    value.push_str(tail);
    value
}

fn bench_size(c: &mut Criterion, name: &str, len: usize) {
    let policy = Policy::spec();
    let value = allow_headers(len);
    let mut preflight_headers = common::PREFLIGHT_RESPONSE.to_vec();
    preflight_headers.retain(|(n, _)| *n != "Access-Control-Allow-Headers");
    preflight_headers.push(("Access-Control-Allow-Headers", &value));
    let request = || common::request(common::PUT_URL, "PUT", &common::PUT_HEADERS);
    let preflight = || common::response(204, &preflight_headers);
    let response = || common::response(200, &common::API_RESPONSE);
    let empty_cache = || PreflightCache::new(policy.cache_capacity);
    let mut cache = empty_cache();
    assert_eq!(
        common::run(request(), &policy, &mut cache, [preflight(), response()]).summary,
        (200, 6, 2)
    );
    assert_eq!(cache.len(), policy.cache_capacity, "the cache is full");

    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(value.len() as u64));
    group.bench_function("engine", |b| {
        common::bench_into_new_cache(b, &policy, request, preflight, response)
    });
    let bytes = value.as_bytes();
    group.bench_function("baseline", |b| {
        b.iter(|| memchr::memchr_iter(b',', black_box(bytes)).count())
    });
    group.bench_function("baseline_byte_loop", |b| {
        b.iter(|| black_box(bytes).iter().filter(|&&b| b == b',').count())
    });
    group.finish();
}

fn huge_allow_headers(c: &mut Criterion) {
    bench_size(c, "huge_allow_headers", 1 << 20);
    bench_size(c, "huge_allow_headers_128k", 128 << 10);
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = huge_allow_headers
}
criterion_main!(benches);
