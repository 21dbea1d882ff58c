//! Pictures through the Admin API: upload (multipart, the same pipeline as the desk's,
//! IPTC fill included), read, and change the words.

use super::shapes::{OnePicture, PictureOut};
use super::{AdminError, TokenActor, answer, parse_json};
use crate::App;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use newsdesk_core::{FocalPoint, Media};
use newsdesk_newsroom::{OpError, PictureWords, Upload};
use serde::Deserialize;
use utoipa::ToSchema;

fn picture_out(app: &App, m: &Media) -> OnePicture {
    OnePicture {
        picture: PictureOut::of(&app.settings.base_url, m),
    }
}

/// What `POST /pictures/` reads, for the document: the handler reads the parts one by
/// one, refusing any other name.
#[derive(ToSchema)]
#[schema(as = AdminPictureUpload)]
#[allow(dead_code, reason = "describes the multipart body for the document")]
pub(super) struct PictureUpload {
    /// The picture: JPEG, PNG, WebP or GIF.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// Empty or left out: filled from the photo's IPTC/XMP, when it has some.
    #[schema(value_type = String)]
    alt: Option<String>,
    #[schema(value_type = String)]
    caption: Option<String>,
    #[schema(value_type = String)]
    credit: Option<String>,
    #[schema(value_type = String)]
    copyright: Option<String>,
}

/// `POST /api/admin/v1/pictures/`: `multipart/form-data` with the picture in `file` and,
/// optionally, `alt`, `caption`, `credit`, `copyright` (empty ones are filled from the
/// photo's IPTC/XMP). 201, or the picture already stored with the same pixels.
pub(crate) async fn upload_picture(
    State(app): State<App>,
    who: TokenActor,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let result = async {
        let mut fields = multipart.map_err(|e| {
            AdminError::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!(
                    "Send the picture as multipart/form-data: {}.",
                    e.body_text()
                ),
            )
        })?;
        let unreadable = |e: axum::extract::multipart::MultipartError| {
            let status = e.status();
            tracing::info!(error = %e.body_text(), "an Admin API upload could not be read");
            if status == StatusCode::PAYLOAD_TOO_LARGE {
                AdminError::new(
                    status,
                    "picture_too_large",
                    format!(
                        "The upload is larger than the {} bytes accepted.",
                        app.settings.upload_max_bytes
                    ),
                )
            } else {
                AdminError::new(
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    "The multipart body could not be read; send it again.",
                )
            }
        };
        let mut upload = None;
        let mut words = PictureWords::default();
        while let Some(field) = fields.next_field().await.map_err(unreadable)? {
            let name = field.name().unwrap_or_default().to_owned();
            if name == "file" {
                // A name is kept for finding the picture again; control characters (NUL,
                // which PostgreSQL refuses in text) have no place in it.
                let file_name: String = field
                    .file_name()
                    .unwrap_or("upload")
                    .chars()
                    .filter(|c| !c.is_control())
                    .collect();
                let bytes = field.bytes().await.map_err(unreadable)?;
                upload = Some(Upload {
                    file_name,
                    bytes: bytes.to_vec(),
                });
                continue;
            }
            let value = field.text().await.map_err(unreadable)?;
            let slot = match name.as_str() {
                "alt" => &mut words.alt,
                "caption" => &mut words.caption,
                "credit" => &mut words.credit,
                "copyright" => &mut words.copyright,
                other => {
                    return Err(AdminError::invalid(
                        "file",
                        format!(
                            "Unknown field {other:?}: send file, alt, caption, credit and copyright."
                        ),
                    ));
                }
            };
            *slot = without_nul(value)?;
        }
        let upload = upload.filter(|u| !u.bytes.is_empty()).ok_or_else(|| {
            AdminError::invalid("file", "Send the picture in a field named `file`.")
        })?;
        Ok::<_, AdminError>(
            app.newsroom
                .upload_picture(&who.actor, upload, words)
                .await?,
        )
    };
    match result.await {
        Ok(media) => {
            let mut response = answer(StatusCode::CREATED, &picture_out(&app, &media));
            if let Ok(v) = HeaderValue::from_str(&format!("/api/admin/v1/pictures/{}/", media.id)) {
                response.headers_mut().insert(header::LOCATION, v);
            }
            response
        }
        Err(e) => e.into_response(),
    }
}

/// Text as sent, unless it holds a NUL character, which no text here may hold.
fn without_nul(value: String) -> Result<String, AdminError> {
    if value.contains('\0') {
        return Err(AdminError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "A field holds a NUL character, which no text may hold; remove it.",
        ));
    }
    Ok(value)
}

/// `GET /api/admin/v1/pictures/{id}/`
pub(crate) async fn picture(
    State(app): State<App>,
    who: TokenActor,
    Path(id): Path<i64>,
) -> Response {
    if let Err(e) = who.may_read() {
        return e.into_response();
    }
    match app.store.media(id).await {
        Ok(Some(m)) => answer(StatusCode::OK, &picture_out(&app, &m)),
        Ok(None) => AdminError::from(OpError::NotFound("picture")).into_response(),
        Err(e) => AdminError::from(e).into_response(),
    }
}

/// A picture's words as sent: those left out (or `null`) keep what is saved.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AdminPictureWordsIn)]
pub(super) struct WordsIn {
    alt: Option<String>,
    caption: Option<String>,
    credit: Option<String>,
    copyright: Option<String>,
    /// `{"x": 0.35, "y": 0.2}` (each from 0 to 1), `null` for the centre; left out keeps it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<FocalPointIn>)]
    focal_point: Option<Option<FocalPointIn>>,
}

/// A focal point as sent: `x` across from the left edge, `y` down from the top, 0 to 1.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AdminFocalPointIn)]
pub(super) struct FocalPointIn {
    x: f64,
    y: f64,
}

/// A field that is there, `null` included (`Some(None)`); a field left out stays `None`.
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// `{"picture": {…}}`
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AdminPictureWordsBody)]
pub(super) struct WordsBody {
    picture: WordsIn,
}

/// `PATCH /api/admin/v1/pictures/{id}/`: the words sent change, the rest stay.
pub(crate) async fn update_picture(
    State(app): State<App>,
    who: TokenActor,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Response {
    let result = async {
        let WordsBody { picture } = parse_json(&body)?;
        let Some(current) = app.store.media(id).await? else {
            return Err(OpError::NotFound("picture").into());
        };
        let words = PictureWords {
            alt: picture.alt.unwrap_or(current.alt),
            caption: picture.caption.unwrap_or(current.caption),
            credit: picture.credit.unwrap_or(current.credit),
            copyright: picture.copyright.unwrap_or(current.copyright),
        };
        let focal = match picture.focal_point {
            None => None,
            Some(None) => Some(None),
            Some(Some(p)) => Some(Some(FocalPoint::from_unit(p.x, p.y).map_err(|why| {
                AdminError::invalid("focal_point", format!("Nothing was saved: {why}."))
            })?)),
        };
        Ok::<_, AdminError>(
            app.newsroom
                .edit_picture(&who.actor, id, &words, focal)
                .await?,
        )
    };
    match result.await {
        Ok(media) => answer(StatusCode::OK, &picture_out(&app, &media)),
        Err(e) => e.into_response(),
    }
}
