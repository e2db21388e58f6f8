//! Quotations: who said what, as spans into the document text.

use crate::Span;
use serde::{Deserialize, Serialize};

/// How the content is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// The whole content is inside quotation marks ("...," he said).
    Direct,
    /// Reported speech without quotation marks (Tokayev said about 20,000 militants ...).
    Indirect,
    /// Reported speech that contains quoted material (noted that X needs "cover and support").
    Mixed,
}

impl QuoteKind {
    pub const ALL: [QuoteKind; 3] = [QuoteKind::Direct, QuoteKind::Indirect, QuoteKind::Mixed];

    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Mixed => "mixed",
        }
    }

    pub fn parse(s: &str) -> Option<QuoteKind> {
        QuoteKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One attributed statement: its content, the cue that introduces it and its speaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The content: for a direct quote the words inside the quotation marks; for a content
    /// in several pieces ("The bandits, he said, are ...", a quote continued after its
    /// attribution) the hull from the first piece to the last.
    pub span: Span,
    /// The pieces of a discontinuous content, in text order (empty when it is one piece).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub parts: Vec<Span>,
    pub kind: QuoteKind,
    /// The words that mark the attribution ("said", "went on to say", "according to").
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cue: Option<Span>,
    /// The cue's lemma ("say", "tell", "according to").
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cue_lemma: Option<String>,
    /// The speaker as written ("he", "the president", "Kassym-Jomart Tokayev").
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub speaker: Option<Span>,
    /// Index into `Document::entities` of the entity the speaker refers to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub speaker_entity: Option<usize>,
    /// The speaker's resolved name: the entity's canonical name, else the mention itself
    /// when it is a name. `None` for an anonymous or unresolved speaker.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub speaker_name: Option<String>,
    /// The organisation an unnamed speaker speaks for ("a spokesman for the ministry").
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub speaker_affiliation: Option<String>,
    /// True when the speaker is written in the attribution of this quote; false when it
    /// was carried over from a neighbouring attribution (a continued quote).
    pub speaker_explicit: bool,
    /// An unnamed source ("a source said", "officials said"): never resolved to a name.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub anonymous: bool,
    /// How sure the extractor is, 0..1 (rule strength; not a calibrated probability).
    pub confidence: f32,
    /// The sentences that hold the content and its attribution.
    pub sentence: Span,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_serialises_compactly() {
        let quote = Quote {
            span: Span::new(1, 5),
            parts: vec![],
            kind: QuoteKind::Direct,
            cue: Some(Span::new(10, 14)),
            cue_lemma: Some("say".into()),
            speaker: Some(Span::new(7, 9)),
            speaker_entity: Some(0),
            speaker_name: Some("Kassym-Jomart Tokayev".into()),
            speaker_affiliation: None,
            speaker_explicit: true,
            anonymous: false,
            confidence: 0.9,
            sentence: Span::new(0, 15),
        };
        let json = serde_json::to_string(&quote).unwrap();
        assert_eq!(
            json,
            r#"{"span":[1,5],"kind":"direct","cue":[10,14],"cue_lemma":"say","speaker":[7,9],"speaker_entity":0,"speaker_name":"Kassym-Jomart Tokayev","speaker_explicit":true,"confidence":0.9,"sentence":[0,15]}"#
        );
        assert_eq!(serde_json::from_str::<Quote>(&json).unwrap(), quote);
        for kind in QuoteKind::ALL {
            assert_eq!(QuoteKind::parse(kind.as_str()), Some(kind));
        }
    }
}
