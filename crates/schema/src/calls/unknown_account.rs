//! An unknown account as the template functions report it.

use inbox_domain::RepoError;

/// A call naming an unknown account fails on the account's foreign key (a missing reference);
/// the `TemplateRepo` port calls that a missing account. Other errors are unchanged.
pub fn account_not_found(error: RepoError) -> RepoError {
    match error {
        RepoError::MissingReference { .. } => RepoError::not_found("account"),
        other => other,
    }
}
