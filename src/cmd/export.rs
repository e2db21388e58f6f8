//! `dateline export --what documents|quotes|events|entities --format jsonl|csv`: every record
//! of one kind, streamed from the store.

use crate::cmd::store::StoreDir;
use dateline_store::{write_export, ExportFormat, ExportKind};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub store: StoreDir,
    /// documents, quotes, events or entities.
    #[arg(long)]
    pub what: ExportKind,
    /// jsonl or csv (with a header row).
    #[arg(long, default_value = "jsonl")]
    pub format: ExportFormat,
    /// Write here instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = args.store.open_any(false)?;
    let sink: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
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
