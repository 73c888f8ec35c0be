//! Resolved principals by token, so a warm request costs a hash and a map lookup.

use std::sync::Arc;
use std::time::{Duration, Instant};

use inbox_domain::access::Principal;
use moka::Expiry;
use moka::future::Cache;
use sha2::{Digest, Sha256};

/// The SHA-256 of a bearer token: the cache never holds the token itself.
pub(crate) type TokenHash = [u8; 32];

/// Hashes a bearer token for the cache.
pub(crate) fn token_hash(bearer: &str) -> TokenHash {
    Sha256::digest(bearer.as_bytes()).into()
}

/// A principal and the instant it stops being usable (the token's expiry or the TTL).
#[derive(Clone)]
pub(crate) struct Cached {
    pub(crate) principal: Arc<Principal>,
    pub(crate) until: Instant,
}

struct UntilExpiry;

impl Expiry<TokenHash, Cached> for UntilExpiry {
    fn expire_after_create(
        &self,
        _key: &TokenHash,
        value: &Cached,
        now: Instant,
    ) -> Option<Duration> {
        Some(value.until.saturating_duration_since(now))
    }
}

/// Principals keyed by token hash; each entry lives until its own `until`.
pub(crate) struct PrincipalCache {
    entries: Cache<TokenHash, Cached>,
}

impl PrincipalCache {
    /// A cache of at most `capacity` principals.
    pub(crate) fn new(capacity: u64) -> Self {
        Self {
            entries: Cache::builder()
                .max_capacity(capacity)
                .expire_after(UntilExpiry)
                .build(),
        }
    }

    /// The principal of `hash`, unless it expired.
    pub(crate) async fn get(&self, hash: &TokenHash) -> Option<Arc<Principal>> {
        let cached = self.entries.get(hash).await?;
        // moka's expiry is coarse; never hand out an entry past its own instant.
        (Instant::now() < cached.until).then_some(cached.principal)
    }

    /// Drops every entry.
    pub(crate) fn clear(&self) {
        self.entries.invalidate_all();
    }

    /// Keeps `principal` for `hash` until `until`.
    pub(crate) async fn insert(&self, hash: TokenHash, principal: Arc<Principal>, until: Instant) {
        self.entries.insert(hash, Cached { principal, until }).await;
    }
}
