//! The JWKS key cache: TTL'd key set, rate-limited single-flight refetch, last good set as fallback.

use inbox_domain::ports::TokenRejected;
use moka::future::Cache;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

use crate::jwks::{self, Keys, VerifyKey};

/// One fetched key set; `generation` grows with every successful fetch.
struct KeySet {
    keys: Keys,
    generation: u64,
}

/// Bookkeeping of fetches, guarded by the mutex that makes refetches single-flight.
#[derive(Default)]
struct FetchState {
    last_attempt: Option<Instant>,
    last_failed: bool,
    last_good: Option<Arc<KeySet>>,
    generations: u64,
}

/// What a refresh produced, and so how much an absent `kid` means.
enum Refreshed {
    /// A set fetched now, or by a concurrent caller while we waited: absent means unknown.
    Fresh(Arc<KeySet>),
    /// A recent fetch succeeded and the interval forbids another: absent means unknown.
    Throttled(Arc<KeySet>),
    /// The fetch failed (now or recently): the last good set, if any; absent means unavailable.
    Failed(Option<Arc<KeySet>>),
}

/// Keys of one JWKS URL.
pub(crate) struct KeyCache {
    url: String,
    client: reqwest::Client,
    fresh: Cache<(), Arc<KeySet>>,
    state: Mutex<FetchState>,
    min_refetch_interval: Duration,
}

impl KeyCache {
    /// A cache of `url`'s keys, trusted for `ttl`, refetched at most once per `min_refetch_interval`.
    pub(crate) fn new(
        url: String,
        client: reqwest::Client,
        ttl: Duration,
        min_refetch_interval: Duration,
    ) -> Self {
        Self {
            url,
            client,
            fresh: Cache::builder().max_capacity(1).time_to_live(ttl).build(),
            state: Mutex::new(FetchState::default()),
            min_refetch_interval,
        }
    }

    /// The key named `kid`.
    ///
    /// # Errors
    /// `UnknownKey` when a current key set lacks it; `KeysUnavailable` when no key set can be
    /// fetched and the last good one (if any) lacks it.
    pub(crate) async fn key(&self, kid: &str) -> Result<Arc<VerifyKey>, TokenRejected> {
        let seen = match self.fresh.get(&()).await {
            Some(set) => match set.keys.get(kid) {
                Some(key) => return Ok(Arc::clone(key)),
                None => Some(set.generation),
            },
            None => None,
        };
        match self.refresh(seen).await {
            Refreshed::Fresh(set) | Refreshed::Throttled(set) => {
                set.keys.get(kid).cloned().ok_or(TokenRejected::UnknownKey)
            }
            Refreshed::Failed(stale) => stale
                .and_then(|set| set.keys.get(kid).cloned())
                .ok_or(TokenRejected::KeysUnavailable),
        }
    }

    /// Fetches a new key set unless a concurrent caller just did, or the interval forbids it.
    /// `seen` is the generation the caller found wanting (`None`: it found no current set).
    async fn refresh(&self, seen: Option<u64>) -> Refreshed {
        let mut state = self.state.lock().await;
        if let Some(set) = self.fresh.get(&()).await
            && Some(set.generation) != seen
        {
            return Refreshed::Fresh(set);
        }
        if let Some(at) = state.last_attempt
            && at.elapsed() < self.min_refetch_interval
        {
            return match (&state.last_good, state.last_failed) {
                (Some(good), false) => Refreshed::Throttled(Arc::clone(good)),
                (good, _) => Refreshed::Failed(good.clone()),
            };
        }
        state.last_attempt = Some(Instant::now());
        let started = Instant::now();
        match jwks::fetch(&self.client, &self.url).await {
            Ok(keys) => {
                state.generations += 1;
                let set = Arc::new(KeySet {
                    keys,
                    generation: state.generations,
                });
                self.fresh.insert((), Arc::clone(&set)).await;
                state.last_good = Some(Arc::clone(&set));
                state.last_failed = false;
                tracing::debug!(
                    jwks.keys = set.keys.len(),
                    duration_ms = started.elapsed().as_millis(),
                    "JWKS fetched"
                );
                Refreshed::Fresh(set)
            }
            Err(err) => {
                state.last_failed = true;
                tracing::warn!(
                    error.cause_chain = ?err,
                    jwks.stale_keys_kept = state.last_good.is_some(),
                    duration_ms = started.elapsed().as_millis(),
                    "JWKS fetch failed; tokens signed with keys not already known are refused"
                );
                Refreshed::Failed(state.last_good.clone())
            }
        }
    }
}
