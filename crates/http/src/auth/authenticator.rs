//! From an `Authorization` header to a principal: verify the token, load the user's access in
//! one read (linking the identity on first sign-in), cache the result by token hash.

use std::sync::Arc;
use std::time::{Duration, Instant};

use inbox_domain::AppUserId;
use inbox_domain::access::Principal;
use inbox_domain::ports::{AccessRepo, RejectAllTokens, TokenVerifier};
use time::OffsetDateTime;

use crate::auth::cache::{PrincipalCache, token_hash};
use crate::error::{ApiError, TokenProblem};

/// The longest a resolved principal is reused: role changes made elsewhere show within it.
pub const MAX_PRINCIPAL_TTL: Duration = Duration::from_secs(120);

/// How agents' bearer tokens are checked; the server fills it from its configuration.
#[derive(Clone)]
pub struct AuthOptions {
    /// Verifies tokens (the server injects a JWT verifier; the default refuses every token).
    pub verifier: Arc<dyn TokenVerifier>,
    /// How long a resolved principal is reused, at most [`MAX_PRINCIPAL_TTL`] and never past
    /// the token's expiry.
    pub principal_ttl: Duration,
    /// How many principals are cached at most.
    pub cache_capacity: u64,
}

impl Default for AuthOptions {
    fn default() -> Self {
        Self {
            verifier: Arc::new(RejectAllTokens),
            principal_ttl: MAX_PRINCIPAL_TTL,
            cache_capacity: 100_000,
        }
    }
}

impl std::fmt::Debug for AuthOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthOptions")
            .field("principal_ttl", &self.principal_ttl)
            .field("cache_capacity", &self.cache_capacity)
            .finish_non_exhaustive()
    }
}

/// Resolves the principal of a request.
pub(crate) struct Authenticator {
    verifier: Arc<dyn TokenVerifier>,
    access: Arc<dyn AccessRepo>,
    cache: PrincipalCache,
    ttl: Duration,
}

impl Authenticator {
    /// Over `access`, with `options`.
    pub(crate) fn new(access: Arc<dyn AccessRepo>, options: AuthOptions) -> Self {
        Self {
            verifier: options.verifier,
            access,
            cache: PrincipalCache::new(options.cache_capacity),
            ttl: options.principal_ttl.min(MAX_PRINCIPAL_TTL),
        }
    }

    /// Drops every cached principal, after an access change made through this instance, so the
    /// next request of every token sees it (other instances see it within the TTL).
    pub(crate) fn forget_principals(&self) {
        self.cache.clear();
    }

    /// The principal behind `authorization` (the header's value, if any).
    ///
    /// # Errors
    /// `Unauthenticated` for a missing, malformed, expired or forged token; `AuthUnavailable`
    /// when the keys cannot be fetched; `NoAccess` for a valid identity that is not a user of
    /// this inbox; `Repo` when storage fails.
    pub(crate) async fn principal(
        &self,
        authorization: Option<&[u8]>,
    ) -> Result<Arc<Principal>, ApiError> {
        let bearer = bearer_token(authorization)?;
        let hash = token_hash(bearer);
        if let Some(principal) = self.cache.get(&hash).await {
            return Ok(principal);
        }
        let token = self.verifier.verify(bearer).await.map_err(|rejected| {
            if rejected.is_unavailable() {
                ApiError::AuthUnavailable
            } else {
                metrics::counter!(TOKENS_REJECTED, "reason" => rejected.label()).increment(1);
                ApiError::Unauthenticated(TokenProblem::Rejected(rejected))
            }
        })?;
        let record = match self.access.load(token.identity).await? {
            Some(record) => record,
            None => {
                let email = token.email.as_deref().ok_or(ApiError::NoAccess)?;
                let claimed = self
                    .access
                    .claim_identity(token.identity, email, AppUserId::generate())
                    .await?;
                let record = claimed.ok_or(ApiError::NoAccess)?;
                tracing::info!(user.id = %record.user.id, "identity linked on first sign-in");
                record
            }
        };
        let principal = Arc::new(Principal::from_record(record));
        let left = token.expires_at - OffsetDateTime::now_utc();
        let left = Duration::try_from(left).unwrap_or(Duration::ZERO);
        if !left.is_zero() {
            let until = Instant::now() + left.min(self.ttl);
            self.cache.insert(hash, principal.clone(), until).await;
        }
        Ok(principal)
    }
}

/// Counter of refused bearer tokens, by reason (`expired`, `bad_signature`, ...).
pub const TOKENS_REJECTED: &str = "auth_tokens_rejected_total";

/// The token of `Authorization: Bearer <token>` (scheme case-insensitive, RFC 6750).
fn bearer_token(header: Option<&[u8]>) -> Result<&str, ApiError> {
    let header = header.ok_or(ApiError::Unauthenticated(TokenProblem::Missing))?;
    let malformed = || ApiError::Unauthenticated(TokenProblem::MalformedHeader);
    let text = std::str::from_utf8(header).map_err(|_| malformed())?;
    let (scheme, token) = text.split_once(' ').ok_or_else(malformed)?;
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() || token.contains(' ') {
        return Err(malformed());
    }
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bearer_headers_with_one_token_are_read() {
        assert_eq!(bearer_token(Some(b"Bearer abc")).unwrap(), "abc");
        assert_eq!(bearer_token(Some(b"bearer  abc ")).unwrap(), "abc");
        for bad in [
            &b"Basic abc"[..],
            b"Bearer",
            b"Bearer ",
            b"Bearer a b",
            b"\xff",
        ] {
            assert!(bearer_token(Some(bad)).is_err(), "{bad:?}");
        }
        assert!(matches!(
            bearer_token(None),
            Err(ApiError::Unauthenticated(TokenProblem::Missing))
        ));
    }
}
