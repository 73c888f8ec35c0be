//! Rows of the outbox (`inbox_outbox_claim`, `send_jobs`) as domain values.

use inbox_domain::outbox::{JobError, SendAction, SendJob, SendJobId, SendJobRecord, SendRequest};
use inbox_domain::{AccountId, ConversationId, MessageId, WaId, Wamid};
use serde_json::Value;
use uuid::Uuid;

use super::{JsonRow, WireError, parse};

/// The columns of a claimed job, as `inbox_outbox_claim` answers them.
pub(crate) const CLAIM_COLUMNS: &str = "id,attempt,account_id,conversation_id,message_id,action,\
     request,to_wa_id,reply_to_wamid,wamid";

/// The columns of a job as `send_jobs` keeps it.
pub(crate) const JOB_RECORD_COLUMNS: &str =
    "id,account_id,message_id,action,state,attempt,run_at,reconcile_until,last_error";

/// A stored JSON value as `T`, never quoting the value.
fn json<T: serde::de::DeserializeOwned>(
    column: &'static str,
    value: Value,
) -> Result<T, WireError> {
    serde_json::from_value(value).map_err(|e| WireError {
        column,
        reason: format!("{:?}", e.classify()),
    })
}

/// A nullable stored text through a domain parser.
fn parse_opt<T>(
    row: &JsonRow,
    column: &'static str,
    parser: impl FnOnce(&str) -> Result<T, inbox_domain::ValidationError>,
) -> Result<Option<T>, WireError> {
    row.get::<Option<&str>>(column)?
        .map(|text| parse(column, text, parser))
        .transpose()
}

/// A claimed job (a row of `inbox_outbox_claim`).
pub(crate) fn claimed_job(row: &JsonRow) -> Result<SendJob, WireError> {
    let action: SendAction = row.parsed("action")?;
    // A mark-read job carries no request to read.
    let request = match action {
        SendAction::MarkRead => None,
        _ => Some(json::<SendRequest>(
            "request",
            row.value("request").clone(),
        )?),
    };
    Ok(SendJob {
        id: SendJobId::new(row.get("id")?),
        attempt: row.get("attempt")?,
        account_id: AccountId::from_uuid(row.get::<Uuid>("account_id")?),
        conversation_id: ConversationId::from_uuid(row.get::<Uuid>("conversation_id")?),
        message_id: MessageId::from_uuid(row.get::<Uuid>("message_id")?),
        action,
        request,
        to: parse_opt(row, "to_wa_id", WaId::parse)?,
        reply_to_wamid: parse_opt(row, "reply_to_wamid", Wamid::parse)?,
        wamid: parse_opt(row, "wamid", Wamid::parse)?,
    })
}

/// A job as `send_jobs` keeps it.
pub(crate) fn job_record(row: &JsonRow) -> Result<SendJobRecord, WireError> {
    let last_error = match row.value("last_error") {
        Value::Null => None,
        value => Some(json::<JobError>("last_error", value.clone())?),
    };
    Ok(SendJobRecord {
        id: SendJobId::new(row.get("id")?),
        account_id: AccountId::from_uuid(row.get::<Uuid>("account_id")?),
        message_id: MessageId::from_uuid(row.get::<Uuid>("message_id")?),
        action: row.parsed("action")?,
        state: row.parsed("state")?,
        attempt: row.get("attempt")?,
        run_at: row.time("run_at")?,
        reconcile_until: row.time_opt("reconcile_until")?,
        last_error,
    })
}
