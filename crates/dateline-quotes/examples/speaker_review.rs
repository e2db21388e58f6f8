//! Lists the quotes of a GUM CoNLL-U file whose speaker is resolved to the wrong name, or to
//! none, as `dateline eval speakers` judges them: document, our speaker mention, the gold
//! mention it is judged by and how that is written, our name and the gold entity's names. A reading aid for the train part; the
//! dev part is measured with `dateline eval speakers`, never read this way.
//!
//! Usage: `cargo run --release -p dateline-quotes --example speaker_review -- GOLD.conllu
//! [GENRE]` (GENRE: only documents of that GUM genre, such as `news`).

use dateline_eval::speakers::{evaluate, SpeakerGuess};
use dateline_pipeline::{Pipeline, Stage};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(gold_path) = args.first() else {
        eprintln!("usage: speaker_review GOLD.conllu [GENRE]");
        std::process::exit(2);
    };
    let genre = args.get(1).map(|g| format!("_{g}_"));
    let gold = std::fs::read_to_string(gold_path).expect("gold file");
    let pipeline = Pipeline::load(&Pipeline::default_models_dir()).expect("models/");
    let metrics = evaluate(&gold, |input, mut doc| {
        if genre
            .as_ref()
            .is_some_and(|g| !input.id.contains(g.as_str()))
        {
            return Vec::new();
        }
        pipeline.annotate_for(Stage::Quotes, &mut doc, None);
        SpeakerGuess::of_quotes(doc.quotes)
    })
    .expect("GUM CoNLL-U");
    for j in metrics.judgements.iter().filter(|j| !j.right) {
        println!(
            "{}\t{:?}\t{} {:?}\t-> {:?}\tgold {:?}",
            j.document, j.speaker, j.form, j.mention, j.predicted, j.gold_names
        );
    }
    println!("right {} of {} judged", metrics.right, metrics.judged);
}
