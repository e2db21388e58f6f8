//! `dateline events PATH... [--format csv|jsonl]`: who did what to whom, one row per coded
//! event in the spirit of the GDELT event table and ACLED (date, actors with CAMEO codes,
//! PLOVER type and CAMEO code, place with coordinates, source, evidence sentence), and
//! `dateline eval events` against PETRARCH2's validation suite or PLOVER's gold records.

use crate::cmd::annotate::{load_pipeline, PipelineArgs};
use crate::cmd::eval;
use crate::cmd::extract::InputsOutput;
use crate::cmd::quotes::Format;
use crate::runner;
use anyhow::Context;
use dateline_document::{Block, BlockKind, Document, Event, EventActor, Metadata, Span};
use dateline_eval::events::{evaluate_petrarch, evaluate_plover, read_gold, GoldRecord, Predicted};
use dateline_extract::extract;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub io: InputsOutput,
    /// One JSON object per event, or CSV with a header row.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    /// Also list events from negated, hypothetical or future clauses (flagged) and bare
    /// statements (CAMEO 01, which PLOVER drops).
    #[arg(long)]
    pub all: bool,
}

/// One event as a table row.
#[derive(Debug, Serialize)]
struct Row<'a> {
    date: Option<&'a str>,
    source_name: Option<&'a str>,
    source_code: Option<&'a str>,
    target_name: Option<&'a str>,
    target_code: Option<&'a str>,
    plover: Option<&'a str>,
    mode: Option<&'a str>,
    cameo: &'a str,
    location: Option<&'a str>,
    lat: Option<f64>,
    lon: Option<f64>,
    negated: bool,
    hypothetical: bool,
    future: bool,
    confidence: f32,
    document: String,
    trigger: &'a str,
    sentence: &'a str,
}

impl<'a> Row<'a> {
    const HEADER: &'static str = "date,source_name,source_code,target_name,target_code,plover,mode,cameo,location,lat,lon,negated,hypothetical,future,confidence,document,trigger,sentence";

    fn new(doc: &'a Document, event: &'a Event) -> Row<'a> {
        let name = |a: &'a Option<EventActor>| a.as_ref().map(|a| a.name.as_str());
        let code = |a: &'a Option<EventActor>| a.as_ref().and_then(|a| a.code.as_deref());
        let place = event.location.as_ref();
        Row {
            date: event.date.as_deref(),
            source_name: name(&event.source),
            source_code: code(&event.source),
            target_name: name(&event.target),
            target_code: code(&event.target),
            plover: event.plover.as_deref(),
            mode: event.mode.as_deref(),
            cameo: &event.cameo,
            location: place.map(|p| p.name.as_str()),
            lat: place.and_then(|p| p.lat),
            lon: place.and_then(|p| p.lon),
            negated: event.negated,
            hypothetical: event.hypothetical,
            future: event.future,
            confidence: event.confidence,
            document: doc
                .source
                .url
                .clone()
                .or_else(|| doc.meta.canonical_url.clone())
                .unwrap_or_else(|| doc.source.label()),
            trigger: doc.slice(event.trigger),
            sentence: doc.slice(event.sentence),
        }
    }

    /// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
    fn csv(&self) -> String {
        use super::csv_field as quoted;
        let opt = |s: Option<&str>| quoted(s.unwrap_or(""));
        let num = |x: Option<f64>| x.map(|x| format!("{x:.5}")).unwrap_or_default();
        let cells = [
            opt(self.date),
            opt(self.source_name),
            opt(self.source_code),
            opt(self.target_name),
            opt(self.target_code),
            opt(self.plover),
            opt(self.mode),
            quoted(self.cameo),
            opt(self.location),
            num(self.lat),
            num(self.lon),
            self.negated.to_string(),
            self.hypothetical.to_string(),
            self.future.to_string(),
            format!("{:.2}", self.confidence),
            quoted(&self.document),
            quoted(self.trigger),
            quoted(
                &self
                    .sentence
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ];
        cells.join(",")
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let pipeline = args.pipeline.load()?;
    let options = args.io.limits.extract_options();
    args.io.limits.configure_threads()?;
    let csv = matches!(args.format, Format::Csv);
    let summary = runner::write_text(
        &args.io.paths,
        &args.io.limits,
        args.io.output.as_deref(),
        csv.then_some(Row::HEADER),
        |raw| {
            let mut doc = extract(&raw, &options);
            pipeline.annotate(&mut doc, args.pipeline.date);
            let mut table = String::new();
            for event in doc
                .events
                .iter()
                .filter(|e| args.all || (e.is_factual() && e.plover.is_some()))
            {
                let row = Row::new(&doc, event);
                table += &if csv {
                    row.csv()
                } else {
                    serde_json::to_string(&row)?
                };
                table.push('\n');
            }
            Ok(table)
        },
    )?;
    summary.print("coded");
    Ok(summary.exit_code())
}

/// A gold sentence as a one-paragraph document dated by the record.
fn gold_document(record: &GoldRecord) -> Document {
    Document {
        id: record.id.clone(),
        meta: Metadata {
            published: record.date().map(|d| d.to_string()),
            ..Default::default()
        },
        blocks: vec![Block {
            kind: BlockKind::Paragraph,
            span: Span::new(0, record.text.chars().count()),
        }],
        text: record.text.clone(),
        ..Default::default()
    }
}

/// `dateline eval events`: PETRARCH2's suite when the records carry CAMEO codes (coded with
/// the `PETR.Validate.*` dictionaries found beside the gold file or in `--dictionaries`),
/// PLOVER's gold records otherwise.
pub fn eval(args: &eval::Args) -> anyhow::Result<Value> {
    let text =
        std::fs::read_to_string(&args.gold).with_context(|| args.gold.display().to_string())?;
    let gold = read_gold(&text).map_err(|e| anyhow::anyhow!("{}: {e}", args.gold.display()))?;
    let petrarch = gold
        .iter()
        .flat_map(|r| &r.events)
        .any(|e| e.code.bytes().next().is_some_and(|b| b.is_ascii_digit()));
    let pipeline = load_pipeline(&args.models_dir())?;
    let validation = if petrarch {
        let here = args.gold.parent().unwrap_or(Path::new("."));
        let dictionaries = args
            .dictionaries
            .clone()
            .unwrap_or_else(|| here.join("dictionaries"));
        let files = dateline_events::validation_files(&dictionaries, &here.join("plover"));
        let loaded = dateline_events::Dictionaries::from_files(&files)
            .context("PETRARCH2 validation dictionaries (pass --dictionaries DIR)")?;
        Some(dateline_events::Coder::new(loaded))
    } else {
        None
    };
    let started = Instant::now();
    let predictions: Vec<Vec<Predicted>> = gold
        .par_iter()
        .map(|record| {
            let mut doc = gold_document(record);
            pipeline.annotate(&mut doc, None);
            if let Some(coder) = &validation {
                dateline_events::annotate(&mut doc, coder, record.date());
            }
            Predicted::of_events(&doc.events, petrarch && record.require_dyad())
        })
        .collect();
    let mut metrics = if petrarch {
        serde_json::to_value(evaluate_petrarch(&gold, &predictions))?
    } else {
        serde_json::to_value(evaluate_plover(&gold, &predictions))?
    };
    metrics["seconds"] = json!(started.elapsed().as_secs_f64());
    Ok(metrics)
}
