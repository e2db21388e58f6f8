//! Named-entity mentions added by the recogniser.

use crate::Span;
use serde::{Deserialize, Serialize};

/// The CoNLL-2003 entity types. `Loc` covers geo-political entities (countries, cities) too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityLabel {
    Per,
    Org,
    Loc,
    Misc,
}

impl EntityLabel {
    pub const ALL: [EntityLabel; 4] = [
        EntityLabel::Per,
        EntityLabel::Org,
        EntityLabel::Loc,
        EntityLabel::Misc,
    ];

    /// The label as written in IOB2 files and JSON (`PER`, `ORG`, `LOC`, `MISC`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityLabel::Per => "PER",
            EntityLabel::Org => "ORG",
            EntityLabel::Loc => "LOC",
            EntityLabel::Misc => "MISC",
        }
    }

    /// Parses the upper-case form written by [`EntityLabel::as_str`].
    pub fn parse(s: &str) -> Option<EntityLabel> {
        EntityLabel::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// One entity mention: its text span, type, and the half-open range of its tokens in
/// `Document::tokens`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub span: Span,
    pub label: EntityLabel,
    pub tokens: (usize, usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip_as_upper_case() {
        let mention = Mention {
            span: Span::new(0, 5),
            label: EntityLabel::Misc,
            tokens: (0, 1),
        };
        let json = serde_json::to_string(&mention).unwrap();
        assert_eq!(json, r#"{"span":[0,5],"label":"MISC","tokens":[0,1]}"#);
        assert_eq!(serde_json::from_str::<Mention>(&json).unwrap(), mention);
        for label in EntityLabel::ALL {
            assert_eq!(EntityLabel::parse(label.as_str()), Some(label));
        }
        assert_eq!(EntityLabel::parse("GPE"), None);
    }
}
