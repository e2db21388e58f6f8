use crate::Span;

/// Converts between code-point offsets (the public contract) and byte offsets (what
/// Rust string slicing needs). ASCII text needs no table, so the common case costs nothing.
#[derive(Debug, Clone)]
pub struct TextIndex {
    /// Byte offset of every code point, plus the text length at the end; empty when the text is ASCII.
    byte_of_char: Vec<usize>,
    len_bytes: usize,
}

impl TextIndex {
    pub fn new(text: &str) -> Self {
        let byte_of_char = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .map(|(b, _)| b)
                .chain(std::iter::once(text.len()))
                .collect()
        };
        TextIndex {
            byte_of_char,
            len_bytes: text.len(),
        }
    }

    /// Whether this index was built for `text` (same length in bytes; texts are never
    /// rewritten in place, so that is enough to catch a stale index).
    pub fn indexes(&self, text: &str) -> bool {
        self.len_bytes == text.len()
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        if self.byte_of_char.is_empty() {
            self.len_bytes
        } else {
            self.byte_of_char.len() - 1
        }
    }

    /// Byte offset of code point `char_offset` (which may equal the text's length).
    pub fn byte(&self, char_offset: usize) -> usize {
        if self.byte_of_char.is_empty() {
            char_offset
        } else {
            self.byte_of_char[char_offset]
        }
    }

    /// Code-point offset of `byte_offset`, which must lie on a char boundary.
    pub fn char(&self, byte_offset: usize) -> usize {
        if self.byte_of_char.is_empty() {
            byte_offset
        } else {
            self.byte_of_char
                .binary_search(&byte_offset)
                .expect("byte offset is not on a char boundary")
        }
    }

    /// Span in code points for a byte range of the text.
    pub fn span_of_bytes(&self, start: usize, end: usize) -> Span {
        Span::new(self.char(start), self.char(end))
    }

    pub fn slice<'t>(&self, text: &'t str, span: Span) -> &'t str {
        &text[self.byte(span.start)..self.byte(span.end)]
    }
}

/// Whether the byte range `start..end` of `text` cuts a word at either end: a word character
/// at the range's edge with a non-ASCII word character (an accented letter) beside it.
/// Patterns with ASCII word boundaries (fast in the regex crate) see no boundary there, so
/// their matches are checked with this ("tenía" holds no "ten").
pub fn cuts_a_word(text: &str, start: usize, end: usize) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let inside = &text[start..end];
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let cuts = |outside: Option<char>, edge: Option<char>| {
        outside.is_some_and(|c| !c.is_ascii() && word(c)) && edge.is_some_and(word)
    };
    cuts(before, inside.chars().next()) || cuts(after, inside.chars().next_back())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_unicode_agree() {
        for text in ["plain ascii", "didn’t — Алматы 😀 end"] {
            let index = TextIndex::new(text);
            assert_eq!(index.char_len(), text.chars().count());
            for (c, (b, _)) in text.char_indices().enumerate() {
                assert_eq!(index.byte(c), b);
                assert_eq!(index.char(b), c);
            }
            assert_eq!(index.byte(index.char_len()), text.len());
        }
        let text = "didn’t — Алматы";
        let index = TextIndex::new(text);
        assert_eq!(index.slice(text, Span::new(9, 15)), "Алматы");
    }
}
