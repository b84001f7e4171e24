//! The browser side of CORS, as the [WHATWG Fetch Standard](https://fetch.spec.whatwg.org/)
//! defines it, as a pure state machine.
//!
//! fetch-cors decides what a browser would put on the wire for a request
//! (a CORS preflight, the request itself, each redirect hop) and what the
//! page's script may finally see: a filtered response (`basic`, `cors`,
//! `opaque`, `opaqueredirect`, with only the exposed headers) or a network
//! error that says precisely why ([`FetchError`]).
//!
//! It does no I/O: no sockets, no files, no environment, no clock. The
//! caller sends the requests, hands back the responses, owns the
//! [`PreflightCache`] and passes the time ([`Timestamp`]) into every call
//! that needs it, in the manner of `quinn-proto` and `rustls`.
//!
//! # The loop
//!
//! 1. Build a [`Request`] with [`Request::builder`]; it applies the rules
//!    of `new Request()` (forbidden methods and headers, method
//!    normalization, the no-cors guard). A refused request is an
//!    invalid-request [`FetchError`]; nothing is sent.
//! 2. Create a [`Fetch`] from the request and a [`Policy`] (the spec's
//!    behaviour by default, or a browser [`Profile`]).
//! 3. Call [`Fetch::poll`] with the cache and the current time. It returns
//!    [`Action::Send`] with an [`OutgoingRequest`] (a preflight or the main
//!    request, and whether credentials go with it), or [`Action::Done`]
//!    with the outcome.
//! 4. Send the request, hand its status and headers to
//!    [`Fetch::handle_response`] as a [`ResponseHead`], and poll again.
//! 5. Once it is done, [`Fetch::into_parts`] hands back the request and
//!    the outcome without copying them.
//!
//! ```
//! use fetch_cors::{Action, Fetch, FetchError, HeaderList, OutgoingRequest, Policy,
//!                  PreflightCache, Request, RequestKind, ResponseHead, ResponseType, Timestamp};
//!
//! // The caller's network: here, a server that allows PUT with X-Trace.
//! fn send(request: &OutgoingRequest) -> ResponseHead {
//!     let mut headers = HeaderList::new();
//!     headers.try_append("Access-Control-Allow-Origin", "https://app.example").unwrap();
//!     if request.kind == RequestKind::Preflight {
//!         headers.try_append("Access-Control-Allow-Methods", "PUT").unwrap();
//!         headers.try_append("Access-Control-Allow-Headers", "x-trace").unwrap();
//!         headers.try_append("Access-Control-Max-Age", "600").unwrap();
//!     } else {
//!         headers.try_append("Content-Type", "application/json").unwrap();
//!         headers.try_append("X-Internal", "not exposed").unwrap();
//!     }
//!     ResponseHead { status: 200, headers }
//! }
//!
//! let policy = Policy::spec();
//! let mut cache = PreflightCache::new(policy.cache_capacity);
//! let request = Request::builder("https://api.example/items/7".parse().unwrap(), "https://app.example")
//!     .method("PUT")
//!     .header("X-Trace", "abc")
//!     .build()?;
//! let mut fetch = Fetch::new(request, &policy);
//! let now = Timestamp::from_secs(0); // the caller's clock
//! let mut sent = Vec::new();
//! while let Action::Send(request) = fetch.poll(&mut cache, now) {
//!     sent.push((request.kind, request.method.to_string()));
//!     let response = send(&request);
//!     fetch.handle_response(response).expect("one response per request");
//! }
//! assert_eq!(sent, [(RequestKind::Preflight, "OPTIONS".into()), (RequestKind::Main, "PUT".into())]);
//! // The request and the outcome go back to the caller, nothing copied.
//! let (_request, outcome) = fetch.into_parts();
//! let response = outcome.expect("the fetch is done")?;
//! assert_eq!(response.response_type, ResponseType::Cors);
//! // Only the CORS-safelisted response headers are visible.
//! assert_eq!(response.visible_headers().len(), 1);
//! // The user agent keeps what the server sent: the internal response.
//! assert!(response.headers.internal().contains("x-internal"));
//! # Ok::<(), FetchError>(())
//! ```
//!
//! # Layout
//!
//! One module per Fetch concept: [`methods`], [`headers`] (header lists,
//! their grammars, request- and response-header classes), [`mime`],
//! [`request`], `origin` (same-origin tests made in place; private),
//! [`preflight`], [`cache`], [`cors_check`], [`response`], [`redirect`], and
//! [`fetch`], the state machine that runs main fetch, HTTP fetch and
//! HTTP-redirect fetch over them. [`policy`] holds the
//! browser deviations; [`error`] the failure reasons; [`fix`] the change a
//! server makes to cure one; [`trace`] the record of a fetch's decisions. With the `vectors`
//! feature, [`vectors`] loads and replays the shared CORS vector format.
//!
//! # What is left to the caller
//!
//! Cookies, HTTP authentication, TLS, DNS, HTTP caching, `User-Agent`,
//! `Referer` and `Sec-Fetch-*` headers, response bodies from the network,
//! and fetching the local schemes `blob:` and `file:` (and `about:` URLs
//! other than `about:blank`), which the engine reports as
//! [`FetchError::SchemeNotSupported`].
//!
//! A `data:` URL needs no network, and the engine fetches it itself, as
//! [scheme fetch](https://fetch.spec.whatwg.org/#concept-scheme-fetch)
//! says: the first poll is done, with a `basic` response whose
//! `Content-Type` is the URL's MIME type and whose
//! [`body`](response::ResponseBody) is the decoded bytes, or with
//! [`FetchError::InvalidDataUrl`]. So is `about:blank` (an empty
//! `text/html;charset=utf-8` response, opaque in `no-cors` mode, the only
//! mode of script's that reaches it), unless the policy says otherwise
//! ([`Policy::about_blank_is_fetched`]).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod cache;
pub mod cors_check;
pub mod error;
pub mod fetch;
pub mod fix;
pub mod headers;
pub mod methods;
pub mod mime;
mod origin;
pub mod policy;
pub mod preflight;
pub mod redirect;
pub mod request;
pub mod response;
pub mod time;
pub mod trace;

pub use cache::PreflightCache;
pub use error::{ErrorKind, FetchError};
pub use fetch::{Action, Fetch, OutgoingRequest, RequestKind, SentHeaders, SentRequest};
pub use headers::HeaderList;
pub use policy::{Policy, Profile};
pub use request::Request;
pub use response::{FilteredHeaders, Response, ResponseHead, ResponseType};
pub use time::Timestamp;
#[cfg(feature = "vectors")]
pub mod vectors;

/// The README's example, compiled and run as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
