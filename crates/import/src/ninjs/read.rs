//! The files of an import and the items in each. A file holds one ninjs object, a JSON
//! array of them, or JSON Lines (one object a line) — any sequence of JSON values, in
//! fact, each an object or an array of objects. A folder is every `*.json` file directly
//! in it (not in its subfolders), in name order.
//!
//! Broken JSON is an [`ImportError::Json`] with its line and column: the first pass reads
//! every file before anything is written, so the newsroom is left as it was.

use crate::run::ImportError;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The files to read for `path`: the file itself, or a folder's `*.json` files.
pub(crate) fn files(path: &Path) -> Result<Vec<PathBuf>, ImportError> {
    let unreadable = |reason: String| ImportError::Unreadable {
        path: path.display().to_string(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|e| unreadable(e.to_string()))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let mut found = Vec::new();
    for entry in std::fs::read_dir(path).map_err(|e| unreadable(e.to_string()))? {
        let entry = entry.map_err(|e| unreadable(e.to_string()))?;
        let file = entry.path();
        let is_json = file
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
        if is_json && file.is_file() {
            found.push(file);
        }
    }
    found.sort();
    Ok(found)
}

/// Every item in the file at `path`, in order.
pub(crate) fn items(path: &Path) -> Result<Vec<Value>, ImportError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ImportError::Unreadable {
        path: shown.clone(),
        reason: e.to_string(),
    })?;
    items_in(&text).map_err(|(line, column, message)| ImportError::Json {
        path: shown,
        line,
        column,
        message,
    })
}

/// The items of a file's text, or where and why it is not ninjs JSON.
pub(crate) fn items_in(text: &str) -> Result<Vec<Value>, (u64, u64, String)> {
    // A byte-order mark is no JSON, but editors on some systems write one.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    loop {
        let before = stream.byte_offset();
        let value = match stream.next() {
            None => break,
            Some(Ok(value)) => value,
            Some(Err(e)) => {
                return Err((e.line() as u64, e.column() as u64, without_position(&e)));
            }
        };
        let start = before + text[before..].len() - text[before..].trim_start().len();
        let (line, column) = position(text, start);
        match value {
            Value::Object(_) => out.push(value),
            Value::Array(list) => {
                for (n, value) in list.into_iter().enumerate() {
                    if !value.is_object() {
                        return Err((
                            line,
                            column,
                            format!(
                                "item {} of this list is {}, not a ninjs object",
                                n + 1,
                                kind(&value)
                            ),
                        ));
                    }
                    out.push(value);
                }
            }
            other => {
                return Err((
                    line,
                    column,
                    format!("{} is not a ninjs object", kind(&other)),
                ));
            }
        }
    }
    Ok(out)
}

/// serde_json's message without its own " at line L column C" (said once, in front).
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// Line and column (both from 1, the column in characters) of byte `at` in `text`.
fn position(text: &str, at: usize) -> (u64, u64) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() as u64 + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |l| l.chars().count() as u64)
        + 1;
    (line, column)
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_object_an_array_and_json_lines_all_read() {
        assert_eq!(items_in(r#"{"uri": "a"}"#).map(|v| v.len()), Ok(1));
        assert_eq!(
            items_in(r#"[{"uri": "a"}, {"uri": "b"}]"#).map(|v| v.len()),
            Ok(2)
        );
        assert_eq!(
            items_in("{\"uri\": \"a\"}\n{\"uri\": \"b\"}\n\n{\"uri\": \"c\"}\n").map(|v| v.len()),
            Ok(3)
        );
        assert_eq!(items_in("\u{feff}{}").map(|v| v.len()), Ok(1));
        assert_eq!(items_in("  \n").map(|v| v.len()), Ok(0));
    }

    #[test]
    fn broken_json_says_where() {
        let (line, column, message) = items_in("{\"uri\": \"a\"}\n{\"uri\": \"b\",,}\n")
            .err()
            .unwrap_or_default();
        assert_eq!((line, column), (2, 13), "{message}");
        assert!(!message.contains("at line"), "{message}");
        let (line, column, message) = items_in("{\"uri\": \"a\"}\n  42\n")
            .err()
            .unwrap_or_default();
        assert_eq!((line, column), (2, 3));
        assert!(message.contains("a number"), "{message}");
        let (_, _, message) = items_in("[{}, \"x\"]").err().unwrap_or_default();
        assert!(message.contains("item 2"), "{message}");
    }
}
