//! Plain-text captures (page text copied from a browser) into article blocks.
//!
//! The text is kept verbatim (`Document::text` is the input, so offsets match the file);
//! the article structure is expressed only as blocks over it. A block is a run of
//! non-blank lines, trimmed of surrounding whitespace. The layout read from a capture:
//!
//! 1. Header: the short lines before the first prose paragraph. Leading menu-like lines
//!    ("All news") are `Boilerplate`; the first real line is the `Title`, the next the
//!    `Subtitle` (standfirst), a "By ..." line a `Byline`, anything further `Boilerplate`.
//! 2. A line that is only a date ("Friday, July 21, 2017", as Wikinews prints it) is a
//!    `Byline` block: it is the article's own when-line, not page furniture, and not body.
//!    It also ends the header once a title has been seen. When a copy lost the line break
//!    after it ("Thursday, May 7, 2015 On Tuesday, ..."), the date is split off as its own
//!    `Byline` block and the rest is the first paragraph.
//! 3. Body: `Paragraph`s, and `Subheading`s (a short line without final punctuation
//!    between paragraphs, "CSTO peacekeeping forces"). A wire dateline at the start of the
//!    first paragraph becomes `Document::dateline`, and the paragraph block starts after it.
//!
//! `meta.published`, in order of preference: the printed date line (what the text says,
//! `published_source` "text"), the caller's `raw.hints.date` ("input"), the dateline's date
//! ("dateline"), resolved by the weekday the paragraph names when nothing gives the year.

use crate::{dateline, dates, ExtractOptions};
use dateline_document::{Block, BlockKind, Document, Metadata, TextIndex};
use chrono::{NaiveDate, Utc};
use dateline_read::RawDocument;

/// Header lines are looked for among this many first blocks; a capture with more short
/// lines before its first paragraph is a list or a menu dump, not an article header.
const MAX_HEADER_BLOCKS: usize = 8;

pub fn extract(text: &str, raw: &RawDocument, options: &ExtractOptions) -> Document {
    extract_as_of(text, raw, options, Utc::now().date_naive())
}

/// [`extract`] with the day the extraction counts as "today": the latest date a dateline's
/// year may be inferred to from a weekday (see [`dateline::resolve_by_weekday`]), so that
/// the result does not depend on when it runs.
pub fn extract_as_of(text: &str, raw: &RawDocument, options: &ExtractOptions, today: NaiveDate) -> Document {
    let mut warnings = Vec::new();
    let scanned = if text.len() > options.max_bytes {
        let end = text.floor_char_boundary(options.max_bytes);
        warnings.push(format!(
            "text is {} bytes, over the {}-byte limit: only the first {end} bytes were given blocks",
            text.len(),
            options.max_bytes
        ));
        &text[..end]
    } else {
        text
    };
    let segments = segments(scanned);
    let header = read_header(&segments);
    let mut layout = header.layout;

    let mut meta = Metadata {
        title: layout.title.map(|i| segments[i].text.to_string()),
        subtitle: layout.subtitle.map(|i| segments[i].text.to_string()),
        ..Default::default()
    };
    if meta.title.is_none() {
        warnings.push("no title line found before the first paragraph".to_string());
    }
    if let Some(printed) = header.printed_date {
        meta.published = Some(printed);
        meta.published_source = Some("text".to_string());
    } else if let Some(hint) = &raw.hints.date {
        match dates::parse_date(hint) {
            Some(iso) => {
                meta.published = Some(iso);
                meta.published_source = Some("input".to_string());
            }
            None => warnings.push(format!("input date hint {hint:?} is not a recognisable date; ignored")),
        }
    }

    let index = TextIndex::new(text);
    let mut found_dateline = None;
    if let Some(first) = layout.body.first_mut() {
        let paragraph = &scanned[first.start..first.end];
        if let Some(mut parsed) = dateline::parse(paragraph, meta.published.as_deref()) {
            if meta.published.is_none() {
                dateline::resolve_by_weekday(&mut parsed, paragraph, today);
            }
            let dateline_end = first.start + byte_len_of_chars(paragraph, parsed.span.end);
            let paragraph_start = first.start + (paragraph.len() - paragraph[dateline_end - first.start..].trim_start().len());
            let shift = index.char(first.start);
            parsed.span = shifted(parsed.span, shift);
            parsed.place_span = shifted(parsed.place_span, shift);
            first.start = paragraph_start;
            found_dateline = Some(parsed);
        }
    }
    // An empty remainder ("WASHINGTON (Reuters) -" alone) leaves no paragraph to keep.
    layout.body.retain(|piece| piece.start < piece.end);
    if meta.published.is_none() {
        if let Some(date) = found_dateline.as_ref().and_then(|d| d.date.clone()) {
            meta.published = Some(date);
            meta.published_source = Some("dateline".to_string());
        }
    }

    let mut pieces = layout.header;
    pieces.extend(classify_body(scanned, &layout.body));
    pieces.sort_by_key(|piece| piece.start);
    let blocks: Vec<Block> = pieces
        .iter()
        .map(|piece| Block { kind: piece.kind, span: index.span_of_bytes(piece.start, piece.end) })
        .collect();
    meta.language = guess_language(pieces.iter().filter(|p| p.kind.is_body()).map(|p| &scanned[p.start..p.end]));

    Document {
        id: Document::compute_id(&raw.source, text),
        source: raw.source.clone(),
        meta,
        text: text.to_string(),
        blocks,
        dateline: found_dateline,
        warnings,
        ..Default::default()
    }
}

/// A run of non-blank lines, trimmed; byte offsets into the text.
#[derive(Debug, Clone, Copy)]
struct Segment<'t> {
    start: usize,
    end: usize,
    text: &'t str,
}

/// A byte range of the text with the role it plays.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Piece {
    kind: BlockKind,
    start: usize,
    end: usize,
}

fn segments(text: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some((start, end)) = open.take() {
                out.push(Segment { start, end, text: &text[start..end] });
            }
        } else {
            let start = offset + (line.len() - line.trim_start().len());
            let end = offset + line.trim_end().len();
            open = Some((open.map_or(start, |(s, _)| s), end));
        }
        offset += line.len();
    }
    if let Some((start, end)) = open {
        out.push(Segment { start, end, text: &text[start..end] });
    }
    out
}

/// What the header pass decided.
struct Header {
    layout: Layout,
    /// The printed date line, as ISO.
    printed_date: Option<String>,
}

struct Layout {
    /// Boilerplate, title, subtitle, byline and date-line pieces.
    header: Vec<Piece>,
    title: Option<usize>,
    subtitle: Option<usize>,
    /// The body segments, the first possibly shortened by a split-off date or a dateline.
    body: Vec<Piece>,
}

fn read_header(segments: &[Segment]) -> Header {
    let mut header = Vec::new();
    let mut heads = Vec::new();
    let mut printed_date = None;
    let mut next = 0;
    while next < segments.len().min(MAX_HEADER_BLOCKS) {
        let segment = segments[next];
        if let Some(iso) = whole_date(segment.text) {
            header.push(Piece { kind: BlockKind::Byline, start: segment.start, end: segment.end });
            printed_date.get_or_insert(iso);
            next += 1;
            if heads.is_empty() {
                continue;
            }
            break;
        }
        if !looks_like_heading(segment.text) || dateline::parse(segment.text, None).is_some() {
            break;
        }
        heads.push(next);
        next += 1;
    }

    let mut body: Vec<Piece> = segments[next..]
        .iter()
        .map(|s| Piece { kind: BlockKind::Paragraph, start: s.start, end: s.end })
        .collect();
    if printed_date.is_none() {
        if let (Some(first), Some((date_len, iso))) = (body.first_mut(), segments.get(next).and_then(|s| leading_date(s.text))) {
            let rest = &segments[next].text[date_len..];
            header.push(Piece { kind: BlockKind::Byline, start: first.start, end: first.start + date_len });
            first.start = first.end - rest.trim_start().len();
            printed_date = Some(iso);
        }
    }

    // Menu-like lines lead the header; the last header line is the title even if it looks
    // like one, so a two-word headline is not lost.
    let navigation = heads.iter().take_while(|&&i| looks_like_navigation(segments[i].text)).count();
    let navigation = navigation.min(heads.len().saturating_sub(1));
    let mut title = None;
    let mut subtitle = None;
    for (position, &i) in heads.iter().enumerate() {
        let segment = segments[i];
        let kind = if position < navigation {
            BlockKind::Boilerplate
        } else if title.is_none() {
            title = Some(i);
            BlockKind::Title
        } else if is_byline(segment.text) {
            BlockKind::Byline
        } else if subtitle.is_none() {
            subtitle = Some(i);
            BlockKind::Subtitle
        } else {
            BlockKind::Boilerplate
        };
        header.push(Piece { kind, start: segment.start, end: segment.end });
    }
    Header { layout: Layout { header, title, subtitle, body }, printed_date }
}

/// Paragraphs, with short unpunctuated lines between two of them as subheadings.
fn classify_body(text: &str, body: &[Piece]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(body.len());
    for (i, piece) in body.iter().enumerate() {
        let after_paragraph = out.last().is_some_and(|p| p.kind == BlockKind::Paragraph);
        let before_more = i + 1 < body.len();
        let kind = if after_paragraph && before_more && looks_like_subheading(&text[piece.start..piece.end]) {
            BlockKind::Subheading
        } else {
            BlockKind::Paragraph
        };
        out.push(Piece { kind, ..*piece });
    }
    out
}

fn looks_like_subheading(line: &str) -> bool {
    line.split_whitespace().count() <= 10 && line.chars().count() <= 80 && line.chars().last().is_some_and(char::is_alphanumeric)
}

/// A header line: short, and not ending like a sentence of prose (a headline may end in
/// "?" or a quote mark, never in a period or comma).
fn looks_like_heading(line: &str) -> bool {
    line.split_whitespace().count() <= 25 && !line.ends_with(['.', ',', ';', ':'])
}

/// Navigation before the headline: a line of at most three words ("All news", "World"),
/// or menu items run together with separators ("Home | World | Europe").
fn looks_like_navigation(line: &str) -> bool {
    line.split_whitespace().count() <= 3 || line.contains(['|', '»', '›'])
}

fn is_byline(line: &str) -> bool {
    line.split_whitespace().count() <= 12 && (line.starts_with("By ") || line.starts_with("by "))
}

/// A line that is nothing but a date (the date line of a Wikinews page), as ISO.
fn whole_date(line: &str) -> Option<String> {
    if line.split_whitespace().count() > 6 {
        return None;
    }
    dates::parse_date(line)
}

/// A written date leading a paragraph it was run into ("Thursday, May 7, 2015 On Tuesday,
/// the ..."): its length in bytes and its ISO form. Only a date with a month name and a
/// year, followed by a capitalised word, counts, so ordinary sentences are never cut.
fn leading_date(paragraph: &str) -> Option<(usize, String)> {
    let word_ends: Vec<usize> = paragraph
        .char_indices()
        .filter(|&(i, c)| !c.is_whitespace() && paragraph[i + c.len_utf8()..].starts_with(char::is_whitespace))
        .map(|(i, c)| i + c.len_utf8())
        .take(5)
        .collect();
    word_ends.iter().rev().find_map(|&end| {
        let prefix = &paragraph[..end];
        let rest = paragraph[end..].trim_start();
        let has_month = prefix.split([' ', ',']).any(|w| dates::month_from_name(w).is_some());
        let capital_follows = rest.starts_with(|c: char| c.is_uppercase() || c == '"' || c == '“');
        if !(has_month && capital_follows) {
            return None;
        }
        dates::parse_date(prefix).map(|iso| (end, iso))
    })
}

/// A simple guess that only says "en": English text has a high share of English function
/// words. Other languages get `None` (not guessed) rather than a wrong tag.
fn guess_language<'a>(paragraphs: impl Iterator<Item = &'a str>) -> Option<String> {
    const ENGLISH_FUNCTION_WORDS: &[&str] = &[
        "the", "of", "and", "to", "in", "a", "is", "was", "that", "for", "on", "with", "as", "by", "at", "he", "it",
        "his", "said", "from", "are", "were", "be", "has", "have", "an", "this", "not", "will",
    ];
    let (mut words, mut function_words) = (0usize, 0usize);
    for word in paragraphs.flat_map(|p| p.split(|c: char| !c.is_alphabetic())).filter(|w| !w.is_empty()) {
        words += 1;
        if ENGLISH_FUNCTION_WORDS.contains(&word.to_lowercase().as_str()) {
            function_words += 1;
        }
    }
    // Running English prose is about a third function words; 15% leaves room for headline
    // style and lists while staying far above other languages that share a few ("a", "in").
    (words >= 20 && function_words * 100 >= words * 15).then(|| "en".to_string())
}

/// Byte length of the first `chars` code points of `s`.
fn byte_len_of_chars(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}

fn shifted(span: dateline_document::Span, by: usize) -> dateline_document::Span {
    dateline_document::Span::new(span.start + by, span.end + by)
}
