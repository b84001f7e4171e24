//! A cross-origin GET through the whole state machine, next to a baseline
//! measured in the same run (cloning the request's header list), so the
//! ratio is what is read.

use criterion::{criterion_group, criterion_main, Criterion};
use fetch_cors::{
    Action, Fetch, HeaderList, Policy, PreflightCache, Request, ResponseHead, Timestamp,
};

fn request() -> Request {
    let mut builder = Request::builder(
        "https://api.example/data?id=7".parse().unwrap(),
        "https://app.example",
    );
    for (n, v) in [
        ("Accept", "application/json"),
        ("Accept-Language", "en-US,en;q=0.9"),
        ("Content-Language", "en"),
        ("Range", "bytes=0-"),
        ("X-Requested-With", "x"),
        ("Cache-Control", "no-cache"),
    ] {
        builder = builder.header(n, v);
    }
    builder.build().unwrap()
}

fn response() -> ResponseHead {
    let mut headers = HeaderList::new();
    for i in 0..11 {
        headers.try_append(format!("x-h{i}"), "value").unwrap();
    }
    headers
        .try_append("Access-Control-Allow-Origin", "*")
        .unwrap();
    ResponseHead {
        status: 200,
        headers,
    }
}

fn simple_get(c: &mut Criterion) {
    let request = request();
    let response = response();
    let policy = Policy::spec();
    let mut cache = PreflightCache::new(policy.cache_capacity);
    let mut group = c.benchmark_group("simple_get");
    group.bench_function("engine", |b| {
        b.iter(|| {
            let mut fetch = Fetch::new(request.clone(), &policy);
            loop {
                match fetch.poll(&mut cache, Timestamp::ZERO) {
                    Action::Send(_) => fetch.handle_response(response.clone()).unwrap(),
                    Action::Done(outcome) => break outcome.is_ok(),
                }
            }
        })
    });
    group.bench_function("baseline", |b| b.iter(|| request.headers().clone()));
    group.finish();
}

criterion_group!(benches, simple_get);
criterion_main!(benches);
