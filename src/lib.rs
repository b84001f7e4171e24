//! fetch-cors (crate docs written with the state machine).
pub mod cache;
pub mod cors_check;
pub mod error;
pub mod headers;
pub mod methods;
pub mod mime;
pub mod policy;
pub mod request;
pub mod time;

pub use cache::PreflightCache;
pub use error::FetchError;
pub use headers::HeaderList;
pub use policy::{Policy, Profile};
pub use request::Request;
pub use time::Timestamp;
