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
}
