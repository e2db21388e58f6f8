//! End to end through the store on the Wikinews sample (shipped in `sample/wikinews`):
//! `dateline ingest` twice adds nothing the second time, search finds a word of one article,
//! exports have a header and a row per record, and an ingest killed with SIGKILL at any
//! moment leaves a store that opens, passes its integrity check and, after a re-run, holds
//! exactly what an uninterrupted ingest holds.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

fn articles() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample/wikinews");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 20,
        "sample articles missing in {}",
        dir.display()
    );
    paths
}

fn dateline(args: &[&str], store: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dateline"));
    command.args(args).arg("--store").arg(store);
    command
}

fn ingest(store: &Path, batch: &str) -> Command {
    let mut command = dateline(&["ingest", "--batch", batch], store);
    command.args(articles());
    command
}

fn succeed(mut command: Command) -> Output {
    let output = command.output().expect("dateline runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The integrity report of `dateline query check`, asserting the check passed.
fn check(store: &Path) -> Value {
    let output = succeed(dateline(&["query", "check"], store));
    serde_json::from_slice(&output.stdout).expect("JSON report")
}

#[test]
fn ingest_is_idempotent_and_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let first = succeed(ingest(&store, "8"));
    let first = String::from_utf8_lossy(&first.stderr).to_string();
    assert!(first.contains("added 21, skipped 0"), "{first}");
    let second = succeed(ingest(&store, "8"));
    let second = String::from_utf8_lossy(&second.stderr).to_string();
    assert!(second.contains("added 0, skipped 21"), "{second}");
    assert_eq!(check(&store)["documents"], 21);

    let hits = succeed(dateline(&["search", "robotics", "--json"], &store));
    let hits: Vec<Value> = String::from_utf8(hits.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(hits.iter().any(|h| h["kind"] == "document"
        && h["source"]
            .as_str()
            .unwrap()
            .ends_with("GUM_news_afghan.txt")));

    let csv = succeed(dateline(
        &["export", "--what", "documents", "--format", "csv"],
        &store,
    ));
    let csv = String::from_utf8(csv.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(&reader.headers().unwrap()[0], "id");
    assert_eq!(reader.records().count(), 21);
}

/// Kill points in milliseconds, spread at random over `span`: a fresh seed per run (printed
/// in any failure) so that over many CI runs the kills land everywhere.
fn kill_points(seed: u64, count: usize, span: Duration) -> Vec<u64> {
    let mut state = seed | 1;
    let span_ms = span.as_millis().max(1) as u64;
    (0..count)
        .map(|_| {
            // xorshift64: enough spread for test scheduling, no dependency.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % span_ms
        })
        .collect()
}

#[test]
fn killed_ingest_resumes_to_the_same_store() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean");
    let started = std::time::Instant::now();
    succeed(ingest(&clean, "2"));
    // The whole run (model loading, annotation, batch commits) plus a margin past its end.
    let span = started.elapsed().mul_f64(1.1);
    let expected = check(&clean);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let points = kill_points(seed, 20, span);
    for (run, delay_ms) in points.iter().enumerate() {
        let store = dir.path().join(format!("killed-{run}"));
        // Every fourth run is killed twice, so a resumed ingest is also interrupted.
        let kills = if run % 4 == 3 { 2 } else { 1 };
        for _ in 0..kills {
            let mut child = ingest(&store, "2")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(*delay_ms));
            child.kill().unwrap(); // SIGKILL on Unix
            child.wait().unwrap();
            if store.join("records.sqlite").exists() {
                // Opens and passes the check (which also re-indexes what the kill left out).
                check(&store);
            }
        }
        succeed(ingest(&store, "2"));
        let report = check(&store);
        for key in [
            "documents",
            "indexed_documents",
            "quotes",
            "events",
            "entities",
            "mentions",
            "quote_sources",
            "places",
            "timexes",
        ] {
            assert_eq!(
                report[key], expected[key],
                "{key} after a kill at {delay_ms} ms (seed {seed}, span {span:?})"
            );
        }
    }
}

#[test]
fn kill_points_spread_over_the_span() {
    let points = kill_points(42, 200, Duration::from_millis(1000));
    assert!(points.iter().all(|&p| p < 1000));
    assert!(points.iter().any(|&p| p < 100) && points.iter().any(|&p| p > 900));
}
