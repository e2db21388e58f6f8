//! CAMEO -> PLOVER: event type, mode and context for a CAMEO code, from
//! `CAMEO2PLOVER-2021.txt` (`CODE: TYPE, mode, context # description`). A code not in the
//! table takes its nearest listed ancestor ("0233" -> "023" -> "02").

use crate::Problem;
use std::collections::HashMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PloverClass {
    pub event: String,
    pub mode: Option<String>,
    pub context: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct PloverMap {
    by_code: HashMap<String, PloverClass>,
}

impl PloverMap {
    pub fn read(&mut self, file: &str, text: &str, problems: &mut Vec<Problem>) {
        for (n, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() || line.starts_with('~') {
                continue;
            }
            let Some((code, rest)) = line.split_once(':') else {
                problems.push(Problem::new(file, n + 1, format!("no `CODE:` in `{line}`")));
                continue;
            };
            let code = code.trim();
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
                problems.push(Problem::new(
                    file,
                    n + 1,
                    format!("bad CAMEO code `{code}`"),
                ));
                continue;
            }
            let mut fields = rest.split(',').map(|f| f.trim().to_string());
            let event = fields.next().unwrap_or_default();
            if event.is_empty() {
                problems.push(Problem::new(file, n + 1, "no PLOVER type".into()));
                continue;
            }
            let some = |s: Option<String>| s.filter(|s| !s.is_empty());
            let mode = some(fields.next());
            let context = some(Some(fields.collect::<Vec<_>>().join(",")));
            // The first line for a code wins (the 2-digit "08" heads both CONCEDE and RETREAT).
            self.by_code.entry(code.to_string()).or_insert(PloverClass {
                event,
                mode,
                context,
            });
        }
    }

    pub fn len(&self) -> usize {
        self.by_code.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_code.is_empty()
    }

    /// The PLOVER class of a CAMEO code. PLOVER drops CAMEO 01 (statements); it folds
    /// CAMEO 02 (appeals) into REQUEST like 10 (demands), which the table lists.
    pub fn classify(&self, cameo: &str) -> Option<PloverClass> {
        if !cameo.bytes().all(|b| b.is_ascii_digit()) || cameo.len() < 2 || cameo.starts_with("01")
        {
            return None;
        }
        let code = match cameo.strip_prefix("02") {
            Some(rest) => format!("10{rest}"),
            None => cameo.to_string(),
        };
        (2..=code.len())
            .rev()
            .find_map(|n| self.by_code.get(&code[..n]))
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_ancestor_and_appeals() {
        let mut map = PloverMap::default();
        let mut problems = Vec::new();
        map.read(
            "c2p.txt",
            "10: REQUEST\n103: REQUEST, assist,  # Demand aid\n1032: REQUEST, assist, military # x\n14: PROTEST\n145: PROTEST, riot ,  # riot\nxx: BAD\n",
            &mut problems,
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 6);
        let riot = map.classify("1451").unwrap();
        assert_eq!(
            (riot.event.as_str(), riot.mode.as_deref()),
            ("PROTEST", Some("riot"))
        );
        let appeal = map.classify("0232").unwrap();
        assert_eq!(appeal.context.as_deref(), Some("military"));
        assert_eq!(map.classify("010"), None);
        assert_eq!(map.classify("abc"), None);
    }
}
