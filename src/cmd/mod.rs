pub mod annotate;
pub mod bench;
pub mod bench_language;
pub mod eval;
pub mod eval_language;
pub mod extract;
pub mod quotes;
pub mod train;
