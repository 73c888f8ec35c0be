//! The identity provider's admin side (Supabase Auth): invite, look up, list and delete people.

use async_trait::async_trait;
use std::time::Duration;
use thiserror::Error;

use crate::error::ValidationError;
use crate::identity::IdentityId;
use crate::identity_admin::{IdentityPage, IdentityPageRequest, IdentityRecord, Invitation};

/// What the identity provider can answer besides success.
#[derive(Debug, Error)]
pub enum IdentityError {
    /// No identity has this id (it never existed or was deleted).
    #[error("identity not found")]
    NotFound,
    /// The email belongs to an identity that already accepted or signed up: invite no more,
    /// link that identity instead.
    #[error("an identity with this email already exists")]
    AlreadyExists,
    /// The provider refused the input by its own rules (an email it considers invalid or not
    /// allowed to receive mail). The caller's fault: report the field.
    #[error("identity provider rejected the request: {0}")]
    Rejected(ValidationError),
    /// The provider refused our credentials (a wrong, revoked or non-admin service key): the
    /// operator must fix the configuration; retrying does not help.
    #[error("identity provider refused our credentials")]
    Unauthorized,
    /// The provider throttles us (too many requests or invitation emails). Retry after
    /// `retry_after` when it said, else later with backoff.
    #[error("identity provider rate limit reached")]
    RateLimited {
        /// How long the provider asked us to wait, when it said.
        retry_after: Option<Duration>,
    },
    /// The provider could not be reached, timed out or failed on its side (5xx): retry with
    /// backoff; the request may or may not have taken effect.
    #[error("identity provider unavailable")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// An answer we could not understand (unexpected status or body): a bug or a provider
    /// version we do not support. Log it loudly.
    #[error("identity provider answered unexpectedly")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl IdentityError {
    /// Whether trying again later may succeed (`RateLimited`, `Unavailable`).
    pub const fn is_retryable(&self) -> bool {
        matches!(self, Self::RateLimited { .. } | Self::Unavailable(_))
    }
}

/// Administration of the people who may sign in. The provider proves who someone is; what they
/// may do is ours (`AccessRepo`). Implementations never log emails, tokens or keys.
///
/// # Errors (every method)
/// Besides the errors each method lists:
/// - `Unauthorized` when the provider refuses our service credentials;
/// - `RateLimited` when it throttles us;
/// - `Unavailable` when it cannot be reached, times out or fails with a 5xx;
/// - `Internal` when its answer cannot be understood.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait IdentityProvider: Send + Sync {
    /// The provider's name as `/health` reports it, e.g. "supabase-auth".
    fn backend(&self) -> &'static str;

    /// One cheap round trip to the provider (its health endpoint).
    ///
    /// # Errors
    /// - `Unavailable` when it cannot be reached or reports itself unhealthy.
    async fn ping(&self) -> Result<(), IdentityError>;

    /// Invites `invitation`'s email: creates an unconfirmed identity with the invitation's
    /// metadata and sends the invitation mail; returns the identity with `invited_at` set and
    /// `confirmed_at` unset. Inviting an email whose invitation is still pending sends it again
    /// and returns the same identity (same id; its metadata is not replaced).
    ///
    /// # Errors
    /// - `AlreadyExists` when an identity with this email has confirmed (accepted or signed up);
    /// - `Rejected` (field `email`) when the provider refuses the address.
    async fn invite(&self, invitation: &Invitation) -> Result<IdentityRecord, IdentityError>;

    /// The identity with this id.
    ///
    /// # Errors
    /// - `NotFound` when there is none.
    async fn get(&self, id: IdentityId) -> Result<IdentityRecord, IdentityError>;

    /// The identity whose email is exactly `email`, compared case-insensitively, or `None`.
    ///
    /// # Errors
    /// - `Rejected` (field `email`) when `email` is not an address like `name@example.com`.
    async fn find_by_email(&self, email: &str) -> Result<Option<IdentityRecord>, IdentityError>;

    /// One page of every identity, newest first, with the total count. Pages are numbered
    /// (not keyset): an identity created while paging shifts later pages by one.
    async fn list(&self, page: IdentityPageRequest) -> Result<IdentityPage, IdentityError>;

    /// Deletes the identity for good: its sessions end and it can no longer sign in (tokens
    /// already issued stay valid until they expire).
    ///
    /// # Errors
    /// - `NotFound` when there is no such identity (already deleted counts): callers that only
    ///   want it gone may treat this as success.
    async fn delete(&self, id: IdentityId) -> Result<(), IdentityError>;
}
