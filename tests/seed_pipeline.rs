//! End to end on the seed story (TASS, 2022-01-07, read from `../shared` at test time):
//! `dateline annotate` with the shipped models must put every way the article refers to
//! Kassym-Jomart Tokayev into one entity, and no other entity may take one of them.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn seed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/seed/tass-2022-01-07-kazakhstan.txt")
}

fn annotate() -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .arg("annotate")
        .arg(seed())
        .output()
        .expect("dateline runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let line = String::from_utf8(output.stdout).expect("UTF-8 output");
    serde_json::from_str(line.lines().next().expect("one document")).expect("JSON document")
}

fn mention_texts(doc: &Value, entity: &Value) -> Vec<String> {
    let chars: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    entity["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let (s, e) = (
                m["span"][0].as_u64().unwrap(),
                m["span"][1].as_u64().unwrap(),
            );
            chars[s as usize..e as usize].iter().collect::<String>()
        })
        .collect()
}

#[test]
fn every_reference_to_tokayev_is_one_entity() {
    let doc = annotate();
    let entities = doc["entities"].as_array().expect("entities");
    let tokayev: Vec<&Value> = entities
        .iter()
        .filter(|e| mention_texts(&doc, e).iter().any(|m| m.contains("Tokayev")))
        .collect();
    assert_eq!(tokayev.len(), 1, "Tokayev is one entity");
    let entity = tokayev[0];
    assert_eq!(entity["canonical"], "Kassym-Jomart Tokayev");
    assert_eq!(entity["label"], "PER");
    let mentions: Vec<String> = mention_texts(&doc, entity)
        .into_iter()
        .map(|m| m.to_lowercase())
        .collect();
    for form in [
        "kassym-jomart tokayev",
        "tokayev",
        "the president",
        "kazakh president",
    ] {
        assert!(mentions.iter().any(|m| m == form), "{form} in {mentions:?}");
    }
    // The article quotes him through "he said" a dozen times; two of its "he" refer to
    // other people (the prosecutor general, a militant).
    let pronouns = mentions.iter().filter(|m| *m == "he").count();
    assert!(pronouns >= 10, "{pronouns} pronouns in {mentions:?}");
    // His gender, as the article's own pronouns show it (no first-name guess needed).
    assert_eq!(
        entity["gender"],
        serde_json::json!({"gender": "male", "basis": "pronoun"})
    );
    for other in entities.iter().filter(|e| !std::ptr::eq(*e, entity)) {
        for m in mention_texts(&doc, other) {
            assert!(
                !m.to_lowercase().contains("president"),
                "{m:?} belongs to Tokayev, not to {}",
                other["canonical"]
            );
        }
    }
}
