//! The driver over real sockets: two axum servers on 127.0.0.1 (two
//! origins, by port), fetched through `CorsLayer` over hyper-util's client
//! and through `CorsMiddleware` over reqwest. Every scenario runs with both.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use fetch_cors::error::ErrorKind;
use fetch_cors::request::{CredentialsMode, Mode};
use fetch_cors::response::ResponseType;
use fetch_cors_tower::{
    CookieJar, CorsLayer, CorsMiddleware, CorsService, Error, FetchOptions, ScriptResponse,
    UserAgent,
};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::rt::TokioExecutor;
use tokio::sync::oneshot;
use tower::{Layer, ServiceExt};

/// The page's origin: served by nobody, it only has to differ from both
/// servers'.
const PAGE: &str = "http://app.test";

#[derive(Default)]
struct Seen {
    preflights: AtomicUsize,
    puts: AtomicUsize,
    strict_puts: AtomicUsize,
    cookies: Mutex<Vec<Option<String>>>,
}

/// A server on 127.0.0.1:0, stopped when dropped.
struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
}

impl Server {
    async fn start(router: Router) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
        });
        Server {
            addr,
            stop: Some(stop),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// `response`, allowed for the page (and with credentials if asked).
fn cors(response: impl IntoResponse, credentials: bool) -> Response {
    let mut response = response.into_response();
    let headers = response.headers_mut();
    headers.insert("access-control-allow-origin", PAGE.parse().unwrap());
    if credentials {
        headers.insert("access-control-allow-credentials", "true".parse().unwrap());
    }
    response
}

/// Server A, the API: preflighted PUTs, a strict preflight, redirects to
/// B, cookies.
fn api(seen: Arc<Seen>, other: String) -> Router {
    let to_other = other.clone();
    Router::new()
        .route(
            "/items",
            any(
                |State(seen): State<Arc<Seen>>, method: Method, body: Bytes| async move {
                    let response = if method == Method::OPTIONS {
                        seen.preflights.fetch_add(1, Ordering::SeqCst);
                        let mut r = StatusCode::NO_CONTENT.into_response();
                        let h = r.headers_mut();
                        h.insert("access-control-allow-methods", "PUT".parse().unwrap());
                        h.insert(
                            "access-control-allow-headers",
                            "content-type, x-trace".parse().unwrap(),
                        );
                        h.insert("access-control-max-age", "600".parse().unwrap());
                        r
                    } else {
                        seen.puts.fetch_add(1, Ordering::SeqCst);
                        format!("saved {} bytes", body.len()).into_response()
                    };
                    cors(response, false)
                },
            ),
        )
        .route(
            "/strict",
            any(|State(seen): State<Arc<Seen>>, method: Method| async move {
                if method != Method::OPTIONS {
                    seen.strict_puts.fetch_add(1, Ordering::SeqCst);
                }
                // Allows the origin but lists no method.
                cors(StatusCode::NO_CONTENT, false)
            }),
        )
        .route(
            "/hop",
            get(move || async move {
                let location = [("location", format!("{to_other}/final"))];
                cors((StatusCode::FOUND, location), false)
            }),
        )
        .route(
            "/post307",
            any(move || async move {
                let location = [("location", format!("{other}/echo"))];
                cors((StatusCode::TEMPORARY_REDIRECT, location), false)
            }),
        )
        .route(
            "/login",
            get(|| async { cors([("set-cookie", "sid=1; Path=/")], true) }),
        )
        .route(
            "/public",
            get(|| async { cors([("set-cookie", "public=2; Path=/")], false) }),
        )
        .route(
            "/whoami",
            get(
                |State(seen): State<Arc<Seen>>, headers: HeaderMap| async move {
                    let cookie = headers
                        .get("cookie")
                        .map(|v| v.to_str().unwrap().to_owned());
                    seen.cookies.lock().unwrap().push(cookie);
                    cors("ok", true)
                },
            ),
        )
        .with_state(seen)
}

/// Server B, another origin: echoes what it got, and one route without
/// CORS.
fn other() -> Router {
    Router::new()
        .route(
            "/final",
            get(|headers: HeaderMap| async move {
                let origin = headers
                    .get("origin")
                    .map_or("none".to_owned(), |v| v.to_str().unwrap().to_owned());
                (
                    [
                        ("access-control-allow-origin", "*".to_owned()),
                        ("access-control-expose-headers", "x-seen-origin".to_owned()),
                        ("x-seen-origin", origin),
                    ],
                    "final",
                )
            }),
        )
        .route(
            "/echo",
            any(|method: Method, body: Bytes| async move {
                (
                    [
                        ("access-control-allow-origin", "*".to_owned()),
                        ("access-control-expose-headers", "x-method".to_owned()),
                        ("x-method", method.to_string()),
                    ],
                    body,
                )
            }),
        )
        .route("/secret", get(|| async { "secret" }))
}

struct Servers {
    a: Server,
    b: Server,
    seen: Arc<Seen>,
}

async fn servers() -> Servers {
    let b = Server::start(other()).await;
    let seen = Arc::new(Seen::default());
    let a = Server::start(api(Arc::clone(&seen), b.url(""))).await;
    Servers { a, b, seen }
}

/// What a page got.
#[derive(Debug)]
struct Fetched {
    status: u16,
    view: ScriptResponse,
    headers: HeaderMap,
    body: Bytes,
}

impl Fetched {
    async fn read<B>(response: http::Response<B>) -> Fetched
    where
        B: http_body::Body,
        B::Error: std::fmt::Debug,
    {
        let view = response
            .extensions()
            .get::<ScriptResponse>()
            .unwrap()
            .clone();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        Fetched {
            status,
            view,
            headers,
            body,
        }
    }
}

/// Why it got nothing: the browser's reason, or some other failure.
#[derive(Debug)]
enum Failed {
    Blocked(ErrorKind, String),
    Other(String),
}

#[derive(Clone)]
enum Client {
    Hyper(Box<CorsService<HyperClient<HttpConnector, Full<Bytes>>>>),
    Reqwest(reqwest_middleware::ClientWithMiddleware),
}

impl Client {
    fn both(user_agent: &UserAgent) -> [Client; 2] {
        let hyper = HyperClient::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
        let reqwest = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
            .unwrap();
        [
            Client::Hyper(Box::new(CorsLayer::new(user_agent.clone()).layer(hyper))),
            Client::Reqwest(
                reqwest_middleware::ClientBuilder::new(reqwest)
                    .with(CorsMiddleware::new(user_agent.clone()))
                    .build(),
            ),
        ]
    }

    fn name(&self) -> &'static str {
        match self {
            Client::Hyper(_) => "hyper-util",
            Client::Reqwest(_) => "reqwest",
        }
    }

    async fn fetch(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, &str)],
        body: &'static [u8],
        options: FetchOptions,
    ) -> Result<Fetched, Failed> {
        match self {
            Client::Hyper(service) => {
                let mut request = http::Request::builder().method(method).uri(url);
                for (name, value) in headers {
                    request = request.header(*name, *value);
                }
                let mut request = request.body(Full::new(Bytes::from_static(body))).unwrap();
                request.extensions_mut().insert(options);
                match (**service).clone().oneshot(request).await {
                    Ok(response) => Ok(Fetched::read(response).await),
                    Err(Error::Fetch(e)) => Err(Failed::Blocked(e.kind(), e.to_string())),
                    Err(e) => Err(Failed::Other(e.to_string())),
                }
            }
            Client::Reqwest(client) => {
                let mut request = client.request(method, url);
                for (name, value) in headers {
                    request = request.header(*name, *value);
                }
                if !body.is_empty() {
                    request = request.body(body);
                }
                match request.with_extension(options).send().await {
                    Ok(response) => Ok(Fetched::read(http::Response::from(response)).await),
                    Err(e) => match CorsMiddleware::fetch_error(&e) {
                        Some(blocked) => Err(Failed::Blocked(blocked.kind(), blocked.to_string())),
                        None => Err(Failed::Other(e.to_string())),
                    },
                }
            }
        }
    }
}

fn page() -> FetchOptions {
    FetchOptions::new(PAGE)
}

#[tokio::test]
async fn preflight_then_request_then_cache_hit() {
    for i in 0..2 {
        let s = servers().await;
        let user_agent = UserAgent::new(page());
        let client = &Client::both(&user_agent)[i];
        let items = s.a.url("/items");
        let put = || {
            client.fetch(
                Method::PUT,
                &items,
                &[("content-type", "application/json"), ("x-trace", "1")],
                b"{\"n\":1}",
                page(),
            )
        };
        let first = put().await.unwrap();
        assert_eq!(first.status, 200, "{}", client.name());
        assert_eq!(&first.body[..], b"saved 7 bytes", "{}", client.name());
        assert_eq!(first.view.response_type, ResponseType::Cors);
        assert_eq!(
            s.seen.preflights.load(Ordering::SeqCst),
            1,
            "{}",
            client.name()
        );
        assert_eq!(s.seen.puts.load(Ordering::SeqCst), 1, "{}", client.name());
        // Within Max-Age 600 the cache answers: the server sees no second
        // preflight.
        put().await.unwrap();
        assert_eq!(
            s.seen.preflights.load(Ordering::SeqCst),
            1,
            "{}",
            client.name()
        );
        assert_eq!(s.seen.puts.load(Ordering::SeqCst), 2, "{}", client.name());
        assert_eq!(
            user_agent.preflight_cache(|c| c.len()),
            3,
            "PUT, content-type, x-trace"
        );
    }
}

#[tokio::test]
async fn a_failed_preflight_keeps_the_request_off_the_wire() {
    for i in 0..2 {
        let s = servers().await;
        let client = &Client::both(&UserAgent::new(page()))[i];
        let outcome = client
            .fetch(Method::PUT, &s.a.url("/strict"), &[], b"x", page())
            .await;
        match outcome {
            Err(Failed::Blocked(ErrorKind::MethodNotAllowed, message)) => {
                assert!(
                    message.contains("Access-Control-Allow-Methods"),
                    "{message}"
                );
            }
            other => panic!("{}: {other:?}", client.name()),
        }
        assert_eq!(
            s.seen.strict_puts.load(Ordering::SeqCst),
            0,
            "{}",
            client.name()
        );
    }
}

#[tokio::test]
async fn a_redirect_to_another_origin_taints_the_origin() {
    for i in 0..2 {
        let s = servers().await;
        let client = &Client::both(&UserAgent::new(page()))[i];
        let got = client
            .fetch(Method::GET, &s.a.url("/hop"), &[], b"", page())
            .await
            .unwrap();
        // HTTP-redirect fetch: the URL list is A then B, so the request is
        // redirect-tainted and the second hop sends `Origin: null`.
        assert_eq!(got.headers["x-seen-origin"], "null", "{}", client.name());
        assert!(got.view.redirected);
        assert_eq!(got.view.url.as_ref().unwrap().as_str(), s.b.url("/final"));
        assert_eq!(&got.body[..], b"final");
    }
}

#[tokio::test]
async fn a_307_sends_the_body_again() {
    for i in 0..2 {
        let s = servers().await;
        let client = &Client::both(&UserAgent::new(page()))[i];
        let got = client
            .fetch(
                Method::POST,
                &s.a.url("/post307"),
                &[("content-type", "text/plain")],
                b"hello, twice",
                page(),
            )
            .await
            .unwrap();
        // 307 keeps the method and the body (HTTP-redirect fetch step 12
        // rewrites only 301/302 POST and 303).
        assert_eq!(got.headers["x-method"], "POST", "{}", client.name());
        assert_eq!(&got.body[..], b"hello, twice", "{}", client.name());
    }
}

#[tokio::test]
async fn cookies_go_and_come_only_with_credentials() {
    for i in 0..2 {
        let s = servers().await;
        let jar = Arc::new(CookieJar::default());
        let user_agent = UserAgent::new(page()).with_credential_store(jar.clone());
        let client = &Client::both(&user_agent)[i];
        let include = page().credentials(CredentialsMode::Include);
        let stored = || jar.with_store(|store| store.iter_any().count());
        // Without credentials (same-origin mode, cross-origin request) the
        // response's Set-Cookie is not stored.
        client
            .fetch(Method::GET, &s.a.url("/public"), &[], b"", page())
            .await
            .unwrap();
        assert_eq!(stored(), 0, "{}", client.name());
        // With credentials it is.
        client
            .fetch(Method::GET, &s.a.url("/login"), &[], b"", include.clone())
            .await
            .unwrap();
        assert_eq!(stored(), 1, "{}", client.name());
        // And goes back only on a request that includes credentials.
        client
            .fetch(Method::GET, &s.a.url("/whoami"), &[], b"", include)
            .await
            .unwrap();
        client
            .fetch(Method::GET, &s.a.url("/whoami"), &[], b"", page())
            .await
            .unwrap();
        let seen = s.seen.cookies.lock().unwrap().clone();
        assert_eq!(seen, [Some("sid=1".to_owned()), None], "{}", client.name());
    }
}

#[tokio::test]
async fn no_cors_gives_an_opaque_empty_response() {
    for i in 0..2 {
        let s = servers().await;
        let client = &Client::both(&UserAgent::new(page()))[i];
        let got = client
            .fetch(
                Method::GET,
                &s.b.url("/secret"),
                &[],
                b"",
                page().mode(Mode::NoCors),
            )
            .await
            .unwrap();
        assert_eq!(
            got.view.response_type,
            ResponseType::Opaque,
            "{}",
            client.name()
        );
        assert_eq!(got.view.status, 0);
        assert!(got.headers.is_empty(), "{:?}", got.headers);
        assert!(got.body.is_empty());
        // The same URL in cors mode is blocked.
        let blocked = client
            .fetch(Method::GET, &s.b.url("/secret"), &[], b"", page())
            .await;
        assert!(
            matches!(
                blocked,
                Err(Failed::Blocked(ErrorKind::MissingAllowOrigin, _))
            ),
            "{blocked:?}"
        );
    }
}

#[tokio::test]
async fn reqwest_following_redirects_itself_is_an_error() {
    let s = servers().await;
    let reqwest = reqwest::Client::builder().no_proxy().build().unwrap();
    let client = reqwest_middleware::ClientBuilder::new(reqwest)
        .with(CorsMiddleware::new(UserAgent::new(page())))
        .build();
    let error = client.get(s.a.url("/hop")).send().await.unwrap_err();
    let reqwest_middleware::Error::Middleware(e) = &error else {
        panic!("{error}")
    };
    let e = e.downcast_ref::<Error<std::convert::Infallible>>().unwrap();
    assert!(matches!(e, Error::RedirectFollowedByClient { .. }), "{e}");
    assert!(e.to_string().contains("Policy::none()"), "{e}");
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error() {
    // A socket bound but not listening: its port refuses connections,
    // and no other test can take it while the socket lives.
    let closed = tokio::net::TcpSocket::new_v4().unwrap();
    closed.bind(([127, 0, 0, 1], 0).into()).unwrap();
    let port = closed.local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/");
    let user_agent = UserAgent::new(page());
    for client in Client::both(&user_agent) {
        match client.fetch(Method::GET, &url, &[], b"", page()).await {
            Err(Failed::Other(message)) => assert!(!message.is_empty()),
            other => panic!("{}: {other:?}", client.name()),
        }
    }
    let hyper = HyperClient::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let service = CorsLayer::new(user_agent).layer(hyper);
    let request = http::Request::get(url).body(Full::default()).unwrap();
    let error = service.oneshot(request).await.unwrap_err();
    assert!(error.is_transport(), "{error}");
}
