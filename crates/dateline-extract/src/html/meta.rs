//! Page metadata: `<meta>` tags, JSON-LD, `<title>`, `<link rel>`, `<time>` and bylines.

use super::dom::{decode, Attr, Data, Dom, NodeId, Tag};
use crate::dates::{date_from_url, parse_date};
use serde_json::Value;

/// Everything the page says about itself, before choosing.
#[derive(Debug, Default)]
pub struct PageMeta {
    /// `(key, value)` of every `<meta>` with `property`, `name` or `itemprop`; key lowercased.
    pub metas: Vec<(String, String)>,
    /// JSON-LD objects describing the article (Article, NewsArticle, BlogPosting, WebPage...).
    pub json_ld: Vec<Value>,
    pub title_tag: Option<String>,
    /// Texts of the first `<h1>` and `<h2>` elements, with their level.
    pub headings: Vec<(u8, String)>,
    pub canonical: Option<String>,
    pub html_lang: Option<String>,
    pub rel_authors: Vec<String>,
    pub byline_authors: Vec<String>,
    /// `(datetime, marked as publication date)` of `<time>` elements.
    pub times: Vec<(String, bool)>,
    /// Short texts of elements named like a date ("entry-date", "published") and of
    /// `<time>` elements without `datetime`, in page order.
    pub date_texts: Vec<String>,
}

impl PageMeta {
    pub fn meta(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|key| {
            self.metas
                .iter()
                .find(|(k, v)| k == key && !v.trim().is_empty())
                .map(|(_, v)| v.trim())
        })
    }

    /// The first string found under `key` in the article JSON-LD objects.
    fn json_ld_str(&self, key: &str) -> Option<String> {
        self.json_ld
            .iter()
            .find_map(|obj| obj.get(key).and_then(value_text))
    }

    pub fn headline(&self) -> Option<String> {
        self.json_ld_str("headline")
            .or_else(|| self.json_ld_str("name"))
    }

    pub fn site_name(&self) -> Option<String> {
        self.meta(&["og:site_name", "application-name", "twitter:site"])
            .map(str::to_string)
            .filter(|s| !s.starts_with('@'))
            .or_else(|| {
                self.json_ld.iter().find_map(|obj| {
                    obj.get("publisher")
                        .and_then(|p| p.get("name"))
                        .and_then(value_text)
                })
            })
    }

    pub fn description(&self) -> Option<String> {
        self.meta(&[
            "description",
            "og:description",
            "twitter:description",
            "dc.description",
        ])
        .map(str::to_string)
        .or_else(|| self.json_ld_str("description"))
    }

    pub fn language(&self) -> Option<String> {
        let declared = self
            .html_lang
            .clone()
            .or_else(|| {
                self.meta(&["content-language", "dc.language", "og:locale", "inlanguage"])
                    .map(str::to_string)
            })
            .or_else(|| self.json_ld_str("inLanguage"))?;
        let tag = declared.split(',').next()?.trim().replace('_', "-");
        (!tag.is_empty() && tag.len() <= 35).then_some(tag)
    }

    /// Publication date as ISO and where it came from, most trusted source first.
    pub fn published(&self, url: Option<&str>) -> Option<(String, &'static str)> {
        let from_json_ld = || {
            self.json_ld.iter().find_map(|obj| {
                ["datePublished", "dateCreated", "uploadDate"]
                    .iter()
                    .find_map(|key| {
                        obj.get(*key)
                            .and_then(value_text)
                            .and_then(|s| parse_date(&s))
                    })
            })
        };
        let from_meta = || {
            PUBLISHED_META
                .iter()
                .find_map(|key| self.meta(&[key]).and_then(parse_date))
        };
        let from_time = || {
            let marked = self.times.iter().filter(|(_, marked)| *marked);
            let unmarked = self.times.iter().filter(|(_, marked)| !*marked);
            marked
                .chain(unmarked)
                .find_map(|(value, _)| parse_date(value))
        };
        from_json_ld()
            .map(|d| (d, "json-ld"))
            .or_else(|| from_meta().map(|d| (d, "meta")))
            .or_else(|| from_time().map(|d| (d, "time")))
            .or_else(|| url.and_then(date_from_url).map(|d| (d, "url")))
            .or_else(|| {
                self.date_texts
                    .iter()
                    .find_map(|t| parse_date(t))
                    .map(|d| (d, "text"))
            })
    }

    pub fn authors(&self) -> Vec<String> {
        let mut authors: Vec<String> = Vec::new();
        for obj in &self.json_ld {
            if let Some(author) = obj.get("author") {
                collect_names(author, &mut authors);
            }
        }
        if authors.is_empty() {
            for key in [
                "author",
                "article:author",
                "parsely-author",
                "sailthru.author",
                "dc.creator",
                "byl",
                "twitter:creator",
            ] {
                if let Some(value) = self.meta(&[key]) {
                    if !value.contains("://") && !value.starts_with('@') {
                        authors.extend(split_names(value));
                    }
                }
                if !authors.is_empty() {
                    break;
                }
            }
        }
        if authors.is_empty() {
            authors.extend(self.rel_authors.iter().cloned());
        }
        if authors.is_empty() {
            authors.extend(self.byline_authors.iter().flat_map(|b| split_names(b)));
        }
        let mut unique: Vec<String> = Vec::new();
        for author in authors {
            let author = normalise_space(&author);
            if !author.is_empty() && author.chars().count() <= 80 && !unique.contains(&author) {
                unique.push(author);
            }
        }
        unique
    }
}

/// Date-like element texts kept (the publication date is near the top).
const MAX_DATE_TEXTS: usize = 10;

/// Headings kept as title candidates (the headline is near the top).
const MAX_HEADINGS: usize = 20;

const PUBLISHED_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "publish-date",
    "publishdate",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "date",
    "article.published",
    "published_time",
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dc.date.modified",
    "last-modified",
];

/// Collects metadata in one pass over the elements.
pub fn collect(dom: &Dom<'_>) -> PageMeta {
    let mut meta = PageMeta::default();
    for id in 1..dom.len() as NodeId {
        let Some(tag) = dom.tag(id) else { continue };
        match tag {
            Tag::Meta => {
                let content = dom
                    .attr(id, Attr::Content)
                    .or_else(|| dom.attr(id, Attr::Datetime));
                let key = dom
                    .attr(id, Attr::Property)
                    .or_else(|| dom.attr(id, Attr::Name))
                    .or_else(|| dom.attr(id, Attr::Itemprop))
                    .or_else(|| dom.attr(id, Attr::HttpEquiv));
                if let (Some(key), Some(content)) = (key, content) {
                    let value = normalise_space(&decode(content));
                    for key in key.split_ascii_whitespace() {
                        meta.metas.push((key.to_ascii_lowercase(), value.clone()));
                    }
                }
            }
            Tag::Script => {
                let is_json_ld = dom
                    .attr(id, Attr::Type)
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                if is_json_ld {
                    let source = dom.child_text(id);
                    let source = source
                        .trim()
                        .trim_start_matches("<!--")
                        .trim_end_matches("-->");
                    if let Ok(value) = serde_json::from_str::<Value>(source) {
                        collect_json_ld(value, &mut meta.json_ld);
                    }
                }
            }
            Tag::Title if meta.title_tag.is_none() => {
                let title = normalise_space(&decode(&dom.child_text(id)));
                if !title.is_empty() {
                    meta.title_tag = Some(title);
                }
            }
            Tag::H1 | Tag::H2 if meta.headings.len() < MAX_HEADINGS => {
                let text = element_text(dom, id);
                if !text.is_empty() {
                    meta.headings
                        .push((if tag == Tag::H1 { 1 } else { 2 }, text));
                }
            }
            Tag::Link => {
                let rel = dom.attr(id, Attr::Rel).unwrap_or("").to_ascii_lowercase();
                if rel.split_ascii_whitespace().any(|r| r == "canonical")
                    && meta.canonical.is_none()
                {
                    meta.canonical = dom
                        .attr(id, Attr::Href)
                        .map(|h| decode(h).trim().to_string());
                }
            }
            Tag::A
                if dom.attr(id, Attr::Rel).is_some_and(|r| {
                    r.split_ascii_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("author"))
                }) =>
            {
                let text = element_text(dom, id);
                if !text.is_empty() {
                    meta.rel_authors.push(text);
                }
            }
            Tag::Html if meta.html_lang.is_none() => {
                meta.html_lang = dom
                    .attr(id, Attr::Lang)
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty());
            }
            Tag::Time => {
                if let Some(datetime) = dom.attr(id, Attr::Datetime) {
                    let marked = dom.attr(id, Attr::Pubdate).is_some()
                        || dom
                            .attr(id, Attr::Itemprop)
                            .is_some_and(|p| p.contains("datePublished"));
                    meta.times
                        .push((decode(datetime).trim().to_string(), marked));
                }
            }
            _ => {}
        }
        if meta.date_texts.len() < MAX_DATE_TEXTS && (tag == Tag::Time || named_like_date(dom, id))
        {
            let text = element_text(dom, id);
            if !text.is_empty() && text.chars().count() <= 60 {
                meta.date_texts.push(text);
            }
        }
        if meta.byline_authors.len() < 3 && is_byline(dom, id, tag) {
            let text = element_text(dom, id);
            let name = strip_by(&text);
            if !name.is_empty() && name.split_whitespace().count() <= 6 {
                meta.byline_authors.push(name.to_string());
            }
        }
    }
    meta
}

/// Elements whose class or id says they hold the publication date.
fn named_like_date(dom: &Dom<'_>, id: NodeId) -> bool {
    [Attr::Class, Attr::Id, Attr::Itemprop].iter().any(|&attr| {
        dom.attr(id, attr).is_some_and(|names| {
            let names = names.to_ascii_lowercase();
            ["date", "publish", "posted", "timestamp"]
                .iter()
                .any(|word| names.contains(word))
        })
    })
}

fn is_byline(dom: &Dom<'_>, id: NodeId, tag: Tag) -> bool {
    if !matches!(tag, Tag::Span | Tag::Div | Tag::P | Tag::A | Tag::Address) {
        return false;
    }
    if dom
        .attr(id, Attr::Itemprop)
        .is_some_and(|p| p.split_ascii_whitespace().any(|p| p == "author"))
    {
        return true;
    }
    let class = dom.attr(id, Attr::Class).unwrap_or("").to_ascii_lowercase();
    class.split_ascii_whitespace().any(|c| {
        c.contains("byline") || c == "author" || c.ends_with("author-name") || c == "author-name"
    })
}

fn strip_by(text: &str) -> &str {
    let trimmed = text.trim();
    for prefix in [
        "By ", "by ", "BY ", "Von ", "von ", "Par ", "par ", "Por ", "por ",
    ] {
        if let Some(rest) = trimmed.strip_prefix(prefix) {
            return rest.trim();
        }
    }
    trimmed
}

/// Visible text of an element, whitespace-normalised (scripts and styles skipped).
pub fn element_text(dom: &Dom<'_>, id: NodeId) -> String {
    let mut out = String::new();
    let end = dom.subtree_end(id);
    let mut node = id + 1;
    while node < end {
        match dom.nodes[node as usize].data {
            Data::Text(raw) => {
                out.push_str(&decode(raw));
                node += 1;
            }
            Data::Element {
                tag: Tag::Script | Tag::Style | Tag::Noscript | Tag::Template,
                ..
            } => {
                node = dom.subtree_end(node);
            }
            Data::Element { .. } => {
                out.push(' ');
                node += 1;
            }
        }
    }
    normalise_space(&out)
}

pub fn normalise_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "Report",
    "ScholarlyArticle",
    "TechArticle",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "WebPage",
    "Blog",
    "VideoObject",
    "MediaObject",
    "ItemPage",
    "AboutPage",
];

/// Article-like objects from a JSON-LD value (arrays and `@graph` flattened), articles first.
fn collect_json_ld(value: Value, out: &mut Vec<Value>) {
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        match value {
            Value::Array(items) => pending.extend(items.into_iter().rev()),
            Value::Object(mut map) => {
                if let Some(graph) = map.remove("@graph") {
                    pending.push(graph);
                }
                let types: Vec<String> = match map.get("@type") {
                    Some(Value::String(t)) => vec![t.clone()],
                    Some(Value::Array(ts)) => ts
                        .iter()
                        .filter_map(|t| t.as_str().map(str::to_string))
                        .collect(),
                    _ => Vec::new(),
                };
                let rank = types
                    .iter()
                    .filter_map(|t| ARTICLE_TYPES.iter().position(|a| a == t))
                    .min();
                if let Some(rank) = rank {
                    let obj = Value::Object(map);
                    // Web pages and media describe the page less precisely than an article does.
                    if rank
                        < ARTICLE_TYPES
                            .iter()
                            .position(|t| *t == "WebPage")
                            .unwrap_or(0)
                    {
                        let first_page =
                            out.iter().position(|o| !is_article(o)).unwrap_or(out.len());
                        out.insert(first_page, obj);
                    } else {
                        out.push(obj);
                    }
                }
            }
            _ => {}
        }
    }
}

fn is_article(obj: &Value) -> bool {
    let check = |t: &str| {
        ARTICLE_TYPES[..ARTICLE_TYPES
            .iter()
            .position(|t| *t == "WebPage")
            .unwrap_or(0)]
            .contains(&t)
    };
    match obj.get("@type") {
        Some(Value::String(t)) => check(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(check),
        _ => false,
    }
}

/// A string, or the first string of an array, or an object's `name`/`@value`.
fn value_text(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => return items.iter().find_map(value_text),
        Value::Object(map) => {
            return map
                .get("name")
                .or_else(|| map.get("@value"))
                .and_then(value_text)
        }
        _ => return None,
    };
    let text = normalise_space(&decode(&text));
    (!text.is_empty()).then_some(text)
}

fn collect_names(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| collect_names(item, out)),
        Value::String(s) if !s.contains("://") => out.extend(split_names(s)),
        Value::Object(map) => {
            if let Some(name) = map.get("name").and_then(value_text) {
                out.push(name);
            }
        }
        _ => {}
    }
}

/// "A and B", "A, B" -> ["A", "B"].
fn split_names(text: &str) -> Vec<String> {
    let text = strip_by(text);
    text.split([',', ';', '|'])
        .flat_map(|part| part.split(" and "))
        .map(normalise_space)
        .filter(|name| !name.is_empty())
        .collect()
}

/// Removes a site name from a `<title>`: "Headline | Site" -> "Headline".
pub fn strip_site_suffix(title: &str, site_name: Option<&str>) -> String {
    const SEPARATORS: &[&str] = &[
        " | ", " - ", " – ", " — ", " :: ", " · ", " » ", " « ", " / ", " : ",
    ];
    let Some(separator) = SEPARATORS.iter().find(|s| title.contains(*s)) else {
        return title.to_string();
    };
    let parts: Vec<&str> = title
        .split(separator)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let site = site_name.map(|s| s.to_lowercase());
    let is_site = |part: &str| {
        let lower = part.to_lowercase();
        site.as_deref()
            .is_some_and(|site| lower == site || site.contains(&lower) || lower.contains(site))
    };
    let kept: Vec<&str> = parts.iter().copied().filter(|p| !is_site(p)).collect();
    if kept.len() < parts.len() && !kept.is_empty() {
        return kept.join(separator);
    }
    // Without a known site name, the site is the short end part: drop the last (or first)
    // part when it is much shorter than the rest.
    if parts.len() >= 2 {
        let first = parts[0];
        let last = parts[parts.len() - 1];
        let words = |s: &str| s.split_whitespace().count();
        if words(last) <= 4 && words(last) < words(first) {
            return parts[..parts.len() - 1].join(separator);
        }
        if words(first) <= 3 && words(first) < words(last) {
            return parts[1..].join(separator);
        }
    }
    title.to_string()
}

#[cfg(test)]
mod tests {
    use super::super::dom::parse;
    use super::*;

    #[test]
    fn title_suffix_is_stripped() {
        assert_eq!(
            strip_site_suffix("Council passes budget | The Daily", None),
            "Council passes budget"
        );
        assert_eq!(
            strip_site_suffix(
                "The Daily - Council passes budget after long debate",
                Some("The Daily")
            ),
            "Council passes budget after long debate"
        );
        assert_eq!(
            strip_site_suffix("News – Council passes budget", None),
            "Council passes budget"
        );
        assert_eq!(strip_site_suffix("Plain headline", None), "Plain headline");
    }

    #[test]
    fn collects_meta_json_ld_and_bylines() {
        let html = r#"<html lang="en-GB"><head><title>Story &amp; more | Site</title>
            <meta property="og:site_name" content="Site">
            <meta name="description" content="What happened.">
            <link rel="canonical" href="https://site.example/story">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Site"},
              {"@type":"NewsArticle","headline":"Story & more","datePublished":"2022-01-07T10:00:00Z",
               "author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"Bo Ray"}]}]}</script>
            </head><body><h1>Story &amp; more</h1><span class="byline">By Cy Dee</span>
            <time datetime="2022-01-08">Jan 8</time></body></html>"#;
        let dom = parse(html, 512);
        let meta = collect(&dom);
        assert_eq!(meta.title_tag.as_deref(), Some("Story & more | Site"));
        assert_eq!(meta.headline().as_deref(), Some("Story & more"));
        assert_eq!(meta.headings[0], (1, "Story & more".to_string()));
        assert_eq!(meta.site_name().as_deref(), Some("Site"));
        assert_eq!(meta.description().as_deref(), Some("What happened."));
        assert_eq!(
            meta.canonical.as_deref(),
            Some("https://site.example/story")
        );
        assert_eq!(meta.language().as_deref(), Some("en-GB"));
        assert_eq!(meta.authors(), ["Ann Lee", "Bo Ray"]);
        assert_eq!(meta.byline_authors, ["Cy Dee"]);
        assert_eq!(meta.times, [("2022-01-08".to_string(), false)]);
        assert_eq!(
            meta.json_ld_str("datePublished").as_deref(),
            Some("2022-01-07T10:00:00Z")
        );
    }

    #[test]
    fn meta_authors_split_and_urls_ignored() {
        let dom = parse(
            r#"<meta name="author" content="By Ann Lee and Bo Ray"><meta property="article:author" content="https://fb.com/x">"#,
            512,
        );
        assert_eq!(collect(&dom).authors(), ["Ann Lee", "Bo Ray"]);
    }
}
