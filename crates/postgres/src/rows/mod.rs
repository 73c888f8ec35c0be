//! Row → domain mapping, one function per entity; a stored value that does not parse is a
//! broken schema or a bug, so it maps to `RepoError::Internal` without quoting the value.

mod message;
mod position;
mod quoted;

pub(crate) use message::{LAST_MESSAGE, MESSAGE, message};

use inbox_domain::{
    Account, AccountId, Contact, ContactId, Conversation, ConversationId, ConversationSummary,
    DisplayPhoneNumber, MessageId, PhoneNumberId, RepoError, ValidationError, WaId, WabaId,
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

/// Reads a nullable text column through a domain parser.
fn parse_opt<T>(
    row: &Row,
    column: &'static str,
    parser: impl FnOnce(&str) -> Result<T, ValidationError>,
) -> Result<Option<T>, RowError> {
    let text: Option<&str> = get(row, column)?;
    text.map(parser)
        .transpose()
        .map_err(|e| invalid(column, e.reason))
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

/// A contact, from a `contacts` row or the contact part of a summary row.
pub(crate) fn contact(row: &Row, at: &ContactColumns) -> Result<Contact, RowError> {
    Ok(Contact {
        id: ContactId::from_uuid(get(row, at.id)?),
        account_id: AccountId::from_uuid(get(row, at.account_id)?),
        wa_id: parse_opt(row, at.wa_id, WaId::parse)?,
        bsuid: get(row, at.bsuid)?,
        profile_name: get(row, at.profile_name)?,
        display_name: get(row, at.display_name)?,
        notes: get(row, at.notes)?,
        tags: get(row, at.tags)?,
        created_at: get(row, at.created_at)?,
        updated_at: get(row, at.updated_at)?,
    })
}

/// A conversation, from a `conversations` row or the conversation part of a summary row.
pub(crate) fn conversation(row: &Row) -> Result<Conversation, RowError> {
    Ok(Conversation {
        id: ConversationId::from_uuid(get(row, "id")?),
        account_id: AccountId::from_uuid(get(row, "account_id")?),
        contact_id: ContactId::from_uuid(get(row, "contact_id")?),
        status: parse(row, "status", str::parse)?,
        unread_count: get(row, "unread_count")?,
        favorite: get(row, "favorite")?,
        bot_mode: get(row, "bot_mode")?,
        last_message_at: get(row, "last_message_at")?,
        last_message_id: get::<Option<Uuid>>(row, "last_message_id")?.map(MessageId::from_uuid),
        last_inbound_at: get(row, "last_inbound_at")?,
        created_at: get(row, "created_at")?,
    })
}

/// An `inbox_conversation_summaries` row: the conversation, its contact, its newest message
/// (the `lm_*` columns, absent when the conversation is empty).
pub(crate) fn summary(row: &Row) -> Result<ConversationSummary, RowError> {
    let conversation = conversation(row)?;
    let has_last = get::<Option<&str>>(row, "lm_direction")?.is_some();
    let last_message = if has_last {
        Some(message(row, &LAST_MESSAGE)?)
    } else {
        None
    };
    Ok(ConversationSummary {
        contact: contact(row, &SUMMARY_CONTACT)?,
        conversation,
        last_message,
    })
}
