//! Request construction and classification from a script's first fetch:
//! the `new Request()` guard keeps exactly the right headers, normalized;
//! the CORS-unsafe names are sorted, unique, lowercase and complete; the
//! first request is a preflight exactly when classification needs one.
//!
//! The body, and the property in full, is `engine::request` in
//! `tests/fuzz_targets/`, which `tests/fuzz_corpus.rs` replays in `cargo test`.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/fuzz_targets/mod.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::engine::request(data));
