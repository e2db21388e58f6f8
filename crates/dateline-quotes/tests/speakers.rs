//! Speaker names end to end, from text through the language core to the quotes: how a
//! speaker written with titles, an office or a role is named.

use dateline_document::{Document, Quote};
use dateline_pipeline::Pipeline;

fn quotes(text: &str) -> Vec<Quote> {
    let pipeline = Pipeline::load(&Pipeline::default_models_dir()).expect("models/");
    let mut doc = Document {
        text: text.to_string(),
        ..Default::default()
    };
    pipeline.annotate(&mut doc, None);
    doc.quotes
}

fn names(quotes: &[Quote]) -> Vec<Option<&str>> {
    quotes.iter().map(|q| q.speaker_name.as_deref()).collect()
}

#[test]
fn speakers_are_named_without_titles_and_offices_through_their_holders() {
    let found = quotes("Major General Fuad Karim, the army spokesman, said the troops would stay.");
    assert_eq!(names(&found), vec![Some("Fuad Karim")], "{found:#?}");
    // The recogniser takes "Kenya's Prime Minister" for a person; the apposition names her.
    let found = quotes(
        "Discussing the dispute in a public statement, Kenya's Prime Minister, Amina Odhiambo \
         said, \"We are in contact with all the parties involved.\"",
    );
    assert!(!found.is_empty());
    assert!(
        names(&found).iter().all(|&n| n == Some("Amina Odhiambo")),
        "{found:#?}"
    );
}

#[test]
fn a_role_with_its_own_modifiers_is_not_the_last_speaker() {
    let found = quotes(
        "\"The fighters failed,\" Colonel Ahmed Salem told reporters.\n\n\
         The president of the Tuscany region said the plan was a mistake.",
    );
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].speaker_name.as_deref(), Some("Ahmed Salem"));
    assert_eq!(found[1].speaker_name, None, "{found:#?}");
}

#[test]
fn a_body_named_after_a_person_speaks_for_itself() {
    let found = quotes(
        "\"We are confident about Iowa,\" Marco Rubio's campaign said in a statement.\n\n\
         Rubio told reporters that the race was still open.",
    );
    assert_eq!(
        names(&found),
        vec![Some("Marco Rubio's campaign"), Some("Marco Rubio")],
        "{found:#?}"
    );
    assert_eq!(found[0].speaker_entity, None);
}

#[test]
fn an_acronym_speaks_for_the_organisation_it_abbreviates() {
    let found = quotes(
        "Iodine deficiency is rising in poor countries, the World Health Organisation warned.\n\n\
         WHO says children are most at risk.",
    );
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(
        found[1].speaker_name.as_deref(),
        Some("World Health Organisation"),
        "{found:#?}"
    );
}

#[test]
fn a_group_described_by_a_party_goes_by_its_description() {
    let found = quotes("Republican strategists said the senator would win the state easily.");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].speaker_name.as_deref(),
        Some("Republican strategists"),
        "{found:#?}"
    );
}
