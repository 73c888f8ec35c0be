//! The error envelope every error answer uses.

use serde::Serialize;
use utoipa::ToSchema;

/// Every error body: `{"error": {...}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorEnvelope {
    /// What went wrong.
    pub error: ErrorBody,
}

/// The inside of an error envelope.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable snake_case code a client can switch on, e.g. `invalid_limit`, `account_not_found`.
    #[schema(example = "invalid_limit")]
    pub code: String,
    /// Human-readable explanation; never contains internals.
    #[schema(example = "limit: must be between 1 and 100")]
    pub message: String,
    /// The request field (body, query or path) that was rejected, when one was.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "limit")]
    pub field: Option<String>,
    /// The request id (also in the `x-request-id` header); present on 5xx answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}
