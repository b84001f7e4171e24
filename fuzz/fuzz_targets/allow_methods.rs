//! `Access-Control-Allow-Methods`, one value per line: the `#method` list
//! agrees with a naive reading and with "get, decode, and split", prints back
//! to itself, and a preflight and the cache then allow exactly what it lists.
//!
//! The body, and the property in full, is `parsers::allow_methods` in
//! `tests/fuzz_targets/`, which `tests/fuzz_corpus.rs` replays in `cargo test`.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/fuzz_targets/mod.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::parsers::allow_methods(data));
