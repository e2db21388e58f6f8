pub mod annotate;
pub mod bench;
pub mod bench_ingest;
pub mod bench_language;
pub mod bench_serve;
pub mod eval;
pub mod eval_language;
pub mod events;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod query;
pub mod quotes;
pub mod search;
pub mod serve;
pub mod store;
pub mod train;

/// One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
