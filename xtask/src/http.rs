//! Small HTTP / Fetch helpers shared by the handler emulation and the
//! reference model that lays out the exchanges.

use url::Url;

pub type HeaderList = Vec<(String, String)>;

/// `get` a header (Fetch "get"): values of all headers named `name`
/// (case-insensitive), combined with ", ".
pub fn get(list: &[(String, String)], name: &str) -> Option<String> {
    let vals: Vec<&str> = list
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .collect();
    if vals.is_empty() {
        None
    } else {
        Some(vals.join(", "))
    }
}

pub fn has(list: &[(String, String)], name: &str) -> bool {
    list.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
}

pub fn remove(list: &mut HeaderList, name: &str) {
    list.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
}

pub fn is_token_char(b: u8) -> bool {
    matches!(
        b,
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
    ) || b.is_ascii_alphanumeric()
}

pub fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_token_char)
}

/// Fetch "extract header list values" for a `#token` list header:
/// None when absent, Some(Err) on failure, Some(Ok(list)) otherwise.
pub fn extract_list(list: &[(String, String)], name: &str) -> Option<Result<Vec<String>, ()>> {
    let v = get(list, name)?;
    let mut out = Vec::new();
    for item in v.split(',') {
        let t = item.trim_matches(|c| c == ' ' || c == '\t');
        if t.is_empty() {
            continue;
        }
        if !is_token(t) {
            return Some(Err(()));
        }
        out.push(t.to_string());
    }
    Some(Ok(out))
}

/// HTTP parsers strip leading and trailing SP / HTAB from a field value.
pub fn trim_ows(s: &str) -> String {
    s.trim_matches(|c| c == ' ' || c == '\t').to_string()
}

pub fn origin_of(u: &str) -> String {
    let url = Url::parse(u).expect("valid url");
    url.origin().ascii_serialization()
}

/// Same origin; an opaque origin (serialized "null") is same origin with nothing here.
pub fn same_origin(a: &str, b: &str) -> bool {
    if a == "null" || b == "null" {
        return false;
    }
    origin_of(a) == origin_of(b)
}

/// URL as it goes on the wire: serialized, without fragment.
pub fn wire_url(u: &str) -> String {
    let mut url = Url::parse(u).expect("valid url");
    url.set_fragment(None);
    url.to_string()
}

/// Query parameters as wptserve's `request.GET` sees them (parse_qsl,
/// blank values kept), in order.
pub fn query(u: &str) -> Vec<(String, String)> {
    let url = Url::parse(u).expect("valid url");
    url.query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

pub fn q_first(q: &[(String, String)], k: &str) -> Option<String> {
    q.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
}

pub fn q_has(q: &[(String, String)], k: &str) -> bool {
    q.iter().any(|(n, _)| n == k)
}

/// JavaScript `encodeURIComponent`.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{:02X}", b));
        }
    }
    out
}

/// Python `urllib.parse.quote_plus` (safe = "").
pub fn quote_plus(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"_.-~".contains(&b) {
            out.push(b as char);
        } else if b == b' ' {
            out.push('+');
        } else {
            out.push_str(&format!("%{:02X}", b));
        }
    }
    out
}

/// `new URL(rel, base).href`
pub fn join(base: &str, rel: &str) -> String {
    Url::parse(base)
        .expect("base")
        .join(rel)
        .expect("join")
        .to_string()
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// JavaScript `btoa` of an ASCII string.
pub fn b64_encode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::new();
    for chunk in b.chunks(3) {
        let n = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Base64 decoding (as Python's `base64.b64decode` of a well-formed value).
pub fn b64_decode(s: &str) -> Option<String> {
    let mut bits: u32 = 0;
    let mut n = 0;
    let mut out = vec![];
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = B64.iter().position(|x| *x == c)? as u32;
        bits = bits << 6 | v;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    String::from_utf8(out).ok()
}
