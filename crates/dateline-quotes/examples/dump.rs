// TEMPORARY debugging aid (to be deleted): gold JSONL in, predicted quotes + parse out.
use dateline_document::{Block, BlockKind, Document, Span};
use std::io::BufRead;
fn main() {
    let pipeline = dateline_pipeline::Pipeline::load(&dateline_pipeline::Pipeline::default_models_dir()).unwrap();
    for line in std::io::stdin().lock().lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let text = v["text"].as_str().unwrap().to_string();
        let mut blocks = Vec::new();
        let mut start = 0;
        for piece in text.split('\n') {
            let len = piece.chars().count();
            if !piece.trim().is_empty() {
                blocks.push(Block { kind: BlockKind::Paragraph, span: Span::new(start, start + len) });
            }
            start += len + 1;
        }
        let mut doc = Document { text, blocks, ..Default::default() };
        pipeline.annotate(&mut doc, None);
        println!("{}", serde_json::json!({"id": v["id"], "quotes": doc.quotes, "tokens": doc.tokens, "sentences": doc.sentences, "entities": doc.entities}));
    }
}
