//! A tiny harness: a fake server as a closure, a step bound so a livelock
//! cannot hang the suite, and a transcript of what went on the wire.
#![allow(dead_code)]

use fetch_cors::{
    Action, Fetch, FetchError, HeaderList, OutgoingRequest, Policy, PreflightCache, Request,
    Response, ResponseHead, Timestamp,
};

/// The most requests one fetch may send: 21 hops, each with a preflight.
pub const STEP_BOUND: usize = 64;

/// One line per request: `KIND METHOD URL origin=… creds=…`.
pub fn line(out: &OutgoingRequest) -> String {
    let origin = out
        .headers
        .get("origin")
        .map(|v| String::from_utf8_lossy(&v).into_owned());
    format!(
        "{:?} {} {} origin={} creds={}",
        out.kind,
        out.method,
        out.url,
        origin.as_deref().unwrap_or("-"),
        out.include_credentials
    )
}

pub fn run(
    request: Request,
    policy: &Policy,
    cache: &mut PreflightCache,
    now: Timestamp,
    mut server: impl FnMut(&OutgoingRequest) -> ResponseHead,
) -> (Vec<String>, Result<Response, FetchError>) {
    let mut fetch = Fetch::new(request, policy);
    let mut transcript = Vec::new();
    for _ in 0..STEP_BOUND {
        match fetch.poll(cache, now) {
            Action::Send(out) => {
                transcript.push(line(&out));
                let response = server(&out);
                fetch.handle_response(response).unwrap();
            }
            Action::Done(outcome) => return (transcript, outcome.clone()),
        }
    }
    panic!("fetch did not finish within {STEP_BOUND} requests: {transcript:#?}");
}

pub fn head(status: u16, pairs: &[(&str, &str)]) -> ResponseHead {
    let headers = HeaderList::try_from_pairs(pairs.iter().copied()).unwrap();
    ResponseHead { status, headers }
}

pub fn request(url: &str, origin: &str) -> fetch_cors::request::RequestBuilder {
    Request::builder(url.parse().unwrap(), origin)
}

pub fn shown(response: &Response) -> Vec<(String, String)> {
    response
        .visible_headers()
        .into_iter()
        .map(|(n, v)| (n.to_string(), String::from_utf8(v).unwrap()))
        .collect()
}

/// The case count CI runs for every property.
pub const PROPTEST_CASES: u32 = 10_000;

/// Proptest configuration of every property: [`PROPTEST_CASES`] cases, or
/// the `PROPTEST_CASES` environment variable when set (as proptest itself
/// reads it), so a local run can go further.
pub fn proptest_config() -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(PROPTEST_CASES);
    proptest::test_runner::Config {
        cases,
        // ChaCha, the default, is most of the run time in a debug build;
        // these properties need coverage, not cryptographic randomness.
        rng_algorithm: proptest::test_runner::RngAlgorithm::XorShift,
        ..proptest::test_runner::Config::default()
    }
}
