//! Pictures: each attachment's file is looked for in the `--uploads` folder (a copy of
//! `wp-content/uploads`) by the part of its address after `/wp-content/uploads/`, then
//! goes through the newsroom's one picture pipeline (checked, re-encoded, IPTC credit
//! filled). Nothing is fetched from the old site: a file not in the folder is listed as
//! missing, and the import goes on without it. Pictures that bodies show without an
//! attachment in the export are looked for the same way.

use crate::body::{PictureAddresses, uploads_path};
use crate::plan;
use crate::run::Progress;
use crate::write::{Outcome, StructureCount, Writer, describe, plain_text};
use newsdesk_newsroom::{OpError, PictureWords, Problem, Upload};
use regex::Regex;
use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;

/// Where the files are not: said once for every missing picture.
const NO_UPLOADS: &str =
    "no --uploads folder was given, and pictures are not downloaded from the old site";

impl Writer<'_> {
    /// Brings every picture attachment into the library (or notes why not).
    pub(crate) async fn attachments(
        &mut self,
        attachments: &[crate::wxr::Item],
        progress: &mut dyn Progress,
    ) -> Result<(), OpError> {
        for item in attachments {
            let id = plan::external_id(item);
            let outcome = self.attachment(item, &id).await?;
            self.picture_outcomes.insert(id, outcome);
            progress.advance(&item.title);
        }
        Ok(())
    }

    async fn attachment(
        &mut self,
        item: &crate::wxr::Item,
        id: &str,
    ) -> Result<Option<Outcome>, OpError> {
        let url = item.attachment_url.trim();
        let words = PictureWords {
            alt: item
                .meta("_wp_attachment_image_alt")
                .map(plain_text)
                .unwrap_or_default(),
            caption: plain_text(&item.excerpt),
            credit: String::new(),
            copyright: String::new(),
        };
        let checksum = plan::checksum(item);
        let key = self.key("picture", id);
        if let Some(done) = self.newsroom.imported(self.actor, key).await?
            && let Some(media) = self.newsroom.store.media(done.local_id).await?
        {
            self.know(url, id, &media);
            if done.checksum == checksum {
                return Ok(Some(Outcome::Unchanged));
            }
            // Keep a credit the photo's IPTC gave.
            let words = PictureWords {
                credit: media.credit.clone(),
                copyright: media.copyright.clone(),
                ..words
            };
            self.newsroom
                .edit_picture_words(self.actor, media.id, &words)
                .await?;
            self.newsroom
                .remember_import(self.actor, key, media.id, &checksum)
                .await?;
            self.count(StructureCount::Picture, Outcome::Updated);
            return Ok(Some(Outcome::Updated));
        }
        let media = match self.upload(url, words).await? {
            Ok(media) => media,
            Err(reason) => {
                self.skip(describe(item), reason);
                return Ok(None);
            }
        };
        self.know(url, id, &media);
        self.newsroom
            .remember_import(self.actor, key, media.id, &checksum)
            .await?;
        self.count(StructureCount::Picture, Outcome::Created);
        Ok(Some(Outcome::Created))
    }

    /// Reads the file for `url` from the uploads folder and stores it; `Ok(Err(why))`
    /// when it cannot be (missing files are listed as such).
    async fn upload(
        &mut self,
        url: &str,
        words: PictureWords,
    ) -> Result<Result<newsdesk_core::Media, String>, OpError> {
        let file = match self.find_file(url) {
            Ok(file) => file,
            Err(reason) => {
                self.missing(url, reason.clone());
                return Ok(Err(format!("the picture file is missing: {reason}")));
            }
        };
        self.upload_file(url, &file, words).await
    }

    /// Stores the picture in `file` (found for `url`) through the newsroom's one picture
    /// pipeline; `Ok(Err(why))` when the file is refused (too large, unreadable — listed
    /// as missing — or not a picture).
    pub(crate) async fn upload_file(
        &mut self,
        url: &str,
        file: &Path,
        words: PictureWords,
    ) -> Result<Result<newsdesk_core::Media, String>, OpError> {
        let max = self.newsroom.limits().max_bytes as u64;
        let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
        if size > max {
            return Ok(Err(format!(
                "{} is larger than the {} MB a picture may be",
                file.display(),
                max / 1024 / 1024
            )));
        }
        let bytes = match std::fs::read(file) {
            Ok(bytes) => bytes,
            Err(e) => {
                let reason = format!("{} cannot be read: {e}", file.display());
                self.missing(url, reason.clone());
                return Ok(Err(reason));
            }
        };
        let file_name = file.file_name().map_or_else(
            || "picture".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        match self
            .newsroom
            .upload_picture(self.actor, Upload { file_name, bytes }, words)
            .await
        {
            Ok(media) => Ok(Ok(media)),
            // A full or unwritable picture store stops the import: every later picture
            // would fail the same way.
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

    /// The file in the uploads folder for `url`, or why there is none.
    fn find_file(&self, url: &str) -> Result<PathBuf, String> {
        let Some(uploads) = &self.options.uploads else {
            return Err(NO_UPLOADS.to_owned());
        };
        let Some(relative) = uploads_path(url) else {
            return Err("its address is not under /wp-content/uploads/, so it cannot be found in the uploads folder".to_owned());
        };
        let relative = Path::new(&relative);
        // Only plain names: an address cannot lead out of the folder.
        if !relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        {
            return Err("its address names a path outside the uploads folder".to_owned());
        }
        let file = uploads.join(relative);
        if file.is_file() {
            Ok(file)
        } else {
            Err(format!("{} is not in the uploads folder", file.display()))
        }
    }

    /// Records where the picture for `url` (attachment `id`) now is.
    fn know(&mut self, url: &str, id: &str, media: &newsdesk_core::Media) {
        self.pictures_by_post.insert(id.to_owned(), media.id);
        if let Some(path) = uploads_path(url) {
            let src = newsdesk_store::picture_of(media).src;
            self.addresses.insert(path, src);
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

    /// Pictures a body shows from the old site's uploads that no attachment brought in:
    /// taken from the uploads folder when there, listed as missing when not.
    pub(crate) async fn body_pictures(&mut self, content: &str) -> Result<(), OpError> {
        static IMG: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r#"(?i)<img\s[^>]*?\bsrc\s*=\s*["']([^"']+)["']"#).expect("valid")
        });
        let sources: Vec<String> = IMG
            .captures_iter(content)
            .map(|c| c[1].replace("&amp;", "&"))
            .collect();
        for url in sources {
            if self.addresses.new_address(&url).is_some() || self.missing_seen.contains(&url) {
                continue;
            }
            let Some(path) = uploads_path(&url) else {
                // A picture from another site: it stays where it is.
                continue;
            };
            let key_id = format!("file:{}", crate::body::without_size(&path));
            let key = self.key("picture", &key_id);
            if let Some(done) = self.newsroom.imported(self.actor, key).await?
                && let Some(media) = self.newsroom.store.media(done.local_id).await?
            {
                self.know(&url, &key_id, &media);
                continue;
            }
            match self.find_file(&url) {
                Ok(_) => {
                    if let Ok(media) = self.upload(&url, PictureWords::default()).await? {
                        self.know(&url, &key_id, &media);
                        let key = self.key("picture", &key_id);
                        self.newsroom
                            .remember_import(self.actor, key, media.id, "body")
                            .await?;
                        self.count(StructureCount::Picture, Outcome::Created);
                    }
                }
                Err(reason) => self.missing(&url, reason),
            }
        }
        Ok(())
    }
}
