//! `dateline eval TASK --gold FILE [--json]`: the one measuring contract. Human-readable
//! lines first; with `--json` the last line is one JSON object with `f1`, `precision`,
//! `recall` and the task's own metrics.

use crate::gold::{self, GoldPage};
use dateline_eval::extraction::{aggregate, score_page};
use dateline_extract::{extract, ExtractOptions};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Task {
    /// Article body, title and date against an extraction gold directory.
    Extraction,
}

#[derive(clap::Args)]
pub struct Args {
    pub task: Task,
    /// Gold file or directory.
    #[arg(long)]
    pub gold: PathBuf,
    /// End with one JSON object of the metrics.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let metrics = match args.task {
        Task::Extraction => extraction(&args)?,
    };
    print_metrics(&metrics, args.json);
    Ok(ExitCode::SUCCESS)
}

fn print_metrics(metrics: &Value, json: bool) {
    if let Some(object) = metrics.as_object() {
        for (key, value) in object {
            match value.as_f64() {
                Some(x) if value.is_f64() => println!("{key:>20}  {x:.4}"),
                _ => println!("{key:>20}  {value}"),
            }
        }
    }
    if json {
        println!("{metrics}");
    }
}

fn extraction(args: &Args) -> anyhow::Result<Value> {
    let (pages, unreadable) = gold::load_extraction(&args.gold)?;
    let options = ExtractOptions::default();
    let started = Instant::now();
    let docs: Vec<_> = pages.par_iter().map(|p| extract(&p.raw, &options)).collect();
    let seconds = started.elapsed().as_secs_f64();
    let mut metrics = if pages.iter().any(|p| p.expected.body.is_some()) {
        let scores: Vec<_> = pages
            .iter()
            .zip(&docs)
            .filter_map(|(p, d)| p.expected.body.as_ref().map(|gold| score_page(gold, &d.body_text())))
            .collect();
        serde_json::to_value(aggregate(&scores))?
    } else {
        snippet_metrics(&pages, &docs)
    };
    let object = metrics.as_object_mut().expect("metrics are an object");
    object.extend(metadata_accuracy(&pages, &docs));
    object.insert("unreadable_pages".into(), json!(unreadable));
    object.insert("seconds".into(), json!(seconds));
    Ok(metrics)
}

fn normalise_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// trafilatura's metric: a "with" snippet found is a true positive, missed a false negative;
/// a "without" snippet found is a false positive, absent a true negative.
pub(crate) fn snippet_metrics(pages: &[GoldPage], docs: &[dateline_document::Document]) -> Value {
    let (mut tp, mut fn_, mut fp, mut tn) = (0usize, 0usize, 0usize, 0usize);
    for (page, doc) in pages.iter().zip(docs) {
        let body = normalise_space(&doc.body_text());
        for snippet in &page.expected.with {
            if body.contains(&normalise_space(snippet)) {
                tp += 1
            } else {
                fn_ += 1
            }
        }
        for snippet in &page.expected.without {
            if body.contains(&normalise_space(snippet)) {
                fp += 1
            } else {
                tn += 1
            }
        }
    }
    let ratio = |a: usize, b: usize| if a + b == 0 { 0.0 } else { a as f64 / (a + b) as f64 };
    let (precision, recall) = (ratio(tp, fp), ratio(tp, fn_));
    json!({
        "precision": precision,
        "recall": recall,
        "f1": dateline_eval::f1(precision, recall),
        "accuracy": ratio(tp + tn, fp + fn_),
        "pages": pages.len(),
    })
}

/// Title and date accuracy over the pages whose gold has them.
fn metadata_accuracy(pages: &[GoldPage], docs: &[dateline_document::Document]) -> serde_json::Map<String, Value> {
    let loose = |s: &str| normalise_space(s).to_lowercase();
    let (mut titles, mut titles_right, mut dates, mut dates_right) = (0, 0, 0, 0);
    for (page, doc) in pages.iter().zip(docs) {
        if let Some(title) = &page.expected.title {
            titles += 1;
            titles_right += usize::from(doc.meta.title.as_deref().map(loose) == Some(loose(title)));
        }
        if let Some(date) = &page.expected.date {
            dates += 1;
            dates_right += usize::from(doc.meta.published.as_deref().is_some_and(|d| d.starts_with(date.as_str())));
        }
    }
    let mut out = serde_json::Map::new();
    if titles > 0 {
        out.insert("title_accuracy".into(), json!(titles_right as f64 / titles as f64));
        out.insert("titles".into(), json!(titles));
    }
    if dates > 0 {
        out.insert("date_accuracy".into(), json!(dates_right as f64 / dates as f64));
        out.insert("dates".into(), json!(dates));
    }
    out
}
