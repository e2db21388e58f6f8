//! Per-stage profile of the stages after the language core (coreference, places, time
//! expressions and quantities, quotes, events) over documents the core has already annotated
//! (the JSONL `dateline annotate` writes), one thread, each stage in its own never-inlined
//! function so that callgrind can count its instructions without the parser in the way:
//!
//! ```text
//! dateline annotate --date 2026-12-01 /tmp/ps/txt > /tmp/ps/annotated.jsonl
//! cargo build --release -p dateline-pipeline --example profile_stages
//! valgrind --tool=callgrind --callgrind-out-file=stages.cg \
//!     target/release/examples/profile_stages models /tmp/ps/annotated.jsonl 2026-12-01
//! callgrind_annotate --inclusive=yes stages.cg | grep stage_
//! ```
//!
//! Arguments: `MODELS_DIR ANNOTATED.jsonl FALLBACK_DATE [PASSES] [DUMP_FILE]`. Every layer a
//! later stage fills is emptied first, one document warms every stage up (compiled patterns),
//! then the stages run in pipeline order. Prints
//! documents/s per stage (wall clock: meaningful on an idle machine only); `DUMP_FILE`
//! receives each document of the first pass as JSON, to check that a speed-up changed no
//! output.

use chrono::NaiveDate;
use dateline_document::Document;
use std::io::{BufRead, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// The allocator of the `dateline` binary (src/main.rs): allocation counts as it does there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[inline(never)]
fn stage_coref(doc: &mut Document) {
    dateline_coref::resolve(doc);
}

#[inline(never)]
fn stage_places(doc: &mut Document, gazetteer: &dateline_geo::Gazetteer) {
    dateline_geo::annotate(doc, gazetteer);
}

#[inline(never)]
fn stage_time_and_quantities(doc: &mut Document, fallback_date: Option<NaiveDate>) {
    dateline_pipeline::annotate_time_and_quantities(doc, fallback_date);
}

#[inline(never)]
fn stage_quotes(doc: &mut Document) {
    dateline_quotes::annotate(doc);
}

#[inline(never)]
fn stage_events(doc: &mut Document, coder: &dateline_events::Coder, dct: Option<NaiveDate>) {
    dateline_events::annotate(doc, coder, dct);
}

/// Empties every layer the stages after the core fill.
fn strip_later_layers(doc: &mut Document) {
    doc.entities.clear();
    doc.places.clear();
    doc.timexes.clear();
    doc.quantities.clear();
    doc.quotes.clear();
    doc.events.clear();
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [models, annotated, fallback, rest @ ..] = args.as_slice() else {
        return Err(
            "usage: profile_stages MODELS_DIR ANNOTATED.jsonl FALLBACK_DATE [PASSES] [DUMP_FILE]"
                .into(),
        );
    };
    let models = Path::new(models);
    let fallback_date = Some(NaiveDate::parse_from_str(fallback, "%Y-%m-%d")?);
    let passes: usize = rest.first().map_or(Ok(1), |s| s.parse())?;
    let gazetteer = dateline_geo::Gazetteer::load(&models.join("gazetteer.bin"))?;
    let coder = dateline_events::Coder::new(dateline_events::Dictionaries::load(
        &models.join(dateline_events::BUNDLE_FILE),
    )?);
    let mut documents = Vec::new();
    for line in std::io::BufReader::new(std::fs::File::open(annotated)?).lines() {
        let mut doc: Document = serde_json::from_str(&line?)?;
        strip_later_layers(&mut doc);
        documents.push(doc);
    }
    let mut dump = match rest.get(1) {
        Some(path) => Some(std::io::BufWriter::new(std::fs::File::create(path)?)),
        None => None,
    };
    // One document through every stage outside the `stage_` functions first, so that
    // compiling patterns and other one-time set-up is not counted as any stage's work.
    if let Some(first) = documents.first() {
        let mut doc = first.clone();
        let dct = dateline_pipeline::creation_date(&doc, fallback_date);
        dateline_coref::resolve(&mut doc);
        dateline_geo::annotate(&mut doc, &gazetteer);
        dateline_pipeline::annotate_time_and_quantities(&mut doc, fallback_date);
        dateline_quotes::annotate(&mut doc);
        dateline_events::annotate(&mut doc, &coder, dct);
    }
    let mut times = [Duration::ZERO; 5];
    for pass in 0..passes {
        for original in &documents {
            let mut doc = original.clone();
            let dct = dateline_pipeline::creation_date(&doc, fallback_date);
            let started = Instant::now();
            stage_coref(&mut doc);
            let resolved = Instant::now();
            stage_places(&mut doc, &gazetteer);
            let placed = Instant::now();
            stage_time_and_quantities(&mut doc, fallback_date);
            let timed = Instant::now();
            stage_quotes(&mut doc);
            let quoted = Instant::now();
            stage_events(&mut doc, &coder, dct);
            let coded = Instant::now();
            times[0] += resolved - started;
            times[1] += placed - resolved;
            times[2] += timed - placed;
            times[3] += quoted - timed;
            times[4] += coded - quoted;
            if let (0, Some(out)) = (pass, dump.as_mut()) {
                writeln!(out, "{}", serde_json::to_string(&doc)?)?;
            }
        }
    }
    let count = (documents.len() * passes) as f64;
    let rate = |d: Duration| count / d.as_secs_f64();
    println!(
        "{count} documents; documents/s: coreference {:.0}, places {:.0}, time and quantities {:.0}, quotes {:.0}, events {:.0}",
        rate(times[0]),
        rate(times[1]),
        rate(times[2]),
        rate(times[3]),
        rate(times[4]),
    );
    Ok(())
}
