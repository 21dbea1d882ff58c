#![no_main]
//! `cargo fuzz run wxr -s none`: see `fuzz/src/checks.rs::wxr` for what it checks.

#[path = "../src/checks.rs"]
#[allow(dead_code)] // each target uses one of the checks
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::wxr(data));
