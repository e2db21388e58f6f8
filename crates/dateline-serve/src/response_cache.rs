//! Whole responses of repeated read requests, kept in memory up to a byte budget.
//!
//! A newsroom asks the same things many times (a name in the news, the article everyone
//! opens): the second asking is answered from here without touching the store. Entries are
//! keyed by the path and query (no read endpoint's body depends on a request header: tokens
//! only matter to ingest and admin, which are never cached, and there is no content
//! negotiation) and by the store's generation (see [`crate::AppState::generation`]), so a
//! write by this server or by another process makes every older entry unreachable; they
//! age out of the LRU. Each entry keeps the body and the headers the inner layers set,
//! the ETag among them, so `If-None-Match` is answered from the cache too.
//!
//! A response is kept only when its request is seen a second time (a "doorkeeper", as in
//! TinyLFU): most article pages are opened once, and keeping each of them would push out
//! the searches and speaker pages that are asked again and again.

use crate::SharedState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Bytes an entry is charged beyond its body and key: headers and bookkeeping.
const ENTRY_OVERHEAD: usize = 512;

/// Requests the doorkeeper remembers having seen once before it forgets them all; a
/// request asked again within this many others is kept.
const DOORKEEPER_KEYS: usize = 100_000;

/// Paths whose GETs are never cached: they administer, or their answer is not a read of
/// the store.
const UNCACHED_PREFIXES: &[&str] = &["/api/admin", "/api/ingest", "/api/analyze", "/paste"];

#[derive(Clone)]
struct Entry {
    headers: HeaderMap,
    body: Bytes,
}

impl Entry {
    fn cost(key: &Key, body: &Bytes) -> usize {
        key.1.len() + body.len() + ENTRY_OVERHEAD
    }
}

/// Store generation and path with query.
type Key = (u64, String);

/// An LRU of responses bounded by the bytes it holds.
pub struct ResponseCache {
    budget: usize,
    entries: Mutex<(lru::LruCache<Key, Entry>, usize)>,
    /// Hashes of the keys seen once and not yet kept.
    seen_once: Mutex<HashSet<u64>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

/// How often the cache answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheStats {
    pub hits: u64,
    pub misses: u64,
    /// Bytes held now (bodies, keys and the per-entry overhead).
    pub bytes: usize,
}

impl CacheStats {
    /// Hits over lookups, 0 when there were none.
    pub fn hit_rate(&self) -> f64 {
        let lookups = self.hits + self.misses;
        if lookups == 0 {
            0.0
        } else {
            self.hits as f64 / lookups as f64
        }
    }
}

impl ResponseCache {
    /// A cache of at most `budget` bytes; 0 turns it off.
    pub fn new(budget: usize) -> ResponseCache {
        ResponseCache {
            budget,
            entries: Mutex::new((lru::LruCache::unbounded(), 0)),
            seen_once: Mutex::new(HashSet::new()),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    pub fn is_on(&self) -> bool {
        self.budget > 0
    }

    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            bytes: self.entries.lock().map_or(0, |entries| entries.1),
        }
    }

    fn get(&self, key: &Key) -> Option<Entry> {
        let found = self
            .entries
            .lock()
            .ok()
            .and_then(|mut entries| entries.0.get(key).cloned());
        match found {
            Some(_) => &self.hits,
            None => &self.misses,
        }
        .fetch_add(1, Ordering::Relaxed);
        found
    }

    /// Keeps `entry` if its key was seen before, dropping the least recently used ones
    /// beyond the budget. A response larger than an eighth of the budget is not kept: it
    /// would push out many small ones.
    fn put(&self, key: Key, entry: Entry) {
        let cost = Entry::cost(&key, &entry.body);
        if cost > self.budget / 8 || self.first_sight(&key) {
            return;
        }
        let Ok(mut guard) = self.entries.lock() else {
            return;
        };
        let (entries, held) = &mut *guard;
        if let Some(old) = entries.put(key.clone(), entry) {
            *held -= Entry::cost(&key, &old.body);
        }
        *held += cost;
        while *held > self.budget {
            match entries.pop_lru() {
                Some((old_key, old)) => *held -= Entry::cost(&old_key, &old.body),
                None => break,
            }
        }
    }

    /// Whether `key` is new to the doorkeeper (which then remembers it).
    fn first_sight(&self, key: &Key) -> bool {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut hasher);
        let hash = hasher.finish();
        let Ok(mut seen) = self.seen_once.lock() else {
            return true;
        };
        if seen.remove(&hash) {
            return false;
        }
        if seen.len() >= DOORKEEPER_KEYS {
            seen.clear();
        }
        seen.insert(hash);
        true
    }
}

fn is_cacheable(req: &Request) -> bool {
    let path = req.uri().path();
    req.method() == Method::GET && !UNCACHED_PREFIXES.iter().any(|p| path.starts_with(p))
}

/// The layer: answers a repeated GET from the cache, else lets the inner layers (the ETag
/// layer among them) answer and keeps a successful answer.
pub async fn layer(State(state): State<SharedState>, req: Request, next: Next) -> Response {
    let cache = &state.response_cache;
    if !cache.is_on() || !is_cacheable(&req) {
        return next.run(req).await;
    }
    let path = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_string(), |p| p.as_str().to_string());
    let key = (state.generation(), path);
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    if let Some(entry) = cache.get(&key) {
        return answer(entry, if_none_match.as_ref());
    }
    // The inner ETag layer would answer a matching tag with an empty 304, which cannot be
    // kept; ask for the whole body and decide about 304 here.
    let mut req = req;
    req.headers_mut().remove(header::IF_NONE_MATCH);
    let response = next.run(req).await;
    if response.status() != StatusCode::OK || !response.headers().contains_key(header::ETAG) {
        return response;
    }
    let (parts, body) = response.into_parts();
    // The ETag layer has already gathered the body, so this does not wait on the handler.
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        return crate::ApiError::internal("response body failed").into_response();
    };
    let entry = Entry {
        headers: parts.headers,
        body,
    };
    cache.put(key, entry.clone());
    answer(entry, if_none_match.as_ref())
}

/// The cached response, or 304 when the client already holds it.
fn answer(entry: Entry, if_none_match: Option<&header::HeaderValue>) -> Response {
    let tag = entry
        .headers
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok());
    let fresh = match (tag, if_none_match) {
        (Some(tag), Some(wanted)) => crate::layers::tag_matches(wanted, tag),
        _ => false,
    };
    let mut response = if fresh {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        response
    } else {
        Response::new(Body::from(entry.body))
    };
    *response.headers_mut() = entry.headers;
    if fresh {
        response.headers_mut().remove(header::CONTENT_LENGTH);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(bytes: usize) -> Entry {
        Entry {
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b'x'; bytes]),
        }
    }

    #[test]
    fn the_byte_budget_is_kept_by_dropping_the_least_recently_used() {
        let cache = ResponseCache::new(8 * 1024);
        let key = |n: u32| (0, format!("/api/documents/{n}"));
        for n in 0..20 {
            cache.put(key(n), entry(400));
            cache.put(key(n), entry(400));
            // Touching the first entry keeps it while the others age out.
            assert!(cache.get(&key(0)).is_some(), "entry 0 after {n}");
            assert!(cache.stats().bytes <= 8 * 1024, "{:?}", cache.stats());
        }
        assert!(
            cache.get(&key(1)).is_none(),
            "the oldest untouched entry went first"
        );
        assert!(cache.get(&key(19)).is_some());
        cache.put(key(99), entry(2 * 1024));
        cache.put(key(99), entry(2 * 1024));
        assert!(
            cache.get(&key(99)).is_none(),
            "over an eighth of the budget"
        );
    }

    #[test]
    fn a_response_is_kept_the_second_time_it_is_asked_for() {
        let cache = ResponseCache::new(1 << 20);
        let key = |n: u32| (0, format!("/api/documents/{n}"));
        cache.put(key(1), entry(10));
        assert!(cache.get(&key(1)).is_none(), "asked once: not kept");
        cache.put(key(2), entry(10));
        cache.put(key(1), entry(10));
        assert!(cache.get(&key(1)).is_some(), "asked twice: kept");
        assert!(cache.get(&key(2)).is_none());
        let next_generation = (1, key(1).1);
        cache.put(next_generation.clone(), entry(10));
        assert!(cache.get(&next_generation).is_none(), "a write starts over");
    }

    #[test]
    fn a_budget_of_zero_is_off_and_keeps_nothing() {
        let cache = ResponseCache::new(0);
        assert!(!cache.is_on());
        for _ in 0..2 {
            cache.put((0, "/api/places".into()), entry(10));
        }
        assert_eq!(cache.stats().bytes, 0);
    }

    #[test]
    fn hit_rate_counts_lookups() {
        let cache = ResponseCache::new(1 << 20);
        let key = (3, "/api/search?q=x".to_string());
        assert!(cache.get(&key).is_none());
        cache.put(key.clone(), entry(10));
        cache.put(key.clone(), entry(10));
        assert!(cache.get(&key).is_some());
        assert!(
            cache.get(&(4, key.1.clone())).is_none(),
            "another generation"
        );
        let stats = cache.stats();
        assert_eq!((stats.hits, stats.misses), (1, 2));
        assert!((stats.hit_rate() - 1.0 / 3.0).abs() < 1e-9);
    }
}
