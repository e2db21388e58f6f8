//! Verb senses that the object decides. Many CAMEO verbs say little alone: "eased" codes
//! cooperation, "dismissed" disapproval, "mobilized" a rally, and the dictionary's patterns
//! list only some objects ("eased the curfew" but not "eased emergency measures"). When no
//! pattern of the verb matched, the class of its object picks the sense: easing a
//! restriction is a concession, imposing or extending one is coercion, dismissing an
//! appeal is a rejection, accepting demands is a concession, mobilizing troops is a
//! mobilization.

/// What a verb does to its object, by the verb's stem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Impose,
    Ease,
    Dismiss,
    Accept,
    Mobilize,
    Send,
    /// A light verb whose object noun names the act ("gave a warm welcome").
    Light,
}

/// Irregular past forms among the stems below: matched as whole words, since as prefixes
/// they would catch other verbs ("SENT" would catch "SENTENCED").
const WHOLE_WORDS: [&str; 3] = ["SENT", "GAVE", "MADE"];

/// Verb stems (matched on the start of an upper-case form, irregular past forms whole) and
/// their action.
const ACTIONS: [(&str, Action); 31] = [
    ("IMPOS", Action::Impose),
    ("REIMPOS", Action::Impose),
    ("EXTEND", Action::Impose),
    ("TIGHTEN", Action::Impose),
    ("ENFORC", Action::Impose),
    ("EASE", Action::Ease),
    ("EASING", Action::Ease),
    ("LIFT", Action::Ease),
    ("RELAX", Action::Ease),
    ("LOOSEN", Action::Ease),
    ("SCRAP", Action::Ease),
    ("DISMISS", Action::Dismiss),
    ("REBUFF", Action::Dismiss),
    ("SPURN", Action::Dismiss),
    ("ACCEPT", Action::Accept),
    ("GRANT", Action::Accept),
    ("MOBILI", Action::Mobilize),
    ("MUSTER", Action::Mobilize),
    ("SEND", Action::Send),
    ("SENT", Action::Send),
    ("DISPATCH", Action::Send),
    ("DESPATCH", Action::Send),
    ("GIVE", Action::Light),
    ("GAVE", Action::Light),
    ("ISSU", Action::Light),
    ("ANNOUNC", Action::Light),
    ("MAKE", Action::Light),
    ("MADE", Action::Light),
    ("MAKING", Action::Light),
    ("EXTEND", Action::Light),
    ("DELIVER", Action::Light),
];

/// Nouns naming an act (singular) that a light verb performs, with the act's CAMEO code:
/// a welcome hosts a visit, a suspension of links reduces relations, a reminder that
/// someone must act demands it.
const ACTS: [(&str, &str); 8] = [
    ("WELCOME", "043"),
    ("SUSPENSION", "160"),
    ("REMINDER", "100"),
    ("WARNING", "130"),
    ("APOLOGY", "055"),
    ("PLEDGE", "030"),
    ("PROMISE", "030"),
    ("CONDEMNATION", "111"),
];

/// Restrictions by their noun (singular), with the CAMEO codes of imposing and of easing
/// them.
const RESTRICTIONS: [(&str, &str, &str); 13] = [
    ("CURFEW", "1723", "0813"),
    ("EMERGENCY", "1724", "0814"),
    ("MARTIAL", "1724", "0814"),
    ("BLOCKADE", "191", "0872"),
    ("SIEGE", "191", "0872"),
    ("SANCTION", "163", "085"),
    ("EMBARGO", "163", "085"),
    ("BOYCOTT", "163", "085"),
    ("MEASURE", "172", "081"),
    ("RESTRICTION", "172", "081"),
    ("BAN", "172", "081"),
    ("CONTROL", "172", "081"),
    ("CURB", "172", "081"),
];

/// Nouns of something asked of the verb's subject (singular).
const PROPOSALS: [&str; 11] = [
    "APPEAL",
    "CALL",
    "DEMAND",
    "REQUEST",
    "PROPOSAL",
    "OFFER",
    "INVITATION",
    "PLEA",
    "ULTIMATUM",
    "INITIATIVE",
    "CONDITION",
];

/// The CAMEO code of the upper-case verb form `verb` acting on an object whose head noun
/// and modifiers are `object` (head first, upper case) and whose actor code
/// `object_actor` gives ("---MIL" for "army reservists"; asked for only when needed), if
/// the object's class decides it.
pub fn object_sense(
    verb: &str,
    object: &[&str],
    object_actor: impl FnOnce() -> Option<String>,
) -> Option<&'static str> {
    let mut actions = ACTIONS
        .iter()
        .filter(|(stem, _)| {
            if WHOLE_WORDS.contains(stem) {
                verb == *stem
            } else {
                verb.starts_with(stem)
            }
        })
        .map(|&(_, action)| action)
        .peekable();
    actions.peek()?;
    let singular = |w: &str| w.strip_suffix('S').unwrap_or(w).to_string();
    let words: Vec<String> = object.iter().map(|w| singular(w)).collect();
    let restriction = || {
        words
            .iter()
            .find_map(|w| RESTRICTIONS.iter().find(|(noun, _, _)| noun == w))
    };
    // Only the head says what was asked: "dismissed the opposition's call", not "dismissed
    // a call-centre manager".
    let proposal = words
        .first()
        .is_some_and(|w| PROPOSALS.contains(&w.as_str()));
    let head = words.first().map_or("", String::as_str);
    let mut object_actor = Some(object_actor);
    actions.find_map(|action| match action {
        Action::Impose => restriction().map(|&(_, impose, _)| impose),
        Action::Ease => restriction().map(|&(_, _, ease)| ease),
        Action::Dismiss => proposal.then_some("120"),
        Action::Accept => {
            let demanded = words
                .first()
                .is_some_and(|w| matches!(w.as_str(), "DEMAND" | "CONDITION" | "TERM"));
            demanded.then_some("080")
        }
        Action::Mobilize => {
            let actor = object_actor.take()?()?;
            let sector = actor.get(3..)?;
            if sector.contains("MIL") {
                Some("154")
            } else if sector.contains("COP") {
                Some("153")
            } else {
                None
            }
        }
        // Sending inspectors is investigating.
        Action::Send => matches!(head, "INSPECTOR" | "INVESTIGATOR").then_some("090"),
        Action::Light => ACTS
            .iter()
            .find(|(noun, _)| *noun == head)
            .map(|&(_, code)| code),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easing_and_imposing_restrictions() {
        assert_eq!(
            object_sense("EASED", &["MEASURES", "EMERGENCY"], || None),
            Some("081")
        );
        assert_eq!(
            object_sense("LIFTED", &["CURFEW", "NIGHT"], || None),
            Some("0813")
        );
        assert_eq!(
            object_sense("RELAXES", &["STATE", "EMERGENCY"], || None),
            Some("0814")
        );
        assert_eq!(object_sense("EXTENDED", &["CURFEW"], || None), Some("1723"));
        assert_eq!(
            object_sense("TIGHTEN", &["BLOCKADE", "NAVAL"], || None),
            Some("191")
        );
        // Easing something that restricts nobody keeps the verb's own sense.
        assert_eq!(object_sense("EASED", &["TENSIONS"], || None), None);
        assert_eq!(object_sense("EXTENDED", &["INVITATION"], || None), None);
    }

    #[test]
    fn dismissing_or_accepting_what_was_asked() {
        assert_eq!(object_sense("DISMISSED", &["APPEAL"], || None), Some("120"));
        assert_eq!(object_sense("SPURNS", &["OFFERS"], || None), Some("120"));
        assert_eq!(
            object_sense("DISMISSED", &["MANAGER", "CALL"], || None),
            None
        );
        assert_eq!(object_sense("ACCEPTED", &["DEMANDS"], || None), Some("080"));
        assert_eq!(object_sense("GRANTED", &["TERMS"], || None), Some("080"));
        assert_eq!(object_sense("ACCEPTED", &["AWARD"], || None), None);
    }

    #[test]
    fn light_verbs_take_the_act_their_object_names() {
        assert_eq!(
            object_sense("GAVE", &["WELCOME", "WARM"], || None),
            Some("043")
        );
        assert_eq!(
            object_sense("ANNOUNCED", &["SUSPENSION"], || None),
            Some("160")
        );
        assert_eq!(object_sense("ISSUED", &["REMINDER"], || None), Some("100"));
        assert_eq!(object_sense("ANNOUNCED", &["RESULTS"], || None), None);
        // A verb of two kinds tries both: extending a curfew imposes it, extending a
        // welcome hosts.
        assert_eq!(object_sense("EXTENDED", &["WELCOME"], || None), Some("043"));
        assert_eq!(
            object_sense("DISPATCHED", &["INSPECTORS"], || None),
            Some("090")
        );
        assert_eq!(object_sense("SENT", &["LETTER"], || None), None);
        assert_eq!(object_sense("SENT", &["INSPECTORS"], || None), Some("090"));
        // Sentencing investigators is no investigation.
        assert_eq!(object_sense("SENTENCED", &["INVESTIGATORS"], || None), None);
    }

    #[test]
    fn mobilizing_forces_by_their_sector() {
        let sense = |actor: Option<&str>| {
            object_sense("MOBILIZED", &["RESERVISTS"], || actor.map(String::from))
        };
        assert_eq!(sense(Some("GBRMIL")), Some("154"));
        assert_eq!(sense(Some("---COP")), Some("153"));
        assert_eq!(sense(Some("---EDU")), None);
        assert_eq!(sense(None), None);
        assert_eq!(object_sense("SAID", &["CURFEW"], || None), None);
    }
}
