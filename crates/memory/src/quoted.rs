//! Messages as every read shows them: with the compact form of the message they quote, as the
//! `quoted` column of `inbox_messages` builds it.

use inbox_domain::message::quote_preview;
use inbox_domain::{Message, MessageId, QuotedMessage, RepoError};

use crate::error::StoreError;
use crate::messages::ENTITY;
use crate::state::State;

impl State {
    /// `message` with its quote filled in from the quoted message's current state (stored
    /// messages keep `quoted` empty: the quoted message may change after the reply).
    pub(crate) fn shown(&self, message: &Message) -> Message {
        let quoted = message
            .reply_to
            .and_then(|id| self.messages.get(&id))
            .map(quote);
        Message {
            quoted,
            ..message.clone()
        }
    }

    /// The stored message `id` as reads show it.
    pub(crate) fn shown_by_id(&self, id: MessageId) -> Result<Message, RepoError> {
        let message = self.messages.get(&id).ok_or(StoreError::Dangling(ENTITY))?;
        Ok(self.shown(message))
    }
}

/// The compact form of a quoted message; a deleted one shows no preview.
fn quote(quoted: &Message) -> QuotedMessage {
    let deleted = quoted.deleted_at.is_some();
    QuotedMessage {
        id: quoted.id,
        wamid: quoted.wamid.clone(),
        direction: quoted.direction,
        kind: quoted.kind,
        preview: quoted
            .body
            .as_deref()
            .filter(|_| !deleted)
            .map(quote_preview),
        deleted,
    }
}
