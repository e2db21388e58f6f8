//! `dateline bench ingest --store DIR --documents N`: end-to-end ingest throughput and memory.
//!
//! Writes a corpus of `--documents` distinct files beside the store (`DIR.corpus/`, reused
//! when its manifest `DIR.corpus.manifest` matches): the base inputs (as for `bench serve`:
//! the Wikinews sample, the seed article, the geo and timex corpora; and the HTML pages of
//! the extraction benchmark, kept as HTML so that ingest extracts them) once each, then
//! edited copies of them as a news stream carries them (boilerplate added, a trimmed
//! reprint, a new headline, sentences edited, an update), from
//! [`dateline_eval::duplicates::edited_copies`]. Then it runs `dateline ingest` on that
//! corpus into an empty store as a child process, the real command with the whole pipeline,
//! and reports documents per second and the child's peak memory.

use crate::cmd::bench_serve::{default_bases, Args};
use crate::cmd::extract::Limits;
use crate::runner;
use anyhow::{bail, Context};
use dateline_extract::extract;
use dateline_read::Content;
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

/// Where the extraction benchmark's pages are: real news and blog pages as they were served.
const EXTRACTION_PAGES: &str = "../shared/corpus/extraction/scrapinghub/html";

/// What the corpus is made of; a corpus written from other bases or by an older layout is
/// written again.
const CORPUS_LAYOUT: &str = "bases: texts + extraction pages as HTML; copies of pages as HTML";

/// The base inputs of the ingest bench: those of `bench serve` and the extraction pages,
/// which ingest really extracts (the acceptance names them).
fn ingest_bases() -> Vec<PathBuf> {
    let mut bases = default_bases();
    let pages = PathBuf::from(EXTRACTION_PAGES);
    if pages.is_dir() {
        bases.push(pages);
    }
    bases
}

/// One base document: its text, and the page it was extracted from when it was HTML.
struct Base {
    text: String,
    html: Option<String>,
}

/// The marker beside the corpus that says what it holds.
fn manifest_path(dir: &Path) -> PathBuf {
    PathBuf::from(format!("{}.manifest", dir.display()))
}

/// Writes the corpus unless `dir` already holds it (its manifest names the same documents
/// and bases). Base texts become `.txt` files and base pages `.html` files, written as they
/// were read; the edited copies of a page are written as a plain HTML page (headline as
/// title, paragraphs as `<p>`), so they pass through HTML extraction too, though not through
/// the original site's template.
fn write_corpus(args: &Args, dir: &Path) -> anyhow::Result<()> {
    let bases = if args.base.is_empty() {
        ingest_bases()
    } else {
        args.base.clone()
    };
    let manifest = format!(
        "{CORPUS_LAYOUT}\ndocuments: {}\nseed: {EDIT_SEED}\nbases: {bases:?}\n",
        args.documents
    );
    let manifest_file = manifest_path(dir);
    if dir.is_dir() && std::fs::read_to_string(&manifest_file).is_ok_and(|m| m == manifest) {
        eprintln!("reusing the corpus in {}", dir.display());
        return Ok(());
    }
    let limits = Limits::without_time_limit();
    let options = limits.extract_options();
    let mut read = Vec::new();
    runner::run(
        &bases,
        &limits,
        |raw| {
            let html = match &raw.content {
                Content::Html(html) => Some(html.clone()),
                Content::Text(_) => None,
            };
            Ok(Base {
                text: extract(&raw, &options).text,
                html,
            })
        },
        |base| {
            if !base.text.trim().is_empty() {
                read.push(base);
            }
            Ok(())
        },
    )?;
    if read.len() < 2 {
        bail!("fewer than two base texts in {bases:?}");
    }
    // A half-written corpus must not look complete: the manifest goes last.
    let _ = std::fs::remove_file(&manifest_file);
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| dir.display().to_string())?;
    }
    std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
    let texts: Vec<String> = read.iter().map(|b| b.text.clone()).collect();
    let stream = dateline_eval::duplicates::edited_copies(&texts, args.documents, EDIT_SEED);
    let mut pages = 0;
    for (n, text) in stream.into_iter().enumerate() {
        let base = &read[n % read.len()];
        let (name, content) = match (&base.html, n < read.len()) {
            (None, _) => (format!("{n:07}.txt"), text),
            (Some(html), true) => (format!("{n:07}.html"), html.clone()),
            (Some(_), false) => (format!("{n:07}.html"), as_html_page(&text)),
        };
        pages += usize::from(base.html.is_some());
        let file = dir.join(name);
        std::fs::write(&file, content).with_context(|| file.display().to_string())?;
    }
    std::fs::write(&manifest_file, manifest)
        .with_context(|| manifest_file.display().to_string())?;
    eprintln!(
        "wrote {} documents ({} base texts and edited copies; {pages} of them HTML pages) to {}",
        args.documents,
        read.len(),
        dir.display()
    );
    Ok(())
}

/// A text as a bare HTML page: its first line as the title and headline, its paragraphs
/// (blank-line separated) as `<p>` elements.
fn as_html_page(text: &str) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let (headline, body) = text.split_once('\n').unwrap_or(("", text));
    let paragraphs: String = body
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>\n", escape(p)))
        .collect();
    let headline = escape(headline.trim());
    format!(
        "<!DOCTYPE html>\n<html><head><title>{headline}</title></head>\n<body><article>\n<h1>{headline}</h1>\n{paragraphs}</article></body></html>\n"
    )
}

/// The largest resident set of any finished child process, in kB.
fn children_peak_rss_kb() -> i64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss
}
