//! `redirect`: the cross-origin GET of `simple_get`, answered by a `302`
//! to another URL of the same API origin, then by the 12-header API
//! response. The engine CORS-checks the redirect, resolves its `Location`,
//! runs the redirect steps (credentials, method, `Authorization`, the URL
//! list, redirect-taint), runs main fetch again for the new URL (its
//! classification, the request with its `Origin`) and CORS-checks and
//! filters the final response.
//!
//! Baseline, same run: `httparse` parsing the two request heads the engine
//! sent and the two response heads, as bytes. The issue sets no target for
//! this path; the ratio is recorded in `benches/README.md`.

use criterion::{criterion_group, criterion_main, Criterion};
use fetch_cors::{Policy, PreflightCache, RequestKind};

#[path = "common/mod.rs"]
mod common;

/// The redirect: to a new version of the endpoint, with the
/// `Access-Control-Allow-Origin` a redirect must carry to be followed.
const REDIRECT: [(&str, &str); 6] = [
    ("Date", "Sat, 21 Nov 2026 10:00:00 GMT"),
    ("Server", "nginx"),
    ("Content-Length", "0"),
    ("Location", "https://api.example/v2/data?id=7"),
    ("Access-Control-Allow-Origin", common::APP),
    ("Vary", "Origin"),
];

fn redirect(c: &mut Criterion) {
    let policy = Policy::spec();
    let request = common::simple_get_request;
    let redirect = || common::response(302, &REDIRECT);
    let response = || common::response(200, &common::API_RESPONSE);
    let mut cache = PreflightCache::new(policy.cache_capacity);

    let sent = common::sent_requests(request(), &policy, &mut cache, &[redirect(), response()]);
    let kinds: Vec<_> = sent.iter().map(|(kind, _)| *kind).collect();
    assert_eq!(kinds, [RequestKind::Main, RequestKind::Main]);
    assert!(sent[1].1.starts_with(b"GET /v2/data?id=7 HTTP/1.1\r\n"));
    assert_eq!(
        common::run(request(), &policy, &mut cache, [redirect(), response()]).summary,
        (200, 6, 2)
    );
    let redirect_bytes = common::response_bytes(302, &REDIRECT);
    let response_bytes = common::response_bytes(200, &common::API_RESPONSE);

    let mut group = c.benchmark_group("redirect");
    group.bench_function("engine", |b| {
        common::iter_with_setup(
            b,
            || (request(), redirect(), response()),
            |(request, redirect, response)| {
                common::run(request, &policy, &mut cache, [redirect, response])
            },
        )
    });
    group.bench_function("baseline", |b| {
        b.iter(|| {
            common::parse_request(&sent[0].1)
                + common::parse_response(&redirect_bytes)
                + common::parse_request(&sent[1].1)
                + common::parse_response(&response_bytes)
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = redirect
}
criterion_main!(benches);
