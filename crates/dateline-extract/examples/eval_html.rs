//! Quick accuracy and speed loop for the HTML extractor on the shared corpora.
//!
//! `cargo run --release -p dateline-extract --example eval_html -- scrapinghub [DIR]`
//! scores bodies with the ScrapingHub metric and times extraction (pages in memory, one
//! core); `... -- trafilatura [DIR]` scores trafilatura-eval's with/without snippets,
//! titles and dates. `-v` prints per-page scores, worst first.

use dateline_document::Source;
use dateline_eval::extraction::{aggregate, score_page};
use dateline_extract::{extract, ExtractOptions};
use dateline_read::{Content, RawDocument};
use std::io::Read;
use std::path::{Path, PathBuf};

fn gunzip(path: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).expect("open page"))
        .read_to_end(&mut bytes)
        .expect("gunzip page");
    bytes
}

/// Decodes with the `<meta charset>` the page declares, else UTF-8, else Windows-1252.
fn decode(bytes: &[u8]) -> String {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let declared = head.find("charset=").and_then(|i| {
        let rest = head[i + 8..].trim_start_matches(['"', '\'']);
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        encoding_rs::Encoding::for_label(rest[..end].as_bytes())
    });
    match declared {
        Some(encoding) => encoding.decode(bytes).0.into_owned(),
        None => match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
        },
    }
}

fn raw(path: &Path, html: String, url: Option<String>) -> RawDocument {
    let source = Source {
        path: path.display().to_string(),
        url,
        format: "html".into(),
        ..Default::default()
    };
    RawDocument::new(source, Content::Html(html))
}

fn thread_cpu_seconds() -> f64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec for the duration of the call.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    now.tv_sec as f64 + now.tv_nsec as f64 * 1e-9
}

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/extraction")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let positional: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    match positional.first().map(|s| s.as_str()) {
        Some("show") => show(Path::new(positional[1])),
        Some("trafilatura") => trafilatura(
            positional
                .get(1)
                .map_or(shared().join("trafilatura-eval"), PathBuf::from),
            verbose,
        ),
        _ => scrapinghub(
            positional
                .get(1)
                .map_or(shared().join("scrapinghub"), PathBuf::from),
            verbose,
        ),
    }
}

/// Prints what the extractor makes of one page (`.html` or `.html.gz`).
fn show(path: &Path) {
    let bytes = if path.extension().is_some_and(|e| e == "gz") {
        gunzip(path)
    } else {
        std::fs::read(path).expect("read page")
    };
    let doc = extract(&raw(path, decode(&bytes), None), &ExtractOptions::default());
    println!("{}", serde_json::to_string_pretty(&doc.meta).expect("json"));
    for block in &doc.blocks {
        println!("[{:?}] {}", block.kind, doc.slice(block.span));
    }
}

fn scrapinghub(dir: PathBuf, verbose: bool) {
    let gold: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.join("ground-truth.json")).expect("ground truth"),
    )
    .expect("json");
    let gold = gold.as_object().expect("object");
    let mut pages = Vec::new();
    for (id, entry) in gold {
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let html = decode(&gunzip(&path));
        let url = entry["url"].as_str().map(str::to_string);
        pages.push((
            raw(&path, html, url),
            entry["articleBody"].as_str().unwrap_or("").to_string(),
            id.clone(),
        ));
    }
    let options = ExtractOptions::default();
    let mut scores = Vec::new();
    for (raw, gold_body, id) in &pages {
        let doc = extract(raw, &options);
        let score = score_page(gold_body, &doc.body_text());
        scores.push((score, id));
    }
    // Timing: extraction only, pages already decoded in memory, best of three rounds, as
    // this thread's CPU time so that other processes on the machine do not count.
    let bytes: usize = pages
        .iter()
        .map(|(r, _, _)| match &r.content {
            Content::Html(h) => h.len(),
            Content::Text(t) => t.len(),
        })
        .sum();
    let best = (0..3)
        .map(|_| {
            let start = thread_cpu_seconds();
            for (raw, _, _) in &pages {
                std::hint::black_box(extract(raw, &options));
            }
            thread_cpu_seconds() - start
        })
        .fold(f64::INFINITY, f64::min);
    if verbose {
        scores.sort_by(|a, b| {
            let f = |s: &dateline_eval::extraction::PageScore| s.tp;
            f(&a.0).partial_cmp(&f(&b.0)).unwrap()
        });
        for (score, id) in &scores {
            println!(
                "{:.3} P={:.3} R={:.3} {id}",
                score.tp,
                score.precision().unwrap_or(0.0),
                score.recall().unwrap_or(0.0)
            );
        }
    }
    let metrics = aggregate(&scores.iter().map(|(s, _)| *s).collect::<Vec<_>>());
    println!(
        "scrapinghub: {} pages  P={:.4} R={:.4} F1={:.4} exact={:.3}  {:.3} ms/page  {:.0} MB/s (thread CPU time)",
        metrics.pages,
        metrics.precision,
        metrics.recall,
        metrics.f1,
        metrics.accuracy,
        best * 1000.0 / pages.len() as f64,
        bytes as f64 / best / 1e6
    );
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn trafilatura(dir: PathBuf, verbose: bool) {
    let eval: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("evaldata.json")).expect("evaldata"))
            .expect("json");
    let (mut tp, mut fp, mut tn, mut fn_) = (0usize, 0usize, 0usize, 0usize);
    let (mut titles, mut titles_right, mut dates, mut dates_right) = (0, 0, 0, 0);
    let options = ExtractOptions::default();
    for (url, entry) in eval.as_object().expect("object") {
        let file = entry["file"].as_str().expect("file");
        let path = dir.join("html").join(format!("{file}.gz"));
        let Ok(metadata) = std::fs::metadata(&path) else {
            continue;
        };
        if metadata.len() == 0 {
            continue;
        }
        let html = decode(&gunzip(&path));
        let doc = extract(&raw(&path, html, Some(url.clone())), &options);
        let body = normalise(&doc.body_text());
        let strings = |key: &str| {
            entry[key]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str())
                .map(normalise)
                .collect::<Vec<_>>()
        };
        for snippet in strings("with") {
            if body.contains(&snippet) {
                tp += 1;
            } else {
                fn_ += 1;
                if verbose {
                    println!("MISSING {file}: {snippet:.80}");
                }
            }
        }
        for snippet in strings("without") {
            if body.contains(&snippet) {
                fp += 1;
                if verbose {
                    println!("EXTRA   {file}: {snippet:.80}");
                }
            } else {
                tn += 1;
            }
        }
        if let Some(title) = entry["title"].as_str().filter(|t| !t.trim().is_empty()) {
            titles += 1;
            let got = doc.meta.title.as_deref().map(normalise).unwrap_or_default();
            if normalise(title).to_lowercase() == got.to_lowercase() {
                titles_right += 1;
            } else if verbose {
                println!("TITLE   {file}: want {title:?} got {got:?}");
            }
        }
        if let Some(date) = entry["date"].as_str().filter(|d| !d.trim().is_empty()) {
            dates += 1;
            let got = doc.meta.published.as_deref().unwrap_or("");
            if got.get(..10) == Some(date) {
                dates_right += 1;
            } else if verbose {
                println!("DATE    {file}: want {date} got {got:?}");
            }
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "trafilatura-eval: snippets P={precision:.4} R={recall:.4} F1={:.4} accuracy={:.4}  title {titles_right}/{titles}={:.3}  date {dates_right}/{dates}={:.3}",
        dateline_eval::f1(precision, recall),
        (tp + tn) as f64 / (tp + tn + fp + fn_).max(1) as f64,
        titles_right as f64 / titles.max(1) as f64,
        dates_right as f64 / dates.max(1) as f64,
    );
}
