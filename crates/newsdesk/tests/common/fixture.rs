//! A small, known newsroom for tests: two sections, three tags, two authors, a photo,
//! seven News stories and one World story.

use newsdesk_core::{Article, ArticleFlags, Author, Media, Section, Slug, State, Tag};
use newsdesk_store::{ArticleInput, MediaText, NewAuthor, NewMedia, NewSection, NewTag, Store};

pub struct Newsroom {
    pub news: Section,
    pub world: Section,
    pub iraq: Tag,
    pub synod: Tag,
    pub housing: Tag,
    pub jane: Author,
    pub sam: Author,
    pub photo: Media,
    /// The newest News story: two authors, a lead photo, tags Iraq and Housing.
    pub lead: Article,
    /// Older News stories, newest first.
    pub news_others: Vec<Article>,
    /// The only World story, tagged Synod.
    pub world_story: Article,
}

pub fn story(section_id: i64, headline: &str, minutes_ago: i64) -> ArticleInput {
    let at = newsdesk_core::now() - minutes_ago * 60;
    let body = format!(
        "First paragraph of {headline}.\n\n## What happens next\n\n> \"We will see,\" said a spokesman.\n\nLast paragraph."
    );
    ArticleInput {
        slug: Slug::from_title(headline),
        headline: headline.to_owned(),
        standfirst: format!("Standfirst of {headline}."),
        body_html: newsdesk_render::markdown::to_safe_html(&body),
        body_markdown: body,
        lead_media_id: None,
        section_id,
        tag_ids: Vec::new(),
        author_ids: Vec::new(),
        state: State::Published,
        first_published_at: Some(at),
        published_at: Some(at),
        scheduled_for: None,
        embargo_until: None,
        flags: ArticleFlags::default(),
        seo_title: None,
        seo_description: None,
        canonical_url: None,
    }
}

/// Stores `story(section_id, headline, minutes_ago)`: a published story.
pub async fn published(
    store: &Store,
    section_id: i64,
    headline: &str,
    minutes_ago: i64,
) -> Article {
    store
        .create_article(&story(section_id, headline, minutes_ago), None)
        .await
        .unwrap()
}

pub async fn section(store: &Store, slug: &str, name: &str, position: i64) -> Section {
    let new = NewSection {
        slug: Slug::parse_section(slug).unwrap(),
        name: name.to_owned(),
        description: format!("{name} from our reporters."),
        position,
        parent_id: None,
    };
    store.create_section(&new).await.unwrap()
}

pub async fn tag(store: &Store, slug: &str, name: &str) -> Tag {
    let new = NewTag {
        slug: Slug::parse(slug).unwrap(),
        name: name.to_owned(),
        description: String::new(),
    };
    store.create_tag(&new).await.unwrap()
}

pub async fn author(store: &Store, slug: &str, name: &str, bio: &str) -> Author {
    let new = NewAuthor {
        slug: Slug::parse(slug).unwrap(),
        name: name.to_owned(),
        bio: bio.to_owned(),
        photo_media_id: None,
    };
    store.create_author(&new).await.unwrap()
}

/// Makes, stores and records a small picture with the given texts.
pub async fn photo(
    store: &Store,
    media: &newsdesk_media::Storage,
    seed: u8,
    alt: &str,
    caption: &str,
    credit: &str,
) -> Media {
    let img = image::RgbImage::from_fn(1000, 600, |x, y| {
        image::Rgb([seed, (x % 251) as u8, (y % 241) as u8])
    });
    let p = newsdesk_media::process_rgb(&img).unwrap();
    for r in &p.renditions {
        media.put(&r.key, &r.bytes).await.unwrap();
    }
    let text = MediaText {
        alt: alt.to_owned(),
        caption: caption.to_owned(),
        credit: credit.to_owned(),
        copyright: String::new(),
    };
    let new = NewMedia::from_processed(&p, text, "", None);
    store.insert_media(&new).await.unwrap()
}

pub async fn newsroom(store: &Store, media: &newsdesk_media::Storage) -> Newsroom {
    let news = section(store, "news", "News", 0).await;
    let world = section(store, "world", "World", 1).await;
    let iraq = tag(store, "iraq", "Iraq").await;
    let synod = tag(store, "general-synod", "General Synod").await;
    let housing = tag(store, "housing", "Housing").await;
    let jane = author(
        store,
        "jane-hollis",
        "Jane Hollis",
        "Jane covers the Middle East.",
    )
    .await;
    let sam = author(
        store,
        "sam-okafor",
        "Sam Okafor",
        "Sam is our religious affairs correspondent.",
    )
    .await;
    let photo = photo(
        store,
        media,
        40,
        "Smoke over a market street",
        "Smoke rises over a market in Basra, Iraq.",
        "AP",
    )
    .await;

    let mut news_others = Vec::new();
    for i in 0..6 {
        let mut input = story(
            news.id,
            &format!("Older news story number {i}"),
            120 + i * 60,
        );
        input.author_ids = vec![sam.id];
        if i == 0 {
            input.tag_ids = vec![housing.id];
        }
        news_others.push(store.create_article(&input, None).await.unwrap());
    }
    let mut input = story(world.id, "Synod votes on the future of parish churches", 90);
    input.tag_ids = vec![synod.id];
    input.author_ids = vec![sam.id];
    let world_story = store.create_article(&input, None).await.unwrap();

    let mut input = story(news.id, "Blast hits market in Basra as talks resume", 30);
    input.lead_media_id = Some(photo.id);
    input.tag_ids = vec![iraq.id, housing.id];
    input.author_ids = vec![jane.id, sam.id];
    let lead = store.create_article(&input, None).await.unwrap();

    Newsroom {
        news,
        world,
        iraq,
        synod,
        housing,
        jane,
        sam,
        photo,
        lead,
        news_others,
        world_story,
    }
}
