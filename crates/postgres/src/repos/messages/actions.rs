//! The agent's actions on a message, each one call of a `migrations/V10__message_actions.sql`
//! function that locks the row, acts, and returns the message as it left it.

use inbox_domain::ports::MessageChange;
use inbox_domain::{ActionRefused, RepoError};
use tokio_postgres::Row;

use crate::db::{Param, Pg};
use crate::rows::{self, MESSAGE, get};

/// Replaces a text message's body (`$1` id, `$2` text, `$3` time).
pub(super) const EDIT: &str =
    "SELECT changed, refused, (message).* FROM inbox_edit_message_text($1, $2, $3)";
/// Deletes a message (`$1` id, `$2` scope, `$3` time).
pub(super) const DELETE: &str =
    "SELECT changed, refused, (message).* FROM inbox_delete_message($1, $2, $3)";
/// Sets the business's reaction (`$1` id, `$2` emoji, `$3` time).
pub(super) const SET_REACTION: &str =
    "SELECT changed, refused, (message).* FROM inbox_set_business_reaction($1, $2, $3)";
/// Removes the business's reaction (`$1` id).
pub(super) const REMOVE_REACTION: &str =
    "SELECT changed, refused, (message).* FROM inbox_remove_business_reaction($1)";

/// Runs one action statement: no row is an unknown message, a refusal code is `Invalid`.
pub(super) async fn act(
    pg: &Pg,
    statement: &'static str,
    params: &[Param<'_>],
) -> Result<MessageChange, RepoError> {
    let db = pg.db().await?;
    let row = db
        .query_opt(statement, params)
        .await?
        .ok_or(RepoError::not_found("message"))?;
    outcome(&row)
}

/// The change a returned row reports, or the refusal it names.
fn outcome(row: &Row) -> Result<MessageChange, RepoError> {
    if let Some(code) = get::<Option<&str>>(row, "refused")? {
        let refused: ActionRefused = code.parse().map_err(|e| RepoError::Internal(Box::new(e)))?;
        return Err(refused.into());
    }
    Ok(MessageChange {
        changed: get(row, "changed")?,
        message: rows::message(row, &MESSAGE)?,
    })
}
