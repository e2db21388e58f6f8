//! Lists the errors of the quote extractor on a gold file, for reading them: missed gold
//! quotes grouped by their gold cue, spurious quotes grouped by our cue, and matched quotes
//! whose speaker mention is wrong. The language core runs once and its annotations are kept
//! in CACHE (JSONL of documents), so a change to the extractor is re-measured in seconds.
//!
//! Usage: `cargo run --release -p dateline-quotes --example quote_review -- GOLD CACHE [N]`
//! (N: examples printed per group, default 3). Only for development files: the check part
//! and held-out gold are measured with `dateline eval quotes`, never read this way.

use dateline_document::{Document, Quote, Span};
use dateline_eval::quotes::{evaluate, read_gold, review, GoldDocument, Predicted};
use dateline_pipeline::Pipeline;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [gold_path, cache_path, rest @ ..] = &args[..] else {
        eprintln!("usage: quote_review GOLD CACHE [EXAMPLES_PER_GROUP]");
        std::process::exit(2);
    };
    let per_group: usize = rest.first().and_then(|n| n.parse().ok()).unwrap_or(3);
    let gold_text = std::fs::read_to_string(gold_path).expect("gold file");
    let gold = read_gold(&gold_text).expect("gold JSONL");
    let docs = annotated(&gold, Path::new(cache_path));
    let quotes: Vec<Vec<Quote>> = docs.iter().map(dateline_quotes::extract).collect();
    let predictions: Vec<Vec<Predicted>> = quotes
        .iter()
        .map(|qs| qs.iter().cloned().map(Predicted::from).collect())
        .collect();
    let metrics = evaluate(&gold, &predictions);
    // QUOTE_REVIEW_DOC=<id prefix>: that document's quotes and parse, to see why.
    if let Ok(prefix) = std::env::var("QUOTE_REVIEW_DOC") {
        for (doc, qs) in docs.iter().zip(&quotes) {
            if doc.id.starts_with(&prefix) {
                show_document(doc, qs);
            }
        }
        return;
    }

    let mut missed: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut spurious: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut speakers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut names: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // Per cue lemma: quotes predicted and how many of them match no gold quote.
    let mut by_cue: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for ((g, doc), qs) in gold.iter().zip(&docs).zip(&quotes) {
        let predicted: Vec<Predicted> = qs.iter().cloned().map(Predicted::from).collect();
        let errors = review(g, &predicted);
        for q in qs {
            by_cue
                .entry(q.cue_lemma.clone().unwrap_or_default())
                .or_default()
                .0 += 1;
        }
        for &p in &errors.spurious {
            by_cue
                .entry(qs[p].cue_lemma.clone().unwrap_or_default())
                .or_default()
                .1 += 1;
        }
        let text = |s: Option<Span>| s.map_or("-".to_string(), |s| one_line(doc.slice(s)));
        for &m in &errors.missed {
            let q = &g.quotes[m];
            let overlapping = qs.iter().find(|p| p.span.overlap(q.quote) > 0);
            missed
                .entry(text(q.cue).to_lowercase())
                .or_default()
                .push(format!(
                    "{} {} | {} | spk={} | ours={}",
                    g.id,
                    q.kind,
                    in_context(doc, q.quote),
                    text(q.speaker),
                    overlapping.map_or("-".into(), |p| format!(
                        "[{}] {}",
                        text(p.cue),
                        text(Some(p.span))
                    )),
                ));
        }
        for &p in &errors.spurious {
            let q = &qs[p];
            spurious
                .entry(q.cue_lemma.clone().unwrap_or_default())
                .or_default()
                .push(format!(
                    "{} {} | {} | spk={}",
                    g.id,
                    q.kind.as_str(),
                    in_context(doc, q.span),
                    text(q.speaker)
                ));
        }
        // QUOTE_REVIEW_NAMES=1: matched quotes whose resolved name is wrong.
        for &(gi, p) in &errors.wrong_name {
            let (gq, q) = (&g.quotes[gi], &qs[p]);
            names
                .entry(
                    if q.speaker_name.is_some() {
                        "given"
                    } else {
                        "none"
                    }
                    .to_string(),
                )
                .or_default()
                .push(format!(
                    "{} gold={:?} ours={:?} mention={}",
                    g.id,
                    gq.speaker_name,
                    q.speaker_name,
                    text(q.speaker)
                ));
        }
        // QUOTE_REVIEW_PARSE=1: each wrong speaker with the parse of its cue's sentence.
        let with_parse = std::env::var_os("QUOTE_REVIEW_PARSE").is_some();
        for &(gi, p) in &errors.wrong_speaker {
            let (gq, q) = (&g.quotes[gi], &qs[p]);
            let mut line = format!(
                "{} gold={} ours={} | {}",
                g.id,
                text(gq.speaker),
                text(q.speaker),
                in_context(doc, gq.quote)
            );
            if with_parse {
                let at = q.cue.unwrap_or(q.span).start;
                if let Some(sentence) = doc
                    .sentences
                    .iter()
                    .find(|s| s.span.start <= at && at < s.span.end)
                {
                    line.push_str(&format!("\n      {}", parse_of(doc, sentence.tokens)));
                }
            }
            speakers
                .entry(format!("{} <- {}", text(q.cue).to_lowercase(), kind_of(q)))
                .or_default()
                .push(line);
        }
    }
    let out = std::io::stdout();
    let mut out = out.lock();
    if std::env::var_os("QUOTE_REVIEW_NAMES").is_some() {
        print_groups(
            &mut out,
            "WRONG NAME (ours given or not)",
            &names,
            per_group,
        );
    }
    print_groups(&mut out, "MISSED (by gold cue)", &missed, per_group);
    print_groups(
        &mut out,
        "SPURIOUS (by our cue lemma)",
        &spurious,
        per_group,
    );
    print_groups(&mut out, "WRONG SPEAKER (by our cue)", &speakers, per_group);
    // Cues whose quotes are mostly spurious first: what dropping each would gain.
    let mut cues: Vec<(&String, &(usize, usize))> = by_cue.iter().collect();
    cues.sort_by_key(|(_, &(predicted, spurious))| predicted as i64 - 2 * spurious as i64);
    writeln!(out, "== CUES (predicted, spurious), mostly spurious first").unwrap();
    for (lemma, (predicted, spurious)) in &cues {
        writeln!(out, "   {lemma:?} {predicted} {spurious}").unwrap();
    }
    writeln!(out, "{}", serde_json::to_string(&metrics).unwrap()).unwrap();
}

/// Every quote of `doc`, then every sentence as `index:word/UPOS/head/deprel` items.
fn show_document(doc: &Document, quotes: &[Quote]) {
    for q in quotes {
        println!(
            "{} cue={:?} spk={:?} | {}",
            q.kind.as_str(),
            q.cue.map(|s| doc.slice(s)),
            q.speaker.map(|s| doc.slice(s)),
            one_line(doc.slice(q.span))
        );
    }
    for sentence in &doc.sentences {
        println!("{}", parse_of(doc, sentence.tokens));
    }
}

/// Tokens `a..b` as `index:word/UPOS/head/deprel` items.
fn parse_of(doc: &Document, (a, b): (usize, usize)) -> String {
    let items: Vec<String> = (a..b)
        .map(|i| {
            let t = &doc.tokens[i];
            format!(
                "{i}:{}/{}/{}/{}",
                doc.slice(t.span),
                t.upos.map_or("?", |u| u.as_str()),
                t.head.map_or("-".to_string(), |h| h.to_string()),
                t.deprel.as_deref().unwrap_or("?")
            )
        })
        .collect();
    items.join(" ")
}

fn kind_of(q: &Quote) -> &'static str {
    q.kind.as_str()
}

fn print_groups(
    out: &mut impl Write,
    title: &str,
    groups: &BTreeMap<String, Vec<String>>,
    per_group: usize,
) {
    let total: usize = groups.values().map(Vec::len).sum();
    writeln!(out, "== {title}: {total}").unwrap();
    let mut sorted: Vec<(&String, &Vec<String>)> = groups.iter().collect();
    sorted.sort_by_key(|(_, v)| std::cmp::Reverse(v.len()));
    for (key, items) in sorted {
        writeln!(out, "-- {key:?} {}", items.len()).unwrap();
        for item in items.iter().take(per_group) {
            writeln!(out, "   {item}").unwrap();
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sentence-sized context of `span` with the span in brackets.
fn in_context(doc: &Document, span: Span) -> String {
    let chars = doc.text.chars().count();
    let end = span.end.min(chars);
    let start = span.start.min(end);
    let before = Span::new(start.saturating_sub(80), start);
    let after = Span::new(end, (end + 60).min(chars));
    let mut inside = one_line(doc.slice(Span::new(start, end)));
    if inside.chars().count() > 160 {
        inside = format!("{} ...", inside.chars().take(160).collect::<String>());
    }
    format!(
        "{}[[{}]]{}",
        one_line(doc.slice(before)),
        inside,
        one_line(doc.slice(after))
    )
}

/// The gold texts annotated by the language core, read from `cache` when it exists, else
/// annotated (on every core) and written there.
fn annotated(gold: &[GoldDocument], cache: &Path) -> Vec<Document> {
    if let Ok(text) = std::fs::read_to_string(cache) {
        let docs: Vec<Document> = dateline_eval::read_jsonl(&text).expect("cache JSONL");
        if docs.len() == gold.len() && docs.iter().zip(gold).all(|(d, g)| d.text == g.text) {
            return docs;
        }
        eprintln!("{} is stale: annotating again", cache.display());
    }
    let pipeline = Pipeline::load(&Pipeline::default_models_dir()).expect("models/");
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = gold.len().div_ceil(threads).max(1);
    let docs: Vec<Document> = std::thread::scope(|scope| {
        let handles: Vec<_> = gold
            .chunks(chunk)
            .map(|part| {
                let pipeline = &pipeline;
                scope.spawn(move || {
                    part.iter()
                        .map(|g| {
                            let mut doc = g.document();
                            pipeline.annotate(&mut doc, None);
                            doc
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("annotation thread"))
            .collect()
    });
    let mut file = std::io::BufWriter::new(std::fs::File::create(cache).expect("cache file"));
    for doc in &docs {
        serde_json::to_writer(&mut file, doc).unwrap();
        writeln!(file).unwrap();
    }
    docs
}
