//! Expanding command-line paths into the files to read.

use crate::ReadError;
use dateline_document::Source;
use std::path::PathBuf;
use walkdir::{DirEntry, WalkDir};

/// Expands directories recursively into the files under them: in the order given, each
/// directory's files sorted by name, hidden files and directories skipped (unless named
/// explicitly), symbolic links followed. `-` (stdin) passes through. Paths that cannot be
/// read become errors and the walk goes on.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<ReadError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            files.push(path.clone());
            continue;
        }
        let walk = WalkDir::new(path).follow_links(true).sort_by_file_name();
        for entry in walk
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry))
        {
            match entry {
                Ok(entry) if entry.file_type().is_dir() => {}
                Ok(entry) => files.push(entry.into_path()),
                Err(err) => {
                    let failed = err.path().unwrap_or(path).display().to_string();
                    let reason = err
                        .io_error()
                        .map_or_else(|| err.to_string(), |io| io.to_string());
                    errors.push(ReadError {
                        input: Source {
                            path: failed,
                            ..Default::default()
                        },
                        reason,
                    });
                }
            }
        }
    }
    (files, errors)
}

fn is_hidden(entry: &DirEntry) -> bool {
    entry
        .file_name()
        .to_str()
        .is_some_and(|name| name.starts_with('.'))
}
