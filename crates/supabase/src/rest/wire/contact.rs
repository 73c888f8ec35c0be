//! `contacts` rows, decoded by `inbox_schema::stored` as the PostgreSQL adapter decodes them.

use inbox_domain::Contact;
use inbox_schema::stored::CONTACT;

use super::{JsonRow, WireError};

/// The columns `contact` reads.
pub(crate) const CONTACT_COLUMNS: &str = inbox_schema::contact_columns!();

/// A `contacts` row.
pub(crate) fn contact(row: &JsonRow) -> Result<Contact, WireError> {
    inbox_schema::stored::contact(row, &CONTACT)
}
