//! Methods ([`#methods`](https://fetch.spec.whatwg.org/#methods)).
//!
//! Fetch compares methods byte for byte almost everywhere; only the forbidden
//! method check is case-insensitive, and only six methods are ever
//! uppercased. `http::Method::from_bytes(b"get")` yields an extension method
//! that is *not* `GET`, so the normalization is ours.

use http::Method;

/// A [CORS-safelisted method](https://fetch.spec.whatwg.org/#cors-safelisted-method):
/// `GET`, `HEAD` or `POST`, compared byte for byte.
///
/// ```
/// use fetch_cors::methods::is_cors_safelisted_method;
/// use http::Method;
/// assert!(is_cors_safelisted_method(&Method::POST));
/// assert!(!is_cors_safelisted_method(&Method::from_bytes(b"post").unwrap()));
/// ```
pub fn is_cors_safelisted_method(method: &Method) -> bool {
    *method == Method::GET || *method == Method::HEAD || *method == Method::POST
}

/// A [forbidden method](https://fetch.spec.whatwg.org/#forbidden-method):
/// a byte-case-insensitive match for `CONNECT`, `TRACE` or `TRACK`.
///
/// ```
/// use fetch_cors::methods::is_forbidden_method;
/// assert!(is_forbidden_method(b"tRaCk"));
/// assert!(!is_forbidden_method(b"PATCH"));
/// ```
pub fn is_forbidden_method(method: &[u8]) -> bool {
    [&b"CONNECT"[..], b"TRACE", b"TRACK"]
        .iter()
        .any(|forbidden| method.eq_ignore_ascii_case(forbidden))
}

/// [Normalize](https://fetch.spec.whatwg.org/#concept-method-normalize) a
/// method: a byte-case-insensitive match for `DELETE`, `GET`, `HEAD`,
/// `OPTIONS`, `POST` or `PUT` is uppercased; anything else (notably `patch`)
/// is kept as it is.
///
/// ```
/// use fetch_cors::methods::normalize_method;
/// use http::Method;
/// let patch = Method::from_bytes(b"patch").unwrap();
/// assert_eq!(normalize_method(patch.clone()), patch);
/// assert_eq!(normalize_method(Method::from_bytes(b"dElEtE").unwrap()), Method::DELETE);
/// ```
pub fn normalize_method(method: Method) -> Method {
    const NORMALIZED: [Method; 6] = [
        Method::DELETE,
        Method::GET,
        Method::HEAD,
        Method::OPTIONS,
        Method::POST,
        Method::PUT,
    ];
    // `http` parses the six, written in capitals, to its own variants,
    // which compare without looking at bytes: script's usual spelling
    // costs one comparison per method.
    if NORMALIZED.contains(&method) {
        return method;
    }
    NORMALIZED
        .into_iter()
        .find(|known| known.as_str().eq_ignore_ascii_case(method.as_str()))
        .unwrap_or(method)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Method {
        Method::from_bytes(s.as_bytes()).unwrap()
    }

    #[test]
    fn cors_safelisted_method_is_byte_exact() {
        for safe in ["GET", "HEAD", "POST"] {
            assert!(is_cors_safelisted_method(&m(safe)), "{safe}");
        }
        for unsafe_ in ["get", "Post", "PUT", "PATCH", "OPTIONS", "head"] {
            assert!(!is_cors_safelisted_method(&m(unsafe_)), "{unsafe_}");
        }
    }

    #[test]
    fn forbidden_method_is_case_insensitive() {
        for f in ["CONNECT", "connect", "Trace", "tRaCk", "TRACK"] {
            assert!(is_forbidden_method(f.as_bytes()), "{f}");
        }
        for ok in ["PATCH", "TRACES", "CONNEC", "GET", ""] {
            assert!(!is_forbidden_method(ok.as_bytes()), "{ok}");
        }
    }

    #[test]
    fn normalize_uppercases_only_the_six() {
        assert_eq!(normalize_method(m("delete")), Method::DELETE);
        assert_eq!(normalize_method(m("Options")), Method::OPTIONS);
        assert_eq!(normalize_method(m("pOsT")), Method::POST);
        assert_eq!(normalize_method(m("put")), Method::PUT);
        assert_eq!(normalize_method(m("patch")).as_str(), "patch");
        assert_eq!(normalize_method(m("PATCH")).as_str(), "PATCH");
        assert_eq!(normalize_method(m("CHICKEN")).as_str(), "CHICKEN");
        assert_eq!(normalize_method(m("eGg")).as_str(), "eGg");
    }
}
