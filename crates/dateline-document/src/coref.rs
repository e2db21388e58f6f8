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
}

/// A gender with the evidence it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenderEvidence {
    pub gender: Gender,
    pub basis: GenderBasis,
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
        }
        for gender in [Gender::Female, Gender::Male] {
            assert_eq!(serde_json::to_value(gender).unwrap(), gender.as_str());
        }
    }
}
