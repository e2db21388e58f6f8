//! Cross-document linking keys: normalised quote text (with its fingerprint and a
//! containment test) and MinHash fingerprints of article text for near-duplicates.
//!
//! Pure functions, so that every backend links the same way.

/// Quote text reduced to what survives reprinting: lowercase words, no punctuation, quotation
/// marks or extra spaces. An ellipsis splits the text into pieces, because an outlet that
/// elides a passage keeps the words around it in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteKey {
    pub pieces: Vec<String>,
}

/// Pieces are stored joined by this separator (it cannot occur inside a piece).
const PIECE_SEPARATOR: &str = " | ";

/// Fewer words than this and containment would link unrelated quotes ("yes", "we will").
const MIN_CONTAINED_WORDS: usize = 4;

impl QuoteKey {
    pub fn new(text: &str) -> QuoteKey {
        // Ellipses in both forms mark elisions; unify them before stripping punctuation.
        let text = text.replace("...", "\u{2026}");
        let pieces = text
            .split('\u{2026}')
            .map(normalise_words)
            .filter(|piece| !piece.is_empty())
            .collect();
        QuoteKey { pieces }
    }

    /// Parses the stored form written by [`QuoteKey::stored`].
    pub fn from_stored(stored: &str) -> QuoteKey {
        QuoteKey {
            pieces: stored
                .split(PIECE_SEPARATOR)
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect(),
        }
    }

    pub fn stored(&self) -> String {
        self.pieces.join(PIECE_SEPARATOR)
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    pub fn words(&self) -> usize {
        self.pieces.iter().map(|p| p.split(' ').count()).sum()
    }

    /// Hex digest of the words with elisions ignored: equal for the same words however they
    /// were quoted, punctuated or cased.
    pub fn fingerprint(&self) -> String {
        let joined = self.pieces.join(" ");
        format!("{:016x}", fnv64(joined.as_bytes()))
    }

    /// Hash of the first [`MIN_CONTAINED_WORDS`] words of the first piece that has that
    /// many: a quote contained in another shares this run of words with it, so the run's
    /// hash finds the candidates. `None` for a quote too short to be linked by containment.
    pub fn anchor(&self) -> Option<i64> {
        self.pieces.iter().find_map(|piece| {
            let words: Vec<&str> = piece.split(' ').take(MIN_CONTAINED_WORDS).collect();
            (words.len() == MIN_CONTAINED_WORDS).then(|| gram_hash(&words))
        })
    }

    /// Hashes of every run of [`MIN_CONTAINED_WORDS`] words inside a piece: the anchor of any
    /// quote contained in this one is among them.
    pub fn grams(&self) -> Vec<i64> {
        let mut grams: Vec<i64> = self
            .pieces
            .iter()
            .flat_map(|piece| {
                let words: Vec<&str> = piece.split(' ').collect();
                words
                    .windows(MIN_CONTAINED_WORDS)
                    .map(gram_hash)
                    .collect::<Vec<_>>()
            })
            .collect();
        grams.sort_unstable();
        grams.dedup();
        grams
    }

    /// Whether every piece of `self` occurs in `other`, in order and on word boundaries:
    /// `self` is a trimmed or ellipsised version of `other`.
    pub fn is_contained_in(&self, other: &QuoteKey) -> bool {
        if self.anchor().is_none() {
            return false;
        }
        let haystack = format!(" {} ", other.pieces.join(" "));
        let mut from = 0;
        for piece in &self.pieces {
            let needle = format!(" {piece} ");
            match haystack[from..].find(&needle) {
                // The next piece may start at this piece's trailing space.
                Some(at) => from += at + needle.len() - 1,
                None => return false,
            }
        }
        true
    }

    /// The same quote: equal fingerprints, or one contained in the other.
    pub fn same_quote(&self, other: &QuoteKey) -> bool {
        self.fingerprint() == other.fingerprint()
            || self.is_contained_in(other)
            || other.is_contained_in(self)
    }
}

/// A run of words as a signed 64-bit key (SQLite integers are signed).
fn gram_hash(words: &[&str]) -> i64 {
    fnv64(words.join(" ").as_bytes()) as i64
}

/// Lowercase alphanumeric words separated by single spaces. Apostrophes inside words are
/// dropped rather than split on, so "won’t" and "won't" both become "wont".
pub fn normalise_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else if matches!(c, '\'' | '\u{2019}' | '\u{2018}') {
            // Elided letters: keep the word whole.
        } else {
            pending_space = true;
        }
    }
    out
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms, unlike `DefaultHasher`.
pub fn fnv64(bytes: &[u8]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Words per shingle: long enough that shared stock phrases do not make articles similar.
const SHINGLE: usize = 3;

/// Texts shorter than this many words get no fingerprint: a few shingles say nothing.
pub const MIN_FINGERPRINT_WORDS: usize = 20;

/// MinHash values per fingerprint: the resemblance estimate's standard error is about
/// sqrt(J(1 - J) / 126), under 0.045.
const MINHASHES: usize = 126;

/// Locality-sensitive hashing: documents sharing the values of any band of this many rows
/// are candidates. 42 bands of 3 make a pair with resemblance 0.4 a candidate with
/// probability 0.93 and one with 0.05 (same-topic articles) with 0.005.
const BAND_ROWS: usize = 3;

/// Share of the smaller text's shingles that must recur in the other for two texts to be
/// the same article: reprints with boilerplate, a new headline, a trimmed end, an update or
/// a few edited sentences keep far more; different articles on the same story keep a few
/// quotes and names, far less.
const MIN_CONTAINMENT: f64 = 0.6;

/// A text's MinHash signature over its word 3-shingles, with the number of distinct
/// shingles (which turns the resemblance estimate into a containment estimate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    pub minhashes: Vec<u32>,
    pub shingles: u32,
}

impl Fingerprint {
    /// `None` for texts too short to judge.
    pub fn of(text: &str) -> Option<Fingerprint> {
        let normalised = normalise_words(text);
        let words: Vec<&str> = normalised.split(' ').filter(|w| !w.is_empty()).collect();
        if words.len() < MIN_FINGERPRINT_WORDS {
            return None;
        }
        let mut hashes: Vec<u64> = words
            .windows(SHINGLE)
            .map(|shingle| fnv64(shingle.join(" ").as_bytes()))
            .collect();
        hashes.sort_unstable();
        hashes.dedup();
        let mut minhashes = vec![u32::MAX; MINHASHES];
        for &hash in &hashes {
            for (i, min) in minhashes.iter_mut().enumerate() {
                *min = (*min).min(permute(hash, i));
            }
        }
        Some(Fingerprint {
            minhashes,
            shingles: hashes.len() as u32,
        })
    }

    /// Little-endian bytes of the minhashes, for storage.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.minhashes
            .iter()
            .flat_map(|m| m.to_le_bytes())
            .collect()
    }

    pub fn from_bytes(bytes: &[u8], shingles: u32) -> Option<Fingerprint> {
        (bytes.len() == MINHASHES * 4).then(|| Fingerprint {
            minhashes: bytes
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
            shingles,
        })
    }

    /// One key per band, different across bands even for equal values, for an index lookup.
    pub fn band_keys(&self) -> Vec<i64> {
        self.minhashes
            .chunks_exact(BAND_ROWS)
            .enumerate()
            .map(|(band, rows)| {
                let mut bytes = (band as u32).to_le_bytes().to_vec();
                bytes.extend(rows.iter().flat_map(|r| r.to_le_bytes()));
                fnv64(&bytes) as i64
            })
            .collect()
    }

    /// Estimated share of the smaller text's shingles found in the other: from the
    /// resemblance J and the sizes, |A and B| = J (|A| + |B|) / (1 + J).
    pub fn containment(&self, other: &Fingerprint) -> f64 {
        let equal = self
            .minhashes
            .iter()
            .zip(&other.minhashes)
            .filter(|(a, b)| a == b)
            .count();
        let resemblance = equal as f64 / MINHASHES as f64;
        let (a, b) = (f64::from(self.shingles), f64::from(other.shingles));
        let shared = resemblance * (a + b) / (1.0 + resemblance);
        (shared / a.min(b).max(1.0)).min(1.0)
    }

    /// Same article: the texts would meet as candidates (a shared band) and the smaller one
    /// is mostly contained in the other.
    pub fn same_article(&self, other: &Fingerprint) -> bool {
        let shares_band = self
            .band_keys()
            .iter()
            .zip(other.band_keys())
            .any(|(a, b)| *a == b);
        shares_band && self.containment(other) >= MIN_CONTAINMENT
    }
}

/// The `i`-th of a family of cheap hash permutations (multiply-xorshift with a per-index
/// odd constant), folded to 32 bits.
fn permute(hash: u64, i: usize) -> u32 {
    let key = 0x9e37_79b9_7f4a_7c15u64.wrapping_mul(2 * i as u64 + 1);
    let mut x = hash ^ key;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 31;
    (x >> 32) as u32
}

/// Whether two texts are the same article by the rule the store links documents with
/// (what `dateline eval duplicates` measures).
pub fn same_article(a: &str, b: &str) -> bool {
    match (Fingerprint::of(a), Fingerprint::of(b)) {
        (Some(x), Some(y)) => x.same_article(&y),
        _ => false,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn quote_variants_share_a_fingerprint() {
        let a =
            QuoteKey::new("\u{201c}Those who won\u{2019}t surrender will be destroyed,\u{201d}");
        let b = QuoteKey::new("\"those who won't surrender  will be destroyed.\"");
        assert_eq!(a.fingerprint(), b.fingerprint());
        let c = QuoteKey::new("Those who surrender will be spared");
        assert_ne!(a.fingerprint(), c.fingerprint());
        assert!(!a.same_quote(&c));
    }

    #[test]
    fn trimmed_and_ellipsised_quotes_are_contained() {
        let full = QuoteKey::new(
            "The bandits are both local and foreign, and they will be destroyed without warning.",
        );
        let trimmed = QuoteKey::new("both local and foreign, and they will be destroyed");
        let elided = QuoteKey::new("The bandits are both local ... they will be destroyed");
        let reordered = QuoteKey::new("they will be destroyed ... The bandits are both local");
        assert!(trimmed.is_contained_in(&full));
        assert!(elided.is_contained_in(&full));
        assert_eq!(elided.pieces.len(), 2);
        assert!(!reordered.is_contained_in(&full));
        assert!(!full.is_contained_in(&trimmed));
        assert!(full.same_quote(&elided));
        // Word boundaries: "local and" must not match inside "vocal andante".
        let other = QuoteKey::new("the bandits are both vocal and foreign and they will be");
        assert!(!QuoteKey::new("are both local and").is_contained_in(&other));
    }

    #[test]
    fn a_contained_quote_s_anchor_is_among_the_container_s_grams() {
        let full = QuoteKey::new("we will restore order in the country whatever it takes");
        let elided = QuoteKey::new("we will … order in the country whatever");
        assert!(elided.is_contained_in(&full));
        let anchor = elided.anchor().unwrap();
        assert!(full.grams().contains(&anchor));
        assert_eq!(full.grams().len(), 7);
        assert!(QuoteKey::new("we will … restore").anchor().is_none());
    }

    #[test]
    fn short_quotes_are_never_linked_by_containment() {
        let short = QuoteKey::new("we will");
        let long = QuoteKey::new("we will restore order in the country");
        assert!(!short.is_contained_in(&long));
    }

    #[test]
    fn stored_form_round_trips() {
        let key = QuoteKey::new("first part … second part here");
        assert_eq!(QuoteKey::from_stored(&key.stored()), key);
    }

    pub(crate) use crate::fixtures::checks::sample_article;

    #[test]
    fn fingerprints_join_edited_copies_and_separate_different_articles() {
        let original = sample_article("GUM_news_afghan.txt");
        let other = sample_article("GUM_news_asylum.txt");
        // A reprint with a new headline line and a trimmed last paragraph.
        let mut paragraphs: Vec<&str> = original.split("\n\n").collect();
        paragraphs.pop();
        let edited = format!("Reprinted: {}", paragraphs.join("\n\n"));
        let a = Fingerprint::of(&original).unwrap();
        let b = Fingerprint::of(&edited).unwrap();
        let c = Fingerprint::of(&other).unwrap();
        assert!(a.same_article(&b), "containment {}", a.containment(&b));
        assert!(!a.same_article(&c), "containment {}", a.containment(&c));
        assert!(a.containment(&a) == 1.0);
        assert!(Fingerprint::of("too short to judge").is_none());
        let stored = Fingerprint::from_bytes(&a.to_bytes(), a.shingles).unwrap();
        assert_eq!(stored, a);
        assert_eq!(a.band_keys().len(), MINHASHES / BAND_ROWS);
    }
}
