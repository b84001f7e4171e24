//! Request-header classes ([`#terminology-headers`](https://fetch.spec.whatwg.org/#terminology-headers)).

use http::header::{self, HeaderName};

use super::inline_vec::InlineVec;
use super::parse::{get_decode_split, parse_single_range};
use super::{any_byte_in, HeaderList};
use crate::methods::is_forbidden_method;
use crate::mime::{has_essence, parse_mime_type_essence};

/// The longest value a CORS-safelisted request-header may have.
pub const SAFELISTED_VALUE_MAX: usize = 128;

/// Above this many bytes of safelisted values in total, they all count as
/// CORS-unsafe ([`#cors-unsafe-request-header-names`](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names)).
pub const SAFELISTED_TOTAL_MAX: usize = 1024;

/// [CORS-unsafe request-header byte](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte)
/// as a table: bytes below 0x20 other than HT, `"():<>?@[\]{}` and DEL.
const CORS_UNSAFE_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b != 0x09;
        b += 1;
    }
    let delimiters = b"\"():<>?@[\\]{}\x7f";
    let mut i = 0;
    while i < delimiters.len() {
        table[delimiters[i] as usize] = true;
        i += 1;
    }
    table
};

/// The bytes an `Accept-Language` or `Content-Language` value may not
/// hold to be safelisted: all but `0-9 A-Z a-z SP * , - . ; =`.
const NOT_LANGUAGE_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = !(c.is_ascii_alphanumeric()
            || matches!(c, b' ' | b'*' | b',' | b'-' | b'.' | b';' | b'='));
        b += 1;
    }
    table
};

/// Whether `b` is a [CORS-unsafe request-header byte](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte).
pub fn is_cors_unsafe_request_header_byte(b: u8) -> bool {
    CORS_UNSAFE_BYTE[usize::from(b)]
}

/// Whether (`name`, `value`) is a
/// [CORS-safelisted request-header](https://fetch.spec.whatwg.org/#cors-safelisted-request-header).
///
/// ```
/// use fetch_cors::headers::request::is_cors_safelisted_request_header;
/// use http::header::{ACCEPT, CONTENT_TYPE, RANGE};
/// assert!(is_cors_safelisted_request_header(&CONTENT_TYPE, b"TEXT/Plain"));
/// assert!(!is_cors_safelisted_request_header(&CONTENT_TYPE, b"application/json"));
/// assert!(is_cors_safelisted_request_header(&ACCEPT, &[b'a'; 128]));
/// assert!(!is_cors_safelisted_request_header(&ACCEPT, &[b'a'; 129]));
/// assert!(!is_cors_safelisted_request_header(&RANGE, b"bytes=-500"));
/// ```
pub fn is_cors_safelisted_request_header(name: &HeaderName, value: &[u8]) -> bool {
    failed_step(name, value).is_none()
}

/// A step of [`is_cors_safelisted_request_header`] that fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    ValueTooLong,
    UnsafeByte,
    MimeEssence,
    RangeForm,
    NotSafelistedName,
}

/// The steps of [CORS-safelisted request-header](https://fetch.spec.whatwg.org/#cors-safelisted-request-header),
/// once: which one (`name`, `value`) fails, if any. The decision and its
/// diagnosis ([`unsafe_reason`]) both read it.
#[inline]
fn failed_step(name: &HeaderName, value: &[u8]) -> Option<Step> {
    // 1. A value longer than 128 bytes is never safelisted.
    if value.len() > SAFELISTED_VALUE_MAX {
        return Some(Step::ValueTooLong);
    }
    let refused = |table: &[bool; 256]| any_byte_in(table, value).then_some(Step::UnsafeByte);
    // 2. By byte-lowercased name (a HeaderName is lowercase already).
    if *name == header::ACCEPT {
        refused(&CORS_UNSAFE_BYTE)
    } else if *name == header::ACCEPT_LANGUAGE || *name == header::CONTENT_LANGUAGE {
        refused(&NOT_LANGUAGE_BYTE)
    } else if *name == header::CONTENT_TYPE {
        // Must be "parse a MIME type", not the lenient "extract a MIME type".
        refused(&CORS_UNSAFE_BYTE).or_else(|| {
            // `text/plain` first: what a string body is sent as.
            let safelisted = [
                "text/plain",
                "application/x-www-form-urlencoded",
                "multipart/form-data",
            ]
            .into_iter()
            .any(|essence| has_essence(value, essence));
            (!safelisted).then_some(Step::MimeEssence)
        })
    } else if *name == header::RANGE {
        // Suffix ranges (no start) were never sent by browsers, so they are
        // not safelisted.
        let single = parse_single_range(value, false).is_some_and(|range| range.start.is_some());
        (!single).then_some(Step::RangeForm)
    } else {
        Some(Step::NotSafelistedName)
    }
}

/// Why a request header is not CORS-safelisted: which step of
/// [`is_cors_safelisted_request_header`] (or of the names' 1,024-byte
/// budget) it failed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(tag = "rule", rename_all = "kebab-case")
)]
pub enum UnsafeReason {
    /// Not `Accept`, `Accept-Language`, `Content-Language`,
    /// `Content-Type` or `Range`.
    NotSafelistedName,
    /// The value is longer than 128 bytes.
    ValueTooLong {
        /// Its length.
        len: usize,
    },
    /// The value holds a byte the name's rule refuses (a CORS-unsafe
    /// request-header byte; for the language headers, anything but
    /// `0-9 A-Z a-z SP * , - . ; =`).
    UnsafeByte {
        /// The first such byte.
        byte: u8,
    },
    /// A `Content-Type` whose MIME type is not
    /// `application/x-www-form-urlencoded`, `multipart/form-data` or
    /// `text/plain` (or does not parse).
    MimeEssence {
        /// The essence it has (`application/json`), lowercase; `None`
        /// when the value is no MIME type.
        essence: Option<String>,
    },
    /// A `Range` that is not one `bytes=start-` or `bytes=start-end`.
    RangeForm,
    /// Safelisted by itself, but the safelisted values of the list add up
    /// to more than 1,024 bytes.
    SafelistedTotal {
        /// Their total.
        total: usize,
    },
}

/// Why (`name`, `value`) is not a CORS-safelisted request-header, or
/// `None` when it is: the step of [`is_cors_safelisted_request_header`]
/// that failed, with what it saw.
///
/// ```
/// use fetch_cors::headers::request::{unsafe_reason, UnsafeReason};
/// use http::header::{CONTENT_TYPE, HeaderName};
/// let json = UnsafeReason::MimeEssence { essence: Some("application/json".into()) };
/// assert_eq!(unsafe_reason(&CONTENT_TYPE, b"Application/JSON"), Some(json));
/// assert_eq!(unsafe_reason(&CONTENT_TYPE, b"text/plain"), None);
/// assert_eq!(unsafe_reason(&HeaderName::from_static("x-trace"), b"1"), Some(UnsafeReason::NotSafelistedName));
/// ```
pub fn unsafe_reason(name: &HeaderName, value: &[u8]) -> Option<UnsafeReason> {
    let table = if *name == header::ACCEPT_LANGUAGE || *name == header::CONTENT_LANGUAGE {
        &NOT_LANGUAGE_BYTE
    } else {
        &CORS_UNSAFE_BYTE
    };
    Some(match failed_step(name, value)? {
        Step::ValueTooLong => UnsafeReason::ValueTooLong { len: value.len() },
        Step::UnsafeByte => UnsafeReason::UnsafeByte {
            // The step found one, so there is a first.
            byte: value
                .iter()
                .copied()
                .find(|&b| table[usize::from(b)])
                .unwrap_or(0),
        },
        Step::MimeEssence => UnsafeReason::MimeEssence {
            essence: parse_mime_type_essence(value).map(|e| {
                let text = [e.type_, b"/", e.subtype].concat();
                String::from_utf8_lossy(&text).to_ascii_lowercase()
            }),
        },
        Step::RangeForm => UnsafeReason::RangeForm,
        Step::NotSafelistedName => UnsafeReason::NotSafelistedName,
    })
}

/// The CORS-unsafe headers of a list in list order, each with its value's
/// length and why (steps 1-5 of the CORS-unsafe request-header names, with
/// reasons), for a trace.
pub fn unsafe_headers_with_reasons(
    headers: &HeaderList,
) -> Vec<(&HeaderName, usize, UnsafeReason)> {
    let mut found = Vec::new();
    let mut safelist_value_size = 0usize;
    for (name, value) in headers.iter() {
        match unsafe_reason(name, value) {
            None => safelist_value_size += value.len(),
            Some(reason) => found.push((name, value.len(), reason)),
        }
    }
    if safelist_value_size > SAFELISTED_TOTAL_MAX {
        let total = UnsafeReason::SafelistedTotal {
            total: safelist_value_size,
        };
        found = headers
            .iter()
            .map(|(name, value)| {
                let reason = unsafe_reason(name, value).unwrap_or_else(|| total.clone());
                (name, value.len(), reason)
            })
            .collect();
    }
    found
}

/// [CORS-unsafe request-header names](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names)
/// of a header list: the names of headers that are not CORS-safelisted,
/// plus every safelisted one when their values add up to more than 1024
/// bytes; lowercased, deduplicated and sorted by byte.
///
/// Allocates only when there is an unsafe name.
///
/// ```
/// use fetch_cors::{HeaderList, headers::request::cors_unsafe_request_header_names};
/// let mut list = HeaderList::new();
/// for (n, v) in [("Accept", "*/*"), ("X-Foo", "1"), ("content-type", "application/json"), ("X-foo", "2")] {
///     list.try_append(n, v).unwrap();
/// }
/// let names = cors_unsafe_request_header_names(&list);
/// assert_eq!(names, ["content-type", "x-foo"]);
/// ```
pub fn cors_unsafe_request_header_names(headers: &HeaderList) -> Vec<HeaderName> {
    cors_unsafe_request_header_name_refs(headers)
        .iter()
        .map(|&name| name.clone())
        .collect()
}

/// [`cors_unsafe_request_header_names`], borrowed from `headers`: what main
/// fetch uses. Nothing is copied (copying a custom `HeaderName` the first
/// time allocates), and up to eight names need no allocation at all.
///
/// ```
/// use fetch_cors::{HeaderList, headers::request::cors_unsafe_request_header_name_refs};
/// let list = HeaderList::try_from_pairs([("X-B", "1"), ("Accept", "*/*"), ("x-a", "2")]).unwrap();
/// let names: Vec<&str> = cors_unsafe_request_header_name_refs(&list).iter().map(|n| n.as_str()).collect();
/// assert_eq!(names, ["x-a", "x-b"]);
/// ```
pub fn cors_unsafe_request_header_name_refs(headers: &HeaderList) -> UnsafeNames<'_> {
    let mut unsafe_names = unsafe_names_in_list_order(headers);
    // 6. Convert to a sorted-lowercase set.
    unsafe_names.sort_and_dedup();
    unsafe_names
}

/// Steps 1-5 of [`cors_unsafe_request_header_name_refs`]: the names in the
/// list's order, repeats kept. Main fetch sorts them (step 6) only when the
/// order shows, in a preflight's `Access-Control-Request-Headers`: a
/// preflight-cache lookup asks about each name whatever the order.
#[inline]
pub(crate) fn unsafe_names_in_list_order(headers: &HeaderList) -> UnsafeNames<'_> {
    let mut unsafe_names = UnsafeNames::default();
    let mut safelist_value_size = 0usize;
    // 1-4. Classify each header entry, not each combined name.
    for (name, value) in headers.iter() {
        if is_cors_safelisted_request_header(name, value) {
            safelist_value_size += value.len();
        } else {
            unsafe_names.push(name);
        }
    }
    // 5. Past the total budget, the safelisted ones are unsafe too.
    if safelist_value_size > SAFELISTED_TOTAL_MAX {
        unsafe_names = UnsafeNames::default();
        for (name, _) in headers.iter() {
            unsafe_names.push(name);
        }
    }
    unsafe_names
}

/// CORS-unsafe request-header names borrowed from a header list; a slice
/// of `&HeaderName` by `Deref`. [`cors_unsafe_request_header_name_refs`]
/// returns them sorted and without duplicates (main fetch keeps the list's
/// order until it builds a preflight).
#[derive(Clone, Debug)]
pub struct UnsafeNames<'a>(InlineVec<&'a HeaderName, INLINE_NAMES>);

/// A request rarely has more unsafe names than this; up to here they are
/// kept inline.
const INLINE_NAMES: usize = 8;

impl Default for UnsafeNames<'_> {
    fn default() -> Self {
        // Only a filler for the unused places.
        static FILLER: HeaderName = header::ACCEPT;
        UnsafeNames(InlineVec::new(&FILLER))
    }
}

impl<'a> UnsafeNames<'a> {
    fn push(&mut self, name: &'a HeaderName) {
        self.0.push(name);
    }

    /// Step 6 of [`cors_unsafe_request_header_name_refs`]: sorted by byte,
    /// repeats removed (the names are lowercase already).
    pub(crate) fn sort_and_dedup(&mut self) {
        // Names are short and differ early: comparing bytes in line beats
        // calling `memcmp`.
        self.0
            .sort_unstable_by(|a, b| a.as_str().bytes().cmp(b.as_str().bytes()));
        self.0.dedup_by(|a, b| a == b);
    }
}

impl<'a> std::ops::Deref for UnsafeNames<'a> {
    type Target = [&'a HeaderName];

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

/// The 21 [forbidden request-header](https://fetch.spec.whatwg.org/#forbidden-request-header)
/// names, lowercase.
const FORBIDDEN_REQUEST_HEADER_NAMES: [&str; 21] = [
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// Whether (`name`, `value`) is a
/// [forbidden request-header](https://fetch.spec.whatwg.org/#forbidden-request-header):
/// one of 21 names, a `proxy-` or `sec-` prefix, or a method-override
/// header naming a forbidden method.
///
/// ```
/// use fetch_cors::headers::request::is_forbidden_request_header;
/// use http::header::HeaderName;
/// let x = HeaderName::from_static("x-http-method-override");
/// assert!(is_forbidden_request_header(&x, b"GET, TRACE"));
/// assert!(!is_forbidden_request_header(&x, b"PATCH"));
/// assert!(is_forbidden_request_header(&HeaderName::from_static("sec-foo"), b"y"));
/// ```
pub fn is_forbidden_request_header(name: &HeaderName, value: &[u8]) -> bool {
    let n = name.as_str();
    // 1. The fixed names.
    if FORBIDDEN_REQUEST_HEADER_NAMES.contains(&n) {
        return true;
    }
    // 2. The prefixes.
    if n.starts_with("proxy-") || n.starts_with("sec-") {
        return true;
    }
    // 3. Method overrides naming a forbidden method. The split keeps quotes,
    //    so `"connect"` is not a method and not forbidden.
    if matches!(
        n,
        "x-http-method" | "x-http-method-override" | "x-method-override"
    ) {
        return get_decode_split(value).into_iter().any(is_forbidden_method);
    }
    false
}

/// Whether `name` is a [no-CORS-safelisted request-header name](https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header-name):
/// `Accept`, `Accept-Language`, `Content-Language` or `Content-Type`.
pub fn is_no_cors_safelisted_request_header_name(name: &HeaderName) -> bool {
    *name == header::ACCEPT
        || *name == header::ACCEPT_LANGUAGE
        || *name == header::CONTENT_LANGUAGE
        || *name == header::CONTENT_TYPE
}

/// Whether (`name`, `value`) is a
/// [no-CORS-safelisted request-header](https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header).
pub fn is_no_cors_safelisted_request_header(name: &HeaderName, value: &[u8]) -> bool {
    is_no_cors_safelisted_request_header_name(name)
        && is_cors_safelisted_request_header(name, value)
}

/// Whether `name` is a [CORS non-wildcard request-header name](https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name):
/// `Authorization`, which `*` in `Access-Control-Allow-Headers` never covers.
pub fn is_cors_non_wildcard_request_header_name(name: &[u8]) -> bool {
    name.eq_ignore_ascii_case(b"authorization")
}

/// Whether `name` is a [request-body-header name](https://fetch.spec.whatwg.org/#request-body-header-name),
/// deleted when a redirect turns the request into a GET.
pub fn is_request_body_header_name(name: &HeaderName) -> bool {
    *name == header::CONTENT_ENCODING
        || *name == header::CONTENT_LANGUAGE
        || *name == header::CONTENT_LOCATION
        || *name == header::CONTENT_TYPE
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(n: &str) -> HeaderName {
        HeaderName::from_bytes(n.as_bytes()).unwrap()
    }

    fn safelisted(n: &str, v: &str) -> bool {
        is_cors_safelisted_request_header(&name(n), v.as_bytes())
    }

    fn list(pairs: &[(&str, &str)]) -> HeaderList {
        HeaderList::try_from_pairs(pairs.iter().copied()).unwrap()
    }

    fn unsafe_names(pairs: &[(&str, &str)]) -> Vec<String> {
        cors_unsafe_request_header_names(&list(pairs))
            .into_iter()
            .map(|n| n.to_string())
            .collect()
    }

    #[test]
    fn cors_unsafe_request_header_bytes() {
        let unsafe_: Vec<u8> = (0..=255u8)
            .filter(|&b| is_cors_unsafe_request_header_byte(b))
            .collect();
        let mut expected: Vec<u8> = (0..0x20).filter(|&b| b != 0x09).collect();
        expected.extend_from_slice(b"\"():<>?@[\\]{}\x7f");
        expected.sort_unstable();
        assert_eq!(unsafe_, expected);
    }

    #[test]
    fn value_of_128_bytes_is_safelisted_129_is_not() {
        for n in ["accept", "accept-language", "content-language"] {
            assert!(safelisted(n, &"a".repeat(128)), "{n}");
            assert!(!safelisted(n, &"a".repeat(129)), "{n}");
        }
        let ct = format!("text/plain;{}", "a".repeat(128 - 11));
        assert_eq!(ct.len(), 128);
        assert!(safelisted("content-type", &ct));
        assert!(!safelisted("content-type", &format!("{ct}a")));
    }

    #[test]
    fn accept_rejects_unsafe_bytes() {
        assert!(safelisted("accept", "application/json"));
        assert!(safelisted("accept", "*/*;q=0.8, text/html"));
        assert!(!safelisted("accept", "text/html; q=\"0.8\""));
        assert!(!safelisted("accept", "a\x01"));
        assert!(safelisted("accept", "a\tb\u{e9}"));
    }

    #[test]
    fn language_headers_allow_their_byte_set_only() {
        assert!(safelisted("accept-language", "en-US,en;q=0.9"));
        assert!(safelisted("content-language", ""));
        assert!(safelisted("content-language", "*"));
        assert!(!safelisted("accept-language", "en_US"));
        assert!(!safelisted("accept-language", "\x01"));
        assert!(!safelisted("content-language", "@"));
        assert!(!safelisted("content-language", "\u{e9}"));
    }

    #[test]
    fn content_type_by_mime_essence() {
        for ok in [
            "text/plain;charset=UTF-8",
            "TEXT/Plain",
            "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded",
            " text/plain ",
        ] {
            assert!(safelisted("content-type", ok), "{ok}");
        }
        for bad in [
            "text/plain; charset=\"utf-8\"",
            "application/json",
            "text/plain, application/json",
            "",
            "text/html",
            "text/plain\x7f",
        ] {
            assert!(!safelisted("content-type", bad), "{bad}");
        }
    }

    #[test]
    fn range_forms() {
        assert!(safelisted("range", "bytes=0-"));
        assert!(safelisted("range", "bytes=100-199"));
        for bad in [
            "bytes=-500",
            "bytes= 0-1",
            "bytes=0-1,3-4",
            "Bytes=0-1",
            "bytes=5-1",
            "bytes 0-",
        ] {
            assert!(!safelisted("range", bad), "{bad}");
        }
    }

    #[test]
    fn other_names_are_never_safelisted() {
        for n in [
            "last-event-id",
            "authorization",
            "x-anything",
            "dpr",
            "save-data",
        ] {
            assert!(!safelisted(n, "x"), "{n}");
        }
    }

    #[test]
    fn unsafe_names_are_per_entry_sorted_and_deduplicated() {
        assert_eq!(
            unsafe_names(&[
                ("Accept", "*/*"),
                ("X-Foo", "1"),
                ("content-type", "application/json"),
                ("X-foo", "2")
            ]),
            ["content-type", "x-foo"]
        );
        // Two Content-Type entries: one unsafe entry makes the name unsafe.
        assert_eq!(
            unsafe_names(&[
                ("Content-Type", "application/json"),
                ("Content-Type", "text/plain")
            ]),
            ["content-type"]
        );
        assert!(unsafe_names(&[("Accept", "*/*"), ("Content-Type", "text/plain")]).is_empty());
    }

    #[test]
    fn more_unsafe_names_than_fit_inline() {
        let pairs: Vec<(String, &str)> = (0..12)
            .rev()
            .map(|i| (format!("X-{}", i % 10), "1"))
            .collect();
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (n.as_str(), *v)).collect();
        let expected: Vec<String> = (0..10).map(|i| format!("x-{i}")).collect();
        assert_eq!(unsafe_names(&pairs), expected);
    }

    #[test]
    fn the_1024_byte_total_rule() {
        let v = "a".repeat(120);
        let eight: Vec<(&str, &str)> = (0..8).map(|_| ("Accept", v.as_str())).collect();
        assert!(unsafe_names(&eight).is_empty(), "960 bytes");
        let nine: Vec<(&str, &str)> = (0..9).map(|_| ("Accept", v.as_str())).collect();
        assert_eq!(unsafe_names(&nine), ["accept"], "1080 bytes");
        // Exactly 1024 is still within budget.
        let mut exact: Vec<(&str, String)> = (0..8).map(|_| ("accept", "a".repeat(128))).collect();
        let pairs: Vec<(&str, &str)> = exact.iter().map(|(n, v)| (*n, v.as_str())).collect();
        assert!(unsafe_names(&pairs).is_empty(), "1024 bytes");
        exact.push(("content-language", "a".into()));
        let pairs: Vec<(&str, &str)> = exact.iter().map(|(n, v)| (*n, v.as_str())).collect();
        assert_eq!(
            unsafe_names(&pairs),
            ["accept", "content-language"],
            "1025 bytes"
        );
    }

    #[test]
    fn forbidden_request_headers() {
        for n in FORBIDDEN_REQUEST_HEADER_NAMES {
            assert!(is_forbidden_request_header(&name(n), b"x"), "{n}");
        }
        assert!(is_forbidden_request_header(
            &name("Proxy-Authorization"),
            b"x"
        ));
        assert!(is_forbidden_request_header(&name("sec-fetch-mode"), b"x"));
        assert!(!is_forbidden_request_header(&name("user-agent"), b"x"));
        assert!(!is_forbidden_request_header(&name("proxy"), b"x"));
        let o = name("X-Method-Override");
        assert!(is_forbidden_request_header(&o, b"GET, TRACE"));
        assert!(is_forbidden_request_header(&o, b" connect "));
        assert!(!is_forbidden_request_header(&o, b"\"connect\""));
        assert!(!is_forbidden_request_header(&o, b"PATCH"));
        assert!(is_forbidden_request_header(
            &name("x-http-method"),
            b"track"
        ));
    }

    #[test]
    fn no_cors_safelisted_excludes_range() {
        assert!(is_no_cors_safelisted_request_header(
            &name("accept"),
            b"*/*"
        ));
        assert!(!is_no_cors_safelisted_request_header(
            &name("range"),
            b"bytes=0-"
        ));
        assert!(!is_no_cors_safelisted_request_header(
            &name("content-type"),
            b"application/json"
        ));
    }

    #[test]
    fn body_and_non_wildcard_names() {
        for n in [
            "content-encoding",
            "content-language",
            "content-location",
            "content-type",
        ] {
            assert!(is_request_body_header_name(&name(n)));
        }
        assert!(!is_request_body_header_name(&name("content-length")));
        assert!(is_cors_non_wildcard_request_header_name(b"Authorization"));
        assert!(!is_cors_non_wildcard_request_header_name(b"x-auth"));
    }

    /// The diagnosis names the step the spec text gives, with what it saw:
    /// the byte (against the spec's list of CORS-unsafe bytes, written out
    /// here), the length, the essence.
    #[test]
    fn unsafe_reason_names_the_failing_step() {
        let spec_unsafe =
            |b: u8| (b < 0x20 && b != 0x09) || br#""():<>?@[\]{}"#.contains(&b) || b == 0x7f;
        for b in 0..=255u8 {
            let value = [b'a', b];
            let want = spec_unsafe(b).then_some(UnsafeReason::UnsafeByte { byte: b });
            assert_eq!(unsafe_reason(&header::ACCEPT, &value), want, "{b:#x}");
        }
        assert_eq!(
            unsafe_reason(&header::ACCEPT, &[b'a'; 129]),
            Some(UnsafeReason::ValueTooLong { len: 129 })
        );
        assert_eq!(unsafe_reason(&header::ACCEPT, &[b'a'; 128]), None);
        assert_eq!(
            unsafe_reason(&header::ACCEPT_LANGUAGE, b"en_US"),
            Some(UnsafeReason::UnsafeByte { byte: b'_' })
        );
        assert_eq!(
            unsafe_reason(&header::CONTENT_TYPE, b"Text/HTML; charset=utf-8"),
            Some(UnsafeReason::MimeEssence {
                essence: Some("text/html".into())
            })
        );
        assert_eq!(
            unsafe_reason(&header::CONTENT_TYPE, b"nonsense"),
            Some(UnsafeReason::MimeEssence { essence: None })
        );
        assert_eq!(
            unsafe_reason(&header::CONTENT_TYPE, b"text/plain;charset=x"),
            None
        );
        assert_eq!(
            unsafe_reason(&header::RANGE, b"bytes=-5"),
            Some(UnsafeReason::RangeForm)
        );
        assert_eq!(unsafe_reason(&header::RANGE, b"bytes=5-"), None);
        assert_eq!(
            unsafe_reason(&HeaderName::from_static("x-other"), b"1"),
            Some(UnsafeReason::NotSafelistedName)
        );
    }

    #[test]
    fn the_total_budget_makes_every_safelisted_header_unsafe() {
        let mut list = HeaderList::new();
        for _ in 0..9 {
            list.try_append("Accept", [b'a'; 120]).unwrap();
        }
        list.try_append("X-Trace", "1").unwrap();
        let found = unsafe_headers_with_reasons(&list);
        assert_eq!(found.len(), 10);
        assert_eq!(found[0].2, UnsafeReason::SafelistedTotal { total: 1080 });
        assert_eq!(found[9].2, UnsafeReason::NotSafelistedName);
        let names: Vec<&HeaderName> = found.iter().map(|f| f.0).collect();
        assert_eq!(names, &unsafe_names_in_list_order(&list)[..]);
    }
}
