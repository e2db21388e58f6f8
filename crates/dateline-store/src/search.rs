//! Full-text search over the embedded store in two passes, so that a page costs what it
//! shows: ranking (index keys, with near-duplicates folded through an index-only lookup of
//! each document's cluster) over as many entries as the page needs, then presentation
//! (title, date, source, highlighted snippet) of only the hits that are shown.

use crate::embedded::LABEL_SQL;
use crate::{EmbeddedStore, HitKind, Result, SearchHit, SearchQuery};
use std::collections::{HashMap, HashSet};

/// Most index entries one search looks through to fill a page after folding near-duplicates.
const MAX_SEARCH_WINDOW: usize = 4096;

/// A ranked search hit before it is looked up for display.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankedHit {
    pub kind: HitKind,
    /// Document id or quote id in the store.
    pub id: i64,
    pub score: f32,
    /// Near-duplicates of this document that matched too and were folded into this hit.
    pub copies: usize,
}

impl EmbeddedStore {
    /// The best `query.limit` hits in rank order, near-duplicate documents folded into their
    /// best-ranked copy.
    pub fn rank(&self, query: &SearchQuery) -> Result<Vec<RankedHit>> {
        Ok(self.rank_counted(query)?.0)
    }

    /// [`EmbeddedStore::rank`], and how many documents and quotes match the query (as
    /// [`EmbeddedStore::count_matches`]), counted in the same pass.
    pub fn rank_counted(&self, query: &SearchQuery) -> Result<(Vec<RankedHit>, usize)> {
        // Folding shortens the list, so ask the index for more than `limit`, and for more
        // again while the page is short.
        let mut wide = query.limit.max(1).saturating_mul(4);
        loop {
            let (hits, matches) = self.rank_window(query, wide)?;
            if hits.len() >= query.limit || matches <= wide || wide >= MAX_SEARCH_WINDOW {
                return Ok((hits, matches));
            }
            wide = wide.saturating_mul(4);
        }
    }

    /// Folded hits from the index's best `wide` entries, and how many entries match in all.
    /// Copies are counted over the whole window, also for the last hits kept.
    fn rank_window(&self, query: &SearchQuery, wide: usize) -> Result<(Vec<RankedHit>, usize)> {
        let window = SearchQuery {
            limit: wide,
            ..query.clone()
        };
        let (raw, matches) = self.search_index().search(&window)?;
        // `duplicate_of` sits after the text in the row: read it from the covering index.
        let mut cluster_of = self.conn().prepare_cached(
            "SELECT coalesce(duplicate_of, id) FROM documents INDEXED BY documents_cluster
             WHERE id = ?1",
        )?;
        let mut hits: Vec<RankedHit> = Vec::with_capacity(query.limit);
        let mut clusters: HashMap<i64, usize> = HashMap::new();
        for hit in raw {
            let (kind, id) = (hit.kind, hit.id);
            if kind == HitKind::Document {
                let cluster: i64 = cluster_of.query_row([id], |r| r.get(0))?;
                if let Some(&first) = clusters.get(&cluster) {
                    hits[first].copies += 1;
                    continue;
                }
                if hits.len() < query.limit {
                    clusters.insert(cluster, hits.len());
                }
            }
            if hits.len() < query.limit {
                hits.push(RankedHit {
                    kind,
                    id,
                    score: hit.score,
                    copies: 0,
                });
            }
        }
        Ok((hits, matches))
    }

    /// Ids of the documents of an outlet (exactly as named).
    pub fn documents_of_outlet(&self, outlet: &str) -> Result<HashSet<i64>> {
        self.search_index().documents_of_outlet(outlet)
    }

    /// How many documents and quotes match the query, exactly (near-duplicate copies each
    /// count).
    pub fn count_matches(&self, query: &SearchQuery) -> Result<usize> {
        self.search_index().count(query)
    }

    /// Ranked hits as shown: title (or speaker), date, source and the best fragment of the
    /// text with the query's words highlighted.
    pub fn present(&self, query: &SearchQuery, ranked: &[RankedHit]) -> Result<Vec<SearchHit>> {
        if ranked.is_empty() {
            return Ok(Vec::new());
        }
        let snippets = self.search_index().snippets(query)?;
        let mut document = self.conn().prepare_cached(&format!(
            "SELECT title, date, {LABEL_SQL}, text FROM documents WHERE id = ?1"
        ))?;
        // A quote's source is the first document that reported it, in the order of
        // `QuoteRecord::sources`, without reading the others.
        let mut quote = self.conn().prepare_cached(&format!(
            "SELECT q.speaker_name, q.date, coalesce((
                SELECT {LABEL_SQL} FROM documents WHERE id = (
                    SELECT doc FROM quote_sources WHERE quote = q.id
                    ORDER BY coalesce(date, '9999'), doc LIMIT 1
                )
             ), ''), q.text
             FROM quotes q WHERE q.id = ?1"
        ))?;
        let mut hits = Vec::with_capacity(ranked.len());
        for hit in ranked {
            let statement = match hit.kind {
                HitKind::Document => &mut document,
                HitKind::Quote => &mut quote,
            };
            let (title, date, source, text): (Option<String>, Option<String>, String, String) =
                statement.query_row([hit.id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?;
            let (snippet, highlights) = snippets.make(&text);
            hits.push(SearchHit {
                kind: hit.kind,
                id: hit.id,
                score: hit.score,
                title,
                date,
                source,
                snippet,
                highlights,
                copies: hit.copies,
            });
        }
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embedded::tests::open;
    use crate::fixtures::checks::sample_article;
    use crate::fixtures::{article, doc, other_speaker, reuters, tass};
    use crate::Store;

    /// Everything a hit shows but the near-duplicate count, which is counted over the
    /// entries ranked (more of them for a longer page).
    fn shown(hits: &[SearchHit]) -> Vec<String> {
        hits.iter()
            .map(|h| {
                format!(
                    "{:?} {} {} {:?} {:?} {} {} {:?}",
                    h.kind, h.id, h.score, h.title, h.date, h.source, h.snippet, h.highlights
                )
            })
            .collect()
    }

    #[test]
    fn a_short_page_shows_the_first_hits_of_a_long_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        // The quote "... surrender ..." reported twice (one quote record), an article and
        // its edited reprint (one near-duplicate cluster), and articles using the word more
        // or less often, so that scores differ.
        let body = sample_article("GUM_news_afghan.txt");
        let (rest, _) = body.trim_end().rsplit_once("\n\n").unwrap();
        let mut docs = vec![
            tass(),
            reuters(),
            other_speaker(),
            doc(
                "a.txt",
                "2022-07-21",
                &format!("Girls win\n\n{body} surrender"),
                "Afghan",
                &[],
            ),
            doc(
                "b.txt",
                "2022-07-22",
                &format!("Robots\n\n{rest} surrender"),
                "Afghan",
                &[],
            ),
        ];
        for n in 1..=12 {
            let words = "surrender ".repeat(n);
            docs.push(article(
                &format!("talks-{n}.txt"),
                &format!("Talks, round {n}\n\nThe rebels refused to {words}on the {n}th day."),
            ));
        }
        let outcome = store.write_batch(&docs).unwrap();
        assert_eq!(outcome.near_duplicates, 1);
        let query = |limit| SearchQuery {
            text: "surrender".into(),
            limit,
            ..Default::default()
        };
        let long = store.search(&query(50)).unwrap();
        // Every matching entry but the folded reprint.
        let matches = store.count_matches(&query(1)).unwrap();
        assert_eq!(long.len(), matches - 1);
        assert_eq!(long.iter().map(|h| h.copies).sum::<usize>(), 1);
        for limit in [1, 2, 5, 9] {
            let short = store.search(&query(limit)).unwrap();
            assert_eq!(shown(&short), shown(&long[..limit]), "limit {limit}");
            let ranked = store.rank(&query(limit)).unwrap();
            assert_eq!(
                shown(&store.present(&query(limit), &ranked).unwrap()),
                shown(&short)
            );
        }
        // A quote hit names the first document that reported it, as its record lists them.
        let quote = long.iter().find(|h| h.kind == HitKind::Quote).unwrap();
        let record = store.quote_record(quote.id).unwrap();
        assert_eq!(record.sources.len(), 2);
        assert_eq!(quote.source, record.sources[0].source);
        assert_eq!(quote.title.as_deref(), Some("Kassym-Jomart Tokayev"));
    }
}
