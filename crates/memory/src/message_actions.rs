//! The agent's actions on a message in memory, in the order of checks and effects of the
//! `V10__message_actions.sql` functions: edit, delete, the business's reaction.

use serde_json::json;
use time::OffsetDateTime;

use inbox_domain::ports::MessageChange;
use inbox_domain::{
    ActionRefused, DeleteScope, Direction, EditedText, Emoji, Message, MessageId, MessageKind,
    Reaction, RepoError,
};

use crate::clock::stored;
use crate::messages::ENTITY;
use crate::state::State;

impl State {
    /// `inbox_edit_message_text`.
    pub(crate) fn edit_text(
        &mut self,
        id: MessageId,
        text: &EditedText,
        at: OffsetDateTime,
    ) -> Result<MessageChange, RepoError> {
        let message = self.message_mut(id)?;
        if message.direction != Direction::Outbound {
            return Err(ActionRefused::NotOutbound.into());
        }
        if message.kind != MessageKind::Text {
            return Err(ActionRefused::NotText.into());
        }
        if message.deleted_at.is_some() {
            return Err(ActionRefused::Deleted.into());
        }
        let changed = message.body.as_deref() != Some(text.as_str());
        if changed {
            message.body = Some(text.as_str().to_owned());
            message.edited_at = Some(stored(at));
        }
        self.changed(id, changed)
    }

    /// `inbox_delete_message`. Where the SQL view hides a deleted message's content, memory
    /// drops it: no port reads it back.
    pub(crate) fn delete_message(
        &mut self,
        id: MessageId,
        scope: DeleteScope,
        at: OffsetDateTime,
    ) -> Result<MessageChange, RepoError> {
        let message = self.message_mut(id)?;
        if scope == DeleteScope::Everyone && message.direction != Direction::Outbound {
            return Err(ActionRefused::NotOutbound.into());
        }
        let changed = match message.deleted_scope {
            None => true,
            Some(current) => current == DeleteScope::Me && scope == DeleteScope::Everyone,
        };
        if changed {
            message.deleted_scope = Some(scope);
            message.deleted_at = Some(stored(at));
            message.body = None;
            message.media = None;
            message.payload = json!({});
            let message = message.clone();
            self.unindex_media(&message);
        }
        self.changed(id, changed)
    }

    /// `inbox_set_business_reaction`: the outbound side's reaction, replaced by a new emoji.
    pub(crate) fn set_business_reaction(
        &mut self,
        id: MessageId,
        emoji: &Emoji,
        at: OffsetDateTime,
    ) -> Result<MessageChange, RepoError> {
        let message = self.message_mut(id)?;
        if message.deleted_at.is_some() {
            return Err(ActionRefused::Deleted.into());
        }
        let ours = |r: &Reaction| r.direction == Direction::Outbound;
        let changed = message
            .reactions
            .iter()
            .find(|r| ours(r))
            .is_none_or(|r| r.emoji != emoji.as_str());
        if changed {
            message.reactions.retain(|r| !ours(r));
            message.reactions.push(Reaction {
                direction: Direction::Outbound,
                emoji: emoji.as_str().to_owned(),
                reacted_at: stored(at),
            });
            // The view's order: (reacted_at, direction).
            message.reactions.sort_by(|a, b| {
                (a.reacted_at, a.direction.as_str()).cmp(&(b.reacted_at, b.direction.as_str()))
            });
        }
        self.changed(id, changed)
    }

    /// `inbox_remove_business_reaction`.
    pub(crate) fn remove_business_reaction(
        &mut self,
        id: MessageId,
    ) -> Result<MessageChange, RepoError> {
        let message = self.message_mut(id)?;
        let before = message.reactions.len();
        message
            .reactions
            .retain(|r| r.direction != Direction::Outbound);
        let changed = message.reactions.len() != before;
        self.changed(id, changed)
    }

    /// The stored message `id`, to change; `NotFound` without one.
    pub(crate) fn message_mut(&mut self, id: MessageId) -> Result<&mut Message, RepoError> {
        self.messages
            .get_mut(&id)
            .ok_or(RepoError::not_found(ENTITY))
    }

    /// The answer of an action: the message as reads show it, and whether it changed.
    fn changed(&self, id: MessageId, changed: bool) -> Result<MessageChange, RepoError> {
        Ok(MessageChange {
            message: self.shown_by_id(id)?,
            changed,
        })
    }
}
