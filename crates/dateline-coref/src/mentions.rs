//! Mention candidates and the features the sieves compare: head, sentence, subjecthood,
//! gender, number, animacy, name parts and roles.

use crate::lexicon::{self, Gender, Number, Pronoun};
use dateline_document::{Document, EntityLabel, GenderBasis, MentionKind, TextIndex, Upos};

/// A mention to cluster: a token range, how it is realised, and its NER type if known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub tokens: (usize, usize),
    pub kind: MentionKind,
    pub label: Option<EntityLabel>,
}

/// An office held by a person ("president" with modifiers {"kazakhstan"}). `noun` keeps
/// qualifiers so "vice president" never matches "president".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub noun: String,
    pub modifiers: Vec<String>,
}

/// A candidate with everything the sieves look at.
#[derive(Debug, Clone)]
pub struct Mention {
    pub tokens: (usize, usize),
    pub kind: MentionKind,
    pub label: Option<EntityLabel>,
    pub sentence: usize,
    pub head: usize,
    /// Lower-cased token texts, typographic apostrophes made straight.
    pub words: Vec<String>,
    pub subject: bool,
    /// Lies inside another candidate ("Economics" in "the Nobel Prize in Economics"): less
    /// salient than the phrase around it.
    pub embedded: bool,
    pub pronoun: Option<Pronoun>,
    pub gender: Option<Gender>,
    /// What `gender` rests on, kept for the entity record.
    pub gender_basis: Option<GenderBasis>,
    pub number: Option<Number>,
    pub animate: Option<bool>,
    /// For names: the words of the name proper (no article, title or possessive).
    pub name: Vec<String>,
    /// For a person's name: its first token after any leading titles ("Fuad" in "Major
    /// General Fuad Karim"), where the name to print begins.
    pub name_start: usize,
    /// A name made only of capitalised words ("Kassym-Jomart Tokayev", not
    /// "University of Portsmouth, United Kingdom"): only those may be matched by their parts.
    pub plain_name: bool,
    /// For role nominals ("the Kazakh president"); for names, roles given by a title or
    /// apposition ("Kazakhstan's President X", "X, the president").
    pub roles: Vec<Role>,
    /// For nominals: opens with a definite article, demonstrative or possessive.
    pub definite: bool,
}

/// Token-level view of the document shared by mention detection and feature extraction.
pub struct TokenView<'d> {
    pub lower: Vec<String>,
    pub original: Vec<&'d str>,
    pub sentence_of: Vec<usize>,
    doc: &'d Document,
    has_syntax: bool,
}

impl<'d> TokenView<'d> {
    pub fn new(doc: &'d Document) -> Self {
        let index = TextIndex::new(&doc.text);
        let char_len = index.char_len();
        let original: Vec<&str> = doc
            .tokens
            .iter()
            .map(|t| {
                let (start, end) = (t.span.start.min(char_len), t.span.end.min(char_len));
                &doc.text[index.byte(start)..index.byte(end.max(start))]
            })
            .collect();
        let lower = original.iter().map(|w| lower_word(w)).collect();
        let mut sentence_of = vec![0; doc.tokens.len()];
        let mut sentences: Vec<(usize, usize)> = doc.sentences.iter().map(|s| s.tokens).collect();
        sentences.sort_unstable();
        let mut current = 0;
        let mut next = sentences.iter().enumerate().peekable();
        for (i, slot) in sentence_of.iter_mut().enumerate() {
            while let Some(&(n, &(start, _))) = next.peek() {
                if start > i {
                    break;
                }
                current = n;
                next.next();
            }
            *slot = current;
        }
        let has_syntax = doc.tokens.iter().any(|t| t.deprel.is_some());
        TokenView {
            lower,
            original,
            sentence_of,
            doc,
            has_syntax,
        }
    }

    pub fn len(&self) -> usize {
        self.lower.len()
    }

    /// The tag of token `i`; `None` past the last token, so look-ahead needs no bounds check.
    fn upos(&self, i: usize) -> Option<Upos> {
        self.doc.tokens.get(i).and_then(|t| t.upos)
    }

    pub fn deprel(&self, i: usize) -> Option<&str> {
        self.doc.tokens[i].deprel.as_deref()
    }

    /// The syntactic head of token `i`, when parsed.
    pub fn governor(&self, i: usize) -> Option<usize> {
        self.doc.tokens[i].head
    }

    pub fn capitalised(&self, i: usize) -> bool {
        self.original[i]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }

    pub fn is_possessive_marker(&self, i: usize) -> bool {
        matches!(self.lower[i].as_str(), "'s" | "'")
    }

    fn is_determiner(&self, i: usize) -> bool {
        matches!(
            self.lower[i].as_str(),
            "the" | "this" | "that" | "these" | "those"
        )
    }

    /// Plausibly part of a noun phrase before its head: adjectives, names, nouns, numbers.
    fn is_premodifier(&self, i: usize) -> bool {
        match self.upos(i) {
            Some(u) => matches!(u, Upos::Adj | Upos::Propn | Upos::Noun | Upos::Num),
            None => self.capitalised(i) || lexicon::is_role_qualifier(&self.lower[i]),
        }
    }

    /// The head of tokens `[start, end)`: the token whose head lies outside the range, or,
    /// without a parse, the last token before a preposition, comma or relative pronoun.
    fn head(&self, (start, end): (usize, usize)) -> usize {
        if self.has_syntax {
            let outside = (start..end).find(|&i| {
                self.doc.tokens[i]
                    .head
                    .is_none_or(|h| h < start || h >= end)
            });
            if let Some(h) = outside {
                return h;
            }
        }
        let stop = (start + 1..end)
            .find(|&i| {
                matches!(
                    self.lower[i].as_str(),
                    "of" | "," | "who" | "which" | "that" | "in" | "for" | "with" | "("
                ) || matches!(self.upos(i), Some(Upos::Adp | Upos::Punct | Upos::Sconj))
            })
            .unwrap_or(end);
        stop - 1
    }

    fn plural_noun(&self, i: usize) -> bool {
        let w = &self.lower[i];
        w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !w.ends_with("us")
            && !w.ends_with("is")
            || matches!(
                w.as_str(),
                "people" | "police" | "men" | "women" | "children"
            )
    }
}

/// Lower case, typographic apostrophes made straight; ASCII words (nearly all) without
/// the Unicode case tables.
fn lower_word(word: &str) -> String {
    if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        word.to_lowercase().replace('’', "'")
    }
}

/// Mentions of the whole document for [`crate::resolve`]: the NER names, third-person
/// pronouns (not pleonastic "it") and role nominals ("the president"), in text order.
pub fn detect(view: &TokenView, doc: &Document) -> Vec<Candidate> {
    let n = view.len();
    let mut covered = vec![false; n];
    let mut out: Vec<Candidate> = Vec::new();
    for m in &doc.mentions {
        let (start, end) = (m.tokens.0.min(n), m.tokens.1.min(n));
        if start >= end {
            continue;
        }
        covered[start..end].iter_mut().for_each(|c| *c = true);
        // A "person" the recogniser found that ends in an office ("Malaysia's Prime
        // Minister") names no one: it is a role, whose holder the sieves find.
        if m.label == EntityLabel::Per && lexicon::is_role_noun(&view.lower[end - 1]) {
            out.push(Candidate {
                tokens: (start, end),
                kind: MentionKind::Nominal,
                label: Some(m.label),
            });
            continue;
        }
        let kind = if end - start == 1 && looks_like_acronym(view.original[start]) {
            MentionKind::Acronym
        } else {
            MentionKind::Name
        };
        out.push(Candidate {
            tokens: (start, end),
            kind,
            label: Some(m.label),
        });
    }
    let name_starts: Vec<bool> = {
        let mut starts = vec![false; n + 1];
        out.iter().for_each(|c| starts[c.tokens.0] = true);
        starts
    };
    for i in 0..n {
        if covered[i] {
            continue;
        }
        let word = view.lower[i].as_str();
        if let Some(p) = lexicon::pronoun(word) {
            if p.person == lexicon::Person::Third && !pleonastic_it(view, i) {
                out.push(Candidate {
                    tokens: (i, i + 1),
                    kind: MentionKind::Pronoun,
                    label: None,
                });
            }
        } else if lexicon::is_role_noun(word) {
            // A role right before a name ("coach Ana Ruiz") is that person's title,
            // which the name's roles carry; on its own it would link to another coach.
            let titles_a_name = name_starts[i + 1] || covered.get(i + 1).copied().unwrap_or(false);
            if let Some(start) = role_nominal_start(view, i).filter(|_| !titles_a_name) {
                out.push(Candidate {
                    tokens: (start, i + 1),
                    kind: MentionKind::Nominal,
                    label: None,
                });
            }
        } else if common_noun_head(view, i) {
            // Not recorded unless linked to a name, but there to take the pronouns that
            // refer to it ("the militants ... their weapons") away from the named entities.
            out.push(Candidate {
                tokens: (i, i + 1),
                kind: MentionKind::Nominal,
                label: None,
            });
        }
    }
    out.sort_by_key(|c| (c.tokens.0, std::cmp::Reverse(c.tokens.1)));
    out
}

/// The head of a common-noun phrase: with tags, the last noun of a run of nouns; without,
/// a lower-case word right after a determiner or possessive ("the militants").
fn common_noun_head(view: &TokenView, i: usize) -> bool {
    match view.upos(i) {
        Some(u) => u == Upos::Noun && view.upos(i + 1).is_none_or(|next| next != Upos::Noun),
        None => {
            let after_determiner = i > 0
                && matches!(
                    view.lower[i - 1].as_str(),
                    "the"
                        | "a"
                        | "an"
                        | "this"
                        | "these"
                        | "those"
                        | "their"
                        | "its"
                        | "his"
                        | "her"
                        | "our"
                        | "my"
                        | "your"
                );
            after_determiner
                && !view.capitalised(i)
                && view.original[i].chars().all(char::is_alphabetic)
        }
    }
}

/// How a given token range is realised: a lone pronoun, a proper name (its head is a
/// proper noun, or capitalised when there are no tags), an acronym, or a common-noun phrase.
pub fn kind_of(view: &TokenView, (start, end): (usize, usize)) -> MentionKind {
    if end - start == 1 && lexicon::pronoun(&view.lower[start]).is_some() {
        return MentionKind::Pronoun;
    }
    let head = view.head((start, end));
    let proper = match view.upos(head) {
        Some(u) => u == Upos::Propn,
        None => (start..=head).all(|i| view.capitalised(i) || view.is_possessive_marker(i)),
    };
    if !proper {
        MentionKind::Nominal
    } else if end - start == 1 && looks_like_acronym(view.original[start]) {
        MentionKind::Acronym
    } else {
        MentionKind::Name
    }
}

/// An all-capitals word of 2 to 8 letters, dots allowed ("CSTO", "U.N.").
pub fn looks_like_acronym(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| *c != '.').collect();
    (2..=8).contains(&letters.len()) && letters.iter().all(|c| c.is_uppercase())
}

/// "it" that refers to nothing: "it is important to ...", "it seems that ...", and clefts
/// ("it is non-observance of laws ... that led to ...").
fn pleonastic_it(view: &TokenView, i: usize) -> bool {
    let next = |k: usize| view.lower.get(i + k).map(String::as_str).unwrap_or(".");
    let copula = matches!(
        next(1),
        "is" | "'s" | "was" | "seems" | "seemed" | "appears" | "would" | "will" | "may" | "might"
    );
    view.lower[i] == "it"
        && copula
        && (2..16)
            .take_while(|&k| !matches!(next(k), "." | "?" | "!" | ";"))
            .any(|k| matches!(next(k), "to" | "that" | "whether" | "if"))
}

/// Start of a definite role nominal ending at role noun `i` ("the Kazakh president",
/// "Kazakh president", "the country's president"), or `None` when it is indefinite or plural.
fn role_nominal_start(view: &TokenView, i: usize) -> Option<usize> {
    if view.plural_noun(i) {
        return None;
    }
    let sentence = view.sentence_of[i];
    let mut start = i;
    let mut steps = 0;
    while start > 0 && steps < 5 && view.sentence_of[start - 1] == sentence {
        let j = start - 1;
        let w = view.lower[j].as_str();
        if matches!(w, "a" | "an" | "every" | "any" | "no" | "each" | "another") {
            return None;
        }
        if view.is_determiner(j) && w != "that" {
            return Some(j);
        }
        if view.is_possessive_marker(j) && j > 0 {
            start = j - 1;
        } else if view.is_premodifier(j)
            || lexicon::is_role_qualifier(w)
            || lexicon::is_role_noun(w)
        {
            start = j;
        } else {
            break;
        }
        steps += 1;
    }
    Some(start)
}

/// The role a title or apposition gives the name at tokens `[start, end)`.
fn roles_of_name(view: &TokenView, (start, end): (usize, usize)) -> Vec<Role> {
    let mut roles = Vec::new();
    // Title: "(Kazakhstan's) President Kassym-Jomart Tokayev"; the NER span may include it.
    let title_end = (start..end)
        .find(|&i| !lexicon::is_role_noun(&view.lower[i]))
        .unwrap_or(end);
    let title_noun = if title_end > start {
        Some(title_end - 1)
    } else if start > 0 && lexicon::is_role_noun(&view.lower[start - 1]) {
        Some(start - 1)
    } else {
        None
    };
    if let Some(noun) = title_noun {
        roles.push(role_ending_at(
            view,
            noun,
            role_nominal_start(view, noun).unwrap_or(noun),
        ));
    }
    // Apposition: "Tokayev, the (Kazakh) president (of Kazakhstan),".
    if end < view.len() && view.lower[end] == "," {
        let limit = (end + 6).min(view.len());
        // "X, the president's former envoy": a role owning the head is someone else's.
        let owns_next = |i: usize| i + 1 < view.len() && view.is_possessive_marker(i + 1);
        if let Some(noun) =
            (end + 1..limit).find(|&i| lexicon::is_role_noun(&view.lower[i]) && !owns_next(i))
        {
            if let Some(phrase_start) = role_nominal_start(view, noun).filter(|&s| s == end + 1) {
                roles.push(role_ending_at(view, noun, phrase_start));
            }
        }
    }
    // Apposition before the name: "Malaysia's Prime Minister, Najib Razak, said", the role
    // maybe with its "of" complement ("the president of the Lombardy region, X,"), when
    // the role phrase opens its clause or a second comma closes the name ("According to
    // the team's coach, Eva Mora, the robot ..."). After a verb or preposition, without
    // that comma, it is another person the clause speaks of ("After meeting the
    // president, Macron said").
    if start >= 2 && view.lower[start - 1] == "," {
        let enclosed = view.lower.get(end).is_some_and(|w| w == ",");
        let opens_clause = |first: usize| {
            enclosed
                || first == 0
                || view.sentence_of[first - 1] != view.sentence_of[first]
                || !view.lower[first - 1].chars().any(char::is_alphanumeric)
        };
        let role_noun = (start.saturating_sub(10)..start - 1)
            .rev()
            .take_while(|&i| view.lower[i] != "," && view.sentence_of[i] == view.sentence_of[start])
            .find(|&i| {
                lexicon::is_role_noun(&view.lower[i])
                    && (i == start - 2 || view.lower.get(i + 1).is_some_and(|w| w == "of"))
            });
        if let Some((noun, phrase_start)) = role_noun
            .and_then(|noun| role_nominal_start(view, noun).map(|s| (noun, s)))
            .filter(|&(_, s)| opens_clause(s))
        {
            roles.push(role_ending_at(view, noun, phrase_start));
        }
    }
    roles
}

/// The role named by the phrase `[start, noun]` and an "of X" complement after it.
fn role_ending_at(view: &TokenView, noun: usize, start: usize) -> Role {
    let mut modifiers: Vec<String> = Vec::new();
    let mut qualifiers: Vec<&str> = Vec::new();
    for j in start..noun {
        let w = view.lower[j].as_str();
        if lexicon::is_role_qualifier(w) {
            qualifiers.push(w);
        } else if !view.is_determiner(j)
            && !view.is_possessive_marker(j)
            && w.chars().any(char::is_alphanumeric)
        {
            modifiers.push(w.to_string());
        }
    }
    // "president of Kazakhstan": the complement is a modifier like "Kazakh president".
    if view.lower.get(noun + 1).is_some_and(|w| w == "of") {
        // "of the Lombardy region": the article before the name is skipped.
        let first = noun + 2 + usize::from(noun + 2 < view.len() && view.is_determiner(noun + 2));
        let limit = (first + 3).min(view.len());
        for j in first..limit {
            if !view.capitalised(j) || view.sentence_of[j] != view.sentence_of[noun] {
                break;
            }
            modifiers.push(view.lower[j].clone());
        }
    }
    qualifiers.push(&view.lower[noun]);
    Role {
        noun: qualifiers.join(" "),
        modifiers,
    }
}

/// Builds the features of each candidate.
pub fn features(view: &TokenView, candidates: &[Candidate]) -> Vec<Mention> {
    let mut mentions: Vec<Mention> = candidates.iter().map(|c| mention(view, c)).collect();
    // Candidates come sorted by start, longest first, so an enclosing one is still open.
    let mut furthest_end = 0;
    for m in &mut mentions {
        m.embedded = m.tokens.1 <= furthest_end;
        furthest_end = furthest_end.max(m.tokens.1);
    }
    if !view.has_syntax {
        // Without a parse, the first mention of a sentence stands in for its subject.
        let mut last_sentence = None;
        for m in &mut mentions {
            m.subject = last_sentence != Some(m.sentence);
            last_sentence = Some(m.sentence);
        }
    }
    mentions
}

fn mention(view: &TokenView, c: &Candidate) -> Mention {
    let (start, end) = c.tokens;
    let head = view.head(c.tokens);
    let words: Vec<String> = view.lower[start..end].to_vec();
    let subject = view.deprel(head).is_some_and(|d| d.starts_with("nsubj"));
    let mut m = Mention {
        tokens: c.tokens,
        kind: c.kind,
        label: c.label,
        sentence: view.sentence_of[start],
        head,
        words,
        subject,
        embedded: false,
        pronoun: None,
        gender: None,
        gender_basis: None,
        number: None,
        animate: None,
        name: Vec::new(),
        name_start: start,
        plain_name: false,
        roles: Vec::new(),
        definite: false,
    };
    match c.kind {
        MentionKind::Pronoun => {
            let p = lexicon::pronoun(&view.lower[head]);
            m.pronoun = p;
            if let Some(p) = p {
                m.gender = p.gender;
                m.gender_basis = matches!(p.gender, Some(Gender::Male | Gender::Female))
                    .then_some(GenderBasis::Pronoun);
                m.number = p.number;
                m.animate = match p.gender {
                    Some(Gender::Male | Gender::Female) => Some(true),
                    Some(Gender::Neuter) => Some(false),
                    None => None,
                };
            }
        }
        MentionKind::Name | MentionKind::Acronym => {
            let person = c.label == Some(EntityLabel::Per);
            m.name_start = if person {
                first_after_titles(view, c.tokens)
            } else {
                start
            };
            m.name = name_words(view, (m.name_start, end));
            m.plain_name = (start..end).all(|i| {
                view.capitalised(i)
                    || view.lower[i] == "-"
                    || view.lower[i] == "the"
                    || view.is_possessive_marker(i)
            });
            m.roles = roles_of_name(view, c.tokens);
            let before = start
                .checked_sub(1)
                .map(|i| view.lower[i].as_str())
                .unwrap_or("");
            let titled = lexicon::title_gender(before)
                .or_else(|| (start..end).find_map(|i| lexicon::title_gender(&view.lower[i])))
                .map(|g| (g, GenderBasis::Title));
            (m.gender, m.gender_basis) = titled
                .or_else(|| {
                    let first_of_two =
                        m.name.len() >= 2 && c.label.is_none_or(|l| l == EntityLabel::Per);
                    first_of_two
                        .then(|| lexicon::first_name_gender(&m.name[0], person))
                        .flatten()
                        .map(|g| (g, GenderBasis::FirstName))
                })
                .unzip();
            m.animate = match c.label {
                Some(EntityLabel::Per) => Some(true),
                Some(_) => Some(false),
                None => m.gender.map(|_| true),
            };
            if c.label == Some(EntityLabel::Per) {
                m.number = Some(Number::Singular);
            }
        }
        MentionKind::Nominal => {
            let first = view.lower[start].as_str();
            m.definite = view.is_determiner(start)
                || first == "my"
                || first == "his"
                || first == "her"
                || first == "its"
                || first == "their"
                || first == "our"
                || first == "your"
                || (start..head).any(|i| view.is_possessive_marker(i));
            let head_word = view.lower[head].as_str();
            m.number = Some(if view.plural_noun(head) {
                Number::Plural
            } else {
                Number::Singular
            });
            // Without tags a noun after a determiner may only modify the real head ("the
            // member states"), so only a role phrase counts as a person then.
            let trusted = view.has_syntax || lexicon::is_role_noun(head_word);
            m.animate = (trusted && lexicon::is_person_noun(head_word)).then_some(true);
            m.gender = lexicon::title_gender(head_word);
            m.gender_basis = m.gender.map(|_| GenderBasis::Title);
            if lexicon::is_role_noun(head_word) && m.number == Some(Number::Singular) {
                let phrase_start = role_nominal_start(view, head).unwrap_or(head).max(start);
                m.roles.push(role_ending_at(view, head, phrase_start));
            }
        }
    }
    m
}

/// The first token of a person's name after the titles before it ("Sen. Elizabeth Warren",
/// "Major General Fuad Karim"); a name that is all titles keeps its last word. A title
/// followed by a lower-case word heads the name ("Prince of Spain", "Duke of York").
fn first_after_titles(view: &TokenView, (start, end): (usize, usize)) -> usize {
    let first = (start..end.saturating_sub(1))
        .find(|&i| !lexicon::is_personal_title(&view.lower[i]) && view.lower[i] != "the")
        .unwrap_or(end.saturating_sub(1).max(start));
    if first > start && !view.capitalised(first) {
        start
    } else {
        first
    }
}

/// The words of a name without article, leading titles or trailing possessive
/// ("the Kremlin's" → ["kremlin"], "President Joe Biden" → ["joe", "biden"]).
fn name_words(view: &TokenView, (start, end): (usize, usize)) -> Vec<String> {
    let mut words: Vec<&str> = view.lower[start..end].iter().map(String::as_str).collect();
    while words.len() > 1
        && (words[0] == "the"
            || lexicon::is_role_noun(words[0])
            || lexicon::title_gender(words[0]).is_some())
    {
        words.remove(0);
    }
    while words.len() > 1
        && (matches!(*words.last().unwrap_or(&""), "'s" | "'")
            || lexicon::is_corporate_suffix(words[words.len() - 1]))
    {
        words.pop();
    }
    words
        .into_iter()
        .map(|w| w.trim_end_matches("'s").to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronym_shape() {
        assert!(
            looks_like_acronym("CSTO")
                && looks_like_acronym("U.S.")
                && !looks_like_acronym("Tokayev")
        );
        assert!(!looks_like_acronym("A") && !looks_like_acronym("NUR-SULTAN"));
    }

    #[test]
    fn a_tagged_noun_may_end_the_document() {
        use dateline_document::{Document, Sentence, Span, Token};
        let token = |start, end, upos| Token {
            span: Span::new(start, end),
            upos: Some(upos),
            head: None,
            deprel: None,
        };
        let mut doc = Document {
            text: "the riots".into(),
            tokens: vec![token(0, 3, Upos::Det), token(4, 9, Upos::Noun)],
            sentences: vec![Sentence {
                span: Span::new(0, 9),
                tokens: (0, 2),
            }],
            ..Default::default()
        };
        crate::resolve(&mut doc);
    }
}
