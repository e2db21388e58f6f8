//! Wire-service dateline parsing ("NUR-SULTAN, January 7. /TASS/.", "WASHINGTON (Reuters) -").
//!
//! A dateline is recognised only in the shapes wire services print it, because a false
//! dateline (a sentence that starts "NATO said") is worse than a missed one:
//! - an ALL-CAPS place of up to three words ("NUR-SULTAN", "ST. PETERSBURG", "UNITED
//!   NATIONS"), optionally a region ("KYIV, Ukraine", "NEW YORK, NY") and a date ("January
//!   7", "Jan. 7", "7 January", "April 05, 2018"), then either a slashed agency and a period
//!   ("/TASS/."), an agency in parentheses and a dash ("(Reuters) -", "(AP) —", "(Xinhua)
//!   --"; a known agency needs no dash), a bare dash ("KYIV, Ukraine —", "WASHINGTON—"), or
//!   nothing at all when place and region are the whole paragraph ("BAAR, SWITZERLAND");
//! - a Title-case place only as "Washington, DC –": a known US state or country, then a dash.
//!
//! Labels ("EXCLUSIVE –"), short acronyms before a bare dash ("UN —") and unknown
//! parenthesised names without a dash ("WASHINGTON (RNS) Evangelical") are refused.

use crate::dates;
use chrono::Weekday;
use dateline_document::{Dateline, TextIndex};
use regex::{Captures, Regex};
use std::sync::LazyLock;

/// Month names and abbreviations as datelines print them (the `dates` module decides the
/// number; this only has to find the extent).
const MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?";

/// A dash that ends a dateline: hyphen or double hyphen after a space, en or em dash or
/// horizontal bar with or without one.
const DASH: &str = r"(?:\s+--?|\s*(?:--|[–—―]))";

/// A dateline's date: "January 7", "Jan. 7", "7 January", with an optional year.
fn date_pattern() -> String {
    format!(r"{MONTH}\ \d{{1,2}}(?:,\ \d{{4}})?|\d{{1,2}}\ {MONTH}(?:\ \d{{4}})?")
}

static UPPERCASE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"\p{Lu}[\p{Lu}\p{M}'’.\-]*";
    let region_word = r"\p{Lu}[\p{L}\p{M}'’.\-]*";
    let date = date_pattern();
    let pattern = format!(
        r"(?x)
        ^(?P<place>
            (?P<city> {word} (?:\ {word}){{0,2}} )                            # ST. PETERSBURG
            (?: ,\ (?P<region> {region_word} (?:\ {region_word}){{0,2}} ) )?  # , Ukraine
        )
        (?: ,?\ (?P<date> {date} ) )?                                       # , Jan. 7
        (?:
            \.?\ / (?P<slashed> [^/\n]{{2,40}} ) / \s* (?P<slashed_end> \. | {DASH} )  # . /TASS/.
          | \s+ \( (?P<parenthesised> [^()\n]{{2,40}} ) \) (?P<parenthesised_end> {DASH} )?
          | (?P<bare_end> {DASH} )
          | (?P<alone> $ )
        )"
    );
    Regex::new(&pattern).expect("valid dateline regex")
});

static TITLE_CASE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"\p{Lu}\p{Ll}+\.?";
    let date = date_pattern();
    let pattern = format!(
        r"(?x)
        ^(?P<place>
            (?P<city> {word} (?:\ {word}){{0,2}} )                       # Washington
            (?: ,\ (?P<region> [\p{{L}}.]+ (?:\ \p{{Lu}}\p{{Ll}}+)? ) )?  # , DC
        )
        (?: ,?\ (?P<date> {date} ) )?
        (?: \s+ \( (?P<parenthesised> [^()\n]{{2,40}} ) \) )?          # (AFP)
        (?P<bare_end> {DASH} )"
    );
    Regex::new(&pattern).expect("valid dateline regex")
});

/// ALL-CAPS lead-ins that are labels, not places ("EXCLUSIVE – Roger Stone: ...").
const LABELS: &[&str] = &[
    "ADVISORY",
    "ANALYSIS",
    "BREAKING",
    "BREAKING NEWS",
    "COMMENTARY",
    "CORRECTION",
    "EDITORIAL",
    "EXCLUSIVE",
    "EXPLAINER",
    "FACT CHECK",
    "FLASH",
    "LIVE",
    "OPINION",
    "PHOTOS",
    "REVIEW",
    "UPDATE",
    "UPDATED",
    "URGENT",
    "VIDEO",
    "WATCH",
];

/// Words that start a sentence about a place rather than a dateline ("In Washington, DC —").
const PREPOSITIONS: &[&str] = &[
    "In", "At", "On", "From", "For", "To", "By", "Near", "Outside", "Inside", "Across",
];

/// Finds a dateline at the start of `paragraph` (the first body paragraph). Spans in the
/// result are code-point offsets relative to the paragraph's start; the caller shifts them.
/// `published` (ISO date, if known) lets a printed "January 7" be resolved to a full date;
/// without it `date` stays `None` and only `date_text` is kept.
pub fn parse(paragraph: &str, published: Option<&str>) -> Option<Dateline> {
    let caps = UPPERCASE_DATELINE
        .captures(paragraph)
        .filter(|caps| plausible_uppercase(paragraph, caps))
        .or_else(|| {
            TITLE_CASE_DATELINE
                .captures(paragraph)
                .filter(|caps| plausible_title_case(paragraph, caps))
        })?;
    let index = TextIndex::new(paragraph);
    let place = caps.name("place")?;
    // Interfax prints "MOSCOW. Jan 7 (Interfax) -": that period separates, it is not the place's.
    let place_end = if caps.name("region").is_none() && caps.name("date").is_some() {
        place.start() + place.as_str().trim_end_matches('.').len()
    } else {
        place.end()
    };
    let end = caps.get(0)?.end();
    let date_text = caps.name("date").map(|m| m.as_str().to_string());
    let date = date_text.as_deref().and_then(|printed| {
        // A date printed with its year needs nothing else; "January 7" needs `published`.
        dates::parse_date(printed).or_else(|| {
            let (month, day) = dates::parse_month_day(printed)?;
            let date = dates::resolve_month_day(month, day, published.and_then(dates::date_part)?)?;
            Some(date.format("%Y-%m-%d").to_string())
        })
    });
    let agency = caps
        .name("slashed")
        .or_else(|| caps.name("parenthesised"))
        .map(|m| {
            let printed = m.as_str().trim();
            known_agency(printed).map_or_else(|| printed.to_string(), String::from)
        });
    Some(Dateline {
        place: paragraph[place.start()..place_end].to_string(),
        date_text,
        date,
        agency,
        span: index.span_of_bytes(0, end),
        place_span: index.span_of_bytes(place.start(), place_end),
    })
}

/// Resolves a dateline's year-less date from the weekday the paragraph names for that day,
/// for when no publication date is known: "NUR-SULTAN, January 7. /TASS/. ... Tokayev on
/// Friday said" puts January 7 on a Friday, which within the five years up to `today`
/// happened only in 2022 (see [`dates::year_from_weekday`]). Only a paragraph whose first
/// sentence names exactly one weekday, and no other weekday anywhere, is trusted: a story
/// that mentions several days is not reliably about the dateline's own day. Returns whether
/// the date was filled.
pub fn resolve_by_weekday(
    dateline: &mut Dateline,
    paragraph: &str,
    today: chrono::NaiveDate,
) -> bool {
    if dateline.date.is_some() {
        return false;
    }
    let Some((month, day)) = dateline
        .date_text
        .as_deref()
        .and_then(dates::parse_month_day)
    else {
        return false;
    };
    let after_dateline: String = paragraph.chars().skip(dateline.span.end).collect();
    let Some(weekday) = sole_weekday(&after_dateline) else {
        return false;
    };
    match dates::year_from_weekday(month, day, weekday, today) {
        Some(date) => {
            dateline.date = Some(date.format("%Y-%m-%d").to_string());
            true
        }
        None => false,
    }
}

/// The one weekday named in `text`, provided it is named in the first sentence and no
/// other weekday is named at all.
fn sole_weekday(text: &str) -> Option<Weekday> {
    let named = |s: &str| -> Vec<Weekday> {
        s.split(|c: char| !c.is_alphabetic())
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase) && w.len() >= 6)
            .filter_map(dates::weekday_from_name)
            .collect()
    };
    let first_sentence_end = text.find(['.', '!', '?']).map_or(text.len(), |i| i + 1);
    let first = *named(&text[..first_sentence_end]).first()?;
    named(text).iter().all(|w| *w == first).then_some(first)
}

/// An ALL-CAPS match is a dateline only if the place reads as a place name: at least two
/// letters, not a label ("EXCLUSIVE"), and not a short acronym standing alone before a dash
/// ("UN —", "EU -") unless a date or an agency says it is a dateline. Without a dash the
/// agency must be a known one ("MEXICO CITY (AP) Mexico's"), and a dateline that is the
/// whole paragraph ("BAAR, SWITZERLAND") needs its region.
fn plausible_uppercase(paragraph: &str, caps: &Captures) -> bool {
    let Some(city) = caps.name("city") else {
        return false;
    };
    let letters = city.as_str().chars().filter(|c| c.is_alphabetic()).count();
    let has_region = caps.name("region").is_some();
    let short_acronym_alone = letters <= 3
        && caps.name("bare_end").is_some()
        && caps.name("date").is_none()
        && !has_region;
    let unknown_agency_without_dash = caps.name("parenthesised_end").is_none()
        && caps
            .name("parenthesised")
            .is_some_and(|agency| known_agency(agency.as_str().trim()).is_none());
    let place_alone_without_region = caps.name("alone").is_some() && !has_region;
    let rejected = letters < 2
        || LABELS.contains(&city.as_str())
        || short_acronym_alone
        || unknown_agency_without_dash
        || place_alone_without_region;
    !rejected && ends_cleanly(paragraph, caps)
}

/// The dateline must end where a word does: at the end of the paragraph, before a space,
/// or, after a dash other than a single hyphen, before a capital letter ("WASHINGTON—President",
/// "BEIJING --At"). A lone hyphen glued to a word is a compound, not a separator, and a
/// label glued to a quote ("FAREWELL—\"The Living Room...") is a column item.
fn ends_cleanly(paragraph: &str, caps: &Captures) -> bool {
    let Some(whole) = caps.get(0) else {
        return false;
    };
    let Some(next) = paragraph[whole.end()..].chars().next() else {
        return true;
    };
    let single_hyphen = whole.as_str().ends_with('-') && !whole.as_str().ends_with("--");
    next.is_whitespace() || (!single_hyphen && next.is_uppercase())
}

/// A Title-case match is a dateline only if what follows the place vouches for it: a
/// known US state or country ("Washington, DC –") or a known agency ("Paris (AFP) –"), with
/// nothing unknown in either slot, and the place is not a preposition-led phrase.
fn plausible_title_case(paragraph: &str, caps: &Captures) -> bool {
    let Some(city) = caps.name("city") else {
        return false;
    };
    let region = caps.name("region").map(|m| m.as_str());
    let agency = caps.name("parenthesised").map(|m| m.as_str().trim());
    let first_word = city.as_str().split(' ').next().unwrap_or_default();
    (region.is_some() || agency.is_some())
        && region.is_none_or(is_state_or_country)
        && agency.is_none_or(|agency| known_agency(agency).is_some())
        && !PREPOSITIONS.contains(&first_word)
        && ends_cleanly(paragraph, caps)
}

/// US states (names, postal codes and AP abbreviations) and countries, compared without
/// dots and case ("D.C." = "DC", "Calif." = "Calif").
fn is_state_or_country(region: &str) -> bool {
    #[rustfmt::skip]
    const REGIONS: &[&str] = &[
        // US states and DC: postal codes, AP style abbreviations, names.
        "al", "ak", "az", "ar", "ca", "co", "ct", "de", "dc", "fl", "ga", "hi", "id", "il", "in",
        "ia", "ks", "ky", "la", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt", "ne", "nv", "nh",
        "nj", "nm", "ny", "nc", "nd", "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut",
        "vt", "va", "wa", "wv", "wi", "wy", "ala", "ariz", "ark", "calif", "colo", "conn", "del",
        "fla", "ill", "ind", "kan", "mass", "mich", "minn", "miss", "mont", "neb", "nev", "okla",
        "ore", "tenn", "wash", "wis", "wyo", "alabama", "alaska", "arizona", "arkansas",
        "california", "colorado", "connecticut", "delaware", "florida", "georgia", "hawaii",
        "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine",
        "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana",
        "nebraska", "nevada", "new hampshire", "new jersey", "new mexico", "new york",
        "north carolina", "north dakota", "ohio", "oklahoma", "oregon", "pennsylvania",
        "rhode island", "south carolina", "south dakota", "tennessee", "texas", "utah", "vermont",
        "virginia", "washington", "west virginia", "wisconsin", "wyoming",
        // Countries most often in datelines, and the UK's nations.
        "afghanistan", "algeria", "argentina", "armenia", "australia", "austria", "azerbaijan",
        "bangladesh", "belarus", "belgium", "bolivia", "brazil", "bulgaria", "cambodia", "canada",
        "chile", "china", "colombia", "croatia", "cuba", "cyprus", "denmark", "ecuador", "egypt",
        "england", "estonia", "ethiopia", "finland", "france", "germany", "ghana", "greece",
        "haiti", "hungary", "india", "indonesia", "iran", "iraq", "ireland", "israel", "italy",
        "japan", "jordan", "kazakhstan", "kenya", "kosovo", "kuwait", "kyrgyzstan", "latvia",
        "lebanon", "libya", "lithuania", "malaysia", "mali", "mexico", "moldova", "mongolia",
        "morocco", "myanmar", "nepal", "netherlands", "new zealand", "nigeria", "north korea",
        "norway", "pakistan", "panama", "peru", "philippines", "poland", "portugal", "qatar",
        "romania", "russia", "rwanda", "saudi arabia", "scotland", "senegal", "serbia",
        "singapore", "slovakia", "somalia", "south africa", "south korea", "spain", "sri lanka",
        "sudan", "sweden", "switzerland", "syria", "taiwan", "tajikistan", "tanzania", "thailand",
        "tunisia", "turkey", "uganda", "ukraine", "uzbekistan", "venezuela", "vietnam", "wales",
        "yemen", "zimbabwe",
    ];
    let key = region.replace('.', "").to_lowercase();
    REGIONS.contains(&key.as_str())
}

/// The usual spelling of a known agency ("REUTERS", "Associated Press" -> "Reuters", "AP").
fn known_agency(printed: &str) -> Option<&'static str> {
    const AGENCIES: &[(&[&str], &str)] = &[
        (&["tass", "itar-tass"], "TASS"),
        (&["reuters"], "Reuters"),
        (&["ap", "associated press", "the associated press"], "AP"),
        (
            &["afp", "agence france-presse", "agence france presse"],
            "AFP",
        ),
        (&["xinhua", "xinhua news agency"], "Xinhua"),
        (&["ria novosti", "ria"], "RIA Novosti"),
        (&["interfax"], "Interfax"),
        (&["upi", "united press international"], "UPI"),
        (&["ians"], "IANS"),
        (&["pti"], "PTI"),
        (&["dpa"], "dpa"),
        (&["bloomberg"], "Bloomberg"),
        (&["anadolu", "anadolu agency", "aa"], "Anadolu"),
        (&["yonhap"], "Yonhap"),
        (&["kyodo", "kyodo news"], "Kyodo"),
        (&["efe"], "EFE"),
        (&["ansa"], "ANSA"),
        (&["ips"], "IPS"),
        (&["ani"], "ANI"),
        (&["cna"], "CNA"),
        (&["bernama"], "Bernama"),
        (&["irna"], "IRNA"),
        (&["sputnik"], "Sputnik"),
        (&["ukrinform"], "Ukrinform"),
        (&["kazinform"], "Kazinform"),
        (&["belta"], "BelTA"),
        (&["prensa latina"], "Prensa Latina"),
    ];
    let key = printed.to_lowercase();
    AGENCIES
        .iter()
        .find(|(names, _)| names.contains(&key.as_str()))
        .map(|(_, canonical)| *canonical)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_document::Span;

    /// (place, date_text, agency, dateline text) for a paragraph.
    fn parts(paragraph: &str) -> Option<(String, Option<String>, Option<String>, String)> {
        let d = parse(paragraph, None)?;
        let covered: String = paragraph
            .chars()
            .skip(d.span.start)
            .take(d.span.len())
            .collect();
        let place: String = paragraph
            .chars()
            .skip(d.place_span.start)
            .take(d.place_span.len())
            .collect();
        assert_eq!(place, d.place, "place_span covers the place");
        Some((d.place, d.date_text, d.agency, covered))
    }

    fn expect(
        paragraph: &str,
        place: &str,
        date_text: Option<&str>,
        agency: Option<&str>,
        covered: &str,
    ) {
        let got = parts(paragraph).unwrap_or_else(|| panic!("no dateline in {paragraph:?}"));
        let want = (
            place.to_string(),
            date_text.map(String::from),
            agency.map(String::from),
            covered.to_string(),
        );
        assert_eq!(got, want, "{paragraph}");
    }

    #[test]
    fn tass_style() {
        expect(
            "NUR-SULTAN, January 7. /TASS/. Kazakhstan’s President said",
            "NUR-SULTAN",
            Some("January 7"),
            Some("TASS"),
            "NUR-SULTAN, January 7. /TASS/.",
        );
        expect(
            "ST. PETERSBURG, January 7. /TASS/. The city",
            "ST. PETERSBURG",
            Some("January 7"),
            Some("TASS"),
            "ST. PETERSBURG, January 7. /TASS/.",
        );
    }

    #[test]
    fn agency_in_parentheses() {
        expect(
            "WASHINGTON (Reuters) - The U.S.",
            "WASHINGTON",
            None,
            Some("Reuters"),
            "WASHINGTON (Reuters) -",
        );
        expect(
            "LONDON, Jan 7 (AP) — Britain",
            "LONDON",
            Some("Jan 7"),
            Some("AP"),
            "LONDON, Jan 7 (AP) —",
        );
        expect(
            "MOSCOW, January 7 (RIA Novosti) - Russia",
            "MOSCOW",
            Some("January 7"),
            Some("RIA Novosti"),
            "MOSCOW, January 7 (RIA Novosti) -",
        );
        expect(
            "BEIJING, Jan. 7 (Xinhua) -- China",
            "BEIJING",
            Some("Jan. 7"),
            Some("Xinhua"),
            "BEIJING, Jan. 7 (Xinhua) --",
        );
        expect(
            "PARIS (AFP) – France",
            "PARIS",
            None,
            Some("AFP"),
            "PARIS (AFP) –",
        );
        expect(
            "UNITED NATIONS, Jan 7 (IPS) - The",
            "UNITED NATIONS",
            Some("Jan 7"),
            Some("IPS"),
            "UNITED NATIONS, Jan 7 (IPS) -",
        );
        expect(
            "LONDON (REUTERS) - x",
            "LONDON",
            None,
            Some("Reuters"),
            "LONDON (REUTERS) -",
        );
        expect(
            "ALMATY (Kazakh News Wire) - x",
            "ALMATY",
            None,
            Some("Kazakh News Wire"),
            "ALMATY (Kazakh News Wire) -",
        );
    }

    #[test]
    fn place_with_region_and_dash() {
        expect(
            "KYIV, Ukraine — Ukrainian forces",
            "KYIV, Ukraine",
            None,
            None,
            "KYIV, Ukraine —",
        );
        expect(
            "NEW YORK, NY – Stocks fell",
            "NEW YORK, NY",
            None,
            None,
            "NEW YORK, NY –",
        );
        expect(
            "Washington, DC – The Senate",
            "Washington, DC",
            None,
            None,
            "Washington, DC –",
        );
        expect(
            "SAN JOSE, Calif. (AP) — Apple",
            "SAN JOSE, Calif.",
            None,
            Some("AP"),
            "SAN JOSE, Calif. (AP) —",
        );
    }

    #[test]
    fn copies_that_lost_spacing_or_separator() {
        expect(
            "WASHINGTON—President Trump",
            "WASHINGTON",
            None,
            None,
            "WASHINGTON—",
        );
        expect(
            "BEIJING --At least two",
            "BEIJING",
            None,
            None,
            "BEIJING --",
        );
        expect(
            "HEMPSTEAD, N.Y. ― If it",
            "HEMPSTEAD, N.Y.",
            None,
            None,
            "HEMPSTEAD, N.Y. ―",
        );
        // A known agency vouches for a dateline whose dash was lost; an unknown one does not.
        expect(
            "MEXICO CITY (AP) Mexico's Senate",
            "MEXICO CITY",
            None,
            Some("AP"),
            "MEXICO CITY (AP)",
        );
        assert_eq!(parse("WASHINGTON (RNS) Evangelical leaders", None), None);
        // A dateline on a line of its own.
        expect(
            "BAAR, SWITZERLAND",
            "BAAR, SWITZERLAND",
            None,
            None,
            "BAAR, SWITZERLAND",
        );
    }

    #[test]
    fn date_with_year_needs_no_publication_date() {
        let d = parse(
            "LOS ANGELES, April 05, 2018 (GLOBE NEWSWIRE) -- Investment",
            None,
        )
        .unwrap();
        assert_eq!(d.date_text.as_deref(), Some("April 05, 2018"));
        assert_eq!(d.date.as_deref(), Some("2018-04-05"));
        assert_eq!(d.agency.as_deref(), Some("GLOBE NEWSWIRE"));
    }

    #[test]
    fn spans_count_code_points() {
        let d = parse("KYÏV, Ukraine — x", None).unwrap();
        assert_eq!(d.span, Span::new(0, 15));
        assert_eq!(d.place_span, Span::new(0, 13));
    }

    #[test]
    fn not_datelines() {
        for paragraph in [
            "In WASHINGTON, officials said",
            "NATO said on Friday it would",
            "US President Joe Biden said",
            "UN — the organisation said",
            "In Washington, DC – the Senate",
            "Paris (Texas) - a town",
            "Paris, Smithville (AFP) - x",
            "Jones (Reuters) said - no",
            "Washington, Smith said – and left",
            "Paris, the capital – is",
            "The BBC reported",
            "LONDON is expensive",
            "LONDON -based firms",
            "EXCLUSIVE – Roger Stone: Don’t Trust the Voting Machines.",
            "CONGRESS HAS INVESTIGATED HIM — Oz’s advice",
            "FAREWELL—\"The Living Room to close\"",
            "NATO",
            "",
        ] {
            assert_eq!(parse(paragraph, None), None, "{paragraph}");
        }
    }

    #[test]
    fn date_resolves_against_publication() {
        let d = parse(
            "NUR-SULTAN, January 7. /TASS/. x",
            Some("2022-01-07T15:00:00+03:00"),
        )
        .unwrap();
        assert_eq!(d.date.as_deref(), Some("2022-01-07"));
        let d = parse("MOSCOW, December 30. /TASS/. x", Some("2022-01-02")).unwrap();
        assert_eq!(d.date.as_deref(), Some("2021-12-30"));
        let d = parse("MOSCOW, December 30. /TASS/. x", None).unwrap();
        assert_eq!(
            (d.date, d.date_text.as_deref()),
            (None, Some("December 30"))
        );
    }

    #[test]
    fn weekday_in_the_first_sentence_gives_the_year() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let paragraph = "NUR-SULTAN, January 7. /TASS/. The President on Friday said so.";
        let mut d = parse(paragraph, None).unwrap();
        assert!(resolve_by_weekday(&mut d, paragraph, today));
        assert_eq!(d.date.as_deref(), Some("2022-01-07"));

        let two_days =
            "NUR-SULTAN, January 7. /TASS/. The President on Friday said so. Talks end on Monday.";
        let mut d = parse(two_days, None).unwrap();
        assert!(!resolve_by_weekday(&mut d, two_days, today));
        assert_eq!(d.date, None);
    }
}
