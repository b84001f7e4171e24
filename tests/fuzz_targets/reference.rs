//! Deliberately naive readings of the spec text, written apart from the
//! crate so that the targets compare two implementations rather than one
//! with itself. Speed does not matter here; obviousness does. The header
//! classes come from `tests/reference/headers.rs`, which `tests/model.rs`
//! checks the crate against too; this file adds what the targets need on
//! top (token lists, decimals, filters, a cache that never forgets).

use std::cmp::Ordering;
use std::collections::HashMap;

use fetch_cors::{HeaderList, Timestamp};
use http::header::ACCESS_CONTROL_EXPOSE_HEADERS;

// Not every target uses every class.
#[allow(dead_code)]
#[path = "../reference/headers.rs"]
mod spec;

pub use spec::{is_cors_unsafe_request_header_byte as is_cors_unsafe_byte, is_forbidden_method};

/// RFC 9110 `tchar`.
pub fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// RFC 9110 `token`.
pub fn is_token(s: &[u8]) -> bool {
    !s.is_empty() && s.iter().all(|&b| is_tchar(b))
}

/// Strips HTTP tab or space (`OWS`) from both ends.
pub fn trim_ows(s: &[u8]) -> &[u8] {
    trim(s, b" \t")
}

/// Strips HTTP whitespace (tab, space, CR, LF) from both ends, as header
/// value normalization and "parse a MIME type" do.
pub fn trim_http_whitespace(s: &[u8]) -> &[u8] {
    trim(s, b" \t\r\n")
}

fn trim<'a>(mut s: &'a [u8], strip: &[u8]) -> &'a [u8] {
    while let [first, rest @ ..] = s {
        if !strip.contains(first) {
            break;
        }
        s = rest;
    }
    while let [rest @ .., last] = s {
        if !strip.contains(last) {
            break;
        }
        s = rest;
    }
    s
}

/// A `#token` list over several header values, as RFC 9110 §5.6.1 tells a
/// recipient to read it: split at every comma, strip `OWS`, skip empty
/// elements. `Err` carries the first element that is not a token.
pub fn token_list<'a>(values: &[&'a [u8]]) -> Result<Vec<&'a [u8]>, &'a [u8]> {
    let mut items = Vec::new();
    for value in values {
        for element in value.split(|&b| b == b',') {
            let element = trim_ows(element);
            if element.is_empty() {
                continue;
            }
            if !is_token(element) {
                return Err(element);
            }
            items.push(element);
        }
    }
    Ok(items)
}

/// The number a string of ASCII digits denotes, saturated at `u64::MAX`.
pub fn decimal(digits: &[u8]) -> u64 {
    let significant = &digits[digits.iter().take_while(|&&d| d == b'0').count()..];
    if significant.len() > 20 {
        return u64::MAX;
    }
    let text = std::str::from_utf8(significant).expect("digits are ASCII");
    let n: u128 = if text.is_empty() {
        0
    } else {
        text.parse().expect("at most 20 digits fit a u128")
    };
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// Compares two strings of ASCII digits as numbers of any length.
pub fn compare_decimal(a: &[u8], b: &[u8]) -> Ordering {
    let a = String::from_utf8_lossy(a);
    let b = String::from_utf8_lossy(b);
    let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
    a.len().cmp(&b.len()).then(a.cmp(b))
}

/// Whether (`name`, `value`) is a
/// [CORS-safelisted request-header](https://fetch.spec.whatwg.org/#cors-safelisted-request-header).
pub fn is_cors_safelisted_request_header(name: &str, value: &[u8]) -> bool {
    spec::is_cors_safelisted_request_header(name.as_bytes(), value)
}

/// [Parse a MIME type](https://mimesniff.spec.whatwg.org/#parse-a-mime-type)
/// up to the essence, lowercased; `None` on failure.
pub fn mime_essence(value: &[u8]) -> Option<String> {
    spec::parse_a_mime_type_essence(&spec::isomorphic_decode(value))
}

/// A [simple range header value](https://fetch.spec.whatwg.org/#simple-range-header-value),
/// with or without whitespace allowed: (start digits, end digits), either
/// possibly empty but not both.
pub fn single_range(value: &[u8], allow_whitespace: bool) -> Option<(Vec<u8>, Vec<u8>)> {
    let (start, end) = spec::parse_single_range(value, allow_whitespace)?;
    let digits = |d: Option<String>| d.unwrap_or_default().into_bytes();
    Some((digits(start), digits(end)))
}

/// The headers of a [basic filtered response](https://fetch.spec.whatwg.org/#concept-filtered-response-basic).
pub fn basic_visible(headers: &HeaderList) -> HeaderList {
    let mut out = HeaderList::new();
    for (name, value) in headers.iter() {
        if !spec::is_forbidden_response_header_name(name.as_str().as_bytes()) {
            out.append(name.clone(), value);
        }
    }
    out
}

/// The headers of a [CORS filtered response](https://fetch.spec.whatwg.org/#concept-filtered-response-cors)
/// for a response whose headers are `headers`, in their order.
pub fn cors_visible(headers: &HeaderList, include_credentials: bool) -> HeaderList {
    let values: Vec<&[u8]> = headers.get_all(&ACCESS_CONTROL_EXPOSE_HEADERS).collect();
    // A header that does not parse exposes nothing.
    let exposed: Vec<Vec<u8>> = token_list(&values)
        .unwrap_or_default()
        .into_iter()
        .map(<[u8]>::to_vec)
        .collect();
    let everything = !include_credentials && exposed.iter().any(|n| n == b"*");
    let mut out = HeaderList::new();
    for (name, value) in headers.iter() {
        let n = name.as_str().as_bytes();
        let visible = spec::is_cors_safelisted_response_header_name(n, &exposed)
            || (everything && !spec::is_forbidden_response_header_name(n));
        if visible {
            out.append(name.clone(), value);
        }
    }
    out
}

/// The [CORS-preflight cache](https://fetch.spec.whatwg.org/#cors-preflight-cache)
/// as a map that never evicts, never clears, never shortens an entry, and
/// on every write both refreshes each matching entry and adds its own:
/// whatever the crate's bounded cache allows, this one allows too. The
/// `fetch` target checks that no request that needs a preflight goes out
/// without one unless this model says an earlier preflight allowed it.
#[derive(Debug, Default)]
pub struct PreflightCacheModel {
    /// Expiry by (key, credentials, is a header name, method or lowercase
    /// header name).
    entries: HashMap<(ModelKey, bool, bool, Vec<u8>), Timestamp>,
}

/// (network partition key, byte-serialized origin, URL without fragment).
pub type ModelKey = (Option<String>, String, String);

impl PreflightCacheModel {
    /// The entries a [method or header-name cache entry match](https://fetch.spec.whatwg.org/#concept-cache-match-method)
    /// could use: credentials true, or false without `include`; the item
    /// itself or `*`, which never covers `Authorization`.
    fn candidates(
        key: &ModelKey,
        include: bool,
        header: bool,
        item: &[u8],
    ) -> Vec<(ModelKey, bool, bool, Vec<u8>)> {
        let mut items = vec![item.to_vec()];
        if !(header && item == b"authorization") {
            items.push(b"*".to_vec());
        }
        let credentials: &[bool] = if include { &[true] } else { &[true, false] };
        let mut out = Vec::new();
        for &c in credentials {
            for i in &items {
                out.push((key.clone(), c, header, i.clone()));
            }
        }
        out
    }

    /// Whether a live entry allows `item` (a method, or with `header` a
    /// lowercase header name) for a request with `key` and credentials.
    pub fn allows(
        &self,
        key: &ModelKey,
        include: bool,
        header: bool,
        item: &[u8],
        now: Timestamp,
    ) -> bool {
        Self::candidates(key, include, header, item)
            .iter()
            .any(|c| self.entries.get(c).is_some_and(|&expires| expires > now))
    }

    /// Records what a passed preflight allowed, for `max_age` seconds.
    pub fn store(
        &mut self,
        key: &ModelKey,
        include: bool,
        methods: &[&[u8]],
        headers: &[&[u8]],
        max_age: u64,
        now: Timestamp,
    ) {
        let expires = now.saturating_add_secs(max_age);
        let items = methods.iter().map(|m| (false, m.to_vec()));
        let items = items.chain(headers.iter().map(|h| (true, h.to_ascii_lowercase())));
        for (header, item) in items {
            for candidate in Self::candidates(key, include, header, &item) {
                if let Some(e) = self.entries.get_mut(&candidate) {
                    if *e > now {
                        *e = (*e).max(expires);
                    }
                }
            }
            let own = self
                .entries
                .entry((key.clone(), include, header, item))
                .or_insert(expires);
            *own = (*own).max(expires);
        }
    }
}
