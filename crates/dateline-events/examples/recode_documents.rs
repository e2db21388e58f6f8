//! Codes the events of already annotated documents again (the JSONL `dateline annotate`
//! writes) and prints them, one JSON array per document. Runs the events stage alone, so
//! a change to the coder can be checked for identical output and measured in instruction
//! counts without the parser and recogniser in the way:
//!
//! dateline annotate docs/ > /tmp/annotated.jsonl
//! cargo run --release -p dateline-events --example recode_documents -- \
//!     models/events.dict /tmp/annotated.jsonl [--repeat N] > events.jsonl
//!
//! Each document is coded with the document's publication date as its creation date.

use chrono::NaiveDate;
use dateline_document::Document;
use dateline_events::{Coder, Dictionaries};
use std::io::{BufRead, Write};
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [bundle, documents, rest @ ..] = args.as_slice() else {
        return Err("usage: recode_documents BUNDLE ANNOTATED.jsonl [--repeat N]".into());
    };
    let repeat = match rest {
        [flag, n] if flag == "--repeat" => n.parse()?,
        [] => 1,
        _ => return Err("unknown arguments after the input file".into()),
    };
    let coder = Coder::new(Dictionaries::load(Path::new(bundle))?);
    let mut docs = Vec::new();
    for line in std::io::BufReader::new(std::fs::File::open(documents)?).lines() {
        let doc: Document = serde_json::from_str(&line?)?;
        docs.push(doc);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for round in 0..repeat {
        for doc in &docs {
            let dct = doc
                .meta
                .published
                .as_deref()
                .and_then(|d| d.get(..10))
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            let events = coder.code(doc, dct);
            if round == 0 {
                writeln!(out, "{}", serde_json::to_string(&events)?)?;
            }
        }
    }
    Ok(())
}
