//! `dateline bench language --gold FILE.conllu`: throughput and memory of the language core
//! on the raw texts of a UD file, beside spaCy on the same texts in the same run.
//!
//! The texts are the documents of a UD CoNLL-U file, or the `text` fields of a JSONL file
//! (`--gold FILE.jsonl`: news articles such as PolNeAR's, to see the later stages at work).
//! Every row runs on one thread over texts already in memory, after an untimed warm-up,
//! repeating passes for at least three seconds.
//! Dateline rows are cumulative: tokenizer + sentence splitter; + tagger and parser; + NER
//! (the statistical core); then each later stage of the pipeline (coreference, places, time
//! expressions and quantities, quotes, events), timed one by one in one pass, with what it
//! adds to the core's time. Tokens are counted by each tool's own tokenizer.
//!
//! Beside the wall clock, each Dateline row reports the measuring thread's own CPU time
//! (`cpu_seconds`, `tokens_per_cpu_second`): the issue asks for tokens per second per core,
//! and on a shared machine the wall clock also counts the time other processes had the
//! core (the CPU time still pays for their share of the cache).

use crate::cmd::bench::peers_python;
use anyhow::{anyhow, Context};
use dateline_document::Document;
use dateline_pipeline::{thread_cpu_time, Pipeline, Stage};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// Each row repeats whole passes over the texts for at least this long: a single pass over
/// EWT dev takes a quarter of a second, too short to measure steadily.
const MIN_ROW_SECONDS: f64 = 3.0;

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
    texts_per_second: Option<f64>,
    /// CPU time of the measuring thread over the same passes, where the platform has a
    /// per-thread CPU clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cpu_seconds: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tokens_per_cpu_second: Option<f64>,
    /// For a stage after the core: its own time as a fraction of the core's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    adds_to_core: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unavailable: Option<String>,
}

impl Row {
    fn measured(
        settings: &str,
        tokens: usize,
        texts: usize,
        (seconds, cpu_seconds): (f64, Option<f64>),
    ) -> Row {
        Row {
            tool: "dateline".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
            settings: settings.into(),
            tokens,
            seconds,
            tokens_per_second: tokens as f64 / seconds,
            texts_per_second: Some(texts as f64 / seconds),
            cpu_seconds,
            tokens_per_cpu_second: cpu_seconds.map(|cpu| tokens as f64 / cpu),
            adds_to_core: None,
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
    let texts = read_texts(gold)?;
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
        let started_cpu = thread_cpu_seconds();
        let (mut tokens, mut passes) = (0, 0);
        while started.elapsed().as_secs_f64() < MIN_ROW_SECONDS {
            tokens += run();
            passes += 1;
        }
        let cpu_seconds = thread_cpu_seconds()
            .zip(started_cpu)
            .map(|(end, start)| end - start);
        (
            tokens,
            passes * texts.len(),
            (started.elapsed().as_secs_f64(), cpu_seconds),
        )
    };
    let mut rows = Vec::new();
    let (tokens, n, times) = time(&|doc| dateline_tokenize::annotate(doc));
    rows.push(Row::measured("tokenizer + sentences", tokens, n, times));
    let (tokens, n, times) = time(&|doc| pipeline.annotate_syntax(doc));
    rows.push(Row::measured(
        "tokenizer + sentences + tagger + parser",
        tokens,
        n,
        times,
    ));
    let (tokens, n, core_times) = time(&|doc| pipeline.annotate_language(doc));
    rows.push(Row::measured(
        "tokenizer + sentences + tagger + parser + NER",
        tokens,
        n,
        core_times,
    ));
    rows.extend(later_stage_rows(&pipeline, &texts, (tokens, core_times)));
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
        "{:<12} {:>9} {:>8} {:>12} {:>14} {:>8} {:>9}  settings",
        "tool", "tokens", "seconds", "tokens/s", "tokens/CPU-s", "texts/s", "vs core"
    );
    for row in &rows {
        match &row.unavailable {
            Some(reason) => println!("{:<12} unavailable: {reason}", row.tool),
            None => println!(
                "{:<12} {:>9} {:>8.2} {:>12.0} {:>14} {:>8} {:>9}  {}",
                row.tool,
                row.tokens,
                row.seconds,
                row.tokens_per_second,
                row.tokens_per_cpu_second
                    .map_or(String::new(), |t| format!("{t:.0}")),
                row.texts_per_second
                    .map_or(String::new(), |t| format!("{t:.1}")),
                row.adds_to_core
                    .map_or(String::new(), |f| format!("+{:.0}%", f * 100.0)),
                row.settings
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

/// The documents of a UD CoNLL-U file, or the `text` field of each line of a JSONL file.
fn read_texts(path: &Path) -> anyhow::Result<Vec<String>> {
    let content = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
    let texts = if path.extension().is_some_and(|e| e == "jsonl") {
        #[derive(Deserialize)]
        struct Line {
            text: String,
        }
        dateline_eval::read_jsonl::<Line>(&content)
            .map_err(|e| anyhow!("{}: {e}", path.display()))?
            .into_iter()
            .map(|l| l.text)
            .collect()
    } else {
        dateline_eval::sentences::gold_documents(&content)
            .map_err(|e| anyhow!("{}: {e}", path.display()))?
            .into_iter()
            .map(|d| d.text)
            .collect()
    };
    Ok(texts)
}

/// One pass of the whole pipeline (after a warm-up pass), each stage after the core timed on
/// its own; rows are cumulative from the core's time, as the rows before them.
fn later_stage_rows(
    pipeline: &Pipeline,
    texts: &[String],
    (core_tokens, (core_seconds, core_cpu_seconds)): (usize, (f64, Option<f64>)),
) -> Vec<Row> {
    let later = &Stage::ALL[1..];
    // Per stage: wall-clock seconds and thread CPU seconds (NaN without a thread CPU clock).
    let run = || {
        let mut spent = vec![(0.0, 0.0); later.len()];
        let mut tokens = 0;
        for text in texts {
            let mut doc = Document {
                text: text.clone(),
                ..Default::default()
            };
            pipeline.annotate_stage(Stage::Language, &mut doc, None);
            for (stage, (seconds, cpu_seconds)) in later.iter().zip(&mut spent) {
                let (started, started_cpu) = (Instant::now(), thread_cpu_seconds());
                pipeline.annotate_stage(*stage, &mut doc, None);
                *seconds += started.elapsed().as_secs_f64();
                *cpu_seconds += thread_cpu_seconds()
                    .zip(started_cpu)
                    .map_or(f64::NAN, |(end, start)| end - start);
            }
            tokens += doc.tokens.len();
        }
        (tokens, spent)
    };
    run();
    let started = Instant::now();
    let (mut tokens, mut passes, mut spent) = (0, 0, vec![(0.0, 0.0); later.len()]);
    while started.elapsed().as_secs_f64() < MIN_ROW_SECONDS {
        let (pass_tokens, pass_spent) = run();
        tokens += pass_tokens;
        passes += 1;
        for (total, pass) in spent.iter_mut().zip(pass_spent) {
            total.0 += pass.0;
            total.1 += pass.1;
        }
    }
    // The core's rate over these passes' tokens: rows stay comparable whatever the passes.
    let scale_to_these_passes = tokens as f64 / core_tokens as f64;
    let core_seconds = core_seconds * scale_to_these_passes;
    let core_cpu_seconds = core_cpu_seconds.map(|s| s * scale_to_these_passes);
    // `dateline quotes` runs only the stages quotes read (`Pipeline::annotate_for`).
    let mut quotes_job = (core_seconds, core_cpu_seconds);
    for (stage, &spent) in later.iter().zip(&spent) {
        if stage.is_run_for(Stage::Quotes) {
            add_time(&mut quotes_job, spent);
        }
    }
    let quotes_job = Row::measured(
        "quotes alone: core + coreference + places + quotes (dateline quotes)",
        tokens,
        passes * texts.len(),
        quotes_job,
    );
    let mut cumulative = (core_seconds, core_cpu_seconds);
    let mut rows: Vec<Row> = later
        .iter()
        .zip(spent)
        .map(|(stage, (seconds, cpu_seconds))| {
            add_time(&mut cumulative, (seconds, cpu_seconds));
            let mut row = Row::measured(
                &format!("+ {}", stage.what_it_adds()),
                tokens,
                passes * texts.len(),
                cumulative,
            );
            row.adds_to_core = Some(seconds / core_seconds);
            row
        })
        .collect();
    rows.push(quotes_job);
    rows
}

/// Adds a stage's (wall-clock, thread CPU) seconds to a total; the CPU total is lost for
/// good once a stage had no CPU clock (NaN).
fn add_time(total: &mut (f64, Option<f64>), (seconds, cpu_seconds): (f64, f64)) {
    total.0 += seconds;
    total.1 = total.1.map(|c| c + cpu_seconds).filter(|c| c.is_finite());
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

/// The calling thread's CPU time in seconds, as the rows report it.
fn thread_cpu_seconds() -> Option<f64> {
    thread_cpu_time().map(|t| t.as_secs_f64())
}
