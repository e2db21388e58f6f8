//! `dateline query quotes|timeline|genders|check`: what the store knows about a speaker or
//! an entity, who gets quoted by gender, and whether the store is sound.

use crate::cmd::store::StoreDir;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(clap::Subcommand)]
pub enum What {
    /// Quote records of a speaker, earliest first, each with every document that reported it.
    Quotes {
        /// Words of the speaker's name ("Tokayev").
        #[arg(long)]
        speaker: String,
        #[command(flatten)]
        common: Common,
    },
    /// Quotes and events involving an entity, by date.
    Timeline {
        /// Words of the entity's name.
        #[arg(long)]
        entity: String,
        #[command(flatten)]
        common: Common,
    },
    /// Who gets quoted, by gender: quotes per outlet by their speaker's gender (from the
    /// articles' pronouns and titles, or a first-name list), and the share of women.
    Genders {
        #[command(flatten)]
        store: StoreDir,
        /// Only this outlet.
        #[arg(long)]
        outlet: Option<String>,
        /// Earliest document date, YYYY[-MM[-DD]].
        #[arg(long)]
        from: Option<String>,
        /// Latest document date, YYYY[-MM[-DD]].
        #[arg(long)]
        to: Option<String>,
        /// One JSON object instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Record counts and an integrity check (SQLite, references, search index); exit code 1 on problems.
    Check {
        #[command(flatten)]
        store: StoreDir,
    },
}

#[derive(clap::Args)]
pub struct Common {
    #[command(flatten)]
    pub store: StoreDir,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// One JSON object per record instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.what {
        What::Quotes { speaker, common } => {
            let store = common.store.open_any(false)?;
            for quote in store.quotes_by_speaker(&speaker, common.limit)? {
                if common.json {
                    println!("{}", serde_json::to_string(&quote)?);
                    continue;
                }
                println!(
                    "{}  {}: “{}” ({}, {} source{})",
                    quote.date.as_deref().unwrap_or("----------"),
                    quote.speaker.as_deref().unwrap_or("?"),
                    quote.text.replace('\n', " "),
                    quote.kind,
                    quote.sources.len(),
                    if quote.sources.len() == 1 { "" } else { "s" }
                );
                for source in &quote.sources {
                    println!(
                        "    {} {}",
                        source.date.as_deref().unwrap_or("----------"),
                        source.source
                    );
                }
            }
        }
        What::Timeline { entity, common } => {
            let store = common.store.open_any(false)?;
            for entry in store.timeline(&entity, common.limit)? {
                if common.json {
                    println!("{}", serde_json::to_string(&entry)?);
                } else {
                    println!(
                        "{}  {:5}  {}  ({})",
                        entry.date.as_deref().unwrap_or("----------"),
                        entry.kind,
                        entry.summary.replace('\n', " "),
                        entry.source
                    );
                }
            }
        }
        What::Genders {
            store,
            outlet,
            from,
            to,
            json,
        } => {
            let filter = dateline_store::DocumentFilter {
                outlet,
                from,
                to,
                ..Default::default()
            };
            let genders = store.open_existing()?.quoted_genders(&filter)?;
            if json {
                println!("{}", serde_json::to_string(&genders)?);
            } else {
                println!(
                    "{:>7} {:>7} {:>7} {:>10} {:>7}  outlet",
                    "women", "men", "unknown", "not person", "women%"
                );
                for row in [&genders.all].into_iter().chain(&genders.outlets) {
                    println!(
                        "{:>7} {:>7} {:>7} {:>10} {:>7}  {}",
                        row.female,
                        row.male,
                        row.unknown,
                        row.not_person,
                        row.female_share
                            .map_or("-".to_string(), |s| format!("{:.1}", 100.0 * s)),
                        row.outlet.as_deref().unwrap_or("(all outlets)")
                    );
                }
            }
        }
        What::Check { store } => {
            let report = store.open_any(false)?.check()?;
            println!("{}", serde_json::to_string_pretty(&report)?);
            if !report.is_ok() {
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
