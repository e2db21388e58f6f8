//! Error analysis of the resolver on gold toponym spans: one line per gold toponym geocoded
//! more than 161 km off, with its bucket (not in the gazetteer under that name, the right
//! entry among the candidates but not chosen, or no candidate near the gold point).
//! Usage: geo_misses GOLD.jsonl (models/gazetteer.bin | GEONAMES_DIR)

use dateline_document::Span;
use dateline_geo::{demonyms, km, normalise, resolve, Cue, Gazetteer, Options, Toponym};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let gold = std::fs::read_to_string(&args[1]).expect("gold file");
    let source = std::path::Path::new(&args[2]);
    // A GeoNames directory is compiled in memory, to try a gazetteer before installing it.
    let gazetteer = if source.is_dir() {
        Gazetteer::from_bytes(dateline_geo::compile(source).expect("compile").0)
    } else {
        Gazetteer::load(source)
    }
    .expect("gazetteer");
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let doc: serde_json::Value = serde_json::from_str(line).expect("json line");
        let text = doc["text"].as_str().unwrap_or_default();
        let gold_toponyms = doc["toponyms"].as_array().cloned().unwrap_or_default();
        let toponyms: Vec<Toponym> = gold_toponyms
            .iter()
            .map(|t| {
                let name = t["name"].as_str().unwrap_or_default();
                Toponym {
                    span: Span::new(
                        t["span"][0].as_u64().unwrap_or(0) as usize,
                        t["span"][1].as_u64().unwrap_or(0) as usize,
                    ),
                    cue: if demonyms::lookup(name).is_some() {
                        Cue::Demonym
                    } else {
                        Cue::Name
                    },
                }
            })
            .collect();
        let places = resolve(&gazetteer, text, &toponyms, Options { fallback: true });
        for (t, place) in gold_toponyms.iter().zip(&places) {
            let (Some(lat), Some(lon)) = (t["lat"].as_f64(), t["lon"].as_f64()) else {
                continue;
            };
            let name = t["name"].as_str().unwrap_or_default();
            let error = place
                .as_ref()
                .map_or(f64::INFINITY, |p| km(p.lat, p.lon, lat, lon));
            if error <= 161.0 {
                continue;
            }
            let candidates = gazetteer.lookup_key(&normalise(name));
            let near = candidates.iter().find(|&&i| {
                let r = gazetteer.record(i);
                km(r.lat as f64, r.lon as f64, lat, lon) <= 161.0
            });
            let bucket = match (candidates.is_empty(), near) {
                (true, _) => "absent",
                (false, Some(_)) => "ranking",
                (false, None) => "no-near-candidate",
            };
            let chosen = place.as_ref().map_or("-".to_string(), |p| {
                format!(
                    "{} {}/{} {:?}",
                    p.name,
                    p.country.as_deref().unwrap_or(""),
                    p.feature_code,
                    p.resolved_by
                )
            });
            let wanted = near.map_or(String::new(), |&i| {
                let r = gazetteer.record(i);
                format!("{} {}/{:?}", r.name, r.country, r.kind)
            });
            println!(
                "{bucket}\t{name}\t{:.0}km\tgot {chosen}\twant {wanted} ({lat:.2},{lon:.2}) gid={}\t{}",
                error.min(99999.0),
                t["geonameid"],
                doc["id"].as_str().unwrap_or_default()
            );
        }
    }
}
