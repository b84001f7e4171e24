//! Placeholder: the WPT vector generator lands here.
fn main() {}
