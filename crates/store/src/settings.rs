//! The newsroom's settings (`site_settings`): one row per key, read whole and saved whole,
//! with a change-log row naming `site` so every node reloads them and drops every page.

use crate::Store;
use crate::changes::append;
use crate::db::duplicate_or;
use crate::users::audit;
use newsdesk_core::site::{Link, SiteSettings};
use newsdesk_core::{CacheKey, Slug};
use std::collections::HashMap;

/// The stored keys. Lists are stored as JSON arrays; media ids as numbers in text.
const KEYS: [&str; 10] = [
    "name",
    "tagline",
    "description",
    "language",
    "time_zone",
    "logo_media_id",
    "favicon_media_id",
    "social_image_media_id",
    "footer_links",
    "social_profiles",
];

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredLink {
    label: String,
    url: String,
}

fn rows_of(s: &SiteSettings) -> Vec<(&'static str, String)> {
    let id = |v: Option<i64>| v.map_or(String::new(), |id| id.to_string());
    let links: Vec<StoredLink> = s
        .footer_links
        .iter()
        .map(|l| StoredLink {
            label: l.label.clone(),
            url: l.url.clone(),
        })
        .collect();
    vec![
        ("name", s.name.clone()),
        ("tagline", s.tagline.clone()),
        ("description", s.description.clone()),
        ("language", s.language.clone()),
        ("time_zone", s.time_zone.clone()),
        ("logo_media_id", id(s.logo_media_id)),
        ("favicon_media_id", id(s.favicon_media_id)),
        ("social_image_media_id", id(s.social_image_media_id)),
        (
            "footer_links",
            serde_json::to_string(&links).unwrap_or_else(|_| "[]".into()),
        ),
        (
            "social_profiles",
            serde_json::to_string(&s.social_profiles).unwrap_or_else(|_| "[]".into()),
        ),
    ]
}

/// Settings from stored rows over `defaults`: a key never saved keeps its default, and a
/// value that no longer reads (edited by hand) falls back to it too, so a page never fails
/// for a setting.
fn settings_of(rows: HashMap<String, String>, defaults: SiteSettings) -> SiteSettings {
    let text = |key: &str, default: String| rows.get(key).cloned().unwrap_or(default);
    let id = |key: &str, default: Option<i64>| match rows.get(key) {
        Some(v) => v.parse().ok(),
        None => default,
    };
    let footer_links = rows
        .get("footer_links")
        .and_then(|v| serde_json::from_str::<Vec<StoredLink>>(v).ok())
        .map(|links| {
            links
                .into_iter()
                .map(|l| Link {
                    label: l.label,
                    url: l.url,
                })
                .collect()
        })
        .unwrap_or(defaults.footer_links);
    let social_profiles = rows
        .get("social_profiles")
        .and_then(|v| serde_json::from_str(v).ok())
        .unwrap_or(defaults.social_profiles);
    SiteSettings {
        name: text("name", defaults.name),
        tagline: text("tagline", defaults.tagline),
        description: text("description", defaults.description),
        language: text("language", defaults.language),
        time_zone: text("time_zone", defaults.time_zone),
        logo_media_id: id("logo_media_id", defaults.logo_media_id),
        favicon_media_id: id("favicon_media_id", defaults.favicon_media_id),
        social_image_media_id: id("social_image_media_id", defaults.social_image_media_id),
        footer_links,
        social_profiles,
    }
}

impl Store {
    /// The stored settings, each unsaved one taken from `defaults`.
    pub async fn site_settings(&self, defaults: SiteSettings) -> crate::Result<SiteSettings> {
        let rows: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM site_settings")
            .fetch_all(&self.pool)
            .await?;
        Ok(settings_of(rows.into_iter().collect(), defaults))
    }

    /// Whether any setting was ever saved: a newsroom that has not been through setup.
    pub async fn has_site_settings(&self) -> crate::Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM site_settings")
            .fetch_one(&self.pool)
            .await?;
        Ok(n > 0)
    }

    /// Saves every setting, with one change-log row (`site`: every page) and one audit
    /// event, in one transaction. `settings` must already be validated.
    pub async fn save_site_settings(
        &self,
        settings: &SiteSettings,
        by: Option<i64>,
    ) -> crate::Result<()> {
        for id in [
            settings.logo_media_id,
            settings.favicon_media_id,
            settings.social_image_media_id,
        ]
        .into_iter()
        .flatten()
        {
            if self.media_by_ids(&[id]).await?.is_empty() {
                return Err(crate::StoreError::Invalid(format!(
                    "There is no picture number {id} in the media library."
                )));
            }
        }
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM site_settings")
            .execute(&mut *tx)
            .await?;
        for (key, value) in rows_of(settings) {
            debug_assert!(KEYS.contains(&key));
            sqlx::query("INSERT INTO site_settings (key, value) VALUES ($1, $2)")
                .bind(key)
                .bind(value)
                .execute(&mut *tx)
                .await?;
        }
        audit(&mut tx, by, "site.settings", "site", &settings.name).await?;
        append(self.writer(), &mut tx, "site", "update", &[CacheKey::Site]).await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// First-run setup in one transaction: the newsroom's settings and its first sections
    /// (in the order given, after any that exist), or nothing at all.
    pub async fn complete_setup(
        &self,
        settings: &SiteSettings,
        sections: &[(Slug, String)],
        by: Option<i64>,
    ) -> crate::Result<()> {
        let mut tx = self.begin().await?;
        let start: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(position) + 1, 0) FROM sections")
            .fetch_one(&mut *tx)
            .await?;
        let mut keys = vec![CacheKey::Site, CacheKey::Home];
        for (i, (slug, name)) in sections.iter().enumerate() {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO sections (slug, name, description, position) \
                 VALUES ($1, $2, '', $3) RETURNING id",
            )
            .bind(slug.as_str())
            .bind(name)
            .bind(start + i as i64)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| duplicate_or(e, "section slug", slug.as_str()))?;
            keys.push(CacheKey::Section(id));
        }
        for (key, value) in rows_of(settings) {
            sqlx::query("INSERT INTO site_settings (key, value) VALUES ($1, $2)")
                .bind(key)
                .bind(value)
                .execute(&mut *tx)
                .await?;
        }
        let names: Vec<&str> = sections.iter().map(|(_, n)| n.as_str()).collect();
        audit(&mut tx, by, "site.setup", "site", &names.join(", ")).await?;
        append(self.writer(), &mut tx, "site", "setup", &keys).await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_their_rows() {
        let s = SiteSettings {
            name: "The Basra Courier".into(),
            logo_media_id: Some(7),
            footer_links: vec![Link {
                label: "About".into(),
                url: "/about".into(),
            }],
            social_profiles: vec!["https://social.example/@courier".into()],
            ..SiteSettings::default()
        };
        let rows = rows_of(&s)
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        assert_eq!(settings_of(rows, SiteSettings::default()), s);
        assert_eq!(rows_of(&s).len(), KEYS.len());
    }

    #[test]
    fn unsaved_or_unreadable_values_fall_back_to_the_defaults() {
        let rows = HashMap::from([
            ("footer_links".to_owned(), "not json".to_owned()),
            ("name".to_owned(), "Courier".to_owned()),
        ]);
        let defaults = SiteSettings {
            tagline: "From the Gulf".into(),
            ..SiteSettings::default()
        };
        let s = settings_of(rows, defaults);
        assert_eq!(s.name, "Courier");
        assert_eq!(s.tagline, "From the Gulf");
        assert!(s.footer_links.is_empty());
    }
}
