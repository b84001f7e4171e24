//! `Access-Control-Max-Age`, one value per line: absent, one saturating
//! `delta-seconds` that prints back to itself, or invalid; every profile's
//! reading stays under its cap.
//!
//! The body, and the property in full, is `parsers::max_age` in
//! `tests/fuzz_targets/`, which `tests/fuzz_corpus.rs` replays in `cargo test`.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/fuzz_targets/mod.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::parsers::max_age(data));
