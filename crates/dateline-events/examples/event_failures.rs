//! Prints the development records (even-numbered) of an event gold file where the coder
//! disagrees with the gold: the text, its dependency parse, what the gold expects and what
//! the coder found. A reading aid for fixing causes; the figures come from
//! `dateline eval events`.
//!
//! cargo run --release -p dateline-events --example event_failures -- \
//!     ../shared/corpus/events/petrarch2-validation.jsonl [--all]
//!
//! PETRARCH2 records are coded with the `PETR.Validate.*` dictionaries beside the gold
//! file, PLOVER records with the bundled Phoenix set. `--all` prints agreeing records too.

use dateline_document::{Block, BlockKind, Document, EventActor, Metadata, Span};
use dateline_pipeline::Pipeline;
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let gold_path = PathBuf::from(args.first().ok_or("usage: event_failures GOLD [--all]")?);
    let print_all = args.iter().any(|a| a == "--all");
    let models = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models");
    let pipeline = Pipeline::load(&models)?;
    let here = gold_path.parent().unwrap_or(Path::new("."));
    let validation = dateline_events::Coder::new(dateline_events::Dictionaries::from_files(
        &dateline_events::validation_files(&here.join("dictionaries"), &here.join("plover")),
    )?);
    let text = std::fs::read_to_string(&gold_path)?;
    let (mut dev_gold, mut dev_predicted) = (Vec::new(), Vec::new());
    let mut petrarch_file = false;
    for (i, line) in text.lines().enumerate() {
        if i % 2 == 1 || line.trim().is_empty() {
            continue;
        }
        let record: serde_json::Value = serde_json::from_str(line)?;
        let gold_events = record["events"].as_array().cloned().unwrap_or_default();
        let petrarch = gold_events.iter().any(|e| {
            e["code"]
                .as_str()
                .is_some_and(|c| c.starts_with(|ch: char| ch.is_ascii_digit()))
        }) || record.get("parse").is_some();
        let mut doc = document(&record);
        pipeline.annotate(&mut doc, None);
        if petrarch {
            let date = record["date"]
                .as_str()
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y%m%d").ok());
            dateline_events::annotate(&mut doc, &validation, date);
        }
        let gold: dateline_eval::events::GoldRecord = serde_json::from_value(record.clone())?;
        let predicted = dateline_eval::events::Predicted::of_events(
            &doc.events,
            petrarch && gold.require_dyad(),
        );
        let gold_set = std::slice::from_ref(&gold);
        petrarch_file |= petrarch;
        let predicted_set = std::slice::from_ref(&predicted);
        let agrees = if petrarch {
            dateline_eval::events::evaluate_petrarch(gold_set, predicted_set).passed == 1
        } else {
            let m = dateline_eval::events::evaluate_plover(gold_set, predicted_set);
            m.f1 == 1.0 && m.triple_f1 == 1.0
        };
        dev_gold.push(gold.clone());
        dev_predicted.push(predicted.clone());
        if !print_all && agrees {
            continue;
        }
        let expected: Vec<String> = gold
            .events
            .iter()
            .map(|e| {
                let code = if petrarch {
                    &e.code
                } else {
                    dateline_eval::events::plover_type(&e.code)
                };
                format!("{} {} {code}", e.source, e.target)
            })
            .collect();
        let mut found: Vec<String> = predicted
            .iter()
            .map(|e| {
                let code = if petrarch {
                    &e.cameo
                } else {
                    e.plover.as_deref().unwrap_or("")
                };
                format!("{} {} {code}", e.source, e.target)
            })
            .collect();
        found.sort();
        found.dedup();
        println!(
            "== {} {}",
            record["id"].as_str().unwrap_or(""),
            record["text"]
        );
        println!("   parse: {}", parse(&doc));
        println!("   gold : {expected:?}");
        println!("   found: {found:?}");
        for e in &doc.events {
            let name =
                |a: &Option<EventActor>| a.as_ref().map_or("-".to_string(), |a| a.name.clone());
            println!(
                "     {} {:?} [{}] -> [{}] {}{}{}",
                doc.slice(e.trigger),
                e.cameo,
                name(&e.source),
                name(&e.target),
                if e.negated { " NEG" } else { "" },
                if e.hypothetical { " HYP" } else { "" },
                if e.future { " FUT" } else { "" },
            );
        }
    }
    let summary = if petrarch_file {
        serde_json::to_string(&dateline_eval::events::evaluate_petrarch(
            &dev_gold,
            &dev_predicted,
        ))?
    } else {
        serde_json::to_string(&dateline_eval::events::evaluate_plover(
            &dev_gold,
            &dev_predicted,
        ))?
    };
    println!("dev records only: {summary}");
    Ok(())
}

fn document(record: &serde_json::Value) -> Document {
    let text = record["text"].as_str().unwrap_or("").to_string();
    let published = record["date"]
        .as_str()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y%m%d").ok())
        .map(|d| d.to_string());
    Document {
        id: record["id"].as_str().unwrap_or("").to_string(),
        meta: Metadata {
            published,
            ..Default::default()
        },
        blocks: vec![Block {
            kind: BlockKind::Paragraph,
            span: Span::new(0, text.chars().count()),
        }],
        text,
        ..Default::default()
    }
}

/// word/UPOS/deprel>head for every token.
fn parse(doc: &Document) -> String {
    doc.tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                "{i}:{}/{:?}/{}>{}",
                doc.slice(t.span),
                t.upos.map(|u| format!("{u:?}")).unwrap_or_default(),
                t.deprel.as_deref().unwrap_or(""),
                t.head.map_or("-".into(), |h| h.to_string())
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}
