//! Person-name features from first-name and surname frequency lists (such as the US Census
//! 1990 lists shipped in the PyPI package `names`), read at training time and compiled into
//! the model file, so a first name the labelled data never showed ("Karla", "jen") still
//! looks like a name at run time.
//!
//! Each listed word keeps only its lower-cased hash and one byte: how common it is as a
//! first name and as a surname, in bands ([`FIRST_BANDS`], [`SURNAME_BANDS`]). The
//! perceptron weighs the band against capitalisation and context, so a listed word that
//! is also an ordinary word ("Young", "Rose") is not forced to be a name.

use crate::features::{lower_hash, HashMapU64};
use crate::NerError;
use std::path::Path;

/// Rank limits of the first-name bands, most common first: band 3 is ranks 1..=200, band 2
/// up to 1,000, band 1 the rest.
pub const FIRST_BANDS: [usize; 2] = [200, 1_000];
/// Rank limits of the surname bands (the surname list is about twenty times longer).
pub const SURNAME_BANDS: [usize; 2] = [2_000, 20_000];

/// Which list a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    First,
    Surname,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonNames {
    /// Lower-case word hash -> `first-name band << 2 | surname band` (band 0 = not listed).
    classes: HashMapU64<u8>,
}

/// Band 3, 2 or 1 of a 1-based rank under `limits`.
fn band(rank: usize, limits: [usize; 2]) -> u8 {
    if rank <= limits[0] {
        3
    } else if rank <= limits[1] {
        2
    } else {
        1
    }
}

impl PersonNames {
    /// Adds the names of a list in census layout: one name a line, most frequent first,
    /// the name in the first column (other columns, such as frequencies, are ignored).
    /// Returns how many names were read.
    pub fn add_list(&mut self, text: &str, kind: NameKind) -> usize {
        let mut rank = 0;
        for name in text
            .lines()
            .filter_map(|line| line.split_whitespace().next())
        {
            if !name.chars().all(char::is_alphabetic) {
                continue;
            }
            rank += 1;
            let (shift, limits) = match kind {
                NameKind::First => (2, FIRST_BANDS),
                NameKind::Surname => (0, SURNAME_BANDS),
            };
            let entry = self.classes.entry(lower_hash(name)).or_insert(0);
            let current = (*entry >> shift) & 3;
            // A name in several lists (male and female first names) keeps its best band.
            let best = current.max(band(rank, limits));
            *entry = (*entry & !(3 << shift)) | best << shift;
        }
        rank
    }

    /// Reads a list file (see [`PersonNames::add_list`]).
    pub fn add_file(&mut self, path: &Path, kind: NameKind) -> Result<usize, NerError> {
        let text = std::fs::read_to_string(path).map_err(|e| NerError::io(path, e))?;
        Ok(self.add_list(&text, kind))
    }

    /// The class of a word given its lower-case hash, 0 if it is in no list.
    #[inline]
    pub fn class(&self, lower: u64) -> u8 {
        self.classes.get(&lower).copied().unwrap_or(0)
    }

    pub fn len(&self) -> usize {
        self.classes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }

    /// Sorted (word hash, class) pairs, so the model file is reproducible.
    pub fn entries(&self) -> Vec<(u64, u8)> {
        let mut entries: Vec<(u64, u8)> = self.classes.iter().map(|(k, v)| (*k, *v)).collect();
        entries.sort_unstable();
        entries
    }

    pub fn from_entries(entries: impl IntoIterator<Item = (u64, u8)>) -> PersonNames {
        PersonNames {
            classes: entries.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_rank_and_lists_merge() {
        let mut names = PersonNames::default();
        let mut male = String::from("JAMES 3.318 3.318 1\n");
        for i in 0..1_500 {
            // Filler names so the later entries fall in the lower bands.
            male.push_str(&format!(
                "N{} 0.001 90.0 {}\n",
                "A".repeat(i % 7 + 1),
                i + 2
            ));
        }
        male.push_str("KARLA 0.001 90.0 1502\n");
        assert_eq!(names.add_list(&male, NameKind::First), 1_502);
        names.add_list("KARLA 0.5 0.5 1\n", NameKind::First);
        names.add_list("SMITH 1.006 1.006 1\nJAMES 0.1 2.0 2\n", NameKind::Surname);
        assert_eq!(names.class(lower_hash("James")), 3 << 2 | 3);
        assert_eq!(
            names.class(lower_hash("karla")),
            3 << 2,
            "best band of the two lists"
        );
        assert_eq!(names.class(lower_hash("SMITH")), 3);
        assert_eq!(names.class(lower_hash("Nice")), 0);
        assert_eq!(PersonNames::from_entries(names.entries()), names);
    }

    #[test]
    fn lines_without_a_plain_name_are_skipped() {
        let mut names = PersonNames::default();
        let read = names.add_list("\n  \n# header\nO'BRIEN 0.1\nANN 0.2\n", NameKind::First);
        assert_eq!(read, 1);
        assert_eq!(names.class(lower_hash("ann")), 3 << 2);
    }
}
