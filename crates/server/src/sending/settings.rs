//! The `[sending]` configuration section and its checked form.

use std::collections::HashMap;
use std::time::Duration;

use inbox_domain::outbound::ApiVersion;
use serde::Deserialize;

use crate::error::StartupError;
use crate::sending::group::GroupPolicy;
use crate::sending::rate::MAX_RATE;
use crate::webhooks::Backoff;

/// Sending: the workers that carry queued messages to Meta, their pace and the Graph API.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct SendingSettings {
    /// Send worker tasks in this process; 0 runs none here (`INBOX_SENDING__WORKERS`, default 2).
    pub workers: usize,
    /// Most jobs claimed per query; a worker sends them concurrently
    /// (`INBOX_SENDING__BATCH_SIZE`, default 64).
    pub batch_size: u32,
    /// Jobs one worker holds at once (waiting for a rate slot or for Meta's answer); it claims
    /// more as they finish, once a quarter of a batch's slots is free
    /// (`INBOX_SENDING__IN_FLIGHT`, default 256). Rule: `workers × in_flight` ≥ the top rate ×
    /// Meta's answer time, with room to spare: 2 × 256 holds 1,000/s at up to 0.5 s. Keep
    /// `in_flight / rate_per_second` well below `lease_secs` (a job waits for its rate slot
    /// within its lease).
    pub in_flight: usize,
    /// Most dispatch notes, or ends of attempts, written in one statement
    /// (`INBOX_SENDING__GROUP_SIZE`, default 64).
    pub group_size: usize,
    /// Longest wait of a dispatch note or of Meta's answer before its group is written, in
    /// milliseconds (`INBOX_SENDING__GROUP_DELAY_MS`, default 5; 0 writes what is waiting at
    /// once).
    pub group_delay_ms: u64,
    /// Lease of a claim (`INBOX_SENDING__LEASE_SECS`, default 60: longer than the gateway's send
    /// timeout plus the wait for a rate slot).
    pub lease_secs: u64,
    /// Idle workers look for work this often without a wake-up
    /// (`INBOX_SENDING__POLL_INTERVAL_MS`, default 1000).
    pub poll_interval_ms: u64,
    /// Milliseconds an idle worker waits after its wake-up before it claims, so the sends queued
    /// meanwhile share its claim (`INBOX_SENDING__CLAIM_LINGER_MS`, default 5; 0 claims at once).
    pub claim_linger_ms: u64,
    /// How often expired leases are rescued and passed reconciliation windows ended
    /// (`INBOX_SENDING__RESCUE_INTERVAL_SECS`, default 5).
    pub rescue_interval_secs: u64,
    /// How long an ambiguous send waits for the status webhook carrying our message id
    /// (`INBOX_SENDING__RECONCILE_WINDOW_SECS`, default 600).
    pub reconcile_window_secs: u64,
    /// After the window: park the send for a person instead of sending it again
    /// (`INBOX_SENDING__PARK_UNRECONCILED`, default false).
    pub park_unreconciled: bool,
    /// Messages per second per business number (`INBOX_SENDING__RATE_PER_SECOND`, default 80,
    /// Meta's default throughput; at most 1,000).
    pub rate_per_second: u32,
    /// Per-number rates by phone_number_id, overriding `rate_per_second` (`[sending.rates]`).
    pub rates: HashMap<String, u32>,
    /// Delay after the first retryable failure, doubled each time
    /// (`INBOX_SENDING__BACKOFF_BASE_MS`, default 1000).
    pub backoff_base_ms: u64,
    /// Longest delay between attempts (`INBOX_SENDING__BACKOFF_MAX_SECS`, default 300).
    pub backoff_max_secs: u64,
    /// The Graph API base URL, without the version (`INBOX_GRAPH_API_URL` or
    /// `INBOX_SENDING__GRAPH_API_URL`, default `https://graph.facebook.com`; a fake's URL locally).
    pub graph_api_url: String,
    /// The Graph API version (`INBOX_SENDING__GRAPH_API_VERSION`, default `v23.0`).
    pub graph_api_version: String,
}

impl Default for SendingSettings {
    fn default() -> Self {
        Self {
            workers: 2,
            batch_size: 64,
            in_flight: 256,
            group_size: 64,
            group_delay_ms: 5,
            lease_secs: 60,
            poll_interval_ms: 1000,
            claim_linger_ms: 5,
            rescue_interval_secs: 5,
            reconcile_window_secs: 600,
            park_unreconciled: false,
            rate_per_second: 80,
            rates: HashMap::new(),
            backoff_base_ms: 1000,
            backoff_max_secs: 300,
            graph_api_url: inbox_whatsapp::gateway::DEFAULT_BASE_URL.to_owned(),
            graph_api_version: "v23.0".to_owned(),
        }
    }
}

/// What the send workers need, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendConfig {
    /// Worker tasks in this process.
    pub workers: usize,
    /// Most jobs per claim.
    pub batch_size: u32,
    /// Jobs one worker holds at once.
    pub in_flight: usize,
    /// How dispatch notes and ends of attempts are grouped into statements.
    pub groups: GroupPolicy,
    /// Lease of a claim.
    pub lease: Duration,
    /// Safety-net poll of idle workers.
    pub poll_interval: Duration,
    /// Wait between an idle worker's wake-up and its claim.
    pub claim_linger: Duration,
    /// Period of the rescue and of the end of reconciliation windows.
    pub rescue_interval: Duration,
    /// Reconciliation window of an ambiguous send.
    pub reconcile_window: Duration,
    /// Park instead of retrying after the window.
    pub park_unreconciled: bool,
    /// Delays between attempts.
    pub backoff: Backoff,
    /// Default messages per second per number.
    pub rate_per_second: u32,
    /// Per-number rates.
    pub rates: HashMap<String, u32>,
}

impl SendingSettings {
    /// The worker configuration, after checking that the values can work together.
    ///
    /// # Errors
    /// `StartupError::Invalid` naming the first setting out of range.
    pub fn send_config(&self) -> Result<SendConfig, StartupError> {
        let invalid = |what: &str| Err(StartupError::Invalid(format!("sending.{what}")));
        if self.batch_size == 0 || self.batch_size > 1000 {
            return invalid("batch_size must be between 1 and 1000");
        }
        if self.in_flight == 0 || self.in_flight > 10_000 {
            return invalid("in_flight must be between 1 and 10000");
        }
        if self.group_size == 0 || self.group_size > 1000 || self.group_delay_ms > 1000 {
            return invalid("group_size must be between 1 and 1000, group_delay_ms at most 1000");
        }
        if self.lease_secs == 0 || self.poll_interval_ms == 0 || self.rescue_interval_secs == 0 {
            return invalid(
                "lease_secs, poll_interval_ms and rescue_interval_secs must be positive",
            );
        }
        if self.claim_linger_ms > 1000 {
            return invalid("claim_linger_ms must be at most 1000");
        }
        let rate_ok = |rate: u32| (1..=MAX_RATE).contains(&rate);
        if !rate_ok(self.rate_per_second) || !self.rates.values().all(|r| rate_ok(*r)) {
            return invalid("rate_per_second and rates must be between 1 and 1000");
        }
        if self.backoff_base_ms == 0
            || self.backoff_base_ms > self.backoff_max_secs.saturating_mul(1000)
        {
            return invalid("backoff_base_ms must be positive and not exceed backoff_max_secs");
        }
        Ok(SendConfig {
            workers: self.workers,
            batch_size: self.batch_size,
            in_flight: self.in_flight,
            groups: GroupPolicy {
                max: self.group_size,
                delay: Duration::from_millis(self.group_delay_ms),
            },
            lease: Duration::from_secs(self.lease_secs),
            poll_interval: Duration::from_millis(self.poll_interval_ms),
            claim_linger: Duration::from_millis(self.claim_linger_ms),
            rescue_interval: Duration::from_secs(self.rescue_interval_secs),
            reconcile_window: Duration::from_secs(self.reconcile_window_secs),
            park_unreconciled: self.park_unreconciled,
            backoff: Backoff {
                base: Duration::from_millis(self.backoff_base_ms),
                max: Duration::from_secs(self.backoff_max_secs),
            },
            rate_per_second: self.rate_per_second,
            rates: self.rates.clone(),
        })
    }

    /// The gateway's configuration: Meta's defaults against the configured URL and version.
    ///
    /// # Errors
    /// `StartupError::Invalid` for a version that is not like `v23.0`.
    pub fn graph_config(&self) -> Result<inbox_whatsapp::gateway::GraphConfig, StartupError> {
        let version = ApiVersion::parse(&self.graph_api_version).map_err(|_| {
            StartupError::Invalid("sending.graph_api_version must look like v23.0".into())
        })?;
        let url = self.graph_api_url.trim();
        let mut config = if url.starts_with("http://") {
            // Plain HTTP is only for a local fake (its media host included).
            inbox_whatsapp::gateway::GraphConfig::local_fake(url)
        } else {
            inbox_whatsapp::gateway::GraphConfig::with_base_url(url)
        };
        config.api_version = version;
        // Enough idle connections for the top rate at Meta's slow latency.
        config.pool_max_idle_per_host = config
            .pool_max_idle_per_host
            .max(usize::try_from(self.rate_per_second).unwrap_or(64));
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_point_at_meta() {
        let settings = SendingSettings::default();
        let config = settings.send_config().unwrap();
        assert_eq!(config.rate_per_second, 80);
        assert_eq!(config.reconcile_window, Duration::from_secs(600));
        // The top tier at Meta's slow answers fits in the default workers' slots.
        assert!(config.workers * config.in_flight >= 1000 * 300 / 1000);
        assert_eq!(config.groups.delay, Duration::from_millis(5));
        assert_eq!(config.claim_linger, Duration::from_millis(5));
        let graph = settings.graph_config().unwrap();
        assert_eq!(graph.base_url, "https://graph.facebook.com");
    }

    #[test]
    fn rates_above_the_top_tier_are_refused() {
        let settings = SendingSettings {
            rate_per_second: 1001,
            ..SendingSettings::default()
        };
        assert!(settings.send_config().is_err());
        let settings = SendingSettings {
            rates: HashMap::from([("1".to_owned(), 0)]),
            ..SendingSettings::default()
        };
        assert!(settings.send_config().is_err());
    }

    #[test]
    fn a_linger_over_a_second_is_refused_with_its_name() {
        let settings = SendingSettings {
            claim_linger_ms: 1001,
            ..SendingSettings::default()
        };
        let error = settings.send_config().unwrap_err().to_string();
        assert!(error.contains("sending.claim_linger_ms"), "{error}");
    }
}
