//! Headers ([`#terminology-headers`](https://fetch.spec.whatwg.org/#terminology-headers)).
//!
//! A Fetch header list is an ordered multimap whose values are byte
//! sequences, not `http::HeaderValue`s: Fetch allows bytes such as 0x01 or
//! 0x7F in a value, which `http` refuses, and CORS safelisting has to see
//! them to classify them. Names are `http::HeaderName`s (lowercase tokens),
//! which makes every byte-case-insensitive name comparison a plain equality.
//!
//! - [`list`]: the header list and its operations (get, combine, sort and
//!   combine).
//! - [`parse`]: the header-value grammars CORS reads (`#method`,
//!   `#field-name`, `delta-seconds`, a single `Range` value, get, decode and
//!   split).
//! - [`request`]: request-header classes (CORS-safelisted, CORS-unsafe
//!   request-header names, forbidden, no-CORS-safelisted, ...).
//! - [`response`]: response-header classes (forbidden response-header
//!   names, CORS-safelisted response-header names).

mod inline_vec;
pub mod list;
pub(crate) mod names;
pub mod parse;
pub mod request;
pub mod response;

pub use list::HeaderList;

/// An [HTTP tab or space](https://fetch.spec.whatwg.org/#http-tab-or-space) byte.
pub(crate) fn is_http_tab_or_space(b: u8) -> bool {
    b == b'\t' || b == b' '
}

/// An [HTTP whitespace](https://fetch.spec.whatwg.org/#http-whitespace) byte.
pub(crate) fn is_http_whitespace(b: u8) -> bool {
    matches!(b, b'\t' | b' ' | b'\n' | b'\r')
}

/// `tchar` from RFC 9110, as a table of the bytes that are not one: a
/// token (a method or a header name) has none of them.
const NOT_TCHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = !(c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            ));
        b += 1;
    }
    table
};

/// Whether `bytes` is a `token` (one or more `tchar`): the grammar of a
/// [method](https://fetch.spec.whatwg.org/#concept-method) and of a
/// [header name](https://fetch.spec.whatwg.org/#header-name).
pub fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty() && !any_byte_in(&NOT_TCHAR, bytes)
}

/// Whether `b` is a `tchar`.
pub(crate) fn is_tchar(b: u8) -> bool {
    !NOT_TCHAR[usize::from(b)]
}

/// Whether `bytes` is a [header value](https://fetch.spec.whatwg.org/#header-value):
/// no leading or trailing HTTP tab or space, and no 0x00, 0x0A or 0x0D.
///
/// ```
/// use fetch_cors::headers::is_header_value;
/// assert!(is_header_value(b"a\x7fb"));
/// assert!(!is_header_value(b" a"));
/// assert!(!is_header_value(b"a\x00b"));
/// ```
pub fn is_header_value(bytes: &[u8]) -> bool {
    let edges_ok = match (bytes.first(), bytes.last()) {
        (Some(&first), Some(&last)) => !is_http_tab_or_space(first) && !is_http_tab_or_space(last),
        _ => true,
    };
    edges_ok && !bytes.iter().any(|&b| matches!(b, 0x00 | b'\n' | b'\r'))
}

/// [Normalize](https://fetch.spec.whatwg.org/#concept-header-value-normalize)
/// a potential header value: strip leading and trailing HTTP whitespace.
///
/// ```
/// use fetch_cors::headers::normalize_header_value;
/// assert_eq!(normalize_header_value(b"\r\n x \t"), b"x");
/// ```
pub fn normalize_header_value(bytes: &[u8]) -> &[u8] {
    trim_bytes(bytes, is_http_whitespace)
}

/// Whether any byte of `bytes` is marked in `table`. The bytes are read
/// eight at a time into one flag with no branch between them: the
/// safelisting checks run this over every value of every request, and a
/// byte-by-byte early exit spent most of its time on the loop itself.
pub(crate) fn any_byte_in(table: &[bool; 256], bytes: &[u8]) -> bool {
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut hit = false;
        for &b in chunk {
            hit |= table[usize::from(b)];
        }
        if hit {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| table[usize::from(b)])
}

/// Strips bytes matching `strip` from both ends.
pub(crate) fn trim_bytes(bytes: &[u8], strip: impl Fn(u8) -> bool) -> &[u8] {
    let start = bytes.iter().position(|&b| !strip(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| !strip(b))
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

/// Renders header bytes for a message: printable ASCII as is, anything else
/// (and the backslash) as `\xNN`, so a diagnostic shows exactly what the
/// server sent.
///
/// ```
/// use fetch_cors::headers::escape_bytes;
/// assert_eq!(escape_bytes(b"tru\x01e\\"), "tru\\x01e\\x5c");
/// ```
pub fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if (0x20..0x7f).contains(&b) && b != b'\\' {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_accepts_tchar_only() {
        assert!(is_token(b"X-Foo"));
        assert!(is_token(b"*"));
        assert!(is_token(b"!#$%&'*+-.^_`|~09azAZ"));
        for bad in [&b""[..], b"X Foo", b"X:Foo", b"\xc3\x84", b"a,b", b"\"q\""] {
            assert!(!is_token(bad), "{bad:?}");
        }
    }

    #[test]
    fn header_value_rules() {
        assert!(is_header_value(b""));
        assert!(is_header_value(b"a\x01b\x7f\xff"));
        assert!(is_header_value(b"a b"));
        for bad in [&b" a"[..], b"a ", b"\ta", b"a\rb", b"a\nb", b"a\x00b"] {
            assert!(!is_header_value(bad), "{bad:?}");
        }
    }

    #[test]
    fn normalize_strips_http_whitespace() {
        assert_eq!(normalize_header_value(b" \t\r\nx y\n"), b"x y");
        assert_eq!(normalize_header_value(b"   "), b"");
        assert_eq!(normalize_header_value(b"\x0bx"), b"\x0bx");
    }

    #[test]
    fn any_byte_in_finds_a_marked_byte_at_every_position() {
        let mut table = [false; 256];
        table[usize::from(b'!')] = true;
        for len in 0..40 {
            let clean = vec![b'a'; len];
            assert!(!any_byte_in(&table, &clean), "len {len}");
            for at in 0..len {
                let mut dirty = clean.clone();
                dirty[at] = b'!';
                assert!(any_byte_in(&table, &dirty), "len {len}, at {at}");
            }
        }
    }

    #[test]
    fn escape_shows_non_printable_bytes() {
        assert_eq!(escape_bytes(b"a\x01\xff\\"), "a\\x01\\xff\\x5c");
    }
}
