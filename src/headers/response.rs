//! Response-header classes ([`#terminology-headers`](https://fetch.spec.whatwg.org/#terminology-headers)).

use http::header::HeaderName;

use super::known::Known;

/// Whether `name` is a [forbidden response-header name](https://fetch.spec.whatwg.org/#forbidden-response-header-name):
/// `Set-Cookie` or `Set-Cookie2`.
pub fn is_forbidden_response_header_name(name: &HeaderName) -> bool {
    Known::of(name).is_forbidden_response_name()
}

/// The [CORS-safelisted response-header name](https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name)
/// rule for a name that is `known`: one of the seven fixed names, or, if
/// it is not forbidden, whatever `listed` says of the exposed list (only
/// asked when the fixed rules leave it open).
pub(crate) fn is_safelisted_response_name(known: Known, listed: impl FnOnce() -> bool) -> bool {
    known.is_always_exposed() || (!known.is_forbidden_response_name() && listed())
}

/// Which names a CORS response exposes beyond the fixed seven: the
/// response's [CORS-exposed header-name list](https://fetch.spec.whatwg.org/#concept-response-cors-exposed-header-name-list).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum ExposedHeaders {
    /// Nothing beyond the fixed seven (no header, or a malformed one).
    #[default]
    None,
    /// `*` without credentials: every name in the response.
    All,
    /// The listed names, as the server spelled them.
    Names(Vec<Box<[u8]>>),
}

/// Whether `name` is a [CORS-safelisted response-header name](https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name)
/// given the exposed list: one of the seven fixed names, or an exposed name
/// that is not a forbidden response-header name.
///
/// ```
/// use fetch_cors::headers::response::{is_cors_safelisted_response_header_name, ExposedHeaders};
/// use http::header::{HeaderName, CONTENT_TYPE, SET_COOKIE};
/// let exposed = ExposedHeaders::Names(vec![b"X-A".to_vec().into(), b"set-cookie".to_vec().into()]);
/// assert!(is_cors_safelisted_response_header_name(&CONTENT_TYPE, &ExposedHeaders::None));
/// assert!(is_cors_safelisted_response_header_name(&HeaderName::from_static("x-a"), &exposed));
/// assert!(!is_cors_safelisted_response_header_name(&SET_COOKIE, &exposed));
/// ```
pub fn is_cors_safelisted_response_header_name(
    name: &HeaderName,
    exposed: &ExposedHeaders,
) -> bool {
    is_safelisted_response_name(Known::of(name), || match exposed {
        ExposedHeaders::None => false,
        ExposedHeaders::All => true,
        ExposedHeaders::Names(names) => names
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name.as_str().as_bytes())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(n: &str) -> HeaderName {
        HeaderName::from_bytes(n.as_bytes()).unwrap()
    }

    #[test]
    fn forbidden_response_header_names() {
        assert!(is_forbidden_response_header_name(&name("Set-Cookie")));
        assert!(is_forbidden_response_header_name(&name("set-cookie2")));
        assert!(!is_forbidden_response_header_name(&name("set-cookie3")));
    }

    #[test]
    fn the_seven_fixed_names_are_always_exposed() {
        for n in [
            "cache-control",
            "content-language",
            "content-length",
            "content-type",
            "expires",
            "last-modified",
            "pragma",
        ] {
            assert!(
                is_cors_safelisted_response_header_name(&name(n), &ExposedHeaders::None),
                "{n}"
            );
        }
        assert!(!is_cors_safelisted_response_header_name(
            &name("date"),
            &ExposedHeaders::None
        ));
    }

    #[test]
    fn set_cookie_is_never_exposed() {
        for exposed in [
            ExposedHeaders::All,
            ExposedHeaders::Names(vec![
                b"Set-Cookie".to_vec().into(),
                b"set-cookie2".to_vec().into(),
            ]),
        ] {
            assert!(!is_cors_safelisted_response_header_name(
                &name("set-cookie"),
                &exposed
            ));
            assert!(!is_cors_safelisted_response_header_name(
                &name("set-cookie2"),
                &exposed
            ));
        }
    }

    #[test]
    fn exposed_names_match_case_insensitively() {
        let exposed = ExposedHeaders::Names(vec![b"X-Custom".to_vec().into()]);
        assert!(is_cors_safelisted_response_header_name(
            &name("x-custom"),
            &exposed
        ));
        assert!(!is_cors_safelisted_response_header_name(
            &name("x-other"),
            &exposed
        ));
        assert!(is_cors_safelisted_response_header_name(
            &name("x-other"),
            &ExposedHeaders::All
        ));
    }
}
