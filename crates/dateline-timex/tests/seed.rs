//! The seed story's time expressions, anchored to its dateline date (2022-01-07, which the
//! extractor derives from "NUR-SULTAN, January 7" and the weekday "on Friday").

use chrono::NaiveDate;
use serde_json::Value;

#[test]
fn seed_timexes() {
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/seed/");
    let text = std::fs::read_to_string(format!("{seed}tass-2022-01-07-kazakhstan.txt"))
        .expect("seed text");
    let gold: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{seed}tass-2022-01-07-kazakhstan.gold.json")).unwrap(),
    )
    .unwrap();
    let found = dateline_timex::find(&text, NaiveDate::from_ymd_opt(2022, 1, 7));
    let expected = gold["timexes"].as_array().expect("timexes");
    for g in expected {
        let span = (
            g["span"][0].as_u64().unwrap() as usize,
            g["span"][1].as_u64().unwrap() as usize,
        );
        let t = found
            .iter()
            .find(|t| (t.span.start, t.span.end) == span)
            .unwrap_or_else(|| panic!("gold timex {g} not found in {found:?}"));
        assert_eq!(t.value.as_deref(), g["value"].as_str(), "{g}");
    }
    assert_eq!(found.len(), expected.len(), "{found:?}");
}
