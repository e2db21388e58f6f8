//! Sentence splitter over tokens: rules, optionally overruled by a learned model
//! ([`crate::boundary_model`]). The rules:
//!
//! A sentence ends
//! - at a blank line (a paragraph break), always;
//! - after final punctuation ("." "!" "?") and any closing quotes or brackets attached to
//!   it (`do so."` ends after the quote), unless the next token continues the sentence:
//!   punctuation such as "," or a closing mark, or a lower-case word after a quotation
//!   (`“Why?” she asked`). Web text often starts sentences in lower case, so a lower-case
//!   word after a bare full stop does start a new sentence;
//! - after an ellipsis ("..." "…") before a capital letter;
//! - after an abbreviation that may end a sentence ("Inc.", "U.S.", "etc.") when the next
//!   token starts with a capital letter; never after a title, month or initial ("Gen.",
//!   "Jan.", "J. R. R. Tolkien").
//!
//! Decimal numbers and abbreviations are single tokens (see the tokenizer), so their
//! periods are never mistaken for full stops.

use crate::abbreviations::{self, Abbreviation};
use crate::boundary_model::{BoundaryModel, FeatureHash, TrainingDocument};
use crate::tokenizer::{self, is_paragraph_break, is_terminal_char, is_word_char};
use dateline_document::{Sentence, Span};
use std::collections::HashSet;

/// Appends the sentences of `tokens` to `out`. Token indices in the sentences are offset
/// by `first_index`, the position of `tokens[0]` in the document's token list. With a
/// model, the model decides every gap inside a paragraph (the rules' decision is one of
/// its features); without one, the rules do.
pub(crate) fn split_range(
    chars: &[char],
    tokens: &[Span],
    first_index: usize,
    model: Option<&BoundaryModel>,
    out: &mut Vec<Sentence>,
) {
    let mut start = 0;
    let mut features = Vec::new();
    for t in 0..tokens.len() {
        let boundary = t + 1 == tokens.len()
            || is_paragraph_break(&chars[tokens[t].end..tokens[t + 1].start])
            || !closes_inner_parenthesis(chars, tokens, start, t)
                && match model {
                    Some(model) => {
                        features.clear();
                        gap_features(chars, tokens, start, t, &mut features);
                        model.score(&features) > 0.0
                    }
                    None => ends_sentence(chars, tokens, start, t),
                };
        if boundary {
            out.push(Sentence {
                span: Span::new(tokens[start].start, tokens[t].end),
                tokens: (first_index + start, first_index + t + 1),
            });
            start = t + 1;
        }
    }
}

/// Feature hashes and gold labels of every gap inside a paragraph of a training document,
/// with the gold sentence starts as history.
pub(crate) fn training_examples(document: &TrainingDocument) -> Vec<(Vec<u64>, bool)> {
    let chars: Vec<char> = document.text.chars().collect();
    let mut tokens = Vec::new();
    tokenizer::tokenize_range(&chars, 0, chars.len(), &mut tokens);
    let gold: HashSet<usize> = document.sentence_ends.iter().copied().collect();
    let mut examples = Vec::new();
    let mut start = 0;
    for t in 0..tokens.len().saturating_sub(1) {
        let boundary = gold.contains(&tokens[t].end);
        if !is_paragraph_break(&chars[tokens[t].end..tokens[t + 1].start]) {
            let mut features = Vec::new();
            gap_features(&chars, &tokens, start, t, &mut features);
            examples.push((features, boundary));
        }
        if boundary {
            start = t + 1;
        }
    }
    examples
}

/// Longest word form used as a feature; longer words are represented by their shape only.
const MAX_FEATURE_WORD: usize = 20;

/// Features of the gap after `tokens[t]`: the rules' decision and reason, and the forms
/// and shapes of the tokens around the gap.
fn gap_features(
    chars: &[char],
    tokens: &[Span],
    sentence_start: usize,
    t: usize,
    out: &mut Vec<u64>,
) {
    let text = |i: usize| &chars[tokens[i].start..tokens[i].end];
    let rule = u32::from(ends_sentence(chars, tokens, sentence_start, t));
    let mark = final_mark(chars, tokens, t).code();
    let current = text(t);
    let next = text(t + 1);
    let current_shape = shape(current);
    let next_shape = shape(next);
    let previous_shape = if t > sentence_start {
        shape(text(t - 1))
    } else {
        0
    };
    let after_next_shape = tokens.get(t + 2).map_or(0, |_| shape(text(t + 2)));
    let length = (t + 1 - sentence_start).min(64).ilog2();
    let newline = u32::from(chars[tokens[t].end..tokens[t + 1].start].contains(&'\n'));
    out.push(FeatureHash::new(0).finish());
    out.push(FeatureHash::new(1).add(rule).add(mark).finish());
    out.push(
        FeatureHash::new(2)
            .add(rule)
            .add(mark)
            .add(next_shape)
            .finish(),
    );
    out.push(
        FeatureHash::new(3)
            .add(current_shape)
            .add(next_shape)
            .finish(),
    );
    out.push(
        FeatureHash::new(4)
            .add(previous_shape)
            .add(current_shape)
            .add(next_shape)
            .finish(),
    );
    out.push(
        FeatureHash::new(5)
            .add(next_shape)
            .add(after_next_shape)
            .add(rule)
            .finish(),
    );
    out.push(FeatureHash::new(6).add(length).add(rule).finish());
    out.push(FeatureHash::new(7).add(newline).add(rule).finish());
    if current.len() <= MAX_FEATURE_WORD {
        out.push(lowercase_feature(8, current).add(next_shape).finish());
        out.push(lowercase_feature(9, current).add(rule).finish());
    }
    if next.len() <= MAX_FEATURE_WORD {
        out.push(lowercase_feature(10, next).add(current_shape).finish());
        out.push(lowercase_feature(11, next).add(rule).finish());
    }
}

fn lowercase_feature(template: u8, word: &[char]) -> FeatureHash {
    let mut hash = FeatureHash::new(template);
    for c in word {
        for lower in c.to_lowercase() {
            hash.add(lower as u32);
        }
    }
    hash.add(0);
    hash
}

/// A word's shape as a hash: capitals become "X", lower-case letters "x", digits "d", other
/// characters stay; runs of the same class collapse ("Kassym" → "Xx", "20,000" → "d,d").
fn shape(word: &[char]) -> u32 {
    let mut hash = FeatureHash::new(255);
    let mut previous = None;
    for &c in word.iter().take(MAX_FEATURE_WORD) {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if previous != Some(class) {
            hash.add(class as u32);
            previous = Some(class);
        }
    }
    hash.finish() as u32
}

/// Whether a sentence boundary follows `tokens[t]`, which is not the last token; the
/// current sentence started at `tokens[sentence_start]`.
fn ends_sentence(chars: &[char], tokens: &[Span], sentence_start: usize, t: usize) -> bool {
    let current = tokens[t];
    let next = tokens[t + 1];
    if is_paragraph_break(&chars[current.end..next.start]) {
        return true;
    }
    if is_list_marker(chars, tokens, sentence_start, t) {
        return false;
    }
    let next_text = &chars[next.start..next.end];
    let attached = current.end == next.start;
    let next_is_citation =
        tokens.len() > t + 3 && citation_ending_at(chars, tokens, t + 3) == Some(t + 1);
    if (attached && next_text.iter().all(|&c| is_closing(c)))
        || is_emoticon(next_text)
        || next_is_citation
    {
        // The quote, bracket, smiley or reference mark belongs to this sentence; the
        // boundary comes after it.
        return false;
    }
    if is_url(next_text) {
        return !matches!(final_mark(chars, tokens, t), FinalMark::None);
    }
    let opens_quote = is_straight_quote(next_text)
        && !attached
        && tokens
            .get(t + 2)
            .is_some_and(|after| after.start == next.end);
    if is_straight_quote(next_text) && !opens_quote {
        return false;
    }
    let next_first = next_text[0];
    match final_mark(chars, tokens, t) {
        FinalMark::None => false,
        FinalMark::Ellipsis => next_first.is_uppercase() || opens_quote,
        FinalMark::Stop { after_quote } => {
            if is_word_char(next_first) {
                // A lower-case word after a quotation is its attribution (“Why?” she asked).
                !(after_quote && next_first.is_lowercase())
            } else {
                opens_quote || can_start_sentence(next_text)
            }
        }
        FinalMark::Abbreviation(Abbreviation::Leading) => false,
        FinalMark::Abbreviation(Abbreviation::Trailing) => is_sentence_starter(next_text),
    }
}

/// Whether `tokens[t]` closes a parenthesis opened inside the current sentence, after a
/// period, and a lower-case word follows: "Rep. Jane Roe (D-Mo.) said", "the agency (and
/// its staff, etc.) will". Such a parenthesis is an aside within the sentence; one opening
/// the sentence may hold whole sentences ("(He left.)"), and a capital after it may start
/// the next ("she asked (twice.) Fine.").
fn closes_inner_parenthesis(
    chars: &[char],
    tokens: &[Span],
    sentence_start: usize,
    t: usize,
) -> bool {
    let text = |i: usize| &chars[tokens[i].start..tokens[i].end];
    let lower_case_next = tokens
        .get(t + 1)
        .is_some_and(|next| chars[next.start].is_lowercase());
    if text(t) != [')'] || t == 0 || !text(t - 1).ends_with(&['.']) || !lower_case_next {
        return false;
    }
    (sentence_start + 1..t)
        .rev()
        .take(MAX_PARENTHESIS)
        .take_while(|&i| text(i) != [')'])
        .any(|i| text(i) == ['('])
}

/// Tokens a parenthesis spans at most for [`closes_inner_parenthesis`].
const MAX_PARENTHESIS: usize = 12;

/// Capitalised words that usually start a sentence. After an abbreviation that may end a
/// sentence, only these mark a boundary: "in the U.S. It rained" but "the U.S. State
/// Department", "Enron Canada Corp. Suite 1100". Derived from EWT and GUM train: words
/// seen at least 15 times sentence-initially and in three quarters of their occurrences
/// there (personal names dropped), plus "A" and "I".
const SENTENCE_STARTERS: &[&str] = &[
    "A",
    "According",
    "After",
    "All",
    "Also",
    "Although",
    "An",
    "And",
    "Another",
    "Any",
    "Are",
    "As",
    "At",
    "Because",
    "Both",
    "But",
    "By",
    "Can",
    "Did",
    "Do",
    "Does",
    "During",
    "Each",
    "Even",
    "Finally",
    "For",
    "From",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Is",
    "It",
    "Its",
    "Just",
    "Let",
    "Like",
    "Many",
    "Maybe",
    "Most",
    "My",
    "No",
    "Now",
    "On",
    "Once",
    "One",
    "Or",
    "Other",
    "Our",
    "Please",
    "See",
    "She",
    "Since",
    "So",
    "Some",
    "Thanks",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "Therefore",
    "These",
    "They",
    "This",
    "Those",
    "Thus",
    "To",
    "Today",
    "We",
    "What",
    "When",
    "Where",
    "Which",
    "While",
    "Why",
    "Will",
    "With",
    "Would",
    "Yes",
    "You",
];

fn is_sentence_starter(token: &[char]) -> bool {
    SENTENCE_STARTERS
        .iter()
        .any(|w| token.iter().copied().eq(w.chars()))
}

/// Bullet tokens allowed before a list-item number ("* 1."); a bound keeps the check cheap.
const MAX_BULLETS: usize = 3;

/// A list-item number at the start of a sentence ("1." "* 4." "2.1."), whose period must
/// not end the sentence it opens.
fn is_list_marker(chars: &[char], tokens: &[Span], sentence_start: usize, t: usize) -> bool {
    let text = |i: usize| &chars[tokens[i].start..tokens[i].end];
    // "1", "12", "2.1" (a section number: the tokenizer keeps "2.1" and splits the final period).
    let number_with =
        |chars: &[char]| chars.len() <= 4 && chars.iter().all(|&c| c.is_ascii_digit() || c == '.');
    let number = |i: usize| number_with(text(i));
    let numbered = |i: usize| {
        text(i).len() > 1
            && text(i).last() == Some(&'.')
            && number_with(&text(i)[..text(i).len() - 1])
    };
    let marker_start = if text(t) == ['.'] && t > sentence_start && number(t - 1) {
        t - 1
    } else if numbered(t) {
        t
    } else {
        return false;
    };
    let bullets = &tokens[sentence_start..marker_start];
    bullets.len() <= MAX_BULLETS
        && bullets.iter().all(|b| {
            chars[b.start..b.end]
                .iter()
                .all(|&c| matches!(c, '*' | '-' | '•'))
        })
}

enum FinalMark {
    None,
    /// "." "!" "?" (or runs of them), possibly followed by closing quotes or brackets.
    Stop {
        after_quote: bool,
    },
    /// ".." "..." "…": ends a sentence only before a capital letter.
    Ellipsis,
    Abbreviation(Abbreviation),
}

impl FinalMark {
    /// A small number naming the variant, for the boundary model's features.
    fn code(&self) -> u32 {
        match self {
            FinalMark::None => 0,
            FinalMark::Stop { after_quote: false } => 1,
            FinalMark::Stop { after_quote: true } => 2,
            FinalMark::Ellipsis => 3,
            FinalMark::Abbreviation(Abbreviation::Leading) => 4,
            FinalMark::Abbreviation(Abbreviation::Trailing) => 5,
        }
    }
}

/// What ends the text up to and including `tokens[t]`, looking through closing quotes and
/// brackets attached to it, and through smileys.
fn final_mark(chars: &[char], tokens: &[Span], mut t: usize) -> FinalMark {
    let next_is_digit = tokens
        .get(t + 1)
        .is_some_and(|next| chars[next.start].is_ascii_digit());
    let mut after_quote = false;
    // Bounded, so a run of thousands of closing brackets costs no more than a few.
    for _ in 0..MAX_LOOK_BACK {
        if let Some(open) = citation_ending_at(chars, tokens, t) {
            if open == 0 {
                return FinalMark::None;
            }
            t = open - 1;
            continue;
        }
        let text = &chars[tokens[t].start..tokens[t].end];
        if text.iter().all(|&c| is_terminal_char(c)) {
            return if is_ellipsis(text) {
                FinalMark::Ellipsis
            } else {
                FinalMark::Stop { after_quote }
            };
        }
        if text.len() > 1 && text.last() == Some(&'.') {
            let word = &text[..text.len() - 1];
            // "etc." ends a list; before a capital it ends the sentence too.
            if word.iter().copied().eq("etc".chars()) {
                return FinalMark::Stop { after_quote };
            }
            return match abbreviations::classify(word, next_is_digit) {
                Some(kind) => FinalMark::Abbreviation(kind),
                None => FinalMark::Stop { after_quote },
            };
        }
        if is_emoticon(text) {
            // A smiley ends its sentence, after a full stop or in place of one.
            let after_ellipsis =
                t > 0 && is_ellipsis(&chars[tokens[t - 1].start..tokens[t - 1].end]);
            return if after_ellipsis {
                FinalMark::Ellipsis
            } else {
                FinalMark::Stop { after_quote }
            };
        }
        let closes =
            text.iter().all(|&c| is_closing(c)) && t > 0 && tokens[t - 1].end == tokens[t].start;
        if !closes {
            return FinalMark::None;
        }
        after_quote |= text.iter().any(|&c| is_quote(c));
        t -= 1;
    }
    FinalMark::None
}

/// Tokens [`final_mark`] looks through (closing marks, reference marks) before giving up.
const MAX_LOOK_BACK: usize = 8;

/// ".." "..." "…".
fn is_ellipsis(token: &[char]) -> bool {
    token.contains(&'…') || (token.len() > 1 && token.iter().all(|&c| c == '.'))
}

/// A reference mark such as "[12]" ending at `tokens[t]`: the index of its "[".
fn citation_ending_at(chars: &[char], tokens: &[Span], t: usize) -> Option<usize> {
    let text = |i: usize| &chars[tokens[i].start..tokens[i].end];
    let is_citation = t >= 2
        && text(t) == [']']
        && text(t - 1).iter().all(char::is_ascii_digit)
        && text(t - 2) == ['['];
    is_citation.then(|| t - 2)
}

/// Closing quotes and brackets. Straight quotes count when attached to the token before.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '」' | '』'
    )
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '›' | '」' | '』')
}

fn is_url(token: &[char]) -> bool {
    token.windows(3).any(|w| w == [':', '/', '/']) || token.starts_with(&['w', 'w', 'w', '.'])
}

/// A straight quote, which opens or closes depending on the spaces around it.
fn is_straight_quote(token: &[char]) -> bool {
    token.iter().all(|&c| c == '"' || c == '\'')
}

/// ":)", ";-)", "=(" and the like, as the tokenizer keeps them.
fn is_emoticon(token: &[char]) -> bool {
    token.len() > 1
        && matches!(token[0], ':' | ';' | '=')
        && !token[1..].iter().any(|&c| c.is_lowercase())
}

/// Whether a sentence may start with this token, which does not start with a letter or
/// digit: an opening quote or bracket, a currency sign, a dash or an ellipsis may;
/// punctuation that continues or ends a sentence may not.
fn can_start_sentence(token: &[char]) -> bool {
    let first = token[0];
    is_ellipsis(token)
        || !is_terminal_char(first)
            && !is_closing(first)
            && !matches!(first, ',' | ';' | ':' | '%' | '*')
}

#[cfg(test)]
mod tests {
    use crate::{tokenize, SentenceSplitter};

    /// The rules alone, without the shipped model.
    fn sentences(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        SentenceSplitter::rules()
            .split(text, &tokenize(text))
            .iter()
            .map(|s| chars[s.span.start..s.span.end].iter().collect())
            .collect()
    }

    fn shipped(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        SentenceSplitter::shipped()
            .split(text, &tokenize(text))
            .iter()
            .map(|s| chars[s.span.start..s.span.end].iter().collect())
            .collect()
    }

    #[test]
    fn shipped_model_keeps_the_news_cases() {
        assert_eq!(
            shipped("Gen. Smith met J. R. R. Tolkien on Jan. 7 at 3.5 p.m. in the U.S. It rained."),
            [
                "Gen. Smith met J. R. R. Tolkien on Jan. 7 at 3.5 p.m. in the U.S.",
                "It rained."
            ]
        );
        assert_eq!(
            shipped("“We will do so,” Kassym-Jomart Tokayev said. “Why?” she asked. He left."),
            [
                "“We will do so,” Kassym-Jomart Tokayev said.",
                "“Why?” she asked.",
                "He left."
            ]
        );
        assert_eq!(
            shipped("He said: \"We will do so.\" Then he left.\n\nHeadline without stop\n\nBody."),
            [
                "He said: \"We will do so.\"",
                "Then he left.",
                "Headline without stop",
                "Body."
            ]
        );
    }

    #[test]
    fn survives_abbreviations_initials_and_decimals() {
        assert_eq!(
            sentences(
                "Gen. Smith met J. R. R. Tolkien on Jan. 7 at 3.5 p.m. in the U.S. It rained."
            ),
            [
                "Gen. Smith met J. R. R. Tolkien on Jan. 7 at 3.5 p.m. in the U.S.",
                "It rained."
            ]
        );
        assert_eq!(
            sentences("Apple Inc. said so. Mr. Cook agreed."),
            ["Apple Inc. said so.", "Mr. Cook agreed."]
        );
        assert_eq!(
            sentences("The U.S. State Department agreed."),
            ["The U.S. State Department agreed."]
        );
    }

    #[test]
    fn quotes_close_the_sentence_they_end() {
        assert_eq!(
            sentences("He said: \"We will do so.\" Then he left. «Non!» Il part."),
            [
                "He said: \"We will do so.\"",
                "Then he left.",
                "«Non!»",
                "Il part."
            ]
        );
        assert_eq!(
            sentences("“Why?” she asked (twice.) Fine."),
            ["“Why?” she asked (twice.)", "Fine."]
        );
        assert_eq!(
            sentences("He left. \"They came,\" she said. \"Go.\" Done."),
            ["He left.", "\"They came,\" she said.", "\"Go.\"", "Done."]
        );
    }

    #[test]
    fn lower_case_continuations_and_ellipses() {
        assert_eq!(
            sentences("Wait... what? no way. :) OK!"),
            ["Wait... what?", "no way. :)", "OK!"]
        );
        assert_eq!(
            sentences("thank you :) They left. ... and then"),
            ["thank you :)", "They left.", "... and then"]
        );
        assert_eq!(
            sentences("It ended… Then silence."),
            ["It ended…", "Then silence."]
        );
    }

    #[test]
    fn reference_marks_stay_with_their_sentence() {
        assert_eq!(
            sentences("He died in 2014. [4] His work lives on."),
            ["He died in 2014. [4]", "His work lives on."]
        );
    }

    #[test]
    fn list_numbers_open_their_item() {
        assert_eq!(
            sentences("Plans:\n\n1. The first. 2. The second."),
            ["Plans:", "1. The first.", "2. The second."]
        );
    }

    #[test]
    fn paragraph_breaks_always_split() {
        assert_eq!(
            sentences("Headline without stop\n\nBody text. More"),
            ["Headline without stop", "Body text.", "More"]
        );
        assert_eq!(sentences("one line\nnext line"), ["one line\nnext line"]);
    }

    #[test]
    fn a_parenthesis_opened_mid_sentence_closes_in_it() {
        for split in [sentences, shipped] {
            assert_eq!(
                split("Rep. Jane Roe (D-Mo.) said during a hearing that it was wrong. (He left.) Then rain."),
                [
                    "Rep. Jane Roe (D-Mo.) said during a hearing that it was wrong.",
                    "(He left.)",
                    "Then rain."
                ]
            );
        }
    }

    #[test]
    fn empty_text_has_no_sentences() {
        assert!(sentences("").is_empty());
        assert!(sentences("   \n\n ").is_empty());
    }
}
