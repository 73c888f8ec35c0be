//! `MessageRepo` in memory: `inbox_append_message`, message reads and pages; the actions and
//! galleries live in `message_actions` and `media`.

use async_trait::async_trait;
use time::OffsetDateTime;

use inbox_domain::ports::{AppendOutcome, MessageChange, MessageRepo, StatusChange, StatusOutcome};
use inbox_domain::{
    AccountId, ConversationId, ConversationStatus, Cursor, DeleteScope, Direction, EditedText,
    Emoji, MediaKinds, Message, MessageId, NewMessage, Page, PageLimit, RepoError,
};

use crate::checks::{invalid, json, no_nul, text};
use crate::clock::{now, stored};
use crate::error::StoreError;
use crate::state::{State, newest_first};
use crate::store::MemoryStore;

pub(crate) const ENTITY: &str = "message";

impl State {
    /// `inbox_append_message`, in the same order of checks and effects, then the statuses kept
    /// for the new message's wamid (the `messages_inserted_take_pending` trigger).
    pub(crate) fn append_message(&mut self, new: NewMessage) -> Result<AppendOutcome, RepoError> {
        let conversation =
            self.conversations
                .get(&new.conversation_id)
                .ok_or(RepoError::MissingReference {
                    entity: "conversation",
                })?;
        check_columns(&new)?;
        if let Some(stored_id) = new
            .wamid
            .as_ref()
            .and_then(|w| self.message_by_wamid.get(w))
        {
            let message = self
                .messages
                .get(stored_id)
                .ok_or(StoreError::Dangling(ENTITY))?;
            return Ok(AppendOutcome {
                message: self.shown(message),
                created: false,
            });
        }
        if self.messages.contains_key(&new.id) {
            return Err(RepoError::Conflict {
                entity: ENTITY,
                constraint: "messages_pkey".to_owned(),
            });
        }
        let unread_count = if new.direction == Direction::Inbound {
            conversation
                .unread_count
                .checked_add(1)
                .ok_or_else(|| invalid("conversation", "unread_count is out of range".to_owned()))?
        } else {
            conversation.unread_count
        };
        let message = Message {
            id: new.id,
            account_id: conversation.account_id,
            conversation_id: new.conversation_id,
            direction: new.direction,
            kind: new.kind,
            body: new.body,
            media: new.media,
            payload: new.payload,
            wamid: new.wamid,
            status: new.status,
            error: None,
            reply_to: new
                .reply_to_wamid
                .as_ref()
                .and_then(|w| self.message_by_wamid.get(w))
                .copied(),
            reply_to_wamid: new.reply_to_wamid,
            quoted: None,
            reactions: Vec::new(),
            edited_at: None,
            deleted_at: None,
            deleted_scope: None,
            sent_at: stored(new.sent_at),
            created_at: now(),
        };
        // Nothing fails from here on: the append is all or nothing.
        self.insert_message(&message);
        self.move_conversation(&message, unread_count);
        if let Some(wamid) = &message.wamid {
            self.take_pending_statuses(message.id, wamid);
        }
        Ok(AppendOutcome {
            message: self.shown_by_id(message.id)?,
            created: true,
        })
    }

    /// Stores the row, indexes it, and points earlier replies that quoted its wamid at it.
    fn insert_message(&mut self, message: &Message) {
        if let Some(wamid) = &message.wamid {
            for waiting in self.unresolved_replies.remove(wamid).unwrap_or_default() {
                if let Some(reply) = self.messages.get_mut(&waiting) {
                    reply.reply_to.get_or_insert(message.id);
                }
            }
            self.message_by_wamid.insert(wamid.clone(), message.id);
        }
        // Recorded after the resolution above: a message that quotes itself stays unresolved,
        // as the `id <> v_inserted` of the SQL leaves it.
        if let (None, Some(quoted)) = (message.reply_to, &message.reply_to_wamid) {
            self.unresolved_replies
                .entry(quoted.clone())
                .or_default()
                .push(message.id);
        }
        self.timeline
            .entry(message.conversation_id)
            .or_default()
            .insert((message.sent_at, message.id));
        self.index_media(message);
        self.messages.insert(message.id, message.clone());
    }

    /// The conversation's bookkeeping for a new message; `unread_count` was computed (and
    /// range-checked) beforehand.
    fn move_conversation(&mut self, message: &Message, unread_count: i32) {
        let Some(conversation) = self.conversations.get_mut(&message.conversation_id) else {
            return;
        };
        let newer = conversation.last_message_id.is_none_or(|last| {
            (message.sent_at, message.id) > (conversation.last_message_at, last)
        });
        if newer {
            let activity = self.activity.entry(conversation.account_id).or_default();
            activity.remove(&(conversation.last_message_at, conversation.id));
            activity.insert((message.sent_at, conversation.id));
            conversation.last_message_id = Some(message.id);
            conversation.last_message_at = message.sent_at;
        }
        if message.direction == Direction::Inbound {
            conversation.last_inbound_at = conversation.last_inbound_at.max(Some(message.sent_at));
            conversation.unread_count = unread_count;
            conversation.status = ConversationStatus::Open;
        }
    }

    /// A page of the conversation's messages by (sent_at DESC, id DESC), before `before`.
    fn page_messages(
        &self,
        conversation: ConversationId,
        before: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Message>, RepoError> {
        let before = before.map(|c| (stored(c.at), MessageId::from_uuid(c.id)));
        let (keys, more) = newest_first(
            self.timeline.get(&conversation),
            before,
            usize::from(limit.get()),
        );
        let items = keys
            .iter()
            .map(|(_, id)| self.shown_by_id(*id))
            .collect::<Result<Vec<_>, RepoError>>()?;
        let next = match keys.last() {
            Some((at, id)) if more => Some(Cursor {
                at: *at,
                id: id.as_uuid(),
            }),
            _ => None,
        };
        Ok(Page { items, next })
    }
}

/// The CHECKs of the `messages` table that `NewMessage::validate` does not cover.
fn check_columns(new: &NewMessage) -> Result<(), RepoError> {
    if let Some(body) = &new.body {
        text(ENTITY, "body", body, 0, 65_536)?;
    }
    if let Some(media) = &new.media {
        for value in [
            &media.meta_media_id,
            &media.storage_key,
            &media.mime_type,
            &media.sha256,
            &media.filename,
        ]
        .into_iter()
        .flatten()
        {
            no_nul(ENTITY, "media", value)?;
        }
    }
    json(ENTITY, "payload", &new.payload)
}

#[async_trait]
impl MessageRepo for MemoryStore {
    async fn append(&self, message: NewMessage) -> Result<AppendOutcome, RepoError> {
        message
            .validate()
            .map_err(|e| invalid(ENTITY, e.to_string()))?;
        self.write()?.append_message(message)
    }

    async fn get(&self, id: MessageId) -> Result<Message, RepoError> {
        let state = self.read()?;
        let message = state
            .messages
            .get(&id)
            .ok_or(RepoError::not_found(ENTITY))?;
        Ok(state.shown(message))
    }

    async fn page(
        &self,
        conversation: ConversationId,
        before: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Message>, RepoError> {
        self.read()?.page_messages(conversation, before, limit)
    }

    async fn apply_status(
        &self,
        id: MessageId,
        change: StatusChange,
    ) -> Result<StatusOutcome, RepoError> {
        self.write()?.apply_status(id, change)
    }

    async fn edit_text(
        &self,
        id: MessageId,
        text: EditedText,
        at: OffsetDateTime,
    ) -> Result<MessageChange, RepoError> {
        self.write()?.edit_text(id, &text, at)
    }

    async fn delete(
        &self,
        id: MessageId,
        scope: DeleteScope,
        at: OffsetDateTime,
    ) -> Result<MessageChange, RepoError> {
        self.write()?.delete_message(id, scope, at)
    }

    async fn set_reaction(
        &self,
        id: MessageId,
        emoji: Emoji,
        at: OffsetDateTime,
    ) -> Result<MessageChange, RepoError> {
        self.write()?.set_business_reaction(id, &emoji, at)
    }

    async fn remove_reaction(&self, id: MessageId) -> Result<MessageChange, RepoError> {
        self.write()?.remove_business_reaction(id)
    }

    async fn conversation_media(
        &self,
        conversation: ConversationId,
        kinds: MediaKinds,
        before: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Message>, RepoError> {
        let state = self.read()?;
        state.media_page(
            |kind| state.media_by_conversation.get(&(conversation, kind)),
            kinds,
            before,
            limit,
        )
    }

    async fn account_media(
        &self,
        account: AccountId,
        kinds: MediaKinds,
        before: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Message>, RepoError> {
        let state = self.read()?;
        state.media_page(
            |kind| state.media_by_account.get(&(account, kind)),
            kinds,
            before,
            limit,
        )
    }
}
