//! `POST /conversations/{id}/messages`: queue a message to the customer, answered at once.

use actix_web::{HttpRequest, HttpResponse, post, web};
use inbox_domain::outbox::{NewSend, SendContent, SendRequest};
use inbox_domain::{ConversationId, MessageId, RepoError, ValidationError};
use serde_json::Value;
use time::OffsetDateTime;

use super::send_request::{idempotency_key, invalid, send_target};
use crate::auth::Caller;
use crate::dto::{ErrorEnvelope, MessageResponse};
use crate::error::ApiError;
use crate::sending::{SendRefusal, Sending};
use crate::state::AppState;

/// Records the message as `pending` with its send job in one step and answers 202 with it; a
/// send worker carries it to Meta and its status follows as events. `type` names the kind
/// (`text`, `image`, `audio`, `video`, `document`, `sticker`, `interactive`, `template`,
/// `reaction`, `location`, `contacts`), the kind-named field holds the content as in Meta's
/// send API, `reply_to` quotes one of the conversation's messages by our id. A repeat with the
/// same `Idempotency-Key` answers the first message. Outside the 24-hour window only a
/// template may be sent.
#[utoipa::path(
    security(("bearer" = [])),
    tag = "conversations",
    params(
        ("id" = Uuid, Path, description = "The conversation's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 255 visible ASCII characters; a repeat with the same key and body answers the first message"),
    ),
    request_body(content = Object, description = "The send request, e.g. {\"type\": \"text\", \"text\": {\"body\": \"Hi\"}}"),
    responses(
        (status = 202, description = "The queued message (status `pending`)", body = MessageResponse),
        (status = 400, description = "`id` is not a UUID, or the body is not JSON (`malformed_body`)", body = ErrorEnvelope),
        (status = 401, description = "Missing, malformed, expired or forged bearer token", body = ErrorEnvelope),
        (status = 403, description = "Not a user of this inbox (`no_access`), or lacking `messages.send` (`forbidden`)", body = ErrorEnvelope),
        (status = 404, description = "No such conversation, or one the caller cannot see (`conversation_not_found`)", body = ErrorEnvelope),
        (status = 409, description = "The `Idempotency-Key` was used with another request (`send_conflict`)", body = ErrorEnvelope),
        (status = 422, description = "A field breaks Meta's limits (`invalid_<field>`, naming it), or a free-form message outside the 24-hour window (`window_closed`)", body = ErrorEnvelope),
        (status = 500, description = "Internal error", body = ErrorEnvelope),
        (status = 503, description = "Storage unavailable, or sending not configured (`sending_unconfigured`)", body = ErrorEnvelope),
    )
)]
#[post("/conversations/{id}/messages")]
pub async fn send_message(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    http: HttpRequest,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let (conversation, account, sending) = send_target(&state, &caller, &id).await?;
    let request: SendRequest = serde_json::from_value(body.into_inner())
        .map_err(|e| invalid(ValidationError::new("body", e.to_string())))?;
    request.validate().map_err(invalid)?;
    let key = idempotency_key(&http)?;
    if let SendContent::Reaction { reaction } = &request.content {
        return react(
            &state,
            &sending,
            conversation,
            reaction.message_id,
            reaction.emoji.clone(),
        )
        .await;
    }
    let now = OffsetDateTime::now_utc();
    let free_form = !matches!(request.content, SendContent::Template { .. });
    if free_form
        && !sending
            .window
            .is_open(&state.storage, conversation, now)
            .await?
    {
        return Err(ApiError::Send(SendRefusal::WindowClosed));
    }
    let send = NewSend {
        message_id: MessageId::generate(),
        conversation_id: conversation,
        request,
        idempotency_key: key,
        sent_at: now,
    };
    let recorded = sending
        .options
        .outbox
        .record(&send)
        .await
        .map_err(|error| match error {
            RepoError::NotFound { entity: "message" } => invalid(ValidationError::new(
                "reply_to",
                "is not a message of this conversation",
            )),
            other => ApiError::Repo(other),
        })?;
    let repeated = recorded.repeated;
    sending.queued(recorded.events).await;
    state
        .owners
        .remember_message(recorded.message_id, account)
        .await;
    // The message as recorded, read in the same step: a read now could already show a
    // worker's `sent`.
    tracing::info!(message.id = %recorded.message_id, conversation.id = %conversation, repeated, "message queued");
    Ok(HttpResponse::Accepted().json(MessageResponse::from(&recorded.message)))
}

/// A reaction request: stored on the target message now, sent to Meta by a worker.
async fn react(
    state: &AppState,
    sending: &Sending,
    conversation: ConversationId,
    target: MessageId,
    emoji: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let message = state
        .storage
        .messages
        .get(target)
        .await
        .map_err(|e| match e {
            RepoError::NotFound { .. } => invalid(ValidationError::new(
                "reaction.message_id",
                "is not a message of this conversation",
            )),
            other => ApiError::Repo(other),
        })?;
    if message.conversation_id != conversation {
        return Err(invalid(ValidationError::new(
            "reaction.message_id",
            "is not a message of this conversation",
        )));
    }
    let change = match &emoji {
        Some(emoji) => {
            let emoji = inbox_domain::Emoji::parse(emoji).map_err(invalid)?;
            state
                .storage
                .messages
                .set_reaction(target, emoji, OffsetDateTime::now_utc())
                .await
        }
        None => state.storage.messages.remove_reaction(target).await,
    }
    .map_err(ApiError::from_message_action)?;
    if change.changed {
        sending.options.outbox.queue_reaction(target, emoji).await?;
        sending.queued(Vec::new()).await;
    }
    Ok(HttpResponse::Accepted().json(MessageResponse::from(&change.message)))
}
