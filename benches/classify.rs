//! `classify`: main fetch's decision whether a request needs a preflight,
//! with its CORS-unsafe request-header names (the names the preflight
//! lists and the cache is asked about), for a PUT with 6 headers of which
//! 3 are safelisted.
//!
//! Baseline, same run: cloning the request's header list, the least any
//! per-request copy of the headers costs.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fetch_cors::headers::request::cors_unsafe_request_header_name_refs;
use fetch_cors::methods::is_cors_safelisted_method;

#[path = "common/mod.rs"]
mod common;

const HEADERS: [(&str, &str); 6] = [
    ("Accept", "application/json"),
    ("Accept-Language", "en-US,en;q=0.9"),
    ("Content-Type", "application/json"),
    (
        "X-Trace",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    ),
    (
        "Authorization",
        "Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo",
    ),
    ("Range", "bytes=0-1023"),
];

fn classify(c: &mut Criterion) {
    let request = common::request("https://api.example/items/7", "PUT", &HEADERS);
    let (method, headers) = (request.method(), request.headers());
    let names = cors_unsafe_request_header_name_refs(headers);
    let names: Vec<&str> = names.iter().map(|n| n.as_str()).collect();
    assert_eq!(names, ["authorization", "content-type", "x-trace"]);

    let mut group = c.benchmark_group("classify");
    group.throughput(Throughput::Elements(HEADERS.len() as u64));
    group.bench_function("engine", |b| {
        b.iter(|| {
            let (method, headers) = black_box((method, headers));
            // Main fetch, step 12.f: the method or a header is unsafe.
            let names = cors_unsafe_request_header_name_refs(headers);
            let preflight = !is_cors_safelisted_method(method) || !names.is_empty();
            (preflight, names)
        })
    });
    group.bench_function("baseline", |b| b.iter(|| black_box(headers).clone()));
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = classify
}
criterion_main!(benches);
