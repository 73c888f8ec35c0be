//! Which columns make a `Message`: an `inbox_messages` row, or the `lm_*` part of an
//! `inbox_conversation_summaries` row.

use inbox_domain::{AccountId, ConversationId, Message, MessageId, MetaError, Wamid};
use serde_json::Value;

use super::json::{media, quoted, reactions};
use super::{StoredRow, parsed, parsed_opt};

/// Where a message's columns are in a row: their names, or their positions once found.
#[derive(Debug, Clone, Copy)]
pub struct MessageColumns<C = &'static str> {
    /// `id`.
    pub id: C,
    /// `account_id`.
    pub account_id: C,
    /// `conversation_id`.
    pub conversation_id: C,
    /// `direction`.
    pub direction: C,
    /// `kind`.
    pub kind: C,
    /// `body`.
    pub body: C,
    /// `media`.
    pub media: C,
    /// `payload`.
    pub payload: C,
    /// `wamid`.
    pub wamid: C,
    /// `status`.
    pub status: C,
    /// `error_code`.
    pub error_code: C,
    /// `error_title`.
    pub error_title: C,
    /// `error_details`.
    pub error_details: C,
    /// `reply_to_id`.
    pub reply_to_id: C,
    /// `reply_to_wamid`.
    pub reply_to_wamid: C,
    /// `reactions`.
    pub reactions: C,
    /// `edited_at`.
    pub edited_at: C,
    /// `deleted_at`.
    pub deleted_at: C,
    /// `deleted_scope`.
    pub deleted_scope: C,
    /// `quoted`; `None` where the row carries no quote (a conversation summary's newest message).
    pub quoted: Option<C>,
    /// `sent_at`.
    pub sent_at: C,
    /// `created_at`.
    pub created_at: C,
}

/// An `inbox_messages` row.
pub const MESSAGE: MessageColumns = MessageColumns {
    id: "id",
    account_id: "account_id",
    conversation_id: "conversation_id",
    direction: "direction",
    kind: "kind",
    body: "body",
    media: "media",
    payload: "payload",
    wamid: "wamid",
    status: "status",
    error_code: "error_code",
    error_title: "error_title",
    error_details: "error_details",
    reply_to_id: "reply_to_id",
    reply_to_wamid: "reply_to_wamid",
    reactions: "reactions",
    edited_at: "edited_at",
    deleted_at: "deleted_at",
    deleted_scope: "deleted_scope",
    quoted: Some("quoted"),
    sent_at: "sent_at",
    created_at: "created_at",
};

/// The newest message inside an `inbox_conversation_summaries` row.
pub const LAST_MESSAGE: MessageColumns = MessageColumns {
    id: "last_message_id",
    account_id: "account_id",
    conversation_id: "id",
    direction: "lm_direction",
    kind: "lm_kind",
    body: "lm_body",
    media: "lm_media",
    payload: "lm_payload",
    wamid: "lm_wamid",
    status: "lm_status",
    error_code: "lm_error_code",
    error_title: "lm_error_title",
    error_details: "lm_error_details",
    reply_to_id: "lm_reply_to_id",
    reply_to_wamid: "lm_reply_to_wamid",
    reactions: "lm_reactions",
    edited_at: "lm_edited_at",
    deleted_at: "lm_deleted_at",
    deleted_scope: "lm_deleted_scope",
    quoted: None,
    sent_at: "lm_sent_at",
    created_at: "lm_created_at",
};

impl<C: Copy> MessageColumns<C> {
    /// The same columns addressed another way, e.g. by the positions `find` gives a name in
    /// one result.
    ///
    /// # Errors
    /// The first error of `find`.
    pub fn locate<D, E>(
        &self,
        mut find: impl FnMut(C) -> Result<D, E>,
    ) -> Result<MessageColumns<D>, E> {
        Ok(MessageColumns {
            id: find(self.id)?,
            account_id: find(self.account_id)?,
            conversation_id: find(self.conversation_id)?,
            direction: find(self.direction)?,
            kind: find(self.kind)?,
            body: find(self.body)?,
            media: find(self.media)?,
            payload: find(self.payload)?,
            wamid: find(self.wamid)?,
            status: find(self.status)?,
            error_code: find(self.error_code)?,
            error_title: find(self.error_title)?,
            error_details: find(self.error_details)?,
            reply_to_id: find(self.reply_to_id)?,
            reply_to_wamid: find(self.reply_to_wamid)?,
            reactions: find(self.reactions)?,
            edited_at: find(self.edited_at)?,
            deleted_at: find(self.deleted_at)?,
            deleted_scope: find(self.deleted_scope)?,
            quoted: self.quoted.map(&mut find).transpose()?,
            sent_at: find(self.sent_at)?,
            created_at: find(self.created_at)?,
        })
    }
}

/// The message in the columns `at` names: its enums, wamids and JSON columns checked; Meta's
/// error present only when both its code and title are.
///
/// # Errors
/// The adapter's error for a column it cannot read, or an [`InvalidValue`](super::InvalidValue)
/// for a stored value the domain rejects.
pub fn message<R: StoredRow>(row: &R, at: &MessageColumns<R::Column>) -> Result<Message, R::Error> {
    let json = |column| -> Result<_, R::Error> {
        let value = row.json(column)?;
        Ok((R::name(column), value))
    };
    let (column, value) = json(at.media)?;
    let media = media(column, value)?;
    let error = match (
        row.bigint_opt(at.error_code)?,
        row.text_opt(at.error_title)?,
    ) {
        (Some(code), Some(title)) => Some(MetaError {
            code,
            title: title.to_owned(),
            details: row.text_opt(at.error_details)?.map(str::to_owned),
        }),
        _ => None,
    };
    let quoted = match at.quoted {
        Some(column) => {
            let (column, value) = json(column)?;
            quoted(column, value.as_deref())?
        }
        None => None,
    };
    let (column, value) = json(at.reactions)?;
    let reactions = reactions(column, value.as_deref())?;
    Ok(Message {
        id: MessageId::from_uuid(row.uuid(at.id)?),
        account_id: AccountId::from_uuid(row.uuid(at.account_id)?),
        conversation_id: ConversationId::from_uuid(row.uuid(at.conversation_id)?),
        direction: parsed(row, at.direction, str::parse)?,
        kind: parsed(row, at.kind, str::parse)?,
        body: row.text_opt(at.body)?.map(str::to_owned),
        media,
        payload: row
            .json(at.payload)?
            .map_or(Value::Null, std::borrow::Cow::into_owned),
        wamid: parsed_opt(row, at.wamid, Wamid::parse)?,
        status: parsed(row, at.status, str::parse)?,
        error,
        reply_to: row.uuid_opt(at.reply_to_id)?.map(MessageId::from_uuid),
        reply_to_wamid: parsed_opt(row, at.reply_to_wamid, Wamid::parse)?,
        quoted,
        reactions,
        edited_at: row.time_opt(at.edited_at)?,
        deleted_at: row.time_opt(at.deleted_at)?,
        deleted_scope: parsed_opt(row, at.deleted_scope, str::parse)?,
        sent_at: row.time(at.sent_at)?,
        created_at: row.time(at.created_at)?,
    })
}
