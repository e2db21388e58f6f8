//! `dateline export --what documents|quotes|events|event-reports|entities
//! --format jsonl|csv|parquet`: every record of one kind, streamed from the store. `events`
//! has one row per event record (GDELT/ACLED-like columns, with how many reports, documents
//! and outlets told it); `event-reports` every report with its own evidence.

use crate::cmd::store::StoreDir;
use dateline_store::{write_export, ExportFormat, ExportKind};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub store: StoreDir,
    /// documents, quotes, events (one row per event record), event-reports (every report
    /// of an event) or entities.
    #[arg(long)]
    pub what: ExportKind,
    /// jsonl, csv (with a header row) or parquet (typed nullable columns, Snappy).
    #[arg(long, default_value = "jsonl")]
    pub format: ExportFormat,
    /// Write here instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = args.store.open_any(false)?;
    let sink: Box<dyn Write + Send> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
        ),
        None => Box::new(std::io::stdout()),
    };
    let mut out = std::io::BufWriter::new(sink);
    let count = match write_export(&*store, args.what, args.format, &mut out) {
        Err(e) if e.is_broken_pipe() => return Ok(ExitCode::SUCCESS),
        written => written?,
    };
    out.flush()?;
    eprintln!("exported {count} records");
    Ok(ExitCode::SUCCESS)
}
