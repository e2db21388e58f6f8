//! Acceptance: plain-text captures against their gold, read from `../shared` at run time.
//!
//! The seed (a TASS page copied from a browser) is compared with its hand-made gold; the
//! 21 Wikinews texts with their `index.jsonl` (title, creation date).

use chrono::NaiveDate;
use dateline_document::{BlockKind, Document, Source, Span};
use dateline_extract::{text, ExtractOptions};
use dateline_read::{Content, RawDocument};
use serde_json::Value;
use std::path::PathBuf;

fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(path)
}

fn read(path: &str) -> String {
    let full = shared(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn raw_text(path: &str, date_hint: Option<&str>) -> RawDocument {
    let source = Source {
        path: path.to_string(),
        format: "text".into(),
        ..Default::default()
    };
    let mut raw = RawDocument::new(source, Content::Text(read(path)));
    raw.hints.date = date_hint.map(String::from);
    raw
}

/// The day these tests were written: the weekday route to the seed's year is only valid
/// within five years of the capture, so the test pins "today" instead of using the clock.
fn written_on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn texts_of(doc: &Document, kind: BlockKind) -> Vec<&str> {
    doc.blocks
        .iter()
        .filter(|b| b.kind == kind)
        .map(|b| doc.slice(b.span))
        .collect()
}

fn span(value: &Value) -> Span {
    serde_json::from_value(value.clone()).expect("gold span")
}

/// Blocks in reading order, none overlapping, none empty, none with surrounding whitespace.
fn assert_well_formed(doc: &Document) {
    for pair in doc.blocks.windows(2) {
        assert!(
            pair[0].span.end <= pair[1].span.start,
            "{}: blocks overlap: {pair:?}",
            doc.source.path
        );
    }
    for block in &doc.blocks {
        let covered = doc.slice(block.span);
        assert!(
            !covered.is_empty() && covered.trim() == covered,
            "{}: bad block {block:?}",
            doc.source.path
        );
    }
}

const SEED: &str = "corpus/seed/tass-2022-01-07-kazakhstan.txt";

fn check_seed_against_gold(doc: &Document) {
    let gold: Value =
        serde_json::from_str(&read("corpus/seed/tass-2022-01-07-kazakhstan.gold.json")).unwrap();
    let article = &gold["article"];
    assert_eq!(doc.text, read(SEED), "text is the input verbatim");
    assert_well_formed(doc);

    let boilerplate: Vec<Span> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Boilerplate)
        .map(|b| b.span)
        .collect();
    let gold_boilerplate: Vec<Span> = article["boilerplate"]
        .as_array()
        .unwrap()
        .iter()
        .map(span)
        .collect();
    assert_eq!(boilerplate, gold_boilerplate);

    assert_eq!(doc.meta.title.as_deref(), article["title"].as_str());
    assert_eq!(
        texts_of(doc, BlockKind::Title),
        vec![article["title"].as_str().unwrap()]
    );
    assert_eq!(doc.meta.subtitle.as_deref(), article["subtitle"].as_str());
    assert_eq!(
        texts_of(doc, BlockKind::Subtitle),
        vec![article["subtitle"].as_str().unwrap()]
    );

    let dateline = doc.dateline.as_ref().expect("dateline");
    let gold_dateline = &article["dateline"];
    assert_eq!(
        Some(dateline.place.as_str()),
        gold_dateline["place"].as_str()
    );
    assert_eq!(dateline.date.as_deref(), gold_dateline["date"].as_str());
    assert_eq!(dateline.agency.as_deref(), gold_dateline["agency"].as_str());
    assert_eq!(dateline.span, span(&gold_dateline["span"]));
    assert_eq!(doc.slice(dateline.place_span), dateline.place);

    let gold_subheadings: Vec<&str> = article["subheadings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(texts_of(doc, BlockKind::Subheading), gold_subheadings);

    let body_start = article["body_start"].as_u64().unwrap() as usize;
    let first_body = doc.body_blocks().next().expect("a body block");
    assert_eq!(first_body.span.start, body_start);

    // Every blank-line-separated paragraph of the file from body_start on is a body block,
    // exactly once (the first one begins at body_start, after the dateline).
    let body: Vec<&str> = doc.body_blocks().map(|b| doc.slice(b.span)).collect();
    let from_body_start: String = doc.text.chars().skip(body_start).collect();
    let expected: Vec<&str> = from_body_start
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    assert_eq!(body, expected);

    assert_eq!(doc.meta.language.as_deref(), article["language"].as_str());
    assert_eq!(doc.id, Document::compute_id(&doc.source, &doc.text));
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn seed_matches_gold_with_year_from_weekday() {
    let raw = raw_text(SEED, None);
    let Content::Text(input) = &raw.content else {
        unreachable!()
    };
    let doc = text::extract_as_of(input, &raw, &ExtractOptions::default(), written_on());
    check_seed_against_gold(&doc);
    assert_eq!(doc.meta.published.as_deref(), Some("2022-01-07"));
    assert_eq!(doc.meta.published_source.as_deref(), Some("dateline"));
}

#[test]
fn seed_matches_gold_with_date_from_caller() {
    let raw = raw_text(SEED, Some("2022-01-07T14:05:00+03:00"));
    let doc = dateline_extract::extract(&raw, &ExtractOptions::default());
    check_seed_against_gold(&doc);
    assert_eq!(
        doc.meta.published.as_deref(),
        Some("2022-01-07T14:05:00+03:00")
    );
    assert_eq!(doc.meta.published_source.as_deref(), Some("input"));
}

#[test]
fn seed_without_any_year_keeps_the_printed_date_only() {
    let raw = raw_text(SEED, None);
    let Content::Text(input) = &raw.content else {
        unreachable!()
    };
    // Ten years later, January 7 on a Friday is no longer within the five-year window.
    let much_later = NaiveDate::from_ymd_opt(2036, 6, 1).unwrap();
    let doc = text::extract_as_of(input, &raw, &ExtractOptions::default(), much_later);
    let dateline = doc.dateline.expect("dateline");
    assert_eq!(
        (dateline.date_text.as_deref(), dateline.date),
        (Some("January 7"), None)
    );
    assert_eq!(doc.meta.published, None);
}

#[test]
fn wikinews_titles_and_date_lines() {
    let index = read("corpus/wikinews/index.jsonl");
    let entries: Vec<Value> = index
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(entries.len(), 21);
    let mut agreeing = 0;
    for entry in &entries {
        let path = format!("corpus/wikinews/{}", entry["file"].as_str().unwrap());
        let doc = dateline_extract::extract(&raw_text(&path, None), &ExtractOptions::default());
        assert_well_formed(&doc);
        assert_eq!(doc.meta.title.as_deref(), entry["title"].as_str(), "{path}");
        assert_eq!(doc.meta.language.as_deref(), Some("en"), "{path}");

        // meta.published is the date line the text prints: format it back and find it as
        // the Byline block right after the title.
        let published = doc
            .meta
            .published
            .as_deref()
            .unwrap_or_else(|| panic!("{path}: no published date"));
        assert_eq!(doc.meta.published_source.as_deref(), Some("text"), "{path}");
        let printed = NaiveDate::parse_from_str(published, "%Y-%m-%d")
            .unwrap()
            .format("%A, %B %-d, %Y")
            .to_string();
        assert_eq!(doc.blocks[0].kind, BlockKind::Title, "{path}");
        assert_eq!(
            (doc.blocks[1].kind, doc.slice(doc.blocks[1].span)),
            (BlockKind::Byline, printed.as_str()),
            "{path}"
        );

        // Everything after the date line (and after a dateline, if the first paragraph
        // has one) is body, paragraph by paragraph, exactly once.
        let body_from = doc
            .dateline
            .as_ref()
            .map_or(doc.blocks[1].span.end, |d| d.span.end);
        if let Some(dateline) = &doc.dateline {
            println!("{path}: dateline {:?}", doc.slice(dateline.span));
        }
        let after_date_line: String = doc.text.chars().skip(body_from).collect();
        let expected: Vec<&str> = after_date_line
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let body: Vec<&str> = doc.body_blocks().map(|b| doc.slice(b.span)).collect();
        assert_eq!(body, expected, "{path}");

        let created = entry["date_created"].as_str().unwrap();
        if published == created {
            agreeing += 1;
        } else {
            println!("{path}: printed date line {published}, index date_created {created}");
        }
    }
    println!(
        "wikinews: printed date line == date_created in {agreeing}/{} texts",
        entries.len()
    );
    // Measured when written: 18 of 21 agree; the others print a later publication date
    // (or, for one, a date line that belongs to another article) than the creation date.
    assert!(agreeing >= 18, "only {agreeing} agree");
}

/// A second dataset: MEANTIME's Wikinews texts, one sentence per line (no blank lines),
/// title on the first line and the creation date printed on the second.
#[test]
fn meantime_titles_and_date_lines() {
    let corpus = read("corpus/timex/meantime_en.jsonl");
    let (mut documents, mut titled, mut dated) = (0, 0, 0);
    for line in corpus.lines() {
        let record: Value = serde_json::from_str(line).unwrap();
        let input = record["text"].as_str().unwrap();
        let source = Source {
            path: record["id"].as_str().unwrap().to_string(),
            ..Default::default()
        };
        let doc = dateline_extract::extract(
            &RawDocument::new(source, Content::Text(input.to_string())),
            &ExtractOptions::default(),
        );
        assert_well_formed(&doc);
        documents += 1;
        titled += usize::from(doc.meta.title.as_deref() == input.lines().next());
        if doc.meta.published.as_deref() == record["dct"].as_str() {
            dated += 1;
        } else {
            println!(
                "{}: published {:?}, dct {}",
                doc.source.path, doc.meta.published, record["dct"]
            );
        }
    }
    println!("meantime: title == first line in {titled}/{documents}, published == dct in {dated}/{documents}");
    assert_eq!(titled, documents);
    assert_eq!(dated, documents);
}
