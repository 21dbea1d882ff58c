//! The second pass: each ninjs item written through the newsroom's operations with the
//! actor's rights, as the WordPress importer writes its posts (and through the same
//! helpers: the story write and its workflow steps, authors, sections, topics, the
//! picture pipeline, the import mapping).

use super::map::{self, Body, Kind, Stamp};
use super::model::{Item, Rendition};
use crate::plan::{Status, checksum_of};
use crate::posts::Incoming;
use crate::write::{Outcome, StructureCount, Writer};
use newsdesk_core::Slug;
use newsdesk_newsroom::{OpError, PictureWords, StoryFields, StructureFields, Upload};
use std::cmp::Ordering;
use std::path::{Component, Path, PathBuf};

/// Where the pictures are not: said once for every missing picture.
const NO_MEDIA: &str = "no --media folder was given, and pictures are not downloaded";

/// The section of a story that names none.
const DEFAULT_SECTION: (&str, &str) = ("news", "News");

/// One item as the first pass found it: what the second needs before reading it again.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    /// Its `uri` (or `guid`): the import mapping's key.
    pub(crate) key: String,
    pub(crate) stamp: Stamp,
    /// A fingerprint of the item's whole JSON: the same item imports to the same thing.
    pub(crate) fingerprint: String,
    /// Why it is skipped without another look (not ninjs, no uri, a newer version of it
    /// in the same import).
    pub(crate) skip: Option<String>,
    /// How the summary names it.
    pub(crate) what: String,
}

impl Writer<'_> {
    /// One item of the second pass.
    pub(crate) async fn ninjs(
        &mut self,
        item: &Item,
        entry: &Entry,
        media: Option<&Path>,
    ) -> Result<(), OpError> {
        let outcome = match (entry.skip.clone(), map::kind(item)) {
            (Some(reason), _) | (None, Kind::Skip(reason)) => {
                self.skip(entry.what.clone(), reason);
                None
            }
            (None, Kind::Text) => self.ninjs_story(item, entry, media).await?,
            (None, Kind::Picture) => match self.ninjs_picture(item, media).await? {
                Ok((_, outcome)) => Some(outcome),
                Err(reason) => {
                    self.skip(entry.what.clone(), reason);
                    None
                }
            },
        };
        self.tally(outcome);
        Ok(())
    }

    async fn ninjs_story(
        &mut self,
        item: &Item,
        entry: &Entry,
        media: Option<&Path>,
    ) -> Result<Option<Outcome>, OpError> {
        let done = self.story_record(&entry.key).await?;
        let current = match &done {
            Some(d) => self.newsroom.store.article(d.local_id).await?,
            None => None,
        };
        let recalled = match (&done, &current) {
            (Some(d), Some(_)) => Stamp::recalled(&d.checksum),
            _ => None,
        };
        if let Some((before, _)) = &recalled
            && entry.stamp.compare(before) == Ordering::Less
        {
            self.skip(
                entry.what.clone(),
                format!(
                    "{} is older than {}, which is already imported",
                    entry.stamp.describe(),
                    before.describe()
                ),
            );
            return Ok(None);
        }
        // The picture first: what the story becomes depends on whether it is in the
        // library now, so a run that finds a picture an earlier one missed updates it.
        let lead = match map::lead(item) {
            Some(picture) => self.ninjs_picture(picture, media).await?.ok(),
            None => None,
        };
        let fingerprint =
            checksum_of(&[&entry.fingerprint, &format!("{:?}", lead.map(|(id, _)| id))]);
        if recalled.is_some_and(|(_, kept)| kept == fingerprint) {
            return Ok(Some(Outcome::Unchanged));
        }
        let now = newsdesk_core::now();
        let read = map::status(item)
            .and_then(|status| Ok((status, map::published(item, now)?, map::embargo(item, now)?)));
        let (status, date, embargo) = match read {
            Ok(read) => read,
            Err(reason) => {
                self.skip(entry.what.clone(), reason);
                return Ok(None);
            }
        };
        if status == Status::Trash && current.is_none() {
            // A kill notice for an item never imported: there is nothing to withdraw.
            self.skip(
                entry.what.clone(),
                "canceled, and never imported: there is nothing to withdraw",
            );
            return Ok(None);
        }
        let headline = map::headline(item);
        let body = map::body(item);
        if headline.is_empty() && body == Body::None {
            self.skip(entry.what.clone(), "an item with neither headline nor body");
            return Ok(None);
        }
        let headline = if headline.is_empty() {
            format!("Untitled ({})", entry.key)
        } else {
            headline
        };
        let Some(section_id) = self.ninjs_section(map::section(item)).await? else {
            self.skip(
                entry.what.clone(),
                "no address could be made for its section",
            );
            return Ok(None);
        };
        let mut author_ids = Vec::new();
        for byline in map::bylines(item) {
            let fields = StructureFields {
                name: byline.name,
                description: byline.bio,
                ..StructureFields::default()
            };
            author_ids.extend(self.author(&byline.key, fields).await?);
        }
        let mut tag_ids: Vec<i64> = Vec::new();
        for name in map::topics(item) {
            let id = format!("topic:{}", name.to_lowercase());
            let fields = StructureFields {
                name,
                ..StructureFields::default()
            };
            if let Some(tag) = self.topic(&id, fields).await?
                && !tag_ids.contains(&tag)
            {
                tag_ids.push(tag);
            }
        }
        let fields = StoryFields {
            headline: Some(headline),
            standfirst: Some(map::standfirst(item)),
            body_markdown: Some(crate::body::from_html(&map::body_html(&body))),
            section_id: Some(section_id),
            tag_ids: Some(tag_ids),
            author_ids: Some(author_ids),
            lead_media_id: Some(lead.map(|(id, _)| id)),
            embargo_until: Some(embargo),
            ..StoryFields::default()
        };
        let incoming = Incoming {
            id: entry.key.clone(),
            what: entry.what.clone(),
            checksum: entry.stamp.remembered(&fingerprint),
            status,
            date,
            // Made from the headline; and no old site whose addresses to answer.
            slug: String::new(),
            old_addresses: Vec::new(),
        };
        self.write_story(&incoming, current, fields).await
    }

    /// The section named `name` (made when the newsroom has none at its address), else
    /// the default one; `None` when neither can be made.
    async fn ninjs_section(&mut self, name: Option<String>) -> Result<Option<i64>, OpError> {
        if let Some(name) = name {
            let slug = Slug::from_title(&name);
            if let Some(id) = self.section(slug.as_str(), &name, "").await? {
                return Ok(Some(id));
            }
        }
        let (slug, name) = DEFAULT_SECTION;
        self.section(slug, name, "").await
    }

    /// A picture — a story's lead, or an item of its own — brought into the media
    /// library from the `--media` folder: its id and what became of it, or why not (a
    /// file not found is also listed as missing).
    async fn ninjs_picture(
        &mut self,
        picture: &Item,
        media: Option<&Path>,
    ) -> Result<Result<(i64, Outcome), String>, OpError> {
        let renditions = largest_first(&picture.renditions);
        let id = match (map::key(picture), renditions.first()) {
            (key, _) if !key.is_empty() => key.to_owned(),
            (_, Some(first)) => first.href.as_str().to_owned(),
            (_, None) => return Ok(Err("a picture with neither uri nor rendition".into())),
        };
        let copyright = if picture.copyrightnotice.is_empty() {
            map::words(&picture.copyrightholder)
        } else {
            map::words(&picture.copyrightnotice)
        };
        let words = PictureWords {
            alt: map::alt(picture),
            caption: map::caption(picture),
            credit: map::by(picture),
            copyright,
        };
        let hrefs: Vec<&str> = renditions.iter().map(|r| r.href.as_str()).collect();
        let checksum = checksum_of(&[
            &words.alt,
            &words.caption,
            &words.credit,
            &words.copyright,
            &hrefs.join("\n"),
        ]);
        let key = self.key("picture", &id);
        if let Some(done) = self.newsroom.imported(self.actor, key).await?
            && let Some(found) = self.newsroom.store.media(done.local_id).await?
        {
            if done.checksum == checksum {
                return Ok(Ok((found.id, Outcome::Unchanged)));
            }
            // Keep words the photo's own IPTC gave where the item gives none.
            let words = PictureWords {
                credit: Some(words.credit)
                    .filter(|c| !c.is_empty())
                    .unwrap_or(found.credit),
                copyright: Some(words.copyright)
                    .filter(|c| !c.is_empty())
                    .unwrap_or(found.copyright),
                ..words
            };
            self.newsroom
                .edit_picture_words(self.actor, found.id, &words)
                .await?;
            self.newsroom
                .remember_import(self.actor, key, found.id, &checksum)
                .await?;
            self.count(StructureCount::Picture, Outcome::Updated);
            return Ok(Ok((found.id, Outcome::Updated)));
        }
        let shown = hrefs.first().copied().unwrap_or(id.as_str()).to_owned();
        let Some(dir) = media else {
            self.missing(&shown, NO_MEDIA);
            return Ok(Err(format!("the picture file is missing: {NO_MEDIA}")));
        };
        let found = renditions
            .iter()
            .find_map(|r| file_in(dir, r.href.as_str()).map(|f| (r.href.as_str(), f)));
        let Some((href, file)) = found else {
            let reason = if hrefs.is_empty() {
                "no rendition names a file".to_owned()
            } else {
                format!("no rendition's file is in {}", dir.display())
            };
            self.missing(&shown, reason.clone());
            return Ok(Err(format!("the picture file is missing: {reason}")));
        };
        let max = self.newsroom.limits().max_bytes as u64;
        let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        let read = if size > max {
            Err(format!(
                "{} is larger than the {} MB a picture may be",
                file.display(),
                max / 1024 / 1024
            ))
        } else {
            std::fs::read(&file).map_err(|e| format!("{} cannot be read: {e}", file.display()))
        };
        let bytes = match read {
            Ok(bytes) => bytes,
            Err(reason) => {
                self.missing(href, reason.clone());
                return Ok(Err(reason));
            }
        };
        let file_name = file.file_name().map_or_else(
            || "picture".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        match self
            .store_picture(Upload { file_name, bytes }, words)
            .await?
        {
            Ok(stored) => {
                self.newsroom
                    .remember_import(self.actor, key, stored.id, &checksum)
                    .await?;
                self.count(StructureCount::Picture, Outcome::Created);
                Ok(Ok((stored.id, Outcome::Created)))
            }
            Err(reason) => {
                self.missing(href, reason.clone());
                Ok(Err(reason))
            }
        }
    }
}

/// The renditions that name a file, the widest first (the original before its copies).
fn largest_first(renditions: &[Rendition]) -> Vec<&Rendition> {
    let mut list: Vec<&Rendition> = renditions.iter().filter(|r| !r.href.is_empty()).collect();
    list.sort_by_key(|r| std::cmp::Reverse(r.width.0.unwrap_or(0)));
    list
}

/// The file in `dir` that `href` names: the longest tail of its address's path found
/// there (`https://x/a/b/c.jpg` → `dir/a/b/c.jpg`, else `dir/b/c.jpg`, else `dir/c.jpg`),
/// so the folder may be a copy of the sender's folders from any level, or a flat folder
/// of files with names of their own. Only plain names: an address cannot lead out of the
/// folder.
fn file_in(dir: &Path, href: &str) -> Option<PathBuf> {
    let href = href.split(['?', '#']).next().unwrap_or(href);
    let path = match href.split_once("://") {
        Some((_, rest)) => rest.split_once('/').map_or("", |(_, p)| p),
        None => href,
    };
    let path = decode_percent(path.trim_start_matches('/'));
    let relative = Path::new(&path);
    if path.is_empty()
        || !relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let parts: Vec<&std::ffi::OsStr> = relative.iter().collect();
    (0..parts.len()).find_map(|from| {
        let candidate: PathBuf = parts[from..].iter().collect();
        let file = dir.join(candidate);
        file.is_file().then_some(file)
    })
}

/// `%20` and the like as the characters they stand for (left as they are when the result
/// would not be text).
fn decode_percent(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_file_is_found_by_its_path_or_its_name_and_never_outside() {
        let dir = std::env::temp_dir().join(format!("ninjs-media-{}", std::process::id()));
        let _ = std::fs::create_dir_all(dir.join("2024/05"));
        let _ = std::fs::write(dir.join("2024/05/a b.jpg"), b"x");
        let _ = std::fs::write(dir.join("c.jpg"), b"x");
        assert_eq!(
            file_in(&dir, "https://cdn.example/2024/05/a%20b.jpg?w=1"),
            Some(dir.join("2024/05/a b.jpg"))
        );
        assert_eq!(
            file_in(&dir, "http://x.example/renditions/c.jpg"),
            Some(dir.join("c.jpg"))
        );
        assert_eq!(
            file_in(&dir, "http://x.example/media/2024/05/a%20b.jpg"),
            Some(dir.join("2024/05/a b.jpg")),
            "a copy of the sender's folders from a lower level"
        );
        assert_eq!(file_in(&dir, "c.jpg"), Some(dir.join("c.jpg")));
        assert_eq!(file_in(&dir, "../c.jpg"), None);
        assert_eq!(file_in(&dir, "https://x.example/"), None);
        assert_eq!(file_in(&dir, "https://x.example/missing.jpg"), None);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(decode_percent("a%2"), "a%2");
        assert_eq!(decode_percent("%C3%A9"), "é");
    }
}
