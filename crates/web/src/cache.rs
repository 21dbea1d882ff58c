//! The page cache: rendered pages by path, bounded by bytes, each remembered with the
//! cache keys it depends on so a change drops exactly the pages that show it.
//!
//! Correctness under concurrency rests on one rule: a page rendered from data read before
//! an invalidation must not outlive it. Every render notes the cache's epoch before it
//! reads the database; `insert` refuses (or immediately withdraws) a page whose epoch is
//! older than the latest invalidation.

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
        use sha2::Digest;
        let digest = sha2::Sha256::digest(html.as_bytes());
        let hash: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
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
        }
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
        self.pages.insert(path.clone(), page);
        // An invalidation between registering and inserting could not remove what was not
        // there yet: withdraw the page rather than keep it past a change.
        if self.epoch.load(Ordering::Acquire) != epoch {
            self.pages.remove(&path);
        }
    }

    /// Drops every cached page that depends on any of `keys`; returns how many.
    pub fn invalidate<'a>(&self, keys: impl IntoIterator<Item = &'a str>) -> usize {
        let mut index = lock(&self.index);
        self.epoch.fetch_add(1, Ordering::AcqRel);
        let mut dropped = 0;
        for key in keys {
            if let Some(paths) = index.remove(key) {
                for path in paths.keys() {
                    if self.pages.remove(path).is_some() {
                        dropped += 1;
                    }
                }
            }
        }
        dropped
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
