//! Political events coded from the text: who did what to whom, where and when, with the
//! CAMEO code, the PLOVER type and the spans that justify them.

use crate::Span;
use serde::{Deserialize, Serialize};

/// A source or target of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventActor {
    /// The entity's canonical name when coreference knows it, else the phrase's text.
    pub name: String,
    /// CAMEO actor code: country + agent ("KAZGOV", "RUSCOP", "---EDU", "IGOUNO").
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub code: Option<String>,
    /// Index into `Document::entities`, when the actor is a known entity.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub entity: Option<usize>,
    /// The phrase in this sentence that names the actor (a pronoun stays the pronoun).
    pub span: Span,
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventPlace {
    pub name: String,
    /// The place phrase in the sentence, or the dateline's place.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub span: Option<Span>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub lon: Option<f64>,
}

/// One coded event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// PLOVER event type (`PROTEST`, `ASSAULT`, `REQUEST`...); absent for CAMEO codes PLOVER
    /// drops (01, public statements).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub plover: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub context: Option<String>,
    /// CAMEO event code ("145", "0233").
    pub cameo: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<EventActor>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub target: Option<EventActor>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub location: Option<EventPlace>,
    /// ISO date: the sentence's time expression, else the document's date.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<String>,
    /// The clause is negated ("did not attack"): the act did not happen.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub negated: bool,
    /// The clause is conditional or modal ("if they attack", "could attack").
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub hypothetical: bool,
    /// The clause is about the future ("will attack"): announced, not done.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub future: bool,
    /// 0..1: how much of the coding the dictionaries and the parse supported.
    pub confidence: f32,
    /// The sentence the event was coded from.
    pub sentence: Span,
    /// The word(s) that triggered the event.
    pub trigger: Span,
}

impl Event {
    /// Whether the event is reported as having happened (not negated, hypothetical or future).
    pub fn is_factual(&self) -> bool {
        !(self.negated || self.hypothetical || self.future)
    }
}
