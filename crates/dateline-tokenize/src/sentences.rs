//! Rule-based sentence splitter over tokens.
//!
//! A sentence ends
//! - at a blank line (a paragraph break), always;
//! - after final punctuation ("." "!" "?" "..." "…") and any closing quotes or brackets
//!   attached to it (`do so."` ends after the quote), when the next token can start a
//!   sentence: it is not a lower-case word and not a closing mark;
//! - after an abbreviation that may end a sentence ("Inc.", "U.S.", "etc.") when the next
//!   token starts with a capital letter; never after a title, month or initial ("Gen.",
//!   "Jan.", "J. R. R. Tolkien").
//!
//! Decimal numbers and abbreviations are single tokens (see the tokenizer), so their
//! periods are never mistaken for full stops.

use crate::abbreviations::{self, Abbreviation};
use crate::tokenizer::{is_terminal_char, is_word_char};
use dateline_document::{Sentence, Span};

/// Appends the sentences of `tokens` to `out`. Token indices in the sentences are offset
/// by `first_index`, the position of `tokens[0]` in the document's token list.
pub(crate) fn split_range(chars: &[char], tokens: &[Span], first_index: usize, out: &mut Vec<Sentence>) {
    let mut start = 0;
    for t in 0..tokens.len() {
        if t + 1 == tokens.len() || ends_sentence(chars, tokens, t) {
            out.push(Sentence {
                span: Span::new(tokens[start].start, tokens[t].end),
                tokens: (first_index + start, first_index + t + 1),
            });
            start = t + 1;
        }
    }
}

/// Whether a sentence boundary follows `tokens[t]`, which is not the last token.
fn ends_sentence(chars: &[char], tokens: &[Span], t: usize) -> bool {
    let current = tokens[t];
    let next = tokens[t + 1];
    if is_paragraph_break(&chars[current.end..next.start]) {
        return true;
    }
    let next_text = &chars[next.start..next.end];
    let attached = current.end == next.start;
    if attached && next_text.iter().all(|&c| is_closing(c)) {
        // The quote or bracket closes this sentence; the boundary comes after it.
        return false;
    }
    match final_mark(chars, tokens, t) {
        FinalMark::None => false,
        FinalMark::Punctuation => can_start_sentence(next_text),
        FinalMark::Abbreviation(Abbreviation::Leading) => false,
        FinalMark::Abbreviation(Abbreviation::Trailing) => next_text[0].is_uppercase(),
    }
}

enum FinalMark {
    None,
    Punctuation,
    Abbreviation(Abbreviation),
}

/// What ends the text up to and including `tokens[t]`, looking through closing quotes and
/// brackets attached to it.
fn final_mark(chars: &[char], tokens: &[Span], mut t: usize) -> FinalMark {
    loop {
        let text = &chars[tokens[t].start..tokens[t].end];
        if text.iter().all(|&c| is_terminal_char(c)) {
            return FinalMark::Punctuation;
        }
        if text.len() > 1 && text.last() == Some(&'.') {
            let word = &text[..text.len() - 1];
            return match abbreviations::classify(word, false) {
                Some(kind) => FinalMark::Abbreviation(kind),
                None => FinalMark::Punctuation,
            };
        }
        let closes = text.iter().all(|&c| is_closing(c));
        if !closes || t == 0 || tokens[t - 1].end != tokens[t].start {
            return FinalMark::None;
        }
        t -= 1;
    }
}

/// Closing quotes and brackets. Straight quotes count when attached to the token before.
fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '」' | '』')
}

/// A sentence does not start with a lower-case word or with punctuation that continues
/// the previous one (",", ";", a closing mark).
fn can_start_sentence(token: &[char]) -> bool {
    let first = token[0];
    if is_word_char(first) {
        return !first.is_lowercase();
    }
    !matches!(first, ',' | ';' | ':' | '%') && !is_closing(first)
}

/// Two line breaks in the whitespace between two tokens.
fn is_paragraph_break(gap: &[char]) -> bool {
    gap.iter().filter(|&&c| c == '\n' || c == '\u{2029}').count() >= 2 || gap.contains(&'\u{2029}')
}

#[cfg(test)]
mod tests {
    use crate::{split_sentences, tokenize};

    fn sentences(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        split_sentences(text, &tokenize(text))
            .iter()
            .map(|s| chars[s.span.start..s.span.end].iter().collect())
            .collect()
    }

    #[test]
    fn survives_abbreviations_initials_and_decimals() {
        assert_eq!(
            sentences("Gen. Smith met J. R. R. Tolkien on Jan. 7 at 3.5 p.m. in the U.S. It rained."),
            ["Gen. Smith met J. R. R. Tolkien on Jan. 7 at 3.5 p.m. in the U.S.", "It rained."]
        );
        assert_eq!(sentences("Apple Inc. said so. Mr. Cook agreed."), ["Apple Inc. said so.", "Mr. Cook agreed."]);
    }

    #[test]
    fn quotes_close_the_sentence_they_end() {
        assert_eq!(
            sentences("He said: \"We will do so.\" Then he left. «Non!» Il part."),
            ["He said: \"We will do so.\"", "Then he left.", "«Non!»", "Il part."]
        );
        assert_eq!(sentences("“Why?” she asked (twice.) Fine."), ["“Why?” she asked (twice.)", "Fine."]);
    }

    #[test]
    fn lower_case_continuations_and_ellipses() {
        assert_eq!(sentences("Wait... what? no way. OK!"), ["Wait... what? no way.", "OK!"]);
        assert_eq!(sentences("It ended… Then silence."), ["It ended…", "Then silence."]);
    }

    #[test]
    fn paragraph_breaks_always_split() {
        assert_eq!(sentences("Headline without stop\n\nBody text. More"), ["Headline without stop", "Body text.", "More"]);
        assert_eq!(sentences("one line\nnext line"), ["one line\nnext line"]);
    }

    #[test]
    fn empty_text_has_no_sentences() {
        assert!(sentences("").is_empty());
        assert!(sentences("   \n\n ").is_empty());
    }
}
