//! WARC files (CC-NEWS, Common Crawl), read record by record.
//!
//! Our own small parser rather than the `warc` crate, whose reader reads
//! a block line by line into a buffer whatever its size, insists on CRLF and on exactly
//! `\r\n\r\n` after each block, and has no way to skip a garbled stretch to the next
//! record; here an oversized record is skipped unread, LF-only files read, and a
//! garbled record costs only itself.

use crate::http;
use crate::{charset, over_limit, Content, Hints, RawDocument, ReadError, ReadOptions};
use dateline_document::Source;
use std::io::{self, BufRead, Read};

/// The streaming record reader; yields documents for HTML responses and errors for
/// records that could not be read. Reading stops only where the input does (or is cut).
pub(crate) struct Records<R> {
    label: String,
    input: R,
    options: ReadOptions,
    /// Number of the record being read (1-based, counting every record type).
    record: u64,
    /// Set after a garbled stretch was skipped: the next record's `WARC/` line is consumed.
    version_line_read: bool,
    finished: bool,
}

/// Header block sizes beyond this are not WARC.
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// Reserved up front for a record block; larger blocks grow as they are read.
const INITIAL_BLOCK_CAPACITY: u64 = 4 * 1024 * 1024;

/// The WARC header fields we use.
#[derive(Default)]
struct Header {
    warc_type: Option<String>,
    target_uri: Option<String>,
    date: Option<String>,
    content_length: Option<u64>,
    content_type: Option<String>,
    /// `WARC-Truncated`: why the crawler stored only part of the payload.
    truncated: Option<String>,
}

/// What went wrong with a record: `Fatal` when the input cannot be read further.
enum Failure {
    Record(String),
    Fatal(String),
}

impl<R: BufRead> Records<R> {
    pub(crate) fn new(label: String, input: R, options: ReadOptions) -> Self {
        Records {
            label,
            input,
            options,
            record: 0,
            version_line_read: false,
            finished: false,
        }
    }

    fn source(&self) -> Source {
        Source {
            path: self.label.clone(),
            record: Some(self.record),
            format: "warc".into(),
            ..Default::default()
        }
    }

    fn error(&self, reason: String) -> ReadError {
        ReadError {
            input: self.source(),
            reason,
        }
    }

    /// Reads the next record; `Ok(None)` at the end, `Ok(Some(None))` for a record that is
    /// not an HTML page.
    fn next_record(&mut self) -> Result<Option<Option<RawDocument>>, Failure> {
        if !self.version_line_read && !self.find_version_line()? {
            return Ok(None);
        }
        self.version_line_read = false;
        self.record += 1;
        let header = self.read_header()?;
        let Some(length) = header.content_length else {
            self.resynchronise()?;
            return Err(Failure::Record(
                "WARC header has no valid Content-Length".into(),
            ));
        };
        let is_response = header
            .warc_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("response"));
        let is_http = header
            .content_type
            .as_deref()
            .is_none_or(|t| t.to_ascii_lowercase().contains("application/http"));
        if !is_response || !is_http {
            self.skip_block(length)?;
            return Ok(Some(None));
        }
        if length > self.options.max_document_bytes as u64 {
            self.skip_block(length)?;
            return Err(Failure::Record(over_limit(self.options.max_document_bytes)));
        }
        let block = self.read_block(length)?;
        self.to_document(header, block)
            .map(Some)
            .map_err(Failure::Record)
    }

    /// Skips blank lines (and, with an error, anything else) up to a `WARC/` line.
    /// False at the end of input.
    fn find_version_line(&mut self) -> Result<bool, Failure> {
        let mut line = Vec::new();
        loop {
            line.clear();
            if self.read_line(&mut line)? == 0 {
                return Ok(false);
            }
            if line.starts_with(b"WARC/") {
                return Ok(true);
            }
            if !line.trim_ascii().is_empty() {
                self.record += 1;
                self.resynchronise()?;
                return Err(Failure::Record(format!(
                    "expected a WARC record header (WARC/1.x), found {:?}; skipped to the next record",
                    String::from_utf8_lossy(&line[..line.len().min(40)]).trim_end()
                )));
            }
        }
    }

    /// Skips lines until the next `WARC/` line, which is consumed.
    fn resynchronise(&mut self) -> Result<(), Failure> {
        let mut line = Vec::new();
        loop {
            line.clear();
            if self.read_line(&mut line)? == 0 {
                return Ok(());
            }
            if line.starts_with(b"WARC/") {
                self.version_line_read = true;
                return Ok(());
            }
        }
    }

    fn read_header(&mut self) -> Result<Header, Failure> {
        let mut header = Header::default();
        let mut line = Vec::new();
        let mut header_bytes = 0;
        loop {
            line.clear();
            let read = self.read_line(&mut line)?;
            if read == 0 {
                return Err(Failure::Fatal(
                    "truncated record: input ends inside the WARC header".into(),
                ));
            }
            header_bytes += read;
            if header_bytes > MAX_HEADER_BYTES {
                return Err(Failure::Fatal(format!(
                    "WARC header longer than {MAX_HEADER_BYTES} bytes"
                )));
            }
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                return Ok(header);
            }
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim().to_string();
            match name.trim().to_ascii_lowercase().as_str() {
                "warc-type" => header.warc_type = Some(value),
                "warc-target-uri" => {
                    header.target_uri = Some(value.trim_matches(['<', '>']).to_string())
                }
                "warc-date" => header.date = Some(value),
                "content-length" => header.content_length = value.parse().ok(),
                "content-type" => header.content_type = Some(value),
                "warc-truncated" => header.truncated = Some(value),
                _ => {}
            }
        }
    }

    fn read_line(&mut self, line: &mut Vec<u8>) -> Result<usize, Failure> {
        (&mut self.input)
            .take(MAX_HEADER_BYTES as u64)
            .read_until(b'\n', line)
            .map_err(|err| self.input_failure(&err))
    }

    fn read_block(&mut self, length: u64) -> Result<Vec<u8>, Failure> {
        // A lying Content-Length must not reserve memory the input never fills.
        let mut block = Vec::with_capacity(length.min(INITIAL_BLOCK_CAPACITY) as usize);
        (&mut self.input)
            .take(length)
            .read_to_end(&mut block)
            .map_err(|err| self.input_failure(&err))?;
        if (block.len() as u64) < length {
            return Err(truncated(length, block.len() as u64));
        }
        Ok(block)
    }

    fn skip_block(&mut self, length: u64) -> Result<(), Failure> {
        let skipped = io::copy(&mut (&mut self.input).take(length), &mut io::sink())
            .map_err(|err| self.input_failure(&err))?;
        if skipped < length {
            return Err(truncated(length, skipped));
        }
        Ok(())
    }

    fn input_failure(&self, err: &io::Error) -> Failure {
        Failure::Fatal(format!(
            "truncated or corrupt input (gzip member cut short?): {err}"
        ))
    }

    fn to_document(&self, header: Header, block: Vec<u8>) -> Result<Option<RawDocument>, String> {
        let response = http::parse_response(block, self.options.max_document_bytes)?;
        let is_html = response
            .media_type
            .as_deref()
            .is_none_or(|t| t.is_empty() || t == "text/html" || t == "application/xhtml+xml");
        if !(200..300).contains(&response.status) || !is_html || response.body.is_empty() {
            return Ok(None);
        }
        let decoded = charset::decode(response.body, response.charset.as_deref())?;
        let source = Source {
            url: header.target_uri,
            encoding: Some(decoded.encoding),
            ..self.source()
        };
        let hints = Hints {
            date: response.last_modified.or(header.date.clone()),
            language: response.language,
            fetched: header.date,
            ..Hints::default()
        };
        let mut warnings = response.warnings;
        if let Some(reason) = header.truncated {
            warnings.push(format!(
                "the crawler stored only part of this page (WARC-Truncated: {reason})"
            ));
        }
        warnings.extend(decoded.warnings);
        Ok(Some(RawDocument {
            source,
            content: Content::Html(decoded.text),
            hints,
            warnings,
        }))
    }
}

fn truncated(expected: u64, found: u64) -> Failure {
    Failure::Fatal(format!(
        "truncated record: Content-Length is {expected} bytes but the input ends after {found}"
    ))
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Result<RawDocument, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.finished {
            match self.next_record() {
                Ok(None) => self.finished = true,
                Ok(Some(None)) => {}
                Ok(Some(Some(document))) => return Some(Ok(document)),
                Err(Failure::Record(reason)) => return Some(Err(self.error(reason))),
                Err(Failure::Fatal(reason)) => {
                    self.finished = true;
                    return Some(Err(self.error(reason)));
                }
            }
        }
        None
    }
}
