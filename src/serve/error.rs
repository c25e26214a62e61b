//! API errors: JSON `{"code", "description"}` with the right HTTP status.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// An error answered to the client.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    /// A short machine-readable code (`InvalidParameterValue`, `NotFound`, …).
    pub code: &'static str,
    /// One sentence saying what is wrong.
    pub description: String,
}

impl ApiError {
    /// 400: a query parameter has a value the server cannot use.
    pub fn bad_param(description: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "InvalidParameterValue",
            description: description.into(),
        }
    }
    /// 400: a query parameter the operation does not define.
    pub fn unknown_param(name: &str) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "InvalidParameter",
            description: format!(
                "unknown query parameter `{name}`; see /api for the parameters of this operation"
            ),
        }
    }
    /// 404: no such resource.
    pub fn not_found(description: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "NotFound",
            description: description.into(),
        }
    }
    /// 500: something the server could not do.
    pub fn server(description: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "ServerError",
            description: description.into(),
        }
    }
    /// 405.
    pub fn method_not_allowed() -> Self {
        ApiError {
            status: StatusCode::METHOD_NOT_ALLOWED,
            code: "MethodNotAllowed",
            description: "only GET and HEAD are supported".into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body =
            serde_json::json!({"code": self.code, "description": self.description}).to_string();
        let mut r = (self.status, body).into_response();
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        r
    }
}
