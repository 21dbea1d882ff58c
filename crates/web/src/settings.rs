//! The newsroom's settings in the desk (administrators): the settings page, the second step
//! of first-run setup (site name, language, time zone and the first sections), and the
//! favicon those settings choose.

use crate::desk::Signed;
use crate::gate::{DeskPost, DeskUser};
use crate::library::card;
use crate::upload::DeskForm;
use crate::{App, WebError};
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use newsdesk_core::site::{links_text, parse_links};
use newsdesk_core::view::SettingsPage;
use newsdesk_core::{SiteSettings, Slug};
use newsdesk_newsroom::OpError;
use newsdesk_store::StoreError;
use serde::Deserialize;

/// The sections a new newsroom is offered; it may edit the list before creating them.
const STARTING_SECTIONS: &str = "News\nPolitics\nWorld\nBusiness\nScience\nSport\nCulture\nOpinion";

/// The most sections setup creates at once (more are added on the sections page).
const MAX_STARTING_SECTIONS: usize = 30;

/// Offered as suggestions in the time-zone field; any IANA name is accepted.
const TIME_ZONES: [&str; 24] = [
    "UTC",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Warsaw",
    "Europe/Athens",
    "Europe/Istanbul",
    "Africa/Lagos",
    "Africa/Johannesburg",
    "Africa/Nairobi",
    "Asia/Baghdad",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
];

/// The built-in favicon, for a newsroom that has not chosen its own.
const DEFAULT_FAVICON: &[u8] = include_bytes!("favicon.png");

#[derive(Deserialize, Default)]
pub struct SavedQuery {
    saved: Option<String>,
}

impl App {
    async fn settings_page(
        &self,
        status: StatusCode,
        signed: &Signed,
        page: SettingsPage,
    ) -> Result<Response, WebError> {
        let (recent, _) = self.store.media_library("", 1, 24).await?;
        let page = SettingsPage {
            csrf_token: signed.csrf.clone(),
            pictures: recent.iter().map(card).collect(),
            time_zones: TIME_ZONES.to_vec(),
            ..page
        };
        let html = self
            .templates
            .desk_settings(&self.site(), &signed.viewer(), &page);
        Ok(self.desk_page(status, html))
    }

    /// The form again after a refusal, showing what was typed so nothing has to be typed
    /// again, and why nothing was saved.
    fn refused_settings_page(
        &self,
        current: SiteSettings,
        setup: bool,
        form: &DeskForm,
        why: String,
    ) -> SettingsPage {
        let mut page = self.blank_settings_page(current, setup);
        let typed = |field: &str| form.value(field).to_owned();
        page.settings.name = typed("name");
        page.settings.tagline = typed("tagline");
        page.settings.language = typed("language");
        page.settings.time_zone = typed("time_zone");
        if setup {
            page.sections_text = typed("sections");
        } else {
            page.settings.description = typed("description");
            page.footer_links_text = typed("footer_links");
            page.social_profiles_text = typed("social_profiles");
        }
        page.error = Some(format!("Nothing was saved: {why}"));
        page
    }

    fn blank_settings_page(&self, settings: SiteSettings, setup: bool) -> SettingsPage {
        SettingsPage {
            csrf_token: String::new(),
            setup,
            footer_links_text: links_text(&settings.footer_links),
            social_profiles_text: settings.social_profiles.join("\n"),
            sections_text: STARTING_SECTIONS.to_owned(),
            settings,
            pictures: Vec::new(),
            time_zones: Vec::new(),
            error: None,
            message: None,
        }
    }
}

/// Settings as typed into the form; `current` supplies what the form does not carry
/// (setup asks only for some of them).
fn typed_settings(
    form: &DeskForm,
    current: &SiteSettings,
    setup: bool,
) -> Result<SiteSettings, String> {
    let picture = |field: &str| -> Result<Option<i64>, String> {
        let v = form.value(field).trim().trim_start_matches('#');
        if v.is_empty() || v == "0" {
            return Ok(None);
        }
        v.parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .map(Some)
            .ok_or_else(|| format!("{v:?} is not a picture number: use the number the media library shows, or leave it empty."))
    };
    let mut s = SiteSettings {
        name: form.value("name").to_owned(),
        tagline: form.value("tagline").to_owned(),
        language: form.value("language").to_owned(),
        time_zone: form.value("time_zone").to_owned(),
        ..current.clone()
    };
    if !setup {
        s.description = form.value("description").to_owned();
        s.logo_media_id = picture("logo_media_id")?;
        s.favicon_media_id = picture("favicon_media_id")?;
        s.social_image_media_id = picture("social_image_media_id")?;
        s.footer_links = parse_links(form.value("footer_links"));
        s.social_profiles = form
            .value("social_profiles")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
    }
    s.validated().map_err(|e| e.0)
}

/// The first sections, a name a line: each gets an address made from its name.
fn starting_sections(text: &str) -> Result<Vec<(Slug, String)>, String> {
    let mut out: Vec<(Slug, String)> = Vec::new();
    for name in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if name.chars().count() > 80 {
            return Err(format!(
                "The section name {name:?} is longer than 80 characters."
            ));
        }
        let slug = Slug::parse_section(Slug::from_title(name).as_str()).map_err(|_| {
            format!("{name:?} cannot be a section: its address would clash with one of the site's own. Choose another name.")
        })?;
        if out.iter().any(|(s, _)| *s == slug) {
            return Err(format!(
                "Two sections would have the address /{slug}/: give them different names."
            ));
        }
        out.push((slug, name.to_owned()));
    }
    if out.is_empty() {
        return Err("Name at least one section: every story is filed under one.".into());
    }
    if out.len() > MAX_STARTING_SECTIONS {
        return Err(format!(
            "Start with at most {MAX_STARTING_SECTIONS} sections; add more later on the sections page."
        ));
    }
    Ok(out)
}

pub async fn settings(
    State(app): State<App>,
    Query(q): Query<SavedQuery>,
    DeskUser(signed): DeskUser,
) -> Response {
    let result = async {
        let current = app
            .store
            .site_settings(app.settings.default_site_settings())
            .await?;
        let mut page = app.blank_settings_page(current, false);
        page.message = q
            .saved
            .map(|_| "Saved. Every page shows the new settings now.".into());
        app.settings_page(StatusCode::OK, &signed, page).await
    };
    result
        .await
        .unwrap_or_else(|e: WebError| app.error_page(&e))
}

pub async fn save_settings(
    State(app): State<App>,
    DeskPost { signed, form }: DeskPost,
) -> Response {
    let result = async {
        let current = app
            .store
            .site_settings(app.settings.default_site_settings())
            .await?;
        let refuse = |msg: String| {
            let page = app.refused_settings_page(current.clone(), false, &form, msg);
            app.settings_page(StatusCode::UNPROCESSABLE_ENTITY, &signed, page)
        };
        let settings = match typed_settings(&form, &current, false) {
            Ok(s) => s,
            Err(msg) => return refuse(msg).await,
        };
        match app.newsroom.save_settings(&signed.actor(), settings).await {
            Ok(_) => Ok(Redirect::to("/admin/settings?saved=1").into_response()),
            Err(e @ OpError::Invalid { .. }) => refuse(e.public_message()).await,
            Err(e) if e.is_internal() => Err(e.into()),
            Err(e) => Ok(app.refused(e)),
        }
    };
    result
        .await
        .unwrap_or_else(|e: WebError| app.error_page(&e))
}

/// Setup's second step: shown to the first administrator until the newsroom has settings.
pub async fn setup_site_form(State(app): State<App>, DeskUser(signed): DeskUser) -> Response {
    let result = async {
        if app.store.has_site_settings().await? {
            return Ok(Redirect::to("/admin/settings").into_response());
        }
        let current = app
            .store
            .site_settings(app.settings.default_site_settings())
            .await?;
        let page = app.blank_settings_page(current, true);
        app.settings_page(StatusCode::OK, &signed, page).await
    };
    result
        .await
        .unwrap_or_else(|e: WebError| app.error_page(&e))
}

pub async fn setup_site(State(app): State<App>, DeskPost { signed, form }: DeskPost) -> Response {
    let result = async {
        if app.store.has_site_settings().await? {
            return Ok(Redirect::to("/admin/settings").into_response());
        }
        let current = app
            .store
            .site_settings(app.settings.default_site_settings())
            .await?;
        let refuse = |msg: String| {
            let page = app.refused_settings_page(current.clone(), true, &form, msg);
            app.settings_page(StatusCode::UNPROCESSABLE_ENTITY, &signed, page)
        };
        let settings = match typed_settings(&form, &current, true) {
            Ok(s) => s,
            Err(msg) => return refuse(msg).await,
        };
        let sections = match starting_sections(form.value("sections")) {
            Ok(s) => s,
            Err(msg) => return refuse(msg).await,
        };
        match app
            .store
            .complete_setup(&settings, &sections, Some(signed.user.id))
            .await
        {
            Ok(()) => Ok(Redirect::to("/admin/?welcome=1").into_response()),
            Err(StoreError::Duplicate { value, .. }) => {
                refuse(format!(
                    "a section with the address /{value}/ already exists."
                ))
                .await
            }
            Err(e) => Err(e.into()),
        }
    };
    result
        .await
        .unwrap_or_else(|e: WebError| app.error_page(&e))
}

/// `/favicon.ico`: the newsroom's chosen picture (its smallest rendition in the original's
/// family, which browsers scale), or the built-in icon.
pub async fn favicon(State(app): State<App>) -> Response {
    let icon = |content_type: String, bytes: Vec<u8>| {
        (
            [
                (header::CONTENT_TYPE, content_type),
                // Not immutable: the newsroom may choose another.
                (header::CACHE_CONTROL, "public, max-age=86400".to_owned()),
            ],
            bytes,
        )
            .into_response()
    };
    let chosen = async {
        // Most requests: no icon chosen, answered from what every page already knows.
        let Some(id) = app.site().favicon_media_id else {
            return Ok::<_, WebError>(None);
        };
        let Some(media) = app.store.media(id).await? else {
            return Ok(None);
        };
        let Some(smallest) = media
            .renditions
            .iter()
            .filter(|r| r.content_type != "image/webp")
            .min_by_key(|r| r.width)
        else {
            return Ok(None);
        };
        Ok(app
            .media
            .get(&smallest.key)
            .await?
            .map(|bytes| (smallest.content_type.clone(), bytes)))
    };
    match chosen.await {
        Ok(Some((content_type, bytes))) => icon(content_type, bytes),
        Ok(None) => icon("image/png".into(), DEFAULT_FAVICON.to_vec()),
        Err(e) => {
            tracing::warn!(error = %e, "could not read the chosen favicon; serving the default");
            icon("image/png".into(), DEFAULT_FAVICON.to_vec())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starting_sections_become_addresses() {
        let s = starting_sections(STARTING_SECTIONS).unwrap();
        assert_eq!(s.len(), 8);
        assert_eq!(s[0].0.as_str(), "news");
        let s = starting_sections("  Arts & Books \n\nLocal news").unwrap();
        assert_eq!(s[0].0.as_str(), "arts-books");
        assert_eq!(s[1].1, "Local news");
    }

    #[test]
    fn clashing_or_missing_sections_are_refused_with_a_reason() {
        assert!(starting_sections("").unwrap_err().contains("at least one"));
        assert!(starting_sections("Search").unwrap_err().contains("clash"));
        assert!(
            starting_sections("Sport\nsport")
                .unwrap_err()
                .contains("/sport/")
        );
    }
}
