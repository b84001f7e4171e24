//! The `fetch-cors` binary end to end: its output and its exit codes.

use std::path::Path;

mod common;
use common::{closed_port, fetch_cors, serve};

#[test]
fn replay_prints_the_table_and_passes_on_the_shipped_suite() {
    let (code, out, err) = fetch_cors(&["replay", "wpt-vectors/"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("profile: spec\n"), "{out}");
    let last = out.lines().last().unwrap();
    assert!(last.ends_with("0 failed, 3 expected failures"), "{last}");
}

#[test]
fn replay_fails_on_an_unlisted_failure() {
    // Under a browser profile the list does not apply, so the spec's
    // expected failures and the profile's deviations show as failures.
    let (code, out, _) = fetch_cors(&["replay", "--profile", "chromium", "wpt-vectors/"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL"), "{out}");
}

#[test]
fn explain_gives_each_profile_its_verdict_and_the_fix() {
    let (code, out, err) = fetch_cors(&[
        "explain",
        "--json",
        "wpt-vectors/cors-basic.json",
        "Cross domain basic usage, origin: none",
    ]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let profiles = report["fetches"][0]["profiles"].as_array().unwrap();
    let names: Vec<&str> = profiles
        .iter()
        .map(|p| p["profile"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["spec", "chromium", "firefox", "webkit"]);
    for p in profiles {
        // The recorded server sent no Access-Control-Allow-Origin.
        assert_eq!(p["allowed"], false);
        assert_eq!(p["error"]["kind"], "missing-allow-origin");
        assert_eq!(
            p["error"]["spec"],
            "https://fetch.spec.whatwg.org/#cors-check"
        );
        assert_eq!(
            p["fix"]["changes"][0],
            "send `access-control-allow-origin: http://web-platform.test:8000`"
        );
        assert_eq!(p["exchanges"][0]["method"], "GET");
        // The trace: main fetch chose CORS, no preflight for a simple GET,
        // the CORS check failed without the header.
        let events: Vec<&str> = p["trace"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["event"].as_str().unwrap())
            .collect();
        assert_eq!(
            events,
            [
                "main-fetch",
                "classified",
                "preflight-decision",
                "cors-check",
                "failed"
            ]
        );
        assert_eq!(p["trace"][3]["passed"], false);
    }
}

#[test]
fn explain_lists_names_and_refuses_an_unknown_one() {
    let (code, out, _) = fetch_cors(&["explain", "wpt-vectors/cors-basic.json"]);
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .any(|l| l == "Cross domain basic usage, origin: none"),
        "{out}"
    );
    let (code, _, err) = fetch_cors(&[
        "explain",
        "wpt-vectors/cors-basic.json",
        "Cross domain basic usage, origin: nonex",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("no vector named"), "{err}");
    let (code, _, err) = fetch_cors(&["replay"]);
    assert_eq!(code, 2, "{err}");
}

/// A server on 127.0.0.1 for `probe`, on a runtime of its own (the
/// binary is another process); stops when the runtime is dropped.
fn server() -> (tokio::runtime::Runtime, std::net::SocketAddr) {
    use axum::routing::{any, get};
    let app = axum::Router::new()
        .route(
            "/open",
            get(|| async { ([("access-control-allow-origin", "*")], "public") }),
        )
        .route("/closed", get(|| async { "private" }))
        .route(
            "/star",
            any(|| async {
                (
                    [
                        ("access-control-allow-origin", "*"),
                        ("access-control-allow-methods", "*"),
                        ("access-control-allow-headers", "*"),
                    ],
                    "ok",
                )
            }),
        );
    serve(app)
}

fn probe_json(args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = vec![
        "probe",
        "--json",
        "--origin",
        "https://app.example",
        "--timeout",
        "5",
    ];
    all.extend_from_slice(args);
    let (code, out, err) = fetch_cors(&all);
    let report = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, report)
}

#[test]
fn probe_gives_each_profile_its_verdict_over_a_real_socket() {
    let (_server, addr) = server();
    // Readable by any page: exit 0.
    let (code, report) = probe_json(&[&format!("http://{addr}/open")]);
    assert_eq!(code, 0, "{report}");
    for p in report["profiles"].as_array().unwrap() {
        assert_eq!(p["allowed"], true);
        assert_eq!(p["response"]["type"], "cors");
    }
    // No CORS: blocked everywhere, with the fix; exit 1.
    let (code, report) = probe_json(&[&format!("http://{addr}/closed")]);
    assert_eq!(code, 1);
    for p in report["profiles"].as_array().unwrap() {
        assert_eq!(p["error"]["kind"], "missing-allow-origin");
        assert_eq!(
            p["fix"]["changes"][0],
            "send `access-control-allow-origin: https://app.example`"
        );
        assert_eq!(p["exchanges"].as_array().unwrap().len(), 1);
    }
    // `Access-Control-Allow-Headers: *` and `Authorization`: the spec
    // blocks at the preflight, the three browsers let it through.
    let (code, report) = probe_json(&[
        "-X",
        "PUT",
        "-H",
        "Authorization: Bearer t",
        &format!("http://{addr}/star"),
    ]);
    assert_eq!(code, 1);
    let verdicts: Vec<(&str, bool)> = report["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["profile"].as_str().unwrap(),
                p["allowed"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            ("spec", false),
            ("chromium", true),
            ("firefox", true),
            ("webkit", true)
        ]
    );
    assert_eq!(report["profiles"][0]["error"]["kind"], "header-not-allowed");
    assert_eq!(report["profiles"][1]["exchanges"][0]["kind"], "preflight");
}

#[test]
fn probe_reports_an_unreachable_server_as_an_error_not_a_verdict() {
    let (_closed, port) = closed_port();
    let (code, report) = probe_json(&["--profile", "spec", &format!("http://127.0.0.1:{port}/")]);
    assert_eq!(code, 2);
    assert_eq!(report["profiles"][0]["error"]["kind"], "transport");
    assert!(report["profiles"][0].get("fix").is_none());
}

#[test]
fn explain_reads_a_har_file_and_explains_each_cross_origin_request() {
    let (code, out, err) = fetch_cors(&[
        "explain",
        "--json",
        "--profile",
        "chromium",
        "cli/tests/data/app.har",
    ]);
    assert_eq!(code, 0, "{err}");
    let reports: serde_json::Value = serde_json::from_str(&out).unwrap();
    let names: Vec<&str> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["vector"].as_str().unwrap())
        .collect();
    // The page itself (same origin, no `Origin`) is left out; the
    // preflight goes with its PUT and the redirect hop with its request.
    assert_eq!(
        names,
        [
            "#2 GET https://api.example/public",
            "#4 PUT https://api.example/items",
            "#5 GET https://api.example/me",
            "#6 GET https://api.example/old",
        ]
    );
    let verdict = |i: usize| &reports[i]["fetches"][0]["profiles"][0];
    assert_eq!(verdict(0)["allowed"], true);
    assert_eq!(verdict(1)["exchanges"][0]["kind"], "preflight");
    assert_eq!(verdict(1)["allowed"], true);
    // Cookies went along: credentials included, and `*` does not do.
    assert_eq!(
        verdict(2)["error"]["kind"],
        "wildcard-origin-with-credentials"
    );
    assert_eq!(
        verdict(2)["fix"]["changes"][0],
        "send `access-control-allow-origin: https://app.example`"
    );
    assert_eq!(verdict(3)["allowed"], true);
    assert_eq!(verdict(3)["exchanges"].as_array().unwrap().len(), 2);
    // The author's `Content-Type` is kept; what the browser added is not.
    let headers = &reports[1]["fetches"][0]["request"]["headers"];
    assert_eq!(
        headers,
        &serde_json::json!([["Accept", "*/*"], ["Content-Type", "application/json"]])
    );
}

#[test]
fn scan_takes_its_targets_and_origins_from_a_har_file() {
    // The shipped HAR, moved to a closed port on 127.0.0.1: every target
    // is an error, none a finding, and nothing leaves the machine.
    let (_closed, port) = closed_port();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let har = std::fs::read_to_string(root.join("tests/data/app.har"))
        .unwrap()
        .replace("https://api.example", &format!("http://127.0.0.1:{port}"))
        .replace("https://cdn.example", &format!("http://127.0.0.1:{port}"));
    let path = std::env::temp_dir().join(format!("fetch-cors-scan-{port}.har"));
    std::fs::write(&path, har).unwrap();
    let (code, out, err) = fetch_cors(&[
        "scan",
        "--json",
        "--timeout",
        "2",
        "--har",
        path.to_str().unwrap(),
    ]);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let targets: Vec<String> = report["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_owned())
        .collect();
    let expected: Vec<String> = ["/public", "/items", "/me", "/old"]
        .iter()
        .map(|p| format!("http://127.0.0.1:{port}{p}"))
        .collect();
    assert_eq!(targets, expected);
    assert_eq!(report["errors"].as_array().unwrap().len(), 4);
    assert_eq!(report["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn probe_speaks_https_and_http2_to_a_server_it_is_told_to_trust() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
    let pem = std::env::temp_dir().join(format!("fetch-cors-ca-{}.pem", std::process::id()));
    std::fs::write(&pem, certified.cert.pem()).unwrap();
    let cert = certified.cert.der().clone();
    let key = rustls_pki_types::PrivateKeyDer::Pkcs8(certified.signing_key.serialize_der().into());
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let saw_h2 = Arc::new(AtomicBool::new(false));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let port = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let saw_h2 = saw_h2.clone();
        tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    return;
                };
                let (acceptor, saw_h2) = (acceptor.clone(), saw_h2.clone());
                tokio::spawn(async move {
                    let Ok(tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let service = hyper::service::service_fn(
                        move |request: hyper::Request<hyper::body::Incoming>| {
                            if request.version() == http::Version::HTTP_2 {
                                saw_h2.store(true, Ordering::SeqCst);
                            }
                            async {
                                let mut response = hyper::Response::new(http_body_util::Full::new(
                                    bytes::Bytes::from_static(b"tls"),
                                ));
                                response.headers_mut().insert(
                                    "access-control-allow-origin",
                                    http::HeaderValue::from_static("*"),
                                );
                                Ok::<_, std::convert::Infallible>(response)
                            }
                        },
                    );
                    let _ = hyper_util::server::conn::auto::Builder::new(
                        hyper_util::rt::TokioExecutor::new(),
                    )
                    .serve_connection(hyper_util::rt::TokioIo::new(tls), service)
                    .await;
                });
            }
        });
        port
    });
    // The certificate names 127.0.0.1 itself: no name to resolve.
    let url = format!("https://127.0.0.1:{port}/open");
    let (code, report) = probe_json(&[
        "--profile",
        "spec",
        "--ca-cert",
        pem.to_str().unwrap(),
        &url,
    ]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["profiles"][0]["response"]["type"], "cors");
    assert!(
        saw_h2.load(Ordering::SeqCst),
        "the client chose HTTP/2 by ALPN"
    );
    // Without the CA the certificate is refused: a transport error.
    let (code, report) = probe_json(&["--profile", "spec", &url]);
    assert_eq!(code, 2, "{report}");
    assert_eq!(report["profiles"][0]["error"]["kind"], "transport");
    std::fs::remove_file(&pem).unwrap();
}

#[test]
fn probe_gives_up_on_a_server_that_never_answers() {
    // Accepts connections and reads nothing back: the fetch must end at
    // the timeout, as an error.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let holder = std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().take(1) {
            held.push(stream);
            std::thread::sleep(std::time::Duration::from_millis(1500));
        }
    });
    let started = std::time::Instant::now();
    let url = format!("http://127.0.0.1:{port}/");
    let args = [
        "probe",
        "--json",
        "--origin",
        "https://app.example",
        "--profile",
        "spec",
        "--timeout",
        "0.5",
        &url,
    ];
    let (code, out, _) = fetch_cors(&args);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        started.elapsed() < std::time::Duration::from_millis(1400),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(code, 2, "{report}");
    assert_eq!(report["profiles"][0]["error"]["kind"], "transport");
    assert!(report["profiles"][0]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("no answer within"));
    holder.join().unwrap();
}
