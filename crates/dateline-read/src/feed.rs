//! RSS 2.0, RSS 1.0 and Atom feeds: each item or entry is one document.
//!
//! `feed-rs` parses a feed whole and fails whole, so when a feed is malformed the items
//! are cut apart and parsed one by one inside the feed's own envelope: one broken item
//! (an unescaped `&`, a cut-off tail) then costs only itself.

use crate::{
    charset, iso_8601, read_limited, Content, Documents, Hints, RawDocument, ReadError, ReadOptions,
};
use dateline_document::Source;
use feed_rs::model::{Entry, Feed, FeedType};
use memchr::memmem;
use std::io::Read;

/// Parses the feed in `input`; every item becomes a document or an error.
pub(crate) fn read(label: String, input: impl Read, options: &ReadOptions) -> Documents {
    let file_error = |reason: String| -> Documents {
        let input = Source {
            path: label.clone(),
            format: "feed".into(),
            ..Default::default()
        };
        Box::new(std::iter::once(Err(ReadError { input, reason })))
    };
    let bytes = match read_limited(input, options.max_document_bytes) {
        Ok(bytes) => bytes,
        Err(reason) => return file_error(reason),
    };
    let encoding = match charset::xml_declared_encoding(&bytes) {
        Some(encoding) => format!("{} (xml declaration)", encoding.name().to_ascii_lowercase()),
        None if bytes.trim_ascii_start().starts_with(b"{") => "utf-8 (json)".to_string(),
        None => "utf-8 (xml default)".to_string(),
    };
    let whole_feed_error = match parse(&bytes) {
        Ok(feed) => return Box::new(documents(&label, feed, 1, &encoding, &[]).into_iter()),
        Err(reason) => reason,
    };
    let (bytes, repairs) = repair(&bytes);
    let mut warnings: Vec<String> = repairs
        .iter()
        .map(|repair| format!("malformed feed repaired before parsing: {repair}"))
        .collect();
    if !repairs.is_empty() {
        if let Ok(feed) = parse(&bytes) {
            return Box::new(documents(&label, feed, 1, &encoding, &warnings).into_iter());
        }
    }
    let Some(pieces) = split_items(&bytes) else {
        return file_error(format!("malformed feed: {whole_feed_error}"));
    };
    warnings.push(format!(
        "item read on its own because the feed as a whole is malformed: {whole_feed_error}"
    ));
    let results: Vec<_> = pieces
        .into_iter()
        .enumerate()
        .flat_map(|(index, piece)| {
            let number = index as u64 + 1;
            match parse(&piece) {
                Ok(feed) => documents(&label, feed, number, &encoding, &warnings),
                Err(reason) => {
                    let input = Source {
                        path: label.clone(),
                        record: Some(number),
                        format: "feed".into(),
                        ..Default::default()
                    };
                    vec![Err(ReadError {
                        input,
                        reason: format!("malformed feed item: {reason}"),
                    })]
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

/// The feed's entries as documents numbered from `first_number`, each carrying `warnings`.
fn documents(
    label: &str,
    feed: Feed,
    first_number: u64,
    encoding: &str,
    warnings: &[String],
) -> Vec<Result<RawDocument, ReadError>> {
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
            let source = Source {
                path: label.to_string(),
                record: Some(number),
                format: format.into(),
                encoding: Some(encoding.to_string()),
                ..Default::default()
            };
            let document = entry_document(entry, source, feed_language.clone());
            document.map(|document| RawDocument {
                warnings: warnings.to_vec(),
                ..document
            })
        })
        .collect()
}

/// One entry as a document: its full content (`content:encoded`, Atom `content`) when it
/// has one, else its summary; an Atom `type="text"` content stays plain text.
fn entry_document(
    entry: Entry,
    source: Source,
    feed_language: Option<String>,
) -> Result<RawDocument, ReadError> {
    let url = entry
        .links
        .iter()
        .find(|link| link.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .or(entry.links.first())
        .map(|link| link.href.clone());
    let source = Source { url, ..source };
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
            return Err(ReadError {
                input: source,
                reason: "feed item has neither content nor summary".into(),
            });
        }
    };
    let hints = Hints {
        date: entry.published.or(entry.updated).map(iso_8601),
        // Titles are plain text, but feeds often carry HTML entities (`&nbsp;`) that are
        // not XML ones, which the XML parser leaves as written.
        title: entry
            .title
            .map(|text| htmlize::unescape(text.content).into_owned()),
        summary,
        authors: entry
            .authors
            .into_iter()
            .filter_map(|person| person.name)
            .collect(),
        language: entry.language.or(feed_language),
        fetched: None,
    };
    Ok(RawDocument {
        hints,
        ..RawDocument::new(source, content)
    })
}

/// Each item of a malformed feed as a small feed of its own: the text before the first
/// item (root, channel, namespaces), the item, and the closing tags. `None` if no item
/// is found.
fn split_items(bytes: &[u8]) -> Option<Vec<Vec<u8>>> {
    let starts: Vec<usize> = (0..bytes.len())
        .filter(|&at| is_item_start(&bytes[at..]))
        .collect();
    let envelope = &bytes[..*starts.first()?];
    let (_, root) = root_element(envelope)?;
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
                .filter_map(|tag| {
                    memmem::find(item, tag.as_bytes()).map(|at| &item[..at + tag.len()])
                })
                .next()
                .unwrap_or(item);
            [envelope, item, &closing].concat()
        })
        .collect();
    Some(pieces)
}

fn is_item_start(at: &[u8]) -> bool {
    [&b"<item"[..], b"<entry"].iter().any(|tag| {
        at.starts_with(tag)
            && at
                .get(tag.len())
                .is_some_and(|&b| b == b'>' || b.is_ascii_whitespace())
    })
}

/// Where the root element's name starts (just past `<`) and the name as written
/// (prefix included), past the prolog.
fn root_element(envelope: &[u8]) -> Option<(usize, &[u8])> {
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &envelope[at..]) {
        at += offset + 1;
        if envelope.get(at).is_some_and(|b| b.is_ascii_alphabetic()) {
            let end = envelope[at..]
                .iter()
                .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
                .map_or(envelope.len(), |e| at + e);
            return Some((at, &envelope[at..end]));
        }
    }
    None
}

/// Fixes what most often keeps a feed from parsing: a bare `&` (outside CDATA), and an
/// `<rss>` root without the `version` the parser needs to pick a dialect. Gives the
/// bytes back with the list of repairs made (empty if none applied).
fn repair(bytes: &[u8]) -> (Vec<u8>, Vec<&'static str>) {
    let mut repairs = Vec::new();
    let mut repaired = Vec::with_capacity(bytes.len() + bytes.len() / 64);
    let mut at = 0;
    let mut escaped = false;
    while let Some(offset) = memchr::memchr2(b'&', b'<', &bytes[at..]) {
        let found = at + offset;
        repaired.extend_from_slice(&bytes[at..found]);
        let rest = &bytes[found..];
        if rest.starts_with(b"<![CDATA[") {
            let end = memmem::find(rest, b"]]>").map_or(rest.len(), |end| end + 3);
            repaired.extend_from_slice(&rest[..end]);
            at = found + end;
            continue;
        }
        repaired.push(rest[0]);
        if rest[0] == b'&' && !is_reference(&rest[1..]) {
            repaired.extend_from_slice(b"amp;");
            escaped = true;
        }
        at = found + 1;
    }
    repaired.extend_from_slice(&bytes[at..]);
    if escaped {
        repairs.push("bare '&' escaped");
    }
    if let Some((at, name)) = root_element(&repaired) {
        let tag_end = memchr::memchr(b'>', &repaired[at..]).map_or(repaired.len(), |end| at + end);
        if name == b"rss" && !contains(&repaired[at..tag_end], b"version") {
            repaired.splice(at + name.len()..at + name.len(), *b" version=\"2.0\"");
            repairs.push("version=\"2.0\" added to <rss>");
        }
    }
    (repaired, repairs)
}

/// Whether the text after an `&` completes an entity or character reference.
fn is_reference(after_ampersand: &[u8]) -> bool {
    let window = &after_ampersand[..after_ampersand.len().min(32)];
    let Some(end) = memchr::memchr(b';', window) else {
        return false;
    };
    match &window[..end] {
        [b'#', b'x' | b'X', hex @ ..] => !hex.is_empty() && hex.iter().all(u8::is_ascii_hexdigit),
        [b'#', digits @ ..] => !digits.is_empty() && digits.iter().all(u8::is_ascii_digit),
        [first, rest @ ..] => {
            (first.is_ascii_alphabetic() || *first == b'_')
                && rest
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        }
        [] => false,
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memmem::find(haystack, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_ampersands_are_escaped_outside_cdata_only() {
        let feed = b"<rss version=\"2.0\"><title>AT&T &amp; co &#38; &#x26; &nbsp;</title>\
            <link>https://x/?a=1&b=2</link><description><![CDATA[R&D]]></description></rss>";
        let (repaired, repairs) = repair(feed);
        assert_eq!(
            String::from_utf8(repaired).unwrap(),
            "<rss version=\"2.0\"><title>AT&amp;T &amp; co &#38; &#x26; &nbsp;</title>\
            <link>https://x/?a=1&amp;b=2</link><description><![CDATA[R&D]]></description></rss>"
        );
        assert_eq!(repairs, vec!["bare '&' escaped"]);
    }

    #[test]
    fn rss_root_gets_a_version() {
        let (repaired, repairs) =
            repair(b"<?xml version=\"1.0\"?>\n<rss><channel></channel></rss>");
        assert_eq!(
            repaired,
            b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel></channel></rss>"
        );
        assert_eq!(repairs.len(), 1);
        let (_, repairs) = repair(b"<rss version=\"0.91\"><channel></channel></rss>");
        assert!(repairs.is_empty());
    }
}
