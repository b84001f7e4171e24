//! tower-http's `CorsLayer` in real configurations behind an axum `Router`,
//! fetched in process by `Browser` under every profile.
//!
//! Each expectation is derived, in the comment above it, from the Fetch
//! Standard's text (and, where a profile differs, from the policy knob that
//! documents the browser's deviation), never from running the engine.

use std::time::Duration;

use axum::body::Body;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use fetch_cors::error::ErrorKind;
use fetch_cors::fetch::RequestKind;
use fetch_cors::request::{CredentialsMode, Mode};
use fetch_cors::response::ResponseType;
use fetch_cors::Profile;
use fetch_cors_tower::{Browser, FetchOptions, ScriptResponse};
use http::{HeaderValue, Method, Request};
use http_body_util::BodyExt;
use tower_http::cors::{AllowHeaders, AllowOrigin, Any, CorsLayer};

const APP: &str = "https://app.example";
const EVIL: &str = "https://evil.example";
const API: &str = "https://api.example";

/// What each profile decides, in `Profile::ALL`'s order (spec, chromium,
/// firefox, webkit): `None` allowed, `Some(kind)` blocked for that reason.
type Expect = [Option<ErrorKind>; 4];

const ALLOWED: Expect = [None; 4];

fn everywhere(kind: ErrorKind) -> Expect {
    [Some(kind); 4]
}

/// The spec blocks; Chromium, Firefox and WebKit let `*` in
/// `Access-Control-Allow-Headers` cover `Authorization`
/// (`Policy::authorization_covered_by_wildcard`, whatwg/fetch#1919).
fn spec_only(kind: ErrorKind) -> Expect {
    [Some(kind), None, None, None]
}

async fn item() -> impl IntoResponse {
    (
        [
            ("x-request-id", "42"),
            ("x-internal", "secret"),
            ("content-type", "application/json"),
        ],
        r#"{"id":7}"#,
    )
}

async fn me() -> impl IntoResponse {
    ([("set-cookie", "sid=1; Path=/")], "alice")
}

fn api(cors: CorsLayer) -> Router {
    Router::new()
        .route("/items/{id}", get(item).put(item).delete(item).post(item))
        .route("/me", get(me))
        .layer(cors)
}

fn browser(cors: CorsLayer) -> Browser<Router, Body> {
    Browser::new(api(cors), APP).server(API)
}

fn request(method: Method, path: &str) -> http::request::Builder {
    Request::builder().method(method).uri(path)
}

fn get_item() -> Request<Body> {
    request(Method::GET, "/items/7")
        .body(Body::empty())
        .unwrap()
}

fn put_json() -> Request<Body> {
    request(Method::PUT, "/items/7")
        .header("content-type", "application/json")
        .body(Body::from("{}"))
        .unwrap()
}

fn with_options(mut request: Request<Body>, options: FetchOptions) -> Request<Body> {
    request.extensions_mut().insert(options);
    request
}

fn from(origin: &str) -> FetchOptions {
    FetchOptions::new(origin)
}

fn credentialed(origin: &str) -> FetchOptions {
    FetchOptions::new(origin).credentials(CredentialsMode::Include)
}

/// Fetches under every profile and compares each verdict with `expect`.
async fn check(
    browser: &Browser<Router, Body>,
    request: Request<Body>,
    expect: Expect,
    case: &str,
) {
    let verdicts = browser.fetch_all(request).await;
    let got: Vec<_> = Profile::ALL
        .iter()
        .map(|&p| verdicts.blocked_by(p))
        .collect();
    for (profile, outcome) in verdicts.iter() {
        if let Err(e) = outcome {
            assert!(
                e.fetch_error().is_some(),
                "{case}: {profile}: not a CORS verdict: {e}"
            );
        }
    }
    assert_eq!(got, expect, "{case}\n{verdicts}");
}

fn items_origin_list() -> CorsLayer {
    CorsLayer::new()
        .allow_origin([
            HeaderValue::from_static(APP),
            HeaderValue::from_static("https://admin.example"),
        ])
        .allow_methods([Method::GET, Method::PUT])
        .allow_headers([http::header::CONTENT_TYPE])
}

#[tokio::test]
async fn exact_origin_list() {
    let b = browser(items_origin_list());
    // CORS check step 2-7: tower-http echoes a listed Origin in
    // Access-Control-Allow-Origin, which then equals the request's origin.
    check(&b, get_item(), ALLOWED, "listed origin, simple GET").await;
    // An unlisted origin gets no Access-Control-Allow-Origin: CORS check
    // step 2, "if origin is null, return failure".
    let evil = with_options(get_item(), from(EVIL));
    check(
        &b,
        evil,
        everywhere(ErrorKind::MissingAllowOrigin),
        "unlisted origin",
    )
    .await;
    // `Content-Type: application/json` is not a safelisted value, so a PUT
    // is preflighted; PUT and content-type are listed: allowed.
    check(
        &b,
        put_json(),
        ALLOWED,
        "PUT JSON, listed method and header",
    )
    .await;
    // CORS-preflight fetch step 7.5: DELETE is not in the methods list.
    let delete = request(Method::DELETE, "/items/7")
        .body(Body::empty())
        .unwrap();
    check(
        &b,
        delete,
        everywhere(ErrorKind::MethodNotAllowed),
        "DELETE not listed",
    )
    .await;
    // Step 7.6: x-trace is not in the headers list.
    let traced = request(Method::GET, "/items/7")
        .header("x-trace", "1")
        .body(Body::empty())
        .unwrap();
    check(
        &b,
        traced,
        everywhere(ErrorKind::HeaderNotAllowed),
        "x-trace not listed",
    )
    .await;
    // With credentials included, the CORS check's step 8 wants
    // `Access-Control-Allow-Credentials: true`, which this layer never sends.
    let include = with_options(get_item(), credentialed(APP));
    check(
        &b,
        include,
        everywhere(ErrorKind::InvalidAllowCredentials),
        "credentials not allowed",
    )
    .await;
}

#[tokio::test]
async fn exact_origin_list_shows_only_safelisted_response_headers() {
    let b = browser(items_origin_list());
    let response = b.assert_allowed(get_item()).await;
    // A CORS-filtered response shows the CORS-safelisted response-header
    // names (Content-Type among them) and nothing unexposed.
    assert_eq!(response.headers()["content-type"], "application/json");
    assert!(response.headers().get("x-request-id").is_none());
    assert!(response.headers().get("x-internal").is_none());
    let view = response.extensions().get::<ScriptResponse>().unwrap();
    assert_eq!(view.response_type, ResponseType::Cors);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], br#"{"id":7}"#);
}

#[tokio::test]
async fn mirror_request_origin_lets_any_page_read() {
    let b = browser(
        CorsLayer::new()
            .allow_origin(AllowOrigin::mirror_request())
            .allow_methods([Method::GET]),
    );
    // The reflected origin always equals the request's origin: an attacker's
    // page passes the CORS check.
    let evil = with_options(get_item(), from(EVIL));
    check(&b, evil, ALLOWED, "any origin reflected").await;
    // An opaque origin serializes as `null`, and `null` reflected matches.
    let opaque = with_options(get_item(), from("null"));
    check(&b, opaque, ALLOWED, "null origin reflected").await;
}

#[tokio::test]
async fn permissive() {
    let b = browser(CorsLayer::permissive());
    // `*` matches any origin when credentials are not included (CORS check
    // step 3).
    let evil = with_options(get_item(), from(EVIL));
    check(&b, evil, ALLOWED, "any origin with *").await;
    // CORS check step 3 again: with credentials mode include, `*` is not a
    // match; every browser refuses it.
    let include = with_options(get_item(), credentialed(APP));
    check(
        &b,
        include,
        everywhere(ErrorKind::WildcardOriginWithCredentials),
        "* with credentials",
    )
    .await;
    // `Access-Control-Allow-Headers: *` covers any name but a CORS
    // non-wildcard request-header name (CORS-preflight fetch 7.7)...
    let custom = request(Method::PUT, "/items/7")
        .header("x-trace", "1")
        .body(Body::empty())
        .unwrap();
    check(&b, custom, ALLOWED, "custom header under *").await;
    // ...so `Authorization` is refused by the spec, and allowed by the
    // three browsers' profiles.
    let authorization = request(Method::GET, "/items/7")
        .header("authorization", "Bearer t")
        .body(Body::empty())
        .unwrap();
    check(
        &b,
        authorization,
        spec_only(ErrorKind::HeaderNotAllowed),
        "Authorization under *",
    )
    .await;
    // `Access-Control-Allow-Methods: *` allows any method without credentials.
    let delete = request(Method::DELETE, "/items/7")
        .body(Body::empty())
        .unwrap();
    check(&b, delete, ALLOWED, "DELETE under *").await;
    // `Access-Control-Expose-Headers: *` exposes every header when
    // credentials are not included (CORS filter).
    for profile in Profile::ALL {
        let response = b.fetch_as(profile, get_item()).await.unwrap();
        assert_eq!(response.headers()["x-request-id"], "42", "{profile}");
        assert_eq!(response.headers()["x-internal"], "secret", "{profile}");
    }
}

#[tokio::test]
async fn very_permissive_lets_any_page_read_with_credentials() {
    let b = browser(CorsLayer::very_permissive());
    // Origin reflected and `Access-Control-Allow-Credentials: true`: an
    // attacker's page reads the user's data with the user's cookies.
    let evil = with_options(get_item(), credentialed(EVIL));
    check(&b, evil, ALLOWED, "credentialed read from any origin").await;
    // Requested headers are mirrored, so `Authorization` is listed by name,
    // which every profile accepts.
    let authorization = with_options(
        request(Method::PUT, "/items/7")
            .header("authorization", "Bearer t")
            .body(Body::empty())
            .unwrap(),
        credentialed(EVIL),
    );
    check(&b, authorization, ALLOWED, "mirrored Authorization").await;
    // No Access-Control-Expose-Headers: only the safelisted names show, and
    // `Set-Cookie` never does.
    let me = with_options(
        request(Method::GET, "/me").body(Body::empty()).unwrap(),
        credentialed(EVIL),
    );
    let response = b.fetch(me).await.unwrap();
    assert!(response.headers().get("set-cookie").is_none());
}

#[tokio::test]
async fn credentials_with_an_exact_origin() {
    let cors = || {
        CorsLayer::new()
            .allow_origin(HeaderValue::from_static(APP))
            .allow_credentials(true)
            .allow_methods([Method::GET, Method::PUT])
            .allow_headers([http::header::CONTENT_TYPE])
    };
    let b = browser(cors());
    // Origin echoed and credentials allowed: the credentialed read passes.
    let me = || request(Method::GET, "/me").body(Body::empty()).unwrap();
    check(
        &b,
        with_options(me(), credentialed(APP)),
        ALLOWED,
        "credentialed, listed",
    )
    .await;
    // A credentialed preflighted PUT: the preflight itself goes without
    // credentials but its CORS check uses the request's mode (include).
    check(
        &b,
        with_options(put_json(), credentialed(APP)),
        ALLOWED,
        "credentialed PUT",
    )
    .await;
    // Another origin: a single exact origin is sent whatever the request's
    // origin is, and CORS check step 7 finds it is not the request's.
    check(
        &b,
        with_options(me(), credentialed(EVIL)),
        everywhere(ErrorKind::AllowOriginMismatch),
        "credentialed, unlisted",
    )
    .await;
    // The user agent keeps Set-Cookie; script never sees it.
    let response = b
        .fetch(with_options(me(), credentialed(APP)))
        .await
        .unwrap();
    assert!(response.headers().get("set-cookie").is_none());
}

#[tokio::test]
async fn expose_headers_list() {
    let b = browser(
        CorsLayer::new()
            .allow_origin(HeaderValue::from_static(APP))
            .expose_headers([http::HeaderName::from_static("x-request-id")]),
    );
    // Listed names join the safelisted ones; the rest stay hidden.
    for profile in Profile::ALL {
        let response = b.fetch_as(profile, get_item()).await.unwrap();
        assert_eq!(response.headers()["x-request-id"], "42", "{profile}");
        assert!(response.headers().get("x-internal").is_none(), "{profile}");
    }
}

#[tokio::test]
async fn max_age_is_capped_per_profile() {
    let b = browser(
        CorsLayer::new()
            .allow_origin(HeaderValue::from_static(APP))
            .allow_methods([Method::PUT])
            .allow_headers([http::header::CONTENT_TYPE])
            .max_age(Duration::from_secs(2 * 86400)),
    );
    // Whether each profile sends a preflight for a PUT at `at` seconds.
    // Max-Age 172800; the imposed limits are none (spec), 7200 (Chromium),
    // 86400 (Firefox), 600 (WebKit). A miss preflights again, which stores
    // a fresh entry: WebKit's from 601 lasts to 1201, Chromium's from 7201
    // to 14401, Firefox's from 86401 to 172801.
    let mut elapsed = 0;
    for (at, expect) in [
        (0, [true, true, true, true]),
        (599, [false, false, false, false]),
        (601, [false, false, false, true]),
        (7201, [false, true, false, true]),
        (86401, [false, true, true, true]),
        (172802, [true, true, true, true]),
    ] {
        b.advance(Duration::from_secs(at - elapsed));
        elapsed = at;
        let mut sent = Vec::new();
        for profile in Profile::ALL {
            let (outcome, recording) = b.fetch_recorded(profile, put_json()).await;
            outcome.unwrap_or_else(|e| panic!("{profile} at {at} s: {e}"));
            sent.push(
                recording
                    .exchanges
                    .iter()
                    .any(|x| x.kind == RequestKind::Preflight),
            );
        }
        assert_eq!(
            sent, expect,
            "preflights sent at {at} s (spec, chromium, firefox, webkit)"
        );
    }
}

#[tokio::test]
async fn any_headers() {
    let b = browser(
        CorsLayer::new()
            .allow_origin(HeaderValue::from_static(APP))
            .allow_methods([Method::PUT])
            .allow_headers(Any),
    );
    let put_with = |name: &str| {
        request(Method::PUT, "/items/7")
            .header(name, "v")
            .body(Body::empty())
            .unwrap()
    };
    check(&b, put_with("x-anything"), ALLOWED, "custom header under *").await;
    check(
        &b,
        put_with("authorization"),
        spec_only(ErrorKind::HeaderNotAllowed),
        "Authorization under *",
    )
    .await;
    // With credentials included the preflight's CORS check needs
    // `Access-Control-Allow-Credentials: true` (preflight step 7, CORS
    // check step 8): absent.
    let include = with_options(put_with("x-anything"), credentialed(APP));
    check(
        &b,
        include,
        everywhere(ErrorKind::InvalidAllowCredentials),
        "credentialed under *",
    )
    .await;
}

#[tokio::test]
async fn unanchored_predicate_lets_a_lookalike_domain_read() {
    // A common mistake: "ends with example.com" without the dot boundary.
    let b = browser(
        CorsLayer::new().allow_origin(AllowOrigin::predicate(|origin, _| {
            origin.as_bytes().ends_with(b"example.com")
        })),
    );
    let trusted = with_options(get_item(), from("https://app.example.com"));
    check(&b, trusted, ALLOWED, "trusted origin").await;
    let lookalike = with_options(get_item(), from("https://attackerexample.com"));
    check(
        &b,
        lookalike,
        ALLOWED,
        "lookalike origin passes the predicate",
    )
    .await;
    let other = with_options(get_item(), from("https://example.org"));
    check(
        &b,
        other,
        everywhere(ErrorKind::MissingAllowOrigin),
        "unrelated origin",
    )
    .await;
}

#[tokio::test]
async fn default_layer_allows_nothing_cross_origin() {
    let b = browser(CorsLayer::new());
    check(
        &b,
        get_item(),
        everywhere(ErrorKind::MissingAllowOrigin),
        "no CORS headers",
    )
    .await;
    // Same origin needs no CORS: main fetch step 12, basic response.
    let same = with_options(get_item(), from(API));
    check(&b, same, ALLOWED, "same origin").await;
    // no-cors: an opaque response, status 0, no headers, empty body.
    let no_cors = with_options(get_item(), from(EVIL).mode(Mode::NoCors));
    let response = b.fetch(no_cors).await.unwrap();
    let view = response
        .extensions()
        .get::<ScriptResponse>()
        .unwrap()
        .clone();
    assert_eq!((view.response_type, view.status), (ResponseType::Opaque, 0));
    assert!(response.headers().is_empty());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert!(body.is_empty());
}

#[tokio::test]
async fn allow_headers_mirror_request_with_exact_origin() {
    let b = browser(
        CorsLayer::new()
            .allow_origin(HeaderValue::from_static(APP))
            .allow_methods([Method::PUT])
            .allow_headers(AllowHeaders::mirror_request()),
    );
    // Mirrored names list `Authorization` by name: allowed everywhere.
    let authorization = request(Method::PUT, "/items/7")
        .header("authorization", "Bearer t")
        .body(Body::empty())
        .unwrap();
    check(&b, authorization, ALLOWED, "Authorization mirrored").await;
}

#[tokio::test]
async fn a_recorded_block_carries_the_trace_and_the_fix() {
    let b = browser(items_origin_list());
    let request = with_options(get_item(), from(EVIL));
    let (outcome, recording) = b.fetch_recorded(Profile::Spec, request).await;
    assert!(outcome.is_err());
    // The unlisted origin gets no Access-Control-Allow-Origin; the fix is
    // to send it with the page's origin.
    let fix = recording.fix.expect("a server can fix a missing header");
    assert_eq!(fix.to_string(), "on the response from https://api.example/items/7, send `access-control-allow-origin: https://evil.example`");
    assert!(matches!(
        recording.trace.last(),
        Some(fetch_cors::trace::Event::Failed {
            kind: "missing-allow-origin"
        })
    ));
}

#[tokio::test]
async fn assertions_name_the_reason() {
    let b = browser(items_origin_list());
    let e = b
        .assert_blocked(
            with_options(get_item(), from(EVIL)),
            ErrorKind::MissingAllowOrigin,
        )
        .await;
    assert!(e.to_string().contains("Access-Control-Allow-Origin"), "{e}");
    let panic = tokio::spawn({
        let b = b.clone();
        async move { b.assert_allowed(with_options(get_item(), from(EVIL))).await }
    })
    .await
    .unwrap_err();
    let message = panic.into_panic();
    let message = message.downcast_ref::<String>().unwrap();
    assert!(message.contains("Access-Control-Allow-Origin"), "{message}");
    assert!(message.contains("https://evil.example"), "{message}");
}
