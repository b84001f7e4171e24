//! Requests ([`#requests`](https://fetch.spec.whatwg.org/#requests)) and the
//! rules `new Request()` applies when script builds one
//! ([`#dom-request`](https://fetch.spec.whatwg.org/#dom-request)).

use std::fmt;
use std::ops::Range;
use std::str::FromStr;
use std::sync::Arc;

use http::header::{self, HeaderMap, HeaderName};
use http::Method;
use url::{Host, Origin, Url};

use crate::error::FetchError;
use crate::headers::list::parse_header_name;
use crate::headers::request::{
    is_forbidden_request_header, is_no_cors_safelisted_request_header_under, SafelistRules,
};
use crate::headers::{is_header_value, normalize_header_value, HeaderList};
use crate::methods::{is_cors_safelisted_method, is_forbidden_method, normalize_method};
use crate::origin::{has_origin, same_origin};
use crate::policy::Policy;

macro_rules! token_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $token:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }

        impl $name {
            /// The token the spec uses for this value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $token,)*
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownToken;
            fn from_str(s: &str) -> Result<Self, UnknownToken> {
                match s {
                    $($token => Ok($name::$variant),)*
                    _ => Err(UnknownToken { what: stringify!($name), token: s.to_owned() }),
                }
            }
        }
    };
}

/// A string that names no value of a request enum.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{token}` is not a {what} value")]
pub struct UnknownToken {
    /// Which enum.
    pub what: &'static str,
    /// The string given.
    pub token: String,
}

token_enum! {
    /// A request's [mode](https://fetch.spec.whatwg.org/#concept-request-mode).
    Mode {
        /// Cross-origin URLs are a network error.
        SameOrigin = "same-origin",
        /// Cross-origin requests use the CORS protocol.
        Cors = "cors",
        /// Cross-origin responses are opaque; only safelisted methods and
        /// headers.
        NoCors = "no-cors",
        /// A navigation (user agent only; script cannot ask for it).
        Navigate = "navigate",
    }
}

token_enum! {
    /// A request's [credentials mode](https://fetch.spec.whatwg.org/#concept-request-credentials-mode).
    CredentialsMode {
        /// Never send credentials.
        Omit = "omit",
        /// Send credentials only while the response tainting is basic.
        SameOrigin = "same-origin",
        /// Always send credentials.
        Include = "include",
    }
}

token_enum! {
    /// A request's [redirect mode](https://fetch.spec.whatwg.org/#concept-request-redirect-mode).
    RedirectMode {
        /// Follow redirects.
        Follow = "follow",
        /// A redirect is a network error.
        Error = "error",
        /// A redirect gives an opaque-redirect response.
        Manual = "manual",
    }
}

token_enum! {
    /// A [referrer policy](https://w3c.github.io/webappsec-referrer-policy/#referrer-policy).
    /// Only its effect on the `Origin` header of non-CORS requests matters
    /// here.
    ReferrerPolicy {
        /// The empty policy: the client's policy applies, which defaults to
        /// `strict-origin-when-cross-origin`.
        Empty = "",
        /// `no-referrer`.
        NoReferrer = "no-referrer",
        /// `no-referrer-when-downgrade`.
        NoReferrerWhenDowngrade = "no-referrer-when-downgrade",
        /// `same-origin`.
        SameOrigin = "same-origin",
        /// `origin`.
        Origin = "origin",
        /// `strict-origin`.
        StrictOrigin = "strict-origin",
        /// `origin-when-cross-origin`.
        OriginWhenCrossOrigin = "origin-when-cross-origin",
        /// `strict-origin-when-cross-origin`.
        StrictOriginWhenCrossOrigin = "strict-origin-when-cross-origin",
        /// `unsafe-url`.
        UnsafeUrl = "unsafe-url",
    }
}

impl ReferrerPolicy {
    /// The policy in force: the empty policy stands for the client's, which
    /// this engine takes to be the default `strict-origin-when-cross-origin`.
    pub(crate) fn effective(self) -> ReferrerPolicy {
        match self {
            ReferrerPolicy::Empty => ReferrerPolicy::StrictOriginWhenCrossOrigin,
            p => p,
        }
    }
}

/// A request body, as far as CORS cares: whether there is one, whether it
/// can be sent again after a redirect, and the `Content-Type` that
/// ["extract a body"](https://fetch.spec.whatwg.org/#concept-bodyinit-extract) gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Body {
    stream: bool,
    content_type: Option<Box<[u8]>>,
}

impl Body {
    /// A string body: `Content-Type: text/plain;charset=UTF-8` unless the
    /// author set one.
    ///
    /// ```
    /// use fetch_cors::{Request, request::Body};
    /// let req = Request::builder("https://api.example/".parse().unwrap(), "https://app.example")
    ///     .method("POST").body(Body::text()).build().unwrap();
    /// assert_eq!(req.headers().get("content-type").as_deref(), Some(&b"text/plain;charset=UTF-8"[..]));
    /// ```
    pub fn text() -> Self {
        Self::bytes(Some("text/plain;charset=UTF-8"))
    }

    /// A body with a known source (bytes, a blob, form data) and the type
    /// extracting it gives, if any.
    pub fn bytes(content_type: Option<&str>) -> Self {
        Body {
            stream: false,
            content_type: content_type.map(|t| t.as_bytes().into()),
        }
    }

    /// A `ReadableStream` body: it sets the use-CORS-preflight flag and
    /// cannot follow a redirect other than 303.
    pub fn stream() -> Self {
        Body {
            stream: true,
            content_type: None,
        }
    }

    /// Whether the body's source is null (a stream).
    pub fn is_stream(&self) -> bool {
        self.stream
    }
}

/// The caller's [network partition key](https://fetch.spec.whatwg.org/#network-partition-key),
/// opaque to this engine: the first key of every preflight cache entry.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NetworkPartitionKey(pub String);

/// A request as main fetch receives it.
///
/// Build one with [`Request::builder`], which applies the rules of
/// `new Request()` (method token and normalization, forbidden methods and
/// headers, the no-cors guard).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// Shared with the requests that go out and the response that comes
    /// back (they hold it without its fragment, which most URLs lack):
    /// handing it on is a count, not a copy of its string.
    pub(crate) url: Arc<Url>,
    pub(crate) method: Method,
    pub(crate) origin: RequestOrigin,
    pub(crate) mode: Mode,
    pub(crate) credentials: CredentialsMode,
    pub(crate) redirect: RedirectMode,
    pub(crate) headers: HeaderList,
    pub(crate) body: Option<Body>,
    pub(crate) use_cors_preflight: bool,
    pub(crate) unsafe_request: bool,
    pub(crate) referrer_policy: ReferrerPolicy,
    pub(crate) partition_key: Option<NetworkPartitionKey>,
    /// Whether the `Content-Type` on the list is the body's own type,
    /// appended by the constructor rather than given by the author.
    pub(crate) body_type_appended: bool,
}

impl Request {
    /// Starts a request from script (`fetch()`/`new Request()`) to `url` by a
    /// client whose origin is `origin` (a serialized origin, or `null` for
    /// an opaque one). Defaults are `fetch()`'s: GET, mode `cors`,
    /// credentials `same-origin`, redirect `follow`.
    ///
    /// ```
    /// use fetch_cors::{Request, request::Mode};
    /// let req = Request::builder("https://api.example/x".parse().unwrap(), "https://app.example")
    ///     .method("patch")
    ///     .header("X-Custom", "1")
    ///     .header("Cookie", "dropped")
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(req.method().as_str(), "patch");
    /// assert_eq!(req.mode(), Mode::Cors);
    /// assert!(!req.headers().contains("cookie"));
    /// ```
    pub fn builder(url: Url, origin: impl AsRef<str>) -> RequestBuilder {
        match parse_origin(origin.as_ref()) {
            Ok(origin) => Request::builder_for(url, origin),
            Err(e) => {
                let mut builder = Request::builder_for(url, Origin::new_opaque());
                builder.error = Some(Box::new(e));
                builder
            }
        }
    }

    /// [`Request::builder`] for a client origin already parsed: a caller
    /// that makes many requests for one page parses its origin once, and
    /// serializes it once when it passes a [`RequestOrigin`].
    ///
    /// ```
    /// use fetch_cors::request::{parse_origin, RequestOrigin};
    /// use fetch_cors::Request;
    /// let page = RequestOrigin::from(parse_origin("https://app.example").unwrap());
    /// let req = Request::builder_for("https://api.example/x".parse().unwrap(), page.clone())
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(req.origin(), page.origin());
    /// ```
    pub fn builder_for(url: Url, origin: impl Into<RequestOrigin>) -> RequestBuilder {
        RequestBuilder {
            request: Request {
                url: Arc::new(url),
                method: Method::GET,
                origin: origin.into(),
                mode: Mode::Cors,
                credentials: CredentialsMode::SameOrigin,
                redirect: RedirectMode::Follow,
                headers: HeaderList::new(),
                body: None,
                use_cors_preflight: false,
                unsafe_request: true,
                referrer_policy: ReferrerPolicy::Empty,
                partition_key: None,
                body_type_appended: false,
            },
            method: None,
            header_bytes: Vec::new(),
            headers: Vec::new(),
            error: None,
            rules: SafelistRules::SPEC,
        }
    }

    /// The URL the request was made for.
    pub fn url(&self) -> &Url {
        &self.url
    }
    /// The (normalized) method.
    pub fn method(&self) -> &Method {
        &self.method
    }
    /// The client's origin.
    pub fn origin(&self) -> &Origin {
        self.origin.origin()
    }
    /// The mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }
    /// The credentials mode.
    pub fn credentials(&self) -> CredentialsMode {
        self.credentials
    }
    /// The redirect mode.
    pub fn redirect(&self) -> RedirectMode {
        self.redirect
    }
    /// The header list after the `Headers` guard.
    pub fn headers(&self) -> &HeaderList {
        &self.headers
    }
    /// The body, if any.
    pub fn body(&self) -> Option<&Body> {
        self.body.as_ref()
    }
    /// The use-CORS-preflight flag.
    pub fn use_cors_preflight(&self) -> bool {
        self.use_cors_preflight
    }
    /// The unsafe-request flag (set for `fetch()` and XHR; unset for
    /// element loads, which are never preflighted).
    pub fn unsafe_request(&self) -> bool {
        self.unsafe_request
    }
    /// The referrer policy.
    pub fn referrer_policy(&self) -> ReferrerPolicy {
        self.referrer_policy
    }
    /// The network partition key.
    pub fn partition_key(&self) -> Option<&NetworkPartitionKey> {
        self.partition_key.as_ref()
    }
}

/// Whether a request is [redirect-tainted](https://fetch.spec.whatwg.org/#concept-request-tainted-origin):
/// its redirect-taint is not `same-origin`. That happens when some hop goes
/// from a URL cross-origin to the request's origin to a URL of yet another
/// origin (which may be the request's own again).
///
/// Same-site and cross-site taint serialize the same way (`null`), and only
/// SameSite cookies (the caller's) tell them apart, so this returns whether
/// the taint is `same-origin` and needs no public suffix list.
///
/// ```
/// use fetch_cors::request::is_redirect_tainted;
/// let url = |s: &str| url::Url::parse(s).unwrap();
/// let a = url("https://a.example/").origin();
/// assert!(!is_redirect_tainted(&a, &[url("https://a.example/"), url("https://b.example/")]));
/// assert!(is_redirect_tainted(&a, &[url("https://b.example/"), url("https://a.example/")]));
/// ```
pub fn is_redirect_tainted(origin: &Origin, url_list: &[Url]) -> bool {
    url_list.windows(2).any(|pair| {
        let (last, url) = (&pair[0], &pair[1]);
        redirect_taints(origin, last, same_origin(url, last))
    })
}

/// The step of [`is_redirect_tainted`]'s loop that taints: a hop from
/// `last` that leaves its origin (`same_origin_hop` is false), when that
/// is not the request's `origin` either. HTTP-redirect fetch asks it of
/// each new hop, whose same-origin test it has made already.
pub(crate) fn redirect_taints(origin: &Origin, last: &Url, same_origin_hop: bool) -> bool {
    !same_origin_hop && !has_origin(last, origin)
}

/// [Byte-serializing a request origin](https://fetch.spec.whatwg.org/#byte-serializing-a-request-origin):
/// `null` when redirect-tainted or opaque, else the ASCII serialization.
pub fn serialize_request_origin(origin: &Origin, url_list: &[Url]) -> String {
    if is_redirect_tainted(origin, url_list) {
        "null".to_owned()
    } else {
        ascii_serialization(origin)
    }
}

/// `Origin::ascii_serialization`, without `format!` in the common case (a
/// domain on the scheme's default port): every fetch serializes its origin,
/// and formatting cost more than the rest of starting one.
fn ascii_serialization(origin: &Origin) -> String {
    let Origin::Tuple(scheme, Host::Domain(domain), port) = origin else {
        return origin.ascii_serialization();
    };
    let default_port = match scheme.as_str() {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        _ => None,
    };
    if default_port != Some(*port) {
        return origin.ascii_serialization();
    }
    let mut out = String::with_capacity(scheme.len() + 3 + domain.len());
    out.push_str(scheme);
    out.push_str("://");
    out.push_str(domain);
    out
}

/// A request's origin with its ASCII serialization (`null` when opaque),
/// made once and shared: every hop sends the serialization and the cache
/// keys on it, and a page that makes many requests has one origin, so a
/// clone is a count, not a copy.
///
/// ```
/// use fetch_cors::request::{parse_origin, RequestOrigin};
/// let origin = RequestOrigin::from(parse_origin("https://app.example:8443").unwrap());
/// assert_eq!(origin.serialization(), "https://app.example:8443");
/// assert_eq!(RequestOrigin::from(parse_origin("null").unwrap()).serialization(), "null");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestOrigin(Arc<(Origin, Box<str>)>);

impl RequestOrigin {
    /// The origin.
    pub fn origin(&self) -> &Origin {
        &self.0 .0
    }

    /// Its ASCII serialization.
    pub fn serialization(&self) -> &str {
        &self.0 .1
    }
}

impl From<Origin> for RequestOrigin {
    fn from(origin: Origin) -> Self {
        let serialization = ascii_serialization(&origin).into_boxed_str();
        RequestOrigin(Arc::new((origin, serialization)))
    }
}

/// Parses a client origin: `null` is a new opaque origin; anything else
/// must be a URL whose origin is a tuple.
pub fn parse_origin(input: &str) -> Result<Origin, FetchError> {
    if input == "null" {
        return Ok(Origin::new_opaque());
    }
    let invalid = |reason: String| FetchError::InvalidUrl {
        what: "origin",
        input: input.as_bytes().to_vec(),
        reason,
    };
    let url = Url::parse(input).map_err(|e| invalid(e.to_string()))?;
    match url.origin() {
        origin @ Origin::Tuple(..) => Ok(origin),
        Origin::Opaque(_) => Err(invalid(format!(
            "scheme `{}` has no tuple origin; use `null` for an opaque origin",
            url.scheme()
        ))),
    }
}

/// Builds a [`Request`] the way `new Request(url, init)` does.
#[derive(Debug)]
#[must_use]
pub struct RequestBuilder {
    request: Request,
    /// `init.method`, parsed when given; a failure is reported in its turn
    /// when the request is built. (Errors are boxed: the builder is moved
    /// at every call, and a `FetchError` is large and rare.)
    method: Option<Result<Method, Box<FetchError>>>,
    /// The author headers' bytes, one after the other, and where each
    /// name and value is in them: two allocations however many headers.
    header_bytes: Vec<u8>,
    headers: Vec<(Range<usize>, Range<usize>)>,
    error: Option<Box<FetchError>>,
    /// What the `Headers` guard counts as safelisted: the spec's, unless
    /// [`RequestBuilder::policy`] says otherwise.
    rules: SafelistRules,
}

impl RequestBuilder {
    /// Sets the client's origin from a `url::Origin` (or a
    /// [`RequestOrigin`]).
    pub fn origin(mut self, origin: impl Into<RequestOrigin>) -> Self {
        self.request.origin = origin.into();
        self
    }

    /// `init.method`: checked for the token grammar and forbidden methods,
    /// then normalized; a refusal fails [`RequestBuilder::build`] at the
    /// constructor's step for it.
    pub fn method(mut self, method: impl AsRef<[u8]>) -> Self {
        self.method = Some(parse_method(method.as_ref()).map_err(Box::new));
        self
    }

    /// Appends an author header, as `Headers.append()` would when the
    /// request is built: the value is normalized, an invalid name or value
    /// fails the build, a forbidden header is dropped silently.
    pub fn header(mut self, name: impl AsRef<[u8]>, value: impl AsRef<[u8]>) -> Self {
        let mut push = |bytes: &[u8]| {
            let start = self.header_bytes.len();
            self.header_bytes.extend_from_slice(bytes);
            start..self.header_bytes.len()
        };
        let name = push(name.as_ref());
        let value = push(value.as_ref());
        self.headers.push((name, value));
        self
    }

    /// The user agent whose `Headers` guard applies: the no-cors guard
    /// keeps a value only if it is no-CORS-safelisted under `policy`'s
    /// knobs (Firefox's, say, drops `Accept: a\u{e9}b`). The spec's rules
    /// by default; pass the policy the [`crate::Fetch`] will run under.
    ///
    /// ```
    /// use fetch_cors::{Policy, Profile, Request, request::Mode};
    /// let build = |policy: &Policy| {
    ///     Request::builder("https://api.example/x".parse().unwrap(), "https://app.example")
    ///         .policy(policy)
    ///         .mode(Mode::NoCors)
    ///         .header("Accept", b"a\xe9b")
    ///         .build()
    ///         .unwrap()
    /// };
    /// assert!(build(&Policy::spec()).headers().contains("accept"));
    /// assert!(!build(&Policy::from_profile(Profile::Firefox)).headers().contains("accept"));
    /// ```
    pub fn policy(mut self, policy: &Policy) -> Self {
        self.rules = SafelistRules::of(policy);
        self
    }

    /// `init.mode`.
    pub fn mode(mut self, mode: Mode) -> Self {
        self.request.mode = mode;
        self
    }

    /// `init.credentials`.
    pub fn credentials(mut self, credentials: CredentialsMode) -> Self {
        self.request.credentials = credentials;
        self
    }

    /// `init.redirect`.
    pub fn redirect(mut self, redirect: RedirectMode) -> Self {
        self.request.redirect = redirect;
        self
    }

    /// `init.body`.
    pub fn body(mut self, body: Body) -> Self {
        self.request.body = Some(body);
        self
    }

    /// Sets the use-CORS-preflight flag (XHR with an upload listener).
    pub fn use_cors_preflight(mut self, flag: bool) -> Self {
        self.request.use_cors_preflight = flag;
        self
    }

    /// `init.referrerPolicy`.
    pub fn referrer_policy(mut self, policy: ReferrerPolicy) -> Self {
        self.request.referrer_policy = policy;
        self
    }

    /// The network partition key of the request's client.
    pub fn partition_key(mut self, key: NetworkPartitionKey) -> Self {
        self.request.partition_key = Some(key);
        self
    }

    /// Marks the request as started by the user agent rather than script
    /// (an element load such as `<img crossorigin>`, a report upload): the
    /// unsafe-request flag is unset, so it is never preflighted
    /// ([`#cors-protocol-exceptions`](https://fetch.spec.whatwg.org/#cors-protocol-exceptions)),
    /// and `new Request()`'s refusals of `navigate` and URL credentials do
    /// not apply. Forbidden methods and headers are still refused.
    pub fn from_user_agent(mut self) -> Self {
        self.request.unsafe_request = false;
        self
    }

    /// Applies the constructor's rules in the spec's order.
    pub fn build(self) -> Result<Request, FetchError> {
        self.build_with_headers(&HeaderMap::new())
    }

    /// [`RequestBuilder::build`], with the entries of `headers` appended
    /// after those given to [`RequestBuilder::header`], in the map's
    /// order, each as `Headers.append()` appends it. For a caller whose
    /// request is an `http::Request`: its names are parsed already, and
    /// its values are copied once, into the request.
    ///
    /// ```
    /// use fetch_cors::Request;
    /// use http::{header, HeaderMap, HeaderValue};
    /// let mut headers = HeaderMap::new();
    /// headers.append(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    /// headers.append(header::COOKIE, HeaderValue::from_static("dropped"));
    /// let req = Request::builder("https://api.example/x".parse().unwrap(), "https://app.example")
    ///     .method("PUT")
    ///     .header("X-First", "1")
    ///     .build_with_headers(&headers)
    ///     .unwrap();
    /// let names: Vec<&str> = req.headers().iter().map(|(name, _)| name.as_str()).collect();
    /// assert_eq!(names, ["x-first", "content-type"]);
    /// ```
    pub fn build_with_headers(self, map: &HeaderMap) -> Result<Request, FetchError> {
        let RequestBuilder {
            mut request,
            method,
            header_bytes,
            headers,
            error,
            rules,
        } = self;
        if let Some(error) = error {
            return Err(*error);
        }
        let script = request.unsafe_request;
        // Parsing a URL that includes credentials throws.
        if script && (!request.url.username().is_empty() || request.url.password().is_some()) {
            return Err(FetchError::UrlIncludesCredentials {
                url: Arc::unwrap_or_clone(request.url),
            });
        }
        // `init.mode` "navigate" throws.
        if script && request.mode == Mode::Navigate {
            return Err(FetchError::NavigateMode);
        }
        // `init.method`: a token, not forbidden, then normalized.
        if let Some(method) = method {
            request.method = method.map_err(|e| *e)?;
        }
        // In no-cors mode the method must be CORS-safelisted, and the guard
        // becomes request-no-cors.
        let no_cors = request.mode == Mode::NoCors;
        if no_cors && !is_cors_safelisted_method(&request.method) {
            return Err(FetchError::NoCorsMethod {
                method: request.method.to_string(),
            });
        }
        // One reservation for the author headers, a body's `Content-Type`
        // and the two the engine may add on the first hop (`Accept: */*`
        // and `Origin`), so that none of them reallocates.
        let body_type = request.body.as_ref().and_then(|b| b.content_type.as_ref());
        request.headers.reserve(
            headers.len() + map.len() + 3,
            header_bytes.len()
                + map.values().map(|value| value.len()).sum::<usize>()
                + body_type.map_or(0, |t| t.len())
                + crate::fetch::DEFAULT_ACCEPT.len()
                + request.origin.serialization().len(),
        );
        // Fill the headers through the guard.
        for (name, value) in headers {
            let name = parse_header_name(&header_bytes[name])?;
            append_guarded(
                &mut request.headers,
                name,
                &header_bytes[value],
                no_cors,
                rules,
            )?;
        }
        for (name, value) in map {
            append_guarded(
                &mut request.headers,
                name.clone(),
                value.as_bytes(),
                no_cors,
                rules,
            )?;
        }
        if let Some(body) = &request.body {
            if request.method == Method::GET || request.method == Method::HEAD {
                return Err(FetchError::BodyWithGetOrHead {
                    method: request.method.to_string(),
                });
            }
            if body.stream {
                if !matches!(request.mode, Mode::Cors | Mode::SameOrigin) {
                    return Err(FetchError::StreamBodyMode {
                        mode: request.mode.as_str(),
                    });
                }
                request.use_cors_preflight = true;
            }
            if let Some(content_type) = &body.content_type {
                if !request.headers.contains(&header::CONTENT_TYPE) {
                    append_guarded(
                        &mut request.headers,
                        header::CONTENT_TYPE,
                        content_type,
                        no_cors,
                        rules,
                    )?;
                    request.body_type_appended = request.headers.contains(&header::CONTENT_TYPE);
                }
            }
        }
        Ok(request)
    }
}

/// A method from script: a token, not forbidden, normalized.
fn parse_method(method: &[u8]) -> Result<Method, FetchError> {
    let parsed = Method::from_bytes(method)
        .ok()
        .filter(|_| crate::headers::is_token(method))
        .ok_or_else(|| FetchError::InvalidMethod {
            method: method.to_vec(),
        })?;
    if is_forbidden_method(method) {
        return Err(FetchError::ForbiddenMethod {
            method: String::from_utf8_lossy(method).into_owned(),
        });
    }
    Ok(normalize_method(parsed))
}

/// [Append](https://fetch.spec.whatwg.org/#concept-headers-append) to a
/// `Headers` object whose guard is `request` or `request-no-cors`.
/// `name` is a header name already (the caller validated it: step 2's
/// first half).
fn append_guarded(
    headers: &mut HeaderList,
    name: HeaderName,
    value: &[u8],
    no_cors: bool,
    rules: SafelistRules,
) -> Result<(), FetchError> {
    // 1. Normalize the value.
    let value = normalize_header_value(value);
    // 2. Validate: an invalid value throws.
    if !is_header_value(value) {
        return Err(FetchError::InvalidHeaderValue {
            name: name.as_str().to_owned(),
            value: value.to_vec(),
        });
    }
    if no_cors {
        // 3. request-no-cors: the combined value must stay no-CORS-safelisted.
        let combined = match headers.get(&name) {
            None => std::borrow::Cow::Borrowed(value),
            Some(existing) => {
                let mut joined = existing.into_owned();
                joined.extend_from_slice(b", ");
                joined.extend_from_slice(value);
                std::borrow::Cow::Owned(joined)
            }
        };
        if !is_no_cors_safelisted_request_header_under(&name, &combined, rules) {
            return Ok(());
        }
    } else if is_forbidden_request_header(&name, value) {
        // The request guard ignores forbidden request-headers silently.
        return Ok(());
    }
    // 4. Append.
    headers.append(name, value);
    // 5. request-no-cors removes privileged no-CORS request-headers (Range);
    //    none can have been appended above, since Range is not
    //    no-CORS-safelisted.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builder() -> RequestBuilder {
        Request::builder(
            Url::parse("https://api.example/r").unwrap(),
            "https://app.example",
        )
    }

    #[test]
    fn fetch_defaults() {
        let r = builder().build().unwrap();
        assert_eq!(r.method(), Method::GET);
        assert_eq!(r.mode(), Mode::Cors);
        assert_eq!(r.credentials(), CredentialsMode::SameOrigin);
        assert_eq!(r.redirect(), RedirectMode::Follow);
        assert!(r.unsafe_request());
        assert!(!r.use_cors_preflight());
        assert_eq!(r.origin().ascii_serialization(), "https://app.example");
    }

    #[test]
    fn method_patch_stays_lowercase_and_delete_is_normalized() {
        assert_eq!(
            builder().method("patch").build().unwrap().method().as_str(),
            "patch"
        );
        assert_eq!(
            builder().method("PATCH").build().unwrap().method().as_str(),
            "PATCH"
        );
        assert_eq!(
            builder().method("delete").build().unwrap().method(),
            Method::DELETE
        );
    }

    #[test]
    fn forbidden_and_invalid_methods_are_refused() {
        for m in ["CONNECT", "trace", "Track"] {
            assert!(
                matches!(
                    builder().method(m).build(),
                    Err(FetchError::ForbiddenMethod { .. })
                ),
                "{m}"
            );
        }
        for m in ["", "GE T", "G\u{e9}T", "a,b"] {
            assert!(
                matches!(
                    builder().method(m).build(),
                    Err(FetchError::InvalidMethod { .. })
                ),
                "{m:?}"
            );
        }
    }

    #[test]
    fn invalid_header_names_and_values_are_refused() {
        assert!(matches!(
            builder().header("a b", "1").build(),
            Err(FetchError::InvalidHeaderName { .. })
        ));
        assert!(matches!(
            builder().header("a", "x\0y").build(),
            Err(FetchError::InvalidHeaderValue { .. })
        ));
        // Edge whitespace is normalized away, not refused.
        let r = builder().header("X-A", "  v \t").build().unwrap();
        assert_eq!(r.headers().get("x-a").unwrap().as_ref(), b"v");
    }

    #[test]
    fn forbidden_headers_are_dropped_silently() {
        let r = builder()
            .header("Cookie", "a=b")
            .header("Proxy-Authorization", "x")
            .header("Sec-Foo", "x")
            .header("X-HTTP-Method-Override", "TRACE")
            .header("X-HTTP-Method", "PATCH")
            .header("User-Agent", "ua")
            .build()
            .unwrap();
        let names: Vec<&str> = r.headers().iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["x-http-method", "user-agent"]);
    }

    #[test]
    fn no_cors_allows_only_safelisted_methods() {
        assert!(matches!(
            builder().mode(Mode::NoCors).method("PUT").build(),
            Err(FetchError::NoCorsMethod { .. })
        ));
        assert!(builder().mode(Mode::NoCors).method("post").build().is_ok());
    }

    #[test]
    fn no_cors_keeps_only_no_cors_safelisted_headers() {
        let r = builder()
            .mode(Mode::NoCors)
            .header("Accept", "text/html")
            .header("X-Custom", "1")
            .header("Range", "bytes=0-")
            .header("Content-Type", "application/json")
            .header("Content-Language", "en")
            .build()
            .unwrap();
        let names: Vec<&str> = r.headers().iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["accept", "content-language"]);
    }

    #[test]
    fn no_cors_append_checks_the_combined_value() {
        let long = "a".repeat(100);
        let r = builder()
            .mode(Mode::NoCors)
            .header("Accept", &long)
            .header("Accept", &long)
            .build()
            .unwrap();
        assert_eq!(
            r.headers().len(),
            1,
            "the combined 202-byte value is not safelisted"
        );
    }

    /// A map's entries go through the same guard as `header`'s, after
    /// them: values normalized, forbidden names dropped, and in no-cors
    /// mode the combined value checked (#concept-headers-append).
    #[test]
    fn header_map_entries_are_appended_through_the_guard() {
        let mut map = HeaderMap::new();
        map.append("x-a", http::HeaderValue::from_static(" 1\t"));
        map.append("cookie", http::HeaderValue::from_static("c=1"));
        map.append(
            "content-type",
            http::HeaderValue::from_static("application/json"),
        );
        let r = builder()
            .header("X-First", "0")
            .build_with_headers(&map)
            .unwrap();
        let got: Vec<(&str, &[u8])> = r.headers().iter().map(|(n, v)| (n.as_str(), v)).collect();
        assert_eq!(
            got,
            [
                ("x-first", &b"0"[..]),
                ("x-a", b"1"),
                ("content-type", b"application/json")
            ]
        );

        let long = http::HeaderValue::from_str(&"a".repeat(100)).unwrap();
        let mut map = HeaderMap::new();
        map.append("accept", long.clone());
        map.append("accept", long);
        map.append(
            "content-type",
            http::HeaderValue::from_static("application/json"),
        );
        map.append("content-language", http::HeaderValue::from_static("de"));
        let r = builder()
            .mode(Mode::NoCors)
            .build_with_headers(&map)
            .unwrap();
        let got: Vec<&str> = r.headers().iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            got,
            ["accept", "content-language"],
            "the second 100-byte Accept makes the combined value unsafe; JSON is not a safelisted Content-Type"
        );
    }

    #[test]
    fn bodies() {
        assert!(matches!(
            builder().body(Body::text()).build(),
            Err(FetchError::BodyWithGetOrHead { .. })
        ));
        let r = builder().method("POST").body(Body::text()).build().unwrap();
        assert_eq!(
            r.headers().get("content-type").unwrap().as_ref(),
            b"text/plain;charset=UTF-8"
        );
        let r = builder()
            .method("POST")
            .header("Content-Type", "application/json")
            .body(Body::text())
            .build()
            .unwrap();
        assert_eq!(
            r.headers().get("content-type").unwrap().as_ref(),
            b"application/json"
        );
        let r = builder()
            .method("POST")
            .body(Body::stream())
            .build()
            .unwrap();
        assert!(r.use_cors_preflight());
        assert!(matches!(
            builder()
                .mode(Mode::NoCors)
                .method("POST")
                .body(Body::stream())
                .build(),
            Err(FetchError::StreamBodyMode { .. })
        ));
    }

    #[test]
    fn script_cannot_navigate_or_put_credentials_in_the_url() {
        assert!(matches!(
            builder().mode(Mode::Navigate).build(),
            Err(FetchError::NavigateMode)
        ));
        assert!(builder()
            .mode(Mode::Navigate)
            .from_user_agent()
            .build()
            .is_ok());
        let url = Url::parse("https://user:pw@api.example/").unwrap();
        assert!(matches!(
            Request::builder(url, "https://app.example").build(),
            Err(FetchError::UrlIncludesCredentials { .. })
        ));
    }

    #[test]
    fn origins() {
        let r = Request::builder(Url::parse("https://a.example/").unwrap(), "null")
            .build()
            .unwrap();
        assert_eq!(r.origin().ascii_serialization(), "null");
        assert!(matches!(
            Request::builder(Url::parse("https://a.example/").unwrap(), "not an origin").build(),
            Err(FetchError::InvalidUrl { .. })
        ));
        assert!(
            Request::builder(Url::parse("https://a.example/").unwrap(), "data:,x")
                .build()
                .is_err()
        );
    }

    #[test]
    fn redirect_taint_follows_the_url_list() {
        let url = |s: &str| Url::parse(s).unwrap();
        let a = url("https://a.example/").origin();
        let (ua, ub, ub2, uc) = (
            url("https://a.example/1"),
            url("https://b.example/1"),
            url("https://b.example/2"),
            url("https://c.example/"),
        );
        assert!(!is_redirect_tainted(&a, std::slice::from_ref(&ua)));
        assert!(!is_redirect_tainted(&a, &[ua.clone(), ub.clone()]));
        assert!(!is_redirect_tainted(
            &a,
            &[ua.clone(), ub.clone(), ub2.clone()]
        ));
        assert!(is_redirect_tainted(
            &a,
            &[ua.clone(), ub.clone(), uc.clone()]
        ));
        assert!(is_redirect_tainted(
            &a,
            &[ua.clone(), ub.clone(), ua.clone()]
        ));
        // The first hop leaves a URL cross-origin to the request's origin.
        assert!(is_redirect_tainted(
            &a,
            &[ub.clone(), ua.clone(), uc.clone()]
        ));
        assert!(!is_redirect_tainted(
            &a,
            &[ua.clone(), ua.clone(), ub.clone()]
        ));
        assert_eq!(
            serialize_request_origin(&a, &[ua.clone(), ub.clone(), uc]),
            "null"
        );
        assert_eq!(serialize_request_origin(&a, &[ua, ub]), "https://a.example");
        assert_eq!(
            serialize_request_origin(&Origin::new_opaque(), &[url("https://x/")]),
            "null"
        );
    }

    /// The spec's loop written with `Url::origin`, against the in-place
    /// one, for every list of up to three URLs of a set (ports, user info,
    /// case, `blob:`, opaque), for tuple and opaque request origins.
    #[test]
    fn redirect_taint_agrees_with_url_origin() {
        let urls = [
            "https://a.example/",
            "https://A.example:443/x",
            "https://user@a.example/",
            "http://a.example/",
            "https://b.example/",
            "https://b.example:8443/",
            "blob:https://b.example/uuid",
            "data:text/plain,x",
        ]
        .map(|u| Url::parse(u).unwrap());
        let reference = |origin: &Origin, list: &[Url]| {
            list.windows(2).any(|pair| {
                let last = pair[0].origin();
                pair[1].origin() != last && *origin != last
            })
        };
        let origins = [
            parse_origin("https://a.example").unwrap(),
            parse_origin("https://b.example").unwrap(),
            parse_origin("null").unwrap(),
        ];
        // Every list of one to three of them.
        let mut lists: Vec<Vec<Url>> = urls.iter().map(|u| vec![u.clone()]).collect();
        for len in 2..=3 {
            let longer: Vec<Vec<Url>> = lists
                .iter()
                .filter(|l| l.len() == len - 1)
                .flat_map(|l| {
                    urls.iter().map(move |u| {
                        let mut l = l.clone();
                        l.push(u.clone());
                        l
                    })
                })
                .collect();
            lists.extend(longer);
        }
        assert_eq!(lists.len(), 8 + 64 + 512);
        let mut tainted = 0;
        for origin in &origins {
            for list in &lists {
                let expected = reference(origin, list);
                tainted += usize::from(expected);
                assert_eq!(
                    is_redirect_tainted(origin, list),
                    expected,
                    "{origin:?} {list:?}"
                );
            }
        }
        // Both answers occur.
        assert!(tainted > 0 && tainted < origins.len() * lists.len());
    }

    #[test]
    fn origins_serialize_as_the_url_crate_does() {
        for input in [
            "https://app.example",
            "http://app.example:8080",
            "https://app.example:443",
            "http://[::1]:3000",
            "http://127.0.0.1",
            "ws://x.example",
            "ftp://x.example:21",
            "https://xn--nxasmq6b.example",
        ] {
            let origin = Url::parse(input).unwrap().origin();
            assert_eq!(ascii_serialization(&origin), origin.ascii_serialization());
        }
        assert_eq!(ascii_serialization(&Origin::new_opaque()), "null");
    }

    #[test]
    fn enum_tokens_round_trip() {
        for m in [Mode::SameOrigin, Mode::Cors, Mode::NoCors, Mode::Navigate] {
            assert_eq!(m.as_str().parse::<Mode>(), Ok(m));
        }
        assert!("CORS".parse::<Mode>().is_err());
        assert_eq!("".parse::<ReferrerPolicy>(), Ok(ReferrerPolicy::Empty));
        assert_eq!(
            "include".parse::<CredentialsMode>(),
            Ok(CredentialsMode::Include)
        );
        assert_eq!("manual".parse::<RedirectMode>(), Ok(RedirectMode::Manual));
    }

    /// browser-vectors/firefox/safelist.json: `GET in no-cors mode with
    /// Content-Type: `text/plain;charset=\xE9`` sends no `Content-Type`,
    /// and `POST in no-cors mode with Content-Type:
    /// `text/plain;charset=\xE9`` sends the string body's
    /// `text/plain;charset=UTF-8`: Firefox's no-cors guard drops the
    /// value ([`Policy::non_ascii_bytes_cors_unsafe`]). Chromium and
    /// WebKit keep it, as the spec does.
    #[test]
    fn the_no_cors_guard_applies_the_policy() {
        use crate::policy::Profile;
        let build = |profile: Profile, method: &str, body: bool| {
            let mut b = builder()
                .policy(&Policy::from_profile(profile))
                .mode(Mode::NoCors)
                .method(method)
                .header("Content-Type", b"text/plain;charset=\xe9");
            if body {
                b = b.body(Body::text());
            }
            b.build().unwrap()
        };
        for p in Profile::ALL {
            let get = build(p, "GET", false);
            let post = build(p, "POST", true);
            let post_type = post.headers().get("content-type").unwrap().into_owned();
            if p == Profile::Firefox {
                assert!(!get.headers().contains("content-type"));
                assert_eq!(post_type, b"text/plain;charset=UTF-8");
            } else {
                let sent = b"text/plain;charset=\xe9";
                assert_eq!(
                    get.headers().get("content-type").unwrap().as_ref(),
                    sent,
                    "{p}"
                );
                assert_eq!(post_type, sent, "{p}");
            }
        }
    }
}
