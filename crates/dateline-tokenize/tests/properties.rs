//! Any text, however odd, gives well-formed tokens and sentences and never panics.

use dateline_document::{Block, BlockKind, Document, Sentence, Span, Token};
use dateline_tokenize::{annotate, split_sentences, tokenize};
use proptest::prelude::*;

/// Pieces that exercise the tokenizer's special cases, mixed with arbitrary characters.
const PIECES: &[&str] = &[
    " ",
    "\n",
    "\n\n",
    ".",
    "...",
    "…",
    "?!",
    "\"",
    "“",
    "”",
    "’",
    "'",
    "«",
    "»",
    "(",
    ")",
    "[1]",
    "-",
    "—",
    "didn’t",
    "Kazakhstan’s",
    "U.S.",
    "Gen.",
    "No. 5",
    "J. R. R.",
    "3.5%",
    "$3",
    "20,000",
    "1.5bn",
    "https://x.org/a).",
    "me@x.org.",
    "@handle",
    "#tag",
    ":)",
    "👍🏽",
    "👨‍👩‍👧",
    "🇰🇿",
    "\u{200D}",
    "\u{0301}",
    "\u{FEFF}",
    "\u{0}",
    "\u{2029}",
    "שלום",
    "مرحبا",
    "a",
    "A",
    "1",
];

fn text_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<char>().prop_map(String::from),
        proptest::sample::select(PIECES).prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

fn check_tokens(tokens: &[Token], within: Span) {
    let mut previous_end = within.start;
    for token in tokens {
        assert!(
            token.span.start < token.span.end,
            "empty token {:?}",
            token.span
        );
        assert!(
            previous_end <= token.span.start,
            "token {:?} overlaps or is out of order",
            token.span
        );
        assert!(
            token.span.end <= within.end,
            "token {:?} beyond {within:?}",
            token.span
        );
        previous_end = token.span.end;
    }
}

fn check_sentences(sentences: &[Sentence], tokens: &[Token]) {
    let mut next_token = 0;
    for sentence in sentences {
        let (first, end) = sentence.tokens;
        assert_eq!(
            first, next_token,
            "sentences must cover the tokens in order"
        );
        assert!(
            first < end && end <= tokens.len(),
            "bad token range {:?}",
            sentence.tokens
        );
        assert_eq!(
            sentence.span,
            Span::new(tokens[first].span.start, tokens[end - 1].span.end)
        );
        next_token = end;
    }
    assert_eq!(next_token, tokens.len(), "every token is in a sentence");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn spans_are_inside_ordered_and_covered(text in text_strategy()) {
        let length = text.chars().count();
        let tokens = tokenize(&text);
        check_tokens(&tokens, Span::new(0, length));
        let sentences = split_sentences(&text, &tokens);
        check_sentences(&sentences, &tokens);
    }

    #[test]
    fn annotate_stays_inside_blocks(text in text_strategy(), cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..6)) {
        let length = text.chars().count();
        let mut points: Vec<usize> = cuts.iter().map(|c| c.index(length + 1)).collect();
        points.extend([0, length]);
        points.sort_unstable();
        points.dedup();
        let blocks: Vec<Block> = points
            .windows(2)
            .enumerate()
            .map(|(i, w)| Block {
                kind: if i % 3 == 2 { BlockKind::Boilerplate } else { BlockKind::Paragraph },
                span: Span::new(w[0], w[1]),
            })
            .collect();
        let mut doc = Document { text, blocks: blocks.clone(), ..Default::default() };
        annotate(&mut doc);
        check_tokens(&doc.tokens, Span::new(0, length));
        check_sentences(&doc.sentences, &doc.tokens);
        for sentence in &doc.sentences {
            let inside = blocks.iter().any(|b| b.kind != BlockKind::Boilerplate && b.span.contains(sentence.span));
            prop_assert!(inside, "sentence {:?} crosses or leaves its block", sentence.span);
        }
        for token in &doc.tokens {
            doc.slice(token.span);
        }
    }
}

#[test]
fn one_megabyte_sentence_and_empty_input() {
    let text = "word, ".repeat(200_000) + "end";
    let tokens = tokenize(&text);
    assert_eq!(tokens.len(), 400_001);
    let sentences = split_sentences(&text, &tokens);
    assert_eq!(sentences.len(), 1);
    let glued = "x".repeat(1_000_000);
    assert_eq!(tokenize(&glued).len(), 1);
    assert!(tokenize("").is_empty());
    assert!(split_sentences("", &[]).is_empty());
}

#[test]
fn foreign_tokens_do_not_panic() {
    let stray = [
        Token {
            span: Span::new(0, 3),
            upos: None,
            head: None,
            deprel: None,
        },
        Token {
            span: Span::new(2, 50),
            upos: None,
            head: None,
            deprel: None,
        },
    ];
    let sentences = split_sentences("One two", &stray);
    assert_eq!(sentences.len(), 1);
    assert_eq!(sentences[0].tokens, (0, 1));
}

#[test]
fn pathological_runs_stay_linear() {
    let inputs = [
        "a+".repeat(200_000),
        format!("https://x.org/{}", ")".repeat(200_000)),
        format!("a.{}", ")".repeat(200_000)),
        ":) ".repeat(200_000),
        format!("{} 1. 2. 3.", "* ".repeat(200_000)),
    ];
    let started = std::time::Instant::now();
    for text in &inputs {
        let tokens = tokenize(text);
        let sentences = split_sentences(text, &tokens);
        check_sentences(&sentences, &tokens);
    }
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}
