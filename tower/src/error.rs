//! What can go wrong around the engine: the browser's own refusal
//! ([`FetchError`]), the transport below, or the request body.

use std::fmt;

use fetch_cors::FetchError;
use url::Url;

/// A boxed error, as tower passes them around.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Why a fetch through the driver did not give a response.
///
/// [`Error::Fetch`] is what a page would see as a rejected `fetch()`: the
/// browser blocked it (a network error) or refused the request (a
/// `TypeError`). The other variants are not CORS: the transport failed, or
/// the request could not be read.
///
/// ```
/// use fetch_cors::{error::ErrorKind, FetchError};
/// use fetch_cors_tower::Error;
/// let e: Error<std::io::Error> = Error::Fetch(FetchError::NavigateMode);
/// assert_eq!(e.fetch_error().map(FetchError::kind), Some(ErrorKind::NavigateMode));
/// assert!(!e.is_transport());
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The browser blocked the fetch or refused the request; the message
    /// names the header, the value seen and what was expected.
    Fetch(FetchError),
    /// The service below (the network) failed.
    Transport(E),
    /// Reading the request body failed.
    Body(BoxError),
    /// The request's URI has no scheme and authority, so it names no
    /// origin; a client layer needs absolute URIs.
    RelativeUri {
        /// The URI.
        uri: http::Uri,
    },
    /// The HTTP client below followed a redirect itself, hiding it from
    /// the engine, which must decide every hop.
    RedirectFollowedByClient {
        /// The URL the request went to.
        requested: Box<Url>,
        /// The URL the client ended at.
        ended_at: Box<Url>,
    },
}

impl<E> Error<E> {
    /// The browser's reason, when the browser blocked the fetch.
    pub fn fetch_error(&self) -> Option<&FetchError> {
        match self {
            Error::Fetch(e) => Some(e),
            _ => None,
        }
    }

    /// Whether the service below failed, rather than the browser blocking.
    pub fn is_transport(&self) -> bool {
        matches!(self, Error::Transport(_))
    }

    /// The transport's error, or this error without a transport type: how
    /// a client that has its own transport errors (reqwest) reports the rest.
    pub fn into_transport(self) -> Result<E, Error<std::convert::Infallible>> {
        Err(match self {
            Error::Transport(e) => return Ok(e),
            Error::Fetch(e) => Error::Fetch(e),
            Error::Body(e) => Error::Body(e),
            Error::RelativeUri { uri } => Error::RelativeUri { uri },
            Error::RedirectFollowedByClient {
                requested,
                ended_at,
            } => Error::RedirectFollowedByClient {
                requested,
                ended_at,
            },
        })
    }
}

impl<E> From<FetchError> for Error<E> {
    fn from(e: FetchError) -> Self {
        Error::Fetch(e)
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Fetch(e) => write!(f, "{e} (https://fetch.spec.whatwg.org/{})", e.spec_anchor()),
            Error::Transport(e) => write!(f, "the network failed: {e}"),
            Error::Body(e) => write!(f, "reading the request body failed: {e}"),
            Error::RelativeUri { uri } => write!(
                f,
                "request URI `{uri}` is relative; a client needs an absolute URI (scheme and host)"
            ),
            Error::RedirectFollowedByClient {
                requested,
                ended_at,
            } => write!(
                f,
                "the HTTP client followed a redirect from {requested} to {ended_at} itself; \
                 the engine must see every hop to apply the CORS checks, so build the client \
                 with redirects disabled (reqwest: `redirect(reqwest::redirect::Policy::none())`)"
            ),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Fetch(e) => Some(e),
            Error::Body(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}
