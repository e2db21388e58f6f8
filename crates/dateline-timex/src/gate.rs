//! Which lines of a text a rule needs to search. Each rule's pattern scanned the whole text
//! (about a tenth of the pipeline's time after the language core), yet a rule can only match
//! on a line holding certain words: a month name, a digit, a unit of time. One pass of an
//! Aho-Corasick automaton finds those key words on every line, and each rule then searches
//! only the lines that hold a key of every group it needs. No rule's match spans a line
//! break (whitespace inside an expression is `[^\S\n]`), so the matches are the same.

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use std::sync::LazyLock;

/// Groups of key words, one bit each; a rule needs a key of every group in its set.
pub type Needs = u32;

/// No key words: the rule searches the whole text at once (its match may begin with the
/// line break before it).
pub const WHOLE_TEXT: Needs = 0;
pub const MONTH: Needs = 1;
pub const DIGIT: Needs = 1 << 1;
pub const WEEKDAY: Needs = 1 << 2;
pub const PART_OF_DAY: Needs = 1 << 3;
pub const REFERENCE: Needs = 1 << 4;
pub const CALENDAR_UNIT: Needs = 1 << 5;
pub const UNIT: Needs = 1 << 6;
pub const DIRECTION: Needs = 1 << 7;
pub const SLASH: Needs = 1 << 8;
pub const COLON: Needs = 1 << 9;
pub const CENTURY: Needs = 1 << 10;
pub const QUARTER: Needs = 1 << 11;
pub const SEASON: Needs = 1 << 12;
pub const EVERY: Needs = 1 << 13;
pub const FREQUENCY: Needs = 1 << 14;
pub const MERIDIEM: Needs = 1 << 15;
pub const ZONE: Needs = 1 << 16;
pub const MIDDAY: Needs = 1 << 17;

/// The key words of each group, lower case: every alternative of the rules' word lists
/// contains one ("nowadays" holds "now", "sept" holds "sep", "centuries" holds "centur").
const GROUPS: &[(Needs, &[&str])] = &[
    (
        MONTH,
        &[
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ],
    ),
    (DIGIT, &["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]),
    (
        WEEKDAY,
        &[
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ],
    ),
    (PART_OF_DAY, &["morning", "afternoon", "evening", "night"]),
    (
        REFERENCE,
        &[
            "today",
            "tonight",
            "yesterday",
            "tomorrow",
            "now",
            "currently",
            "present",
            "recent",
            "lately",
            "past",
            "future",
            "soon",
        ],
    ),
    (
        CALENDAR_UNIT,
        &["week", "month", "year", "quarter", "decade", "century"],
    ),
    (
        UNIT,
        &[
            "second", "minute", "hour", "day", "night", "week", "month", "quarter", "year",
            "decade", "centur",
        ],
    ),
    (DIRECTION, &["ago", "earlier", "later", "now", "hence"]),
    (SLASH, &["/"]),
    (COLON, &[":"]),
    (CENTURY, &["century"]),
    (QUARTER, &["quarter"]),
    (SEASON, &["spring", "summer", "autumn", "fall", "winter"]),
    (EVERY, &["every", "each", "per"]),
    (
        FREQUENCY,
        &[
            "daily", "weekly", "monthly", "annually", "yearly", "hourly", "nightly",
        ],
    ),
    (MERIDIEM, &["am", "pm", "a.m", "p.m"]),
    (ZONE, &["utc", "gmt"]),
    (MIDDAY, &["noon", "midday", "midnight"]),
];

/// Characters outside ASCII that the rules' case-insensitive patterns match as an ASCII
/// letter (Kelvin sign for "k", long s for "s"), which the ASCII key search would miss.
const FOLDS_TO_ASCII: [char; 2] = ['\u{212A}', '\u{17F}'];

struct Keys {
    automaton: AhoCorasick,
    /// The groups each key word belongs to, by pattern id.
    groups: Vec<Needs>,
}

static KEYS: LazyLock<Keys> = LazyLock::new(|| {
    let mut words: Vec<&str> = Vec::new();
    let mut groups: Vec<Needs> = Vec::new();
    for &(group, keys) in GROUPS {
        for &key in keys {
            match words.iter().position(|w| *w == key) {
                Some(i) => groups[i] |= group,
                None => {
                    words.push(key);
                    groups.push(group);
                }
            }
        }
    }
    let automaton = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&words)
        .expect("timex key words fit an automaton");
    Keys { automaton, groups }
});

/// A line of the text in bytes, with its line break, and the key groups it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    pub holds: Needs,
}

impl Line {
    pub fn has(&self, needs: Needs) -> bool {
        self.holds & needs == needs
    }
}

/// The lines of `text` with the key groups each holds, or `None` when the text has a
/// character the ASCII key search cannot vouch for (a non-ASCII digit, which `\d` matches,
/// or a character folding to an ASCII letter): then every rule searches the whole text.
pub fn lines(text: &str) -> Option<Vec<Line>> {
    if !text.is_ascii()
        && text
            .chars()
            .any(|c| !c.is_ascii() && (c.is_numeric() || FOLDS_TO_ASCII.contains(&c)))
    {
        return None;
    }
    let mut lines = Vec::new();
    let mut start = 0;
    for (newline, _) in text.match_indices('\n') {
        lines.push(Line {
            start,
            end: newline + 1,
            holds: 0,
        });
        start = newline + 1;
    }
    if start < text.len() || lines.is_empty() {
        lines.push(Line {
            start,
            end: text.len(),
            holds: 0,
        });
    }
    let keys = &*KEYS;
    for hit in keys.automaton.find_overlapping_iter(text) {
        let line = lines.partition_point(|l| l.end <= hit.start());
        lines[line].holds |= keys.groups[hit.pattern().as_usize()];
    }
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn non_ascii_chars() -> impl Iterator<Item = char> {
        (0x80..=0x10FFFF).filter_map(char::from_u32)
    }

    #[test]
    fn only_the_listed_characters_fold_to_ascii_letters() {
        let letter = Regex::new("(?i)^[a-z]$").unwrap();
        let mut buf = [0u8; 4];
        let folding: Vec<char> = non_ascii_chars()
            .filter(|c| letter.is_match(c.encode_utf8(&mut buf)))
            .collect();
        assert_eq!(folding, vec!['\u{17F}', '\u{212A}']);
    }

    #[test]
    fn every_non_ascii_digit_is_numeric() {
        let digit = Regex::new(r"^\d$").unwrap();
        let mut buf = [0u8; 4];
        let digits: Vec<char> = non_ascii_chars()
            .filter(|c| digit.is_match(c.encode_utf8(&mut buf)))
            .collect();
        assert!(digits.len() > 100);
        assert!(digits.iter().all(|c| c.is_numeric()));
    }

    #[test]
    fn lines_hold_the_groups_of_their_keys() {
        let found = lines("On Monday, 5 MAY\n\nnowadays every hour").expect("plain text");
        assert_eq!(
            found,
            vec![
                Line {
                    start: 0,
                    end: 17,
                    holds: WEEKDAY | UNIT | DIGIT | MONTH
                },
                Line {
                    start: 17,
                    end: 18,
                    holds: 0
                },
                Line {
                    start: 18,
                    end: 37,
                    holds: REFERENCE | DIRECTION | UNIT | EVERY
                },
            ]
        );
        assert!(found[0].has(MONTH | DIGIT) && !found[0].has(MONTH | COLON));
    }

    #[test]
    fn texts_the_keys_cannot_vouch_for_are_searched_whole() {
        assert!(lines("Born in ١٩٩٠").is_none());
        assert!(lines("the \u{17F}ummer of 1990").is_none());
        assert!(lines("“Mar 3” said Zoë").is_some());
    }
}
