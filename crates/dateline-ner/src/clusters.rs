//! Word clusters computed by our code from unlabelled text: words that occur between the
//! same neighbours land in the same cluster ("Enron" near "Accenture", "Tuesday" near
//! "Friday"), so the model can generalise from a name seen in training to one only seen in
//! plain text.
//!
//! Each frequent word is described by its left and right neighbours (the most frequent
//! words, the rest pooled), weighted by the square root of the count and normalised, and
//! the vectors are grouped by spherical k-means (cosine similarity) from a seeded start.
//! Stored as word hashes and a cluster number.

use crate::features::{lower_hash, HashMapU64};

/// Words seen fewer times than this get no cluster.
const MIN_COUNT: u32 = 5;
/// At most this many words are clustered (the most frequent).
const MAX_WORDS: usize = 30_000;
/// Neighbour words that get a dimension of their own; the rest share one.
const CONTEXT_WORDS: usize = 600;
const ITERATIONS: usize = 12;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clusters {
    of: HashMapU64<u16>,
}

/// Collects sentences (as lower-case word hashes) for clustering.
#[derive(Debug, Default)]
pub struct ClusterCounter {
    sentences: Vec<Vec<u64>>,
}

/// Stand-ins for the neighbours of the first and last word.
const BOUNDARY: u64 = 0;

impl ClusterCounter {
    pub fn add_sentence<S: AsRef<str>>(&mut self, words: &[S]) {
        self.sentences
            .push(words.iter().map(|w| lower_hash(w.as_ref())).collect());
    }

    /// Groups the frequent words into `k` clusters; deterministic for a given `seed`.
    pub fn finish(&self, k: usize, seed: u64) -> Clusters {
        let mut counts: HashMapU64<u32> = HashMapU64::default();
        for sentence in &self.sentences {
            for &w in sentence {
                *counts.entry(w).or_insert(0) += 1;
            }
        }
        let mut by_frequency: Vec<(u64, u32)> = counts.into_iter().collect();
        by_frequency.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let context_of: HashMapU64<u32> = by_frequency
            .iter()
            .take(CONTEXT_WORDS)
            .enumerate()
            .map(|(i, (w, _))| (*w, i as u32))
            .chain(std::iter::once((BOUNDARY, CONTEXT_WORDS as u32)))
            .collect();
        let vocabulary: Vec<u64> = by_frequency
            .iter()
            .take_while(|(_, c)| *c >= MIN_COUNT)
            .take(MAX_WORDS)
            .map(|(w, _)| *w)
            .collect();
        let k = k.min(vocabulary.len());
        if k == 0 {
            return Clusters::default();
        }
        let row_of: HashMapU64<usize> = vocabulary
            .iter()
            .enumerate()
            .map(|(i, w)| (*w, i))
            .collect();
        // Dimensions: left neighbour 0..=CONTEXT_WORDS+1, right neighbour after that.
        let side = CONTEXT_WORDS as u32 + 2;
        let context = |w: u64| {
            context_of
                .get(&w)
                .copied()
                .unwrap_or(CONTEXT_WORDS as u32 + 1)
        };
        let mut pair_counts: Vec<HashMapU64<f32>> = vec![HashMapU64::default(); vocabulary.len()];
        for sentence in &self.sentences {
            for (i, w) in sentence.iter().enumerate() {
                let Some(&row) = row_of.get(w) else { continue };
                let left = if i == 0 { BOUNDARY } else { sentence[i - 1] };
                let right = sentence.get(i + 1).copied().unwrap_or(BOUNDARY);
                *pair_counts[row]
                    .entry(u64::from(context(left)))
                    .or_insert(0.0) += 1.0;
                *pair_counts[row]
                    .entry(u64::from(side + context(right)))
                    .or_insert(0.0) += 1.0;
            }
        }
        let vectors: Vec<Vec<(usize, f32)>> = pair_counts
            .into_iter()
            .map(|counts| {
                let mut v: Vec<(usize, f32)> = counts
                    .into_iter()
                    .map(|(d, c)| (d as usize, c.sqrt()))
                    .collect();
                v.sort_unstable_by_key(|(d, _)| *d);
                let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
                v.iter_mut().for_each(|(_, x)| *x /= norm);
                v
            })
            .collect();
        let assignment = spherical_kmeans(&vectors, 2 * side as usize, k, seed);
        Clusters {
            of: vocabulary
                .iter()
                .zip(assignment)
                .map(|(w, c)| (*w, c as u16))
                .collect(),
        }
    }
}

/// Assigns each unit-length sparse vector to one of `k` centroids (cosine similarity).
fn spherical_kmeans(
    vectors: &[Vec<(usize, f32)>],
    dimensions: usize,
    k: usize,
    seed: u64,
) -> Vec<usize> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut centroids = vec![0.0f32; k * dimensions];
    let mut starts: Vec<usize> = (0..vectors.len()).collect();
    rng.shuffle(&mut starts);
    for (c, &v) in starts.iter().take(k).enumerate() {
        for &(d, x) in &vectors[v] {
            centroids[c * dimensions + d] = x;
        }
    }
    let mut assignment = vec![0usize; vectors.len()];
    for _ in 0..ITERATIONS {
        for (v, vector) in vectors.iter().enumerate() {
            let mut best = (f32::NEG_INFINITY, 0);
            for c in 0..k {
                let centroid = &centroids[c * dimensions..(c + 1) * dimensions];
                let similarity: f32 = vector.iter().map(|&(d, x)| x * centroid[d]).sum();
                if similarity > best.0 {
                    best = (similarity, c);
                }
            }
            assignment[v] = best.1;
        }
        centroids.iter_mut().for_each(|x| *x = 0.0);
        for (vector, &c) in vectors.iter().zip(&assignment) {
            for &(d, x) in vector {
                centroids[c * dimensions + d] += x;
            }
        }
        for centroid in centroids.chunks_exact_mut(dimensions) {
            let norm = centroid.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                centroid.iter_mut().for_each(|x| *x /= norm);
            }
        }
    }
    assignment
}

/// Feature value for a word without a cluster.
pub const NONE: u16 = u16::MAX;

impl Clusters {
    #[inline]
    pub fn cluster(&self, lower: u64) -> u16 {
        self.of.get(&lower).copied().unwrap_or(NONE)
    }

    pub fn len(&self) -> usize {
        self.of.len()
    }

    pub fn is_empty(&self) -> bool {
        self.of.is_empty()
    }

    /// Sorted (word hash, cluster) pairs, so the model file is reproducible.
    pub fn entries(&self) -> Vec<(u64, u16)> {
        let mut entries: Vec<(u64, u16)> = self.of.iter().map(|(k, v)| (*k, *v)).collect();
        entries.sort_unstable();
        entries
    }

    pub fn from_entries(entries: impl IntoIterator<Item = (u64, u16)>) -> Clusters {
        Clusters {
            of: entries.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_contexts_share_a_cluster() {
        let mut counter = ClusterCounter::default();
        for day in ["monday", "tuesday", "friday"] {
            for _ in 0..10 {
                counter.add_sentence(&["see", "you", "on", day, "morning"]);
            }
        }
        for name in ["paris", "berlin", "rome"] {
            for _ in 0..10 {
                counter.add_sentence(&["flights", "to", name, "are", "cheap"]);
            }
        }
        let clusters = counter.finish(2, 7);
        let c = |w: &str| clusters.cluster(lower_hash(w));
        assert_eq!(c("Monday"), c("friday"));
        assert_eq!(c("paris"), c("rome"));
        assert_ne!(c("monday"), c("paris"));
        assert_eq!(c("unseen"), NONE);
        assert_eq!(counter.finish(2, 7), clusters, "deterministic");
        assert_eq!(Clusters::from_entries(clusters.entries()), clusters);
    }
}
