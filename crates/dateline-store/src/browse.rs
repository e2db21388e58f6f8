//! Read queries for browsing a store (what `dateline serve` shows): pages of documents,
//! quotes, speakers, entities, events and places with filters, one document with every
//! annotation span, and facet counts over a set of documents.
//!
//! Every list is ordered by something stable (date, then id) so that pages do not shift
//! between requests, and comes with its total so a client can page.

use crate::embedded::{word_pattern, LABEL_SQL};
use crate::{EmbeddedStore, QuoteRecord, Result};
use rusqlite::types::Value as Sql;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// Which slice of a list to return.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub limit: usize,
    pub offset: usize,
}

impl Default for Paging {
    fn default() -> Self {
        Paging {
            limit: 20,
            offset: 0,
        }
    }
}

/// A document in a list: enough to show a result line and link to it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize)]
pub struct DocumentSummary {
    pub id: i64,
    pub title: Option<String>,
    /// The date its records default to: dateline date, else publication date.
    pub date: Option<String>,
    /// The outlet (site name, agency, host or input format).
    pub outlet: String,
    /// Where the input came from (`path` or `path#record`).
    pub label: String,
    pub url: Option<String>,
    /// The earliest copy, when this document is a near-duplicate of it.
    pub duplicate_of: Option<i64>,
    pub quotes: i64,
    pub events: i64,
}

/// One document with its text and every annotation, each a code-point span into `text`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize)]
pub struct DocumentRecord {
    #[serde(flatten)]
    pub summary: DocumentSummary,
    pub published: Option<String>,
    pub language: Option<String>,
    pub dateline_place: Option<String>,
    pub text: String,
    pub quotes: Vec<QuoteSpan>,
    pub mentions: Vec<MentionSpan>,
    pub places: Vec<PlaceSpan>,
    pub timexes: Vec<TimexSpan>,
    pub events: Vec<EventRecord>,
}

/// One quote occurrence in a document, pointing at its quote record.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize)]
pub struct QuoteSpan {
    /// The quote record (shared by every outlet that reported the statement).
    pub quote: i64,
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub speaker: Option<String>,
    pub speaker_entity: Option<i64>,
    /// Where the speaker and the cue ("said") are named in this document.
    pub speaker_span: Option<[usize; 2]>,
    pub cue_span: Option<[usize; 2]>,
}

/// One mention of an entity.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize)]
pub struct MentionSpan {
    pub entity: i64,
    /// The entity's canonical name and label (`PER`, `ORG`, `GPE`, `LOC`...).
    pub name: String,
    pub label: String,
    pub start: usize,
    pub end: usize,
    /// `name`, `acronym`, `nominal`, `pronoun`...
    pub kind: String,
    pub text: String,
}

/// One place mention resolved to a gazetteer entry.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize)]
pub struct PlaceSpan {
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub name: Option<String>,
    pub geonameid: Option<i64>,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// One time expression.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize)]
pub struct TimexSpan {
    pub start: Option<usize>,
    pub end: Option<usize>,
    /// `date`, `time`, `duration`, `set`.
    pub kind: Option<String>,
    /// TIMEX3 value (`2022-01-07`, `P3Y`...).
    pub value: Option<String>,
}

/// One coded event with its evidence spans.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize)]
pub struct EventRecord {
    pub id: i64,
    pub document: i64,
    pub title: Option<String>,
    pub outlet: String,
    pub date: Option<String>,
    pub plover: Option<String>,
    pub cameo: Option<String>,
    pub source_name: Option<String>,
    pub source_entity: Option<i64>,
    pub target_name: Option<String>,
    pub target_entity: Option<i64>,
    pub place: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// The sentence the event was coded from, and the word(s) that triggered it.
    pub sentence: Option<[usize; 2]>,
    pub trigger: Option<[usize; 2]>,
    /// Not negated, hypothetical or announced for the future.
    pub factual: bool,
    /// The event record this report belongs to: the id of its first report (its own id
    /// when it is the first). Lists of events show one row per record.
    pub record: i64,
    /// How many reports the record has, and how many documents they come from.
    pub reports: i64,
    pub documents: i64,
}

/// A person (or body) quoted: an entity that is the speaker of at least one quote.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize)]
pub struct SpeakerSummary {
    /// The speaker's entity id.
    pub id: i64,
    pub name: String,
    pub quotes: i64,
    /// How many outlets reported a quote of this speaker.
    pub outlets: i64,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// A person's gender as the stored articles show it (`female`, `male`), and what that
    /// rests on (`pronoun`, `title`, or `first_name`, a guess from a name list); absent
    /// when the articles do not say or disagree.
    pub gender: Option<String>,
    pub gender_basis: Option<String>,
}

/// An entity in a list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize)]
pub struct EntitySummary {
    pub id: i64,
    pub name: String,
    pub label: String,
    pub mentions: i64,
    pub documents: i64,
    /// Quote records with this entity as speaker.
    pub quotes: i64,
    /// As for [`SpeakerSummary::gender`].
    pub gender: Option<String>,
    pub gender_basis: Option<String>,
}

/// Who gets quoted, by gender (the Gender Gap Tracker's measure): all outlets together,
/// and each outlet, most quotes first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct QuotedGenders {
    pub all: GenderCounts,
    pub outlets: Vec<GenderCounts>,
}

/// Quotes reported by one outlet (or, with no outlet, by all), counted by their speaker's
/// gender. A quote counts once per document that reports it, since each outlet chose to
/// quote that person. Persons whose gender the articles do not show are `unknown`; quotes
/// of organisations, groups, anonymous or unresolved speakers are `not_person`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct GenderCounts {
    pub outlet: Option<String>,
    pub female: i64,
    pub male: i64,
    pub unknown: i64,
    pub not_person: i64,
    /// Distinct persons quoted, by gender.
    pub female_speakers: i64,
    pub male_speakers: i64,
    pub unknown_speakers: i64,
    /// female / (female + male): the share of women among quotes whose speaker's gender is
    /// known; absent when there is none.
    pub female_share: Option<f64>,
}

/// A place named in the store, with how often.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize)]
pub struct PlaceSummary {
    pub geonameid: Option<i64>,
    pub name: Option<String>,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub mentions: i64,
    pub documents: i64,
}

/// One value of a facet and how many documents have it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FacetCount {
    pub value: String,
    /// The record behind the value (entity or speaker id), when there is one.
    pub id: Option<i64>,
    pub count: i64,
}

/// Counts over a set of documents, for narrowing a search.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    pub outlets: Vec<FacetCount>,
    pub speakers: Vec<FacetCount>,
    pub entities: Vec<FacetCount>,
    pub event_types: Vec<FacetCount>,
    pub years: Vec<FacetCount>,
}

#[derive(Debug, Clone, Default)]
pub struct DocumentFilter {
    pub outlet: Option<String>,
    /// Only documents mentioning this entity.
    pub entity: Option<i64>,
    /// Only documents with an event of this PLOVER type or CAMEO code prefix.
    pub event_type: Option<String>,
    /// Inclusive ISO date bounds.
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct QuoteFilter {
    /// Only quotes of this speaker entity.
    pub speaker: Option<i64>,
    /// Only quotes of speakers of this gender (`female`, `male`).
    pub speaker_gender: Option<String>,
    /// Only quotes reported by this document.
    pub document: Option<i64>,
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Only events with this entity as source or target.
    pub entity: Option<i64>,
    pub document: Option<i64>,
    /// PLOVER type, or CAMEO code prefix.
    pub event_type: Option<String>,
    pub outlet: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only events with coordinates (for a map).
    pub located: bool,
}

#[derive(Debug, Clone, Default)]
pub struct EntityFilter {
    /// `PER`, `ORG`, `GPE`...
    pub label: Option<String>,
    /// Words of the name.
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct PlaceFilter {
    pub document: Option<i64>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
}

/// A WHERE clause built from optional filters, with its parameters.
#[derive(Clone, Default)]
struct Conditions {
    clauses: Vec<String>,
    params: Vec<Sql>,
}

impl Conditions {
    /// Adds `clause`, whose `?` placeholders take `values` in order.
    fn add(&mut self, clause: &str, values: impl IntoIterator<Item = Sql>) {
        let mut sql = String::new();
        let mut values = values.into_iter();
        for piece in clause.split_inclusive('?') {
            if let Some(stripped) = piece.strip_suffix('?') {
                self.params
                    .push(values.next().expect("a value per placeholder"));
                sql.push_str(&format!("{stripped}?{}", self.params.len()));
            } else {
                sql.push_str(piece);
            }
        }
        self.clauses.push(sql);
    }

    fn dates(&mut self, column: &str, from: &Option<String>, to: &Option<String>) {
        if let Some(from) = from {
            self.add(
                &format!("substr({column}, 1, 10) >= ?"),
                [Sql::Text(from.clone())],
            );
        }
        if let Some(to) = to {
            self.add(
                &format!("substr({column}, 1, 10) <= ?"),
                [Sql::Text(to.clone())],
            );
        }
    }

    /// `self` plus the conditions of a document filter (over `documents d`, `sources s`).
    fn of_documents(filter: &DocumentFilter, mut c: Conditions) -> Conditions {
        if let Some(outlet) = &filter.outlet {
            c.add("s.name = ?", [Sql::Text(outlet.clone())]);
        }
        if let Some(entity) = filter.entity {
            c.add(
                "d.id IN (SELECT doc FROM mentions WHERE entity = ?)",
                [Sql::Integer(entity)],
            );
        }
        if let Some(event_type) = &filter.event_type {
            c.add(
                &format!("EXISTS (SELECT 1 FROM events e WHERE e.doc = d.id AND {EVENT_TYPE_SQL})"),
                event_type_values(event_type),
            );
        }
        c.dates("d.date", &filter.from, &filter.to);
        c
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }

    /// The parameters followed by LIMIT and OFFSET values.
    fn paged(&self, paging: Paging) -> Vec<Sql> {
        let mut params = self.params.clone();
        params.push(Sql::Integer(paging.limit as i64));
        params.push(Sql::Integer(paging.offset as i64));
        params
    }

    /// `LIMIT ?n OFFSET ?n+1` after this clause's parameters.
    fn limit_sql(&self) -> String {
        let n = self.params.len();
        format!("LIMIT ?{} OFFSET ?{}", n + 1, n + 2)
    }
}

/// SQL matching an event type: the PLOVER type exactly, or a CAMEO code prefix.
const EVENT_TYPE_SQL: &str = "(upper(e.plover) = upper(?) OR e.cameo LIKE ? || '%')";

fn event_type_values(event_type: &str) -> [Sql; 2] {
    [
        Sql::Text(event_type.to_string()),
        Sql::Text(event_type.to_string()),
    ]
}

fn pair(value: Option<&Value>) -> Option<[usize; 2]> {
    let pair = value?.as_array()?;
    Some([
        pair.first()?.as_u64()? as usize,
        pair.get(1)?.as_u64()? as usize,
    ])
}

const DOCUMENT_COLUMNS: &str =
    "d.id, d.title, d.date, s.name, {LABEL}, d.source_url, d.duplicate_of,
    (SELECT count(*) FROM quote_sources qs WHERE qs.doc = d.id),
    (SELECT count(*) FROM events ev WHERE ev.doc = d.id)";

fn document_columns() -> String {
    DOCUMENT_COLUMNS.replace("{LABEL}", &LABEL_SQL.replace("source_", "d.source_"))
}

fn document_summary(r: &Row) -> rusqlite::Result<DocumentSummary> {
    Ok(DocumentSummary {
        id: r.get(0)?,
        title: r.get(1)?,
        date: r.get(2)?,
        outlet: r.get(3)?,
        label: r.get(4)?,
        url: r.get(5)?,
        duplicate_of: r.get(6)?,
        quotes: r.get(7)?,
        events: r.get(8)?,
    })
}

/// An event's columns, then its record and the record's reports and documents (read off
/// the primary key and `events_same_as`).
const EVENT_COLUMNS: &str =
    "e.id, e.doc, d.title, s.name, e.date, e.plover, e.cameo, e.source_name,
    e.source_entity, e.target_name, e.target_entity, e.place, e.lat, e.lon, e.detail,
    coalesce(e.same_as, e.id),
    (SELECT count(*) FROM events r
     WHERE r.id = coalesce(e.same_as, e.id) OR r.same_as = coalesce(e.same_as, e.id)),
    (SELECT count(DISTINCT r.doc) FROM events r
     WHERE r.id = coalesce(e.same_as, e.id) OR r.same_as = coalesce(e.same_as, e.id))";

fn event_record(r: &Row) -> rusqlite::Result<EventRecord> {
    let detail: Value = serde_json::from_str(&r.get::<_, String>(14)?).unwrap_or_default();
    let flag = |key: &str| detail.get(key).and_then(Value::as_bool).unwrap_or(false);
    Ok(EventRecord {
        id: r.get(0)?,
        document: r.get(1)?,
        title: r.get(2)?,
        outlet: r.get(3)?,
        date: r.get(4)?,
        plover: r.get(5)?,
        cameo: r.get(6)?,
        source_name: r.get(7)?,
        source_entity: r.get(8)?,
        target_name: r.get(9)?,
        target_entity: r.get(10)?,
        place: r.get(11)?,
        lat: r.get(12)?,
        lon: r.get(13)?,
        sentence: pair(detail.get("sentence")),
        trigger: pair(detail.get("trigger")),
        factual: !(flag("negated") || flag("hypothetical") || flag("future")),
        record: r.get(15)?,
        reports: r.get(16)?,
        documents: r.get(17)?,
    })
}

/// `IN (...)` list of ids; integers only, so formatting them into SQL is safe.
fn id_list(ids: &[i64]) -> String {
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!("({})", ids.join(","))
}

impl EmbeddedStore {
    /// Runs `select` (which ends in the conditions' WHERE and a LIMIT) and `count`.
    fn page<T>(
        &self,
        select: &str,
        count: &str,
        conditions: &Conditions,
        paging: Paging,
        map: impl FnMut(&Row) -> rusqlite::Result<T>,
    ) -> Result<(Vec<T>, i64)> {
        let conn = self.conn();
        let items = conn
            .prepare_cached(select)?
            .query_map(params_from_iter(conditions.paged(paging)), map)?
            .collect::<rusqlite::Result<_>>()?;
        let total = conn.query_row(count, params_from_iter(conditions.params.clone()), |r| {
            r.get(0)
        })?;
        Ok((items, total))
    }

    /// Documents, newest first, and how many match in all.
    pub fn documents(
        &self,
        filter: &DocumentFilter,
        paging: Paging,
    ) -> Result<(Vec<DocumentSummary>, i64)> {
        let c = Conditions::of_documents(filter, Conditions::default());
        let from = "FROM documents d JOIN sources s ON s.id = d.source";
        self.page(
            &format!(
                "SELECT {} {from} {} ORDER BY d.date IS NULL, d.date DESC, d.id DESC {}",
                document_columns(),
                c.sql(),
                c.limit_sql()
            ),
            &format!("SELECT count(*) {from} {}", c.sql()),
            &c,
            paging,
            document_summary,
        )
    }

    /// The id of the document with this content hash (see [`crate::content_hash`]).
    pub fn document_id(&self, content_hash: &str) -> Result<Option<i64>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id FROM documents WHERE content_hash = ?1",
                [content_hash],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// One document with its text and every annotation; `None` when no such id.
    pub fn document(&self, id: i64) -> Result<Option<DocumentRecord>> {
        let conn = self.conn();
        let row = conn
            .query_row(
                &format!(
                    "SELECT {}, d.published, d.language, d.dateline_place, d.text
                     FROM documents d JOIN sources s ON s.id = d.source WHERE d.id = ?1",
                    document_columns()
                ),
                [id],
                |r| {
                    Ok((
                        document_summary(r)?,
                        r.get(9)?,
                        r.get(10)?,
                        r.get(11)?,
                        r.get(12)?,
                    ))
                },
            )
            .optional()?;
        let Some((summary, published, language, dateline_place, text)) = row else {
            return Ok(None);
        };
        let quotes = conn
            .prepare_cached(
                "SELECT qs.quote, qs.start, qs.end, q.kind, q.speaker_name, q.speaker_entity,
                    qs.detail
                 FROM quote_sources qs JOIN quotes q ON q.id = qs.quote
                 WHERE qs.doc = ?1 ORDER BY qs.start",
            )?
            .query_map([id], |r| {
                let detail: Value =
                    serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or_default();
                Ok(QuoteSpan {
                    quote: r.get(0)?,
                    start: r.get::<_, i64>(1)? as usize,
                    end: r.get::<_, i64>(2)? as usize,
                    kind: r.get(3)?,
                    speaker: r.get(4)?,
                    speaker_entity: r.get(5)?,
                    speaker_span: pair(detail.get("speaker")),
                    cue_span: pair(detail.get("cue")),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mentions = conn
            .prepare_cached(
                "SELECT m.entity, e.name, e.label, m.start, m.end, m.kind, m.text
                 FROM mentions m JOIN entities e ON e.id = m.entity
                 WHERE m.doc = ?1 ORDER BY m.start",
            )?
            .query_map([id], |r| {
                Ok(MentionSpan {
                    entity: r.get(0)?,
                    name: r.get(1)?,
                    label: r.get(2)?,
                    start: r.get::<_, i64>(3)? as usize,
                    end: r.get::<_, i64>(4)? as usize,
                    kind: r.get(5)?,
                    text: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let offset = |r: &Row, i: usize| -> rusqlite::Result<Option<usize>> {
            Ok(r.get::<_, Option<i64>>(i)?.map(|v| v as usize))
        };
        let places = conn
            .prepare_cached(
                "SELECT start, end, name, geonameid, country, lat, lon FROM places
                 WHERE doc = ?1 ORDER BY start",
            )?
            .query_map([id], |r| {
                Ok(PlaceSpan {
                    start: offset(r, 0)?,
                    end: offset(r, 1)?,
                    name: r.get(2)?,
                    geonameid: r.get(3)?,
                    country: r.get(4)?,
                    lat: r.get(5)?,
                    lon: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let timexes = conn
            .prepare_cached(
                "SELECT start, end, type, value FROM timexes WHERE doc = ?1 ORDER BY start",
            )?
            .query_map([id], |r| {
                Ok(TimexSpan {
                    start: offset(r, 0)?,
                    end: offset(r, 1)?,
                    kind: r.get(2)?,
                    value: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let (events, _) = self.events(
            &EventFilter {
                document: Some(id),
                ..Default::default()
            },
            Paging {
                limit: usize::MAX >> 1,
                offset: 0,
            },
        )?;
        Ok(Some(DocumentRecord {
            summary,
            published,
            language,
            dateline_place,
            text,
            quotes,
            mentions,
            places,
            timexes,
            events,
        }))
    }

    /// Quote records (each with its first few sources and their count), earliest first.
    pub fn quotes(&self, filter: &QuoteFilter, paging: Paging) -> Result<(Vec<QuoteRecord>, i64)> {
        let mut c = Conditions::default();
        if let Some(speaker) = filter.speaker {
            c.add("q.speaker_entity = ?", [Sql::Integer(speaker)]);
        }
        if let Some(gender) = &filter.speaker_gender {
            c.add(
                "q.speaker_entity IN (SELECT id FROM entities WHERE gender = ?)",
                [Sql::Text(gender.to_lowercase())],
            );
        }
        if let Some(document) = filter.document {
            c.add(
                "q.id IN (SELECT quote FROM quote_sources WHERE doc = ?)",
                [Sql::Integer(document)],
            );
        }
        c.dates("q.date", &filter.from, &filter.to);
        let (ids, total) = self.page(
            &format!(
                "SELECT q.id FROM quotes q {} ORDER BY q.date IS NULL, q.date, q.id {}",
                c.sql(),
                c.limit_sql()
            ),
            &format!("SELECT count(*) FROM quotes q {}", c.sql()),
            &c,
            paging,
            |r| r.get::<_, i64>(0),
        )?;
        let records = ids
            .into_iter()
            .map(|id| self.listed_quote_record(id))
            .collect::<Result<_>>()?;
        Ok((records, total))
    }

    /// One quote record with every source; `None` when no such id.
    pub fn quote(&self, id: i64) -> Result<Option<QuoteRecord>> {
        let exists: bool = self.conn().query_row(
            "SELECT EXISTS(SELECT 1 FROM quotes WHERE id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        exists.then(|| self.quote_record(id)).transpose()
    }

    /// Speakers (entities quoted at least once), most quoted first. `name` keeps those
    /// whose name contains these words.
    pub fn speakers(
        &self,
        name: Option<&str>,
        paging: Paging,
    ) -> Result<(Vec<SpeakerSummary>, i64)> {
        let mut c = Conditions::default();
        if let Some(name) = name {
            c.add(
                "' ' || e.key || ' ' LIKE ?",
                [Sql::Text(word_pattern(name))],
            );
        }
        self.speakers_where(c, paging)
    }

    /// One speaker's summary; `None` when the entity is not the speaker of any quote.
    pub fn speaker(&self, id: i64) -> Result<Option<SpeakerSummary>> {
        let mut c = Conditions::default();
        c.add("e.id = ?", [Sql::Integer(id)]);
        Ok(self.speakers_where(c, Paging::default())?.0.pop())
    }

    fn speakers_where(
        &self,
        mut c: Conditions,
        paging: Paging,
    ) -> Result<(Vec<SpeakerSummary>, i64)> {
        c.add("q.speaker_entity IS NOT NULL", []);
        let from = "FROM quotes q JOIN entities e ON e.id = q.speaker_entity";
        let (mut speakers, total) = self.page(
            &format!(
                "SELECT e.id, e.name, count(DISTINCT q.id), min(q.date), max(q.date),
                    e.gender, e.gender_basis
                 {from} {} GROUP BY e.id ORDER BY count(DISTINCT q.id) DESC, e.id {}",
                c.sql(),
                c.limit_sql()
            ),
            &format!("SELECT count(DISTINCT e.id) {from} {}", c.sql()),
            &c,
            paging,
            |r| {
                Ok(SpeakerSummary {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    quotes: r.get(2)?,
                    outlets: 0,
                    first_date: r.get(3)?,
                    last_date: r.get(4)?,
                    gender: r.get(5)?,
                    gender_basis: r.get(6)?,
                })
            },
        )?;
        // Outlets only for the page: as a column of the grouped query it was computed for
        // every speaker before sorting.
        let mut outlets = self.conn().prepare_cached(
            "SELECT count(DISTINCT d.source) FROM quotes q
             JOIN quote_sources qs ON qs.quote = q.id
             JOIN documents d INDEXED BY documents_cluster ON d.id = qs.doc
             WHERE q.speaker_entity = ?1",
        )?;
        for speaker in &mut speakers {
            speaker.outlets = outlets.query_row([speaker.id], |r| r.get(0))?;
        }
        Ok((speakers, total))
    }

    /// Entities, most widely mentioned first.
    pub fn entities(
        &self,
        filter: &EntityFilter,
        paging: Paging,
    ) -> Result<(Vec<EntitySummary>, i64)> {
        let mut c = Conditions::default();
        if let Some(label) = &filter.label {
            c.add("e.label = ?", [Sql::Text(label.to_uppercase())]);
        }
        if let Some(name) = &filter.name {
            c.add(
                "' ' || e.key || ' ' LIKE ?",
                [Sql::Text(word_pattern(name))],
            );
        }
        self.entities_where(&c, paging)
    }

    /// One entity; `None` when no such id.
    pub fn entity(&self, id: i64) -> Result<Option<EntitySummary>> {
        let mut c = Conditions::default();
        c.add("e.id = ?", [Sql::Integer(id)]);
        Ok(self.entities_where(&c, Paging::default())?.0.pop())
    }

    fn entities_where(&self, c: &Conditions, paging: Paging) -> Result<(Vec<EntitySummary>, i64)> {
        self.page(
            &format!(
                "SELECT e.id, e.name, e.label, count(m.rowid), count(DISTINCT m.doc),
                    (SELECT count(*) FROM quotes q WHERE q.speaker_entity = e.id),
                    e.gender, e.gender_basis
                 FROM entities e LEFT JOIN mentions m ON m.entity = e.id {}
                 GROUP BY e.id ORDER BY count(DISTINCT m.doc) DESC, e.id {}",
                c.sql(),
                c.limit_sql()
            ),
            &format!("SELECT count(*) FROM entities e {}", c.sql()),
            c,
            paging,
            |r| {
                Ok(EntitySummary {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    label: r.get(2)?,
                    mentions: r.get(3)?,
                    documents: r.get(4)?,
                    quotes: r.get(5)?,
                    gender: r.get(6)?,
                    gender_basis: r.get(7)?,
                })
            },
        )
    }

    /// Quotes by their speaker's gender, for all outlets and per outlet. `filter` narrows
    /// the documents (outlet, entity, event type, dates).
    pub fn quoted_genders(&self, filter: &DocumentFilter) -> Result<QuotedGenders> {
        // Every report of a quote, its outlet and its speaker's entity, if any.
        const REPORTS: &str = "FROM quote_sources qs JOIN documents d ON d.id = qs.doc
             JOIN sources s ON s.id = d.source JOIN quotes q ON q.id = qs.quote
             LEFT JOIN entities e ON e.id = q.speaker_entity";
        let c = Conditions::of_documents(filter, Conditions::default());
        let sql = format!(
            "SELECT s.name, e.label, e.gender, count(*), count(DISTINCT e.id)
             {REPORTS} {} GROUP BY s.name, e.label, e.gender",
            c.sql()
        );
        let conn = self.conn();
        let mut statement = conn.prepare_cached(&sql)?;
        let rows = statement.query_map(params_from_iter(c.params.clone()), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        let mut by_outlet: BTreeMap<String, GenderCounts> = BTreeMap::new();
        // Persons are counted across outlets by id, not by summing outlets' counts.
        let mut all = GenderCounts::default();
        for row in rows {
            let (outlet, label, gender, quotes, speakers) = row?;
            let counts = by_outlet.entry(outlet.clone()).or_insert(GenderCounts {
                outlet: Some(outlet),
                ..Default::default()
            });
            let (quoted, persons) = match (label.as_deref(), gender.as_deref()) {
                (Some("PER"), Some("female")) => {
                    (&mut counts.female, Some(&mut counts.female_speakers))
                }
                (Some("PER"), Some("male")) => (&mut counts.male, Some(&mut counts.male_speakers)),
                (Some("PER"), _) => (&mut counts.unknown, Some(&mut counts.unknown_speakers)),
                _ => (&mut counts.not_person, None),
            };
            *quoted += quotes;
            if let Some(persons) = persons {
                *persons += speakers;
            }
        }
        let mut of_persons = c.clone();
        of_persons.add("e.label = 'PER'", []);
        let persons = conn
            .prepare_cached(&format!(
                "SELECT e.gender, count(DISTINCT e.id) {REPORTS} {} GROUP BY e.gender",
                of_persons.sql()
            ))?
            .query_map(params_from_iter(of_persons.params), |r| {
                Ok((r.get::<_, Option<String>>(0)?, r.get::<_, i64>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (gender, n) in persons {
            match gender.as_deref() {
                Some("female") => all.female_speakers = n,
                Some("male") => all.male_speakers = n,
                _ => all.unknown_speakers += n,
            }
        }
        let mut outlets: Vec<GenderCounts> = by_outlet.into_values().collect();
        for counts in &outlets {
            all.female += counts.female;
            all.male += counts.male;
            all.unknown += counts.unknown;
            all.not_person += counts.not_person;
        }
        outlets.sort_by_key(|o| std::cmp::Reverse(o.female + o.male + o.unknown + o.not_person));
        for counts in outlets.iter_mut().chain([&mut all]) {
            let known = counts.female + counts.male;
            counts.female_share = (known > 0).then(|| counts.female as f64 / known as f64);
        }
        Ok(QuotedGenders { all, outlets })
    }

    /// Event records (each as its first report), earliest first; with a document filter,
    /// that document's reports instead.
    pub fn events(&self, filter: &EventFilter, paging: Paging) -> Result<(Vec<EventRecord>, i64)> {
        let mut c = Conditions::default();
        if filter.document.is_none() {
            c.add("e.same_as IS NULL", []);
        }
        if let Some(entity) = filter.entity {
            c.add(
                "(e.source_entity = ? OR e.target_entity = ?)",
                [Sql::Integer(entity), Sql::Integer(entity)],
            );
        }
        if let Some(document) = filter.document {
            c.add("e.doc = ?", [Sql::Integer(document)]);
        }
        if let Some(event_type) = &filter.event_type {
            c.add(EVENT_TYPE_SQL, event_type_values(event_type));
        }
        if let Some(outlet) = &filter.outlet {
            // A record counts for every outlet that reported it.
            c.add(
                "coalesce(e.same_as, e.id) IN (SELECT coalesce(r.same_as, r.id)
                    FROM documents rd JOIN events r ON r.doc = rd.id
                    WHERE rd.source = (SELECT id FROM sources WHERE name = ?))",
                [Sql::Text(outlet.clone())],
            );
        }
        if filter.located {
            c.add("e.lat IS NOT NULL AND e.lon IS NOT NULL", []);
        }
        c.dates("e.date", &filter.from, &filter.to);
        let from =
            "FROM events e JOIN documents d ON d.id = e.doc JOIN sources s ON s.id = d.source";
        // Every event has its document and source: the count needs no join, and without
        // them it reads one index instead of three tables.
        let count_from = "FROM events e";
        self.page(
            &format!(
                "SELECT {EVENT_COLUMNS} {from} {} ORDER BY e.date IS NULL, e.date, e.id {}",
                c.sql(),
                c.limit_sql()
            ),
            &format!("SELECT count(*) {count_from} {}", c.sql()),
            &c,
            paging,
            event_record,
        )
    }

    /// Places, most mentioned first, one row per gazetteer entry.
    pub fn places(&self, filter: &PlaceFilter, paging: Paging) -> Result<(Vec<PlaceSummary>, i64)> {
        let mut c = Conditions::default();
        if let Some(document) = filter.document {
            c.add("p.doc = ?", [Sql::Integer(document)]);
        }
        if let Some(country) = &filter.country {
            c.add("p.country = ?", [Sql::Text(country.to_uppercase())]);
        }
        let group = "GROUP BY p.geonameid, p.name";
        self.page(
            &format!(
                "SELECT p.geonameid, p.name, p.country, p.lat, p.lon, count(*), count(DISTINCT p.doc)
                 FROM places p {} {group} ORDER BY count(*) DESC, p.name {}",
                c.sql(),
                c.limit_sql()
            ),
            &format!(
                "SELECT count(*) FROM (SELECT 1 FROM places p {} {group})",
                c.sql()
            ),
            &c,
            paging,
            |r| {
                Ok(PlaceSummary {
                    geonameid: r.get(0)?,
                    name: r.get(1)?,
                    country: r.get(2)?,
                    lat: r.get(3)?,
                    lon: r.get(4)?,
                    mentions: r.get(5)?,
                    documents: r.get(6)?,
                })
            },
        )
    }

    /// The documents that reported each quote record.
    pub fn quote_documents(&self, quotes: &[i64]) -> Result<HashMap<i64, Vec<i64>>> {
        let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
        if quotes.is_empty() {
            return Ok(out);
        }
        let sql = format!(
            "SELECT quote, doc FROM quote_sources WHERE quote IN {} ORDER BY doc",
            id_list(quotes)
        );
        let mut stmt = self.conn().prepare(&sql)?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
            let (quote, doc) = row?;
            out.entry(quote).or_default().push(doc);
        }
        Ok(out)
    }

    /// Of `docs`, those that pass `filter`.
    pub fn filter_documents(&self, docs: &[i64], filter: &DocumentFilter) -> Result<Vec<i64>> {
        if docs.is_empty() {
            return Ok(Vec::new());
        }
        let mut among = Conditions::default();
        among.add(&format!("d.id IN {}", id_list(docs)), []);
        let c = Conditions::of_documents(filter, among);
        // The covering index holds each document's outlet and date: no row is read.
        let sql = format!(
            "SELECT d.id FROM documents d INDEXED BY documents_cluster
             JOIN sources s ON s.id = d.source {}",
            c.sql()
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let ids = stmt
            .query_map(params_from_iter(c.params), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Facet counts over `docs` (each value counted once per document), at most `top` per facet.
    pub fn facets(&self, docs: &[i64], top: usize) -> Result<Facets> {
        if docs.is_empty() {
            return Ok(Facets::default());
        }
        // The documents go in as one JSON array parameter rather than inlined in the SQL,
        // so that each statement is prepared once per reader instead of once per search.
        let ids = Value::from(docs).to_string();
        let count = |sql: &str| -> Result<Vec<FacetCount>> {
            let mut stmt = self.conn().prepare_cached(sql)?;
            let rows = stmt
                .query_map(params![ids, top as i64], |r| {
                    Ok(FacetCount {
                        value: r.get(0)?,
                        id: r.get(1)?,
                        count: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        };
        // Each count groups (document, value) pairs read off a covering index, and names
        // only the values that made the top. A value counts once per document: distinct
        // pairs come off the index in order, cheaper than `count(DISTINCT doc)` per value.
        Ok(Facets {
            outlets: count(
                "SELECT s.name, NULL, n FROM (
                    SELECT source, count(*) n FROM documents INDEXED BY documents_cluster
                    WHERE id IN (SELECT value FROM json_each(?1)) GROUP BY source
                 ) JOIN sources s ON s.id = source ORDER BY n DESC, s.name LIMIT ?2",
            )?,
            speakers: count(
                "SELECT e.name, e.id, n FROM (
                    SELECT q.speaker_entity, count(DISTINCT qs.doc) n
                    FROM quote_sources qs INDEXED BY quote_sources_doc_quote
                    JOIN quotes q ON q.id = qs.quote
                    WHERE qs.doc IN (SELECT value FROM json_each(?1))
                      AND q.speaker_entity IS NOT NULL
                    GROUP BY q.speaker_entity
                 ) JOIN entities e ON e.id = speaker_entity ORDER BY n DESC, e.name LIMIT ?2",
            )?,
            entities: count(
                "SELECT e.name, e.id, n FROM (
                    SELECT entity, count(*) n FROM (
                        SELECT DISTINCT doc, entity FROM mentions
                        WHERE doc IN (SELECT value FROM json_each(?1))
                    ) GROUP BY entity
                 ) JOIN entities e ON e.id = entity ORDER BY n DESC, e.name LIMIT ?2",
            )?,
            event_types: count(
                "SELECT plover, NULL, count(DISTINCT doc) FROM events
                 WHERE doc IN (SELECT value FROM json_each(?1)) AND plover IS NOT NULL
                 GROUP BY plover ORDER BY 3 DESC, plover LIMIT ?2",
            )?,
            years: count(
                "SELECT substr(date, 1, 4), NULL, count(*) FROM documents
                 INDEXED BY documents_cluster
                 WHERE id IN (SELECT value FROM json_each(?1)) AND date IS NOT NULL
                 GROUP BY 1 ORDER BY 1 DESC LIMIT ?2",
            )?,
        })
    }

    /// Runs `work` in one read transaction: all its queries see one snapshot of the store,
    /// and the database's shared lock is taken once rather than once per statement.
    pub fn in_read_transaction<T, E: From<crate::StoreError>>(
        &self,
        work: impl FnOnce(&EmbeddedStore) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let conn = self.conn();
        conn.execute_batch("BEGIN DEFERRED")
            .map_err(|e| E::from(crate::StoreError::from(e)))?;
        let result = work(self);
        // Nothing was written: ending the transaction either way only releases the snapshot.
        conn.execute_batch("COMMIT")
            .map_err(|e| E::from(crate::StoreError::from(e)))?;
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embedded::tests::{open, other_speaker, reuters, tass};
    use crate::Store;

    fn filled() -> (tempfile::TempDir, EmbeddedStore) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        store
            .write_batch(&[tass(), reuters(), other_speaker()])
            .unwrap();
        (dir, store)
    }

    fn page(limit: usize, offset: usize) -> Paging {
        Paging { limit, offset }
    }

    #[test]
    fn documents_page_newest_first_with_total_and_filters() {
        let (_dir, store) = filled();
        let (docs, total) = store.documents(&Default::default(), page(2, 0)).unwrap();
        assert_eq!(total, 3);
        let labels: Vec<&str> = docs.iter().map(|d| d.label.as_str()).collect();
        assert_eq!(labels, ["other.txt", "reuters.txt"]);
        let (rest, _) = store.documents(&Default::default(), page(2, 2)).unwrap();
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].label, "tass.txt");
        assert_eq!(rest[0].quotes, 1);
        let dated = DocumentFilter {
            from: Some("2022-01-08".into()),
            to: Some("2022-01-08".into()),
            ..Default::default()
        };
        let (docs, total) = store.documents(&dated, page(10, 0)).unwrap();
        assert_eq!((total, docs[0].label.as_str()), (1, "reuters.txt"));
        let smailov = store.speakers(Some("Smailov"), page(10, 0)).unwrap().0[0].id;
        let by_entity = DocumentFilter {
            entity: Some(smailov),
            ..Default::default()
        };
        assert_eq!(store.documents(&by_entity, page(10, 0)).unwrap().1, 1);
        assert_eq!(
            store.filter_documents(&[1, 2, 3], &by_entity).unwrap(),
            vec![3]
        );
    }

    #[test]
    fn a_document_comes_with_its_text_and_annotation_spans() {
        let (_dir, store) = filled();
        let doc = store.document(1).unwrap().expect("document 1");
        assert!(doc.text.starts_with("Tokayev orders troops"));
        assert_eq!(doc.quotes.len(), 1);
        let quote = &doc.quotes[0];
        let chars: Vec<char> = doc.text.chars().collect();
        let content: String = chars[quote.start..quote.end].iter().collect();
        assert_eq!(content, crate::embedded::tests::QUOTE);
        assert_eq!(quote.speaker.as_deref(), Some("Kassym-Jomart Tokayev"));
        assert!(quote.speaker_span.is_some() && quote.cue_span.is_some());
        assert_eq!(doc.mentions.len(), 1);
        assert_eq!(Some(doc.mentions[0].entity), quote.speaker_entity);
        assert!(store.document(99).unwrap().is_none());
        let hash = crate::content_hash(&crate::embedded::tests::reuters());
        assert_eq!(store.document_id(&hash).unwrap(), Some(2));
    }

    #[test]
    fn lists_carry_a_quotes_first_sources_and_its_own_record_all() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        let reports = crate::records::LISTED_SOURCES + 2;
        // Reported on successive days by as many outlets, each adding its own sentence.
        let docs: Vec<_> = (0..reports)
            .rev()
            .map(|day| {
                crate::fixtures::doc(
                    &format!("outlet-{day}.txt"),
                    &format!("2022-01-{:02}", 10 + day),
                    &format!(
                        "Tokayev orders troops to fire\n\nKassym-Jomart Tokayev said: “{}.” Report {day}.",
                        crate::embedded::tests::QUOTE
                    ),
                    "Kassym-Jomart Tokayev",
                    &[crate::embedded::tests::QUOTE],
                )
            })
            .collect();
        store.write_batch(&docs).unwrap();
        let (listed, total) = store.quotes(&QuoteFilter::default(), page(10, 0)).unwrap();
        assert_eq!(total, 1);
        let listed = &listed[0];
        assert_eq!(listed.source_count, reports);
        assert_eq!(listed.sources.len() as i64, crate::records::LISTED_SOURCES);
        let dates: Vec<_> = listed.sources.iter().map(|s| s.date.clone()).collect();
        assert_eq!(dates[0].as_deref(), Some("2022-01-10"), "earliest first");
        assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
        let full = store.quote(listed.id).unwrap().unwrap();
        assert_eq!(full.sources.len() as i64, reports);
        assert_eq!(full.source_count, reports);
        assert_eq!(
            full.sources[..listed.sources.len()]
                .iter()
                .map(|s| s.document)
                .collect::<Vec<_>>(),
            listed
                .sources
                .iter()
                .map(|s| s.document)
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn speakers_quotes_and_entities_link_to_each_other() {
        let (_dir, store) = filled();
        let (speakers, total) = store.speakers(None, page(10, 0)).unwrap();
        assert_eq!(total, 2);
        let tokayev = &speakers[0];
        assert_eq!(tokayev.name, "Kassym-Jomart Tokayev");
        // Both reports come from plain-text inputs: one outlet ("text").
        assert_eq!((tokayev.quotes, tokayev.outlets), (1, 1));
        assert_eq!(tokayev.first_date.as_deref(), Some("2022-01-07"));
        let (quotes, total) = store
            .quotes(
                &QuoteFilter {
                    speaker: Some(tokayev.id),
                    ..Default::default()
                },
                page(10, 0),
            )
            .unwrap();
        assert_eq!(total, 1);
        assert_eq!(quotes[0].sources.len(), 2);
        assert_eq!(quotes[0].sources[0].outlet, "text");
        assert_eq!(store.quote(quotes[0].id).unwrap().unwrap().id, quotes[0].id);
        assert!(store.quote(999).unwrap().is_none());
        let entity = store.entity(tokayev.id).unwrap().unwrap();
        assert_eq!((entity.documents, entity.quotes), (2, 1));
        let (people, total) = store
            .entities(
                &EntityFilter {
                    label: Some("per".into()),
                    name: Some("smailov".into()),
                },
                page(10, 0),
            )
            .unwrap();
        assert_eq!((total, people[0].name.as_str()), (1, "Alikhan Smailov"));
        assert!(store.speaker(999).unwrap().is_none());
    }

    #[test]
    fn speakers_gender_rests_on_the_strongest_evidence_of_all_articles() {
        use crate::fixtures::doc;
        use dateline_document::{Document, Gender, GenderBasis, GenderEvidence};
        let shown = |mut d: Document, gender, basis| {
            d.entities[0].gender = Some(GenderEvidence { gender, basis });
            d
        };
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        // One article's pronouns outweigh another's first-name guess.
        let aida = doc(
            "aida.txt",
            "2022-01-10",
            "Banks reopen\n\nAida Serikova said the banks would reopen on Monday.",
            "Aida Serikova",
            &["the banks would reopen on Monday"],
        );
        store
            .write_batch(&[
                shown(tass(), Gender::Male, GenderBasis::Pronoun),
                shown(reuters(), Gender::Female, GenderBasis::FirstName),
                other_speaker(),
                shown(aida, Gender::Female, GenderBasis::Title),
            ])
            .unwrap();
        let (speakers, _) = store.speakers(None, page(10, 0)).unwrap();
        let gender = |name: &str| {
            let s = speakers.iter().find(|s| s.name == name).unwrap();
            (s.gender.as_deref(), s.gender_basis.as_deref())
        };
        assert_eq!(
            gender("Kassym-Jomart Tokayev"),
            (Some("male"), Some("pronoun"))
        );
        assert_eq!(gender("Aida Serikova"), (Some("female"), Some("title")));
        assert_eq!(gender("Alikhan Smailov"), (None, None));

        // Every report counts: Tokayev's quote twice (two documents), Serikova's once.
        let counts = store.quoted_genders(&Default::default()).unwrap();
        let all = &counts.all;
        assert_eq!(all.outlet, None);
        assert_eq!(
            (all.female, all.male, all.unknown, all.not_person),
            (1, 2, 1, 0)
        );
        assert_eq!(
            (all.female_speakers, all.male_speakers, all.unknown_speakers),
            (1, 1, 1)
        );
        assert_eq!(all.female_share, Some(1.0 / 3.0));
        assert_eq!(counts.outlets.len(), 1);
        assert_eq!(counts.outlets[0].outlet.as_deref(), Some("text"));
        assert_eq!(counts.outlets[0].female + counts.outlets[0].male, 3);
        let to_8th = DocumentFilter {
            to: Some("2022-01-08".into()),
            ..Default::default()
        };
        let early = &store.quoted_genders(&to_8th).unwrap().all;
        assert_eq!(
            (early.female, early.male, early.female_share),
            (0, 2, Some(0.0))
        );

        let (women, total) = store
            .quotes(
                &QuoteFilter {
                    speaker_gender: Some("female".into()),
                    ..Default::default()
                },
                page(10, 0),
            )
            .unwrap();
        assert_eq!(
            (total, women[0].text.as_str()),
            (1, "the banks would reopen on Monday")
        );
    }

    #[test]
    fn facets_count_documents_per_value() {
        let (_dir, store) = filled();
        let facets = store.facets(&[1, 2, 3], 10).unwrap();
        assert_eq!(
            facets.outlets,
            vec![FacetCount {
                value: "text".into(),
                id: None,
                count: 3
            }]
        );
        assert_eq!(facets.speakers[0].value, "Kassym-Jomart Tokayev");
        assert_eq!(facets.speakers[0].count, 2);
        assert_eq!(facets.years[0].value, "2022");
        assert!(store.facets(&[], 10).unwrap().outlets.is_empty());
        let quotes = store.quote_documents(&[1]).unwrap();
        assert_eq!(quotes[&1], vec![1, 2]);
        // No events or places in these documents: empty pages, not errors.
        assert_eq!(store.events(&Default::default(), page(5, 0)).unwrap().1, 0);
        assert_eq!(store.places(&Default::default(), page(5, 0)).unwrap().1, 0);
    }
}
