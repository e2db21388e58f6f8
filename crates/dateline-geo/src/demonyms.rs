//! Demonyms and adjectives of place ("Kazakh", "Russian", "European") and what they name:
//! a country by ISO code, or a continent by its GeoNames continent name. Written for this
//! crate from common English usage.

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// What a demonym points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Demonym {
    Country(&'static str),
    Continent(&'static str),
}

const COUNTRIES: &[(&str, &str)] = &[
    ("Afghan", "AF"),
    ("Albanian", "AL"),
    ("Algerian", "DZ"),
    ("American", "US"),
    ("Angolan", "AO"),
    ("Argentine", "AR"),
    ("Argentinian", "AR"),
    ("Armenian", "AM"),
    ("Australian", "AU"),
    ("Austrian", "AT"),
    ("Azerbaijani", "AZ"),
    ("Azeri", "AZ"),
    ("Bahraini", "BH"),
    ("Bangladeshi", "BD"),
    ("Belarusian", "BY"),
    ("Belgian", "BE"),
    ("Bolivian", "BO"),
    ("Bosnian", "BA"),
    ("Brazilian", "BR"),
    ("British", "GB"),
    ("Bulgarian", "BG"),
    ("Burmese", "MM"),
    ("Burundian", "BI"),
    ("Cambodian", "KH"),
    ("Cameroonian", "CM"),
    ("Canadian", "CA"),
    ("Chadian", "TD"),
    ("Chilean", "CL"),
    ("Chinese", "CN"),
    ("Colombian", "CO"),
    ("Congolese", "CD"),
    ("Croatian", "HR"),
    ("Cuban", "CU"),
    ("Cypriot", "CY"),
    ("Czech", "CZ"),
    ("Danish", "DK"),
    ("Dutch", "NL"),
    ("Ecuadorian", "EC"),
    ("Egyptian", "EG"),
    ("Emirati", "AE"),
    ("English", "GB"),
    ("Eritrean", "ER"),
    ("Estonian", "EE"),
    ("Ethiopian", "ET"),
    ("Filipino", "PH"),
    ("Finnish", "FI"),
    ("French", "FR"),
    ("Georgian", "GE"),
    ("German", "DE"),
    ("Ghanaian", "GH"),
    ("Greek", "GR"),
    ("Guatemalan", "GT"),
    ("Guinean", "GN"),
    ("Haitian", "HT"),
    ("Honduran", "HN"),
    ("Hungarian", "HU"),
    ("Icelandic", "IS"),
    ("Indian", "IN"),
    ("Indonesian", "ID"),
    ("Iranian", "IR"),
    ("Iraqi", "IQ"),
    ("Irish", "IE"),
    ("Israeli", "IL"),
    ("Italian", "IT"),
    ("Ivorian", "CI"),
    ("Jamaican", "JM"),
    ("Japanese", "JP"),
    ("Jordanian", "JO"),
    ("Kazakh", "KZ"),
    ("Kazakhstani", "KZ"),
    ("Kenyan", "KE"),
    ("Korean", "KR"),
    ("Kosovar", "XK"),
    ("Kuwaiti", "KW"),
    ("Kyrgyz", "KG"),
    ("Lao", "LA"),
    ("Laotian", "LA"),
    ("Latvian", "LV"),
    ("Lebanese", "LB"),
    ("Liberian", "LR"),
    ("Libyan", "LY"),
    ("Lithuanian", "LT"),
    ("Macedonian", "MK"),
    ("Malagasy", "MG"),
    ("Malawian", "MW"),
    ("Malaysian", "MY"),
    ("Malian", "ML"),
    ("Maltese", "MT"),
    ("Mauritanian", "MR"),
    ("Mexican", "MX"),
    ("Moldovan", "MD"),
    ("Mongolian", "MN"),
    ("Montenegrin", "ME"),
    ("Moroccan", "MA"),
    ("Mozambican", "MZ"),
    ("Namibian", "NA"),
    ("Nepalese", "NP"),
    ("Nepali", "NP"),
    ("Nicaraguan", "NI"),
    ("Nigerian", "NG"),
    ("Nigerien", "NE"),
    ("Norwegian", "NO"),
    ("Omani", "OM"),
    ("Pakistani", "PK"),
    ("Palestinian", "PS"),
    ("Panamanian", "PA"),
    ("Paraguayan", "PY"),
    ("Peruvian", "PE"),
    ("Philippine", "PH"),
    ("Polish", "PL"),
    ("Portuguese", "PT"),
    ("Qatari", "QA"),
    ("Romanian", "RO"),
    ("Russian", "RU"),
    ("Rwandan", "RW"),
    ("Salvadoran", "SV"),
    ("Saudi", "SA"),
    ("Scottish", "GB"),
    ("Senegalese", "SN"),
    ("Serbian", "RS"),
    ("Serb", "RS"),
    ("Singaporean", "SG"),
    ("Slovak", "SK"),
    ("Slovenian", "SI"),
    ("Slovene", "SI"),
    ("Somali", "SO"),
    ("Spanish", "ES"),
    ("Sri Lankan", "LK"),
    ("Sudanese", "SD"),
    ("Swedish", "SE"),
    ("Swiss", "CH"),
    ("Syrian", "SY"),
    ("Taiwanese", "TW"),
    ("Tajik", "TJ"),
    ("Tanzanian", "TZ"),
    ("Thai", "TH"),
    ("Tibetan", "CN"),
    ("Tunisian", "TN"),
    ("Turkish", "TR"),
    ("Turkmen", "TM"),
    ("Ugandan", "UG"),
    ("Ukrainian", "UA"),
    ("Uruguayan", "UY"),
    ("Uzbek", "UZ"),
    ("Venezuelan", "VE"),
    ("Vietnamese", "VN"),
    ("Welsh", "GB"),
    ("Yemeni", "YE"),
    ("Zambian", "ZM"),
    ("Zimbabwean", "ZW"),
    ("North Korean", "KP"),
    ("South Korean", "KR"),
    ("South African", "ZA"),
    ("New Zealand", "NZ"),
    ("Kiwi", "NZ"),
];

const CONTINENTS: &[(&str, &str)] = &[
    ("European", "Europe"),
    ("African", "Africa"),
    ("Asian", "Asia"),
    ("Latin American", "South America"),
    ("South American", "South America"),
    ("North American", "North America"),
];

/// The place a demonym names, matching its exact capitalised form or its plural
/// ("Russians", "Kazakhs"); `None` for anything else.
pub fn lookup(word: &str) -> Option<Demonym> {
    singular(word).or_else(|| word.strip_suffix('s').and_then(singular))
}

/// As [`lookup`] for the adjective and singular only ("Russian", not "Russians"): what a
/// geoparser marks as a place mention, the plural naming people rather than the place.
pub fn singular(word: &str) -> Option<Demonym> {
    // Every demonym is capitalised, and most words asked about are not.
    if !word.starts_with(char::is_uppercase) {
        return None;
    }
    BY_WORD.get(word).copied()
}

/// Every demonym by its word, asked for at every capitalised token: a scan of the lists
/// took a quarter of the place stage's time. A word in both lists names the country.
static BY_WORD: LazyLock<FxHashMap<&'static str, Demonym>> = LazyLock::new(|| {
    let continents = CONTINENTS.iter().map(|&(d, c)| (d, Demonym::Continent(c)));
    let countries = COUNTRIES.iter().map(|&(d, c)| (d, Demonym::Country(c)));
    // Later entries overwrite earlier ones: countries last, and within each list the
    // first entry of a word last.
    continents.rev().chain(countries.rev()).collect()
});

#[cfg(test)]
mod tests {
    use super::*;

    /// [`singular`] turns lower-case words away before the table.
    #[test]
    fn every_demonym_is_capitalised() {
        for (word, _) in CONTINENTS.iter().chain(COUNTRIES) {
            assert!(word.starts_with(char::is_uppercase), "{word}");
        }
    }

    #[test]
    fn demonyms_and_plurals() {
        assert_eq!(lookup("Kazakh"), Some(Demonym::Country("KZ")));
        assert_eq!(lookup("Russians"), Some(Demonym::Country("RU")));
        assert_eq!(lookup("European"), Some(Demonym::Continent("Europe")));
        assert_eq!(lookup("russian"), None, "lower case is not a demonym");
        assert_eq!(lookup("Paris"), None);
        assert_eq!(singular("Russians"), None);
        assert_eq!(singular("Chinese"), Some(Demonym::Country("CN")));
    }
}
