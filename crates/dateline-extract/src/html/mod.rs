//! HTML article extraction (body, title, metadata).
//!
//! `dom` parses the page into an arena tree, `meta` gathers what the page says about
//! itself, `body` finds the article and cuts it into blocks; this module chooses among
//! the metadata candidates and assembles the [`Document`].

mod body;
mod dom;
mod meta;

use crate::ExtractOptions;
use dateline_document::{Block, BlockKind, Document, Metadata, Span};
use dateline_read::RawDocument;
use meta::{normalise_space, strip_site_suffix, PageMeta};

pub fn extract(html: &str, raw: &RawDocument, options: &ExtractOptions) -> Document {
    let mut warnings = raw.warnings.clone();
    let html = if html.len() > options.max_bytes {
        let mut end = options.max_bytes;
        while !html.is_char_boundary(end) {
            end -= 1;
        }
        warnings.push(format!(
            "page of {} bytes truncated to the {} byte limit (max_bytes)",
            html.len(),
            end
        ));
        &html[..end]
    } else {
        html
    };
    let dom = dom::parse(html, options.max_depth);
    if dom.depth_limited {
        warnings.push(format!(
            "elements nested deeper than {} were flattened (max_depth)",
            options.max_depth
        ));
    }
    let page = meta::collect(&dom);
    let blocks = body::text_blocks(&dom);
    let root = body::select_article(&dom, &blocks);
    let body = body::article_blocks(&dom, blocks, root);

    let meta = metadata(&page, raw);
    let mut document = Document {
        source: raw.source.clone(),
        warnings,
        ..Default::default()
    };
    if document.source.url.is_none() {
        document.source.url = meta.canonical_url.clone();
    }
    let mut assembler = Assembler::default();
    if let Some(title) = &meta.title {
        assembler.push(BlockKind::Title, title);
    }
    if let Some(subtitle) = &meta.subtitle {
        assembler.push(BlockKind::Subtitle, subtitle);
    }
    for block in &body {
        assembler.push(block.kind, &block.text);
    }
    document.text = assembler.text;
    document.blocks = assembler.blocks;
    document.meta = meta;
    document.dateline = find_dateline(&document);
    document.id = Document::compute_id(&document.source, &document.text);
    document
}

/// Joins blocks with a blank line, recording code-point spans.
#[derive(Default)]
struct Assembler {
    text: String,
    chars: usize,
    blocks: Vec<Block>,
}

impl Assembler {
    fn push(&mut self, kind: BlockKind, text: &str) {
        if text.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
            self.chars += 2;
        }
        let start = self.chars;
        self.text.push_str(text);
        self.chars += text.chars().count();
        self.blocks.push(Block {
            kind,
            span: Span::new(start, self.chars),
        });
    }
}

/// The dateline of the first body paragraph, with spans shifted into the document text.
fn find_dateline(document: &Document) -> Option<dateline_document::Dateline> {
    let first = document
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Paragraph)?;
    let paragraph = document.slice(first.span);
    let mut dateline = crate::dateline::parse(paragraph, document.meta.published.as_deref())?;
    let shift = |span: Span| Span::new(span.start + first.span.start, span.end + first.span.start);
    dateline.span = shift(dateline.span);
    dateline.place_span = shift(dateline.place_span);
    Some(dateline)
}

fn metadata(page: &PageMeta, raw: &RawDocument) -> Metadata {
    let site_name = page.site_name();
    let canonical_url = page
        .canonical
        .clone()
        .filter(|url| url.contains("://"))
        .or_else(|| page.meta(&["og:url"]).map(str::to_string));
    let url = canonical_url.as_deref().or(raw.source.url.as_deref());
    let (published, published_source) = match page.published(url) {
        Some((date, source)) => (Some(date), Some(source.to_string())),
        None => match raw.hints.date.as_deref().and_then(crate::dates::parse_date) {
            Some(date) => (Some(date), Some("input".to_string())),
            None => (None, None),
        },
    };
    let mut authors = page.authors();
    if authors.is_empty() {
        authors = raw.hints.authors.clone();
    }
    Metadata {
        title: choose_title(page, site_name.as_deref()).or_else(|| raw.hints.title.clone()),
        subtitle: None,
        authors,
        published,
        published_source,
        canonical_url,
        site_name,
        language: page.language().or_else(|| raw.hints.language.clone()),
        description: page.description().or_else(|| raw.hints.summary.clone()),
    }
}

/// The headline. A declared title (og:title, JSON-LD headline, twitter:title) gives way
/// to an `<h1>` it contains (the declared one may carry the site name); else the longest
/// `<h1>`/`<h2>` that is part of `<title>` (sites put their name in the `<h1>` of every
/// page and the headline lower), else `<title>` without its site suffix.
fn choose_title(page: &PageMeta, site_name: Option<&str>) -> Option<String> {
    let key = |s: &str| s.to_lowercase();
    let site = site_name.map(key);
    let is_site = |heading: &str| site.as_deref() == Some(key(heading).as_str());
    let declared = [
        page.meta(&["og:title"]).map(str::to_string),
        page.headline(),
        page.meta(&["twitter:title"]).map(str::to_string),
    ]
    .into_iter()
    .flatten()
    .map(|t| normalise_space(&t))
    .find(|t| !t.is_empty());
    if let Some(declared) = declared {
        let declared_key = key(&declared);
        let agreeing_h1 = page.headings.iter().find(|(level, heading)| {
            *level == 1
                && heading.chars().count() >= 8
                && !is_site(heading)
                && declared_key.contains(&key(heading))
        });
        return Some(match agreeing_h1 {
            Some((_, heading)) => heading.clone(),
            None => strip_site_suffix(&declared, site_name),
        });
    }
    if let Some(title) = &page.title_tag {
        let title_key = key(title);
        let part_of_title = page
            .headings
            .iter()
            .filter(|(_, heading)| {
                heading.chars().count() >= 4
                    && !is_site(heading)
                    && title_key.contains(&key(heading))
            })
            .max_by_key(|(_, heading)| heading.chars().count());
        return Some(match part_of_title {
            Some((_, heading)) => heading.clone(),
            None => strip_site_suffix(title, site_name),
        });
    }
    page.headings
        .iter()
        .find(|(level, _)| *level == 1)
        .map(|(_, heading)| heading.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_document::Source;
    use dateline_read::Content;

    fn raw(html: &str) -> RawDocument {
        RawDocument::new(
            Source {
                path: "page.html".into(),
                format: "html".into(),
                ..Default::default()
            },
            Content::Html(html.to_string()),
        )
    }

    fn run(html: &str) -> Document {
        extract(html, &raw(html), &ExtractOptions::default())
    }

    const PROSE: &str = "The council approved the budget on Tuesday, after a debate that lasted well into the night.";

    #[test]
    fn assembles_title_and_body_blocks_with_spans() {
        let html = format!(
            r#"<html lang=en><head><title>Budget passes | Daily</title>
            <link rel=canonical href="https://daily.example/2021/03/04/budget"></head>
            <body><div class=menu><a href=/>Home</a></div><article><h1>Budget passes</h1>
            <p>{PROSE}</p><p>Second paragraph, with more than enough words in it to count.</p></article></body></html>"#
        );
        let doc = run(&html);
        assert_eq!(doc.meta.title.as_deref(), Some("Budget passes"));
        assert_eq!(doc.blocks[0].kind, BlockKind::Title);
        assert_eq!(doc.slice(doc.blocks[0].span), "Budget passes");
        assert_eq!(
            doc.body_text(),
            format!("{PROSE}\n\nSecond paragraph, with more than enough words in it to count.")
        );
        assert_eq!(doc.text, format!("Budget passes\n\n{}", doc.body_text()));
        assert_eq!(
            doc.meta.canonical_url.as_deref(),
            Some("https://daily.example/2021/03/04/budget")
        );
        assert_eq!(doc.source.url, doc.meta.canonical_url);
        assert_eq!(doc.meta.language.as_deref(), Some("en"));
        assert_eq!(doc.meta.published.as_deref(), Some("2021-03-04"));
        assert_eq!(doc.meta.published_source.as_deref(), Some("url"));
        assert_eq!(doc.id.len(), 32);
    }

    #[test]
    fn title_prefers_the_headline_over_the_site_name() {
        let blog =
            "<title>Trip to the lakes | My Blog</title><h1>My Blog</h1><h2>Trip to the lakes</h2>";
        assert_eq!(run(blog).meta.title.as_deref(), Some("Trip to the lakes"));
        let declared = r#"<meta property="og:title" content="Trip to the lakes - My Blog"><h1>Trip to the lakes</h1>"#;
        assert_eq!(
            run(declared).meta.title.as_deref(),
            Some("Trip to the lakes")
        );
        let suffix_only =
            r#"<meta property="og:site_name" content="My Blog"><title>My Blog - Trip</title>"#;
        assert_eq!(run(suffix_only).meta.title.as_deref(), Some("Trip"));
    }

    #[test]
    fn spans_count_code_points() {
        let doc = run(&format!("<title>Ünïcödé</title><p>Алматы — {PROSE}</p>"));
        let body = doc.body_blocks().next().unwrap();
        assert_eq!(doc.slice(body.span), format!("Алматы — {PROSE}"));
        assert_eq!(body.span.start, "Ünïcödé\n\n".chars().count());
    }

    #[test]
    fn hints_fill_what_the_page_lacks() {
        let html = format!("<p>{PROSE}</p>");
        let mut input = raw(&html);
        input.hints.title = Some("From the feed".into());
        input.hints.authors = vec!["Ann Lee".into()];
        input.hints.language = Some("de".into());
        let doc = extract(&html, &input, &ExtractOptions::default());
        assert_eq!(doc.meta.title.as_deref(), Some("From the feed"));
        assert_eq!(doc.meta.authors, ["Ann Lee"]);
        assert_eq!(doc.meta.language.as_deref(), Some("de"));
    }

    #[test]
    fn limits_warn_instead_of_failing() {
        let deep = "<div>".repeat(100_000) + PROSE + &"</div>".repeat(100_000);
        let doc = run(&deep);
        assert!(
            doc.warnings.iter().any(|w| w.contains("max_depth")),
            "{:?}",
            doc.warnings
        );
        assert_eq!(doc.body_text(), PROSE);

        let options = ExtractOptions {
            max_bytes: 20,
            ..Default::default()
        };
        let html = "<p>Ünïcödé ünïcödé ünïcödé</p>";
        let doc = extract(html, &raw(html), &options);
        assert!(doc.warnings.iter().any(|w| w.contains("max_bytes")));
    }

    #[test]
    fn empty_and_garbage_input_give_empty_documents() {
        for html in ["", "<", "</", "<!--", "<<<>>>", "<p", "\u{0}\u{1}"] {
            let doc = run(html);
            assert!(doc.body_text().len() <= html.len());
        }
    }
}
