//! The [header list](https://fetch.spec.whatwg.org/#concept-header-list).

use std::borrow::Cow;
use std::fmt;

use http::header::{HeaderMap, HeaderName, HeaderValue};

use super::{is_header_value, is_token};
use crate::error::FetchError;

/// An ordered list of headers, duplicates kept, as Fetch's
/// [header list](https://fetch.spec.whatwg.org/#concept-header-list).
///
/// Unlike `http::HeaderMap` it keeps the order of every header and holds
/// values as bytes, so a value with bytes that `http` refuses (0x01, 0x7F)
/// can still be classified the way Fetch says.
///
/// The values live in one buffer, so a list costs two allocations however
/// many headers it has: every hop copies the request's list and every
/// response is filtered, and one allocation per header was most of what a
/// fetch cost. Removing headers moves only the entries; a removed value's
/// bytes stay in the buffer until they outweigh the live ones.
///
/// ```
/// use fetch_cors::HeaderList;
/// let mut list = HeaderList::new();
/// list.try_append("A", "1").unwrap();
/// list.try_append("B", "x").unwrap();
/// list.try_append("a", "2").unwrap();
/// assert_eq!(list.get("a").as_deref(), Some(&b"1, 2"[..]));
/// assert_eq!(list.len(), 3);
/// ```
#[derive(Clone, Default)]
pub struct HeaderList {
    /// Each header's name and where its value lies in `values`.
    entries: Vec<Entry>,
    /// Every value, in list order; between two may lie the bytes of a
    /// removed one.
    values: Vec<u8>,
}

/// A header of a [`HeaderList`]: its name, and `values[start..end]`.
#[derive(Clone)]
struct Entry {
    name: HeaderName,
    start: usize,
    end: usize,
}

/// Lists are equal when they hold the same headers in the same order,
/// whatever removed bytes lie between their values.
impl PartialEq for HeaderList {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for HeaderList {}

impl HeaderList {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty list with room for `n` headers.
    pub fn with_capacity(n: usize) -> Self {
        Self {
            entries: Vec::with_capacity(n),
            values: Vec::new(),
        }
    }

    /// The number of headers (not of distinct names).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list has no header.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The headers in order, as (name, value bytes).
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&HeaderName, &[u8])> + '_ {
        Iter {
            entries: self.entries.iter(),
            values: &self.values,
        }
    }

    /// [Append](https://fetch.spec.whatwg.org/#concept-header-list-append) a
    /// header without validating the value. Use this for headers that came
    /// from a parser; use [`HeaderList::try_append`] for untrusted input.
    pub fn append(&mut self, name: HeaderName, value: impl AsRef<[u8]>) {
        let start = self.values.len();
        self.values.extend_from_slice(value.as_ref());
        let end = self.values.len();
        self.entries.push(Entry { name, start, end });
    }

    /// An empty list with room for `n` headers whose values add up to
    /// `bytes`.
    pub(crate) fn with_capacities(n: usize, bytes: usize) -> Self {
        Self {
            entries: Vec::with_capacity(n),
            values: Vec::with_capacity(bytes),
        }
    }

    /// Appends a header whose value is `parts` joined with `separator`,
    /// written straight into the list.
    pub(crate) fn append_joined<'a>(
        &mut self,
        name: HeaderName,
        parts: impl IntoIterator<Item = &'a [u8]>,
        separator: u8,
    ) {
        let start = self.values.len();
        for (i, part) in parts.into_iter().enumerate() {
            if i > 0 {
                self.values.push(separator);
            }
            self.values.extend_from_slice(part);
        }
        let end = self.values.len();
        self.entries.push(Entry { name, start, end });
    }

    /// Makes room for `n` more headers whose values add up to `bytes`.
    pub(crate) fn reserve(&mut self, n: usize, bytes: usize) {
        self.entries.reserve(n);
        self.values.reserve(bytes);
    }

    /// Appends a header after checking that `name` is a
    /// [header name](https://fetch.spec.whatwg.org/#header-name) and `value` a
    /// [header value](https://fetch.spec.whatwg.org/#header-value).
    ///
    /// ```
    /// use fetch_cors::HeaderList;
    /// let mut list = HeaderList::new();
    /// assert!(list.try_append("X Foo", "1").is_err());
    /// assert!(list.try_append("X-Foo", "a\0b").is_err());
    /// assert!(list.try_append("X-Foo", "a\x7fb").is_ok());
    /// ```
    pub fn try_append(
        &mut self,
        name: impl AsRef<[u8]>,
        value: impl AsRef<[u8]>,
    ) -> Result<(), FetchError> {
        let (name, value) = (name.as_ref(), value.as_ref());
        let name = parse_header_name(name)?;
        if !is_header_value(value) {
            return Err(FetchError::InvalidHeaderValue {
                name: name.as_str().to_owned(),
                value: value.into(),
            });
        }
        self.append(name, value);
        Ok(())
    }

    /// A list from (name, value) pairs, each checked as
    /// [`HeaderList::try_append`] checks it.
    ///
    /// ```
    /// use fetch_cors::HeaderList;
    /// let list = HeaderList::try_from_pairs([("A", "1"), ("a", "2")]).unwrap();
    /// assert_eq!(list.get("a").as_deref(), Some(&b"1, 2"[..]));
    /// assert!(HeaderList::try_from_pairs([("bad name", "1")]).is_err());
    /// ```
    pub fn try_from_pairs<N: AsRef<[u8]>, V: AsRef<[u8]>>(
        pairs: impl IntoIterator<Item = (N, V)>,
    ) -> Result<Self, FetchError> {
        let mut list = HeaderList::new();
        for (name, value) in pairs {
            list.try_append(name, value)?;
        }
        Ok(list)
    }

    /// Whether the list [contains](https://fetch.spec.whatwg.org/#header-list-contains)
    /// a header named `name` (case-insensitive).
    pub fn contains(&self, name: impl AsHeaderName) -> bool {
        self.entries.iter().any(|e| name.is(&e.name))
    }

    /// The values of every header named `name`, in order.
    pub fn get_all<'a>(&'a self, name: &'a HeaderName) -> impl Iterator<Item = &'a [u8]> + 'a {
        let mut next = 0;
        std::iter::from_fn(move || {
            let at = self.position(&name, next)?;
            next = at + 1;
            Some(self.value_at(at))
        })
    }

    /// The position of the first header named `name` at or after `from`.
    /// Only names are read: a lookup is a scan of the entries, and the
    /// value of the one found is sliced afterwards ([`HeaderList::value_at`]).
    fn position<N: AsHeaderName>(&self, name: &N, from: usize) -> Option<usize> {
        self.position_shown(name, from, &|_| true)
    }

    /// [`HeaderList::position`] among the positions `shown` accepts.
    fn position_shown<N: AsHeaderName>(
        &self,
        name: &N,
        from: usize,
        shown: &impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let rest = self.entries.get(from..)?;
        rest.iter()
            .enumerate()
            .position(|(i, e)| name.is(&e.name) && shown(from + i))
            .map(|i| from + i)
    }

    /// The value of the header at position `i` (which must be in the list).
    fn value_at(&self, i: usize) -> &[u8] {
        let Entry { start, end, .. } = self.entries[i];
        &self.values[start..end]
    }

    /// [Get](https://fetch.spec.whatwg.org/#concept-header-list-get) `name`:
    /// `None` when absent, else every value joined with `", "`. Borrows when
    /// there is exactly one header of that name.
    pub fn get(&self, name: impl AsHeaderName) -> Option<Cow<'_, [u8]>> {
        self.get_shown(&name, |_| true)
    }

    /// [`HeaderList::get`] among the headers at the positions `shown`
    /// accepts: what a filtered response's view reads.
    pub(crate) fn get_shown<N: AsHeaderName>(
        &self,
        name: &N,
        shown: impl Fn(usize) -> bool,
    ) -> Option<Cow<'_, [u8]>> {
        let find = |from: usize| self.position_shown(name, from, &shown);
        let first = find(0)?;
        let Some(mut next) = find(first + 1) else {
            return Some(Cow::Borrowed(self.value_at(first)));
        };
        let mut joined = self.value_at(first).to_vec();
        loop {
            joined.extend_from_slice(b", ");
            joined.extend_from_slice(self.value_at(next));
            match find(next + 1) {
                Some(after) => next = after,
                None => return Some(Cow::Owned(joined)),
            }
        }
    }

    /// [Delete](https://fetch.spec.whatwg.org/#concept-header-list-delete)
    /// every header named `name`.
    pub fn delete(&mut self, name: &HeaderName) {
        self.retain(|k, _| k != name);
    }

    /// Keeps only the headers for which `keep` returns true, in order.
    /// Only entries move: the values stay where they are.
    pub fn retain(&mut self, mut keep: impl FnMut(&HeaderName, &[u8]) -> bool) {
        let values = &self.values;
        self.entries
            .retain(|e| keep(&e.name, &values[e.start..e.end]));
        self.reclaim_if_mostly_dead();
    }

    /// The names in order, for a caller that does not need the values.
    pub(crate) fn names(&self) -> impl ExactSizeIterator<Item = &HeaderName> + '_ {
        self.entries.iter().map(|e| &e.name)
    }

    /// Moves the live values down over the removed ones once these
    /// outweigh them, so a list that loses and gains headers over and over
    /// stays within about twice its live size, and the moves cost no more
    /// than the bytes removed.
    fn reclaim_if_mostly_dead(&mut self) {
        const SLACK: usize = 256;
        // Counted here rather than while retaining: that slowed the loop.
        let live: usize = self.entries.iter().map(|e| e.end - e.start).sum();
        if self.values.len() <= 2 * live + SLACK {
            return;
        }
        let mut write = 0;
        for e in &mut self.entries {
            let len = e.end - e.start;
            self.values.copy_within(e.start..e.end, write);
            (e.start, e.end) = (write, write + len);
            write += len;
        }
        self.values.truncate(write);
    }

    /// [Set](https://fetch.spec.whatwg.org/#concept-header-list-set) `name`:
    /// replace the first header of that name and remove the others, or append.
    pub fn set(&mut self, name: HeaderName, value: impl AsRef<[u8]>) {
        if !self.contains(&name) {
            return self.append(name, value);
        }
        let old = std::mem::take(self);
        let mut replaced = false;
        for Entry {
            name: k,
            start,
            end,
        } in old.entries
        {
            let old_value = &old.values[start..end];
            if k != name {
                self.append(k, old_value);
            } else if !replaced {
                replaced = true;
                self.append(k, value.as_ref());
            }
        }
    }

    /// [Sort and combine](https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine):
    /// names lowercased and sorted, values of a name joined with `", "`,
    /// `set-cookie` kept separate. This is what the `Headers` iterator shows.
    ///
    /// ```
    /// use fetch_cors::HeaderList;
    /// let mut list = HeaderList::new();
    /// list.try_append("X-B", "2").unwrap();
    /// list.try_append("x-a", "1").unwrap();
    /// list.try_append("X-B", "3").unwrap();
    /// let shown: Vec<_> = list.sort_and_combine().into_iter()
    ///     .map(|(n, v)| (n.to_string(), String::from_utf8(v).unwrap())).collect();
    /// assert_eq!(shown, [("x-a".into(), "1".into()), ("x-b".into(), "2, 3".into())]);
    /// ```
    pub fn sort_and_combine(&self) -> Vec<(HeaderName, Vec<u8>)> {
        sort_and_combine(self.iter())
    }

    /// Converts to an `http::HeaderMap`, for handing a request to an HTTP
    /// client. Fails on a value `http` cannot carry (bytes below 0x20 other
    /// than tab, or 0x7F).
    pub fn to_header_map(&self) -> Result<HeaderMap, FetchError> {
        to_header_map(self.iter(), self.entries.len())
    }
}

/// [`HeaderList::sort_and_combine`] of any sequence of headers (an
/// outgoing request's list reads as one without being one).
pub(crate) fn sort_and_combine<'a>(
    headers: impl Iterator<Item = (&'a HeaderName, &'a [u8])>,
) -> Vec<(HeaderName, Vec<u8>)> {
    let mut sorted: Vec<(&HeaderName, &[u8])> = headers.collect();
    // Stable, so values of one name keep their order.
    sorted.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
    let mut out: Vec<(HeaderName, Vec<u8>)> = Vec::with_capacity(sorted.len());
    // Each run of one name, but `Set-Cookie`'s values stay apart.
    let runs = sorted.chunk_by(|a, b| a.0 == b.0 && *a.0 != http::header::SET_COOKIE);
    out.extend(runs.map(|run| {
        let joined = combine_values(run[0].1, run[1..].iter().map(|&(_, value)| value));
        (run[0].0.clone(), joined.into_owned())
    }));
    out
}

/// `first` and the `rest` of a name's values, in list order, joined with
/// `, ` as [`HeaderList::get`] joins them; borrowed when there is no rest.
pub(crate) fn combine_values<'a>(
    first: &'a [u8],
    rest: impl Iterator<Item = &'a [u8]>,
) -> Cow<'a, [u8]> {
    let mut rest = rest.peekable();
    if rest.peek().is_none() {
        return Cow::Borrowed(first);
    }
    let mut joined = first.to_vec();
    for value in rest {
        joined.extend_from_slice(b", ");
        joined.extend_from_slice(value);
    }
    Cow::Owned(joined)
}

/// [`HeaderList::to_header_map`] of any sequence of `len` headers.
pub(crate) fn to_header_map<'a>(
    headers: impl Iterator<Item = (&'a HeaderName, &'a [u8])>,
    len: usize,
) -> Result<HeaderMap, FetchError> {
    let mut map = HeaderMap::with_capacity(len);
    for (name, value) in headers {
        let v = HeaderValue::from_bytes(value).map_err(|_| FetchError::InvalidHeaderValue {
            name: name.as_str().to_owned(),
            value: value.to_vec(),
        })?;
        map.append(name.clone(), v);
    }
    Ok(map)
}

/// [`HeaderList::iter`].
struct Iter<'a> {
    entries: std::slice::Iter<'a, Entry>,
    values: &'a [u8],
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a HeaderName, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let Entry { name, start, end } = self.entries.next()?;
        Some((name, &self.values[*start..*end]))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.entries.size_hint()
    }
}

impl ExactSizeIterator for Iter<'_> {}

/// Parses a [header name](https://fetch.spec.whatwg.org/#header-name).
pub(crate) fn parse_header_name(name: &[u8]) -> Result<HeaderName, FetchError> {
    if !is_token(name) {
        return Err(FetchError::InvalidHeaderName { name: name.into() });
    }
    HeaderName::from_bytes(name).map_err(|_| FetchError::InvalidHeaderName { name: name.into() })
}

impl From<&HeaderMap> for HeaderList {
    fn from(map: &HeaderMap) -> Self {
        let bytes = map.values().map(|v| v.len()).sum();
        let mut list = HeaderList::with_capacities(map.len(), bytes);
        for (name, value) in map {
            list.append(name.clone(), value.as_bytes());
        }
        list
    }
}

impl FromIterator<(HeaderName, HeaderValue)> for HeaderList {
    fn from_iter<I: IntoIterator<Item = (HeaderName, HeaderValue)>>(iter: I) -> Self {
        let mut list = HeaderList::new();
        for (name, value) in iter {
            list.append(name, value.as_bytes());
        }
        list
    }
}

impl fmt::Debug for HeaderList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(
                self.iter()
                    .map(|(n, v)| (n.as_str(), String::from_utf8_lossy(v))),
            )
            .finish()
    }
}

/// A header name given to a lookup: a `HeaderName`, or a string compared
/// case-insensitively (without allocating when it is already lowercase).
pub trait AsHeaderName {
    /// Calls `f` with the lowercase name.
    fn with_name<R>(&self, f: impl FnOnce(&str) -> R) -> R;

    /// Whether `name`, a header in the list, has this name. Lookups use
    /// this, which compares without lowercasing a copy.
    fn is(&self, name: &HeaderName) -> bool {
        self.with_name(|n| name.as_str() == n)
    }
}

impl AsHeaderName for &HeaderName {
    fn with_name<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        f(self.as_str())
    }

    fn is(&self, name: &HeaderName) -> bool {
        *self == name
    }
}

impl AsHeaderName for HeaderName {
    fn with_name<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        f(self.as_str())
    }

    fn is(&self, name: &HeaderName) -> bool {
        self == name
    }
}

impl AsHeaderName for &str {
    fn with_name<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        if self.bytes().any(|b| b.is_ascii_uppercase()) {
            f(&self.to_ascii_lowercase())
        } else {
            f(self)
        }
    }

    fn is(&self, name: &HeaderName) -> bool {
        // `name` is lowercase already.
        name.as_str().eq_ignore_ascii_case(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(pairs: &[(&str, &str)]) -> HeaderList {
        HeaderList::try_from_pairs(pairs.iter().copied()).unwrap()
    }

    /// Every subset kept of lists of up to 8 headers (empty values
    /// included), by `retain`, against rebuilding the list from the kept
    /// pairs.
    #[test]
    fn retain_keeps_exactly_the_chosen_headers_in_order() {
        let pool = ["", "a", "bc", "", "defg", "h", "ijklmnop", "q"];
        for n in 0..=pool.len() {
            let names: Vec<String> = (0..n).map(|i| format!("x-{i}")).collect();
            let pairs: Vec<(&str, &str)> =
                (0..n).map(|i| (&names[i][..], pool[(i * 5) % 8])).collect();
            for mask in 0u32..1 << n {
                let kept = |i: usize| mask >> i & 1 == 1;
                let expected: Vec<(&str, &str)> =
                    (0..n).filter(|&i| kept(i)).map(|i| pairs[i]).collect();
                let mut retained = list(&pairs);
                let mut i = 0;
                retained.retain(|_, _| {
                    i += 1;
                    kept(i - 1)
                });
                assert!(retained == list(&expected), "retain: n {n}, mask {mask:b}");
            }
        }
    }

    /// A removed header's bytes stay in the buffer: what comes after must
    /// still read, delete and append as a list built afresh.
    #[test]
    fn removed_values_leave_no_trace() {
        let mut l = list(&[("a", "1"), ("b", "22"), ("c", "333"), ("d", "4444")]);
        l.retain(|name, _| name != "b");
        assert!(l == list(&[("a", "1"), ("c", "333"), ("d", "4444")]));
        assert_eq!(l.get("c").as_deref(), Some(&b"333"[..]));
        l.delete(&HeaderName::from_static("d"));
        l.append(HeaderName::from_static("e"), "5");
        assert!(l == list(&[("a", "1"), ("c", "333"), ("e", "5")]));
        l.set(HeaderName::from_static("a"), "0");
        assert_eq!(
            format!("{l:?}"),
            r#"[("a", "0"), ("c", "333"), ("e", "5")]"#
        );
        assert!(l != list(&[("a", "0"), ("c", "333")]));
    }

    /// Deleting and appending over and over does not grow the buffer
    /// without bound: removed bytes are reclaimed once they outweigh the
    /// live ones.
    #[test]
    fn removed_values_are_reclaimed() {
        let x = HeaderName::from_static("x");
        let mut l = list(&[("a", "kept")]);
        for i in 0..10_000 {
            l.append(x.clone(), format!("value {i:05}"));
            l.delete(&x);
            assert!(
                l.values.len() <= 2 * 4 + 256 + 11,
                "{i}: {}",
                l.values.len()
            );
        }
        l.append(x.clone(), "last");
        assert!(l == list(&[("a", "kept"), ("x", "last")]));
    }

    #[test]
    fn get_joins_values_with_comma_space() {
        let l = list(&[("A", "1"), ("B", "x"), ("a", "2")]);
        assert_eq!(l.get("A").unwrap().as_ref(), b"1, 2");
        assert_eq!(l.get("b").unwrap().as_ref(), b"x");
        assert!(l.get("c").is_none());
    }

    #[test]
    fn get_of_an_empty_value_is_not_null() {
        let l = list(&[("A", "")]);
        assert_eq!(l.get("a").unwrap().as_ref(), b"");
    }

    #[test]
    fn set_replaces_first_and_removes_the_rest() {
        let mut l = list(&[("a", "1"), ("b", "2"), ("A", "3")]);
        l.set(HeaderName::from_static("a"), &b"9"[..]);
        assert_eq!(l, list(&[("a", "9"), ("b", "2")]));
    }

    #[test]
    fn delete_removes_every_match() {
        let mut l = list(&[("a", "1"), ("b", "2"), ("A", "3")]);
        l.delete(&HeaderName::from_static("a"));
        assert_eq!(l, list(&[("b", "2")]));
    }

    #[test]
    fn sort_and_combine_keeps_set_cookie_separate() {
        let l = list(&[
            ("Set-Cookie", "a=1"),
            ("b", "2"),
            ("set-cookie", "b=2"),
            ("B", "3"),
        ]);
        let out: Vec<_> = l
            .sort_and_combine()
            .into_iter()
            .map(|(n, v)| (n.to_string(), String::from_utf8(v).unwrap()))
            .collect();
        assert_eq!(
            out,
            [
                ("b".to_string(), "2, 3".to_string()),
                ("set-cookie".to_string(), "a=1".to_string()),
                ("set-cookie".to_string(), "b=2".to_string()),
            ]
        );
    }

    #[test]
    fn invalid_names_and_values_are_typed_errors() {
        let mut l = HeaderList::new();
        assert!(matches!(
            l.try_append("", "x"),
            Err(FetchError::InvalidHeaderName { .. })
        ));
        assert!(matches!(
            l.try_append("a\u{c4}", "x"),
            Err(FetchError::InvalidHeaderName { .. })
        ));
        assert!(matches!(
            l.try_append("a", "x\r\ny: z"),
            Err(FetchError::InvalidHeaderValue { .. })
        ));
        assert!(l.is_empty());
    }

    #[test]
    fn header_map_round_trip_refuses_bytes_http_cannot_carry() {
        let l = list(&[("a", "1"), ("a", "2")]);
        let map = l.to_header_map().unwrap();
        assert_eq!(HeaderList::from(&map), l);
        let bad = list(&[("a", "x\x01")]);
        assert!(bad.to_header_map().is_err());
    }
}
