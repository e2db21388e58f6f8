//! Plain-text captures (page text copied from a browser) into article blocks.

use crate::ExtractOptions;
use dateline_document::Document;
use dateline_read::RawDocument;

pub fn extract(text: &str, raw: &RawDocument, _options: &ExtractOptions) -> Document {
    Document { source: raw.source.clone(), text: text.to_string(), ..Default::default() }
}
