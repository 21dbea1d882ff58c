//! Where media bytes live. Keys are content-hash file names, so a stored file never
//! changes and can be cached forever.

use crate::MediaError;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub enum Storage {
    /// A folder on local disk (the default: `DATA_DIR/media`).
    Local(PathBuf),
}

/// A key is a flat file name of hex, digits, `-` and one extension: nothing that could
/// climb out of the storage folder.
fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 100
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !key.starts_with('.')
        && key.matches('.').count() == 1
}

impl Storage {
    pub async fn put(&self, key: &str, bytes: &[u8]) -> Result<(), MediaError> {
        if !valid_key(key) {
            return Err(MediaError::BadKey(key.to_owned()));
        }
        match self {
            // Whole or not at all, and on disk before the row naming it commits.
            Storage::Local(dir) => crate::local_file::put(dir, key, bytes).await,
        }
    }

    /// The bytes under `key`, or `None` when there is no such file.
    pub async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, MediaError> {
        if !valid_key(key) {
            return Ok(None);
        }
        match self {
            Storage::Local(dir) => match tokio::fs::read(dir.join(key)).await {
                Ok(bytes) => Ok(Some(bytes)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e.into()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_cannot_escape_the_folder() {
        for bad in [
            "../etc/passwd",
            "a/b.jpg",
            ".hidden.jpg",
            "",
            "a.b.c",
            "x\0.jpg",
        ] {
            assert!(!valid_key(bad), "{bad:?}");
        }
        assert!(valid_key("0123abcd-640.jpg"));
    }
}
