//! Named-entity recognition: PER, ORG, LOC (places and geo-political entities) and MISC.
//!
//! In: tokens (a sentence as `&[&str]`, or a [`Document`] with `tokens` and `sentences`).
//! Out: entity mentions as token ranges, or [`Mention`]s added to the document.
//!
//! The model is an averaged structured perceptron over BILOU tags with first-order Viterbi
//! decoding, trained by [`train()`] from IOB2 files (CoNLL-2003) and GUM's entity layer.
//! Features are hashed words, lower-cased words, shapes, affixes, a two-word window,
//! headline (all-capitals) context, GeoNames gazetteer matches, and a capitalisation
//! lexicon and word clusters computed from unlabelled text; see [`features`]. Within a
//! document, a name keeps the label most of its mentions got ([`consistency`]).
//! Nothing but hashes and weights is stored, so the model file holds no training text.

pub mod clusters;
pub mod consistency;
pub mod data;
pub mod features;
pub mod gazetteer;
pub mod lexicon;
pub mod model;
pub mod person_names;
pub mod tags;
pub mod train;

pub use train::{save_with_manifest, train, TrainOptions, TrainReport};

use dateline_corpus::iob;
use dateline_document::{Document, EntityLabel, Mention, Span, TextIndex, Token};
use dateline_eval::ner::{NerScore, NerScorer};
use model::{Model, Work};
use std::path::Path;

/// Errors name the input (a file) and the reason.
#[derive(Debug, thiserror::Error)]
pub enum NerError {
    #[error("{path}: {reason}")]
    Io { path: String, reason: String },
    #[error("{path}: {reason}")]
    Input { path: String, reason: String },
    #[error("{path}: not a usable NER model: {reason}")]
    Model { path: String, reason: String },
    #[error("training options: {0}")]
    Options(String),
}

impl NerError {
    pub fn io(path: &Path, error: std::io::Error) -> NerError {
        NerError::Io {
            path: path.display().to_string(),
            reason: error.to_string(),
        }
    }

    pub fn input(path: &Path, reason: impl std::fmt::Display) -> NerError {
        NerError::Input {
            path: path.display().to_string(),
            reason: reason.to_string(),
        }
    }
}

/// A trained recogniser.
#[derive(Debug, Clone, PartialEq)]
pub struct Recognizer {
    model: Model,
}

impl Recognizer {
    /// Loads a model file written by [`Recognizer::save`].
    pub fn load(path: &Path) -> Result<Recognizer, NerError> {
        Ok(Recognizer {
            model: Model::read(path)?,
        })
    }

    pub fn save(&self, path: &Path) -> Result<(), NerError> {
        self.model.write(path)
    }

    /// Number of weight rows (features) in the model.
    pub fn feature_count(&self) -> usize {
        self.model.feature_count()
    }

    /// The entities of one sentence: `(first token, end token exclusive, label)`, in order,
    /// never overlapping. Any tokens are accepted (empty, huge, any script).
    pub fn recognize(&self, tokens: &[&str]) -> Vec<(usize, usize, EntityLabel)> {
        self.recognize_with(tokens, &mut Work::default())
    }

    /// [`Recognizer::recognize`] reusing buffers across calls.
    pub fn recognize_with(
        &self,
        tokens: &[&str],
        work: &mut Work,
    ) -> Vec<(usize, usize, EntityLabel)> {
        let found = tags::decode(&self.model.tag(tokens, work));
        let analysed = &work.scratch().tokens;
        split_place_before_person(found, |t| analysed[t].gazetteer)
    }
}

/// A person whose span opens with a place name of two words or more ("... Ambassador to the
/// United States Jane Doe" read as one person "United States Jane Doe"): the
/// tagger ran the place and the name after it together. The place is split off when at least
/// two words of name remain, so a one-word place that is also a given name ("Georgia",
/// "Jordan") never loses its bearer. `mark` gives a token's gazetteer mark (see
/// [`gazetteer::Gazetteer::mark`]), read from the analysis the tagger already made.
fn split_place_before_person(
    found: Vec<(usize, usize, EntityLabel)>,
    mark: impl Fn(usize) -> u8,
) -> Vec<(usize, usize, EntityLabel)> {
    const PLACES: u8 = gazetteer::COUNTRY | gazetteer::REGION | gazetteer::CONTINENT;
    let (begin, last) = (0, 2);
    let mut out = Vec::with_capacity(found.len());
    for (start, stop, label) in found {
        let opens_with_place = label == EntityLabel::Per && {
            let m = mark(start);
            m & 3 == begin && (m >> 2) & PLACES != 0
        };
        let place_end = opens_with_place
            .then(|| (start + 1..stop).find(|&t| mark(t) & 3 == last))
            .flatten()
            .map(|t| t + 1);
        match place_end {
            Some(end) if stop - end >= 2 => {
                out.push((start, end, EntityLabel::Loc));
                out.push((end, stop, EntityLabel::Per));
            }
            _ => out.push((start, stop, label)),
        }
    }
    out
}

/// Replaces `doc.mentions` with the entities found in each of `doc.sentences`, a name
/// written the same way given one label throughout the document ([`consistency`]). A
/// sentence whose token range or token spans do not fit the document is skipped with a
/// warning.
pub fn annotate(doc: &mut Document, recognizer: &Recognizer) {
    annotate_sentences(doc, recognizer, None);
}

/// Entity mentions of sentences recognised before, as (first word, end word, label).
pub type EntityCache = dateline_syntax::SentenceCache<(usize, usize, EntityLabel)>;

/// [`annotate`], looking each sentence's words up in `cache` first and keeping what it
/// recognises there: the recogniser reads nothing but the words, so the mentions are the
/// same, and the document-wide label harmonising runs after, as without a cache.
pub fn annotate_with_cache(doc: &mut Document, recognizer: &Recognizer, cache: &EntityCache) {
    annotate_sentences(doc, recognizer, Some(cache));
}

fn annotate_sentences(doc: &mut Document, recognizer: &Recognizer, cache: Option<&EntityCache>) {
    let index = TextIndex::new(&doc.text);
    let char_len = index.char_len();
    let mut mentions = Vec::new();
    let mut keyed = Vec::new();
    let mut warnings = Vec::new();
    let mut work = Work::default();
    let mut words: Vec<&str> = Vec::new();
    for sentence in &doc.sentences {
        let (first, end) = sentence.tokens;
        let Some(tokens) = doc.tokens.get(first..end) else {
            warnings.push(format!(
                "ner: sentence token range {first}..{end} outside the {} tokens",
                doc.tokens.len()
            ));
            continue;
        };
        if let Some(bad) = tokens
            .iter()
            .find(|t| t.span.start > t.span.end || t.span.end > char_len)
        {
            warnings.push(format!(
                "ner: token span {:?} outside the text of {char_len} characters",
                bad.span
            ));
            continue;
        }
        let groups = hyphen_joined(&doc.text, &index, tokens);
        words.clear();
        words.extend(groups.iter().map(|&(a, b)| {
            index.slice(
                &doc.text,
                Span::new(tokens[a].span.start, tokens[b - 1].span.end),
            )
        }));
        let found: std::sync::Arc<[(usize, usize, EntityLabel)]> = match cache {
            None => recognizer.recognize_with(&words, &mut work).into(),
            Some(cache) => {
                let key = EntityCache::key(&words);
                cache.get(&key).unwrap_or_else(|| {
                    let found: std::sync::Arc<[_]> =
                        recognizer.recognize_with(&words, &mut work).into();
                    cache.insert(key, found.clone());
                    found
                })
            }
        };
        for &(start, stop, label) in found.iter() {
            keyed.push((
                consistency::surface_key(words[start..stop].iter().copied()),
                label,
            ));
            let (start, stop) = (groups[start].0, groups[stop - 1].1);
            mentions.push(Mention {
                span: Span::new(tokens[start].span.start, tokens[stop - 1].span.end),
                label,
                tokens: (first + start, first + stop),
            });
        }
    }
    consistency::harmonise(&mut keyed);
    for (mention, (_, label)) in mentions.iter_mut().zip(keyed) {
        mention.label = label;
    }
    doc.mentions = mentions;
    doc.warnings.extend(warnings);
}

/// Token ranges that the recogniser sees as one word: the tokenizer splits "Kassym-Jomart"
/// into three tokens the way UD treebanks do, while the NER training data (CoNLL-2003) keeps
/// hyphenated words whole, so a word, a hyphen and a word written without spaces are joined.
fn hyphen_joined(text: &str, index: &TextIndex, tokens: &[Token]) -> Vec<(usize, usize)> {
    let is_word = |i: usize| {
        tokens.get(i).is_some_and(|t| {
            index
                .slice(text, t.span)
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        })
    };
    let is_hyphen = |i: usize| {
        tokens
            .get(i)
            .is_some_and(|t| matches!(index.slice(text, t.span), "-" | "\u{2010}" | "\u{2011}"))
    };
    let touches = |i: usize| tokens[i - 1].span.end == tokens[i].span.start;
    let mut groups = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let start = i;
        i += 1;
        while is_word(start) && is_hyphen(i) && is_word(i + 1) && touches(i) && touches(i + 1) {
            i += 2;
        }
        groups.push((start, i));
    }
    groups
}

/// Scores the recogniser on an IOB2 gold file (CoNLL-2003 or Universal NER layout),
/// document by document where the file marks documents (labels harmonised as in
/// [`annotate`]). Predicted types the gold file never uses (MISC on Universal NER, which
/// annotates only PER, ORG and LOC) are dropped before matching and listed in the score.
pub fn evaluate(recognizer: &Recognizer, gold: &Path) -> Result<NerScore, NerError> {
    let sentences = data::read_iob(gold)?;
    Ok(evaluate_sentences(recognizer, &sentences))
}

/// [`evaluate`] on sentences already read.
pub fn evaluate_sentences(recognizer: &Recognizer, sentences: &[iob::Sentence]) -> NerScore {
    let gold: Vec<Vec<iob::Entity>> = sentences.iter().map(iob::Sentence::entities).collect();
    let scored_label =
        |label: &str| data::label_of(label).map_or(label.to_string(), |l| l.as_str().to_string());
    let gold_labels: std::collections::BTreeSet<String> = gold
        .iter()
        .flatten()
        .map(|e| scored_label(&e.label))
        .collect();
    let drop: Vec<String> = EntityLabel::ALL
        .iter()
        .map(|l| l.as_str().to_string())
        .filter(|l| !gold_labels.contains(l))
        .collect();
    let mut scorer = NerScorer::new(drop);
    let mut work = Work::default();
    // Sentences of one document are recognised together, as `annotate` does.
    for range in document_ranges(sentences) {
        let (start, end) = (range.start, range.end);
        let document = &sentences[start..end];
        let mut predicted: Vec<Vec<(usize, usize, EntityLabel)>> = Vec::new();
        let mut keyed = Vec::new();
        for sentence in document {
            let words: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
            let found = recognizer.recognize_with(&words, &mut work);
            keyed.extend(found.iter().map(|&(s, e, label)| {
                (consistency::surface_key(words[s..e].iter().copied()), label)
            }));
            predicted.push(found);
        }
        consistency::harmonise(&mut keyed);
        let mut labels = keyed.iter().map(|(_, label)| *label);
        for ((sentence, gold), found) in document.iter().zip(&gold[start..end]).zip(&predicted) {
            let gold_labels: Vec<String> = gold.iter().map(|e| scored_label(&e.label)).collect();
            let gold: Vec<(usize, usize, &str)> = gold
                .iter()
                .zip(&gold_labels)
                .map(|(e, l)| (e.start, e.end, l.as_str()))
                .collect();
            let predicted: Vec<(usize, usize, &str)> = found
                .iter()
                .map(|&(s, e, _)| (s, e, labels.next().expect("one label a mention").as_str()))
                .collect();
            scorer.add_sentence(sentence.tokens.len(), &gold, &predicted);
        }
    }
    scorer.finish()
}

/// The sentence ranges of the documents of an IOB2 file. A file without document marks
/// (CoNLL-2003 as distributed here) gives no document context: each sentence is its own.
fn document_ranges(sentences: &[iob::Sentence]) -> Vec<std::ops::Range<usize>> {
    if !sentences.iter().skip(1).any(|s| s.new_doc) {
        return (0..sentences.len()).map(|i| i..i + 1).collect();
    }
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, sentence) in sentences.iter().enumerate() {
        match ranges.last_mut() {
            Some(last) if !sentence.new_doc => last.end = i + 1,
            _ => ranges.push(i..i + 1),
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_document::Sentence;

    #[test]
    fn a_country_run_into_a_persons_name_is_split_off() {
        let country = gazetteer::COUNTRY << 2;
        // "to the United States Jane Doe said": marks of a two-word country at 2..4.
        let marks = [0, 0, country, country | 2, 0, 0, 0];
        let found = vec![(2, 6, EntityLabel::Per)];
        assert_eq!(
            split_place_before_person(found, |t| marks[t]),
            [(2, 4, EntityLabel::Loc), (4, 6, EntityLabel::Per)]
        );
        // One word of name left: the span stays as the tagger read it.
        let found = vec![(2, 5, EntityLabel::Per)];
        assert_eq!(
            split_place_before_person(found.clone(), |t| marks[t]),
            found
        );
        // An organisation named after its country keeps its name.
        let found = vec![(2, 6, EntityLabel::Org)];
        assert_eq!(
            split_place_before_person(found.clone(), |t| marks[t]),
            found
        );
    }

    fn toy_recognizer() -> Recognizer {
        // Tests run in parallel: each call trains in its own directory.
        static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("dateline-ner-lib-{}-{call}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("train.txt");
        let mut text = String::new();
        for name in ["Anna", "Boris", "Clara"] {
            text += &format!(
                "{name} B-PER\nsaid O\nhello O\n. O\n\n“ O\n{name} B-PER\nsaid O\n. O\n\n"
            );
        }
        std::fs::write(&path, text).unwrap();
        let (recognizer, _) = train(
            &[path],
            &[],
            &TrainOptions {
                epochs: 3,
                ..Default::default()
            },
        )
        .unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        recognizer
    }

    fn token(start: usize, end: usize) -> Token {
        Token {
            span: Span::new(start, end),
            upos: None,
            head: None,
            deprel: None,
        }
    }

    #[test]
    fn annotate_adds_mentions_with_text_spans() {
        let recognizer = toy_recognizer();
        let text = "“Anna said hello. Boris said hello.";
        let mut doc = Document {
            text: text.to_string(),
            tokens: vec![
                token(0, 1),
                token(1, 5),
                token(6, 10),
                token(11, 16),
                token(16, 17),
                token(18, 23),
                token(24, 28),
            ],
            sentences: vec![
                Sentence {
                    span: Span::new(0, 17),
                    tokens: (0, 5),
                },
                Sentence {
                    span: Span::new(18, 28),
                    tokens: (5, 7),
                },
                Sentence {
                    span: Span::new(0, 0),
                    tokens: (6, 99),
                },
            ],
            ..Default::default()
        };
        annotate(&mut doc, &recognizer);
        let found: Vec<(&str, EntityLabel, (usize, usize))> = doc
            .mentions
            .iter()
            .map(|m| (doc.slice(m.span), m.label, m.tokens))
            .collect();
        assert_eq!(
            found,
            [
                ("Anna", EntityLabel::Per, (1, 2)),
                ("Boris", EntityLabel::Per, (5, 6))
            ]
        );
        assert_eq!(
            doc.warnings.len(),
            1,
            "the out-of-range sentence is reported"
        );
    }

    #[test]
    fn hyphenated_words_are_one_word_for_the_recogniser() {
        let text = "Kassym-Jomart Tokayev, pro - Russian";
        let spans = [
            (0, 6),
            (6, 7),
            (7, 13),
            (14, 21),
            (21, 22),
            (23, 26),
            (27, 28),
            (29, 36),
        ];
        let tokens: Vec<Token> = spans.iter().map(|&(s, e)| token(s, e)).collect();
        let groups = hyphen_joined(text, &TextIndex::new(text), &tokens);
        // "pro - Russian" has spaces around the dash: three words, not one.
        assert_eq!(groups, [(0, 3), (3, 4), (4, 5), (5, 6), (6, 7), (7, 8)]);
    }

    #[test]
    fn documents_are_delimited_by_their_marks() {
        let sentence = |new_doc| iob::Sentence {
            new_doc,
            ..Default::default()
        };
        let marked = [true, false, true, false, false].map(sentence);
        assert_eq!(document_ranges(&marked), [0..2, 2..5]);
        let unmarked_start = [false, false, true].map(sentence);
        assert_eq!(document_ranges(&unmarked_start), [0..2, 2..3]);
        let unmarked = [false, false, false].map(sentence);
        assert_eq!(document_ranges(&unmarked), [0..1, 1..2, 2..3]);
        assert!(document_ranges(&[]).is_empty());
    }

    #[test]
    fn any_tokens_are_accepted() {
        let recognizer = toy_recognizer();
        let long = "é".repeat(100_000);
        assert!(recognizer.recognize(&[]).is_empty());
        let odd = [
            "",
            "\u{0}",
            "😀",
            "\u{202e}مرحبا",
            long.as_str(),
            "ANNA",
            "anna",
        ];
        for (start, end, _) in recognizer.recognize(&odd) {
            assert!(start < end && end <= odd.len());
        }
    }

    #[test]
    fn save_and_load_give_the_same_predictions() {
        let recognizer = toy_recognizer();
        let path =
            std::env::temp_dir().join(format!("dateline-ner-save-{}.bin", std::process::id()));
        recognizer.save(&path).unwrap();
        let loaded = Recognizer::load(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(loaded, recognizer);
        let words = ["Clara", "said", "hello", "."];
        assert_eq!(loaded.recognize(&words), recognizer.recognize(&words));
        assert!(Recognizer::load(Path::new("/nonexistent/ner.bin")).is_err());
    }
}
