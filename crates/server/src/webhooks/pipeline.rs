//! One delivery's way through a worker: parse, apply (fenced, idempotent), publish, or fail.

use std::sync::Arc;
use std::time::Instant;

use inbox_domain::RepoError;
use inbox_domain::inbound::{Reject, WebhookBatch};
use inbox_domain::ports::{ApplyOutcome, Claim, EventBus, FailAction, WebhookQueue};

use crate::error::cause_chain;
use crate::webhooks::settings::WorkerConfig;

/// Counter of finished attempts, by outcome (`applied`, `parked`, `retried`, `fenced`, `lost`).
pub const PROCESSED: &str = "webhook_deliveries_processed_total";
/// Histogram of the time from claim to the end of an attempt, in seconds.
pub const ATTEMPT_DURATION: &str = "webhook_attempt_duration_seconds";
/// Counter of deliveries whose lease expired and were taken back.
pub const RESCUED: &str = "webhook_deliveries_rescued_total";

/// Longest parked reason the queue keeps.
const MAX_REASON: usize = 1000;

/// How one attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Applied and done; its events were published.
    Applied,
    /// Parked for a person (unreadable, unknown account, or out of attempts).
    Parked,
    /// Failed; it will be tried again after a backoff.
    Retried,
    /// The lease was lost (another attempt owns the delivery): nothing was changed.
    Fenced,
    /// The failure could not even be recorded (storage down): the lease will expire and the
    /// rescue will return it to the queue.
    Lost,
}

impl Outcome {
    const fn label(self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::Parked => "parked",
            Self::Retried => "retried",
            Self::Fenced => "fenced",
            Self::Lost => "lost",
        }
    }
}

/// Applies stored deliveries: what each worker task runs, usable on its own by tests and tools.
pub struct WebhookPipeline {
    queue: Arc<dyn WebhookQueue>,
    events: Arc<dyn EventBus>,
    config: WorkerConfig,
}

impl WebhookPipeline {
    /// A pipeline over `queue`, publishing to `events`.
    pub fn new(
        queue: Arc<dyn WebhookQueue>,
        events: Arc<dyn EventBus>,
        config: WorkerConfig,
    ) -> Self {
        Self {
            queue,
            events,
            config,
        }
    }

    /// The configuration it runs with.
    pub fn config(&self) -> &WorkerConfig {
        &self.config
    }

    /// Claims one batch and takes every delivery in it to its end; returns how many it claimed.
    /// The readable deliveries are applied in groups of `apply_batch_size`, one transaction
    /// (one commit) per group where the queue allows it.
    ///
    /// # Errors
    /// When the claim itself fails (storage unavailable).
    pub async fn run_batch(&self) -> Result<usize, RepoError> {
        let claims = self
            .queue
            .claim(self.config.batch_size, self.config.lease)
            .await?;
        let claimed = claims.len();
        let mut readable = Vec::with_capacity(claimed);
        for claim in claims {
            let started = Instant::now();
            match self.parse(&claim).await {
                Ok(batch) => readable.push((claim, batch)),
                Err(outcome) => record(&claim, outcome, started),
            }
        }
        let group = self.config.apply_batch_size.max(1) as usize;
        while !readable.is_empty() {
            let rest = readable.split_off(group.min(readable.len()));
            self.apply_group(std::mem::replace(&mut readable, rest))
                .await;
        }
        Ok(claimed)
    }

    /// Runs batches until none is ready; returns how many deliveries were claimed in all.
    ///
    /// # Errors
    /// When a claim fails.
    pub async fn drain(&self) -> Result<usize, RepoError> {
        let mut total = 0;
        loop {
            match self.run_batch().await? {
                0 => return Ok(total),
                claimed => total += claimed,
            }
        }
    }

    /// Returns deliveries with expired leases to the queue (parking those out of attempts).
    ///
    /// # Errors
    /// When storage is unavailable.
    pub async fn rescue(&self) -> Result<u64, RepoError> {
        let rescued = self.queue.rescue_expired(self.config.max_attempts).await?;
        if rescued > 0 {
            metrics::counter!(RESCUED).increment(rescued);
            tracing::info!(rescued, "webhook deliveries with expired leases taken back");
        }
        Ok(rescued)
    }

    /// Takes one claimed delivery to its end (in a transaction of its own) and says how it ended.
    pub async fn process(&self, claim: Claim) -> Outcome {
        let started = Instant::now();
        let outcome = match self.parse(&claim).await {
            Ok(batch) => self.apply_one(&claim, &batch).await,
            Err(outcome) => outcome,
        };
        record(&claim, outcome, started);
        outcome
    }

    /// The delivery's content, or how it ended when it cannot be read (parked).
    async fn parse(&self, claim: &Claim) -> Result<WebhookBatch, Outcome> {
        match inbox_whatsapp::webhook::parse(&claim.body) {
            Ok(batch) => Ok(batch),
            Err(error) => {
                // The parser's reasons never quote payload values: safe to keep and log.
                let reason = bounded(format!("invalid payload: {error}"));
                tracing::warn!(delivery.id = %claim.id, reason = %reason, "webhook delivery unreadable; parking it");
                Err(self
                    .fail(claim, &reason, FailAction::Park(reason.clone()))
                    .await)
            }
        }
    }

    /// Applies one delivery in a transaction of its own and takes it to its end.
    async fn apply_one(&self, claim: &Claim, batch: &WebhookBatch) -> Outcome {
        match self.queue.apply(claim.id, claim.attempt, batch).await {
            Ok(outcome) => self.finish(claim, batch, outcome).await,
            Err(error) => self.failed_to_apply(claim, &error).await,
        }
    }

    /// After the apply: nothing when the lease was lost; else publish its events and park it
    /// when parts of it could not be placed.
    async fn finish(&self, claim: &Claim, batch: &WebhookBatch, outcome: ApplyOutcome) -> Outcome {
        if !outcome.applied {
            tracing::info!(delivery.id = %claim.id, attempt = claim.attempt, "webhook delivery lease lost; another attempt owns it");
            return Outcome::Fenced;
        }
        let parked = outcome.parked();
        if parked {
            tracing::warn!(
                delivery.id = %claim.id,
                unknown_numbers = outcome.unknown_numbers.len(),
                senderless = outcome.senderless.len(),
                "webhook delivery parked: parts of it belong to no account or no sender"
            );
        }
        if !outcome.events.is_empty() {
            self.events.publish(outcome.events).await;
        }
        if !batch.rejects.is_empty() && !parked {
            return self.park_rejects(claim, batch).await;
        }
        if parked {
            Outcome::Parked
        } else {
            Outcome::Applied
        }
    }

    /// The readable parts were applied; the unreadable ones wait in the raw delivery for a person.
    async fn park_rejects(&self, claim: &Claim, batch: &WebhookBatch) -> Outcome {
        let reason = rejects_reason(&batch.rejects);
        tracing::warn!(delivery.id = %claim.id, rejects = batch.rejects.len(), reason = %reason, "webhook delivery has unreadable parts");
        match self
            .queue
            .fail(
                claim.id,
                claim.attempt,
                &reason,
                FailAction::Park(reason.clone()),
            )
            .await
        {
            Ok(true) => Outcome::Parked,
            // The queue finished the applied attempt itself; the reasons are in the log above.
            Ok(false) => Outcome::Applied,
            Err(error) => {
                tracing::warn!(delivery.id = %claim.id, error.cause_chain = %cause_chain(&error), "could not park a delivery with unreadable parts");
                Outcome::Applied
            }
        }
    }

    async fn failed_to_apply(&self, claim: &Claim, error: &RepoError) -> Outcome {
        let chain = cause_chain(error);
        // A value the schema refuses will be refused again: no point in waiting.
        let hopeless = matches!(error, RepoError::Invalid { .. });
        let action = if hopeless {
            FailAction::Park(bounded(format!("cannot be applied: {error}")))
        } else if claim.attempt >= self.config.max_attempts {
            FailAction::Park(bounded(format!(
                "gave up after {} attempts: {error}",
                claim.attempt
            )))
        } else {
            FailAction::RetryAfter(self.config.backoff.delay_jittered(claim.attempt))
        };
        tracing::warn!(
            delivery.id = %claim.id,
            attempt = claim.attempt,
            error.cause_chain = %chain,
            parked = matches!(action, FailAction::Park(_)),
            "applying a webhook delivery failed"
        );
        // Only the top message is kept with the delivery: causes may quote stored values.
        self.fail(claim, &error.to_string(), action).await
    }

    async fn fail(&self, claim: &Claim, error: &str, action: FailAction) -> Outcome {
        let parking = matches!(action, FailAction::Park(_));
        match self
            .queue
            .fail(claim.id, claim.attempt, error, action)
            .await
        {
            Ok(true) if parking => Outcome::Parked,
            Ok(true) => Outcome::Retried,
            Ok(false) => Outcome::Fenced,
            Err(e) => {
                tracing::warn!(delivery.id = %claim.id, error.cause_chain = %cause_chain(&e), "could not record a failed webhook attempt; its lease will expire");
                Outcome::Lost
            }
        }
    }
}

/// Counts and logs how one delivery's attempt ended.
fn record(claim: &Claim, outcome: Outcome, started: Instant) {
    metrics::counter!(PROCESSED, "outcome" => outcome.label()).increment(1);
    metrics::histogram!(ATTEMPT_DURATION).record(started.elapsed().as_secs_f64());
    tracing::debug!(
        delivery.id = %claim.id,
        attempt = claim.attempt,
        outcome = outcome.label(),
        duration_ms = started.elapsed().as_secs_f64() * 1000.0,
        "webhook delivery processed"
    );
}

/// "unreadable parts: <path>: <reason>; ..." within the queue's bound.
fn rejects_reason(rejects: &[Reject]) -> String {
    let parts: Vec<String> = rejects
        .iter()
        .map(|r| format!("{}: {}", r.location, r.reason))
        .collect();
    bounded(format!("unreadable parts: {}", parts.join("; ")))
}

/// `text` cut to the queue's longest reason, on a character boundary.
fn bounded(mut text: String) -> String {
    if text.chars().count() > MAX_REASON {
        let cut = text
            .char_indices()
            .nth(MAX_REASON - 1)
            .map_or(text.len(), |(at, _)| at);
        text.truncate(cut);
        text.push('…');
    }
    text
}

#[path = "pipeline_group.rs"]
mod group;

#[cfg(test)]
#[path = "pipeline_tests.rs"]
mod pipeline_tests;
