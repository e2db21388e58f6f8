//! The coder over the real pipeline on short synthetic sentences (models loaded once).

use dateline_document::{Block, BlockKind, Document, Event, Span};
use dateline_pipeline::Pipeline;
use std::path::PathBuf;
use std::sync::OnceLock;

fn models() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models")
}

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::load(&models()).expect("models/ (tagger, parser, ner, gazetteer, events.dict)"))
}

fn code(text: &str) -> Vec<Event> {
    let mut doc = Document {
        text: text.to_string(),
        blocks: vec![Block {
            kind: BlockKind::Paragraph,
            span: Span::new(0, text.chars().count()),
        }],
        ..Default::default()
    };
    pipeline().annotate(&mut doc, chrono::NaiveDate::from_ymd_opt(2022, 1, 7));
    if std::env::var_os("EVENTS_DEBUG").is_some() {
        for t in doc.tokens.iter().filter(|_| std::env::var_os("EVENTS_TOKENS").is_some()) {
            eprintln!("  {:?} {:?} {:?} {:?}", doc.slice(t.span), t.upos, t.head, t.deprel);
        }
        eprintln!("{text}");
        for e in &doc.events {
            let actor = |a: &Option<dateline_document::EventActor>| {
                a.as_ref()
                    .map(|a| format!("{}={}", a.name, a.code.as_deref().unwrap_or("?")))
                    .unwrap_or_default()
            };
            eprintln!(
                "  => {} {:?} {:?} [{}] -> [{}] at {:?} neg={} hyp={} fut={} trig={:?}",
                e.cameo,
                e.plover,
                e.mode,
                actor(&e.source),
                actor(&e.target),
                e.location.as_ref().map(|l| &l.name),
                e.negated,
                e.hypothetical,
                e.future,
                doc.slice(e.trigger)
            );
        }
    }
    doc.events
}

#[test]
fn debug_print() {
    for s in [
        "Protesters attacked government buildings in Almaty.",
        "The government refused to negotiate with terrorists.",
        "Russian police arrested students in Moscow today.",
        "The Kazakh president asked the Collective Security Treaty Organization for help.",
        "The government won't negotiate with terrorists.",
        "Those who won't surrender will be destroyed, he said.",
        "Protests erupted in several Kazakh cities on January 2, later growing into mass riots and attacks on government offices.",
        "CSTO peacekeeping forces arrive in Kazakhstan for short period of time, Tokayev said.",
    ] {
        code(s);
    }
}
