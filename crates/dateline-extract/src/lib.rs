//! Article extraction.
//!
//! In: a [`RawDocument`] from `dateline-read` (decoded HTML or plain text plus container hints).
//! Out: a [`Document`] whose `text` holds the article (title, subtitle, body) with its
//! [`Block`](dateline_document::Block)s, [`Metadata`](dateline_document::Metadata) and
//! parsed [`Dateline`](dateline_document::Dateline); boilerplate is gone from HTML and
//! marked as such in text captures.

pub mod dateline;
pub mod dates;
pub mod html;
pub mod text;

use dateline_document::Document;
use dateline_read::{Content, RawDocument};

/// Per-document limits, so one pathological page cannot stall a run. Hitting one is
/// reported in `Document::warnings`, never silent.
#[derive(Debug, Clone)]
pub struct ExtractOptions {
    /// Pages larger than this many bytes are truncated before parsing.
    pub max_bytes: usize,
    /// DOM nesting deeper than this is flattened.
    pub max_depth: usize,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            max_bytes: 16 * 1024 * 1024,
            max_depth: 512,
        }
    }
}

/// Extracts the article from one raw document.
pub fn extract(raw: &RawDocument, options: &ExtractOptions) -> Document {
    match &raw.content {
        Content::Html(html) => html::extract(html, raw, options),
        Content::Text(text) => text::extract(text, raw, options),
    }
}
