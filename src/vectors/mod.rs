//! The shared CORS vector format (`cors-vectors/1`): a loader and a
//! replayer, so any suite in the format (WPT transcriptions, browser
//! recordings, fuzzer finds) can be replayed against this engine.
//!
//! The library never touches files: hand [`VectorFile::parse`] the text.
//!
//! ```
//! use fetch_cors::vectors::{VectorFile, replay_file, ReplayOptions};
//! let text = r#"{"format": "cors-vectors/1", "source": "doc", "vectors": [{
//!   "name": "simple GET",
//!   "fetches": [{
//!     "request": {"url": "http://api.test/x", "origin": "http://app.test"},
//!     "exchanges": [{
//!       "sent": {"method": "GET", "url": "http://api.test/x",
//!                "headers": [["origin", "http://app.test"]]},
//!       "response": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"],
//!                                               ["X-Hidden", "1"]]}
//!     }],
//!     "expect": {"outcome": "response", "type": "cors", "status": 200, "headers": []}
//!   }]
//! }]}"#;
//! let file = VectorFile::parse(text).unwrap();
//! let results = replay_file(&file, &ReplayOptions::default());
//! assert!(results.iter().all(|r| r.passed()), "{results:?}");
//! ```

mod expected;
mod format;
mod play;
mod replay;

pub use expected::{ExpectedFailure, ExpectedFailures, ExpectedFailuresError, Verdict};
pub use format::{
    Exchange, FetchSpec, Outcome, PolicySpec, RequestSpec, ResponseSpec, Sent, Vector, VectorError,
    VectorFile, FORMAT,
};
pub use play::{check_fixes, play, FixCheck, Played};
pub use replay::{replay_file, replay_vector, Mismatch, ReplayOptions, VectorResult};
