//! The embedded backend: SQLite (WAL, foreign keys) for records and tantivy for search, in
//! one directory: `records.sqlite` and `index/`.

use crate::export::ExportKind;
use crate::index::{Entry, SearchIndex};
use crate::linking::{self, QuoteKey};
use crate::{
    content_hash, normalise_words, schema, BatchOutcome, ExportRow, HitKind, IntegrityReport,
    QuoteRecord, QuoteSource, Result, SearchHit, SearchQuery, Store, StoreError, TimelineEntry,
};
use dateline_document::{Document, TextIndex};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// SQL for a document's source label, as `Source::label` writes it.
pub(crate) const LABEL_SQL: &str = "source_path || coalesce('#' || source_record, '')";

/// Most index entries one search looks through to fill a page after folding near-duplicates.
const MAX_SEARCH_WINDOW: usize = 4096;

pub struct EmbeddedStore {
    dir: PathBuf,
    conn: Connection,
    index: SearchIndex,
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

impl EmbeddedStore {
    /// Opens (creating if needed) the store in `dir`, applies schema migrations and
    /// re-indexes any documents a crash left out of the search index.
    pub fn open(dir: &Path) -> Result<EmbeddedStore> {
        std::fs::create_dir_all(dir)?;
        let mut conn = Connection::open(dir.join(crate::RECORDS_FILE))?;
        conn.busy_timeout(Duration::from_secs(30))?;
        let mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Invalid(format!(
                "{}: could not switch the database to WAL (got {mode})",
                dir.display()
            )));
        }
        // In WAL mode NORMAL loses no committed transaction when the process dies (only on
        // power loss may the last ones roll back), and the database always stays consistent.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        schema::migrate(&mut conn)?;
        fingerprint_older_documents(&mut conn)?;
        let index = SearchIndex::open(&dir.join("index"))?;
        let mut store = EmbeddedStore {
            dir: dir.to_path_buf(),
            conn,
            index,
        };
        store.reconcile()?;
        Ok(store)
    }

    /// Opens the store in `dir` for reading only: a read-only connection, no migration, no
    /// reconciliation, no index lock. Any number can be open beside the one writer (WAL lets
    /// readers and the writer work at once), and each sees what the writer commits: records
    /// at once, search within a second (see [`EmbeddedStore::reload_index`]).
    pub fn open_reader(dir: &Path) -> Result<EmbeddedStore> {
        let conn = Connection::open_with_flags(
            dir.join(crate::RECORDS_FILE),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(30))?;
        let index = SearchIndex::open(&dir.join("index"))?;
        Ok(EmbeddedStore {
            dir: dir.to_path_buf(),
            conn,
            index,
        })
    }

    /// Makes search see the index's last commit now, rather than when the reader next
    /// notices it.
    pub fn reload_index(&self) -> Result<()> {
        self.index.reload()
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The records database, for the read queries of [`crate::browse`].
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    fn max_document_id(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM documents", [], |r| {
                r.get(0)
            })?)
    }

    /// Indexes documents stored after the index's last commit (and the quotes they
    /// reported), so a crash between the SQLite and the index commit loses nothing.
    /// Returns how many documents were re-indexed.
    pub fn reconcile(&mut self) -> Result<usize> {
        let through = self.index.committed_through()?;
        let max = self.max_document_id()?;
        if max <= through {
            return Ok(0);
        }
        let docs: Vec<i64> = self
            .conn
            .prepare("SELECT id FROM documents WHERE id > ?1 ORDER BY id")?
            .query_map([through], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let quotes: Vec<i64> = self
            .conn
            .prepare("SELECT DISTINCT quote FROM quote_sources WHERE doc > ?1")?
            .query_map([through], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        match self.index_records(&docs, &quotes, max) {
            // Another process is writing this store; it commits the index itself.
            Err(StoreError::Index(tantivy::TantivyError::LockFailure(..))) => Ok(0),
            Err(e) => Err(e),
            Ok(()) => Ok(docs.len()),
        }
    }

    /// Puts the given documents and quotes into the search index from their stored records
    /// and commits it.
    fn index_records(&mut self, docs: &[i64], quotes: &[i64], through: i64) -> Result<()> {
        {
            let mut doc_stmt = self
                .conn
                .prepare_cached("SELECT title, text, date FROM documents WHERE id = ?1")?;
            let mut entity_stmt = self.conn.prepare_cached(
                "SELECT DISTINCT e.name FROM mentions m JOIN entities e ON e.id = m.entity
                 WHERE m.doc = ?1",
            )?;
            for &id in docs {
                let (title, text, date): (Option<String>, String, Option<String>) =
                    doc_stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
                let entities = entity_stmt
                    .query_map([id], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<String>>>()?;
                self.index.put(&Entry {
                    key: format!("d:{id}"),
                    kind: "document",
                    title: title.as_deref(),
                    body: &text,
                    speaker: None,
                    entities,
                    date: date.as_deref(),
                })?;
            }
            let mut quote_stmt = self
                .conn
                .prepare_cached("SELECT text, speaker_name, date FROM quotes WHERE id = ?1")?;
            for &id in quotes {
                let (text, speaker, date): (String, Option<String>, Option<String>) =
                    quote_stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
                self.index.put(&Entry {
                    key: format!("q:{id}"),
                    kind: "quote",
                    title: None,
                    body: &text,
                    speaker: speaker.as_deref(),
                    entities: speaker.iter().cloned().collect(),
                    date: date.as_deref(),
                })?;
            }
        }
        self.index.commit(through)
    }

    /// Writes the SQLite part of a batch in one transaction; returns what it did, the new
    /// document ids and the quote records they touched.
    fn write_records(&mut self, docs: &[Document]) -> Result<(BatchOutcome, Vec<i64>, Vec<i64>)> {
        let tx = self.conn.transaction()?;
        let mut outcome = BatchOutcome::default();
        let mut new_docs = Vec::new();
        let mut touched = HashSet::new();
        for doc in docs {
            let hash = content_hash(doc);
            let known: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM documents WHERE content_hash = ?1)",
                [&hash],
                |r| r.get(0),
            )?;
            if known {
                outcome.skipped += 1;
                continue;
            }
            let written = write_document(&tx, doc, &hash)?;
            outcome.added += 1;
            outcome.quotes += written.quotes;
            outcome.quotes_linked += written.quotes_linked;
            outcome.events += written.events;
            outcome.near_duplicates += usize::from(written.near_duplicate);
            touched.extend(written.touched_quotes);
            new_docs.push(written.id);
        }
        tx.commit()?;
        let mut touched: Vec<i64> = touched.into_iter().collect();
        touched.sort_unstable();
        Ok((outcome, new_docs, touched))
    }

    /// Writes records only, leaving the index behind as a crash between the two commits
    /// would. For tests of reconciliation.
    #[cfg(test)]
    pub(crate) fn write_records_only(&mut self, docs: &[Document]) -> Result<BatchOutcome> {
        Ok(self.write_records(docs)?.0)
    }

    /// Search hits with near-duplicates folded, from the index's best `wide` entries, and
    /// whether the index had no more than those.
    fn search_folded(&self, query: &SearchQuery, wide: usize) -> Result<(Vec<SearchHit>, bool)> {
        let window = SearchQuery {
            limit: wide,
            ..query.clone()
        };
        let (raw, snippets) = self.index.search(&window)?;
        let exhausted = raw.len() < wide;

        let mut hits: Vec<SearchHit> = Vec::with_capacity(query.limit);
        let mut clusters: HashMap<i64, usize> = HashMap::new();
        for hit in raw {
            let Some((kind, id)) = hit.key.split_once(':') else {
                continue;
            };
            let id: i64 = id.parse().unwrap_or(0);
            let (kind, title, date, source, text) = if kind == "d" {
                let (title, date, source, text, cluster) = self.conn.query_row(
                    &format!(
                        "SELECT title, date, {LABEL_SQL}, text, coalesce(duplicate_of, id)
                         FROM documents WHERE id = ?1"
                    ),
                    [id],
                    |r| {
                        Ok((
                            r.get(0)?,
                            r.get(1)?,
                            r.get(2)?,
                            r.get::<_, String>(3)?,
                            r.get::<_, i64>(4)?,
                        ))
                    },
                )?;
                if let Some(&first) = clusters.get(&cluster) {
                    hits[first].copies += 1;
                    continue;
                }
                if hits.len() < query.limit {
                    clusters.insert(cluster, hits.len());
                }
                (HitKind::Document, title, date, source, text)
            } else {
                let record = self.quote_record(id)?;
                let source = record
                    .sources
                    .first()
                    .map(|s| s.source.clone())
                    .unwrap_or_default();
                (
                    HitKind::Quote,
                    record.speaker,
                    record.date,
                    source,
                    record.text,
                )
            };
            if hits.len() >= query.limit {
                continue;
            }
            let (snippet, highlights) = snippets.make(&text);
            hits.push(SearchHit {
                kind,
                id,
                score: hit.score,
                title,
                date,
                source,
                snippet,
                highlights,
                copies: 0,
            });
        }
        Ok((hits, exhausted))
    }

    pub(crate) fn quote_record(&self, id: i64) -> Result<QuoteRecord> {
        let (speaker, speaker_entity, text, kind, date) = self.conn.query_row(
            "SELECT speaker_name, speaker_entity, text, kind, date FROM quotes WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT qs.doc, {LABEL_SQL}, qs.date, qs.start, qs.end, qs.text, s.name
             FROM quote_sources qs JOIN documents d ON d.id = qs.doc
             JOIN sources s ON s.id = d.source
             WHERE qs.quote = ?1 ORDER BY coalesce(qs.date, '9999'), qs.doc"
        ))?;
        let sources = stmt
            .query_map([id], |r| {
                Ok(QuoteSource {
                    document: r.get(0)?,
                    source: r.get(1)?,
                    date: r.get(2)?,
                    span: (r.get::<_, i64>(3)? as usize, r.get::<_, i64>(4)? as usize),
                    text: r.get(5)?,
                    outlet: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(QuoteRecord {
            id,
            speaker,
            speaker_entity,
            text,
            kind,
            date,
            sources,
        })
    }
}

/// `' ' || column || ' '` LIKE this pattern matches whole normalised words.
pub(crate) fn word_pattern(name: &str) -> String {
    format!("% {} %", normalise_words(name))
}

struct WrittenDocument {
    id: i64,
    quotes: usize,
    quotes_linked: usize,
    events: usize,
    near_duplicate: bool,
    touched_quotes: Vec<i64>,
}

fn write_document(tx: &Transaction, doc: &Document, hash: &str) -> Result<WrittenDocument> {
    let text = Text::new(&doc.text);
    let date = document_date(doc);
    tx.execute(
        "INSERT OR IGNORE INTO sources (name) VALUES (?1)",
        [outlet(doc)],
    )?;
    let source: i64 = tx.query_row(
        "SELECT id FROM sources WHERE name = ?1",
        [outlet(doc)],
        |r| r.get(0),
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
    tx.execute(
        "INSERT INTO documents (doc_id, content_hash, source, source_path, source_record,
            source_url, source_format, title, published, dateline_place, dateline_date,
            dateline_agency, date, language, text, minhash, shingles, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18)",
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
    let id = tx.last_insert_rowid();
    let near_duplicate = match &fingerprint {
        Some(fingerprint) => link_near_duplicate(tx, id, fingerprint, date.as_deref())?,
        None => false,
    };
    let entities = write_entities(tx, id, doc, &text)?;
    let (quotes, quotes_linked, touched_quotes) =
        write_quotes(tx, id, doc, &text, &entities, date.as_deref())?;
    let events = write_events(tx, id, doc, &entities, date.as_deref())?;
    write_places_and_timexes(tx, id, doc)?;
    Ok(WrittenDocument {
        id,
        quotes,
        quotes_linked,
        events,
        near_duplicate,
        touched_quotes,
    })
}

/// Gives documents stored by a build without MinHash fingerprints their signature and band
/// keys (their near-duplicate clusters stay as they were found), in one transaction.
fn fingerprint_older_documents(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction()?;
    let older: Vec<(i64, String)> = tx
        .prepare("SELECT id, text FROM documents WHERE shingles IS NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, text) in older {
        let fingerprint = linking::Fingerprint::of(&text);
        tx.execute(
            "UPDATE documents SET minhash = ?1, shingles = ?2 WHERE id = ?3",
            params![
                fingerprint.as_ref().map(linking::Fingerprint::to_bytes),
                fingerprint.as_ref().map_or(0, |f| f.shingles),
                id
            ],
        )?;
        for key in fingerprint.iter().flat_map(linking::Fingerprint::band_keys) {
            tx.execute(
                "INSERT INTO document_bands (band, doc) VALUES (?1, ?2)",
                params![key, id],
            )?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Records document `id`'s MinHash bands and joins it to the cluster of the first stored
/// document that is the same article, keeping the earliest-dated member (ties: the first
/// stored) as the original.
fn link_near_duplicate(
    tx: &Transaction,
    id: i64,
    fingerprint: &linking::Fingerprint,
    date: Option<&str>,
) -> Result<bool> {
    let keys = fingerprint.band_keys();
    let mut candidates: Vec<i64> = Vec::new();
    {
        let mut lookup = tx.prepare_cached("SELECT doc FROM document_bands WHERE band = ?1")?;
        for key in &keys {
            for doc in lookup.query_map([key], |r| r.get::<_, i64>(0))? {
                candidates.push(doc?);
            }
        }
        let mut insert =
            tx.prepare_cached("INSERT INTO document_bands (band, doc) VALUES (?1, ?2)")?;
        for key in &keys {
            insert.execute(params![key, id])?;
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut original = None;
    let mut fetch = tx.prepare_cached(
        "SELECT minhash, shingles, coalesce(duplicate_of, id) FROM documents WHERE id = ?1",
    )?;
    for candidate in candidates.into_iter().filter(|&c| c != id) {
        let (bytes, shingles, cluster): (Vec<u8>, u32, i64) =
            fetch.query_row([candidate], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
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
    let original_date: Option<String> = tx.query_row(
        "SELECT date FROM documents WHERE id = ?1",
        [original],
        |r| r.get(0),
    )?;
    let new_is_earlier = match (date, original_date.as_deref()) {
        (Some(new), Some(old)) => new < old,
        (Some(_), None) => true,
        _ => false,
    };
    if new_is_earlier {
        tx.execute(
            "UPDATE documents SET duplicate_of = ?1 WHERE id = ?2 OR duplicate_of = ?2",
            params![id, original],
        )?;
    } else {
        tx.execute(
            "UPDATE documents SET duplicate_of = ?1 WHERE id = ?2",
            params![original, id],
        )?;
    }
    Ok(true)
}

/// A document's entity before storing: its index in the document, canonical name, label,
/// and mentions with their kind.
type LocalEntity<'a> = (
    usize,
    String,
    &'a str,
    Vec<(dateline_document::Span, String)>,
);

/// Stores the document's entities (unified with earlier documents by normalised canonical
/// name and label) and every mention. Returns the store id of each document entity index.
fn write_entities(
    tx: &Transaction,
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
                (e.id, e.canonical.clone(), e.label.as_str(), mentions)
            })
            .collect()
    };
    let mut ids = HashMap::new();
    let mut insert = tx.prepare_cached(
        "INSERT INTO entities (key, label, name) VALUES (?1, ?2, ?3)
         ON CONFLICT (key, label) DO UPDATE SET name = name RETURNING id",
    )?;
    let mut mention = tx.prepare_cached(
        "INSERT INTO mentions (doc, entity, start, end, kind, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (local, name, label, mentions) in records {
        let key = normalise_words(&name);
        if key.is_empty() {
            continue;
        }
        let entity: i64 = insert.query_row(params![key, label, name], |r| r.get(0))?;
        ids.insert(local, entity);
        for (span, kind) in mentions {
            mention.execute(params![
                doc_id,
                entity,
                span.start as i64,
                span.end as i64,
                kind,
                text.slice(Some((span.start, span.end))),
            ])?;
        }
    }
    Ok(ids)
}

/// Stores each quote as an occurrence of a quote record: an existing record when the
/// normalised text matches (same fingerprint with a compatible speaker, or one contained in
/// the other with the same speaker), else a new one.
fn write_quotes(
    tx: &Transaction,
    doc_id: i64,
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
        let record = match find_quote(tx, &key, &speaker_key)? {
            Some((id, stored)) => {
                linked += 1;
                // Keep the longest wording as the record's text; learn a speaker if unknown.
                if stored.is_contained_in(&key) && key.words() > stored.words() {
                    tx.execute(
                        "UPDATE quotes SET normalized = ?1, fingerprint = ?2, text = ?3, anchor = ?4
                         WHERE id = ?5",
                        params![key.stored(), key.fingerprint(), content, key.anchor(), id],
                    )?;
                    write_grams(tx, id, &key)?;
                }
                tx.execute(
                    "UPDATE quotes SET speaker_name = coalesce(speaker_name, ?1),
                        speaker_key = CASE speaker_key WHEN '' THEN ?2 ELSE speaker_key END,
                        speaker_entity = coalesce(speaker_entity, ?3),
                        date = CASE WHEN date IS NULL OR ?4 < date THEN ?4 ELSE date END
                     WHERE id = ?5",
                    params![speaker_name, speaker_key, speaker_entity, date, id],
                )?;
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO quotes (normalized, fingerprint, text, speaker_entity,
                        speaker_name, speaker_key, kind, date, anchor)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
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
                let id = tx.last_insert_rowid();
                write_grams(tx, id, &key)?;
                id
            }
        };
        let cue = text.slice(value.get("cue").and_then(span_of));
        let speaker_text = text.slice(value.get("speaker").and_then(span_of));
        let added = tx.execute(
            "INSERT OR IGNORE INTO quote_sources (quote, doc, start, end, text, speaker_text, cue,
                date, detail)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
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
        touched.push(record);
    }
    Ok((written, linked, touched))
}

/// The stored quote record this key belongs to, if any, with its stored key.
fn find_quote(
    tx: &Transaction,
    key: &QuoteKey,
    speaker_key: &str,
) -> Result<Option<(i64, QuoteKey)>> {
    let mut exact = tx.prepare_cached(
        "SELECT id, normalized FROM quotes WHERE fingerprint = ?1
           AND (speaker_key = ?2 OR speaker_key = '' OR ?2 = '')
         ORDER BY speaker_key = ?2 DESC, id LIMIT 1",
    )?;
    let found = exact
        .query_row(params![key.fingerprint(), speaker_key], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?;
    if let Some((id, stored)) = found {
        return Ok(Some((id, QuoteKey::from_stored(&stored))));
    }
    if speaker_key.is_empty() {
        return Ok(None);
    }
    // Containment candidates of the same speaker: stored quotes holding the new one's
    // anchor, and stored quotes whose anchor occurs in the new one.
    let mut candidates = Vec::new();
    if let Some(anchor) = key.anchor() {
        let mut containing =
            tx.prepare_cached("SELECT DISTINCT quote FROM quote_grams WHERE gram = ?1")?;
        for id in containing.query_map([anchor], |r| r.get::<_, i64>(0))? {
            candidates.push(id?);
        }
    }
    let mut contained = tx.prepare_cached("SELECT id FROM quotes WHERE anchor = ?1")?;
    for gram in key.grams() {
        for id in contained.query_map([gram], |r| r.get::<_, i64>(0))? {
            candidates.push(id?);
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut stored_key =
        tx.prepare_cached("SELECT normalized FROM quotes WHERE id = ?1 AND speaker_key = ?2")?;
    for id in candidates {
        let Some(stored) = stored_key
            .query_row(params![id, speaker_key], |r| r.get::<_, String>(0))
            .optional()?
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
fn write_grams(tx: &Transaction, id: i64, key: &QuoteKey) -> Result<()> {
    tx.execute("DELETE FROM quote_grams WHERE quote = ?1", [id])?;
    let mut insert = tx.prepare_cached("INSERT INTO quote_grams (gram, quote) VALUES (?1, ?2)")?;
    for gram in key.grams() {
        insert.execute(params![gram, id])?;
    }
    Ok(())
}

fn write_events(
    tx: &Transaction,
    doc_id: i64,
    doc: &Document,
    entities: &HashMap<usize, i64>,
    date: Option<&str>,
) -> Result<usize> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO events (doc, plover, cameo, date, source_name, source_entity, target_name,
            target_entity, place, lat, lon, start, end, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for event in &doc.events {
        let value = serde_json::to_value(event)?;
        let actor = |role: &str| {
            let actor = value.get(role);
            let name = actor.and_then(|a| str_of(a, "name"));
            let entity = actor
                .and_then(|a| a.get("entity"))
                .and_then(Value::as_u64)
                .and_then(|i| entities.get(&(i as usize)).copied());
            (name, entity)
        };
        let (source_name, source_entity) = actor("source");
        let (target_name, target_entity) = actor("target");
        let location = value.get("location");
        let coordinate = |key: &str| location.and_then(|l| l.get(key)).and_then(Value::as_f64);
        let sentence = value.get("sentence").and_then(span_of);
        insert.execute(params![
            doc_id,
            str_of(&value, "plover"),
            str_of(&value, "cameo"),
            str_of(&value, "date").or(date.map(str::to_string)),
            source_name,
            source_entity,
            target_name,
            target_entity,
            location.and_then(|l| str_of(l, "name")),
            coordinate("lat"),
            coordinate("lon"),
            sentence.map(|s| s.0 as i64),
            sentence.map(|s| s.1 as i64),
            value.to_string(),
        ])?;
    }
    Ok(doc.events.len())
}

fn write_places_and_timexes(tx: &Transaction, doc_id: i64, doc: &Document) -> Result<()> {
    use rusqlite::types::Value as Sql;
    write_spanned(
        tx,
        "places",
        &["name", "geonameid", "country", "lat", "lon"],
        doc_id,
        &doc.places,
        |v| {
            let number = |key: &str| v.get(key).and_then(Value::as_f64);
            vec![
                Sql::from(str_of(v, "name")),
                Sql::from(v.get("geonameid").and_then(Value::as_i64)),
                Sql::from(str_of(v, "country")),
                Sql::from(number("lat")),
                Sql::from(number("lon")),
            ]
        },
    )?;
    write_spanned(
        tx,
        "timexes",
        &["type", "value"],
        doc_id,
        &doc.timexes,
        |v| vec![Sql::from(str_of(v, "type")), Sql::from(str_of(v, "value"))],
    )
}

/// Inserts one row per item into `table`: the document, the item's span, the `columns`
/// that `fields` picks out of its serialised form, and that form as `detail`.
fn write_spanned<T: serde::Serialize>(
    tx: &Transaction,
    table: &str,
    columns: &[&str],
    doc_id: i64,
    items: &[T],
    fields: impl Fn(&Value) -> Vec<rusqlite::types::Value>,
) -> Result<()> {
    use rusqlite::types::Value as Sql;
    let placeholders: Vec<String> = (1..=columns.len() + 4).map(|i| format!("?{i}")).collect();
    let mut insert = tx.prepare_cached(&format!(
        "INSERT INTO {table} (doc, start, end, {}, detail) VALUES ({})",
        columns.join(", "),
        placeholders.join(", ")
    ))?;
    for item in items {
        let value = serde_json::to_value(item)?;
        let span = value.get("span").and_then(span_of);
        let mut row = vec![
            Sql::from(doc_id),
            Sql::from(span.map(|s| s.0 as i64)),
            Sql::from(span.map(|s| s.1 as i64)),
        ];
        row.extend(fields(&value));
        row.push(Sql::from(value.to_string()));
        insert.execute(rusqlite::params_from_iter(row))?;
    }
    Ok(())
}

fn sql_to_json(value: rusqlite::types::Value) -> Value {
    use rusqlite::types::Value as Sql;
    match value {
        Sql::Null => Value::Null,
        Sql::Integer(i) => Value::from(i),
        Sql::Real(f) => Value::from(f),
        Sql::Text(s) => Value::from(s),
        Sql::Blob(b) => Value::from(b.iter().map(|x| format!("{x:02x}")).collect::<String>()),
    }
}

impl Store for EmbeddedStore {
    fn write_batch(&mut self, docs: &[Document]) -> Result<BatchOutcome> {
        // The commit payload (highest document id indexed) is only right if no other
        // process adds documents between our SQLite and index commits: lock first.
        self.index.lock().map_err(|e| match e {
            StoreError::Index(tantivy::TantivyError::LockFailure(..)) => StoreError::Invalid(
                format!("{} is being written by another process", self.dir.display()),
            ),
            other => other,
        })?;
        let (outcome, new_docs, quotes) = self.write_records(docs)?;
        if !new_docs.is_empty() {
            let through = self.max_document_id()?;
            self.index_records(&new_docs, &quotes, through)?;
        }
        Ok(outcome)
    }

    fn has_content(&self, hash: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM documents WHERE content_hash = ?1)",
            [hash],
            |r| r.get(0),
        )?)
    }

    fn content_hashes(&self) -> Result<HashSet<String>> {
        let mut stmt = self.conn.prepare("SELECT content_hash FROM documents")?;
        let hashes = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(hashes)
    }

    fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>> {
        // Near-duplicates fold into their best-ranked copy, so ask the index for more than
        // `limit`, and for more again while folding leaves the page short.
        let mut wide = query.limit.max(1).saturating_mul(4);
        loop {
            let (hits, exhausted) = self.search_folded(query, wide)?;
            if hits.len() >= query.limit || exhausted || wide >= MAX_SEARCH_WINDOW {
                return Ok(hits);
            }
            wide = wide.saturating_mul(4);
        }
    }

    fn quotes_by_speaker(&self, speaker: &str, limit: usize) -> Result<Vec<QuoteRecord>> {
        let ids: Vec<i64> = self
            .conn
            .prepare(
                "SELECT id FROM quotes WHERE ' ' || speaker_key || ' ' LIKE ?1
                 ORDER BY coalesce(date, '9999'), id LIMIT ?2",
            )?
            .query_map(params![word_pattern(speaker), limit as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.quote_record(id)).collect()
    }

    fn timeline(&self, entity: &str, limit: usize) -> Result<Vec<TimelineEntry>> {
        let sql = "WITH matched AS (SELECT id FROM entities WHERE ' ' || key || ' ' LIKE ?1)
             SELECT date, kind, summary, doc FROM (
                SELECT q.date AS date, 'quote' AS kind, q.text AS summary, min(qs.doc) AS doc
                FROM quotes q JOIN quote_sources qs ON qs.quote = q.id
                WHERE q.speaker_entity IN matched OR ' ' || q.speaker_key || ' ' LIKE ?1
                GROUP BY q.id
                UNION ALL
                SELECT e.date, 'event',
                    coalesce(e.source_name, '-') || ' ' || coalesce(e.cameo, '') || ' ' ||
                    coalesce(e.target_name, '-') || coalesce(' (' || e.plover || ')', '') ||
                    coalesce(' in ' || e.place, ''),
                    e.doc
                FROM events e
                WHERE e.source_entity IN matched OR e.target_entity IN matched)
             ORDER BY date IS NULL, date, doc LIMIT ?2";
        let rows: Vec<(Option<String>, String, String, i64)> = self
            .conn
            .prepare(sql)?
            .query_map(params![word_pattern(entity), limit as i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut label = self
            .conn
            .prepare_cached(&format!("SELECT {LABEL_SQL} FROM documents WHERE id = ?1"))?;
        rows.into_iter()
            .map(|(date, kind, summary, document)| {
                Ok(TimelineEntry {
                    date,
                    kind,
                    summary,
                    document,
                    source: label.query_row([document], |r| r.get(0))?,
                })
            })
            .collect()
    }

    fn export(
        &self,
        what: ExportKind,
        visit: &mut dyn FnMut(ExportRow) -> Result<()>,
    ) -> Result<usize> {
        let columns = what.columns().len();
        let mut stmt = self.conn.prepare(what.sql())?;
        let mut rows = stmt.query([])?;
        let mut count = 0;
        while let Some(row) = rows.next()? {
            let values = (0..columns)
                .map(|i| row.get::<_, rusqlite::types::Value>(i).map(sql_to_json))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            visit(values)?;
            count += 1;
        }
        Ok(count)
    }

    fn check(&self) -> Result<IntegrityReport> {
        let mut report = IntegrityReport::default();
        let verdicts: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if verdicts != ["ok"] {
            report
                .problems
                .extend(verdicts.into_iter().map(|v| format!("sqlite: {v}")));
        }
        let violations: i64 =
            self.conn
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
        if violations > 0 {
            report
                .problems
                .push(format!("{violations} rows reference missing records"));
        }
        let count = |table: &str| -> Result<i64> {
            Ok(self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        };
        report.documents = count("documents")?;
        report.quotes = count("quotes")?;
        report.events = count("events")?;
        report.entities = count("entities")?;
        report.mentions = count("mentions")?;
        report.quote_sources = count("quote_sources")?;
        report.places = count("places")?;
        report.timexes = count("timexes")?;
        report.indexed_documents = self.index.num_entries("document")?;
        if report.indexed_documents != report.documents as u64 {
            report.problems.push(format!(
                "{} documents stored but {} in the search index",
                report.documents, report.indexed_documents
            ));
        }
        let indexed_quotes = self.index.num_entries("quote")?;
        if indexed_quotes != report.quotes as u64 {
            report.problems.push(format!(
                "{} quotes stored but {indexed_quotes} in the search index",
                report.quotes
            ));
        }
        let orphans = count("quotes WHERE id NOT IN (SELECT quote FROM quote_sources)")?;
        if orphans > 0 {
            report
                .problems
                .push(format!("{orphans} quote records without a source"));
        }
        Ok(report)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{write_export, ExportFormat};
    use dateline_document::{
        EntityLabel, EntityMention, EntityRecord, MentionKind, Metadata, Quote, QuoteKind, Source,
        Span,
    };

    /// Code-point span of the first occurrence of `needle` in `text`.
    fn find(text: &str, needle: &str) -> Span {
        let byte = text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in text"));
        let start = text[..byte].chars().count();
        Span::new(start, start + needle.chars().count())
    }

    /// A document from `path` with one PER entity (`speaker`) and a direct quote by it for
    /// each of `quotes` (each must occur in `text`).
    fn doc(path: &str, date: &str, text: &str, speaker: &str, quotes: &[&str]) -> Document {
        let speaker_span = find(text, speaker);
        let source = Source {
            path: path.into(),
            format: "text".into(),
            ..Default::default()
        };
        Document {
            id: Document::compute_id(&source, text),
            source,
            meta: Metadata {
                title: Some(text.lines().next().unwrap_or_default().to_string()),
                published: Some(date.into()),
                ..Default::default()
            },
            text: text.into(),
            entities: vec![EntityRecord {
                id: 0,
                canonical: speaker.into(),
                label: EntityLabel::Per,
                mentions: vec![EntityMention {
                    span: speaker_span,
                    kind: MentionKind::Name,
                }],
            }],
            quotes: quotes
                .iter()
                .map(|q| Quote {
                    span: find(text, q),
                    parts: vec![],
                    kind: QuoteKind::Direct,
                    cue: Some(find(text, "said")),
                    cue_lemma: Some("say".into()),
                    speaker: Some(speaker_span),
                    speaker_entity: Some(0),
                    speaker_name: Some(speaker.into()),
                    speaker_affiliation: None,
                    speaker_explicit: true,
                    anonymous: false,
                    confidence: 0.9,
                    sentence: Span::new(0, text.chars().count()),
                })
                .collect(),
            ..Default::default()
        }
    }

    pub(crate) const QUOTE: &str = "Those who don’t surrender will be destroyed";

    pub(crate) fn tass() -> Document {
        doc(
            "tass.txt",
            "2022-01-07",
            "Tokayev orders troops to fire\n\nKassym-Jomart Tokayev said: “Those who don’t surrender will be destroyed.” The capital was calm.",
            "Kassym-Jomart Tokayev",
            &[QUOTE],
        )
    }

    pub(crate) fn reuters() -> Document {
        doc(
            "reuters.txt",
            "2022-01-08",
            "Kazakh leader vows to destroy rebels\n\nIn a televised address, Kassym-Jomart Tokayev said those who \"don't surrender will be destroyed\", as protests spread.",
            "Kassym-Jomart Tokayev",
            &["those who \"don't surrender will be destroyed"],
        )
    }

    pub(crate) fn other_speaker() -> Document {
        doc(
            "other.txt",
            "2022-01-09",
            "Minister speaks on gas prices\n\nAlikhan Smailov said prices for liquefied gas will be lowered across the country.",
            "Alikhan Smailov",
            &["prices for liquefied gas will be lowered across the country"],
        )
    }

    pub(crate) fn open(dir: &Path) -> EmbeddedStore {
        EmbeddedStore::open(dir).unwrap()
    }

    #[test]
    fn round_trip_and_idempotent_reingest() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        let outcome = store.write_batch(&[tass(), other_speaker()]).unwrap();
        assert_eq!((outcome.added, outcome.skipped, outcome.quotes), (2, 0, 2));
        assert!(store.has_content(&content_hash(&tass())).unwrap());
        assert!(!store.has_content(&content_hash(&reuters())).unwrap());
        drop(store);

        let mut store = open(dir.path());
        let again = store
            .write_batch(&[tass(), other_speaker(), tass()])
            .unwrap();
        assert_eq!((again.added, again.skipped), (0, 3));
        let report = store.check().unwrap();
        assert!(report.is_ok(), "{:?}", report.problems);
        assert_eq!((report.documents, report.quotes), (2, 2));
        assert_eq!(report.indexed_documents, 2);
        // Records keep their evidence: the mention text is the span's text.
        let mention: String = store
            .conn
            .query_row(
                "SELECT text FROM mentions ORDER BY rowid LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(mention, "Kassym-Jomart Tokayev");
    }

    #[test]
    fn same_quote_from_two_outlets_is_one_record() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        store.write_batch(&[tass()]).unwrap();
        let outcome = store.write_batch(&[reuters(), other_speaker()]).unwrap();
        assert_eq!(outcome.quotes_linked, 1);
        let quotes = store.quotes_by_speaker("Tokayev", 10).unwrap();
        assert_eq!(quotes.len(), 1);
        let quote = &quotes[0];
        assert_eq!(quote.sources.len(), 2);
        // The fuller wording is kept, and the earliest date.
        assert_eq!(quote.text, QUOTE);
        assert_eq!(quote.date.as_deref(), Some("2022-01-07"));
        assert_eq!(quote.sources[1].source, "reuters.txt");
        assert!(
            store.quotes_by_speaker("Smailov", 10).unwrap()[0]
                .sources
                .len()
                == 1
        );
        assert!(store.quotes_by_speaker("Tok", 10).unwrap().is_empty());
        // The entity is one record across both documents.
        let entities: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM entities WHERE label = 'PER'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(entities, 2);
        let timeline = store.timeline("Tokayev", 10).unwrap();
        assert_eq!(timeline.len(), 1);
        assert_eq!(timeline[0].kind, "quote");
    }

    #[test]
    fn ellipsised_trimmed_and_extended_quotes_join_one_record() {
        let speaker = "Kassym-Jomart Tokayev";
        let elided = "Those who don't surrender … will be destroyed";
        let trimmed = "who don’t surrender will be destroyed";
        let longer = "Those who don't surrender will be destroyed, and the order has been given";
        let docs = [
            doc(
                "a.txt",
                "2022-01-09",
                &format!("A\n\n“{elided},” {speaker} said."),
                speaker,
                &[elided],
            ),
            doc(
                "b.txt",
                "2022-01-10",
                &format!("B\n\n{speaker} said rebels {trimmed}."),
                speaker,
                &[trimmed],
            ),
            doc(
                "c.txt",
                "2022-01-11",
                &format!("C\n\n“{longer},” {speaker} said."),
                speaker,
                &[longer],
            ),
        ];
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        store.write_batch(&[tass()]).unwrap();
        let outcome = store.write_batch(&docs).unwrap();
        assert_eq!(outcome.quotes_linked, 3);
        let quotes = store.quotes_by_speaker("Tokayev", 10).unwrap();
        assert_eq!(quotes.len(), 1);
        assert_eq!(quotes[0].sources.len(), 4);
        assert_eq!(quotes[0].text, longer);
        // The same words from another speaker stay a separate record.
        let other = doc(
            "d.txt",
            "2022-01-12",
            &format!("D\n\nAlikhan Smailov said {trimmed}."),
            "Alikhan Smailov",
            &[trimmed],
        );
        assert_eq!(store.write_batch(&[other]).unwrap().quotes_linked, 0);
        assert_eq!(store.check().unwrap().quotes, 2);
    }

    #[test]
    fn search_finds_words_and_filters_by_speaker_and_date() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        store
            .write_batch(&[tass(), reuters(), other_speaker()])
            .unwrap();
        let query = |text: &str| SearchQuery {
            text: text.into(),
            limit: 10,
            ..Default::default()
        };
        let hits = store.search(&query("televised")).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].kind, HitKind::Document);
        assert_eq!(hits[0].source, "reuters.txt");
        assert!(hits[0].marked_snippet("[", "]").contains("[televised]"));

        let hits = store.search(&query("surrender")).unwrap();
        assert_eq!(hits.len(), 3, "two documents and one quote record");
        let by_speaker = SearchQuery {
            speaker: Some("Tokayev".into()),
            ..query("surrender")
        };
        let hits = store.search(&by_speaker).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].kind, HitKind::Quote);
        assert_eq!(hits[0].title.as_deref(), Some("Kassym-Jomart Tokayev"));
        let wrong_speaker = SearchQuery {
            speaker: Some("Smailov".into()),
            ..query("surrender")
        };
        assert!(store.search(&wrong_speaker).unwrap().is_empty());
        let dated = SearchQuery {
            from: Some("2022-01-08".into()),
            to: Some("2022-01-08".into()),
            ..query("surrender")
        };
        let hits = store.search(&dated).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].source, "reuters.txt");
        let by_entity = SearchQuery {
            entity: Some("Smailov".into()),
            ..query("gas")
        };
        assert_eq!(store.search(&by_entity).unwrap().len(), 2);
    }

    #[test]
    fn reopening_reindexes_what_a_crash_left_out_of_the_index() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        store.write_batch(&[tass()]).unwrap();
        // As if killed after the SQLite commit and before the index commit.
        store
            .write_records_only(&[reuters(), other_speaker()])
            .unwrap();
        let report = store.check().unwrap();
        assert!(!report.is_ok());
        assert_eq!(report.indexed_documents, 1);
        drop(store);

        let store = open(dir.path());
        let report = store.check().unwrap();
        assert!(report.is_ok(), "{:?}", report.problems);
        assert_eq!(report.indexed_documents, 3);
        let hits = store
            .search(&SearchQuery {
                text: "liquefied".into(),
                limit: 10,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(hits.len(), 2, "the document and its quote");
        drop(store);
        // A second reopen has nothing left to do and adds no duplicate entries.
        let mut store = open(dir.path());
        assert_eq!(store.reconcile().unwrap(), 0);
        assert_eq!(store.check().unwrap().indexed_documents, 3);
    }

    #[test]
    fn documents_stored_before_fingerprints_get_them_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let text = crate::linking::tests::sample_article("GUM_news_afghan.txt");
        {
            let conn = Connection::open(dir.path().join(crate::RECORDS_FILE)).unwrap();
            conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute("INSERT INTO sources (name) VALUES ('wire')", [])
                .unwrap();
            conn.execute(
                "INSERT INTO documents (doc_id, content_hash, source, source_path,
                    source_format, text, detail) VALUES ('d', 'h', 1, 'd.txt', 'text', ?1, '{}')",
                [&text],
            )
            .unwrap();
        }
        let store = EmbeddedStore::open(dir.path()).unwrap();
        let (shingles, bands): (i64, i64) = store
            .conn
            .query_row(
                "SELECT shingles, (SELECT count(*) FROM document_bands) FROM documents",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let expected = linking::Fingerprint::of(&text).unwrap();
        assert_eq!(shingles, i64::from(expected.shingles));
        assert_eq!(bands as usize, expected.band_keys().len());
    }

    #[test]
    fn near_duplicates_point_at_the_earliest_copy() {
        // The same article under two headlines, the later one with its last paragraph cut.
        let body = crate::linking::tests::sample_article("GUM_news_afghan.txt");
        let (rest, _last) = body.trim_end().rsplit_once("\n\n").unwrap();
        let later = doc(
            "b.txt",
            "2022-07-22",
            &format!("Robots\n\n{rest}"),
            "Afghan",
            &[],
        );
        let earlier = doc(
            "a.txt",
            "2022-07-21",
            &format!("Girls win\n\n{body}"),
            "Afghan",
            &[],
        );
        let unrelated = other_speaker();
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        let first = store.write_batch(&[later, unrelated]).unwrap();
        assert_eq!(first.near_duplicates, 0);
        let second = store.write_batch(&[earlier]).unwrap();
        assert_eq!(second.near_duplicates, 1);
        // Search shows the cluster once, with the other copy folded in.
        let hits = store
            .search(&SearchQuery {
                text: "robotics".into(),
                limit: 10,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].copies, 1);
        let pointers: Vec<(String, Option<i64>)> = store
            .conn
            .prepare("SELECT source_path, duplicate_of FROM documents ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            pointers,
            vec![
                ("b.txt".to_string(), Some(3)),
                ("other.txt".to_string(), None),
                ("a.txt".to_string(), None),
            ]
        );
    }

    #[test]
    fn exports_csv_with_header_and_one_row_per_record() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        store
            .write_batch(&[tass(), reuters(), other_speaker()])
            .unwrap();
        let mut out = Vec::new();
        let n = write_export(&store, ExportKind::Quotes, ExportFormat::Csv, &mut out).unwrap();
        assert_eq!(n, 2);
        let csv = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "id,speaker,speaker_entity,kind,date,text,sources,documents"
        );
        assert_eq!(lines.len(), 3);
        assert!(lines[1].starts_with("1,Kassym-Jomart Tokayev,1,direct,2022-01-07,"));
        assert!(lines[1].ends_with(",2,1;2"), "{}", lines[1]);
        let mut out = Vec::new();
        let n = write_export(&store, ExportKind::Entities, ExportFormat::Jsonl, &mut out).unwrap();
        assert_eq!(n, 2);
        let first: Value =
            serde_json::from_slice(out.split(|b| *b == b'\n').next().unwrap()).unwrap();
        assert_eq!(first["name"], "Kassym-Jomart Tokayev");
        assert_eq!(first["documents"], 2);
    }

    #[test]
    fn a_second_writer_is_refused_before_writing_records() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = open(dir.path());
        first.write_batch(&[tass()]).unwrap();
        let mut second = open(dir.path());
        let err = second.write_batch(&[reuters()]).unwrap_err();
        assert!(err.to_string().contains("another process"), "{err}");
        assert_eq!(second.check().unwrap().documents, 1);
        drop(first);
        assert_eq!(second.write_batch(&[reuters()]).unwrap().added, 1);
    }

    #[test]
    fn integrity_check_reports_a_damaged_index_link() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        store.write_batch(&[tass()]).unwrap();
        assert!(store.check().unwrap().is_ok());
        // A quote record left without a source is reported.
        store.conn.execute("DELETE FROM quote_sources", []).unwrap();
        let report = store.check().unwrap();
        assert!(report
            .problems
            .iter()
            .any(|p| p.contains("quote records without a source")));
    }
}
