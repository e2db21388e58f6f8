//! The embedded backend: SQLite (WAL, foreign keys) for records and tantivy for search, in
//! one directory: `records.sqlite` and the index directory ([`crate::index::INDEX_DIR`]).

use crate::checkpoint::{Checkpointer, WRITER_AUTOCHECKPOINT_PAGES};
use crate::export::ExportKind;
use crate::index::{Entry, SearchIndex, INDEX_DIR, OLDER_INDEX_DIRS};
use crate::{
    linking, normalise_words, records, schema, BatchOutcome, ExportRow, HitKind, IntegrityReport,
    QuoteRecord, Result, SearchHit, SearchQuery, Store, StoreError, TimelineEntry,
};
use dateline_document::Document;
use rusqlite::{params, Connection};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Documents re-indexed per commit when the index is rebuilt or caught up after a crash.
const REINDEX_CHUNK: usize = 10_000;

/// SQL for a document's source label, as `Source::label` writes it.
pub(crate) const LABEL_SQL: &str = "source_path || coalesce('#' || source_record, '')";

pub struct EmbeddedStore {
    dir: PathBuf,
    /// Started by the first write; stores opened only to read never start one. Declared
    /// before `conn` so that it closes first and the writer's close ends the WAL.
    checkpointer: Option<Checkpointer>,
    conn: Connection,
    index: SearchIndex,
}

impl EmbeddedStore {
    /// Opens (creating if needed) the store in `dir`, applies schema migrations and
    /// re-indexes any documents a crash left out of the search index.
    pub fn open(dir: &Path) -> Result<EmbeddedStore> {
        std::fs::create_dir_all(dir)?;
        let mut conn = Connection::open(dir.join(crate::RECORDS_FILE))?;
        conn.busy_timeout(Duration::from_secs(30))?;
        // The write path's statements (multi-row inserts in a few sizes) stay prepared.
        conn.set_prepared_statement_cache_capacity(128);
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
        // The writer's page cache: with SQLite's 2 MiB a batch's dirty pages spilled into the
        // WAL mid-transaction and every index insert of a large store re-read its pages with
        // pread (most of the ingest's system time). Grown on demand, up to 256 MiB.
        conn.pragma_update(None, "cache_size", -256 * 1024)?;
        // Statement journals (multi-row inserts under foreign keys) in memory, not temp files.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // Checkpoint every ~40 MB of WAL instead of 4 MB: pages written by several batches
        // are copied into the database once, with fewer fsyncs. (Once this store writes, a
        // thread of its own checkpoints instead: see `write_records`.)
        conn.pragma_update(None, "wal_autocheckpoint", 10_000)?;
        schema::migrate(&mut conn)?;
        fingerprint_older_documents(&mut conn)?;
        let index = SearchIndex::open(&dir.join(INDEX_DIR))?;
        let mut store = EmbeddedStore {
            dir: dir.to_path_buf(),
            conn,
            index,
            checkpointer: None,
        };
        let older: Vec<PathBuf> = OLDER_INDEX_DIRS
            .iter()
            .map(|name| dir.join(name))
            .filter(|path| path.is_dir())
            .collect();
        if older.is_empty() {
            store.reconcile()?;
        } else {
            // A rebuild resumes where it stopped: each chunk's commit records its last id.
            eprintln!(
                "dateline: rebuilding the search index of {} in its new layout (once)",
                dir.display()
            );
            store.reconcile()?;
            // Unless another process holds the index (and builds it itself).
            if store.index.committed_through()? >= store.max_document_id()? {
                for path in older {
                    std::fs::remove_dir_all(path)?;
                }
            }
        }
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
        // A page cache of 16 MiB instead of 2: readers of a large store otherwise spend a
        // quarter of their time reading the same index pages again with pread. (A memory
        // map would avoid the copies, but every reader's map counts as resident memory.)
        conn.pragma_update(None, "cache_size", -16 * 1024)?;
        let index = SearchIndex::open(&dir.join(INDEX_DIR))?;
        Ok(EmbeddedStore {
            dir: dir.to_path_buf(),
            conn,
            index,
            checkpointer: None,
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
    /// reported), so a crash between the SQLite and the index commit loses nothing; a new
    /// index is built this way from all the records. Commits every [`REINDEX_CHUNK`]
    /// documents, so that an interrupted rebuild resumes where it stopped. Returns how many
    /// documents were re-indexed.
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
        let chunks = docs.len().div_ceil(REINDEX_CHUNK);
        for (done, chunk) in docs.chunks(REINDEX_CHUNK).enumerate() {
            let (first, last) = (chunk[0], chunk[chunk.len() - 1]);
            let quotes: Vec<i64> = self
                .conn
                .prepare_cached(
                    "SELECT DISTINCT quote FROM quote_sources WHERE doc BETWEEN ?1 AND ?2",
                )?
                .query_map([first, last], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let chunk_through = if done + 1 == chunks { max } else { last };
            match self.index_records(chunk, &quotes, chunk_through) {
                // Another process is writing this store; it commits the index itself.
                Err(StoreError::Index(tantivy::TantivyError::LockFailure(..))) => return Ok(0),
                Err(e) => return Err(e),
                Ok(()) => {}
            }
            if chunks > 1 {
                eprintln!(
                    "dateline: indexed {} of {} documents",
                    done * REINDEX_CHUNK + chunk.len(),
                    docs.len()
                );
            }
        }
        Ok(docs.len())
    }

    /// Puts the given documents and quotes into the search index from their stored records
    /// and commits it.
    fn index_records(&mut self, docs: &[i64], quotes: &[i64], through: i64) -> Result<()> {
        {
            let mut doc_stmt = self.conn.prepare_cached(
                "SELECT d.title, d.text, d.date, s.name FROM documents d
                 JOIN sources s ON s.id = d.source WHERE d.id = ?1",
            )?;
            let mut entity_stmt = self.conn.prepare_cached(
                "SELECT DISTINCT e.name FROM mentions m JOIN entities e ON e.id = m.entity
                 WHERE m.doc = ?1",
            )?;
            for &id in docs {
                let (title, text, date, outlet): (Option<String>, String, Option<String>, String) =
                    doc_stmt
                        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
                let entities = entity_stmt
                    .query_map([id], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<String>>>()?;
                self.index.put(&Entry {
                    kind: HitKind::Document,
                    id,
                    title: title.as_deref(),
                    body: &text,
                    speaker: None,
                    entities,
                    date: date.as_deref(),
                    outlets: vec![outlet],
                })?;
            }
            let mut quote_stmt = self
                .conn
                .prepare_cached("SELECT text, speaker_name, date FROM quotes WHERE id = ?1")?;
            // Read off covering indexes: quote to documents, document to source.
            let mut outlets_stmt = self.conn.prepare_cached(
                "SELECT DISTINCT s.name FROM quote_sources qs
                 JOIN documents d INDEXED BY documents_cluster ON d.id = qs.doc
                 JOIN sources s ON s.id = d.source WHERE qs.quote = ?1",
            )?;
            for &id in quotes {
                let (text, speaker, date): (String, Option<String>, Option<String>) =
                    quote_stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
                let outlets = outlets_stmt
                    .query_map([id], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<String>>>()?;
                self.index.put(&Entry {
                    kind: HitKind::Quote,
                    id,
                    title: None,
                    body: &text,
                    speaker: speaker.as_deref(),
                    entities: speaker.iter().cloned().collect(),
                    date: date.as_deref(),
                    outlets,
                })?;
            }
        }
        self.index.commit(through)
    }

    /// Writes the SQLite part of a batch in one transaction; returns what it did, the new
    /// document ids and the quote records they touched.
    fn write_records(&mut self, docs: &[Document]) -> Result<(BatchOutcome, Vec<i64>, Vec<i64>)> {
        if self.checkpointer.is_none() {
            let records = self.dir.join(crate::RECORDS_FILE);
            // Without the thread the writer checkpoints as before: slower, nothing lost.
            let checkpointer = Checkpointer::start(&records).unwrap_or_else(|e| {
                eprintln!(
                    "dateline: {}: no background checkpoints ({e}); the writer makes them",
                    records.display()
                );
                Checkpointer::none()
            });
            if checkpointer.is_running() {
                self.conn
                    .pragma_update(None, "wal_autocheckpoint", WRITER_AUTOCHECKPOINT_PAGES)?;
            }
            self.checkpointer = Some(checkpointer);
        }
        let tx = self.conn.transaction()?;
        let written = records::write_batch(&mut &*tx, docs)?;
        tx.commit()?;
        if let Some(checkpointer) = &self.checkpointer {
            checkpointer.committed();
        }
        Ok((written.outcome, written.new_docs, written.touched_quotes))
    }

    /// Writes records only, leaving the index behind as a crash between the two commits
    /// would. For tests of reconciliation.
    #[cfg(test)]
    pub(crate) fn write_records_only(&mut self, docs: &[Document]) -> Result<BatchOutcome> {
        Ok(self.write_records(docs)?.0)
    }

    /// The search index, for the ranking and presentation passes of [`crate::search`].
    pub(crate) fn search_index(&self) -> &SearchIndex {
        &self.index
    }

    pub(crate) fn quote_record(&self, id: i64) -> Result<QuoteRecord> {
        records::quote_record(&mut &self.conn, id)
    }

    pub(crate) fn listed_quote_record(&self, id: i64) -> Result<QuoteRecord> {
        records::listed_quote_record(&mut &self.conn, id)
    }
}

/// `' ' || column || ' '` LIKE this pattern matches whole normalised words.
pub(crate) fn word_pattern(name: &str) -> String {
    format!("% {} %", normalise_words(name))
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
        let started = Instant::now();
        let (mut outcome, new_docs, quotes) = self.write_records(docs)?;
        outcome.records_time = started.elapsed();
        if !new_docs.is_empty() {
            let started = Instant::now();
            let through = self.max_document_id()?;
            self.index_records(&new_docs, &quotes, through)?;
            outcome.index_time = started.elapsed();
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
        let ranked = self.rank(query)?;
        self.present(query, &ranked)
    }

    fn quotes_by_speaker(&self, speaker: &str, limit: usize) -> Result<Vec<QuoteRecord>> {
        records::quotes_by_speaker(&mut &self.conn, speaker, limit)
    }

    fn timeline(&self, entity: &str, limit: usize) -> Result<Vec<TimelineEntry>> {
        records::timeline(&mut &self.conn, entity, limit)
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
                .map(|i| {
                    row.get::<_, rusqlite::types::Value>(i)
                        .map(records::sql_to_json)
                })
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
        records::count_records(&mut &self.conn, &mut report)?;
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
        Ok(report)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    use crate::fixtures::checks;
    pub(crate) use crate::fixtures::{other_speaker, reuters, tass, QUOTE};

    pub(crate) fn open(dir: &Path) -> EmbeddedStore {
        EmbeddedStore::open(dir).unwrap()
    }

    #[test]
    fn round_trip_and_idempotent_reingest() {
        let dir = tempfile::tempdir().unwrap();
        checks::idempotent_reingest(&mut || Box::new(open(dir.path())));
        // Records keep their evidence: the mention text is the span's text.
        let mention: String = open(dir.path())
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
        checks::same_quote_from_two_outlets_is_one_record(&mut open(dir.path()));
    }

    #[test]
    fn ellipsised_trimmed_and_extended_quotes_join_one_record() {
        let dir = tempfile::tempdir().unwrap();
        checks::ellipsised_trimmed_and_extended_quotes_join_one_record(&mut open(dir.path()));
    }

    #[test]
    fn search_finds_words_and_filters_by_speaker_and_date() {
        let dir = tempfile::tempdir().unwrap();
        checks::search_finds_words_and_filters_by_speaker_and_date(&mut open(dir.path()));
    }

    #[test]
    fn search_filters_by_outlet() {
        let dir = tempfile::tempdir().unwrap();
        checks::search_filters_by_outlet(&mut open(dir.path()));
    }

    #[test]
    fn an_index_of_an_older_layout_is_rebuilt_from_the_records() {
        let dir = tempfile::tempdir().unwrap();
        open(dir.path())
            .write_batch(&[tass(), reuters(), other_speaker()])
            .unwrap();
        // As a store written before the current layout: its index in the older directory.
        std::fs::remove_dir_all(dir.path().join(INDEX_DIR)).unwrap();
        let older = dir.path().join(OLDER_INDEX_DIRS[0]);
        std::fs::create_dir(&older).unwrap();
        std::fs::write(older.join("meta.json"), "{}").unwrap();
        let store = open(dir.path());
        assert!(!older.exists());
        let report = store.check().unwrap();
        assert!(report.is_ok(), "{:?}", report.problems);
        assert_eq!(report.indexed_documents, 3);
        let text_outlet = SearchQuery {
            outlet: Some("text".into()),
            ..checks::query("surrender")
        };
        assert_eq!(store.search(&text_outlet).unwrap().len(), 3);
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
        let dir = tempfile::tempdir().unwrap();
        checks::near_duplicates_point_at_the_earliest_copy(&mut open(dir.path()));
    }

    #[test]
    fn exports_csv_with_header_and_one_row_per_record() {
        let dir = tempfile::tempdir().unwrap();
        checks::exports_csv_with_header_and_one_row_per_record(&mut open(dir.path()));
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
        // So are event reports whose record is not a first report (here two reports that
        // point at each other).
        store
            .conn
            .execute_batch(
                "INSERT INTO events (doc, plover, cameo, detail) \
                     SELECT min(id), 'protest', '141', '{}' FROM documents;
                 INSERT INTO events (doc, plover, cameo, detail, same_as) \
                     SELECT doc, plover, cameo, detail, id FROM events WHERE id = last_insert_rowid();
                 UPDATE events SET same_as = last_insert_rowid() \
                     WHERE id = (SELECT same_as FROM events WHERE id = last_insert_rowid());",
            )
            .unwrap();
        let report = store.check().unwrap();
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.contains("2 event reports not linked to an event record")),
            "{:?}",
            report.problems
        );
    }
}
