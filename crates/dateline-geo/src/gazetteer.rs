//! The compiled gazetteer: a record table and an `fst` map from normalised names
//! (official and alternate) to the records that bear them.
//!
//! File layout (little endian): the magic `DLGAZ001`; the record count and the records;
//! the postings (record numbers, grouped per name, largest population first); the fst
//! bytes. An fst value packs a name's postings as `offset << 16 | count`.

use crate::normalise::normalise;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

const MAGIC: &[u8; 8] = b"DLGAZ001";

/// What kind of place a record is; it fixes the GeoNames feature class and code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Continent,
    Country,
    /// A first-order division (the US states).
    State,
    City,
    /// A US county (GeoNames ADM2). Last so that the byte codes of the others stay; the
    /// derived order still puts it after a state, which is all a qualifier needs.
    County,
}

/// Where a record's coordinates came from: GeoNames itself, or a documented stand-in
/// where the GeoNames copy has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoordSource {
    GeoNames,
    /// The country point of the npm package `world-countries` (see data/NOTICE.md).
    WorldCountries,
    /// The capital city's GeoNames point.
    Capital,
    /// The centre of the bounding box of the area's cities in GeoNames.
    CityExtent,
    /// The npm package `@countrystatecity/countries` (see data/NOTICE.md).
    CountryStateCity,
    /// A surveyed geographic centre (the United States; see data/NOTICE.md).
    Survey,
    /// The mean of the GeoNames points of an area's towns (US counties;
    /// `scripts/geonames-counties`).
    TownMean,
    /// GeoNames' own point of a country or first-level division, as OpenWeatherMap's city
    /// list (built from GeoNames) carries it (`scripts/geonames-admin-points`). Last so
    /// that the byte codes of the others stay.
    GeoNamesOwm,
}

impl CoordSource {
    const ALL: [CoordSource; 8] = [
        CoordSource::GeoNames,
        CoordSource::WorldCountries,
        CoordSource::Capital,
        CoordSource::CityExtent,
        CoordSource::CountryStateCity,
        CoordSource::Survey,
        CoordSource::TownMean,
        CoordSource::GeoNamesOwm,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CoordSource::GeoNames => "geonames",
            CoordSource::WorldCountries => "world-countries",
            CoordSource::Capital => "capital",
            CoordSource::CityExtent => "city-extent",
            CoordSource::CountryStateCity => "countrystatecity",
            CoordSource::Survey => "survey",
            CoordSource::TownMean => "town-mean",
            CoordSource::GeoNamesOwm => "geonames-owm",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// 0 when the source gives none (divisions from `@countrystatecity` alone).
    pub geonameid: u64,
    pub name: String,
    /// ISO 3166-1 alpha-2; empty for continents.
    pub country: String,
    /// GeoNames admin1 code of a city (`TX` for US cities); of a state, its GeoNames admin1
    /// code where its GeoNames entry is known, else its ISO 3166-2 code.
    pub admin1: String,
    pub kind: Kind,
    pub capital: bool,
    pub lat: f32,
    pub lon: f32,
    pub population: u64,
    pub coord_source: CoordSource,
}

impl Record {
    pub fn feature_class(&self) -> &'static str {
        match self.kind {
            Kind::Continent => "L",
            Kind::Country | Kind::State | Kind::County => "A",
            Kind::City => "P",
        }
    }

    pub fn feature_code(&self) -> &'static str {
        match self.kind {
            Kind::Continent => "CONT",
            Kind::Country => "PCLI",
            Kind::State => "ADM1",
            Kind::County => "ADM2",
            Kind::City if self.capital => "PPLC",
            Kind::City => "PPL",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    #[error("not a compiled gazetteer (bad magic or version)")]
    Magic,
    #[error("gazetteer file is truncated or corrupt at byte {0}")]
    Corrupt(usize),
    #[error("name index: {0}")]
    Fst(#[from] fst::Error),
    #[error("{0}: {1}")]
    Source(String, String),
}

/// Records plus the name index. Cheap to query from many threads.
pub struct Gazetteer {
    records: Vec<Record>,
    postings: Vec<u32>,
    names: fst::Map<Vec<u8>>,
    countries: HashMap<String, u32>,
    states: HashMap<(String, String), u32>,
}

impl Gazetteer {
    /// Builds the index from records and `(name, record number)` pairs; names are
    /// normalised here, duplicates dropped, each name's records ordered by population.
    pub fn build(records: Vec<Record>, names: &[(String, u32)]) -> Result<Gazetteer, GeoError> {
        let mut by_key: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (name, index) in names {
            let key = normalise(name);
            if !key.is_empty() {
                by_key.entry(key).or_default().push(*index);
            }
        }
        let mut postings = Vec::new();
        let mut builder = fst::MapBuilder::memory();
        for (key, mut ids) in by_key {
            ids.sort_unstable();
            ids.dedup();
            ids.sort_by_key(|&i| std::cmp::Reverse(records[i as usize].population));
            ids.truncate(u16::MAX as usize);
            let value = ((postings.len() as u64) << 16) | ids.len() as u64;
            postings.extend(ids);
            builder.insert(key, value)?;
        }
        let names = fst::Map::new(builder.into_inner()?)?;
        Ok(Gazetteer::assemble(records, postings, names))
    }

    fn assemble(records: Vec<Record>, postings: Vec<u32>, names: fst::Map<Vec<u8>>) -> Gazetteer {
        let mut countries = HashMap::new();
        let mut states = HashMap::new();
        for (i, r) in records.iter().enumerate() {
            match r.kind {
                Kind::Country => {
                    countries.insert(r.country.clone(), i as u32);
                }
                Kind::State => {
                    states.insert((r.country.clone(), r.admin1.clone()), i as u32);
                }
                _ => {}
            }
        }
        Gazetteer {
            records,
            postings,
            names,
            countries,
            states,
        }
    }

    pub fn load(path: &Path) -> Result<Gazetteer, GeoError> {
        let bytes = std::fs::read(path).map_err(|e| GeoError::Io(path.display().to_string(), e))?;
        Gazetteer::from_bytes(bytes)
    }

    pub fn from_bytes(bytes: Vec<u8>) -> Result<Gazetteer, GeoError> {
        if bytes.get(..8) != Some(MAGIC.as_slice()) {
            return Err(GeoError::Magic);
        }
        let mut r = Reader {
            bytes: &bytes,
            at: 8,
        };
        let n = r.u32()? as usize;
        let mut records = Vec::with_capacity(n);
        for _ in 0..n {
            let geonameid = r.u64()?;
            let lat = f32::from_bits(r.u32()?);
            let lon = f32::from_bits(r.u32()?);
            let population = r.u64()?;
            let kind = match r.u8()? {
                0 => Kind::Continent,
                1 => Kind::Country,
                2 => Kind::State,
                3 => Kind::City,
                4 => Kind::County,
                _ => return Err(GeoError::Corrupt(r.at)),
            };
            let capital = r.u8()? == 1;
            let coord_source = *CoordSource::ALL
                .get(r.u8()? as usize)
                .ok_or(GeoError::Corrupt(r.at))?;
            let country = r.string()?;
            let admin1 = r.string()?;
            let name = r.string()?;
            records.push(Record {
                geonameid,
                name,
                country,
                admin1,
                kind,
                capital,
                lat,
                lon,
                population,
                coord_source,
            });
        }
        let np = r.u32()? as usize;
        let mut postings = Vec::with_capacity(np);
        for _ in 0..np {
            postings.push(r.u32()?);
        }
        let fst_len = r.u64()? as usize;
        let fst_bytes = r.take(fst_len)?.to_vec();
        let names = fst::Map::new(fst_bytes)?;
        if postings.iter().any(|&p| p as usize >= records.len()) {
            return Err(GeoError::Corrupt(r.at));
        }
        Ok(Gazetteer::assemble(records, postings, names))
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend((self.records.len() as u32).to_le_bytes());
        for r in &self.records {
            out.extend(r.geonameid.to_le_bytes());
            out.extend(r.lat.to_bits().to_le_bytes());
            out.extend(r.lon.to_bits().to_le_bytes());
            out.extend(r.population.to_le_bytes());
            out.push(r.kind as u8);
            out.push(u8::from(r.capital));
            out.push(
                CoordSource::ALL
                    .iter()
                    .position(|&c| c == r.coord_source)
                    .unwrap_or(0) as u8,
            );
            for s in [&r.country, &r.admin1, &r.name] {
                out.extend((s.len() as u16).to_le_bytes());
                out.extend(s.as_bytes());
            }
        }
        out.extend((self.postings.len() as u32).to_le_bytes());
        for p in &self.postings {
            out.extend(p.to_le_bytes());
        }
        let fst_bytes = self.names.as_fst().as_bytes();
        out.extend((fst_bytes.len() as u64).to_le_bytes());
        out.extend(fst_bytes);
        out
    }

    pub fn records(&self) -> &[Record] {
        &self.records
    }

    pub fn record(&self, index: u32) -> &Record {
        &self.records[index as usize]
    }

    /// Number of distinct normalised names.
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// Record numbers bearing `name` (any spelling), largest population first.
    pub fn lookup(&self, name: &str) -> &[u32] {
        self.lookup_key(&normalise(name))
    }

    /// As [`Gazetteer::lookup`] for a name already normalised.
    pub fn lookup_key(&self, key: &str) -> &[u32] {
        match self.names.get(key) {
            Some(v) => {
                let (offset, count) = ((v >> 16) as usize, (v & 0xffff) as usize);
                &self.postings[offset..offset + count]
            }
            None => &[],
        }
    }

    /// The country record of an ISO alpha-2 code.
    pub fn country(&self, iso2: &str) -> Option<u32> {
        self.countries.get(iso2).copied()
    }

    /// The state (admin1) record of a country and admin1 code.
    pub fn state(&self, iso2: &str, admin1: &str) -> Option<u32> {
        self.states
            .get(&(iso2.to_string(), admin1.to_string()))
            .copied()
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], GeoError> {
        let slice = self
            .bytes
            .get(self.at..self.at.saturating_add(n))
            .ok_or(GeoError::Corrupt(self.at))?;
        self.at += n;
        Ok(slice)
    }
    fn u8(&mut self) -> Result<u8, GeoError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, GeoError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    fn u64(&mut self) -> Result<u64, GeoError> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }
    fn string(&mut self) -> Result<String, GeoError> {
        let len = u16::from_le_bytes(self.take(2)?.try_into().expect("2 bytes")) as usize;
        let at = self.at;
        String::from_utf8(self.take(len)?.to_vec()).map_err(|_| GeoError::Corrupt(at))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn record(
        id: u64,
        name: &str,
        cc: &str,
        admin1: &str,
        kind: Kind,
        pop: u64,
        (lat, lon): (f32, f32),
    ) -> Record {
        Record {
            geonameid: id,
            name: name.into(),
            country: cc.into(),
            admin1: admin1.into(),
            kind,
            capital: false,
            lat,
            lon,
            population: pop,
            coord_source: CoordSource::GeoNames,
        }
    }

    /// Two Parises, a country, a state: enough to test ranking and round trips.
    pub fn tiny() -> Gazetteer {
        let records = vec![
            record(1, "Paris", "US", "TX", Kind::City, 25_000, (33.66, -95.56)),
            record(2, "Paris", "FR", "11", Kind::City, 2_100_000, (48.85, 2.35)),
            record(
                3,
                "France",
                "FR",
                "",
                Kind::Country,
                67_000_000,
                (46.0, 2.0),
            ),
            record(
                4,
                "Texas",
                "US",
                "TX",
                Kind::State,
                29_000_000,
                (31.25, -99.25),
            ),
            record(
                5,
                "United States",
                "US",
                "",
                Kind::Country,
                330_000_000,
                (39.76, -98.5),
            ),
            record(
                6,
                "Astana",
                "KZ",
                "05",
                Kind::City,
                1_000_000,
                (51.18, 71.45),
            ),
            record(
                7,
                "Kazakhstan",
                "KZ",
                "",
                Kind::Country,
                18_000_000,
                (48.0, 68.0),
            ),
        ];
        let names: Vec<(String, u32)> = [
            ("Paris", 0),
            ("Paris", 1),
            ("France", 2),
            ("Texas", 3),
            ("United States", 4),
            ("US", 4),
            ("Astana", 5),
            ("Nur-Sultan", 5),
            ("Kazakhstan", 6),
        ]
        .iter()
        .map(|(n, i)| (n.to_string(), *i))
        .collect();
        Gazetteer::build(records, &names).unwrap()
    }

    #[test]
    fn lookup_orders_by_population_and_round_trips() {
        let g = tiny();
        let paris: Vec<u64> = g
            .lookup("PARIS")
            .iter()
            .map(|&i| g.record(i).geonameid)
            .collect();
        assert_eq!(paris, vec![2, 1]);
        assert_eq!(g.record(g.lookup("Nur Sultan")[0]).name, "Astana");
        assert!(g.lookup("Atlantis").is_empty());
        let again = Gazetteer::from_bytes(g.to_bytes()).unwrap();
        assert_eq!(again.records(), g.records());
        assert_eq!(again.lookup("paris"), g.lookup("paris"));
        assert_eq!(again.state("US", "TX"), Some(3));
        assert_eq!(again.country("KZ"), Some(6));
    }

    #[test]
    fn corrupt_files_are_errors_not_panics() {
        let bytes = tiny().to_bytes();
        assert!(matches!(
            Gazetteer::from_bytes(b"nonsense".to_vec()),
            Err(GeoError::Magic)
        ));
        for cut in [9, 40, bytes.len() / 2, bytes.len() - 3] {
            assert!(
                Gazetteer::from_bytes(bytes[..cut].to_vec()).is_err(),
                "cut at {cut}"
            );
        }
    }
}
