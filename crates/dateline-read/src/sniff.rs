//! Deciding an input's format from its first bytes, with the file name as a tie-breaker.
use memchr::memmem;

/// The container formats; `Page` is one HTML or text document, told apart after decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Warc,
    Feed,
    Jsonl,
    Page,
}

/// What the name says, with a trailing `.gz` ignored.
fn format_by_name(label: &str) -> Option<Format> {
    match extension(label).as_deref() {
        Some("warc") => Some(Format::Warc),
        Some("rss" | "atom" | "rdf" | "xml") => Some(Format::Feed),
        Some("jsonl" | "ndjson" | "json") => Some(Format::Jsonl),
        Some("html" | "htm" | "xhtml" | "shtml" | "txt" | "text") => Some(Format::Page),
        _ => None,
    }
}

/// The lowercased extension of `label`, looking through a `.gz` suffix.
fn extension(label: &str) -> Option<String> {
    let name = label.rsplit(['/', '\\']).next()?.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.rsplit_once('.').map(|(_, ext)| ext.to_string())
}

/// Sniffs `head` (the first bytes, already gunzipped): content that identifies itself wins;
/// the name decides only when the content does not.
pub(crate) fn sniff(head: &[u8], label: &str) -> Format {
    let head = head.strip_prefix(UTF8_BOM).unwrap_or(head);
    let start = skip_whitespace(head);
    if start.starts_with(b"WARC/") {
        return Format::Warc;
    }
    if start.starts_with(b"<") {
        return match first_element_name(start) {
            Some(name) if is_feed_root(name) => Format::Feed,
            _ => Format::Page,
        };
    }
    if start.starts_with(b"{") && format_by_name(label) != Some(Format::Page) {
        // A JSON Feed is one object whose `version` names the spec, near its start.
        if memmem::find(start, b"\"https://jsonfeed.org/version/").is_some() {
            return Format::Feed;
        }
        return Format::Jsonl;
    }
    match format_by_name(label) {
        Some(Format::Feed) | None => Format::Page,
        Some(by_name) => by_name,
    }
}

pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

fn skip_whitespace(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

fn is_feed_root(name: &[u8]) -> bool {
    let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
    local.eq_ignore_ascii_case(b"rss")
        || local.eq_ignore_ascii_case(b"rdf")
        || local.eq_ignore_ascii_case(b"feed")
}

/// The name of the first element, past the XML declaration, comments and doctype.
fn first_element_name(mut markup: &[u8]) -> Option<&[u8]> {
    loop {
        markup = skip_whitespace(markup);
        let rest = markup.strip_prefix(b"<")?;
        let skip_to = if rest.starts_with(b"?") {
            memmem::find(rest, b"?>")? + 2
        } else if rest.starts_with(b"!--") {
            memmem::find(rest, b"-->")? + 3
        } else if rest.starts_with(b"!") {
            memmem::find(rest, b">")? + 1
        } else {
            let end = rest
                .iter()
                .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
                .unwrap_or(rest.len());
            return Some(&rest[..end]);
        };
        markup = &rest[skip_to..];
    }
}

/// Whether a decoded single document is HTML: it starts with markup, or the name says
/// HTML and a tag shows up early (pages with junk, such as a PHP warning, before `<html>`).
pub(crate) fn looks_like_html(text: &str, label: &str) -> bool {
    let start = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    // A tag, comment, doctype or declaration; not text such as "<< Back to news".
    let mut chars = start.chars();
    if chars.next() == Some('<')
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '!' || c == '?')
    {
        return true;
    }
    let named_html = matches!(
        extension(label).as_deref(),
        Some("html" | "htm" | "xhtml" | "shtml")
    );
    let early = &start.as_bytes()[..start.len().min(4096)];
    named_html
        && [
            &b"<html"[..],
            b"<body",
            b"<head",
            b"<!doctype",
            b"<div",
            b"<p>",
        ]
        .iter()
        .any(|tag| {
            early
                .windows(tag.len())
                .any(|w| w.eq_ignore_ascii_case(tag))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_beats_a_lying_name() {
        assert_eq!(
            sniff(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "x.html"),
            Format::Warc
        );
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", "x.html"),
            Format::Feed
        );
        assert_eq!(
            sniff(
                b"<?xml version='1.0'?><!-- c --><rdf:RDF xmlns:rdf='x'>",
                "a"
            ),
            Format::Feed
        );
        assert_eq!(
            sniff(
                b"\xEF\xBB\xBF  <feed xmlns=\"http://www.w3.org/2005/Atom\">",
                "a.txt"
            ),
            Format::Feed
        );
        assert_eq!(sniff(b"<!DOCTYPE html><html>", "feed.xml"), Format::Page);
        assert_eq!(
            sniff(b"{\"url\": \"u\", \"html\": \"<p>\"}\n", "dump.txt.gz"),
            Format::Page
        );
        assert_eq!(
            sniff(b"{\"url\": \"u\", \"html\": \"<p>\"}\n", "dump"),
            Format::Jsonl
        );
    }

    #[test]
    fn name_decides_when_content_does_not() {
        assert_eq!(sniff(b"garbage", "crawl.warc.gz"), Format::Warc);
        assert_eq!(sniff(b"not json", "lines.jsonl"), Format::Jsonl);
        assert_eq!(sniff(b"plain words", "feed.rss"), Format::Page);
        assert_eq!(sniff(b"plain words", "noext"), Format::Page);
    }

    #[test]
    fn html_is_told_from_text_after_decoding() {
        assert!(looks_like_html("\n <!doctype html><p>x", "a.txt"));
        assert!(looks_like_html(
            "Warning: x in y.php\n<html><body>",
            "page.HTML.gz"
        ));
        assert!(!looks_like_html("Warning: x\n<html><body>", "page.txt"));
        assert!(!looks_like_html(
            "All news\n\nKazakh president says",
            "tass.html"
        ));
    }
}
