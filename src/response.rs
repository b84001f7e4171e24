//! Responses ([`#responses`](https://fetch.spec.whatwg.org/#responses)) and
//! the [filtered responses](https://fetch.spec.whatwg.org/#concept-filtered-response)
//! script may see.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use http::header::{HeaderName, ACCESS_CONTROL_EXPOSE_HEADERS};
use http::StatusCode;
use url::Url;

use crate::headers::list::AsHeaderName;
use crate::headers::names::{ListedNames, Marks};
use crate::headers::parse::{for_each_token, TokenList};
use crate::headers::response::{is_forbidden_response_header_name, Exposed, ExposedHeaders};
use crate::headers::HeaderList;
use crate::request::CredentialsMode;

/// What the network answered: a status and the header list as an HTTP
/// parser delivers it (order and duplicates kept). Bodies are the caller's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseHead {
    /// The status, 0-999.
    pub status: u16,
    /// The headers.
    pub headers: HeaderList,
}

impl ResponseHead {
    /// A response head from a status and headers.
    ///
    /// ```
    /// use fetch_cors::{response::ResponseHead, HeaderList};
    /// use http::StatusCode;
    /// let head = ResponseHead::new(StatusCode::NO_CONTENT, HeaderList::new());
    /// assert_eq!(head.status, 204);
    /// ```
    pub fn new(status: StatusCode, headers: HeaderList) -> Self {
        ResponseHead {
            status: status.as_u16(),
            headers,
        }
    }

    /// The head of an `http::Response`.
    pub fn from_http<B>(response: &http::Response<B>) -> Self {
        ResponseHead::new(response.status(), HeaderList::from(response.headers()))
    }
}

/// A [response type](https://fetch.spec.whatwg.org/#concept-response-type)
/// script can see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResponseType {
    /// Same-origin: every header but `Set-Cookie`/`Set-Cookie2`.
    Basic,
    /// Cross-origin with CORS: the safelisted and exposed headers.
    Cors,
    /// `no-cors` cross-origin: nothing.
    Opaque,
    /// A redirect under redirect mode `manual`: nothing.
    OpaqueRedirect,
}

impl ResponseType {
    /// The name `Response.type` gives.
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseType::Basic => "basic",
            ResponseType::Cors => "cors",
            ResponseType::Opaque => "opaque",
            ResponseType::OpaqueRedirect => "opaqueredirect",
        }
    }
}

impl fmt::Display for ResponseType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A [filtered response](https://fetch.spec.whatwg.org/#concept-filtered-response):
/// what script may see of the final response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The type.
    pub response_type: ResponseType,
    /// The status script sees (0 for opaque and opaqueredirect).
    pub status: u16,
    /// The headers script may read, in the network's order, as a view of
    /// the internal response's headers (which the user agent may read).
    pub headers: FilteredHeaders,
    /// The URL list (fragments removed); empty for an opaque response.
    pub url_list: UrlList,
    /// The body, where the engine holds one: [`ResponseBody::Network`]
    /// for every response that came over the network, whose body the
    /// caller read and keeps; the bytes of a `data:` URL, which the engine
    /// fetched itself.
    pub body: ResponseBody,
}

/// A response's [body](https://fetch.spec.whatwg.org/#concept-response-body),
/// as far as the engine holds it.
///
/// The engine never sees a body that came over the network: it is handed
/// response heads, and the caller keeps what follows them. A scheme fetch
/// the engine performs itself, with no network behind it (a `data:` URL),
/// yields its body, and the response carries it.
///
/// ```
/// use fetch_cors::{Action, Fetch, Policy, PreflightCache, Request, Timestamp};
/// use fetch_cors::response::ResponseBody;
/// let request = Request::builder("data:;base64,aGk=".parse().unwrap(), "https://app.example")
///     .build()
///     .unwrap();
/// let mut fetch = Fetch::new(request, &Policy::spec());
/// // Nothing goes on the wire: the fetch is done at the first poll.
/// let Action::Done(Ok(response)) = fetch.poll(&mut PreflightCache::new(16), Timestamp::ZERO) else {
///     panic!("a data: URL is fetched in place");
/// };
/// assert_eq!(response.body, ResponseBody::Bytes(b"hi".to_vec()));
/// assert_eq!(response.body.as_bytes(), Some(&b"hi"[..]));
/// assert_eq!(ResponseBody::Network.as_bytes(), None);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ResponseBody {
    /// The body the network sent after the response head: the caller's.
    #[default]
    Network,
    /// No body (null): what main fetch leaves of a `data:` URL's (or
    /// `about:blank`'s) body when the method is `HEAD` (main fetch, step
    /// 22).
    Null,
    /// The body's bytes: a `data:` URL's, decoded, or `about:blank`'s
    /// (none).
    Bytes(Vec<u8>),
}

impl ResponseBody {
    /// The bytes, when the engine holds them; `None` for a network body
    /// (the caller's) and for a null one.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            ResponseBody::Bytes(bytes) => Some(bytes),
            ResponseBody::Network | ResponseBody::Null => None,
        }
    }
}

/// A filtered response's header list: the [internal response](https://fetch.spec.whatwg.org/#concept-internal-response)'s
/// list, and which of its headers the filter lets through.
///
/// The spec defines a filtered response as "a limited view" of its internal
/// response, and so is this one. Script reads [`FilteredHeaders::iter`],
/// [`FilteredHeaders::get`] and the like, which show only what the filter
/// allows; the user agent keeps the whole list, [`FilteredHeaders::internal`]
/// (an opaque response's `Content-Type` to decode an image, an opaque
/// redirect's `Location` to navigate). Nothing is copied or moved to
/// filter: the CORS filter marks positions.
///
/// ```
/// use fetch_cors::{response::FilteredHeaders, HeaderList};
/// let list = HeaderList::try_from_pairs([("Content-Type", "text/plain"), ("Set-Cookie", "a=b")]).unwrap();
/// let shown = FilteredHeaders::basic(list);
/// assert_eq!(shown.len(), 1);
/// assert!(shown.get("set-cookie").is_none());
/// assert!(shown.internal().contains("set-cookie"));
/// ```
#[derive(Clone)]
pub struct FilteredHeaders {
    internal: HeaderList,
    /// Which positions of `internal` are shown.
    shown: Marks,
}

impl FilteredHeaders {
    /// The whole list, nothing filtered out: what a test or a caller
    /// building a response by hand starts from.
    pub fn unfiltered(headers: HeaderList) -> Self {
        let shown = Marks::all(headers.len());
        FilteredHeaders {
            internal: headers,
            shown,
        }
    }

    /// Nothing shown: the headers of an [opaque](https://fetch.spec.whatwg.org/#concept-filtered-response-opaque)
    /// or [opaque-redirect](https://fetch.spec.whatwg.org/#concept-filtered-response-opaque-redirect)
    /// filtered response, whose internal response keeps `headers`.
    pub fn hidden(headers: HeaderList) -> Self {
        FilteredHeaders {
            internal: headers,
            shown: Marks::none(),
        }
    }

    /// The [basic filter](https://fetch.spec.whatwg.org/#concept-filtered-response-basic):
    /// everything but the forbidden response-header names.
    pub fn basic(headers: HeaderList) -> Self {
        FilteredHeaders {
            shown: basic_marks(&headers),
            internal: headers,
        }
    }

    /// Whether the header at `index` of [`FilteredHeaders::internal`] is
    /// shown: for a caller that holds the same headers in another form, in
    /// the same order (the `http::HeaderMap` the list was made from), and
    /// filters that instead of copying.
    ///
    /// ```
    /// use fetch_cors::{response::FilteredHeaders, HeaderList};
    /// let list = HeaderList::try_from_pairs([("Content-Type", "text/plain"), ("Set-Cookie", "a=b")]).unwrap();
    /// let shown = FilteredHeaders::basic(list);
    /// assert_eq!((shown.is_shown(0), shown.is_shown(1), shown.is_shown(2)), (true, false, false));
    /// ```
    pub fn is_shown(&self, index: usize) -> bool {
        index < self.internal.len() && self.shown.get(index)
    }

    /// The headers shown, in order, as (name, value bytes).
    pub fn iter(&self) -> impl Iterator<Item = (&HeaderName, &[u8])> + '_ {
        shown_headers(&self.internal, &self.shown)
    }

    /// The number of headers shown.
    #[inline]
    pub fn len(&self) -> usize {
        self.shown.count()
    }

    /// Whether no header is shown.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether a header named `name` is shown.
    pub fn contains(&self, name: impl AsHeaderName) -> bool {
        self.iter().any(|(n, _)| name.is(n))
    }

    /// The shown values of `name`, in order.
    pub fn get_all<'a>(&'a self, name: &'a HeaderName) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.iter().filter(move |(n, _)| *n == name).map(|(_, v)| v)
    }

    /// [Get](https://fetch.spec.whatwg.org/#concept-header-list-get) `name`
    /// from the shown headers: `None` when none is shown, else their values
    /// joined with `", "`.
    pub fn get(&self, name: impl AsHeaderName) -> Option<Cow<'_, [u8]>> {
        self.internal.get_shown(&name, |i| self.shown.get(i))
    }

    /// The shown headers as a list of their own (a copy).
    pub fn to_list(&self) -> HeaderList {
        copy_shown(&self.internal, &self.shown)
    }

    /// The shown headers as the `Headers` iterator gives them
    /// ([`HeaderList::sort_and_combine`]).
    pub fn sort_and_combine(&self) -> Vec<(HeaderName, Vec<u8>)> {
        self.to_list().sort_and_combine()
    }

    /// The shown headers as an `http::HeaderMap` ([`HeaderList::to_header_map`]).
    pub fn to_header_map(&self) -> Result<http::HeaderMap, crate::FetchError> {
        self.to_list().to_header_map()
    }

    /// The internal response's header list, every header the network
    /// sent: for the user agent, never for script.
    pub fn internal(&self) -> &HeaderList {
        &self.internal
    }

    /// [`FilteredHeaders::internal`], owned.
    pub fn into_internal(self) -> HeaderList {
        self.internal
    }
}

/// What the basic filter shows of `headers`: every header whose name is
/// not a forbidden response-header name.
fn basic_marks(headers: &HeaderList) -> Marks {
    let mut shown = Marks::new(headers.len());
    for (i, name) in headers.names().enumerate() {
        if !is_forbidden_response_header_name(name) {
            shown.set(i);
        }
    }
    shown
}

/// The headers of `headers` at the positions `shown` marks, in order.
fn shown_headers<'a>(
    headers: &'a HeaderList,
    shown: &'a Marks,
) -> impl Iterator<Item = (&'a HeaderName, &'a [u8])> + 'a {
    headers
        .iter()
        .enumerate()
        .filter(|&(i, _)| shown.get(i))
        .map(|(_, header)| header)
}

/// [`shown_headers`] copied into a list of their own.
fn copy_shown(headers: &HeaderList, shown: &Marks) -> HeaderList {
    let mut list = HeaderList::with_capacity(shown.count());
    for (name, value) in shown_headers(headers, shown) {
        list.append(name.clone(), value);
    }
    list
}

impl From<HeaderList> for FilteredHeaders {
    fn from(headers: HeaderList) -> Self {
        FilteredHeaders::unfiltered(headers)
    }
}

/// Views are equal when they show the same headers in the same order,
/// whatever they hide.
impl PartialEq for FilteredHeaders {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for FilteredHeaders {}

/// The shown headers, as [`HeaderList`] prints them.
impl fmt::Debug for FilteredHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self
            .iter()
            .map(|(n, v)| (n.as_str(), String::from_utf8_lossy(v)));
        f.debug_list().entries(shown).finish()
    }
}

/// A response's [URL list](https://fetch.spec.whatwg.org/#concept-response-url-list),
/// read as a slice of URLs. Most responses followed no redirect, so a
/// single URL is kept in place, shared with the request it answered: the
/// list costs no allocation of its own, nor a copy of the URL.
///
/// ```
/// use fetch_cors::response::UrlList;
/// let a = url::Url::parse("https://a.example/").unwrap();
/// let b = url::Url::parse("https://b.example/").unwrap();
/// let one = UrlList::from(vec![a.clone()]);
/// assert_eq!(one.last(), Some(&a));
/// let two = UrlList::from(vec![a, b.clone()]);
/// assert_eq!((two.len(), two.last()), (2, Some(&b)));
/// assert!(UrlList::default().is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlList(UrlListRepr);

#[derive(Clone, Debug, PartialEq, Eq)]
enum UrlListRepr {
    /// Shared with the request, whose URL it is when no redirect was
    /// followed.
    One(Arc<Url>),
    Many(Vec<Url>),
}

impl Default for UrlList {
    fn default() -> Self {
        UrlList(UrlListRepr::Many(Vec::new()))
    }
}

impl From<Url> for UrlList {
    fn from(url: Url) -> Self {
        UrlList::from(Arc::new(url))
    }
}

impl From<Arc<Url>> for UrlList {
    fn from(url: Arc<Url>) -> Self {
        UrlList(UrlListRepr::One(url))
    }
}

impl From<Vec<Url>> for UrlList {
    fn from(urls: Vec<Url>) -> Self {
        match <[Url; 1]>::try_from(urls) {
            Ok([url]) => UrlList::from(url),
            Err(urls) => UrlList(UrlListRepr::Many(urls)),
        }
    }
}

impl std::ops::Deref for UrlList {
    type Target = [Url];

    fn deref(&self) -> &[Url] {
        match &self.0 {
            UrlListRepr::One(url) => std::slice::from_ref(url),
            UrlListRepr::Many(urls) => urls,
        }
    }
}

impl UrlList {
    /// The last URL (`Response.url`), taken out of the list: without a
    /// copy when the list is the only holder of it.
    ///
    /// ```
    /// use fetch_cors::response::UrlList;
    /// let list = UrlList::from(vec!["https://a.example/".parse().unwrap(), "https://b.example/".parse().unwrap()]);
    /// assert_eq!(list.into_last().unwrap().as_str(), "https://b.example/");
    /// ```
    pub fn into_last(self) -> Option<url::Url> {
        match self.0 {
            UrlListRepr::One(url) => Some(Arc::unwrap_or_clone(url)),
            UrlListRepr::Many(mut urls) => urls.pop(),
        }
    }
}

impl Response {
    /// `Response.url`: the last URL, or `None` for an opaque response.
    pub fn url(&self) -> Option<&Url> {
        self.url_list.last()
    }

    /// `Response.redirected`: whether a redirect was followed.
    pub fn redirected(&self) -> bool {
        self.url_list.len() > 1
    }

    /// The headers as the `Headers` iterator shows them: names lowercased
    /// and sorted, values of a name joined with `", "`.
    pub fn visible_headers(&self) -> Vec<(HeaderName, Vec<u8>)> {
        self.headers.sort_and_combine()
    }
}

/// The [CORS-exposed header-name list](https://fetch.spec.whatwg.org/#concept-response-cors-exposed-header-name-list)
/// main fetch sets for a CORS response from `Access-Control-Expose-Headers`:
/// `*` means every name unless credentials are included; a header that does
/// not parse exposes nothing (the fetch still succeeds).
pub fn cors_exposed_header_names(
    headers: &HeaderList,
    credentials: CredentialsMode,
) -> ExposedHeaders {
    match expose_list(headers, credentials) {
        ExposeList::None => ExposedHeaders::None,
        ExposeList::All => ExposedHeaders::All,
        ExposeList::Names(names) => {
            ExposedHeaders::Names(names.iter().map(|&n| n.into()).collect())
        }
    }
}

/// [`cors_exposed_header_names`]'s decision, the names borrowed from the
/// response: what both it and main fetch's filter keep, in their forms.
enum ExposeList<'a> {
    None,
    All,
    Names(TokenList<'a>),
}

// In line: out of line its list of names was moved out to the filter.
#[inline(always)]
fn expose_list(headers: &HeaderList, credentials: CredentialsMode) -> ExposeList<'_> {
    let mut names = TokenList::new();
    let mut star = false;
    let parsed = for_each_token(headers, &ACCESS_CONTROL_EXPOSE_HEADERS, |item| {
        star |= item == b"*";
        names.push(item);
    });
    match parsed {
        Some(Ok(())) if credentials != CredentialsMode::Include && star => ExposeList::All,
        Some(Ok(())) => ExposeList::Names(names),
        // Null leaves the list empty; so does failure ("neither null nor
        // failure" is the intent of the step, whatwg/fetch bec03e6).
        None | Some(Err(_)) => ExposeList::None,
    }
}

/// The headers of a [basic filtered response](https://fetch.spec.whatwg.org/#concept-filtered-response-basic),
/// copied ([`FilteredHeaders::basic`] is the view).
pub fn basic_filtered_headers(headers: &HeaderList) -> HeaderList {
    copy_shown(headers, &basic_marks(headers))
}

/// The headers of a [CORS filtered response](https://fetch.spec.whatwg.org/#concept-filtered-response-cors).
pub fn cors_filtered_headers(headers: &HeaderList, exposed: &ExposedHeaders) -> HeaderList {
    let exposed = match exposed {
        ExposedHeaders::None => Exposed::None,
        ExposedHeaders::All => Exposed::All,
        ExposedHeaders::Names(names) => {
            Exposed::Listed(ListedNames::new(names.iter().map(|n| &n[..]).collect()))
        }
    };
    copy_shown(headers, &exposed.marks(headers))
}

/// Main fetch's CORS filter: `headers` shown as [`cors_filtered_headers`]
/// would copy them for [`cors_exposed_header_names`], without copying or
/// moving a name or a value.
pub(crate) fn cors_filter(headers: HeaderList, credentials: CredentialsMode) -> FilteredHeaders {
    // Decide while the list is borrowed (the listed names are slices of
    // it); the view then keeps the list as it came.
    let exposed = match expose_list(&headers, credentials) {
        ExposeList::None => Exposed::None,
        ExposeList::All => Exposed::All,
        ExposeList::Names(names) => Exposed::Listed(names.into()),
    };
    let shown = exposed.marks(&headers);
    drop(exposed);
    FilteredHeaders {
        internal: headers,
        shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(pairs: &[(&str, &str)]) -> HeaderList {
        HeaderList::try_from_pairs(pairs.iter().copied()).unwrap()
    }

    fn names(l: &HeaderList) -> Vec<&str> {
        l.iter().map(|(n, _)| n.as_str()).collect()
    }

    const RESPONSE: &[(&str, &str)] = &[
        ("Content-Type", "text/plain"),
        ("X-A", "1"),
        ("X-B", "2"),
        ("Set-Cookie", "a=b"),
        ("Cache-Control", "no-store"),
    ];

    /// Every subset of lists of up to 8 headers (a name repeated, empty
    /// values), and subsets of a 70-header list (past the 64 bits kept in
    /// place): the view shows exactly the marked headers, in order, and
    /// every reader (`iter`, `len`, `get`, `get_all`, `contains`,
    /// `to_list`) agrees with a list rebuilt from them; the internal list
    /// is untouched.
    #[test]
    fn a_view_shows_exactly_the_marked_headers() {
        let pool = ["", "a", "bc", "", "defg", "h", "ijklmnop", "q"];
        let check = |n: usize, kept: &dyn Fn(usize) -> bool| {
            let names: Vec<String> = (0..n).map(|i| format!("x-{}", i % 3)).collect();
            let pairs: Vec<(&str, &str)> =
                (0..n).map(|i| (&names[i][..], pool[(i * 5) % 8])).collect();
            let all = list(&pairs);
            let expected = list(
                &(0..n)
                    .filter(|&i| kept(i))
                    .map(|i| pairs[i])
                    .collect::<Vec<_>>(),
            );
            let mut shown = Marks::new(n);
            (0..n).filter(|&i| kept(i)).for_each(|i| shown.set(i));
            let view = FilteredHeaders {
                internal: all.clone(),
                shown,
            };
            assert!(view.iter().eq(expected.iter()), "n {n}");
            assert_eq!(view.len(), expected.len());
            assert_eq!(view.is_empty(), expected.is_empty());
            assert_eq!(view.to_list(), expected);
            assert_eq!(view, FilteredHeaders::unfiltered(expected.clone()));
            for name in ["x-0", "x-1", "x-2", "x-3"] {
                assert_eq!(view.get(name), expected.get(name), "n {n}, {name}");
                assert_eq!(view.contains(name), expected.contains(name));
                let name = HeaderName::from_static(name);
                assert!(view.get_all(&name).eq(expected.get_all(&name)));
            }
            assert_eq!(view.internal(), &all);
        };
        for n in 0..=8 {
            for mask in 0u32..1 << n {
                check(n, &|i| mask >> i & 1 == 1);
            }
        }
        for step in [1, 2, 3, 7, 71] {
            check(70, &|i| i % step == 0);
        }
    }

    #[test]
    fn views_that_show_all_or_nothing() {
        for n in [0, 1, 63, 64, 65, 130] {
            let names: Vec<String> = (0..n).map(|i| format!("x-{i}")).collect();
            let l = list(&names.iter().map(|n| (&n[..], "v")).collect::<Vec<_>>());
            let all = FilteredHeaders::unfiltered(l.clone());
            assert_eq!((all.len(), all.to_list()), (n, l.clone()), "n {n}");
            let none = FilteredHeaders::hidden(l.clone());
            assert!(none.is_empty() && none.iter().next().is_none(), "n {n}");
            assert!(
                none.to_list().is_empty() && none.get(names.last().map_or("x", |l| l)).is_none()
            );
            // Hiding a long list allocates no marks.
            assert!(matches!(none.shown, Marks::Few(0)));
            assert_eq!(none.internal(), &l);
            assert_eq!(FilteredHeaders::basic(l.clone()), all);
        }
    }

    /// The CORS filter main fetch runs (a view) shows what the copying
    /// filter copies, for every way `Access-Control-Expose-Headers` can
    /// go, and with more headers than fit the in-place bits.
    #[test]
    fn cors_filter_view_agrees_with_the_copying_filter() {
        let many: Vec<String> = (0..80).map(|i| format!("x-{i}")).collect();
        let mut long: Vec<(&str, &str)> = many.iter().map(|n| (&n[..], "v")).collect();
        long.push(("Access-Control-Expose-Headers", "x-3, x-77, set-cookie"));
        for expose in [
            None,
            Some("x-a"),
            Some("*"),
            Some("x-b, *"),
            Some("x-a,,"),
            Some("x a"),
            Some("set-cookie, x-b"),
        ] {
            for credentials in [CredentialsMode::Include, CredentialsMode::SameOrigin] {
                let mut l = list(RESPONSE);
                if let Some(expose) = expose {
                    l.try_append("Access-Control-Expose-Headers", expose)
                        .unwrap();
                }
                for l in [l, list(&long)] {
                    let exposed = cors_exposed_header_names(&l, credentials);
                    let view = cors_filter(l.clone(), credentials);
                    assert_eq!(
                        view.to_list(),
                        cors_filtered_headers(&l, &exposed),
                        "{expose:?}"
                    );
                    assert_eq!(view.internal(), &l);
                }
            }
        }
    }

    #[test]
    fn basic_filter_drops_set_cookie_only() {
        let l = list(RESPONSE);
        assert_eq!(
            names(&basic_filtered_headers(&l)),
            ["content-type", "x-a", "x-b", "cache-control"]
        );
    }

    #[test]
    fn cors_filter_with_expose_headers() {
        let mut l = list(RESPONSE);
        l.try_append("Access-Control-Expose-Headers", "x-a")
            .unwrap();
        let exposed = cors_exposed_header_names(&l, CredentialsMode::SameOrigin);
        assert_eq!(
            names(&cors_filtered_headers(&l, &exposed)),
            ["content-type", "x-a", "cache-control"]
        );
    }

    #[test]
    fn expose_star_means_all_only_without_credentials() {
        let mut l = list(RESPONSE);
        l.try_append("Access-Control-Expose-Headers", "*").unwrap();
        let all = cors_exposed_header_names(&l, CredentialsMode::Omit);
        assert_eq!(all, ExposedHeaders::All);
        assert_eq!(
            names(&cors_filtered_headers(&l, &all)),
            [
                "content-type",
                "x-a",
                "x-b",
                "cache-control",
                "access-control-expose-headers"
            ]
        );
        let include = cors_exposed_header_names(&l, CredentialsMode::Include);
        assert_eq!(
            names(&cors_filtered_headers(&l, &include)),
            ["content-type", "cache-control"]
        );
    }

    #[test]
    fn malformed_expose_headers_exposes_nothing_extra() {
        let mut l = list(RESPONSE);
        l.try_append("Access-Control-Expose-Headers", "x-a, bad header")
            .unwrap();
        let exposed = cors_exposed_header_names(&l, CredentialsMode::Omit);
        assert_eq!(exposed, ExposedHeaders::None);
        assert_eq!(
            names(&cors_filtered_headers(&l, &exposed)),
            ["content-type", "cache-control"]
        );
    }

    #[test]
    fn set_cookie_cannot_be_exposed() {
        let mut l = list(RESPONSE);
        l.try_append("Access-Control-Expose-Headers", "Set-Cookie")
            .unwrap();
        let exposed = cors_exposed_header_names(&l, CredentialsMode::Omit);
        assert!(!names(&cors_filtered_headers(&l, &exposed)).contains(&"set-cookie"));
    }
}
