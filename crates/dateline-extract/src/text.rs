//! Plain-text captures (page text copied from a browser) into article blocks.
//!
//! The text is kept verbatim (`Document::text` is the input, so offsets match the file);
//! the article structure is expressed only as blocks over it. A block is a run of
//! non-blank lines, trimmed of surrounding whitespace (each line, in a text without any
//! blank line). The layout read from a capture:
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
use chrono::{NaiveDate, Utc};
use dateline_document::{Block, BlockKind, Dateline, Document, Metadata, Span, TextIndex};
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
pub fn extract_as_of(
    text: &str,
    raw: &RawDocument,
    options: &ExtractOptions,
    today: NaiveDate,
) -> Document {
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
    let header = read_header(&segments, raw.hints.title.as_deref());
    let mut layout = header.layout;

    let mut meta = Metadata {
        title: layout
            .title
            .map(|i| single_spaced(segments[i].text))
            .or_else(|| raw.hints.title.clone()),
        subtitle: layout.subtitle.map(|i| single_spaced(segments[i].text)),
        // Names the container gives are the caller's data; the text's byline comes second.
        authors: if raw.hints.authors.is_empty() {
            std::mem::take(&mut layout.authors)
        } else {
            raw.hints.authors.clone()
        },
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
            None => warnings.push(format!(
                "input date hint {hint:?} is not a recognisable date; ignored"
            )),
        }
    }

    let index = TextIndex::new(text);
    let found_dateline = layout.body.first_mut().and_then(|first| {
        split_off_dateline(scanned, &index, first, meta.published.as_deref(), today)
    });
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
        .map(|piece| Block {
            kind: piece.kind,
            span: index.span_of_bytes(piece.start, piece.end),
        })
        .collect();
    // A language the container declares beats a guess from function words.
    meta.language = raw.hints.language.clone().or_else(|| {
        guess_language(
            pieces
                .iter()
                .filter(|p| p.kind.is_body())
                .map(|p| &scanned[p.start..p.end]),
        )
    });

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

/// Parses the wire dateline at the start of the first body paragraph and moves the
/// paragraph's start past it. Without a publication date, the weekday the paragraph names
/// may still give the year (see [`dateline::resolve_by_weekday`]).
fn split_off_dateline(
    scanned: &str,
    index: &TextIndex,
    first: &mut Piece,
    published: Option<&str>,
    today: NaiveDate,
) -> Option<Dateline> {
    let paragraph = &scanned[first.start..first.end];
    let mut parsed = dateline::parse(paragraph, published)?;
    if published.is_none() {
        dateline::resolve_by_weekday(&mut parsed, paragraph, today);
    }
    // The parser counts code points from the paragraph's start; the document from its own.
    let shift = index.char(first.start);
    parsed.span = Span::new(parsed.span.start + shift, parsed.span.end + shift);
    parsed.place_span = Span::new(
        parsed.place_span.start + shift,
        parsed.place_span.end + shift,
    );
    let dateline_end = first.start + byte_len_of_chars(paragraph, parsed.span.end - shift);
    first.start = first.end - scanned[dateline_end..first.end].trim_start().len();
    Some(parsed)
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

/// The text's blocks. Paragraphs are separated by blank lines; a text with no blank line
/// at all puts one paragraph on each line (one-sentence-per-line corpora, some copies).
fn segments(text: &str) -> Vec<Segment<'_>> {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len();
            Some((start, line))
        })
        .collect();
    // A byte-order mark is invisible padding, like whitespace, not text of the first block.
    let is_padding = |c: char| c.is_whitespace() || c == '\u{feff}';
    let line_per_paragraph = lines
        .iter()
        .all(|(_, line)| !line.trim_matches(is_padding).is_empty());
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut close = |open: &mut Option<(usize, usize)>| {
        if let Some((start, end)) = open.take() {
            out.push(Segment {
                start,
                end,
                text: &text[start..end],
            });
        }
    };
    for (offset, line) in lines {
        if line.trim_matches(is_padding).is_empty() {
            close(&mut open);
            continue;
        }
        let start = offset + (line.len() - line.trim_start_matches(is_padding).len());
        let end = offset + line.trim_end_matches(is_padding).len();
        open = Some((open.map_or(start, |(s, _)| s), end));
        if line_per_paragraph {
            close(&mut open);
        }
    }
    close(&mut open);
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
    /// Names from "By ..." lines.
    authors: Vec<String>,
}

/// `title_hint` is the title the container gave (a feed item, a JSONL field): the header
/// line that reads the same is the title whatever its punctuation.
fn read_header(segments: &[Segment], title_hint: Option<&str>) -> Header {
    let mut header = Vec::new();
    let mut heads: Vec<usize> = Vec::new();
    let mut printed_date = None;
    let mut next = 0;
    while next < segments.len().min(MAX_HEADER_BLOCKS) {
        let segment = segments[next];
        if let Some(iso) = whole_date(segment.text) {
            header.push(Piece {
                kind: BlockKind::Byline,
                start: segment.start,
                end: segment.end,
            });
            printed_date.get_or_insert(iso);
            next += 1;
            if heads.is_empty() {
                continue;
            }
            break;
        }
        let is_hinted_title = title_hint.is_some_and(|hint| same_title(segment.text, hint));
        let title_still_to_come = heads
            .iter()
            .all(|&i| looks_like_navigation(segments[i].text));
        let heading = is_hinted_title
            || looks_like_heading(segment.text)
            || (title_still_to_come
                && next + 1 < segments.len()
                && looks_like_title_case_headline(segment.text));
        if !heading || dateline::parse(segment.text, None).is_some() {
            break;
        }
        heads.push(next);
        next += 1;
    }

    let mut body: Vec<Piece> = segments[next..]
        .iter()
        .map(|s| Piece {
            kind: BlockKind::Paragraph,
            start: s.start,
            end: s.end,
        })
        .collect();
    if printed_date.is_none() {
        if let (Some(first), Some((date_len, iso))) = (
            body.first_mut(),
            segments.get(next).and_then(|s| leading_date(s.text)),
        ) {
            let rest = &segments[next].text[date_len..];
            header.push(Piece {
                kind: BlockKind::Byline,
                start: first.start,
                end: first.start + date_len,
            });
            first.start = first.end - rest.trim_start().len();
            printed_date = Some(iso);
        }
    }

    // Menu-like lines lead the header; the last header line is the title even if it looks
    // like one, so a two-word headline is not lost. A line matching the hint is the title.
    let hinted = title_hint.and_then(|hint| {
        heads
            .iter()
            .position(|&i| same_title(segments[i].text, hint))
    });
    let navigation = hinted.unwrap_or_else(|| {
        let leading = heads
            .iter()
            .take_while(|&&i| looks_like_navigation(segments[i].text))
            .count();
        leading.min(heads.len().saturating_sub(1))
    });
    let mut title = None;
    let mut subtitle = None;
    let mut authors = Vec::new();
    for (position, &i) in heads.iter().enumerate() {
        let segment = segments[i];
        let kind = if position < navigation {
            BlockKind::Boilerplate
        } else if title.is_none() {
            title = Some(i);
            BlockKind::Title
        } else if let Some(names) = byline_authors(segment.text) {
            authors.extend(names);
            BlockKind::Byline
        } else if subtitle.is_none() {
            subtitle = Some(i);
            BlockKind::Subtitle
        } else {
            BlockKind::Boilerplate
        };
        header.push(Piece {
            kind,
            start: segment.start,
            end: segment.end,
        });
    }
    Header {
        layout: Layout {
            header,
            title,
            subtitle,
            body,
            authors,
        },
        printed_date,
    }
}

/// Paragraphs, with short unpunctuated lines between two of them as subheadings.
fn classify_body(text: &str, body: &[Piece]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(body.len());
    for (i, piece) in body.iter().enumerate() {
        let after_paragraph = out.last().is_some_and(|p| p.kind == BlockKind::Paragraph);
        let before_more = i + 1 < body.len();
        let kind = if after_paragraph
            && before_more
            && looks_like_subheading(&text[piece.start..piece.end])
        {
            BlockKind::Subheading
        } else {
            BlockKind::Paragraph
        };
        out.push(Piece { kind, ..*piece });
    }
    out
}

fn looks_like_subheading(line: &str) -> bool {
    line.split_whitespace().count() <= 10
        && line.chars().count() <= 80
        && line.chars().last().is_some_and(char::is_alphanumeric)
}

/// A header line: short, and not ending like a sentence of prose. A headline may end in
/// "?" or a quote mark ("... in 'quasi-state of war'"), but not in a period or comma,
/// also not one inside closing quotes (`... he said: "We will win."`).
fn looks_like_heading(line: &str) -> bool {
    let before_closing_quotes = line.trim_end_matches(['"', '”', '’', '\'', '»', ')']);
    line.split_whitespace().count() <= 25
        && !before_closing_quotes.ends_with(['.', ',', ';', ':', '。'])
}

/// A headline printed with a final period, as some converted corpora print it: one
/// sentence of at most 20 words in Title Case ("Pundit Turns Adviser in the Service of
/// Trump."). Title Case is what tells it from a short lead sentence.
fn looks_like_title_case_headline(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    // Short words ("of", "in", "the") stay lowercase in Title Case; judge the longer ones.
    let long_words: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 3)
        .collect();
    let capitalised = long_words
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
        .count();
    words.len() <= 20
        && long_words.len() >= 2
        && capitalised * 5 >= long_words.len() * 4
        && !has_inner_sentence_break(line)
}

/// Whether a sentence ends before the end of `line` (". T", "? T", with closing quotes).
fn has_inner_sentence_break(line: &str) -> bool {
    let body = line
        .trim_end()
        .trim_end_matches(['.', '!', '?', '"', '”', '’', '\'']);
    let chars: Vec<char> = body.chars().collect();
    chars
        .windows(3)
        .any(|w| matches!(w[0], '.' | '!' | '?') && w[1].is_whitespace() && w[2].is_uppercase())
}

/// Whether a header line is the hinted title: same words, ignoring spacing, line breaks and
/// a final period.
fn same_title(line: &str, hint: &str) -> bool {
    let normalised = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .trim_end_matches('.')
            .to_string()
    };
    !hint.trim().is_empty() && normalised(line) == normalised(hint)
}

/// Navigation before the headline: a line of at most three words ("All news", "World"),
/// or menu items run together with separators ("Home | World | Europe").
fn looks_like_navigation(line: &str) -> bool {
    line.split_whitespace().count() <= 3 || line.contains(['|', '»', '›'])
}

/// The names in a byline line ("By Jane Doe and John Roe | Reuters"), or `None` when the
/// line is not a byline.
fn byline_authors(line: &str) -> Option<Vec<String>> {
    let names = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("by "))?;
    if line.split_whitespace().count() > 12 {
        return None;
    }
    // What follows a bar or dash is the outlet or the role, not another name.
    let names = names.split(['|', '—', '–']).next().unwrap_or_default();
    let names = names.split(" - ").next().unwrap_or_default();
    let authors = names
        .split([',', '&'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|name| name.starts_with(char::is_uppercase) && name.split_whitespace().count() <= 4)
        .map(String::from)
        .collect();
    Some(authors)
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
        .filter(|&(i, c)| {
            !c.is_whitespace() && paragraph[i + c.len_utf8()..].starts_with(char::is_whitespace)
        })
        .map(|(i, c)| i + c.len_utf8())
        .take(5)
        .collect();
    word_ends.iter().rev().find_map(|&end| {
        let prefix = &paragraph[..end];
        let rest = paragraph[end..].trim_start();
        let has_month = prefix
            .split([' ', ','])
            .any(|w| dates::month_from_name(w).is_some());
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
        "the", "of", "and", "to", "in", "a", "is", "was", "that", "for", "on", "with", "as", "by",
        "at", "he", "it", "his", "said", "from", "are", "were", "be", "has", "have", "an", "this",
        "not", "will",
    ];
    let (mut words, mut function_words) = (0usize, 0usize);
    for word in paragraphs
        .flat_map(|p| p.split(|c: char| !c.is_alphabetic()))
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if ENGLISH_FUNCTION_WORDS.contains(&word.to_lowercase().as_str()) {
            function_words += 1;
        }
    }
    // Running English prose is about a third function words; 15% leaves room for headline
    // style and lists while staying far above other languages that share a few ("a", "in").
    (words >= 20 && function_words * 100 >= words * 15).then(|| "en".to_string())
}

/// A header that wraps over lines, as one line of text for `meta`.
fn single_spaced(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Byte length of the first `chars` code points of `s`.
fn byte_len_of_chars(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_document::Source;
    use dateline_read::Content;

    const CAPTURE: &str = "Home\n\nWorld | Europe\n\nLeaders meet in Vienna to discuss trade\n\n\
        Talks are expected to last two days\n\n\
        VIENNA, March 3 (Reuters) - European leaders met on Monday in the city to discuss the trade rules that were agreed last year.\n\n\
        The talks were held in the old palace and are expected to end on Tuesday with a statement.\n\n\
        Next steps\n\n\
        The leaders said that they would meet again in the autumn to review the progress of the plan.\n";

    fn run(text: &str, date_hint: Option<&str>) -> Document {
        let source = Source {
            path: "capture.txt".into(),
            format: "text".into(),
            ..Default::default()
        };
        let mut raw = RawDocument::new(source, Content::Text(text.to_string()));
        raw.hints.date = date_hint.map(String::from);
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        extract_as_of(text, &raw, &ExtractOptions::default(), today)
    }

    fn kinds(doc: &Document) -> Vec<(BlockKind, &str)> {
        doc.blocks
            .iter()
            .map(|b| (b.kind, doc.slice(b.span)))
            .collect()
    }

    #[test]
    fn capture_layout() {
        let doc = run(CAPTURE, Some("2025-03-03"));
        assert_eq!(doc.text, CAPTURE);
        let blocks = kinds(&doc);
        assert_eq!(
            blocks[..4].iter().map(|b| b.0).collect::<Vec<_>>(),
            [
                BlockKind::Boilerplate,
                BlockKind::Boilerplate,
                BlockKind::Title,
                BlockKind::Subtitle
            ]
        );
        assert_eq!(blocks[4], (BlockKind::Paragraph, "European leaders met on Monday in the city to discuss the trade rules that were agreed last year."));
        assert_eq!(blocks[6], (BlockKind::Subheading, "Next steps"));
        assert_eq!(
            blocks[7].0,
            BlockKind::Paragraph,
            "the last short line would not be a subheading either"
        );
        assert_eq!(
            doc.meta.title.as_deref(),
            Some("Leaders meet in Vienna to discuss trade")
        );
        assert_eq!(
            doc.meta.subtitle.as_deref(),
            Some("Talks are expected to last two days")
        );
        let dateline = doc.dateline.as_ref().unwrap();
        assert_eq!(doc.slice(dateline.span), "VIENNA, March 3 (Reuters) -");
        assert_eq!(dateline.date.as_deref(), Some("2025-03-03"));
        assert_eq!(
            (
                doc.meta.published.as_deref(),
                doc.meta.published_source.as_deref()
            ),
            (Some("2025-03-03"), Some("input"))
        );
        assert_eq!(doc.meta.language.as_deref(), Some("en"));
        assert!(doc.warnings.is_empty());
    }

    #[test]
    fn printed_date_line_is_a_byline_and_the_publication_date() {
        let text = "Lanterns light up Taipei\n\nMonday, March 5, 2007\n\nThe festival opened on Saturday night with a show of lights in the park.\n";
        let doc = run(text, Some("2007-03-01"));
        assert_eq!(kinds(&doc)[1], (BlockKind::Byline, "Monday, March 5, 2007"));
        assert_eq!(
            (
                doc.meta.published.as_deref(),
                doc.meta.published_source.as_deref()
            ),
            (Some("2007-03-05"), Some("text"))
        );
    }

    #[test]
    fn date_run_into_the_first_paragraph_is_split_off() {
        let text = "Flag change considered\n\nThursday, May 7, 2015 On Tuesday, the government announced a process.\n";
        let doc = run(text, None);
        assert_eq!(
            kinds(&doc)[1..],
            [
                (BlockKind::Byline, "Thursday, May 7, 2015"),
                (
                    BlockKind::Paragraph,
                    "On Tuesday, the government announced a process."
                )
            ]
        );
        assert_eq!(doc.meta.published.as_deref(), Some("2015-05-07"));
        // A sentence that merely starts with a date is left whole.
        assert_eq!(
            leading_date("May 7, 2015 was the day the process began."),
            None
        );
    }

    #[test]
    fn text_without_blank_lines_has_a_paragraph_per_line() {
        let doc = run(
            "Barra appointed chief\nDecember 10 , 2013\nGM named Barra today .\nShe is 51 .",
            None,
        );
        assert_eq!(
            kinds(&doc),
            [
                (BlockKind::Title, "Barra appointed chief"),
                (BlockKind::Byline, "December 10 , 2013"),
                (BlockKind::Paragraph, "GM named Barra today ."),
                (BlockKind::Paragraph, "She is 51 ."),
            ]
        );
        assert_eq!(doc.meta.published.as_deref(), Some("2013-12-10"));
    }

    #[test]
    fn heading_lines_versus_prose() {
        assert!(looks_like_heading(
            "North Korea puts military in 'quasi-state of war'"
        ));
        assert!(looks_like_heading("Will the talks succeed?"));
        assert!(!looks_like_heading("He said: \"We will win.\""));
        assert!(!looks_like_heading("The talks ended on Monday."));
    }

    #[test]
    fn headline_with_a_final_period() {
        assert!(looks_like_title_case_headline(
            "Pundit Turns Adviser in the Service of Trump."
        ));
        assert!(!looks_like_title_case_headline(
            "Hillary Clinton was declared the winner in the primaries."
        ));
        assert!(!looks_like_title_case_headline(
            "Trump Wins. Clinton Concedes Defeat Tonight."
        ));
        let text = "Pundit Turns Adviser in the Service of Trump.\n\nDuring the campaign, the advisers burn up their phones.\n";
        assert_eq!(kinds(&run(text, None))[0].0, BlockKind::Title);
    }

    #[test]
    fn hinted_title_is_found_whatever_its_punctuation() {
        let text = "Hillary Clinton's backseat driver.\n\nA second debate unfolded online on Wednesday night.\n";
        assert_eq!(kinds(&run(text, None))[0].0, BlockKind::Paragraph);
        let source = Source {
            path: "item.jsonl".into(),
            ..Default::default()
        };
        let mut raw = RawDocument::new(source, Content::Text(text.to_string()));
        raw.hints.title = Some("Hillary Clinton's backseat driver".into());
        let doc = extract(text, &raw, &ExtractOptions::default());
        assert_eq!(
            kinds(&doc)[0],
            (BlockKind::Title, "Hillary Clinton's backseat driver.")
        );
        assert_eq!(
            doc.meta.title.as_deref(),
            Some("Hillary Clinton's backseat driver.")
        );
    }

    #[test]
    fn dateline_on_its_own_line_leaves_no_empty_paragraph() {
        let text = "Crypto firm opens office\n\nBAAR, SWITZERLAND\n\nThe company said on Monday it had opened an office in the town.\n";
        let doc = run(text, None);
        assert_eq!(
            doc.dateline.as_ref().map(|d| d.place.as_str()),
            Some("BAAR, SWITZERLAND")
        );
        assert_eq!(
            kinds(&doc)[1..],
            [(
                BlockKind::Paragraph,
                "The company said on Monday it had opened an office in the town."
            )]
        );
    }

    #[test]
    fn empty_and_blank_texts() {
        for text in ["", "\n\n  \n", "\u{feff}"] {
            let doc = run(text, None);
            assert_eq!(doc.text, text);
            assert!(doc.blocks.is_empty());
        }
        let doc = run(
            "\u{feff}Headline here\n\nThe story begins with a sentence of prose.",
            None,
        );
        assert_eq!(doc.meta.title.as_deref(), Some("Headline here"));
        assert_eq!(doc.blocks[0].span, Span::new(1, 14));
    }

    #[test]
    fn byline_gives_the_authors() {
        let text = "Leaders meet in Vienna\n\nBy Jane Doe and John Roe | Reuters\n\nThe leaders met on Monday in the old palace to talk about trade.\n";
        let doc = run(text, None);
        assert_eq!(
            kinds(&doc)[1],
            (BlockKind::Byline, "By Jane Doe and John Roe | Reuters")
        );
        assert_eq!(doc.meta.authors, ["Jane Doe", "John Roe"]);
        assert_eq!(
            byline_authors("By Ann Lee, Bo Chan & Cy Diaz").unwrap(),
            ["Ann Lee", "Bo Chan", "Cy Diaz"]
        );
        assert_eq!(byline_authors("Bystanders watched the parade"), None);
    }

    #[test]
    fn short_headline_is_the_title_not_navigation() {
        let doc = run(
            "Hundreds dead\n\nThe stampede happened on the bridge, officials said on the day.\n",
            None,
        );
        assert_eq!(kinds(&doc)[0], (BlockKind::Title, "Hundreds dead"));
    }

    #[test]
    fn text_without_header_warns_and_keeps_every_paragraph() {
        let doc = run(
            "  First paragraph of prose, with a comma.\r\n\r\nSecond one.\r\n",
            Some("not a date"),
        );
        assert_eq!(
            kinds(&doc),
            [
                (
                    BlockKind::Paragraph,
                    "First paragraph of prose, with a comma."
                ),
                (BlockKind::Paragraph, "Second one.")
            ]
        );
        assert_eq!(doc.blocks[0].span, Span::new(2, 41));
        assert_eq!(doc.meta.title, None);
        assert_eq!(doc.meta.published, None);
        assert_eq!(doc.warnings.len(), 2, "{:?}", doc.warnings);
    }

    #[test]
    fn oversized_text_is_kept_whole_but_segmented_up_to_the_limit() {
        let text = "Title line here\n\nA paragraph of text that is long enough to be cut.\n";
        let source = Source {
            path: "big.txt".into(),
            ..Default::default()
        };
        let raw = RawDocument::new(source, Content::Text(text.to_string()));
        let doc = extract(
            text,
            &raw,
            &ExtractOptions {
                max_bytes: 30,
                ..Default::default()
            },
        );
        assert_eq!(doc.text, text);
        assert!(doc.blocks.iter().all(|b| b.span.end <= 30));
        assert_eq!(doc.warnings.len(), 1);
    }

    #[test]
    fn language_guess_only_says_english() {
        let english = "The president said that the government was pressing on with the operation in the city and that it would end soon.";
        let german = "Der Präsident sagte, dass die Regierung die Operation in der Stadt fortsetze und dass sie bald enden werde, so die Agentur.";
        assert_eq!(guess_language([english].into_iter()).as_deref(), Some("en"));
        assert_eq!(guess_language([german].into_iter()), None);
        assert_eq!(guess_language(["Too short."].into_iter()), None);
    }
}
