//! Events across reports: the same event told by many documents becomes one event record
//! with many reports, as a quote reprinted by many outlets is one quote record.
//!
//! Every coded event stays a row of its own (its document, sentence and trigger are the
//! evidence of that report); a later report points at the first one (`events.same_as`),
//! which stands for the merged record. Two events are reports of the same event when they
//! agree on
//! - the PLOVER type and the CAMEO root (the code's first two digits);
//! - the source and the target actor: the same entity record when the coder tied the actor
//!   to one, else the same CAMEO actor code, else the same normalised name; a missing actor
//!   only agrees with a missing actor;
//! - the place: the same GeoNames entry, else the same normalised name, else none on both;
//! - the day: the same day, or the day after when only the later date is approximate. A date
//!   is approximate when the sentence names no date and the event took its document's date
//!   (dateline, else publication): the next morning's report of last night's clash carries
//!   the next day. A report is compared with the first report's date, so records do not
//!   drift day by day.
//!
//! Conservative on purpose, since a wrong merge hides an event while a missed one only
//! counts it twice: an event without a PLOVER type (CAMEO 01 statements, which the quote
//! records link already), without a date, without any actor, or that is not factual
//! (negated, hypothetical, announced for the future) is never merged. Two protests in two
//! cities, or the same actors on different days, stay apart.

use crate::normalise_words;
use crate::records::Records;
use crate::Result;
use chrono::NaiveDate;
use dateline_document::{Document, Event, EventActor, EventPlace, Place, TimexKind};
use rusqlite::params;
use std::collections::HashMap;

/// What two reports of one event agree on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EventIdentity {
    /// Type, CAMEO root, actors and place: equal keys agree on everything but the date.
    pub key: String,
    /// Days since 1970-01-01.
    pub day: i64,
    /// The date is the document's, not one the sentence names.
    pub approximate: bool,
}

impl EventIdentity {
    /// The identity of `event` of `doc`, or `None` when it is never merged. `entities` maps
    /// the document's entity indexes to entity records; `document_date` is the date the
    /// store gives an event without one.
    pub fn of(
        event: &Event,
        doc: &Document,
        entities: &HashMap<usize, i64>,
        document_date: Option<&str>,
    ) -> Option<EventIdentity> {
        let plover = event.plover.as_deref().filter(|_| event.is_factual())?;
        if event.source.is_none() && event.target.is_none() {
            return None;
        }
        let (date, approximate) = match &event.date {
            Some(date) => (date.as_str(), !named_in_sentence(doc, event, date)),
            None => (document_date?, true),
        };
        let day = day_number(date)?;
        let root = event.cameo.get(..2).unwrap_or(&event.cameo);
        let actor = |actor: &Option<EventActor>| match actor {
            None => "-".to_string(),
            Some(actor) => match actor.entity.and_then(|i| entities.get(&i)) {
                Some(entity) => format!("e{entity}"),
                None => match &actor.code {
                    Some(code) => format!("c{code}"),
                    None => format!("n{}", normalise_words(&actor.name)),
                },
            },
        };
        let place = match &event.location {
            None => "-".to_string(),
            Some(location) => match gazetteer_entry(doc, location).and_then(|p| p.geonameid) {
                Some(geonameid) => format!("g{geonameid}"),
                None => format!("n{}", normalise_words(&location.name)),
            },
        };
        Some(EventIdentity {
            key: format!(
                "{plover}|{root}|{}|{}|{place}",
                actor(&event.source),
                actor(&event.target)
            ),
            day,
            approximate,
        })
    }

    /// The other day a report of the same event may carry, and whether that report's date
    /// must then be approximate: an exact date accepts an approximate one a day later, an
    /// approximate date an exact one a day earlier.
    fn neighbour(&self) -> (i64, bool) {
        if self.approximate {
            (self.day - 1, false)
        } else {
            (self.day + 1, true)
        }
    }

    /// Whether a report with identity `other` (same key) can report the same event as a
    /// first report with this identity.
    pub fn same_time(&self, other: &EventIdentity) -> bool {
        other.day == self.day || (other.day, other.approximate) == self.neighbour()
    }
}

/// The gazetteer entry an event's place was resolved to: the document's place inside the
/// place phrase (for a dateline, its place span) with the same name.
pub(crate) fn gazetteer_entry<'a>(doc: &'a Document, location: &EventPlace) -> Option<&'a Place> {
    let span = location.span?;
    doc.places
        .iter()
        .find(|p| p.name == location.name && span.contains(p.span))
}

/// Whether a date time expression of the event's sentence gives `date`.
fn named_in_sentence(doc: &Document, event: &Event, date: &str) -> bool {
    doc.timexes.iter().any(|t| {
        t.kind == TimexKind::Date
            && event.sentence.contains(t.span)
            && t.value.as_deref().is_some_and(|v| v.starts_with(date))
    })
}

/// Days since 1970-01-01 of an ISO date (`YYYY-MM-DD`, possibly followed by a time).
fn day_number(date: &str) -> Option<i64> {
    let day = NaiveDate::parse_from_str(date.get(..10)?, "%Y-%m-%d").ok()?;
    Some((day - NaiveDate::from_ymd_opt(1970, 1, 1)?).num_days())
}

/// [`find_record`]'s query; parameters: merge key, day, neighbouring day, approximate flag.
const RECORD_LOOKUP: &str = "SELECT min(id) FROM events
     WHERE merge_key = ?1 AND same_as IS NULL
       AND (day = ?2 OR (day = ?3 AND approximate = ?4))";

/// The stored event record `identity` reports, if any: the first report with the same key
/// and a compatible day (the earliest stored when several are). One lookup in the partial
/// index `events_merge`, which holds first reports only.
pub(crate) fn find_record(db: &mut impl Records, identity: &EventIdentity) -> Result<Option<i64>> {
    let (neighbour, approximate) = identity.neighbour();
    db.one(
        RECORD_LOOKUP,
        params![
            identity.key,
            identity.day,
            neighbour,
            i64::from(approximate)
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embedded::tests::open;
    use crate::fixtures::events::{
        exported, parquet_export_reads_back_as_jsonl, protest, reports_of_one_event_are_one_record,
        ALMATY,
    };
    use crate::{EventFilter, ExportKind, Paging, Store};

    fn almaty(path: &str, published: &str) -> Document {
        protest(
            path,
            published,
            "Protesters clashed with police in Almaty on January 5.",
            ALMATY,
            Some(("January 5", "2022-01-05")),
        )
    }

    #[test]
    fn reports_of_one_event_are_one_record_in_the_embedded_store() {
        let dir = tempfile::tempdir().unwrap();
        reports_of_one_event_are_one_record(&mut open(dir.path()));
    }

    #[test]
    fn parquet_export_reads_back_as_jsonl_from_the_embedded_store() {
        let dir = tempfile::tempdir().unwrap();
        parquet_export_reads_back_as_jsonl(&mut open(dir.path()));
    }

    #[test]
    fn lists_show_records_and_a_document_its_reports() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        store
            .write_batch(&[almaty("a.txt", "2022-01-05"), almaty("b.txt", "2022-01-06")])
            .unwrap();
        let page = Paging::default();
        let (records, total) = store.events(&EventFilter::default(), page).unwrap();
        assert_eq!(total, 1);
        assert_eq!(
            (
                records[0].id,
                records[0].record,
                records[0].reports,
                records[0].documents
            ),
            (1, 1, 2, 2)
        );
        let in_second = EventFilter {
            document: Some(2),
            ..Default::default()
        };
        let (reports, _) = store.events(&in_second, page).unwrap();
        assert_eq!(
            (reports[0].id, reports[0].record, reports[0].reports),
            (2, 1, 2)
        );
        // Reported by outlet "text" (both documents' input format).
        let by_outlet = EventFilter {
            outlet: Some("text".into()),
            ..Default::default()
        };
        assert_eq!(store.events(&by_outlet, page).unwrap().1, 1);
    }

    #[test]
    fn the_lookup_reads_the_partial_index_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(dir.path());
        let plan = crate::schema::query_plan(store.conn(), RECORD_LOOKUP, params!["k", 1, 2, 1]);
        assert!(
            plan.iter()
                .any(|step| step.contains("COVERING INDEX events_merge")),
            "{plan:?}"
        );
    }

    #[test]
    fn events_stored_before_merging_stay_their_own_records() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        store.write_batch(&[almaty("a.txt", "2022-01-05")]).unwrap();
        // As an older build stored it: no key, no day.
        store
            .conn()
            .execute(
                "UPDATE events SET merge_key = NULL, day = NULL, approximate = NULL",
                [],
            )
            .unwrap();
        store.write_batch(&[almaty("b.txt", "2022-01-05")]).unwrap();
        let records = exported(&store, ExportKind::Events);
        assert_eq!(records.len(), 2);
        assert!(records.iter().all(|r| r["reports"] == 1));
        assert_eq!(records[0]["date_approximate"], Value::Null);
    }

    use serde_json::Value;

    fn identity(day: i64, approximate: bool) -> EventIdentity {
        EventIdentity {
            key: "PROTEST|14|cKAZOPP|cKAZGOV|g1526384".into(),
            day,
            approximate,
        }
    }

    #[test]
    fn an_approximate_date_may_be_the_day_after_an_exact_one_and_no_other() {
        let exact = identity(100, false);
        let approximate = identity(100, true);
        assert!(exact.same_time(&identity(100, false)));
        assert!(exact.same_time(&identity(100, true)));
        assert!(exact.same_time(&identity(101, true)));
        assert!(!exact.same_time(&identity(101, false)));
        assert!(!exact.same_time(&identity(99, true)));
        assert!(approximate.same_time(&identity(99, false)));
        assert!(!approximate.same_time(&identity(99, true)));
        assert!(!approximate.same_time(&identity(101, true)));
        assert!(!approximate.same_time(&identity(102, false)));
    }

    #[test]
    fn days_count_from_1970_and_ignore_the_time() {
        assert_eq!(day_number("1970-01-02"), Some(1));
        assert_eq!(day_number("2022-01-05T10:00:00Z"), day_number("2022-01-05"));
        assert_eq!(day_number("2022-01"), None);
        assert_eq!(day_number("yesterday"), None);
    }
}
