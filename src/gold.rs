//! Loads extraction gold sets into memory: the ScrapingHub layout (`ground-truth.json` +
//! `html/<id>.html.gz`) and trafilatura's evaluation layout (`evaldata.json` + `html/<file>.gz`).

use anyhow::Context;
use dateline_read::{read_path, RawDocument, ReadOptions};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One gold page with its decoded HTML, ready to run through any extractor.
pub struct GoldPage {
    pub id: String,
    pub path: PathBuf,
    pub raw: RawDocument,
    pub expected: Expected,
}

/// What the gold says about a page; which fields are present depends on the layout.
#[derive(Default)]
pub struct Expected {
    /// The whole article body (ScrapingHub layout).
    pub body: Option<String>,
    /// Snippets that must / must not appear in the body (trafilatura layout).
    pub with: Vec<String>,
    pub without: Vec<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub author: Option<String>,
}

#[derive(Deserialize)]
struct ScrapinghubEntry {
    #[serde(rename = "articleBody")]
    article_body: String,
}

#[derive(Deserialize)]
struct TrafilaturaEntry {
    file: String,
    #[serde(default)]
    with: Vec<String>,
    #[serde(default)]
    without: Vec<String>,
    title: Option<String>,
    date: Option<String>,
    author: Option<Authors>,
}

/// trafilatura's gold gives one author as a string and several as a list.
#[derive(Deserialize)]
#[serde(untagged)]
enum Authors {
    One(String),
    Many(Vec<String>),
}

impl Authors {
    /// The form `metadata_accuracy` compares with: names joined by "; ".
    fn joined(self) -> String {
        match self {
            Authors::One(name) => name,
            Authors::Many(names) => names.join("; "),
        }
    }
}

/// Loads every page of a gold directory. Pages that cannot be read are reported and skipped
/// (they then count against no tool); the count of such pages is returned too.
pub fn load_extraction(dir: &Path) -> anyhow::Result<(Vec<GoldPage>, usize)> {
    let mut entries: Vec<(String, PathBuf, Expected)> = Vec::new();
    let scrapinghub = dir.join("ground-truth.json");
    let trafilatura = dir.join("evaldata.json");
    if scrapinghub.exists() {
        let gold: BTreeMap<String, ScrapinghubEntry> = read_json(&scrapinghub)?;
        for (id, entry) in gold {
            let path = dir.join("html").join(format!("{id}.html.gz"));
            entries.push((
                id,
                path,
                Expected {
                    body: Some(entry.article_body),
                    ..Default::default()
                },
            ));
        }
    } else if trafilatura.exists() {
        let gold: BTreeMap<String, TrafilaturaEntry> = read_json(&trafilatura)?;
        for (id, e) in gold {
            let path = dir.join("html").join(format!("{}.gz", e.file));
            let non_empty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
            let expected = Expected {
                with: e.with,
                without: e.without,
                title: non_empty(e.title),
                date: non_empty(e.date),
                author: non_empty(e.author.map(Authors::joined)),
                ..Default::default()
            };
            entries.push((id, path, expected));
        }
    } else {
        anyhow::bail!(
            "{}: neither ground-truth.json nor evaldata.json found",
            dir.display()
        );
    }
    let options = ReadOptions::default();
    let mut pages = Vec::with_capacity(entries.len());
    let mut unreadable = 0;
    for (id, path, expected) in entries {
        match read_path(&path, &options).next() {
            Some(Ok(raw)) => pages.push(GoldPage {
                id,
                path,
                raw,
                expected,
            }),
            Some(Err(err)) => {
                eprintln!("dateline: {err}");
                unreadable += 1;
            }
            None => {
                eprintln!("dateline: {}: no document", path.display());
                unreadable += 1;
            }
        }
    }
    Ok((pages, unreadable))
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> anyhow::Result<T> {
    let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
    serde_json::from_str(&text).with_context(|| path.display().to_string())
}
