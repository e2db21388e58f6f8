//! Acceptance on the seed article (TASS, 2022-01-07, Kazakhstan: 29 attributed statements,
//! 24 by Kassym-Jomart Tokayev), read from `../shared` at test time and run end to end:
//! the language core from the committed models, then the quote extractor, scored by
//! `dateline_eval::quotes` exactly as `dateline eval quotes` scores it.

use dateline_eval::quotes::{evaluate, read_gold, Predicted};
use dateline_pipeline::Pipeline;
use std::path::PathBuf;

#[test]
fn seed_quotes_are_found_with_kind_and_resolved_speaker() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seed/quotes.jsonl");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let gold = read_gold(&text).expect("gold JSONL");
    let pipeline = Pipeline::load(&Pipeline::default_models_dir()).expect("models/");
    let predictions: Vec<Vec<Predicted>> = gold
        .iter()
        .map(|g| {
            let mut doc = g.document();
            pipeline.annotate(&mut doc, None);
            doc.quotes.into_iter().map(Predicted::from).collect()
        })
        .collect();
    let m = evaluate(&gold, &predictions);
    assert_eq!(m.gold, 29);
    let found = (m.recall * m.gold as f64).round() as usize;
    let right_kind = (m.kind_accuracy * found as f64).round() as usize;
    let right_name = (m.name_accuracy * m.names_judged as f64).round() as usize;
    assert!(found >= 28, "found {found} of 29: {m:#?}");
    assert!(right_kind >= 28, "right kind for {right_kind}: {m:#?}");
    assert_eq!(m.names_judged, 29);
    assert!(
        right_name >= 28,
        "right speaker name for {right_name}: {m:#?}"
    );
    assert!(m.precision >= 0.9, "{m:#?}");
}
