//! Credentials: the cookies and HTTP authentication a request carries when
//! the engine says it includes credentials.
//!
//! [HTTP-network-or-cache fetch](https://fetch.spec.whatwg.org/#concept-http-network-or-cache-fetch)
//! adds them only when *includeCredentials* is true, and
//! [HTTP-network fetch](https://fetch.spec.whatwg.org/#concept-http-network-fetch)
//! stores `Set-Cookie` only for such requests. [`attach`] is the first
//! step, the driver takes the second; a [`CredentialStore`] only answers.

use http::header::{AUTHORIZATION, COOKIE};
use http::{HeaderMap, HeaderValue};
use url::Url;

/// Where a user agent keeps cookies and HTTP authentication.
///
/// The driver asks it only for requests that include credentials (never a
/// preflight), and hands it only those requests' responses.
///
/// ```
/// use std::sync::Mutex;
/// use fetch_cors_tower::CredentialStore;
/// use http::{HeaderMap, HeaderValue};
/// use url::Url;
///
/// /// One session cookie, whatever the server says.
/// struct Session(Mutex<Vec<String>>);
///
/// impl CredentialStore for Session {
///     fn cookie_header(&self, _url: &Url) -> Option<HeaderValue> {
///         HeaderValue::from_str("session=1").ok()
///     }
///     fn store_response_cookies(&self, _url: &Url, headers: &HeaderMap) {
///         let mut seen = self.0.lock().unwrap();
///         seen.extend(headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).map(String::from));
///     }
/// }
/// ```
pub trait CredentialStore: Send + Sync + 'static {
    /// The `Cookie` header for a request to `url`, if it has cookies.
    fn cookie_header(&self, url: &Url) -> Option<HeaderValue>;

    /// An `Authorization` value for `url` (an authentication entry), used
    /// only when the request has no `Authorization` of its own.
    fn authorization(&self, url: &Url) -> Option<HeaderValue> {
        let _ = url;
        None
    }

    /// Takes the `Set-Cookie` headers of a response to a request to `url`
    /// that included credentials.
    fn store_response_cookies(&self, url: &Url, headers: &HeaderMap);
}

/// HTTP-network-or-cache fetch, *includeCredentials* true: `Cookie` from
/// the store (author code cannot set it, it is a forbidden header), and
/// `Authorization` only when the request has none.
pub(crate) fn attach(store: &dyn CredentialStore, url: &Url, headers: &mut HeaderMap) {
    if !headers.contains_key(COOKIE) {
        if let Some(cookies) = store.cookie_header(url) {
            headers.insert(COOKIE, cookies);
        }
    }
    if !headers.contains_key(AUTHORIZATION) {
        if let Some(authorization) = store.authorization(url) {
            headers.insert(AUTHORIZATION, authorization);
        }
    }
}

#[cfg(feature = "cookie-store")]
mod cookie_jar {
    use std::sync::{Mutex, PoisonError};

    use http::header::SET_COOKIE;
    use http::{HeaderMap, HeaderValue};
    use url::Url;

    use super::CredentialStore;

    /// A [`CredentialStore`] over the [`cookie_store`] crate (RFC 6265
    /// domain, path, expiry and `Secure` rules). It keeps cookies only: no
    /// HTTP authentication, and `SameSite` is not applied.
    ///
    /// ```
    /// use fetch_cors_tower::{CookieJar, CredentialStore};
    /// use http::HeaderMap;
    /// let jar = CookieJar::default();
    /// let url = "https://api.example/login".parse().unwrap();
    /// let mut headers = HeaderMap::new();
    /// headers.append("set-cookie", "sid=42; Path=/".parse().unwrap());
    /// jar.store_response_cookies(&url, &headers);
    /// let cookie = jar.cookie_header(&"https://api.example/me".parse().unwrap()).unwrap();
    /// assert_eq!(cookie, "sid=42");
    /// ```
    #[derive(Debug, Default)]
    pub struct CookieJar(Mutex<cookie_store::CookieStore>);

    impl CookieJar {
        /// A jar holding `store`'s cookies.
        pub fn new(store: cookie_store::CookieStore) -> Self {
            CookieJar(Mutex::new(store))
        }

        /// Reads the cookies.
        pub fn with_store<T>(&self, f: impl FnOnce(&cookie_store::CookieStore) -> T) -> T {
            f(&self.0.lock().unwrap_or_else(PoisonError::into_inner))
        }
    }

    impl CredentialStore for CookieJar {
        fn cookie_header(&self, url: &Url) -> Option<HeaderValue> {
            let store = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            let mut value = String::new();
            for (name, cookie) in store.get_request_values(url) {
                if !value.is_empty() {
                    value.push_str("; ");
                }
                value.push_str(name);
                value.push('=');
                value.push_str(cookie);
            }
            // A stored cookie with bytes a header cannot carry is not sent.
            (!value.is_empty())
                .then(|| HeaderValue::from_str(&value).ok())
                .flatten()
        }

        fn store_response_cookies(&self, url: &Url, headers: &HeaderMap) {
            let mut store = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            for value in headers.get_all(SET_COOKIE) {
                // An unparsable or non-UTF-8 cookie is ignored, as RFC 6265 says.
                if let Ok(text) = value.to_str() {
                    let _ = store.parse(text, url);
                }
            }
        }
    }
}

#[cfg(feature = "cookie-store")]
pub use cookie_jar::CookieJar;
