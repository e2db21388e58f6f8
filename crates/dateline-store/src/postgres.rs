//! The PostgreSQL backend: records and full-text search in one PostgreSQL database.
//!
//! Records are written by the same code as the embedded store's ([`crate::records`]), so
//! both hold the same rows: one transaction per batch, content-hash idempotence, entities
//! unified across documents, quotes linked across outlets, MinHash near-duplicate clusters.
//! Search uses PostgreSQL's own text search: a generated `tsvector` column on documents
//! (title weighted above text) and on quotes, each with a GIN index, queried with
//! `websearch_to_tsquery` and `ts_rank_cd`, snippets by `ts_headline`. The `simple`
//! configuration (lower-cased words, no stemming or stop words) matches the embedded
//! index's tokenizer. A dedicated search engine (OpenSearch, Quickwit) could take over that
//! role later; the records would stay here.
//!
//! Writers serialise on an advisory lock, as the embedded store allows one writer at a time;
//! any number of readers can query beside them.

use crate::embedded::{word_pattern, LABEL_SQL};
use crate::export::ExportKind;
use crate::index::date_number;
use crate::records::{self, get, Records, Row};
use crate::{
    schema, BatchOutcome, ExportRow, HitKind, IntegrityReport, QuoteRecord, Result, SearchHit,
    SearchQuery, Store, StoreError, TimelineEntry,
};
use dateline_document::Document;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{to_sql_checked, IsNull, ToSql as PgToSql, Type};
use postgres::{Client, GenericClient, NoTls, Statement};
use rusqlite::params;
use rusqlite::types::{ToSql, ToSqlOutput, Value as SqlValue};
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

/// What PostgreSQL adds to the shared schema: the search vectors (generated, so always in
/// step with the records) with their GIN indexes, and the date numbers search filters on.
/// Idempotent: applied on every connect, after the shared migrations.
const SEARCH_SCHEMA: &str = r#"
ALTER TABLE documents ADD COLUMN IF NOT EXISTS search TSVECTOR GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
    to_tsvector('simple', text)) STORED;
CREATE INDEX IF NOT EXISTS documents_search ON documents USING GIN (search);
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS search TSVECTOR
    GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED;
CREATE INDEX IF NOT EXISTS quotes_search ON quotes USING GIN (search);
-- An ISO date (or its year or month) as the number YYYYMMDD, as the embedded index keys
-- dates: the date filters of search compare these.
CREATE OR REPLACE FUNCTION date_number(day TEXT) RETURNS INTEGER
    LANGUAGE sql IMMUTABLE RETURNS NULL ON NULL INPUT
    RETURN (SELECT CASE length(d)
            WHEN 8 THEN d::INTEGER
            WHEN 6 THEN d::INTEGER * 100 + 1
            WHEN 4 THEN d::INTEGER * 10000 + 101 END
        FROM (SELECT regexp_replace(left(day, 10), '[^0-9]', '', 'g') AS d) AS digits);
"#;

/// Key of the advisory lock writers (and migrations) hold: one writer at a time.
const WRITER_LOCK: i64 = 0x6461_7465_6c69_6e65; // "dateline"

/// Highlight markers handed to `ts_headline`: control characters no article contains.
const MARK_OPEN: char = '\u{1}';
const MARK_CLOSE: char = '\u{2}';

/// Snippet options: one fragment of about the size of the embedded store's snippets.
const HEADLINE_OPTIONS: &str =
    "StartSel=\u{1}, StopSel=\u{2}, MaxWords=30, MinWords=12, MaxFragments=1, FragmentDelimiter=\" … \"";

/// A connection and the statements prepared on it.
struct Session {
    client: Client,
    statements: HashMap<String, Statement>,
}

pub struct PostgresStore {
    session: Mutex<Session>,
}

impl PostgresStore {
    /// Connects to the database at `url` (a `postgres://` URL or `key=value` settings; a
    /// `host` that is a directory means its Unix socket) and creates or migrates the schema.
    pub fn connect(url: &str) -> Result<PostgresStore> {
        let mut client = Client::connect(url, NoTls)?;
        migrate(&mut client)?;
        Ok(PostgresStore {
            session: Mutex::new(Session {
                client,
                statements: HashMap::new(),
            }),
        })
    }

    /// Runs `work` with the connection as a [`Records`] runner.
    fn with_records<T>(
        &self,
        work: impl FnOnce(&mut Postgres<'_, Client>) -> Result<T>,
    ) -> Result<T> {
        let mut session = self
            .session
            .lock()
            .map_err(|_| StoreError::Invalid("a panic interrupted a PostgreSQL query".into()))?;
        let Session { client, statements } = &mut *session;
        work(&mut Postgres { client, statements })
    }

    /// Ranked matches (kind, id, score, copies folded in), near-duplicates folded into
    /// their best-ranked member.
    fn matches(
        db: &mut Postgres<'_, Client>,
        query: &SearchQuery,
    ) -> Result<Vec<(HitKind, i64, f32, usize)>> {
        let mut values = vec![
            SqlValue::Text(websearch_text(&query.text)),
            SqlValue::Integer(query.limit as i64),
        ];
        let mut bind = |value: SqlValue| {
            values.push(value);
            format!("?{}", values.len())
        };
        let mut document_filters = String::new();
        let mut quote_filters = String::new();
        if let Some(speaker) = &query.speaker {
            // Only quotes have speakers.
            document_filters.push_str(" AND false");
            let pattern = bind(SqlValue::Text(word_pattern(speaker)));
            quote_filters.push_str(&format!(" AND ' ' || q.speaker_key || ' ' LIKE {pattern}"));
        }
        if let Some(entity) = &query.entity {
            let pattern = bind(SqlValue::Text(word_pattern(entity)));
            document_filters.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM mentions m JOIN entities e ON e.id = m.entity
                    WHERE m.doc = d.id AND ' ' || e.key || ' ' LIKE {pattern})"
            ));
            quote_filters.push_str(&format!(" AND ' ' || q.speaker_key || ' ' LIKE {pattern}"));
        }
        if let Some(outlet) = &query.outlet {
            let name = bind(SqlValue::Text(outlet.clone()));
            document_filters.push_str(&format!(
                " AND d.source = (SELECT id FROM sources WHERE name = {name})"
            ));
            quote_filters.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM quote_sources qs JOIN documents od ON od.id = qs.doc
                    JOIN sources s ON s.id = od.source WHERE qs.quote = q.id AND s.name = {name})"
            ));
        }
        for (bound, operator) in [(&query.from, ">="), (&query.to, "<=")] {
            let Some(date) = bound else { continue };
            let number = date_number(date)
                .ok_or_else(|| StoreError::Invalid(format!("not a date (YYYY-MM-DD): {date}")))?;
            let placeholder = bind(SqlValue::Integer(number));
            document_filters.push_str(&format!(
                " AND date_number(d.date) {operator} {placeholder}"
            ));
            quote_filters.push_str(&format!(
                " AND date_number(q.date) {operator} {placeholder}"
            ));
        }
        let sql = format!(
            "WITH query AS (SELECT websearch_to_tsquery('simple', ?1) AS q),
             matches AS (
                SELECT 'd' AS kind, d.id, ts_rank_cd(d.search, query.q) AS score,
                    coalesce(d.duplicate_of, d.id) AS cluster
                FROM documents d, query WHERE d.search @@ query.q {document_filters}
                UNION ALL
                SELECT 'q', q.id, ts_rank_cd(q.search, query.q), q.id
                FROM quotes q, query WHERE q.search @@ query.q {quote_filters}),
             ranked AS (
                SELECT kind, id, score, count(*) OVER members - 1 AS copies,
                    row_number() OVER (members ORDER BY score DESC, id) AS place
                FROM matches WINDOW members AS (PARTITION BY kind, cluster))
             SELECT kind, id, score, copies FROM ranked WHERE place = 1
             ORDER BY score DESC, kind, id LIMIT ?2"
        );
        let params: Vec<&dyn ToSql> = values.iter().map(|v| v as &dyn ToSql).collect();
        db.query(&sql, &params)?
            .iter()
            .map(|row| {
                let kind = match get::<String>(row, 0)?.as_str() {
                    "d" => HitKind::Document,
                    _ => HitKind::Quote,
                };
                Ok((
                    kind,
                    get(row, 1)?,
                    get::<f64>(row, 2)? as f32,
                    get::<i64>(row, 3)? as usize,
                ))
            })
            .collect()
    }
}

/// The query in `websearch_to_tsquery` syntax: tantivy's explicit `AND` is its default.
fn websearch_text(query: &str) -> String {
    let mut in_phrase = false;
    query
        .split(' ')
        .filter(|word| {
            let outside = !in_phrase;
            in_phrase ^= word.matches('"').count() % 2 == 1;
            !(outside && *word == "AND")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits a `ts_headline` result into the snippet and the byte ranges of its marked words.
fn unmark(headline: &str) -> (String, Vec<(usize, usize)>) {
    let mut snippet = String::with_capacity(headline.len());
    let mut highlights = Vec::new();
    let mut open = None;
    for c in headline.chars() {
        match c {
            MARK_OPEN => open = Some(snippet.len()),
            MARK_CLOSE => {
                if let Some(start) = open.take() {
                    highlights.push((start, snippet.len()));
                }
            }
            _ => snippet.push(c),
        }
    }
    (snippet, highlights)
}

/// Creates the schema or applies the migrations it lacks, holding the writer lock: the
/// embedded store's migrations (one schema for both backends) in PostgreSQL's dialect, then
/// [`SEARCH_SCHEMA`]. A database from a newer build is refused.
fn migrate(client: &mut Client) -> Result<()> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITER_LOCK])?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS dateline_schema (version BIGINT NOT NULL)")?;
    let current: i64 = tx
        .query_opt("SELECT version FROM dateline_schema", &[])?
        .map_or(0, |row| row.get(0));
    if current > schema::VERSION {
        return Err(StoreError::Invalid(format!(
            "store schema version {current} is newer than this build understands ({})",
            schema::VERSION
        )));
    }
    for sql in &schema::MIGRATIONS[current as usize..] {
        tx.batch_execute(&postgres_dialect(sql))?;
    }
    if current < schema::VERSION {
        tx.execute("DELETE FROM dateline_schema", &[])?;
        tx.execute(
            "INSERT INTO dateline_schema (version) VALUES ($1)",
            &[&schema::VERSION],
        )?;
    }
    tx.batch_execute(SEARCH_SCHEMA)?;
    tx.commit()?;
    Ok(())
}

/// A SQLite migration as PostgreSQL takes it: 64-bit integers (ids from an identity
/// column), doubles, byte arrays, the reserved word `end` quoted, and index expressions in
/// parentheses. Comments are dropped.
fn postgres_dialect(sqlite: &str) -> String {
    let code: String = sqlite
        .lines()
        .map(|line| line.split("--").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = String::new();
    for statement in code.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let mut statement = [
            ("INTEGER", "BIGINT"),
            ("REAL", "DOUBLE PRECISION"),
            ("BLOB", "BYTEA"),
            ("end", "\"end\""),
        ]
        .iter()
        .fold(statement.to_string(), |s, (from, to)| {
            replace_word(&s, from, to)
        })
        .replace(
            "BIGINT PRIMARY KEY",
            "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        );
        if statement.starts_with("CREATE INDEX") {
            statement = parenthesise_index_expressions(&statement);
        }
        out.push_str(&statement);
        out.push_str(";\n");
    }
    out
}

/// `text` with every whole-word `from` replaced by `to`.
fn replace_word(text: &str, from: &str, to: &str) -> String {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + from.len()..].chars().next();
        let whole = !before.is_some_and(is_word) && !after.is_some_and(is_word);
        out.push_str(&rest[..at]);
        out.push_str(if whole { to } else { from });
        rest = &rest[at + from.len()..];
    }
    out.push_str(rest);
    out
}

/// `CREATE INDEX name ON table(a, b IS NULL, c DESC)` with each element that is not a
/// column in parentheses, as PostgreSQL requires: `(a, (b IS NULL), c DESC)`.
fn parenthesise_index_expressions(statement: &str) -> String {
    let (Some(open), Some(close)) = (statement.find('('), statement.rfind(')')) else {
        return statement.to_string();
    };
    let mut elements = Vec::new();
    let (mut depth, mut start) = (0, open + 1);
    for (i, c) in statement[..close]
        .char_indices()
        .skip_while(|&(i, _)| i <= open)
    {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                elements.push(&statement[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    elements.push(&statement[start..close]);
    let elements: Vec<String> = elements
        .iter()
        .map(|element| {
            let element = element.trim();
            let (expression, order) = match element.rsplit_once(' ') {
                Some((e, o)) if o == "ASC" || o == "DESC" => (e.trim(), format!(" {o}")),
                _ => (element, String::new()),
            };
            let column = expression
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '"');
            if column {
                format!("{expression}{order}")
            } else {
                format!("({expression}){order}")
            }
        })
        .collect();
    format!(
        "{}{}{}",
        &statement[..=open],
        elements.join(", "),
        &statement[close..]
    )
}

/// A [`Records`] runner over a PostgreSQL client or transaction: rewrites `?N` placeholders
/// to `$N`, prepares each statement once per connection and converts values.
struct Postgres<'a, C> {
    client: &'a mut C,
    statements: &'a mut HashMap<String, Statement>,
}

impl<C: GenericClient> Postgres<'_, C> {
    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(&dollar_placeholders(sql))?;
        self.statements.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }
}

/// `?N` placeholders as PostgreSQL writes them, `$N`.
fn dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        let numbered = c == '?' && chars.peek().is_some_and(char::is_ascii_digit);
        out.push(if numbered { '$' } else { c });
    }
    out
}

/// A parameter in SQLite's dynamic form, bound as whatever type PostgreSQL expects there.
#[derive(Debug)]
struct Param(SqlValue);

impl Param {
    fn of(value: &dyn ToSql) -> Result<Param> {
        Ok(Param(match value.to_sql()? {
            ToSqlOutput::Borrowed(value) => value.into(),
            ToSqlOutput::Owned(value) => value,
            _ => {
                return Err(StoreError::Invalid(
                    "a parameter PostgreSQL cannot take (zero blob or array)".into(),
                ))
            }
        }))
    }
}

type BoxError = Box<dyn std::error::Error + Sync + Send>;

impl PgToSql for Param {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<IsNull, BoxError> {
        match &self.0 {
            SqlValue::Null => Ok(IsNull::Yes),
            SqlValue::Integer(i) => match *ty {
                Type::INT2 => PgToSql::to_sql(&i16::try_from(*i)?, ty, out),
                Type::INT4 => PgToSql::to_sql(&i32::try_from(*i)?, ty, out),
                Type::FLOAT8 => PgToSql::to_sql(&(*i as f64), ty, out),
                Type::BOOL => PgToSql::to_sql(&(*i != 0), ty, out),
                _ => PgToSql::to_sql(i, ty, out),
            },
            SqlValue::Real(f) => PgToSql::to_sql(f, ty, out),
            SqlValue::Text(s) => PgToSql::to_sql(s, ty, out),
            SqlValue::Blob(b) => PgToSql::to_sql(b, ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// Column `i` of a PostgreSQL row in SQLite's dynamic form.
fn column_value(row: &postgres::Row, i: usize) -> Result<SqlValue> {
    let ty = row.columns()[i].type_();
    Ok(match *ty {
        Type::INT8 => row.try_get::<_, Option<i64>>(i)?.into(),
        Type::INT4 => row.try_get::<_, Option<i32>>(i)?.map(i64::from).into(),
        Type::INT2 => row.try_get::<_, Option<i16>>(i)?.map(i64::from).into(),
        Type::BOOL => row.try_get::<_, Option<bool>>(i)?.map(i64::from).into(),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.into(),
        Type::FLOAT4 => row.try_get::<_, Option<f32>>(i)?.map(f64::from).into(),
        Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(i)?.into(),
        _ => row.try_get::<_, Option<String>>(i)?.into(),
    })
}

fn row_values(row: &postgres::Row) -> Result<Row> {
    (0..row.len()).map(|i| column_value(row, i)).collect()
}

fn bind(params: &[&dyn ToSql]) -> Result<Vec<Param>> {
    params.iter().map(|p| Param::of(*p)).collect()
}

fn references(params: &[Param]) -> Vec<&(dyn PgToSql + Sync)> {
    params.iter().map(|p| p as &(dyn PgToSql + Sync)).collect()
}

impl<C: GenericClient> Records for Postgres<'_, C> {
    fn execute(&mut self, sql: &str, params: &[&dyn ToSql]) -> Result<usize> {
        let statement = self.statement(sql)?;
        let params = bind(params)?;
        Ok(self.client.execute(&statement, &references(&params))? as usize)
    }

    fn query(&mut self, sql: &str, params: &[&dyn ToSql]) -> Result<Vec<Row>> {
        let statement = self.statement(sql)?;
        let params = bind(params)?;
        self.client
            .query(&statement, &references(&params))?
            .iter()
            .map(row_values)
            .collect()
    }
}

impl Store for PostgresStore {
    fn write_batch(&mut self, docs: &[Document]) -> Result<BatchOutcome> {
        let session = self
            .session
            .get_mut()
            .map_err(|_| StoreError::Invalid("a panic interrupted a PostgreSQL query".into()))?;
        let Session { client, statements } = session;
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITER_LOCK])?;
        let written = records::write_batch(
            &mut Postgres {
                client: &mut tx,
                statements,
            },
            docs,
        )?;
        tx.commit()?;
        Ok(written.outcome)
    }

    fn has_content(&self, hash: &str) -> Result<bool> {
        self.with_records(|db| {
            db.one(
                "SELECT EXISTS(SELECT 1 FROM documents WHERE content_hash = ?1)",
                params![hash],
            )
        })
    }

    fn content_hashes(&self) -> Result<HashSet<String>> {
        self.with_records(|db| {
            Ok(db
                .column::<String>("SELECT content_hash FROM documents", &[])?
                .into_iter()
                .collect())
        })
    }

    fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>> {
        self.with_records(|db| {
            let matches = PostgresStore::matches(db, query)?;
            let words = websearch_text(&query.text);
            matches
                .into_iter()
                .map(|(kind, id, score, copies)| {
                    let (title, date, source, headline) = match kind {
                        HitKind::Document => {
                            let rows = db.query(
                                &format!(
                                    "SELECT title, date, {LABEL_SQL}, ts_headline('simple', text,
                                        websearch_to_tsquery('simple', ?1), ?2)
                                     FROM documents WHERE id = ?3"
                                ),
                                params![words, HEADLINE_OPTIONS, id],
                            )?;
                            let row = rows.first().ok_or(rusqlite::Error::QueryReturnedNoRows)?;
                            (get(row, 0)?, get(row, 1)?, get(row, 2)?, get(row, 3)?)
                        }
                        HitKind::Quote => {
                            let record = records::quote_record(db, id)?;
                            let headline: String = db.one(
                                "SELECT ts_headline('simple', ?1,
                                    websearch_to_tsquery('simple', ?2), ?3)",
                                params![record.text, words, HEADLINE_OPTIONS],
                            )?;
                            let source = record
                                .sources
                                .first()
                                .map(|s| s.source.clone())
                                .unwrap_or_default();
                            (record.speaker, record.date, source, headline)
                        }
                    };
                    let (snippet, highlights) = unmark(&headline);
                    Ok(SearchHit {
                        kind,
                        id,
                        score,
                        title,
                        date,
                        source,
                        snippet,
                        highlights,
                        copies,
                    })
                })
                .collect()
        })
    }

    fn quotes_by_speaker(&self, speaker: &str, limit: usize) -> Result<Vec<QuoteRecord>> {
        self.with_records(|db| records::quotes_by_speaker(db, speaker, limit))
    }

    fn timeline(&self, entity: &str, limit: usize) -> Result<Vec<TimelineEntry>> {
        self.with_records(|db| records::timeline(db, entity, limit))
    }

    fn export(
        &self,
        what: ExportKind,
        visit: &mut dyn FnMut(ExportRow) -> Result<()>,
    ) -> Result<usize> {
        let mut session = self
            .session
            .lock()
            .map_err(|_| StoreError::Invalid("a panic interrupted a PostgreSQL query".into()))?;
        // Streamed row by row: an export may not fit in memory.
        let mut rows = session
            .client
            .query_raw(what.sql(), std::iter::empty::<&(dyn PgToSql + Sync)>())?;
        let mut count = 0;
        while let Some(row) = rows.next()? {
            let values = row_values(&row)?;
            visit(values.into_iter().map(records::sql_to_json).collect())?;
            count += 1;
        }
        Ok(count)
    }

    fn check(&self) -> Result<IntegrityReport> {
        self.with_records(|db| {
            let mut report = IntegrityReport::default();
            records::count_records(db, &mut report)?;
            let mut count = |table: &str| -> Result<i64> {
                db.one(&format!("SELECT count(*) FROM {table}"), &[])
            };
            // The search vectors are generated columns, so every row has one unless an index
            // or column was damaged or dropped.
            report.indexed_documents = count("documents WHERE search IS NOT NULL")? as u64;
            if report.indexed_documents != report.documents as u64 {
                report.problems.push(format!(
                    "{} documents stored but {} searchable",
                    report.documents, report.indexed_documents
                ));
            }
            let invalid_indexes = count(
                "pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = current_schema() AND NOT (i.indisvalid AND i.indisready)",
            )?;
            if invalid_indexes > 0 {
                report.problems.push(format!(
                    "{invalid_indexes} indexes are invalid (rebuild them with REINDEX)"
                ));
            }
            Ok(report)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_query_syntax_translate() {
        assert_eq!(
            dollar_placeholders("a = ?1 AND b = ?12 OR c ? d"),
            "a = $1 AND b = $12 OR c ? d"
        );
        assert_eq!(
            websearch_text(r#"gas AND "AND prices" -oil"#),
            r#"gas "AND prices" -oil"#
        );
        assert_eq!(
            postgres_dialect(
                "CREATE TABLE t (id INTEGER PRIMARY KEY, end INTEGER, -- the end\n x REAL);\n\
                 CREATE INDEX t_newest ON t(end IS NULL, lower(x) DESC, id DESC);"
            ),
            "CREATE TABLE t (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, \"end\" BIGINT, \n \
             x DOUBLE PRECISION);\nCREATE INDEX t_newest ON t((\"end\" IS NULL), (lower(x)) DESC, id DESC);\n"
        );
        let (snippet, highlights) = unmark("a \u{1}gas\u{2} price \u{1}cap\u{2}");
        assert_eq!(snippet, "a gas price cap");
        assert_eq!(highlights, vec![(2, 5), (12, 15)]);
    }
}
