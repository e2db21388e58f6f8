//! Train, evaluate and time the tagger and parser until `dateline train|eval` call the
//! library directly.
//!
//! ```text
//! syntax train-tagger --out models/tagger.bin --train A.conllu... --dev B.conllu... [--epochs N] [--seed S] [--prune P]
//! syntax train-parser --tagger models/tagger.bin --out models/parser.bin --train ... --dev ... [--epochs N] [--folds K]
//! syntax eval --tagger models/tagger.bin [--parser models/parser.bin] FILE.conllu...
//! syntax predict --tagger models/tagger.bin [--parser models/parser.bin] FILE.conllu...
//! syntax bench --tagger models/tagger.bin --parser models/parser.bin FILE.conllu [--rounds N]
//! ```

use dateline_syntax::train::{read_treebank, ParserTrainOptions};
use dateline_syntax::{
    evaluate_parser, evaluate_tagger, train_parser, train_tagger, write_model, Parser, Tagger,
    TaggerOptions,
};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Default)]
struct Args {
    command: String,
    out: Option<PathBuf>,
    tagger: Option<PathBuf>,
    parser: Option<PathBuf>,
    train: Vec<PathBuf>,
    dev: Vec<PathBuf>,
    files: Vec<PathBuf>,
    options: Vec<(String, String)>,
}

impl Args {
    fn parse() -> Result<Args, String> {
        let mut raw = std::env::args().skip(1);
        let mut args = Args {
            command: raw.next().ok_or("missing command")?,
            ..Default::default()
        };
        while let Some(a) = raw.next() {
            let mut value = || raw.next().ok_or(format!("{a} needs a value"));
            match a.as_str() {
                "--out" => args.out = Some(value()?.into()),
                "--tagger" => args.tagger = Some(value()?.into()),
                "--parser" => args.parser = Some(value()?.into()),
                "--train" => args.train.push(value()?.into()),
                "--dev" => args.dev.push(value()?.into()),
                flag if flag.starts_with("--") => {
                    args.options.push((flag[2..].to_string(), value()?))
                }
                file => args.files.push(file.into()),
            }
        }
        Ok(args)
    }

    fn number<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, String> {
        match self.options.iter().rev().find(|(k, _)| k == name) {
            Some((_, v)) => v.parse().map_err(|_| format!("--{name}: bad value {v:?}")),
            None => Ok(default),
        }
    }

    fn required(path: &Option<PathBuf>, flag: &str) -> Result<PathBuf, String> {
        path.clone().ok_or(format!("{flag} is required"))
    }

    fn tagger_options(
        &self,
        prefix: &str,
        defaults: TaggerOptions,
    ) -> Result<TaggerOptions, String> {
        Ok(TaggerOptions {
            epochs: self.number(&format!("{prefix}epochs"), defaults.epochs)?,
            seed: self.number(&format!("{prefix}seed"), defaults.seed)?,
            prune: self.number(&format!("{prefix}prune"), defaults.prune)?,
        })
    }
}

fn run() -> Result<(), String> {
    let args = Args::parse()?;
    let command_line = std::env::args().collect::<Vec<_>>().join(" ");
    match args.command.as_str() {
        "train-tagger" => {
            let out = Args::required(&args.out, "--out")?;
            let options = args.tagger_options("", TaggerOptions::default())?;
            let (tagger, report) =
                train_tagger(&args.train, &args.dev, &options).map_err(|e| e.to_string())?;
            let manifest = write_model(&out, &tagger.to_bytes(), "tagger", &command_line, &report)
                .map_err(|e| e.to_string())?;
            println!(
                "{}",
                serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
            );
            eprintln!("wrote {} and {}", out.display(), manifest.display());
        }
        "train-parser" => {
            let out = Args::required(&args.out, "--out")?;
            let tagger = Tagger::load(Args::required(&args.tagger, "--tagger")?)
                .map_err(|e| e.to_string())?;
            let defaults = ParserTrainOptions::default();
            let mut options = defaults;
            options.parser.epochs = args.number("epochs", defaults.parser.epochs)?;
            options.parser.seed = args.number("seed", defaults.parser.seed)?;
            options.parser.prune = args.number("prune", defaults.parser.prune)?;
            options.parser.explore = args.number("explore", defaults.parser.explore)?;
            options.parser.explore_from =
                args.number("explore-from", defaults.parser.explore_from)?;
            options.jackknife_folds = args.number("folds", defaults.jackknife_folds)?;
            options.tagger = args.tagger_options("tagger-", defaults.tagger)?;
            let (parser, report) = train_parser(&args.train, &args.dev, &tagger, &options)
                .map_err(|e| e.to_string())?;
            let manifest = write_model(&out, &parser.to_bytes(), "parser", &command_line, &report)
                .map_err(|e| e.to_string())?;
            println!(
                "{}",
                serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
            );
            eprintln!("wrote {} and {}", out.display(), manifest.display());
        }
        "eval" => {
            // --prune T: score the models as they would be with weights below T dropped.
            let prune: f32 = args.number("prune", 0.0)?;
            let tagger = Tagger::load(Args::required(&args.tagger, "--tagger")?)
                .map_err(|e| e.to_string())?
                .pruned(prune);
            let parser = args
                .parser
                .as_ref()
                .map(Parser::load)
                .transpose()
                .map_err(|e| e.to_string())?
                .map(|p| p.pruned(prune));
            if let Some(out) = &args.out {
                let bytes = parser
                    .as_ref()
                    .map_or_else(|| tagger.to_bytes(), |p| p.to_bytes());
                std::fs::write(out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
                eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
            }
            for file in &args.files {
                let gold = read_treebank(file).map_err(|e| e.to_string())?;
                let mut result = serde_json::json!({
                    "file": file.display().to_string(),
                    "tagger": evaluate_tagger(&tagger, &gold.sentences),
                });
                if let Some(parser) = &parser {
                    result["parser_predicted_tags"] =
                        serde_json::json!(evaluate_parser(parser, Some(&tagger), &gold.sentences));
                    result["parser_gold_tags"] =
                        serde_json::json!(evaluate_parser(parser, None, &gold.sentences));
                }
                println!(
                    "{}",
                    serde_json::to_string_pretty(&result).map_err(|e| e.to_string())?
                );
            }
        }
        "predict" => predict(&args)?,
        "bench" => bench(&args)?,
        other => return Err(format!("unknown command {other:?}")),
    }
    Ok(())
}

/// Prints each word as `form<TAB>gold UPOS<TAB>predicted UPOS<TAB>gold head:deprel<TAB>predicted
/// head:deprel`, sentences separated by a blank line: the input for error analysis.
fn predict(args: &Args) -> Result<(), String> {
    let tagger =
        Tagger::load(Args::required(&args.tagger, "--tagger")?).map_err(|e| e.to_string())?;
    let parser = args
        .parser
        .as_ref()
        .map(Parser::load)
        .transpose()
        .map_err(|e| e.to_string())?;
    for file in &args.files {
        let gold = read_treebank(file).map_err(|e| e.to_string())?;
        for s in &gold.sentences {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let tags = tagger.tag(&words);
            let arcs = parser.as_ref().map(|p| p.parse(&words, &tags));
            for (i, w) in s.words.iter().enumerate() {
                let arc = arcs
                    .as_ref()
                    .map(|a| format!("{}:{}", a[i].0, a[i].1))
                    .unwrap_or_default();
                println!(
                    "{}\t{}\t{}\t{}:{}\t{arc}",
                    w.form,
                    w.upos,
                    tags[i].as_str(),
                    w.head,
                    w.deprel
                );
            }
            println!();
        }
    }
    Ok(())
}

/// Single-threaded throughput of tagger and parser on the words of CoNLL-U files.
fn bench(args: &Args) -> Result<(), String> {
    let started = Instant::now();
    let tagger =
        Tagger::load(Args::required(&args.tagger, "--tagger")?).map_err(|e| e.to_string())?;
    let tagger_load = started.elapsed();
    let started = Instant::now();
    let parser =
        Parser::load(Args::required(&args.parser, "--parser")?).map_err(|e| e.to_string())?;
    let parser_load = started.elapsed();
    let rounds: usize = args.number("rounds", 3)?;
    let mut sentences: Vec<Vec<String>> = Vec::new();
    for file in &args.files {
        let gold = read_treebank(file).map_err(|e| e.to_string())?;
        sentences.extend(
            gold.sentences
                .iter()
                .map(|s| s.words.iter().map(|w| w.form.clone()).collect()),
        );
    }
    let words: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.iter().map(String::as_str).collect())
        .collect();
    let tokens: usize = words.iter().map(Vec::len).sum::<usize>() * rounds;
    let (mut tag_seconds, mut parse_seconds) = (0.0, 0.0);
    let mut checksum = 0usize;
    for _ in 0..rounds {
        for s in &words {
            let t0 = Instant::now();
            let tags = tagger.tag(s);
            let t1 = Instant::now();
            let arcs = parser.parse(s, &tags);
            tag_seconds += (t1 - t0).as_secs_f64();
            parse_seconds += t1.elapsed().as_secs_f64();
            checksum += arcs.iter().map(|a| a.0).sum::<usize>();
        }
    }
    println!(
        "{}",
        serde_json::json!({
            "tokens": tokens,
            "tagger_load_ms": tagger_load.as_secs_f64() * 1e3,
            "parser_load_ms": parser_load.as_secs_f64() * 1e3,
            "tagger_tokens_per_second": tokens as f64 / tag_seconds,
            "parser_tokens_per_second": tokens as f64 / parse_seconds,
            "tagger_and_parser_tokens_per_second": tokens as f64 / (tag_seconds + parse_seconds),
            "checksum": checksum,
        })
    );
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}
