use super::*;

/// The frame and the link a pasted address becomes; panics when it is no embed.
fn frame_and_link(url: &str) -> (Provider, Option<String>, String) {
    let e = recognise(url).unwrap_or_else(|| panic!("{url} is an embed"));
    (e.provider, e.frame_src, e.link)
}

fn frame(url: &str) -> String {
    frame_and_link(url)
        .1
        .unwrap_or_else(|| panic!("{url} has a frame"))
}

const YT: &str = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ";

#[test]
fn every_provider_is_recognised_and_its_frame_built_from_the_id() {
    let cases: [(&str, Provider, Option<&str>, &str); 11] = [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            Provider::YouTube,
            Some(YT),
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        (
            "https://vimeo.com/76979871",
            Provider::Vimeo,
            Some("https://player.vimeo.com/video/76979871?dnt=1"),
            "https://vimeo.com/76979871",
        ),
        (
            "https://x.com/AP/status/1234567890123456789",
            Provider::X,
            Some("https://platform.twitter.com/embed/Tweet.html?id=1234567890123456789&dnt=true"),
            "https://x.com/AP/status/1234567890123456789",
        ),
        (
            "https://www.instagram.com/p/C0abcDEF123/",
            Provider::Instagram,
            Some("https://www.instagram.com/p/C0abcDEF123/embed/"),
            "https://www.instagram.com/p/C0abcDEF123/",
        ),
        (
            "https://www.tiktok.com/@bbcnews/video/7301234567890123456",
            Provider::TikTok,
            Some("https://www.tiktok.com/embed/v2/7301234567890123456"),
            "https://www.tiktok.com/@bbcnews/video/7301234567890123456",
        ),
        (
            "https://bsky.app/profile/apnews.com/post/3lbf3etdjxc24",
            Provider::Bluesky,
            Some(
                "https://embed.bsky.app/embed/apnews.com/app.bsky.feed.post/3lbf3etdjxc24?id=3lbf3etdjxc24",
            ),
            "https://bsky.app/profile/apnews.com/post/3lbf3etdjxc24",
        ),
        (
            "https://mastodon.social/@Gargron/109396734290390457",
            Provider::Mastodon,
            None,
            "https://mastodon.social/@Gargron/109396734290390457",
        ),
        (
            "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
            Provider::Spotify,
            Some("https://open.spotify.com/embed/track/4uLU6hMCjMI75M1A2tKUQC"),
            "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
        ),
        (
            "https://datawrapper.dwcdn.net/dfu0X/3/",
            Provider::Datawrapper,
            Some("https://datawrapper.dwcdn.net/dfu0X/3/"),
            "https://datawrapper.dwcdn.net/dfu0X/3/",
        ),
        (
            "https://public.flourish.studio/visualisation/1234567/",
            Provider::Flourish,
            Some("https://flo.uri.sh/visualisation/1234567/embed"),
            "https://public.flourish.studio/visualisation/1234567/",
        ),
        (
            "https://www.google.com/maps/embed?pb=!1m18!1m3!1d2624.99!2d2.29!3d48.85!3m2!1s0x47e6%3A0x8ddc!2sEiffel%20Tower!5e0",
            Provider::GoogleMaps,
            Some(
                "https://www.google.com/maps/embed?pb=!1m18!1m3!1d2624.99!2d2.29!3d48.85!3m2!1s0x47e6%3A0x8ddc!2sEiffel%20Tower!5e0",
            ),
            "https://www.google.com/maps/embed?pb=!1m18!1m3!1d2624.99!2d2.29!3d48.85!3m2!1s0x47e6%3A0x8ddc!2sEiffel%20Tower!5e0",
        ),
    ];
    for (url, provider, src, link) in cases {
        assert_eq!(
            frame_and_link(url),
            (provider, src.map(String::from), link.to_owned()),
            "{url}"
        );
        // Every frame comes from an origin the Content-Security-Policy names.
        if let Some(src) = src {
            assert!(
                FRAME_ORIGINS
                    .iter()
                    .any(|o| src.starts_with(&format!("{o}/"))),
                "{src}"
            );
        }
    }
}

#[test]
fn the_usual_variants_of_each_address_are_recognised() {
    for url in [
        "https://youtube.com/watch?v=dQw4w9WgXcQ",
        "https://m.youtube.com/watch?v=dQw4w9WgXcQ&feature=share",
        "https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ?si=AbCdEf123",
        "https://www.youtube.com/embed/dQw4w9WgXcQ",
        "https://www.youtube.com/live/dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "HTTPS://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ",
        "<https://www.youtube.com/watch?v=dQw4w9WgXcQ>",
        "  https://youtu.be/dQw4w9WgXcQ\n",
    ] {
        assert_eq!(frame(url), YT, "{url}");
    }
    assert_eq!(
        frame("https://youtu.be/dQw4w9WgXcQ?t=1m30s"),
        format!("{YT}?start=90")
    );
    assert_eq!(
        recognise("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90")
            .unwrap()
            .link,
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90s"
    );
    let short = recognise("https://www.youtube.com/shorts/dQw4w9WgXcQ").unwrap();
    assert_eq!(
        (short.shape, short.frame_src.unwrap()),
        (Shape::Vertical, YT.into())
    );

    assert_eq!(
        frame("https://vimeo.com/76979871/abc123def4"),
        "https://player.vimeo.com/video/76979871?h=abc123def4&dnt=1"
    );
    assert_eq!(
        frame("https://player.vimeo.com/video/76979871"),
        "https://player.vimeo.com/video/76979871?dnt=1"
    );
    assert_eq!(
        frame("https://vimeo.com/channels/staffpicks/76979871"),
        "https://player.vimeo.com/video/76979871?dnt=1"
    );

    for url in [
        "https://twitter.com/AP/status/1234567890123456789",
        "https://mobile.twitter.com/AP/status/1234567890123456789/",
        "https://www.x.com/AP/status/1234567890123456789?s=20",
    ] {
        assert_eq!(recognise(url).unwrap().provider, Provider::X, "{url}");
    }
    assert_eq!(
        frame("https://instagram.com/reel/C0abcDEF123/?igsh=xyz"),
        "https://www.instagram.com/reel/C0abcDEF123/embed/"
    );
    assert_eq!(
        frame("https://www.instagram.com/bbcnews/p/C0abcDEF123/"),
        "https://www.instagram.com/p/C0abcDEF123/embed/"
    );
    assert_eq!(
        frame("https://bsky.app/profile/did:plc:oiawuf6mbqiigagveorctrsj/post/3lbf3etdjxc24"),
        "https://embed.bsky.app/embed/did:plc:oiawuf6mbqiigagveorctrsj/app.bsky.feed.post/3lbf3etdjxc24?id=3lbf3etdjxc24"
    );
    assert_eq!(
        frame("https://open.spotify.com/intl-de/episode/4uLU6hMCjMI75M1A2tKUQC?si=abc"),
        "https://open.spotify.com/embed/episode/4uLU6hMCjMI75M1A2tKUQC"
    );
    assert_eq!(
        recognise("https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M")
            .unwrap()
            .shape,
        Shape::Audio
    );
    assert_eq!(
        frame("https://www.datawrapper.de/_/dfu0X/"),
        "https://datawrapper.dwcdn.net/dfu0X/"
    );
    assert_eq!(
        frame("https://public.flourish.studio/story/98765/"),
        "https://flo.uri.sh/story/98765/embed"
    );
    let remote = recognise("https://mastodon.social/@journalist@journa.host/111222333444").unwrap();
    assert_eq!(remote.title, "Mastodon post by @journalist@journa.host");
}

#[test]
fn map_links_without_a_keyless_frame_are_link_cards() {
    for url in [
        "https://www.google.com/maps/place/Eiffel+Tower/@48.8583701,2.2922926,17z",
        "https://maps.google.com/?q=Basra",
        "https://maps.app.goo.gl/AbC123xyz",
        "https://goo.gl/maps/AbC123xyz",
    ] {
        let e = recognise(url).unwrap_or_else(|| panic!("{url}"));
        assert_eq!(
            (e.provider, e.shape),
            (Provider::GoogleMaps, Shape::Link),
            "{url}"
        );
        assert_eq!(e.frame_src, None, "{url}");
    }
}

#[test]
fn look_alikes_other_schemes_and_unsafe_ids_are_not_embeds() {
    for url in [
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)//https://youtu.be/dQw4w9WgXcQ",
        "data:text/html,https://youtu.be/dQw4w9WgXcQ",
        "//www.youtube.com/watch?v=dQw4w9WgXcQ",
        "www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://evilyoutube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
        "https://user:pw@www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
        "https://www.yоutube.com/watch?v=dQw4w9WgXcQ", // a Cyrillic о
        "https://youtu.be/dQw4w9WgXc\"onmouseover=alert(1)",
        "https://youtu.be/dQw4w9<script>",
        "https://www.youtube.com/watch?v=dQw4w9WgX%22Q",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQQ",
        "https://www.youtube.com/watch?v=dQw4",
        "https://www.youtube.com/watch?v=dQw4w9WgX'Q",
        "https://youtu.be/dQw4w9WgXcQ extra words",
        "https://youtu.be/dQw4w9WgXcQ\thttps://youtu.be/dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ>",
        "https://youtu.be//dQw4w9WgXcQ",
        "https://vimeo.com/76979871a",
        "https://vimeo.com/76979871/not-a-hash",
        "https://x.com/AP/status/12345abc",
        "https://x.com/a_name_much_too_long/status/1",
        "https://www.instagram.com/explore/tags/news/",
        "https://www.tiktok.com/@bbc\"news/video/7301234567890123456",
        "https://vm.tiktok.com/ZMabc123/",
        "https://bsky.app/profile/apnews.com/post/3lbf<x>",
        "https://bsky.app/profile/-bad-.com/post/3lbf3etdjxc24",
        "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQ",
        "https://open.spotify.com/user/someone",
        "https://datawrapper.dwcdn.net/dfu0X/three/",
        "https://public.flourish.studio/visualisation/12ab/",
        "https://www.google.com/maps/embed?pb=!1m18\"onload=x",
        "https://www.google.com/search?q=youtube",
        "https://192.168.0.1/@user/123",
        "https://localhost/@user/123",
        "https://mastodon.social/@user/123/../../x",
        "https://mastodon.social/@us\"er/123",
        "",
        "<>",
    ] {
        assert_eq!(recognise(url), None, "{url:?}");
    }
    // A look-alike of a known host is at most a Mastodon-shaped link card, never a frame.
    let e = recognise("https://www.youtube.com.evil.example/@user/123").unwrap();
    assert_eq!((e.provider, e.frame_src), (Provider::Mastodon, None));
}

#[test]
fn the_placeholder_loads_nothing_and_escapes_what_it_shows() {
    let html = recognise("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=5")
        .unwrap()
        .placeholder();
    assert!(
        html.starts_with("<figure class=\"embed embed-youtube is-video\""),
        "{html}"
    );
    assert!(
        html.contains(&format!("data-embed-src=\"{YT}?start=5\"")),
        "{html}"
    );
    assert!(html.contains("Loads content from YouTube, which may set cookies."));
    assert!(
        html.contains(
            "<a class=\"embed-link\" href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=5s\""
        ),
        "{html}"
    );
    for loads in [
        "<iframe", "<img", "<script", "<link", " src=", "srcset", "style=",
    ] {
        assert!(!html.contains(loads), "{loads} in {html}");
    }
    assert!(has_frames(&html));

    let card = recognise("https://mastodon.social/@Gargron/109396734290390457")
        .unwrap()
        .placeholder();
    assert!(
        !card.contains("data-embed-src") && !card.contains("Loads content"),
        "{card}"
    );
    assert!(!has_frames(&card));
    let map = recognise("https://www.google.com/maps/place/A&B+%22Caf%C3%A9%22/@1,2,3z")
        .unwrap()
        .placeholder();
    assert!(
        map.contains("href=\"https://www.google.com/maps/place/A&amp;B+%22Caf%C3%A9%22/@1,2,3z\""),
        "{map}"
    );
}

#[test]
fn a_figure_the_sanitizer_let_through_is_not_taken_for_an_embed() {
    assert!(!has_frames(
        "<figure><p>data-embed-src=\"https://x\"</p></figure>"
    ));
    assert!(!has_frames(
        "<p>&lt;figure class=\"embed x\" data-embed-src=\"https://x\"&gt;</p>"
    ));
}
