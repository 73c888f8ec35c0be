//! `DELETE /messages/{id}?scope=me|everyone`: delete a message without losing its place.

use actix_web::{HttpResponse, delete, web};
use inbox_domain::MessageId;
use inbox_domain::access::Permission;
use time::OffsetDateTime;

use crate::auth::Caller;
use crate::dto::{DeleteMessageQuery, ErrorEnvelope, MessageResponse, parse_path_id};
use crate::error::ApiError;
use crate::state::AppState;

/// Deletes a message for `scope`: `me` (the default, any message) hides its content from
/// every agent of the inbox; `everyone` (the business's own messages only) also means the
/// customer's copy is to be revoked, which the sending side will ask Meta for. The message
/// keeps its place, ids, statuses and reactions. Idempotent; `everyone` after `me` widens the
/// scope. Needs `messages.manage`. Answers the message as every read now shows it.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "conversations",
    params(("id" = Uuid, Path, description = "The message's id"), DeleteMessageQuery),
    responses(
        (status = 200, description = "The deleted message, content hidden", body = MessageResponse),
        (status = 401, description = "Missing, malformed, expired or forged bearer token (`WWW-Authenticate` says why)", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `messages.manage` (`forbidden`)", body = ErrorEnvelope),
        (status = 400, description = "`id` is not a UUID, or `scope` is neither `me` nor `everyone` (`invalid_scope`)", body = ErrorEnvelope),
        (status = 404, description = "No such message, or one of an account the caller cannot see (`message_not_found`)", body = ErrorEnvelope),
        (status = 422, description = "`everyone` for a customer's message (`message_not_outbound`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable", body = ErrorEnvelope),
    )
)]
#[delete("/messages/{id}")]
pub async fn delete_message(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: web::Query<DeleteMessageQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = MessageId::from_uuid(parse_path_id("id", &id)?);
    let scope = query.try_into_domain()?;
    let account = state.owners.message(&state.storage, id).await?;
    caller.require(account, Permission::MessagesManage, "message")?;
    let change = state
        .storage
        .messages
        .delete(id, scope, OffsetDateTime::now_utc())
        .await
        .map_err(ApiError::from_message_action)?;
    tracing::info!(
        message.id = %id,
        scope = scope.as_str(),
        changed = change.changed,
        "message deleted"
    );
    Ok(HttpResponse::Ok().json(MessageResponse::from(&change.message)))
}
