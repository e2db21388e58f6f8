//! The trained weights, first-order Viterbi decoding, and the model file format.
//!
//! Weights are one contiguous row of [`TAG_COUNT`] `i16` per feature (quantised from the
//! averaged perceptron with one scale for the whole model), found through an
//! open-addressing table keyed by the feature hash: scoring a token is one probe and one
//! row add per feature, with no allocation.
//!
//! File layout (little endian): magic `DLNERMDL`, format version `u32`, tag count `u32`,
//! row count `u32`, scale `f32`, the rows (`u64` key then `TAG_COUNT` x `i16`), the
//! transition scores (`(TAG_COUNT + 1) x TAG_COUNT` x `f32`, the last row from the
//! sentence start), gazetteer count `u32` and entries (`u64` phrase hash, `u8` class),
//! then an FNV-1a 64 checksum of everything before it.

use crate::features::{self, Scratch};
use crate::gazetteer::Gazetteer;
use crate::tags::{self, TAG_COUNT};
use crate::NerError;
use std::path::Path;

const MAGIC: &[u8; 8] = b"DLNERMDL";
pub const FORMAT_VERSION: u32 = 1;

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
        self.scores.iter().map(|s| if s.is_finite() { *s } else { 0.0 }).collect()
    }
}

/// Best tag sequence under `emissions` (`n x TAG_COUNT`, row-major) and `transitions`,
/// written to `out`. Always well-formed: the constraints forbid every invalid step and a
/// sentence cannot end inside an entity.
pub fn viterbi(emissions: &[f32], transitions: &Transitions, back: &mut Vec<u8>, out: &mut Vec<u8>) {
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
    for i in 1..n {
        let mut next = [f32::NEG_INFINITY; TAG_COUNT];
        for (to, slot) in next.iter_mut().enumerate() {
            let mut best = f32::NEG_INFINITY;
            let mut best_from = 0;
            for (from, score) in current.iter().enumerate() {
                let s = score + t[from * TAG_COUNT + to];
                if s > best {
                    best = s;
                    best_from = from;
                }
            }
            *slot = best + emissions[i * TAG_COUNT + to];
            back[i * TAG_COUNT + to] = best_from as u8;
        }
        current = next;
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

/// Feature hash -> weight row, open addressing with linear probing.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Slot keys; 0 marks an empty slot (stored keys are never 0, see [`stored_key`]).
    slots: Vec<u64>,
    slot_rows: Vec<u32>,
    /// Keys in row order, for writing the file.
    row_keys: Vec<u64>,
    weights: Vec<i16>,
    scale: f32,
    pub transitions: Transitions,
    pub gazetteer: Gazetteer,
}

/// Feature hashes as stored: 0 is reserved for empty slots.
#[inline]
pub fn stored_key(hash: u64) -> u64 {
    hash.max(1)
}

impl Model {
    /// Quantises averaged weights (`(feature hash, row)` pairs) into a model. Rows whose
    /// weights all round to zero are dropped: they cannot change a decision.
    pub fn new(rows: Vec<(u64, [f32; TAG_COUNT])>, learned_transitions: &[f32], gazetteer: Gazetteer) -> Model {
        let max = rows
            .iter()
            .flat_map(|(_, row)| row.iter())
            .fold(0.0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / f32::from(i16::MAX) } else { 1.0 };
        let mut row_keys = Vec::with_capacity(rows.len());
        let mut weights = Vec::with_capacity(rows.len() * TAG_COUNT);
        for (key, row) in rows {
            let quantised = row.map(|w| (w / scale).round() as i16);
            if quantised.iter().any(|q| *q != 0) {
                row_keys.push(stored_key(key));
                weights.extend_from_slice(&quantised);
            }
        }
        Model::from_parts(row_keys, weights, scale, Transitions::from_learned(learned_transitions), gazetteer)
    }

    fn from_parts(row_keys: Vec<u64>, weights: Vec<i16>, scale: f32, transitions: Transitions, gazetteer: Gazetteer) -> Model {
        let capacity = (row_keys.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![0u64; capacity];
        let mut slot_rows = vec![0u32; capacity];
        let mask = capacity - 1;
        for (row, &key) in row_keys.iter().enumerate() {
            let mut slot = key as usize & mask;
            while slots[slot] != 0 && slots[slot] != key {
                slot = (slot + 1) & mask;
            }
            slots[slot] = key;
            slot_rows[slot] = row as u32;
        }
        Model { slots, slot_rows, row_keys, weights, scale, transitions, gazetteer }
    }

    pub fn feature_count(&self) -> usize {
        self.row_keys.len()
    }

    #[inline]
    fn row(&self, hash: u64) -> Option<&[i16]> {
        let key = stored_key(hash);
        let mask = self.slots.len() - 1;
        let mut slot = key as usize & mask;
        loop {
            let k = self.slots[slot];
            if k == key {
                let start = self.slot_rows[slot] as usize * TAG_COUNT;
                return Some(&self.weights[start..start + TAG_COUNT]);
            }
            if k == 0 {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The best tags for a sentence.
    pub fn tag(&self, words: &[&str], work: &mut Work) -> Vec<u8> {
        work.scratch.analyse(words, &self.gazetteer);
        let headline = features::is_headline(&work.scratch.tokens);
        work.emissions.clear();
        for i in 0..words.len() {
            features::extract(&work.scratch.tokens, i, headline, &mut work.features);
            let mut sums = [0i32; TAG_COUNT];
            for &f in &work.features {
                if let Some(row) = self.row(f) {
                    for (sum, w) in sums.iter_mut().zip(row) {
                        *sum += i32::from(*w);
                    }
                }
            }
            work.emissions.extend(sums.iter().map(|s| *s as f32 * self.scale));
        }
        let mut out = Vec::with_capacity(words.len());
        viterbi(&work.emissions, &self.transitions, &mut work.back, &mut out);
        out
    }

    pub fn write(&self, path: &Path) -> Result<(), NerError> {
        let mut bytes = Vec::with_capacity(32 + self.row_keys.len() * (8 + 2 * TAG_COUNT));
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        bytes.extend_from_slice(&(TAG_COUNT as u32).to_le_bytes());
        bytes.extend_from_slice(&(self.row_keys.len() as u32).to_le_bytes());
        bytes.extend_from_slice(&self.scale.to_le_bytes());
        for (key, row) in self.row_keys.iter().zip(self.weights.chunks_exact(TAG_COUNT)) {
            bytes.extend_from_slice(&key.to_le_bytes());
            for w in row {
                bytes.extend_from_slice(&w.to_le_bytes());
            }
        }
        for s in self.transitions.learned() {
            bytes.extend_from_slice(&s.to_le_bytes());
        }
        let entries = self.gazetteer.entries();
        bytes.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        for (key, class) in entries {
            bytes.extend_from_slice(&key.to_le_bytes());
            bytes.push(class);
        }
        let checksum = fnv1a(&bytes);
        bytes.extend_from_slice(&checksum.to_le_bytes());
        std::fs::write(path, bytes).map_err(|e| NerError::io(path, e))
    }

    pub fn read(path: &Path) -> Result<Model, NerError> {
        let bytes = std::fs::read(path).map_err(|e| NerError::io(path, e))?;
        Model::from_bytes(&bytes).map_err(|reason| NerError::Model { path: path.display().to_string(), reason })
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
        if version != FORMAT_VERSION {
            return Err(format!("model format {version}, this build reads {FORMAT_VERSION}"));
        }
        let tag_count = r.u32()? as usize;
        if tag_count != TAG_COUNT {
            return Err(format!("model has {tag_count} tags, expected {TAG_COUNT}"));
        }
        let rows = r.u32()? as usize;
        let scale = f32::from_le_bytes(r.array()?);
        let mut row_keys = Vec::with_capacity(rows.min(body.len() / 8));
        let mut weights = Vec::with_capacity(row_keys.capacity() * TAG_COUNT);
        for _ in 0..rows {
            let key = u64::from_le_bytes(r.array()?);
            if key == 0 {
                return Err("feature key 0 is reserved".to_string());
            }
            row_keys.push(key);
            for _ in 0..TAG_COUNT {
                weights.push(i16::from_le_bytes(r.array()?));
            }
        }
        let mut learned = Vec::with_capacity((TAG_COUNT + 1) * TAG_COUNT);
        for _ in 0..(TAG_COUNT + 1) * TAG_COUNT {
            learned.push(f32::from_le_bytes(r.array()?));
        }
        let entries = r.u32()? as usize;
        let mut gazetteer = Vec::with_capacity(entries.min(body.len() / 9));
        for _ in 0..entries {
            let key = u64::from_le_bytes(r.array()?);
            let class = r.take(1)?[0];
            gazetteer.push((key, class));
        }
        if !r.bytes.is_empty() {
            return Err(format!("{} unexpected bytes after the gazetteer", r.bytes.len()));
        }
        if !scale.is_finite() || learned.iter().any(|s| !s.is_finite()) {
            return Err("non-finite weights".to_string());
        }
        Ok(Model::from_parts(
            row_keys,
            weights,
            scale,
            Transitions::from_learned(&learned),
            Gazetteer::from_entries(gazetteer),
        ))
    }
}

/// Buffers reused across sentences.
#[derive(Debug, Default)]
pub struct Work {
    scratch: Scratch,
    features: Vec<u64>,
    emissions: Vec<f32>,
    back: Vec<u8>,
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
        let mut gazetteer = Gazetteer::default();
        gazetteer.insert("Paris", crate::gazetteer::CITY);
        let mut learned = vec![0.0f32; (TAG_COUNT + 1) * TAG_COUNT];
        learned[3] = -0.5;
        Model::new(vec![(42, row), (0, row), (7, zero)], &learned, gazetteer)
    }

    #[test]
    fn zero_rows_are_pruned_and_key_zero_is_remapped() {
        let model = tiny_model();
        assert_eq!(model.feature_count(), 2);
        assert!(model.row(42).is_some());
        assert!(model.row(0).is_some());
        assert!(model.row(7).is_none());
        assert!(model.row(12345).is_none());
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
