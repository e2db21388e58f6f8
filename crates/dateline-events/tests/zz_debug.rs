// TEMPORARY debugging harness (to be deleted).
use dateline_document::{Block, BlockKind, Document, Metadata, Span};
use dateline_pipeline::Pipeline;
use std::path::PathBuf;

#[test]
fn zz_debug() {
    let Some(which) = std::env::var_os("ZZ") else { return };
    let which = which.to_string_lossy().to_string();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let pipeline = Pipeline::load(&root.join("models")).unwrap();
    let shared = root.join("../shared/corpus/events");
    let petrarch = which.starts_with('p');
    let file = if petrarch { "petrarch2-validation.jsonl" } else { "plover-gsr.jsonl" };
    let coder = petrarch.then(|| {
        dateline_events::Coder::new(
            dateline_events::Dictionaries::from_files(&dateline_events::validation_files(
                &shared.join("dictionaries"),
                &shared.join("plover"),
            ))
            .unwrap(),
        )
    });
    let filter = std::env::var("ZZID").unwrap_or_default();
    for (i, line) in std::fs::read_to_string(shared.join(file)).unwrap().lines().enumerate() {
        if i % 2 == 1 { continue; }
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = r["id"].as_str().unwrap();
        if !id.contains(&filter) { continue; }
        let text = r["text"].as_str().unwrap().to_string();
        let date = r["date"].as_str().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y%m%d").ok());
        let mut doc = Document {
            meta: Metadata { published: date.map(|d| d.to_string()), ..Default::default() },
            blocks: vec![Block { kind: BlockKind::Paragraph, span: Span::new(0, text.chars().count()) }],
            text,
            ..Default::default()
        };
        pipeline.annotate(&mut doc, None);
        if let Some(c) = &coder { dateline_events::annotate(&mut doc, c, date); }
        let gold: Vec<String> = r["events"].as_array().unwrap().iter().map(|e| format!("{} {} {} {}", e["source"].as_str().unwrap(), e["target"].as_str().unwrap(), e["code"].as_str().unwrap(), e["mode"].as_str().unwrap_or(""))).collect();
        let got: Vec<String> = doc.events.iter().map(|e| format!("{} {} {} {:?} {:?} [{}] neg={} hyp={} fut={}", e.source.as_ref().and_then(|a| a.code.clone()).unwrap_or("-".into()), e.target.as_ref().and_then(|a| a.code.clone()).unwrap_or("-".into()), e.cameo, e.plover, e.mode, doc.slice(e.trigger), e.negated, e.hypothetical, e.future)).collect();
        println!("\n{id}: {}\n  gold: {gold:?}\n  got:  {got:?}", doc.text);
        if std::env::var_os("ZZT").is_some() {
            for t in &doc.tokens { println!("    {:?} {:?} {:?} {:?}", doc.slice(t.span), t.upos, t.head, t.deprel); }
        }
    }
}
