//! Reading what the SQL apply function answers back into an `ApplyOutcome`.

use serde::Deserialize;
use serde_json::Value;
use thiserror::Error;

use crate::events::InboxEvent;
use crate::ids::AccountId;
use crate::phone::PhoneNumberId;
use crate::ports::ApplyOutcome;
use crate::wamid::Wamid;

/// The apply function answered something that is not an outcome (a schema or code mismatch).
#[derive(Debug, Error)]
#[error("the apply outcome has an unexpected shape ({category:?} error)")]
pub struct OutcomeError {
    /// What kind of mismatch it was; the offending value is not kept (it could be data).
    pub category: serde_json::error::Category,
}

#[derive(Deserialize)]
struct Wire {
    applied: bool,
    #[serde(default)]
    events: Vec<InboxEvent>,
    #[serde(default)]
    unknown_numbers: Vec<PhoneNumberId>,
    #[serde(default)]
    senderless: Vec<Wamid>,
    #[serde(default)]
    accounts: Vec<AccountId>,
    #[serde(default)]
    parked_reason: Option<String>,
}

/// Reads `{"applied": bool, "events": [...], "unknown_numbers": [...], "senderless": [...],
/// "accounts": [...], "parked_reason": text | null}`, the answer of `inbox_webhook_apply`.
///
/// # Errors
/// [`OutcomeError`] when the value has another shape.
pub fn outcome_from_json(value: Value) -> Result<ApplyOutcome, OutcomeError> {
    let wire: Wire = serde_json::from_value(value).map_err(|e| OutcomeError {
        category: e.classify(),
    })?;
    Ok(ApplyOutcome {
        applied: wire.applied,
        events: wire.events,
        unknown_numbers: wire.unknown_numbers,
        senderless: wire.senderless,
        accounts: wire.accounts,
        parked_reason: wire.parked_reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{ConversationId, MessageId};
    use crate::message::MessageStatus;
    use serde_json::json;

    #[test]
    fn a_lost_lease_reads_as_not_applied() {
        let outcome = outcome_from_json(json!({"applied": false})).unwrap();
        assert_eq!(outcome, ApplyOutcome::default());
    }

    #[test]
    fn events_and_reports_read_back() {
        let account = AccountId::generate();
        let conversation = ConversationId::generate();
        let message = MessageId::generate();
        let outcome = outcome_from_json(json!({
            "applied": true,
            "events": [
                {"type": "message_received", "account_id": account,
                 "conversation_id": conversation, "message_id": message},
                {"type": "message_status_changed", "account_id": account,
                 "conversation_id": conversation, "message_id": message, "status": "read"},
                {"type": "template_status_changed", "account_id": account, "name": "hello",
                 "language": "en_US", "status": "approved"}
            ],
            "unknown_numbers": ["106540352242922"],
            "senderless": ["wamid.x"],
            "accounts": [account],
            "parked_reason": "unknown account"
        }))
        .unwrap();
        assert!(outcome.applied && outcome.parked());
        assert_eq!(outcome.events.len(), 3);
        assert_eq!(
            outcome.events[1],
            InboxEvent::MessageStatusChanged {
                account_id: account,
                conversation_id: conversation,
                message_id: message,
                status: MessageStatus::Read,
            }
        );
        assert_eq!(outcome.unknown_numbers[0].as_str(), "106540352242922");
        assert_eq!(outcome.accounts, vec![account]);
    }

    #[test]
    fn another_shape_is_an_error() {
        assert!(outcome_from_json(json!({"events": []})).is_err());
        assert!(outcome_from_json(json!({"applied": true, "events": [{"type": "x"}]})).is_err());
    }
}
