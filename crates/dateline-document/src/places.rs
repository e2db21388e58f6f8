//! Places added by the geoparser: a mention resolved to a GeoNames entry.

use crate::Span;
use serde::{Deserialize, Serialize};

/// What decided between the gazetteer entries a mention could name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// Only one entry has this name.
    Unique,
    /// A qualifier printed beside the name ("Paris, Texas", "KYIV, Ukraine").
    Qualifier,
    /// The country or state of the dateline and the other places in the article.
    Context,
    /// The largest entry (countries and states before cities of the same name).
    Population,
    /// A demonym or adjective ("Kazakh", "Russian") mapped to its country.
    Demonym,
    /// Not in the gazetteer: the article's main country or state stands in for it.
    Fallback,
}

/// One place mention and the GeoNames entry it was resolved to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// The mention in the text.
    pub span: Span,
    /// Absent for the few entries that come from outside GeoNames (divisions outside the US).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub geonameid: Option<u64>,
    /// GeoNames' name of the entry ("Astana" for the mention "NUR-SULTAN").
    pub name: String,
    /// ISO 3166-1 alpha-2 code; absent for continents.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub country: Option<String>,
    /// GeoNames feature class (`P` populated place, `A` administrative area, `L` area).
    pub feature_class: String,
    /// GeoNames feature code (`PPL`, `PPLC`, `PCLI`, `ADM1`, `CONT`).
    pub feature_code: String,
    pub lat: f64,
    pub lon: f64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub population: Option<u64>,
    pub resolved_by: Resolution,
    /// The name stands for a government or its people acting ("Russia said", "Washington
    /// warned"), not for the territory; the entry is kept for the country it names.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub metonymic: bool,
}
