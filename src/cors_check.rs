//! The [CORS check](https://fetch.spec.whatwg.org/#cors-check).

use http::header::{ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_ORIGIN};
use url::Url;

use crate::error::{Credentialed, FetchError, Hop, OriginHint};
use crate::headers::HeaderList;
use crate::request::CredentialsMode;

/// [CORS check](https://fetch.spec.whatwg.org/#concept-cors-check) a
/// response's headers for a request whose byte-serialized origin is
/// `origin` and whose credentials mode is `credentials`.
///
/// The comparison is byte-exact. On failure the error is classified the way
/// a developer needs it (missing, several values, not an origin, near miss,
/// `*` with credentials, bad `Access-Control-Allow-Credentials`); `hop` is
/// only called then.
///
/// ```
/// use fetch_cors::{cors_check::cors_check, HeaderList, FetchError, request::CredentialsMode};
/// let mut headers = HeaderList::new();
/// headers.try_append("Access-Control-Allow-Origin", "*").unwrap();
/// let hop = || unreachable!();
/// assert!(cors_check(&headers, "https://app.example", CredentialsMode::Omit, hop).is_ok());
/// let hop = || fetch_cors::error::Hop {
///     url: "https://api.example/".parse().unwrap(), redirects: 0, preflight: false,
///     origin: "https://app.example".into(),
/// };
/// assert!(matches!(
///     cors_check(&headers, "https://app.example", CredentialsMode::Include, hop),
///     Err(FetchError::WildcardOriginWithCredentials { .. })
/// ));
/// ```
pub fn cors_check(
    headers: &HeaderList,
    origin: &str,
    credentials: CredentialsMode,
    hop: impl FnOnce() -> Hop,
) -> Result<(), FetchError> {
    let credentialed =
        (credentials == CredentialsMode::Include).then_some(Credentialed::ModeInclude);
    cors_check_as(headers, origin, credentialed, hop)
}

/// [`cors_check`] with its step 5's "credentials mode is `include`" given
/// as why, if at all, the response is held to the credentialed rules: a
/// profile may hold a response to them in another mode
/// ([`crate::Policy::redirects_checked_as_credentialed_after_same_origin_start`]).
pub(crate) fn cors_check_as(
    headers: &HeaderList,
    origin: &str,
    credentialed: Option<Credentialed>,
    hop: impl FnOnce() -> Hop,
) -> Result<(), FetchError> {
    let include = credentialed.is_some();
    // 1. Get `Access-Control-Allow-Origin` (several headers are joined).
    let Some(allow_origin) = headers.get(&ACCESS_CONTROL_ALLOW_ORIGIN) else {
        // 2. Null is failure.
        return Err(FetchError::MissingAllowOrigin {
            hop: Box::new(hop()),
            wildcard_allowed: !include,
        });
    };
    // 3. `*` passes when credentials are not included.
    if !include && &*allow_origin == b"*" {
        return Ok(());
    }
    // 4. Otherwise it must be the byte-serialized request origin.
    if &*allow_origin != origin.as_bytes() {
        let several = headers
            .get_all(&ACCESS_CONTROL_ALLOW_ORIGIN)
            .nth(1)
            .is_some();
        return Err(classify_mismatch(
            &allow_origin,
            origin,
            credentialed,
            several,
            Box::new(hop()),
        ));
    }
    // 5. Without credentials that is enough.
    if !include {
        return Ok(());
    }
    // 6-7. With credentials, `Access-Control-Allow-Credentials` must be `true`.
    match headers.get(&ACCESS_CONTROL_ALLOW_CREDENTIALS) {
        Some(value) if &*value == b"true" => Ok(()),
        value => Err(FetchError::InvalidAllowCredentials {
            hop: Box::new(hop()),
            value: value.map(|v| v.into_owned()),
            why: credentialed.unwrap_or(Credentialed::ModeInclude),
        }),
    }
}

/// Explains why `Access-Control-Allow-Origin` did not match. This only
/// chooses the error; the check itself is the byte comparison above.
fn classify_mismatch(
    value: &[u8],
    origin: &str,
    credentialed: Option<Credentialed>,
    several: bool,
    hop: Box<Hop>,
) -> FetchError {
    if let Some(why) = credentialed.filter(|_| value == b"*") {
        return FetchError::WildcardOriginWithCredentials { hop, why };
    }
    if several || value.iter().any(|&b| b == b',' || b == b' ') {
        return FetchError::MultipleAllowOrigin {
            hop,
            value: value.to_vec(),
        };
    }
    let text = std::str::from_utf8(value).ok();
    let parsed = text.and_then(|t| Url::parse(t).ok());
    if value != b"null" && value != b"*" && parsed.is_none() {
        return FetchError::InvalidAllowOrigin {
            hop,
            value: value.to_vec(),
        };
    }
    let hint = if origin == "null" {
        OriginHint::NullOrigin
    } else if value.strip_suffix(b"/") == Some(origin.as_bytes()) {
        OriginHint::TrailingSlash
    } else if value.eq_ignore_ascii_case(origin.as_bytes()) {
        OriginHint::Case
    } else if parsed.is_some_and(|url| url.origin().ascii_serialization() == origin) {
        OriginHint::DefaultPort
    } else {
        OriginHint::None
    };
    FetchError::AllowOriginMismatch {
        hop,
        value: value.to_vec(),
        hint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CredentialsMode::{Include, Omit, SameOrigin};

    const ORIGIN: &str = "https://app.example";

    fn hop() -> Hop {
        Hop {
            url: Url::parse("https://api.example/").unwrap(),
            redirects: 0,
            preflight: false,
            origin: ORIGIN.into(),
        }
    }

    fn check(
        pairs: &[(&str, &str)],
        origin: &str,
        credentials: CredentialsMode,
    ) -> Result<(), FetchError> {
        let headers = HeaderList::try_from_pairs(pairs.iter().copied()).unwrap();
        cors_check(&headers, origin, credentials, hop)
    }

    const ACAO: &str = "Access-Control-Allow-Origin";
    const ACAC: &str = "Access-Control-Allow-Credentials";

    #[test]
    fn missing_allow_origin_fails() {
        assert!(matches!(
            check(&[], ORIGIN, Omit),
            Err(FetchError::MissingAllowOrigin {
                wildcard_allowed: true,
                ..
            })
        ));
        assert!(matches!(
            check(&[], ORIGIN, Include),
            Err(FetchError::MissingAllowOrigin {
                wildcard_allowed: false,
                ..
            })
        ));
    }

    #[test]
    fn wildcard_passes_only_without_credentials() {
        assert!(check(&[(ACAO, "*")], ORIGIN, Omit).is_ok());
        assert!(check(&[(ACAO, "*")], ORIGIN, SameOrigin).is_ok());
        assert!(check(&[(ACAO, "*"), (ACAC, "true")], ORIGIN, Omit).is_ok());
        assert!(matches!(
            check(&[(ACAO, "*"), (ACAC, "true")], ORIGIN, Include),
            Err(FetchError::WildcardOriginWithCredentials { .. })
        ));
    }

    #[test]
    fn allow_origin_is_byte_exact() {
        assert!(check(&[(ACAO, ORIGIN)], ORIGIN, Omit).is_ok());
        let mismatch = |v: &str| check(&[(ACAO, v)], ORIGIN, Omit);
        assert!(matches!(
            mismatch("https://app.example/"),
            Err(FetchError::AllowOriginMismatch {
                hint: OriginHint::TrailingSlash,
                ..
            })
        ));
        assert!(matches!(
            mismatch("https://APP.example"),
            Err(FetchError::AllowOriginMismatch {
                hint: OriginHint::Case,
                ..
            })
        ));
        assert!(matches!(
            mismatch("https://app.example:443"),
            Err(FetchError::AllowOriginMismatch {
                hint: OriginHint::DefaultPort,
                ..
            })
        ));
        assert!(matches!(
            mismatch("https://other.example"),
            Err(FetchError::AllowOriginMismatch {
                hint: OriginHint::None,
                ..
            })
        ));
        assert!(matches!(
            mismatch("null"),
            Err(FetchError::AllowOriginMismatch { .. })
        ));
        assert!(matches!(
            mismatch("app.example"),
            Err(FetchError::InvalidAllowOrigin { .. })
        ));
    }

    #[test]
    fn two_values_fail_even_when_both_match() {
        assert!(matches!(
            check(&[(ACAO, ORIGIN), (ACAO, ORIGIN)], ORIGIN, Omit),
            Err(FetchError::MultipleAllowOrigin { .. })
        ));
        assert!(matches!(
            check(
                &[(ACAO, "https://app.example https://b.example")],
                ORIGIN,
                Omit
            ),
            Err(FetchError::MultipleAllowOrigin { .. })
        ));
        assert!(check(&[(ACAO, "*"), (ACAO, "*")], ORIGIN, Omit).is_err());
    }

    #[test]
    fn null_matches_a_null_request_origin() {
        assert!(check(&[(ACAO, "null")], "null", Omit).is_ok());
        assert!(check(&[(ACAO, "null"), (ACAC, "true")], "null", Include).is_ok());
        assert!(matches!(
            check(&[(ACAO, ORIGIN)], "null", Omit),
            Err(FetchError::AllowOriginMismatch {
                hint: OriginHint::NullOrigin,
                ..
            })
        ));
    }

    #[test]
    fn credentials_need_allow_credentials_exactly_true() {
        assert!(check(&[(ACAO, ORIGIN), (ACAC, "true")], ORIGIN, Include).is_ok());
        for bad in [
            &[(ACAO, ORIGIN)][..],
            &[(ACAO, ORIGIN), (ACAC, "True")],
            &[(ACAO, ORIGIN), (ACAC, "true"), (ACAC, "true")],
        ] {
            assert!(
                matches!(
                    check(bad, ORIGIN, Include),
                    Err(FetchError::InvalidAllowCredentials { .. })
                ),
                "{bad:?}"
            );
        }
        // Ignored without credentials.
        assert!(check(&[(ACAO, ORIGIN), (ACAC, "nope")], ORIGIN, SameOrigin).is_ok());
    }
}
