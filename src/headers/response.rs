//! Response-header classes ([`#terminology-headers`](https://fetch.spec.whatwg.org/#terminology-headers)).

use http::header::HeaderName;

use super::names::{ListedNames, Marks};
use super::HeaderList;

/// Whether `name` is a [forbidden response-header name](https://fetch.spec.whatwg.org/#forbidden-response-header-name):
/// `Set-Cookie` or `Set-Cookie2`.
pub fn is_forbidden_response_header_name(name: &HeaderName) -> bool {
    response_name_class(name.as_str().as_bytes()) == ResponseNameClass::Forbidden
}

/// What the CORS filter needs to know of a response-header name before it
/// looks at the exposed list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ResponseNameClass {
    /// One of the seven names exposed on every CORS response.
    AlwaysSafelisted,
    /// `Set-Cookie` or `Set-Cookie2`: never exposed.
    Forbidden,
    /// Exposed only when listed (or by `*`).
    Other,
}

/// Classifies a response-header name in one look at its bytes (as
/// `HeaderName::as_str` gives them): the filter asks this of every response
/// header. `HeaderName`s are lowercase, so the comparison is exact; the
/// length picks the one or two candidates.
pub(crate) fn response_name_class(n: &[u8]) -> ResponseNameClass {
    use ResponseNameClass::{AlwaysSafelisted, Forbidden, Other};
    let always = match n.len() {
        6 => n == b"pragma",
        7 => n == b"expires",
        10 => return if n == b"set-cookie" { Forbidden } else { Other },
        11 => {
            return if n == b"set-cookie2" {
                Forbidden
            } else {
                Other
            }
        }
        12 => n == b"content-type",
        13 => n == b"cache-control" || n == b"last-modified",
        14 => n == b"content-length",
        16 => n == b"content-language",
        _ => false,
    };
    if always {
        AlwaysSafelisted
    } else {
        Other
    }
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
    let exposed = match exposed {
        ExposedHeaders::None => Exposed::None,
        ExposedHeaders::All => Exposed::All,
        // One name asked about: scanning beats building a lookup.
        ExposedHeaders::Names(names) => Exposed::Scanned(names),
    };
    exposed.shows(name)
}

/// A CORS-exposed header-name list in the form a caller has it, for
/// [`Exposed::shows`]: the one place that decides a CORS-safelisted
/// response-header name.
pub(crate) enum Exposed<'a> {
    None,
    All,
    /// Looked up by name: the filter asks about every header of a response
    /// whose server also sent the list, so n headers against n names must
    /// not cost n² (a 10,000-header response took seconds;
    /// tests/hostile.rs).
    Listed(ListedNames<'a>),
    /// Scanned, for a single question.
    Scanned(&'a [Box<[u8]>]),
}

impl Exposed<'_> {
    /// Marks the headers of `headers` this list shows.
    pub(crate) fn marks(&self, headers: &HeaderList) -> Marks {
        let mut shown = Marks::new(headers.len());
        for (i, name) in headers.names().enumerate() {
            if self.shows(name) {
                shown.set(i);
            }
        }
        shown
    }

    /// Whether `name` is a [CORS-safelisted response-header name](https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name)
    /// for this list: one of the seven fixed names, or a listed (or `*`)
    /// name that is not forbidden. The list is only read for names the
    /// fixed rules leave open.
    // Always in line: the filter calls it for every header, and with a
    // second caller the compiler kept it out of line (a call per header).
    #[inline(always)]
    pub(crate) fn shows(&self, name: &HeaderName) -> bool {
        // The name's bytes once: for a standard name `as_str` is a lookup.
        let bytes = name.as_str().as_bytes();
        match response_name_class(bytes) {
            ResponseNameClass::AlwaysSafelisted => true,
            ResponseNameClass::Forbidden => false,
            ResponseNameClass::Other => match self {
                Exposed::None => false,
                Exposed::All => true,
                // `HeaderName`s are lowercase: only the list is folded.
                Exposed::Listed(listed) => listed.contains_lowercase(bytes),
                Exposed::Scanned(names) => names.iter().any(|n| n.eq_ignore_ascii_case(bytes)),
            },
        }
    }
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
