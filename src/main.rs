//! `dateline`: the command-line front of the pipeline. Each subcommand lives in `cmd/`;
//! this file only parses arguments and maps failures to exit codes.

mod cmd;
mod gold;
mod progress;
mod runner;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// mimalloc instead of glibc's allocator: the pipeline allocates many small strings and
/// vectors on several threads at once, and glibc's malloc and free were about a tenth of an
/// ingest's CPU profile (its per-thread arenas also kept a long-running server's memory
/// growing past its caches).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "dateline",
    version,
    about = "Turns news into evidence-linked data"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract and annotate articles: tokens, sentences, tags, dependencies, entities,
    /// coreference, time expressions and quantities, as JSONL.
    Annotate(cmd::annotate::Args),
    /// Extract articles (title, metadata, dateline, body blocks) as JSONL, one object per document.
    Extract(cmd::extract::Args),
    /// Measure a task against gold data; `--json` ends with one JSON object of metrics.
    Eval(cmd::eval::Args),
    /// Code political events (CAMEO and PLOVER, actors, place, date, evidence) as CSV or JSONL.
    Events(cmd::events::Args),
    /// Train a model (sentences, tagger, parser, ner) from the corpora in ../shared.
    Train(cmd::train::Args),
    /// Compare Dateline with peer tools on the same inputs (accuracy and speed).
    Bench(cmd::bench::Args),
    /// Who said what: one row per quotation (speaker, quote, kind, cue, date, source).
    Quotes(cmd::quotes::Args),
    /// Run the whole pipeline over inputs and write the results into a store (idempotent, crash-safe).
    Ingest(cmd::ingest::Args),
    /// Full-text search of a store's documents and quotes, with filters and highlighted snippets.
    Search(cmd::search::Args),
    /// Ask a store: a speaker's quotes, an entity's timeline, an integrity check.
    Query(cmd::query::Args),
    /// Export a store's documents, quotes, events or entities as JSONL or CSV.
    Export(cmd::export::Args),
    /// Serve a store over HTTP: JSON API (OpenAPI at /openapi.json, docs at /docs) and web UI.
    Serve(cmd::serve::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Annotate(args) => cmd::annotate::run(args),
        Command::Extract(args) => cmd::extract::run(args),
        Command::Eval(args) => cmd::eval::run(args),
        Command::Events(args) => cmd::events::run(args),
        Command::Bench(args) => cmd::bench::run(args),
        Command::Quotes(args) => cmd::quotes::run(args),
        Command::Ingest(args) => cmd::ingest::run(args),
        Command::Search(args) => cmd::search::run(args),
        Command::Query(args) => cmd::query::run(args),
        Command::Export(args) => cmd::export::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Train(args) => cmd::train::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("dateline: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
