//! Feature extraction: each token of a sentence becomes a list of 64-bit feature hashes.
//!
//! Everything is hashed (no strings are kept), so a model never embeds its training text,
//! and the per-token work is a fixed number of integer mixes: the token's own properties
//! are hashed once into a [`TokenInfo`], and each feature template combines a few of them.
//! The hash functions are written out here because the model file depends on them: they
//! must not change between Rust versions (unlike `DefaultHasher`).

use crate::clusters::Clusters;
use crate::gazetteer::Gazetteer;
use crate::lexicon::Lexicon;
use crate::model::stored_key;
use crate::person_names::PersonNames;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Mixes a 64-bit value (the `splitmix64` finaliser): every input bit flips about half
/// the output bits, so combined hashes spread over the whole table.
#[inline]
pub fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Hash of an ordered pair.
#[inline]
pub fn combine(a: u64, b: u64) -> u64 {
    mix(a.rotate_left(23) ^ b.wrapping_add(0x9e37_79b9_7f4a_7c15))
}

/// FNV-1a over code points: the running value after k characters is the hash of the
/// k-character prefix, so prefixes come for free while hashing the word.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

#[inline]
fn fnv_step(hash: u64, c: char) -> u64 {
    (hash ^ u64::from(c)).wrapping_mul(FNV_PRIME)
}

/// Hash of a lower-cased string, as the gazetteer stores names (one word at a time).
pub fn lower_hash(word: &str) -> u64 {
    word.chars()
        .flat_map(char::to_lowercase)
        .fold(FNV_OFFSET, fnv_step)
}

/// Keys are already well-mixed 64-bit hashes: hashing them again would only cost time.
#[derive(Default)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _bytes: &[u8]) {
        unreachable!("only u64 keys are hashed")
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

pub type HashMapU64<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// Word lists the features consult, stored in the model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lookups {
    pub gazetteer: Gazetteer,
    pub lexicon: Lexicon,
    pub clusters: Clusters,
    pub person_names: PersonNames,
}

const AFFIX_LENGTHS: usize = 4;
/// Words longer than this are not given a form or lower-case feature of their own
/// (URLs, hashes, a 1 MB "token"): their shape and affixes describe them.
const MAX_CHARS: usize = 64;

/// What is known about one token before looking at its neighbours.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokenInfo {
    pub form: u64,
    /// Lower-cased form: the word identity most features use.
    pub lower: u64,
    /// Character classes with runs capped at four: `Xxxxx` for "London", `dddd-dd-dd`.
    pub shape: u64,
    /// Character classes with runs collapsed: `Xx`, `X.X.`, `d-d-d`.
    pub short_shape: u64,
    pub prefixes: [u64; AFFIX_LENGTHS],
    pub suffixes: [u64; AFFIX_LENGTHS],
    /// Has a letter and no lower-case letter ("EU", "BRUSSELS").
    pub upper_only: bool,
    /// Has a lower-case letter.
    pub has_lower: bool,
    /// Has a digit and no letter ("3", "1996-08-22", "2:1").
    pub numeric: bool,
    /// Gazetteer match covering this token: class bits and BILOU position (0 = none).
    pub gazetteer: u8,
    /// How the word is usually capitalised and how common it is ([`Lexicon::class`]).
    pub lexicon: u8,
    /// Distributional word cluster ([`Clusters::cluster`]).
    pub cluster: u16,
    /// First-name and surname frequency bands ([`PersonNames::class`]; 0 = in no list).
    pub person_name: u8,
}

/// The character class used in word shapes.
#[inline]
fn shape_class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() || c.is_alphabetic() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else {
        c
    }
}

/// Reusable buffers: analysing a sentence allocates nothing once these have grown.
#[derive(Debug, Default)]
pub struct Scratch {
    lower_chars: Vec<char>,
    pub tokens: Vec<TokenInfo>,
}

impl Scratch {
    /// Hashes every token of a sentence into `self.tokens`, looks it up in the lexicon and
    /// the clusters, then marks gazetteer matches.
    pub fn analyse(&mut self, words: &[&str], lookups: &Lookups) {
        self.tokens.clear();
        for word in words {
            let mut info = self.token_info(word);
            info.lexicon = lookups.lexicon.class(info.lower);
            info.cluster = lookups.clusters.cluster(info.lower);
            info.person_name = lookups.person_names.class(info.lower);
            self.tokens.push(info);
        }
        lookups.gazetteer.mark(&mut self.tokens);
    }

    fn token_info(&mut self, word: &str) -> TokenInfo {
        let mut info = TokenInfo::default();
        self.lower_chars.clear();
        let mut form = FNV_OFFSET;
        let mut shape = FNV_OFFSET;
        let mut short_shape = FNV_OFFSET;
        let mut last_class = '\0';
        let mut run = 0;
        let mut has_letter = false;
        let mut has_digit = false;
        for (i, c) in word.chars().enumerate() {
            if i >= MAX_CHARS {
                break;
            }
            form = fnv_step(form, c);
            has_letter |= c.is_alphabetic();
            has_digit |= c.is_numeric();
            info.has_lower |= c.is_lowercase();
            let class = shape_class(c);
            run = if class == last_class { run + 1 } else { 1 };
            if run <= 4 {
                shape = fnv_step(shape, class);
            }
            if run == 1 {
                short_shape = fnv_step(short_shape, class);
            }
            last_class = class;
            self.lower_chars.extend(c.to_lowercase());
        }
        let long = word.len() > MAX_CHARS && word.chars().nth(MAX_CHARS).is_some();
        let chars = &self.lower_chars;
        let mut lower = FNV_OFFSET;
        for (i, &c) in chars.iter().enumerate() {
            lower = fnv_step(lower, c);
            if i < AFFIX_LENGTHS {
                info.prefixes[i] = lower;
            }
        }
        for (k, suffix) in info.suffixes.iter_mut().enumerate() {
            let start = chars.len().saturating_sub(k + 1);
            *suffix = chars[start..].iter().copied().fold(FNV_OFFSET, fnv_step);
        }
        if chars.len() < AFFIX_LENGTHS {
            // Short words: the longer "prefixes" repeat the whole word.
            for k in chars.len()..AFFIX_LENGTHS {
                info.prefixes[k] = lower;
            }
        }
        // One shared value for over-long tokens: they carry no word identity.
        info.form = if long { 1 } else { form };
        info.lower = if long { 1 } else { lower };
        info.shape = shape;
        info.short_shape = short_shape;
        info.upper_only = has_letter && !info.has_lower;
        info.numeric = has_digit && !has_letter;
        info
    }
}

/// Feature templates. The numbers are part of the model format: append, never renumber.
#[derive(Clone, Copy)]
#[repr(u64)]
enum Template {
    Bias = 1,
    Form,
    Lower,
    Shape,
    ShortShape,
    Prefix,
    Suffix,
    PrevLower,
    NextLower,
    Prev2Lower,
    Next2Lower,
    PrevBigram,
    NextBigram,
    ShapeTrigram,
    PrevShape,
    NextShape,
    SentenceStart,
    HeadlineLower,
    HeadlineShape,
    Gazetteer,
    GazetteerShape,
    PrevLowerShape,
    ShapeNextLower,
    PrevSuffix,
    NextSuffix,
    Lexicon,
    LexiconShape,
    PrevLexicon,
    NextLexicon,
    Cluster,
    ClusterShape,
    PrevCluster,
    NextCluster,
    SentenceStartLexicon,
    TabularShape,
    TabularLexicon,
    PersonName,
    PersonNameLexicon,
    PrevPersonName,
    NextPersonName,
}

/// A feature hash as the weight table stores it (never 0, see [`stored_key`]).
#[inline]
fn feature(template: Template, value: u64) -> u64 {
    stored_key(combine(template as u64, value))
}

/// Stand-ins for the tokens before the first and after the last.
const BEFORE: TokenInfo = boundary(0x5354_4152_5400_0001);
const AFTER: TokenInfo = boundary(0x454e_4400_0000_0002);

const fn boundary(value: u64) -> TokenInfo {
    TokenInfo {
        form: value,
        lower: value,
        shape: value,
        short_shape: value,
        prefixes: [value; AFFIX_LENGTHS],
        suffixes: [value; AFFIX_LENGTHS],
        upper_only: false,
        has_lower: false,
        numeric: false,
        gazetteer: 0,
        lexicon: 0xfe,
        cluster: 0xfffe,
        person_name: 0,
    }
}

/// What kind of line a sentence is, where that changes what capitalisation means.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SentenceStyle {
    /// Set in capitals (a headline or dateline): capitalisation says nothing about names.
    pub headline: bool,
    /// A row of a table (sports results, prices): at least a third of the tokens are numbers,
    /// and the names in it are mostly teams and companies.
    pub tabular: bool,
}

impl SentenceStyle {
    pub fn of(tokens: &[TokenInfo]) -> SentenceStyle {
        let upper = tokens.iter().filter(|t| t.upper_only).count();
        let numeric = tokens.iter().filter(|t| t.numeric).count();
        SentenceStyle {
            headline: upper >= 2 && !tokens.iter().any(|t| t.has_lower),
            tabular: tokens.len() >= 3 && numeric * 3 >= tokens.len(),
        }
    }
}

/// Writes the features of token `i` into `out` (cleared first).
pub fn extract(tokens: &[TokenInfo], i: usize, style: SentenceStyle, out: &mut Vec<u64>) {
    out.clear();
    let at = |offset: isize| -> &TokenInfo {
        let j = i as isize + offset;
        if j < 0 {
            &BEFORE
        } else {
            tokens.get(j as usize).unwrap_or(&AFTER)
        }
    };
    let (prev2, prev, token, next, next2) = (at(-2), at(-1), at(0), at(1), at(2));
    out.push(feature(Template::Bias, 0));
    out.push(feature(Template::Form, token.form));
    out.push(feature(Template::Lower, token.lower));
    out.push(feature(Template::Shape, token.shape));
    out.push(feature(Template::ShortShape, token.short_shape));
    for k in 0..AFFIX_LENGTHS {
        out.push(feature(
            Template::Prefix,
            combine(k as u64, token.prefixes[k]),
        ));
        out.push(feature(
            Template::Suffix,
            combine(k as u64, token.suffixes[k]),
        ));
    }
    out.push(feature(Template::PrevLower, prev.lower));
    out.push(feature(Template::NextLower, next.lower));
    out.push(feature(Template::Prev2Lower, prev2.lower));
    out.push(feature(Template::Next2Lower, next2.lower));
    out.push(feature(
        Template::PrevBigram,
        combine(prev.lower, token.lower),
    ));
    out.push(feature(
        Template::NextBigram,
        combine(token.lower, next.lower),
    ));
    out.push(feature(
        Template::ShapeTrigram,
        combine(
            combine(prev.short_shape, token.short_shape),
            next.short_shape,
        ),
    ));
    out.push(feature(Template::PrevShape, prev.shape));
    out.push(feature(Template::NextShape, next.shape));
    out.push(feature(
        Template::PrevLowerShape,
        combine(prev.lower, token.short_shape),
    ));
    out.push(feature(
        Template::ShapeNextLower,
        combine(token.short_shape, next.lower),
    ));
    out.push(feature(Template::PrevSuffix, prev.suffixes[2]));
    out.push(feature(Template::NextSuffix, next.suffixes[2]));
    let lexicon = u64::from(token.lexicon);
    out.push(feature(Template::Lexicon, lexicon));
    out.push(feature(
        Template::LexiconShape,
        combine(lexicon, token.short_shape),
    ));
    out.push(feature(
        Template::PrevLexicon,
        combine(u64::from(prev.lexicon), token.short_shape),
    ));
    out.push(feature(
        Template::NextLexicon,
        combine(u64::from(next.lexicon), token.short_shape),
    ));
    let cluster = u64::from(token.cluster);
    out.push(feature(Template::Cluster, cluster));
    out.push(feature(
        Template::ClusterShape,
        combine(cluster, token.short_shape),
    ));
    out.push(feature(Template::PrevCluster, u64::from(prev.cluster)));
    out.push(feature(Template::NextCluster, u64::from(next.cluster)));
    if i == 0 {
        out.push(feature(Template::SentenceStart, token.short_shape));
        out.push(feature(
            Template::SentenceStartLexicon,
            combine(lexicon, token.short_shape),
        ));
    }
    if style.tabular {
        out.push(feature(Template::TabularShape, token.short_shape));
        out.push(feature(Template::TabularLexicon, lexicon));
    }
    if style.headline {
        out.push(feature(Template::HeadlineLower, token.lower));
        out.push(feature(Template::HeadlineShape, token.short_shape));
    }
    if token.gazetteer != 0 {
        let g = u64::from(token.gazetteer);
        out.push(feature(Template::Gazetteer, g));
        out.push(feature(
            Template::GazetteerShape,
            combine(g, token.short_shape),
        ));
    }
    // Name-list features only where a list speaks, so unlisted words cost nothing extra.
    if token.person_name != 0 {
        let name = u64::from(token.person_name);
        out.push(feature(
            Template::PersonName,
            combine(name, token.short_shape),
        ));
        // How the word is usually written tells "Karla" from "Young" or "Nice".
        out.push(feature(Template::PersonNameLexicon, combine(name, lexicon)));
    }
    if prev.person_name != 0 {
        out.push(feature(
            Template::PrevPersonName,
            combine(u64::from(prev.person_name), token.short_shape),
        ));
    }
    if next.person_name != 0 {
        out.push(feature(
            Template::NextPersonName,
            combine(u64::from(next.person_name), token.short_shape),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyse(words: &[&str]) -> Vec<TokenInfo> {
        let mut scratch = Scratch::default();
        scratch.analyse(words, &Lookups::default());
        scratch.tokens
    }

    #[test]
    fn shapes_and_case_are_captured() {
        let t = analyse(&[
            "London",
            "LONDON",
            "london",
            "Paris",
            "1996-08-22",
            "1997-01-05",
        ]);
        assert_eq!(t[0].lower, t[1].lower);
        assert_eq!(t[0].lower, t[2].lower);
        assert_ne!(t[0].form, t[1].form);
        assert_eq!(t[0].short_shape, t[3].short_shape);
        assert_eq!(t[0].shape, t[3].shape, "runs are capped at four");
        assert_ne!(t[0].shape, t[1].shape);
        assert_eq!(t[4].shape, t[5].shape);
        assert!(t[1].upper_only && !t[1].has_lower);
        assert_eq!(t[0].suffixes[2], t[2].suffixes[2]);
        assert_eq!(t[0].lower, lower_hash("LoNdOn"));
    }

    #[test]
    fn features_depend_on_context() {
        let t = analyse(&["in", "London", "today"]);
        let u = analyse(&["from", "London", "today"]);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        extract(&t, 1, SentenceStyle::default(), &mut a);
        extract(&u, 1, SentenceStyle::default(), &mut b);
        assert_eq!(a.len(), b.len());
        assert_eq!(a[1], b[1], "same word");
        assert_ne!(a, b, "different left neighbour");
        assert_eq!(SentenceStyle::of(&t), SentenceStyle::default());
        assert!(SentenceStyle::of(&analyse(&["EU", "REJECTS", "GERMAN", "CALL", "."])).headline);
        assert!(SentenceStyle::of(&analyse(&["Lazio", "2", "Roma", "1"])).tabular);
    }

    #[test]
    fn odd_tokens_do_not_panic() {
        let long = "x".repeat(10_000);
        let words = ["", "😀", "\u{202e}", "\u{0}", "İ", long.as_str()];
        let t = analyse(&words);
        let mut out = Vec::new();
        for i in 0..t.len() {
            extract(&t, i, SentenceStyle::of(&t), &mut out);
            assert!(!out.is_empty());
        }
    }
}
