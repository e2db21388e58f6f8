//! Coreference scores against GUM's entity layer: MUC, B³, CEAF-e and their mean (the
//! CoNLL-2012 score).
//!
//! Gold: GUM CoNLL-U, where the MISC column's `Entity=` value brackets each mention
//! (CorefUD notation). `(12-person-giv:act-...` opens a mention of entity 12 on this word,
//! `12)` closes the innermost open mention of entity 12, and `(12-...)` is a one-word
//! mention; several brackets can share a word (`(7-abstract-...(3-abstract-...)` or
//! `7)6)5)`). Only the first field of an opening bracket (the entity id) matters here.
//! Clusters are built per document (`# newdoc`); mentions are half-open ranges of word
//! indices counted from the document's first word (multiword-token lines and empty nodes
//! are not words).
//!
//! Scoring follows the reference scorer's definitions (Pradhan et al. 2014), with exact
//! span matching and counts summed over documents before dividing (micro average):
//! - MUC (Vilain et al. 1995): links. Recall = Σ(|K| − |p(K)|) / Σ(|K| − 1), where p(K)
//!   partitions key cluster K by the response (unmatched mentions are their own parts);
//!   precision swaps key and response.
//! - B³ (Bagga & Baldwin 1998): per mention. Recall = Σ_K Σ_R |K∩R|²/|K| / Σ|K|.
//! - CEAF-e (Luo 2005): the one-to-one cluster alignment maximising Σ φ4, with
//!   φ4(K,R) = 2|K∩R| / (|K|+|R|), found by Kuhn-Munkres; recall divides by the number of
//!   key clusters, precision by the number of response clusters.
//!
//! Singletons: the headline figures (`f1`, `precision`, `recall`, `muc`, `b3`, `ceafe`) follow
//! CoNLL-2012 and drop one-mention clusters from both key and response before scoring;
//! GUM annotates singletons, so [`CorefMetrics::with_singletons`] scores everything too.

use dateline_corpus::conllu;
use dateline_document::{Document, Sentence, Span, Token, Upos};
use pathfinding::kuhn_munkres::kuhn_munkres;
use pathfinding::matrix::Matrix;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// A mention: half-open range of word indices within its document.
pub type MentionSpan = (usize, usize);

/// One word of a gold document, with its gold annotation (predictors may use or ignore it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocWord {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    /// Head as a document word index; `None` for a sentence root.
    pub head: Option<usize>,
    pub deprel: String,
    /// Whether a space follows the word in the running text (`SpaceAfter=No` clears it).
    pub space_after: bool,
}

/// One document as given to a predictor: its words, sentences and the gold mention spans
/// (for the gold-mention setting; an end-to-end predictor ignores them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocInput {
    pub id: String,
    pub words: Vec<DocWord>,
    /// Half-open word ranges, in order.
    pub sentences: Vec<(usize, usize)>,
    /// First words of the paragraphs after the first (`# newpar`).
    pub paragraph_starts: Vec<usize>,
    /// Every gold mention, sorted by start then by longest first.
    pub gold_mentions: Vec<MentionSpan>,
}

impl DocInput {
    /// The document's running text (words joined as `SpaceAfter` says, sentences by a space,
    /// paragraphs by a blank line, as an article's text comes) and each word's code-point
    /// range in it.
    pub fn text(&self) -> (String, Vec<(usize, usize)>) {
        let mut text = String::new();
        let mut offsets = Vec::with_capacity(self.words.len());
        let mut chars = 0;
        let mut sentence_ends = self.sentences.iter().map(|&(_, end)| end).peekable();
        let mut paragraph_starts = self.paragraph_starts.iter().peekable();
        for (i, word) in self.words.iter().enumerate() {
            let start = chars;
            text.push_str(&word.form);
            chars += word.form.chars().count();
            offsets.push((start, chars));
            let sentence_ends = sentence_ends.next_if_eq(&(i + 1)).is_some();
            let separator = if paragraph_starts.next_if_eq(&&(i + 1)).is_some() {
                "\n\n"
            } else if word.space_after || sentence_ends {
                " "
            } else {
                ""
            };
            text.push_str(separator);
            chars += separator.chars().count();
        }
        (text, offsets)
    }

    /// The document as the pipeline would see it: [`DocInput::text`] with one token per word
    /// carrying the gold UPOS, head and relation, and the gold sentences. Clear the tags
    /// to measure a resolver without syntax.
    pub fn document(&self) -> Document {
        let (text, offsets) = self.text();
        let tokens = self
            .words
            .iter()
            .zip(&offsets)
            .map(|(word, &(start, end))| Token {
                span: Span::new(start, end),
                upos: Upos::parse(&word.upos),
                head: word.head,
                deprel: Some(word.deprel.clone()),
            })
            .collect();
        let sentences = self
            .sentences
            .iter()
            .filter(|(start, end)| start < end)
            .map(|&(start, end)| Sentence {
                span: Span::new(offsets[start].0, offsets[end - 1].1),
                tokens: (start, end),
            })
            .collect();
        Document {
            id: self.id.clone(),
            text,
            tokens,
            sentences,
            ..Default::default()
        }
    }

    /// The word range whose text is exactly `span` of [`DocInput::text`], if the span starts
    /// and ends on word boundaries (to score mentions found on the text end to end).
    pub fn word_range(&self, offsets: &[(usize, usize)], span: Span) -> Option<MentionSpan> {
        let start = offsets
            .binary_search_by_key(&span.start, |&(s, _)| s)
            .ok()?;
        let end = offsets.binary_search_by_key(&span.end, |&(_, e)| e).ok()?;
        (start <= end).then_some((start, end + 1))
    }
}

/// Precision, recall and F1 of one metric.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// The three metrics and their means.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct CorefScores {
    /// CoNLL score: mean of the MUC, B³ and CEAF-e F1.
    pub f1: f64,
    pub precision: f64,
    pub recall: f64,
    pub muc: Prf,
    pub b3: Prf,
    pub ceafe: Prf,
}

/// Scores of a coreference run on a GUM file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CorefMetrics {
    /// CoNLL-2012 setting: singletons removed from key and response.
    #[serde(flatten)]
    pub conll: CorefScores,
    /// GUM setting: singletons kept.
    pub with_singletons: CorefScores,
    pub documents: usize,
    pub gold_mentions: usize,
    pub gold_entities: usize,
    pub predicted_mentions: usize,
    pub predicted_entities: usize,
}

/// A CoNLL-U file that cannot be scored: 1-based line (0 when unknown) and reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GumError {
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for GumError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for GumError {}

/// Gold clusters of one document: every cluster, singletons included, each sorted, in order of
/// first mention.
pub type GoldClusters = Vec<Vec<MentionSpan>>;

/// Reads the documents of a GUM CoNLL-U file with their gold clusters.
pub fn read_gum(gold_conllu: &str) -> Result<Vec<(DocInput, GoldClusters)>, GumError> {
    let sentences = conllu::parse(gold_conllu).map_err(|e| GumError {
        line: e.line,
        reason: e.reason,
    })?;
    let mut docs = Vec::new();
    let mut current: Option<GumDocBuilder> = None;
    for sentence in &sentences {
        if sentence.new_doc.is_some() || current.is_none() {
            if let Some(done) = current.take() {
                docs.push(done.finish()?);
            }
            current = Some(GumDocBuilder::new(
                sentence.new_doc.clone().unwrap_or_default(),
            ));
        }
        if let Some(builder) = current.as_mut() {
            builder.add_sentence(sentence)?;
        }
    }
    if let Some(done) = current {
        docs.push(done.finish()?);
    }
    Ok(docs)
}

/// Scores `predict` on every document of a GUM CoNLL-U file. `predict` returns clusters of
/// word-index ranges; a mention in two clusters counts in the first only.
pub fn evaluate(
    gold_conllu: &str,
    predict: impl Fn(&DocInput) -> Vec<Vec<MentionSpan>>,
) -> Result<CorefMetrics, GumError> {
    let docs = read_gum(gold_conllu)?;
    let mut conll = Counts::default();
    let mut all = Counts::default();
    let mut metrics = CorefMetrics {
        documents: docs.len(),
        ..Default::default()
    };
    for (input, gold) in &docs {
        let predicted = deduplicate(predict(input));
        metrics.gold_mentions += gold.iter().map(Vec::len).sum::<usize>();
        metrics.gold_entities += gold.len();
        metrics.predicted_mentions += predicted.iter().map(Vec::len).sum::<usize>();
        metrics.predicted_entities += predicted.len();
        all.add(gold, &predicted);
        conll.add(&without_singletons(gold), &without_singletons(&predicted));
    }
    metrics.conll = conll.scores();
    metrics.with_singletons = all.scores();
    Ok(metrics)
}

/// Numerators and denominators of the three metrics, summed over documents.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    muc: Fraction,
    b3: Fraction,
    ceafe: Fraction,
}

/// Recall = recall_num / recall_den, precision = precision_num / precision_den.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Fraction {
    recall_num: f64,
    recall_den: f64,
    precision_num: f64,
    precision_den: f64,
}

impl Fraction {
    fn add(&mut self, other: Fraction) {
        self.recall_num += other.recall_num;
        self.recall_den += other.recall_den;
        self.precision_num += other.precision_num;
        self.precision_den += other.precision_den;
    }

    fn prf(&self) -> Prf {
        let ratio = |num: f64, den: f64| if den == 0.0 { 0.0 } else { num / den };
        let precision = ratio(self.precision_num, self.precision_den);
        let recall = ratio(self.recall_num, self.recall_den);
        Prf {
            precision,
            recall,
            f1: crate::f1(precision, recall),
        }
    }
}

impl Counts {
    fn add(&mut self, key: &[Vec<MentionSpan>], response: &[Vec<MentionSpan>]) {
        self.muc.add(muc(key, response));
        self.b3.add(b_cubed(key, response));
        self.ceafe.add(ceaf_e(key, response));
    }

    fn scores(&self) -> CorefScores {
        let (muc, b3, ceafe) = (self.muc.prf(), self.b3.prf(), self.ceafe.prf());
        CorefScores {
            f1: (muc.f1 + b3.f1 + ceafe.f1) / 3.0,
            precision: (muc.precision + b3.precision + ceafe.precision) / 3.0,
            recall: (muc.recall + b3.recall + ceafe.recall) / 3.0,
            muc,
            b3,
            ceafe,
        }
    }
}

/// Cluster index of every mention.
fn cluster_of(clusters: &[Vec<MentionSpan>]) -> HashMap<MentionSpan, usize> {
    let mut map = HashMap::new();
    for (i, cluster) in clusters.iter().enumerate() {
        for &m in cluster {
            map.entry(m).or_insert(i);
        }
    }
    map
}

fn muc(key: &[Vec<MentionSpan>], response: &[Vec<MentionSpan>]) -> Fraction {
    // Σ(|K| − |p(K)|) over the clusters of `a`, partitioned by `b`.
    fn links(a: &[Vec<MentionSpan>], b: &[Vec<MentionSpan>]) -> (f64, f64) {
        let in_b = cluster_of(b);
        let mut num = 0.0;
        let mut den = 0.0;
        for cluster in a {
            let mut parts = HashSet::new();
            let mut unmatched = 0;
            for m in cluster {
                match in_b.get(m) {
                    Some(&c) => {
                        parts.insert(c);
                    }
                    None => unmatched += 1,
                }
            }
            num += (cluster.len() - parts.len() - unmatched) as f64;
            den += cluster.len().saturating_sub(1) as f64;
        }
        (num, den)
    }
    let (recall_num, recall_den) = links(key, response);
    let (precision_num, precision_den) = links(response, key);
    Fraction {
        recall_num,
        recall_den,
        precision_num,
        precision_den,
    }
}

fn b_cubed(key: &[Vec<MentionSpan>], response: &[Vec<MentionSpan>]) -> Fraction {
    // Σ_A Σ_B |A∩B|² / |A| over the clusters of `a`.
    fn credit(a: &[Vec<MentionSpan>], b: &[Vec<MentionSpan>]) -> (f64, f64) {
        let in_b = cluster_of(b);
        let mut num = 0.0;
        let mut den = 0.0;
        for cluster in a {
            let mut shared: HashMap<usize, usize> = HashMap::new();
            for m in cluster {
                if let Some(&c) = in_b.get(m) {
                    *shared.entry(c).or_default() += 1;
                }
            }
            let squares: usize = shared.values().map(|n| n * n).sum();
            num += squares as f64 / cluster.len() as f64;
            den += cluster.len() as f64;
        }
        (num, den)
    }
    let (recall_num, recall_den) = credit(key, response);
    let (precision_num, precision_den) = credit(response, key);
    Fraction {
        recall_num,
        recall_den,
        precision_num,
        precision_den,
    }
}

/// φ4 similarities are scaled to integers for Kuhn-Munkres, which needs an ordered weight type.
const PHI_SCALE: f64 = 1e9;

fn ceaf_e(key: &[Vec<MentionSpan>], response: &[Vec<MentionSpan>]) -> Fraction {
    // Only clusters sharing a mention have φ4 > 0, so the alignment splits into the connected
    // components of the overlap graph; solving each alone keeps a document with thousands of
    // singletons from becoming one huge O(n³) assignment.
    let in_response = cluster_of(response);
    let mut overlap: HashMap<(usize, usize), usize> = HashMap::new();
    for (k, cluster) in key.iter().enumerate() {
        for m in cluster {
            if let Some(&r) = in_response.get(m) {
                *overlap.entry((k, r)).or_default() += 1;
            }
        }
    }
    // Union-find over key clusters (0..k) and response clusters (k..k+r).
    let mut parent: Vec<usize> = (0..key.len() + response.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for &(k, r) in overlap.keys() {
        let (a, b) = (root(&mut parent, k), root(&mut parent, key.len() + r));
        parent[a] = b;
    }
    let mut components: HashMap<usize, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for k in 0..key.len() {
        let c = root(&mut parent, k);
        components.entry(c).or_default().0.push(k);
    }
    for r in 0..response.len() {
        let c = root(&mut parent, key.len() + r);
        components.entry(c).or_default().1.push(r);
    }
    let phi = |k: usize, r: usize| -> i64 {
        let shared = overlap.get(&(k, r)).copied().unwrap_or(0);
        let similarity = 2.0 * shared as f64 / (key[k].len() + response[r].len()) as f64;
        (similarity * PHI_SCALE).round() as i64
    };
    let mut total: i64 = 0;
    for (keys, responses) in components.values() {
        if keys.is_empty() || responses.is_empty() {
            continue;
        }
        // Kuhn-Munkres wants no more rows than columns.
        let best = if keys.len() <= responses.len() {
            kuhn_munkres(&Matrix::from_fn(keys.len(), responses.len(), |(i, j)| {
                phi(keys[i], responses[j])
            }))
            .0
        } else {
            kuhn_munkres(&Matrix::from_fn(responses.len(), keys.len(), |(j, i)| {
                phi(keys[i], responses[j])
            }))
            .0
        };
        total += best;
    }
    let similarity = total as f64 / PHI_SCALE;
    Fraction {
        recall_num: similarity,
        recall_den: key.len() as f64,
        precision_num: similarity,
        precision_den: response.len() as f64,
    }
}

fn without_singletons(clusters: &[Vec<MentionSpan>]) -> Vec<Vec<MentionSpan>> {
    clusters.iter().filter(|c| c.len() > 1).cloned().collect()
}

/// Drops repeated mentions (keeping the first occurrence) and the clusters left empty.
fn deduplicate(clusters: Vec<Vec<MentionSpan>>) -> Vec<Vec<MentionSpan>> {
    let mut seen = HashSet::new();
    clusters
        .into_iter()
        .map(|c| {
            c.into_iter()
                .filter(|m| seen.insert(*m))
                .collect::<Vec<_>>()
        })
        .filter(|c| !c.is_empty())
        .collect()
}

/// Accumulates one document's words and entity brackets.
struct GumDocBuilder {
    input: DocInput,
    /// Open mentions: entity id and first word.
    open: Vec<(String, usize)>,
    clusters: Vec<(String, Vec<MentionSpan>)>,
    cluster_index: HashMap<String, usize>,
}

impl GumDocBuilder {
    fn new(id: String) -> Self {
        GumDocBuilder {
            input: DocInput {
                id,
                ..Default::default()
            },
            open: Vec::new(),
            clusters: Vec::new(),
            cluster_index: HashMap::new(),
        }
    }

    fn add_sentence(&mut self, sentence: &conllu::Sentence) -> Result<(), GumError> {
        let first = self.input.words.len();
        for word in &sentence.words {
            let index = self.input.words.len();
            let misc: Vec<&str> = word.misc.split('|').collect();
            self.input.words.push(DocWord {
                form: word.form.clone(),
                lemma: word.lemma.clone(),
                upos: word.upos.clone(),
                head: (word.head > 0).then(|| first + word.head - 1),
                deprel: word.deprel.clone(),
                space_after: !misc.contains(&"SpaceAfter=No"),
            });
            if let Some(brackets) = misc.iter().find_map(|field| field.strip_prefix("Entity=")) {
                self.brackets(brackets, index)?;
            }
        }
        // A multiword token is written as one ("America's"): no space between its words, and
        // its SpaceAfter lives on its range line.
        for mwt in &sentence.multiword_tokens {
            let no_space_after = mwt.misc.split('|').any(|f| f == "SpaceAfter=No");
            for w in mwt.first..=mwt.last {
                if let Some(word) = self.input.words.get_mut(first + w - 1) {
                    word.space_after &= w == mwt.last && !no_space_after;
                }
            }
        }
        if sentence.new_par && first > 0 {
            self.input.paragraph_starts.push(first);
        }
        self.input.sentences.push((first, self.input.words.len()));
        Ok(())
    }

    /// Applies one `Entity=` value found on word `index`.
    fn brackets(&mut self, value: &str, index: usize) -> Result<(), GumError> {
        let document = self.input.id.clone();
        let bad = |reason: String| GumError {
            line: 0,
            reason: format!("document {document}: word {}: {reason}", index + 1),
        };
        let mut rest = value;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('(') {
                let end = after.find(['(', ')']).unwrap_or(after.len());
                let id = entity_id(&after[..end]);
                if id.is_empty() {
                    return Err(bad(format!(
                        "opening bracket without entity id in {value:?}"
                    )));
                }
                if after[end..].starts_with(')') {
                    self.add_mention(id, (index, index + 1));
                    rest = &after[end + 1..];
                } else {
                    self.open.push((id.to_string(), index));
                    rest = &after[end..];
                }
            } else {
                let end = rest
                    .find(')')
                    .ok_or_else(|| bad(format!("unclosed bracket text in {value:?}")))?;
                let id = entity_id(&rest[..end]);
                let position = self
                    .open
                    .iter()
                    .rposition(|(open, _)| open == id)
                    .ok_or_else(|| bad(format!("closing bracket {id:?} was never opened")))?;
                let (id, start) = self.open.remove(position);
                self.add_mention(&id, (start, index + 1));
                rest = &rest[end + 1..];
            }
        }
        Ok(())
    }

    fn add_mention(&mut self, id: &str, span: MentionSpan) {
        let next = self.clusters.len();
        let i = *self.cluster_index.entry(id.to_string()).or_insert(next);
        if i == next {
            self.clusters.push((id.to_string(), Vec::new()));
        }
        self.clusters[i].1.push(span);
    }

    fn finish(mut self) -> Result<(DocInput, Vec<Vec<MentionSpan>>), GumError> {
        if let Some((id, start)) = self.open.first() {
            return Err(GumError {
                line: 0,
                reason: format!(
                    "document {}: mention of entity {id} opened at word {} never closed",
                    self.input.id,
                    start + 1
                ),
            });
        }
        let mut clusters: Vec<Vec<MentionSpan>> =
            self.clusters.into_iter().map(|(_, c)| c).collect();
        for cluster in &mut clusters {
            cluster.sort_unstable();
            cluster.dedup();
        }
        clusters.sort_by_key(|c| c[0]);
        let mut mentions: Vec<MentionSpan> = clusters.iter().flatten().copied().collect();
        mentions.sort_unstable_by_key(|&(s, e)| (s, std::cmp::Reverse(e)));
        self.input.gold_mentions = mentions;
        Ok((self.input, clusters))
    }
}

/// The entity id of a bracket's text: its first `-`-separated field, without a
/// discontinuous-part marker such as `[1/2]`.
fn entity_id(bracket: &str) -> &str {
    let id = bracket.split('-').next().unwrap_or("");
    id.split('[').next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(i: usize) -> MentionSpan {
        (i, i + 1)
    }

    fn clusters(groups: &[&[usize]]) -> Vec<Vec<MentionSpan>> {
        groups
            .iter()
            .map(|g| g.iter().map(|&i| m(i)).collect())
            .collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    // The worked example of Pradhan et al. (2014), Figure 1 / Luo (2005): key {a,b,c} {d,e,f,g},
    // response {a,b} {c,d} {f,g,h,i}.
    fn pradhan_example() -> (Vec<Vec<MentionSpan>>, Vec<Vec<MentionSpan>>) {
        (
            clusters(&[&[0, 1, 2], &[3, 4, 5, 6]]),
            clusters(&[&[0, 1], &[2, 3], &[5, 6, 7, 8]]),
        )
    }

    #[test]
    fn muc_matches_the_published_example() {
        let (key, response) = pradhan_example();
        let f = muc(&key, &response).prf();
        // Recall: ((3-2) + (4-3)) / (2 + 3) = 2/5; precision: ((2-1)+(2-2)+(4-3)) / (1+1+3) = 2/5.
        assert!(close(f.recall, 0.4), "{f:?}");
        assert!(close(f.precision, 0.4), "{f:?}");
    }

    #[test]
    fn b_cubed_matches_the_published_example() {
        let (key, response) = pradhan_example();
        let f = b_cubed(&key, &response).prf();
        // Recall: (4/3 + 1/3 + 1/4 + 4/4) / 7 = 35/12/7; precision: (4/2 + 1/2 + 1/2 + 4/4) / 8 = 1/2.
        assert!(close(f.recall, 35.0 / 12.0 / 7.0), "{f:?}");
        assert!(close(f.precision, 0.5), "{f:?}");
    }

    #[test]
    fn ceaf_e_matches_the_published_example() {
        let (key, response) = pradhan_example();
        let f = ceaf_e(&key, &response).prf();
        // Best alignment {a,b,c}-{a,b}: 4/5, {d,e,f,g}-{f,g,h,i}: 4/8 → 1.3.
        assert!(close(f.recall, 1.3 / 2.0), "{f:?}");
        assert!(close(f.precision, 1.3 / 3.0), "{f:?}");
    }

    #[test]
    fn ceaf_e_prefers_the_globally_best_alignment() {
        // Greedy takes the best pair {0,1,2}-{0,1,3} (4/6) and leaves {3} with {2} (0);
        // the optimum pairs crosswise: {0,1,2}-{2} (2/4) + {3}-{0,1,3} (2/4) = 1.
        let key = clusters(&[&[0, 1, 2], &[3]]);
        let response = clusters(&[&[0, 1, 3], &[2]]);
        let f = ceaf_e(&key, &response);
        assert!(close(f.recall_num, 1.0), "{f:?}");
    }

    #[test]
    fn identical_clusterings_score_one_and_singletons_are_dropped_for_conll() {
        let gold = clusters(&[&[0, 2], &[1], &[3, 4, 5]]);
        let mut all = Counts::default();
        all.add(&gold, &gold);
        let scores = all.scores();
        assert!(
            close(scores.f1, 1.0) && close(scores.precision, 1.0),
            "{scores:?}"
        );
        assert_eq!(without_singletons(&gold).len(), 2);
    }

    #[test]
    fn everything_in_one_cluster_has_full_muc_recall_but_low_b_cubed_precision() {
        let key = clusters(&[&[0, 1], &[2, 3]]);
        let response = clusters(&[&[0, 1, 2, 3]]);
        let muc = muc(&key, &response).prf();
        assert!(
            close(muc.recall, 1.0) && close(muc.precision, 2.0 / 3.0),
            "{muc:?}"
        );
        let b3 = b_cubed(&key, &response).prf();
        assert!(close(b3.recall, 1.0) && close(b3.precision, 0.5), "{b3:?}");
    }

    const SAMPLE: &str = "# newdoc id = doc_a
# text = Kim saw her sister.
1\tKim\tKim\tPROPN\tNNP\t_\t2\tnsubj\t_\tEntity=(1-person-new-cf1-1-coref)
2\tsaw\tsee\tVERB\tVBD\t_\t0\troot\t_\t_
3\ther\ther\tPRON\tPRP$\t_\t4\tnmod:poss\t_\tEntity=(2-person-new-cf2-2-coref(1-person-giv-cf1-1-coref)
4\tsister\tsister\tNOUN\tNN\t_\t2\tobj\t_\tEntity=2)|SpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# text = She left.
1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\tEntity=(2-person-giv-cf2-1-coref)
2\tleft\tleave\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No
3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# newdoc id = doc_b
# text = Rain.
1\tRain\train\tNOUN\tNN\t_\t0\troot\t_\tEntity=(1-event-new-cf1-1-sgl)|SpaceAfter=No
2\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_
";

    #[test]
    fn reads_nested_brackets_per_document() {
        let docs = read_gum(SAMPLE).unwrap();
        assert_eq!(docs.len(), 2);
        let (input, gold) = &docs[0];
        assert_eq!(input.id, "doc_a");
        assert_eq!(gold, &vec![vec![(0, 1), (2, 3)], vec![(2, 4), (5, 6)]]);
        assert_eq!(input.gold_mentions, vec![(0, 1), (2, 4), (2, 3), (5, 6)]);
        assert_eq!(input.sentences, vec![(0, 5), (5, 8)]);
        assert_eq!(input.words[3].head, Some(1));
        assert_eq!(input.words[5].head, Some(6));
        assert_eq!(input.text().0, "Kim saw her sister. She left. ");
        assert_eq!(docs[1].1, vec![vec![(0, 1)]]);
        let doc = input.document();
        assert_eq!(doc.slice(doc.tokens[3].span), "sister");
        assert_eq!(doc.tokens[2].upos, Some(Upos::Pron));
        assert_eq!(doc.slice(doc.sentences[1].span), "She left.");
        let (_, offsets) = input.text();
        assert_eq!(input.word_range(&offsets, Span::new(8, 18)), Some((2, 4)));
        assert_eq!(input.word_range(&offsets, Span::new(9, 18)), None);
    }

    #[test]
    fn evaluate_scores_a_predictor() {
        let perfect = evaluate(SAMPLE, |doc| {
            let gold = read_gum(SAMPLE).unwrap();
            gold.into_iter().find(|(d, _)| d.id == doc.id).unwrap().1
        })
        .unwrap();
        assert!(close(perfect.conll.f1, 1.0) && close(perfect.with_singletons.f1, 1.0));
        assert_eq!(
            (
                perfect.documents,
                perfect.gold_mentions,
                perfect.gold_entities
            ),
            (2, 5, 3)
        );
        let singletons = evaluate(SAMPLE, |doc| {
            doc.gold_mentions.iter().map(|&m| vec![m]).collect()
        })
        .unwrap();
        assert!(close(singletons.conll.f1, 0.0));
        assert!(singletons.with_singletons.b3.precision > 0.99);
        let json = serde_json::to_value(&singletons).unwrap();
        assert!(
            json["f1"].is_number()
                && json["muc"]["recall"].is_number()
                && json["with_singletons"]["f1"].is_number()
        );
    }

    #[test]
    fn text_keeps_paragraphs_and_writes_a_multiword_token_as_one() {
        let gum = "# newdoc id = doc_c
# newpar
# text = Kim's dog ran.
1-2\tKim's\t_\t_\t_\t_\t_\t_\t_\t_
1\tKim\tKim\tPROPN\tNNP\t_\t3\tnmod:poss\t_\t_
2\t's\t's\tPART\tPOS\t_\t1\tcase\t_\t_
3\tdog\tdog\tNOUN\tNN\t_\t4\tnsubj\t_\t_
4\tran\trun\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

# text = It barked.
1\tIt\tit\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\tbarked\tbark\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No
3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# newpar
# text = Rain.
1\tRain\train\tNOUN\tNN\t_\t0\troot\t_\tSpaceAfter=No
2\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_
";
        let docs = read_gum(gum).unwrap();
        let (text, offsets) = docs[0].0.text();
        assert_eq!(text, "Kim's dog ran. It barked.\n\nRain. ");
        assert_eq!(offsets[1], (3, 5));
        assert_eq!(offsets[8], (27, 31));
    }

    #[test]
    fn malformed_brackets_are_errors_naming_the_document() {
        let unclosed = SAMPLE.replace("Entity=2)|SpaceAfter=No", "SpaceAfter=No");
        let err = read_gum(&unclosed).unwrap_err();
        assert!(err.reason.contains("doc_a"), "{err}");
        let stray = SAMPLE.replace("Entity=2)|", "Entity=9)|");
        assert!(read_gum(&stray)
            .unwrap_err()
            .reason
            .contains("never opened"));
    }
}
