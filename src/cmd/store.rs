//! The `--store DIR` argument shared by the commands that read or write a store.

use anyhow::Context;
use dateline_store::EmbeddedStore;
use std::path::PathBuf;

#[derive(clap::Args, Clone)]
pub struct StoreDir {
    /// Store directory (default: `dateline/store` under the user's data directory).
    #[arg(long)]
    pub store: Option<PathBuf>,
}

impl StoreDir {
    pub fn path(&self) -> anyhow::Result<PathBuf> {
        match &self.store {
            Some(dir) => Ok(dir.clone()),
            None => Ok(dateline_store::default_dir()?),
        }
    }

    /// Opens the store for writing, creating it when the directory holds none.
    pub fn open_or_create(&self) -> anyhow::Result<EmbeddedStore> {
        let dir = self.path()?;
        EmbeddedStore::open(&dir).with_context(|| format!("opening store {}", dir.display()))
    }

    /// Opens an existing store; a missing one is an error rather than a new empty store.
    pub fn open_existing(&self) -> anyhow::Result<EmbeddedStore> {
        let dir = self.path()?;
        if !dir.join(dateline_store::RECORDS_FILE).is_file() {
            anyhow::bail!(
                "no store in {} (create one with `dateline ingest PATH... --store {}`)",
                dir.display(),
                dir.display()
            );
        }
        self.open_or_create()
    }
}

/// `text` with its byte ranges wrapped for the terminal (bold) or for plain output.
pub fn highlight(hit: &dateline_store::SearchHit) -> String {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        hit.marked_snippet("\x1b[1m", "\x1b[0m")
    } else {
        hit.marked_snippet("**", "**")
    }
}
