//! `dateline extract PATH...`: one JSON object per article on stdout (or `--output`).

use crate::pipeline;
use dateline_extract::{extract, ExtractOptions};
use dateline_read::ReadOptions;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
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
    #[arg(long, default_value_t = 256 * 1024 * 1024)]
    pub max_document_bytes: usize,
    /// HTML beyond this many bytes is not parsed (reported as a warning on the document).
    #[arg(long, default_value_t = ExtractOptions::default().max_bytes)]
    pub max_html_bytes: usize,
    /// Element nesting deeper than this is flattened (reported as a warning on the document).
    #[arg(long, default_value_t = ExtractOptions::default().max_depth)]
    pub max_depth: usize,
    /// Worker threads (default: one per core).
    #[arg(long, short)]
    pub jobs: Option<usize>,
}

impl Limits {
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions { max_document_bytes: self.max_document_bytes, ..Default::default() }
    }

    pub fn extract_options(&self) -> ExtractOptions {
        ExtractOptions { max_bytes: self.max_html_bytes, max_depth: self.max_depth, ..Default::default() }
    }

    /// Sizes the global thread pool; call once before any parallel work.
    pub fn configure_threads(&self) -> anyhow::Result<()> {
        if let Some(jobs) = self.jobs {
            rayon::ThreadPoolBuilder::new().num_threads(jobs).build_global()?;
        }
        Ok(())
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    args.limits.configure_threads()?;
    let options = args.limits.extract_options();
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(std::fs::File::create(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = std::io::BufWriter::new(&mut out);
    let summary = pipeline::run(
        &args.paths,
        &args.limits.read_options(),
        |raw| Ok(serde_json::to_string(&extract(&raw, &options))?),
        |line| {
            out.write_all(line.as_bytes())?;
            out.write_all(b"\n")?;
            Ok(())
        },
    )?;
    out.flush()?;
    summary.print("extracted");
    Ok(if summary.failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
