//! Small closed word lists the sieves need: pronouns, gendered first names and titles,
//! role nouns, person nouns, and widely used acronyms. All lower case; the census first names are in first_names.tsv.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

/// Grammatical gender as far as English marks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
    Neuter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Number {
    Singular,
    Plural,
}

/// Grammatical person of a pronoun; first and second person never take a named antecedent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Person {
    First,
    Second,
    Third,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pronoun {
    pub person: Person,
    pub number: Option<Number>,
    pub gender: Option<Gender>,
    pub reflexive: bool,
}

/// The pronouns that corefer (not "this"/"that"/"which": they often refer to events).
pub fn pronoun(lower: &str) -> Option<Pronoun> {
    use Gender::*;
    use Number::*;
    use Person::*;
    let (person, number, gender) = match lower {
        "he" | "him" | "his" | "himself" => (Third, Some(Singular), Some(Male)),
        "she" | "her" | "hers" | "herself" => (Third, Some(Singular), Some(Female)),
        "it" | "its" | "itself" => (Third, Some(Singular), Some(Neuter)),
        "they" | "them" | "their" | "theirs" | "themselves" => (Third, Some(Plural), None),
        "i" | "me" | "my" | "mine" | "myself" => (First, Some(Singular), None),
        "we" | "us" | "our" | "ours" | "ourselves" => (First, Some(Plural), None),
        "you" | "your" | "yours" | "yourself" | "yourselves" => (Second, None, None),
        _ => return None,
    };
    Some(Pronoun {
        person,
        number,
        gender,
        reflexive: lower.ends_with("self") || lower.ends_with("selves"),
    })
}

/// Pronoun-like heads whose repetition says nothing about identity: demonstratives
/// ("this" ... "this"), relatives, indefinites.
pub fn is_pro_form(lower: &str) -> bool {
    matches!(
        lower,
        "this"
            | "that"
            | "these"
            | "those"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "what"
            | "one"
            | "ones"
            | "something"
            | "anything"
            | "everything"
            | "nothing"
            | "someone"
            | "anyone"
            | "everyone"
            | "somebody"
            | "anybody"
            | "everybody"
            | "nobody"
            | "all"
            | "both"
            | "each"
            | "none"
            | "some"
            | "there"
            | "here"
            | "where"
            | "when"
            | "such"
            | "other"
            | "others"
            | "another"
            | "itself"
    )
}

/// Courtesy titles and nobility that reveal gender ("Mr", "Queen").
pub fn title_gender(lower: &str) -> Option<Gender> {
    match lower.trim_end_matches('.') {
        "mr" | "sir" | "lord" | "king" | "prince" | "duke" | "baron" | "count" | "emperor"
        | "sultan" | "sheikh" | "father" | "brother" | "uncle" => Some(Gender::Male),
        "mrs" | "ms" | "miss" | "madam" | "madame" | "lady" | "dame" | "queen" | "princess"
        | "duchess" | "baroness" | "countess" | "empress" | "sister" | "mother" | "aunt" => {
            Some(Gender::Female)
        }
        _ => None,
    }
}

/// Gender of a first name: a short hand list of names in international news that the US
/// census lacks, then the census list (`first_names.tsv`, built by `scripts/first-names`:
/// names borne at least 95% by one sex). The census list holds words such as "May", "Will"
/// and "Grant", so it is asked only for a name the recogniser marked as a person's. An
/// unlisted or ambiguous name ("Jean", "Terry") leaves gender open rather than guessing.
pub fn first_name_gender(lower: &str, recognised_person: bool) -> Option<Gender> {
    const MALE: &[&str] = &[
        "christian",
        "willie",
        "logan",
        "vladimir",
        "sergei",
        "sergey",
        "dmitry",
        "alexei",
        "alexey",
        "nikolai",
        "igor",
        "viktor",
        "volodymyr",
        "olaf",
        "recep",
        "xi",
        "narendra",
        "jair",
        "luiz",
        "rishi",
        "keir",
        "barack",
        "muhammad",
        "ali",
        "abdullah",
        "mahmoud",
        "yair",
        "naftali",
        "pope",
        "francois",
        "klaus",
        "friedrich",
        "nursultan",
        "shavkat",
        "ilham",
        "lukas",
        "andrzej",
        "mateusz",
    ];
    const FEMALE: &[&str] = &[
        "giorgia",
        "sanna",
        "annalena",
        "kaja",
        "ilhan",
        "yulia",
        "ekaterina",
        "benazir",
    ];
    if MALE.contains(&lower) {
        Some(Gender::Male)
    } else if FEMALE.contains(&lower) {
        Some(Gender::Female)
    } else if recognised_person {
        census_first_names().get(lower).copied()
    } else {
        None
    }
}

fn census_first_names() -> &'static HashMap<&'static str, Gender> {
    static NAMES: OnceLock<HashMap<&'static str, Gender>> = OnceLock::new();
    NAMES.get_or_init(|| {
        include_str!("first_names.tsv")
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let (name, gender) = line.split_once('\t')?;
                let gender = match gender {
                    "female" => Gender::Female,
                    "male" => Gender::Male,
                    _ => return None,
                };
                Some((name, gender))
            })
            .collect()
    })
}

/// Nouns of offices and roles a named person holds ("president", "minister"). Compound
/// roles are matched on their last word with the words before it kept as modifiers
/// ("prime minister": noun "minister", modifier "prime"), so "the prime minister" needs the
/// holder's "prime" too.
pub fn is_role_noun(lower: &str) -> bool {
    matches!(
        lower,
        "president"
            | "minister"
            | "premier"
            | "chancellor"
            | "king"
            | "queen"
            | "prince"
            | "princess"
            | "emperor"
            | "pope"
            | "governor"
            | "mayor"
            | "senator"
            | "congressman"
            | "congresswoman"
            | "lawmaker"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "secretary"
            | "ambassador"
            | "envoy"
            | "general"
            | "commander"
            | "chairman"
            | "chairwoman"
            | "ceo"
            | "founder"
            | "leader"
            | "chief"
            | "director"
            | "coach"
            | "captain"
            | "judge"
            | "prosecutor"
            | "attorney"
            | "sheriff"
            | "mufti"
            | "patriarch"
            | "archbishop"
            | "bishop"
            | "ayatollah"
            | "speaker"
            | "monarch"
            | "dictator"
    )
}

/// Ranks and titles written before a person's name that are not offices the sieves compare
/// ("Colonel", "Sen.", "Dr."): never part of the name itself. Asked only of a mention the
/// recogniser marked as a person's, since "Major" and "Doctor" begin other names too.
pub fn is_personal_title(lower: &str) -> bool {
    matches!(
        lower.trim_end_matches('.'),
        "colonel"
            | "col"
            | "major"
            | "maj"
            | "lieutenant"
            | "lt"
            | "sergeant"
            | "sgt"
            | "corporal"
            | "cpl"
            | "admiral"
            | "adm"
            | "brigadier"
            | "marshal"
            | "gen"
            | "capt"
            | "cmdr"
            | "sen"
            | "rep"
            | "gov"
            | "pres"
            | "dr"
            | "doctor"
            | "prof"
            | "professor"
            | "rev"
            | "reverend"
            | "rabbi"
            | "imam"
            | "cardinal"
    ) || is_role_noun(lower)
        || title_gender(lower).is_some()
}

/// Words that change who a role refers to ("vice president" is not "the president").
pub fn is_role_qualifier(lower: &str) -> bool {
    matches!(
        lower,
        "vice" | "deputy" | "former" | "ex" | "acting" | "late" | "interim" | "assistant" | "co"
    )
}

/// Common nouns that denote people: a nominal headed by one is animate.
pub fn is_person_noun(lower: &str) -> bool {
    is_role_noun(lower)
        || matches!(
            lower,
            "man"
                | "woman"
                | "men"
                | "women"
                | "person"
                | "people"
                | "boy"
                | "girl"
                | "child"
                | "children"
                | "kid"
                | "kids"
                | "mother"
                | "father"
                | "son"
                | "daughter"
                | "wife"
                | "husband"
                | "brother"
                | "sister"
                | "friend"
                | "friends"
                | "author"
                | "writer"
                | "student"
                | "students"
                | "teacher"
                | "doctor"
                | "patient"
                | "victim"
                | "victims"
                | "soldier"
                | "soldiers"
                | "officer"
                | "officers"
                | "police"
                | "resident"
                | "residents"
                | "citizen"
                | "citizens"
                | "worker"
                | "workers"
                | "player"
                | "players"
                | "fan"
                | "fans"
                | "militant"
                | "militants"
                | "protester"
                | "protesters"
                | "reporter"
                | "journalist"
                | "journalists"
                | "participant"
                | "participants"
                | "researcher"
                | "researchers"
                | "member"
                | "members"
                | "guy"
                | "lady"
                | "baby"
                | "family"
                | "parent"
                | "parents"
                | "artist"
                | "singer"
                | "actor"
                | "actress"
                | "user"
                | "users"
        )
}

/// Acronyms common enough in news to expand without a definition in the text. Only used
/// when the document does not define the acronym itself.
pub fn known_acronym(upper: &str) -> Option<&'static str> {
    Some(match upper {
        "UN" => "United Nations",
        "EU" => "European Union",
        "NATO" => "North Atlantic Treaty Organization",
        "WHO" => "World Health Organization",
        "IMF" => "International Monetary Fund",
        "WTO" => "World Trade Organization",
        "OPEC" => "Organization of the Petroleum Exporting Countries",
        "OSCE" => "Organization for Security and Co-operation in Europe",
        "FBI" => "Federal Bureau of Investigation",
        "CIA" => "Central Intelligence Agency",
        "NASA" => "National Aeronautics and Space Administration",
        "US" | "USA" => "United States",
        "UK" => "United Kingdom",
        "UAE" => "United Arab Emirates",
        "ICC" => "International Criminal Court",
        "IAEA" => "International Atomic Energy Agency",
        "UNESCO" => "United Nations Educational, Scientific and Cultural Organization",
        "UNICEF" => "United Nations Children's Fund",
        "ASEAN" => "Association of Southeast Asian Nations",
        "ECB" => "European Central Bank",
        _ => return None,
    })
}

/// Function words skipped when forming an acronym from initials ("Bank of England" → "BoE"/"BE").
pub fn is_acronym_filler(lower: &str) -> bool {
    matches!(
        lower,
        "of" | "the" | "and" | "for" | "&" | "on" | "in" | "de" | "la" | "du" | "des"
    )
}

/// Corporate-form suffixes that do not change which organisation a name refers to.
pub fn is_corporate_suffix(lower: &str) -> bool {
    matches!(
        lower.trim_end_matches('.'),
        "inc"
            | "corp"
            | "corporation"
            | "co"
            | "ltd"
            | "llc"
            | "plc"
            | "ag"
            | "sa"
            | "gmbh"
            | "group"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pronoun_features() {
        let his = pronoun("his").unwrap();
        assert_eq!(
            (his.person, his.gender, his.number),
            (Person::Third, Some(Gender::Male), Some(Number::Singular))
        );
        assert!(pronoun("themselves").unwrap().reflexive);
        assert_eq!(pronoun("their").unwrap().gender, None);
        assert_eq!(pronoun("you").unwrap().person, Person::Second);
        assert!(pronoun("this").is_none());
    }

    #[test]
    fn gender_cues() {
        assert_eq!(first_name_gender("mary", true), Some(Gender::Female));
        assert_eq!(first_name_gender("volodymyr", false), Some(Gender::Male));
        assert_eq!(first_name_gender("qwerty", true), None);
        // Census names only for a recognised person: "May" is also a month and a verb.
        assert_eq!(first_name_gender("may", true), Some(Gender::Female));
        assert_eq!(first_name_gender("may", false), None);
        // Names borne by both sexes are not listed.
        assert_eq!(first_name_gender("jean", true), None);
        assert_eq!(first_name_gender("hillary", true), Some(Gender::Female));
        assert_eq!(title_gender("mrs."), Some(Gender::Female));
        assert!(is_role_noun("president") && !is_role_noun("government"));
        assert!(is_person_noun("women") && !is_person_noun("table"));
        assert_eq!(
            known_acronym("NATO"),
            Some("North Atlantic Treaty Organization")
        );
    }
}
