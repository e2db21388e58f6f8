//! Tagging and parsing scores over gold tokens: UPOS accuracy, UAS and LAS, counted over
//! every word including punctuation, as the CoNLL 2018 shared task does.
//!
//! LAS is reported twice: `las` compares full labels with subtypes (`nmod:poss` must match
//! `nmod:poss`), the stricter figure; `las_universal` compares only the part before the
//! colon, which is what the CoNLL 2018 evaluation script (`conll18_ud_eval.py`) does.

use serde::Serialize;

/// Running counts; add words one at a time, then read [`SyntaxScorer::scores`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyntaxScorer {
    tagged: usize,
    tag_correct: usize,
    attached: usize,
    head_correct: usize,
    labelled_correct: usize,
    universal_labelled_correct: usize,
}

/// The scores. With gold tokens precision = recall = accuracy; `f1` repeats the headline
/// figure (LAS when arcs were scored, else UPOS accuracy) for the common eval contract.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SyntaxScores {
    pub words: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upos_accuracy: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uas: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub las: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub las_universal: Option<f64>,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// The universal part of a dependency label: `nmod:poss` -> `nmod`.
pub fn universal_deprel(deprel: &str) -> &str {
    deprel
        .split_once(':')
        .map_or(deprel, |(universal, _)| universal)
}

impl SyntaxScorer {
    pub fn add_tag(&mut self, gold: &str, predicted: &str) {
        self.tagged += 1;
        self.tag_correct += usize::from(gold == predicted);
    }

    /// One word's arc: heads are 1-based sentence positions, 0 for the root.
    pub fn add_arc(&mut self, gold: (usize, &str), predicted: (usize, &str)) {
        self.attached += 1;
        if gold.0 == predicted.0 {
            self.head_correct += 1;
            self.labelled_correct += usize::from(gold.1 == predicted.1);
            self.universal_labelled_correct +=
                usize::from(universal_deprel(gold.1) == universal_deprel(predicted.1));
        }
    }

    pub fn merge(&mut self, other: &SyntaxScorer) {
        self.tagged += other.tagged;
        self.tag_correct += other.tag_correct;
        self.attached += other.attached;
        self.head_correct += other.head_correct;
        self.labelled_correct += other.labelled_correct;
        self.universal_labelled_correct += other.universal_labelled_correct;
    }

    pub fn scores(&self) -> SyntaxScores {
        let ratio =
            |correct: usize, total: usize| (total > 0).then(|| correct as f64 / total as f64);
        let upos_accuracy = ratio(self.tag_correct, self.tagged);
        let las = ratio(self.labelled_correct, self.attached);
        let headline = las.or(upos_accuracy).unwrap_or(0.0);
        SyntaxScores {
            words: self.tagged.max(self.attached),
            upos_accuracy,
            uas: ratio(self.head_correct, self.attached),
            las,
            las_universal: ratio(self.universal_labelled_correct, self.attached),
            precision: headline,
            recall: headline,
            f1: headline,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_tags_heads_and_labels() {
        let mut s = SyntaxScorer::default();
        s.add_tag("NOUN", "NOUN");
        s.add_tag("VERB", "AUX");
        s.add_arc((2, "nmod:poss"), (2, "nmod:poss"));
        s.add_arc((2, "nmod:poss"), (2, "nmod"));
        s.add_arc((0, "root"), (3, "root"));
        s.add_arc((1, "obj"), (1, "iobj"));
        let r = s.scores();
        assert_eq!(r.words, 4);
        assert_eq!(r.upos_accuracy, Some(0.5));
        assert_eq!(r.uas, Some(0.75));
        assert_eq!(r.las, Some(0.25));
        assert_eq!(r.las_universal, Some(0.5));
        assert_eq!(r.f1, 0.25);
    }

    #[test]
    fn tags_only_and_empty() {
        let mut s = SyntaxScorer::default();
        assert_eq!(s.scores().upos_accuracy, None);
        assert_eq!(s.scores().f1, 0.0);
        s.add_tag("X", "X");
        let mut total = SyntaxScorer::default();
        total.merge(&s);
        assert_eq!(total.scores().f1, 1.0);
        assert_eq!(total.scores().las, None);
        assert_eq!(universal_deprel("obl:tmod"), "obl");
        assert_eq!(universal_deprel("obl"), "obl");
    }
}
