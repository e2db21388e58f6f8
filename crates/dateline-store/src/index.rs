//! The full-text side of the embedded store: a tantivy index of document titles and texts
//! and of quote texts, with filter fields (speaker, entities, date, outlet) and each entry's
//! record id as a fast field, so that ranking reads no stored document.
//!
//! The index holds no record that SQLite lacks: it is written after SQLite commits, and each
//! commit carries as payload the highest document id indexed, which is where reconciliation
//! starts after a crash. Index entries are keyed (`d:ID`, `q:ID`) and replaced, never
//! appended twice, so re-indexing is idempotent.

use crate::{HitKind, Result, SearchQuery};
use std::collections::HashSet;
use std::ops::Bound;
use std::path::Path;
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::columnar::Column;
use tantivy::directory::MmapDirectory;
use tantivy::query::{
    BooleanQuery, InvertedIndexRangeQuery, Occur, PhraseQuery, Query, QueryParser, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Schema, FAST, INDEXED, STRING, TEXT};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Searcher, SegmentOrdinal,
    SegmentReader, TantivyDocument, Term,
};

/// Memory for the writer's in-RAM segment; one thread, since annotation uses the cores.
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

/// The index's directory in a store, named after the layout of its fields: a store whose
/// index has an older layout gets a new one, built from its records when it is opened.
pub const INDEX_DIR: &str = "index-2";
/// Index directories of older layouts, removed once the current one is built.
pub const OLDER_INDEX_DIRS: &[&str] = &["index"];

#[derive(Clone, Copy)]
struct Fields {
    key: Field,
    kind: Field,
    title: Field,
    body: Field,
    speaker: Field,
    entity: Field,
    date: Field,
    outlet: Field,
    /// The document id, or minus the quote id: what a hit stands for, read from a column
    /// rather than from a compressed block of stored documents.
    record: Field,
}

/// What to index for one document or quote.
pub struct Entry<'a> {
    pub kind: HitKind,
    /// Document id or quote id.
    pub id: i64,
    pub title: Option<&'a str>,
    pub body: &'a str,
    pub speaker: Option<&'a str>,
    pub entities: Vec<String>,
    pub date: Option<&'a str>,
    /// The outlet of a document; of a quote, the outlets of every document that reported it.
    pub outlets: Vec<String>,
}

/// One raw hit: the record it stands for and its score.
pub struct RawHit {
    pub kind: HitKind,
    /// Document id or quote id.
    pub id: i64,
    pub score: f32,
}

pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    parser: QueryParser,
    writer: Option<IndexWriter>,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let fields = Fields {
        key: builder.add_text_field("key", STRING),
        kind: builder.add_text_field("kind", STRING),
        title: builder.add_text_field("title", TEXT),
        body: builder.add_text_field("body", TEXT),
        speaker: builder.add_text_field("speaker", TEXT),
        entity: builder.add_text_field("entity", TEXT),
        date: builder.add_i64_field("date", INDEXED | FAST),
        outlet: builder.add_text_field("outlet", STRING),
        record: builder.add_i64_field(RECORD_FIELD, FAST),
    };
    (builder.build(), fields)
}

const RECORD_FIELD: &str = "record";

/// `YYYY-MM-DD...` as the integer YYYYMMDD; a bare year or month counts from its first day.
pub fn date_number(date: &str) -> Option<i64> {
    let digits: String = date
        .chars()
        .take(10)
        .filter(|c| c.is_ascii_digit())
        .collect();
    match digits.len() {
        8 => digits.parse().ok(),
        6 => digits.parse::<i64>().ok().map(|ym| ym * 100 + 1),
        4 => digits.parse::<i64>().ok().map(|y| y * 10_000 + 101),
        _ => None,
    }
}

impl SearchIndex {
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let index = Index::open_or_create(
            MmapDirectory::open(dir)
                .map_err(|e| crate::StoreError::Invalid(format!("{}: {e}", dir.display())))?,
            schema,
        )?;
        // Commits of another process (or another handle of this one) become visible
        // shortly after they land, without reopening.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        let parser = QueryParser::for_index(&index, vec![fields.title, fields.body]);
        Ok(SearchIndex {
            index,
            reader,
            fields,
            parser,
            writer: None,
        })
    }

    /// The highest document id whose index entries are committed (0 for a new index).
    pub fn committed_through(&self) -> Result<i64> {
        Ok(self
            .index
            .load_metas()?
            .payload
            .and_then(|p| p.parse().ok())
            .unwrap_or(0))
    }

    /// Takes the index's writer lock (held until the store is dropped). A second process
    /// writing the same store fails here, before it writes any record.
    pub fn lock(&mut self) -> Result<()> {
        self.writer().map(|_| ())
    }

    fn writer(&mut self) -> Result<&mut IndexWriter> {
        if self.writer.is_none() {
            self.writer = Some(self.index.writer_with_num_threads(1, WRITER_MEMORY)?);
        }
        Ok(self.writer.as_mut().expect("writer was just created"))
    }

    /// Replaces the entry with the same key (if any) by this one; visible after [`commit`].
    pub fn put(&mut self, entry: &Entry) -> Result<()> {
        let f = self.fields;
        let (key, kind, record) = match entry.kind {
            HitKind::Document => (format!("d:{}", entry.id), "document", entry.id),
            HitKind::Quote => (format!("q:{}", entry.id), "quote", -entry.id),
        };
        let mut doc = TantivyDocument::default();
        doc.add_text(f.key, &key);
        doc.add_text(f.kind, kind);
        if let Some(title) = entry.title {
            doc.add_text(f.title, title);
        }
        doc.add_text(f.body, entry.body);
        if let Some(speaker) = entry.speaker {
            doc.add_text(f.speaker, speaker);
        }
        for entity in &entry.entities {
            doc.add_text(f.entity, entity);
        }
        if let Some(date) = entry.date.and_then(date_number) {
            doc.add_i64(f.date, date);
        }
        for outlet in &entry.outlets {
            doc.add_text(f.outlet, outlet);
        }
        doc.add_i64(f.record, record);
        let writer = self.writer()?;
        writer.delete_term(Term::from_field_text(f.key, &key));
        writer.add_document(doc)?;
        Ok(())
    }

    /// Makes every `put` so far durable and visible, recording `through` as the highest
    /// document id indexed.
    pub fn commit(&mut self, through: i64) -> Result<()> {
        let writer = self.writer()?;
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&through.to_string());
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Sees the last commit now.
    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    pub fn num_entries(&self, kind: &str) -> Result<u64> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.kind, kind),
            IndexRecordOption::Basic,
        );
        Ok(searcher.search(&query, &tantivy::collector::Count)? as u64)
    }

    /// Words of a filter value as terms of `field`, matching the default tokenizer
    /// (alphanumeric runs, lowercased).
    fn phrase(field: Field, value: &str) -> Option<Box<dyn Query>> {
        let terms: Vec<Term> = crate::normalise_words(value)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| Term::from_field_text(field, w))
            .collect();
        match terms.len() {
            0 => None,
            1 => Some(Box::new(TermQuery::new(
                terms.into_iter().next().expect("one term"),
                IndexRecordOption::Basic,
            ))),
            _ => Some(Box::new(PhraseQuery::new(terms))),
        }
    }

    fn query(&self, request: &SearchQuery) -> Result<(Box<dyn Query>, Box<dyn Query>)> {
        let f = self.fields;
        let text_query = self.parser.parse_query(&request.text)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query.box_clone())];
        if let Some(speaker) = &request.speaker {
            clauses.push((Occur::Must, Self::term(f.kind, "quote")));
            clauses.extend(Self::phrase(f.speaker, speaker).map(|q| (Occur::Must, q)));
        }
        if let Some(entity) = &request.entity {
            clauses.extend(Self::phrase(f.entity, entity).map(|q| (Occur::Must, q)));
        }
        if let Some(outlet) = &request.outlet {
            clauses.push((Occur::Must, Self::term(f.outlet, outlet)));
        }
        let bound = |date: &Option<String>, inclusive: bool| -> Result<Bound<Term>> {
            Ok(match date {
                None => Bound::Unbounded,
                Some(d) => {
                    let n = date_number(d).ok_or_else(|| {
                        crate::StoreError::Invalid(format!("not a date (YYYY-MM-DD): {d}"))
                    })?;
                    let term = Term::from_field_i64(f.date, n);
                    if inclusive {
                        Bound::Included(term)
                    } else {
                        Bound::Excluded(term)
                    }
                }
            })
        };
        if request.from.is_some() || request.to.is_some() {
            // Through the date terms into a bitset rather than the fast column: the column's
            // range scan, re-run from each document the other clauses seek to, was a fifth
            // of a filtered search's time.
            clauses.push((
                Occur::Must,
                Box::new(InvertedIndexRangeQuery::new(
                    bound(&request.from, true)?,
                    bound(&request.to, true)?,
                )),
            ));
        }
        Ok((Box::new(BooleanQuery::new(clauses)), text_query))
    }

    fn term(field: Field, value: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        ))
    }

    /// The best hits for the request, at most `request.limit`, and how many entries match
    /// it in all (counted in the same pass over the matches).
    pub fn search(&self, request: &SearchQuery) -> Result<(Vec<RawHit>, usize)> {
        let (query, _) = self.query(request)?;
        let searcher = self.reader.searcher();
        let (top, count) =
            searcher.search(&query, &(TopDocs::with_limit(request.limit.max(1)), Count))?;
        let records = self.record_columns(&searcher)?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let Some(record) = records[address.segment_ord as usize].first(address.doc_id) else {
                continue;
            };
            let (kind, id) = if record < 0 {
                (HitKind::Quote, -record)
            } else {
                (HitKind::Document, record)
            };
            hits.push(RawHit { kind, id, score });
        }
        Ok((hits, count))
    }

    /// Ids of the documents of `outlet` (the quotes its documents reported left out).
    pub fn documents_of_outlet(&self, outlet: &str) -> Result<HashSet<i64>> {
        let searcher = self.reader.searcher();
        let records = searcher.search(&*Self::term(self.fields.outlet, outlet), &RecordIds)?;
        Ok(records.into_iter().filter(|&record| record > 0).collect())
    }

    /// Each segment's column of record ids (see [`Fields::record`]).
    fn record_columns(&self, searcher: &Searcher) -> Result<Vec<Column<i64>>> {
        Ok(searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.fast_fields().i64(RECORD_FIELD))
            .collect::<tantivy::Result<_>>()?)
    }

    /// How many entries match the request, exactly.
    pub fn count(&self, request: &SearchQuery) -> Result<usize> {
        let (query, _) = self.query(request)?;
        Ok(self
            .reader
            .searcher()
            .search(&query, &tantivy::collector::Count)?)
    }

    /// A snippet maker for the body texts of the request's hits.
    pub fn snippets(&self, request: &SearchQuery) -> Result<Snippets> {
        let (_, text_query) = self.query(request)?;
        let searcher = self.reader.searcher();
        let mut generator = SnippetGenerator::create(&searcher, &*text_query, self.fields.body)?;
        generator.set_max_num_chars(200);
        Ok(Snippets { generator })
    }
}

/// Collects the record ids (see [`Fields::record`]) of every matching entry, reading the
/// column only: cheaper than collecting addresses and resolving them afterwards.
struct RecordIds;

struct SegmentRecordIds {
    column: Column<i64>,
    records: Vec<i64>,
}

impl Collector for RecordIds {
    type Fruit = Vec<i64>;
    type Child = SegmentRecordIds;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Ok(SegmentRecordIds {
            column: segment.fast_fields().i64(RECORD_FIELD)?,
            records: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Vec<i64>>) -> tantivy::Result<Vec<i64>> {
        Ok(segments.concat())
    }
}

impl SegmentCollector for SegmentRecordIds {
    type Fruit = Vec<i64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.records.extend(self.column.first(doc));
    }

    fn harvest(self) -> Vec<i64> {
        self.records
    }
}

/// Highlights the query's words in a text.
pub struct Snippets {
    generator: SnippetGenerator,
}

impl Snippets {
    /// The best fragment of `text` and the byte ranges of matched words in it; the text's
    /// opening when no word matches (a hit on the title only).
    pub fn make(&self, text: &str) -> (String, Vec<(usize, usize)>) {
        let snippet = self.generator.snippet(text);
        if snippet.is_empty() {
            let end = text.char_indices().nth(200).map_or(text.len(), |(i, _)| i);
            return (text[..end].to_string(), Vec::new());
        }
        let ranges = snippet
            .highlighted()
            .iter()
            .map(|r| (r.start, r.end))
            .collect();
        (snippet.fragment().to_string(), ranges)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_sortable_numbers() {
        assert_eq!(date_number("2022-01-07"), Some(20220107));
        assert_eq!(date_number("2022-01-07T10:00:00Z"), Some(20220107));
        assert_eq!(date_number("2022-01"), Some(20220101));
        assert_eq!(date_number("2022"), Some(20220101));
        assert_eq!(date_number("yesterday"), None);
    }
}
