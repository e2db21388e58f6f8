//! Exports: every record of one kind as JSON Lines or CSV, streamed from any [`Store`].

use crate::{Result, Store, StoreError};
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Documents,
    Quotes,
    Events,
    Entities,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
}

impl std::str::FromStr for ExportKind {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<ExportKind> {
        Ok(match s {
            "documents" => ExportKind::Documents,
            "quotes" => ExportKind::Quotes,
            "events" => ExportKind::Events,
            "entities" => ExportKind::Entities,
            _ => {
                return Err(StoreError::Invalid(format!(
                    "unknown export `{s}` (documents, quotes, events, entities)"
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
            _ => Err(StoreError::Invalid(format!(
                "unknown format `{s}` (jsonl, csv)"
            ))),
        }
    }
}

impl ExportKind {
    /// Column names, in the order every backend yields values.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            ExportKind::Documents => &[
                "id",
                "doc_id",
                "content_hash",
                "outlet",
                "source",
                "url",
                "title",
                "published",
                "dateline_place",
                "dateline_agency",
                "date",
                "language",
                "duplicate_of",
                "text",
            ],
            ExportKind::Quotes => &[
                "id",
                "speaker",
                "speaker_entity",
                "kind",
                "date",
                "text",
                "sources",
                "documents",
            ],
            // GDELT/ACLED-like: date, actors, codes, place with coordinates, evidence.
            ExportKind::Events => &[
                "id",
                "document",
                "date",
                "plover",
                "cameo",
                "source_actor",
                "source_entity",
                "target_actor",
                "target_entity",
                "place",
                "lat",
                "lon",
                "evidence",
                "url",
            ],
            ExportKind::Entities => &["id", "name", "label", "documents", "mentions"],
        }
    }

    /// The query, in the SQL both backends share; its columns follow [`ExportKind::columns`].
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
                "SELECT q.id, q.speaker_name, q.speaker_entity, q.kind, q.date, q.text,
                    count(*), string_agg(CAST(qs.doc AS TEXT), ';' ORDER BY qs.doc)
                 FROM quotes q JOIN quote_sources qs ON qs.quote = q.id
                 GROUP BY q.id ORDER BY q.id"
            }
            // substr counts characters, as spans do (1-based); PostgreSQL's takes 32-bit
            // integers.
            ExportKind::Events => {
                r#"SELECT e.id, e.doc, e.date, e.plover, e.cameo, e.source_name, e.source_entity,
                    e.target_name, e.target_entity, e.place, e.lat, e.lon,
                    substr(d.text, CAST(e.start AS INTEGER) + 1, CAST(e."end" - e.start AS INTEGER)),
                    d.source_url
                 FROM events e JOIN documents d ON d.id = e.doc ORDER BY e.id"#
            }
            ExportKind::Entities => {
                "SELECT e.id, e.name, e.label, count(DISTINCT m.doc), count(m.doc)
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
    out: &mut dyn Write,
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
            writer.write_record(columns)?;
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
    }
}
