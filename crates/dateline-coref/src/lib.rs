//! Within-document entity linking and coreference.
//!
//! In: a [`Document`] with tokens and sentences, NER mentions (`Document::mentions`) and,
//! when available, UPOS tags and dependencies (used for heads and subjects; without them
//! the resolver falls back to word shapes and positions).
//! Out: `Document::entities`, one [`EntityRecord`] per named entity with its canonical name,
//! type and every mention: names, acronyms, role nominals ("the president") and
//! third-person pronouns. Clusters without any name (a pronoun nobody resolved, a role whose
//! holder is never named) are not recorded.
//!
//! The resolver is a deterministic multi-sieve in the spirit of Stanford's (Lee et al. 2013):
//! the most precise evidence links first and every later link must agree with everything
//! already gathered in both clusters (type, gender, number, animacy, first names).
//! 1. exact name match; 2. acronyms defined in the text ("Collective Security Treaty
//!    Organization (CSTO)"), formed from initials, or widely known; 3. name parts
//!    ("Tokayev" = "Kassym-Jomart Tokayev", never across different first names); 4. roles
//!    from titles and appositions ("Kazakhstan's President X" makes "the president" and
//!    "Kazakh president" refer to X, also before X is named, as in headlines); 5. definite
//!    nominals with the same head and no new modifiers; 6. pronouns, to the most salient
//!    agreeing mention of the current or previous sentences (subjects first).
//!
//! Cost is linear in the number of mentions: name sieves use hash maps, and nominal and
//! pronoun antecedents are looked for within a fixed window.

mod lexicon;
mod mentions;
mod sieves;

pub use mentions::Candidate;

use dateline_document::{
    Document, EntityLabel, EntityMention, EntityRecord, Gender, GenderEvidence, MentionKind, Span,
};
use mentions::{Mention, TokenView};

/// Fills `doc.entities` from the document's NER mentions, tokens and (optional) syntax,
/// replacing what was there.
pub fn resolve(doc: &mut Document) {
    let view = TokenView::new(doc);
    let candidates = mentions::detect(&view, doc);
    let mentions = mentions::features(&view, &candidates);
    let clusters = sieves::cluster(&view, &mentions);
    let records = records(doc, &mentions, &clusters);
    doc.entities = records;
}

/// Clusters the given token ranges (for instance gold mentions) and returns every cluster,
/// singletons included, as token ranges in text order. Each range's kind is read off its
/// words (pronoun, proper name, acronym or common noun phrase); no type is assumed.
pub fn cluster_token_ranges(doc: &Document, ranges: &[(usize, usize)]) -> Vec<Vec<(usize, usize)>> {
    let view = TokenView::new(doc);
    let n = view.len();
    let mut candidates: Vec<Candidate> = ranges
        .iter()
        .filter(|&&(s, e)| s < e && e <= n)
        .map(|&tokens| Candidate {
            tokens,
            kind: mentions::kind_of(&view, tokens),
            label: None,
        })
        .collect();
    candidates.sort_by_key(|c| (c.tokens.0, std::cmp::Reverse(c.tokens.1)));
    candidates.dedup_by_key(|c| c.tokens);
    let mentions = mentions::features(&view, &candidates);
    sieves::cluster(&view, &mentions)
        .into_iter()
        .map(|members| members.into_iter().map(|i| mentions[i].tokens).collect())
        .collect()
}

/// One record per cluster that contains a name or an acronym (or a role the recogniser took
/// for a name), in order of first mention.
fn records(doc: &Document, mentions: &[Mention], clusters: &[Vec<usize>]) -> Vec<EntityRecord> {
    let span_from = |start: usize, m: &Mention| {
        Span::new(
            doc.tokens[start].span.start,
            doc.tokens[m.tokens.1 - 1].span.end,
        )
    };
    let span_of = |m: &Mention| span_from(m.tokens.0, m);
    // A person's name is printed without the titles before it.
    let name_span_of = |m: &Mention| span_from(m.name_start, m);
    let mut out = Vec::new();
    for members in clusters {
        let named: Vec<&Mention> = members
            .iter()
            .map(|&i| &mentions[i])
            .filter(|m| matches!(m.kind, MentionKind::Name | MentionKind::Acronym))
            .collect();
        // A role the recogniser took for a name ("the Prime Minister") whose holder is never
        // named is still recorded, under the role.
        let named = if named.is_empty() {
            members
                .iter()
                .map(|&i| &mentions[i])
                .filter(|m| m.kind == MentionKind::Nominal && m.label.is_some())
                .collect()
        } else {
            named
        };
        if named.is_empty() {
            continue;
        }
        let canonical = canonical_name(doc, &named, name_span_of);
        let label = majority_label(&named);
        let mut entity_mentions: Vec<EntityMention> = members
            .iter()
            .map(|&i| EntityMention {
                span: span_of(&mentions[i]),
                kind: mentions[i].kind,
            })
            .collect();
        entity_mentions.sort_by_key(|m| (m.span.start, m.span.end));
        let gender = (label == EntityLabel::Per)
            .then(|| shown_gender(members.iter().map(|&i| &mentions[i])))
            .flatten();
        out.push(EntityRecord {
            id: out.len(),
            canonical,
            label,
            mentions: entity_mentions,
            gender,
        });
    }
    out
}

/// The gender a person's mentions show (see [`GenderEvidence::prevailing`]).
fn shown_gender<'m>(members: impl Iterator<Item = &'m Mention>) -> Option<GenderEvidence> {
    GenderEvidence::prevailing(members.filter_map(|m| {
        let gender = match m.gender? {
            lexicon::Gender::Female => Gender::Female,
            lexicon::Gender::Male => Gender::Male,
            lexicon::Gender::Neuter => return None,
        };
        Some(GenderEvidence {
            gender,
            basis: m.gender_basis?,
        })
    }))
}

/// The longest proper name (most words, then most characters, then first), a title
/// phrase ("Prince of Spain") only when the person has no other name; an entity only ever
/// called by an acronym gets the acronym's expansion when it is widely known.
fn canonical_name(
    doc: &Document,
    named: &[&Mention],
    span_of: impl Fn(&Mention) -> Span,
) -> String {
    let names: Vec<&&Mention> = named
        .iter()
        .filter(|m| m.kind == MentionKind::Name)
        .collect();
    let title_phrase = |m: &Mention| {
        m.label == Some(EntityLabel::Per)
            && doc
                .slice(span_of(m))
                .split_whitespace()
                .next()
                .is_some_and(|w| lexicon::is_personal_title(&w.to_lowercase()))
    };
    if let Some(best) = names.iter().max_by_key(|m| {
        (
            !title_phrase(m),
            m.name.len(),
            span_of(m).len(),
            std::cmp::Reverse(m.tokens.0),
        )
    }) {
        return clean_name(doc.slice(span_of(best)));
    }
    let acronym = clean_name(doc.slice(span_of(named[0])));
    let letters: String = acronym.chars().filter(|c| *c != '.').collect();
    lexicon::known_acronym(&letters)
        .map(str::to_string)
        .unwrap_or(acronym)
}

/// A name without a leading article or trailing possessive ("the Kremlin's" → "Kremlin").
fn clean_name(text: &str) -> String {
    let text = text.trim();
    let text = text
        .strip_prefix("the ")
        .or_else(|| text.strip_prefix("The "))
        .unwrap_or(text);
    let text = text
        .strip_suffix("’s")
        .or_else(|| text.strip_suffix("'s"))
        .unwrap_or(text);
    text.trim().to_string()
}

fn majority_label(named: &[&Mention]) -> EntityLabel {
    let mut counts = [0usize; 4];
    for m in named {
        if let Some(label) = m.label {
            counts[EntityLabel::ALL
                .iter()
                .position(|l| *l == label)
                .unwrap_or(3)] += 1;
        }
    }
    if counts.iter().all(|&c| c == 0) {
        let person = named.iter().any(|m| m.animate == Some(true));
        return if person {
            EntityLabel::Per
        } else {
            EntityLabel::Misc
        };
    }
    // Ties go to the earlier label in ALL (PER, ORG, LOC, MISC).
    let best = (0..4).rev().max_by_key(|&i| counts[i]).unwrap_or(3);
    EntityLabel::ALL[best]
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_document::{GenderBasis, Mention as NerMention, Sentence, Token};

    /// An ASCII text with space-separated tokens, one sentence per line, and a PER mention
    /// on each of `names`' first occurrence.
    fn document(text: &str, names: &[&str]) -> Document {
        let mut tokens = Vec::new();
        let mut sentences = Vec::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let first = tokens.len();
            for word in line.split_whitespace() {
                let start = offset + line.find(word).expect("word in line");
                tokens.push(Token {
                    span: Span::new(start, start + word.len()),
                    upos: None,
                    head: None,
                    deprel: None,
                });
            }
            sentences.push(Sentence {
                span: Span::new(offset, offset + line.trim_end().len()),
                tokens: (first, tokens.len()),
            });
            offset += line.len();
        }
        let mentions = names
            .iter()
            .map(|name| {
                let start = text.find(name).expect("name in text");
                let span = Span::new(start, start + name.len());
                let first = tokens.iter().position(|t| t.span.start == span.start);
                let last = tokens.iter().position(|t| t.span.end == span.end);
                NerMention {
                    span,
                    label: EntityLabel::Per,
                    tokens: (first.expect("name start"), last.expect("name end") + 1),
                }
            })
            .collect();
        Document {
            text: text.to_string(),
            tokens,
            sentences,
            mentions,
            ..Default::default()
        }
    }

    /// Each entity's canonical name with its mentions as written.
    fn entities(doc: &Document) -> Vec<(String, Vec<&str>)> {
        doc.entities
            .iter()
            .map(|e| {
                let mentions = e.mentions.iter().map(|m| doc.slice(m.span)).collect();
                (e.canonical.clone(), mentions)
            })
            .collect()
    }

    #[test]
    fn titles_and_offices_are_not_names() {
        let mut doc = document(
            "Major General Fuad Karim spoke first .\nNorway 's Foreign Minister , Ine Dahl , said no .\nThe Speaker left .",
            &["Major General Fuad Karim", "Foreign Minister", "Ine Dahl", "Speaker"],
        );
        resolve(&mut doc);
        let found = entities(&doc);
        assert!(
            found.contains(&("Fuad Karim".into(), vec!["Major General Fuad Karim"])),
            "{found:?}"
        );
        // The office the recogniser took for a person is the named holder's, through the
        // apposition; one never named is kept under the role.
        assert!(
            found.contains(&("Ine Dahl".into(), vec!["Foreign Minister", "Ine Dahl"])),
            "{found:?}"
        );
        assert!(
            found.contains(&("Speaker".into(), vec!["Speaker"])),
            "{found:?}"
        );
    }

    #[test]
    fn a_role_before_a_name_is_its_apposition_only_when_it_opens_the_clause() {
        let mut doc = document(
            "The president , Enrico Rossi , agreed .\nThe president spoke .",
            &["Enrico Rossi"],
        );
        resolve(&mut doc);
        let found = entities(&doc);
        assert!(
            found.contains(&(
                "Enrico Rossi".into(),
                vec!["The president", "Enrico Rossi", "The president"]
            )),
            "{found:?}"
        );
        let mut doc = document(
            "After meeting the president , Enrico Rossi left .\nThe president spoke .",
            &["Enrico Rossi"],
        );
        resolve(&mut doc);
        let found = entities(&doc);
        assert_eq!(found, vec![("Enrico Rossi".into(), vec!["Enrico Rossi"])]);
    }

    #[test]
    fn people_named_without_a_common_word_stay_apart() {
        let mut doc = document(
            "President Obama spoke .\nThe president left .\nPresident George Bush agreed .\nThe president smiled .",
            &["Obama", "George Bush"],
        );
        resolve(&mut doc);
        let found = entities(&doc);
        assert!(
            found.iter().all(|(_, mentions)| {
                !(mentions.contains(&"Obama") && mentions.contains(&"George Bush"))
            }),
            "{found:?}"
        );
    }

    #[test]
    fn a_role_owning_the_apposition_is_not_the_name() {
        let mut doc = document(
            "Carlo Neri spoke .\nMarta Bianchi , the president 's former envoy , agreed .\nThe president left .",
            &["Carlo Neri", "Marta Bianchi"],
        );
        resolve(&mut doc);
        let found = entities(&doc);
        let bianchi = found.iter().find(|(name, _)| name == "Marta Bianchi");
        assert!(
            bianchi.is_some_and(|(_, mentions)| !mentions.contains(&"The president")),
            "{found:?}"
        );
    }

    #[test]
    fn a_role_right_before_a_name_is_its_title_and_an_enclosed_name_its_apposition() {
        let mut doc = document(
            "Peru 's coach Ana Ruiz spoke .\nChile 's coach Rosa Diaz spoke .\nAccording to the team 's coach , Eva Mora , they won .",
            &["Ana Ruiz", "Rosa Diaz", "Eva Mora"],
        );
        resolve(&mut doc);
        let found = entities(&doc);
        // Each coach is her own; the one after a preposition is named by the apposition.
        assert!(
            found.contains(&("Rosa Diaz".into(), vec!["Rosa Diaz"])),
            "{found:?}"
        );
        assert!(
            found.contains(&("Eva Mora".into(), vec!["the team 's coach", "Eva Mora"])),
            "{found:?}"
        );
    }

    #[test]
    fn a_role_with_its_complement_before_a_name_is_its_apposition() {
        let mut doc = document(
            "Also the president of the Tuscany region , Carlo Neri , agreed .\nThe president spoke .",
            &["Carlo Neri"],
        );
        resolve(&mut doc);
        let found = entities(&doc);
        assert_eq!(
            found,
            vec![(
                "Carlo Neri".into(),
                vec!["the president", "Carlo Neri", "The president"]
            )]
        );
    }

    #[test]
    fn a_title_phrase_names_a_person_only_without_a_name() {
        let mut doc = document(
            "I met the Prince of Spain , Alfonso , at the villa .\nAlfonso spoke .",
            &["Prince of Spain", "Alfonso"],
        );
        resolve(&mut doc);
        let found = entities(&doc);
        assert!(found.iter().any(|(name, _)| name == "Alfonso"), "{found:?}");
        assert!(
            found.iter().all(|(name, _)| name != "of Spain"),
            "{found:?}"
        );
    }

    #[test]
    fn a_first_name_alone_is_the_one_person_who_bears_it() {
        let mut doc = document(
            "Matthew left early .\nThe judge thanked Matthew Collins .",
            &["Matthew", "Matthew Collins"],
        );
        resolve(&mut doc);
        let found = entities(&doc);
        assert_eq!(
            found,
            vec![("Matthew Collins".into(), vec!["Matthew", "Matthew Collins"])]
        );
        // Two people called Matthew: the first name alone names neither.
        let mut doc = document(
            "Matthew left early .\nThe judge thanked Matthew Collins .\nMatthew Reed stayed .",
            &["Matthew", "Matthew Collins", "Matthew Reed"],
        );
        resolve(&mut doc);
        assert_eq!(entities(&doc).len(), 3, "{:?}", entities(&doc));
    }

    fn gender_of(doc: &Document, canonical: &str) -> Option<GenderEvidence> {
        let entity = doc.entities.iter().find(|e| e.canonical == canonical);
        entity.expect("the entity").gender
    }

    #[test]
    fn a_persons_gender_rests_on_the_strongest_evidence_the_text_gives() {
        let mut doc = document(
            "Mary Okafor spoke first .\nShe said no .\nMrs Lund spoke next .\nJohn Reyes spoke then .\nKim Ortiz spoke last .",
            &["Mary Okafor", "Lund", "John Reyes", "Kim Ortiz"],
        );
        resolve(&mut doc);
        let evidence = |gender, basis| Some(GenderEvidence { gender, basis });
        // "Mary" alone says female too, but the pronoun is the text's own word.
        assert_eq!(
            gender_of(&doc, "Mary Okafor"),
            evidence(Gender::Female, GenderBasis::Pronoun)
        );
        assert_eq!(
            gender_of(&doc, "Lund"),
            evidence(Gender::Female, GenderBasis::Title)
        );
        assert_eq!(
            gender_of(&doc, "John Reyes"),
            evidence(Gender::Male, GenderBasis::FirstName)
        );
        // A first name the lists do not hold leaves the gender unsaid.
        assert_eq!(gender_of(&doc, "Kim Ortiz"), None);
    }
}
