//! CoNLL-U (universaldependencies.org/format.html).

/// One syntactic word (a numbered line; multiword-token ranges are kept separately).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    /// 1-based index of the head word in the sentence; 0 for the root.
    pub head: usize,
    pub deprel: String,
    pub misc: String,
}

/// A surface token covering several words, such as "don't" = "do" + "n't".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiwordToken {
    /// 1-based first and last word index.
    pub first: usize,
    pub last: usize,
    pub form: String,
    pub misc: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    pub sent_id: Option<String>,
    /// The `# text =` comment: the sentence's raw text.
    pub text: Option<String>,
    /// `# newdoc` / `# newpar` comments seen before this sentence.
    pub new_doc: Option<String>,
    pub new_par: bool,
    pub words: Vec<Word>,
    pub multiword_tokens: Vec<MultiwordToken>,
}

/// A malformed line: 1-based line number and reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for ParseError {}

/// Parses a whole CoNLL-U file. Empty nodes (`8.1`) are skipped: basic trees only.
pub fn parse(input: &str) -> Result<Vec<Sentence>, ParseError> {
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    for (i, line) in input.lines().enumerate() {
        let line_no = i + 1;
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !current.words.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim_start();
            if let Some(v) = comment.strip_prefix("text =") {
                current.text = Some(v.trim().to_string());
            } else if let Some(v) = comment.strip_prefix("sent_id =") {
                current.sent_id = Some(v.trim().to_string());
            } else if let Some(v) = comment.strip_prefix("newdoc") {
                let id = v.trim_start().strip_prefix("id").unwrap_or(v).trim_start();
                current.new_doc = Some(id.trim_start_matches('=').trim().to_string());
                current.new_par = true;
            } else if comment.starts_with("newpar") {
                current.new_par = true;
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(ParseError {
                line: line_no,
                reason: format!("expected 10 columns, found {}", cols.len()),
            });
        }
        let id = cols[0];
        if id.contains('.') {
            continue;
        }
        if let Some((a, b)) = id.split_once('-') {
            let (first, last) = match (a.parse(), b.parse()) {
                (Ok(a), Ok(b)) => (a, b),
                _ => {
                    return Err(ParseError {
                        line: line_no,
                        reason: format!("bad token range {id:?}"),
                    })
                }
            };
            current.multiword_tokens.push(MultiwordToken {
                first,
                last,
                form: cols[1].to_string(),
                misc: cols[9].to_string(),
            });
            continue;
        }
        let head = match cols[6] {
            "_" => 0,
            h => h.parse().map_err(|_| ParseError {
                line: line_no,
                reason: format!("bad head {h:?}"),
            })?,
        };
        current.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if !current.words.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# sent_id = s1\n# text = I don't.\n1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n2\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t2\tadvmod\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n# text = Next\n1\tNext\tnext\tADJ\tJJ\t_\t0\troot\t_\t_\n";

    #[test]
    fn parses_words_multiwords_and_comments() {
        let s = parse(SAMPLE).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].new_doc.as_deref(), Some("d1"));
        assert_eq!(s[0].text.as_deref(), Some("I don't."));
        assert_eq!(s[0].words.len(), 4);
        assert_eq!(s[0].multiword_tokens[0].form, "don't");
        assert_eq!(s[0].words[2].head, 2);
        assert!(!s[1].new_par);
    }

    #[test]
    fn reports_bad_lines() {
        let err = parse("1\tonly\tthree\n").unwrap_err();
        assert_eq!(err.line, 1);
    }
}
