//! Tokens and sentences: the first layer of the language core.
//!
//! In: text (`&str`) or a [`Document`] with blocks.
//! Out: [`Token`]s (UD English tokenization, tags empty) and [`Sentence`]s, as code-point
//! spans into the text.
//!
//! [`annotate`] works block by block: a token or sentence never crosses a block boundary,
//! so a headline without final punctuation is its own sentence, and boilerplate blocks are
//! skipped.

mod abbreviations;
mod boundary_model;
mod sentences;
mod tokenizer;

pub use boundary_model::{
    train as train_boundary_model, BoundaryModel, TrainingDocument, TrainingOptions,
};

use dateline_document::{BlockKind, Document, Sentence, Span, Token};
use std::sync::OnceLock;

/// The trained sentence-boundary model shipped with Dateline: reproduced by `dateline train
/// sentences` (the command is in docs/BENCHMARKS.md).
const SHIPPED_MODEL: &str = include_str!("../../../models/sentence-boundaries.tsv");

/// Splits `text` into tokens following the Universal Dependencies English conventions
/// (see the `tokenizer` module): clitics, hyphens and symbols split; numbers,
/// abbreviations, URLs, e-mail addresses, handles, hashtags and emoji whole.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut spans = Vec::new();
    tokenizer::tokenize_range(&chars, 0, chars.len(), &mut spans);
    spans.into_iter().map(bare_token).collect()
}

/// Decides where sentences end: rules alone, or rules overruled by a trained model.
#[derive(Debug, Default)]
pub struct SentenceSplitter {
    model: Option<BoundaryModel>,
}

impl SentenceSplitter {
    /// The rules alone (see the `sentences` module).
    pub fn rules() -> SentenceSplitter {
        SentenceSplitter { model: None }
    }

    pub fn with_model(model: BoundaryModel) -> SentenceSplitter {
        SentenceSplitter { model: Some(model) }
    }

    /// The splitter [`split_sentences`] and [`annotate`] use: the shipped model.
    pub fn shipped() -> &'static SentenceSplitter {
        static SHIPPED: OnceLock<SentenceSplitter> = OnceLock::new();
        SHIPPED.get_or_init(|| match BoundaryModel::parse(SHIPPED_MODEL) {
            Ok(model) => SentenceSplitter::with_model(model),
            // A unit test keeps the shipped file parseable; rules are the safe fallback.
            Err(_) => SentenceSplitter::rules(),
        })
    }

    /// Groups `tokens` (spans into `text`, in order, as [`tokenize`] returns them) into
    /// sentences. Blank lines always end a sentence; so does the end of `text`. Tokens
    /// from elsewhere are not trusted: the sentences stop before the first token that is
    /// empty, out of order or outside `text`.
    pub fn split(&self, text: &str, tokens: &[Token]) -> Vec<Sentence> {
        let chars: Vec<char> = text.chars().collect();
        let mut previous_end = 0;
        let spans: Vec<Span> = tokens
            .iter()
            .map(|t| t.span)
            .take_while(|span| {
                let valid =
                    previous_end <= span.start && span.start < span.end && span.end <= chars.len();
                previous_end = span.end;
                valid
            })
            .collect();
        let mut out = Vec::new();
        sentences::split_range(&chars, &spans, 0, self.model.as_ref(), &mut out);
        out
    }
}

/// [`SentenceSplitter::split`] with the shipped splitter.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    SentenceSplitter::shipped().split(text, tokens)
}

/// Fills `doc.tokens` and `doc.sentences` (replacing what was there) from every block that
/// is not boilerplate, one block at a time. A document without blocks is treated as one block.
pub fn annotate(doc: &mut Document) {
    let chars: Vec<char> = doc.text.chars().collect();
    let whole = [Span::new(0, chars.len())];
    let blocks: Vec<Span> = if doc.blocks.is_empty() {
        whole.to_vec()
    } else {
        doc.blocks
            .iter()
            .filter(|b| b.kind != BlockKind::Boilerplate)
            .map(|b| b.span)
            .collect()
    };
    let model = SentenceSplitter::shipped().model.as_ref();
    let mut spans = Vec::new();
    let mut sentences = Vec::new();
    for block in blocks {
        let end = block.end.min(chars.len());
        let first_token = spans.len();
        tokenizer::tokenize_range(&chars, block.start.min(end), end, &mut spans);
        sentences::split_range(
            &chars,
            &spans[first_token..],
            first_token,
            model,
            &mut sentences,
        );
    }
    doc.tokens = spans.into_iter().map(bare_token).collect();
    doc.sentences = sentences;
}

fn bare_token(span: Span) -> Token {
    Token {
        span,
        upos: None,
        head: None,
        deprel: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_document::Block;

    #[test]
    fn annotate_keeps_blocks_apart_and_skips_boilerplate() {
        let text = "Tokayev wins vote\n\nMenu Home\n\nKassym-Jomart Tokayev won. He said so.";
        let mut doc = Document {
            text: text.to_string(),
            blocks: vec![
                Block {
                    kind: BlockKind::Title,
                    span: Span::new(0, 17),
                },
                Block {
                    kind: BlockKind::Boilerplate,
                    span: Span::new(19, 28),
                },
                Block {
                    kind: BlockKind::Paragraph,
                    span: Span::new(30, 68),
                },
            ],
            ..Default::default()
        };
        annotate(&mut doc);
        let sentences: Vec<&str> = doc.sentences.iter().map(|s| doc.slice(s.span)).collect();
        assert_eq!(
            sentences,
            [
                "Tokayev wins vote",
                "Kassym-Jomart Tokayev won.",
                "He said so."
            ]
        );
        assert!(doc.tokens.iter().all(|t| doc.slice(t.span) != "Menu"));
        assert_eq!(doc.sentences[1].tokens, (3, 9));
        assert_eq!(doc.slice(doc.tokens[3].span), "Kassym");
    }

    #[test]
    fn shipped_model_parses() {
        assert!(!BoundaryModel::parse(SHIPPED_MODEL).unwrap().is_empty());
    }

    #[test]
    fn annotate_without_blocks_uses_whole_text() {
        let mut doc = Document {
            text: "One. Two.".to_string(),
            ..Default::default()
        };
        annotate(&mut doc);
        assert_eq!(doc.sentences.len(), 2);
        assert_eq!(doc.tokens.len(), 4);
    }
}
