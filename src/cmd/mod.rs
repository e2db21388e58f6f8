pub mod annotate;
pub mod bench;
pub mod eval;
pub mod extract;
