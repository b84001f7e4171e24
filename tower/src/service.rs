//! The tower client layer: every request through [`CorsService`] is a
//! page's `fetch()`, and the inner service is the network.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use fetch_cors::FetchError;
use http::header::HOST;
use http::HeaderValue;
use tower::{Layer, Service, ServiceExt};
use url::{Position, Url};

use crate::body::{RequestBody, ResponseBody};
use crate::driver::{request_url, script_request, uri_is, Outgoing, Transport};
use crate::error::{BoxError, Error};
use crate::user_agent::UserAgent;

/// Wraps an HTTP client service so that each request goes through the
/// engine as a page's `fetch()` would: see [`CorsService`].
///
/// ```
/// use fetch_cors_tower::{CorsLayer, FetchOptions, UserAgent};
/// use tower::Layer;
///
/// let user_agent = UserAgent::new(FetchOptions::new("https://app.example"));
/// let layer = CorsLayer::new(user_agent);
/// // Any client service: hyper-util's `Client`, a tower stack, a test stub.
/// let client = tower::service_fn(|_: http::Request<String>| async {
///     Ok::<_, std::convert::Infallible>(http::Response::new(String::new()))
/// });
/// let _service = layer.layer(client);
/// ```
#[derive(Clone, Debug)]
pub struct CorsLayer {
    user_agent: UserAgent,
}

impl CorsLayer {
    /// A layer whose services share `user_agent` (its preflight cache,
    /// clock, policy and credentials).
    pub fn new(user_agent: UserAgent) -> Self {
        CorsLayer { user_agent }
    }
}

impl<S> Layer<S> for CorsLayer {
    type Service = CorsService<S>;

    fn layer(&self, inner: S) -> CorsService<S> {
        CorsService {
            inner,
            user_agent: self.user_agent.clone(),
        }
    }
}

/// A client service that behaves like a browser's `fetch()`.
///
/// For each `http::Request` (an absolute URI; the [`FetchOptions`](crate::FetchOptions)
/// extension, or the user agent's defaults, say who asks and how):
///
/// - the engine decides what goes on the wire: a CORS preflight, the
///   request with its `Origin`, each redirect hop; all of them go through
///   the inner service, which must not follow redirects itself (no
///   `FollowRedirect` layer inside this one);
/// - a body of known length is buffered so a 307/308 can send it again;
///   one of unknown length is a stream, which (as in browsers) forces a
///   preflight and fails on a redirect other than 303;
/// - cookies and HTTP authentication come from the user agent's
///   [`CredentialStore`](crate::CredentialStore) only when the request
///   includes credentials;
/// - the answer is the response script sees (only the exposed headers;
///   `opaque` responses empty, see [`ScriptResponse`](crate::ScriptResponse))
///   or [`Error::Fetch`] with the browser's reason, or
///   [`Error::Transport`] when the inner service failed.
///
/// ```
/// use fetch_cors::error::ErrorKind;
/// use bytes::Bytes;
/// use fetch_cors_tower::{CorsLayer, Error, FetchOptions, UserAgent};
/// use http_body_util::Full;
/// use tower::{Layer, ServiceExt};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// // A server that forgot CORS.
/// let network = tower::service_fn(|_: http::Request<Full<Bytes>>| async {
///     Ok::<_, std::convert::Infallible>(http::Response::new("secret".to_owned()))
/// });
/// let user_agent = UserAgent::new(FetchOptions::new("https://app.example"));
/// let client = CorsLayer::new(user_agent).layer(network);
/// let request = http::Request::get("https://api.example/data").body(Full::default()).unwrap();
/// let Err(Error::Fetch(e)) = client.oneshot(request).await else { panic!("not blocked") };
/// assert_eq!(e.kind(), ErrorKind::MissingAllowOrigin);
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct CorsService<S> {
    inner: S,
    user_agent: UserAgent,
}

impl<S> CorsService<S> {
    /// The user agent this service fetches as.
    pub fn user_agent(&self) -> &UserAgent {
        &self.user_agent
    }
}

/// How a request's target is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// The whole URL (`https://api.example/x`): what a client service
    /// (hyper-util's `Client`) needs to connect.
    Absolute,
    /// Path and query, with a `Host` header: what a server receives over
    /// HTTP/1.1, for a server called in process.
    Origin,
}

/// A tower service as the engine's transport: readied before each
/// request, as tower requires.
pub(crate) struct TowerTransport<S, B> {
    service: S,
    target: Target,
    /// The script's request URI, sent as it is (no copy, no second parse)
    /// by the first request whose target is written exactly as it.
    request_uri: Option<http::Uri>,
    /// A `Host` value made once (the browser's server), used whenever it
    /// is the one an origin-form target needs.
    host: Option<HeaderValue>,
    body: PhantomData<fn(B)>,
}

impl<S, B> TowerTransport<S, B> {
    pub(crate) fn new(service: S, target: Target) -> Self {
        TowerTransport {
            service,
            target,
            request_uri: None,
            host: None,
            body: PhantomData,
        }
    }

    /// Sends `uri` for the first request to the target it names.
    pub(crate) fn with_request_uri(mut self, uri: http::Uri) -> Self {
        self.request_uri = Some(uri);
        self
    }

    /// Uses `host` as the `Host` of origin-form requests to it.
    pub(crate) fn with_host(mut self, host: HeaderValue) -> Self {
        self.host = Some(host);
        self
    }

    /// The `http` request for `outgoing`, its target written as the
    /// transport's `target` says.
    fn http_request(&mut self, outgoing: Outgoing<B>) -> Result<http::Request<B>, FetchError> {
        let url = &outgoing.url;
        let text = match self.target {
            Target::Absolute => &url[..Position::AfterQuery],
            Target::Origin => &url[Position::BeforePath..Position::AfterQuery],
        };
        let uri = match self.request_uri.take_if(|uri| uri_is(uri, text)) {
            Some(uri) => uri,
            // WHATWG URLs allow a few host bytes `http::Uri` refuses.
            None => http::Uri::try_from(text).map_err(|e| FetchError::InvalidUrl {
                what: "URL",
                input: text.as_bytes().to_vec(),
                reason: e.to_string(),
            })?,
        };
        let mut request = http::Request::new(outgoing.body);
        *request.method_mut() = outgoing.method;
        *request.uri_mut() = uri;
        *request.headers_mut() = outgoing.headers;
        if self.target == Target::Origin {
            let value = match &self.host {
                Some(value) if value.as_bytes() == host(url).as_bytes() => Some(value.clone()),
                _ => host_header(url),
            };
            if let Some(value) = value {
                request.headers_mut().insert(HOST, value);
            }
        }
        Ok(request)
    }
}

/// The host and port of `url` as it writes them: an origin-form request's
/// `Host`.
fn host(url: &Url) -> &str {
    &url[Position::BeforeHost..Position::AfterPort]
}

/// The `Host` header value of an origin-form request to `url` (none for
/// a host `http` cannot carry).
pub(crate) fn host_header(url: &Url) -> Option<HeaderValue> {
    HeaderValue::from_str(host(url)).ok()
}

impl<S, B, R> Transport for TowerTransport<S, B>
where
    S: Service<http::Request<B>, Response = http::Response<R>> + Send,
    S::Future: Send,
    B: Send,
{
    type Body = B;
    type ResponseBody = R;
    type Error = S::Error;

    async fn send(&mut self, outgoing: Outgoing<B>) -> Result<http::Response<R>, Error<S::Error>> {
        let request = self.http_request(outgoing)?;
        let service = self.service.ready().await.map_err(Error::Transport)?;
        service.call(request).await.map_err(Error::Transport)
    }
}

impl<S, B, R> Service<http::Request<B>> for CorsService<S>
where
    S: Service<http::Request<B>, Response = http::Response<R>> + Clone + Send + 'static,
    S::Future: Send,
    S::Error: Send,
    B: http_body::Body + From<Bytes> + Default + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
    R: Send + 'static,
{
    type Response = http::Response<ResponseBody<R>>;
    type Error = Error<S::Error>;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(Error::Transport)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        // The readied service goes with the call; a clone stays for the next.
        let clone = self.inner.clone();
        let inner = std::mem::replace(&mut self.inner, clone);
        let user_agent = self.user_agent.clone();
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let body = RequestBody::read(body).await.map_err(Error::Body)?;
            let request = script_request(
                user_agent.options_for(&parts.extensions),
                &parts.method,
                request_url(&parts.uri)?,
                &parts.headers,
                body.engine_body(),
            )?;
            let mut transport =
                TowerTransport::new(inner, Target::Absolute).with_request_uri(parts.uri);
            user_agent
                .drive(request, parts.headers, body, &mut transport, None)
                .await
        })
    }
}
