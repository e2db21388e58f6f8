//! The language-core tasks of `dateline eval`: sentences, pos, parse, ner and coref, each
//! scored with the shipped models (or `--models DIR`) on a gold file from `../shared/`.

use anyhow::{anyhow, Context};
use dateline_document::Document;
use dateline_pipeline::Pipeline;
use dateline_syntax::train::read_treebank;
use dateline_syntax::{evaluate_parser, evaluate_tagger, Parser, Tagger};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| path.display().to_string())
}

fn load<T>(
    models: &Path,
    file: &str,
    loader: impl FnOnce(PathBuf) -> Result<T, String>,
) -> anyhow::Result<T> {
    let path = models.join(file);
    loader(path.clone()).map_err(|e| anyhow!("{}: {e}", path.display()))
}

fn tagger(models: &Path) -> anyhow::Result<Tagger> {
    load(models, "tagger.bin", |p| {
        Tagger::load(p).map_err(|e| e.to_string())
    })
}

fn add(metrics: &mut Value, key: &str, value: Value) {
    metrics
        .as_object_mut()
        .expect("metrics are an object")
        .insert(key.to_string(), value);
}

/// Sentence boundaries on the raw text of a UD CoNLL-U file (tokenizer + splitter).
pub fn sentences(gold: &Path) -> anyhow::Result<Value> {
    use dateline_eval::sentences::evaluate;
    let started = Instant::now();
    let split = |text: &str| {
        let tokens = dateline_tokenize::tokenize(text);
        dateline_tokenize::split_sentences(text, &tokens)
            .iter()
            .map(|s| (s.span.start, s.span.end))
            .collect()
    };
    let metrics = evaluate(&read(gold)?, split).map_err(|e| anyhow!("{}: {e}", gold.display()))?;
    let mut metrics = serde_json::to_value(metrics)?;
    add(
        &mut metrics,
        "seconds",
        json!(started.elapsed().as_secs_f64()),
    );
    Ok(metrics)
}

/// UPOS accuracy on the gold tokens of a UD CoNLL-U file.
pub fn pos(gold: &Path, models: &Path) -> anyhow::Result<Value> {
    let tagger = tagger(models)?;
    let treebank = read_treebank(gold)?;
    let started = Instant::now();
    let mut metrics = serde_json::to_value(evaluate_tagger(&tagger, &treebank.sentences))?;
    add(
        &mut metrics,
        "seconds",
        json!(started.elapsed().as_secs_f64()),
    );
    Ok(metrics)
}

/// UAS and LAS on the gold tokens of a UD CoNLL-U file, with predicted tags (the headline,
/// as in real use) and with gold tags.
pub fn parse(gold: &Path, models: &Path) -> anyhow::Result<Value> {
    let tagger = tagger(models)?;
    let parser = load(models, "parser.bin", |p| {
        Parser::load(p).map_err(|e| e.to_string())
    })?;
    let treebank = read_treebank(gold)?;
    let started = Instant::now();
    let mut metrics =
        serde_json::to_value(evaluate_parser(&parser, Some(&tagger), &treebank.sentences))?;
    let seconds = started.elapsed().as_secs_f64();
    let with_gold_tags = evaluate_parser(&parser, None, &treebank.sentences);
    add(&mut metrics, "las_gold_tags", json!(with_gold_tags.las));
    add(&mut metrics, "uas_gold_tags", json!(with_gold_tags.uas));
    add(&mut metrics, "seconds", json!(seconds));
    Ok(metrics)
}

/// Entity F1 on an IOB2 file (CoNLL-2003 or Universal NER).
pub fn ner(gold: &Path, models: &Path) -> anyhow::Result<Value> {
    let recognizer = load(models, "ner.bin", |p| {
        dateline_ner::Recognizer::load(&p).map_err(|e| e.to_string())
    })?;
    let started = Instant::now();
    let score = dateline_ner::evaluate(&recognizer, gold)?;
    let mut metrics = serde_json::to_value(score)?;
    add(
        &mut metrics,
        "seconds",
        json!(started.elapsed().as_secs_f64()),
    );
    Ok(metrics)
}

/// Coreference on GUM's entity layer: end to end (our tokens, tags, entities and mentions
/// on the running text; the headline) and with gold mentions and gold syntax.
pub fn coref(gold: &Path, models: &Path) -> anyhow::Result<Value> {
    use dateline_eval::coref::evaluate;
    let pipeline = Pipeline::load(models)?;
    let text = read(gold)?;
    let error = |e: dateline_eval::coref::GumError| anyhow!("{}: {e}", gold.display());
    let started = Instant::now();
    let end_to_end = evaluate(&text, |input| {
        let (text, offsets) = input.text();
        let mut doc = Document {
            id: input.id.clone(),
            text,
            ..Default::default()
        };
        pipeline.annotate(&mut doc, None);
        doc.entities
            .iter()
            .map(|entity| {
                entity
                    .mentions
                    .iter()
                    .filter_map(|m| input.word_range(&offsets, m.span))
                    .collect()
            })
            .collect()
    })
    .map_err(error)?;
    let seconds = started.elapsed().as_secs_f64();
    let gold_mentions = evaluate(&text, |input| {
        dateline_coref::cluster_token_ranges(&input.document(), &input.gold_mentions)
    })
    .map_err(error)?;
    let mut metrics = serde_json::to_value(end_to_end)?;
    add(
        &mut metrics,
        "gold_mentions",
        serde_json::to_value(gold_mentions)?,
    );
    add(&mut metrics, "seconds", json!(seconds));
    Ok(metrics)
}
