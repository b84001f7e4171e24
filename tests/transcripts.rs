//! Whole fetches, compared with golden transcripts of what went on the wire.

mod common;

use common::{head, request, run, shown};
use fetch_cors::fetch::RequestKind;
use fetch_cors::request::{CredentialsMode, Mode, RedirectMode};
use fetch_cors::{FetchError, Policy, PreflightCache, Profile, ResponseType, Timestamp};

const APP: &str = "https://app.example";
const T0: Timestamp = Timestamp::ZERO;

fn cache() -> PreflightCache {
    PreflightCache::new(Policy::spec().cache_capacity)
}

#[test]
fn simple_cross_origin_get() {
    let (transcript, outcome) = run(
        request("https://api.example/data", APP).build().unwrap(),
        &Policy::spec(),
        &mut cache(),
        T0,
        |_| {
            head(
                200,
                &[
                    ("Access-Control-Allow-Origin", "*"),
                    ("Content-Type", "text/plain"),
                    ("X-Secret", "1"),
                    ("Set-Cookie", "a=b"),
                ],
            )
        },
    );
    assert_eq!(
        transcript,
        ["Main GET https://api.example/data origin=https://app.example creds=false"]
    );
    let response = outcome.unwrap();
    assert_eq!(response.response_type, ResponseType::Cors);
    assert_eq!(
        shown(&response),
        [("content-type".to_string(), "text/plain".to_string())]
    );
}

#[test]
fn same_origin_get_is_basic_credentialed_and_has_no_origin() {
    let (transcript, outcome) = run(
        request("https://app.example/page", APP).build().unwrap(),
        &Policy::spec(),
        &mut cache(),
        T0,
        |_| head(200, &[("X-Anything", "1"), ("Set-Cookie", "a=b")]),
    );
    assert_eq!(
        transcript,
        ["Main GET https://app.example/page origin=- creds=true"]
    );
    let response = outcome.unwrap();
    assert_eq!(response.response_type, ResponseType::Basic);
    assert_eq!(
        shown(&response),
        [("x-anything".to_string(), "1".to_string())]
    );
}

fn preflighted_put() -> fetch_cors::Request {
    request("https://api.example/items/1", APP)
        .method("PUT")
        .header("Content-Type", "application/json")
        .header("X-Trace", "1")
        .build()
        .unwrap()
}

fn allowing_server(out: &fetch_cors::OutgoingRequest) -> fetch_cors::ResponseHead {
    match out.kind {
        RequestKind::Preflight => head(
            204,
            &[
                ("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Allow-Methods", "PUT, DELETE"),
                ("Access-Control-Allow-Headers", "Content-Type, X-Trace"),
                ("Access-Control-Max-Age", "60"),
            ],
        ),
        RequestKind::Main => head(200, &[("Access-Control-Allow-Origin", "*")]),
    }
}

#[test]
fn preflighted_put_then_cached() {
    let mut cache = cache();
    let (transcript, outcome) = run(preflighted_put(), &Policy::spec(), &mut cache, T0, |out| {
        if out.kind == RequestKind::Preflight {
            assert_eq!(
                out.headers.get("access-control-request-method").as_deref(),
                Some(&b"PUT"[..])
            );
            assert_eq!(
                out.headers.get("access-control-request-headers").as_deref(),
                Some(&b"content-type,x-trace"[..])
            );
            assert_eq!(out.headers.get("accept").as_deref(), Some(&b"*/*"[..]));
            assert!(!out.headers.contains("x-trace"));
        } else {
            assert!(out.headers.contains("x-trace"));
        }
        allowing_server(out)
    });
    assert_eq!(
        transcript,
        [
            "Preflight OPTIONS https://api.example/items/1 origin=https://app.example creds=false",
            "Main PUT https://api.example/items/1 origin=https://app.example creds=false",
        ]
    );
    assert!(outcome.is_ok());
    assert_eq!(cache.len(), 4, "PUT, DELETE, content-type, x-trace");

    // Within max-age: no preflight, even for the other allowed method.
    let delete = request("https://api.example/items/1", APP)
        .method("DELETE")
        .header("X-Trace", "2")
        .build()
        .unwrap();
    let (transcript, outcome) = run(
        delete,
        &Policy::spec(),
        &mut cache,
        Timestamp::from_secs(59),
        allowing_server,
    );
    assert_eq!(
        transcript,
        ["Main DELETE https://api.example/items/1 origin=https://app.example creds=false"]
    );
    assert!(outcome.is_ok());

    // After max-age: preflight again.
    let (transcript, _) = run(
        preflighted_put(),
        &Policy::spec(),
        &mut cache,
        Timestamp::from_secs(60),
        allowing_server,
    );
    assert_eq!(transcript.len(), 2);
}

#[test]
fn credentialed_preflight_needs_exact_origin_and_allow_credentials() {
    let req = || {
        request("https://api.example/x", APP)
            .method("PUT")
            .credentials(CredentialsMode::Include)
            .build()
            .unwrap()
    };
    let (transcript, outcome) = run(req(), &Policy::spec(), &mut cache(), T0, |_| {
        head(
            204,
            &[
                ("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Allow-Methods", "PUT"),
            ],
        )
    });
    assert_eq!(transcript.len(), 1);
    assert!(
        matches!(outcome, Err(FetchError::WildcardOriginWithCredentials { ref hop, .. }) if hop.preflight)
    );

    let ok = [
        ("Access-Control-Allow-Origin", APP),
        ("Access-Control-Allow-Credentials", "true"),
        ("Access-Control-Allow-Methods", "PUT"),
    ];
    let (transcript, outcome) = run(req(), &Policy::spec(), &mut cache(), T0, |_| head(200, &ok));
    assert_eq!(
        transcript,
        [
            "Preflight OPTIONS https://api.example/x origin=https://app.example creds=false",
            "Main PUT https://api.example/x origin=https://app.example creds=true",
        ]
    );
    assert!(outcome.is_ok());
}

#[test]
fn redirect_chain_taints_the_origin_to_null() {
    // app -> b (redirects to c) -> c. The hop to c comes from b, which is
    // cross-origin to app, and goes to yet another origin: tainted.
    let (transcript, outcome) = run(
        request("https://b.example/r", APP).build().unwrap(),
        &Policy::spec(),
        &mut cache(),
        T0,
        |out| match out.url.host_str() {
            Some("b.example") => head(
                302,
                &[
                    ("Access-Control-Allow-Origin", APP),
                    ("Location", "https://c.example/f"),
                ],
            ),
            _ => head(200, &[("Access-Control-Allow-Origin", APP)]),
        },
    );
    assert_eq!(
        transcript,
        [
            "Main GET https://b.example/r origin=https://app.example creds=false",
            "Main GET https://c.example/f origin=null creds=false",
        ]
    );
    match outcome {
        Err(FetchError::AllowOriginMismatch { hop, .. }) => {
            assert_eq!(hop.origin, "null");
            assert_eq!(hop.redirects, 1);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn redirect_back_to_the_same_origin_is_still_cors_checked_against_null() {
    let (transcript, outcome) = run(
        request("https://b.example/r", APP).build().unwrap(),
        &Policy::spec(),
        &mut cache(),
        T0,
        |out| match out.url.host_str() {
            Some("b.example") => head(
                301,
                &[
                    ("Access-Control-Allow-Origin", "*"),
                    ("Location", "https://app.example/back"),
                ],
            ),
            _ => head(200, &[("Access-Control-Allow-Origin", "null")]),
        },
    );
    assert_eq!(
        transcript[1],
        "Main GET https://app.example/back origin=null creds=false"
    );
    let response = outcome.unwrap();
    assert_eq!(response.response_type, ResponseType::Cors);
    assert!(response.redirected());
    assert_eq!(response.url().unwrap().as_str(), "https://app.example/back");
}

#[test]
fn post_303_becomes_get_without_body_headers_and_skips_the_preflight() {
    let req = request("https://api.example/form", APP)
        .method("POST")
        .header("Content-Type", "application/json")
        .header("Content-Language", "en")
        .body(fetch_cors::request::Body::text())
        .build()
        .unwrap();
    let (transcript, outcome) = run(req, &Policy::spec(), &mut cache(), T0, |out| {
        match (out.kind, out.url.path()) {
            (RequestKind::Preflight, _) => head(
                204,
                &[
                    ("Access-Control-Allow-Origin", "*"),
                    ("Access-Control-Allow-Headers", "content-type"),
                ],
            ),
            (_, "/form") => head(
                303,
                &[("Access-Control-Allow-Origin", "*"), ("Location", "/done")],
            ),
            _ => {
                assert!(!out.headers.contains("content-type"));
                assert!(!out.headers.contains("content-language"));
                head(200, &[("Access-Control-Allow-Origin", "*")])
            }
        }
    });
    assert_eq!(
        transcript,
        [
            "Preflight OPTIONS https://api.example/form origin=https://app.example creds=false",
            "Main POST https://api.example/form origin=https://app.example creds=false",
            "Main GET https://api.example/done origin=https://app.example creds=false",
        ]
    );
    assert!(outcome.is_ok());
}

#[test]
fn a_redirect_to_a_new_url_is_preflighted_again() {
    let req = request("https://api.example/a", APP)
        .method("PUT")
        .build()
        .unwrap();
    let (transcript, outcome) = run(req, &Policy::spec(), &mut cache(), T0, |out| {
        match (out.kind, out.url.path()) {
            (RequestKind::Preflight, _) => head(
                204,
                &[
                    ("Access-Control-Allow-Origin", "*"),
                    ("Access-Control-Allow-Methods", "PUT"),
                ],
            ),
            (_, "/a") => head(
                307,
                &[("Access-Control-Allow-Origin", "*"), ("Location", "/b")],
            ),
            _ => head(200, &[("Access-Control-Allow-Origin", "*")]),
        }
    });
    assert_eq!(
        transcript,
        [
            "Preflight OPTIONS https://api.example/a origin=https://app.example creds=false",
            "Main PUT https://api.example/a origin=https://app.example creds=false",
            "Preflight OPTIONS https://api.example/b origin=https://app.example creds=false",
            "Main PUT https://api.example/b origin=https://app.example creds=false",
        ]
    );
    assert!(outcome.is_ok());
}

#[test]
fn twenty_redirects_are_followed_the_twenty_first_fails() {
    let hops = |n: usize| {
        let req = request("https://api.example/0", APP).build().unwrap();
        run(req, &Policy::spec(), &mut cache(), T0, move |out| {
            let i: usize = out.url.path()[1..].parse().unwrap();
            if i < n {
                head(
                    302,
                    &[
                        ("Access-Control-Allow-Origin", "*"),
                        ("Location", &format!("/{}", i + 1)),
                    ],
                )
            } else {
                head(200, &[("Access-Control-Allow-Origin", "*")])
            }
        })
    };
    let (transcript, outcome) = hops(20);
    assert_eq!(transcript.len(), 21);
    assert!(outcome.is_ok());
    let (transcript, outcome) = hops(21);
    assert_eq!(transcript.len(), 21);
    assert!(matches!(
        outcome,
        Err(FetchError::TooManyRedirects { limit: 20, .. })
    ));
}

#[test]
fn redirect_modes_error_and_manual() {
    let server = |_: &fetch_cors::OutgoingRequest| {
        head(
            302,
            &[("Access-Control-Allow-Origin", "*"), ("Location", "/next")],
        )
    };
    let req = |mode| {
        request("https://api.example/r", APP)
            .redirect(mode)
            .build()
            .unwrap()
    };
    let (_, outcome) = run(
        req(RedirectMode::Error),
        &Policy::spec(),
        &mut cache(),
        T0,
        server,
    );
    assert!(matches!(
        outcome,
        Err(FetchError::RedirectModeError { status: 302, .. })
    ));
    let (_, outcome) = run(
        req(RedirectMode::Manual),
        &Policy::spec(),
        &mut cache(),
        T0,
        server,
    );
    let response = outcome.unwrap();
    assert_eq!(response.response_type, ResponseType::OpaqueRedirect);
    assert_eq!(response.status, 0);
    assert!(response.headers.is_empty());
    // Script sees nothing; the user agent (a navigation) reads `Location`
    // from the internal response.
    assert_eq!(
        response.headers.internal().get("location").as_deref(),
        Some(&b"/next"[..])
    );
    // The 3xx itself must pass the CORS check, even in manual mode.
    let (_, outcome) = run(
        req(RedirectMode::Manual),
        &Policy::spec(),
        &mut cache(),
        T0,
        |_| head(302, &[("Location", "/next")]),
    );
    assert!(matches!(
        outcome,
        Err(FetchError::MissingAllowOrigin { .. })
    ));
}

#[test]
fn authorization_is_dropped_at_the_first_cross_origin_hop() {
    let req = request("https://api.example/r", APP)
        .header("Authorization", "Bearer t")
        .build()
        .unwrap();
    let mut seen = Vec::new();
    let (_, outcome) = run(req, &Policy::spec(), &mut cache(), T0, |out| {
        if out.kind == RequestKind::Main {
            seen.push(out.headers.contains("authorization"));
        }
        match (out.kind, out.url.host_str()) {
            (RequestKind::Preflight, _) => head(
                204,
                &[
                    ("Access-Control-Allow-Origin", "*"),
                    ("Access-Control-Allow-Headers", "authorization"),
                ],
            ),
            (_, Some("api.example")) => head(
                302,
                &[
                    ("Access-Control-Allow-Origin", "*"),
                    ("Location", "https://other.example/r"),
                ],
            ),
            _ => head(200, &[("Access-Control-Allow-Origin", "*")]),
        }
    });
    assert!(outcome.is_ok());
    assert_eq!(seen, [true, false]);
}

#[test]
fn no_cors_is_opaque_and_same_origin_mode_refuses_cross_origin() {
    let (_, outcome) = run(
        request("https://api.example/img", APP)
            .mode(Mode::NoCors)
            .build()
            .unwrap(),
        &Policy::spec(),
        &mut cache(),
        T0,
        |out| {
            assert!(
                !out.headers.contains("origin"),
                "no-cors GET sends no Origin"
            );
            head(200, &[("Content-Type", "image/png")])
        },
    );
    let response = outcome.unwrap();
    assert_eq!(
        (response.response_type, response.status),
        (ResponseType::Opaque, 0)
    );
    assert!(response.headers.is_empty() && response.url().is_none());
    // The user agent still decodes the image by its type.
    assert!(response.headers.internal().contains("content-type"));

    let (transcript, outcome) = run(
        request("https://api.example/x", APP)
            .mode(Mode::SameOrigin)
            .build()
            .unwrap(),
        &Policy::spec(),
        &mut cache(),
        T0,
        |_| unreachable!(),
    );
    assert!(transcript.is_empty());
    assert!(matches!(outcome, Err(FetchError::DisallowedByMode { .. })));
}

#[test]
fn a_failed_main_response_clears_the_cache_under_the_spec_not_chromium() {
    for (profile, expect_preflight_again) in [(Profile::Spec, true), (Profile::Chromium, false)] {
        let policy = Policy::from_profile(profile);
        let mut cache = PreflightCache::new(policy.cache_capacity);
        let (_, outcome) = run(
            preflighted_put(),
            &policy,
            &mut cache,
            T0,
            |out| match out.kind {
                RequestKind::Preflight => allowing_server(out),
                RequestKind::Main => head(200, &[]),
            },
        );
        assert!(matches!(
            outcome,
            Err(FetchError::MissingAllowOrigin { .. })
        ));
        let (transcript, _) = run(preflighted_put(), &policy, &mut cache, T0, allowing_server);
        assert_eq!(
            transcript[0].starts_with("Preflight"),
            expect_preflight_again,
            "{profile}"
        );
    }
}

#[test]
fn errors_name_the_hop_header_and_value() {
    let (_, outcome) = run(
        request("https://api.example/x", APP)
            .header("X-Custom", "1")
            .build()
            .unwrap(),
        &Policy::spec(),
        &mut cache(),
        T0,
        |_| {
            head(
                204,
                &[
                    ("Access-Control-Allow-Origin", APP),
                    ("Access-Control-Allow-Headers", "x-other"),
                ],
            )
        },
    );
    let message = outcome.unwrap_err().to_string();
    assert!(
        message.contains("CORS preflight (OPTIONS) to https://api.example/x"),
        "{message}"
    );
    assert!(message.contains("`x-custom`"), "{message}");
    assert!(message.contains("`x-other`"), "{message}");
}

#[test]
fn polling_again_returns_the_same_request_and_the_same_outcome() {
    let mut fetch = fetch_cors::Fetch::new(
        request("https://api.example/x", APP).build().unwrap(),
        &Policy::spec(),
    );
    let mut cache = cache();
    let first = match fetch.poll(&mut cache, T0) {
        fetch_cors::Action::Send(out) => out.to_owned(),
        other => panic!("{other:?}"),
    };
    match fetch.poll(&mut cache, T0) {
        fetch_cors::Action::Send(out) => assert_eq!(out.to_owned(), first),
        other => panic!("{other:?}"),
    }
    fetch
        .handle_response(head(200, &[("Access-Control-Allow-Origin", "*")]))
        .unwrap();
    let a = match fetch.poll(&mut cache, T0) {
        fetch_cors::Action::Done(outcome) => outcome.clone(),
        other => panic!("{other:?}"),
    };
    match fetch.poll(&mut cache, T0) {
        fetch_cors::Action::Done(outcome) => assert_eq!(*outcome, a),
        other => panic!("{other:?}"),
    }
}
