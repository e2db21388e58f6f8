//! Train, evaluate and time the recogniser until `dateline train ner` / `dateline eval ner`
//! call the same library functions.
//!
//! ```text
//! cargo run --release -p dateline-ner --example ner -- train --out models/ner.bin \
//!     --train ../shared/corpus/ner/conll2003/train.txt --train ../shared/corpus/ud/en_gum-ud-train.conllu \
//!     --dev ../shared/corpus/ner/conll2003/dev.txt --gazetteer ../shared/gazetteer/geonames \
//!     --unlabelled ../shared/corpus/ud/en_ewt-ud-train.conllu [--epochs N] [--seed S] [--min-count N]
//! cargo run --release -p dateline-ner --example ner -- eval --model models/ner.bin --gold FILE [--json]
//! cargo run --release -p dateline-ner --example ner -- tag --model models/ner.bin --gold FILE
//! cargo run --release -p dateline-ner --example ner -- bench --model models/ner.bin --gold FILE
//! ```

use dateline_ner::{data, evaluate, save_with_manifest, train, Recognizer, TrainOptions};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Command-line flags: repeated `--name value` pairs and bare `--json`.
struct Flags {
    pairs: Vec<(String, String)>,
    json: bool,
}

impl Flags {
    fn parse(args: &[String]) -> Result<Flags, String> {
        let mut pairs = Vec::new();
        let mut json = false;
        let mut i = 0;
        while i < args.len() {
            let name = args[i]
                .strip_prefix("--")
                .ok_or_else(|| format!("unexpected argument {:?}", args[i]))?;
            if name == "json" {
                json = true;
                i += 1;
                continue;
            }
            let value = args
                .get(i + 1)
                .ok_or_else(|| format!("--{name} needs a value"))?;
            pairs.push((name.to_string(), value.clone()));
            i += 2;
        }
        Ok(Flags { pairs, json })
    }

    fn all(&self, name: &str) -> Vec<PathBuf> {
        self.pairs
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| PathBuf::from(v))
            .collect()
    }

    fn one(&self, name: &str) -> Result<String, String> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| format!("--{name} is required"))
    }

    fn number<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, String> {
        match self.pairs.iter().find(|(n, _)| n == name) {
            Some((_, v)) => v
                .parse()
                .map_err(|_| format!("--{name}: not a number: {v:?}")),
            None => Ok(default),
        }
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = args
        .split_first()
        .ok_or("usage: ner train|eval|bench [flags]")?;
    let flags = Flags::parse(rest)?;
    match command.as_str() {
        "train" => {
            let defaults = TrainOptions::default();
            let options = TrainOptions {
                epochs: flags.number("epochs", defaults.epochs)?,
                seed: flags.number("seed", defaults.seed)?,
                min_count: flags.number("min-count", defaults.min_count)?,
                gazetteer: flags.all("gazetteer").into_iter().next(),
                unlabelled: flags.all("unlabelled"),
                lowercase_fraction: flags
                    .number("lowercase-fraction", defaults.lowercase_fraction)?,
                clusters: flags.number("clusters", defaults.clusters)?,
                treebank_outside: flags.all("treebank-outside"),
            };
            let out = PathBuf::from(flags.one("out")?);
            let (recognizer, report) = train(&flags.all("train"), &flags.all("dev"), &options)
                .map_err(|e| e.to_string())?;
            let command_line = format!(
                "cargo run --release -p dateline-ner --example ner -- {}",
                args.join(" ")
            );
            let manifest = save_with_manifest(&recognizer, &report, &out, &command_line)
                .map_err(|e| e.to_string())?;
            println!(
                "{}",
                serde_json::to_string_pretty(&report).expect("report serialises")
            );
            eprintln!("wrote {} and {}", out.display(), manifest.display());
        }
        "eval" => {
            let recognizer =
                Recognizer::load(&PathBuf::from(flags.one("model")?)).map_err(|e| e.to_string())?;
            for gold in flags.all("gold") {
                let score = evaluate(&recognizer, &gold).map_err(|e| e.to_string())?;
                if flags.json {
                    println!(
                        "{}",
                        serde_json::to_string(&score).expect("score serialises")
                    );
                    continue;
                }
                println!(
                    "{}: P {:.4} R {:.4} F1 {:.4} ({} gold, {} predicted, {} correct)",
                    gold.display(),
                    score.precision,
                    score.recall,
                    score.f1,
                    score.gold,
                    score.predicted,
                    score.correct
                );
                for (label, s) in &score.per_type {
                    println!(
                        "  {label:5} P {:.4} R {:.4} F1 {:.4} ({} gold)",
                        s.precision, s.recall, s.f1, s.gold
                    );
                }
                if !score.dropped_predicted_labels.is_empty() {
                    println!(
                        "  dropped {} predictions of types absent from the gold set: {:?}",
                        score.dropped_predicted, score.dropped_predicted_labels
                    );
                }
            }
        }
        "tag" => {
            // Gold file in, `token GOLD PREDICTED` out (conlleval's input), for error analysis.
            let recognizer =
                Recognizer::load(&PathBuf::from(flags.one("model")?)).map_err(|e| e.to_string())?;
            let sentences =
                data::read_iob(&PathBuf::from(flags.one("gold")?)).map_err(|e| e.to_string())?;
            for sentence in &sentences {
                let words: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
                let mut predicted = vec!["O".to_string(); words.len()];
                for (start, end, label) in recognizer.recognize(&words) {
                    for (k, tag) in predicted[start..end].iter_mut().enumerate() {
                        *tag = format!("{}-{}", if k == 0 { "B" } else { "I" }, label.as_str());
                    }
                }
                for ((word, gold), guess) in words.iter().zip(&sentence.tags).zip(&predicted) {
                    let gold = match gold.label() {
                        None => "O".to_string(),
                        Some(l) => format!(
                            "{}-{l}",
                            if matches!(gold, dateline_corpus::iob::Tag::Begin(_)) {
                                "B"
                            } else {
                                "I"
                            }
                        ),
                    };
                    println!("{word} {gold} {guess}");
                }
                println!();
            }
        }
        "bench" => {
            let started = Instant::now();
            let recognizer =
                Recognizer::load(&PathBuf::from(flags.one("model")?)).map_err(|e| e.to_string())?;
            let load_seconds = started.elapsed().as_secs_f64();
            let sentences =
                data::read_iob(&PathBuf::from(flags.one("gold")?)).map_err(|e| e.to_string())?;
            let sentences: Vec<Vec<&str>> = sentences
                .iter()
                .map(|s| s.tokens.iter().map(String::as_str).collect())
                .collect();
            let rounds = flags.number("rounds", 5usize)?;
            let mut work = dateline_ner::model::Work::default();
            let (mut tokens, mut entities) = (0usize, 0usize);
            let started = Instant::now();
            for _ in 0..rounds {
                for words in &sentences {
                    entities += recognizer.recognize_with(words, &mut work).len();
                    tokens += words.len();
                }
            }
            let seconds = started.elapsed().as_secs_f64();
            println!("{tokens} tokens in {seconds:.3} s on one thread: {:.0} tokens/s ({entities} entities); model load {load_seconds:.3} s",
                tokens as f64 / seconds);
        }
        other => return Err(format!("unknown command {other:?} (train, eval or bench)")),
    }
    Ok(())
}
