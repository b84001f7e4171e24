//! What a page's `fetch()` says beyond the HTTP request itself: the
//! client's origin and the `RequestInit` members CORS depends on.

use bytes::Bytes;
use fetch_cors::request::{
    parse_origin, CredentialsMode, Mode, NetworkPartitionKey, RedirectMode, ReferrerPolicy,
    RequestBuilder, RequestOrigin,
};
use fetch_cors::{FetchError, Request};
use http::HeaderValue;
use url::Url;

/// The [request](https://fetch.spec.whatwg.org/#concept-request) fields an
/// `http::Request` lacks: who is asking (the client's origin) and the
/// `fetch()` options.
///
/// A [`UserAgent`](crate::UserAgent) has a default set; a request overrides
/// it by carrying its own as an `http` extension.
///
/// ```
/// use fetch_cors::request::{CredentialsMode, Mode};
/// use fetch_cors_tower::FetchOptions;
///
/// let mut request = http::Request::get("https://api.example/me").body(()).unwrap();
/// request.extensions_mut().insert(
///     FetchOptions::new("https://app.example").credentials(CredentialsMode::Include),
/// );
/// let options = request.extensions().get::<FetchOptions>().unwrap();
/// assert_eq!(options.mode, Mode::Cors); // fetch()'s default
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FetchOptions {
    /// The client's origin as given.
    origin: String,
    /// It, parsed and serialized once for all the requests that use these
    /// options.
    parsed_origin: Result<RequestOrigin, FetchError>,
    /// `init.mode`; `cors` by default.
    pub mode: Mode,
    /// `init.credentials`; `same-origin` by default.
    pub credentials: CredentialsMode,
    /// `init.redirect`; `follow` by default.
    pub redirect: RedirectMode,
    /// `init.referrerPolicy`; the empty policy by default.
    pub referrer_policy: ReferrerPolicy,
    /// The use-CORS-preflight flag (XHR with an upload listener).
    pub use_cors_preflight: bool,
    /// The client's network partition key, the first key of preflight
    /// cache entries.
    pub partition_key: Option<NetworkPartitionKey>,
    /// Whether the user agent rather than script starts the request (an
    /// element load): it is then never preflighted.
    pub from_user_agent: bool,
}

impl FetchOptions {
    /// `fetch()`'s defaults for a page whose origin is `origin`: mode
    /// `cors`, credentials `same-origin`, redirect `follow`.
    pub fn new(origin: impl Into<String>) -> Self {
        let origin = origin.into();
        FetchOptions {
            parsed_origin: parse_origin(&origin).map(RequestOrigin::from),
            origin,
            mode: Mode::Cors,
            credentials: CredentialsMode::SameOrigin,
            redirect: RedirectMode::Follow,
            referrer_policy: ReferrerPolicy::Empty,
            use_cors_preflight: false,
            partition_key: None,
            from_user_agent: false,
        }
    }

    /// The client's origin, as given to [`FetchOptions::new`].
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Sets `init.mode`.
    pub fn mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// Sets `init.credentials`.
    pub fn credentials(mut self, credentials: CredentialsMode) -> Self {
        self.credentials = credentials;
        self
    }

    /// Sets `init.redirect`.
    pub fn redirect(mut self, redirect: RedirectMode) -> Self {
        self.redirect = redirect;
        self
    }

    /// Sets `init.referrerPolicy`.
    pub fn referrer_policy(mut self, policy: ReferrerPolicy) -> Self {
        self.referrer_policy = policy;
        self
    }

    /// Sets the use-CORS-preflight flag.
    pub fn use_cors_preflight(mut self, flag: bool) -> Self {
        self.use_cors_preflight = flag;
        self
    }

    /// Sets the network partition key.
    pub fn partition_key(mut self, key: NetworkPartitionKey) -> Self {
        self.partition_key = Some(key);
        self
    }

    /// Marks the request as the user agent's own rather than script's.
    pub fn from_user_agent(mut self, flag: bool) -> Self {
        self.from_user_agent = flag;
        self
    }

    /// The `Origin` header value of requests made with these options (the
    /// origin's ASCII serialization, `null` when opaque or not an origin).
    pub(crate) fn origin_header(&self) -> HeaderValue {
        let serialization = match &self.parsed_origin {
            Ok(origin) => origin.serialization().to_owned(),
            Err(_) => "null".to_owned(),
        };
        // An origin's serialization is ASCII without controls.
        HeaderValue::from_maybe_shared(Bytes::from(serialization))
            .unwrap_or(HeaderValue::from_static("null"))
    }

    /// A builder for a request to `url` with these options applied; the
    /// caller adds the method, headers and body.
    pub(crate) fn request_builder(&self, url: Url) -> RequestBuilder {
        let builder = match &self.parsed_origin {
            Ok(origin) => Request::builder_for(url, origin.clone()),
            // Parsed again, so that building fails with the same error.
            Err(_) => Request::builder(url, &self.origin),
        };
        let mut builder = builder
            .mode(self.mode)
            .credentials(self.credentials)
            .redirect(self.redirect)
            .referrer_policy(self.referrer_policy)
            .use_cors_preflight(self.use_cors_preflight);
        if let Some(key) = &self.partition_key {
            builder = builder.partition_key(key.clone());
        }
        if self.from_user_agent {
            builder = builder.from_user_agent();
        }
        builder
    }
}
