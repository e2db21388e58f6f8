//! Time-expression scores as TempEval-3 defines them: strict (exact span) and relaxed (any
//! overlap) precision, recall and F1, and attribute accuracy (type, value) over the relaxed
//! matches. Gold: the MEANTIME JSONL layout (`id`, `dct`, `text`, `timexes` with `span`,
//! `type`, `value`).
//!
//! MEANTIME annotates only the start of each article: the headline, the creation-date line
//! and the first sentences, six lines of its text in all (no gold expression lies beyond).
//! Predictions past that point are outside the annotated scope and are not scored.

use dateline_document::Span;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize)]
pub struct GoldDocument {
    pub id: String,
    pub dct: Option<String>,
    pub text: String,
    pub timexes: Vec<GoldTimex>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldTimex {
    pub span: Span,
    #[serde(rename = "type")]
    pub kind: String,
    pub value: Option<String>,
}

/// One predicted expression: span, TIMEX3 type name, value.
#[derive(Debug, Clone)]
pub struct Predicted {
    pub span: Span,
    pub kind: String,
    pub value: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimexMetrics {
    /// Relaxed (overlap) figures, TempEval-3's headline span measure.
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub strict_precision: f64,
    pub strict_recall: f64,
    pub strict_f1: f64,
    /// Share of relaxed matches whose type is right.
    pub type_accuracy: f64,
    /// Share of relaxed matches whose value is right (all types).
    pub value_accuracy: f64,
    /// Share of relaxed matches of gold DATE/TIME expressions whose value is right.
    pub value_accuracy_date_time: f64,
    pub gold: usize,
    pub predicted: usize,
    pub documents: usize,
}

/// Reads the gold JSONL; a bad line is an error naming its line number.
pub fn read_gold(jsonl: &str) -> Result<Vec<GoldDocument>, String> {
    crate::read_jsonl(jsonl)
}

/// Lines of each MEANTIME text that carry annotation.
pub const ANNOTATED_LINES: usize = 6;

/// Code-point offset where the annotated scope of `text` ends.
fn annotated_end(text: &str) -> usize {
    let mut lines = 0;
    for (i, c) in text.chars().enumerate() {
        if c == '\n' {
            lines += 1;
            if lines == ANNOTATED_LINES {
                return i;
            }
        }
    }
    text.chars().count()
}

pub fn evaluate(
    gold: &[GoldDocument],
    predict: impl Fn(&GoldDocument) -> Vec<Predicted>,
) -> TimexMetrics {
    let (mut n_gold, mut n_pred, mut strict, mut relaxed_pred, mut relaxed_gold) = (0, 0, 0, 0, 0);
    let (mut type_right, mut value_right, mut date_time, mut date_time_right) = (0, 0, 0, 0);
    for doc in gold {
        let scope = annotated_end(&doc.text);
        let predicted: Vec<Predicted> = predict(doc)
            .into_iter()
            .filter(|p| p.span.start < scope)
            .collect();
        n_gold += doc.timexes.len();
        n_pred += predicted.len();
        strict += predicted
            .iter()
            .filter(|p| doc.timexes.iter().any(|g| g.span == p.span))
            .count();
        relaxed_pred += predicted
            .iter()
            .filter(|p| doc.timexes.iter().any(|g| g.span.overlap(p.span) > 0))
            .count();
        for g in &doc.timexes {
            // The predicted expression overlapping the gold one most is its match.
            let Some(p) = predicted
                .iter()
                .filter(|p| p.span.overlap(g.span) > 0)
                .max_by_key(|p| p.span.overlap(g.span))
            else {
                continue;
            };
            relaxed_gold += 1;
            type_right += usize::from(p.kind == g.kind);
            let value_ok = p.value.is_some() && p.value == g.value;
            value_right += usize::from(value_ok);
            if g.kind == "DATE" || g.kind == "TIME" {
                date_time += 1;
                date_time_right += usize::from(value_ok);
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (precision, recall) = (ratio(relaxed_pred, n_pred), ratio(relaxed_gold, n_gold));
    let (strict_precision, strict_recall) = (ratio(strict, n_pred), ratio(strict, n_gold));
    TimexMetrics {
        precision,
        recall,
        f1: crate::f1(precision, recall),
        strict_precision,
        strict_recall,
        strict_f1: crate::f1(strict_precision, strict_recall),
        type_accuracy: ratio(type_right, relaxed_gold),
        value_accuracy: ratio(value_right, relaxed_gold),
        value_accuracy_date_time: ratio(date_time_right, date_time),
        gold: n_gold,
        predicted: n_pred,
        documents: gold.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_relaxed_and_attributes() {
        let gold = read_gold(
            r#"{"id":"d","dct":"2022-01-07","text":"on Friday and the morning of January 7","timexes":[{"span":[3,9],"type":"DATE","value":"2022-01-07"},{"span":[14,38],"type":"TIME","value":"2022-01-07TMO"}]}"#,
        )
        .unwrap();
        let m = evaluate(&gold, |_| {
            vec![
                Predicted {
                    span: Span::new(3, 9),
                    kind: "DATE".into(),
                    value: Some("2022-01-07".into()),
                },
                Predicted {
                    span: Span::new(18, 38),
                    kind: "DATE".into(),
                    value: Some("2022-01-07".into()),
                },
                Predicted {
                    span: Span::new(0, 2),
                    kind: "DATE".into(),
                    value: None,
                },
            ]
        });
        assert_eq!((m.gold, m.predicted), (2, 3));
        assert!((m.precision - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(m.recall, 1.0);
        assert!((m.strict_recall - 0.5).abs() < 1e-9);
        assert_eq!(m.type_accuracy, 0.5);
        assert_eq!(m.value_accuracy_date_time, 0.5);
        assert!(read_gold("{not json").unwrap_err().starts_with("line 1"));
    }
}
