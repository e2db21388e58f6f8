//! Quotation scores on the gold format of `../shared/corpus/quotes/README.md` (PolNeAR and
//! the seed): precision, recall and F1 of quote spans, overall and per kind, speaker-mention
//! accuracy and resolved-name accuracy on the matched quotes.
//!
//! A predicted quote matches a gold quote when, after trimming quotation marks, punctuation
//! and spaces from both ends, their character overlap is at least half of the longer span.
//! A discontinuous content is compared through its hull and through each of its parts, so a
//! quote continued after its attribution ("A," he said. "B.") matches whether the gold
//! keeps it as one content with two parts (PolNeAR) or as two quotes (the seed).
//! Overall figures ignore the kind; per-kind figures count a match only between quotes of
//! that kind.

use crate::f1;
use dateline_document::{Block, BlockKind, Document, Quote, QuoteKind, Span};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
pub struct GoldDocument {
    pub id: String,
    pub text: String,
    pub quotes: Vec<GoldQuote>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuote {
    pub quote: Span,
    pub speaker: Option<Span>,
    pub speaker_name: Option<String>,
    pub cue: Option<Span>,
    pub kind: String,
    #[serde(default)]
    pub quote_parts: Option<Vec<Span>>,
}

impl GoldDocument {
    /// The gold text as a document to annotate: one paragraph block per non-empty line,
    /// as the extractor makes them from a news page.
    pub fn document(&self) -> Document {
        let mut blocks = Vec::new();
        let mut start = 0;
        for line in self.text.split('\n') {
            let len = line.chars().count();
            if !line.trim().is_empty() {
                blocks.push(Block {
                    kind: BlockKind::Paragraph,
                    span: Span::new(start, start + len),
                });
            }
            start += len + 1;
        }
        Document {
            id: self.id.clone(),
            text: self.text.clone(),
            blocks,
            ..Default::default()
        }
    }
}

/// One predicted quote, as the scorer needs it.
#[derive(Debug, Clone)]
pub struct Predicted {
    pub span: Span,
    pub parts: Vec<Span>,
    pub kind: QuoteKind,
    pub speaker: Option<Span>,
    pub speaker_name: Option<String>,
}

impl From<Quote> for Predicted {
    fn from(q: Quote) -> Predicted {
        Predicted {
            span: q.span,
            parts: q.parts,
            kind: q.kind,
            speaker: q.speaker,
            speaker_name: q.speaker_name,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub gold: usize,
    pub predicted: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuoteMetrics {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub direct: Prf,
    pub indirect: Prf,
    pub mixed: Prf,
    /// Share of matched gold quotes whose best match has the same kind.
    pub kind_accuracy: f64,
    /// Share of matched gold quotes with a gold speaker whose predicted speaker overlaps it.
    pub speaker_accuracy: f64,
    pub speakers_judged: usize,
    /// Share of matched gold quotes with a resolved gold name whose predicted name agrees.
    pub name_accuracy: f64,
    pub names_judged: usize,
    pub gold: usize,
    pub predicted: usize,
    pub documents: usize,
}

/// Reads the gold JSONL; a bad line is an error naming its line number.
pub fn read_gold(jsonl: &str) -> Result<Vec<GoldDocument>, String> {
    crate::read_jsonl(jsonl)
}

/// Spaces, ASCII punctuation, and the quotation marks, dashes and ellipses of news text.
fn is_trimmable(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || matches!(
            c,
            '“' | '”' | '„' | '‘' | '’' | '«' | '»' | '‹' | '›' | '—' | '–' | '…'
        )
}

/// `span` without quotation marks, punctuation and spaces at either end.
pub fn trim(chars: &[char], span: Span) -> Span {
    let end = span.end.min(chars.len());
    let mut start = span.start.min(end);
    let mut end = end;
    while start < end && is_trimmable(chars[start]) {
        start += 1;
    }
    while end > start && is_trimmable(chars[end - 1]) {
        end -= 1;
    }
    Span::new(start, end)
}

/// The README's criterion on two already trimmed spans.
pub fn spans_match(a: Span, b: Span) -> bool {
    let longer = a.len().max(b.len());
    let overlap = a.overlap(b);
    overlap > 0 && 2 * overlap >= longer
}

/// The hull and, for a discontinuous content, each part; trimmed.
fn units(chars: &[char], hull: Span, parts: &[Span]) -> Vec<Span> {
    let mut out = vec![trim(chars, hull)];
    if parts.len() > 1 {
        out.extend(parts.iter().map(|&p| trim(chars, p)));
    }
    out.retain(|s| !s.is_empty());
    out
}

fn gold_kind(kind: &str) -> Option<QuoteKind> {
    QuoteKind::parse(kind)
}

/// Space- and case-insensitive name equality, or one name's words all found in the other
/// ("Tokayev" and "Kassym-Jomart Tokayev"). Titles, ranks and offices written before a
/// name are not part of it: the gold's "Mrs. Clinton" or "Admiral Harris" is the "Hillary
/// Clinton" or "Harry B. Harris" a resolver names. Words are compared without the
/// punctuation around them, hyphenated parts apart ("Abu Laban" is "Salah Abu-Laban"). A
/// gold mention written with its apposition ("Alden, author of the book") or with where
/// the person works ("Mr. Burman of the Tax Policy Center") is the name before it.
pub fn names_agree(gold: &str, predicted: &str) -> bool {
    let gold = name_itself(gold);
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| c.is_whitespace() || c == '.' || c == '-')
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase())
            .filter(|w| !is_title(w))
            .collect()
    };
    if abbreviates(gold, predicted) || abbreviates(predicted, gold) {
        return true;
    }
    let (g, p) = (words(gold), words(predicted));
    if g.is_empty() || p.is_empty() {
        return false;
    }
    let (short, long) = if g.len() <= p.len() {
        (&g, &p)
    } else {
        (&p, &g)
    };
    short.iter().all(|w| long.contains(w))
}

/// A name written with its apposition ("Alden, author of the book") or with where the
/// person works ("Mr. Burman of the Tax Policy Center"): the name before it. Not "Secretary
/// of State Jon Husted" nor "results of a poll": the words before "of" must end in a
/// capitalised word that is not a title.
pub fn name_itself(written: &str) -> &str {
    let name = written
        .split_once(", ")
        .map_or(written, |(name, _)| name)
        .trim_end_matches(',');
    match name.split_once(" of ") {
        Some((before, _))
            if before.split_whitespace().count() >= 2
                && before.split_whitespace().last().is_some_and(|w| {
                    w.starts_with(char::is_uppercase) && !is_title(&w.to_lowercase())
                }) =>
        {
            before
        }
        _ => name,
    }
}

/// Whether `short` is an acronym of `long`: the initials of its capitalised words ("AP",
/// "Associated Press").
fn abbreviates(short: &str, long: &str) -> bool {
    let short = short.trim_start_matches("the ").trim_start_matches("The ");
    let initials: String = long
        .split_whitespace()
        .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
        .collect();
    short.chars().count() >= 2
        && short.chars().all(|c| c.is_ascii_uppercase())
        && long.contains(' ')
        && initials == short
}

/// Courtesy titles, ranks and offices that stand before a name ("Sen.", "Professor").
fn is_title(word: &str) -> bool {
    matches!(
        word,
        "mr" | "mrs"
            | "ms"
            | "miss"
            | "dr"
            | "prof"
            | "professor"
            | "sir"
            | "dame"
            | "lord"
            | "lady"
            | "rev"
            | "reverend"
            | "rabbi"
            | "imam"
            | "pastor"
            | "bishop"
            | "cardinal"
            | "sen"
            | "senator"
            | "rep"
            | "representative"
            | "congressman"
            | "congresswoman"
            | "gov"
            | "governor"
            | "president"
            | "mayor"
            | "justice"
            | "judge"
            | "gen"
            | "general"
            | "adm"
            | "admiral"
            | "col"
            | "colonel"
            | "maj"
            | "major"
            | "capt"
            | "captain"
            | "lt"
            | "lieutenant"
            | "sgt"
            | "sergeant"
            | "cmdr"
            | "commander"
            | "ambassador"
            | "secretary"
            | "minister"
    )
}

/// Per-document tallies, summed over the corpus.
#[derive(Default)]
struct Tally {
    gold: usize,
    predicted: usize,
    gold_matched: usize,
    predicted_matched: usize,
    per_kind: BTreeMap<QuoteKind, [usize; 4]>,
    kind_right: usize,
    speakers_judged: usize,
    speakers_right: usize,
    names_judged: usize,
    names_right: usize,
}

/// Which predicted quotes match which gold quotes in one document.
struct Matching {
    gold_units: Vec<Vec<Span>>,
    pred_units: Vec<Vec<Span>>,
}

impl Matching {
    fn new(doc: &GoldDocument, predicted: &[Predicted]) -> Matching {
        let chars: Vec<char> = doc.text.chars().collect();
        Matching {
            gold_units: doc
                .quotes
                .iter()
                .map(|g| units(&chars, g.quote, g.quote_parts.as_deref().unwrap_or(&[])))
                .collect(),
            pred_units: predicted
                .iter()
                .map(|p| units(&chars, p.span, &p.parts))
                .collect(),
        }
    }

    fn matches(&self, g: usize, p: usize) -> bool {
        self.gold_units[g]
            .iter()
            .any(|&a| self.pred_units[p].iter().any(|&b| spans_match(a, b)))
    }

    fn best_overlap(&self, g: usize, p: usize) -> usize {
        self.gold_units[g]
            .iter()
            .flat_map(|&a| self.pred_units[p].iter().map(move |&b| a.overlap(b)))
            .max()
            .unwrap_or(0)
    }

    /// The predicted quotes matching gold quote `g`, and the best of them (most overlap).
    fn candidates(&self, g: usize) -> (Vec<usize>, Option<usize>) {
        let candidates: Vec<usize> = (0..self.pred_units.len())
            .filter(|&p| self.matches(g, p))
            .collect();
        let best = candidates
            .iter()
            .copied()
            .max_by_key(|&p| self.best_overlap(g, p));
        (candidates, best)
    }
}

fn score_document(doc: &GoldDocument, predicted: &[Predicted], tally: &mut Tally) {
    let matching = Matching::new(doc, predicted);
    let matches = |g: usize, p: usize| matching.matches(g, p);
    tally.gold += doc.quotes.len();
    tally.predicted += predicted.len();
    let mut predicted_matched = vec![false; predicted.len()];
    for (g, gold) in doc.quotes.iter().enumerate() {
        let kind = gold_kind(&gold.kind);
        if let Some(k) = kind {
            tally.per_kind.entry(k).or_default()[0] += 1;
        }
        let (candidates, best) = matching.candidates(g);
        for &p in &candidates {
            predicted_matched[p] = true;
        }
        let Some(best) = best else {
            continue;
        };
        tally.gold_matched += 1;
        if let Some(k) = kind {
            if candidates.iter().any(|&p| predicted[p].kind == k) {
                tally.per_kind.entry(k).or_default()[2] += 1;
            }
        }
        let pred = &predicted[best];
        if Some(pred.kind) == kind {
            tally.kind_right += 1;
        }
        if let Some(gold_speaker) = gold.speaker {
            tally.speakers_judged += 1;
            if pred.speaker.is_some_and(|s| s.overlap(gold_speaker) > 0) {
                tally.speakers_right += 1;
            }
        }
        if let Some(name) = gold
            .speaker_name
            .as_deref()
            .filter(|n| is_resolved(doc, gold, n))
        {
            tally.names_judged += 1;
            if pred
                .speaker_name
                .as_deref()
                .is_some_and(|p| names_agree(name, p))
            {
                tally.names_right += 1;
            }
        }
    }
    for (p, pred) in predicted.iter().enumerate() {
        tally.per_kind.entry(pred.kind).or_default()[1] += 1;
        if predicted_matched[p] {
            tally.predicted_matched += 1;
            let same_kind = doc
                .quotes
                .iter()
                .enumerate()
                .any(|(g, gold)| gold_kind(&gold.kind) == Some(pred.kind) && matches(g, p));
            if same_kind {
                tally.per_kind.entry(pred.kind).or_default()[3] += 1;
            }
        }
    }
}

/// What went wrong in one document, for reading the errors: gold quotes no prediction
/// matches, predictions matching no gold quote, and matched pairs (gold, best prediction)
/// whose speaker mentions do not overlap, or whose resolved names disagree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Review {
    pub missed: Vec<usize>,
    pub spurious: Vec<usize>,
    pub wrong_speaker: Vec<(usize, usize)>,
    pub wrong_name: Vec<(usize, usize)>,
}

/// The errors of `predicted` against one gold document, judged as [`evaluate`] judges them.
pub fn review(doc: &GoldDocument, predicted: &[Predicted]) -> Review {
    let matching = Matching::new(doc, predicted);
    let mut review = Review::default();
    let mut predicted_matched = vec![false; predicted.len()];
    for (g, gold) in doc.quotes.iter().enumerate() {
        let (candidates, best) = matching.candidates(g);
        for &p in &candidates {
            predicted_matched[p] = true;
        }
        match (best, gold.speaker) {
            (None, _) => review.missed.push(g),
            (Some(p), Some(gold_speaker))
                if predicted[p]
                    .speaker
                    .is_none_or(|s| s.overlap(gold_speaker) == 0) =>
            {
                review.wrong_speaker.push((g, p))
            }
            _ => {}
        }
        if let (Some(p), Some(name)) = (best, gold.speaker_name.as_deref()) {
            let judged = is_resolved(doc, gold, name);
            let agree = predicted[p]
                .speaker_name
                .as_deref()
                .is_some_and(|ours| names_agree(name, ours));
            if judged && !agree {
                review.wrong_name.push((g, p));
            }
        }
    }
    review.spurious = (0..predicted.len())
        .filter(|&p| !predicted_matched[p])
        .collect();
    review
}

/// Whether the gold name is a resolved name rather than the mention copied: PolNeAR copies
/// the mention ("he", "the judge"), which names nobody; a capitalised name counts.
fn is_resolved(doc: &GoldDocument, gold: &GoldQuote, name: &str) -> bool {
    let copied = gold.speaker.is_some_and(|s| {
        doc.text
            .chars()
            .skip(s.start)
            .take(s.len())
            .collect::<String>()
            == name
    });
    !copied || name.chars().next().is_some_and(char::is_uppercase) && !is_pronoun_like(name)
}

fn is_pronoun_like(name: &str) -> bool {
    matches!(
        name.to_lowercase().as_str(),
        "he" | "she" | "they" | "it" | "i" | "we" | "you" | "the" | "this" | "that"
    ) || name
        .split_whitespace()
        .next()
        .is_some_and(|w| matches!(w, "The" | "A" | "An"))
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores `predict`'s quotes for every gold document.
pub fn evaluate(gold: &[GoldDocument], predictions: &[Vec<Predicted>]) -> QuoteMetrics {
    let mut tally = Tally::default();
    for (doc, predicted) in gold.iter().zip(predictions) {
        score_document(doc, predicted, &mut tally);
    }
    let precision = ratio(tally.predicted_matched, tally.predicted);
    let recall = ratio(tally.gold_matched, tally.gold);
    let per_kind = |k: QuoteKind| {
        let [gold, predicted, gold_matched, predicted_matched] =
            tally.per_kind.get(&k).copied().unwrap_or_default();
        let (p, r) = (
            ratio(predicted_matched, predicted),
            ratio(gold_matched, gold),
        );
        Prf {
            precision: p,
            recall: r,
            f1: f1(p, r),
            gold,
            predicted,
        }
    };
    QuoteMetrics {
        precision,
        recall,
        f1: f1(precision, recall),
        direct: per_kind(QuoteKind::Direct),
        indirect: per_kind(QuoteKind::Indirect),
        mixed: per_kind(QuoteKind::Mixed),
        kind_accuracy: ratio(tally.kind_right, tally.gold_matched),
        speaker_accuracy: ratio(tally.speakers_right, tally.speakers_judged),
        speakers_judged: tally.speakers_judged,
        name_accuracy: ratio(tally.names_right, tally.names_judged),
        names_judged: tally.names_judged,
        gold: tally.gold,
        predicted: tally.predicted,
        documents: gold.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\"The fight must go on,\" he said. \"Those who won't surrender will be destroyed.\" Tokayev said 20,000 militants were involved.";

    fn gold(quotes: Vec<GoldQuote>) -> GoldDocument {
        GoldDocument {
            id: "t".into(),
            text: TEXT.into(),
            quotes,
        }
    }

    fn find(s: &str) -> Span {
        let byte = TEXT.find(s).unwrap();
        let start = TEXT[..byte].chars().count();
        Span::new(start, start + s.chars().count())
    }

    fn gold_quote(content: &str, speaker: &str, name: Option<&str>, kind: &str) -> GoldQuote {
        GoldQuote {
            quote: find(content),
            speaker: Some(find(speaker)),
            speaker_name: name.map(String::from),
            cue: None,
            kind: kind.into(),
            quote_parts: None,
        }
    }

    fn predicted(
        content: &str,
        parts: &[&str],
        kind: QuoteKind,
        speaker: &str,
        name: &str,
    ) -> Predicted {
        Predicted {
            span: find(content),
            parts: parts.iter().map(|p| find(p)).collect(),
            kind,
            speaker: Some(find(speaker)),
            speaker_name: Some(name.into()),
        }
    }

    #[test]
    fn trimming_drops_marks_and_punctuation() {
        let chars: Vec<char> = "“Hello, world,” he".chars().collect();
        assert_eq!(trim(&chars, Span::new(0, 15)), Span::new(1, 13));
        assert_eq!(trim(&chars, Span::new(0, 1)), Span::new(1, 1));
    }

    #[test]
    fn half_of_the_longer_span_must_overlap() {
        assert!(spans_match(Span::new(0, 10), Span::new(0, 5)));
        assert!(!spans_match(Span::new(0, 10), Span::new(0, 4)));
        assert!(!spans_match(Span::new(0, 4), Span::new(4, 8)));
    }

    #[test]
    fn scores_kinds_speakers_and_names() {
        let doc = gold(vec![
            gold_quote(
                "The fight must go on,",
                "he",
                Some("Kassym-Jomart Tokayev"),
                "direct",
            ),
            gold_quote(
                "Those who won't surrender will be destroyed.",
                "he",
                Some("Kassym-Jomart Tokayev"),
                "direct",
            ),
            gold_quote(
                "20,000 militants were involved",
                "Tokayev",
                Some("Kassym-Jomart Tokayev"),
                "indirect",
            ),
        ]);
        // One merged direct quote in two parts (matches both gold quotes), one indirect
        // quote with the wrong speaker and kind, and one spurious quote.
        let preds = vec![
            predicted(
                "The fight must go on,\" he said. \"Those who won't surrender will be destroyed.",
                &[
                    "The fight must go on,",
                    "Those who won't surrender will be destroyed.",
                ],
                QuoteKind::Direct,
                "he",
                "Tokayev",
            ),
            predicted(
                "20,000 militants were involved",
                &[],
                QuoteKind::Mixed,
                "he said",
                "Someone Else",
            ),
            predicted("he said", &[], QuoteKind::Indirect, "Tokayev", "Tokayev"),
        ];
        let m = evaluate(&[doc], &[preds]);
        assert_eq!((m.gold, m.predicted), (3, 3));
        assert!((m.recall - 1.0).abs() < 1e-9);
        assert!((m.precision - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!((m.direct.gold, m.direct.predicted), (2, 1));
        assert!((m.direct.recall - 1.0).abs() < 1e-9 && (m.direct.precision - 1.0).abs() < 1e-9);
        assert_eq!(m.indirect.recall, 0.0);
        assert!((m.kind_accuracy - 2.0 / 3.0).abs() < 1e-9);
        assert!((m.speaker_accuracy - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(m.names_judged, 3);
        assert!((m.name_accuracy - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn review_lists_misses_spurious_quotes_and_wrong_speakers() {
        let doc = gold(vec![
            gold_quote("The fight must go on,", "he", None, "direct"),
            gold_quote(
                "20,000 militants were involved",
                "Tokayev",
                None,
                "indirect",
            ),
        ]);
        let preds = vec![
            predicted("The fight must go on,", &[], QuoteKind::Direct, "said", "x"),
            predicted("he said", &[], QuoteKind::Indirect, "Tokayev", "Tokayev"),
        ];
        let review = review(&doc, &preds);
        assert_eq!(review.missed, vec![1]);
        assert_eq!(review.spurious, vec![1]);
        assert_eq!(review.wrong_speaker, vec![(0, 0)]);
    }

    #[test]
    fn copied_mentions_are_not_judged_as_names() {
        let doc = gold(vec![gold_quote(
            "The fight must go on,",
            "he",
            Some("he"),
            "direct",
        )]);
        let preds = vec![predicted(
            "The fight must go on,",
            &[],
            QuoteKind::Direct,
            "he",
            "Tokayev",
        )];
        let m = evaluate(&[doc], &[preds]);
        assert_eq!(m.names_judged, 0);
        assert_eq!(m.speaker_accuracy, 1.0);
    }

    #[test]
    fn gold_text_becomes_one_block_per_line() {
        let doc = GoldDocument {
            id: "x".into(),
            text: "Títle\n\nBody one.\nBody two.".into(),
            quotes: vec![],
        }
        .document();
        let blocks: Vec<&str> = doc.blocks.iter().map(|b| doc.slice(b.span)).collect();
        assert_eq!(blocks, vec!["Títle", "Body one.", "Body two."]);
    }

    #[test]
    fn names_agree_on_words() {
        assert!(names_agree("Kassym-Jomart Tokayev", "Tokayev"));
        assert!(names_agree(
            "Government of Kazakhstan",
            "government of kazakhstan"
        ));
        assert!(!names_agree("Kassym-Jomart Tokayev", "Vladimir Putin"));
        assert!(names_agree("Mrs. Clinton", "Hillary Clinton"));
        assert!(!names_agree("Mr.", "Hillary Clinton"));
        assert!(names_agree(
            "Dean Johnson, a salesman from Sumter, South Carolina,",
            "Dean Johnson"
        ));
        assert!(names_agree("Gov. John Kasich (R-OH)", "John Kasich"));
        assert!(names_agree("Alden, author of the book", "Edward Alden"));
        assert!(!names_agree("Alden, author of the book", "Ann Smith"));
        assert!(names_agree("Abu Laban", "Salah Abu-Laban"));
        assert!(!names_agree("Aides to Clinton", "Hillary Clinton"));
        assert!(names_agree("Admiral Harris", "Harry B. Harris"));
        assert!(!names_agree("Admiral Harris", "Harry Reid"));
        assert!(names_agree(
            "Mr. Burman of the Tax Policy Center",
            "Leonard Burman"
        ));
        assert!(names_agree("Bank of America", "Bank of America"));
        assert!(names_agree(
            "Ohio Secretary of State Jon Husted",
            "Jon Husted"
        ));
        assert!(!names_agree("Professor", "Lee Epstein"));
    }
}
