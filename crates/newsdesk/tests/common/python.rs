//! Independent checkers written in Python (feed parsers, the ninjs schema validator): a
//! script run with `NEWSDESK_TEST_PYTHON` (default `python3`), fed on standard input,
//! answering JSON. Each script first answers `{"missing": why}` when it cannot import what
//! it needs, and `{"ok": true}` to the argument `check`.

use serde_json::Value;
use std::io::Write as _;
use std::process::{Command, Stdio};

pub fn python() -> String {
    std::env::var("NEWSDESK_TEST_PYTHON")
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "python3".into())
}

/// Runs `script` with `arg`, `input` on its standard input; its JSON answer.
pub fn run(script: &str, arg: &str, input: &[u8]) -> Result<Value, String> {
    let mut child = Command::new(python())
        .args(["-c", script, arg])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", python()))?;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input)
        .map_err(|e| e.to_string())?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("{e}: {:?}", out.stdout))
}

/// Fails, saying what to install (`needs`, `install`), when `script` cannot run here.
/// Only tests ignored by a plain `cargo test` call it: the full run fails, never skips.
pub fn require(script: &str, needs: &str, install: &str) {
    let missing = match run(script, "check", b"") {
        Ok(v) if v.get("ok").is_some() => return,
        Ok(v) => v["missing"].to_string(),
        Err(e) => e,
    };
    panic!(
        "this test needs {needs}: {} cannot import it ({missing}); `{install}` and set NEWSDESK_TEST_PYTHON",
        python()
    );
}
