//! Responses ([`#responses`](https://fetch.spec.whatwg.org/#responses)) and
//! the [filtered responses](https://fetch.spec.whatwg.org/#concept-filtered-response)
//! script may see.

use std::fmt;

use http::header::{HeaderName, ACCESS_CONTROL_EXPOSE_HEADERS};
use http::StatusCode;
use url::Url;

use crate::headers::names::{ListedNames, Marks};
use crate::headers::parse::{extract_token_list, for_each_token, TokenList};
use crate::headers::response::{
    is_forbidden_response_header_name, response_name_class, ExposedHeaders, ResponseNameClass,
};
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
    /// The headers script may read, in the network's order.
    pub headers: HeaderList,
    /// The URL list (fragments removed); empty for an opaque response.
    pub url_list: UrlList,
}

/// A response's [URL list](https://fetch.spec.whatwg.org/#concept-response-url-list),
/// read as a slice of URLs. Most responses followed no redirect, so a
/// single URL is kept in place: the list costs no allocation of its own.
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
    One(Url),
    Many(Vec<Url>),
}

impl Default for UrlList {
    fn default() -> Self {
        UrlList(UrlListRepr::Many(Vec::new()))
    }
}

impl From<Url> for UrlList {
    fn from(url: Url) -> Self {
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
    match extract_token_list(headers, &ACCESS_CONTROL_EXPOSE_HEADERS) {
        Some(Ok(names)) => {
            if credentials != CredentialsMode::Include && names.iter().any(|n| *n == b"*") {
                ExposedHeaders::All
            } else {
                ExposedHeaders::Names(names.into_iter().map(Box::from).collect())
            }
        }
        // Null leaves the list empty; so does failure ("neither null nor
        // failure" is the intent of the step, whatwg/fetch bec03e6).
        None | Some(Err(_)) => ExposedHeaders::None,
    }
}

/// The headers of a [basic filtered response](https://fetch.spec.whatwg.org/#concept-filtered-response-basic).
pub fn basic_filtered_headers(headers: &HeaderList) -> HeaderList {
    let mut out = headers.clone();
    out.retain(|name, _| !is_forbidden_response_header_name(name));
    out
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
    let mut out = HeaderList::with_capacity(headers.len());
    for (name, value) in headers.iter() {
        if exposed.shows(name) {
            out.append(name.clone(), value);
        }
    }
    out
}

/// Main fetch's CORS filter, in place: leaves in `headers` what
/// [`cors_filtered_headers`] would return for [`cors_exposed_header_names`],
/// without copying a name or a value.
pub(crate) fn cors_filter_in_place(headers: &mut HeaderList, credentials: CredentialsMode) {
    // Decide while the list is borrowed (the listed names are slices of
    // it), then drop in place.
    let mut listed = TokenList::new();
    let mut star = false;
    let parsed = for_each_token(headers, &ACCESS_CONTROL_EXPOSE_HEADERS, |item| {
        star |= item == b"*";
        listed.push(item);
    });
    let exposed = match parsed {
        Some(Ok(())) if credentials != CredentialsMode::Include && star => Exposed::All,
        Some(Ok(())) => Exposed::Listed(listed.into()),
        None | Some(Err(_)) => Exposed::None,
    };
    let mut keep = Marks::new(headers.len());
    for (i, name) in headers.names().enumerate() {
        if exposed.shows(name) {
            keep.set(i);
        }
    }
    drop(exposed);
    headers.keep_positions(|i| keep.get(i));
}

/// A CORS-exposed header-name list, borrowed from the response. The server
/// sends both the headers and the list, so names are looked up in a
/// [`ListedNames`]: n headers against n names must not cost n² (a 10,000
/// header response took seconds; tests/hostile.rs).
enum Exposed<'a> {
    None,
    All,
    Listed(ListedNames<'a>),
}

impl Exposed<'_> {
    /// Whether `name` is a CORS-safelisted response-header name
    /// ([`crate::headers::response::is_cors_safelisted_response_header_name`], with the name looked
    /// at once and the list only read for names the fixed rules leave
    /// open).
    #[inline]
    fn shows(&self, name: &HeaderName) -> bool {
        // The name's bytes once: for a standard name `as_str` is a lookup.
        let bytes = name.as_str().as_bytes();
        match response_name_class(bytes) {
            ResponseNameClass::AlwaysSafelisted => true,
            ResponseNameClass::Forbidden => false,
            ResponseNameClass::Other => match self {
                Exposed::None => false,
                Exposed::All => true,
                Exposed::Listed(listed) => listed.contains(bytes),
            },
        }
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
