//! `inbox_apply_message_status` in memory: statuses only move the way `can_become` allows.

use inbox_domain::ports::{StatusChange, StatusOutcome};
use inbox_domain::{MessageId, MessageStatus, RepoError};

use crate::checks::no_nul;
use crate::messages::ENTITY;
use crate::state::State;

impl State {
    /// Moves the message to `change.status` when the lattice allows it; a failure keeps Meta's
    /// error, any other status clears it.
    pub(crate) fn apply_status(
        &mut self,
        id: MessageId,
        change: StatusChange,
    ) -> Result<StatusOutcome, RepoError> {
        let message = self
            .messages
            .get_mut(&id)
            .ok_or(RepoError::not_found(ENTITY))?;
        if !message.status.can_become(change.status) {
            return Ok(StatusOutcome {
                message: message.clone(),
                changed: false,
            });
        }
        let error = match change.status {
            MessageStatus::Failed => change.error,
            _ => None,
        };
        if let Some(error) = &error {
            no_nul(ENTITY, "error_title", &error.title)?;
            if let Some(details) = &error.details {
                no_nul(ENTITY, "error_details", details)?;
            }
        }
        message.status = change.status;
        message.error = error;
        Ok(StatusOutcome {
            message: message.clone(),
            changed: true,
        })
    }
}
