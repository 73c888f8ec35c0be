//! The results of the pending-template functions (`inbox_templates_enqueue_pending`,
//! `inbox_templates_resolve_pending`) as the `TemplateRepo` port names them.

use inbox_domain::outbound::{LanguageCode, TemplateName};
use inbox_domain::templates::{FailedPending, PendingResolution, ReleasedMessage};
use inbox_domain::{ConversationId, MessageId, RepoError};
use serde_json::Value;
use uuid::Uuid;

use crate::stored::InvalidValue;

/// What the port returns for a call of `inbox_templates_enqueue_pending` that answered
/// `queued` or failed: a second wait for one message is a conflict, and an unknown message
/// (no row to queue, or a missing reference) is a missing message.
///
/// # Errors
/// `Conflict` and `MissingReference` as above; other errors unchanged.
pub fn enqueued_pending(queued: Result<bool, RepoError>) -> Result<(), RepoError> {
    match queued {
        Ok(true) => Ok(()),
        Ok(false) | Err(RepoError::MissingReference { .. }) => {
            Err(RepoError::MissingReference { entity: "message" })
        }
        Err(RepoError::Conflict { constraint, .. }) => Err(RepoError::Conflict {
            entity: "pending_template_message",
            constraint,
        }),
        Err(other) => Err(other),
    }
}

/// One row of `inbox_templates_resolve_pending` for the template `name` in `language`, added
/// to `resolution`: a `released` message is sent with its stored parameters (read only then),
/// any other outcome failed it.
///
/// # Errors
/// The adapter's error reading `parameters`, or an [`InvalidValue`] when they are not an array
/// of strings.
pub fn add_resolved<E: From<InvalidValue>>(
    resolution: &mut PendingResolution,
    (name, language): (&TemplateName, &LanguageCode),
    outcome: &str,
    (message, conversation): (Uuid, Uuid),
    parameters: impl FnOnce() -> Result<Value, E>,
) -> Result<(), E> {
    let message_id = MessageId::from_uuid(message);
    let conversation_id = ConversationId::from_uuid(conversation);
    if outcome == "released" {
        let parameters = serde_json::from_value(parameters()?)
            .map_err(|_| InvalidValue::new("parameters", "is not an array of strings"))?;
        resolution.released.push(ReleasedMessage {
            message_id,
            conversation_id,
            template_name: name.clone(),
            language: language.clone(),
            parameters,
        });
    } else {
        resolution.failed.push(FailedPending {
            message_id,
            conversation_id,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enqueue_failures_name_the_pending_message_or_the_message() {
        let missing_message =
            |e: RepoError| matches!(e, RepoError::MissingReference { entity: "message" });
        assert!(enqueued_pending(Ok(true)).is_ok());
        assert!(missing_message(enqueued_pending(Ok(false)).unwrap_err()));
        let unknown = RepoError::MissingReference { entity: "record" };
        assert!(missing_message(enqueued_pending(Err(unknown)).unwrap_err()));
        let twice = RepoError::Conflict {
            entity: "record",
            constraint: "pending_key".to_owned(),
        };
        assert!(matches!(
            enqueued_pending(Err(twice)).unwrap_err(),
            RepoError::Conflict {
                entity: "pending_template_message",
                ..
            }
        ));
    }
}
