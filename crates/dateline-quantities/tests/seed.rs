//! The seed story's hand-annotated quantities are all found, with value, span and flags,
//! when dates found by the time-expression annotator are left alone (as the pipeline does).

use dateline_quantities::find;
use serde_json::Value;

#[test]
fn seed_quantities() {
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/seed/");
    let text = std::fs::read_to_string(format!("{seed}tass-2022-01-07-kazakhstan.txt"))
        .expect("seed text");
    let gold: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{seed}tass-2022-01-07-kazakhstan.gold.json")).unwrap(),
    )
    .unwrap();
    let dates: Vec<_> = dateline_timex::find(&text, None)
        .into_iter()
        .map(|t| t.span)
        .collect();
    let found = find(&text, &dates);
    assert_eq!(found.len(), 4, "{found:?}");
    let expected = gold["quantities"].as_array().expect("quantities");
    assert_eq!(expected.len(), 3);
    for g in expected {
        let span = (
            g["span"][0].as_u64().unwrap() as usize,
            g["span"][1].as_u64().unwrap() as usize,
        );
        let q = found
            .iter()
            .find(|q| (q.span.start, q.span.end) == span)
            .unwrap_or_else(|| panic!("gold quantity {g} not found in {found:?}"));
        assert_eq!(q.value, g["value"].as_f64().unwrap(), "{g}");
        assert_eq!(
            q.approximate,
            g["approximate"].as_bool().unwrap_or(false),
            "{g}"
        );
        assert_eq!(
            q.lower_bound,
            g["lower_bound"].as_bool().unwrap_or(false),
            "{g}"
        );
        assert_eq!(q.ordinal, g["ordinal"].as_bool().unwrap_or(false), "{g}");
        if let Some(unit) = g["unit"].as_str() {
            assert_eq!(q.unit.as_deref(), Some(unit), "{g}");
        }
    }
}
