//! Word normalisation shared by the dictionaries and the coder: dictionary words are upper
//! case with `_` joining the words of a phrase; text tokens are upper-cased the same way.

/// A token or dictionary word in the form the dictionaries use: upper case, curly
/// apostrophes straightened.
pub fn normalise(word: &str) -> String {
    let mut upper = String::with_capacity(word.len());
    for c in word.chars() {
        let c = match c {
            '’' | '‘' | '`' => '\'',
            '–' | '—' => '-',
            _ => c,
        };
        // Nearly every character is ASCII: skip the Unicode case tables for those.
        if c.is_ascii() {
            upper.push(c.to_ascii_uppercase());
        } else {
            upper.extend(c.to_uppercase());
        }
    }
    upper
}

/// Splits a dictionary phrase ("AFGHAN_NATIONAL_ARMY_", "YUM YENNYEN") into words and tells
/// whether it ended with `_` (the upstream marker for "no plural" / "whole word").
pub fn phrase_words(phrase: &str) -> (Vec<String>, bool) {
    let trimmed = phrase.trim();
    let closed = trimmed.ends_with('_');
    let words = trimmed
        .split(['_', ' ', '\t'])
        .filter(|w| !w.is_empty())
        .map(normalise)
        .collect();
    (words, closed)
}

/// Regular noun plural as PETRARCH forms it: `Y` -> `IES`, `SS` -> `SSES`, else `S`.
pub fn plural(word: &str) -> String {
    if let Some(stem) = word.strip_suffix('Y') {
        let before = stem.chars().last();
        if before.is_some_and(|c| !"AEIOU".contains(c)) {
            return format!("{stem}IES");
        }
    }
    if word.ends_with("SS") || word.ends_with("SH") || word.ends_with("CH") || word.ends_with('X') {
        return format!("{word}ES");
    }
    format!("{word}S")
}

/// Regular verb forms (3rd person, past, gerund) of a root, PETRARCH-style plus the
/// consonant doubling English uses after a short stressed vowel ("STOP" -> "STOPPED").
pub fn verb_forms(root: &str) -> Vec<String> {
    let mut forms = vec![root.to_string()];
    let chars: Vec<char> = root.chars().collect();
    let last = chars.last().copied().unwrap_or(' ');
    let before = chars.len().checked_sub(2).map(|i| chars[i]).unwrap_or(' ');
    let vowel = |c: char| "AEIOU".contains(c);
    if last == 'E' {
        forms.push(format!("{root}S"));
        forms.push(format!("{root}D"));
        forms.push(format!("{}ING", &root[..root.len() - 1]));
    } else if last == 'Y' && !vowel(before) {
        let stem = &root[..root.len() - 1];
        forms.push(format!("{stem}IES"));
        forms.push(format!("{stem}IED"));
        forms.push(format!("{root}ING"));
    } else {
        forms.push(plural(root));
        forms.push(format!("{root}ED"));
        forms.push(format!("{root}ING"));
        let third = chars.len().checked_sub(3).map(|i| chars[i]).unwrap_or('A');
        if chars.len() <= 4
            && !vowel(last)
            && !"WXY".contains(last)
            && vowel(before)
            && !vowel(third)
        {
            forms.push(format!("{root}{last}ED"));
            forms.push(format!("{root}{last}ING"));
        }
    }
    forms
}

/// Drops a `# comment` (and the older `; comment`) from a dictionary line.
pub fn strip_comment(line: &str) -> &str {
    let end = line.find(['#', ';']).unwrap_or(line.len());
    &line[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_and_verb_forms() {
        assert_eq!(plural("ARMY"), "ARMIES");
        assert_eq!(plural("ATTORNEY"), "ATTORNEYS");
        assert_eq!(plural("PRESS"), "PRESSES");
        assert_eq!(plural("TROOP"), "TROOPS");
        assert_eq!(
            verb_forms("ARRIVE"),
            ["ARRIVE", "ARRIVES", "ARRIVED", "ARRIVING"]
        );
        assert!(verb_forms("STOP").contains(&"STOPPED".to_string()));
        assert!(verb_forms("ATTACK").contains(&"ATTACKED".to_string()));
        assert!(verb_forms("DENY").contains(&"DENIED".to_string()));
    }

    #[test]
    fn phrases_split_on_underscores() {
        assert_eq!(
            phrase_words("AFGHAN_NATIONAL_ARMY_"),
            (
                vec!["AFGHAN".into(), "NATIONAL".into(), "ARMY".into()],
                true
            )
        );
        assert_eq!(normalise("Kazakhstan’s"), "KAZAKHSTAN'S");
        // Outside ASCII the Unicode case mapping still applies, one to many included.
        assert_eq!(normalise("Zürich straße `x` – é"), "ZÜRICH STRASSE 'X' - É");
        assert_eq!(strip_comment("ABC [X] # note"), "ABC [X] ");
    }
}
