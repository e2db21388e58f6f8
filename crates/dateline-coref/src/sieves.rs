//! The sieves, from most to least precise, over a union-find of mentions whose roots carry
//! what is known about each cluster.

use crate::lexicon::{self, Gender, Number, Person};
use crate::mentions::{Mention, Role, TokenView};
use dateline_document::{EntityLabel, MentionKind};
// FxHash: the keys are short words and small numbers of one document, never input an
// adversary could choose to collide (and nothing iterates over these maps).
use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry;

/// How many earlier mentions a pronoun or nominal may reach back to, and how many
/// sentences: what keeps a 100k-token document linear.
const MENTION_WINDOW: usize = 60;
const PRONOUN_SENTENCES: usize = 3;
const PERSON_PRONOUN_SENTENCES: usize = 10;
const FIRST_PERSON_SENTENCES: usize = 10;
/// How many same-surname names or role holders a mention looks at, nearest first.
const CANDIDATE_CAP: usize = 50;

/// Runs every sieve and returns the clusters as mention indices, each sorted, ordered by
/// first mention.
pub fn cluster(view: &TokenView, mentions: &[Mention]) -> Vec<Vec<usize>> {
    let mut clusters = Clusters::new(mentions);
    exact_names(&mut clusters, mentions);
    exact_nominals(&mut clusters, mentions);
    acronyms(&mut clusters, view, mentions);
    name_parts(&mut clusters, mentions);
    roles(&mut clusters, mentions);
    nominal_heads(&mut clusters, mentions);
    pronouns(&mut clusters, view, mentions);
    clusters.groups()
}

/// What a cluster is known to be; `None` is "no evidence".
#[derive(Debug, Clone, Default)]
struct Info {
    label: Option<EntityLabel>,
    gender: Option<Gender>,
    number: Option<Number>,
    animate: Option<bool>,
    first_names: Vec<String>,
    /// Every word of the cluster's person names, to tell a first name from a surname part.
    name_words: Vec<String>,
    /// Holds a proper name: open to "he"/"she" without other evidence of being a person.
    named: bool,
}

impl Info {
    fn of(m: &Mention) -> Info {
        let person_name =
            m.kind == MentionKind::Name && m.label.is_none_or(|l| l == EntityLabel::Per);
        Info {
            label: m.label,
            gender: m.gender,
            number: m.number,
            animate: m.animate,
            first_names: if person_name && m.name.len() >= 2 {
                vec![m.name[0].clone()]
            } else {
                Vec::new()
            },
            name_words: if person_name {
                m.name.clone()
            } else {
                Vec::new()
            },
            named: m.kind == MentionKind::Name,
        }
    }

    fn agrees(&self, other: &Info, check_label: bool) -> bool {
        fn same<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
            a.is_none() || b.is_none() || a == b
        }
        // "Hillary Clinton" and "Bill Clinton" clash; "Clara Martínez Cantón" and
        // "Martínez Cantón" do not, as "Martínez" is in the longer name.
        let first_names_agree = self.first_names.is_empty()
            || other.first_names.is_empty()
            || self
                .first_names
                .iter()
                .any(|n| other.name_words.contains(n))
            || other
                .first_names
                .iter()
                .any(|n| self.name_words.contains(n));
        // Two people named without a word in common ("Obama", "George W. Bush") are two
        // people, however many roles ("the president") they share.
        let person =
            |info: &Info| info.label == Some(EntityLabel::Per) && !info.name_words.is_empty();
        let names_clash = person(self)
            && person(other)
            && !self.name_words.iter().any(|w| other.name_words.contains(w));
        (!check_label || same(&self.label, &other.label))
            && same(&self.gender, &other.gender)
            && same(&self.number, &other.number)
            && same(&self.animate, &other.animate)
            && first_names_agree
            && !names_clash
    }

    fn absorb(&mut self, other: &Info) {
        self.label = self.label.or(other.label);
        self.gender = self.gender.or(other.gender);
        self.animate = self.animate.or(other.animate);
        self.named |= other.named;
        // An organisation is "it" and "they" alike: its number stays open.
        if !matches!(
            self.label,
            Some(EntityLabel::Org | EntityLabel::Loc | EntityLabel::Misc)
        ) {
            self.number = self.number.or(other.number);
        }
        for (mine, theirs) in [
            (&mut self.first_names, &other.first_names),
            (&mut self.name_words, &other.name_words),
        ] {
            for word in theirs {
                if !mine.contains(word) {
                    mine.push(word.clone());
                }
            }
        }
    }
}

struct Clusters {
    parent: Vec<usize>,
    info: Vec<Info>,
}

impl Clusters {
    fn new(mentions: &[Mention]) -> Self {
        Clusters {
            parent: (0..mentions.len()).collect(),
            info: mentions.iter().map(Info::of).collect(),
        }
    }

    fn root(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn info(&mut self, x: usize) -> &Info {
        let r = self.root(x);
        &self.info[r]
    }

    /// Links `a` and `b` when their clusters agree; returns whether they are now one.
    fn link(&mut self, a: usize, b: usize, check_label: bool) -> bool {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra == rb {
            return true;
        }
        if !self.info[ra].agrees(&self.info[rb], check_label) {
            return false;
        }
        let (keep, gone) = (ra.min(rb), ra.max(rb));
        let absorbed = self.info[gone].clone();
        self.info[keep].absorb(&absorbed);
        self.parent[gone] = keep;
        true
    }

    fn groups(mut self) -> Vec<Vec<usize>> {
        let mut by_root: HashMap<usize, usize> = HashMap::default();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for i in 0..self.parent.len() {
            let r = self.root(i);
            let g = *by_root.entry(r).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[g].push(i);
        }
        groups
    }
}

fn is_named(m: &Mention) -> bool {
    matches!(m.kind, MentionKind::Name | MentionKind::Acronym)
}

/// "Kassym-Jomart Tokayev", "U.S." → "kassym-jomart tokayev", "us".
fn name_key(words: &[String]) -> String {
    let joined = words.join(" ");
    // Most names have no lone hyphen, no dot and no blank inside a word: then there is
    // nothing to replace (a " - " needs a word that is just "-").
    if words.iter().all(|w| w != "-" && !w.contains([' ', '.'])) {
        return joined;
    }
    joined.replace(" - ", "-").replace('.', "")
}

/// Sieve 1: the same name, spelled the same way.
fn exact_names(clusters: &mut Clusters, mentions: &[Mention]) {
    let mut first: HashMap<String, usize> = HashMap::default();
    for (i, m) in mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| is_named(m) && !m.name.is_empty())
    {
        match first.entry(name_key(&m.name)) {
            Entry::Occupied(earlier) => {
                clusters.link(*earlier.get(), i, true);
            }
            Entry::Vacant(slot) => {
                slot.insert(i);
            }
        }
    }
}

/// First words of a noun phrase that introduces a new referent.
const INDEFINITE: &[&str] = &[
    "a", "an", "another", "some", "any", "no", "each", "every", "one", "many", "several", "few",
    "other",
];

/// Sieve 1b: the same common-noun phrase again ("the operation" ... "the operation"),
/// unless it introduces something new ("a", "another", "some").
fn exact_nominals(clusters: &mut Clusters, mentions: &[Mention]) {
    let mut last: HashMap<String, usize> = HashMap::default();
    for (i, m) in mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.kind == MentionKind::Nominal)
    {
        if INDEFINITE.contains(&m.words[0].as_str()) || lexicon::is_pro_form(head_word(m)) {
            continue;
        }
        if let Some(j) = last.insert(name_key(&m.words), i) {
            clusters.link(j, i, true);
        }
    }
}

/// Acronym and expansion may be tagged ORG and MISC by the NER; other type clashes block.
fn acronym_types_agree(a: Option<EntityLabel>, b: Option<EntityLabel>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => {
            x == y
                || matches!(
                    (x, y),
                    (EntityLabel::Org, EntityLabel::Misc) | (EntityLabel::Misc, EntityLabel::Org)
                )
        }
        _ => true,
    }
}

/// Sieve 2: acronyms defined in the text ("Long Name (LN)" or "LN (Long Name)"), formed
/// from a name's initials, or expanded by the known-acronym table.
fn acronyms(clusters: &mut Clusters, view: &TokenView, mentions: &[Mention]) {
    let mut by_initials: HashMap<String, Vec<usize>> = HashMap::default();
    let mut by_key: HashMap<String, usize> = HashMap::default();
    let mut ending_at: HashMap<usize, usize> = HashMap::default();
    let mut starting_at: HashMap<usize, usize> = HashMap::default();
    for (i, m) in mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.kind == MentionKind::Name)
    {
        ending_at.insert(m.tokens.1, i);
        starting_at.insert(m.tokens.0, i);
        by_key.entry(name_key(&m.name)).or_insert(i);
        if m.name.len() >= 2 {
            let originals = &view.original[m.tokens.0..m.tokens.1];
            for initials in initials_of(originals) {
                by_initials.entry(initials).or_default().push(i);
            }
        }
    }
    for (i, m) in mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.kind == MentionKind::Acronym)
    {
        let letters: String = view.original[m.tokens.0]
            .chars()
            .filter(|c| *c != '.')
            .collect();
        let (start, end) = m.tokens;
        let before_paren = start >= 2 && view.lower[start - 1] == "(";
        let defined = before_paren
            .then(|| ending_at.get(&(start - 1)).copied())
            .flatten()
            .or_else(|| {
                (view.lower.get(end).is_some_and(|w| w == "("))
                    .then(|| starting_at.get(&(end + 1)).copied())
                    .flatten()
            });
        let by_letters = by_initials
            .get(&letters)
            .and_then(|names| nearest(names, i));
        let known = lexicon::known_acronym(&letters).and_then(|expansion| {
            by_key
                .get(&name_key(
                    &expansion
                        .to_lowercase()
                        .split(' ')
                        .map(str::to_string)
                        .collect::<Vec<_>>(),
                ))
                .copied()
        });
        if let Some(j) = defined.or(by_letters).or(known) {
            if acronym_types_agree(m.label, mentions[j].label) {
                clusters.link(i, j, false);
            }
        }
    }
}

/// Initials of the capitalised words, with and without function words
/// ("Bank of England" → "BOE", "BE"; "Co-operation" counts once).
fn initials_of(words: &[&str]) -> Vec<String> {
    let mut all = String::new();
    let mut content = String::new();
    for word in words {
        let Some(first) = word.chars().next() else {
            continue;
        };
        if !first.is_alphabetic() {
            continue;
        }
        let upper: String = first.to_uppercase().collect();
        all.push_str(&upper);
        if !lexicon::is_acronym_filler(&word.to_lowercase()) {
            content.push_str(&upper);
        }
    }
    if all == content {
        vec![all]
    } else {
        vec![all, content]
    }
}

/// The nearest preceding element of the sorted `indices` before `i`, else the nearest after.
fn nearest(indices: &[usize], i: usize) -> Option<usize> {
    let pos = indices.partition_point(|&j| j < i);
    pos.checked_sub(1)
        .map(|p| indices[p])
        .or_else(|| indices[pos..].iter().copied().find(|&j| j != i))
}

/// Sieve 3: a part of a person's name ("Tokayev", "Mr Tokayev") links to the full name
/// that ends with it and contains all its words, nearest first; a different first name
/// is a conflict the cluster check rejects.
fn name_parts(clusters: &mut Clusters, mentions: &[Mention]) {
    let person = |m: &Mention| {
        m.kind == MentionKind::Name
            && m.plain_name
            && m.label.is_none_or(|l| l == EntityLabel::Per)
            && !m.name.is_empty()
    };
    let mut by_surname: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, m) in mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| person(m) && m.name.len() >= 2)
    {
        by_surname
            .entry(m.name[m.name.len() - 1].as_str())
            .or_default()
            .push(i);
    }
    for (i, m) in mentions.iter().enumerate().filter(|(_, m)| person(m)) {
        let Some(fuller) = by_surname.get(m.name[m.name.len() - 1].as_str()) else {
            continue;
        };
        let contains_all = |j: usize| {
            mentions[j].name.len() > m.name.len()
                && m.name.iter().all(|w| mentions[j].name.contains(w))
        };
        for j in by_distance(fuller, i).take(CANDIDATE_CAP) {
            if contains_all(j) && clusters.link(i, j, true) {
                break;
            }
        }
    }
    first_names(clusters, mentions, &by_surname);
}

/// A known first name alone ("Matthew", in court records, features and fiction) links to
/// the one full name in the document that starts with it ("Matthew Collins"), unless some
/// full name ends with the word (then it may be a surname, which [`name_parts`] handles) or
/// two different people bear that first name.
fn first_names(
    clusters: &mut Clusters,
    mentions: &[Mention],
    by_surname: &HashMap<&str, Vec<usize>>,
) {
    let mut by_first: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, m) in mentions.iter().enumerate() {
        if m.kind == MentionKind::Name && m.label == Some(EntityLabel::Per) && m.name.len() >= 2 {
            by_first.entry(m.name[0].as_str()).or_default().push(i);
        }
    }
    for (i, m) in mentions.iter().enumerate() {
        let word = match m.name.as_slice() {
            [word] if m.kind == MentionKind::Name && m.label == Some(EntityLabel::Per) => word,
            _ => continue,
        };
        if by_surname.contains_key(word.as_str())
            || lexicon::first_name_gender(word, true).is_none()
        {
            continue;
        }
        let Some(fuller) = by_first.get(word.as_str()) else {
            continue;
        };
        let one_person = fuller
            .iter()
            .all(|&j| mentions[j].name == mentions[fuller[0]].name);
        if one_person {
            if let Some(j) = by_distance(fuller, i).next() {
                clusters.link(i, j, true);
            }
        }
    }
}

/// The sorted `indices` other than `i`, preceding ones nearest first, then following ones.
fn by_distance(indices: &[usize], i: usize) -> impl Iterator<Item = usize> + '_ {
    let pos = indices.partition_point(|&j| j < i);
    indices[..pos]
        .iter()
        .rev()
        .chain(indices[pos..].iter())
        .copied()
        .filter(move |&j| j != i)
}

/// Sieve 4: a role nominal ("the president", "Kazakh president") links to the person a
/// title or apposition gave that role ("Kazakhstan's President X"), the nearest before it,
/// else the nearest after it (headlines name the role before the person); with no such
/// person, to the previous nominal of the same role.
fn roles(clusters: &mut Clusters, mentions: &[Mention]) {
    let mut holders: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, m) in mentions.iter().enumerate().filter(|(_, m)| is_named(m)) {
        for role in &m.roles {
            holders.entry(role.noun.as_str()).or_default().push(i);
        }
    }
    let mut previous_nominal: HashMap<&str, usize> = HashMap::default();
    for (i, m) in mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.kind == MentionKind::Nominal)
    {
        let Some(role) = m.roles.first() else {
            continue;
        };
        let holder_agrees = |j: usize| {
            mentions[j]
                .roles
                .iter()
                .any(|r| r.noun == role.noun && modifiers_agree(role, r))
        };
        let mut linked = false;
        if let Some(list) = holders.get(role.noun.as_str()) {
            for j in by_distance(list, i).take(CANDIDATE_CAP) {
                if holder_agrees(j) && clusters.link(i, j, true) {
                    linked = true;
                    break;
                }
            }
        }
        if !linked {
            if let Some(&j) = previous_nominal.get(role.noun.as_str()) {
                if modifiers_agree(role, &mentions[j].roles[0]) {
                    clusters.link(i, j, true);
                }
            }
        }
        previous_nominal.insert(role.noun.as_str(), i);
    }
}

/// Every modifier of the anaphor's role must match one of the holder's (when the holder
/// has any): "Kazakh president" fits "Kazakhstan's President", "Russian president" does not.
fn modifiers_agree(anaphor: &Role, holder: &Role) -> bool {
    const GENERIC: &[&str] = &[
        "country",
        "nation",
        "state",
        "current",
        "incumbent",
        "new",
        "top",
        "then",
        "its",
        "their",
        "his",
        "her",
    ];
    holder.modifiers.is_empty()
        || anaphor
            .modifiers
            .iter()
            .filter(|m| !GENERIC.contains(&m.as_str()))
            .all(|m| holder.modifiers.iter().any(|h| same_place_word(m, h)))
}

/// "kazakh" ~ "kazakhstan", "russian" ~ "russia", "chinese" ~ "china": a shared stem of at
/// least four letters followed only by a demonym or country-name ending.
fn same_place_word(a: &str, b: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "", "n", "an", "ian", "ese", "i", "ish", "stan", "a", "ia", "y", "e", "ic", "ain", "ey",
        "land", "er",
    ];
    if a == b {
        return true;
    }
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let rest = |w: &str| w.chars().skip(common).collect::<String>();
    common >= 4 && ENDINGS.contains(&rest(a).as_str()) && ENDINGS.contains(&rest(b).as_str())
}

/// Sieve 5: a definite nominal ("the operation") links to an earlier mention with the same
/// head word whose words include all of its own ("the counterterrorism operation").
fn nominal_heads(clusters: &mut Clusters, mentions: &[Mention]) {
    const LOOK_BACK: usize = 5;
    let mut by_head: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, m) in mentions.iter().enumerate() {
        let head_word = head_word(m);
        if m.kind == MentionKind::Nominal
            && !INDEFINITE.contains(&m.words[0].as_str())
            && !lexicon::is_pro_form(head_word)
        {
            if let Some(earlier) = by_head.get(head_word) {
                let modifiers: Vec<&String> = m
                    .words
                    .iter()
                    .filter(|w| {
                        !matches!(
                            w.as_str(),
                            "the" | "this" | "that" | "these" | "those" | "'s" | "'"
                        ) && lexicon::pronoun(w).is_none()
                    })
                    .collect();
                for &j in earlier.iter().rev().take(LOOK_BACK) {
                    let a = &mentions[j];
                    let nested = a.tokens.0 < m.tokens.1 && m.tokens.0 < a.tokens.1;
                    if !nested
                        && modifiers.iter().all(|w| a.words.contains(w))
                        && clusters.link(i, j, true)
                    {
                        break;
                    }
                }
            }
        }
        if matches!(m.kind, MentionKind::Nominal | MentionKind::Name) {
            by_head.entry(head_word).or_default().push(i);
        }
    }
}

fn head_word(m: &Mention) -> &str {
    &m.words[m.head - m.tokens.0]
}

/// Sieve 6: pronouns. Third person: the most salient agreeing mention, looking at the
/// current sentence then up to three before, subjects first, then left to right.
/// First and second person: the previous pronoun of the same person and number.
fn pronouns(clusters: &mut Clusters, view: &TokenView, mentions: &[Mention]) {
    for (i, m) in mentions.iter().enumerate() {
        let Some(p) = m.pronoun else { continue };
        let window = mentions[i.saturating_sub(MENTION_WINDOW)..i]
            .iter()
            .enumerate()
            .map(|(k, a)| (i.saturating_sub(MENTION_WINDOW) + k, a));
        if p.person != Person::Third {
            let antecedent = window
                .rev()
                .take_while(|(_, a)| {
                    m.sentence - a.sentence.min(m.sentence) <= FIRST_PERSON_SENTENCES
                })
                .find(|(_, a)| {
                    a.pronoun.is_some_and(|q| {
                        q.person == p.person && (p.person == Person::Second || q.number == p.number)
                    })
                });
            if let Some((j, _)) = antecedent {
                clusters.link(i, j, false);
            }
            continue;
        }
        // A reflexive's antecedent is in its clause. "he"/"she" may reach further back than
        // other pronouns when nothing nearer agrees: the speaker of a long quotation.
        let max_distance = match p.gender {
            _ if p.reflexive => 0,
            Some(Gender::Male | Gender::Female) => PERSON_PRONOUN_SENTENCES,
            Some(Gender::Neuter) => 1,
            _ => PRONOUN_SENTENCES,
        };
        let mut ranked: Vec<(bool, usize, bool, bool, usize, usize)> = window
            .filter(|(_, a)| m.sentence >= a.sentence && m.sentence - a.sentence <= max_distance)
            .filter(|(_, a)| a.tokens.1 <= m.tokens.0 || a.tokens.0 >= m.tokens.1)
            .filter(|(_, a)| a.tokens.0 < m.tokens.0)
            .map(|(j, a)| {
                let distance = m.sentence - a.sentence;
                (
                    distance > PRONOUN_SENTENCES,
                    distance,
                    !a.subject,
                    a.embedded,
                    a.tokens.0,
                    j,
                )
            })
            .collect();
        ranked.sort_unstable();
        for (_, _, _, _, _, j) in ranked {
            if bound_locally(view, m, &mentions[j]) {
                continue;
            }
            let info = clusters.info(j).clone();
            if pronoun_agrees(m, &info) && clusters.link(i, j, false) {
                break;
            }
        }
    }
}

/// "Tokayev praised him": a plain object pronoun cannot be its own clause's subject.
fn bound_locally(view: &TokenView, pronoun: &Mention, antecedent: &Mention) -> bool {
    let object = view
        .deprel(pronoun.head)
        .is_some_and(|d| d == "obj" || d == "iobj");
    let reflexive = pronoun.pronoun.is_some_and(|p| p.reflexive);
    object
        && !reflexive
        && antecedent.subject
        && view.governor(pronoun.head).is_some()
        && view.governor(pronoun.head) == view.governor(antecedent.head)
}

/// Person, gender, number and animacy agreement between a pronoun and a cluster ("he" and
/// "she" need evidence of a person: a person noun, a PER name, or a name of unknown type);
/// "it" and "they" fit organisations too (not places for "they": "Kazakhstan ... they" is rare).
fn pronoun_agrees(pronoun: &Mention, info: &Info) -> bool {
    let Some(p) = pronoun.pronoun else {
        return false;
    };
    match p.gender {
        Some(Gender::Male | Gender::Female) => {
            info.label.is_none_or(|l| l == EntityLabel::Per)
                && (info.animate == Some(true) || info.animate.is_none() && info.named)
                && info.gender.is_none_or(|g| Some(g) == p.gender)
                && info.number != Some(Number::Plural)
        }
        Some(Gender::Neuter) => {
            info.label != Some(EntityLabel::Per)
                && info.animate != Some(true)
                && info.gender.is_none_or(|g| g == Gender::Neuter)
                && info.number != Some(Number::Plural)
        }
        None => match info.label {
            Some(EntityLabel::Per | EntityLabel::Loc) => info.number == Some(Number::Plural),
            Some(_) => true,
            None => {
                info.number != Some(Number::Singular)
                    && info.gender.is_none_or(|g| g == Gender::Neuter)
                    || info.number == Some(Number::Plural)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_words_match_their_demonyms_only() {
        assert!(same_place_word("kazakh", "kazakhstan"));
        assert!(same_place_word("russian", "russia"));
        assert!(same_place_word("chinese", "china"));
        assert!(!same_place_word("austrian", "australia"));
        assert!(!same_place_word("kazakh", "kyrgyz"));
    }

    #[test]
    fn initials_with_and_without_function_words() {
        assert_eq!(
            initials_of(&["Collective", "Security", "Treaty", "Organization"]),
            vec!["CSTO"]
        );
        assert_eq!(initials_of(&["Bank", "of", "England"]), vec!["BOE", "BE"]);
    }

    #[test]
    fn nearest_prefers_the_preceding_index() {
        assert_eq!(nearest(&[1, 5, 9], 7), Some(5));
        assert_eq!(nearest(&[8, 9], 7), Some(8));
        assert_eq!(nearest(&[7], 7), None);
        assert_eq!(
            by_distance(&[1, 5, 9], 7).collect::<Vec<_>>(),
            vec![5, 1, 9]
        );
    }
}
