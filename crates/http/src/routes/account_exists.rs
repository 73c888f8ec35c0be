//! The 404 for an unknown account behind an empty list, without a lookup on the hot path.

use inbox_domain::AccountId;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

/// Answers 404 (`account_not_found`) when `account` does not exist, looking it up only when
/// nothing else proves that it does. Call it after the caller was authorised on `account`.
///
/// Storage lists an unknown account as an empty page, so only an empty first page can hide
/// one. A role or override on exactly this account proves it exists (grants reference their
/// account and go with it), so only a caller whose access comes from a global role or grant
/// costs the extra query, and only on an empty first page.
///
/// # Errors
/// `Repo(NotFound("account"))` for an unknown account; storage errors as they come.
pub(super) async fn ensure_account_exists(
    state: &AppState,
    caller: &Caller,
    account: AccountId,
    empty_first_page: bool,
) -> Result<(), ApiError> {
    let granted_here = caller.principal().accounts().any(|(id, _)| id == account);
    if empty_first_page && !granted_here {
        state.storage.accounts.get(account).await?;
    }
    Ok(())
}
