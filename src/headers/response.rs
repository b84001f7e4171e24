//! Response-header classes ([`#terminology-headers`](https://fetch.spec.whatwg.org/#terminology-headers)).

use http::header::{
    HeaderName, CACHE_CONTROL, CONTENT_LANGUAGE, CONTENT_LENGTH, CONTENT_TYPE, EXPIRES,
    LAST_MODIFIED, PRAGMA, SET_COOKIE,
};

use super::names::{ListedNames, Marks};
use super::HeaderList;

/// Whether `name` is a [forbidden response-header name](https://fetch.spec.whatwg.org/#forbidden-response-header-name):
/// `Set-Cookie` or `Set-Cookie2`.
pub fn is_forbidden_response_header_name(name: &HeaderName) -> bool {
    name == SET_COOKIE || name.as_str() == "set-cookie2"
}

/// Whether `name` is one of the seven names a CORS response always
/// exposes (the first list of [CORS-safelisted response-header name](https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name)).
///
/// All seven are names `http` knows, and it makes every `HeaderName` it
/// knows (whatever the case it was given in) its standard one, so each test
/// compares a tag rather than bytes: the filter asks this of every header.
#[inline(always)]
fn is_always_exposed(name: &HeaderName) -> bool {
    name == CACHE_CONTROL
        || name == CONTENT_LANGUAGE
        || name == CONTENT_LENGTH
        || name == CONTENT_TYPE
        || name == EXPIRES
        || name == LAST_MODIFIED
        || name == PRAGMA
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
    match exposed {
        ExposedHeaders::None => is_safelisted(name, |_| false),
        ExposedHeaders::All => is_safelisted(name, |_| true),
        // One name asked about: scanning beats building a lookup.
        ExposedHeaders::Names(names) => is_safelisted(name, |name| {
            let bytes = name.as_str().as_bytes();
            names.iter().any(|n| n.eq_ignore_ascii_case(bytes))
        }),
    }
}

/// A CORS-exposed header-name list in the form the CORS filter has it, for
/// [`Exposed::marks`].
pub(crate) enum Exposed<'a> {
    None,
    All,
    /// Looked up by name: the filter asks about every header of a response
    /// whose server also sent the list, so n headers against n names must
    /// not cost n² (a 10,000-header response took seconds;
    /// tests/hostile.rs).
    Listed(ListedNames<'a>),
}

impl Exposed<'_> {
    /// Marks the headers of `headers` whose names are [CORS-safelisted response-header names](https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name)
    /// for this list.
    pub(crate) fn marks(&self, headers: &HeaderList) -> Marks {
        // One loop for each form of the list, so that the test of each
        // header does not first ask which form it is.
        match self {
            Exposed::None => mark(headers, |_| false),
            Exposed::All => mark(headers, |_| true),
            // `HeaderName`s are lowercase: only the list is folded.
            Exposed::Listed(listed) => mark(headers, |name| {
                listed.contains_lowercase(name.as_str().as_bytes())
            }),
        }
    }
}

/// Marks the headers whose names [`is_safelisted`] with `listed`.
// Always in line, so each form of the list gets its own loop.
#[inline(always)]
fn mark(headers: &HeaderList, listed: impl Fn(&HeaderName) -> bool) -> Marks {
    let mut shown = Marks::new(headers.len());
    for (i, name) in headers.names().enumerate() {
        if is_safelisted(name, &listed) {
            shown.set(i);
        }
    }
    shown
}

/// Whether `name` is a [CORS-safelisted response-header name](https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name)
/// when `listed` says whether the exposed list names it (or is `*`): one of
/// the seven fixed names, or a listed name that is not forbidden. The list
/// is only read for names the fixed rules leave open. The one place that
/// decides it.
// Always in line: the filter asks it of every header.
#[inline(always)]
fn is_safelisted(name: &HeaderName, listed: impl Fn(&HeaderName) -> bool) -> bool {
    // A forbidden name is never exposed, but it can only matter once the
    // list has it: tested last.
    is_always_exposed(name) || (listed(name) && !is_forbidden_response_header_name(name))
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
            // In any case: `http` makes every spelling its standard name.
            for n in [n.to_owned(), n.to_ascii_uppercase()] {
                assert!(
                    is_cors_safelisted_response_header_name(&name(&n), &ExposedHeaders::None),
                    "{n}"
                );
            }
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
