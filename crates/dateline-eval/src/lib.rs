//! Metrics against gold data: the measuring contract behind `dateline eval`.
//!
//! In: gold annotations and Dateline's predictions for the same inputs.
//! Out: metric structs that serialise to one JSON object with at least `f1`,
//! `precision` and `recall`, plus each task's own figures.

pub mod coref;
pub mod duplicates;
pub mod events;
pub mod extraction;
pub mod geo;
pub mod ner;
pub mod quotes;
pub mod sentences;
pub mod speakers;
pub mod syntax;
pub mod timex;

/// Harmonic mean of precision and recall (0 when both are 0).
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

/// Reads a gold JSONL file's text, one `T` per non-empty line; a bad line is an error
/// naming its line number.
pub fn read_jsonl<T: serde::de::DeserializeOwned>(jsonl: &str) -> Result<Vec<T>, String> {
    jsonl
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}
