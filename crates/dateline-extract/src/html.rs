//! HTML article extraction (body, title, metadata).

use crate::ExtractOptions;
use dateline_document::Document;
use dateline_read::RawDocument;

pub fn extract(_html: &str, raw: &RawDocument, _options: &ExtractOptions) -> Document {
    Document { source: raw.source.clone(), ..Default::default() }
}
