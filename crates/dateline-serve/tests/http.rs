//! The server end to end, in process (`tower::ServiceExt::oneshot`) and over a real socket
//! for slow clients, on the store of `common`.

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use common::{inputs, pipeline, store_copy};
use dateline_serve::{router, AppState, Config};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::Duration;
use tower::ServiceExt;

mod common;

const TOKEN: &str = "test-token";
const TOKAYEV: &str = "Kassym-Jomart Tokayev";

fn open_config() -> Config {
    Config {
        token: Some(TOKEN.into()),
        rate_per_second: 1000.0,
        rate_burst: 10_000.0,
        ..Config::default()
    }
}

struct TestApp {
    router: Router,
    _dir: tempfile::TempDir,
}

fn app_with(config: Config, with_pipeline: bool) -> TestApp {
    let (dir, store) = store_copy();
    let pipeline = with_pipeline.then(pipeline);
    TestApp {
        router: router(AppState::new(store, pipeline, config)),
        _dir: dir,
    }
}

fn app() -> TestApp {
    app_with(open_config(), true)
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!("{e}: {}", String::from_utf8_lossy(&self.body));
        })
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }

    fn error_code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap().to_string()
    }
}

impl TestApp {
    async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    async fn get(&self, uri: &str) -> Reply {
        self.send(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    /// GET that must succeed with JSON.
    async fn json(&self, uri: &str) -> Value {
        let reply = self.get(uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.text());
        reply.json()
    }

    /// GET that must succeed with an HTML page carrying the security headers.
    async fn html(&self, uri: &str) -> String {
        let reply = self.get(uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.text());
        assert_html_headers(&reply);
        reply.text()
    }

    /// GET with `If-None-Match: tag`.
    async fn revalidate(&self, uri: &str, tag: &str) -> Reply {
        self.send(
            Request::get(uri)
                .header(header::IF_NONE_MATCH, tag)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    async fn post(&self, uri: &str, body: impl Into<Body>, token: Option<&str>) -> Reply {
        let mut request = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        self.send(request.body(body.into()).unwrap()).await
    }
}

fn assert_html_headers(reply: &Reply) {
    let header = |name: header::HeaderName| {
        reply
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert!(header(header::CONTENT_TYPE).starts_with("text/html"));
    assert_eq!(
        header(header::CONTENT_SECURITY_POLICY),
        "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    );
    assert_eq!(header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
}

/// Ids the tests navigate by: the seed document, its main speaker, one of his quotes.
struct Known {
    seed: i64,
    speaker: i64,
    quote: i64,
}

async fn known(app: &TestApp) -> Known {
    let docs = app.json("/api/documents?outlet=TASS").await;
    assert_eq!(docs["total"], 1, "{docs}");
    let seed = docs["items"][0]["id"].as_i64().unwrap();
    let speakers = app.json("/api/speakers?name=Tokayev").await;
    let speaker = &speakers["items"][0];
    assert_eq!(speaker["name"], TOKAYEV);
    let speaker = speaker["id"].as_i64().unwrap();
    let quotes = app
        .json(&format!("/api/quotes?speaker={speaker}&limit=1"))
        .await;
    let quote = quotes["items"][0]["id"].as_i64().unwrap();
    Known {
        seed,
        speaker,
        quote,
    }
}

#[tokio::test]
async fn the_spec_is_openapi_3_and_every_operation_in_it_is_exercised() {
    let app = app();
    let reply = app.get("/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    let spec = oas3::from_json(reply.text()).expect("the spec parses as OpenAPI 3");
    assert!(spec.openapi.starts_with("3."), "{}", spec.openapi);
    let in_spec: BTreeSet<String> = spec
        .paths
        .iter()
        .flatten()
        .flat_map(|(path, item)| {
            item.methods()
                .into_iter()
                .map(move |(method, _)| format!("{method} {path}"))
        })
        .collect();

    let ids = known(&app).await;
    let entity = ids.speaker;
    let article = json!({"text": "Kassym-Jomart Tokayev said: “Those who don’t surrender will be destroyed.”", "date": "2022-01-07"});
    // Each operation with a request that must succeed.
    let cases: Vec<(&str, &str, String, Option<Value>)> = vec![
        (
            "GET",
            "/api/documents",
            "/api/documents?limit=5&from=2022-01-01".into(),
            None,
        ),
        (
            "GET",
            "/api/documents/{id}",
            format!("/api/documents/{}", ids.seed),
            None,
        ),
        (
            "GET",
            "/api/quotes",
            format!("/api/quotes?document={}", ids.seed),
            None,
        ),
        (
            "GET",
            "/api/quotes/{id}",
            format!("/api/quotes/{}", ids.quote),
            None,
        ),
        ("GET", "/api/speakers", "/api/speakers?limit=3".into(), None),
        (
            "GET",
            "/api/speakers/{id}",
            format!("/api/speakers/{}", ids.speaker),
            None,
        ),
        (
            "GET",
            "/api/entities",
            "/api/entities?label=PER".into(),
            None,
        ),
        (
            "GET",
            "/api/entities/{id}",
            format!("/api/entities/{entity}?limit=3"),
            None,
        ),
        (
            "GET",
            "/api/events",
            format!("/api/events?document={}", ids.seed),
            None,
        ),
        ("GET", "/api/places", "/api/places?country=KZ".into(), None),
        ("GET", "/api/genders", "/api/genders?from=2022".into(), None),
        (
            "GET",
            "/api/search",
            "/api/search?q=Tokayev&outlet=TASS".into(),
            None,
        ),
        (
            "GET",
            "/api/timeline",
            "/api/timeline?entity=Tokayev".into(),
            None,
        ),
        (
            "POST",
            "/api/analyze",
            "/api/analyze".into(),
            Some(article.clone()),
        ),
        (
            "POST",
            "/api/ingest",
            "/api/ingest".into(),
            Some(json!({"documents": [article]})),
        ),
        ("GET", "/api/admin/check", "/api/admin/check".into(), None),
    ];
    let covered: BTreeSet<String> = cases
        .iter()
        .map(|(method, path, _, _)| format!("{method} {path}"))
        .collect();
    assert_eq!(
        covered, in_spec,
        "operations in the spec without a test, or the reverse"
    );
    for (method, _, uri, body) in cases {
        let mut request = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).unwrap())
            .uri(&uri)
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"));
        let body = match body {
            Some(body) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(body.to_string())
            }
            None => Body::empty(),
        };
        let reply = app.send(request.body(body).unwrap()).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{method} {uri}: {}",
            reply.text()
        );
        let value = reply.json();
        assert!(value.is_object(), "{method} {uri}: {value}");
    }
    // The docs page documents every path of the spec.
    let docs = app.html("/docs").await;
    for operation in &in_spec {
        assert!(
            docs.contains(&format!("<code>{operation}</code>")),
            "{operation} not on /docs"
        );
    }
}

#[tokio::test]
async fn the_seed_article_shows_every_quote_with_its_speaker() {
    let app = app();
    let ids = known(&app).await;
    let record = app.json(&format!("/api/documents/{}", ids.seed)).await;
    let quotes = record["quotes"].as_array().unwrap();
    assert!(quotes.len() >= 29, "{} quotes", quotes.len());
    let page = app.html(&format!("/documents/{}", ids.seed)).await;
    // One first piece per quote, each with its record id and speaker.
    assert_eq!(page.matches("class=\"hl quote\"").count(), quotes.len());
    for quote in quotes {
        let marker = format!(
            "id=\"quote-{}\" data-quote-id=\"{}\"",
            quote["start"], quote["quote"]
        );
        assert!(page.contains(&marker), "{marker} missing");
    }
    let by_tokayev = page
        .matches(&format!(
            "data-speaker=\"{TOKAYEV}\" data-speaker-id=\"{}\"",
            ids.speaker
        ))
        .count();
    let expected = quotes.iter().filter(|q| q["speaker"] == TOKAYEV).count();
    assert_eq!(by_tokayev, expected);
    assert!(
        by_tokayev >= 29,
        "{by_tokayev} quotes attributed to Tokayev"
    );
    // Entities, places, dates and events are highlighted too, each linking to its record.
    for hook in [
        "class=\"hl entity",
        "class=\"hl place",
        "class=\"hl date",
        "class=\"hl event",
    ] {
        assert!(page.contains(hook), "{hook} missing");
    }
    assert!(page.contains(&format!(
        "class=\"quote-mark\" href=\"/speakers/{}\"",
        ids.speaker
    )));

    // The speaker page lists his quotes across outlets, a page at a time.
    let speaker = app.html(&format!("/speakers/{}", ids.speaker)).await;
    assert!(speaker.contains(&format!(
        "data-speaker-id=\"{}\">{TOKAYEV}</h1>",
        ids.speaker
    )));
    let api = app.json(&format!("/api/speakers/{}", ids.speaker)).await;
    let shown = api["quotes"]["items"].as_array().unwrap().len();
    assert_eq!(speaker.matches("class=\"quote-record\"").count(), shown);
    assert!(speaker.contains(&format!("href=\"/documents/{}#quote-", ids.seed)));
    let quote_page = app.html(&format!("/quotes/{}", ids.quote)).await;
    assert!(quote_page.contains(&format!("href=\"/speakers/{}\"", ids.speaker)));
}

#[tokio::test]
async fn speakers_gender_is_shown_with_its_basis_and_quotes_are_counted_by_it() {
    let app = app();
    let ids = known(&app).await;
    // The seed calls Tokayev "he": his gender rests on the article's own pronouns.
    let speaker = app.json(&format!("/api/speakers/{}", ids.speaker)).await;
    assert_eq!(speaker["speaker"]["gender"], "male");
    assert_eq!(speaker["speaker"]["gender_basis"], "pronoun");

    let genders = app.json("/api/genders").await;
    let all = &genders["all"];
    assert!(all["outlet"].is_null());
    let count = |v: &Value, key: &str| v[key].as_i64().unwrap();
    assert!(count(all, "male") >= 29, "{all}");
    let share = all["female_share"].as_f64().unwrap();
    let expected = count(all, "female") as f64 / (count(all, "female") + count(all, "male")) as f64;
    assert!((share - expected).abs() < 1e-9);
    let outlets = genders["outlets"].as_array().unwrap();
    for key in ["female", "male", "unknown", "not_person"] {
        let summed: i64 = outlets.iter().map(|o| count(o, key)).sum();
        assert_eq!(summed, count(all, key), "{key}");
    }
    let tass = app.json("/api/genders?outlet=TASS").await;
    assert_eq!(tass["outlets"].as_array().unwrap().len(), 1);
    assert!(count(&tass["all"], "male") >= 29);

    let men = app.json("/api/quotes?speaker_gender=male&limit=1").await;
    let women = app.json("/api/quotes?speaker_gender=female&limit=1").await;
    let everyone = app.json("/api/quotes?limit=1").await;
    assert!(count(&men, "total") >= 1);
    assert!(count(&men, "total") + count(&women, "total") <= count(&everyone, "total"));
    let bad = app.get("/api/quotes?speaker_gender=robot").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.error_code(), "invalid_parameter");

    let page = app.html("/speakers").await;
    assert!(page.contains("Who is quoted: women"), "no gender summary");
    assert!(page.contains("male <span class=\"meta\">(the articles' pronouns)</span>"));
}

#[tokio::test]
async fn search_filters_and_facets_narrow_the_results() {
    let app = app();
    let ids = known(&app).await;
    let all = app.json("/api/search?q=Tokayev").await;
    assert!(all["hits"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["kind"] == "document" && h["id"] == ids.seed));
    let outlets = all["facets"]["outlets"].as_array().unwrap();
    assert!(outlets.iter().any(|o| o["value"] == "TASS"), "{outlets:?}");
    let speakers = &all["facets"]["speakers"];
    assert!(speakers.to_string().contains(TOKAYEV), "{speakers}");
    assert_eq!(
        app.json("/api/search?q=Tokayev&outlet=Nowhere").await["total"],
        0
    );
    // An outlet's search counts only that outlet's documents in its facets.
    let of_tass = app.json("/api/search?q=Tokayev&outlet=TASS").await;
    assert!(of_tass["total"].as_u64().unwrap() >= 1, "{of_tass}");
    let outlets: Vec<&str> = of_tass["facets"]["outlets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["value"].as_str().unwrap())
        .collect();
    assert_eq!(outlets, ["TASS"]);
    assert_eq!(
        app.json("/api/search?q=Tokayev&from=2023-01-01").await["total"],
        0
    );
    let typed = app.json("/api/search?q=Tokayev&type=ASSAULT").await;
    assert!(typed["total"].as_u64().unwrap() >= 1, "{typed}");
    // Paging within the results.
    let robots = app.json("/api/search?q=robotics&limit=1").await;
    assert_eq!(robots["hits"].as_array().unwrap().len(), 1);
    let two = app.json("/api/search?q=robotics&limit=2").await;
    let shown = two["hits"].as_array().unwrap().len();
    // The total counts every match, near-duplicate copies too; pages run over the hits.
    assert!(robots["total"].as_u64().unwrap() as usize >= shown);
    assert_eq!(
        robots["next_offset"],
        if shown > 1 { 1.into() } else { Value::Null }
    );
    assert_eq!(two["hits"][0], robots["hits"][0]);
    let counted = robots["facet_documents"].as_u64().unwrap();
    assert!((1..=100).contains(&counted), "{counted}");
    // The search page shows hits and facets.
    let page = app.html("/?q=Tokayev").await;
    assert!(page.contains(&format!(
        "<li class=\"hit\" data-kind=\"document\" data-id=\"{0}\"><a href=\"/documents/{0}\">",
        ids.seed
    )));
    assert!(page.contains("data-facet=\"outlet\"") && page.contains("<mark>"));
    let timeline = app.json("/api/timeline?entity=Tokayev&limit=5").await;
    assert_eq!(timeline["items"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn lists_page_with_totals_and_reject_bad_parameters() {
    let app = app();
    let documents = inputs().len() as u64;
    let first = app.json("/api/documents?limit=5").await;
    assert_eq!(first["total"], documents);
    assert_eq!(first["next_offset"], 5);
    let last = app
        .json(&format!("/api/documents?limit=5&offset={}", documents - 2))
        .await;
    assert_eq!(last["items"].as_array().unwrap().len(), 2);
    assert!(last["next_offset"].is_null());
    // Pages do not overlap: the ids of consecutive pages are disjoint and stable.
    let second = app.json("/api/documents?limit=5&offset=5").await;
    let ids = |page: &Value| -> BTreeSet<i64> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_i64().unwrap())
            .collect()
    };
    assert!(ids(&first).is_disjoint(&ids(&second)));
    assert_eq!(ids(&first), ids(&app.json("/api/documents?limit=5").await));
    for bad in [
        "/api/documents?limit=0",
        "/api/documents?limit=100000",
        "/api/documents?from=yesterday",
        "/api/documents?colour=red",
        "/api/quotes?speaker=abc",
        "/api/search?q=",
    ] {
        let reply = app.get(bad).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(!reply.error_code().is_empty());
    }
    let events = app.json("/api/events?located=true&limit=3").await;
    for event in events["items"].as_array().unwrap() {
        assert!(event["lat"].is_number() && event["lon"].is_number());
    }
    let places = app.json("/api/places?limit=3").await;
    assert!(places["total"].as_i64().unwrap() > 0);
}

#[tokio::test]
async fn etags_let_clients_revalidate() {
    let app = app();
    for uri in ["/api/documents/1", "/documents/1", "/api/search?q=Tokayev"] {
        let first = app.get(uri).await;
        assert_eq!(first.status, StatusCode::OK);
        let tag = first.headers[header::ETAG].to_str().unwrap().to_string();
        let again = app.revalidate(uri, &tag).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert!(again.body.is_empty());
        assert_eq!(again.headers[header::ETAG], tag.as_str());
        let stale = app.revalidate(uri, "\"stale\"").await;
        assert_eq!(stale.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn hostile_requests_get_a_clear_4xx_and_the_server_stays_up() {
    let app = app_with(
        Config {
            max_body_bytes: 64 * 1024,
            ..open_config()
        },
        true,
    );
    let huge = format!("{{\"text\":\"{}\"}}", "a".repeat(100 * 1024));
    let cases: Vec<(Reply, StatusCode, &str)> = vec![
        (
            app.post("/api/analyze", huge, None).await,
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
        ),
        (
            app.post("/api/analyze", "{\"text\":", None).await,
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (
            app.post("/api/analyze", r#"{"text":"x","script":"<b>"}"#, None)
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_field",
        ),
        (
            app.post("/api/analyze", r#"{"text":"x","html":"<p>y</p>"}"#, None)
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
        (
            app.send(
                Request::post("/api/analyze")
                    .body(Body::from("{}"))
                    .unwrap(),
            )
            .await,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            app.get("/api/documents/..%2F..%2Fetc%2Fpasswd").await,
            StatusCode::BAD_REQUEST,
            "invalid_id",
        ),
        (
            app.get("/api/documents/-1").await,
            StatusCode::BAD_REQUEST,
            "invalid_id",
        ),
        (
            app.get("/api/quotes/1e3").await,
            StatusCode::BAD_REQUEST,
            "invalid_id",
        ),
        (
            app.get("/api/documents/99999").await,
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            app.get("/api/documents/../../etc/passwd").await,
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            app.get("/api/nothing").await,
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            app.send(
                Request::delete("/api/documents/1")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await,
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
    ];
    for (reply, status, code) in cases {
        assert_eq!(
            (reply.status, reply.error_code().as_str()),
            (status, code),
            "{}",
            reply.text()
        );
    }
    // UI paths answer errors as pages, with the same codes.
    let page = app.get("/documents/..%2Fsecret").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_html_headers(&page);
    assert!(page.text().contains("data-error-code=\"invalid_id\""));
    assert_eq!(
        app.get("/assets/..%2FCargo.toml").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.json("/api/documents?limit=1").await["total"],
        inputs().len()
    );
}

#[tokio::test]
async fn writes_need_the_token_and_read_only_refuses_them() {
    let body = || json!({"documents": [{"text": "A short note."}]}).to_string();
    let app = app();
    let missing = app.post("/api/ingest", body(), None).await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert_eq!(missing.error_code(), "unauthorized");
    assert_eq!(missing.headers[header::WWW_AUTHENTICATE], "Bearer");
    let wrong = app.post("/api/ingest", body(), Some("guess")).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.get("/api/admin/check").await.status,
        StatusCode::UNAUTHORIZED
    );
    // Auth comes before the body: a stranger's malformed body still gets 401.
    assert_eq!(
        app.post("/api/ingest", "{", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let check = app
        .send(
            Request::get("/api/admin/check")
                .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(check.status, StatusCode::OK);
    assert_eq!(check.json()["problems"], json!([]));

    let read_only = app_with(
        Config {
            read_only: true,
            ..open_config()
        },
        true,
    );
    let refused = read_only.post("/api/ingest", body(), Some(TOKEN)).await;
    assert_eq!(
        (refused.status, refused.error_code().as_str()),
        (StatusCode::FORBIDDEN, "read_only")
    );
    let tokenless = app_with(
        Config {
            token: None,
            ..open_config()
        },
        true,
    );
    let refused = tokenless.post("/api/ingest", body(), Some("")).await;
    assert_eq!(
        (refused.status, refused.error_code().as_str()),
        (StatusCode::FORBIDDEN, "writes_disabled")
    );
    // Reading still works in read-only mode, and analysis stores nothing.
    let analysed = read_only
        .post(
            "/api/analyze",
            json!({"text": "Tokayev said the troops would stay.", "date": "2022-01-07"})
                .to_string(),
            None,
        )
        .await;
    assert_eq!(analysed.status, StatusCode::OK, "{}", analysed.text());
    assert!(analysed.json()["quotes"]
        .as_array()
        .is_some_and(|q| !q.is_empty()));
    assert_eq!(
        read_only.json("/api/documents?limit=1").await["total"],
        inputs().len()
    );
}

#[tokio::test]
async fn analysis_without_models_is_unavailable_not_broken() {
    let app = app_with(open_config(), false);
    let reply = app
        .post("/api/analyze", json!({"text": "Hello."}).to_string(), None)
        .await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.error_code(), "models_unavailable");
}

/// Everything from `<` to the end of the tag that starts at each match of `needle`.
/// Every attribute (lowercased name, value) of every tag in `html`, read as a browser
/// would: quoted values may hold `>` and spaces, text between tags is skipped.
fn attributes(html: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let tag = &rest[open + 1..];
        let mut chars = tag.char_indices().peekable();
        // Skip the tag name.
        while chars
            .next_if(|(_, c)| !c.is_whitespace() && *c != '>')
            .is_some()
        {}
        let mut consumed = tag.len();
        loop {
            while chars
                .next_if(|(_, c)| c.is_whitespace() || *c == '/')
                .is_some()
            {}
            let Some(&(at, c)) = chars.peek() else { break };
            if c == '>' {
                consumed = at + 1;
                break;
            }
            let mut name = String::new();
            while let Some((_, c)) =
                chars.next_if(|(_, c)| !c.is_whitespace() && !"=>".contains(*c))
            {
                name.push(c.to_ascii_lowercase());
            }
            let mut value = String::new();
            if chars.next_if(|(_, c)| *c == '=').is_some() {
                match chars.peek().map(|&(_, c)| c) {
                    Some(quote @ ('"' | '\'')) => {
                        chars.next();
                        for (_, c) in chars.by_ref() {
                            if c == quote {
                                break;
                            }
                            value.push(c);
                        }
                    }
                    _ => {
                        while let Some((_, c)) =
                            chars.next_if(|(_, c)| !c.is_whitespace() && *c != '>')
                        {
                            value.push(c);
                        }
                    }
                }
            }
            found.push((name, value));
        }
        rest = &tag[consumed.min(tag.len())..];
    }
    found
}

#[test]
fn attributes_are_read_as_a_browser_reads_them() {
    let attrs = attributes(
        r#"<p title="x onerror=y > z" class=a>text onclick=no</p><img src=x onerror=alert(1)>"#,
    );
    let names: Vec<&str> = attrs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["title", "class", "src", "onerror"]);
    assert_eq!(attrs[0].1, "x onerror=y > z");
}

#[tokio::test]
async fn hostile_article_markup_comes_out_escaped() {
    let app = app();
    let html_page = r#"<html><head><title>Protest <script>alert('title')</script></title>
        <script>alert('head')</script></head><body><article><h1>Protesters gather</h1>
        <p>Protesters gathered in Almaty on Friday. <img src=x onerror="alert('img')"> The police watched.</p>
        <p><a href="javascript:alert('link')">Read more</a> said the organisers.</p>
        <p>&lt;script&gt;alert('entity')&lt;/script&gt; was printed in the leaflet.</p></article></body></html>"#;
    let text = "Leaflet\n\n<script>alert('text')</script> <img src=x onerror=alert('text')> \
        <a href=\"javascript:alert('text')\">x</a> said the organisers in Almaty.";
    let reply = app
        .post(
            "/api/ingest",
            json!({"documents": [
                {"html": html_page, "url": "javascript:alert('url')", "date": "2022-01-08"},
                {"text": text, "title": "<script>alert('title')</script>", "date": "2022-01-08"},
            ]})
            .to_string(),
            Some(TOKEN),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let outcome = reply.json();
    assert_eq!(outcome["outcome"]["added"], 2, "{outcome}");
    let ids: Vec<i64> = outcome["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| id.as_i64().unwrap())
        .collect();
    let mut pages = Vec::new();
    for id in &ids {
        let stored = app.json(&format!("/api/documents/{id}")).await;
        assert!(stored["text"].is_string());
        pages.push(app.html(&format!("/documents/{id}")).await);
    }
    pages.push(app.html("/?q=alert").await);
    pages.push(app.html("/?q=leaflet").await);
    for page in &pages {
        // Our one script element, loaded from our origin; nothing from the articles.
        assert_eq!(page.matches("<script").count(), 1, "{page}");
        assert!(page.contains("<script src=\"/assets/app.js\" defer></script>"));
        // No event handler attribute and no script URL anywhere; the words may appear in
        // escaped text and attribute values (an entity named "x onerror" is harmless).
        for (name, value) in attributes(page) {
            assert!(!name.starts_with("on"), "handler {name}={value} in {page}");
            if matches!(name.as_str(), "href" | "src" | "action" | "data-href") {
                assert!(
                    !value.trim().to_ascii_lowercase().starts_with("javascript:"),
                    "{name}={value} in {page}"
                );
            }
        }
        assert!(!page.contains("<img"));
    }
    // The text payload is shown, as text.
    assert!(pages[1].contains("&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;"));
}

#[tokio::test]
async fn the_pages_carry_their_test_hooks() {
    let app = app();
    let ids = known(&app).await;
    let entity = app.html(&format!("/entities/{}", ids.speaker)).await;
    assert!(entity.contains(&format!(
        "<h1 data-entity-id=\"{}\">{TOKAYEV}</h1>",
        ids.speaker
    )));
    let events = app.html("/events").await;
    assert!(events.contains("class=\"event-record\"") && events.contains("class=\"day\""));
    let map = app.html("/map").await;
    assert!(map.contains("<svg class=\"map\""));
    assert!(map.matches("class=\"country\"").count() > 150);
    assert!(map.contains("class=\"place-point\""));
    let paste = app.html("/paste").await;
    assert!(paste.contains("<textarea name=\"content\""));
    let analysed = app
        .send(
            Request::post("/paste")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(
                    "content=Kassym-Jomart+Tokayev+said%3A+%E2%80%9CThe+order+has+been+given.%E2%80%9D&format=text&date=2022-01-07",
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(analysed.status, StatusCode::OK, "{}", analysed.text());
    assert_html_headers(&analysed);
    assert!(analysed.text().contains("class=\"hl quote\""));
    for list in ["/speakers", "/entities?label=PER", "/", "/docs"] {
        app.html(list).await;
    }
    let script = app.get("/assets/app.js").await;
    assert_eq!(
        script.headers[header::CONTENT_TYPE],
        "text/javascript; charset=utf-8"
    );
}

#[tokio::test]
async fn a_client_over_its_rate_gets_429() {
    let app = app_with(
        Config {
            rate_per_second: 0.5,
            rate_burst: 3.0,
            ..open_config()
        },
        false,
    );
    for _ in 0..3 {
        assert_eq!(app.get("/api/places?limit=1").await.status, StatusCode::OK);
    }
    let limited = app.get("/api/places?limit=1").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.error_code(), "rate_limited");
    assert!(limited.headers.contains_key(header::RETRY_AFTER));
}

#[tokio::test]
async fn a_slow_client_gets_408_and_others_are_still_served() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = app_with(
        Config {
            request_timeout: Duration::from_millis(300),
            ..open_config()
        },
        false,
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(dateline_serve::serve(listener, app.router.clone()));
    // Promises 100 bytes of body and sends 8.
    let mut slow = tokio::net::TcpStream::connect(address).await.unwrap();
    slow.write_all(
        b"POST /api/analyze HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"text\":",
    )
    .await
    .unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), async {
        let mut buffer = [0u8; 4096];
        loop {
            let n = slow.read(&mut buffer).await.unwrap();
            answer.extend_from_slice(&buffer[..n]);
            if n == 0 || answer.windows(4).any(|w| w == b"\r\n\r\n") && answer.ends_with(b"}}") {
                break;
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer to a stalled body");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"code\":\"timeout\""), "{answer}");
    assert_other_clients_are_served(address).await;
}

#[tokio::test]
async fn documents_another_process_writes_are_found_without_a_restart() {
    use dateline_store::Store;
    let (dir, store) = store_copy();
    let path = dir.path().to_path_buf();
    let app = TestApp {
        router: router(AppState::new(store, None, open_config())),
        _dir: dir,
    };
    let search = "/api/search?q=zyxwvutsrqp";
    assert_eq!(app.json(search).await["total"], 0);
    // Another writer of the same store, as `dateline ingest` running beside the server.
    let mut other = dateline_store::EmbeddedStore::open(&path).unwrap();
    let doc = dateline_document::Document {
        text: "The zyxwvutsrqp harbour reopened on Monday.".into(),
        source: dateline_document::Source {
            path: "elsewhere.txt".into(),
            format: "text".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    assert_eq!(other.write_batch(&[doc]).unwrap().added, 1);
    let waited = std::time::Instant::now();
    loop {
        if app.json(search).await["total"] == 1 {
            break;
        }
        assert!(
            waited.elapsed() < Duration::from_secs(10),
            "the new document never became searchable"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = app_with(open_config(), false);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(dateline_serve::serve_with(
        listener,
        app.router.clone(),
        Duration::from_millis(300),
    ));
    let mut slow = tokio::net::TcpStream::connect(address).await.unwrap();
    slow.write_all(b"GET /api/places HTTP/1.1\r\nHost: localhost\r\n")
        .await
        .unwrap();
    // The server closes the connection (with or without a 408) instead of waiting forever.
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        let mut rest = Vec::new();
        let _ = slow.read_to_end(&mut rest).await;
        rest
    })
    .await;
    let rest = closed.expect("the connection stayed open with half its headers");
    assert!(
        rest.is_empty() || rest.starts_with(b"HTTP/1.1 408"),
        "{}",
        String::from_utf8_lossy(&rest)
    );
    assert_other_clients_are_served(address).await;
}

/// A new connection is answered while an earlier client misbehaves.
async fn assert_other_clients_are_served(address: std::net::SocketAddr) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut other = tokio::net::TcpStream::connect(address).await.unwrap();
    other
        .write_all(
            b"GET /api/places?limit=1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        )
        .await
        .unwrap();
    let mut reply = String::new();
    other.read_to_string(&mut reply).await.unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
}

/// A server with the response cache off, beside `app()`'s on the same store copy.
fn app_without_response_cache() -> TestApp {
    app_with(
        Config {
            response_cache_bytes: 0,
            ..open_config()
        },
        false,
    )
}

#[tokio::test]
async fn cached_responses_equal_uncached_ones_and_revalidate() {
    let (dir, store) = store_copy();
    let state = AppState::new(store, None, open_config());
    let cached = TestApp {
        router: router(state.clone()),
        _dir: dir,
    };
    let uncached = app_without_response_cache();
    let uris = [
        "/api/documents/1",
        "/api/search?q=Tokayev",
        "/api/search?q=Tokayev&limit=3",
        "/api/speakers?limit=5",
        "/documents/1",
    ];
    for uri in uris {
        let fresh = uncached.get(uri).await;
        // The first two askings are answered by the store (the second is kept), the third
        // from the cache.
        let first = cached.get(uri).await;
        let second = cached.get(uri).await;
        let again = cached.get(uri).await;
        assert_eq!(fresh.status, StatusCode::OK, "{uri}");
        for reply in [&first, &second, &again] {
            assert_eq!(reply.status, fresh.status, "{uri}");
            assert_eq!(reply.body, fresh.body, "{uri}");
            for name in [header::ETAG, header::CONTENT_TYPE, header::CACHE_CONTROL] {
                assert_eq!(
                    reply.headers.get(&name),
                    fresh.headers.get(&name),
                    "{uri} {name}"
                );
            }
        }
        let tag = again.headers[header::ETAG].to_str().unwrap().to_string();
        let revalidated = cached.revalidate(uri, &tag).await;
        assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert!(revalidated.body.is_empty());
    }
    let stats = state.response_cache_stats();
    // Per URI: two misses, then a hit, then the revalidation's hit.
    assert_eq!(stats.misses, 2 * uris.len() as u64, "{stats:?}");
    assert_eq!(stats.hits, 2 * uris.len() as u64, "{stats:?}");
    assert!(stats.bytes > 0);
    // Neither writes nor administration is cached.
    assert_eq!(
        cached.get("/api/admin/check").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(state.response_cache_stats(), stats);
}

#[tokio::test]
async fn a_response_cache_of_zero_megabytes_is_off() {
    let (dir, store) = store_copy();
    let state = AppState::new(
        store,
        None,
        Config {
            response_cache_bytes: 0,
            ..open_config()
        },
    );
    let app = TestApp {
        router: router(state.clone()),
        _dir: dir,
    };
    for _ in 0..3 {
        assert_eq!(app.get("/api/documents/1").await.status, StatusCode::OK);
    }
    assert_eq!(state.response_cache_stats(), Default::default());
}

#[tokio::test]
async fn an_ingest_through_the_server_invalidates_cached_answers() {
    let app = app();
    let search = "/api/search?q=Qwertyuiopville";
    // Asked twice, the answer is kept; the third is answered from the cache.
    for _ in 0..2 {
        assert_eq!(app.json(search).await["total"], 0);
    }
    assert_eq!(
        app.json(search).await["total"],
        0,
        "answered from the cache"
    );
    let article = json!({"documents": [{"text": "Officials in Qwertyuiopville said the bridge reopened on Monday.", "date": "2022-01-07"}]});
    let ingested = app
        .post("/api/ingest", article.to_string(), Some(TOKEN))
        .await;
    assert_eq!(ingested.status, StatusCode::OK, "{}", ingested.text());
    assert_eq!(app.json(search).await["total"], 1);
}
