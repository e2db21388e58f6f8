//! The one key form that both the compiler and the resolver look names up by.

use unicode_normalization::UnicodeNormalization;

/// Lower case, accents removed, punctuation as single spaces, and the abbreviations that
/// news and GeoNames write in both forms spelled out ("St." -> "saint"), so that
/// "NUR-SULTAN", "Nur Sultan" and "Nur-Sultan" meet, and so do "St. Louis" and "Saint Louis".
pub fn normalise(name: &str) -> String {
    // Decomposition leaves ASCII as it is, and most names are ASCII: in an ingest profile
    // it was a large part of this function's time. The resolver normalises every candidate
    // name of every document, so ASCII names take one pass with no second string.
    if name.is_ascii() {
        return normalise_ascii(name);
    }
    let mut folded = String::with_capacity(name.len());
    name.nfd().for_each(|c| fold(c, &mut folded));
    let mut out = String::with_capacity(folded.len());
    for word in folded.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(spelled_out(word).unwrap_or(word));
    }
    out
}

/// The abbreviation `word` stands for, if it is one.
fn spelled_out(word: &str) -> Option<&'static str> {
    match word {
        "st" | "ste" => Some("saint"),
        "ft" => Some("fort"),
        "mt" => Some("mount"),
        _ => None,
    }
}

/// [`normalise`] of an ASCII name: the words are the runs of letters and digits once the
/// apostrophes are taken out, as [`fold`] leaves them.
fn normalise_ascii(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut word_start: Option<usize> = None;
    let end_word = |out: &mut String, start: usize| {
        if let Some(full) = spelled_out(&out[start..]) {
            out.truncate(start);
            out.push_str(full);
        }
    };
    for byte in name.bytes() {
        match byte {
            b'\'' | b'`' => {}
            b if b.is_ascii_alphanumeric() => {
                if word_start.is_none() {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    word_start = Some(out.len());
                }
                out.push(char::from(b.to_ascii_lowercase()));
            }
            _ => {
                if let Some(start) = word_start.take() {
                    end_word(&mut out, start);
                }
            }
        }
    }
    if let Some(start) = word_start {
        end_word(&mut out, start);
    }
    out
}

/// Appends `c` of a decomposed name to `folded`: without accents and apostrophes, lower
/// case, ligatures and special letters spelled in ASCII, punctuation as a space.
fn fold(c: char, folded: &mut String) {
    match c {
        // Combining marks left by the decomposition: the accents themselves.
        '\u{300}'..='\u{36f}' => {}
        // Apostrophes join ("Martha's Vineyard", "Coeur d'Alene").
        '\'' | '’' | '‘' | '`' => {}
        'ß' => folded.push_str("ss"),
        'æ' | 'Æ' => folded.push_str("ae"),
        'œ' | 'Œ' => folded.push_str("oe"),
        'ø' | 'Ø' => folded.push('o'),
        'đ' | 'Đ' => folded.push('d'),
        'ł' | 'Ł' => folded.push('l'),
        'ı' => folded.push('i'),
        c if c.is_alphanumeric() => folded.extend(c.to_lowercase()),
        _ => folded.push(' '),
    }
}

/// Whether every letter of `name` is Latin script: the names an English article prints.
/// Names in other scripts are left out of the compiled gazetteer to keep it small.
pub fn is_latin(name: &str) -> bool {
    name.chars().all(|c| {
        !c.is_alphabetic()
            || c.is_ascii_alphabetic()
            || ('\u{c0}'..='\u{24f}').contains(&c)
            || ('\u{1e00}'..='\u{1eff}').contains(&c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_meet() {
        assert_eq!(normalise("NUR-SULTAN"), "nur sultan");
        assert_eq!(normalise("Nur Sultan"), "nur sultan");
        assert_eq!(normalise("St. Louis"), normalise("Saint Louis"));
        assert_eq!(normalise("São Paulo"), "sao paulo");
        assert_eq!(normalise("Kraków"), "krakow");
        assert_eq!(normalise("Martha’s Vineyard"), "marthas vineyard");
        assert_eq!(normalise("Düsseldorf"), "dusseldorf");
    }

    #[test]
    fn ascii_names_normalise_as_decomposed_ones_do() {
        for name in [
            "St. Louis",
            "  Ft Worth-- ",
            "Martha's Vineyard",
            "Coeur d`Alene",
            "MT. STE. HELENE's",
            "st",
            "Fast st",
            "'",
            "",
            "A1 (B2)/c3_d",
        ] {
            let mut folded = String::new();
            name.chars().for_each(|c| fold(c, &mut folded));
            let words: Vec<&str> = folded
                .split_whitespace()
                .map(|w| spelled_out(w).unwrap_or(w))
                .collect();
            assert_eq!(normalise(name), words.join(" "), "{name:?}");
        }
        assert_eq!(normalise("MT. STE. HELENE's"), "mount saint helenes");
    }

    #[test]
    fn latin_only() {
        assert!(is_latin("Nur-Sultan"));
        assert!(is_latin("Łódź"));
        assert!(!is_latin("Астана"));
        assert!(!is_latin("أستانا"));
    }
}
