//! The `Outbox` port in memory: `send_jobs` and `send_pauses` beside the messages they send.

mod batch;
mod finish;
mod record;
mod tables;

pub(crate) use tables::Job;
pub(crate) use tables::OutboxTables;

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use inbox_domain::outbox::{
    Finished, JobError, NewSend, Recorded, SendJob, SendJobId, SendJobRecord,
};
use inbox_domain::ports::Outbox;
use inbox_domain::{AccountId, MessageId, RepoError, Wamid};

use crate::store::MemoryStore;

impl MemoryStore {
    /// The outbox of this store, sharing its messages.
    pub fn outbox(self: Arc<Self>) -> Arc<dyn Outbox> {
        self
    }
}

#[async_trait]
impl Outbox for MemoryStore {
    async fn record(&self, send: &NewSend) -> Result<Recorded, RepoError> {
        self.write()?.record_send(send)
    }

    async fn queue_reaction(
        &self,
        message: MessageId,
        emoji: Option<String>,
    ) -> Result<SendJobId, RepoError> {
        self.write()?.queue_reaction(message, emoji)
    }

    async fn claim(&self, max: u32, lease: Duration) -> Result<Vec<SendJob>, RepoError> {
        self.write()?.claim_sends(max, lease)
    }

    async fn dispatching(&self, id: SendJobId, attempt: i32) -> Result<bool, RepoError> {
        Ok(self.write()?.dispatching(id, attempt))
    }

    async fn sent(
        &self,
        id: SendJobId,
        attempt: i32,
        wamid: &Wamid,
    ) -> Result<Finished, RepoError> {
        Ok(self.write()?.sent(id, attempt, wamid))
    }

    async fn failed(
        &self,
        id: SendJobId,
        attempt: i32,
        error: &JobError,
    ) -> Result<Finished, RepoError> {
        Ok(self.write()?.failed(id, attempt, error))
    }

    async fn retry_later(
        &self,
        id: SendJobId,
        attempt: i32,
        delay: Duration,
        error: &JobError,
    ) -> Result<bool, RepoError> {
        Ok(self.write()?.postpone(id, attempt, delay, error, false))
    }

    async fn ambiguous(
        &self,
        id: SendJobId,
        attempt: i32,
        window: Duration,
        error: &JobError,
    ) -> Result<bool, RepoError> {
        Ok(self.write()?.postpone(id, attempt, window, error, true))
    }

    async fn dispatching_many(
        &self,
        attempts: &[(SendJobId, i32)],
    ) -> Result<Vec<bool>, RepoError> {
        Ok(self.write()?.dispatching_many(attempts))
    }

    async fn finish_many(
        &self,
        outcomes: &[inbox_domain::outbox::AttemptOutcome],
    ) -> Result<Vec<Finished>, RepoError> {
        Ok(self.write()?.finish_many(outcomes))
    }

    async fn expire_reconciliation(&self, park: bool) -> Result<u64, RepoError> {
        Ok(self.write()?.expire_reconciliation(park))
    }

    async fn rescue_expired(&self, window: Duration) -> Result<u64, RepoError> {
        Ok(self.write()?.rescue_sends(window))
    }

    async fn pause_account(&self, account: AccountId, reason: &str) -> Result<bool, RepoError> {
        let mut state = self.write()?;
        if state.outbox.pauses.contains_key(&account) {
            return Ok(false);
        }
        let reason = if reason.trim().is_empty() {
            "paused".to_owned()
        } else {
            reason.chars().take(1000).collect()
        };
        state.outbox.pauses.insert(account, reason);
        Ok(true)
    }

    async fn resume_account(&self, account: AccountId) -> Result<bool, RepoError> {
        Ok(self.write()?.outbox.pauses.remove(&account).is_some())
    }

    async fn paused(&self, account: AccountId) -> Result<Option<String>, RepoError> {
        Ok(self.read()?.outbox.pauses.get(&account).cloned())
    }

    async fn retry_message(&self, message: MessageId) -> Result<Recorded, RepoError> {
        self.write()?.retry_message(message)
    }

    async fn jobs(&self, message: MessageId) -> Result<Vec<SendJobRecord>, RepoError> {
        Ok(self
            .read()?
            .outbox
            .jobs
            .iter()
            .filter(|(_, job)| job.message_id == message)
            .map(|(id, job)| job.record(*id))
            .collect())
    }
}
