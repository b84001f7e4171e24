//! `Browser` over an axum `Router` behind tower-http's `CorsLayer`, against
//! calling the same router directly, in the same run.
//!
//! - `cross_origin_get`: a GET from the page's origin. Direct: the router
//!   gets the request the browser would put on the wire (`Origin`,
//!   `Accept`).
//! - `put_cached_preflight`: a PUT with `Content-Type: application/json`
//!   whose preflight is cached, so one exchange goes over the wire. Direct:
//!   the PUT alone, with its `Origin`.
//!
//! Both sides build their request and read the whole response body inside
//! the timed part; the ratio browser/direct is what the layer adds.
//!
//! For scale, `loopback_get` does the GET over a socket: hyper-util's
//! client through `CorsLayer` against the same client alone, to the same
//! router served on 127.0.0.1 by the same runtime.

use std::time::Duration;

use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion};
use fetch_cors_tower::{FetchOptions, UserAgent};
use http::Request;
use http_body_util::BodyExt;
use http_body_util::Full;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::rt::TokioExecutor;
use tower::Layer;
use tower::ServiceExt;

#[path = "fixture/mod.rs"]
mod fixture;
use fixture::{get_request, put_request, router, MakeRequest, APP};

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let router = router();
    let browser = runtime.block_on(fixture::browser(&router));

    for (case, make) in [
        ("cross_origin_get", get_request as MakeRequest),
        ("put_cached_preflight", put_request as MakeRequest),
    ] {
        let mut group = c.benchmark_group(case);
        group.bench_function("direct", |b| {
            b.to_async(&runtime).iter(|| fixture::direct(&router, make))
        });
        group.bench_function("browser", |b| {
            b.to_async(&runtime)
                .iter(|| fixture::through(&browser, make))
        });
        group.finish();
    }

    // The same router over loopback HTTP/1.1.
    let addr = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        addr
    });
    let client = HyperClient::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let user_agent = UserAgent::new(FetchOptions::new(APP));
    let cors_client = fetch_cors_tower::CorsLayer::new(user_agent).layer(client.clone());
    let url = format!("http://{addr}/items/7");
    let mut group = c.benchmark_group("loopback_get");
    group.bench_function("direct", |b| {
        b.to_async(&runtime).iter(|| async {
            let request = Request::get(&url)
                .header("accept", "*/*")
                .header("origin", APP)
                .body(Full::default())
                .unwrap();
            let response = client.request(request).await.unwrap();
            assert!(response.status().is_success());
            response.into_body().collect().await.unwrap().to_bytes()
        })
    });
    group.bench_function("browser", |b| {
        b.to_async(&runtime).iter(|| async {
            let request = Request::get(&url).body(Full::default()).unwrap();
            let response = cors_client.clone().oneshot(request).await.unwrap();
            assert!(response.status().is_success());
            response.into_body().collect().await.unwrap().to_bytes()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
