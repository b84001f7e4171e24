//! A preflighted PUT whose preflight and main responses carry arbitrary
//! header bytes: the engine must finish without panicking, and a
//! credentialed fetch must never succeed with `Access-Control-Allow-Origin: *`.
#![no_main]

use fetch_cors::request::CredentialsMode;
use fetch_cors::{Action, Fetch, HeaderList, Policy, PreflightCache, Request, ResponseHead, Timestamp};
use http::header::HeaderName;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let include = data.first().is_some_and(|b| b & 1 == 1);
    let mut headers = HeaderList::new();
    for line in data.get(1..).unwrap_or_default().split(|&b| b == b'\n') {
        let mut parts = line.splitn(2, |&b| b == b':');
        let (Some(name), Some(value)) = (parts.next(), parts.next()) else { continue };
        if let Ok(name) = HeaderName::from_bytes(name) {
            headers.append(name, value);
        }
    }
    let credentials = if include { CredentialsMode::Include } else { CredentialsMode::Omit };
    let request = Request::builder("https://api.example/x".parse().unwrap(), "https://app.example")
        .method("PUT")
        .header("X-Custom", "1")
        .credentials(credentials)
        .build()
        .unwrap();
    let policy = Policy::spec();
    let mut cache = PreflightCache::new(8);
    let mut fetch = Fetch::new(request, &policy);
    for _ in 0..8 {
        match fetch.poll(&mut cache, Timestamp::ZERO) {
            Action::Send(_) => fetch
                .handle_response(ResponseHead { status: 200, headers: headers.clone() })
                .unwrap(),
            Action::Done(outcome) => {
                let star = headers.get("access-control-allow-origin").is_some_and(|v| &*v == b"*");
                assert!(!(include && star && outcome.is_ok()));
                return;
            }
        }
    }
    panic!("a fetch without redirects took more than 8 steps");
});
