//! The durable outbox: outgoing messages recorded with their send jobs, claimed by workers.

use async_trait::async_trait;
use std::time::Duration;

use crate::error::RepoError;
use crate::ids::{AccountId, MessageId};
use crate::outbox::{AttemptEnd, AttemptOutcome};
use crate::outbox::{Finished, JobError, NewSend, Recorded, SendJob, SendJobId, SendJobRecord};
use crate::wamid::Wamid;

/// Durable send jobs. A claim is a lease fenced by the attempt number: an attempt that lost its
/// lease can finish nothing. Meta's send API has no idempotency key, so a job that may have
/// reached Meta is never made runnable again before its reconciliation window has passed.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait Outbox: Send + Sync {
    /// In one atomic step: stores the message as an outbound `pending` message of the
    /// conversation (kind, body and media from the request, the request as its payload, the
    /// quoted message from `reply_to`) and a `queued` `message` job carrying the request. With
    /// an idempotency key already used by this account for the same conversation and request,
    /// stores nothing and returns the first message and job with `repeated` set. Returns the
    /// message read in the same step: as just stored (`pending`, with the request's content)
    /// for a new send, the first message as it is now (possibly sent since) for a repeat.
    ///
    /// # Errors
    /// - `NotFound` (entity "conversation") when the conversation does not exist.
    /// - `Conflict` (entity "send", constraint "idempotency_key") when the key was used with
    ///   another request or conversation.
    /// - `Invalid` (entity "send") for a reaction request (use `queue_reaction`).
    /// - `Unavailable` when storage cannot be reached.
    async fn record(&self, send: &NewSend) -> Result<Recorded, RepoError>;

    /// Queues a `reaction` job setting (or with no emoji, removing) our reaction on `message`;
    /// earlier reaction jobs of that message that have not run are cancelled.
    ///
    /// # Errors
    /// - `NotFound` (entity "message") when the message does not exist.
    /// - `Unavailable` when storage cannot be reached.
    async fn queue_reaction(
        &self,
        message: MessageId,
        emoji: Option<String>,
    ) -> Result<SendJobId, RepoError>;

    /// Claims up to `max` ready jobs (`queued`, or `retry` whose time has come) of accounts
    /// whose sending is not paused, oldest first, skipping those other workers hold: each
    /// becomes `running` until `now + lease`, its attempt number increased by one.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn claim(&self, max: u32, lease: Duration) -> Result<Vec<SendJob>, RepoError>;

    /// Notes that the attempt is about to call Meta: from now on a lost lease means Meta may
    /// have the message. Returns false (and changes nothing) when the attempt no longer holds
    /// the lease (another attempt, not `running`, or its lease expired).
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn dispatching(&self, id: SendJobId, attempt: i32) -> Result<bool, RepoError>;

    /// [`Outbox::dispatching`] for a group of attempts `(job, attempt)` in one step: one answer
    /// per attempt, in order, true for those that still hold their lease (and are now noted);
    /// an attempt without the lease changes nothing and does not stop the others.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached (then none of them may call Meta).
    async fn dispatching_many(
        &self,
        attempts: &[(SendJobId, i32)],
    ) -> Result<Vec<bool>, RepoError> {
        let mut held = Vec::with_capacity(attempts.len());
        for (id, attempt) in attempts {
            held.push(self.dispatching(*id, *attempt).await?);
        }
        Ok(held)
    }

    /// Meta accepted the attempt: the job becomes `done`; for a `message` job the message takes
    /// `wamid` and moves to `sent` (forward only, with a `MessageStatusChanged` event). Without
    /// the lease nothing changes and `applied` is false.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn sent(&self, id: SendJobId, attempt: i32, wamid: &Wamid)
    -> Result<Finished, RepoError>;

    /// Meta refused the attempt for good: the job becomes `failed` keeping `error`; for a
    /// `message` job the message moves to `failed` with Meta's code, title and details (code 0
    /// when Meta gave none), with a `MessageStatusChanged` event. Without the lease nothing
    /// changes and `applied` is false.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn failed(
        &self,
        id: SendJobId,
        attempt: i32,
        error: &JobError,
    ) -> Result<Finished, RepoError>;

    /// Meta did not act: the job goes to `retry`, runnable after `delay`, keeping `error`.
    /// Returns false (and changes nothing) without the lease.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn retry_later(
        &self,
        id: SendJobId,
        attempt: i32,
        delay: Duration,
        error: &JobError,
    ) -> Result<bool, RepoError>;

    /// Meta may have accepted the attempt: the job becomes `unknown` until `now + window`,
    /// keeping `error`; a status webhook carrying the message's id finishes it meanwhile.
    /// Returns false (and changes nothing) without the lease.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn ambiguous(
        &self,
        id: SendJobId,
        attempt: i32,
        window: Duration,
        error: &JobError,
    ) -> Result<bool, RepoError>;

    /// Ends a group of attempts in one step, each exactly as its single method (`sent`,
    /// `failed`, `retry_later`, `ambiguous`) would, fenced by its own attempt: one [`Finished`]
    /// per outcome, in order, with the events that outcome's change calls for (none for
    /// `retry_later` and `ambiguous`). An attempt without the lease changes nothing for itself
    /// (`applied` false) and the others still proceed.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached: the caller cannot tell which were
    ///   recorded; finishing each one alone afterwards is safe (a recorded one answers
    ///   `applied` false).
    async fn finish_many(&self, outcomes: &[AttemptOutcome]) -> Result<Vec<Finished>, RepoError> {
        let mut finished = Vec::with_capacity(outcomes.len());
        for outcome in outcomes {
            let (id, attempt) = (outcome.id, outcome.attempt);
            finished.push(match &outcome.end {
                AttemptEnd::Sent(wamid) => self.sent(id, attempt, wamid).await?,
                AttemptEnd::Failed(error) => self.failed(id, attempt, error).await?,
                AttemptEnd::RetryLater { delay, error } => Finished {
                    applied: self.retry_later(id, attempt, *delay, error).await?,
                    events: Vec::new(),
                },
                AttemptEnd::Ambiguous { window, error } => Finished {
                    applied: self.ambiguous(id, attempt, *window, error).await?,
                    events: Vec::new(),
                },
            });
        }
        Ok(finished)
    }

    /// Ends the reconciliation windows that passed: each such `unknown` job goes to `retry`
    /// (runnable now), or to `parked` when `park` is set. Returns how many.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn expire_reconciliation(&self, park: bool) -> Result<u64, RepoError>;

    /// Rescues `running` jobs whose lease expired: one whose attempt never reached
    /// `dispatching` goes to `retry` (runnable now); one that did may have reached Meta and
    /// becomes `unknown` until `now + window`. Returns how many.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn rescue_expired(&self, window: Duration) -> Result<u64, RepoError>;

    /// Stops claiming the account's jobs (its credentials failed); its jobs wait, none fails.
    /// Returns false when it was already paused (the first reason is kept).
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn pause_account(&self, account: AccountId, reason: &str) -> Result<bool, RepoError>;

    /// Lets the account's jobs be claimed again. Returns false when it was not paused.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn resume_account(&self, account: AccountId) -> Result<bool, RepoError>;

    /// Why the account's sending is paused, `None` when it is not.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn paused(&self, account: AccountId) -> Result<Option<String>, RepoError>;

    /// Sends a failed outbound message again: the message goes back to `pending` (its error
    /// cleared) with a new `queued` job carrying the request of its last job, with a
    /// `MessageStatusChanged` event. Returns the message as it is now, `pending` again, read
    /// in the same step.
    ///
    /// # Errors
    /// - `NotFound` (entity "message") when there is no such outbound message with a job.
    /// - `Conflict` (entity "message", constraint "not_failed") when it is not `failed`.
    /// - `Unavailable` when storage cannot be reached.
    async fn retry_message(&self, message: MessageId) -> Result<Recorded, RepoError>;

    /// The jobs of `message`, oldest first.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn jobs(&self, message: MessageId) -> Result<Vec<SendJobRecord>, RepoError>;
}
