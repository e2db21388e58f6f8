//! Measures read throughput: `cargo run --release -p dateline-read --example read_throughput -- PATH... [--repeat N]`.
//! Prints documents, errors, decoded megabytes and MB/s over the decoded text.

use dateline_read::{discover, read_path, Content, ReadOptions};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut paths = Vec::new();
    let mut repeat = 1;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--repeat" {
            repeat = args
                .next()
                .and_then(|n| n.parse().ok())
                .expect("--repeat takes a number");
        } else {
            paths.push(PathBuf::from(arg));
        }
    }
    let (files, discover_errors) = discover(&paths);
    let options = ReadOptions::default();
    let started = Instant::now();
    let (mut documents, mut errors, mut bytes) = (0usize, discover_errors.len(), 0usize);
    for _ in 0..repeat {
        for file in &files {
            for result in read_path(file, &options) {
                match result {
                    Ok(document) => {
                        documents += 1;
                        bytes += match &document.content {
                            Content::Html(s) | Content::Text(s) => s.len(),
                        };
                    }
                    Err(error) => {
                        errors += 1;
                        eprintln!("{error}");
                    }
                }
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let megabytes = bytes as f64 / 1e6;
    println!(
        "{documents} documents, {errors} errors, {megabytes:.1} MB decoded in {seconds:.3} s: {:.0} MB/s",
        megabytes / seconds
    );
}
