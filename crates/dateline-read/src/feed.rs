//! RSS 2.0, RSS 1.0 and Atom feeds: each item or entry is one document.
//!
//! `feed-rs` parses a feed whole and fails whole, so when a feed is malformed the items
//! are cut apart and parsed one by one inside the feed's own envelope: one broken item
//! (an unescaped `&`, a cut-off tail) then costs only itself.

use memchr::memmem;
use crate::{read_limited, Content, Documents, Hints, RawDocument, ReadError, ReadOptions};
use dateline_document::Source;
use feed_rs::model::{Entry, Feed, FeedType};
use std::io::Read;

/// Parses the feed in `input`; every item becomes a document or an error.
pub(crate) fn read(label: String, input: impl Read, options: &ReadOptions) -> Documents {
    let file_error = |reason: String| -> Documents {
        let input = Source { path: label.clone(), format: "feed".into(), ..Default::default() };
        Box::new(std::iter::once(Err(ReadError { input, reason })))
    };
    let bytes = match read_limited(input, options.max_document_bytes) {
        Ok(bytes) => bytes,
        Err(reason) => return file_error(reason),
    };
    let whole_feed_error = match parse(&bytes) {
        Ok(feed) => {
            let items = documents(&label, feed, 1);
            return Box::new(items.into_iter());
        }
        Err(reason) => reason,
    };
    let Some(pieces) = split_items(&bytes) else {
        return file_error(format!("malformed feed: {whole_feed_error}"));
    };
    let results: Vec<_> = pieces
        .into_iter()
        .enumerate()
        .flat_map(|(index, piece)| {
            let number = index as u64 + 1;
            match parse(&piece) {
                Ok(feed) => documents(&label, feed, number),
                Err(reason) => {
                    let input = Source { path: label.clone(), record: Some(number), format: "feed".into(), ..Default::default() };
                    vec![Err(ReadError { input, reason: format!("malformed feed item: {reason}") })]
                }
            }
        })
        .collect();
    Box::new(results.into_iter())
}

fn parse(bytes: &[u8]) -> Result<Feed, String> {
    // No sanitising: the extractor reads the HTML, and sanitising would rewrite it.
    feed_rs::parser::Builder::new()
        .sanitize_content(false)
        .build()
        .parse(bytes)
        .map_err(|err| err.to_string())
}

/// The feed's entries as documents numbered from `first_number`.
fn documents(label: &str, feed: Feed, first_number: u64) -> Vec<Result<RawDocument, ReadError>> {
    let format = match feed.feed_type {
        FeedType::Atom => "atom",
        FeedType::JSON => "jsonfeed",
        _ => "rss",
    };
    let feed_language = feed.language.clone();
    feed.entries
        .into_iter()
        .zip(first_number..)
        .map(|(entry, number)| {
            let source = Source { path: label.to_string(), record: Some(number), format: format.into(), ..Default::default() };
            entry_document(entry, source, feed_language.clone())
        })
        .collect()
}

fn entry_document(entry: Entry, source: Source, feed_language: Option<String>) -> Result<RawDocument, ReadError> {
    let url = entry
        .links
        .iter()
        .find(|link| link.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .or(entry.links.first())
        .map(|link| link.href.clone());
    let source = Source { url, encoding: Some("utf-8 (xml parser)".into()), ..source };
    let summary = entry.summary.map(|text| text.content);
    let full = entry.content.and_then(|content| {
        let plain = content.content_type.essence().to_string() == "text/plain";
        content.body.map(|body| (body, plain))
    });
    let content = match (full, &summary) {
        (Some((body, true)), _) => Content::Text(body),
        (Some((body, false)), _) => Content::Html(body),
        (None, Some(summary)) => Content::Html(summary.clone()),
        (None, None) => {
            return Err(ReadError { input: source, reason: "feed item has neither content nor summary".into() });
        }
    };
    let hints = Hints {
        date: entry.published.or(entry.updated).map(|date| date.to_rfc3339()),
        title: entry.title.map(|text| text.content),
        summary,
        authors: entry.authors.into_iter().filter_map(|person| person.name).collect(),
        language: entry.language.or(feed_language),
        fetched: None,
    };
    Ok(RawDocument { hints, ..RawDocument::new(source, content) })
}

/// Each item of a malformed feed as a small feed of its own: the text before the first
/// item (root, channel, namespaces), the item, and the closing tags. `None` if no item
/// is found.
fn split_items(bytes: &[u8]) -> Option<Vec<Vec<u8>>> {
    let starts: Vec<usize> = (0..bytes.len()).filter(|&at| is_item_start(&bytes[at..])).collect();
    let envelope = &bytes[..*starts.first()?];
    let root = root_name(envelope)?;
    let mut closing = Vec::new();
    if contains(envelope, b"<channel") && !contains(envelope, b"</channel") {
        closing.extend_from_slice(b"</channel>");
    }
    closing.extend_from_slice(format!("</{}>", String::from_utf8_lossy(root)).as_bytes());
    let ends = starts.iter().skip(1).copied().chain([bytes.len()]);
    let pieces = starts
        .iter()
        .zip(ends)
        .map(|(&start, end)| {
            let item = &bytes[start..end];
            // Cut trailing text (the next closing tags, junk) after the item's own end tag.
            let item = ["</item>", "</entry>"]
                .iter()
                .filter_map(|tag| memmem::find(item, tag.as_bytes()).map(|at| &item[..at + tag.len()]))
                .next()
                .unwrap_or(item);
            [envelope, item, &closing].concat()
        })
        .collect();
    Some(pieces)
}

fn is_item_start(at: &[u8]) -> bool {
    [&b"<item"[..], b"<entry"].iter().any(|tag| {
        at.starts_with(tag) && at.get(tag.len()).is_some_and(|&b| b == b'>' || b.is_ascii_whitespace())
    })
}

/// The root element's name, as written (prefix included), past the prolog.
fn root_name(envelope: &[u8]) -> Option<&[u8]> {
    let mut at = 0;
    while let Some(offset) = envelope[at..].iter().position(|&b| b == b'<') {
        at += offset + 1;
        if envelope.get(at).is_some_and(|b| b.is_ascii_alphabetic()) {
            let end = envelope[at..]
                .iter()
                .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
                .map_or(envelope.len(), |e| at + e);
            return Some(&envelope[at..end]);
        }
    }
    None
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memmem::find(haystack, needle).is_some()
}
