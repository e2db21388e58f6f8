//! `dateline annotate PATH...`: extraction plus every annotation layer, as JSONL.

use crate::cmd::extract::InputsOutput;
use anyhow::Context;
use dateline_extract::extract;
use dateline_pipeline::Pipeline;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub io: InputsOutput,
    /// Directory of trained models (default: `$DATELINE_MODELS`, else the repository's `models/`).
    #[arg(long)]
    pub models: Option<PathBuf>,
    /// Creation date (YYYY-MM-DD) to anchor relative dates to when a document gives none.
    #[arg(long)]
    pub date: Option<chrono::NaiveDate>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let models = args
        .models
        .clone()
        .unwrap_or_else(Pipeline::default_models_dir);
    let pipeline = Pipeline::load(&models)
        .context("loading models (train them with `dateline train`, or pass --models)")?;
    let options = args.io.limits.extract_options();
    let summary = args.io.write_jsonl(|raw| {
        let mut doc = extract(&raw, &options);
        pipeline.annotate(&mut doc, args.date);
        Ok(doc)
    })?;
    summary.print("annotated");
    Ok(summary.exit_code())
}
