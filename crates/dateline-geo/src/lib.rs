//! Geoparser: place mentions resolved to GeoNames entries with coordinates.
//!
//! In: the GeoNames JSON files (compiled once by [`compile`] into `models/gazetteer.bin`),
//! and an annotated [`Document`] (entity mentions, tokens, dateline).
//! Out: [`Document::places`], one [`dateline_document::Place`] per place mention: the
//! GeoNames id, name, country, feature class and code, coordinates, population, how the
//! entry was chosen and whether the name stands for a government ("Russia said").
//!
//! Mentions are the recogniser's LOC mentions, MISC mentions and capitalised words that
//! are demonyms ("Kazakh"), ORG mentions that are exactly a country or continent name
//! ("EU"), and the dateline's place. A name the recogniser tagged as a person ("Paris
//! Hilton") is never a candidate.

mod compile;
pub mod demonyms;
mod gazetteer;
mod normalise;
mod resolve;

pub use compile::{compile, CompileReport};
pub use gazetteer::{CoordSource, GeoError, Gazetteer, Kind, Record};
pub use normalise::normalise;
pub use resolve::{km, resolve, Cue, Options, Toponym};

use dateline_document::{BlockKind, Document, EntityLabel, Span};

/// Finds the document's place mentions and resolves them into `doc.places`.
pub fn annotate(doc: &mut Document, gazetteer: &Gazetteer) {
    let toponyms = toponyms(doc, gazetteer);
    doc.places = resolve(gazetteer, &doc.text, &toponyms, Options::default())
        .into_iter()
        .flatten()
        .collect();
}

/// The place mentions of an annotated document, in text order, never overlapping.
pub fn toponyms(doc: &Document, gazetteer: &Gazetteer) -> Vec<Toponym> {
    let boilerplate: Vec<Span> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Boilerplate)
        .map(|b| b.span)
        .collect();
    let mut found: Vec<Toponym> = Vec::new();
    if let Some(d) = &doc.dateline {
        // "KYIV, Ukraine": the city, then its country as a second mention.
        let place = doc.slice(d.place_span);
        let mut start = d.place_span.start;
        for (n, part) in place.split(',').enumerate() {
            let len = part.chars().count();
            let lead = part.chars().take_while(|c| c.is_whitespace()).count();
            let trimmed = part.trim();
            if !trimmed.is_empty() {
                let span = Span::new(start + lead, start + lead + trimmed.chars().count());
                let cue = if n == 0 { Cue::Dateline } else { Cue::Name };
                found.push(Toponym { span, cue });
            }
            start += len + 1;
        }
    }
    for m in &doc.mentions {
        let text = doc.slice(m.span);
        let cue = match m.label {
            EntityLabel::Loc => Some(Cue::Name),
            EntityLabel::Misc if demonyms::lookup(text).is_some() => Some(Cue::Demonym),
            EntityLabel::Org if names_country(gazetteer, text) => Some(Cue::Name),
            _ => None,
        };
        if let Some(cue) = cue {
            found.push(Toponym { span: m.span, cue });
        }
    }
    // Demonyms the recogniser left untagged ("Kazakh cities").
    for token in &doc.tokens {
        let text = doc.slice(token.span);
        let inside_mention = doc.mentions.iter().any(|m| m.span.overlap(token.span) > 0);
        if !inside_mention && demonyms::lookup(text).is_some() {
            found.push(Toponym {
                span: token.span,
                cue: Cue::Demonym,
            });
        }
    }
    found.retain(|t| boilerplate.iter().all(|b| b.overlap(t.span) == 0));
    // The dateline comes first, so it wins over an entity mention of the same words.
    let mut kept: Vec<Toponym> = Vec::new();
    for t in found {
        if kept.iter().all(|k| k.span.overlap(t.span) == 0) {
            kept.push(t);
        }
    }
    kept.sort_by_key(|t| t.span);
    kept
}

fn names_country(gazetteer: &Gazetteer, text: &str) -> bool {
    gazetteer
        .lookup(text)
        .iter()
        .any(|&i| matches!(gazetteer.record(i).kind, Kind::Country | Kind::Continent))
}
