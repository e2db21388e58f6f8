//! Finding the article body in the tree and cutting it into blocks.
//!
//! 1. Boilerplate subtrees are skipped: non-content tags (`nav`, `aside`, `footer`,
//!    `script`, forms' controls...), hidden elements, navigation/complementary roles and
//!    class/id names that mark sharing, related links, comments, cookie banners, ads...
//! 2. The remaining text is cut into blocks at block-level element boundaries (and at
//!    `<br><br>`), each remembering its innermost block element and how much of it is
//!    link text.
//! 3. The article root: every block adds a weight to all its ancestors, positive for
//!    prose (non-link text of blocks of 25+ characters, less for text outside `<p>`, for
//!    list items and for a long block standing alone in its container, as teaser cards
//!    do), negative for link text and short labels. The best-scoring element is the
//!    paragraphs' common container (the readability idea, made additive so an article
//!    split around an ad lands on the parts' shared parent); from there the root moves
//!    down while one child holds most of the positive weight, because prose elsewhere on
//!    the page (teasers, a long footer) also lifts the page's top containers.
//! 4. Blocks inside the root pass a last filter (link-heavy lists, "Read more"/"Share"
//!    lines).

use super::dom::{decode, Attr, Data, Dom, NodeId, Tag, NONE, ROOT};
use aho_corasick::AhoCorasick;
use dateline_document::BlockKind;
use std::sync::LazyLock;

/// One block of text as the page lays it out.
#[derive(Debug, Clone)]
pub struct TextBlock {
    pub kind: BlockKind,
    /// Whitespace-normalised text.
    pub text: String,
    /// Innermost block-level element holding the text.
    pub owner: NodeId,
    pub owner_tag: Tag,
    /// Non-space characters, and how many of them are inside links.
    pub chars: usize,
    pub link_chars: usize,
}

impl TextBlock {
    fn link_density(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f64 / self.chars as f64
        }
    }

    /// Looks like article prose rather than navigation or a label.
    fn is_content(&self) -> bool {
        let density = self.link_density();
        (self.chars >= 60 && density < 0.3)
            || (self.owner_tag == Tag::P && self.chars >= 25 && density < 0.3)
    }
}

/// Every block of the page outside boilerplate subtrees, in reading order.
pub fn text_blocks(dom: &Dom<'_>) -> Vec<TextBlock> {
    let n = dom.len();
    let in_link = links(dom);
    let prose = prose_chars(dom, &in_link);
    // A wrapper holding this much of the page's prose is layout, whatever its name says
    // ("content-with-sidebar"): names only remove smaller parts.
    let wrapper_prose = prose[ROOT as usize] * 3 / 5;
    // ...and an element also named like content ("entry share") when it holds a quarter.
    let named_content_prose = prose[ROOT as usize] / 4;
    let holds_article = article_markers(dom);
    let mut builder = BlockBuilder::default();
    // Open block-level elements with the end of their id range.
    let mut open: Vec<(NodeId, Tag, NodeId)> = Vec::new();
    let mut id: NodeId = 1;
    while (id as usize) < n {
        while let Some(&(_, _, end)) = open.last() {
            if id < end {
                break;
            }
            builder.flush(&open);
            open.pop();
        }
        match dom.nodes[id as usize].data {
            Data::Text(raw) => {
                builder.push_text(&decode(raw), in_link[id as usize]);
                id += 1;
            }
            Data::Element { tag, .. } => {
                let verdict = boilerplate(dom, id, tag);
                let most_of_page = prose[id as usize] >= wrapper_prose;
                let skip = match verdict {
                    Verdict::Content => false,
                    Verdict::Always => true,
                    Verdict::Hidden => !most_of_page,
                    Verdict::Marked => {
                        let named_content = prose[id as usize] >= named_content_prose
                            && names_content(dom.attr(id, Attr::Class).unwrap_or(""));
                        !most_of_page && !holds_article[id as usize] && !named_content
                    }
                };
                if skip {
                    id = dom.subtree_end(id);
                    continue;
                }
                match tag {
                    Tag::Br => builder.line_break(&open),
                    Tag::Img | Tag::Hr => builder.separator(),
                    _ if is_block_level(tag) => {
                        builder.flush(&open);
                        open.push((id, tag, dom.subtree_end(id)));
                    }
                    _ => {}
                }
                id += 1;
            }
        }
    }
    builder.flush(&open);
    builder.blocks
}

/// Whether each node is inside a link (forward pass: parents come first).
fn links(dom: &Dom<'_>) -> Vec<bool> {
    let mut in_link = vec![false; dom.len()];
    for id in 1..dom.len() {
        let node = &dom.nodes[id];
        in_link[id] =
            in_link[node.parent as usize] || matches!(node.data, Data::Element { tag: Tag::A, .. });
    }
    in_link
}

/// Whether each node is or contains an element that declares itself the article
/// (`<article>`, `<main>`, `itemprop=articleBody`, an article-body class name).
fn article_markers(dom: &Dom<'_>) -> Vec<bool> {
    let mut marked = vec![false; dom.len()];
    for id in (1..dom.len()).rev() {
        let own = match dom.tag(id as NodeId) {
            Some(Tag::Article | Tag::Main) => true,
            Some(_) => {
                dom.attr(id as NodeId, Attr::Itemprop)
                    .is_some_and(|p| p.contains("articleBody"))
                    || dom
                        .attr(id as NodeId, Attr::Class)
                        .is_some_and(names_article_body)
            }
            None => false,
        };
        if own || marked[id] {
            marked[id] = true;
            marked[dom.parent(id as NodeId) as usize] = true;
        }
    }
    marked
}

fn names_article_body(names: &str) -> bool {
    static BODY: LazyLock<AhoCorasick> = LazyLock::new(|| case_insensitive(BODY_NAMES));
    BODY.is_match(names)
}

/// Bytes of visible, non-link text under each node (reverse pass: children come last).
fn prose_chars(dom: &Dom<'_>, in_link: &[bool]) -> Vec<usize> {
    let mut prose = vec![0usize; dom.len()];
    for id in (1..dom.len()).rev() {
        let node = &dom.nodes[id];
        if let Data::Text(text) = node.data {
            let hidden = matches!(
                dom.tag(node.parent),
                Some(
                    Tag::Script
                        | Tag::Style
                        | Tag::Noscript
                        | Tag::Template
                        | Tag::Title
                        | Tag::Textarea
                )
            );
            if !hidden && !in_link[id] {
                prose[id] = text.bytes().filter(|b| !b.is_ascii_whitespace()).count();
            }
        }
        prose[node.parent as usize] += prose[id];
    }
    prose
}

#[derive(Default)]
struct BlockBuilder {
    blocks: Vec<TextBlock>,
    text: String,
    chars: usize,
    link_chars: usize,
    /// A `<br>` was the last thing in the run (two in a row split the block).
    after_break: bool,
}

impl BlockBuilder {
    fn push_text(&mut self, text: &str, in_link: bool) {
        for c in text.chars() {
            if c.is_whitespace() {
                if !self.text.is_empty() && !self.text.ends_with(' ') {
                    self.text.push(' ');
                }
            } else if !is_invisible(c) {
                self.text.push(c);
                self.chars += 1;
                if in_link {
                    self.link_chars += 1;
                }
                self.after_break = false;
            }
        }
    }

    fn separator(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.text.push(' ');
        }
    }

    fn line_break(&mut self, open: &[(NodeId, Tag, NodeId)]) {
        if self.after_break {
            self.flush(open);
        } else {
            self.separator();
            self.after_break = self.chars > 0;
        }
    }

    fn flush(&mut self, open: &[(NodeId, Tag, NodeId)]) {
        self.after_break = false;
        let text = self.text.trim_end();
        if self.chars == 0 {
            self.text.clear();
            return;
        }
        let (owner, owner_tag) = open
            .last()
            .map_or((ROOT, Tag::Document), |&(id, tag, _)| (id, tag));
        let kind = if open.iter().any(|&(_, tag, _)| tag == Tag::Blockquote) {
            BlockKind::Blockquote
        } else {
            match owner_tag {
                Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6 => BlockKind::Subheading,
                Tag::Li | Tag::Dd | Tag::Dt => BlockKind::ListItem,
                _ => BlockKind::Paragraph,
            }
        };
        self.blocks.push(TextBlock {
            kind,
            text: text.to_string(),
            owner,
            owner_tag,
            chars: self.chars,
            link_chars: self.link_chars,
        });
        self.text.clear();
        self.chars = 0;
        self.link_chars = 0;
    }
}

/// Zero-width and soft-hyphen characters that pages use for layout, not text.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}'
    )
}

fn is_block_level(tag: Tag) -> bool {
    use Tag::*;
    matches!(
        tag,
        P | Div
            | Section
            | Article
            | Main
            | H1
            | H2
            | H3
            | H4
            | H5
            | H6
            | Ul
            | Ol
            | Li
            | Dl
            | Dt
            | Dd
            | Blockquote
            | Pre
            | Table
            | Tr
            | Td
            | Th
            | Caption
            | Thead
            | Tbody
            | Tfoot
            | Figure
            | Figcaption
            | Header
            | Footer
            | Nav
            | Aside
            | Form
            | Fieldset
            | Address
            | Center
            | Details
            | Summary
            | Hgroup
            | Body
            | Html
            | Menu
            | Dir
            | Dialog
            | Legend
            | Frameset
            | Noscript
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Content,
    /// Its tag says the subtree is not article text.
    Always,
    /// Hidden, or a page region that is not the article (`nav`, `header`, `figure`...);
    /// trusted unless the subtree holds most of the page (an off-canvas wrapper, an
    /// unclosed `<header>`).
    Hidden,
    /// Its role, class or id marks boilerplate; trusted unless the subtree holds most of
    /// the page or declares the article inside ("content-with-sidebar").
    Marked,
}

/// Subtrees that never hold article text.
fn boilerplate(dom: &Dom<'_>, id: NodeId, tag: Tag) -> Verdict {
    use Tag::*;
    if matches!(
        tag,
        Head | Script
            | Style
            | Noscript
            | Template
            | Svg
            | Math
            | Canvas
            | Iframe
            | Object
            | Embed
            | Video
            | Audio
            | Button
            | Select
            | Input
            | Textarea
            | Title
            | Frameset
            | Noframes
            | Label
    ) {
        return Verdict::Always;
    }
    if matches!(
        tag,
        Nav | Aside | Footer | Header | Menu | Dialog | Figure | Figcaption
    ) {
        return Verdict::Hidden;
    }
    if matches!(tag, Body | Html | Article | Main) {
        return Verdict::Content;
    }
    if dom.attr(id, Attr::Hidden).is_some() || dom.attr(id, Attr::AriaHidden) == Some("true") {
        return Verdict::Hidden;
    }
    if let Some(style) = dom.attr(id, Attr::Style) {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return Verdict::Hidden;
        }
    }
    if let Some(role) = dom.attr(id, Attr::Role) {
        if matches!(
            role.trim().to_ascii_lowercase().as_str(),
            "navigation"
                | "complementary"
                | "contentinfo"
                | "banner"
                | "search"
                | "dialog"
                | "alertdialog"
                | "menu"
                | "menubar"
                | "toolbar"
        ) {
            return Verdict::Marked;
        }
    }
    let class = dom.attr(id, Attr::Class).unwrap_or("");
    let element_id = dom.attr(id, Attr::Id).unwrap_or("");
    if names_boilerplate(class, element_id) {
        Verdict::Marked
    } else {
        Verdict::Content
    }
}

/// Whether class and id names mark boilerplate: any name containing a boilerplate word,
/// unless a name also marks the article body ("article-body-related" stays).
fn names_boilerplate(class: &str, id: &str) -> bool {
    if class.is_empty() && id.is_empty() {
        return false;
    }
    if names_article_body(class) || names_article_body(id) {
        return false;
    }
    let matcher = |names: &str| {
        static SUBSTRINGS: LazyLock<AhoCorasick> =
            LazyLock::new(|| case_insensitive(BOILERPLATE_SUBSTRINGS));
        SUBSTRINGS.is_match(names)
            || names
                .split(|c: char| c.is_ascii_whitespace() || matches!(c, '-' | '_' | '.' | ':'))
                .any(|word| {
                    BOILERPLATE_WORDS
                        .iter()
                        .any(|bad| word.eq_ignore_ascii_case(bad))
                })
    };
    matcher(class) || matcher(id)
}

/// Class names that say "this is the text" on their own (readability's positive words).
fn names_content(class: &str) -> bool {
    class.split_ascii_whitespace().any(|name| {
        [
            "entry", "post", "article", "content", "story", "text", "body",
        ]
        .iter()
        .any(|word| name.eq_ignore_ascii_case(word))
    })
}

fn case_insensitive(patterns: &[&str]) -> AhoCorasick {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(patterns)
        .expect("literal patterns build")
}

/// Name fragments of article-body containers.
const BODY_NAMES: &[&str] = &[
    "articlebody",
    "article-body",
    "article_body",
    "article__body",
    "storybody",
    "story-body",
    "story_body",
    "entry-content",
    "post-content",
    "postbody",
    "post-body",
    "article-content",
    "article__content",
    "articletext",
    "article-text",
    "story-content",
    "main-content",
];

/// Fragments that mark boilerplate wherever they occur in a class or id.
const BOILERPLATE_SUBSTRINGS: &[&str] = &[
    "share",
    "social",
    "related",
    "comment",
    "cookie",
    "consent",
    "newsletter",
    "promo",
    "advert",
    "sponsor",
    "sidebar",
    "footer",
    "breadcrumb",
    "subscri",
    "signup",
    "popup",
    "modal",
    "outbrain",
    "taboola",
    "disqus",
    "recommend",
    "popular",
    "trending",
    "byline",
    "caption",
    "toolbar",
    "pagination",
    "navbar",
    "navigation",
    "readmore",
    "read-more",
    "masthead",
    "visually-hidden",
    "sr-only",
    "screen-reader",
];

/// Whole words (between `-`, `_`) that mark boilerplate.
const BOILERPLATE_WORDS: &[&str] = &[
    "ad", "ads", "adv", "author", "credit", "credits", "tags", "nav", "menu", "banner", "meta",
    "login", "print", "skip", "dfp", "gpt",
];

/// How much a long block standing alone in its container counts (teaser cards).
const ISOLATED_BLOCK_WEIGHT: f64 = 0.4;
/// How much a list item counts: lists are as often link lists as article content.
const LIST_ITEM_WEIGHT: f64 = 0.5;

/// How much text outside paragraphs counts (card descriptions and labels are `div`s).
const LOOSE_TEXT_WEIGHT: f64 = 0.6;

/// A child holding this share of its parent's content is the article's container.
const DOMINANT_CHILD_SHARE: f64 = 0.7;

/// The element whose subtree holds the article, and the blocks inside it.
pub fn select_article(dom: &Dom<'_>, blocks: &[TextBlock]) -> NodeId {
    let n = dom.len();
    let mut score = vec![0f64; n];
    // The positive part of `score` alone: how much content lies under each node.
    let mut gain = vec![0f64; n];
    // Article paragraphs come in runs of siblings; teaser summaries stand alone, one per
    // card. Count the long blocks under each container to tell them apart.
    let container = |block: &TextBlock| match block.owner_tag {
        Tag::P | Tag::Li | Tag::Dd | Tag::Dt | Tag::Blockquote | Tag::Pre => {
            dom.parent(block.owner)
        }
        _ => block.owner,
    };
    let mut siblings = vec![0u32; n];
    for block in blocks.iter().filter(|b| b.chars >= 25) {
        let c = container(block);
        if c != NONE {
            siblings[c as usize] += 1;
        }
    }
    for block in blocks {
        let own = (block.chars - block.link_chars) as f64;
        let mut weight = if block.kind == BlockKind::Subheading {
            0.0
        } else if block.chars < 25 {
            -(block.link_chars as f64) - 0.3 * own
        } else {
            own - block.link_chars as f64
        };
        if weight > 0.0 {
            let c = container(block);
            if c == NONE || siblings[c as usize] < 2 {
                weight *= ISOLATED_BLOCK_WEIGHT;
            }
            match block.owner_tag {
                Tag::P | Tag::Pre | Tag::Blockquote => {}
                Tag::Li | Tag::Dd | Tag::Dt => weight *= LIST_ITEM_WEIGHT,
                _ => weight *= LOOSE_TEXT_WEIGHT,
            }
        }
        let mut node = block.owner;
        while node != NONE {
            score[node as usize] += weight;
            gain[node as usize] += weight.max(0.0);
            node = dom.parent(node);
        }
    }
    let mut best = ROOT;
    for id in 0..n {
        if dom.tag(id as NodeId).is_some() && score[id] > score[best as usize] {
            best = id as NodeId;
        }
    }
    // Content outside the article (teasers, a long footer) still adds to the page's top
    // containers: descend while one child holds most of the content.
    loop {
        let top_child = dom
            .children(best)
            .filter(|&c| dom.tag(c).is_some())
            .max_by(|&a, &b| gain[a as usize].total_cmp(&gain[b as usize]));
        match top_child {
            Some(child) if gain[child as usize] >= DOMINANT_CHILD_SHARE * gain[best as usize] => {
                best = child
            }
            _ => break,
        }
    }
    best
}

/// Blocks of the article under `root`, boilerplate lines removed.
pub fn article_blocks(dom: &Dom<'_>, blocks: Vec<TextBlock>, root: NodeId) -> Vec<TextBlock> {
    let end = dom.subtree_end(root);
    blocks
        .into_iter()
        .filter(|b| b.owner >= root && b.owner < end)
        .filter(|b| b.owner_tag != Tag::H1)
        .filter(|b| b.link_density() < 0.5 || b.is_content() && b.link_density() < 0.6)
        .filter(|b| !is_boilerplate_line(&b.text))
        .collect()
}

/// Short lines that are page furniture in any article ("Advertisement", "Read more").
fn is_boilerplate_line(text: &str) -> bool {
    if text.chars().count() > 40 {
        return false;
    }
    let lower = text
        .trim_end_matches([':', '.', '»', '>', '›', '…'])
        .trim()
        .to_lowercase();
    BOILERPLATE_LINES.iter().any(|line| lower == *line)
        || lower.starts_with("share this")
        || lower.starts_with("read more")
        || lower.starts_with("related:")
}

const BOILERPLATE_LINES: &[&str] = &[
    "advert",
    "advertisement",
    "advertising",
    "anzeige",
    "publicité",
    "реклама",
    "read more",
    "all news",
    "share",
    "share this",
    "share this article",
    "tweet",
    "email",
    "print",
    "comments",
    "related",
    "related articles",
    "related stories",
    "continue reading",
    "sponsored",
    "skip to content",
    "skip to main content",
    "subscribe",
    "sign up",
    "log in",
    "login",
    "loading",
    "loading...",
    "back to top",
    "next",
    "previous",
    "more",
];

#[cfg(test)]
mod tests {
    use super::super::dom::parse;
    use super::*;

    fn article_text(html: &str) -> Vec<String> {
        let dom = parse(html, 512);
        let blocks = text_blocks(&dom);
        let root = select_article(&dom, &blocks);
        article_blocks(&dom, blocks, root)
            .into_iter()
            .map(|b| b.text)
            .collect()
    }

    const PROSE: &str = "The council approved the budget on Tuesday, after a debate that lasted well into the night.";

    #[test]
    fn keeps_article_paragraphs_and_drops_page_furniture() {
        let html = format!(
            r#"<body><nav><a href=/>Home</a> <a href=/news>All news</a></nav>
            <div class="cookie-banner">We use cookies to improve your experience of this website, accept them all.</div>
            <main><article><h1>Headline</h1><p>{PROSE}</p><h2>Reaction</h2><p>{PROSE} Again.</p>
            <div class="share-buttons"><a href=#>Facebook</a><a href=#>Twitter</a></div>
            <ul><li>A list item that belongs to the article, with commas, and words.</li></ul>
            <p>Advertisement</p></article></main>
            <aside><p>{PROSE} In the sidebar.</p></aside><footer>© Site</footer></body>"#
        );
        assert_eq!(
            article_text(&html),
            [
                PROSE.to_string(),
                "Reaction".into(),
                format!("{PROSE} Again."),
                "A list item that belongs to the article, with commas, and words.".into()
            ]
        );
    }

    #[test]
    fn related_links_list_is_dropped_but_body_class_with_related_word_is_kept() {
        let html = format!(
            r#"<div class="article-body-related"><p>{PROSE}</p><p>{PROSE} Two.</p></div>
            <ul class=x><li><a href=/1>First other story headline here</a></li>
            <li><a href=/2>Second other story headline here</a></li></ul>"#
        );
        assert_eq!(
            article_text(&html),
            [PROSE.to_string(), format!("{PROSE} Two.")]
        );
    }

    #[test]
    fn article_split_around_an_ad_is_kept_whole() {
        let html = format!(
            r#"<div id=menu-x><p><a href=/a>Section A</a> <a href=/b>Section B</a></p></div>
            <div class=wrap><div class=part><p>{PROSE} One.</p></div><div class="ad-slot">Ad</div>
            <div class=part><p>{PROSE} Two.</p></div></div>"#
        );
        assert_eq!(
            article_text(&html),
            [format!("{PROSE} One."), format!("{PROSE} Two.")]
        );
    }

    #[test]
    fn teasers_below_the_article_are_not_pulled_in() {
        let teaser = |i: usize| {
            format!(
                r#"<div class=card><div class=title><a href=/{i}>Other story {i}</a></div>
                <div class=summary>A teaser summary that is long enough to look like prose, number {i}.</div></div>"#
            )
        };
        let cards: String = (0..6).map(teaser).collect();
        let html = format!(
            r#"<body><main><div class=text><p>{PROSE} One.</p><p>{PROSE} Two.</p><p>{PROSE} Three.</p>
            <p>{PROSE} Four.</p></div></main><div class=more>{cards}</div></body>"#
        );
        assert_eq!(article_text(&html).len(), 4);
    }

    #[test]
    fn wrappers_holding_most_of_the_page_survive_their_names() {
        let html = format!(
            r#"<div aria-hidden=true class=off-canvas-wrapper><div class="content-with-sidebar">
            <p>{PROSE} One.</p><p>{PROSE} Two.</p></div></div>"#
        );
        assert_eq!(
            article_text(&html),
            [format!("{PROSE} One."), format!("{PROSE} Two.")]
        );
        let small_sidebar = format!(
            r#"<div><p>{PROSE} One.</p><p>{PROSE} Two.</p><p>{PROSE} Three.</p></div>
            <div class=sidebar><p>{PROSE} Side.</p></div>"#
        );
        assert_eq!(article_text(&small_sidebar).len(), 3);
    }

    #[test]
    fn blocks_split_on_double_br_and_keep_kinds() {
        let dom = parse(
            "<div>one<br>two<br><br>three</div><blockquote><p>q</p></blockquote>",
            512,
        );
        let blocks = text_blocks(&dom);
        let texts: Vec<_> = blocks.iter().map(|b| (b.text.as_str(), b.kind)).collect();
        assert_eq!(
            texts,
            [
                ("one two", BlockKind::Paragraph),
                ("three", BlockKind::Paragraph),
                ("q", BlockKind::Blockquote)
            ]
        );
    }

    #[test]
    fn hidden_and_comment_sections_are_skipped() {
        let html = format!(
            r#"<div><p>{PROSE}</p><p style="display: none">{PROSE} Hidden.</p>
            <section id=comments><p>{PROSE} A reader comment.</p></section></div>"#
        );
        assert_eq!(article_text(&html), [PROSE.to_string()]);
    }
}
