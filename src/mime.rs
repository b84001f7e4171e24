//! MIME type essence, as [MIME Sniffing](https://mimesniff.spec.whatwg.org/#parse-a-mime-type)
//! parses it, for the `Content-Type` safelisting rule of
//! [`#cors-safelisted-request-header`](https://fetch.spec.whatwg.org/#cors-safelisted-request-header).
//!
//! Parameters never make "parse a MIME type" fail (a malformed parameter is
//! skipped), so whether the parse succeeds and what the essence is depend on
//! the type and subtype alone. That is all this module parses.

use crate::headers::names::{eq_folding_first, eq_ignore_ascii_case};
use crate::headers::{is_http_whitespace, is_token, trim_bytes};

/// A parsed MIME type's type and subtype, borrowed from the input and not
/// yet lowercased.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Essence<'a> {
    /// The type, e.g. `text`.
    pub type_: &'a [u8],
    /// The subtype, e.g. `plain`.
    pub subtype: &'a [u8],
}

impl Essence<'_> {
    /// Whether the essence (`type/subtype`, ASCII-lowercased) equals `essence`.
    ///
    /// ```
    /// use fetch_cors::mime::parse_mime_type_essence;
    /// let e = parse_mime_type_essence(b"TEXT/Plain;charset=utf-8").unwrap();
    /// assert!(e.is("text/plain"));
    /// ```
    pub fn is(&self, essence: &str) -> bool {
        let (essence, slash) = (essence.as_bytes(), self.type_.len());
        essence.len() == slash + 1 + self.subtype.len()
            && essence[slash] == b'/'
            && eq_ignore_ascii_case(&essence[..slash], self.type_)
            && eq_ignore_ascii_case(&essence[slash + 1..], self.subtype)
    }
}

/// Steps 1-7 of [parse a MIME type](https://mimesniff.spec.whatwg.org/#parse-a-mime-type)
/// on the isomorphic decoding of `value`: `None` on failure, else the
/// essence. A byte of 0x80 or above decodes to a code point that is not an
/// HTTP token code point, so byte-wise token checks are exact.
///
/// ```
/// use fetch_cors::mime::parse_mime_type_essence;
/// assert!(parse_mime_type_essence(b"text/plain, application/json").is_none());
/// assert!(parse_mime_type_essence(b"").is_none());
/// ```
pub fn parse_mime_type_essence(value: &[u8]) -> Option<Essence<'_>> {
    // 1. Remove leading and trailing HTTP whitespace.
    let input = trim_bytes(value, is_http_whitespace);
    // 2-4. The type runs up to `/`, which must be present.
    let slash = input.iter().position(|&b| b == b'/')?;
    let type_ = &input[..slash];
    if !is_token(type_) {
        return None;
    }
    // 5-6.
    let subtype = subtype(&input[slash + 1..]);
    if !is_token(subtype) {
        return None;
    }
    Some(Essence { type_, subtype })
}

/// Whether [parse a MIME type](https://mimesniff.spec.whatwg.org/#parse-a-mime-type)
/// on `value` succeeds with the essence `essence` (lowercase
/// `type/subtype`, both tokens): [`parse_mime_type_essence`] then
/// [`Essence::is`], without looking for the `/` or checking tokens.
///
/// An `essence` with an uppercase letter is outside this contract (no
/// parsed essence has one); the answer for it is unspecified, never a
/// panic.
///
/// `essence`'s type holds no `/`, so steps 2-4 find exactly that type when
/// the trimmed value starts with it and its `/`; the subtype is then
/// whatever steps 5-6 make of the rest, and a subtype equal to a token is
/// a token.
///
/// ```
/// use fetch_cors::mime::has_essence;
/// assert!(has_essence(b" Text/Plain \t;charset=utf-8", "text/plain"));
/// assert!(!has_essence(b"text/plainx", "text/plain"));
/// assert!(!has_essence(b"text/plain x;", "text/plain"));
/// ```
#[inline]
pub fn has_essence(value: &[u8], essence: &str) -> bool {
    let essence = essence.as_bytes();
    let Some(slash) = essence.iter().position(|&b| b == b'/') else {
        return false;
    };
    // 1. Remove leading and trailing HTTP whitespace.
    let input = trim_bytes(value, is_http_whitespace);
    let Some((type_and_slash, rest)) = input.split_at_checked(slash + 1) else {
        return false;
    };
    // Only the value needs folding: the essence is lowercase.
    eq_folding_first(type_and_slash, &essence[..=slash])
        && eq_folding_first(subtype(rest), &essence[slash + 1..])
}

/// Steps 5-6: the subtype runs up to `;` (or the end), minus trailing
/// HTTP whitespace.
fn subtype(rest: &[u8]) -> &[u8] {
    let subtype = &rest[..rest.iter().position(|&b| b == b';').unwrap_or(rest.len())];
    strip_trailing_http_whitespace(subtype)
}

fn strip_trailing_http_whitespace(s: &[u8]) -> &[u8] {
    let end = s
        .iter()
        .rposition(|&b| !is_http_whitespace(b))
        .map_or(0, |i| i + 1);
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn essences_of_the_spec_examples() {
        fn e(v: &str) -> Option<Essence<'_>> {
            parse_mime_type_essence(v.as_bytes())
        }
        assert!(e("text/plain;charset=UTF-8").unwrap().is("text/plain"));
        assert!(e("TEXT/Plain").unwrap().is("text/plain"));
        assert!(e(" multipart/form-data; boundary=x")
            .unwrap()
            .is("multipart/form-data"));
        assert!(e("application/x-www-form-urlencoded")
            .unwrap()
            .is("application/x-www-form-urlencoded"));
        assert!(e("text/plain ;x").unwrap().is("text/plain"));
        assert!(e("text/plain;").unwrap().is("text/plain"));
        assert!(!e("application/json").unwrap().is("text/plain"));
        assert!(!e("text/plainx").unwrap().is("text/plain"));
    }

    /// `has_essence` against the parse and `Essence::is`, on every string
    /// of up to four pieces from a pool of the three safelisted essences,
    /// near misses, whitespace and separators.
    #[test]
    fn has_essence_agrees_with_the_parse() {
        const POOL: [&str; 16] = [
            "text/plain",
            "TEXT/Plain",
            "multipart/form-data",
            "application/x-www-form-urlencoded",
            "text",
            "/",
            "plain",
            "x",
            " ",
            "\t",
            "\n",
            ";",
            "=",
            ",",
            "\u{e9}",
            "",
        ];
        let essences = [
            "text/plain",
            "multipart/form-data",
            "application/x-www-form-urlencoded",
            "text/x",
        ];
        let mut checked = 0;
        for a in POOL {
            for b in POOL {
                for c in POOL {
                    for d in POOL {
                        let value = format!("{a}{b}{c}{d}");
                        let parsed = parse_mime_type_essence(value.as_bytes());
                        for essence in essences {
                            let expected = parsed.is_some_and(|p| p.is(essence));
                            assert_eq!(
                                has_essence(value.as_bytes(), essence),
                                expected,
                                "{value:?} against {essence}"
                            );
                            checked += usize::from(expected);
                        }
                    }
                }
            }
        }
        // Some of them do have the essence.
        assert!(checked > 1000, "{checked}");
    }

    #[test]
    fn parse_failures() {
        for bad in [
            "",
            "text",
            "/plain",
            "text/",
            "text /plain",
            "text/pl ain",
            "text/plain, application/json",
            "te\u{e9}xt/plain",
            "text/\"plain\"",
            "text/;x=y",
        ] {
            assert!(parse_mime_type_essence(bad.as_bytes()).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn parameters_never_fail_the_parse() {
        for ok in [
            "text/plain;;;",
            "text/plain;a",
            "text/plain;a=\"",
            "text/plain;\u{e9}=1",
        ] {
            assert!(parse_mime_type_essence(ok.as_bytes()).is_some(), "{ok:?}");
        }
    }
}
