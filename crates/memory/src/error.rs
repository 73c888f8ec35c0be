//! Failures of the in-memory store itself, reported as `RepoError::Internal`.

use inbox_domain::RepoError;
use thiserror::Error;

/// Something went wrong inside the store; never the caller's fault.
#[derive(Debug, Error)]
pub(crate) enum StoreError {
    /// A panic happened while the state was being changed, so it may be half-changed.
    #[error("the in-memory store was poisoned by a panic during a change")]
    Poisoned,
    /// A row points at another row that is not there (a broken foreign key).
    #[error("the in-memory store lost a {0} that another row refers to")]
    Dangling(&'static str),
}

impl From<StoreError> for RepoError {
    fn from(error: StoreError) -> Self {
        Self::Internal(Box::new(error))
    }
}
