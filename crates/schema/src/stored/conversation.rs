//! Which columns make a `Conversation` (a `conversations` row) and a `ConversationSummary` (an
//! `inbox_conversation_summaries` row: the conversation, its contact card, its newest message).

use inbox_domain::{
    AccountId, ContactId, Conversation, ConversationId, ConversationSummary, MessageId,
};

use super::contact::{CardColumns, SUMMARY_CARD, contact_card};
use super::message::{LAST_MESSAGE, MessageColumns, message};
use super::{StoredRow, parsed};

/// Where a conversation's columns are in a row: their names, or their positions once found.
#[derive(Debug, Clone, Copy)]
pub struct ConversationColumns<C = &'static str> {
    /// `id`.
    pub id: C,
    /// `account_id`.
    pub account_id: C,
    /// `contact_id`.
    pub contact_id: C,
    /// `status`.
    pub status: C,
    /// `unread_count`.
    pub unread_count: C,
    /// `favorite`.
    pub favorite: C,
    /// `bot_mode`.
    pub bot_mode: C,
    /// `last_message_at`.
    pub last_message_at: C,
    /// `last_message_id`.
    pub last_message_id: C,
    /// `last_inbound_at`.
    pub last_inbound_at: C,
    /// `created_at`.
    pub created_at: C,
}

/// A `conversations` row, or the conversation part of a summary row (the same names).
pub const CONVERSATION: ConversationColumns = ConversationColumns {
    id: "id",
    account_id: "account_id",
    contact_id: "contact_id",
    status: "status",
    unread_count: "unread_count",
    favorite: "favorite",
    bot_mode: "bot_mode",
    last_message_at: "last_message_at",
    last_message_id: "last_message_id",
    last_inbound_at: "last_inbound_at",
    created_at: "created_at",
};

impl<C: Copy> ConversationColumns<C> {
    /// The same columns addressed another way (see `MessageColumns::locate`).
    ///
    /// # Errors
    /// The first error of `find`.
    pub fn locate<D, E>(
        &self,
        mut find: impl FnMut(C) -> Result<D, E>,
    ) -> Result<ConversationColumns<D>, E> {
        Ok(ConversationColumns {
            id: find(self.id)?,
            account_id: find(self.account_id)?,
            contact_id: find(self.contact_id)?,
            status: find(self.status)?,
            unread_count: find(self.unread_count)?,
            favorite: find(self.favorite)?,
            bot_mode: find(self.bot_mode)?,
            last_message_at: find(self.last_message_at)?,
            last_message_id: find(self.last_message_id)?,
            last_inbound_at: find(self.last_inbound_at)?,
            created_at: find(self.created_at)?,
        })
    }
}

/// The conversation in the columns `at` names, its status checked.
///
/// # Errors
/// The adapter's error for a column it cannot read, or an [`InvalidValue`](super::InvalidValue)
/// for a stored status the domain rejects.
pub fn conversation<R: StoredRow>(
    row: &R,
    at: &ConversationColumns<R::Column>,
) -> Result<Conversation, R::Error> {
    Ok(Conversation {
        id: ConversationId::from_uuid(row.uuid(at.id)?),
        account_id: AccountId::from_uuid(row.uuid(at.account_id)?),
        contact_id: ContactId::from_uuid(row.uuid(at.contact_id)?),
        status: parsed(row, at.status, str::parse)?,
        unread_count: row.int(at.unread_count)?,
        favorite: row.flag(at.favorite)?,
        bot_mode: row.flag(at.bot_mode)?,
        last_message_at: row.time(at.last_message_at)?,
        last_message_id: row.uuid_opt(at.last_message_id)?.map(MessageId::from_uuid),
        last_inbound_at: row.time_opt(at.last_inbound_at)?,
        created_at: row.time(at.created_at)?,
    })
}

/// Where a summary's columns are in an `inbox_conversation_summaries` row.
#[derive(Debug, Clone, Copy)]
pub struct SummaryColumns<C = &'static str> {
    /// The conversation's.
    pub conversation: ConversationColumns<C>,
    /// Its contact card's.
    pub contact: CardColumns<C>,
    /// Its newest message's; `direction` is set exactly when there is one.
    pub last_message: MessageColumns<C>,
}

/// An `inbox_conversation_summaries` row.
pub const SUMMARY: SummaryColumns = SummaryColumns {
    conversation: CONVERSATION,
    contact: SUMMARY_CARD,
    last_message: LAST_MESSAGE,
};

impl<C: Copy> SummaryColumns<C> {
    /// The same columns addressed another way (see `MessageColumns::locate`).
    ///
    /// # Errors
    /// The first error of `find`.
    pub fn locate<D, E>(
        &self,
        mut find: impl FnMut(C) -> Result<D, E>,
    ) -> Result<SummaryColumns<D>, E> {
        Ok(SummaryColumns {
            conversation: self.conversation.locate(&mut find)?,
            contact: self.contact.locate(&mut find)?,
            last_message: self.last_message.locate(&mut find)?,
        })
    }
}

/// The summary in the columns `at` names; no newest message while the conversation is empty.
///
/// # Errors
/// As [`conversation`], [`contact`] and [`message`].
pub fn summary<R: StoredRow>(
    row: &R,
    at: &SummaryColumns<R::Column>,
) -> Result<ConversationSummary, R::Error> {
    let has_last = row.text_opt(at.last_message.direction)?.is_some();
    let last_message = if has_last {
        Some(message(row, &at.last_message)?)
    } else {
        None
    };
    Ok(ConversationSummary {
        conversation: conversation(row, &at.conversation)?,
        contact: contact_card(row, &at.contact)?,
        last_message,
    })
}
