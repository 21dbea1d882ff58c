//! Desk forms that may carry a picture: read as `multipart/form-data` or as a plain form,
//! and the one path every uploaded picture takes into the library.

use crate::desk::Signed;
use crate::rejections::say;
use crate::{App, WebError};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use newsdesk_core::Media;
use newsdesk_media::{Limits, MediaError, process_upload};
use newsdesk_store::{MediaText, NewMedia};

/// A file sent with a desk form.
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A desk form's fields, in order (keys may repeat), and the first non-empty file in it.
pub struct DeskForm {
    pub pairs: Vec<(String, String)>,
    pub upload: Option<Upload>,
}

impl DeskForm {
    /// The last value of field `name`, or "".
    pub fn value(&self, name: &str) -> &str {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

impl<S: Send + Sync> FromRequest<S> for DeskForm {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<DeskForm, Response> {
        let multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !multipart {
            let axum::Form(pairs) = axum::Form::<Vec<(String, String)>>::from_request(req, state)
                .await
                .map_err(IntoResponse::into_response)?;
            return Ok(DeskForm {
                pairs,
                upload: None,
            });
        }
        let mut fields = Multipart::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let mut form = DeskForm {
            pairs: Vec::new(),
            upload: None,
        };
        // axum's own text names parser internals: it is logged, and the person gets a
        // sentence (in a page, by `rejections::error_pages`).
        let refused = |e: axum::extract::multipart::MultipartError| {
            let status = e.status();
            tracing::info!(status = status.as_u16(), error = %e.body_text(), "a desk form was refused");
            if status == StatusCode::PAYLOAD_TOO_LARGE {
                // The page says what the limit is.
                status.into_response()
            } else {
                say(
                    status,
                    "The form could not be read, so nothing was saved; reload the page and send it again.",
                )
            }
        };
        while let Some(field) = fields.next_field().await.map_err(refused)? {
            let name = field.name().unwrap_or_default().to_owned();
            match field.file_name().map(str::to_owned) {
                Some(file_name) => {
                    let bytes = field.bytes().await.map_err(refused)?;
                    if form.upload.is_none() && !bytes.is_empty() {
                        form.upload = Some(Upload {
                            file_name,
                            bytes: bytes.to_vec(),
                        });
                    }
                }
                None => {
                    let value = field.text().await.map_err(refused)?;
                    form.pairs.push((name, value));
                }
            }
        }
        Ok(form)
    }
}

/// What a reporter reads when media storage cannot be written.
const NOT_STORED: &str = "The photo was not saved because the picture store cannot be written just now, and nothing else on the form was saved either; try again later, and tell an administrator if it keeps happening.";

/// Why an upload was refused, in words for the person who sent it, with its status.
pub struct Refused {
    pub status: StatusCode,
    pub message: String,
}

impl App {
    /// Checks, processes and stores an uploaded picture, filling empty caption, credit and
    /// copyright from the photo's own IPTC/XMP fields. A picture stored before (same
    /// pixels) is returned as it is.
    pub(crate) async fn store_upload(
        &self,
        signed: &Signed,
        upload: Upload,
        typed: MediaText,
    ) -> Result<Result<Media, Refused>, WebError> {
        let limits = Limits {
            max_bytes: self.settings.upload_max_bytes,
            max_pixels: self.settings.upload_max_pixels,
        };
        // Decoding a large photo takes hundreds of megabytes: a few at a time.
        let Ok(_permit) = self.uploads.acquire().await else {
            return Err(MediaError::Encode("the upload queue is closed".into()).into());
        };
        let Upload { file_name, bytes } = upload;
        let processed = tokio::task::spawn_blocking(move || process_upload(&bytes, limits))
            .await
            .map_err(|e| MediaError::Encode(format!("image worker failed: {e}")))?;
        let processed = match processed {
            Ok(p) => p,
            Err(e) => {
                let status = match e {
                    MediaError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                    MediaError::Svg | MediaError::UnsupportedFormat => {
                        StatusCode::UNSUPPORTED_MEDIA_TYPE
                    }
                    MediaError::TooManyPixels { .. } | MediaError::Corrupt(_) => {
                        StatusCode::UNPROCESSABLE_ENTITY
                    }
                    other => return Err(other.into()),
                };
                let message = match e {
                    // The decoder's words mean nothing to a reporter; they go to the log.
                    MediaError::Corrupt(detail) => {
                        tracing::info!(error = %detail, file = %file_name, "an unreadable picture was refused");
                        "The picture was not added: the file is damaged or incomplete (perhaps cut short while copying), so export or download it again and send that.".to_owned()
                    }
                    e => format!("The picture was not added: {e}."),
                };
                return Ok(Err(Refused { status, message }));
            }
        };
        for file in &processed.renditions {
            // A full disk or an unwritable folder is not the reporter's doing, but they
            // must know the photo is not there: a refusal keeps what they typed.
            if let Err(e) = self.media.put(&file.key, &file.bytes).await {
                tracing::error!(error = %e, key = %file.key, "a picture could not be written to media storage");
                return Ok(Err(Refused {
                    status: StatusCode::INSUFFICIENT_STORAGE,
                    message: NOT_STORED.to_owned(),
                }));
            }
        }
        let found = &processed.embedded;
        let or = |typed: String, found: String| {
            let typed = typed.trim();
            let kept = if typed.is_empty() { &found } else { typed };
            kept.chars().take(2000).collect::<String>()
        };
        let text = MediaText {
            alt: or(typed.alt, String::new()),
            caption: or(typed.caption, found.caption.clone()),
            credit: or(typed.credit, found.credit_line()),
            copyright: or(typed.copyright, found.copyright.clone()),
        };
        let new = NewMedia::from_processed(&processed, text, &file_name, Some(signed.user.id));
        Ok(Ok(self.store.insert_media(&new).await?))
    }
}
