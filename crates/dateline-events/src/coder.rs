//! The coder: finds dictionary verbs in each sentence, picks the most specific pattern
//! matching the verb's dependency subtree, and takes the actors from the verb's arguments
//! (nsubj/obj/obl, passives, xcomp control), resolving pronouns through coreference.
//!
//! Verb combinations follow PETRARCH2's idea in dependency terms: a verb of intent, appeal,
//! demand, refusal or threat governing a coded xcomp ("refused to negotiate") codes one
//! event whose sub-category comes from the lower verb. A negated cooperative act ("won't
//! negotiate") is a refusal; an announced attack ("will be destroyed") is a threat by the
//! speaker; other negated, modal and future clauses keep their code but carry flags.

use crate::senses::object_sense;
use crate::verbs::{Code, Element, Pattern, Term, VerbForm};
use crate::words::normalise;
use crate::Dictionaries;
use chrono::NaiveDate;
use dateline_document::{
    BlockKind, Document, EntityLabel, Event, EventActor, EventPlace, MentionKind, Resolution, Span,
    TimexKind, Upos,
};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::rc::Rc;

/// The dictionaries, ready to code documents (shared read-only by every thread).
pub struct Coder {
    dict: Dictionaries,
    patterns: NumberedPatterns,
}

/// The verb patterns with every word replaced by a number, so matching a pattern against a
/// sentence compares integers the sentence's tokens were looked up to once, instead of
/// strings (pattern matching is most of the coder's time).
struct NumberedPatterns {
    /// Every word of a pattern or synset.
    vocabulary: FxHashMap<String, u32>,
    /// The phrases of [`Verbs::synsets`](crate::Verbs::synsets) in numbers, keyed by synset
    /// and first word, so a token is compared only with the phrases it can start.
    synset_phrases: FxHashMap<(usize, u32), Vec<Vec<u32>>>,
    /// Whether a synset holds an empty phrase (which matches anywhere, with length 0).
    synset_has_empty: Vec<bool>,
    /// Per verb block, its patterns' terms in the block's pattern order.
    blocks: Vec<Vec<NumberedPattern>>,
}

/// Terms with whether each is joined to the one before ([`Element`](crate::verbs::Element)).
struct NumberedPattern {
    before: Vec<(NumberedTerm, bool)>,
    after: Vec<(NumberedTerm, bool)>,
}

enum NumberedTerm {
    Word(u32),
    Synset(usize),
}

impl NumberedPatterns {
    fn new(dict: &Dictionaries) -> NumberedPatterns {
        let mut vocabulary = FxHashMap::default();
        let mut number = |word: &str| {
            let next = vocabulary.len() as u32;
            *vocabulary.entry(word.to_string()).or_insert(next)
        };
        let mut synset_phrases: FxHashMap<(usize, u32), Vec<Vec<u32>>> = FxHashMap::default();
        let mut synset_has_empty = vec![false; dict.verbs.synsets.len()];
        for (id, phrases) in dict.verbs.synsets.iter().enumerate() {
            for phrase in phrases {
                let numbers: Vec<u32> = phrase.iter().map(|w| number(w)).collect();
                match numbers.first() {
                    Some(&first) => synset_phrases.entry((id, first)).or_default().push(numbers),
                    None => synset_has_empty[id] = true,
                }
            }
        }
        let mut terms = |elements: &[Element]| -> Vec<(NumberedTerm, bool)> {
            elements
                .iter()
                .map(|e| {
                    let term = match &e.term {
                        Term::Word(w) => NumberedTerm::Word(number(w)),
                        Term::Synset(id) => NumberedTerm::Synset(*id),
                    };
                    (term, e.joined)
                })
                .collect()
        };
        let blocks = dict
            .verbs
            .blocks
            .iter()
            .map(|block| {
                block
                    .patterns
                    .iter()
                    .map(|p| NumberedPattern {
                        before: terms(&p.before),
                        after: terms(&p.after),
                    })
                    .collect()
            })
            .collect();
        NumberedPatterns {
            vocabulary,
            synset_phrases,
            synset_has_empty,
            blocks,
        }
    }
}

/// Replaces `doc.events` with the events `coder` finds; `dct` is the document date used
/// when a sentence has no date of its own.
pub fn annotate(doc: &mut Document, coder: &Coder, dct: Option<NaiveDate>) {
    doc.events = coder.code(doc, dct);
}

const NEGATIONS: [&str; 5] = ["NOT", "N'T", "NEVER", "NO", "NT"];
const MODALS: [&str; 7] = ["WOULD", "COULD", "MIGHT", "MAY", "SHOULD", "MUST", "CAN"];
const FUTURES: [&str; 4] = ["WILL", "SHALL", "'LL", "WO"];
const CONDITIONS: [&str; 3] = ["IF", "UNLESS", "WHETHER"];
/// Verbs whose clausal complement did not happen ("failed to prevent").
const FAILURES: [&str; 4] = ["FAIL", "FAILS", "FAILED", "FAILING"];
/// Deprels that start a clause of its own: pattern words are not looked for inside them.
const CLAUSES: [&str; 7] = [
    "ccomp",
    "parataxis",
    "advcl",
    "csubj",
    "acl:relcl",
    "conj",
    "list",
];
/// Deprels that stay inside a noun phrase naming an actor (`nmod:desc` is the parser's
/// title before a name: "President Bush").
const NP_PARTS: [&str; 11] = [
    "compound",
    "nmod:desc",
    "flat",
    "flat:name",
    "amod",
    "nmod:poss",
    "case",
    "det",
    "nummod",
    "compound:prt",
    "nmod",
];

/// One dictionary verb found in a sentence, before actors are attached.
#[derive(Debug, Clone)]
struct Candidate {
    verb: usize,
    /// The verb block of the dictionary the trigger belongs to.
    block: usize,
    /// Last token of the trigger (particles of a multi-word verb included).
    trigger_end: usize,
    code: Code,
    pattern_len: usize,
    source_prep: Option<String>,
    target_prep: Option<String>,
    subject_is_target: bool,
    /// Tokens a matched pattern used, so a combined lower verb is not coded twice.
    used: Vec<usize>,
    /// A verb like "refuse" that codes nothing alone, only with a coded complement.
    needs_complement: bool,
    /// The CAMEO code of the act a combined threat is about ("prepared to impose martial
    /// law": 1724), which gives the threat its PLOVER mode.
    threatened: Option<String>,
}

/// Per-document views the coder needs: upper-case words, children, token -> entity.
struct View<'a> {
    doc: &'a Document,
    upper: Vec<String>,
    /// Each token's number in the pattern vocabulary, and the number of the word it is the
    /// regular plural of ("TROOPS" -> "TROOP"): a pattern word matches either.
    word_number: Vec<Option<u32>>,
    singular_number: Vec<Option<u32>>,
    /// A compound or adjective modifier that names an actor: never a pattern's final word.
    actor_modifier: Vec<bool>,
    /// The parse's heads and relations after [`repair_split_names`].
    heads: Vec<Option<usize>>,
    deprels: Vec<&'a str>,
    children: Vec<Vec<usize>>,
    entity_of: FxHashMap<usize, usize>,
    spans: Vec<Span>,
    /// Token lies inside a multi-token PER/ORG/MISC name found by the recogniser.
    in_long_name: Vec<bool>,
    /// [`View::clause`] and [`Coder::actor`] results: several readings, events and role
    /// searches ask for the same ones.
    clauses: RefCell<FxHashMap<usize, Rc<[usize]>>>,
    actors: RefCell<FxHashMap<ActorKey, Option<EventActor>>>,
}

/// Two subjects of one verb with nothing between them but words of a name ("Bree Prime
/// Minister Romendacil will meet", parsed as subjects "Bree" and "Prime Minister
/// Romendacil") are one phrase: the first becomes a compound of the second, so the actor is
/// the whole name (BREGOV, not BRE).
fn repair_split_names(
    doc: &Document,
    upper: &[String],
    heads: &mut [Option<usize>],
    deprels: &mut [&str],
) {
    let nominal = |t: usize| matches!(doc.tokens[t].upos, Some(Upos::Noun | Upos::Propn));
    for first in 0..heads.len() {
        if deprels[first] != "nsubj" || !nominal(first) {
            continue;
        }
        let Some(head) = heads[first] else { continue };
        // The next subject of the same verb, the words between it and `first` all inside
        // its own phrase (no comma, conjunction or other word of the clause).
        let second = (first + 1..head.min(heads.len()))
            .find(|&k| heads[k] == Some(head) && deprels[k] == "nsubj");
        let Some(second) = second.filter(|&k| nominal(k)) else {
            continue;
        };
        let joined = (first + 1..second).all(|t| {
            let mut at = t;
            for _ in 0..4 {
                match heads[at] {
                    Some(h) if h == second => return upper[t] != "," && upper[t] != "AND",
                    Some(h) if h > first && h < second => at = h,
                    _ => return false,
                }
            }
            false
        });
        if joined {
            heads[first] = Some(second);
            deprels[first] = "compound";
        }
    }
    // "..., the official news agency WFNA said": a description right before the name it
    // introduces, hung as an apposition of an earlier noun, is that name's description.
    for name in 1..heads.len() {
        let description = name - 1;
        if deprels[name] == "nsubj"
            && doc.tokens[name].upos == Some(Upos::Propn)
            && deprels[description] == "appos"
            && doc.tokens[description].upos == Some(Upos::Noun)
            && heads[description].is_some_and(|h| h < description)
        {
            heads[description] = Some(name);
            deprels[description] = "compound";
        }
    }
}

/// Words of a day that newswire puts between the subject and the verb ("Peru today
/// threatened ..."), where the parser reads the subject as the day's modifier.
const DAY_WORDS: [&str; 10] = [
    "TODAY",
    "YESTERDAY",
    "TONIGHT",
    "MONDAY",
    "TUESDAY",
    "WEDNESDAY",
    "THURSDAY",
    "FRIDAY",
    "SATURDAY",
    "SUNDAY",
];

/// Two newswire misparses undone: the subject hung as a compound of the day word after it
/// ("Peru/compound today/obl threatened") becomes the verb's subject again, and a
/// to-infinitive right after its verb ("threatened to cut") is the verb's complement
/// (xcomp), not an adverbial clause of purpose.
fn repair_newswire(
    doc: &Document,
    upper: &[String],
    heads: &mut [Option<usize>],
    deprels: &mut [&str],
) {
    for day in 1..heads.len() {
        let Some(verb) = heads[day] else { continue };
        if !DAY_WORDS.contains(&upper[day].as_str())
            || !matches!(doc.tokens[verb].upos, Some(Upos::Verb))
        {
            continue;
        }
        let name = day - 1;
        let has_subject = (0..heads.len())
            .any(|k| k != day && heads[k] == Some(verb) && deprels[k].starts_with("nsubj"));
        if heads[name] == Some(day)
            && deprels[name] == "compound"
            && matches!(doc.tokens[name].upos, Some(Upos::Propn | Upos::Noun))
            && (deprels[day] == "nsubj" || !has_subject)
        {
            heads[name] = Some(verb);
            deprels[name] = "nsubj";
            deprels[day] = "obl:unmarked";
        }
    }
    for v in 2..heads.len() {
        let Some(verb) = heads[v].filter(|&h| h + 1 < v) else {
            continue;
        };
        // Only a day word may stand between ("threatened today to impose").
        let adjacent = (verb + 1..v - 1).all(|k| DAY_WORDS.contains(&upper[k].as_str()));
        if deprels[v] == "advcl"
            && adjacent
            && upper[v - 1] == "TO"
            && heads[v - 1] == Some(v)
            && matches!(doc.tokens[verb].upos, Some(Upos::Verb))
        {
            deprels[v] = "xcomp";
        }
    }
}

/// An actor's phrase head and the date its codes are looked up for.
type ActorKey = (usize, Option<NaiveDate>);

impl<'a> View<'a> {
    fn new(doc: &'a Document, coder: &Coder) -> View<'a> {
        let upper: Vec<String> = doc
            .tokens
            .iter()
            .map(|t| normalise(doc.slice(t.span)))
            .collect();
        let vocabulary = &coder.patterns.vocabulary;
        let word_number = upper.iter().map(|u| vocabulary.get(u).copied()).collect();
        let singular_number = upper
            .iter()
            .map(|u| vocabulary.get(u.strip_suffix('S')?).copied())
            .collect();
        let mut heads: Vec<Option<usize>> = doc
            .tokens
            .iter()
            .map(|t| t.head.filter(|&h| h < doc.tokens.len()))
            .collect();
        let mut deprels: Vec<&str> = doc
            .tokens
            .iter()
            .map(|t| t.deprel.as_deref().unwrap_or(""))
            .collect();
        repair_split_names(doc, &upper, &mut heads, &mut deprels);
        repair_newswire(doc, &upper, &mut heads, &mut deprels);
        let actor_modifier = deprels
            .iter()
            .zip(&upper)
            .map(|(rel, u)| matches!(*rel, "compound" | "amod") && coder.names_actor(u))
            .collect();
        let mut children = vec![Vec::new(); doc.tokens.len()];
        for (i, head) in heads.iter().enumerate() {
            if let Some(h) = *head {
                children[h].push(i);
            }
        }
        let spans: Vec<Span> = doc.tokens.iter().map(|t| t.span).collect();
        let mut entity_of = FxHashMap::default();
        for entity in &doc.entities {
            for mention in &entity.mentions {
                let first = spans.partition_point(|s| s.end <= mention.span.start);
                for (i, span) in spans.iter().enumerate().skip(first) {
                    if span.start >= mention.span.end {
                        break;
                    }
                    entity_of.entry(i).or_insert(entity.id);
                }
            }
        }
        let mut in_long_name = vec![false; doc.tokens.len()];
        for m in &doc.mentions {
            if m.label != EntityLabel::Loc && m.tokens.1 > m.tokens.0 + 1 {
                for flag in in_long_name.iter_mut().take(m.tokens.1).skip(m.tokens.0) {
                    *flag = true;
                }
            }
        }
        View {
            doc,
            upper,
            word_number,
            singular_number,
            actor_modifier,
            heads,
            deprels,
            children,
            entity_of,
            spans,
            in_long_name,
            clauses: RefCell::default(),
            actors: RefCell::default(),
        }
    }

    /// The tokens of the clause `v` heads: its subtree without the clauses inside it.
    fn clause(&self, v: usize) -> Rc<[usize]> {
        if let Some(clause) = self.clauses.borrow().get(&v) {
            return clause.clone();
        }
        // A reporting verb with its own subject heads a clause of its own however the
        // parser hangs it ("established ties with and opened an embassy in Tehran, the
        // foreign ministry said" with "said" on "ties"): who reports is not in the event.
        let clause: Rc<[usize]> = self
            .subtree(v, &|k| {
                CLAUSES.contains(&self.deprel(k))
                    || (is_reporting(self, k) && self.child(k, &["nsubj"]).is_some())
            })
            .into();
        self.clauses.borrow_mut().insert(v, clause.clone());
        clause
    }

    fn deprel(&self, i: usize) -> &str {
        self.deprels[i]
    }

    fn upos(&self, i: usize) -> Option<Upos> {
        self.doc.tokens[i].upos
    }

    fn head(&self, i: usize) -> Option<usize> {
        self.heads[i]
    }

    fn child(&self, i: usize, rels: &[&str]) -> Option<usize> {
        self.children[i]
            .iter()
            .copied()
            .find(|&c| rels.contains(&self.deprel(c)))
    }

    fn has_child_word(&self, i: usize, words: &[&str]) -> bool {
        self.children[i]
            .iter()
            .any(|&c| words.contains(&self.upper[c].as_str()))
    }

    /// Tokens under `i` (itself included), not descending into the children `stop`
    /// rejects, in text order.
    fn subtree(&self, i: usize, stop: &dyn Fn(usize) -> bool) -> Vec<usize> {
        let mut out = vec![i];
        let mut stack = vec![i];
        while let Some(t) = stack.pop() {
            for &c in &self.children[t] {
                if !stop(c) && !out.contains(&c) {
                    out.push(c);
                    stack.push(c);
                }
            }
        }
        out.sort_unstable();
        out
    }
}

impl Coder {
    pub fn new(dict: Dictionaries) -> Coder {
        let patterns = NumberedPatterns::new(&dict);
        Coder { dict, patterns }
    }

    pub fn dictionaries(&self) -> &Dictionaries {
        &self.dict
    }

    /// The events of `doc`, sentence by sentence, in text order.
    pub fn code(&self, doc: &Document, dct: Option<NaiveDate>) -> Vec<Event> {
        if doc.tokens.is_empty()
            || doc
                .tokens
                .iter()
                .all(|t| t.head.is_none() && t.deprel.is_none())
        {
            return Vec::new();
        }
        if self.dict.discards.check(&doc.text) == Some(crate::Discarded::Story) {
            return Vec::new();
        }
        let view = View::new(doc, self);
        let boilerplate: Vec<Span> = doc
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Boilerplate)
            .map(|b| b.span)
            .collect();
        let mut events = Vec::new();
        for sentence in &doc.sentences {
            if boilerplate.iter().any(|b| b.contains(sentence.span)) {
                continue;
            }
            let mut dated = Vec::new();
            if self.dict.discards.check(doc.slice(sentence.span)).is_some() {
                match self.only_dating_discards(&view, sentence.span, sentence.tokens) {
                    Some(verbs) => dated = verbs,
                    None => continue,
                }
            }
            let mut coded = Vec::new();
            self.code_sentence(&view, sentence.span, sentence.tokens, dct, &mut coded);
            coded.retain(|e| {
                !dated
                    .iter()
                    .any(|&v| e.trigger.start == view.spans[v].start)
            });
            events.append(&mut coded);
        }
        events
    }

    /// The discard list's dates ("years ago", "1945", "months later") mark history, which
    /// PETRARCH drops with the whole sentence. When every discard phrase of a sentence lies
    /// in a time expression, only the clauses those expressions date are history ("will
    /// release the minister, whom they had taken hostage two weeks ago"): returns the
    /// verbs they date, or `None` when some other phrase (a sport, a film) discards it.
    fn only_dating_discards(
        &self,
        view: &View,
        sentence: Span,
        (first, last): (usize, usize),
    ) -> Option<Vec<usize>> {
        let timexes: Vec<Span> = view
            .doc
            .timexes
            .iter()
            .map(|t| t.span)
            .filter(|t| sentence.contains(*t))
            .collect();
        if timexes.is_empty() {
            return None;
        }
        let undated: String = view
            .doc
            .slice(sentence)
            .chars()
            .zip(sentence.start..)
            .map(|(c, i)| {
                if timexes.iter().any(|t| t.start <= i && i < t.end) {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        if self.dict.discards.check(&undated).is_some() {
            return None;
        }
        // The verb a time expression hangs on, through the nouns it may modify ("property
        // seized by forces in the 1970s").
        let verbs = (first..last)
            .filter(|&t| {
                let inside = |k: usize| timexes.iter().any(|x| x.contains(view.spans[k]));
                inside(t) && view.head(t).is_none_or(|h| !inside(h))
            })
            .filter_map(|t| {
                let mut at = view.head(t)?;
                for _ in 0..8 {
                    if matches!(view.upos(at), Some(Upos::Verb)) {
                        return Some(at);
                    }
                    at = view.head(at)?;
                }
                None
            })
            .collect();
        Some(verbs)
    }

    fn code_sentence(
        &self,
        view: &View,
        sentence: Span,
        (first, last): (usize, usize),
        dct: Option<NaiveDate>,
        events: &mut Vec<Event>,
    ) {
        let mut candidates: Vec<Candidate> = (first..last)
            .filter_map(|v| self.candidate(view, v, first, last))
            .collect();
        // Combinations: an upper verb of intent/appeal/demand/refusal/threat absorbs its
        // coded xcomp; a pattern that used the lower verb's words absorbs it too.
        let mut absorbed = vec![false; candidates.len()];
        let mut governs_any = vec![false; candidates.len()];
        for lower in 0..candidates.len() {
            let v = candidates[lower].verb;
            let obliging_speaker = reported_obligation(view, v);
            for upper in 0..candidates.len() {
                if upper == lower || absorbed[upper] {
                    continue;
                }
                if obliging_speaker == Some(candidates[upper].verb) {
                    // "said US forces must ensure security": the speaker demands it.
                    let demand = Code::parse("100");
                    let lower_word = view.upper[v].as_str();
                    candidates[upper].code =
                        combine(&demand, &candidates[lower].code, lower_word).unwrap_or(demand);
                    absorbed[lower] = true;
                    governs_any[upper] = true;
                    break;
                }
                if v > candidates[upper].verb && candidates[upper].used.contains(&v) {
                    absorbed[lower] = true;
                    break;
                }
                // What a reporting verb reports is an act of its own ("Arnor signed a
                // protocol, officials said"), not the content of an appeal.
                let governs = view.head(v) == Some(candidates[upper].verb)
                    && matches!(view.deprel(v), "xcomp" | "ccomp")
                    && !is_reporting(view, candidates[upper].verb);
                if governs {
                    let lower_word = view.upper[v].as_str();
                    if let Some(code) =
                        combine(&candidates[upper].code, &candidates[lower].code, lower_word)
                    {
                        if code.root() == Some("13") {
                            candidates[upper].threatened = candidates[lower].code.forward.clone();
                        }
                        candidates[upper].code = code;
                        absorbed[lower] = true;
                        governs_any[upper] = true;
                        break;
                    }
                    // "demanded that the US match the EU's support": what a demand asks
                    // for has not happened, even where the two codes do not combine.
                    if candidates[upper].code.root() == Some("10") {
                        absorbed[lower] = true;
                        governs_any[upper] = true;
                        break;
                    }
                }
            }
        }
        // "declared that Peru must lower its tariffs": a speaker saying that a named actor
        // must or should act demands it, also of an act the dictionaries do not code.
        for upper in candidates.iter_mut() {
            let Some(said) = view.child(upper.verb, &["ccomp"]) else {
                continue;
            };
            let stated = upper
                .code
                .forward
                .as_deref()
                .is_some_and(|f| f.starts_with("01"));
            let addressee = view
                .child(said, &["nsubj"])
                .and_then(|s| self.actor(view, s, dct))
                .is_some_and(|a| a.code.is_some());
            if stated && addressee && reported_obligation(view, said) == Some(upper.verb) {
                upper.code = Code::parse("100");
            }
        }
        let kept: Vec<(&Candidate, bool)> = candidates
            .iter()
            .enumerate()
            .filter(|&(i, c)| !absorbed[i] && (governs_any[i] || !c.needs_complement))
            .map(|(i, c)| (c, governs_any[i]))
            .collect();
        // Events in modifying clauses ("the camp, attacked last week, ...", "to encourage
        // refugees") are background to the sentence's main event: kept only when the
        // sentence reports nothing in its main clauses. A statement ("Italy announced a
        // suspension of air links, a day after a jet shot down a helicopter") is a main
        // event even though PLOVER drops it; a mere report ("..., officials said") is not.
        // A noun trigger ("growing into riots and attacks") reports a development, never
        // background.
        let foreground = |c: &Candidate| {
            !matches!(view.upos(c.verb), Some(Upos::Verb)) || !in_modifier_clause(view, c.verb)
        };
        // The reporting clause ("..., a senior official said") is never background, even
        // where the parser hangs it below the main verb as a modifier, nor the main event
        // unless it took over its complement ("said US forces must ensure ...").
        let reporting = |c: &Candidate| is_reporting(view, c.verb);
        let has_main_event = kept
            .iter()
            .any(|&(c, governs)| foreground(c) && (governs || !reporting(c)));
        for (c, _) in kept {
            if !has_main_event || foreground(c) || reporting(c) {
                self.emit(view, sentence, c, dct, events);
            }
        }
    }

    /// The verb at `v` if the dictionary knows it, with the most specific matching pattern.
    fn candidate(&self, view: &View, v: usize, first: usize, last: usize) -> Option<Candidate> {
        // A participle modifying a noun ("the occupied West Bank", "Vietnamese-led forces",
        // "United" in a name) or a verb turned preposition ("according to") reports no act.
        let is_verb = matches!(view.upos(v), Some(Upos::Verb))
            && !matches!(
                view.deprel(v),
                "amod" | "case" | "mark" | "fixed" | "compound"
            )
            && !is_topic_gerund(view, v)
            && !is_reduced_passive(view, v);
        // A noun that is a dictionary verb form ("protests", "attacks", "riots") triggers when
        // it is the subject of an onset verb ("protests erupted") or the object of a light verb.
        let nominal = !is_verb && self.nominal_trigger(view, v);
        if !is_verb && !nominal {
            return None;
        }
        // A surface form can belong to several blocks ("PROTESTS" under ARGUE and under
        // PROTEST): the most specific reading wins, the longest multi-word verb first.
        let next = &view.upper[v + 1..last];
        let forms: Vec<&VerbForm> = self
            .dict
            .verbs
            .forms
            .get(&view.upper[v])
            .into_iter()
            .flatten()
            .filter(|f| {
                f.particles.len() <= next.len() && f.particles.iter().zip(next).all(|(p, w)| p == w)
            })
            .collect();
        let blocks = &self.dict.verbs.blocks;
        // A form one block lists as coding nothing alone ("RISK [---]": running a risk is
        // no act) and another as coded ("RISK" under ENDANGER [130]) is too ambiguous to
        // code bare: only a pattern of either block decides ("risking ten years in prison"
        // threatens nobody).
        let uncoded_alone = |c: &Candidate| {
            forms.iter().any(|f| {
                v + f.particles.len() == c.trigger_end
                    && f.code.is_none()
                    && blocks[f.block].code.is_null()
            })
        };
        let own = forms
            .iter()
            .filter_map(|form| self.reading(view, v, form, first))
            .max_by_key(|c| (c.trigger_end, c.pattern_len, !c.needs_complement))
            .filter(|c| c.pattern_len > 0 || blocks[c.block].code.is_null() || !uncoded_alone(c));
        if own.as_ref().is_some_and(|c| c.pattern_len > 0)
            || !CONTINUING.contains(&view.upper[v].as_str())
        {
            return own;
        }
        // "continued a hunger strike", "organized a general strike": an act carried on or
        // organised is coded as the dictionary codes starting it, when the verb's own
        // patterns say nothing more specific.
        self.dict
            .verbs
            .forms
            .get("START")
            .into_iter()
            .flatten()
            .filter(|f| f.particles.is_empty())
            .filter_map(|form| self.reading(view, v, form, first))
            .filter(|c| c.pattern_len > 0)
            .max_by_key(|c| c.pattern_len)
            .or(own)
    }

    /// The verb at `v` read as `form`: its best pattern, code and pattern slots.
    fn reading(&self, view: &View, v: usize, form: &VerbForm, first: usize) -> Option<Candidate> {
        let block = &self.dict.verbs.blocks[form.block];
        let trigger_end = v + form.particles.len();
        let before: Vec<usize> = (first..v).collect();
        let after: Vec<usize> = view
            .clause(v)
            .iter()
            .copied()
            .filter(|&t| t > trigger_end)
            .collect();
        let mut best: Option<(&Pattern, Vec<usize>)> = None;
        let mut used = Vec::new();
        let numbered = &self.patterns.blocks[form.block];
        for (pattern, terms) in block.patterns.iter().zip(numbered) {
            // Only a pattern at least as long as the best so far can replace it: shorter
            // ones need no matching.
            let length = pattern.before.len() + pattern.after.len();
            let best_length = best.as_ref().map(|(b, _)| b.before.len() + b.after.len());
            if best_length.is_some_and(|b| length < b) {
                continue;
            }
            used.clear();
            if self.match_terms(view, &terms.before, &before, &mut used)
                && self.match_terms(view, &terms.after, &after, &mut used)
            {
                // Of two patterns as long that both look only after the verb, the one whose
                // words lie nearer it wins: "issued an ultimatum to Ecuador to halt
                // attacks" is `* ULTIMATUM`, not `* ATTACK`. Otherwise the first listed.
                let nearer = match (&best, best_length) {
                    (Some((b, best_used)), Some(n)) if n == length => {
                        b.before.is_empty()
                            && pattern.before.is_empty()
                            && reach(v, &used) < reach(v, best_used)
                    }
                    _ => true,
                };
                if nearer {
                    best = Some((pattern, used.clone()));
                }
            }
        }
        // The object's class outweighs a pattern that matched words outside the object
        // ("mobilized army reservists for a war against Iraq" is no rally `* AGAINST`).
        let sensed = self.object_sense(view, v).filter(|&(_, object)| {
            best.as_ref().is_none_or(|(_, used)| {
                !used
                    .iter()
                    .any(|&t| t == object || view.head(t) == Some(object))
            })
        });
        let subject_is_target = best
            .as_ref()
            .is_some_and(|(p, _)| sensed.is_none() && p.subject_is_target);
        let (code, pattern_len, source_prep, target_prep, used) = match (best, sensed) {
            (_, Some((code, object))) => (Code::parse(code), 1, None, None, vec![object]),
            (Some((p, used)), None) if !p.code.is_null() => (
                p.code.clone(),
                p.before.len() + p.after.len(),
                p.source_prep.clone(),
                p.target_prep.clone(),
                used,
            ),
            (Some(_), None) => return None,
            (None, None) => (
                form.code
                    .clone()
                    .filter(|own| !speaks_against_block(own, &block.code, view, v))
                    .unwrap_or_else(|| block.code.clone()),
                0,
                None,
                None,
                Vec::new(),
            ),
        };
        let mut needs_complement = false;
        let code = if code.is_null() {
            // "refused to negotiate": REFUSE codes nothing alone ([---]) but governs.
            let governing = GOVERNORS.iter().find(|(name, _)| block.name == *name);
            // "refusing admittance to refugees": refusing a thing is rejecting it.
            match governing {
                Some((_, code)) if view.child(v, &["xcomp"]).is_some() => {
                    needs_complement = true;
                    Code::parse(code)
                }
                Some((_, code)) if view.child(v, &["obj"]).is_some() => Code::parse(code),
                _ => return None,
            }
        } else {
            code
        };
        Some(Candidate {
            verb: v,
            block: form.block,
            trigger_end,
            code,
            pattern_len,
            source_prep,
            target_prep,
            subject_is_target,
            used,
            needs_complement,
            threatened: None,
        })
    }

    /// The sense the object of the verb `v` gives it ([`object_sense`]) and the object.
    fn object_sense(&self, view: &View, v: usize) -> Option<(&'static str, usize)> {
        let object = view
            .child(v, &["obj"])
            .or_else(|| view.child(v, &["nsubj:pass"]))?;
        let words: Vec<&str> = std::iter::once(object)
            .chain(
                view.children[object]
                    .iter()
                    .copied()
                    .filter(|&k| matches!(view.deprel(k), "compound" | "amod" | "nmod")),
            )
            .map(|k| view.upper[k].as_str())
            .collect();
        let actor = || self.actor(view, object, None).and_then(|a| a.code);
        object_sense(&view.upper[v], &words, actor).map(|code| (code, object))
    }

    fn nominal_trigger(&self, view: &View, v: usize) -> bool {
        if !matches!(view.upos(v), Some(Upos::Noun)) || !view.upper[v].ends_with('S') {
            return false;
        }
        let Some(head) = view.head(v) else {
            return false;
        };
        const ONSET: [&str; 12] = [
            "ERUPTED",
            "ERUPT",
            "BROKE",
            "CONTINUED",
            "SPREAD",
            "ESCALATED",
            "BEGAN",
            "STARTED",
            "ERUPTS",
            "CONTINUE",
            "CONTINUES",
            "INTENSIFIED",
        ];
        let rel = view.deprel(v);
        (rel == "nsubj" && ONSET.contains(&view.upper[head].as_str()))
            || (rel == "conj" && self.nominal_trigger(view, head))
            || (rel == "obl" && view.has_child_word(v, &["INTO"]))
    }

    /// Matches pattern terms in order against `region` (token indices in text order);
    /// whether they all match, adding the tokens used to `used`.
    fn match_terms(
        &self,
        view: &View,
        terms: &[(NumberedTerm, bool)],
        region: &[usize],
        used: &mut Vec<usize>,
    ) -> bool {
        let mut at = 0;
        for (i, (term, joined)) in terms.iter().enumerate() {
            let last = i + 1 == terms.len();
            // A joined term starts at the very next word of the text.
            let next_only = *joined && at > 0;
            let found = (at..region.len()).find_map(|k| {
                if next_only && (k > at || region[k] != region[at - 1] + 1) {
                    return None;
                }
                // A pattern's final noun naming an actor is a phrase head: "attacked
                // government buildings" does not match `* GOVERNMENT` (verbal attack on a
                // government). A noun naming a means still counts as a modifier: "fired
                // artillery shells" matches `* ARTILLERY`.
                if last && view.actor_modifier[region[k]] {
                    return None;
                }
                let n = self.term_length(view, term, &region[k..])?;
                Some((k, n))
            });
            let Some((k, n)) = found else {
                return false;
            };
            used.extend_from_slice(&region[k..k + n]);
            at = k + n;
        }
        true
    }

    /// Whether a single word is an actor or agent phrase of the dictionaries.
    fn names_actor(&self, word: &str) -> bool {
        let words = [word.to_string()];
        self.dict.actors.index.longest_at(&words, 0).is_some()
            || self.dict.agents.index.longest_at(&words, 0).is_some()
    }

    /// How many tokens of `tokens` (from its start) `term` covers, if it matches there.
    /// A word matches itself and its regular plural ("TROOP" matches "TROOPS").
    fn term_length(&self, view: &View, term: &NumberedTerm, tokens: &[usize]) -> Option<usize> {
        match term {
            NumberedTerm::Word(w) => {
                let t = *tokens.first()?;
                (view.word_number[t] == Some(*w) || view.singular_number[t] == Some(*w))
                    .then_some(1)
            }
            NumberedTerm::Synset(id) => {
                let empty = self.patterns.synset_has_empty[*id].then_some(0);
                let first = tokens.first().and_then(|&t| view.word_number[t]);
                let Some(phrases) = first.and_then(|w| self.patterns.synset_phrases.get(&(*id, w)))
                else {
                    return empty;
                };
                phrases
                    .iter()
                    .filter(|phrase| {
                        phrase.len() <= tokens.len()
                            && phrase
                                .iter()
                                .zip(tokens)
                                .all(|(w, &t)| view.word_number[t] == Some(*w))
                    })
                    .map(Vec::len)
                    .max()
                    .or(empty)
            }
        }
    }

    fn emit(
        &self,
        view: &View,
        sentence: Span,
        c: &Candidate,
        dct: Option<NaiveDate>,
        events: &mut Vec<Event>,
    ) {
        let v = c.verb;
        let date_value = self.date(view, sentence, v, dct);
        let date = date_value
            .as_deref()
            .and_then(|d| d.get(..10))
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .or(dct);
        let roles = self.roles(view, c, date);
        let (mut negated, mut hypothetical, mut future) = flags(view, v);
        // A pattern that spells out the negation or modal ("WO N'T *") already coded it.
        let used_word = |words: &[&str]| {
            c.used
                .iter()
                .any(|&t| words.contains(&view.upper[t].as_str()))
        };
        negated &= !used_word(&NEGATIONS);
        hypothetical &= !used_word(&MODALS);
        future &= !used_word(&FUTURES);
        // "Those who won't surrender": a clause describing whoever does it is no event.
        hypothetical |= view.deprel(v) == "acl:relcl"
            && view
                .head(v)
                .is_some_and(|h| matches!(view.upos(h), Some(Upos::Pron)));
        let mut code = c.code.clone();
        let mut threatened = c.threatened.clone();
        let mut sources = roles.sources;
        let mut targets = roles.targets;
        let fam = code.root().unwrap_or("").to_string();
        if negated && matches!(fam.as_str(), "03" | "04" | "05" | "06" | "07" | "08") {
            // "won't negotiate": the refusal is the event, and it happened.
            code = Code {
                forward: Some(refusal_code(&fam, &view.upper[v]).to_string()),
                reverse: None,
            };
            negated = false;
            future = false;
        } else if future && !negated && matches!(fam.as_str(), "17" | "18" | "19" | "20") {
            // "Those who won't surrender will be destroyed": an announced attack is a threat
            // by whoever says it.
            if let Some(speaker) = self.speaker(view, sentence, v, date) {
                if sources.is_empty() || roles.passive_without_agent {
                    sources = vec![speaker];
                }
                threatened = code.forward.take();
                code = Code {
                    forward: Some(if fam == "17" { "137" } else { "138" }.into()),
                    reverse: None,
                };
                future = false;
            }
        }
        if let Some(country) = domestic_country(&sources, &targets) {
            // "Rebels demanded that Burundi's government ...", "a judge opened investigations
            // against Chilean officials": a group of no stated country acting on a
            // country's institution is of that country (PLOVER gives every actor one).
            localise(&mut sources, &country);
        }
        let location = self.location(view, sentence, v);
        // The country of the place named in the verb's own clause.
        let place = || {
            let clause = view.clause(v);
            location.as_ref().and_then(|p| {
                let span = p
                    .span
                    .filter(|s| clause.iter().any(|&t| view.spans[t].overlap(*s) > 0))?;
                Some((self.country_of_place(&p.name, date)?, span))
            })
        };
        if matches!(fam.as_str(), "14" | "18" | "19" | "20")
            && sources.iter().all(|a| lacks_country(a.as_ref()))
        {
            // Protesters, attackers and victims of no stated nationality ("ethnic Albanians
            // demonstrated in Serbia", "servicemen were killed outside Basra") belong to
            // the country where it happened, as ACLED and the PLOVER gold code them.
            if let Some(country) = place() {
                localise(&mut sources, &country);
            }
        }
        if is_domestic_family(&fam) && targets.iter().all(|a| lacks_country(a.as_ref())) {
            // "extended the curfew in Abidjan", "accepted demands from rebels": a
            // concession, refusal, threat or coercion aimed at no foreign actor is aimed at
            // the country where it happens, else at the actor's own.
            if let Some(country) = place().or_else(|| country_of_actors(&sources)) {
                localise(&mut targets, &country);
            }
        }
        if fam == "14" && !targets.iter().flatten().any(|a| a.code.is_some()) {
            // A protest with no stated recipient is against the protesters' own government
            // (PLOVER's gold codes it so).
            if let Some((country, span)) = country_of_actors(&sources) {
                targets = vec![Some(EventActor {
                    name: format!("{country} government"),
                    code: Some(format!("{country}GOV")),
                    entity: None,
                    span,
                })];
            }
        }
        let agreeing = self.dict.verbs.blocks[c.block].name == "AGREE";
        let is_verb = matches!(view.upos(v), Some(Upos::Verb));
        let trigger = Span::new(view.spans[v].start, view.spans[c.trigger_end].end);
        let confidence = (0.4
            + if c.pattern_len > 0 { 0.2 } else { 0.0 }
            + if sources.iter().flatten().any(|a| a.code.is_some()) {
                0.2
            } else {
                0.0
            }
            + if targets.iter().flatten().any(|a| a.code.is_some()) {
                0.2
            } else {
                0.0
            })
            * if negated || hypothetical { 0.5 } else { 1.0 };
        let make = |cameo: &str, source: Option<EventActor>, target: Option<EventActor>| {
            let class = self.dict.plover.classify(cameo);
            Event {
                plover: class
                    .as_ref()
                    .map(|c| plover_type(&c.event, future, agreeing).to_string()),
                mode: threatened
                    .as_deref()
                    .filter(|_| cameo.starts_with("13"))
                    .and_then(|act| self.dict.plover.threat_mode(act))
                    .or_else(|| class.as_ref().and_then(|c| c.mode.clone())),
                context: class.and_then(|c| c.context),
                cameo: cameo.to_string(),
                source,
                target,
                location: location.clone(),
                date: date_value.clone(),
                negated,
                hypothetical,
                future,
                confidence: confidence as f32,
                sentence,
                trigger,
            }
        };
        if sources.is_empty() {
            sources.push(None);
        }
        if targets.is_empty() {
            targets.push(None);
        }
        // The same act seen from its other side is CAMEO's dyadic bookkeeping: PLOVER codes
        // an act once, from its actor.
        let cameo_only = |e: Event| Event {
            plover: None,
            mode: None,
            context: None,
            ..e
        };
        // Hosting a visit is the visit's other side; receiving peacekeepers (granting
        // access) is an act of another kind, and PLOVER's too.
        let forward_type = code
            .forward
            .as_deref()
            .and_then(|f| make(f, None, None).plover);
        for (i, s) in sources.iter().enumerate() {
            for (j, t) in targets.iter().enumerate() {
                if roles.mutual && i == j {
                    continue;
                }
                if let Some(f) = &code.forward {
                    let pair = make(f, s.clone(), t.clone());
                    events.push(if roles.mutual { cameo_only(pair) } else { pair });
                }
                // A noun trigger has no actors to swap: only its forward code applies. Nor
                // has a verb whose other side is a thing rather than an actor ("Israel and
                // the Palestinians reached a consensus": the consensus reaches nothing); an
                // unnamed other side ("peacekeepers arrived") still reverses.
                let thing_target = t.as_ref().is_some_and(|a| a.code.is_none());
                // Mutual pairs already run both ways under a symmetric code.
                let reversible =
                    is_verb && !thing_target && !(roles.mutual && code.reverse == code.forward);
                if let Some(r) = code.reverse.as_ref().filter(|_| reversible) {
                    let back = make(r, t.clone(), s.clone());
                    let same_act = back.plover.is_some() && back.plover == forward_type;
                    events.push(if same_act { cameo_only(back) } else { back });
                }
            }
        }
        if let Some(f) = code.forward.as_ref().filter(|_| roles.mutual) {
            // PLOVER writes parties acting on each other as one compound actor with no
            // recipient (its manual's "Compound and Reciprocal Actors").
            for s in &sources {
                events.push(make(f, s.clone(), None));
            }
        }
    }
}

/// The PLOVER type of an event whose CAMEO code maps to `class`. The PLOVER manual codes
/// "agree to" and CONSULT, SUPPORT, COOPERATE and AID announced for the future as AGREE (an
/// expression of intent); CAMEO puts the verb "agree" under diplomatic cooperation (050).
/// An announced retreat ("announced ... would withdraw troops") is a CONCEDE.
fn plover_type(class: &str, future: bool, agreeing: bool) -> &str {
    let cooperative = matches!(class, "CONSULT" | "SUPPORT" | "COOPERATE" | "AID");
    if cooperative && (future || (agreeing && class == "SUPPORT")) {
        "AGREE"
    } else if class == "RETREAT" && future {
        "CONCEDE"
    } else {
        class
    }
}

/// CAMEO families whose act, when it names no actor of another country as its recipient,
/// stays inside one country: concessions and retreats, refusals, threats ("warned that
/// police will no longer tolerate rallies") and coercion.
fn is_domestic_family(family: &str) -> bool {
    matches!(family, "08" | "12" | "13" | "17")
}

/// The country of the first of `actors` that has one (not an IGO or NGO), with its span.
fn country_of_actors(actors: &[Option<EventActor>]) -> Option<(String, Span)> {
    actors.iter().flatten().find_map(|a| {
        let country = a.code.as_deref()?.get(..3)?;
        (country != "---" && !matches!(country, "IGO" | "NGO"))
            .then(|| (country.to_string(), a.span))
    })
}

/// Whether an actor names no country: absent, uncoded or a sector alone ("---EDU").
fn lacks_country(actor: Option<&EventActor>) -> bool {
    actor
        .and_then(|a| a.code.as_deref())
        .is_none_or(|c| c.starts_with("---"))
}

/// The country of `targets` when they are one country's institutions ("BDIGOV", not the
/// country itself) and every source is a sector without a country ("---REB").
fn domestic_country(
    sources: &[Option<EventActor>],
    targets: &[Option<EventActor>],
) -> Option<(String, Span)> {
    let sector_only = |a: &Option<EventActor>| {
        a.as_ref()
            .and_then(|a| a.code.as_deref())
            .is_some_and(|c| c.len() > 3 && c.starts_with("---"))
    };
    if sources.is_empty() || !sources.iter().all(sector_only) {
        return None;
    }
    let mut countries = targets.iter().map(|t| {
        let actor = t.as_ref()?;
        let code = actor.code.as_deref()?;
        let country = code.get(..3)?;
        let institution = code.len() > 3 && !matches!(country, "---" | "IGO" | "NGO");
        institution.then(|| (country.to_string(), actor.span))
    });
    let first = countries.next()??;
    countries
        .all(|c| c.is_some_and(|(c, _)| c == first.0))
        .then_some(first)
}

/// Gives each actor without a country the `country` code (a missing actor becomes the
/// country's unnamed people, coded by the country alone).
fn localise(actors: &mut Vec<Option<EventActor>>, country: &(String, Span)) {
    let (code, span) = country;
    if actors.is_empty() {
        actors.push(None);
    }
    for actor in actors.iter_mut() {
        match actor {
            Some(a) => {
                a.code = Some(match a.code.as_deref() {
                    Some(c) => c.replacen("---", code, 1),
                    None => code.clone(),
                })
            }
            None => {
                *actor = Some(EventActor {
                    name: code.clone(),
                    code: Some(code.clone()),
                    entity: None,
                    span: *span,
                })
            }
        }
    }
}

/// How far from the verb `v` the farthest of the `used` pattern words lies.
fn reach(v: usize, used: &[usize]) -> usize {
    used.iter().map(|&t| t.abs_diff(v)).max().unwrap_or(0)
}

/// PETRARCH2-style composition of an upper verb with the coded verb it governs.
fn combine(upper: &Code, lower: &Code, lower_word: &str) -> Option<Code> {
    let up = upper.forward.as_deref()?;
    let low = lower.forward.as_deref()?;
    let (uf, lf) = (up.get(..2)?, low.get(..2)?);
    let code = match (uf, lf) {
        ("03", "04") => "036",
        ("03", "05") => "032",
        ("03", "06") => "031",
        ("03", "07") => "033",
        ("03", "08") => "035",
        ("02", "04") => "026",
        ("02", "05") => "022",
        ("02", "06") => "021",
        ("02", "07") => "023",
        ("02", "08") => "025",
        ("10", "04") => "106",
        ("10", "05") => "102",
        ("10", "06") => "101",
        ("10", "07") => "103",
        ("10", "08") => "105",
        ("12", f) => refusal_code(f, lower_word),
        // Intent to coerce or fight ("prepared to impose martial law") is a threat.
        ("03" | "13", "18" | "19" | "20") => "138",
        ("03" | "13", "17") => "137",
        ("03" | "13", "16") => "131",
        ("13", "14") => "133",
        // Whatever else a threat governs ("threatened to stop negotiations", "warned that
        // police will no longer tolerate rallies") is what it threatens, not an act.
        ("13", _) => up,
        _ => return None,
    };
    Some(Code {
        forward: Some(code.to_string()),
        reverse: None,
    })
}

/// The REJECT sub-category for refusing an act of the given CAMEO family; refusing to
/// talk is "reject proposal to meet, discuss, negotiate" whatever the verb's own code.
fn refusal_code(family: &str, verb: &str) -> &'static str {
    if NEGOTIATION.iter().any(|w| verb.starts_with(w)) {
        return "125";
    }
    match family {
        "04" => "125",
        "06" => "121",
        "07" => "122",
        "08" => "124",
        "03" | "05" => "120",
        _ => "120",
    }
}

/// The `that` clause completing a noun the verb `v` takes ("insisted on its demands that
/// the government grant ...", "issued a reminder that it must ..."), however the parser
/// attaches it: its `that` is a marker, not the pronoun of a relative clause.
fn noun_complement(view: &View, v: usize) -> Option<usize> {
    view.children[v]
        .iter()
        .copied()
        .filter(|&n| matches!(view.deprel(n), "obj" | "obl"))
        .find_map(|n| {
            view.children[n].iter().copied().find(|&c| {
                matches!(view.deprel(c), "acl" | "acl:relcl" | "ccomp")
                    && view.children[c]
                        .iter()
                        .any(|&m| view.deprel(m) == "mark" && view.upper[m] == "THAT")
            })
        })
}

/// Whether a verb's own material code (PROTEST's demonstration, 140, in the block of
/// verbal disagreement, 110) gives way to its block's verbal code because the verb is used
/// as speech: it reports a clause ("protested that the ban was unlawful") or a clause is
/// reported through it ("the ban is unlawful, a rights group protested"). One cannot
/// demonstrate a sentence.
fn speaks_against_block(own: &Code, block: &Code, view: &View, v: usize) -> bool {
    let family = |code: &Code| code.root().and_then(|f| f.parse::<u8>().ok());
    let speech = view.child(v, &["ccomp"]).is_some() || view.deprel(v) == "parataxis";
    speech
        && family(own).is_some_and(|f| f >= 14)
        && family(block).is_some_and(|f| (1..14).contains(&f))
}

/// Whether `v` is a past participle describing the noun it hangs on, a relative clause
/// cut down to its passive verb ("a body linked to the OAU", "a statement posted on the
/// internet", "refugees displaced by the war"): it tells what the noun is, not what
/// happened. Such a participle has no subject, object or marker of its own; a verb the
/// parser hangs on a noun but that takes an object ("aircraft ... killed 4 Iraqis"), any
/// present participle, and a verb hung on a noun that only a reporting verb governs or
/// that heads the sentence without a copula (the clause's own subject misread as its
/// head: "Thousands of farmers protested in Lima", "Albanians demonstrated in Serbia, the
/// radio said") are left to the clause rules.
fn is_reduced_passive(view: &View, v: usize) -> bool {
    let described = view.head(v).is_some_and(|n| match view.head(n) {
        Some(g) => !is_reporting(view, g),
        None => view.child(n, &["cop"]).is_some(),
    });
    view.deprel(v) == "acl"
        && !view.upper[v].ends_with("ING")
        && described
        && view.children[v].iter().all(|&k| {
            !matches!(
                view.deprel(k),
                "nsubj" | "nsubj:pass" | "obj" | "iobj" | "mark" | "aux" | "aux:pass" | "cop"
            )
        })
}

/// Whether `v` is a gerund a preposition hangs on a noun ("her role in rioting", "plans
/// for holding talks", "hopes of reaching a deal"): it names the noun's topic, which need
/// not have happened, so it reports no act. A temporal subordinator ("after fighting with
/// rebels") dates something that did happen and keeps it.
fn is_topic_gerund(view: &View, v: usize) -> bool {
    view.deprel(v) == "acl"
        && view.upper[v].ends_with("ING")
        && view.children[v].iter().any(|&m| {
            m < v && view.deprel(m) == "mark" && !SUBORDINATORS.contains(&view.upper[m].as_str())
        })
}

/// Whether `v` sits in an adverbial, adnominal or relative clause (or is a noun inside
/// one) rather than in the main clauses and their reported speech.
fn in_modifier_clause(view: &View, v: usize) -> bool {
    let mut at = v;
    for _ in 0..12 {
        // A clause opened by "where" describes a place, however the parser attaches it
        // ("demonstrated in Serbia, where 24 people were killed in riots last March").
        let relative_where = view.children[at]
            .iter()
            .any(|&c| c < at && view.upper[c] == "WHERE" && view.deprel(c) == "advmod");
        // "..., a day after rebels attacked a border post" parsed with "after" as the
        // subject's preposition: the subordinator still opens an adverbial clause.
        let subordinated_subject = view
            .child(at, &["nsubj"])
            .and_then(|s| view.upper_case_child(s))
            .is_some_and(|p| SUBORDINATORS.contains(&p));
        if matches!(view.deprel(at), "advcl" | "acl" | "acl:relcl" | "csubj")
            || relative_where
            || subordinated_subject
        {
            return true;
        }
        match view.head(at) {
            Some(h) => at = h,
            None => return false,
        }
    }
    false
}

/// Negated, hypothetical and future: from the verb's own auxiliaries and markers and from
/// the verbs it is a complement of ("failed to prevent", "would like to visit").
/// A "would" reported by a speech verb ("Iraq said it would allow ...") is the reported
/// speaker's "will": future, not hypothetical, unless a condition or another modal goes with
/// it.
fn flags(view: &View, v: usize) -> (bool, bool, bool) {
    let (mut negated, mut hypothetical, mut future) = (false, false, false);
    let mut reported_would = false;
    let mut at = Some(v);
    let mut depth = 0;
    while let Some(t) = at {
        negated |= view.has_child_word(t, &NEGATIONS);
        let other_modal = view.children[t]
            .iter()
            .any(|&c| view.upper[c] != "WOULD" && MODALS.contains(&view.upper[c].as_str()));
        // "would send troops if asked": the condition heads a clause of its own.
        let condition = view.has_child_word(t, &CONDITIONS)
            || view.children[t]
                .iter()
                .any(|&c| view.deprel(c) == "advcl" && view.has_child_word(c, &CONDITIONS));
        let would = view.has_child_word(t, &["WOULD"]);
        if would && !other_modal && !condition && !hypothetical && is_reported(view, t) {
            reported_would = true;
        } else {
            hypothetical |= would || other_modal || condition;
        }
        future |= view.children[t].iter().any(|&c| {
            FUTURES.contains(&view.upper[c].as_str()) && view.deprel(c).starts_with("aux")
        }) || view.has_child_word(t, &["GOING"]);
        if t != v && FAILURES.contains(&view.upper[t].as_str()) {
            negated = true;
        }
        if !matches!(view.deprel(t), "xcomp") || depth > 4 {
            break;
        }
        at = view.head(t);
        depth += 1;
    }
    if reported_would && !hypothetical {
        future = true;
    }
    (negated, hypothetical, future)
}

/// The speech verb reporting that the subject of `v`'s clause must or should do it ("said
/// the US must be ready to mediate"), if any.
fn reported_obligation(view: &View, v: usize) -> Option<usize> {
    let mut top = v;
    for _ in 0..3 {
        if view.deprel(top) != "xcomp" {
            break;
        }
        top = view.head(top)?;
    }
    let obliged = view.children[top]
        .iter()
        .any(|&c| matches!(view.upper[c].as_str(), "MUST" | "SHOULD") && view.deprel(c) == "aux");
    // "Peru said it must protect its borders" states the speaker's own duty: a pronoun
    // subject is no one else being asked.
    let subject = view
        .child(top, &["nsubj"])
        .filter(|&s| !matches!(view.upos(s), Some(Upos::Pron)));
    (obliged && is_reported(view, top) && subject.is_some())
        .then(|| view.head(top))
        .flatten()
}

/// Whether the clause `t` is what a speech verb reports ("said it would ...").
fn is_reported(view: &View, t: usize) -> bool {
    view.deprel(t) == "ccomp"
        && view
            .head(t)
            .is_some_and(|h| is_speech(view.upper[h].as_str()))
}

fn is_speech(word: &str) -> bool {
    SPEECH.contains(&word) || REPORTING.contains(&word)
}

/// Whether token `t` is a verb that only reports ([`REPORTING`]).
fn is_reporting(view: &View, t: usize) -> bool {
    REPORTING.contains(&view.upper[t].as_str())
}

/// The source and target actors of an event.
struct Roles {
    sources: Vec<Option<EventActor>>,
    targets: Vec<Option<EventActor>>,
    passive_without_agent: bool,
    /// The targets are the coordinated sources themselves, each acting on the others.
    mutual: bool,
}

impl Coder {
    fn roles(&self, view: &View, c: &Candidate, date: Option<NaiveDate>) -> Roles {
        let v = c.verb;
        // A nominal trigger ("protests erupted", "riots and attacks on offices"): the actors
        // come from its own modifiers. Its doer is a possessive, a "by" phrase or an actor
        // word before it ("Peru's attacks", "attacks by rebels", "student protests"); what
        // it is aimed at is a prepositional phrase of another kind, not of place or time.
        if !matches!(view.upos(v), Some(Upos::Verb)) {
            let by = |k: usize| view.upper_case_child(k) == Some("BY");
            let source = view.children[v]
                .iter()
                .copied()
                .find(|&k| match view.deprel(k) {
                    "nmod:poss" => true,
                    "nmod" | "obl" => by(k),
                    "compound" | "amod" => {
                        k < v && self.actor(view, k, date).is_some_and(|a| a.code.is_some())
                    }
                    _ => false,
                });
            let target = view.children[v].iter().copied().find(|&k| {
                matches!(view.deprel(k), "nmod" | "obl")
                    && !by(k)
                    && !view
                        .upper_case_child(k)
                        .is_some_and(|p| ADJUNCT_PREPS.contains(&p))
            });
            return Roles {
                sources: source
                    .map(|s| self.actors_at(view, s, date))
                    .unwrap_or_default(),
                targets: target
                    .map(|t| self.actors_at(view, t, date))
                    .unwrap_or_default(),
                passive_without_agent: false,
                mutual: false,
            };
        }
        // The clause whose subject the verb shares: up xcomp/conj chains without their own.
        let mut subject_clause = v;
        for _ in 0..5 {
            if view
                .child(subject_clause, &["nsubj", "nsubj:pass"])
                .is_some()
            {
                break;
            }
            match view.deprel(subject_clause) {
                "xcomp" | "conj" => match view.head(subject_clause) {
                    Some(h) => subject_clause = h,
                    None => break,
                },
                _ => break,
            }
        }
        // The voice is the verb's own: "was known to break into" has an active "break"
        // whose subject is the raised subject of the passive "known".
        let passive = view.child(v, &["aux:pass"]).is_some()
            || (subject_clause == v && view.child(v, &["nsubj:pass"]).is_some());
        let by_phrase = view.children[v].iter().copied().find(|&k| {
            view.deprel(k) == "obl:agent"
                || (view.deprel(k) == "obl" && view.upper_case_child(k) == Some("BY") && passive)
        });
        // "said it is willing to withdraw": an adjective that controls a verb has a real
        // subject, however the parse labels its "it" (an expletive's clause is no xcomp).
        let subject = view
            .child(subject_clause, &["nsubj", "nsubj:pass"])
            .or_else(|| {
                (subject_clause != v && matches!(view.upos(subject_clause), Some(Upos::Adj)))
                    .then(|| view.child(subject_clause, &["expl"]))
                    .flatten()
            });
        // "the militants who attacked": a relative-pronoun subject stands for the head noun.
        let subject = match subject {
            Some(s)
                if matches!(view.upper[s].as_str(), "WHO" | "WHICH" | "THAT")
                    && view.deprel(subject_clause) == "acl:relcl" =>
            {
                view.head(subject_clause)
            }
            other => other,
        };
        let subject = subject.or_else(|| view.verbless_sentence_subject(v));
        let (source, mut target) = if passive {
            (by_phrase, subject)
        } else {
            (subject, None)
        };
        if target.is_none() {
            target = view.child(v, &["obj", "iobj"]);
        }
        let (source, mut target) = if c.subject_is_target && !passive {
            (target, source)
        } else {
            (source, target)
        };
        let obl_with = |prep: &str| {
            view.children[v].iter().copied().find(|&k| {
                matches!(view.deprel(k), "obl" | "nmod") && view.upper_case_child(k) == Some(prep)
            })
        };
        // A slot whose word heads no phrase of the verb ("* MAY_DAY $", or "* TALKS (WITH
        // +)" with "with" on the noun) is, as PETRARCH reads it, the first actor after the
        // pattern's last word.
        let pattern_end = c.used.iter().max().copied();
        let slot = |prep: &str| {
            obl_with(prep).or_else(|| {
                view.clause(v).iter().copied().find(|&t| {
                    pattern_end.is_some_and(|end| t > end)
                        && self.actor(view, t, date).is_some_and(|a| a.code.is_some())
                })
            })
        };
        let source = match &c.source_prep {
            Some(p) => slot(p).or(source),
            None => source,
        };
        if let Some(t) = c.target_prep.as_deref().and_then(slot) {
            target = Some(t);
        }
        if target.is_none() && view.deprel(v) == "xcomp" {
            // "asked the CSTO to help": an object-control verb's object.
            target = view.head(v).and_then(|h| view.child(h, &["obj"]));
        }
        let mut sources = source
            .map(|s| self.actors_at(view, s, date))
            .unwrap_or_default();
        if let Some(speaker) = source
            .filter(|&s| {
                matches!(view.upos(s), Some(Upos::Pron))
                    && !sources.iter().flatten().any(|a| a.code.is_some())
            })
            .and_then(|_| self.reporting_subject(view, subject_clause, date))
        {
            // "Iraq said it would allow ...": an unresolved pronoun subject of what a
            // speaker reports is the speaker.
            sources = speaker;
        }
        if let Some(s) = source.filter(|&s| !passive && Some(s) == subject) {
            for extra in view.coordinated_subjects(subject_clause, s) {
                sources.extend(self.actors_at(view, extra, date));
            }
        }
        // "The lions and Gondor welcomed ...": beside a coded actor, a conjunct no
        // dictionary knows is no actor.
        if sources.iter().flatten().any(|a| a.code.is_some()) {
            sources.retain(|a| a.as_ref().is_some_and(|a| a.code.is_some()));
        }
        let sectors_only = !sources.is_empty()
            && sources.iter().all(|a| {
                a.as_ref()
                    .and_then(|a| a.code.as_deref())
                    .is_some_and(|c| c.starts_with("---"))
            });
        if let Some(s) = source.filter(|_| sectors_only) {
            // "its troops had withdrawn", "their fighters attacked": a sector a pronoun
            // owns is of its owner's country, the speaker's when the pronoun is unresolved
            // in what a speaker reports ("Chile said its troops had withdrawn").
            let owner = view.children[s].iter().copied().find(|&k| {
                view.deprel(k) == "nmod:poss" && matches!(view.upos(k), Some(Upos::Pron))
            });
            let country = owner.and_then(|k| {
                country_of_actors(&[self.actor(view, k, date)]).or_else(|| {
                    country_of_actors(&self.reporting_subject(view, subject_clause, date)?)
                })
            });
            if let Some(country) = country {
                localise(&mut sources, &country);
            }
        }
        let mut targets = target
            .map(|t| self.actors_at(view, t, date))
            .unwrap_or_default();
        let family = c.code.root();
        // A reporting verb coded as an appeal (PETRARCH's validation set codes "said" 023)
        // reports its complement rather than addressing its subject.
        let reporting = is_reporting(view, v);
        let addressed = family
            .is_some_and(|f| matches!(f, "10" | "11" | "12" | "13") || (f == "02" && !reporting));
        // "Peru threatened to widen its dispute with Chile": a phrase naming the source
        // again (through its possessive) is not what the act is aimed at.
        let source_codes: Vec<String> = sources
            .iter()
            .flatten()
            .filter_map(|a| a.code.clone())
            .collect();
        let names_other_side = |actors: &[Option<EventActor>]| {
            actors
                .iter()
                .flatten()
                .filter_map(|a| a.code.as_ref())
                .any(|c| !source_codes.contains(c))
        };
        // Any act that is not a report has the same addressee ("conceded that Chile had a
        // point"); what a speech verb reports is an act of its own.
        let about_another = addressed || !is_speech(&view.upper[v]);
        if about_another && !targets.iter().flatten().any(|a| a.code.is_some()) {
            // "demanded that North Korea abandon ...", "warned that Russia would pay": a
            // demand, accusation or threat is addressed to the subject of its complement.
            // A pronoun subject of a noun's complement ("a reminder to Iraq that it must")
            // is the addressee named before it, which the search below finds.
            // "pushed for the US to back the plan": a clause opened by "for" states what
            // is wanted of its subject, as a complement clause does.
            let for_clause = || {
                view.children[v].iter().copied().find(|&k| {
                    matches!(view.deprel(k), "advcl" | "ccomp" | "xcomp")
                        && view.children[k]
                            .iter()
                            .any(|&m| view.deprel(m) == "mark" && view.upper[m] == "FOR")
                })
            };
            let addressee = view
                .child(v, &["ccomp"])
                .or_else(for_clause)
                .and_then(|clause| view.child(clause, &["nsubj", "nsubj:pass"]))
                .or_else(|| {
                    let clause = noun_complement(view, v)?;
                    view.child(clause, &["nsubj", "nsubj:pass"])
                        .filter(|&s| !matches!(view.upos(s), Some(Upos::Pron)))
                })
                .map(|s| self.actors_at(view, s, date))
                .filter(|actors| names_other_side(actors));
            if let Some(actors) = addressee {
                targets = actors;
            }
        }
        // An object of no stated country ("offered its troops to Bolivia", "sent
        // observers to Chile") is what is given or sent; a country named after it is
        // the recipient.
        if targets.iter().all(|a| lacks_country(a.as_ref())) {
            // PETRARCH's rule in dependency terms: the first coded actor after the verb in
            // its clause ("restore ties with Gondor", "negotiate with terrorists"), not in
            // a place or time adjunct and not the source itself.
            // A passive subject names the target before the verb: its own phrase is
            // searched first ("a camp for Congolese refugees was attacked").
            let taken: Vec<Span> = sources.iter().flatten().map(|a| a.span).collect();
            let violent = family.is_some_and(|f| matches!(f, "17" | "18" | "19" | "20"));
            let in_target = target
                .filter(|_| passive)
                .map(|t| view.clause(t))
                .unwrap_or_default();
            let after_verb = view.clause(v);
            let after_verb = after_verb.iter().copied().filter(|&t| t > c.trigger_end);
            // What a demand, accusation or threat says can name its addressee past the
            // complement's subject ("warned that its dispute with Colombia might
            // escalate"), and a threat's condition names whom it is meant to move
            // ("threatened to cut supplies if Ukraine refuses to pay").
            let said = view
                .child(v, &["ccomp"])
                .filter(|_| addressed)
                .map(|k| view.clause(k))
                .unwrap_or_default();
            let conditions = if family == Some("13") {
                view.subtree(v, &|k| matches!(view.deprel(k), "ccomp" | "parataxis"))
                    .into_iter()
                    .filter(|&k| {
                        view.deprel(k) == "advcl" && view.has_child_word(k, &["IF", "UNLESS"])
                    })
                    .filter_map(|k| view.child(k, &["nsubj"]))
                    .collect()
            } else {
                Vec::new()
            };
            let found = in_target
                .iter()
                .copied()
                .filter(|&t| Some(t) != target)
                .chain(after_verb)
                .chain(said.iter().copied())
                .chain(conditions)
                .filter(|&t| is_nominal(view, t))
                .filter(|&t| !taken.iter().any(|s| s.contains(view.spans[t])))
                // "fired two artillery shells at Seoul": what violence is aimed at is its
                // target, not its place. A place that belongs to a noun rather than the
                // verb ("appealed for peace in Bolivia", "urged parties to the conflict in
                // Chile") says whose the thing is, and so whom the act concerns.
                .filter(|&t| {
                    view.deprel(t) == "nmod" && view.upper_case_child(t) == Some("IN")
                        || !view
                            .upper_case_child(t)
                            .is_some_and(|p| ADJUNCT_PREPS.contains(&p) && !(violent && p == "AT"))
                })
                .filter_map(|t| {
                    let code = self.actor(view, t, date)?.code?;
                    (!source_codes.contains(&code)).then_some((t, code))
                })
                .collect::<Vec<_>>();
            // So a country behind a preposition wins over a sector named before it.
            let recipient = found
                .iter()
                .find(|(t, code)| !code.starts_with("---") && view.upper_case_child(*t).is_some());
            if let Some(&(t, _)) = recipient.or(found.first()) {
                targets = self.actors_at(view, view.phrase_head(t), date);
            }
        }
        // "Chile and Peru agreed that ...", "the two neighbours settled their quarrel":
        // coordinated subjects acting on no other actor act on each other (PETRARCH2
        // pairs them; the PLOVER gold writes one compound source with no target instead).
        let coded = |actors: &[Option<EventActor>]| {
            actors
                .iter()
                .flatten()
                .filter_map(|a| a.code.as_deref())
                .filter(|c| !c.starts_with("---"))
                .count()
        };
        let mutual = !passive && coded(&targets) == 0 && coded(&sources) > 1;
        if mutual {
            targets = sources.clone();
        }
        Roles {
            sources,
            targets,
            passive_without_agent: passive && by_phrase.is_none(),
            mutual,
        }
    }

    /// The coded subject of the speech verb that reports `clause`, if any.
    fn reporting_subject(
        &self,
        view: &View,
        clause: usize,
        date: Option<NaiveDate>,
    ) -> Option<Vec<Option<EventActor>>> {
        if !is_reported(view, clause) {
            return None;
        }
        let subject = view.child(view.head(clause)?, &["nsubj"])?;
        let actors = self.actors_at(view, subject, date);
        actors
            .iter()
            .flatten()
            .any(|a| a.code.is_some())
            .then_some(actors)
    }

    /// The actor at `head` and at each nominal conjunct of it ("Russia and China" gives two
    /// actors, and so does "Hungarian and Romanian officials").
    fn actors_at(
        &self,
        view: &View,
        head: usize,
        date: Option<NaiveDate>,
    ) -> Vec<Option<EventActor>> {
        let mut heads = vec![head];
        heads.extend(view.children[head].iter().copied().filter(|&k| {
            view.deprel(k) == "conj"
                && matches!(view.upos(k), Some(Upos::Noun | Upos::Propn | Upos::Pron))
        }));
        let sector = self.shared_sector(view, &heads, date);
        // A dictionary code "FRO/BIL/SAM" names several actors at once.
        heads
            .into_iter()
            .map(|h| (h, self.actor(view, h, date)))
            .map(|(h, actor)| match (actor, &sector) {
                // "Chilean and Bolivian police": the bare demonym shares the sector.
                (Some(mut a), Some(sector))
                    if a.code.as_deref().is_some_and(|c| c.len() == 3)
                        && view.children[h]
                            .iter()
                            .all(|&k| matches!(view.deprel(k), "conj" | "cc" | "punct")) =>
                {
                    a.code = a.code.map(|c| format!("{c}{sector}"));
                    (h, Some(a))
                }
                (actor, _) => (h, actor),
            })
            .flat_map(|(h, actor)| match actor {
                Some(a) if a.code.as_deref().is_some_and(|c| c.contains('/')) => a
                    .code
                    .as_deref()
                    .unwrap_or("")
                    .split('/')
                    .map(|code| {
                        Some(EventActor {
                            code: Some(code.to_string()),
                            ..a.clone()
                        })
                    })
                    .collect::<Vec<_>>(),
                Some(a) => self.modifier_conjuncts(view, h, a, date),
                None => vec![None],
            })
            .collect()
    }

    /// The sector of the last of coordinated `heads` when its country comes from a modifier
    /// ("Bolivian police" -> COP in "Chilean and Bolivian police").
    fn shared_sector(
        &self,
        view: &View,
        heads: &[usize],
        date: Option<NaiveDate>,
    ) -> Option<String> {
        let (&last, rest) = heads.split_last()?;
        if rest.is_empty() {
            return None;
        }
        let code = self.actor(view, last, date)?.code?;
        let (country, sector) = (code.get(..3)?, code.get(3..)?);
        let from_modifier = view.children[last].iter().any(|&m| {
            matches!(view.deprel(m), "amod" | "compound")
                && self.country_of_word(view, m, date).as_deref() == Some(country)
        });
        (from_modifier && !sector.is_empty() && country != "---").then(|| sector.to_string())
    }

    /// The country code a single word names ("Chilean" -> CHL).
    fn country_of_word(&self, view: &View, t: usize, date: Option<NaiveDate>) -> Option<String> {
        let code = self.actor_code(std::slice::from_ref(&view.upper[t]), &[false], date)?;
        (code.len() == 3 && code != "---").then_some(code)
    }

    /// The actor `actor` headed by `head`, once per country of a coordinated modifier:
    /// "Eriadori and Calenardhon leaders" are ERIGOV and CALGOV, as PETRARCH codes them
    /// (the PLOVER gold writes the pair as one compound actor, which the two match).
    fn modifier_conjuncts(
        &self,
        view: &View,
        head: usize,
        actor: EventActor,
        date: Option<NaiveDate>,
    ) -> Vec<Option<EventActor>> {
        let country_of = |t: usize| self.country_of_word(view, t, date);
        // "the envoys of Chile, Peru and Bolivia" shares its head the same way.
        let modifier = view.children[head].iter().copied().find(|&m| {
            let of = view.deprel(m) == "nmod" && view.upper_case_child(m) == Some("OF");
            (of || matches!(view.deprel(m), "compound" | "amod"))
                && view.children[m].iter().any(|&k| view.deprel(k) == "conj")
        });
        let (Some(m), Some(code)) = (modifier, actor.code.clone()) else {
            return vec![Some(actor)];
        };
        let Some(first_country) = country_of(m).filter(|c| code.starts_with(c.as_str())) else {
            return vec![Some(actor)];
        };
        let sector = &code[first_country.len()..];
        let mut actors = vec![Some(actor.clone())];
        for k in view.children[m].iter().copied() {
            if view.deprel(k) != "conj" {
                continue;
            }
            if let Some(country) = country_of(k) {
                actors.push(Some(EventActor {
                    code: Some(format!("{country}{sector}")),
                    ..actor.clone()
                }));
            }
        }
        actors
    }

    /// The actor named by the noun phrase headed by `head`.
    fn actor(&self, view: &View, head: usize, date: Option<NaiveDate>) -> Option<EventActor> {
        if let Some(actor) = view.actors.borrow().get(&(head, date)) {
            return actor.clone();
        }
        let actor = self.find_actor(view, head, date);
        view.actors.borrow_mut().insert((head, date), actor.clone());
        actor
    }

    fn find_actor(&self, view: &View, head: usize, date: Option<NaiveDate>) -> Option<EventActor> {
        let doc = view.doc;
        // Inside the phrase: modifiers, and nmod only through "of" or a possessive ("the
        // Ministry of Magic", "Gondor's police"), not "buildings in Almaty".
        let tokens = view.subtree(head, &|k| {
            let rel = view.deprel(k);
            !NP_PARTS.contains(&rel)
                || (rel == "nmod" && !matches!(view.upper_case_child(k), Some("OF" | "'S") | None))
        });
        let tokens: Vec<usize> = tokens
            .into_iter()
            .filter(|&t| !matches!(view.upos(t), Some(Upos::Punct)))
            .collect();
        let first = *tokens.first()?;
        let last = *tokens.last()?;
        let span = Span::new(view.spans[first].start, view.spans[last].end);
        let entity = view.entity_of.get(&head).copied();
        // The dictionaries join a name's words with underscores ("DOL_AMROTH"); a text that
        // writes them so ("Dol_Amroth") is matched word by word too.
        let (words, in_long_name): (Vec<String>, Vec<bool>) = tokens
            .iter()
            .flat_map(|&t| {
                view.upper[t]
                    .split('_')
                    .filter(|w| !w.is_empty())
                    .map(move |w| (w.to_string(), view.in_long_name[t]))
            })
            .unzip();
        let mut code = self.actor_code(&words, &in_long_name, date);
        let is_pronoun = matches!(view.upos(head), Some(Upos::Pron));
        if let (None, Some(e)) = (&code, entity) {
            // A pronoun or a bare role: code it from the entity's other mentions.
            code = self.entity_code(doc, e, date);
        }
        if is_pronoun && entity.is_none() {
            return None;
        }
        // "a new military offensive", "a military aid program": an adjective of a sector
        // describes a thing, which names no actor (so a target search goes on to "with
        // Iraq"); "military officers" and "Iraqi tanks" still do.
        let described_thing = entity.is_none()
            && matches!(view.upos(head), Some(Upos::Noun))
            && code.as_deref().is_some_and(|c| c.starts_with("---"))
            && {
                let named: Vec<String> = tokens
                    .iter()
                    .filter(|&&t| view.deprel(t) != "amod")
                    .map(|&t| view.upper[t].clone())
                    .collect();
                self.actor_code(&named, &vec![false; named.len()], date)
                    .is_none()
            };
        if described_thing {
            code = None;
        }
        if let Some(agent_only) = code.as_deref().filter(|c| c.contains("---")) {
            // "Soldiers from Gondor", "rebels in the Ivory Coast", "students throughout
            // Indonesia": the place a sector is from or in gives its country. A place
            // after the verb ("arrested students in Moscow") more likely locates the act.
            let before_verb = |k: usize| view.head(head).is_some_and(|h| k < h);
            let country = view.children[head]
                .iter()
                .copied()
                .filter(|&k| {
                    view.deprel(k) == "nmod"
                        && view.upper_case_child(k).is_some_and(|p| {
                            p == "FROM" || (ORIGIN_PREPS.contains(&p) && before_verb(k))
                        })
                })
                .find_map(|k| {
                    let place = self.actor(view, k, date)?.code?;
                    place
                        .get(..3)
                        .filter(|c| *c != "---" && c.bytes().all(|b| b.is_ascii_uppercase()))
                        .map(str::to_string)
                });
            if let Some(country) = country {
                code = Some(agent_only.replacen("---", &country, 1));
            }
        }
        let name = match entity {
            Some(e) if doc.entities[e].label != EntityLabel::Loc || code.is_none() => {
                doc.entities[e].canonical.clone()
            }
            _ => {
                let start = tokens
                    .iter()
                    .copied()
                    .find(|&t| !matches!(view.upos(t), Some(Upos::Det | Upos::Adp)))
                    .unwrap_or(first);
                doc.slice(Span::new(view.spans[start].start, span.end))
                    .to_string()
            }
        };
        Some(EventActor {
            name,
            code,
            entity,
            span,
        })
    }

    /// Country/organisation code from the actor dictionary plus agent codes: "Russian
    /// police" -> RUS + COP; "students" -> ---EDU; "Kazakh president" -> KAZ + GOV.
    /// `in_long_name[i]`: word `i` belongs to a multi-word name the recogniser found; a
    /// one-word actor entry cannot claim it (the Phoenix file lists "ORGANIZATION" as a
    /// synonym of Tanzim, which would make the "Collective Security Treaty Organization" one).
    fn actor_code(
        &self,
        words: &[String],
        in_long_name: &[bool],
        date: Option<NaiveDate>,
    ) -> Option<String> {
        let actors = self.dict.actors.index.scan(words);
        let mut covered = vec![false; words.len()];
        let mut base: Option<String> = None;
        for (start, n, &record) in &actors {
            let Some(code) = self.dict.actors.records[record].code_on(date) else {
                continue;
            };
            // Inside a name a country still prefixes a title: "Bree Prime Minister
            // Romendacil", "the Calenardhon Ministry of Silly Walks".
            let country_with_title = code.len() == 3
                && (0..words.len())
                    .any(|i| i != *start && self.dict.agents.index.longest_at(words, i).is_some());
            if *n == 1 && in_long_name.get(*start).copied().unwrap_or(false) && !country_with_title
            {
                continue;
            }
            // The longest actor phrase is the most specific ("Afghan National Army").
            if base.as_ref().is_none_or(|b| code.len() > b.len()) {
                base = Some(code.to_string());
            }
            covered[*start..start + n]
                .iter_mut()
                .for_each(|c| *c = true);
        }
        if base.is_none() {
            // "Kazakh", "Uzbek", "Afghan": the country names in -STAN lack these adjectives.
            // "Iraqis", "Algerians": the dictionaries list the demonym only as an exact
            // word ("IRAQI_"), so its plural, the country's people, is looked up singular.
            base = words.iter().enumerate().find_map(|(i, w)| {
                let country = |name: String| {
                    let (_, &record) = self.dict.actors.index.longest_at(&[name], 0)?;
                    self.dict.actors.records[record].code_on(date)
                };
                let code = country(format!("{w}STAN")).or_else(|| {
                    let singular = w.strip_suffix('S').filter(|s| s.len() > 3)?;
                    country(singular.to_string()).filter(|c| c.len() == 3)
                })?;
                covered[i] = true;
                Some(code.to_string())
            });
        }
        let mut after = String::new();
        let mut before = String::new();
        let mut i = 0;
        while i < words.len() {
            if covered[i] {
                i += 1;
                continue;
            }
            match self.dict.agents.index.longest_at(words, i) {
                Some((n, agent)) => {
                    let side = if agent.before {
                        &mut before
                    } else {
                        &mut after
                    };
                    if !side.contains(agent.code.as_str()) {
                        side.push_str(&agent.code);
                    }
                    i += n;
                }
                None => i += 1,
            }
        }
        match base {
            Some(b) if b.len() > 3 => Some(b),
            Some(b) => Some(format!("{before}{b}{after}")),
            None if !after.is_empty() || !before.is_empty() => Some(format!("{before}---{after}")),
            None => None,
        }
    }

    /// An entity's code from its canonical name or any of its mentions; an organisation
    /// the dictionaries lack but the text names as a treaty body or alliance with an
    /// acronym is an IGO ("Collective Security Treaty Organization (CSTO)" -> IGOCSTO).
    fn entity_code(&self, doc: &Document, e: usize, date: Option<NaiveDate>) -> Option<String> {
        let record = &doc.entities[e];
        // Names are matched whole; roles ("Kazakhstan's President ...") word by word.
        let from_names = std::iter::once((record.canonical.as_str(), true))
            .chain(
                record
                    .mentions
                    .iter()
                    .map(|m| (doc.slice(m.span), m.kind != MentionKind::Nominal)),
            )
            .find_map(|(text, is_name)| {
                let words: Vec<String> =
                    text.split_whitespace().flat_map(split_possessive).collect();
                let whole = is_name && words.len() > 1 && record.label != EntityLabel::Loc;
                self.actor_code(&words, &vec![whole; words.len()], date)
            });
        from_names.or_else(|| {
            let canonical = normalise(&record.canonical);
            let intergovernmental = [
                "ORGANIZATION",
                "ORGANISATION",
                "TREATY",
                "ALLIANCE",
                "UNION",
                "COMMUNITY",
            ]
            .iter()
            .any(|w| canonical.split_whitespace().any(|c| c == *w));
            let acronym = record
                .mentions
                .iter()
                .find(|m| m.kind == MentionKind::Acronym)
                .map(|m| normalise(doc.slice(m.span)));
            (record.label == EntityLabel::Org && intergovernmental)
                .then_some(acronym)
                .flatten()
                .map(|a| format!("IGO{a}"))
        })
    }

    /// The country code of a place named in the text ("Serbia" -> SRB, "Basra" -> IRQ), from
    /// the actor dictionary.
    fn country_of_place(&self, name: &str, date: Option<NaiveDate>) -> Option<String> {
        let words: Vec<String> = name.split_whitespace().flat_map(split_possessive).collect();
        let code = self.actor_code(&words, &vec![false; words.len()], date)?;
        let country = code.get(..3)?;
        (country != "---" && !matches!(country, "IGO" | "NGO")).then(|| country.to_string())
    }

    /// The person announcing the clause: the quote's speaker, else the subject of a
    /// governing speech verb ("he said ... will be destroyed").
    fn speaker(
        &self,
        view: &View,
        sentence: Span,
        v: usize,
        date: Option<NaiveDate>,
    ) -> Option<Option<EventActor>> {
        let doc = view.doc;
        let quote = doc.quotes.iter().find(|q| {
            q.span.contains(view.spans[v])
                || q.sentence.contains(sentence)
                || sentence.contains(q.span)
        });
        if let Some(q) = quote {
            if let Some(speaker) = q.speaker {
                let entity = q.speaker_entity;
                let name = q
                    .speaker_name
                    .clone()
                    .or_else(|| entity.map(|e| doc.entities[e].canonical.clone()))
                    .unwrap_or_else(|| doc.slice(speaker).to_string());
                let code = entity.and_then(|e| self.entity_code(doc, e, date));
                return Some(Some(EventActor {
                    name,
                    code,
                    entity,
                    span: speaker,
                }));
            }
        }
        let mut at = v;
        for _ in 0..4 {
            let head = view.head(at)?;
            if matches!(view.deprel(at), "ccomp" | "parataxis")
                && SPEECH.contains(&view.upper[head].as_str())
            {
                let subject = view.child(head, &["nsubj"])?;
                return Some(self.actor(view, subject, date));
            }
            at = head;
        }
        None
    }

    /// A place in the sentence (the one attached to the verb first), else the dateline.
    fn location(&self, view: &View, sentence: Span, v: usize) -> Option<EventPlace> {
        let doc = view.doc;
        let in_clause = view.clause(v);
        let clause_span = |p: Span| in_clause.iter().any(|&t| view.spans[t].overlap(p) > 0);
        let places: Vec<_> = doc
            .places
            .iter()
            .filter(|p| {
                sentence.contains(p.span)
                    && !p.metonymic
                    && p.resolved_by != Resolution::Demonym
                    && !view.is_modifier(p.span)
                    && !view.is_subject(p.span)
            })
            .collect();
        if let Some(p) = places
            .iter()
            .find(|p| clause_span(p.span))
            .or(places.first())
        {
            return Some(EventPlace {
                name: p.name.clone(),
                span: Some(p.span),
                lat: Some(p.lat),
                lon: Some(p.lon),
            });
        }
        if doc.places.is_empty() {
            let loc = doc
                .mentions
                .iter()
                .filter(|m| m.label == EntityLabel::Loc && sentence.contains(m.span))
                .find(|m| !view.is_subject(m.span) && clause_span(m.span));
            if let Some(m) = loc {
                return Some(EventPlace {
                    name: doc.slice(m.span).to_string(),
                    span: Some(m.span),
                    lat: None,
                    lon: None,
                });
            }
        }
        let dateline = doc.dateline.as_ref()?;
        let place = doc
            .places
            .iter()
            .find(|p| dateline.place_span.contains(p.span));
        Some(EventPlace {
            name: place.map_or_else(|| dateline.place.clone(), |p| p.name.clone()),
            span: Some(dateline.place_span),
            lat: place.map(|p| p.lat),
            lon: place.map(|p| p.lon),
        })
    }

    /// The sentence's date (a DATE timex in the verb's clause first), else the document's.
    fn date(
        &self,
        view: &View,
        sentence: Span,
        v: usize,
        dct: Option<NaiveDate>,
    ) -> Option<String> {
        let doc = view.doc;
        let clause = view.clause(v);
        let dated: Vec<_> = doc
            .timexes
            .iter()
            .filter(|t| {
                t.kind == TimexKind::Date
                    && sentence.contains(t.span)
                    && t.value
                        .as_deref()
                        .is_some_and(|v| v.len() >= 10 && v.as_bytes()[0].is_ascii_digit())
            })
            .collect();
        let in_clause = dated
            .iter()
            .find(|t| clause.iter().any(|&k| view.spans[k].overlap(t.span) > 0));
        in_clause
            .or(dated.first())
            .and_then(|t| t.value.as_deref())
            .map(|v| v[..10].to_string())
            .or_else(|| dct.map(|d| d.format("%Y-%m-%d").to_string()))
    }
}

/// Verb blocks that code nothing alone but turn a coded complement into their category.
const GOVERNORS: [(&str, &str); 1] = [("REFUSE", "120")];

/// Verb stems of talking and meeting: refusing them is CAMEO 125.
const NEGOTIATION: [&str; 6] = ["NEGOTIAT", "TALK", "MEET", "MET", "DISCUSS", "CONSULT"];

/// Prepositions of place and time adjuncts, and of the source of a report ("according to
/// a senator"): their objects are not targets.
const ADJUNCT_PREPS: [&str; 13] = [
    "ACCORDING",
    "IN",
    "AT",
    "NEAR",
    "DURING",
    "AFTER",
    "BEFORE",
    "SINCE",
    "ACROSS",
    "INSIDE",
    "OUTSIDE",
    "THROUGHOUT",
    "UNTIL",
];

/// Prepositions that place a sector in a country ("police in Almaty", "troops from Russia").
const ORIGIN_PREPS: [&str; 4] = ["FROM", "IN", "THROUGHOUT", "ACROSS"];

fn is_nominal(view: &View, t: usize) -> bool {
    matches!(view.upos(t), Some(Upos::Noun | Upos::Propn | Upos::Pron))
}

const SPEECH: [&str; 12] = [
    "SAY",
    "SAYS",
    "SAID",
    "WARN",
    "WARNS",
    "WARNED",
    "ADD",
    "ADDS",
    "ADDED",
    "DECLARED",
    "ANNOUNCED",
    "STATED",
];

/// Verbs of carrying on or organising an act, coded by what they carry on (see
/// [`Coder::candidate`]).
const CONTINUING: [&str; 16] = [
    "CONTINUE",
    "CONTINUES",
    "CONTINUED",
    "CONTINUING",
    "ORGANIZE",
    "ORGANIZES",
    "ORGANIZED",
    "ORGANIZING",
    "ORGANISE",
    "ORGANISES",
    "ORGANISED",
    "ORGANISING",
    "MOUNT",
    "MOUNTS",
    "MOUNTED",
    "MOUNTING",
];

/// Conjunctions opening an adverbial clause that the parser may attach to its subject.
const SUBORDINATORS: [&str; 6] = ["AFTER", "BEFORE", "SINCE", "UNTIL", "WHEN", "WHILE"];

/// Verbs that only report what someone said: their complement is an event of its own.
const REPORTING: [&str; 11] = [
    "SAY",
    "SAYS",
    "SAID",
    "ADD",
    "ADDS",
    "ADDED",
    "STATED",
    "TOLD",
    "TELLS",
    "REPORTED",
    "CONFIRMED",
];

/// "Kazakhstan’s" -> ["KAZAKHSTAN", "'S"], so possessives match the dictionaries.
fn split_possessive(word: &str) -> Vec<String> {
    let upper = normalise(word.trim_matches(|c: char| c.is_ascii_punctuation() && c != '\''));
    match upper.strip_suffix("'S") {
        Some(stem) if !stem.is_empty() => vec![stem.to_string(), "'S".to_string()],
        _ => vec![upper],
    }
}

impl View<'_> {
    /// Whether the words at `span` modify a noun ("Kazakh cities"): a demonym or
    /// adjective, not the place where something happened.
    fn is_modifier(&self, span: Span) -> bool {
        let first = self.spans.partition_point(|s| s.end <= span.start);
        self.spans
            .get(first)
            .is_some_and(|_| matches!(self.deprel(first), "amod" | "compound" | "nmod:poss"))
    }

    /// Whether the words at `span` are an active subject: a country that does something
    /// ("Peru lifted the curfew in Ecuador") is the actor, not the place it happened.
    fn is_subject(&self, span: Span) -> bool {
        let first = self.spans.partition_point(|s| s.end <= span.start);
        // A conjunct of a subject ("Peru and Chile held talks") acts as well.
        let subject = |t: usize| {
            self.deprel(t) == "nsubj"
                || (self.deprel(t) == "conj"
                    && self.head(t).is_some_and(|h| self.deprel(h) == "nsubj"))
        };
        (first..self.spans.len())
            .take_while(|&t| self.spans[t].start < span.end)
            .any(subject)
    }

    /// The head of the noun phrase `t` modifies ("Gondor" in "Gondor's main opposition
    /// group", "Minas" in "Minas Tirith and Osgiliath"), so the actor found on a modifier
    /// is the whole phrase with its agent and conjuncts.
    fn phrase_head(&self, t: usize) -> usize {
        let mut at = t;
        for _ in 0..4 {
            match self.head(at) {
                Some(h)
                    if matches!(
                        self.deprel(at),
                        "compound" | "flat" | "flat:name" | "amod" | "nmod:poss"
                    ) && matches!(self.upos(h), Some(Upos::Noun | Upos::Propn)) =>
                {
                    at = h
                }
                _ => break,
            }
        }
        at
    }

    /// Further subjects of `clause` after `first` that the parser attached as subjects of
    /// their own instead of conjuncts ("Arnor, Calenardhon and Gondor welcomed"): each
    /// separated from the one before by a comma or a conjunction, and not a part of the
    /// same name ("Bree Prime Minister Romendacil").
    fn coordinated_subjects(&self, clause: usize, first: usize) -> Vec<usize> {
        let mut found = Vec::new();
        let mut previous = first;
        for &k in &self.children[clause] {
            if k <= previous || self.deprel(k) != "nsubj" || self.same_entity(previous, k) {
                continue;
            }
            let separated = (previous + 1..k)
                .any(|t| matches!(self.upos(t), Some(Upos::Cconj)) || self.upper[t] == ",");
            if !separated {
                break;
            }
            found.push(k);
            previous = k;
        }
        found
    }

    /// The subject of an active verb the parser hung below a noun as the sentence's root
    /// ("British aircraft using missiles killed 4 Iraqis", "A top official today praised
    /// Haiti's efforts", parsed with the noun as root and the verb as its modifier): the
    /// root noun, when the verb is the first of that kind after it, takes an object (so
    /// it is no passive participle: "three people killed in an attack") and is no `-ing`
    /// form (which does modify: "aircraft using missiles").
    fn verbless_sentence_subject(&self, v: usize) -> Option<usize> {
        let active = |t: usize| {
            self.deprel(t) == "acl"
                && matches!(self.upos(t), Some(Upos::Verb))
                && !self.upper[t].ends_with("ING")
                && self.child(t, &["obj"]).is_some()
        };
        if !active(v) {
            return None;
        }
        let mut root = v;
        for _ in 0..12 {
            match self.head(root) {
                Some(h) => root = h,
                None => break,
            }
        }
        let nominal_root = matches!(self.upos(root), Some(Upos::Noun | Upos::Propn))
            && self.head(root).is_none()
            && root < v;
        (nominal_root && !(root + 1..v).any(active)).then_some(root)
    }

    fn same_entity(&self, a: usize, b: usize) -> bool {
        matches!((self.entity_of.get(&a), self.entity_of.get(&b)), (Some(x), Some(y)) if x == y)
    }

    /// The preposition (`case` child) of an oblique, upper case.
    fn upper_case_child(&self, k: usize) -> Option<&str> {
        self.children[k]
            .iter()
            .copied()
            .find(|&c| self.deprel(c) == "case")
            .map(|c| self.upper[c].as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(code: Option<&str>) -> Option<EventActor> {
        Some(EventActor {
            name: "x".into(),
            code: code.map(String::from),
            entity: None,
            span: Span::new(0, 1),
        })
    }

    #[test]
    fn plover_agree_for_announced_cooperation_and_agreeing() {
        assert_eq!(plover_type("AID", true, false), "AGREE");
        assert_eq!(plover_type("CONSULT", true, false), "AGREE");
        assert_eq!(plover_type("AID", false, false), "AID");
        // The manual never makes announced concessions and retreats AGREE.
        assert_eq!(plover_type("CONCEDE", true, false), "CONCEDE");
        assert_eq!(plover_type("SUPPORT", false, true), "AGREE");
        assert_eq!(plover_type("SUPPORT", false, false), "SUPPORT");
        assert_eq!(plover_type("ASSAULT", true, true), "ASSAULT");
        // "announced ... would withdraw troops" is a concession.
        assert_eq!(plover_type("RETREAT", true, false), "CONCEDE");
        assert_eq!(plover_type("RETREAT", false, false), "RETREAT");
    }

    #[test]
    fn intent_to_coerce_or_fight_combines_into_a_threat() {
        let code = |c: &str| Code::parse(c);
        let combined = |upper: &str, lower: &str| {
            combine(&code(upper), &code(lower), "IMPOSE").and_then(|c| c.forward)
        };
        assert_eq!(combined("030", "1724").as_deref(), Some("137"));
        assert_eq!(combined("030", "190").as_deref(), Some("138"));
        assert_eq!(combined("030", "163").as_deref(), Some("131"));
        assert_eq!(combined("030", "042").as_deref(), Some("036"));
        assert_eq!(combined("030", "141"), None);
        assert_eq!(combined("130", "087").as_deref(), Some("130"));
        assert_eq!(combined("138", "080").as_deref(), Some("138"));
    }

    #[test]
    fn reach_is_the_farthest_pattern_word() {
        assert_eq!(reach(5, &[6, 9]), 4);
        assert_eq!(reach(5, &[2, 7]), 3);
        assert_eq!(reach(5, &[]), 0);
    }

    #[test]
    fn a_sector_acting_on_one_countrys_institutions_is_of_that_country() {
        let rebels = vec![actor(Some("---REB"))];
        let government = vec![actor(Some("PERGOV")), actor(Some("PERCOP"))];
        let (country, _) = domestic_country(&rebels, &government).unwrap();
        assert_eq!(country, "PER");
        // The country itself (PETRARCH's "warned the population of Gondor"), an IGO, two
        // countries or a source with a country of its own say nothing of the source's.
        assert!(domestic_country(&rebels, &[actor(Some("PER"))]).is_none());
        assert!(domestic_country(&rebels, &[actor(Some("IGOUNO"))]).is_none());
        assert!(
            domestic_country(&rebels, &[actor(Some("PERGOV")), actor(Some("CHLGOV"))]).is_none()
        );
        assert!(domestic_country(&[actor(Some("CHLREB"))], &government).is_none());
        assert!(domestic_country(&[actor(None)], &government).is_none());
    }

    #[test]
    fn place_gives_a_country_only_to_actors_without_one() {
        assert!(lacks_country(None) && lacks_country(actor(None).as_ref()));
        assert!(lacks_country(actor(Some("---EDU")).as_ref()));
        assert!(!lacks_country(actor(Some("RUSCOP")).as_ref()));
        let country = ("SRB".to_string(), Span::new(5, 11));
        let mut actors = vec![actor(Some("---OPP")), actor(None)];
        localise(&mut actors, &country);
        let codes: Vec<_> = actors.iter().flatten().map(|a| a.code.clone()).collect();
        assert_eq!(codes, vec![Some("SRBOPP".into()), Some("SRB".into())]);
        let mut nobody = Vec::new();
        localise(&mut nobody, &country);
        let placed = nobody[0].as_ref().unwrap();
        assert_eq!(
            (placed.code.as_deref(), placed.span),
            (Some("SRB"), Span::new(5, 11))
        );
    }
}
