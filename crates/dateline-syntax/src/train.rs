//! Training and evaluation entry points over CoNLL-U files, and the model manifest.
//!
//! The parser is trained on tags predicted by taggers that did not see the sentence
//! (k-fold jackknifing), so at run time it meets the same kind of tagging errors it
//! learnt to live with.

use crate::parser::{self, ParserOptions, TrainingCounts, TreeSentence};
use crate::tagger::{self, ModelStats, TaggedSentence, TaggerOptions};
use crate::{Parser, SyntaxError, Tagger};
use dateline_corpus::conllu;
use dateline_document::Upos;
use dateline_eval::syntax::{SyntaxScorer, SyntaxScores};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A CoNLL-U file read into memory, with the checksum the manifest records.
pub struct Treebank {
    pub file: FileDigest,
    pub sentences: Vec<conllu::Sentence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileDigest {
    pub path: String,
    pub sha256: String,
    pub sentences: usize,
    pub words: usize,
}

pub fn read_treebank(path: &Path) -> Result<Treebank, SyntaxError> {
    let bytes = std::fs::read(path).map_err(|e| SyntaxError::new(path.display(), e.to_string()))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| SyntaxError::new(path.display(), format!("not UTF-8: {e}")))?;
    let sentences =
        conllu::parse(text).map_err(|e| SyntaxError::new(path.display(), e.to_string()))?;
    let file = FileDigest {
        path: path.display().to_string(),
        sha256: sha256_hex(&bytes),
        sentences: sentences.len(),
        words: sentences.iter().map(|s| s.words.len()).sum(),
    };
    Ok(Treebank { file, sentences })
}

fn read_all(paths: &[PathBuf]) -> Result<Vec<Treebank>, SyntaxError> {
    paths.iter().map(|p| read_treebank(p)).collect()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

fn forms(s: &conllu::Sentence) -> Vec<&str> {
    s.words.iter().map(|w| w.form.as_str()).collect()
}

/// Gold UPOS; a tag outside the UD set (such as `_`) reads as `X`.
fn gold_tags(s: &conllu::Sentence) -> Vec<Upos> {
    s.words
        .iter()
        .map(|w| Upos::parse(&w.upos).unwrap_or(Upos::X))
        .collect()
}

/// UPOS accuracy of `tagger` on gold-tokenised sentences.
pub fn evaluate_tagger(tagger: &Tagger, sentences: &[conllu::Sentence]) -> SyntaxScores {
    let mut scorer = SyntaxScorer::default();
    for s in sentences {
        for (gold, predicted) in s.words.iter().zip(tagger.tag(&forms(s))) {
            scorer.add_tag(&gold.upos, predicted.as_str());
        }
    }
    scorer.scores()
}

/// UAS/LAS of `parser` on gold-tokenised sentences, fed the tags of `tagger` (and then
/// UPOS accuracy is reported too), or the gold tags when `tagger` is `None`.
pub fn evaluate_parser(
    parser: &Parser,
    tagger: Option<&Tagger>,
    sentences: &[conllu::Sentence],
) -> SyntaxScores {
    let mut scorer = SyntaxScorer::default();
    for s in sentences {
        let words = forms(s);
        let tags = match tagger {
            Some(t) => {
                let tags = t.tag(&words);
                for (gold, predicted) in s.words.iter().zip(&tags) {
                    scorer.add_tag(&gold.upos, predicted.as_str());
                }
                tags
            }
            None => gold_tags(s),
        };
        for (gold, predicted) in s.words.iter().zip(parser.parse(&words, &tags)) {
            scorer.add_arc((gold.head, &gold.deprel), predicted);
        }
    }
    scorer.scores()
}

fn tagged_sentences<'a>(
    sentences: impl Iterator<Item = &'a conllu::Sentence>,
) -> Vec<TaggedSentence> {
    sentences
        .map(|s| TaggedSentence {
            words: s.words.iter().map(|w| w.form.clone()).collect(),
            tags: gold_tags(s).into_iter().map(|t| t as usize).collect(),
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct DevScores {
    pub file: String,
    pub scores: SyntaxScores,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaggerReport {
    pub options: TaggerOptions,
    pub train_files: Vec<FileDigest>,
    pub dev_files: Vec<FileDigest>,
    /// Final scores per dev file.
    pub dev: Vec<DevScores>,
    /// UPOS accuracy on the first dev file after each epoch.
    pub dev_curve: Vec<f64>,
    pub training_seconds: f64,
    pub model: ModelStats,
}

/// Trains the tagger on `train_files` (CoNLL-U) and scores it on each of `dev_files`.
pub fn train_tagger(
    train_files: &[PathBuf],
    dev_files: &[PathBuf],
    options: &TaggerOptions,
) -> Result<(Tagger, TaggerReport), SyntaxError> {
    let train = read_all(train_files)?;
    let dev = read_all(dev_files)?;
    let started = Instant::now();
    let sentences = tagged_sentences(train.iter().flat_map(|t| &t.sentences));
    let mut dev_curve = Vec::new();
    let mut eval_seconds = 0.0;
    let tagger = tagger::train(&sentences, options, |_, t| {
        if let Some(first) = dev.first() {
            let eval_started = Instant::now();
            dev_curve.push(
                evaluate_tagger(t, &first.sentences)
                    .upos_accuracy
                    .unwrap_or(0.0),
            );
            eval_seconds += eval_started.elapsed().as_secs_f64();
        }
    });
    let training_seconds = started.elapsed().as_secs_f64() - eval_seconds;
    let report = TaggerReport {
        options: *options,
        train_files: train.iter().map(|t| t.file.clone()).collect(),
        dev_files: dev.iter().map(|t| t.file.clone()).collect(),
        dev: dev
            .iter()
            .map(|d| DevScores {
                file: d.file.path.clone(),
                scores: evaluate_tagger(&tagger, &d.sentences),
            })
            .collect(),
        dev_curve,
        training_seconds,
        model: tagger.stats(),
    };
    Ok((tagger, report))
}

#[derive(Debug, Clone, Copy, Serialize, serde::Deserialize)]
pub struct ParserTrainOptions {
    pub parser: ParserOptions,
    /// Folds for jackknifed training tags (0 or 1 = train on gold tags).
    pub jackknife_folds: usize,
    /// How the fold taggers are trained.
    pub tagger: TaggerOptions,
}

impl Default for ParserTrainOptions {
    fn default() -> Self {
        ParserTrainOptions {
            parser: ParserOptions::default(),
            jackknife_folds: 5,
            tagger: TaggerOptions::default(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ParserReport {
    pub options: ParserTrainOptions,
    pub train_files: Vec<FileDigest>,
    pub dev_files: Vec<FileDigest>,
    /// Final scores per dev file with the tags of the given tagger (as in real use).
    pub dev_predicted_tags: Vec<DevScores>,
    /// Final scores per dev file with gold tags.
    pub dev_gold_tags: Vec<DevScores>,
    /// LAS on the first dev file (predicted tags) after each epoch.
    pub dev_curve: Vec<f64>,
    /// UPOS accuracy of the jackknifed training tags.
    pub jackknife_upos_accuracy: Option<f64>,
    pub counts: TrainingCounts,
    pub training_seconds: f64,
    pub model: ModelStats,
}

/// Trains the parser on `train_files`, with jackknifed tags, and scores it on each of
/// `dev_files` with the tags of `tagger` (run-time conditions) and with gold tags.
pub fn train_parser(
    train_files: &[PathBuf],
    dev_files: &[PathBuf],
    tagger: &Tagger,
    options: &ParserTrainOptions,
) -> Result<(Parser, ParserReport), SyntaxError> {
    let train = read_all(train_files)?;
    let dev = read_all(dev_files)?;
    let started = Instant::now();
    let gold: Vec<&conllu::Sentence> = train.iter().flat_map(|t| &t.sentences).collect();
    let (training_tags, jackknife_upos_accuracy) = jackknife_tags(&gold, options);
    let trees: Vec<TreeSentence> = gold
        .iter()
        .zip(training_tags)
        .map(|(s, tags)| TreeSentence {
            words: s.words.iter().map(|w| w.form.clone()).collect(),
            tags,
            heads: s.words.iter().map(|w| w.head).collect(),
            labels: s.words.iter().map(|w| w.deprel.clone()).collect(),
        })
        .collect();
    let mut dev_curve = Vec::new();
    let mut eval_seconds = 0.0;
    let (parser, counts) = parser::train(&trees, &options.parser, |_, p| {
        if let Some(first) = dev.first() {
            let eval_started = Instant::now();
            dev_curve.push(
                evaluate_parser(p, Some(tagger), &first.sentences)
                    .las
                    .unwrap_or(0.0),
            );
            eval_seconds += eval_started.elapsed().as_secs_f64();
        }
    })
    .map_err(|reason| {
        SyntaxError::new(
            train_files
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            reason,
        )
    })?;
    let training_seconds = started.elapsed().as_secs_f64() - eval_seconds;
    let score_all = |tagger: Option<&Tagger>| -> Vec<DevScores> {
        dev.iter()
            .map(|d| DevScores {
                file: d.file.path.clone(),
                scores: evaluate_parser(&parser, tagger, &d.sentences),
            })
            .collect()
    };
    let report = ParserReport {
        options: *options,
        train_files: train.iter().map(|t| t.file.clone()).collect(),
        dev_files: dev.iter().map(|t| t.file.clone()).collect(),
        dev_predicted_tags: score_all(Some(tagger)),
        dev_gold_tags: score_all(None),
        dev_curve,
        jackknife_upos_accuracy,
        counts,
        training_seconds,
        model: parser.stats(),
    };
    Ok((parser, report))
}

/// Tags for every training sentence from a tagger trained on the other folds (fold =
/// sentence index modulo `folds`), plus their UPOS accuracy; gold tags when folds < 2.
fn jackknife_tags(
    gold: &[&conllu::Sentence],
    options: &ParserTrainOptions,
) -> (Vec<Vec<Upos>>, Option<f64>) {
    let folds = options.jackknife_folds;
    if folds < 2 {
        return (gold.iter().map(|s| gold_tags(s)).collect(), None);
    }
    let per_fold: Vec<Vec<(usize, Vec<Upos>)>> = (0..folds)
        .into_par_iter()
        .map(|fold| {
            let training = tagged_sentences(
                gold.iter()
                    .enumerate()
                    .filter(|(i, _)| i % folds != fold)
                    .map(|(_, s)| *s),
            );
            let fold_tagger = tagger::train(&training, &options.tagger, |_, _| {});
            gold.iter()
                .enumerate()
                .filter(|(i, _)| i % folds == fold)
                .map(|(i, s)| (i, fold_tagger.tag(&forms(s))))
                .collect()
        })
        .collect();
    let mut tags = vec![Vec::new(); gold.len()];
    for (i, t) in per_fold.into_iter().flatten() {
        tags[i] = t;
    }
    let mut scorer = SyntaxScorer::default();
    for (s, t) in gold.iter().zip(&tags) {
        for (w, p) in s.words.iter().zip(t) {
            scorer.add_tag(&w.upos, p.as_str());
        }
    }
    (tags, scorer.scores().upos_accuracy)
}

/// The manifest written beside each model file.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest<'a, R: Serialize> {
    pub model: String,
    pub kind: &'a str,
    pub format_version: u32,
    pub bytes: usize,
    pub sha256: String,
    /// The command line that produced the model.
    pub command: &'a str,
    pub report: &'a R,
}

/// Writes `bytes` to `path` and the manifest to `path` with extension `manifest.json`
/// (`models/tagger.bin` -> `models/tagger.manifest.json`). Returns the manifest path.
pub fn write_model<R: Serialize>(
    path: &Path,
    bytes: &[u8],
    kind: &str,
    command: &str,
    report: &R,
) -> Result<PathBuf, SyntaxError> {
    std::fs::write(path, bytes).map_err(|e| SyntaxError::new(path.display(), e.to_string()))?;
    let manifest = Manifest {
        model: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        kind,
        format_version: crate::FORMAT_VERSION,
        bytes: bytes.len(),
        sha256: sha256_hex(bytes),
        command,
        report,
    };
    let manifest_path = path.with_extension("manifest.json");
    let json = serde_json::to_string_pretty(&manifest)
        .map_err(|e| SyntaxError::new(manifest_path.display(), e.to_string()))?;
    std::fs::write(&manifest_path, json + "\n")
        .map_err(|e| SyntaxError::new(manifest_path.display(), e.to_string()))?;
    Ok(manifest_path)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TREEBANK: &str = "\
1\tShe\tshe\tPRON\t_\t_\t2\tnsubj\t_\t_
2\treads\tread\tVERB\t_\t_\t0\troot\t_\t_
3\tbooks\tbook\tNOUN\t_\t_\t2\tobj\t_\t_

1\tHe\the\tPRON\t_\t_\t2\tnsubj\t_\t_
2\twrites\twrite\tVERB\t_\t_\t0\troot\t_\t_
3\tletters\tletter\tNOUN\t_\t_\t2\tobj\t_\t_
";

    #[test]
    fn trains_evaluates_and_writes_manifests() {
        let dir = std::env::temp_dir().join(format!("dateline-syntax-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let conllu = dir.join("toy.conllu");
        std::fs::write(&conllu, TREEBANK).unwrap();
        let files = vec![conllu.clone()];
        let (tagger, report) = train_tagger(
            &files,
            &files,
            &TaggerOptions {
                epochs: 5,
                seed: 1,
                prune: 0.0,
            },
        )
        .unwrap();
        assert_eq!(report.dev[0].scores.upos_accuracy, Some(1.0));
        assert_eq!(report.dev_curve.len(), 5);
        assert_eq!(
            report.train_files[0].sha256,
            sha256_hex(TREEBANK.as_bytes())
        );
        let options = ParserTrainOptions {
            parser: ParserOptions {
                epochs: 8,
                prune: 0.0,
                // Toy treebanks: every (direction, label) pair they have gets a class.
                min_class_count: 1,
                ..Default::default()
            },
            jackknife_folds: 2,
            tagger: TaggerOptions {
                epochs: 2,
                seed: 1,
                prune: 0.0,
            },
        };
        let (parser, report) = train_parser(&files, &files, &tagger, &options).unwrap();
        assert_eq!(report.dev_gold_tags[0].scores.las, Some(1.0));
        assert!(report.jackknife_upos_accuracy.is_some());

        let model = dir.join("parser.bin");
        let manifest = write_model(&model, &parser.to_bytes(), "parser", "test", &report).unwrap();
        assert_eq!(manifest, dir.join("parser.manifest.json"));
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
        assert_eq!(json["sha256"], sha256_hex(&std::fs::read(&model).unwrap()));
        assert_eq!(Parser::load(&model).unwrap(), parser);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn unreadable_corpora_name_the_file() {
        let err = train_tagger(
            &[PathBuf::from("/nonexistent.conllu")],
            &[],
            &TaggerOptions::default(),
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("/nonexistent.conllu"), "{err}");
    }
}
