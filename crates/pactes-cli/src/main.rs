//! The `pactes` binary: parses arguments and dispatches to the library crates.
fn main() {}
