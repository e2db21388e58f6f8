//! Averaged multi-class perceptron over hashed features.
//!
//! Training keeps, per feature, only the classes it was ever updated for (a perceptron
//! update touches two classes), so a 100-class parser model stays small. Frozen
//! [`Weights`] store those sparse rows contiguously: scoring one feature is one hash
//! lookup and a short run of `(class, weight)` pairs, or, for the rows of frequent
//! features that have weights for many classes, a few vector additions of a dense row.

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
    /// The canonical form, which files store and pruning reads: feature keys in increasing
    /// order, each with the end of its row in `entries`.
    keys: Vec<u64>,
    row_ends: Vec<u32>,
    entries: Vec<Entry>,
    /// The scoring layout: feature -> its row, sparse (a range of `entries`) or dense.
    index: RowIndex,
    /// Rows with many entries, one weight per class (zero where the row has none), each
    /// `lanes` long: summing them is a few vector additions instead of a scatter per entry.
    dense: Vec<i16>,
    /// `classes` rounded up to a whole number of [`LANE_BLOCK`]s.
    lanes: usize,
}

/// One weight of a feature row, as stored: 4 bytes, so a row is usually one cache line.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Entry {
    /// The weight divided by the model's `scale`.
    weight: i16,
    class: u8,
}

/// Classes summed together in dense rows (two 256-bit registers of 32-bit sums).
pub const LANE_BLOCK: usize = 16;

/// A row is stored dense when it has weights for at least 1/`DENSE_SHARE` of the lanes:
/// past that, a dense row costs little more memory than a sparse one (2 bytes per lane
/// against 4 per entry) and far fewer instructions to add.
const DENSE_SHARE: usize = 16;

/// How a `RowIndex` slot names its row, in 32 bits. A sparse row: its length above
/// `SPARSE_START_BITS` and its start in `Weights::entries` below. A dense row: `DENSE_ROW`,
/// its largest weight magnitude rounded up to a multiple of `LARGEST_UNIT` (a bound is all
/// the 16-bit sums need) above `DENSE_NUMBER_BITS`, and its number in `Weights::dense`
/// below. No row is empty, so a slot holding 0 is free.
const DENSE_ROW: u32 = 1 << 31;
const SPARSE_START_BITS: u32 = 26;
const DENSE_NUMBER_BITS: u32 = 20;
const LARGEST_UNIT: u32 = 32;

/// Features scored per batch of lookups.
const LOOKUP_BATCH: usize = 128;

/// The buffers of [`Weights::score`], kept from one call to the next: clearing all of them
/// at every call cost about 5% of the scoring's instructions (measured).
pub struct ScoreWork {
    /// Indexed by a `u8` class, so the scatter of sparse rows needs no bounds checks.
    sums: [i32; MAX_CLASSES],
    /// The rows found in a batch of lookups.
    sparse: [(u32, u32); LOOKUP_BATCH],
    dense: [DenseRow; LOOKUP_BATCH],
}

impl ScoreWork {
    pub fn new() -> Box<Self> {
        Box::new(ScoreWork {
            sums: [0; MAX_CLASSES],
            sparse: [(0, 0); LOOKUP_BATCH],
            dense: [DenseRow::default(); LOOKUP_BATCH],
        })
    }
}

impl Weights {
    fn from_parts(
        classes: usize,
        scale: f32,
        keys: Vec<u64>,
        row_ends: Vec<u32>,
        entries: Vec<Entry>,
    ) -> Self {
        assert!(
            entries.len() < 1 << SPARSE_START_BITS,
            "too many weight entries"
        );
        let lanes = classes.div_ceil(LANE_BLOCK).max(1) * LANE_BLOCK;
        let is_dense = |len: u32| len as usize * DENSE_SHARE >= lanes;
        // Sparse rows are shorter than this, so their length fits above their start.
        const { assert!(MAX_CLASSES / DENSE_SHARE < 1 << (31 - SPARSE_START_BITS)) };
        let dense_rows = std::iter::once(0)
            .chain(row_ends.iter().copied())
            .zip(&row_ends)
            .filter(|&(start, &end)| is_dense(end - start))
            .count();
        assert!(dense_rows < 1 << DENSE_NUMBER_BITS, "too many dense rows");
        let mut dense = huge_page_vec(dense_rows * lanes, 0i16);
        let mut rows = Vec::with_capacity(keys.len());
        let mut next_dense = 0u32;
        let mut start = 0;
        for (&k, &end) in keys.iter().zip(&row_ends) {
            let row = &entries[start as usize..end as usize];
            if is_dense(end - start) {
                let offset = next_dense as usize * lanes;
                for e in row {
                    dense[offset + usize::from(e.class)] = e.weight;
                }
                let largest = row.iter().map(|e| u32::from(e.weight.unsigned_abs())).max();
                let largest_units = largest.unwrap_or(0).div_ceil(LARGEST_UNIT);
                rows.push((
                    k,
                    DENSE_ROW | largest_units << DENSE_NUMBER_BITS | next_dense,
                ));
                next_dense += 1;
            } else {
                rows.push((k, (end - start) << SPARSE_START_BITS | start));
            }
            start = end;
        }
        let index = RowIndex::new(&rows);
        Weights {
            classes,
            scale,
            keys,
            row_ends,
            entries,
            index,
            dense,
            lanes,
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

    /// The canonical rows, in key order: `(key, entries)`.
    fn rows(&self) -> impl Iterator<Item = (u64, &[Entry])> {
        let starts = std::iter::once(0).chain(self.row_ends.iter().copied());
        self.keys
            .iter()
            .zip(starts.zip(&self.row_ends))
            .map(|(&k, (start, &end))| (k, &self.entries[start as usize..end as usize]))
    }

    /// A copy without the entries smaller than `threshold` in magnitude.
    pub fn pruned(&self, threshold: f32) -> Weights {
        let (mut keys, mut row_ends, mut entries) = (Vec::new(), Vec::new(), Vec::new());
        for (k, row) in self.rows() {
            entries.extend(
                row.iter()
                    .filter(|e| (f32::from(e.weight) * self.scale).abs() >= threshold),
            );
            if row_ends.last().copied().unwrap_or(0) as usize != entries.len() {
                keys.push(k);
                row_ends.push(entries.len() as u32);
            }
        }
        Weights::from_parts(self.classes, self.scale, keys, row_ends, entries)
    }

    /// `scores[c]` = the sum of class `c`'s weights over `features` (unknown ones add
    /// nothing). The weights are summed as integers and scaled once: exact, since the sums
    /// of 16-bit integers stay far inside `f32`'s integer range.
    pub fn score(&self, features: &[u64], scores: &mut [f32], work: &mut ScoreWork) {
        let ScoreWork {
            sums,
            sparse,
            dense,
        } = work;
        // Only classes below `lanes` are ever added to.
        sums[..self.lanes].fill(0);
        // Three passes per batch: the slot lookups first, in a loop with nothing else in
        // it, so the CPU keeps many of these cache misses in flight at once (the table is
        // far bigger than the cache); then the rows, whose loads are independent too.
        for chunk in features.chunks(LOOKUP_BATCH) {
            for &f in chunk {
                self.index.prefetch(f);
            }
            let (mut n_sparse, mut n_dense) = (0, 0);
            for &f in chunk {
                match self.index.find(f) {
                    Some(row) if row & DENSE_ROW != 0 => {
                        let offset = (row & ((1 << DENSE_NUMBER_BITS) - 1)) * self.lanes as u32;
                        // The first line only: more prefetches per row cost more
                        // instructions than the misses they save (measured).
                        prefetch(self.dense.as_ptr().wrapping_add(offset as usize));
                        dense[n_dense] = DenseRow {
                            offset,
                            largest: (((row & !DENSE_ROW) >> DENSE_NUMBER_BITS) * LARGEST_UNIT)
                                as u16,
                        };
                        n_dense += 1;
                    }
                    Some(row) => {
                        let start = row & ((1 << SPARSE_START_BITS) - 1);
                        sparse[n_sparse] = (start, start + (row >> SPARSE_START_BITS));
                        n_sparse += 1;
                    }
                    None => {}
                }
            }
            for &(start, end) in &sparse[..n_sparse] {
                for e in &self.entries[start as usize..end as usize] {
                    sums[usize::from(e.class)] += i32::from(e.weight);
                }
            }
            add_bounded_dense_rows(&mut sums[..self.lanes], &self.dense, &dense[..n_dense]);
        }
        for (score, &sum) in scores.iter_mut().zip(sums.iter()) {
            *score = sum as f32 * self.scale;
        }
    }

    /// Stored as 16-bit integers times one scale per model: pruned perceptron weights span
    /// about four orders of magnitude, well inside 16 bits, at 3 bytes per entry.
    pub fn write(&self, w: &mut Writer) {
        w.len(self.classes);
        w.f32(self.scale);
        w.len(self.keys.len());
        for &k in &self.keys {
            w.u64(k);
        }
        for (_, row) in self.rows() {
            w.u16(row.len() as u16);
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
        if keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err(r.error("feature keys not strictly increasing".into()));
        }
        Ok(Weights::from_parts(classes, scale, keys, row_ends, entries))
    }
}

/// Feature key -> its row of weights: an open-addressing table with linear probing, of
/// 8-byte slots (half what whole keys would take, so twice as many slots share a cache line
/// and the table misses the cache and TLB less). Keys are hashes already, so their bits
/// pick the slot, and a slot's address is known before it is read, so
/// [`RowIndex::prefetch`] can start all of a configuration's misses at once.
///
/// A slot keeps its key's upper 32 bits as a check, so an unknown feature finds a row only
/// if its check equals that of a key along its probe run: about once in 2^32 lookups per
/// slot probed. Stored keys whose checks would meet along a probe run (about once per
/// build in thousands) are kept whole in `clashed`, and the slot where they meet says
/// [`CLASHED`]: every stored feature finds its own row.
#[derive(Debug, Clone, PartialEq)]
struct RowIndex {
    slots: Vec<Slot>,
    mask: usize,
    clashed: Vec<(u64, u32)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Slot {
    check: u32,
    /// The row, encoded as `DENSE_ROW` tells; 0 in a free slot.
    row: u32,
}

/// A slot's row when keys with its check are in `RowIndex::clashed`: a sparse row of no
/// entries, which no real row is.
const CLASHED: u32 = 1;

impl RowIndex {
    /// A table of the `(key, row)` pairs (distinct keys, distinct rows, none 0).
    fn new(rows: &[(u64, u32)]) -> Self {
        // At most half full, so probes are short.
        let size = (rows.len() * 2).next_power_of_two().max(16);
        let mut index = RowIndex {
            slots: huge_page_vec(size, Slot::default()),
            mask: size - 1,
            clashed: Vec::new(),
        };
        for &(key, row) in rows {
            debug_assert!(row >= 1 << SPARSE_START_BITS);
            let check = Self::check(key);
            let mut i = index.home(key);
            // In linear probing every slot between a key's home and its own is taken when
            // it is inserted, so this meets every check that a lookup of `key` can meet
            // before its own slot.
            loop {
                let slot = &mut index.slots[i];
                if slot.row == 0 {
                    *slot = Slot { check, row };
                    break;
                }
                if slot.check == check {
                    if slot.row != CLASHED {
                        let first = rows.iter().find(|&&(_, r)| r == slot.row);
                        index
                            .clashed
                            .push(*first.expect("a stored row has its key"));
                        slot.row = CLASHED;
                    }
                    index.clashed.push((key, row));
                    break;
                }
                i = (i + 1) & index.mask;
            }
        }
        index
    }

    fn home(&self, key: u64) -> usize {
        // The low bit is always set; the bits above it are well mixed.
        (key >> 1) as usize & self.mask
    }

    fn check(key: u64) -> u32 {
        (key >> 32) as u32
    }

    /// `key`'s row, or [`CLASHED`]: then [`RowIndex::get_clashed`] has it.
    fn get(&self, key: u64) -> Option<u32> {
        let check = Self::check(key);
        let mut i = self.home(key);
        loop {
            let slot = self.slots[i];
            if slot.row == 0 {
                return None;
            }
            if slot.check == check {
                return Some(slot.row);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// `key`'s row, wherever it is kept.
    #[inline]
    fn find(&self, key: u64) -> Option<u32> {
        match self.get(key) {
            Some(CLASHED) => self.get_clashed(key),
            row => row,
        }
    }

    /// The row of a key that [`RowIndex::get`] found [`CLASHED`].
    #[cold]
    fn get_clashed(&self, key: u64) -> Option<u32> {
        self.clashed
            .iter()
            .find(|&&(k, _)| k == key)
            .map(|&(_, row)| row)
    }

    /// Asks the CPU to start loading `key`'s slot; a hint with no effect on results.
    #[inline]
    fn prefetch(&self, key: u64) {
        prefetch(&self.slots[self.home(key)]);
    }
}

/// Asks the CPU to start loading the cache line at `pointer`; a hint with no effect on
/// results, so any address will do.
#[inline]
pub fn prefetch<T>(pointer: *const T) {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: a prefetch is only a hint: it never faults, whatever the address, and
        // reads nothing that the program sees.
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                pointer.cast::<i8>(),
            )
        };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = pointer;
}

/// `len` copies of `value` in memory the kernel is asked to back with huge pages: lookups
/// jump at random across tens of megabytes, and with 4 kB pages nearly every one would also
/// miss the TLB. The advice comes before the memory is first written, so that the pages are
/// huge from the start.
pub fn huge_page_vec<T: Clone>(len: usize, value: T) -> Vec<T> {
    let mut v = Vec::with_capacity(len);
    advise_huge_pages(v.spare_capacity_mut());
    v.resize(len, value);
    v
}

/// A hint with no effect on results; where the kernel has no huge pages, nothing happens.
fn advise_huge_pages<T>(memory: &[T]) {
    #[cfg(target_os = "linux")]
    {
        const HUGE_PAGE: usize = 2 << 20;
        let start = memory.as_ptr() as usize;
        let end = start + std::mem::size_of_val(memory);
        let aligned_start = start.next_multiple_of(HUGE_PAGE);
        let aligned_end = end / HUGE_PAGE * HUGE_PAGE;
        if aligned_start < aligned_end {
            // SAFETY: madvise only changes how the kernel backs these pages, which lie
            // inside a live allocation; MADV_HUGEPAGE never changes their contents. An
            // error (no THP support) is harmless and ignored.
            unsafe {
                libc::madvise(
                    aligned_start as *mut libc::c_void,
                    aligned_end - aligned_start,
                    libc::MADV_HUGEPAGE,
                );
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = memory;
}

/// Adds the dense rows starting at `offsets` in `dense` to `sums`, one lane per class;
/// `sums` is a whole number of [`LANE_BLOCK`]s long, and so is every row.
pub fn add_dense_rows(sums: &mut [i32], dense: &[i16], offsets: &[u32]) {
    add_rows(sums, dense, offsets);
}

/// A dense row to add: where it starts, and a bound on the magnitude of its weights (its
/// largest, or more).
#[derive(Debug, Default, Clone, Copy)]
pub struct DenseRow {
    pub offset: u32,
    pub largest: u16,
}

/// [`add_dense_rows`] for rows that come with a bound on their weights' magnitude. Adding 16-bit
/// lanes is four times cheaper than widening each to 32 bits, so rows are summed in 16 bits
/// for as long as the magnitudes added since the last widening guarantee that no lane can
/// overflow (most rows' weights are far below the model's largest), and only then widened
/// into `sums`: the same sums, bit for bit.
pub fn add_bounded_dense_rows(sums: &mut [i32], dense: &[i16], rows: &[DenseRow]) {
    add_rows(sums, dense, rows);
}

/// Rows to add, and how, for rows of exactly `BLOCKS` blocks: compiled once per width, so
/// that the sums of a whole row stay in vector registers across rows.
trait RowAdder: Copy {
    fn add_blocks<const BLOCKS: usize>(self, sums: &mut [i32], dense: &[i16]);
}

impl RowAdder for &[u32] {
    #[inline(always)]
    fn add_blocks<const BLOCKS: usize>(self, sums: &mut [i32], dense: &[i16]) {
        add_widened::<BLOCKS>(sums, dense, self.iter().copied());
    }
}

/// Adds the rows at `offsets`, every weight widened to 32 bits as it is added (16 vector
/// registers for 8 blocks).
#[inline(always)]
fn add_widened<const BLOCKS: usize>(
    sums: &mut [i32],
    dense: &[i16],
    offsets: impl Iterator<Item = u32>,
) {
    let mut acc = [[0i32; LANE_BLOCK]; BLOCKS];
    for (block, block_sums) in acc.iter_mut().zip(sums.chunks_exact(LANE_BLOCK)) {
        block.copy_from_slice(block_sums);
    }
    for offset in offsets {
        let row = &dense[offset as usize..][..LANE_BLOCK * BLOCKS];
        for (block, weights) in acc.iter_mut().zip(row.chunks_exact(LANE_BLOCK)) {
            for (a, &w) in block.iter_mut().zip(weights) {
                *a += i32::from(w);
            }
        }
    }
    for (block, block_sums) in acc.iter().zip(sums.chunks_exact_mut(LANE_BLOCK)) {
        block_sums.copy_from_slice(block);
    }
}

impl RowAdder for &[DenseRow] {
    /// Summed in 16 bits (8 vector registers for 8 blocks), widened when the headroom
    /// runs out.
    #[inline(always)]
    fn add_blocks<const BLOCKS: usize>(self, sums: &mut [i32], dense: &[i16]) {
        if BLOCKS <= 2 {
            // Narrow rows (the tagger's): widening costs less than the bookkeeping (measured).
            add_widened::<BLOCKS>(sums, dense, self.iter().map(|row| row.offset));
            return;
        }
        let mut narrow = [[0i16; LANE_BLOCK]; BLOCKS];
        // What may still be added to any 16-bit lane without overflow. A row is added after
        // a widening even if it alone exceeds this: its own weights are 16-bit values.
        let mut headroom = i32::from(i16::MAX);
        for row in self {
            let largest = i32::from(row.largest);
            if largest > headroom {
                widen_into(sums, &mut narrow);
                headroom = i32::from(i16::MAX);
            }
            headroom -= largest;
            let weights = &dense[row.offset as usize..][..LANE_BLOCK * BLOCKS];
            for (block, weights) in narrow.iter_mut().zip(weights.chunks_exact(LANE_BLOCK)) {
                for (lane, &w) in block.iter_mut().zip(weights) {
                    // Never wraps: the headroom bounds every lane's magnitude.
                    *lane = lane.wrapping_add(w);
                }
            }
        }
        widen_into(sums, &mut narrow);
    }
}

/// Adds the 16-bit sums to the 32-bit ones and clears them.
#[inline(always)]
fn widen_into<const BLOCKS: usize>(sums: &mut [i32], narrow: &mut [[i16; LANE_BLOCK]; BLOCKS]) {
    for (block, block_sums) in narrow.iter_mut().zip(sums.chunks_exact_mut(LANE_BLOCK)) {
        for (lane, sum) in block.iter_mut().zip(block_sums) {
            *sum += i32::from(*lane);
            *lane = 0;
        }
    }
}

/// Adds `rows` with AVX2 where the CPU has it (its 16-to-32-bit widening loads and 16-lane
/// adds make a block a few instructions per row), portable code otherwise.
fn add_rows(sums: &mut [i32], dense: &[i16], rows: impl RowAdder) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above.
        unsafe { add_rows_avx2(sums, dense, rows) };
        return;
    }
    add_rows_portable(sums, dense, rows);
}

/// The same code compiled for AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn add_rows_avx2(sums: &mut [i32], dense: &[i16], rows: impl RowAdder) {
    add_rows_portable(sums, dense, rows);
}

/// Dispatches on the row width (up to 8 blocks at a time).
#[inline(always)]
fn add_rows_portable(sums: &mut [i32], dense: &[i16], rows: impl RowAdder) {
    match sums.len() / LANE_BLOCK {
        1 => rows.add_blocks::<1>(sums, dense),
        2 => rows.add_blocks::<2>(sums, dense),
        3 => rows.add_blocks::<3>(sums, dense),
        4 => rows.add_blocks::<4>(sums, dense),
        5 => rows.add_blocks::<5>(sums, dense),
        6 => rows.add_blocks::<6>(sums, dense),
        7 => rows.add_blocks::<7>(sums, dense),
        8 => rows.add_blocks::<8>(sums, dense),
        _ => {
            // Wider rows in parts of 8 blocks: shifting `dense` shifts every row alike.
            let (head, rest) = sums.split_at_mut(8 * LANE_BLOCK);
            rows.add_blocks::<8>(head, dense);
            add_rows_portable(rest, &dense[8 * LANE_BLOCK..], rows);
        }
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
            w.score(feats, &mut scores, &mut ScoreWork::new());
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
        back.score(&[12345], &mut scores, &mut ScoreWork::new());
        assert_eq!(scores, vec![0.0; 3]);
    }

    /// Rows of every length, dense and sparse, score as the plain sum of their entries, for
    /// models of up to 8 lane blocks and wider ones.
    #[test]
    fn dense_and_sparse_rows_score_the_sum_of_their_weights() {
        for classes in [37, 200] {
            let mut t = Trainer::new(classes);
            let mut rng = crate::rng::SplitMix::new(3);
            for feature in 1..200u64 {
                // Feature f is updated about f times, so row lengths cover 2..=classes.
                for _ in 0..feature.min(3 * classes as u64) {
                    let truth = rng.below(classes);
                    t.update(&[feature * 2 + 1], truth, (truth + 1) % classes);
                    t.tick();
                }
            }
            let w = t.freeze(0.0);
            let sparse_rows = w
                .index
                .slots
                .iter()
                .filter(|s| s.row != 0 && s.row & DENSE_ROW == 0);
            assert!(!w.dense.is_empty() && sparse_rows.count() > 0);
            let features: Vec<u64> = (0..300u64).map(|f| f * 2 + 1).collect();
            let mut expected = vec![0i64; classes];
            for (key, row) in w.rows() {
                if features.contains(&key) {
                    for e in row {
                        expected[usize::from(e.class)] += i64::from(e.weight);
                    }
                }
            }
            let mut scores = vec![0.0; classes];
            w.score(&features, &mut scores, &mut ScoreWork::new());
            let expected: Vec<f32> = expected.iter().map(|&s| s as f32 * w.scale).collect();
            assert_eq!(scores, expected, "{classes} classes");
            let offsets: Vec<u32> = (0..w.dense.len() / w.lanes)
                .map(|r| (r * w.lanes) as u32)
                .collect();
            let mut portable = vec![0i32; w.lanes];
            add_rows_portable(&mut portable, &w.dense, offsets.as_slice());
            let mut dispatched = vec![0i32; w.lanes];
            add_dense_rows(&mut dispatched, &w.dense, &offsets);
            assert_eq!(portable, dispatched, "{classes} classes");
        }
    }

    /// Rows of large weights force widenings between rows, rows of small ones are summed in
    /// 16 bits at length: either way the sums are those of adding every row in 32 bits,
    /// also with rows holding the most negative 16-bit weight.
    #[test]
    fn bounded_dense_rows_sum_like_widened_ones() {
        let mut rng = crate::rng::SplitMix::new(7);
        for blocks in [1, 7, 9] {
            let lanes = blocks * LANE_BLOCK;
            let row_count = 60;
            let mut dense = vec![0i16; row_count * lanes];
            let mut rows = Vec::new();
            for (r, row) in dense.chunks_exact_mut(lanes).enumerate() {
                let magnitude = [3i32, 300, 20_000, 32_768][r % 4];
                for w in row.iter_mut() {
                    let drawn = rng.below(2 * magnitude as usize + 1) as i32 - magnitude;
                    *w = drawn.clamp(i16::MIN.into(), i16::MAX.into()) as i16;
                }
                if magnitude == 32_768 {
                    row[r % lanes] = i16::MIN;
                }
                let largest = row.iter().map(|w| w.unsigned_abs()).max().unwrap();
                rows.push(DenseRow {
                    offset: (r * lanes) as u32,
                    largest,
                });
            }
            // Small rows first, so that many are summed before the first widening.
            rows.sort_by_key(|row| row.largest);
            let offsets: Vec<u32> = rows.iter().map(|row| row.offset).collect();
            let mut widened = vec![5i32; lanes];
            add_rows_portable(&mut widened, &dense, offsets.as_slice());
            let mut portable = vec![5i32; lanes];
            add_rows_portable(&mut portable, &dense, rows.as_slice());
            assert_eq!(portable, widened, "{blocks} blocks");
            let mut dispatched = vec![5i32; lanes];
            add_bounded_dense_rows(&mut dispatched, &dense, &rows);
            assert_eq!(dispatched, widened, "{blocks} blocks");
        }
    }

    /// Keys whose upper 32 bits (the slots' checks) meet along a probe run are kept whole
    /// on the side: every key finds its own row, and unknown keys none.
    #[test]
    fn index_finds_every_key_even_when_checks_clash() {
        let upper = 0xdead_beef_u64 << 32;
        let sparse = |n: u32| 1 << SPARSE_START_BITS | n;
        let rows = [
            (upper | 5 << 1 | 1, sparse(7)),
            // The same check and home as the first key.
            (upper | 1 << 20 | 5 << 1 | 1, DENSE_ROW | 8),
            // Another check in the slot before, then the first key's check again, whose
            // probe run passes both.
            (3 << 40 | 4 << 1 | 1, sparse(9)),
            (upper | 1 << 21 | 4 << 1 | 1, sparse(10)),
            (upper | 9 << 1 | 1, sparse(11)),
        ];
        let index = RowIndex::new(&rows);
        assert_eq!(index.clashed.len(), 3, "{:?}", index.clashed);
        for &(key, row) in &rows {
            assert_eq!(index.find(key), Some(row), "{key:x}");
        }
        assert_eq!(index.get(upper | 1 << 22 | 5 << 1 | 1), Some(CLASHED));
        assert_eq!(index.get_clashed(upper | 1 << 22 | 5 << 1 | 1), None);
        assert_eq!(index.get(7 << 1 | 1), None);
        assert!(RowIndex::new(&rows[2..]).clashed.is_empty());
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
