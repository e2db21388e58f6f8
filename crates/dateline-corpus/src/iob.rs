//! Token-per-line IOB2 named-entity files.
//!
//! Two layouts are read, line by line, a blank line between sentences:
//! - CoNLL style, `token TAG` (space or tab separated; with more columns the tag is the last);
//!   `-DOCSTART-` lines mark a new document.
//! - Universal NER style, `index<TAB>token<TAB>TAG<TAB>...`, with `#` comment lines
//!   (`# newdoc id = ...` marks a new document).
//!
//! A line starting with `#` is a token line only when it has exactly two fields (`# O`, the
//! hash sign as a CoNLL token); otherwise it is a comment. UNER's quirk tag `B-O` means `O`.

pub use crate::conllu::ParseError;

/// One IOB2 tag. The entity type is kept as written (`PER`, `LOC`, `OTH`...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tag {
    Outside,
    Begin(String),
    Inside(String),
}

impl Tag {
    /// Parses `O`, `B-TYPE` or `I-TYPE`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Tag> {
        if text == "O" || text == "B-O" || text == "I-O" {
            return Some(Tag::Outside);
        }
        let (prefix, label) = text.split_once('-')?;
        if label.is_empty() {
            return None;
        }
        match prefix {
            "B" => Some(Tag::Begin(label.to_string())),
            "I" => Some(Tag::Inside(label.to_string())),
            _ => None,
        }
    }

    /// The entity type, `None` for `O`.
    pub fn label(&self) -> Option<&str> {
        match self {
            Tag::Outside => None,
            Tag::Begin(l) | Tag::Inside(l) => Some(l),
        }
    }
}

/// One sentence: tokens and their tags, the same length.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub tags: Vec<Tag>,
    /// A document boundary (`-DOCSTART-` or `# newdoc`) came before this sentence.
    pub new_doc: bool,
    /// 1-based line number of the sentence's first token, for error messages.
    pub line: usize,
}

impl Sentence {
    /// The entity mentions the tags encode (see [`entities`]).
    pub fn entities(&self) -> Vec<Entity> {
        entities(&self.tags)
    }
}

/// An entity mention over tokens `[start, end)` of a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Entity {
    pub start: usize,
    pub end: usize,
    pub label: String,
}

/// Reads the mentions from a tag sequence the way the CoNLL `conlleval` script does: an
/// `I-X` that does not continue an entity of type X (after `O`, at the start, or after
/// another type) starts a new entity instead of being dropped.
pub fn entities(tags: &[Tag]) -> Vec<Entity> {
    let mut found = Vec::new();
    let mut open: Option<Entity> = None;
    for (i, tag) in tags.iter().enumerate() {
        let continues = matches!((tag, &open), (Tag::Inside(l), Some(e)) if *l == e.label);
        if continues {
            continue;
        }
        if let Some(mut entity) = open.take() {
            entity.end = i;
            found.push(entity);
        }
        if let Some(label) = tag.label() {
            open = Some(Entity {
                start: i,
                end: i + 1,
                label: label.to_string(),
            });
        }
    }
    if let Some(mut entity) = open {
        entity.end = tags.len();
        found.push(entity);
    }
    found
}

/// Parses a whole IOB2 file (either layout). A token line without a valid tag is an error
/// naming the line.
pub fn parse(input: &str) -> Result<Vec<Sentence>, ParseError> {
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    let mut pending_doc = false;
    for (i, raw_line) in input.lines().enumerate() {
        let line_no = i + 1;
        let line = raw_line.trim_end_matches('\r');
        if line.trim().is_empty() {
            finish(&mut sentences, &mut current, &mut pending_doc);
            continue;
        }
        let fields: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split_whitespace().collect()
        };
        if line.starts_with('#') && fields.len() != 2 {
            if line
                .trim_start_matches('#')
                .trim_start()
                .starts_with("newdoc")
            {
                finish(&mut sentences, &mut current, &mut pending_doc);
                pending_doc = true;
            }
            continue;
        }
        if fields[0] == "-DOCSTART-" {
            finish(&mut sentences, &mut current, &mut pending_doc);
            pending_doc = true;
            continue;
        }
        let indexed =
            fields.len() >= 3 && line.contains('\t') && fields[0].parse::<usize>().is_ok();
        let (token, tag_text) = if indexed {
            (fields[1], fields[2])
        } else if fields.len() >= 2 {
            (fields[0], fields[fields.len() - 1])
        } else {
            return Err(ParseError {
                line: line_no,
                reason: format!("expected `token TAG`, found one field {:?}", fields[0]),
            });
        };
        if token.is_empty() {
            return Err(ParseError {
                line: line_no,
                reason: "empty token".to_string(),
            });
        }
        let tag = Tag::parse(tag_text).ok_or_else(|| ParseError {
            line: line_no,
            reason: format!("invalid IOB2 tag {tag_text:?} (expected O, B-TYPE or I-TYPE)"),
        })?;
        if current.tokens.is_empty() {
            current.line = line_no;
        }
        current.tokens.push(token.to_string());
        current.tags.push(tag);
    }
    finish(&mut sentences, &mut current, &mut pending_doc);
    Ok(sentences)
}

fn finish(sentences: &mut Vec<Sentence>, current: &mut Sentence, pending_doc: &mut bool) {
    if current.tokens.is_empty() {
        return;
    }
    current.new_doc = std::mem::take(pending_doc);
    sentences.push(std::mem::take(current));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(start: usize, end: usize, label: &str) -> Entity {
        Entity {
            start,
            end,
            label: label.to_string(),
        }
    }

    #[test]
    fn reads_two_column_files_with_doc_boundaries() {
        let input = "-DOCSTART- O\n\nEU B-ORG\nrejects O\nGerman B-MISC\n\n# O\nPeter B-PER\nBlackburn I-PER\n";
        let s = parse(input).unwrap();
        assert_eq!(s.len(), 2);
        assert!(s[0].new_doc);
        assert!(!s[1].new_doc);
        assert_eq!(s[0].line, 3);
        assert_eq!(s[1].tokens, ["#", "Peter", "Blackburn"]);
        assert_eq!(s[0].entities(), [entity(0, 1, "ORG"), entity(2, 3, "MISC")]);
        assert_eq!(s[1].entities(), [entity(1, 3, "PER")]);
    }

    #[test]
    fn reads_universal_ner_layout() {
        let input = "# newdoc id = d1\n# sent_id = s1\n# text = in tampa bay\n1\tin\tO\t-\t-\n2\ttampa\tB-LOC\t-\ta\n3\tbay\tI-LOC\t-\ta\n4\t.\tB-O\t-\t-\n";
        let s = parse(input).unwrap();
        assert_eq!(s.len(), 1);
        assert!(s[0].new_doc);
        assert_eq!(s[0].tokens, ["in", "tampa", "bay", "."]);
        assert_eq!(s[0].tags[3], Tag::Outside);
        assert_eq!(s[0].entities(), [entity(1, 3, "LOC")]);
    }

    #[test]
    fn malformed_lines_are_reported_with_their_number() {
        let err = parse("EU B-ORG\nrejects\n").unwrap_err();
        assert_eq!(err.line, 2);
        let err = parse("EU B-ORG\n\nrejects X-ORG\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.to_string().contains("X-ORG"), "{err}");
        assert!(parse("EU B-\n").is_err());
    }

    #[test]
    fn inside_without_begin_starts_an_entity_like_conlleval() {
        let tags: Vec<Tag> = ["I-PER", "I-PER", "O", "I-LOC", "I-ORG", "B-ORG", "I-ORG"]
            .iter()
            .map(|t| Tag::parse(t).unwrap())
            .collect();
        assert_eq!(
            entities(&tags),
            [
                entity(0, 2, "PER"),
                entity(3, 4, "LOC"),
                entity(4, 5, "ORG"),
                entity(5, 7, "ORG")
            ]
        );
    }
}
