//! `dateline ingest PATH... [--store DIR|URL]`: runs the whole pipeline over every input and
//! writes the annotated documents into the store in batches (one transaction each).
//! Inputs whose content is already stored are skipped before annotation, so a re-run after
//! an interruption only does the remaining work.
//!
//! A batch is written every `--commit-seconds` (or at `--batch` documents): when the writer
//! falls behind, batches grow and commits get fewer, instead of a fixed count of documents
//! paying a commit each. The summary says where the time went: seconds of extraction and of
//! each pipeline stage (summed over the annotating threads), the writer's records and search
//! index, and the process's CPU time.

use crate::cmd::annotate::PipelineArgs;
use crate::cmd::extract::Limits;
use crate::cmd::store::StoreDir;
use crate::runner;
use dateline_document::Document;
use dateline_extract::extract;
use dateline_pipeline::Stage;
use dateline_store::{content_hash, BatchOutcome, Store};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

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
    /// Most documents per transaction: a crash loses at most this much annotation work.
    #[arg(long, default_value_t = 1000)]
    pub batch: usize,
    /// Seconds between transactions: documents annotated meanwhile are written together.
    #[arg(long, default_value_t = 1.0)]
    pub commit_seconds: f64,
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
    // The writer is the one serial stage: when it waits for a core, every annotating
    // thread soon waits for it. Annotating threads therefore yield the CPU to it.
    args.limits
        .thread_pool()
        .start_handler(|_| lower_thread_priority(ANNOTATOR_NICENESS))
        .build_global()?;
    let mut store = args.store.open_any(true)?;
    let known = store.content_hashes()?;
    let mut pipeline = args.pipeline.load()?;
    if args.sentence_cache > 0 {
        pipeline = pipeline.with_sentence_cache(args.sentence_cache);
    }
    let options = args.limits.extract_options();
    let batch_size = args.batch.max(1);
    let commit_interval = Duration::from_secs_f64(args.commit_seconds.max(0.0));
    let mut batch: Vec<Document> = Vec::with_capacity(batch_size);
    let mut total = BatchOutcome::default();
    let times = StageTimes::default();
    // Time spent writing the store (records, links, index), apart from reading and annotating.
    let mut store_time = Duration::ZERO;
    let mut transactions = 0;
    let mut last_write = Instant::now();
    let summary = runner::run(
        &args.paths,
        &args.limits,
        |raw| {
            let mut doc = times.extraction.time(|| extract(&raw, &options));
            if known.contains(&content_hash(&doc)) {
                return Ok(Item::Known);
            }
            for (stage, time) in Stage::ALL.into_iter().zip(&times.stages) {
                time.time(|| pipeline.annotate_stage(stage, &mut doc, args.pipeline.date));
            }
            Ok(Item::Annotated(Box::new(doc)))
        },
        |item| {
            match item {
                Item::Known => total.skipped += 1,
                Item::Annotated(doc) => batch.push(*doc),
            }
            if batch.len() >= batch_size
                || (!batch.is_empty() && last_write.elapsed() >= commit_interval)
            {
                store_time += write(&mut *store, &mut batch, &mut total)?;
                transactions += 1;
                last_write = Instant::now();
            }
            Ok(())
        },
    )?;
    if !batch.is_empty() {
        store_time += write(&mut *store, &mut batch, &mut total)?;
        transactions += 1;
    }
    summary.print("ingested");
    eprintln!(
        "store {}: writes took {:.2}s in {transactions} transactions (records {:.2}s, search index {:.2}s)",
        args.store.location()?,
        store_time.as_secs_f64(),
        total.records_time.as_secs_f64(),
        total.index_time.as_secs_f64(),
    );
    times.print();
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

/// Writes and empties `batch`, adding what it did to `total`; returns the time it took.
fn write(
    store: &mut dyn Store,
    batch: &mut Vec<Document>,
    total: &mut BatchOutcome,
) -> anyhow::Result<Duration> {
    let started = Instant::now();
    total.add(&store.write_batch(batch)?);
    batch.clear();
    Ok(started.elapsed())
}

/// Time spent in one kind of work, summed over the threads doing it.
#[derive(Default)]
struct Timer(AtomicU64);

impl Timer {
    fn time<T>(&self, work: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let value = work();
        let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.0.fetch_add(nanos, Ordering::Relaxed);
        value
    }

    fn seconds(&self) -> f64 {
        self.0.load(Ordering::Relaxed) as f64 / 1e9
    }
}

/// Where the annotating threads spent their time: extraction and each pipeline stage.
#[derive(Default)]
struct StageTimes {
    extraction: Timer,
    stages: [Timer; Stage::ALL.len()],
}

impl StageTimes {
    /// One line of thread-seconds per kind of work, then the process's CPU time.
    fn print(&self) {
        let mut parts = vec![format!("extraction {:.1}s", self.extraction.seconds())];
        for (stage, time) in Stage::ALL.iter().zip(&self.stages) {
            parts.push(format!("{stage:?} {:.1}s", time.seconds()));
        }
        eprintln!("annotation thread time: {}", parts.join(", "));
        let (user, system) = cpu_seconds(libc::RUSAGE_SELF);
        eprint!("process CPU: {user:.1}s user + {system:.1}s system");
        // `print` runs on the thread that wrote the store (and opened it and loaded the
        // models before). Linux alone counts CPU time per thread.
        #[cfg(target_os = "linux")]
        {
            let (main_user, main_system) = cpu_seconds(libc::RUSAGE_THREAD);
            eprint!("; of it the writer thread (with startup) {main_user:.1}s + {main_system:.1}s");
        }
        eprintln!();
    }
}

/// How many nice levels the annotating threads run below the writer: at 5 the scheduler
/// gives a thread about a third of the CPU weight of one at the writer's level.
const ANNOTATOR_NICENESS: libc::c_int = 5;

/// Lowers the calling thread's scheduling priority by `levels` nice levels (Linux keeps a
/// nice value per thread). Only a hint: a failure leaves the thread as it was.
#[cfg(target_os = "linux")]
fn lower_thread_priority(levels: libc::c_int) {
    // SAFETY: gettid, getpriority and setpriority take no pointers; errno is this thread's.
    unsafe {
        let thread = libc::syscall(libc::SYS_gettid) as libc::id_t;
        // -1 is both a nice value and getpriority's error: errno tells them apart.
        *libc::__errno_location() = 0;
        let current = libc::getpriority(libc::PRIO_PROCESS, thread);
        if *libc::__errno_location() == 0 {
            libc::setpriority(libc::PRIO_PROCESS, thread, current + levels);
        }
    }
}

/// Elsewhere nice values are per process: the annotating threads keep the writer's.
#[cfg(not(target_os = "linux"))]
fn lower_thread_priority(_levels: libc::c_int) {}

/// User and system CPU seconds so far of this process (`RUSAGE_SELF`, all threads) or, on
/// Linux, of the calling thread (`RUSAGE_THREAD`).
fn cpu_seconds(who: libc::c_int) -> (f64, f64) {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(who, &mut usage) };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (seconds(usage.ru_utime), seconds(usage.ru_stime))
}
