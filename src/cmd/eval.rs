//! `dateline eval TASK --gold FILE [--json]`: the one measuring contract. Human-readable
//! lines first; with `--json` the last line is one JSON object with `f1`, `precision`,
//! `recall` and the task's own metrics.

use crate::cmd::eval_language;
use crate::gold::{self, GoldPage};
use anyhow::Context;
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
    /// Time expressions against MEANTIME-style JSONL (TempEval-3 measures).
    Timex,
    /// Geoparsing on the JSONL of `../shared/corpus/geo/`: toponym P/R/F1, accuracy@161 km,
    /// mean/median error, AUC (end to end, or `--gold-spans`).
    Geo,
    /// Sentence boundaries on the raw text of a UD CoNLL-U file.
    Sentences,
    /// UPOS accuracy on the gold tokens of a UD CoNLL-U file.
    Pos,
    /// UAS/LAS on the gold tokens of a UD CoNLL-U file (predicted tags).
    Parse,
    /// Entity F1 on an IOB2 file (CoNLL-2003, Universal NER).
    Ner,
    /// Coreference (MUC, B3, CEAF-e, CoNLL mean) on GUM's entity layer (CoNLL-U).
    Coref,
    /// Quotations and speakers on the JSONL of `../shared/corpus/quotes/` (span P/R/F1).
    Quotes,
    /// Quote speakers resolved to names ("he" -> the person), judged by GUM's coreference
    /// (CoNLL-U): accuracy overall and by how the speaker is written.
    Speakers,
    /// Event coding on `../shared/corpus/events/`: PETRARCH2 validation pass rate and
    /// (source, target, code) P/R/F1, or PLOVER gold type and (type, source, target) P/R/F1.
    Events,
    /// Near-duplicate detection on labelled pairs built from the articles of a JSONL file
    /// (a `text` field per line) or a directory of `.txt` files: edited copies (boilerplate,
    /// trimmed reprint, new headline, edited sentences, update) against the most similar and
    /// a random other article.
    Duplicates,
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
    /// Geo: resolve the gold toponym spans instead of finding toponyms (geocoding only).
    #[arg(long)]
    pub gold_spans: bool,
    /// Directory of trained models (default: `$DATELINE_MODELS`, else the repository's `models/`).
    #[arg(long)]
    pub models: Option<PathBuf>,
    /// Events: the PETRARCH2 dictionary directory holding `PETR.Validate.*` (default: the
    /// gold file's `dictionaries/` sibling).
    #[arg(long)]
    pub dictionaries: Option<PathBuf>,
}

impl Args {
    pub fn models_dir(&self) -> PathBuf {
        self.models
            .clone()
            .unwrap_or_else(dateline_pipeline::Pipeline::default_models_dir)
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let metrics = match args.task {
        Task::Extraction => extraction(&args)?,
        Task::Timex => timex(&args)?,
        Task::Geo => geo(&args)?,
        Task::Sentences => eval_language::sentences(&args.gold)?,
        Task::Pos => eval_language::pos(&args.gold, &args.models_dir())?,
        Task::Parse => eval_language::parse(&args.gold, &args.models_dir())?,
        Task::Ner => eval_language::ner(&args.gold, &args.models_dir())?,
        Task::Coref => eval_language::coref(&args.gold, &args.models_dir())?,
        Task::Quotes => crate::cmd::quotes::eval(&args.gold, &args.models_dir())?,
        Task::Speakers => crate::cmd::quotes::eval_speakers(&args.gold, &args.models_dir())?,
        Task::Events => crate::cmd::events::eval(&args)?,
        Task::Duplicates => duplicates(&args)?,
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
    let docs: Vec<_> = pages
        .par_iter()
        .map(|p| extract(&p.raw, &options))
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    let mut metrics = if pages.iter().any(|p| p.expected.body.is_some()) {
        let scores: Vec<_> = pages
            .iter()
            .zip(&docs)
            .filter_map(|(p, d)| {
                p.expected
                    .body
                    .as_ref()
                    .map(|gold| score_page(gold, &d.body_text()))
            })
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
    let ratio = |a: usize, b: usize| {
        if a + b == 0 {
            0.0
        } else {
            a as f64 / (a + b) as f64
        }
    };
    let (precision, recall) = (ratio(tp, fp), ratio(tp, fn_));
    json!({
        "precision": precision,
        "recall": recall,
        "f1": dateline_eval::f1(precision, recall),
        "accuracy": ratio(tp + tn, fp + fn_),
        "pages": pages.len(),
    })
}

/// Title, date and author accuracy over the pages whose gold has them (title and author
/// compared case- and space-insensitively, date on its `YYYY-MM-DD` prefix).
pub(crate) fn metadata_accuracy(
    pages: &[GoldPage],
    docs: &[dateline_document::Document],
) -> serde_json::Map<String, Value> {
    let loose = |s: &str| normalise_space(s).to_lowercase();
    let mut out = serde_json::Map::new();
    let mut score =
        |name: &str, judge: &dyn Fn(&GoldPage, &dateline_document::Document) -> Option<bool>| {
            let judged: Vec<bool> = pages
                .iter()
                .zip(docs)
                .filter_map(|(p, d)| judge(p, d))
                .collect();
            if !judged.is_empty() {
                let right = judged.iter().filter(|ok| **ok).count();
                out.insert(
                    format!("{name}_accuracy"),
                    json!(right as f64 / judged.len() as f64),
                );
                out.insert(format!("{name}s"), json!(judged.len()));
            }
        };
    score("title", &|p, d| {
        p.expected
            .title
            .as_ref()
            .map(|t| d.meta.title.as_deref().map(loose) == Some(loose(t)))
    });
    score("date", &|p, d| {
        p.expected.date.as_ref().map(|t| {
            d.meta
                .published
                .as_deref()
                .is_some_and(|x| x.starts_with(t.as_str()))
        })
    });
    score("author", &|p, d| {
        p.expected
            .author
            .as_ref()
            .map(|a| loose(&d.meta.authors.join("; ")) == loose(a))
    });
    out
}

fn timex(args: &Args) -> anyhow::Result<Value> {
    use dateline_eval::timex::{evaluate, read_gold, Predicted};
    let text =
        std::fs::read_to_string(&args.gold).with_context(|| args.gold.display().to_string())?;
    let gold = read_gold(&text).map_err(|e| anyhow::anyhow!("{}: {e}", args.gold.display()))?;
    let metrics = evaluate(&gold, |doc| {
        let dct = doc
            .dct
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        dateline_timex::find(&doc.text, dct)
            .into_iter()
            .map(|t| Predicted {
                span: t.span,
                kind: t.kind.as_str().to_string(),
                value: t.value,
            })
            .collect()
    });
    Ok(serde_json::to_value(metrics)?)
}

/// Geoparsing: end to end (the whole pipeline finds and resolves the places), or with
/// `--gold-spans` (the resolver geocodes the gold toponyms, with the fallback to the
/// article's main area for names not in the gazetteer).
fn geo(args: &Args) -> anyhow::Result<Value> {
    use dateline_eval::geo::{evaluate, read_gold, Predicted};
    use dateline_geo::{demonyms, Cue, Toponym};
    let text =
        std::fs::read_to_string(&args.gold).with_context(|| args.gold.display().to_string())?;
    let gold = read_gold(&text).map_err(|e| anyhow::anyhow!("{}: {e}", args.gold.display()))?;
    let models = args.models_dir();
    let started = Instant::now();
    let predicted: Vec<Vec<Predicted>> = if args.gold_spans {
        let gazetteer = dateline_geo::Gazetteer::load(&models.join("gazetteer.bin"))?;
        let options = dateline_geo::Options { fallback: true };
        gold.par_iter()
            .map(|doc| {
                let toponyms: Vec<Toponym> = doc
                    .toponyms
                    .iter()
                    .map(|t| Toponym {
                        span: t.span,
                        cue: match demonyms::lookup(&t.name) {
                            Some(_) => Cue::Demonym,
                            None => Cue::Name,
                        },
                    })
                    .collect();
                dateline_geo::resolve(&gazetteer, &doc.text, &toponyms, options)
                    .into_iter()
                    .zip(&toponyms)
                    .map(|(place, t)| Predicted {
                        span: t.span,
                        point: place.map(|p| (p.lat, p.lon)),
                    })
                    .collect()
            })
            .collect()
    } else {
        let pipeline = dateline_pipeline::Pipeline::load(&models)
            .context("loading models (train them with `dateline train`, or pass --models)")?;
        gold.par_iter()
            .map(|g| {
                let mut doc = dateline_document::Document {
                    text: g.text.clone(),
                    ..Default::default()
                };
                pipeline.annotate(&mut doc, None);
                doc.places
                    .iter()
                    .map(|p| Predicted {
                        span: p.span,
                        point: Some((p.lat, p.lon)),
                    })
                    .collect()
            })
            .collect()
    };
    let mut metrics = serde_json::to_value(evaluate(&gold, &predicted))?;
    metrics["seconds"] = json!(started.elapsed().as_secs_f64());
    Ok(metrics)
}

/// Seed of the pair construction: fixed, so every run judges the same pairs.
const DUPLICATE_PAIRS_SEED: u64 = 2022;

fn duplicates(args: &Args) -> anyhow::Result<Value> {
    use dateline_eval::duplicates::{make_pairs, score};
    let articles: Vec<String> = if args.gold.is_dir() {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&args.gold)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
        paths.sort();
        paths
            .iter()
            .map(|p| std::fs::read_to_string(p).with_context(|| p.display().to_string()))
            .collect::<anyhow::Result<_>>()?
    } else {
        #[derive(serde::Deserialize)]
        struct Article {
            text: String,
        }
        let jsonl =
            std::fs::read_to_string(&args.gold).with_context(|| args.gold.display().to_string())?;
        dateline_eval::read_jsonl::<Article>(&jsonl)
            .map_err(|e| anyhow::anyhow!("{}: {e}", args.gold.display()))?
            .into_iter()
            .map(|a| a.text)
            .collect()
    };
    let pairs = make_pairs(&articles, DUPLICATE_PAIRS_SEED);
    anyhow::ensure!(
        !pairs.is_empty(),
        "{}: fewer than three articles long enough to pair",
        args.gold.display()
    );
    let started = Instant::now();
    let metrics = score(&pairs, dateline_store::same_article);
    eprintln!(
        "{} pairs from {} articles judged in {:.2?}",
        pairs.len(),
        articles.len(),
        started.elapsed()
    );
    Ok(metrics)
}
