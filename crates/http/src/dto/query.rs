//! Query and path parameters: read as text, then parsed so every error names its parameter.

use inbox_domain::{AccountId, Cursor, PageLimit, ValidationError};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

/// Parses a UUID path segment; the error names the path parameter.
pub fn parse_path_id(field: &'static str, text: &str) -> Result<Uuid, ValidationError> {
    Uuid::parse_str(text).map_err(|_| ValidationError::new(field, "must be a UUID"))
}

fn parse_limit(text: Option<&str>) -> Result<PageLimit, ValidationError> {
    let requested = text
        .map(|t| {
            t.trim()
                .parse::<i64>()
                .map_err(|_| ValidationError::new("limit", "must be an integer between 1 and 100"))
        })
        .transpose()?;
    PageLimit::parse(requested)
}

fn parse_cursor(
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
}

impl ConversationListQuery {
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
