//! `dateline annotate PATH...`: extraction plus every annotation layer, as JSONL.

use crate::cmd::extract::InputsOutput;
use anyhow::Context;
use dateline_extract::extract;
use dateline_pipeline::Pipeline;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub io: InputsOutput,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

/// What every command that annotates takes: where the models are, and the creation date
/// for documents that give none.
#[derive(clap::Args)]
pub struct PipelineArgs {
    /// Directory of trained models (default: `$DATELINE_MODELS`, else the repository's `models/`).
    #[arg(long)]
    pub models: Option<PathBuf>,
    /// Creation date (YYYY-MM-DD) to anchor relative dates to when a document gives none.
    #[arg(long)]
    pub date: Option<chrono::NaiveDate>,
}

impl PipelineArgs {
    pub fn models_dir(&self) -> PathBuf {
        self.models
            .clone()
            .unwrap_or_else(Pipeline::default_models_dir)
    }

    pub fn load(&self) -> anyhow::Result<Pipeline> {
        load_pipeline(&self.models_dir())
    }
}

/// Loads the models of `dir`, saying how to get them when they are missing.
pub fn load_pipeline(dir: &Path) -> anyhow::Result<Pipeline> {
    Pipeline::load(dir)
        .context("loading models (train them with `dateline train`, or pass --models)")
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let pipeline = args.pipeline.load()?;
    let options = args.io.limits.extract_options();
    let summary = args.io.write_jsonl(|raw| {
        let mut doc = extract(&raw, &options);
        pipeline.annotate(&mut doc, args.pipeline.date);
        Ok(doc)
    })?;
    summary.print("annotated");
    Ok(summary.exit_code())
}
