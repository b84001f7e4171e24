//! A record of the decisions a fetch made, for people and tools that
//! explain a verdict: opt in with [`crate::Fetch::record_trace`]. A fetch
//! that does not record pays one test of an empty pointer at each point.
//!
//! ```
//! use fetch_cors::{Fetch, HeaderList, Policy, PreflightCache, Request, Timestamp};
//! use fetch_cors::{fetch::Action, response::ResponseHead, trace::Event};
//! let request = Request::builder("https://api.example/x".parse().unwrap(), "https://app.example")
//!     .method("PUT")
//!     .build()
//!     .unwrap();
//! let mut cache = PreflightCache::new(16);
//! let mut fetch = Fetch::new(request, &Policy::spec());
//! fetch.record_trace();
//! assert!(matches!(fetch.poll(&mut cache, Timestamp::ZERO), Action::Send(_)));
//! // PUT is not a CORS-safelisted method: a preflight, as nothing is cached.
//! assert!(fetch.trace().iter().any(|e| matches!(e, Event::PreflightDecision { needed: true, .. })));
//! ```

use crate::headers::request::UnsafeReason;

/// One decision.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(tag = "event", rename_all = "kebab-case")
)]
#[non_exhaustive]
pub enum Event {
    /// [Main fetch](https://fetch.spec.whatwg.org/#main-fetch) step 12
    /// chose how the request (or a redirect hop) is fetched.
    MainFetch {
        /// The URL.
        url: String,
        /// Redirects followed before it.
        redirects: u32,
        /// The byte-serialized request origin (`null` once tainted).
        origin: String,
        /// Whether the URL is same origin with the request's origin.
        same_origin: bool,
        /// The response tainting: `basic`, `cors` or `opaque`.
        tainting: &'static str,
    },
    /// The request's method and headers, classified for CORS.
    Classified {
        /// The method.
        method: String,
        /// Whether it is a CORS-safelisted method (GET, HEAD, POST).
        method_safelisted: bool,
        /// Whether the use-CORS-preflight flag forces a preflight (an
        /// upload listener, a stream body).
        use_cors_preflight: bool,
        /// Each CORS-unsafe header and the rule it broke, in list order.
        unsafe_headers: Vec<UnsafeHeader>,
    },
    /// Whether a preflight goes out, and why.
    PreflightDecision {
        /// Whether one is sent.
        needed: bool,
        /// Why.
        reason: &'static str,
    },
    /// A look in the preflight cache for what this request needs.
    CacheLookup {
        /// The method it must find, when the method needs a preflight.
        method: Option<String>,
        /// The header names it must find.
        headers: Vec<String>,
        /// Whether every one had a live entry.
        hit: bool,
        /// Each item looked for (the method first), and when its live
        /// entry expires, in seconds on the caller's clock; `None` for a
        /// miss.
        entries: Vec<CacheEntry>,
    },
    /// The preflight response was checked.
    PreflightChecked {
        /// Its status.
        status: u16,
        /// Whether it let the request through.
        passed: bool,
        /// Each check of [CORS-preflight fetch](https://fetch.spec.whatwg.org/#cors-preflight-fetch-0)
        /// step 7 in order, up to the first that failed: `cors-check`,
        /// `ok-status`, `allow-methods-syntax`, `allow-headers-syntax`,
        /// `method-allowed`, `headers-allowed`.
        checks: Vec<PreflightStep>,
        /// `Access-Control-Allow-Origin`, as sent.
        allow_origin: Option<String>,
        /// `Access-Control-Allow-Methods`, as sent.
        allow_methods: Option<String>,
        /// `Access-Control-Allow-Headers`, as sent.
        allow_headers: Option<String>,
        /// `Access-Control-Max-Age`, as sent.
        max_age: Option<String>,
    },
    /// The preflight's answer went into the cache.
    CacheStored {
        /// The methods stored (`Access-Control-Allow-Methods`).
        methods: Vec<String>,
        /// The header names stored (`Access-Control-Allow-Headers`).
        headers: Vec<String>,
        /// Their max-age, seconds, after the user agent's cap.
        max_age: u64,
        /// When they expire, seconds on the caller's clock.
        expires_at: f64,
        /// Whether they were stored for credentialed requests.
        credentials: bool,
    },
    /// The preflight cache entries were cleared after a failure.
    CacheCleared,
    /// The [CORS check](https://fetch.spec.whatwg.org/#cors-check) on a
    /// response (not a preflight's; see [`Event::PreflightChecked`]).
    CorsCheck {
        /// Whether it passed.
        passed: bool,
        /// `Access-Control-Allow-Origin`, as sent.
        allow_origin: Option<String>,
        /// `Access-Control-Allow-Credentials`, as sent.
        allow_credentials: Option<String>,
    },
    /// [HTTP-redirect fetch](https://fetch.spec.whatwg.org/#http-redirect-fetch)
    /// followed a redirect.
    Redirect {
        /// The redirect's status.
        status: u16,
        /// Where it went.
        location: String,
        /// Whether the request is now redirect-tainted (its origin `null`).
        tainted: bool,
        /// Whether `Authorization` was removed (a cross-origin hop).
        authorization_removed: bool,
        /// Whether the method became GET and the body was dropped.
        rewritten_to_get: bool,
    },
    /// The response's headers, shown to script or hidden.
    Filtered {
        /// `basic`, `cors`, `opaque` or `opaqueredirect`.
        response_type: &'static str,
        /// The headers script sees.
        shown: Vec<String>,
        /// The headers it does not, each with why.
        hidden: Vec<HiddenHeader>,
    },
    /// The fetch failed.
    Failed {
        /// The reason's kind.
        kind: &'static str,
    },
}

/// A preflight-cache item a lookup looked for.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CacheEntry {
    /// The method or header name.
    pub item: String,
    /// When its live entry expires (seconds on the caller's clock), or
    /// `None` when there is none.
    pub expires_at: Option<f64>,
}

/// One check on a preflight response.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PreflightStep {
    /// Which.
    pub check: &'static str,
    /// Whether it passed.
    pub passed: bool,
}

/// The checks of CORS-preflight fetch step 7, in the order they run.
pub const PREFLIGHT_CHECKS: [&str; 6] = [
    "cors-check",
    "ok-status",
    "allow-methods-syntax",
    "allow-headers-syntax",
    "method-allowed",
    "headers-allowed",
];

/// The checks that ran on a preflight response: all of them when it
/// passed, else those before the one `failed` stopped at, and that one.
pub fn preflight_steps(failed: Option<&crate::FetchError>) -> Vec<PreflightStep> {
    use crate::FetchError::*;
    let failing = failed.map(|e| match e {
        PreflightInvalidStatus { .. } | PreflightRedirect { .. } => 1,
        InvalidAllowMethods { .. } => 2,
        InvalidAllowHeaders { .. } => 3,
        MethodNotAllowed { .. } => 4,
        HeaderNotAllowed { .. } => 5,
        // The CORS check comes first; nothing else fails a preflight.
        _ => 0,
    });
    let ran = failing.map_or(PREFLIGHT_CHECKS.len(), |i| i + 1);
    (PREFLIGHT_CHECKS.iter().take(ran).enumerate())
        .map(|(i, &check)| PreflightStep {
            check,
            passed: Some(i) != failing,
        })
        .collect()
}

/// A CORS-unsafe request header.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct UnsafeHeader {
    /// Its name.
    pub name: String,
    /// Its value's length in bytes.
    pub value_len: usize,
    /// The rule it broke.
    pub reason: UnsafeReason,
}

/// A response header script does not see.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct HiddenHeader {
    /// Its name.
    pub name: String,
    /// Why: `forbidden` (`Set-Cookie`, never shown), `not-exposed` (not
    /// CORS-safelisted nor in `Access-Control-Expose-Headers`), or
    /// `opaque` (an opaque response shows nothing).
    pub reason: &'static str,
}
