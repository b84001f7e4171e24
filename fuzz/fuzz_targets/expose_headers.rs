//! `Access-Control-Expose-Headers`, one value per line: the `#field-name`
//! list agrees with a naive reading, prints back to itself, and a CORS
//! filtered response shows exactly the safelisted and exposed headers.
//!
//! The body, and the property in full, is `parsers::expose_headers` in
//! `tests/fuzz_targets/`, which `tests/fuzz_corpus.rs` replays in `cargo test`.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/fuzz_targets/mod.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::parsers::expose_headers(data));
