//! Writes `models/events.dict` from the PETRARCH2 dictionaries and the PLOVER table, and
//! times loading it back (until `dateline train events` does this).
//!
//! cargo run --release -p dateline-events --example compile_dictionaries -- \
//!     ../shared/corpus/events/dictionaries ../shared/corpus/events/plover models/events.dict

use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [dictionaries, plover, out] = args.as_slice() else {
        return Err("usage: compile_dictionaries DICTIONARIES_DIR PLOVER_DIR OUT".into());
    };
    let files = dateline_events::phoenix_files(dictionaries, plover);
    let compiled = dateline_events::compile(&files, out)?;
    for problem in &compiled.problems {
        eprintln!("skipped {problem}");
    }
    let started = Instant::now();
    let loaded = dateline_events::Dictionaries::load(out)?;
    eprintln!(
        "{}: {} verb forms, {} patterns, {} actor phrases, {} agent phrases, {} discards, {} PLOVER codes; {} lines skipped; loads in {:.0} ms",
        out.display(),
        loaded.verbs.forms.len(),
        loaded.verbs.blocks.iter().map(|b| b.patterns.len()).sum::<usize>(),
        loaded.actors.index.len(),
        loaded.agents.index.len(),
        loaded.discards.entries.len(),
        loaded.plover.len(),
        loaded.problems.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}
