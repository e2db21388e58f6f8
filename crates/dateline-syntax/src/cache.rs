//! A bounded memory of analysed sentences.
//!
//! News repeats itself: wire copy runs in many outlets, a story is updated a sentence at a
//! time, boilerplate lines recur. A sentence's tags and arcs (and its entity mentions)
//! depend on its words alone, so a sentence seen before costs a lookup instead of a parse,
//! with the very same result.

use dateline_document::Upos;
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// One token's analysis: tag, head (1-based within the sentence, 0 for the root), relation.
pub type Analysis = (Upos, usize, Box<str>);

/// Shards keep threads from queueing on one lock.
const SHARDS: usize = 16;

type Shard<V> = Mutex<HashMap<Box<str>, Arc<[V]>>>;

/// What a stage found in sentences analysed before (`V` per token or per mention), keyed by
/// their words; shared by every thread of an ingest.
pub struct SentenceCache<V> {
    shards: Vec<Shard<V>>,
    hasher: RandomState,
    per_shard: usize,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl<V> SentenceCache<V> {
    /// A cache of about `capacity` sentences; a full shard is emptied and starts again, which
    /// keeps the memory bounded without bookkeeping per lookup.
    pub fn new(capacity: usize) -> SentenceCache<V> {
        SentenceCache {
            shards: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
            hasher: RandomState::new(),
            per_shard: capacity.div_ceil(SHARDS).max(1),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The key of a sentence: its words with a separator no token contains.
    pub fn key(words: &[&str]) -> Box<str> {
        words.join("\u{1f}").into_boxed_str()
    }

    fn shard(&self, key: &str) -> &Shard<V> {
        &self.shards[self.hasher.hash_one(key) as usize % SHARDS]
    }

    pub fn get(&self, key: &str) -> Option<Arc<[V]>> {
        let found = self
            .shard(key)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(key)
            .cloned();
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    pub fn insert(&self, key: Box<str>, analysis: Arc<[V]>) {
        let mut shard = self
            .shard(&key)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if shard.len() >= self.per_shard {
            shard.clear();
        }
        shard.insert(key, analysis);
    }

    /// Lookups that found a sentence, and lookups in all.
    pub fn hits_and_lookups(&self) -> (u64, u64) {
        let hits = self.hits.load(Ordering::Relaxed);
        (hits, hits + self.misses.load(Ordering::Relaxed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_it_was_given_and_stays_bounded() {
        let cache: SentenceCache<Analysis> = SentenceCache::new(32);
        let analysis: Arc<[Analysis]> = Arc::from(vec![(Upos::Propn, 0, "root".into())]);
        for i in 0..1000 {
            cache.insert(
                SentenceCache::<Analysis>::key(&[&i.to_string()]),
                analysis.clone(),
            );
        }
        let stored: usize = cache.shards.iter().map(|s| s.lock().unwrap().len()).sum();
        assert!(stored <= 32, "{stored} sentences kept");
        cache.insert(
            SentenceCache::<Analysis>::key(&["Tokayev", "spoke"]),
            analysis.clone(),
        );
        assert_eq!(
            cache
                .get(&SentenceCache::<Analysis>::key(&["Tokayev", "spoke"]))
                .as_deref(),
            Some(&*analysis)
        );
        // Word boundaries are part of the key.
        assert!(cache
            .get(&SentenceCache::<Analysis>::key(&["Tokayevspoke"]))
            .is_none());
        assert_eq!(cache.hits_and_lookups(), (1, 2));
    }
}
