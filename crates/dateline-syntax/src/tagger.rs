//! Greedy left-to-right averaged-perceptron part-of-speech tagger (UD UPOS).
//!
//! Features: the word, its affixes and shape, two words of context on each side, the two
//! previous predicted tags, and each word's ambiguity class (the set of tags it had in
//! training), which gives the tagger a look at the right context's likely tags. Frequent
//! words that always had one tag are tagged from a dictionary without scoring.

use crate::hashing::{feature, form_hash, lower_hash, small, WordAtoms};
use crate::model_file::{ModelKind, Reader, Writer};
use crate::perceptron::{best_allowed, PreHashedMap, ScoreWork, Trainer, Weights};
use crate::rng::SplitMix;
use crate::SyntaxError;
use dateline_document::Upos;
use std::path::Path;

const TAG_NAMESPACE: u64 = 0x7a6;
const AMBIGUITY_NAMESPACE: u64 = 0xa3b;
const POSITION_NAMESPACE: u64 = 0x905;
/// Tags of positions before the sentence start.
const START_TAG: u64 = 0;

/// A word needs this many training occurrences to enter the tag dictionary ...
const DICTIONARY_MIN_COUNT: u32 = 20;
/// ... and this share of them with one tag.
const DICTIONARY_MIN_SHARE: f32 = 0.97;
/// A tag joins a word's ambiguity class when it makes at least this share of its uses.
const AMBIGUITY_MIN_SHARE: f32 = 0.05;
/// Words seen fewer times have no ambiguity class, as unknown words at run time.
const AMBIGUITY_MIN_COUNT: u32 = 2;

/// Context padding on each side of the sentence.
const PAD: usize = 2;

fn tag_atom(tag: Option<usize>) -> u64 {
    small(TAG_NAMESPACE, tag.map_or(START_TAG, |t| t as u64 + 1))
}

/// Per-token inputs to the feature templates, computed once per sentence.
#[derive(Clone, Copy)]
struct TokenContext {
    atoms: WordAtoms,
    /// Exact-form hash, for the tag dictionary.
    form: u64,
    ambiguity: u64,
}

impl TokenContext {
    fn padding(side: u64) -> Self {
        let atom = small(POSITION_NAMESPACE, side);
        TokenContext {
            atoms: WordAtoms {
                lower: atom,
                suffix: [atom; 4],
                prefix: [atom; 4],
                shape: atom,
            },
            form: atom,
            ambiguity: atom,
        }
    }
}

/// A trained tagger. Immutable after loading, so it is shared freely across threads.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagger {
    weights: Weights,
    /// Exact form hash -> tag index, for frequent unambiguous words.
    dictionary: PreHashedMap<u8>,
    /// Lowercased form hash -> bit mask of tags seen in training.
    ambiguity: PreHashedMap<u32>,
}

/// Number of features [`features`] emits; the buffer is allocated once per sentence.
const FEATURES: usize = 40;

fn features(
    ctx: &[TokenContext],
    i: usize,
    prev: Option<usize>,
    prev2: Option<usize>,
    out: &mut Vec<u64>,
) {
    let p = i + PAD;
    let (w, l1, l2, r1, r2) = (&ctx[p], &ctx[p - 1], &ctx[p - 2], &ctx[p + 1], &ctx[p + 2]);
    let (t1, t2) = (tag_atom(prev), tag_atom(prev2));
    let a = &w.atoms;
    out.clear();
    out.extend_from_slice(&[
        feature(0, &[]),
        feature(1, &[a.lower]),
        feature(2, &[a.suffix[0]]),
        feature(3, &[a.suffix[1]]),
        feature(4, &[a.suffix[2]]),
        feature(5, &[a.suffix[3]]),
        feature(6, &[a.prefix[0]]),
        feature(7, &[a.prefix[1]]),
        feature(8, &[a.prefix[2]]),
        feature(9, &[a.shape]),
        feature(10, &[w.ambiguity]),
        feature(11, &[l1.atoms.lower]),
        feature(12, &[l2.atoms.lower]),
        feature(13, &[r1.atoms.lower]),
        feature(14, &[r2.atoms.lower]),
        feature(15, &[l1.atoms.suffix[2]]),
        feature(16, &[r1.atoms.suffix[2]]),
        feature(17, &[l1.atoms.shape]),
        feature(18, &[r1.atoms.shape]),
        feature(19, &[t1]),
        feature(20, &[t2]),
        feature(21, &[t1, t2]),
        feature(22, &[t1, a.lower]),
        feature(23, &[t1, w.ambiguity]),
        feature(24, &[w.ambiguity, r1.ambiguity]),
        feature(25, &[r1.ambiguity]),
        feature(26, &[r2.ambiguity]),
        feature(27, &[a.lower, r1.atoms.lower]),
        feature(28, &[l1.atoms.lower, a.lower]),
        feature(29, &[u64::from(i == 0), a.shape]),
        feature(30, &[t1, r1.ambiguity]),
        feature(31, &[t1, a.suffix[2]]),
        feature(32, &[w.form]),
        feature(33, &[t1, r1.atoms.lower]),
        feature(34, &[a.lower, r1.ambiguity]),
        feature(35, &[l1.ambiguity]),
        feature(36, &[r1.atoms.lower, r2.atoms.lower]),
        feature(37, &[t2, t1, a.lower]),
        feature(38, &[r1.atoms.suffix[0]]),
        feature(39, &[l1.atoms.lower, a.suffix[2]]),
    ]);
    debug_assert_eq!(out.len(), FEATURES);
}

impl Tagger {
    fn contexts(&self, words: &[&str]) -> Vec<TokenContext> {
        let atoms: Vec<WordAtoms> = words.iter().map(|w| WordAtoms::new(w)).collect();
        self.contexts_from_atoms(words, &atoms)
    }

    /// `atoms[i]` must be `WordAtoms::new(words[i])`.
    fn contexts_from_atoms(&self, words: &[&str], atoms: &[WordAtoms]) -> Vec<TokenContext> {
        let mut ctx = Vec::with_capacity(words.len() + 2 * PAD);
        ctx.extend([TokenContext::padding(1), TokenContext::padding(2)]);
        for (w, &atoms) in words.iter().zip(atoms) {
            let mask = self.ambiguity.get(&atoms.lower).copied().unwrap_or(0);
            ctx.push(TokenContext {
                atoms,
                form: form_hash(w),
                ambiguity: small(AMBIGUITY_NAMESPACE, u64::from(mask)),
            });
        }
        ctx.extend([TokenContext::padding(3), TokenContext::padding(4)]);
        ctx
    }

    /// UPOS tags for one sentence of words. Never fails: unknown words get the best guess.
    pub fn tag(&self, words: &[&str]) -> Vec<Upos> {
        let atoms: Vec<WordAtoms> = words.iter().map(|w| WordAtoms::new(w)).collect();
        self.tag_with_atoms(words, &atoms)
    }

    /// [`Tagger::tag`] with the words' atoms already computed (`atoms[i]` from `words[i]`),
    /// so that the parser can reuse them.
    pub(crate) fn tag_with_atoms(&self, words: &[&str], atoms: &[WordAtoms]) -> Vec<Upos> {
        self.tag_contexts(&self.contexts_from_atoms(words, atoms))
            .into_iter()
            .map(|t| Upos::ALL[t])
            .collect()
    }

    fn tag_contexts(&self, ctx: &[TokenContext]) -> Vec<usize> {
        let words = ctx.len() - 2 * PAD;
        let mut tags = Vec::with_capacity(words);
        let mut feats = Vec::with_capacity(FEATURES);
        let mut scores = vec![0.0f32; Upos::ALL.len()];
        let mut work = ScoreWork::new();
        for i in 0..words {
            let tag = match self.dictionary.get(&ctx[i + PAD].form) {
                Some(&t) => t as usize,
                None => {
                    let prev = i.checked_sub(1).map(|j| tags[j]);
                    let prev2 = i.checked_sub(2).map(|j| tags[j]);
                    features(ctx, i, prev, prev2, &mut feats);
                    self.weights.score(&feats, &mut scores, &mut work);
                    best_allowed(&scores, |_| true).unwrap_or(0)
                }
            };
            tags.push(tag);
        }
        tags
    }

    /// A smaller model without the weights below `threshold` in magnitude.
    pub fn pruned(&self, threshold: f32) -> Self {
        Tagger {
            weights: self.weights.pruned(threshold),
            ..self.clone()
        }
    }

    pub fn load(path: impl AsRef<Path>) -> Result<Self, SyntaxError> {
        let path = path.as_ref();
        let bytes =
            std::fs::read(path).map_err(|e| SyntaxError::new(path.display(), e.to_string()))?;
        Self::from_bytes(&path.display().to_string(), &bytes)
    }

    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), SyntaxError> {
        let path = path.as_ref();
        std::fs::write(path, self.to_bytes())
            .map_err(|e| SyntaxError::new(path.display(), e.to_string()))
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new(ModelKind::Tagger);
        w.len(Upos::ALL.len());
        for t in Upos::ALL {
            w.str(t.as_str());
        }
        let dictionary = sorted(self.dictionary.iter().map(|(&k, &v)| (k, u32::from(v))));
        let ambiguity = sorted(self.ambiguity.iter().map(|(&k, &v)| (k, v)));
        for map in [dictionary, ambiguity] {
            w.len(map.len());
            for (k, v) in map {
                w.u64(k);
                w.u32(v);
            }
        }
        self.weights.write(&mut w);
        w.finish()
    }

    /// `input` names the source in errors.
    pub fn from_bytes(input: &str, bytes: &[u8]) -> Result<Self, SyntaxError> {
        let mut r = Reader::new(input, bytes, ModelKind::Tagger)?;
        let n = r.len(8)?;
        let names = (0..n).map(|_| r.str()).collect::<Result<Vec<_>, _>>()?;
        let expected: Vec<&str> = Upos::ALL.iter().map(|t| t.as_str()).collect();
        if names != expected {
            return Err(r.error(format!(
                "tag set {names:?} differs from this build's {expected:?}"
            )));
        }
        let read_map = |r: &mut Reader<'_>| -> Result<PreHashedMap<u32>, SyntaxError> {
            let n = r.len(12)?;
            let mut map = PreHashedMap::with_capacity_and_hasher(n, Default::default());
            for _ in 0..n {
                let k = r.u64()?;
                map.insert(k, r.u32()?);
            }
            Ok(map)
        };
        let dictionary_u32 = read_map(&mut r)?;
        let ambiguity = read_map(&mut r)?;
        let mut dictionary =
            PreHashedMap::with_capacity_and_hasher(dictionary_u32.len(), Default::default());
        for (k, v) in dictionary_u32 {
            if v as usize >= Upos::ALL.len() {
                return Err(r.error(format!("tag dictionary entry with tag index {v}")));
            }
            dictionary.insert(k, v as u8);
        }
        let weights = Weights::read(&mut r)?;
        if weights.classes() != Upos::ALL.len() {
            return Err(r.error(format!(
                "weights for {} classes, expected {}",
                weights.classes(),
                Upos::ALL.len()
            )));
        }
        r.finish()?;
        Ok(Tagger {
            weights,
            dictionary,
            ambiguity,
        })
    }

    /// Model size figures for reports.
    pub fn stats(&self) -> ModelStats {
        ModelStats {
            features: self.weights.features(),
            weights: self.weights.entries(),
            dictionary_words: self.dictionary.len(),
            lexicon_words: self.ambiguity.len(),
        }
    }
}

#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct ModelStats {
    pub features: usize,
    pub weights: usize,
    pub dictionary_words: usize,
    pub lexicon_words: usize,
}

fn sorted(items: impl Iterator<Item = (u64, u32)>) -> Vec<(u64, u32)> {
    let mut v: Vec<_> = items.collect();
    v.sort_unstable();
    v
}

/// One training sentence: forms and gold tag indices into [`Upos::ALL`].
pub struct TaggedSentence {
    pub words: Vec<String>,
    pub tags: Vec<usize>,
}

#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct TaggerOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Averaged weights smaller than this are dropped from the model.
    pub prune: f32,
}

impl Default for TaggerOptions {
    fn default() -> Self {
        TaggerOptions {
            epochs: 12,
            seed: 1,
            prune: 0.05,
        }
    }
}

/// Builds the tag dictionary and ambiguity lexicon, then trains the weights. `on_epoch`
/// sees each epoch's frozen tagger (for dev curves); pass `|_, _| {}` to skip.
pub fn train(
    sentences: &[TaggedSentence],
    options: &TaggerOptions,
    mut on_epoch: impl FnMut(usize, &Tagger),
) -> Tagger {
    let (dictionary, ambiguity) = build_lexicons(sentences);
    let mut tagger = Tagger {
        weights: Trainer::new(Upos::ALL.len()).freeze(0.0),
        dictionary,
        ambiguity,
    };
    let mut trainer = Trainer::new(Upos::ALL.len());
    let contexts: Vec<Vec<TokenContext>> = sentences
        .iter()
        .map(|s| tagger.contexts(&s.words.iter().map(String::as_str).collect::<Vec<_>>()))
        .collect();
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut rng = SplitMix::new(options.seed);
    let mut feats = Vec::with_capacity(FEATURES);
    let mut scores = vec![0.0f32; Upos::ALL.len()];
    for epoch in 0..options.epochs {
        rng.shuffle(&mut order);
        for &s in &order {
            let (ctx, gold) = (&contexts[s], &sentences[s].tags);
            let mut predicted: Vec<usize> = Vec::with_capacity(gold.len());
            for (i, &truth) in gold.iter().enumerate() {
                let guess = match tagger.dictionary.get(&ctx[i + PAD].form) {
                    Some(&t) => t as usize,
                    None => {
                        let prev = i.checked_sub(1).map(|j| predicted[j]);
                        let prev2 = i.checked_sub(2).map(|j| predicted[j]);
                        features(ctx, i, prev, prev2, &mut feats);
                        trainer.score(&feats, &mut scores);
                        let guess = best_allowed(&scores, |_| true).unwrap_or(0);
                        trainer.update(&feats, truth, guess);
                        trainer.tick();
                        guess
                    }
                };
                predicted.push(guess);
            }
        }
        if epoch + 1 < options.epochs {
            tagger.weights = trainer.freeze(options.prune);
            on_epoch(epoch + 1, &tagger);
        }
    }
    tagger.weights = trainer.freeze(options.prune);
    on_epoch(options.epochs, &tagger);
    tagger
}

type Lexicons = (PreHashedMap<u8>, PreHashedMap<u32>);

fn build_lexicons(sentences: &[TaggedSentence]) -> Lexicons {
    let tags = Upos::ALL.len();
    let mut by_form: PreHashedMap<Vec<u32>> = PreHashedMap::default();
    let mut by_lower: PreHashedMap<Vec<u32>> = PreHashedMap::default();
    for s in sentences {
        for (w, &t) in s.words.iter().zip(&s.tags) {
            by_form.entry(form_hash(w)).or_insert_with(|| vec![0; tags])[t] += 1;
            by_lower
                .entry(lower_hash(w))
                .or_insert_with(|| vec![0; tags])[t] += 1;
        }
    }
    let mut dictionary = PreHashedMap::default();
    for (k, counts) in by_form {
        let total: u32 = counts.iter().sum();
        let (best, &top) = counts
            .iter()
            .enumerate()
            .max_by_key(|&(i, c)| (c, std::cmp::Reverse(i)))
            .expect("17 tags");
        if total >= DICTIONARY_MIN_COUNT && top as f32 / total as f32 >= DICTIONARY_MIN_SHARE {
            dictionary.insert(k, best as u8);
        }
    }
    let mut ambiguity = PreHashedMap::default();
    for (k, counts) in by_lower {
        let total: u32 = counts.iter().sum();
        if total < AMBIGUITY_MIN_COUNT {
            continue;
        }
        let mask = counts
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c > 0 && c as f32 / total as f32 >= AMBIGUITY_MIN_SHARE)
            .fold(0u32, |m, (i, _)| m | (1 << i));
        ambiguity.insert(k, mask);
    }
    (dictionary, ambiguity)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(pairs: &[(&str, Upos)]) -> TaggedSentence {
        TaggedSentence {
            words: pairs.iter().map(|(w, _)| w.to_string()).collect(),
            tags: pairs
                .iter()
                .map(|(_, t)| Upos::ALL.iter().position(|u| u == t).unwrap())
                .collect(),
        }
    }

    /// "can" is a noun after "the" and an auxiliary after a pronoun: context must decide.
    fn toy_treebank() -> Vec<TaggedSentence> {
        use Upos::*;
        let mut out = Vec::new();
        for noun in ["can", "dog", "cat", "tin"] {
            out.push(sentence(&[
                ("the", Det),
                (noun, Noun),
                ("fell", Verb),
                (".", Punct),
            ]));
            out.push(sentence(&[
                ("she", Pron),
                ("can", Aux),
                ("see", Verb),
                ("the", Det),
                (noun, Noun),
                (".", Punct),
            ]));
        }
        out
    }

    #[test]
    fn learns_context_dependent_tags_and_round_trips() {
        let options = TaggerOptions {
            epochs: 5,
            seed: 7,
            prune: 0.0,
        };
        let tagger = train(&toy_treebank(), &options, |_, _| {});
        use Upos::*;
        assert_eq!(
            tagger.tag(&["the", "can", "fell", "."]),
            vec![Det, Noun, Verb, Punct]
        );
        assert_eq!(
            tagger.tag(&["she", "can", "see", "the", "dog", "."]),
            vec![Pron, Aux, Verb, Det, Noun, Punct]
        );

        let back = Tagger::from_bytes("mem", &tagger.to_bytes()).unwrap();
        assert_eq!(back, tagger);
        let again = train(&toy_treebank(), &options, |_, _| {});
        assert_eq!(
            again.to_bytes(),
            tagger.to_bytes(),
            "training must be deterministic"
        );
    }

    #[test]
    fn any_input_is_tagged_without_panicking() {
        let tagger = train(
            &toy_treebank(),
            &TaggerOptions {
                epochs: 1,
                seed: 1,
                prune: 0.0,
            },
            |_, _| {},
        );
        assert!(tagger.tag(&[]).is_empty());
        assert_eq!(tagger.tag(&["😀", "\u{0}", "", "שלום"]).len(), 4);
        let long: Vec<&str> = std::iter::repeat_n("word", 10_000).collect();
        assert_eq!(tagger.tag(&long).len(), 10_000);
    }

    #[test]
    fn corrupt_files_are_errors() {
        let tagger = train(
            &toy_treebank(),
            &TaggerOptions {
                epochs: 1,
                seed: 1,
                prune: 0.0,
            },
            |_, _| {},
        );
        let bytes = tagger.to_bytes();
        for cut in [0, 12, 20, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                Tagger::from_bytes("cut", &bytes[..cut]).is_err(),
                "cut at {cut}"
            );
        }
        let err = Tagger::load("/nonexistent/tagger.bin").unwrap_err();
        assert!(err.to_string().contains("/nonexistent/tagger.bin"));
    }
}
