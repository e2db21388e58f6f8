//! Feature hashing: every feature is one `u64` built by mixing already-hashed atoms
//! (word, affix, shape, tag ids), so extracting a feature never allocates.
//!
//! The functions are fixed here rather than taken from `std::hash`, because model files
//! store these hashes: they must not change between Rust versions or platforms.

/// The splitmix64 finaliser: a cheap bijective mixer with good avalanche.
#[inline]
pub fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A feature from a template id and its atoms. Never 0, which weight tables use for "empty".
///
/// Atoms are well-mixed hashes already, so one folded multiply per atom mixes enough: the
/// parser builds about 95 features per move, and a full [`mix`] per atom was a sixth of
/// its instructions.
#[inline]
pub fn feature(template: u64, atoms: &[u64]) -> u64 {
    const SEED: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = template.wrapping_add(1).wrapping_mul(SEED);
    for &atom in atoms {
        h = fold_multiply(h ^ atom, 0xd605_bbb5_8c8a_bbcb);
    }
    h | 1
}

/// The 128-bit product of `x` and `k` with its halves xored: every bit of `x` reaches both
/// halves of the result in one multiply.
#[inline]
fn fold_multiply(x: u64, k: u64) -> u64 {
    let full = u128::from(x) * u128::from(k);
    full as u64 ^ (full >> 64) as u64
}

/// An atom for a small integer (a tag id, a distance bucket, a label id) in its own namespace.
#[inline]
pub fn small(namespace: u64, value: u64) -> u64 {
    mix(namespace.wrapping_mul(0x1000_0000_01b3) ^ value.wrapping_add(0x5bd1_e995))
}

/// Incremental FNV-1a over code points, finalised with [`mix`].
#[derive(Clone, Copy)]
struct CharHasher(u64);

impl CharHasher {
    const fn new(seed: u64) -> Self {
        CharHasher(0xcbf2_9ce4_8422_2325 ^ seed)
    }
    #[inline]
    fn push(&mut self, c: char) {
        self.0 ^= u64::from(u32::from(c));
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }
    #[inline]
    fn finish(self) -> u64 {
        mix(self.0)
    }
}

fn hash_chars(seed: u64, chars: impl Iterator<Item = char>) -> u64 {
    let mut h = CharHasher::new(seed);
    for c in chars {
        h.push(c);
    }
    h.finish()
}

/// Hash of the exact form (case kept), used for the tag dictionary.
pub fn form_hash(word: &str) -> u64 {
    hash_chars(1, word.chars())
}

/// Hash of the lowercased form, used for word features and the ambiguity-class lexicon.
pub fn lower_hash(word: &str) -> u64 {
    hash_chars(2, word.chars().flat_map(char::to_lowercase))
}

/// Number of suffix / prefix lengths kept per word.
pub const AFFIXES: usize = 4;

/// The hashed surface atoms of one word, computed once per token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordAtoms {
    /// Lowercased form.
    pub lower: u64,
    /// Suffixes of 1..=4 lowercased characters (shorter words repeat their whole form).
    pub suffix: [u64; AFFIXES],
    /// Prefixes of 1..=4 lowercased characters.
    pub prefix: [u64; AFFIXES],
    /// Word shape: characters mapped to X/x/d/punctuation, runs collapsed ("Kassym-Jomart" -> "Xx-Xx").
    pub shape: u64,
}

/// Longest shape kept; longer shapes share the hash of their first symbols.
const MAX_SHAPE: usize = 8;

impl WordAtoms {
    pub fn new(word: &str) -> Self {
        let mut lower = CharHasher::new(2);
        let mut prefix_hashers = [CharHasher::new(3); AFFIXES];
        let mut prefix = [0u64; AFFIXES];
        // The last AFFIXES lowercased characters: the one pushed `count`-th is at
        // `count % AFFIXES` (a ring, which costs less than shifting the array).
        let mut tail = ['\0'; AFFIXES];
        let mut count = 0usize;
        let mut shape = CharHasher::new(4);
        let mut shape_len = 0usize;
        let mut last_symbol = None;
        let mut push_lower = |lc: char| {
            lower.push(lc);
            if count < AFFIXES {
                for h in &mut prefix_hashers[count..] {
                    h.push(lc);
                }
                prefix[count] = prefix_hashers[count].finish();
            }
            tail[count % AFFIXES] = lc;
            count += 1;
        };
        for c in word.chars() {
            // ASCII first: the same answers as the Unicode tests below, far cheaper.
            let symbol = if c.is_ascii() {
                if c.is_ascii_uppercase() {
                    'X'
                } else if c.is_ascii_lowercase() {
                    'x'
                } else if c.is_ascii_digit() {
                    'd'
                } else if c.is_ascii_punctuation() {
                    c
                } else {
                    'o'
                }
            } else if c.is_uppercase() {
                'X'
            } else if c.is_lowercase() || c.is_alphabetic() {
                'x'
            } else if c.is_numeric() {
                'd'
            } else {
                'o'
            };
            if last_symbol != Some(symbol) && shape_len < MAX_SHAPE {
                shape.push(symbol);
                shape_len += 1;
                last_symbol = Some(symbol);
            }
            if c.is_ascii() {
                push_lower(c.to_ascii_lowercase());
            } else {
                for lc in c.to_lowercase() {
                    push_lower(lc);
                }
            }
        }
        // Words shorter than an affix length reuse their longest affix for the longer slots.
        for k in count.max(1)..AFFIXES {
            prefix[k] = prefix[k - 1];
        }
        let mut suffix = [0u64; AFFIXES];
        for (k, slot) in suffix.iter_mut().enumerate() {
            let len = (k + 1).min(count);
            *slot = hash_chars(5, (count - len..count).map(|i| tail[i % AFFIXES]));
        }
        WordAtoms {
            lower: lower.finish(),
            suffix,
            prefix,
            shape: shape.finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_hash_ignores_case_only() {
        assert_eq!(lower_hash("Kazakhstan"), lower_hash("KAZAKHSTAN"));
        assert_ne!(lower_hash("Kazakhstan"), lower_hash("Kazakstan"));
        assert_ne!(form_hash("US"), form_hash("us"));
        assert_eq!(WordAtoms::new("Tokayev").lower, lower_hash("tokayev"));
    }

    #[test]
    fn affixes_and_shapes_group_similar_words() {
        let a = WordAtoms::new("walking");
        let b = WordAtoms::new("Talking");
        assert_eq!(a.suffix[2], b.suffix[2]);
        assert_ne!(a.prefix[0], b.prefix[0]);
        assert_ne!(a.shape, b.shape);
        assert_eq!(
            WordAtoms::new("Kassym-Jomart").shape,
            WordAtoms::new("Abc-De").shape
        );
        assert_eq!(WordAtoms::new("20,000").shape, WordAtoms::new("1,5").shape);
        assert_ne!(
            WordAtoms::new("20,000").shape,
            WordAtoms::new("20.000").shape
        );
    }

    /// Suffixes are the hashes of the last lowercased characters, however long the word.
    #[test]
    fn suffixes_hash_the_last_lowercased_characters() {
        for (word, lowered) in [("STRAßE", "straße"), ("Tokayev", "tokayev"), ("ab", "ab")] {
            let chars: Vec<char> = lowered.chars().collect();
            let atoms = WordAtoms::new(word);
            for (k, suffix) in atoms.suffix.iter().enumerate() {
                let len = (k + 1).min(chars.len());
                let expected = hash_chars(5, chars[chars.len() - len..].iter().copied());
                assert_eq!(*suffix, expected, "{word} suffix of {}", k + 1);
            }
        }
    }

    #[test]
    fn short_and_strange_words_are_hashed_without_panicking() {
        for word in [
            "",
            "a",
            "😀",
            "\u{0}\u{7}",
            "שלום",
            "İ",
            &"x".repeat(100_000),
        ] {
            let atoms = WordAtoms::new(word);
            assert_eq!(atoms, WordAtoms::new(word));
        }
        assert_eq!(
            WordAtoms::new("ab").suffix[3],
            WordAtoms::new("ab").suffix[1]
        );
        assert_eq!(
            WordAtoms::new("ab").prefix[3],
            WordAtoms::new("ab").prefix[1]
        );
    }

    #[test]
    fn features_differ_by_template_and_order() {
        assert_ne!(feature(1, &[7]), feature(2, &[7]));
        assert_ne!(feature(1, &[7, 8]), feature(1, &[8, 7]));
        assert_ne!(feature(1, &[]), 0);
    }
}
