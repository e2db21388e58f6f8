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
    /// CAMEO 02 (appeals) into REQUEST like 10 (demands), which the table lists. The
    /// manual's SANCTION section codes international sanctions and embargoes (CAMEO 163,
    /// which the table sends to COERCE) as SANCTION `discontinue`; its CONCEDE section
    /// covers removing curfews and easing a state of emergency (CAMEO 0813 and 0814, which
    /// the table lists under RETREAT).
    pub fn classify(&self, cameo: &str) -> Option<PloverClass> {
        if !cameo.bytes().all(|b| b.is_ascii_digit()) || cameo.len() < 2 || cameo.starts_with("01")
        {
            return None;
        }
        let code = match cameo.strip_prefix("02") {
            Some(rest) => format!("10{rest}"),
            None => cameo.to_string(),
        };
        let class = (2..=code.len())
            .rev()
            .find_map(|n| self.by_code.get(&code[..n]))
            .cloned()?;
        if code.starts_with("163") {
            return Some(PloverClass {
                event: "SANCTION".into(),
                mode: Some("discontinue".into()),
                ..class
            });
        }
        if code.starts_with("0813") || code.starts_with("0814") {
            return Some(PloverClass {
                event: "CONCEDE".into(),
                ..class
            });
        }
        Some(class)
    }

    /// The mode of a threat of the act coded `act`: what is threatened, as the manual's
    /// THREATEN section says ("the mode is the content of the threat"), rather than the
    /// table's mode for the threat's own CAMEO code. Violence of any kind is `violence`;
    /// occupying is `territory`; cutting relations, talks or aid is `relations` unless it
    /// expels someone; a coercive act names its content by its own mode ("impose a curfew"
    /// -> `curfew`, "tighten the blockade" -> `restrict`).
    pub fn threat_mode(&self, act: &str) -> Option<String> {
        let class = self.classify(act)?;
        let mode = match (class.event.as_str(), class.mode.as_deref()) {
            ("ASSAULT", _) => "violence",
            ("COERCE", Some("seize")) if act.starts_with("192") => "territory",
            ("SANCTION", Some("expel")) => "expel",
            ("SANCTION", _) => "relations",
            ("COERCE", Some(mode)) => mode,
            _ => return None,
        };
        Some(mode.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_of(text: &str) -> (PloverMap, Vec<Problem>) {
        let mut map = PloverMap::default();
        let mut problems = Vec::new();
        map.read("c2p.txt", text, &mut problems);
        (map, problems)
    }

    #[test]
    fn nearest_ancestor_and_appeals() {
        let (map, problems) = map_of(
            "10: REQUEST\n103: REQUEST, assist,  # Demand aid\n1032: REQUEST, assist, military # x\n14: PROTEST\n145: PROTEST, riot ,  # riot\nxx: BAD\n",
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

    #[test]
    fn sanctions_are_sanction_as_the_manual_says() {
        let (map, _) =
            map_of("16: SANCTION\n163: COERCE, restrict, diplomatic # embargo\n17: COERCE\n");
        let embargo = map.classify("163").unwrap();
        assert_eq!(
            (
                embargo.event.as_str(),
                embargo.mode.as_deref(),
                embargo.context.as_deref()
            ),
            ("SANCTION", Some("discontinue"), Some("diplomatic"))
        );
        assert_eq!(map.classify("172").unwrap().event, "COERCE");
    }

    #[test]
    fn lifting_a_curfew_or_emergency_is_a_concession_as_the_manual_says() {
        let (map, _) = map_of(
            "08: CONCEDE\n08: RETREAT\n085: RETREAT, ease, economic # x\n0813: RETREAT, , legal # curfew\n0814: RETREAT, , legal # emergency\n",
        );
        let event = |code: &str| map.classify(code).unwrap().event;
        assert_eq!(event("0813"), "CONCEDE");
        assert_eq!(event("0814"), "CONCEDE");
        assert_eq!(
            map.classify("0814").unwrap().context.as_deref(),
            Some("legal")
        );
        assert_eq!(event("085"), "RETREAT");
    }

    #[test]
    fn a_threat_takes_its_mode_from_what_is_threatened() {
        let (map, _) = map_of(
            "16: SANCTION\n164: SANCTION, withdraw, diplomatic # halt talks\n166: SANCTION, expel, diplomatic # expel\n17: COERCE\n1723: COERCE, curfew, pro_autocracy # curfew\n191: COERCE, restrict, military # blockade\n192: COERCE, seize, military # occupy\n19: ASSAULT\n194: ASSAULT, heavy-weapons, military # artillery\n04: CONSULT\n",
        );
        let mode = |act: &str| map.threat_mode(act);
        assert_eq!(mode("1723").as_deref(), Some("curfew"));
        assert_eq!(mode("191").as_deref(), Some("restrict"));
        assert_eq!(mode("192").as_deref(), Some("territory"));
        assert_eq!(mode("194").as_deref(), Some("violence"));
        assert_eq!(mode("164").as_deref(), Some("relations"));
        assert_eq!(mode("166").as_deref(), Some("expel"));
        // An act that says nothing about the content leaves the table's mode.
        assert_eq!(mode("040"), None);
    }
}
