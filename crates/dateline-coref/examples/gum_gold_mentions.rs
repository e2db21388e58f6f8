//! Scores the resolver on GUM's coreference layer with gold mentions:
//! `cargo run --release -p dateline-coref --example gum_gold_mentions -- FILE [--no-syntax]`.
//!
//! The resolver sees the gold mention spans (not their types) and, unless `--no-syntax`,
//! the gold UPOS tags and dependencies; it decides each mention's kind from its words.

use dateline_coref::cluster_token_ranges;
use dateline_eval::coref::evaluate;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: gum_gold_mentions FILE.conllu [--no-syntax]");
        std::process::exit(2);
    };
    let without_syntax = args.iter().any(|a| a == "--no-syntax");
    let gold = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let started = std::time::Instant::now();
    let metrics = evaluate(&gold, |input| {
        let mut doc = input.document();
        if without_syntax {
            for token in &mut doc.tokens {
                (token.upos, token.head, token.deprel) = (None, None, None);
            }
        }
        cluster_token_ranges(&doc, &input.gold_mentions)
    })
    .unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    eprintln!("scored in {:.2}s", started.elapsed().as_secs_f64());
    println!(
        "{}",
        serde_json::to_string_pretty(&metrics).expect("metrics serialise")
    );
}
