//! The store: turns a stream of annotated [`Document`]s into a searchable, de-duplicated,
//! linked record.
//!
//! In: annotated documents (text plus every layer: entities, quotes, events, places,
//! timexes), written in batches.
//! Out: records (documents, sources, entities, mentions, quotes with every source that
//! reported them, events, places, timexes; each with its evidence spans), full-text search
//! with highlighted snippets, quotes by speaker, timelines by entity, exports, and an
//! integrity check.
//!
//! [`Store`] is the contract a backend fulfils, so a server backend (PostgreSQL plus a search
//! engine) can replace the embedded one without touching the pipeline. [`EmbeddedStore`] is
//! the default: one directory holding a SQLite database (records) and a tantivy index
//! (search). Crash safety comes from the order of commits: a batch is one SQLite transaction,
//! the index is committed after it with the highest indexed document id as its payload, and
//! opening the store re-indexes whatever SQLite holds beyond that id.

mod browse;
mod checkpoint;
mod embedded;
mod event_links;
mod export;
// The test fixtures and checks shared with the PostgreSQL tests name this crate as those do.
#[cfg(test)]
extern crate self as dateline_store;
#[cfg(test)]
#[path = "../tests/fixtures/mod.rs"]
mod fixtures;
mod index;
mod linking;
mod parquet_export;
#[cfg(feature = "postgres")]
mod postgres;
mod records;
mod schema;
mod search;

pub use browse::{
    DocumentFilter, DocumentRecord, DocumentSummary, EntityFilter, EntitySummary, EventFilter,
    EventRecord, FacetCount, Facets, GenderCounts, MentionSpan, Paging, PlaceFilter, PlaceSpan,
    PlaceSummary, QuoteFilter, QuoteSpan, QuotedGenders, SpeakerSummary, TimexSpan,
};
pub use embedded::EmbeddedStore;
pub use export::{write_export, ColumnType, ExportFormat, ExportKind};
pub use linking::{normalise_words, same_article, Fingerprint, QuoteKey};
#[cfg(feature = "postgres")]
pub use postgres::PostgresStore;
pub use search::RankedHit;

use dateline_document::Document;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[cfg(feature = "postgres")]
    // The client's message names only the kind of failure; its source says what failed.
    #[error("postgresql: {}{}", .0, std::error::Error::source(.0).map(|e| format!(": {e}")).unwrap_or_default())]
    Postgres(#[from] ::postgres::Error),
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search query: {0}")]
    Query(#[from] tantivy::query::QueryParserError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("csv: {0}")]
    Csv(#[from] csv::Error),
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

impl StoreError {
    /// Output closed by the reader (`dateline export | head`): not a failure of the export.
    pub fn is_broken_pipe(&self) -> bool {
        let kind = match self {
            StoreError::Io(e) => Some(e.kind()),
            StoreError::Json(e) => e.io_error_kind(),
            StoreError::Csv(e) => match e.kind() {
                csv::ErrorKind::Io(e) => Some(e.kind()),
                _ => None,
            },
            _ => None,
        };
        kind == Some(std::io::ErrorKind::BrokenPipe)
    }
}

/// The SQLite database's file name inside a store directory.
pub const RECORDS_FILE: &str = "records.sqlite";

/// What one batch write did.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Default, Clone, Serialize)]
pub struct BatchOutcome {
    /// Documents written.
    pub added: usize,
    /// Documents whose content hash was already stored (or repeated within the batch).
    pub skipped: usize,
    /// Quote occurrences written, and how many of them joined an existing quote record.
    pub quotes: usize,
    pub quotes_linked: usize,
    pub events: usize,
    /// New documents flagged as near-duplicates of an earlier one.
    pub near_duplicates: usize,
    /// Time spent writing and committing the records (embedded store: SQLite), and the
    /// search index (embedded store: tantivy), for the ingest's report of where time goes.
    #[serde(skip)]
    pub records_time: std::time::Duration,
    #[serde(skip)]
    pub index_time: std::time::Duration,
}

/// Equal counts: the times differ from run to run and between backends.
impl PartialEq for BatchOutcome {
    fn eq(&self, other: &BatchOutcome) -> bool {
        let counts = |o: &BatchOutcome| {
            (
                o.added,
                o.skipped,
                o.quotes,
                o.quotes_linked,
                o.events,
                o.near_duplicates,
            )
        };
        counts(self) == counts(other)
    }
}

impl Eq for BatchOutcome {}

impl BatchOutcome {
    pub fn add(&mut self, other: &BatchOutcome) {
        self.added += other.added;
        self.skipped += other.skipped;
        self.quotes += other.quotes;
        self.quotes_linked += other.quotes_linked;
        self.events += other.events;
        self.near_duplicates += other.near_duplicates;
        self.records_time += other.records_time;
        self.index_time += other.index_time;
    }
}

/// A search request: full-text query plus filters (all optional, combined with AND).
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// Query in tantivy syntax over title and text (words, "phrases", AND/OR, -exclusion).
    pub text: String,
    /// Only quotes by a speaker whose name contains these words.
    pub speaker: Option<String>,
    /// Only documents mentioning (and quotes spoken by) an entity whose name contains these words.
    pub entity: Option<String>,
    /// Inclusive ISO date bounds (`YYYY-MM-DD`) on the publication or quote date.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only documents of this outlet (exactly as named), and quotes that one of its
    /// documents reported.
    pub outlet: Option<String>,
    pub limit: usize,
}

/// What a search hit is.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Document,
    Quote,
}

/// One ranked search result with its highlighted evidence.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub kind: HitKind,
    /// Document id or quote id in the store.
    pub id: i64,
    pub score: f32,
    /// Document title, or the quote's speaker.
    pub title: Option<String>,
    pub date: Option<String>,
    /// Where to find it: the document's source label, or the first document that reported the quote.
    pub source: String,
    /// The best fragment, and the byte ranges of the matched words inside it.
    pub snippet: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<[usize; 2]>))]
    pub highlights: Vec<(usize, usize)>,
    /// Near-duplicates of this document that matched too and were folded into this hit.
    pub copies: usize,
}

impl SearchHit {
    /// The snippet with matched words wrapped in `open` and `close`.
    pub fn marked_snippet(&self, open: &str, close: &str) -> String {
        let mut out = String::new();
        let mut at = 0;
        for &(start, end) in &self.highlights {
            out.push_str(&self.snippet[at..start]);
            out.push_str(open);
            out.push_str(&self.snippet[start..end]);
            out.push_str(close);
            at = end;
        }
        out.push_str(&self.snippet[at..]);
        out
    }
}

/// One reported occurrence of a quote.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize)]
pub struct QuoteSource {
    pub document: i64,
    pub source: String,
    pub date: Option<String>,
    /// The content's span in that document's text, and the text it covers there.
    #[cfg_attr(feature = "openapi", schema(value_type = [usize; 2]))]
    pub span: (usize, usize),
    pub text: String,
    /// The outlet of that document (site name, agency, host or input format).
    pub outlet: String,
}

/// A quote record: one statement, with every document that reported it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize)]
pub struct QuoteRecord {
    pub id: i64,
    pub speaker: Option<String>,
    /// The speaker's entity record, when coreference linked the speaker to one.
    pub speaker_entity: Option<i64>,
    pub text: String,
    pub kind: String,
    /// Earliest date any source gives.
    pub date: Option<String>,
    /// Earliest first: every source in a quote's own record, the first few in lists of
    /// quotes (a reprinted quote can have hundreds).
    pub sources: Vec<QuoteSource>,
    /// How many documents reported it, listed in `sources` or not.
    pub source_count: i64,
}

/// One dated item in an entity's timeline.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    pub date: Option<String>,
    /// `quote` or `event`.
    pub kind: String,
    /// A one-line description: the quote text, or "SOURCE CODE TARGET (PLOVER)" with the
    /// place and, for an event told by several reports, "(N reports)".
    pub summary: String,
    pub document: i64,
    pub source: String,
}

/// Result of [`Store::check`].
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, Serialize)]
pub struct IntegrityReport {
    /// Problems found; empty when the store is sound.
    pub problems: Vec<String>,
    pub documents: i64,
    pub indexed_documents: u64,
    pub quotes: i64,
    pub events: i64,
    pub entities: i64,
    /// Per-document records: a half-written document would show here as a shortfall.
    pub mentions: i64,
    pub quote_sources: i64,
    pub places: i64,
    pub timexes: i64,
}

impl IntegrityReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// A row of an export, values in the order of [`ExportKind::schema`].
pub type ExportRow = Vec<serde_json::Value>;

/// The contract a storage backend fulfils.
pub trait Store {
    /// Writes a batch of annotated documents atomically: after a crash either the whole batch
    /// is stored or none of it. Documents whose content is already stored are skipped.
    fn write_batch(&mut self, docs: &[Document]) -> Result<BatchOutcome>;

    /// Whether a document with this content hash (see [`content_hash`]) is stored.
    fn has_content(&self, hash: &str) -> Result<bool>;

    /// Every stored content hash, so an ingest can skip known inputs before annotating them.
    fn content_hashes(&self) -> Result<std::collections::HashSet<String>>;

    fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>>;

    /// Quote records whose speaker's name contains the words of `speaker`, earliest first.
    fn quotes_by_speaker(&self, speaker: &str, limit: usize) -> Result<Vec<QuoteRecord>>;

    /// Quotes and events involving entities whose name contains the words of `entity`, by date.
    fn timeline(&self, entity: &str, limit: usize) -> Result<Vec<TimelineEntry>>;

    /// Streams every record of one kind to `visit`, returning how many were visited.
    fn export(
        &self,
        what: ExportKind,
        visit: &mut dyn FnMut(ExportRow) -> Result<()>,
    ) -> Result<usize>;

    /// Checks the records and the index agree and the database is sound.
    fn check(&self) -> Result<IntegrityReport>;
}

/// The idempotence key: SHA-256 of the source label and the text, hex.
pub fn content_hash(doc: &Document) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(doc.source.label().as_bytes());
    hasher.update([0]);
    hasher.update(doc.text.as_bytes());
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `location` names a PostgreSQL database (a `postgres://` or `postgresql://` URL)
/// rather than an embedded store's directory.
pub fn is_postgres_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// The default store directory: `dateline/store` under the user's data directory.
pub fn default_dir() -> Result<PathBuf> {
    dirs::data_dir()
        .map(|d| d.join("dateline").join("store"))
        .ok_or_else(|| {
            StoreError::Invalid("no user data directory known here; pass --store DIR".into())
        })
}
