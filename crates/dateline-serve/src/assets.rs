//! Files the UI needs, compiled into the binary (no CDN, nothing fetched at run time), and
//! the world map drawn from Natural Earth country outlines (see `assets/NOTICE`).

use crate::error::ApiError;
use crate::SharedState;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::Value;
use std::fmt::Write;
use std::sync::OnceLock;

const STYLE: &str = include_str!("../assets/style.css");
const SCRIPT: &str = include_str!("../assets/app.js");
/// world-atlas 2.0.2, `countries-110m.json`: TopoJSON of Natural Earth 1:110m countries.
const COUNTRIES: &str = include_str!("../assets/countries-110m.json");
const NOTICE: &str = include_str!("../assets/NOTICE");

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/assets/{name}", get(asset))
        // Browsers ask for it on every site; we have none, and say so without an error.
        .route(
            "/favicon.ico",
            get(|| async { axum::http::StatusCode::NO_CONTENT }),
        )
}

async fn asset(Path(name): Path<String>) -> Result<Response, ApiError> {
    let (content_type, body) = match name.as_str() {
        "style.css" => ("text/css; charset=utf-8", STYLE),
        "app.js" => ("text/javascript; charset=utf-8", SCRIPT),
        "countries-110m.json" => ("application/json", COUNTRIES),
        "NOTICE" => ("text/plain; charset=utf-8", NOTICE),
        _ => {
            return Err(ApiError::new(
                axum::http::StatusCode::NOT_FOUND,
                "not_found",
                "no such asset",
            ))
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response())
}

/// Width and height of the map's coordinate space: one unit per degree (equirectangular).
pub const MAP_WIDTH: f64 = 360.0;
pub const MAP_HEIGHT: f64 = 180.0;

/// Map coordinates of a longitude and latitude.
pub fn project(lon: f64, lat: f64) -> (f64, f64) {
    (lon + 180.0, 90.0 - lat)
}

/// One `<path class="country">` per country, built once from the TopoJSON.
pub fn country_paths() -> &'static str {
    static PATHS: OnceLock<String> = OnceLock::new();
    PATHS.get_or_init(|| {
        let topology: Value = serde_json::from_str(COUNTRIES).expect("embedded TopoJSON parses");
        draw_countries(&topology).unwrap_or_default()
    })
}

/// Decodes TopoJSON arcs (quantised, delta-encoded) and writes each country's rings as
/// SVG path data.
fn draw_countries(topology: &Value) -> Option<String> {
    let transform = topology.get("transform")?;
    let scale: Vec<f64> = serde_json::from_value(transform.get("scale")?.clone()).ok()?;
    let translate: Vec<f64> = serde_json::from_value(transform.get("translate")?.clone()).ok()?;
    let arcs: Vec<Vec<(f64, f64)>> = topology
        .get("arcs")?
        .as_array()?
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0i64, 0i64);
            arc.as_array()
                .into_iter()
                .flatten()
                .filter_map(|point| {
                    x += point.get(0)?.as_i64()?;
                    y += point.get(1)?.as_i64()?;
                    let lon = x as f64 * scale[0] + translate[0];
                    let lat = y as f64 * scale[1] + translate[1];
                    Some(project(lon, lat))
                })
                .collect()
        })
        .collect();
    let ring = |indexes: &Value| -> Vec<(f64, f64)> {
        let mut points = Vec::new();
        for index in indexes.as_array().into_iter().flatten() {
            let Some(i) = index.as_i64() else { continue };
            // A negative index is the arc `!i` walked backwards.
            let (arc, reversed) = if i < 0 { (!i, true) } else { (i, false) };
            let Some(arc) = arcs.get(arc as usize) else {
                continue;
            };
            let mut piece = arc.clone();
            if reversed {
                piece.reverse();
            }
            // Consecutive arcs share their joining point.
            let skip = usize::from(!points.is_empty());
            points.extend(piece.into_iter().skip(skip));
        }
        points
    };
    let mut svg = String::new();
    let geometries = topology
        .get("objects")?
        .get("countries")?
        .get("geometries")?
        .as_array()?;
    for geometry in geometries {
        let polygons: Vec<&Value> = match geometry.get("type")?.as_str()? {
            "Polygon" => vec![geometry.get("arcs")?],
            "MultiPolygon" => geometry.get("arcs")?.as_array()?.iter().collect(),
            _ => continue,
        };
        let mut d = String::new();
        for polygon in polygons {
            for rings in polygon.as_array().into_iter().flatten() {
                let mut previous: Option<f64> = None;
                for (x, y) in ring(rings) {
                    // A ring that runs along the antimeridian jumps from one edge of the map
                    // to the other: move there instead of drawing a line across the world.
                    let jump = previous.is_none_or(|p| (x - p).abs() > MAP_WIDTH / 2.0);
                    let _ = write!(d, "{}{x:.2},{y:.2}", if jump { "M" } else { "L" });
                    previous = Some(x);
                }
                d.push('Z');
            }
        }
        let name = geometry
            .get("properties")
            .and_then(|p| p.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let _ = write!(
            svg,
            "<path class=\"country\" d=\"{d}\"><title>{}</title></path>",
            crate::html::escape(name)
        );
    }
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_atlas_draws_every_country_inside_the_frame() {
        let paths = country_paths();
        assert!(paths.matches("<path class=\"country\"").count() > 150);
        assert!(paths.contains("<title>Kazakhstan</title>"));
        let coordinates = paths
            .split(['M', 'L', 'Z', '"'])
            .filter_map(|p| p.split_once(','))
            .filter_map(|(x, y)| Some((x.parse::<f64>().ok()?, y.parse::<f64>().ok()?)));
        for (x, y) in coordinates {
            assert!((0.0..=MAP_WIDTH).contains(&x) && (0.0..=MAP_HEIGHT).contains(&y));
        }
        assert_eq!(project(0.0, 0.0), (180.0, 90.0));
    }
}
