//! The discard list: phrases that mark a sentence (or, with `+`, a whole story) as not
//! codable, such as sports results and historical chronologies. A phrase ending in `_`
//! must end at a word boundary; otherwise it is a stem.

use crate::words::{normalise, strip_comment};
use crate::Problem;
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discard {
    /// Upper-case phrase with single spaces, after the blank it must follow (" WORLD CUP").
    pub needle: String,
    pub whole_word: bool,
    pub story: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Discards {
    pub entries: Vec<Discard>,
    /// Every needle in one automaton, built on first use: thousands of phrases searched one
    /// by one cost more than parsing the sentence.
    automaton: OnceLock<AhoCorasick>,
}

/// What a text matched in the discard list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discarded {
    Sentence,
    Story,
}

impl Discards {
    pub fn read(&mut self, file: &str, text: &str, problems: &mut Vec<Problem>) {
        for (n, raw) in text.lines().enumerate() {
            if raw.trim().starts_with("<!--") {
                continue;
            }
            let body = strip_comment(raw).trim();
            if body.is_empty() {
                continue;
            }
            let (story, body) = match body.strip_prefix('+') {
                Some(rest) => (true, rest.trim()),
                None => (false, body),
            };
            let whole_word = body.ends_with('_');
            let phrase = normalise(body.trim_end_matches('_'))
                .split(['_', ' '])
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            if phrase.is_empty() {
                problems.push(Problem::new(file, n + 1, "empty discard phrase".into()));
                continue;
            }
            self.entries.push(Discard {
                needle: format!(" {phrase}"),
                whole_word,
                story,
            });
        }
        self.automaton = OnceLock::new();
    }

    /// Whether `text` (any case) contains a discard phrase starting at a word boundary.
    pub fn check(&self, text: &str) -> Option<Discarded> {
        let upper = spaced_upper(text);
        let automaton = self.automaton.get_or_init(|| {
            // A DFA: the default NFA's overlapping search took about four times the
            // instructions over news text, and the coder checks the text and every sentence.
            AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::DFA))
                .build(self.entries.iter().map(|e| e.needle.as_str()))
                .expect("discard phrases fit an automaton")
        });
        let mut found = None;
        for hit in automaton.find_overlapping_iter(&upper) {
            let entry = &self.entries[hit.pattern().as_usize()];
            let next = upper[hit.end()..].chars().next().unwrap_or(' ');
            if entry.whole_word && next.is_alphanumeric() {
                continue;
            }
            if entry.story {
                return Some(Discarded::Story);
            }
            found = Some(Discarded::Sentence);
        }
        found
    }
}

/// `text` as the discard phrases are written, in one pass: normalised and upper-cased
/// ([`normalise`]), each run of whitespace one blank, with a blank before every word and
/// after the last (" WORD WORD "; two blanks for a text without words).
fn spaced_upper(text: &str) -> String {
    let mut upper = String::with_capacity(text.len() + 2);
    upper.push(' ');
    let mut in_word = false;
    let mut chars = [0u8; 4];
    for c in text.chars() {
        // `normalise` maps character by character and never turns a blank into a non-blank
        // or back, so its words are the text's words.
        if c.is_whitespace() {
            if in_word {
                upper.push(' ');
                in_word = false;
            }
            continue;
        }
        in_word = true;
        // The ASCII case of `normalise`, which also straightens the backtick.
        if c == '`' {
            upper.push('\'');
        } else if c.is_ascii() {
            upper.push(c.to_ascii_uppercase());
        } else {
            upper.push_str(&normalise(c.encode_utf8(&mut chars)));
        }
    }
    if in_word || upper.len() == 1 {
        upper.push(' ');
    }
    upper
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn story_and_sentence_discards() {
        let mut discards = Discards::default();
        let mut problems = Vec::new();
        discards.read(
            "d.txt",
            "+ACADEMY AWARD # x\nBASEBALL\nWORLD_CUP_\n",
            &mut problems,
        );
        assert!(problems.is_empty());
        assert_eq!(
            discards.check("He won an Academy Award."),
            Some(Discarded::Story)
        );
        assert_eq!(discards.check("Baseballs flew."), Some(Discarded::Sentence));
        assert_eq!(discards.check("The World Cupcake"), None);
        assert_eq!(discards.check("Troops attacked the town."), None);
    }

    #[test]
    fn spaced_upper_is_the_normalised_words_between_blanks() {
        for text in [
            "",
            " \t\n",
            "He said ``no'' \u{2013} twice",
            "\u{2019}Tis stra\u{df}e\u{a0}ok\u{3000}x",
            "a\u{b}b  c ",
        ] {
            let normal = normalise(text);
            let words: Vec<&str> = normal.split_whitespace().collect();
            assert_eq!(
                spaced_upper(text),
                format!(" {} ", words.join(" ")),
                "{text:?}"
            );
        }
        assert_eq!(spaced_upper("``Hi''"), " ''HI'' ");
    }
}
