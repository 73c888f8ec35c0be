//! What the template routes share: the template store and the gateway, or a 503 without them.

use std::sync::Arc;

use inbox_domain::ports::{TemplateRepo, WhatsAppGateway};

use crate::error::ApiError;
use crate::state::AppState;

/// The template store.
pub(super) fn templates(state: &AppState) -> Result<Arc<dyn TemplateRepo>, ApiError> {
    state
        .templates
        .clone()
        .ok_or(ApiError::Unconfigured("templates"))
}

/// The Graph API gateway.
pub(super) fn gateway(state: &AppState) -> Result<Arc<dyn WhatsAppGateway>, ApiError> {
    state
        .gateway
        .clone()
        .ok_or(ApiError::Unconfigured("gateway"))
}
