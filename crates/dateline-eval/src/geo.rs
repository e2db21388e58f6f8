//! Geoparsing scores as Gritta et al. ("A Pragmatic Guide to Geoparsing Evaluation", 2019)
//! define them, on the JSONL of `../shared/corpus/geo/` (`id`, `text`, `toponyms` with
//! `span`, `name`, `lat`, `lon`, `geonameid`).
//!
//! Toponym detection: precision, recall and F1 of exact spans (and, beside them, of
//! overlapping spans). Geocoding: the great-circle error in km of each gold toponym that
//! has coordinates, over the toponyms the system was scored on (end to end: those it
//! found with the exact span; with gold spans: all of them). A toponym left unresolved
//! counts as the largest possible error, 20,039 km. From the errors: accuracy@161 km, mean
//! and median error, and AUC, the area under the curve of sorted log errors scaled to
//! [0, 1] (lower is better).

use dateline_document::Span;
use dateline_geo::km;
use serde::{Deserialize, Serialize};

/// Half the Earth's circumference: the largest error a point can have.
pub const MAX_ERROR_KM: f64 = 20_039.0;

#[derive(Debug, Clone, Deserialize)]
pub struct GoldDocument {
    pub id: String,
    pub text: String,
    pub toponyms: Vec<GoldToponym>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldToponym {
    pub span: Span,
    pub name: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub geonameid: Option<u64>,
}

impl GoldToponym {
    pub fn point(&self) -> Option<(f64, f64)> {
        Some((self.lat?, self.lon?))
    }
}

/// A system's toponym: its span and, when resolved, its point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Predicted {
    pub span: Span,
    pub point: Option<(f64, f64)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GeoMetrics {
    /// Exact-span toponym detection (end to end); 1.0 with gold spans.
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub overlap_precision: f64,
    pub overlap_recall: f64,
    pub overlap_f1: f64,
    #[serde(rename = "accuracy_161km")]
    pub accuracy_161: f64,
    pub mean_error_km: f64,
    pub median_error_km: f64,
    pub auc: f64,
    /// Gold toponyms with coordinates that were scored for geocoding.
    pub geocoded: usize,
    /// Of those, how many got no point at all.
    pub unresolved: usize,
    pub gold: usize,
    pub predicted: usize,
    pub documents: usize,
}

/// Reads the gold JSONL; a bad line is an error naming its line number.
pub fn read_gold(jsonl: &str) -> Result<Vec<GoldDocument>, String> {
    crate::read_jsonl(jsonl)
}

/// Scores `predicted` (parallel to `gold`, one list per document).
pub fn evaluate(gold: &[GoldDocument], predicted: &[Vec<Predicted>]) -> GeoMetrics {
    let (mut exact, mut overlap_gold, mut overlap_pred) = (0usize, 0usize, 0usize);
    let mut errors = Vec::new();
    let mut unresolved = 0;
    for (doc, preds) in gold.iter().zip(predicted) {
        for g in &doc.toponyms {
            let same = preds.iter().find(|p| p.span == g.span);
            exact += usize::from(same.is_some());
            overlap_gold += usize::from(preds.iter().any(|p| p.span.overlap(g.span) > 0));
            if let (Some(p), Some((lat, lon))) = (same, g.point()) {
                errors.push(match p.point {
                    Some((plat, plon)) => km(lat, lon, plat, plon),
                    None => {
                        unresolved += 1;
                        MAX_ERROR_KM
                    }
                });
            }
        }
        overlap_pred += preds
            .iter()
            .filter(|p| doc.toponyms.iter().any(|g| g.span.overlap(p.span) > 0))
            .count();
    }
    let gold_count: usize = gold.iter().map(|d| d.toponyms.len()).sum();
    let predicted_count: usize = predicted.iter().map(Vec::len).sum();
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (precision, recall) = (ratio(exact, predicted_count), ratio(exact, gold_count));
    let (overlap_precision, overlap_recall) = (
        ratio(overlap_pred, predicted_count),
        ratio(overlap_gold, gold_count),
    );
    let summary = ErrorSummary::of(&mut errors);
    GeoMetrics {
        precision,
        recall,
        f1: crate::f1(precision, recall),
        overlap_precision,
        overlap_recall,
        overlap_f1: crate::f1(overlap_precision, overlap_recall),
        accuracy_161: summary.accuracy_161,
        mean_error_km: summary.mean,
        median_error_km: summary.median,
        auc: summary.auc,
        geocoded: errors.len(),
        unresolved,
        gold: gold_count,
        predicted: predicted_count,
        documents: gold.len(),
    }
}

struct ErrorSummary {
    accuracy_161: f64,
    mean: f64,
    median: f64,
    auc: f64,
}

impl ErrorSummary {
    fn of(errors: &mut [f64]) -> ErrorSummary {
        if errors.is_empty() {
            return ErrorSummary {
                accuracy_161: 0.0,
                mean: 0.0,
                median: 0.0,
                auc: 0.0,
            };
        }
        errors.sort_by(f64::total_cmp);
        let n = errors.len();
        let median = if n % 2 == 1 {
            errors[n / 2]
        } else {
            (errors[n / 2 - 1] + errors[n / 2]) / 2.0
        };
        // Trapezoid rule over the sorted log errors, x spaced 1 apart, scaled so that all
        // errors at the maximum give 1 (Gritta et al.'s AUC).
        let logs: Vec<f64> = errors.iter().map(|e| (e + 1.0).ln()).collect();
        let auc = if n == 1 {
            logs[0] / MAX_ERROR_KM.ln()
        } else {
            let area: f64 = logs.windows(2).map(|w| (w[0] + w[1]) / 2.0).sum();
            area / ((n - 1) as f64 * MAX_ERROR_KM.ln())
        };
        ErrorSummary {
            accuracy_161: errors.iter().filter(|&&e| e <= 161.0).count() as f64 / n as f64,
            mean: errors.iter().sum::<f64>() / n as f64,
            median,
            auc,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold() -> Vec<GoldDocument> {
        // One JSONL line.
        let line = concat!(
            r#"{"id":"a","text":"Paris and Lyon and Nowhere.","toponyms":["#,
            r#"{"span":[0,5],"name":"Paris","lat":48.85,"lon":2.35,"geonameid":2988507},"#,
            r#"{"span":[10,14],"name":"Lyon","lat":45.75,"lon":4.85,"geonameid":2996944},"#,
            r#"{"span":[19,26],"name":"Nowhere","lat":null,"lon":null,"geonameid":null}]}"#,
        );
        read_gold(line).unwrap()
    }

    #[test]
    fn detection_and_geocoding() {
        let predicted = vec![vec![
            // Right span, 0 km.
            Predicted {
                span: Span::new(0, 5),
                point: Some((48.85, 2.35)),
            },
            // Right span, Paris, Texas: about 7,800 km off.
            Predicted {
                span: Span::new(10, 14),
                point: Some((33.66, -95.56)),
            },
            // Overlapping but not exact.
            Predicted {
                span: Span::new(19, 23),
                point: None,
            },
            // Nothing there.
            Predicted {
                span: Span::new(6, 9),
                point: None,
            },
        ]];
        let m = evaluate(&gold(), &predicted);
        assert_eq!((m.gold, m.predicted, m.geocoded), (3, 4, 2));
        assert!((m.precision - 0.5).abs() < 1e-9);
        assert!((m.recall - 2.0 / 3.0).abs() < 1e-9);
        assert!((m.overlap_recall - 1.0).abs() < 1e-9);
        assert!((m.overlap_precision - 0.75).abs() < 1e-9);
        assert!((m.accuracy_161 - 0.5).abs() < 1e-9);
        assert!(m.median_error_km > 3000.0 && m.mean_error_km > 3000.0);
        assert!(m.auc > 0.0 && m.auc < 1.0);
    }

    #[test]
    fn unresolved_counts_as_the_largest_error() {
        let predicted = vec![vec![
            Predicted {
                span: Span::new(0, 5),
                point: None,
            },
            Predicted {
                span: Span::new(10, 14),
                point: None,
            },
        ]];
        let m = evaluate(&gold(), &predicted);
        assert_eq!(m.unresolved, 2);
        assert_eq!(m.accuracy_161, 0.0);
        assert!((m.auc - ((MAX_ERROR_KM + 1.0).ln() / MAX_ERROR_KM.ln())).abs() < 1e-9);
        assert!(read_gold("{not json").unwrap_err().starts_with("line 1"));
    }
}
