//! Speaker resolution: from the speaker's words to the entity they refer to, through the
//! coreference records (names, roles such as "the president", pronouns). A described but
//! unnamed source ("a source", "officials") is anonymous and stays unresolved; when it
//! speaks for a named organisation ("a spokesman for the ministry") that is kept as its
//! affiliation.

use crate::{lexicon, Found, View};
use dateline_document::{EntityLabel, MentionKind, Quote, Span, Upos};

/// How far back (code points) an earlier quote's speaker is still the likely referent of
/// an unresolved "he" or "she": a few paragraphs.
const CARRY_OVER: usize = 2500;

/// Display names and role holders of the document's entities.
struct Names {
    /// Each entity's name as printed in full: the canonical name widened over hyphenated
    /// parts the recogniser cut off ("Jomart Tokayev" in "Kassym-Jomart Tokayev").
    display: Vec<String>,
    /// Role noun ("president") to the one person entity named with it as a title
    /// ("President Kassym-Jomart Tokayev"); `None` when several are.
    roles: std::collections::HashMap<String, Option<usize>>,
    /// Whether each entity can speak (a person or an organisation).
    speaks: Vec<bool>,
}

impl Names {
    fn new(view: &View) -> Names {
        let mut display = Vec::new();
        let mut roles: std::collections::HashMap<String, Option<usize>> = Default::default();
        for (e, record) in view.doc.entities.iter().enumerate() {
            let names: Vec<Span> = record
                .mentions
                .iter()
                .filter(|m| m.kind == MentionKind::Name)
                .map(|m| widen(&view.chars, m.span))
                .collect();
            // The canonical name where a mention writes it, widened; not the whole mention,
            // whose titles coreference left out ("Major General Fuad Karim").
            let canonical = names
                .iter()
                .filter_map(|&s| {
                    let text = view.text(s);
                    let at = text.find(record.canonical.as_str())?;
                    let start = s.start + text[..at].chars().count();
                    let written = Span::new(start, start + record.canonical.chars().count());
                    Some(view.text(widen(&view.chars, written)))
                })
                .max_by_key(|t| t.chars().count())
                .unwrap_or_else(|| record.canonical.clone());
            display.push(canonical);
            if record.label != EntityLabel::Per {
                continue;
            }
            for span in names {
                if let Some(title) = word_before(&view.chars, span.start) {
                    if lexicon::is_role(&title) {
                        let slot = roles.entry(title).or_insert(Some(e));
                        if *slot != Some(e) {
                            *slot = None;
                        }
                    }
                }
            }
        }
        let speaks = view
            .doc
            .entities
            .iter()
            .map(|r| matches!(r.label, EntityLabel::Per | EntityLabel::Org))
            .collect();
        Names {
            display,
            roles,
            speaks,
        }
    }
}

impl Names {
    /// The one person or organisation whose name has `word` as a word ("Tokayev" for
    /// "Kassym-Jomart Tokayev"), or as its initials ("WHO" for "World Health
    /// Organisation") when the word stands alone (not "UC" in "UC-AFT"), when the
    /// recogniser missed this mention of it.
    fn by_word(&self, word: &str, stands_alone: bool) -> Option<usize> {
        if !word.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        let acronym = stands_alone
            && word.chars().count() >= 2
            && word.chars().all(|c| c.is_ascii_uppercase());
        let initials = |name: &str| -> String {
            name.split_whitespace()
                .filter(|w| w.starts_with(char::is_uppercase))
                .filter_map(|w| w.chars().next())
                .collect()
        };
        let mut hits = self.display.iter().enumerate().filter(|(e, name)| {
            self.speaks[*e]
                && (name.split([' ', '-']).any(|w| w == word)
                    || acronym && name.contains(' ') && initials(name) == word)
        });
        let first = hits.next()?.0;
        hits.next().is_none().then_some(first)
    }
}

/// `span` widened over name parts joined to it by a hyphen ("Kassym-" + "Jomart").
fn widen(chars: &[char], mut span: Span) -> Span {
    loop {
        let before = span.start.checked_sub(1).map(|i| chars[i]);
        if before != Some('-') {
            break;
        }
        let mut start = span.start - 1;
        while start > 0 && chars[start - 1].is_alphabetic() {
            start -= 1;
        }
        if start == span.start - 1 || !chars[start].is_uppercase() {
            break;
        }
        span.start = start;
    }
    while span.end + 1 < chars.len() && chars[span.end] == '-' && chars[span.end + 1].is_uppercase()
    {
        let mut end = span.end + 1;
        while end < chars.len() && chars[end].is_alphabetic() {
            end += 1;
        }
        span.end = end;
    }
    span
}

/// The lower-cased word right before `offset` (spaces skipped).
fn word_before(chars: &[char], offset: usize) -> Option<String> {
    let mut end = offset;
    while end > 0 && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && (chars[start - 1].is_alphabetic() || chars[start - 1] == '.') {
        start -= 1;
    }
    (start < end).then(|| chars[start..end].iter().collect::<String>().to_lowercase())
}

/// The finished quotes, in order: speakers resolved, sentence spans filled. A pronoun or
/// role the coreference left unresolved takes the speaker of the quote before it, the way
/// news text chains "he said" to the last person quoted.
pub(crate) fn resolve_all(view: &View, found: &[Found]) -> Vec<Quote> {
    let names = Names::new(view);
    // The last speaker, and the last person speaking, with where they spoke.
    let mut last: Option<(usize, usize)> = None;
    let mut last_person: Option<(usize, usize)> = None;
    found
        .iter()
        .map(|f| {
            let quote = finish(view, &names, f, last, last_person);
            if let Some(e) = quote.speaker_entity {
                last = Some((e, quote.span.end));
                if view.doc.entities[e].label == EntityLabel::Per {
                    last_person = last;
                }
            }
            quote
        })
        .collect()
}

fn finish(
    view: &View,
    names: &Names,
    found: &Found,
    last: Option<(usize, usize)>,
    last_person: Option<(usize, usize)>,
) -> Quote {
    let mut quote = Quote {
        span: found.content,
        parts: found.parts.clone(),
        kind: found.kind,
        cue: found.cue,
        cue_lemma: found.cue_lemma.clone(),
        speaker: None,
        speaker_entity: None,
        speaker_name: None,
        speaker_affiliation: None,
        speaker_explicit: found.explicit,
        anonymous: false,
        confidence: found.confidence,
        sentence: view
            .sentences_around(found.cue.map_or(found.content, |c| hull(c, found.content))),
    };
    let Some((tokens, head)) = found.speaker else {
        quote.confidence *= 0.8;
        return quote;
    };
    let span = view.span_of_tokens(tokens);
    quote.speaker = Some(span);
    let head_span = view.doc.tokens[head].span;
    let head_word = view.lower[head].as_str();
    let pronoun = matches!(head_word, "he" | "she" | "they" | "it");
    let recent = match head_word {
        "he" | "she" => last_person,
        _ => last,
    }
    .filter(|&(_, at)| at + CARRY_OVER >= span.start);
    // "the president" may be the one president named or the last speaker; "Tunisia's
    // coach" or "the president of the region" is someone the phrase itself picks out.
    let bare_role = lexicon::is_role(head_word) && is_bare(view, tokens, head);
    let entity = entity_for(view, span, head_span)
        .filter(|&e| !(pronoun && antecedent_inside(view, e, head_span, found.content)))
        .or_else(|| {
            let stands_alone = widen(&view.chars, head_span) == head_span;
            names.by_word(&view.text(head_span), stands_alone)
        })
        .or_else(|| {
            bare_role
                .then(|| names.roles.get(head_word).copied().flatten())
                .flatten()
        })
        .or_else(|| {
            (pronoun || bare_role)
                .then_some(recent.map(|(e, _)| e))
                .flatten()
        });
    let named_inside = view.doc.mentions.iter().find(|m| {
        span.contains(m.span)
            && matches!(
                m.label,
                EntityLabel::Per | EntityLabel::Org | EntityLabel::Misc
            )
    });
    // A nationality or party modifying the head ("Republican strategists") describes a
    // group, which goes by its description, not by the adjective as if it were a name.
    let described_group =
        named_inside.is_some_and(|m| m.label == EntityLabel::Misc && !m.span.contains(head_span));
    // A country named inside "the Kazakh government" is its modifier, not the speaker.
    let government = (head_word == "government")
        .then(|| government_country(view, span))
        .flatten();
    // "spokesman Ivan Petrov": a person named after the role noun, with no preposition
    // between ("a spokesman for Ivan Petrov" is anonymous), is who speaks.
    let named_after_head = view.doc.mentions.iter().any(|m| {
        m.label == EntityLabel::Per
            && span.contains(m.span)
            && m.tokens.0 > head
            && (head + 1..m.tokens.0).all(|t| {
                !matches!(view.doc.tokens[t].upos, Some(Upos::Adp | Upos::Part))
                    && !is_possessive_marker(view, t)
            })
    });
    // "Marco Rubio's campaign" speaks, not Marco Rubio: the body goes by its description;
    // so do "Trump's campaign manager", "Clinton aides" and "the party's leaders", people
    // a person or an organisation's possessive only qualifies. A document speaks for its
    // author ("Rubio's press release"), and "the M5S party" is M5S. ("MIT coauthor Colette
    // Heald" is Colette Heald: a name after the noun is who speaks.)
    let owner_before_head = view.doc.mentions.iter().any(|m| {
        span.contains(m.span)
            && m.span.end <= head_span.start
            && (m.label == EntityLabel::Per
                || m.label == EntityLabel::Org && is_possessive_marker(view, m.tokens.1))
    });
    let owned_by_name = owner_before_head
        && !named_after_head
        && !lexicon::is_anonymous_head(head_word)
        && !lexicon::is_document(head_word)
        && government.is_none();
    let body_of_person = (lexicon::is_body_of_person(head_word) || owned_by_name)
        && view.doc.tokens[head].upos == Some(Upos::Noun)
        && !entity.is_some_and(|e| {
            let mentions = &view.doc.entities[e].mentions;
            mentions.iter().any(|m| m.span.contains(head_span))
        });
    if body_of_person || described_group && entity.is_none() {
        let text = view.text(span);
        let described = text.strip_prefix("the ").or(text.strip_prefix("The "));
        quote.speaker_name = Some(described.unwrap_or(&text).to_string());
    } else if let Some(country) = government {
        quote.speaker_name = Some(format!("Government of {country}"));
    } else if let Some(e) = entity {
        quote.speaker_entity = Some(e);
        quote.speaker_name = Some(names.display[e].clone());
    } else if let Some(m) = named_inside {
        quote.speaker_name = Some(view.text(widen(&view.chars, m.span)));
    } else if view.doc.tokens[head].upos == Some(Upos::Propn) && !pronoun {
        // A name the recogniser missed is still a name.
        quote.speaker_name = Some(view.text(span));
    }
    let head_is_name = named_inside.is_some_and(|m| m.span.contains(head_span));
    if lexicon::is_anonymous_head(head_word) && !head_is_name && !named_after_head {
        // "a source", "officials", "a spokesman for the ministry": never a person's name.
        quote.anonymous = true;
        quote.speaker_affiliation = quote
            .speaker_name
            .take()
            .filter(|_| named_inside.is_some_and(|m| m.label == EntityLabel::Org))
            .or_else(|| affiliation(view, head));
        quote.speaker_entity = None;
    }
    if quote.speaker_name.is_none() && !quote.anonymous {
        quote.confidence *= 0.85;
    }
    quote
}

/// Whether token `t` is a possessive marker ("'s", "’s", "'").
fn is_possessive_marker(view: &View, t: usize) -> bool {
    t < view.lower.len() && matches!(view.lower[t].as_str(), "'s" | "’s" | "'" | "’")
}

/// Whether the speaker's words are the head noun after an article and lower-case words
/// only: no possessor, no complement after the head, no capitalised modifier.
fn is_bare(view: &View, (start, end): (usize, usize), head: usize) -> bool {
    end == head + 1
        && (start..head).all(|t| {
            let word = view.text(view.doc.tokens[t].span);
            let lower = view.lower[t].as_str();
            lower == "the"
                || !word.starts_with(char::is_uppercase) && !matches!(lower, "'s" | "’s" | "'")
        })
}

/// Whose government "the government" is: the country named inside the speaker's words
/// ("the Kazakh government", "Kazakhstan's government"), else the story's home country
/// (see [`dateline_document::Document::home_country`]).
fn government_country(view: &View, speaker: Span) -> Option<String> {
    let doc = view.doc;
    doc.places
        .iter()
        .find(|p| speaker.contains(p.span) && p.feature_code.starts_with("PCL"))
        .or_else(|| doc.home_country())
        .map(|p| p.name.clone())
}

/// Whether the entity's last mention before the pronoun lies inside the quote's own
/// content: "The Prosecutor General's Office is investigating, he said" cannot mean the
/// Prosecutor General by "he".
fn antecedent_inside(view: &View, e: usize, pronoun: Span, content: Span) -> bool {
    view.doc.entities[e]
        .mentions
        .iter()
        .filter(|m| m.kind != MentionKind::Pronoun && m.span.end <= pronoun.start)
        .max_by_key(|m| m.span.start)
        .is_some_and(|m| content.contains(m.span))
}

fn hull(a: Span, b: Span) -> Span {
    Span::new(a.start.min(b.start), a.end.max(b.end))
}

/// The entity whose mention covers the speaker's head word, else one named inside the
/// speaker's words: a person, first the one after the head ("Cruz spokeswoman Catherine
/// Frazier": the role's bearer, not its possessor), else the first ("MIT coauthor Jane
/// Roe"); else the first organisation, which is the head of a name-first phrase.
fn entity_for(view: &View, speaker: Span, head: Span) -> Option<usize> {
    let mut inside = Vec::new();
    for (e, record) in view.doc.entities.iter().enumerate() {
        for m in &record.mentions {
            if m.span.contains(head) {
                return Some(e);
            }
            // A place inside the speaker's words modifies it ("Kazakh president").
            let can_speak = matches!(record.label, EntityLabel::Per | EntityLabel::Org);
            if can_speak && speaker.contains(m.span) && m.kind != MentionKind::Pronoun {
                inside.push((m.span.start, record.label, e));
            }
        }
    }
    inside
        .into_iter()
        .max_by_key(|&(at, label, _)| {
            let person = label == EntityLabel::Per;
            (person, person && at > head.start, std::cmp::Reverse(at))
        })
        .map(|(.., e)| e)
}

/// The organisation an anonymous speaker works for: an entity in a `nmod` of the head
/// ("a spokesman for the ministry", "officials at the State Department").
fn affiliation(view: &View, head: usize) -> Option<String> {
    let nmod = view.children[head].iter().copied().find(|&c| {
        view.doc.tokens[c]
            .deprel
            .as_deref()
            .is_some_and(|d| d.starts_with("nmod"))
    })?;
    let span = view.doc.tokens[nmod].span;
    view.doc
        .entities
        .iter()
        .find(|r| r.mentions.iter().any(|m| m.span.contains(span)))
        .map(|r| r.canonical.clone())
}
