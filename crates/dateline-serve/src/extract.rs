//! Request extractors whose rejections are [`ApiError`]s: JSON bodies, query strings and
//! record ids.

use crate::error::ApiError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

/// A JSON body. Bodies are declared with `deny_unknown_fields`, so a misspelt field is an
/// error rather than silently ignored.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_error(rejection)),
        }
    }
}

fn json_error(rejection: JsonRejection) -> ApiError {
    let message = rejection.body_text();
    match rejection {
        JsonRejection::JsonSyntaxError(_) => ApiError::bad_request("invalid_json", message),
        JsonRejection::JsonDataError(_) if message.contains("unknown field") => {
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "unknown_field", message)
        }
        JsonRejection::JsonDataError(_) => {
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", message)
        }
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            message,
        ),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large", message)
        }
        other => ApiError::new(other.status(), "invalid_body", message),
    }
}

/// Query parameters; unknown ones are refused like unknown body fields.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| ApiQuery(value))
            .map_err(|e| ApiError::bad_request("invalid_parameter", e.body_text()))
    }
}

/// A record id from the path: a positive integer, nothing else (no names, no `../`).
pub struct Id(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiError::bad_request("invalid_id", e.body_text()))?;
        parse_id(&raw).map(Id)
    }
}

pub fn parse_id(raw: &str) -> Result<i64, ApiError> {
    match raw.parse::<i64>() {
        Ok(id) if id > 0 && raw.bytes().all(|b| b.is_ascii_digit()) => Ok(id),
        _ => Err(ApiError::bad_request(
            "invalid_id",
            format!("ids are positive integers, not {:?}", truncate(raw, 40)),
        )),
    }
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((at, _)) => &s[..at],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_positive_integers_only() {
        assert_eq!(parse_id("42").unwrap(), 42);
        for bad in [
            "0",
            "-1",
            "+1",
            "1e3",
            "../etc/passwd",
            "",
            " 1",
            "99999999999999999999",
        ] {
            let err = parse_id(bad).unwrap_err();
            assert_eq!(
                (err.status, err.code),
                (StatusCode::BAD_REQUEST, "invalid_id")
            );
        }
    }
}
