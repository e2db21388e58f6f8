//! SQLite schema and its migrations. `PRAGMA user_version` holds the number of migrations
//! applied; opening a store applies the missing ones in one transaction each.
//!
//! Every record that comes from text keeps its evidence: code-point spans into the
//! document's text (`start`, `end`), and the layer's full serialised form in `detail` (JSON),
//! so fields added to a layer later are stored without a migration.

use crate::{Result, StoreError};
use rusqlite::Connection;

/// Migration `i` takes the schema from version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    -- The outlet: site name, else the dateline's agency, else the URL's host, else the input format.
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    source INTEGER NOT NULL REFERENCES sources(id),
    source_path TEXT NOT NULL,
    source_record INTEGER,
    source_url TEXT,
    source_format TEXT NOT NULL,
    title TEXT,
    published TEXT,
    dateline_place TEXT,
    dateline_date TEXT,
    dateline_agency TEXT,
    -- The date records of this document default to: dateline date, else publication date.
    date TEXT,
    language TEXT,
    text TEXT NOT NULL,
    simhash INTEGER,
    band0 INTEGER, band1 INTEGER, band2 INTEGER, band3 INTEGER,
    -- The earliest document of its near-duplicate cluster; NULL for an original.
    duplicate_of INTEGER REFERENCES documents(id),
    -- Metadata, blocks, dateline and warnings as the Document serialises them.
    detail TEXT NOT NULL
);
CREATE INDEX documents_band0 ON documents(band0);
CREATE INDEX documents_band1 ON documents(band1);
CREATE INDEX documents_band2 ON documents(band2);
CREATE INDEX documents_band3 ON documents(band3);
CREATE INDEX documents_date ON documents(date);
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    -- normalise_words(canonical name): the cross-document identity, with the label.
    key TEXT NOT NULL,
    label TEXT NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (key, label)
);
CREATE TABLE mentions (
    doc INTEGER NOT NULL REFERENCES documents(id),
    entity INTEGER NOT NULL REFERENCES entities(id),
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions(doc);
CREATE INDEX mentions_entity ON mentions(entity);
CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    -- QuoteKey: stored pieces and fingerprint of the longest text seen.
    normalized TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    text TEXT NOT NULL,
    speaker_entity INTEGER REFERENCES entities(id),
    speaker_name TEXT,
    -- normalise_words(speaker_name), '' when unknown: quotes only link within one speaker.
    speaker_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    date TEXT,
    -- QuoteKey::anchor: finds the stored quotes contained in a new one.
    anchor INTEGER
);
CREATE INDEX quotes_fingerprint ON quotes(fingerprint);
CREATE INDEX quotes_anchor ON quotes(anchor);
-- QuoteKey::grams of each record: finds the stored quotes that contain a new one.
CREATE TABLE quote_grams (
    gram INTEGER NOT NULL,
    quote INTEGER NOT NULL REFERENCES quotes(id)
);
CREATE INDEX quote_grams_gram ON quote_grams(gram);
CREATE INDEX quote_grams_quote ON quote_grams(quote);
CREATE INDEX quotes_speaker ON quotes(speaker_key);
CREATE TABLE quote_sources (
    quote INTEGER NOT NULL REFERENCES quotes(id),
    doc INTEGER NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    speaker_text TEXT,
    cue TEXT,
    date TEXT,
    -- The Quote as serialised: cue, speaker and sentence spans, parts, confidence.
    detail TEXT NOT NULL,
    PRIMARY KEY (doc, start, end)
);
CREATE INDEX quote_sources_quote ON quote_sources(quote);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL REFERENCES documents(id),
    plover TEXT,
    cameo TEXT,
    date TEXT,
    source_name TEXT,
    source_entity INTEGER REFERENCES entities(id),
    target_name TEXT,
    target_entity INTEGER REFERENCES entities(id),
    place TEXT,
    lat REAL,
    lon REAL,
    start INTEGER,
    end INTEGER,
    -- The Event as serialised: actor codes and spans, trigger, flags, confidence.
    detail TEXT NOT NULL
);
CREATE INDEX events_doc ON events(doc);
CREATE INDEX events_source ON events(source_entity);
CREATE INDEX events_target ON events(target_entity);
CREATE TABLE places (
    doc INTEGER NOT NULL REFERENCES documents(id),
    start INTEGER,
    end INTEGER,
    name TEXT,
    geonameid INTEGER,
    country TEXT,
    lat REAL,
    lon REAL,
    detail TEXT NOT NULL
);
CREATE INDEX places_doc ON places(doc);
CREATE TABLE timexes (
    doc INTEGER NOT NULL REFERENCES documents(id),
    start INTEGER,
    end INTEGER,
    type TEXT,
    value TEXT,
    detail TEXT NOT NULL
);
CREATE INDEX timexes_doc ON timexes(doc);
"#,
    r#"
-- Near-duplicates by MinHash containment instead of SimHash distance (which missed most
-- edited reprints): a signature per document and its LSH band keys, looked up by key.
DROP INDEX documents_band0;
DROP INDEX documents_band1;
DROP INDEX documents_band2;
DROP INDEX documents_band3;
ALTER TABLE documents DROP COLUMN band0;
ALTER TABLE documents DROP COLUMN band1;
ALTER TABLE documents DROP COLUMN band2;
ALTER TABLE documents DROP COLUMN band3;
ALTER TABLE documents DROP COLUMN simhash;
-- Little-endian u32 minhashes and the number of distinct shingles; NULL for short texts.
ALTER TABLE documents ADD COLUMN minhash BLOB;
ALTER TABLE documents ADD COLUMN shingles INTEGER;
CREATE TABLE document_bands (
    band INTEGER NOT NULL,
    doc INTEGER NOT NULL REFERENCES documents(id)
);
CREATE INDEX document_bands_band ON document_bands(band);
"#,
    r#"
-- Read paths of browsing and search that scanned whole tables (EXPLAIN QUERY PLAN):
-- a speaker's quotes; covering (key, value) indexes where only the value is read, so no
-- row is fetched (quote -> its documents, entity -> its documents); documents by outlet.
CREATE INDEX quotes_speaker_entity ON quotes(speaker_entity);
DROP INDEX quote_sources_quote;
CREATE INDEX quote_sources_quote_doc ON quote_sources(quote, doc);
DROP INDEX mentions_entity;
CREATE INDEX mentions_entity_doc ON mentions(entity, doc);
CREATE INDEX documents_source ON documents(source);
-- A document's near-duplicate cluster without reading its row: `duplicate_of` sits after
-- the text, so reading it from the row walks the text's overflow pages.
CREATE INDEX documents_cluster ON documents(id, duplicate_of);
-- The orders lists are shown in (newest documents first, events by date), as expressions
-- so that a page is read off the index instead of sorting the whole table.
CREATE INDEX documents_newest ON documents(date IS NULL, date DESC, id DESC);
CREATE INDEX events_by_date ON events(date IS NULL, date, id);
"#,
    r#"
-- Facet counts over a search's documents read (document, value) pairs off covering
-- indexes instead of fetching each mention, event and quote source row.
DROP INDEX mentions_doc;
CREATE INDEX mentions_doc_entity ON mentions(doc, entity);
DROP INDEX events_doc;
CREATE INDEX events_doc_plover ON events(doc, plover);
CREATE INDEX quote_sources_doc_quote ON quote_sources(doc, quote);
-- A document's cluster, outlet and date (all before or after the text in the row).
DROP INDEX documents_cluster;
CREATE INDEX documents_cluster ON documents(id, duplicate_of, source, date);
"#,
    r#"
-- A quote's sources in the order they are shown: the first few of a reprinted quote
-- without reading and sorting all of its rows.
CREATE INDEX quote_sources_by_date ON quote_sources(quote, (coalesce(date, '9999')), doc);
"#,
    r#"
-- Events across reports (event_links.rs). Each row stays one report of an event, with its
-- document and evidence; `same_as` is the first report of the same event (the row that
-- stands for the merged event record), NULL for a first report. A new report finds its
-- record by `merge_key` (type, CAMEO root, actors, place) and `day` (days since 1970) with
-- one index lookup; `approximate` is 1 when the date is the document's rather than the
-- sentence's own. Events stored before this migration have no key: each stays its own
-- record, and later reports of them start a new one.
ALTER TABLE events ADD COLUMN same_as INTEGER REFERENCES events(id);
ALTER TABLE events ADD COLUMN merge_key TEXT;
ALTER TABLE events ADD COLUMN day INTEGER;
ALTER TABLE events ADD COLUMN approximate INTEGER;
-- What the GDELT- and ACLED-like export reads without parsing `detail`: PLOVER mode, actor
-- codes, the place's gazetteer entry and country.
ALTER TABLE events ADD COLUMN mode TEXT;
ALTER TABLE events ADD COLUMN source_code TEXT;
ALTER TABLE events ADD COLUMN target_code TEXT;
ALTER TABLE events ADD COLUMN geonameid INTEGER;
ALTER TABLE events ADD COLUMN country TEXT;
-- Only first reports are looked up (a report joins the record its first report dated), so
-- only they are indexed; `same_as` (always NULL here) and `approximate` are in the index so
-- the lookup reads no row.
CREATE INDEX events_merge ON events(merge_key, same_as, day, approximate)
    WHERE same_as IS NULL AND merge_key IS NOT NULL;
CREATE INDEX events_same_as ON events(same_as, doc);
"#,
    r#"
-- Near-duplicate candidates read off the index: a band's documents without fetching each
-- (band, doc) row, which made every new copy of a story cost one row read per earlier copy.
DROP INDEX document_bands_band;
CREATE INDEX document_bands_band ON document_bands(band, doc);
"#,
    r#"
-- Opening a store looks for documents stored before fingerprints existed (to fill theirs
-- in); without an index that read the whole documents table, texts and all, on every open:
-- 7 s for 100,000 documents when they were not in the OS cache.
CREATE INDEX documents_unfingerprinted ON documents(id) WHERE shingles IS NULL;
"#,
    r#"
-- Who is quoted, by gender (the Gender Gap Tracker's question). Each document's own
-- evidence for a person is kept, the basis with it (`pronoun`, `title`, `first_name`: the
-- text's he/she, a gendered title, a first name from a list); `entities.gender` is what
-- the evidence of all documents says together (GenderEvidence::prevailing), kept up to
-- date as documents arrive so that counts by gender are plain joins. Entities stored
-- before this migration have no evidence until a document about them arrives.
CREATE TABLE entity_genders (
    entity INTEGER NOT NULL REFERENCES entities(id),
    doc INTEGER NOT NULL REFERENCES documents(id),
    gender TEXT NOT NULL,
    basis TEXT NOT NULL,
    PRIMARY KEY (entity, doc)
);
ALTER TABLE entities ADD COLUMN gender TEXT;
ALTER TABLE entities ADD COLUMN gender_basis TEXT;
"#,
];

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies the migrations the database lacks. A database from a newer build is refused
/// rather than written with an older understanding of its tables.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if current > VERSION {
        return Err(StoreError::Invalid(format!(
            "store schema version {current} is newer than this build understands ({VERSION})"
        )));
    }
    for (version, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version as i64 + 1)?;
        tx.commit()?;
    }
    if current < VERSION {
        // A migration that builds indexes leaves hundreds of megabytes in the write-ahead
        // log, and every page read then looks the log up first: fold it into the database.
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    }
    Ok(())
}

/// The steps SQLite's planner chooses for `sql` (the `detail` column of `EXPLAIN QUERY
/// PLAN`), for tests that an index serves a query.
#[cfg(test)]
pub(crate) fn query_plan(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Vec<String> {
    conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap()
        .query_map(params, |r| r.get(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once_and_refuses_newer_schemas() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, VERSION);
        conn.pragma_update(None, "user_version", VERSION + 1)
            .unwrap();
        assert!(migrate(&mut conn).is_err());
    }

    #[test]
    fn opening_finds_unfingerprinted_documents_without_a_table_scan() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        let plan = query_plan(
            &conn,
            "SELECT id, text FROM documents WHERE shingles IS NULL",
            [],
        );
        assert!(
            plan.iter()
                .any(|step| step.contains("documents_unfingerprinted")),
            "{plan:?}"
        );
    }
}
