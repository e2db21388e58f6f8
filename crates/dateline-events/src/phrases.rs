//! A phrase index: multi-word dictionary phrases keyed by their first word, matched longest
//! first against a run of normalised tokens (what PETRARCH keeps in a trie).

use rustc_hash::FxHashMap;

#[derive(Debug, Clone)]
pub struct PhraseIndex<T> {
    by_first: FxHashMap<String, Vec<(Vec<String>, T)>>,
    len: usize,
}

impl<T> Default for PhraseIndex<T> {
    fn default() -> Self {
        PhraseIndex {
            by_first: FxHashMap::default(),
            len: 0,
        }
    }
}

impl<T> PhraseIndex<T> {
    pub fn insert(&mut self, words: Vec<String>, value: T) {
        if let Some(first) = words.first().cloned() {
            self.by_first.entry(first).or_default().push((words, value));
            self.len += 1;
        }
    }

    /// The value of the first phrase inserted with exactly `words`.
    pub fn exact_mut(&mut self, words: &[String]) -> Option<&mut T> {
        let entries = self.by_first.get_mut(words.first()?)?;
        entries
            .iter_mut()
            .find(|(w, _)| w.as_slice() == words)
            .map(|(_, value)| value)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The longest phrase starting at `tokens[start]`: its length in tokens and its value.
    /// Among equally long phrases the first inserted wins (dictionary order).
    pub fn longest_at(&self, tokens: &[String], start: usize) -> Option<(usize, &T)> {
        let candidates = self.by_first.get(tokens.get(start)?)?;
        let mut best: Option<(usize, &T)> = None;
        for (words, value) in candidates {
            let n = words.len();
            if start + n <= tokens.len()
                && words.iter().zip(&tokens[start..]).all(|(w, t)| w == t)
                && best.is_none_or(|(len, _)| n > len)
            {
                best = Some((n, value));
            }
        }
        best
    }

    /// Every non-overlapping longest match, left to right: (start, length, value).
    pub fn scan<'a>(&'a self, tokens: &[String]) -> Vec<(usize, usize, &'a T)> {
        let mut found = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.longest_at(tokens, i) {
                Some((n, value)) => {
                    found.push((i, n, value));
                    i += n;
                }
                None => i += 1,
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    #[test]
    fn longest_match_wins() {
        let mut index = PhraseIndex::default();
        index.insert(words("UNITED STATES"), 1);
        index.insert(words("UNITED"), 2);
        index.insert(words("UNITED STATES ARMY"), 3);
        let tokens = words("THE UNITED STATES SAID");
        assert_eq!(index.longest_at(&tokens, 1), Some((2, &1)));
        assert_eq!(index.scan(&tokens), vec![(1, 2, &1)]);
        assert_eq!(index.longest_at(&tokens, 0), None);
        assert_eq!(index.len(), 3);
    }
}
