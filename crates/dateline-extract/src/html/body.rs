//! Finding the article body in the tree and cutting it into blocks.
//!
//! 1. Boilerplate subtrees are skipped: non-content tags (`nav`, `aside`, `footer`,
//!    `script`, forms' controls...), hidden elements, navigation/complementary roles and
//!    class/id names that mark sharing, related links, comments, cookie banners, ads...
//! 2. The remaining text is cut into blocks at block-level element boundaries (and at
//!    `<br><br>`), each remembering its innermost block element and how much of it is
//!    link text.
//! 3. The article root is the element that maximises "content text minus boilerplate
//!    text" over its subtree, where content text is long enough, low-link-density block
//!    text and boilerplate is link text plus short or link-heavy blocks: the readability
//!    idea of finding the paragraphs' common container, made additive so an article split
//!    into sibling parts (around an ad) lands on their shared parent.
//! 4. Blocks inside the root pass a last filter (link-heavy lists, "Read more"/"Share"
//!    lines).

use super::dom::{decode, Attr, Data, Dom, NodeId, Tag, NONE, ROOT};
use dateline_document::BlockKind;

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
        (self.chars >= 60 && density < 0.3) || (self.owner_tag == Tag::P && self.chars >= 25 && density < 0.3)
    }
}

/// Every block of the page outside boilerplate subtrees, in reading order.
pub fn text_blocks(dom: &Dom<'_>) -> Vec<TextBlock> {
    let n = dom.len();
    let mut in_link = vec![false; n];
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
        let node = &dom.nodes[id as usize];
        let parent_in_link = node.parent != NONE && in_link[node.parent as usize];
        match node.data {
            Data::Text(raw) => {
                builder.push_text(&decode(raw), parent_in_link);
                id += 1;
            }
            Data::Element { tag, .. } => {
                if is_boilerplate(dom, id, tag) {
                    id = dom.subtree_end(id);
                    continue;
                }
                in_link[id as usize] = parent_in_link || tag == Tag::A;
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
        let (owner, owner_tag) = open.last().map_or((ROOT, Tag::Document), |&(id, tag, _)| (id, tag));
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
    matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}')
}

fn is_block_level(tag: Tag) -> bool {
    use Tag::*;
    matches!(
        tag,
        P | Div | Section | Article | Main | H1 | H2 | H3 | H4 | H5 | H6 | Ul | Ol | Li | Dl
            | Dt | Dd | Blockquote | Pre | Table | Tr | Td | Th | Caption | Thead | Tbody
            | Tfoot | Figure | Figcaption | Header | Footer | Nav | Aside | Form | Fieldset
            | Address | Center | Details | Summary | Hgroup | Body | Html | Menu | Dir | Dialog
            | Legend | Frameset | Noscript
    )
}

/// Subtrees that never hold article text.
fn is_boilerplate(dom: &Dom<'_>, id: NodeId, tag: Tag) -> bool {
    use Tag::*;
    if matches!(
        tag,
        Head | Script | Style | Noscript | Template | Svg | Math | Canvas | Iframe | Object
            | Embed | Video | Audio | Button | Select | Input | Textarea | Nav | Aside | Footer
            | Header | Menu | Dialog | Figure | Figcaption | Title | Frameset | Noframes | Label
    ) {
        return true;
    }
    if matches!(tag, Body | Html | Article | Main) {
        return false;
    }
    if dom.attr(id, Attr::Hidden).is_some() || dom.attr(id, Attr::AriaHidden) == Some("true") {
        return true;
    }
    if let Some(style) = dom.attr(id, Attr::Style) {
        let style: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    if let Some(role) = dom.attr(id, Attr::Role) {
        if matches!(
            role.trim().to_ascii_lowercase().as_str(),
            "navigation" | "complementary" | "contentinfo" | "banner" | "search" | "dialog"
                | "alertdialog" | "menu" | "menubar" | "toolbar"
        ) {
            return true;
        }
    }
    let class = dom.attr(id, Attr::Class).unwrap_or("");
    let element_id = dom.attr(id, Attr::Id).unwrap_or("");
    names_boilerplate(class, element_id)
}

/// Whether class and id names mark boilerplate: any name containing a boilerplate word,
/// unless a name also marks the article body ("article-body-related" stays).
fn names_boilerplate(class: &str, id: &str) -> bool {
    if class.is_empty() && id.is_empty() {
        return false;
    }
    let mut boilerplate = false;
    for name in class.split_ascii_whitespace().chain(std::iter::once(id)) {
        let name = name.to_ascii_lowercase();
        if BODY_NAMES.iter().any(|good| name.contains(good)) {
            return false;
        }
        boilerplate |= BOILERPLATE_SUBSTRINGS.iter().any(|bad| name.contains(bad))
            || name
                .split(|c: char| c == '-' || c == '_' || c == '.' || c == ':')
                .any(|word| BOILERPLATE_WORDS.contains(&word));
    }
    boilerplate
}

/// Name fragments of article-body containers.
const BODY_NAMES: &[&str] = &[
    "articlebody", "article-body", "article_body", "article__body", "storybody", "story-body",
    "story_body", "entry-content", "post-content", "postbody", "post-body", "article-content",
    "article__content", "articletext", "article-text", "story-content", "main-content",
];

/// Fragments that mark boilerplate wherever they occur in a class or id.
const BOILERPLATE_SUBSTRINGS: &[&str] = &[
    "share", "social", "related", "comment", "cookie", "consent", "newsletter", "promo",
    "advert", "sponsor", "sidebar", "widget", "footer", "breadcrumb", "subscri", "signup",
    "popup", "modal", "outbrain", "taboola", "disqus", "recommend", "popular", "trending",
    "byline", "caption", "toolbar", "pagination", "navbar", "navigation", "readmore",
    "read-more", "masthead", "paywall", "visually-hidden", "sr-only", "screen-reader",
];

/// Whole words (between `-`, `_`) that mark boilerplate.
const BOILERPLATE_WORDS: &[&str] = &[
    "ad", "ads", "adv", "author", "credit", "credits", "tags", "tag", "hidden", "nav", "menu",
    "banner", "meta", "login", "print", "skip", "dfp", "gpt",
];

/// The element whose subtree holds the article, and the blocks inside it.
pub fn select_article(dom: &Dom<'_>, blocks: &[TextBlock]) -> NodeId {
    let n = dom.len();
    let mut score = vec![0f64; n];
    for block in blocks {
        let weight = if block.is_content() {
            block.chars as f64 - 2.0 * block.link_chars as f64
        } else if block.kind == BlockKind::Subheading {
            0.0
        } else {
            -(block.chars as f64)
        };
        let mut node = block.owner;
        while node != NONE {
            score[node as usize] += weight;
            node = dom.parent(node);
        }
    }
    let mut best = ROOT;
    for id in 0..n {
        if dom.tag(id as NodeId).is_some() && score[id] > score[best as usize] {
            best = id as NodeId;
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
    let lower = text.trim_end_matches([':', '.', '»', '>', '›', '…']).trim().to_lowercase();
    BOILERPLATE_LINES.iter().any(|line| lower == *line)
        || lower.starts_with("share this")
        || lower.starts_with("read more")
        || lower.starts_with("related:")
}

const BOILERPLATE_LINES: &[&str] = &[
    "advertisement", "advertising", "anzeige", "publicité", "реклама", "read more", "all news",
    "share", "share this", "share this article", "tweet", "email", "print", "comments",
    "related", "related articles", "related stories", "continue reading", "sponsored",
    "skip to content", "skip to main content", "subscribe", "sign up", "log in", "login",
    "loading", "loading...", "back to top", "next", "previous", "more",
];

#[cfg(test)]
mod tests {
    use super::super::dom::parse;
    use super::*;

    fn article_text(html: &str) -> Vec<String> {
        let dom = parse(html, 512);
        let blocks = text_blocks(&dom);
        let root = select_article(&dom, &blocks);
        article_blocks(&dom, blocks, root).into_iter().map(|b| b.text).collect()
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
        assert_eq!(article_text(&html), [PROSE.to_string(), format!("{PROSE} Two.")]);
    }

    #[test]
    fn article_split_around_an_ad_is_kept_whole() {
        let html = format!(
            r#"<div id=menu-x><p><a href=/a>Section A</a> <a href=/b>Section B</a></p></div>
            <div class=wrap><div class=part><p>{PROSE} One.</p></div><div class="ad-slot">Ad</div>
            <div class=part><p>{PROSE} Two.</p></div></div>"#
        );
        assert_eq!(article_text(&html), [format!("{PROSE} One."), format!("{PROSE} Two.")]);
    }

    #[test]
    fn blocks_split_on_double_br_and_keep_kinds() {
        let dom = parse("<div>one<br>two<br><br>three</div><blockquote><p>q</p></blockquote>", 512);
        let blocks = text_blocks(&dom);
        let texts: Vec<_> = blocks.iter().map(|b| (b.text.as_str(), b.kind)).collect();
        assert_eq!(
            texts,
            [("one two", BlockKind::Paragraph), ("three", BlockKind::Paragraph), ("q", BlockKind::Blockquote)]
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
