//! The page cache: rendered pages by path, bounded by bytes, each remembered with the
//! cache keys it depends on so a change drops exactly the pages that show it.
//!
//! Correctness under concurrency rests on one rule: a page rendered from data read before
//! an invalidation must not outlive it. Every render notes the cache's epoch before it
//! reads the database; `insert` refuses (or immediately withdraws) a page whose epoch is
//! older than the latest invalidation.
//!
//! The breaking-news moment — a home page purged while hundreds of readers ask for it —
//! costs one render, not one per reader: a miss either leads the render of its path (a
//! [`Flight`]) or waits for the one under way ([`Miss::Follow`]). And after an ordinary
//! edit the page it replaces is kept for a short grace ([`GRACE`]), served to readers who
//! arrive while the new one renders; a takedown (unpublished, trashed, deleted, under
//! embargo) is dropped at once and never served again ([`PageCache::invalidate`]).

use crate::metrics::PageMeters;
use axum::body::Bytes;
use axum::http::HeaderValue;
use newsdesk_core::CacheKey;
use quick_cache::sync::Cache;
use quick_cache::{Lifecycle, Weighter};
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// How long a page replaced by an ordinary edit may still be served while its successor
/// renders. Longer than any render; short enough that no reader notices.
pub const GRACE: Duration = Duration::from_secs(10);

/// Pages an invalidation may keep for grace at once; a change touching more (the site's
/// name, say) drops them outright rather than double the cache's memory.
const GRACE_MAX_PAGES: usize = 2_000;

/// One rendered page, with its compressed forms made on first demand.
pub struct CachedPage {
    /// Where a hit on this page is counted, resolved once when it was rendered.
    pub meters: Arc<PageMeters>,
    /// Unique per rendered page: lets eviction tell this page from a newer one at the same path.
    serial: u64,
    pub etag: HeaderValue,
    pub etag_gzip: HeaderValue,
    pub etag_br: HeaderValue,
    /// `Content-Type`: HTML unless the page is a feed or a sitemap.
    pub content_type: HeaderValue,
    pub surrogate_keys: HeaderValue,
    keys: Vec<String>,
    pub body: Bytes,
    gzip: OnceLock<Bytes>,
    br: OnceLock<Bytes>,
}

static SERIAL: AtomicU64 = AtomicU64::new(1);

impl CachedPage {
    pub fn new(meters: Arc<PageMeters>, html: String, keys: &[CacheKey]) -> CachedPage {
        // The page's bytes named by XXH3-128: a specified hash with no seed, so every node
        // names the same page alike, and many times quicker than SHA-256, which was a tenth
        // of an uncached sitemap index's time. (An ETag needs no defence against forgery.)
        let hash = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(html.as_bytes()));
        let header = |suffix: &str| {
            HeaderValue::from_str(&format!("\"{hash}{suffix}\""))
                .unwrap_or(HeaderValue::from_static("\"0\""))
        };
        let joined = CacheKey::join(keys);
        CachedPage {
            meters,
            serial: SERIAL.fetch_add(1, Ordering::Relaxed),
            etag: header(""),
            etag_gzip: header("-gz"),
            etag_br: header("-br"),
            content_type: HeaderValue::from_static("text/html; charset=utf-8"),
            surrogate_keys: HeaderValue::from_str(&joined).unwrap_or(HeaderValue::from_static("")),
            keys: keys.iter().map(ToString::to_string).collect(),
            body: Bytes::from(html),
            gzip: OnceLock::new(),
            br: OnceLock::new(),
        }
    }

    /// The same page served as `content_type` (a feed, a sitemap).
    pub fn with_content_type(mut self, content_type: &'static str) -> CachedPage {
        self.content_type = HeaderValue::from_static(content_type);
        self
    }

    pub fn gzip(&self) -> &Bytes {
        self.gzip.get_or_init(|| {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
            // Writing into a Vec cannot fail.
            let _ = enc.write_all(&self.body);
            Bytes::from(enc.finish().unwrap_or_default())
        })
    }

    pub fn brotli(&self) -> &Bytes {
        self.br.get_or_init(|| {
            let mut out = Vec::with_capacity(self.body.len() / 4);
            {
                let mut w = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
                let _ = w.write_all(&self.body);
            }
            Bytes::from(out)
        })
    }

    /// Room it takes in memory, counting the compressed forms it will likely gain.
    fn weight(&self) -> u64 {
        (self.body.len() as u64) * 3 / 2 + 512
    }
}

#[derive(Clone)]
struct ByBytes;

impl Weighter<String, Arc<CachedPage>> for ByBytes {
    fn weight(&self, key: &String, page: &Arc<CachedPage>) -> u64 {
        key.len() as u64 + page.weight()
    }
}

/// key → (path → serial of the page cached there)
type Index = HashMap<String, HashMap<String, u64>>;

/// Unregisters evicted pages from the key index once the cache's own lock is released.
#[derive(Clone)]
struct Unregister(Arc<Mutex<Index>>);

impl Lifecycle<String, Arc<CachedPage>> for Unregister {
    type RequestState = Vec<(String, Arc<CachedPage>)>;

    fn begin_request(&self) -> Self::RequestState {
        Vec::new()
    }

    fn on_evict(&self, state: &mut Self::RequestState, path: String, page: Arc<CachedPage>) {
        state.push((path, page));
    }

    fn end_request(&self, evicted: Self::RequestState) {
        if evicted.is_empty() {
            return;
        }
        let mut index = lock(&self.0);
        for (path, page) in evicted {
            unregister(&mut index, &path, &page);
        }
    }
}

fn unregister(index: &mut Index, path: &str, page: &CachedPage) {
    for key in &page.keys {
        if let Some(paths) = index.get_mut(key) {
            if paths.get(path) == Some(&page.serial) {
                paths.remove(path);
            }
            if paths.is_empty() {
                index.remove(key);
            }
        }
    }
}

/// A poisoned lock only means another request panicked mid-update of a map of sets; the
/// map is still a valid map, so go on with it rather than take the site down.
fn lock(m: &Mutex<Index>) -> std::sync::MutexGuard<'_, Index> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub struct PageCache {
    pages: Cache<String, Arc<CachedPage>, ByBytes, quick_cache::DefaultHashBuilder, Unregister>,
    index: Arc<Mutex<Index>>,
    epoch: AtomicU64,
    /// Renders under way, by path.
    flights: Mutex<HashMap<String, InFlight>>,
    /// Pages replaced by an ordinary edit, kept until their grace ends.
    stale: Mutex<HashMap<String, (Arc<CachedPage>, Instant)>>,
}

/// A render under way: who leads it, from which epoch, and where its page will arrive.
struct InFlight {
    id: u64,
    epoch: u64,
    page: watch::Receiver<Option<Arc<CachedPage>>>,
}

static FLIGHT: AtomicU64 = AtomicU64::new(1);

/// What a request that missed the cache does.
pub enum Miss<'a> {
    /// Render the page: no one else is.
    Lead(Flight<'a>),
    /// Someone is rendering it: serve `stale` at once if there is one, else wait.
    Follow {
        page: watch::Receiver<Option<Arc<CachedPage>>>,
        stale: Option<Arc<CachedPage>>,
    },
}

/// The render of one path that others may be waiting for. [`Flight::land`] caches the
/// page and hands it to them; dropped without landing (the render failed, or its request
/// went away), the waiters are told and render for themselves.
pub struct Flight<'a> {
    cache: &'a PageCache,
    path: String,
    id: u64,
    epoch: u64,
    page: watch::Sender<Option<Arc<CachedPage>>>,
}

impl Flight<'_> {
    /// The epoch to note before reading the data the page is made from.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Caches the page (unless a change came since the render began) and gives it to
    /// every reader waiting for it.
    pub fn land(self, page: Arc<CachedPage>, cache_it: bool) {
        if cache_it {
            self.cache
                .insert(self.path.clone(), page.clone(), self.epoch);
        }
        self.page.send_replace(Some(page));
    }
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        let mut flights = self.cache.flights.lock().unwrap_or_else(|e| e.into_inner());
        if flights.get(&self.path).is_some_and(|f| f.id == self.id) {
            flights.remove(&self.path);
        }
    }
}

impl PageCache {
    pub fn new(max_bytes: u64) -> PageCache {
        let index = Arc::new(Mutex::new(HashMap::new()));
        // Items estimate: pages are ~20-60 KB.
        let items = (max_bytes / 40_000).clamp(16, 1_000_000) as usize;
        let pages = Cache::with(
            items,
            max_bytes.max(1),
            ByBytes,
            Default::default(),
            Unregister(index.clone()),
        );
        PageCache {
            pages,
            index,
            epoch: AtomicU64::new(0),
            flights: Mutex::new(HashMap::new()),
            stale: Mutex::new(HashMap::new()),
        }
    }

    /// After a miss at `path`: lead its render, or follow the one under way. A render
    /// begun before the latest change is not followed (its page would be older than the
    /// change): a new one is led.
    pub fn miss(&self, path: &str) -> Miss<'_> {
        let epoch = self.epoch();
        let mut flights = self.flights.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(flight) = flights.get(path)
            && flight.epoch == epoch
        {
            return Miss::Follow {
                page: flight.page.clone(),
                stale: self.stale(path),
            };
        }
        let (sender, receiver) = watch::channel(None);
        let id = FLIGHT.fetch_add(1, Ordering::Relaxed);
        flights.insert(
            path.to_owned(),
            InFlight {
                id,
                epoch,
                page: receiver,
            },
        );
        Miss::Lead(Flight {
            cache: self,
            path: path.to_owned(),
            id,
            epoch,
            page: sender,
        })
    }

    /// The page an ordinary edit replaced at `path`, while its grace lasts.
    pub fn stale(&self, path: &str) -> Option<Arc<CachedPage>> {
        let stale = self.stale.lock().unwrap_or_else(|e| e.into_inner());
        stale
            .get(path)
            .filter(|(_, since)| since.elapsed() < GRACE)
            .map(|(page, _)| page.clone())
    }

    pub fn get(&self, path: &str) -> Option<Arc<CachedPage>> {
        self.pages.get(path)
    }

    /// Read before loading the data a page is rendered from.
    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::Acquire)
    }

    /// Caches `page` at `path` unless an invalidation happened since `epoch`.
    pub fn insert(&self, path: String, page: Arc<CachedPage>, epoch: u64) {
        {
            let mut index = lock(&self.index);
            if self.epoch.load(Ordering::Acquire) != epoch {
                return;
            }
            for key in &page.keys {
                index
                    .entry(key.clone())
                    .or_default()
                    .insert(path.clone(), page.serial);
            }
        }
        self.stale
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&path);
        self.pages.insert(path.clone(), page);
        // An invalidation between registering and inserting could not remove what was not
        // there yet: withdraw the page rather than keep it past a change.
        if self.epoch.load(Ordering::Acquire) != epoch {
            self.pages.remove(&path);
        }
    }

    /// Drops every cached page that depends on any of `keys` — and any page kept for
    /// grace that does — at once: for takedowns and whatever is not known to be an
    /// ordinary edit. Returns how many cached pages it dropped.
    pub fn invalidate<'a>(&self, keys: impl IntoIterator<Item = &'a str>) -> usize {
        self.drop_keys(keys, false)
    }

    /// Drops every cached page that depends on any of `keys`, keeping each for [`GRACE`]
    /// to serve while its successor renders: for an ordinary edit of public things.
    pub fn invalidate_gently<'a>(&self, keys: impl IntoIterator<Item = &'a str>) -> usize {
        self.drop_keys(keys, true)
    }

    fn drop_keys<'a>(&self, keys: impl IntoIterator<Item = &'a str>, grace: bool) -> usize {
        let keys: Vec<&str> = keys.into_iter().collect();
        let mut dropped = Vec::new();
        {
            let mut index = lock(&self.index);
            self.epoch.fetch_add(1, Ordering::AcqRel);
            for key in &keys {
                if let Some(paths) = index.remove(*key) {
                    for path in paths.into_keys() {
                        if let Some((path, page)) = self.pages.remove(&path) {
                            dropped.push((path, page));
                        }
                    }
                }
            }
        }
        let count = dropped.len();
        let mut stale = self.stale.lock().unwrap_or_else(|e| e.into_inner());
        // A takedown drops the pages kept for grace that show it; an edit keeps them (a
        // second edit before the first re-render leaves the last page served in place).
        stale.retain(|_, (page, since)| {
            since.elapsed() < GRACE
                && (grace || !page.keys.iter().any(|k| keys.contains(&k.as_str())))
        });
        if grace && count <= GRACE_MAX_PAGES {
            let now = Instant::now();
            for (path, page) in dropped {
                stale.insert(path, (page, now));
            }
        }
        count
    }

    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    pub fn weight(&self) -> u64 {
        self.pages.weight()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meters() -> Arc<PageMeters> {
        crate::metrics::Metrics::new().page_meters("/", "test")
    }

    fn page(text: &str, keys: &[CacheKey]) -> Arc<CachedPage> {
        Arc::new(CachedPage::new(meters(), text.to_owned(), keys))
    }

    #[test]
    fn invalidation_drops_exactly_the_pages_holding_a_key() {
        let cache = PageCache::new(10_000_000);
        let e = cache.epoch();
        cache.insert(
            "/news/a".into(),
            page("a", &[CacheKey::Article(1), CacheKey::Section(1)]),
            e,
        );
        cache.insert(
            "/news/".into(),
            page("front", &[CacheKey::Section(1), CacheKey::Article(1)]),
            e,
        );
        cache.insert(
            "/world/b".into(),
            page("b", &[CacheKey::Article(2), CacheKey::Section(2)]),
            e,
        );
        assert_eq!(cache.invalidate(["article:1"]), 2);
        assert!(cache.get("/news/a").is_none());
        assert!(cache.get("/news/").is_none());
        assert!(cache.get("/world/b").is_some());
    }

    #[test]
    fn a_page_rendered_before_a_change_is_not_kept() {
        let cache = PageCache::new(10_000_000);
        let before = cache.epoch();
        cache.invalidate(["article:1"]);
        cache.insert(
            "/news/a".into(),
            page("old", &[CacheKey::Article(1)]),
            before,
        );
        assert!(cache.get("/news/a").is_none());
    }

    #[test]
    fn the_cache_stays_within_its_byte_budget() {
        let cache = PageCache::new(200_000);
        for i in 0..200 {
            cache.insert(
                format!("/p/{i}"),
                page(&"x".repeat(10_000), &[CacheKey::Article(i)]),
                cache.epoch(),
            );
        }
        assert!(cache.weight() <= 200_000, "weight {}", cache.weight());
        assert!(cache.len() < 200);
        // Evicted pages leave the key index too.
        let indexed: usize = lock(&cache.index).values().map(HashMap::len).sum();
        assert_eq!(indexed, cache.len());
    }

    #[tokio::test]
    async fn one_render_per_path_however_many_readers_wait() {
        let cache = PageCache::new(10_000_000);
        let Miss::Lead(flight) = cache.miss("/") else {
            panic!("the first miss leads");
        };
        let mut waiting = Vec::new();
        for _ in 0..10 {
            match cache.miss("/") {
                Miss::Follow { page, stale: None } => waiting.push(page),
                _ => panic!("later misses follow the render under way"),
            }
        }
        assert!(
            matches!(cache.miss("/other"), Miss::Lead(_)),
            "another path is another render"
        );
        flight.land(page("home", &[CacheKey::Site]), true);
        for mut w in waiting {
            let landed = w.wait_for(Option::is_some).await.unwrap().clone();
            assert_eq!(&landed.unwrap().body[..], b"home");
        }
        assert!(cache.get("/").is_some(), "and the page is cached");
        assert!(
            matches!(cache.miss("/"), Miss::Lead(_)),
            "a landed flight is over"
        );
    }

    #[tokio::test]
    async fn a_render_that_fails_lets_its_followers_render() {
        let cache = PageCache::new(10_000_000);
        let Miss::Lead(flight) = cache.miss("/") else {
            panic!("leads");
        };
        let Miss::Follow { mut page, .. } = cache.miss("/") else {
            panic!("follows");
        };
        drop(flight);
        assert!(page.wait_for(Option::is_some).await.is_err());
        assert!(matches!(cache.miss("/"), Miss::Lead(_)));
    }

    #[test]
    fn a_render_begun_before_a_change_is_not_followed() {
        let cache = PageCache::new(10_000_000);
        let Miss::Lead(old) = cache.miss("/") else {
            panic!("leads");
        };
        cache.invalidate(["site"]);
        let Miss::Lead(new) = cache.miss("/") else {
            panic!("after a change, a new render leads");
        };
        // The old render landing late is neither cached nor ends the new flight.
        old.land(page("old", &[CacheKey::Site]), true);
        assert!(cache.get("/").is_none());
        assert!(matches!(cache.miss("/"), Miss::Follow { .. }));
        drop(new);
    }

    #[test]
    fn an_edit_keeps_the_old_page_for_grace_and_a_takedown_does_not() {
        let cache = PageCache::new(10_000_000);
        let put = |path: &str, text: &str, keys: &[CacheKey]| {
            cache.insert(path.into(), page(text, keys), cache.epoch());
        };
        put("/news/a", "a, first", &[CacheKey::Article(1)]);
        put("/news/b", "b", &[CacheKey::Article(2)]);
        assert_eq!(cache.invalidate_gently(["article:1"]), 1);
        assert!(cache.get("/news/a").is_none(), "gone from the cache");
        let Miss::Lead(render) = cache.miss("/news/a") else {
            panic!("one reader renders");
        };
        let Miss::Follow {
            stale: Some(stale), ..
        } = cache.miss("/news/a")
        else {
            panic!("the others are served the old page meanwhile");
        };
        assert_eq!(&stale.body[..], b"a, first");
        render.land(page("a, second", &[CacheKey::Article(1)]), true);
        assert!(
            cache.stale("/news/a").is_none(),
            "the new page ends the grace"
        );

        assert_eq!(cache.invalidate_gently(["article:2"]), 1);
        assert!(cache.stale("/news/b").is_some());
        cache.invalidate(["article:2"]);
        assert!(
            cache.stale("/news/b").is_none(),
            "a takedown drops the page kept for grace too"
        );
        put("/news/b", "b", &[CacheKey::Article(2)]);
        cache.invalidate(["article:2"]);
        let _render = cache.miss("/news/b");
        assert!(
            matches!(cache.miss("/news/b"), Miss::Follow { stale: None, .. }),
            "after a takedown, readers wait for the render; nothing stale is served"
        );
    }

    #[test]
    fn compressed_forms_decompress_to_the_page() {
        use std::io::Read;
        let p = CachedPage::new(meters(), "<p>hello</p>".repeat(100), &[]);
        let mut out = String::new();
        flate2::read::GzDecoder::new(&p.gzip()[..])
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out.as_bytes(), &p.body[..]);
        let mut out = Vec::new();
        brotli::Decompressor::new(&p.brotli()[..], 4096)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, &p.body[..]);
    }
}
