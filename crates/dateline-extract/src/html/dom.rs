//! A fast, forgiving HTML tokenizer and arena tree builder.
//!
//! Why not html5ever: on the ScrapingHub pages (136 pages, 167 KB average, release build,
//! one core) `scraper::Html::parse_document` alone takes 1.13 ms/page (148 MB/s), the whole
//! per-page budget of the extractor; `tl` parses in 0.22 ms/page (755 MB/s) but does not
//! close elements implicitly (`<p>a<p>b` nests), which breaks paragraph structure. This
//! builder borrows text and attribute values from the input, keeps only the attributes the
//! extractor reads, and applies the HTML rules that shape article text: implied end tags
//! (`p`, `li`, `dt`/`dd`, table parts, `option`, headings), void elements, raw-text elements
//! (`script`, `style`, `title`, `textarea`...), comments, CDATA and bogus comments. It does
//! not implement the adoption agency or foster parenting; misnested inline tags are closed
//! up to their nearest match instead.
//!
//! Nodes are appended in document order, so a parent's id is always smaller than its
//! children's: a forward pass over ids visits ancestors first and a reverse pass
//! aggregates subtrees, both without recursion.

use memchr::memchr;

pub type NodeId = u32;
/// Marks "no node" in the parent/child/sibling links.
pub const NONE: NodeId = u32::MAX;
/// The document node, parent of the top-level elements.
pub const ROOT: NodeId = 0;

macro_rules! tags {
    ($($variant:ident = $name:literal),* $(,)?) => {
        /// Element names the extractor distinguishes; everything else is `Other`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Tag { Document, Other, $($variant),* }

        impl Tag {
            fn from_lowercase(name: &[u8]) -> Tag {
                match name { $($name => Tag::$variant,)* _ => Tag::Other }
            }
        }
    };
}

tags! {
    A = b"a", Abbr = b"abbr", Address = b"address", Applet = b"applet", Area = b"area",
    Article = b"article", Aside = b"aside", Audio = b"audio", B = b"b", Base = b"base",
    Blockquote = b"blockquote", Body = b"body", Br = b"br", Button = b"button",
    Canvas = b"canvas", Caption = b"caption", Center = b"center", Cite = b"cite",
    Code = b"code", Col = b"col", Colgroup = b"colgroup", Dd = b"dd", Del = b"del",
    Details = b"details", Dialog = b"dialog", Dir = b"dir", Div = b"div", Dl = b"dl",
    Dt = b"dt", Em = b"em", Embed = b"embed", Fieldset = b"fieldset",
    Figcaption = b"figcaption", Figure = b"figure", Font = b"font", Footer = b"footer",
    Form = b"form", Frame = b"frame", Frameset = b"frameset", H1 = b"h1", H2 = b"h2",
    H3 = b"h3", H4 = b"h4", H5 = b"h5", H6 = b"h6", Head = b"head", Header = b"header",
    Hgroup = b"hgroup", Hr = b"hr", Html = b"html", I = b"i", Iframe = b"iframe",
    Img = b"img", Input = b"input", Ins = b"ins", Keygen = b"keygen", Label = b"label",
    Legend = b"legend", Li = b"li", Link = b"link", Main = b"main", Marquee = b"marquee",
    Math = b"math", Menu = b"menu", Meta = b"meta", Nav = b"nav", Noembed = b"noembed",
    Noframes = b"noframes", Noscript = b"noscript", Object = b"object", Ol = b"ol",
    Optgroup = b"optgroup", Option = b"option", P = b"p", Param = b"param",
    Picture = b"picture", Plaintext = b"plaintext", Pre = b"pre", Q = b"q", S = b"s",
    Script = b"script", Section = b"section", Select = b"select", Small = b"small",
    Source = b"source", Span = b"span", Strong = b"strong", Style = b"style", Sub = b"sub",
    Summary = b"summary", Sup = b"sup", Svg = b"svg", Table = b"table", Tbody = b"tbody",
    Td = b"td", Template = b"template", Textarea = b"textarea", Tfoot = b"tfoot",
    Th = b"th", Thead = b"thead", Time = b"time", Title = b"title", Tr = b"tr",
    Track = b"track", U = b"u", Ul = b"ul", Video = b"video", Wbr = b"wbr", Xmp = b"xmp",
}

impl Tag {
    fn is_void(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Area | Base
                | Br
                | Col
                | Embed
                | Hr
                | Img
                | Input
                | Keygen
                | Link
                | Meta
                | Param
                | Source
                | Track
                | Wbr
                | Frame
        )
    }

    /// Elements whose content is text up to the matching end tag, never markup.
    fn is_raw_text(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Script
                | Style
                | Textarea
                | Title
                | Xmp
                | Iframe
                | Noembed
                | Noframes
                | Noscript
                | Plaintext
        )
    }

    /// Start tags that close an open `<p>` (the HTML "close a p element" list).
    fn closes_p(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Address
                | Article
                | Aside
                | Blockquote
                | Center
                | Details
                | Dialog
                | Dir
                | Div
                | Dl
                | Fieldset
                | Figcaption
                | Figure
                | Footer
                | Form
                | H1
                | H2
                | H3
                | H4
                | H5
                | H6
                | Header
                | Hgroup
                | Hr
                | Main
                | Menu
                | Nav
                | Ol
                | P
                | Pre
                | Section
                | Summary
                | Table
                | Ul
                | Li
                | Dd
                | Dt
                | Plaintext
                | Xmp
        )
    }

    /// Elements that stop the search for an element to close ("scope" boundaries).
    fn is_scope_boundary(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Document | Html | Table | Td | Th | Caption | Template | Applet | Object | Marquee
        )
    }

    /// Block containers that an implied `</li>` / `</dd>` does not reach through.
    fn blocks_list_item_close(self) -> bool {
        use Tag::*;
        self.is_scope_boundary()
            || matches!(
                self,
                Ul | Ol
                    | Dl
                    | Menu
                    | Dir
                    | Article
                    | Section
                    | Aside
                    | Nav
                    | Blockquote
                    | Figure
                    | Footer
                    | Header
                    | Main
                    | Form
                    | Fieldset
                    | Body
            )
    }

    pub fn is_heading(self) -> bool {
        matches!(
            self,
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6
        )
    }
}

macro_rules! attrs {
    ($($variant:ident = $name:literal),* $(,)?) => {
        /// Attributes the extractor reads; the others are not stored.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Attr { $($variant),* }

        impl Attr {
            fn from_lowercase(name: &[u8]) -> Option<Attr> {
                match name { $($name => Some(Attr::$variant),)* _ => None }
            }
        }
    };
}

attrs! {
    Id = b"id", Class = b"class", Itemprop = b"itemprop", Itemtype = b"itemtype",
    Role = b"role", Rel = b"rel", Href = b"href", Content = b"content", Name = b"name",
    Property = b"property", Datetime = b"datetime", Lang = b"lang", Type = b"type",
    HttpEquiv = b"http-equiv", Charset = b"charset", Hidden = b"hidden", Style = b"style",
    AriaHidden = b"aria-hidden", Pubdate = b"pubdate",
}

#[derive(Debug, Clone, Copy)]
pub enum Data<'a> {
    /// `attrs` indexes `Dom::attrs`.
    Element { tag: Tag, attrs: (u32, u32) },
    /// Raw text as in the source: entities are still encoded.
    Text(&'a str),
}

#[derive(Debug, Clone, Copy)]
pub struct Node<'a> {
    pub data: Data<'a>,
    pub parent: NodeId,
    pub first_child: NodeId,
    last_child: NodeId,
    pub next_sibling: NodeId,
}

/// The parsed page: an arena of nodes in document order.
#[derive(Debug)]
pub struct Dom<'a> {
    pub nodes: Vec<Node<'a>>,
    attrs: Vec<(Attr, &'a str)>,
    /// Elements past `max_depth` were attached to the deepest allowed ancestor.
    pub depth_limited: bool,
}

impl<'a> Dom<'a> {
    pub fn tag(&self, id: NodeId) -> Option<Tag> {
        match self.nodes[id as usize].data {
            Data::Element { tag, .. } => Some(tag),
            Data::Text(_) => None,
        }
    }

    /// An attribute's raw value (entities still encoded).
    pub fn attr(&self, id: NodeId, name: Attr) -> Option<&'a str> {
        match self.nodes[id as usize].data {
            Data::Element {
                attrs: (start, end),
                ..
            } => self.attrs[start as usize..end as usize]
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| *v),
            Data::Text(_) => None,
        }
    }

    pub fn parent(&self, id: NodeId) -> NodeId {
        self.nodes[id as usize].parent
    }

    pub fn children(&self, id: NodeId) -> Children<'_, 'a> {
        Children {
            dom: self,
            next: self.nodes[id as usize].first_child,
        }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Ids of `id` and everything under it, in document order. Subtrees are contiguous
    /// id ranges because nodes are appended in document order.
    pub fn subtree_end(&self, id: NodeId) -> NodeId {
        let mut node = id;
        loop {
            let next = self.nodes[node as usize].next_sibling;
            if next != NONE {
                return next;
            }
            node = self.nodes[node as usize].parent;
            if node == NONE {
                return self.nodes.len() as NodeId;
            }
        }
    }

    /// The raw text of the element's text children concatenated (for `title`, `script`).
    pub fn child_text(&self, id: NodeId) -> String {
        let mut out = String::new();
        for child in self.children(id) {
            if let Data::Text(t) = self.nodes[child as usize].data {
                out.push_str(t);
            }
        }
        out
    }
}

pub struct Children<'d, 'a> {
    dom: &'d Dom<'a>,
    next: NodeId,
}

impl Iterator for Children<'_, '_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        if self.next == NONE {
            return None;
        }
        let id = self.next;
        self.next = self.dom.nodes[id as usize].next_sibling;
        Some(id)
    }
}

/// Parses `html` into a tree no deeper than `max_depth` elements.
pub fn parse(html: &str, max_depth: usize) -> Dom<'_> {
    let mut builder = Builder {
        dom: Dom {
            nodes: Vec::with_capacity(html.len() / 40),
            attrs: Vec::with_capacity(html.len() / 80),
            depth_limited: false,
        },
        stack: vec![(ROOT, Tag::Document)],
        max_depth: max_depth.max(1),
    };
    builder.dom.nodes.push(Node {
        data: Data::Element {
            tag: Tag::Document,
            attrs: (0, 0),
        },
        parent: NONE,
        first_child: NONE,
        last_child: NONE,
        next_sibling: NONE,
    });
    Tokenizer {
        html,
        bytes: html.as_bytes(),
        pos: 0,
    }
    .run(&mut builder);
    builder.dom
}

struct Tokenizer<'a> {
    html: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Tokenizer<'a> {
    fn run(&mut self, builder: &mut Builder<'a>) {
        let len = self.bytes.len();
        let mut text_start = 0;
        while self.pos < len {
            let Some(offset) = memchr(b'<', &self.bytes[self.pos..]) else {
                break;
            };
            let lt = self.pos + offset;
            let next = self.bytes.get(lt + 1).copied().unwrap_or(0);
            let markup = next.is_ascii_alphabetic() || matches!(next, b'/' | b'!' | b'?');
            if !markup {
                // A literal '<' inside text.
                self.pos = lt + 1;
                continue;
            }
            if text_start < lt {
                builder.text(&self.html[text_start..lt]);
            }
            self.pos = lt;
            match next {
                b'!' => self.markup_declaration(builder),
                b'?' => self.skip_past(b">"),
                b'/' => self.end_tag(builder),
                _ => self.start_tag(builder),
            }
            text_start = self.pos;
        }
        if text_start < len {
            builder.text(&self.html[text_start..]);
        }
    }

    /// Moves past the next occurrence of `needle` (or to the end of input).
    fn skip_past(&mut self, needle: &[u8]) {
        self.pos = match find(&self.bytes[self.pos..], needle) {
            Some(i) => self.pos + i + needle.len(),
            None => self.bytes.len(),
        };
    }

    fn markup_declaration(&mut self, builder: &mut Builder<'a>) {
        let rest = &self.bytes[self.pos..];
        if rest.starts_with(b"<!--") {
            self.pos += 4;
            // "<!-->" and "<!--->" are complete (empty) comments.
            let rest = &self.bytes[self.pos..];
            if rest.starts_with(b">") {
                self.pos += 1;
            } else if rest.starts_with(b"->") {
                self.pos += 2;
            } else {
                self.skip_past(b"-->");
            }
        } else if rest.len() >= 9 && rest[..9].eq_ignore_ascii_case(b"<![CDATA[") {
            let start = self.pos + 9;
            self.pos = start;
            self.skip_past(b"]]>");
            let end = if self.pos >= start + 3 && self.bytes[..self.pos].ends_with(b"]]>") {
                self.pos - 3
            } else {
                self.pos
            };
            builder.text(&self.html[start..end]);
        } else {
            // DOCTYPE or a bogus comment.
            self.skip_past(b">");
        }
    }

    fn tag_name(&mut self) -> (usize, usize) {
        let start = self.pos;
        while let Some(&b) = self.bytes.get(self.pos) {
            if b.is_ascii_whitespace() || b == b'/' || b == b'>' {
                break;
            }
            self.pos += 1;
        }
        (start, self.pos)
    }

    fn end_tag(&mut self, builder: &mut Builder<'a>) {
        self.pos += 2;
        if !self
            .bytes
            .get(self.pos)
            .is_some_and(u8::is_ascii_alphabetic)
        {
            // "</>" is dropped, "</ junk>" is a bogus comment.
            self.skip_past(b">");
            return;
        }
        let (start, end) = self.tag_name();
        let tag = lookup_tag(&self.bytes[start..end]);
        self.skip_past(b">");
        builder.end(tag);
    }

    fn start_tag(&mut self, builder: &mut Builder<'a>) {
        self.pos += 1;
        let (start, end) = self.tag_name();
        let tag = lookup_tag(&self.bytes[start..end]);
        let attrs_start = builder.dom.attrs.len();
        let mut self_closing = false;
        loop {
            // Skip whitespace and stray slashes between attributes.
            while let Some(&b) = self.bytes.get(self.pos) {
                if b.is_ascii_whitespace() {
                    self.pos += 1;
                } else if b == b'/' {
                    self.pos += 1;
                    self_closing = self.bytes.get(self.pos) == Some(&b'>');
                } else {
                    break;
                }
            }
            match self.bytes.get(self.pos) {
                None => break,
                Some(b'>') => {
                    self.pos += 1;
                    break;
                }
                _ => {}
            }
            self_closing = false;
            let name_start = self.pos;
            self.pos += 1; // an attribute name may start with '=' or a quote
            while let Some(&b) = self.bytes.get(self.pos) {
                if b.is_ascii_whitespace() || matches!(b, b'/' | b'>' | b'=') {
                    break;
                }
                self.pos += 1;
            }
            let name_end = self.pos;
            self.skip_whitespace();
            let mut value = "";
            if self.bytes.get(self.pos) == Some(&b'=') {
                self.pos += 1;
                self.skip_whitespace();
                value = self.attribute_value();
            }
            if let Some(attr) = lookup_attr(&self.bytes[name_start..name_end]) {
                builder.dom.attrs.push((attr, value));
            }
        }
        let attrs = (attrs_start as u32, builder.dom.attrs.len() as u32);
        // `/>` only closes foreign (SVG, MathML, custom) elements; on HTML elements it is ignored.
        let self_closing = self_closing && tag == Tag::Other;
        let Some(element) = builder.start(tag, attrs, self_closing) else {
            return;
        };
        if tag.is_raw_text() {
            self.raw_text(builder, element, &self.bytes[start..end]);
        }
    }

    fn skip_whitespace(&mut self) {
        while self
            .bytes
            .get(self.pos)
            .is_some_and(u8::is_ascii_whitespace)
        {
            self.pos += 1;
        }
    }

    fn attribute_value(&mut self) -> &'a str {
        match self.bytes.get(self.pos) {
            Some(&quote @ (b'"' | b'\'')) => {
                let start = self.pos + 1;
                let end =
                    memchr(quote, &self.bytes[start..]).map_or(self.bytes.len(), |i| start + i);
                self.pos = (end + 1).min(self.bytes.len());
                &self.html[start..end]
            }
            _ => {
                let start = self.pos;
                while let Some(&b) = self.bytes.get(self.pos) {
                    if b.is_ascii_whitespace() || b == b'>' {
                        break;
                    }
                    self.pos += 1;
                }
                &self.html[start..self.pos]
            }
        }
    }

    /// Takes everything up to `</name` as the element's only text child and closes it.
    fn raw_text(&mut self, builder: &mut Builder<'a>, element: NodeId, name: &[u8]) {
        let start = self.pos;
        let mut search = start;
        let end = loop {
            let Some(i) = find(&self.bytes[search..], b"</") else {
                break self.bytes.len();
            };
            let candidate = search + i;
            let after = candidate + 2 + name.len();
            let matches = self.bytes.len() >= after
                && self.bytes[candidate + 2..after].eq_ignore_ascii_case(name)
                && self
                    .bytes
                    .get(after)
                    .is_none_or(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>');
            if matches {
                break candidate;
            }
            search = candidate + 2;
        };
        if start < end {
            builder.append(element, Data::Text(&self.html[start..end]));
        }
        self.pos = end;
        if end < self.bytes.len() {
            self.skip_past(b">");
        }
        builder.close_element(element);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

fn lowercase<'b>(name: &[u8], buf: &'b mut [u8; 16]) -> Option<&'b [u8]> {
    if name.len() > buf.len() {
        return None;
    }
    let out = &mut buf[..name.len()];
    for (o, b) in out.iter_mut().zip(name) {
        *o = b.to_ascii_lowercase();
    }
    Some(out)
}

fn lookup_tag(name: &[u8]) -> Tag {
    let mut buf = [0u8; 16];
    lowercase(name, &mut buf).map_or(Tag::Other, Tag::from_lowercase)
}

fn lookup_attr(name: &[u8]) -> Option<Attr> {
    let mut buf = [0u8; 16];
    lowercase(name, &mut buf).and_then(Attr::from_lowercase)
}

struct Builder<'a> {
    dom: Dom<'a>,
    /// Open elements, outermost first; never empty (the document node stays).
    stack: Vec<(NodeId, Tag)>,
    max_depth: usize,
}

impl<'a> Builder<'a> {
    fn current(&self) -> NodeId {
        self.stack.last().map_or(ROOT, |&(id, _)| id)
    }

    fn append(&mut self, parent: NodeId, data: Data<'a>) -> NodeId {
        let id = self.dom.nodes.len() as NodeId;
        self.dom.nodes.push(Node {
            data,
            parent,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
        });
        let parent_node = &mut self.dom.nodes[parent as usize];
        let previous = parent_node.last_child;
        parent_node.last_child = id;
        if previous == NONE {
            parent_node.first_child = id;
        } else {
            self.dom.nodes[previous as usize].next_sibling = id;
        }
        id
    }

    fn text(&mut self, text: &'a str) {
        let parent = self.current();
        self.append(parent, Data::Text(text));
    }

    /// Index in the stack of the nearest open `tag`, searching no further than `stop`.
    fn find_open(&self, tag: Tag, stop: impl Fn(Tag) -> bool) -> Option<usize> {
        for (i, &(_, open)) in self.stack.iter().enumerate().rev() {
            if open == tag {
                return Some(i);
            }
            if stop(open) {
                return None;
            }
        }
        None
    }

    fn close_nearest(&mut self, tag: Tag, stop: impl Fn(Tag) -> bool) {
        if let Some(i) = self.find_open(tag, stop) {
            self.stack.truncate(i);
        }
    }

    fn close_element(&mut self, element: NodeId) {
        if let Some(i) = self.stack.iter().rposition(|&(id, _)| id == element) {
            self.stack.truncate(i);
        }
    }

    /// Opens an element; returns its id (None when the tag was dropped).
    fn start(&mut self, tag: Tag, attrs: (u32, u32), self_closing: bool) -> Option<NodeId> {
        use Tag::*;
        match tag {
            Html | Body if self.stack.iter().any(|&(_, t)| t == tag) => return None,
            Body => self.close_nearest(Head, |_| false),
            Head if self.stack.iter().any(|&(_, t)| t == Body) => return None,
            _ => {}
        }
        if tag.closes_p() {
            self.close_nearest(P, |t| t.is_scope_boundary() || t == Button);
        }
        match tag {
            Li => self.close_nearest(Li, Tag::blocks_list_item_close),
            Dd | Dt => {
                for item in [Dd, Dt] {
                    self.close_nearest(item, Tag::blocks_list_item_close);
                }
            }
            H1 | H2 | H3 | H4 | H5 | H6
                if self.stack.last().is_some_and(|&(_, t)| t.is_heading()) =>
            {
                self.stack.pop();
            }
            Tr => {
                self.close_table_part(&[Tr]);
            }
            Thead | Tbody | Tfoot if !self.close_table_part(&[Thead, Tbody, Tfoot]) => {
                self.close_table_part(&[Tr]);
            }
            Td | Th => {
                self.close_table_part(&[Td, Th]);
            }
            Option if self.stack.last().is_some_and(|&(_, t)| t == Option) => {
                self.stack.pop();
            }
            Optgroup => {
                for item in [Option, Optgroup] {
                    if self.stack.last().is_some_and(|&(_, t)| t == item) {
                        self.stack.pop();
                    }
                }
            }
            A => self.close_nearest(A, |t| t.is_scope_boundary()),
            _ => {}
        }
        let parent = self.current();
        let id = self.append(parent, Data::Element { tag, attrs });
        if tag.is_void() || self_closing {
            return Some(id);
        }
        if self.stack.len() > self.max_depth {
            // Too deep: the element stays as a leaf and its content goes to its parent.
            self.dom.depth_limited = true;
            if tag.is_raw_text() {
                // Raw text still needs its element open to receive the text.
                self.stack.push((id, tag));
            }
            return Some(id);
        }
        self.stack.push((id, tag));
        Some(id)
    }

    /// Closes the nearest open element among `parts` inside the nearest table; returns
    /// whether one was open.
    fn close_table_part(&mut self, parts: &[Tag]) -> bool {
        for (i, &(_, open)) in self.stack.iter().enumerate().rev() {
            if open == Tag::Table || open == Tag::Template || open == Tag::Document {
                return false;
            }
            if parts.contains(&open) {
                self.stack.truncate(i);
                return true;
            }
        }
        false
    }

    fn end(&mut self, tag: Tag) {
        use Tag::*;
        match tag {
            // Content after a stray `</body>` or `</html>` still belongs to the page.
            Body | Html | Other => {}
            Br => {
                let parent = self.current();
                self.append(
                    parent,
                    Data::Element {
                        tag: Br,
                        attrs: (0, 0),
                    },
                );
            }
            Head => self.close_nearest(Head, |_| false),
            Td | Th | Tr | Thead | Tbody | Tfoot | Caption | Table => {
                self.close_nearest(tag, |t| t == Table && tag != Table || t == Template)
            }
            _ => self.close_nearest(tag, |t| t.is_scope_boundary() && t != tag),
        }
    }
}

/// Decodes character references in raw text or attribute values.
pub fn decode(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains('&') {
        htmlize::unescape(raw)
    } else {
        std::borrow::Cow::Borrowed(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A compact rendering of the tree: elements as `tag(children)`, text as `"text"`.
    fn render(dom: &Dom<'_>, id: NodeId) -> String {
        let mut out = String::new();
        for child in dom.children(id) {
            if !out.is_empty() {
                out.push(' ');
            }
            match dom.nodes[child as usize].data {
                Data::Text(t) => out.push_str(&format!("{t:?}")),
                Data::Element { tag, .. } => {
                    let inner = render(dom, child);
                    out.push_str(&format!("{tag:?}({inner})").replace("()", ""));
                }
            }
        }
        out
    }

    fn tree(html: &str) -> String {
        render(&parse(html, 512), ROOT)
    }

    #[test]
    fn implied_end_tags_close_paragraphs_and_items() {
        assert_eq!(tree("<p>a<p>b<div>c</div>"), r#"P("a") P("b") Div("c")"#);
        assert_eq!(tree("<ul><li>a<li>b</ul>"), r#"Ul(Li("a") Li("b"))"#);
        assert_eq!(
            tree("<dl><dt>a<dd>b<dt>c</dl>"),
            r#"Dl(Dt("a") Dd("b") Dt("c"))"#
        );
        assert_eq!(
            tree("<table><tr><td>a<td>b<tr><td>c</table>"),
            r#"Table(Tr(Td("a") Td("b")) Tr(Td("c")))"#
        );
        assert_eq!(tree("<li>a<ul><li>b</ul>"), r#"Li("a" Ul(Li("b")))"#);
    }

    #[test]
    fn void_raw_text_and_comments() {
        assert_eq!(tree("a<br>b<img src=x>c"), r#""a" Br "b" Img "c""#);
        assert_eq!(
            tree("<script>if (a<b) x = '</p>';</script><p>t"),
            r#"Script("if (a<b) x = '</p>';") P("t")"#
        );
        assert_eq!(tree("<style>p{}</STYLE >x"), r#"Style("p{}") "x""#);
        assert_eq!(tree("a<!-- <p>hidden</p> -->b<!---->c"), r#""a" "b" "c""#);
        assert_eq!(tree("<!DOCTYPE html><?xml x?>t"), r#""t""#);
        assert_eq!(tree("x<![CDATA[y]]>z"), r#""x" "y" "z""#);
    }

    #[test]
    fn attributes_are_kept_raw_and_case_insensitive() {
        let dom = parse(r#"<DIV Class="a b" id=main data-x='1' hidden>t</div>"#, 512);
        assert_eq!(dom.tag(1), Some(Tag::Div));
        assert_eq!(dom.attr(1, Attr::Class), Some("a b"));
        assert_eq!(dom.attr(1, Attr::Id), Some("main"));
        assert_eq!(dom.attr(1, Attr::Hidden), Some(""));
        assert_eq!(dom.attr(1, Attr::Role), None);
    }

    #[test]
    fn malformed_markup_does_not_lose_text() {
        assert_eq!(
            tree("a < b <p>c</span></p></div>d"),
            r#""a < b " P("c") "d""#
        );
        assert_eq!(tree("<p>unclosed <b>bold"), r#"P("unclosed " B("bold"))"#);
        assert_eq!(tree("<div><p>x</div>y"), r#"Div(P("x")) "y""#);
        assert_eq!(tree("<a href=1>one<a href=2>two"), r#"A("one") A("two")"#);
        assert_eq!(
            tree("<svg><path d='1'/><text>t</text></svg>"),
            r#"Svg(Other Other("t"))"#
        );
        assert_eq!(tree("<p>truncated <b clas"), r#"P("truncated " B)"#);
        assert_eq!(tree("<script>never closed"), r#"Script("never closed")"#);
    }

    #[test]
    fn deep_nesting_is_flattened_at_max_depth() {
        let html = "<div>".repeat(100_000) + "deep" + &"</div>".repeat(100_000);
        let dom = parse(&html, 64);
        assert!(dom.depth_limited);
        assert_eq!(dom.len(), 100_002);
        let text = dom
            .nodes
            .iter()
            .position(|n| matches!(n.data, Data::Text("deep")))
            .unwrap();
        let mut depth = 0;
        let mut node = text as NodeId;
        while node != NONE {
            node = dom.parent(node);
            depth += 1;
        }
        assert!(depth <= 66, "depth {depth}");
    }

    #[test]
    fn subtree_ranges_are_contiguous() {
        let dom = parse("<div><p>a</p><p>b</p></div><p>c</p>", 512);
        assert_eq!(dom.subtree_end(1), 6);
        assert_eq!(dom.tag(6), Some(Tag::P));
        assert_eq!(dom.subtree_end(6), 8);
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            decode("a &amp; b&nbsp;&eacute;&#233;&#x41;"),
            "a & b\u{a0}ééA"
        );
        assert_eq!(decode("plain"), "plain");
    }
}
