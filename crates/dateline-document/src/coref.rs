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
        };
        let json = serde_json::to_string(&record).unwrap();
        assert_eq!(
            json,
            r#"{"id":0,"canonical":"Collective Security Treaty Organization","label":"ORG","mentions":[{"span":[3,7],"kind":"acronym"}]}"#
        );
        assert_eq!(serde_json::from_str::<EntityRecord>(&json).unwrap(), record);
    }
}
