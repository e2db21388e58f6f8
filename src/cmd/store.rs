//! The `--store DIR|URL` argument shared by the commands that read or write a store.

use anyhow::Context;
use dateline_store::{is_postgres_url, EmbeddedStore, PostgresStore, Store};
use std::path::PathBuf;

#[derive(clap::Args, Clone)]
pub struct StoreDir {
    /// Store directory (default: `dateline/store` under the user's data directory), or a
    /// PostgreSQL database: `postgres://USER@HOST/DB` (a Unix socket: `?host=/run/postgresql`).
    #[arg(long)]
    pub store: Option<PathBuf>,
}

impl StoreDir {
    /// The PostgreSQL URL `--store` names, if it names one.
    fn postgres_url(&self) -> Option<&str> {
        self.store
            .as_deref()
            .and_then(|p| p.to_str())
            .filter(|s| is_postgres_url(s))
    }

    /// Where the store is, for messages (a URL's password left out).
    pub fn location(&self) -> anyhow::Result<String> {
        match self.postgres_url() {
            Some(url) => Ok(without_password(url)),
            None => Ok(self.path()?.display().to_string()),
        }
    }

    /// Opens the store of either backend for the commands that need only the [`Store`]
    /// contract; `create` makes a missing embedded store rather than refusing it.
    pub fn open_any(&self, create: bool) -> anyhow::Result<Box<dyn Store>> {
        if let Some(url) = self.postgres_url() {
            let store = PostgresStore::connect(url)
                .with_context(|| format!("connecting to {}", without_password(url)))?;
            return Ok(Box::new(store));
        }
        Ok(Box::new(if create {
            self.open_or_create()?
        } else {
            self.open_existing()?
        }))
    }

    pub fn path(&self) -> anyhow::Result<PathBuf> {
        match &self.store {
            Some(dir) => Ok(dir.clone()),
            None => Ok(dateline_store::default_dir()?),
        }
    }

    /// Opens the embedded store for writing, creating it when the directory holds none.
    pub fn open_or_create(&self) -> anyhow::Result<EmbeddedStore> {
        if self.postgres_url().is_some() {
            anyhow::bail!("this command reads the embedded store only (--store DIR)");
        }
        let dir = self.path()?;
        EmbeddedStore::open(&dir).with_context(|| format!("opening store {}", dir.display()))
    }

    /// Opens an existing embedded store; a missing one is an error rather than a new empty store.
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

/// `url` with the password of `scheme://user:password@host` replaced by `***`.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rsplit_once('@') {
        Some((user_info, _)) if user_info.contains(':') => {
            let user = user_info.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***{}", &rest[user_info.len()..])
        }
        _ => url.to_string(),
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

#[cfg(test)]
mod tests {
    use super::without_password;

    #[test]
    fn messages_leave_out_a_urls_password() {
        assert_eq!(
            without_password("postgres://ann:s3cret@db.example/news"),
            "postgres://ann:***@db.example/news"
        );
        let plain = "postgresql:///news?host=/run/postgresql";
        assert_eq!(without_password(plain), plain);
    }
}
