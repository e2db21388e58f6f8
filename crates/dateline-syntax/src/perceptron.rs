//! Averaged multi-class perceptron over hashed features.
//!
//! Training keeps, per feature, only the classes it was ever updated for (a perceptron
//! update touches two classes), so a 100-class parser model stays small. Frozen
//! [`Weights`] store those sparse rows contiguously: scoring one feature is one hash
//! lookup and a short run of `(class, weight)` pairs.

use crate::model_file::{Reader, Writer};
use crate::SyntaxError;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Keys are already well-mixed 64-bit hashes: the map uses them as they are.
#[derive(Default, Clone, Copy)]
pub struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = crate::hashing::mix(self.0 ^ u64::from(b));
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

pub type PreHashedMap<V> = HashMap<u64, V, BuildHasherDefault<PreHashed>>;

/// Most classes a model may have: classes are stored as one byte.
pub const MAX_CLASSES: usize = 256;

#[derive(Clone, Copy)]
struct TrainEntry {
    class: u16,
    weight: f32,
    /// Sum of `instance * delta` over updates, for the averaging trick (Daumé 2006):
    /// the average weight is `weight - timed_sum / instances`.
    timed_sum: f64,
}

/// A perceptron being trained.
pub struct Trainer {
    classes: usize,
    index: PreHashedMap<u32>,
    rows: Vec<Vec<TrainEntry>>,
    instances: u64,
}

impl Trainer {
    pub fn new(classes: usize) -> Self {
        assert!(
            classes <= MAX_CLASSES,
            "{classes} classes exceed {MAX_CLASSES}"
        );
        Trainer {
            classes,
            index: PreHashedMap::default(),
            rows: Vec::new(),
            instances: 1,
        }
    }

    /// Current (not averaged) scores, as the perceptron rule needs.
    pub fn score(&self, features: &[u64], scores: &mut [f32]) {
        scores.fill(0.0);
        for f in features {
            if let Some(&row) = self.index.get(f) {
                for e in &self.rows[row as usize] {
                    scores[e.class as usize] += e.weight;
                }
            }
        }
    }

    /// Counts one training example; call once per classification, updated or not.
    pub fn tick(&mut self) {
        self.instances += 1;
    }

    /// Moves weight from the wrong guess to the truth for every feature.
    pub fn update(&mut self, features: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let now = self.instances as f64;
        for &f in features {
            let next = self.rows.len() as u32;
            let row = *self.index.entry(f).or_insert(next);
            if row == next {
                self.rows.push(Vec::new());
            }
            let row = &mut self.rows[row as usize];
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0)] {
                let entry = match row.iter().position(|e| e.class as usize == class) {
                    Some(i) => &mut row[i],
                    None => {
                        row.push(TrainEntry {
                            class: class as u16,
                            weight: 0.0,
                            timed_sum: 0.0,
                        });
                        row.last_mut().expect("just pushed")
                    }
                };
                entry.weight += delta;
                entry.timed_sum += now * f64::from(delta);
            }
        }
    }

    /// Averaged weights, dropping entries whose magnitude is below `prune` (they change
    /// almost no decision but cost file size and cache), quantised as they will be stored,
    /// so the frozen model scores exactly like the saved one.
    pub fn freeze(&self, prune: f32) -> Weights {
        let now = self.instances as f64;
        let average = |e: &TrainEntry| (f64::from(e.weight) - e.timed_sum / now) as f32;
        let largest = self
            .rows
            .iter()
            .flatten()
            .fold(0.0f32, |m, e| m.max(average(e).abs()));
        let scale = if largest > 0.0 {
            largest / f32::from(i16::MAX)
        } else {
            1.0
        };
        let mut keyed: Vec<(u64, u32)> = self.index.iter().map(|(&k, &r)| (k, r)).collect();
        keyed.sort_unstable_by_key(|&(k, _)| k);
        let mut keys = Vec::new();
        let mut row_ends = Vec::new();
        let mut entries = Vec::new();
        for (key, row) in keyed {
            let before = entries.len();
            for e in &self.rows[row as usize] {
                let average = average(e);
                let quantised = (average / scale).round() as i16;
                if average.abs() >= prune && quantised != 0 {
                    entries.push(Entry {
                        weight: quantised,
                        class: e.class as u8,
                    });
                }
            }
            if entries.len() > before {
                keys.push(key);
                row_ends.push(entries.len() as u32);
            }
        }
        Weights::from_parts(self.classes, scale, keys, row_ends, entries)
    }
}

/// Frozen averaged weights for prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    classes: usize,
    /// Every value is a 16-bit integer times `scale`.
    scale: f32,
    /// Feature -> (start, end) into `entries`.
    index: RowIndex,
    /// Kept in key order for serialisation.
    keys: Vec<u64>,
    entries: Vec<Entry>,
}

/// One weight of a feature row, as stored: 4 bytes, so a row is usually one cache line.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Entry {
    /// The weight divided by the model's `scale`.
    weight: i16,
    class: u8,
}

impl Weights {
    fn from_parts(
        classes: usize,
        scale: f32,
        keys: Vec<u64>,
        row_ends: Vec<u32>,
        entries: Vec<Entry>,
    ) -> Self {
        let mut index = RowIndex::with_capacity(keys.len());
        let mut start = 0;
        for (&k, &end) in keys.iter().zip(&row_ends) {
            index.insert(k, (start, end));
            start = end;
        }
        Weights {
            classes,
            scale,
            index,
            keys,
            entries,
        }
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    pub fn features(&self) -> usize {
        self.keys.len()
    }

    pub fn entries(&self) -> usize {
        self.entries.len()
    }

    /// A copy without the entries smaller than `threshold` in magnitude.
    pub fn pruned(&self, threshold: f32) -> Weights {
        let (mut keys, mut row_ends, mut entries) = (Vec::new(), Vec::new(), Vec::new());
        for &k in &self.keys {
            let (start, end) = self.index.get(k).expect("every key has a row");
            entries.extend(
                self.entries[start as usize..end as usize]
                    .iter()
                    .filter(|e| (f32::from(e.weight) * self.scale).abs() >= threshold),
            );
            if row_ends.last().copied().unwrap_or(0) as usize != entries.len() {
                keys.push(k);
                row_ends.push(entries.len() as u32);
            }
        }
        Weights::from_parts(self.classes, self.scale, keys, row_ends, entries)
    }

    pub fn score(&self, features: &[u64], scores: &mut [f32]) {
        scores.fill(0.0);
        // Two passes: the lookups first, in a loop with nothing else in it, so the CPU keeps
        // many of these cache misses in flight at once (the table is far bigger than the
        // cache); then the rows, whose loads are independent of each other too.
        let mut rows = [(0u32, 0u32); 128];
        for chunk in features.chunks(rows.len()) {
            for &f in chunk {
                self.index.prefetch(f);
            }
            let mut found = 0;
            for &f in chunk {
                if let Some(row) = self.index.get(f) {
                    rows[found] = row;
                    found += 1;
                }
            }
            for &(start, end) in &rows[..found] {
                for e in &self.entries[start as usize..end as usize] {
                    scores[usize::from(e.class)] += f32::from(e.weight);
                }
            }
        }
        // One scale for all weights: summing the integers and scaling once is exact enough
        // (sums of i16 stay far inside f32's integer range) and saves a multiply per entry.
        for score in scores.iter_mut() {
            *score *= self.scale;
        }
    }

    /// Stored as 16-bit integers times one scale per model: pruned perceptron weights span
    /// about four orders of magnitude, well inside 16 bits, at 3 bytes per entry.
    pub fn write(&self, w: &mut Writer) {
        let scale = self.scale;
        w.len(self.classes);
        w.f32(scale);
        w.len(self.keys.len());
        for &k in &self.keys {
            w.u64(k);
        }
        for &k in &self.keys {
            let (start, end) = self.index.get(k).expect("every key has a row");
            w.u16((end - start) as u16);
        }
        let classes: Vec<u8> = self.entries.iter().map(|e| e.class).collect();
        w.bytes(&classes);
        for e in &self.entries {
            w.i16(e.weight);
        }
    }

    pub fn read(r: &mut Reader<'_>) -> Result<Self, SyntaxError> {
        let classes = r.len(0)?;
        if classes == 0 || classes > MAX_CLASSES {
            return Err(r.error(format!("bad class count {classes}")));
        }
        let scale = r.f32()?;
        if !scale.is_finite() || scale <= 0.0 {
            return Err(r.error(format!("bad weight scale {scale}")));
        }
        let n = r.len(10)?;
        let keys = (0..n).map(|_| r.u64()).collect::<Result<Vec<_>, _>>()?;
        let mut row_ends = Vec::with_capacity(n);
        let mut end = 0u32;
        for _ in 0..n {
            let len = r.u16()?;
            if len == 0 || usize::from(len) > classes {
                return Err(r.error(format!("weight row of {len} entries for {classes} classes")));
            }
            end += u32::from(len);
            row_ends.push(end);
        }
        let entry_classes = r.bytes()?.to_vec();
        if entry_classes.len() != end as usize {
            return Err(r.error(format!(
                "{} weight entries, rows need {end}",
                entry_classes.len()
            )));
        }
        let entries = entry_classes
            .iter()
            .map(|&class| r.i16().map(|weight| Entry { weight, class }))
            .collect::<Result<Vec<_>, _>>()?;
        if entry_classes.iter().any(|&c| c as usize >= classes) {
            return Err(r.error("weight entry for a class the model does not have".into()));
        }
        if keys.first() == Some(&RowIndex::EMPTY) || keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err(r.error("feature keys not strictly increasing".into()));
        }
        Ok(Weights::from_parts(classes, scale, keys, row_ends, entries))
    }
}

/// Feature key -> its row of weights: an open-addressing table with linear probing. Keys
/// are hashes already, so their bits pick the slot, and a slot's address is known before it
/// is read, so [`RowIndex::prefetch`] can start all of a configuration's misses at once.
#[derive(Debug, Clone, PartialEq)]
struct RowIndex {
    slots: Vec<(u64, u32, u32)>,
    mask: usize,
}

impl RowIndex {
    /// Marks a free slot; feature hashes are odd (see `hashing::feature`), so never this.
    const EMPTY: u64 = 0;

    fn with_capacity(keys: usize) -> Self {
        // At most half full, so probes are short.
        let size = (keys * 2).next_power_of_two().max(16);
        RowIndex {
            slots: vec![(Self::EMPTY, 0, 0); size],
            mask: size - 1,
        }
    }

    fn home(&self, key: u64) -> usize {
        // The low bit is always set; the bits above it are well mixed.
        (key >> 1) as usize & self.mask
    }

    fn insert(&mut self, key: u64, row: (u32, u32)) {
        debug_assert_ne!(key, Self::EMPTY);
        let mut i = self.home(key);
        while self.slots[i].0 != Self::EMPTY && self.slots[i].0 != key {
            i = (i + 1) & self.mask;
        }
        self.slots[i] = (key, row.0, row.1);
    }

    fn get(&self, key: u64) -> Option<(u32, u32)> {
        let mut i = self.home(key);
        loop {
            let (k, start, end) = self.slots[i];
            if k == key {
                return Some((start, end));
            }
            if k == Self::EMPTY {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Asks the CPU to start loading `key`'s slot; a hint with no effect on results.
    #[inline]
    fn prefetch(&self, key: u64) {
        #[cfg(target_arch = "x86_64")]
        {
            let slot: *const (u64, u32, u32) = &self.slots[self.home(key)];
            // SAFETY: a prefetch is only a hint: it never faults and reads nothing that the
            // program sees, and the pointer is to a live element of `slots` anyway.
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                    slot.cast::<i8>(),
                )
            };
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = key;
    }
}

/// Index of the best-scoring class among those `allowed`, lowest index on ties.
pub fn best_allowed(scores: &[f32], allowed: impl Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, &s) in scores.iter().enumerate() {
        if allowed(i) && best.is_none_or(|b| s > scores[b]) {
            best = Some(i);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model_file::ModelKind;

    /// Two features, each predicting one class: the perceptron must separate them.
    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        let mut t = Trainer::new(3);
        let data = [
            (vec![11u64, 99], 0usize),
            (vec![22, 99], 1),
            (vec![33, 99], 2),
        ];
        let mut scores = vec![0.0; 3];
        for _ in 0..10 {
            for (feats, truth) in &data {
                t.score(feats, &mut scores);
                let guess = best_allowed(&scores, |_| true).unwrap();
                t.update(feats, *truth, guess);
                t.tick();
            }
        }
        let w = t.freeze(0.0);
        for (feats, truth) in &data {
            w.score(feats, &mut scores);
            assert_eq!(best_allowed(&scores, |_| true), Some(*truth));
        }
        let mut writer = Writer::new(ModelKind::Tagger);
        w.write(&mut writer);
        let bytes = writer.finish();
        let mut reader = Reader::new("w", &bytes, ModelKind::Tagger).unwrap();
        let back = Weights::read(&mut reader).unwrap();
        reader.finish().unwrap();
        assert_eq!(
            back, w,
            "frozen weights are already quantised: saving loses nothing"
        );
        // Unknown features score nothing.
        back.score(&[12345], &mut scores);
        assert_eq!(scores, vec![0.0; 3]);
    }

    #[test]
    fn pruning_drops_small_weights() {
        let mut t = Trainer::new(2);
        t.update(&[5], 0, 1);
        t.tick();
        assert_eq!(t.freeze(0.0).entries(), 2);
        assert_eq!(t.freeze(10.0).entries(), 0);
        assert_eq!(t.freeze(0.0).pruned(10.0), t.freeze(10.0));
        assert_eq!(t.freeze(0.0).pruned(0.0), t.freeze(0.0));
    }

    #[test]
    fn best_allowed_respects_the_mask() {
        assert_eq!(best_allowed(&[3.0, 1.0, 2.0], |i| i != 0), Some(2));
        assert_eq!(best_allowed(&[3.0], |_| false), None);
    }
}
