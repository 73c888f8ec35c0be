//! `send_jobs` and `send_pauses` in memory, with leases on the real clock and the attempt
//! number as fencing token, as `migrations/V13__outbox.sql` keeps them.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use serde_json::Value;
use time::OffsetDateTime;

use inbox_domain::outbox::{JobError, SendAction, SendJobId, SendJobRecord, SendJobState};
use inbox_domain::{AccountId, ConversationId, MessageId};

use crate::clock::{now, stored};

/// One row of `send_jobs`.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub(crate) account_id: AccountId,
    pub(crate) message_id: MessageId,
    pub(crate) action: SendAction,
    pub(crate) request: Value,
    /// The idempotency key with what it was first used for (conversation and request).
    pub(crate) key: Option<(String, ConversationId, Value)>,
    pub(crate) state: SendJobState,
    pub(crate) attempt: i32,
    pub(crate) run_at: OffsetDateTime,
    pub(crate) lease_until: Option<OffsetDateTime>,
    pub(crate) reconcile_until: Option<OffsetDateTime>,
    pub(crate) dispatched: bool,
    pub(crate) last_error: Option<JobError>,
}

impl Job {
    /// A `queued` job runnable now.
    pub(crate) fn queued(
        account_id: AccountId,
        message_id: MessageId,
        action: SendAction,
        request: Value,
    ) -> Self {
        Self {
            account_id,
            message_id,
            action,
            request,
            key: None,
            state: SendJobState::Queued,
            attempt: 0,
            run_at: now(),
            lease_until: None,
            reconcile_until: None,
            dispatched: false,
            last_error: None,
        }
    }

    /// Whether `attempt` holds the lease now (same attempt, running, lease not expired).
    pub(crate) fn leased_to(&self, attempt: i32) -> bool {
        self.attempt == attempt
            && self.state == SendJobState::Running
            && self.lease_until.is_some_and(|until| until > now())
    }

    /// Whether it is one of the states that keep a message send alive (the unique index).
    pub(crate) fn live(&self) -> bool {
        matches!(
            self.state,
            SendJobState::Queued
                | SendJobState::Running
                | SendJobState::Retry
                | SendJobState::Unknown
                | SendJobState::Parked
        )
    }

    /// The operator's view.
    pub(crate) fn record(&self, id: i64) -> SendJobRecord {
        SendJobRecord {
            id: SendJobId::new(id),
            account_id: self.account_id,
            message_id: self.message_id,
            action: self.action,
            state: self.state,
            attempt: self.attempt,
            run_at: self.run_at,
            reconcile_until: self.reconcile_until,
            last_error: self.last_error.clone(),
        }
    }
}

/// The outbox's tables.
#[derive(Debug, Default)]
pub(crate) struct OutboxTables {
    /// `send_jobs` by id.
    pub(crate) jobs: BTreeMap<i64, Job>,
    /// The last id handed out (the identity column).
    pub(crate) last_id: i64,
    /// `send_pauses`: the reason per paused account.
    pub(crate) pauses: HashMap<AccountId, String>,
}

impl OutboxTables {
    /// Inserts `job`; its id.
    pub(crate) fn insert(&mut self, job: Job) -> i64 {
        self.last_id += 1;
        self.jobs.insert(self.last_id, job);
        self.last_id
    }

    /// The job `id` when `attempt` holds its lease.
    pub(crate) fn leased(&mut self, id: SendJobId, attempt: i32) -> Option<&mut Job> {
        self.jobs
            .get_mut(&id.get())
            .filter(|job| job.leased_to(attempt))
    }
}

/// `t + d`, saturating at the far future.
pub(crate) fn later(t: OffsetDateTime, d: Duration) -> OffsetDateTime {
    time::Duration::try_from(d)
        .ok()
        .and_then(|d| t.checked_add(d))
        .map_or(
            OffsetDateTime::new_utc(time::Date::MAX, time::Time::MIDNIGHT),
            stored,
        )
}
