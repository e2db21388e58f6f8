//! HTML building: the one escaping function every piece of text goes through, the page
//! frame, and the renderer that lays annotation spans over an article's text.
//!
//! Stored articles are hostile input. Nothing from the store is ever written as markup:
//! text and attribute values pass through [`escape`], and the article is rebuilt from its
//! plain text, never from the stored HTML.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use std::fmt::Write;

/// Escapes text for an HTML text node or a double- or single-quoted attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a query-string value.
pub fn url_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A whole page: `title` is text (escaped here), `body` is markup built with [`escape`].
pub fn page(title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · Dateline</title>\
         <link rel=\"stylesheet\" href=\"/assets/style.css\">\
         <script src=\"/assets/app.js\" defer></script></head>\
         <body><header class=\"site\"><a class=\"brand\" href=\"/\">Dateline</a><nav>\
         <a href=\"/\">Search</a><a href=\"/speakers\">Speakers</a>\
         <a href=\"/entities\">Entities</a><a href=\"/events\">Events</a>\
         <a href=\"/map\">Map</a><a href=\"/paste\">Analyse</a><a href=\"/docs\">API</a>\
         </nav></header><main>{body}</main></body></html>",
        title = escape(title)
    );
    html_response(html)
}

pub fn html_response(html: String) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

/// What kind of annotation a highlight is; lower ranks enclose higher ones when spans
/// cross, so a quote is never cut in two by an entity that straddles its edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layer {
    Quote,
    Event,
    Speaker,
    Entity,
    Place,
    Date,
}

/// One span to highlight: code points `[start, end)` of the text.
#[derive(Debug, Clone)]
pub struct Highlight {
    pub start: usize,
    pub end: usize,
    pub layer: Layer,
    /// Classes (the layer's first), e.g. `quote`, `entity per`.
    pub class: String,
    /// `id` attribute for the first piece of the span.
    pub id: Option<String>,
    /// `data-*` attributes (names without the prefix), values escaped here.
    pub data: Vec<(&'static str, String)>,
    /// Where the highlight leads; an `<a>` unless inside another link.
    pub href: Option<String>,
    pub title: Option<String>,
    /// Markup placed right after the opening tag of the first piece (a quote's speaker link).
    pub lead: Option<String>,
}

impl Highlight {
    pub fn new(start: usize, end: usize, layer: Layer, class: impl Into<String>) -> Highlight {
        Highlight {
            start,
            end,
            layer,
            class: class.into(),
            id: None,
            data: Vec::new(),
            href: None,
            title: None,
            lead: None,
        }
    }

    fn open(&self, first_piece: bool, as_link: bool) -> String {
        let mut tag = String::new();
        let element = if as_link { "a" } else { "span" };
        let _ = write!(tag, "<{element} class=\"hl {}", escape(&self.class));
        if !first_piece {
            tag.push_str(" cont");
        }
        tag.push('"');
        if first_piece {
            if let Some(id) = &self.id {
                let _ = write!(tag, " id=\"{}\"", escape(id));
            }
        }
        for (name, value) in &self.data {
            let _ = write!(tag, " data-{name}=\"{}\"", escape(value));
        }
        if let Some(href) = &self.href {
            let attribute = if as_link { "href" } else { "data-href" };
            let _ = write!(tag, " {attribute}=\"{}\"", escape(href));
        }
        if let Some(title) = &self.title {
            let _ = write!(tag, " title=\"{}\"", escape(title));
        }
        tag.push('>');
        if first_piece {
            if let Some(lead) = &self.lead {
                tag.push_str(lead);
            }
        }
        tag
    }
}

/// The text as escaped HTML with every highlight wrapped around its span, nested properly
/// where spans cross (the inner one is closed and reopened as a `cont` piece). Paragraph
/// breaks (blank lines) become `<p>`s. Spans outside the text are dropped.
pub fn render_highlighted(text: &str, highlights: &[Highlight]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut spans: Vec<&Highlight> = highlights
        .iter()
        .filter(|h| h.start < h.end && h.end <= chars.len())
        .collect();
    spans.sort_by_key(|h| (h.layer, h.start, std::cmp::Reverse(h.end)));
    let mut boundaries: Vec<usize> = spans.iter().flat_map(|h| [h.start, h.end]).collect();
    // Paragraph breaks close every span and reopen it in the next paragraph.
    let breaks: Vec<usize> = paragraph_breaks(&chars);
    boundaries.extend(breaks.iter().flat_map(|&b| [b, b + 2]));
    boundaries.extend([0, chars.len()]);
    boundaries.sort_unstable();
    boundaries.dedup();

    let mut out = String::from("<p>");
    // Indexes into `spans` of the open elements, outermost first, and whether each is a link.
    let mut open: Vec<(usize, bool)> = Vec::new();
    let mut started = vec![false; spans.len()];
    for pair in boundaries.windows(2) {
        let (at, next) = (pair[0], pair[1]);
        let is_break = breaks.contains(&at);
        let wanted: Vec<usize> = if is_break {
            Vec::new()
        } else {
            (0..spans.len())
                .filter(|&i| spans[i].start <= at && at < spans[i].end)
                .collect()
        };
        // Keep the open prefix that is still wanted in the same nesting; close the rest.
        let keep = open
            .iter()
            .zip(&wanted)
            .take_while(|((open, _), wanted)| open == *wanted)
            .count();
        while open.len() > keep {
            let (_, link) = open.pop().expect("non-empty");
            out.push_str(if link { "</a>" } else { "</span>" });
        }
        if is_break {
            out.push_str("</p>\n<p>");
            continue;
        }
        for i in wanted {
            if open.iter().any(|(j, _)| *j == i) {
                continue;
            }
            let inside_link = open.iter().any(|(_, link)| *link);
            let link = spans[i].href.is_some() && !inside_link;
            out.push_str(&spans[i].open(!started[i], link));
            started[i] = true;
            open.push((i, link));
        }
        let piece: String = chars[at..next].iter().collect();
        out.push_str(&escape(&piece).replace('\n', "<br>"));
    }
    while let Some((_, link)) = open.pop() {
        out.push_str(if link { "</a>" } else { "</span>" });
    }
    out.push_str("</p>");
    out
}

/// Code-point offsets of each blank-line paragraph break (`\n\n`).
fn paragraph_breaks(chars: &[char]) -> Vec<usize> {
    (0..chars.len().saturating_sub(1))
        .filter(|&i| chars[i] == '\n' && chars[i + 1] == '\n' && (i == 0 || chars[i - 1] != '\n'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(url_encode("a b&c=é"), "a%20b%26c%3D%C3%A9");
    }

    #[test]
    fn nested_and_crossing_spans_stay_well_formed() {
        let text = "Tokayev said “we will win” today.";
        let quote_start = text.chars().position(|c| c == '“').unwrap() + 1;
        let mut quote = Highlight::new(quote_start, quote_start + 11, Layer::Quote, "quote");
        quote.id = Some("q1".into());
        quote.href = Some("/speakers/1".into());
        let mut entity = Highlight::new(0, 7, Layer::Entity, "entity");
        entity.href = Some("/entities/1".into());
        // Crosses the quote's end: the entity is split, never the quote.
        let mut crossing = Highlight::new(quote_start + 8, quote_start + 14, Layer::Entity, "x");
        crossing.href = Some("/entities/2".into());
        let html = render_highlighted(text, &[entity, quote, crossing]);
        assert_eq!(html.matches("class=\"hl quote\"").count(), 1, "{html}");
        assert_eq!(html.matches("class=\"hl x cont\"").count(), 1, "{html}");
        assert!(html.starts_with("<p><a class=\"hl entity\" href=\"/entities/1\">Tokayev</a>"));
        // The quote is a link, so the entity inside it is not a nested <a>.
        assert!(
            html.contains("<span class=\"hl x\" data-href=\"/entities/2\">win</span>"),
            "{html}"
        );
        assert_eq!(html.matches("<a ").count(), html.matches("</a>").count());
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count()
        );
    }

    #[test]
    fn article_text_is_escaped_and_paragraphs_split() {
        let text = "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>";
        let span = Highlight::new(0, 10, Layer::Date, "date");
        let html = render_highlighted(text, &[span]);
        assert!(
            !html.contains("<script") && !html.contains("<img"),
            "{html}"
        );
        assert_eq!(html.matches("<p>").count(), 2);
    }
}
