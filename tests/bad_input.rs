//! Bad input never panics and never stops the run: each bad file gets one error line naming
//! it (and its record or line) with a reason, the good inputs still come out, and the exit
//! code says that something failed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dateline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .output()
        .expect("dateline runs")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

const GOOD_PAGE: &str = "<html><head><title>Good page</title></head><body><article>\
<h1>Good page</h1><p>Officials said on Monday that the bridge would reopen next week after \
repairs that took three months, according to the city council.</p><p>The council added that \
traffic would be limited to cars for the first days.</p></article></body></html>";

fn warc_record(uri: &str, body: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}", body.len());
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2022-01-07T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{}>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        uri.len(),
        http.len()
    )
    .into_bytes()
}

/// Runs `extract` over the good page plus `bad`, and checks the contract.
fn assert_reported(bad: &Path, mention: &str) -> Output {
    let dir = bad.parent().unwrap();
    let good = write(dir, "good.html", GOOD_PAGE.as_bytes());
    let out = dateline(&["extract", good.to_str().unwrap(), bad.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stderr.contains("panicked"),
        "panic on {}: {stderr}",
        bad.display()
    );
    assert!(
        stdout.contains("Good page"),
        "good page lost next to {}: {stderr}",
        bad.display()
    );
    let error_lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("dateline: "))
        .collect();
    assert!(
        error_lines
            .iter()
            .any(|l| l.contains(&bad.display().to_string()) && l.contains(mention)),
        "no error line naming {} with {mention:?}: {stderr}",
        bad.display()
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "exit code must say something failed: {stderr}"
    );
    out
}

#[test]
fn empty_file() {
    let dir = tempfile::tempdir().unwrap();
    assert_reported(&write(dir.path(), "empty.html", b""), "empty");
}

#[test]
fn binary_garbage() {
    let dir = tempfile::tempdir().unwrap();
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    assert_reported(&write(dir.path(), "garbage.html", &garbage), "binary");
}

#[test]
fn truncated_gzip() {
    let dir = tempfile::tempdir().unwrap();
    let gz = gzip(GOOD_PAGE.repeat(50).as_bytes());
    assert_reported(&write(dir.path(), "cut.html.gz", &gz[..gz.len() / 2]), "");
}

#[test]
fn truncated_warc_keeps_earlier_records() {
    let dir = tempfile::tempdir().unwrap();
    let mut warc = warc_record(
        "https://example.com/a",
        &GOOD_PAGE.replace("Good page", "First record"),
    );
    let second = warc_record("https://example.com/b", GOOD_PAGE);
    warc.extend_from_slice(&second[..second.len() - 80]);
    let path = write(dir.path(), "cut.warc", &warc);
    let out = assert_reported(&path, "2");
    assert!(String::from_utf8_lossy(&out.stdout).contains("First record"));
}

#[test]
fn malformed_feed() {
    let dir = tempfile::tempdir().unwrap();
    let feed =
        b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title><item><title>broken";
    assert_reported(&write(dir.path(), "broken.rss", feed), "");
}

#[test]
fn jsonl_line_that_is_not_json() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = format!(
        "{}\nthis is not json\n{}\n",
        serde_json::json!({"url": "https://example.com/1", "html": GOOD_PAGE.replace("Good page", "Line one")}),
        serde_json::json!({"url": "https://example.com/3", "text": "Line three\n\nA plain text article body that says enough."}),
    );
    let path = write(dir.path(), "docs.jsonl", jsonl.as_bytes());
    let out = assert_reported(&path, "2");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Line one") && stdout.contains("Line three"),
        "{stdout}"
    );
}

#[test]
fn invalid_utf8_is_decoded_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = GOOD_PAGE
        .replace("Good page", "Broken bytes page")
        .into_bytes();
    bytes.splice(200..200, [0xff, 0xfe, 0xc3]);
    let path = write(dir.path(), "bad-utf8.html", &bytes);
    let out = dateline(&["extract", path.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Broken bytes page"));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn deeply_nested_divs() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 100_000;
    let html = format!(
        "<html><body>{}<p>Deep paragraph text that is long enough to be an article body, said the engineers.</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let path = write(dir.path(), "deep.html", html.as_bytes());
    let out = dateline(&["extract", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("overflow"),
        "{stderr}"
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Deep paragraph"),
        "{stderr}"
    );
}

#[test]
fn huge_html_file_over_the_limit_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.html");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    file.write_all(b"<html><body>").unwrap();
    let paragraph = "<p>Filler paragraph of a very large page that keeps going and going.</p>\n";
    for _ in 0..(100 * 1024 * 1024 / paragraph.len()) {
        file.write_all(paragraph.as_bytes()).unwrap();
    }
    file.write_all(b"</body></html>").unwrap();
    drop(file);
    let good = write(dir.path(), "good.html", GOOD_PAGE.as_bytes());
    let out = dateline(&[
        "extract",
        "--max-document-bytes",
        "10000000",
        good.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("huge.html") && l.contains("limit")),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Good page"));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn huge_html_file_within_the_limit_is_extracted() {
    let dir = tempfile::tempdir().unwrap();
    let paragraph = "<p>Filler paragraph of a very large page that keeps going and going.</p>\n";
    let html = format!(
        "<html><body><article>{}</article></body></html>",
        paragraph.repeat(100 * 1024 * 1024 / paragraph.len())
    );
    let path = write(dir.path(), "big.html", html.as_bytes());
    let out = dateline(&["extract", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        out.status.success() || stderr.contains("big.html"),
        "{stderr}"
    );
}
