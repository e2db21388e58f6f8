//! `dateline bench ingest --store DIR --documents N`: end-to-end ingest throughput and memory.
//!
//! Writes a corpus of `--documents` distinct text files beside the store (`DIR.corpus/`,
//! reused when it is complete): the texts of the base inputs (as for `bench serve`: the
//! Wikinews sample, the seed article, the geo and timex corpora) once each, then edited
//! copies of them as a news stream carries them (boilerplate added, a trimmed reprint, a new
//! headline, sentences edited, an update), from
//! [`dateline_eval::duplicates::edited_copies`]. Then it runs `dateline ingest` on that
//! corpus into an empty store as a child process, the real command with the whole pipeline,
//! and reports documents per second and the child's peak memory.

use crate::cmd::bench_serve::{default_bases, Args};
use crate::cmd::extract::Limits;
use crate::runner;
use anyhow::{bail, Context};
use dateline_extract::extract;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// The seed of the edits, fixed so that every run ingests the same corpus.
const EDIT_SEED: u64 = 20_220_107;

pub fn run(args: &Args, models: Option<&Path>) -> anyhow::Result<ExitCode> {
    let store = args
        .store
        .clone()
        .context("bench ingest needs --store DIR (a new, empty store)")?;
    if args.documents == 0 {
        bail!("bench ingest needs --documents of at least 1");
    }
    if store.exists() {
        bail!(
            "{} exists: bench ingest measures an ingest into a new store",
            store.display()
        );
    }
    let corpus = PathBuf::from(format!("{}.corpus", store.display()));
    write_corpus(args, &corpus)?;
    let mut ingest = Command::new(std::env::current_exe()?);
    ingest.arg("ingest").arg("--store").arg(&store).arg(&corpus);
    if let Some(models) = models {
        ingest.arg("--models").arg(models);
    }
    eprintln!("running {ingest:?}");
    let started = Instant::now();
    let status = ingest.status().context("starting dateline ingest")?;
    let seconds = started.elapsed().as_secs_f64();
    if !status.success() {
        bail!("dateline ingest {status}");
    }
    let peak_mb = children_peak_rss_kb() as f64 / 1024.0;
    println!(
        "ingested {} documents in {seconds:.1}s: {:.1} documents/s, peak memory {peak_mb:.0} MB, {} threads",
        args.documents,
        args.documents as f64 / seconds,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes the corpus unless `dir` already holds it.
fn write_corpus(args: &Args, dir: &Path) -> anyhow::Result<()> {
    let file = |n: usize| dir.join(format!("{n:07}.txt"));
    if file(args.documents - 1).exists() && !file(args.documents).exists() {
        eprintln!("reusing the corpus in {}", dir.display());
        return Ok(());
    }
    let bases = if args.base.is_empty() {
        default_bases()
    } else {
        args.base.clone()
    };
    let limits = Limits::without_time_limit();
    let options = limits.extract_options();
    let mut texts = Vec::new();
    runner::run(
        &bases,
        &limits,
        |raw| Ok(extract(&raw, &options).text),
        |text| {
            if !text.trim().is_empty() {
                texts.push(text);
            }
            Ok(())
        },
    )?;
    if texts.len() < 2 {
        bail!("fewer than two base texts in {bases:?}");
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| dir.display().to_string())?;
    }
    std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
    let stream = dateline_eval::duplicates::edited_copies(&texts, args.documents, EDIT_SEED);
    for (n, text) in stream.iter().enumerate() {
        std::fs::write(file(n), text).with_context(|| file(n).display().to_string())?;
    }
    eprintln!(
        "wrote {} documents ({} base texts and edited copies) to {}",
        stream.len(),
        texts.len(),
        dir.display()
    );
    Ok(())
}

/// The largest resident set of any finished child process, in kB.
fn children_peak_rss_kb() -> i64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss
}
