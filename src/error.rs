//! Why a fetch fails.
//!
//! [`FetchError`] has one variant per distinct reason. Invalid-request
//! variants are what `new Request()` or `fetch()` throws a `TypeError` for:
//! nothing was sent. Every other variant is a
//! [network error](https://fetch.spec.whatwg.org/#concept-network-error) and
//! carries a [`Hop`] saying which request it was about (the preflight or the
//! main request, which URL, after how many redirects, with which `Origin`).
//! Messages name the header, the value seen and what was expected, so a
//! developer can fix the server from the message alone.

use std::fmt;

use thiserror::Error;
use url::Url;

use crate::headers::escape_bytes;

/// Which request a network error is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    /// The URL the request went to.
    pub url: Url,
    /// How many redirects had been followed before it.
    pub redirects: u32,
    /// Whether it was the CORS preflight (`OPTIONS`) rather than the main
    /// request.
    pub preflight: bool,
    /// The byte-serialized request origin it carried: `null` for an opaque
    /// client origin or once a redirect has tainted the origin.
    pub origin: String,
}

impl fmt::Display for Hop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.preflight {
            "CORS preflight (OPTIONS) to"
        } else {
            "response from"
        };
        write!(f, "{what} {} (Origin: {}", self.url, self.origin)?;
        match self.redirects {
            0 => f.write_str(")"),
            1 => f.write_str(", after 1 redirect)"),
            n => write!(f, ", after {n} redirects)"),
        }
    }
}

/// Why `*` did not count where the server used it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WildcardIgnored {
    /// The request's credentials mode is `include`, where `*` is a literal.
    CredentialsInclude,
    /// `Authorization` is a CORS non-wildcard request-header name: `*` never
    /// covers it; it must be listed by name.
    NonWildcardHeader,
}

/// Why a CORS check held a response to the credentialed rules (`*` does
/// not count, `Access-Control-Allow-Credentials: true` is required).
///
/// ```
/// use fetch_cors::error::Credentialed;
/// assert_eq!(Credentialed::ModeInclude.to_string(), "the request's credentials mode is `include`");
/// assert!(Credentialed::RedirectAfterSameOriginStart.to_string().contains("WebKit"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credentialed {
    /// The request's credentials mode is `include` (the spec's only case).
    ModeInclude,
    /// A redirect on a cross-origin hop of a fetch that started on the
    /// page's own origin in credentials mode `same-origin`: WebKit checks
    /// it as credentialed
    /// ([`crate::Policy::redirects_checked_as_credentialed_after_same_origin_start`]).
    RedirectAfterSameOriginStart,
}

impl fmt::Display for Credentialed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Credentialed::ModeInclude => "the request's credentials mode is `include`",
            Credentialed::RedirectAfterSameOriginStart => {
                "this redirect is checked as credentialed (WebKit does so for the redirects of a \
                 fetch that started on the page's own origin in credentials mode `same-origin`, \
                 and fails the fetch when the next request is ready to go)"
            }
        })
    }
}

/// A hint about a near miss in `Access-Control-Allow-Origin`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OriginHint {
    /// No closer explanation.
    None,
    /// The value has a trailing slash; an origin never has one.
    TrailingSlash,
    /// The value differs only in letter case; the comparison is byte-exact.
    Case,
    /// The value names the scheme's default port, which a serialized origin
    /// omits.
    DefaultPort,
    /// The request's origin was `null` because a redirect tainted it or the
    /// client's origin is opaque.
    NullOrigin,
}

impl fmt::Display for OriginHint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OriginHint::None => "",
            OriginHint::TrailingSlash => " (a serialized origin has no trailing slash)",
            OriginHint::Case => " (the comparison is byte-exact, letter case included)",
            OriginHint::DefaultPort => " (a serialized origin omits the scheme's default port)",
            OriginHint::NullOrigin => {
                " (the request's origin is `null`: the client origin is opaque or a redirect \
                 to another origin tainted it; only `*` or `null` can match)"
            }
        })
    }
}

fn show(value: &[u8]) -> String {
    format!("`{}`", escape_bytes(value))
}

fn show_opt(value: &Option<Vec<u8>>) -> String {
    value
        .as_deref()
        .map_or_else(|| "no header".to_owned(), show)
}

/// A URL for a message, cut after its first 100 bytes (a serialized URL
/// is ASCII): a `data:` URL carries its whole body and can be megabytes.
fn show_url(url: &Url) -> String {
    const SHOWN: usize = 100;
    let text = url.as_str();
    if text.len() <= SHOWN {
        text.to_owned()
    } else {
        format!("{}... ({} bytes)", &text[..SHOWN], text.len())
    }
}

fn wildcard_note(w: &Option<WildcardIgnored>) -> &'static str {
    match w {
        None => "",
        Some(WildcardIgnored::CredentialsInclude) => {
            "; the `*` there does not count because the request's credentials mode is \
             `include`, where `*` is a literal name"
        }
        Some(WildcardIgnored::NonWildcardHeader) => {
            "; `*` never covers `Authorization`, which must be listed by name"
        }
    }
}

/// Why a fetch failed. One variant per distinct reason.
///
/// ```
/// use fetch_cors::FetchError;
/// let err = FetchError::ForbiddenMethod { method: "TRACE".into() };
/// assert!(err.is_invalid_request());
/// assert_eq!(err.spec_anchor(), "#forbidden-method");
/// assert!(err.to_string().contains("TRACE"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum FetchError {
    // ---- Invalid requests: refused before anything is sent. ----
    /// The method is not a token.
    #[error("invalid request: method {} is not an HTTP token", show(.method))]
    InvalidMethod {
        /// The method as given.
        method: Vec<u8>,
    },
    /// The method is CONNECT, TRACE or TRACK (in any case).
    #[error(
        "invalid request: method `{method}` is forbidden (CONNECT, TRACE and TRACK, in any case)"
    )]
    ForbiddenMethod {
        /// The method as given.
        method: String,
    },
    /// A header name is not a token.
    #[error("invalid request: header name {} is not an HTTP token", show(.name))]
    InvalidHeaderName {
        /// The name as given.
        name: Vec<u8>,
    },
    /// A header value has NUL, CR or LF, or edge whitespace after normalizing.
    #[error("invalid request: the value {} of header `{name}` is not a header value (no NUL, CR or LF)", show(.value))]
    InvalidHeaderValue {
        /// The header name.
        name: String,
        /// The value as given.
        value: Vec<u8>,
    },
    /// A `no-cors` request with a method other than GET, HEAD or POST.
    #[error("invalid request: mode `no-cors` allows only GET, HEAD and POST, not `{method}`")]
    NoCorsMethod {
        /// The method.
        method: String,
    },
    /// A GET or HEAD request with a body.
    #[error("invalid request: a `{method}` request cannot have a body")]
    BodyWithGetOrHead {
        /// The method.
        method: String,
    },
    /// A streaming body outside `cors` and `same-origin` modes.
    #[error("invalid request: a streaming body needs mode `cors` or `same-origin`, not `{mode}`")]
    StreamBodyMode {
        /// The mode.
        mode: &'static str,
    },
    /// The URL has a username or password.
    #[error("invalid request: the URL {url} includes credentials (a username or password)")]
    UrlIncludesCredentials {
        /// The URL.
        url: Url,
    },
    /// Script may not create a `navigate` request.
    #[error("invalid request: mode `navigate` cannot be requested by script")]
    NavigateMode,
    /// The URL or origin could not be parsed.
    #[error("invalid request: {what} {} is not a valid URL or origin: {reason}", show(.input))]
    InvalidUrl {
        /// What was being parsed (`URL`, `origin`).
        what: &'static str,
        /// The input.
        input: Vec<u8>,
        /// The parser's reason.
        reason: String,
    },

    // ---- Network errors from main fetch's switch. ----
    /// Mode `same-origin` and a cross-origin URL.
    #[error("{url} is cross-origin to {origin} and the request's mode is `same-origin`")]
    DisallowedByMode {
        /// The cross-origin URL.
        url: Url,
        /// The request's origin.
        origin: String,
    },
    /// Mode `no-cors` with a redirect mode other than `follow`.
    #[error("mode `no-cors` requires redirect mode `follow`, not `{redirect}` ({url})")]
    NoCorsRedirectMode {
        /// The URL.
        url: Url,
        /// The redirect mode.
        redirect: &'static str,
    },
    /// A CORS request (or local fetch this engine leaves to the caller) to a
    /// scheme other than http or https.
    #[error("{url}: scheme `{}` cannot be fetched with CORS; only http and https can", .url.scheme())]
    SchemeNotSupported {
        /// The URL.
        url: Url,
    },
    /// The port is one Fetch blocks.
    #[error("{url}: port {port} is a bad port, which Fetch blocks")]
    BadPort {
        /// The URL.
        url: Url,
        /// The port.
        port: u16,
    },

    // ---- Scheme fetch. ----
    /// The [`data:` URL processor](https://fetch.spec.whatwg.org/#data-url-processor)
    /// returned failure: scheme fetch's `data` branch, step 2.
    #[error("{}: not a valid data: URL: {reason}", show_url(.url))]
    InvalidDataUrl {
        /// The URL, without its fragment.
        url: Url,
        /// What the processor could not read.
        reason: String,
    },

    // ---- The CORS check, on the preflight or on a main response. ----
    /// No `Access-Control-Allow-Origin`.
    #[error("{hop}: no Access-Control-Allow-Origin header; expected `{}`{}", .hop.origin, if *.wildcard_allowed { " or `*`" } else { "" })]
    MissingAllowOrigin {
        /// Where.
        hop: Box<Hop>,
        /// Whether `*` would have passed (credentials mode not `include`).
        wildcard_allowed: bool,
    },
    /// Several values in `Access-Control-Allow-Origin` (repeated header or a list).
    #[error("{hop}: Access-Control-Allow-Origin is {}, which holds several values; it must be exactly one: `{}`", show(.value), .hop.origin)]
    MultipleAllowOrigin {
        /// Where.
        hop: Box<Hop>,
        /// The combined value.
        value: Vec<u8>,
    },
    /// `Access-Control-Allow-Origin` is not an origin, `null` or `*`.
    #[error("{hop}: Access-Control-Allow-Origin is {}, which is not a serialized origin, `null` or `*`; expected `{}`", show(.value), .hop.origin)]
    InvalidAllowOrigin {
        /// Where.
        hop: Box<Hop>,
        /// The value.
        value: Vec<u8>,
    },
    /// `Access-Control-Allow-Origin` names another origin.
    #[error("{hop}: Access-Control-Allow-Origin is {} but the request's origin is `{}`{hint}", show(.value), .hop.origin)]
    AllowOriginMismatch {
        /// Where.
        hop: Box<Hop>,
        /// The value.
        value: Vec<u8>,
        /// A closer explanation, when one applies.
        hint: OriginHint,
    },
    /// `Access-Control-Allow-Origin: *` on a credentialed request.
    #[error("{hop}: Access-Control-Allow-Origin is `*`, which does not count when {why}; expected `{}` with Access-Control-Allow-Credentials: true", .hop.origin)]
    WildcardOriginWithCredentials {
        /// Where.
        hop: Box<Hop>,
        /// Why the check was credentialed.
        why: Credentialed,
    },
    /// `Access-Control-Allow-Credentials` is not exactly `true`.
    #[error("{hop}: {why}, so Access-Control-Allow-Credentials must be exactly `true` (lowercase, one header); got {}", show_opt(.value))]
    InvalidAllowCredentials {
        /// Where.
        hop: Box<Hop>,
        /// The combined value, or `None` when absent.
        value: Option<Vec<u8>>,
        /// Why the check was credentialed.
        why: Credentialed,
    },

    // ---- CORS-preflight fetch. ----
    /// The preflight's status is not 2xx.
    #[error(
        "{hop}: the preflight response's status is {status}; it must be an ok status (200-299)"
    )]
    PreflightInvalidStatus {
        /// Where.
        hop: Box<Hop>,
        /// The status.
        status: u16,
    },
    /// The preflight was answered with a redirect.
    #[error("{hop}: the preflight response is a redirect ({status}); preflights are never redirected and must answer with an ok status (200-299)")]
    PreflightRedirect {
        /// Where.
        hop: Box<Hop>,
        /// The status.
        status: u16,
    },
    /// `Access-Control-Allow-Methods` does not parse as `#method`.
    #[error("{hop}: Access-Control-Allow-Methods is {}, and its item {} is not a method token; a syntax error fails the preflight", show(.value), show(.item))]
    InvalidAllowMethods {
        /// Where.
        hop: Box<Hop>,
        /// The header value.
        value: Vec<u8>,
        /// The offending item.
        item: Vec<u8>,
    },
    /// `Access-Control-Allow-Headers` does not parse as `#field-name`.
    #[error("{hop}: Access-Control-Allow-Headers is {}, and its item {} is not a header-name token; a syntax error fails the preflight", show(.value), show(.item))]
    InvalidAllowHeaders {
        /// Where.
        hop: Box<Hop>,
        /// The header value.
        value: Vec<u8>,
        /// The offending item.
        item: Vec<u8>,
    },
    /// The method is not allowed by `Access-Control-Allow-Methods`.
    #[error("{hop}: method `{method}` is not in Access-Control-Allow-Methods ({}); methods are compared byte for byte{}", show_opt(.allowed), wildcard_note(.wildcard_ignored))]
    MethodNotAllowed {
        /// Where.
        hop: Box<Hop>,
        /// The request's method.
        method: String,
        /// The combined `Access-Control-Allow-Methods`, if present.
        allowed: Option<Vec<u8>>,
        /// Set when `*` was present but did not count.
        wildcard_ignored: Option<WildcardIgnored>,
    },
    /// A request header is not allowed by `Access-Control-Allow-Headers`.
    #[error("{hop}: request header `{header}` is not in Access-Control-Allow-Headers ({}){}", show_opt(.allowed), wildcard_note(.wildcard_ignored))]
    HeaderNotAllowed {
        /// Where.
        hop: Box<Hop>,
        /// The lowercase header name.
        header: String,
        /// The combined `Access-Control-Allow-Headers`, if present.
        allowed: Option<Vec<u8>>,
        /// Set when `*` was present but did not count.
        wildcard_ignored: Option<WildcardIgnored>,
    },

    // ---- HTTP fetch and HTTP-redirect fetch. ----
    /// A redirect with redirect mode `error`.
    #[error(
        "{hop}: the response is a redirect ({status}) and the request's redirect mode is `error`"
    )]
    RedirectModeError {
        /// Where.
        hop: Box<Hop>,
        /// The status.
        status: u16,
    },
    /// `Location` does not parse (or there are several).
    #[error("{hop}: Location {} does not parse as a URL relative to the response URL (or there are several): {reason}", show(.value))]
    InvalidRedirectLocation {
        /// Where.
        hop: Box<Hop>,
        /// The combined value.
        value: Vec<u8>,
        /// The parser's reason.
        reason: String,
    },
    /// A redirect to a scheme other than http or https.
    #[error("{hop}: redirect to {location}, whose scheme `{}` is not http or https", .location.scheme())]
    RedirectToNonHttpScheme {
        /// Where.
        hop: Box<Hop>,
        /// The location URL.
        location: Url,
    },
    /// More than 20 redirects.
    #[error("{hop}: redirect to {location} would be redirect number {}, over the limit of {limit}", .limit + 1)]
    TooManyRedirects {
        /// Where.
        hop: Box<Hop>,
        /// The location URL.
        location: Url,
        /// The limit (20).
        limit: u32,
    },
    /// A redirect location with a username or password on a CORS request.
    #[error("{hop}: redirect location {location} includes credentials (a username or password), which a {} may not follow", if *.cross_origin { "CORS request to another origin (or to any, under a policy that refuses them everywhere)" } else { "request whose response tainting is `cors`" })]
    RedirectContainsCredentials {
        /// Where.
        hop: Box<Hop>,
        /// The location URL.
        location: Url,
        /// True for step 9 (mode cors, location cross-origin to the request's
        /// origin, or of any origin under
        /// [`crate::Policy::cors_redirect_refuses_credentials_everywhere`]),
        /// false for step 10 (response tainting cors).
        cross_origin: bool,
    },
    /// A redirect other than 303 with a streaming body, which cannot be resent.
    #[error("{hop}: a {status} redirect would resend the request body, but it is a stream that cannot be replayed")]
    RedirectWithStreamBody {
        /// Where.
        hop: Box<Hop>,
        /// The status.
        status: u16,
    },
}

impl FetchError {
    /// Which reason this is, without its data.
    pub fn kind(&self) -> ErrorKind {
        use FetchError::*;
        match self {
            InvalidMethod { .. } => ErrorKind::InvalidMethod,
            ForbiddenMethod { .. } => ErrorKind::ForbiddenMethod,
            InvalidHeaderName { .. } => ErrorKind::InvalidHeaderName,
            InvalidHeaderValue { .. } => ErrorKind::InvalidHeaderValue,
            NoCorsMethod { .. } => ErrorKind::NoCorsMethod,
            BodyWithGetOrHead { .. } => ErrorKind::BodyWithGetOrHead,
            StreamBodyMode { .. } => ErrorKind::StreamBodyMode,
            UrlIncludesCredentials { .. } => ErrorKind::UrlIncludesCredentials,
            NavigateMode => ErrorKind::NavigateMode,
            InvalidUrl { .. } => ErrorKind::InvalidUrl,
            DisallowedByMode { .. } => ErrorKind::DisallowedByMode,
            NoCorsRedirectMode { .. } => ErrorKind::NoCorsRedirectMode,
            SchemeNotSupported { .. } => ErrorKind::SchemeNotSupported,
            BadPort { .. } => ErrorKind::BadPort,
            InvalidDataUrl { .. } => ErrorKind::InvalidDataUrl,
            MissingAllowOrigin { .. } => ErrorKind::MissingAllowOrigin,
            MultipleAllowOrigin { .. } => ErrorKind::MultipleAllowOrigin,
            InvalidAllowOrigin { .. } => ErrorKind::InvalidAllowOrigin,
            AllowOriginMismatch { .. } => ErrorKind::AllowOriginMismatch,
            WildcardOriginWithCredentials { .. } => ErrorKind::WildcardOriginWithCredentials,
            InvalidAllowCredentials { .. } => ErrorKind::InvalidAllowCredentials,
            PreflightInvalidStatus { .. } => ErrorKind::PreflightInvalidStatus,
            PreflightRedirect { .. } => ErrorKind::PreflightRedirect,
            InvalidAllowMethods { .. } => ErrorKind::InvalidAllowMethods,
            InvalidAllowHeaders { .. } => ErrorKind::InvalidAllowHeaders,
            MethodNotAllowed { .. } => ErrorKind::MethodNotAllowed,
            HeaderNotAllowed { .. } => ErrorKind::HeaderNotAllowed,
            RedirectModeError { .. } => ErrorKind::RedirectModeError,
            InvalidRedirectLocation { .. } => ErrorKind::InvalidRedirectLocation,
            RedirectToNonHttpScheme { .. } => ErrorKind::RedirectToNonHttpScheme,
            TooManyRedirects { .. } => ErrorKind::TooManyRedirects,
            RedirectContainsCredentials { .. } => ErrorKind::RedirectContainsCredentials,
            RedirectWithStreamBody { .. } => ErrorKind::RedirectWithStreamBody,
        }
    }

    /// Whether this is a `TypeError`-class refusal of the request itself
    /// (nothing was sent), rather than a network error.
    pub fn is_invalid_request(&self) -> bool {
        matches!(
            self,
            FetchError::InvalidMethod { .. }
                | FetchError::ForbiddenMethod { .. }
                | FetchError::InvalidHeaderName { .. }
                | FetchError::InvalidHeaderValue { .. }
                | FetchError::NoCorsMethod { .. }
                | FetchError::BodyWithGetOrHead { .. }
                | FetchError::StreamBodyMode { .. }
                | FetchError::UrlIncludesCredentials { .. }
                | FetchError::NavigateMode
                | FetchError::InvalidUrl { .. }
        )
    }

    /// The request the failure is about, for network errors raised on a
    /// response.
    pub fn hop(&self) -> Option<&Hop> {
        use FetchError::*;
        match self {
            MissingAllowOrigin { hop, .. }
            | MultipleAllowOrigin { hop, .. }
            | InvalidAllowOrigin { hop, .. }
            | AllowOriginMismatch { hop, .. }
            | WildcardOriginWithCredentials { hop, .. }
            | InvalidAllowCredentials { hop, .. }
            | PreflightInvalidStatus { hop, .. }
            | PreflightRedirect { hop, .. }
            | InvalidAllowMethods { hop, .. }
            | InvalidAllowHeaders { hop, .. }
            | MethodNotAllowed { hop, .. }
            | HeaderNotAllowed { hop, .. }
            | RedirectModeError { hop, .. }
            | InvalidRedirectLocation { hop, .. }
            | RedirectToNonHttpScheme { hop, .. }
            | TooManyRedirects { hop, .. }
            | RedirectContainsCredentials { hop, .. }
            | RedirectWithStreamBody { hop, .. } => Some(hop.as_ref()),
            _ => None,
        }
    }

    /// Whether the failure is about the CORS preflight.
    pub fn is_preflight(&self) -> bool {
        self.hop().is_some_and(|hop| hop.preflight)
    }

    /// The Fetch Standard anchor of the step that failed, to append to
    /// `https://fetch.spec.whatwg.org/`.
    pub fn spec_anchor(&self) -> &'static str {
        use FetchError::*;
        match self {
            InvalidMethod { .. } => "#concept-method",
            ForbiddenMethod { .. } => "#forbidden-method",
            InvalidHeaderName { .. } => "#header-name",
            InvalidHeaderValue { .. } => "#header-value",
            NoCorsMethod { .. }
            | BodyWithGetOrHead { .. }
            | StreamBodyMode { .. }
            | UrlIncludesCredentials { .. }
            | NavigateMode
            | InvalidUrl { .. } => "#dom-request",
            DisallowedByMode { .. } | NoCorsRedirectMode { .. } | SchemeNotSupported { .. } => {
                "#main-fetch"
            }
            BadPort { .. } => "#block-bad-port",
            InvalidDataUrl { .. } => "#concept-scheme-fetch",
            MissingAllowOrigin { .. }
            | MultipleAllowOrigin { .. }
            | InvalidAllowOrigin { .. }
            | AllowOriginMismatch { .. }
            | WildcardOriginWithCredentials { .. }
            | InvalidAllowCredentials { .. } => "#cors-check",
            PreflightInvalidStatus { .. }
            | PreflightRedirect { .. }
            | InvalidAllowMethods { .. }
            | InvalidAllowHeaders { .. }
            | MethodNotAllowed { .. }
            | HeaderNotAllowed { .. } => "#cors-preflight-fetch",
            RedirectModeError { .. } => "#http-fetch",
            InvalidRedirectLocation { .. }
            | RedirectToNonHttpScheme { .. }
            | TooManyRedirects { .. }
            | RedirectContainsCredentials { .. }
            | RedirectWithStreamBody { .. } => "#http-redirect-fetch",
        }
    }
}

/// Which reason a [`FetchError`] gives, without its data: for matching in
/// tests and tools (`assert_blocked(request, ErrorKind::MissingAllowOrigin)`)
/// and for naming the reason in machine-readable output.
///
/// ```
/// use fetch_cors::{FetchError, error::ErrorKind};
/// let err = FetchError::ForbiddenMethod { method: "TRACE".into() };
/// assert_eq!(err.kind(), ErrorKind::ForbiddenMethod);
/// assert_eq!(err.kind().name(), "forbidden-method");
/// assert_eq!("forbidden-method".parse(), Ok(ErrorKind::ForbiddenMethod));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// [`FetchError::InvalidMethod`].
    InvalidMethod,
    /// [`FetchError::ForbiddenMethod`].
    ForbiddenMethod,
    /// [`FetchError::InvalidHeaderName`].
    InvalidHeaderName,
    /// [`FetchError::InvalidHeaderValue`].
    InvalidHeaderValue,
    /// [`FetchError::NoCorsMethod`].
    NoCorsMethod,
    /// [`FetchError::BodyWithGetOrHead`].
    BodyWithGetOrHead,
    /// [`FetchError::StreamBodyMode`].
    StreamBodyMode,
    /// [`FetchError::UrlIncludesCredentials`].
    UrlIncludesCredentials,
    /// [`FetchError::NavigateMode`].
    NavigateMode,
    /// [`FetchError::InvalidUrl`].
    InvalidUrl,
    /// [`FetchError::DisallowedByMode`].
    DisallowedByMode,
    /// [`FetchError::NoCorsRedirectMode`].
    NoCorsRedirectMode,
    /// [`FetchError::SchemeNotSupported`].
    SchemeNotSupported,
    /// [`FetchError::BadPort`].
    BadPort,
    /// [`FetchError::InvalidDataUrl`].
    InvalidDataUrl,
    /// [`FetchError::MissingAllowOrigin`].
    MissingAllowOrigin,
    /// [`FetchError::MultipleAllowOrigin`].
    MultipleAllowOrigin,
    /// [`FetchError::InvalidAllowOrigin`].
    InvalidAllowOrigin,
    /// [`FetchError::AllowOriginMismatch`].
    AllowOriginMismatch,
    /// [`FetchError::WildcardOriginWithCredentials`].
    WildcardOriginWithCredentials,
    /// [`FetchError::InvalidAllowCredentials`].
    InvalidAllowCredentials,
    /// [`FetchError::PreflightInvalidStatus`].
    PreflightInvalidStatus,
    /// [`FetchError::PreflightRedirect`].
    PreflightRedirect,
    /// [`FetchError::InvalidAllowMethods`].
    InvalidAllowMethods,
    /// [`FetchError::InvalidAllowHeaders`].
    InvalidAllowHeaders,
    /// [`FetchError::MethodNotAllowed`].
    MethodNotAllowed,
    /// [`FetchError::HeaderNotAllowed`].
    HeaderNotAllowed,
    /// [`FetchError::RedirectModeError`].
    RedirectModeError,
    /// [`FetchError::InvalidRedirectLocation`].
    InvalidRedirectLocation,
    /// [`FetchError::RedirectToNonHttpScheme`].
    RedirectToNonHttpScheme,
    /// [`FetchError::TooManyRedirects`].
    TooManyRedirects,
    /// [`FetchError::RedirectContainsCredentials`].
    RedirectContainsCredentials,
    /// [`FetchError::RedirectWithStreamBody`].
    RedirectWithStreamBody,
}

impl ErrorKind {
    /// Every kind, in the order of [`FetchError`]'s variants.
    pub const ALL: [ErrorKind; 33] = [
        ErrorKind::InvalidMethod,
        ErrorKind::ForbiddenMethod,
        ErrorKind::InvalidHeaderName,
        ErrorKind::InvalidHeaderValue,
        ErrorKind::NoCorsMethod,
        ErrorKind::BodyWithGetOrHead,
        ErrorKind::StreamBodyMode,
        ErrorKind::UrlIncludesCredentials,
        ErrorKind::NavigateMode,
        ErrorKind::InvalidUrl,
        ErrorKind::DisallowedByMode,
        ErrorKind::NoCorsRedirectMode,
        ErrorKind::SchemeNotSupported,
        ErrorKind::BadPort,
        ErrorKind::InvalidDataUrl,
        ErrorKind::MissingAllowOrigin,
        ErrorKind::MultipleAllowOrigin,
        ErrorKind::InvalidAllowOrigin,
        ErrorKind::AllowOriginMismatch,
        ErrorKind::WildcardOriginWithCredentials,
        ErrorKind::InvalidAllowCredentials,
        ErrorKind::PreflightInvalidStatus,
        ErrorKind::PreflightRedirect,
        ErrorKind::InvalidAllowMethods,
        ErrorKind::InvalidAllowHeaders,
        ErrorKind::MethodNotAllowed,
        ErrorKind::HeaderNotAllowed,
        ErrorKind::RedirectModeError,
        ErrorKind::InvalidRedirectLocation,
        ErrorKind::RedirectToNonHttpScheme,
        ErrorKind::TooManyRedirects,
        ErrorKind::RedirectContainsCredentials,
        ErrorKind::RedirectWithStreamBody,
    ];

    /// The kind's name in kebab case (`allow-origin-mismatch`), as
    /// machine-readable output spells it.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::InvalidMethod => "invalid-method",
            ErrorKind::ForbiddenMethod => "forbidden-method",
            ErrorKind::InvalidHeaderName => "invalid-header-name",
            ErrorKind::InvalidHeaderValue => "invalid-header-value",
            ErrorKind::NoCorsMethod => "no-cors-method",
            ErrorKind::BodyWithGetOrHead => "body-with-get-or-head",
            ErrorKind::StreamBodyMode => "stream-body-mode",
            ErrorKind::UrlIncludesCredentials => "url-includes-credentials",
            ErrorKind::NavigateMode => "navigate-mode",
            ErrorKind::InvalidUrl => "invalid-url",
            ErrorKind::DisallowedByMode => "disallowed-by-mode",
            ErrorKind::NoCorsRedirectMode => "no-cors-redirect-mode",
            ErrorKind::SchemeNotSupported => "scheme-not-supported",
            ErrorKind::BadPort => "bad-port",
            ErrorKind::InvalidDataUrl => "invalid-data-url",
            ErrorKind::MissingAllowOrigin => "missing-allow-origin",
            ErrorKind::MultipleAllowOrigin => "multiple-allow-origin",
            ErrorKind::InvalidAllowOrigin => "invalid-allow-origin",
            ErrorKind::AllowOriginMismatch => "allow-origin-mismatch",
            ErrorKind::WildcardOriginWithCredentials => "wildcard-origin-with-credentials",
            ErrorKind::InvalidAllowCredentials => "invalid-allow-credentials",
            ErrorKind::PreflightInvalidStatus => "preflight-invalid-status",
            ErrorKind::PreflightRedirect => "preflight-redirect",
            ErrorKind::InvalidAllowMethods => "invalid-allow-methods",
            ErrorKind::InvalidAllowHeaders => "invalid-allow-headers",
            ErrorKind::MethodNotAllowed => "method-not-allowed",
            ErrorKind::HeaderNotAllowed => "header-not-allowed",
            ErrorKind::RedirectModeError => "redirect-mode-error",
            ErrorKind::InvalidRedirectLocation => "invalid-redirect-location",
            ErrorKind::RedirectToNonHttpScheme => "redirect-to-non-http-scheme",
            ErrorKind::TooManyRedirects => "too-many-redirects",
            ErrorKind::RedirectContainsCredentials => "redirect-contains-credentials",
            ErrorKind::RedirectWithStreamBody => "redirect-with-stream-body",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is no [`ErrorKind`]'s.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("unknown error kind `{0}`")]
pub struct UnknownErrorKind(pub String);

impl std::str::FromStr for ErrorKind {
    type Err = UnknownErrorKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ErrorKind::ALL
            .into_iter()
            .find(|kind| kind.name() == s)
            .ok_or_else(|| UnknownErrorKind(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hop(preflight: bool, redirects: u32) -> Hop {
        Hop {
            url: Url::parse("https://api.example/x").unwrap(),
            redirects,
            preflight,
            origin: "https://app.example".into(),
        }
    }

    #[test]
    fn messages_name_header_value_and_expectation() {
        let e = FetchError::AllowOriginMismatch {
            hop: Box::new(hop(false, 0)),
            value: b"https://app.example/".to_vec(),
            hint: OriginHint::TrailingSlash,
        };
        let msg = e.to_string();
        assert!(msg.contains("Access-Control-Allow-Origin"), "{msg}");
        assert!(msg.contains("`https://app.example/`"), "{msg}");
        assert!(msg.contains("`https://app.example`"), "{msg}");
        assert!(msg.contains("trailing slash"), "{msg}");

        let e = FetchError::HeaderNotAllowed {
            hop: Box::new(hop(true, 2)),
            header: "authorization".into(),
            allowed: Some(b"*".to_vec()),
            wildcard_ignored: Some(WildcardIgnored::NonWildcardHeader),
        };
        let msg = e.to_string();
        assert!(
            msg.starts_with("CORS preflight (OPTIONS) to https://api.example/x"),
            "{msg}"
        );
        assert!(msg.contains("after 2 redirects"), "{msg}");
        assert!(msg.contains("never covers `Authorization`"), "{msg}");
        assert!(e.is_preflight());
        assert!(!e.is_invalid_request());
        assert_eq!(e.spec_anchor(), "#cors-preflight-fetch");
    }

    #[test]
    fn bytes_in_messages_are_escaped() {
        let e = FetchError::InvalidAllowCredentials {
            hop: Box::new(hop(false, 0)),
            value: Some(b"tru\x01e".to_vec()),
            why: Credentialed::ModeInclude,
        };
        assert!(e.to_string().contains("`tru\\x01e`"));
        let e = FetchError::InvalidAllowCredentials {
            hop: Box::new(hop(false, 0)),
            value: None,
            why: Credentialed::ModeInclude,
        };
        assert!(e.to_string().contains("got no header"));
    }

    /// The message names the URL (cut when long: a data: URL carries its
    /// body) and why; no server change is involved, so there is no hop.
    #[test]
    fn an_invalid_data_url_names_the_url_and_the_reason() {
        let e = FetchError::InvalidDataUrl {
            url: Url::parse("data:text/plain;base64,%%%").unwrap(),
            reason: "its body is not base64".into(),
        };
        assert_eq!(
            e.to_string(),
            "data:text/plain;base64,%%%: not a valid data: URL: its body is not base64"
        );
        assert_eq!(e.kind().name(), "invalid-data-url");
        assert_eq!(e.spec_anchor(), "#concept-scheme-fetch");
        assert!(e.hop().is_none() && !e.is_invalid_request());
        let long = Url::parse(&format!("data:;base64,{}!", "A".repeat(1000))).unwrap();
        let e = FetchError::InvalidDataUrl {
            url: long,
            reason: "its body is not base64".into(),
        };
        let msg = e.to_string();
        assert!(msg.starts_with("data:;base64,AAAA"), "{msg}");
        assert!(
            msg.contains("... (1014 bytes): not a valid data: URL"),
            "{msg}"
        );
        assert!(msg.len() < 200, "{msg}");
    }

    #[test]
    fn kind_names_are_distinct_kebab_case_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for kind in ErrorKind::ALL {
            let name = kind.name();
            assert!(seen.insert(name), "{name} twice");
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{name}"
            );
            assert_eq!(name.parse::<ErrorKind>(), Ok(kind));
        }
        assert!("MissingAllowOrigin".parse::<ErrorKind>().is_err());
        let e = FetchError::AllowOriginMismatch {
            hop: Box::new(hop(false, 0)),
            value: b"https://app.example/".to_vec(),
            hint: OriginHint::TrailingSlash,
        };
        assert_eq!(e.kind(), ErrorKind::AllowOriginMismatch);
        assert_eq!(e.kind().to_string(), "allow-origin-mismatch");
    }
}
