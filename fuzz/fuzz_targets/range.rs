//! A single `Range` value: agrees with a naive parse, the bounds are
//! ordered digit runs of the input that print back to the same range, and
//! `Range` is safelisted exactly for `bytes=N-` and `bytes=N-M`.
//!
//! The body, and the property in full, is `parsers::range` in
//! `tests/fuzz_targets/`, which `tests/fuzz_corpus.rs` replays in `cargo test`.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/fuzz_targets/mod.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::parsers::range(data));
