//! The scenario server: one HTTP/1.1 listener on 127.0.0.1 for every host
//! name. It serves the runner page, sets the recorder's cookie, answers each
//! scenario path from its [`Route`], and logs every request to a scenario
//! path or a mark (`/mark/<id>/<k>`) with its full header list, in arrival
//! order.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::page;
use crate::scenario::{header_pairs, latin1_string, Reply, Route, COOKIE};

/// One request the server received.
#[derive(Clone, Debug)]
pub struct Logged {
    /// The `Host` header.
    pub host: String,
    pub method: String,
    /// Path and query, as on the request line.
    pub target: String,
    /// The request's headers: lowercase names, Latin-1 values, in the order
    /// hyper delivers them (values of one name together).
    pub headers: Vec<(String, String)>,
    /// What the server answered, when the path was a scenario's.
    pub reply: Option<(u16, Vec<(String, String)>)>,
}

impl Logged {
    /// The combined value of header `name` (lowercase), if present.
    pub fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    }
}

/// A route and how many preflights and other requests it has answered.
struct RouteState {
    route: Route,
    preflights: usize,
    mains: usize,
}

#[derive(Default)]
struct State {
    routes: HashMap<String, RouteState>,
    log: Vec<Logged>,
}

/// A running scenario server.
#[derive(Clone)]
pub struct Server {
    state: Arc<Mutex<State>>,
    addr: SocketAddr,
}

impl Server {
    /// Binds `127.0.0.1:port` and serves until the runtime stops.
    pub async fn start(port: u16) -> std::io::Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let server = Server {
            state: Arc::default(),
            addr,
        };
        let accept = server.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let this = accept.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |request| {
                        let this = this.clone();
                        async move { Ok::<_, Infallible>(this.answer(request).await) }
                    });
                    let mut builder = hyper::server::conn::http1::Builder::new();
                    // The vector records the head exactly; hyper adds no Date.
                    builder.auto_date_header(false);
                    let _ = builder
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(server)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Adds (or replaces) the answers on a path.
    pub fn add_route(&self, route: Route) {
        let mut state = self.state.lock().unwrap();
        state.routes.insert(
            route.path.clone(),
            RouteState {
                route,
                preflights: 0,
                mains: 0,
            },
        );
    }

    /// Everything logged so far.
    pub fn log(&self) -> Vec<Logged> {
        self.state.lock().unwrap().log.clone()
    }

    async fn answer(&self, request: Request<Incoming>) -> Response<Full<Bytes>> {
        let (parts, body) = request.into_parts();
        // Drain the body so the connection stays usable.
        let _ = body.collect().await;
        let host = parts
            .headers
            .get(http::header::HOST)
            .map(|h| latin1_string(h.as_bytes()))
            .unwrap_or_default();
        let target = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".to_owned());
        let path = parts.uri.path().to_owned();
        let method = parts.method.as_str().to_owned();
        let mut logged = Logged {
            host,
            method: method.clone(),
            target,
            headers: header_pairs(&parts.headers),
            reply: None,
        };
        if path == "/page" {
            html(page::HTML)
        } else if path == "/cookie" {
            let mut r = html("<!doctype html><p>cookie set</p>");
            r.headers_mut().append(
                http::header::SET_COOKIE,
                HeaderValue::from_str(&format!("{}={}; Path=/", COOKIE.0, COOKIE.1)).unwrap(),
            );
            r
        } else if path.starts_with("/mark/") {
            self.state.lock().unwrap().log.push(logged);
            empty(StatusCode::NO_CONTENT)
        } else if path.starts_with("/r/") {
            let preflight = method == "OPTIONS"
                && parts
                    .headers
                    .contains_key(http::header::ACCESS_CONTROL_REQUEST_METHOD);
            let (status, headers) = {
                let mut state = self.state.lock().unwrap();
                let head = match state.routes.get_mut(&path) {
                    Some(entry) => {
                        let (list, n) = if preflight {
                            (&entry.route.preflight, &mut entry.preflights)
                        } else {
                            (&entry.route.main, &mut entry.mains)
                        };
                        let reply = list.get(*n).or(list.last());
                        *n += 1;
                        reply.map_or_else(|| Reply::new(404).head(), Reply::head)
                    }
                    None => Reply::new(404).head(),
                };
                logged.reply = Some((head.0.as_u16(), header_pairs(&head.1)));
                state.log.push(logged);
                head
            };
            let mut r = empty(status);
            *r.headers_mut() = headers;
            r
        } else {
            empty(StatusCode::NOT_FOUND)
        }
    }
}

/// A response with `status` and no body.
fn empty(status: StatusCode) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::new()));
    *r.status_mut() = status;
    r
}

fn html(text: &'static str) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    r.headers_mut().insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r.headers_mut().insert(
        http::header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    );
    r
}
