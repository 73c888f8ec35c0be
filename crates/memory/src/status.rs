//! `inbox_apply_message_status` in memory: statuses only move the way `can_become` allows.

use inbox_domain::ports::{StatusChange, StatusOutcome};
use inbox_domain::{Message, MessageId, MessageStatus, MetaError, RepoError};

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
        let message = self.message_mut(id)?;
        if let Some(error) = change
            .error
            .as_ref()
            .filter(|_| change.status == MessageStatus::Failed)
        {
            no_nul(ENTITY, "error_title", &error.title)?;
            if let Some(details) = &error.details {
                no_nul(ENTITY, "error_details", details)?;
            }
        }
        let changed = move_status(message, change.status, change.error);
        Ok(StatusOutcome {
            message: self.shown_by_id(id)?,
            changed,
        })
    }
}

/// Moves `message` to `status` when the lattice allows it (keeping Meta's error for a failure,
/// clearing it otherwise); whether it moved.
pub(crate) fn move_status(
    message: &mut Message,
    status: MessageStatus,
    error: Option<MetaError>,
) -> bool {
    if !message.status.can_become(status) {
        return false;
    }
    message.error = match status {
        MessageStatus::Failed => error,
        _ => None,
    };
    message.status = status;
    true
}
