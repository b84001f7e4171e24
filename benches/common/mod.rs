//! What the benches share: the messages they measure, in the two forms that
//! are compared (the engine's types, and the HTTP/1.1 bytes `httparse`
//! reads), and a driver that runs one fetch to its end.
//!
//! Each bench file includes this with `#[path]`; not every file uses every
//! helper.
#![allow(dead_code)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Bencher, Criterion};
use fetch_cors::{
    Action, Fetch, HeaderList, OutgoingRequest, Policy, PreflightCache, Request, Response,
    ResponseHead, Timestamp,
};

/// The page's origin in every bench.
pub const APP: &str = "https://app.example";

/// Criterion settings for this machine: two cores, one of them often busy,
/// so fewer, longer samples than the default would be noisier. `--quick`,
/// `--measurement-time` and friends on the command line still win.
pub fn criterion() -> Criterion {
    Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args()
}

/// The author headers of `simple_get` and `redirect`: six headers that are
/// all CORS-safelisted (two `Accept` entries: there are only five
/// safelisted names), so no preflight.
pub const SAFELISTED_HEADERS: [(&str, &str); 6] = [
    ("Accept", "application/json"),
    ("Accept", "text/plain;q=0.5"),
    ("Accept-Language", "en-US,en;q=0.9"),
    ("Content-Language", "en"),
    ("Content-Type", "text/plain;charset=UTF-8"),
    ("Range", "bytes=0-1023"),
];

/// A typical API response: 12 headers, one of them exposed by name.
pub const API_RESPONSE: [(&str, &str); 12] = [
    ("Date", "Sat, 21 Nov 2026 10:00:00 GMT"),
    ("Server", "nginx"),
    ("Content-Type", "application/json; charset=utf-8"),
    ("Content-Length", "1024"),
    ("Cache-Control", "private, max-age=60"),
    ("ETag", "\"33a64df551425fcc55e4d42a148795d9f25f89d4\""),
    ("Last-Modified", "Fri, 20 Nov 2026 08:00:00 GMT"),
    ("Vary", "Origin, Accept-Encoding"),
    ("Access-Control-Allow-Origin", APP),
    ("Access-Control-Expose-Headers", "ETag, X-Request-Id"),
    ("X-Request-Id", "f058ebd6-02f7-4d3f-942e-904a9e7e2f7a"),
    ("Strict-Transport-Security", "max-age=63072000"),
];

/// The preflighted request of `preflight_hit` and `preflight_miss`: a PUT
/// with 3 custom headers (the engine adds `Accept: */*`).
pub const PUT_URL: &str = "https://api.example/items/7?rev=3";
pub const PUT_HEADERS: [(&str, &str); 3] = [
    (
        "X-Trace",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    ),
    ("X-Request-Id", "f058ebd6-02f7-4d3f-942e-904a9e7e2f7a"),
    ("X-Api-Version", "2026-11-01"),
];

/// The preflight's answer: it allows the PUT and its headers (and a few
/// more) for ten minutes.
pub const PREFLIGHT_RESPONSE: [(&str, &str); 8] = [
    ("Date", "Sat, 21 Nov 2026 10:00:00 GMT"),
    ("Server", "nginx"),
    ("Content-Length", "0"),
    ("Vary", "Origin"),
    ("Access-Control-Allow-Origin", APP),
    ("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE"),
    (
        "Access-Control-Allow-Headers",
        "Content-Type, X-Trace, X-Request-Id, X-Api-Version",
    ),
    ("Access-Control-Max-Age", "600"),
];

/// Times `routine` on inputs made by `setup`, outside the timed part.
///
/// Criterion's `iter_batched` frees each batch's input buffer inside the
/// timed part; for a large batch glibc then consolidates its free lists
/// there, which costs more than the routine. Here the buffers are reused,
/// and the routine's outputs are dropped outside the timed part too
/// (return whatever should outlive it, such as a cache).
pub fn iter_with_setup<I, O>(
    b: &mut Bencher,
    mut setup: impl FnMut() -> I,
    mut routine: impl FnMut(I) -> O,
) {
    const BATCH: u64 = 64;
    b.iter_custom(|iters| {
        let mut inputs = Vec::with_capacity(BATCH as usize);
        let mut outputs = Vec::with_capacity(BATCH as usize);
        let mut total = Duration::ZERO;
        let mut left = iters;
        while left > 0 {
            let n = left.min(BATCH);
            inputs.extend((0..n).map(|_| setup()));
            let start = Instant::now();
            for input in inputs.drain(..) {
                outputs.push(routine(black_box(input)));
            }
            total += start.elapsed();
            black_box(&outputs);
            outputs.clear();
            left -= n;
        }
        total
    })
}

/// A request built the way script builds it.
pub fn request(url: &str, method: &str, headers: &[(&str, &str)]) -> Request {
    let mut builder = Request::builder(url.parse().unwrap(), APP).method(method);
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    builder.build().unwrap()
}

/// The request of `simple_get` (and the first of `redirect`): a
/// cross-origin GET with [`SAFELISTED_HEADERS`].
pub fn simple_get_request() -> Request {
    request("https://api.example/data?id=7", "GET", &SAFELISTED_HEADERS)
}

/// A response head as the caller's HTTP parser would hand it over.
pub fn response(status: u16, headers: &[(&str, &str)]) -> ResponseHead {
    ResponseHead {
        status,
        headers: HeaderList::try_from_pairs(headers.iter().copied()).unwrap(),
    }
}

/// The same response as bytes on the wire.
pub fn response_bytes(status: u16, headers: &[(&str, &str)]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} OK\r\n").into_bytes();
    for (name, value) in headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out
}

/// A request the engine emitted, as bytes on the wire: request line, `Host`
/// (the caller's to add), then the engine's header list.
pub fn request_bytes(out: &OutgoingRequest) -> Vec<u8> {
    let path = &out.url[url::Position::BeforePath..url::Position::AfterQuery];
    let mut bytes = format!(
        "{} {path} HTTP/1.1\r\nHost: {}\r\n",
        out.method,
        out.url.host_str().unwrap()
    )
    .into_bytes();
    for (name, value) in out.headers.iter() {
        bytes.extend_from_slice(name.as_str().as_bytes());
        bytes.extend_from_slice(b": ");
        bytes.extend_from_slice(value);
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.extend_from_slice(b"\r\n");
    bytes
}

/// The baseline's unit of work: `httparse` parsing one request head.
pub fn parse_request(bytes: &[u8]) -> usize {
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(black_box(bytes)) {
        Ok(httparse::Status::Complete(n)) => n + request.headers.len(),
        other => panic!("not a complete request head: {other:?}"),
    }
}

/// The baseline's unit of work: `httparse` parsing one response head.
pub fn parse_response(bytes: &[u8]) -> usize {
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut response = httparse::Response::new(&mut headers);
    match response.parse(black_box(bytes)) {
        Ok(httparse::Status::Complete(n)) => n + response.headers.len(),
        other => panic!("not a complete response head: {other:?}"),
    }
}

/// What [`run`] hands back: a summary of the outcome, and what the caller
/// owns at the end of a fetch (the request it built, the response it
/// keeps), so that the timed routine returns them and they are dropped
/// outside the timed part, like the caller's inputs are built outside it.
pub struct Finished {
    /// The filtered response's status and header count, and how many
    /// requests went out.
    pub summary: (u16, usize, usize),
    _kept: (Request, Response),
}

/// Runs `request` to its end, answering the requests it sends with
/// `responses` in order. Everything the engine allocates and frees on the
/// way is measured; the request and the response are handed back by
/// [`Fetch::into_parts`] (see [`Finished`]).
pub fn run(
    request: Request,
    policy: &Policy,
    cache: &mut PreflightCache,
    responses: impl IntoIterator<Item = ResponseHead>,
) -> Finished {
    let mut responses = responses.into_iter();
    let mut fetch = Fetch::new(request, policy);
    let mut sent = 0;
    while let Action::Send(_) = fetch.poll(cache, Timestamp::ZERO) {
        sent += 1;
        let response = responses.next().expect("a response for each request");
        fetch.handle_response(response).unwrap();
    }
    match fetch.into_parts() {
        (request, Some(Ok(response))) => Finished {
            summary: (response.status, response.headers.len(), sent),
            _kept: (request, response),
        },
        (_, outcome) => panic!("the benched fetch failed: {outcome:?}"),
    }
}

/// Benches a preflighted fetch into a new, empty cache each time (so the
/// preflight is never a hit): `request`, its preflight's answer and its
/// response are made outside the timed part, and the cache is returned so
/// that dropping it is not timed either (a real cache outlives the fetch).
pub fn bench_into_new_cache(
    b: &mut Bencher,
    policy: &Policy,
    request: impl Fn() -> Request,
    preflight: impl Fn() -> ResponseHead,
    response: impl Fn() -> ResponseHead,
) {
    iter_with_setup(
        b,
        || {
            let cache = PreflightCache::new(policy.cache_capacity);
            (request(), preflight(), response(), cache)
        },
        |(request, preflight, response, mut cache)| {
            let outcome = run(request, policy, &mut cache, [preflight, response]);
            (outcome, cache)
        },
    )
}

/// Runs `request` once and returns the requests it sent, as the wire bytes
/// the baseline parses. Also what the benches use to check, before
/// measuring, that the engine takes the path they are named after.
pub fn sent_requests(
    request: Request,
    policy: &Policy,
    cache: &mut PreflightCache,
    responses: &[ResponseHead],
) -> Vec<(fetch_cors::RequestKind, Vec<u8>)> {
    let mut fetch = Fetch::new(request, policy);
    let mut responses = responses.iter().cloned();
    let mut sent = Vec::new();
    loop {
        match fetch.poll(cache, Timestamp::ZERO) {
            Action::Send(out) => {
                sent.push((out.kind, request_bytes(&out)));
                fetch.handle_response(responses.next().unwrap()).unwrap();
            }
            Action::Done(outcome) => {
                outcome.as_ref().expect("the benched fetch succeeds");
                return sent;
            }
        }
    }
}

/// The `simple_get` and `preflight_hit` shape: a request that goes out
/// alone (no preflight sent) and gets the API response. Checks that this is
/// the path measured, then benches the engine against `httparse` reading
/// the request head the engine sent and the response head.
pub fn bench_single_exchange(
    c: &mut Criterion,
    name: &str,
    request: impl Fn() -> Request,
    policy: &Policy,
    cache: &mut PreflightCache,
) {
    let response = || response(200, &API_RESPONSE);
    let sent = sent_requests(request(), policy, cache, &[response()]);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0, fetch_cors::RequestKind::Main);
    // A CORS response with the 7 safelisted or exposed headers.
    assert_eq!(
        run(request(), policy, cache, [response()]).summary,
        (200, 6, 1)
    );
    let request_bytes = sent[0].1.clone();
    let response_bytes = response_bytes(200, &API_RESPONSE);

    let mut group = c.benchmark_group(name);
    group.bench_function("engine", |b| {
        iter_with_setup(
            b,
            || (request(), response()),
            |(request, response)| run(request, policy, cache, [response]),
        )
    });
    group.bench_function("baseline", |b| {
        b.iter(|| parse_request(&request_bytes) + parse_response(&response_bytes))
    });
    group.finish();
}
