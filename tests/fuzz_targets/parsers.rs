//! Targets for the header-value grammars CORS reads. The input is the
//! header's values, one per line (see [`super::lines`]); each target checks
//! the parser against [`super::reference`], a round trip through its own
//! serialization, and what the engine then does with the parse.

use fetch_cors::cache::{CacheKey, Credentials};
use fetch_cors::error::Hop;
use fetch_cors::headers::parse::{
    extract_max_age, extract_token_list, get_decode_split, parse_single_range, MaxAge, SingleRange,
};
use fetch_cors::headers::request::{
    cors_unsafe_request_header_names, is_cors_safelisted_request_header,
    is_forbidden_request_header,
};
use fetch_cors::mime::{has_essence, parse_mime_type_essence};
use fetch_cors::preflight::{check_preflight_response, max_age as policy_max_age, PreflightFor};
use fetch_cors::request::CredentialsMode;
use fetch_cors::response::{cors_exposed_header_names, cors_filtered_headers};
use fetch_cors::{
    FetchError, HeaderList, Policy, PreflightCache, Profile, ResponseHead, Timestamp,
};
use http::header::{
    HeaderName, ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS,
    ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS,
    ACCESS_CONTROL_MAX_AGE, AUTHORIZATION, CONTENT_TYPE, RANGE,
};
use http::Method;

use super::{is_within, lines, reference};

const ORIGIN: &str = "https://app.example";
const URL: &str = "https://api.example/r";

/// How many listed items a target feeds back into the engine: enough to
/// cover duplicates and `*`, few enough to keep executions fast.
const ENGINE_ITEMS: usize = 16;

/// A header list holding `values` under `name`.
fn list_of(name: &HeaderName, values: &[&[u8]]) -> HeaderList {
    let mut list = HeaderList::new();
    for value in values {
        list.append(name.clone(), *value);
    }
    list
}

/// `extract_token_list` over `values`, owned, for comparisons.
fn parse_owned(name: &HeaderName, values: &[&[u8]]) -> Option<Result<Vec<Vec<u8>>, Vec<u8>>> {
    let list = list_of(name, values);
    extract_token_list(&list, name).map(|parsed| {
        parsed
            .map(|items| items.into_iter().map(<[u8]>::to_vec).collect())
            .map_err(|e| e.item)
    })
}

/// The properties every `#token` list header shares (`#method`,
/// `#field-name`). Returns the list, or `None` when absent or invalid.
fn token_list(name: &HeaderName, values: &[&[u8]]) -> Option<Vec<Vec<u8>>> {
    let list = list_of(name, values);
    let parsed = extract_token_list(&list, name);
    let Some(parsed) = parsed else {
        assert!(values.is_empty(), "a present header parsed as absent");
        return None;
    };
    assert!(!values.is_empty(), "an absent header parsed as present");
    let items = match (parsed, reference::token_list(values)) {
        (Ok(items), Ok(expected)) => {
            assert_eq!(items, expected);
            items
        }
        (Err(error), Err(bad)) => {
            assert_eq!(error.item, bad, "the error names the first bad element");
            assert!(
                values.contains(&&error.value[..]),
                "the error carries the whole value"
            );
            assert!(error.value.windows(bad.len()).any(|w| w == bad));
            return None;
        }
        (got, expected) => panic!("parsed {got:?}, the reference reads {expected:?}"),
    };
    for value in values {
        // A quoted-string is never a token, so a valid list holds no quote,
        // and "get, decode, and split" then cuts it at the same commas.
        assert!(!value.contains(&b'"'));
        let split: Vec<&[u8]> = get_decode_split(value)
            .into_iter()
            .filter(|piece| !piece.is_empty())
            .collect();
        assert_eq!(split, reference::token_list(&[value]).unwrap());
    }
    for item in &items {
        let borrowed = list.iter().any(|(_, value)| is_within(item, value));
        assert!(borrowed, "items borrow from the header list");
    }
    let items: Vec<Vec<u8>> = items.into_iter().map(<[u8]>::to_vec).collect();
    // Round trip: serialized as one header joined with ", ", or as one
    // header per item, the list reads back the same.
    let joined = items.join(&b", "[..]);
    assert_eq!(
        parse_owned(name, &[&joined]),
        Some(Ok(items.clone())),
        "joined"
    );
    if !items.is_empty() {
        let separate: Vec<&[u8]> = items.iter().map(Vec::as_slice).collect();
        assert_eq!(
            parse_owned(name, &separate),
            Some(Ok(items.clone())),
            "one per header"
        );
    }
    Some(items)
}

fn hop() -> Hop {
    Hop {
        url: URL.parse().unwrap(),
        redirects: 0,
        preflight: true,
        origin: ORIGIN.into(),
    }
}

/// A preflight response that passes the CORS check for any credentials
/// mode, plus `extra`.
fn preflight_response(extra: &HeaderList) -> ResponseHead {
    let mut headers = extra.clone();
    headers.append(ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN.as_bytes());
    headers.append(ACCESS_CONTROL_ALLOW_CREDENTIALS, &b"true"[..]);
    ResponseHead {
        status: 204,
        headers,
    }
}

/// An allow list from fuzz input: `data`'s lines as `name` headers, the
/// items the reference parse finds in them (`None` when it fails), and a
/// preflight response carrying them.
fn allow_list(name: &HeaderName, data: &[u8]) -> (bool, Option<Vec<Vec<u8>>>, ResponseHead) {
    let values = lines(data);
    let items = token_list(name, &values);
    let response = preflight_response(&list_of(name, &values));
    (values.is_empty(), items, response)
}

/// Runs step 7 of CORS-preflight fetch for a request with `method` and
/// `headers`.
fn preflight(
    response: &ResponseHead,
    method: &Method,
    headers: &HeaderList,
    include: bool,
    policy: &Policy,
) -> Result<(), FetchError> {
    let unsafe_names = cors_unsafe_request_header_names(headers);
    let request = PreflightFor {
        method,
        headers,
        unsafe_names: &unsafe_names,
        credentials: if include {
            CredentialsMode::Include
        } else {
            CredentialsMode::Omit
        },
        origin: ORIGIN,
        use_cors_preflight: false,
    };
    check_preflight_response(response, &request, policy, &hop).map(|_| ())
}

fn cache_key() -> CacheKey<'static> {
    CacheKey {
        partition: None,
        origin: ORIGIN,
        url: URL,
    }
}

/// `Access-Control-Allow-Methods`: the `#method` list properties; a
/// preflight passes for every listed method and for `PUT` exactly when it
/// is listed (or `*` is, without credentials); the cache then matches every
/// listed method.
pub fn allow_methods(data: &[u8]) {
    let (absent, items, response) = allow_list(&ACCESS_CONTROL_ALLOW_METHODS, data);
    let policy = Policy::spec();
    let none = HeaderList::new();
    let put = |include| preflight(&response, &Method::PUT, &none, include, &policy);
    let Some(items) = items else {
        if !absent {
            assert!(matches!(
                put(false),
                Err(FetchError::InvalidAllowMethods { .. })
            ));
        }
        return;
    };
    let methods: Vec<Method> = items
        .iter()
        .take(ENGINE_ITEMS)
        .filter_map(|m| Method::from_bytes(m).ok())
        .collect();
    for method in &methods {
        for include in [false, true] {
            preflight(&response, method, &none, include, &policy)
                .unwrap_or_else(|e| panic!("{method} is listed: {e}"));
        }
    }
    let listed = |m: &[u8]| items.iter().any(|i| i == m);
    assert_eq!(put(false).is_ok(), listed(b"PUT") || listed(b"*"));
    assert_eq!(
        put(true).is_ok(),
        listed(b"PUT"),
        "`*` is literal with credentials"
    );
    // The cache keeps what a preflight listed, byte for byte.
    let mut cache = PreflightCache::new(items.len());
    let credentials = Credentials::spec(false);
    let now = Timestamp::ZERO;
    let bytes = items.iter().map(Vec::as_slice);
    cache.store(&cache_key(), credentials, bytes, [], 60, now);
    cache.check_invariants();
    for method in &methods {
        assert!(cache.method_match(&cache_key(), method, credentials, now));
    }
}

/// `Access-Control-Allow-Headers`: the `#field-name` list properties; a
/// preflight passes for a request carrying every listed name, fails for an
/// unlisted one unless `*` counts, and `Authorization` needs listing by
/// name under the spec; the cache then matches every listed name.
pub fn allow_headers(data: &[u8]) {
    let (absent, items, response) = allow_list(&ACCESS_CONTROL_ALLOW_HEADERS, data);
    let spec = Policy::spec();
    let get = Method::GET;
    // 0x01 is a CORS-unsafe byte, so each of these headers needs the preflight.
    let request_with = |names: &[HeaderName]| {
        let mut headers = HeaderList::new();
        for n in names {
            headers.append(n.clone(), &b"\x01"[..]);
        }
        headers
    };
    let unlisted = HeaderName::from_static("x-never-listed");
    let Some(items) = items else {
        if !absent {
            let headers = request_with(std::slice::from_ref(&unlisted));
            assert!(matches!(
                preflight(&response, &get, &headers, false, &spec),
                Err(FetchError::InvalidAllowHeaders { .. })
            ));
        }
        return;
    };
    let listed = |n: &HeaderName| items.iter().any(|i| i.eq_ignore_ascii_case(n.as_ref()));
    let star = items.iter().any(|i| i == b"*");
    let names: Vec<HeaderName> = items
        .iter()
        .take(ENGINE_ITEMS)
        .filter_map(|n| HeaderName::from_bytes(n).ok())
        .collect();
    let all_listed = request_with(&names);
    for include in [false, true] {
        preflight(&response, &get, &all_listed, include, &spec)
            .unwrap_or_else(|e| panic!("every name is listed: {e}"));
    }
    if !listed(&unlisted) {
        let headers = request_with(std::slice::from_ref(&unlisted));
        assert_eq!(
            preflight(&response, &get, &headers, false, &spec).is_ok(),
            star
        );
        assert!(preflight(&response, &get, &headers, true, &spec).is_err());
    }
    let authorization = request_with(std::slice::from_ref(&AUTHORIZATION));
    let explicit = listed(&AUTHORIZATION);
    for include in [false, true] {
        let ok = preflight(&response, &get, &authorization, include, &spec).is_ok();
        assert_eq!(ok, explicit, "`*` never covers Authorization in the spec");
        let chromium = Policy::from_profile(Profile::Chromium);
        let ok = preflight(&response, &get, &authorization, include, &chromium).is_ok();
        assert_eq!(ok, explicit || (star && !include));
    }
    // The cache keeps the names case-insensitively, `*` never for Authorization.
    let mut cache = PreflightCache::new(items.len());
    let credentials = Credentials::spec(false);
    let now = Timestamp::ZERO;
    let bytes = items.iter().map(Vec::as_slice);
    cache.store(&cache_key(), credentials, [], bytes, 60, now);
    cache.check_invariants();
    for n in &names {
        assert!(cache.header_name_match(&cache_key(), n, credentials, now));
    }
    let cached = cache.header_name_match(&cache_key(), &AUTHORIZATION, credentials, now);
    assert_eq!(cached, explicit);
}

/// `Access-Control-Expose-Headers`: the `#field-name` list properties, and
/// a CORS filtered response shows exactly the seven safelisted names and
/// the listed ones (all but `Set-Cookie` for `*` without credentials), in
/// the network's order.
pub fn expose_headers(data: &[u8]) {
    let name = ACCESS_CONTROL_EXPOSE_HEADERS;
    let values = lines(data);
    let items = token_list(&name, &values);
    let mut response = list_of(&name, &values);
    for item in items.iter().flatten().take(ENGINE_ITEMS) {
        if let Ok(listed) = HeaderName::from_bytes(item) {
            response.append(listed, &b"v"[..]);
        }
    }
    for other in [
        "x-never-listed",
        "set-cookie",
        "set-cookie2",
        "content-type",
        "date",
    ] {
        response.append(HeaderName::from_static(other), &b"v"[..]);
    }
    for credentials in [CredentialsMode::Omit, CredentialsMode::Include] {
        let exposed = cors_exposed_header_names(&response, credentials);
        let shown = cors_filtered_headers(&response, &exposed);
        let include = credentials == CredentialsMode::Include;
        assert_eq!(shown, reference::cors_visible(&response, include));
    }
}

/// `Access-Control-Max-Age`: absent, one `delta-seconds` (saturating), or
/// invalid; a parsed age printed back parses to itself; every profile's
/// reading stays under its cap and does what its documentation says.
pub fn max_age(data: &[u8]) {
    let values = lines(data);
    let list = list_of(&ACCESS_CONTROL_MAX_AGE, &values);
    let parsed = extract_max_age(&list);
    let expected = match values[..] {
        [] => MaxAge::Absent,
        [value] => {
            let value = reference::trim_ows(value);
            let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
            if digits(value) {
                MaxAge::Seconds(reference::decimal(value))
            } else {
                let negative = value.first() == Some(&b'-') && digits(&value[1..]);
                MaxAge::Invalid { negative }
            }
        }
        // `delta-seconds` allows one header only.
        _ => MaxAge::Invalid { negative: false },
    };
    assert_eq!(parsed, expected);
    if let MaxAge::Seconds(n) = parsed {
        let printed = n.to_string();
        let again = list_of(&ACCESS_CONTROL_MAX_AGE, &[printed.as_bytes()]);
        assert_eq!(extract_max_age(&again), parsed);
    }
    for profile in Profile::ALL {
        let policy = Policy::from_profile(profile);
        let cap = |n: u64| policy.max_age_cap.map_or(n, |cap| n.min(cap));
        let got = policy_max_age(&list, &policy);
        if let (Some(age), Some(limit)) = (got, policy.max_age_cap) {
            assert!(age <= limit, "{profile}: {age} over the cap {limit}");
        }
        match (profile, parsed) {
            (_, MaxAge::Absent) => assert_eq!(got, Some(cap(policy.default_max_age))),
            // Firefox reads one empty value as none.
            (Profile::Firefox, MaxAge::Invalid { .. })
                if values.len() == 1 && reference::trim_ows(values[0]).is_empty() =>
            {
                assert_eq!(got, Some(cap(policy.default_max_age)))
            }
            (Profile::Firefox, MaxAge::Seconds(0) | MaxAge::Invalid { .. }) => {
                assert_eq!(got, None)
            }
            (_, MaxAge::Seconds(n)) => assert_eq!(got, Some(cap(n))),
            (Profile::Spec, MaxAge::Invalid { .. }) => {
                assert_eq!(got, Some(policy.default_max_age))
            }
            (_, MaxAge::Invalid { negative: true }) => assert_eq!(got, Some(0)),
            (_, MaxAge::Invalid { negative: false }) => assert!(got.is_some()),
        }
    }
}

/// MIME type essence (the `Content-Type` safelisting rule): agrees with
/// the reference parse; the type and subtype are tokens borrowed from the
/// input in order; the lowercased essence is ASCII and parses to itself;
/// `Content-Type` is safelisted exactly for the three essences.
pub fn mime_essence(data: &[u8]) {
    let essence = parse_mime_type_essence(data);
    let expected = reference::mime_essence(data);
    assert_eq!(
        essence.is_some(),
        expected.is_some(),
        "{essence:?} vs {expected:?}"
    );
    let safelisted = is_cors_safelisted_request_header(&CONTENT_TYPE, data);
    // The one-essence question agrees with the parse.
    for candidate in [
        "text/plain",
        "multipart/form-data",
        "application/x-www-form-urlencoded",
    ] {
        assert_eq!(
            has_essence(data, candidate),
            expected.as_deref() == Some(candidate),
            "has_essence({candidate})"
        );
    }
    let Some(essence) = essence else {
        assert!(!safelisted, "an unparsable Content-Type is not safelisted");
        return;
    };
    let lower = expected.unwrap();
    assert!(reference::is_token(essence.type_) && reference::is_token(essence.subtype));
    assert!(is_within(essence.type_, data) && is_within(essence.subtype, data));
    assert!(essence.type_.as_ptr() < essence.subtype.as_ptr());
    assert!(lower
        .bytes()
        .all(|b| !b.is_ascii_uppercase() && (b == b'/' || reference::is_tchar(b))));
    let (type_, subtype) = lower.split_once('/').unwrap();
    assert!(essence.type_.eq_ignore_ascii_case(type_.as_bytes()));
    assert!(essence.subtype.eq_ignore_ascii_case(subtype.as_bytes()));
    assert!(essence.is(&lower));
    assert!(has_essence(data, &lower));
    let again = parse_mime_type_essence(lower.as_bytes()).expect("an essence parses");
    assert_eq!(
        (again.type_, again.subtype),
        (type_.as_bytes(), subtype.as_bytes())
    );
    let allowed = matches!(
        &*lower,
        "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain"
    );
    let clean = !data.iter().any(|&b| reference::is_cors_unsafe_byte(b));
    assert_eq!(safelisted, allowed && clean && data.len() <= 128);
}

/// A single `Range` value: the strict parse agrees with the reference; the
/// bounds are digit runs borrowed from the input, ordered, and print back
/// to the same parse; the whitespace-tolerant parse accepts whatever the
/// strict one does; `Range` is safelisted exactly for `bytes=N-` and
/// `bytes=N-M` of at most 128 bytes.
pub fn range(data: &[u8]) {
    let strict = parse_single_range(data, false);
    let lenient = parse_single_range(data, true);
    for (parsed, allow_whitespace) in [(&strict, false), (&lenient, true)] {
        assert_eq!(
            parsed.as_ref().map(|&r| {
                let (start, end) = bounds(r);
                (start.to_vec(), end.to_vec())
            }),
            reference::single_range(data, allow_whitespace),
            "whitespace allowed: {allow_whitespace}"
        );
    }
    for parsed in [strict, lenient].into_iter().flatten() {
        assert!(data.starts_with(b"bytes"));
        assert!(parsed.start.is_some() || parsed.end.is_some());
        for bound in [parsed.start, parsed.end].into_iter().flatten() {
            assert!(!bound.is_empty() && bound.iter().all(u8::is_ascii_digit));
            assert!(is_within(bound, data), "bounds borrow from the input");
        }
        if let (Some(start), Some(end)) = (parsed.start, parsed.end) {
            assert!(reference::compare_decimal(start, end).is_le());
            assert!(start.as_ptr() < end.as_ptr());
        }
        let printed = [
            b"bytes=",
            parsed.start.unwrap_or_default(),
            b"-",
            parsed.end.unwrap_or_default(),
        ]
        .concat();
        let again = parse_single_range(&printed, false).expect("a printed range parses");
        assert_eq!(bounds(again), bounds(parsed));
    }
    if let Some(strict) = strict {
        assert_eq!(lenient.map(bounds), Some(bounds(strict)));
    }
    if !data.iter().any(|&b| b == b' ' || b == b'\t') {
        assert_eq!(strict, lenient, "without whitespace the two agree");
    }
    let safelisted = is_cors_safelisted_request_header(&RANGE, data);
    let from_start = strict.is_some_and(|r| r.start.is_some());
    assert_eq!(safelisted, from_start && data.len() <= 128);
}

/// A range's bounds, an absent one empty.
fn bounds(range: SingleRange<'_>) -> (&[u8], &[u8]) {
    (
        range.start.unwrap_or_default(),
        range.end.unwrap_or_default(),
    )
}

/// [Get, decode, and split](https://fetch.spec.whatwg.org/#header-value-get-decode-and-split):
/// one piece per comma outside a quoted string, plus one; pieces are
/// trimmed, in order, and borrowed; joining them with `,` splits back to
/// the same pieces; method-override headers are forbidden exactly when a
/// piece is a forbidden method.
pub fn decode_split(data: &[u8]) {
    let pieces = get_decode_split(data);
    assert_eq!(pieces.len(), commas_outside_quotes(data) + 1);
    let mut end = data.as_ptr() as usize;
    for piece in &pieces {
        assert!(is_within(piece, data));
        assert_eq!(reference::trim_ows(piece), *piece, "pieces are trimmed");
        if !piece.is_empty() {
            assert!(piece.as_ptr() as usize >= end, "pieces are in order");
            end = piece.as_ptr() as usize + piece.len();
        }
        if !piece.contains(&b'"') {
            assert!(!piece.contains(&b','));
        }
    }
    let joined = pieces.join(&b","[..]);
    assert_eq!(get_decode_split(&joined), pieces);
    let method_override = HeaderName::from_static("x-http-method-override");
    assert_eq!(
        is_forbidden_request_header(&method_override, data),
        pieces.iter().any(|p| reference::is_forbidden_method(p))
    );
}

/// Commas outside [HTTP quoted strings](https://fetch.spec.whatwg.org/#collect-an-http-quoted-string),
/// where a backslash escapes the next byte and an unclosed string runs to
/// the end.
fn commas_outside_quotes(value: &[u8]) -> usize {
    let (mut quoted, mut escaped, mut commas) = (false, false, 0);
    for &b in value {
        match (quoted, escaped, b) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (true, false, b'"') => quoted = false,
            (true, false, _) => {}
            (false, _, b'"') => quoted = true,
            (false, _, b',') => commas += 1,
            (false, _, _) => {}
        }
    }
    commas
}
