//! The header names CORS asks about, recognized once, when a header enters
//! a [`HeaderList`](super::HeaderList).
//!
//! A fetch asks of a response's headers which one is
//! `Access-Control-Allow-Origin`, which are safelisted, which are
//! `Set-Cookie`, and of a request's which are `Accept` or `Range`: many
//! questions of each name. `http` recognizes its standard names when it
//! parses them but keeps which one private, so the list records the answer
//! beside each name instead: one byte that every later question reads.

use http::header::HeaderName;

/// A header name the CORS algorithms single out, or [`Known::Other`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Known {
    Other,
    // The CORS-safelisted response-header names, always exposed
    // (`#cors-safelisted-response-header-name`). Kept together:
    // [`Known::is_always_exposed`] reads them as a range.
    CacheControl,
    ContentLanguage,
    ContentLength,
    ContentType,
    Expires,
    LastModified,
    Pragma,
    // The forbidden response-header names.
    SetCookie,
    SetCookie2,
    // What the CORS check and a preflight read.
    AccessControlAllowOrigin,
    AccessControlAllowCredentials,
    AccessControlAllowMethods,
    AccessControlAllowHeaders,
    AccessControlMaxAge,
    AccessControlExposeHeaders,
    // The other CORS-safelisted request-header names.
    Accept,
    AcceptLanguage,
    Range,
}

impl Known {
    /// Which name `name` is. A `HeaderName` is lowercase, so this compares
    /// bytes exactly; the length picks the one or two candidates.
    pub(crate) fn of(name: &HeaderName) -> Known {
        Known::of_lowercase(name.as_str().as_bytes())
    }

    fn of_lowercase(n: &[u8]) -> Known {
        use Known::*;
        let candidates: &[(&[u8], Known)] = match n.len() {
            5 => &[(b"range", Range)],
            6 => &[(b"accept", Accept), (b"pragma", Pragma)],
            7 => &[(b"expires", Expires)],
            10 => &[(b"set-cookie", SetCookie)],
            11 => &[(b"set-cookie2", SetCookie2)],
            12 => &[(b"content-type", ContentType)],
            13 => &[
                (b"cache-control", CacheControl),
                (b"last-modified", LastModified),
            ],
            14 => &[(b"content-length", ContentLength)],
            15 => &[(b"accept-language", AcceptLanguage)],
            16 => &[(b"content-language", ContentLanguage)],
            22 => &[(b"access-control-max-age", AccessControlMaxAge)],
            27 => &[(b"access-control-allow-origin", AccessControlAllowOrigin)],
            28 => &[
                (b"access-control-allow-methods", AccessControlAllowMethods),
                (b"access-control-allow-headers", AccessControlAllowHeaders),
            ],
            29 => &[(b"access-control-expose-headers", AccessControlExposeHeaders)],
            32 => &[(
                b"access-control-allow-credentials",
                AccessControlAllowCredentials,
            )],
            _ => &[],
        };
        candidates
            .iter()
            .find(|(bytes, _)| *bytes == n)
            .map_or(Other, |&(_, known)| known)
    }

    /// One of the seven names every CORS response exposes.
    pub(crate) fn is_always_exposed(self) -> bool {
        (Known::CacheControl as u8..=Known::Pragma as u8).contains(&(self as u8))
    }

    /// A [forbidden response-header name](https://fetch.spec.whatwg.org/#forbidden-response-header-name).
    pub(crate) fn is_forbidden_response_name(self) -> bool {
        matches!(self, Known::SetCookie | Known::SetCookie2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name is recognized from its own spelling only: the table
    /// agrees with a plain comparison for each known name, and for names
    /// one byte off.
    #[test]
    fn recognizes_exactly_its_names() {
        let known = [
            ("cache-control", Known::CacheControl),
            ("content-language", Known::ContentLanguage),
            ("content-length", Known::ContentLength),
            ("content-type", Known::ContentType),
            ("expires", Known::Expires),
            ("last-modified", Known::LastModified),
            ("pragma", Known::Pragma),
            ("set-cookie", Known::SetCookie),
            ("set-cookie2", Known::SetCookie2),
            (
                "access-control-allow-origin",
                Known::AccessControlAllowOrigin,
            ),
            (
                "access-control-allow-credentials",
                Known::AccessControlAllowCredentials,
            ),
            (
                "access-control-allow-methods",
                Known::AccessControlAllowMethods,
            ),
            (
                "access-control-allow-headers",
                Known::AccessControlAllowHeaders,
            ),
            ("access-control-max-age", Known::AccessControlMaxAge),
            (
                "access-control-expose-headers",
                Known::AccessControlExposeHeaders,
            ),
            ("accept", Known::Accept),
            ("accept-language", Known::AcceptLanguage),
            ("range", Known::Range),
        ];
        for (name, expected) in known {
            let header = HeaderName::from_static(name);
            assert_eq!(Known::of(&header), expected, "{name}");
            let mut off = name.as_bytes().to_vec();
            *off.last_mut().unwrap() ^= 1;
            assert_eq!(Known::of_lowercase(&off), Known::Other, "{name}");
            off.pop();
            let shorter = known
                .iter()
                .find(|(n, _)| n.as_bytes() == &off[..])
                .map_or(Known::Other, |(_, k)| *k);
            assert_eq!(Known::of_lowercase(&off), shorter, "{name}");
        }
        let always: Vec<_> = known
            .iter()
            .filter(|(_, k)| k.is_always_exposed())
            .map(|(n, _)| *n)
            .collect();
        assert_eq!(always.len(), 7);
        assert!(always.iter().all(|n| !n.starts_with("access")));
        assert_eq!(Known::of(&HeaderName::from_static("x-range")), Known::Other);
    }
}
