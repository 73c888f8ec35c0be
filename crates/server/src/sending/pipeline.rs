//! One claimed batch's way through a worker: credentials, a rate slot, the call to Meta, the
//! transition its answer calls for, the events.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

use inbox_domain::outbound::{OutboundMessage, SenderCredentials};
use inbox_domain::outbox::{JobError, SendAction, SendJob};
use inbox_domain::ports::{AccountRepo, EventBus, Outbox, WhatsAppGateway};
use inbox_domain::{AccountId, RepoError, Wamid};

use crate::error::cause_chain;
use crate::sending::decide::{Decision, decide_error};
use crate::sending::rate::RateLimiter;
use crate::sending::settings::SendConfig;

/// Counter of finished send attempts, by outcome (`sent`, `failed`, `retried`, `ambiguous`,
/// `paused`, `fenced`, `lost`).
pub const SENDS: &str = "send_jobs_processed_total";
/// Counter of send jobs taken back after an expired lease, or out of an ended reconciliation.
pub const SEND_RESCUES: &str = "send_jobs_rescued_total";

/// What one job asks of the gateway.
enum Call {
    Send(Box<OutboundMessage>),
    MarkRead(Wamid),
}

/// Carries claimed send jobs to Meta: what each worker task runs, usable on its own by tests.
pub struct SendPipeline {
    outbox: Arc<dyn Outbox>,
    accounts: Arc<dyn AccountRepo>,
    gateway: Arc<dyn WhatsAppGateway>,
    events: Arc<dyn EventBus>,
    limiter: RateLimiter,
    config: SendConfig,
}

impl SendPipeline {
    /// A pipeline sending `outbox`'s jobs through `gateway` with the credentials of `accounts`,
    /// publishing to `events`.
    pub fn new(
        outbox: Arc<dyn Outbox>,
        accounts: Arc<dyn AccountRepo>,
        gateway: Arc<dyn WhatsAppGateway>,
        events: Arc<dyn EventBus>,
        config: SendConfig,
    ) -> Self {
        let limiter = RateLimiter::new(config.rate_per_second, config.rates.clone());
        Self {
            outbox,
            accounts,
            gateway,
            events,
            limiter,
            config,
        }
    }

    /// The configuration it runs with.
    pub fn config(&self) -> &SendConfig {
        &self.config
    }

    /// The outbox it sends from.
    pub fn outbox(&self) -> &Arc<dyn Outbox> {
        &self.outbox
    }

    /// Claims one batch and takes every job in it to its end, concurrently; how many it claimed.
    ///
    /// # Errors
    /// The claim's error; a job's failures are recorded on the job (or left to the rescue).
    pub async fn run_batch(&self) -> Result<usize, RepoError> {
        let jobs = self
            .outbox
            .claim(self.config.batch_size, self.config.lease)
            .await?;
        let claimed = jobs.len();
        if claimed == 0 {
            return Ok(0);
        }
        let mut credentials: HashMap<AccountId, Option<SenderCredentials>> = HashMap::new();
        for job in &jobs {
            if let Entry::Vacant(slot) = credentials.entry(job.account_id) {
                let found = match self.accounts.get(job.account_id).await {
                    Ok(account) => Some(SenderCredentials::of(&account)),
                    Err(RepoError::NotFound { .. }) => None,
                    Err(error) => return Err(error),
                };
                slot.insert(found);
            }
        }
        let runs = jobs.into_iter().map(|job| {
            let from = credentials.get(&job.account_id).cloned().flatten();
            self.run_job(job, from)
        });
        futures::future::join_all(runs).await;
        Ok(claimed)
    }

    /// Rescues expired leases and ends passed reconciliation windows; how many jobs moved.
    ///
    /// # Errors
    /// The outbox's error.
    pub async fn housekeeping(&self) -> Result<u64, RepoError> {
        let rescued = self
            .outbox
            .rescue_expired(self.config.reconcile_window)
            .await?;
        let expired = self
            .outbox
            .expire_reconciliation(self.config.park_unreconciled)
            .await?;
        let moved = rescued + expired;
        if moved > 0 {
            metrics::counter!(SEND_RESCUES).increment(moved);
            tracing::info!(rescued, expired, "send jobs taken back");
        }
        Ok(moved)
    }

    async fn run_job(&self, job: SendJob, from: Option<SenderCredentials>) {
        let Some(from) = from else {
            let error = JobError::internal("the account no longer exists");
            return self.record(&job, Decision::Failed(error)).await;
        };
        let call = match call_of(&job) {
            Ok(call) => call,
            Err(error) => return self.record(&job, Decision::Failed(error)).await,
        };
        self.limiter.acquire(from.phone_number_id.as_str()).await;
        match self.outbox.dispatching(job.id, job.attempt).await {
            Ok(true) => {}
            Ok(false) => return count("fenced"),
            Err(error) => {
                // Not sent: the rescue makes it runnable again after the lease.
                tracing::warn!(job.id = %job.id, error.cause_chain = %cause_chain(&error), "cannot note a send before calling Meta");
                return count("lost");
            }
        }
        let decision = match call {
            Call::Send(message) => match self.gateway.send(&from, &message).await {
                Ok(receipt) => Decision::Sent(Some(receipt.wamid)),
                Err(error) => decide_error(job.action, job.attempt, &error, &self.config.backoff),
            },
            Call::MarkRead(wamid) => match self.gateway.mark_read(&from, &wamid).await {
                Ok(()) => Decision::Sent(Some(wamid)),
                Err(error) => decide_error(job.action, job.attempt, &error, &self.config.backoff),
            },
        };
        self.record(&job, decision).await;
    }

    /// Records the transition, publishes its events and counts it.
    async fn record(&self, job: &SendJob, decision: Decision) {
        let (id, attempt) = (job.id, job.attempt);
        let outcome = match decision {
            Decision::Sent(wamid) => {
                let Some(wamid) = wamid.or_else(|| job.wamid.clone()) else {
                    return count("lost");
                };
                self.finished("sent", self.outbox.sent(id, attempt, &wamid).await)
                    .await
            }
            Decision::Failed(error) => {
                tracing::info!(job.id = %id, account.id = %job.account_id, error.class = %error.class, error.code = ?error.code, "send failed for good");
                self.finished("failed", self.outbox.failed(id, attempt, &error).await)
                    .await
            }
            Decision::Retry(delay, error) => self
                .outbox
                .retry_later(id, attempt, delay, &error)
                .await
                .map(|held| if held { "retried" } else { "fenced" }),
            Decision::Ambiguous(error) => {
                tracing::warn!(job.id = %id, error.code = ?error.code, "send outcome unknown; waiting for its status webhook");
                self.outbox
                    .ambiguous(id, attempt, self.config.reconcile_window, &error)
                    .await
                    .map(|held| if held { "ambiguous" } else { "fenced" })
            }
            Decision::Pause(error) => self.pause(job, error).await,
        };
        match outcome {
            Ok(label) => count(label),
            Err(error) => {
                tracing::warn!(job.id = %id, error.cause_chain = %cause_chain(&error), "cannot record a send attempt; the rescue takes it back");
                count("lost");
            }
        }
    }

    async fn finished(
        &self,
        label: &'static str,
        result: Result<inbox_domain::outbox::Finished, RepoError>,
    ) -> Result<&'static str, RepoError> {
        let finished = result?;
        if !finished.applied {
            return Ok("fenced");
        }
        if !finished.events.is_empty() {
            self.events.publish(finished.events).await;
        }
        Ok(label)
    }

    /// Credentials failed: the account stops sending until a person resumes it; the job waits.
    async fn pause(&self, job: &SendJob, error: JobError) -> Result<&'static str, RepoError> {
        let reason = format!(
            "credentials refused by Meta (code {})",
            error
                .code
                .map_or_else(|| "none".to_owned(), |c| c.to_string())
        );
        if self.outbox.pause_account(job.account_id, &reason).await? {
            tracing::error!(account.id = %job.account_id, error.code = ?error.code, "sending paused for an account: Meta refused its credentials; fix the token, then resume");
        }
        self.outbox
            .retry_later(job.id, job.attempt, std::time::Duration::ZERO, &error)
            .await?;
        Ok("paused")
    }
}

fn count(outcome: &'static str) {
    metrics::counter!(SENDS, "outcome" => outcome).increment(1);
}

/// The gateway call a job stands for, or why it cannot be made.
fn call_of(job: &SendJob) -> Result<Call, JobError> {
    if job.action == SendAction::MarkRead {
        return job
            .wamid
            .clone()
            .map(Call::MarkRead)
            .ok_or_else(|| JobError::internal("the message to mark read has no wamid"));
    }
    let request = job
        .request
        .as_ref()
        .ok_or_else(|| JobError::internal("the job carries no request"))?;
    let to = job
        .to
        .clone()
        .ok_or_else(|| JobError::internal("the contact has no WhatsApp number"))?;
    let callback = job.message_id.to_string();
    let message = match job.action {
        SendAction::Message => request.outbound(
            to,
            job.reply_to_wamid.clone(),
            None,
            Some(callback.as_str()),
        ),
        _ => request.outbound(to, None, job.wamid.as_ref(), None),
    }
    .map_err(|error| JobError::internal(format!("the stored request is not valid: {error}")))?;
    Ok(Call::Send(Box::new(message)))
}
