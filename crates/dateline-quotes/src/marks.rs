//! Quoted regions found from quotation marks, one paragraph at a time so that a stray or
//! missing mark can only ever affect its own paragraph.
//!
//! Marks understood: straight `"`, curly `“ ”`, low `„`, guillemets `« »`, and single
//! quotes (`‘ ’` and `'`) used as double quotes when they open before a word and close
//! after one (an apostrophe inside a word, "didn’t", never closes). News convention for a
//! quote running over several paragraphs: every paragraph opens with a mark and only the
//! last one closes; such regions are chained.

use dateline_document::Span;

/// Text between a pair of quotation marks (or from an opening mark to its paragraph's end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// The words inside the marks (marks excluded), code points.
    pub content: Span,
    /// Whether a closing mark was found in the same paragraph.
    pub closed: bool,
    /// The region in the next paragraph that continues this one (an unclosed quote whose
    /// next paragraph opens with a quotation mark).
    pub continued_by: Option<usize>,
    /// Whether this region continues one from the previous paragraph.
    pub continues: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Double,
    Single,
}

fn opening(c: char) -> Option<Family> {
    match c {
        '“' | '„' | '«' | '"' => Some(Family::Double),
        '‘' | '\'' | '‹' => Some(Family::Single),
        _ => None,
    }
}

fn closes(open: char, c: char) -> bool {
    match open {
        '“' | '"' => matches!(c, '”' | '"' | '“'),
        '„' => matches!(c, '“' | '”' | '"'),
        '«' => c == '»',
        '‘' | '\'' => matches!(c, '’' | '\'' | '‘'),
        '‹' => c == '›',
        _ => false,
    }
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

fn is_space_or_edge(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–' | '-' | '/' | ':'))
}

/// Finds the quoted regions of `chars` (the whole document text), paragraph by paragraph.
/// A paragraph is a line: news text puts one paragraph per line.
pub fn regions(chars: &[char]) -> Vec<Region> {
    let mut out: Vec<Region> = Vec::new();
    let mut start = 0;
    // The unclosed region of the last non-empty paragraph, if any.
    let mut open_from_previous: Option<usize> = None;
    while start < chars.len() {
        let end = chars[start..]
            .iter()
            .position(|&c| c == '\n')
            .map_or(chars.len(), |p| start + p);
        if chars[start..end].iter().any(|c| !c.is_whitespace()) {
            let first = out.len();
            scan_paragraph(chars, start, end, &mut out);
            let leading = chars[start..end]
                .iter()
                .position(|c| !c.is_whitespace())
                .map_or(end, |p| start + p);
            if let Some(prev) = open_from_previous.take() {
                // The new paragraph continues the quote when it opens with a mark.
                if first < out.len() && out[first].content.start == leading + 1 {
                    out[prev].continued_by = Some(first);
                    out[first].continues = true;
                }
            }
            if let Some(last) = out.last() {
                if out.len() > first && !last.closed {
                    open_from_previous = Some(out.len() - 1);
                }
            }
        }
        start = end + 1;
    }
    out
}

/// Pairs the marks of one paragraph `[start, end)`. Double quotes take precedence; single
/// quotes count only outside double-quoted text (inside it they are nested quotes).
fn scan_paragraph(chars: &[char], start: usize, end: usize, out: &mut Vec<Region>) {
    let at = |i: usize| (i >= start && i < end).then(|| chars[i]);
    let mut open: Option<(char, usize)> = None;
    let mut i = start;
    while i < end {
        // Two single marks stand for a double one ('' in NYT-style text, `` as an opening).
        let (c, width) = match (chars[i], at(i + 1)) {
            ('\'', Some('\'')) | ('’', Some('’')) => ('"', 2),
            ('`', Some('`')) | ('‘', Some('‘')) => ('“', 2),
            (c, _) => (c, 1),
        };
        let prev = if i > start { at(i - 1) } else { None };
        let next = at(i + width);
        let strong_opening =
            matches!(c, '“' | '„' | '«') && is_space_or_edge(prev) && !is_space_or_edge(next);
        match open {
            Some((o, from)) if strong_opening && o != '„' => {
                // An opening mark while a quote is open: the close was left out (or the open
                // single mark was an apostrophe). Keep what was open and start anew.
                if opening(o) == Some(Family::Double) {
                    push(out, chars, from, i, false);
                }
                open = Some((c, i + width));
            }
            Some((o, from)) if closes(o, c) => {
                let single = opening(o) == Some(Family::Single);
                // A single mark between letters or before a word is an apostrophe.
                let apostrophe = single && (is_word(next) || c == '‘');
                if !apostrophe {
                    push(out, chars, from, i, true);
                    open = None;
                }
            }
            Some(_) => {}
            None => {
                let opens = match c {
                    '“' | '„' | '«' => true,
                    // A closing curly mark used as an opening one (some sites use ” for both).
                    '”' | '"' => {
                        is_space_or_edge(prev) && next.is_some_and(|n| !n.is_whitespace())
                    }
                    '‘' | '\'' | '‹' => is_space_or_edge(prev) && is_word(next),
                    _ => false,
                };
                if opens {
                    open = Some((c, i + width));
                }
            }
        }
        i += width;
    }
    // A straight mark left open in a paragraph quoted with curly marks is debris from a
    // conversion, not the start of a quote.
    let curly = chars[start..end].iter().any(|c| matches!(c, '“' | '”'));
    if let Some((o, from)) = open.filter(|&(o, _)| !(o == '"' && curly)) {
        let rest = Span::new(from, trim_end(chars, from, end));
        // An unclosed double quote runs to the paragraph end (the news convention for a
        // quote continued in the next paragraph). An unclosed single mark was an apostrophe.
        if opening(o) == Some(Family::Double) && !rest.is_empty() {
            push(out, chars, from, end, false);
        }
    }
}

fn push(out: &mut Vec<Region>, chars: &[char], from: usize, to: usize, closed: bool) {
    let to = if closed {
        to
    } else {
        trim_end(chars, from, to)
    };
    if to > from {
        out.push(Region {
            content: Span::new(from, to),
            closed,
            continued_by: None,
            continues: false,
        });
    }
}

fn trim_end(chars: &[char], from: usize, mut end: usize) -> usize {
    while end > from && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    end
}

/// Whether `c` is a quotation mark of any style.
pub fn is_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '’' | '\'' | '‹' | '›' | '`'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<(String, bool)> {
        let chars: Vec<char> = s.chars().collect();
        regions(&chars)
            .iter()
            .map(|r| {
                (
                    chars[r.content.start..r.content.end].iter().collect(),
                    r.closed,
                )
            })
            .collect()
    }

    #[test]
    fn pairs_straight_curly_and_guillemets() {
        assert_eq!(
            texts("\"A b,\" he said. “C d.” «E»"),
            vec![
                ("A b,".into(), true),
                ("C d.".into(), true),
                ("E".into(), true)
            ]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert_eq!(
            texts("Kazakhstan’s militants didn’t stop, the Joneses’ car."),
            vec![]
        );
        assert_eq!(
            texts("He said ‘we won’t go’ today."),
            vec![("we won’t go".into(), true)]
        );
    }

    #[test]
    fn unbalanced_marks_stay_in_their_paragraph() {
        let found = texts("\"Unclosed start of a quote\n\nA normal \"quoted\" paragraph.");
        assert_eq!(
            found,
            vec![
                ("Unclosed start of a quote".into(), false),
                ("quoted".into(), true)
            ]
        );
    }

    #[test]
    fn multi_paragraph_quotes_are_chained() {
        let chars: Vec<char> = "“First part.\n\n“Second part.\n\n“Last.”\n\nAfter."
            .chars()
            .collect();
        let found = regions(&chars);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].continued_by, Some(1));
        assert_eq!(found[1].continued_by, Some(2));
        assert!(found[2].continues && found[2].closed);
    }

    #[test]
    fn doubled_single_marks_are_double_quotes() {
        assert_eq!(
            texts("''She knows what it takes,'' said Ms. Warren. ``Yes,'' he said."),
            vec![
                ("She knows what it takes,".into(), true),
                ("Yes,".into(), true)
            ]
        );
    }

    #[test]
    fn nested_single_quotes_stay_inside_the_double_quote() {
        assert_eq!(
            texts("“He called it ‘silly’, and left,” she said."),
            vec![("He called it ‘silly’, and left,".into(), true)]
        );
    }
}
