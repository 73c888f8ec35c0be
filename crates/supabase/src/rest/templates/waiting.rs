//! Messages waiting for a template: queueing, resolution on review, the auto-template
//! fallback's waiting sends and their expiry (the functions of V14, V16 and V18).

use inbox_domain::events::InboxEvent;
use inbox_domain::outbound::{LanguageCode, TemplateName};
use inbox_domain::templates::{
    ExpiredPending, NewPendingMessage, NewWaitingSend, PendingResolution, WaitingRecorded,
};
use inbox_domain::{AccountId, ConversationId, MessageId, RepoError};
use inbox_schema::calls::{add_resolved, enqueued_pending};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::super::call::Rest;
use super::super::errors::unreadable;
use super::super::wire::{WireError, timestamp};

/// A row of `inbox_templates_resolve_pending`.
#[derive(Deserialize)]
struct ResolvedRow {
    outcome: String,
    message_id: Uuid,
    conversation_id: Uuid,
    parameters: Value,
}

/// The row of `inbox_templates_record_waiting`.
#[derive(Deserialize)]
struct WaitingRow {
    outcome: String,
    message_id: Option<Uuid>,
    account_id: Option<Uuid>,
}

/// A row of `inbox_templates_expire_waiting`.
#[derive(Deserialize)]
struct ExpiredRow {
    account_id: Uuid,
    conversation_id: Uuid,
    message_id: Uuid,
}

/// `TemplateRepo::enqueue_pending`, through V18's `inbox_templates_enqueue_pending`.
pub(super) async fn enqueue_pending(
    rest: &Rest,
    pending: &NewPendingMessage,
) -> Result<(), RepoError> {
    let args = json!({
        "p_id": Uuid::now_v7(),
        "p_account": pending.account_id.as_uuid(),
        "p_conversation": pending.conversation_id.as_uuid(),
        "p_message": pending.message_id.as_uuid(),
        "p_template_name": pending.template_name.as_str(),
        "p_language": pending.language.as_str(),
        "p_parameters": pending.parameters,
        "p_expires_at": timestamp(pending.expires_at)?,
    });
    let queued: Result<bool, RepoError> = rest
        .rpc(
            "templates.enqueue_pending",
            "inbox_templates_enqueue_pending",
            &[],
            &args,
        )
        .await;
    enqueued_pending(queued)
}

/// `TemplateRepo::resolve_pending`, through V16's `inbox_templates_resolve_pending`.
pub(super) async fn resolve_pending(
    rest: &Rest,
    account: AccountId,
    name: &TemplateName,
    language: &LanguageCode,
) -> Result<PendingResolution, RepoError> {
    let args = json!({
        "p_account": account.as_uuid(),
        "p_name": name.as_str(),
        "p_language": language.as_str(),
    });
    let rows: Vec<ResolvedRow> = rest
        .rpc(
            "templates.resolve_pending",
            "inbox_templates_resolve_pending",
            &[],
            &args,
        )
        .await?;
    let mut resolution = PendingResolution::default();
    for row in rows {
        add_resolved::<WireError>(
            &mut resolution,
            (name, language),
            &row.outcome,
            (row.message_id, row.conversation_id),
            || Ok(row.parameters),
        )?;
    }
    Ok(resolution)
}

/// `TemplateRepo::record_waiting`, through V16's `inbox_templates_record_waiting`.
pub(super) async fn record_waiting(
    rest: &Rest,
    send: &NewWaitingSend,
) -> Result<WaitingRecorded, RepoError> {
    const OP: &str = "templates.record_waiting";
    let request =
        serde_json::to_value(&send.request).map_err(|e| RepoError::Internal(Box::new(e)))?;
    let pending = &send.pending;
    let args = json!({
        "p_message_id": pending.message_id.as_uuid(),
        "p_conversation_id": pending.conversation_id.as_uuid(),
        "p_body": send.body,
        "p_request": request,
        "p_template_name": pending.template_name.as_str(),
        "p_language": pending.language.as_str(),
        "p_parameters": pending.parameters,
        "p_expires_at": timestamp(pending.expires_at)?,
        "p_key": send.idempotency_key.as_ref().map(|k| k.as_str()),
        "p_sent_at": timestamp(send.sent_at)?,
    });
    let rows: Vec<WaitingRow> = rest
        .rpc(OP, "inbox_templates_record_waiting", &[], &args)
        .await?;
    let row = rows
        .into_iter()
        .next()
        .ok_or_else(|| unreadable(OP, "the function returned no row"))?;
    let repeated = match row.outcome.as_str() {
        "created" => false,
        "repeated" => true,
        "conflict" => {
            return Err(RepoError::Conflict {
                entity: "send",
                constraint: "idempotency_key".to_owned(),
            });
        }
        "no_conversation" => return Err(RepoError::not_found("conversation")),
        _ => return Err(unreadable(OP, "an unknown record_waiting outcome")),
    };
    let (Some(message_id), Some(account_id)) = (row.message_id, row.account_id) else {
        return Err(unreadable(OP, "an outcome without its ids"));
    };
    let message_id = MessageId::from_uuid(message_id);
    let events = if repeated {
        Vec::new()
    } else {
        vec![InboxEvent::MessageCreated {
            account_id: AccountId::from_uuid(account_id),
            conversation_id: pending.conversation_id,
            message_id,
        }]
    };
    Ok(WaitingRecorded {
        message_id,
        repeated,
        events,
    })
}

/// `TemplateRepo::expire_waiting`, through V16's `inbox_templates_expire_waiting`.
pub(super) async fn expire_waiting(
    rest: &Rest,
    now: time::OffsetDateTime,
    limit: u32,
) -> Result<Vec<ExpiredPending>, RepoError> {
    let limit = i32::try_from(limit).unwrap_or(i32::MAX);
    let args = json!({"p_now": timestamp(now)?, "p_limit": limit});
    let rows: Vec<ExpiredRow> = rest
        .rpc(
            "templates.expire_waiting",
            "inbox_templates_expire_waiting",
            &[],
            &args,
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| ExpiredPending {
            account_id: AccountId::from_uuid(row.account_id),
            conversation_id: ConversationId::from_uuid(row.conversation_id),
            message_id: MessageId::from_uuid(row.message_id),
        })
        .collect())
}
