//! Videos, posts, audio, charts and maps from other sites, pasted into a story as a link on
//! a paragraph of its own (as WordPress and Ghost do). The link is the stored form; this
//! module recognises it and draws a placeholder that loads nothing from the other site until
//! the reader asks for it (`theme/static/embed.js` swaps in the frame on a click).
//!
//! Recognition is strict: `https` only, an exact list of hosts, ids checked by character
//! class and length. Everything the placeholder carries (the frame's address, the link) is
//! built here from the checked parts, never copied from what the contributor typed, and the
//! placeholder is added after the sanitizer has run (`markdown::to_safe_html`), so no HTML
//! a contributor writes can make one.

use std::fmt::Write as _;

use url::{Host, Url};

/// Where the frames of [`Embed::frame_src`] come from: the Content-Security-Policy's
/// `frame-src` must name exactly these (and `'self'`), or a reader's click loads nothing.
pub const FRAME_ORIGINS: [&str; 10] = [
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://platform.twitter.com",
    "https://www.instagram.com",
    "https://www.tiktok.com",
    "https://embed.bsky.app",
    "https://open.spotify.com",
    "https://datawrapper.dwcdn.net",
    "https://flo.uri.sh",
    "https://www.google.com",
];

/// The sites a pasted link becomes an embed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    YouTube,
    Vimeo,
    X,
    Instagram,
    TikTok,
    Bluesky,
    /// Any instance: shown as a link card only, because a frame from any host would need a
    /// `frame-src` open to every host.
    Mastodon,
    Spotify,
    Datawrapper,
    Flourish,
    GoogleMaps,
}

impl Provider {
    /// The provider's name, as readers know it.
    pub fn name(self) -> &'static str {
        match self {
            Provider::YouTube => "YouTube",
            Provider::Vimeo => "Vimeo",
            Provider::X => "X",
            Provider::Instagram => "Instagram",
            Provider::TikTok => "TikTok",
            Provider::Bluesky => "Bluesky",
            Provider::Mastodon => "Mastodon",
            Provider::Spotify => "Spotify",
            Provider::Datawrapper => "Datawrapper",
            Provider::Flourish => "Flourish",
            Provider::GoogleMaps => "Google Maps",
        }
    }

    /// The provider in the placeholder's class (`embed-youtube`).
    pub fn slug(self) -> &'static str {
        match self {
            Provider::YouTube => "youtube",
            Provider::Vimeo => "vimeo",
            Provider::X => "x",
            Provider::Instagram => "instagram",
            Provider::TikTok => "tiktok",
            Provider::Bluesky => "bluesky",
            Provider::Mastodon => "mastodon",
            Provider::Spotify => "spotify",
            Provider::Datawrapper => "datawrapper",
            Provider::Flourish => "flourish",
            Provider::GoogleMaps => "google-maps",
        }
    }

    /// The browser features the provider's frame may use (its `allow` attribute).
    fn allow(self) -> &'static str {
        match self {
            Provider::YouTube | Provider::Vimeo | Provider::TikTok => {
                "autoplay; clipboard-write; encrypted-media; fullscreen; picture-in-picture"
            }
            Provider::Spotify => "autoplay; clipboard-write; encrypted-media; fullscreen",
            Provider::Datawrapper | Provider::Flourish | Provider::GoogleMaps => "fullscreen",
            Provider::X | Provider::Instagram | Provider::Bluesky | Provider::Mastodon => "",
        }
    }
}

/// The box the frame gets, and the placeholder before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// 16:9.
    Video,
    /// 9:16, narrow (YouTube Shorts, TikTok).
    Vertical,
    /// A social post: narrow, as tall as the provider says it is.
    Post,
    /// A single track or episode player.
    AudioShort,
    /// An album, playlist or show player.
    Audio,
    /// A chart: full width, as tall as the provider says it is.
    Chart,
    /// 4:3.
    Map,
    /// No frame: the placeholder is the link.
    Link,
}

impl Shape {
    fn class(self) -> &'static str {
        match self {
            Shape::Video => "is-video",
            Shape::Vertical => "is-vertical",
            Shape::Post => "is-post",
            Shape::AudioShort => "is-audio-short",
            Shape::Audio => "is-audio",
            Shape::Chart => "is-chart",
            Shape::Map => "is-map",
            Shape::Link => "is-link",
        }
    }

    /// Whether the frame takes the height its page reports (by `postMessage`).
    fn resizes(self) -> bool {
        matches!(self, Shape::Post | Shape::Chart)
    }
}

/// A recognised link: what it is, what a reader's click loads, and where it leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Embed {
    pub provider: Provider,
    pub shape: Shape,
    /// What it is, in words ("YouTube video", "Bluesky post by @ap.org"): the frame's title.
    pub title: String,
    /// The address a reader's click loads in a frame; `None` when the provider offers no
    /// frame this site can load without the provider's script or an API key.
    pub frame_src: Option<String>,
    /// The provider's own page for it: the placeholder's link, for readers without script,
    /// feeds and the APIs.
    pub link: String,
    /// The link's words ("Watch on YouTube").
    pub link_text: String,
}

/// Longer than any address a provider hands out; a paragraph this long is prose.
const MAX_URL: usize = 2048;

/// The embed a paragraph's text stands for: exactly one allow-listed address, bare or in
/// angle brackets (`<https://…>`), with nothing else but surrounding white space.
pub fn recognise(paragraph: &str) -> Option<Embed> {
    let text = paragraph.trim();
    let text = match text.strip_prefix('<') {
        Some(rest) => rest.strip_suffix('>')?,
        None => text,
    };
    // The URL parser drops tabs and line breaks inside an address and trims spaces; an
    // address with any of them in it is not one link.
    if text.len() > MAX_URL
        || !text.is_ascii()
        || text
            .bytes()
            .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
        || !text.get(..8)?.eq_ignore_ascii_case("https://")
    {
        return None;
    }
    let url = Url::parse(text).ok()?;
    if url.scheme() != "https"
        || !url.username().is_empty()
        || url.password().is_some()
        || url.port().is_some()
    {
        return None;
    }
    let Some(Host::Domain(host)) = url.host() else {
        return None;
    };
    let host = host.to_owned();
    let mut path: Vec<&str> = url.path_segments()?.collect();
    if path.last() == Some(&"") {
        path.pop();
    }
    if path.iter().any(|s| s.is_empty()) {
        return None;
    }
    match host.as_str() {
        "youtube.com" | "www.youtube.com" | "m.youtube.com" => youtube_page(&url, &path),
        "youtu.be" => match path[..] {
            [id] => youtube(id, start_of(&url), false),
            _ => None,
        },
        "youtube-nocookie.com" | "www.youtube-nocookie.com" => match path[..] {
            ["embed", id] => youtube(id, start_of(&url), false),
            _ => None,
        },
        "vimeo.com" | "www.vimeo.com" | "player.vimeo.com" => vimeo(&url, &path),
        "twitter.com" | "www.twitter.com" | "mobile.twitter.com" | "x.com" | "www.x.com"
        | "mobile.x.com" => x(&path),
        "instagram.com" | "www.instagram.com" => instagram(&path),
        "tiktok.com" | "www.tiktok.com" | "m.tiktok.com" => tiktok(&path),
        "bsky.app" => bluesky(&path),
        "open.spotify.com" => spotify(&path),
        "datawrapper.dwcdn.net" | "datawrapper.de" | "www.datawrapper.de" => {
            datawrapper(&host, &path)
        }
        "public.flourish.studio" | "flo.uri.sh" => flourish(&path),
        "google.com" | "www.google.com" | "maps.google.com" | "maps.app.goo.gl" | "goo.gl" => {
            google_maps(&url, &host, &path)
        }
        _ => mastodon(&host, &path),
    }
}

impl Embed {
    /// The placeholder: the provider's name, a notice, and a plain link; with a frame, its
    /// address in `data-embed-src` for `embed.js`, which adds the "Load" button (a button
    /// that does nothing would be all a reader without script, or a feed reader, got).
    /// Nothing in it makes the browser fetch anything from the provider.
    pub fn placeholder(&self) -> String {
        let name = self.provider.name();
        let mut html = String::with_capacity(512);
        let _ = write!(
            html,
            "<figure class=\"embed embed-{} {}",
            self.provider.slug(),
            self.shape.class()
        );
        if self.shape.resizes() {
            html.push_str(" embed-resizes");
        }
        html.push('"');
        if let Some(src) = &self.frame_src {
            let _ = write!(
                html,
                " data-embed-src=\"{}\" data-embed-title=\"{}\"",
                crate::escape_html(src),
                crate::escape_html(&self.title)
            );
            let allow = self.provider.allow();
            if !allow.is_empty() {
                let _ = write!(html, " data-embed-allow=\"{allow}\"");
            }
        }
        let _ = write!(
            html,
            ">\n<div class=\"embed-frame\">\n<p class=\"embed-provider\">{name}</p>\n\
             <p class=\"embed-title\">{}</p>\n",
            crate::escape_html(&self.title)
        );
        if self.frame_src.is_some() {
            let _ = writeln!(
                html,
                "<p class=\"embed-notice\">Loads content from {name}, which may set cookies.</p>"
            );
        }
        let _ = write!(
            html,
            "</div>\n<figcaption><a class=\"embed-link\" href=\"{}\" rel=\"noopener noreferrer\">{}</a></figcaption>\n</figure>\n",
            crate::escape_html(&self.link),
            crate::escape_html(&self.link_text)
        );
        html
    }
}

/// Whether sanitized body HTML holds a placeholder with a frame to load, so its page needs
/// `embed.js`. Only this module writes `<figure class="embed …`: the sanitizer lets no
/// class onto a contributor's `figure`, and text cannot hold a raw `<`.
pub fn has_frames(html: &str) -> bool {
    html.match_indices("<figure class=\"embed ").any(|(at, _)| {
        let tag = &html[at..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        tag.contains(" data-embed-src=\"https://")
    })
}

/// `s` has `min..=max` characters, all of them allowed by `ok`.
fn is_id(s: &str, min: usize, max: usize, ok: impl Fn(u8) -> bool) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(ok)
}

fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

fn digit(b: u8) -> bool {
    b.is_ascii_digit()
}

/// Letters, digits, `_` and `-`: YouTube's and Instagram's ids.
fn word_or_dash(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// A host name a person could register: two or more labels of letters, digits and inner
/// hyphens, the last not all digits.
fn is_domain(s: &str) -> bool {
    let labels: Vec<&str> = s.split('.').collect();
    s.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && l.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
        && !labels
            .last()
            .is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()))
}

fn query<'u>(url: &'u Url, key: &str) -> Option<std::borrow::Cow<'u, str>> {
    url.query_pairs().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// A start time in seconds, from `t=90`, `t=90s`, `t=1m30s`, `t=1h2m3s` or `start=90`.
fn start_of(url: &Url) -> Option<u32> {
    let value = query(url, "t").or_else(|| query(url, "start"))?;
    let mut seconds: u32 = 0;
    let mut number: u32 = 0;
    let mut digits = 0;
    for c in value.chars() {
        match c {
            '0'..='9' if digits < 6 => {
                number = number * 10 + c.to_digit(10)?;
                digits += 1;
            }
            'h' | 'm' | 's' if digits > 0 => {
                let unit = match c {
                    'h' => 3600,
                    'm' => 60,
                    _ => 1,
                };
                seconds = seconds.checked_add(number.checked_mul(unit)?)?;
                number = 0;
                digits = 0;
            }
            _ => return None,
        }
    }
    seconds = seconds.checked_add(number)?;
    (seconds > 0).then_some(seconds)
}

fn youtube_page(url: &Url, path: &[&str]) -> Option<Embed> {
    match path {
        ["watch"] => youtube(&query(url, "v")?, start_of(url), false),
        ["embed" | "live" | "v", id] => youtube(id, start_of(url), false),
        ["shorts", id] => youtube(id, None, true),
        _ => None,
    }
}

fn youtube(id: &str, start: Option<u32>, short: bool) -> Option<Embed> {
    if !is_id(id, 11, 11, word_or_dash) {
        return None;
    }
    let (frame_src, link) = match (short, start) {
        (true, _) => (
            format!("https://www.youtube-nocookie.com/embed/{id}"),
            format!("https://www.youtube.com/shorts/{id}"),
        ),
        (false, Some(s)) => (
            format!("https://www.youtube-nocookie.com/embed/{id}?start={s}"),
            format!("https://www.youtube.com/watch?v={id}&t={s}s"),
        ),
        (false, None) => (
            format!("https://www.youtube-nocookie.com/embed/{id}"),
            format!("https://www.youtube.com/watch?v={id}"),
        ),
    };
    Some(Embed {
        provider: Provider::YouTube,
        shape: if short { Shape::Vertical } else { Shape::Video },
        title: "YouTube video".into(),
        frame_src: Some(frame_src),
        link,
        link_text: "Watch on YouTube".into(),
    })
}

fn vimeo(url: &Url, path: &[&str]) -> Option<Embed> {
    let hex = |s: &str| is_id(s, 6, 20, |b| b.is_ascii_hexdigit());
    let (id, hash) = match (url.host_str()?, path) {
        ("player.vimeo.com", ["video", id]) => (*id, query(url, "h").map(|h| h.into_owned())),
        ("player.vimeo.com", _) => return None,
        (_, [id]) | (_, ["channels", _, id]) => (*id, None),
        (_, [id, hash]) if hex(hash) => (*id, Some((*hash).to_owned())),
        _ => return None,
    };
    if !is_id(id, 1, 12, digit) || hash.as_deref().is_some_and(|h| !hex(h)) {
        return None;
    }
    let (frame_src, link) = match hash {
        Some(h) => (
            format!("https://player.vimeo.com/video/{id}?h={h}&dnt=1"),
            format!("https://vimeo.com/{id}/{h}"),
        ),
        None => (
            format!("https://player.vimeo.com/video/{id}?dnt=1"),
            format!("https://vimeo.com/{id}"),
        ),
    };
    Some(Embed {
        provider: Provider::Vimeo,
        shape: Shape::Video,
        title: "Vimeo video".into(),
        frame_src: Some(frame_src),
        link,
        link_text: "Watch on Vimeo".into(),
    })
}

fn x(path: &[&str]) -> Option<Embed> {
    let (user, id) = match path {
        ["i", "web", "status", id] => (None, *id),
        [user, "status" | "statuses", id] => (Some(*user), *id),
        _ => return None,
    };
    if !is_id(id, 1, 20, digit)
        || user.is_some_and(|u| !is_id(u, 1, 15, |b| b.is_ascii_alphanumeric() || b == b'_'))
    {
        return None;
    }
    let (title, link) = match user {
        Some(u) => (
            format!("X post by @{u}"),
            format!("https://x.com/{u}/status/{id}"),
        ),
        None => ("X post".into(), format!("https://x.com/i/web/status/{id}")),
    };
    Some(Embed {
        provider: Provider::X,
        shape: Shape::Post,
        title,
        frame_src: Some(format!(
            "https://platform.twitter.com/embed/Tweet.html?id={id}&dnt=true"
        )),
        link,
        link_text: "View on X".into(),
    })
}

fn instagram(path: &[&str]) -> Option<Embed> {
    let user_ok = |u: &str| {
        is_id(u, 1, 30, |b| {
            b.is_ascii_alphanumeric() || b == b'_' || b == b'.'
        })
    };
    let (kind, id) = match path {
        [kind, id] => (*kind, *id),
        [user, kind, id] if user_ok(user) => (*kind, *id),
        _ => return None,
    };
    let kind = match kind {
        "p" => "p",
        "reel" | "reels" => "reel",
        "tv" => "tv",
        _ => return None,
    };
    if !is_id(id, 5, 40, word_or_dash) {
        return None;
    }
    Some(Embed {
        provider: Provider::Instagram,
        shape: Shape::Post,
        title: "Instagram post".into(),
        frame_src: Some(format!("https://www.instagram.com/{kind}/{id}/embed/")),
        link: format!("https://www.instagram.com/{kind}/{id}/"),
        link_text: "View on Instagram".into(),
    })
}

fn tiktok(path: &[&str]) -> Option<Embed> {
    let [user, "video", id] = path else {
        return None;
    };
    let user = user.strip_prefix('@')?;
    if !is_id(user, 1, 32, |b| {
        b.is_ascii_alphanumeric() || b == b'_' || b == b'.'
    }) || !is_id(id, 8, 25, digit)
    {
        return None;
    }
    Some(Embed {
        provider: Provider::TikTok,
        shape: Shape::Vertical,
        title: format!("TikTok video by @{user}"),
        frame_src: Some(format!("https://www.tiktok.com/embed/v2/{id}")),
        link: format!("https://www.tiktok.com/@{user}/video/{id}"),
        link_text: "Watch on TikTok".into(),
    })
}

fn bluesky(path: &[&str]) -> Option<Embed> {
    let ["profile", actor, "post", rkey] = path else {
        return None;
    };
    // Handles are case-insensitive and written in lower case.
    let actor = &actor.to_ascii_lowercase();
    let did = |s: &str| match s.strip_prefix("did:plc:") {
        Some(id) => is_id(id, 24, 24, |b| matches!(b, b'a'..=b'z' | b'2'..=b'7')),
        None => s.strip_prefix("did:web:").is_some_and(is_domain),
    };
    let is_did = did(actor);
    if !(is_did || is_domain(actor)) || !is_id(rkey, 1, 32, alnum) {
        return None;
    }
    Some(Embed {
        provider: Provider::Bluesky,
        shape: Shape::Post,
        title: if is_did {
            "Bluesky post".into()
        } else {
            format!("Bluesky post by @{actor}")
        },
        // The embed page posts its height with the `id` it was given.
        frame_src: Some(format!(
            "https://embed.bsky.app/embed/{actor}/app.bsky.feed.post/{rkey}?id={rkey}"
        )),
        link: format!("https://bsky.app/profile/{actor}/post/{rkey}"),
        link_text: "View on Bluesky".into(),
    })
}

/// `https://INSTANCE/@user/ID` (or `@user@home.instance`, or `/users/user/statuses/ID`) on
/// any host not claimed above: a link card, never a frame (see [`Provider::Mastodon`]).
fn mastodon(host: &str, path: &[&str]) -> Option<Embed> {
    let (account, id) = match path {
        [account, id] => (account.strip_prefix('@')?, *id),
        ["users", user, "statuses", id] => (*user, *id),
        _ => return None,
    };
    let user_ok = |u: &str| is_id(u, 1, 30, |b| b.is_ascii_alphanumeric() || b == b'_');
    let account_ok = match account.split_once('@') {
        Some((user, home)) => user_ok(user) && is_domain(home),
        None => user_ok(account),
    };
    if !is_domain(host) || !account_ok || !is_id(id, 1, 20, digit) {
        return None;
    }
    let handle = if account.contains('@') {
        account.to_owned()
    } else {
        format!("{account}@{host}")
    };
    Some(Embed {
        provider: Provider::Mastodon,
        shape: Shape::Link,
        title: format!("Mastodon post by @{handle}"),
        frame_src: None,
        link: format!("https://{host}/@{account}/{id}"),
        link_text: format!("View on {host}"),
    })
}

fn spotify(path: &[&str]) -> Option<Embed> {
    let path = match path {
        [first, rest @ ..] if first.starts_with("intl-") || *first == "embed" => rest,
        _ => path,
    };
    let [kind, id] = path else {
        return None;
    };
    let (what, shape) = match *kind {
        "track" => ("track", Shape::AudioShort),
        "episode" => ("podcast episode", Shape::AudioShort),
        "album" => ("album", Shape::Audio),
        "playlist" => ("playlist", Shape::Audio),
        "show" => ("podcast", Shape::Audio),
        "artist" => ("artist", Shape::Audio),
        _ => return None,
    };
    if !is_id(id, 22, 22, alnum) {
        return None;
    }
    Some(Embed {
        provider: Provider::Spotify,
        shape,
        title: format!("Spotify {what}"),
        frame_src: Some(format!("https://open.spotify.com/embed/{kind}/{id}")),
        link: format!("https://open.spotify.com/{kind}/{id}"),
        link_text: "Listen on Spotify".into(),
    })
}

fn datawrapper(host: &str, path: &[&str]) -> Option<Embed> {
    let (id, version) = match (host, path) {
        ("datawrapper.dwcdn.net", [id]) => (*id, None),
        ("datawrapper.dwcdn.net", [id, version]) => (*id, Some(*version)),
        (_, ["_", id]) if host != "datawrapper.dwcdn.net" => (*id, None),
        _ => return None,
    };
    if !is_id(id, 4, 10, alnum) || version.is_some_and(|v| !is_id(v, 1, 4, digit)) {
        return None;
    }
    let src = match version {
        Some(v) => format!("https://datawrapper.dwcdn.net/{id}/{v}/"),
        None => format!("https://datawrapper.dwcdn.net/{id}/"),
    };
    Some(Embed {
        provider: Provider::Datawrapper,
        shape: Shape::Chart,
        title: "Datawrapper chart".into(),
        frame_src: Some(src.clone()),
        link: src,
        link_text: "View the chart".into(),
    })
}

fn flourish(path: &[&str]) -> Option<Embed> {
    let (kind, id) = match path {
        [kind, id] | [kind, id, "embed"] => (*kind, *id),
        _ => return None,
    };
    let what = match kind {
        "visualisation" => "visualisation",
        "story" => "story",
        _ => return None,
    };
    if !is_id(id, 1, 12, digit) {
        return None;
    }
    Some(Embed {
        provider: Provider::Flourish,
        shape: Shape::Chart,
        title: format!("Flourish {what}"),
        frame_src: Some(format!("https://flo.uri.sh/{kind}/{id}/embed")),
        link: format!("https://public.flourish.studio/{kind}/{id}/"),
        link_text: "View on Flourish".into(),
    })
}

/// The map Google's "Share → Embed a map" gives (`/maps/embed?pb=…`) loads as a frame, the
/// one form that needs no API key. Any other map link (a place, coordinates, a short link)
/// becomes a link card: its frame would need an API key or an undocumented address.
fn google_maps(url: &Url, host: &str, path: &[&str]) -> Option<Embed> {
    let link_only = |link: String| Embed {
        provider: Provider::GoogleMaps,
        shape: Shape::Link,
        title: "Google map".into(),
        frame_src: None,
        link,
        link_text: "Open in Google Maps".into(),
    };
    match (host, path) {
        ("maps.app.goo.gl", [id]) | ("goo.gl", ["maps", id]) => {
            is_id(id, 1, 40, alnum).then(|| link_only(format!("https://{host}/{}", path.join("/"))))
        }
        ("google.com" | "www.google.com", ["maps", "embed"]) => {
            let pb = url.query()?.strip_prefix("pb=")?;
            let ok = |b: u8| b.is_ascii_alphanumeric() || b"!._%:*+~-".contains(&b);
            is_id(pb, 1, 1500, ok).then(|| Embed {
                shape: Shape::Map,
                frame_src: Some(format!("https://www.google.com/maps/embed?pb={pb}")),
                ..link_only(format!("https://www.google.com/maps/embed?pb={pb}"))
            })
        }
        ("google.com" | "www.google.com" | "maps.google.com", ["maps", ..])
        | ("maps.google.com", []) => Some(link_only(url.as_str().to_owned())),
        _ => None,
    }
}

#[cfg(test)]
#[path = "embed/tests.rs"]
mod tests;
