//! Speaker resolution against GUM's coreference: does a quote's speaker, written "he", "the
//! minister" or "Smith", resolve to the right person's name?
//!
//! Quote gold with resolved names is scarce (PolNeAR's `speaker_name` is the mention as
//! written), but GUM's entity layer says which entity every mention refers to. So each
//! quote found in a GUM document is judged through its speaker mention: the gold mention
//! that overlaps it most (ties: the shorter) gives the gold entity. The entity's names are
//! its mentions made of proper nouns (with function words between them: "the Church of
//! Scientology", "Mr Key"). The resolved name is right when every word of it is a word of
//! those names (or a proper noun in another of its mentions: "curator Elaine Gustafon")
//! and it holds the word most of them end on (the surname, for a person), or
//! when it spells out an acronym the gold uses ("Korean Central News Agency" for "KCNA"):
//! "John Key" and "Prime Minister John Key" are right for the entity named "Prime Minister
//! John Key" and "Mr Key", "Mohamed El-Hassan Mohamed" is wrong for "Ahmed Mohamed". Quotes
//! whose speaker matches no gold mention, or whose entity is never named, are counted but
//! not judged.
//!
//! Figures: `recall` (= accuracy) is right / judged; `precision` is right / judged quotes
//! given a name at all; `by_form` splits them by how the gold mention is written
//! (`third_person_pronoun`, `other_pronoun`, `name`, `nominal`), since resolving "he" is
//! the hard part, and `by_genre` by GUM's genre (the document id's second part: `news`,
//! `interview`, `fiction`...).

use crate::coref::{read_gum, DocInput, GumError, MentionSpan};
use dateline_document::{Document, Quote, Span};
use serde::Serialize;
use std::collections::BTreeMap;

/// One quote as the metric sees it: the speaker mention's span in [`DocInput::text`] and
/// the name it was resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerGuess {
    pub speaker: Span,
    pub name: Option<String>,
}

impl SpeakerGuess {
    /// The guesses of a document's quotes: those with a speaker mention.
    pub fn of_quotes(quotes: Vec<Quote>) -> Vec<SpeakerGuess> {
        quotes
            .into_iter()
            .filter_map(|q| {
                Some(SpeakerGuess {
                    speaker: q.speaker?,
                    name: q.speaker_name,
                })
            })
            .collect()
    }
}

/// Judged and right counts of one kind of mention.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct FormCounts {
    pub judged: usize,
    pub right: usize,
    pub accuracy: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SpeakerMetrics {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
    pub documents: usize,
    /// Quotes found with a speaker mention.
    pub quotes: usize,
    pub judged: usize,
    pub named: usize,
    pub right: usize,
    /// Not judged: no gold mention overlaps the speaker, or its entity has no name.
    pub no_gold_mention: usize,
    pub unnamed_entity: usize,
    pub by_form: BTreeMap<String, FormCounts>,
    pub by_genre: BTreeMap<String, FormCounts>,
    /// Every judged quote, for reading the errors (not part of the JSON figures).
    #[serde(skip)]
    pub judgements: Vec<Judgement>,
}

/// One judged quote: where it is, our speaker mention, the gold mention it was judged by
/// and how that is written, the name given and the gold entity's names.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    pub document: String,
    pub speaker: String,
    pub form: &'static str,
    pub mention: String,
    pub predicted: Option<String>,
    pub gold_names: Vec<String>,
    pub right: bool,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// How a gold mention is written, by its gold tags: a third-person pronoun (the ones a
/// reporter's attribution uses), another pronoun ("I", "we", "who"), a name or a nominal.
fn form(doc: &DocInput, (start, end): MentionSpan) -> &'static str {
    let words = &doc.words[start..end];
    if words.len() == 1 && words[0].upos == "PRON" {
        match words[0].lemma.to_lowercase().as_str() {
            "he" | "she" | "they" | "it" => "third_person_pronoun",
            _ => "other_pronoun",
        }
    } else if is_name(doc, (start, end)) {
        "name"
    } else {
        "nominal"
    }
}

/// Longest mention read as a name: longer ones are descriptions that hold a name.
const NAME_WORDS: usize = 8;

/// Proper nouns, with only function words between them ("the Church of Scientology").
fn is_name(doc: &DocInput, (start, end): MentionSpan) -> bool {
    let words = &doc.words[start..end];
    words.len() <= NAME_WORDS
        && words.iter().any(|w| w.upos == "PROPN")
        && words.iter().all(|w| {
            matches!(
                w.upos.as_str(),
                "PROPN" | "DET" | "ADP" | "CCONJ" | "PART" | "PUNCT"
            )
        })
}

/// Lower-cased words, possessive endings dropped.
fn words_of(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace() || c == '.')
        .map(|w| w.trim_end_matches("'s").trim_end_matches("’s"))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(str::to_lowercase)
        .collect()
}

/// Whether `predicted` names the entity whose name mentions are `names`, longest first, and
/// whose other mentions hold the proper nouns `other_names`.
fn names_entity(names: &[String], other_names: &[String], predicted: &str) -> bool {
    let predicted_words = words_of(predicted);
    let initials: String = predicted
        .split_whitespace()
        .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
        .collect();
    if initials.chars().count() > 1 && names.iter().any(|n| n.trim() == initials) {
        return true;
    }
    let known: Vec<String> = names
        .iter()
        .chain(other_names)
        .flat_map(|n| words_of(n))
        .collect();
    // The most frequent last word, of each name without its apposition or workplace
    // ("Matthew Ingram of The Globe and Mail" ends on "Ingram"); ties go to the longest
    // name's.
    let last_words: Vec<String> = names
        .iter()
        .filter_map(|n| words_of(crate::quotes::name_itself(n)).pop())
        .collect();
    let surname = last_words
        .iter()
        .max_by_key(|&w| {
            let count = last_words.iter().filter(|&v| v == w).count();
            let first = last_words.iter().position(|v| v == w);
            (count, std::cmp::Reverse(first))
        })
        .cloned();
    let Some(surname) = surname else {
        return false;
    };
    !predicted_words.is_empty()
        && predicted_words.contains(&surname)
        && predicted_words.iter().all(|w| known.contains(w))
}

/// The gold mention overlapping `words` most (ties: the shorter), with its cluster.
fn gold_mention(
    clusters: &[Vec<MentionSpan>],
    (start, end): MentionSpan,
) -> Option<(MentionSpan, usize)> {
    clusters
        .iter()
        .enumerate()
        .flat_map(|(c, mentions)| mentions.iter().map(move |&m| (m, c)))
        .filter_map(|(m, c)| {
            let overlap = end.min(m.1).saturating_sub(start.max(m.0));
            (overlap > 0).then_some((overlap, m, c))
        })
        .max_by_key(|&(overlap, m, _)| (overlap, std::cmp::Reverse(m.1 - m.0)))
        .map(|(_, m, c)| (m, c))
}

/// Scores `predict` (the quotes it finds in a document given as text only) on every
/// document of a GUM CoNLL-U file.
pub fn evaluate(
    gold_conllu: &str,
    predict: impl Fn(&DocInput, Document) -> Vec<SpeakerGuess>,
) -> Result<SpeakerMetrics, GumError> {
    let docs = read_gum(gold_conllu)?;
    let mut metrics = SpeakerMetrics {
        documents: docs.len(),
        ..Default::default()
    };
    for (doc, clusters) in &docs {
        let (text, offsets) = doc.text();
        let chars: Vec<char> = text.chars().collect();
        let slice = |(start, end): MentionSpan| -> String {
            chars[offsets[start].0..offsets[end - 1].1].iter().collect()
        };
        let unannotated = Document {
            id: doc.id.clone(),
            text: text.clone(),
            ..Default::default()
        };
        for guess in predict(doc, unannotated) {
            metrics.quotes += 1;
            let covered: Vec<usize> = (0..offsets.len())
                .filter(|&i| offsets[i].0 < guess.speaker.end && guess.speaker.start < offsets[i].1)
                .collect();
            let found = match (covered.first(), covered.last()) {
                (Some(&first), Some(&last)) => gold_mention(clusters, (first, last + 1)),
                _ => None,
            };
            let Some((mention, cluster)) = found else {
                metrics.no_gold_mention += 1;
                continue;
            };
            let mut names: Vec<MentionSpan> = clusters[cluster]
                .iter()
                .copied()
                .filter(|&m| is_name(doc, m))
                .collect();
            if names.is_empty() {
                metrics.unnamed_entity += 1;
                continue;
            }
            names.sort_by_key(|&(start, end)| (std::cmp::Reverse(end - start), start));
            let names: Vec<String> = names.into_iter().map(slice).collect();
            let other_names: Vec<String> = clusters[cluster]
                .iter()
                .flat_map(|&(start, end)| start..end)
                .filter(|&i| doc.words[i].upos == "PROPN")
                .map(|i| doc.words[i].form.clone())
                .collect();
            let right = guess
                .name
                .as_deref()
                .is_some_and(|predicted| names_entity(&names, &other_names, predicted));
            metrics.judged += 1;
            metrics.named += usize::from(guess.name.is_some());
            metrics.right += usize::from(right);
            let form = form(doc, mention);
            let counts = metrics.by_form.entry(form.to_string()).or_default();
            counts.judged += 1;
            counts.right += usize::from(right);
            let genre = doc.id.split('_').nth(1).unwrap_or("").to_string();
            let counts = metrics.by_genre.entry(genre).or_default();
            counts.judged += 1;
            counts.right += usize::from(right);
            metrics.judgements.push(Judgement {
                document: doc.id.clone(),
                speaker: chars[guess.speaker.start..guess.speaker.end]
                    .iter()
                    .collect(),
                form,
                mention: slice(mention),
                predicted: guess.name,
                gold_names: names,
                right,
            });
        }
    }
    for counts in metrics
        .by_form
        .values_mut()
        .chain(metrics.by_genre.values_mut())
    {
        counts.accuracy = ratio(counts.right, counts.judged);
    }
    metrics.precision = ratio(metrics.right, metrics.named);
    metrics.recall = ratio(metrics.right, metrics.judged);
    metrics.accuracy = metrics.recall;
    let sum = metrics.precision + metrics.recall;
    metrics.f1 = if sum > 0.0 {
        2.0 * metrics.precision * metrics.recall / sum
    } else {
        0.0
    };
    Ok(metrics)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three sentences, entity 1 named "Ann Lee" then "she", entity 2 "the mayor" unnamed.
    const GOLD: &str = "# newdoc id = test_news_a
# text = Ann Lee spoke .
1\tAnn\tAnn\tPROPN\tNNP\t_\t3\tnsubj\t_\tEntity=(1-person
2\tLee\tLee\tPROPN\tNNP\t_\t1\tflat\t_\tEntity=1)
3\tspoke\tspeak\tVERB\tVBD\t_\t0\troot\t_\t_
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

# text = She said no .
1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\tEntity=(1-person)
2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_
3\tno\tno\tINTJ\tUH\t_\t2\tobj\t_\t_
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# text = The mayor agreed .
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\tEntity=(2-person
2\tmayor\tmayor\tNOUN\tNN\t_\t3\tnsubj\t_\tEntity=2)
3\tagreed\tagree\tVERB\tVBD\t_\t0\troot\t_\t_
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_
";

    fn span_of(text: &str, needle: &str) -> Span {
        let byte = text.find(needle).unwrap();
        let start = text[..byte].chars().count();
        Span::new(start, start + needle.chars().count())
    }

    #[test]
    fn a_name_is_right_with_the_surname_and_no_foreign_word() {
        let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let key = names(&["Mr Key"]);
        let key_words = names(&["Prime", "Minister", "John", "Key"]);
        assert!(names_entity(&key, &key_words, "John Key"));
        let writer = [
            "Mia Long of The Daily Star".to_string(),
            "Mia Long".to_string(),
        ];
        assert!(names_entity(&writer, &[], "Mia Long"));
        assert!(names_entity(&key, &key_words, "Prime Minister John Key"));
        assert!(!names_entity(&key, &key_words, "John"));
        let son = names(&["Ahmed Mohamed", "Mohamed", "Mohamed"]);
        assert!(!names_entity(&son, &[], "Mohamed El-Hassan Mohamed"));
        assert!(names_entity(&son, &[], "Ahmed Mohamed's"));
        assert!(names_entity(
            &names(&["KCNA"]),
            &[],
            "Korean Central News Agency"
        ));
    }

    #[test]
    fn a_pronoun_speaker_is_judged_by_its_gold_entitys_name() {
        let score = |name: Option<&str>| {
            evaluate(GOLD, |_, doc| {
                let text = doc.text.as_str();
                vec![
                    SpeakerGuess {
                        speaker: span_of(text, "She"),
                        name: name.map(str::to_string),
                    },
                    // An entity never named is counted, not judged.
                    SpeakerGuess {
                        speaker: span_of(text, "mayor"),
                        name: Some("Bob".into()),
                    },
                    // No gold mention there.
                    SpeakerGuess {
                        speaker: span_of(text, "agreed"),
                        name: None,
                    },
                ]
            })
            .unwrap()
        };
        let right = score(Some("Lee"));
        assert_eq!((right.quotes, right.judged, right.right), (3, 1, 1));
        assert_eq!((right.unnamed_entity, right.no_gold_mention), (1, 1));
        assert_eq!(right.by_form["third_person_pronoun"].accuracy, 1.0);
        assert_eq!(right.by_genre["news"].judged, 1);
        let partly = score(Some("Ann"));
        assert_eq!(partly.right, 0, "the surname is missing");
        let wrong = score(Some("Bob Lee"));
        assert_eq!((wrong.right, wrong.precision, wrong.recall), (0, 0.0, 0.0));
        let unresolved = score(None);
        assert_eq!((unresolved.judged, unresolved.named), (1, 0));
    }
}
