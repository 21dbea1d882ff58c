//! Pictures: each file is looked for in a copy of the old site's picture folder — the
//! `--uploads` folder (WordPress's `wp-content/uploads`) or the `--images` folder (Ghost's
//! `content/images`) — by the part of its address after `/wp-content/uploads/` or
//! `/content/images/`, else fetched from its address when the import may fetch (through
//! the server's outgoing client, which refuses addresses inside the network), then goes
//! through the newsroom's one picture pipeline (checked, re-encoded, IPTC credit filled).
//! A file found neither way is listed as missing, with both reasons, and the import goes
//! on without it. WordPress attachments come in first; pictures that bodies show (and
//! Ghost's feature images and profile photos) are looked for the same way, one file once.

use crate::body::{PictureAddresses, uploads_path, without_size};
use crate::plan;
use crate::run::Progress;
use crate::write::{Outcome, StructureCount, Writer, describe, plain_text};
use newsdesk_newsroom::{OpError, PictureWords, Prepared, Problem, Upload};
use regex::Regex;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;

/// Why a picture's file could not be had.
enum Unobtained {
    /// Not in the uploads folder and not fetched: listed as missing.
    Missing(String),
    /// Found, but not a file the library takes.
    Refused(String),
}

/// Which old site's picture folder the files are in, and so how an address names one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PictureFolder {
    /// WordPress's `wp-content/uploads`, given as `--uploads`.
    WordPressUploads,
    /// Ghost's `content/images`, given as `--images`.
    GhostImages,
    /// No old site's folder: ninjs names each picture's files by its renditions'
    /// addresses, and its importer looks for them in `--media` itself.
    None,
}

impl PictureFolder {
    /// The file's path inside the folder for the picture at `url`, if it is one of the
    /// old site's own.
    pub(crate) fn path_of(self, url: &str) -> Option<String> {
        match self {
            PictureFolder::WordPressUploads => uploads_path(url),
            PictureFolder::GhostImages => crate::ghost::images_path(url),
            PictureFolder::None => None,
        }
    }

    /// The full-size file for a path that may name one of its smaller copies.
    pub(crate) fn original(self, path: &str) -> String {
        match self {
            // `boat-300x200.jpg` is a copy of `boat.jpg`.
            PictureFolder::WordPressUploads => without_size(path),
            // Ghost's copies live under `size/w600/`, which `images_path` already leaves out.
            PictureFolder::GhostImages | PictureFolder::None => path.to_owned(),
        }
    }

    fn option(self) -> &'static str {
        match self {
            PictureFolder::WordPressUploads => "--uploads",
            PictureFolder::GhostImages => "--images",
            PictureFolder::None => "--media",
        }
    }

    fn name(self) -> &'static str {
        match self {
            PictureFolder::WordPressUploads => "uploads",
            PictureFolder::GhostImages => "images",
            PictureFolder::None => "media",
        }
    }

    fn marker(self) -> &'static str {
        match self {
            PictureFolder::WordPressUploads => "/wp-content/uploads/",
            PictureFolder::GhostImages => "/content/images/",
            PictureFolder::None => "/",
        }
    }
}

/// The pictures brought in so far, by their path in the old site's folder: what a body's
/// old addresses are rewritten with.
pub(crate) struct InFolder<'a> {
    pub folder: PictureFolder,
    pub addresses: &'a HashMap<String, String>,
}

impl PictureAddresses for InFolder<'_> {
    fn new_address(&self, url: &str) -> Option<String> {
        let path = self.folder.path_of(url)?;
        self.addresses
            .get(&path)
            .or_else(|| self.addresses.get(&self.folder.original(&path)))
            .cloned()
    }
}

impl Writer<'_> {
    /// Brings every picture attachment into the library (or notes why not). The files
    /// are read in order, a few at a time, and decoded and resized together: pictures are
    /// most of an archive's work, and every core can share it. While one batch is filed
    /// in the library, the next is already being decoded, so the cores never wait on it.
    pub(crate) async fn attachments(
        &mut self,
        attachments: &[crate::wxr::Item],
        progress: &mut dyn Progress,
    ) -> Result<(), OpError> {
        let mut filing: Option<Batch<'_>> = None;
        for chunk in attachments.chunks(PICTURES_AT_ONCE) {
            let mut outcomes: Vec<Option<Option<Outcome>>> = vec![None; chunk.len()];
            let mut arriving = Vec::new();
            for (at, item) in chunk.iter().enumerate() {
                let id = plan::external_id(item);
                match self.known_attachment(item, &id).await? {
                    Some(outcome) => outcomes[at] = Some(outcome),
                    None => match self.obtain_file(item.attachment_url.trim()).await {
                        Ok(upload) => arriving.push((at, upload)),
                        Err(reason) => {
                            self.skip(describe(item), reason);
                            outcomes[at] = Some(None);
                        }
                    },
                }
            }
            let (places, uploads): (Vec<usize>, Vec<Upload>) = arriving.into_iter().unzip();
            let (newsroom, actor) = (self.newsroom.clone(), self.actor.clone());
            let preparing =
                tokio::spawn(async move { newsroom.prepare_pictures(&actor, uploads).await });
            let batch = Batch {
                chunk,
                outcomes,
                places,
                preparing,
            };
            if let Some(done) = filing.replace(batch) {
                self.file_batch(done, progress).await?;
            }
        }
        if let Some(done) = filing {
            self.file_batch(done, progress).await?;
        }
        Ok(())
    }

    /// Files a batch of attachments once its pictures are prepared.
    async fn file_batch(
        &mut self,
        batch: Batch<'_>,
        progress: &mut dyn Progress,
    ) -> Result<(), OpError> {
        let Batch {
            chunk,
            mut outcomes,
            places,
            preparing,
        } = batch;
        let prepared = preparing.await.unwrap_or_else(|e| {
            let failed = || {
                Err(
                    newsdesk_media::MediaError::Encode(format!("the image worker failed: {e}"))
                        .into(),
                )
            };
            places.iter().map(|_| failed()).collect()
        });
        for (at, prepared) in places.into_iter().zip(prepared) {
            let item = &chunk[at];
            let id = plan::external_id(item);
            outcomes[at] = Some(self.file_attachment(item, &id, prepared).await?);
        }
        for (item, outcome) in chunk.iter().zip(outcomes) {
            self.picture_outcomes
                .insert(plan::external_id(item), outcome.flatten());
            progress.advance(&item.title);
        }
        Ok(())
    }

    /// The words an attachment gives its picture.
    fn attachment_words(item: &crate::wxr::Item) -> PictureWords {
        PictureWords {
            alt: item
                .meta("_wp_attachment_image_alt")
                .map(plain_text)
                .unwrap_or_default(),
            caption: plain_text(&item.excerpt),
            credit: String::new(),
            copyright: String::new(),
        }
    }

    /// What became of an attachment an earlier run brought in (its words updated when
    /// they changed); `None` when it is new here.
    async fn known_attachment(
        &mut self,
        item: &crate::wxr::Item,
        id: &str,
    ) -> Result<Option<Option<Outcome>>, OpError> {
        let url = item.attachment_url.trim();
        let checksum = plan::checksum(item);
        let key = self.key("picture", id);
        let Some(done) = self.newsroom.imported(self.actor, key).await? else {
            return Ok(None);
        };
        let Some(media) = self.newsroom.store.media(done.local_id).await? else {
            return Ok(None);
        };
        self.know(url, id, &media);
        if done.checksum == checksum {
            return Ok(Some(Some(Outcome::Unchanged)));
        }
        // Keep a credit the photo's IPTC gave.
        let words = PictureWords {
            credit: media.credit.clone(),
            copyright: media.copyright.clone(),
            ..Self::attachment_words(item)
        };
        self.newsroom
            .edit_picture_words(self.actor, media.id, &words)
            .await?;
        self.newsroom
            .remember_import(self.actor, key, media.id, &checksum)
            .await?;
        self.count(StructureCount::Picture, Outcome::Updated);
        Ok(Some(Some(Outcome::Updated)))
    }

    /// Files a new attachment's prepared picture in the library and remembers it; `None`
    /// when the library refused the file (noted as skipped, with the reason).
    async fn file_attachment(
        &mut self,
        item: &crate::wxr::Item,
        id: &str,
        prepared: Result<Prepared, OpError>,
    ) -> Result<Option<Outcome>, OpError> {
        let filed = match prepared {
            Ok(prepared) => {
                let words = Self::attachment_words(item);
                self.newsroom
                    .file_picture(self.actor, prepared, words)
                    .await
            }
            Err(e) => Err(e),
        };
        let media = match refused_or_stop(filed)? {
            Ok(media) => media,
            Err(reason) => {
                self.skip(describe(item), reason);
                return Ok(None);
            }
        };
        let url = item.attachment_url.trim();
        self.know(url, id, &media);
        let key = self.key("picture", id);
        self.newsroom
            .remember_import(self.actor, key, media.id, &plan::checksum(item))
            .await?;
        self.count(StructureCount::Picture, Outcome::Created);
        Ok(Some(Outcome::Created))
    }

    /// The file for `url`, or why it cannot be had (a missing one listed as missing).
    async fn obtain_file(&mut self, url: &str) -> Result<Upload, String> {
        match self.obtain(url).await {
            Ok((file_name, bytes)) => Ok(Upload { file_name, bytes }),
            Err(Unobtained::Missing(reason)) => {
                self.missing(url, reason.clone());
                Err(format!("the picture file is missing: {reason}"))
            }
            Err(Unobtained::Refused(reason)) => Err(reason),
        }
    }

    /// Obtains the file for `url` and stores it; `Ok(Err(why))` when it cannot be
    /// (missing files are listed as such).
    async fn upload(
        &mut self,
        url: &str,
        words: PictureWords,
    ) -> Result<Result<newsdesk_core::Media, String>, OpError> {
        match self.obtain_file(url).await {
            Ok(upload) => self.store_picture(upload, words).await,
            Err(reason) => Ok(Err(reason)),
        }
    }

    /// Puts a picture's file through the newsroom's one picture pipeline; `Ok(Err(why))`
    /// when the library refuses it (not a picture it takes).
    pub(crate) async fn store_picture(
        &mut self,
        upload: Upload,
        words: PictureWords,
    ) -> Result<Result<newsdesk_core::Media, String>, OpError> {
        refused_or_stop(
            self.newsroom
                .upload_picture(self.actor, upload, words)
                .await,
        )
    }

    /// The file for `url` and its name: from the uploads folder, else fetched.
    async fn obtain(&self, url: &str) -> Result<(String, Vec<u8>), Unobtained> {
        let max = self.newsroom.limits().max_bytes as u64;
        let too_big = |what: &str| {
            Unobtained::Refused(format!(
                "{what} is larger than the {} MB a picture may be",
                max / 1024 / 1024
            ))
        };
        let not_local = match self.find_file(url) {
            Ok(file) => {
                let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
                if size > max {
                    return Err(too_big(&file.display().to_string()));
                }
                let bytes = std::fs::read(&file).map_err(|e| {
                    Unobtained::Missing(format!("{} cannot be read: {e}", file.display()))
                })?;
                let name = file.file_name().map_or_else(
                    || "picture".to_owned(),
                    |n| n.to_string_lossy().into_owned(),
                );
                return Ok((name, bytes));
            }
            Err(reason) => reason,
        };
        let Some(fetch) = &self.options.fetch else {
            return Err(Unobtained::Missing(format!(
                "{not_local}, and fetching from the old site is off"
            )));
        };
        match fetch.0.fetch(url, max).await {
            Ok(bytes) => Ok((file_name_of(url), bytes)),
            Err(why) => Err(Unobtained::Missing(format!(
                "{not_local}, and fetching it failed: {why}"
            ))),
        }
    }

    /// The file in the uploads folder for `url`, or why there is none.
    fn find_file(&self, url: &str) -> Result<PathBuf, String> {
        let folder = self.folder;
        let Some(uploads) = &self.options.uploads else {
            return Err(format!("no {} folder was given", folder.option()));
        };
        let Some(relative) = folder.path_of(url) else {
            return Err(format!(
                "its address is not under {}, so it cannot be found in the {} folder",
                folder.marker(),
                folder.name()
            ));
        };
        let relative = Path::new(&relative);
        // Only plain names: an address cannot lead out of the folder.
        if !relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        {
            return Err(format!(
                "its address names a path outside the {} folder",
                folder.name()
            ));
        }
        let file = uploads.join(relative);
        if file.is_file() {
            Ok(file)
        } else {
            Err(format!(
                "{} is not in the {} folder",
                file.display(),
                folder.name()
            ))
        }
    }

    /// Records where the picture for `url` (attachment `id`) now is.
    fn know(&mut self, url: &str, id: &str, media: &newsdesk_core::Media) {
        self.pictures_by_post.insert(id.to_owned(), media.id);
        if let Some(path) = self.folder.path_of(url) {
            let src = newsdesk_store::picture_of(media).src;
            self.picture_ids
                .insert(self.folder.original(&path), media.id);
            self.addresses.insert(path, src);
        }
    }

    /// The old addresses of the pictures brought in so far, for rewriting bodies.
    pub(crate) fn picture_addresses(&self) -> InFolder<'_> {
        InFolder {
            folder: self.folder,
            addresses: &self.addresses,
        }
    }

    /// The outcome recorded for an attachment item when pictures were brought in.
    /// (A skipped one was listed with its reason then.)
    pub(crate) fn picture_outcome(&self, item: &crate::wxr::Item) -> Option<Outcome> {
        self.picture_outcomes
            .get(&plan::external_id(item))
            .copied()
            .flatten()
    }

    /// Pictures a body shows from the old site's folder that no attachment brought in:
    /// taken from the folder when there, listed as missing when not.
    pub(crate) async fn body_pictures(&mut self, content: &str) -> Result<(), OpError> {
        static IMG: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r#"(?i)<img\s[^>]*?\bsrc\s*=\s*["']([^"']+)["']"#).expect("valid")
        });
        let sources: Vec<String> = IMG
            .captures_iter(content)
            .map(|c| c[1].replace("&amp;", "&"))
            .collect();
        for url in sources {
            // A picture from another site stays where it is.
            self.picture_at(&url, None).await?;
        }
        Ok(())
    }

    /// The library's picture for the old site's picture at `url`: one an earlier import
    /// (or this one) brought in, else the file from the folder; `None` when it is not the
    /// old site's or cannot be had (then listed as missing). With `words` (a lead
    /// picture's alt text and caption), the first use in a run sets the picture's words.
    pub(crate) async fn picture_at(
        &mut self,
        url: &str,
        words: Option<PictureWords>,
    ) -> Result<Option<i64>, OpError> {
        let Some(path) = self.folder.path_of(url) else {
            return Ok(None);
        };
        let original = self.folder.original(&path);
        let key_id = format!("file:{original}");
        let wording = words.is_some() && !self.worded.contains(&key_id);
        if !wording && let Some(id) = self.picture_ids.get(&original) {
            return Ok(Some(*id));
        }
        if self.missing_seen.contains(url) {
            return Ok(None);
        }
        let checksum = words.as_ref().map_or_else(
            || "body".to_owned(),
            |w| plan::checksum_of(&[&w.alt, &w.caption]),
        );
        if wording {
            self.worded.insert(key_id.clone());
        }
        let key = self.key("picture", &key_id);
        if let Some(done) = self.newsroom.imported(self.actor, key).await?
            && let Some(media) = self.newsroom.store.media(done.local_id).await?
        {
            self.know(url, &key_id, &media);
            if let Some(words) = words.filter(|_| wording && done.checksum != checksum) {
                // Keep a credit the photo's IPTC gave.
                let words = PictureWords {
                    credit: media.credit.clone(),
                    copyright: media.copyright.clone(),
                    ..words
                };
                self.newsroom
                    .edit_picture_words(self.actor, media.id, &words)
                    .await?;
                let key = self.key("picture", &key_id);
                self.newsroom
                    .remember_import(self.actor, key, media.id, &checksum)
                    .await?;
                self.count(StructureCount::Picture, Outcome::Updated);
            }
            return Ok(Some(media.id));
        }
        match self.upload(url, words.unwrap_or_default()).await? {
            Ok(media) => {
                self.know(url, &key_id, &media);
                let key = self.key("picture", &key_id);
                self.newsroom
                    .remember_import(self.actor, key, media.id, &checksum)
                    .await?;
                self.count(StructureCount::Picture, Outcome::Created);
                Ok(Some(media.id))
            }
            Err(reason) => {
                self.missing(url, reason);
                Ok(None)
            }
        }
    }
}

/// The last part of an address's path, the file's name for the library.
fn file_name_of(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    path.rsplit('/')
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or("picture")
        .to_owned()
}

/// How many attachments are read, then decoded together.
const PICTURES_AT_ONCE: usize = 16;

/// Attachments read and sent to be prepared, waiting to be filed.
struct Batch<'a> {
    chunk: &'a [crate::wxr::Item],
    outcomes: Vec<Option<Option<Outcome>>>,
    /// Where in `chunk` each prepared picture belongs.
    places: Vec<usize>,
    preparing: tokio::task::JoinHandle<Vec<Result<Prepared, OpError>>>,
}

/// What the library said of a picture: `Ok(Err(why))` when it refused the file (not a
/// picture it takes). A full or unwritable picture store stops the import: every later
/// picture would fail the same way.
fn refused_or_stop(
    filed: Result<newsdesk_core::Media, OpError>,
) -> Result<Result<newsdesk_core::Media, String>, OpError> {
    match filed {
        Ok(media) => Ok(Ok(media)),
        Err(
            e @ OpError::Picture {
                problem: Problem::NotStored,
                ..
            },
        ) => Err(e),
        Err(OpError::Picture { message, .. }) => Ok(Err(message)),
        Err(e) => Err(e),
    }
}
