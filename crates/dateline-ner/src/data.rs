//! Training sentences from the shared corpora: IOB2 files (CoNLL-2003, Universal NER) and
//! the entity layer of GUM's CoNLL-U files.

use crate::tags;
use crate::NerError;
use dateline_corpus::{conllu, iob};
use dateline_document::EntityLabel;
use std::path::Path;

/// One training sentence. `gold[i]` is `None` where the source does not say (GUM leaves
/// nationalities, events and works unannotated as names): training skips those positions.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub words: Vec<String>,
    pub gold: Vec<Option<u8>>,
}

/// Maps a corpus type name to a label: CoNLL's four, Universal NER's `OTH` (its MISC),
/// and GPE spellings to `LOC`.
pub fn label_of(name: &str) -> Option<EntityLabel> {
    match name {
        "PER" | "PERSON" => Some(EntityLabel::Per),
        "ORG" | "ORGANIZATION" => Some(EntityLabel::Org),
        "LOC" | "GPE" | "LOCATION" => Some(EntityLabel::Loc),
        "MISC" | "OTH" => Some(EntityLabel::Misc),
        _ => None,
    }
}

/// Reads an IOB2 file's sentences.
pub fn read_iob(path: &Path) -> Result<Vec<iob::Sentence>, NerError> {
    let text = std::fs::read_to_string(path).map_err(|e| NerError::io(path, e))?;
    iob::parse(&text).map_err(|e| NerError::input(path, e))
}

/// Training examples from an IOB2 file; an unknown entity type is an error naming the line.
pub fn examples_from_iob(path: &Path) -> Result<Vec<Example>, NerError> {
    read_iob(path)?
        .into_iter()
        .map(|sentence| {
            let mut entities = Vec::new();
            for e in sentence.entities() {
                let label = label_of(&e.label).ok_or_else(|| {
                    NerError::input(
                        path,
                        format!(
                            "line {}: unknown entity type {:?}",
                            sentence.line + e.start,
                            e.label
                        ),
                    )
                })?;
                entities.push((e.start, e.end, label));
            }
            let gold = tags::encode(sentence.tokens.len(), &entities)
                .into_iter()
                .map(Some)
                .collect();
            Ok(Example {
                words: sentence.tokens,
                gold,
            })
        })
        .collect()
}

/// Training examples from GUM's entity layer (MISC `Entity=(id-type-...` opens a mention,
/// `id)` closes it). GUM marks every mention ("the president", "he"); a CoNLL-style name
/// is taken from a person, organization or place mention whose head word is a proper noun
/// (XPOS NNP/NNPS): the run of proper nouns around the head, joined by "of", "and", "&",
/// "-" or "'s" ("University of Portsmouth"). Outer names win over names nested in them.
/// Titles are left out of person names, as CoNLL does ("Dr." in "Dr. Smith"); a person
/// "name" headed by a plural proper noun ("Muslims", "Americans") is a group, MISC in
/// CoNLL, so it is left unknown, like every other proper noun outside the names (they may
/// be MISC names GUM does not type that way).
pub fn examples_from_gum(path: &Path) -> Result<Vec<Example>, NerError> {
    let text = std::fs::read_to_string(path).map_err(|e| NerError::io(path, e))?;
    let sentences = conllu::parse(&text).map_err(|e| NerError::input(path, e))?;
    Ok(sentences.iter().map(gum_example).collect())
}

#[derive(Debug)]
struct GumMention {
    start: usize,
    end: usize,
    label: EntityLabel,
}

fn is_proper(word: &conllu::Word) -> bool {
    matches!(word.xpos.as_str(), "NNP" | "NNPS")
}

fn is_connector(word: &conllu::Word) -> bool {
    matches!(
        word.form.as_str(),
        "of" | "and" | "&" | "-" | "'s" | "de" | "du" | "von" | "van"
    )
}

fn gum_example(sentence: &conllu::Sentence) -> Example {
    let words = &sentence.words;
    let mut mentions = Vec::new();
    let mut open: Vec<(String, usize, Option<EntityLabel>)> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let Some(entity) = word.misc.split('|').find_map(|f| f.strip_prefix("Entity=")) else {
            continue;
        };
        // Tokens of the value: "(id-type-..." opens, "id)" closes, "(id-type-...)" both.
        let mut rest = entity;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('(') {
                let end = after.find(['(', ')']).unwrap_or(after.len());
                let body = &after[..end];
                let mut parts = body.split('-');
                let id = parts.next().unwrap_or_default().to_string();
                let label = match parts.next() {
                    Some("person") => Some(EntityLabel::Per),
                    Some("organization") => Some(EntityLabel::Org),
                    Some("place") => Some(EntityLabel::Loc),
                    _ => None,
                };
                open.push((id, i, label));
                rest = &after[end..];
                if let Some(after_close) = rest.strip_prefix(')') {
                    close(&mut open, &mut mentions, None, i);
                    rest = after_close;
                }
            } else {
                let end = rest.find(['(', ')']).unwrap_or(rest.len());
                let id = &rest[..end];
                rest = &rest[end..];
                if let Some(after_close) = rest.strip_prefix(')') {
                    close(&mut open, &mut mentions, Some(id), i);
                    rest = after_close;
                } else {
                    break;
                }
            }
        }
    }
    let mut entities: Vec<(usize, usize, EntityLabel)> = Vec::new();
    let mut groups: Vec<(usize, usize)> = Vec::new();
    mentions.sort_by_key(|m: &GumMention| (m.start, std::cmp::Reverse(m.end)));
    for mention in &mentions {
        if let Some((mut start, end, head)) = name_span(words, mention) {
            let overlaps = |s: usize, e: usize| s < end && start < e;
            if entities.iter().any(|&(s, e, _)| overlaps(s, e))
                || groups.iter().any(|&(s, e)| overlaps(s, e))
            {
                continue;
            }
            if mention.label == EntityLabel::Per {
                if words[head].xpos == "NNPS" {
                    groups.push((start, end));
                    continue;
                }
                while start < head && is_title(&words[start].form) {
                    start += 1;
                }
            }
            entities.push((start, end, mention.label));
        }
    }
    entities.sort();
    let tags = tags::encode(words.len(), &entities);
    let gold = tags
        .iter()
        .zip(words)
        .map(|(&t, w)| {
            let unknown = t == tags::OUTSIDE && (is_proper(w) || is_nationality_like(w));
            (!unknown).then_some(t)
        })
        .collect();
    Example {
        words: words.iter().map(|w| w.form.clone()).collect(),
        gold,
    }
}

/// Partial examples from a treebank without entity annotation (UD English EWT): a word is
/// known to be outside any name when it is not a proper noun (UPOS PROPN, or X / SYM),
/// and, if capitalised, neither next to one nor an adjective (so "of" in "Bank of America"
/// and "Spanish", MISC in CoNLL, stay unknown). Proper nouns and their surroundings are unknown and get no update. This gives
/// the model in-domain evidence that capitalised common words in web text ("Best pizza",
/// "FREE download") are not names.
pub fn examples_from_treebank_outside(path: &Path) -> Result<Vec<Example>, NerError> {
    let text = std::fs::read_to_string(path).map_err(|e| NerError::io(path, e))?;
    let sentences = conllu::parse(&text).map_err(|e| NerError::input(path, e))?;
    Ok(sentences.iter().map(outside_example).collect())
}

fn outside_example(sentence: &conllu::Sentence) -> Example {
    let words = &sentence.words;
    let proper = |i: usize| {
        words
            .get(i)
            .is_some_and(|w| matches!(w.upos.as_str(), "PROPN" | "X" | "SYM"))
    };
    let gold = (0..words.len())
        .map(|i| {
            let capitalised = words[i].form.chars().next().is_some_and(char::is_uppercase);
            let near_proper = proper(i + 1) || (i > 0 && proper(i - 1));
            let nationality = capitalised && words[i].upos == "ADJ";
            let unknown = proper(i)
                || nationality
                || (capitalised && near_proper)
                || (near_proper && is_connector(&words[i]));
            (!unknown).then_some(tags::OUTSIDE)
        })
        .collect();
    Example {
        words: words.iter().map(|w| w.form.clone()).collect(),
        gold,
    }
}

/// Capitalised adjectives ("Spanish", "Kazakh") are MISC in CoNLL but not GUM names.
fn is_nationality_like(word: &conllu::Word) -> bool {
    word.xpos.starts_with("JJ") && word.form.chars().next().is_some_and(char::is_uppercase)
}

fn close(
    open: &mut Vec<(String, usize, Option<EntityLabel>)>,
    mentions: &mut Vec<GumMention>,
    id: Option<&str>,
    end: usize,
) {
    let index = match id {
        Some(id) => open.iter().rposition(|(o, _, _)| o == id),
        None => open.len().checked_sub(1),
    };
    if let Some(index) = index {
        let (_, start, label) = open.remove(index);
        if let Some(label) = label {
            mentions.push(GumMention {
                start,
                end: end + 1,
                label,
            });
        }
    }
}

/// Words CoNLL leaves out of a person's name.
fn is_title(word: &str) -> bool {
    const TITLES: [&str; 36] = [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "professor",
        "president",
        "sir",
        "lord",
        "lady",
        "king",
        "queen",
        "prince",
        "princess",
        "saint",
        "st",
        "gen",
        "general",
        "senator",
        "sen",
        "rep",
        "gov",
        "governor",
        "judge",
        "justice",
        "rev",
        "reverend",
        "father",
        "pope",
        "capt",
        "captain",
        "col",
        "colonel",
        "mayor",
        "minister",
    ];
    let bare = word.trim_end_matches('.').to_lowercase();
    TITLES.contains(&bare.as_str())
}

/// The proper-noun name inside a mention, if its head is a proper noun: `(start, end, head)`.
fn name_span(words: &[conllu::Word], mention: &GumMention) -> Option<(usize, usize, usize)> {
    let inside = |i: usize| (mention.start..mention.end).contains(&i);
    // The head: the word whose head lies outside the mention (1-based heads, 0 = root).
    let head =
        (mention.start..mention.end).find(|&i| words[i].head == 0 || !inside(words[i].head - 1))?;
    if !is_proper(&words[head]) {
        return None;
    }
    let mut start = head;
    while start > mention.start {
        let before = start - 1;
        if is_proper(&words[before]) {
            start = before;
        } else if is_connector(&words[before])
            && before > mention.start
            && is_proper(&words[before - 1])
        {
            start = before - 1;
        } else {
            break;
        }
    }
    let mut end = head + 1;
    while end < mention.end {
        if is_proper(&words[end]) {
            end += 1;
        } else if is_connector(&words[end]) && end + 1 < mention.end && is_proper(&words[end + 1]) {
            end += 2;
        } else {
            break;
        }
    }
    Some((start, end, head))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tags::{decode, tag, Position};

    fn gum_line(index: usize, form: &str, xpos: &str, head: usize, misc: &str) -> String {
        format!("{index}\t{form}\t_\tX\t{xpos}\t_\t{head}\tdep\t_\t{misc}\n")
    }

    #[test]
    fn gum_names_are_extracted_with_nesting_and_unknowns() {
        let mut text = String::new();
        text += &gum_line(1, "The", "DT", 2, "Entity=(1-person-new-x-cf1-1-coref");
        text += &gum_line(2, "president", "NN", 0, "Entity=1)");
        text += &gum_line(3, "visited", "VBD", 2, "_");
        text += &gum_line(4, "the", "DT", 5, "Entity=(2-organization-new-x-cf1-1-sgl");
        text += &gum_line(5, "University", "NNP", 3, "_");
        text += &gum_line(6, "of", "IN", 7, "_");
        text += &gum_line(
            7,
            "Portsmouth",
            "NNP",
            5,
            "Entity=(3-place-new-x-cf1-1-sgl)",
        );
        text += &gum_line(8, ",", ",", 10, "_");
        text += &gum_line(9, "United", "NNP", 10, "Entity=(4-place-new-x-cf1-1-sgl");
        text += &gum_line(10, "Kingdom", "NNP", 5, "Entity=4)2)");
        text += &gum_line(11, "with", "IN", 13, "_");
        text += &gum_line(12, "Spanish", "JJ", 13, "_");
        text += &gum_line(13, "Art", "NNP", 3, "_");
        text += &gum_line(14, "by", "IN", 16, "_");
        text += &gum_line(15, "Dr.", "NNP", 16, "Entity=(5-person-new-x-cf1-1-sgl");
        text += &gum_line(16, "Lee", "NNP", 13, "Entity=5)");
        text += &gum_line(17, "for", "IN", 18, "_");
        text += &gum_line(
            18,
            "Muslims",
            "NNPS",
            16,
            "Entity=(6-person-new-x-cf1-1-sgl)",
        );
        let dir = std::env::temp_dir().join(format!("dateline-ner-gum-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("gum.conllu");
        std::fs::write(&path, text).unwrap();
        let examples = examples_from_gum(&path).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let example = &examples[0];
        assert_eq!(example.words.len(), 18);
        let known: Vec<u8> = example
            .gold
            .iter()
            .map(|g| g.unwrap_or(tags::OUTSIDE))
            .collect();
        assert_eq!(
            decode(&known),
            [
                (4, 7, EntityLabel::Org),
                (8, 10, EntityLabel::Loc),
                (15, 16, EntityLabel::Per)
            ]
        );
        assert_eq!(
            example.gold[14], None,
            "the title is a proper noun outside the name"
        );
        assert_eq!(
            example.gold[17], None,
            "a group of people is not a person name"
        );
        assert_eq!(
            example.gold[0],
            Some(tags::OUTSIDE),
            "\"the president\" is not a name"
        );
        assert_eq!(example.gold[11], None, "capitalised adjective");
        assert_eq!(example.gold[12], None, "untyped proper noun");
        assert_eq!(
            example.gold[4],
            Some(tag(Position::Begin, EntityLabel::Org))
        );
    }

    #[test]
    fn iob_examples_map_labels_and_reject_unknown_types() {
        let dir = std::env::temp_dir().join(format!("dateline-ner-iob-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good.txt");
        std::fs::write(&good, "Peter B-PER\nBlackburn I-PER\nin O\nUK B-GPE\n").unwrap();
        let examples = examples_from_iob(&good).unwrap();
        let gold: Vec<u8> = examples[0].gold.iter().map(|g| g.unwrap()).collect();
        assert_eq!(
            decode(&gold),
            [(0, 2, EntityLabel::Per), (3, 4, EntityLabel::Loc)]
        );
        let bad = dir.join("bad.txt");
        std::fs::write(&bad, "x O\n\nPeter B-ANIMAL\n").unwrap();
        let err = examples_from_iob(&bad).unwrap_err().to_string();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            err.contains("bad.txt") && err.contains("line 3") && err.contains("ANIMAL"),
            "{err}"
        );
    }
}
