//! Per-stage profile of the language core (tokenizer + sentences, tagger + parser, NER)
//! over the raw texts of a UD file, one thread, each stage in its own never-inlined
//! function so that a profiler can attribute instructions to it:
//!
//! ```text
//! cargo build --release -p dateline-pipeline --example profile_language
//! valgrind --tool=callgrind --callgrind-out-file=core.cg \
//!     target/release/examples/profile_language ../shared/corpus/ud/en_ewt-ud-dev.conllu models
//! callgrind_annotate --inclusive=yes core.cg | grep stage_
//! ```
//!
//! Arguments: `GOLD.conllu MODELS_DIR [PASSES] [DUMP_FILE]`. Prints tokens/s per stage, by
//! the wall clock (meaningful on an idle machine only) and by the thread's own CPU time
//! (which leaves out the time other processes had the core, not their share of the
//! cache); `DUMP_FILE` receives every token's tag, head and label and the entity mentions
//! of the first pass, to check that a speed-up changed no output.

use dateline_document::Document;
use dateline_ner::Recognizer;
use dateline_syntax::{Parser, Tagger};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

#[inline(never)]
fn stage_tokenize(doc: &mut Document) {
    dateline_tokenize::annotate(doc);
}

#[inline(never)]
fn stage_tag_and_parse(doc: &mut Document, tagger: &Tagger, parser: &Parser) {
    dateline_syntax::annotate(doc, tagger, parser);
}

#[inline(never)]
fn stage_ner(doc: &mut Document, recognizer: &Recognizer) {
    dateline_ner::annotate(doc, recognizer);
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        return Err("usage: profile_language GOLD.conllu MODELS_DIR [PASSES] [DUMP_FILE]".into());
    }
    let models = Path::new(&args[2]);
    let passes: usize = args.get(3).map_or(Ok(1), |s| s.parse())?;
    let texts: Vec<String> =
        dateline_eval::sentences::gold_documents(&std::fs::read_to_string(&args[1])?)?
            .into_iter()
            .map(|d| d.text)
            .collect();
    let tagger = Tagger::load(models.join("tagger.bin"))?;
    let parser = Parser::load(models.join("parser.bin"))?;
    let recognizer = Recognizer::load(&models.join("ner.bin"))?;
    let mut dump = match args.get(4) {
        Some(path) => Some(std::io::BufWriter::new(std::fs::File::create(path)?)),
        None => None,
    };
    let mut times = [Duration::ZERO; 3];
    let mut cpu_times = [Duration::ZERO; 3];
    let mut tokens = 0;
    for pass in 0..passes {
        for text in &texts {
            let mut doc = Document {
                text: text.clone(),
                ..Default::default()
            };
            let started = (Instant::now(), cpu_now());
            stage_tokenize(&mut doc);
            let tokenized = (Instant::now(), cpu_now());
            stage_tag_and_parse(&mut doc, &tagger, &parser);
            let parsed = (Instant::now(), cpu_now());
            stage_ner(&mut doc, &recognizer);
            let recognized = (Instant::now(), cpu_now());
            for (i, (from, to)) in [
                (started, tokenized),
                (tokenized, parsed),
                (parsed, recognized),
            ]
            .into_iter()
            .enumerate()
            {
                times[i] += to.0 - from.0;
                cpu_times[i] += to.1 - from.1;
            }
            tokens += doc.tokens.len();
            if let (0, Some(out)) = (pass, dump.as_mut()) {
                for t in &doc.tokens {
                    writeln!(
                        out,
                        "{:?}\t{:?}\t{:?}\t{:?}",
                        t.span, t.upos, t.head, t.deprel
                    )?;
                }
                writeln!(out, "mentions {:?}", doc.mentions)?;
            }
        }
    }
    let rate = |d: Duration| tokens as f64 / d.as_secs_f64();
    for (clock, times) in [("wall clock", times), ("thread CPU", cpu_times)] {
        println!(
            "{tokens} tokens; tokens/s by {clock}: tokenizer + sentences {:.0}, tagger + parser {:.0}, NER {:.0}, together {:.0}",
            rate(times[0]),
            rate(times[1]),
            rate(times[2]),
            rate(times.iter().sum())
        );
    }
    Ok(())
}

fn cpu_now() -> Duration {
    dateline_pipeline::thread_cpu_time().expect("a per-thread CPU clock")
}
