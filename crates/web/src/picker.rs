//! The desk's picture picker and upload helper, as JSON for desk.js: a page of the
//! library by words (`GET /admin/media/pick`), and what a photo file says about itself
//! before it is kept (`POST /admin/media/prepare`, which stores nothing). Every desk page
//! works without them; they only spare the typing.

use crate::gate::{DeskPost, DeskUser};
use crate::library::card;
use crate::{App, WebError};
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use newsdesk_core::Media;
use newsdesk_newsroom::OpError;
use newsdesk_store::{LibraryFrom, LibraryMark};
use serde::{Deserialize, Serialize};

/// Pictures in one page of the picker.
const PICK_PER_PAGE: u32 = 18;

/// A library search with where its page starts: `after` (older than) or `before` (newer
/// than) a picture's mark, `1767225600.42`; neither for the newest.
#[derive(Deserialize, Default)]
pub struct LibraryQuery {
    #[serde(default)]
    pub q: String,
    pub after: Option<String>,
    pub before: Option<String>,
    pub uploaded: Option<String>,
}

impl LibraryQuery {
    /// Where the page starts; a mark that does not parse is the first page.
    pub fn from(&self) -> LibraryFrom {
        let mark = |m: &Option<String>| m.as_deref().and_then(LibraryMark::parse);
        match (mark(&self.after), mark(&self.before)) {
            (Some(m), _) => LibraryFrom::OlderThan(m),
            (None, Some(m)) => LibraryFrom::NewerThan(m),
            (None, None) => LibraryFrom::Newest,
        }
    }
}

/// One picture as the picker shows and uses it.
#[derive(Serialize)]
pub struct PickCard {
    pub id: i64,
    /// A narrow rendition for the grid, and its size.
    pub thumb: String,
    pub thumb_width: u32,
    pub thumb_height: u32,
    /// A rendition about 640 px wide, for a body.
    pub src: String,
    /// The picture's own size.
    pub width: u32,
    pub height: u32,
    pub alt: String,
    pub caption: String,
    pub credit: String,
    pub copyright: String,
    pub original_name: String,
    /// The Markdown that shows it in a body as a figure with its caption and credit.
    pub markdown: String,
}

impl PickCard {
    fn of(m: &Media) -> PickCard {
        let thumb = card(m);
        let picture = newsdesk_store::picture_of(m);
        PickCard {
            id: m.id,
            markdown: newsdesk_render::markdown::picture_markdown(
                &picture.src,
                &m.alt,
                &m.caption,
                &m.credit,
            ),
            thumb: thumb.thumb,
            thumb_width: thumb.width,
            thumb_height: thumb.height,
            src: picture.src,
            width: m.width,
            height: m.height,
            alt: m.alt.clone(),
            caption: m.caption.clone(),
            credit: m.credit.clone(),
            copyright: m.copyright.clone(),
            original_name: m.original_name.clone(),
        }
    }
}

/// A page of the picker: the pictures, and the marks of the pages beside it (`after` for
/// older, `before` for newer), `null` at either end.
#[derive(Serialize)]
struct PickPage {
    query: String,
    items: Vec<PickCard>,
    older: Option<String>,
    newer: Option<String>,
}

/// What a photo says about itself, to fill the upload's fields before saving.
#[derive(Serialize)]
struct Prepared {
    file_name: String,
    content_type: &'static str,
    width: u32,
    height: u32,
    alt: String,
    caption: String,
    credit: String,
    copyright: String,
}

fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (
            status,
            [
                (header::CONTENT_TYPE, "application/json"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `{"error": "…"}`: a refusal desk.js shows as it is.
fn json_error(status: StatusCode, message: String) -> Response {
    #[derive(Serialize)]
    struct Refusal {
        error: String,
    }
    json(status, &Refusal { error: message })
}

/// `GET /admin/media/pick?q=&after=|before=`: a page of the library as JSON, newest first.
pub async fn pick(
    State(app): State<App>,
    Query(q): Query<LibraryQuery>,
    DeskUser(_signed): DeskUser,
) -> Response {
    let result = async {
        let page = app.store.media_page(&q.q, q.from(), PICK_PER_PAGE).await?;
        Ok::<_, WebError>(PickPage {
            query: q.q.trim().to_owned(),
            items: page.items.iter().map(PickCard::of).collect(),
            older: page.older.map(|m| m.to_string()),
            newer: page.newer.map(|m| m.to_string()),
        })
    };
    match result.await {
        Ok(page) => json(StatusCode::OK, &page),
        Err(e) => app.error_page(&e),
    }
}

/// `POST /admin/media/prepare` (multipart: `csrf_token` and one file): the photo's own
/// caption, credit and copyright, after the checks every upload gets. Nothing is stored;
/// the form sends the photo again, with the words as edited, to keep it.
pub async fn prepare(State(app): State<App>, DeskPost { signed, form }: DeskPost) -> Response {
    let Some(upload) = form.upload else {
        return json_error(
            StatusCode::BAD_REQUEST,
            "Choose a picture file first.".to_owned(),
        );
    };
    let file_name = upload.file_name.clone();
    match app
        .newsroom
        .read_picture_words(&signed.actor(), upload)
        .await
    {
        Ok(facts) => json(
            StatusCode::OK,
            &Prepared {
                file_name,
                content_type: facts.content_type,
                width: facts.width,
                height: facts.height,
                alt: facts.words.alt,
                caption: facts.words.caption,
                credit: facts.words.credit,
                copyright: facts.words.copyright,
            },
        ),
        Err(e) if e.is_internal() => app.error_page(&e.into()),
        Err(e @ (OpError::Forbidden | OpError::OutOfScope(_))) => app.refused(e),
        Err(e) => json_error(crate::error::status_of(&e), e.public_message()),
    }
}
