#![no_main]
//! `cargo fuzz run picture_meta -s none`: see `fuzz/src/checks.rs::picture_meta` for what it checks.

#[path = "../src/checks.rs"]
#[allow(dead_code)] // each target uses one of the checks
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::picture_meta(data));
