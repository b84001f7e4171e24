//! "Get, decode, and split": one trimmed piece per comma outside quoted
//! strings, plus one, that join and split back to themselves; method
//! overrides are forbidden exactly when a piece is a forbidden method.
//!
//! The body, and the property in full, is `parsers::decode_split` in
//! `tests/fuzz_targets/`, which `tests/fuzz_corpus.rs` replays in `cargo test`.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/fuzz_targets/mod.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::parsers::decode_split(data));
