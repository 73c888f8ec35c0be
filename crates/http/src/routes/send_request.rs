//! What the two send routes read from a request alike: the conversation the caller may send
//! to, the `Idempotency-Key` header, and how a refused field is answered.

use std::sync::Arc;

use actix_web::HttpRequest;
use inbox_domain::access::Permission;
use inbox_domain::outbox::IdempotencyKey;
use inbox_domain::{AccountId, ConversationId, ValidationError};

use crate::auth::Caller;
use crate::dto::parse_path_id;
use crate::error::ApiError;
use crate::sending::{SendRefusal, Sending};
use crate::state::AppState;

/// The header carrying the client's idempotency key.
const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

/// A field the send routes refuse: 422 `invalid_<field>`.
pub(super) fn invalid(error: ValidationError) -> ApiError {
    ApiError::Send(SendRefusal::Invalid(error))
}

/// The conversation named by the path `id`, its account and the sending side, once the caller
/// may send there (`messages.send`) and sending is configured (else 503).
pub(super) async fn send_target(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<(ConversationId, AccountId, Arc<Sending>), ApiError> {
    let conversation = ConversationId::from_uuid(parse_path_id("id", id)?);
    let account = state
        .owners
        .conversation(&state.storage, conversation)
        .await?;
    caller.require(account, Permission::MessagesSend, "conversation")?;
    let sending = state
        .sending
        .clone()
        .ok_or(ApiError::Unconfigured("sending"))?;
    Ok((conversation, account, sending))
}

/// The `Idempotency-Key` header, checked; `None` without one.
pub(super) fn idempotency_key(http: &HttpRequest) -> Result<Option<IdempotencyKey>, ApiError> {
    let Some(value) = http.headers().get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    value
        .to_str()
        .map_err(|_| ValidationError::new(IDEMPOTENCY_KEY, "must be visible ASCII characters"))
        .and_then(IdempotencyKey::parse)
        .map(Some)
        .map_err(invalid)
}
