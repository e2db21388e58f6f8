//! The layers around every route: security headers, uniform errors, per-IP rate limit,
//! request timeout, body size limit and ETags.

use crate::error::ApiError;
use crate::SharedState;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Mutex;
use std::time::Instant;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

/// The policy of every HTML page: only our own scripts, styles and data; no inline script,
/// no plugins, no framing.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// Largest response an ETag is computed for; bigger ones go out without.
const MAX_ETAG_BODY: usize = 64 * 1024 * 1024;

pub fn protect(app: Router, state: SharedState) -> Router {
    let config = state.config().clone();
    app.layer(middleware::from_fn(etag))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::response_cache::layer,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(config.max_body_bytes))
        .layer(RequestBodyLimitLayer::new(config.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
        ))
        .layer(middleware::from_fn_with_state(state, rate_limit))
        .layer(middleware::from_fn(uniform_errors))
        .layer(middleware::from_fn(security_headers))
}

async fn security_headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    response
}

/// Errors answered by layers or the router (413, 408, 404, 405...) come without a body of
/// ours: give them the JSON error shape under `/api`, an HTML page elsewhere. Errors of
/// extractors shared with the API (ids) are JSON; outside `/api` they become pages too.
async fn uniform_errors(req: Request, next: Next) -> Response {
    let api = is_api_path(req.uri().path());
    let response = next.run(req).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let json = content_type.starts_with("application/json");
    if content_type.starts_with("text/html") || (api && json) {
        return response;
    }
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    let error = if json {
        error_of_json(response)
            .await
            .unwrap_or_else(|| ApiError::from_status(status))
    } else {
        ApiError::from_status(status)
    };
    let mut rebuilt = if api {
        error.into_response()
    } else {
        crate::ui::error_page(&error)
    };
    if let Some(retry) = retry_after {
        rebuilt.headers_mut().insert(header::RETRY_AFTER, retry);
    }
    rebuilt
}

/// The [`ApiError`] a JSON error response carries.
async fn error_of_json(response: Response) -> Option<ApiError> {
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 64 * 1024)
        .await
        .ok()?;
    let body: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let code = body.pointer("/error/code")?.as_str()?;
    let known = ApiError::from_status(status);
    // Codes are `&'static str`; keep the known ones, else the status's generic code.
    let code = crate::error::CODES
        .iter()
        .find(|c| **c == code)
        .copied()
        .unwrap_or(known.code);
    let message = body.pointer("/error/message")?.as_str()?.to_string();
    Some(ApiError::new(status, code, message))
}

pub fn is_api_path(path: &str) -> bool {
    path.starts_with("/api/") || path == "/api" || path == "/openapi.json"
}

/// A token bucket per client IP: `rate` tokens a second up to `burst`; a request takes one.
pub struct RateLimiter {
    rate: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

/// Above this many tracked clients, buckets that have refilled are forgotten.
const MAX_TRACKED_CLIENTS: usize = 10_000;

impl RateLimiter {
    pub fn new(rate: f64, burst: f64) -> RateLimiter {
        RateLimiter {
            rate,
            burst: burst.max(1.0),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `client`; `Err(seconds)` until the next one when none is left.
    pub fn take(&self, client: IpAddr, now: Instant) -> Result<(), f64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() > MAX_TRACKED_CLIENTS {
            let (rate, burst) = (self.rate, self.burst);
            buckets.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() * rate < burst
            });
        }
        let (tokens, at) = buckets.entry(client).or_insert((self.burst, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * self.rate).min(self.burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err((1.0 - *tokens) / self.rate.max(f64::MIN_POSITIVE))
        }
    }
}

async fn rate_limit(State(state): State<SharedState>, req: Request, next: Next) -> Response {
    // Without a socket (an in-process test) every request counts as one client.
    let client = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    match state.limiter.take(client, Instant::now()) {
        Ok(()) => next.run(req).await,
        Err(wait) => {
            let mut response = ApiError::from_status(StatusCode::TOO_MANY_REQUESTS).into_response();
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(wait.ceil().max(1.0) as u64),
            );
            response
        }
    }
}

/// Strong ETag (a hash of the body) on successful GETs; `If-None-Match` with it gets 304.
async fn etag(req: Request, next: Next) -> Response {
    let conditional = (req.method() == Method::GET || req.method() == Method::HEAD)
        .then(|| req.headers().get(header::IF_NONE_MATCH).cloned());
    let response = next.run(req).await;
    let Some(if_none_match) = conditional else {
        return response;
    };
    if response.status() != StatusCode::OK {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ETAG_BODY).await else {
        return ApiError::internal("response too large to send").into_response();
    };
    let tag = format!("\"{}\"", hash_hex(&bytes));
    let matches = if_none_match
        .as_ref()
        .is_some_and(|wanted| tag_matches(wanted, &tag));
    let value = HeaderValue::from_str(&tag).expect("hex is a valid header value");
    parts.headers.insert(header::ETAG, value);
    parts
        .headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-cache"));
    if matches {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Whether an `If-None-Match` value names `tag` (or any tag, `*`).
pub(crate) fn tag_matches(if_none_match: &HeaderValue, tag: &str) -> bool {
    if_none_match.to_str().is_ok_and(|v| {
        v.split(',').any(|t| {
            let t = t.trim();
            t == "*" || t.trim_start_matches("W/") == tag
        })
    })
}

fn hash_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn bucket_allows_a_burst_then_refills_at_the_rate() {
        let limiter = RateLimiter::new(2.0, 3.0);
        let client = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let other = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
        let start = Instant::now();
        for _ in 0..3 {
            assert!(limiter.take(client, start).is_ok());
        }
        let wait = limiter.take(client, start).unwrap_err();
        assert!((wait - 0.5).abs() < 1e-9, "{wait}");
        assert!(limiter.take(other, start).is_ok(), "buckets are per client");
        assert!(limiter
            .take(client, start + Duration::from_millis(500))
            .is_ok());
        assert!(limiter
            .take(client, start + Duration::from_millis(500))
            .is_err());
    }
}
