//! The [fetch-cors](fetch_cors) engine over real HTTP.
//!
//! The engine decides what a browser puts on the wire and what script may
//! see; this crate does the rest of what a browser does around it: the
//! loop over preflight, request and redirect hops, the shared preflight
//! cache and its clock, request bodies that must be sent again, and
//! credentials. One driver, three ways in:
//!
//! - [`CorsLayer`]: a tower layer over any HTTP client service
//!   (hyper-util's `Client`, a tower stack);
//! - `CorsMiddleware` (feature `reqwest`): the same for `reqwest-middleware`;
//! - [`Browser`]: an in-process browser for server tests, over any tower
//!   service (an axum `Router`), no socket involved, with assertions whose
//!   failure message is the engine's full reason.
//!
//! All three share a [`UserAgent`]: the policy (spec or a browser
//! profile), one [`PreflightCache`](fetch_cors::PreflightCache) behind one
//! lock, a [`Clock`] on tokio's time, and an optional [`CredentialStore`].
//!
//! ```
//! use axum::{routing::get, Router};
//! use fetch_cors::error::ErrorKind;
//! use fetch_cors_tower::Browser;
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let api = Router::new().route("/items", get(|| async { "[]" }));
//! let browser = Browser::new(api, "https://app.example").server("https://api.example");
//! // No CORS headers: a page at another origin cannot read it.
//! let request = http::Request::get("/items").body(axum::body::Body::empty()).unwrap();
//! browser.assert_blocked(request, ErrorKind::MissingAllowOrigin).await;
//! # }
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod body;
mod browser;
mod clock;
mod credentials;
mod driver;
mod error;
mod options;
#[cfg(feature = "reqwest")]
mod reqwest;
mod service;
mod user_agent;

pub use body::ResponseBody;
pub use browser::{Browser, Verdicts};
pub use clock::Clock;
#[cfg(feature = "cookie-store")]
pub use credentials::CookieJar;
pub use credentials::CredentialStore;
pub use driver::{Exchange, Recording, ScriptResponse};
pub use error::{BoxError, Error};
pub use options::FetchOptions;
#[cfg(feature = "reqwest")]
pub use reqwest::CorsMiddleware;
pub use service::{CorsLayer, CorsService};
pub use user_agent::UserAgent;

/// The README's examples, compiled and run as doc tests.
#[cfg(all(doctest, feature = "reqwest", feature = "cookie-store"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
