//! Near-duplicate detection measured on labelled article pairs built from real articles.
//!
//! No public gold pairs exist for news reprints, so the pairs are made from a corpus of
//! distinct articles, deterministically: every article is paired with an edited copy of
//! itself (the duplicates, one kind of edit each, as reprints and updates differ in
//! practice) and with the most similar *other* article of the corpus (the hard negatives:
//! same outlet style, often the same story told by someone else), plus a random other
//! article. A detector is then judged on precision and recall over all pairs, and on recall
//! per kind of edit.

use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};

/// How the second text of a pair was made from the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PairKind {
    /// Outlet boilerplate added around the story (share links, copyright, newsletter).
    Boilerplate,
    /// A wire dateline added in front and the last paragraph trimmed, as reprints do.
    Trimmed,
    /// The headline replaced.
    Headline,
    /// A few sentences deleted, reworded or added.
    Edited,
    /// An update: new headline and a new closing paragraph.
    Update,
    /// The most similar other article (not a duplicate).
    SimilarArticle,
    /// A random other article (not a duplicate).
    RandomArticle,
}

impl PairKind {
    pub fn is_duplicate(self) -> bool {
        !matches!(self, PairKind::SimilarArticle | PairKind::RandomArticle)
    }

    fn name(self) -> &'static str {
        match self {
            PairKind::Boilerplate => "boilerplate",
            PairKind::Trimmed => "trimmed",
            PairKind::Headline => "headline",
            PairKind::Edited => "edited",
            PairKind::Update => "update",
            PairKind::SimilarArticle => "similar_article",
            PairKind::RandomArticle => "random_article",
        }
    }
}

/// Two article texts and whether they are the same article.
#[derive(Debug, Clone)]
pub struct Pair {
    pub first: String,
    pub second: String,
    pub kind: PairKind,
}

/// Articles shorter than this many words are left out: too short to tell copies apart from
/// stock phrasing, and not what reprint detection is for.
pub const MIN_ARTICLE_WORDS: usize = 120;

/// The edits a reprint or an update makes.
const EDITS: [PairKind; 5] = [
    PairKind::Boilerplate,
    PairKind::Trimmed,
    PairKind::Headline,
    PairKind::Edited,
    PairKind::Update,
];

/// Deterministic pseudo-random numbers (xorshift64): the pairs must be the same on every
/// machine and run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const BOILERPLATE_HEAD: &str = "Share this article\nFacebook Twitter Email\n\nAdvertisement\n\n";
const BOILERPLATE_TAIL: &str = "\n\nSign up for our daily newsletter to get the top stories \
in your inbox.\n\nRelated coverage\nMore from this section\n\n© All rights reserved. This \
material may not be published, broadcast, rewritten or redistributed.";

/// Builds the labelled pairs from distinct articles (in corpus order, so the result is
/// stable). Each kept article gives one duplicate pair (edit kind chosen in turn) and two
/// negative pairs.
pub fn make_pairs(articles: &[String], seed: u64) -> Vec<Pair> {
    let kept: Vec<&String> = articles
        .iter()
        .filter(|a| a.split_whitespace().count() >= MIN_ARTICLE_WORDS)
        .collect();
    let word_sets: Vec<HashSet<String>> = kept.iter().map(|a| content_words(a)).collect();
    let mut rng = Rng(seed | 1);
    let mut pairs = Vec::new();
    for (i, article) in kept.iter().enumerate() {
        if kept.len() < 3 {
            break;
        }
        let other = |rng: &mut Rng| {
            let j = (i + 1 + rng.below(kept.len() - 1)) % kept.len();
            kept[j].as_str()
        };
        let kind = EDITS[i % EDITS.len()];
        let donor = other(&mut rng);
        let second = edit(article, donor, kind, &mut rng);
        pairs.push(Pair {
            first: article.to_string(),
            second,
            kind,
        });
        let similar = (0..kept.len())
            .filter(|&j| j != i)
            .max_by(|&a, &b| {
                jaccard(&word_sets[i], &word_sets[a])
                    .total_cmp(&jaccard(&word_sets[i], &word_sets[b]))
            })
            .expect("at least three articles");
        pairs.push(Pair {
            first: article.to_string(),
            second: kept[similar].to_string(),
            kind: PairKind::SimilarArticle,
        });
        pairs.push(Pair {
            first: article.to_string(),
            second: other(&mut rng).to_string(),
            kind: PairKind::RandomArticle,
        });
    }
    pairs
}

/// A stream of `count` distinct documents the way a news feed repeats itself: every article
/// once, then edited copies of them in turn (the edit kinds of [`make_pairs`] drawn at
/// random, new text taken from another article; a copy that came out like an earlier one is
/// edited again), deterministic for a seed. For ingest benchmarks.
pub fn edited_copies(articles: &[String], count: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng(seed | 1);
    let mut seen = HashSet::new();
    let mut stream = Vec::with_capacity(count);
    for n in 0..count {
        let article = &articles[n % articles.len()];
        let mut text = article.clone();
        let mut kind = EDITS[rng.below(EDITS.len())];
        // Bounded: an article too short to edit is kept as a repeat rather than looping.
        for _ in 0..8 {
            if articles.len() < 2 || seen.insert(text.clone()) {
                break;
            }
            let donor = &articles[(n + 1 + rng.below(articles.len() - 1)) % articles.len()];
            text = edit(&text, donor, kind, &mut rng);
            kind = PairKind::Edited;
        }
        stream.push(text);
    }
    stream
}

/// One edited copy of `article`; `donor` (another article) supplies new text where the edit
/// adds some.
fn edit(article: &str, donor: &str, kind: PairKind, rng: &mut Rng) -> String {
    let (headline, body) = split_headline(article);
    let donor_sentences = sentences(donor);
    let new_headline = match split_headline(donor).0 {
        "" => donor
            .split_whitespace()
            .take(HEADLINE_WORDS / 2)
            .collect::<Vec<_>>()
            .join(" "),
        line => line.to_string(),
    };
    match kind {
        PairKind::Boilerplate => format!("{BOILERPLATE_HEAD}{article}{BOILERPLATE_TAIL}"),
        PairKind::Trimmed => {
            let paragraphs: Vec<&str> = body.split("\n\n").collect();
            let keep = paragraphs.len().saturating_sub(1).max(1);
            format!(
                "{headline}\nWASHINGTON (AP) — {}",
                paragraphs[..keep].join("\n\n").trim_start()
            )
        }
        PairKind::Headline => format!("{new_headline}\n{body}"),
        PairKind::Edited => {
            let mut kept: Vec<String> = sentences(body).into_iter().map(String::from).collect();
            if kept.len() > 4 {
                kept.remove(1 + rng.below(kept.len() - 2));
            }
            // Reword one sentence: drop a word from its middle.
            let target = rng.below(kept.len());
            let words: Vec<&str> = kept
                .get(target)
                .map_or(Vec::new(), |s| s.split(' ').collect());
            if words.len() > 4 {
                let drop = 1 + rng.below(words.len() - 2);
                kept[target] = words
                    .iter()
                    .enumerate()
                    .filter(|&(k, _)| k != drop)
                    .map(|(_, w)| *w)
                    .collect::<Vec<_>>()
                    .join(" ");
            }
            if let Some(added) = donor_sentences.get(rng.below(donor_sentences.len())) {
                let at = rng.below(kept.len() + 1);
                kept.insert(at, added.to_string());
            }
            format!("{headline}\n{}", kept.join(" "))
        }
        PairKind::Update => {
            let added: Vec<&str> = donor_sentences.iter().take(2).copied().collect();
            format!("{new_headline}\n{body}\n\nUpdate: {}", added.join(" "))
        }
        PairKind::SimilarArticle | PairKind::RandomArticle => donor.to_string(),
    }
}

/// A first line of at most this many words is a headline; corpora without headlines start
/// with a paragraph instead.
const HEADLINE_WORDS: usize = 20;

/// The headline line (empty when the text starts with a paragraph) and the rest.
fn split_headline(text: &str) -> (&str, &str) {
    match text.split_once('\n') {
        Some((first, rest)) if first.split_whitespace().count() <= HEADLINE_WORDS => {
            (first.trim(), rest)
        }
        _ => ("", text),
    }
}

/// Rough sentences: split after `.`, `!` or `?` followed by a space. Good enough to edit
/// text; the detector under test never sees these boundaries.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_some_and(|n| n.is_ascii_whitespace())
        {
            let sentence = text[start..=i].trim();
            if !sentence.is_empty() {
                out.push(sentence);
            }
            start = i + 1;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// Lowercased words of four letters or more: a cheap topic signature for finding the most
/// similar other article.
fn content_words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .collect()
}

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let shared = a.intersection(b).count();
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

/// Precision, recall and F1 of `judge` over the pairs (positive = same article), recall per
/// edit kind and the false-positive rate per kind of negative.
pub fn score(pairs: &[Pair], judge: impl Fn(&str, &str) -> bool + Sync) -> Value {
    let mut per_kind: BTreeMap<PairKind, (usize, usize)> = BTreeMap::new();
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for pair in pairs {
        let said = judge(&pair.first, &pair.second);
        let entry = per_kind.entry(pair.kind).or_default();
        entry.1 += 1;
        if said {
            entry.0 += 1;
        }
        match (pair.kind.is_duplicate(), said) {
            (true, true) => tp += 1,
            (true, false) => fn_ += 1,
            (false, true) => fp += 1,
            (false, false) => {}
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fn_);
    let mut metrics = json!({
        "f1": crate::f1(precision, recall),
        "precision": precision,
        "recall": recall,
        "pairs": pairs.len(),
        "duplicate_pairs": tp + fn_,
    });
    for (kind, (said, total)) in per_kind {
        let label = if kind.is_duplicate() {
            "recall"
        } else {
            "false_positive_rate"
        };
        metrics[format!("{}_{label}", kind.name())] = json!(ratio(said, total));
    }
    metrics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edited_copies_are_distinct_and_mostly_the_original() {
        let articles: Vec<String> = (0..4).map(|i| article("budget", 20 + i)).collect();
        let stream = edited_copies(&articles, 40, 7);
        assert_eq!(stream.len(), 40);
        assert_eq!(&stream[..4], &articles[..]);
        let distinct: HashSet<&String> = stream.iter().collect();
        assert_eq!(distinct.len(), 40);
        // A copy keeps most of its article's sentences.
        let (original, copy) = (sentences(&articles[1]), sentences(&stream[5]));
        let kept = original.iter().filter(|s| copy.contains(s)).count();
        assert!(kept * 2 > original.len(), "{kept} of {}", original.len());
        assert_eq!(stream, edited_copies(&articles, 40, 7));
    }

    fn article(topic: &str, n: usize) -> String {
        let body: Vec<String> = (0..n)
            .map(|i| format!("The {topic} report number {i} says officials met on day {i}."))
            .collect();
        format!("Headline about {topic}\n{}", body.join(" "))
    }

    fn corpus() -> Vec<String> {
        ["rain", "trade", "election", "football"]
            .iter()
            .map(|t| article(t, 20))
            .collect()
    }

    #[test]
    fn every_article_gives_one_duplicate_and_two_negatives() {
        let pairs = make_pairs(&corpus(), 7);
        assert_eq!(pairs.len(), 12);
        assert_eq!(pairs.iter().filter(|p| p.kind.is_duplicate()).count(), 4);
        assert!(pairs
            .iter()
            .filter(|p| !p.kind.is_duplicate())
            .all(|p| p.first != p.second));
        // Deterministic.
        let again = make_pairs(&corpus(), 7);
        assert!(pairs.iter().zip(&again).all(|(a, b)| a.second == b.second));
    }

    #[test]
    fn short_articles_are_left_out() {
        let mut articles = corpus();
        articles.push("Too short to judge.".to_string());
        assert_eq!(make_pairs(&articles, 7).len(), 12);
    }

    #[test]
    fn scores_a_perfect_and_a_blind_judge() {
        let pairs = make_pairs(&corpus(), 7);
        let by_kind: Vec<_> = pairs
            .iter()
            .map(|p| (p.first.clone(), p.second.clone(), p.kind))
            .collect();
        let oracle = |a: &str, b: &str| {
            by_kind
                .iter()
                .any(|(x, y, k)| x == a && y == b && k.is_duplicate())
        };
        assert_eq!(score(&pairs, oracle)["f1"], 1.0);
        let never = score(&pairs, |_, _| false);
        assert_eq!(never["recall"], 0.0);
        assert_eq!(never["random_article_false_positive_rate"], 0.0);
    }
}
