//! Event coding against two gold sets, one JSON record per sentence (`id`, `text`,
//! `events`):
//!
//! - PETRARCH2's validation suite: CAMEO codes with actor codes. A record passes as
//!   PETRARCH2 counts it when every expected (source, target, code) is produced and nothing
//!   else (a `noevents` record passes when nothing is coded); P/R/F1 are on those triples.
//! - PLOVER gold-standard records: P/R/F1 of the event type, of (type, source, target) with
//!   actors compared on their country/organisation prefix, and mode accuracy.
//!
//! Both report the figures on all records and on the even-indexed part (the part used
//! while developing the coder) and the odd-indexed part apart.

use dateline_document::{Event, EventActor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
pub struct GoldEvent {
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub target: String,
    pub code: String,
    #[serde(default)]
    pub mode: Option<String>,
}

impl Predicted {
    /// Events as the metrics see them: not negated or hypothetical (announced ones count, as
    /// PETRARCH and PLOVER code "will attack" as the act), actor codes `---` when unknown, and
    /// (for PETRARCH's `require_dyad`) only events with both actors coded.
    pub fn of_events(events: &[Event], require_dyad: bool) -> Vec<Predicted> {
        let code = |a: &Option<EventActor>| a.as_ref().and_then(|a| a.code.clone());
        events
            .iter()
            .filter(|e| !e.negated && !e.hypothetical)
            .filter(|e| !require_dyad || (code(&e.source).is_some() && code(&e.target).is_some()))
            .map(|e| Predicted {
                source: code(&e.source).unwrap_or_else(|| "---".into()),
                target: code(&e.target).unwrap_or_else(|| "---".into()),
                cameo: e.cameo.clone(),
                plover: e.plover.clone(),
                mode: e.mode.clone(),
            })
            .collect()
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldRecord {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub events: Vec<GoldEvent>,
    /// YYYYMMDD (PETRARCH records).
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub noevents: bool,
    /// PETRARCH options active for the record (`require_dyad`, ...).
    #[serde(default)]
    pub config: BTreeMap<String, String>,
}

impl GoldRecord {
    /// PETRARCH's `require_dyad` (on unless the record turns it off): an event needs both
    /// a source and a target to be output.
    pub fn require_dyad(&self) -> bool {
        self.config
            .get("require_dyad")
            .is_none_or(|v| !v.eq_ignore_ascii_case("false"))
    }

    pub fn date(&self) -> Option<chrono::NaiveDate> {
        self.date
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y%m%d").ok())
    }
}

/// Reads JSON Lines gold; a bad line is an error naming the line.
pub fn read_gold(text: &str) -> Result<Vec<GoldRecord>, String> {
    crate::read_jsonl(text)
}

/// One coded event as the metrics see it: actor codes (`---` when absent), CAMEO code,
/// PLOVER type and mode.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Predicted {
    pub source: String,
    pub target: String,
    pub cameo: String,
    pub plover: Option<String>,
    pub mode: Option<String>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct PetrarchMetrics {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub pass_rate: f64,
    pub records: usize,
    pub passed: usize,
    pub dev_pass_rate: f64,
    pub dev_f1: f64,
    pub rest_pass_rate: f64,
    pub rest_f1: f64,
    /// Ids of failing records (for reading, not for tuning on the rest part).
    pub failed_dev: Vec<String>,
}

#[derive(Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
    passed: usize,
    records: usize,
}

impl Counts {
    fn prf(&self) -> (f64, f64, f64) {
        let p = ratio(self.tp, self.tp + self.fp);
        let r = ratio(self.tp, self.tp + self.fn_);
        (p, r, crate::f1(p, r))
    }
}

/// PETRARCH2 pass rate and triple P/R/F1; `predicted[i]` are the events for `gold[i]`.
pub fn evaluate_petrarch(gold: &[GoldRecord], predicted: &[Vec<Predicted>]) -> PetrarchMetrics {
    let mut parts = [Counts::default(), Counts::default(), Counts::default()];
    let mut failed_dev = Vec::new();
    for (i, (record, events)) in gold.iter().zip(predicted).enumerate() {
        let mut expected: Vec<(String, String, String)> = record
            .events
            .iter()
            .map(|e| (e.source.clone(), e.target.clone(), e.code.clone()))
            .collect();
        expected.sort();
        expected.dedup();
        let mut found: Vec<(String, String, String)> = events
            .iter()
            .map(|e| (e.source.clone(), e.target.clone(), e.cameo.clone()))
            .collect();
        found.sort();
        found.dedup();
        let tp = found.iter().filter(|f| expected.contains(f)).count();
        let pass = tp == expected.len() && found.len() == expected.len();
        for part in [0, 1 + i % 2] {
            let c = &mut parts[part];
            c.records += 1;
            c.tp += tp;
            c.fp += found.len() - tp;
            c.fn_ += expected.len() - tp;
            c.passed += usize::from(pass);
        }
        if !pass && i % 2 == 0 {
            failed_dev.push(record.id.clone());
        }
    }
    let (precision, recall, f1) = parts[0].prf();
    PetrarchMetrics {
        precision,
        recall,
        f1,
        pass_rate: ratio(parts[0].passed, parts[0].records),
        records: parts[0].records,
        passed: parts[0].passed,
        dev_pass_rate: ratio(parts[1].passed, parts[1].records),
        dev_f1: parts[1].prf().2,
        rest_pass_rate: ratio(parts[2].passed, parts[2].records),
        rest_f1: parts[2].prf().2,
        failed_dev,
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct PloverMetrics {
    /// Event type P/R/F1 (the headline figures).
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub triple_precision: f64,
    pub triple_recall: f64,
    pub triple_f1: f64,
    /// Among gold events with a mode whose type was found, how often the mode agrees.
    pub mode_accuracy: f64,
    pub modes_judged: usize,
    pub records: usize,
    pub dev_f1: f64,
    pub dev_triple_f1: f64,
    pub rest_f1: f64,
    pub rest_triple_f1: f64,
}

/// PLOVER 0.5 type names in the gold mapped to the 2021 names the coder uses.
pub fn plover_type(gold: &str) -> &str {
    match gold {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        other => other,
    }
}

/// PLOVER 0.5 mode names in the gold mapped to the 2021 manual's names the coder uses: 0.5
/// told organised from spontaneous demonstrations and riots and named strikes by kind; the
/// 2021 manual has one `demo`, one `riot`, `hunger` and `strike`, and one `visit` for
/// visiting and hosting (its CONSULT table: "actor is visiting, recipient is hosting").
pub fn plover_mode(gold: &str) -> &str {
    match gold {
        "demo-org" | "demo-spon" => "demo",
        "riot-org" | "riot-spon" => "riot",
        "strike-hun" => "hunger",
        "strike-gen" => "strike",
        "host" => "visit",
        other => other,
    }
}

/// Whether a predicted actor code fits a gold one: the gold lists ISO3/IGO codes joined by
/// `;`, a prediction matches on its first three letters; both empty also match.
fn actor_matches(predicted: &str, gold: &str) -> bool {
    let gold: Vec<&str> = gold.split(';').filter(|g| !g.is_empty()).collect();
    let predicted = predicted.trim_start_matches("---");
    if gold.is_empty() || predicted.is_empty() {
        return gold.is_empty() && predicted.is_empty();
    }
    gold.iter()
        .any(|g| predicted.get(..3).is_some_and(|p| g.get(..3) == Some(p)))
}

/// PLOVER type, (type, source, target) and mode figures; `predicted[i]` for `gold[i]`.
pub fn evaluate_plover(gold: &[GoldRecord], predicted: &[Vec<Predicted>]) -> PloverMetrics {
    let mut types = [Counts::default(), Counts::default(), Counts::default()];
    let mut triples = [Counts::default(), Counts::default(), Counts::default()];
    let (mut modes_right, mut modes_judged) = (0, 0);
    for (i, (record, events)) in gold.iter().zip(predicted).enumerate() {
        let mut found_types: Vec<&str> =
            events.iter().filter_map(|e| e.plover.as_deref()).collect();
        found_types.sort_unstable();
        found_types.dedup();
        let expected: Vec<(&str, &GoldEvent)> = record
            .events
            .iter()
            .map(|e| (plover_type(&e.code), e))
            .collect();
        let type_tp = found_types
            .iter()
            .filter(|t| expected.iter().any(|(g, _)| g == *t))
            .count();
        let fits = |e: &Predicted, (t, g): &(&str, &GoldEvent)| {
            e.plover.as_deref() == Some(*t)
                && actor_matches(&e.source, &g.source)
                && actor_matches(&e.target, &g.target)
        };
        let matched_triples = expected
            .iter()
            .filter(|g| events.iter().any(|e| fits(e, g)))
            .count();
        // The gold writes a compound actor as one event ("HUN;ROU"); a coder that gives
        // each member its own event is not wrong twice: only predictions fitting no gold
        // event are false positives.
        let unmatched_predictions = events
            .iter()
            .filter(|e| e.plover.is_some() && !expected.iter().any(|g| fits(e, g)))
            .count();
        for part in [0, 1 + i % 2] {
            let c = &mut types[part];
            c.records += 1;
            c.tp += type_tp;
            c.fp += found_types.len() - type_tp;
            c.fn_ += expected.len().saturating_sub(type_tp);
            let c = &mut triples[part];
            c.tp += matched_triples;
            c.fp += unmatched_predictions;
            c.fn_ += expected.len() - matched_triples;
        }
        for (t, g) in &expected {
            let Some(mode) = g.mode.as_deref().filter(|m| !m.is_empty()) else {
                continue;
            };
            if let Some(e) = events.iter().find(|e| e.plover.as_deref() == Some(t)) {
                modes_judged += 1;
                modes_right += usize::from(e.mode.as_deref() == Some(plover_mode(mode)));
            }
        }
    }
    let (precision, recall, f1) = types[0].prf();
    let (triple_precision, triple_recall, triple_f1) = triples[0].prf();
    PloverMetrics {
        precision,
        recall,
        f1,
        triple_precision,
        triple_recall,
        triple_f1,
        mode_accuracy: ratio(modes_right, modes_judged),
        modes_judged,
        records: types[0].records,
        dev_f1: types[1].prf().2,
        dev_triple_f1: triples[1].prf().2,
        rest_f1: types[2].prf().2,
        rest_triple_f1: triples[2].prf().2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(json: &str) -> GoldRecord {
        serde_json::from_str(json).unwrap()
    }

    fn event(source: &str, target: &str, cameo: &str, plover: Option<&str>) -> Predicted {
        Predicted {
            source: source.into(),
            target: target.into(),
            cameo: cameo.into(),
            plover: plover.map(String::from),
            mode: None,
        }
    }

    #[test]
    fn petrarch_pass_needs_exact_event_set() {
        let gold = vec![
            record(
                r#"{"id":"A","text":"x","events":[{"source":"RUSCOP","target":"RUSEDU","code":"173"}]}"#,
            ),
            record(
                r#"{"id":"B","text":"y","events":[],"noevents":true,"config":{"require_dyad":"False"}}"#,
            ),
            record(
                r#"{"id":"C","text":"z","events":[{"source":"ARN","target":"GON","code":"190"}]}"#,
            ),
        ];
        assert!(gold[0].require_dyad() && !gold[1].require_dyad());
        let predicted = vec![
            vec![event("RUSCOP", "RUSEDU", "173", None)],
            vec![],
            vec![
                event("ARN", "GON", "190", None),
                event("GON", "ARN", "190", None),
            ],
        ];
        let m = evaluate_petrarch(&gold, &predicted);
        assert_eq!(m.passed, 2);
        assert!((m.precision - 2.0 / 3.0).abs() < 1e-9);
        assert!((m.recall - 1.0).abs() < 1e-9);
        assert_eq!(m.failed_dev, vec!["C".to_string()]);
    }

    #[test]
    fn plover_types_triples_and_modes() {
        let gold = vec![
            record(
                r#"{"id":"A","text":"x","events":[{"source":"USA","target":"PRK","code":"DEMAND","mode":""}]}"#,
            ),
            record(
                r#"{"id":"B","text":"y","events":[{"source":"HUN;ROU","target":"","code":"PROTEST","mode":"riot"}]}"#,
            ),
        ];
        let mut protest = event("ROUOPP", "", "145", Some("PROTEST"));
        protest.mode = Some("riot".into());
        let predicted = vec![
            vec![
                event("USAGOV", "PRKGOV", "1041", Some("REQUEST")),
                event("USA", "", "010", None),
            ],
            vec![protest, event("HUN", "", "190", Some("ASSAULT"))],
        ];
        let m = evaluate_plover(&gold, &predicted);
        assert!((m.recall - 1.0).abs() < 1e-9);
        assert!((m.precision - 2.0 / 3.0).abs() < 1e-9);
        assert!((m.triple_recall - 1.0).abs() < 1e-9);
        assert!((m.mode_accuracy - 1.0).abs() < 1e-9);
        assert!(!actor_matches("USA", "PRK") && actor_matches("---", ""));
    }

    #[test]
    fn plover_half_modes_are_compared_under_their_2021_names() {
        let gold = vec![record(
            r#"{"id":"A","text":"x","events":[{"source":"PER","target":"","code":"PROTEST","mode":"strike-hun"}]}"#,
        )];
        let mut hunger = event("PER", "", "142", Some("PROTEST"));
        hunger.mode = Some("hunger".into());
        let m = evaluate_plover(&gold, &[vec![hunger.clone()]]);
        assert_eq!((m.modes_judged, m.mode_accuracy), (1, 1.0));
        hunger.mode = Some("demo".into());
        let m = evaluate_plover(&gold, &[vec![hunger]]);
        assert_eq!((m.modes_judged, m.mode_accuracy), (1, 0.0));
        assert_eq!(plover_mode("heavy-weapons"), "heavy-weapons");
    }

    #[test]
    fn plover_compound_actor_split_into_events_is_one_match() {
        let gold = vec![record(
            r#"{"id":"A","text":"x","events":[{"source":"USA;JOR","target":"","code":"AGREE"}]}"#,
        )];
        let split = vec![vec![
            event("USA", "", "030", Some("AGREE")),
            event("JOR", "", "030", Some("AGREE")),
            event("ISR", "", "030", Some("AGREE")),
        ]];
        let m = evaluate_plover(&gold, &split);
        assert!((m.triple_recall - 1.0).abs() < 1e-9);
        // USA and JOR are the gold's one event; ISR is the only false positive.
        assert!((m.triple_precision - 0.5).abs() < 1e-9);
    }
}
