//! The one path every picture takes into the library: checked, decoded a few at a time,
//! renditions written to media storage, and the photo's own IPTC/XMP words filling what
//! the person left empty.

use crate::{Actor, Newsroom, OpError, Problem};
use newsdesk_core::{Action, FocalPoint, Media};
use newsdesk_media::{Embedded, MediaError, Processed, inspect, process_upload};
use newsdesk_store::{MediaText, NewMedia};

/// A picture file as sent.
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A picture checked, processed and written to media storage, not yet in the library:
/// the heavy half of an upload, which several pictures may go through at once.
pub struct Prepared {
    file_name: String,
    processed: Processed,
}

/// The words typed with a picture; empty ones are filled from the photo itself.
pub type PictureWords = MediaText;

/// What a person reads when media storage cannot be written.
const NOT_STORED: &str = "The photo was not saved because the picture store cannot be written just now, and nothing else was saved either; try again later, and tell an administrator if it keeps happening.";

/// Words longer than this are cut: they are captions, not articles.
const MAX_WORDS: usize = 2000;

impl Newsroom {
    /// Checks, processes and stores a picture. A picture stored before (same pixels) is
    /// returned as it is.
    pub async fn upload_picture(
        &self,
        actor: &Actor,
        upload: Upload,
        typed: PictureWords,
    ) -> Result<Media, OpError> {
        let prepared = self.prepare_picture(actor, upload).await?;
        self.file_picture(actor, prepared, typed).await
    }

    /// Prepares several pictures at once — as many as may be decoded together — and
    /// answers for each in the order given: an archive's pictures arrive this way.
    pub async fn prepare_pictures(
        &self,
        actor: &Actor,
        uploads: Vec<Upload>,
    ) -> Vec<Result<Prepared, OpError>> {
        let count = uploads.len();
        let mut jobs = tokio::task::JoinSet::new();
        for (at, upload) in uploads.into_iter().enumerate() {
            let (newsroom, actor) = (self.clone(), actor.clone());
            jobs.spawn(async move { (at, newsroom.prepare_picture(&actor, upload).await) });
        }
        let mut answers: Vec<Option<Result<Prepared, OpError>>> =
            (0..count).map(|_| None).collect();
        while let Some(joined) = jobs.join_next().await {
            if let Ok((at, answer)) = joined {
                answers[at] = Some(answer);
            }
        }
        answers
            .into_iter()
            .map(|answer| {
                answer.unwrap_or_else(|| {
                    Err(MediaError::Encode("the image worker failed".into()).into())
                })
            })
            .collect()
    }

    /// Checks and processes a picture and writes its renditions to media storage.
    pub async fn prepare_picture(
        &self,
        actor: &Actor,
        upload: Upload,
    ) -> Result<Prepared, OpError> {
        actor.check(Action::UploadImage, None)?;
        let limits = self.limits;
        // Decoding a large photo takes hundreds of megabytes: a few at a time.
        let Ok(permit) = self.decoding.acquire().await else {
            return Err(MediaError::Encode("the upload queue is closed".into()).into());
        };
        let Upload { file_name, bytes } = upload;
        let processed = tokio::task::spawn_blocking(move || process_upload(&bytes, limits))
            .await
            .map_err(|e| MediaError::Encode(format!("image worker failed: {e}")))?;
        // The pixels are gone; writing the files leaves the next decode to begin.
        drop(permit);
        let processed = processed.map_err(|e| refused(e, &file_name))?;
        for file in &processed.renditions {
            // A full disk or an unwritable folder is not the person's doing, but they
            // must know the photo is not there.
            if let Err(e) = self.media.put(&file.key, &file.bytes).await {
                tracing::error!(error = %e, key = %file.key, "a picture could not be written to media storage");
                return Err(OpError::Picture {
                    problem: Problem::NotStored,
                    message: NOT_STORED.into(),
                });
            }
        }
        Ok(Prepared {
            file_name,
            processed,
        })
    }

    /// Puts a prepared picture in the library with `typed` words, empty ones filled from
    /// the photo's own. A picture stored before (same pixels) is returned as it is.
    pub async fn file_picture(
        &self,
        actor: &Actor,
        prepared: Prepared,
        typed: PictureWords,
    ) -> Result<Media, OpError> {
        actor.check(Action::UploadImage, None)?;
        let Prepared {
            file_name,
            processed,
        } = prepared;
        let found = words_of(&processed.embedded);
        let or = |typed: String, found: String| {
            let typed = typed.trim();
            let kept = if typed.is_empty() { &found } else { typed };
            kept.chars().take(MAX_WORDS).collect::<String>()
        };
        let text = MediaText {
            alt: or(typed.alt, found.alt),
            caption: or(typed.caption, found.caption),
            credit: or(typed.credit, found.credit),
            copyright: or(typed.copyright, found.copyright),
        };
        let new = NewMedia::from_processed(&processed, text, &file_name, Some(actor.user_id));
        Ok(self.store.insert_media(&new).await?)
    }

    /// Reads what a picture file says about itself — caption, credit line, copyright —
    /// after the checks an upload gets from the file's header, and stores nothing: the
    /// desk shows these words to edit before the picture is sent again to be kept.
    pub async fn read_picture_words(
        &self,
        actor: &Actor,
        upload: Upload,
    ) -> Result<PictureFacts, OpError> {
        actor.check(Action::UploadImage, None)?;
        let limits = self.limits;
        let Upload { file_name, bytes } = upload;
        let inspected = tokio::task::spawn_blocking(move || inspect(&bytes, limits))
            .await
            .map_err(|e| MediaError::Encode(format!("image worker failed: {e}")))?
            .map_err(|e| refused(e, &file_name))?;
        Ok(PictureFacts {
            words: words_of(&inspected.embedded),
            content_type: inspected.content_type,
            width: inspected.width,
            height: inspected.height,
        })
    }

    /// Changes a picture's alt text, caption, credit and copyright: the photo desk's, or
    /// the uploader's own.
    pub async fn edit_picture_words(
        &self,
        actor: &Actor,
        id: i64,
        words: &PictureWords,
    ) -> Result<Media, OpError> {
        self.edit_picture(actor, id, words, None).await
    }

    /// Changes a picture's words and, when `focal` is `Some`, its focal point
    /// (`Some(None)`: the centre again), together: the same people as its words.
    pub async fn edit_picture(
        &self,
        actor: &Actor,
        id: i64,
        words: &PictureWords,
        focal: Option<Option<FocalPoint>>,
    ) -> Result<Media, OpError> {
        let media = self
            .store
            .media(id)
            .await?
            .ok_or(OpError::NotFound("picture"))?;
        let own = media.uploaded_by == Some(actor.user_id);
        // For a picture, `state` does not matter to the policy.
        let item = newsdesk_core::policy::Story {
            own,
            state: newsdesk_core::State::Published,
        };
        actor.check(Action::EditMedia, Some(item))?;
        self.store
            .update_media(id, words, focal)
            .await
            .map_err(|e| match e {
                newsdesk_store::StoreError::Invalid(msg) => OpError::Invalid {
                    field: None,
                    message: format!("Nothing was saved: {msg}."),
                },
                e => e.into(),
            })?;
        Ok(self.store.media(id).await?.unwrap_or(media))
    }
}

/// What a picture file says about itself, before it is stored.
#[derive(Clone, Debug)]
pub struct PictureFacts {
    /// Caption, credit line ("Byline/Agency") and copyright from its IPTC/XMP; the alt
    /// text is always empty (no agency field says what a picture shows for a reader who
    /// cannot see it).
    pub words: PictureWords,
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
}

/// The words a photo's own IPTC/XMP fields give it: the fill for what a person left empty.
fn words_of(found: &Embedded) -> PictureWords {
    let cut = |s: &str| s.trim().chars().take(MAX_WORDS).collect::<String>();
    PictureWords {
        alt: String::new(),
        caption: cut(&found.caption),
        credit: cut(&found.credit_line()),
        copyright: cut(&found.copyright),
    }
}

/// A decoder's refusal in words for the person who sent the file.
fn refused(e: MediaError, file_name: &str) -> OpError {
    let problem = match e {
        MediaError::TooLarge { .. } => Problem::TooLarge,
        MediaError::Svg | MediaError::UnsupportedFormat => Problem::Unsupported,
        MediaError::TooManyPixels { .. } | MediaError::Corrupt(_) => Problem::Unreadable,
        other => return other.into(),
    };
    let message = match e {
        // The decoder's words mean nothing to a reporter; they go to the log.
        MediaError::Corrupt(detail) => {
            tracing::info!(error = %detail, file = %file_name, "an unreadable picture was refused");
            "The picture was not added: the file is damaged or incomplete (perhaps cut short while copying), so export or download it again and send that.".to_owned()
        }
        e => format!("The picture was not added: {e}."),
    };
    OpError::Picture { problem, message }
}
