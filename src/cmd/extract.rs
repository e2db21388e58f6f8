//! `dateline extract PATH...`: one JSON object per article on stdout (or `--output`).

use crate::runner;
use dateline_extract::{extract, ExtractOptions};
use dateline_read::ReadOptions;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub io: InputsOutput,
}

/// Inputs, output and limits: what every command that runs documents through takes.
#[derive(clap::Args)]
pub struct InputsOutput {
    /// Files or directories (searched recursively); `-` reads stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Write JSONL here instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub limits: Limits,
}

/// Per-document limits shared by every command that reads inputs.
#[derive(clap::Args, Clone)]
pub struct Limits {
    /// Largest input document in bytes (after decompression); larger ones are reported and skipped.
    #[arg(long, default_value_t = MAX_DOCUMENT_BYTES)]
    pub max_document_bytes: usize,
    /// HTML beyond this many bytes is not parsed (reported as a warning on the document).
    #[arg(long, default_value_t = ExtractOptions::default().max_bytes)]
    pub max_html_bytes: usize,
    /// Element nesting deeper than this is flattened (reported as a warning on the document).
    #[arg(long, default_value_t = ExtractOptions::default().max_depth)]
    pub max_depth: usize,
    /// A document whose processing takes longer than this many seconds is reported (0: never).
    #[arg(long, default_value_t = 10.0)]
    pub max_seconds: f64,
    /// Worker threads (default: one per core).
    #[arg(long, short)]
    pub jobs: Option<usize>,
}

impl InputsOutput {
    /// Sizes the thread pool, then runs `stage` over every input document in parallel and
    /// writes its records as JSONL, in input order.
    pub fn write_jsonl<T, S>(&self, stage: S) -> anyhow::Result<runner::Summary>
    where
        T: serde::Serialize,
        S: Fn(dateline_read::RawDocument) -> anyhow::Result<T> + Sync,
    {
        self.limits.configure_threads()?;
        runner::write_jsonl(&self.paths, &self.limits, self.output.as_deref(), stage)
    }
}

/// The default largest input document.
const MAX_DOCUMENT_BYTES: usize = 256 * 1024 * 1024;

impl Limits {
    /// The default limits, but no document is ever cut off for time: for benchmarks, whose
    /// base documents must all be annotated.
    pub fn without_time_limit() -> Limits {
        Limits {
            max_document_bytes: MAX_DOCUMENT_BYTES,
            max_html_bytes: ExtractOptions::default().max_bytes,
            max_depth: ExtractOptions::default().max_depth,
            max_seconds: 0.0,
            jobs: None,
        }
    }

    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            max_document_bytes: self.max_document_bytes,
        }
    }

    pub fn time_limit(&self) -> Option<std::time::Duration> {
        (self.max_seconds > 0.0).then(|| std::time::Duration::from_secs_f64(self.max_seconds))
    }

    pub fn extract_options(&self) -> ExtractOptions {
        ExtractOptions {
            max_bytes: self.max_html_bytes,
            max_depth: self.max_depth,
        }
    }

    /// Sizes the global thread pool; call once before any parallel work.
    pub fn configure_threads(&self) -> anyhow::Result<()> {
        if self.jobs.is_some() {
            self.thread_pool().build_global()?;
        }
        Ok(())
    }

    /// The pool of `--jobs` threads (rayon's default when not given), to configure further.
    pub fn thread_pool(&self) -> rayon::ThreadPoolBuilder {
        let pool = rayon::ThreadPoolBuilder::new();
        match self.jobs {
            Some(jobs) => pool.num_threads(jobs),
            None => pool,
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let options = args.io.limits.extract_options();
    let summary = args.io.write_jsonl(|raw| Ok(extract(&raw, &options)))?;
    summary.print("extracted");
    Ok(summary.exit_code())
}
