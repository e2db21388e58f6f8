//! Sentence-boundary scores on raw text rebuilt from a UD CoNLL-U file.
//!
//! Raw text: each document (from one `# newdoc` to the next; the whole file if there is
//! none) is rebuilt from the sentences' `# text` comments (or, without one, the surface
//! tokens and their `SpaceAfter=No`): sentences joined by one space, paragraphs
//! (`# newpar`) by `"\n\n"`. The splitter runs over each document's whole text, so
//! documents never share a sentence.
//!
//! Boundary: the code-point offset where a sentence ends in that text, with trailing
//! whitespace trimmed from predicted sentences (empty ones are ignored). Every gold
//! sentence contributes its end, the last one of a paragraph or document included, so the
//! counts equal the numbers of gold and predicted sentences. A predicted boundary is
//! correct when a gold sentence ends at the same offset of the same document; precision
//! and recall are micro-averaged over all documents.

use dateline_corpus::conllu::{self, ParseError};
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SentenceMetrics {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub sentences_gold: usize,
    pub sentences_predicted: usize,
    /// Predicted sentence ends that are gold sentence ends.
    pub boundaries_correct: usize,
    pub documents: usize,
}

/// One rebuilt document: its raw text and the code-point offsets where gold sentences end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoldDocument {
    pub text: String,
    pub sentence_ends: Vec<usize>,
}

/// Rebuilds the raw text of every document of a CoNLL-U file, as described in the module doc.
pub fn gold_documents(gold_conllu_text: &str) -> Result<Vec<GoldDocument>, ParseError> {
    let mut documents: Vec<GoldDocument> = Vec::new();
    let mut chars_in_text = 0;
    for sentence in conllu::parse(gold_conllu_text)? {
        if sentence.new_doc.is_some() || documents.is_empty() {
            documents.push(GoldDocument::default());
            chars_in_text = 0;
        }
        let document = documents.last_mut().expect("a document was pushed above");
        let raw = sentence
            .text
            .clone()
            .unwrap_or_else(|| surface_text(&sentence));
        if !document.text.is_empty() {
            let separator = if sentence.new_par { "\n\n" } else { " " };
            document.text.push_str(separator);
            chars_in_text += separator.len();
        }
        document.text.push_str(&raw);
        chars_in_text += raw.chars().count();
        document.sentence_ends.push(chars_in_text);
    }
    Ok(documents)
}

/// Scores `split`, which returns the code-point spans `(start, end)` of the sentences of a
/// text, against the gold sentences of a CoNLL-U file.
pub fn evaluate(
    gold_conllu_text: &str,
    split: impl Fn(&str) -> Vec<(usize, usize)>,
) -> Result<SentenceMetrics, ParseError> {
    let documents = gold_documents(gold_conllu_text)?;
    let (mut gold, mut predicted, mut correct) = (0, 0, 0);
    for document in &documents {
        let gold_ends: HashSet<usize> = document.sentence_ends.iter().copied().collect();
        let chars: Vec<char> = document.text.chars().collect();
        let predicted_ends: HashSet<usize> = split(&document.text)
            .into_iter()
            .filter_map(|(start, end)| trimmed_end(&chars, start, end))
            .collect();
        gold += gold_ends.len();
        predicted += predicted_ends.len();
        correct += predicted_ends.intersection(&gold_ends).count();
    }
    let ratio = |part: usize, whole: usize| {
        if whole == 0 {
            0.0
        } else {
            part as f64 / whole as f64
        }
    };
    let precision = ratio(correct, predicted);
    let recall = ratio(correct, gold);
    Ok(SentenceMetrics {
        precision,
        recall,
        f1: crate::f1(precision, recall),
        sentences_gold: gold,
        sentences_predicted: predicted,
        boundaries_correct: correct,
        documents: documents.len(),
    })
}

/// End of `chars[start..end]` without trailing whitespace; `None` for an empty or
/// out-of-range sentence.
fn trimmed_end(chars: &[char], start: usize, end: usize) -> Option<usize> {
    let end = end.min(chars.len());
    let trimmed = (start..end).rev().find(|&i| !chars[i].is_whitespace())? + 1;
    Some(trimmed)
}

/// A sentence's text from its surface tokens (multiword tokens as written) and `SpaceAfter=No`.
fn surface_text(sentence: &conllu::Sentence) -> String {
    let mut text = String::new();
    let mut word = 0;
    while word < sentence.words.len() {
        let (form, misc, next) = match sentence
            .multiword_tokens
            .iter()
            .find(|m| m.first == word + 1)
        {
            Some(m) => (m.form.as_str(), m.misc.as_str(), m.last),
            None => (
                sentence.words[word].form.as_str(),
                sentence.words[word].misc.as_str(),
                word + 1,
            ),
        };
        text.push_str(form);
        if !misc.split('|').any(|f| f == "SpaceAfter=No") {
            text.push(' ');
        }
        word = next.max(word + 1);
    }
    text.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLD: &str = "# newdoc id = a\n# newpar\n# text = Hi there.\n1\tHi\thi\tINTJ\t_\t_\t0\troot\t_\t_\n2\tthere\tthere\tADV\t_\t_\t1\tadvmod\t_\tSpaceAfter=No\n3\t.\t.\tPUNCT\t_\t_\t1\tpunct\t_\t_\n\n\
# text = Bye.\n1\tBye\tbye\tINTJ\t_\t_\t0\troot\t_\tSpaceAfter=No\n2\t.\t.\tPUNCT\t_\t_\t1\tpunct\t_\t_\n\n\
# newpar\n1\tI\tI\tPRON\t_\t_\t2\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n2\tdo\tdo\tAUX\t_\t_\t0\troot\t_\t_\n3\tn't\tnot\tPART\t_\t_\t2\tadvmod\t_\t_\n4\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_\n\n\
# newdoc id = b\n# text = Next doc\n1\tNext\tnext\tADJ\t_\t_\t2\tamod\t_\t_\n2\tdoc\tdoc\tNOUN\t_\t_\t0\troot\t_\t_\n";

    #[test]
    fn rebuilds_documents_with_paragraph_breaks() {
        let documents = gold_documents(GOLD).unwrap();
        assert_eq!(documents.len(), 2);
        assert_eq!(documents[0].text, "Hi there. Bye.\n\nI don't.");
        assert_eq!(documents[0].sentence_ends, [9, 14, 24]);
        assert_eq!(documents[1].text, "Next doc");
    }

    #[test]
    fn scores_end_offsets() {
        // Splitting only at paragraph breaks finds the paragraph ends but misses "Hi there."
        let by_paragraph = |text: &str| {
            let mut spans = Vec::new();
            let mut start = 0;
            let chars: Vec<char> = text.chars().collect();
            for i in 0..chars.len() {
                if chars[i] == '\n' && chars.get(i + 1) == Some(&'\n') {
                    spans.push((start, i));
                    start = i + 2;
                }
            }
            spans.push((start, chars.len()));
            spans
        };
        let m = evaluate(GOLD, by_paragraph).unwrap();
        assert_eq!(
            (
                m.sentences_gold,
                m.sentences_predicted,
                m.boundaries_correct
            ),
            (4, 3, 3)
        );
        assert!((m.precision - 1.0).abs() < 1e-9);
        assert!((m.recall - 0.75).abs() < 1e-9);
    }

    #[test]
    fn malformed_gold_is_an_error() {
        assert!(evaluate("1\tonly\n", |_| Vec::new()).is_err());
    }
}
