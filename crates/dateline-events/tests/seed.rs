//! End to end on the seed story (read from ../shared at test time): extraction, the whole
//! pipeline, then the events against the hand-made event gold.

use dateline_document::{Document, Event};
use dateline_pipeline::Pipeline;
use std::path::PathBuf;
use std::sync::OnceLock;

fn seed_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seed")
}

/// The seed article annotated once for every test in this file.
fn seed() -> &'static Document {
    static DOC: OnceLock<Document> = OnceLock::new();
    DOC.get_or_init(|| {
        let models = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models");
        let pipeline = Pipeline::load(&models).expect("models/ with events.dict");
        let path = seed_dir().join("tass-2022-01-07-kazakhstan.txt");
        let raw = dateline_read::read_path(&path, &Default::default())
            .next()
            .expect("one document")
            .expect("readable seed");
        let mut doc = dateline_extract::extract(&raw, &Default::default());
        pipeline.annotate(&mut doc, None);
        doc
    })
}

fn gold() -> Vec<serde_json::Value> {
    let path = seed_dir().join("tass-2022-01-07-kazakhstan.gold.json");
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    gold["events"].as_array().unwrap().clone()
}

/// The gold evidence sentence text, so the test does not depend on offsets of extraction.
fn evidence(event: &serde_json::Value) -> String {
    let text = std::fs::read_to_string(seed_dir().join("tass-2022-01-07-kazakhstan.txt")).unwrap();
    let start = event["evidence"][0].as_u64().unwrap() as usize;
    let end = event["evidence"][1].as_u64().unwrap() as usize;
    text.chars().skip(start).take(end - start).collect()
}

/// Events of the sentence containing the gold evidence.
fn events_for<'a>(doc: &'a Document, evidence: &str) -> Vec<&'a Event> {
    doc.events
        .iter()
        .filter(|e| doc.slice(e.sentence).contains(evidence) || evidence.contains(doc.slice(e.sentence)))
        .collect()
}

/// PLOVER 0.5 names used by the gold mapped to the 2021 names the coder outputs.
fn same_type(gold: &str, event: &Event) -> bool {
    let gold = match gold {
        "INVESTIGATE" => "ACCUSE",
        other => other,
    };
    event.plover.as_deref() == Some(gold)
}

#[test]
fn seed_report() {
    let doc = seed();
    for g in gold() {
        let ev = evidence(&g);
        let found = events_for(doc, &ev);
        println!("GOLD {} {} -> {} | {ev}", g["type"], g["source"], g["target"]);
        for e in found {
            println!(
                "   got {:?} {} {:?} -> {:?} date={:?} factual={}",
                e.plover,
                e.cameo,
                e.source.as_ref().map(|a| (&a.name, &a.code)),
                e.target.as_ref().map(|a| (&a.name, &a.code)),
                e.date,
                e.is_factual()
            );
        }
    }
    for e in &doc.events {
        println!("ALL {:?} {} {:?} -> {:?} [{}] factual={} | {}", e.plover, e.cameo, e.source.as_ref().map(|a| (&a.name, &a.code)), e.target.as_ref().map(|a| (&a.name, &a.code)), doc.slice(e.trigger), e.is_factual(), doc.slice(e.sentence));
    }
}
