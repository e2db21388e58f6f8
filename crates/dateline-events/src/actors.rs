//! Actor and agent dictionaries (PETRARCH format, see `dictionaries-format.rst`).
//!
//! Actors: a primary phrase, `+` synonyms, and tab-indented `[CODE <date|>date|d1-d2]`
//! restrictions, e.g. a leader who is `KAZGOV` for his years in office and `KAZELI` after.
//! Agents: generic nouns that add a sector to a country code ("police" -> `~COP`,
//! "human rights body" -> `NGO~`), with `!MARKER!` substitution sets and plurals.

use crate::phrases::PhraseIndex;
use crate::words::{normalise, phrase_words, plural, strip_comment};
use crate::Problem;
use chrono::NaiveDate;

/// One code valid over a date range (either end open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    pub code: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// One actor: a default code and dated codes; the first dated code covering the event
/// date wins, else the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActorRecord {
    pub default: Option<String>,
    pub dated: Vec<DatedCode>,
}

impl ActorRecord {
    /// Whether no code is given, by default or for any dates.
    pub fn is_null(&self) -> bool {
        self.default.is_none() && self.dated.is_empty()
    }

    /// The code on `date` (the default when the date is unknown or no range covers it).
    pub fn code_on(&self, date: Option<NaiveDate>) -> Option<&str> {
        if let Some(date) = date {
            let covering = self.dated.iter().find(|d| {
                d.from.is_none_or(|from| from <= date) && d.to.is_none_or(|to| date <= to)
            });
            if let Some(d) = covering {
                return Some(&d.code);
            }
        }
        self.default
            .as_deref()
            .or_else(|| self.dated.last().map(|d| d.code.as_str()))
    }
}

/// Actor phrases -> records.
#[derive(Debug, Clone, Default)]
pub struct Actors {
    pub index: PhraseIndex<usize>,
    pub records: Vec<ActorRecord>,
}

/// An agent code and which side of the actor code it goes on (`~GOV` after, `NGO~` before).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentCode {
    pub code: String,
    pub before: bool,
}

/// YYMMDD (19YY from 30 up, else 20YY) or YYYYMMDD.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let full = match s.len() {
        8 => s.to_string(),
        6 => {
            let yy: u32 = s[..2].parse().ok()?;
            format!("{}{}", if yy >= 30 { 19 } else { 20 }, s)
        }
        _ => return None,
    };
    NaiveDate::parse_from_str(&full, "%Y%m%d").ok()
}

/// `CODE`, `CODE <date`, `CODE >date` or `CODE d1-d2`.
fn parse_restriction(body: &str) -> Result<DatedCode, String> {
    let mut parts = body.split_whitespace();
    let code = parts.next().ok_or("empty code")?.to_string();
    let range = parts.collect::<Vec<_>>().join("");
    let bad = || format!("bad date restriction `{range}`");
    let (from, to) = if range.is_empty() {
        (None, None)
    } else if let Some(d) = range.strip_prefix('<') {
        (None, Some(parse_date(d).ok_or_else(bad)?))
    } else if let Some(d) = range.strip_prefix('>') {
        (Some(parse_date(d).ok_or_else(bad)?), None)
    } else if let Some((a, b)) = range.split_once('-') {
        (
            Some(parse_date(a).ok_or_else(bad)?),
            Some(parse_date(b).ok_or_else(bad)?),
        )
    } else {
        return Err(bad());
    };
    Ok(DatedCode { code, from, to })
}

/// Splits `PHRASE [CODE]` into the phrase and the bracket bodies.
fn split_brackets(line: &str) -> (&str, Vec<&str>) {
    let phrase_end = line.find('[').unwrap_or(line.len());
    let mut codes = Vec::new();
    let mut rest = &line[phrase_end..];
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let close = after.find([']', '}']).unwrap_or(after.len());
        codes.push(after[..close].trim());
        rest = &after[(close + 1).min(after.len())..];
    }
    (&line[..phrase_end], codes)
}

impl Actors {
    /// Adds one actor file's records; malformed lines are reported and skipped.
    pub fn read(&mut self, file: &str, text: &str, problems: &mut Vec<Problem>) {
        let mut current: Option<usize> = None;
        for (n, raw) in text.lines().enumerate() {
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with("<!--") || trimmed.starts_with("-->") {
                continue;
            }
            let line = strip_comment(raw);
            let body = line.trim();
            if body.is_empty() {
                continue;
            }
            let problem = |message: String| Problem::new(file, n + 1, message);
            if body.starts_with('[') && raw.starts_with([' ', '\t']) {
                let Some(record) = current else {
                    problems.push(problem("date restriction before any actor".into()));
                    continue;
                };
                let (_, codes) = split_brackets(body);
                for code in codes {
                    match parse_restriction(code) {
                        Ok(d) if d.from.is_none() && d.to.is_none() => {
                            self.records[record].default = Some(d.code)
                        }
                        Ok(d) => self.records[record].dated.push(d),
                        Err(e) => problems.push(problem(e)),
                    }
                }
                continue;
            }
            let (synonym, body) = match body.strip_prefix('+') {
                Some(rest) => (true, rest),
                None => (false, body),
            };
            let (phrase, codes) = split_brackets(body);
            let (words, closed) = phrase_words(phrase);
            if words.is_empty() {
                problems.push(problem(format!("no phrase in `{}`", raw.trim())));
                continue;
            }
            let record = match (synonym, current) {
                (true, Some(record)) => record,
                (true, None) => {
                    problems.push(problem("synonym before any actor".into()));
                    continue;
                }
                (false, _) => {
                    self.records.push(ActorRecord::default());
                    self.records.len() - 1
                }
            };
            current = Some(record);
            for code in codes {
                match parse_restriction(code) {
                    Ok(d) if d.from.is_none() && d.to.is_none() => {
                        self.records[record].default = Some(d.code)
                    }
                    Ok(d) => self.records[record].dated.push(d),
                    Err(e) => problems.push(problem(e)),
                }
            }
            if !closed {
                let mut plural_words = words.clone();
                let last = plural_words.len() - 1;
                plural_words[last] = plural(&plural_words[last]);
                self.index_phrase(plural_words, record);
            }
            self.index_phrase(words, record);
        }
    }

    /// Indexes `words` for `record`. The first record listed for a phrase keeps it, unless
    /// that one has no code at all (the International file lists a bare `U.N._` before
    /// `U.N. [IGOUNO]`): a phrase written once without a code and once with one is an actor.
    fn index_phrase(&mut self, words: Vec<String>, record: usize) {
        let records = &self.records;
        match self.index.exact_mut(&words) {
            Some(earlier) if *earlier != record && records[*earlier].is_null() => *earlier = record,
            _ => self.index.insert(words, record),
        }
    }
}

/// Agent phrases -> agent codes.
#[derive(Debug, Clone, Default)]
pub struct Agents {
    pub index: PhraseIndex<AgentCode>,
}

impl Agents {
    /// Adds one agent file; malformed lines are reported and skipped.
    pub fn read(&mut self, file: &str, text: &str, problems: &mut Vec<Problem>) {
        let mut markers: Vec<(String, Vec<String>)> = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with("<!--") {
                continue;
            }
            let body = strip_comment(raw).trim();
            if body.is_empty() {
                continue;
            }
            let problem = |message: String| Problem::new(file, n + 1, message);
            // `!PERSON! = MAN, WOMAN` defines a set; `!MINIST! OF_X [~GOV]` uses one.
            if let Some((name, items)) = body.split_once('=').filter(|(n, _)| {
                let n = n.trim();
                n.len() > 2 && n.starts_with('!') && n.ends_with('!')
            }) {
                markers.push((
                    name.trim().to_string(),
                    items.split(',').map(|s| normalise(s.trim())).collect(),
                ));
                continue;
            }
            let (head, codes) = split_brackets(body);
            let Some(code) = codes.first().filter(|c| c.contains('~')) else {
                problems.push(problem(format!("no [~CODE] in `{body}`")));
                continue;
            };
            let agent = AgentCode {
                code: code.replace('~', ""),
                before: code.ends_with('~'),
            };
            // `PHRASE {PLURAL}`: `{}` means no plural, `{X}` an irregular one.
            let (phrase, plural_form) = match head.split_once('{') {
                Some((p, rest)) => (p, Some(rest.split('}').next().unwrap_or("").trim())),
                None => (head, None),
            };
            for phrase in expand_markers(phrase.trim(), &markers) {
                let (words, closed) = phrase_words(&phrase);
                if words.is_empty() {
                    problems.push(problem("empty agent phrase".into()));
                    continue;
                }
                let has_marker = head.contains('!');
                match plural_form {
                    Some("") => {}
                    Some(p) => self.index.insert(phrase_words(p).0, agent.clone()),
                    None if !closed && !has_marker => {
                        let mut plural_words = words.clone();
                        let last = plural_words.len() - 1;
                        plural_words[last] = plural(&plural_words[last]);
                        self.index.insert(plural_words, agent.clone());
                    }
                    None => {}
                }
                self.index.insert(words, agent.clone());
            }
        }
    }
}

/// Every phrase obtained by replacing `!MARKER!` with each member of its set.
fn expand_markers(phrase: &str, markers: &[(String, Vec<String>)]) -> Vec<String> {
    for (name, items) in markers {
        if phrase.contains(name.as_str()) {
            return items
                .iter()
                .flat_map(|item| expand_markers(&phrase.replacen(name.as_str(), item, 1), markers))
                .collect();
        }
    }
    vec![phrase.to_string()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors_with_dates_and_synonyms() {
        let text = "KAZAKHSTAN_\n+ALMATY_\n\t[KAZ]\nKASYMZHOMART_TOKAYEV_  # CountryInfo.txt\n\t[KAZGOV 991001-020128]\n\t[KAZELI]\nBAD_ONE [XYZ 99999-1]\n";
        let mut actors = Actors::default();
        let mut problems = Vec::new();
        actors.read("test.actors", text, &mut problems);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 7);
        let words = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        let (_, &almaty) = actors.index.longest_at(&words("ALMATY"), 0).unwrap();
        assert_eq!(actors.records[almaty].code_on(None), Some("KAZ"));
        let (n, &tokayev) = actors
            .index
            .longest_at(&words("KASYMZHOMART TOKAYEV SAID"), 0)
            .unwrap();
        assert_eq!(n, 2);
        let record = &actors.records[tokayev];
        assert_eq!(
            record.code_on(NaiveDate::from_ymd_opt(2000, 1, 1)),
            Some("KAZGOV")
        );
        assert_eq!(
            record.code_on(NaiveDate::from_ymd_opt(2022, 1, 7)),
            Some("KAZELI")
        );
    }

    #[test]
    fn a_phrase_listed_without_a_code_and_again_with_one_is_coded() {
        let text = "ANDEAN_PACT_ [IGOAND]\nA.P._\n\nA.P._ [IGOAND]\nNEW_YORK_TIMES_\nNEW_YORK_TIMES_ [USAMED]\nLIMA_ [PER]\nLIMA_ [XXX]\n";
        let mut actors = Actors::default();
        let mut problems = Vec::new();
        actors.read("test.actors", text, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        let code = |phrase: &str| {
            let words: Vec<String> = phrase.split(' ').map(String::from).collect();
            let (_, &record) = actors.index.longest_at(&words, 0)?;
            actors.records[record].code_on(None)
        };
        assert_eq!(code("A.P."), Some("IGOAND"));
        assert_eq!(code("NEW YORK TIMES"), Some("USAMED"));
        // Between two codes the first listed still wins.
        assert_eq!(code("LIMA"), Some("PER"));
    }

    #[test]
    fn agents_with_markers_and_plurals() {
        let text = "!PERSON! = MAN, WOMAN\nPOLICE {} [~COP]\nCONGRESS!PERSON! [~LEG]\nHUMAN_RIGHTS_BODY [NGO~]\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]\nNOCODE\n";
        let mut agents = Agents::default();
        let mut problems = Vec::new();
        agents.read("test.agents", text, &mut problems);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let words = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        let code = |s: &str| {
            agents
                .index
                .longest_at(&words(s), 0)
                .map(|(_, c)| c.clone())
        };
        assert_eq!(code("POLICE").unwrap().code, "COP");
        assert!(code("POLICES").is_none());
        assert_eq!(code("CONGRESSWOMAN").unwrap().code, "LEG");
        assert!(code("HUMAN RIGHTS BODIES").unwrap().before);
        assert_eq!(code("ATTORNEYS GENERAL").unwrap().code, "GOVATG");
    }
}
