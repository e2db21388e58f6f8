//! Greedy arc-hybrid dependency parser with an averaged perceptron, trained with the
//! dynamic oracle of Goldberg & Nivre (2013) and Zhang & Nivre (2011)-style rich features.
//!
//! Transitions (ROOT sits at the bottom of the stack):
//! - SHIFT moves the buffer front onto the stack;
//! - LEFT(l) pops s0 and makes it an `l` dependent of the buffer front;
//! - RIGHT(l) pops s0 and makes it an `l` dependent of s1.
//!
//! Labels are predicted jointly with the transition: one class per transition and label,
//! for the (direction, label) pairs seen often enough in training (see [`Classes`]).
//! RIGHT onto ROOT is only allowed once the buffer is empty, and only with label `root`,
//! so every sentence gets exactly one root.

use crate::hashing::{feature, small, WordAtoms};
use crate::model_file::{ModelKind, Reader, Writer};
use crate::perceptron::{best_allowed, ScoreWork, Trainer, Weights, MAX_CLASSES};
use crate::rng::SplitMix;
use crate::SyntaxError;
use dateline_document::Upos;
use std::ops::Range;
use std::path::Path;

const TAG_NAMESPACE: u64 = 0x31;
const LABEL_NAMESPACE: u64 = 0x32;
const VALENCY_NAMESPACE: u64 = 0x33;
const LABEL_SET_NAMESPACE: u64 = 0x34;
const DISTANCE_NAMESPACE: u64 = 0x35;
const SPECIAL_NAMESPACE: u64 = 0x36;

pub const ROOT_LABEL: &str = "root";
/// Marks an unattached word in `State::heads`.
const NO_HEAD: usize = usize::MAX;

/// One parser decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    Shift,
    Left(usize),
    Right(usize),
}

/// The parser's classes: 0 = SHIFT, then the LEFT moves, then the RIGHT moves, each with
/// a label seen in that direction often enough in training. Every class is a lane of each
/// weight row the parser adds up per move, so labels that never (or hardly ever) attach
/// in a direction ("det" to the right, "obj" to the left) are not given one.
#[derive(Debug, Clone, PartialEq)]
struct Classes {
    moves: Vec<Move>,
    lefts: Range<usize>,
    rights: Range<usize>,
    /// The class of RIGHT with the root label: the only move onto ROOT.
    root: usize,
}

impl Classes {
    /// From the labels of the LEFT and the RIGHT classes, in class order. LEFT never takes
    /// the root label; RIGHT must have it and another, so that a sentence whose words are
    /// all shifted can always be reduced.
    fn new(
        left_labels: &[usize],
        right_labels: &[usize],
        root_label: usize,
    ) -> Result<Self, String> {
        if left_labels.contains(&root_label) {
            return Err("a LEFT class with the root label".into());
        }
        let lefts = 1..1 + left_labels.len();
        let rights = lefts.end..lefts.end + right_labels.len();
        let root = right_labels
            .iter()
            .position(|&l| l == root_label)
            .ok_or("no RIGHT class with the root label")?
            + rights.start;
        if rights.len() < 2 {
            return Err("no RIGHT class but the root's".into());
        }
        let moves = std::iter::once(Move::Shift)
            .chain(left_labels.iter().map(|&l| Move::Left(l)))
            .chain(right_labels.iter().map(|&l| Move::Right(l)))
            .collect();
        Ok(Classes {
            moves,
            lefts,
            rights,
            root,
        })
    }

    fn len(&self) -> usize {
        self.moves.len()
    }

    fn labels_of(&self, range: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        self.moves[range].iter().map(|m| match *m {
            Move::Left(l) | Move::Right(l) => l,
            Move::Shift => unreachable!("SHIFT is class 0 only"),
        })
    }
}

/// Hashed per-position inputs: index 0 is ROOT, 1..=n the words, n + 1 "nothing".
struct SentenceAtoms {
    words: Vec<u64>,
    tags: Vec<u64>,
    suffixes: Vec<u64>,
}

impl SentenceAtoms {
    fn new(words: &[&str], tags: &[Upos]) -> Self {
        let atoms: Vec<WordAtoms> = words.iter().map(|w| WordAtoms::new(w)).collect();
        Self::from_atoms(&atoms, tags)
    }

    fn from_atoms(words: &[WordAtoms], tags: &[Upos]) -> Self {
        let n = words.len();
        let root = small(SPECIAL_NAMESPACE, 1);
        let none = small(SPECIAL_NAMESPACE, 2);
        let mut atoms = SentenceAtoms {
            words: Vec::with_capacity(n + 2),
            tags: Vec::with_capacity(n + 2),
            suffixes: Vec::with_capacity(n + 2),
        };
        atoms.words.push(root);
        atoms.tags.push(root);
        atoms.suffixes.push(root);
        for (i, a) in words.iter().enumerate() {
            // A missing tag (tags shorter than words) is treated as X rather than panicking.
            let tag = tags.get(i).copied().unwrap_or(Upos::X);
            atoms.words.push(a.lower);
            atoms.tags.push(small(TAG_NAMESPACE, tag as u64));
            atoms.suffixes.push(a.suffix[2]);
        }
        atoms.words.push(none);
        atoms.tags.push(none);
        atoms.suffixes.push(none);
        atoms
    }
}

/// A parser configuration plus the bookkeeping the features read.
struct State {
    n: usize,
    stack: Vec<usize>,
    /// Buffer front, 1..=n + 1 (n + 1 = empty buffer).
    next: usize,
    heads: Vec<usize>,
    labels: Vec<usize>,
    label_atoms: Vec<u64>,
    /// Leftmost and second-leftmost, rightmost and second-rightmost children.
    left1: Vec<usize>,
    left2: Vec<usize>,
    right1: Vec<usize>,
    right2: Vec<usize>,
    left_count: Vec<u8>,
    right_count: Vec<u8>,
    left_labels: Vec<u64>,
    right_labels: Vec<u64>,
}

impl State {
    fn new(n: usize) -> Self {
        let none = n + 1;
        State {
            n,
            stack: vec![0],
            next: 1,
            heads: vec![NO_HEAD; n + 2],
            labels: vec![0; n + 2],
            label_atoms: vec![small(LABEL_NAMESPACE, 0); n + 2],
            left1: vec![none; n + 2],
            left2: vec![none; n + 2],
            right1: vec![none; n + 2],
            right2: vec![none; n + 2],
            left_count: vec![0; n + 2],
            right_count: vec![0; n + 2],
            left_labels: vec![0; n + 2],
            right_labels: vec![0; n + 2],
        }
    }

    fn is_terminal(&self) -> bool {
        self.next > self.n && self.stack.len() == 1
    }

    /// Stack item `depth` from the top, or the "nothing" position.
    fn stack_at(&self, depth: usize) -> usize {
        self.stack
            .len()
            .checked_sub(depth + 1)
            .map_or(self.n + 1, |i| self.stack[i])
    }

    fn buffer_at(&self, offset: usize) -> usize {
        (self.next + offset).min(self.n + 1)
    }

    fn is_valid(&self, m: Move, root_label: usize) -> bool {
        let words_on_stack = self.stack.len() - 1;
        let buffer_empty = self.next > self.n;
        match m {
            Move::Shift => !buffer_empty,
            Move::Left(l) => words_on_stack >= 1 && !buffer_empty && l != root_label,
            Move::Right(l) => {
                words_on_stack >= 1 && {
                    let onto_root = self.stack_at(1) == 0;
                    if onto_root {
                        buffer_empty && l == root_label
                    } else {
                        l != root_label
                    }
                }
            }
        }
    }

    /// The best-scoring class whose move [`State::is_valid`] allows, lowest on ties: the
    /// same answer as asking `is_valid` class by class, with the state read once and the
    /// allowed classes scanned as the runs they form (SHIFT; LEFT; RIGHT but the root
    /// label, or RIGHT with the root label alone).
    fn best_valid(&self, scores: &[f32], classes: &Classes) -> Option<usize> {
        let has_word = self.stack.len() > 1;
        let buffer_empty = self.next > self.n;
        let onto_root = self.stack_at(1) == 0;
        let root = classes.root;
        let mut best = None;
        if !buffer_empty {
            best = Some(0);
        }
        if has_word && !buffer_empty {
            best_in(scores, classes.lefts.clone(), &mut best);
        }
        if has_word && onto_root && buffer_empty {
            best_in(scores, root..root + 1, &mut best);
        }
        if has_word && !onto_root {
            best_in(scores, classes.rights.start..root, &mut best);
            best_in(scores, root + 1..classes.rights.end, &mut best);
        }
        best
    }

    fn apply(&mut self, m: Move) {
        match m {
            Move::Shift => {
                self.stack.push(self.next);
                self.next += 1;
            }
            Move::Left(l) => {
                let dependent = self.stack.pop().expect("LEFT needs a stack word");
                let head = self.next;
                self.attach(head, dependent, l);
                self.left2[head] = self.left1[head];
                self.left1[head] = dependent;
                self.left_count[head] = self.left_count[head].saturating_add(1);
                self.left_labels[head] |= label_bit(l);
            }
            Move::Right(l) => {
                let dependent = self.stack.pop().expect("RIGHT needs a stack word");
                let head = *self.stack.last().expect("ROOT stays on the stack");
                self.attach(head, dependent, l);
                self.right2[head] = self.right1[head];
                self.right1[head] = dependent;
                self.right_count[head] = self.right_count[head].saturating_add(1);
                self.right_labels[head] |= label_bit(l);
            }
        }
    }

    fn attach(&mut self, head: usize, dependent: usize, label: usize) {
        self.heads[dependent] = head;
        self.labels[dependent] = label;
        self.label_atoms[dependent] = small(LABEL_NAMESPACE, label as u64 + 1);
    }

    /// Gold arcs each unlabelled move would make unreachable (Goldberg & Nivre 2013,
    /// arc-hybrid): `[shift, left, right]`, `None` where the move is impossible.
    fn unlabelled_costs(&self, gold: &[usize]) -> [Option<u32>; 3] {
        let (s0, s1, b) = (self.stack_at(0), self.stack_at(1), self.next);
        let n = self.n;
        let buffer = b..=n;
        let dependents_in_buffer =
            |x: usize| buffer.clone().filter(|&k| gold[k] == x).count() as u32;
        let shift = (b <= n).then(|| {
            let mut cost = 0;
            for &k in &self.stack {
                if gold[b] == k && k != s0 {
                    cost += 1;
                }
                if k != 0 && gold[k] == b {
                    cost += 1;
                }
            }
            cost
        });
        let has_word = self.stack.len() >= 2;
        let left = (has_word && b <= n).then(|| {
            let g = gold[s0];
            let head_lost = g != b && (g == s1 || (g > b && g <= n));
            u32::from(head_lost) + dependents_in_buffer(s0)
        });
        let right =
            has_word.then(|| u32::from(buffer.contains(&gold[s0])) + dependents_in_buffer(s0));
        [shift, left, right]
    }

    fn features(&self, atoms: &SentenceAtoms, out: &mut Vec<u64>) {
        let (w, p, suffix, lab) = (
            &atoms.words,
            &atoms.tags,
            &atoms.suffixes,
            &self.label_atoms,
        );
        let s0 = self.stack_at(0);
        let s1 = self.stack_at(1);
        let s2 = self.stack_at(2);
        let b0 = self.buffer_at(0);
        let b1 = self.buffer_at(1);
        let b2 = self.buffer_at(2);
        let (s0l, s0l2, s0r, s0r2) = (
            self.left1[s0],
            self.left2[s0],
            self.right1[s0],
            self.right2[s0],
        );
        let (s1l, s1r, s1r2) = (self.left1[s1], self.right1[s1], self.right2[s1]);
        let (b0l, b0l2) = (self.left1[b0], self.left2[b0]);
        let none = self.n + 1;
        let distance = |a: usize, b: usize| {
            let d = if a == none || b == none {
                0
            } else {
                a.abs_diff(b)
            };
            small(
                DISTANCE_NAMESPACE,
                match d {
                    0..=4 => d as u64,
                    5..=6 => 5,
                    7..=9 => 6,
                    _ => 7,
                },
            )
        };
        let d0 = distance(s0, b0);
        let d1 = distance(s1, s0);
        let valency = |c: u8| small(VALENCY_NAMESPACE, u64::from(c.min(6)));
        let label_set = |m: u64| small(LABEL_SET_NAMESPACE, m);
        let (s0vl, s0vr, s1vl, s1vr, b0vl) = (
            valency(self.left_count[s0]),
            valency(self.right_count[s0]),
            valency(self.left_count[s1]),
            valency(self.right_count[s1]),
            valency(self.left_count[b0]),
        );
        out.clear();
        out.extend_from_slice(&[
            // Single positions.
            feature(1, &[w[s0], p[s0]]),
            feature(2, &[w[s0]]),
            feature(3, &[p[s0]]),
            feature(4, &[w[b0], p[b0]]),
            feature(5, &[w[b0]]),
            feature(6, &[p[b0]]),
            feature(7, &[w[b1], p[b1]]),
            feature(8, &[w[b1]]),
            feature(9, &[p[b1]]),
            feature(10, &[w[b2], p[b2]]),
            feature(11, &[p[b2]]),
            feature(12, &[w[s1], p[s1]]),
            feature(13, &[w[s1]]),
            feature(14, &[p[s1]]),
            feature(15, &[p[s2]]),
            feature(16, &[p[s0], suffix[s0]]),
            feature(17, &[p[b0], suffix[b0]]),
            feature(18, &[p[s1], suffix[s1]]),
            // s0 with b0.
            feature(20, &[w[s0], p[s0], w[b0], p[b0]]),
            feature(21, &[w[s0], p[s0], w[b0]]),
            feature(22, &[w[s0], w[b0], p[b0]]),
            feature(23, &[w[s0], p[s0], p[b0]]),
            feature(24, &[p[s0], w[b0], p[b0]]),
            feature(25, &[w[s0], w[b0]]),
            feature(26, &[p[s0], p[b0]]),
            feature(27, &[p[b0], p[b1]]),
            // s1 with s0: the other arc candidate in arc-hybrid.
            feature(30, &[w[s1], p[s1], w[s0], p[s0]]),
            feature(31, &[w[s1], p[s1], w[s0]]),
            feature(32, &[w[s1], w[s0], p[s0]]),
            feature(33, &[w[s1], p[s1], p[s0]]),
            feature(34, &[p[s1], w[s0], p[s0]]),
            feature(35, &[w[s1], w[s0]]),
            feature(36, &[p[s1], p[s0]]),
            // Tag trigrams.
            feature(40, &[p[b0], p[b1], p[b2]]),
            feature(41, &[p[s0], p[b0], p[b1]]),
            feature(42, &[p[s1], p[s0], p[b0]]),
            feature(43, &[p[s2], p[s1], p[s0]]),
            feature(44, &[p[s0], p[s0l], p[b0]]),
            feature(45, &[p[s0], p[s0r], p[b0]]),
            feature(46, &[p[s0], p[b0], p[b0l]]),
            feature(47, &[p[s1], p[s0], p[s0l]]),
            feature(48, &[p[s1], p[s0], p[s0r]]),
            feature(49, &[p[s1], p[s1r], p[s0]]),
            feature(50, &[p[s1], p[s1l], p[s0]]),
            feature(51, &[p[s1], p[s0], p[b1]]),
            feature(52, &[w[s1], p[b0]]),
            feature(53, &[p[s1], w[b0]]),
            feature(54, &[w[s0], p[s0], p[b0], p[b1]]),
            feature(55, &[p[s1], p[s0], p[b0], p[b1]]),
            // Distance.
            feature(60, &[w[s0], d0]),
            feature(61, &[p[s0], d0]),
            feature(62, &[w[b0], d0]),
            feature(63, &[p[b0], d0]),
            feature(64, &[w[s0], w[b0], d0]),
            feature(65, &[p[s0], p[b0], d0]),
            feature(66, &[p[s1], p[s0], d1]),
            feature(67, &[w[s1], w[s0], d1]),
            // Valency.
            feature(70, &[w[s0], s0vr]),
            feature(71, &[p[s0], s0vr]),
            feature(72, &[w[s0], s0vl]),
            feature(73, &[p[s0], s0vl]),
            feature(74, &[w[b0], b0vl]),
            feature(75, &[p[b0], b0vl]),
            feature(76, &[p[s1], s1vr]),
            feature(77, &[p[s1], s1vl]),
            // Children.
            feature(80, &[w[s0l]]),
            feature(81, &[p[s0l]]),
            feature(82, &[lab[s0l]]),
            feature(83, &[w[s0r]]),
            feature(84, &[p[s0r]]),
            feature(85, &[lab[s0r]]),
            feature(86, &[w[b0l]]),
            feature(87, &[p[b0l]]),
            feature(88, &[lab[b0l]]),
            feature(89, &[p[s1r], lab[s1r]]),
            feature(90, &[p[s1l], lab[s1l]]),
            // Second children.
            feature(100, &[w[s0l2]]),
            feature(101, &[p[s0l2]]),
            feature(102, &[lab[s0l2]]),
            feature(103, &[w[s0r2]]),
            feature(104, &[p[s0r2]]),
            feature(105, &[lab[s0r2]]),
            feature(106, &[w[b0l2]]),
            feature(107, &[p[b0l2]]),
            feature(108, &[lab[b0l2]]),
            feature(109, &[p[s0], p[s0l], p[s0l2]]),
            feature(110, &[p[s0], p[s0r], p[s0r2]]),
            feature(111, &[p[b0], p[b0l], p[b0l2]]),
            feature(112, &[p[s1], p[s1r], p[s1r2]]),
            // Label sets.
            feature(120, &[w[s0], label_set(self.right_labels[s0])]),
            feature(121, &[p[s0], label_set(self.right_labels[s0])]),
            feature(122, &[w[s0], label_set(self.left_labels[s0])]),
            feature(123, &[p[s0], label_set(self.left_labels[s0])]),
            feature(124, &[w[b0], label_set(self.left_labels[b0])]),
            feature(125, &[p[b0], label_set(self.left_labels[b0])]),
            feature(126, &[p[s1], label_set(self.right_labels[s1])]),
        ]);
    }
}

/// Updates `best` with the classes of `range`, in increasing order: a class replaces it
/// only with a strictly higher score, so ties keep the lowest class.
fn best_in(scores: &[f32], range: std::ops::Range<usize>, best: &mut Option<usize>) {
    let start = range.start;
    for (i, &s) in scores[range].iter().enumerate() {
        if best.is_none_or(|b| s > scores[b]) {
            *best = Some(start + i);
        }
    }
}

/// Labels beyond 63 share the top bit of the label-set feature.
fn label_bit(label: usize) -> u64 {
    1 << label.min(63)
}

/// A trained parser. Immutable after loading, so it is shared freely across threads.
#[derive(Debug, Clone, PartialEq)]
pub struct Parser {
    labels: Vec<String>,
    classes: Classes,
    weights: Weights,
}

/// Upper bound on features per configuration, for buffer capacity.
const FEATURES: usize = 96;

impl Parser {
    /// `(head, deprel)` per word: `head` is 1-based, 0 for the root. `tags` should come
    /// from the tagger; a missing tag is read as `X`.
    pub fn parse(&self, words: &[&str], tags: &[Upos]) -> Vec<(usize, &str)> {
        self.parse_atoms(SentenceAtoms::new(words, tags))
    }

    /// [`Parser::parse`] with the words' atoms already computed (`atoms[i]` from word i),
    /// as the tagger computed them.
    pub(crate) fn parse_with_atoms(
        &self,
        atoms: &[WordAtoms],
        tags: &[Upos],
    ) -> Vec<(usize, &str)> {
        self.parse_atoms(SentenceAtoms::from_atoms(atoms, tags))
    }

    fn parse_atoms(&self, atoms: SentenceAtoms) -> Vec<(usize, &str)> {
        let words = atoms.words.len() - 2;
        let mut state = State::new(words);
        let mut feats = Vec::with_capacity(FEATURES);
        let mut scores = vec![0.0f32; self.weights.classes()];
        let mut work = ScoreWork::new();
        while !state.is_terminal() {
            state.features(&atoms, &mut feats);
            self.weights.score(&feats, &mut scores, &mut work);
            let best = state
                .best_valid(&scores, &self.classes)
                .expect("a non-terminal state always has a valid move");
            state.apply(self.classes.moves[best]);
        }
        (1..=words)
            .map(|i| (state.heads[i], self.labels[state.labels[i]].as_str()))
            .collect()
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// A smaller model without the weights below `threshold` in magnitude.
    pub fn pruned(&self, threshold: f32) -> Self {
        Parser {
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
        let mut w = Writer::new(ModelKind::Parser);
        w.len(self.labels.len());
        for l in &self.labels {
            w.str(l);
        }
        for range in [self.classes.lefts.clone(), self.classes.rights.clone()] {
            w.len(range.len());
            for label in self.classes.labels_of(range) {
                w.len(label);
            }
        }
        self.weights.write(&mut w);
        w.finish()
    }

    /// `input` names the source in errors.
    pub fn from_bytes(input: &str, bytes: &[u8]) -> Result<Self, SyntaxError> {
        let mut r = Reader::new(input, bytes, ModelKind::Parser)?;
        let n = r.len(8)?;
        let labels = (0..n)
            .map(|_| r.str().map(str::to_string))
            .collect::<Result<Vec<_>, _>>()?;
        let root_label = labels
            .iter()
            .position(|l| l == ROOT_LABEL)
            .ok_or_else(|| r.error(format!("label set has no {ROOT_LABEL:?}")))?;
        let mut directions = [Vec::new(), Vec::new()];
        for class_labels in &mut directions {
            for _ in 0..r.len(1)? {
                let label = r.len(0)?;
                if label >= labels.len() {
                    return Err(r.error(format!("class of label {label} of {}", labels.len())));
                }
                class_labels.push(label);
            }
        }
        let [left_labels, right_labels] = directions;
        let classes =
            Classes::new(&left_labels, &right_labels, root_label).map_err(|e| r.error(e))?;
        let weights = Weights::read(&mut r)?;
        if weights.classes() != classes.len() {
            return Err(r.error(format!(
                "weights for {} classes, {} moves",
                weights.classes(),
                classes.len()
            )));
        }
        r.finish()?;
        Ok(Parser {
            labels,
            classes,
            weights,
        })
    }

    pub fn stats(&self) -> crate::tagger::ModelStats {
        crate::tagger::ModelStats {
            features: self.weights.features(),
            weights: self.weights.entries(),
            dictionary_words: 0,
            lexicon_words: 0,
        }
    }
}

/// One training sentence: words, (predicted) tags, gold 1-based heads and labels.
pub struct TreeSentence {
    pub words: Vec<String>,
    pub tags: Vec<Upos>,
    pub heads: Vec<usize>,
    pub labels: Vec<String>,
}

#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct ParserOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Averaged weights smaller than this are dropped from the model.
    pub prune: f32,
    /// From this epoch on (0-based), training follows the model's own (possibly wrong)
    /// moves with probability `explore`, so it learns to recover from its errors.
    pub explore_from: usize,
    pub explore: f64,
    /// A LEFT or RIGHT move gets a class for a label only if the training trees attach that
    /// label in that direction at least this often: rarer pairs cannot be learnt, and every
    /// class widens every weight row.
    pub min_class_count: usize,
}

impl Default for ParserOptions {
    fn default() -> Self {
        ParserOptions {
            epochs: 15,
            seed: 1,
            prune: 0.05,
            explore_from: 1,
            explore: 0.9,
            min_class_count: 20,
        }
    }
}

/// Why a training sentence was left out.
fn check_tree(s: &TreeSentence) -> Result<(), String> {
    let n = s.words.len();
    if s.heads.len() != n || s.labels.len() != n || s.tags.len() != n {
        return Err("columns of different lengths".into());
    }
    if let Some(&h) = s.heads.iter().find(|&&h| h > n) {
        return Err(format!("head {h} beyond the sentence"));
    }
    let roots = s.heads.iter().filter(|&&h| h == 0).count();
    if roots != 1 {
        return Err(format!("{roots} roots"));
    }
    for start in 1..=n {
        let mut x = start;
        for _ in 0..=n {
            if x == 0 {
                break;
            }
            x = s.heads[x - 1];
        }
        if x != 0 {
            return Err("cycle".into());
        }
    }
    Ok(())
}

/// Heads with every non-projective arc lifted to the head's head until the tree is
/// projective (the arc-hybrid system can only build projective trees). `heads` is
/// 0-padded: `heads[i]` is the head of word i, `heads[0]` unused; it must be a tree
/// (`check_tree`), otherwise it is left as it is.
pub fn projectivize(heads: &mut [usize]) {
    let n = heads.len().saturating_sub(1);
    if heads.iter().any(|&h| h > n) {
        return;
    }
    // Bounded walk up the tree: a cycle ends the walk instead of looping forever.
    let dominated = |heads: &[usize], h: usize, mut k: usize| {
        for _ in 0..=n {
            if k == h || k == 0 {
                break;
            }
            k = heads[k];
        }
        k == h
    };
    // Each lift moves an arc strictly up a finite tree, so this terminates.
    for _ in 0..n * n + 1 {
        let mut shortest: Option<(usize, usize)> = None;
        for (d, &h) in heads.iter().enumerate().skip(1) {
            let (lo, hi) = (h.min(d), h.max(d));
            if h != 0
                && (lo + 1..hi).any(|k| !dominated(heads, h, k))
                && shortest.is_none_or(|(_, len)| hi - lo < len)
            {
                shortest = Some((d, hi - lo));
            }
        }
        match shortest {
            Some((d, _)) => heads[d] = heads[heads[d]],
            None => return,
        }
    }
}

/// Trains a parser. `on_epoch` sees each epoch's frozen parser (for dev curves).
pub fn train(
    sentences: &[TreeSentence],
    options: &ParserOptions,
    mut on_epoch: impl FnMut(usize, &Parser),
) -> Result<(Parser, TrainingCounts), String> {
    let mut counts = TrainingCounts::default();
    let usable: Vec<&TreeSentence> = sentences
        .iter()
        .filter(|s| {
            let ok = check_tree(s).is_ok();
            counts.skipped_sentences += usize::from(!ok);
            ok
        })
        .collect();
    let labels = label_inventory(&usable);
    let root_label = labels
        .iter()
        .position(|l| l == ROOT_LABEL)
        .ok_or_else(|| format!("no {ROOT_LABEL:?} label in the training data"))?;
    let label_index = |l: &str| {
        labels
            .iter()
            .position(|x| x == l)
            .expect("inventory built from the same data")
    };
    struct Prepared {
        atoms: SentenceAtoms,
        heads: Vec<usize>,
        labels: Vec<usize>,
    }
    let prepared: Vec<Prepared> = usable
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            let mut heads = vec![0];
            heads.extend_from_slice(&s.heads);
            let before = heads.clone();
            projectivize(&mut heads);
            counts.lifted_arcs += heads.iter().zip(&before).filter(|(a, b)| a != b).count();
            let mut gold_labels = vec![0];
            gold_labels.extend(s.labels.iter().map(|l| label_index(l)));
            Prepared {
                atoms: SentenceAtoms::new(&words, &s.tags),
                heads,
                labels: gold_labels,
            }
        })
        .collect();
    let classes = class_inventory(
        prepared.iter().map(|p| (&p.heads[..], &p.labels[..])),
        labels.len(),
        root_label,
        options.min_class_count,
    )?;
    if classes.len() > MAX_CLASSES {
        return Err(format!(
            "{} classes, more than {MAX_CLASSES}",
            classes.len()
        ));
    }
    let n_classes = classes.len();
    let mut parser = Parser {
        labels,
        classes,
        weights: Trainer::new(n_classes).freeze(0.0),
    };
    let mut trainer = Trainer::new(n_classes);
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut rng = SplitMix::new(options.seed);
    let mut feats = Vec::with_capacity(FEATURES);
    let mut scores = vec![0.0f32; n_classes];
    let mut costs = vec![u32::MAX; n_classes];
    for epoch in 0..options.epochs {
        rng.shuffle(&mut order);
        for &s in &order {
            let sentence = &prepared[s];
            let mut state = State::new(sentence.heads.len() - 1);
            while !state.is_terminal() {
                state.features(&sentence.atoms, &mut feats);
                trainer.score(&feats, &mut scores);
                labelled_costs(
                    &state,
                    &sentence.heads,
                    &sentence.labels,
                    &parser.classes,
                    root_label,
                    &mut costs,
                );
                let min_cost = *costs.iter().min().expect("classes > 0");
                let guess =
                    best_allowed(&scores, |c| costs[c] != u32::MAX).expect("a valid move exists");
                let truth = best_allowed(&scores, |c| costs[c] == min_cost)
                    .expect("a cheapest move exists");
                if costs[guess] > min_cost {
                    trainer.update(&feats, truth, guess);
                    counts.updates += 1;
                }
                trainer.tick();
                counts.decisions += 1;
                let explore = epoch >= options.explore_from && rng.next_f64() < options.explore;
                state.apply(parser.classes.moves[if explore { guess } else { truth }]);
            }
        }
        if epoch + 1 < options.epochs {
            parser.weights = trainer.freeze(options.prune);
            on_epoch(epoch + 1, &parser);
        }
    }
    parser.weights = trainer.freeze(options.prune);
    on_epoch(options.epochs, &parser);
    Ok((parser, counts))
}

/// Costs of every class in `state` (`u32::MAX` = invalid): the unlabelled cost, plus one
/// when the arc has the gold head but a wrong label.
fn labelled_costs(
    state: &State,
    heads: &[usize],
    labels: &[usize],
    classes: &Classes,
    root_label: usize,
    costs: &mut [u32],
) {
    let [shift, left, right] = state.unlabelled_costs(heads);
    let (s0, s1) = (state.stack_at(0), state.stack_at(1));
    for (&m, cost) in classes.moves.iter().zip(costs.iter_mut()) {
        *cost = if !state.is_valid(m, root_label) {
            u32::MAX
        } else {
            match m {
                Move::Shift => shift.unwrap_or(u32::MAX),
                Move::Left(l) => left.map_or(u32::MAX, |c| {
                    c + u32::from(heads[s0] == state.next && labels[s0] != l)
                }),
                Move::Right(l) => right.map_or(u32::MAX, |c| {
                    c + u32::from(heads[s0] == s1 && labels[s0] != l)
                }),
            }
        };
    }
}

/// The classes for the (direction, label) pairs that the projective training trees
/// (`(heads, labels)`, index 0 the root) attach at least `min_count` times, in label order
/// within each direction; RIGHT with the root label always.
fn class_inventory<'a>(
    trees: impl Iterator<Item = (&'a [usize], &'a [usize])>,
    n_labels: usize,
    root_label: usize,
    min_count: usize,
) -> Result<Classes, String> {
    let mut counts = vec![[0usize; 2]; n_labels];
    for (heads, labels) in trees {
        for (dependent, (&head, &label)) in heads.iter().zip(labels).enumerate().skip(1) {
            counts[label][usize::from(head < dependent)] += 1;
        }
    }
    let kept = |direction: usize| -> Vec<usize> {
        (0..n_labels)
            .filter(|&l| {
                let root_right = l == root_label && direction == 1;
                root_right || (l != root_label && counts[l][direction] >= min_count.max(1))
            })
            .collect()
    };
    Classes::new(&kept(0), &kept(1), root_label)
}

/// Labels ordered by frequency (then name), so the inventory is deterministic.
fn label_inventory(sentences: &[&TreeSentence]) -> Vec<String> {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for s in sentences {
        for l in &s.labels {
            *counts.entry(l.as_str()).or_default() += 1;
        }
    }
    let mut labels: Vec<(&str, usize)> = counts.into_iter().collect();
    labels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    labels.into_iter().map(|(l, _)| l.to_string()).collect()
}

#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct TrainingCounts {
    pub skipped_sentences: usize,
    pub lifted_arcs: usize,
    pub decisions: usize,
    pub updates: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A random projective tree over 1..=n (0-padded heads): pick a root, recurse on
    /// each side with that root as the parent.
    fn random_projective(n: usize, rng: &mut SplitMix) -> Vec<usize> {
        fn build(lo: usize, hi: usize, parent: usize, heads: &mut [usize], rng: &mut SplitMix) {
            if lo > hi {
                return;
            }
            let root = lo + rng.below(hi - lo + 1);
            heads[root] = parent;
            build(lo, root - 1, root, heads, rng);
            build(root + 1, hi, root, heads, rng);
        }
        let mut heads = vec![0; n + 1];
        build(1, n, 0, &mut heads, rng);
        heads
    }

    /// Follows the cheapest move (first among equals) from the initial state.
    /// A class for every label in each direction (LEFT but the root label).
    fn every_class(n_labels: usize, root_label: usize) -> Classes {
        let lefts: Vec<usize> = (0..n_labels).filter(|&l| l != root_label).collect();
        let rights: Vec<usize> = (0..n_labels).collect();
        Classes::new(&lefts, &rights, root_label).expect("a valid inventory")
    }

    fn oracle_parse(
        heads: &[usize],
        labels: &[usize],
        n_labels: usize,
        root_label: usize,
    ) -> State {
        let classes = every_class(n_labels, root_label);
        let mut state = State::new(heads.len() - 1);
        let mut costs = vec![0; classes.len()];
        while !state.is_terminal() {
            labelled_costs(&state, heads, labels, &classes, root_label, &mut costs);
            let best = (0..costs.len()).min_by_key(|&c| costs[c]).unwrap();
            assert_eq!(
                costs[best], 0,
                "a projective gold tree always has a zero-cost move"
            );
            state.apply(classes.moves[best]);
        }
        state
    }

    #[test]
    fn dynamic_oracle_reproduces_projective_trees_exactly() {
        let mut rng = SplitMix::new(42);
        for n in (1..40).chain([100]) {
            for _ in 0..20 {
                let heads = random_projective(n, &mut rng);
                // Label 0 is root, the others arbitrary.
                let labels: Vec<usize> = heads
                    .iter()
                    .map(|&h| if h == 0 { 0 } else { 1 + rng.below(3) })
                    .collect();
                let state = oracle_parse(&heads, &labels, 4, 0);
                assert_eq!(&state.heads[1..=n], &heads[1..], "n={n}");
                assert_eq!(&state.labels[1..=n], &labels[1..], "n={n}");
            }
        }
    }

    /// Every EWT training tree, once made projective, is rebuilt exactly by the oracle.
    #[test]
    fn dynamic_oracle_reproduces_every_projectivized_ewt_tree() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/corpus/ud/en_ewt-ud-train.conllu"
        );
        let text =
            std::fs::read_to_string(path).expect("the shared UD corpus is part of the test setup");
        let sentences = dateline_corpus::conllu::parse(&text).unwrap();
        let mut labels: Vec<&str> = vec![ROOT_LABEL];
        let mut lifted_sentences = 0;
        for s in &sentences {
            let mut heads = vec![0];
            heads.extend(s.words.iter().map(|w| w.head));
            let original = heads.clone();
            projectivize(&mut heads);
            lifted_sentences += usize::from(heads != original);
            let mut gold_labels = vec![0];
            for w in &s.words {
                let index = labels
                    .iter()
                    .position(|l| *l == w.deprel)
                    .unwrap_or_else(|| {
                        labels.push(&w.deprel);
                        labels.len() - 1
                    });
                gold_labels.push(index);
            }
            let state = oracle_parse(&heads, &gold_labels, 64, 0);
            assert_eq!(
                state.heads[1..=s.words.len()],
                heads[1..],
                "{:?}",
                s.sent_id
            );
            assert_eq!(
                state.labels[1..=s.words.len()],
                gold_labels[1..],
                "{:?}",
                s.sent_id
            );
        }
        assert!(
            lifted_sentences > 0 && lifted_sentences < sentences.len() / 10,
            "{lifted_sentences} lifted"
        );
    }

    /// `best_valid` picks what a class-by-class `is_valid` scan picks, in every kind of state.
    #[test]
    fn best_valid_agrees_with_is_valid() {
        let labels = 4;
        let mut rng = SplitMix::new(5);
        // The root label first, inside and last: the runs around it have every length; and
        // inventories with every label, or with some missing in one direction.
        let inventories = [0, 2, labels - 1].into_iter().flat_map(|root_label| {
            let some_rights: Vec<usize> = (0..labels)
                .filter(|&l| l % 2 == 0 || l == root_label)
                .collect();
            [
                every_class(labels, root_label),
                Classes::new(&[1], &some_rights, root_label)
                    .or_else(|_| Classes::new(&[3], &some_rights, root_label))
                    .expect("a valid inventory"),
            ]
            .map(|classes| (root_label, classes))
        });
        for (root_label, classes) in inventories {
            for n in 1..8 {
                for _ in 0..30 {
                    let mut state = State::new(n);
                    while !state.is_terminal() {
                        let scores: Vec<f32> =
                            (0..classes.len()).map(|_| rng.below(4) as f32).collect();
                        let expected =
                            best_allowed(&scores, |c| state.is_valid(classes.moves[c], root_label));
                        let best = state.best_valid(&scores, &classes);
                        assert_eq!(best, expected);
                        state.apply(classes.moves[best.expect("a valid move")]);
                    }
                }
            }
        }
    }

    #[test]
    fn rare_directions_get_no_class_and_the_root_arc_always_does() {
        // Label 0 = root; per tree, label 1 attaches once leftwards and once rightwards,
        // label 2 once rightwards. Index 0 is ROOT.
        let heads = [0, 2, 0, 2, 3];
        let labels = [0, 1, 0, 1, 2];
        let trees = std::iter::repeat_n((&heads[..], &labels[..]), 3);
        let classes = class_inventory(trees, 3, 0, 3).expect("an inventory");
        assert_eq!(
            classes.moves,
            vec![
                Move::Shift,
                Move::Left(1),
                Move::Right(0),
                Move::Right(1),
                Move::Right(2)
            ]
        );
        assert_eq!(classes.root, 2);
        let too_rare = class_inventory(std::iter::once((&heads[..], &labels[..])), 3, 0, 2);
        assert!(too_rare.is_err(), "RIGHT needs a class besides the root's");
    }

    #[test]
    fn oracle_costs_count_lost_arcs_after_a_mistake() {
        // Gold: 1 <- 2 -> 3, 2 is the root. Shifting 2 over 1 loses 2 -> 1 and ROOT -> 2.
        let heads = vec![0, 2, 0, 2];
        let mut state = State::new(3);
        state.apply(Move::Shift);
        assert_eq!(state.unlabelled_costs(&heads), [Some(2), Some(0), Some(1)]);
        state.apply(Move::Shift);
        let [shift, left, right] = state.unlabelled_costs(&heads);
        // Popping 2 either way loses its dependent 3; its head ROOT is already out of reach.
        assert_eq!(right, Some(1));
        assert_eq!(left, Some(1));
        // Shifting 3 over 2 keeps 2 -> 3 reachable (RIGHT from s1 = 2).
        assert_eq!(shift, Some(0));
    }

    #[test]
    fn lifting_makes_trees_projective_and_keeps_projective_ones() {
        // "A hearing is scheduled on the issue today": 2 -> 5 crosses 3 -> 4.
        let mut heads = vec![0, 2, 4, 4, 0, 2, 7, 5, 4];
        projectivize(&mut heads);
        assert_eq!(
            heads[5], 4,
            "the crossing arc was lifted to the head's head"
        );
        projectivize(&mut []);
        let mut cycle = vec![0, 2, 1, 9];
        projectivize(&mut cycle);
        assert_eq!(cycle, vec![0, 2, 1, 9], "non-trees are left alone");
        let mut rng = SplitMix::new(9);
        for _ in 0..50 {
            let tree = random_projective(15, &mut rng);
            let mut lifted = tree.clone();
            projectivize(&mut lifted);
            assert_eq!(lifted, tree);
        }
    }

    fn toy_sentences() -> Vec<TreeSentence> {
        use Upos::*;
        let mut out = Vec::new();
        for (subject, object) in [
            ("dogs", "cats"),
            ("she", "bones"),
            ("kids", "apples"),
            ("he", "it"),
        ] {
            out.push(TreeSentence {
                words: vec![subject.into(), "eat".into(), object.into(), ".".into()],
                tags: vec![Noun, Verb, Noun, Punct],
                heads: vec![2, 0, 2, 2],
                labels: vec!["nsubj".into(), "root".into(), "obj".into(), "punct".into()],
            });
            out.push(TreeSentence {
                words: vec!["the".into(), subject.into(), "sleep".into()],
                tags: vec![Det, Noun, Verb],
                heads: vec![2, 3, 0],
                labels: vec!["det".into(), "nsubj".into(), "root".into()],
            });
        }
        out
    }

    #[test]
    fn learns_toy_treebank_and_round_trips() {
        let options = ParserOptions {
            epochs: 10,
            prune: 0.0,
            // Toy treebanks: every (direction, label) pair they have gets a class.
            min_class_count: 1,
            ..Default::default()
        };
        let (parser, counts) = train(&toy_sentences(), &options, |_, _| {}).unwrap();
        assert_eq!(counts.skipped_sentences, 0);
        use Upos::*;
        let parsed = parser.parse(&["cats", "eat", "apples", "."], &[Noun, Verb, Noun, Punct]);
        assert_eq!(
            parsed,
            vec![(2, "nsubj"), (0, "root"), (2, "obj"), (2, "punct")]
        );
        let back = Parser::from_bytes("mem", &parser.to_bytes()).unwrap();
        assert_eq!(back, parser);
        let (again, _) = train(&toy_sentences(), &options, |_, _| {}).unwrap();
        assert_eq!(
            again.to_bytes(),
            parser.to_bytes(),
            "training must be deterministic"
        );
        for cut in [0, 16, parser.to_bytes().len() - 3] {
            assert!(Parser::from_bytes("cut", &parser.to_bytes()[..cut]).is_err());
        }
    }

    #[test]
    fn any_input_gives_one_rooted_tree_without_panicking() {
        let (parser, _) = train(
            &toy_sentences(),
            &ParserOptions {
                epochs: 2,
                min_class_count: 1,
                ..Default::default()
            },
            |_, _| {},
        )
        .unwrap();
        assert!(parser.parse(&[], &[]).is_empty());
        let weird = ["😀", "\u{0}", "", "שלום", "\u{202e}"];
        // Fewer tags than words is tolerated.
        for words in [&weird[..], &weird[..1]] {
            let parsed = parser.parse(words, &[Upos::Noun]);
            assert_eq!(parsed.len(), words.len());
            assert_eq!(parsed.iter().filter(|(h, _)| *h == 0).count(), 1);
        }
        let long: Vec<&str> = std::iter::repeat_n("eat", 10_000).collect();
        let parsed = parser.parse(&long, &vec![Upos::Verb; 10_000]);
        assert_eq!(parsed.iter().filter(|(h, _)| *h == 0).count(), 1);
        assert!(parsed.iter().all(|&(h, _)| h <= 10_000));
    }

    #[test]
    fn malformed_training_trees_are_skipped() {
        let mut bad = toy_sentences();
        bad[0].heads = vec![2, 3, 2, 9];
        bad[1].heads = vec![2, 3, 2];
        let (_, counts) = train(
            &bad,
            &ParserOptions {
                epochs: 1,
                min_class_count: 1,
                ..Default::default()
            },
            |_, _| {},
        )
        .unwrap();
        assert_eq!(counts.skipped_sentences, 2);
    }
}
