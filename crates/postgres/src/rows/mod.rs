//! Row → domain mapping, one function per entity; a stored value that does not parse is a
//! broken schema or a bug, so it maps to `RepoError::Internal` without quoting the value.

mod col;
mod message;
mod position;
mod quoted;

use std::cell::OnceCell;

pub(crate) use message::{LAST_MESSAGE, MESSAGE, message};

use col::Col;
use message::{MessageAt, MessageColumns, message_at};

use inbox_domain::{
    Account, AccountId, Contact, ContactId, Conversation, ConversationId, ConversationSummary,
    DisplayPhoneNumber, Message, MessageId, PhoneNumberId, RepoError, ValidationError, WaId,
    WabaId,
};
use secrecy::SecretString;
use thiserror::Error;
use tokio_postgres::Row;
use tokio_postgres::types::FromSql;
use uuid::Uuid;

/// A row that does not match what the code expects.
#[derive(Debug, Error)]
pub enum RowError {
    /// The column is missing or has another type.
    #[error("reading column {column}")]
    Column {
        /// Column name.
        column: &'static str,
        /// The driver's complaint.
        #[source]
        source: tokio_postgres::Error,
    },
    /// The stored value breaks a rule of the domain.
    #[error("stored {column} is not valid: {reason}")]
    Value {
        /// Column name.
        column: &'static str,
        /// The rule (never the value).
        reason: String,
    },
}

impl From<RowError> for RepoError {
    fn from(error: RowError) -> Self {
        Self::Internal(Box::new(error))
    }
}

/// Reads one column, found by name once per statement (`position`).
pub(crate) fn get<'a, T: FromSql<'a>>(row: &'a Row, column: &'static str) -> Result<T, RowError> {
    match position::position(row, column) {
        Some(index) => row.try_get(index),
        // No such column: the driver's own lookup says so.
        None => row.try_get(column),
    }
    .map_err(|source| RowError::Column { column, source })
}

/// Reads a text column through a domain parser.
fn parse<T>(
    row: &Row,
    column: &'static str,
    parser: impl FnOnce(&str) -> Result<T, ValidationError>,
) -> Result<T, RowError> {
    let text: &str = get(row, column)?;
    parser(text).map_err(|e| invalid(column, e.reason))
}

fn invalid(column: &'static str, reason: impl Into<String>) -> RowError {
    RowError::Value {
        column,
        reason: reason.into(),
    }
}

/// An `accounts` row (every column of `accounts::COLUMNS`).
pub(crate) fn account(row: &Row) -> Result<Account, RowError> {
    let secret = |column| get::<String>(row, column).map(SecretString::from);
    Ok(Account {
        id: AccountId::from_uuid(get(row, "id")?),
        name: get(row, "name")?,
        phone_number_id: parse(row, "phone_number_id", PhoneNumberId::parse)?,
        waba_id: parse(row, "waba_id", WabaId::parse)?,
        display_phone_number: parse(row, "display_phone_number", DisplayPhoneNumber::parse)?,
        access_token: secret("access_token")?,
        app_secret: secret("app_secret")?,
        verify_token: secret("verify_token")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

/// Where a contact's columns are in a row.
pub(crate) struct ContactColumns {
    id: &'static str,
    account_id: &'static str,
    wa_id: &'static str,
    bsuid: &'static str,
    profile_name: &'static str,
    display_name: &'static str,
    notes: &'static str,
    tags: &'static str,
    created_at: &'static str,
    updated_at: &'static str,
}

/// A `contacts` row.
pub(crate) const CONTACT: ContactColumns = ContactColumns {
    id: "id",
    account_id: "account_id",
    wa_id: "wa_id",
    bsuid: "bsuid",
    profile_name: "profile_name",
    display_name: "display_name",
    notes: "notes",
    tags: "tags",
    created_at: "created_at",
    updated_at: "updated_at",
};

/// The contact inside an `inbox_conversation_summaries` row.
const SUMMARY_CONTACT: ContactColumns = ContactColumns {
    id: "contact_id",
    account_id: "account_id",
    wa_id: "contact_wa_id",
    bsuid: "contact_bsuid",
    profile_name: "contact_profile_name",
    display_name: "contact_display_name",
    notes: "contact_notes",
    tags: "contact_tags",
    created_at: "contact_created_at",
    updated_at: "contact_updated_at",
};

/// The columns of [`ContactColumns`], found in the rows of one result.
struct ContactAt {
    id: Col,
    account_id: Col,
    wa_id: Col,
    bsuid: Col,
    profile_name: Col,
    display_name: Col,
    notes: Col,
    tags: Col,
    created_at: Col,
    updated_at: Col,
}

impl ContactColumns {
    /// Finds these columns in `row`; the positions hold for every row of its result.
    fn find(&self, row: &Row) -> Result<ContactAt, RowError> {
        let col = |name| Col::find(row, name);
        Ok(ContactAt {
            id: col(self.id)?,
            account_id: col(self.account_id)?,
            wa_id: col(self.wa_id)?,
            bsuid: col(self.bsuid)?,
            profile_name: col(self.profile_name)?,
            display_name: col(self.display_name)?,
            notes: col(self.notes)?,
            tags: col(self.tags)?,
            created_at: col(self.created_at)?,
            updated_at: col(self.updated_at)?,
        })
    }
}

/// A contact, from a `contacts` row or the contact part of a summary row.
pub(crate) fn contact(row: &Row, at: &ContactColumns) -> Result<Contact, RowError> {
    contact_at(row, &at.find(row)?)
}

/// A contact from columns already found in this row's result.
fn contact_at(row: &Row, at: &ContactAt) -> Result<Contact, RowError> {
    Ok(Contact {
        id: ContactId::from_uuid(at.id.get(row)?),
        account_id: AccountId::from_uuid(at.account_id.get(row)?),
        wa_id: at.wa_id.parse_opt(row, WaId::parse)?,
        bsuid: at.bsuid.get(row)?,
        profile_name: at.profile_name.get(row)?,
        display_name: at.display_name.get(row)?,
        notes: at.notes.get(row)?,
        tags: at.tags.get(row)?,
        created_at: at.created_at.get(row)?,
        updated_at: at.updated_at.get(row)?,
    })
}

/// The columns `conversation` reads, found in the rows of one result.
struct ConversationAt {
    id: Col,
    account_id: Col,
    contact_id: Col,
    status: Col,
    unread_count: Col,
    favorite: Col,
    bot_mode: Col,
    last_message_at: Col,
    last_message_id: Col,
    last_inbound_at: Col,
    created_at: Col,
}

impl ConversationAt {
    /// Finds the conversation's columns in `row`; the positions hold for every row of its result.
    fn find(row: &Row) -> Result<Self, RowError> {
        let col = |name| Col::find(row, name);
        Ok(Self {
            id: col("id")?,
            account_id: col("account_id")?,
            contact_id: col("contact_id")?,
            status: col("status")?,
            unread_count: col("unread_count")?,
            favorite: col("favorite")?,
            bot_mode: col("bot_mode")?,
            last_message_at: col("last_message_at")?,
            last_message_id: col("last_message_id")?,
            last_inbound_at: col("last_inbound_at")?,
            created_at: col("created_at")?,
        })
    }
}

/// A conversation, from a `conversations` row or the conversation part of a summary row.
pub(crate) fn conversation(row: &Row) -> Result<Conversation, RowError> {
    conversation_at(row, &ConversationAt::find(row)?)
}

/// A conversation from columns already found in this row's result.
fn conversation_at(row: &Row, at: &ConversationAt) -> Result<Conversation, RowError> {
    Ok(Conversation {
        id: ConversationId::from_uuid(at.id.get(row)?),
        account_id: AccountId::from_uuid(at.account_id.get(row)?),
        contact_id: ContactId::from_uuid(at.contact_id.get(row)?),
        status: at.status.parse(row, str::parse)?,
        unread_count: at.unread_count.get(row)?,
        favorite: at.favorite.get(row)?,
        bot_mode: at.bot_mode.get(row)?,
        last_message_at: at.last_message_at.get(row)?,
        last_message_id: at
            .last_message_id
            .get::<Option<Uuid>>(row)?
            .map(MessageId::from_uuid),
        last_inbound_at: at.last_inbound_at.get(row)?,
        created_at: at.created_at.get(row)?,
    })
}

/// The columns of an `inbox_conversation_summaries` row, found in the rows of one result.
struct SummaryAt {
    conversation: ConversationAt,
    contact: ContactAt,
    /// Set exactly when the conversation has a newest message.
    has_last: Col,
    last_message: MessageAt,
}

impl SummaryAt {
    /// Finds every column of a summary in `row`.
    fn find(row: &Row) -> Result<Self, RowError> {
        Ok(Self {
            conversation: ConversationAt::find(row)?,
            contact: SUMMARY_CONTACT.find(row)?,
            has_last: Col::find(row, "lm_direction")?,
            last_message: LAST_MESSAGE.find(row)?,
        })
    }
}

/// An `inbox_conversation_summaries` row: the conversation, its contact, its newest message
/// (the `lm_*` columns, absent when the conversation is empty).
pub(crate) fn summary(row: &Row) -> Result<ConversationSummary, RowError> {
    summary_at(row, &SummaryAt::find(row)?)
}

/// The summary reader for the rows of one result: it finds the columns on the first row and
/// reuses their positions for the others.
pub(crate) fn summaries() -> impl Fn(&Row) -> Result<ConversationSummary, RowError> {
    let at = OnceCell::new();
    move |row| summary_at(row, found(&at, row, SummaryAt::find)?)
}

/// The message reader for the rows of one result with the columns `columns` names (see
/// [`summaries`]).
pub(crate) fn messages(
    columns: &'static MessageColumns,
) -> impl Fn(&Row) -> Result<Message, RowError> {
    let at = OnceCell::new();
    move |row| message_at(row, found(&at, row, |row| columns.find(row))?)
}

/// The positions in `cell`, found in `row` the first time.
fn found<'c, T>(
    cell: &'c OnceCell<T>,
    row: &Row,
    find: impl FnOnce(&Row) -> Result<T, RowError>,
) -> Result<&'c T, RowError> {
    if let Some(at) = cell.get() {
        return Ok(at);
    }
    let at = find(row)?;
    Ok(cell.get_or_init(|| at))
}

fn summary_at(row: &Row, at: &SummaryAt) -> Result<ConversationSummary, RowError> {
    let conversation = conversation_at(row, &at.conversation)?;
    let has_last = at.has_last.get::<Option<&str>>(row)?.is_some();
    let last_message = if has_last {
        Some(message_at(row, &at.last_message)?)
    } else {
        None
    };
    Ok(ConversationSummary {
        contact: contact_at(row, &at.contact)?,
        conversation,
        last_message,
    })
}
