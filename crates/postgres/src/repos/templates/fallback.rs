//! The auto-template fallback's statements (`migrations/V16__template_fallback.sql`): a
//! waiting send recorded with its message, and the expiry sweep.

use inbox_domain::events::InboxEvent;
use inbox_domain::templates::{ExpiredPending, NewWaitingSend, WaitingRecorded};
use inbox_domain::{AccountId, ConversationId, MessageId, RepoError};
use time::OffsetDateTime;
use tokio_postgres::types::Type;
use uuid::Uuid;

use crate::db::Pg;
use crate::rows::get;

/// The message and its waiting row, in one function call.
const RECORD_WAITING: &str = "SELECT outcome, message_id, account_id \
     FROM inbox_templates_record_waiting($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

/// Waiting messages past their expiry, failed.
const EXPIRE_WAITING: &str = "SELECT account_id, conversation_id, message_id \
     FROM inbox_templates_expire_waiting($1, $2)";

/// `TemplateRepo::record_waiting`.
pub(super) async fn record_waiting(
    pg: &Pg,
    send: &NewWaitingSend,
) -> Result<WaitingRecorded, RepoError> {
    let request =
        serde_json::to_value(&send.request).map_err(|e| RepoError::Internal(Box::new(e)))?;
    let pending = &send.pending;
    let parameters = serde_json::json!(pending.parameters);
    let key = send.idempotency_key.as_ref().map(|k| k.as_str());
    let db = pg.db().await?;
    let row = db
        .query_one(
            RECORD_WAITING,
            &[
                (&pending.message_id.as_uuid(), Type::UUID),
                (&pending.conversation_id.as_uuid(), Type::UUID),
                (&send.body.as_str(), Type::TEXT),
                (&request, Type::JSONB),
                (&pending.template_name.as_str(), Type::TEXT),
                (&pending.language.as_str(), Type::TEXT),
                (&parameters, Type::JSONB),
                (&pending.expires_at, Type::TIMESTAMPTZ),
                (&key, Type::TEXT),
                (&send.sent_at, Type::TIMESTAMPTZ),
            ],
        )
        .await?;
    let outcome: String = get(&row, "outcome")?;
    let repeated = match outcome.as_str() {
        "created" => false,
        "repeated" => true,
        "conflict" => {
            return Err(RepoError::Conflict {
                entity: "send",
                constraint: "idempotency_key".to_owned(),
            });
        }
        "no_conversation" => return Err(RepoError::not_found("conversation")),
        other => {
            return Err(RepoError::Internal(
                format!("unexpected record_waiting outcome {other}").into(),
            ));
        }
    };
    let message_id = MessageId::from_uuid(get::<Uuid>(&row, "message_id")?);
    let account_id = AccountId::from_uuid(get::<Uuid>(&row, "account_id")?);
    let events = if repeated {
        Vec::new()
    } else {
        vec![InboxEvent::MessageCreated {
            account_id,
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

/// `TemplateRepo::expire_waiting`.
pub(super) async fn expire_waiting(
    pg: &Pg,
    now: OffsetDateTime,
    limit: u32,
) -> Result<Vec<ExpiredPending>, RepoError> {
    let limit = i32::try_from(limit).unwrap_or(i32::MAX);
    let db = pg.db().await?;
    let rows = db
        .query(
            EXPIRE_WAITING,
            &[(&now, Type::TIMESTAMPTZ), (&limit, Type::INT4)],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(ExpiredPending {
                account_id: AccountId::from_uuid(get::<Uuid>(r, "account_id")?),
                conversation_id: ConversationId::from_uuid(get::<Uuid>(r, "conversation_id")?),
                message_id: MessageId::from_uuid(get::<Uuid>(r, "message_id")?),
            })
        })
        .collect()
}
