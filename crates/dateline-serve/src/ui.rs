//! The web UI: server-rendered pages over the same queries as the API.
//!
//! Stable hooks for browser tests: `form.search input[name=q]`, `ol.hits li.hit[data-kind]`,
//! the article's `#article` with `span.quote[data-quote-id][data-speaker][data-speaker-id]`
//! (first piece `id="quote-START"`, continuation pieces also have class `cont`),
//! `a.quote-mark` (the quote's link to its speaker), `.entity[data-entity-id]`,
//! `.place[data-geonameid]`, `.date[data-value]`, `.event[data-event-id]`; speaker page
//! `h1[data-speaker-id]` and `li.quote-record[data-quote-id]`; events `li.event-record`;
//! map `svg.map` with `.country` paths and `a.place-point` / `a.event-point` markers.

use crate::api::{self, Paged, SearchParams};
use crate::error::ApiError;
use crate::extract::Id;
use crate::html::{escape, page, render_highlighted, url_encode, Highlight, Layer};
use crate::SharedState;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use dateline_document::{Document, MentionKind};
use dateline_store::{
    DocumentFilter, DocumentRecord, EntityFilter, EventFilter, EventRecord, GenderCounts, HitKind,
    Paging, PlaceFilter, QuoteRecord, QuotedGenders, SearchHit,
};
use serde::Deserialize;
use std::fmt::Write;

const PAGE_SIZE: usize = 20;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/", get(search_page))
        .route("/documents/{id}", get(document_page))
        .route("/quotes/{id}", get(quote_page))
        .route("/speakers", get(speakers_page))
        .route("/speakers/{id}", get(speaker_page))
        .route("/entities", get(entities_page))
        .route("/entities/{id}", get(entity_page))
        .route("/events", get(events_page))
        .route("/map", get(map_page))
        .route("/paste", get(paste_form).post(paste_result))
        .route("/docs", get(docs_page))
}

/// An error as a page, with its status.
pub fn error_page(error: &ApiError) -> Response {
    let body = format!(
        "<h1>{}</h1><p class=\"error\" data-error-code=\"{}\">{}</p>",
        escape(error.status.canonical_reason().unwrap_or("Error")),
        escape(error.code),
        escape(&error.message)
    );
    (error.status, page("Error", &body)).into_response()
}

/// UI handlers answer errors as pages.
struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(error: ApiError) -> PageError {
        PageError(error)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        error_page(&self.0)
    }
}

type PageResult = Result<Response, PageError>;

/// Form fields arrive as strings, empty when left blank.
fn field(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

fn number(value: &Option<String>) -> Option<usize> {
    field(value).and_then(|v| v.parse().ok())
}

fn id_param(value: &Option<String>) -> Option<i64> {
    field(value)
        .and_then(|v| v.parse().ok())
        .filter(|&id| id > 0)
}

fn paging_at(offset: &Option<String>) -> Paging {
    Paging {
        limit: PAGE_SIZE,
        offset: number(offset).unwrap_or(0),
    }
}

/// "Previous / next" links keeping the other parameters (`base` ends in `?` or `&`).
fn pager<T>(page: &Paged<T>, base: &str) -> String {
    let mut out = String::from("<nav class=\"pager\">");
    if page.offset > 0 {
        let previous = page.offset.saturating_sub(page.limit);
        let _ = write!(
            out,
            "<a rel=\"prev\" href=\"{}offset={previous}\">← Previous</a>",
            escape(base)
        );
    }
    let _ = write!(
        out,
        "<span class=\"muted\">{}–{} of {}</span>",
        page.offset + usize::from(!page.items.is_empty()),
        page.offset + page.items.len(),
        page.total
    );
    if let Some(next) = page.next_offset {
        let _ = write!(
            out,
            "<a rel=\"next\" href=\"{}offset={next}\">Next →</a>",
            escape(base)
        );
    }
    out.push_str("</nav>");
    out
}

/// `path?key=value&...&` for the given parameters that have a value, ready for `offset=N`.
fn query_base(path: &str, params: &[(&str, Option<&str>)]) -> String {
    let mut base = format!("{path}?");
    for (key, value) in params {
        if let Some(value) = value {
            let _ = write!(base, "{key}={}&", url_encode(value));
        }
    }
    base
}

fn or_dash(value: Option<&str>) -> String {
    escape(value.unwrap_or("—"))
}

/// A link to an article's own URL, only when it is http(s): a stored `javascript:` URL
/// must never become a link.
fn source_link(url: Option<&str>) -> String {
    match url {
        Some(url) if url.starts_with("https://") || url.starts_with("http://") => format!(
            "<a class=\"source-url\" href=\"{0}\" rel=\"noopener noreferrer nofollow\">{0}</a>",
            escape(url)
        ),
        Some(url) => format!("<span class=\"source-url\">{}</span>", escape(url)),
        None => String::new(),
    }
}

#[derive(Debug, Default, Deserialize)]
struct SearchForm {
    q: Option<String>,
    speaker: Option<String>,
    entity: Option<String>,
    from: Option<String>,
    to: Option<String>,
    #[serde(rename = "type")]
    event_type: Option<String>,
    outlet: Option<String>,
    offset: Option<String>,
}

impl SearchForm {
    /// The query string of this search with `key` replaced by `value`.
    fn with(&self, key: &str, value: Option<&str>) -> String {
        let fields = [
            ("q", self.q.as_deref()),
            ("speaker", self.speaker.as_deref()),
            ("entity", self.entity.as_deref()),
            ("from", self.from.as_deref()),
            ("to", self.to.as_deref()),
            ("type", self.event_type.as_deref()),
            ("outlet", self.outlet.as_deref()),
        ];
        let pairs: Vec<String> = fields
            .iter()
            .map(|&(k, v)| if k == key { (k, value) } else { (k, v) })
            .filter_map(|(k, v)| {
                v.filter(|v| !v.trim().is_empty())
                    .map(|v| format!("{k}={}", url_encode(v)))
            })
            .collect();
        format!("/?{}", pairs.join("&"))
    }

    fn form(&self) -> String {
        let input = |name: &str, label: &str, value: &Option<String>, placeholder: &str| {
            format!(
                "<label>{label}<input name=\"{name}\" value=\"{}\" placeholder=\"{placeholder}\"></label>",
                escape(value.as_deref().unwrap_or(""))
            )
        };
        format!(
            "<form class=\"search\" action=\"/\" method=\"get\" role=\"search\">\
             <input type=\"search\" name=\"q\" value=\"{}\" placeholder=\"Search articles and quotes: Tokayev, &quot;state of emergency&quot;\" aria-label=\"Search\" autofocus>\
             {}{}{}{}{}{}<button type=\"submit\">Search</button></form>",
            escape(self.q.as_deref().unwrap_or("")),
            input("speaker", "Speaker", &self.speaker, "name"),
            input("entity", "Entity", &self.entity, "name"),
            input("from", "From", &self.from, "YYYY-MM-DD"),
            input("to", "To", &self.to, "YYYY-MM-DD"),
            input("type", "Event type", &self.event_type, "PROTEST"),
            input("outlet", "Outlet", &self.outlet, "outlet"),
        )
    }
}

/// The snippet with matched words in `<mark>`, every piece escaped.
fn marked_snippet(hit: &SearchHit) -> String {
    let mut out = String::new();
    let mut at = 0;
    for &(start, end) in &hit.highlights {
        if start < at || end > hit.snippet.len() {
            continue;
        }
        out.push_str(&escape(&hit.snippet[at..start]));
        let _ = write!(out, "<mark>{}</mark>", escape(&hit.snippet[start..end]));
        at = end;
    }
    out.push_str(&escape(&hit.snippet[at..]));
    out
}

async fn search_page(
    State(state): State<SharedState>,
    Query(form): Query<SearchForm>,
) -> PageResult {
    let paging = paging_at(&form.offset);
    let mut body = String::from("<h1>Search the record</h1>");
    body.push_str(&form.form());
    let Some(q) = field(&form.q) else {
        let page = state
            .with_store(move |store| Ok(store.documents(&DocumentFilter::default(), paging)?))
            .await?;
        let page = Paged::new(page, paging);
        body.push_str("<h2>Latest documents</h2><ul class=\"records documents\">");
        for doc in &page.items {
            let _ = write!(
                body,
                "<li class=\"document\" data-document-id=\"{id}\"><a href=\"/documents/{id}\">{}</a> \
                 <span class=\"meta\">{} · {} · {} quotes · {} events</span></li>",
                escape(doc.title.as_deref().unwrap_or("(untitled)")),
                or_dash(doc.date.as_deref()),
                escape(&doc.outlet),
                doc.quotes,
                doc.events,
                id = doc.id
            );
        }
        body.push_str("</ul>");
        body.push_str(&pager(&page, "/?"));
        return Ok(page_response("Search", &body));
    };
    let params = SearchParams {
        q,
        speaker: field(&form.speaker),
        entity: field(&form.entity),
        from: field(&form.from),
        to: field(&form.to),
        event_type: field(&form.event_type),
        outlet: field(&form.outlet),
        limit: None,
        offset: None,
    };
    let search_state = state.clone();
    let result = state
        .with_store_at(move |store, writes| {
            api::run_search(&search_state, store, writes, params, paging)
        })
        .await?;
    let mut hits = String::new();
    let _ = write!(
        hits,
        "<p class=\"meta\" data-total=\"{0}\">{0} result{1}</p><ol class=\"hits\">",
        result.total,
        if result.total == 1 { "" } else { "s" }
    );
    for hit in &result.hits {
        let (href, kind) = match hit.hit.kind {
            HitKind::Document => (format!("/documents/{}", hit.hit.id), "document"),
            HitKind::Quote => (format!("/quotes/{}", hit.hit.id), "quote"),
        };
        let title = match hit.hit.kind {
            HitKind::Document => hit.hit.title.clone().unwrap_or_else(|| "(untitled)".into()),
            HitKind::Quote => format!(
                "Quote by {}",
                hit.hit.title.as_deref().unwrap_or("an unknown speaker")
            ),
        };
        let copies = if hit.hit.copies > 0 {
            format!(" · +{} near-duplicate copies", hit.hit.copies)
        } else {
            String::new()
        };
        let _ = write!(
            hits,
            "<li class=\"hit\" data-kind=\"{kind}\" data-id=\"{}\"><a href=\"{href}\">{}</a>\
             <div class=\"meta\">{} · {}{copies}</div><div class=\"snippet\">{}</div></li>",
            hit.hit.id,
            escape(&title),
            or_dash(hit.hit.date.as_deref()),
            escape(&hit.hit.source),
            marked_snippet(&hit.hit)
        );
    }
    hits.push_str("</ol>");
    let paged = Paged {
        items: result.hits.iter().map(|_| ()).collect(),
        total: result.total as i64,
        limit: result.limit,
        offset: result.offset,
        next_offset: result.next_offset,
    };
    let base = format!("{}&", form.with("offset", None));
    hits.push_str(&pager(&paged, &base));
    let mut facets = String::from("<aside class=\"facets\">");
    let facet = |title: &str, key: &str, counts: &[dateline_store::FacetCount]| {
        if counts.is_empty() {
            return String::new();
        }
        let mut out = format!("<h3>{}</h3><ul data-facet=\"{key}\">", escape(title));
        for count in counts {
            let _ = write!(
                out,
                "<li><a href=\"{}\">{}</a><span class=\"count\">{}</span></li>",
                escape(&form.with(key, Some(&count.value))),
                escape(&count.value),
                count.count
            );
        }
        out.push_str("</ul>");
        out
    };
    facets.push_str(&facet("Outlets", "outlet", &result.facets.outlets));
    facets.push_str(&facet("Speakers", "speaker", &result.facets.speakers));
    facets.push_str(&facet("Entities", "entity", &result.facets.entities));
    facets.push_str(&facet("Event types", "type", &result.facets.event_types));
    if result.facet_documents > 0 {
        let _ = write!(
            facets,
            "<p class=\"meta\">Counts over the {} best-ranked documents.</p>",
            result.facet_documents
        );
    }
    facets.push_str("</aside>");
    let _ = write!(
        body,
        "<div class=\"layout\"><section>{hits}</section>{facets}</div>"
    );
    Ok(page_response(&format!("Search: {}", result.query), &body))
}

fn page_response(title: &str, body: &str) -> Response {
    page(title, body)
}

/// Highlights for a stored document: every annotation links to its record.
fn stored_highlights(doc: &DocumentRecord) -> Vec<Highlight> {
    let mut highlights = Vec::new();
    let mut speaker_spans = std::collections::HashSet::new();
    for quote in &doc.quotes {
        let mut h = Highlight::new(quote.start, quote.end, Layer::Quote, "quote");
        h.id = Some(format!("quote-{}", quote.start));
        h.data.push(("quote-id", quote.quote.to_string()));
        h.data.push(("kind", quote.kind.clone()));
        let speaker = quote.speaker.clone().unwrap_or_default();
        h.data.push(("speaker", speaker.clone()));
        let target = match quote.speaker_entity {
            Some(entity) => {
                h.data.push(("speaker-id", entity.to_string()));
                format!("/speakers/{entity}")
            }
            None => format!("/quotes/{}", quote.quote),
        };
        // On the quote itself (JS) and on its mark (a plain link), the speaker's page.
        h.data.push(("href", target.clone()));
        h.lead = Some(format!(
            "<a class=\"quote-mark\" href=\"{}\" data-quote-id=\"{}\" title=\"{}\">❝</a>",
            escape(&target),
            quote.quote,
            escape(&format!(
                "Quote by {}",
                if speaker.is_empty() {
                    "unknown"
                } else {
                    &speaker
                }
            ))
        ));
        highlights.push(h);
        if let (Some([start, end]), Some(entity)) = (quote.speaker_span, quote.speaker_entity) {
            if speaker_spans.insert((start, end)) {
                let mut h = Highlight::new(start, end, Layer::Speaker, "speaker");
                h.data.push(("speaker-id", entity.to_string()));
                h.href = Some(format!("/speakers/{entity}"));
                highlights.push(h);
            }
        }
    }
    for mention in doc.mentions.iter().filter(|m| m.kind != "pronoun") {
        let mut h = Highlight::new(
            mention.start,
            mention.end,
            Layer::Entity,
            format!("entity {}", mention.label.to_lowercase()),
        );
        h.data.push(("entity-id", mention.entity.to_string()));
        h.data.push(("label", mention.label.clone()));
        h.href = Some(format!("/entities/{}", mention.entity));
        h.title = Some(format!("{} ({})", mention.name, mention.label));
        highlights.push(h);
    }
    for place in &doc.places {
        let (Some(start), Some(end)) = (place.start, place.end) else {
            continue;
        };
        let mut h = Highlight::new(start, end, Layer::Place, "place");
        if let Some(id) = place.geonameid {
            h.data.push(("geonameid", id.to_string()));
            h.href = Some(format!("/map#place-{id}"));
        }
        if let (Some(lat), Some(lon)) = (place.lat, place.lon) {
            h.data.push(("lat", lat.to_string()));
            h.data.push(("lon", lon.to_string()));
        }
        h.title = place.name.clone();
        highlights.push(h);
    }
    for timex in &doc.timexes {
        let (Some(start), Some(end)) = (timex.start, timex.end) else {
            continue;
        };
        highlights.push(date_highlight(start, end, timex.value.as_deref()));
    }
    for event in &doc.events {
        let Some([start, end]) = event.trigger else {
            continue;
        };
        let mut h = Highlight::new(start, end, Layer::Event, "event");
        h.id = Some(format!("event-{}", event.id));
        h.data.push(("event-id", event.id.to_string()));
        h.data
            .push(("type", event.plover.clone().unwrap_or_default()));
        // The timeline of that day holds the event (the whole timeline may page it away).
        let day = event
            .date
            .as_deref()
            .and_then(|d| d.get(..10))
            .filter(|d| api::date_bound(Some(d.to_string())).is_ok());
        h.href = Some(match day {
            // Lists show an event record as its first report.
            Some(day) => format!("/events?from={day}&to={day}#event-{}", event.record),
            None => format!("/events#event-{}", event.record),
        });
        h.title = Some(event_summary(event));
        highlights.push(h);
    }
    highlights
}

fn date_highlight(start: usize, end: usize, value: Option<&str>) -> Highlight {
    let mut h = Highlight::new(start, end, Layer::Date, "date");
    if let Some(value) = value {
        h.data.push(("value", value.to_string()));
        h.title = Some(value.to_string());
        if api::date_bound(Some(value.to_string())).is_ok_and(|v| v.is_some()) {
            h.href = Some(format!("/events?from={0}&to={0}", url_encode(value)));
        }
    }
    h
}

fn event_summary(event: &EventRecord) -> String {
    let mut summary = format!(
        "{} {} {}",
        event.source_name.as_deref().unwrap_or("—"),
        event.plover.as_deref().unwrap_or("(statement)"),
        event.target_name.as_deref().unwrap_or("—")
    );
    if let Some(cameo) = &event.cameo {
        let _ = write!(summary, " [CAMEO {cameo}]");
    }
    if let Some(place) = &event.place {
        let _ = write!(summary, " in {place}");
    }
    if !event.factual {
        summary.push_str(" (not reported as done)");
    }
    if event.reports > 1 {
        let _ = write!(summary, " ({} reports)", event.reports);
    }
    summary
}

/// Colour key; its items are `key` elements, not highlights, so they never count as one.
const LEGEND: &str = "<p class=\"legend meta\"><span class=\"key quote\">quote</span>\
    <span class=\"key entity\">entity</span><span class=\"key place\">place</span>\
    <span class=\"key date\">date</span><span class=\"key event\">event</span></p>";

async fn document_page(State(state): State<SharedState>, Id(id): Id) -> PageResult {
    let doc = state
        .with_store(move |store| Ok(store.document(id)?))
        .await?
        .ok_or_else(|| ApiError::not_found("document", id))?;
    let title = doc
        .summary
        .title
        .clone()
        .unwrap_or_else(|| "(untitled)".into());
    let mut body = format!(
        "<article data-document-id=\"{id}\"><h1>{}</h1><p class=\"meta\">{} · {} · {} {}</p>{LEGEND}",
        escape(&title),
        or_dash(doc.summary.date.as_deref()),
        escape(&doc.summary.outlet),
        escape(&doc.summary.label),
        source_link(doc.summary.url.as_deref()),
    );
    if let Some(original) = doc.summary.duplicate_of {
        let _ = write!(
            body,
            "<p class=\"meta\">Near-duplicate of <a href=\"/documents/{original}\">document {original}</a>.</p>"
        );
    }
    let _ = write!(
        body,
        "<div class=\"layout\"><div class=\"article\" id=\"article\">{}</div><aside>",
        render_highlighted(&doc.text, &stored_highlights(&doc))
    );
    let chars: Vec<char> = doc.text.chars().collect();
    let slice = |start: usize, end: usize| -> String {
        chars
            .get(start..end.min(chars.len()))
            .map(|c| c.iter().collect())
            .unwrap_or_default()
    };
    let _ = write!(
        body,
        "<h2>Quotes ({})</h2><ol class=\"quote-list\">",
        doc.quotes.len()
    );
    for quote in &doc.quotes {
        let speaker = match (quote.speaker_entity, &quote.speaker) {
            (Some(entity), Some(name)) => format!(
                "<a class=\"speaker-link\" href=\"/speakers/{entity}\" data-speaker-id=\"{entity}\">{}</a>",
                escape(name)
            ),
            (_, Some(name)) => escape(name),
            _ => "unknown speaker".into(),
        };
        let text = slice(quote.start, quote.end);
        let _ = write!(
            body,
            "<li data-quote-id=\"{}\">{speaker}: <a href=\"#quote-{}\">{}</a></li>",
            quote.quote,
            quote.start,
            escape(&shorten(&text, 90))
        );
    }
    body.push_str("</ol>");
    let mut entities: Vec<(i64, &str, &str)> = doc
        .mentions
        .iter()
        .map(|m| (m.entity, m.name.as_str(), m.label.as_str()))
        .collect();
    entities.sort_unstable();
    entities.dedup();
    let _ = write!(
        body,
        "<h2>Entities ({})</h2><ul class=\"entity-list\">",
        entities.len()
    );
    for (entity, name, label) in entities {
        let _ = write!(
            body,
            "<li><a href=\"/entities/{entity}\" data-entity-id=\"{entity}\">{}</a> <span class=\"muted\">{}</span></li>",
            escape(name),
            escape(label)
        );
    }
    body.push_str("</ul>");
    let _ = write!(
        body,
        "<h2>Events ({})</h2><ul class=\"event-list\">",
        doc.events.len()
    );
    for event in &doc.events {
        let _ = write!(
            body,
            "<li><a href=\"#event-{}\">{}</a> <span class=\"muted\">{}</span></li>",
            event.id,
            escape(&event_summary(event)),
            or_dash(event.date.as_deref())
        );
    }
    body.push_str("</ul>");
    let mut places: Vec<String> = doc.places.iter().filter_map(|p| p.name.clone()).collect();
    places.sort();
    places.dedup();
    let _ = write!(
        body,
        "<h2>Places</h2><p class=\"place-list\">{}</p>",
        escape(&places.join(", "))
    );
    body.push_str("</aside></div></article>");
    Ok(page_response(&title, &body))
}

fn shorten(text: &str, max: usize) -> String {
    let text = text.replace('\n', " ");
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// A quote record as a list item: its text and the sources it carries, linking to the
/// passage, and a link to the rest.
fn quote_item(quote: &QuoteRecord, with_speaker: bool) -> String {
    let mut out = format!(
        "<li class=\"quote-record\" id=\"quote-record-{0}\" data-quote-id=\"{0}\"><blockquote><a href=\"/quotes/{0}\">“{1}”</a></blockquote>",
        quote.id,
        escape(&quote.text)
    );
    if with_speaker {
        let speaker = match (quote.speaker_entity, &quote.speaker) {
            (Some(entity), Some(name)) => format!(
                "<a class=\"speaker-link\" href=\"/speakers/{entity}\">{}</a>",
                escape(name)
            ),
            (_, Some(name)) => escape(name),
            _ => "unknown speaker".into(),
        };
        let _ = write!(out, "<p class=\"meta\">{speaker}</p>");
    }
    let _ = write!(
        out,
        "<p class=\"meta\">{} · {} · reported by {} source{}:</p><ul class=\"sources\">",
        or_dash(quote.date.as_deref()),
        escape(&quote.kind),
        quote.source_count,
        if quote.source_count == 1 { "" } else { "s" }
    );
    for source in &quote.sources {
        let _ = write!(
            out,
            "<li class=\"source\" data-document-id=\"{doc}\"><a href=\"/documents/{doc}#quote-{start}\">{}</a> <span class=\"muted\">{} · {}</span></li>",
            escape(&source.outlet),
            or_dash(source.date.as_deref()),
            escape(&source.source),
            doc = source.document,
            start = source.span.0
        );
    }
    let unlisted = quote.source_count - quote.sources.len() as i64;
    if unlisted > 0 {
        let _ = write!(
            out,
            "<li class=\"more-sources\"><a href=\"/quotes/{}\">and {unlisted} more</a></li>",
            quote.id
        );
    }
    out.push_str("</ul></li>");
    out
}

async fn quote_page(State(state): State<SharedState>, Id(id): Id) -> PageResult {
    let quote = state
        .with_store(move |store| Ok(store.quote(id)?))
        .await?
        .ok_or_else(|| ApiError::not_found("quote", id))?;
    let body = format!(
        "<h1>Quote {id}</h1><ul class=\"records\">{}</ul>",
        quote_item(&quote, true)
    );
    Ok(page_response(&format!("Quote {id}"), &body))
}

#[derive(Debug, Default, Deserialize)]
struct ListForm {
    name: Option<String>,
    label: Option<String>,
    offset: Option<String>,
}

async fn speakers_page(
    State(state): State<SharedState>,
    Query(form): Query<ListForm>,
) -> PageResult {
    let paging = paging_at(&form.offset);
    let name = field(&form.name);
    let query_name = name.clone();
    let (page, genders) = state
        .with_store(move |store| {
            Ok((
                store.speakers(query_name.as_deref(), paging)?,
                store.quoted_genders(&Default::default())?,
            ))
        })
        .await?;
    let page = Paged::new(page, paging);
    let mut body = format!(
        "<h1>Speakers</h1>{}<form class=\"search\" action=\"/speakers\" method=\"get\">\
         <input type=\"search\" name=\"name\" value=\"{}\" placeholder=\"Name\" aria-label=\"Name\">\
         <button type=\"submit\">Filter</button></form>\
         <table class=\"speakers\"><thead><tr><th>Speaker</th><th>Quotes</th><th>Outlets</th><th>First</th><th>Last</th><th>Gender</th></tr></thead><tbody>",
        gender_table(&genders),
        escape(name.as_deref().unwrap_or(""))
    );
    for speaker in &page.items {
        let _ = write!(
            body,
            "<tr data-speaker-id=\"{id}\"><td><a href=\"/speakers/{id}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&speaker.name),
            speaker.quotes,
            speaker.outlets,
            or_dash(speaker.first_date.as_deref()),
            or_dash(speaker.last_date.as_deref()),
            gender_label(speaker.gender.as_deref(), speaker.gender_basis.as_deref()),
            id = speaker.id
        );
    }
    body.push_str("</tbody></table>");
    let base = query_base("/speakers", &[("name", name.as_deref())]);
    body.push_str(&pager(&page, &base));
    Ok(page_response("Speakers", &body))
}

/// A speaker's gender and what it rests on, or a dash.
fn gender_label(gender: Option<&str>, basis: Option<&str>) -> String {
    let Some(gender) = gender else {
        return or_dash(None);
    };
    let basis = match basis {
        Some("pronoun") => "the articles' pronouns",
        Some("title") => "a title or role",
        Some("first_name") => "first name only, a guess",
        _ => "",
    };
    format!("{} <span class=\"meta\">({basis})</span>", escape(gender))
}

/// Quotes by speakers' gender, all outlets first, then the outlets quoting most.
fn gender_table(genders: &QuotedGenders) -> String {
    const OUTLETS_SHOWN: usize = 10;
    let all = &genders.all;
    if all.female + all.male + all.unknown == 0 {
        return String::new();
    }
    let share = |c: &GenderCounts| {
        c.female_share
            .map_or_else(|| or_dash(None), |s| format!("{:.0}%", 100.0 * s))
    };
    let mut table = format!(
        "<details class=\"genders\"><summary>Who is quoted: women {} of quotes whose \
         speaker's gender the articles show ({} of {}; {} more by persons of unknown \
         gender)</summary><table><thead><tr><th>Outlet</th><th>Women</th><th>Men</th>\
         <th>Unknown</th><th>Not a person</th><th>Share of women</th></tr></thead><tbody>",
        share(all),
        all.female,
        all.female + all.male,
        all.unknown
    );
    for c in [all]
        .into_iter()
        .chain(genders.outlets.iter().take(OUTLETS_SHOWN))
    {
        let _ = write!(
            table,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            c.outlet
                .as_deref()
                .map_or("All outlets".to_string(), escape),
            c.female,
            c.male,
            c.unknown,
            c.not_person,
            share(c)
        );
    }
    table.push_str("</tbody></table></details>");
    table
}

#[derive(Debug, Default, Deserialize)]
struct OffsetForm {
    offset: Option<String>,
}

async fn speaker_page(
    State(state): State<SharedState>,
    Id(id): Id,
    Query(form): Query<OffsetForm>,
) -> PageResult {
    let paging = paging_at(&form.offset);
    let detail = state
        .with_store(move |store| api::speaker_detail(store, id, paging))
        .await?;
    let speaker = &detail.speaker;
    let mut body = format!(
        "<h1 data-speaker-id=\"{id}\">{}</h1><p class=\"meta\">{} quotes reported by {} outlet{} · {} to {} · \
         gender: {} · <a href=\"/entities/{id}\">entity record</a></p><ul class=\"records quotes\">",
        escape(&speaker.name),
        speaker.quotes,
        speaker.outlets,
        if speaker.outlets == 1 { "" } else { "s" },
        or_dash(speaker.first_date.as_deref()),
        or_dash(speaker.last_date.as_deref()),
        gender_label(speaker.gender.as_deref(), speaker.gender_basis.as_deref()),
    );
    for quote in &detail.quotes.items {
        body.push_str(&quote_item(quote, false));
    }
    body.push_str("</ul>");
    body.push_str(&pager(&detail.quotes, &format!("/speakers/{id}?")));
    Ok(page_response(&speaker.name, &body))
}

async fn entities_page(
    State(state): State<SharedState>,
    Query(form): Query<ListForm>,
) -> PageResult {
    let paging = paging_at(&form.offset);
    let filter = EntityFilter {
        label: field(&form.label),
        name: field(&form.name),
    };
    let shown = filter.clone();
    let page = state
        .with_store(move |store| Ok(store.entities(&filter, paging)?))
        .await?;
    let page = Paged::new(page, paging);
    let mut body = format!(
        "<h1>Entities</h1><form class=\"search\" action=\"/entities\" method=\"get\">\
         <input type=\"search\" name=\"name\" value=\"{}\" placeholder=\"Name\" aria-label=\"Name\">\
         <label>Label<input name=\"label\" value=\"{}\" placeholder=\"PER, ORG, GPE\"></label>\
         <button type=\"submit\">Filter</button></form>\
         <table class=\"entities\"><thead><tr><th>Entity</th><th>Label</th><th>Documents</th><th>Mentions</th><th>Quotes</th></tr></thead><tbody>",
        escape(shown.name.as_deref().unwrap_or("")),
        escape(shown.label.as_deref().unwrap_or("")),
    );
    for entity in &page.items {
        let _ = write!(
            body,
            "<tr data-entity-id=\"{id}\"><td><a href=\"/entities/{id}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&entity.name),
            escape(&entity.label),
            entity.documents,
            entity.mentions,
            entity.quotes,
            id = entity.id
        );
    }
    body.push_str("</tbody></table>");
    let base = query_base(
        "/entities",
        &[
            ("name", shown.name.as_deref()),
            ("label", shown.label.as_deref()),
        ],
    );
    body.push_str(&pager(&page, &base));
    Ok(page_response("Entities", &body))
}

async fn entity_page(State(state): State<SharedState>, Id(id): Id) -> PageResult {
    let paging = Paging {
        limit: PAGE_SIZE,
        offset: 0,
    };
    let detail = state
        .with_store(move |store| api::entity_detail(store, id, paging))
        .await?;
    let entity = &detail.entity;
    let mut body = format!(
        "<h1 data-entity-id=\"{id}\">{}</h1><p class=\"meta\">{} · mentioned {} times in {} documents",
        escape(&entity.name),
        escape(&entity.label),
        entity.mentions,
        entity.documents
    );
    if entity.quotes > 0 {
        let _ = write!(
            body,
            " · <a href=\"/speakers/{id}\">{} quotes as a speaker</a>",
            entity.quotes
        );
    }
    let _ = write!(
        body,
        " · <a href=\"/?q={0}\">search</a></p><div class=\"layout\"><section><h2>Documents ({1})</h2><ul class=\"records documents\">",
        escape(&url_encode(&format!("\"{}\"", entity.name))),
        detail.documents.total
    );
    for doc in &detail.documents.items {
        let _ = write!(
            body,
            "<li class=\"document\" data-document-id=\"{id}\"><a href=\"/documents/{id}\">{}</a> <span class=\"meta\">{} · {}</span></li>",
            escape(doc.title.as_deref().unwrap_or("(untitled)")),
            or_dash(doc.date.as_deref()),
            escape(&doc.outlet),
            id = doc.id
        );
    }
    let _ = write!(
        body,
        "</ul><h2>Quotes ({})</h2><ul class=\"records quotes\">",
        detail.quotes.total
    );
    for quote in &detail.quotes.items {
        body.push_str(&quote_item(quote, false));
    }
    let _ = write!(
        body,
        "</ul></section><aside><h2>Events ({})</h2><ul class=\"records events\">",
        detail.events.total
    );
    for event in &detail.events.items {
        body.push_str(&event_item(event));
    }
    body.push_str("</ul></aside></div>");
    Ok(page_response(&entity.name, &body))
}

fn event_item(event: &EventRecord) -> String {
    format!(
        "<li class=\"event-record\" id=\"event-{id}\" data-event-id=\"{id}\" data-type=\"{}\">\
         <a href=\"/documents/{}#event-{id}\">{}</a> <span class=\"muted\">{} · {}</span></li>",
        escape(event.plover.as_deref().unwrap_or("")),
        event.document,
        escape(&event_summary(event)),
        or_dash(event.date.as_deref()),
        escape(&event.outlet),
        id = event.id
    )
}

#[derive(Debug, Default, Deserialize)]
struct EventsForm {
    #[serde(rename = "type")]
    event_type: Option<String>,
    entity: Option<String>,
    from: Option<String>,
    to: Option<String>,
    offset: Option<String>,
}

async fn events_page(
    State(state): State<SharedState>,
    Query(form): Query<EventsForm>,
) -> PageResult {
    let paging = Paging {
        limit: 100,
        offset: number(&form.offset).unwrap_or(0),
    };
    let filter = EventFilter {
        entity: id_param(&form.entity),
        event_type: field(&form.event_type),
        from: api::date_bound(field(&form.from))?,
        to: api::date_bound(field(&form.to))?,
        ..Default::default()
    };
    let shown = filter.clone();
    let page = state
        .with_store(move |store| Ok(store.events(&filter, paging)?))
        .await?;
    let page = Paged::new(page, paging);
    let mut body = format!(
        "<h1>Events timeline</h1><form class=\"search\" action=\"/events\" method=\"get\">\
         <label>Event type<input name=\"type\" value=\"{}\" placeholder=\"PROTEST or CAMEO 14\"></label>\
         <label>From<input name=\"from\" value=\"{}\" placeholder=\"YYYY-MM-DD\"></label>\
         <label>To<input name=\"to\" value=\"{}\" placeholder=\"YYYY-MM-DD\"></label>\
         <button type=\"submit\">Filter</button></form><div class=\"timeline\">",
        escape(shown.event_type.as_deref().unwrap_or("")),
        escape(shown.from.as_deref().unwrap_or("")),
        escape(shown.to.as_deref().unwrap_or("")),
    );
    let mut current: Option<Option<&str>> = None;
    for event in &page.items {
        let day = event.date.as_deref().map(|d| d.get(..10).unwrap_or(d));
        if current != Some(day) {
            if current.is_some() {
                body.push_str("</ul></section>");
            }
            let _ = write!(
                body,
                "<section class=\"day\" data-date=\"{0}\"><h3>{0}</h3><ul class=\"records events\">",
                or_dash(day)
            );
            current = Some(day);
        }
        body.push_str(&event_item(event));
    }
    if current.is_some() {
        body.push_str("</ul></section>");
    }
    body.push_str("</div>");
    let entity = shown.entity.map(|id| id.to_string());
    let base = query_base(
        "/events",
        &[
            ("type", shown.event_type.as_deref()),
            ("from", shown.from.as_deref()),
            ("to", shown.to.as_deref()),
            ("entity", entity.as_deref()),
        ],
    );
    body.push_str(&pager(&page, &base));
    Ok(page_response("Events", &body))
}

async fn map_page(State(state): State<SharedState>) -> PageResult {
    let paging = Paging {
        limit: 1000,
        offset: 0,
    };
    let (places, events) = state
        .with_store(move |store| {
            let places = store.places(&PlaceFilter::default(), paging)?;
            let events = store.events(
                &EventFilter {
                    located: true,
                    ..Default::default()
                },
                paging,
            )?;
            Ok((places, events))
        })
        .await?;
    let mut svg = format!(
        "<svg class=\"map\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"Map of places and events\" xmlns=\"http://www.w3.org/2000/svg\"><g class=\"countries\">{}</g><g class=\"places\">",
        crate::assets::MAP_WIDTH,
        crate::assets::MAP_HEIGHT,
        crate::assets::country_paths()
    );
    let mut table = String::from(
        "<h2>Places</h2><table class=\"places\"><thead><tr><th>Place</th><th>Country</th><th>Mentions</th><th>Documents</th></tr></thead><tbody>",
    );
    for place in &places.0 {
        let name = place.name.clone().unwrap_or_default();
        let anchor = place
            .geonameid
            .map(|id| format!("place-{id}"))
            .unwrap_or_default();
        if let (Some(lat), Some(lon)) = (place.lat, place.lon) {
            let (x, y) = crate::assets::project(lon, lat);
            let radius = 0.6 + (place.mentions as f64).sqrt() * 0.4;
            let _ = write!(
                svg,
                "<a class=\"place-point\" href=\"/?q={}\" data-geonameid=\"{}\"><circle class=\"place\" cx=\"{x:.2}\" cy=\"{y:.2}\" r=\"{radius:.2}\"><title>{} ({} mentions)</title></circle></a>",
                escape(&url_encode(&format!("\"{name}\""))),
                place.geonameid.unwrap_or_default(),
                escape(&name),
                place.mentions
            );
        }
        let _ = write!(
            table,
            "<tr id=\"{}\"><td><a href=\"/?q={}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&anchor),
            escape(&url_encode(&format!("\"{name}\""))),
            escape(&name),
            or_dash(place.country.as_deref()),
            place.mentions,
            place.documents
        );
    }
    svg.push_str("</g><g class=\"events\">");
    for event in &events.0 {
        if let (Some(lat), Some(lon)) = (event.lat, event.lon) {
            let (x, y) = crate::assets::project(lon, lat);
            let _ = write!(
                svg,
                "<a class=\"event-point\" href=\"/documents/{}#event-{id}\" data-event-id=\"{id}\"><circle class=\"event-point\" cx=\"{x:.2}\" cy=\"{y:.2}\" r=\"0.5\"><title>{}</title></circle></a>",
                event.document,
                escape(&event_summary(event)),
                id = event.id
            );
        }
    }
    svg.push_str("</g></svg>");
    table.push_str("</tbody></table>");
    let body = format!(
        "<h1>Map of places and events</h1><p class=\"meta\">{} places (blue) and {} located events (red). Country outlines: Natural Earth via world-atlas (<a href=\"/assets/NOTICE\">notice</a>).</p>{svg}{table}",
        places.1, events.1
    );
    Ok(page_response("Map", &body))
}

const PASTE_FORM: &str = "<form class=\"paste\" action=\"/paste\" method=\"post\">\
    <textarea name=\"content\" aria-label=\"Article\" placeholder=\"Paste an article: text, or a page's HTML\" required></textarea>\
    <p><label><input type=\"radio\" name=\"format\" value=\"text\" checked> Text</label> \
    <label><input type=\"radio\" name=\"format\" value=\"html\"> HTML</label> \
    <label>Published <input name=\"date\" placeholder=\"YYYY-MM-DD\"></label> \
    <button type=\"submit\">Analyse</button></p></form>";

async fn paste_form() -> Response {
    page(
        "Analyse an article",
        &format!(
            "<h1>Analyse an article</h1><p class=\"meta\">Nothing you paste is stored. \
             The same analysis is available as <code>POST /api/analyze</code>.</p>{PASTE_FORM}"
        ),
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PasteForm {
    content: String,
    format: Option<String>,
    date: Option<String>,
}

/// Highlights for a document fresh from the pipeline: no records yet, so quotes and
/// entities lead to the store's pages for that name.
fn analysed_highlights(doc: &Document) -> Vec<Highlight> {
    let mut highlights = Vec::new();
    for (i, quote) in doc.quotes.iter().enumerate() {
        let mut h = Highlight::new(quote.span.start, quote.span.end, Layer::Quote, "quote");
        h.id = Some(format!("quote-{}", quote.span.start));
        h.data.push(("quote-index", i.to_string()));
        h.data.push(("kind", quote.kind.as_str().to_string()));
        if let Some(name) = &quote.speaker_name {
            h.data.push(("speaker", name.clone()));
            h.data
                .push(("href", format!("/speakers?name={}", url_encode(name))));
        }
        highlights.push(h);
    }
    for entity in &doc.entities {
        for mention in entity
            .mentions
            .iter()
            .filter(|m| m.kind != MentionKind::Pronoun)
        {
            let label = entity.label.as_str();
            let mut h = Highlight::new(
                mention.span.start,
                mention.span.end,
                Layer::Entity,
                format!("entity {}", label.to_lowercase()),
            );
            h.data.push(("label", label.to_string()));
            h.href = Some(format!("/entities?name={}", url_encode(&entity.canonical)));
            h.title = Some(format!("{} ({label})", entity.canonical));
            highlights.push(h);
        }
    }
    for place in &doc.places {
        let mut h = Highlight::new(place.span.start, place.span.end, Layer::Place, "place");
        h.data.push(("lat", place.lat.to_string()));
        h.data.push(("lon", place.lon.to_string()));
        h.title = Some(place.name.clone());
        highlights.push(h);
    }
    for timex in &doc.timexes {
        highlights.push(date_highlight(
            timex.span.start,
            timex.span.end,
            timex.value.as_deref(),
        ));
    }
    for event in &doc.events {
        let mut h = Highlight::new(
            event.trigger.start,
            event.trigger.end,
            Layer::Event,
            "event",
        );
        h.data
            .push(("type", event.plover.clone().unwrap_or_default()));
        h.title = Some(format!(
            "{} {} {} [CAMEO {}]",
            event.source.as_ref().map_or("—", |a| a.name.as_str()),
            event.plover.as_deref().unwrap_or("(statement)"),
            event.target.as_ref().map_or("—", |a| a.name.as_str()),
            event.cameo
        ));
        highlights.push(h);
    }
    highlights
}

async fn paste_result(State(state): State<SharedState>, Form(form): Form<PasteForm>) -> PageResult {
    let mut input = api::ArticleInput {
        date: field(&form.date),
        ..Default::default()
    };
    if form.format.as_deref() == Some("html") {
        input.html = Some(form.content);
    } else {
        input.text = Some(form.content);
    }
    let doc = api::annotate(&state, input, "pasted").await?;
    let title = doc
        .meta
        .title
        .clone()
        .unwrap_or_else(|| "Pasted article".into());
    let mut body = format!(
        "<h1>{}</h1><p class=\"meta\">{} quotes · {} entities · {} places · {} dates · {} events · not stored</p>{LEGEND}\
         <div class=\"layout\"><div class=\"article\" id=\"article\">{}</div><aside><h2>Quotes</h2><ol class=\"quote-list\">",
        escape(&title),
        doc.quotes.len(),
        doc.entities.len(),
        doc.places.len(),
        doc.timexes.len(),
        doc.events.len(),
        render_highlighted(&doc.text, &analysed_highlights(&doc))
    );
    for quote in &doc.quotes {
        let _ = write!(
            body,
            "<li>{}: <a href=\"#quote-{}\">{}</a></li>",
            escape(quote.speaker_name.as_deref().unwrap_or("unknown speaker")),
            quote.span.start,
            escape(&shorten(doc.slice(quote.span), 90))
        );
    }
    let _ = write!(
        body,
        "</ol><h2>Analyse another</h2>{PASTE_FORM}</aside></div>"
    );
    Ok(page_response(&title, &body))
}

/// The API reference, rendered from the OpenAPI document the server serves.
async fn docs_page() -> Response {
    let spec: serde_json::Value = serde_json::from_str(api::spec_json()).expect("the spec is JSON");
    let mut body = String::from(
        "<h1>Dateline API</h1><p class=\"meta\">OpenAPI 3 document: <a href=\"/openapi.json\">/openapi.json</a>. \
         Errors are <code>{\"error\":{\"code\":\"…\",\"message\":\"…\"}}</code>; lists take <code>limit</code> and \
         <code>offset</code> and return <code>total</code> and <code>next_offset</code>; GETs carry an ETag.</p>",
    );
    if let Some(description) = spec.pointer("/info/description").and_then(|d| d.as_str()) {
        let _ = write!(body, "<p>{}</p>", escape(description));
    }
    let paths = spec.get("paths").and_then(|p| p.as_object());
    for (path, operations) in paths.into_iter().flatten() {
        for (method, operation) in operations.as_object().into_iter().flatten() {
            let text = |key: &str| operation.get(key).and_then(|v| v.as_str()).unwrap_or("");
            let _ = write!(
                body,
                "<section class=\"operation\" id=\"{}-{}\"><h2><code>{} {}</code></h2><p>{}</p>",
                escape(method),
                escape(&path.replace(['/', '{', '}'], "-")),
                escape(&method.to_uppercase()),
                escape(path),
                escape(&[text("summary"), text("description")].join(" ")),
            );
            if let Some(params) = operation.get("parameters").and_then(|p| p.as_array()) {
                body.push_str("<table><thead><tr><th>Parameter</th><th>In</th><th>Type</th><th>Description</th></tr></thead><tbody>");
                for param in params {
                    let get = |key: &str| param.get(key).and_then(|v| v.as_str()).unwrap_or("");
                    let kind = param
                        .pointer("/schema/type")
                        .map(|t| t.to_string().replace('"', ""))
                        .unwrap_or_default();
                    let _ = write!(
                        body,
                        "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        escape(get("name")),
                        if param.get("required").and_then(|r| r.as_bool()) == Some(true) {
                            " (required)"
                        } else {
                            ""
                        },
                        escape(get("in")),
                        escape(&kind),
                        escape(get("description"))
                    );
                }
                body.push_str("</tbody></table>");
            }
            if let Some(schema) =
                operation.pointer("/requestBody/content/application~1json/schema/$ref")
            {
                let _ = write!(
                    body,
                    "<p>Body: <code>{}</code> (JSON; unknown fields are refused)</p>",
                    escape(
                        schema
                            .as_str()
                            .unwrap_or("")
                            .trim_start_matches("#/components/schemas/")
                    )
                );
            }
            if operation.get("security").is_some() {
                body.push_str("<p>Requires <code>Authorization: Bearer TOKEN</code>.</p>");
            }
            let responses: Vec<String> = operation
                .get("responses")
                .and_then(|r| r.as_object())
                .into_iter()
                .flatten()
                .map(|(status, _)| escape(status))
                .collect();
            let _ = write!(
                body,
                "<p class=\"meta\">Responses: {}</p></section>",
                responses.join(", ")
            );
        }
    }
    page("API", &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_store::QuoteSource;

    fn quote(sources: usize, source_count: i64) -> QuoteRecord {
        QuoteRecord {
            id: 7,
            speaker: Some("Kassym-Jomart Tokayev".into()),
            speaker_entity: Some(1),
            text: "Those who don’t surrender will be destroyed".into(),
            kind: "direct".into(),
            date: Some("2022-01-07".into()),
            sources: (0..sources as i64)
                .map(|doc| QuoteSource {
                    document: doc + 1,
                    source: format!("outlet-{doc}.txt"),
                    date: Some("2022-01-07".into()),
                    span: (10, 52),
                    text: "Those who don’t surrender will be destroyed".into(),
                    outlet: format!("outlet-{doc}"),
                })
                .collect(),
            source_count,
        }
    }

    #[test]
    fn a_listed_quote_links_to_the_sources_it_does_not_carry() {
        let listed = quote_item(&quote(2, 5), false);
        assert!(listed.contains("reported by 5 sources:"), "{listed}");
        assert_eq!(listed.matches("<li class=\"source\"").count(), 2);
        assert!(
            listed.contains("<li class=\"more-sources\"><a href=\"/quotes/7\">and 3 more</a></li>")
        );
        let whole = quote_item(&quote(1, 1), true);
        assert!(whole.contains("reported by 1 source:"), "{whole}");
        assert!(!whole.contains("more-sources"));
    }
}
