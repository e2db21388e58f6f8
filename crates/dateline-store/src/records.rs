//! Backend-neutral records: how an annotated [`Document`] becomes rows (documents, entities,
//! mentions, quotes and their sources with cross-document linking, events, places, timexes,
//! near-duplicate clusters) and how quote records and timelines are read back.
//!
//! Every backend runs this same code through [`Records`], a statement runner. The SQL here
//! is the dialect SQLite and PostgreSQL share: `?N` placeholders (a backend rewrites them if
//! it must), `ON CONFLICT`, `RETURNING`, and `"end"` quoted (a reserved word in PostgreSQL).
//! Values travel as SQLite's dynamic [`SqlValue`]s, which the PostgreSQL backend converts to
//! and from its column types.

use crate::embedded::{word_pattern, LABEL_SQL};
use crate::event_links::{self, EventIdentity};
use crate::linking::{self, QuoteKey};
use crate::{normalise_words, IntegrityReport, QuoteRecord, QuoteSource, Result, TimelineEntry};
use dateline_document::{Document, EventActor, Gender, GenderBasis, GenderEvidence, TextIndex};
use rusqlite::params;
use rusqlite::types::{FromSql, ToSql, Value as SqlValue, ValueRef};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// One result row, column values in select order.
pub(crate) type Row = Vec<SqlValue>;

/// Runs statements of the shared dialect inside a backend's connection or transaction.
pub(crate) trait Records {
    /// Runs a statement; returns how many rows it changed.
    fn execute(&mut self, sql: &str, params: &[&dyn ToSql]) -> Result<usize>;

    /// Runs a query; returns every row.
    fn query(&mut self, sql: &str, params: &[&dyn ToSql]) -> Result<Vec<Row>>;

    /// The first column of every row.
    fn column<T: FromSql>(&mut self, sql: &str, params: &[&dyn ToSql]) -> Result<Vec<T>>
    where
        Self: Sized,
    {
        self.query(sql, params)?
            .iter()
            .map(|row| get(row, 0))
            .collect()
    }

    /// The first column of the first row, if there is a row.
    fn optional<T: FromSql>(&mut self, sql: &str, params: &[&dyn ToSql]) -> Result<Option<T>>
    where
        Self: Sized,
    {
        Ok(self.column(sql, params)?.into_iter().next())
    }

    /// The first column of the one row the query yields.
    fn one<T: FromSql>(&mut self, sql: &str, params: &[&dyn ToSql]) -> Result<T>
    where
        Self: Sized,
    {
        self.optional(sql, params)?
            .ok_or_else(|| rusqlite::Error::QueryReturnedNoRows.into())
    }
}

/// Column `i` of `row` as a `T`, with SQLite's conversions.
pub(crate) fn get<T: FromSql>(row: &[SqlValue], i: usize) -> Result<T> {
    let value = row.get(i).unwrap_or(&SqlValue::Null);
    T::column_result(ValueRef::from(value)).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, value.data_type(), Box::new(e)).into()
    })
}

/// A document's text with code-point addressing, for slicing evidence spans.
struct Text<'a> {
    text: &'a str,
    index: TextIndex,
    chars: usize,
}

impl<'a> Text<'a> {
    fn new(text: &'a str) -> Text<'a> {
        Text {
            text,
            index: TextIndex::new(text),
            chars: text.chars().count(),
        }
    }

    /// The text of a `[start, end]` span value; empty when the span is missing or out of range
    /// (a stage bug must not lose the whole document).
    fn slice(&self, span: Option<(usize, usize)>) -> String {
        match span {
            Some((start, end)) if start <= end && end <= self.chars => self
                .index
                .slice(self.text, dateline_document::Span::new(start, end))
                .to_string(),
            _ => String::new(),
        }
    }
}

/// `[start, end]` from a serialised span.
fn span_of(value: &Value) -> Option<(usize, usize)> {
    let pair = value.as_array()?;
    Some((
        pair.first()?.as_u64()? as usize,
        pair.get(1)?.as_u64()? as usize,
    ))
}

fn str_of(value: &Value, key: &str) -> Option<String> {
    value.get(key)?.as_str().map(str::to_string)
}

/// The outlet a document counts for: site name, agency, URL host, else its input format.
fn outlet(doc: &Document) -> String {
    let host = doc
        .source
        .url
        .as_deref()
        .or(doc.meta.canonical_url.as_deref())
        .and_then(|url| url.split("://").nth(1))
        .and_then(|rest| rest.split('/').next())
        .map(|host| host.trim_start_matches("www.").to_string());
    doc.meta
        .site_name
        .clone()
        .or_else(|| doc.dateline.as_ref().and_then(|d| d.agency.clone()))
        .or(host)
        .unwrap_or_else(|| doc.source.format.clone())
}

/// The date a document's records default to: the dateline's, else the publication date.
fn document_date(doc: &Document) -> Option<String> {
    doc.dateline
        .as_ref()
        .and_then(|d| d.date.clone())
        .or_else(|| doc.meta.published.clone())
}

/// What writing a batch did, with the new document ids and the quote records whose search
/// entry changed (sorted): new records, and records that got a longer wording, a speaker, an
/// earlier date or a new outlet. A backend with a separate search index indexes them next;
/// a quote reprinted once more by an outlet that had it already needs no new entry.
pub(crate) struct WrittenBatch {
    pub outcome: crate::BatchOutcome,
    pub new_docs: Vec<i64>,
    pub touched_quotes: Vec<i64>,
}

/// Writes every document of `docs` whose content hash is not stored yet. The caller runs
/// this inside one transaction and commits it.
pub(crate) fn write_batch(db: &mut impl Records, docs: &[Document]) -> Result<WrittenBatch> {
    let mut outcome = crate::BatchOutcome::default();
    let mut new_docs = Vec::new();
    let mut touched = HashSet::new();
    for doc in docs {
        let hash = crate::content_hash(doc);
        let known: bool = db.one(
            "SELECT EXISTS(SELECT 1 FROM documents WHERE content_hash = ?1)",
            params![hash],
        )?;
        if known {
            outcome.skipped += 1;
            continue;
        }
        let written = write_document(db, doc, &hash)?;
        outcome.added += 1;
        outcome.quotes += written.quotes;
        outcome.quotes_linked += written.quotes_linked;
        outcome.events += written.events;
        outcome.near_duplicates += usize::from(written.near_duplicate);
        touched.extend(written.touched_quotes);
        new_docs.push(written.id);
    }
    let mut touched_quotes: Vec<i64> = touched.into_iter().collect();
    touched_quotes.sort_unstable();
    Ok(WrittenBatch {
        outcome,
        new_docs,
        touched_quotes,
    })
}

struct WrittenDocument {
    id: i64,
    quotes: usize,
    quotes_linked: usize,
    events: usize,
    near_duplicate: bool,
    touched_quotes: Vec<i64>,
}

fn write_document(db: &mut impl Records, doc: &Document, hash: &str) -> Result<WrittenDocument> {
    let text = Text::new(&doc.text);
    let date = document_date(doc);
    let outlet = outlet(doc);
    let source = find_or_insert(
        db,
        ("SELECT id FROM sources WHERE name = ?1", params![outlet]),
        (
            "INSERT INTO sources (name) VALUES (?1) RETURNING id",
            params![outlet],
        ),
    )?;
    let fingerprint = linking::Fingerprint::of(&doc.text);
    let detail = serde_json::json!({
        "source": doc.source,
        "meta": doc.meta,
        "blocks": doc.blocks,
        "dateline": doc.dateline,
        "warnings": doc.warnings,
    });
    let dateline = doc.dateline.as_ref();
    let id: i64 = db.one(
        "INSERT INTO documents (doc_id, content_hash, source, source_path, source_record,
            source_url, source_format, title, published, dateline_place, dateline_date,
            dateline_agency, date, language, text, minhash, shingles, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18)
         RETURNING id",
        params![
            doc.id,
            hash,
            source,
            doc.source.path,
            doc.source.record.map(|r| r as i64),
            doc.source
                .url
                .as_deref()
                .or(doc.meta.canonical_url.as_deref()),
            doc.source.format,
            doc.meta.title,
            doc.meta.published,
            dateline.map(|d| d.place.as_str()),
            dateline.and_then(|d| d.date.as_deref()),
            dateline.and_then(|d| d.agency.as_deref()),
            date,
            doc.meta.language,
            doc.text,
            fingerprint.as_ref().map(linking::Fingerprint::to_bytes),
            // 0 for a text too short to fingerprint; NULL only for documents stored before
            // fingerprints existed, which opening the store fills in.
            fingerprint.as_ref().map_or(0, |f| f.shingles),
            detail.to_string(),
        ],
    )?;
    let near_duplicate = match &fingerprint {
        Some(fingerprint) => link_near_duplicate(db, id, fingerprint, date.as_deref())?,
        None => false,
    };
    let entities = write_entities(db, id, doc, &text)?;
    let (quotes, quotes_linked, touched_quotes) =
        write_quotes(db, id, source, doc, &text, &entities, date.as_deref())?;
    let events = write_events(db, id, doc, &entities, date.as_deref())?;
    write_places_and_timexes(db, id, doc)?;
    Ok(WrittenDocument {
        id,
        quotes,
        quotes_linked,
        events,
        near_duplicate,
        touched_quotes,
    })
}

/// A statement and its parameters.
type Statement<'a> = (&'a str, &'a [&'a dyn ToSql]);

/// The id `select` finds, else the id of the row `insert` adds. Not an upsert: PostgreSQL
/// spends a sequence value on every conflicting insert, and ids should not depend on the
/// backend.
fn find_or_insert(db: &mut impl Records, select: Statement, insert: Statement) -> Result<i64> {
    match db.optional(select.0, select.1)? {
        Some(id) => Ok(id),
        None => db.one(insert.0, insert.1),
    }
}

/// Most rows one INSERT statement writes, and most keys one lookup sends: a server backend
/// pays a round trip per statement, so rows and keys travel in groups.
const GROUP: usize = 64;

/// Inserts rows of `width` values each (`values` holds them one row after another) into
/// `into` (`table (columns)`), in order. Groups of [`GROUP`] rows, then the rest by powers of
/// two, so a table needs only a few distinct statements.
fn insert_rows(db: &mut impl Records, into: &str, width: usize, values: &[SqlValue]) -> Result<()> {
    let mut rest = values;
    while !rest.is_empty() {
        let rows = (rest.len() / width).min(GROUP);
        let rows = if rows == GROUP {
            GROUP
        } else {
            1 << rows.ilog2()
        };
        let (group, after) = rest.split_at(rows * width);
        let sql = statement(into, rows, width, |tuples| {
            format!("INSERT INTO {into} VALUES {tuples}")
        });
        let params: Vec<&dyn ToSql> = group.iter().map(|v| v as &dyn ToSql).collect();
        db.execute(&sql, &params)?;
        rest = after;
    }
    Ok(())
}

thread_local! {
    /// Statements of [`insert_rows`] and [`lookup_many`] by (table or query, rows, width):
    /// building a 64-row statement's placeholders for every call took a tenth of the
    /// writer's time.
    static STATEMENTS: RefCell<HashMap<(String, usize, usize), Rc<str>>> =
        RefCell::new(HashMap::new());
}

/// `make(placeholders of rows tuples of width values)`, built once per thread.
fn statement(key: &str, rows: usize, width: usize, make: impl FnOnce(String) -> String) -> Rc<str> {
    STATEMENTS.with(|statements| {
        let mut statements = statements.borrow_mut();
        let key = (key.to_string(), rows, width);
        if let Some(sql) = statements.get(&key) {
            return sql.clone();
        }
        let sql: Rc<str> = make(tuples(rows, width)).into();
        statements.insert(key, sql.clone());
        sql
    })
}

/// Placeholders for `rows` tuples of `width` values: `(?1, ?2), (?3, ?4), …`.
fn tuples(rows: usize, width: usize) -> String {
    let tuple = |row: usize| {
        let places: Vec<String> = (1..=width)
            .map(|i| format!("?{}", row * width + i))
            .collect();
        format!("({})", places.join(", "))
    };
    (0..rows).map(tuple).collect::<Vec<_>>().join(", ")
}

/// The rows `select` yields for the keys of `keys` (`width` values each, one key after
/// another), where `?*` in `select` stands for [`GROUP`] key tuples: `column IN (?*)` for
/// single keys (PostgreSQL types the parameters after the column), `(a, b) IN (VALUES ?*)`
/// for pairs (SQLite compares row values with a subquery only; its parameters are text).
/// The last group is padded by repeating its last key, so one statement serves every call.
fn lookup_many(
    db: &mut impl Records,
    select: &str,
    width: usize,
    keys: &[SqlValue],
) -> Result<Vec<Row>> {
    let sql = statement(select, GROUP, width, |tuples| select.replace("?*", &tuples));
    let mut found = Vec::new();
    for group in keys.chunks(GROUP * width) {
        let last = &group[group.len() - width..];
        let padding = last.iter().cycle().take(GROUP * width - group.len());
        let params: Vec<&dyn ToSql> = group
            .iter()
            .chain(padding)
            .map(|v| v as &dyn ToSql)
            .collect();
        found.extend(db.query(&sql, &params)?);
    }
    Ok(found)
}

/// The first column, an id, of every row.
fn ids(rows: &[Row]) -> Result<Vec<i64>> {
    rows.iter().map(|row| get(row, 0)).collect()
}

fn integers(keys: &[i64]) -> Vec<SqlValue> {
    keys.iter().map(|&k| SqlValue::Integer(k)).collect()
}

/// The store id of each entity `(key, label, name)` of `wanted`, adding those not stored
/// yet, in the order they come (a name is stored as it is first seen).
fn entity_ids(
    db: &mut impl Records,
    wanted: &[(String, &str, String)],
) -> Result<HashMap<(String, String), i64>> {
    let lookup = |db: &mut _| -> Result<HashMap<(String, String), i64>> {
        let keys: Vec<SqlValue> = wanted
            .iter()
            .flat_map(|(key, label, _)| {
                [
                    SqlValue::from(key.clone()),
                    SqlValue::from(label.to_string()),
                ]
            })
            .collect();
        lookup_many(
            db,
            "SELECT key, label, id FROM entities WHERE (key, label) IN (VALUES ?*)",
            2,
            &keys,
        )?
        .iter()
        .map(|row| Ok(((get(row, 0)?, get(row, 1)?), get(row, 2)?)))
        .collect()
    };
    let stored = lookup(db)?;
    let mut seen = HashSet::new();
    let new: Vec<SqlValue> = wanted
        .iter()
        .filter(|(key, label, _)| {
            !stored.contains_key(&(key.clone(), label.to_string())) && seen.insert((key, label))
        })
        .flat_map(|(key, label, name)| {
            [
                SqlValue::from(key.clone()),
                SqlValue::from(label.to_string()),
                SqlValue::from(name.clone()),
            ]
        })
        .collect();
    if new.is_empty() {
        return Ok(stored);
    }
    insert_rows(db, "entities (key, label, name)", 3, &new)?;
    lookup(db)
}

/// Records document `id`'s MinHash bands and joins it to the cluster of the first stored
/// document that is the same article, keeping the earliest-dated member (ties: the first
/// stored) as the original.
fn link_near_duplicate(
    db: &mut impl Records,
    id: i64,
    fingerprint: &linking::Fingerprint,
    date: Option<&str>,
) -> Result<bool> {
    let keys = fingerprint.band_keys();
    let mut candidates = ids(&lookup_many(
        db,
        "SELECT DISTINCT doc FROM document_bands WHERE band IN (?*)",
        1,
        &integers(&keys),
    )?)?;
    let rows: Vec<SqlValue> = keys
        .iter()
        .flat_map(|&key| [SqlValue::Integer(key), SqlValue::Integer(id)])
        .collect();
    insert_rows(db, "document_bands (band, doc)", 2, &rows)?;
    candidates.sort_unstable();
    candidates.dedup();
    let mut original = None;
    for candidate in candidates.into_iter().filter(|&c| c != id) {
        let row = db.query(
            "SELECT minhash, shingles, coalesce(duplicate_of, id) FROM documents WHERE id = ?1",
            params![candidate],
        )?;
        let Some(row) = row.first() else { continue };
        let (bytes, shingles, cluster): (Vec<u8>, u32, i64) =
            (get(row, 0)?, get(row, 1)?, get(row, 2)?);
        let same = linking::Fingerprint::from_bytes(&bytes, shingles)
            .is_some_and(|other| fingerprint.same_article(&other));
        if same {
            original = Some(cluster);
            break;
        }
    }
    let Some(original) = original else {
        return Ok(false);
    };
    let original_date: Option<String> = db.one(
        "SELECT date FROM documents WHERE id = ?1",
        params![original],
    )?;
    let new_is_earlier = match (date, original_date.as_deref()) {
        (Some(new), Some(old)) => new < old,
        (Some(_), None) => true,
        _ => false,
    };
    if new_is_earlier {
        db.execute(
            "UPDATE documents SET duplicate_of = ?1 WHERE id = ?2 OR duplicate_of = ?2",
            params![id, original],
        )?;
    } else {
        db.execute(
            "UPDATE documents SET duplicate_of = ?1 WHERE id = ?2",
            params![original, id],
        )?;
    }
    Ok(true)
}

/// A document's entity before storing: its index in the document, canonical name, label,
/// mentions with their kind, and what the document shows of a person's gender.
type LocalEntity<'a> = (
    usize,
    String,
    &'a str,
    Vec<(dateline_document::Span, String)>,
    Option<GenderEvidence>,
);

/// Stores the document's entities (unified with earlier documents by normalised canonical
/// name and label) and every mention. Returns the store id of each document entity index.
fn write_entities(
    db: &mut impl Records,
    doc_id: i64,
    doc: &Document,
    text: &Text,
) -> Result<HashMap<usize, i64>> {
    // Without coreference each NER mention stands for its own entity.
    let records: Vec<LocalEntity> = if doc.entities.is_empty() {
        doc.mentions
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let name = text.slice(Some((m.span.start, m.span.end)));
                (
                    i,
                    name,
                    m.label.as_str(),
                    vec![(m.span, "name".to_string())],
                    None,
                )
            })
            .collect()
    } else {
        doc.entities
            .iter()
            .map(|e| {
                let mentions = e
                    .mentions
                    .iter()
                    .map(|m| {
                        let kind = serde_json::to_value(m.kind)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default();
                        (m.span, kind)
                    })
                    .collect();
                (
                    e.id,
                    e.canonical.clone(),
                    e.label.as_str(),
                    mentions,
                    e.gender,
                )
            })
            .collect()
    };
    let records: Vec<_> = records
        .into_iter()
        .map(|(local, name, label, mentions, gender)| {
            (local, normalise_words(&name), name, label, mentions, gender)
        })
        .filter(|(_, key, ..)| !key.is_empty())
        .collect();
    let wanted: Vec<(String, &str, String)> = records
        .iter()
        .map(|(_, key, name, label, ..)| (key.clone(), *label, name.clone()))
        .collect();
    let stored = entity_ids(db, &wanted)?;
    let mut ids = HashMap::new();
    let mut mention_rows = Vec::new();
    let mut genders: HashMap<i64, GenderEvidence> = HashMap::new();
    for (local, key, name, label, mentions, gender) in records {
        let entity = *stored.get(&(key, label.to_string())).ok_or_else(|| {
            crate::StoreError::Invalid(format!("entity {name:?} ({label}) was not stored"))
        })?;
        ids.insert(local, entity);
        if let Some(gender) = gender {
            // Two records of one person in a document (a coreference split): the first says.
            genders.entry(entity).or_insert(gender);
        }
        for (span, kind) in mentions {
            mention_rows.extend([
                SqlValue::Integer(doc_id),
                SqlValue::Integer(entity),
                SqlValue::Integer(span.start as i64),
                SqlValue::Integer(span.end as i64),
                SqlValue::Text(kind),
                SqlValue::Text(text.slice(Some((span.start, span.end)))),
            ]);
        }
    }
    insert_rows(
        db,
        r#"mentions (doc, entity, start, "end", kind, text)"#,
        6,
        &mention_rows,
    )?;
    write_genders(db, doc_id, &genders)?;
    Ok(ids)
}

/// Stores the document's evidence of each person's gender, and updates what all evidence
/// of those persons says.
fn write_genders(
    db: &mut impl Records,
    doc_id: i64,
    genders: &HashMap<i64, GenderEvidence>,
) -> Result<()> {
    let mut entities: Vec<i64> = genders.keys().copied().collect();
    entities.sort_unstable();
    let rows: Vec<SqlValue> = entities
        .iter()
        .flat_map(|entity| {
            let evidence = genders[entity];
            [
                SqlValue::Integer(*entity),
                SqlValue::Integer(doc_id),
                SqlValue::from(evidence.gender.as_str().to_string()),
                SqlValue::from(evidence.basis.as_str().to_string()),
            ]
        })
        .collect();
    insert_rows(db, "entity_genders (entity, doc, gender, basis)", 4, &rows)?;
    for entity in entities {
        let rows = db.query(
            "SELECT gender, basis FROM entity_genders WHERE entity = ?1",
            params![entity],
        )?;
        let mut evidence = Vec::with_capacity(rows.len());
        for row in &rows {
            let (gender, basis): (String, String) = (get(row, 0)?, get(row, 1)?);
            if let (Some(gender), Some(basis)) =
                (Gender::parse(&gender), GenderBasis::parse(&basis))
            {
                evidence.push(GenderEvidence { gender, basis });
            }
        }
        let prevailing = GenderEvidence::prevailing(evidence);
        db.execute(
            "UPDATE entities SET gender = ?1, gender_basis = ?2 WHERE id = ?3",
            params![
                prevailing.map(|e| e.gender.as_str()),
                prevailing.map(|e| e.basis.as_str()),
                entity
            ],
        )?;
    }
    Ok(())
}

/// Stores each quote as an occurrence of a quote record: an existing record when the
/// normalised text matches (same fingerprint with a compatible speaker, or one contained in
/// the other with the same speaker), else a new one.
fn write_quotes(
    db: &mut impl Records,
    doc_id: i64,
    source: i64,
    doc: &Document,
    text: &Text,
    entities: &HashMap<usize, i64>,
    date: Option<&str>,
) -> Result<(usize, usize, Vec<i64>)> {
    let (mut written, mut linked, mut touched) = (0, 0, Vec::new());
    for quote in &doc.quotes {
        let value = serde_json::to_value(quote)?;
        let span = value.get("span").and_then(span_of);
        let content = text.slice(span);
        let key = QuoteKey::new(&content);
        let Some((start, end)) = span.filter(|_| !key.is_empty()) else {
            continue;
        };
        let speaker_name = str_of(&value, "speaker_name");
        let speaker_key = normalise_words(speaker_name.as_deref().unwrap_or(""));
        let speaker_entity = value
            .get("speaker_entity")
            .and_then(Value::as_u64)
            .and_then(|i| entities.get(&(i as usize)).copied());
        let kind = str_of(&value, "kind").unwrap_or_default();
        let record = match find_quote(db, &key, &speaker_key)? {
            Some((id, stored)) => {
                linked += 1;
                // Keep the longest wording as the record's text; learn a speaker if unknown.
                let mut changed = false;
                if stored.is_contained_in(&key) && key.words() > stored.words() {
                    db.execute(
                        "UPDATE quotes SET normalized = ?1, fingerprint = ?2, text = ?3, anchor = ?4
                         WHERE id = ?5",
                        params![key.stored(), key.fingerprint(), content, key.anchor(), id],
                    )?;
                    write_grams(db, id, &key)?;
                    changed = true;
                }
                // Only when something is learnt: most reprints teach nothing, and a row
                // left alone costs no write.
                changed |= db.execute(
                    "UPDATE quotes SET speaker_name = coalesce(speaker_name, ?1),
                        speaker_key = CASE speaker_key WHEN '' THEN ?2 ELSE speaker_key END,
                        speaker_entity = coalesce(speaker_entity, ?3),
                        date = CASE WHEN date IS NULL OR ?4 < date THEN ?4 ELSE date END
                     WHERE id = ?5
                       AND (coalesce(speaker_name, ?1) IS DISTINCT FROM speaker_name
                         OR (CASE speaker_key WHEN '' THEN ?2 ELSE speaker_key END)
                            IS DISTINCT FROM speaker_key
                         OR coalesce(speaker_entity, ?3) IS DISTINCT FROM speaker_entity
                         OR (CASE WHEN date IS NULL OR ?4 < date THEN ?4 ELSE date END)
                            IS DISTINCT FROM date)",
                    params![speaker_name, speaker_key, speaker_entity, date, id],
                )? > 0;
                // A new outlet changes the record's search entry too.
                changed |= !db.one::<bool>(
                    "SELECT EXISTS(SELECT 1 FROM quote_sources qs
                        JOIN documents d ON d.id = qs.doc
                        WHERE qs.quote = ?1 AND d.source = ?2)",
                    params![id, source],
                )?;
                if changed {
                    touched.push(id);
                }
                id
            }
            None => {
                let id: i64 = db.one(
                    "INSERT INTO quotes (normalized, fingerprint, text, speaker_entity,
                        speaker_name, speaker_key, kind, date, anchor)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                     RETURNING id",
                    params![
                        key.stored(),
                        key.fingerprint(),
                        content,
                        speaker_entity,
                        speaker_name,
                        speaker_key,
                        kind,
                        date,
                        key.anchor()
                    ],
                )?;
                write_grams(db, id, &key)?;
                touched.push(id);
                id
            }
        };
        let cue = text.slice(value.get("cue").and_then(span_of));
        let speaker_text = text.slice(value.get("speaker").and_then(span_of));
        let added = db.execute(
            r#"INSERT INTO quote_sources (quote, doc, start, "end", text, speaker_text, cue,
                date, detail)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING"#,
            params![
                record,
                doc_id,
                start as i64,
                end as i64,
                content,
                (!speaker_text.is_empty()).then_some(speaker_text),
                (!cue.is_empty()).then_some(cue),
                date,
                value.to_string()
            ],
        )?;
        written += added;
    }
    Ok((written, linked, touched))
}

/// The stored quote record this key belongs to, if any, with its stored key.
fn find_quote(
    db: &mut impl Records,
    key: &QuoteKey,
    speaker_key: &str,
) -> Result<Option<(i64, QuoteKey)>> {
    let exact = db.query(
        "SELECT id, normalized FROM quotes WHERE fingerprint = ?1
           AND (speaker_key = ?2 OR speaker_key = '' OR ?2 = '')
         ORDER BY speaker_key = ?2 DESC, id LIMIT 1",
        params![key.fingerprint(), speaker_key],
    )?;
    if let Some(row) = exact.first() {
        let stored: String = get(row, 1)?;
        return Ok(Some((get(row, 0)?, QuoteKey::from_stored(&stored))));
    }
    if speaker_key.is_empty() {
        return Ok(None);
    }
    // Containment candidates of the same speaker: stored quotes holding the new one's
    // anchor, and stored quotes whose anchor occurs in the new one.
    let mut candidates = Vec::new();
    if let Some(anchor) = key.anchor() {
        candidates.extend(db.column::<i64>(
            "SELECT DISTINCT quote FROM quote_grams WHERE gram = ?1",
            params![anchor],
        )?);
    }
    candidates.extend(ids(&lookup_many(
        db,
        "SELECT id FROM quotes WHERE anchor IN (?*)",
        1,
        &integers(&key.grams()),
    )?)?);
    candidates.sort_unstable();
    candidates.dedup();
    for id in candidates {
        let Some(stored) = db.optional::<String>(
            "SELECT normalized FROM quotes WHERE id = ?1 AND speaker_key = ?2",
            params![id, speaker_key],
        )?
        else {
            continue;
        };
        let stored = QuoteKey::from_stored(&stored);
        if key.same_quote(&stored) {
            return Ok(Some((id, stored)));
        }
    }
    Ok(None)
}

/// Replaces the containment grams of quote record `id` by those of `key`.
fn write_grams(db: &mut impl Records, id: i64, key: &QuoteKey) -> Result<()> {
    db.execute("DELETE FROM quote_grams WHERE quote = ?1", params![id])?;
    let rows: Vec<SqlValue> = key
        .grams()
        .into_iter()
        .flat_map(|gram| [SqlValue::Integer(gram), SqlValue::Integer(id)])
        .collect();
    insert_rows(db, "quote_grams (gram, quote)", 2, &rows)
}

/// Stores each event as a report: of the stored event record with the same identity (see
/// [`event_links`]), of an earlier event of this document with it, else as a new record.
fn write_events(
    db: &mut impl Records,
    doc_id: i64,
    doc: &Document,
    entities: &HashMap<usize, i64>,
    date: Option<&str>,
) -> Result<usize> {
    let mut rows = Vec::new();
    // New records of this document (event index, identity), and the events that report
    // one of them (event index, record's event index): their ids are known once inserted.
    let mut new_records: Vec<(usize, EventIdentity)> = Vec::new();
    let mut reports_of_new: Vec<(usize, usize)> = Vec::new();
    for (i, event) in doc.events.iter().enumerate() {
        let identity = EventIdentity::of(event, doc, entities, date);
        let mut same_as = None;
        if let Some(identity) = &identity {
            same_as = event_links::find_record(db, identity)?;
            if same_as.is_none() {
                let earlier = new_records
                    .iter()
                    .find(|(_, first)| first.key == identity.key && first.same_time(identity));
                match earlier {
                    Some(&(first, _)) => reports_of_new.push((i, first)),
                    None => new_records.push((i, identity.clone())),
                }
            }
        }
        let actor = |actor: &Option<EventActor>| {
            let entity = actor
                .as_ref()
                .and_then(|a| a.entity)
                .and_then(|i| entities.get(&i).copied());
            (
                actor.as_ref().map(|a| a.name.clone()),
                actor.as_ref().and_then(|a| a.code.clone()),
                entity,
            )
        };
        let (source_name, source_code, source_entity) = actor(&event.source);
        let (target_name, target_code, target_entity) = actor(&event.target);
        let location = event.location.as_ref();
        let entry = location.and_then(|l| event_links::gazetteer_entry(doc, l));
        rows.extend([
            SqlValue::from(doc_id),
            SqlValue::from(event.plover.clone()),
            SqlValue::from(event.cameo.clone()),
            SqlValue::from(event.date.clone().or(date.map(str::to_string))),
            SqlValue::from(source_name),
            SqlValue::from(source_entity),
            SqlValue::from(target_name),
            SqlValue::from(target_entity),
            SqlValue::from(location.map(|l| l.name.clone())),
            SqlValue::from(location.and_then(|l| l.lat)),
            SqlValue::from(location.and_then(|l| l.lon)),
            SqlValue::from(event.sentence.start as i64),
            SqlValue::from(event.sentence.end as i64),
            SqlValue::from(serde_json::to_string(event)?),
            SqlValue::from(same_as),
            SqlValue::from(identity.as_ref().map(|i| i.key.clone())),
            SqlValue::from(identity.as_ref().map(|i| i.day)),
            SqlValue::from(identity.as_ref().map(|i| i64::from(i.approximate))),
            SqlValue::from(event.mode.clone()),
            SqlValue::from(source_code),
            SqlValue::from(target_code),
            SqlValue::from(entry.and_then(|p| p.geonameid).map(|g| g as i64)),
            SqlValue::from(entry.and_then(|p| p.country.clone())),
        ]);
    }
    insert_rows(
        db,
        r#"events (doc, plover, cameo, date, source_name, source_entity, target_name,
            target_entity, place, lat, lon, start, "end", detail, same_as, merge_key, day,
            approximate, mode, source_code, target_code, geonameid, country)"#,
        23,
        &rows,
    )?;
    if !reports_of_new.is_empty() {
        // A multi-row insert numbers its rows in order, so the document's events have
        // ascending ids in the order of `doc.events`.
        let ids: Vec<i64> = db.column(
            "SELECT id FROM events WHERE doc = ?1 ORDER BY id",
            params![doc_id],
        )?;
        for (report, first) in reports_of_new {
            db.execute(
                "UPDATE events SET same_as = ?1 WHERE id = ?2",
                params![ids[first], ids[report]],
            )?;
        }
    }
    Ok(doc.events.len())
}

fn write_places_and_timexes(db: &mut impl Records, doc_id: i64, doc: &Document) -> Result<()> {
    write_spanned(
        db,
        "places",
        &["name", "geonameid", "country", "lat", "lon"],
        doc_id,
        &doc.places,
        |v| {
            let number = |key: &str| v.get(key).and_then(Value::as_f64);
            vec![
                SqlValue::from(str_of(v, "name")),
                SqlValue::from(v.get("geonameid").and_then(Value::as_i64)),
                SqlValue::from(str_of(v, "country")),
                SqlValue::from(number("lat")),
                SqlValue::from(number("lon")),
            ]
        },
    )?;
    write_spanned(
        db,
        "timexes",
        &["type", "value"],
        doc_id,
        &doc.timexes,
        |v| {
            vec![
                SqlValue::from(str_of(v, "type")),
                SqlValue::from(str_of(v, "value")),
            ]
        },
    )
}

/// Inserts one row per item into `table`: the document, the item's span, the `columns`
/// that `fields` picks out of its serialised form, and that form as `detail`.
fn write_spanned<T: serde::Serialize>(
    db: &mut impl Records,
    table: &str,
    columns: &[&str],
    doc_id: i64,
    items: &[T],
    fields: impl Fn(&Value) -> Vec<SqlValue>,
) -> Result<()> {
    let mut rows = Vec::new();
    for item in items {
        let value = serde_json::to_value(item)?;
        let span = value.get("span").and_then(span_of);
        rows.extend([
            SqlValue::from(doc_id),
            SqlValue::from(span.map(|s| s.0 as i64)),
            SqlValue::from(span.map(|s| s.1 as i64)),
        ]);
        rows.extend(fields(&value));
        rows.push(SqlValue::from(value.to_string()));
    }
    let into = format!(
        r#"{table} (doc, start, "end", {}, detail)"#,
        columns.join(", ")
    );
    insert_rows(db, &into, columns.len() + 4, &rows)
}

/// A stored value as JSON, for exports: blobs as hex.
pub(crate) fn sql_to_json(value: SqlValue) -> Value {
    match value {
        SqlValue::Null => Value::Null,
        SqlValue::Integer(i) => Value::from(i),
        SqlValue::Real(f) => Value::from(f),
        SqlValue::Text(s) => Value::from(s),
        SqlValue::Blob(b) => Value::from(b.iter().map(|x| format!("{x:02x}")).collect::<String>()),
    }
}

/// Quote record `id` with every document that reported it, earliest first.
pub(crate) fn quote_record(db: &mut impl Records, id: i64) -> Result<QuoteRecord> {
    quote_record_with_sources(db, id, i64::MAX)
}

/// How many sources each quote of a list of quotes shows; its own record has them all.
pub(crate) const LISTED_SOURCES: i64 = 5;

/// Quote record `id` for a list of quotes: the first [`LISTED_SOURCES`] documents that
/// reported it. A list of 20 quotes with every source was 2,000 source rows and 500 KB of
/// JSON in the 100,000-document bench store.
pub(crate) fn listed_quote_record(db: &mut impl Records, id: i64) -> Result<QuoteRecord> {
    quote_record_with_sources(db, id, LISTED_SOURCES)
}

fn quote_record_with_sources(
    db: &mut impl Records,
    id: i64,
    max_sources: i64,
) -> Result<QuoteRecord> {
    let rows = db.query(
        "SELECT speaker_name, speaker_entity, text, kind, date FROM quotes WHERE id = ?1",
        params![id],
    )?;
    let row = rows.first().ok_or(rusqlite::Error::QueryReturnedNoRows)?;
    // The sources shown are picked off the `quote_sources_by_date` index before any
    // document is read.
    let sources: Vec<QuoteSource> = db
        .query(
            &format!(
                r#"SELECT qs.doc, {LABEL_SQL}, qs.date, qs.start, qs."end", qs.text, s.name
                   FROM (SELECT doc, date, start, "end", text FROM quote_sources
                         WHERE quote = ?1 ORDER BY coalesce(date, '9999'), doc LIMIT ?2) qs
                   JOIN documents d ON d.id = qs.doc
                   JOIN sources s ON s.id = d.source
                   ORDER BY coalesce(qs.date, '9999'), qs.doc"#
            ),
            params![id, max_sources],
        )?
        .iter()
        .map(|r| {
            Ok(QuoteSource {
                document: get(r, 0)?,
                source: get(r, 1)?,
                date: get(r, 2)?,
                span: (get::<i64>(r, 3)? as usize, get::<i64>(r, 4)? as usize),
                text: get(r, 5)?,
                outlet: get(r, 6)?,
            })
        })
        .collect::<Result<_>>()?;
    let source_count = if (sources.len() as i64) < max_sources {
        sources.len() as i64
    } else {
        db.one(
            "SELECT count(*) FROM quote_sources WHERE quote = ?1",
            params![id],
        )?
    };
    Ok(QuoteRecord {
        id,
        speaker: get(row, 0)?,
        speaker_entity: get(row, 1)?,
        text: get(row, 2)?,
        kind: get(row, 3)?,
        date: get(row, 4)?,
        sources,
        source_count,
    })
}

/// Fills in the record counts of `report`, and reports quote records left without a source
/// and event reports whose record is not a first report.
pub(crate) fn count_records(db: &mut impl Records, report: &mut IntegrityReport) -> Result<()> {
    let mut count =
        |table: &str| -> Result<i64> { db.one(&format!("SELECT count(*) FROM {table}"), &[]) };
    report.documents = count("documents")?;
    report.quotes = count("quotes")?;
    report.events = count("events")?;
    report.entities = count("entities")?;
    report.mentions = count("mentions")?;
    report.quote_sources = count("quote_sources")?;
    report.places = count("places")?;
    report.timexes = count("timexes")?;
    let orphans = count("quotes WHERE id NOT IN (SELECT quote FROM quote_sources)")?;
    // A later report must point at a first report (one that points nowhere itself): the
    // first report stands for the event record, and lists show first reports only.
    let stray_reports = count(
        "events e WHERE e.same_as IS NOT NULL AND NOT EXISTS
            (SELECT 1 FROM events f WHERE f.id = e.same_as AND f.same_as IS NULL)",
    )?;
    for (found, what) in [
        (orphans, "quote records without a source"),
        (stray_reports, "event reports not linked to an event record"),
    ] {
        if found > 0 {
            report.problems.push(format!("{found} {what}"));
        }
    }
    Ok(())
}

/// See [`crate::Store::quotes_by_speaker`].
pub(crate) fn quotes_by_speaker(
    db: &mut impl Records,
    speaker: &str,
    limit: usize,
) -> Result<Vec<QuoteRecord>> {
    let ids: Vec<i64> = db.column(
        "SELECT id FROM quotes WHERE ' ' || speaker_key || ' ' LIKE ?1
         ORDER BY coalesce(date, '9999'), id LIMIT ?2",
        params![word_pattern(speaker), limit as i64],
    )?;
    ids.into_iter().map(|id| quote_record(db, id)).collect()
}

/// See [`crate::Store::timeline`].
pub(crate) fn timeline(
    db: &mut impl Records,
    entity: &str,
    limit: usize,
) -> Result<Vec<TimelineEntry>> {
    let sql = "WITH matched AS (SELECT id FROM entities WHERE ' ' || key || ' ' LIKE ?1)
         SELECT date, kind, summary, doc FROM (
            SELECT q.date AS date, 'quote' AS kind, q.text AS summary, min(qs.doc) AS doc
            FROM quotes q JOIN quote_sources qs ON qs.quote = q.id
            WHERE q.speaker_entity IN (SELECT id FROM matched)
               OR ' ' || q.speaker_key || ' ' LIKE ?1
            GROUP BY q.id
            UNION ALL
            SELECT e.date, 'event',
                coalesce(e.source_name, '-') || ' ' || coalesce(e.cameo, '') || ' ' ||
                coalesce(e.target_name, '-') || coalesce(' (' || e.plover || ')', '') ||
                coalesce(' in ' || e.place, '') ||
                coalesce(' (' || (SELECT nullif(count(*) + 1, 1) FROM events r
                                  WHERE r.same_as = e.id) || ' reports)', ''),
                e.doc
            FROM events e
            WHERE e.same_as IS NULL
              AND (e.source_entity IN (SELECT id FROM matched)
                OR e.target_entity IN (SELECT id FROM matched))) AS items
         ORDER BY date IS NULL, date, doc LIMIT ?2";
    let rows = db.query(sql, params![word_pattern(entity), limit as i64])?;
    rows.iter()
        .map(|row| {
            let document: i64 = get(row, 3)?;
            Ok(TimelineEntry {
                date: get(row, 0)?,
                kind: get(row, 1)?,
                summary: get(row, 2)?,
                document,
                source: db.one(
                    &format!("SELECT {LABEL_SQL} FROM documents WHERE id = ?1"),
                    params![document],
                )?,
            })
        })
        .collect()
}

/// SQLite runs the shared dialect as it is, with cached statements.
impl Records for &rusqlite::Connection {
    fn execute(&mut self, sql: &str, params: &[&dyn ToSql]) -> Result<usize> {
        Ok(self.prepare_cached(sql)?.execute(params)?)
    }

    fn query(&mut self, sql: &str, params: &[&dyn ToSql]) -> Result<Vec<Row>> {
        let mut stmt = self.prepare_cached(sql)?;
        let columns = stmt.column_count();
        let rows = stmt
            .query_map(params, |r| {
                (0..columns)
                    .map(|i| r.get::<_, SqlValue>(i))
                    .collect::<rusqlite::Result<Row>>()
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
