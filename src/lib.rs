//! fetch-cors (crate docs written with the state machine).
pub mod cache;
pub mod cors_check;
pub mod error;
pub mod fetch;
pub mod headers;
pub mod methods;
pub mod mime;
pub mod policy;
pub mod preflight;
pub mod redirect;
pub mod request;
pub mod response;
pub mod time;

pub use cache::PreflightCache;
pub use error::FetchError;
pub use fetch::{Action, Fetch, OutgoingRequest, RequestKind};
pub use headers::HeaderList;
pub use policy::{Policy, Profile};
pub use request::Request;
pub use response::{Response, ResponseHead, ResponseType};
pub use time::Timestamp;
#[cfg(feature = "vectors")]
pub mod vectors;
