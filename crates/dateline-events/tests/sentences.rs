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

/// A document of the one paragraph `text`.
fn paragraph(text: &str) -> Document {
    Document {
        text: text.to_string(),
        blocks: vec![Block {
            kind: BlockKind::Paragraph,
            span: dateline_document::Span::new(0, text.chars().count()),
        }],
        ..Default::default()
    }
}

fn code(text: &str) -> Vec<Event> {
    let mut doc = paragraph(text);
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

/// Asserts that no event of `events` is of PLOVER type `plover`.
fn assert_none_of(events: &[Event], plover: &str) {
    assert!(
        of_type(events, plover).is_empty(),
        "no {plover} expected: {events:?}"
    );
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
    // Coercion with no foreign recipient stays at home: the students are of the country.
    assert_eq!(actor_code(&e.target), Some("RUSEDU"));
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
    assert_none_of(&events, "ACCUSE");
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

/// The one event of PLOVER type `plover` in `events`, which has CAMEO code `cameo`.
fn the_one<'a>(events: &'a [Event], plover: &str, cameo: &str) -> &'a Event {
    let found = of_type(events, plover);
    assert_eq!(found.len(), 1, "{events:?}");
    assert_eq!(found[0].cameo, cameo, "{events:?}");
    found[0]
}

/// Codes `text` and asserts its one event of type `plover` has CAMEO code `cameo`, and
/// that no event has the type `wrong` a mistaken reading would give.
fn coded_once_not_as(text: &str, plover: &str, cameo: &str, wrong: &str) {
    let events = code(text);
    the_one(&events, plover, cameo);
    assert_none_of(&events, wrong);
}

/// A coder over small dictionaries written here, in PETRARCH's formats, for rules that
/// show only with particular codes (PETRARCH's validation set codes "said" as an appeal).
fn coder_from(verbs: &str, actors: &str, agents: &str) -> dateline_events::Coder {
    let mut dict = dateline_events::Dictionaries::default();
    let mut problems = Vec::new();
    dict.verbs.read("verbs.txt", verbs, &mut problems);
    dict.actors.read("actors.txt", actors, &mut problems);
    dict.agents.read("agents.txt", agents, &mut problems);
    assert!(problems.is_empty(), "{problems:?}");
    dateline_events::Coder::new(dict)
}

/// `text` through the pipeline, its events coded again by `coder`: (source, target, code).
fn recode(text: &str, coder: &dateline_events::Coder) -> Vec<(String, String, String)> {
    let mut doc = paragraph(text);
    pipeline().annotate(&mut doc, None);
    dateline_events::annotate(&mut doc, coder, None);
    let code = |a: &Option<EventActor>| actor_code(a).unwrap_or("---").to_string();
    doc.events
        .iter()
        .map(|e| (code(&e.source), code(&e.target), e.cameo.clone()))
        .collect()
}

const SMALL_VERBS: &str = "--- SAY [023] ---\nSAY {SAYS SAID SAYING}\n\n\
    --- SIGN [081] ---\nSIGN\n- * TRADE PROTOCOL [085]\n";
const SMALL_ACTORS: &str = "CHILE_ [CHL]\nPERU_ [PER]\n";
const SMALL_AGENTS: &str = "OFFICIAL [~GOV]\nOFFICIALS [~GOV]\n";

/// `text` recoded with the small dictionaries above.
fn recode_small(text: &str) -> Vec<(String, String, String)> {
    recode(text, &coder_from(SMALL_VERBS, SMALL_ACTORS, SMALL_AGENTS))
}

/// `text` recoded with the small actors and agents above and the verb dictionary `verbs`.
fn recode_verbs(verbs: &str, text: &str) -> Vec<(String, String, String)> {
    recode(text, &coder_from(verbs, SMALL_ACTORS, SMALL_AGENTS))
}

/// Asserts that `events` hold the event (source, target, code).
fn assert_has(events: &[(String, String, String)], source: &str, target: &str, code: &str) {
    let wanted = (source.to_string(), target.to_string(), code.to_string());
    assert!(events.contains(&wanted), "{wanted:?} not in {events:?}");
}

#[test]
fn a_reporting_verb_does_not_swallow_what_it_reports() {
    let events = recode_small("Chile on Monday signed a trade protocol with Peru, officials said.");
    assert_has(&events, "CHL", "PER", "085");
    // The report is no appeal addressed to Chile.
    assert!(
        !events
            .iter()
            .any(|(_, t, c)| t == "CHL" && c.starts_with("02")),
        "{events:?}"
    );
}

#[test]
fn a_trailing_reporting_clause_is_coded_beside_the_main_event() {
    let events =
        recode_small("Chile is about to sign a trade protocol with Peru, a senior official said.");
    assert_has(&events, "CHL", "PER", "085");
    assert_has(&events, "---GOV", "---", "023");
}

#[test]
fn of_two_patterns_as_long_the_nearer_wins() {
    coded_once_not_as(
        "Chile issued an ultimatum to Bolivia to stop attacks on its border.",
        "THREATEN",
        "139",
        "ACCUSE",
    );
}

#[test]
fn a_reported_would_is_the_speakers_future() {
    let events = code("Chile said it would send troops to Bolivia.");
    let sent: Vec<_> = events.iter().filter(|e| e.plover.is_some()).collect();
    assert!(!sent.is_empty(), "{events:?}");
    for e in sent {
        assert!(e.future && !e.hypothetical, "{e:?}");
        // "it" is the speaker.
        assert_eq!(actor_code(&e.source), Some("CHL"), "{e:?}");
    }
    let conditional = code("Chile said it would send troops to Bolivia if asked.");
    assert!(
        conditional
            .iter()
            .filter(|e| !e.cameo.starts_with("01"))
            .all(|e| e.hypothetical),
        "{conditional:?}"
    );
}

#[test]
fn intent_to_coerce_is_a_threat() {
    coded_once_not_as(
        "The government of Chile said it is prepared to impose martial law.",
        "THREATEN",
        "137",
        "COERCE",
    );
}

#[test]
fn violence_aimed_at_a_country_targets_it() {
    let events = code("Chile fired two rockets at Bolivia on Thursday.");
    let attacks = of_type(&events, "ASSAULT");
    assert!(!attacks.is_empty(), "{events:?}");
    assert!(
        attacks.iter().all(|e| actor_code(&e.target) == Some("BOL")),
        "{events:?}"
    );
}

#[test]
fn a_reported_must_is_a_demand_of_the_speaker() {
    let events = code("Chile said Bolivian forces must withdraw from the border.");
    // One demand, by Chile, of Bolivian forces.
    let demand_of_bolivia = |e: &&Event| {
        actor_code(&e.source) == Some("CHL")
            && actor_code(&e.target).is_some_and(|c| c.starts_with("BOL"))
    };
    let demands = of_type(&events, "REQUEST");
    assert!(
        matches!(demands.as_slice(), [demand] if demand_of_bolivia(demand)),
        "{events:?}"
    );
}

#[test]
fn a_name_split_into_two_subjects_is_one_actor() {
    let events = code("Bolivia Prime Minister Morales will meet Chilean leaders on Sunday.");
    let sources: Vec<_> = events
        .iter()
        .filter_map(|e| actor_code(&e.source))
        .collect();
    assert!(sources.contains(&"BOLGOV"), "{events:?}");
}

/// The distinct source codes of the events coded from `text`, sorted.
fn source_codes(text: &str) -> Vec<String> {
    let mut sources: Vec<String> = code(text)
        .iter()
        .filter_map(|e| actor_code(&e.source).map(str::to_string))
        .collect();
    sources.sort_unstable();
    sources.dedup();
    sources
}

#[test]
fn coordinated_countries_are_one_actor_each() {
    // Before a sector, and after "of".
    assert_eq!(
        source_codes("Chilean and Bolivian police arrested ten smugglers on Monday."),
        ["BOLCOP", "CHLCOP"]
    );
    assert_eq!(
        source_codes("The ambassadors of Chile, Peru and Bolivia criticized the new tariffs."),
        ["BOLGOV", "CHLGOV", "PERGOV"]
    );
}

#[test]
fn refusing_a_thing_is_rejecting_it() {
    let events = code("Bolivia refused the compensation from Chile.");
    let rejection = the_one(&events, "REJECT", "120");
    assert_eq!(actor_code(&rejection.source), Some("BOL"));
    assert_eq!(actor_code(&rejection.target), Some("CHL"));
}

#[test]
fn a_where_clause_is_background() {
    let events = code(
        "Hundreds of students demonstrated in Lima, where three people were killed last year.",
    );
    assert_eq!(of_type(&events, "PROTEST").len(), 1, "{events:?}");
    assert_none_of(&events, "ASSAULT");
}

#[test]
fn a_statement_is_the_main_event_over_a_background_attack() {
    let events = code(
        "Chile announced a suspension of flights to Bolivia, a day after rebels attacked a border post.",
    );
    assert_none_of(&events, "ASSAULT");
}

#[test]
fn an_act_carried_on_is_coded_as_its_start() {
    let events = code("Students in Peru are continuing a hunger strike.");
    the_one(&events, "PROTEST", "142");
}

#[test]
fn a_name_written_with_underscores_matches_its_dictionary_entry() {
    let actors = "CHILE_ [CHL]\nPERU_ [PER]\nPUERTO_MONTT [PMT]\n";
    let coder = coder_from(SMALL_VERBS, actors, SMALL_AGENTS);
    let events = recode(
        "Chile signed a trade protocol with the mayor of Puerto_Montt.",
        &coder,
    );
    assert_has(&events, "CHL", "PMT", "085");
}

#[test]
fn a_threat_takes_its_mode_from_what_it_threatens() {
    let events = code("The army of Peru said it is prepared to impose martial law in Lima.");
    let threat = the_one(&events, "THREATEN", "137");
    // The table's mode for 137 is `violence`; martial law is what is threatened.
    assert_eq!(threat.mode.as_deref(), Some("martial-law"), "{threat:?}");
}

#[test]
fn a_symmetric_verb_is_not_reversed_onto_a_thing() {
    let verbs = "--- MEET [046:046] ---\nHOLD {HELD HOLDS}\n- * MEETING [046:046]\n";
    let coder = coder_from(verbs, SMALL_ACTORS, SMALL_AGENTS);
    let events = recode("Chile held a meeting with Peru.", &coder);
    assert_has(&events, "CHL", "PER", "046");
    assert_has(&events, "PER", "CHL", "046");
    // "a first meeting" is no actor that could meet Chile back.
    let events = recode("Chile held its first meeting.", &coder);
    assert!(!events.iter().any(|(_, t, _)| t == "CHL"), "{events:?}");
}

#[test]
fn a_plural_demonym_is_its_countrys_people() {
    let events = code("Young Peruvians blocked roads leading to the city centre.");
    let protest = the_one(&events, "PROTEST", "144");
    assert_eq!(actor_code(&protest.source), Some("PER"), "{protest:?}");
}

#[test]
fn a_verb_hung_below_a_root_noun_has_that_noun_as_subject() {
    // Parsed with "aircraft" as the root and "killed" as a modifier of "missiles".
    let events = code(
        "Peruvian aircraft using precision guided missiles killed 4 Bolivians in an attack on a \
         suspected weapons supply in La Paz.",
    );
    let attack = of_type(&events, "ASSAULT");
    assert!(
        attack
            .iter()
            .any(|e| actor_code(&e.source) == Some("PER") && actor_code(&e.target) == Some("BOL")),
        "{events:?}"
    );
}

#[test]
fn rebels_acting_on_a_government_are_of_its_country() {
    let events = code(
        "The main rebel group insisted on its demands that Peru's government grant more rights.",
    );
    let demand = of_type(&events, "REQUEST");
    assert!(
        demand
            .iter()
            .any(|e| actor_code(&e.source) == Some("PERREB")
                && actor_code(&e.target) == Some("PERGOV")),
        "{events:?}"
    );
}

#[test]
fn the_object_decides_what_easing_mobilizing_or_giving_means() {
    let eased = code("The Kenyan government eased security measures in Mombasa on Friday.");
    assert_eq!(of_type(&eased, "CONCEDE").len(), 1, "{eased:?}");
    assert_none_of(&eased, "COOPERATE");
    // No foreign recipient: the concession is made at home.
    let concession = of_type(&eased, "CONCEDE")[0];
    assert!(actor_code(&concession.target).is_some_and(|c| c.starts_with("KEN")));

    let lifted = code("Peru lifted the curfew in the southern provinces.");
    assert_eq!(of_type(&lifted, "CONCEDE").len(), 1, "{lifted:?}");
    assert_none_of(&lifted, "RETREAT");

    // A pattern on a word outside the object ("* AGAINST", a rally) does not outweigh it.
    let mobilized = code("Chile mobilized army reservists against the smugglers.");
    assert_eq!(of_type(&mobilized, "MOBILIZE").len(), 1, "{mobilized:?}");
    assert_none_of(&mobilized, "PROTEST");

    let welcome = code("The Ghanaian president gave a warm welcome to the Kenyan delegation.");
    assert_eq!(of_type(&welcome, "CONSULT").len(), 1, "{welcome:?}");
}

#[test]
fn a_threat_absorbs_what_it_threatens() {
    let events = code("Peru threatened to stop trade talks with Chile.");
    assert_eq!(of_type(&events, "THREATEN").len(), 1, "{events:?}");
    assert_none_of(&events, "RETREAT");
}

#[test]
fn a_sector_adjective_on_a_thing_names_no_target() {
    let events = code("Peru threatened a military offensive along its border with Chile.");
    let threats = of_type(&events, "THREATEN");
    assert_eq!(threats.len(), 1, "{events:?}");
    assert_eq!(actor_code(&threats[0].target), Some("CHL"));
}

#[test]
fn a_demand_is_addressed_to_the_subject_of_its_that_clause() {
    let events =
        code("The rebels insisted on their demand that the Chadian government free the prisoners.");
    let demands = of_type(&events, "REQUEST");
    assert!(!demands.is_empty(), "{events:?}");
    assert!(
        demands
            .iter()
            .any(|e| actor_code(&e.target).is_some_and(|c| c.starts_with("TCD"))),
        "{events:?}"
    );
}

#[test]
fn coordinated_subjects_with_no_other_side_act_on_each_other() {
    let events = code("Chile and Peru agreed that the border dispute should go to arbitration.");
    let pairs: Vec<_> = events
        .iter()
        .map(|e| (actor_code(&e.source), actor_code(&e.target)))
        .collect();
    assert!(pairs.contains(&(Some("CHL"), Some("PER"))), "{events:?}");
    assert!(pairs.contains(&(Some("PER"), Some("CHL"))), "{events:?}");
    assert!(
        pairs.iter().all(|(s, t)| s.is_none() || s != t),
        "{events:?}"
    );
    // With a named other side the subjects act on it, not on each other.
    let events = code("Chile and Peru signed a trade agreement with Bolivia.");
    assert!(
        events
            .iter()
            .all(|e| (actor_code(&e.source), actor_code(&e.target)) != (Some("CHL"), Some("PER"))),
        "{events:?}"
    );
}

/// The source's possessive before the other side ("its trade with Chile") leaves the other
/// side as the target. (The coder's skipping of a phrase coded as the source itself is
/// exercised by the PETRARCH2 validation records, not by this sentence, which it codes
/// right either way.)
#[test]
fn a_threat_over_the_sources_own_dealings_targets_the_other_side() {
    let events = code("Peru threatened to cut its trade with Chile.");
    let threats = of_type(&events, "THREATEN");
    assert!(!threats.is_empty(), "{events:?}");
    for threat in threats {
        assert_eq!(actor_code(&threat.source), Some("PER"));
        assert_eq!(actor_code(&threat.target), Some("CHL"));
    }
}

#[test]
fn the_acting_country_is_not_the_place_of_its_act() {
    let events = code("Peru lifted the curfew in Ecuador.");
    let concession = the_one(&events, "CONCEDE", "0813");
    assert_eq!(
        concession.location.as_ref().map(|l| l.name.as_str()),
        Some("Ecuador")
    );
    // The concession is made where the curfew was, not at the actor's home.
    assert_eq!(actor_code(&concession.target), Some("ECU"));
    // A second subject is an actor too.
    let events = code("Peru and Chile held talks on Monday.");
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| e.location.is_none()), "{events:?}");
}

/// A threat's other side named in what it says, past a subject that is the source's own
/// ("its dispute with Colombia"), or in its condition.
#[test]
fn a_threat_targets_the_other_side_its_words_or_condition_name() {
    for (text, source, target) in [
        (
            "Ecuador warned that its dispute with Colombia might escalate.",
            "ECU",
            "COL",
        ),
        (
            "Bolivia threatened to halt gas exports if Brazil delays its payments.",
            "BOL",
            "BRA",
        ),
    ] {
        let events = code(text);
        let threat = of_type(&events, "THREATEN");
        assert_eq!(threat.len(), 1, "{text}: {events:?}");
        assert_eq!(actor_code(&threat[0].source), Some(source), "{text}");
        assert_eq!(actor_code(&threat[0].target), Some(target), "{text}");
    }
}

/// Codes `text` and asserts it has one event of type `plover`, aimed at `target`.
fn assert_one_aimed_at(text: &str, plover: &str, target: &str) {
    let events = code(text);
    let found = of_type(&events, plover);
    assert_eq!(found.len(), 1, "{events:?}");
    assert_eq!(actor_code(&found[0].target), Some(target), "{events:?}");
}

#[test]
fn a_country_after_a_sector_object_is_the_recipient() {
    assert_one_aimed_at("Bolivia offered its soldiers to Ecuador.", "AGREE", "ECU");
}

#[test]
fn saying_that_another_actor_must_act_demands_it() {
    let events = code("The Chilean government declared that Peru must drop its tariffs.");
    let demand = the_one(&events, "REQUEST", "100");
    assert_eq!(actor_code(&demand.source), Some("CHLGOV"));
    assert_eq!(actor_code(&demand.target), Some("PER"));
    // The speaker's own duty asks nothing of anyone.
    assert_none_of(&code("Peru said it must protect its borders."), "REQUEST");
}

#[test]
fn a_concession_is_made_to_the_subject_of_its_that_clause() {
    let events = code("Peru conceded that Chile had a point.");
    let concession = of_type(&events, "CONCEDE");
    assert_eq!(concession.len(), 1, "{events:?}");
    // Not the source's own country, which a concession with no recipient falls back on.
    assert_eq!(actor_code(&concession[0].target), Some("CHL"));
}

#[test]
fn a_withdrawal_by_troops_the_speaker_owns() {
    let events = code("The Chilean government said its troops had withdrawn from the border.");
    // "withdrawn" is no form the dictionary lists; "its" is the speaker's.
    let retreat = of_type(&events, "RETREAT");
    assert_eq!(retreat.len(), 1, "{events:?}");
    assert_eq!(actor_code(&retreat[0].source), Some("CHLMIL"));
}

#[test]
fn newswire_day_words_do_not_hide_subjects_or_complements() {
    // Parsed with "Pakistan" as a modifier of "today".
    let events = code("Pakistan today accused India of spying.");
    assert!(
        of_type(&events, "ACCUSE")
            .iter()
            .any(|e| actor_code(&e.source) == Some("PAK") && actor_code(&e.target) == Some("IND")),
        "{events:?}"
    );
    // Parsed with "to impose" as a clause of purpose: the threat still absorbs it.
    let events = code("The Peruvian minister threatened today to impose new tariffs on Chile.");
    let threat = of_type(&events, "THREATEN");
    assert_eq!(threat.len(), 1, "{events:?}");
    assert_eq!(actor_code(&threat[0].target), Some("CHL"));
    assert_none_of(&events, "SANCTION");
    assert_none_of(&events, "COERCE");
}

#[test]
fn a_nominal_event_takes_its_doer_from_a_possessive_or_an_actor_word() {
    let events = code("Peru's attacks on Bolivian villages continued.");
    let attack = of_type(&events, "ASSAULT");
    assert_eq!(attack.len(), 1, "{events:?}");
    assert_eq!(actor_code(&attack[0].source), Some("PER"));
    assert!(actor_code(&attack[0].target).is_some_and(|c| c.starts_with("BOL")));
}

#[test]
fn a_conjunct_no_dictionary_knows_is_no_actor_beside_a_coded_one() {
    let events = code("The orchestra and Bolivia praised the new treaty with Peru.");
    let praise = of_type(&events, "SUPPORT");
    assert_eq!(praise.len(), 1, "{events:?}");
    assert_eq!(actor_code(&praise[0].source), Some("BOL"));
}

#[test]
fn whoever_a_report_is_according_to_is_no_target() {
    let events = code("Chile offered new concessions last week, according to a senator.");
    let offer = of_type(&events, "AGREE");
    assert_eq!(offer.len(), 1, "{events:?}");
    assert_eq!(actor_code(&offer[0].target), None, "{events:?}");
}

#[test]
fn a_gerund_a_preposition_hangs_on_a_noun_is_no_event() {
    // Talks that were only planned, a deal only hoped for: topics of the nouns, not acts.
    assert_none_of(
        &code("Plans for holding talks with Chile were dropped by the cabinet."),
        "CONSULT",
    );
    assert_none_of(
        &code("The minister's hopes of reaching a deal with Chile faded on Monday."),
        "AGREE",
    );
    // A temporal subordinator dates an act that did happen.
    let after = code("Days of calm after fighting with rebels ended on Monday.");
    assert!(!of_type(&after, "ASSAULT").is_empty(), "{after:?}");
}

#[test]
fn a_participle_describing_a_noun_is_no_event() {
    // The link is what the people are, not something done.
    assert_none_of(
        &code("The diplomat is a man linked to the United Nations."),
        "COOPERATE",
    );
    assert_none_of(
        &code("Chile has many doctors linked to the United Nations."),
        "COOPERATE",
    );
    // A clause whose subject the parse made its head is no description.
    let street = code("Thousands of farmers protested in Lima on Monday.");
    assert!(!of_type(&street, "PROTEST").is_empty(), "{street:?}");
}

#[test]
fn who_reports_an_event_is_not_its_target() {
    // The parse hangs "said" on "ties"; the ministry reports the ties, it is not party to them.
    let events = code(
        "Chile has restored diplomatic ties with and reopened a consulate in Lima, the foreign \
         ministry said on Friday.",
    );
    let ties = of_type(&events, "SUPPORT");
    assert!(!ties.is_empty(), "{events:?}");
    for e in ties {
        assert_eq!(actor_code(&e.source), Some("CHL"), "{events:?}");
        assert_ne!(actor_code(&e.target), Some("---GOV"), "{events:?}");
    }
}

#[test]
fn protesting_a_statement_is_verbal() {
    // Protest as speech is disapproval; in the streets it stays a demonstration.
    coded_once_not_as(
        "Peru is breaking its promises to farmers, a rights group protested on Monday.",
        "ACCUSE",
        "110",
        "PROTEST",
    );
    let street = code("Farmers protested outside the parliament in Lima on Monday.");
    assert!(!of_type(&street, "PROTEST").is_empty(), "{street:?}");
}

#[test]
fn a_verb_the_dictionary_leaves_uncoded_alone_needs_a_pattern() {
    // "RISK" codes nothing alone in one block and endangers in another: running a risk
    // threatens nobody.
    assert_none_of(
        &code("Peruvian doctors risked ten years in prison to bring medicine to Chile."),
        "THREATEN",
    );
}

#[test]
fn a_place_that_belongs_to_a_noun_says_whom_the_act_concerns() {
    // "in Bolivia" tells which fighting, not where the president spoke.
    assert_one_aimed_at(
        "The Chilean president appealed for an end to the fighting in Bolivia.",
        "REQUEST",
        "BOL",
    );
}

#[test]
fn a_description_cut_from_the_name_it_introduces_describes_the_speaker() {
    // The parse hangs "the main official news agency" on "rift"; it introduces PNA.
    let events = recode_small(
        "Peru signed a trade protocol with Chile after a 10-year rift, the main official news \
         agency PNA said on Monday.",
    );
    assert_has(&events, "---GOV", "---", "023");
}

#[test]
fn a_for_clause_names_whom_a_demand_is_made_of() {
    assert_one_aimed_at(
        "Chile is pushing hard for the United States support its plan to cut tariffs.",
        "REQUEST",
        "USA",
    );
}

#[test]
fn what_a_demand_asks_for_is_no_event_of_its_own() {
    // Peru is asked to match the support; it has done nothing to Bolivia yet.
    let text = "Chilean officials demanded that Peru match the support of Bolivia for farmers.";
    assert_one_aimed_at(text, "REQUEST", "PER");
    assert_none_of(&code(text), "ACCUSE");
}

#[test]
fn a_visit_is_one_plover_event_from_the_visitor() {
    let events = code("The Chilean foreign minister visited Peru on Monday.");
    let consults = of_type(&events, "CONSULT");
    assert_eq!(consults.len(), 1, "{events:?}");
    assert_eq!(actor_code(&consults[0].source), Some("CHLGOV"));
    assert_eq!(actor_code(&consults[0].target), Some("PER"));
    // CAMEO still has its host event, Peru hosting Chile.
    assert!(
        events
            .iter()
            .any(|e| e.cameo == "043" && e.plover.is_none()),
        "{events:?}"
    );
}

#[test]
fn parties_agreeing_with_each_other_are_one_compound_plover_actor() {
    let events = code("Kenya and Tanzania agreed to build a railway between their capitals.");
    let agreements = of_type(&events, "AGREE");
    let mut sources: Vec<_> = agreements.iter().map(|e| actor_code(&e.source)).collect();
    sources.sort();
    assert_eq!(sources, [Some("KEN"), Some("TZA")], "{events:?}");
    assert!(agreements.iter().all(|e| e.target.is_none()), "{events:?}");
    // CAMEO's dyads, each party agreeing with the other, are kept without a PLOVER type.
    let dyads = events
        .iter()
        .filter(|e| e.plover.is_none() && e.target.is_some() && e.cameo.starts_with("05"));
    assert_eq!(dyads.count(), 2, "{events:?}");
}

#[test]
fn words_a_pattern_joins_with_underscores_must_be_consecutive() {
    let verbs = "--- RESTORE [064] ---\nRESTORE\n- * FULL_TRADE_TIES [085]\n";
    let coder = coder_from(verbs, SMALL_ACTORS, SMALL_AGENTS);
    let joined = recode("Chile restored full trade ties with Peru.", &coder);
    assert_has(&joined, "CHL", "PER", "085");
    // A word between them breaks the phrase: the verb's own code applies.
    let apart = recode("Chile restored full maritime trade ties with Peru.", &coder);
    assert_has(&apart, "CHL", "PER", "064");
}

#[test]
fn a_historical_date_discards_only_the_clause_it_dates() {
    // "two weeks ago" is on the discard list: it dates the capture, not the release.
    let text = "Peru freed the three Chilean sailors whom its navy had captured two weeks ago.";
    let events = code(text);
    let triggers: Vec<String> = events
        .iter()
        .map(|e| {
            let (start, end) = (e.trigger.start, e.trigger.end);
            text.chars().skip(start).take(end - start).collect()
        })
        .collect();
    assert!(triggers.contains(&"freed".to_string()), "{events:?}");
    assert!(!triggers.contains(&"captured".to_string()), "{events:?}");
    // Dating the main clause, it still discards the sentence's act.
    assert!(code("Peru arrested the Chilean sailors two weeks ago.").is_empty());
}

#[test]
fn a_target_slot_before_the_verb_makes_the_subject_the_target() {
    // `+ * AID FROM $`: the subject receives, the "from" phrase gives.
    let verbs = "--- RECEIVE [070] ---\nRECEIVE {RECEIVES RECEIVED}\n- + * AID FROM $ [073]\n";
    let events = recode_verbs(verbs, "Peru received emergency aid from Chile on Monday.");
    assert_has(&events, "CHL", "PER", "073");
}

#[test]
fn a_slot_after_a_pattern_word_is_the_next_actor() {
    // `+ * TALKS $`: the guest comes after "talks", its "with" hung below "trade".
    let verbs = "--- HOST [043] ---\nHOST {HOSTED HOSTS}\n- + * TALKS $ [042]\n";
    let events = recode_verbs(verbs, "Chile hosted talks on trade with Peru.");
    assert_has(&events, "PER", "CHL", "042");
}

#[test]
fn an_adjective_controlling_a_verb_lends_it_its_subject() {
    let events = code("Chile said it is willing to withdraw its troops from Peru.");
    let retreat = the_one(&events, "RETREAT", "0874");
    assert_eq!(actor_code(&retreat.source), Some("CHL"), "{retreat:?}");
}
