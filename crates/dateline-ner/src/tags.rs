//! The BILOU tag set the model predicts (Begin, Inside, Last, Outside, Unit-length), which
//! separates entity boundaries better than IOB2 (Ratinov & Roth 2009), and the conversions
//! between it and entity spans.

use dateline_document::EntityLabel;

/// Number of tags: `O` plus B, I, L, U for each of the four labels.
pub const TAG_COUNT: usize = 1 + 4 * EntityLabel::ALL.len();
/// The outside tag.
pub const OUTSIDE: u8 = 0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Begin,
    Inside,
    Last,
    Unit,
}

const POSITIONS: [Position; 4] = [
    Position::Begin,
    Position::Inside,
    Position::Last,
    Position::Unit,
];

/// The tag number of `position` within an entity of type `label`.
pub fn tag(position: Position, label: EntityLabel) -> u8 {
    let label_index = EntityLabel::ALL
        .iter()
        .position(|l| *l == label)
        .expect("in ALL");
    let position_index = POSITIONS
        .iter()
        .position(|p| *p == position)
        .expect("in POSITIONS");
    (1 + 4 * label_index + position_index) as u8
}

/// The position and label of a tag, `None` for `O`.
pub fn parts(tag: u8) -> Option<(Position, EntityLabel)> {
    let index = usize::from(tag).checked_sub(1)?;
    Some((POSITIONS[index % 4], EntityLabel::ALL[index / 4]))
}

/// Whether `next` may follow `previous` (`None` = sentence start) in a well-formed sequence.
pub fn may_follow(previous: Option<u8>, next: u8) -> bool {
    let open = previous
        .and_then(parts)
        .filter(|(p, _)| matches!(p, Position::Begin | Position::Inside));
    match (open, parts(next)) {
        (Some((_, open_label)), Some((position, label))) => {
            label == open_label && matches!(position, Position::Inside | Position::Last)
        }
        (Some(_), None) => false,
        (None, Some((position, _))) => matches!(position, Position::Begin | Position::Unit),
        (None, None) => true,
    }
}

/// Whether a sentence may end after `last`.
pub fn may_end(last: u8) -> bool {
    !matches!(parts(last), Some((Position::Begin | Position::Inside, _)))
}

/// The BILOU tags of a sentence of `len` tokens with non-overlapping `entities`
/// (`[start, end)` token ranges); out-of-range or overlapping entities are skipped.
pub fn encode(len: usize, entities: &[(usize, usize, EntityLabel)]) -> Vec<u8> {
    let mut tags = vec![OUTSIDE; len];
    for &(start, end, label) in entities {
        if start >= end || end > len || tags[start..end].iter().any(|t| *t != OUTSIDE) {
            continue;
        }
        if end - start == 1 {
            tags[start] = tag(Position::Unit, label);
            continue;
        }
        tags[start] = tag(Position::Begin, label);
        for t in &mut tags[start + 1..end - 1] {
            *t = tag(Position::Inside, label);
        }
        tags[end - 1] = tag(Position::Last, label);
    }
    tags
}

/// The entities of a tag sequence. Ill-formed sequences are repaired rather than dropped:
/// an `I` or `L` with no open entity of its label starts one (as `conlleval` reads IOB2),
/// a label change or an `O` closes the open entity, and a `B` or `U` always starts afresh.
pub fn decode(tags: &[u8]) -> Vec<(usize, usize, EntityLabel)> {
    let mut found = Vec::new();
    let mut open: Option<(usize, EntityLabel)> = None;
    for (i, &t) in tags.iter().enumerate() {
        let Some((position, label)) = parts(t) else {
            if let Some((start, open_label)) = open.take() {
                found.push((start, i, open_label));
            }
            continue;
        };
        let continues = matches!(open, Some((_, l)) if l == label)
            && matches!(position, Position::Inside | Position::Last);
        if !continues {
            if let Some((start, open_label)) = open.take() {
                found.push((start, i, open_label));
            }
            open = Some((i, label));
        }
        if matches!(position, Position::Last | Position::Unit) {
            let (start, open_label) = open.take().expect("opened above");
            found.push((start, i + 1, open_label));
        }
    }
    if let Some((start, label)) = open {
        found.push((start, tags.len(), label));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityLabel::*;

    #[test]
    fn encode_and_decode_round_trip() {
        let entities = [(0, 1, Per), (2, 5, Org), (5, 7, Loc)];
        let tags = encode(8, &entities);
        assert_eq!(tags.len(), 8);
        assert_eq!(tags[0], tag(Position::Unit, Per));
        assert_eq!(tags[3], tag(Position::Inside, Org));
        assert_eq!(tags[7], OUTSIDE);
        assert_eq!(decode(&tags), entities);
        assert!(tags.windows(2).all(|w| may_follow(Some(w[0]), w[1])));
    }

    #[test]
    fn invalid_sequences_are_repaired() {
        let i_per = tag(Position::Inside, Per);
        let l_per = tag(Position::Last, Per);
        let b_loc = tag(Position::Begin, Loc);
        let i_org = tag(Position::Inside, Org);
        // I after O starts an entity; B-LOC then I-ORG splits at the label change; an open
        // entity at the end is closed there.
        let tags = [OUTSIDE, i_per, l_per, OUTSIDE, b_loc, i_org, i_org];
        assert_eq!(decode(&tags), [(1, 3, Per), (4, 5, Loc), (5, 7, Org)]);
        assert_eq!(decode(&[l_per]), [(0, 1, Per)]);
    }

    #[test]
    fn transition_constraints() {
        let b_per = tag(Position::Begin, Per);
        let l_per = tag(Position::Last, Per);
        assert!(may_follow(None, b_per));
        assert!(!may_follow(None, l_per));
        assert!(may_follow(Some(b_per), l_per));
        assert!(!may_follow(Some(b_per), OUTSIDE));
        assert!(!may_follow(Some(b_per), tag(Position::Last, Org)));
        assert!(may_follow(Some(l_per), OUTSIDE));
        assert!(!may_end(b_per));
        assert!(may_end(l_per));
    }

    #[test]
    fn overlapping_entities_keep_the_first() {
        let tags = encode(4, &[(0, 2, Org), (1, 3, Per), (3, 9, Loc)]);
        assert_eq!(decode(&tags), [(0, 2, Org)]);
    }
}
