//! Errors of the domain: invalid values at the edge, and what a repository may answer.

use thiserror::Error;

/// A value that failed to parse; names the offending field so callers can report it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{field}: {reason}")]
pub struct ValidationError {
    /// The field (wire name) that was rejected.
    pub field: &'static str,
    /// Why it was rejected, in words a client developer understands.
    pub reason: String,
}

impl ValidationError {
    /// A rejection of `field` for `reason`.
    pub fn new(field: &'static str, reason: impl Into<String>) -> Self {
        Self {
            field,
            reason: reason.into(),
        }
    }
}

/// What a repository port can answer besides success; identical on every backend.
#[derive(Debug, Error)]
pub enum RepoError {
    /// The addressed entity does not exist (or is not visible).
    #[error("{entity} not found")]
    NotFound {
        /// The kind of entity, e.g. "account".
        entity: &'static str,
    },
    /// A uniqueness rule was violated, e.g. a second account with the same phone_number_id.
    #[error("{entity} already exists ({constraint})")]
    Conflict {
        /// The kind of entity.
        entity: &'static str,
        /// Which unique rule was hit, for the client's benefit.
        constraint: String,
    },
    /// A referenced entity is missing (foreign key), e.g. a conversation of an unknown account.
    #[error("referenced {entity} does not exist")]
    MissingReference {
        /// The kind of entity that was referenced.
        entity: &'static str,
    },
    /// A stored value violated a rule of the domain (a CHECK constraint).
    #[error("invalid {entity}: {reason}")]
    Invalid {
        /// The kind of entity.
        entity: &'static str,
        /// The rule that was broken.
        reason: String,
    },
    /// The storage could not be reached or timed out; the operation may be retried.
    #[error("storage unavailable")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// Anything else the storage reported: a bug or a broken schema.
    #[error("storage failure")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl RepoError {
    /// A not-found answer for `entity`.
    pub const fn not_found(entity: &'static str) -> Self {
        Self::NotFound { entity }
    }
}
