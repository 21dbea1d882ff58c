//! Pages deep in a list skip whole months by kept counts (`newsdesk_store`'s `depth`):
//! every page must hold exactly the stories a walk from the top would give it, before and
//! after stories join, leave and move within the list.

use crate::common;

use common::TestApp;
use common::fixture;
use newsdesk_core::State;
use newsdesk_store::ArticleInput;

const PAGE: u32 = 20;
/// More than the 1,000 stories from which months are skipped, nine hours apart: about
/// fourteen months.
const STORIES: i64 = 1150;

/// World's public stories, kept beside the database: (publication, id, address).
#[derive(Default)]
struct Expected(Vec<(i64, i64, String)>);

impl Expected {
    fn add(&mut self, a: &newsdesk_core::Article) {
        self.0
            .push((a.published_at.unwrap(), a.id, format!("/world/{}", a.slug)));
    }

    fn remove(&mut self, id: i64) {
        self.0.retain(|(_, i, _)| *i != id);
    }

    /// Newest first, as a walk from the top of the list orders them.
    fn sorted(&self) -> Vec<(i64, i64, String)> {
        let mut all = self.0.clone();
        all.sort_by_key(|s| std::cmp::Reverse((s.0, s.1)));
        all
    }

    fn urls(&self) -> Vec<String> {
        self.sorted().into_iter().map(|(_, _, url)| url).collect()
    }
}

async fn page(t: &TestApp, world: i64, n: u32) -> Option<Vec<String>> {
    let section = t.store.section(world).await.unwrap().unwrap();
    t.store
        .section_page(&section, n, PAGE, newsdesk_core::now())
        .await
        .unwrap()
        .map(|p| p.items.into_iter().map(|i| i.url).collect())
}

/// Every page from just before the counts are used to past the end, against `want`.
async fn check_deep_pages(t: &TestApp, world: i64, want: &[String], when: &str) {
    let last = want.len().div_ceil(PAGE as usize) as u32;
    for n in 45..=last + 1 {
        let from = ((n - 1) * PAGE) as usize;
        let got = page(t, world, n).await;
        if from >= want.len() {
            assert_eq!(got, None, "{when}: page {n} is past the end");
        } else {
            let to = (from + PAGE as usize).min(want.len());
            assert_eq!(got.as_deref(), Some(&want[from..to]), "{when}: page {n}");
        }
    }
}

async fn deep_pages_hold_what_a_walk_from_the_top_gives(t: TestApp) {
    let room = fixture::newsroom(&t.store, &t.media).await;
    let world = room.world.id;
    let mut expected = Expected::default();
    expected.add(&room.world_story);
    let inputs: Vec<ArticleInput> = (0..STORIES)
        .map(|i| fixture::story(world, &format!("World story number {i}"), 60 + i * 9 * 60))
        .collect();
    for id in t.store.create_articles_bulk(&inputs).await.unwrap() {
        expected.add(&t.store.article(id).await.unwrap().unwrap());
    }
    check_deep_pages(&t, world, &expected.urls(), "first read").await;
    check_deep_pages(&t, world, &expected.urls(), "kept counts").await;

    // A new story at the top shifts every deep page by one.
    let new = t
        .store
        .create_article(&fixture::story(world, "A new world story", 1), None)
        .await
        .unwrap();
    expected.add(&new);
    check_deep_pages(&t, world, &expected.urls(), "after a new story").await;

    // A story deep in an old month taken down.
    let gone = t
        .store
        .article(expected.sorted()[1100].1)
        .await
        .unwrap()
        .unwrap();
    let mut input = ArticleInput::from_article(&gone);
    input.state = State::Unpublished;
    let gone = t
        .store
        .update_article(gone.id, gone.version, &input, None)
        .await
        .unwrap();
    expected.remove(gone.id);
    check_deep_pages(&t, world, &expected.urls(), "after a takedown").await;

    // Published again: it moves to the top, out of its old month.
    let mut input = ArticleInput::from_article(&gone);
    input.state = State::Published;
    input.published_at = Some(newsdesk_core::now());
    let again = t
        .store
        .update_article(gone.id, gone.version, &input, None)
        .await
        .unwrap();
    expected.add(&again);
    check_deep_pages(&t, world, &expected.urls(), "after publishing again").await;

    // A story from another section moved into World, into an old month.
    let moved = room.news_others[0].clone();
    let mut input = ArticleInput::from_article(&moved);
    input.section_id = world;
    let old_time = newsdesk_core::now() - 300 * 24 * 3600 + 17;
    input.published_at = Some(old_time);
    input.first_published_at = Some(old_time);
    let moved = t
        .store
        .update_article(moved.id, moved.version, &input, None)
        .await
        .unwrap();
    expected.add(&moved);
    check_deep_pages(&t, world, &expected.urls(), "after a move into the list").await;
}

db_tests!(deep_pages_hold_what_a_walk_from_the_top_gives);
