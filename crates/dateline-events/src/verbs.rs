//! The CAMEO verb dictionary (PETRARCH format): synsets (`&LABEL` + `+phrase` lines), verb
//! blocks (`--- NAME [CODE] ---`, verb lines with irregular forms in `{...}` and an own code
//! in `[...]`) and patterns (`- pre-verb words * post-verb words [CODE]`).
//!
//! Patterns keep PETRARCH's five parts flattened into two ordered word lists (before and
//! after the verb): the coder matches them against the verb's dependency subtree, so the
//! noun-phrase bracketing `{...}` and prepositional `(...)` only matter through word order.
//! `$` and `+` (source and target slots) are kept as the preposition that introduces them.

use crate::words::{normalise, phrase_words, plural, strip_comment, verb_forms};
use crate::Problem;
use std::collections::HashMap;

/// An event code pair: `[042:043]` codes 042 from source to target and 043 back;
/// `[---]` codes nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Code {
    pub forward: Option<String>,
    pub reverse: Option<String>,
}

impl Code {
    pub fn parse(text: &str) -> Code {
        let part = |s: &str| {
            let s = s.trim();
            (!s.is_empty() && s != "---").then(|| s.to_string())
        };
        match text.split_once(':') {
            Some((f, r)) => Code {
                forward: part(f),
                reverse: part(r),
            },
            None => Code {
                forward: part(text),
                reverse: None,
            },
        }
    }

    pub fn is_null(&self) -> bool {
        self.forward.is_none() && self.reverse.is_none()
    }

    /// The CAMEO root of the forward code, its first two digits ("10" for 1041): the
    /// family the coder's rules reason about.
    pub fn root(&self) -> Option<&str> {
        self.forward.as_deref().and_then(|f| f.get(..2))
    }
}

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    Word(String),
    /// Index into [`Verbs::synsets`].
    Synset(usize),
}

/// A pattern's term and whether `_` joins it to the term before: the words must then be
/// consecutive in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub term: Term,
    pub joined: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub before: Vec<Element>,
    pub after: Vec<Element>,
    pub code: Code,
    /// The preposition whose object fills the `$` (source) or `+` (target) slot after the
    /// verb, when the pattern names one ("`* (WITH +)`").
    pub source_prep: Option<String>,
    pub target_prep: Option<String>,
    /// A `+` before the `*` with no `$` there (`+ * FROM $`, "Gondor received aid from
    /// Rohan"): the verb's subject is the target, and the `$` slot after names the source.
    pub subject_is_target: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbBlock {
    pub name: String,
    pub code: Code,
    pub patterns: Vec<Pattern>,
}

/// One surface form of a verb: its block, its own code if the dictionary gives one, and
/// the particle words a multi-word verb needs right after it ("ASKED" + "FOR").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForm {
    pub block: usize,
    pub code: Option<Code>,
    pub particles: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Verbs {
    /// Each synset: its phrases, each a word list.
    pub synsets: Vec<Vec<Vec<String>>>,
    pub synset_names: HashMap<String, usize>,
    /// Synsets whose label ends with `_`: no plurals generated for their phrases.
    synset_no_plural: Vec<bool>,
    pub blocks: Vec<VerbBlock>,
    /// Upper-case surface form -> the verbs it can be.
    pub forms: HashMap<String, Vec<VerbForm>>,
}

enum Mode {
    Start,
    Synset(usize),
    Block(usize),
}

impl Verbs {
    /// Adds one verb dictionary; malformed lines are reported and skipped.
    pub fn read(&mut self, file: &str, text: &str, problems: &mut Vec<Problem>) {
        let mut mode = Mode::Start;
        for (n, raw) in text.lines().enumerate() {
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with("<!--") {
                continue;
            }
            // Block headers keep their code even though `---` looks like nothing special.
            let line = strip_comment(raw).trim();
            if line.is_empty() {
                continue;
            }
            let problem = |message: String| Problem::new(file, n + 1, message);
            if let Some(header) = line.strip_prefix("---") {
                let header = header.trim().trim_end_matches('-').trim();
                let (name, code) = match header.split_once('[') {
                    Some((name, rest)) => (name, rest.split(']').next().unwrap_or("")),
                    None => (header, "---"),
                };
                self.blocks.push(VerbBlock {
                    name: normalise(name.trim()),
                    code: Code::parse(code),
                    patterns: Vec::new(),
                });
                mode = Mode::Block(self.blocks.len() - 1);
            } else if let Some(label) = line.strip_prefix('&') {
                let label = normalise(label.split_whitespace().next().unwrap_or(""));
                let no_plural = label.ends_with('_');
                let key = label.trim_end_matches('_').to_string();
                self.synsets.push(Vec::new());
                self.synset_no_plural.push(no_plural);
                let id = self.synsets.len() - 1;
                self.synset_names.insert(key, id);
                mode = Mode::Synset(id);
            } else if let Some(phrase) = line.strip_prefix('+') {
                match mode {
                    Mode::Synset(id) => self.add_synset_phrase(id, phrase, problems, file, n + 1),
                    Mode::Block(block) => self.add_verb_line(block, line, problems, file, n + 1),
                    Mode::Start => {
                        problems.push(problem("`+` line outside a synset or verb block".into()))
                    }
                }
            } else if let Some(pattern) = line.strip_prefix('-') {
                match mode {
                    Mode::Block(block) => match self.parse_pattern(pattern) {
                        Ok(p) => self.blocks[block].patterns.push(p),
                        Err(e) => problems.push(problem(e)),
                    },
                    _ => problems.push(problem("pattern outside a verb block".into())),
                }
            } else if line.starts_with('~') {
                // Transformations ("A said A will attack B" -> THREATEN) are handled by the
                // coder's own verb-combination rules.
            } else {
                match mode {
                    Mode::Block(block) => self.add_verb_line(block, line, problems, file, n + 1),
                    _ => problems.push(problem(format!("verb `{line}` outside a verb block"))),
                }
            }
        }
    }

    fn add_synset_phrase(
        &mut self,
        id: usize,
        phrase: &str,
        problems: &mut Vec<Problem>,
        file: &str,
        line: usize,
    ) {
        let phrase = phrase.trim();
        if let Some(inner) = phrase.strip_prefix('&') {
            match self
                .synset_names
                .get(&normalise(inner.trim_end_matches('_')))
            {
                Some(&other) => {
                    let copied = self.synsets[other].clone();
                    self.synsets[id].extend(copied);
                }
                None => problems.push(Problem::new(
                    file,
                    line,
                    format!("synset `&{inner}` used before it is defined"),
                )),
            }
            return;
        }
        let (words, closed) = phrase_words(phrase);
        if words.is_empty() {
            problems.push(Problem::new(file, line, "empty synset phrase".into()));
            return;
        }
        if !closed && !self.synset_no_plural[id] {
            let mut p = words.clone();
            let last = p.len() - 1;
            p[last] = plural(&p[last]);
            self.synsets[id].push(p);
        }
        self.synsets[id].push(words);
    }

    /// `ROOT {FORMS} [CODE]`; multi-word verbs mark their verb word with `+`.
    fn add_verb_line(
        &mut self,
        block: usize,
        line: &str,
        problems: &mut Vec<Problem>,
        file: &str,
        n: usize,
    ) {
        let (head, code) = match line.split_once('[') {
            Some((head, rest)) => (
                head,
                Some(Code::parse(rest.split(']').next().unwrap_or(""))),
            ),
            None => (line, None),
        };
        let (root, irregular) = match head.split_once('{') {
            Some((root, rest)) => (root.trim(), Some(rest.split('}').next().unwrap_or(""))),
            None => (head.trim(), None),
        };
        if root.is_empty() {
            problems.push(Problem::new(file, n, format!("no verb in `{line}`")));
            return;
        }
        let mut phrases: Vec<(Vec<String>, usize)> = Vec::new();
        let (root_words, root_verb) = verb_phrase(root);
        let multi = root_words.len() > 1;
        match irregular {
            Some(forms) if multi => {
                phrases.push((root_words.clone(), root_verb));
                for form in forms.split_whitespace() {
                    phrases.push(verb_phrase(form));
                }
            }
            _ => {
                for form in verb_forms(&root_words[root_verb]) {
                    let mut words = root_words.clone();
                    words[root_verb] = form;
                    phrases.push((words, root_verb));
                }
                for form in irregular.unwrap_or("").split_whitespace() {
                    let form = normalise(form.trim_start_matches('+'));
                    // Entries that list only the past ("WITHDRAW {... WITHDREW}") lack the
                    // participle, which for a past in -EW of a root in -AW/-OW is the root
                    // with -N (drawn, withdrawn, thrown, grown).
                    let root = &root_words[root_verb];
                    if form.ends_with("EW") && (root.ends_with("AW") || root.ends_with("OW")) {
                        phrases.push((vec![format!("{root}N")], 0));
                    }
                    phrases.push((vec![form], 0));
                }
            }
        }
        for (words, verb) in phrases {
            // Words before the verb word ("WIRE_+TAP") are rare and left to the parser:
            // the verb word with its following particles identifies the verb.
            let form = VerbForm {
                block,
                code: code.clone(),
                particles: words[verb + 1..].to_vec(),
            };
            let entry = self.forms.entry(words[verb].clone()).or_default();
            if !entry.contains(&form) {
                entry.push(form);
            }
        }
    }

    fn parse_pattern(&self, pattern: &str) -> Result<Pattern, String> {
        let open = pattern.rfind('[').ok_or("pattern without [CODE]")?;
        let code = pattern[open + 1..].split(']').next().unwrap_or("");
        let body = pattern[..open].replace(['{', '}', '(', ')'], " ");
        let mut before = Vec::new();
        let mut after = Vec::new();
        let mut seen_star = false;
        let mut source_prep = None;
        let mut target_prep = None;
        let mut last_word: Option<String> = None;
        let (mut target_before, mut source_before) = (false, false);
        for token in body.split_whitespace() {
            match token {
                "*" => seen_star = true,
                "$" | "+" if seen_star => {
                    let slot = if token == "$" {
                        &mut source_prep
                    } else {
                        &mut target_prep
                    };
                    *slot = last_word.clone();
                }
                "+" => target_before = true,
                "$" => source_before = true,
                "^" | "%" => {}
                _ => {
                    let elements = self.joined_elements(token)?;
                    if let Some(Element {
                        term: Term::Word(w),
                        ..
                    }) = elements.last()
                    {
                        last_word = Some(w.clone());
                    }
                    if seen_star {
                        after.extend(elements)
                    } else {
                        before.extend(elements)
                    }
                }
            }
        }
        if !seen_star {
            return Err("pattern without `*` for the verb".into());
        }
        Ok(Pattern {
            before,
            after,
            code: Code::parse(code),
            source_prep,
            target_prep,
            subject_is_target: target_before && !source_before,
        })
    }

    /// The elements of one blank-separated pattern token: `_` joins words that must be
    /// consecutive in the text ("NEW_&TIETYPES_RELATIONS" takes "new economic relations",
    /// not "new global economic relations"), and may belong to a synset's own label
    /// (`&FIGHT_OF_WORDS`), the longest defined label winning.
    fn joined_elements(&self, token: &str) -> Result<Vec<Element>, String> {
        let parts: Vec<&str> = token.split('_').filter(|p| !p.is_empty()).collect();
        let mut elements = Vec::new();
        let mut i = 0;
        while i < parts.len() {
            let joined = i > 0;
            let Some(label) = parts[i].strip_prefix('&') else {
                elements.push(Element {
                    term: Term::Word(normalise(parts[i])),
                    joined,
                });
                i += 1;
                continue;
            };
            let (end, id) = (i..parts.len())
                .rev()
                .find_map(|j| {
                    let key = normalise(
                        &[label]
                            .iter()
                            .chain(&parts[i + 1..=j])
                            .copied()
                            .collect::<Vec<_>>()
                            .join("_"),
                    );
                    self.synset_names.get(&key).map(|&id| (j, id))
                })
                .ok_or_else(|| format!("undefined synset `&{label}`"))?;
            elements.push(Element {
                term: Term::Synset(id),
                joined,
            });
            i = end + 1;
        }
        Ok(elements)
    }
}

/// Words of a (possibly multi-word) verb and the index of the verb word (`+`-marked, else
/// the first).
fn verb_phrase(text: &str) -> (Vec<String>, usize) {
    let parts: Vec<&str> = text
        .trim()
        .split(['_', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    let verb = parts.iter().position(|w| w.starts_with('+')).unwrap_or(0);
    let words = parts
        .iter()
        .map(|w| normalise(w.trim_start_matches('+')))
        .collect();
    (words, verb)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "&MILITARY\n+ARMY\n+TROOP\n\n&NOPL_\n+SAY\n\n&WAR_OF_WORDS\n+ROW\n\n--- ASK [---] ---\n+ASK_FOR {+ASKED_FOR +ASKS_FOR} [020]\nASK  [020]\nREQUEST\n- * (FOR {HUMANITARIAN AID})  [0233] # ASK\n- * &MILITARY [0232]\n- * &UNDEFINED [0]\n- * (WITH +) [045]\n- no star [1]\n- * NEW_&MILITARY_TIES [0231]\n- * (IN &WAR_OF_WORDS) [111]\n--- ARRIVE [032:033] ---\nARRIVE\nWITHDRAW {WITHDRAWS WITHDREW}\n";

    fn sample() -> (Verbs, Vec<Problem>) {
        let mut verbs = Verbs::default();
        let mut problems = Vec::new();
        verbs.read("sample.verbs", SAMPLE, &mut problems);
        (verbs, problems)
    }

    #[test]
    fn reads_blocks_forms_and_patterns() {
        let (verbs, problems) = sample();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].line, 17);
        assert_eq!(verbs.blocks.len(), 2);
        let ask = &verbs.blocks[0];
        assert_eq!(ask.patterns.len(), 5);
        let words = |p: &Pattern| -> Vec<(Term, bool)> {
            p.after.iter().map(|e| (e.term.clone(), e.joined)).collect()
        };
        let word = |w: &str, joined| (Term::Word(w.into()), joined);
        assert_eq!(
            words(&ask.patterns[0]),
            [
                word("FOR", false),
                word("HUMANITARIAN", false),
                word("AID", false)
            ]
        );
        // `_` joins consecutive words, inside a synset's own label too.
        let military = verbs.synset_names["MILITARY"];
        assert_eq!(
            words(&ask.patterns[3]),
            [
                word("NEW", false),
                (Term::Synset(military), true),
                word("TIES", true)
            ]
        );
        let war_of_words = verbs.synset_names["WAR_OF_WORDS"];
        assert_eq!(
            words(&ask.patterns[4]),
            [word("IN", false), (Term::Synset(war_of_words), false)]
        );
        assert_eq!(ask.patterns[2].target_prep.as_deref(), Some("WITH"));
        assert!(verbs.forms["REQUESTED"].iter().any(|f| f.block == 0));
        assert!(verbs.forms["ASKED"]
            .iter()
            .any(|f| f.particles == ["FOR"] && f.code == Some(Code::parse("020"))));
        assert!(verbs.synsets[military].contains(&vec!["TROOPS".to_string()]));
        let nopl = verbs.synset_names["NOPL"];
        assert_eq!(verbs.synsets[nopl], vec![vec!["SAY".to_string()]]);
        assert!(verbs.forms.contains_key("WITHDRAWN"));
        let arrive = &verbs.blocks[1].code;
        assert_eq!(arrive.forward.as_deref(), Some("032"));
        assert_eq!(arrive.reverse.as_deref(), Some("033"));
        assert!(Code::parse("---").is_null());
    }

    #[test]
    fn a_target_slot_before_the_verb_marks_the_subject_as_target() {
        let verbs = Verbs::default();
        let pattern = |text: &str| verbs.parse_pattern(text).unwrap();
        let from = pattern("+ * FROM $ [073]");
        assert!(from.subject_is_target);
        assert_eq!(from.source_prep.as_deref(), Some("FROM"));
        assert!(!pattern("$ * TO + [073]").subject_is_target);
        assert!(!pattern("$ SAID + * [073]").subject_is_target);
    }
}
