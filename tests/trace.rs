//! The trace of a preflighted request redirected to another origin: every
//! decision, in order, as the Fetch Standard's steps take them.

use fetch_cors::fetch::{Action, RequestKind};
use fetch_cors::headers::request::UnsafeReason;
use fetch_cors::response::ResponseHead;
use fetch_cors::trace::{CacheEntry, Event, HiddenHeader, PreflightStep, UnsafeHeader};
use fetch_cors::{Fetch, HeaderList, Policy, PreflightCache, Request, Timestamp};

fn head(status: u16, pairs: &[(&str, &str)]) -> ResponseHead {
    ResponseHead {
        status,
        headers: HeaderList::try_from_pairs(pairs.iter().copied()).unwrap(),
    }
}

fn request() -> Request {
    Request::builder(
        "https://api.example/a".parse().unwrap(),
        "https://app.example",
    )
    .method("PUT")
    .header("X-Trace", "1")
    .header("Content-Type", "application/json")
    .header("Authorization", "Bearer t")
    .build()
    .unwrap()
}

/// Answers each request in turn; returns the kinds sent.
fn drive(
    fetch: &mut Fetch,
    cache: &mut PreflightCache,
    answers: Vec<ResponseHead>,
) -> Vec<RequestKind> {
    let mut sent = Vec::new();
    let mut answers = answers.into_iter();
    while let Action::Send(out) = fetch.poll(cache, Timestamp::ZERO) {
        sent.push(out.kind);
        fetch
            .handle_response(answers.next().expect("an answer"))
            .unwrap();
    }
    sent
}

/// Items a lookup found no live entry for.
fn missing(items: &[&str]) -> Vec<CacheEntry> {
    items
        .iter()
        .map(|&item| CacheEntry {
            item: item.to_owned(),
            expires_at: None,
        })
        .collect()
}

/// Every check of CORS-preflight fetch step 7, passed, in order.
fn all_passed() -> Vec<PreflightStep> {
    [
        "cors-check",
        "ok-status",
        "allow-methods-syntax",
        "allow-headers-syntax",
        "method-allowed",
        "headers-allowed",
    ]
    .into_iter()
    .map(|check| PreflightStep {
        check,
        passed: true,
    })
    .collect()
}

/// A preflight the cache did not cover, for `PUT` and `allow_headers`,
/// answered 204 with `allow_origin`, `PUT` and `allow_headers` (in that
/// order, joined with `, `) and no `Access-Control-Max-Age`: the decision,
/// every check passed, and what was stored (the default 5 seconds, from
/// time 0).
fn preflighted(allow_origin: &str, allow_headers: &[&str]) -> Vec<Event> {
    let s = |v: &str| v.to_owned();
    vec![
        Event::PreflightDecision {
            needed: true,
            reason: "the request is not CORS-safelisted and the cache does not cover it",
        },
        Event::PreflightChecked {
            status: 204,
            passed: true,
            checks: all_passed(),
            allow_origin: Some(s(allow_origin)),
            allow_methods: Some(s("PUT")),
            allow_headers: Some(allow_headers.join(", ")),
            max_age: None,
        },
        Event::CacheStored {
            methods: vec![s("PUT")],
            headers: allow_headers.iter().map(|&h| s(h)).collect(),
            max_age: 5,
            expires_at: 5.0,
            credentials: false,
        },
    ]
}

fn json() -> UnsafeReason {
    UnsafeReason::MimeEssence {
        essence: Some("application/json".into()),
    }
}

fn answers() -> Vec<ResponseHead> {
    vec![
        head(
            204,
            &[
                ("Access-Control-Allow-Origin", "https://app.example"),
                ("Access-Control-Allow-Methods", "PUT"),
                (
                    "Access-Control-Allow-Headers",
                    "x-trace, content-type, authorization",
                ),
            ],
        ),
        head(
            307,
            &[
                ("Access-Control-Allow-Origin", "https://app.example"),
                ("Location", "https://cdn.example/b"),
            ],
        ),
        head(
            204,
            &[
                ("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Allow-Methods", "PUT"),
                ("Access-Control-Allow-Headers", "x-trace, content-type"),
            ],
        ),
        head(
            200,
            &[
                ("Access-Control-Allow-Origin", "*"),
                ("Content-Type", "text/plain"),
                ("Set-Cookie", "a=b"),
                ("X-Secret", "1"),
            ],
        ),
    ]
}

#[test]
fn a_redirected_preflighted_fetch_records_each_decision() {
    let mut cache = PreflightCache::new(16);
    let mut fetch = Fetch::new(request(), &Policy::spec());
    fetch.record_trace();
    let sent = drive(&mut fetch, &mut cache, answers());
    use RequestKind::*;
    assert_eq!(sent, [Preflight, Main, Preflight, Main]);
    let s = |v: &str| v.to_owned();
    let unsafe_header = |name: &str, value_len, reason| UnsafeHeader {
        name: s(name),
        value_len,
        reason,
    };
    let first_hop_headers = vec![
        unsafe_header("x-trace", 1, UnsafeReason::NotSafelistedName),
        unsafe_header("content-type", 16, json()),
        unsafe_header("authorization", 8, UnsafeReason::NotSafelistedName),
    ];
    let expected = [
        vec![
            // Main fetch step 12: cross-origin, cors mode: CORS tainting.
            Event::MainFetch {
                url: s("https://api.example/a"),
                redirects: 0,
                origin: s("https://app.example"),
                same_origin: false,
                tainting: "cors",
            },
            Event::Classified {
                method: s("PUT"),
                method_safelisted: false,
                use_cors_preflight: false,
                unsafe_headers: first_hop_headers,
            },
            // Nothing cached: the method and the three names, sorted.
            Event::CacheLookup {
                method: Some(s("PUT")),
                headers: vec![s("authorization"), s("content-type"), s("x-trace")],
                hit: false,
                entries: missing(&["PUT", "authorization", "content-type", "x-trace"]),
            },
        ],
        preflighted(
            "https://app.example",
            &["x-trace", "content-type", "authorization"],
        ),
        vec![
            // HTTP fetch 5.3: the CORS check comes before the redirect.
            Event::CorsCheck {
                passed: true,
                allow_origin: Some(s("https://app.example")),
                allow_credentials: None,
            },
            // HTTP-redirect fetch: another origin taints the origin (13, 18)
            // and drops `Authorization`; a 307 keeps the method.
            Event::Redirect {
                status: 307,
                location: s("https://cdn.example/b"),
                tainted: true,
                authorization_removed: true,
                rewritten_to_get: false,
            },
            Event::MainFetch {
                url: s("https://cdn.example/b"),
                redirects: 1,
                origin: s("null"),
                same_origin: false,
                tainting: "cors",
            },
            Event::Classified {
                method: s("PUT"),
                method_safelisted: false,
                use_cors_preflight: false,
                unsafe_headers: vec![
                    unsafe_header("x-trace", 1, UnsafeReason::NotSafelistedName),
                    unsafe_header("content-type", 16, json()),
                ],
            },
            Event::CacheLookup {
                method: Some(s("PUT")),
                headers: vec![s("content-type"), s("x-trace")],
                hit: false,
                entries: missing(&["PUT", "content-type", "x-trace"]),
            },
        ],
        preflighted("*", &["x-trace", "content-type"]),
        vec![
            Event::CorsCheck {
                passed: true,
                allow_origin: Some(s("*")),
                allow_credentials: None,
            },
            // The CORS filter: `Content-Type` is safelisted; `Set-Cookie` is
            // forbidden; the rest are not exposed.
            Event::Filtered {
                response_type: "cors",
                shown: vec![s("content-type")],
                hidden: vec![
                    HiddenHeader {
                        name: s("access-control-allow-origin"),
                        reason: "not-exposed",
                    },
                    HiddenHeader {
                        name: s("set-cookie"),
                        reason: "forbidden",
                    },
                    HiddenHeader {
                        name: s("x-secret"),
                        reason: "not-exposed",
                    },
                ],
            },
        ],
    ]
    .concat();
    let trace = fetch.trace();
    for (i, (got, want)) in trace.iter().zip(&expected).enumerate() {
        assert_eq!(got, want, "event {i}");
    }
    assert_eq!(trace.len(), expected.len(), "{trace:#?}");
}

#[test]
fn a_cache_hit_and_a_failure_are_recorded_and_nothing_without_asking() {
    let mut cache = PreflightCache::new(16);
    let mut quiet = Fetch::new(request(), &Policy::spec());
    drive(&mut quiet, &mut cache, answers());
    assert!(quiet.trace().is_empty());
    // The first hop's preflight is cached now: a hit, then a main
    // response without `Access-Control-Allow-Origin`.
    let mut fetch = Fetch::new(request(), &Policy::spec());
    fetch.record_trace();
    drive(&mut fetch, &mut cache, vec![head(200, &[])]);
    let trace = fetch.trace();
    // The entries stored at time 0 with the default 5 seconds.
    let live: Vec<CacheEntry> = ["PUT", "authorization", "content-type", "x-trace"]
        .iter()
        .map(|&item| CacheEntry {
            item: item.to_owned(),
            expires_at: Some(5.0),
        })
        .collect();
    assert!(
        trace.iter().any(
            |e| matches!(e, Event::CacheLookup { hit: true, entries, .. } if *entries == live)
        ),
        "{trace:#?}"
    );
    assert!(
        trace.contains(&Event::PreflightDecision {
            needed: false,
            reason: "the preflight cache covers the method and every header"
        }),
        "{trace:#?}"
    );
    // A failure after the preflight branch clears the entries (main fetch).
    let tail = &trace[trace.len() - 3..];
    assert_eq!(
        tail[0],
        Event::CorsCheck {
            passed: false,
            allow_origin: None,
            allow_credentials: None
        }
    );
    assert_eq!(tail[1], Event::CacheCleared);
    assert_eq!(
        tail[2],
        Event::Failed {
            kind: "missing-allow-origin"
        }
    );
}

#[test]
fn a_preflight_that_does_not_list_the_method_stops_at_that_check() {
    let mut cache = PreflightCache::new(16);
    let mut fetch = Fetch::new(request(), &Policy::spec());
    fetch.record_trace();
    let answer = head(
        204,
        &[
            ("Access-Control-Allow-Origin", "https://app.example"),
            ("Access-Control-Allow-Methods", "GET"),
            (
                "Access-Control-Allow-Headers",
                "x-trace, content-type, authorization",
            ),
        ],
    );
    drive(&mut fetch, &mut cache, vec![answer]);
    let checks = fetch.trace().iter().find_map(|e| match e {
        Event::PreflightChecked { checks, .. } => Some(checks.clone()),
        _ => None,
    });
    let mut expected = all_passed();
    expected.truncate(5);
    expected[4].passed = false;
    assert_eq!(checks, Some(expected));
}
