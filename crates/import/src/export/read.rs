//! `newsdesk import newsdesk DIR`: the export checked whole against its manifest, then
//! loaded into an empty database in one transaction.

use super::write::hex;
use super::{
    AUDIT, AUTHORS, ExportError, FORMAT, IMPORTS, MANIFEST, MEDIA, MEDIA_DIR, Manifest, MediaLine,
    PAGES, REDIRECTS, REQUIRED, SECTIONS, SETTINGS, STORIES, TOKENS, TOPICS, USERS, VERSION,
    WEBHOOKS, safe_path,
};
use crate::Progress;
use newsdesk_newsroom::{Loading, Newsroom};
use newsdesk_store::export::{
    AuditRecord, AuthorRecord, ImportSourceRecord, PageRecord, RedirectsRecord, SectionRecord,
    StoryRecord, TokenRecord, TopicRecord, UserRecord, WebhookRecord,
};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::time::{Duration, Instant};

/// What a load brought in.
#[derive(Clone, Debug)]
pub struct LoadSummary {
    pub manifest: Manifest,
    pub media_files: usize,
    pub elapsed: Duration,
}

/// Reads the manifest and checks every file it names against its size and SHA-256.
/// Nothing is written; a folder that fails is refused whole.
pub fn check_export(dir: &Path) -> Result<Manifest, ExportError> {
    let manifest = read_manifest(dir)?;
    check_files(dir, &manifest)?;
    Ok(manifest)
}

/// The manifest, if its format and version are ones this Newsdesk reads.
fn read_manifest(dir: &Path) -> Result<Manifest, ExportError> {
    let path = dir.join(MANIFEST);
    let text = match std::fs::read(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(ExportError::NoManifest {
                dir: dir.display().to_string(),
            });
        }
        Err(e) => return Err(ExportError::io(&path, e)),
    };
    // The format and version first, so a future manifest is named as such rather than
    // failing on a field this version does not know.
    let head: serde_json::Value = serde_json::from_slice(&text).map_err(|e| ExportError::Json {
        path: MANIFEST.into(),
        line: e.line(),
        reason: e.to_string(),
    })?;
    let format = head["format"].as_str().unwrap_or_default().to_owned();
    let version = head["version"]
        .as_u64()
        .and_then(|v| u32::try_from(v).ok())
        .unwrap_or(0);
    if format != FORMAT || version == 0 || version > VERSION {
        return Err(ExportError::Unsupported {
            dir: dir.display().to_string(),
            format: if format.is_empty() {
                "unknown".into()
            } else {
                format
            },
            version,
        });
    }
    let manifest: Manifest = serde_json::from_value(head).map_err(|e| ExportError::Json {
        path: MANIFEST.into(),
        line: 0,
        reason: e.to_string(),
    })?;
    Ok(manifest)
}

/// Every file the manifest lists, against its size and SHA-256.
fn check_files(dir: &Path, manifest: &Manifest) -> Result<(), ExportError> {
    for name in REQUIRED {
        if !manifest.files.iter().any(|f| f.path == *name) {
            return Err(ExportError::Damaged(format!(
                "the manifest does not list {name}"
            )));
        }
    }
    for entry in &manifest.files {
        if !safe_path(&entry.path) {
            return Err(ExportError::Damaged(format!(
                "the manifest names {:?}, which is not a path inside the export",
                entry.path
            )));
        }
        let path = dir.join(&entry.path);
        let file = std::fs::File::open(&path)
            .map_err(|e| ExportError::Damaged(format!("{} cannot be opened: {e}", entry.path)))?;
        let mut reader = BufReader::with_capacity(1 << 16, file);
        let mut hash = Sha256::new();
        let mut bytes = 0u64;
        let mut buffer = vec![0u8; 1 << 16];
        loop {
            let n = reader
                .read(&mut buffer)
                .map_err(|e| ExportError::io(&path, e))?;
            if n == 0 {
                break;
            }
            hash.update(&buffer[..n]);
            bytes += n as u64;
        }
        let sha256 = hex(&hash.finalize());
        if bytes != entry.bytes || sha256 != entry.sha256 {
            return Err(ExportError::Damaged(format!(
                "{} is not the file the export wrote ({bytes} bytes, SHA-256 {sha256}; the manifest says {} bytes, {})",
                entry.path, entry.bytes, entry.sha256
            )));
        }
    }
    Ok(())
}

/// Checks the export in `dir`, then loads it into `newsroom`, whose database must hold no
/// newsroom yet. Its pictures' files go to the newsroom's media storage. One transaction:
/// when anything fails, the database is as empty as it was.
pub async fn load_newsroom(
    newsroom: &Newsroom,
    dir: &Path,
    progress: &mut dyn Progress,
) -> Result<LoadSummary, ExportError> {
    let started = Instant::now();
    // The cheap refusals first (not an export, a future version, a database in use),
    // then every file's hash, all before anything is written.
    let manifest = read_manifest(dir)?;
    let mut loading = newsroom.start_loading().await?;
    check_files(dir, &manifest)?;
    let hashes: HashMap<&str, &str> = manifest
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.sha256.as_str()))
        .collect();
    let count =
        |name: &str| u64::try_from(manifest.counts.get(name).copied().unwrap_or(0)).unwrap_or(0);
    progress.start(count("stories") + count("pages") + count("media") + count("audit"));

    for user in document::<Vec<UserRecord>>(dir, USERS)? {
        let what = format!("user {}", user.id);
        loading.records().user(&user).await.map_err(failed(what))?;
    }
    let mut media_files = 0;
    for line in JsonLines::<MediaLine>::open(dir, MEDIA)? {
        let picture = line?.picture;
        for file in &picture.files {
            let name = format!("{MEDIA_DIR}/{}", file.key);
            let Some(expected) = hashes.get(name.as_str()) else {
                // Missing at the source too (the manifest's `missing_files`).
                continue;
            };
            let path = dir.join(&name);
            let bytes = std::fs::read(&path).map_err(|e| ExportError::io(&path, e))?;
            if hex(&Sha256::digest(&bytes)) != *expected {
                return Err(ExportError::Damaged(format!(
                    "{name} changed while it was being loaded"
                )));
            }
            loading.store_file(&file.key, &bytes).await?;
            media_files += 1;
        }
        let what = format!("picture {}", picture.id);
        loading
            .records()
            .media(&picture)
            .await
            .map_err(failed(what))?;
        progress.advance("picture");
    }
    let sections = document::<Vec<SectionRecord>>(dir, SECTIONS)?;
    loading
        .records()
        .sections(&sections)
        .await
        .map_err(failed("the sections".into()))?;
    for topic in document::<Vec<TopicRecord>>(dir, TOPICS)? {
        let what = format!("topic {}", topic.id);
        loading
            .records()
            .topic(&topic)
            .await
            .map_err(failed(what))?;
    }
    for author in document::<Vec<AuthorRecord>>(dir, AUTHORS)? {
        let what = format!("author {}", author.id);
        loading
            .records()
            .author(&author)
            .await
            .map_err(failed(what))?;
    }
    loading
        .records()
        .bylines()
        .await
        .map_err(failed("the bylines".into()))?;
    for story in JsonLines::<StoryRecord>::open(dir, STORIES)? {
        let story = story?;
        let what = format!("story {}", story.id);
        loading
            .records()
            .story(&story)
            .await
            .map_err(failed(what))?;
        progress.advance("story");
    }
    for page in JsonLines::<PageRecord>::open(dir, PAGES)? {
        let page = page?;
        let what = format!("page {}", page.id);
        loading.records().page(&page).await.map_err(failed(what))?;
        progress.advance("page");
    }
    let redirects = document::<RedirectsRecord>(dir, REDIRECTS)?;
    loading
        .records()
        .redirects(&redirects)
        .await
        .map_err(failed("the redirects".into()))?;
    let settings = document::<BTreeMap<String, String>>(dir, SETTINGS)?;
    loading
        .records()
        .settings(&settings)
        .await
        .map_err(failed("the settings".into()))?;
    for import in document::<Vec<ImportSourceRecord>>(dir, IMPORTS)? {
        let what = format!(
            "the import record of {} {}",
            import.kind, import.external_id
        );
        loading
            .records()
            .import_source(&import)
            .await
            .map_err(failed(what))?;
    }
    for event in JsonLines::<AuditRecord>::open(dir, AUDIT)? {
        let event = event?;
        let what = format!("audit event {}", event.id);
        loading
            .records()
            .audit(&event)
            .await
            .map_err(failed(what))?;
        progress.advance("audit event");
    }
    if hashes.contains_key(TOKENS) {
        for token in document::<Vec<TokenRecord>>(dir, TOKENS)? {
            let what = format!("API token {}", token.id);
            loading
                .records()
                .token(&token)
                .await
                .map_err(failed(what))?;
        }
    }
    if hashes.contains_key(WEBHOOKS) {
        for hook in document::<Vec<WebhookRecord>>(dir, WEBHOOKS)? {
            let what = format!("webhook {}", hook.id);
            loading
                .records()
                .webhook(&hook)
                .await
                .map_err(failed(what))?;
        }
    }
    finish(loading).await?;
    Ok(LoadSummary {
        manifest,
        media_files,
        elapsed: started.elapsed(),
    })
}

async fn finish(loading: Loading) -> Result<(), ExportError> {
    loading.finish().await.map_err(|e| ExportError::Record {
        what: "the newsroom".into(),
        reason: e.to_string(),
    })
}

/// A record the database refused, named.
fn failed(what: String) -> impl FnOnce(newsdesk_store::StoreError) -> ExportError {
    move |e| ExportError::Record {
        what,
        reason: e.to_string(),
    }
}

/// A small file: one JSON document.
fn document<T: DeserializeOwned>(dir: &Path, name: &str) -> Result<T, ExportError> {
    let path = dir.join(name);
    let file = std::fs::File::open(&path).map_err(|e| ExportError::io(&path, e))?;
    serde_json::from_reader(BufReader::new(file)).map_err(|e| ExportError::Json {
        path: name.into(),
        line: e.line(),
        reason: e.to_string(),
    })
}

/// A JSON Lines file read one record at a time (never the whole file in memory).
struct JsonLines<T> {
    name: &'static str,
    reader: BufReader<std::fs::File>,
    path: std::path::PathBuf,
    number: usize,
    text: String,
    _record: std::marker::PhantomData<T>,
}

impl<T: DeserializeOwned> JsonLines<T> {
    fn open(dir: &Path, name: &'static str) -> Result<JsonLines<T>, ExportError> {
        let path = dir.join(name);
        let file = std::fs::File::open(&path).map_err(|e| ExportError::io(&path, e))?;
        Ok(JsonLines {
            name,
            reader: BufReader::new(file),
            path,
            number: 0,
            text: String::new(),
            _record: std::marker::PhantomData,
        })
    }
}

impl<T: DeserializeOwned> Iterator for JsonLines<T> {
    type Item = Result<T, ExportError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.text.clear();
            self.number += 1;
            match self.reader.read_line(&mut self.text) {
                Ok(0) => return None,
                Ok(_) if self.text.trim().is_empty() => continue,
                Ok(_) => {
                    return Some(
                        serde_json::from_str(&self.text).map_err(|e| ExportError::Json {
                            path: self.name.into(),
                            line: self.number,
                            reason: e.to_string(),
                        }),
                    );
                }
                Err(e) => return Some(Err(ExportError::io(&self.path, e))),
            }
        }
    }
}
