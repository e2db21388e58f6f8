//! Political event coding in CAMEO and PLOVER.
//!
//! In: an annotated [`Document`] (UD tokens with heads and relations, sentences, entity
//! mentions, coreference records, time expressions, places) and the PETRARCH dictionaries
//! (verb patterns with synsets, actors, agents, discards) plus the CAMEO->PLOVER table.
//! Out: `Document::events`: for each coded clause the CAMEO code, PLOVER type/mode/context,
//! source and target actors with CAMEO actor codes, place, date, negation/hypothetical/
//! future flags, a confidence and the evidence spans.
//!
//! The dictionaries are read from their upstream text files ([`Dictionaries::from_files`])
//! or from one bundle under `models/` that [`compile`] writes ([`Dictionaries::load`]), so
//! running never needs the source tree. Parsing the text is fast enough (see
//! [`Dictionaries::load`]) that the bundle keeps the text and reparses it: malformed lines
//! are reported with file and line, never a panic.

mod actors;
mod coder;
mod discards;
mod phrases;
mod plover;
mod senses;
mod verbs;
mod words;

pub use actors::{ActorRecord, Actors, AgentCode, Agents, DatedCode};
pub use coder::{annotate, Coder};
pub use discards::{Discarded, Discards};
pub use plover::{PloverClass, PloverMap};
pub use verbs::{Code, Pattern, Term, VerbBlock, VerbForm, Verbs};

use std::path::{Path, PathBuf};

/// A malformed dictionary line, reported and skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl Problem {
    pub fn new(file: &str, line: usize, message: String) -> Problem {
        Problem {
            file: file.to_string(),
            line,
            message,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// A dictionary file that could not be read at all.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct LoadError {
    pub path: PathBuf,
    pub reason: String,
}

/// What a dictionary file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Verbs,
    Actors,
    Agents,
    Discards,
    Plover,
}

impl Role {
    const ALL: [Role; 5] = [
        Role::Verbs,
        Role::Actors,
        Role::Agents,
        Role::Discards,
        Role::Plover,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Role::Verbs => "verbs",
            Role::Actors => "actors",
            Role::Agents => "agents",
            Role::Discards => "discards",
            Role::Plover => "plover",
        }
    }
}

/// Every dictionary the coder uses.
#[derive(Debug, Clone, Default)]
pub struct Dictionaries {
    pub verbs: Verbs,
    pub actors: Actors,
    pub agents: Agents,
    pub discards: Discards,
    pub plover: PloverMap,
    /// Malformed lines that were skipped.
    pub problems: Vec<Problem>,
}

/// The operational (Phoenix) dictionary set in a PETRARCH2 `dictionaries/` directory and
/// the CAMEO->PLOVER table in a PLOVER directory.
pub fn phoenix_files(dictionaries: &Path, plover: &Path) -> Vec<(Role, PathBuf)> {
    vec![
        (Role::Verbs, dictionaries.join("CAMEO.2.0.txt")),
        (
            Role::Actors,
            dictionaries.join("Phoenix.Countries.actors.txt"),
        ),
        (
            Role::Actors,
            dictionaries.join("Phoenix.International.actors.txt"),
        ),
        (
            Role::Actors,
            dictionaries.join("Phoenix.MilNonState.actors.txt"),
        ),
        (Role::Agents, dictionaries.join("Phoenix.agents.txt")),
        (Role::Discards, dictionaries.join("Phoenix.discards.txt")),
        (Role::Plover, plover.join("CAMEO2PLOVER-2021.txt")),
    ]
}

/// PETRARCH2's validation-suite dictionaries (fictional actors of Arnor and Gondor), with
/// the same PLOVER table.
pub fn validation_files(dictionaries: &Path, plover: &Path) -> Vec<(Role, PathBuf)> {
    vec![
        (Role::Verbs, dictionaries.join("PETR.Validate.verbs.txt")),
        (Role::Actors, dictionaries.join("PETR.Validate.actors.txt")),
        (Role::Agents, dictionaries.join("PETR.Validate.agents.txt")),
        (
            Role::Discards,
            dictionaries.join("PETR.Validate.discards.txt"),
        ),
        (Role::Plover, plover.join("CAMEO2PLOVER-2021.txt")),
    ]
}

const BUNDLE_MAGIC: &str = "dateline-events-dictionaries 1\n";

impl Dictionaries {
    fn add(&mut self, role: Role, name: &str, text: &str) {
        let problems = &mut self.problems;
        match role {
            Role::Verbs => self.verbs.read(name, text, problems),
            Role::Actors => self.actors.read(name, text, problems),
            Role::Agents => self.agents.read(name, text, problems),
            Role::Discards => self.discards.read(name, text, problems),
            Role::Plover => self.plover.read(name, text, problems),
        }
    }

    /// Reads the upstream text files. The verb file must come before nothing else; order
    /// matters only within a role (earlier actor files win ties).
    pub fn from_files(files: &[(Role, PathBuf)]) -> Result<Dictionaries, LoadError> {
        let mut dictionaries = Dictionaries::default();
        for (role, path) in files {
            let text = read_text(path)?;
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            dictionaries.add(*role, &name, &text);
        }
        Ok(dictionaries)
    }

    /// Reads a bundle written by [`compile`]. On this machine the Phoenix set (3 MB of
    /// text) parses in well under a second in a release build.
    pub fn load(path: &Path) -> Result<Dictionaries, LoadError> {
        let text = read_text(path)?;
        let error = |reason: String| LoadError {
            path: path.to_path_buf(),
            reason,
        };
        let mut rest = text
            .strip_prefix(BUNDLE_MAGIC)
            .ok_or_else(|| error("not a dictionary bundle (bad header)".into()))?;
        let mut dictionaries = Dictionaries::default();
        while !rest.is_empty() {
            let (header, body) = rest
                .split_once('\n')
                .ok_or_else(|| error("truncated section header".into()))?;
            let mut fields = header.split(' ');
            let (Some("@"), Some(role), Some(name), Some(len), None) = (
                fields.next(),
                fields.next(),
                fields.next(),
                fields.next(),
                fields.next(),
            ) else {
                return Err(error(format!("bad section header `{header}`")));
            };
            let role = Role::ALL
                .into_iter()
                .find(|r| r.as_str() == role)
                .ok_or_else(|| error(format!("unknown section `{role}`")))?;
            let len: usize = len
                .parse()
                .map_err(|_| error(format!("bad section length `{len}`")))?;
            let section = body
                .get(..len)
                .ok_or_else(|| error(format!("section {name} is truncated")))?;
            dictionaries.add(role, name, section);
            rest = body[len..].strip_prefix('\n').unwrap_or(&body[len..]);
        }
        Ok(dictionaries)
    }
}

fn read_text(path: &Path) -> Result<String, LoadError> {
    let bytes = std::fs::read(path).map_err(|e| LoadError {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    // The upstream files are ASCII with a few Latin-1 bytes in comments: decode leniently.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Writes the dictionaries named by `files` into one bundle at `out` (what
/// `dateline train events` ships in `models/`). Returns the parsed dictionaries, so the
/// caller can report their size and problems.
pub fn compile(files: &[(Role, PathBuf)], out: &Path) -> Result<Dictionaries, LoadError> {
    let mut bundle = String::from(BUNDLE_MAGIC);
    for (role, path) in files {
        let text = read_text(path)?;
        let name = path.file_name().map_or_else(
            || "dictionary".into(),
            |n| n.to_string_lossy().replace(' ', "_"),
        );
        bundle.push_str(&format!("@ {} {} {}\n", role.as_str(), name, text.len()));
        bundle.push_str(&text);
        bundle.push('\n');
    }
    std::fs::write(out, bundle).map_err(|e| LoadError {
        path: out.to_path_buf(),
        reason: e.to_string(),
    })?;
    Dictionaries::load(out)
}

/// The bundle's file name inside a models directory.
pub const BUNDLE_FILE: &str = "events.dict";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_round_trip_and_bad_bundles() {
        let dir = std::env::temp_dir().join(format!("dateline-events-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let verbs = dir.join("v.txt");
        std::fs::write(&verbs, "--- ATTACK [190] ---\nATTACK\n- * &NOPE [1]\n").unwrap();
        let actors = dir.join("a.txt");
        std::fs::write(&actors, "RUSSIA_ [RUS]\n+RUSSIAN_\n").unwrap();
        let out = dir.join("bundle.dict");
        let files = vec![(Role::Verbs, verbs), (Role::Actors, actors)];
        let compiled = compile(&files, &out).unwrap();
        assert_eq!(compiled.problems.len(), 1);
        assert_eq!(
            compiled.problems[0].to_string(),
            "v.txt:3: undefined synset `&NOPE`"
        );
        let loaded = Dictionaries::load(&out).unwrap();
        assert_eq!(loaded.actors.records.len(), 1);
        assert!(loaded.verbs.forms.contains_key("ATTACKED"));
        std::fs::write(&out, "something else").unwrap();
        assert!(Dictionaries::load(&out).is_err());
        std::fs::write(&out, format!("{BUNDLE_MAGIC}@ verbs v.txt 999\nshort")).unwrap();
        assert!(Dictionaries::load(&out).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
