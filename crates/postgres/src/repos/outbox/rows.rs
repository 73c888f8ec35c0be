//! Rows of the outbox's statements as domain values.

use inbox_domain::outbox::{SendJob, SendJobId, SendJobRecord, SendRequest};
use inbox_domain::{AccountId, ConversationId, MessageId, RepoError, WaId, Wamid};
use serde_json::Value;
use tokio_postgres::Row;

use crate::rows::{RowError, get};

fn parsed<T: std::str::FromStr>(row: &Row, column: &'static str) -> Result<T, RowError> {
    let text: String = get(row, column)?;
    text.parse().map_err(|_| RowError::Value {
        column,
        reason: format!("is not a valid {column} ({} characters)", text.len()),
    })
}

fn value<T>(
    column: &'static str,
    result: Result<T, impl std::fmt::Display>,
) -> Result<T, RowError> {
    result.map_err(|e| RowError::Value {
        column,
        reason: e.to_string(),
    })
}

/// A claimed job (`inbox_outbox_claim`).
pub(super) fn job(row: &Row) -> Result<SendJob, RepoError> {
    let request: Value = get(row, "request")?;
    let action = parsed(row, "action")?;
    let request = match action {
        inbox_domain::outbox::SendAction::MarkRead => None,
        _ => Some(value(
            "request",
            serde_json::from_value::<SendRequest>(request),
        )?),
    };
    let to: Option<String> = get(row, "to_wa_id")?;
    let reply: Option<String> = get(row, "reply_to_wamid")?;
    let wamid: Option<String> = get(row, "wamid")?;
    Ok(SendJob {
        id: SendJobId::new(get(row, "id")?),
        attempt: get(row, "attempt")?,
        account_id: AccountId::from_uuid(get(row, "account_id")?),
        conversation_id: ConversationId::from_uuid(get(row, "conversation_id")?),
        message_id: MessageId::from_uuid(get(row, "message_id")?),
        action,
        request,
        to: value("to_wa_id", to.as_deref().map(WaId::parse).transpose())?,
        reply_to_wamid: value(
            "reply_to_wamid",
            reply.as_deref().map(Wamid::parse).transpose(),
        )?,
        wamid: value("wamid", wamid.as_deref().map(Wamid::parse).transpose())?,
    })
}

/// A job as `send_jobs` keeps it.
pub(super) fn record(row: &Row) -> Result<SendJobRecord, RepoError> {
    let last_error: Option<Value> = get(row, "last_error")?;
    Ok(SendJobRecord {
        id: SendJobId::new(get(row, "id")?),
        account_id: AccountId::from_uuid(get(row, "account_id")?),
        message_id: MessageId::from_uuid(get(row, "message_id")?),
        action: parsed(row, "action")?,
        state: parsed(row, "state")?,
        attempt: get(row, "attempt")?,
        run_at: get(row, "run_at")?,
        reconcile_until: get(row, "reconcile_until")?,
        last_error: last_error
            .map(|v| value("last_error", serde_json::from_value(v)))
            .transpose()?,
    })
}
