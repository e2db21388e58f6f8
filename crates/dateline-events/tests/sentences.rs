//! The coder over the real pipeline on short synthetic sentences (models loaded once per
//! test binary). Set `EVENTS_DEBUG=1` to print the events each sentence gets.

use dateline_document::{Block, BlockKind, Document, Event, EventActor};
use dateline_pipeline::Pipeline;
use std::path::PathBuf;
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        let models = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models");
        Pipeline::load(&models).expect("models/ (tagger, parser, ner, gazetteer, events.dict)")
    })
}

fn code(text: &str) -> Vec<Event> {
    let mut doc = Document {
        text: text.to_string(),
        blocks: vec![Block {
            kind: BlockKind::Paragraph,
            span: dateline_document::Span::new(0, text.chars().count()),
        }],
        ..Default::default()
    };
    pipeline().annotate(&mut doc, chrono::NaiveDate::from_ymd_opt(2022, 1, 7));
    if std::env::var_os("EVENTS_DEBUG").is_some() {
        eprintln!("{text}");
        for e in &doc.events {
            eprintln!("  {}", serde_json::to_string(e).unwrap());
        }
    }
    doc.events
}

fn actor_code(actor: &Option<EventActor>) -> Option<&str> {
    actor.as_ref().and_then(|a| a.code.as_deref())
}

fn of_type<'a>(events: &'a [Event], plover: &str) -> Vec<&'a Event> {
    events
        .iter()
        .filter(|e| e.plover.as_deref() == Some(plover))
        .collect()
}

#[test]
fn arrest_with_actors_place_and_date() {
    let events = code("Russian police arrested students in Moscow today.");
    let arrests = of_type(&events, "COERCE");
    assert_eq!(arrests.len(), 1, "{events:?}");
    let e = arrests[0];
    assert_eq!(e.cameo, "173");
    assert_eq!(e.mode.as_deref(), Some("arrest"));
    assert_eq!(actor_code(&e.source), Some("RUSCOP"));
    assert_eq!(actor_code(&e.target), Some("---EDU"));
    assert_eq!(e.location.as_ref().map(|l| l.name.as_str()), Some("Moscow"));
    assert_eq!(e.date.as_deref(), Some("2022-01-07"));
    assert!(e.is_factual());
}

#[test]
fn refusing_to_negotiate_is_a_rejection() {
    for text in [
        "The government refused to negotiate with terrorists.",
        "The government won't negotiate with terrorists.",
    ] {
        let events = code(text);
        let rejections = of_type(&events, "REJECT");
        assert_eq!(rejections.len(), 1, "{text}: {events:?}");
        let e = rejections[0];
        assert_eq!(e.cameo, "125", "{text}");
        assert!(e.is_factual(), "{text}: the refusal happened");
        assert_eq!(actor_code(&e.source), Some("---GOV"), "{text}");
        assert_eq!(actor_code(&e.target), Some("---UAF"), "{text}");
        let talks = events
            .iter()
            .filter(|e| matches!(e.plover.as_deref(), Some("CONSULT" | "SUPPORT")));
        assert_eq!(talks.count(), 0, "{text}: no talks happened");
    }
}

#[test]
fn an_announced_attack_is_a_threat_by_the_speaker() {
    let events = code("Those who won't surrender will be destroyed, he said.");
    let threats = of_type(&events, "THREATEN");
    assert_eq!(threats.len(), 1, "{events:?}");
    assert_eq!(threats[0].cameo, "138");
    assert_eq!(
        threats[0].source.as_ref().map(|a| a.name.as_str()),
        Some("he")
    );
    assert!(threats[0].is_factual());
    // "who won't surrender" describes whoever does not: no factual refusal.
    assert!(of_type(&events, "REJECT").iter().all(|e| !e.is_factual()));
    assert!(of_type(&events, "ASSAULT").is_empty());
}

#[test]
fn negated_future_and_conditional_acts_are_flagged() {
    let negated = code("The police did not arrest the protesters.");
    let arrest = of_type(&negated, "COERCE");
    assert_eq!(arrest.len(), 1, "{negated:?}");
    assert!(arrest[0].negated && !arrest[0].is_factual());

    let future = code("The army will arrest the rebels tomorrow.");
    let arrest = of_type(&future, "COERCE");
    assert_eq!(arrest.len(), 1, "{future:?}");
    assert!(arrest[0].future && !arrest[0].negated);

    let modal = code("The police could arrest the students.");
    let arrest = of_type(&modal, "COERCE");
    assert!(!arrest.is_empty(), "{modal:?}");
    assert!(arrest.iter().all(|e| e.hypothetical));
}

#[test]
fn request_by_a_demonym_role_to_an_unlisted_alliance() {
    let events =
        code("The Kazakh president asked the Collective Security Treaty Organization for help.");
    let requests = of_type(&events, "REQUEST");
    assert_eq!(requests.len(), 1, "{events:?}");
    // "Kazakh" is not in the dictionaries; it comes from KAZAKHSTAN, "president" adds GOV.
    assert_eq!(actor_code(&requests[0].source), Some("KAZGOV"));
    let target = requests[0].target.as_ref().expect("a target");
    assert_eq!(target.name, "Collective Security Treaty Organization");
    // One-word synonyms ("ORGANIZATION" is listed for Tanzim) cannot claim a longer name.
    assert_eq!(target.code, None);
}

#[test]
fn physical_attack_on_buildings_is_an_assault() {
    let events = code("Protesters attacked government buildings in Almaty.");
    assert!(
        events
            .iter()
            .any(|e| e.cameo.starts_with("19") || e.cameo.starts_with("18")),
        "{events:?}"
    );
    assert!(of_type(&events, "ACCUSE").is_empty(), "{events:?}");
    // Protesters of no stated nationality attacking in Almaty are Kazakh.
    assert!(events
        .iter()
        .all(|e| actor_code(&e.source) == Some("KAZOPP")));
}

#[test]
fn story_discards_code_nothing() {
    assert!(code("Manchester United fans attacked the referee.").is_empty());
}

#[test]
fn a_sector_takes_the_country_it_comes_from() {
    let events = code("Soldiers from Russia arrested two journalists.");
    assert!(!events.is_empty());
    assert!(
        events
            .iter()
            .all(|e| actor_code(&e.source) == Some("RUSMIL")),
        "{events:?}"
    );
}

#[test]
fn a_protest_without_recipient_is_against_the_own_government() {
    let events = code("Thousands of students demonstrated in Almaty.");
    let protests = of_type(&events, "PROTEST");
    assert_eq!(protests.len(), 1, "{events:?}");
    // The protesters are placed in Kazakhstan by Almaty.
    assert!(actor_code(&protests[0].source).is_some_and(|c| c.starts_with("KAZ")));
    assert_eq!(actor_code(&protests[0].target), Some("KAZGOV"));
}

#[test]
fn agreeing_and_announced_aid_are_agree() {
    let events = code("The United States and Jordan agreed on a new trade pact.");
    let agreements = of_type(&events, "AGREE");
    let mut sources: Vec<_> = agreements
        .iter()
        .filter_map(|e| actor_code(&e.source))
        .collect();
    sources.sort_unstable();
    assert_eq!(sources, vec!["JOR", "USA"], "{events:?}");

    let events = code("Finland will give Tanzania a grant of 580 million shillings.");
    let agreements = of_type(&events, "AGREE");
    assert_eq!(agreements.len(), 1, "{events:?}");
    assert!(
        agreements[0].cameo.starts_with("07"),
        "the CAMEO code stays the aid"
    );
    assert_eq!(actor_code(&agreements[0].target), Some("TZA"));
    assert!(of_type(&events, "AID").is_empty());
}

#[test]
fn a_demand_is_addressed_to_the_subject_of_its_complement() {
    let events = code("The United States demanded that Iran abandon its nuclear programme.");
    let demands = of_type(&events, "REQUEST");
    assert!(!demands.is_empty(), "{events:?}");
    assert!(demands.iter().all(|e| actor_code(&e.target) == Some("IRN")));
}

#[test]
fn a_modifier_found_as_target_stands_for_its_phrase() {
    let events = code("Russia restored diplomatic ties with Ukraine's main opposition group.");
    let e = events
        .iter()
        .find(|e| actor_code(&e.source) == Some("RUS"))
        .unwrap_or_else(|| panic!("{events:?}"));
    let target = actor_code(&e.target).unwrap_or("");
    assert!(target.starts_with("UKR") && target.len() > 3, "{target}");
}
