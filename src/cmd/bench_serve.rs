//! `dateline bench serve --store DIR`: a bounded load test of `dateline serve` on loopback.
//!
//! Builds (or reuses) a store of `--documents` documents: a base set is annotated once (the
//! Wikinews sample, the seed article and the texts of the geo and timex corpora by default),
//! then edited variants of it are written through `Store::write_batch` (new headline, shifted
//! date, another outlet, a paragraph of another article appended), each with its own content
//! hash. Then it starts the server in this process on 127.0.0.1:0 and drives it with
//! `--clients` keep-alive HTTP/1.1 clients for `--seconds` seconds on a mix of searches (with
//! and without filters) and document, quote and speaker requests, and reports requests per
//! second, latency percentiles per endpoint, errors and the process's resident memory.
//!
//! Server and clients share this process and its cores: the figures are the server's
//! latency as a client on the same machine sees it, with the clients' work included.

use crate::cmd::annotate::load_pipeline;
use crate::cmd::extract::Limits;
use crate::runner;
use anyhow::{bail, Context};
use dateline_document::Document;
use dateline_extract::extract;
use dateline_serve::{router, serve, AppState, Config};
use dateline_store::{EmbeddedStore, Paging, QuoteFilter, Store};
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Documents per `write_batch` call while building the store.
const BUILD_BATCH: usize = 1000;
/// Fake outlets the variants are spread over, so outlet facets and filters have values.
const OUTLETS: usize = 25;
/// The acceptance bound on the 99th-percentile latency of every endpoint.
const P99_BOUND_MS: f64 = 100.0;

#[derive(clap::Args)]
pub struct Args {
    /// Store to build (or reuse when it already holds enough documents) and serve.
    #[arg(long)]
    pub store: Option<PathBuf>,
    /// Documents the store should hold.
    #[arg(long, default_value_t = 100_000)]
    pub documents: usize,
    /// Concurrent clients.
    #[arg(long, default_value_t = 50)]
    pub clients: usize,
    /// Seconds of load.
    #[arg(long, default_value_t = 30)]
    pub seconds: u64,
    /// Inputs to annotate as the base set (files or directories) [default: sample/wikinews,
    /// ../shared/corpus/seed/*.txt, ../shared/corpus/geo/*.jsonl, ../shared/corpus/timex/*.jsonl].
    #[arg(long)]
    pub base: Vec<PathBuf>,
    /// Megabytes of the server's response cache (0 turns it off), as `dateline serve`.
    #[arg(long, default_value_t = 64)]
    pub response_cache_mb: usize,
}

/// The default base inputs, those of them that exist.
pub fn default_bases() -> Vec<PathBuf> {
    let mut bases = vec![PathBuf::from("sample/wikinews")];
    for (dir, ext) in [
        ("../shared/corpus/seed", "txt"),
        ("../shared/corpus/geo", "jsonl"),
        ("../shared/corpus/timex", "jsonl"),
    ] {
        if let Ok(entries) = std::fs::read_dir(dir) {
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == ext))
                .collect();
            files.sort();
            bases.extend(files);
        }
    }
    bases.retain(|p| p.exists());
    bases
}

pub fn run(args: &Args, models: Option<&Path>) -> anyhow::Result<ExitCode> {
    let dir = args
        .store
        .clone()
        .context("bench serve needs --store DIR (built there when it holds too few documents)")?;
    let mut store = EmbeddedStore::open(&dir)?;
    let held = document_count(&store)?;
    if held < args.documents {
        let bases = if args.base.is_empty() {
            default_bases()
        } else {
            args.base.clone()
        };
        build(&mut store, &bases, models, args.documents - held)?;
    } else {
        eprintln!("reusing {}: {held} documents", dir.display());
    }
    let mix = RequestMix::from_store(&store)?;
    // The writer's handle would hold the index lock; the server opens its own.
    drop(store);
    let store = EmbeddedStore::open(&dir)?;
    let config = Config {
        // One client address for all: the per-IP rate limit would measure itself.
        rate_per_second: 1e9,
        rate_burst: 1e9,
        response_cache_bytes: args.response_cache_mb * 1024 * 1024,
        ..Config::default()
    };
    let state = AppState::new(store, None, config);
    let app = router(state.clone());
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    let report = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        tokio::spawn(serve(listener, app));
        drive(address, &mix, args.clients.max(1), args.seconds.max(1)).await
    })?;
    report.print(args);
    let cache = state.response_cache_stats();
    if args.response_cache_mb == 0 {
        println!("response cache: off");
    } else {
        println!(
            "response cache ({} MB): {:.1}% of {} lookups answered, {:.1} MiB held at the end",
            args.response_cache_mb,
            100.0 * cache.hit_rate(),
            cache.hits + cache.misses,
            cache.bytes as f64 / (1024.0 * 1024.0)
        );
    }
    Ok(if report.passes() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn document_count(store: &EmbeddedStore) -> anyhow::Result<usize> {
    let paging = Paging {
        limit: 1,
        offset: 0,
    };
    Ok(store.documents(&Default::default(), paging)?.1 as usize)
}

/// Annotates the base inputs, then writes `wanted` documents: the bases first, then variants.
fn build(
    store: &mut EmbeddedStore,
    bases: &[PathBuf],
    models: Option<&Path>,
    wanted: usize,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let models = models
        .map(Path::to_path_buf)
        .unwrap_or_else(dateline_pipeline::Pipeline::default_models_dir);
    let pipeline = load_pipeline(&models)?;
    let limits = Limits::without_time_limit();
    let options = limits.extract_options();
    let mut annotated: Vec<Document> = Vec::new();
    runner::run(
        bases,
        &limits,
        |raw| {
            let mut doc = extract(&raw, &options);
            pipeline.annotate(&mut doc, None);
            Ok(doc)
        },
        |doc| {
            annotated.push(doc);
            Ok(())
        },
    )?;
    annotated.retain(|d| !d.text.trim().is_empty());
    if annotated.len() < 2 {
        bail!("fewer than two base documents in {bases:?}");
    }
    eprintln!(
        "annotated {} base documents in {:.1}s",
        annotated.len(),
        started.elapsed().as_secs_f64()
    );
    let mut written = 0;
    let mut serial = 0usize;
    let mut batch = Vec::with_capacity(BUILD_BATCH);
    while written < wanted {
        let doc = if serial < annotated.len() {
            annotated[serial].clone()
        } else {
            variant(&annotated, serial)
        };
        serial += 1;
        batch.push(doc);
        if batch.len() == BUILD_BATCH.min(wanted - written) {
            let outcome = store.write_batch(&batch)?;
            written += outcome.added;
            batch.clear();
            if serial.is_multiple_of(BUILD_BATCH * 10) {
                eprintln!(
                    "written {written}/{wanted} documents ({:.0}s)",
                    started.elapsed().as_secs_f64()
                );
            }
        }
        if serial > wanted * 2 + annotated.len() {
            bail!("variants keep colliding with stored documents ({written} written)");
        }
    }
    eprintln!(
        "built {written} documents in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The `serial`-th edited variant: base `serial % n`, with a numbered headline, a date moved
/// by up to four years, one of [`OUTLETS`] outlets, and the first paragraph of another base
/// appended (annotations keep their offsets: text is only added after them).
fn variant(bases: &[Document], serial: usize) -> Document {
    let n = bases.len();
    let mut doc = bases[serial % n].clone();
    let other = &bases[(serial / n + serial % n + 1) % n];
    let addition = other
        .text
        .split("\n\n")
        .find(|p| p.trim().len() > 40)
        .unwrap_or(&other.text);
    let addition: String = addition.chars().take(600).collect();
    doc.text = format!("{}\n\n{addition}", doc.text.trim_end());
    doc.text_index = Default::default();
    let headline = doc.meta.title.clone().unwrap_or_else(|| "Report".into());
    doc.meta.title = Some(format!("{headline} (update {})", serial / n));
    let day = serial % 1461;
    let date = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).expect("valid date")
        + chrono::Days::new(day as u64);
    doc.meta.published = Some(date.format("%Y-%m-%d").to_string());
    if let Some(dateline) = doc.dateline.as_mut() {
        dateline.date = doc.meta.published.clone();
    }
    doc.meta.site_name = Some(format!("outlet-{}", serial % OUTLETS));
    doc.source.path = format!("bench/variant-{serial}");
    doc.source.record = None;
    doc.id = Document::compute_id(&doc.source, &doc.text);
    doc
}

/// What the clients ask for, drawn from the store's own records.
struct RequestMix {
    documents: usize,
    quotes: Vec<i64>,
    speakers: Vec<i64>,
    queries: Vec<String>,
}

impl RequestMix {
    fn from_store(store: &EmbeddedStore) -> anyhow::Result<RequestMix> {
        let many = |limit| Paging { limit, offset: 0 };
        let quotes: Vec<i64> = store
            .quotes(&QuoteFilter::default(), many(2000))?
            .0
            .iter()
            .map(|q| q.id)
            .collect();
        let speakers = store.speakers(None, many(200))?.0;
        // Typical queries: the names of the people quoted, as a newsroom user would type them.
        let queries: Vec<String> = speakers
            .iter()
            .map(|s| s.name.clone())
            .filter(|name| name.chars().any(char::is_alphabetic))
            .collect();
        let speakers: Vec<i64> = speakers.iter().map(|s| s.id).collect();
        if quotes.is_empty() || speakers.is_empty() || queries.is_empty() {
            bail!("the store has no quotes, speakers or entities to ask for");
        }
        Ok(RequestMix {
            documents: document_count(store)?,
            quotes,
            speakers,
            queries,
        })
    }

    /// The `draw`-th request: its endpoint name and path.
    fn request(&self, draw: u64) -> (&'static str, String) {
        let pick = |n: usize| (draw / 16) as usize % n;
        let query = || encode(&self.queries[pick(self.queries.len())]);
        match draw % 16 {
            0..=3 => ("search", format!("/api/search?q={}", query())),
            4..=6 => {
                let year = 2020 + pick(4);
                (
                    "search+filters",
                    format!(
                        "/api/search?q={}&from={year}-01-01&to={year}-12-31&outlet=outlet-{}",
                        query(),
                        pick(OUTLETS)
                    ),
                )
            }
            7..=10 => (
                "document",
                format!("/api/documents/{}", 1 + pick(self.documents)),
            ),
            11..=13 => (
                "quote",
                format!("/api/quotes/{}", self.quotes[pick(self.quotes.len())]),
            ),
            _ => (
                "speaker",
                format!("/api/speakers/{}", self.speakers[pick(self.speakers.len())]),
            ),
        }
    }
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A 64-bit mixer (SplitMix64): each client's requests differ, and runs repeat.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

#[derive(Default)]
struct Endpoint {
    micros: Vec<u64>,
    errors: usize,
}

struct LoadReport {
    seconds: f64,
    endpoints: BTreeMap<&'static str, Endpoint>,
    /// Resident memory (MiB) when the load started, halfway, at the end, and the highest seen.
    rss_mib: [f64; 4],
    /// The same for anonymous memory (heap and stacks): without mapped files (the search
    /// index, which each store handle maps, and the binary), which count once touched.
    anon_mib: [f64; 4],
    first_errors: Vec<String>,
}

/// This process's resident set size and its anonymous part, in MiB (Linux), 0 when unknown.
fn rss_mib() -> [f64; 2] {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    [field("VmRSS:"), field("RssAnon:")]
}

type Outcome = (&'static str, Result<u64, String>);

async fn client(
    address: std::net::SocketAddr,
    mix_source: std::sync::Arc<RequestMix>,
    seed: u64,
    deadline: tokio::time::Instant,
) -> anyhow::Result<Vec<Outcome>> {
    let stream = tokio::net::TcpStream::connect(address).await?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    let mut outcomes = Vec::new();
    let mut draw = seed;
    while tokio::time::Instant::now() < deadline {
        draw = mix(draw);
        let (endpoint, path) = mix_source.request(draw);
        let request = hyper::Request::get(path.as_str())
            .header(hyper::header::HOST, "127.0.0.1")
            .body(Empty::<Bytes>::new())?;
        // hyper's sender takes a request only once the connection has gone back to idle
        // after the previous response; sending before that fails at once with "operation
        // was canceled" (cause: "connection was not ready") although the server did
        // nothing wrong: the connection task may not have run yet when the body ends.
        if let Err(e) = sender.ready().await {
            outcomes.push((endpoint, Err(describe(&e, &path))));
            break;
        }
        let sent = Instant::now();
        let result = match sender.send_request(request).await {
            Ok(response) => {
                let status = response.status();
                match response.into_body().collect().await {
                    Ok(_) if status.is_success() => Ok(sent.elapsed().as_micros() as u64),
                    Ok(_) => Err(format!("{status} on {path}")),
                    Err(e) => Err(describe(&e, &path)),
                }
            }
            Err(e) => Err(describe(&e, &path)),
        };
        let broken = result.is_err() && sender.ready().await.is_err();
        outcomes.push((endpoint, result));
        if broken {
            break;
        }
    }
    Ok(outcomes)
}

/// A client error with its kind and causes: hyper's own message names only the kind
/// ("operation was canceled"), not whether the server closed the connection or the request
/// was never sent.
fn describe(error: &hyper::Error, path: &str) -> String {
    let kind = if error.is_incomplete_message() {
        "connection closed before the response was complete"
    } else if error.is_canceled() {
        "canceled"
    } else if error.is_closed() {
        "connection closed"
    } else if error.is_timeout() {
        "timeout"
    } else {
        "other"
    };
    let mut text = format!("{kind}: {error}");
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        text.push_str(&format!(": {inner}"));
        cause = inner.source();
    }
    format!("{text} on {path}")
}

async fn drive(
    address: std::net::SocketAddr,
    mix_source: &RequestMix,
    clients: usize,
    seconds: u64,
) -> anyhow::Result<LoadReport> {
    let mix_source = std::sync::Arc::new(RequestMix {
        documents: mix_source.documents,
        quotes: mix_source.quotes.clone(),
        speakers: mix_source.speakers.clone(),
        queries: mix_source.queries.clone(),
    });
    let started = Instant::now();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
    let rss_start = rss_mib();
    let sampler = tokio::spawn(async move {
        let mut highest = rss_start;
        let mut middle = rss_start;
        for second in 1..=seconds {
            tokio::time::sleep(Duration::from_secs(1)).await;
            let now = rss_mib();
            highest = [highest[0].max(now[0]), highest[1].max(now[1])];
            if second == seconds / 2 {
                middle = now;
            }
        }
        (middle, highest)
    });
    let tasks: Vec<_> = (0..clients as u64)
        .map(|i| tokio::spawn(client(address, mix_source.clone(), mix(i + 1), deadline)))
        .collect();
    let mut endpoints: BTreeMap<&'static str, Endpoint> = BTreeMap::new();
    let mut first_errors = Vec::new();
    for task in tasks {
        for (endpoint, result) in task.await?? {
            let entry = endpoints.entry(endpoint).or_default();
            match result {
                Ok(micros) => entry.micros.push(micros),
                Err(message) => {
                    entry.errors += 1;
                    if first_errors.len() < 5 {
                        first_errors.push(message);
                    }
                }
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let (middle, highest) = sampler.await?;
    let end = rss_mib();
    let series = |i: usize| [rss_start[i], middle[i], end[i], highest[i].max(end[i])];
    Ok(LoadReport {
        seconds,
        endpoints,
        rss_mib: series(0),
        anon_mib: series(1),
        first_errors,
    })
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1] as f64 / 1000.0
}

impl LoadReport {
    fn rows(&self) -> Vec<(String, usize, usize, [f64; 4])> {
        let mut all = Endpoint::default();
        let mut rows = Vec::new();
        for (name, endpoint) in &self.endpoints {
            all.micros.extend(&endpoint.micros);
            all.errors += endpoint.errors;
            rows.push((name.to_string(), endpoint));
        }
        let mut out: Vec<_> = rows
            .into_iter()
            .map(|(name, e)| (name, summarise(e)))
            .map(|(name, (n, errors, stats))| (name, n, errors, stats))
            .collect();
        let (n, errors, stats) = summarise(&all);
        out.push(("all".into(), n, errors, stats));
        out
    }

    fn passes(&self) -> bool {
        self.rows()
            .iter()
            .all(|(_, _, errors, stats)| *errors == 0 && stats[2] < P99_BOUND_MS)
    }

    fn print(&self, args: &Args) {
        println!(
            "{} clients, {:.1}s, loopback; latency in ms",
            args.clients, self.seconds
        );
        println!("| endpoint | requests | req/s | errors | p50 | p90 | p99 | max |");
        println!("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (name, n, errors, [p50, p90, p99, max]) in self.rows() {
            println!(
                "| {name} | {n} | {:.0} | {errors} | {p50:.1} | {p90:.1} | {p99:.1} | {max:.1} |",
                n as f64 / self.seconds
            );
        }
        let [start, middle, end, highest] = self.rss_mib;
        println!(
            "RSS of the process (server and clients): start {start:.0} MiB, middle {middle:.0} MiB, end {end:.0} MiB, highest {highest:.0} MiB"
        );
        let [start, middle, end, highest] = self.anon_mib;
        println!(
            "of which anonymous (heap and stacks; the rest is mapped files: search index, binary): start {start:.0} MiB, middle {middle:.0} MiB, end {end:.0} MiB, highest {highest:.0} MiB"
        );
        for message in &self.first_errors {
            println!("error: {message}");
        }
        println!(
            "acceptance (p99 < {P99_BOUND_MS} ms on every endpoint, no errors): {}",
            if self.passes() { "pass" } else { "FAIL" }
        );
    }
}

/// Requests, errors and p50/p90/p99/max in ms.
fn summarise(endpoint: &Endpoint) -> (usize, usize, [f64; 4]) {
    let mut sorted = endpoint.micros.clone();
    sorted.sort_unstable();
    let stats = [
        percentile(&sorted, 50.0),
        percentile(&sorted, 90.0),
        percentile(&sorted, 99.0),
        sorted.last().map_or(0.0, |&m| m as f64 / 1000.0),
    ];
    (sorted.len() + endpoint.errors, endpoint.errors, stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_take_the_rank_above() {
        let sorted: Vec<u64> = (1..=100).map(|ms| ms * 1000).collect();
        assert_eq!(percentile(&sorted, 50.0), 50.0);
        assert_eq!(percentile(&sorted, 99.0), 99.0);
        assert_eq!(percentile(&[], 99.0), 0.0);
    }

    #[test]
    fn variants_have_their_own_content_and_keep_annotations_in_range() {
        let base = |text: &str, path: &str| Document {
            text: text.into(),
            source: dateline_document::Source {
                path: path.into(),
                ..Default::default()
            },
            ..Default::default()
        };
        let bases = [
            base("First article.\n\nIts second paragraph.", "a.txt"),
            base("Second article, with a longer first paragraph.", "b.txt"),
        ];
        let one = variant(&bases, 2);
        let two = variant(&bases, 4);
        assert!(one.text.starts_with(&bases[0].text));
        assert_ne!(
            dateline_store::content_hash(&one),
            dateline_store::content_hash(&two)
        );
        assert_ne!(one.meta.published, two.meta.published);
        assert_eq!(encode("Tokayev said"), "Tokayev%20said");
    }
}
