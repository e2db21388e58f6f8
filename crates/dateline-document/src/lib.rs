//! The `Document`: one article's clean text plus every annotation as a span into it.
//!
//! In: nothing (this crate only defines the shared data model).
//! Out: [`Document`], [`Span`], [`Block`], [`Metadata`], [`Dateline`], [`Source`].
//!
//! The offset contract: every [`Span`] counts Unicode code points (not bytes) into
//! [`Document::text`], end exclusive, exactly like the gold files in `../shared/`.
//! A stage never rewrites `text`; it only adds spans, so offsets stay stable from
//! extraction to store. [`TextIndex`] converts between code-point and byte offsets.

mod coref;
mod entities;
mod events;
mod language;
mod measures;
mod places;
mod quotes;
mod span;
mod text_index;

pub use coref::{EntityMention, EntityRecord, Gender, GenderBasis, GenderEvidence, MentionKind};
pub use entities::{EntityLabel, Mention};
pub use events::{Event, EventActor, EventPlace};
pub use language::{Sentence, Token, Upos};
pub use measures::{Anchor, Quantity, Timex, TimexKind};
pub use places::{Place, Resolution};
pub use quotes::{Quote, QuoteKind};
pub use span::Span;
pub use text_index::{cuts_a_word, TextIndex};

use serde::{Deserialize, Serialize};

/// Where a document came from, precise enough to find the input again in an error
/// message or a record's provenance.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// File path as given on the command line (or `-` for stdin).
    pub path: String,
    /// Record inside a container: WARC record number, feed item number, JSONL line number (1-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    /// URL of the page: WARC target URI, feed item link, JSONL `url`, or the page's canonical URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Input format the reader recognised (`html`, `text`, `rss`, `atom`, `warc`, `jsonl`).
    pub format: String,
    /// Character encoding the bytes were decoded from, and how it was decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

impl Source {
    /// A short human label: `path`, `path#record`.
    pub fn label(&self) -> String {
        match self.record {
            Some(r) => format!("{}#{}", self.path, r),
            None => self.path.clone(),
        }
    }
}

/// The role a block of text plays in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Title,
    Subtitle,
    Byline,
    Paragraph,
    Subheading,
    ListItem,
    Blockquote,
    /// Text that is in `Document::text` but is not part of the article (menus, "All news"
    /// in a copied page). Kept as a span so nothing is silently dropped; stages skip it.
    Boilerplate,
}

impl BlockKind {
    /// Whether the block belongs to the article body (what body-extraction benchmarks score).
    pub fn is_body(self) -> bool {
        matches!(
            self,
            BlockKind::Paragraph
                | BlockKind::Subheading
                | BlockKind::ListItem
                | BlockKind::Blockquote
        )
    }
}

/// One block of the article, in reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    pub span: Span,
}

/// A wire-service dateline such as "NUR-SULTAN, January 7. /TASS/." or "WASHINGTON (Reuters) -".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    /// Place as printed ("NUR-SULTAN", "KYIV, Ukraine").
    pub place: String,
    /// Date as printed ("January 7"), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_text: Option<String>,
    /// The printed date resolved to ISO `YYYY-MM-DD` against the publication date (or the
    /// weekday/context), when that is possible without guessing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// News agency ("TASS", "Reuters", "AP"), if printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// The whole dateline, including its trailing separator.
    pub span: Span,
    /// The place part only.
    pub place_span: Span,
}

/// Article metadata. Every field is optional: absent means "not found", never guessed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub authors: Vec<String>,
    /// Publication date, ISO 8601 (`YYYY-MM-DD` or a full timestamp when the page gives one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Where `published` came from (`json-ld`, `meta`, `time`, `url`, `dateline`, `http`, `feed`, `input`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    /// BCP 47 language tag as declared by the page or detected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One article: clean text, its structure and metadata. Later stages add their layers
/// (tokens, sentences, entities, quotes, events) as spans into the same `text`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: hex digest of the source label and text (see [`Document::compute_id`]).
    pub id: String,
    pub source: Source,
    pub meta: Metadata,
    /// The article text. For HTML it is assembled by the extractor (blocks separated by a
    /// blank line); for plain-text input it is the input verbatim, so offsets match the file.
    pub text: String,
    /// Title, subtitle, paragraphs, subheadings... in reading order, non-overlapping.
    pub blocks: Vec<Block>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dateline: Option<Dateline>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub tokens: Vec<Token>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub sentences: Vec<Sentence>,
    /// Named-entity mentions, in token order, never overlapping.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub mentions: Vec<Mention>,
    /// Entities with every mention (names, acronyms, roles, pronouns), from coreference.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub entities: Vec<EntityRecord>,
    /// Time expressions (TIMEX3) with ISO values anchored to the dateline or publication date.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub timexes: Vec<Timex>,
    /// Counts, amounts and percentages with their unit.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub quantities: Vec<Quantity>,
    /// Quotations (direct, indirect, mixed) with cue and speaker, in text order.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub quotes: Vec<Quote>,
    /// Place mentions resolved to GeoNames entries with coordinates.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub places: Vec<Place>,
    /// Political events (who did what to whom, where, when) with CAMEO and PLOVER codes.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub events: Vec<Event>,
    /// Problems met while building this document that did not stop it (a limit hit, a
    /// charset guessed): reported, never silent.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub warnings: Vec<String>,
    /// Code-point index of `text`, built on first use by [`Document::text_index`]. Public
    /// only so that `Document { text, ..Default::default() }` works in other crates.
    #[serde(skip)]
    pub text_index: TextIndexCache,
}

/// A lazily built [`TextIndex`]; not part of the document's value (skipped by serde and
/// equality), only a cache of something derived from `text`.
#[derive(Debug, Clone, Default)]
pub struct TextIndexCache(std::sync::OnceLock<TextIndex>);

impl PartialEq for TextIndexCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Document {
    /// The country the story is about, as one of its geocoded country mentions: the country
    /// of the dateline's place when the text names that country, else the country named
    /// most often. `None` when no country is named: the name must come from the text.
    pub fn home_country(&self) -> Option<&Place> {
        let is_country = |p: &&Place| p.feature_code.starts_with("PCL");
        let dateline_country = self.dateline.as_ref().and_then(|d| {
            self.places
                .iter()
                .find(|p| d.place_span.contains(p.span) || p.span == d.place_span)
                .and_then(|p| p.country.clone())
        });
        if let Some(code) = dateline_country {
            if let Some(country) = self
                .places
                .iter()
                .filter(is_country)
                .find(|p| p.country.as_deref() == Some(code.as_str()))
            {
                return Some(country);
            }
        }
        let mut counts: Vec<(&str, usize, &Place)> = Vec::new();
        for place in self.places.iter().filter(is_country) {
            match counts.iter_mut().find(|(name, _, _)| *name == place.name) {
                Some(entry) => entry.1 += 1,
                None => counts.push((&place.name, 1, place)),
            }
        }
        // The first named wins a tie: the story's country usually comes first.
        counts
            .iter()
            .rev()
            .max_by_key(|(_, n, _)| *n)
            .map(|(_, _, place)| *place)
    }

    /// The text covered by `span`. Panics if the span lies outside the text, which would be
    /// a bug in the stage that produced it.
    pub fn slice(&self, span: Span) -> &str {
        self.text_index().slice(&self.text, span)
    }

    /// The code-point index of `text`, built once: stages slice the text token by token,
    /// and an index rebuilt per call made annotation quadratic in the document's length.
    /// Stages never rewrite `text`; if a caller did, the index is rebuilt for its length.
    pub fn text_index(&self) -> std::borrow::Cow<'_, TextIndex> {
        let cached = self.text_index.0.get_or_init(|| TextIndex::new(&self.text));
        if cached.indexes(&self.text) {
            std::borrow::Cow::Borrowed(cached)
        } else {
            std::borrow::Cow::Owned(TextIndex::new(&self.text))
        }
    }

    /// Blocks of the article body (paragraphs, subheadings, list items, blockquotes).
    pub fn body_blocks(&self) -> impl Iterator<Item = &Block> {
        self.blocks.iter().filter(|b| b.kind.is_body())
    }

    /// The body as plain text, blocks joined by a blank line: what body-extraction benchmarks compare.
    pub fn body_text(&self) -> String {
        let index = TextIndex::new(&self.text);
        let parts: Vec<&str> = self
            .body_blocks()
            .map(|b| index.slice(&self.text, b.span))
            .collect();
        parts.join("\n\n")
    }

    /// A stable id from the source label and the text, so re-extracting the same input
    /// gives the same id and two inputs with the same text at different places do not collide.
    pub fn compute_id(source: &Source, text: &str) -> String {
        use std::hash::Hasher;
        // FNV-1a 64, twice with different seeds: stable across Rust versions, unlike DefaultHasher.
        let mut a = Fnv64(0xcbf2_9ce4_8422_2325);
        let mut b = Fnv64(0x8422_2325_cbf2_9ce4);
        for h in [&mut a, &mut b] {
            h.write(source.label().as_bytes());
            h.write(&[0]);
            h.write(text.as_bytes());
        }
        format!("{:016x}{:016x}", a.finish(), b.finish())
    }
}

struct Fnv64(u64);

impl std::hash::Hasher for Fnv64 {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(start: usize, name: &str, country: &str, code: &str) -> Place {
        Place {
            span: Span::new(start, start + 3),
            geonameid: None,
            name: name.into(),
            country: Some(country.into()),
            feature_class: if code.starts_with("PCL") { "A" } else { "P" }.into(),
            feature_code: code.into(),
            lat: 0.0,
            lon: 0.0,
            population: None,
            resolved_by: Resolution::Unique,
            metonymic: false,
        }
    }

    #[test]
    fn the_home_country_follows_the_dateline_else_the_most_named() {
        let mut doc = Document {
            places: vec![
                place(0, "Astana", "KZ", "PPLC"),
                place(10, "Russia", "RU", "PCLF"),
                place(20, "Russia", "RU", "PCLF"),
                place(30, "Kazakhstan", "KZ", "PCLI"),
            ],
            ..Default::default()
        };
        assert_eq!(doc.home_country().unwrap().name, "Russia");
        doc.dateline = Some(Dateline {
            place: "NUR".into(),
            place_span: Span::new(0, 3),
            span: Span::new(0, 3),
            date_text: None,
            date: None,
            agency: None,
        });
        assert_eq!(doc.home_country().unwrap().name, "Kazakhstan");
        doc.places.retain(|p| !p.feature_code.starts_with("PCL"));
        assert!(doc.home_country().is_none());
    }

    fn sample() -> Document {
        let text = "Title\n\nKazakhstan’s first paragraph.\n\nSecond.".to_string();
        Document {
            blocks: vec![
                Block {
                    kind: BlockKind::Title,
                    span: Span::new(0, 5),
                },
                Block {
                    kind: BlockKind::Paragraph,
                    span: Span::new(7, 36),
                },
                Block {
                    kind: BlockKind::Paragraph,
                    span: Span::new(38, 45),
                },
            ],
            text,
            ..Default::default()
        }
    }

    #[test]
    fn body_text_joins_body_blocks_only() {
        let doc = sample();
        assert_eq!(doc.body_text(), "Kazakhstan’s first paragraph.\n\nSecond.");
        assert_eq!(doc.slice(Span::new(7, 19)), "Kazakhstan’s");
    }

    #[test]
    fn a_replaced_text_is_not_sliced_with_the_old_index() {
        let mut doc = Document {
            text: "«Да» said".into(),
            ..Default::default()
        };
        assert_eq!(doc.slice(Span::new(5, 9)), "said");
        doc.text = "He said «да»".into();
        assert_eq!(doc.slice(Span::new(8, 12)), "«да»");
    }

    #[test]
    fn id_depends_on_source_and_text() {
        let a = Source {
            path: "a.html".into(),
            ..Default::default()
        };
        let b = Source {
            path: "b.html".into(),
            ..Default::default()
        };
        assert_eq!(Document::compute_id(&a, "x"), Document::compute_id(&a, "x"));
        assert_ne!(Document::compute_id(&a, "x"), Document::compute_id(&b, "x"));
        assert_ne!(Document::compute_id(&a, "x"), Document::compute_id(&a, "y"));
        assert_eq!(Document::compute_id(&a, "x").len(), 32);
    }
}
