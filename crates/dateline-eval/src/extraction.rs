//! Body-extraction scores exactly as the ScrapingHub article-extraction benchmark
//! (`evaluate.py`) defines them: token 4-gram multisets, per-page normalised counts,
//! macro-averaged precision and recall.

use serde::Serialize;
use std::collections::HashMap;

const SHINGLE: usize = 4;

/// `\w+` tokens, as Python's Unicode `re` finds them: runs of letters, digits and `_`.
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

fn shingles<'a, 't>(tokens: &'a [&'t str]) -> HashMap<&'a [&'t str], usize> {
    let mut counts = HashMap::new();
    if tokens.len() < SHINGLE {
        if !tokens.is_empty() {
            counts.insert(tokens, 1);
        }
        return counts;
    }
    for window in tokens.windows(SHINGLE) {
        *counts.entry(window).or_insert(0) += 1;
    }
    counts
}

/// One page's true positives, false positives and false negatives, each divided by their
/// sum so that every page weighs the same in the corpus means.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PageScore {
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
    /// The whole token sequences are equal.
    pub exact: bool,
}

impl PageScore {
    pub fn precision(&self) -> Option<f64> {
        (self.tp + self.fp > 0.0).then(|| self.tp / (self.tp + self.fp))
    }
    pub fn recall(&self) -> Option<f64> {
        (self.tp + self.fn_ > 0.0).then(|| self.tp / (self.tp + self.fn_))
    }
}

pub fn score_page(gold: &str, predicted: &str) -> PageScore {
    let gold_tokens = tokens(gold);
    let predicted_tokens = tokens(predicted);
    let gold_counts = shingles(&gold_tokens);
    let predicted_counts = shingles(&predicted_tokens);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (shingle, &g) in &gold_counts {
        let p = predicted_counts.get(shingle).copied().unwrap_or(0);
        tp += g.min(p);
        fn_ += g.saturating_sub(p);
    }
    for (shingle, &p) in &predicted_counts {
        let g = gold_counts.get(shingle).copied().unwrap_or(0);
        fp += p.saturating_sub(g);
    }
    let total = (tp + fp + fn_) as f64;
    let norm = |x: usize| if total > 0.0 { x as f64 / total } else { 0.0 };
    PageScore {
        tp: norm(tp),
        fp: norm(fp),
        fn_: norm(fn_),
        exact: gold_tokens == predicted_tokens,
    }
}

/// Corpus-level body scores.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BodyMetrics {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Share of pages whose token sequence equals the gold's.
    pub accuracy: f64,
    pub pages: usize,
}

pub fn aggregate(pages: &[PageScore]) -> BodyMetrics {
    let mean = |values: Vec<f64>| {
        if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        }
    };
    let precision = mean(pages.iter().filter_map(PageScore::precision).collect());
    let recall = mean(pages.iter().filter_map(PageScore::recall).collect());
    let exact = pages.iter().filter(|p| p.exact).count();
    BodyMetrics {
        precision,
        recall,
        f1: crate::f1(precision, recall),
        accuracy: if pages.is_empty() {
            0.0
        } else {
            exact as f64 / pages.len() as f64
        },
        pages: pages.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_follow_python_word_regex() {
        assert_eq!(
            tokens("Don’t stop—20,000 Алматы_1!"),
            ["Don", "t", "stop", "20", "000", "Алматы_1"]
        );
    }

    #[test]
    fn identical_text_is_perfect() {
        let s = score_page("one two three four five", "one two three four five");
        assert_eq!((s.tp, s.fp, s.fn_, s.exact), (1.0, 0.0, 0.0, true));
    }

    #[test]
    fn extra_and_missing_shingles_are_counted() {
        // gold shingles: (a b c d), (b c d e); predicted: (a b c d), (b c d x)
        let s = score_page("a b c d e", "a b c d x");
        assert!((s.tp - 1.0 / 3.0).abs() < 1e-9);
        assert!((s.fp - 1.0 / 3.0).abs() < 1e-9);
        assert!((s.fn_ - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.precision(), Some(0.5));
    }

    #[test]
    fn short_texts_are_one_shingle_and_empty_prediction_costs_recall_only() {
        assert_eq!(score_page("a b", "a b").tp, 1.0);
        let empty = score_page("a b c d e", "");
        assert_eq!(empty.precision(), None);
        assert_eq!(empty.recall(), Some(0.0));
        let m = aggregate(&[score_page("a b c d", "a b c d"), empty]);
        assert_eq!(m.precision, 1.0);
        assert_eq!(m.recall, 0.5);
    }
}
