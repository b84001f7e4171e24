//! The driver's own rules, in process: stream bodies, credentials on
//! preflights, the clock, and many tasks sharing one cache.

use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::IntoResponse;
use axum::routing::any;
use axum::Router;
use fetch_cors::error::ErrorKind;
use fetch_cors::fetch::RequestKind;
use fetch_cors::request::CredentialsMode;
use fetch_cors::{Policy, Profile};
use fetch_cors_tower::{
    Browser, CorsLayer, CredentialStore, FetchOptions, ScriptResponse, UserAgent,
};
use http::{HeaderValue, Request};
use http_body::Frame;
use tower::{Layer, ServiceExt};
use url::Url;

const APP: &str = "https://app.example";

/// A body of unknown length, like a `ReadableStream`.
struct Stream(Option<Bytes>);

impl http_body::Body for Stream {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Poll::Ready(self.0.take().map(|b| Ok(Frame::data(b))))
    }
}

fn stream(text: &'static str) -> Body {
    let body = Stream(Some(Bytes::from_static(text.as_bytes())));
    assert!(http_body::Body::size_hint(&body).exact().is_none());
    Body::new(body)
}

/// Allows POST and PUT from APP, and redirects `/307` and `/303` to
/// `/echo` (after answering their preflights).
fn permissive_api() -> Router {
    let allow = |mut response: axum::response::Response| {
        let h = response.headers_mut();
        h.insert("access-control-allow-origin", HeaderValue::from_static(APP));
        h.insert(
            "access-control-allow-methods",
            HeaderValue::from_static("POST, PUT"),
        );
        h.insert(
            "access-control-allow-headers",
            HeaderValue::from_static("content-type"),
        );
        h.insert(
            "access-control-expose-headers",
            HeaderValue::from_static("x-method"),
        );
        response
    };
    Router::new()
        .route(
            "/307",
            any(move |method: Method| async move {
                // The preflight is answered, the request redirected.
                if method == Method::OPTIONS {
                    return allow(StatusCode::NO_CONTENT.into_response());
                }
                allow((StatusCode::TEMPORARY_REDIRECT, [("location", "/echo")]).into_response())
            }),
        )
        .route(
            "/303",
            any(move |method: Method| async move {
                // The preflight is answered, the request redirected.
                if method == Method::OPTIONS {
                    return allow(StatusCode::NO_CONTENT.into_response());
                }
                allow((StatusCode::SEE_OTHER, [("location", "/echo")]).into_response())
            }),
        )
        .route(
            "/echo",
            any(move |method: Method, body: Bytes| async move {
                allow(([("x-method", method.to_string())], body).into_response())
            }),
        )
}

fn post(path: &str, body: Body) -> Request<Body> {
    Request::post(path)
        .header("content-type", "text/plain")
        .body(body)
        .unwrap()
}

#[tokio::test]
async fn a_stream_body_is_preflighted_and_cannot_follow_a_307() {
    let browser = Browser::new(permissive_api(), APP).server("https://api.example");
    // A text/plain POST is a simple request, unless its body is a stream:
    // main fetch's use-CORS-preflight flag, set by `fetch()` for a
    // ReadableStream body.
    let (outcome, recording) = browser
        .fetch_recorded(Profile::Spec, post("/echo", stream("abc")))
        .await;
    let response = outcome.unwrap();
    let kinds: Vec<_> = recording.exchanges.iter().map(|x| x.kind).collect();
    assert_eq!(kinds, [RequestKind::Preflight, RequestKind::Main]);
    assert_eq!(response.headers()["x-method"], "POST");
    // HTTP-redirect fetch step 11: a 307 cannot send a stream again.
    browser
        .assert_blocked(
            post("/307", stream("abc")),
            ErrorKind::RedirectWithStreamBody,
        )
        .await;
    // A 303 drops the body and turns into a GET, so a stream is fine.
    let response = browser.assert_allowed(post("/303", stream("abc"))).await;
    assert_eq!(response.headers()["x-method"], "GET");
    // Bytes of known length are buffered and sent again on a 307.
    let response = browser
        .assert_allowed(post("/307", Body::from("abc")))
        .await;
    assert_eq!(response.headers()["x-method"], "POST");
}

/// A store that counts what it is asked and given.
#[derive(Default)]
struct Counting {
    asked: AtomicUsize,
    stored: AtomicUsize,
}

impl CredentialStore for Counting {
    fn cookie_header(&self, _: &Url) -> Option<HeaderValue> {
        self.asked.fetch_add(1, Ordering::SeqCst);
        Some(HeaderValue::from_static("sid=1"))
    }

    fn authorization(&self, _: &Url) -> Option<HeaderValue> {
        Some(HeaderValue::from_static("Basic c3RvcmU="))
    }

    fn store_response_cookies(&self, _: &Url, _: &HeaderMap) {
        self.stored.fetch_add(1, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn a_preflight_never_carries_credentials_and_an_author_authorization_wins() {
    let api = Router::new().route(
        "/",
        any(|| async {
            (
                [
                    ("access-control-allow-origin", APP),
                    ("access-control-allow-credentials", "true"),
                    ("access-control-allow-methods", "PUT"),
                    ("access-control-allow-headers", "authorization"),
                ],
                "ok",
            )
        }),
    );
    let store = Arc::new(Counting::default());
    let browser = Browser::new(api, APP)
        .server("https://api.example")
        .credentials(CredentialsMode::Include)
        .credential_store(store.clone());
    let request = Request::put("/")
        .header("authorization", "Bearer author")
        .body(Body::empty())
        .unwrap();
    let (outcome, recording) = browser.fetch_recorded(Profile::Spec, request).await;
    outcome.unwrap();
    let [preflight, main] = &recording.exchanges[..] else {
        panic!("{recording:?}")
    };
    // CORS-preflight fetch: credentials mode "omit" for the preflight.
    assert!(!preflight.include_credentials);
    assert!(preflight.request_headers.get("cookie").is_none());
    assert!(main.include_credentials);
    assert_eq!(main.request_headers["cookie"], "sid=1");
    // HTTP-network-or-cache fetch: the store's authentication only when the
    // request has no `Authorization`.
    assert_eq!(main.request_headers["authorization"], "Bearer author");
    assert_eq!(store.asked.load(Ordering::SeqCst), 1);
    assert_eq!(store.stored.load(Ordering::SeqCst), 1);
}

#[tokio::test(start_paused = true)]
async fn tokio_paused_time_expires_cache_entries() {
    let api = Router::new().route(
        "/",
        any(|| async {
            (
                [
                    ("access-control-allow-origin", APP),
                    ("access-control-allow-methods", "PUT"),
                    ("access-control-max-age", "60"),
                ],
                "ok",
            )
        }),
    );
    let browser = Browser::new(api, APP).server("https://api.example");
    let preflighted = |browser: &Browser<Router, Body>| {
        let browser = browser.clone();
        async move {
            let request = Request::put("/").body(Body::empty()).unwrap();
            let (outcome, recording) = browser.fetch_recorded(Profile::Spec, request).await;
            outcome.unwrap();
            recording
                .exchanges
                .iter()
                .any(|x| x.kind == RequestKind::Preflight)
        }
    };
    assert!(preflighted(&browser).await);
    tokio::time::advance(Duration::from_secs(59)).await;
    assert!(!preflighted(&browser).await);
    tokio::time::advance(Duration::from_secs(2)).await;
    assert!(preflighted(&browser).await);
    // A reset empties the cache whatever the time.
    browser.reset();
    assert!(preflighted(&browser).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_tasks_share_one_cache() {
    const TASKS: usize = 32;
    const FETCHES: usize = 40;
    const CAPACITY: usize = 16;
    let served = Arc::new(AtomicUsize::new(0));
    let network = {
        let served = Arc::clone(&served);
        tower::service_fn(move |request: Request<Body>| {
            let served = Arc::clone(&served);
            async move {
                served.fetch_add(1, Ordering::SeqCst);
                // Yield so that tasks interleave between the engine's calls.
                tokio::task::yield_now().await;
                let requested = request
                    .headers()
                    .get("access-control-request-headers")
                    .cloned()
                    .unwrap_or(HeaderValue::from_static(""));
                let mut response = http::Response::new(Body::empty());
                let h = response.headers_mut();
                h.insert("access-control-allow-origin", HeaderValue::from_static(APP));
                h.insert(
                    "access-control-allow-methods",
                    HeaderValue::from_static("PUT"),
                );
                h.insert("access-control-allow-headers", requested);
                h.insert("access-control-max-age", HeaderValue::from_static("300"));
                Ok::<_, std::convert::Infallible>(response)
            }
        })
    };
    let policy = Policy {
        cache_capacity: CAPACITY,
        ..Policy::spec()
    };
    let user_agent = UserAgent::new(FetchOptions::new(APP)).with_policy(policy);
    let service = CorsLayer::new(user_agent.clone()).layer(network);
    let mut tasks = Vec::new();
    for t in 0..TASKS {
        let service = service.clone();
        let user_agent = user_agent.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..FETCHES {
                // 24 URLs and two header names each: more entries than fit.
                let url = format!("https://api.example/r{}", (t * 7 + i) % 24);
                let request = Request::put(url)
                    .header(format!("x-a{}", i % 3), "1")
                    .header("x-b", "2")
                    .body(Body::empty())
                    .unwrap();
                service.clone().oneshot(request).await.unwrap();
                if i % 17 == 16 {
                    user_agent.clear_preflight_cache();
                }
            }
        }));
    }
    let all = async {
        for task in tasks {
            task.await.unwrap();
        }
    };
    tokio::time::timeout(Duration::from_secs(60), all)
        .await
        .expect("no deadlock: every task finished");
    user_agent.preflight_cache(|cache| {
        cache.check_invariants();
        assert!(cache.len() <= CAPACITY, "{} entries", cache.len());
    });
    // Every fetch sent its PUT; preflights came on top, fewer than one per
    // fetch once the cache served some.
    let served = served.load(Ordering::SeqCst);
    assert!(
        served > TASKS * FETCHES && served < 2 * TASKS * FETCHES,
        "{served}"
    );
}

/// What the server got: method, target, and every header in order.
type Seen = Arc<std::sync::Mutex<Vec<(String, String, Vec<(String, String)>)>>>;

/// Answers everything from APP, preflights included, and writes down what
/// it got.
fn recording_server(
    seen: Seen,
) -> impl tower::Service<
    Request<Body>,
    Response = http::Response<Body>,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone
       + Send
       + 'static {
    tower::service_fn(move |request: Request<Body>| {
        let seen = Arc::clone(&seen);
        async move {
            let headers = request
                .headers()
                .iter()
                .map(|(n, v)| {
                    let mut value = v.to_str().unwrap().to_owned();
                    if v.is_sensitive() {
                        value.push_str(" (sensitive)");
                    }
                    (n.to_string(), value)
                })
                .collect();
            seen.lock().unwrap().push((
                request.method().to_string(),
                request.uri().to_string(),
                headers,
            ));
            let mut response = http::Response::new(Body::empty());
            let h = response.headers_mut();
            h.insert("access-control-allow-origin", HeaderValue::from_static(APP));
            h.insert(
                "access-control-allow-methods",
                HeaderValue::from_static("PUT"),
            );
            h.insert(
                "access-control-allow-headers",
                HeaderValue::from_static("x-a"),
            );
            Ok(response)
        }
    })
}

#[tokio::test]
async fn each_request_goes_out_as_written_whatever_came_before() {
    let seen = Seen::default();
    let browser =
        Browser::new(recording_server(Arc::clone(&seen)), APP).server("https://api.example:8443");
    let fetch = |method: Method, uri: &str, headers: &[(&str, &str)]| {
        let mut request = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(Body::empty()).unwrap();
        let browser = &browser;
        async move {
            let response = browser.fetch(request).await.unwrap();
            let script = response.extensions().get::<ScriptResponse>().unwrap();
            script.url.as_ref().unwrap().to_string()
        }
    };
    let mut sensitive = HeaderValue::from_static("1");
    sensitive.set_sensitive(true);
    let strs = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    };
    let origin = ("origin", APP);
    let accept = ("accept", "*/*");
    let host = ("host", "api.example:8443");

    // The same target twice, another, then the first again.
    for (path, url) in [
        ("/a?x=1", "https://api.example:8443/a?x=1"),
        ("/a?x=1", "https://api.example:8443/a?x=1"),
        ("/a?x=2", "https://api.example:8443/a?x=2"),
        ("/a?x=1", "https://api.example:8443/a?x=1"),
        ("/b/../c", "https://api.example:8443/c"),
    ] {
        assert_eq!(fetch(Method::GET, path, &[]).await, url);
        let (method, target, headers) = seen.lock().unwrap().pop().unwrap();
        assert_eq!((method.as_str(), target.as_str()), ("GET", &url[24..]));
        assert_eq!(headers, strs(&[accept, origin, host]));
    }
    // An absolute URI to another host, then the server's again.
    assert_eq!(
        fetch(Method::GET, "https://Other.example/a?x=1", &[]).await,
        "https://other.example/a?x=1"
    );
    let (_, target, headers) = seen.lock().unwrap().pop().unwrap();
    assert_eq!(target, "/a?x=1");
    assert_eq!(headers, strs(&[accept, origin, ("host", "other.example")]));
    assert_eq!(
        fetch(Method::GET, "https://api.example:8443/a?x=1", &[]).await,
        "https://api.example:8443/a?x=1"
    );
    assert_eq!(seen.lock().unwrap().pop().unwrap().2[2], strs(&[host])[0]);

    // Author headers: kept in order, normalized, forbidden ones dropped,
    // and the engine's after them; the preflight has its own.
    assert_eq!(
        fetch(
            Method::PUT,
            "/a",
            &[("x-a", " 1 "), ("cookie", "c=1"), ("x-a", "2")]
        )
        .await,
        "https://api.example:8443/a"
    );
    let mut got = std::mem::take(&mut *seen.lock().unwrap());
    let (method, target, headers) = got.pop().unwrap();
    assert_eq!((method.as_str(), target.as_str()), ("PUT", "/a"));
    assert_eq!(
        headers,
        strs(&[("x-a", "1"), ("x-a", "2"), accept, origin, host])
    );
    let (method, _, headers) = got.pop().unwrap();
    assert_eq!(method, "OPTIONS");
    assert_eq!(
        headers,
        strs(&[
            accept,
            ("access-control-request-method", "PUT"),
            ("access-control-request-headers", "x-a"),
            origin,
            host
        ])
    );
    // The same, cached now: the author headers exactly as the script's
    // map has them.
    fetch(Method::PUT, "/a", &[("x-a", "1"), ("x-a", "2")]).await;
    let (_, _, headers) = seen.lock().unwrap().pop().unwrap();
    assert_eq!(
        headers,
        strs(&[("x-a", "1"), ("x-a", "2"), accept, origin, host])
    );
    // A sensitive author value goes out as a copy, like any other.
    let request = Request::put("/a")
        .header("x-a", sensitive)
        .body(Body::empty())
        .unwrap();
    browser.fetch(request).await.unwrap();
    let (_, _, headers) = seen.lock().unwrap().pop().unwrap();
    assert_eq!(headers, strs(&[("x-a", "1"), accept, origin, host]));
}
