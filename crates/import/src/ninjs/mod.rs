//! `newsdesk import ninjs FILE|DIR`: IPTC's News in JSON, the format news agencies and
//! newsroom systems exchange stories in — 1.x (Superdesk's shape), 2.x and 3.x, read by
//! one tolerant model (`model.rs`) and mapped item by item (`map.rs`).
//!
//! Two passes, as for WordPress. The first reads every file and writes nothing: broken
//! JSON stops the import there, with its file, line and column, and the newsroom is as it
//! was. It keeps only what is small — each item's identifier, version and fingerprint — and
//! decides which items are written: of several versions of one item in the import, only
//! the newest. The second reads the files again and writes item by item through the
//! newsroom's operations (`write.rs`); the import mapping, keyed by each item's `uri`
//! (1.x `guid`), makes a repeated run create nothing twice, leave unchanged items alone
//! and update an item whose newer version arrived — never with an older one.

mod map;
mod model;
mod read;
mod write;

use crate::pictures::PictureFolder;
use crate::run::{ImportError, Options, Progress, Summary};
use map::Stamp;
use model::Item;
use newsdesk_newsroom::{Actor, Newsroom};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use write::Entry;

/// How to import ninjs.
#[derive(Clone, Debug, Default)]
pub struct NinjsOptions {
    /// A folder holding the pictures the items' renditions name: a rendition's file is
    /// looked for there by the longest tail of its address's path. Nothing is downloaded.
    pub media: Option<PathBuf>,
}

/// The import mapping's `source` for every ninjs item: their identifiers are meant to be
/// unique in the world, so the same item sent in two files is one story.
pub const SOURCE: &str = "ninjs";

/// Imports the ninjs file, or every `*.json` file of the folder, at `path` into
/// `newsroom` as `actor`. Its changes are quiet, as an archive's are: the site shows them
/// at once, webhooks do not announce them.
pub async fn import_ninjs(
    newsroom: &Newsroom,
    actor: &Actor,
    path: &Path,
    options: &NinjsOptions,
    progress: &mut dyn Progress,
) -> Result<Summary, ImportError> {
    let files = read::files(path)?;
    let mut entries: Vec<Vec<Entry>> = Vec::with_capacity(files.len());
    for file in &files {
        let items = read::items(file)?;
        let name = file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        entries.push(
            items
                .iter()
                .enumerate()
                .map(|(n, value)| entry_of(value, &name, n))
                .collect(),
        );
    }
    keep_the_newest(&mut entries);
    let total: usize = entries.iter().map(Vec::len).sum();
    progress.start(total as u64);
    let quiet = newsroom.quietly();
    // Nothing is fetched, and no old site's folder is read: `write.rs` finds each
    // picture's file in `--media` by its renditions' addresses.
    let no_uploads = Options::default();
    let mut writer = crate::write::Writer::new(
        &quiet,
        actor,
        SOURCE,
        total,
        &no_uploads,
        PictureFolder::None,
    );
    for (file, entries) in files.iter().zip(&entries) {
        let values = read::items(file)?;
        let changed = || ImportError::Unreadable {
            path: file.display().to_string(),
            reason: "it changed while it was being imported; run the import again".into(),
        };
        if values.len() != entries.len() {
            return Err(changed());
        }
        for (value, entry) in values.into_iter().zip(entries) {
            if fingerprint(&value) != entry.fingerprint {
                return Err(changed());
            }
            // Items that do not read were marked skipped in the first pass.
            let item: Item = serde_json::from_value(value).unwrap_or_default();
            writer.ninjs(&item, entry, options.media.as_deref()).await?;
            progress.advance(&entry.what);
        }
    }
    writer.finish().await.map_err(Into::into)
}

/// What the first pass keeps of item `n` of file `file`.
fn entry_of(value: &Value, file: &str, n: usize) -> Entry {
    let fingerprint = fingerprint(value);
    match serde_json::from_value::<Item>(value.clone()) {
        Ok(item) => {
            let key = map::key(&item).to_owned();
            let skip = key.is_empty().then(|| {
                "an item without uri or guid: a later version could not be told from a new story"
                    .to_owned()
            });
            Entry {
                key,
                stamp: Stamp::of(&item),
                fingerprint,
                skip,
                what: map::describe(&item),
            }
        }
        Err(e) => Entry {
            key: String::new(),
            stamp: Stamp::default(),
            fingerprint,
            skip: Some(format!("not a ninjs item: {e}")),
            what: format!("item {} of {file}", n + 1),
        },
    }
}

/// Of several versions of one item in the import, the newest is written and the others
/// are skipped (the later one in the files when their versions do not tell).
fn keep_the_newest(entries: &mut [Vec<Entry>]) {
    let mut newest: HashMap<String, (usize, usize)> = HashMap::new();
    for (f, list) in entries.iter().enumerate() {
        for (i, e) in list.iter().enumerate() {
            if e.skip.is_some() {
                continue;
            }
            let better = match newest.get(&e.key) {
                None => true,
                Some(&(bf, bi)) => e.stamp.compare(&entries[bf][bi].stamp).is_ge(),
            };
            if better {
                newest.insert(e.key.clone(), (f, i));
            }
        }
    }
    let winners: HashMap<String, ((usize, usize), Stamp)> = newest
        .into_iter()
        .map(|(k, (f, i))| (k, ((f, i), entries[f][i].stamp)))
        .collect();
    for (f, list) in entries.iter_mut().enumerate() {
        for (i, e) in list.iter_mut().enumerate() {
            if e.skip.is_some() {
                continue;
            }
            if let Some((at, stamp)) = winners.get(&e.key)
                && *at != (f, i)
            {
                e.skip = Some(format!(
                    "another copy of this item in the same import ({}) is as new or newer, and only that one is imported",
                    stamp.describe()
                ));
            }
        }
    }
}

/// A fingerprint of everything an item holds.
fn fingerprint(value: &Value) -> String {
    let mut hash = Sha256::new();
    // Bumped when the importer changes what it makes of an item, so a re-run updates.
    hash.update(b"ninjs-import-1\0");
    hash.update(value.to_string().as_bytes());
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_the_newest_version_of_an_item_is_kept() {
        let v = |uri: &str, version: u64| {
            entry_of(
                &json!({"uri": uri, "version": version.to_string()}),
                "f.json",
                0,
            )
        };
        let mut entries = vec![vec![v("a", 2), v("b", 1)], vec![v("a", 3), v("a", 1)]];
        keep_the_newest(&mut entries);
        assert!(
            entries[0][0]
                .skip
                .as_deref()
                .is_some_and(|r| r.contains("version 3"))
        );
        assert!(entries[0][1].skip.is_none());
        assert!(entries[1][0].skip.is_none());
        assert!(entries[1][1].skip.is_some());
    }

    #[test]
    fn items_without_an_identifier_or_of_the_wrong_shape_are_skipped_with_a_reason() {
        let none = entry_of(&json!({"headline": "x"}), "f.json", 0);
        assert!(
            none.skip
                .as_deref()
                .is_some_and(|r| r.contains("without uri"))
        );
        let bad = entry_of(&json!({"uri": "a", "headline": {"x": 1}}), "f.json", 4);
        assert!(
            bad.skip
                .as_deref()
                .is_some_and(|r| r.contains("expected text"))
        );
        assert_eq!(bad.what, "item 5 of f.json");
    }
}
