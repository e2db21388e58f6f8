//! Runs inputs through a per-document stage in parallel and hands results to one writer in
//! input order, so output is deterministic whatever the thread count.

use crate::cmd::extract::Limits;
use crate::progress;
use dateline_read::{discover, read_path, RawDocument, ReadError};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What one run did, printed at the end.
#[derive(Debug, Default)]
pub struct Summary {
    pub inputs: usize,
    pub documents: usize,
    pub failed: usize,
    pub seconds: f64,
}

impl Summary {
    /// Failure when any input or record failed, so scripts notice.
    pub fn exit_code(&self) -> std::process::ExitCode {
        if self.failed > 0 {
            std::process::ExitCode::FAILURE
        } else {
            std::process::ExitCode::SUCCESS
        }
    }

    pub fn print(&self, verb: &str) {
        let rate = if self.seconds > 0.0 {
            self.documents as f64 / self.seconds
        } else {
            0.0
        };
        eprintln!(
            "{verb} {} documents from {} inputs in {:.2}s ({rate:.0} docs/s); {} failed",
            self.documents, self.inputs, self.seconds, self.failed
        );
    }
}

/// Results that may wait for the writer.
const PENDING: usize = 1024;

/// Reads every input, applies `stage` to each document on the rayon pool, and calls `write`
/// with the results in input order. Read errors and stage errors are reported on stderr with
/// the input's label and counted; they never stop the run.
pub fn run<T, S, W>(
    paths: &[PathBuf],
    limits: &Limits,
    stage: S,
    mut write: W,
) -> anyhow::Result<Summary>
where
    T: Send,
    S: Fn(RawDocument) -> anyhow::Result<T> + Sync,
    W: FnMut(T) -> anyhow::Result<()>,
{
    let started = Instant::now();
    let options = &limits.read_options();
    let time_limit = limits.time_limit();
    let (files, discover_errors) = discover(paths);
    let mut summary = Summary {
        inputs: files.len(),
        ..Default::default()
    };
    for err in &discover_errors {
        report(err);
    }
    summary.failed += discover_errors.len();
    let bar = progress::counter("docs");
    let records = files
        .iter()
        .flat_map(|file| read_path(file, options))
        .enumerate();
    // Room for the documents the stage makes while `write` is busy (an ingest's commit of a
    // batch takes a second or so), so that the threads keep working meanwhile.
    let (sender, receiver) = mpsc::sync_channel::<(usize, Result<T, String>)>(PENDING);
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let stage = &stage;
        scope.spawn(move || {
            records
                .par_bridge()
                .for_each_with(sender, |sender, (seq, record)| {
                    let outcome = match record {
                        Ok(raw) => {
                            let label = raw.source.label();
                            run_guarded(stage, raw, time_limit)
                                .map_err(|e| format!("{label}: {e:#}"))
                        }
                        Err(err) => Err(err.to_string()),
                    };
                    // The receiver only hangs up after a write error, which is reported there.
                    let _ = sender.send((seq, outcome));
                });
        });
        // Reorder: results arrive in any order; write them by sequence number.
        let mut pending = BTreeMap::new();
        let mut next = 0;
        let mut write_error = None;
        for (seq, outcome) in receiver {
            pending.insert(seq, outcome);
            while let Some(outcome) = pending.remove(&next) {
                next += 1;
                bar.inc(1);
                match outcome {
                    Ok(value) if write_error.is_none() => {
                        summary.documents += 1;
                        if let Err(e) = write(value) {
                            write_error = Some(e);
                        }
                    }
                    Ok(_) => {}
                    Err(message) => {
                        bar.suspend(|| eprintln!("dateline: {message}"));
                        summary.failed += 1;
                    }
                }
            }
            if write_error.is_some() {
                break;
            }
        }
        write_error.map_or(Ok(()), Err)
    })?;
    bar.finish_and_clear();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Runs `stage` on one document so that a bug cannot stop the run: a panic becomes that
/// document's error. A document that takes longer than `time_limit` is reported on stderr
/// (the work is not abandoned halfway, which could leave half-made records).
fn run_guarded<T, S>(stage: &S, raw: RawDocument, time_limit: Option<Duration>) -> anyhow::Result<T>
where
    S: Fn(RawDocument) -> anyhow::Result<T>,
{
    let label = raw.source.label();
    let started = Instant::now();
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| stage(raw)));
    let elapsed = started.elapsed();
    if let Some(limit) = time_limit.filter(|limit| elapsed > *limit) {
        eprintln!(
            "dateline: {label}: took {:.1}s, over the per-document time limit of {:.1}s",
            elapsed.as_secs_f64(),
            limit.as_secs_f64()
        );
    }
    outcome.unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        anyhow::bail!("internal error (a bug; please report it with this input): {message}")
    })
}

fn report(err: &ReadError) {
    eprintln!("dateline: {err}");
}

/// [`run`] with a stage that makes one serialisable record per document, written as JSON
/// Lines to `output` (stdout when `None`).
pub fn write_jsonl<T, S>(
    paths: &[PathBuf],
    limits: &Limits,
    output: Option<&Path>,
    stage: S,
) -> anyhow::Result<Summary>
where
    T: serde::Serialize,
    S: Fn(RawDocument) -> anyhow::Result<T> + Sync,
{
    write_text(paths, limits, output, None, |raw| {
        Ok(serde_json::to_string(&stage(raw)?)? + "\n")
    })
}

/// [`run`] with a stage that renders each document as text (lines of a table, say), written
/// in input order to `output` (stdout when `None`) after an optional `header` line.
pub fn write_text<S>(
    paths: &[PathBuf],
    limits: &Limits,
    output: Option<&Path>,
    header: Option<&str>,
    stage: S,
) -> anyhow::Result<Summary>
where
    S: Fn(RawDocument) -> anyhow::Result<String> + Sync,
{
    let sink: Box<dyn Write> = match output {
        Some(path) => Box::new(
            std::fs::File::create(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = std::io::BufWriter::new(sink);
    if let Some(header) = header {
        writeln!(out, "{header}")?;
    }
    let summary = run(paths, limits, stage, |text: String| {
        Ok(out.write_all(text.as_bytes())?)
    })?;
    out.flush()?;
    Ok(summary)
}
