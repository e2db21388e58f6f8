//! Agreement with the gold tokenization and sentence segmentation of the UD English dev
//! sets in `../shared/corpus/ud/`. Run with `--nocapture` to see the scores.

use dateline_corpus::conllu;
use dateline_tokenize::{split_sentences, tokenize};
use std::collections::HashSet;
use std::path::PathBuf;

fn treebank(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/ud")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Gold word spans of a sentence in its `# text`: a multiword token whose words spell it
/// ("do" + "n't" = "don't") contributes its words, any other token itself. `None` when the
/// forms cannot be found in the text.
fn gold_spans(sentence: &conllu::Sentence, text: &[char]) -> Option<Vec<(usize, usize)>> {
    let mut spans = Vec::new();
    let mut at = 0;
    let mut word = 0;
    let find = |form: &str, at: &mut usize| -> Option<(usize, usize)> {
        while *at < text.len() && text[*at].is_whitespace() {
            *at += 1;
        }
        let len = form.chars().count();
        let matches =
            *at + len <= text.len() && text[*at..*at + len].iter().copied().eq(form.chars());
        matches.then(|| {
            *at += len;
            (*at - len, *at)
        })
    };
    while word < sentence.words.len() {
        let multiword = sentence
            .multiword_tokens
            .iter()
            .find(|m| m.first == word + 1);
        match multiword {
            Some(m) => {
                let words = &sentence.words[m.first - 1..m.last];
                let spelled: String = words.iter().map(|w| w.form.as_str()).collect();
                if spelled == m.form {
                    for w in words {
                        spans.push(find(&w.form, &mut at)?);
                    }
                } else {
                    spans.push(find(&m.form, &mut at)?);
                }
                word = m.last;
            }
            None => {
                spans.push(find(&sentence.words[word].form, &mut at)?);
                word += 1;
            }
        }
    }
    Some(spans)
}

/// Token-span precision, recall and F1 over the sentences of a CoNLL-U file.
fn token_scores(conllu_text: &str) -> (f64, f64, f64) {
    let (mut gold, mut predicted, mut correct) = (0, 0, 0);
    for sentence in conllu::parse(conllu_text).expect("treebank parses") {
        let Some(text) = sentence.text.as_deref() else {
            continue;
        };
        let chars: Vec<char> = text.chars().collect();
        let Some(gold_spans) = gold_spans(&sentence, &chars) else {
            continue;
        };
        let gold_set: HashSet<(usize, usize)> = gold_spans.into_iter().collect();
        let predicted_set: HashSet<(usize, usize)> = tokenize(text)
            .iter()
            .map(|t| (t.span.start, t.span.end))
            .collect();
        gold += gold_set.len();
        predicted += predicted_set.len();
        correct += gold_set.intersection(&predicted_set).count();
    }
    let precision = correct as f64 / predicted as f64;
    let recall = correct as f64 / gold as f64;
    (precision, recall, dateline_eval::f1(precision, recall))
}

fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    split_sentences(text, &tokenize(text))
        .iter()
        .map(|s| (s.span.start, s.span.end))
        .collect()
}

#[test]
fn tokens_agree_with_ewt_and_gum_dev() {
    for (name, minimum) in [
        ("en_ewt-ud-dev.conllu", 0.98),
        ("en_gum-ud-dev.conllu", 0.98),
    ] {
        let (precision, recall, f1) = token_scores(&treebank(name));
        println!("tokens {name}: precision {precision:.4} recall {recall:.4} F1 {f1:.4}");
        assert!(f1 >= minimum, "{name}: token F1 {f1:.4} below {minimum}");
    }
}

#[test]
fn sentences_agree_with_ewt_and_gum_dev() {
    for (name, minimum) in [
        ("en_ewt-ud-dev.conllu", 0.93),
        ("en_gum-ud-dev.conllu", 0.93),
    ] {
        let metrics = dateline_eval::sentences::evaluate(&treebank(name), sentence_spans)
            .expect("treebank parses");
        println!("sentences {name}: {metrics:?}");
        assert!(
            metrics.f1 >= minimum,
            "{name}: sentence F1 {:.4} below {minimum}",
            metrics.f1
        );
    }
}
