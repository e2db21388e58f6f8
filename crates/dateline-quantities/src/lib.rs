//! Quantities in news text.
//!
//! In: text (and spans to leave alone, such as time expressions already found).
//! Out: [`Quantity`]s: "about 20,000 militants" -> 20000, approximate, unit "militants";
//! "Thousands of casualties" -> 1000, approximate, lower bound, a casualty count;
//! "$1.2 billion" -> 1.2e9 USD; "3.5%" -> 3.5 percent; "30th anniversary" -> ordinal 30.

pub use dateline_document::Quantity;
use dateline_document::{cuts_a_word, Span, TextIndex};
use regex::{Captures, Regex};
use std::sync::LazyLock;

const NUMBER_WORDS: &str = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety";

static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    let modifier = r"(?P<modifier>about|around|approximately|roughly|nearly|almost|some|an\s+estimated|estimated|up\s+to|more\s+than|over|at\s+least|fewer\s+than|less\s+than|under|as\s+many\s+as|at\s+most|no\s+fewer\s+than|no\s+more\s+than|close\s+to|just\s+over|just\s+under)";
    let currency = r"(?P<currency>US\$|\$|£|€|¥)";
    let digits = r"(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)";
    let scale = r"(?P<scale>thousand|million|billion|trillion|bn|mn|m|k)";
    let words = format!(
        r"(?P<words>(?:{NUMBER_WORDS})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|a\s+dozen|a\s+hundred|a\s+thousand|a\s+million|a\s+billion)"
    );
    let plural = r"(?P<plural>(?:tens|hundreds)\s+of\s+(?:thousands|millions)|dozens|scores|hundreds|thousands|millions|billions)\s+of";
    let ordinal = r"(?P<ordinal>\d+)(?:st|nd|rd|th)";
    let percent = r"(?P<percent>\s?%|\s+percent|\s+per\s+cent)";
    // ASCII word boundaries: a Unicode one makes the regex engine give up its fast automaton
    // on any text with a curly quote or an accent; `find` drops a match that an accented
    // letter continues.
    Regex::new(&format!(
        r"(?i)(?:\b{modifier}[^\S\n]+)?(?:\b{plural}|\b{ordinal}\b|(?:{currency}|\b)(?:{digits}|{words})\b(?:[^\S\n]*{scale}\b)?{percent}?)"
    )
    .replace(r"\b", r"(?-u:\b)")
    // Case folding a negated class walks the whole of Unicode at start-up; spaces have no case.
    .replace(r"[^\S\n]", r"(?-i:[^\S\n])"))
    .expect("valid quantity pattern")
});

static NEXT_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^\S\n]*(?:of[^\S\n]+)?(?P<word>[\p{L}][\p{L}'’-]*)").expect("valid pattern")
});

/// Words that follow a number without being what it counts.
const NOT_UNITS: [&str; 24] = [
    "the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "for", "from", "by", "with",
    "were", "was", "are", "is", "have", "had", "has", "per", "percent", "who",
];

/// The casualty kind that a word in the quantity's neighbourhood signals.
fn casualty_kind(word: &str) -> Option<&'static str> {
    Some(match word {
        "killed" | "dead" | "died" | "deaths" | "death" | "fatalities" | "bodies" | "lives"
        | "murdered" | "slain" => "killed",
        "injured" | "wounded" | "hurt" | "injuries" => "injured",
        "detained" | "arrested" | "jailed" | "detentions" | "arrests" | "held" | "captured" => {
            "detained"
        }
        "missing" => "missing",
        "displaced" | "evacuated" | "refugees" => "displaced",
        "casualties" | "victims" => "casualties",
        _ => return None,
    })
}

/// Finds the quantities of `text`, leaving out numbers inside `skip` spans (code points),
/// such as dates and times already recognised.
pub fn find(text: &str, skip: &[Span]) -> Vec<Quantity> {
    let index = TextIndex::new(text);
    QUANTITY
        .captures_iter(text)
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            let span = index.span_of_bytes(whole.start(), whole.end());
            if skip.iter().any(|s| s.overlap(span) > 0)
                || cuts_a_word(text, whole.start(), whole.end())
                || looks_like_a_year(&caps, text, whole.end())
            {
                return None;
            }
            quantity(&caps, text, &index, span)
        })
        .collect()
}

/// "2022" standing alone is a year, not a count; "2,022" or "2022 people" is a count.
fn looks_like_a_year(caps: &Captures, text: &str, end: usize) -> bool {
    let Some(digits) = caps.name("digits") else {
        return false;
    };
    let next = NEXT_WORD
        .captures(&text[end..])
        .and_then(|c| c.name("word"))
        .map(|w| w.as_str().to_lowercase());
    digits.as_str().len() == 4
        && matches!(digits.as_str().parse::<u32>(), Ok(1900..=2099))
        && caps.name("currency").is_none()
        && caps.name("percent").is_none()
        && next.is_none_or(|w| NOT_UNITS.contains(&w.as_str()) || !w.ends_with('s'))
}

fn word_value(words: &str) -> Option<f64> {
    let w = words.to_lowercase();
    let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
    let small = |s: &str| {
        NUMBER_WORDS.split('|').position(|x| x == s).map(|p| {
            if p < 20 {
                p as f64 + 1.0
            } else {
                (p as f64 - 17.0) * 10.0
            }
        })
    };
    Some(match w.as_str() {
        "a dozen" => 12.0,
        "a hundred" => 100.0,
        "a thousand" => 1e3,
        "a million" => 1e6,
        "a billion" => 1e9,
        _ => match w.split_once('-') {
            Some((tens, ones)) => small(tens)? + small(ones)?,
            None => small(&w)?,
        },
    })
}

fn quantity(caps: &Captures, text: &str, index: &TextIndex, span: Span) -> Option<Quantity> {
    let modifier = caps.name("modifier").map(|m| {
        m.as_str()
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    });
    let mut q = Quantity {
        span,
        value: 0.0,
        approximate: false,
        lower_bound: false,
        upper_bound: false,
        ordinal: false,
        percent: caps.name("percent").is_some(),
        currency: caps.name("currency").map(|c| {
            match c.as_str() {
                "£" => "GBP",
                "€" => "EUR",
                "¥" => "JPY",
                _ => "USD",
            }
            .to_string()
        }),
        unit: None,
        unit_span: None,
        casualty: None,
    };
    if let Some(plural) = caps.name("plural") {
        let p = plural.as_str().to_lowercase();
        q.value = if p.contains("tens of thousands") {
            1e4
        } else if p.contains("hundreds of thousands") {
            1e5
        } else if p.contains("tens of millions") {
            1e7
        } else if p.contains("hundreds of millions") {
            1e8
        } else if p.starts_with("dozens") {
            12.0
        } else if p.starts_with("scores") {
            20.0
        } else if p.starts_with("hundreds") {
            100.0
        } else if p.starts_with("thousands") {
            1e3
        } else if p.starts_with("millions") {
            1e6
        } else {
            1e9
        };
        q.approximate = true;
        q.lower_bound = true;
    } else if let Some(ordinal) = caps.name("ordinal") {
        q.value = ordinal.as_str().parse().ok()?;
        q.ordinal = true;
    } else {
        let base = match (caps.name("digits"), caps.name("words")) {
            (Some(d), _) => d.as_str().replace(',', "").parse::<f64>().ok()?,
            (None, Some(w)) => word_value(w.as_str())?,
            _ => return None,
        };
        // "one" alone is too often a pronoun ("one of them") to count as a quantity.
        if caps
            .name("words")
            .is_some_and(|w| w.as_str().eq_ignore_ascii_case("one"))
            && caps.name("modifier").is_none()
        {
            return None;
        }
        let scale = caps.name("scale").map(|s| s.as_str().to_lowercase());
        // "m" and "k" are scales only right after a money amount ("$3m"), not "5 m" of height.
        let factor = match scale.as_deref() {
            Some("thousand") => 1e3,
            Some("k") if q.currency.is_some() => 1e3,
            Some("million" | "mn") => 1e6,
            Some("m") if q.currency.is_some() => 1e6,
            Some("billion" | "bn") => 1e9,
            Some("trillion") => 1e12,
            _ => 1.0,
        };
        q.value = base * factor;
    }
    if !q.value.is_finite() {
        return None;
    }
    match modifier.as_deref() {
        Some(
            "about" | "around" | "approximately" | "roughly" | "some" | "an estimated"
            | "estimated" | "close to",
        ) => q.approximate = true,
        Some("nearly" | "almost" | "just under") => {
            q.approximate = true;
            q.upper_bound = true;
        }
        Some("more than" | "over" | "at least" | "no fewer than" | "just over") => {
            q.lower_bound = true
        }
        Some(
            "up to" | "fewer than" | "less than" | "under" | "at most" | "no more than"
            | "as many as",
        ) => q.upper_bound = true,
        _ => {}
    }
    let end_byte = index.byte(span.end);
    if !q.percent {
        if let Some(word) = NEXT_WORD
            .captures(&text[end_byte..])
            .and_then(|c| c.name("word"))
        {
            let lower = word.as_str().to_lowercase();
            if !NOT_UNITS.contains(&lower.as_str()) {
                let (s, e) = (end_byte + word.start(), end_byte + word.end());
                q.unit = Some(word.as_str().to_string());
                q.unit_span = Some(index.span_of_bytes(s, e));
                // The evidence span covers what is counted: "about 20,000 militants".
                q.span.end = index.char(e);
            }
        }
    }
    q.casualty = casualty_near(text, end_byte, q.unit.as_deref());
    Some(q)
}

/// A casualty word as the unit ("casualties") or within a few words after the count
/// ("12 people were killed", "20 dead").
fn casualty_near(text: &str, end_byte: usize, unit: Option<&str>) -> Option<String> {
    if let Some(kind) = unit.and_then(|u| casualty_kind(&u.to_lowercase())) {
        return Some(kind.to_string());
    }
    let sentence_end = text[end_byte..]
        .find(['.', '\n', ';'])
        .map_or(text.len(), |i| end_byte + i);
    text[end_byte..sentence_end]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(5)
        .find_map(|w| casualty_kind(&w.to_lowercase()))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Quantity {
        let found = find(text, &[]);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn words_continued_by_an_accented_letter_are_no_numbers() {
        assert_eq!(find("Ella tenía razón, dijo Marín.", &[]), vec![]);
        assert_eq!(one("Costó 12 millones, más o menos.").value, 12.0);
        assert_eq!(one("Tokayev’s ten “points”").value, 10.0);
    }

    #[test]
    fn approximate_counts_with_units() {
        let q = one("Tokayev said about 20,000 militants were involved.");
        assert_eq!(
            (q.value, q.approximate, q.unit.as_deref()),
            (20000.0, true, Some("militants"))
        );
        assert_eq!(q.span, Span::new(13, 35));
        let q = one("Thousands of casualties have been reported.");
        assert_eq!(
            (q.value, q.approximate, q.lower_bound),
            (1000.0, true, true)
        );
        assert_eq!(
            (q.unit.as_deref(), q.casualty.as_deref()),
            (Some("casualties"), Some("casualties"))
        );
        let q = one("At least 164 people were killed in the unrest.");
        assert_eq!(
            (q.value, q.lower_bound, q.casualty.as_deref()),
            (164.0, true, Some("killed"))
        );
    }

    #[test]
    fn money_percent_words_ordinals() {
        let q = one("The fund holds $1.2 billion in assets.");
        assert_eq!((q.value, q.currency.as_deref()), (1.2e9, Some("USD")));
        let q = one("Inflation reached 3.5% in December.");
        assert_eq!((q.value, q.percent), (3.5, true));
        let q = one("Police detained a dozen protesters.");
        assert_eq!((q.value, q.unit.as_deref()), (12.0, Some("protesters")));
        let q = one("It marks the 30th anniversary of independence.");
        assert_eq!((q.value, q.ordinal), (30.0, true));
        let q = one("Some twenty-five soldiers were wounded.");
        assert_eq!(
            (q.value, q.approximate, q.casualty.as_deref()),
            (25.0, true, Some("injured"))
        );
    }

    #[test]
    fn years_pronouns_and_skipped_spans_are_not_quantities() {
        assert!(find("In 2022 the protests began.", &[]).is_empty());
        assert!(find("One of them left.", &[]).is_empty());
        assert_eq!(one("The 2022 protesters marched.").value, 2022.0);
        assert!(find("on January 7", &[Span::new(3, 12)]).is_empty());
        assert!(find(&"9".repeat(10_000), &[]).is_empty());
    }
}
