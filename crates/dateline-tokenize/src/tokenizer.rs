//! Rule-based tokenizer following the Universal Dependencies English conventions (EWT, GUM),
//! so the tagger and parser trained on those treebanks see the tokens they were trained on:
//!
//! - clitics split off: "didn’t" → "did" "n’t", "Kazakhstan’s" → "Kazakhstan" "’s",
//!   "cannot" → "can" "not", "gonna" → "gon" "na";
//! - hyphenated compounds split ("15-year" → "15" "-" "year", "Kassym-Jomart" → "Kassym" "-"
//!   "Jomart", as the treebanks do) unless the first part is a prefix ("e-mail", "non-profit")
//!   or the whole is a phone number;
//! - numbers whole ("20,000", "3.5", "9/11", "10:30"), units split off ("1.5bn" → "1.5" "bn"),
//!   symbols separate ("$" "3", "3.5" "%"), ordinals and decades whole ("21st", "1990s");
//! - abbreviations keep their period ("Jan.", "U.S.", "Gen.", "e.g.");
//! - URLs, e-mail addresses, @handles, #hashtags, emoticons and emoji sequences whole;
//! - runs of the same punctuation whole ("...", "?!", "--"), every other symbol alone.
//!
//! Works on code points: a token's span is its code-point range in the text.

use crate::abbreviations;
use dateline_document::Span;

/// First parts of hyphenated words the treebanks keep whole ("co-founder", "e-mail").
const HYPHEN_PREFIXES: &[&str] = &[
    "anti", "arch", "bi", "co", "counter", "cross", "e", "ex", "inter", "intra", "macro", "micro",
    "mid", "mini", "multi", "neo", "non", "over", "post", "pre", "pro", "proto", "pseudo",
    "psycho", "quasi", "re", "semi", "socio", "sub", "super", "tri", "ultra", "un",
];

/// Suffixes after a number that belong to it: ordinals and decades ("21st", "1990s").
const NUMBER_SUFFIXES: &[&str] = &["st", "nd", "rd", "th", "s"];

/// Contractions written without an apostrophe, split where the treebanks split them.
/// Each entry is the word (lowercase) and the length of its first part.
const FUSED_WORDS: &[(&str, usize)] = &[
    ("cannot", 3),
    ("gonna", 3),
    ("wanna", 3),
    ("gotta", 3),
    ("dont", 2),
    ("didnt", 3),
    ("doesnt", 4),
    ("isnt", 2),
    ("wasnt", 3),
    ("arent", 3),
    ("werent", 4),
    ("couldnt", 5),
    ("wouldnt", 5),
    ("shouldnt", 6),
    ("havent", 4),
    ("hasnt", 3),
    ("hadnt", 3),
];

/// Clitics after an apostrophe that are separate words ("he’s", "I’m", "we’ll").
const APOSTROPHE_CLITICS: &[&str] = &["s", "m", "d", "ll", "re", "ve"];

/// Emoticons kept as one token when they stand apart from letters and digits.
const EMOTICONS: &[&str] = &[
    ":-)", ":-(", ":-D", ":-P", ":-p", ";-)", ":'(", ":)", ":(", ":D", ":P", ":p", ":/", ":o",
    ":O", ";)", "=)", "=(", "<3", "^_^",
];

/// Longest local part and domain of an e-mail address (RFC 5321).
const MAX_EMAIL_LOCAL: usize = 64;
const MAX_EMAIL_DOMAIN: usize = 255;

const URL_SCHEMES: &[&str] = &["http://", "https://", "ftp://", "www."];

/// Appends the spans of the tokens of `chars[start..end]` to `out`, offsets counted in
/// `chars` (so a block of a document is tokenized in place).
pub(crate) fn tokenize_range(chars: &[char], start: usize, end: usize, out: &mut Vec<Span>) {
    let mut i = start;
    while i < end {
        if is_separator(chars[i]) {
            i += 1;
            continue;
        }
        let chunk_end = (i..end).find(|&j| is_separator(chars[j])).unwrap_or(end);
        let mut chunk = Chunk {
            chars,
            range: (start, end),
            start: i,
            end: chunk_end,
            out,
        };
        chunk.split();
        i = chunk_end;
    }
}

/// Whitespace, control characters and invisible separators: never part of a token.
pub(crate) fn is_separator(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// Letters, digits, combining marks and the underscore ("Analysis_0712").
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_combining_mark(c)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}' | '\u{0591}'..='\u{05BD}'
        | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}'
        | '\u{0900}'..='\u{0903}' | '\u{093A}'..='\u{094F}' | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐')
}

/// Characters that end a sentence; a run of them is one token ("...", "?!").
/// Two line breaks (or a paragraph separator) in the whitespace between two tokens.
pub(crate) fn is_paragraph_break(gap: &[char]) -> bool {
    gap.iter().filter(|&&c| c == '\n').count() >= 2 || gap.contains(&'\u{2029}')
}

pub(crate) fn is_terminal_char(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁉' | '。' | '！' | '？')
}

fn is_emoji(c: char) -> bool {
    matches!(c, '\u{1F000}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}')
}

/// Characters that extend an emoji: variation selectors, skin tones, keycap, tags.
fn is_emoji_modifier(c: char) -> bool {
    matches!(c, '\u{FE0E}' | '\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{20E3}' | '\u{E0020}'..='\u{E007F}')
}

fn is_regional_indicator(c: char) -> bool {
    matches!(c, '\u{1F1E6}'..='\u{1F1FF}')
}

fn starts_with(chars: &[char], at: usize, end: usize, pattern: &str) -> bool {
    let len = pattern.chars().count();
    at + len <= end
        && chars[at..at + len]
            .iter()
            .zip(pattern.chars())
            .all(|(c, p)| c.to_ascii_lowercase() == p)
}

fn eq_ignore_ascii_case(word: &[char], pattern: &str) -> bool {
    word.len() == pattern.len()
        && word
            .iter()
            .zip(pattern.chars())
            .all(|(c, p)| c.to_ascii_lowercase() == p)
}

/// A run of non-separator characters being cut into tokens.
struct Chunk<'a> {
    chars: &'a [char],
    /// The text being tokenized (a document block), which look-ahead never leaves.
    range: (usize, usize),
    start: usize,
    end: usize,
    out: &'a mut Vec<Span>,
}

impl Chunk<'_> {
    fn emit(&mut self, start: usize, end: usize) {
        if start < end {
            self.out.push(Span::new(start, end));
        }
    }

    fn split(&mut self) {
        let mut i = self.start;
        while i < self.end {
            i = self.token_at(i);
        }
    }

    /// Emits the token(s) starting at `i`; returns where the next one starts (always > `i`).
    fn token_at(&mut self, i: usize) -> usize {
        let chars = self.chars;
        let c = chars[i];
        if let Some(end) = self.emoticon_end(i) {
            self.emit(i, end);
            return end;
        }
        let next_is_word = i + 1 < self.end && is_word_char(chars[i + 1]);
        if is_word_char(c)
            || (c == '.' && next_is_word && chars[i + 1].is_ascii_digit() && self.starts_word(i))
        {
            if let Some(end) = self.url_end(i).or_else(|| self.email_end(i)) {
                self.emit(i, end);
                return end;
            }
            return self.word(i);
        }
        if let Some(end) = self.clitic_or_year_end(i) {
            self.emit(i, end);
            return end;
        }
        let next_is_letter =
            i + 1 < self.end && (chars[i + 1].is_alphabetic() || chars[i + 1] == '_');
        if (c == '@' || c == '#') && next_is_letter && self.starts_word(i) {
            let end = (i + 1..self.end)
                .find(|&j| !is_word_char(chars[j]))
                .unwrap_or(self.end);
            self.emit(i, end);
            return end;
        }
        let end = if is_terminal_char(c) {
            self.run_end(i, is_terminal_char)
        } else if matches!(
            c,
            '-' | '–' | '—' | '*' | '=' | '+' | '~' | '<' | '>' | '_' | '/' | '\\' | '|'
        ) {
            self.run_end(i, |x| x == c)
        } else if is_regional_indicator(c)
            && i + 1 < self.end
            && is_regional_indicator(chars[i + 1])
        {
            i + 2
        } else if is_emoji(c) {
            self.emoji_end(i)
        } else if (c == '\'' || c == '’' || c == '‘' || c == '`')
            && i + 1 < self.end
            && chars[i + 1] == c
        {
            i + 2
        } else {
            i + 1
        };
        self.emit(i, end);
        end
    }

    /// A clitic or an abbreviated year after a space: "THAT 'S", "class of '71".
    fn clitic_or_year_end(&self, i: usize) -> Option<usize> {
        let chars = self.chars;
        if !is_apostrophe(chars[i]) || !self.starts_word(i) {
            return None;
        }
        let end = (i + 1..self.end)
            .find(|&j| !is_word_char(chars[j]))
            .unwrap_or(self.end);
        let rest = &chars[i + 1..end];
        let year = rest.len() == 2 && rest.iter().all(char::is_ascii_digit);
        let clitic = APOSTROPHE_CLITICS
            .iter()
            .any(|c| eq_ignore_ascii_case(rest, c));
        (year || clitic).then_some(end)
    }

    fn starts_word(&self, i: usize) -> bool {
        i == self.start || !is_word_char(self.chars[i - 1])
    }

    fn run_end(&self, i: usize, member: impl Fn(char) -> bool) -> usize {
        (i + 1..self.end)
            .find(|&j| !member(self.chars[j]))
            .unwrap_or(self.end)
    }

    fn emoji_end(&self, i: usize) -> usize {
        let chars = self.chars;
        let mut j = i + 1;
        while j < self.end {
            if is_emoji_modifier(chars[j]) {
                j += 1;
            } else if chars[j] == '\u{200D}' && j + 1 < self.end && is_emoji(chars[j + 1]) {
                j += 2;
            } else {
                break;
            }
        }
        j
    }

    fn emoticon_end(&self, i: usize) -> Option<usize> {
        if !matches!(self.chars[i], ':' | ';' | '=' | '<' | '^')
            || (i > self.start && is_word_char(self.chars[i - 1]))
        {
            return None;
        }
        EMOTICONS.iter().find_map(|emoticon| {
            let end = i + emoticon.chars().count();
            let matches = end <= self.end
                && self.chars[i..end].iter().copied().eq(emoticon.chars())
                && (end == self.end || !is_word_char(self.chars[end]));
            matches.then_some(end)
        })
    }

    /// A URL starting at `i`, without trailing punctuation that belongs to the sentence.
    fn url_end(&self, i: usize) -> Option<usize> {
        let has_scheme = URL_SCHEMES
            .iter()
            .any(|scheme| starts_with(self.chars, i, self.end, scheme));
        if !has_scheme {
            return None;
        }
        Some(self.trim_trailing_punctuation(i, self.end))
    }

    /// An e-mail address starting at `i`: word characters and `.-+` then `@` and a dotted domain.
    /// Both parts are bounded by the RFC 5321 limits, which also keeps a long run of
    /// "a+a+a..." from being rescanned at every word.
    fn email_end(&self, i: usize) -> Option<usize> {
        let chars = self.chars;
        let local_limit = self.end.min(i + MAX_EMAIL_LOCAL + 1);
        let local_end = (i..local_limit)
            .find(|&j| !(is_word_char(chars[j]) || matches!(chars[j], '.' | '-' | '+')))?;
        if chars[local_end] != '@' {
            return None;
        }
        let domain_limit = self.end.min(local_end + 1 + MAX_EMAIL_DOMAIN);
        let domain_end = (local_end + 1..domain_limit)
            .find(|&j| !(is_word_char(chars[j]) || matches!(chars[j], '.' | '-')))
            .unwrap_or(domain_limit);
        let end = self.trim_trailing_punctuation(local_end + 1, domain_end);
        let has_dot = chars[local_end + 1..end].contains(&'.');
        (has_dot && end > local_end + 1).then_some(end)
    }

    /// Drops trailing characters that end a clause rather than an address: `.,;:!?'"` and
    /// closing brackets without a matching opening one inside the address.
    fn trim_trailing_punctuation(&self, start: usize, mut end: usize) -> usize {
        // Trimming only removes closers and punctuation, so whether an opening bracket is
        // inside stays the same.
        let has_paren = self.chars[start..end].contains(&'(');
        let has_bracket = self.chars[start..end].contains(&'[');
        while end > start {
            let c = self.chars[end - 1];
            let unmatched_close = (c == ')' && !has_paren) || (c == ']' && !has_bracket);
            if matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' | '”' | '’' | '»' | '>'
            ) || unmatched_close
            {
                end -= 1;
            } else {
                break;
            }
        }
        end
    }

    /// A word starting at `i`: word characters joined by the connectors that keep numbers,
    /// abbreviations, contractions and compounds together. Emits it (split where UD splits)
    /// and returns where the next token starts.
    fn word(&mut self, i: usize) -> usize {
        let chars = self.chars;
        let mut j = i + 1;
        while j < self.end {
            let c = chars[j];
            if is_word_char(c) {
                j += 1;
                continue;
            }
            let next = chars.get(j + 1).copied().filter(|_| j + 1 < self.end);
            let prev = chars[j - 1];
            let joins = match (c, next) {
                (_, None) => false,
                ('.', Some(n)) => is_word_char(n),
                (',', Some(_)) => prev.is_ascii_digit() && self.three_digits_at(j + 1),
                (':' | '/', Some(n)) => prev.is_ascii_digit() && n.is_ascii_digit(),
                ('&', Some(n)) => prev.is_uppercase() && n.is_uppercase(),
                (c, Some(n)) if is_hyphen(c) => is_word_char(n),
                (c, Some(n)) if is_apostrophe(c) => {
                    // "1990's" stays whole, as the treebanks have it.
                    let plural_number = prev.is_ascii_digit()
                        && matches!(n, 's' | 'S')
                        && !(j + 2 < self.end && is_word_char(chars[j + 2]));
                    (prev.is_alphabetic() && n.is_alphabetic()) || plural_number
                }
                ('\u{200C}' | '\u{200D}', Some(n)) => is_word_char(n),
                _ => false,
            };
            if !joins {
                break;
            }
            j += 1;
        }
        let keeps_period = j < self.end
            && chars[j] == '.'
            && (self.keeps_period(i, j) || self.is_list_number(i, j));
        let end = if keeps_period { j + 1 } else { j };
        self.emit_word(i, end);
        end
    }

    fn three_digits_at(&self, at: usize) -> bool {
        at + 3 <= self.end
            && self.chars[at..at + 3].iter().all(char::is_ascii_digit)
            && (at + 3 == self.end || !self.chars[at + 3].is_ascii_digit())
    }

    /// Whether the period after `chars[start..end]` is part of an abbreviation. A period
    /// followed by another ("etc...") starts an ellipsis instead, and a period that ends
    /// the text or a paragraph is a full stop ("in the U.S" "."), as in the treebanks.
    fn keeps_period(&self, start: usize, end: usize) -> bool {
        let chars = self.chars;
        if end + 1 < self.end && matches!(chars[end + 1], '.' | '…') {
            return false;
        }
        let rest = &chars[end + 1..self.range.1];
        let gap = rest.iter().take_while(|&&c| is_separator(c)).count();
        if gap == rest.len() || is_paragraph_break(&rest[..gap]) {
            return false;
        }
        let next_is_digit = rest[gap].is_ascii_digit();
        abbreviations::classify(&chars[start..end], next_is_digit).is_some()
    }

    /// A list number at the start of a line, before a space: "1." "12.".
    fn is_list_number(&self, start: usize, end: usize) -> bool {
        let chars = self.chars;
        let number = end - start <= 2 && chars[start..end].iter().all(char::is_ascii_digit);
        let line_start = chars[self.range.0..start]
            .iter()
            .rev()
            .find(|&&c| !is_separator(c) || c == '\n')
            .is_none_or(|&c| c == '\n');
        number && end + 1 == self.end && self.end < self.range.1 && line_start
    }

    /// Emits a word, split at hyphens and clitics the way the treebanks split it.
    fn emit_word(&mut self, start: usize, end: usize) {
        let chars = self.chars;
        let word = &chars[start..end];
        if word.iter().copied().any(is_hyphen) && !keeps_hyphens(word) {
            let mut part_start = start;
            for (j, &c) in chars.iter().enumerate().take(end).skip(start) {
                if is_hyphen(c) {
                    self.emit_part(part_start, j);
                    self.emit(j, j + 1);
                    part_start = j + 1;
                }
            }
            self.emit_part(part_start, end);
        } else {
            self.emit_part(start, end);
        }
    }

    /// Emits a hyphen-free part of a word, splitting clitics and units off.
    fn emit_part(&mut self, start: usize, end: usize) {
        let split = split_point(&self.chars[start..end]);
        match split {
            Some(at) => {
                self.emit(start, start + at);
                self.emit(start + at, end);
            }
            None => self.emit(start, end),
        }
    }
}

/// Whether a hyphenated word stays one token: a known prefix ("non-profit") or a phone
/// number ("713-853-3989", "345-9945").
fn keeps_hyphens(word: &[char]) -> bool {
    let parts: Vec<&[char]> = word.split(|&c| is_hyphen(c)).collect();
    if parts
        .iter()
        .all(|p| !p.is_empty() && p.iter().all(char::is_ascii_digit))
    {
        return parts.len() >= 3 || (parts[0].len() == 3 && parts[parts.len() - 1].len() == 4);
    }
    HYPHEN_PREFIXES
        .iter()
        .any(|prefix| eq_ignore_ascii_case(parts[0], prefix))
}

/// Where a word splits in two: before a clitic ("did|n’t", "Kazakhstan|’s"), inside a
/// fused contraction ("can|not") or between a number and its unit ("1.5|bn").
fn split_point(word: &[char]) -> Option<usize> {
    let n = word.len();
    if n >= 4
        && is_apostrophe(word[n - 2])
        && eq_ignore_ascii_case(&word[n - 1..], "t")
        && matches!(word[n - 3], 'n' | 'N')
    {
        return Some(n - 3);
    }
    if let Some(apostrophe) = word.iter().rposition(|&c| is_apostrophe(c)) {
        let clitic = &word[apostrophe + 1..];
        let after_number = apostrophe > 0 && word[apostrophe - 1].is_ascii_digit();
        if apostrophe > 0
            && !after_number
            && APOSTROPHE_CLITICS
                .iter()
                .any(|c| eq_ignore_ascii_case(clitic, c))
        {
            return Some(apostrophe);
        }
        return None;
    }
    if let Some(&(_, at)) = FUSED_WORDS
        .iter()
        .find(|(fused, _)| eq_ignore_ascii_case(word, fused))
    {
        return Some(at);
    }
    if word.first().is_some_and(char::is_ascii_digit) {
        let unit = word.iter().position(|c| c.is_alphabetic())?;
        let numeric = word[..unit]
            .iter()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ':'));
        let alphabetic = word[unit..].iter().all(|c| c.is_alphabetic());
        let suffix = NUMBER_SUFFIXES
            .iter()
            .any(|s| eq_ignore_ascii_case(&word[unit..], s));
        if numeric && alphabetic && !suffix {
            return Some(unit);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::tokenize;

    fn tokens(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        tokenize(text)
            .iter()
            .map(|t| chars[t.span.start..t.span.end].iter().collect())
            .collect()
    }

    #[test]
    fn splits_clitics_with_curly_and_straight_apostrophes() {
        assert_eq!(tokens("didn’t"), ["did", "n’t"]);
        assert_eq!(tokens("can't"), ["ca", "n't"]);
        assert_eq!(
            tokens("Kazakhstan’s president"),
            ["Kazakhstan", "’s", "president"]
        );
        assert_eq!(tokens("I'm sure we'll"), ["I", "'m", "sure", "we", "'ll"]);
        assert_eq!(tokens("O'Brien cannot"), ["O'Brien", "can", "not"]);
        assert_eq!(
            tokens("the students' union"),
            ["the", "students", "'", "union"]
        );
    }

    #[test]
    fn splits_hyphens_like_the_treebanks() {
        assert_eq!(tokens("a 15-year term"), ["a", "15", "-", "year", "term"]);
        assert_eq!(tokens("Kassym-Jomart"), ["Kassym", "-", "Jomart"]);
        assert_eq!(tokens("e-mail co-founder"), ["e-mail", "co-founder"]);
        assert_eq!(tokens("call 713-853-3989"), ["call", "713-853-3989"]);
    }

    #[test]
    fn numbers_currencies_and_units() {
        assert_eq!(tokens("20,000 people"), ["20,000", "people"]);
        assert_eq!(tokens("$3 or 3.5%"), ["$", "3", "or", "3.5", "%"]);
        assert_eq!(
            tokens("1.5bn in the 1990s, 21st"),
            ["1.5", "bn", "in", "the", "1990s", ",", "21st"]
        );
        assert_eq!(tokens("at 10:30 on 9/11"), ["at", "10:30", "on", "9/11"]);
        assert_eq!(tokens("1,2"), ["1", ",", "2"]);
    }

    #[test]
    fn abbreviations_keep_their_period() {
        assert_eq!(
            tokens("Gen. Smith, Jan. 7"),
            ["Gen.", "Smith", ",", "Jan.", "7"]
        );
        assert_eq!(
            tokens("the U.S. and e.g. this."),
            ["the", "U.S.", "and", "e.g.", "this", "."]
        );
        assert_eq!(
            tokens("made in the U.S."),
            ["made", "in", "the", "U.S", "."]
        );
        assert_eq!(tokens("On T.V.? Yes"), ["On", "T.V.", "?", "Yes"]);
        assert_eq!(tokens("J. R. R. Tolkien"), ["J.", "R.", "R.", "Tolkien"]);
        assert_eq!(tokens("No. 5 said no."), ["No.", "5", "said", "no", "."]);
    }

    #[test]
    fn list_numbers_years_and_detached_clitics() {
        assert_eq!(
            tokens("Steps:\n1. Go\n2. Stop at 2."),
            ["Steps", ":", "1.", "Go", "2.", "Stop", "at", "2", "."]
        );
        assert_eq!(
            tokens("THAT 'S LIFE, class of '71, the 1990's"),
            ["THAT", "'S", "LIFE", ",", "class", "of", "'71", ",", "the", "1990's"]
        );
    }

    #[test]
    fn web_tokens_stay_whole() {
        assert_eq!(
            tokens("See https://example.com/a?b=1. Mail me@example.org, @dateline #news"),
            [
                "See",
                "https://example.com/a?b=1",
                ".",
                "Mail",
                "me@example.org",
                ",",
                "@dateline",
                "#news"
            ]
        );
        assert_eq!(tokens("#1 @2.5"), ["#", "1", "@", "2.5"]);
        assert_eq!(tokens("(www.bbc.co.uk)"), ["(", "www.bbc.co.uk", ")"]);
    }

    #[test]
    fn punctuation_quotes_and_emoji() {
        assert_eq!(
            tokens("“Yes…” he said -- \"no\"..."),
            ["“", "Yes", "…", "”", "he", "said", "--", "\"", "no", "\"", "..."]
        );
        assert_eq!(
            tokens("«Oui» great!!! :) 👍🏽👨‍👩‍👧"),
            ["«", "Oui", "»", "great", "!!!", ":)", "👍🏽", "👨‍👩‍👧"]
        );
        assert_eq!(tokens("flag 🇰🇿!"), ["flag", "🇰🇿", "!"]);
    }

    #[test]
    fn empty_and_whitespace_only_input() {
        assert!(tokens("").is_empty());
        assert!(tokens(" \n\t\u{0}\u{FEFF}").is_empty());
    }
}
