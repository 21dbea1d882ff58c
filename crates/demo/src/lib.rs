//! A generated newsroom for trying Newsdesk and for benchmarks: sections, topic tags,
//! authors with bios, and stories with pictures this crate draws itself — deterministic
//! for a seed, written through the same store and media code as real content.

pub mod picture;
pub mod prose;

use indicatif::{ProgressBar, ProgressStyle};
use newsdesk_core::SiteSettings;
use newsdesk_core::{ArticleFlags, Slug, State};
use newsdesk_media::{MediaError, Processed, Storage};
use newsdesk_store::{
    ArticleInput, MediaText, NewAuthor, NewMedia, NewSection, NewTag, Store, StoreError,
};
use std::collections::HashSet;
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Media(#[from] MediaError),
    #[error("generated slug {0:?} is invalid")]
    Slug(String),
}

#[derive(Clone, Debug)]
pub struct DemoOptions {
    pub articles: usize,
    pub seed: u64,
    /// Pictures to draw and share between stories; `None`: one per story, up to 1,000.
    pub pictures: Option<usize>,
    pub picture_width: u32,
    pub picture_height: u32,
    pub authors: usize,
    /// Show a progress bar (when stderr is a terminal).
    pub progress: bool,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            articles: 300,
            seed: 1,
            pictures: None,
            picture_width: 1280,
            picture_height: 720,
            authors: 14,
            progress: true,
        }
    }
}

pub struct Summary {
    pub articles: usize,
    pub pictures: usize,
    pub elapsed: Duration,
}

fn bar(len: usize, what: &str, show: bool) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    let style = ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} ({eta} left)")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(what.to_owned());
    bar
}

/// Loads a newsroom into an empty database.
pub async fn load(
    store: &Store,
    media: &Storage,
    options: &DemoOptions,
) -> Result<Summary, DemoError> {
    let started = Instant::now();
    let mut rng = fastrand::Rng::with_seed(options.seed);

    let mut sections = Vec::new();
    for (position, seed) in (0_i64..).zip(prose::sections()) {
        let slug =
            Slug::parse_section(seed.slug).map_err(|_| DemoError::Slug(seed.slug.to_owned()))?;
        let new = NewSection {
            slug,
            name: seed.name.to_owned(),
            description: seed.description.to_owned(),
            position,
            parent_id: None,
        };
        sections.push((store.create_section(&new).await?, seed));
    }
    // The newsroom's own settings, as its first administrator would have set them up.
    let settings = SiteSettings {
        name: "The Newsdesk Chronicle".into(),
        tagline: "News, analysis and comment".into(),
        description: "A generated newsroom: every story, name and picture is made up.".into(),
        language: "en-GB".into(),
        time_zone: "Europe/London".into(),
        ..SiteSettings::default()
    };
    store.save_site_settings(&settings, None).await?;
    let mut tag_ids = Vec::new();
    for seed in prose::tags() {
        let slug = Slug::parse(seed.slug).map_err(|_| DemoError::Slug(seed.slug.to_owned()))?;
        let new = NewTag {
            slug,
            name: seed.name.to_owned(),
            description: String::new(),
        };
        tag_ids.push(store.create_tag(&new).await?.id);
    }
    let mut author_ids = Vec::new();
    for seed in prose::authors(&mut rng, options.authors) {
        let slug = Slug::parse(&seed.slug).map_err(|_| DemoError::Slug(seed.slug.clone()))?;
        let new = NewAuthor {
            slug,
            name: seed.name,
            bio: seed.bio,
            photo_media_id: None,
        };
        author_ids.push(store.create_author(&new).await?.id);
    }

    // Each picture is drawn and encoded ten times (five widths, WebP and JPEG): a hundred
    // shared between the stories keeps the first `serve --demo` to a few seconds.
    let picture_count = options
        .pictures
        .unwrap_or(options.articles.min(100))
        .clamp(1, options.articles.max(1));
    // The stories are made twice from the same point of the generator: first only to keep
    // the words of the first few for the pictures (each carries its story's caption and
    // credit) and to reach the generator's state after them, then again a batch at a time
    // as they are written. Memory stays bounded however many are asked for, and a seed
    // makes the same newsroom as before.
    let mut story_rng = rng.clone();
    let mut captions = Vec::with_capacity(picture_count);
    for i in 0..options.articles {
        let section = pick_section(&mut rng, i, sections.len());
        let story = prose::story(&mut rng, sections[section].1);
        if i < picture_count {
            captions.push(MediaText {
                alt: story.alt,
                caption: story.caption,
                credit: story.credit,
                copyright: String::new(),
            });
        }
    }
    let picture_ids = draw_pictures(store, media, options, &captions, picture_count).await?;
    drop(captions);

    let progress = bar(options.articles, "stories", options.progress);
    let now = newsdesk_core::now();
    let mut used_slugs = UsedSlugs::default();
    // Newest first, spread back in time: the default 300 span about three weeks.
    let spacing = if options.articles <= 1000 {
        100 * 60
    } else {
        15 * 60
    };
    let mut batch = Vec::with_capacity(1000);
    for i in 0..options.articles {
        let section_index = pick_section(&mut story_rng, i, sections.len());
        let story = prose::story(&mut story_rng, sections[section_index].1);
        let section_id = sections[section_index].0.id;
        let slug = unique_slug(&mut used_slugs, section_id, &story.headline);
        let published_at = now - 600 - (i as i64) * spacing - rng.i64(0..spacing / 2);
        let first_author = rng.usize(0..author_ids.len());
        let mut authors = vec![author_ids[first_author]];
        if rng.u8(0..5) == 0 {
            let second = author_ids
                [(first_author + 1 + rng.usize(0..author_ids.len() - 1)) % author_ids.len()];
            authors.push(second);
        }
        let body_html = newsdesk_render::markdown::to_safe_html(&story.body_markdown);
        batch.push(ArticleInput {
            slug,
            headline: story.headline,
            standfirst: story.standfirst,
            body_markdown: story.body_markdown,
            body_html,
            lead_media_id: Some(picture_ids[i % picture_ids.len()]),
            section_id,
            tag_ids: story.tags.iter().map(|t| tag_ids[*t]).collect(),
            author_ids: authors,
            state: State::Published,
            first_published_at: Some(published_at),
            published_at: Some(published_at),
            scheduled_for: None,
            embargo_until: None,
            flags: ArticleFlags {
                breaking: story.flags.breaking && i < 20,
                live: false,
                opinion: story.flags.opinion,
                obituary: story.flags.obituary,
            },
            seo_title: None,
            seo_description: None,
            canonical_url: None,
        });
        if batch.len() == 1000 {
            store.create_articles_bulk(&batch).await?;
            progress.inc(batch.len() as u64);
            log_progress(i + 1, options.articles);
            batch.clear();
        }
    }
    if !batch.is_empty() {
        store.create_articles_bulk(&batch).await?;
        progress.inc(batch.len() as u64);
    }
    progress.finish_and_clear();
    Ok(Summary {
        articles: options.articles,
        pictures: picture_ids.len(),
        elapsed: started.elapsed(),
    })
}

/// News gets the most stories, obituaries the fewest; the first few go round every desk so
/// each front has something at the top.
fn pick_section(rng: &mut fastrand::Rng, i: usize, count: usize) -> usize {
    if i < count * 2 {
        return i % count;
    }
    let weights: Vec<usize> = (0..count)
        .map(|s| {
            if s == 0 {
                4
            } else if s + 1 == count {
                1
            } else {
                2
            }
        })
        .collect();
    let mut roll = rng.usize(0..weights.iter().sum());
    for (s, w) in weights.iter().enumerate() {
        if roll < *w {
            return s;
        }
        roll -= w;
    }
    0
}

/// The addresses given so far, as 64-bit hashes of (section, slug): a million of them in
/// 16 MB rather than a hundred. Two addresses with the same hash only make the second one
/// take a `-2` it did not need; no address is ever given twice.
#[derive(Default)]
struct UsedSlugs(HashSet<u64>);

impl UsedSlugs {
    fn insert(&mut self, section_id: i64, slug: &str) -> bool {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let mut h = DefaultHasher::new();
        (section_id, slug).hash(&mut h);
        self.0.insert(h.finish())
    }
}

fn unique_slug(used: &mut UsedSlugs, section_id: i64, headline: &str) -> Slug {
    let base = Slug::from_title(headline);
    let base = base.as_str();
    let base = &base[..base.len().min(Slug::MAX_LEN - 8)];
    let base = base.trim_end_matches('-');
    let mut candidate = base.to_owned();
    let mut n = 2;
    while !used.insert(section_id, &candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    Slug::parse(&candidate).unwrap_or_else(|_| Slug::from_title(&candidate))
}

fn log_progress(done: usize, total: usize) {
    if total >= 10_000 && done % (total / 10).max(1) < 1000 {
        tracing::info!(done, total, "demo stories written");
    }
}

/// Draws and encodes pictures on every core, then stores them in order.
async fn draw_pictures(
    store: &Store,
    media: &Storage,
    options: &DemoOptions,
    captions: &[MediaText],
    count: usize,
) -> Result<Vec<i64>, DemoError> {
    let progress = bar(count, "pictures", options.progress);
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(8);
    let mut ids = Vec::with_capacity(count);
    // Work in chunks so memory stays bounded however many pictures are asked for.
    for chunk_start in (0..count).step_by(threads * 4) {
        let chunk: Vec<usize> = (chunk_start..(chunk_start + threads * 4).min(count)).collect();
        let (w, h, seed) = (options.picture_width, options.picture_height, options.seed);
        let processed: Vec<Result<Processed, MediaError>> =
            tokio::task::spawn_blocking(move || {
                std::thread::scope(|scope| {
                    let handles: Vec<_> = chunk
                        .chunks(chunk.len().div_ceil(threads))
                        .map(|part| {
                            scope.spawn(move || {
                                part.iter()
                                    .map(|i| {
                                        newsdesk_media::process_rgb(&picture::draw(
                                            seed.wrapping_mul(1_000_003) + *i as u64,
                                            w,
                                            h,
                                        ))
                                    })
                                    .collect::<Vec<_>>()
                            })
                        })
                        .collect();
                    handles
                        .into_iter()
                        .flat_map(|h| {
                            h.join().unwrap_or_else(|_| {
                                vec![Err(MediaError::Encode("a picture worker panicked".into()))]
                            })
                        })
                        .collect()
                })
            })
            .await
            .map_err(|e| MediaError::Encode(format!("picture worker failed: {e}")))?;
        for (offset, result) in processed.into_iter().enumerate() {
            let p = result?;
            for file in &p.renditions {
                media.put(&file.key, &file.bytes).await?;
            }
            let text = captions[(chunk_start + offset) % captions.len().max(1)].clone();
            let record = NewMedia::from_processed(&p, text, "", None);
            ids.push(store.insert_media(&record).await?.id);
            progress.inc(1);
        }
    }
    progress.finish_and_clear();
    Ok(ids)
}
