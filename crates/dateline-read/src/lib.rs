//! Reading news inputs.
//!
//! In: paths (files, directories, `-` for stdin) in any format news comes as: HTML and
//! `.html.gz`, plain-text captures, RSS 1.0/2.0, Atom and JSON Feed, WARC/WARC.gz, JSONL.
//! Out: a stream of [`RawDocument`]s, each decoded to UTF-8 text and tagged with its
//! [`Source`], or a [`ReadError`] that names the input (and record) and the reason.
//! A bad record never stops the others.
//!
//! The format is decided by sniffing the first bytes (after gunzipping when they carry
//! the gzip magic), with the file name as a tie-breaker only, because names lie.
//! Bytes become text by BOM, then HTTP charset, then `<meta>`, then detection; the choice
//! and its reason are kept in `Source::encoding`.

// `ReadError` carries its `Source` so every error names its input; boxing it would not
// shrink `Result<RawDocument, ReadError>`, whose `Ok` side is larger still.
#![allow(clippy::result_large_err)]

mod charset;
mod discover;
mod feed;
mod http;
mod jsonl;
mod sniff;
mod warc;

pub use discover::discover;

use dateline_document::Source;
use sniff::Format;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::Path;

/// What a reader found for one document, before article extraction.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDocument {
    pub source: Source,
    pub content: Content,
    /// Metadata the container gave (HTTP headers, feed item fields, JSONL fields); the
    /// extractor prefers what the page itself says and falls back to these.
    pub hints: Hints,
    /// Problems met while reading that did not stop the document (invalid UTF-8
    /// replaced, a payload left as it was because it did not decode): reported, never silent.
    pub warnings: Vec<String>,
}

impl RawDocument {
    /// A document with no hints and no warnings; readers fill in the rest.
    pub fn new(source: Source, content: Content) -> Self {
        RawDocument {
            source,
            content,
            hints: Hints::default(),
            warnings: Vec::new(),
        }
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
    /// ISO 8601 date or timestamp (HTTP `Last-Modified`, feed `pubDate`, JSONL `date`;
    /// for WARC without `Last-Modified`, the fetch date).
    pub date: Option<String>,
    pub title: Option<String>,
    /// Feed item summary/description.
    pub summary: Option<String>,
    pub authors: Vec<String>,
    pub language: Option<String>,
    /// When a crawler fetched the page (`WARC-Date`), ISO 8601.
    pub fetched: Option<String>,
}

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
    /// Largest document payload accepted, in bytes (after decompression). A whole feed
    /// file counts as one payload, since feeds are parsed in one piece.
    pub max_document_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_document_bytes: 256 * 1024 * 1024,
        }
    }
}

/// A lazy stream of one input's documents.
pub type Documents = Box<dyn Iterator<Item = Result<RawDocument, ReadError>> + Send>;

/// Reads one file (or `-` for stdin) into its documents.
///
/// Nothing is opened until the stream is first polled, so a caller may hold the streams
/// of many thousands of files without running out of file handles.
pub fn read_path(path: &Path, options: &ReadOptions) -> Documents {
    let label = path.display().to_string();
    let path = path.to_path_buf();
    let options = options.clone();
    lazily(move || {
        let reader: Box<dyn Read + Send> = if path.as_os_str() == "-" {
            Box::new(io::stdin())
        } else {
            match File::open(&path) {
                Ok(file) => Box::new(file),
                Err(err) => return single_error(whole_input(&label), err.to_string()),
            }
        };
        read_stream(label, reader, &options)
    })
}

/// Reads an input already in memory (stdin, an HTTP upload) with the same sniffing as
/// [`read_path`]; `label` names it in sources and errors and its extension is a hint.
pub fn read_bytes(label: &str, bytes: Vec<u8>, options: &ReadOptions) -> Documents {
    read_stream(label.to_string(), Box::new(Cursor::new(bytes)), options)
}

/// Reads buffered input by this much at a time; large enough that gzip and the WARC
/// record parser rarely cross a refill.
const BUFFER_BYTES: usize = 256 * 1024;
/// How much of an input is inspected to decide its format.
const SNIFF_BYTES: usize = 8 * 1024;

fn read_stream(label: String, reader: Box<dyn Read + Send>, options: &ReadOptions) -> Documents {
    let (head, rest) = peek(reader);
    let (head, rest) = if head.starts_with(&GZIP_MAGIC) {
        // MultiGzDecoder because WARC.gz stores each record as its own gzip member.
        let compressed = BufReader::with_capacity(BUFFER_BYTES, Cursor::new(head).chain(rest));
        peek(Box::new(flate2::read::MultiGzDecoder::new(compressed)))
    } else {
        (head, rest)
    };
    if head.is_empty() {
        // Nothing peeked may also mean the first read failed (a directory, a bad gzip header).
        let reason = match rest.take(1).read_to_end(&mut Vec::new()) {
            Err(err) => describe_read_error(&err, 0),
            Ok(_) => "empty file".to_string(),
        };
        return single_error(whole_input(&label), reason);
    }
    let format = sniff::sniff(&head, &label);
    let input = BufReader::with_capacity(BUFFER_BYTES, Cursor::new(head).chain(rest));
    let options = options.clone();
    match format {
        Format::Warc => Box::new(warc::Records::new(label, input, options)),
        Format::Jsonl => Box::new(jsonl::Lines::new(label, input, options)),
        Format::Feed => feed::read(label, input, &options),
        Format::Page => Box::new(std::iter::once_with(move || {
            read_page(label, input, &options)
        })),
    }
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Reads the first bytes of `reader` for sniffing; the input goes on with the head
/// chained before the rest, so sniffing costs no seek and works on pipes. A read error
/// (a gzip stream cut short) is held back in the rest until the bytes before it have
/// been read again, so the records before a cut still come out.
fn peek(mut reader: Box<dyn Read + Send>) -> (Vec<u8>, Box<dyn Read + Send>) {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    let rest: Box<dyn Read + Send> = match (&mut reader)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
    {
        Ok(_) => reader,
        Err(err) => Box::new(FailingReader {
            kind: err.kind(),
            message: err.to_string(),
        }),
    };
    (head, rest)
}

/// Fails every read with the error met while peeking.
struct FailingReader {
    kind: io::ErrorKind,
    message: String,
}

impl Read for FailingReader {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        Err(io::Error::new(self.kind, self.message.clone()))
    }
}

/// A single HTML or text document: the whole input, up to the size limit.
fn read_page(
    label: String,
    input: impl BufRead,
    options: &ReadOptions,
) -> Result<RawDocument, ReadError> {
    let source = whole_input(&label);
    let bytes = read_limited(input, options.max_document_bytes).map_err(|reason| ReadError {
        input: source.clone(),
        reason,
    })?;
    let decoded = charset::decode(bytes, None).map_err(|reason| ReadError {
        input: source.clone(),
        reason,
    })?;
    let content = if sniff::looks_like_html(&decoded.text, &label) {
        Content::Html(decoded.text)
    } else {
        Content::Text(decoded.text)
    };
    let format = match content {
        Content::Html(_) => "html",
        Content::Text(_) => "text",
    };
    let source = Source {
        format: format.into(),
        encoding: Some(decoded.encoding),
        ..source
    };
    Ok(RawDocument {
        warnings: decoded.warnings,
        ..RawDocument::new(source, content)
    })
}

/// Reads at most `limit` bytes; more is an error that names the limit, found without
/// reading past it (a 100 MB page costs `limit` bytes of memory, not 100 MB).
fn read_limited(input: impl Read, limit: usize) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    input
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| describe_read_error(&err, bytes.len()))?;
    if bytes.len() > limit {
        return Err(over_limit(limit));
    }
    Ok(bytes)
}

fn over_limit(limit: usize) -> String {
    format!("document larger than the limit of {limit} bytes (max_document_bytes)")
}

/// Says what an I/O error mid-stream means; a gzip stream that stops early shows up as
/// `UnexpectedEof` (or a corrupt-deflate `InvalidInput`) from flate2.
fn describe_read_error(err: &io::Error, bytes_read: usize) -> String {
    match err.kind() {
        io::ErrorKind::UnexpectedEof | io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => {
            format!("truncated or corrupt compressed data after {bytes_read} bytes: {err}")
        }
        _ => format!("read failed after {bytes_read} bytes: {err}"),
    }
}

/// The one timestamp form hints use: `2022-01-07T10:00:00Z`.
fn iso_8601(date: chrono::DateTime<chrono::Utc>) -> String {
    date.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A stream whose construction (opening a file, sniffing it) waits for the first poll.
fn lazily(make: impl FnOnce() -> Documents + Send + 'static) -> Documents {
    Box::new(std::iter::once_with(make).flatten())
}

fn single_error(input: Source, reason: String) -> Documents {
    Box::new(std::iter::once(Err(ReadError { input, reason })))
}

/// The source of a whole input, before its format is known.
fn whole_input(label: &str) -> Source {
    Source {
        path: label.to_string(),
        ..Default::default()
    }
}
