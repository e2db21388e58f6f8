//! Where-and-when layers: time expressions and quantities, as spans into the text.

use crate::Span;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexKind {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TimexKind::Date => "DATE",
            TimexKind::Time => "TIME",
            TimexKind::Duration => "DURATION",
            TimexKind::Set => "SET",
        }
    }
}

/// What a value was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// The expression states its value fully ("January 7, 2022", "three years").
    Absolute,
    /// Computed from the document creation time ("on Friday", "last year", "January 2").
    Dct,
    /// Relative, but no creation time was known: no value is given.
    Unanchored,
    /// The expression names a date that does not exist ("February 30, 2021").
    Invalid,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timex {
    pub span: Span,
    #[serde(rename = "type")]
    pub kind: TimexKind,
    /// TIMEX3 value: `2022-01-07`, `2022-01`, `2022-W01`, `2022-01-07TMO`, `P3Y`, `PRESENT_REF`...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub anchor: Anchor,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub span: Span,
    pub value: f64,
    /// "about", "some", "nearly", "thousands of": the number is not exact.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub approximate: bool,
    /// "at least", "more than", "thousands of": the true number may be larger.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub lower_bound: bool,
    /// "up to", "fewer than", "at most": the true number may be smaller.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub upper_bound: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub ordinal: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub percent: bool,
    /// ISO 4217 code of a money amount.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub currency: Option<String>,
    /// What is counted: the noun after the number ("militants", "people").
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit_span: Option<Span>,
    /// For counts of people harmed or held: `killed`, `injured`, `detained`, `missing`,
    /// `displaced` or `casualties`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub casualty: Option<String>,
}
