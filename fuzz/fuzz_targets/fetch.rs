//! The whole state machine over a script's fetches, sharing one cache and
//! clock: every fetch ends within 46 requests, the cache stays within its
//! capacity and invariants, a credentialed fetch never succeeds with `*`,
//! and responses show exactly the headers their type allows.
//!
//! The body, and the property in full, is `engine::fetch` in
//! `tests/fuzz_targets/`, which `tests/fuzz_corpus.rs` replays in `cargo test`.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/fuzz_targets/mod.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::engine::fetch(data));
