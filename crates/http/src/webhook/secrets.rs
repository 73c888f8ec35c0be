//! An in-process snapshot of every account's app secret and verify token, so checking a webhook
//! costs no query: reloaded after a TTL, on invalidation, and (at most once per interval) on a miss.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use inbox_domain::RepoError;
use inbox_domain::ports::AccountRepo;
use secrecy::{ExposeSecret, SecretString};

/// Counter of snapshot reloads, by trigger (`expired`, `miss`).
pub const SECRETS_RELOADS: &str = "webhook_secrets_reloads_total";

/// The credentials of every account at one moment; secrets never leave through `Debug`.
pub(crate) struct Snapshot {
    app_secrets: Vec<SecretString>,
    verify_tokens: Vec<SecretString>,
    loaded_at: Instant,
    generation: u64,
}

impl Snapshot {
    fn new(accounts: &[inbox_domain::Account], loaded_at: Instant, generation: u64) -> Self {
        let distinct = |pick: fn(&inbox_domain::Account) -> &SecretString| {
            let mut values: Vec<&str> = accounts
                .iter()
                .map(|a| pick(a).expose_secret())
                .filter(|v| !v.is_empty())
                .collect();
            // Accounts of one Meta app share its secret: check each secret once.
            values.sort_unstable();
            values.dedup();
            values
                .into_iter()
                .map(|v| SecretString::from(v.to_owned()))
                .collect()
        };
        Self {
            app_secrets: distinct(|a| &a.app_secret),
            verify_tokens: distinct(|a| &a.verify_token),
            loaded_at,
            generation,
        }
    }

    /// Every distinct non-empty app secret, as HMAC keys.
    pub(crate) fn app_secrets(&self) -> Vec<&[u8]> {
        self.app_secrets
            .iter()
            .map(|s| s.expose_secret().as_bytes())
            .collect()
    }

    /// Every distinct non-empty verify token.
    pub(crate) fn verify_tokens(&self) -> Vec<&str> {
        self.verify_tokens
            .iter()
            .map(ExposeSecret::expose_secret)
            .collect()
    }
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot")
            .field("app_secrets", &self.app_secrets.len())
            .field("verify_tokens", &self.verify_tokens.len())
            .finish_non_exhaustive()
    }
}

/// The cached snapshot and its reload policy; one per process, shared by every HTTP worker.
pub(crate) struct WebhookSecrets {
    accounts: Arc<dyn AccountRepo>,
    ttl: Duration,
    min_reload_interval: Duration,
    cache: Mutex<Cache>,
    /// Held while a reload runs, so concurrent requests share one query.
    reloading: tokio::sync::Mutex<()>,
    /// Bumped by [`WebhookSecrets::invalidate`]; a snapshot of an older generation is stale.
    generation: AtomicU64,
}

#[derive(Default)]
struct Cache {
    snapshot: Option<Arc<Snapshot>>,
    last_reload: Option<Instant>,
}

impl WebhookSecrets {
    /// A cache over `accounts`: a snapshot is used for `ttl`; a miss reloads it at most once per
    /// `min_reload_interval`.
    pub fn new(
        accounts: Arc<dyn AccountRepo>,
        ttl: Duration,
        min_reload_interval: Duration,
    ) -> Self {
        Self {
            accounts,
            ttl,
            min_reload_interval,
            cache: Mutex::default(),
            reloading: tokio::sync::Mutex::new(()),
            generation: AtomicU64::new(0),
        }
    }

    /// Marks the snapshot stale (an account was added or changed): the next check reloads it,
    /// whatever the reload interval says.
    pub(crate) fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.lock().last_reload = None;
    }

    /// A snapshot to check a request with: the cached one while it is fresh; otherwise a reload.
    ///
    /// Requests never queue behind a reload when there is a snapshot to use: while one request
    /// reloads, or within the reload interval after a reload failed (storage down), the others
    /// use the previous snapshot. Only the very first load, and the first check after an
    /// invalidation, wait for the accounts.
    ///
    /// # Errors
    /// What `AccountRepo::list` answers when there is no snapshot to fall back on; `Unavailable`
    /// at once, without a query, within the reload interval after such a failure.
    pub(crate) async fn current(&self) -> Result<Arc<Snapshot>, RepoError> {
        if let Some(snapshot) = self.fresh() {
            return Ok(snapshot);
        }
        let _reloading = match self.stale() {
            (Some(snapshot), true) => return Ok(snapshot),
            (Some(snapshot), false) => match self.reloading.try_lock() {
                Ok(guard) => guard,
                Err(_in_flight) => return Ok(snapshot),
            },
            (None, _) => {
                // Nothing usable: wait for the reload in flight, if any, and use its result.
                let guard = self.reloading.lock().await;
                match (self.fresh(), self.stale()) {
                    (Some(snapshot), _) | (None, (Some(snapshot), true)) => return Ok(snapshot),
                    // Nothing was ever loaded and an attempt just failed: answer at once.
                    (None, (None, true)) => {
                        return Err(RepoError::Unavailable(
                            "webhook credentials are not loaded yet".into(),
                        ));
                    }
                    (None, (_, false)) => guard,
                }
            }
        };
        // Another request may have reloaded while this one waited.
        if let Some(snapshot) = self.fresh() {
            return Ok(snapshot);
        }
        match self.reload("expired").await {
            Ok(snapshot) => Ok(snapshot),
            Err(error) => self.cached().ok_or(error),
        }
    }

    /// After a credential matched nothing in `seen`: a newer snapshot to try again with, or `None`.
    ///
    /// Reloads only when no reload started in the last `min_reload_interval`, so a flood of bad
    /// signatures costs at most one query per interval; otherwise offers the cached snapshot
    /// when another request has replaced `seen` meanwhile.
    pub(crate) async fn after_miss(&self, seen: &Arc<Snapshot>) -> Option<Arc<Snapshot>> {
        let claimed = {
            let mut cache = self.lock();
            let now = Instant::now();
            let due = cache
                .last_reload
                .is_none_or(|at| now.duration_since(at) >= self.min_reload_interval);
            if due {
                cache.last_reload = Some(now);
            }
            due
        };
        if claimed {
            let _reloading = self.reloading.lock().await;
            match self.reload("miss").await {
                Ok(snapshot) => return Some(snapshot),
                Err(error) => {
                    tracing::warn!(error = %error, "could not reload webhook credentials");
                }
            }
        }
        self.cached().filter(|latest| !Arc::ptr_eq(latest, seen))
    }

    /// Loads every account. The caller holds `reloading`.
    async fn reload(&self, trigger: &'static str) -> Result<Arc<Snapshot>, RepoError> {
        let generation = self.generation.load(Ordering::SeqCst);
        let started = Instant::now();
        self.lock().last_reload = Some(started);
        metrics::counter!(SECRETS_RELOADS, "trigger" => trigger).increment(1);
        let accounts = self.accounts.list().await?;
        let snapshot = Arc::new(Snapshot::new(&accounts, started, generation));
        self.lock().snapshot = Some(snapshot.clone());
        Ok(snapshot)
    }

    /// The cached snapshot when it may still serve (same generation, or a reload was tried
    /// since the invalidation), and whether a reload started within the reload interval.
    fn stale(&self) -> (Option<Arc<Snapshot>>, bool) {
        let generation = self.generation.load(Ordering::SeqCst);
        let cache = self.lock();
        // `invalidate` clears `last_reload`: an attempt since then counts, older ones not.
        let tried_lately = cache
            .last_reload
            .is_some_and(|at| at.elapsed() < self.min_reload_interval);
        let stale = cache
            .snapshot
            .clone()
            .filter(|s| s.generation == generation || tried_lately);
        (stale, tried_lately)
    }

    fn fresh(&self) -> Option<Arc<Snapshot>> {
        let generation = self.generation.load(Ordering::SeqCst);
        self.cached()
            .filter(|s| s.generation == generation && s.loaded_at.elapsed() < self.ttl)
    }

    fn cached(&self) -> Option<Arc<Snapshot>> {
        self.lock().snapshot.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cache> {
        // The cache holds plain values: a panic elsewhere cannot leave it half-written.
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
#[path = "secrets_tests.rs"]
mod tests;
