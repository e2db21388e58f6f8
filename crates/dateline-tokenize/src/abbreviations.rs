//! Which words followed by a period are abbreviations, and whether such an abbreviation
//! can end a sentence. Shared by the tokenizer (keep the period on the token, as UD English
//! does: "Mr.", "U.S.", "etc.") and the sentence splitter (no boundary after "Gen.").

/// How an abbreviation behaves at a possible sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Abbreviation {
    /// Always followed by more of the same sentence: titles before a name ("Gen.", "Mr."),
    /// months and weekdays before a date ("Jan. 7"), initials ("J. R. R. Tolkien").
    Leading,
    /// May be the last word of a sentence, its period doubling as the full stop
    /// ("... Apple Inc. The company", "... in the U.S. It").
    Trailing,
}

/// Titles and other abbreviations that precede what they qualify. Matched when the word
/// starts with a capital letter, so common words ("sat.", "sun.", "no.") stay words.
const LEADING_CAPITALISED: &[&str] = &[
    "adm", "apr", "aug", "capt", "cdr", "cmdr", "col", "cpl", "cpt", "dec", "det", "dr", "feb",
    "fig", "fr", "fri", "ft", "gen", "gov", "hon", "insp", "jan", "jul", "jun", "lt", "maj", "mar",
    "messrs", "mon", "mr", "mrs", "ms", "msgr", "mt", "nov", "oct", "pres", "prof", "rep", "reps",
    "rev", "sat", "sen", "sens", "sep", "sept", "sgt", "sr", "st", "sun", "supt", "thu", "thur",
    "thurs", "tue", "tues", "wed",
];

/// Leading abbreviations that are never ordinary words, so their case does not matter.
const LEADING_ANY_CASE: &[&str] = &["approx", "cf", "ca", "vs", "viz"];

/// Abbreviations that can end a sentence, any case.
const TRAILING_ANY_CASE: &[&str] = &[
    "al", "assn", "ave", "blvd", "bros", "co", "corp", "dept", "est", "etc", "govt", "inc", "jr",
    "llc", "ltd", "plc",
];

/// US state abbreviations (AP style) and similar place abbreviations; capitalised only,
/// since several are also English words ("Mass.", "Miss.", "Wash.").
const TRAILING_CAPITALISED: &[&str] = &[
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "ky",
    "la", "md", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn",
    "tex", "va", "vt", "wash", "wis", "wyo",
];

/// Longest entry in any list, so longer words are rejected without lowercasing them.
const LONGEST: usize = 6;

/// Classifies `word` (without its final period) as an abbreviation. `next_is_digit` says
/// whether the next non-space character is a digit, which makes "No." ("No. 5") an
/// abbreviation rather than the word "no" ending a sentence.
pub(crate) fn classify(word: &[char], next_is_digit: bool) -> Option<Abbreviation> {
    let first = *word.first()?;
    if word.len() == 1 {
        return first.is_alphabetic().then_some(Abbreviation::Leading);
    }
    if is_dotted_letters(word) {
        return Some(Abbreviation::Trailing);
    }
    if word.len() > LONGEST || !word.iter().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut buffer = [0u8; LONGEST];
    for (slot, c) in buffer.iter_mut().zip(word) {
        *slot = c.to_ascii_lowercase() as u8;
    }
    let lower = std::str::from_utf8(&buffer[..word.len()]).unwrap_or_default();
    let capitalised = first.is_ascii_uppercase();
    if (capitalised && LEADING_CAPITALISED.contains(&lower))
        || LEADING_ANY_CASE.contains(&lower)
        || (capitalised && next_is_digit && matches!(lower, "no" | "nos" | "vol" | "pp"))
    {
        Some(Abbreviation::Leading)
    } else if TRAILING_ANY_CASE.contains(&lower)
        || (capitalised && TRAILING_CAPITALISED.contains(&lower))
    {
        Some(Abbreviation::Trailing)
    } else {
        None
    }
}

/// Letters separated by single periods, each group at most two letters: "U.S", "e.g",
/// "a.m", "Ph.D". Domain names ("bbc.co.uk") have longer groups and are not abbreviations.
fn is_dotted_letters(word: &[char]) -> bool {
    let mut groups = 0;
    for group in word.split(|&c| c == '.') {
        if group.is_empty() || group.len() > 2 || !group.iter().all(|c| c.is_alphabetic()) {
            return false;
        }
        groups += 1;
    }
    groups >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify_str(word: &str, next_is_digit: bool) -> Option<Abbreviation> {
        classify(&word.chars().collect::<Vec<_>>(), next_is_digit)
    }

    #[test]
    fn titles_initials_and_months_lead() {
        for word in ["Mr", "Gen", "J", "Jan", "Sept", "vs"] {
            assert_eq!(
                classify_str(word, false),
                Some(Abbreviation::Leading),
                "{word}"
            );
        }
        assert_eq!(classify_str("No", true), Some(Abbreviation::Leading));
    }

    #[test]
    fn company_suffixes_and_dotted_letters_may_end_sentences() {
        for word in ["Inc", "etc", "U.S", "e.g", "Calif", "Ph.D"] {
            assert_eq!(
                classify_str(word, false),
                Some(Abbreviation::Trailing),
                "{word}"
            );
        }
    }

    #[test]
    fn ordinary_words_are_not_abbreviations() {
        for word in ["sat", "no", "No", "wash", "bbc.co.uk", "Kazakhstan", "1"] {
            assert_eq!(classify_str(word, false), None, "{word}");
        }
    }
}
