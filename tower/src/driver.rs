//! The loop every way of reaching the network shares: build the engine's
//! request from an `http::Request`, put each request the engine asks for
//! on the wire through a [`Transport`], hand back each response head, and
//! turn the verdict into the `http::Response` script sees.

use std::future::Future;
use std::sync::Arc;

use fetch_cors::fetch::{Action, RequestKind};
use fetch_cors::fix::Fix;
use fetch_cors::request::Body as EngineBody;
use fetch_cors::response::{FilteredHeaders, ResponseHead, ResponseType};
use fetch_cors::trace::Event;
use fetch_cors::{Fetch, FetchError, HeaderList, Request, SentHeaders};
use http::header::HeaderValue;
use http::{HeaderMap, Method, StatusCode};
use url::Url;

use crate::body::{RequestBody, ResponseBody};
use crate::credentials;
use crate::error::Error;
use crate::options::FetchOptions;
use crate::user_agent::UserAgent;

/// A request as the engine put it on the wire: the transport turns it
/// into its own request type.
pub(crate) struct Outgoing<B> {
    pub(crate) method: Method,
    pub(crate) url: Arc<Url>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: B,
}

/// One request on the wire: the preflight or a main request (or hop).
pub(crate) trait Transport {
    /// The request body type.
    type Body;
    /// The response body type.
    type ResponseBody;
    /// The transport's own error.
    type Error;

    /// Sends one request. Redirects are the engine's: the transport must
    /// not follow them.
    fn send(
        &mut self,
        request: Outgoing<Self::Body>,
    ) -> impl Future<Output = Result<http::Response<Self::ResponseBody>, Error<Self::Error>>> + Send;
}

/// What script may see beyond the status, headers and body of the
/// `http::Response` it gets, carried as a response extension.
///
/// An `http::Response` cannot have status 0, so an `opaque` or
/// `opaqueredirect` response comes back as an empty `200` with no
/// headers: read the type and the status script sees (0) here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptResponse {
    /// `Response.type`.
    pub response_type: ResponseType,
    /// `Response.status`: 0 for `opaque` and `opaqueredirect`.
    pub status: u16,
    /// `Response.url`: the last URL of the chain, `None` when opaque.
    pub url: Option<Url>,
    /// `Response.redirected`.
    pub redirected: bool,
}

/// One exchange on the wire, as recorded for a caller that asks to see
/// them: what was sent (credentials included) and what came back.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// The preflight, or the main request or one of its redirect hops.
    pub kind: RequestKind,
    /// The method sent.
    pub method: Method,
    /// The URL sent to.
    pub url: Url,
    /// The headers sent, `Cookie` and `Authorization` included.
    pub request_headers: HeaderMap,
    /// Whether the request included credentials.
    pub include_credentials: bool,
    /// The response status.
    pub status: StatusCode,
    /// Every response header, as the network gave it.
    pub response_headers: HeaderMap,
}

/// The URL of an absolute request URI.
pub(crate) fn request_url<E>(uri: &http::Uri) -> Result<Url, Error<E>> {
    if uri.scheme().is_none() || uri.authority().is_none() {
        return Err(Error::RelativeUri { uri: uri.clone() });
    }
    let text = uri.to_string();
    Url::parse(&text).map_err(|e| {
        Error::Fetch(FetchError::InvalidUrl {
            what: "URL",
            input: text.into_bytes(),
            reason: e.to_string(),
        })
    })
}

/// Whether `uri` is written exactly as `text` (`http::Uri`'s own equality
/// ignores the case of the scheme and authority).
pub(crate) fn uri_is(uri: &http::Uri, text: &str) -> bool {
    let rest = match (uri.scheme_str(), uri.authority()) {
        (Some(scheme), Some(authority)) => text
            .strip_prefix(scheme)
            .and_then(|rest| rest.strip_prefix("://"))
            .and_then(|rest| rest.strip_prefix(authority.as_str())),
        (None, None) => Some(text),
        _ => None,
    };
    rest.is_some_and(|rest| uri.path_and_query().map(|p| p.as_str()) == Some(rest))
}

/// What a fetch leaves for a caller that asks to see it.
#[derive(Clone, Debug, Default)]
pub struct Recording {
    /// Every exchange on the wire, in order.
    pub exchanges: Vec<Exchange>,
    /// Every decision the engine made ([`fetch_cors::trace`]).
    pub trace: Vec<Event>,
    /// How the server lets the fetch through, when it was blocked and a
    /// change to a response can cure it.
    pub fix: Option<Fix>,
}

/// The engine's request for an `http::Request`'s method, URL and headers,
/// under `options`. Author headers a page may not set are dropped, as
/// `Headers.append()` does; an invalid one refuses the request.
pub(crate) fn script_request(
    options: &FetchOptions,
    method: &Method,
    url: Url,
    headers: &HeaderMap,
    body: Option<EngineBody>,
) -> Result<Request, FetchError> {
    let mut builder = options.request_builder(url);
    // GET is the builder's default: parsing it again would give it back.
    if method != Method::GET {
        builder = builder.method(method.as_str());
    }
    if let Some(body) = body {
        builder = builder.body(body);
    }
    builder.build_with_headers(headers)
}

/// The `Accept` the engine adds to every request without one.
const ACCEPT_ANY: HeaderValue = HeaderValue::from_static(fetch_cors::fetch::DEFAULT_ACCEPT);

/// The `http` header map for the headers the engine puts on the wire, with
/// room for `room` more (the `Host` an origin-form target adds, a `Cookie`).
///
/// When the list begins with exactly the headers of `script` (the map the
/// script's request came with: the engine keeps the author headers it
/// allows, in order, and adds its own after them), that map is taken and
/// only the rest is added to it, so the author headers are neither copied
/// nor validated again. A value equal to one of `known` is a clone of it
/// (a count, not a copy): the engine's `Accept: */*` and the page's
/// `Origin` are on every request. Any other value is copied, and refused
/// as [`HeaderList::to_header_map`] refuses it.
fn wire_header_map(
    list: &SentHeaders<'_>,
    script: &mut Option<HeaderMap>,
    known: &[&HeaderValue],
    room: usize,
) -> Result<HeaderMap, FetchError> {
    let (mut map, reused) = match script.take_if(|script| begins_with(list, script)) {
        Some(mut map) => {
            let reused = map.len();
            map.reserve(list.len() - reused + room);
            (map, reused)
        }
        None => (HeaderMap::with_capacity(list.len() + room), 0),
    };
    for (name, value) in list.iter().skip(reused) {
        let value = match known.iter().find(|known| known.as_bytes() == value) {
            Some(known) => HeaderValue::clone(known),
            None => HeaderValue::from_bytes(value).map_err(|_| FetchError::InvalidHeaderValue {
                name: name.as_str().to_owned(),
                value: value.to_vec(),
            })?,
        };
        map.append(name.clone(), value);
    }
    Ok(map)
}

/// Whether `list` begins with every header of `map`, in the map's order,
/// with the same bytes (and none marked sensitive, which a copy would not
/// be).
fn begins_with(list: &SentHeaders<'_>, map: &HeaderMap) -> bool {
    map.len() <= list.len()
        && map.iter().zip(list.iter()).all(|((name, value), (n, v))| {
            name == n && value.as_bytes() == v && !value.is_sensitive()
        })
}

/// The network's header map with only what the engine's filter shows:
/// each name the filter hid is removed. The filter decides by name (the
/// safelisted, exposed and forbidden names), so removing a name hides
/// exactly its entries; were it ever to split a name, all of it would be
/// hidden, never more shown. Nothing is copied or validated again.
fn shown_header_map(mut network: HeaderMap, filtered: &FilteredHeaders) -> HeaderMap {
    let mut removed = None;
    for (i, (name, _)) in filtered.internal().iter().enumerate() {
        // The list came from a header map, whose values of one name are
        // side by side: a name just removed has nothing left to remove.
        if !filtered.is_shown(i) && removed != Some(name) {
            network.remove(name);
            removed = Some(name);
        }
    }
    network
}

impl UserAgent {
    /// Runs `request` to its verdict, sending through `transport`; the
    /// exchanges, the trace and the fix go into `recording` when given.
    /// `script_headers` are the headers `request` was built from, which
    /// the first request on the wire reuses when it sends them unchanged.
    pub(crate) async fn drive<T>(
        &self,
        request: Request,
        script_headers: HeaderMap,
        mut body: RequestBody<T::Body>,
        transport: &mut T,
        mut recording: Option<&mut Recording>,
    ) -> Result<http::Response<ResponseBody<T::ResponseBody>>, Error<T::Error>>
    where
        T: Transport,
        T::Body: From<bytes::Bytes> + Default,
    {
        let mut fetch = Fetch::new(request, self.policy());
        if recording.is_some() {
            fetch.record_trace();
        }
        let known_values = [&ACCEPT_ANY, self.origin_header()];
        let mut script_headers = Some(script_headers);
        let mut last = None;
        loop {
            let now = self.clock().now();
            // The lock covers the engine's call only: a guard made in the
            // `match` itself would live to the end of the `match`, over
            // the header map built in its arms.
            let action = {
                let mut cache = self.lock_cache();
                fetch.poll(&mut cache, now)
            };
            let next = match action {
                Action::Done(_) => None,
                Action::Send(out) => Some((
                    wire_header_map(&out.headers, &mut script_headers, &known_values, 1),
                    out.kind,
                    out.include_credentials,
                    out.method.clone(),
                    Arc::clone(out.url),
                )),
            };
            let Some((headers, kind, include_credentials, method, url)) = next else {
                break;
            };
            let mut headers = headers?;
            // A preflight has no body; a main request has one until a
            // redirect rewrites it to GET.
            let sends_body = kind == RequestKind::Main && fetch.request().body().is_some();
            let request_body = if sends_body {
                body.take()
            } else {
                T::Body::default()
            };
            let store = self.credential_store().filter(|_| include_credentials);
            if let Some(store) = store {
                credentials::attach(store, &url, &mut headers);
            }
            let sent = recording
                .is_some()
                .then(|| (method.clone(), headers.clone()));
            let response = transport
                .send(Outgoing {
                    method,
                    url: Arc::clone(&url),
                    headers,
                    body: request_body,
                })
                .await?;
            // HTTP-network fetch: the cookies of a response whose request
            // included credentials are stored, whatever the CORS check says.
            if let Some(store) = store {
                store.store_response_cookies(&url, response.headers());
            }
            if let (Some(log), Some((method, request_headers))) = (recording.as_deref_mut(), sent) {
                log.exchanges.push(Exchange {
                    kind,
                    method,
                    url: Url::clone(&url),
                    request_headers,
                    include_credentials,
                    status: response.status(),
                    response_headers: response.headers().clone(),
                });
            }
            let (parts, response_body) = response.into_parts();
            let head = ResponseHead::new(parts.status, HeaderList::from(&parts.headers));
            // The engine is waiting for exactly this response: it was polled
            // right before the request went out.
            fetch
                .handle_response(head)
                .expect("one response for the one request the engine asked for");
            last = Some((parts.headers, response_body));
        }
        let trace = recording.is_some().then(|| fetch.trace().to_vec());
        let (request, outcome) = fetch.into_parts();
        if let (Some(recording), Some(trace)) = (recording, trace) {
            recording.trace = trace;
            if let Some(Err(e)) = &outcome {
                recording.fix = Fix::for_error(e, &request, self.policy());
            }
        }
        // The request shares its URL with the response's URL list: dropped
        // now, `into_last` below moves the URL instead of copying it.
        drop(request);
        // `poll` returned `Done`, so the outcome is there.
        let filtered = outcome.expect("a fetch that is done has an outcome")?;
        let readable = !matches!(
            filtered.response_type,
            ResponseType::Opaque | ResponseType::OpaqueRedirect
        );
        let (headers, body) = match last {
            Some((headers, body)) if readable => (
                shown_header_map(headers, &filtered.headers),
                ResponseBody::new(body),
            ),
            _ => (HeaderMap::new(), ResponseBody::empty()),
        };
        let mut response = http::Response::new(body);
        // Status 0 has no `http` form; `ScriptResponse` carries it.
        *response.status_mut() = StatusCode::from_u16(filtered.status).unwrap_or(StatusCode::OK);
        *response.headers_mut() = headers;
        response.extensions_mut().insert(ScriptResponse {
            response_type: filtered.response_type,
            status: filtered.status,
            redirected: filtered.redirected(),
            url: filtered.url_list.into_last(),
        });
        Ok(response)
    }
}
