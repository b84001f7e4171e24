//! `fetch-cors scan` against a deliberately misconfigured axum server on
//! 127.0.0.1: one route per finding class, its bug written the way real
//! servers write it, and correctly configured routes that must yield
//! nothing above `info`.

use std::collections::{BTreeMap, BTreeSet};

mod common;
use common::{closed_port, fetch_cors, serve};
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;

const TRUSTED: &str = "https://app.example.com";

fn origin_of(request: &Request<Body>) -> Option<String> {
    request
        .headers()
        .get("origin")
        .map(|v| v.to_str().unwrap_or("").to_owned())
}

/// A route that allows the origins `allow` accepts, with credentials, for
/// GET, and for a preflighted PUT; `vary` adds `Vary: Origin`.
fn allowing(allow: fn(&str) -> bool, vary: bool) -> axum::routing::MethodRouter {
    any(move |request: Request<Body>| async move {
        let origin = origin_of(&request);
        let mut response = if request.method() == Method::OPTIONS {
            let mut r = StatusCode::NO_CONTENT.into_response();
            let h = r.headers_mut();
            h.insert(
                "access-control-allow-methods",
                HeaderValue::from_static("GET, PUT"),
            );
            h.insert(
                "access-control-allow-headers",
                HeaderValue::from_static("content-type, x-requested-with"),
            );
            r
        } else {
            "data".into_response()
        };
        let h = response.headers_mut();
        if let Some(origin) = origin.filter(|o| allow(o)) {
            h.insert("access-control-allow-origin", origin.parse().unwrap());
            h.insert(
                "access-control-allow-credentials",
                HeaderValue::from_static("true"),
            );
        }
        if vary {
            h.insert("vary", HeaderValue::from_static("Origin"));
        }
        response
    })
}

/// `pattern` as an unescaped regular expression would read it: every `.`
/// matches any character.
fn unescaped_regex(pattern: &str, text: &str) -> bool {
    pattern.len() == text.len()
        && pattern
            .bytes()
            .zip(text.bytes())
            .all(|(p, t)| p == b'.' || p == t)
}

fn host_of(origin: &str) -> &str {
    origin.split("://").nth(1).unwrap_or("")
}

fn app() -> Router {
    Router::new()
        // Misconfigured, one class each (a route may show more).
        .route("/reflect", allowing(|_| true, true))
        .route("/null", allowing(|o| o == TRUSTED || o == "null", true))
        .route("/prefix", allowing(|o| o.starts_with(TRUSTED), true))
        .route("/suffix", allowing(|o| o.ends_with("example.com"), true))
        .route(
            "/regex",
            allowing(|o| unescaped_regex("https://app.example.com", o), true),
        )
        .route(
            "/special",
            allowing(
                // "Followed by nothing that could continue the host name."
                |o| {
                    o.strip_prefix(TRUSTED).is_some_and(|rest| {
                        !rest.starts_with(|c: char| {
                            c.is_ascii_alphanumeric() || c == '.' || c == ':' || c == '-'
                        })
                    })
                },
                true,
            ),
        )
        .route(
            "/insecure",
            allowing(|o| host_of(o) == "app.example.com", true),
        )
        .route(
            "/subdomain",
            allowing(|o| o == TRUSTED || o.ends_with(".app.example.com"), true),
        )
        .route(
            "/port",
            allowing(
                |o| {
                    host_of(o).split(':').next() == Some("app.example.com")
                        && o.starts_with("https://")
                },
                true,
            ),
        )
        .route(
            "/wildcard-credentials",
            get(|| async {
                (
                    [
                        ("access-control-allow-origin", "*"),
                        ("access-control-allow-credentials", "true"),
                    ],
                    "data",
                )
            }),
        )
        .route("/no-vary", allowing(|o| o == TRUSTED, false))
        .route(
            "/multiple",
            get(|| async {
                let mut r = "data".into_response();
                r.headers_mut()
                    .append("access-control-allow-origin", TRUSTED.parse().unwrap());
                r.headers_mut()
                    .append("access-control-allow-origin", HeaderValue::from_static("*"));
                r.headers_mut()
                    .insert("vary", HeaderValue::from_static("Origin"));
                r
            }),
        )
        .route(
            "/bad-credentials",
            get(|| async {
                (
                    [
                        ("access-control-allow-origin", TRUSTED),
                        ("access-control-allow-credentials", "True"),
                        ("vary", "Origin"),
                    ],
                    "data",
                )
            }),
        )
        .route(
            "/mismatch",
            any(|request: Request<Body>| async move {
                // The preflight handler was written; the PUT handler forgot CORS.
                if request.method() == Method::OPTIONS {
                    return preflight_ok();
                }
                "data".into_response()
            }),
        )
        .route(
            "/preflight-redirect",
            any(|request: Request<Body>| async move {
                if request.method() == Method::OPTIONS {
                    return (StatusCode::FOUND, [("location", "/login")]).into_response();
                }
                with_trusted("data".into_response())
            }),
        )
        .route(
            "/preflight-auth",
            any(|request: Request<Body>| async move {
                // Everything behind authentication, the preflight included
                // (which never carries credentials).
                if request.headers().get("cookie").is_none() {
                    return with_trusted(StatusCode::UNAUTHORIZED.into_response());
                }
                with_trusted("data".into_response())
            }),
        )
        .route(
            "/echo-preflight",
            any(|request: Request<Body>| async move {
                if request.method() == Method::OPTIONS {
                    let mut r = with_trusted(StatusCode::NO_CONTENT.into_response());
                    let h = request.headers().clone();
                    echo(
                        &h,
                        "access-control-request-method",
                        "access-control-allow-methods",
                        &mut r,
                    );
                    echo(
                        &h,
                        "access-control-request-headers",
                        "access-control-allow-headers",
                        &mut r,
                    );
                    return r;
                }
                with_trusted("data".into_response())
            }),
        )
        // Correct.
        .route(
            "/ok-list",
            allowing(|o| o == TRUSTED || o == "https://admin.example.com", true),
        )
        .route(
            "/ok-public",
            get(|| async { ([("access-control-allow-origin", "*")], "public") }),
        )
        .route("/ok-none", get(|| async { "private" }))
        .route("/ok-preflight", allowing(|o| o == TRUSTED, true))
        .nest(
            "/ok-tower-http",
            Router::new()
                .route("/", any(|| async { "data" }))
                .layer(tower_http_exact_list()),
        )
}

/// tower-http's `CorsLayer` with an exact list (it adds `Vary: Origin`).
fn tower_http_exact_list() -> tower_http::cors::CorsLayer {
    tower_http::cors::CorsLayer::new()
        .allow_origin([HeaderValue::from_static(TRUSTED)])
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::PUT])
        .allow_headers([
            http::header::CONTENT_TYPE,
            http::HeaderName::from_static("x-requested-with"),
        ])
}

fn with_trusted(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        "access-control-allow-origin",
        HeaderValue::from_static(TRUSTED),
    );
    h.insert(
        "access-control-allow-credentials",
        HeaderValue::from_static("true"),
    );
    h.insert("vary", HeaderValue::from_static("Origin"));
    response
}

fn preflight_ok() -> Response {
    let mut r = with_trusted(StatusCode::NO_CONTENT.into_response());
    let h = r.headers_mut();
    h.insert(
        "access-control-allow-methods",
        HeaderValue::from_static("GET, PUT"),
    );
    h.insert(
        "access-control-allow-headers",
        HeaderValue::from_static("content-type, x-requested-with"),
    );
    r
}

fn echo(request: &HeaderMap, from: &str, to: &'static str, response: &mut Response) {
    if let Some(value) = request.get(from) {
        response.headers_mut().insert(to, value.clone());
    }
}

const SEEDED: [(&str, &str); 17] = [
    ("/reflect", "reflect-any-origin"),
    ("/null", "null-origin"),
    ("/prefix", "prefix-match"),
    ("/suffix", "suffix-match"),
    ("/regex", "unescaped-dot"),
    ("/special", "special-characters"),
    ("/insecure", "insecure-origin"),
    ("/subdomain", "any-subdomain"),
    ("/port", "any-port"),
    ("/wildcard-credentials", "wildcard-with-credentials"),
    ("/no-vary", "missing-vary-origin"),
    ("/multiple", "multiple-allow-origin"),
    ("/bad-credentials", "invalid-allow-credentials"),
    ("/mismatch", "preflight-main-mismatch"),
    ("/preflight-redirect", "preflight-redirect"),
    ("/preflight-auth", "preflight-not-ok"),
    ("/echo-preflight", "reflect-any-method"),
];

const CORRECT: [&str; 5] = [
    "/ok-list",
    "/ok-public",
    "/ok-none",
    "/ok-preflight",
    "/ok-tower-http/",
];

#[test]
fn scan_reports_every_seeded_class_on_its_route_and_nothing_above_info_on_correct_ones() {
    let (runtime, addr) = serve(app());
    let mut args = vec![
        "scan".to_owned(),
        "--json".into(),
        "--origin".into(),
        TRUSTED.into(),
        "--timeout".into(),
        "5".into(),
    ];
    let routes: Vec<&str> = SEEDED.iter().map(|(r, _)| *r).chain(CORRECT).collect();
    args.extend(routes.iter().map(|r| format!("http://{addr}{r}")));
    let (code, out, err) = fetch_cors(&args);
    let report: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    assert_eq!(report["format"], "cors-scan/1");
    assert_eq!(
        report["errors"].as_array().unwrap().len(),
        0,
        "{}",
        report["errors"]
    );
    let mut classes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut above_info: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in report["findings"].as_array().unwrap() {
        let path = f["url"]
            .as_str()
            .unwrap()
            .split(&addr.to_string())
            .nth(1)
            .unwrap()
            .to_owned();
        classes
            .entry(path.clone())
            .or_default()
            .insert(f["class"].as_str().unwrap().to_owned());
        if f["severity"] != "info" {
            above_info
                .entry(path)
                .or_default()
                .push(format!("{} {}", f["class"], f["origin"]));
        }
        for key in [
            "url",
            "method",
            "class",
            "severity",
            "origin",
            "credentials",
            "profiles",
            "evidence",
        ] {
            assert!(f.get(key).is_some(), "finding without {key}: {f}");
        }
    }
    for (route, class) in SEEDED {
        let found = classes.get(route).cloned().unwrap_or_default();
        assert!(
            found.contains(class),
            "{route}: {class} not reported; found {found:?}"
        );
    }
    assert!(
        classes["/echo-preflight"].contains("reflect-any-header"),
        "{:?}",
        classes["/echo-preflight"]
    );
    for route in CORRECT {
        assert!(
            !above_info.contains_key(route),
            "{route}: {:?}",
            above_info[route]
        );
    }
    // A credentialed read by an attacker's origin is high.
    let reflect = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["class"] == "reflect-any-origin")
        .unwrap();
    assert_eq!(reflect["severity"], "high");
    assert_eq!(reflect["credentials"], true);
    assert_eq!(reflect["profiles"].as_array().unwrap().len(), 4);
    // Findings at or above medium: exit 1.
    assert_eq!(code, 1);
    drop(runtime);
    std::thread::sleep(Duration::from_millis(10));
}

/// Throughput, for the README: 100 routes on the loopback server (the
/// seeded and correct routes, repeated), counted on the server. Run with
/// `cargo test --release -p fetch-cors-cli --test scan -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn throughput_on_100_routes() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let served = Arc::new(AtomicUsize::new(0));
    let counting = {
        let served = served.clone();
        axum::middleware::from_fn(
            move |request: Request<Body>, next: axum::middleware::Next| {
                let served = served.clone();
                async move {
                    served.fetch_add(1, Ordering::Relaxed);
                    next.run(request).await
                }
            },
        )
    };
    let (_server, addr) = serve(app().layer(counting));
    let routes: Vec<&str> = SEEDED.iter().map(|(r, _)| *r).chain(CORRECT).collect();
    let mut args = vec![
        "scan".to_owned(),
        "--json".into(),
        "--origin".into(),
        TRUSTED.into(),
    ];
    args.extend((0..100).map(|i| format!("http://{addr}{}?n={i}", routes[i % routes.len()])));
    let started = std::time::Instant::now();
    let (_, out, _) = fetch_cors(&args);
    let elapsed = started.elapsed().as_secs_f64();
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let requests = served.load(Ordering::Relaxed);
    eprintln!(
        "100 routes: {elapsed:.2} s, {requests} requests, {:.0} requests/s, {} findings, {} errors",
        requests as f64 / elapsed,
        report["findings"].as_array().unwrap().len(),
        report["errors"].as_array().unwrap().len()
    );
    assert_eq!(report["errors"].as_array().unwrap().len(), 0);
}

fn scan(args: &[String]) -> (Option<i32>, String) {
    let mut all = vec!["scan".to_owned(), "--origin".into(), TRUSTED.into()];
    all.extend_from_slice(args);
    let (code, out, _) = fetch_cors(&all);
    (Some(code), out)
}

#[test]
fn sarif_has_a_rule_per_class_and_a_located_result_per_finding() {
    let (_server, addr) = serve(app());
    let (code, out) = scan(&[
        "--sarif".into(),
        format!("http://{addr}/reflect"),
        format!("http://{addr}/ok-list"),
    ]);
    assert_eq!(code, Some(1));
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "fetch-cors");
    let rules: Vec<&str> = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(rules.len(), 18);
    assert!(rules.contains(&"reflect-any-origin") && rules.contains(&"reflect-any-header"));
    for rule in driver["rules"].as_array().unwrap() {
        assert!(rule["shortDescription"]["text"].is_string(), "{rule}");
        assert!(
            rule["properties"]["security-severity"].is_string(),
            "{rule}"
        );
    }
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        assert!(
            rules.contains(&result["ruleId"].as_str().unwrap()),
            "{result}"
        );
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(
            uri.ends_with("/reflect"),
            "only the misconfigured route: {uri}"
        );
        assert!(result["partialFingerprints"].is_object());
        assert!(matches!(
            result["level"].as_str(),
            Some("error" | "warning" | "note")
        ));
    }
}

#[test]
fn correct_routes_pass_the_default_threshold_and_info_can_fail_a_run() {
    let (_server, addr) = serve(app());
    let correct: Vec<String> = CORRECT
        .iter()
        .map(|r| format!("http://{addr}{r}"))
        .collect();
    let (code, out) = scan(&correct);
    assert_eq!(code, Some(0), "{out}");
    let (code, _) = scan(&[
        "--fail-on".into(),
        "info".into(),
        format!("http://{addr}/echo-preflight"),
    ]);
    assert_eq!(code, Some(1));
    let (code, _) = scan(&[
        "--fail-on".into(),
        "low".into(),
        format!("http://{addr}/echo-preflight"),
    ]);
    assert_eq!(code, Some(0));
}

#[test]
fn the_rate_spaces_requests_and_an_unreachable_target_is_an_error() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let served = Arc::new(AtomicUsize::new(0));
    let counted = served.clone();
    let app = app().layer(axum::middleware::from_fn(
        move |request: Request<Body>, next: axum::middleware::Next| {
            let counted = counted.clone();
            async move {
                counted.fetch_add(1, Ordering::Relaxed);
                next.run(request).await
            }
        },
    ));
    let (_server, addr) = serve(app);
    let (_closed_socket, closed) = closed_port();
    let started = std::time::Instant::now();
    let (code, out) = scan(&[
        "--json".into(),
        "--rate".into(),
        "400".into(),
        format!("http://{addr}/ok-none"),
        format!("http://127.0.0.1:{closed}/"),
    ]);
    let elapsed = started.elapsed().as_secs_f64();
    let requests = served.load(Ordering::Relaxed);
    assert!(requests > 50, "{requests}");
    // Each request starts at least 1/400 s after the one before.
    assert!(
        elapsed >= (requests - 1) as f64 / 400.0,
        "{requests} requests in {elapsed:.2} s"
    );
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{report}");
    assert!(errors[0]["url"]
        .as_str()
        .unwrap()
        .contains(&closed.to_string()));
    assert_eq!(report["findings"].as_array().unwrap().len(), 0);
    assert_eq!(code, Some(0));
}
