//! Claimed jobs' way through a worker: credentials, a rate slot, the dispatch note (in a group),
//! the call to Meta, the transition its answer calls for (in a group), the events.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

use inbox_domain::outbound::{OutboundMessage, SenderCredentials};
use inbox_domain::outbox::{AttemptEnd, AttemptOutcome, JobError, SendAction, SendJob};
use inbox_domain::ports::{AccountRepo, EventBus, Outbox, WhatsAppGateway};
use inbox_domain::{AccountId, RepoError, Wamid};

use crate::error::cause_chain;
use crate::sending::decide::{Decision, decide_error};
use crate::sending::outcomes::{
    DispatchGroups, FinishGroups, dispatch_groups, finish_groups, finish_one,
};
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

/// A claimed job with the credentials of its account (`None`: the account is gone).
pub type ClaimedJob = (SendJob, Option<SenderCredentials>);

/// Carries claimed send jobs to Meta: what each worker task runs, usable on its own by tests.
pub struct SendPipeline {
    outbox: Arc<dyn Outbox>,
    accounts: Arc<dyn AccountRepo>,
    gateway: Arc<dyn WhatsAppGateway>,
    events: Arc<dyn EventBus>,
    limiter: RateLimiter,
    dispatches: DispatchGroups,
    finishes: FinishGroups,
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
        let dispatches = dispatch_groups(outbox.clone(), config.groups);
        let finishes = finish_groups(outbox.clone(), events.clone(), config.groups);
        Self {
            outbox,
            accounts,
            gateway,
            events,
            limiter,
            dispatches,
            finishes,
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
        let jobs = self.claim(self.config.batch_size).await?;
        let claimed = jobs.len();
        let runs = jobs.into_iter().map(|(job, from)| self.run_job(job, from));
        futures::future::join_all(runs).await;
        Ok(claimed)
    }

    /// Claims up to `max` jobs and looks up the credentials of their accounts.
    ///
    /// # Errors
    /// The claim's error, or the account lookup's (the claimed jobs then come back through the
    /// rescue after their lease, never called).
    pub async fn claim(&self, max: u32) -> Result<Vec<ClaimedJob>, RepoError> {
        let jobs = self.outbox.claim(max, self.config.lease).await?;
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
        Ok(jobs
            .into_iter()
            .map(|job| {
                let from = credentials.get(&job.account_id).cloned().flatten();
                (job, from)
            })
            .collect())
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

    /// Takes one claimed job to its end: Meta is called only once its dispatch note committed.
    pub async fn run_job(&self, job: SendJob, from: Option<SenderCredentials>) {
        let Some(from) = from else {
            let error = JobError::internal("the account no longer exists");
            return self.record(&job, Decision::Failed(error)).await;
        };
        let call = match call_of(&job) {
            Ok(call) => call,
            Err(error) => return self.record(&job, Decision::Failed(error)).await,
        };
        self.limiter.acquire(from.phone_number_id.as_str()).await;
        match self.dispatch(&job).await {
            Some(true) => {}
            Some(false) => return count("fenced"),
            // Not sent: the rescue makes it runnable again after the lease.
            None => return count("lost"),
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

    /// Notes the dispatch in a group (alone when the group's writer is gone): whether the
    /// attempt holds its lease, `None` when it could not be noted.
    async fn dispatch(&self, job: &SendJob) -> Option<bool> {
        let attempt = (job.id, job.attempt);
        if let Some(held) = self.dispatches.submit(attempt).await {
            return held;
        }
        match self.outbox.dispatching(job.id, job.attempt).await {
            Ok(held) => Some(held),
            Err(error) => {
                tracing::warn!(job.id = %job.id, error.cause_chain = %cause_chain(&error), "cannot note a send before calling Meta");
                None
            }
        }
    }

    /// Records the transition (in a group, its events published after the group commits) and
    /// counts it.
    async fn record(&self, job: &SendJob, decision: Decision) {
        let (end, label) = match decision {
            Decision::Sent(wamid) => {
                let Some(wamid) = wamid.or_else(|| job.wamid.clone()) else {
                    return count("lost");
                };
                (AttemptEnd::Sent(wamid), "sent")
            }
            Decision::Failed(error) => {
                tracing::info!(job.id = %job.id, account.id = %job.account_id, error.class = %error.class, error.code = ?error.code, "send failed for good");
                (AttemptEnd::Failed(error), "failed")
            }
            Decision::Retry(delay, error) => (AttemptEnd::RetryLater { delay, error }, "retried"),
            Decision::Ambiguous(error) => {
                tracing::warn!(job.id = %job.id, error.code = ?error.code, "send outcome unknown; waiting for its status webhook");
                let window = self.config.reconcile_window;
                (AttemptEnd::Ambiguous { window, error }, "ambiguous")
            }
            Decision::Pause(error) => {
                return match self.pause(job, error).await {
                    Ok(label) => count(label),
                    Err(error) => {
                        tracing::warn!(job.id = %job.id, error.cause_chain = %cause_chain(&error), "cannot record a send attempt; the rescue takes it back");
                        count("lost");
                    }
                };
            }
        };
        let outcome = AttemptOutcome {
            id: job.id,
            attempt: job.attempt,
            end,
        };
        let applied = match self.finishes.submit(outcome.clone()).await {
            Some(applied) => applied,
            None => finish_one(self.outbox.as_ref(), self.events.as_ref(), &outcome).await,
        };
        match applied {
            Some(true) => count(label),
            Some(false) => count("fenced"),
            None => count("lost"),
        }
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
