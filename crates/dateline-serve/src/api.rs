//! The JSON API under `/api`, its OpenAPI document (`/openapi.json`, generated from the
//! handler annotations below) and the input conversions shared with the UI.

use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiQuery, Id};
use crate::{AppState, SharedState};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use dateline_document::Document;
use dateline_store::{
    BatchOutcome, DocumentFilter, DocumentRecord, DocumentSummary, EmbeddedStore, EntityFilter,
    EntitySummary, EventFilter, EventRecord, Facets, IntegrityReport, Paging, PlaceFilter,
    PlaceSummary, QuoteFilter, QuoteRecord, QuotedGenders, RankedHit, SearchHit, SearchQuery,
    SpeakerSummary, Store, TimelineEntry,
};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::OnceLock;
use utoipa::{IntoParams, OpenApi, ToSchema};

/// Deepest a search pages; with an event type filter (which the search index lacks), how
/// many hits are ranked before the filter thins them out.
const SEARCH_WINDOW: usize = 500;
/// How many documents of the best hits the search facets count: counting every document of
/// the window (thousands when quotes reprinted a hundred times are among the hits) cost
/// more than the rest of a search together.
const FACET_DOCUMENTS: usize = 100;
/// Most articles one ingest request may carry.
const MAX_INGEST_DOCUMENTS: usize = 100;
const DEFAULT_LIMIT: usize = 20;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Dateline",
        description = "News turned into evidence-linked data: documents, quotes with every outlet that reported them, speakers, entities, events and places, each with the spans of text that support it."
    ),
    paths(
        list_documents, get_document, list_quotes, get_quote, list_speakers, get_speaker,
        list_entities, get_entity, list_events, list_places, genders, search, timeline, analyze,
        ingest, admin_check
    ),
    components(schemas(ErrorBody)),
    modifiers(&BearerToken),
    tags(
        (name = "records", description = "What the store holds, page by page"),
        (name = "search", description = "Full-text search with filters and facets, timelines"),
        (name = "analysis", description = "Annotate text without storing it"),
        (name = "admin", description = "Writes and checks; bearer token required"),
    )
)]
pub struct ApiDoc;

struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
    }
}

/// The spec as served, built once.
pub fn spec_json() -> &'static str {
    static SPEC: OnceLock<String> = OnceLock::new();
    SPEC.get_or_init(|| ApiDoc::openapi().to_pretty_json().expect("spec serialises"))
}

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/openapi.json", get(openapi_json))
        .route("/api/documents", get(list_documents))
        .route("/api/documents/{id}", get(get_document))
        .route("/api/quotes", get(list_quotes))
        .route("/api/quotes/{id}", get(get_quote))
        .route("/api/speakers", get(list_speakers))
        .route("/api/speakers/{id}", get(get_speaker))
        .route("/api/entities", get(list_entities))
        .route("/api/entities/{id}", get(get_entity))
        .route("/api/events", get(list_events))
        .route("/api/places", get(list_places))
        .route("/api/genders", get(genders))
        .route("/api/search", get(search))
        .route("/api/timeline", get(timeline))
        .route("/api/analyze", post(analyze))
        .route("/api/ingest", post(ingest))
        .route("/api/admin/check", get(admin_check))
}

async fn openapi_json() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], spec_json()).into_response()
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Paged<T> {
    pub items: Vec<T>,
    /// How many items match in all.
    pub total: i64,
    pub limit: usize,
    pub offset: usize,
    /// The `offset` of the next page; absent on the last page.
    pub next_offset: Option<usize>,
}

impl<T> Paged<T> {
    pub fn new((items, total): (Vec<T>, i64), paging: Paging) -> Paged<T> {
        let next = paging.offset + items.len();
        Paged {
            next_offset: (items.len() == paging.limit && (next as i64) < total).then_some(next),
            items,
            total,
            limit: paging.limit,
            offset: paging.offset,
        }
    }
}

/// One page of a list query run on the store.
async fn list<T: Send + 'static>(
    state: &SharedState,
    limit: Option<usize>,
    offset: Option<usize>,
    query: impl FnOnce(&EmbeddedStore, Paging) -> dateline_store::Result<(Vec<T>, i64)> + Send + 'static,
) -> Result<Json<Paged<T>>, ApiError> {
    let paging = paging(limit, offset, state)?;
    let page = state
        .with_store(move |store| Ok(query(store, paging)?))
        .await?;
    Ok(Json(Paged::new(page, paging)))
}

/// Checks `limit` (1..=max) and builds the page request.
pub fn paging(
    limit: Option<usize>,
    offset: Option<usize>,
    state: &SharedState,
) -> Result<Paging, ApiError> {
    let max = state.config().max_page;
    let limit = limit.unwrap_or(DEFAULT_LIMIT.min(max));
    if limit == 0 || limit > max {
        return Err(ApiError::bad_request(
            "invalid_parameter",
            format!("limit must be between 1 and {max}"),
        ));
    }
    Ok(Paging {
        limit,
        offset: offset.unwrap_or(0),
    })
}

/// Checks an ISO date bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub fn date_bound(value: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let shape_ok = matches!(value.len(), 4 | 7 | 10)
        && value.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape_ok {
        return Err(ApiError::bad_request(
            "invalid_parameter",
            format!("dates are YYYY, YYYY-MM or YYYY-MM-DD, not {value:?}"),
        ));
    }
    Ok(Some(value))
}

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DocumentsQuery {
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    /// Outlet name exactly as listed in search facets.
    pub outlet: Option<String>,
    /// Entity id: only documents mentioning it.
    pub entity: Option<i64>,
    /// PLOVER event type (`PROTEST`) or CAMEO code prefix (`14`).
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub event_type: Option<String>,
    /// Earliest date, YYYY[-MM[-DD]].
    pub from: Option<String>,
    /// Latest date, YYYY[-MM[-DD]].
    pub to: Option<String>,
}

impl DocumentsQuery {
    pub fn filter(self) -> Result<DocumentFilter, ApiError> {
        Ok(DocumentFilter {
            outlet: non_empty(self.outlet),
            entity: self.entity,
            event_type: non_empty(self.event_type),
            from: date_bound(self.from)?,
            to: date_bound(self.to)?,
        })
    }
}

/// Documents, newest first.
#[utoipa::path(get, path = "/api/documents", tag = "records", params(DocumentsQuery),
    responses((status = 200, body = Paged<DocumentSummary>), (status = 400, body = ErrorBody)))]
async fn list_documents(
    State(state): State<SharedState>,
    ApiQuery(query): ApiQuery<DocumentsQuery>,
) -> Result<Json<Paged<DocumentSummary>>, ApiError> {
    let (limit, offset) = (query.limit, query.offset);
    let filter = query.filter()?;
    list(&state, limit, offset, move |store, paging| {
        store.documents(&filter, paging)
    })
    .await
}

/// One document: its text and every annotation (quotes, mentions, places, dates, events)
/// as code-point spans into the text.
#[utoipa::path(get, path = "/api/documents/{id}", tag = "records",
    params(("id" = i64, Path, description = "Document id")),
    responses((status = 200, body = DocumentRecord), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn get_document(
    State(state): State<SharedState>,
    Id(id): Id,
) -> Result<Json<DocumentRecord>, ApiError> {
    let doc = state
        .with_store(move |store| Ok(store.document(id)?))
        .await?;
    doc.map(Json)
        .ok_or_else(|| ApiError::not_found("document", id))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QuotesQuery {
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    /// Speaker (entity) id.
    pub speaker: Option<i64>,
    /// Document id: only quotes that document reported.
    pub document: Option<i64>,
    /// `female` or `male`: only quotes of persons the articles show to be of that gender.
    pub speaker_gender: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A gender filter's value, checked.
pub fn gender_value(value: Option<String>) -> Result<Option<String>, ApiError> {
    match non_empty(value).map(|v| v.to_lowercase()) {
        Some(v) if v != "female" && v != "male" => Err(ApiError::bad_request(
            "invalid_parameter",
            format!("speaker_gender `{v}`: expected `female` or `male`"),
        )),
        other => Ok(other),
    }
}

/// Quote records, earliest first, each with the first 5 documents that reported it and how
/// many did (`/api/quotes/{id}` lists them all).
#[utoipa::path(get, path = "/api/quotes", tag = "records", params(QuotesQuery),
    responses((status = 200, body = Paged<QuoteRecord>), (status = 400, body = ErrorBody)))]
async fn list_quotes(
    State(state): State<SharedState>,
    ApiQuery(query): ApiQuery<QuotesQuery>,
) -> Result<Json<Paged<QuoteRecord>>, ApiError> {
    let filter = QuoteFilter {
        speaker: query.speaker,
        speaker_gender: gender_value(query.speaker_gender)?,
        document: query.document,
        from: date_bound(query.from)?,
        to: date_bound(query.to)?,
    };
    list(&state, query.limit, query.offset, move |store, paging| {
        store.quotes(&filter, paging)
    })
    .await
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct GendersQuery {
    /// Outlet name exactly as listed in search facets.
    pub outlet: Option<String>,
    /// Earliest document date, YYYY[-MM[-DD]].
    pub from: Option<String>,
    /// Latest document date, YYYY[-MM[-DD]].
    pub to: Option<String>,
}

/// Who gets quoted, by gender (the Gender Gap Tracker's measure): quotes counted once per
/// reporting document by their speaker's gender, for all outlets and per outlet, with the
/// share of women among quotes whose speaker's gender the articles show. Gender comes from
/// the articles' own pronouns and titles, or, marked `first_name` on speakers, from a
/// first-name list.
#[utoipa::path(get, path = "/api/genders", tag = "records", params(GendersQuery),
    responses((status = 200, body = QuotedGenders), (status = 400, body = ErrorBody)))]
async fn genders(
    State(state): State<SharedState>,
    ApiQuery(query): ApiQuery<GendersQuery>,
) -> Result<Json<QuotedGenders>, ApiError> {
    let filter = DocumentFilter {
        outlet: non_empty(query.outlet),
        from: date_bound(query.from)?,
        to: date_bound(query.to)?,
        ..Default::default()
    };
    let counts = state
        .with_store(move |store| Ok(store.quoted_genders(&filter)?))
        .await?;
    Ok(Json(counts))
}

/// One quote record with every source (outlet, date, span in that document).
#[utoipa::path(get, path = "/api/quotes/{id}", tag = "records",
    params(("id" = i64, Path, description = "Quote id")),
    responses((status = 200, body = QuoteRecord), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn get_quote(
    State(state): State<SharedState>,
    Id(id): Id,
) -> Result<Json<QuoteRecord>, ApiError> {
    let quote = state.with_store(move |store| Ok(store.quote(id)?)).await?;
    quote
        .map(Json)
        .ok_or_else(|| ApiError::not_found("quote", id))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SpeakersQuery {
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    /// Words of the speaker's name.
    pub name: Option<String>,
}

/// People and bodies quoted, most quoted first.
#[utoipa::path(get, path = "/api/speakers", tag = "records", params(SpeakersQuery),
    responses((status = 200, body = Paged<SpeakerSummary>), (status = 400, body = ErrorBody)))]
async fn list_speakers(
    State(state): State<SharedState>,
    ApiQuery(query): ApiQuery<SpeakersQuery>,
) -> Result<Json<Paged<SpeakerSummary>>, ApiError> {
    let name = non_empty(query.name);
    list(&state, query.limit, query.offset, move |store, paging| {
        store.speakers(name.as_deref(), paging)
    })
    .await
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

/// A speaker and a page of their quotes, across every outlet that reported them (each quote
/// lists its first 5 sources and counts them all).
#[derive(Debug, Serialize, ToSchema)]
pub struct SpeakerDetail {
    pub speaker: SpeakerSummary,
    pub quotes: Paged<QuoteRecord>,
}

pub fn speaker_detail(
    store: &EmbeddedStore,
    id: i64,
    paging: Paging,
) -> Result<SpeakerDetail, ApiError> {
    let speaker = store
        .speaker(id)?
        .ok_or_else(|| ApiError::not_found("speaker", id))?;
    let filter = QuoteFilter {
        speaker: Some(id),
        ..Default::default()
    };
    let quotes = Paged::new(store.quotes(&filter, paging)?, paging);
    Ok(SpeakerDetail { speaker, quotes })
}

/// One speaker: every quote of theirs, each with the outlets and dates that reported it.
#[utoipa::path(get, path = "/api/speakers/{id}", tag = "records",
    params(("id" = i64, Path, description = "Speaker (entity) id"), PageQuery),
    responses((status = 200, body = SpeakerDetail), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn get_speaker(
    State(state): State<SharedState>,
    Id(id): Id,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<SpeakerDetail>, ApiError> {
    let paging = paging(query.limit, query.offset, &state)?;
    let detail = state
        .with_store(move |store| speaker_detail(store, id, paging))
        .await?;
    Ok(Json(detail))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EntitiesQuery {
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    /// `PER`, `ORG`, `GPE`, `LOC`, `NORP`...
    pub label: Option<String>,
    /// Words of the name.
    pub name: Option<String>,
}

/// Entities, most widely mentioned first.
#[utoipa::path(get, path = "/api/entities", tag = "records", params(EntitiesQuery),
    responses((status = 200, body = Paged<EntitySummary>), (status = 400, body = ErrorBody)))]
async fn list_entities(
    State(state): State<SharedState>,
    ApiQuery(query): ApiQuery<EntitiesQuery>,
) -> Result<Json<Paged<EntitySummary>>, ApiError> {
    let filter = EntityFilter {
        label: non_empty(query.label),
        name: non_empty(query.name),
    };
    list(&state, query.limit, query.offset, move |store, paging| {
        store.entities(&filter, paging)
    })
    .await
}

/// An entity with the first page of the documents that mention it, its quotes as a
/// speaker, and the events it takes part in.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntityDetail {
    pub entity: EntitySummary,
    pub documents: Paged<DocumentSummary>,
    pub quotes: Paged<QuoteRecord>,
    pub events: Paged<EventRecord>,
}

pub fn entity_detail(
    store: &EmbeddedStore,
    id: i64,
    paging: Paging,
) -> Result<EntityDetail, ApiError> {
    let entity = store
        .entity(id)?
        .ok_or_else(|| ApiError::not_found("entity", id))?;
    let documents = store.documents(
        &DocumentFilter {
            entity: Some(id),
            ..Default::default()
        },
        paging,
    )?;
    let quotes = store.quotes(
        &QuoteFilter {
            speaker: Some(id),
            ..Default::default()
        },
        paging,
    )?;
    let events = store.events(
        &EventFilter {
            entity: Some(id),
            ..Default::default()
        },
        paging,
    )?;
    Ok(EntityDetail {
        entity,
        documents: Paged::new(documents, paging),
        quotes: Paged::new(quotes, paging),
        events: Paged::new(events, paging),
    })
}

/// One entity, with where it appears.
#[utoipa::path(get, path = "/api/entities/{id}", tag = "records",
    params(("id" = i64, Path, description = "Entity id"), PageQuery),
    responses((status = 200, body = EntityDetail), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn get_entity(
    State(state): State<SharedState>,
    Id(id): Id,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<EntityDetail>, ApiError> {
    let paging = paging(query.limit, query.offset, &state)?;
    let detail = state
        .with_store(move |store| entity_detail(store, id, paging))
        .await?;
    Ok(Json(detail))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    /// Entity id, as source or target.
    pub entity: Option<i64>,
    pub document: Option<i64>,
    /// PLOVER event type (`PROTEST`) or CAMEO code prefix (`14`).
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub event_type: Option<String>,
    pub outlet: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only events with coordinates.
    pub located: Option<bool>,
}

impl EventsQuery {
    pub fn filter(self) -> Result<EventFilter, ApiError> {
        Ok(EventFilter {
            entity: self.entity,
            document: self.document,
            event_type: non_empty(self.event_type),
            outlet: non_empty(self.outlet),
            from: date_bound(self.from)?,
            to: date_bound(self.to)?,
            located: self.located.unwrap_or(false),
        })
    }
}

/// Coded events (who did what to whom, where, when), earliest first.
#[utoipa::path(get, path = "/api/events", tag = "records", params(EventsQuery),
    responses((status = 200, body = Paged<EventRecord>), (status = 400, body = ErrorBody)))]
async fn list_events(
    State(state): State<SharedState>,
    ApiQuery(query): ApiQuery<EventsQuery>,
) -> Result<Json<Paged<EventRecord>>, ApiError> {
    let (limit, offset) = (query.limit, query.offset);
    let filter = query.filter()?;
    list(&state, limit, offset, move |store, paging| {
        store.events(&filter, paging)
    })
    .await
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PlacesQuery {
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    pub document: Option<i64>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
}

/// Places named in the store with coordinates, most mentioned first.
#[utoipa::path(get, path = "/api/places", tag = "records", params(PlacesQuery),
    responses((status = 200, body = Paged<PlaceSummary>), (status = 400, body = ErrorBody)))]
async fn list_places(
    State(state): State<SharedState>,
    ApiQuery(query): ApiQuery<PlacesQuery>,
) -> Result<Json<Paged<PlaceSummary>>, ApiError> {
    let filter = PlaceFilter {
        document: query.document,
        country: non_empty(query.country),
    };
    list(&state, query.limit, query.offset, move |store, paging| {
        store.places(&filter, paging)
    })
    .await
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words, "phrases", AND/OR, -excluded words, over titles, texts and quotes.
    pub q: String,
    /// Only quotes by a speaker whose name has these words.
    pub speaker: Option<String>,
    /// Only documents mentioning (and quotes spoken by) an entity whose name has these words.
    pub entity: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only documents (and quotes reported by documents) with an event of this PLOVER type
    /// or CAMEO code prefix.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub event_type: Option<String>,
    /// Only documents (and quotes reported by documents) of this outlet.
    pub outlet: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

/// A search hit and the documents behind it (the document itself, or every document that
/// reported the quote).
#[derive(Debug, Serialize, ToSchema)]
pub struct Hit {
    #[serde(flatten)]
    pub hit: SearchHit,
    pub documents: Vec<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResponse {
    pub query: String,
    pub hits: Vec<Hit>,
    /// Matches in all: every matching document and quote, near-duplicate copies included,
    /// when the filters are the index's (words, speaker, entity, dates, outlet); with a
    /// type filter, the hits among the best 500 that pass it. Pages reach the best 500.
    pub total: usize,
    pub limit: usize,
    pub offset: usize,
    pub next_offset: Option<usize>,
    /// Counts over the documents of the best hits, to narrow the search.
    pub facets: Facets,
    /// How many documents the facets counted: those of the best hits in rank order, at most
    /// 100.
    pub facet_documents: usize,
}

/// Runs a search: ranks the hits up to the page (the best [`SEARCH_WINDOW`] when an event
/// type filter, which the index does not know, must thin them out), counts facets over the
/// documents of the best of them, and returns one page.
pub fn run_search(
    state: &AppState,
    store: &EmbeddedStore,
    writes: u64,
    params: SearchParams,
    paging: Paging,
) -> Result<SearchResponse, ApiError> {
    let text = params.q.trim().to_string();
    if text.is_empty() {
        return Err(ApiError::bad_request("missing_query", "q is required"));
    }
    let query = SearchQuery {
        text: text.clone(),
        speaker: non_empty(params.speaker),
        entity: non_empty(params.entity),
        from: date_bound(params.from)?,
        to: date_bound(params.to)?,
        outlet: non_empty(params.outlet),
        limit: SEARCH_WINDOW,
    };
    let event_type = non_empty(params.event_type);
    let by_event_type = event_type.is_some();
    // Rank ids only (no text is read): the whole window when the event type filter must
    // thin it out, else up to the page and one hit beyond it (is there a next page?). Only
    // the page's hits are then looked up and highlighted.
    let window = if by_event_type {
        SEARCH_WINDOW
    } else {
        (paging.offset + paging.limit + 1).min(SEARCH_WINDOW)
    };
    let (ranked, matches) = store.rank_counted(&SearchQuery {
        limit: window,
        ..query.clone()
    })?;
    let quote_ids: Vec<i64> = ranked
        .iter()
        .filter(|h| h.kind == dateline_store::HitKind::Quote)
        .map(|h| h.id)
        .collect();
    let mut quote_docs = store.quote_documents(&quote_ids)?;
    let mut hits: Vec<(RankedHit, Vec<i64>)> = ranked
        .into_iter()
        .map(|hit| {
            let documents = match hit.kind {
                dateline_store::HitKind::Document => vec![hit.id],
                dateline_store::HitKind::Quote => quote_docs.remove(&hit.id).unwrap_or_default(),
            };
            (hit, documents)
        })
        .collect();
    // The documents that pass the filters (`None` without any): a quote hit passes through
    // any of its documents, and only those count in the facets.
    let has_quotes = hits
        .iter()
        .any(|(hit, _)| hit.kind == dateline_store::HitKind::Quote);
    let mut kept: Option<HashSet<i64>> = match &query.outlet {
        // Document hits are the outlet's already.
        Some(outlet) if has_quotes => Some(store.documents_of_outlet(outlet)?),
        _ => None,
    };
    if let Some(event_type) = event_type {
        let mut all_docs: Vec<i64> = hits
            .iter()
            .flat_map(|(_, docs)| docs.iter().copied())
            .filter(|doc| kept.as_ref().is_none_or(|kept| kept.contains(doc)))
            .collect();
        all_docs.sort_unstable();
        all_docs.dedup();
        let narrowing = DocumentFilter {
            event_type: Some(event_type),
            ..Default::default()
        };
        let passing: HashSet<i64> = store
            .filter_documents(&all_docs, &narrowing)?
            .into_iter()
            .collect();
        hits.retain(|(_, docs)| docs.iter().any(|d| passing.contains(d)));
        kept = Some(passing);
    }
    let mut counted = HashSet::new();
    let facet_docs: Vec<i64> = hits
        .iter()
        .flat_map(|(_, docs)| docs.iter().copied())
        .filter(|doc| kept.as_ref().is_none_or(|kept| kept.contains(doc)))
        .filter(|&doc| counted.insert(doc))
        .take(FACET_DOCUMENTS)
        .collect();
    let facets = state.facets(store, writes, &facet_docs)?;
    let ranked_hits = hits.len();
    let total = if by_event_type { ranked_hits } else { matches };
    let (shown, documents): (Vec<RankedHit>, Vec<Vec<i64>>) = hits
        .into_iter()
        .skip(paging.offset)
        .take(paging.limit)
        .unzip();
    let page: Vec<Hit> = store
        .present(&query, &shown)?
        .into_iter()
        .zip(documents)
        .map(|(hit, documents)| Hit { hit, documents })
        .collect();
    let next = paging.offset + page.len();
    Ok(SearchResponse {
        query: text,
        next_offset: (next < ranked_hits).then_some(next),
        hits: page,
        total,
        limit: paging.limit,
        offset: paging.offset,
        facet_documents: facet_docs.len(),
        facets,
    })
}

/// Ranked documents and quotes with highlighted snippets, filters and facets.
#[utoipa::path(get, path = "/api/search", tag = "search", params(SearchParams),
    responses((status = 200, body = SearchResponse), (status = 400, body = ErrorBody)))]
async fn search(
    State(state): State<SharedState>,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<SearchResponse>, ApiError> {
    let paging = paging(params.limit, params.offset, &state)?;
    let search_state = state.clone();
    let response = state
        .with_store_at(move |store, writes| {
            run_search(&search_state, store, writes, params, paging)
        })
        .await?;
    Ok(Json(response))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TimelineParams {
    /// Words of the entity's name.
    pub entity: String,
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineResponse {
    pub entity: String,
    pub items: Vec<TimelineEntry>,
}

/// Quotes and events involving an entity, by date.
#[utoipa::path(get, path = "/api/timeline", tag = "search", params(TimelineParams),
    responses((status = 200, body = TimelineResponse), (status = 400, body = ErrorBody)))]
async fn timeline(
    State(state): State<SharedState>,
    ApiQuery(params): ApiQuery<TimelineParams>,
) -> Result<Json<TimelineResponse>, ApiError> {
    let paging = paging(params.limit, None, &state)?;
    let entity = params.entity.trim().to_string();
    if entity.is_empty() {
        return Err(ApiError::bad_request("missing_query", "entity is required"));
    }
    let name = entity.clone();
    let items = state
        .with_store(move |store| Ok(store.timeline(&name, paging.limit)?))
        .await?;
    Ok(Json(TimelineResponse { entity, items }))
}

/// An article to annotate: its text or its HTML (exactly one), and what the page itself
/// may not say.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleInput {
    /// Plain text, as copied from a page.
    pub text: Option<String>,
    /// An HTML page; scripts and markup are dropped by extraction, never rendered.
    pub html: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    /// Publication date (YYYY-MM-DD), the anchor of relative dates.
    pub date: Option<String>,
}

impl ArticleInput {
    /// Extracts the article; `label` names its source when no URL is given.
    pub fn extract(self, label: &str) -> Result<(Document, Option<chrono::NaiveDate>), ApiError> {
        use dateline_read::{Content, RawDocument};
        let content = match (self.text, self.html) {
            (Some(text), None) => Content::Text(text),
            (None, Some(html)) => Content::Html(html),
            _ => {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_body",
                    "give exactly one of text and html",
                ))
            }
        };
        let date = date_bound(self.date)?;
        let fallback = date
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let format = match content {
            Content::Html(_) => "html",
            Content::Text(_) => "text",
        };
        let mut raw = RawDocument::new(
            dateline_document::Source {
                path: self.url.clone().unwrap_or_else(|| label.to_string()),
                url: self.url,
                format: format.into(),
                ..Default::default()
            },
            content,
        );
        raw.hints.date = date;
        raw.hints.title = self.title;
        let doc = dateline_extract::extract(&raw, &Default::default());
        Ok((doc, fallback))
    }
}

/// Annotates an input with the pipeline, on the blocking pool.
pub async fn annotate(
    state: &SharedState,
    input: ArticleInput,
    label: &str,
) -> Result<Document, ApiError> {
    let (mut doc, fallback) = input.extract(label)?;
    state
        .with_pipeline(move |pipeline| {
            pipeline.annotate(&mut doc, fallback);
            doc
        })
        .await
}

/// Annotates pasted text or HTML and returns the whole annotated document (text, blocks,
/// tokens, sentences, entities, quotes, places, dates, quantities, events). Nothing is stored.
#[utoipa::path(post, path = "/api/analyze", tag = "analysis", request_body = ArticleInput,
    responses((status = 200, description = "The annotated document", body = serde_json::Value),
        (status = 400, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
async fn analyze(
    State(state): State<SharedState>,
    ApiJson(input): ApiJson<ArticleInput>,
) -> Result<Json<Document>, ApiError> {
    Ok(Json(annotate(&state, input, "pasted").await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IngestRequest {
    /// At most 100 articles.
    pub documents: Vec<ArticleInput>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IngestResponse {
    pub outcome: BatchOutcome,
    /// The store id of each input, in order (an input already stored keeps its id).
    pub documents: Vec<Option<i64>>,
}

/// Refuses writes and admin calls unless the server allows them and the bearer token matches.
fn authorize(state: &SharedState, headers: &HeaderMap) -> Result<(), ApiError> {
    let config = state.config();
    if config.read_only {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "read_only",
            "this server is read-only",
        ));
    }
    let Some(token) = &config.token else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "writes_disabled",
            "no token configured; start the server with --token or DATELINE_TOKEN",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if constant_time_eq(given.as_bytes(), token.as_bytes()) {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "missing or wrong bearer token",
        ))
    }
}

/// Compares without stopping at the first difference, so timing does not reveal the token.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn with_auth_header(error: ApiError) -> Response {
    let unauthorized = error.status == StatusCode::UNAUTHORIZED;
    let mut response = error.into_response();
    if unauthorized {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer"),
        );
    }
    response
}

/// Annotates articles and writes them into the store (idempotent: stored content is skipped).
#[utoipa::path(post, path = "/api/ingest", tag = "admin", request_body = IngestRequest,
    security(("bearer" = [])),
    responses((status = 200, body = IngestResponse), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn ingest(
    State(state): State<SharedState>,
    headers: HeaderMap,
    body: Result<ApiJson<IngestRequest>, ApiError>,
) -> Response {
    // Authorise before looking at the body, so a stranger learns nothing from its errors.
    if let Err(error) = authorize(&state, &headers) {
        return with_auth_header(error);
    }
    match ingest_documents(&state, body).await {
        Ok(response) => Json(response).into_response(),
        Err(error) => error.into_response(),
    }
}

async fn ingest_documents(
    state: &SharedState,
    body: Result<ApiJson<IngestRequest>, ApiError>,
) -> Result<IngestResponse, ApiError> {
    let ApiJson(request) = body?;
    if request.documents.is_empty() || request.documents.len() > MAX_INGEST_DOCUMENTS {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            format!("send between 1 and {MAX_INGEST_DOCUMENTS} documents"),
        ));
    }
    let mut docs = Vec::with_capacity(request.documents.len());
    for input in request.documents {
        docs.push(annotate(state, input, "api").await?);
    }
    state
        .with_writer(move |store| {
            let outcome = store.write_batch(&docs)?;
            let documents = docs
                .iter()
                .map(|doc| store.document_id(&dateline_store::content_hash(doc)))
                .collect::<Result<_, _>>()?;
            Ok(IngestResponse { outcome, documents })
        })
        .await
}

/// The store's record counts and integrity check.
#[utoipa::path(get, path = "/api/admin/check", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = IntegrityReport), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
async fn admin_check(State(state): State<SharedState>, headers: HeaderMap) -> Response {
    if let Err(error) = authorize(&state, &headers) {
        return with_auth_header(error);
    }
    match state.with_store(|store| Ok(store.check()?)).await {
        Ok(report) => Json(report).into_response(),
        Err(error) => error.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_bounds_accept_iso_prefixes_only() {
        assert_eq!(date_bound(Some("2022".into())).unwrap().unwrap(), "2022");
        assert!(date_bound(Some("2022-01-07".into())).is_ok());
        assert!(date_bound(Some(String::new())).unwrap().is_none());
        for bad in ["22-01-07", "2022/01/07", "2022-1-7", "' OR 1=1 --"] {
            assert!(date_bound(Some(bad.into())).is_err(), "{bad}");
        }
    }

    #[test]
    fn tokens_compare_exactly() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secret2"));
    }

    #[test]
    fn pages_say_where_the_next_one_starts() {
        let paging = Paging {
            limit: 2,
            offset: 0,
        };
        assert_eq!(Paged::new((vec![1, 2], 3), paging).next_offset, Some(2));
        assert_eq!(Paged::new((vec![1, 2], 2), paging).next_offset, None);
    }
}
