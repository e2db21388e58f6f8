//! Closed word lists: cue verbs (speech, writing, thought), and the nouns of unnamed
//! sources. All lower case.

use rustc_hash::FxHashSet;
use std::sync::LazyLock;

/// Verbs that introduce what someone said, wrote or holds, as lemmas.
const CUE_LEMMAS: &[&str] = &[
    "say",
    "tell",
    "add",
    "stress",
    "note",
    "warn",
    "insist",
    "claim",
    "write",
    "tweet",
    "conclude",
    "state",
    "announce",
    "explain",
    "argue",
    "report",
    "ask",
    "suggest",
    "declare",
    "acknowledge",
    "admit",
    "reply",
    "respond",
    "confirm",
    "deny",
    "recall",
    "predict",
    "promise",
    "vow",
    "pledge",
    "urge",
    "emphasize",
    "emphasise",
    "believe",
    "think",
    "accuse",
    "complain",
    "contend",
    "assert",
    "maintain",
    "observe",
    "remark",
    "comment",
    "reveal",
    "testify",
    "estimate",
    "agree",
    "caution",
    "concede",
    "allege",
    "answer",
    "boast",
    "charge",
    "counter",
    "demand",
    "disclose",
    "exclaim",
    "hint",
    "indicate",
    "joke",
    "lament",
    "mention",
    "muse",
    "proclaim",
    "protest",
    "quip",
    "recount",
    "reiterate",
    "repeat",
    "retort",
    "scoff",
    "shout",
    "speculate",
    "swear",
    "tout",
    "underline",
    "underscore",
    "whisper",
    "worry",
    "fear",
    "hope",
    "expect",
    "feel",
    "know",
    "show",
    "find",
    "signal",
    "threaten",
    "wonder",
    "question",
    "posit",
    "forecast",
    "inform",
    "assure",
    "remind",
    "advise",
    "post",
    "blog",
    "reckon",
    "guess",
    "imply",
    "acknowledge",
    "brief",
    "clarify",
    "point",
    "continue",
    "elaborate",
    "stipulate",
    "specify",
    "highlight",
    "concur",
    "surmise",
    "theorize",
    "recommend",
    "propose",
    "cry",
    "yell",
    "scream",
    "mutter",
    "snap",
    "fume",
    "gush",
    "sigh",
    "admonish",
    "chide",
    "assume",
    "doubt",
    "suspect",
    "hold",
    "realize",
    "realise",
    "learn",
    "understand",
    "conclude",
    "determine",
    "rule",
    "acknowledge",
    "predict",
    "decide",
    "remark",
    "summarize",
    "summarise",
];

/// Cues that need a clausal content to count: on their own they are ordinary verbs
/// ("continued", "found", "showed", "held").
const CLAUSE_ONLY: &[&str] = &[
    "continue",
    "find",
    "show",
    "hold",
    "point",
    "learn",
    "understand",
    "know",
    "feel",
    "decide",
    "determine",
    "rule",
    "realize",
    "realise",
    "expect",
    "hope",
    "fear",
    "signal",
    "indicate",
    "remind",
    "inform",
    "assume",
    "doubt",
    "suspect",
    "worry",
    "wonder",
    "question",
    "recommend",
    "propose",
    "report",
    "ask",
    "answer",
    "add",
    "note",
    "observe",
    "post",
    "brief",
];

const IRREGULAR: &[(&str, &str)] = &[
    ("said", "say"),
    ("says", "say"),
    ("told", "tell"),
    ("wrote", "write"),
    ("written", "write"),
    ("writing", "write"),
    ("thought", "think"),
    ("felt", "feel"),
    ("knew", "know"),
    ("known", "know"),
    ("found", "find"),
    ("swore", "swear"),
    ("sworn", "swear"),
    ("shown", "show"),
    ("held", "hold"),
    ("learnt", "learn"),
    ("understood", "understand"),
    ("cried", "cry"),
];

/// Verbs whose infinitive complement is what the source wants or commits to ("vowed to
/// fight", "urged Congress to act").
const XCOMP_LEMMAS: &[&str] = &[
    "want",
    "plan",
    "hope",
    "refuse",
    "promise",
    "vow",
    "pledge",
    "urge",
    "seek",
    "decide",
    "agree",
    "threaten",
    "intend",
    "expect",
    "ask",
    "call",
    "tell",
    "encourage",
    "warn",
    "prefer",
    "wish",
    "offer",
    "propose",
    "demand",
    "decline",
    "claim",
    "vote",
    "push",
];

/// Verbs whose object is the content ("praised the bill", "called him a liar").
const OBJECT_LEMMAS: &[&str] = &[
    "call",
    "describe",
    "praise",
    "criticize",
    "criticise",
    "mock",
    "announce",
    "support",
    "endorse",
    "propose",
    "deny",
    "cite",
    "question",
    "blame",
    "accuse",
    "defend",
    "back",
    "oppose",
    "reject",
    "welcome",
    "condemn",
    "denounce",
    "slam",
    "blast",
    "attack",
    "decry",
    "applaud",
    "dismiss",
    "tout",
    "highlight",
    "acknowledge",
    "recommend",
    "predict",
    "promise",
    "pledge",
    "vow",
    "demand",
    "mention",
    "dispute",
    "reveal",
    "favor",
    "favour",
    "prefer",
    "label",
    "dub",
    "characterize",
    "portray",
    "thank",
    "congratulate",
    "want",
    "ask",
    "suggest",
    "confirm",
    "admit",
    "report",
    "discuss",
    "echo",
    "repeat",
    "reiterate",
];

/// Longest lemma in any list (a test checks it), so candidates fit a buffer on the stack.
const MAX_LEMMA: usize = 24;

/// A lemma list as a set: asked at most tokens of every document, several times.
struct LemmaSet(FxHashSet<&'static str>);

impl LemmaSet {
    fn new(list: &[&'static str]) -> Self {
        LemmaSet(list.iter().copied().collect())
    }

    /// The entry spelled `stem` followed by `ending`.
    fn get(&self, stem: &str, ending: &str) -> Option<&'static str> {
        if ending.is_empty() {
            return self.0.get(stem).copied();
        }
        let len = stem.len() + ending.len();
        if len > MAX_LEMMA {
            return None;
        }
        let mut buffer = [0u8; MAX_LEMMA];
        buffer[..stem.len()].copy_from_slice(stem.as_bytes());
        buffer[stem.len()..len].copy_from_slice(ending.as_bytes());
        let joined = std::str::from_utf8(&buffer[..len]).ok()?;
        self.0.get(joined).copied()
    }

    /// The lemma of `form` if it is in the set.
    fn lemma_of(&self, form: &str) -> Option<&'static str> {
        if let Some(&(_, lemma)) = IRREGULAR.iter().find(|(f, _)| *f == form) {
            return self.0.get(lemma).copied();
        }
        if let Some(lemma) = self.get(form, "") {
            return Some(lemma);
        }
        for (suffix, endings) in [
            ("ies", &["y"][..]),
            ("ied", &["y"][..]),
            ("ing", &["", "e"][..]),
            ("es", &["", "e"][..]),
            ("ed", &["", "e"][..]),
            ("s", &[""][..]),
        ] {
            let Some(stem) = form.strip_suffix(suffix) else {
                continue;
            };
            if let Some(lemma) = endings.iter().find_map(|ending| self.get(stem, ending)) {
                return Some(lemma);
            }
            // "committed" -> "commit": a doubled final consonant.
            let b = stem.as_bytes();
            // ASCII only: the bytes of one multi-byte character may repeat too.
            if b.len() > 2 && b[b.len() - 1] == b[b.len() - 2] && b[b.len() - 1].is_ascii() {
                if let Some(lemma) = self.get(&stem[..stem.len() - 1], "") {
                    return Some(lemma);
                }
            }
        }
        None
    }
}

static CUES: LazyLock<LemmaSet> = LazyLock::new(|| LemmaSet::new(CUE_LEMMAS));
static XCOMP_CUES: LazyLock<LemmaSet> = LazyLock::new(|| LemmaSet::new(XCOMP_LEMMAS));
static OBJECT_CUES: LazyLock<LemmaSet> = LazyLock::new(|| LemmaSet::new(OBJECT_LEMMAS));

pub fn cue_lemma(form: &str) -> Option<&'static str> {
    CUES.lemma_of(form)
}

/// The lemma of a verb whose infinitive complement is a content.
pub fn xcomp_lemma(form: &str) -> Option<&'static str> {
    XCOMP_CUES.lemma_of(form)
}

/// The lemma of a verb whose object is a content.
pub fn object_lemma(form: &str) -> Option<&'static str> {
    OBJECT_CUES.lemma_of(form)
}

/// Whether the cue counts only with a clause or a quotation as its content.
pub fn needs_clause(lemma: &str) -> bool {
    CLAUSE_ONLY.contains(&lemma)
}

/// Verbs of saying proper, whose clause usually follows them directly ("said the plan
/// failed"): what a missed complement can be recovered for.
pub fn is_speech(lemma: &str) -> bool {
    matches!(
        lemma,
        "say"
            | "tell"
            | "claim"
            | "argue"
            | "insist"
            | "warn"
            | "stress"
            | "note"
            | "add"
            | "explain"
            | "believe"
            | "think"
            | "contend"
            | "assert"
            | "suggest"
            | "acknowledge"
            | "admit"
            | "announce"
            | "declare"
            | "predict"
            | "write"
            | "confirm"
            | "emphasize"
            | "emphasise"
            | "reiterate"
            | "concede"
            | "recall"
            | "tweet"
    )
}

/// Whether a cue attributes a clause standing beside it rather than under it ("..., the
/// agency reported.", "As the agency reported, ..."): verbs of saying, cues that need no
/// clause, and those of reports, findings and remarks ("pointed out"); the other verbs that report only with a
/// clause ("continue", "know", "rule") are ordinary verbs there.
pub fn attributes_beside_its_content(lemma: &str) -> bool {
    is_speech(lemma)
        || !needs_clause(lemma)
        || matches!(lemma, "report" | "find" | "show" | "point" | "observe")
}

/// Verbs that report an utterance, never a state of mind: a second one coordinated with a
/// content ("... and added ...") starts another statement.
pub fn is_saying(lemma: &str) -> bool {
    let state_of_mind = matches!(
        lemma,
        "believe" | "think" | "predict" | "suggest" | "recall" | "maintain" | "contend"
    );
    (is_speech(lemma) && !state_of_mind) || matches!(lemma, "deny" | "ask" | "reply" | "respond")
}

/// Whether a cue verb's object can be what the source holds or says: not for "held a
/// rally", "felt the pressure", "maintained a lead" (on PolNeAR's development part
/// such objects were attributions less than one time in three).
pub fn object_can_be_content(lemma: &str) -> bool {
    !matches!(lemma, "hold" | "feel" | "maintain")
}

/// Subordinators of a condition or a reason, which open a reported clause ("said if
/// elected he would ...") rather than say when or how it was said.
pub fn is_condition_or_reason(lower: &str) -> bool {
    matches!(
        lower,
        "if" | "unless" | "because" | "although" | "though" | "once" | "since"
    )
}

/// Nouns for what a source produced or gave ("an analysis by X", "interviews with X").
pub fn is_document(lower: &str) -> bool {
    matches!(
        lower,
        "analysis"
            | "interview"
            | "interviews"
            | "speech"
            | "post"
            | "review"
            | "report"
            | "reports"
            | "survey"
            | "poll"
            | "study"
            | "statement"
            | "estimate"
            | "estimates"
            | "letter"
            | "memo"
            | "email"
            | "emails"
            | "tweet"
            | "testimony"
            | "conversation"
            | "conversations"
    )
}

/// Words for a poll, whose findings are reported as its statements.
pub fn is_poll(lower: &str) -> bool {
    matches!(lower, "poll" | "polls" | "polling" | "survey" | "surveys")
}

/// Verbs that take a stance through a preposition, with the cue's name.
const PREPOSITIONAL_CUES: &[(&str, &str, &str)] = &[
    ("call", "for", "call for"),
    ("push", "for", "push for"),
    ("argue", "for", "argue for"),
    ("advocate", "for", "advocate for"),
    ("appeal", "for", "appeal for"),
    ("refer", "to", "refer to"),
    ("point", "to", "point to"),
    ("allude", "to", "allude to"),
    ("object", "to", "object to"),
    ("focus", "on", "focus on"),
];

/// The verbs of [`PREPOSITIONAL_CUES`], by their preposition.
static VERBS_BY_PREPOSITION: LazyLock<Vec<(&str, LemmaSet)>> = LazyLock::new(|| {
    let mut prepositions: Vec<&str> = PREPOSITIONAL_CUES.iter().map(|&(_, p, _)| p).collect();
    prepositions.sort_unstable();
    prepositions.dedup();
    prepositions
        .into_iter()
        .map(|preposition| {
            let verbs: Vec<&'static str> = PREPOSITIONAL_CUES
                .iter()
                .filter(|&&(_, p, _)| p == preposition)
                .map(|&(v, _, _)| v)
                .collect();
            (preposition, LemmaSet::new(&verbs))
        })
        .collect()
});

/// The cue named by a verb form and the preposition after it ("called" + "for").
pub fn prepositional_cue(form: &str, preposition: &str) -> Option<&'static str> {
    let (_, verbs) = VERBS_BY_PREPOSITION
        .iter()
        .find(|(p, _)| *p == preposition)?;
    let verb = verbs.lemma_of(form)?;
    PREPOSITIONAL_CUES
        .iter()
        .find(|(v, p, _)| *v == verb && *p == preposition)
        .map(|(_, _, cue)| *cue)
}

/// Cues whose quotes were mostly wrong on PolNeAR's development part (under a third of
/// them matched a gold attribution): "attacked X", "focused on X", "advised", "held that",
/// "X means Y" are more often narration than a source's stance.
pub fn is_unreliable(cue_lemma: &str) -> bool {
    matches!(
        cue_lemma,
        "attack"
            | "advise"
            | "focus on"
            | "favor"
            | "maintain"
            | "hold"
            | "assume"
            | "feel"
            | "guess"
            | "means"
            | "mean"
            | "meaning"
            | "vote"
            | "ensure"
            | "has"
            | "prove"
    )
}

/// "declined to comment", "refused to say whether ...": the refusal is the cue and what
/// was refused its content (PolNeAR annotates it so), not the speech verb under it.
pub fn is_refusal(form: &str) -> bool {
    matches!(xcomp_lemma(form), Some("decline" | "refuse"))
}

/// "X seemed to Y", "X appears tired": an impression nobody is named for.
pub fn is_seeming(form: &str) -> bool {
    matches!(
        form,
        "seem" | "seems" | "seemed" | "appear" | "appears" | "appeared"
    )
}

/// Whether a verb form is a simple past: regular "-ed" or a common irregular past. Used to
/// match a coordinated verb's tense with the cue's ("said X and urged Y").
pub fn is_past_form(lower: &str) -> bool {
    (lower.len() > 4 && lower.ends_with("ed"))
        || matches!(
            lower,
            "said"
                | "told"
                | "wrote"
                | "thought"
                | "felt"
                | "knew"
                | "found"
                | "swore"
                | "took"
                | "gave"
                | "made"
                | "spoke"
                | "sent"
                | "brought"
                | "kept"
                | "sought"
                | "won"
                | "lost"
                | "went"
                | "came"
                | "saw"
                | "met"
        )
}

/// Cue verbs whose object is the person addressed ("told reporters", "asked him"), not
/// the speaker placed after the verb.
pub fn takes_addressee(lemma: &str) -> bool {
    matches!(
        lemma,
        "tell" | "ask" | "inform" | "remind" | "assure" | "advise" | "urge" | "brief" | "warn"
    )
}

/// Days, months and moments: adverbials of time that a parse can mistake for the subject
/// of a cue ("the win Tuesday, Sanders said").
pub fn is_time_word(lower: &str) -> bool {
    matches!(
        lower,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "today"
            | "yesterday"
            | "tonight"
            | "tomorrow"
            | "january"
            | "february"
            | "march"
            | "april"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "week"
            | "month"
            | "year"
            | "morning"
            | "afternoon"
            | "evening"
            | "night"
    )
}

/// Words that start a sentence with a capital without naming anyone ("But said", "Also
/// said"): never a speaker, whatever the tagger made of them.
pub fn is_function_word(lower: &str) -> bool {
    matches!(
        lower,
        "but"
            | "and"
            | "or"
            | "so"
            | "also"
            | "then"
            | "now"
            | "later"
            | "earlier"
            | "once"
            | "still"
            | "yet"
            | "it"
            | "this"
            | "that"
            | "there"
            | "what"
            | "who"
            | "which"
            | "when"
            | "as"
            | "if"
            | "has"
            | "had"
            | "have"
            | "was"
            | "is"
            | "will"
            | "would"
            | "not"
            | "never"
            | "just"
            | "only"
            | "previously"
            | "recently"
            | "again"
            | "however"
            | "meanwhile"
            | "instead"
            | "finally"
            | "first"
    )
}

/// Head nouns of a source described but not named.
/// Bodies and groups named after a person ("Marco Rubio's campaign", "the Trump
/// administration", "Cruz's lawyers"): they speak for the person but are not the person.
pub fn is_body_of_person(lower: &str) -> bool {
    matches!(
        lower,
        "campaign"
            | "campaigns"
            | "camp"
            | "team"
            | "office"
            | "administration"
            | "staff"
            | "family"
            | "lawyers"
            | "attorneys"
            | "allies"
            | "fans"
            | "defenders"
            | "backers"
            | "surrogates"
    )
}

pub fn is_anonymous_head(lower: &str) -> bool {
    matches!(
        lower,
        "source"
            | "sources"
            | "official"
            | "officials"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "representative"
            | "aide"
            | "aides"
            | "insider"
            | "insiders"
            | "person"
            | "people"
            | "witness"
            | "witnesses"
            | "resident"
            | "residents"
            | "analyst"
            | "analysts"
            | "expert"
            | "experts"
            | "diplomat"
            | "diplomats"
            | "observer"
            | "observers"
            | "activist"
            | "activists"
            | "staffer"
            | "staffers"
            | "adviser"
            | "advisers"
            | "advisor"
            | "advisors"
            | "someone"
            | "critics"
            | "supporters"
            | "officer"
            | "officers"
            | "lawmaker"
            | "lawmakers"
    )
}

/// Role nouns that name a person by office ("the president", "Kazakh president").
pub fn is_role(lower: &str) -> bool {
    matches!(
        lower,
        "president"
            | "minister"
            | "premier"
            | "chancellor"
            | "secretary"
            | "governor"
            | "mayor"
            | "senator"
            | "sen."
            | "rep."
            | "congressman"
            | "congresswoman"
            | "candidate"
            | "leader"
            | "chairman"
            | "chairwoman"
            | "chief"
            | "director"
            | "king"
            | "queen"
            | "pope"
            | "general"
            | "gen."
            | "commander"
            | "ambassador"
            | "judge"
            | "prosecutor"
            | "attorney"
            | "ceo"
            | "speaker"
            | "justice"
            | "gov."
            | "coach"
            | "billionaire"
            | "mogul"
            | "businessman"
            | "nominee"
            | "frontrunner"
            | "front-runner"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lemma_fits_the_candidate_buffer() {
        let prepositional = PREPOSITIONAL_CUES.iter().map(|&(v, _, _)| v);
        for lemma in CUE_LEMMAS
            .iter()
            .chain(XCOMP_LEMMAS)
            .chain(OBJECT_LEMMAS)
            .copied()
            .chain(prepositional)
        {
            assert!(lemma.len() <= MAX_LEMMA, "{lemma}");
        }
    }

    /// The doubled-consonant step compares bytes: a character whose last two bytes are
    /// equal must not be cut in half.
    #[test]
    fn multibyte_words_are_not_cut_inside_a_character() {
        assert_eq!(cue_lemma("丸s"), None);
        assert_eq!(cue_lemma("丸ed"), None);
    }

    #[test]
    fn inflected_forms_find_their_lemma() {
        for (form, lemma) in [
            ("said", "say"),
            ("saying", "say"),
            ("tweeted", "tweet"),
            ("noted", "note"),
            ("noting", "note"),
            ("admitted", "admit"),
            ("replied", "reply"),
            ("denies", "deny"),
            ("stresses", "stress"),
            ("insisted", "insist"),
            ("wrote", "write"),
            ("concluded", "conclude"),
            ("warns", "warn"),
        ] {
            assert_eq!(cue_lemma(form), Some(lemma), "{form}");
        }
        for form in ["sad", "table", "militants", "president", "bed"] {
            assert_eq!(cue_lemma(form), None, "{form}");
        }
    }

    #[test]
    fn prepositional_cues_need_their_preposition() {
        assert_eq!(prepositional_cue("called", "for"), Some("call for"));
        assert_eq!(prepositional_cue("pointing", "to"), Some("point to"));
        assert_eq!(prepositional_cue("refers", "to"), Some("refer to"));
        assert_eq!(prepositional_cue("called", "to"), None);
        assert_eq!(prepositional_cue("walked", "for"), None);
    }

    #[test]
    fn days_are_time_words_and_tell_has_an_addressee() {
        assert!(is_time_word("tuesday") && is_time_word("tonight"));
        assert!(!is_time_word("trump") && !is_time_word("may"));
        assert!(takes_addressee("tell") && !takes_addressee("say"));
        assert!(!object_can_be_content("hold") && object_can_be_content("praise"));
    }
}
