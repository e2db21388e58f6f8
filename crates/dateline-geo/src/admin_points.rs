//! GeoNames' own points for countries (PCLI) and first-level divisions (ADM1), from
//! `admin-points.tsv`, which `scripts/geonames-admin-points` writes beside the other
//! GeoNames files. The geoparsing gold data put countries and divisions at these points;
//! the npm packages that stand in for them otherwise differ by up to 1,000 km (Canada).

use crate::gazetteer::GeoError;
use crate::normalise::normalise;
use std::collections::HashMap;

/// The file's name in the GeoNames directory; optional.
pub(crate) const FILE: &str = "admin-points.tsv";

/// A country or division with GeoNames' point for it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AdminPoint {
    pub geonameid: u64,
    pub country: String,
    /// GeoNames admin1 code (`TX`, `08`); empty for a country.
    pub admin1: String,
    pub lat: f32,
    pub lon: f32,
    /// GeoNames' name and its ASCII form (`Bāmyān`, `Bamyan`).
    pub names: [String; 2],
}

#[derive(Debug, Default)]
pub(crate) struct AdminPoints {
    countries: HashMap<String, AdminPoint>,
    divisions: Vec<AdminPoint>,
    /// Division index by country code and normalised name (either form).
    by_name: HashMap<(String, String), usize>,
    /// Division index by country code and admin1 code.
    by_code: HashMap<(String, String), usize>,
}

impl AdminPoints {
    /// Reads the file's lines: geonameid, PCLI or ADM1, country code, admin1 code,
    /// latitude, longitude, name, ASCII name.
    pub fn parse(content: &str) -> Result<AdminPoints, GeoError> {
        let mut points = AdminPoints::default();
        for (number, line) in content.lines().enumerate() {
            let bad = || GeoError::Source(format!("{FILE} line {}", number + 1), line.into());
            let fields: Vec<&str> = line.split('\t').collect();
            let [id, kind, country, admin1, lat, lon, name, ascii_name] = fields[..] else {
                return Err(bad());
            };
            let (Ok(geonameid), Ok(lat), Ok(lon)) =
                (id.parse::<u64>(), lat.parse::<f32>(), lon.parse::<f32>())
            else {
                return Err(bad());
            };
            let point = AdminPoint {
                geonameid,
                country: country.to_string(),
                admin1: admin1.to_string(),
                lat,
                lon,
                names: [name.to_string(), ascii_name.to_string()],
            };
            match kind {
                "PCLI" => {
                    points.countries.insert(point.country.clone(), point);
                }
                "ADM1" => {
                    let index = points.divisions.len();
                    for name in &point.names {
                        points
                            .by_name
                            .entry((point.country.clone(), normalise(name)))
                            .or_insert(index);
                    }
                    points
                        .by_code
                        .insert((point.country.clone(), point.admin1.clone()), index);
                    points.divisions.push(point);
                }
                _ => return Err(bad()),
            }
        }
        Ok(points)
    }

    /// GeoNames' point for a country (ISO alpha-2 code).
    pub fn country(&self, iso2: &str) -> Option<&AdminPoint> {
        self.countries.get(iso2)
    }

    pub fn divisions(&self) -> &[AdminPoint] {
        &self.divisions
    }

    /// The index of the division of `country` called `name`, or (in the US, where ISO
    /// 3166-2 and GeoNames codes agree) coded `code`.
    pub fn division(&self, country: &str, code: &str, name: &str) -> Option<usize> {
        let by_code = || {
            (country == "US")
                .then(|| self.by_code.get(&(country.to_string(), code.to_string())))
                .flatten()
        };
        by_code()
            .or_else(|| self.by_name.get(&(country.to_string(), normalise(name))))
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "6251999\tPCLI\tCA\t\t60.10867\t-113.64258\tCanada\tCanada\n\
        5883102\tADM1\tCA\t01\t52.28333\t-117.469\tAlberta\tAlberta\n\
        1147239\tADM1\tAF\t05\t34.75\t67.25\tBāmyān\tBamyan\n\
        4736286\tADM1\tUS\tTX\t31.25044\t-99.25061\tTexas\tTexas\n";

    #[test]
    fn divisions_are_found_by_either_name_or_by_us_code() {
        let points = AdminPoints::parse(SAMPLE).unwrap();
        assert_eq!(points.country("CA").unwrap().geonameid, 6251999);
        assert!(points.country("US").is_none());
        assert_eq!(points.division("AF", "BAM", "Bamyan"), Some(1));
        assert_eq!(points.division("AF", "BAM", "BAMYĀN"), Some(1));
        assert_eq!(points.division("CA", "AB", "Alberta"), Some(0));
        assert_eq!(points.division("US", "TX", "State of Texas"), Some(2));
        assert_eq!(
            points.division("CA", "01", "Ontario"),
            None,
            "codes are only trusted in the US"
        );
        assert_eq!(points.divisions()[2].admin1, "TX");
    }

    #[test]
    fn a_malformed_line_is_an_error() {
        assert!(AdminPoints::parse("6251999\tPCLI\tCA\t\t60.1\n").is_err());
        assert!(AdminPoints::parse("6251999\tPPL\tCA\t\t60.1\t-113.6\tCanada\tCanada\n").is_err());
        assert!(AdminPoints::parse("x\tPCLI\tCA\t\t60.1\t-113.6\tCanada\tCanada\n").is_err());
    }
}
