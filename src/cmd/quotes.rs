//! `dateline quotes PATH... [--format jsonl|csv]`: who said what, one row per quotation
//! (speaker, quote, kind, cue, date, source), and `dateline eval quotes`.

use crate::cmd::annotate::{load_pipeline, PipelineArgs};
use crate::cmd::extract::InputsOutput;
use crate::runner;
use anyhow::Context;
use dateline_document::{Document, Gender, GenderBasis, Quote, Span};
use dateline_extract::extract;
use dateline_pipeline::{creation_date, Stage};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Jsonl,
    Csv,
}

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub io: InputsOutput,
    /// Output format: one JSON object per quote, or CSV with a header.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: Format,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

/// One quotation as a table row.
#[derive(Debug, Serialize)]
struct Row {
    /// Resolved speaker name, else the speaker as written.
    speaker: Option<String>,
    speaker_mention: Option<String>,
    /// The speaker's gender as the article shows it, and what shows it (`pronoun`,
    /// `title`, `first_name`); empty for organisations and unsaid genders.
    speaker_gender: Option<Gender>,
    speaker_gender_basis: Option<GenderBasis>,
    anonymous: bool,
    quote: String,
    kind: &'static str,
    cue: Option<String>,
    date: Option<String>,
    source: String,
    document: String,
    span: Span,
    confidence: f32,
}

impl Row {
    fn new(doc: &Document, quote: &Quote, date: Option<String>) -> Row {
        let mention = quote.speaker.map(|s| doc.slice(s).to_string());
        let gender = quote
            .speaker_entity
            .and_then(|i| doc.entities.get(i))
            .and_then(|e| e.gender);
        Row {
            speaker: quote.speaker_name.clone().or_else(|| mention.clone()),
            speaker_mention: mention,
            speaker_gender: gender.map(|g| g.gender),
            speaker_gender_basis: gender.map(|g| g.basis),
            anonymous: quote.anonymous,
            quote: doc.slice(quote.span).to_string(),
            kind: quote.kind.as_str(),
            cue: quote.cue.map(|c| doc.slice(c).to_string()),
            date,
            source: doc
                .source
                .url
                .clone()
                .or_else(|| doc.meta.canonical_url.clone())
                .unwrap_or_else(|| doc.source.label()),
            document: doc.id.clone(),
            span: quote.span,
            confidence: quote.confidence,
        }
    }

    const CSV_HEADER: &'static str =
        "date,speaker,speaker_mention,speaker_gender,speaker_gender_basis,anonymous,kind,cue,quote,confidence,source,document";

    fn csv(&self) -> String {
        let field = |s: Option<&str>| super::csv_field(s.unwrap_or(""));
        [
            field(self.date.as_deref()),
            field(self.speaker.as_deref()),
            field(self.speaker_mention.as_deref()),
            self.speaker_gender.map_or("", Gender::as_str).to_string(),
            self.speaker_gender_basis
                .map_or("", GenderBasis::as_str)
                .to_string(),
            self.anonymous.to_string(),
            self.kind.to_string(),
            field(self.cue.as_deref()),
            field(Some(&self.quote)),
            format!("{:.2}", self.confidence),
            field(Some(&self.source)),
            field(Some(&self.document)),
        ]
        .join(",")
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let pipeline = args.pipeline.load()?;
    let options = args.io.limits.extract_options();
    args.io.limits.configure_threads()?;
    let format = args.format;
    let genders = GenderTally::default();
    let summary = runner::write_text(
        &args.io.paths,
        &args.io.limits,
        args.io.output.as_deref(),
        matches!(format, Format::Csv).then_some(Row::CSV_HEADER),
        |raw| {
            let mut doc = extract(&raw, &options);
            pipeline.annotate_for(Stage::Quotes, &mut doc, args.pipeline.date);
            let date = creation_date(&doc, args.pipeline.date).map(|d| d.to_string());
            let mut lines = String::new();
            for quote in &doc.quotes {
                let row = Row::new(&doc, quote, date.clone());
                genders.count(row.speaker_gender);
                match format {
                    Format::Jsonl => lines.push_str(&serde_json::to_string(&row)?),
                    Format::Csv => lines.push_str(&row.csv()),
                }
                lines.push('\n');
            }
            Ok(lines)
        },
    )?;
    summary.print("quoted");
    genders.print();
    Ok(summary.exit_code())
}

/// Quotes by their speaker's gender: the share of women quoted is what gender-gap
/// trackers report first.
#[derive(Default)]
struct GenderTally {
    female: AtomicUsize,
    male: AtomicUsize,
    unsaid: AtomicUsize,
}

impl GenderTally {
    fn count(&self, gender: Option<Gender>) {
        let counter = match gender {
            Some(Gender::Female) => &self.female,
            Some(Gender::Male) => &self.male,
            None => &self.unsaid,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    fn print(&self) {
        let [female, male, unsaid] =
            [&self.female, &self.male, &self.unsaid].map(|c| c.load(Ordering::Relaxed));
        let share = if female + male > 0 {
            format!(
                "; women {:.1}% of quotes with a known gender",
                100.0 * female as f64 / (female + male) as f64
            )
        } else {
            String::new()
        };
        eprintln!(
            "speakers' gender: {female} quotes by women, {male} by men, {unsaid} by \
             organisations, anonymous sources or people whose gender the text does not show{share}"
        );
    }
}

/// `dateline eval quotes`: the pipeline over every gold text, scored by
/// [`dateline_eval::quotes`]; per-kind figures are flattened to `direct_f1` and so on.
pub fn eval(gold_path: &Path, models: &Path) -> anyhow::Result<Value> {
    use dateline_eval::quotes::{evaluate, read_gold, Predicted};
    let text =
        std::fs::read_to_string(gold_path).with_context(|| gold_path.display().to_string())?;
    let gold = read_gold(&text).map_err(|e| anyhow::anyhow!("{}: {e}", gold_path.display()))?;
    let pipeline = load_pipeline(models)?;
    let started = Instant::now();
    let predictions: Vec<Vec<Predicted>> = gold
        .par_iter()
        .map(|g| {
            let mut doc = g.document();
            pipeline.annotate_for(Stage::Quotes, &mut doc, None);
            doc.quotes.into_iter().map(Predicted::from).collect()
        })
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    let metrics = serde_json::to_value(evaluate(&gold, &predictions))?;
    let mut flat = serde_json::Map::new();
    for (key, value) in metrics.as_object().into_iter().flatten() {
        match value.as_object() {
            Some(inner) => {
                for (k, v) in inner {
                    flat.insert(format!("{key}_{k}"), v.clone());
                }
            }
            None => {
                flat.insert(key.clone(), value.clone());
            }
        }
    }
    flat.insert("seconds".into(), json!(seconds));
    flat.insert(
        "docs_per_second".into(),
        json!(gold.len() as f64 / seconds.max(1e-9)),
    );
    flat.insert("threads".into(), json!(rayon::current_num_threads()));
    Ok(Value::Object(flat))
}

/// `dateline eval speakers`: the quotes found in each GUM document, their speakers judged
/// by GUM's coreference ([`dateline_eval::speakers`]).
pub fn eval_speakers(gold_path: &Path, models: &Path) -> anyhow::Result<Value> {
    use dateline_eval::speakers::{evaluate, SpeakerGuess};
    let text =
        std::fs::read_to_string(gold_path).with_context(|| gold_path.display().to_string())?;
    let pipeline = load_pipeline(models)?;
    let started = Instant::now();
    let metrics = evaluate(&text, |_, mut doc| {
        pipeline.annotate_for(Stage::Quotes, &mut doc, None);
        SpeakerGuess::of_quotes(doc.quotes)
    })
    .map_err(|e| anyhow::anyhow!("{}: {e}", gold_path.display()))?;
    let mut value = serde_json::to_value(metrics)?;
    if let Some(object) = value.as_object_mut() {
        object.insert("seconds".into(), json!(started.elapsed().as_secs_f64()));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        let row = Row {
            speaker: Some("Kassym-Jomart Tokayev".into()),
            speaker_mention: Some("he".into()),
            speaker_gender: Some(Gender::Male),
            speaker_gender_basis: Some(GenderBasis::Pronoun),
            anonymous: false,
            quote: "How silly, \"really\"".into(),
            kind: "direct",
            cue: Some("said".into()),
            date: Some("2022-01-07".into()),
            source: "seed.txt".into(),
            document: "d1".into(),
            span: Span::new(0, 1),
            confidence: 0.9,
        };
        assert_eq!(
            row.csv(),
            "2022-01-07,Kassym-Jomart Tokayev,he,male,pronoun,false,direct,said,\"How silly, \"\"really\"\"\",0.90,seed.txt,d1"
        );
    }
}
