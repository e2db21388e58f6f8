//! Named-entity scores, CoNLL style: a predicted mention counts only when its token span
//! and its type both equal a gold mention's (exact match); precision, recall and F1 are
//! micro-averaged over mentions, overall and per type.
//!
//! A gold set may use fewer types than the model: Universal NER has PER, ORG and LOC but no
//! MISC. Scoring such a set, the caller names the predicted types to drop
//! ([`NerScorer::new`]); they are removed before matching (so neither rewarded nor
//! punished) and listed in [`NerScore::dropped_predicted_labels`], never silently.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// One mention: tokens `[start, end)` of a sentence and its type.
pub type Mention<'a> = (usize, usize, &'a str);

/// Counts and scores for one type or for all types together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct TypeScore {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Gold mentions.
    pub gold: usize,
    /// Predicted mentions (after dropping).
    pub predicted: usize,
    /// Predicted mentions equal to a gold mention in span and type.
    pub correct: usize,
}

impl TypeScore {
    fn from_counts(gold: usize, predicted: usize, correct: usize) -> TypeScore {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(correct, predicted);
        let recall = ratio(correct, gold);
        TypeScore {
            precision,
            recall,
            f1: crate::f1(precision, recall),
            gold,
            predicted,
            correct,
        }
    }
}

/// The result of a whole evaluation: overall micro scores, per type, and what was dropped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NerScore {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
    pub sentences: usize,
    pub tokens: usize,
    pub per_type: BTreeMap<String, TypeScore>,
    /// Predicted types removed before matching because the gold set does not annotate them.
    pub dropped_predicted_labels: Vec<String>,
    /// How many predicted mentions were removed that way.
    pub dropped_predicted: usize,
}

#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    gold: usize,
    predicted: usize,
    correct: usize,
}

/// Accumulates mentions sentence by sentence.
#[derive(Debug, Clone, Default)]
pub struct NerScorer {
    drop: BTreeSet<String>,
    per_type: BTreeMap<String, Counts>,
    sentences: usize,
    tokens: usize,
    dropped: usize,
}

impl NerScorer {
    /// A scorer that removes predicted mentions of the `drop` types before matching.
    pub fn new<I: IntoIterator<Item = String>>(drop: I) -> NerScorer {
        NerScorer {
            drop: drop.into_iter().collect(),
            ..Default::default()
        }
    }

    /// Adds one sentence of `tokens` tokens with its gold and predicted mentions.
    pub fn add_sentence(&mut self, tokens: usize, gold: &[Mention], predicted: &[Mention]) {
        self.sentences += 1;
        self.tokens += tokens;
        let kept: Vec<&Mention> = predicted
            .iter()
            .filter(|(_, _, label)| !self.drop.contains(*label))
            .collect();
        self.dropped += predicted.len() - kept.len();
        let gold_set: HashSet<&Mention> = gold.iter().collect();
        for mention in gold {
            self.counts(mention.2).gold += 1;
        }
        for mention in kept {
            let counts = self.counts(mention.2);
            counts.predicted += 1;
            if gold_set.contains(mention) {
                counts.correct += 1;
            }
        }
    }

    fn counts(&mut self, label: &str) -> &mut Counts {
        if !self.per_type.contains_key(label) {
            self.per_type.insert(label.to_string(), Counts::default());
        }
        self.per_type.get_mut(label).expect("inserted above")
    }

    pub fn finish(&self) -> NerScore {
        let mut total = Counts::default();
        let mut per_type = BTreeMap::new();
        for (label, c) in &self.per_type {
            total.gold += c.gold;
            total.predicted += c.predicted;
            total.correct += c.correct;
            per_type.insert(
                label.clone(),
                TypeScore::from_counts(c.gold, c.predicted, c.correct),
            );
        }
        let overall = TypeScore::from_counts(total.gold, total.predicted, total.correct);
        NerScore {
            precision: overall.precision,
            recall: overall.recall,
            f1: overall.f1,
            gold: total.gold,
            predicted: total.predicted,
            correct: total.correct,
            sentences: self.sentences,
            tokens: self.tokens,
            per_type,
            dropped_predicted_labels: self.drop.iter().cloned().collect(),
            dropped_predicted: self.dropped,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_span_and_type_are_required() {
        let mut scorer = NerScorer::new(Vec::new());
        let gold = [(0, 2, "PER"), (4, 5, "LOC")];
        // Right span wrong type, right type wrong span, one exact hit, one spurious.
        scorer.add_sentence(8, &gold, &[(0, 2, "ORG"), (4, 5, "LOC")]);
        scorer.add_sentence(3, &[(0, 3, "ORG")], &[(0, 2, "ORG"), (2, 3, "MISC")]);
        let score = scorer.finish();
        assert_eq!((score.gold, score.predicted, score.correct), (3, 4, 1));
        assert!((score.precision - 0.25).abs() < 1e-12);
        assert!((score.recall - 1.0 / 3.0).abs() < 1e-12);
        assert!((score.f1 - 2.0 / 7.0).abs() < 1e-12);
        assert_eq!(score.per_type["LOC"].f1, 1.0);
        assert_eq!(score.per_type["PER"].recall, 0.0);
        assert_eq!(score.per_type["MISC"].gold, 0);
        assert_eq!(score.tokens, 11);
    }

    #[test]
    fn dropped_types_are_neither_rewarded_nor_punished() {
        let mut scorer = NerScorer::new(["MISC".to_string()]);
        scorer.add_sentence(5, &[(0, 1, "LOC")], &[(0, 1, "LOC"), (2, 3, "MISC")]);
        let score = scorer.finish();
        assert_eq!(score.f1, 1.0);
        assert_eq!(score.dropped_predicted, 1);
        assert_eq!(score.dropped_predicted_labels, ["MISC"]);
        assert!(!score.per_type.contains_key("MISC"));
    }

    #[test]
    fn empty_evaluation_scores_zero() {
        let score = NerScorer::new(Vec::new()).finish();
        assert_eq!((score.precision, score.recall, score.f1), (0.0, 0.0, 0.0));
    }
}
