//! JSONL: one `{"url", "html" | "text", "date"?, "title"?}` object per line.

use crate::{over_limit, Content, Hints, RawDocument, ReadError, ReadOptions};
use dateline_document::Source;
use serde::Deserialize;
use std::io::{BufRead, Read};

/// The streaming line reader; every line is a document or an error naming its number.
pub(crate) struct Lines<R> {
    label: String,
    input: R,
    options: ReadOptions,
    line_number: u64,
    line: Vec<u8>,
    finished: bool,
}

#[derive(Deserialize)]
struct Record {
    url: Option<String>,
    html: Option<String>,
    text: Option<String>,
    date: Option<String>,
    title: Option<String>,
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(label: String, input: R, options: ReadOptions) -> Self {
        Lines {
            label,
            input,
            options,
            line_number: 0,
            line: Vec::new(),
            finished: false,
        }
    }

    fn source(&self) -> Source {
        Source {
            path: self.label.clone(),
            record: Some(self.line_number),
            format: "jsonl".into(),
            ..Default::default()
        }
    }

    fn error(&self, reason: String) -> ReadError {
        ReadError {
            input: self.source(),
            reason,
        }
    }

    /// Reads the next line into `self.line`, never holding more than the limit of it.
    /// `Ok(false)` at the end of input.
    fn read_line(&mut self) -> Result<bool, String> {
        self.line.clear();
        let limit = self.options.max_document_bytes as u64 + 1;
        let read = match (&mut self.input)
            .take(limit)
            .read_until(b'\n', &mut self.line)
        {
            Ok(read) => read,
            Err(err) => {
                self.finished = true;
                self.line_number += 1;
                return Err(format!(
                    "read failed (truncated or corrupt compressed input?): {err}"
                ));
            }
        };
        if read == 0 {
            return Ok(false);
        }
        self.line_number += 1;
        if self.line.len() as u64 == limit && self.line.last() != Some(&b'\n') {
            self.input.skip_until(b'\n').map_err(|err| {
                self.finished = true;
                format!("read failed: {err}")
            })?;
            return Err(over_limit(self.options.max_document_bytes));
        }
        Ok(true)
    }

    fn document(&mut self) -> Result<RawDocument, String> {
        let line = self
            .line
            .strip_prefix(crate::sniff::UTF8_BOM)
            .unwrap_or(&self.line);
        let record: Record = match serde_json::from_slice(line) {
            Ok(record) => record,
            // A first line that ends mid-value is a pretty-printed JSON file, not JSONL:
            // one error for the file instead of one per line.
            Err(err) if err.is_eof() && self.line_number == 1 => {
                self.finished = true;
                return Err(format!(
                    "not JSONL: line 1 is an incomplete JSON value ({err}); \
                     expected one JSON object per line"
                ));
            }
            Err(err) => return Err(format!("not a JSON object: {err}")),
        };
        let content = match (record.html, record.text) {
            (Some(html), _) => Content::Html(html),
            (None, Some(text)) => Content::Text(text),
            (None, None) => return Err("JSON object has neither \"html\" nor \"text\"".into()),
        };
        let source = Source {
            url: record.url,
            encoding: Some("utf-8 (json)".into()),
            ..self.source()
        };
        let hints = Hints {
            date: record.date,
            title: record.title,
            ..Hints::default()
        };
        Ok(RawDocument {
            hints,
            ..RawDocument::new(source, content)
        })
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = Result<RawDocument, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.finished {
            match self.read_line() {
                Ok(false) => self.finished = true,
                Ok(true) if self.line.trim_ascii().is_empty() => {}
                Ok(true) => {
                    let document = self.document();
                    return Some(document.map_err(|reason| self.error(reason)));
                }
                Err(reason) => return Some(Err(self.error(reason))),
            }
        }
        None
    }
}
