//! Request-header classes ([`#terminology-headers`](https://fetch.spec.whatwg.org/#terminology-headers)).

use http::header::{self, HeaderName};

use super::inline_vec::InlineVec;
use super::list::combine_values;
use super::parse::{get_decode_split, parse_single_range_unit};
use super::{any_byte_in, HeaderList};
use crate::methods::is_forbidden_method;
use crate::mime::{has_essence, parse_mime_type_essence};
use crate::policy::Policy;

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

/// [`CORS_UNSAFE_BYTE`] and the bytes 0x80-0xFF: Firefox's CORS-unsafe
/// bytes ([`Policy::non_ascii_bytes_cors_unsafe`]).
const CORS_UNSAFE_OR_NON_ASCII_BYTE: [bool; 256] = {
    let mut table = CORS_UNSAFE_BYTE;
    let mut b = 0x80;
    while b < 256 {
        table[b] = true;
        b += 1;
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

/// The knobs of a [`Policy`] that request-header classification reads,
/// copied out of it: small enough to pass by value, and to keep in a
/// request builder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SafelistRules {
    /// [`Policy::classify_combined_header_values`].
    pub(crate) combined_values: bool,
    /// [`Policy::client_hint_headers_safelisted`].
    pub(crate) client_hints: bool,
    /// [`Policy::range_position_max`].
    pub(crate) range_position_max: Option<u64>,
    /// [`Policy::range_unit_case_insensitive`].
    pub(crate) range_unit_any_case: bool,
    /// [`Policy::non_ascii_bytes_cors_unsafe`].
    pub(crate) non_ascii_unsafe: bool,
}

impl SafelistRules {
    /// The Fetch Standard's rules.
    pub(crate) const SPEC: SafelistRules = SafelistRules {
        combined_values: false,
        client_hints: false,
        range_position_max: None,
        range_unit_any_case: false,
        non_ascii_unsafe: false,
    };

    /// The rules of `policy`.
    #[inline]
    pub(crate) fn of(policy: &Policy) -> Self {
        SafelistRules {
            combined_values: policy.classify_combined_header_values,
            client_hints: policy.client_hint_headers_safelisted,
            range_position_max: policy.range_position_max,
            range_unit_any_case: policy.range_unit_case_insensitive,
            non_ascii_unsafe: policy.non_ascii_bytes_cors_unsafe,
        }
    }

    /// The CORS-unsafe request-header bytes under these rules.
    #[inline]
    fn unsafe_bytes(self) -> &'static [bool; 256] {
        if self.non_ascii_unsafe {
            &CORS_UNSAFE_OR_NON_ASCII_BYTE
        } else {
            &CORS_UNSAFE_BYTE
        }
    }
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
    failed_step(name, value, SafelistRules::SPEC).is_none()
}

/// [`is_cors_safelisted_request_header`] under `policy`'s knobs.
///
/// ```
/// use fetch_cors::headers::request::is_cors_safelisted_request_header_for;
/// use fetch_cors::{Policy, Profile};
/// use http::header::HeaderName;
/// let dpr = HeaderName::from_static("dpr");
/// assert!(!is_cors_safelisted_request_header_for(&dpr, b"2", &Policy::spec()));
/// assert!(is_cors_safelisted_request_header_for(&dpr, b"2", &Policy::from_profile(Profile::Chromium)));
/// ```
pub fn is_cors_safelisted_request_header_for(
    name: &HeaderName,
    value: &[u8],
    policy: &Policy,
) -> bool {
    failed_step(name, value, SafelistRules::of(policy)).is_none()
}

/// A step of [`is_cors_safelisted_request_header`] that fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    ValueTooLong,
    /// A byte of the value is in this table (the one the name's rule reads).
    UnsafeByte(&'static [bool; 256]),
    MimeEssence,
    RangeForm,
    ClientHintValue,
    NotSafelistedName,
}

/// The steps of [CORS-safelisted request-header](https://fetch.spec.whatwg.org/#cors-safelisted-request-header),
/// once: which one (`name`, `value`) fails, if any. The decision and its
/// diagnosis ([`unsafe_reason`]) both read it.
#[inline]
fn failed_step(name: &HeaderName, value: &[u8], rules: SafelistRules) -> Option<Step> {
    // 1. A value longer than 128 bytes is never safelisted.
    if value.len() > SAFELISTED_VALUE_MAX {
        return Some(Step::ValueTooLong);
    }
    let refused =
        |table: &'static [bool; 256]| any_byte_in(table, value).then_some(Step::UnsafeByte(table));
    // 2. By byte-lowercased name (a HeaderName is lowercase already).
    if *name == header::ACCEPT {
        refused(rules.unsafe_bytes())
    } else if *name == header::ACCEPT_LANGUAGE || *name == header::CONTENT_LANGUAGE {
        refused(&NOT_LANGUAGE_BYTE)
    } else if *name == header::CONTENT_TYPE {
        // Must be "parse a MIME type", not the lenient "extract a MIME type".
        refused(rules.unsafe_bytes()).or_else(|| {
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
        let single =
            parse_single_range_unit(value, false, rules.range_unit_any_case).is_some_and(|range| {
                range.start.is_some()
                    && rules.range_position_max.map_or(true, |max| {
                        [range.start, range.end]
                            .into_iter()
                            .flatten()
                            .all(|digits| decimal_at_most(digits, max))
                    })
            });
        (!single).then_some(Step::RangeForm)
    } else if rules.client_hints {
        client_hint_step(name, value)
    } else {
        Some(Step::NotSafelistedName)
    }
}

/// Whether the decimal `digits` name a number no greater than `max`.
fn decimal_at_most(digits: &[u8], max: u64) -> bool {
    digits
        .iter()
        .try_fold(0u64, |n, &d| {
            n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
        })
        .is_some_and(|n| n <= max)
}

/// Chromium's client hints ([`Policy::client_hint_headers_safelisted`]):
/// `None` when (`name`, `value`) is one with a value of its syntax.
#[cold]
fn client_hint_step(name: &HeaderName, value: &[u8]) -> Option<Step> {
    // `1*DIGIT`.
    let int = |v: &[u8]| !v.is_empty() && v.iter().all(u8::is_ascii_digit);
    // `1*DIGIT [ "." 1*DIGIT ]`.
    let decimal = |v: &[u8]| match v.iter().position(|&b| b == b'.') {
        None => int(v),
        Some(dot) => int(&v[..dot]) && int(&v[dot + 1..]),
    };
    let ok = match name.as_str() {
        "device-memory" | "dpr" | "downlink" => decimal(value),
        "width" | "viewport-width" | "rtt" => int(value),
        "ect" => matches!(value, b"slow-2g" | b"2g" | b"3g" | b"4g"),
        "save-data" => value.eq_ignore_ascii_case(b"on"),
        _ => return Some(Step::NotSafelistedName),
    };
    (!ok).then_some(Step::ClientHintValue)
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
    /// A `Range` that is not one `bytes=start-` or `bytes=start-end`
    /// (under a browser's policy: or whose positions are too large).
    RangeForm,
    /// A client hint a browser's policy safelists (Chromium's `DPR`,
    /// `Width`, ...), with a value that does not have the hint's syntax.
    ClientHintValue,
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
    unsafe_reason_under(name, value, SafelistRules::SPEC)
}

/// [`unsafe_reason`] under `rules`.
fn unsafe_reason_under(
    name: &HeaderName,
    value: &[u8],
    rules: SafelistRules,
) -> Option<UnsafeReason> {
    Some(match failed_step(name, value, rules)? {
        Step::ValueTooLong => UnsafeReason::ValueTooLong { len: value.len() },
        Step::UnsafeByte(table) => UnsafeReason::UnsafeByte {
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
        Step::ClientHintValue => UnsafeReason::ClientHintValue,
        Step::NotSafelistedName => UnsafeReason::NotSafelistedName,
    })
}

/// The CORS-unsafe headers of a list in list order, each with its value's
/// length and why (steps 1-5 of the CORS-unsafe request-header names, with
/// reasons), for a trace.
pub fn unsafe_headers_with_reasons(
    headers: &HeaderList,
) -> Vec<(&HeaderName, usize, UnsafeReason)> {
    unsafe_headers_with_reasons_under(headers, SafelistRules::SPEC)
}

/// [`unsafe_headers_with_reasons`] under `rules`. Under
/// [`Policy::classify_combined_header_values`] each name is classified
/// once, by its combined value (this is for a trace: it may allocate).
pub(crate) fn unsafe_headers_with_reasons_under(
    headers: &HeaderList,
    rules: SafelistRules,
) -> Vec<(&HeaderName, usize, UnsafeReason)> {
    // (name, value) pairs as classified: the entries, or one combined value
    // per name.
    let classified: Vec<(&HeaderName, std::borrow::Cow<'_, [u8]>)> = if rules.combined_values {
        combined_entries(headers)
    } else {
        headers
            .iter()
            .map(|(name, value)| (name, std::borrow::Cow::Borrowed(value)))
            .collect()
    };
    let mut found = Vec::new();
    let mut safelist_value_size = 0usize;
    for (name, value) in &classified {
        match unsafe_reason_under(name, value, rules) {
            None => safelist_value_size += value.len(),
            Some(reason) => found.push((*name, value.len(), reason)),
        }
    }
    if safelist_value_size > SAFELISTED_TOTAL_MAX {
        let total = UnsafeReason::SafelistedTotal {
            total: safelist_value_size,
        };
        found = classified
            .iter()
            .map(|(name, value)| {
                let reason =
                    unsafe_reason_under(name, value, rules).unwrap_or_else(|| total.clone());
                (*name, value.len(), reason)
            })
            .collect();
    }
    found
}

/// Each name of `headers` once, in order of first appearance, with its
/// combined value (borrowed when the name appears once), as
/// [`HeaderList::get`] combines it.
///
/// In O(n log n) of the list's length and linear in its bytes: the entries
/// are sorted by name (stably, so a name's values stay in list order) and
/// each name's values joined in one pass; a list is script's to make as
/// long as it likes.
fn combined_entries(headers: &HeaderList) -> Vec<(&HeaderName, std::borrow::Cow<'_, [u8]>)> {
    // (position, name, value), sorted by name.
    let mut by_name: Vec<(usize, &HeaderName, &[u8])> = headers
        .iter()
        .enumerate()
        .map(|(at, (name, value))| (at, name, value))
        .collect();
    by_name.sort_by(|a, b| a.1.as_str().cmp(b.1.as_str()));
    let mut combined: Vec<(usize, &HeaderName, std::borrow::Cow<'_, [u8]>)> = by_name
        .chunk_by(|a, b| a.1 == b.1)
        .map(|run| {
            let (first_at, name, first) = run[0];
            let rest = run[1..].iter().map(|&(_, _, value)| value);
            (first_at, name, combine_values(first, rest))
        })
        .collect();
    combined.sort_unstable_by_key(|&(first, ..)| first);
    combined
        .into_iter()
        .map(|(_, name, value)| (name, value))
        .collect()
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
    cors_unsafe_request_header_name_refs_under(headers, SafelistRules::SPEC)
}

/// [`cors_unsafe_request_header_name_refs`] under `rules`.
#[inline]
pub(crate) fn cors_unsafe_request_header_name_refs_under(
    headers: &HeaderList,
    rules: SafelistRules,
) -> UnsafeNames<'_> {
    let mut unsafe_names = unsafe_names_in_list_order(headers, rules);
    // 6. Convert to a sorted-lowercase set.
    unsafe_names.sort_and_dedup();
    unsafe_names
}

/// Steps 1-5 of [`cors_unsafe_request_header_name_refs`]: the names in the
/// list's order, repeats kept. Main fetch sorts them (step 6) only when the
/// order shows, in a preflight's `Access-Control-Request-Headers`: a
/// preflight-cache lookup asks about each name whatever the order.
#[inline]
pub(crate) fn unsafe_names_in_list_order(
    headers: &HeaderList,
    rules: SafelistRules,
) -> UnsafeNames<'_> {
    if rules.combined_values {
        return unsafe_names_of_combined_values(headers, rules);
    }
    // 1-4. Classify each header entry, not each combined name.
    unsafe_names_of(|| headers.iter(), rules)
}

/// Steps 1-5 of [`unsafe_names_in_list_order`] with each name classified
/// once, by its combined value, as Chromium and WebKit do
/// ([`Policy::classify_combined_header_values`]).
#[cold]
#[inline(never)]
fn unsafe_names_of_combined_values(headers: &HeaderList, rules: SafelistRules) -> UnsafeNames<'_> {
    let combined = combined_entries(headers);
    unsafe_names_of(
        || combined.iter().map(|(name, value)| (*name, value)),
        rules,
    )
}

/// Steps 1-5 of [CORS-unsafe request-header names](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names)
/// over the (name, value) pairs `entries` yields (each time it is called):
/// the list's entries, or one combined value per name.
#[inline(always)]
fn unsafe_names_of<'a, V: AsRef<[u8]>, I: Iterator<Item = (&'a HeaderName, V)>>(
    entries: impl Fn() -> I,
    rules: SafelistRules,
) -> UnsafeNames<'a> {
    let mut unsafe_names = UnsafeNames::default();
    let mut safelist_value_size = 0usize;
    // 1-4. The names that are not safelisted; the safelisted values' size.
    for (name, value) in entries() {
        let value = value.as_ref();
        if failed_step(name, value, rules).is_none() {
            safelist_value_size += value.len();
        } else {
            unsafe_names.push(name);
        }
    }
    // 5. Past the total budget, the safelisted ones are unsafe too.
    if safelist_value_size > SAFELISTED_TOTAL_MAX {
        unsafe_names = UnsafeNames::default();
        for (name, _) in entries() {
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
        self.sort();
        self.0.dedup_by(|a, b| a == b);
    }

    /// [`UnsafeNames::sort_and_dedup`] without removing repeats: Firefox's
    /// `Access-Control-Request-Headers`
    /// ([`Policy::preflight_header_names_deduplicated`]).
    #[inline]
    pub(crate) fn sort(&mut self) {
        // Names are short and differ early: comparing bytes in line beats
        // calling `memcmp`.
        self.0
            .sort_unstable_by(|a, b| a.as_str().bytes().cmp(b.as_str().bytes()));
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
    is_no_cors_safelisted_request_header_under(name, value, SafelistRules::SPEC)
}

/// [`is_no_cors_safelisted_request_header`] under `rules`.
pub(crate) fn is_no_cors_safelisted_request_header_under(
    name: &HeaderName,
    value: &[u8],
    rules: SafelistRules,
) -> bool {
    is_no_cors_safelisted_request_header_name(name) && failed_step(name, value, rules).is_none()
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
        assert_eq!(
            names,
            &unsafe_names_in_list_order(&list, SafelistRules::SPEC)[..]
        );
    }

    /// The browser profiles' classification knobs: each asserts the spec's
    /// answer and each browser's, the browser's as recorded in
    /// `browser-vectors/<browser>/safelist.json` (a preflight, with the
    /// name in `Access-Control-Request-Headers`, means unsafe).
    mod browser_knobs {
        use super::*;
        use crate::policy::Profile;

        fn rules(profile: Profile) -> SafelistRules {
            SafelistRules::of(&Policy::from_profile(profile))
        }

        fn unsafe_under(pairs: &[(&str, &str)], profile: Profile) -> Vec<String> {
            let list = list(pairs);
            cors_unsafe_request_header_name_refs_under(&list, rules(profile))
                .iter()
                .map(|n| n.to_string())
                .collect()
        }

        fn safelisted_under(n: &str, v: &[u8], profile: Profile) -> bool {
            failed_step(&name(n), v, rules(profile)).is_none()
        }

        /// `GET with two Content-Type headers `text/plain` and
        /// `text/plain``, `GET with two Range headers `bytes=0-` and
        /// `bytes=1-`` and `GET with two Accept headers` (64 bytes each):
        /// Chromium and WebKit preflight all three, naming the header once;
        /// Firefox sends them without a preflight, as the spec does.
        #[test]
        fn combined_values_are_classified_by_chromium_and_webkit() {
            let accept = format!("text/{}", "a".repeat(59));
            assert_eq!(accept.len(), 64);
            let cases: [(&[(&str, &str)], &str); 3] = [
                (
                    &[
                        ("Content-Type", "text/plain"),
                        ("Content-Type", "text/plain"),
                    ],
                    "content-type",
                ),
                (&[("Range", "bytes=0-"), ("Range", "bytes=1-")], "range"),
                (&[("Accept", &accept), ("Accept", &accept)], "accept"),
            ];
            for (pairs, unsafe_name) in cases {
                assert!(unsafe_under(pairs, Profile::Spec).is_empty(), "{pairs:?}");
                assert!(
                    unsafe_under(pairs, Profile::Firefox).is_empty(),
                    "{pairs:?}"
                );
                for browser in [Profile::Chromium, Profile::Webkit] {
                    assert_eq!(unsafe_under(pairs, browser), [unsafe_name], "{browser}");
                }
            }
            // `GET with two Accept headers `text/html` and `text/plain``:
            // combined, still safelisted everywhere.
            let short = [("Accept", "text/html"), ("Accept", "text/plain")];
            for p in Profile::ALL {
                assert!(unsafe_under(&short, p).is_empty(), "{p}");
            }
            // `GET with X-A twice and Content-Type application/json`: the
            // unsafe names are the same either way.
            let mixed = [
                ("X-A", "1"),
                ("x-a", "2"),
                ("Content-Type", "application/json"),
            ];
            for p in Profile::ALL {
                assert_eq!(unsafe_under(&mixed, p), ["content-type", "x-a"], "{p}");
            }
        }

        /// Each name once, in order of first appearance, its values joined
        /// in list order as `get` joins them; and a long list of repeated
        /// names is no longer a quadratic walk (100,000 entries: the old
        /// scan of every earlier entry made 5 billion comparisons).
        #[test]
        fn combined_entries_group_names_in_first_appearance_order() {
            let list = list(&[
                ("X-B", "1"),
                ("Accept", "a"),
                ("x-b", "2"),
                ("X-C", "3"),
                ("accept", "b"),
                ("X-B", "4"),
            ]);
            let got: Vec<(&str, Vec<u8>)> = combined_entries(&list)
                .into_iter()
                .map(|(name, value)| (name.as_str(), value.into_owned()))
                .collect();
            assert_eq!(
                got,
                [
                    ("x-b", b"1, 2, 4".to_vec()),
                    ("accept", b"a, b".to_vec()),
                    ("x-c", b"3".to_vec()),
                ]
            );
            for (name, value) in &got {
                assert_eq!(list.get(*name).unwrap().as_ref(), &value[..], "{name}");
            }

            let mut long = HeaderList::new();
            for i in 0..100_000 {
                long.try_append(format!("x-{}", i % 50_000), "1").unwrap();
            }
            let combined = combined_entries(&long);
            assert_eq!(combined.len(), 50_000);
            assert_eq!(combined[0].0.as_str(), "x-0");
            assert_eq!(combined[49_999].0.as_str(), "x-49999");
            assert!(combined.iter().all(|(_, value)| value.as_ref() == b"1, 1"));
            let names = unsafe_under(&[("X-A", "1"), ("X-A", "2")], Profile::Chromium);
            assert_eq!(names, ["x-a"]);
            let unsafe_names =
                cors_unsafe_request_header_name_refs_under(&long, rules(Profile::Chromium));
            assert_eq!(unsafe_names.len(), 50_000);
        }

        /// The trace's reasons follow the same classification.
        #[test]
        fn combined_values_show_in_the_reasons() {
            let list = list(&[
                ("Content-Type", "text/plain"),
                ("Content-Type", "text/plain"),
            ]);
            assert!(unsafe_headers_with_reasons_under(&list, SafelistRules::SPEC).is_empty());
            let found = unsafe_headers_with_reasons_under(&list, rules(Profile::Chromium));
            assert_eq!(found.len(), 1);
            assert_eq!(found[0].0.as_str(), "content-type");
            assert_eq!(found[0].1, "text/plain, text/plain".len());
            assert_eq!(found[0].2, UnsafeReason::MimeEssence { essence: None });
        }

        /// `GET with DPR: `1``, `GET with Downlink: `1``, `GET with
        /// Save-Data: `on``, `GET with Viewport-Width: `1``, `GET with
        /// Width: `1``, `GET with Device-Memory: `1``: Chromium sends them
        /// without a preflight, Firefox and WebKit preflight them.
        #[test]
        fn chromium_safelists_client_hints() {
            let recorded = [
                ("DPR", "1"),
                ("Downlink", "1"),
                ("Save-Data", "on"),
                ("Viewport-Width", "1"),
                ("Width", "1"),
                ("Device-Memory", "1"),
            ];
            for (n, v) in recorded {
                let v = v.as_bytes();
                assert!(safelisted_under(n, v, Profile::Chromium), "{n}");
                for p in [Profile::Spec, Profile::Firefox, Profile::Webkit] {
                    assert!(!safelisted_under(n, v, p), "{n} under {p}");
                }
            }
            // `GET with Last-Event-ID: `1``: not a client hint, preflighted.
            assert!(!safelisted_under("last-event-id", b"1", Profile::Chromium));
            // WPT cors/client-hint-request-headers.htm: an empty value is
            // no hint (preflighted).
            for n in [
                "device-memory",
                "dpr",
                "width",
                "viewport-width",
                "rtt",
                "downlink",
                "ect",
            ] {
                assert!(!safelisted_under(n, b"", Profile::Chromium), "{n}");
            }
            // The value syntaxes of `IsCorsSafelistedHeader` (not recorded).
            assert!(safelisted_under("dpr", b"1.5", Profile::Chromium));
            assert!(!safelisted_under("dpr", b"1.", Profile::Chromium));
            assert!(!safelisted_under("width", b"1.5", Profile::Chromium));
            assert!(safelisted_under("ect", b"slow-2g", Profile::Chromium));
            assert!(safelisted_under("save-data", b"ON", Profile::Chromium));
            assert!(!safelisted_under("save-data", b"off", Profile::Chromium));
            assert_eq!(
                unsafe_reason_under(&name("dpr"), b"x", rules(Profile::Chromium)),
                Some(UnsafeReason::ClientHintValue)
            );
            assert_eq!(
                unsafe_reason(&name("dpr"), b"1"),
                Some(UnsafeReason::NotSafelistedName)
            );
        }

        /// `GET with Range: `bytes=99999999999999999999-``: all three
        /// browsers preflight it (the number fits no 64-bit integer); the
        /// spec reads digits of any length. `GET with Range: `bytes=10-``
        /// and `bytes=00-01` are safelisted everywhere.
        #[test]
        fn browsers_refuse_range_positions_past_64_bits() {
            let huge = b"bytes=99999999999999999999-";
            assert!(safelisted_under("range", huge, Profile::Spec));
            for p in [Profile::Chromium, Profile::Firefox, Profile::Webkit] {
                assert!(!safelisted_under("range", huge, p), "{p}");
                assert!(safelisted_under("range", b"bytes=10-", p), "{p}");
                assert!(safelisted_under("range", b"bytes=00-01", p), "{p}");
            }
            // The limits of their integer types (from the sources, not
            // recorded).
            let i64_max = format!("bytes=0-{}", i64::MAX);
            let past_i64 = format!("bytes=0-{}", i64::MAX as u64 + 1);
            assert!(safelisted_under(
                "range",
                i64_max.as_bytes(),
                Profile::Chromium
            ));
            assert!(!safelisted_under(
                "range",
                past_i64.as_bytes(),
                Profile::Chromium
            ));
            assert!(safelisted_under(
                "range",
                past_i64.as_bytes(),
                Profile::Firefox
            ));
        }

        /// `GET with Range: `BYTES=0-``: WebKit sends it without a
        /// preflight; Chromium and Firefox preflight it, as the spec says.
        #[test]
        fn webkit_matches_the_range_unit_in_any_case() {
            assert!(safelisted_under("range", b"BYTES=0-", Profile::Webkit));
            for p in [Profile::Spec, Profile::Chromium, Profile::Firefox] {
                assert!(!safelisted_under("range", b"BYTES=0-", p), "{p}");
            }
            // Still one range with a start (`GET with Range: `bytes = 0-``
            // is preflighted by WebKit too).
            assert!(!safelisted_under("range", b"BYTES=-5", Profile::Webkit));
            assert!(!safelisted_under("range", b"bytes = 0-", Profile::Webkit));
            assert!(!safelisted_under("range", b"bytez=0-", Profile::Webkit));
        }

        /// `GET with Accept: `a\xE9b``, `GET with Accept: `\xFF``, `GET
        /// with Content-Type: `text/plain;charset=\xE9``: Firefox
        /// preflights them; Chromium and WebKit do not, as the spec says.
        #[test]
        fn firefox_counts_non_ascii_bytes_as_unsafe() {
            let cases: [(&str, &[u8]); 3] = [
                ("accept", b"a\xe9b"),
                ("accept", b"\xff"),
                ("content-type", b"text/plain;charset=\xe9"),
            ];
            for (n, v) in cases {
                assert!(!safelisted_under(n, v, Profile::Firefox), "{n}");
                for p in [Profile::Spec, Profile::Chromium, Profile::Webkit] {
                    assert!(safelisted_under(n, v, p), "{n} under {p}");
                }
            }
            assert_eq!(
                unsafe_reason_under(&header::ACCEPT, b"a\xe9b", rules(Profile::Firefox)),
                Some(UnsafeReason::UnsafeByte { byte: 0xe9 })
            );
            // The language headers refuse them under every profile.
            for p in Profile::ALL {
                assert!(!safelisted_under("content-language", b"en\xe9", p), "{p}");
            }
        }
    }
}
