//! The annotation pipeline.
//!
//! In: a [`Document`] from extraction, and the trained models (`models/`).
//! Out: the same document with tokens, sentences, tags, dependencies, entity mentions,
//! coreference chains, places, time expressions and quantities filled in, each stage reading the
//! layers of the ones before it, like a spaCy pipeline over one `Doc`.

use chrono::NaiveDate;
use dateline_document::{BlockKind, Document, Span};
use dateline_ner::EntityCache;
use dateline_ner::Recognizer;
use dateline_syntax::{ParseCache, Parser, Tagger};
use std::path::{Path, PathBuf};

/// The pipeline's stages in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Tokens, sentences, tags, dependencies and entity mentions (the statistical core).
    Language,
    Coreference,
    Places,
    TimeAndQuantities,
    Quotes,
    Events,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Language,
        Stage::Coreference,
        Stage::Places,
        Stage::TimeAndQuantities,
        Stage::Quotes,
        Stage::Events,
    ];

    /// What the stage adds, for reports.
    pub fn what_it_adds(self) -> &'static str {
        match self {
            Stage::Language => "tokens, sentences, tags, dependencies, entities",
            Stage::Coreference => "coreference",
            Stage::Places => "places",
            Stage::TimeAndQuantities => "time expressions and quantities",
            Stage::Quotes => "quotes",
            Stage::Events => "events",
        }
    }

    /// The stages whose layers this one reads, directly or through another: a job that
    /// wants only this stage's layer runs these and itself (see [`Pipeline::annotate_for`]).
    pub fn reads(self) -> &'static [Stage] {
        match self {
            Stage::Language => &[],
            Stage::Coreference | Stage::Places | Stage::TimeAndQuantities => &[Stage::Language],
            // Speakers are resolved through coreference; "the government" is the home
            // country's, which the places give.
            Stage::Quotes => &[Stage::Language, Stage::Coreference, Stage::Places],
            Stage::Events => &[
                Stage::Language,
                Stage::Coreference,
                Stage::Places,
                Stage::TimeAndQuantities,
                Stage::Quotes,
            ],
        }
    }

    /// Whether a job that wants `job`'s layer runs this stage: `job` itself or one it reads.
    pub fn is_run_for(self, job: Stage) -> bool {
        self == job || job.reads().contains(&self)
    }
}

/// A model that could not be loaded, with its file.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct ModelError {
    pub path: PathBuf,
    pub reason: String,
}

/// The trained models, loaded once and shared by every thread.
pub struct Pipeline {
    tagger: Tagger,
    parser: Parser,
    recognizer: Recognizer,
    gazetteer: dateline_geo::Gazetteer,
    events: dateline_events::Coder,
    sentence_cache: Option<ParseCache>,
    entity_cache: Option<EntityCache>,
}

impl Pipeline {
    /// Loads `tagger.bin`, `parser.bin`, `ner.bin`, `gazetteer.bin` and `events.dict` from `dir`.
    pub fn load(dir: &Path) -> Result<Pipeline, ModelError> {
        let error = |file: &str, reason: String| ModelError {
            path: dir.join(file),
            reason,
        };
        Ok(Pipeline {
            tagger: Tagger::load(dir.join("tagger.bin"))
                .map_err(|e| error("tagger.bin", e.to_string()))?,
            parser: Parser::load(dir.join("parser.bin"))
                .map_err(|e| error("parser.bin", e.to_string()))?,
            recognizer: Recognizer::load(&dir.join("ner.bin"))
                .map_err(|e| error("ner.bin", e.to_string()))?,
            gazetteer: dateline_geo::Gazetteer::load(&dir.join("gazetteer.bin"))
                .map_err(|e| error("gazetteer.bin", e.to_string()))?,
            events: dateline_events::Dictionaries::load(&dir.join(dateline_events::BUNDLE_FILE))
                .map(dateline_events::Coder::new)
                .map_err(|e| error(dateline_events::BUNDLE_FILE, e.to_string()))?,
            sentence_cache: None,
            entity_cache: None,
        })
    }

    /// Remembers the tags, arcs and entity mentions of up to about `sentences` sentences, so
    /// that a sentence met again (reprints, updates, recurring lines) is not parsed or
    /// tagged for entities again. For streams such as an ingest; a benchmark of the models
    /// themselves runs without it.
    pub fn with_sentence_cache(mut self, sentences: usize) -> Pipeline {
        self.sentence_cache = Some(ParseCache::new(sentences));
        self.entity_cache = Some(EntityCache::new(sentences));
        self
    }

    /// Sentences found in the cache, and sentences looked up, if there is a cache.
    pub fn sentence_cache_hits(&self) -> Option<(u64, u64)> {
        self.sentence_cache
            .as_ref()
            .map(ParseCache::hits_and_lookups)
    }

    /// Where the models are when none is named: `$DATELINE_MODELS`, else a `models/`
    /// directory beside the executable or one of its parents (a cargo build runs from
    /// `target/release/` inside the repository), else `./models`.
    pub fn default_models_dir() -> PathBuf {
        if let Some(dir) = std::env::var_os("DATELINE_MODELS") {
            return PathBuf::from(dir);
        }
        let beside_exe = std::env::current_exe().ok().and_then(|exe| {
            exe.ancestors()
                .skip(1)
                .map(|dir| dir.join("models"))
                .find(|dir| dir.join("tagger.bin").is_file())
        });
        beside_exe.unwrap_or_else(|| PathBuf::from("models"))
    }

    /// Runs every stage over `doc`. `fallback_date` is the creation time to anchor relative
    /// dates to when the document itself gives none (no dateline date, no publication date).
    pub fn annotate(&self, doc: &mut Document, fallback_date: Option<NaiveDate>) {
        for stage in Stage::ALL {
            self.annotate_stage(stage, doc, fallback_date);
        }
    }

    /// Runs `stage` and only the stages it reads: `dateline quotes` has no use for time
    /// expressions or events, which together cost about a fifth of the pipeline.
    pub fn annotate_for(&self, stage: Stage, doc: &mut Document, fallback_date: Option<NaiveDate>) {
        for needed in Stage::ALL.into_iter().filter(|s| s.is_run_for(stage)) {
            self.annotate_stage(needed, doc, fallback_date);
        }
    }

    /// Runs one stage; it reads the layers of the stages before it in [`Stage::ALL`], so a
    /// caller timing stages one by one (`dateline bench language`) runs them in that order.
    pub fn annotate_stage(
        &self,
        stage: Stage,
        doc: &mut Document,
        fallback_date: Option<NaiveDate>,
    ) {
        match stage {
            Stage::Language => self.annotate_language(doc),
            Stage::Coreference => dateline_coref::resolve(doc),
            Stage::Places => dateline_geo::annotate(doc, &self.gazetteer),
            Stage::TimeAndQuantities => annotate_time_and_quantities(doc, fallback_date),
            Stage::Quotes => dateline_quotes::annotate(doc),
            Stage::Events => {
                let dct = creation_date(doc, fallback_date);
                dateline_events::annotate(doc, &self.events, dct);
            }
        }
    }

    /// The statistical core alone: tokens, sentences, tags, dependencies and entity mentions
    /// (what `dateline bench language` times against other NLP libraries).
    pub fn annotate_language(&self, doc: &mut Document) {
        self.annotate_syntax(doc);
        match &self.entity_cache {
            Some(cache) => dateline_ner::annotate_with_cache(doc, &self.recognizer, cache),
            None => dateline_ner::annotate(doc, &self.recognizer),
        }
    }

    /// Tokens, sentences, tags and dependencies.
    pub fn annotate_syntax(&self, doc: &mut Document) {
        dateline_tokenize::annotate(doc);
        match &self.sentence_cache {
            Some(cache) => {
                dateline_syntax::annotate_with_cache(doc, &self.tagger, &self.parser, cache)
            }
            None => dateline_syntax::annotate(doc, &self.tagger, &self.parser),
        }
    }
}

/// The document creation time: the dateline's date, else the publication date, else the
/// caller's fallback.
pub fn creation_date(doc: &Document, fallback: Option<NaiveDate>) -> Option<NaiveDate> {
    let parse = |s: &str| {
        s.get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    };
    doc.dateline
        .as_ref()
        .and_then(|d| d.date.as_deref())
        .and_then(parse)
        .or_else(|| doc.meta.published.as_deref().and_then(parse))
        .or(fallback)
}

/// Time expressions and quantities outside boilerplate; numbers inside a time expression
/// ("January 7") are not counted as quantities.
/// CPU time the calling thread has run for, where the platform has a per-thread CPU clock:
/// the benchmarks' "per core" rates, which the wall clock overstates on a shared machine.
pub fn thread_cpu_time() -> Option<std::time::Duration> {
    #[cfg(unix)]
    {
        let mut now = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime only writes the timespec it is given.
        let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
        (status == 0).then(|| std::time::Duration::new(now.tv_sec as u64, now.tv_nsec as u32))
    }
    #[cfg(not(unix))]
    None
}

pub fn annotate_time_and_quantities(doc: &mut Document, fallback_date: Option<NaiveDate>) {
    let dct = creation_date(doc, fallback_date);
    let boilerplate: Vec<Span> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Boilerplate)
        .map(|b| b.span)
        .collect();
    let outside_boilerplate = |span: Span| boilerplate.iter().all(|b| b.overlap(span) == 0);
    doc.timexes = dateline_timex::find(&doc.text, dct)
        .into_iter()
        .filter(|t| outside_boilerplate(t.span))
        .collect();
    let mut skip: Vec<Span> = doc.timexes.iter().map(|t| t.span).collect();
    skip.extend(boilerplate.iter().copied());
    doc.quantities = dateline_quantities::find(&doc.text, &skip);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_documents() -> Vec<Document> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sample/wikinews");
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("the Wikinews sample")
            .map(|e| e.expect("a directory entry").path())
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| Document {
                text: std::fs::read_to_string(p).expect("a sample article"),
                ..Default::default()
            })
            .collect()
    }

    #[test]
    fn the_sentence_cache_changes_nothing_but_the_work() {
        let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
        let plain = Pipeline::load(&models).expect("models load");
        let cached = Pipeline::load(&models)
            .expect("models load")
            .with_sentence_cache(10_000);
        let documents = sample_documents();
        assert!(documents.len() > 10);
        // Twice through the cached pipeline: the second pass finds every sentence.
        for pass in 0..2 {
            for original in &documents {
                let (mut expected, mut got) = (original.clone(), original.clone());
                plain.annotate(&mut expected, None);
                cached.annotate(&mut got, None);
                assert_eq!(got, expected, "pass {pass}");
            }
        }
        let (hits, lookups) = cached.sentence_cache_hits().expect("a cache");
        assert!(hits * 2 >= lookups && hits < lookups, "{hits} of {lookups}");
    }

    #[test]
    fn a_stage_reads_only_stages_before_it() {
        for (i, stage) in Stage::ALL.iter().enumerate() {
            for read in stage.reads() {
                assert!(Stage::ALL[..i].contains(read), "{stage:?} reads {read:?}");
            }
        }
    }

    #[test]
    fn the_stages_a_job_needs_give_what_the_whole_pipeline_gives() {
        let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
        let pipeline = Pipeline::load(&models).expect("models load");
        let mut quotes = 0;
        for original in sample_documents() {
            let (mut whole, mut job) = (original.clone(), original);
            pipeline.annotate(&mut whole, None);
            pipeline.annotate_for(Stage::Quotes, &mut job, None);
            assert_eq!(job.quotes, whole.quotes);
            assert_eq!(job.entities, whole.entities);
            assert!(job.events.is_empty() && job.timexes.is_empty());
            quotes += job.quotes.len();
        }
        assert!(quotes > 20, "{quotes} quotes in the sample");
    }
}
