//! The resolver: toponym mentions in, one GeoNames entry (or nothing) per mention out.
//!
//! Each mention's candidates are the gazetteer entries bearing its name. A qualifier
//! printed beside it ("Paris, Texas") keeps only the candidates inside the qualifying
//! state or country. The rest is a score: a prior by kind and population (countries before
//! states before cities, big cities before small ones), plus the article's context, that
//! is how many of the other mentions lie in the candidate's country and US state (the
//! dateline counting thrice), plus nearness to the other places resolved.

use crate::demonyms::{self, Demonym};
use crate::gazetteer::{Gazetteer, Kind, Record};
use crate::normalise::normalise;
use dateline_document::{Place, Resolution, Span};
use std::collections::HashMap;

/// How a mention was found; it changes how its name is looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// A name (an entity mention, or a gold span).
    Name,
    /// A demonym or adjective ("Kazakh").
    Demonym,
    /// The place of the dateline.
    Dateline,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Toponym {
    pub span: Span,
    pub cue: Cue,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Give a mention that is not in the gazetteer the article's main state or country
    /// (resolved as [`Resolution::Fallback`]) rather than nothing.
    pub fallback: bool,
}

/// How much the share of the other mentions in a candidate's country, and in its US state,
/// adds to its prior (a city's prior is the log10 of its population), and how many rounds
/// of choosing again in the light of the others' choices. Set on the dev halves of LGL and
/// GeoWebNews (first half of each file).
const COUNTRY_WEIGHT: f64 = 3.0;
const STATE_WEIGHT: f64 = 3.0;
const ROUNDS: usize = 2;

/// AP-style state abbreviations, which news prints after a town ("Paris, Tenn.").
const STATE_ABBREVIATIONS: &[(&str, &str)] = &[
    ("ala", "AL"),
    ("ariz", "AZ"),
    ("ark", "AR"),
    ("calif", "CA"),
    ("colo", "CO"),
    ("conn", "CT"),
    ("del", "DE"),
    ("fla", "FL"),
    ("ga", "GA"),
    ("ill", "IL"),
    ("ind", "IN"),
    ("kan", "KS"),
    ("kans", "KS"),
    ("ky", "KY"),
    ("la", "LA"),
    ("md", "MD"),
    ("mass", "MA"),
    ("mich", "MI"),
    ("minn", "MN"),
    ("miss", "MS"),
    ("mo", "MO"),
    ("mont", "MT"),
    ("neb", "NE"),
    ("nebr", "NE"),
    ("nev", "NV"),
    ("n h", "NH"),
    ("n j", "NJ"),
    ("n m", "NM"),
    ("n y", "NY"),
    ("n c", "NC"),
    ("n d", "ND"),
    ("okla", "OK"),
    ("ore", "OR"),
    ("pa", "PA"),
    ("r i", "RI"),
    ("s c", "SC"),
    ("s d", "SD"),
    ("tenn", "TN"),
    ("tex", "TX"),
    ("vt", "VT"),
    ("va", "VA"),
    ("wash", "WA"),
    ("w va", "WV"),
    ("wis", "WI"),
    ("wyo", "WY"),
    ("d c", "DC"),
];

/// Verbs whose subject, when it is a country or capital, is its government acting
/// ("Russia said", "Washington warned").
const AGENT_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "announced",
    "announces",
    "warned",
    "warns",
    "accused",
    "accuses",
    "denied",
    "denies",
    "claimed",
    "claims",
    "insisted",
    "insists",
    "agreed",
    "agrees",
    "refused",
    "refuses",
    "rejected",
    "rejects",
    "threatened",
    "threatens",
    "demanded",
    "demands",
    "urged",
    "urges",
    "wants",
    "wanted",
    "plans",
    "planned",
    "vowed",
    "vows",
    "condemned",
    "condemns",
    "signed",
    "signs",
    "imposed",
    "imposes",
    "will",
    "would",
    "could",
    "should",
    "must",
    "responded",
    "retaliated",
    "sanctioned",
    "recognized",
    "recognised",
    "offered",
    "blamed",
    "blames",
    "decided",
    "sent",
    "sends",
    "launched",
    "ordered",
    "asked",
    "called",
    "expelled",
    "backed",
    "supports",
    "supported",
    "opposes",
    "opposed",
];

/// Resolves every toponym of `text`; the result is parallel to `toponyms`.
pub fn resolve(
    gazetteer: &Gazetteer,
    text: &str,
    toponyms: &[Toponym],
    options: Options,
) -> Vec<Option<Place>> {
    let chars: Vec<char> = text.chars().collect();
    let slice = |span: Span| -> String {
        chars[span.start.min(chars.len())..span.end.min(chars.len())]
            .iter()
            .collect()
    };

    // Candidates per mention, narrowed by a printed qualifier.
    let mut found: Vec<Found> = toponyms
        .iter()
        .map(|t| {
            candidates(
                gazetteer,
                &slice(t.span),
                t.cue,
                qualifier(gazetteer, &chars, t.span),
            )
        })
        .collect();
    for (f, t) in found.iter_mut().zip(toponyms) {
        f.metonymic = governs_verb(&chars, t.span)
            && f.candidates
                .iter()
                .any(|&i| stands_for_government(gazetteer.record(i)));
        let names_country = f
            .candidates
            .iter()
            .any(|&i| gazetteer.record(i).kind == Kind::Country);
        if f.metonymic && !names_country {
            // "Washington said": the capital, not the state of the same name.
            if let Some(&capital) = f.candidates.iter().find(|&&i| gazetteer.record(i).capital) {
                f.candidates = vec![capital];
            }
        }
    }

    // First choice by the prior alone, to learn the article's countries and states; then
    // rounds of choosing again in the light of the others' choices.
    let mut choices: Vec<Option<u32>> = found
        .iter()
        .map(|f| best(&f.candidates, |i| f.prior(gazetteer, i)))
        .collect();
    let weights: Vec<f64> = toponyms
        .iter()
        .zip(&found)
        .map(|(t, f)| {
            let cue = if t.cue == Cue::Dateline { 3.0 } else { 1.0 };
            // An ambiguous name is weaker evidence of where the article is.
            cue / f.candidates.len().max(1) as f64
        })
        .collect();
    let mut context = Context::of(gazetteer, &choices, &weights, |_| true);
    for _ in 0..ROUNDS {
        let next: Vec<Option<u32>> = found
            .iter()
            .enumerate()
            .map(|(k, f)| {
                let same = Context::of(gazetteer, &choices, &weights, |j| found[j].key == f.key);
                best(&f.candidates, |i| {
                    let r = gazetteer.record(i);
                    f.prior(gazetteer, i)
                        + COUNTRY_WEIGHT * context.country_share(r, &same)
                        + STATE_WEIGHT * context.state_share(r, &same)
                        + nearness(gazetteer, r, &choices, k)
                })
            })
            .collect();
        choices = next;
        context = Context::of(gazetteer, &choices, &weights, |_| true);
    }

    let mut places = Vec::with_capacity(toponyms.len());
    for ((t, f), choice) in toponyms.iter().zip(&found).zip(&choices) {
        let place = match *choice {
            Some(i) => {
                let how = if let Some(how) = f.how {
                    how
                } else if f.candidates.len() == 1 {
                    Resolution::Unique
                } else if Some(i) == best(&f.candidates, |i| f.prior(gazetteer, i)) {
                    Resolution::Population
                } else {
                    Resolution::Context
                };
                Some(place(gazetteer.record(i), t.span, how, f.metonymic))
            }
            None if options.fallback => fallback(gazetteer, toponyms, &choices, t.span, &context)
                .map(|i| place(gazetteer.record(i), t.span, Resolution::Fallback, false)),
            None => None,
        };
        places.push(place);
    }
    places
}

struct Found {
    candidates: Vec<u32>,
    /// The normalised name looked up, to tell an entry's own name from an alternate one.
    key: String,
    /// Set when the candidates were fixed by something other than the score.
    how: Option<Resolution>,
    metonymic: bool,
}

fn candidates(gazetteer: &Gazetteer, surface: &str, cue: Cue, qualifier: Option<u32>) -> Found {
    let name = clean(surface);
    let key = normalise(name);
    let demonym = || {
        let found = match demonyms::lookup(name) {
            Some(Demonym::Country(cc)) => gazetteer.country(cc),
            Some(Demonym::Continent(c)) => gazetteer
                .lookup(c)
                .iter()
                .copied()
                .find(|&i| gazetteer.record(i).kind == Kind::Continent),
            None => None,
        };
        found.map(|i| Found {
            candidates: vec![i],
            key: key.clone(),
            how: Some(Resolution::Demonym),
            metonymic: false,
        })
    };
    // A demonym is read as one whatever found it: "Kazakh" is also an alternate name of
    // a Kazakh city, and the recogniser may tag it LOC.
    if cue == Cue::Demonym || demonyms::lookup(name).is_some() {
        if let Some(f) = demonym() {
            return f;
        }
    }
    // "Kan.", "Tenn.": a dotted abbreviation is the state, not a city sharing the letters.
    let abbreviated = if name.ends_with('.') {
        state_abbreviation(gazetteer, &key)
    } else {
        None
    };
    let mut list: Vec<u32> = match abbreviated {
        Some(i) => vec![i],
        None => gazetteer.lookup_key(&key).to_vec(),
    };
    if list.is_empty() {
        if let Some(f) = demonym() {
            return f;
        }
        if let Some(i) = state_abbreviation(gazetteer, &key) {
            list.push(i);
        }
    }
    let mut how = None;
    if let Some(q) = qualifier {
        let q = gazetteer.record(q);
        let inside: Vec<u32> = list
            .iter()
            .copied()
            .filter(|&i| {
                let r = gazetteer.record(i);
                // Division codes match GeoNames admin1 codes for the US only.
                r.kind > q.kind
                    && r.country == q.country
                    && (q.kind != Kind::State || q.country != "US" || r.admin1 == q.admin1)
            })
            .collect();
        if !inside.is_empty() {
            list = inside;
            how = Some(Resolution::Qualifier);
        }
    }
    Found {
        candidates: list,
        key,
        how,
        metonymic: false,
    }
}

/// The name without a possessive or a leading article: "Kazakhstan’s" -> "Kazakhstan".
fn clean(surface: &str) -> &str {
    let s = surface.trim();
    let s = s
        .strip_suffix("’s")
        .or_else(|| s.strip_suffix("'s"))
        .or_else(|| s.strip_suffix('’'))
        .or_else(|| s.strip_suffix('\''))
        .unwrap_or(s);
    s.strip_prefix("the ")
        .or_else(|| s.strip_prefix("The "))
        .unwrap_or(s)
}

fn state_abbreviation(gazetteer: &Gazetteer, key: &str) -> Option<u32> {
    STATE_ABBREVIATIONS
        .iter()
        .find(|(abbreviation, _)| *abbreviation == key)
        .and_then(|(_, code)| gazetteer.state("US", code))
}

/// A state or country printed right after the mention, after a comma: "Paris, Texas",
/// "Paris, Tenn.", "KYIV, Ukraine".
fn qualifier(gazetteer: &Gazetteer, chars: &[char], span: Span) -> Option<u32> {
    let mut at = span.end;
    while chars.get(at) == Some(&' ') {
        at += 1;
    }
    if chars.get(at) != Some(&',') {
        return None;
    }
    at += 1;
    while chars.get(at) == Some(&' ') {
        at += 1;
    }
    // Up to three capitalised words (or dotted abbreviations such as "N.Y.").
    let mut words: Vec<String> = Vec::new();
    let mut end = at;
    for _ in 0..3 {
        let start = end;
        if !chars.get(start).is_some_and(|c| c.is_uppercase()) {
            break;
        }
        let mut e = start;
        while chars.get(e).is_some_and(|c| c.is_alphabetic() || *c == '.') {
            e += 1;
        }
        words.push(chars[start..e].iter().collect());
        end = e;
        if chars.get(end) != Some(&' ') {
            break;
        }
        end += 1;
    }
    // Longest first: "New Mexico" before "New".
    (1..=words.len()).rev().find_map(|n| {
        let key = normalise(&words[..n].join(" "));
        gazetteer
            .lookup_key(&key)
            .iter()
            .copied()
            .find(|&i| matches!(gazetteer.record(i).kind, Kind::State | Kind::Country))
            .or_else(|| state_abbreviation(gazetteer, &key))
    })
}

/// Whether the word after the mention is a verb its government would be the subject of.
fn governs_verb(chars: &[char], span: Span) -> bool {
    let mut at = span.end;
    while chars.get(at) == Some(&' ') {
        at += 1;
    }
    let start = at;
    while chars.get(at).is_some_and(|c| c.is_alphabetic()) {
        at += 1;
    }
    let word: String = chars[start..at].iter().collect();
    AGENT_VERBS.contains(&word.as_str())
}

fn stands_for_government(r: &Record) -> bool {
    r.kind == Kind::Country || r.capital
}

impl Found {
    /// Kind and size: continents, countries and states before any city of the same name;
    /// a city by the order of magnitude of its population, capitals a little ahead, and a
    /// city known by the name only as an alternate one behind. A national capital comes
    /// before a state of its name ("Washington").
    fn prior(&self, gazetteer: &Gazetteer, i: u32) -> f64 {
        let r = gazetteer.record(i);
        match r.kind {
            Kind::Continent => 9.0,
            Kind::Country => 8.5,
            Kind::State if self.candidates.iter().any(|&c| gazetteer.record(c).capital) => 6.0,
            Kind::State => 7.5,
            // Only counties share a county's name ("Orange County"): the most populous first.
            Kind::County => (r.population.max(1000) as f64).log10(),
            Kind::City => {
                let size = (r.population.max(1000) as f64).log10();
                let capital = if r.capital { 0.5 } else { 0.0 };
                let alternate = if normalise(&r.name) == self.key {
                    0.0
                } else {
                    -1.0
                };
                size + capital + alternate
            }
        }
    }
}

/// A small bonus for a city near the other places of the article.
fn nearness(gazetteer: &Gazetteer, r: &Record, first: &[Option<u32>], own: usize) -> f64 {
    if r.kind != Kind::City {
        return 0.0;
    }
    let nearest = first
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != own)
        .filter_map(|(_, c)| c.map(|i| gazetteer.record(i)))
        .filter(|o| o.kind == Kind::City && o.geonameid != r.geonameid)
        .map(|o| km(r.lat as f64, r.lon as f64, o.lat as f64, o.lon as f64))
        .fold(f64::INFINITY, f64::min);
    if nearest < 150.0 {
        1.0
    } else if nearest < 400.0 {
        0.5
    } else {
        0.0
    }
}

fn best(candidates: &[u32], score: impl Fn(u32) -> f64) -> Option<u32> {
    candidates
        .iter()
        .copied()
        .map(|i| (i, score(i)))
        .fold(None, |acc: Option<(u32, f64)>, (i, s)| match acc {
            Some((_, best)) if best >= s => acc,
            _ => Some((i, s)),
        })
        .map(|(i, _)| i)
}

/// Weighted counts of the countries and US states the article's mentions point at.
#[derive(Default)]
struct Context {
    countries: HashMap<String, f64>,
    states: HashMap<String, f64>,
    total: f64,
}

impl Context {
    /// The countries and states of the chosen entries of the mentions `keep` selects.
    fn of(
        gazetteer: &Gazetteer,
        choices: &[Option<u32>],
        weights: &[f64],
        keep: impl Fn(usize) -> bool,
    ) -> Context {
        let mut context = Context::default();
        for (k, (choice, w)) in choices.iter().zip(weights).enumerate() {
            if let (Some(i), true) = (choice, keep(k)) {
                context.add(gazetteer.record(*i), *w);
            }
        }
        context
    }

    fn add(&mut self, r: &Record, weight: f64) {
        if r.country.is_empty() {
            return;
        }
        *self.countries.entry(r.country.clone()).or_default() += weight;
        if r.kind != Kind::Country && r.country == "US" {
            *self.states.entry(r.admin1.clone()).or_default() += weight;
        }
        self.total += weight;
    }

    /// Share of the other mentions in `r`'s country, leaving out `same`: the mentions of
    /// the same name, which would otherwise vote for their own first choice.
    fn country_share(&self, r: &Record, same: &Context) -> f64 {
        let count = self.countries.get(&r.country).copied().unwrap_or(0.0)
            - same.countries.get(&r.country).copied().unwrap_or(0.0);
        share(count, self.total - same.total)
    }

    /// As [`Context::country_share`] for `r`'s US state.
    fn state_share(&self, r: &Record, same: &Context) -> f64 {
        if r.country != "US" || r.kind == Kind::Country {
            return 0.0;
        }
        let count = self.states.get(&r.admin1).copied().unwrap_or(0.0)
            - same.states.get(&r.admin1).copied().unwrap_or(0.0);
        share(count, self.total - same.total)
    }

    /// The article's main area: its main US state when most mentions are in it, else its
    /// main country.
    fn main_area(&self, gazetteer: &Gazetteer) -> Option<u32> {
        let top = |m: &HashMap<String, f64>| {
            m.iter()
                .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(k, v)| (k.clone(), *v))
        };
        let (country, _) = top(&self.countries)?;
        if country == "US" {
            if let Some((state, share)) = top(&self.states) {
                if share * 2.0 >= self.total {
                    return gazetteer.state("US", &state).or(gazetteer.country("US"));
                }
            }
        }
        gazetteer.country(&country)
    }
}

/// The stand-in for a name not in the gazetteer: the city mentioned nearest to it in the
/// text (a street, a suburb or a county is usually beside the town it is in), else the
/// article's main state or country.
fn fallback(
    gazetteer: &Gazetteer,
    toponyms: &[Toponym],
    choices: &[Option<u32>],
    span: Span,
    context: &Context,
) -> Option<u32> {
    let near = toponyms
        .iter()
        .zip(choices)
        .filter_map(|(t, c)| c.map(|i| (t, i)))
        .filter(|(_, i)| gazetteer.record(*i).kind == Kind::City)
        .map(|(t, i)| (t.span.start.abs_diff(span.start), i))
        .min_by_key(|(d, _)| *d)
        .map(|(_, i)| i);
    near.or_else(|| context.main_area(gazetteer))
}

fn share(count: f64, total: f64) -> f64 {
    if total <= 1e-9 {
        0.0
    } else {
        (count / total).clamp(0.0, 1.0)
    }
}

/// Great-circle distance in km (haversine, mean Earth radius).
pub fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().min(1.0).asin()
}

fn place(r: &Record, span: Span, how: Resolution, metonymic: bool) -> Place {
    // f32 storage: round to 1e-5 degrees (about a metre) so JSON shows 51.18009, not 51.180099487.
    let round = |x: f32| (x as f64 * 1e5).round() / 1e5;
    Place {
        span,
        geonameid: (r.geonameid > 0).then_some(r.geonameid),
        name: r.name.clone(),
        country: (!r.country.is_empty()).then(|| r.country.clone()),
        feature_class: r.feature_class().to_string(),
        feature_code: r.feature_code().to_string(),
        lat: round(r.lat),
        lon: round(r.lon),
        population: (r.population > 0).then_some(r.population),
        resolved_by: how,
        metonymic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::tests::tiny;

    fn at(text: &str, needle: &str) -> Span {
        let byte = text.find(needle).unwrap();
        let start = text[..byte].chars().count();
        Span::new(start, start + needle.chars().count())
    }

    fn run(text: &str, names: &[(&str, Cue)]) -> Vec<Option<Place>> {
        let toponyms: Vec<Toponym> = names
            .iter()
            .map(|(n, cue)| Toponym {
                span: at(text, n),
                cue: *cue,
            })
            .collect();
        resolve(&tiny(), text, &toponyms, Options::default())
    }

    #[test]
    fn population_decides_alone_and_a_qualifier_overrides_it() {
        let p = run("She flew to Paris.", &[("Paris", Cue::Name)]);
        assert_eq!(p[0].as_ref().unwrap().country.as_deref(), Some("FR"));
        assert_eq!(p[0].as_ref().unwrap().resolved_by, Resolution::Population);
        let p = run("She lives in Paris, Texas, now.", &[("Paris", Cue::Name)]);
        let paris = p[0].as_ref().unwrap();
        assert_eq!(
            (paris.geonameid, paris.resolved_by),
            (Some(1), Resolution::Qualifier)
        );
    }

    #[test]
    fn context_moves_an_ambiguous_name() {
        let text = "In Texas and the United States, Paris voted. Texas again.";
        let p = run(
            text,
            &[
                ("Texas", Cue::Name),
                ("United States", Cue::Name),
                ("Paris", Cue::Name),
            ],
        );
        assert_eq!(p[2].as_ref().unwrap().geonameid, Some(1));
        assert_eq!(p[2].as_ref().unwrap().resolved_by, Resolution::Context);
    }

    #[test]
    fn demonyms_dateline_alternate_names_and_metonymy() {
        let text = "NUR-SULTAN, January 7. Kazakh cities burned. Kazakhstan said it would act.";
        let p = run(
            text,
            &[
                ("NUR-SULTAN", Cue::Dateline),
                ("Kazakh", Cue::Demonym),
                ("Kazakhstan", Cue::Name),
            ],
        );
        let astana = p[0].as_ref().unwrap();
        assert_eq!(
            (astana.name.as_str(), astana.resolved_by),
            ("Astana", Resolution::Unique)
        );
        let kz = p[1].as_ref().unwrap();
        assert_eq!(
            (kz.name.as_str(), kz.resolved_by, kz.lat, kz.lon),
            ("Kazakhstan", Resolution::Demonym, 48.0, 68.0)
        );
        assert!(!kz.metonymic);
        assert!(p[2].as_ref().unwrap().metonymic);
    }

    #[test]
    fn unknown_names_get_nothing_or_the_fallback() {
        let text = "From Texas to Smallville.";
        let toponyms = [
            Toponym {
                span: at(text, "Texas"),
                cue: Cue::Name,
            },
            Toponym {
                span: at(text, "Smallville"),
                cue: Cue::Name,
            },
        ];
        let p = resolve(&tiny(), text, &toponyms, Options::default());
        assert!(p[1].is_none());
        let p = resolve(&tiny(), text, &toponyms, Options { fallback: true });
        let fallback = p[1].as_ref().unwrap();
        assert_eq!(
            (fallback.name.as_str(), fallback.resolved_by),
            ("Texas", Resolution::Fallback)
        );
    }

    #[test]
    fn distances() {
        assert!((km(51.18, 71.45, 43.25, 76.95) - 972.0).abs() < 15.0);
        assert_eq!(km(1.0, 2.0, 1.0, 2.0), 0.0);
    }
}
