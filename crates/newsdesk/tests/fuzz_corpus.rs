//! Every input committed under `fuzz/` — the corpora the fuzzers built and the regressions
//! (inputs that once crashed a target) — through the same checks the fuzz targets run
//! (`fuzz/src/checks.rs`), on every `cargo test`, without libFuzzer. The fuzzing itself
//! (`cargo fuzz run TARGET -s none`) finds new inputs; this keeps the ones found.

#[path = "../../../fuzz/src/checks.rs"]
mod checks;

use std::path::Path;

/// Runs `check` on every file of `fuzz/corpus/TARGET` and `fuzz/regressions/TARGET`;
/// returns how many there were.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut count = 0;
    for kind in ["corpus", "regressions"] {
        let dir = root.join(kind).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(
                outcome.is_ok(),
                "{target}: {} fails its check",
                path.display()
            );
            count += 1;
        }
    }
    count
}

macro_rules! replays {
    ($($target:ident),* $(,)?) => {
        $(
            #[test]
            fn $target() {
                let count = replay(stringify!($target), checks::$target);
                assert!(count > 0, "fuzz/corpus/{} holds no inputs", stringify!($target));
            }
        )*
    };
}

replays!(markdown, wxr, ghost, picture_meta, nql, slugs, paths);

/// The checks can fail: each catches what it exists to catch.
#[test]
fn the_inertness_check_catches_what_runs() {
    for live in [
        "<script>alert(1)</script>",
        r#"<a href="javascript:alert(1)">x</a>"#,
        r#"<a href=" java script:alert(1)">x</a>"#,
        r#"<img src="x" onerror="alert(1)">"#,
        "<svg><g></g></svg>",
        r#"<IFRAME SRC="x"></IFRAME>"#,
    ] {
        assert!(
            std::panic::catch_unwind(|| checks::assert_inert(live)).is_err(),
            "{live} passed as inert"
        );
    }
    for inert in [
        r#"<p title="<img onerror=alert(1)>">&lt;script&gt;</p>"#,
        r#"<a href="https://example.com/onion" rel="noopener">on</a>"#,
        "<p>javascript: is a word here</p>",
    ] {
        checks::assert_inert(inert);
    }
}
