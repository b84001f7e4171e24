//! The header-value grammars that CORS reads.
//!
//! Everything here borrows from the value it parses and runs in one pass, so
//! a 1 MiB `Access-Control-Allow-Headers` costs one scan.

use http::header::HeaderName;

use super::inline_vec::InlineVec;
use super::{is_http_tab_or_space, is_tchar, trim_bytes, HeaderList};

/// [Get, decode, and split](https://fetch.spec.whatwg.org/#header-value-get-decode-and-split)
/// a header value: split on commas outside double-quoted strings, keep
/// quoted strings verbatim (quotes included), trim HTTP tabs and spaces from
/// each piece, keep empty pieces.
///
/// Isomorphic decoding is the identity on bytes, so the pieces are byte
/// slices of `value`.
///
/// ```
/// use fetch_cors::headers::parse::get_decode_split;
/// assert_eq!(get_decode_split(b"nosniff,"), [&b"nosniff"[..], b""]);
/// assert_eq!(get_decode_split(b"\"1,2\", 3"), [&b"\"1,2\""[..], b"3"]);
/// assert_eq!(get_decode_split(b"text/html;\", x/x"), [&b"text/html;\", x/x"[..]]);
/// ```
pub fn get_decode_split(value: &[u8]) -> Vec<&[u8]> {
    let mut values = Vec::new();
    let mut position = 0;
    let mut start = 0;
    loop {
        // 4.1: code points that are neither `"` nor `,`.
        while position < value.len() && value[position] != b'"' && value[position] != b',' {
            position += 1;
        }
        // 4.2: a quoted string is appended raw; keep collecting after it.
        if position < value.len() && value[position] == b'"' {
            position = skip_quoted_string(value, position);
            if position < value.len() {
                continue;
            }
        }
        // 4.3-4.5
        values.push(trim_bytes(&value[start..position], is_http_tab_or_space));
        // 4.6-4.8
        if position >= value.len() {
            return values;
        }
        position += 1;
        start = position;
    }
}

/// [Collect an HTTP quoted string](https://fetch.spec.whatwg.org/#collect-an-http-quoted-string)
/// starting at the `"` at `position`, returning the position after it (the
/// raw form: nothing is unescaped).
fn skip_quoted_string(value: &[u8], mut position: usize) -> usize {
    position += 1;
    while position < value.len() {
        match value[position] {
            b'"' => return position + 1,
            b'\\' => position += 2,
            _ => position += 1,
        }
    }
    value.len()
}

/// Why an `#method` or `#field-name` header failed to parse: the element
/// that is not a token, and the whole value it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListSyntaxError {
    /// The element that is not a token, trimmed.
    pub item: Vec<u8>,
    /// The whole header value.
    pub value: Vec<u8>,
}

/// [Extract header list values](https://fetch.spec.whatwg.org/#extract-header-list-values)
/// for a header whose grammar is a comma-separated list of tokens
/// (`#method`: `Access-Control-Allow-Methods`; `#field-name`:
/// `Access-Control-Allow-Headers`, `Access-Control-Expose-Headers`).
///
/// `None` when the header is absent; an error when any element of any of
/// its headers is not a token. Empty elements are skipped, as RFC 9110
/// §5.6.1 tells recipients to.
///
/// ```
/// use fetch_cors::{HeaderList, headers::parse::extract_token_list};
/// use http::header::ACCESS_CONTROL_ALLOW_METHODS as ACAM;
/// let mut list = HeaderList::new();
/// list.try_append("Access-Control-Allow-Methods", "GET, , PUT").unwrap();
/// list.try_append("Access-Control-Allow-Methods", "patch").unwrap();
/// let methods = extract_token_list(&list, &ACAM).unwrap().unwrap();
/// assert_eq!(methods, [&b"GET"[..], b"PUT", b"patch"]);
/// list.try_append("Access-Control-Allow-Methods", "GET PUT").unwrap();
/// assert!(extract_token_list(&list, &ACAM).unwrap().is_err());
/// ```
pub fn extract_token_list<'a>(
    list: &'a HeaderList,
    name: &'a HeaderName,
) -> Option<Result<Vec<&'a [u8]>, ListSyntaxError>> {
    extract_token_list_inline(list, name).map(|result| result.map(TokenList::into_vec))
}

/// [`extract_token_list`] handing each item to `item` instead of
/// collecting them, for callers that keep a few items without allocating.
/// On an error, the items of the headers before the bad one have been
/// handed over already.
pub(crate) fn for_each_token<'a>(
    list: &'a HeaderList,
    name: &'a HeaderName,
    mut item: impl FnMut(&'a [u8]),
) -> Option<Result<(), ListSyntaxError>> {
    let mut values = list.get_all(name).peekable();
    values.peek()?;
    for value in values {
        if let Err(bad) = split_tokens(value, &mut item) {
            return Some(Err(ListSyntaxError {
                item: bad.to_vec(),
                value: value.to_vec(),
            }));
        }
    }
    Some(Ok(()))
}

/// [`extract_token_list`]'s parse, into a [`TokenList`] (which that
/// function turns into a `Vec`): what a preflight's response check uses,
/// allocating nothing for the usual short lists.
pub(crate) fn extract_token_list_inline<'a>(
    list: &'a HeaderList,
    name: &'a HeaderName,
) -> Option<Result<TokenList<'a>, ListSyntaxError>> {
    let mut items = TokenList::new();
    for_each_token(list, name, |item| items.push(item)).map(|result| result.map(|()| items))
}

/// The items of a list header, in order, repeats kept: in place up to
/// eight (a preflight's lists are nearly always shorter), then on the
/// heap. A slice by `Deref`.
///
/// ```
/// use fetch_cors::headers::parse::TokenList;
/// let list: TokenList = [&b"GET"[..], b"PUT"].into_iter().collect();
/// assert_eq!(&list[..], [&b"GET"[..], b"PUT"]);
/// ```
#[derive(Clone)]
pub struct TokenList<'a>(InlineVec<&'a [u8], INLINE_TOKENS>);

/// As many as [`ListedNames`](super::names) scans without sorting, so a
/// list kept in place is looked up in place.
pub(crate) const INLINE_TOKENS: usize = super::names::SCAN_MAX;

impl<'a> TokenList<'a> {
    /// An empty list.
    pub fn new() -> Self {
        TokenList(InlineVec::new(&[]))
    }

    /// Appends an item.
    pub fn push(&mut self, item: &'a [u8]) {
        self.0.push(item);
    }

    /// The items as a `Vec`: the heap list itself once there are more than
    /// eight, so a long list is not copied.
    pub fn into_vec(self) -> Vec<&'a [u8]> {
        self.0.into_vec()
    }

    /// The items where they are, for a caller that keeps them.
    pub(crate) fn into_inner(self) -> InlineVec<&'a [u8], INLINE_TOKENS> {
        self.0
    }
}

impl Default for TokenList<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'a> std::ops::Deref for TokenList<'a> {
    type Target = [&'a [u8]];

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<'a> FromIterator<&'a [u8]> for TokenList<'a> {
    fn from_iter<I: IntoIterator<Item = &'a [u8]>>(items: I) -> Self {
        let mut list = TokenList::new();
        items.into_iter().for_each(|item| list.push(item));
        list
    }
}

impl PartialEq for TokenList<'_> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for TokenList<'_> {}

impl std::fmt::Debug for TokenList<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.iter().map(|item| String::from_utf8_lossy(item)))
            .finish()
    }
}

/// Hands the non-empty items of one comma-separated list of tokens to
/// `items`, trimmed of tabs and spaces; fails with the first item (trimmed)
/// that is not a token.
///
/// One pass, each byte looked at once: for a 1 MiB list this loop is most
/// of what a preflight costs.
fn split_tokens<'a>(value: &'a [u8], items: &mut impl FnMut(&'a [u8])) -> Result<(), &'a [u8]> {
    let skip_tabs_and_spaces = |mut i: usize| {
        while i < value.len() && is_http_tab_or_space(value[i]) {
            i += 1;
        }
        i
    };
    let mut i = 0;
    loop {
        let start = skip_tabs_and_spaces(i);
        let mut end = start;
        // Eight bytes at a time while they are letters, digits and `-`,
        // what names are made of; then byte by byte.
        while let Some(word) = value.get(end..end + 8) {
            if !all_letters_digits_or_dashes(word) {
                break;
            }
            end += 8;
        }
        while end < value.len() && is_tchar(value[end]) {
            end += 1;
        }
        i = skip_tabs_and_spaces(end);
        if i < value.len() && value[i] != b',' {
            let rest = &value[i..];
            let item_end = rest
                .iter()
                .position(|&b| b == b',')
                .map_or(value.len(), |p| i + p);
            return Err(trim_bytes(&value[start..item_end], is_http_tab_or_space));
        }
        if end > start {
            items(&value[start..end]);
        }
        if i == value.len() {
            return Ok(());
        }
        // Past the comma.
        i += 1;
    }
}

/// Whether all 8 bytes of `word` are ASCII letters, digits or `-`, tested
/// on the 8 bytes at once (each lane's top bit says whether its byte is in
/// a range; no lane carries into the next, as every byte is below 0x80).
fn all_letters_digits_or_dashes(word: &[u8]) -> bool {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const TOPS: u64 = ONES * 0x80;
    let w = u64::from_le_bytes(word.try_into().expect("8 bytes"));
    if w & TOPS != 0 {
        return false;
    }
    // Top bit set where the byte is at least `n`.
    let at_least = |n: u8| (w + ONES * u64::from(0x80 - n)) & TOPS;
    let within = |lo: u8, hi: u8| at_least(lo) & !at_least(hi + 1);
    let lower = within(b'a', b'z');
    let upper = within(b'A', b'Z');
    let digit = within(b'0', b'9');
    let dash = within(b'-', b'-');
    lower | upper | digit | dash == TOPS
}

/// The result of reading `Access-Control-Max-Age`: absent, a number of
/// seconds, or a value the `delta-seconds` grammar refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaxAge {
    /// No `Access-Control-Max-Age` header.
    Absent,
    /// A valid `delta-seconds`, saturated at `u64::MAX`.
    Seconds(u64),
    /// Parse failure: not `1*DIGIT`, or more than one header. Carries
    /// whether the value was a negative integer, which some browsers treat
    /// differently (see [`crate::policy::MaxAgeParsing`]).
    Invalid {
        /// The value was `-` followed by one or more digits.
        negative: bool,
    },
}

/// [Extract header list values](https://fetch.spec.whatwg.org/#extract-header-list-values)
/// for `Access-Control-Max-Age`, whose grammar `delta-seconds` (`1*DIGIT`)
/// allows one header only. Digits past `u64::MAX` saturate.
///
/// ```
/// use fetch_cors::{HeaderList, headers::parse::{extract_max_age, MaxAge}};
/// let mut list = HeaderList::new();
/// list.try_append("Access-Control-Max-Age", "+5").unwrap();
/// assert_eq!(extract_max_age(&list), MaxAge::Invalid { negative: false });
/// ```
pub fn extract_max_age(list: &HeaderList) -> MaxAge {
    let mut values = list.get_all(&http::header::ACCESS_CONTROL_MAX_AGE);
    let Some(value) = values.next() else {
        return MaxAge::Absent;
    };
    if values.next().is_some() {
        return MaxAge::Invalid { negative: false };
    }
    let value = trim_bytes(value, is_http_tab_or_space);
    match parse_digits(value) {
        Some(seconds) => MaxAge::Seconds(seconds),
        None => MaxAge::Invalid {
            negative: value.len() > 1
                && value[0] == b'-'
                && value[1..].iter().all(u8::is_ascii_digit),
        },
    }
}

/// `1*DIGIT` as a saturating `u64`.
pub(crate) fn parse_digits(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0u64, |n, &d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

/// A `Range` value's bounds as digit strings (leading zeros kept), so that
/// numbers of any length compare exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SingleRange<'a> {
    /// The first byte position, if any.
    pub start: Option<&'a [u8]>,
    /// The last byte position, if any.
    pub end: Option<&'a [u8]>,
}

/// [Parse a single range header value](https://fetch.spec.whatwg.org/#simple-range-header-value).
///
/// ```
/// use fetch_cors::headers::parse::parse_single_range;
/// assert!(parse_single_range(b"bytes=0-", false).is_some());
/// assert!(parse_single_range(b"bytes= 0-1", false).is_none());
/// assert!(parse_single_range(b"bytes=5-1", false).is_none());
/// ```
pub fn parse_single_range(value: &[u8], allow_whitespace: bool) -> Option<SingleRange<'_>> {
    parse_single_range_unit(value, allow_whitespace, false)
}

/// [`parse_single_range`], with the `bytes` unit matched in any case when
/// `unit_any_case` (WebKit's parser; see
/// [`crate::Policy::range_unit_case_insensitive`]).
pub(crate) fn parse_single_range_unit(
    value: &[u8],
    allow_whitespace: bool,
    unit_any_case: bool,
) -> Option<SingleRange<'_>> {
    // 1-3: isomorphic decode is the identity; the value starts with `bytes`.
    let mut rest = match value.split_at_checked(5) {
        Some((unit, rest)) if unit == b"bytes" => rest,
        Some((unit, rest)) if unit_any_case && unit.eq_ignore_ascii_case(b"bytes") => rest,
        _ => return None,
    };
    let skip_ws = |s: &mut &[u8]| {
        if allow_whitespace {
            *s = trim_start(s);
        }
    };
    // 4-6
    skip_ws(&mut rest);
    rest = rest.strip_prefix(b"=")?;
    skip_ws(&mut rest);
    // 7-8: the start digits.
    let (start, after) = split_digits(rest);
    rest = after;
    // 9-11
    skip_ws(&mut rest);
    rest = rest.strip_prefix(b"-")?;
    skip_ws(&mut rest);
    // 12-13: the end digits.
    let (end, after) = split_digits(rest);
    // 14: nothing may be left.
    if !after.is_empty() {
        return None;
    }
    // 15-16
    match (start, end) {
        (None, None) => None,
        (Some(s), Some(e)) if compare_decimal(s, e) == std::cmp::Ordering::Greater => None,
        _ => Some(SingleRange { start, end }),
    }
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|&&b| is_http_tab_or_space(b)).count();
    &s[n..]
}

fn split_digits(s: &[u8]) -> (Option<&[u8]>, &[u8]) {
    let n = s.iter().take_while(|b| b.is_ascii_digit()).count();
    ((n > 0).then(|| &s[..n]), &s[n..])
}

/// Compares two decimal digit strings as numbers.
fn compare_decimal(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let strip = |s: &[u8]| -> usize { s.iter().take_while(|&&d| d == b'0').count() };
    let (a, b) = (&a[strip(a)..], &b[strip(b)..]);
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_lists_keep_order_and_repeats_past_the_inline_room() {
        let items: Vec<Vec<u8>> = (0..20)
            .map(|i| format!("m{}", i % 7).into_bytes())
            .collect();
        for n in [0, 1, INLINE_TOKENS, INLINE_TOKENS + 1, 20] {
            let list: TokenList = items[..n].iter().map(|i| &i[..]).collect();
            let expected: Vec<&[u8]> = items[..n].iter().map(|i| &i[..]).collect();
            assert_eq!(&list[..], &expected[..], "{n}");
        }
    }
    use http::header::{ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_MAX_AGE};

    fn list(pairs: &[(&str, &str)]) -> HeaderList {
        HeaderList::try_from_pairs(pairs.iter().copied()).unwrap()
    }

    #[test]
    fn get_decode_split_spec_examples() {
        let s = |v: &str| -> Vec<String> {
            get_decode_split(v.as_bytes())
                .into_iter()
                .map(|p| String::from_utf8(p.to_vec()).unwrap())
                .collect()
        };
        assert_eq!(s("nosniff,"), ["nosniff", ""]);
        assert_eq!(s(""), [""]);
        assert_eq!(s("text/html;\", x/x"), ["text/html;\", x/x"]);
        assert_eq!(s("x / x,,,1"), ["x / x", "", "", "1"]);
        assert_eq!(s("\"1,2\", 3"), ["\"1,2\"", "3"]);
        assert_eq!(s("\"a\\\"b,c\",d"), ["\"a\\\"b,c\"", "d"]);
        assert_eq!(s("  GET ,\tTRACE "), ["GET", "TRACE"]);
    }

    #[test]
    fn the_word_test_agrees_with_tchar_bytes() {
        for b in 0..=255u8 {
            let simple = b.is_ascii_alphanumeric() || b == b'-';
            for at in 0..8 {
                let mut word = *b"abc-09XZ";
                word[at] = b;
                assert_eq!(
                    all_letters_digits_or_dashes(&word),
                    simple,
                    "{b:#x} at {at}"
                );
            }
        }
    }

    #[test]
    fn token_list_absent_is_none() {
        assert!(extract_token_list(&list(&[]), &ACCESS_CONTROL_ALLOW_HEADERS).is_none());
    }

    #[test]
    fn token_list_empty_value_is_an_empty_list() {
        let l = list(&[("access-control-allow-headers", "")]);
        let got = extract_token_list(&l, &ACCESS_CONTROL_ALLOW_HEADERS).unwrap();
        assert_eq!(got, Ok(vec![]));
    }

    #[test]
    fn token_list_concatenates_headers_and_fails_on_any_bad_item() {
        let l = list(&[
            ("access-control-allow-headers", "x-a,X-B"),
            ("Access-Control-Allow-Headers", "*,, x-c"),
        ]);
        let got = extract_token_list(&l, &ACCESS_CONTROL_ALLOW_HEADERS).unwrap();
        assert_eq!(got.unwrap(), [&b"x-a"[..], b"X-B", b"*", b"x-c"]);
        for bad in ["x y", "x-a, \"q\"", "a;b", "\u{e9}"] {
            let l = list(&[("access-control-allow-headers", bad)]);
            let err = extract_token_list(&l, &ACCESS_CONTROL_ALLOW_HEADERS)
                .unwrap()
                .unwrap_err();
            assert_eq!(err.value, bad.as_bytes(), "{bad}");
        }
    }

    #[test]
    fn max_age_grammar() {
        let age = |v: &str| extract_max_age(&list(&[("Access-Control-Max-Age", v)]));
        assert_eq!(extract_max_age(&list(&[])), MaxAge::Absent);
        assert_eq!(age("0"), MaxAge::Seconds(0));
        assert_eq!(age("600"), MaxAge::Seconds(600));
        assert_eq!(age("007"), MaxAge::Seconds(7));
        assert_eq!(age("99999999999999999999999"), MaxAge::Seconds(u64::MAX));
        assert_eq!(age("-1"), MaxAge::Invalid { negative: true });
        for bad in ["", "+5", "1e3", "5.0", "abc", "5 6", "-", "\u{661}"] {
            assert_eq!(age(bad), MaxAge::Invalid { negative: false }, "{bad}");
        }
        let two = list(&[
            (ACCESS_CONTROL_MAX_AGE.as_str(), "5"),
            ("access-control-max-age", "5"),
        ]);
        assert_eq!(extract_max_age(&two), MaxAge::Invalid { negative: false });
    }

    #[test]
    fn single_range_forms() {
        let ok = |v: &str| parse_single_range(v.as_bytes(), false).is_some();
        assert!(ok("bytes=0-"));
        assert!(ok("bytes=100-199"));
        assert!(ok("bytes=-500"));
        assert!(ok("bytes=5-5"));
        assert!(ok("bytes=0009-10"));
        for bad in [
            "bytes= 0-1",
            "bytes=0-1,3-4",
            "Bytes=0-1",
            "bytes=5-1",
            "bytes=-",
            "bytes 0-",
            "bytes=0-1 ",
            "bytes=100000000000000000000001-100000000000000000000000",
        ] {
            assert!(!ok(bad), "{bad}");
        }
        assert!(parse_single_range(b"bytes = 0 - 1", true).is_some());
        let r = parse_single_range(b"bytes=-500", false).unwrap();
        assert_eq!((r.start, r.end), (None, Some(&b"500"[..])));
    }
}
