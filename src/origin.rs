//! [Same origin](https://html.spec.whatwg.org/multipage/browsers.html#same-origin)
//! for URLs, compared in place.
//!
//! Fetch compares a URL's origin with the request's origin or with another
//! URL's on every hop (main fetch's switch, the referrer policy, the
//! redirect steps, redirect-taint). `Url::origin` allocates the scheme and
//! host of the origin it returns, so the tuple cases, which are every
//! HTTP(S) URL, compare the URL's own parts instead; the answers are
//! `Url::origin`'s (the tests check them against it).

use url::{Host, Origin, Url};

/// Whether `url`'s origin is a tuple (scheme, host, port) made of its own
/// parts: the schemes for which `Url::origin` builds one. (A `blob:` URL's
/// tuple origin is its inner URL's.)
fn has_tuple_scheme(url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https" | "ws" | "wss" | "ftp")
}

/// Whether `url`'s origin is the request's `origin`, whose ASCII
/// serialization is `serialized`: what main fetch asks of every request it
/// sends, so the usual case is one comparison of bytes.
pub(crate) fn url_has_origin(url: &Url, origin: &Origin, serialized: &str) -> bool {
    if origin.is_tuple() && has_tuple_scheme(url) {
        // A tuple origin serializes as `scheme://host[:port]`, the port
        // only when it is not the scheme's default, which is how the URL
        // writes them too (it drops a default port when parsed), followed
        // by the path's `/` unless there is user info: the same bytes
        // exactly when the same origin.
        let rest = url.as_str().strip_prefix(serialized);
        if rest.is_some_and(|path| path.starts_with('/')) {
            return true;
        }
        if url.username().is_empty() && url.password().is_none() {
            return false;
        }
    }
    has_origin(url, origin)
}

/// Whether `url`'s origin is `origin` (`url.origin() == *origin`).
pub(crate) fn has_origin(url: &Url, origin: &Origin) -> bool {
    match origin {
        Origin::Tuple(scheme, host, port) if has_tuple_scheme(url) => {
            let host = match host {
                Host::Domain(domain) => Host::Domain(domain.as_str()),
                Host::Ipv4(address) => Host::Ipv4(*address),
                Host::Ipv6(address) => Host::Ipv6(*address),
            };
            has_tuple_origin(url, scheme, host, Some(*port))
        }
        // A blob: URL has its inner URL's origin; rare enough for the
        // general path.
        Origin::Tuple(..) => url.scheme() == "blob" && url.origin() == *origin,
        // Any other URL's origin is a new opaque origin, equal to nothing.
        Origin::Opaque(_) => false,
    }
}

/// Whether `a` and `b` are same origin (`a.origin() == b.origin()`).
pub(crate) fn same_origin(a: &Url, b: &Url) -> bool {
    if has_tuple_scheme(a) && has_tuple_scheme(b) {
        // A URL writes its host canonically and drops a default port when
        // parsed, so with the same scheme, the same host text and explicit
        // port exactly when the same host and port.
        a.scheme() == b.scheme() && a.host_str() == b.host_str() && a.port() == b.port()
    } else {
        a.origin() == b.origin()
    }
}

/// Whether `url`'s origin is the tuple origin (`scheme`, `host`, `port`),
/// for a URL whose origin is made of its own parts: same origin for tuples
/// is the same scheme, host and port, a default port written out or not.
fn has_tuple_origin(url: &Url, scheme: &str, host: Host<&str>, port: Option<u16>) -> bool {
    url.scheme() == scheme && url.host() == Some(host) && url.port_or_known_default() == port
}

#[cfg(test)]
mod tests {
    use super::*;

    /// HTTP(S) URLs that differ from `https://app.example/` in one part
    /// at a time: case, default and explicit ports, user info, IP hosts,
    /// IDNA.
    const HTTP_URLS: [&str; 13] = [
        "https://app.example/x?y#z",
        "https://APP.example:443/other",
        "https://app.example:444/",
        "https://user:pw@app.example/",
        "http://app.example/",
        "http://app.example:80/",
        "http://app.example:443/",
        "https://sub.app.example/",
        "https://app.example./",
        "https://127.0.0.1/",
        "https://[::1]:8443/",
        "https://xn--bcher-kva.example/",
        "https://bücher.example/",
    ];

    /// URLs of the other kinds: tuple origins of other schemes, a `blob:`
    /// URL (its inner URL's origin), opaque ones.
    const OTHER_URLS: [&str; 6] = [
        "wss://app.example/",
        "ftp://app.example:21/",
        "blob:https://app.example/uuid",
        "data:text/plain,x",
        "file:///etc/hosts",
        "foo://app.example/",
    ];

    fn urls() -> Vec<Url> {
        HTTP_URLS
            .iter()
            .chain(&OTHER_URLS)
            .map(|u| Url::parse(u).unwrap())
            .collect()
    }

    /// The in-place comparisons of a URL with an origin against
    /// `Url::origin`, for every URL and origin of sets that differ in one
    /// part at a time: case, default and explicit ports, user info, IP
    /// hosts, IDNA, schemes.
    #[test]
    fn url_and_origin_comparisons_agree_with_url_origin() {
        let origins = [
            "https://app.example",
            "https://app.example:444",
            "http://app.example",
            "http://app.example:443",
            "https://127.0.0.1",
            "https://[::1]:8443",
            "https://xn--bcher-kva.example",
            "wss://app.example",
            "ftp://app.example",
            "null",
        ];
        for origin in origins {
            let parsed = crate::request::parse_origin(origin).unwrap();
            let serialized = parsed.ascii_serialization();
            for url in urls() {
                let expected = url.origin() == parsed;
                assert_eq!(
                    has_origin(&url, &parsed),
                    expected,
                    "{url} against {origin}"
                );
                assert_eq!(
                    url_has_origin(&url, &parsed, &serialized),
                    expected && parsed.is_tuple(),
                    "{url} against {origin}"
                );
            }
        }
    }

    /// The in-place comparison of two URLs against `Url::origin`, for
    /// every pair of the same set.
    #[test]
    fn same_origin_agrees_with_url_origin() {
        let urls = urls();
        for a in &urls {
            for b in &urls {
                assert_eq!(same_origin(a, b), a.origin() == b.origin(), "{a} {b}");
            }
        }
    }
}
