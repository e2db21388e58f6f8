//! A learned second opinion on sentence boundaries: an averaged perceptron over every gap
//! between two tokens of a paragraph, trained on EWT and GUM train. It sees what the rules
//! decided (and why) plus the words and shapes around the gap, so it can learn the
//! boundaries punctuation does not mark ("Regards, ‖ Jeff", "03/09/2000 05:39 PM ‖ Please")
//! and the rule decisions the treebanks disagree with.
//!
//! Model file: one `feature-hash<TAB>weight` line per feature (hex hash, decimal weight);
//! see [`train`] for how it is made.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Feature hashes are already well mixed, so the map uses them as they are.
#[derive(Default)]
pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

pub(crate) type FeatureMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// Feature weights of a trained model.
#[derive(Debug, Default)]
pub struct BoundaryModel {
    weights: FeatureMap<f32>,
}

impl BoundaryModel {
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    pub(crate) fn score(&self, features: &[u64]) -> f32 {
        features.iter().filter_map(|f| self.weights.get(f)).sum()
    }

    /// Parses a model file; the error names the line and what is wrong with it.
    pub fn parse(text: &str) -> Result<BoundaryModel, String> {
        let mut weights = FeatureMap::default();
        for (number, line) in text.lines().enumerate() {
            let parsed = line.split_once('\t').and_then(|(hash, weight)| {
                Some((
                    u64::from_str_radix(hash, 16).ok()?,
                    weight.parse::<f32>().ok()?,
                ))
            });
            let (hash, weight) = parsed
                .ok_or_else(|| format!("line {}: expected `hex-hash<TAB>weight`", number + 1))?;
            weights.insert(hash, weight);
        }
        Ok(BoundaryModel { weights })
    }

    /// The model file text, features sorted so the file is reproducible.
    pub fn serialize(&self) -> String {
        let mut entries: Vec<(u64, f32)> = self.weights.iter().map(|(&h, &w)| (h, w)).collect();
        entries.sort_unstable_by_key(|&(h, _)| h);
        entries
            .iter()
            .map(|(h, w)| format!("{h:016x}\t{w}\n"))
            .collect()
    }
}

/// One training document: raw text and the code-point offsets where gold sentences end.
pub struct TrainingDocument {
    pub text: String,
    pub sentence_ends: Vec<usize>,
}

/// Options of [`train`].
pub struct TrainingOptions {
    pub epochs: usize,
    /// Features seen fewer times than this in the training data are dropped.
    pub min_count: usize,
    /// Averaged weights smaller than this in absolute value are dropped from the model.
    pub min_weight: f32,
}

impl Default for TrainingOptions {
    fn default() -> Self {
        TrainingOptions {
            epochs: 6,
            min_count: 3,
            min_weight: 0.01,
        }
    }
}

/// Trains the boundary model on `documents` (averaged perceptron, deterministic: documents
/// are visited in a fixed pseudo-random order per epoch).
pub fn train(documents: &[TrainingDocument], options: &TrainingOptions) -> BoundaryModel {
    let examples: Vec<(Vec<u64>, bool)> = documents
        .iter()
        .flat_map(crate::sentences::training_examples)
        .collect();
    let mut counts: FeatureMap<usize> = FeatureMap::default();
    for (features, _) in &examples {
        for &f in features {
            *counts.entry(f).or_default() += 1;
        }
    }
    let mut weights: FeatureMap<f32> = FeatureMap::default();
    // Sum of each weight's value over all updates so far, for averaging (lazy update trick).
    let mut totals: FeatureMap<f64> = FeatureMap::default();
    let mut stamps: FeatureMap<u64> = FeatureMap::default();
    let mut step: u64 = 0;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..options.epochs {
        shuffle(&mut order, &mut seed);
        for &i in &order {
            step += 1;
            let (features, gold) = &examples[i];
            let kept: Vec<u64> = features
                .iter()
                .copied()
                .filter(|f| counts[f] >= options.min_count)
                .collect();
            let score: f32 = kept.iter().filter_map(|f| weights.get(f)).sum();
            if (score > 0.0) == *gold {
                continue;
            }
            let delta = if *gold { 1.0 } else { -1.0 };
            for f in kept {
                let weight = weights.entry(f).or_default();
                let stamp = stamps.entry(f).or_default();
                *totals.entry(f).or_default() += f64::from(*weight) * (step - *stamp) as f64;
                *stamp = step;
                *weight += delta;
            }
        }
    }
    let mut averaged = FeatureMap::default();
    for (&f, &weight) in &weights {
        let total =
            totals.get(&f).copied().unwrap_or(0.0) + f64::from(weight) * (step - stamps[&f]) as f64;
        let average = (total / step.max(1) as f64) as f32;
        if average.abs() >= options.min_weight {
            averaged.insert(f, average);
        }
    }
    BoundaryModel { weights: averaged }
}

/// Fisher-Yates with a xorshift generator: the same order on every machine.
fn shuffle(order: &mut [usize], seed: &mut u64) {
    for i in (1..order.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        order.swap(i, (*seed % (i as u64 + 1)) as usize);
    }
}

/// FNV-1a over a feature template id and the characters it names.
pub(crate) struct FeatureHash(u64);

impl FeatureHash {
    pub(crate) fn new(template: u8) -> Self {
        let mut h = FeatureHash(0xcbf2_9ce4_8422_2325);
        h.add(u32::from(template));
        h
    }

    pub(crate) fn add(&mut self, value: u32) -> &mut Self {
        for byte in value.to_le_bytes() {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    pub(crate) fn finish(&self) -> u64 {
        // A final mix so nearby inputs spread over the map.
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_file_round_trips_and_rejects_garbage() {
        let model =
            BoundaryModel::parse("00000000000000ff\t1.5\n0000000000000001\t-0.25\n").unwrap();
        assert_eq!(model.score(&[0xff, 1, 7]), 1.25);
        assert_eq!(
            BoundaryModel::parse(&model.serialize())
                .unwrap()
                .score(&[0xff, 1]),
            1.25
        );
        assert!(BoundaryModel::parse("zz\t1\n")
            .unwrap_err()
            .contains("line 1"));
    }

    #[test]
    fn training_learns_a_separable_rule() {
        // Sentences end after "Regards," here: the model must learn it from the data.
        let text = "Regards, Jeff Thanks a lot, Mary said it. ".repeat(20);
        let mut ends = Vec::new();
        let chars: Vec<char> = text.chars().collect();
        for (i, w) in chars.windows(8).enumerate() {
            if w.iter().copied().eq("Regards,".chars()) {
                ends.push(i + 8);
            }
            if w[..3].iter().copied().eq("it.".chars()) {
                ends.push(i + 3);
            }
        }
        let documents = [TrainingDocument {
            text: text.trim_end().to_string(),
            sentence_ends: ends,
        }];
        let model = train(
            &documents,
            &TrainingOptions {
                min_count: 1,
                ..Default::default()
            },
        );
        let (features, gold): (Vec<_>, Vec<_>) = crate::sentences::training_examples(&documents[0])
            .into_iter()
            .unzip();
        let correct = features
            .iter()
            .zip(&gold)
            .filter(|(f, &g)| (model.score(f) > 0.0) == g)
            .count();
        assert_eq!(correct, gold.len());
    }
}
