//! `newsdesk export DIR`: the newsroom read from one snapshot and written as the export
//! format, each file hashed as it is written, the manifest last.

use super::{
    AUDIT, AUTHORS, ExportError, FORMAT, FileEntry, IMPORTS, MANIFEST, MEDIA, MEDIA_DIR, Manifest,
    MediaLine, PAGES, REDIRECTS, SECTIONS, SETTINGS, STORIES, TOKENS, TOPICS, USERS, VERSION,
    WEBHOOKS,
};
use crate::Progress;
use newsdesk_media::Storage;
use newsdesk_store::Store;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Rows read at a time: bounds memory whatever the newsroom's size.
const BATCH: i64 = 500;

#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    /// Include password hashes, API tokens (hashed) and webhooks with their secrets: an
    /// export that logs people in and signs webhooks after a move, and must be kept as
    /// safely as the database itself.
    pub with_secrets: bool,
}

/// What an export wrote.
#[derive(Clone, Debug)]
pub struct ExportSummary {
    pub counts: std::collections::BTreeMap<String, i64>,
    /// Files in the export besides the manifest, and their bytes.
    pub files: usize,
    pub bytes: u64,
    pub media_files: usize,
    /// Files the database names that media storage does not have (left out, listed in
    /// the manifest).
    pub missing: Vec<String>,
    pub elapsed: Duration,
}

/// A file of the export, hashed while it is written.
struct Hashed {
    path: PathBuf,
    name: String,
    out: BufWriter<std::fs::File>,
    hash: Sha256,
    bytes: u64,
}

impl Hashed {
    fn create(dir: &Path, name: &str) -> Result<Hashed, ExportError> {
        let path = dir.join(name);
        let file = std::fs::File::create(&path).map_err(|e| ExportError::io(&path, e))?;
        Ok(Hashed {
            out: BufWriter::new(file),
            name: name.to_owned(),
            path,
            hash: Sha256::new(),
            bytes: 0,
        })
    }

    fn write(&mut self, data: &[u8]) -> Result<(), ExportError> {
        self.hash.update(data);
        self.bytes += data.len() as u64;
        self.out
            .write_all(data)
            .map_err(|e| ExportError::io(&self.path, e))
    }

    /// One JSON Lines record.
    fn line(&mut self, value: &impl Serialize) -> Result<(), ExportError> {
        let mut text = serde_json::to_vec(value).map_err(|e| ExportError::io(&self.path, e))?;
        text.push(b'\n');
        self.write(&text)
    }

    /// A whole small file: one JSON document, indented for reading.
    fn document(mut self, value: &impl Serialize) -> Result<FileEntry, ExportError> {
        let mut text =
            serde_json::to_vec_pretty(value).map_err(|e| ExportError::io(&self.path, e))?;
        text.push(b'\n');
        self.write(&text)?;
        self.finish()
    }

    fn finish(mut self) -> Result<FileEntry, ExportError> {
        self.out
            .flush()
            .map_err(|e| ExportError::io(&self.path, e))?;
        self.out
            .get_ref()
            .sync_all()
            .map_err(|e| ExportError::io(&self.path, e))?;
        Ok(FileEntry {
            path: self.name,
            bytes: self.bytes,
            sha256: hex(&self.hash.finalize()),
        })
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes the export of `store` (its pictures read from `media`) into `dir`, which must
/// not exist or be empty.
pub async fn export_newsroom(
    store: &Store,
    media: &Storage,
    dir: &Path,
    options: &ExportOptions,
    progress: &mut dyn Progress,
) -> Result<ExportSummary, ExportError> {
    let started = Instant::now();
    let not_empty = dir.exists()
        && dir
            .read_dir()
            .map_err(|e| ExportError::io(dir, e))?
            .next()
            .is_some();
    if not_empty {
        return Err(ExportError::NotEmpty(dir.display().to_string()));
    }
    std::fs::create_dir_all(dir.join(MEDIA_DIR)).map_err(|e| ExportError::io(dir, e))?;
    let exported_at = jiff::Timestamp::now().to_string();
    let mut snapshot = store.snapshot().await?;
    let mut counts = snapshot.counts().await?;
    if !options.with_secrets {
        counts.remove("tokens");
        counts.remove("webhooks");
    }
    let schema_version = snapshot.schema_version().await?;
    let count = |name: &str| u64::try_from(counts.get(name).copied().unwrap_or(0)).unwrap_or(0);
    progress.start(count("stories") + count("pages") + count("media") + count("audit"));
    let mut files = Vec::new();

    files.push(Hashed::create(dir, USERS)?.document(&snapshot.users(options.with_secrets).await?)?);
    files.push(Hashed::create(dir, SECTIONS)?.document(&snapshot.sections().await?)?);
    files.push(Hashed::create(dir, AUTHORS)?.document(&snapshot.authors().await?)?);
    files.push(Hashed::create(dir, SETTINGS)?.document(&snapshot.settings().await?)?);
    files.push(Hashed::create(dir, REDIRECTS)?.document(&snapshot.redirects().await?)?);
    files.push(Hashed::create(dir, IMPORTS)?.document(&snapshot.import_sources().await?)?);
    if options.with_secrets {
        files.push(Hashed::create(dir, TOKENS)?.document(&snapshot.tokens().await?)?);
        files.push(Hashed::create(dir, WEBHOOKS)?.document(&snapshot.webhooks().await?)?);
    }

    // Topics: one array, written a batch at a time (a newsroom may have tens of thousands).
    let mut topics = Hashed::create(dir, TOPICS)?;
    topics.write(b"[")?;
    let (mut after, mut first) = (0, true);
    loop {
        let batch = snapshot.topics_after(after, BATCH).await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        for topic in &batch {
            topics.write(if first { b"\n  " } else { b",\n  " })?;
            first = false;
            let text = serde_json::to_vec(topic).map_err(|e| ExportError::io(&topics.path, e))?;
            topics.write(&text)?;
        }
    }
    topics.write(b"\n]\n")?;
    files.push(topics.finish()?);

    let mut pages = Hashed::create(dir, PAGES)?;
    for page in snapshot.pages().await? {
        pages.line(&page)?;
        progress.advance("page");
    }
    files.push(pages.finish()?);

    // Pictures, with every file stored for them: the renditions are copied, not made
    // again, because remaking them from the stored original would encode it again and
    // give other files under other names than the pages show.
    let mut lines = Hashed::create(dir, MEDIA)?;
    let mut missing = Vec::new();
    let mut media_files = 0;
    let mut after = 0;
    loop {
        let batch = snapshot.media_after(after, BATCH).await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        for picture in batch {
            for file in &picture.files {
                let name = format!("{MEDIA_DIR}/{}", file.key);
                if dir.join(&name).exists() {
                    continue;
                }
                let Some(bytes) = media.get(&file.key).await? else {
                    missing.push(file.key.clone());
                    continue;
                };
                let mut out = Hashed::create(dir, &name)?;
                out.write(&bytes)?;
                files.push(out.finish()?);
                media_files += 1;
            }
            let original = format!("{MEDIA_DIR}/{}", picture.storage_key);
            lines.line(&MediaLine { picture, original })?;
            progress.advance("picture");
        }
    }
    files.push(lines.finish()?);

    let mut stories = Hashed::create(dir, STORIES)?;
    let mut after = 0;
    loop {
        let batch = snapshot.stories_after(after, BATCH).await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        for story in &batch {
            stories.line(story)?;
            progress.advance("story");
        }
    }
    files.push(stories.finish()?);

    let mut audit = Hashed::create(dir, AUDIT)?;
    let mut after = 0;
    loop {
        let batch = snapshot.audit_after(after, BATCH).await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        for event in &batch {
            audit.line(event)?;
            progress.advance("audit event");
        }
    }
    files.push(audit.finish()?);
    snapshot.close().await?;

    files.sort_by(|a, b| a.path.cmp(&b.path));
    let summary = ExportSummary {
        counts: counts.clone(),
        files: files.len(),
        bytes: files.iter().map(|f| f.bytes).sum(),
        media_files,
        missing: missing.clone(),
        elapsed: Duration::ZERO,
    };
    let manifest = Manifest {
        format: FORMAT.into(),
        version: VERSION,
        exported_at,
        newsdesk_version: env!("CARGO_PKG_VERSION").into(),
        schema_version,
        database: store.backend().name().into(),
        with_secrets: options.with_secrets,
        counts,
        files,
        missing_files: missing,
    };
    // Written aside and renamed: a manifest is there whole, or not at all.
    let text = serde_json::to_vec_pretty(&manifest).map_err(|e| ExportError::io(dir, e))?;
    let aside = dir.join(format!(".{MANIFEST}.tmp"));
    std::fs::write(&aside, &text).map_err(|e| ExportError::io(&aside, e))?;
    std::fs::rename(&aside, dir.join(MANIFEST)).map_err(|e| ExportError::io(&aside, e))?;
    Ok(ExportSummary {
        elapsed: started.elapsed(),
        ..summary
    })
}
