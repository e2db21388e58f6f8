//! Acceptance on the seed article (TASS, 2022-01-07, Kazakhstan), read from `../shared` at
//! test time.
//!
//! INPUTS ARE GOLD NAMES: the test `Document` is tokenised by a simple word/punctuation
//! splitter written here and its NER mentions are the gold entity spans of the `.gold.json`
//! file. Tags and dependencies are absent, so the resolver runs in its no-syntax fallback.
//! The end-to-end version (tokenizer + tagger + parser + NER + coref) belongs to the lead
//! once the pipeline is wired.

use dateline_coref::resolve;
use dateline_document::{
    Document, EntityLabel, EntityRecord, Mention, MentionKind, Sentence, Span, Token,
};
use serde_json::Value;
use std::path::PathBuf;

fn seed_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seed")
}

fn read(name: &str) -> String {
    let path = seed_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Words (letters and digits, with inner hyphens, apostrophes, commas and dots between
/// digits), "’s"/"'s" split off, every other non-space character alone.
fn simple_tokens(text: &str) -> Vec<Span> {
    let chars: Vec<char> = text.chars().collect();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if !c.is_alphanumeric() {
            spans.push(Span::new(i, i + 1));
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() {
            let joins = |k: usize| k + 1 < chars.len() && chars[k + 1].is_alphanumeric();
            let inner_digit_separator = matches!(chars[i], ',' | '.')
                && joins(i)
                && chars[i - 1].is_ascii_digit()
                && chars[i + 1].is_ascii_digit();
            let inner_apostrophe = matches!(chars[i], '’' | '\'')
                && joins(i)
                && !(chars[i + 1] == 's'
                    && !(i + 2 < chars.len() && chars[i + 2].is_alphanumeric()));
            if chars[i].is_alphanumeric()
                || (chars[i] == '-' && joins(i))
                || inner_digit_separator
                || inner_apostrophe
            {
                i += 1;
            } else {
                break;
            }
        }
        spans.push(Span::new(start, i));
    }
    spans
}

/// Sentences end after ".", "!" or "?" (and a closing quote) before a space, and at blank lines.
fn simple_sentences(text: &str, tokens: &[Span]) -> Vec<Sentence> {
    let chars: Vec<char> = text.chars().collect();
    let mut sentences = Vec::new();
    let mut first = 0;
    for (i, t) in tokens.iter().enumerate() {
        let next_start = tokens.get(i + 1).map(|n| n.start).unwrap_or(chars.len());
        let gap: String = chars[t.end..next_start].iter().collect();
        let c = chars[t.start];
        let closes = matches!(c, '.' | '!' | '?')
            || (matches!(c, '"' | '”')
                && i > 0
                && matches!(chars[tokens[i - 1].start], '.' | '!' | '?'));
        let next_is_quote_close = tokens
            .get(i + 1)
            .is_some_and(|n| matches!(chars[n.start], '"' | '”') && gap.is_empty());
        if (closes && !gap.is_empty() && !next_is_quote_close)
            || gap.contains("\n\n")
            || i + 1 == tokens.len()
        {
            sentences.push(Sentence {
                span: Span::new(tokens[first].start, t.end),
                tokens: (first, i + 1),
            });
            first = i + 1;
        }
    }
    sentences
}

struct Seed {
    doc: Document,
    gold: Value,
}

fn seed() -> Seed {
    let text = read("tass-2022-01-07-kazakhstan.txt");
    let gold: Value =
        serde_json::from_str(&read("tass-2022-01-07-kazakhstan.gold.json")).expect("gold JSON");
    let token_spans = simple_tokens(&text);
    let sentences = simple_sentences(&text, &token_spans);
    // Gold entity spans as NER mentions; a span inside another ("Tokayev" within
    // "Kassym-Jomart Tokayev") is not a separate mention, as NER output never overlaps.
    let mut spans: Vec<(Span, EntityLabel)> = Vec::new();
    for entity in gold["entities"].as_array().expect("entities") {
        let label = match entity["label"].as_str().unwrap() {
            "PER" => EntityLabel::Per,
            "ORG" => EntityLabel::Org,
            "GPE" | "LOC" => EntityLabel::Loc,
            _ => EntityLabel::Misc,
        };
        for span in entity["spans"].as_array().unwrap() {
            spans.push((
                Span::new(
                    span[0].as_u64().unwrap() as usize,
                    span[1].as_u64().unwrap() as usize,
                ),
                label,
            ));
        }
    }
    let outer: Vec<(Span, EntityLabel)> = spans
        .iter()
        .copied()
        .filter(|(s, _)| !spans.iter().any(|(o, _)| o != s && o.contains(*s)))
        .collect();
    let mut mentions: Vec<Mention> = outer
        .iter()
        .map(|&(span, label)| {
            let first = token_spans
                .iter()
                .position(|t| t.start >= span.start)
                .unwrap();
            let last = token_spans.iter().rposition(|t| t.end <= span.end).unwrap();
            assert_eq!(
                (token_spans[first].start, token_spans[last].end),
                (span.start, span.end),
                "gold span {span:?} off token boundaries"
            );
            Mention {
                span,
                label,
                tokens: (first, last + 1),
            }
        })
        .collect();
    mentions.sort_by_key(|m| m.span.start);
    let doc = Document {
        tokens: token_spans
            .iter()
            .map(|&span| Token {
                span,
                upos: None,
                head: None,
                deprel: None,
            })
            .collect(),
        sentences,
        mentions,
        text,
        ..Default::default()
    };
    Seed { doc, gold }
}

fn chain_with(doc: &Document, span: Span) -> &EntityRecord {
    doc.entities
        .iter()
        .find(|e| e.mentions.iter().any(|m| m.span == span))
        .unwrap_or_else(|| panic!("no chain holds {span:?} {:?}", doc.slice(span)))
}

fn gold_spans(gold: &Value, entity: &str) -> Vec<Span> {
    gold["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["entity"] == entity)
        .flat_map(|e| e["spans"].as_array().unwrap().iter())
        .map(|s| {
            Span::new(
                s[0].as_u64().unwrap() as usize,
                s[1].as_u64().unwrap() as usize,
            )
        })
        .collect()
}

/// The whole-word occurrence of `needle` nearest to `near`: the gold quote records give the
/// speaker mention's text, but their offsets for short words such as "he" are unreliable
/// (some point inside "clashes" or "the"), so the mention is looked up beside its quote.
fn nearest_occurrence(text: &str, needle: &str, near: Span) -> Span {
    let chars: Vec<char> = text.chars().collect();
    let pattern: Vec<char> = needle.chars().collect();
    let is_word = |k: usize| chars.get(k).is_some_and(|c| c.is_alphanumeric());
    (0..chars.len().saturating_sub(pattern.len()))
        .filter(|&s| chars[s..s + pattern.len()] == pattern[..])
        .filter(|&s| (s == 0 || !is_word(s - 1)) && !is_word(s + pattern.len()))
        .map(|s| Span::new(s, s + pattern.len()))
        .min_by_key(|m| {
            if m.end <= near.start {
                near.start - m.end
            } else {
                m.start.saturating_sub(near.end)
            }
        })
        .unwrap_or_else(|| panic!("{needle:?} not found"))
}

#[test]
fn every_mention_of_tokayev_is_one_chain() {
    let Seed { mut doc, gold } = seed();
    resolve(&mut doc);
    let full_name = Span::new(209, 230);
    assert_eq!(doc.slice(full_name), "Kassym-Jomart Tokayev");
    let chain = chain_with(&doc, full_name).clone();
    assert_eq!(chain.canonical, "Kassym-Jomart Tokayev");
    assert_eq!(chain.label, EntityLabel::Per);

    // Every gold name span (the nested "Tokayev" of the full name aside).
    for span in gold_spans(&gold, "Kassym-Jomart Tokayev") {
        let held = chain.mentions.iter().any(|m| m.span.contains(span));
        assert!(
            held,
            "{span:?} {:?} not in the Tokayev chain",
            doc.slice(span)
        );
    }
    // Every speaker mention of his quotes: names, "he", "the president", "Kazakh president".
    let mut checked = 0;
    for quote in gold["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["speaker"] == "Kassym-Jomart Tokayev")
    {
        let quote_span = Span::new(
            quote["quote"][0].as_u64().unwrap() as usize,
            quote["quote"][1].as_u64().unwrap() as usize,
        );
        let speaker = nearest_occurrence(
            &doc.text,
            quote["mention_text"].as_str().unwrap(),
            quote_span,
        );
        let held = chain
            .mentions
            .iter()
            .any(|m| speaker.contains(m.span) || m.span.contains(speaker));
        assert!(
            held,
            "speaker {:?} at {speaker:?} of quote {quote_span:?} not in the Tokayev chain",
            doc.slice(speaker)
        );
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} quotes checked");
    for m in &chain.mentions {
        let text = doc.slice(m.span);
        let plausible = match m.kind {
            MentionKind::Name => text.contains("Tokayev"),
            MentionKind::Pronoun => matches!(text, "he" | "He" | "his" | "His" | "him"),
            MentionKind::Nominal => text.to_lowercase().contains("president"),
            MentionKind::Acronym => false,
        };
        assert!(
            plausible,
            "{text:?} {:?} wrongly in the Tokayev chain",
            m.span
        );
    }
    // The role nominals outside quotes too: the headline and "The Kazakh president asked".
    let kinds: Vec<MentionKind> = chain.mentions.iter().map(|m| m.kind).collect();
    assert!(
        kinds.iter().filter(|k| **k == MentionKind::Nominal).count() >= 6,
        "{kinds:?}"
    );
}

#[test]
fn csto_and_its_expansion_are_one_chain() {
    let Seed { mut doc, gold } = seed();
    resolve(&mut doc);
    let spans = gold_spans(&gold, "Collective Security Treaty Organization");
    assert_eq!(spans.len(), 5);
    let chain = chain_with(&doc, spans[0]).clone();
    assert_eq!(chain.canonical, "Collective Security Treaty Organization");
    assert_eq!(chain.label, EntityLabel::Org);
    for span in spans {
        assert!(
            chain.mentions.iter().any(|m| m.span == span),
            "{:?} not in the CSTO chain",
            doc.slice(span)
        );
    }
}

#[test]
fn different_gold_entities_stay_apart() {
    let Seed { mut doc, gold } = seed();
    resolve(&mut doc);
    let mut chain_of_entity: Vec<(String, usize)> = Vec::new();
    for entity in gold["entities"].as_array().unwrap() {
        let name = entity["entity"].as_str().unwrap().to_string();
        let span = Span::new(
            entity["spans"][0][0].as_u64().unwrap() as usize,
            entity["spans"][0][1].as_u64().unwrap() as usize,
        );
        if let Some(record) = doc
            .entities
            .iter()
            .find(|e| e.mentions.iter().any(|m| m.span.contains(span)))
        {
            chain_of_entity.push((name, record.id));
        }
    }
    for (a, chain_a) in &chain_of_entity {
        for (b, chain_b) in &chain_of_entity {
            assert!(
                a == b || chain_a != chain_b,
                "{a} and {b} share chain {chain_a}"
            );
        }
    }
    // Records are numbered in order and every mention lies inside the text.
    let len = doc.text.chars().count();
    for (i, record) in doc.entities.iter().enumerate() {
        assert_eq!(record.id, i);
        assert!(record
            .mentions
            .iter()
            .all(|m| m.span.end <= len && !m.span.is_empty()));
    }
}

#[test]
fn debug_dump() {
    let Seed { mut doc, .. } = seed();
    resolve(&mut doc);
    for s in &doc.sentences {
        if s.span.start > 2950 && s.span.start < 3500 {
            println!("SENT {:?} {:?}", s.span, doc.slice(s.span));
        }
    }
    for e in &doc.entities {
        println!("{} {} {:?}", e.id, e.canonical, e.label);
        for m in &e.mentions {
            println!("   {:?} {:?} {:?}", m.span, m.kind, doc.slice(m.span));
        }
    }
}
