//! The `[webhooks]` configuration section and its checked form.

use std::time::Duration;

use inbox_http::BatchSettings;
use serde::Deserialize;

use crate::error::StartupError;
use crate::webhooks::backoff::Backoff;

/// Webhook ingestion: the route's limits and the workers that apply stored deliveries.
#[derive(Debug, Clone, Deserialize)]
pub struct WebhookSettings {
    /// Worker tasks applying deliveries in this process; 0 runs none here
    /// (`INBOX_WEBHOOKS__WORKERS`, default 2).
    pub workers: usize,
    /// Deliveries claimed per query (`INBOX_WEBHOOKS__BATCH_SIZE`, default 64).
    pub batch_size: u32,
    /// Claimed deliveries applied together in one transaction (one commit), so a worker is not
    /// paced by the disk's flushes; 1 applies each on its own; at most `batch_size` are used
    /// (`INBOX_WEBHOOKS__APPLY_BATCH_SIZE`, default 16).
    pub apply_batch_size: u32,
    /// Milliseconds an idle worker waits after its wake-up before it claims, so the deliveries
    /// arriving meanwhile share its claim and its commit; 0 claims at once
    /// (`INBOX_WEBHOOKS__APPLY_LINGER_MS`, default 5).
    pub apply_linger_ms: u64,
    /// Lease of a claim, after which another worker may take it over
    /// (`INBOX_WEBHOOKS__LEASE_SECS`, default 30).
    pub lease_secs: u64,
    /// Attempts before a failing delivery is parked (`INBOX_WEBHOOKS__MAX_ATTEMPTS`, default 8).
    pub max_attempts: i32,
    /// Delay after the first failed attempt, doubled each time
    /// (`INBOX_WEBHOOKS__BACKOFF_BASE_MS`, default 1000).
    pub backoff_base_ms: u64,
    /// Longest delay between attempts (`INBOX_WEBHOOKS__BACKOFF_MAX_SECS`, default 600).
    pub backoff_max_secs: u64,
    /// Idle workers look for work this often even without a wake-up (deliveries stored by other
    /// instances, retries coming due) (`INBOX_WEBHOOKS__POLL_INTERVAL_MS`, default 1000).
    pub poll_interval_ms: u64,
    /// Wake this instance's workers when another instance stores a delivery: `LISTEN` on a
    /// dedicated direct or session connection (`INBOX_WEBHOOKS__LISTEN`, default true; off
    /// behind a transaction pooler, where the poll takes over).
    pub listen: bool,
    /// Announce stored deliveries to other instances with one debounced `NOTIFY` (at most one
    /// per 5 ms) (`INBOX_WEBHOOKS__NOTIFY`, default true).
    pub notify: bool,
    /// How often expired leases are rescued (`INBOX_WEBHOOKS__RESCUE_INTERVAL_SECS`, default 5).
    pub rescue_interval_secs: u64,
    /// Largest body accepted on `POST /webhook/whatsapp` (`INBOX_WEBHOOKS__BODY_LIMIT_BYTES`,
    /// default 4 MiB: Meta's payloads reach 3 MB).
    pub body_limit_bytes: usize,
    /// How long a body may take to arrive before a 408 (`INBOX_WEBHOOKS__BODY_TIMEOUT_SECS`,
    /// default 15).
    pub body_timeout_secs: u64,
    /// How long the cached app secrets and verify tokens are used before a reload
    /// (`INBOX_WEBHOOKS__SECRETS_TTL_MS`, default 5000).
    pub secrets_ttl_ms: u64,
    /// Group commit on the acknowledgement path: deliveries that arrive while the store is busy
    /// are stored by one insert, each answered once its row is committed
    /// (`INBOX_WEBHOOKS__ENQUEUE_BATCHING`, default true; false: one insert per delivery).
    pub enqueue_batching: bool,
    /// Most deliveries per insert (`INBOX_WEBHOOKS__ENQUEUE_BATCH_MAX`, default 64).
    pub enqueue_batch_max: usize,
    /// Inserts running at once; deliveries arriving while all are busy form the next batch
    /// (`INBOX_WEBHOOKS__ENQUEUE_BATCH_IN_FLIGHT`, default 2: one insert waits for its flush while
    /// the next batch forms and starts; keep it below the pool size).
    pub enqueue_batch_in_flight: usize,
    /// Microseconds a batch waits for more deliveries once an insert slot is free; 0 waits not
    /// at all, so a lone delivery is stored at once (`INBOX_WEBHOOKS__ENQUEUE_BATCH_LINGER_US`,
    /// default 0).
    pub enqueue_batch_linger_us: u64,
}

/// What the worker pool needs, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkerConfig {
    /// Worker tasks in this process.
    pub workers: usize,
    /// Deliveries per claim.
    pub batch_size: u32,
    /// Deliveries applied together in one transaction.
    pub apply_batch_size: u32,
    /// Wait between an idle worker's wake-up and its claim.
    pub apply_linger: Duration,
    /// Lease of a claim.
    pub lease: Duration,
    /// Attempts before parking.
    pub max_attempts: i32,
    /// Delays between attempts.
    pub backoff: Backoff,
    /// Safety-net poll of idle workers.
    pub poll_interval: Duration,
    /// Period of the lease rescue.
    pub rescue_interval: Duration,
}

impl WebhookSettings {
    /// How the acknowledgement path groups deliveries, or `None` when batching is off.
    ///
    /// # Errors
    /// `StartupError::Invalid` naming the first setting out of range.
    pub fn batch_settings(&self) -> Result<Option<BatchSettings>, StartupError> {
        let invalid = |what: &str| Err(StartupError::Invalid(format!("webhooks.{what}")));
        if !self.enqueue_batching {
            return Ok(None);
        }
        if self.enqueue_batch_max == 0 || self.enqueue_batch_max > 1000 {
            return invalid("enqueue_batch_max must be between 1 and 1000");
        }
        if self.enqueue_batch_in_flight == 0 {
            return invalid("enqueue_batch_in_flight must be at least 1");
        }
        if self.enqueue_batch_linger_us > 100_000 {
            return invalid("enqueue_batch_linger_us must be at most 100000 (100 ms)");
        }
        Ok(Some(BatchSettings {
            max_deliveries: self.enqueue_batch_max,
            max_in_flight: self.enqueue_batch_in_flight,
            linger: Duration::from_micros(self.enqueue_batch_linger_us),
            ..BatchSettings::default()
        }))
    }

    /// The worker configuration, after checking that the values can work together.
    ///
    /// # Errors
    /// `StartupError::Invalid` naming the first setting out of range.
    pub fn worker_config(&self) -> Result<WorkerConfig, StartupError> {
        let invalid = |what: &str| Err(StartupError::Invalid(format!("webhooks.{what}")));
        if self.batch_size == 0 || self.batch_size > 1000 {
            return invalid("batch_size must be between 1 and 1000");
        }
        if self.apply_batch_size == 0 || self.apply_batch_size > 1000 {
            return invalid("apply_batch_size must be between 1 and 1000");
        }
        if self.apply_linger_ms > 1000 {
            return invalid("apply_linger_ms must be at most 1000");
        }
        if self.lease_secs == 0 {
            return invalid("lease_secs must be at least 1");
        }
        if self.max_attempts < 1 {
            return invalid("max_attempts must be at least 1");
        }
        if self.backoff_base_ms == 0
            || self.backoff_base_ms > self.backoff_max_secs.saturating_mul(1000)
        {
            return invalid("backoff_base_ms must be positive and not exceed backoff_max_secs");
        }
        if self.poll_interval_ms == 0 || self.rescue_interval_secs == 0 {
            return invalid("poll_interval_ms and rescue_interval_secs must be positive");
        }
        if self.body_limit_bytes < 1024 {
            return invalid("body_limit_bytes must be at least 1024");
        }
        Ok(WorkerConfig {
            workers: self.workers,
            batch_size: self.batch_size,
            // A group never exceeds what one claim brings.
            apply_batch_size: self.apply_batch_size.min(self.batch_size),
            apply_linger: Duration::from_millis(self.apply_linger_ms),
            lease: Duration::from_secs(self.lease_secs),
            max_attempts: self.max_attempts,
            backoff: Backoff {
                base: Duration::from_millis(self.backoff_base_ms),
                max: Duration::from_secs(self.backoff_max_secs),
            },
            poll_interval: Duration::from_millis(self.poll_interval_ms),
            rescue_interval: Duration::from_secs(self.rescue_interval_secs),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::Settings;

    #[test]
    fn defaults_are_the_documented_values() {
        let webhooks = Settings::defaults().unwrap().webhooks;
        let config = webhooks.worker_config().unwrap();
        assert_eq!((config.workers, config.batch_size), (2, 64));
        assert_eq!(config.apply_batch_size, 16);
        assert_eq!(config.apply_linger.as_millis(), 5);
        assert_eq!(config.lease.as_secs(), 30);
        assert_eq!(config.max_attempts, 8);
        assert_eq!(config.backoff.base.as_millis(), 1000);
        assert_eq!(config.backoff.max.as_secs(), 600);
        assert_eq!(config.poll_interval.as_millis(), 1000);
        assert!(webhooks.listen && webhooks.notify);
        assert_eq!(webhooks.body_limit_bytes, 4 * 1024 * 1024);
        assert_eq!(webhooks.secrets_ttl_ms, 5000);
        let batching = webhooks.batch_settings().unwrap().unwrap();
        assert_eq!((batching.max_deliveries, batching.max_in_flight), (64, 2));
        assert!(batching.linger.is_zero());
    }

    #[test]
    fn batching_can_be_turned_off_and_is_checked() {
        let mut webhooks = Settings::defaults().unwrap().webhooks;
        webhooks.enqueue_batch_in_flight = 0;
        let error = webhooks.batch_settings().unwrap_err().to_string();
        assert!(
            error.contains("webhooks.enqueue_batch_in_flight"),
            "{error}"
        );
        webhooks.enqueue_batching = false;
        assert_eq!(webhooks.batch_settings().unwrap(), None);
    }

    #[test]
    fn impossible_values_are_refused_with_their_name() {
        let mut webhooks = Settings::defaults().unwrap().webhooks;
        webhooks.batch_size = 0;
        let error = webhooks.worker_config().unwrap_err().to_string();
        assert!(error.contains("webhooks.batch_size"), "{error}");
        webhooks.batch_size = 10;
        assert_eq!(
            webhooks.worker_config().unwrap().apply_batch_size,
            10,
            "a group is at most one claim"
        );
        webhooks.apply_batch_size = 0;
        let error = webhooks.worker_config().unwrap_err().to_string();
        assert!(error.contains("webhooks.apply_batch_size"), "{error}");
        webhooks.apply_batch_size = 10;
        webhooks.apply_linger_ms = 1001;
        let error = webhooks.worker_config().unwrap_err().to_string();
        assert!(error.contains("webhooks.apply_linger_ms"), "{error}");
        webhooks.apply_linger_ms = 0;
        webhooks.backoff_base_ms = 700_000;
        let error = webhooks.worker_config().unwrap_err().to_string();
        assert!(error.contains("webhooks.backoff_base_ms"), "{error}");
    }
}
