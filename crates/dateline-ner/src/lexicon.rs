//! How words are usually written: for each lower-cased word, how often it is capitalised
//! when not first in its sentence, and how frequent it is, counted by our code over plain
//! text (the training sentences and unlabelled treebank text).
//!
//! This is what tells "Good" or "FREE" at the start of a web post (a word almost always
//! written in lower case) from "Tampa" (almost always capitalised), independently of how
//! the text at hand is cased. Stored as word hashes and one byte per word.

use crate::features::{lower_hash, HashMapU64};

/// Words seen fewer times than this (away from a sentence start) are not described.
const MIN_COUNT: u32 = 3;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lexicon {
    /// Lower-case word hash -> `capitalisation bucket << 2 | frequency bucket`.
    classes: HashMapU64<u8>,
}

/// Counts words of sentences, then summarises them into a [`Lexicon`].
#[derive(Debug, Default)]
pub struct LexiconCounter {
    /// Lower-case word hash -> (capitalised count, total count), sentence starts excluded.
    counts: HashMapU64<(u32, u32)>,
}

impl LexiconCounter {
    pub fn add_sentence<S: AsRef<str>>(&mut self, words: &[S]) {
        for word in words.iter().skip(1) {
            let word = word.as_ref();
            let Some(first) = word.chars().next() else {
                continue;
            };
            if !first.is_alphabetic() {
                continue;
            }
            let entry = self.counts.entry(lower_hash(word)).or_insert((0, 0));
            entry.0 += u32::from(first.is_uppercase());
            entry.1 += 1;
        }
    }

    pub fn finish(&self) -> Lexicon {
        let classes = self
            .counts
            .iter()
            .filter(|(_, (_, total))| *total >= MIN_COUNT)
            .map(|(key, &(capitalised, total))| (*key, class(capitalised, total)))
            .collect();
        Lexicon { classes }
    }
}

/// Capitalisation ratio in five buckets and frequency in four.
fn class(capitalised: u32, total: u32) -> u8 {
    let ratio = f64::from(capitalised) / f64::from(total);
    let capitalisation = match ratio {
        r if r < 0.05 => 0,
        r if r < 0.3 => 1,
        r if r < 0.7 => 2,
        r if r < 0.95 => 3,
        _ => 4,
    };
    let frequency = match total {
        0..=9 => 0,
        10..=99 => 1,
        100..=999 => 2,
        _ => 3,
    };
    capitalisation << 2 | frequency
}

/// Feature value for a word absent from the lexicon (rare or unseen).
pub const UNKNOWN: u8 = 0xff;

impl Lexicon {
    /// The class of a word given its lower-case hash, [`UNKNOWN`] if absent.
    #[inline]
    pub fn class(&self, lower: u64) -> u8 {
        self.classes.get(&lower).copied().unwrap_or(UNKNOWN)
    }

    pub fn len(&self) -> usize {
        self.classes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }

    /// Sorted (word hash, class) pairs, so the model file is reproducible.
    pub fn entries(&self) -> Vec<(u64, u8)> {
        let mut entries: Vec<(u64, u8)> = self.classes.iter().map(|(k, v)| (*k, *v)).collect();
        entries.sort_unstable();
        entries
    }

    pub fn from_entries(entries: impl IntoIterator<Item = (u64, u8)>) -> Lexicon {
        Lexicon {
            classes: entries.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalisation_is_counted_away_from_sentence_starts() {
        let mut counter = LexiconCounter::default();
        for _ in 0..20 {
            counter.add_sentence(&["Good", "food", "in", "Tampa", "."]);
            counter.add_sentence(&["Tampa", "has", "good", "food"]);
        }
        counter.add_sentence(&["rare", "word"]);
        let lexicon = counter.finish();
        let good = lexicon.class(lower_hash("GOOD"));
        let tampa = lexicon.class(lower_hash("tampa"));
        assert_eq!(
            good >> 2,
            0,
            "\"good\" is written in lower case mid-sentence"
        );
        assert_eq!(tampa >> 2, 4, "\"Tampa\" is always capitalised");
        assert_eq!(lexicon.class(lower_hash("word")), UNKNOWN, "too rare");
        assert_eq!(Lexicon::from_entries(lexicon.entries()), lexicon);
    }
}
