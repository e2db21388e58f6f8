//! Exports: every record of one kind as JSON Lines, CSV or Parquet, streamed from any
//! [`Store`].
//!
//! The events export is one row per event record (see [`crate::event_links`]): what was
//! done, by whom to whom, where and when, with how many reports, documents and outlets told
//! it, in the spirit of the GDELT 2.0 event table and of ACLED's. Column by column:
//!
//! | ours | GDELT 2.0 | ACLED |
//! |---|---|---|
//! | `id` | GlobalEventID | event_id_cnty |
//! | `date`, `date_approximate` | Day (SQLDATE) | event_date, time_precision |
//! | `plover`, `mode` | — | event_type, sub_event_type (PLOVER's own types) |
//! | `cameo`, `cameo_root`, `quad_class` | EventCode, EventRootCode, QuadClass | — |
//! | `source_actor`, `source_code` | Actor1Name, Actor1Code | actor1 |
//! | `target_actor`, `target_code` | Actor2Name, Actor2Code | actor2 |
//! | `place`, `geonameid`, `country` | ActionGeo_FullName, ActionGeo_FeatureID, ActionGeo_CountryCode (ISO, not FIPS) | location, —, iso (alpha-2) |
//! | `lat`, `lon` | ActionGeo_Lat, ActionGeo_Long | latitude, longitude |
//! | `reports`, `documents_count`, `outlets` | NumMentions, NumArticles, NumSources | — |
//! | `outlet`, `url` | SOURCEURL | source |
//! | `evidence` | — | notes (ours is the first report's sentence) |
//!
//! Not produced: Goldstein scale, tone, actor attribute codes (religion, ethnicity, type)
//! and actor geography (GDELT); fatalities, interaction codes, admin levels, region, source
//! scale, disorder type and civilian targeting (ACLED). `event_reports` has every report of
//! every record with its own evidence.

use crate::{Result, Store, StoreError};
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Documents,
    Quotes,
    Events,
    /// Every report of an event: the record it belongs to, its document and evidence.
    EventReports,
    Entities,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
    Parquet,
}

/// The type of an export column; every column may be null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Integer,
    Real,
    Text,
}

impl std::str::FromStr for ExportKind {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<ExportKind> {
        Ok(match s {
            "documents" => ExportKind::Documents,
            "quotes" => ExportKind::Quotes,
            "events" => ExportKind::Events,
            "event-reports" | "event_reports" => ExportKind::EventReports,
            "entities" => ExportKind::Entities,
            _ => {
                return Err(StoreError::Invalid(format!(
                    "unknown export `{s}` (documents, quotes, events, event-reports, entities)"
                )))
            }
        })
    }
}

impl std::str::FromStr for ExportFormat {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<ExportFormat> {
        match s {
            "jsonl" => Ok(ExportFormat::Jsonl),
            "csv" => Ok(ExportFormat::Csv),
            "parquet" => Ok(ExportFormat::Parquet),
            _ => Err(StoreError::Invalid(format!(
                "unknown format `{s}` (jsonl, csv, parquet)"
            ))),
        }
    }
}

use ColumnType::{Integer, Real, Text};

const DOCUMENT_COLUMNS: &[(&str, ColumnType)] = &[
    ("id", Integer),
    ("doc_id", Text),
    ("content_hash", Text),
    ("outlet", Text),
    ("source", Text),
    ("url", Text),
    ("title", Text),
    ("published", Text),
    ("dateline_place", Text),
    ("dateline_agency", Text),
    ("date", Text),
    ("language", Text),
    ("duplicate_of", Integer),
    ("text", Text),
];

const QUOTE_COLUMNS: &[(&str, ColumnType)] = &[
    ("id", Integer),
    ("speaker", Text),
    ("speaker_entity", Integer),
    ("speaker_gender", Text),
    ("speaker_gender_basis", Text),
    ("kind", Text),
    ("date", Text),
    ("text", Text),
    ("sources", Integer),
    ("documents", Text),
];

const EVENT_COLUMNS: &[(&str, ColumnType)] = &[
    ("id", Integer),
    ("date", Text),
    ("date_approximate", Integer),
    ("plover", Text),
    ("mode", Text),
    ("cameo", Text),
    ("cameo_root", Text),
    ("quad_class", Integer),
    ("source_actor", Text),
    ("source_code", Text),
    ("source_entity", Integer),
    ("target_actor", Text),
    ("target_code", Text),
    ("target_entity", Integer),
    ("place", Text),
    ("geonameid", Integer),
    ("country", Text),
    ("lat", Real),
    ("lon", Real),
    ("reports", Integer),
    ("documents_count", Integer),
    ("outlets", Integer),
    ("documents", Text),
    ("document", Integer),
    ("outlet", Text),
    ("url", Text),
    ("evidence", Text),
];

const EVENT_REPORT_COLUMNS: &[(&str, ColumnType)] = &[
    ("id", Integer),
    ("event", Integer),
    ("document", Integer),
    ("outlet", Text),
    ("url", Text),
    ("date", Text),
    ("date_approximate", Integer),
    ("plover", Text),
    ("cameo", Text),
    ("source_actor", Text),
    ("target_actor", Text),
    ("place", Text),
    ("start", Integer),
    ("end", Integer),
    ("evidence", Text),
];

const ENTITY_COLUMNS: &[(&str, ColumnType)] = &[
    ("id", Integer),
    ("name", Text),
    ("label", Text),
    ("documents", Integer),
    ("mentions", Integer),
    ("gender", Text),
    ("gender_basis", Text),
];

impl ExportKind {
    /// Column names and types, in the order every backend yields values.
    pub fn schema(self) -> &'static [(&'static str, ColumnType)] {
        match self {
            ExportKind::Documents => DOCUMENT_COLUMNS,
            ExportKind::Quotes => QUOTE_COLUMNS,
            ExportKind::Events => EVENT_COLUMNS,
            ExportKind::EventReports => EVENT_REPORT_COLUMNS,
            ExportKind::Entities => ENTITY_COLUMNS,
        }
    }

    /// Column names, in the order every backend yields values.
    pub fn columns(self) -> Vec<&'static str> {
        self.schema().iter().map(|(name, _)| *name).collect()
    }

    /// The query, in the SQL both backends share; its columns follow [`ExportKind::schema`].
    pub(crate) fn sql(self) -> &'static str {
        match self {
            ExportKind::Documents => {
                "SELECT d.id, d.doc_id, d.content_hash, s.name,
                    d.source_path || coalesce('#' || d.source_record, ''), d.source_url, d.title,
                    d.published, d.dateline_place, d.dateline_agency, d.date, d.language,
                    d.duplicate_of, d.text
                 FROM documents d JOIN sources s ON s.id = d.source ORDER BY d.id"
            }

            ExportKind::Quotes => {
                "SELECT q.id, q.speaker_name, q.speaker_entity, e.gender, e.gender_basis, q.kind,
                    q.date, q.text, count(*),
                    string_agg(CAST(qs.doc AS TEXT), ';' ORDER BY qs.doc)
                 FROM quotes q JOIN quote_sources qs ON qs.quote = q.id
                 LEFT JOIN entities e ON e.id = q.speaker_entity
                 GROUP BY q.id, e.id ORDER BY q.id"
            }

            // One row per record (its first report), with the counts over its reports.
            // QuadClass from the CAMEO root: verbal and material cooperation, verbal and
            // material conflict.
            // An event's evidence is its sentence in its document: substr counts characters,
            // as spans do (1-based); PostgreSQL's takes 32-bit integers.
            ExportKind::Events => {
                r#"SELECT e.id, e.date, e.approximate, e.plover, e.mode, e.cameo,
                    substr(e.cameo, 1, 2),
                    CASE WHEN substr(e.cameo, 1, 2) BETWEEN '01' AND '05' THEN 1
                         WHEN substr(e.cameo, 1, 2) BETWEEN '06' AND '08' THEN 2
                         WHEN substr(e.cameo, 1, 2) BETWEEN '09' AND '13' THEN 3
                         WHEN substr(e.cameo, 1, 2) BETWEEN '14' AND '20' THEN 4 END,
                    e.source_name, e.source_code, e.source_entity,
                    e.target_name, e.target_code, e.target_entity,
                    e.place, e.geonameid, e.country, e.lat, e.lon,
                    r.reports, r.documents_count, r.outlets, r.documents,
                    e.doc, s.name, d.source_url, substr(d.text, CAST(e.start AS INTEGER) + 1, CAST(e."end" - e.start AS INTEGER))
                 FROM events e JOIN documents d ON d.id = e.doc JOIN sources s ON s.id = d.source
                 JOIN (SELECT record, CAST(sum(n) AS BIGINT) AS reports,
                          count(*) AS documents_count, count(DISTINCT source) AS outlets,
                          string_agg(CAST(doc AS TEXT), ';' ORDER BY doc) AS documents
                       FROM (SELECT coalesce(ev.same_as, ev.id) AS record, ev.doc, rd.source,
                                count(*) AS n
                             FROM events ev JOIN documents rd ON rd.id = ev.doc
                             GROUP BY coalesce(ev.same_as, ev.id), ev.doc, rd.source)
                            AS per_document
                       GROUP BY record) AS r ON r.record = e.id
                 ORDER BY e.id"#
            }
            ExportKind::EventReports => {
                r#"SELECT e.id, coalesce(e.same_as, e.id), e.doc, s.name, d.source_url, e.date,
                    e.approximate, e.plover, e.cameo, e.source_name, e.target_name, e.place,
                    e.start, e."end", substr(d.text, CAST(e.start AS INTEGER) + 1, CAST(e."end" - e.start AS INTEGER))
                 FROM events e JOIN documents d ON d.id = e.doc JOIN sources s ON s.id = d.source
                 ORDER BY e.id"#
            }
            ExportKind::Entities => {
                "SELECT e.id, e.name, e.label, count(DISTINCT m.doc), count(m.doc), e.gender,
                    e.gender_basis
                 FROM entities e LEFT JOIN mentions m ON m.entity = e.id
                 GROUP BY e.id ORDER BY e.id"
            }
        }
    }
}

/// Writes every record of `what` to `out`; returns how many.
pub fn write_export(
    store: &dyn Store,
    what: ExportKind,
    format: ExportFormat,
    out: &mut (dyn Write + Send),
) -> Result<usize> {
    let columns = what.columns();
    match format {
        ExportFormat::Jsonl => store.export(what, &mut |row| {
            let object: serde_json::Map<String, serde_json::Value> =
                columns.iter().map(|c| c.to_string()).zip(row).collect();
            serde_json::to_writer(&mut *out, &object)?;
            out.write_all(b"\n")?;
            Ok(())
        }),
        ExportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record(&columns)?;
            let count = store.export(what, &mut |row| {
                let cells = row.iter().map(|value| match value {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                });
                writer.write_record(cells)?;
                Ok(())
            })?;
            writer.flush()?;
            Ok(count)
        }
        ExportFormat::Parquet => {
            let mut writer = crate::parquet_export::ParquetWriter::new(out, what.schema())?;
            let count = store.export(what, &mut |row| writer.push(row))?;
            writer.finish()?;
            Ok(count)
        }
    }
}
