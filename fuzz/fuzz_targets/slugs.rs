#![no_main]
//! `cargo fuzz run slugs -s none`: see `fuzz/src/checks.rs::slugs` for what it checks.

#[path = "../src/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::slugs(data));
