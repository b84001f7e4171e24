//! The fetch state machine: [main fetch](https://fetch.spec.whatwg.org/#main-fetch),
//! [HTTP fetch](https://fetch.spec.whatwg.org/#http-fetch) and
//! [HTTP-redirect fetch](https://fetch.spec.whatwg.org/#http-redirect-fetch),
//! driven by the caller.
//!
//! The caller owns the network, the clock and the preflight cache. It calls
//! [`Fetch::poll`], which either asks it to send a request
//! ([`Action::Send`]) or reports the outcome ([`Action::Done`]); after
//! sending, it hands the response head to [`Fetch::handle_response`] and
//! polls again. See the crate documentation for the loop.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use http::header::{
    HeaderName, ACCEPT, ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS,
    ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_MAX_AGE,
    AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, LOCATION, ORIGIN,
};
use http::Method;
use url::{Position, Url};

use crate::cache::{CacheKey, Credentials, PreflightCache};
use crate::cors_check::{cors_check, cors_check_as};
use crate::error::{Credentialed, FetchError, Hop};
use crate::headers::list::AsHeaderName;
use crate::headers::request::{
    cors_unsafe_request_header_name_refs_under, is_cors_non_wildcard_request_header_name,
    is_request_body_header_name, unsafe_headers_with_reasons_under, unsafe_names_in_list_order,
    SafelistRules,
};
use crate::headers::response::is_forbidden_response_header_name;
use crate::headers::{escape_bytes, HeaderList};
use crate::methods::is_cors_safelisted_method;
use crate::origin::{same_origin, url_has_origin};
use crate::policy::{
    BodyHeadersAfterRewrite, CacheGranularity, Policy, RedirectHeaders, TaintedPreflightOrigin,
};
use crate::preflight::{check_preflight_response_listing, preflight_headers, PreflightFor};
use crate::redirect::{
    includes_credentials, location_url_with, redirect_rewrites_to_get, referrer_policy_from_header,
    LocationRules, REDIRECT_LIMIT,
};
use crate::request::{
    is_redirect_tainted, redirect_taints, CredentialsMode, Mode, RedirectMode, ReferrerPolicy,
    Request,
};
use crate::response::{
    cors_filter, FilteredHeaders, Response, ResponseBody, ResponseHead, ResponseType, UrlList,
};
use crate::time::Timestamp;
use crate::trace::{preflight_steps, CacheEntry, Event, HiddenHeader, UnsafeHeader};

/// Whether a request the engine emits is the CORS preflight or the request
/// itself (or one of its redirect hops).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RequestKind {
    /// The `OPTIONS` CORS-preflight request.
    Preflight,
    /// The main request or a redirect hop of it.
    Main,
}

/// A request to put on the wire, as [`Fetch::poll`] hands it out: a view
/// of what the fetch holds, nothing copied.
///
/// `headers` reads as the header list sent: for a preflight, the list the
/// engine built; for the main request (or a redirect hop), the request's
/// own list followed by the `Origin` header the engine appends. The caller
/// adds what belongs to its own layers (`User-Agent`, `Referer`, `Host`,
/// `Sec-Fetch-*`) and, when `include_credentials` is true, cookies and HTTP
/// authentication. [`OutgoingRequest::to_owned`] keeps a copy.
#[derive(Clone, Copy, Debug)]
pub struct OutgoingRequest<'a> {
    /// Preflight or main request.
    pub kind: RequestKind,
    /// The method, byte for byte (`patch` stays `patch`).
    pub method: &'a Method,
    /// The URL, without its fragment: the request's own URL, shared, when
    /// it has none.
    pub url: &'a Arc<Url>,
    /// The header list to send.
    pub headers: SentHeaders<'a>,
    /// Whether credentials (cookies, HTTP authentication, client
    /// certificates) go with it; never for a preflight.
    pub include_credentials: bool,
    /// How many redirects were followed before it.
    pub redirects: u32,
}

/// An [`OutgoingRequest`] kept after the fetch moved on: what a recorder
/// or a test holds on to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentRequest {
    /// Preflight or main request.
    pub kind: RequestKind,
    /// The method.
    pub method: Method,
    /// The URL, without its fragment.
    pub url: Arc<Url>,
    /// The header list sent.
    pub headers: HeaderList,
    /// Whether credentials went along.
    pub include_credentials: bool,
    /// How many redirects were followed before it.
    pub redirects: u32,
}

impl SentRequest {
    /// This copy read as an [`OutgoingRequest`] (to send it again, say).
    pub fn as_outgoing(&self) -> OutgoingRequest<'_> {
        OutgoingRequest {
            kind: self.kind,
            method: &self.method,
            url: &self.url,
            headers: SentHeaders {
                list: &self.headers,
                origin: None,
            },
            include_credentials: self.include_credentials,
            redirects: self.redirects,
        }
    }
}

/// The header list of an [`OutgoingRequest`]: a list, and the `Origin` the
/// engine appends after it on a main request. Reads like a
/// [`HeaderList`].
///
/// ```
/// use fetch_cors::{Fetch, Policy, PreflightCache, Request, Timestamp, fetch::Action};
/// let request = Request::builder("https://api.example/x".parse().unwrap(), "https://app.example")
///     .header("Accept-Language", "en")
///     .build().unwrap();
/// let mut fetch = Fetch::new(request, &Policy::spec());
/// let mut cache = PreflightCache::new(16);
/// let Action::Send(out) = fetch.poll(&mut cache, Timestamp::ZERO) else { unreachable!() };
/// let names: Vec<&str> = out.headers.iter().map(|(n, _)| n.as_str()).collect();
/// assert_eq!(names, ["accept-language", "accept", "origin"]);
/// assert_eq!(out.headers.get("origin").as_deref(), Some(&b"https://app.example"[..]));
/// // The request still has its own list, and only that.
/// assert_eq!(fetch.request().headers().len(), 2);
/// ```
#[derive(Clone, Copy)]
pub struct SentHeaders<'a> {
    list: &'a HeaderList,
    origin: Option<&'a [u8]>,
}

/// The name [`SentHeaders`] yields for the appended `Origin`.
static ORIGIN_NAME: HeaderName = ORIGIN;

impl<'a> SentHeaders<'a> {
    /// The number of headers.
    pub fn len(&self) -> usize {
        self.list.len() + usize::from(self.origin.is_some())
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each header in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&'a HeaderName, &'a [u8])> + 'a {
        let origin = self.origin.map(|value| (&ORIGIN_NAME, value));
        ExactChain {
            list: self.list.iter(),
            last: origin,
        }
    }

    /// Whether a header named `name` is present.
    pub fn contains(&self, name: impl AsHeaderName) -> bool {
        (self.origin.is_some() && name.is(&ORIGIN_NAME)) || self.list.contains(name)
    }

    /// [Get](https://fetch.spec.whatwg.org/#concept-header-list-get) `name`,
    /// as [`HeaderList::get`].
    pub fn get(&self, name: impl AsHeaderName) -> Option<Cow<'a, [u8]>> {
        let appended = self.origin.filter(|_| name.is(&ORIGIN_NAME));
        match (self.list.get(name), appended) {
            (listed, None) => listed,
            (None, Some(origin)) => Some(Cow::Borrowed(origin)),
            (Some(listed), Some(origin)) => Some(Cow::Owned([&listed[..], b", ", origin].concat())),
        }
    }

    /// The values of every header named `name`, in order.
    pub fn get_all(&self, name: &'a HeaderName) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.iter().filter(move |(n, _)| *n == name).map(|(_, v)| v)
    }

    /// A copy as a [`HeaderList`].
    pub fn to_list(&self) -> HeaderList {
        let mut list = self.list.clone();
        if let Some(origin) = self.origin {
            list.append(ORIGIN, origin);
        }
        list
    }

    /// As [`HeaderList::sort_and_combine`].
    pub fn sort_and_combine(&self) -> Vec<(HeaderName, Vec<u8>)> {
        crate::headers::list::sort_and_combine(self.iter())
    }

    /// As [`HeaderList::to_header_map`].
    pub fn to_header_map(&self) -> Result<http::HeaderMap, FetchError> {
        crate::headers::list::to_header_map(self.iter(), self.len())
    }
}

impl fmt::Debug for SentHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(
                self.iter()
                    .map(|(n, v)| (n.as_str(), crate::headers::escape_bytes(v))),
            )
            .finish()
    }
}

impl PartialEq<HeaderList> for SentHeaders<'_> {
    fn eq(&self, other: &HeaderList) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

/// A list's iterator, then at most one more header, with an exact length.
struct ExactChain<'a, I> {
    list: I,
    last: Option<(&'a HeaderName, &'a [u8])>,
}

impl<'a, I: Iterator<Item = (&'a HeaderName, &'a [u8])> + ExactSizeIterator> Iterator
    for ExactChain<'a, I>
{
    type Item = (&'a HeaderName, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        self.list.next().or_else(|| self.last.take())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.list.len() + usize::from(self.last.is_some());
        (n, Some(n))
    }
}

impl<'a, I: Iterator<Item = (&'a HeaderName, &'a [u8])> + ExactSizeIterator> ExactSizeIterator
    for ExactChain<'a, I>
{
}

impl OutgoingRequest<'_> {
    /// A copy to keep.
    pub fn to_owned(&self) -> SentRequest {
        SentRequest {
            kind: self.kind,
            method: self.method.clone(),
            url: Arc::clone(self.url),
            headers: self.headers.to_list(),
            include_credentials: self.include_credentials,
            redirects: self.redirects,
        }
    }

    /// The request as an `http::Request` with an empty body, for an HTTP
    /// client. Fails if a header value holds bytes `http` refuses, or if
    /// the URL's host holds `"`, `` ` ``, `{` or `}`, which WHATWG URLs
    /// allow and `http::Uri` refuses.
    ///
    /// ```
    /// use fetch_cors::{Fetch, Policy, PreflightCache, Request, Timestamp, fetch::Action};
    /// let request = Request::builder("https://api.example/x".parse().unwrap(), "https://app.example")
    ///     .build().unwrap();
    /// let mut fetch = Fetch::new(request, &Policy::spec());
    /// let mut cache = PreflightCache::new(16);
    /// let Action::Send(out) = fetch.poll(&mut cache, Timestamp::ZERO) else { unreachable!() };
    /// let http_request = out.to_http().unwrap();
    /// assert_eq!(http_request.headers()["origin"], "https://app.example");
    /// ```
    pub fn to_http(&self) -> Result<http::Request<()>, FetchError> {
        let mut request = http::Request::new(());
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = self
            .url
            .as_str()
            .parse()
            .map_err(|e: http::uri::InvalidUri| FetchError::InvalidUrl {
                what: "URL",
                input: self.url.as_str().as_bytes().to_vec(),
                reason: e.to_string(),
            })?;
        *request.headers_mut() = self.headers.to_header_map()?;
        Ok(request)
    }
}

/// The value of an `Origin` header a main request carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SentOrigin {
    /// The request's serialized origin.
    Request,
    /// `null`: the origin is opaque, or tainted by a redirect, or hidden
    /// by the referrer policy.
    Null,
}

/// The request as it started, for the policies that read it after a
/// redirect changed it.
#[derive(Debug)]
struct Original {
    headers: HeaderList,
    method: Method,
}

/// A request the fetch has put on the wire, kept until its response comes.
#[derive(Debug)]
struct Pending {
    kind: RequestKind,
    method: Method,
    url: Arc<Url>,
    /// A preflight's header list; for a main request, the request's list
    /// with its values converted for the wire, where the policy says so
    /// ([`Policy::header_values_as_utf8`]), else `None`: the request's
    /// own list goes out as it is.
    headers: Option<HeaderList>,
    /// For a main request, the `Origin` appended after its headers.
    origin: Option<SentOrigin>,
    include_credentials: bool,
    redirects: u32,
}

/// What the caller must do next.
#[derive(Debug)]
pub enum Action<'a> {
    /// Send this request and feed its response head to
    /// [`Fetch::handle_response`].
    Send(OutgoingRequest<'a>),
    /// The fetch is over: the filtered response script sees, or why it
    /// failed.
    Done(&'a Result<Response, FetchError>),
}

/// [`Fetch::handle_response`] was called with no request outstanding.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("API misuse: a response was handed to a fetch that is not waiting for one (poll first, and send each request once)")]
pub struct UnexpectedResponse;

/// A request's [response tainting](https://fetch.spec.whatwg.org/#concept-request-response-tainting).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tainting {
    Basic,
    Cors,
    Opaque,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Main fetch must run (at the start, and after each redirect).
    MainFetch,
    /// The preflight is out.
    AwaitPreflight,
    /// The main request (or a redirect hop) is out.
    AwaitResponse,
    /// Finished.
    Done,
}

/// One fetch in progress: a request, the policy, and where it has got to.
///
/// ```
/// use fetch_cors::{Fetch, Policy, PreflightCache, Request, Timestamp, HeaderList};
/// use fetch_cors::fetch::{Action, RequestKind};
/// use fetch_cors::response::{ResponseHead, ResponseType};
///
/// let request = Request::builder("https://api.example/items/1".parse().unwrap(), "https://app.example")
///     .method("PUT")
///     .header("Content-Type", "application/json")
///     .build()
///     .unwrap();
/// let policy = Policy::spec();
/// let mut cache = PreflightCache::new(policy.cache_capacity);
/// let mut fetch = Fetch::new(request, &policy);
/// let now = Timestamp::ZERO;
/// let outcome = loop {
///     match fetch.poll(&mut cache, now) {
///         Action::Send(out) => {
///             // A real caller sends `out` and parses the answer.
///             let mut headers = HeaderList::new();
///             headers.try_append("Access-Control-Allow-Origin", "https://app.example").unwrap();
///             if out.kind == RequestKind::Preflight {
///                 headers.try_append("Access-Control-Allow-Methods", "PUT").unwrap();
///                 headers.try_append("Access-Control-Allow-Headers", "Content-Type").unwrap();
///             }
///             fetch.handle_response(ResponseHead { status: 200, headers }).unwrap();
///         }
///         Action::Done(outcome) => break outcome.clone(),
///     }
/// };
/// assert_eq!(outcome.unwrap().response_type, ResponseType::Cors);
/// ```
#[derive(Debug)]
pub struct Fetch {
    request: Request,
    policy: Policy,
    /// The [URL list](https://fetch.spec.whatwg.org/#concept-request-url-list); the
    /// last is the current URL. Empty until the first redirect, meaning the
    /// request's URL alone (most fetches never copy it).
    url_list: Vec<Url>,
    tainting: Tainting,
    redirect_count: u32,
    /// Whether any main fetch of this fetch took the preflight branch; a
    /// network error then clears the cache entries (main fetch, branch f).
    preflight_branch: bool,
    /// Whether the request is [redirect-tainted](https://fetch.spec.whatwg.org/#concept-request-tainted-origin),
    /// so that its origin serializes as `null`.
    redirect_tainted: bool,
    /// Whether this hop's preflight is forced because an earlier hop
    /// needed one ([`Policy::preflight_sticks_across_redirects`]).
    preflight_forced: bool,
    /// The header list and method the request started with, kept at the
    /// first redirect for the policies that read them later
    /// ([`Policy::preflight_lists_original_headers`],
    /// [`Policy::redirect_headers`] other than `Current`; never otherwise).
    original: Option<Original>,
    /// A redirect's CORS check that failed only as a credentialed one,
    /// which WebKit reports once the next hop is ready to go (its preflight,
    /// if it needs one, exchanged):
    /// [`Policy::redirects_checked_as_credentialed_after_same_origin_start`].
    late_redirect_failure: Option<Box<FetchError>>,
    /// Whether a hop to another origin has nulled a `no-cors` request's
    /// `Origin` ([`Policy::no_cors_cross_origin_hop_nulls_origin`]).
    no_cors_origin_nulled: bool,
    /// Whether a hop to the page's own origin carried headers a preflight
    /// would have to allow
    /// ([`Policy::unsafe_headers_on_same_origin_hops_stick`]).
    unsafe_headers_seen: bool,
    /// The `Content-Type` a rewrite to `GET` removed, kept for a later 307
    /// or 308 ([`Policy::body_headers_after_rewrite`]).
    removed_content_type: Option<Vec<u8>>,
    /// Whether any redirect so far crossed origins, so that step 13 has
    /// removed `Authorization` for good, which
    /// [`RedirectHeaders::RestoreFirstForCors`] does not put back.
    crossed_origin: bool,
    /// The `Origin` the last main request went out with, for
    /// [`Policy::same_origin_redirect_keeps_origin_header`].
    last_origin_sent: Option<SentOrigin>,
    state: State,
    /// The decisions recorded, once [`Fetch::record_trace`] asked.
    trace: Option<Vec<Event>>,
    outgoing: Option<Pending>,
    response: Option<ResponseHead>,
    outcome: Option<Result<Response, FetchError>>,
}

/// The `Accept` value the engine gives a request without one
/// ([`#fetching`](https://fetch.spec.whatwg.org/#fetching) step 12) and
/// every preflight ([`#cors-preflight-fetch`](https://fetch.spec.whatwg.org/#cors-preflight-fetch-0)
/// step 2): a caller that puts the engine's requests into its own header
/// type can make this value once.
///
/// ```
/// assert_eq!(fetch_cors::fetch::DEFAULT_ACCEPT, "*/*");
/// ```
pub const DEFAULT_ACCEPT: &str = "*/*";

impl Fetch {
    /// Starts fetching `request` under `policy`.
    #[inline]
    pub fn new(mut request: Request, policy: &Policy) -> Self {
        // fetch, step 12: a default `Accept: */*`.
        if !request.headers.contains(&ACCEPT) {
            request.headers.append(ACCEPT, DEFAULT_ACCEPT);
        }
        Fetch {
            request,
            policy: policy.clone(),
            url_list: Vec::new(),
            tainting: Tainting::Basic,
            redirect_count: 0,
            preflight_branch: false,
            redirect_tainted: false,
            preflight_forced: false,
            original: None,
            late_redirect_failure: None,
            no_cors_origin_nulled: false,
            unsafe_headers_seen: false,
            removed_content_type: None,
            crossed_origin: false,
            last_origin_sent: None,
            state: State::MainFetch,
            trace: None,
            outgoing: None,
            response: None,
            outcome: None,
        }
    }

    /// Runs the fetch as far as it can go without the network, and says
    /// what the caller must do next. Calling it again without handing over
    /// a response returns the same request.
    pub fn poll(&mut self, cache: &mut PreflightCache, now: Timestamp) -> Action<'_> {
        loop {
            match self.state {
                State::MainFetch => {
                    if let Err(e) = self.main_fetch(cache, now) {
                        self.fail(e, cache);
                    }
                }
                State::AwaitPreflight => match self.response.take() {
                    None => break,
                    Some(response) => {
                        let sent = self
                            .process_preflight_response(&response, cache, now)
                            .and_then(|()| self.send_main());
                        if let Err(e) = sent {
                            self.fail(e, cache);
                        }
                    }
                },
                State::AwaitResponse => match self.response.take() {
                    None => break,
                    Some(response) => self.process_response(response, cache),
                },
                State::Done => break,
            }
        }
        match (&self.outcome, &self.outgoing) {
            (Some(outcome), _) => Action::Done(outcome),
            (None, Some(pending)) => Action::Send(self.outgoing_view(pending)),
            // Unreachable: every state that breaks the loop has one of them.
            (None, None) => unreachable!("a fetch that stopped has a request or an outcome"),
        }
    }

    /// Hands over the response to the request [`Fetch::poll`] returned.
    pub fn handle_response(&mut self, response: ResponseHead) -> Result<(), UnexpectedResponse> {
        match self.state {
            State::AwaitPreflight | State::AwaitResponse if self.response.is_none() => {
                self.response = Some(if self.policy.header_values_as_utf8 {
                    decode_values_as_utf8(response)
                } else {
                    response
                });
                Ok(())
            }
            _ => Err(UnexpectedResponse),
        }
    }

    /// Records every decision from here on, for [`Fetch::trace`]. Without
    /// it nothing is recorded.
    pub fn record_trace(&mut self) {
        self.trace.get_or_insert_with(Vec::new);
    }

    /// The decisions recorded so far ([`crate::trace`]).
    pub fn trace(&self) -> &[Event] {
        self.trace.as_deref().unwrap_or(&[])
    }

    /// The request as it stands (its method and headers change on some
    /// redirects).
    pub fn request(&self) -> &Request {
        &self.request
    }

    /// Ends the fetch and hands back what it holds: the request, as the
    /// last redirect left it, and the outcome if the fetch got that far.
    /// For a caller that keeps the request or the response: nothing is
    /// copied.
    ///
    /// ```
    /// use fetch_cors::{Fetch, HeaderList, Policy, PreflightCache, Request, Timestamp};
    /// use fetch_cors::{fetch::Action, response::ResponseHead};
    /// let request = Request::builder("https://app.example/x".parse().unwrap(), "https://app.example")
    ///     .build().unwrap();
    /// let mut cache = PreflightCache::new(16);
    /// let mut fetch = Fetch::new(request, &Policy::spec());
    /// assert!(matches!(fetch.poll(&mut cache, Timestamp::ZERO), Action::Send(_)));
    /// fetch.handle_response(ResponseHead { status: 204, headers: HeaderList::new() }).unwrap();
    /// assert!(matches!(fetch.poll(&mut cache, Timestamp::ZERO), Action::Done(Ok(_))));
    /// let (request, outcome) = fetch.into_parts();
    /// assert_eq!(request.headers().get("accept").as_deref(), Some(&b"*/*"[..]));
    /// assert_eq!(outcome.unwrap().unwrap().status, 204);
    /// ```
    pub fn into_parts(self) -> (Request, Option<Result<Response, FetchError>>) {
        (self.request, self.outcome)
    }

    /// What [`Fetch::poll`] hands out for the request on the wire: its
    /// header list read in place (a main request's is the request's own).
    fn outgoing_view<'a>(&'a self, pending: &'a Pending) -> OutgoingRequest<'a> {
        let origin = pending
            .origin
            .map(|sent| self.origin_value(sent).as_bytes());
        OutgoingRequest {
            kind: pending.kind,
            method: &pending.method,
            url: &pending.url,
            headers: SentHeaders {
                list: pending.headers.as_ref().unwrap_or(&self.request.headers),
                origin,
            },
            include_credentials: pending.include_credentials,
            redirects: pending.redirects,
        }
    }

    /// The [byte-serialized request origin](https://fetch.spec.whatwg.org/#byte-serializing-a-request-origin):
    /// [`crate::request::serialize_request_origin`] with both of its parts
    /// worked out beforehand (the taint at each redirect, the serialization
    /// when the request was built).
    fn origin(&self) -> &str {
        if self.redirect_tainted {
            "null"
        } else {
            self.request.origin.serialization()
        }
    }

    /// The origin a preflight speaks for (its `Origin`, its check, its
    /// cache key): the request's, except after redirect-taint under
    /// [`TaintedPreflightOrigin::Original`].
    fn preflight_origin(&self) -> &str {
        if self.redirect_tainted
            && self.policy.tainted_preflight_origin == TaintedPreflightOrigin::Original
        {
            self.request.origin.serialization()
        } else {
            self.origin()
        }
    }

    /// Whether the preflight cache may serve or store this hop's preflight:
    /// not for a tainted request whose opaque origin is new at each taint
    /// ([`TaintedPreflightOrigin::FreshOpaque`]).
    fn preflight_cacheable(&self) -> bool {
        !(self.redirect_tainted
            && self.policy.tainted_preflight_origin == TaintedPreflightOrigin::FreshOpaque)
    }

    /// The header list CORS classifies, preflights for and looks up: the
    /// request's, or the one it started with under
    /// [`Policy::preflight_lists_original_headers`].
    /// An associated function, so that main fetch can hold it while it
    /// records into the trace.
    fn cors_headers<'a>(
        policy: &Policy,
        original: &'a Option<Original>,
        request: &'a Request,
    ) -> &'a HeaderList {
        match original {
            Some(original) if policy.preflight_lists_original_headers => &original.headers,
            _ => &request.headers,
        }
    }

    /// The URL list so far.
    pub fn url_list(&self) -> &[Url] {
        match &self.outcome {
            // A list of redirects that had no fragment to remove moved into
            // the response (see `Fetch::response_url_list`), leaving ours
            // empty.
            Some(Ok(response)) if self.url_list.is_empty() && response.url_list.len() > 1 => {
                &response.url_list
            }
            _ if self.url_list.is_empty() => std::slice::from_ref(&self.request.url),
            _ => &self.url_list,
        }
    }

    fn current_url(&self) -> &Url {
        // Once the list has moved into the outcome, nothing asks for the
        // current URL.
        self.url_list.last().unwrap_or(&self.request.url)
    }

    /// The URL list for a filtered response, fragments removed. Nothing is
    /// copied in the usual cases: without a redirect, the URL is the one
    /// the last request went out with (the request's URL without its
    /// fragment), which [`Fetch::finish`] would drop; with redirects and no
    /// fragment, the fetch's own list moves into the response, and
    /// [`Fetch::url_list`] reads it from there. Only called right before
    /// [`Fetch::finish`].
    fn response_url_list(&mut self) -> UrlList {
        if self.url_list.is_empty() {
            let url = match self.outgoing.take() {
                Some(out) if out.kind == RequestKind::Main => out.url,
                _ => self.outgoing_url(),
            };
            debug_assert_eq!(*url, without_fragment(&self.request.url));
            UrlList::from(url)
        } else if self.url_list.iter().all(|url| url.fragment().is_none()) {
            UrlList::from(std::mem::take(&mut self.url_list))
        } else {
            UrlList::from(
                self.url_list
                    .iter()
                    .map(without_fragment)
                    .collect::<Vec<_>>(),
            )
        }
    }

    /// The current URL as a request goes out with it, without its
    /// fragment: before any redirect, the request's URL, shared unless it
    /// has a fragment to remove.
    fn outgoing_url(&self) -> Arc<Url> {
        match self.url_list.last() {
            None if self.request.url.fragment().is_none() => Arc::clone(&self.request.url),
            None => Arc::new(without_fragment(&self.request.url)),
            Some(url) => Arc::new(without_fragment(url)),
        }
    }

    /// Steps 12-13's changes to the header list, after the method's: the
    /// request-body headers go when the redirect rewrote the request to
    /// `GET` (`rewrites`), `Authorization` when it crosses origins. Under a
    /// policy the list is first taken again from the one the request
    /// started with:
    /// - [`RedirectHeaders::RebuildEachRedirect`] (Firefox), at
    ///   every redirect: only this redirect's removals apply, judged by the
    ///   method the request started with, and the body's own type goes with
    ///   the body;
    /// - [`RedirectHeaders::RestoreFirstForCors`] (WebKit), for a hop
    ///   that needs CORS: `Authorization` stays removed once any hop crossed
    ///   origins.
    ///
    /// A 307 or 308 then puts back the `Content-Type` an earlier rewrite
    /// removed ([`Policy::body_headers_after_rewrite`]).
    fn redirect_header_list(
        &mut self,
        status: u16,
        rewrites: bool,
        same_origin_hop: bool,
        location: &Url,
    ) {
        let rebuilt = self.policy.redirect_headers == RedirectHeaders::RebuildEachRedirect;
        let restored = self.policy.redirect_headers == RedirectHeaders::RestoreFirstForCors
            && self.request.mode == Mode::Cors
            && !(self.tainting == Tainting::Basic && self.has_request_origin(location));
        let (drop_body_headers, drop_authorization) = match &self.original {
            Some(original) if rebuilt => {
                self.request.headers = original.headers.clone();
                if self.request.body.is_none() && self.request.body_type_appended {
                    self.request.headers.retain(|name, _| *name != CONTENT_TYPE);
                }
                let rewrites = redirect_rewrites_to_get(status, &original.method);
                (rewrites, !same_origin_hop)
            }
            Some(original) if restored => {
                self.request.headers = original.headers.clone();
                (rewrites, self.crossed_origin)
            }
            _ => (rewrites, !same_origin_hop),
        };
        if drop_body_headers || drop_authorization {
            self.request.headers.retain(|name, _| {
                !(drop_body_headers && is_request_body_header_name(name)
                    || drop_authorization
                        && is_cors_non_wildcard_request_header_name(name.as_str().as_bytes()))
            });
        }
        if matches!(status, 307 | 308) {
            if let Some(value) = self.removed_content_type.take() {
                if !self.request.headers.contains(&CONTENT_TYPE) {
                    self.request.headers.append(CONTENT_TYPE, &value);
                }
            }
        }
    }

    /// Under [`Policy::body_headers_after_rewrite`], at a rewrite to `GET`:
    /// keeps the `Content-Type` step 12 is about to remove, which a later
    /// 307 or 308 puts back on the list.
    fn keep_body_type(&mut self) {
        let keep = match self.policy.body_headers_after_rewrite {
            BodyHeadersAfterRewrite::Removed => false,
            BodyHeadersAfterRewrite::ContentTypeBack => true,
            BodyHeadersAfterRewrite::BodyTypeBack => self.request.body_type_appended,
        };
        if keep {
            self.removed_content_type =
                self.request.headers.get(&CONTENT_TYPE).map(Cow::into_owned);
        }
    }

    /// Under [`Policy::redirects_checked_as_credentialed_after_same_origin_start`],
    /// a redirect to follow in a fetch that started on the page's own
    /// origin in mode `same-origin` is checked again as a credentialed
    /// response; a failure is kept to be reported when the next hop is
    /// ready ([`Fetch::send_main`]). Runs after the spec's check passed.
    fn late_redirect_check(&mut self, response: &ResponseHead) {
        let applies = self
            .policy
            .redirects_checked_as_credentialed_after_same_origin_start
            && self.request.credentials == CredentialsMode::SameOrigin
            && self.request.redirect == RedirectMode::Follow
            && self.policy.redirect_statuses.is_redirect(response.status)
            && response.headers.contains(&LOCATION)
            && self.has_request_origin(&self.request.url);
        if applies {
            let credentialed = Some(Credentialed::RedirectAfterSameOriginStart);
            let late = cors_check_as(&response.headers, self.origin(), credentialed, || {
                self.hop(false)
            });
            self.late_redirect_failure = late.err().map(Box::new);
        }
    }

    /// Whether `url`'s origin is the request's (the page's).
    fn has_request_origin(&self, url: &Url) -> bool {
        url_has_origin(
            url,
            self.request.origin.origin(),
            self.request.origin.serialization(),
        )
    }

    fn hop(&self, preflight: bool) -> Hop {
        Hop {
            url: without_fragment(self.current_url()),
            redirects: self.redirect_count,
            preflight,
            origin: self.origin().to_owned(),
        }
    }

    fn cache_key(&self) -> CacheKey<'_> {
        let url = self.current_url();
        CacheKey {
            partition: self.request.partition_key.as_ref().map(|k| k.0.as_str()),
            origin: self.preflight_origin(),
            url: if self.policy.cache_key_includes_fragment {
                url.as_str()
            } else {
                &url[..Position::AfterQuery]
            },
        }
    }

    fn cache_credentials(&self) -> Credentials {
        Credentials {
            include: self.request.credentials == CredentialsMode::Include,
            credentialed_entries_serve_uncredentialed: self
                .policy
                .credentialed_entries_serve_uncredentialed,
            wildcard_entries_serve_credentialed: self.policy.wildcard_entries_serve_credentialed,
            cached_wildcard: self.policy.cached_wildcard,
        }
    }

    /// [Main fetch](https://fetch.spec.whatwg.org/#concept-main-fetch), up
    /// to the point where a request goes on the wire.
    #[inline(never)]
    fn main_fetch(&mut self, cache: &mut PreflightCache, now: Timestamp) -> Result<(), FetchError> {
        let url = self.current_url();
        // 7. Should request be blocked due to a bad port.
        if let Some(port) = bad_port(url) {
            return Err(FetchError::BadPort {
                url: url.clone(),
                port,
            });
        }
        let scheme = url.scheme();
        let http_scheme = matches!(scheme, "http" | "https");
        let same_origin = self.has_request_origin(url);
        let mode = self.request.mode;
        // 12, the switch; the first match wins.
        // b. Same origin and still basic, a data: URL, or a navigation:
        // basic, whatever the mode (a data: URL in cors, no-cors or
        // same-origin mode alike), then scheme fetch.
        if (same_origin && self.tainting == Tainting::Basic)
            || scheme == "data"
            || mode == Mode::Navigate
        {
            self.tainting = Tainting::Basic;
            self.record_main_fetch(same_origin);
            // Under the policy, headers a preflight would have to allow
            // count even where none is needed.
            if self.policy.unsafe_headers_on_same_origin_hops_stick
                && mode == Mode::Cors
                && self.request.unsafe_request
                && !self.unsafe_headers_seen
            {
                let rules = SafelistRules::of(&self.policy);
                self.unsafe_headers_seen =
                    !unsafe_names_in_list_order(&self.request.headers, rules).is_empty();
            }
            return self.scheme_fetch();
        }
        match mode {
            // c. Cross-origin in same-origin mode.
            Mode::SameOrigin => {
                return Err(FetchError::DisallowedByMode {
                    url: without_fragment(url),
                    origin: self.origin().to_owned(),
                })
            }
            // d. no-cors: opaque, and only with redirect mode follow.
            Mode::NoCors => {
                if self.request.redirect != RedirectMode::Follow {
                    return Err(FetchError::NoCorsRedirectMode {
                        url: without_fragment(url),
                        redirect: self.request.redirect.as_str(),
                    });
                }
                self.tainting = Tainting::Opaque;
                self.record_main_fetch(same_origin);
                return self.scheme_fetch();
            }
            Mode::Cors | Mode::Navigate => {}
        }
        // e. CORS needs HTTP(S).
        if !http_scheme {
            return Err(FetchError::SchemeNotSupported {
                url: without_fragment(url),
            });
        }
        // f and g: tainting cors, preflighted when the method or a header
        // is unsafe (for script requests) or the flag forces it.
        self.tainting = Tainting::Cors;
        self.record_main_fetch(same_origin);
        // An earlier hop's preflight may force this one (a policy's choice;
        // the spec decides afresh).
        self.preflight_forced = self.policy.preflight_sticks_across_redirects
            && (self.preflight_branch || self.unsafe_headers_seen);
        let request = &self.request;
        let cors_headers = Self::cors_headers(&self.policy, &self.original, request);
        let rules = SafelistRules::of(&self.policy);
        record(&mut self.trace, || Event::Classified {
            method: request.method.to_string(),
            method_safelisted: is_cors_safelisted_method(&request.method),
            use_cors_preflight: request.use_cors_preflight,
            unsafe_headers: unsafe_headers_with_reasons_under(cors_headers, rules)
                .into_iter()
                .map(|(name, value_len, reason)| UnsafeHeader {
                    name: name.as_str().to_owned(),
                    value_len,
                    reason,
                })
                .collect(),
        });
        let mut unsafe_names = unsafe_names_in_list_order(cors_headers, rules);
        let make_preflight = self.request.use_cors_preflight
            || self.preflight_forced
            || (self.request.unsafe_request
                && (!is_cors_safelisted_method(&self.request.method) || !unsafe_names.is_empty()));
        if !make_preflight {
            let script = self.request.unsafe_request;
            record(&mut self.trace, || Event::PreflightDecision {
                needed: false,
                reason: if script {
                    "the method and every header are CORS-safelisted"
                } else {
                    "the user agent, not script, made the request"
                },
            });
        }
        if make_preflight {
            self.preflight_branch = true;
            let (needed, method_looked_up) = self.needs_preflight(&unsafe_names, cache, now);
            let lookup = self.trace.is_some().then(|| {
                // As the spec's CORS-unsafe request-header names: a sorted set.
                let mut headers: Vec<String> =
                    unsafe_names.iter().map(|n| n.as_str().to_owned()).collect();
                headers.sort_unstable();
                headers.dedup();
                let method = method_looked_up.then(|| self.request.method.to_string());
                let (key, credentials) = (self.cache_key(), self.cache_credentials());
                // A request that does not use the cache sees no entry.
                let uses = self.preflight_cacheable();
                let at = |expires: Option<Timestamp>| {
                    expires.filter(|_| uses).map(Timestamp::as_secs_f64)
                };
                let method_entry = method.iter().map(|m| CacheEntry {
                    item: m.clone(),
                    expires_at: at(cache.expiry(&key, m.as_bytes(), credentials, now)),
                });
                let header_entries = headers.iter().map(|h| CacheEntry {
                    item: h.clone(),
                    expires_at: at(cache.header_expiry(&key, h.as_bytes(), credentials, now)),
                });
                let entries = method_entry.chain(header_entries).collect();
                Event::CacheLookup {
                    method,
                    headers,
                    hit: !needed,
                    entries,
                }
            });
            if let Some(lookup) = lookup {
                record(&mut self.trace, || lookup);
            }
            let forced = self.preflight_forced;
            record(&mut self.trace, || Event::PreflightDecision {
                needed,
                reason: if needed && forced {
                    "an earlier hop needed a preflight, and this user agent preflights every later hop"
                } else if needed {
                    "the request is not CORS-safelisted and the cache does not cover it"
                } else {
                    "the preflight cache covers the method and every header"
                },
            });
            if needed {
                if self.policy.preflight_header_names_deduplicated {
                    unsafe_names.sort_and_dedup();
                } else {
                    unsafe_names.sort();
                }
                let headers = preflight_headers(
                    &self.request.method,
                    &unsafe_names[..],
                    self.preflight_origin(),
                );
                self.send_preflight(headers);
                return Ok(());
            }
        }
        self.send_main()
    }

    /// Records main fetch's choice, when recording.
    fn record_main_fetch(&mut self, same_origin: bool) {
        if self.trace.is_none() {
            return;
        }
        let event = Event::MainFetch {
            url: without_fragment(self.current_url()).to_string(),
            redirects: self.redirect_count,
            origin: self.origin().to_owned(),
            same_origin,
            tainting: match self.tainting {
                Tainting::Basic => "basic",
                Tainting::Cors => "cors",
                Tainting::Opaque => "opaque",
            },
        };
        record(&mut self.trace, || event);
    }

    /// [Scheme fetch](https://fetch.spec.whatwg.org/#concept-scheme-fetch),
    /// step 3's switch: HTTP(S) goes to HTTP fetch; `data` and
    /// `about:blank` are fetched here, as they need no network; the other
    /// local schemes (blob, file) are the caller's to resolve.
    fn scheme_fetch(&mut self) -> Result<(), FetchError> {
        match self.current_url().scheme() {
            "http" | "https" => self.send_main(),
            "data" => self.data_scheme_fetch(),
            "about"
                if self.current_url().path() == "blank" && self.policy.about_blank_is_fetched =>
            {
                self.about_blank_scheme_fetch();
                Ok(())
            }
            _ => Err(FetchError::SchemeNotSupported {
                url: without_fragment(self.current_url()),
            }),
        }
    }

    /// Scheme fetch's `data` branch, then the rest of main fetch for its
    /// response: the filter (step 14; the tainting is basic, as step 12
    /// set it for a data: URL) and the null body of a `HEAD` (step 22).
    /// The fetch is done without anything going on the wire.
    ///
    /// The method plays no part: scheme fetch reads only the URL (a `POST`
    /// gets the same response as a `GET`), and main fetch step 22 then
    /// drops the body of a `HEAD`'s.
    // Out of line: no HTTP(S) fetch takes this path.
    #[inline(never)]
    fn data_scheme_fetch(&mut self) -> Result<(), FetchError> {
        // 1-2. The data: URL processor; failure is a network error.
        let (mime_type, body) = process_data_url(self.current_url())?;
        // 3-4. A response whose status message is `OK` (its status is a
        // new response's, 200), whose header list is the MIME type,
        // serialized, as `Content-Type`, and whose body is the decoded
        // bytes.
        let mut headers =
            HeaderList::with_capacity(1 + usize::from(self.policy.data_url_content_length));
        // A policy's addition: the decoded length, as Firefox reports it.
        if self.policy.data_url_content_length {
            headers.append(CONTENT_LENGTH, body.len().to_string());
        }
        headers.append(CONTENT_TYPE, mime_type);
        self.finish_local(headers, body);
        Ok(())
    }

    /// The rest of main fetch for a response made without the network
    /// (status 200, `headers`, `body`): the filter (step 14) and the null
    /// body of a `HEAD` (step 22; `CONNECT`, the step's other method, is
    /// forbidden and never gets this far).
    fn finish_local(&mut self, headers: HeaderList, body: Vec<u8>) {
        let mut response = self.filter(ResponseHead {
            status: 200,
            headers,
        });
        response.body = if self.request.method == Method::HEAD {
            ResponseBody::Null
        } else {
            ResponseBody::Bytes(body)
        };
        record(&mut self.trace, || filtered_event(&response));
        self.finish(Ok(response));
    }

    /// Scheme fetch's `about` branch for `about:blank`, then the rest of
    /// main fetch: a response whose status message is `OK`, whose header
    /// list is `Content-Type: text/html;charset=utf-8` and whose body is
    /// empty (null for a `HEAD`, step 22), filtered by the tainting (only
    /// `no-cors` and navigations get here: main fetch refuses a non-HTTP(S)
    /// URL in `cors` mode, and `about:blank`'s opaque origin is no
    /// request's in `same-origin` mode).
    #[inline(never)]
    fn about_blank_scheme_fetch(&mut self) {
        let mut headers = HeaderList::with_capacity(1);
        headers.append(CONTENT_TYPE, &b"text/html;charset=utf-8"[..]);
        self.finish_local(headers, Vec::new());
    }

    /// [HTTP fetch](https://fetch.spec.whatwg.org/#concept-http-fetch) step
    /// 4.1: a preflight is needed when the method (if unsafe, or under the
    /// use-CORS-preflight flag) or any unsafe header name has no cache
    /// entry match. Also says whether
    /// the method was looked up.
    fn needs_preflight(
        &self,
        unsafe_names: &[&HeaderName],
        cache: &mut PreflightCache,
        now: Timestamp,
    ) -> (bool, bool) {
        let method = &self.request.method;
        // A preflight forced by an earlier hop's
        // (`Policy::preflight_sticks_across_redirects`) asks the cache
        // for a safelisted method as Firefox and WebKit do: any live
        // result for the URL covers it.
        let method_needed = !is_cors_safelisted_method(method) || self.request.use_cors_preflight;
        if !self.preflight_cacheable() {
            return (true, method_needed);
        }
        let key = self.cache_key();
        let credentials = self.cache_credentials();
        let method = method_needed.then_some(method);
        let hit = cache.allows(&key, method, unsafe_names, credentials, now);
        if !hit
            && self.policy.cache_granularity == CacheGranularity::PerResultDroppedWhenInsufficient
        {
            // The result held for this URL does not cover the request: it
            // goes, whatever the preflight that follows brings.
            cache.clear(&key);
        }
        (!hit, method_needed)
    }

    /// Sends the preflight, whose header list main fetch built.
    fn send_preflight(&mut self, headers: HeaderList) {
        self.outgoing = Some(Pending {
            kind: RequestKind::Preflight,
            method: Method::OPTIONS,
            url: self.outgoing_url(),
            headers: Some(headers),
            origin: None,
            include_credentials: false,
            redirects: self.redirect_count,
        });
        self.state = State::AwaitPreflight;
    }

    /// [HTTP-network-or-cache fetch](https://fetch.spec.whatwg.org/#concept-http-network-or-cache-fetch)'s
    /// per-hop request: the header list, the `Origin` header and whether
    /// credentials go along.
    fn send_main(&mut self) -> Result<(), FetchError> {
        // WebKit reports a redirect's late failure only now.
        if let Some(e) = self.late_redirect_failure.take() {
            return Err(*e);
        }
        // The request's own list goes out as it is, read in place (see
        // `Fetch::outgoing_view`): copying it cost a fetch two allocations.
        let headers = (self.policy.header_values_as_utf8
            && (self.request.headers.iter()).any(|(_, value)| !value.is_ascii()))
        .then(|| utf8_encoded_values(&self.request.headers));
        let origin = self.origin_header().or_else(|| self.kept_origin_header());
        let origin = origin.map(|o| {
            if o == "null" {
                SentOrigin::Null
            } else {
                SentOrigin::Request
            }
        });
        self.last_origin_sent = origin;
        let include_credentials = match self.request.credentials {
            CredentialsMode::Include => true,
            CredentialsMode::SameOrigin
                if self.policy.no_cors_credentials_follow_first_request
                    && self.request.mode == Mode::NoCors =>
            {
                self.has_request_origin(&self.request.url)
            }
            CredentialsMode::SameOrigin => self.tainting == Tainting::Basic,
            CredentialsMode::Omit => false,
        };
        // A passed preflight went to this very URL: it is reused as it went.
        let url = match self.outgoing.take() {
            Some(preflight) if preflight.kind == RequestKind::Preflight => preflight.url,
            _ => self.outgoing_url(),
        };
        self.outgoing = Some(Pending {
            kind: RequestKind::Main,
            method: self.request.method.clone(),
            url,
            headers,
            origin,
            include_credentials,
            redirects: self.redirect_count,
        });
        self.state = State::AwaitResponse;
        Ok(())
    }

    /// [Append a request `Origin` header](https://fetch.spec.whatwg.org/#append-a-request-origin-header):
    /// the value to append, if any.
    fn origin_header(&self) -> Option<&str> {
        // 2. Always for CORS.
        if self.tainting == Tainting::Cors {
            return Some(self.origin());
        }
        // 3. Otherwise only for methods other than GET and HEAD.
        let method = &self.request.method;
        if *method == Method::GET || *method == Method::HEAD {
            return None;
        }
        if self.no_cors_origin_nulled {
            return Some("null");
        }
        // 3.1. Outside cors mode the referrer policy may hide it.
        if self.request.mode != Mode::Cors {
            let origin = self.request.origin.origin();
            let current = self.current_url();
            let hide = match self.request.referrer_policy.effective() {
                ReferrerPolicy::NoReferrer => true,
                ReferrerPolicy::NoReferrerWhenDowngrade
                | ReferrerPolicy::StrictOrigin
                | ReferrerPolicy::StrictOriginWhenCrossOrigin => {
                    matches!(origin, url::Origin::Tuple(scheme, ..) if scheme == "https")
                        && current.scheme() != "https"
                }
                ReferrerPolicy::SameOrigin => {
                    !url_has_origin(current, origin, self.request.origin.serialization())
                }
                _ => false,
            };
            if hide {
                return Some("null");
            }
        }
        Some(self.origin())
    }

    /// Where append a request `Origin` header appends none: the `Origin` the
    /// previous hop went out with, kept on a redirect to the same origin
    /// under [`Policy::same_origin_redirect_keeps_origin_header`].
    fn kept_origin_header(&self) -> Option<&str> {
        if !self.policy.same_origin_redirect_keeps_origin_header || self.url_list.len() < 2 {
            return None;
        }
        let previous = &self.url_list[self.url_list.len() - 2];
        if !same_origin(previous, self.current_url()) {
            return None;
        }
        self.last_origin_sent.map(|sent| self.origin_value(sent))
    }

    /// The bytes of an `Origin` header the fetch sends.
    fn origin_value(&self, sent: SentOrigin) -> &str {
        match sent {
            SentOrigin::Request => self.request.origin.serialization(),
            SentOrigin::Null => "null",
        }
    }

    /// Step 7 of CORS-preflight fetch, then the cache writes.
    fn process_preflight_response(
        &mut self,
        response: &ResponseHead,
        cache: &mut PreflightCache,
        now: Timestamp,
    ) -> Result<(), FetchError> {
        // The same names main fetch computed; the headers have not changed.
        let headers = Self::cors_headers(&self.policy, &self.original, &self.request);
        let unsafe_names =
            cors_unsafe_request_header_name_refs_under(headers, SafelistRules::of(&self.policy));
        let request = PreflightFor {
            method: &self.request.method,
            headers,
            unsafe_names: &unsafe_names[..],
            credentials: self.request.credentials,
            origin: self.preflight_origin(),
            use_cors_preflight: self.request.use_cors_preflight || self.preflight_forced,
        };
        let checked =
            check_preflight_response_listing(response, &request, &self.policy, &|| self.hop(true));
        let (result, listed) = match checked {
            Ok(checked) => checked,
            Err(e) => {
                record(&mut self.trace, || preflight_event(response, Some(&e)));
                return Err(e);
            }
        };
        let mut stored = None;
        let max_age = result.max_age.filter(|_| self.preflight_cacheable());
        if let Some(max_age) = max_age {
            if self.trace.is_some() {
                let text = |items: &[&[u8]]| {
                    (items.iter())
                        .map(|b| String::from_utf8_lossy(b).into_owned())
                        .collect()
                };
                stored = Some(Event::CacheStored {
                    methods: text(&result.methods),
                    headers: text(&result.header_names),
                    max_age,
                    expires_at: now.saturating_add_secs(max_age).as_secs_f64(),
                    credentials: self.request.credentials == CredentialsMode::Include,
                });
            }
            // What this request needs goes first, so a cache too small for
            // the whole answer still keeps it; the lists follow without it.
            let method = self.request.method.as_str().as_bytes();
            let method_listed = result.methods.contains(&method);
            let methods = method_listed.then_some(method).into_iter().chain(
                result
                    .methods
                    .iter()
                    .copied()
                    .filter(|m| !method_listed || *m != method),
            );
            let needed = unsafe_names
                .iter()
                .map(|n| n.as_str().as_bytes())
                .enumerate()
                .filter(|&(i, n)| listed.contains_at(i, n))
                .map(|(_, n)| n);
            let others = (result.header_names.iter().copied().enumerate())
                .filter(|&(j, _)| !listed.item_names_one(j))
                .map(|(_, n)| n);
            let key = self.cache_key();
            if self.policy.cache_granularity != CacheGranularity::PerItem {
                // This result replaces the one held for the URL.
                cache.clear(&key);
            }
            cache.store(
                &key,
                self.cache_credentials(),
                methods,
                needed.chain(others),
                max_age,
                now,
            );
        }
        record(&mut self.trace, || preflight_event(response, None));
        if let Some(stored) = stored {
            record(&mut self.trace, || stored);
        }
        Ok(())
    }

    /// HTTP fetch from the network response on: the CORS check on every
    /// hop, redirects by redirect mode, then main fetch's filtering.
    fn process_response(&mut self, response: ResponseHead, cache: &mut PreflightCache) {
        // HTTP fetch 5.3: the CORS check, before any redirect handling.
        if self.tainting == Tainting::Cors {
            let checked = cors_check(
                &response.headers,
                self.origin(),
                self.request.credentials,
                || self.hop(false),
            );
            if checked.is_ok() {
                self.late_redirect_check(&response);
            }
            record(&mut self.trace, || Event::CorsCheck {
                passed: checked.is_ok(),
                allow_origin: header_text(&response, ACCESS_CONTROL_ALLOW_ORIGIN),
                allow_credentials: header_text(&response, ACCESS_CONTROL_ALLOW_CREDENTIALS),
            });
            if let Err(e) = checked {
                return self.fail(e, cache);
            }
        }
        // HTTP fetch 8: redirects.
        if self.policy.redirect_statuses.is_redirect(response.status) {
            match self.request.redirect {
                RedirectMode::Error => {
                    let e = FetchError::RedirectModeError {
                        hop: Box::new(self.hop(false)),
                        status: response.status,
                    };
                    return self.fail(e, cache);
                }
                RedirectMode::Manual => {
                    let filtered = Response {
                        response_type: ResponseType::OpaqueRedirect,
                        status: 0,
                        headers: FilteredHeaders::hidden(response.headers),
                        url_list: self.response_url_list(),
                        body: ResponseBody::Network,
                    };
                    record(&mut self.trace, || filtered_event(&filtered));
                    return self.finish(Ok(filtered));
                }
                RedirectMode::Follow => match self.http_redirect_fetch(&response) {
                    Ok(true) => {
                        self.state = State::MainFetch;
                        return;
                    }
                    // No Location: the response is returned as it is.
                    Ok(false) => {}
                    Err(e) => return self.fail(e, cache),
                },
            }
        }
        let filtered = self.filter(response);
        record(&mut self.trace, || filtered_event(&filtered));
        self.finish(Ok(filtered));
    }

    /// [HTTP-redirect fetch](https://fetch.spec.whatwg.org/#concept-http-redirect-fetch)
    /// steps 1-19, leaving the recursive main fetch to the state machine.
    /// Returns false when the response has no `Location`.
    fn http_redirect_fetch(&mut self, response: &ResponseHead) -> Result<bool, FetchError> {
        // 3-5. The location URL: none returns the response, failure is an error.
        let rules = LocationRules::of(&self.policy);
        let location = match location_url_with(&response.headers, self.current_url(), &rules) {
            None => return Ok(false),
            Some(Ok(location)) => location,
            Some(Err(failure)) => {
                return Err(FetchError::InvalidRedirectLocation {
                    hop: Box::new(self.hop(false)),
                    value: failure.value,
                    reason: failure.reason,
                })
            }
        };
        // 6. Only HTTP(S).
        if !matches!(location.scheme(), "http" | "https") {
            return Err(FetchError::RedirectToNonHttpScheme {
                hop: Box::new(self.hop(false)),
                location,
            });
        }
        // 7. At most 20 redirects.
        if self.redirect_count == REDIRECT_LIMIT {
            return Err(FetchError::TooManyRedirects {
                hop: Box::new(self.hop(false)),
                location,
                limit: REDIRECT_LIMIT,
            });
        }
        // 9. A CORS request may not follow credentials to another origin
        // (nor, under a policy, to its own).
        let credentials = includes_credentials(&location);
        if self.request.mode == Mode::Cors
            && credentials
            && (self.policy.cors_redirect_refuses_credentials_everywhere
                || !self.has_request_origin(&location))
        {
            return Err(FetchError::RedirectContainsCredentials {
                hop: Box::new(self.hop(false)),
                location,
                cross_origin: true,
            });
        }
        // 10. Nor any CORS-tainted request.
        if self.tainting == Tainting::Cors && credentials {
            return Err(FetchError::RedirectContainsCredentials {
                hop: Box::new(self.hop(false)),
                location,
                cross_origin: false,
            });
        }
        // 11. A stream body cannot be sent again.
        if response.status != 303 && self.request.body.as_ref().is_some_and(|b| b.is_stream()) {
            return Err(FetchError::RedirectWithStreamBody {
                hop: Box::new(self.hop(false)),
                status: response.status,
            });
        }
        // 8, after steps 9-11 since a failure there ends the fetch anyway.
        self.redirect_count += 1;
        let same_origin_hop = same_origin(self.current_url(), &location);
        self.no_cors_origin_nulled |= !same_origin_hop
            && self.policy.no_cors_cross_origin_hop_nulls_origin
            && self.request.mode == Mode::NoCors;
        // The request before steps 12-13 change it, when a policy reads it
        // later.
        if self.original.is_none()
            && (self.policy.preflight_lists_original_headers
                || self.policy.redirect_headers != RedirectHeaders::Current)
        {
            self.original = Some(Original {
                headers: self.request.headers.clone(),
                method: self.request.method.clone(),
            });
        }
        // 12. 301/302 POST and 303 become a bodiless GET, without the
        // request-body headers (and, under a policy, a DELETE to another
        // origin becomes a GET that keeps them).
        let rewrites = redirect_rewrites_to_get(response.status, &self.request.method);
        let rewritten_to_get = rewrites
            || (self.policy.cross_origin_redirect_turns_delete_into_get
                && !same_origin_hop
                && self.request.method == Method::DELETE);
        if rewritten_to_get {
            self.request.method = Method::GET;
            self.request.body = None;
        }
        if rewrites {
            self.keep_body_type();
        }
        // 13. `Authorization` goes at the first cross-origin hop.
        // Looked at only for a trace: the step itself does not ask.
        let authorization_removed = self.trace.is_some()
            && !same_origin_hop
            && self.request.headers.contains(&AUTHORIZATION);
        self.crossed_origin |= !same_origin_hop;
        self.redirect_header_list(response.status, rewrites, same_origin_hop, &location);
        // 18. Append the location. Redirect-taint only grows with the
        // list, so the new hop is the one left to look at.
        self.redirect_tainted |= redirect_taints(
            self.request.origin.origin(),
            self.current_url(),
            same_origin_hop,
        );
        if self.url_list.is_empty() {
            self.url_list.push(Url::clone(&self.request.url));
        }
        self.url_list.push(location);
        debug_assert_eq!(
            self.redirect_tainted,
            is_redirect_tainted(self.request.origin.origin(), &self.url_list)
        );
        let tainted = self.redirect_tainted;
        let url_list = &self.url_list;
        record(&mut self.trace, || Event::Redirect {
            status: response.status,
            location: url_list.last().map(Url::to_string).unwrap_or_default(),
            tainted,
            authorization_removed,
            rewritten_to_get,
        });
        // 19. Set request's referrer policy on redirect.
        if let Some(policy) = referrer_policy_from_header(&response.headers) {
            self.request.referrer_policy = policy;
        }
        Ok(true)
    }

    /// Main fetch's last steps: the CORS-exposed header names and the
    /// filter for the response tainting. The body is the network's.
    /// Takes the URL list when it can (see [`Fetch::response_url_list`]),
    /// so it must be followed by [`Fetch::finish`].
    fn filter(&mut self, response: ResponseHead) -> Response {
        match self.tainting {
            // The response is ours: both filters only mark what to show.
            Tainting::Basic => Response {
                response_type: ResponseType::Basic,
                status: response.status,
                headers: FilteredHeaders::basic(response.headers),
                url_list: self.response_url_list(),
                body: ResponseBody::Network,
            },
            Tainting::Cors => Response {
                response_type: ResponseType::Cors,
                status: response.status,
                headers: cors_filter(response.headers, self.request.credentials),
                url_list: self.response_url_list(),
                body: ResponseBody::Network,
            },
            Tainting::Opaque => Response {
                response_type: ResponseType::Opaque,
                status: 0,
                headers: FilteredHeaders::hidden(response.headers),
                url_list: UrlList::default(),
                body: ResponseBody::Network,
            },
        }
    }

    /// A network error; after the preflight branch it clears the cache
    /// entries for the request (main fetch, branch f).
    fn fail(&mut self, error: FetchError, cache: &mut PreflightCache) {
        if self.preflight_branch && self.policy.clear_cache_on_failure && self.preflight_cacheable()
        {
            let key = self.cache_key();
            cache.clear(&key);
            record(&mut self.trace, || Event::CacheCleared);
        }
        record(&mut self.trace, || Event::Failed {
            kind: error.kind().name(),
        });
        self.finish(Err(error));
    }

    fn finish(&mut self, outcome: Result<Response, FetchError>) {
        self.outcome = Some(outcome);
        self.outgoing = None;
        self.state = State::Done;
    }
}

/// A checked preflight response, for a trace.
fn preflight_event(response: &ResponseHead, failed: Option<&FetchError>) -> Event {
    Event::PreflightChecked {
        status: response.status,
        passed: failed.is_none(),
        checks: preflight_steps(failed),
        allow_origin: header_text(response, ACCESS_CONTROL_ALLOW_ORIGIN),
        allow_methods: header_text(response, ACCESS_CONTROL_ALLOW_METHODS),
        allow_headers: header_text(response, ACCESS_CONTROL_ALLOW_HEADERS),
        max_age: header_text(response, ACCESS_CONTROL_MAX_AGE),
    }
}

/// A response header's value as a trace shows it (combined, escaped).
fn header_text(response: &ResponseHead, name: HeaderName) -> Option<String> {
    response.headers.get(&name).map(|v| escape_bytes(&v))
}

/// What the filter showed and hid, and why, for a trace.
fn filtered_event(response: &Response) -> Event {
    let opaque = matches!(
        response.response_type,
        ResponseType::Opaque | ResponseType::OpaqueRedirect
    );
    let (mut shown, mut hidden) = (Vec::new(), Vec::new());
    for (i, (name, _)) in response.headers.internal().iter().enumerate() {
        if response.headers.is_shown(i) {
            shown.push(name.as_str().to_owned());
        } else {
            hidden.push(HiddenHeader {
                name: name.as_str().to_owned(),
                reason: if opaque {
                    "opaque"
                } else if is_forbidden_response_header_name(name) {
                    "forbidden"
                } else {
                    "not-exposed"
                },
            });
        }
    }
    Event::Filtered {
        response_type: response.response_type.as_str(),
        shown,
        hidden,
    }
}

/// Records the event `make` builds, when recording; a field of its own so
/// that the event may borrow the rest of the fetch.
#[inline]
fn record(trace: &mut Option<Vec<Event>>, make: impl FnOnce() -> Event) {
    if let Some(trace) = trace {
        trace.push(make());
    }
}

/// The [`data:` URL processor](https://fetch.spec.whatwg.org/#data-url-processor)
/// on `url` (the `data-url` crate follows its steps): the MIME type
/// [serialized to bytes](https://mimesniff.spec.whatwg.org/#serialize-a-mime-type-to-bytes)
/// and the body, or failure as [`FetchError::InvalidDataUrl`].
fn process_data_url(url: &Url) -> Result<(String, Vec<u8>), FetchError> {
    let invalid = |reason: String| FetchError::InvalidDataUrl {
        url: without_fragment(url),
        reason,
    };
    // The processor serializes the URL without its fragment; the crate
    // takes the serialization with it and stops at the `#` itself.
    let data_url = data_url::DataUrl::process(url.as_str()).map_err(|e| {
        invalid(match e {
            // Processor step 7: no comma before the fragment.
            data_url::DataUrlError::NoComma => {
                "it has no `,` between the MIME type and the body".to_owned()
            }
            // Unreachable for a parsed URL of scheme `data`, which the
            // crate reads the way the URL parser does.
            data_url::DataUrlError::NotADataUrl => "its scheme is not `data`".to_owned(),
        })
    })?;
    // Processor step 11.3: a `;base64` body that forgiving-base64 decode
    // refuses.
    let (body, _fragment) = data_url.decode_to_vec().map_err(|e| {
        invalid(format!(
            "its MIME type ends in `;base64`, and its body is not base64 ({e})"
        ))
    })?;
    // A serialized URL is ASCII, so the MIME type is too: serializing it
    // to bytes (isomorphic encoding) is its UTF-8.
    Ok((data_url.mime_type().to_string(), body))
}

fn without_fragment(url: &Url) -> Url {
    let mut url = url.clone();
    if url.fragment().is_some() {
        url.set_fragment(None);
    }
    url
}

/// The [bad ports](https://fetch.spec.whatwg.org/#bad-port), sorted.
const BAD_PORTS: [u16; 83] = [
    0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101,
    102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427,
    465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990,
    993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667,
    6668, 6669, 6679, 6697, 10080,
];

/// [Should request be blocked due to a bad port](https://fetch.spec.whatwg.org/#block-bad-port):
/// the port, when an HTTP(S) URL uses a bad one.
fn bad_port(url: &Url) -> Option<u16> {
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    // Without a port, the scheme's default (80 or 443), never a bad one.
    let port = url.port()?;
    BAD_PORTS.binary_search(&port).is_ok().then_some(port)
}

/// A header list whose values, read as Latin-1 text (as script's byte
/// strings are), are UTF-8 encoded: what WebKit puts on the wire
/// ([`Policy::header_values_as_utf8`]).
#[cold]
#[inline(never)]
fn utf8_encoded_values(headers: &HeaderList) -> HeaderList {
    let mut encoded = HeaderList::with_capacity(headers.len());
    for (name, value) in headers.iter() {
        let text: String = value.iter().map(|&b| char::from(b)).collect();
        encoded.append(name.clone(), text.as_bytes());
    }
    encoded
}

/// A response whose header values are decoded as UTF-8, each invalid
/// sequence becoming U+FFFD, and encoded again: what WebKit holds
/// ([`Policy::header_values_as_utf8`]). Valid UTF-8 comes back unchanged,
/// so a response without invalid values is returned as it is.
#[inline(never)]
fn decode_values_as_utf8(response: ResponseHead) -> ResponseHead {
    if (response.headers.iter()).all(|(_, value)| std::str::from_utf8(value).is_ok()) {
        return response;
    }
    let mut headers = HeaderList::with_capacity(response.headers.len());
    for (name, value) in response.headers.iter() {
        headers.append(name.clone(), String::from_utf8_lossy(value).as_bytes());
    }
    ResponseHead {
        status: response.status,
        headers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A script's GET of `url` from `https://app.example`, not yet polled,
    /// and a cache for it.
    fn started(url: &str) -> (Fetch, PreflightCache) {
        let request = Request::builder(Url::parse(url).unwrap(), "https://app.example")
            .build()
            .unwrap();
        (Fetch::new(request, &Policy::spec()), PreflightCache::new(4))
    }

    /// The request's URL goes out, and comes back as the response's,
    /// shared rather than copied; a URL with a fragment goes out as a copy
    /// without it, and the request keeps its fragment.
    #[test]
    fn the_request_url_is_shared_unless_it_has_a_fragment() {
        for (input, shared) in [
            ("https://api.example/x?y", true),
            ("https://api.example/x?y#frag", false),
        ] {
            let (mut fetch, mut cache) = started(input);
            let Action::Send(out) = fetch.poll(&mut cache, Timestamp::ZERO) else {
                panic!("a request goes out");
            };
            let sent = Arc::clone(out.url);
            assert_eq!(sent.as_str(), "https://api.example/x?y");
            assert_eq!(Arc::ptr_eq(&sent, &fetch.request.url), shared);
            let mut headers = HeaderList::new();
            headers.append(http::header::ACCESS_CONTROL_ALLOW_ORIGIN, &b"*"[..]);
            fetch
                .handle_response(ResponseHead {
                    status: 200,
                    headers,
                })
                .unwrap();
            let Action::Done(Ok(response)) = fetch.poll(&mut cache, Timestamp::ZERO) else {
                panic!("the fetch succeeds");
            };
            assert_eq!(response.url(), Some(&*sent));
            let (request, _) = fetch.into_parts();
            assert_eq!(request.url().as_str(), input);
        }
    }

    #[test]
    fn bad_ports_are_sorted_and_blocked_for_http_only() {
        assert!(BAD_PORTS.windows(2).all(|w| w[0] < w[1]));
        // What `bad_port` takes for granted of a URL without a port.
        assert!(BAD_PORTS.binary_search(&80).is_err() && BAD_PORTS.binary_search(&443).is_err());
        let port = |s: &str| bad_port(&Url::parse(s).unwrap());
        assert_eq!(port("http://a.example:25/"), Some(25));
        assert_eq!(port("https://a.example:6666/"), Some(6666));
        assert_eq!(port("http://a.example/"), None);
        assert_eq!(port("http://a.example:80/"), None);
        assert_eq!(port("https://a.example:443/"), None);
        assert_eq!(port("https://a.example:80/"), None);
        assert_eq!(port("http://a.example:443/"), None);
        assert_eq!(port("http://a.example:8080/"), None);
        assert_eq!(port("ftp://a.example:25/"), None);
    }

    #[test]
    fn handle_response_before_poll_is_misuse() {
        let request = Request::builder(
            Url::parse("https://a.example/").unwrap(),
            "https://a.example",
        )
        .build()
        .unwrap();
        let mut fetch = Fetch::new(request, &Policy::spec());
        let head = ResponseHead {
            status: 200,
            headers: HeaderList::new(),
        };
        assert_eq!(fetch.handle_response(head.clone()), Err(UnexpectedResponse));
        let mut cache = PreflightCache::new(4);
        assert!(matches!(
            fetch.poll(&mut cache, Timestamp::ZERO),
            Action::Send(_)
        ));
        assert!(fetch.handle_response(head.clone()).is_ok());
        assert_eq!(fetch.handle_response(head), Err(UnexpectedResponse));
    }

    /// The URL list moves into the response when it has no fragment; the
    /// fetch still reports it, and a fragment is still removed.
    #[test]
    fn url_list_survives_the_move_into_the_response() {
        for (url, expected) in [
            ("https://a.example/x", "https://a.example/x"),
            ("https://a.example/x#frag", "https://a.example/x"),
        ] {
            let request = Request::builder(Url::parse(url).unwrap(), "https://a.example")
                .build()
                .unwrap();
            let mut fetch = Fetch::new(request, &Policy::spec());
            let mut cache = PreflightCache::new(4);
            assert!(matches!(
                fetch.poll(&mut cache, Timestamp::ZERO),
                Action::Send(_)
            ));
            let head = ResponseHead {
                status: 200,
                headers: HeaderList::new(),
            };
            fetch.handle_response(head).unwrap();
            let Action::Done(Ok(response)) = fetch.poll(&mut cache, Timestamp::ZERO) else {
                panic!("{url} succeeds");
            };
            let urls: Vec<&str> = response.url_list.iter().map(Url::as_str).collect();
            assert_eq!(urls, [expected], "{url}");
            let urls: Vec<&str> = fetch.url_list().iter().map(Url::as_str).collect();
            assert_eq!(urls, [url], "{url}");
        }
    }

    /// After a redirect, the fetch reports the whole list, whether it moved
    /// into the response (no fragment) or stayed (a fragment was removed;
    /// the location inherits it, HTTP-redirect fetch step 17).
    #[test]
    fn url_list_after_a_redirect_survives_the_move_into_the_response() {
        let next = "http://app.example.test/r/1";
        for (url, last) in [
            ("http://app.example.test/r/0", next),
            (
                "http://app.example.test/r/0#f",
                "http://app.example.test/r/1#f",
            ),
        ] {
            let mut fetch = Fetch::new(request("GET", url).build().unwrap(), &Policy::spec());
            let mut cache = PreflightCache::new(4);
            for (status, location) in [(302, Some(next)), (200, None)] {
                assert!(matches!(
                    fetch.poll(&mut cache, Timestamp::ZERO),
                    Action::Send(_)
                ));
                let pairs = location.map(|l| ("Location", l));
                let headers = HeaderList::try_from_pairs(pairs).unwrap();
                fetch
                    .handle_response(ResponseHead { status, headers })
                    .unwrap();
            }
            let Action::Done(Ok(response)) = fetch.poll(&mut cache, Timestamp::ZERO) else {
                panic!("{url} succeeds");
            };
            let urls: Vec<&str> = response.url_list.iter().map(Url::as_str).collect();
            assert_eq!(urls, ["http://app.example.test/r/0", next], "{url}");
            let urls: Vec<&str> = fetch.url_list().iter().map(Url::as_str).collect();
            assert_eq!(urls, [url, last], "{url}");
        }
    }

    /// The request's header list goes out as it is, with `Origin` after
    /// it, and the request keeps it unchanged: on every hop, while the
    /// request is out, and in `into_parts`.
    #[test]
    fn the_request_keeps_its_header_list_while_it_goes_out() {
        let request = Request::builder(
            Url::parse("https://api.example/a").unwrap(),
            "https://app.example",
        )
        .header("X-Custom", "1")
        .header("Accept", "text/plain")
        .build()
        .unwrap();
        let own = request.headers().clone();
        let mut cache = PreflightCache::new(4);
        let mut fetch = Fetch::new(request, &Policy::from_profile(crate::Profile::Spec));
        let mut preflight = HeaderList::new();
        preflight.append(
            http::header::ACCESS_CONTROL_ALLOW_ORIGIN,
            "https://app.example",
        );
        preflight.append(http::header::ACCESS_CONTROL_ALLOW_HEADERS, "x-custom");
        let redirect = ResponseHead {
            status: 307,
            headers: HeaderList::try_from_pairs([
                ("Access-Control-Allow-Origin", "https://app.example"),
                ("Location", "https://api.example/b"),
            ])
            .unwrap(),
        };
        let mut origins = Vec::new();
        for response in [
            ResponseHead {
                status: 204,
                headers: preflight.clone(),
            },
            redirect,
            ResponseHead {
                status: 204,
                headers: preflight.clone(),
            },
            ResponseHead {
                status: 200,
                headers: preflight,
            },
        ] {
            let Action::Send(out) = fetch.poll(&mut cache, Timestamp::ZERO) else {
                panic!("a request goes out");
            };
            if out.kind == RequestKind::Main {
                let mut sent = out.headers.to_list();
                let origin = sent.get(&ORIGIN).map(|v| v.into_owned());
                origins.push(origin);
                sent.delete(&ORIGIN);
                assert!(sent == own, "the request's own list, then Origin");
            }
            // The request keeps its list while a request is out, and after.
            assert!(*fetch.request().headers() == own);
            fetch.handle_response(response).unwrap();
            let _ = fetch.poll(&mut cache, Timestamp::ZERO);
            assert!(*fetch.request().headers() == own);
        }
        // Two main hops (the first redirected, each preflighted), one
        // `Origin` each.
        let origin = Some(b"https://app.example".to_vec());
        assert_eq!(origins, [origin.clone(), origin]);
        let (request, outcome) = fetch.into_parts();
        assert!(matches!(outcome, Some(Ok(_))));
        assert!(*request.headers() == own);
    }

    /// A request that went out: its kind and its
    /// `Access-Control-Request-Headers`.
    type Sent = (RequestKind, Option<Vec<u8>>);

    /// Fetches a request with a header `name: 1` for each of `names` twice
    /// with one cache of `capacity` entries, answering every request with
    /// `Access-Control-Allow-Headers: allowed` (a preflight's answer that
    /// serves as the main response too). Returns, for each request sent,
    /// its kind and its `Access-Control-Request-Headers`, and the cache.
    fn twice<N: AsRef<str>>(
        names: &[N],
        allowed: &str,
        capacity: usize,
    ) -> (Vec<Sent>, PreflightCache) {
        let mut builder = Request::builder(
            Url::parse("https://api.example/a").unwrap(),
            "https://app.example",
        );
        for name in names {
            builder = builder.header(name.as_ref(), "1");
        }
        let request = builder.build().unwrap();
        let mut answer = HeaderList::new();
        answer.append(
            http::header::ACCESS_CONTROL_ALLOW_ORIGIN,
            "https://app.example",
        );
        answer.append(http::header::ACCESS_CONTROL_ALLOW_HEADERS, allowed);
        let answer = ResponseHead {
            status: 200,
            headers: answer,
        };
        let policy = Policy::spec();
        let mut cache = PreflightCache::new(capacity);
        let mut sent = Vec::new();
        for _ in 0..2 {
            let mut fetch = Fetch::new(request.clone(), &policy);
            while let Action::Send(out) = fetch.poll(&mut cache, Timestamp::ZERO) {
                let listed = out.headers.get("access-control-request-headers");
                sent.push((out.kind, listed.map(|v| v.into_owned())));
                fetch.handle_response(answer.clone()).unwrap();
            }
            assert!(matches!(fetch.into_parts().1, Some(Ok(_))));
        }
        (sent, cache)
    }

    /// A preflight that lists more names than the cache holds keeps the
    /// ones the request needs first: here 70 of them (past the 64 the
    /// listed marks keep in bits), after 100 others in the list.
    #[test]
    fn a_long_list_keeps_the_needed_names_first() {
        let needed: Vec<String> = (0..70).map(|i| format!("x-needed-{i}")).collect();
        let others: Vec<String> = (0..100).map(|i| format!("x-other-{i}")).collect();
        let allowed = others.iter().chain(&needed).cloned().collect::<Vec<_>>();
        // Room for the needed names and a few more: not for the whole list.
        let (sent, cache) = twice(&needed, &allowed.join(", "), 80);
        let kinds: Vec<RequestKind> = sent.into_iter().map(|(kind, _)| kind).collect();
        use RequestKind::{Main, Preflight};
        assert_eq!(kinds, [Preflight, Main, Main], "the second fetch hits");
        assert_eq!(cache.len(), 80);
    }

    /// Main fetch looks the unsafe names up in the cache in the list's
    /// order, repeats kept; the preflight still lists them sorted and once.
    #[test]
    fn unsorted_repeated_names_hit_and_the_preflight_sorts_them() {
        let (sent, _) = twice(&["X-C", "x-a", "X-B", "x-a"], "x-b, X-C, X-A", 16);
        use RequestKind::{Main, Preflight};
        assert_eq!(
            sent,
            [
                (Preflight, Some(b"x-a,x-b,x-c".to_vec())),
                (Main, None),
                (Main, None)
            ],
            "the second fetch hits"
        );
    }

    /// Fetches `request` with no network: a data: URL's fetch is done at
    /// the first poll. Returns the outcome and the trace.
    fn fetch_in_place(request: Request) -> (Result<Response, FetchError>, Vec<Event>) {
        let mut fetch = Fetch::new(request, &Policy::spec());
        fetch.record_trace();
        let mut cache = PreflightCache::new(4);
        let Action::Done(outcome) = fetch.poll(&mut cache, Timestamp::ZERO) else {
            panic!("a data: URL goes on no wire");
        };
        let outcome = outcome.clone();
        assert!(cache.is_empty(), "no preflight, nothing cached");
        (outcome, fetch.trace().to_vec())
    }

    fn data_request(url: &str) -> crate::request::RequestBuilder {
        Request::builder(Url::parse(url).unwrap(), "https://app.example")
    }

    /// The response's `Content-Type`, as script reads it.
    fn content_type(response: &Response) -> String {
        let value = response.headers.get("content-type").expect("Content-Type");
        String::from_utf8(value.into_owned()).unwrap()
    }

    /// Scheme fetch's `data` branch, after main fetch step 12 made the
    /// tainting basic for a data: URL whatever the mode: status 200, the
    /// processor's MIME type serialized as the one header, the decoded
    /// body, and the URL as the URL list.
    #[test]
    fn a_data_url_is_a_basic_response_in_every_mode() {
        let modes = [Mode::Cors, Mode::NoCors, Mode::SameOrigin];
        let credentials = [
            CredentialsMode::Omit,
            CredentialsMode::SameOrigin,
            CredentialsMode::Include,
        ];
        for (mode, credentials) in modes.into_iter().flat_map(|m| credentials.map(|c| (m, c))) {
            let request = data_request("data:,hello")
                .mode(mode)
                .credentials(credentials)
                .build()
                .unwrap();
            let (outcome, trace) = fetch_in_place(request);
            let response = outcome.unwrap_or_else(|e| panic!("{mode:?}: {e}"));
            assert_eq!(response.response_type, ResponseType::Basic, "{mode:?}");
            assert_eq!(response.status, 200);
            assert_eq!(response.headers.len(), 1);
            assert_eq!(content_type(&response), "text/plain;charset=US-ASCII");
            assert_eq!(response.body.as_bytes(), Some(&b"hello"[..]));
            assert_eq!(response.url().map(Url::as_str), Some("data:,hello"));
            assert!(!response.redirected());
            assert!(matches!(
                &trace[..],
                [
                    Event::MainFetch {
                        tainting: "basic",
                        same_origin: false,
                        ..
                    },
                    Event::Filtered {
                        response_type: "basic",
                        ..
                    },
                ]
            ));
        }
    }

    /// Main fetch step 12 tests for a data: URL before it looks at the
    /// mode: no-cors's redirect-mode rule does not apply.
    #[test]
    fn a_no_cors_data_url_ignores_the_redirect_mode() {
        for redirect in [RedirectMode::Error, RedirectMode::Manual] {
            let request = data_request("data:,x")
                .mode(Mode::NoCors)
                .redirect(redirect)
                .build()
                .unwrap();
            let response = fetch_in_place(request).0.unwrap();
            assert_eq!(response.response_type, ResponseType::Basic);
        }
    }

    /// What the data: URL processor makes of the URL: the MIME type
    /// serialized (defaulted, parameters kept), the body percent-decoded
    /// or forgiving-base64 decoded, the fragment left out.
    #[test]
    fn the_processor_gives_the_type_and_the_decoded_body() {
        for (url, mime, body) in [
            (
                "data:;base64,aGk=",
                "text/plain;charset=US-ASCII",
                &b"hi"[..],
            ),
            ("data:,a%20b%FF", "text/plain;charset=US-ASCII", b"a b\xff"),
            (
                "data:text/html;charset=utf-8,%3Cp%3Ehi%3C/p%3E",
                "text/html;charset=utf-8",
                b"<p>hi</p>",
            ),
            ("data:TEXT/Plain ; base64 ,aGk", "text/plain", b"hi"),
            ("data:image/gif;base64,R0lG ODlh", "image/gif", b"GIF89a"),
            ("data:not a type,x", "text/plain;charset=US-ASCII", b"x"),
            ("data:,x#no,t%20body", "text/plain;charset=US-ASCII", b"x"),
            ("data:,", "text/plain;charset=US-ASCII", b""),
        ] {
            let response = fetch_in_place(data_request(url).build().unwrap()).0;
            let response = response.unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(content_type(&response), mime, "{url}");
            assert_eq!(response.body.as_bytes(), Some(body), "{url}");
        }
        // The response's URL is the URL without its fragment.
        let response = fetch_in_place(data_request("data:,x#f").build().unwrap()).0;
        assert_eq!(response.unwrap().url().map(Url::as_str), Some("data:,x"));
    }

    /// Failure of the processor is a network error naming the URL and the
    /// step: no comma (step 7), a `;base64` body that does not decode
    /// (step 11.3).
    #[test]
    fn a_data_url_the_processor_refuses_is_a_network_error() {
        for (url, reason) in [
            ("data:text/plain", "no `,`"),
            ("data:text/plain#,x", "no `,`"),
            ("data:;base64,aGk=!", "not base64"),
            ("data:;base64,a", "not base64"),
            ("data:;base64,aGk==x", "not base64"),
        ] {
            let (outcome, trace) = fetch_in_place(data_request(url).build().unwrap());
            let error = outcome.expect_err(url);
            let FetchError::InvalidDataUrl {
                url: at,
                reason: why,
            } = &error
            else {
                panic!("{url}: {error:?}");
            };
            assert_eq!(at.as_str(), url.split('#').next().unwrap());
            assert!(why.contains(reason), "{url}: {why}");
            assert!(error.to_string().starts_with(at.as_str()), "{error}");
            assert!(!error.is_invalid_request());
            assert!(
                matches!(
                    trace.last(),
                    Some(Event::Failed {
                        kind: "invalid-data-url"
                    })
                ),
                "{trace:?}"
            );
        }
    }

    /// Scheme fetch reads only the URL: a POST (with a body) gets the
    /// same response as a GET; main fetch step 22 nulls a HEAD's body.
    #[test]
    fn the_method_changes_nothing_but_a_head_body() {
        let post = data_request("data:,hi")
            .method("POST")
            .body(crate::request::Body::text())
            .header("X-Custom", "1")
            .build()
            .unwrap();
        let response = fetch_in_place(post).0.unwrap();
        assert_eq!(
            (response.response_type, response.status),
            (ResponseType::Basic, 200)
        );
        assert_eq!(response.body, ResponseBody::Bytes(b"hi".to_vec()));
        let head = data_request("data:,hi").method("HEAD").build().unwrap();
        let response = fetch_in_place(head).0.unwrap();
        assert_eq!(response.status, 200);
        assert_eq!(content_type(&response), "text/plain;charset=US-ASCII");
        assert_eq!(response.body, ResponseBody::Null);
        assert_eq!(response.body.as_bytes(), None);
    }

    /// A network response's body is the caller's; a redirect to a data:
    /// URL is still HTTP-redirect fetch's network error (step 6).
    #[test]
    fn network_bodies_stay_the_callers_and_redirects_to_data_fail() {
        let (mut fetch, mut cache) = started("https://api.example/r");
        assert!(matches!(
            fetch.poll(&mut cache, Timestamp::ZERO),
            Action::Send(_)
        ));
        let redirect = ResponseHead {
            status: 302,
            headers: HeaderList::try_from_pairs([
                ("Access-Control-Allow-Origin", "*"),
                ("Location", "data:,hi"),
            ])
            .unwrap(),
        };
        fetch.handle_response(redirect).unwrap();
        let Action::Done(Err(error)) = fetch.poll(&mut cache, Timestamp::ZERO) else {
            panic!("a redirect to data: fails");
        };
        assert!(matches!(error, FetchError::RedirectToNonHttpScheme { .. }));
        let (mut fetch, mut cache) = started("https://api.example/ok");
        assert!(matches!(
            fetch.poll(&mut cache, Timestamp::ZERO),
            Action::Send(_)
        ));
        let ok = ResponseHead {
            status: 200,
            headers: HeaderList::try_from_pairs([("Access-Control-Allow-Origin", "*")]).unwrap(),
        };
        fetch.handle_response(ok).unwrap();
        let Action::Done(Ok(response)) = fetch.poll(&mut cache, Timestamp::ZERO) else {
            panic!("the fetch succeeds");
        };
        assert_eq!(response.body, ResponseBody::Network);
    }

    /// Found by the `fetch` fuzz target: a host WHATWG URLs allow but
    /// `http::Uri` refuses is an error, as documented, not a panic.
    #[test]
    fn to_http_refuses_a_host_http_cannot_carry() {
        for url in [
            "https://a`b.example/",
            "https://a\"b.example/",
            "https://a{b}.example/",
        ] {
            let (mut fetch, mut cache) = started(url);
            let Action::Send(out) = fetch.poll(&mut cache, Timestamp::ZERO) else {
                panic!("{url} is fetchable");
            };
            assert!(
                matches!(out.to_http(), Err(FetchError::InvalidUrl { .. })),
                "{url}"
            );
        }
    }

    // ---- Cache knobs. Expected values are what the recorded browsers did
    // (browser-vectors/<browser>/cache.json, mix.json), not engine output.

    use crate::policy::Profile;

    /// Runs `requests` in order under `policy` with one cache, each to its
    /// end, the server answering every request with `answer`. Returns, per
    /// fetch, the kinds and URLs sent and whether it succeeded.
    fn scenario(
        policy: &Policy,
        requests: &[Request],
        answer: impl Fn(&OutgoingRequest<'_>) -> ResponseHead,
    ) -> Vec<(Vec<(RequestKind, String)>, bool)> {
        let mut cache = PreflightCache::new(policy.cache_capacity);
        let mut fetches = Vec::new();
        for request in requests {
            let mut fetch = Fetch::new(request.clone(), policy);
            let mut sent = Vec::new();
            while let Action::Send(out) = fetch.poll(&mut cache, Timestamp::ZERO) {
                sent.push((out.kind, out.url.to_string()));
                let response = answer(&out);
                fetch.handle_response(response).unwrap();
            }
            let ok = matches!(fetch.into_parts().1, Some(Ok(_)));
            fetches.push((sent, ok));
        }
        fetches
    }

    fn head(status: u16, pairs: &[(&str, &str)]) -> ResponseHead {
        ResponseHead {
            status,
            headers: HeaderList::try_from_pairs(pairs.iter().copied()).unwrap(),
        }
    }

    fn cross_origin(url: &str, method: &str, headers: &[&str]) -> Request {
        let mut builder =
            Request::builder(Url::parse(url).unwrap(), "http://app.example.test").method(method);
        for name in headers {
            builder = builder.header(name, "1");
        }
        builder.build().unwrap()
    }

    /// The kinds of request one fetch sent.
    fn kinds(fetch: &(Vec<(RequestKind, String)>, bool)) -> Vec<RequestKind> {
        fetch.0.iter().map(|(kind, _)| *kind).collect()
    }

    /// An answer allowing the page's origin, and as a preflight's answer
    /// what `allow` lists (`Access-Control-Allow-Methods` and `-Headers`)
    /// with Max-Age 600, by the request's own method and header names.
    fn allowing_what_is_asked(out: &OutgoingRequest) -> ResponseHead {
        let mut pairs = vec![("Access-Control-Allow-Origin", "http://app.example.test")];
        let method = out.headers.get("access-control-request-method");
        let names = out.headers.get("access-control-request-headers");
        let method = method.map(|m| String::from_utf8(m.into_owned()).unwrap());
        let names = names.map(|n| String::from_utf8(n.into_owned()).unwrap());
        if out.kind == RequestKind::Preflight {
            if let Some(method) = &method {
                pairs.push(("Access-Control-Allow-Methods", method));
            }
            if let Some(names) = &names {
                pairs.push(("Access-Control-Allow-Headers", names));
            }
            pairs.push(("Access-Control-Max-Age", "600"));
        }
        let preflight = out.kind == RequestKind::Preflight;
        head(if preflight { 204 } else { 200 }, &pairs)
    }

    /// `Policy::cache_granularity`, from browser-vectors/*/cache.json
    /// `GET with X-A (preflight allows x-a), with X-B (preflight allows
    /// x-b), with X-A again (any later preflight allows x-a); every
    /// preflight reply has Access-Control-Max-Age `600``: Firefox (per
    /// item, as the spec) sends the third GET without a preflight;
    /// Chromium and WebKit (one result per URL) preflight it again.
    #[test]
    fn one_result_per_url_forgets_the_previous_preflight() {
        use RequestKind::{Main, Preflight};
        let url = "http://api.example.test/r/cache112/0/0";
        let requests = [
            cross_origin(url, "GET", &["X-A"]),
            cross_origin(url, "GET", &["X-B"]),
            cross_origin(url, "GET", &["X-A"]),
        ];
        for (profile, third) in [
            (Profile::Spec, vec![Main]),
            (Profile::Firefox, vec![Main]),
            (Profile::Chromium, vec![Preflight, Main]),
            (Profile::Webkit, vec![Preflight, Main]),
        ] {
            let fetches = scenario(
                &Policy::from_profile(profile),
                &requests,
                allowing_what_is_asked,
            );
            assert!(fetches.iter().all(|f| f.1), "{profile}");
            assert_eq!(kinds(&fetches[1]), [Preflight, Main], "{profile}");
            assert_eq!(kinds(&fetches[2]), third, "{profile}");
        }
    }

    /// `CacheGranularity::PerResultDroppedWhenInsufficient`, from
    /// browser-vectors/{chromium,webkit}/cache.json `PUT (preflight allows
    /// PUT), PUT with X-A (preflight allows only PUT), PUT; every preflight
    /// reply has Access-Control-Max-Age `600``: the second PUT's preflight
    /// fails; Chromium had dropped the `PUT` result at the lookup and
    /// preflights the third PUT, WebKit still holds it and does not. Both
    /// leave the cache alone on failure, so the granularity is the
    /// difference.
    #[test]
    fn an_insufficient_result_is_dropped_at_the_lookup() {
        use RequestKind::{Main, Preflight};
        let url = "http://api.example.test/r/cache100/0/0";
        let requests = [
            cross_origin(url, "PUT", &[]),
            cross_origin(url, "PUT", &["X-A"]),
            cross_origin(url, "PUT", &[]),
        ];
        let only_put = |out: &OutgoingRequest| {
            let mut pairs = vec![("Access-Control-Allow-Origin", "http://app.example.test")];
            if out.kind == RequestKind::Preflight {
                pairs.push(("Access-Control-Allow-Methods", "PUT"));
                pairs.push(("Access-Control-Max-Age", "600"));
            }
            head(200, &pairs)
        };
        let webkit = Policy::from_profile(Profile::Webkit);
        let chromium = Policy::from_profile(Profile::Chromium);
        assert!(!webkit.clear_cache_on_failure && !chromium.clear_cache_on_failure);
        for (policy, third) in [(&webkit, vec![Main]), (&chromium, vec![Preflight, Main])] {
            let fetches = scenario(policy, &requests, only_put);
            assert!(!fetches[1].1, "the second preflight does not allow x-a");
            assert_eq!(kinds(&fetches[1]), [Preflight]);
            assert_eq!(kinds(&fetches[2]), third, "{}", policy.profile);
        }
        // The spec keeps per-item entries; its third PUT preflights only
        // because a failure clears the entries.
        let spec = Policy {
            clear_cache_on_failure: false,
            ..Policy::spec()
        };
        assert_eq!(kinds(&scenario(&spec, &requests, only_put)[2]), [Main]);
    }

    /// `Policy::cache_key_includes_fragment`, from
    /// browser-vectors/{chromium,firefox,webkit}/cache.json `PUT to #a,
    /// then #b of one URL; preflight allows PUT; every preflight reply has
    /// Access-Control-Max-Age `600``: all three preflight the second PUT.
    /// The spec profile compares URLs without the fragment.
    #[test]
    fn the_fragment_is_part_of_the_cache_key() {
        use RequestKind::{Main, Preflight};
        let url = "http://api.example.test/r/cache104/0/0";
        let requests = [
            cross_origin(&format!("{url}#a"), "PUT", &[]),
            cross_origin(&format!("{url}#b"), "PUT", &[]),
        ];
        for (profile, second) in [
            (Profile::Spec, vec![Main]),
            (Profile::Chromium, vec![Preflight, Main]),
            (Profile::Firefox, vec![Preflight, Main]),
            (Profile::Webkit, vec![Preflight, Main]),
        ] {
            let fetches = scenario(
                &Policy::from_profile(profile),
                &requests,
                allowing_what_is_asked,
            );
            assert_eq!(kinds(&fetches[1]), second, "{profile}");
            // Neither fragment goes on the wire.
            assert!(fetches[1].0.iter().all(|(_, sent)| sent == url));
        }
    }

    /// `TaintedPreflightOrigin::FreshOpaque`, from
    /// browser-vectors/{chromium,webkit}/mix.json `#80 PATCH cors
    /// credentials same-origin X-Custom: a b; ...` (to api, 307 to
    /// cross-site, ...; fetched twice): the second fetch's first hop uses
    /// the cached result, the hop after the redirect, whose origin is
    /// tainted to `null`, is preflighted again. The spec reuses the entries
    /// stored for `null`.
    #[test]
    fn a_tainted_origin_never_reuses_a_preflight() {
        use RequestKind::{Main, Preflight};
        let first = "http://api.example.test/r/mix80/0/0";
        let second = "http://api.other.test/r/mix80/0/1";
        let requests = [
            cross_origin(first, "PATCH", &["X-Custom"]),
            cross_origin(first, "PATCH", &["X-Custom"]),
        ];
        let answer = |out: &OutgoingRequest| {
            let mut pairs = vec![
                ("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Allow-Methods", "PATCH"),
                ("Access-Control-Allow-Headers", "x-custom"),
            ];
            if out.kind == RequestKind::Main && out.url.as_str() == first {
                pairs.push(("Location", second));
                return head(307, &pairs);
            }
            let main = out.kind == RequestKind::Main;
            head(if main { 200 } else { 204 }, &pairs)
        };
        for (profile, again) in [
            (Profile::Spec, vec![Main, Main]),
            (Profile::Chromium, vec![Main, Preflight, Main]),
            (Profile::Webkit, vec![Main, Preflight, Main]),
        ] {
            let fetches = scenario(&Policy::from_profile(profile), &requests, answer);
            assert!(fetches.iter().all(|f| f.1), "{profile}");
            assert_eq!(
                kinds(&fetches[0]),
                [Preflight, Main, Preflight, Main],
                "{profile}"
            );
            assert_eq!(kinds(&fetches[1]), again, "{profile}");
        }
    }

    // The browser profiles' redirect and mode knobs, each against the spec,
    // with the expected values of the named recorded vector
    // (browser-vectors/<browser>/<theme>.json).

    /// A request that went out, as the test reads it.
    struct Out {
        kind: RequestKind,
        method: String,
        url: String,
        headers: HeaderList,
    }

    impl Out {
        fn header(&self, name: &str) -> Option<String> {
            (self.headers.get(name)).map(|v| String::from_utf8(v.into_owned()).unwrap())
        }
    }

    type Answer<'a> = (u16, &'a [(&'a str, &'a str)]);

    /// Runs `request` under `policy` and `cache`, answering the requests
    /// that go out with `answers` in turn; returns them and the outcome.
    fn drive(
        policy: &Policy,
        cache: &mut PreflightCache,
        request: Request,
        answers: &[Answer<'_>],
    ) -> (Vec<Out>, Result<Response, FetchError>) {
        let mut fetch = Fetch::new(request, policy);
        let mut sent = Vec::new();
        loop {
            match fetch.poll(cache, Timestamp::ZERO) {
                Action::Send(out) => {
                    let (status, headers) = answers
                        .get(sent.len())
                        .unwrap_or_else(|| panic!("unexpected {} {}", out.method, out.url));
                    sent.push(Out {
                        kind: out.kind,
                        method: out.method.to_string(),
                        url: out.url.to_string(),
                        headers: out.headers.to_list(),
                    });
                    let headers = HeaderList::try_from_pairs(headers.iter().copied()).unwrap();
                    let status = *status;
                    fetch
                        .handle_response(ResponseHead { status, headers })
                        .unwrap();
                }
                Action::Done(outcome) => return (sent, outcome.clone()),
            }
        }
    }

    /// [`drive`] with a cache of its own (room for 8 entries), for a test
    /// that does not look at the cache afterwards.
    fn drive_fresh(
        policy: &Policy,
        request: Request,
        answers: &[Answer<'_>],
    ) -> (Vec<Out>, Result<Response, FetchError>) {
        drive(policy, &mut PreflightCache::new(8), request, answers)
    }

    fn profile(profile: crate::policy::Profile) -> Policy {
        Policy::from_profile(profile)
    }

    const APP: &str = "http://app.example.test";

    fn request(method: &str, url: &str) -> crate::request::RequestBuilder {
        Request::builder(Url::parse(url).unwrap(), APP).method(method)
    }

    /// A preflight answer allowing `methods` and `headers` for `*`.
    fn allow<'a>(methods: &'a str, headers: &'a str) -> [(&'a str, &'a str); 3] {
        [
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Methods", methods),
            ("Access-Control-Allow-Headers", headers),
        ]
    }

    fn redirect_to(location: &str) -> [(&str, &str); 2] {
        [("Access-Control-Allow-Origin", "*"), ("Location", location)]
    }

    /// `tainted_preflight_origin`, firefox/redirects.json `PUT 301 api to
    /// other (cross-origin hop), ..., final Access-Control-Allow-Origin
    /// null`: the preflight after the taint says the page's origin, the PUT
    /// says `null`; mix.json `#5 ...`: that preflight passes on an answer
    /// naming the page's origin. The spec says `null` in both, so the same
    /// answer fails its preflight.
    #[test]
    fn firefox_preflights_a_tainted_hop_for_the_page_origin() {
        use crate::policy::Profile;
        let put =
            || request("PUT", "http://api.example.test/r/0").body(crate::request::Body::text());
        let preflight_for_page = [
            ("Access-Control-Allow-Origin", APP),
            ("Access-Control-Allow-Methods", "PUT"),
        ];
        let answers: [Answer<'_>; 5] = [
            (204, &allow("PUT", "")),
            (301, &redirect_to("http://other.example.test/r/1")),
            (204, &preflight_for_page),
            (200, &[("Access-Control-Allow-Origin", "null")]),
            (200, &[]),
        ];
        let firefox = profile(Profile::Firefox);
        let (sent, outcome) = drive_fresh(&firefox, put().build().unwrap(), &answers);
        let origins: Vec<_> = sent
            .iter()
            .map(|o| (o.method.as_str(), o.header("origin")))
            .collect();
        let origins: Vec<_> = origins
            .iter()
            .map(|(m, o)| (*m, o.as_deref().unwrap()))
            .collect();
        assert_eq!(
            origins,
            [
                ("OPTIONS", APP),
                ("PUT", APP),
                ("OPTIONS", APP),
                ("PUT", "null")
            ]
        );
        assert_eq!(outcome.unwrap().status, 200);
        let (sent, outcome) = drive_fresh(&Policy::spec(), put().build().unwrap(), &answers);
        assert_eq!(sent[2].header("origin").as_deref(), Some("null"));
        assert_eq!(
            sent.len(),
            3,
            "the spec's preflight fails on the page's origin"
        );
        assert!(outcome.unwrap_err().is_preflight());
    }

    /// `tainted_preflight_origin`, chromium/mix.json and webkit/mix.json
    /// `#80 ...`: fetched twice, the tainted hop is preflighted both times
    /// (each taint is a new opaque origin); the spec's second fetch finds
    /// the entry stored under `null`, and so does Firefox's under the
    /// page's origin.
    #[test]
    fn chromium_never_serves_a_tainted_preflight_from_the_cache() {
        use crate::policy::Profile;
        let patch = || {
            request("PATCH", "http://api.example.test/r/0")
                .header("X-Custom", "1")
                .build()
                .unwrap()
        };
        let preflight = allow("PATCH", "x-custom");
        let preflight = [
            preflight[0],
            preflight[1],
            preflight[2],
            ("Access-Control-Max-Age", "600"),
        ];
        let answers: [Answer<'_>; 4] = [
            (204, &preflight),
            (307, &redirect_to("http://api.other.test/r/1")),
            (204, &preflight),
            (200, &[("Access-Control-Allow-Origin", "*")]),
        ];
        let second: [Answer<'_>; 3] = [answers[1], answers[2], answers[3]];
        let second_hit: [Answer<'_>; 2] = [answers[1], answers[3]];
        for (policy, preflighted_again) in [
            (Policy::spec(), false),
            (profile(Profile::Firefox), false),
            (profile(Profile::Chromium), true),
            (profile(Profile::Webkit), true),
        ] {
            let mut cache = PreflightCache::new(8);
            let (sent, outcome) = drive(&policy, &mut cache, patch(), &answers);
            assert_eq!(sent.len(), 4);
            assert!(outcome.is_ok());
            let answers: &[Answer<'_>] = if preflighted_again {
                &second
            } else {
                &second_hit
            };
            let (sent, outcome) = drive(&policy, &mut cache, patch(), answers);
            assert!(outcome.is_ok(), "{:?}", policy.profile);
            let kinds: Vec<_> = sent.iter().map(|o| o.kind).collect();
            use RequestKind::{Main, Preflight};
            let expected: &[RequestKind] = if preflighted_again {
                &[Main, Preflight, Main]
            } else {
                &[Main, Main]
            };
            assert_eq!(kinds, expected, "{:?}", policy.profile);
        }
    }

    /// `preflight_sticks_across_redirects`, firefox/redirects.json and
    /// webkit/redirects.json `PUT 303 api to other (cross-origin hop),
    /// ...`: the GET after the 303 is preflighted
    /// (`Access-Control-Request-Method: GET`); the spec sends it directly,
    /// as Chromium does.
    #[test]
    fn firefox_and_webkit_keep_preflighting_after_a_303() {
        use crate::policy::Profile;
        let put = || {
            request("PUT", "http://api.example.test/r/0")
                .body(crate::request::Body::text())
                .build()
                .unwrap()
        };
        let answers: [Answer<'_>; 5] = [
            (204, &allow("PUT", "")),
            (303, &redirect_to("http://other.example.test/r/1")),
            (204, &allow("PUT", "")),
            (200, &[("Access-Control-Allow-Origin", "*")]),
            (200, &[]),
        ];
        for p in [Profile::Firefox, Profile::Webkit] {
            let (sent, outcome) = drive_fresh(&profile(p), put(), &answers);
            assert_eq!(sent[2].method, "OPTIONS", "{p}");
            assert_eq!(sent[2].url, "http://other.example.test/r/1");
            assert_eq!(
                sent[2].header("access-control-request-method").as_deref(),
                Some("GET")
            );
            assert_eq!(sent[3].method, "GET");
            assert!(outcome.is_ok());
        }
        for policy in [Policy::spec(), profile(Profile::Chromium)] {
            let answers = [answers[0], answers[1], answers[3]];
            let (sent, outcome) = drive_fresh(&policy, put(), &answers);
            assert_eq!(sent[2].method, "GET");
            assert!(outcome.is_ok());
        }
    }

    /// `preflight_lists_original_headers`, webkit/redirects.json `GET with
    /// Authorization, 301 api to other (cross-origin hop) ...`: the second
    /// preflight lists `authorization`, which the GET no longer carries.
    /// Firefox (sticky too, not this knob) lists nothing; the spec sends
    /// the GET without a preflight.
    #[test]
    fn webkit_preflights_for_the_headers_the_request_started_with() {
        use crate::policy::Profile;
        let get = || {
            request("GET", "http://api.example.test/r/0")
                .header("Authorization", "Basic dXNlcjpwYXNz")
                .build()
                .unwrap()
        };
        let answers: [Answer<'_>; 5] = [
            (204, &allow("GET", "authorization")),
            (301, &redirect_to("http://other.example.test/r/1")),
            (204, &allow("GET", "authorization")),
            (200, &[("Access-Control-Allow-Origin", "*")]),
            (200, &[]),
        ];
        let (sent, outcome) = drive_fresh(&profile(Profile::Webkit), get(), &answers);
        assert_eq!(
            sent[2].header("access-control-request-headers").as_deref(),
            Some("authorization")
        );
        assert_eq!(sent[3].header("authorization"), None);
        assert!(outcome.is_ok());
        let (sent, _) = drive_fresh(&profile(Profile::Firefox), get(), &answers);
        assert_eq!(sent[2].header("access-control-request-headers"), None);
        let answers = [answers[0], answers[1], answers[3]];
        let (sent, outcome) = drive_fresh(&Policy::spec(), get(), &answers);
        assert_eq!(
            (sent[2].method.as_str(), sent[2].header("authorization")),
            ("GET", None)
        );
        assert!(outcome.is_ok());
    }

    /// `RedirectHeaders::RestoreFirstForCors`, webkit/redirects.json `POST
    /// 301 api to other to api (two hops), ...`: the first GET goes without
    /// `Content-Type`, the second with the POST's again; the spec's (and
    /// Chromium's) second GET has none.
    #[test]
    fn webkit_puts_the_first_headers_back_at_each_cors_hop() {
        use crate::policy::Profile;
        let post = || {
            request("POST", "http://api.example.test/r/0")
                .body(crate::request::Body::text())
                .build()
                .unwrap()
        };
        let answers: [Answer<'_>; 3] = [
            (301, &redirect_to("http://other.example.test/r/1")),
            (301, &redirect_to("http://api.example.test/r/2")),
            (200, &[("Access-Control-Allow-Origin", "*")]),
        ];
        let content_types = |policy: &Policy| {
            let (sent, outcome) = drive_fresh(policy, post(), &answers);
            assert!(outcome.is_ok());
            sent.iter()
                .map(|o| (o.method.clone(), o.header("content-type")))
                .collect::<Vec<_>>()
        };
        let text = Some("text/plain;charset=UTF-8".to_owned());
        assert_eq!(
            content_types(&profile(Profile::Webkit)),
            [
                ("POST".into(), text.clone()),
                ("GET".into(), None),
                ("GET".into(), text.clone())
            ]
        );
        assert_eq!(
            content_types(&Policy::spec()),
            [
                ("POST".into(), text),
                ("GET".into(), None),
                ("GET".into(), None)
            ]
        );
    }

    /// `same_origin_redirect_keeps_origin_header`, webkit/redirects.json
    /// `POST with Content-Type text/plain and a body, 303 same-origin (page
    /// origin to page origin), no CORS headers`: the GET keeps `Origin`;
    /// webkit/mix.json `#173 ...`: a cross-origin hop drops it. The spec
    /// sends no `Origin` with either GET.
    #[test]
    fn webkit_keeps_origin_on_a_same_origin_redirect() {
        use crate::policy::Profile;
        let same = |policy: &Policy| {
            let post = request("POST", "http://app.example.test/r/0")
                .header("Content-Type", "text/plain")
                .body(crate::request::Body::text())
                .build()
                .unwrap();
            let answers: [Answer<'_>; 2] = [
                (303, &[("Location", "http://app.example.test/r/1")]),
                (200, &[]),
            ];
            let (sent, outcome) = drive_fresh(policy, post, &answers);
            assert_eq!(outcome.unwrap().response_type, ResponseType::Basic);
            (sent[1].method.clone(), sent[1].header("origin"))
        };
        assert_eq!(
            same(&profile(Profile::Webkit)),
            ("GET".into(), Some(APP.to_owned()))
        );
        assert_eq!(same(&Policy::spec()), ("GET".into(), None));
        // #173: no-cors POST, 303 on its own origin, then 302 elsewhere.
        let post = request("POST", "http://api.other.test/r/0")
            .mode(Mode::NoCors)
            .body(crate::request::Body::text())
            .build()
            .unwrap();
        let answers: [Answer<'_>; 3] = [
            (303, &[("Location", "http://api.other.test/r/1")]),
            (302, &[("Location", "http://api.example.test/r/2")]),
            (200, &[]),
        ];
        let (sent, _) = drive_fresh(&profile(Profile::Webkit), post, &answers);
        let origins: Vec<_> = sent.iter().map(|o| o.header("origin")).collect();
        assert_eq!(origins, [Some(APP.to_owned()), Some(APP.to_owned()), None]);
    }

    /// `redirects_checked_as_credentialed_after_same_origin_start`,
    /// webkit/redirects.json `GET credentials same-origin, 302 app to api to
    /// other, cross-origin redirect Access-Control-Allow-Origin *` (a
    /// network error after the second response) and `... the page origin
    /// with Access-Control-Allow-Credentials true` (through); the spec,
    /// Chromium and Firefox follow the `*` chain to its end. The error says
    /// why the check was credentialed in mode `same-origin`.
    #[test]
    fn webkit_checks_redirects_as_credentialed_after_a_same_origin_start() {
        use crate::policy::Profile;
        let run = |policy: &Policy, acao: &'static str, acac: bool| {
            let get = request("GET", "http://app.example.test/r/0")
                .build()
                .unwrap();
            let mut hop: Vec<(&str, &str)> = vec![
                ("Location", "http://other.example.test/r/2"),
                ("Access-Control-Allow-Origin", acao),
            ];
            if acac {
                hop.push(("Access-Control-Allow-Credentials", "true"));
            }
            let answers: [Answer<'_>; 3] = [
                (302, &[("Location", "http://api.example.test/r/1")]),
                (302, &hop),
                (200, &[("Access-Control-Allow-Origin", "*")]),
            ];
            let (sent, outcome) = drive_fresh(policy, get, &answers);
            (sent.len(), outcome)
        };
        for profile in [Profile::Spec, Profile::Chromium, Profile::Firefox] {
            let (sent, outcome) = run(&crate::Policy::from_profile(profile), "*", false);
            assert_eq!((sent, outcome.is_ok()), (3, true), "{profile}");
        }
        let webkit = profile(Profile::Webkit);
        let (sent, outcome) = run(&webkit, "*", true);
        assert_eq!(sent, 2);
        let e = outcome.unwrap_err();
        assert!(
            matches!(
                e,
                FetchError::WildcardOriginWithCredentials {
                    why: Credentialed::RedirectAfterSameOriginStart,
                    ..
                }
            ),
            "{e}"
        );
        assert!(e.to_string().contains("`same-origin`"), "{e}");
        let (_, outcome) = run(&webkit, APP, false);
        assert!(
            matches!(
                outcome,
                Err(FetchError::InvalidAllowCredentials {
                    why: Credentialed::RedirectAfterSameOriginStart,
                    ..
                })
            ),
            "{outcome:?}"
        );
        let (sent, outcome) = run(&webkit, APP, true);
        assert_eq!((sent, outcome.is_ok()), (3, true));

        // redirects.json `GET with X-Custom (preflighted) credentials
        // same-origin, 302 app to api to other, ... Access-Control-Allow-Origin
        // *`: the next hop's preflight goes out before the fetch fails.
        let get = request("GET", "http://app.example.test/r/0")
            .header("X-Custom", "1")
            .build()
            .unwrap();
        let preflight: &[(&str, &str)] = &[
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Headers", "x-custom"),
        ];
        let answers: [Answer<'_>; 4] = [
            (302, &[("Location", "http://api.example.test/r/1")]),
            (204, preflight),
            (
                302,
                &[
                    ("Location", "http://other.example.test/r/2"),
                    ("Access-Control-Allow-Origin", "*"),
                ],
            ),
            (204, preflight),
        ];
        let (sent, outcome) = drive_fresh(&webkit, get, &answers);
        let methods: Vec<&str> = sent.iter().map(|o| o.method.as_str()).collect();
        assert_eq!(methods, ["GET", "OPTIONS", "GET", "OPTIONS"]);
        assert!(matches!(
            outcome,
            Err(FetchError::WildcardOriginWithCredentials { .. })
        ));
    }

    /// `cross_origin_redirect_turns_delete_into_get`, webkit/mix.json `#116
    /// ...`: a DELETE answered 307 to another origin is preflighted and
    /// sent as GET; the spec keeps DELETE.
    #[test]
    fn webkit_turns_a_cross_origin_delete_into_get() {
        use crate::policy::Profile;
        let delete = || {
            request("DELETE", "http://api.example.test/r/0")
                .build()
                .unwrap()
        };
        let answers: [Answer<'_>; 5] = [
            (204, &allow("DELETE", "")),
            (307, &redirect_to("http://api.other.test/r/1")),
            (204, &allow("DELETE", "")),
            (200, &[("Access-Control-Allow-Origin", "*")]),
            (200, &[]),
        ];
        let (sent, outcome) = drive_fresh(&profile(Profile::Webkit), delete(), &answers);
        assert_eq!(
            sent[2].header("access-control-request-method").as_deref(),
            Some("GET")
        );
        assert_eq!(sent[3].method, "GET");
        assert!(outcome.is_ok());
        let (sent, outcome) = drive_fresh(&Policy::spec(), delete(), &answers);
        assert_eq!(
            sent[2].header("access-control-request-method").as_deref(),
            Some("DELETE")
        );
        assert_eq!(sent[3].method, "DELETE");
        assert!(outcome.is_ok());
    }

    /// `redirect_statuses`, webkit/redirects.json `GET api answered 399
    /// with a Location to api and the origin allowed`: followed; the spec
    /// (and Chromium's, Firefox's recordings) returns the 399.
    #[test]
    fn webkit_follows_a_399() {
        use crate::policy::Profile;
        let allowed = [
            ("Access-Control-Allow-Origin", APP),
            ("Location", "http://api.example.test/r/1"),
        ];
        let answers: [Answer<'_>; 2] = [
            (399, &allowed),
            (200, &[("Access-Control-Allow-Origin", APP)]),
        ];
        let get = || {
            request("GET", "http://api.example.test/r/0")
                .build()
                .unwrap()
        };
        let (sent, outcome) = drive_fresh(&profile(Profile::Webkit), get(), &answers);
        assert_eq!(sent.len(), 2);
        assert_eq!(outcome.unwrap().status, 200);
        let (sent, outcome) = drive_fresh(&Policy::spec(), get(), &answers);
        assert_eq!(sent.len(), 1);
        assert_eq!(outcome.unwrap().status, 399);
    }

    /// `empty_location`, */redirects.json `GET api answered 302 with an
    /// empty Location and Access-Control-Allow-Origin *, ...`: Firefox (the
    /// spec) fetches the same URL again, Chromium returns the 302, WebKit
    /// fails.
    #[test]
    fn an_empty_location_per_profile() {
        use crate::policy::Profile;
        let answers: [Answer<'_>; 2] = [
            (302, &redirect_to("")),
            (200, &[("Access-Control-Allow-Origin", "*")]),
        ];
        let get = || {
            request("GET", "http://api.example.test/r/0")
                .build()
                .unwrap()
        };
        for (policy, urls, outcome) in [
            (Policy::spec(), 2, Some(200)),
            (profile(Profile::Firefox), 2, Some(200)),
            (profile(Profile::Chromium), 1, Some(302)),
            (profile(Profile::Webkit), 1, None),
        ] {
            let (sent, result) = drive_fresh(&policy, get(), &answers);
            assert_eq!(sent.len(), urls, "{:?}", policy.profile);
            assert!(sent.iter().all(|o| o.url == "http://api.example.test/r/0"));
            assert_eq!(
                result.ok().map(|r| r.status),
                outcome,
                "{:?}",
                policy.profile
            );
        }
    }

    /// `cors_redirect_refuses_credentials_everywhere`,
    /// chromium/redirects.json `GET same-origin answered 302 with a
    /// Location with userinfo on app.example.test (same origin), ...`:
    /// Chromium fails without sending; the spec (and Firefox, WebKit)
    /// follows.
    #[test]
    fn chromium_refuses_a_same_origin_location_with_userinfo() {
        use crate::policy::Profile;
        let answers: [Answer<'_>; 2] = [
            (
                302,
                &[("Location", "http://user:pass@app.example.test/r/1")],
            ),
            (200, &[("Access-Control-Allow-Origin", "*")]),
        ];
        let get = || {
            request("GET", "http://app.example.test/r/0")
                .build()
                .unwrap()
        };
        let (sent, outcome) = drive_fresh(&profile(Profile::Chromium), get(), &answers);
        assert_eq!(sent.len(), 1);
        assert!(matches!(
            outcome,
            Err(FetchError::RedirectContainsCredentials { .. })
        ));
        let (sent, outcome) = drive_fresh(&Policy::spec(), get(), &answers);
        assert_eq!(sent[1].url, "http://user:pass@app.example.test/r/1");
        assert_eq!(outcome.unwrap().response_type, ResponseType::Basic);
    }

    /// `data_url_content_length`, firefox/modes.json `cors GET data:,hello`
    /// and `cors HEAD data:,hello`: `content-length: 5` besides the type;
    /// the spec's response has the type only.
    #[test]
    fn firefox_gives_a_data_url_a_content_length() {
        use crate::policy::Profile;
        for method in ["GET", "HEAD"] {
            let firefox = profile(Profile::Firefox);
            let get = request(method, "data:,hello").build().unwrap();
            let (sent, response) = drive(&firefox, &mut PreflightCache::new(1), get, &[]);
            assert!(sent.is_empty());
            let headers = response.unwrap().visible_headers();
            let headers: Vec<_> = headers.iter().map(|(n, v)| (n.as_str(), &v[..])).collect();
            assert_eq!(
                headers,
                [
                    ("content-length", &b"5"[..]),
                    ("content-type", b"text/plain;charset=US-ASCII")
                ]
            );
            let get = request(method, "data:,hello").build().unwrap();
            let (_, response) = drive(&Policy::spec(), &mut PreflightCache::new(1), get, &[]);
            assert_eq!(response.unwrap().headers.len(), 1);
        }
    }

    /// `about_blank_is_fetched`, firefox/modes.json `no-cors GET
    /// about:blank`: an opaque response, as scheme fetch says (an empty
    /// `text/html;charset=utf-8` one, filtered); chromium/modes.json and
    /// webkit/modes.json, the same vector: a network error.
    #[test]
    fn about_blank_per_profile() {
        use crate::policy::Profile;
        let blank = || {
            request("GET", "about:blank")
                .mode(Mode::NoCors)
                .build()
                .unwrap()
        };
        for (policy, fetched) in [
            (Policy::spec(), true),
            (profile(Profile::Firefox), true),
            (profile(Profile::Chromium), false),
            (profile(Profile::Webkit), false),
        ] {
            let (sent, outcome) = drive(&policy, &mut PreflightCache::new(1), blank(), &[]);
            assert!(sent.is_empty());
            match outcome {
                Ok(response) => {
                    assert!(fetched, "{:?}", policy.profile);
                    assert_eq!(
                        (response.response_type, response.status),
                        (ResponseType::Opaque, 0)
                    );
                    assert_eq!(
                        response.headers.internal().get("content-type").as_deref(),
                        Some(&b"text/html;charset=utf-8"[..])
                    );
                }
                Err(e) => {
                    assert!(!fetched, "{:?}", policy.profile);
                    assert!(matches!(e, FetchError::SchemeNotSupported { .. }));
                }
            }
        }
        // Navigation gets it as a basic response, empty; cors mode never.
        let navigate = request("GET", "about:blank")
            .mode(Mode::Navigate)
            .from_user_agent()
            .build()
            .unwrap();
        let (_, outcome) = drive(&Policy::spec(), &mut PreflightCache::new(1), navigate, &[]);
        let response = outcome.unwrap();
        assert_eq!(response.response_type, ResponseType::Basic);
        assert_eq!(response.body.as_bytes(), Some(&b""[..]));
        let cors = request("GET", "about:blank").build().unwrap();
        let (_, outcome) = drive(&Policy::spec(), &mut PreflightCache::new(1), cors, &[]);
        assert!(matches!(
            outcome,
            Err(FetchError::SchemeNotSupported { .. })
        ));
    }

    /// The header knobs whose effect shows on the wire or in the response,
    /// each under the spec and under every browser profile, with the
    /// browsers' answers as recorded in `browser-vectors/`.
    mod header_knobs {
        use super::*;
        use crate::policy::Profile;

        /// Author headers, as script gives them.
        type Headers<'a> = &'a [(&'a str, &'a [u8])];

        const API: &str = "http://api.example.test/r";
        const APP: &str = "http://app.example.test";

        /// The first request `headers` (a GET from the page origin) puts
        /// on the wire under `profile`, and the fetch.
        fn first_request(
            headers: Headers,
            profile: Profile,
        ) -> (Fetch, PreflightCache, SentRequest) {
            let policy = Policy::from_profile(profile);
            let mut builder = Request::builder(Url::parse(API).unwrap(), APP).policy(&policy);
            for (name, value) in headers {
                builder = builder.header(name, value);
            }
            let mut fetch = Fetch::new(builder.build().unwrap(), &policy);
            let mut cache = PreflightCache::new(4);
            let Action::Send(out) = fetch.poll(&mut cache, Timestamp::ZERO) else {
                panic!("a request goes out");
            };
            let out = out.to_owned();
            (fetch, cache, out)
        }

        /// browser-vectors/firefox/preflight.json: `GET with X-A in upper
        /// and lower case` sends `Access-Control-Request-Headers: x-a,x-a`,
        /// and safelist.json `GET with X-A twice and Content-Type
        /// application/json` sends `content-type,x-a,x-a`; Chromium and
        /// WebKit send each name once, as the spec does.
        #[test]
        fn firefox_repeats_names_in_access_control_request_headers() {
            let cases: [(Headers, &str, &str); 2] = [
                (&[("X-A", b"1"), ("x-a", b"2")], "x-a", "x-a,x-a"),
                (
                    &[
                        ("X-A", b"1"),
                        ("x-a", b"2"),
                        ("Content-Type", b"application/json"),
                    ],
                    "content-type,x-a",
                    "content-type,x-a,x-a",
                ),
            ];
            for (headers, once, firefox) in cases {
                for p in Profile::ALL {
                    let (_, _, out) = first_request(headers, p);
                    assert_eq!(out.kind, RequestKind::Preflight);
                    let sent = out.headers.get("access-control-request-headers").unwrap();
                    let want = if p == Profile::Firefox { firefox } else { once };
                    assert_eq!(sent.as_ref(), want.as_bytes(), "{p}");
                }
            }
        }

        /// The preflight that allows `x-a` once still lets the request
        /// through, and the cache entry serves it again, with repeats.
        #[test]
        fn repeated_names_are_checked_and_cached_once() {
            let headers: Headers = &[("X-A", b"1"), ("x-a", b"2")];
            let (mut fetch, mut cache, _) = first_request(headers, Profile::Firefox);
            let allow = HeaderList::try_from_pairs([
                ("Access-Control-Allow-Origin", APP),
                ("Access-Control-Allow-Headers", "x-a"),
                ("Access-Control-Max-Age", "600"),
            ])
            .unwrap();
            let preflight_ok = ResponseHead {
                status: 204,
                headers: allow,
            };
            fetch.handle_response(preflight_ok).unwrap();
            let Action::Send(out) = fetch.poll(&mut cache, Timestamp::ZERO) else {
                panic!("the GET goes out");
            };
            assert_eq!(out.kind, RequestKind::Main);
            assert_eq!(out.headers.get("x-a").unwrap().as_ref(), b"1, 2");
            let policy = Policy::from_profile(Profile::Firefox);
            let request = Request::builder(Url::parse(API).unwrap(), APP)
                .header("X-A", "1")
                .header("x-a", "2")
                .build()
                .unwrap();
            let mut again = Fetch::new(request, &policy);
            let Action::Send(out) = again.poll(&mut cache, Timestamp::ZERO) else {
                panic!("a request goes out");
            };
            assert_eq!(out.kind, RequestKind::Main, "the cached entry serves it");
        }

        /// browser-vectors/webkit/safelist.json: `GET with Content-Type:
        /// `text/plain;charset=\xE9`` goes out (without a preflight) as
        /// `text/plain;charset=` C3 A9, and `GET with Content-Language:
        /// `en\xE9`` (preflighted) as `en` C3 A9. Chromium and Firefox send
        /// the byte E9, as the spec does (Firefox after a preflight for the
        /// first; Firefox's no-cors case is in `request.rs`).
        #[test]
        fn webkit_sends_author_values_as_utf8() {
            for p in Profile::ALL {
                let (fetch, _, out) =
                    first_request(&[("Content-Type", b"text/plain;charset=\xe9")], p);
                if p == Profile::Firefox {
                    assert_eq!(out.kind, RequestKind::Preflight);
                    continue;
                }
                assert_eq!(out.kind, RequestKind::Main, "{p}");
                let sent = out.headers.get("content-type").unwrap();
                let want: &[u8] = if p == Profile::Webkit {
                    b"text/plain;charset=\xc3\xa9"
                } else {
                    b"text/plain;charset=\xe9"
                };
                assert_eq!(sent.as_ref(), want, "{p}");
                // The request keeps what script gave it.
                let (request, _) = fetch.into_parts();
                let kept = request.headers().get("content-type").unwrap();
                assert_eq!(kept.as_ref(), b"text/plain;charset=\xe9", "{p}");
            }
            // Content-Language `en\xE9` is preflighted by every profile
            // (classified before the encoding); then the GET carries it.
            for p in Profile::ALL {
                let (mut fetch, mut cache, out) =
                    first_request(&[("Content-Language", b"en\xe9")], p);
                assert_eq!(out.kind, RequestKind::Preflight, "{p}");
                let allow = HeaderList::try_from_pairs([
                    ("Access-Control-Allow-Origin", APP),
                    ("Access-Control-Allow-Headers", "content-language"),
                ])
                .unwrap();
                fetch
                    .handle_response(ResponseHead {
                        status: 204,
                        headers: allow,
                    })
                    .unwrap();
                let Action::Send(out) = fetch.poll(&mut cache, Timestamp::ZERO) else {
                    panic!("the GET goes out");
                };
                let sent = out.headers.get("content-language").unwrap();
                let want: &[u8] = if p == Profile::Webkit {
                    b"en\xc3\xa9"
                } else {
                    b"en\xe9"
                };
                assert_eq!(sent.as_ref(), want, "{p}");
            }
        }

        /// browser-vectors/webkit/expose.json: `GET, credentials include,
        /// Access-Control-Allow-Origin the origin,
        /// Access-Control-Expose-Headers `x-latin``: the server's
        /// `X-Latin: caf` E9 reads as `caf` EF BF BD in WebKit, and as
        /// `caf` E9 in Chromium and Firefox. A valid UTF-8 value is
        /// unchanged (WebKit's redirects.json, `Location ending in bytes C3
        /// A9`, follows the same URL as the spec).
        #[test]
        fn webkit_reads_response_values_as_utf8() {
            for p in Profile::ALL {
                let (mut fetch, mut cache, _) = first_request(&[], p);
                let headers = HeaderList::try_from_pairs([
                    ("Access-Control-Allow-Origin", APP.as_bytes()),
                    ("Access-Control-Expose-Headers", b"x-latin, x-utf8"),
                    ("X-Latin", b"caf\xe9"),
                    ("X-Utf8", b"caf\xc3\xa9"),
                ])
                .unwrap();
                fetch
                    .handle_response(ResponseHead {
                        status: 200,
                        headers,
                    })
                    .unwrap();
                let Action::Done(Ok(response)) = fetch.poll(&mut cache, Timestamp::ZERO) else {
                    panic!("the fetch succeeds");
                };
                let latin: &[u8] = if p == Profile::Webkit {
                    b"caf\xef\xbf\xbd"
                } else {
                    b"caf\xe9"
                };
                let visible = response.visible_headers();
                let value = |n: &str| {
                    visible
                        .iter()
                        .find(|(name, _)| name.as_str() == n)
                        .map(|(_, v)| v.to_vec())
                        .unwrap()
                };
                assert_eq!(value("x-latin"), latin, "{p}");
                assert_eq!(value("x-utf8"), b"caf\xc3\xa9", "{p}");
            }
        }
    }
}
