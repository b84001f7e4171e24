//! The header classes of the Fetch Standard, transcribed step by step from
//! <https://fetch.spec.whatwg.org/#terminology-headers> and
//! <https://mimesniff.spec.whatwg.org/#parse-a-mime-type>, apart from the
//! crate, so tests compare two implementations rather than one with itself.
//! Strings are isomorphic decodings (one `char` per byte), as the spec's
//! are. Speed does not matter here; obviousness does.
//!
//! Shared by `tests/model.rs` and the fuzz targets (`tests/fuzz_targets/`),
//! each of which includes it with `#[path]`.

/// [Isomorphic decode](https://infra.spec.whatwg.org/#isomorphic-decode).
pub fn isomorphic_decode(bytes: &[u8]) -> Vec<char> {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// [Collect a sequence of code points](https://infra.spec.whatwg.org/#collect-a-sequence-of-code-points).
fn collect(input: &[char], position: &mut usize, keep: impl Fn(char) -> bool) -> String {
    let start = *position;
    while *position < input.len() && keep(input[*position]) {
        *position += 1;
    }
    input[start..*position].iter().collect()
}

fn is_http_tab_or_space(c: char) -> bool {
    c == '\t' || c == ' '
}

/// [HTTP whitespace](https://fetch.spec.whatwg.org/#http-whitespace).
fn is_http_whitespace(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\t' | ' ')
}

/// [HTTP token code point](https://mimesniff.spec.whatwg.org/#http-token-code-point).
fn is_http_token_code_point(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// [CORS-unsafe request-header byte](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte).
pub fn is_cors_unsafe_request_header_byte(byte: u8) -> bool {
    (byte < 0x20 && byte != 0x09)
        || matches!(
            byte,
            0x22 | 0x28
                | 0x29
                | 0x3A
                | 0x3C
                | 0x3E
                | 0x3F
                | 0x40
                | 0x5B
                | 0x5C
                | 0x5D
                | 0x7B
                | 0x7D
                | 0x7F
        )
}

/// [Parse a MIME type](https://mimesniff.spec.whatwg.org/#parse-a-mime-type)
/// up to its essence; parameters never make it fail.
pub fn parse_a_mime_type_essence(input: &[char]) -> Option<String> {
    // 1. Remove leading and trailing HTTP whitespace.
    let start = input.iter().position(|&c| !is_http_whitespace(c));
    let end = input.iter().rposition(|&c| !is_http_whitespace(c));
    let input = match (start, end) {
        (Some(s), Some(e)) => &input[s..=e],
        _ => &[][..],
    };
    // 2.
    let mut position = 0;
    // 3.
    let type_ = collect(input, &mut position, |c| c != '/');
    // 4.
    if type_.is_empty() || !type_.chars().all(is_http_token_code_point) {
        return None;
    }
    // 5.
    if position >= input.len() {
        return None;
    }
    // 6. Skip the `/`.
    position += 1;
    // 7.
    let subtype = collect(input, &mut position, |c| c != ';');
    // 8.
    let subtype = subtype.trim_end_matches(is_http_whitespace);
    // 9.
    if subtype.is_empty() || !subtype.chars().all(is_http_token_code_point) {
        return None;
    }
    // 10. The essence, lowercased.
    Some(format!(
        "{}/{}",
        type_.to_ascii_lowercase(),
        subtype.to_ascii_lowercase()
    ))
}

/// Whether decimal digit strings compare `a > b` as numbers of any size.
fn decimal_greater(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
    a.len() > b.len() || (a.len() == b.len() && a > b)
}

/// [Parse a single range header value](https://fetch.spec.whatwg.org/#simple-range-header-value):
/// the start and end digit strings.
pub fn parse_single_range(
    value: &[u8],
    allow_whitespace: bool,
) -> Option<(Option<String>, Option<String>)> {
    // 1.
    let data = isomorphic_decode(value);
    // 2.
    if !data.starts_with(&['b', 'y', 't', 'e', 's']) {
        return None;
    }
    // 3.
    let mut position = 5;
    // Steps 4-7 and 10-13 alike: whitespace (if allowed), the delimiter
    // (failure without it), whitespace again.
    let delimiter = |position: &mut usize, delimiter: char| {
        let skip_whitespace = |position: &mut usize| {
            if allow_whitespace {
                collect(&data, position, is_http_tab_or_space);
            }
        };
        skip_whitespace(position);
        if data.get(*position) != Some(&delimiter) {
            return None;
        }
        *position += 1;
        skip_whitespace(position);
        Some(())
    };
    // 4-7.
    delimiter(&mut position, '=')?;
    // 8-9.
    let start = collect(&data, &mut position, |c| c.is_ascii_digit());
    let start = (!start.is_empty()).then_some(start);
    // 10-13.
    delimiter(&mut position, '-')?;
    // 14-15.
    let end = collect(&data, &mut position, |c| c.is_ascii_digit());
    let end = (!end.is_empty()).then_some(end);
    // 16.
    if position < data.len() {
        return None;
    }
    // 17-18.
    match (&start, &end) {
        (None, None) => None,
        (Some(s), Some(e)) if decimal_greater(s, e) => None,
        // 19.
        _ => Some((start, end)),
    }
}

/// [CORS-safelisted request-header](https://fetch.spec.whatwg.org/#cors-safelisted-request-header).
pub fn is_cors_safelisted_request_header(name: &[u8], value: &[u8]) -> bool {
    // 1.
    if value.len() > 128 {
        return false;
    }
    // 2. Byte-lowercase the name and switch on it.
    match name.to_ascii_lowercase().as_slice() {
        b"accept" => !value.iter().any(|&b| is_cors_unsafe_request_header_byte(b)),
        b"accept-language" | b"content-language" => value.iter().all(|&b| {
            matches!(b, 0x30..=0x39 | 0x41..=0x5A | 0x61..=0x7A)
                || matches!(b, 0x20 | 0x2A | 0x2C | 0x2D | 0x2E | 0x3B | 0x3D)
        }),
        b"content-type" => {
            if value.iter().any(|&b| is_cors_unsafe_request_header_byte(b)) {
                return false;
            }
            match parse_a_mime_type_essence(&isomorphic_decode(value)) {
                None => false,
                Some(essence) => [
                    "application/x-www-form-urlencoded",
                    "multipart/form-data",
                    "text/plain",
                ]
                .contains(&essence.as_str()),
            }
        }
        b"range" => match parse_single_range(value, false) {
            None => false,
            Some((start, _)) => start.is_some(),
        },
        _ => false,
    }
}

/// [Convert header names to a sorted-lowercase set](https://fetch.spec.whatwg.org/#convert-header-names-to-a-sorted-lowercase-set).
fn sorted_lowercase_set(names: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    let mut set: Vec<Vec<u8>> = Vec::new();
    for name in names {
        let lower = name.to_ascii_lowercase();
        if !set.contains(&lower) {
            set.push(lower);
        }
    }
    set.sort();
    set
}

/// [CORS-unsafe request-header names](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names).
pub fn cors_unsafe_request_header_names(headers: &[(Vec<u8>, Vec<u8>)]) -> Vec<Vec<u8>> {
    // 1-3.
    let mut unsafe_names = Vec::new();
    let mut potentially_unsafe_names = Vec::new();
    let mut safelist_value_size = 0;
    // 4.
    for (name, value) in headers {
        if !is_cors_safelisted_request_header(name, value) {
            unsafe_names.push(name.clone());
        } else {
            potentially_unsafe_names.push(name.clone());
            safelist_value_size += value.len();
        }
    }
    // 5.
    if safelist_value_size > 1024 {
        unsafe_names.extend(potentially_unsafe_names);
    }
    // 6.
    sorted_lowercase_set(unsafe_names)
}

/// [No-CORS-safelisted request-header name](https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header-name).
pub fn is_no_cors_safelisted_request_header_name(name: &[u8]) -> bool {
    [
        "Accept",
        "Accept-Language",
        "Content-Language",
        "Content-Type",
    ]
    .iter()
    .any(|n| n.as_bytes().eq_ignore_ascii_case(name))
}

/// [No-CORS-safelisted request-header](https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header).
pub fn is_no_cors_safelisted_request_header(name: &[u8], value: &[u8]) -> bool {
    is_no_cors_safelisted_request_header_name(name)
        && is_cors_safelisted_request_header(name, value)
}

/// [Collect an HTTP quoted string](https://fetch.spec.whatwg.org/#collect-an-http-quoted-string)
/// with extract-value false: the raw string, quotes included.
fn collect_an_http_quoted_string(input: &[char], position: &mut usize) -> String {
    // 1.
    let start = *position;
    // 3-4.
    assert_eq!(input[*position], '"');
    *position += 1;
    // 5.
    loop {
        // 5.1.
        collect(input, position, |c| c != '"' && c != '\\');
        // 5.2.
        if *position >= input.len() {
            break;
        }
        // 5.3-5.4.
        let quote_or_backslash = input[*position];
        *position += 1;
        // 5.5.
        if quote_or_backslash == '\\' {
            if *position >= input.len() {
                break;
            }
            *position += 1;
        } else {
            // 5.6.
            break;
        }
    }
    // 7. From the opening quote to where the position stopped.
    input[start..*position].iter().collect()
}

/// [Get, decode, and split](https://fetch.spec.whatwg.org/#header-value-get-decode-and-split).
pub fn get_decode_split(value: &[u8]) -> Vec<String> {
    // 1-4.
    let input = isomorphic_decode(value);
    let mut position = 0;
    let mut values = Vec::new();
    let mut temporary_value = String::new();
    // 5.
    loop {
        // 5.1.
        temporary_value.push_str(&collect(&input, &mut position, |c| c != '"' && c != ','));
        // 5.2.
        if position < input.len() && input[position] == '"' {
            temporary_value.push_str(&collect_an_http_quoted_string(&input, &mut position));
            if position < input.len() {
                continue;
            }
        }
        // 5.3-5.5.
        values.push(
            temporary_value
                .trim_matches(is_http_tab_or_space)
                .to_owned(),
        );
        temporary_value.clear();
        // 5.6.
        if position >= input.len() {
            return values;
        }
        // 5.7-5.8.
        assert_eq!(input[position], ',');
        position += 1;
    }
}

/// [Forbidden method](https://fetch.spec.whatwg.org/#forbidden-method).
pub fn is_forbidden_method(method: &[u8]) -> bool {
    ["CONNECT", "TRACE", "TRACK"]
        .iter()
        .any(|m| m.as_bytes().eq_ignore_ascii_case(method))
}

/// [Forbidden request-header](https://fetch.spec.whatwg.org/#forbidden-request-header).
pub fn is_forbidden_request_header(name: &[u8], value: &[u8]) -> bool {
    // 1.
    let names = [
        "Accept-Charset",
        "Accept-Encoding",
        "Access-Control-Request-Headers",
        "Access-Control-Request-Method",
        "Connection",
        "Content-Length",
        "Cookie",
        "Cookie2",
        "Date",
        "DNT",
        "Expect",
        "Host",
        "Keep-Alive",
        "Origin",
        "Referer",
        "Set-Cookie",
        "TE",
        "Trailer",
        "Transfer-Encoding",
        "Upgrade",
        "Via",
    ];
    if names
        .iter()
        .any(|n| n.as_bytes().eq_ignore_ascii_case(name))
    {
        return true;
    }
    // 2.
    let lower = name.to_ascii_lowercase();
    if lower.starts_with(b"proxy-") || lower.starts_with(b"sec-") {
        return true;
    }
    // 3.
    let overrides = [
        "X-HTTP-Method",
        "X-HTTP-Method-Override",
        "X-Method-Override",
    ];
    if overrides
        .iter()
        .any(|n| n.as_bytes().eq_ignore_ascii_case(name))
    {
        for method in get_decode_split(value) {
            // Isomorphic encode: each char back to its byte.
            let encoded: Vec<u8> = method.chars().map(|c| c as u8).collect();
            if is_forbidden_method(&encoded) {
                return true;
            }
        }
    }
    // 4.
    false
}

/// [Forbidden response-header name](https://fetch.spec.whatwg.org/#forbidden-response-header-name).
pub fn is_forbidden_response_header_name(name: &[u8]) -> bool {
    ["Set-Cookie", "Set-Cookie2"]
        .iter()
        .any(|n| n.as_bytes().eq_ignore_ascii_case(name))
}

/// [CORS-safelisted response-header name](https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name)
/// given `list`.
pub fn is_cors_safelisted_response_header_name(name: &[u8], list: &[Vec<u8>]) -> bool {
    [
        "Cache-Control",
        "Content-Language",
        "Content-Length",
        "Content-Type",
        "Expires",
        "Last-Modified",
        "Pragma",
    ]
    .iter()
    .any(|n| n.as_bytes().eq_ignore_ascii_case(name))
        || list
            .iter()
            .any(|item| !is_forbidden_response_header_name(item) && item.eq_ignore_ascii_case(name))
}
