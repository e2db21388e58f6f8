//! JSON errors: every failure of the API answers `{"error":{"code":"...","message":"..."}}`
//! with the status that fits, so clients branch on `code` rather than on message text.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use dateline_store::StoreError;
use serde::Serialize;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Machine-readable: `not_found`, `invalid_id`, `invalid_json`, `unknown_field`,
    /// `body_too_large`, `unauthorized`, `read_only`, `rate_limited`, `timeout`...
    pub code: String,
    pub message: String,
}

/// Every error code the server answers with.
pub const CODES: &[&str] = &[
    "not_found",
    "invalid_id",
    "invalid_parameter",
    "invalid_query",
    "missing_query",
    "invalid_json",
    "invalid_body",
    "unknown_field",
    "unsupported_media_type",
    "body_too_large",
    "unauthorized",
    "read_only",
    "writes_disabled",
    "rate_limited",
    "timeout",
    "method_not_allowed",
    "models_unavailable",
    "bad_request",
    "internal",
];

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn not_found(what: &str, id: i64) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no {what} {id}"),
        )
    }

    pub fn internal(message: impl std::fmt::Display) -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            message.to_string(),
        )
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message.clone(),
            },
        }
    }

    /// The code a bare status gets when a layer (limits, timeout, routing) answered it.
    pub fn from_status(status: StatusCode) -> ApiError {
        let (code, message) = match status {
            StatusCode::NOT_FOUND => ("not_found", "no such resource"),
            StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "method not allowed here"),
            StatusCode::PAYLOAD_TOO_LARGE => ("body_too_large", "request body too large"),
            StatusCode::REQUEST_TIMEOUT => ("timeout", "the request took too long"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => (
                "unsupported_media_type",
                "send Content-Type: application/json",
            ),
            StatusCode::TOO_MANY_REQUESTS => ("rate_limited", "too many requests; slow down"),
            s if s.is_client_error() => ("bad_request", "bad request"),
            _ => ("internal", "internal error"),
        };
        ApiError::new(status, code, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> ApiError {
        match err {
            StoreError::Query(e) => ApiError::bad_request("invalid_query", e.to_string()),
            other => ApiError::internal(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layer_statuses_get_listed_codes_and_a_json_body() {
        for status in [400, 404, 405, 408, 413, 415, 429, 500, 503] {
            let error = ApiError::from_status(StatusCode::from_u16(status).unwrap());
            assert!(CODES.contains(&error.code), "{status}: {}", error.code);
            assert_eq!(error.status.as_u16(), status);
            let body = serde_json::to_value(error.body()).unwrap();
            assert_eq!(body["error"]["code"], error.code);
        }
    }
}
