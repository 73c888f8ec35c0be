//! What the ports' errors (storage, Graph API, identity provider, media store) mean to the
//! client, and the logging each kind gets when it becomes an `ApiError`.

use actix_web::http::StatusCode;
use inbox_domain::RepoError;
use inbox_domain::outbound::GatewayError;
use inbox_domain::ports::{IdentityError, MediaError};

use super::{ApiError, CauseChain, Parts};

pub(super) fn repo_parts(e: &RepoError) -> Parts {
    let (status, code, message) = match e {
        RepoError::NotFound { entity } => (
            StatusCode::NOT_FOUND,
            format!("{entity}_not_found"),
            e.to_string(),
        ),
        RepoError::Conflict { entity, .. } => (
            StatusCode::CONFLICT,
            format!("{entity}_conflict"),
            e.to_string(),
        ),
        RepoError::MissingReference { entity } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{entity}_reference_missing"),
            e.to_string(),
        ),
        RepoError::Invalid { entity, .. } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{entity}_invalid"),
            e.to_string(),
        ),
        RepoError::Unavailable(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "storage_unavailable".to_owned(),
            "storage is unavailable, retry later".to_owned(),
        ),
        RepoError::Internal(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal".to_owned(),
            "internal error; quote the request id when reporting it".to_owned(),
        ),
    };
    Parts {
        status,
        code,
        message,
        field: None,
    }
}

/// Meta's refusals are the client's to fix (422, Meta's message shown); Meta being busy or
/// down is 503; a refused token or any unclear outcome is ours or Meta's (502).
pub(super) fn gateway_parts(e: &GatewayError) -> Parts {
    let failure = e.failure();
    let (status, code, message) = match e {
        GatewayError::Permanent { .. } | GatewayError::WindowClosed { .. } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "meta_rejected",
            format!(
                "Meta refused the request: {}{}",
                failure.title,
                failure
                    .details
                    .as_deref()
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default()
            ),
        ),
        GatewayError::Retryable { .. } => (
            StatusCode::SERVICE_UNAVAILABLE,
            "meta_unavailable",
            "Meta's API is busy or unreachable, retry later".to_owned(),
        ),
        GatewayError::Credentials { .. } => (
            StatusCode::BAD_GATEWAY,
            "meta_credentials_refused",
            "Meta refused the account's access token or permissions".to_owned(),
        ),
        GatewayError::Ambiguous { .. } => (
            StatusCode::BAD_GATEWAY,
            "meta_failed",
            "Meta's API failed; quote the request id when reporting it".to_owned(),
        ),
    };
    Parts {
        status,
        code: code.to_owned(),
        message,
        field: None,
    }
}

pub(super) fn identity_parts(e: &IdentityError) -> Parts {
    let (status, code) = match e {
        IdentityError::Rejected(v) => {
            return Parts {
                status: StatusCode::BAD_REQUEST,
                code: format!("invalid_{}", v.field),
                message: v.to_string(),
                field: Some(v.field),
            };
        }
        IdentityError::NotFound => (StatusCode::NOT_FOUND, "identity_not_found"),
        IdentityError::AlreadyExists => (StatusCode::CONFLICT, "identity_conflict"),
        IdentityError::RateLimited { .. } => (
            StatusCode::SERVICE_UNAVAILABLE,
            "identity_provider_rate_limited",
        ),
        IdentityError::Unavailable(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "identity_provider_unavailable",
        ),
        IdentityError::Unauthorized | IdentityError::Internal(_) => {
            (StatusCode::BAD_GATEWAY, "identity_provider_failed")
        }
    };
    Parts {
        status,
        code: code.to_owned(),
        message: e.to_string(),
        field: None,
    }
}

pub(super) fn media_parts(e: &MediaError) -> Parts {
    let (status, code, message) = match e {
        MediaError::Rejected(v) => {
            return Parts {
                status: StatusCode::BAD_REQUEST,
                code: format!("invalid_{}", v.field),
                message: v.to_string(),
                field: Some(v.field),
            };
        }
        MediaError::NotFound => (StatusCode::NOT_FOUND, "media_not_found", e.to_string()),
        MediaError::TooLarge { .. } => (
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            e.to_string(),
        ),
        MediaError::Unavailable(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "media_store_unavailable",
            "the media store is unavailable, retry later".to_owned(),
        ),
        MediaError::Unauthorized | MediaError::Internal(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error; quote the request id when reporting it".to_owned(),
        ),
    };
    Parts {
        status,
        code: code.to_owned(),
        message,
        field: None,
    }
}

impl From<IdentityError> for ApiError {
    fn from(e: IdentityError) -> Self {
        if e.is_retryable() {
            tracing::warn!(error.cause_chain = ?CauseChain(&e), "identity provider unavailable");
        } else if matches!(e, IdentityError::Unauthorized | IdentityError::Internal(_)) {
            tracing::error!(error.cause_chain = ?CauseChain(&e), "identity provider failed");
        }
        Self::Identity(e)
    }
}

impl From<MediaError> for ApiError {
    fn from(e: MediaError) -> Self {
        match &e {
            MediaError::Unavailable(_) => {
                tracing::warn!(error.cause_chain = ?CauseChain(&e), "media store unavailable");
            }
            MediaError::Unauthorized | MediaError::Internal(_) => {
                tracing::error!(error.cause_chain = ?CauseChain(&e), "media store failed");
            }
            _ => {}
        }
        Self::Media(e)
    }
}

impl From<GatewayError> for ApiError {
    fn from(e: GatewayError) -> Self {
        let failure = e.failure();
        tracing::warn!(
            error.class = e.class().label(),
            error.code = ?failure.code,
            http.status = ?failure.http_status,
            fbtrace_id = ?failure.fbtrace_id,
            "Graph API call failed"
        );
        Self::Gateway(e)
    }
}
