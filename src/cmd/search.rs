//! `dateline search QUERY [--store DIR|URL] [filters]`: ranked documents and quotes with a
//! highlighted snippet, as a list or JSON Lines.

use crate::cmd::store::{highlight, StoreDir};
use dateline_store::SearchQuery;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Words, "phrases", AND/OR, -excluded words (over titles, texts and quotes).
    pub query: String,
    #[command(flatten)]
    pub store: StoreDir,
    /// Only quotes by a speaker whose name contains these words.
    #[arg(long)]
    pub speaker: Option<String>,
    /// Only documents mentioning, and quotes spoken by, an entity with these words in its name.
    #[arg(long)]
    pub entity: Option<String>,
    /// Earliest date (YYYY-MM-DD, inclusive).
    #[arg(long)]
    pub from: Option<String>,
    /// Latest date (YYYY-MM-DD, inclusive).
    #[arg(long)]
    pub to: Option<String>,
    /// Only documents of this outlet (as `dateline serve` lists outlets), and quotes that
    /// one of its documents reported.
    #[arg(long)]
    pub outlet: Option<String>,
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// One JSON object per hit instead of a list.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = args.store.open_any(false)?;
    let hits = store.search(&SearchQuery {
        text: args.query.clone(),
        speaker: args.speaker.clone(),
        entity: args.entity.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        outlet: args.outlet.clone(),
        limit: args.limit,
    })?;
    for (rank, hit) in hits.iter().enumerate() {
        if args.json {
            println!("{}", serde_json::to_string(hit)?);
        } else {
            println!(
                "{}. [{:?} {}] {} {} ({}, score {:.2})",
                rank + 1,
                hit.kind,
                hit.id,
                hit.date.as_deref().unwrap_or("----------"),
                hit.title.as_deref().unwrap_or("(untitled)"),
                hit.source,
                hit.score
            );
            if hit.copies > 0 {
                println!("   (+{} near-duplicate copies)", hit.copies);
            }
            println!("   {}", highlight(hit).replace('\n', " "));
        }
    }
    if hits.is_empty() && !args.json {
        eprintln!("no matches");
    }
    Ok(ExitCode::SUCCESS)
}
