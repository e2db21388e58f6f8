//! Entity records built by within-document coreference: every mention of one real-world
//! entity (names, acronyms, roles, pronouns) gathered under one canonical name.

use crate::{EntityLabel, Span};
use serde::{Deserialize, Serialize};

/// How an entity is mentioned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A proper name or part of one: "Kassym-Jomart Tokayev", "Tokayev".
    Name,
    /// An acronym of a name: "CSTO".
    Acronym,
    /// A common-noun phrase such as a role or title: "the president", "Kazakh president".
    Nominal,
    /// A personal or possessive pronoun: "he", "its", "them".
    Pronoun,
}

/// One mention of an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityMention {
    pub span: Span,
    pub kind: MentionKind,
}

/// A person's gender as the document itself shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Female,
    Male,
}

impl Gender {
    /// The name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
        }
    }

    /// The gender of a name [`Gender::as_str`] gives.
    pub fn parse(name: &str) -> Option<Gender> {
        [Gender::Female, Gender::Male]
            .into_iter()
            .find(|g| g.as_str() == name)
    }
}

/// What shows a person's gender, strongest first: the text's own pronouns for the person
/// ("he said"), a gendered title or role ("Mrs", "the queen"), or only a first name that
/// a list of common names gives one gender (a guess, kept apart so that users can drop it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GenderBasis {
    Pronoun,
    Title,
    FirstName,
}

impl GenderBasis {
    /// The name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            GenderBasis::Pronoun => "pronoun",
            GenderBasis::Title => "title",
            GenderBasis::FirstName => "first_name",
        }
    }

    /// The basis of a name [`GenderBasis::as_str`] gives.
    pub fn parse(name: &str) -> Option<GenderBasis> {
        [
            GenderBasis::Pronoun,
            GenderBasis::Title,
            GenderBasis::FirstName,
        ]
        .into_iter()
        .find(|b| b.as_str() == name)
    }
}

/// A gender with the evidence it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenderEvidence {
    pub gender: Gender,
    pub basis: GenderBasis,
}

impl GenderEvidence {
    /// What several pieces of evidence say together (a person's mentions in one article,
    /// or the articles about one person): only the strongest basis present counts, and
    /// within it the larger side wins; a tie (a coreference slip, a name given to both
    /// sexes) says nothing rather than guess.
    pub fn prevailing(
        evidence: impl IntoIterator<Item = GenderEvidence>,
    ) -> Option<GenderEvidence> {
        let mut strongest: Option<(GenderBasis, usize, usize)> = None;
        for GenderEvidence { gender, basis } in evidence {
            let (female, male) = match strongest {
                Some((held, ..)) if held < basis => continue,
                Some((held, female, male)) if held == basis => (female, male),
                _ => (0, 0),
            };
            strongest = Some(match gender {
                Gender::Female => (basis, female + 1, male),
                Gender::Male => (basis, female, male + 1),
            });
        }
        let (basis, female, male) = strongest?;
        let gender = match female.cmp(&male) {
            std::cmp::Ordering::Greater => Gender::Female,
            std::cmp::Ordering::Less => Gender::Male,
            std::cmp::Ordering::Equal => return None,
        };
        Some(GenderEvidence { gender, basis })
    }
}

/// One entity of the document with all its mentions, in text order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRecord {
    /// Index of the record in `Document::entities`.
    pub id: usize,
    /// The most complete name: the longest proper name used ("Kassym-Jomart Tokayev"), or
    /// the expansion of an acronym ("Collective Security Treaty Organization").
    pub canonical: String,
    pub label: EntityLabel,
    pub mentions: Vec<EntityMention>,
    /// For people: the gender the mentions show, when they agree on one; absent when the
    /// document does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<GenderEvidence>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_serialises_with_snake_case_kinds() {
        let record = EntityRecord {
            id: 0,
            canonical: "Collective Security Treaty Organization".into(),
            label: EntityLabel::Org,
            mentions: vec![EntityMention {
                span: Span::new(3, 7),
                kind: MentionKind::Acronym,
            }],
            gender: None,
        };
        let json = serde_json::to_string(&record).unwrap();
        assert_eq!(
            json,
            r#"{"id":0,"canonical":"Collective Security Treaty Organization","label":"ORG","mentions":[{"span":[3,7],"kind":"acronym"}]}"#
        );
        assert_eq!(serde_json::from_str::<EntityRecord>(&json).unwrap(), record);
        let person = EntityRecord {
            gender: Some(GenderEvidence {
                gender: Gender::Female,
                basis: GenderBasis::FirstName,
            }),
            ..record
        };
        let json = serde_json::to_string(&person).unwrap();
        assert!(json.ends_with(r#""gender":{"gender":"female","basis":"first_name"}}"#));
        assert_eq!(serde_json::from_str::<EntityRecord>(&json).unwrap(), person);
        for basis in [
            GenderBasis::Pronoun,
            GenderBasis::Title,
            GenderBasis::FirstName,
        ] {
            assert_eq!(serde_json::to_value(basis).unwrap(), basis.as_str());
            assert_eq!(GenderBasis::parse(basis.as_str()), Some(basis));
        }
        for gender in [Gender::Female, Gender::Male] {
            assert_eq!(serde_json::to_value(gender).unwrap(), gender.as_str());
            assert_eq!(Gender::parse(gender.as_str()), Some(gender));
        }
    }

    #[test]
    fn the_strongest_basis_prevails_and_a_tie_says_nothing() {
        let of = |gender, basis| GenderEvidence { gender, basis };
        let (f, m) = (Gender::Female, Gender::Male);
        let (pronoun, title, first) = (
            GenderBasis::Pronoun,
            GenderBasis::Title,
            GenderBasis::FirstName,
        );
        // Two first-name guesses and a title lose to one pronoun.
        let mixed = [of(m, first), of(m, first), of(m, title), of(f, pronoun)];
        assert_eq!(GenderEvidence::prevailing(mixed), Some(of(f, pronoun)));
        assert_eq!(
            GenderEvidence::prevailing([of(m, title), of(f, title), of(m, title)]),
            Some(of(m, title))
        );
        assert_eq!(
            GenderEvidence::prevailing([of(m, pronoun), of(f, pronoun), of(f, first)]),
            None
        );
        assert_eq!(GenderEvidence::prevailing([]), None);
    }
}
