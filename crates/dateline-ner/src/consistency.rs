//! One label per name within a document: a name the tagger calls PER in two sentences and
//! ORG in a third ("Abbas pledged ...", "Abbas told ...", "Abbas, a refugee ...") is
//! relabelled with the label most of its mentions got. Sentence-level context often
//! misleads on a single mention (a name alone on a line, at a sentence start, in a list),
//! while the document as a whole rarely does; a name keeps one type within a document in
//! the annotated corpora with few exceptions. Only the type changes: spans are never added
//! or removed. The cost is one hash-map entry per mention.

use crate::features::HashMapU64;
use dateline_document::EntityLabel;

/// The key of a mention: its words exactly as written (case matters: "US" is not "us").
pub fn surface_key<'a>(words: impl IntoIterator<Item = &'a str>) -> u64 {
    const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const FNV_PRIME: u64 = 0x0100_0000_01b3;
    let mut hash = FNV_OFFSET;
    for word in words {
        for byte in word.bytes().chain(std::iter::once(0xff)) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
        }
    }
    hash
}

/// Relabels each `(surface key, label)` mention of one document with the label its
/// surface got most often; a tie keeps the mention's own label.
pub fn harmonise(mentions: &mut [(u64, EntityLabel)]) {
    if mentions.len() < 2 {
        return;
    }
    let mut votes: HashMapU64<[u32; 4]> = HashMapU64::default();
    for (key, label) in mentions.iter() {
        votes.entry(*key).or_default()[index(*label)] += 1;
    }
    for (key, label) in mentions.iter_mut() {
        let counts = votes[key];
        let own = counts[index(*label)];
        let (best, best_count) = EntityLabel::ALL
            .iter()
            .zip(counts)
            .max_by_key(|(_, count)| *count)
            .expect("four labels");
        if best_count > own {
            *label = *best;
        }
    }
}

fn index(label: EntityLabel) -> usize {
    EntityLabel::ALL
        .iter()
        .position(|l| *l == label)
        .expect("in ALL")
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityLabel::*;

    #[test]
    fn the_majority_label_wins_and_ties_keep_their_own() {
        let abbas = surface_key(["Abbas"]);
        let gaza = surface_key(["Gaza"]);
        let rita = surface_key(["Rita"]);
        let mut mentions = [
            (abbas, Per),
            (abbas, Org),
            (gaza, Loc),
            (abbas, Per),
            (rita, Per),
            (rita, Loc),
        ];
        harmonise(&mut mentions);
        assert_eq!(
            mentions.map(|(_, l)| l),
            [Per, Per, Loc, Per, Per, Loc],
            "Abbas is PER twice of three; Rita's tie is left alone"
        );
    }

    #[test]
    fn keys_respect_case_and_word_boundaries() {
        assert_ne!(surface_key(["US"]), surface_key(["us"]));
        assert_ne!(surface_key(["New", "York"]), surface_key(["NewYork"]));
        assert_eq!(surface_key(["New", "York"]), surface_key(["New", "York"]));
    }
}
