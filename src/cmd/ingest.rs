//! `dateline ingest PATH... [--store DIR|URL]`: runs the whole pipeline over every input and
//! writes the annotated documents into the store in batches (one transaction each).
//! Inputs whose content is already stored are skipped before annotation, so a re-run after
//! an interruption only does the remaining work.

use crate::cmd::annotate::PipelineArgs;
use crate::cmd::extract::Limits;
use crate::cmd::store::StoreDir;
use crate::runner;
use dateline_document::Document;
use dateline_extract::extract;
use dateline_store::{content_hash, BatchOutcome, Store};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories (searched recursively); `-` reads stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub store: StoreDir,
    #[command(flatten)]
    pub limits: Limits,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    /// Documents per transaction: a crash loses at most this much annotation work.
    #[arg(long, default_value_t = 200)]
    pub batch: usize,
    /// Sentences whose tags and arcs are remembered, so that a sentence met again (reprints,
    /// updated stories) is not parsed again (about 1 kB each; 0 turns it off).
    #[arg(long, default_value_t = 100_000)]
    pub sentence_cache: usize,
}

/// What the parallel stage hands the writer.
enum Item {
    /// The content hash is already in the store: nothing to annotate or write.
    Known,
    Annotated(Box<Document>),
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    args.limits.configure_threads()?;
    let mut store = args.store.open_any(true)?;
    let known = store.content_hashes()?;
    let mut pipeline = args.pipeline.load()?;
    if args.sentence_cache > 0 {
        pipeline = pipeline.with_sentence_cache(args.sentence_cache);
    }
    let options = args.limits.extract_options();
    let batch_size = args.batch.max(1);
    let mut batch: Vec<Document> = Vec::with_capacity(batch_size);
    let mut total = BatchOutcome::default();
    // Time spent writing the store (records, links, index), apart from reading and annotating.
    let mut store_seconds = 0.0;
    let summary = runner::run(
        &args.paths,
        &args.limits,
        |raw| {
            let mut doc = extract(&raw, &options);
            if known.contains(&content_hash(&doc)) {
                return Ok(Item::Known);
            }
            pipeline.annotate(&mut doc, args.pipeline.date);
            Ok(Item::Annotated(Box::new(doc)))
        },
        |item| {
            match item {
                Item::Known => total.skipped += 1,
                Item::Annotated(doc) => batch.push(*doc),
            }
            if batch.len() >= batch_size {
                store_seconds += write(&mut *store, &mut batch, &mut total)?;
            }
            Ok(())
        },
    )?;
    store_seconds += write(&mut *store, &mut batch, &mut total)?;
    summary.print("ingested");
    eprintln!(
        "store {}: writes took {store_seconds:.2}s",
        args.store.location()?
    );
    eprintln!(
        "added {}, skipped {} (already in the store), failed {}; quotes {} ({} linked to earlier reports), events {}, near-duplicates {}",
        total.added,
        total.skipped,
        summary.failed,
        total.quotes,
        total.quotes_linked,
        total.events,
        total.near_duplicates
    );
    if let Some((hits, lookups)) = pipeline.sentence_cache_hits().filter(|(_, n)| *n > 0) {
        eprintln!(
            "sentences parsed before: {hits} of {lookups} ({:.0}%)",
            100.0 * hits as f64 / lookups as f64
        );
    }
    Ok(summary.exit_code())
}

/// Writes and empties `batch`, adding what it did to `total`; returns the seconds it took.
fn write(
    store: &mut dyn Store,
    batch: &mut Vec<Document>,
    total: &mut BatchOutcome,
) -> anyhow::Result<f64> {
    let started = Instant::now();
    total.add(&store.write_batch(batch)?);
    batch.clear();
    Ok(started.elapsed().as_secs_f64())
}
