//! The media library: upload, find, describe, and see where a picture is used.

use crate::desk::Signed;
use crate::gate::{DeskPost, DeskUser};
use crate::picker::LibraryQuery;
use crate::{App, WebError};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use newsdesk_core::view::{MediaCard, MediaDetailPage, MediaLibraryPage, MediaUseLine, Paging};
use newsdesk_core::{Action, FocalPoint, Media, State as StoryState, policy};
use newsdesk_newsroom::OpError;
use newsdesk_store::{LibraryFrom, LibraryMark, MediaText};

const PER_PAGE: u32 = 24;

/// A picture as the desk lists it: its narrowest fallback rendition (320 px) as thumbnail.
pub(crate) fn card(m: &Media) -> MediaCard {
    let thumb = m
        .renditions
        .iter()
        .filter(|r| r.content_type != "image/webp")
        .min_by_key(|r| r.width)
        .map_or((m.key.as_str(), m.width, m.height), |r| {
            (r.key.as_str(), r.width, r.height)
        });
    MediaCard {
        id: m.id,
        thumb: format!("/media/{}", thumb.0),
        width: thumb.1,
        height: thumb.2,
        alt: m.alt.clone(),
        caption: m.caption.clone(),
        credit: m.credit.clone(),
        copyright: m.copyright.clone(),
        original_name: m.original_name.clone(),
        created_at: m.created_at,
    }
}

impl App {
    async fn library_page(
        &self,
        status: StatusCode,
        signed: &Signed,
        query: &str,
        from: LibraryFrom,
        message: Option<String>,
    ) -> Result<Response, WebError> {
        let page = self.store.media_page(query, from, PER_PAGE).await?;
        let url = |side: &str, mark: LibraryMark| {
            let q = query.trim();
            if q.is_empty() {
                format!("/admin/media?{side}={mark}")
            } else {
                format!("/admin/media?q={}&{side}={mark}", urlencoded(q))
            }
        };
        let view = MediaLibraryPage {
            csrf_token: signed.csrf.clone(),
            query: query.to_owned(),
            items: page.items.iter().map(card).collect(),
            paging: Paging {
                page: 0,
                prev_url: page.newer.map(|m| url("before", m)),
                next_url: page.older.map(|m| url("after", m)),
            },
            message,
            max_upload_mb: self.settings.upload_max_bytes / (1024 * 1024),
        };
        Ok(self.desk_page(
            status,
            self.templates
                .desk_media(&self.site(), &signed.viewer(), &view),
        ))
    }

    async fn media_page(
        &self,
        status: StatusCode,
        signed: &Signed,
        media: &Media,
        message: Option<String>,
    ) -> Result<Response, WebError> {
        let uses = self.store.media_uses(media).await?;
        let own = media.uploaded_by == Some(signed.user.id);
        let files = media
            .renditions
            .iter()
            .map(|r| {
                let kind = match r.content_type.as_str() {
                    "image/webp" => "WebP",
                    "image/png" => "PNG",
                    _ => "JPEG",
                };
                (
                    format!("{} × {} {kind}", r.width, r.height),
                    format!("/media/{}", r.key),
                )
            })
            .collect();
        let view = MediaDetailPage {
            csrf_token: signed.csrf.clone(),
            card: card(media),
            width: media.width,
            height: media.height,
            copyright: media.copyright.clone(),
            focal_x: media.focal.map(FocalPoint::x_text).unwrap_or_default(),
            focal_y: media.focal.map(FocalPoint::y_text).unwrap_or_default(),
            picture: newsdesk_store::picture_of(media),
            files,
            uses: uses
                .into_iter()
                .map(|u| MediaUseLine {
                    id: u.article_id,
                    headline: u.headline,
                    state: u.state,
                    lead: u.lead,
                })
                .collect(),
            can_edit: may_edit(signed, own),
            message,
        };
        Ok(self.desk_page(
            status,
            self.templates
                .desk_media_item(&self.site(), &signed.viewer(), &view),
        ))
    }
}

fn may_edit(signed: &Signed, own: bool) -> bool {
    let picture = policy::Story {
        own,
        state: StoryState::Draft,
    };
    policy::allows(signed.user.role, Action::EditMedia, Some(picture))
}

pub(crate) fn urlencoded(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b));
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub async fn library(
    State(app): State<App>,
    Query(q): Query<LibraryQuery>,
    DeskUser(signed): DeskUser,
) -> Response {
    let result = async {
        let message = q.uploaded.as_ref().map(|_| "Uploaded.".to_owned());
        app.library_page(StatusCode::OK, &signed, &q.q, q.from(), message)
            .await
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

pub async fn upload(State(app): State<App>, DeskPost { signed, form }: DeskPost) -> Response {
    let result = async {
        let typed = MediaText {
            alt: form.value("alt").to_owned(),
            caption: form.value("caption").to_owned(),
            credit: form.value("credit").to_owned(),
            copyright: form.value("copyright").to_owned(),
        };
        let Some(file) = form.upload else {
            let msg = Some("Choose a picture to upload.".to_owned());
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return app
                .library_page(status, &signed, "", LibraryFrom::Newest, msg)
                .await;
        };
        match app
            .newsroom
            .upload_picture(&signed.actor(), file, typed)
            .await
        {
            Ok(media) => {
                Ok(Redirect::to(&format!("/admin/media/{}?uploaded=1", media.id)).into_response())
            }
            Err(e) if e.is_internal() => Err(e.into()),
            Err(e @ (OpError::Forbidden | OpError::OutOfScope(_))) => Ok(app.refused(e)),
            Err(e) => {
                let status = crate::error::status_of(&e);
                let msg = Some(e.public_message());
                app.library_page(status, &signed, "", LibraryFrom::Newest, msg)
                    .await
            }
        }
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

pub async fn item(
    State(app): State<App>,
    Path(id): Path<i64>,
    Query(q): Query<LibraryQuery>,
    DeskUser(signed): DeskUser,
) -> Response {
    let result = async {
        let Some(media) = app.store.media(id).await? else {
            return Ok(app.not_found_page());
        };
        let message = q.uploaded.map(|_| {
            "Uploaded. Check the words below: they were filled from the photo where it had them."
                .to_owned()
        });
        app.media_page(StatusCode::OK, &signed, &media, message)
            .await
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

pub async fn save(
    State(app): State<App>,
    Path(id): Path<i64>,
    DeskPost { signed, form }: DeskPost,
) -> Response {
    let result = async {
        let text = MediaText {
            alt: form.value("alt").to_owned(),
            caption: form.value("caption").to_owned(),
            credit: form.value("credit").to_owned(),
            copyright: form.value("copyright").to_owned(),
        };
        // A form without the focal point's fields keeps the saved one.
        let has_focal = form
            .pairs
            .iter()
            .any(|(k, _)| k == "focal_x" || k == "focal_y");
        let focal = if has_focal {
            match FocalPoint::parse(form.value("focal_x"), form.value("focal_y")) {
                Ok(focal) => Some(focal),
                Err(why) => {
                    let Some(media) = app.store.media(id).await? else {
                        return Ok(app.not_found_page());
                    };
                    let msg = Some(format!("Nothing was saved: {why}."));
                    return app
                        .media_page(StatusCode::BAD_REQUEST, &signed, &media, msg)
                        .await;
                }
            }
        } else {
            None
        };
        match app
            .newsroom
            .edit_picture(&signed.actor(), id, &text, focal)
            .await
        {
            Ok(saved) => {
                app.media_page(StatusCode::OK, &signed, &saved, Some("Saved.".into()))
                    .await
            }
            Err(e @ OpError::Invalid { .. }) => {
                let Some(media) = app.store.media(id).await? else {
                    return Ok(app.not_found_page());
                };
                let msg = Some(e.public_message());
                app.media_page(StatusCode::UNPROCESSABLE_ENTITY, &signed, &media, msg)
                    .await
            }
            Err(e) if e.is_internal() => Err(e.into()),
            Err(e) => Ok(app.refused(e)),
        }
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}
