//! The trained weights, first-order Viterbi decoding, and the model file format.
//!
//! Weights are one row of [`TAG_COUNT`] `i16` per feature (quantised from the averaged
//! perceptron with one scale for the whole model), found through an open-addressing table
//! keyed by the feature hash. Rows are padded to one 64-byte cache line and summed with the
//! syntax crate's dense-row code (AVX2 where the CPU has it); the lookups of a token's
//! features are prefetched together and the table lies in huge pages, as the parser's do.
//!
//! File layout (little endian): magic `DLNERMDL`, format version `u32`, tag count `u32`,
//! row count `u32`, scale `f32`, the rows (`u64` key then `TAG_COUNT` x `i16`), the
//! transition scores (`(TAG_COUNT + 1) x TAG_COUNT` x `f32`, the last row from the
//! sentence start), gazetteer count `u32` and entries (`u64` phrase hash, `u8` class),
//! lexicon count `u32` and entries (`u64` word hash, `u8` class), cluster count `u32` and
//! entries (`u64` word hash, `u16` cluster), from format 2 a person-name count `u32` and
//! entries (`u64` word hash, `u8` class), then an FNV-1a 64 checksum of everything before
//! it. Format 1 files (no person names) are still read.

use crate::clusters::Clusters;
use crate::features::{self, Lookups, Scratch};
use crate::gazetteer::Gazetteer;
use crate::lexicon::Lexicon;
use crate::person_names::PersonNames;
use crate::tags::{self, TAG_COUNT};
use crate::NerError;
use dateline_syntax::dense::{self, LANE_BLOCK};
use std::path::Path;

const MAGIC: &[u8; 8] = b"DLNERMDL";
pub const FORMAT_VERSION: u32 = 2;
/// The oldest format this build reads (format 1 has no person-name section).
const OLDEST_FORMAT_READ: u32 = 1;

/// Transition scores with the hard BILOU constraints folded in as `-inf`:
/// `scores[from * TAG_COUNT + to]`, `from == TAG_COUNT` meaning the sentence start.
#[derive(Debug, Clone, PartialEq)]
pub struct Transitions {
    pub scores: Vec<f32>,
}

impl Transitions {
    pub fn from_learned(learned: &[f32]) -> Transitions {
        assert_eq!(learned.len(), (TAG_COUNT + 1) * TAG_COUNT);
        let mut scores = learned.to_vec();
        for from in 0..=TAG_COUNT {
            let previous = (from < TAG_COUNT).then_some(from as u8);
            for to in 0..TAG_COUNT {
                if !tags::may_follow(previous, to as u8) {
                    scores[from * TAG_COUNT + to] = f32::NEG_INFINITY;
                }
            }
        }
        Transitions { scores }
    }

    /// The learned part only (constraints removed), as stored in the file.
    fn learned(&self) -> Vec<f32> {
        self.scores
            .iter()
            .map(|s| if s.is_finite() { *s } else { 0.0 })
            .collect()
    }
}

/// Tags rounded up to whole vectors of eight `f32`, for the Viterbi step.
const WIDE: usize = TAG_COUNT.div_ceil(8) * 8;

/// Best tag sequence under `emissions` (`n x TAG_COUNT`, row-major) and `transitions`,
/// written to `out`. Always well-formed: the constraints forbid every invalid step and a
/// sentence cannot end inside an entity.
pub fn viterbi(
    emissions: &[f32],
    transitions: &Transitions,
    back: &mut Vec<u8>,
    out: &mut Vec<u8>,
) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above.
        unsafe { viterbi_avx2(emissions, transitions, back, out) };
        return;
    }
    viterbi_portable(emissions, transitions, back, out);
}

/// The same code compiled for AVX2: a step over all next tags is three 8-lane vectors.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn viterbi_avx2(
    emissions: &[f32],
    transitions: &Transitions,
    back: &mut Vec<u8>,
    out: &mut Vec<u8>,
) {
    viterbi_portable(emissions, transitions, back, out);
}

#[inline(always)]
fn viterbi_portable(
    emissions: &[f32],
    transitions: &Transitions,
    back: &mut Vec<u8>,
    out: &mut Vec<u8>,
) {
    let n = emissions.len() / TAG_COUNT;
    out.clear();
    if n == 0 {
        return;
    }
    back.clear();
    back.resize(n * TAG_COUNT, 0);
    let t = &transitions.scores;
    let mut current = [f32::NEG_INFINITY; TAG_COUNT];
    for (to, score) in current.iter_mut().enumerate() {
        *score = t[TAG_COUNT * TAG_COUNT + to] + emissions[to];
    }
    // The transition rows padded to whole vectors (the padding is never read back).
    let mut rows = [[f32::NEG_INFINITY; WIDE]; TAG_COUNT];
    for (from, row) in rows.iter_mut().enumerate() {
        row[..TAG_COUNT].copy_from_slice(&t[from * TAG_COUNT..][..TAG_COUNT]);
    }
    for i in 1..n {
        // Every previous tag in turn against all next tags at once, with selects rather
        // than branches so that the compiler vectorises the loop; the strict `>` keeps the
        // lowest previous tag on ties.
        let mut best = [f32::NEG_INFINITY; WIDE];
        let mut best_from = [0i32; WIDE];
        for (from, (score, row)) in current.iter().zip(&rows).enumerate() {
            for to in 0..WIDE {
                let s = score + row[to];
                let better = s > best[to];
                best[to] = if better { s } else { best[to] };
                best_from[to] = if better { from as i32 } else { best_from[to] };
            }
        }
        let emission = &emissions[i * TAG_COUNT..][..TAG_COUNT];
        for (to, score) in current.iter_mut().enumerate() {
            *score = best[to] + emission[to];
        }
        for (slot, from) in back[i * TAG_COUNT..][..TAG_COUNT].iter_mut().zip(best_from) {
            *slot = from as u8;
        }
    }
    let mut best = f32::NEG_INFINITY;
    let mut last = tags::OUTSIDE;
    for (tag, score) in current.iter().enumerate() {
        if tags::may_end(tag as u8) && *score > best {
            best = *score;
            last = tag as u8;
        }
    }
    out.resize(n, tags::OUTSIDE);
    out[n - 1] = last;
    for i in (1..n).rev() {
        out[i - 1] = back[i * TAG_COUNT + usize::from(out[i])];
    }
}

/// Weight lanes per row: [`TAG_COUNT`] rounded up to whole blocks of the dense-row code.
const LANES: usize = TAG_COUNT.div_ceil(LANE_BLOCK) * LANE_BLOCK;

/// One feature's weights (0 past [`TAG_COUNT`]), aligned so that a row is one cache line.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C, align(64))]
struct Row([i16; LANES]);

/// Feature hash -> weight row, open addressing with linear probing. Slot `i` holds
/// `keys[i]` and `rows[i]`: the keys alone are a small array that stays in cache, and the
/// row of a found key is known without another lookup.
#[derive(Debug, Clone, PartialEq)]
struct Table {
    /// 0 marks an empty slot (stored keys are never 0, see [`stored_key`]).
    keys: Vec<u64>,
    rows: Vec<Row>,
    mask: usize,
    len: usize,
    scale: f32,
}

impl Table {
    /// Rows in key order, keys distinct and never 0.
    fn new(rows: &[(u64, [i16; TAG_COUNT])], scale: f32) -> Table {
        // A load factor under 0.75 keeps probes short for the many features that are absent.
        let capacity = (rows.len() * 4 / 3 + 1).next_power_of_two().max(16);
        assert!(
            capacity * LANES <= u32::MAX as usize,
            "row offsets fit 32 bits"
        );
        let mut keys = dense::huge_page_vec(capacity, 0u64);
        let mut table_rows = dense::huge_page_vec(capacity, Row([0; LANES]));
        let mask = capacity - 1;
        for (key, weights) in rows {
            let mut slot = *key as usize & mask;
            while keys[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            keys[slot] = *key;
            table_rows[slot].0[..TAG_COUNT].copy_from_slice(weights);
        }
        Table {
            keys,
            rows: table_rows,
            mask,
            len: rows.len(),
            scale,
        }
    }

    /// The stored rows in key order.
    fn rows(&self) -> Vec<(u64, [i16; TAG_COUNT])> {
        let mut rows: Vec<(u64, [i16; TAG_COUNT])> = self
            .keys
            .iter()
            .zip(&self.rows)
            .filter(|(key, _)| **key != 0)
            .map(|(key, row)| {
                let weights = row.0[..TAG_COUNT].try_into().expect("TAG_COUNT lanes");
                (*key, weights)
            })
            .collect();
        rows.sort_unstable_by_key(|(key, _)| *key);
        rows
    }

    /// The rows as one run of lanes, as the dense-row code reads them.
    fn lanes(&self) -> &[i16] {
        // SAFETY: `Row` is `repr(C)` around `[i16; LANES]` and LANES * 2 bytes is a whole
        // number of its 64-byte alignment, so it has no padding: the rows are exactly
        // `rows.len() * LANES` initialised `i16`s, borrowed as long as `self`.
        unsafe {
            std::slice::from_raw_parts(self.rows.as_ptr().cast::<i16>(), self.rows.len() * LANES)
        }
    }

    /// `emission[t]` = the sum of tag `t`'s weights over `features` (stored keys; unknown
    /// ones add nothing). The lookups go in waves, each a loop of independent loads, so
    /// their cache misses overlap: prefetch every key's slot, then probe and prefetch the
    /// rows found, then sum the rows as integers and scale once.
    fn score(&self, features: &[u64], found: &mut Vec<u32>, emission: &mut [f32]) {
        for &f in features {
            dense::prefetch(&self.keys[f as usize & self.mask]);
        }
        found.clear();
        for &f in features {
            let mut slot = f as usize & self.mask;
            loop {
                let key = self.keys[slot];
                if key == f {
                    dense::prefetch(&self.rows[slot]);
                    found.push((slot * LANES) as u32);
                    break;
                }
                if key == 0 {
                    break;
                }
                slot = (slot + 1) & self.mask;
            }
        }
        let mut sums = [0i32; LANES];
        dense::add_dense_rows(&mut sums, self.lanes(), found);
        for (e, s) in emission.iter_mut().zip(&sums) {
            *e = *s as f32 * self.scale;
        }
    }
}

/// The feature weights and transition scores, and the word lists the features consult.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    table: Table,
    pub transitions: Transitions,
    pub lookups: Lookups,
}

/// Feature hashes as stored: 0 is reserved for empty slots.
#[inline]
pub fn stored_key(hash: u64) -> u64 {
    hash.max(1)
}

impl Model {
    /// Quantises averaged weights (`(feature hash, row)` pairs) into a model. Rows whose
    /// weights all round to zero are dropped: they cannot change a decision.
    pub fn new(
        rows: Vec<(u64, [f32; TAG_COUNT])>,
        learned_transitions: &[f32],
        lookups: Lookups,
    ) -> Model {
        let max = rows
            .iter()
            .flat_map(|(_, row)| row.iter())
            .fold(0.0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 {
            max / f32::from(i16::MAX)
        } else {
            1.0
        };
        let quantised = rows
            .into_iter()
            .map(|(key, row)| (stored_key(key), row.map(|w| (w / scale).round() as i16)))
            .filter(|(_, row)| row.iter().any(|q| *q != 0))
            .collect();
        Model::from_parts(
            quantised,
            scale,
            Transitions::from_learned(learned_transitions),
            lookups,
        )
    }

    /// Lays the rows out for scoring. Duplicate keys keep their first row.
    fn from_parts(
        mut rows: Vec<(u64, [i16; TAG_COUNT])>,
        scale: f32,
        transitions: Transitions,
        lookups: Lookups,
    ) -> Model {
        rows.sort_unstable_by_key(|(key, _)| *key);
        rows.dedup_by_key(|(key, _)| *key);
        Model {
            table: Table::new(&rows, scale),
            transitions,
            lookups,
        }
    }

    pub fn feature_count(&self) -> usize {
        self.table.len
    }

    /// The best tags for a sentence.
    pub fn tag(&self, words: &[&str], work: &mut Work) -> Vec<u8> {
        work.scratch.analyse(words, &self.lookups);
        let style = features::SentenceStyle::of(&work.scratch.tokens);
        work.emissions.clear();
        work.emissions.resize(words.len() * TAG_COUNT, 0.0);
        for (i, emission) in work.emissions.chunks_exact_mut(TAG_COUNT).enumerate() {
            features::extract(&work.scratch.tokens, i, style, &mut work.features);
            self.table
                .score(&work.features, &mut work.found_rows, emission);
        }
        let mut out = Vec::with_capacity(words.len());
        viterbi(&work.emissions, &self.transitions, &mut work.back, &mut out);
        out
    }

    pub fn write(&self, path: &Path) -> Result<(), NerError> {
        let rows = self.table.rows();
        let mut bytes = Vec::with_capacity(32 + rows.len() * (8 + 2 * TAG_COUNT));
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        bytes.extend_from_slice(&(TAG_COUNT as u32).to_le_bytes());
        bytes.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        bytes.extend_from_slice(&self.table.scale.to_le_bytes());
        for (key, row) in &rows {
            bytes.extend_from_slice(&key.to_le_bytes());
            for w in row {
                bytes.extend_from_slice(&w.to_le_bytes());
            }
        }
        for s in self.transitions.learned() {
            bytes.extend_from_slice(&s.to_le_bytes());
        }
        write_entries(&mut bytes, self.lookups.gazetteer.entries());
        write_entries(&mut bytes, self.lookups.lexicon.entries());
        let clusters = self.lookups.clusters.entries();
        bytes.extend_from_slice(&(clusters.len() as u32).to_le_bytes());
        for (key, cluster) in clusters {
            bytes.extend_from_slice(&key.to_le_bytes());
            bytes.extend_from_slice(&cluster.to_le_bytes());
        }
        write_entries(&mut bytes, self.lookups.person_names.entries());
        let checksum = fnv1a(&bytes);
        bytes.extend_from_slice(&checksum.to_le_bytes());
        std::fs::write(path, bytes).map_err(|e| NerError::io(path, e))
    }

    pub fn read(path: &Path) -> Result<Model, NerError> {
        let bytes = std::fs::read(path).map_err(|e| NerError::io(path, e))?;
        Model::from_bytes(&bytes).map_err(|reason| NerError::Model {
            path: path.display().to_string(),
            reason,
        })
    }

    fn from_bytes(bytes: &[u8]) -> Result<Model, String> {
        let body_len = bytes.len().checked_sub(8).ok_or("file too short")?;
        let (body, checksum) = bytes.split_at(body_len);
        if fnv1a(body).to_le_bytes() != checksum {
            return Err("checksum mismatch: the file is truncated or damaged".to_string());
        }
        let mut r = Reader { bytes: body };
        if r.take(8)? != MAGIC {
            return Err("not a Dateline NER model (bad magic bytes)".to_string());
        }
        let version = r.u32()?;
        if !(OLDEST_FORMAT_READ..=FORMAT_VERSION).contains(&version) {
            return Err(format!(
                "model format {version}, this build reads {OLDEST_FORMAT_READ} to {FORMAT_VERSION}"
            ));
        }
        let tag_count = r.u32()? as usize;
        if tag_count != TAG_COUNT {
            return Err(format!("model has {tag_count} tags, expected {TAG_COUNT}"));
        }
        let row_count = r.u32()? as usize;
        let scale = f32::from_le_bytes(r.array()?);
        let mut rows = Vec::with_capacity(row_count.min(body.len() / 8));
        for _ in 0..row_count {
            let key = u64::from_le_bytes(r.array()?);
            if key == 0 {
                return Err("feature key 0 is reserved".to_string());
            }
            let mut weights = [0i16; TAG_COUNT];
            for w in &mut weights {
                *w = i16::from_le_bytes(r.array()?);
            }
            rows.push((key, weights));
        }
        let mut learned = Vec::with_capacity((TAG_COUNT + 1) * TAG_COUNT);
        for _ in 0..(TAG_COUNT + 1) * TAG_COUNT {
            learned.push(f32::from_le_bytes(r.array()?));
        }
        let gazetteer = r.entries()?;
        let lexicon = r.entries()?;
        let cluster_count = r.u32()? as usize;
        let mut clusters = Vec::with_capacity(cluster_count.min(r.bytes.len() / 10));
        for _ in 0..cluster_count {
            let key = u64::from_le_bytes(r.array()?);
            clusters.push((key, u16::from_le_bytes(r.array()?)));
        }
        let person_names = if version >= 2 {
            r.entries()?
        } else {
            Vec::new()
        };
        if !r.bytes.is_empty() {
            return Err(format!(
                "{} unexpected bytes after the word lists",
                r.bytes.len()
            ));
        }
        if !scale.is_finite() || learned.iter().any(|s| !s.is_finite()) {
            return Err("non-finite weights".to_string());
        }
        Ok(Model::from_parts(
            rows,
            scale,
            Transitions::from_learned(&learned),
            Lookups {
                gazetteer: Gazetteer::from_entries(gazetteer),
                lexicon: Lexicon::from_entries(lexicon),
                clusters: Clusters::from_entries(clusters),
                person_names: PersonNames::from_entries(person_names),
            },
        ))
    }
}

/// Appends a count then the (`u64` key, `u8` class) pairs.
fn write_entries(bytes: &mut Vec<u8>, entries: Vec<(u64, u8)>) {
    bytes.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    for (key, class) in entries {
        bytes.extend_from_slice(&key.to_le_bytes());
        bytes.push(class);
    }
}

/// Buffers reused across sentences.
#[derive(Debug, Default)]
pub struct Work {
    scratch: Scratch,
    features: Vec<u64>,
    /// Offsets of the rows found for one token's features.
    found_rows: Vec<u32>,
    emissions: Vec<f32>,
    back: Vec<u8>,
}

impl Work {
    /// The analysis of the last sentence tagged (its gazetteer marks, among others).
    pub(crate) fn scratch(&self) -> &Scratch {
        &self.scratch
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if self.bytes.len() < n {
            return Err("file ends early".to_string());
        }
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        Ok(self.take(N)?.try_into().expect("took N bytes"))
    }

    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    /// A count then that many (`u64` key, `u8` class) pairs.
    fn entries(&mut self) -> Result<Vec<(u64, u8)>, String> {
        let count = self.u32()? as usize;
        let mut entries = Vec::with_capacity(count.min(self.bytes.len() / 9));
        for _ in 0..count {
            let key = u64::from_le_bytes(self.array()?);
            entries.push((key, self.take(1)?[0]));
        }
        Ok(entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tags::{tag, Position};
    use dateline_document::EntityLabel;

    fn tiny_model() -> Model {
        let mut row = [0.0f32; TAG_COUNT];
        row[usize::from(tag(Position::Unit, EntityLabel::Loc))] = 2.5;
        let zero = [0.0f32; TAG_COUNT];
        let mut lookups = Lookups::default();
        lookups.gazetteer.insert("Paris", crate::gazetteer::CITY);
        lookups.lexicon = Lexicon::from_entries([(99, 3)]);
        lookups.clusters = Clusters::from_entries([(99, 300)]);
        lookups.person_names = PersonNames::from_entries([(98, 3 << 2)]);
        let mut learned = vec![0.0f32; (TAG_COUNT + 1) * TAG_COUNT];
        learned[3] = -0.5;
        Model::new(vec![(42, row), (0, row), (7, zero)], &learned, lookups)
    }

    /// The emission scores of one token with these features.
    fn emissions(model: &Model, features: &[u64]) -> Vec<f32> {
        let mut scores = vec![0.0; TAG_COUNT];
        model.table.score(features, &mut Vec::new(), &mut scores);
        scores
    }

    #[test]
    fn zero_rows_are_pruned_and_key_zero_is_remapped() {
        let model = tiny_model();
        assert_eq!(model.feature_count(), 2);
        let u_loc = usize::from(tag(Position::Unit, EntityLabel::Loc));
        let one_row = emissions(&model, &[42]);
        assert!((one_row[u_loc] - 2.5).abs() < 1e-3, "{one_row:?}");
        assert_eq!(one_row.iter().filter(|s| **s != 0.0).count(), 1);
        assert_eq!(emissions(&model, &[stored_key(0)]), one_row);
        assert_eq!(emissions(&model, &[42, 1])[u_loc], 2.0 * one_row[u_loc]);
        assert_eq!(emissions(&model, &[7, 12345]), vec![0.0; TAG_COUNT]);
    }

    #[test]
    fn file_round_trip_and_damage_detection() {
        let dir = std::env::temp_dir().join(format!("dateline-ner-model-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("m.bin");
        let model = tiny_model();
        model.write(&path).unwrap();
        assert_eq!(Model::read(&path).unwrap(), model);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[20] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        let err = Model::read(&path).unwrap_err().to_string();
        assert!(err.contains("checksum") && err.contains("m.bin"), "{err}");
        std::fs::write(&path, &bytes[..5]).unwrap();
        assert!(Model::read(&path).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn format_1_files_without_person_names_are_read() {
        let dir = std::env::temp_dir().join(format!("dateline-ner-v1-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("m.bin");
        let mut model = tiny_model();
        model.lookups.person_names = PersonNames::default();
        model.write(&path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        // Format 1: the same layout without the (empty) person-name count at the end.
        let mut v1 = bytes[..bytes.len() - 8 - 4].to_vec();
        v1[8..12].copy_from_slice(&1u32.to_le_bytes());
        let checksum = fnv1a(&v1);
        v1.extend_from_slice(&checksum.to_le_bytes());
        std::fs::write(&path, &v1).unwrap();
        assert_eq!(Model::read(&path).unwrap(), model);
        v1[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        let len = v1.len();
        let checksum = fnv1a(&v1[..len - 8]);
        v1[len - 8..].copy_from_slice(&checksum.to_le_bytes());
        std::fs::write(&path, &v1).unwrap();
        let err = Model::read(&path).unwrap_err().to_string();
        assert!(err.contains("model format"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn vectorised_viterbi_decodes_like_the_portable_one() {
        let mut rng = fastrand::Rng::with_seed(5);
        // Coarse scores, so that ties between paths happen and must break alike.
        let learned: Vec<f32> = (0..(TAG_COUNT + 1) * TAG_COUNT)
            .map(|_| f32::from(rng.u8(0..3)) - 1.0)
            .collect();
        let transitions = Transitions::from_learned(&learned);
        for n in [1, 2, 7, 40] {
            let emissions: Vec<f32> = (0..n * TAG_COUNT)
                .map(|_| f32::from(rng.u8(0..4)))
                .collect();
            let (mut back, mut dispatched, mut portable) = (Vec::new(), Vec::new(), Vec::new());
            viterbi(&emissions, &transitions, &mut back, &mut dispatched);
            viterbi_portable(&emissions, &transitions, &mut back, &mut portable);
            assert_eq!(dispatched, portable, "{n} tokens");
            assert_eq!(dispatched.len(), n);
        }
    }

    #[test]
    fn viterbi_respects_constraints() {
        let transitions = Transitions::from_learned(&vec![0.0; (TAG_COUNT + 1) * TAG_COUNT]);
        // Emissions favour a lone I-PER (invalid at the start), then O.
        let i_per = usize::from(tag(Position::Inside, EntityLabel::Per));
        let u_per = usize::from(tag(Position::Unit, EntityLabel::Per));
        let mut emissions = vec![0.0f32; 2 * TAG_COUNT];
        emissions[i_per] = 5.0;
        emissions[u_per] = 1.0;
        let (mut back, mut out) = (Vec::new(), Vec::new());
        viterbi(&emissions, &transitions, &mut back, &mut out);
        assert_eq!(out, [u_per as u8, tags::OUTSIDE]);
        viterbi(&[], &transitions, &mut back, &mut out);
        assert!(out.is_empty());
    }
}
