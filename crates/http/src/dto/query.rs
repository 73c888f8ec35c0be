//! Query and path parameters: read as text, then parsed so every error names its parameter.

use inbox_domain::{
    AccountId, ContactSearch, ConversationFilter, Cursor, PageLimit, StatusFilter, ValidationError,
};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

/// Parses a UUID path segment; the error names the path parameter.
pub fn parse_path_id(field: &'static str, text: &str) -> Result<Uuid, ValidationError> {
    Uuid::parse_str(text).map_err(|_| ValidationError::new(field, "must be a UUID"))
}

/// Parses a page size, 1 to 100 (default 50).
pub(super) fn parse_limit(text: Option<&str>) -> Result<PageLimit, ValidationError> {
    let requested = text
        .map(|t| {
            t.trim()
                .parse::<i64>()
                .map_err(|_| ValidationError::new("limit", "must be an integer between 1 and 100"))
        })
        .transpose()?;
    PageLimit::parse(requested)
}

/// A `true`/`false` query flag, `false` when absent.
pub(super) fn parse_flag(field: &'static str, text: Option<&str>) -> Result<bool, ValidationError> {
    match text {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(_) => Err(ValidationError::new(field, "must be true or false")),
    }
}

/// An optional contact search term.
pub(super) fn parse_search(
    field: &'static str,
    text: Option<&str>,
) -> Result<Option<ContactSearch>, ValidationError> {
    text.map(|t| ContactSearch::parse(field, t)).transpose()
}

pub(super) fn parse_cursor(
    field: &'static str,
    text: Option<&str>,
) -> Result<Option<Cursor>, ValidationError> {
    text.map(|t| Cursor::decode(field, t)).transpose()
}

/// Query of `GET /conversations`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConversationListQuery {
    /// The account whose conversations to list.
    #[param(value_type = Uuid, required = true)]
    pub account_id: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 50).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
    /// `true`: only conversations with unread messages (default `false`).
    #[param(value_type = Option<bool>)]
    pub unread: Option<String>,
    /// `true`: only conversations marked as favorite (default `false`).
    #[param(value_type = Option<bool>)]
    pub favorite: Option<String>,
    /// `active` (open and closed: the default), `open`, `closed`, `archived` or `all`.
    #[param(value_type = Option<String>, example = "active")]
    pub status: Option<String>,
    /// Only conversations whose contact's display name, profile name or number contains this,
    /// ignoring case (1 to 100 characters; a number may carry `+`, spaces, dashes, brackets).
    pub q: Option<String>,
}

impl ConversationListQuery {
    /// Which conversations to show; every error names its parameter. A `cursor` belongs to the
    /// filter it was read with.
    pub fn filter(&self) -> Result<ConversationFilter, ValidationError> {
        Ok(ConversationFilter {
            unread_only: parse_flag("unread", self.unread.as_deref())?,
            favorites_only: parse_flag("favorite", self.favorite.as_deref())?,
            status: self
                .status
                .as_deref()
                .map_or(Ok(StatusFilter::default()), str::parse)?,
            search: parse_search("q", self.q.as_deref())?,
        })
    }

    /// The account, the position after which to continue, and the page size.
    pub fn try_into_domain(
        &self,
    ) -> Result<(AccountId, Option<Cursor>, PageLimit), ValidationError> {
        let account = self
            .account_id
            .as_deref()
            .ok_or_else(|| ValidationError::new("account_id", "is required"))?
            .parse::<AccountId>()?;
        let cursor = parse_cursor("cursor", self.cursor.as_deref())?;
        Ok((account, cursor, parse_limit(self.limit.as_deref())?))
    }
}

/// Query of `GET /conversations/{id}/messages`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MessagePageQuery {
    /// `next_before` of the previous page: continue with older messages.
    pub before: Option<String>,
    /// Page size, 1 to 100 (default 50).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
}

impl MessagePageQuery {
    /// The position before which to continue, and the page size.
    pub fn try_into_domain(&self) -> Result<(Option<Cursor>, PageLimit), ValidationError> {
        let before = parse_cursor("before", self.before.as_deref())?;
        Ok((before, parse_limit(self.limit.as_deref())?))
    }
}
