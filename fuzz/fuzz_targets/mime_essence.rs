//! "Parse a MIME type" up to the essence: agrees with a naive parse, the
//! lowercased essence is `type/subtype` of token bytes and parses to itself,
//! and `Content-Type` is safelisted exactly for the three essences.
//!
//! The body, and the property in full, is `parsers::mime_essence` in
//! `tests/fuzz_targets/`, which `tests/fuzz_corpus.rs` replays in `cargo test`.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/fuzz_targets/mod.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::parsers::mime_essence(data));
