//! Storage's error answers: `{"statusCode": "<status>", "error", "message"}`, sent as HTTP 400
//! except for 500 and 429, which keep their status (`docs/supabase.md` §3).

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use serde_json::json;

/// An error answer as Supabase Storage gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StorageError {
    pub(crate) status: u16,
    pub(crate) error: String,
    pub(crate) message: String,
}

impl StorageError {
    /// An error with the real `status`, Storage's `error` name and a message.
    pub(crate) fn new(status: u16, error: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            error: error.to_owned(),
            message: message.into(),
        }
    }

    /// No object under that name.
    pub(crate) fn object_not_found() -> Self {
        Self::new(404, "not_found", "Object not found")
    }

    /// No bucket of that id.
    pub(crate) fn bucket_not_found() -> Self {
        Self::new(404, "Bucket not found", "Bucket not found")
    }

    /// A bad request body or parameter.
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::new(400, "Invalid Input", message)
    }

    /// A bad, foreign or expired signed-URL token.
    pub(crate) fn invalid_jwt(message: &str) -> Self {
        Self::new(400, "InvalidJWT", message)
    }

    /// The response: HTTP 400 with the real status as a string, unless 500 or 429.
    pub(crate) fn into_response(self) -> HttpResponse {
        let http = if self.status == 500 || self.status == 429 {
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
        } else {
            StatusCode::BAD_REQUEST
        };
        HttpResponse::build(http).json(json!({
            "statusCode": self.status.to_string(),
            "error": self.error,
            "message": self.message,
        }))
    }
}
