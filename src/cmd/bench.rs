//! `dateline bench extraction --gold DIR`: Dateline beside the Python peer extractors on the
//! same decoded pages, scored by the same metric code as `dateline eval`, in one table.
//!
//! Every tool runs on one thread over pages already in memory, so speeds compare within a run.
//! The peers run in the Python environment made by `scripts/peers-setup`, through
//! `scripts/peers_extract.py` (compiled in, so the script always matches this binary).

use crate::cmd::eval::snippet_metrics;
use crate::gold::{self, GoldPage};
use anyhow::Context;
use dateline_document::{Block, BlockKind, Document, Span};
use dateline_eval::extraction::{aggregate, score_page};
use dateline_extract::{extract, ExtractOptions};
use dateline_read::Content;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

const PEERS_SCRIPT: &str = include_str!("../../scripts/peers_extract.py");
/// Where `scripts/peers-setup` puts the venv's interpreter, relative to the repo root.
const DEFAULT_PEERS_PYTHON: &str = ".peers/bin/python";
/// The row every speed is compared with.
const REFERENCE_TOOL: &str = "trafilatura";

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Suite {
    /// Article-body extraction against a gold directory (ScrapingHub or trafilatura layout).
    Extraction,
    /// Language-core throughput and memory on the raw texts of a UD CoNLL-U file (or a JSONL
    /// file's `text` fields), with what each later stage adds, beside spaCy.
    Language,
    /// Load test of `dateline serve` on loopback over a store of `--documents` documents.
    Serve,
    /// `dateline ingest` of `--documents` documents (base texts and edited copies of them)
    /// into a new store `--store DIR`: documents/s and peak memory.
    Ingest,
}

#[derive(clap::Args)]
pub struct Args {
    pub suite: Suite,
    /// Gold directory (`ground-truth.json` or `evaldata.json` plus `html/`), or for
    /// `language` a UD CoNLL-U file or a JSONL file with a `text` field per line.
    #[arg(long, required_if_eq_any([("suite", "extraction"), ("suite", "language")]))]
    pub gold: Option<PathBuf>,
    /// Python of the peer environment [default: .peers/bin/python in the current directory or the repo].
    #[arg(long)]
    pub peers_python: Option<PathBuf>,
    /// Peer tools to run, comma-separated (default: all). Dateline always runs.
    #[arg(long, value_delimiter = ',')]
    pub tools: Vec<String>,
    /// Only the first N pages (in gold order).
    #[arg(long)]
    pub limit: Option<usize>,
    /// End with one JSON object holding the rows.
    #[arg(long)]
    pub json: bool,
    /// Directory of trained models (for `language`).
    #[arg(long)]
    pub models: Option<PathBuf>,
    #[command(flatten)]
    pub serve: crate::cmd::bench_serve::Args,
}

/// One line of the table.
#[derive(Serialize)]
struct Row {
    tool: String,
    version: String,
    settings: String,
    precision: f64,
    recall: f64,
    f1: f64,
    /// Pages on which the tool raised (scored as empty predictions).
    errors: usize,
    seconds: f64,
    ms_per_page: f64,
    pages_per_second: f64,
    /// The reference tool's time per page divided by this tool's: above 1 is faster.
    speed_vs_trafilatura: Option<f64>,
}

#[derive(Serialize)]
struct Report<'a> {
    gold: &'a Path,
    metric: &'static str,
    pages: usize,
    unreadable_pages: usize,
    rows: &'a [Row],
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.suite {
        Suite::Serve => return crate::cmd::bench_serve::run(&args.serve, args.models.as_deref()),
        Suite::Ingest => return crate::cmd::bench_ingest::run(&args.serve, args.models.as_deref()),
        Suite::Extraction | Suite::Language => {}
    }
    let gold_path = args.gold.clone().context("--gold is required")?;
    if let Suite::Language = args.suite {
        let models = args
            .models
            .clone()
            .unwrap_or_else(dateline_pipeline::Pipeline::default_models_dir);
        crate::cmd::bench_language::run(
            &gold_path,
            &models,
            args.peers_python.as_deref(),
            args.json,
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    // An explicit interpreter that is missing is a usage error; found out before the slow part.
    let python = peers_python(args.peers_python.as_deref())?;
    let (mut pages, unreadable) = gold::load_extraction(&gold_path)?;
    if let Some(limit) = args.limit {
        pages.truncate(limit);
    }
    anyhow::ensure!(
        !pages.is_empty(),
        "{}: no readable gold pages",
        gold_path.display()
    );

    let mut rows = vec![dateline_row(&pages)];
    // Peer problems are printed after the table, where they cannot scroll out of sight.
    let mut problems = Vec::new();
    match python {
        None => eprintln!(
            "dateline: no peer environment ({DEFAULT_PEERS_PYTHON} in the current directory or in {}); \
             run scripts/peers-setup (or pass --peers-python) to compare with the peers. Showing Dateline only.",
            env!("CARGO_MANIFEST_DIR")
        ),
        Some(python) => match run_peers(&python, &args.tools, &pages) {
            Ok(peers) => {
                for (tool, outcome) in peers {
                    match outcome {
                        PeerOutcome::Ran(run) => match peer_row(tool, run, &pages) {
                            Ok(row) => rows.push(row),
                            Err(err) => problems.push(format!("{err:#}")),
                        },
                        PeerOutcome::Unavailable { unavailable } => {
                            problems.push(format!("peer {tool} did not run: {unavailable}"))
                        }
                    }
                }
            }
            Err(err) => problems.push(format!("peers failed: {err:#}")),
        },
    }
    rows.sort_by(|a, b| b.f1.total_cmp(&a.f1));
    set_relative_speeds(&mut rows);

    let metric = metric_name(&pages);
    println!(
        "{}: {} pages, {metric} metric, one thread per tool",
        gold_path.display(),
        pages.len()
    );
    if unreadable > 0 {
        println!("{unreadable} unreadable gold pages left out (reported above)");
    }
    print_table(&rows);
    if args.json {
        let report = Report {
            gold: &gold_path,
            metric,
            pages: pages.len(),
            unreadable_pages: unreadable,
            rows: &rows,
        };
        println!("{}", serde_json::to_string(&report)?);
    }
    for problem in &problems {
        eprintln!("dateline: {problem}");
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

pub(crate) fn peers_python(explicit: Option<&Path>) -> anyhow::Result<Option<PathBuf>> {
    if let Some(python) = explicit {
        anyhow::ensure!(
            python.exists(),
            "{}: no such peer python; run scripts/peers-setup",
            python.display()
        );
        return Ok(Some(python.to_owned()));
    }
    let in_repo = Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_PEERS_PYTHON);
    Ok([PathBuf::from(DEFAULT_PEERS_PYTHON), in_repo]
        .into_iter()
        .find(|p| p.exists()))
}

/// Dateline on one thread: an untimed warm-up pass, then the timed pass that is scored.
fn dateline_row(pages: &[GoldPage]) -> Row {
    let options = ExtractOptions::default();
    let extract_all = || {
        pages
            .iter()
            .map(|p| extract(&p.raw, &options))
            .collect::<Vec<_>>()
    };
    drop(extract_all());
    let started = Instant::now();
    let docs = extract_all();
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "dateline: Dateline extracted {} pages in {seconds:.2} s",
        pages.len()
    );
    row(
        "dateline".into(),
        env!("CARGO_PKG_VERSION").into(),
        "default".into(),
        seconds,
        0,
        pages,
        &docs,
    )
}

/// The JSON manifest entry the peer script reads for one page.
#[derive(Serialize)]
struct ManifestPage<'a> {
    id: &'a str,
    path: &'a Path,
    url: Option<&'a str>,
    html: &'a str,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum PeerOutcome {
    Ran(PeerRun),
    Unavailable { unavailable: String },
}

#[derive(Deserialize)]
struct PeerRun {
    version: String,
    settings: String,
    seconds: f64,
    errors: usize,
    error_examples: Vec<String>,
    predictions: BTreeMap<String, String>,
}

/// Runs the peer script with the decoded pages on stdin and parses its JSON from stdout; its
/// stderr (progress, tracebacks) goes straight to the user.
fn run_peers(
    python: &Path,
    tools: &[String],
    pages: &[GoldPage],
) -> anyhow::Result<BTreeMap<String, PeerOutcome>> {
    let mut command = Command::new(python);
    command.arg("-c").arg(PEERS_SCRIPT);
    if !tools.is_empty() {
        command.arg("--tools").arg(tools.join(","));
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| format!("{}: cannot start", python.display()))?;
    let manifest: Vec<ManifestPage> = pages
        .iter()
        .map(|p| ManifestPage {
            id: &p.id,
            path: &p.path,
            url: p.raw.source.url.as_deref(),
            html: match &p.raw.content {
                Content::Html(text) | Content::Text(text) => text,
            },
        })
        .collect();
    let stdin = child.stdin.take().expect("stdin is piped");
    // Written from another thread so a script that answers early cannot deadlock us.
    let (written, output) = std::thread::scope(|scope| {
        let writer = scope.spawn(move || {
            let mut stdin = std::io::BufWriter::new(stdin);
            serde_json::to_writer(&mut stdin, &manifest)?;
            stdin.flush()
        });
        let output = child.wait_with_output();
        (
            writer.join().expect("manifest writer does not panic"),
            output,
        )
    });
    let output = output.with_context(|| format!("{}: peer script", python.display()))?;
    anyhow::ensure!(
        output.status.success(),
        "peer script {}; its messages are above",
        output.status
    );
    written.context("writing the page manifest to the peer script")?;
    serde_json::from_slice(&output.stdout).context("peer script output is not the expected JSON")
}

fn peer_row(tool: String, run: PeerRun, pages: &[GoldPage]) -> anyhow::Result<Row> {
    if run.errors > 0 {
        eprintln!(
            "dateline: peer {tool} failed on {} pages (scored empty), e.g.:",
            run.errors
        );
        for example in &run.error_examples {
            eprintln!("    {example}");
        }
    }
    let mut predictions = run.predictions;
    let docs = pages
        .iter()
        .map(|p| {
            let text = predictions
                .remove(&p.id)
                .with_context(|| format!("peer {tool} gave no prediction for {}", p.id))?;
            Ok(body_document(text))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(row(
        tool,
        run.version,
        run.settings,
        run.seconds,
        run.errors,
        pages,
        &docs,
    ))
}

/// A peer's plain-text output as a document whose whole text is one body block, so peers go
/// through the very metric code Dateline's documents do.
fn body_document(text: String) -> Document {
    let span = Span::new(0, text.chars().count());
    Document {
        blocks: vec![Block {
            kind: BlockKind::Paragraph,
            span,
        }],
        text,
        ..Default::default()
    }
}

fn row(
    tool: String,
    version: String,
    settings: String,
    seconds: f64,
    errors: usize,
    pages: &[GoldPage],
    docs: &[Document],
) -> Row {
    let (precision, recall, f1) = accuracy(pages, docs);
    let n = pages.len() as f64;
    Row {
        tool,
        version,
        settings,
        precision,
        recall,
        f1,
        errors,
        seconds,
        ms_per_page: 1000.0 * seconds / n,
        pages_per_second: n / seconds,
        speed_vs_trafilatura: None,
    }
}

fn is_scrapinghub(pages: &[GoldPage]) -> bool {
    pages.iter().any(|p| p.expected.body.is_some())
}

fn metric_name(pages: &[GoldPage]) -> &'static str {
    if is_scrapinghub(pages) {
        "ScrapingHub 4-gram"
    } else {
        "trafilatura snippet"
    }
}

/// Body precision, recall and F1 with the metric `dateline eval extraction` uses for this layout.
fn accuracy(pages: &[GoldPage], docs: &[Document]) -> (f64, f64, f64) {
    if is_scrapinghub(pages) {
        let scores: Vec<_> = pages
            .iter()
            .zip(docs)
            .filter_map(|(p, d)| {
                p.expected
                    .body
                    .as_ref()
                    .map(|gold| score_page(gold, &d.body_text()))
            })
            .collect();
        let metrics = aggregate(&scores);
        (metrics.precision, metrics.recall, metrics.f1)
    } else {
        let metrics = snippet_metrics(pages, docs);
        let field = |name: &str| metrics[name].as_f64().expect("snippet metrics are numbers");
        (field("precision"), field("recall"), field("f1"))
    }
}

fn set_relative_speeds(rows: &mut [Row]) {
    let reference = rows
        .iter()
        .find(|r| r.tool == REFERENCE_TOOL)
        .map(|r| r.ms_per_page);
    for row in rows {
        row.speed_vs_trafilatura = reference.map(|ms| ms / row.ms_per_page);
    }
}

fn print_table(rows: &[Row]) {
    println!(
        "{:<20} {:>8} {:>9} {:>7} {:>7} {:>9} {:>8} {:>8} {:>6}  settings",
        "tool", "version", "precision", "recall", "F1", "ms/page", "pages/s", "vs traf", "errors"
    );
    for r in rows {
        let relative = r
            .speed_vs_trafilatura
            .map_or_else(|| "-".to_string(), |x| format!("{x:.2}x"));
        println!(
            "{:<20} {:>8} {:>9.3} {:>7.3} {:>7.3} {:>9.2} {:>8.1} {:>8} {:>6}  {}",
            r.tool,
            r.version,
            r.precision,
            r.recall,
            r.f1,
            r.ms_per_page,
            r.pages_per_second,
            relative,
            r.errors,
            r.settings
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gold::Expected;
    use dateline_read::RawDocument;

    fn page(expected: Expected) -> GoldPage {
        let raw = RawDocument::new(Default::default(), Content::Html(String::new()));
        GoldPage {
            id: "page".into(),
            path: "page.html.gz".into(),
            raw,
            expected,
        }
    }

    #[test]
    fn body_gold_is_scored_by_shingles() {
        let gold = Expected {
            body: Some("one two three four five".into()),
            ..Default::default()
        };
        let pages = [page(gold)];
        let exact = accuracy(&pages, &[body_document("one two three four five".into())]);
        assert_eq!(exact, (1.0, 1.0, 1.0));
        // Shingles (one two three four) shared, (two three four five|six) differ.
        let half = accuracy(&pages, &[body_document("one two three four six".into())]);
        assert_eq!(half, (0.5, 0.5, 0.5));
    }

    #[test]
    fn a_missing_peer_prediction_is_an_error_naming_tool_and_page() {
        let pages = [page(Expected::default())];
        let run = PeerRun {
            version: "1".into(),
            settings: String::new(),
            seconds: 1.0,
            errors: 0,
            error_examples: Vec::new(),
            predictions: BTreeMap::new(),
        };
        let err = peer_row("goose3".into(), run, &pages)
            .err()
            .expect("no prediction");
        assert_eq!(err.to_string(), "peer goose3 gave no prediction for page");
    }

    #[test]
    fn snippet_gold_is_scored_by_snippets() {
        let gold = Expected {
            with: vec!["alpha beta".into(), "gamma".into()],
            without: vec!["Subscribe now".into()],
            ..Default::default()
        };
        let pages = [page(gold)];
        let (precision, recall, _) = accuracy(
            &pages,
            &[body_document("alpha\n beta.\n\nSubscribe now".into())],
        );
        assert_eq!((precision, recall), (0.5, 0.5));
    }

    #[test]
    fn peer_text_becomes_the_whole_body() {
        let doc = body_document("Première ligne.\n\nSecond paragraph.".into());
        assert_eq!(doc.body_text(), "Première ligne.\n\nSecond paragraph.");
    }

    #[test]
    fn peer_output_parses_both_outcomes() {
        let json = r#"{"a": {"version": "1", "settings": "s", "seconds": 0.5, "errors": 1,
                       "error_examples": ["p: ValueError: x"], "predictions": {"id1": "text"}},
                      "b": {"unavailable": "ImportError: no module"}}"#;
        let parsed: BTreeMap<String, PeerOutcome> = serde_json::from_str(json).unwrap();
        assert!(
            matches!(&parsed["a"], PeerOutcome::Ran(run) if run.errors == 1 && run.predictions["id1"] == "text")
        );
        assert!(
            matches!(&parsed["b"], PeerOutcome::Unavailable { unavailable } if unavailable.starts_with("ImportError"))
        );
    }

    fn timed(tool: &str, ms_per_page: f64) -> Row {
        Row {
            tool: tool.into(),
            version: String::new(),
            settings: String::new(),
            precision: 0.0,
            recall: 0.0,
            f1: 0.0,
            errors: 0,
            seconds: 0.0,
            ms_per_page,
            pages_per_second: 0.0,
            speed_vs_trafilatura: None,
        }
    }

    #[test]
    fn speeds_are_relative_to_trafilatura() {
        let mut rows = [timed("dateline", 2.0), timed("trafilatura", 10.0)];
        set_relative_speeds(&mut rows);
        assert_eq!(rows[0].speed_vs_trafilatura, Some(5.0));
        assert_eq!(rows[1].speed_vs_trafilatura, Some(1.0));
        let mut alone = [timed("dateline", 2.0)];
        set_relative_speeds(&mut alone);
        assert_eq!(alone[0].speed_vs_trafilatura, None);
    }
}
