//! `dateline bench language --gold FILE.conllu`: throughput and memory of the language core
//! on the raw texts of a UD file, beside spaCy on the same texts in the same run.
//!
//! Every row runs on one thread over texts already in memory, after an untimed warm-up.
//! Dateline rows are cumulative: tokenizer + sentence splitter; + tagger and parser; + NER
//! (the statistical core); the whole annotation (+ coreference, places, time expressions,
//! quantities, quotes, events). Tokens are
//! counted by each tool's own tokenizer.

use crate::cmd::bench::peers_python;
use anyhow::{anyhow, Context};
use dateline_document::Document;
use dateline_pipeline::Pipeline;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const PEERS_SCRIPT: &str = include_str!("../../scripts/peers_language.py");

#[derive(Serialize, Deserialize)]
struct Row {
    tool: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    settings: String,
    #[serde(default)]
    tokens: usize,
    #[serde(default)]
    seconds: f64,
    #[serde(default)]
    tokens_per_second: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unavailable: Option<String>,
}

impl Row {
    fn measured(tool: &str, settings: &str, tokens: usize, seconds: f64) -> Row {
        Row {
            tool: tool.into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
            settings: settings.into(),
            tokens,
            seconds,
            tokens_per_second: tokens as f64 / seconds,
            unavailable: None,
        }
    }
}

pub fn run(
    gold: &Path,
    models: &Path,
    peers_python_arg: Option<&Path>,
    json: bool,
) -> anyhow::Result<()> {
    let python = peers_python(peers_python_arg)?;
    let texts: Vec<String> = dateline_eval::sentences::gold_documents(
        &std::fs::read_to_string(gold).with_context(|| gold.display().to_string())?,
    )
    .map_err(|e| anyhow!("{}: {e}", gold.display()))?
    .into_iter()
    .map(|d| d.text)
    .collect();
    let rss_before = peak_rss_kb();
    let pipeline = Pipeline::load(models)?;
    let rss_models = peak_rss_kb();

    let time = |stage: &dyn Fn(&mut Document)| {
        let run = || {
            texts
                .iter()
                .map(|text| {
                    let mut doc = Document {
                        text: text.clone(),
                        ..Default::default()
                    };
                    stage(&mut doc);
                    doc.tokens.len()
                })
                .sum::<usize>()
        };
        run();
        let started = Instant::now();
        let tokens = run();
        (tokens, started.elapsed().as_secs_f64())
    };
    let mut rows = Vec::new();
    let (tokens, seconds) = time(&|doc| dateline_tokenize::annotate(doc));
    rows.push(Row::measured(
        "dateline",
        "tokenizer + sentences",
        tokens,
        seconds,
    ));
    let (tokens, seconds) = time(&|doc| pipeline.annotate_syntax(doc));
    rows.push(Row::measured(
        "dateline",
        "tokenizer + sentences + tagger + parser",
        tokens,
        seconds,
    ));
    let (tokens, seconds) = time(&|doc| pipeline.annotate_language(doc));
    rows.push(Row::measured(
        "dateline",
        "tokenizer + sentences + tagger + parser + NER",
        tokens,
        seconds,
    ));
    let (tokens, seconds) = time(&|doc| pipeline.annotate(doc, None));
    rows.push(Row::measured(
        "dateline",
        "whole annotation (+ coref, timexes, quantities)",
        tokens,
        seconds,
    ));
    let rss_after = peak_rss_kb();

    match python {
        Some(python) => rows.extend(run_spacy(&python, &texts)?),
        None => eprintln!(
            "dateline: no peer environment; run scripts/peers-setup to compare with spaCy"
        ),
    }

    println!(
        "{}: {} texts, one thread per row",
        gold.display(),
        texts.len()
    );
    println!(
        "{:<12} {:>9} {:>8} {:>12}  settings",
        "tool", "tokens", "seconds", "tokens/s"
    );
    for row in &rows {
        match &row.unavailable {
            Some(reason) => println!("{:<12} unavailable: {reason}", row.tool),
            None => println!(
                "{:<12} {:>9} {:>8.2} {:>12.0}  {}",
                row.tool, row.tokens, row.seconds, row.tokens_per_second, row.settings
            ),
        }
    }
    let memory = serde_json::json!({
        "peak_rss_mb_before_models": rss_before.map(|kb| kb as f64 / 1024.0),
        "peak_rss_mb_models_loaded": rss_models.map(|kb| kb as f64 / 1024.0),
        "peak_rss_mb_after_runs": rss_after.map(|kb| kb as f64 / 1024.0),
    });
    println!("memory (Dateline process): {memory}");
    if json {
        println!(
            "{}",
            serde_json::json!({"gold": gold, "texts": texts.len(), "rows": rows, "memory": memory})
        );
    }
    Ok(())
}

/// The process's peak resident set (VmHWM) in kB, where /proc is available.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
}

fn run_spacy(python: &PathBuf, texts: &[String]) -> anyhow::Result<Vec<Row>> {
    let mut child = Command::new(python)
        .arg("-c")
        .arg(PEERS_SCRIPT)
        .env("OMP_NUM_THREADS", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| format!("{}: cannot start", python.display()))?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = serde_json::to_vec(texts)?;
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output()?;
    writer
        .join()
        .map_err(|_| anyhow!("writing texts to spaCy panicked"))??;
    anyhow::ensure!(
        output.status.success(),
        "spaCy script {}; its messages are above",
        output.status
    );
    let mut rows: Vec<Row> =
        serde_json::from_slice(&output.stdout).context("spaCy script output is not JSON")?;
    for row in &mut rows {
        if row.seconds > 0.0 {
            row.tokens_per_second = row.tokens as f64 / row.seconds;
        }
    }
    Ok(rows)
}
