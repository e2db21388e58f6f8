//! Quotations with their speakers: who said what.
//!
//! In: a [`Document`] annotated by the language core: tokens with UD tags and dependencies,
//! sentences, NER mentions and coreference `entities`.
//! Out: `Document::quotes`, one [`Quote`] per attributed statement (direct, indirect or
//! mixed) with its content span, cue, speaker mention, the entity and name the speaker
//! resolves to, and whether the speaker is anonymous.
//!
//! How: quotation marks are paired paragraph by paragraph ([`marks`]), so an odd mark never
//! affects more than its paragraph. Every cue verb ([`lexicon`]) outside quoted text is
//! then read off the dependency tree: its subject is the speaker; its clausal complement
//! (`ccomp`) is the content ("Tokayev said about 20,000 militants were involved"); when the
//! cue is itself a parenthetical (`parataxis`: "The bandits, he said, are ...", "..., he
//! said.") the content is the clause it interrupts. "according to X" takes the clause
//! around it. Content covered by quotation marks is snapped to the marks and the kind is
//! read off how much of it is quoted. Quoted text left without a cue continues the quote
//! before it (the next quoted sentence, or the next paragraph of a long quote) with the
//! same speaker, or is attributed by the surface patterns `"...," X said` and `X said: "..."`
//! when the parse missed the link. Speakers resolve through the coreference entities.
//!
//! Parse errors the rules guard against (each measured on PolNeAR's development part, see
//! `scripts/polnear-split`): a subject inside the quotation or a day ("Tuesday") is not the
//! speaker; a speaker after the verb ("...," says a narrator) or behind an apposition
//! ("Paul Ryan, the convention chair, told") is found from the surface; a relative clause
//! never attributes the quote beside it. Every walk over the tree is bounded, so a text
//! without full stops costs linear time.

mod lexicon;
mod marks;
mod speaker;

use dateline_document::{Document, EntityLabel, Quote, QuoteKind, Span, Upos};
use marks::Region;
use std::collections::{HashMap, HashSet};

/// The most tokens a content or speaker read off the tree can have. A real clause is far
/// shorter; only a failed segmentation (a megabyte without a full stop) reaches it, and
/// the bound keeps the work per cue constant there. Quoted text is not bounded: it comes
/// from the quotation marks, not the tree.
const MAX_SUBTREE: usize = 1000;

/// The longest name or noun phrase read off the surface next to a cue, in words.
const NAME_WORDS: usize = 8;

/// The most tokens between a quotation and the cue after it when they are all the
/// speaker's phrase: a name with a long apposition or relative clause.
const ATTRIBUTION_TOKENS: usize = 40;

/// Fills `doc.quotes`, replacing what was there.
pub fn annotate(doc: &mut Document) {
    doc.quotes = extract(doc);
}

/// The quotations of `doc`, in text order.
pub fn extract(doc: &Document) -> Vec<Quote> {
    let view = View::new(doc);
    let mut found = Vec::new();
    let mut used_regions = vec![false; view.regions.len()];
    for cue in 0..view.tokens() {
        if let Some(q) = view.quote_of_cue(cue) {
            for &r in &q.regions {
                used_regions[r] = true;
            }
            found.push(q);
        }
    }
    view.attribute_leftover_regions(&mut found, &mut used_regions);
    view.headline_colon_quotes(&mut found);
    found.retain(|q| !q.cue_lemma.as_deref().is_some_and(lexicon::is_unreliable));
    found.sort_by_key(|q| (q.content.start, q.content.end));
    dedup(&mut found);
    speaker::resolve_all(&view, &found)
}

/// Keeps one quote per content span: the strongest rule's, and of equals the first cue
/// found (the closest attribution). A verb of a relative clause next to a quote ("...,"
/// Warren, who has not endorsed anyone, told reporters) thus gives way to the real cue.
fn dedup(found: &mut Vec<Found>) {
    let mut best: HashMap<(usize, usize), (usize, f32)> = HashMap::new();
    for (i, q) in found.iter().enumerate() {
        let slot = best
            .entry((q.content.start, q.content.end))
            .or_insert((i, q.confidence));
        if q.confidence > slot.1 {
            *slot = (i, q.confidence);
        }
    }
    let mut i = 0;
    found.retain(|q| {
        let keep = best[&(q.content.start, q.content.end)].0 == i;
        i += 1;
        keep
    });
}

/// Spans already taken by quotes, for overlap look-ups in logarithmic time: sorted by
/// start, with the furthest end reached by any span up to each position.
struct Claimed {
    starts: Vec<usize>,
    furthest_end: Vec<usize>,
}

impl Claimed {
    fn new(spans: impl Iterator<Item = Span>) -> Claimed {
        let mut spans: Vec<Span> = spans.filter(|s| !s.is_empty()).collect();
        spans.sort_by_key(|s| s.start);
        let furthest_end = spans
            .iter()
            .scan(0, |end, s| {
                *end = s.end.max(*end);
                Some(*end)
            })
            .collect();
        Claimed {
            starts: spans.iter().map(|s| s.start).collect(),
            furthest_end,
        }
    }

    /// Whether any claimed span shares a code point with `span`.
    fn overlaps(&self, span: Span) -> bool {
        let before_end = self.starts.partition_point(|&s| s < span.end);
        !span.is_empty() && before_end > 0 && self.furthest_end[before_end - 1] > span.start
    }
}

/// A quote before its speaker is resolved.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub content: Span,
    pub parts: Vec<Span>,
    pub kind: QuoteKind,
    pub cue: Option<Span>,
    pub cue_lemma: Option<String>,
    /// Speaker mention as token range, and its head token.
    pub speaker: Option<((usize, usize), usize)>,
    pub explicit: bool,
    pub confidence: f32,
    pub regions: Vec<usize>,
}

/// Read-only views of the document the rules need, built once in linear time.
pub(crate) struct View<'a> {
    pub doc: &'a Document,
    pub chars: Vec<char>,
    /// Lower-cased token forms.
    pub lower: Vec<String>,
    pub children: Vec<Vec<usize>>,
    /// Sentence index of each token (`usize::MAX` outside any sentence).
    pub sentence_of: Vec<usize>,
    pub regions: Vec<Region>,
    /// Region index of each token inside quotation marks.
    pub region_of: Vec<Option<usize>>,
    /// Where each line starts (code points), 0 first.
    line_starts: Vec<usize>,
}

impl<'a> View<'a> {
    fn new(doc: &'a Document) -> View<'a> {
        let chars: Vec<char> = doc.text.chars().collect();
        let n = doc.tokens.len();
        let text_of = |span: Span| -> String {
            let end = span.end.min(chars.len());
            let start = span.start.min(end);
            chars[start..end].iter().collect()
        };
        let lower = doc
            .tokens
            .iter()
            .map(|t| text_of(t.span).to_lowercase())
            .collect();
        let mut children = vec![Vec::new(); n];
        for (i, t) in doc.tokens.iter().enumerate() {
            if let Some(h) = t.head.filter(|&h| h < n && h != i) {
                children[h].push(i);
            }
        }
        let mut sentence_of = vec![usize::MAX; n];
        for (s, sentence) in doc.sentences.iter().enumerate() {
            let (a, b) = sentence.tokens;
            for slot in sentence_of.iter_mut().take(b.min(n)).skip(a) {
                *slot = s;
            }
        }
        let regions = marks::regions(&chars);
        let mut region_of = vec![None; n];
        let mut r = 0;
        for (i, t) in doc.tokens.iter().enumerate() {
            while r < regions.len() && regions[r].content.end <= t.span.start {
                r += 1;
            }
            if r < regions.len() && regions[r].content.contains(t.span) {
                region_of[i] = Some(r);
            }
        }
        let line_starts = std::iter::once(0)
            .chain(
                chars
                    .iter()
                    .enumerate()
                    .filter(|(_, &c)| c == '\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        View {
            doc,
            line_starts,
            chars,
            lower,
            children,
            sentence_of,
            regions,
            region_of,
        }
    }

    fn tokens(&self) -> usize {
        self.doc.tokens.len()
    }

    fn deprel(&self, i: usize) -> &str {
        let rel = self.doc.tokens[i].deprel.as_deref().unwrap_or("");
        rel.split(':').next().unwrap_or(rel)
    }

    fn full_deprel(&self, i: usize) -> &str {
        self.doc.tokens[i].deprel.as_deref().unwrap_or("")
    }

    fn head(&self, i: usize) -> Option<usize> {
        self.doc.tokens[i]
            .head
            .filter(|&h| h < self.tokens() && h != i)
    }

    fn upos(&self, i: usize) -> Option<Upos> {
        self.doc.tokens[i].upos
    }

    pub fn is_punct(&self, i: usize) -> bool {
        self.upos(i) == Some(Upos::Punct)
            || self.lower[i]
                .chars()
                .all(|c| !c.is_alphanumeric() || marks::is_mark(c))
    }

    fn child(&self, i: usize, rel: &str) -> Option<usize> {
        self.children[i]
            .iter()
            .copied()
            .find(|&c| self.full_deprel(c) == rel)
    }

    /// The text of a span.
    pub fn text(&self, span: Span) -> String {
        let end = span.end.min(self.chars.len());
        self.chars[span.start.min(end)..end].iter().collect()
    }

    pub fn span_of_tokens(&self, tokens: (usize, usize)) -> Span {
        self.span_of(tokens)
    }

    /// The subject of `verb` nearest to token `near` (a verb can get two subjects from a
    /// parse error; the closer one is the better bet), never a day or a moment ("Sean
    /// Spicer on Thursday evening said": "evening" is the closer subject in the parse).
    fn closest_subject(&self, verb: usize, near: usize) -> Option<usize> {
        self.children[verb]
            .iter()
            .copied()
            .filter(|&c| self.full_deprel(c) == "nsubj" && !lexicon::is_time_word(&self.lower[c]))
            .min_by_key(|&c| c.abs_diff(near))
    }

    fn span_of(&self, (a, b): (usize, usize)) -> Span {
        Span::new(
            self.doc.tokens[a].span.start,
            self.doc.tokens[b - 1].span.end,
        )
    }

    /// Every token under `root` (itself included) within the same sentence, sorted, at most
    /// [`MAX_SUBTREE`] of them. Bounded by the sentence and by that size, so a bad tree can
    /// neither loop nor run away, and a megabyte "sentence" (a text without full stops)
    /// costs each cue a bounded walk instead of one over the whole text.
    pub fn subtree(&self, root: usize, skip: &dyn Fn(usize) -> bool) -> Vec<usize> {
        let sentence = self.sentence_of[root];
        let mut out = vec![root];
        let mut stack = vec![root];
        // No visited set: the size bound also ends a walk round a cycle of heads, whose
        // repeats the dedup below removes.
        'walk: while let Some(t) = stack.pop() {
            for &c in &self.children[t] {
                if self.sentence_of[c] == sentence && !skip(c) {
                    out.push(c);
                    stack.push(c);
                    if out.len() >= MAX_SUBTREE {
                        break 'walk;
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// A quote from the cue verb at token `cue`, if it is one and has a content.
    fn quote_of_cue(&self, cue: usize) -> Option<Found> {
        if self.region_of[cue].is_some() || self.sentence_of[cue] == usize::MAX {
            return None;
        }
        if self.lower[cue] == "according" {
            return self.according_to(cue);
        }
        if self.lower[cue] == "reportedly" {
            return self.reportedly(cue);
        }
        if lexicon::is_seeming(&self.lower[cue]) {
            return self.seeming(cue);
        }
        if lexicon::is_poll(&self.lower[cue]) {
            return self.in_a_poll(cue);
        }
        if !matches!(self.upos(cue), Some(Upos::Verb) | None) {
            return None;
        }
        // "declined to comment": the refusal is the cue (below, as an unlisted verb).
        if self.deprel(cue) == "xcomp"
            && self
                .head(cue)
                .is_some_and(|h| lexicon::is_refusal(&self.lower[h]))
        {
            return None;
        }
        let Some(lemma) = lexicon::cue_lemma(&self.lower[cue]) else {
            return self.unlisted_cue(cue);
        };
        if lemma == "expect" {
            if let Some(found) = self.expectation(cue) {
                return Some(found);
            }
        }
        if let Some(found) = self.asked_question(cue).or_else(|| self.as_reported(cue)) {
            return Some(found);
        }
        let subject = self.subject_of(cue);
        let (cue_span, cue_lemma) = self.cue_words(cue, lemma);
        // 1. A clausal complement: said (that) X.
        // Every complement: an interrupted quote ("A," X said, "B.") can be read as two.
        let complements: Vec<usize> = self.children[cue]
            .iter()
            .copied()
            .filter(|&c| {
                let rel = self.deprel(c);
                (rel == "ccomp" && !self.is_question_word(c))
                    || (rel == "parataxis" && self.region_of[c].is_some())
                    || (rel == "advcl" && c > cue && self.asks(lemma, c))
            })
            .collect();
        let (tokens, confidence) = if !complements.is_empty() {
            let mut content: Vec<usize> = complements
                .iter()
                .flat_map(|&c| self.subtree(c, &|t| self.attribution_of_its_own(t)))
                .collect();
            content.extend(self.coordinated_content(cue, &content));
            content.extend(self.lead_in_of_complement(cue, lemma, &content));
            content.sort_unstable();
            if let Some(head) = self.parenthetical_host(cue) {
                // "The bandits, he said, are ...": parsed as a relative clause on "bandits".
                let cue_tree: HashSet<usize> = self.subtree(cue, &|_| false).into_iter().collect();
                content.extend(self.subtree(head, &|t| cue_tree.contains(&t)));
                content.sort_unstable();
            }
            (content, 0.85)
        } else if (self.deprel(cue) == "parataxis" && !self.hangs_on_its_speaker(cue))
            || (self.deprel(cue) == "ccomp"
                && self.region_of[cue].is_none()
                && self.interrupts(cue))
        {
            // 2. A parenthetical attribution: the content is the clause it interrupts.
            let head = self.head(cue)?;
            let cue_tree: HashSet<usize> = self.subtree(cue, &|_| false).into_iter().collect();
            let content = self.subtree(head, &|t| cue_tree.contains(&t));
            (content, 0.75)
        } else if let Some(content) = self.closing_attribution(cue, lemma) {
            (content, 0.75)
        } else if let Some(region) = self.adjacent_region(cue) {
            // 3. Surface patterns around quotation marks the parse did not link.
            (self.region_tokens(region), 0.7)
        } else if let Some(rest) = self.rest_of_sentence(cue, lemma, subject) {
            // 4. The parse missed the complement: "X said <the rest of the sentence>".
            (rest, 0.6)
        } else {
            return subject.and_then(|s| self.phrasal_content(cue, s));
        };
        if lexicon::needs_clause(lemma) && tokens.len() < 3 {
            return None;
        }
        let tokens = self.with_clause_before_quotation(tokens, cue);
        let mut found = self.shape(&tokens, cue)?;
        found.cue = Some(cue_span);
        found.cue_lemma = Some(cue_lemma);
        found.speaker = subject;
        found.explicit = subject.is_some();
        found.confidence = confidence;
        Some(found)
    }

    /// Headlines and leads of the form "Graham: Trump's Rhetoric Destroying GOP's Chance":
    /// a line opening with a named person or organisation (or a poll, a report) and a
    /// colon; the rest of its sentence is what the source said. Lines such as "Correction:"
    /// or "Clinton: 547." name no entity or carry no clause, and are left alone.
    fn headline_colon_quotes(&self, found: &mut Vec<Found>) {
        let claimed = Claimed::new(found.iter().map(|f| f.content));
        for &line_start in &self.line_starts {
            let first = self
                .doc
                .tokens
                .partition_point(|t| t.span.start < line_start);
            let Some(colon) = (first..(first + 5).min(self.tokens()))
                .take_while(|&t| self.region_of[t].is_none())
                .find(|&t| self.lower[t] == ":")
            else {
                continue;
            };
            let sentence = self.sentence_of[first];
            if colon == first
                || self.sentence_of[colon] != sentence
                || !self.names_a_source((first, colon))
            {
                continue;
            }
            let line_end = self.line_starts
                [self.line_starts.partition_point(|&l| l <= line_start)..]
                .first()
                .copied()
                .unwrap_or(self.chars.len());
            let content_sentence = self.sentence_of.get(colon + 1).copied();
            let content: Vec<usize> = (colon + 1..self.tokens())
                .take_while(|&t| {
                    self.doc.tokens[t].span.end <= line_end
                        && Some(self.sentence_of[t]) == content_sentence
                })
                .take(MAX_SUBTREE)
                .collect();
            let words = content.iter().filter(|&&t| !self.is_punct(t)).count();
            if words < 3 {
                continue;
            }
            let Some(mut quote) = self.shape(&content, usize::MAX) else {
                continue;
            };
            if claimed.overlaps(quote.content) {
                continue;
            }
            quote.cue = Some(self.doc.tokens[colon].span);
            quote.cue_lemma = Some(":".into());
            quote.speaker = Some(((first, colon), colon - 1));
            quote.explicit = true;
            quote.confidence = 0.5;
            found.push(quote);
        }
    }

    /// Whether tokens `a..b` are one source's name: a person or organisation the
    /// recogniser found, exactly, or a word for a poll or report.
    fn names_a_source(&self, (a, b): (usize, usize)) -> bool {
        let span = self.span_of((a, b));
        let entity = self
            .doc
            .mentions
            .iter()
            .any(|m| m.span == span && matches!(m.label, EntityLabel::Per | EntityLabel::Org));
        entity || (b == a + 1 && lexicon::is_document(&self.lower[a]))
    }

    /// "In a new poll, 50 percent chose X": the poll a sentence opens with, set off by a
    /// comma, is the source of the clause after it, as with "according to" (PolNeAR
    /// annotates polls so). Only a poll the clause's verb or predicate is found in ("gains
    /// in the polls" names no finding); a poll after the clause ("X leads in the polls") is
    /// more often narration than a finding reported.
    fn in_a_poll(&self, poll: usize) -> Option<Found> {
        if self.deprel(poll) != "obl" {
            return None;
        }
        let case = self.children[poll]
            .iter()
            .copied()
            .find(|&k| k < poll && self.deprel(k) == "case" && self.lower[k] == "in")?;
        let sentence_start = self.doc.sentences[self.sentence_of[poll]].tokens.0;
        let opens_sentence = (sentence_start..case).all(|t| {
            self.is_punct(t) || matches!(self.lower[t].as_str(), "but" | "and" | "yet" | "still")
        });
        let set_off = self
            .subtree(poll, &|_| false)
            .into_iter()
            .rev()
            .find(|&t| !self.is_punct(t))
            .is_some_and(|l| self.lower.get(l + 1).is_some_and(|w| w == ","));
        if !opens_sentence || !set_off {
            return None;
        }
        let head = self.head(poll)?;
        if !matches!(self.upos(head), Some(Upos::Verb | Upos::Adj | Upos::Aux)) {
            return None;
        }
        let phrase: HashSet<usize> = self.subtree(poll, &|_| false).into_iter().collect();
        let content = self.subtree(head, &|t| phrase.contains(&t));
        if content.iter().filter(|&&t| !self.is_punct(t)).count() < 2 {
            return None;
        }
        let mut found = self.shape(&content, usize::MAX)?;
        let (start, end) = self.speaker_tokens(poll);
        found.cue = Some(self.doc.tokens[case].span);
        found.cue_lemma = Some("in a poll".into());
        found.speaker = Some(((start.max(case + 1), end), poll));
        found.explicit = true;
        found.confidence = 0.5;
        Some(found)
    }

    /// "Asked whether X, Y said", "said when asked about X": the question put to someone
    /// who then answers is a content of its own, by whoever asked ("asked by a reporter
    /// whether ...") or by nobody named. Read off the surface, as parses hang the question
    /// on the answer's verb: "asked" opening its sentence or after "when", then up to a few
    /// words (a time, "by X"), then the question from its first word to the comma before
    /// the answer (see [`View::question_goes_on`]).
    fn asked_question(&self, cue: usize) -> Option<Found> {
        if self.lower[cue] != "asked" {
            return None;
        }
        let (start, end) = self.doc.sentences[self.sentence_of[cue]].tokens;
        let before = (start..cue).rev().find(|&t| !self.is_punct(t));
        if before.is_some_and(|b| !matches!(self.lower[b].as_str(), "when" | "while" | "once")) {
            return None;
        }
        let opens_question = |t: usize| {
            matches!(
                self.lower[t].as_str(),
                "whether" | "if" | "about" | "what" | "why" | "how" | "who" | "which" | "to"
            )
        };
        let first = (cue + 1..end.min(cue + 10))
            .take_while(|&t| !self.is_punct(t) && self.region_of[t].is_none())
            .find(|&t| opens_question(t))?;
        let asker = (cue + 1..first)
            .find(|&t| self.lower[t] == "by")
            .filter(|&by| by + 1 < first)
            .map(|by| ((by + 1, first), first - 1));
        let mut last = first;
        let mut t = first + 1;
        while t < end && !matches!(self.lower[t].as_str(), ":" | ";") {
            if self.lower[t] == "," && !self.question_goes_on(t + 1, end) {
                break;
            }
            if !self.is_punct(t) {
                last = t;
            }
            t += 1;
        }
        if last == first {
            return None;
        }
        let content: Vec<usize> = (first..=last).collect();
        let mut found = self.shape(&content, cue)?;
        found.cue = Some(self.doc.tokens[cue].span);
        found.cue_lemma = Some("ask".into());
        found.speaker = asker;
        found.explicit = asker.is_some();
        found.confidence = 0.6;
        Some(found)
    }

    /// Whether the words after a comma inside a question put to someone still belong to
    /// it: a phrase without a verb (an apposition, "in the same bill"), a relative clause,
    /// or a verb going on without a subject of its own. The answer starts with its subject.
    fn question_goes_on(&self, from: usize, end: usize) -> bool {
        let Some(first) = (from..end).find(|&t| !self.is_punct(t)) else {
            return false;
        };
        let segment_end = (first..end)
            .find(|&t| matches!(self.lower[t].as_str(), "," | ":" | ";"))
            .unwrap_or(end);
        let verb = |t: usize| matches!(self.upos(t), Some(Upos::Verb | Upos::Aux));
        matches!(self.lower[first].as_str(), "which" | "who" | "whose")
            || verb(first)
            || (segment_end < end
                && self.lower[segment_end] == ","
                && !(first..segment_end).any(verb))
    }

    /// "As Politico reported Tuesday, the PAC will ...", "As reported by the Hill, X": a
    /// clause of manner opening with "as" before the main clause attributes that clause to
    /// the cue's subject, or to the author after "by" when the cue is passive. (After the
    /// main clause, "..., as officials said" is left alone: it often modifies only a part.)
    fn as_reported(&self, cue: usize) -> Option<Found> {
        let head = self.head(cue).filter(|&h| h > cue)?;
        let opens_with_as = self.children[cue]
            .iter()
            .any(|&m| m < cue && self.deprel(m) == "mark" && self.lower[m] == "as");
        let own_content = self.children[cue]
            .iter()
            .any(|&c| matches!(self.deprel(c), "ccomp" | "xcomp" | "obj"));
        if self.deprel(cue) != "advcl" || !opens_with_as || own_content {
            return None;
        }
        let cue_tree: HashSet<usize> = self.subtree(cue, &|_| false).into_iter().collect();
        let content = self.subtree(head, &|t| cue_tree.contains(&t));
        if content.iter().filter(|&&t| !self.is_punct(t)).count() < 3 {
            return None;
        }
        // Only the cue's own subject: the main clause's is what the report is about.
        let speaker = if self.child(cue, "nsubj").is_some() {
            self.subject_of(cue)
        } else {
            self.phrase_after(cue, "obl", &["by"]).map(|a| {
                let (start, end) = self.speaker_tokens(a);
                ((start + 1, end), a)
            })
        };
        let lemma = lexicon::cue_lemma(&self.lower[cue])
            .filter(|l| lexicon::attributes_beside_its_content(l))?;
        let mut found = self.shape(&content, cue)?;
        let (cue_span, cue_lemma) = self.cue_words(cue, lemma);
        found.cue = Some(cue_span);
        found.cue_lemma = Some(cue_lemma);
        found.speaker = speaker;
        found.explicit = speaker.is_some();
        found.confidence = 0.7;
        Some(found)
    }

    /// "X is expected to Y": an expectation nobody is named for. The whole clause, its
    /// subject included, is what is expected (PolNeAR annotates it so, without a source).
    fn expectation(&self, cue: usize) -> Option<Found> {
        let passive_subject = self.child(cue, "nsubj:pass")?;
        let auxiliary = self.child(cue, "aux:pass").filter(|&a| a < cue)?;
        self.child(cue, "xcomp").filter(|&x| x > cue)?;
        let clause = self.subtree(cue, &|t| {
            matches!(self.deprel(t), "parataxis" | "advcl") && t < passive_subject
        });
        let mut found = self.shape(&clause, usize::MAX)?;
        found.cue = Some(self.span_of((auxiliary, cue + 1)));
        found.cue_lemma = Some("be expected".into());
        found.confidence = 0.5;
        Some(found)
    }

    /// "X seemed to Y", "X appears unperturbed", "it appeared that X": the impression is
    /// the whole clause, its subject included, with no source (PolNeAR annotates it so);
    /// "appeared on television" is no impression (no complement).
    fn seeming(&self, cue: usize) -> Option<Found> {
        let mut found = if let Some(clause) = self
            .child(cue, "expl")
            .and_then(|_| self.clausal_content(cue))
        {
            self.shape(&clause, usize::MAX)?
        } else {
            let subject = self.child(cue, "nsubj").filter(|&s| s < cue)?;
            let complement = self.child(cue, "xcomp").filter(|&x| x > cue)?;
            // "X appeared to suggest that ...": a speech act, whose own cue has X speak.
            if lexicon::cue_lemma(&self.lower[complement]).is_some() {
                return None;
            }
            let clause = self.subtree(cue, &|t| {
                matches!(self.deprel(t), "parataxis" | "advcl")
                    || (matches!(self.deprel(t), "mark" | "cc" | "advmod" | "obl") && t < subject)
            });
            self.shape(&clause, usize::MAX)?
        };
        found.cue = Some(self.doc.tokens[cue].span);
        found.cue_lemma = Some("seem".into());
        found.confidence = 0.4;
        Some(found)
    }

    /// "The FBI is reportedly making arrangements": the clause "reportedly" modifies is a
    /// report with no named source.
    fn reportedly(&self, adverb: usize) -> Option<Found> {
        let verb = self.head(adverb)?;
        let subject = self
            .child(verb, "nsubj")
            .or_else(|| self.child(verb, "nsubj:pass"));
        // "reportedly" stays in: the gold's content is the clause as printed.
        let clause = self.subtree(verb, &|t| {
            matches!(self.deprel(t), "parataxis" | "advcl" | "mark" | "cc")
                && subject.is_none_or(|s| t < s)
        });
        let mut found = self.shape(&clause, usize::MAX)?;
        found.cue = Some(self.doc.tokens[adverb].span);
        found.cue_lemma = Some("reportedly".into());
        found.confidence = 0.4;
        Some(found)
    }

    /// The words after a speech verb whose subject precedes it, up to the end of the
    /// sentence, when they form a clause of four words or more; the addressee of "told",
    /// "asked" and "warned" and adverbials right after the verb are skipped.
    fn rest_of_sentence(
        &self,
        cue: usize,
        lemma: &str,
        subject: Option<((usize, usize), usize)>,
    ) -> Option<Vec<usize>> {
        if !lexicon::is_speech(lemma) || subject.is_none_or(|(_, s)| s > cue) {
            return None;
        }
        let end = self.doc.sentences[self.sentence_of[cue]].tokens.1;
        let mut start = cue + 1;
        let skippable = |c: usize| {
            let rel = self.full_deprel(c);
            matches!(
                rel,
                "iobj" | "obl" | "obl:tmod" | "obl:unmarked" | "advmod" | "compound:prt"
            ) || (rel == "obj" && lemma != "say")
        };
        // The addressee or adverbial without a "that" clause the parse hung on it ("told
        // the crowd that ...", "said in an interview that ..."): that clause is the content.
        let that_clause = |t: usize| {
            t > cue
                && matches!(self.deprel(t), "acl" | "ccomp" | "advcl")
                && self.head(t).and_then(|h| self.head(h)) == Some(cue)
                && self
                    .subtree(t, &|_| false)
                    .first()
                    .is_some_and(|&f| self.lower[f] == "that")
        };
        // Each skipped child's subtree is built once: its first word says whether it starts
        // the content, its last where the content then starts.
        while let Some(last) = self.children[cue]
            .iter()
            .filter(|&&c| skippable(c))
            .find_map(|&c| {
                let subtree = self.subtree(c, &that_clause);
                (subtree.first() == Some(&start)).then(|| subtree.last().copied())
            })
        {
            start = last? + 1;
        }
        let rest: Vec<usize> = (start..end.min(start + MAX_SUBTREE)).collect();
        let words = rest.iter().filter(|&&t| !self.is_punct(t)).count();
        let has_verb = rest
            .iter()
            .any(|&t| matches!(self.upos(t), Some(Upos::Verb | Upos::Aux)));
        (words >= 4 && has_verb).then_some(rest)
    }

    /// Clauses the parse hung on the cue after its content that continue the content:
    /// "said the group is not an advocacy group and supports candidates of both parties",
    /// "says she hopes to win, but she knows ...", "say they expect X, just as they did in
    /// 1992" (PolNeAR's development part takes them into the content), also with a verb of
    /// thinking or feeling ("said X and he feels Y"). A clause with a verb of saying of its
    /// own ("and added ...") or a quotation is another attribution, unless it gives a
    /// reason or condition ("said she stayed home because she feared ...").
    fn coordinated_content(&self, cue: usize, content: &[usize]) -> Vec<usize> {
        let Some(&end) = content.last() else {
            return Vec::new();
        };
        // After a direct quote, the next clause is the narrator's ("“...,” he said and left").
        let quoted = content
            .iter()
            .all(|&t| self.region_of[t].is_some() || self.is_punct(t));
        if quoted {
            return Vec::new();
        }
        self.children[cue]
            .iter()
            .copied()
            .filter(|&c| {
                c > end
                    && self.sentence_of[c] == self.sentence_of[cue]
                    && self.region_of[c].is_none()
                    && (!lexicon::cue_lemma(&self.lower[c]).is_some_and(lexicon::is_saying)
                        || self.gives_condition_or_reason(c))
                    && matches!(self.deprel(c), "conj" | "advcl")
            })
            .flat_map(|c| self.subtree(c, &|t| self.attribution_of_its_own(t)))
            .collect()
    }

    /// The start of the reported clause that the parse hung on the cue, between the cue and
    /// its complement: the subject of "said the tax cuts \"will pay for themselves\"" read as
    /// the object of "said" (which takes none), and a condition or reason opening the
    /// report ("said if elected he would ...", "said because X, Y"). Adverbials of when,
    /// where and how ("said in a statement that", "said, when asked, that") stay out.
    fn lead_in_of_complement(&self, cue: usize, lemma: &str, content: &[usize]) -> Vec<usize> {
        let Some(&start) = content.first() else {
            return Vec::new();
        };
        let opens_report = |c: usize| match self.deprel(c) {
            "obj" => lemma == "say",
            "advcl" => self.gives_condition_or_reason(c),
            _ => false,
        };
        self.children[cue]
            .iter()
            .copied()
            .filter(|&c| cue < c && c < start && opens_report(c))
            .flat_map(|c| self.subtree(c, &|_| false))
            .filter(|&t| t > cue && t < start)
            .collect()
    }

    /// Whether clause `c` opens with a subordinator of condition or reason ("if", "because").
    fn gives_condition_or_reason(&self, c: usize) -> bool {
        self.children[c].iter().any(|&m| {
            m < c && self.deprel(m) == "mark" && lexicon::is_condition_or_reason(&self.lower[m])
        })
    }

    /// A cue verb hanging off a content as a further clause (", adding that ...", ",
    /// saying ..."): the parse put it inside the clause, but it starts an attribution of its
    /// own and is no part of what was said.
    fn attribution_of_its_own(&self, t: usize) -> bool {
        if !matches!(self.deprel(t), "advcl" | "conj" | "parataxis")
            || self.upos(t) != Some(Upos::Verb)
            || self.region_of[t].is_some()
            || t == 0
        {
            return false;
        }
        // The participle after a comma; a finite "and understands ..." can share the
        // reported clause's subject and belong to it, but "and said ..." / "but added ..."
        // reports another statement ("said they found it troubling and said it leaves
        // questions unanswered").
        let participle = self.lower[t - 1] == ","
            && self.lower[t].ends_with("ing")
            && lexicon::cue_lemma(&self.lower[t]).is_some();
        let coordinated_saying = self.deprel(t) == "conj"
            && matches!(self.lower[t - 1].as_str(), "and" | "but")
            && lexicon::cue_lemma(&self.lower[t]).is_some_and(lexicon::is_saying);
        participle || coordinated_saying || self.further_act_of_speaker(t)
    }

    /// "said the party was not in crisis and urged calm", "said he hasn't read it but
    /// called it a start": a past-tense verb without a subject, coordinated with a reported
    /// clause whose verb has an auxiliary or copula, takes the tense of the past cue, not of
    /// the clause: it is the speaker's next act (the parse hung it on the wrong verb). A
    /// clause in the simple past ("said they hired ten and fired two") keeps its verbs.
    fn further_act_of_speaker(&self, t: usize) -> bool {
        let Some(reported) = self.head(t).filter(|&h| h < t && self.deprel(h) == "ccomp") else {
            return false;
        };
        let cue_in_past = self
            .head(reported)
            .is_some_and(|c| c < reported && lexicon::is_past_form(&self.lower[c]));
        let coordinated = self.children[t].iter().any(|&c| {
            c < t && self.deprel(c) == "cc" && matches!(self.lower[c].as_str(), "and" | "but")
        });
        let own_subject = self.children[t]
            .iter()
            .any(|&c| self.deprel(c).starts_with("nsubj") || self.deprel(c) == "aux");
        let reported_with_auxiliary = self.children[reported]
            .iter()
            .any(|&c| c < reported && matches!(self.deprel(c), "aux" | "cop"));
        cue_in_past
            && coordinated
            && !own_subject
            && reported_with_auxiliary
            && lexicon::is_past_form(&self.lower[t])
            && lexicon::cue_lemma(&self.lower[t]).is_some()
    }

    /// The noun a parenthetical "X, he said, ..." was misread as a relative clause of: the
    /// cue's head before it, with a comma right before the cue's subject.
    fn parenthetical_host(&self, cue: usize) -> Option<usize> {
        if !self.full_deprel(cue).starts_with("acl") {
            return None;
        }
        let head = self.head(cue).filter(|&h| h < cue)?;
        let subject = self.child(cue, "nsubj").filter(|&s| s < cue)?;
        (subject > 0 && self.lower[subject - 1] == ",").then_some(head)
    }

    /// A verb outside the cue lexicon ("barked", "shot back", "beamed") attributes a quote
    /// only in the plain surface patterns `"...," X verbed` and `X verbed: "..."`.
    fn unlisted_cue(&self, verb: usize) -> Option<Found> {
        if self.upos(verb) != Some(Upos::Verb) {
            return None;
        }
        // "went on to say": the listed verb below is the cue.
        let governs_cue = !lexicon::is_refusal(&self.lower[verb])
            && self.children[verb].iter().any(|&c| {
                self.deprel(c) == "xcomp" && lexicon::cue_lemma(&self.lower[c]).is_some()
            });
        if governs_cue {
            return None;
        }
        let subject = self.subject_of(verb)?;
        // A relative clause describes someone; it does not attribute the quote next to it.
        let in_relative_clause = self.full_deprel(verb).starts_with("acl")
            || self.head(verb).is_some_and(|h| {
                self.deprel(verb) == "xcomp" && self.full_deprel(h).starts_with("acl")
            });
        // A participle after a comma (", citing X", ", referring to X") adds to the
        // attribution before it; the quotation there is that attribution's, not its own.
        let participle_after_comma =
            verb > 0 && self.lower[verb].ends_with("ing") && self.lower[verb - 1] == ",";
        // `"...," X barked`: the quotation is the verb's object; a verb with an object or
        // a clause of its own after it ("Several leaders denounced Trump") only follows it.
        // (After an inverted verb the parse takes the subject for an object: `"...," read
        // the statement`.)
        let complemented = subject.1 < verb
            && self.children[verb]
                .iter()
                .any(|&c| c > verb && matches!(self.deprel(c), "obj" | "ccomp" | "xcomp"));
        let (tokens, confidence) = if let Some(region) = self
            .adjacent_region(verb)
            .filter(|_| !in_relative_clause && !participle_after_comma)
            .filter(|&r| {
                !complemented || self.regions[r].content.start > self.doc.tokens[verb].span.end
            }) {
            (self.region_tokens(region), 0.6)
        } else if let Some(content) = self.clausal_content(verb) {
            // Any verb with a source-like subject and a clause: "mocked that ...".
            if !self.source_like(subject.1) {
                return None;
            }
            (content, 0.45)
        } else {
            return self.phrasal_content(verb, subject);
        };
        let mut found = self.shape(&tokens, verb)?;
        found.cue = Some(self.doc.tokens[verb].span);
        found.cue_lemma = Some(self.lower[verb].clone());
        found.speaker = Some(subject);
        found.explicit = true;
        found.confidence = confidence;
        Some(found)
    }

    /// The clausal complements of `verb` (`ccomp`), as tokens.
    fn clausal_content(&self, verb: usize) -> Option<Vec<usize>> {
        let mut content: Vec<usize> = self.children[verb]
            .iter()
            .copied()
            .filter(|&c| self.deprel(c) == "ccomp" && !self.is_question_word(c))
            .flat_map(|c| self.subtree(c, &|t| self.attribution_of_its_own(t)))
            .collect();
        content.sort_unstable();
        (!content.is_empty()).then_some(content)
    }

    /// A subject that can be a source: a name, a personal pronoun or a noun, not "it",
    /// "this" or a relative pronoun.
    fn source_like(&self, head: usize) -> bool {
        matches!(self.upos(head), Some(Upos::Propn | Upos::Pron | Upos::Noun))
            && !matches!(
                self.lower[head].as_str(),
                "it" | "this" | "that" | "which" | "what" | "there" | "these" | "those"
            )
    }

    /// Content that is a phrase, not a clause: the infinitive of "vowed to fight" or the
    /// object of "praised the bill" / "called him a liar".
    fn phrasal_content(&self, verb: usize, subject: ((usize, usize), usize)) -> Option<Found> {
        if !self.source_like(subject.1) {
            return None;
        }
        let form = self.lower[verb].as_str();
        let xcomp = self.child(verb, "xcomp").filter(|&x| x > verb);
        let obj = self.child(verb, "obj").filter(|&o| o > verb);
        // A speech verb's object is its topic ("stressed those worries"), except for "say"
        // and "tell" whose objects are "it" and the addressee.
        let object_lemma = lexicon::object_lemma(form).or_else(|| {
            lexicon::cue_lemma(form)
                .filter(|l| !matches!(*l, "say" | "tell") && lexicon::object_can_be_content(l))
        });
        // "promised Sunday to ...": a day is when, not what.
        let obj = obj.filter(|&o| !lexicon::is_time_word(&self.lower[o]));
        // "warned of X", "worried about X".
        let topic = self.children[verb].iter().copied().find(|&c| {
            c > verb
                && self.deprel(c) == "obl"
                && self.children[c].iter().any(|&k| {
                    self.deprel(k) == "case"
                        && matches!(self.lower[k].as_str(), "of" | "about" | "on" | "against")
                })
        });
        let (tokens, lemma) = if let (Some(x), Some(lemma)) = (xcomp, lexicon::xcomp_lemma(form)) {
            let mut tokens = self.subtree(x, &|_| false);
            if let Some(o) = obj {
                tokens.extend(self.subtree(o, &|_| false));
                tokens.sort_unstable();
            }
            (tokens, lemma)
        } else if let (Some(o), Some(lemma)) = (obj, object_lemma) {
            let mut tokens = self.subtree(o, &|_| false);
            // What the object is called, blamed for or dismissed as belongs to the content:
            // "called him a liar", "blamed X for Y", "dismissed X as Y", "showed Trump ahead".
            let object_end = tokens.last().copied().unwrap_or(o);
            for &c in &self.children[verb] {
                if c > o && self.completes_object(c, object_end) {
                    tokens.extend(self.subtree(c, &|_| false));
                }
            }
            tokens.sort_unstable();
            tokens.dedup();
            (tokens, lemma)
        } else if let Some((t, lemma)) = topic
            .zip(object_lemma)
            .or_else(|| self.prepositional_content(verb))
        {
            let mut tokens = self.subtree(t, &|k| {
                matches!(self.deprel(k), "case" | "mark") && self.head(k) == Some(t)
            });
            self.extend_with_infinitive(verb, &mut tokens);
            (tokens, lemma)
        } else {
            return None;
        };
        let mut found = self.shape(&tokens, verb)?;
        found.cue = Some(self.doc.tokens[verb].span);
        found.cue_lemma = Some(lemma.to_string());
        found.speaker = Some(subject);
        found.explicit = true;
        found.confidence = 0.4;
        Some(found)
    }

    /// "called on Congress to act", "called for a judge to step down": the infinitive right
    /// after the phrase says what the phrase's people are to do, and that act is the
    /// demand; the phrase alone names only who is addressed or what is wanted.
    fn extend_with_infinitive(&self, verb: usize, tokens: &mut Vec<usize>) {
        let Some(&end) = tokens.last() else {
            return;
        };
        let infinitive = self.children[verb].iter().copied().find(|&c| {
            c > end
                && matches!(self.deprel(c), "advcl" | "xcomp")
                && self.children[c]
                    .iter()
                    .any(|&k| self.deprel(k) == "mark" && self.lower[k] == "to" && k == end + 1)
        });
        if let Some(c) = infinitive {
            tokens.extend(self.subtree(c, &|t| self.attribution_of_its_own(t)));
            tokens.sort_unstable();
            tokens.dedup();
        }
    }

    /// The phrase after a verb whose preposition makes it a stance ("called for X",
    /// "referred to X", "pointed to X"), with the cue's name.
    fn prepositional_content(&self, verb: usize) -> Option<(usize, &'static str)> {
        self.children[verb].iter().find_map(|&c| {
            // "called for cutting taxes": a gerund is an act wanted as a noun phrase is,
            // though the parse hangs it as a clause with its preposition as a marker.
            let gerund = self.deprel(c) == "advcl" && self.lower[c].ends_with("ing");
            if c < verb || !(self.deprel(c) == "obl" || gerund) {
                return None;
            }
            let case = self.children[c]
                .iter()
                .copied()
                .find(|&k| matches!(self.deprel(k), "case" | "mark") && k < c)?;
            lexicon::prepositional_cue(&self.lower[verb], &self.lower[case]).map(|l| (c, l))
        })
    }

    /// Whether the verb's dependent `c` says what the object is, was or did: a predicate
    /// (`xcomp`), a "for" or "as" phrase, or right after the object an adverb, a phrase of
    /// position or a "with" phrase ("shows Clinton with a lead", "shows Trump far out in
    /// front": what a poll shows is the object in that state).
    fn completes_object(&self, c: usize, object_end: usize) -> bool {
        let right_after = || self.subtree(c, &|_| false).first() == Some(&(object_end + 1));
        match self.deprel(c) {
            "xcomp" => true,
            "obl" => self.children[c].iter().any(|&k| {
                self.deprel(k) == "case"
                    && (matches!(self.lower[k].as_str(), "for" | "as")
                        || (self.lower[k] == "with" && k == object_end + 1))
            }),
            "advmod" => {
                c == object_end + 1
                    || (right_after()
                        && matches!(
                            self.lower[c].as_str(),
                            "ahead" | "behind" | "up" | "down" | "out" | "back"
                        ))
            }
            _ => false,
        }
    }

    /// A quote introduced by a colon ("X released the following statement:"), in the same
    /// paragraph or the one before: the verb the colon belongs to and its subject.
    fn colon_attribution(&self, r: usize) -> Option<Found> {
        let open = self.regions[r].content.start.checked_sub(1)?;
        let mut i = open;
        while i > 0 && self.chars[i - 1].is_whitespace() {
            i -= 1;
        }
        if i == 0 || self.chars[i - 1] != ':' {
            return None;
        }
        let colon = self.token_ending_at(i)?;
        if let Some(source) = self.source_line(colon) {
            let mut found = self.shape(&self.region_tokens(r), usize::MAX)?;
            found.cue = Some(self.doc.tokens[colon].span);
            found.cue_lemma = Some(":".into());
            found.speaker = Some(source);
            found.explicit = true;
            found.confidence = 0.6;
            return Some(found);
        }
        let verb = self
            .head(colon)
            .filter(|&h| matches!(self.upos(h), Some(Upos::Verb)))?;
        let subject = self.subject_of(verb)?;
        let mut found = self.shape(&self.region_tokens(r), verb)?;
        let lemma = lexicon::cue_lemma(&self.lower[verb])
            .map_or_else(|| self.lower[verb].clone(), String::from);
        found.cue = Some(self.doc.tokens[verb].span);
        found.cue_lemma = Some(lemma);
        found.speaker = Some(subject);
        found.explicit = true;
        found.confidence = 0.65;
        Some(found)
    }

    /// The source a paragraph opens with before `colon` when nothing else stands there: a
    /// person or organisation, with at most a title before it and an apposition after it,
    /// no verb ("Jane Roe, The Daily Planet: \"...\"", "Rep. John Doe (R-Ohio): \"...\""),
    /// as round-ups of reactions and transcripts print who said what. In a round-up the
    /// label may follow a topic and a spaced dash ("POLLS TOO EARLY - Jane Roe: \"...\"").
    fn source_line(&self, colon: usize) -> Option<((usize, usize), usize)> {
        let at = self.doc.tokens[colon].span.start;
        let line_start = self.line_starts[self.line_starts.partition_point(|&l| l <= at) - 1];
        let line_first = self
            .doc
            .tokens
            .partition_point(|t| t.span.start < line_start);
        let first = (line_first..colon)
            .rev()
            .find(|&t| self.is_spaced_dash(t))
            .map_or(line_first, |dash| dash + 1);
        let verbless = (first..colon).all(|t| {
            self.region_of[t].is_none() && !matches!(self.upos(t), Some(Upos::Verb | Upos::Aux))
        });
        if colon <= first || colon - first > NAME_WORDS + 4 || !verbless {
            return None;
        }
        let name = self.doc.mentions.iter().find(|m| {
            m.tokens.0 >= first
                && m.tokens.1 <= colon
                && matches!(m.label, EntityLabel::Per | EntityLabel::Org)
        })?;
        Some(((first, name.tokens.1), name.tokens.1 - 1))
    }

    /// A dash standing between spaces, as headings and round-ups set one apart from a name
    /// (not the hyphen of "R-Ohio").
    fn is_spaced_dash(&self, t: usize) -> bool {
        let span = self.doc.tokens[t].span;
        let spaced = |i: Option<usize>| {
            i.and_then(|i| self.chars.get(i))
                .is_some_and(|c| c.is_whitespace())
        };
        matches!(self.lower[t].as_str(), "-" | "—" | "–" | "--")
            && spaced(span.start.checked_sub(1))
            && spaced(Some(span.end))
    }

    /// The token whose span ends at code point `end`.
    fn token_ending_at(&self, end: usize) -> Option<usize> {
        let i = self.doc.tokens.partition_point(|t| t.span.end < end);
        (i < self.tokens() && self.doc.tokens[i].span.end == end).then_some(i)
    }

    /// The tokens inside region `r`, in order.
    fn region_tokens(&self, r: usize) -> Vec<usize> {
        let span = self.regions[r].content;
        let first = self
            .doc
            .tokens
            .partition_point(|t| t.span.start < span.start);
        (first..self.tokens())
            .take_while(|&t| self.doc.tokens[t].span.start < span.end)
            .filter(|&t| self.region_of[t] == Some(r))
            .collect()
    }

    /// Whether the parse hung a parenthetical cue on a name or noun outside the quotation
    /// before it: the speaker of `"...," Ramos, 58, told AFP`, read as the head of the
    /// attribution. Its phrase is who speaks, not what was said.
    fn hangs_on_its_speaker(&self, cue: usize) -> bool {
        self.head(cue).is_some_and(|h| {
            h < cue
                && self.region_of[h].is_none()
                && matches!(self.upos(h), Some(Upos::Propn | Upos::Noun | Upos::Pron))
        })
    }

    /// "..., her friend said." / "..., said the company's chief executive, John Doe." / "...,
    /// the agency reported.": a cue verb closing its sentence after a comma, which the parse hung on the clause
    /// before it as an adverbial, relative or coordinated clause. The sentence before the
    /// attribution is the content. A clause with a subordinator or a relative pronoun of
    /// its own ("..., as officials said", "..., which he said") is not an attribution of
    /// what comes before, nor is a further action of the sentence's subject (", and then
    /// said ...", ", claiming ..."); a quotation before it is left to the quotation rules.
    fn closing_attribution(&self, cue: usize, lemma: &str) -> Option<Vec<usize>> {
        let head = self.head(cue)?;
        if !lexicon::attributes_beside_its_content(lemma)
            || !matches!(self.deprel(cue), "advcl" | "acl" | "conj")
            || head > cue
            || self.region_of[head].is_some()
            || self.children[cue]
                .iter()
                .any(|&c| matches!(self.deprel(c), "mark" | "cc"))
            || self.lower[cue].ends_with("ing")
        {
            return None;
        }
        let cue_tree = self.subtree(cue, &|_| false);
        // The parse often hangs the comma before the attribution on the cue itself.
        let first = cue_tree.iter().copied().find(|&t| !self.is_punct(t))?;
        let last = *cue_tree.last()?;
        let (start, end) = self.doc.sentences[self.sentence_of[cue]].tokens;
        let after_comma = first > start && self.lower[first - 1] == ",";
        let closes_sentence = (last + 1..end).all(|t| self.is_punct(t));
        let relative = matches!(
            self.lower[first].as_str(),
            "who" | "whom" | "whose" | "which" | "that" | "what" | "where" | "when"
        );
        // After the cue only its speaker, addressee and adverbials: a clause or quotation
        // there ("..., they said, emphasizes ...") is what it reports instead.
        let reports_after = self.children[cue].iter().any(|&c| {
            c > cue
                && matches!(
                    self.deprel(c),
                    "ccomp" | "parataxis" | "conj" | "xcomp" | "advcl" | "csubj"
                )
        }) || cue_tree
            .iter()
            .any(|&t| t > cue && self.region_of[t].is_some());
        if !after_comma || !closes_sentence || relative || reports_after {
            return None;
        }
        let content: Vec<usize> = (start..first - 1).collect();
        let words = content.iter().filter(|&&t| !self.is_punct(t)).count();
        let has_verb = content
            .iter()
            .any(|&t| matches!(self.upos(t), Some(Upos::Verb | Upos::Aux)));
        (words >= 3 && has_verb).then_some(content)
    }

    /// Whether the cue sits inside the clause it attaches to, as a parenthetical would.
    fn interrupts(&self, cue: usize) -> bool {
        self.head(cue).is_some_and(|h| h < cue) && cue > 0 && self.is_punct(cue.saturating_sub(1))
            || self.children[cue]
                .iter()
                .any(|&c| c < cue && self.is_punct(c) && self.lower[c] == ",")
    }

    /// "Asked whether the debate had given him any clarity, Bone said": the parse hangs
    /// the question on "asked" as an adverbial clause; it is what was asked.
    fn asks(&self, lemma: &str, clause: usize) -> bool {
        matches!(lemma, "ask" | "wonder" | "question")
            && self.subtree(clause, &|_| false).first().is_some_and(|&f| {
                matches!(
                    self.lower[f].as_str(),
                    "whether" | "if" | "how" | "why" | "what" | "who" | "when" | "where" | "which"
                )
            })
    }

    fn is_question_word(&self, c: usize) -> bool {
        // "asked whether/why ..." is a question, still a content; but "know how to" is not.
        let sentence = self.sentence_of[c];
        !self.children[c]
            .iter()
            .any(|&k| self.sentence_of[k] == sentence)
    }

    /// "according to X": the clause around it is the content and X the speaker.
    fn according_to(&self, according: usize) -> Option<Found> {
        if self.lower.get(according + 1).map(String::as_str) != Some("to") {
            return None;
        }
        let sentence = self.sentence_of[according];
        let (start, end) = self.doc.sentences[sentence].tokens;
        let start = start.max(according.saturating_sub(MAX_SUBTREE));
        let end = end.min(according + MAX_SUBTREE);
        // The source is the noun phrase after "to": the token "according" depends on (UD
        // `case`), else the first noun after it.
        let source = self
            .head(according)
            .filter(|&h| h > according + 1 && self.sentence_of[h] == sentence)
            .or_else(|| {
                (according + 2..end)
                    .find(|&t| matches!(self.upos(t), Some(Upos::Propn | Upos::Noun | Upos::Pron)))
            })?;
        // "According to a new survey, 70% of ...": a parse that makes the source the root
        // hangs the reported clause on it; then its phrase ends at the comma after it.
        let comma = (source + 1..end)
            .find(|&t| self.lower[t] == ",")
            .filter(|_| self.head(source).is_none());
        let phrase: HashSet<usize> = self
            .subtree(source, &|t| t == according || comma.is_some_and(|c| t > c))
            .into_iter()
            .filter(|&t| comma.is_none_or(|c| t < c))
            .chain([according, according + 1])
            .collect();
        let content: Vec<usize> = (start..end).filter(|t| !phrase.contains(t)).collect();
        let mut found = self.shape(&content, according)?;
        // "according to an analysis by the Pew Research Center": who made the document.
        let source = self.author_of_document(source).unwrap_or(source);
        let (mut first, last) = self.speaker_tokens(source);
        if first <= according + 1 {
            // The speaker's words start after "according to".
            first = (according + 2).min(last - 1).max(first);
        }
        // ... and after the preposition of "by X".
        while first + 1 < last && self.deprel(first) == "case" && self.head(first) == Some(source) {
            first += 1;
        }
        found.cue = Some(self.span_of((according, according + 2)));
        found.cue_lemma = Some("according to".into());
        found.speaker = Some(((first, last), source));
        found.explicit = true;
        found.confidence = 0.7;
        Some(found)
    }

    /// The author named after a document or an exchange ("an analysis by X", "interviews
    /// with X", "a post from X"): the source behind it.
    fn author_of_document(&self, noun: usize) -> Option<usize> {
        if !lexicon::is_document(&self.lower[noun]) {
            return None;
        }
        self.phrase_after(noun, "nmod", &["by", "with", "from"])
    }

    /// The first dependent `rel` of `head` after it that one of `prepositions` introduces
    /// ("by X" after a passive cue, "with X" after "interviews").
    fn phrase_after(&self, head: usize, rel: &str, prepositions: &[&str]) -> Option<usize> {
        self.children[head].iter().copied().find(|&c| {
            c > head
                && self.deprel(c) == rel
                && self.children[c].iter().any(|&k| {
                    self.deprel(k) == "case" && prepositions.contains(&self.lower[k].as_str())
                })
        })
    }

    /// The name a post-nominal title follows ("Tom Roe, QC, said", "John Doe Jr."): the
    /// parse sometimes takes the title for the subject; the person is the name before it.
    fn name_before_post_nominal(&self, subject: usize) -> Option<usize> {
        (self.is_post_nominal(subject)
            && subject >= 2
            && self.lower[subject - 1] == ","
            && self.upos(subject - 2) == Some(Upos::Propn)
            && self.region_of[subject - 2].is_none())
        .then(|| {
            // The name's head: UD hangs "Roe" of "Tom Roe" on "Tom" as `flat`.
            let last = subject - 2;
            let flat_head = self.head(last).filter(|_| self.deprel(last) == "flat");
            flat_head.unwrap_or(last)
        })
    }

    fn is_post_nominal(&self, t: usize) -> bool {
        matches!(
            self.lower[t].trim_end_matches('.'),
            "qc" | "kc" | "sc" | "mp" | "jr" | "sr" | "phd" | "md" | "esq" | "obe" | "mbe" | "cbe"
        )
    }

    /// "Warren, who has not endorsed anyone, told reporters": the parse joins the cue to
    /// the relative clause's verb as a conjunct, so the cue seems to share the relative
    /// pronoun as subject. A conjunct after a comma with no "and" is the main verb resuming
    /// after the clause; its subject is the noun the clause describes. ("who came out and
    /// endorsed" is a real conjunct: the pronoun is its subject.)
    fn antecedent_of_closed_relative(
        &self,
        subject: usize,
        verb: usize,
        cue: usize,
    ) -> Option<usize> {
        let resumes = verb != cue
            && self.deprel(cue) == "conj"
            && self.head(cue) == Some(verb)
            && self.child(cue, "cc").is_none()
            && self.lower[cue - 1] == ",";
        (resumes
            && matches!(self.lower[subject].as_str(), "who" | "which")
            && self.full_deprel(verb) == "acl:relcl")
            .then(|| self.head(verb))
            .flatten()
            .filter(|&h| {
                h < subject
                    && matches!(self.upos(h), Some(Upos::Noun | Upos::Propn))
                    && self.region_of[h].is_none()
            })
    }

    /// The speaker: the cue's subject, or the subject of the verb it continues ("went on
    /// to say", "and added", "..., saying").
    fn subject_of(&self, cue: usize) -> Option<((usize, usize), usize)> {
        let mut verb = self.reporting_verb_continued(cue).unwrap_or(cue);
        for _ in 0..3 {
            if let Some(s) = self.closest_subject(verb, cue) {
                if self.region_of[s].is_some() {
                    // A speaker is never inside the quotation: the parse took a word of the
                    // quote for the subject ("...," said Devine, suggesting ...).
                    return self.adjacent_subject(cue);
                }
                let s = self
                    .antecedent_of_closed_relative(s, verb, cue)
                    .or_else(|| self.name_before_post_nominal(s))
                    .or_else(|| self.name_after_dateline(s))
                    .unwrap_or(s);
                return Some((self.speaker_tokens(s), s));
            }
            // A passive ("it was said") has no speaker; a passive subject after the verb is
            // the parse's misreading of an inverted one ("...," said Rep. X (D-Calif.), one
            // of the negotiators).
            let passive = self.child(verb, "nsubj:pass").is_some_and(|s| s < verb);
            if passive || self.child(verb, "expl").is_some() {
                return None;
            }
            match self.deprel(verb) {
                "xcomp" | "conj" | "advcl" => verb = self.head(verb)?,
                // "X questioned ...; blamed ...; and said ...": a list of verbs sharing the
                // first one's subject, which the parse chains as parataxis. (The cue itself as
                // parataxis is an attribution inside its content: its subject is its own.)
                "parataxis" if verb != cue => verb = self.head(verb).filter(|&h| h < verb)?,
                // "X released a statement, saying ...": the participle hangs off the object;
                // the speaker is the subject of the verb that object belongs to.
                "acl"
                    if self.full_deprel(verb) == "acl"
                        && self.lower[verb].ends_with("ing")
                        && verb > 0
                        && self.lower[verb - 1] == "," =>
                {
                    verb = self.head(self.head(verb)?)?
                }
                "acl" if verb == cue => {
                    if let Some(speaker) = self.noun_of_participle(cue) {
                        return Some(speaker);
                    }
                    break;
                }
                _ => break,
            }
        }
        self.participle_speaker(cue)
            .or_else(|| self.adjacent_subject(cue))
    }

    /// The speaker of a participle that modifies a noun without a comma ("staff members
    /// suggesting ...", "evidence showing ...", "a statement saying ..."): the noun, or for
    /// a document given out by someone ("issued a statement saying") whoever gave it.
    fn noun_of_participle(&self, cue: usize) -> Option<((usize, usize), usize)> {
        let noun = self.head(cue).filter(|&h| {
            h < cue
                && self.full_deprel(cue) == "acl"
                && self.lower[cue].ends_with("ing")
                && self.lower[cue - 1] != ","
                && matches!(self.upos(h), Some(Upos::Noun | Upos::Propn))
                && self.region_of[h].is_none()
                // Not a phrase inside a prepositional one ("in a statement announcing").
                && self.child(h, "case").is_none()
                // A reported clause, not an object ("the unusual step of criticizing X").
                && self.child(cue, "ccomp").is_some()
        })?;
        let issuer = (lexicon::is_document(&self.lower[noun]) && self.deprel(noun) == "obj")
            .then(|| self.head(noun))
            .flatten()
            .and_then(|v| self.closest_subject(v, v))
            .filter(|&s| self.region_of[s].is_none());
        let speaker = issuer.unwrap_or(noun);
        Some((self.speaker_tokens(speaker), speaker))
    }

    /// The speaker of a participle after a comma (", adding ...", ", saying ...") that the
    /// parse hung on a noun or on the quoted clause: whoever speaks in the clause before it,
    /// the subject of the nearest speech verb back in the sentence, else of the sentence's
    /// root ("Nefzi said, adding, ...", "Clinton tried to expand on it, saying ...").
    fn participle_speaker(&self, cue: usize) -> Option<((usize, usize), usize)> {
        if !self.lower[cue].ends_with("ing") {
            return None;
        }
        let before = (0..cue)
            .rev()
            .find(|&t| !self.lower[t].chars().all(marks::is_mark))?;
        if self.lower[before] != "," {
            return None;
        }
        let sentence = self.sentence_of[cue];
        let start = self.doc.sentences[sentence].tokens.0;
        let subject_before = |verb: usize| {
            self.closest_subject(verb, verb)
                .filter(|&s| s < verb && self.region_of[s].is_none())
        };
        // An inverted attribution names its speaker after the verb ("...," said Jane Roe,
        // adding that ...).
        let inverted_before = |verb: usize| {
            self.adjacent_subject(verb)
                .filter(|&(_, s)| s > verb && s < before)
        };
        let speech_verb = (start.max(cue.saturating_sub(60))..before)
            .rev()
            .filter(|&t| self.region_of[t].is_none())
            .find_map(|t| {
                lexicon::cue_lemma(&self.lower[t])?;
                subject_before(t)
                    .map(|s| (self.speaker_tokens(s), s))
                    .or_else(|| inverted_before(t))
            });
        let root = || {
            (start..before)
                .find(|&t| self.head(t).is_none() && self.region_of[t].is_none())
                .and_then(subject_before)
        };
        speech_verb.or_else(|| root().map(|s| (self.speaker_tokens(s), s)))
    }

    /// The cue verb an "and added ..." / ", adding ..." continues when the parse hung it on
    /// the verb of the reported clause instead ("Lazar said he welcomed extradition and
    /// added, ..."): the report is the reporter's, as [`View::attribution_of_its_own`]
    /// already cuts it from the clause before.
    fn reporting_verb_continued(&self, cue: usize) -> Option<usize> {
        let saying = lexicon::cue_lemma(&self.lower[cue]).is_some_and(lexicon::is_saying);
        let continues = match self.deprel(cue) {
            "conj" => true,
            "advcl" => cue > 0 && self.lower[cue].ends_with("ing") && self.lower[cue - 1] == ",",
            _ => false,
        };
        if !(saying || self.further_act_of_speaker(cue)) || !continues {
            return None;
        }
        let reported = self
            .head(cue)
            .filter(|&h| h < cue && self.deprel(h) == "ccomp")?;
        self.head(reported)
            .filter(|&outer| outer < reported && lexicon::cue_lemma(&self.lower[outer]).is_some())
    }

    /// The name the parse hung on a story's dateline as its apposition, when it took the
    /// dateline for the subject: "WASHINGTON — Sen. Jane Roe (R-Iowa) said ...". A dateline
    /// opens its paragraph in capitals and ends at a dash; a place never speaks there.
    fn name_after_dateline(&self, subject: usize) -> Option<usize> {
        let start = self.doc.tokens[subject].span.start;
        let opens_paragraph = self.line_starts.binary_search(&start).is_ok();
        let word = self.text(self.doc.tokens[subject].span);
        let capitals = word.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !word.chars().any(char::is_lowercase);
        let dash = (subject + 1..(subject + 8).min(self.tokens()))
            .find(|&t| matches!(self.lower[t].as_str(), "—" | "–" | "--"))?;
        if !(opens_paragraph && capitals) {
            return None;
        }
        self.children[subject]
            .iter()
            .copied()
            .find(|&c| c > dash && self.deprel(c) == "appos")
    }

    /// The word before a time phrase ("last week", "on Tuesday") and a bracketed tag
    /// ("(D-Calif.)") that stand right before `cue`, when there is at least one of them.
    fn name_before_tag_and_time(&self, cue: usize) -> Option<usize> {
        let mut t = cue.checked_sub(1)?;
        let time_word = |t: usize| {
            lexicon::is_time_word(&self.lower[t])
                || matches!(self.lower[t].as_str(), "last" | "this" | "on" | "earlier")
        };
        while t > 0 && time_word(t) && cue - t <= 4 {
            t -= 1;
        }
        if self.lower[t] == ")" {
            let open = (t.saturating_sub(8)..t)
                .rev()
                .find(|&o| self.lower[o] == "(")?;
            t = open.checked_sub(1)?;
        }
        (t + 1 < cue).then_some(t)
    }

    /// When the parse gives the cue no subject: the name or pronoun right before it ("...,"
    /// Devine said), else the one right after it ("...," said Mr. Ekovich). After a quote
    /// and a comma the subject can be any noun phrase ("...," says a narrator), which parses
    /// read as an object; never the addressee of "told" or "asked".
    fn adjacent_subject(&self, cue: usize) -> Option<((usize, usize), usize)> {
        let sentence = self.sentence_of[cue];
        let usable = |t: usize| {
            t < self.tokens()
                && t != cue
                && self.in_cue_sentence(cue, t)
                && self.region_of[t].is_none()
                && !lexicon::is_time_word(&self.lower[t])
        };
        let nominal = |t: usize| {
            usable(t)
                && (matches!(self.upos(t), Some(Upos::Propn))
                    || matches!(self.lower[t].as_str(), "he" | "she" | "they" | "i" | "we"))
        };
        // The name run around `head`, a few words at most.
        let run = |head: usize| {
            let mut a = head;
            while a > 0 && head - a < NAME_WORDS && nominal(a - 1) {
                a -= 1;
            }
            ((a, head + 1), head)
        };
        // "42% say ...", "about two-thirds, 67 percent, say ...": the parse reads the share
        // of those polled as an adverbial of the cue (and "%" as punctuation, which makes
        // the cue look inverted); the share right before the cue is who says.
        let before = if cue > 1 && self.lower[cue - 1] == "," {
            cue - 2
        } else {
            cue.saturating_sub(1)
        };
        if cue > 0 && usable(before) && matches!(self.lower[before].as_str(), "%" | "percent") {
            // The sign ends the phrase even though it is punctuation ("42%", not "42").
            let (start, _) = self.speaker_tokens(before);
            return Some(((start, before + 1), before));
        }
        if cue > 0 && nominal(cue - 1) {
            return Some(run(cue - 1));
        }
        // "Jane Roe (D-Calif.) last week said": a party tag and a time phrase between the
        // name and the cue, which the parse took for the subject ("week").
        if let Some(name) = self.name_before_tag_and_time(cue).filter(|&t| nominal(t)) {
            return Some(run(name));
        }
        // The tagger misread the word before the cue ("Cook/VERB said", "Jolly/ADV said",
        // "aides/AUX said") or one before its subject ("Leading/VERB strategists say"), so
        // the parse gave the cue no subject: a capitalised word, a source noun or any noun
        // right before a listed cue is still who speaks.
        if cue > 0 && usable(cue - 1) {
            let noun_before_cue = self.upos(cue - 1) == Some(Upos::Noun)
                && lexicon::cue_lemma(&self.lower[cue]).is_some();
            let word = &self.lower[cue - 1];
            let text = self.text(self.doc.tokens[cue - 1].span);
            let capitalised = text.chars().next().is_some_and(char::is_uppercase)
                && text
                    .chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
                && !lexicon::is_function_word(word);
            if capitalised || noun_before_cue || lexicon::is_anonymous_head(word) {
                return Some(run(cue - 1));
            }
        }
        if let Some(name) = self
            .name_before_apposition(cue, &nominal)
            .or_else(|| self.name_before_relative_clause(cue, &nominal))
        {
            return Some(run(name));
        }
        let lemma = lexicon::cue_lemma(&self.lower[cue]);
        let addressed = lemma.is_some_and(lexicon::takes_addressee);
        // A subject follows its verb only in inversion: after a quote and a comma, or at
        // the start of the sentence ("Said Trump: ..."); elsewhere the name after a verb is
        // its object ("praised Saddam Hussein").
        let sentence_start = self.doc.sentences[sentence].tokens.0;
        // A participle after a comma (", saying X", ", posting X") is never inverted: what
        // follows it is its object.
        let participle = self.lower[cue].ends_with("ing");
        let inverted = !participle && (cue == sentence_start || self.is_punct(cue - 1));
        // Right after a closing quotation mark, "asked X" names who asked, not whom.
        let asked_after_quote =
            cue > 0 && self.lower[cue - 1].chars().all(marks::is_mark) && lemma == Some("ask");
        if (addressed && !asked_after_quote) || !inverted || !usable(cue + 1) {
            return None;
        }
        if nominal(cue + 1) {
            let mut head = cue + 1;
            while head + 1 - cue < NAME_WORDS && nominal(head + 1) {
                head += 1;
            }
            return Some(((cue + 1, head + 1), head));
        }
        if let Some(speaker) = self.inverted_dependent(cue) {
            return Some(speaker);
        }
        // "...," says a narrator / said the former governor of Utah.
        let phrase_word = |t: usize| {
            usable(t)
                && matches!(
                    self.upos(t),
                    Some(Upos::Det | Upos::Adj | Upos::Noun | Upos::Propn | Upos::Num)
                )
        };
        let end = (cue + 1..(cue + 1 + NAME_WORDS).min(self.tokens()))
            .find(|&t| !phrase_word(t))
            .unwrap_or((cue + 1 + NAME_WORDS).min(self.tokens()));
        let head = (cue + 1..end)
            .rev()
            .find(|&t| matches!(self.upos(t), Some(Upos::Noun | Upos::Propn)))?;
        Some(((cue + 1, head + 1), head))
    }

    /// The noun phrase right after an inverted cue that the parse hung on it as an object,
    /// an apposition or a predicate ("...," said another leading advocate, "...," said one
    /// of the advisers, who ...): its phrase, without clauses, when it starts right after
    /// the cue.
    fn inverted_dependent(&self, cue: usize) -> Option<((usize, usize), usize)> {
        let head = self.children[cue].iter().copied().find(|&d| {
            d > cue
                && matches!(self.deprel(d), "obj" | "nsubj" | "appos" | "xcomp" | "iobj")
                && matches!(
                    self.upos(d),
                    Some(Upos::Noun | Upos::Propn | Upos::Num | Upos::Adj)
                )
                && self.region_of[d].is_none()
        })?;
        let tokens = self.speaker_tokens(head);
        (tokens.0 == cue + 1).then_some((tokens, head))
    }

    /// Whether token `t` is in the cue's sentence, or in the sentence before when the
    /// splitter cut right before a lower-case cue ("Sen. Mitch McConnell (R-Ky.) | said"):
    /// no sentence starts with "said".
    fn in_cue_sentence(&self, cue: usize, t: usize) -> bool {
        let sentence = self.sentence_of[cue];
        if self.sentence_of[t] == sentence {
            return true;
        }
        let split_before_cue = sentence > 0
            && sentence != usize::MAX
            && self.doc.sentences[sentence].tokens.0 == cue
            && self
                .chars
                .get(self.doc.tokens[cue].span.start)
                .is_some_and(|c| c.is_lowercase());
        split_before_cue && self.sentence_of[t] == sentence - 1
    }

    /// The last word of a name separated from the cue by an apposition or a parenthesis
    /// ("Paul Ryan, the convention chair, told", "Sarandon, 69, told", "Mitch McConnell
    /// (R-Ky.) said"): the words between are a noun phrase, with no verb or quotation.
    fn name_before_apposition(&self, cue: usize, nominal: &dyn Fn(usize) -> bool) -> Option<usize> {
        if cue == 0 || !matches!(self.lower[cue - 1].as_str(), "," | ")") {
            return None;
        }
        // Inside a parenthesis ("(R-OH)") the tagger's word classes are no guide: a party
        // letter read as an auxiliary is still an affiliation.
        let mut in_parenthesis = false;
        for t in (cue.saturating_sub(NAME_WORDS + 4)..cue - 1).rev() {
            match self.lower[t].as_str() {
                ")" => in_parenthesis = true,
                "(" => in_parenthesis = false,
                _ => {}
            }
            let inside_apposition = self.in_cue_sentence(cue, t)
                && self.region_of[t].is_none()
                && !self.lower[t].chars().any(marks::is_mark)
                && (in_parenthesis
                    || !matches!(self.upos(t), Some(Upos::Verb | Upos::Aux | Upos::Sconj)));
            if !inside_apposition {
                return None;
            }
            // "Tom Roe, QC, said": the title after the name is part of the apposition.
            if nominal(t)
                && matches!(self.lower[t + 1].as_str(), "," | "(")
                && !self.is_post_nominal(t)
            {
                return Some(t);
            }
        }
        None
    }

    /// The last word of a name separated from the cue by a relative clause ("Mr. Cruz,
    /// whose finish was seen as a disappointment, said"), which the parse often leaves the
    /// cue without a subject for.
    fn name_before_relative_clause(
        &self,
        cue: usize,
        nominal: &dyn Fn(usize) -> bool,
    ) -> Option<usize> {
        if cue < 4 || self.lower[cue - 1] != "," {
            return None;
        }
        let sentence = self.sentence_of[cue];
        for t in (cue.saturating_sub(40).max(2)..cue - 1).rev() {
            if self.sentence_of[t] != sentence || self.region_of[t].is_some() {
                return None;
            }
            if matches!(self.lower[t].as_str(), "who" | "whose") && self.lower[t - 1] == "," {
                return nominal(t - 2).then_some(t - 2);
            }
        }
        None
    }

    /// The speaker's words: the subject's phrase without clauses, appositions and
    /// punctuation hanging off it.
    pub fn speaker_tokens(&self, head: usize) -> (usize, usize) {
        // Modifiers after the head that are not part of a name or role ("on Friday",
        // "in a statement") are left out; "of"/"for" phrases stay ("a spokesman for X"),
        // and so does a name the parse hung on a role noun without a preposition
        // ("coauthor Jane Roe"), also as a close apposition (no comma between).
        let close_name = |t: usize| {
            t > head
                && self.upos(t) == Some(Upos::Propn)
                && (head + 1..t).all(|k| !self.is_punct(k))
        };
        let tokens = self.subtree(head, &|t| {
            t != head
                && (matches!(
                    self.deprel(t),
                    "acl" | "parataxis" | "advcl" | "cc" | "conj" | "obl"
                ) || (self.deprel(t) == "appos" && !close_name(t))
                    || (self.deprel(t) == "nmod"
                        && t > head
                        && (!close_name(t)
                            || self.full_deprel(t) != "nmod"
                            || self.children[t].iter().any(|&c| self.deprel(c) == "case"))
                        && !self.children[t]
                            .iter()
                            .any(|&c| matches!(self.lower[c].as_str(), "of" | "for" | "at"))))
        });
        // Contiguous around the head.
        let mut a = head;
        while a > 0 && tokens.binary_search(&(a - 1)).is_ok() {
            a -= 1;
        }
        let mut b = head + 1;
        while tokens.binary_search(&b).is_ok() {
            b += 1;
        }
        while b > a + 1 && self.is_punct(b - 1) {
            b -= 1;
        }
        while a + 1 < b && self.is_punct(a) {
            a += 1;
        }
        (a, b)
    }

    /// "went on to say" and phrasal cues ("pointed out") as one span, with a lemma.
    fn cue_words(&self, cue: usize, lemma: &str) -> (Span, String) {
        let mut start = cue;
        let mut end = cue + 1;
        let mut words = lemma.to_string();
        if let Some(prt) = self.child(cue, "compound:prt").filter(|&p| p == cue + 1) {
            end = prt + 1;
            words = format!("{lemma} {}", self.lower[prt]);
        }
        // went on to say / goes on to say
        if cue >= 3 && self.lower[cue - 1] == "to" && self.lower[cue - 2] == "on" {
            if let Some("go" | "went" | "goes" | "going" | "gone") =
                Some(self.lower[cue - 3].as_str())
            {
                start = cue - 3;
                words = format!("go on to {lemma}");
            }
        }
        (self.span_of((start, end)), words)
    }

    /// A quoted region right next to the cue's clause in the same sentence: `"...," X
    /// said` or `X said: "..."` (also across a sentence break for the colon form).
    fn adjacent_region(&self, cue: usize) -> Option<usize> {
        if let Some(r) = self.quotation_closed_before(cue) {
            return Some(r);
        }
        let sentence = self.sentence_of[cue];
        let end = self.doc.sentences[sentence].tokens.1;
        // Before: closest region ending before the cue, with only a few words between, in
        // the same paragraph (the splitter may have cut `"...." X said.` after the quote).
        let same_line = |t: usize| {
            let from = self.doc.tokens[t].span.end.min(self.chars.len());
            let to = self.doc.tokens[cue].span.start.min(self.chars.len());
            !self.chars[from.min(to)..to].contains(&'\n')
        };
        let before = (0..cue)
            .rev()
            .take(8)
            .take_while(|&t| same_line(t))
            .find_map(|t| self.region_of[t]);
        let after = (cue + 1..(end + 4).min(self.tokens()))
            .take(10)
            .find_map(|t| self.region_of[t]);
        let words_between = |a: usize, b: usize| {
            (a..b)
                .filter(|&t| !self.is_punct(t) && self.region_of[t].is_none())
                .count()
        };
        if let Some(r) = after {
            let first = (cue..self.tokens()).find(|&t| self.region_of[t] == Some(r))?;
            let colon_or_comma = (cue..first).any(|t| matches!(self.lower[t].as_str(), ":" | ","));
            // A full stop between them ends the cue's sentence: the quotation after it opens
            // a new one ("after the growth cooled, the borrowing went on. '...'").
            let sentence_ended =
                (cue..first).any(|t| matches!(self.lower[t].as_str(), "." | "!" | "?"));
            if colon_or_comma
                && !sentence_ended
                && words_between(cue + 1, first) <= 5
                && self.is_speech(r)
            {
                return Some(r);
            }
        }
        let r = before?;
        let last = (0..cue).rev().find(|&t| self.region_of[t] == Some(r))?;
        (words_between(last + 1, cue) <= 4 && self.is_speech(r) && self.opens_sentence(r))
            .then_some(r)
    }

    /// `"...," X said`: a quotation that closes a clause with only the speaker's phrase
    /// between it and the cue is what the cue attributes, however long that phrase ("“...,”
    /// Jane Roe, a former aide to the governor, said"). It comes before a
    /// quoted phrase after the cue, which is then a title or a phrase of the narrator's
    /// ("said Jane Roe, author of “The Long Road,” a memoir").
    fn quotation_closed_before(&self, cue: usize) -> Option<usize> {
        self.quotation_before_attribution(cue)
            .filter(|&r| self.is_speech(r) && self.opens_sentence(r))
    }

    /// The quotation closing a clause right before the cue with only the speaker's phrase
    /// between them, wherever it starts.
    fn quotation_before_attribution(&self, cue: usize) -> Option<usize> {
        let cue_start = self.doc.tokens[cue].span.start;
        let last = (0..cue)
            .rev()
            .take(ATTRIBUTION_TOKENS)
            .take_while(|&t| !self.chars[self.doc.tokens[t].span.end..cue_start].contains(&'\n'))
            .find(|&t| self.region_of[t].is_some())?;
        let r = self.region_of[last]?;
        // The phrase the first word after the quotation belongs to ("one" of "one user"),
        // which the cue may hang in ("“...,” Jane Roe, who has not endorsed anyone, told
        // reporters").
        let in_gap = |t: usize| t > last && t < cue;
        let speaker: HashSet<usize> = (last + 1..cue)
            .find(|&t| !self.is_punct(t))
            .map(|mut s| {
                for _ in 0..ATTRIBUTION_TOKENS {
                    match self.head(s).filter(|&h| in_gap(h)) {
                        Some(h) => s = h,
                        None => break,
                    }
                }
                self.subtree(s, &|t| t == cue).into_iter().collect()
            })
            .unwrap_or_default();
        let only_speaker = (last + 1..cue).all(|t| self.is_punct(t) || speaker.contains(&t));
        (only_speaker && self.closes_clause(r)).then_some(r)
    }

    /// `He would win "no matter what," one voter said`: a content that is only a quotation
    /// ending a clause it does not open, right before its attribution, is that clause from
    /// its start; the quoted words are a part of what was reported.
    fn with_clause_before_quotation(&self, tokens: Vec<usize>, cue: usize) -> Vec<usize> {
        let Some(r) = self
            .quotation_before_attribution(cue)
            .filter(|&r| !self.opens_sentence(r) && !self.follows_colon(r))
        else {
            return tokens;
        };
        let quoted_only = tokens
            .iter()
            .all(|&t| self.is_punct(t) || self.region_of[t] == Some(r));
        let Some(&first) = self.region_tokens(r).first() else {
            return tokens;
        };
        let Some(&last) = tokens.iter().rev().find(|&&t| self.region_of[t] == Some(r)) else {
            return tokens;
        };
        if !quoted_only {
            return tokens;
        }
        let start = self.doc.sentences[self.sentence_of[first]].tokens.0;
        (start..=last).collect()
    }

    /// Whether region `r` is closed and ends on `,` `.` `!` `?` or `…`: a quoted clause
    /// whose sentence the narrator's words after it do not continue.
    fn closes_clause(&self, r: usize) -> bool {
        let region = self.regions[r];
        region.closed
            && self.chars[region.content.start..region.content.end]
                .iter()
                .rev()
                .find(|c| !c.is_whitespace())
                .is_some_and(|c| matches!(c, ',' | '.' | '!' | '?' | '…'))
    }

    /// The content without a non-restrictive relative clause at its end ("said he supports
    /// the final bill, which includes ..."): the narrator's aside about a word of the
    /// content, which PolNeAR's development part mostly leaves out. The suffix after the
    /// comma must be that one clause, outside quotation marks. (Other asides after a
    /// comma, such as participles, "and ..." clauses and appositions, were tried: the gold
    /// takes them in about as often as not.)
    fn without_trailing_relative_clause(&self, tokens: &[usize], cue: usize) -> Vec<usize> {
        let mut end = tokens.len();
        // Only the last few commas: an aside closes the content, and a bound keeps a
        // thousand-token content with a comma every few words linear.
        let mut commas_seen = 0;
        for k in (1..tokens.len()).rev() {
            let comma = tokens[k];
            if self.lower[comma] != "," || self.region_of[comma].is_some() {
                continue;
            }
            commas_seen += 1;
            if commas_seen > 4 {
                break;
            }
            let suffix = &tokens[k + 1..end];
            if suffix.is_empty() || suffix.iter().any(|&t| self.region_of[t].is_some()) {
                continue;
            }
            let mut roots = suffix.iter().copied().filter(|&t| {
                self.head(t)
                    .is_none_or(|h| suffix.binary_search(&h).is_err())
            });
            let (Some(root), None) = (roots.next(), roots.next()) else {
                continue;
            };
            let attached_before = self.head(root).is_some_and(|h| h < comma || h == cue);
            if attached_before && self.full_deprel(root) == "acl:relcl" {
                end = k;
            }
        }
        tokens[..end].to_vec()
    }

    /// A content that opens with a quotation ends with its last quotation when that closes
    /// a clause (`,`, `.`, `!`, `?` before the mark): the words after it are the narrator's,
    /// the attribution and its asides ("“...,” said X, a former aide who ...", "“...,” she
    /// said, before ..."), which the parse hung on the quoted clause. A quoted phrase
    /// without such punctuation ("“the economy” is growing") is part of a longer clause.
    /// When the narration after the first quotation holds an attribution of its own ("“...,”
    /// said X, who added that ... “...”", "“...,” she said, meaning that ..."), the content
    /// ends with that first quotation: what follows is reported by the other cue.
    fn without_narration_after_quote(&self, words: Vec<usize>) -> Vec<usize> {
        let opens_quoted = words.first().is_some_and(|&t| self.region_of[t].is_some());
        if let Some(first) = words.first().and_then(|&t| self.region_of[t]) {
            let first_end = words
                .iter()
                .position(|&t| self.region_of[t] != Some(first))
                .unwrap_or(words.len());
            let attributed_again = words[first_end..].iter().any(|&t| {
                self.region_of[t].is_none()
                    && self.upos(t) == Some(Upos::Verb)
                    && lexicon::cue_lemma(&self.lower[t]).is_some()
            });
            if attributed_again && self.closes_clause(first) {
                return words[..first_end].to_vec();
            }
        }
        let Some((last, r)) = words
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, &t)| self.region_of[t].map(|r| (i, r)))
        else {
            return words;
        };
        if opens_quoted && self.closes_clause(r) {
            words[..=last].to_vec()
        } else {
            words
        }
    }

    /// Turns content tokens into a quote: punctuation trimmed, pieces found, quotation marks
    /// decide the kind and direct content snaps to its marks.
    fn shape(&self, tokens: &[usize], cue: usize) -> Option<Found> {
        let tokens = self.without_trailing_relative_clause(tokens, cue);
        let words: Vec<usize> = tokens
            .iter()
            .copied()
            .filter(|&t| !self.is_punct(t))
            .filter(|&t| t != cue)
            .collect();
        let (&first, _) = words.split_first()?;
        // Drop a leading complementiser: the content of "said that X" is X.
        // (The parse sometimes hangs the complementiser as the verb's object: its tag still
        // tells.)
        let complementiser = self.lower[first] == "that"
            && (self.deprel(first) == "mark" || self.upos(first) == Some(Upos::Sconj));
        let words: Vec<usize> = if complementiser {
            words[1..].to_vec()
        } else {
            words
        };
        let words = self.without_narration_after_quote(words);
        if words.is_empty() {
            return None;
        }
        let quoted = words
            .iter()
            .filter(|&&t| self.region_of[t].is_some())
            .count();
        let mut regions: Vec<usize> = words.iter().filter_map(|&t| self.region_of[t]).collect();
        regions.dedup();
        let kind = if quoted == 0 {
            QuoteKind::Indirect
        } else if quoted == words.len() && !complementiser {
            // `said that "..."` reports the quoted words as a clause: mixed, not direct.
            QuoteKind::Direct
        } else {
            QuoteKind::Mixed
        };
        // Pieces: runs of content words separated by words that are not content.
        let mut parts: Vec<Span> = Vec::new();
        if kind == QuoteKind::Direct {
            parts = regions.iter().map(|&r| self.regions[r].content).collect();
        } else {
            let mut run_start = words[0];
            let mut previous = words[0];
            for &t in &words[1..] {
                let gap_has_words = (previous + 1..t).any(|g| !self.is_punct(g));
                if gap_has_words {
                    parts.push(self.span_of((run_start, previous + 1)));
                    run_start = t;
                }
                previous = t;
            }
            parts.push(self.span_of((run_start, previous + 1)));
            // A quoted region that starts inside the content runs to its closing mark.
            if let Some(last) = parts.last_mut() {
                if let Some(&r) = regions.last() {
                    let region = self.regions[r].content;
                    if region.start < last.end && region.end > last.end {
                        last.end = region.end;
                    }
                }
            }
        }
        let content = Span::new(parts.first()?.start, parts.last()?.end);
        if parts.len() == 1 {
            parts.clear();
        }
        Some(Found {
            content,
            parts,
            kind,
            cue: None,
            cue_lemma: None,
            speaker: None,
            explicit: false,
            confidence: 0.0,
            regions,
        })
    }

    /// Quoted regions no cue claimed: the next part of a long quote, the next quoted
    /// sentence after an attribution, or (if long enough to be speech rather than a title
    /// or a scare quote) the quote right after an attributed one in the same or the next
    /// paragraph. The speaker is carried over, marked as inferred.
    fn attribute_leftover_regions(&self, found: &mut Vec<Found>, used: &mut [bool]) {
        // Each region's attribution is the one `dedup` will keep: the strongest rule's, of
        // equals the first. A verb after the cue ("...," X said as she accepted her award)
        // also reaches back to the quotation, and a continuation must not inherit it.
        let mut by_region: Vec<Option<usize>> = vec![None; self.regions.len()];
        for (i, f) in found.iter().enumerate() {
            for &r in &f.regions {
                if by_region[r].is_none_or(|b| f.confidence > found[b].confidence) {
                    by_region[r] = Some(i);
                }
            }
        }
        let claimed = Claimed::new(found.iter().map(|f| f.content));
        for r in 0..self.regions.len() {
            let region = self.regions[r];
            let inside_a_quote = claimed.overlaps(region.content);
            if used[r] || inside_a_quote || !self.is_speech(r) {
                continue;
            }
            if let Some(q) = self.colon_attribution(r) {
                used[r] = true;
                found.push(q);
                by_region[r] = Some(found.len() - 1);
                continue;
            }
            if !(region.continues || self.opens_sentence(r)) || self.is_subheading(r) {
                continue;
            }
            let previous = (0..r)
                .rev()
                .take(2)
                .find(|&p| by_region[p].is_some() && self.close_enough(p, r));
            let Some(p) = previous else { continue };
            let Some(source) = by_region[p] else { continue };
            let from = found[source].clone();
            let continued = self.regions[p].continued_by == Some(r);
            found.push(Found {
                content: region.content,
                parts: Vec::new(),
                kind: QuoteKind::Direct,
                explicit: false,
                confidence: if continued { 0.7 } else { 0.55 },
                regions: vec![r],
                ..from
            });
            used[r] = true;
            by_region[r] = Some(found.len() - 1);
        }
    }

    /// Whether only spaces and punctuation stand between the start of the region's
    /// sentence (or line) and its opening mark: a quote, not a phrase quoted mid-sentence.
    fn opens_sentence(&self, r: usize) -> bool {
        let open = self.regions[r].content.start.saturating_sub(1);
        let sentences = &self.doc.sentences;
        let sentence_start = sentences
            .partition_point(|s| s.span.start <= open)
            .checked_sub(1)
            .map_or(0, |s| sentences[s].span.start);
        let line_start = self.line_starts[self.line_starts.partition_point(|&l| l <= open) - 1];
        // Backwards from the mark, so the walk stops at the nearest word.
        self.chars[sentence_start.max(line_start).min(open)..open]
            .iter()
            .rev()
            .all(|c| !c.is_alphanumeric())
    }

    /// Whether a colon introduces region `r` ("said: \"...\""): a quotation of its own.
    fn follows_colon(&self, r: usize) -> bool {
        let open = self.regions[r].content.start.saturating_sub(1);
        self.chars[..open]
            .iter()
            .rev()
            .find(|c| !c.is_whitespace())
            .is_some_and(|&c| c == ':')
    }

    /// A paragraph that is nothing but a few words in single quotation marks: a subheading
    /// quoting a phrase of the story ("'A Fight to the Finish.'"), not a quote continued.
    fn is_subheading(&self, r: usize) -> bool {
        let span = self.regions[r].content;
        let single = span.start > 0 && matches!(self.chars[span.start - 1], '\'' | '‘');
        let line = self.line_starts.partition_point(|&l| l <= span.start) - 1;
        let line_end = self
            .line_starts
            .get(line + 1)
            .map_or(self.chars.len(), |&next| next - 1);
        let mut outside = self.chars[self.line_starts[line]..span.start]
            .iter()
            .chain(&self.chars[span.end..line_end]);
        let words = self.chars[span.start..span.end]
            .split(|c| c.is_whitespace())
            .filter(|w| !w.is_empty())
            .count();
        single && words <= 6 && outside.all(|&c| !c.is_alphanumeric())
    }

    /// A region long enough to be speech: four words or a whole sentence.
    fn is_speech(&self, r: usize) -> bool {
        let span = self.regions[r].content;
        let text: String = self.chars[span.start..span.end].iter().collect();
        let words = text.split_whitespace().count();
        words >= 4 || (words >= 2 && text.trim_end().ends_with(['.', '!', '?', ',']))
    }

    /// Whether region `r` may continue region `p`: chained across paragraphs, in the same
    /// paragraph, or in the paragraph right after it.
    fn close_enough(&self, p: usize, r: usize) -> bool {
        if self.regions[p].continued_by == Some(r) {
            return true;
        }
        let between = &self.chars[self.regions[p].content.end..self.regions[r].content.start];
        let newlines = between.iter().filter(|&&c| c == '\n').count();
        let line_breaks = between
            .split(|&c| c == '\n')
            .filter(|line| line.iter().any(|c| !c.is_whitespace()))
            .count();
        newlines == 0 || line_breaks <= 2
    }

    /// The sentences spanning `span`.
    pub fn sentences_around(&self, span: Span) -> Span {
        let mut out = span;
        let sentences = &self.doc.sentences;
        let first = sentences.partition_point(|s| s.span.end <= span.start);
        for s in sentences[first..]
            .iter()
            .take_while(|s| s.span.start < span.end)
        {
            if s.span.overlap(span) > 0 {
                out.start = out.start.min(s.span.start);
                out.end = out.end.max(s.span.end);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    //! The tricky forms, on sentences written for these tests, through the real language
    //! core (models loaded once for the whole test binary).
    use super::*;
    use dateline_pipeline::Pipeline;
    use std::sync::OnceLock;

    fn pipeline() -> &'static Pipeline {
        static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
        PIPELINE.get_or_init(|| {
            Pipeline::load(&Pipeline::default_models_dir()).expect("models/ (committed)")
        })
    }

    /// The document annotated by the language core, and this crate's quotes for it.
    fn run(text: &str) -> (Document, Vec<Quote>) {
        let mut doc = Document {
            text: text.to_string(),
            ..Default::default()
        };
        pipeline().annotate(&mut doc, None);
        let quotes = extract(&doc);
        (doc, quotes)
    }

    fn said<'a>(doc: &'a Document, quote: &Quote) -> &'a str {
        doc.slice(quote.span)
    }

    fn speaker<'a>(doc: &'a Document, quote: &Quote) -> Option<&'a str> {
        quote.speaker.map(|s| doc.slice(s))
    }

    #[test]
    fn direct_quote_and_its_continuation_share_the_speaker() {
        let (doc, quotes) =
            run("\"We will win this fight,\" Maria Lopez said. \"Nobody can stop us now.\"");
        assert_eq!(quotes.len(), 2, "{quotes:#?}");
        assert_eq!(said(&doc, &quotes[0]), "We will win this fight,");
        assert_eq!(said(&doc, &quotes[1]), "Nobody can stop us now.");
        for q in &quotes {
            assert_eq!(q.kind, QuoteKind::Direct);
            assert_eq!(q.speaker_name.as_deref(), Some("Maria Lopez"));
            assert_eq!(q.cue_lemma.as_deref(), Some("say"));
        }
        assert!(quotes[0].speaker_explicit && !quotes[1].speaker_explicit);
        assert!(quotes[1].confidence < quotes[0].confidence);
    }

    #[test]
    fn continuation_keeps_the_attribution_not_a_verb_after_it() {
        for text in [
            "\"My work does not stop me,\" Berg said as she accepted her award. \"In fact, it is the reason I am happy.\"",
            "\"The tide will lift all boats,\" said Hale, who will address the convention tonight. \"And he is going to work for people in poor neighbourhoods.\"",
        ] {
            let (_, quotes) = run(text);
            assert_eq!(quotes.len(), 2, "{quotes:#?}");
            assert_eq!(quotes[1].cue_lemma.as_deref(), Some("say"), "{text}");
            assert_eq!(quotes[0].speaker_name, quotes[1].speaker_name, "{text}");
        }
    }

    #[test]
    fn a_verb_does_not_reach_a_quotation_past_its_sentence() {
        let (doc, quotes) = run("But even after the growth cooled, the borrowing continued.\n\n\"The problems started when the bank started lending for deficit financing instead of roads,\" Ms. Acosta said, \"and when it started lending to firms that had no revenue.\"");
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert_eq!(quotes[0].cue_lemma.as_deref(), Some("say"));
        assert_eq!(speaker(&doc, &quotes[0]), Some("Ms. Acosta"));
    }

    #[test]
    fn seeming_to_say_is_saying() {
        let (doc, quotes) = run("Ms. Berg appeared to suggest that the plan would fail.");
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert_eq!(speaker(&doc, &quotes[0]), Some("Ms. Berg"));
        assert_eq!(said(&doc, &quotes[0]), "the plan would fail");
    }

    #[test]
    fn a_verb_with_its_own_object_does_not_attribute_the_quote_before_it() {
        let (doc, quotes) = run("\"Why are you still backing him?\" Obama asked the senators. \"What does this say about your party?\" Several leaders denounced Trump on Monday.");
        let direct: Vec<&Quote> = quotes
            .iter()
            .filter(|q| q.kind == QuoteKind::Direct)
            .collect();
        assert_eq!(direct.len(), 2, "{quotes:#?}");
        for q in direct {
            assert_eq!(speaker(&doc, q), Some("Obama"), "{q:#?}");
        }
        let (doc, quotes) = run("\"Anybody but the mayor, please,\" read one sign at the rally.");
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert!(speaker(&doc, &quotes[0]).is_some_and(|s| s.starts_with("one")));
    }

    #[test]
    fn a_party_tag_and_a_time_phrase_stand_between_speaker_and_cue() {
        let (doc, quotes) = run(
            "Senate Democrat Dianne Roe (D-Calif.) last week said the senator was not the author of the emails.",
        );
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert!(
            speaker(&doc, &quotes[0]).is_some_and(|s| s.ends_with("Dianne Roe")),
            "{quotes:#?}"
        );
    }

    #[test]
    fn a_participle_after_an_inverted_attribution_has_its_speaker() {
        let (doc, quotes) = run(
            "\"We will win,\" said former tech executive Carly Roe during the debate, suggesting that she had seen the video.",
        );
        let suggesting = quotes
            .iter()
            .find(|q| q.cue_lemma.as_deref() == Some("suggest"))
            .expect("the participle's quote");
        assert!(
            speaker(&doc, suggesting).is_some_and(|s| s.ends_with("Carly Roe")),
            "{quotes:#?}"
        );
    }

    #[test]
    fn someone_a_name_owns_is_not_that_name() {
        let (_, quotes) = run(
            "Donald Trump spoke in Ohio.\n\nTrump's campaign manager said the rally was a success.",
        );
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert_eq!(
            quotes[0].speaker_name.as_deref(),
            Some("Trump's campaign manager")
        );
        // A document speaks for its author.
        let (_, quotes) =
            run("Marco Rubio spoke in Miami.\n\nRubio's statement said the vote was a mistake.");
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert_eq!(quotes[0].speaker_name.as_deref(), Some("Marco Rubio"));
    }

    #[test]
    fn a_dateline_never_speaks() {
        let (_, quotes) = run(
            "Roe defends the remarks.\n\nWASHINGTON \u{2014} Sen. Jane Roe (R-Iowa) on Wednesday defended the remarks and said it was the same thing the judge had done.",
        );
        let said = quotes
            .iter()
            .find(|q| q.cue_lemma.as_deref() == Some("say"))
            .expect("the quote of 'said'");
        assert_eq!(
            said.speaker_name.as_deref(),
            Some("Jane Roe"),
            "{quotes:#?}"
        );
    }

    #[test]
    fn indirect_quote_is_the_complement_of_the_cue() {
        let (doc, quotes) = run("John Carter said that the bridge would reopen next week.");
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert_eq!(quotes[0].kind, QuoteKind::Indirect);
        assert_eq!(said(&doc, &quotes[0]), "the bridge would reopen next week");
        assert_eq!(speaker(&doc, &quotes[0]), Some("John Carter"));
        assert_eq!(doc.slice(quotes[0].cue.unwrap()), "said");
    }

    #[test]
    fn a_person_named_right_after_a_role_noun_is_the_speaker() {
        let (doc, quotes) =
            run("\"We were surprised,\" MIT coauthor Colette Heald told reporters on Monday.");
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert_eq!(
            speaker(&doc, &quotes[0]),
            Some("MIT coauthor Colette Heald")
        );
        assert_eq!(quotes[0].speaker_name.as_deref(), Some("Colette Heald"));
        let (_, quotes) = run("The decision was criticised, said spokesman Ivan Petrov.");
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert!(!quotes[0].anonymous);
        assert_eq!(quotes[0].speaker_name.as_deref(), Some("Ivan Petrov"));
        let (_, quotes) = run("The report was wrong, said a spokesman for President Anna Berg.");
        assert!(
            !quotes.is_empty() && quotes.iter().all(|q| q.anonymous),
            "{quotes:#?}"
        );
    }

    #[test]
    fn partly_quoted_content_is_mixed() {
        let (doc, quotes) = run(
            "John Carter noted that the city needs \"more time and more money\" to finish the work.",
        );
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert_eq!(quotes[0].kind, QuoteKind::Mixed);
        assert!(said(&doc, &quotes[0]).starts_with("the city needs"));
        assert_eq!(quotes[0].cue_lemma.as_deref(), Some("note"));
    }

    #[test]
    fn interrupted_direct_quote_has_two_parts() {
        let (doc, quotes) = run("\"The bridge,\" John Carter said, \"will reopen on Monday.\"");
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        let q = &quotes[0];
        assert_eq!(q.kind, QuoteKind::Direct);
        let parts: Vec<&str> = q.parts.iter().map(|&p| doc.slice(p)).collect();
        assert_eq!(parts, vec!["The bridge,", "will reopen on Monday."]);
        assert_eq!(q.speaker_name.as_deref(), Some("John Carter"));
    }

    #[test]
    fn parenthetical_attribution_of_indirect_speech() {
        let (doc, quotes) = run(
            "John Carter spoke to reporters on Monday. The repairs, he said, will cost about two million dollars.",
        );
        let q = quotes
            .iter()
            .find(|q| said(&doc, q).contains("will cost"))
            .unwrap_or_else(|| panic!("{quotes:#?}"));
        assert_eq!(q.kind, QuoteKind::Indirect);
        assert!(
            said(&doc, q).starts_with("The repairs"),
            "{}",
            said(&doc, q)
        );
        assert_eq!(speaker(&doc, q), Some("he"));
        assert_eq!(q.speaker_name.as_deref(), Some("John Carter"));
    }

    #[test]
    fn according_to_names_the_source() {
        let (doc, quotes) =
            run("The bridge will reopen on Monday, according to the Springfield City Council.");
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        let q = &quotes[0];
        assert_eq!(q.cue_lemma.as_deref(), Some("according to"));
        assert_eq!(said(&doc, q), "The bridge will reopen on Monday");
        assert!(speaker(&doc, q)
            .unwrap()
            .contains("Springfield City Council"));
    }

    #[test]
    fn unnamed_sources_are_anonymous_and_unresolved() {
        let (doc, quotes) = run("A source close to the talks said the deal was almost done.");
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        let q = &quotes[0];
        assert!(q.anonymous);
        assert_eq!(q.speaker_name, None);
        assert_eq!(q.speaker_entity, None);
        assert!(speaker(&doc, q).unwrap().starts_with("A source"));
    }

    #[test]
    fn the_government_speaks_for_the_story_s_country() {
        let (_, quotes) = run(
            "Protests spread across Kazakhstan on Sunday.\n\nThe government said order had been restored in all regions.\n\nThe Kazakh government said it would not negotiate.",
        );
        assert_eq!(quotes.len(), 2, "{quotes:#?}");
        for q in &quotes {
            assert_eq!(
                q.speaker_name.as_deref(),
                Some("Government of Kazakhstan"),
                "{q:#?}"
            );
        }
        // No country named: the government stays unnamed rather than guessed.
        let (_, quotes) = run("The government said order had been restored in all regions.");
        assert_ne!(
            quotes[0]
                .speaker_name
                .as_deref()
                .map(|n| n.starts_with("Government of")),
            Some(true)
        );
    }

    #[test]
    fn headline_form_and_role_resolution() {
        let (doc, quotes) = run(
            "Chilean president says talks will resume\n\nChile's President Gabriel Boric on Monday said the talks would resume in March.",
        );
        assert_eq!(quotes.len(), 2, "{quotes:#?}");
        assert_eq!(said(&doc, &quotes[0]), "talks will resume");
        assert_eq!(quotes[0].kind, QuoteKind::Indirect);
        for q in &quotes {
            assert_eq!(q.speaker_name.as_deref(), Some("Gabriel Boric"), "{q:#?}");
        }
    }

    #[test]
    fn quote_over_several_paragraphs_keeps_its_speaker() {
        let (doc, quotes) = run(
            "Ana Silva told the assembly: \"We have worked hard this year.\n\n\"We will keep working next year and the year after.\"\n\nThe session ended at noon.",
        );
        assert_eq!(quotes.len(), 2, "{quotes:#?}");
        assert_eq!(
            said(&doc, &quotes[1]),
            "We will keep working next year and the year after."
        );
        assert!(quotes
            .iter()
            .all(|q| q.speaker_name.as_deref() == Some("Ana Silva")));
        assert!(quotes.iter().all(|q| q.kind == QuoteKind::Direct));
    }

    #[test]
    fn went_on_to_say_is_one_cue() {
        let (doc, quotes) = run("\"This is only the start,\" he went on to say.");
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert_eq!(doc.slice(quotes[0].cue.unwrap()), "went on to say");
        assert_eq!(quotes[0].cue_lemma.as_deref(), Some("go on to say"));
    }

    #[test]
    fn a_quoted_subheading_does_not_continue_the_quote_before_it() {
        let (doc, quotes) = run(
            "\"We will rebuild the bridge,\" John Carter said.\n\n'A Long Road Ahead.'\n\nThe work starts in May.",
        );
        let texts: Vec<&str> = quotes.iter().map(|q| said(&doc, q)).collect();
        assert_eq!(texts, vec!["We will rebuild the bridge,"]);
    }

    #[test]
    fn an_odd_quotation_mark_does_not_lose_the_article() {
        let (doc, quotes) = run(
            "The mayor called the plan \"a disaster and left.\n\n\"We will rebuild the bridge,\" John Carter said.\n\nJohn Carter said the work would take a year.",
        );
        let texts: Vec<&str> = quotes.iter().map(|q| said(&doc, q)).collect();
        assert!(texts.contains(&"We will rebuild the bridge,"), "{texts:?}");
        assert!(texts.contains(&"the work would take a year"), "{texts:?}");
    }

    #[test]
    fn a_very_long_quote_is_handled() {
        let sentence = "The river rose and the town waited for the water to fall again. ";
        let text = format!(
            "\"{}\" Ana Silva said.\n\nAna Silva said the town would recover.",
            sentence.repeat(800).trim_end()
        );
        let (doc, quotes) = run(&text);
        assert_eq!(quotes.len(), 2, "{} quotes", quotes.len());
        assert!(quotes[0].span.len() > 50_000);
        assert_eq!(quotes[0].kind, QuoteKind::Direct);
        assert_eq!(said(&doc, &quotes[1]), "the town would recover");
    }

    #[test]
    fn no_panic_without_annotations_or_on_odd_marks() {
        for text in [
            "",
            "\"",
            "“”",
            "«»\"\"‘’'",
            "He said \"",
            "\"a\" b \"c",
            "said said said",
        ] {
            let doc = Document {
                text: text.to_string(),
                ..Default::default()
            };
            assert!(extract(&doc).is_empty(), "{text:?}");
            let (_, quotes) = run(text);
            assert!(quotes.len() <= 1, "{text:?}");
        }
    }
}

#[cfg(test)]
mod parse_error_tests {
    //! Rules that must hold whatever the parser does: each test builds the tokens and the
    //! (deliberately wrong) tree by hand, the way a parse error leaves them.
    use super::*;
    use dateline_document::{Mention, Sentence, Token};

    /// A one-sentence document from `word/UPOS/head/deprel` items (head `-` for the root),
    /// written as news prints them: a space between words, none after an opening quotation
    /// mark or before a closing one, a comma or a full stop.
    fn parsed(items: &str) -> Document {
        let mut text = String::new();
        let mut tokens = Vec::new();
        let mut marks_seen = 0;
        let mut after_opening_mark = false;
        for item in items.split(' ') {
            let fields: Vec<&str> = item.rsplitn(4, '/').collect();
            let [deprel, head, upos, word] = fields[..] else {
                panic!("bad item {item}")
            };
            let closing_mark = word == "\"" && marks_seen % 2 == 1;
            let glued = matches!(word, "," | ".") || closing_mark || after_opening_mark;
            if !text.is_empty() && !glued {
                text.push(' ');
            }
            after_opening_mark = word == "\"" && !closing_mark;
            if word == "\"" {
                marks_seen += 1;
            }
            let start = text.chars().count();
            text.push_str(word);
            tokens.push(Token {
                span: Span::new(start, text.chars().count()),
                upos: Upos::parse(upos),
                head: head.parse().ok(),
                deprel: Some(deprel.to_string()),
            });
        }
        let n = tokens.len();
        Document {
            sentences: vec![Sentence {
                span: Span::new(0, text.chars().count()),
                tokens: (0, n),
            }],
            text,
            tokens,
            ..Default::default()
        }
    }

    /// The document of `items` and its one quote (failing when there are more or none).
    fn sole_quote(items: &str) -> (Document, Quote) {
        let doc = parsed(items);
        let mut quotes = extract(&doc);
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        let quote = quotes.remove(0);
        (doc, quote)
    }

    /// The quote whose cue has `lemma` (failing when there is none).
    fn with_cue<'a>(quotes: &'a [Quote], lemma: &str) -> &'a Quote {
        quotes
            .iter()
            .find(|q| q.cue_lemma.as_deref() == Some(lemma))
            .unwrap_or_else(|| panic!("no {lemma:?} in {quotes:#?}"))
    }

    /// The speaker of the quote whose cue has `lemma` in the document of `items`.
    fn speaker_for_cue(items: &str, lemma: &str) -> Option<String> {
        let doc = parsed(items);
        let quotes = extract(&doc);
        speaker_of(&doc, with_cue(&quotes, lemma))
    }

    fn speaker_of(doc: &Document, quote: &Quote) -> Option<String> {
        quote.speaker.map(|s| doc.slice(s).to_string())
    }

    #[test]
    fn narration_after_a_closed_quotation_is_not_content() {
        // The apposition on the speaker misattached to the quoted clause.
        let (doc, quote) = sole_quote(
            "\"/PUNCT/2/punct We/PRON/2/nsubj won/VERB/-/root ,/PUNCT/2/punct \"/PUNCT/2/punct \
             said/VERB/2/parataxis Jane/PROPN/5/nsubj Roe/PROPN/6/flat ,/PUNCT/10/punct \
             a/DET/10/det spokeswoman/NOUN/2/appos ./PUNCT/2/punct",
        );
        assert_eq!(doc.slice(quote.span), "We won,");
        assert_eq!(quote.kind, QuoteKind::Direct);
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("Jane Roe"));
    }

    #[test]
    fn a_quotation_before_a_long_speaker_phrase_is_attributed() {
        let (doc, quote) = sole_quote(
            "\"/PUNCT/2/punct We/PRON/2/nsubj won/VERB/-/root ,/PUNCT/2/punct \"/PUNCT/2/punct \
             Jane/PROPN/14/nsubj Roe/PROPN/5/flat ,/PUNCT/9/punct a/DET/9/det \
             spokeswoman/NOUN/5/appos for/ADP/12/case the/DET/12/det governor/NOUN/9/nmod \
             ,/PUNCT/5/punct said/VERB/2/advcl ./PUNCT/2/punct",
        );
        assert_eq!(doc.slice(quote.span), "We won,");
        assert_eq!(quote.kind, QuoteKind::Direct);
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("Jane Roe"));
    }

    #[test]
    fn a_quoted_title_after_the_speaker_is_not_the_quote() {
        let doc = parsed(
            "\"/PUNCT/2/punct We/PRON/2/nsubj won/VERB/-/root ,/PUNCT/2/punct \"/PUNCT/2/punct \
             said/VERB/2/advcl Jane/PROPN/5/obj Roe/PROPN/6/flat ,/PUNCT/9/punct \
             author/NOUN/6/appos of/ADP/14/case \"/PUNCT/14/punct The/DET/14/det \
             Long/ADJ/14/amod Road/PROPN/9/nmod ,/PUNCT/14/punct \"/PUNCT/14/punct \
             a/DET/18/det memoir/NOUN/5/nsubj ./PUNCT/2/punct",
        );
        let quotes = extract(&doc);
        assert_eq!(doc.slice(with_cue(&quotes, "say").span), "We won,");
        assert!(quotes.iter().all(|q| doc.slice(q.span) != "The Long Road,"));
    }

    #[test]
    fn a_share_of_those_polled_before_the_cue_says() {
        let speaker = speaker_for_cue(
            "42/NUM/1/nummod %/SYM/2/obl:unmarked say/VERB/-/root they/PRON/5/nsubj \
             are/AUX/5/cop liberal/ADJ/2/ccomp ./PUNCT/2/punct",
            "say",
        );
        assert_eq!(speaker.as_deref(), Some("42 %"));
    }

    #[test]
    fn an_attribution_closing_the_sentence_reports_what_came_before() {
        let (doc, quote) = sole_quote(
            "Jane/PROPN/4/nsubj Roe/PROPN/0/flat was/AUX/4/cop also/ADV/4/advmod \
             headed/ADJ/-/root to/ADP/6/case Cairo/PROPN/4/obl ,/PUNCT/6/punct \
             her/PRON/9/nmod:poss friend/NOUN/10/nsubj said/VERB/4/advcl ./PUNCT/10/punct",
        );
        assert_eq!(doc.slice(quote.span), "Jane Roe was also headed to Cairo");
        assert_eq!(quote.kind, QuoteKind::Indirect);
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("her friend"));
    }

    #[test]
    fn a_closing_clause_with_a_subordinator_is_no_attribution() {
        let doc = parsed(
            "Jane/PROPN/4/nsubj Roe/PROPN/0/flat was/AUX/4/cop also/ADV/4/advmod \
             headed/ADJ/-/root to/ADP/6/case Cairo/PROPN/4/obl ,/PUNCT/6/punct \
             before/SCONJ/11/mark her/PRON/10/nmod:poss friend/NOUN/11/nsubj said/VERB/4/advcl \
             ./PUNCT/11/punct",
        );
        assert!(extract(&doc).is_empty(), "{:#?}", extract(&doc));
    }

    #[test]
    fn a_closing_attribution_that_took_the_comma_before_it() {
        // "The office can open next week, officials said." read as a relative clause of
        // "week" that holds the comma.
        let (doc, quote) = sole_quote(
            "The/DET/1/det office/NOUN/3/nsubj can/AUX/3/aux open/VERB/-/root \
             next/ADJ/5/amod week/NOUN/3/obl:unmarked ,/PUNCT/8/punct \
             officials/NOUN/8/nsubj said/VERB/5/acl:relcl ./PUNCT/3/punct",
        );
        assert_eq!(doc.slice(quote.span), "The office can open next week");
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("officials"));
    }

    #[test]
    fn a_further_action_after_a_comma_is_no_closing_attribution() {
        // "Jane Roe won the primary, adding to her lead." / "..., and then said so."
        let adding = parsed(
            "Jane/PROPN/2/nsubj Roe/PROPN/0/flat won/VERB/-/root the/DET/4/det \
             primary/NOUN/2/obj ,/PUNCT/6/punct adding/VERB/2/advcl to/ADP/9/case \
             her/PRON/9/nmod:poss lead/NOUN/6/obl ./PUNCT/2/punct",
        );
        assert!(extract(&adding).is_empty(), "{:#?}", extract(&adding));
        let and_said = parsed(
            "Jane/PROPN/2/nsubj Roe/PROPN/0/flat won/VERB/-/root the/DET/4/det \
             primary/NOUN/2/obj ,/PUNCT/8/punct and/CCONJ/8/cc then/ADV/8/advmod \
             said/VERB/2/conj so/ADV/8/advmod ./PUNCT/2/punct",
        );
        assert!(extract(&and_said).is_empty(), "{:#?}", extract(&and_said));
    }

    #[test]
    fn a_further_act_of_the_speaker_is_cut_from_the_report() {
        // "Jane Roe said the vote was late and questioned why it was held."
        let doc = parsed(
            "Jane/PROPN/2/nsubj Roe/PROPN/0/flat said/VERB/-/root the/DET/4/det \
             vote/NOUN/6/nsubj was/AUX/6/cop late/ADJ/2/ccomp and/CCONJ/8/cc \
             questioned/VERB/6/conj why/ADV/12/advmod it/PRON/12/nsubj:pass \
             was/AUX/12/aux:pass held/VERB/8/ccomp ./PUNCT/2/punct",
        );
        let quotes = extract(&doc);
        assert_eq!(
            doc.slice(with_cue(&quotes, "say").span),
            "the vote was late"
        );
        let asked = with_cue(&quotes, "question");
        assert_eq!(doc.slice(asked.span), "why it was held");
        assert_eq!(speaker_of(&doc, asked).as_deref(), Some("Jane Roe"));
        // In a report in the simple past the coordinated verb is reported too: "Jane Roe
        // said they met him and recalled him."
        let doc = parsed(
            "Jane/PROPN/2/nsubj Roe/PROPN/0/flat said/VERB/-/root they/PRON/4/nsubj \
             met/VERB/2/ccomp him/PRON/4/obj and/CCONJ/7/cc recalled/VERB/4/conj \
             him/PRON/7/obj ./PUNCT/2/punct",
        );
        let quotes = extract(&doc);
        assert_eq!(
            doc.slice(with_cue(&quotes, "say").span),
            "they met him and recalled him"
        );
    }

    #[test]
    fn a_gerund_after_a_demand_is_what_is_demanded() {
        // "The union called for raising wages."
        let (doc, quote) = sole_quote(
            "The/DET/1/det union/NOUN/2/nsubj called/VERB/-/root for/SCONJ/4/mark \
             raising/VERB/2/advcl wages/NOUN/4/obj ./PUNCT/2/punct",
        );
        assert_eq!(doc.slice(quote.span), "raising wages");
        assert_eq!(quote.cue_lemma.as_deref(), Some("call for"));
    }

    #[test]
    fn an_infinitive_after_the_addressee_of_a_demand_is_part_of_it() {
        // "The mayor called on Congress to act."
        let (doc, quote) = sole_quote(
            "The/DET/1/det mayor/NOUN/2/nsubj called/VERB/-/root on/ADP/4/case \
             Congress/PROPN/2/obl to/PART/6/mark act/VERB/2/advcl ./PUNCT/2/punct",
        );
        assert_eq!(doc.slice(quote.span), "Congress to act");
        // "Critics called for the judge to resign."
        let (doc, quote) = sole_quote(
            "Critics/NOUN/1/nsubj called/VERB/-/root for/ADP/4/case the/DET/4/det \
             judge/NOUN/1/obl to/PART/6/mark resign/VERB/1/advcl ./PUNCT/1/punct",
        );
        assert_eq!(doc.slice(quote.span), "the judge to resign");
        // "She called on Congress to act and said time was short.": the parse hangs the
        // second statement on the infinitive, but it is the speaker's, not the demand.
        let doc = parsed(
            "She/PRON/1/nsubj called/VERB/-/root on/ADP/3/case Congress/PROPN/1/obl \
             to/PART/5/mark act/VERB/1/advcl and/CCONJ/7/cc said/VERB/5/conj \
             time/NOUN/10/nsubj was/AUX/10/cop short/ADJ/7/ccomp ./PUNCT/1/punct",
        );
        let quotes = extract(&doc);
        assert_eq!(doc.slice(with_cue(&quotes, "call").span), "Congress to act");
    }

    #[test]
    fn a_participle_after_the_attribution_has_its_own_object_as_content() {
        // "“We won,” she said, citing the polls."
        let doc = parsed(
            "\"/PUNCT/2/punct We/PRON/2/nsubj won/VERB/-/root ,/PUNCT/2/punct \"/PUNCT/2/punct \
             she/PRON/6/nsubj said/VERB/2/parataxis ,/PUNCT/8/punct citing/VERB/6/conj \
             the/DET/10/det polls/NOUN/8/obj ./PUNCT/2/punct",
        );
        let quotes = extract(&doc);
        assert_eq!(doc.slice(with_cue(&quotes, "say").span), "We won,");
        let cited = with_cue(&quotes, "cite");
        assert_eq!(doc.slice(cited.span), "the polls");
        assert_eq!(speaker_of(&doc, cited).as_deref(), Some("she"));
    }

    #[test]
    fn a_report_or_finding_closing_the_sentence_attributes_it() {
        // "The economy grew faster than expected, the agency reported."
        let (doc, quote) = sole_quote(
            "The/DET/1/det economy/NOUN/2/nsubj grew/VERB/-/root faster/ADV/2/advmod \
             than/SCONJ/5/mark expected/VERB/3/advcl ,/PUNCT/9/punct the/DET/8/det \
             agency/NOUN/9/nsubj reported/VERB/2/advcl ./PUNCT/2/punct",
        );
        assert_eq!(
            doc.slice(quote.span),
            "The economy grew faster than expected"
        );
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("the agency"));
    }

    #[test]
    fn a_question_put_before_the_answer_is_what_was_asked() {
        // "Asked by a reporter whether the plan would pass, Jane Roe said no.", the question
        // hung on the answer's verb.
        let doc = parsed(
            "Asked/VERB/12/advcl by/ADP/3/case a/DET/3/det reporter/NOUN/0/obl \
             whether/SCONJ/8/mark the/DET/6/det plan/NOUN/8/nsubj would/AUX/8/aux \
             pass/VERB/12/advcl ,/PUNCT/8/punct Jane/PROPN/12/nsubj Roe/PROPN/10/flat \
             said/VERB/-/root no/INTJ/12/obj ./PUNCT/12/punct",
        );
        let quotes = extract(&doc);
        let asked = with_cue(&quotes, "ask");
        assert_eq!(doc.slice(asked.span), "whether the plan would pass");
        assert_eq!(speaker_of(&doc, asked).as_deref(), Some("a reporter"));
        // "Asked whether Jane Roe, the mayor, would run, the aide said no.": the
        // apposition and the verb after it are still the question.
        let doc = parsed(
            "Asked/VERB/13/advcl whether/SCONJ/9/mark Jane/PROPN/9/nsubj Roe/PROPN/2/flat \
             ,/PUNCT/6/punct the/DET/6/det mayor/NOUN/2/appos ,/PUNCT/6/punct \
             would/AUX/9/aux run/VERB/13/advcl ,/PUNCT/9/punct the/DET/12/det \
             aide/NOUN/13/nsubj said/VERB/-/root no/INTJ/13/obj ./PUNCT/13/punct",
        );
        let quotes = extract(&doc);
        let asked = with_cue(&quotes, "ask");
        assert_eq!(
            doc.slice(asked.span),
            "whether Jane Roe, the mayor, would run"
        );
        assert_eq!(speaker_of(&doc, asked), None);
    }

    #[test]
    fn what_a_poll_shows_is_its_object_in_a_state() {
        let (doc, quote) = sole_quote(
            "A/DET/2/det new/ADJ/2/amod poll/NOUN/3/nsubj shows/VERB/-/root \
             Jane/PROPN/3/obj Roe/PROPN/4/flat with/ADP/8/case a/DET/8/det \
             lead/NOUN/3/obl ./PUNCT/3/punct",
        );
        assert_eq!(doc.slice(quote.span), "Jane Roe with a lead");
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("A new poll"));
        let (doc, quote) = sole_quote(
            "The/DET/1/det poll/NOUN/2/nsubj shows/VERB/-/root Jane/PROPN/2/obj \
             Roe/PROPN/3/flat far/ADV/6/advmod ahead/ADV/2/advmod ./PUNCT/2/punct",
        );
        assert_eq!(doc.slice(quote.span), "Jane Roe far ahead");
    }

    #[test]
    fn as_the_source_reported_attributes_the_main_clause() {
        let (doc, quote) = sole_quote(
            "As/SCONJ/3/mark the/DET/2/det agency/NOUN/3/nsubj reported/VERB/7/advcl \
             ,/PUNCT/3/punct the/DET/6/det economy/NOUN/7/nsubj grew/VERB/-/root \
             ./PUNCT/7/punct",
        );
        assert_eq!(doc.slice(quote.span), "the economy grew");
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("the agency"));
        let (doc, quote) = sole_quote(
            "As/SCONJ/1/mark reported/VERB/8/advcl by/ADP/4/case the/DET/4/det \
             agency/NOUN/1/obl ,/PUNCT/1/punct the/DET/7/det economy/NOUN/8/nsubj \
             grew/VERB/-/root fast/ADV/8/advmod ./PUNCT/8/punct",
        );
        assert_eq!(doc.slice(quote.span), "the economy grew fast");
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("the agency"));
        let (doc, quote) = sole_quote(
            "As/SCONJ/3/mark one/NUM/2/nummod analyst/NOUN/3/nsubj pointed/VERB/7/advcl \
             out/ADP/3/compound:prt ,/PUNCT/3/punct prices/NOUN/7/nsubj rose/VERB/-/root \
             sharply/ADV/7/advmod ./PUNCT/7/punct",
        );
        assert_eq!(doc.slice(quote.span), "prices rose sharply");
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("one analyst"));
    }

    #[test]
    fn a_further_attribution_after_the_first_quotation_ends_the_content() {
        // The relative clause with its own cue misattached to the quoted clause.
        let doc = parsed(
            "\"/PUNCT/2/punct We/PRON/2/nsubj won/VERB/5/ccomp ,/PUNCT/2/punct \"/PUNCT/2/punct \
             said/VERB/-/root Jane/PROPN/5/nsubj Roe/PROPN/6/flat ,/PUNCT/10/punct \
             who/PRON/10/nsubj added/VERB/2/advcl that/SCONJ/15/mark \"/PUNCT/15/punct \
             we/PRON/15/nsubj will/AUX/15/aux win/VERB/10/ccomp again/ADV/15/advmod \
             ./PUNCT/15/punct \"/PUNCT/15/punct",
        );
        let quotes = extract(&doc);
        let said = with_cue(&quotes, "say");
        assert_eq!(doc.slice(said.span), "We won,");
        assert_eq!(said.kind, QuoteKind::Direct);
    }

    #[test]
    fn a_quotation_ending_a_clause_before_its_attribution_keeps_the_clause() {
        let (doc, quote) = sole_quote(
            "He/PRON/3/nsubj would/AUX/3/aux be/AUX/3/cop better/ADJ/-/root \
             \"/PUNCT/6/punct no/DET/6/det matter/NOUN/3/appos what/PRON/12/ccomp \
             ,/PUNCT/7/punct \"/PUNCT/12/punct one/NUM/11/nummod user/NOUN/12/nsubj \
             wrote/VERB/6/acl ./PUNCT/3/punct",
        );
        assert!(doc.slice(quote.span).starts_with("He would be better"));
        assert_eq!(quote.kind, QuoteKind::Mixed);
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("one user"));
    }

    #[test]
    fn a_quoted_phrase_inside_a_clause_keeps_the_clause() {
        // "the economy" closes without punctuation: the clause goes on after it.
        let (doc, quote) = sole_quote(
            "Carter/PROPN/1/nsubj said/VERB/-/root \"/PUNCT/4/punct the/DET/4/det \
             economy/NOUN/6/nsubj \"/PUNCT/4/punct grew/VERB/1/ccomp fast/ADV/6/advmod \
             ./PUNCT/1/punct",
        );
        assert_eq!(doc.slice(quote.span), "the economy\" grew fast");
        assert_eq!(quote.kind, QuoteKind::Mixed);
    }

    #[test]
    fn subject_of_the_report_read_as_object_of_said() {
        let (doc, quote) = sole_quote(
            "Carter/PROPN/1/nsubj said/VERB/-/root the/DET/4/det tax/NOUN/4/compound \
             cuts/NOUN/1/obj \"/PUNCT/7/punct will/AUX/7/aux pay/VERB/1/ccomp for/ADP/9/case \
             themselves/PRON/7/obl ./PUNCT/7/punct \"/PUNCT/1/punct",
        );
        assert_eq!(
            doc.slice(quote.span),
            "the tax cuts \"will pay for themselves."
        );
        assert_eq!(quote.kind, QuoteKind::Mixed);
    }

    #[test]
    fn a_condition_before_the_report_is_content_a_time_is_not() {
        let (doc, quote) = sole_quote(
            "Carter/PROPN/1/nsubj said/VERB/-/root if/SCONJ/3/mark elected/VERB/1/advcl \
             he/PRON/6/nsubj would/AUX/6/aux cut/VERB/1/ccomp taxes/NOUN/6/obj ./PUNCT/1/punct",
        );
        assert_eq!(doc.slice(quote.span), "if elected he would cut taxes");
        let (doc, quote) = sole_quote(
            "Carter/PROPN/1/nsubj said/VERB/-/root Monday/PROPN/1/obl:tmod he/PRON/5/nsubj \
             would/AUX/5/aux cut/VERB/1/ccomp taxes/NOUN/5/obj ./PUNCT/1/punct",
        );
        assert_eq!(doc.slice(quote.span), "he would cut taxes");
    }

    #[test]
    fn a_reason_with_a_cue_verb_stays_in_the_report() {
        let doc = parsed(
            "Khan/PROPN/1/nsubj said/VERB/-/root she/PRON/3/nsubj stayed/VERB/1/ccomp \
             home/ADV/3/advmod because/SCONJ/7/mark she/PRON/7/nsubj feared/VERB/1/advcl \
             the/DET/9/det crowds/NOUN/7/obj ./PUNCT/1/punct",
        );
        let quotes = extract(&doc);
        let said = with_cue(&quotes, "say");
        assert_eq!(
            doc.slice(said.span),
            "she stayed home because she feared the crowds"
        );
    }

    #[test]
    fn a_speaker_read_as_head_of_the_attribution() {
        // `"We won the vote," Ramos, 58, told reporters.` with "told" hung on "Ramos".
        let (doc, quote) = sole_quote(
            "\"/PUNCT/2/punct We/PRON/2/nsubj won/VERB/-/root the/DET/4/det vote/NOUN/2/obj \
             ,/PUNCT/2/punct \"/PUNCT/2/punct Ramos/PROPN/2/parataxis ,/PUNCT/9/punct \
             58/NUM/7/nmod:unmarked ,/PUNCT/11/punct told/VERB/7/parataxis \
             reporters/NOUN/11/obj ./PUNCT/2/punct",
        );
        assert_eq!(doc.slice(quote.span), "We won the vote,");
        assert_eq!(quote.kind, QuoteKind::Direct);
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("Ramos"));
    }

    #[test]
    fn noun_right_before_a_cue_without_subject_speaks() {
        // "Leading" misread as a verb, so "say" has no subject in the tree.
        let speaker = speaker_for_cue(
            "Leading/VERB/2/csubj strategists/NOUN/0/obj say/VERB/-/root the/DET/4/det \
             race/NOUN/6/nsubj is/AUX/6/cop close/ADJ/2/ccomp ./PUNCT/2/punct",
            "say",
        );
        assert_eq!(speaker.as_deref(), Some("strategists"));
    }

    #[test]
    fn verbs_listed_with_semicolons_share_the_first_subject() {
        let speaker = speaker_for_cue(
            "Trump/PROPN/1/nsubj questioned/VERB/-/root the/DET/3/det deal/NOUN/1/obj \
             ;/PUNCT/5/punct blamed/VERB/1/parataxis Obama/PROPN/5/obj and/CCONJ/8/cc \
             said/VERB/5/conj he/PRON/11/nsubj would/AUX/11/aux win/VERB/8/ccomp \
             ./PUNCT/1/punct",
            "say",
        );
        assert_eq!(speaker.as_deref(), Some("Trump"));
    }

    #[test]
    fn a_source_and_a_colon_open_a_quoted_paragraph() {
        let mut doc = parsed(
            "Jane/PROPN/-/root Roe/PROPN/0/flat ,/PUNCT/4/punct Daily/PROPN/4/compound \
             Planet/PROPN/0/appos :/PUNCT/0/punct \"/PUNCT/11/punct The/DET/8/det \
             vote/NOUN/11/nsubj will/AUX/11/aux be/AUX/11/cop close/ADJ/0/parataxis \
             tonight/NOUN/11/obl:tmod ./PUNCT/11/punct \"/PUNCT/11/punct",
        );
        doc.mentions.push(Mention {
            span: Span::new(doc.tokens[0].span.start, doc.tokens[1].span.end),
            label: EntityLabel::Per,
            tokens: (0, 2),
        });
        let quotes = extract(&doc);
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert_eq!(doc.slice(quotes[0].span), "The vote will be close tonight.");
        assert_eq!(quotes[0].kind, QuoteKind::Direct);
        assert_eq!(speaker_of(&doc, &quotes[0]).as_deref(), Some("Jane Roe"));
    }

    #[test]
    fn the_poll_a_clause_is_found_in_is_its_source() {
        let doc = parsed(
            "In/ADP/3/case a/DET/3/det new/ADJ/3/amod poll/NOUN/7/obl ,/PUNCT/3/punct \
             most/ADJ/6/amod voters/NOUN/7/nsubj backed/VERB/-/root the/DET/9/det \
             plan/NOUN/7/obj ./PUNCT/7/punct",
        );
        let quotes = extract(&doc);
        let quote = with_cue(&quotes, "in a poll");
        assert_eq!(doc.slice(quote.span), "most voters backed the plan");
        assert_eq!(speaker_of(&doc, quote).as_deref(), Some("a new poll"));
        // A poll after the clause is narration more often than a finding.
        let doc = parsed(
            "Roe/PROPN/1/nsubj leads/VERB/-/root in/ADP/4/case the/DET/4/det \
             polls/NOUN/1/obl ./PUNCT/1/punct",
        );
        assert!(extract(&doc).is_empty());
    }

    #[test]
    fn a_titled_source_after_a_topic_and_a_dash_opens_a_quotation() {
        let mut doc = parsed(
            "POLLS/NOUN/1/nsubj WRONG/ADJ/-/root -/PUNCT/4/punct Sen./PROPN/4/compound \
             Jane/PROPN/1/appos Roe/PROPN/4/flat :/PUNCT/4/punct \"/PUNCT/12/punct \
             The/DET/9/det vote/NOUN/12/nsubj will/AUX/12/aux be/AUX/12/cop \
             close/ADJ/1/parataxis ./PUNCT/12/punct \"/PUNCT/12/punct",
        );
        doc.mentions.push(Mention {
            span: Span::new(doc.tokens[4].span.start, doc.tokens[5].span.end),
            label: EntityLabel::Per,
            tokens: (4, 6),
        });
        let quotes = extract(&doc);
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert_eq!(doc.slice(quotes[0].span), "The vote will be close.");
        assert_eq!(
            speaker_of(&doc, &quotes[0]).as_deref(),
            Some("Sen. Jane Roe")
        );
    }

    #[test]
    fn speaker_after_the_cue_read_as_its_object() {
        let (doc, quote) = sole_quote(
            "\"/PUNCT/2/punct We/PRON/2/nsubj won/VERB/5/ccomp ,/PUNCT/2/punct \"/PUNCT/2/punct \
             says/VERB/-/root a/DET/7/det narrator/NOUN/5/obj ./PUNCT/5/punct",
        );
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("a narrator"));
    }

    #[test]
    fn addressee_of_told_is_not_the_speaker() {
        let doc = parsed(
            "\"/PUNCT/2/punct We/PRON/2/nsubj won/VERB/5/ccomp ,/PUNCT/2/punct \"/PUNCT/2/punct \
             told/VERB/-/root CNN/PROPN/5/obj ./PUNCT/5/punct",
        );
        let quotes = extract(&doc);
        assert!(quotes
            .iter()
            .all(|q| speaker_of(&doc, q).as_deref() != Some("CNN")));
    }

    #[test]
    fn a_day_is_never_the_speaker() {
        // "He won Tuesday, Sanders said." with "Tuesday" misread as the subject of "said".
        let (doc, quote) = sole_quote(
            "He/PRON/1/nsubj won/VERB/5/ccomp Tuesday/PROPN/5/nsubj ,/PUNCT/5/punct \
             Sanders/PROPN/5/obl said/VERB/-/root ./PUNCT/5/punct",
        );
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("Sanders"));
    }

    #[test]
    fn name_before_an_apposition_speaks() {
        // The name was attached to the quote, so "told" has no subject in the tree.
        let (doc, quote) = sole_quote(
            "\"/PUNCT/3/punct It/PRON/3/nsubj is/AUX/3/cop important/ADJ/13/ccomp ,/PUNCT/3/punct \
             \"/PUNCT/3/punct Paul/PROPN/3/appos Ryan/PROPN/6/flat ,/PUNCT/11/punct the/DET/11/det \
             convention/NOUN/11/compound chair/NOUN/6/appos ,/PUNCT/13/punct told/VERB/-/root \
             delegates/NOUN/13/obj ./PUNCT/13/punct",
        );
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("Paul Ryan"));
    }

    #[test]
    fn a_further_attribution_is_cut_from_the_content() {
        // "adding" misattached to the reported clause instead of to "said".
        let doc = parsed(
            "Carter/PROPN/1/nsubj said/VERB/-/root the/DET/3/det bridge/NOUN/5/nsubj \
             would/AUX/5/aux reopen/VERB/1/ccomp ,/PUNCT/7/punct adding/VERB/5/advcl \
             that/SCONJ/11/mark work/NOUN/11/nsubj was/AUX/11/cop done/ADJ/7/ccomp ./PUNCT/1/punct",
        );
        let quotes = extract(&doc);
        let said = with_cue(&quotes, "say");
        assert_eq!(doc.slice(said.span), "the bridge would reopen");
    }

    #[test]
    fn quoted_words_after_that_are_mixed() {
        let (doc, quote) = sole_quote(
            "Carter/PROPN/1/nsubj said/VERB/-/root that/SCONJ/6/mark \"/PUNCT/6/punct \
             we/PRON/6/nsubj will/AUX/6/aux win/VERB/1/ccomp ./PUNCT/6/punct \"/PUNCT/1/punct",
        );
        assert_eq!(quote.kind, QuoteKind::Mixed);
        assert!(doc.slice(quote.span).starts_with("we will win"));
    }

    #[test]
    fn a_subject_inside_the_quote_is_a_parse_error() {
        // "product" (a word of the quote) misread as the subject of "said".
        let (doc, quote) = sole_quote(
            "\"/PUNCT/4/punct The/DET/2/det product/NOUN/7/nsubj was/AUX/4/cop good/ADJ/7/ccomp \
             ,/PUNCT/4/punct \"/PUNCT/4/punct said/VERB/-/root Devine/PROPN/7/obl ./PUNCT/7/punct",
        );
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("Devine"));
    }

    #[test]
    fn a_relative_clause_does_not_attribute_the_quote() {
        let doc = parsed(
            "\"/PUNCT/2/punct We/PRON/2/nsubj won/VERB/11/ccomp ,/PUNCT/2/punct \"/PUNCT/2/punct Warren/PROPN/11/nsubj ,/PUNCT/8/punct who/PRON/8/nsubj endorsed/VERB/5/acl:relcl nobody/PRON/8/obj ,/PUNCT/8/punct told/VERB/-/root reporters/NOUN/11/obj ./PUNCT/11/punct",
        );
        let quotes = extract(&doc);
        let won = quotes
            .iter()
            .find(|q| doc.slice(q.span).starts_with("We won"))
            .unwrap_or_else(|| panic!("{quotes:#?}"));
        assert_eq!(won.cue_lemma.as_deref(), Some("tell"));
        assert_eq!(speaker_of(&doc, won).as_deref(), Some("Warren"));
    }

    #[test]
    fn the_person_after_a_role_noun_speaks_not_the_one_before_it() {
        use dateline_document::{EntityMention, EntityRecord, MentionKind};
        let mut doc = parsed(
            "Cruz/PROPN/1/compound spokeswoman/NOUN/4/nsubj Ana/PROPN/1/appos Ruiz/PROPN/2/flat said/VERB/-/root the/DET/6/det race/NOUN/8/nsubj was/AUX/8/cop open/ADJ/4/ccomp ./PUNCT/4/punct",
        );
        let person = |id: usize, name: &str, (a, b): (usize, usize)| EntityRecord {
            id,
            canonical: name.into(),
            label: EntityLabel::Per,
            mentions: vec![EntityMention {
                span: Span::new(doc.tokens[a].span.start, doc.tokens[b].span.end),
                kind: MentionKind::Name,
            }],
            gender: None,
        };
        let entities = vec![person(0, "Ted Cruz", (0, 0)), person(1, "Ana Ruiz", (2, 3))];
        doc.mentions = entities
            .iter()
            .zip([(0, 1), (2, 4)])
            .map(|(e, tokens)| Mention {
                span: e.mentions[0].span,
                label: EntityLabel::Per,
                tokens,
            })
            .collect();
        doc.entities = entities;
        let quotes = extract(&doc);
        let said = with_cue(&quotes, "say");
        assert_eq!(
            said.speaker_name.as_deref(),
            Some("Ana Ruiz"),
            "{quotes:#?}"
        );
    }

    #[test]
    fn a_post_nominal_title_is_not_the_speaker() {
        // The title read as a second subject, and as the cue's only neighbour.
        for items in [
            "Tom/PROPN/5/nsubj Roe/PROPN/0/flat ,/PUNCT/3/punct QC/PROPN/5/nsubj ,/PUNCT/3/punct said/VERB/-/root the/DET/7/det appeal/NOUN/9/nsubj had/AUX/9/aux failed/VERB/5/ccomp ./PUNCT/5/punct",
            "Tom/PROPN/5/obl Roe/PROPN/0/flat ,/PUNCT/3/punct QC/PROPN/0/appos ,/PUNCT/3/punct said/VERB/-/root the/DET/7/det appeal/NOUN/9/nsubj had/AUX/9/aux failed/VERB/5/ccomp ./PUNCT/5/punct",
        ] {
            let doc = parsed(items);
            let quotes = extract(&doc);
            let said = with_cue(&quotes, "say");
            assert!(
                speaker_of(&doc, said).is_some_and(|s| s.contains("Roe") && !s.contains("QC")),
                "{quotes:#?}"
            );
        }
    }

    #[test]
    fn a_cue_read_as_a_conjunct_of_the_relative_clause_takes_its_noun() {
        // The parse joins "told" to "endorsed" inside the relative clause, as if "who" told.
        let doc = parsed(
            "\"/PUNCT/2/punct We/PRON/2/nsubj won/VERB/-/root ,/PUNCT/2/punct \"/PUNCT/2/punct Smith/PROPN/2/appos ,/PUNCT/8/punct who/PRON/8/nsubj endorsed/VERB/5/acl:relcl nobody/PRON/8/obj ,/PUNCT/11/punct told/VERB/8/conj reporters/NOUN/11/obj ./PUNCT/2/punct",
        );
        let quotes = extract(&doc);
        let told = with_cue(&quotes, "tell");
        assert_eq!(speaker_of(&doc, told).as_deref(), Some("Smith"));
    }

    #[test]
    fn a_party_tag_in_parentheses_does_not_hide_the_name_before_it() {
        // "(R-OH)" tagged as an auxiliary and an interjection.
        let doc = parsed(
            "Gov./PROPN/1/nmod:desc Jane/PROPN/9/obl Roe/PROPN/1/flat (/PUNCT/4/punct R/AUX/9/aux:pass -/PUNCT/4/punct OH/INTJ/4/discourse )/PUNCT/4/punct ,/PUNCT/4/punct said/VERB/-/root ,/PUNCT/13/punct “/PUNCT/13/punct We/PRON/13/nsubj win/VERB/9/ccomp ./PUNCT/13/punct ”/PUNCT/13/punct",
        );
        let quotes = extract(&doc);
        let said = with_cue(&quotes, "say");
        assert_eq!(speaker_of(&doc, said).as_deref(), Some("Gov. Jane Roe"));
    }

    #[test]
    fn participle_on_an_object_takes_the_verbs_subject() {
        assert_eq!(
            speaker_for_cue(
            "Carter/PROPN/1/nsubj issued/VERB/-/root a/DET/3/det statement/NOUN/1/obj ,/PUNCT/5/punct saying/VERB/3/acl the/DET/7/det bridge/NOUN/9/nsubj would/AUX/9/aux reopen/VERB/5/ccomp ./PUNCT/1/punct",
                "say"
            )
            .as_deref(),
            Some("Carter")
        );
    }

    #[test]
    fn according_to_a_document_names_its_author() {
        let (doc, quote) = sole_quote(
            "Turnout/NOUN/1/nsubj rose/VERB/-/root ,/PUNCT/6/punct according/VERB/6/case \
             to/ADP/3/fixed an/DET/6/det analysis/NOUN/1/obl by/ADP/8/case Pew/PROPN/6/nmod \
             ./PUNCT/1/punct",
        );
        assert_eq!(doc.slice(quote.span), "Turnout rose");
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("Pew"));
    }

    #[test]
    fn according_to_a_source_read_as_the_root_still_reports_the_clause() {
        let (doc, quote) = sole_quote(
            "According/VERB/4/case to/ADP/0/fixed a/DET/4/det new/ADJ/4/amod \
             survey/NOUN/-/root ,/PUNCT/7/punct turnout/NOUN/7/nsubj rose/VERB/4/appos \
             sharply/ADV/7/advmod ./PUNCT/4/punct",
        );
        assert_eq!(doc.slice(quote.span), "turnout rose sharply");
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("a new survey"));
    }

    #[test]
    fn a_clause_coordinated_with_the_cue_continues_the_content() {
        let doc = parsed(
            "Osuna/PROPN/1/nsubj said/VERB/-/root the/DET/3/det group/NOUN/5/nsubj is/AUX/5/cop \
             neutral/ADJ/1/ccomp and/CCONJ/7/cc supports/VERB/1/conj both/DET/9/det \
             parties/NOUN/7/obj ./PUNCT/1/punct",
        );
        let quotes = extract(&doc);
        let said = with_cue(&quotes, "say");
        assert_eq!(
            doc.slice(said.span),
            "the group is neutral and supports both parties"
        );
    }

    #[test]
    fn a_coordinated_belief_continues_the_content_a_coordinated_saying_does_not() {
        let believes = parsed(
            "Roe/PROPN/1/nsubj said/VERB/-/root the/DET/3/det plan/NOUN/5/nsubj is/AUX/5/cop \
             sound/ADJ/1/ccomp and/CCONJ/8/cc she/PRON/8/nsubj believes/VERB/1/conj \
             it/PRON/10/nsubj works/VERB/8/ccomp ./PUNCT/1/punct",
        );
        let quotes = extract(&believes);
        assert_eq!(
            believes.slice(with_cue(&quotes, "say").span),
            "the plan is sound and she believes it works"
        );
        let adds = parsed(
            "Roe/PROPN/1/nsubj said/VERB/-/root the/DET/3/det plan/NOUN/5/nsubj is/AUX/5/cop \
             sound/ADJ/1/ccomp and/CCONJ/8/cc she/PRON/8/nsubj added/VERB/1/conj \
             it/PRON/10/nsubj works/VERB/8/ccomp ./PUNCT/1/punct",
        );
        let quotes = extract(&adds);
        assert_eq!(
            adds.slice(with_cue(&quotes, "say").span),
            "the plan is sound"
        );
    }

    #[test]
    fn called_for_takes_the_phrase_after_the_preposition() {
        let (doc, quote) = sole_quote(
            "Clinton/PROPN/1/nsubj called/VERB/-/root for/ADP/4/case higher/ADJ/4/amod \
             wages/NOUN/1/obl ./PUNCT/1/punct",
        );
        assert_eq!(doc.slice(quote.span), "higher wages");
        assert_eq!(quote.cue_lemma.as_deref(), Some("call for"));
    }

    #[test]
    fn a_time_word_subject_gives_way_to_the_name() {
        // "Sean Spicer on Thursday evening said ...": "evening" is the closer subject.
        let (doc, quote) = sole_quote(
            "Sean/PROPN/5/nsubj Spicer/PROPN/0/flat on/ADP/3/case Thursday/PROPN/0/nmod \
             evening/NOUN/5/nsubj said/VERB/-/root the/DET/7/det party/NOUN/9/nsubj \
             was/AUX/9/cop calm/ADJ/5/ccomp ./PUNCT/5/punct",
        );
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("Sean Spicer"));
    }

    #[test]
    fn a_name_the_tagger_took_for_a_verb_still_speaks() {
        let (doc, quote) = sole_quote(
            "Cook/VERB/-/root said/VERB/0/xcomp Carter/PROPN/3/nsubj stopped/VERB/1/ccomp \
             the/DET/5/det practice/NOUN/3/obj ./PUNCT/0/punct",
        );
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("Cook"));
        // A sentence-initial function word is no speaker.
        let doc = parsed(
            "But/CCONJ/1/cc said/VERB/-/root the/DET/3/det plan/NOUN/4/nsubj failed/VERB/1/ccomp \
             ./PUNCT/1/punct",
        );
        assert!(extract(&doc).iter().all(|q| q.speaker.is_none()));
    }

    #[test]
    fn a_coordinated_said_starts_another_statement() {
        // "and said" misattached inside the first content.
        let doc = parsed(
            "They/PRON/1/nsubj said/VERB/-/root they/PRON/3/nsubj found/VERB/1/ccomp \
             it/PRON/5/nsubj troubling/ADJ/3/xcomp and/CCONJ/7/cc said/VERB/3/conj \
             it/PRON/9/nsubj leaves/VERB/7/ccomp questions/NOUN/9/obj ./PUNCT/1/punct",
        );
        let quotes = extract(&doc);
        let first = quotes
            .iter()
            .find(|q| doc.slice(q.span).starts_with("they found"))
            .unwrap_or_else(|| panic!("{quotes:#?}"));
        assert_eq!(doc.slice(first.span), "they found it troubling");
    }

    #[test]
    fn an_expectation_is_the_whole_clause_without_a_source() {
        let (doc, quote) = sole_quote(
            "Trump/PROPN/2/nsubj:pass is/AUX/2/aux:pass expected/VERB/-/root to/PART/4/mark \
             deliver/VERB/2/xcomp a/DET/6/det speech/NOUN/4/obj tonight/NOUN/4/obl:tmod \
             ./PUNCT/2/punct",
        );
        assert_eq!(
            doc.slice(quote.span),
            "Trump is expected to deliver a speech tonight"
        );
        assert_eq!(doc.slice(quote.cue.unwrap()), "is expected");
        assert_eq!(quote.speaker, None);
    }

    #[test]
    fn a_headline_names_its_source_before_a_colon() {
        let mut doc = parsed(
            "Graham/PROPN/-/root :/PUNCT/0/punct Trump/PROPN/3/nsubj destroys/VERB/0/parataxis \
             the/DET/5/det party/NOUN/3/obj",
        );
        doc.mentions.push(dateline_document::Mention {
            span: doc.tokens[0].span,
            label: EntityLabel::Per,
            tokens: (0, 1),
        });
        let (doc, quote) = (doc.clone(), extract(&doc).remove(0));
        assert_eq!(doc.slice(quote.span), "Trump destroys the party");
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("Graham"));
        // "Correction: ..." names nobody.
        let doc = parsed(
            "Correction/NOUN/-/root :/PUNCT/0/punct Trump/PROPN/3/nsubj left/VERB/0/parataxis \
             the/DET/5/det party/NOUN/3/obj",
        );
        assert!(extract(&doc).is_empty());
    }

    #[test]
    fn a_relative_clause_between_name_and_cue_is_skipped() {
        let (doc, quote) = sole_quote(
            "Cruz/PROPN/5/nsubj ,/PUNCT/3/punct whose/PRON/3/nmod:poss finish/NOUN/6/nsubj:pass \
             was/AUX/6/aux:pass poor/ADJ/0/acl:relcl ,/PUNCT/7/punct said/VERB/-/root \
             he/PRON/9/nsubj won/VERB/7/ccomp ./PUNCT/7/punct",
        );
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("Cruz"));
    }

    #[test]
    fn one_huge_sentence_costs_linear_time() {
        // 120,000 tokens without a full stop, each word heading the rest ("A said B said C
        // said ..."): every "said" has the whole remainder as its clause. Unbounded walks
        // would visit about 7e8 tokens; bounded ones at most 1.2e7 (under a second
        // optimised, half a minute unoptimised). The content bound is what keeps it linear.
        let words = 120_000;
        let mut items = Vec::with_capacity(words);
        for i in 0..words {
            let head = if i == 0 {
                "-".to_string()
            } else {
                (i - 1).to_string()
            };
            if i % 10 == 1 {
                let head = i.checked_sub(2).map_or("-".to_string(), |h| h.to_string());
                items.push(format!("said/VERB/{head}/ccomp"));
            } else if i % 10 == 0 {
                items.push(format!("officials/NOUN/{}/nsubj", i + 1));
            } else {
                items.push(format!("word/NOUN/{head}/ccomp"));
            }
        }
        let doc = parsed(&items.join(" "));
        let started = std::time::Instant::now();
        let quotes = extract(&doc);
        assert!(!quotes.is_empty());
        assert!(
            started.elapsed().as_secs_f64() < 60.0,
            "took {:?}",
            started.elapsed()
        );
        let longest = quotes.iter().map(|q| q.span.len()).max().unwrap_or(0);
        // A clause of at most MAX_SUBTREE tokens, none longer than "officials ".
        assert!(longest <= MAX_SUBTREE * "officials ".len(), "{longest}");
    }

    #[test]
    fn a_refusal_is_the_cue_and_what_was_refused_the_content() {
        // "Mr. Thiel declined to comment." ("comment" is a cue verb of its own).
        let (doc, quote) = sole_quote(
            "Mr./PROPN/1/compound Thiel/PROPN/2/nsubj declined/VERB/-/root to/PART/4/mark \
             comment/VERB/2/xcomp ./PUNCT/2/punct",
        );
        assert_eq!(doc.slice(quote.span), "to comment");
        assert_eq!(doc.slice(quote.cue.unwrap()), "declined");
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("Mr. Thiel"));
    }

    #[test]
    fn a_seeming_is_its_whole_clause_without_a_source() {
        // "Indeed, the voters seemed unperturbed, despite the noise."
        let (doc, quote) = sole_quote(
            "Indeed/ADV/4/advmod ,/PUNCT/4/punct the/DET/3/det voters/NOUN/4/nsubj \
             seemed/VERB/-/root unperturbed/ADJ/4/xcomp ,/PUNCT/8/punct despite/ADP/9/case \
             the/DET/9/det noise/NOUN/4/advcl ./PUNCT/4/punct",
        );
        assert_eq!(doc.slice(quote.span), "the voters seemed unperturbed");
        assert_eq!(quote.speaker, None);
        // "appeared on television" gives no impression: no complement.
        let doc = parsed(
            "She/PRON/1/nsubj appeared/VERB/-/root on/ADP/3/case television/NOUN/1/obl \
             ./PUNCT/1/punct",
        );
        assert!(extract(&doc).is_empty());
    }

    #[test]
    fn reportedly_marks_its_clause_as_a_report() {
        let (doc, quote) = sole_quote(
            "The/DET/1/det FBI/PROPN/4/nsubj is/AUX/4/aux reportedly/ADV/4/advmod \
             preparing/VERB/-/root an/DET/6/det interview/NOUN/4/obj ./PUNCT/4/punct",
        );
        assert_eq!(
            doc.slice(quote.span),
            "The FBI is reportedly preparing an interview"
        );
        assert_eq!(quote.cue_lemma.as_deref(), Some("reportedly"));
    }

    #[test]
    fn that_clause_hung_on_the_addressee_is_the_content() {
        // "Trump told the crowd that the farm was saved." with the clause on "crowd".
        let (doc, quote) = sole_quote(
            "Trump/PROPN/1/nsubj told/VERB/-/root the/DET/3/det crowd/NOUN/1/obj \
             that/SCONJ/7/mark the/DET/6/det farm/NOUN/8/nsubj:pass was/AUX/8/aux:pass \
             saved/VERB/3/acl ./PUNCT/1/punct",
        );
        assert_eq!(doc.slice(quote.span), "the farm was saved");
        assert_eq!(speaker_of(&doc, &quote).as_deref(), Some("Trump"));
    }

    #[test]
    fn question_hung_on_asked_as_an_adverbial_is_the_content() {
        // "Asked whether he would run, Bone said no."
        let doc = parsed(
            "Asked/VERB/7/advcl whether/SCONJ/4/mark he/PRON/4/nsubj would/AUX/4/aux \
             run/VERB/0/advcl ,/PUNCT/0/punct Bone/PROPN/7/nsubj said/VERB/-/root \
             no/INTJ/7/obj ./PUNCT/7/punct",
        );
        let quotes = extract(&doc);
        let asked = with_cue(&quotes, "ask");
        assert_eq!(doc.slice(asked.span), "whether he would run");
    }

    #[test]
    fn and_added_on_the_reported_clause_is_the_reporters() {
        // "Lazar said he welcomed it and added, "No problem."" with "added" parsed as
        // coordinated with "welcomed".
        let doc = parsed(
            "Lazar/PROPN/1/nsubj said/VERB/-/root he/PRON/3/nsubj welcomed/VERB/1/ccomp \
             it/PRON/3/obj and/CCONJ/6/cc added/VERB/3/conj ,/PUNCT/6/punct \
             \"/PUNCT/10/punct No/DET/10/det problem/NOUN/6/ccomp ./PUNCT/10/punct \
             \"/PUNCT/10/punct",
        );
        let quotes = extract(&doc);
        let added = with_cue(&quotes, "add");
        assert_eq!(speaker_of(&doc, added).as_deref(), Some("Lazar"));
    }

    #[test]
    fn trailing_relative_clause_is_left_out() {
        // "Sanders said he likes the bill, which includes new rules."
        let (doc, quote) = sole_quote(
            "Sanders/PROPN/1/nsubj said/VERB/-/root he/PRON/3/nsubj likes/VERB/1/ccomp \
             the/DET/5/det bill/NOUN/3/obj ,/PUNCT/8/punct which/PRON/8/nsubj \
             includes/VERB/5/acl:relcl new/ADJ/10/amod rules/NOUN/8/obj ./PUNCT/1/punct",
        );
        assert_eq!(doc.slice(quote.span), "he likes the bill");
    }

    #[test]
    fn unreliable_cues_give_no_quote() {
        // "Cruz attacked the plan." (mostly narration in news, not a stance report).
        let doc = parsed(
            "Cruz/PROPN/1/nsubj attacked/VERB/-/root the/DET/3/det plan/NOUN/1/obj \
             ./PUNCT/1/punct",
        );
        assert!(extract(&doc).is_empty(), "{:#?}", extract(&doc));
    }

    #[test]
    fn an_inverted_speaker_parsed_as_an_object_phrase_speaks() {
        // "\"We won,\" said one of the organisers."
        assert_eq!(
            speaker_for_cue(
                "\"/PUNCT/2/punct We/PRON/2/nsubj won/VERB/5/ccomp ,/PUNCT/2/punct \
                 \"/PUNCT/2/punct said/VERB/-/root one/NUM/5/obj of/ADP/9/case \
                 the/DET/9/det organisers/NOUN/6/nmod ./PUNCT/5/punct",
                "say"
            )
            .as_deref(),
            Some("one of the organisers")
        );
    }

    #[test]
    fn asked_right_after_a_quotation_names_who_asked() {
        // "\"Why not now?\" asked Ms. Rivera."
        assert_eq!(
            speaker_for_cue(
                "\"/PUNCT/3/punct Why/ADV/3/advmod not/PART/3/advmod now/ADV/6/ccomp \
                 ?/PUNCT/3/punct \"/PUNCT/3/punct asked/VERB/-/root Ms./PROPN/8/nmod:desc \
                 Rivera/PROPN/6/obj ./PUNCT/6/punct",
                "ask"
            )
            .as_deref(),
            Some("Ms. Rivera")
        );
    }

    #[test]
    fn a_passive_subject_after_the_cue_does_not_silence_it() {
        // "\"We won,\" said Rivera, organisers ..." with "organisers" read as a passive
        // subject of "said".
        assert_eq!(
            speaker_for_cue(
                "\"/PUNCT/2/punct We/PRON/2/nsubj won/VERB/5/ccomp ,/PUNCT/2/punct \
                 \"/PUNCT/2/punct said/VERB/-/root Rivera/PROPN/5/appos ,/PUNCT/8/punct \
                 organisers/NOUN/5/nsubj:pass ./PUNCT/5/punct",
                "say"
            )
            .as_deref(),
            Some("Rivera")
        );
    }

    #[test]
    fn a_participle_after_a_comma_takes_the_speaker_before_it() {
        // "Nefzi said, adding, \"He was calm.\"" with "adding" hung on "said" as its clause.
        assert_eq!(
            speaker_for_cue(
                "Nefzi/PROPN/1/nsubj said/VERB/-/root ,/PUNCT/3/punct adding/VERB/1/ccomp \
                 ,/PUNCT/8/punct \"/PUNCT/8/punct He/PRON/8/nsubj was/AUX/8/cop \
                 calm/ADJ/3/ccomp ./PUNCT/8/punct \"/PUNCT/8/punct",
                "add"
            )
            .as_deref(),
            Some("Nefzi")
        );
    }

    #[test]
    fn a_participle_on_a_noun_is_the_noun_s_or_its_issuer_s() {
        // "There was evidence suggesting the plan failed."
        assert_eq!(
            speaker_for_cue(
                "There/PRON/1/expl was/VERB/-/root evidence/NOUN/1/nsubj \
                 suggesting/VERB/2/acl the/DET/5/det plan/NOUN/6/nsubj \
                 failed/VERB/3/ccomp ./PUNCT/1/punct",
                "suggest"
            )
            .as_deref(),
            Some("evidence")
        );
        // "Carter issued a statement saying the bridge would reopen."
        assert_eq!(
            speaker_for_cue(
                "Carter/PROPN/1/nsubj issued/VERB/-/root a/DET/3/det statement/NOUN/1/obj \
                 saying/VERB/3/acl the/DET/6/det bridge/NOUN/8/nsubj would/AUX/8/aux \
                 reopen/VERB/4/ccomp ./PUNCT/1/punct",
                "say"
            )
            .as_deref(),
            Some("Carter")
        );
    }
}
