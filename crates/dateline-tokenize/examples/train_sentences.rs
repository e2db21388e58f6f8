//! Trains the sentence-boundary model from UD CoNLL-U files and writes it to a file, then
//! reports sentence-boundary scores of the rules alone and of the model on the dev files.
//!
//! Reproduce the shipped model (from the repository root):
//! `cargo run --release -p dateline-tokenize --example train_sentences -- --out models/sentence-boundaries.tsv --train ../shared/corpus/ud/en_ewt-ud-train.conllu ../shared/corpus/ud/en_gum-ud-train.conllu --dev ../shared/corpus/ud/en_ewt-ud-dev.conllu ../shared/corpus/ud/en_gum-ud-dev.conllu`

use dateline_eval::sentences::{evaluate, gold_documents};
use dateline_tokenize::{
    tokenize, train_boundary_model, SentenceSplitter, TrainingDocument, TrainingOptions,
};
use std::time::Instant;

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
}

fn main() -> Result<(), String> {
    let (mut out, mut train, mut dev) = (None, Vec::new(), Vec::new());
    let mut list = &mut train;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => out = args.next(),
            "--train" => list = &mut train,
            "--dev" => list = &mut dev,
            _ => list.push(arg),
        }
    }
    let out = out.ok_or("usage: train_sentences --out FILE --train CONLLU... [--dev CONLLU...]")?;
    let mut documents = Vec::new();
    for path in &train {
        let gold = gold_documents(&read(path)?).map_err(|e| format!("{path}: {e}"))?;
        documents.extend(gold.into_iter().map(|d| TrainingDocument {
            text: d.text,
            sentence_ends: d.sentence_ends,
        }));
    }
    let started = Instant::now();
    let model = train_boundary_model(&documents, &TrainingOptions::default());
    let serialized = model.serialize();
    std::fs::write(&out, &serialized).map_err(|e| format!("{out}: {e}"))?;
    println!(
        "trained on {} documents in {:.1} s: {} features, {} bytes -> {out}",
        documents.len(),
        started.elapsed().as_secs_f64(),
        serialized.lines().count(),
        serialized.len()
    );
    let splitters = [
        ("rules", SentenceSplitter::rules()),
        ("model", SentenceSplitter::with_model(model)),
    ];
    for path in &dev {
        let gold = read(path)?;
        for (name, splitter) in &splitters {
            let split = |text: &str| {
                splitter
                    .split(text, &tokenize(text))
                    .iter()
                    .map(|s| (s.span.start, s.span.end))
                    .collect()
            };
            let m = evaluate(&gold, split).map_err(|e| format!("{path}: {e}"))?;
            println!(
                "{path} {name}: precision {:.4} recall {:.4} F1 {:.4}",
                m.precision, m.recall, m.f1
            );
        }
    }
    Ok(())
}
