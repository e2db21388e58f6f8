//! Tokenize + sentence-split throughput on the raw text of CoNLL-U files, one core.
//!
//! `cargo run --release -p dateline-tokenize --example tokenize_throughput -- ../shared/corpus/ud/en_ewt-ud-dev.conllu`

use dateline_tokenize::{split_sentences, tokenize};
use std::time::{Duration, Instant};

const MINIMUM_RUN: Duration = Duration::from_secs(3);

fn main() -> Result<(), String> {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        return Err("usage: throughput FILE.conllu...".into());
    }
    let mut texts = Vec::new();
    for path in &paths {
        let conllu = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        let documents = dateline_eval::sentences::gold_documents(&conllu)
            .map_err(|e| format!("{path}: {e}"))?;
        texts.extend(documents.into_iter().map(|d| d.text));
    }
    let characters: usize = texts.iter().map(|t| t.chars().count()).sum();
    let (mut tokens, mut sentences, mut passes) = (0usize, 0usize, 0usize);
    let started = Instant::now();
    while started.elapsed() < MINIMUM_RUN {
        for text in &texts {
            let document_tokens = tokenize(text);
            sentences += split_sentences(text, &document_tokens).len();
            tokens += document_tokens.len();
        }
        passes += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{} documents, {} characters, {} tokens and {} sentences per pass; {passes} passes in {seconds:.2} s",
        texts.len(),
        characters,
        tokens / passes,
        sentences / passes,
    );
    println!(
        "{:.0} tokens/s, {:.1} MB chars/s (one core)",
        tokens as f64 / seconds,
        (characters * passes) as f64 / seconds / 1e6
    );
    Ok(())
}
