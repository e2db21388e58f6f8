//! The store the server tests run on, built once per test binary with the committed models
//! from the seed story (read from `../shared` at test time) and the Wikinews sample.

use dateline_document::Document;
use dateline_pipeline::Pipeline;
use dateline_store::{EmbeddedStore, Store};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn pipeline() -> Arc<Pipeline> {
    static PIPELINE: OnceLock<Arc<Pipeline>> = OnceLock::new();
    PIPELINE
        .get_or_init(|| Arc::new(Pipeline::load(&workspace().join("models")).expect("models")))
        .clone()
}

pub fn inputs() -> Vec<PathBuf> {
    let seed = workspace().join("../shared/corpus/seed/tass-2022-01-07-kazakhstan.txt");
    assert!(seed.is_file(), "seed story missing: {}", seed.display());
    let mut paths = vec![seed];
    let sample = workspace().join("sample/wikinews");
    let mut articles: Vec<PathBuf> = std::fs::read_dir(&sample)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    articles.sort();
    assert!(
        articles.len() >= 20,
        "sample missing in {}",
        sample.display()
    );
    paths.extend(articles);
    paths
}

fn annotate(path: &Path) -> Document {
    let raw = dateline_read::read_path(path, &Default::default())
        .next()
        .expect("one document")
        .expect("readable");
    let mut doc = dateline_extract::extract(&raw, &Default::default());
    pipeline().annotate(&mut doc, None);
    doc
}

/// The store every test starts from, built once per test run.
fn built_store() -> &'static Path {
    static STORE: OnceLock<tempfile::TempDir> = OnceLock::new();
    STORE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let docs: Vec<Document> = inputs().iter().map(|p| annotate(p)).collect();
            let mut store = EmbeddedStore::open(dir.path()).unwrap();
            assert_eq!(store.write_batch(&docs).unwrap().added, docs.len());
            dir
        })
        .path()
}

/// A private copy of the built store, so a test may write to it.
pub fn store_copy() -> (tempfile::TempDir, EmbeddedStore) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else if entry.file_name() != ".tantivy-writer.lock" {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(built_store(), dir.path());
    let store = EmbeddedStore::open(dir.path()).unwrap();
    (dir, store)
}
