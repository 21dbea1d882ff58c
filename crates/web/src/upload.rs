//! Desk forms that may carry a picture: read as `multipart/form-data` or as a plain form.
//! The picture itself goes into the library through `Newsroom::upload_picture`.

use crate::rejections::say;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
pub use newsdesk_newsroom::Upload;

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
