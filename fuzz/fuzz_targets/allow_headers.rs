//! `Access-Control-Allow-Headers`, one value per line: the `#field-name`
//! list agrees with a naive reading, prints back to itself, and a preflight
//! and the cache then allow exactly the listed names (`*` without
//! credentials, never for `Authorization` under the spec).
//!
//! The body, and the property in full, is `parsers::allow_headers` in
//! `tests/fuzz_targets/`, which `tests/fuzz_corpus.rs` replays in `cargo test`.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/fuzz_targets/mod.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::parsers::allow_headers(data));
