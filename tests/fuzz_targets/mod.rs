//! The bodies of the fuzz targets, as plain functions over bytes.
//!
//! Each `fuzz/fuzz_targets/NAME.rs` includes this module with a `#[path]`
//! attribute and calls `NAME`; `tests/fuzz_corpus.rs` includes it as a
//! module and replays the checked-in seeds, the local corpora and any
//! crash artifacts through the same functions. So a crash the fuzzer finds
//! becomes a failing `cargo test` as soon as its input is copied into
//! `fuzz/seeds/NAME/`, and neither side needs the `arbitrary` crate: the
//! inputs are decoded by hand, as header values (one per line) or as a
//! small line-oriented script (see [`script`]).
//!
//! Every function panics when a property fails; that is how libFuzzer and
//! the corpus test notice.

pub mod engine;
pub mod parsers;
pub mod reference;
pub mod script;

/// A target's body: panics when a property fails on the input.
pub type Target = fn(&[u8]);

/// Every target, by the name of its `fuzz/fuzz_targets/*.rs` file.
pub const TARGETS: &[(&str, Target)] = &[
    ("allow_methods", parsers::allow_methods),
    ("allow_headers", parsers::allow_headers),
    ("expose_headers", parsers::expose_headers),
    ("max_age", parsers::max_age),
    ("mime_essence", parsers::mime_essence),
    ("range", parsers::range),
    ("decode_split", parsers::decode_split),
    ("request", engine::request),
    ("fetch", engine::fetch),
];

/// Splits an input into lines. A final newline ends the last line rather
/// than starting an empty one, so `""` is no line and `"\n"` one empty
/// line: every list of values that holds no newline is expressible.
pub fn lines(data: &[u8]) -> Vec<&[u8]> {
    let mut lines: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    if data.is_empty() || data.ends_with(b"\n") {
        lines.pop();
    }
    lines
}

/// Whether `part` is a sub-slice of `whole` (the same memory, not merely
/// equal bytes): parsers that borrow must borrow from their input.
pub fn is_within(part: &[u8], whole: &[u8]) -> bool {
    let (start, end) = (part.as_ptr() as usize, whole.as_ptr() as usize);
    part.is_empty() || (start >= end && start + part.len() <= end + whole.len())
}
