//! Part-of-speech tagging and dependency parsing in the Universal Dependencies scheme,
//! with models Dateline trains itself from the UD English treebanks.
//!
//! In: a [`Document`] whose `tokens` and `sentences` are filled (by the tokenizer), and the
//! two model files (`models/tagger.bin`, `models/parser.bin`).
//! Out: every token's `upos`, `head` (document token index, `None` for a root) and `deprel`.
//!
//! Both models are averaged perceptrons over hashed features: a greedy left-to-right
//! tagger and a greedy arc-hybrid parser trained with a dynamic oracle. They load in
//! milliseconds, never allocate per feature and are `Send + Sync`, so documents can be
//! annotated in parallel.

mod cache;
mod hashing;
mod model_file;
mod perceptron;
mod rng;

pub mod parser;
pub mod tagger;
pub mod train;

pub use cache::{Analysis, SentenceCache};

/// Tags and arcs of sentences parsed before.
pub type ParseCache = SentenceCache<Analysis>;
pub use model_file::FORMAT_VERSION;
pub use parser::{Parser, ParserOptions};
pub use tagger::{Tagger, TaggerOptions};
pub use train::{
    evaluate_parser, evaluate_tagger, train_parser, train_tagger, write_model, ParserReport,
    TaggerReport,
};

/// The pieces of the perceptron's fast scoring that other models' weight tables reuse:
/// rows of 16-bit weights summed by AVX2 where the CPU has it, prefetches, huge pages.
pub mod dense {
    pub use crate::perceptron::{add_dense_rows, huge_page_vec, prefetch, LANE_BLOCK};
}

use dateline_document::{Document, TextIndex, Token, Upos};

/// A failure that names its input (a model or corpus file) and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input}: {reason}")]
pub struct SyntaxError {
    pub input: String,
    pub reason: String,
}

impl SyntaxError {
    pub fn new(input: impl std::fmt::Display, reason: impl Into<String>) -> Self {
        SyntaxError {
            input: input.to_string(),
            reason: reason.into(),
        }
    }
}

/// Tags and parses every sentence of `doc`, filling `Token::upos`, `Token::head` and
/// `Token::deprel`. Tokens outside any sentence are left alone. A sentence or token range
/// that does not fit the document is clamped and reported in `doc.warnings`, never a panic.
pub fn annotate(doc: &mut Document, tagger: &Tagger, parser: &Parser) {
    annotate_sentences(doc, tagger, parser, None);
}

/// [`annotate`], looking each sentence up in `cache` first and keeping what it analyses
/// there: the same tags and arcs, faster on a stream where sentences repeat.
pub fn annotate_with_cache(
    doc: &mut Document,
    tagger: &Tagger,
    parser: &Parser,
    cache: &ParseCache,
) {
    annotate_sentences(doc, tagger, parser, Some(cache));
}

fn annotate_sentences(
    doc: &mut Document,
    tagger: &Tagger,
    parser: &Parser,
    cache: Option<&ParseCache>,
) {
    let index = TextIndex::new(&doc.text);
    let char_len = index.char_len();
    let mut warnings = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    let mut atoms: Vec<hashing::WordAtoms> = Vec::new();
    let mut bad_spans = 0usize;
    for sentence in &doc.sentences {
        let (start, end) = sentence.tokens;
        let end = end.min(doc.tokens.len());
        if start >= end {
            if sentence.tokens.1 > doc.tokens.len() {
                warnings.push(format!(
                    "sentence token range {:?} beyond {} tokens; skipped",
                    sentence.tokens,
                    doc.tokens.len()
                ));
            }
            continue;
        }
        if end < sentence.tokens.1 {
            warnings.push(format!(
                "sentence token range {:?} clamped to {} tokens",
                sentence.tokens,
                doc.tokens.len()
            ));
        }
        words.clear();
        for token in &doc.tokens[start..end] {
            let span = token.span;
            if span.start <= span.end && span.end <= char_len {
                words.push(index.slice(&doc.text, span));
            } else {
                bad_spans += 1;
                words.push("");
            }
        }
        let tokens = &mut doc.tokens[start..end];
        let Some(cache) = cache else {
            let (tags, arcs) = analyse(&words, &mut atoms, tagger, parser);
            fill(tokens, start, tags.into_iter().zip(arcs));
            continue;
        };
        let key = ParseCache::key(&words);
        let analysis = cache.get(&key).unwrap_or_else(|| {
            let (tags, arcs) = analyse(&words, &mut atoms, tagger, parser);
            let analysis: std::sync::Arc<[Analysis]> = tags
                .into_iter()
                .zip(arcs)
                .map(|(tag, (head, deprel))| (tag, head, deprel.into()))
                .collect();
            cache.insert(key, analysis.clone());
            analysis
        });
        fill(
            tokens,
            start,
            analysis
                .iter()
                .map(|(tag, head, deprel)| (*tag, (*head, &**deprel))),
        );
    }
    if bad_spans > 0 {
        warnings.push(format!(
            "{bad_spans} token spans outside the text were tagged as empty words"
        ));
    }
    doc.warnings
        .extend(warnings.into_iter().map(|w| format!("syntax: {w}")));
}

/// Tags and arcs (1-based heads within the sentence, 0 for the root) of one sentence.
fn analyse<'p>(
    words: &[&str],
    atoms: &mut Vec<hashing::WordAtoms>,
    tagger: &Tagger,
    parser: &'p Parser,
) -> (Vec<Upos>, Vec<(usize, &'p str)>) {
    // The words' hashes serve both models.
    atoms.clear();
    atoms.extend(words.iter().map(|w| hashing::WordAtoms::new(w)));
    let tags = tagger.tag_with_atoms(words, atoms);
    let arcs = parser.parse_with_atoms(atoms, &tags);
    (tags, arcs)
}

/// Writes a sentence's analysis into its tokens; `start` is its first token's index.
fn fill<'a>(
    tokens: &mut [Token],
    start: usize,
    analysis: impl Iterator<Item = (Upos, (usize, &'a str))>,
) {
    for (i, (token, (tag, (head, deprel)))) in tokens.iter_mut().zip(analysis).enumerate() {
        debug_assert!(head != i + 1, "no self-loops");
        token.upos = Some(tag);
        token.head = (head != 0).then(|| start + head - 1);
        token.deprel = Some(deprel.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_document::{Sentence, Span, Token, Upos};

    fn models() -> (Tagger, Parser) {
        use Upos::*;
        let tagged = vec![tagger::TaggedSentence {
            words: vec!["Tokayev".into(), "spoke".into(), ".".into()],
            tags: vec![11, 15, 12],
        }];
        let tagger = tagger::train(
            &tagged,
            &TaggerOptions {
                epochs: 3,
                seed: 1,
                prune: 0.0,
            },
            |_, _| {},
        );
        let trees = vec![parser::TreeSentence {
            words: vec!["Tokayev".into(), "spoke".into(), ".".into()],
            tags: vec![Propn, Verb, Punct],
            heads: vec![2, 0, 2],
            labels: vec!["nsubj".into(), "root".into(), "punct".into()],
        }];
        let (parser, _) = parser::train(
            &trees,
            &ParserOptions {
                epochs: 5,
                prune: 0.0,
                // Toy treebanks: every (direction, label) pair they have gets a class.
                min_class_count: 1,
                ..Default::default()
            },
            |_, _| {},
        )
        .unwrap();
        (tagger, parser)
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
    fn annotates_sentences_with_document_token_heads() {
        let (tagger, parser) = models();
        // Two sentences; the second starts at token 3, so heads must be offset.
        let text = "Tokayev spoke. Tokayev spoke.";
        let mut doc = Document {
            text: text.into(),
            tokens: vec![
                token(0, 7),
                token(8, 13),
                token(13, 14),
                token(15, 22),
                token(23, 28),
                token(28, 29),
            ],
            sentences: vec![
                Sentence {
                    span: Span::new(0, 14),
                    tokens: (0, 3),
                },
                Sentence {
                    span: Span::new(15, 29),
                    tokens: (3, 6),
                },
            ],
            ..Default::default()
        };
        annotate(&mut doc, &tagger, &parser);
        let heads: Vec<Option<usize>> = doc.tokens.iter().map(|t| t.head).collect();
        assert_eq!(heads, vec![Some(1), None, Some(1), Some(4), None, Some(4)]);
        assert_eq!(doc.tokens[3].upos, Some(Upos::Propn));
        assert_eq!(doc.tokens[4].deprel.as_deref(), Some("root"));
        assert!(doc.warnings.is_empty());
    }

    #[test]
    fn broken_ranges_and_strange_text_do_not_panic() {
        let (tagger, parser) = models();
        let mut doc = Document {
            text: "😀 \u{0} שלום".into(),
            tokens: vec![token(0, 1), token(2, 3), token(4, 8), token(50, 60)],
            sentences: vec![
                Sentence {
                    span: Span::new(0, 8),
                    tokens: (0, 6),
                },
                Sentence {
                    span: Span::new(0, 0),
                    tokens: (9, 12),
                },
                Sentence {
                    span: Span::new(0, 0),
                    tokens: (2, 2),
                },
            ],
            ..Default::default()
        };
        annotate(&mut doc, &tagger, &parser);
        assert!(doc.tokens.iter().all(|t| t.upos.is_some()));
        assert_eq!(doc.warnings.len(), 3, "{:?}", doc.warnings);
        let mut empty = Document::default();
        annotate(&mut empty, &tagger, &parser);
        assert!(empty.warnings.is_empty());
    }

    #[test]
    fn models_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Tagger>();
        assert_send_sync::<Parser>();
    }
}
