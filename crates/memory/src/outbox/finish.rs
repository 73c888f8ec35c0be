//! Claims, the ends of attempts, housekeeping and reconciliation of the outbox in memory
//! (`inbox_outbox_claim` ... `inbox_outbox_reconcile`).

use std::time::Duration;

use inbox_domain::events::InboxEvent;
use inbox_domain::outbox::{
    Finished, JobError, SendAction, SendJob, SendJobId, SendJobState, SendRequest,
};
use inbox_domain::{AccountId, Direction, MessageId, MessageStatus, MetaError, RepoError, Wamid};

use super::tables::later;
use crate::clock::now;
use crate::state::State;
use crate::status::move_status;

impl State {
    /// `inbox_outbox_claim`.
    pub(crate) fn claim_sends(
        &mut self,
        max: u32,
        lease: Duration,
    ) -> Result<Vec<SendJob>, RepoError> {
        let at = now();
        let mut ready: Vec<(time::OffsetDateTime, i64)> = self
            .outbox
            .jobs
            .iter()
            .filter(|(_, j)| {
                matches!(j.state, SendJobState::Queued | SendJobState::Retry)
                    && j.run_at <= at
                    && !self.outbox.pauses.contains_key(&j.account_id)
            })
            .map(|(id, j)| (j.run_at, *id))
            .collect();
        ready.sort_unstable();
        ready.truncate(usize::try_from(max).unwrap_or(usize::MAX));
        let mut claimed = Vec::with_capacity(ready.len());
        for (_, id) in ready {
            let Some(job) = self.outbox.jobs.get_mut(&id) else {
                continue;
            };
            job.state = SendJobState::Running;
            job.attempt += 1;
            job.lease_until = Some(later(at, lease));
            job.dispatched = false;
            let job = job.clone();
            let Some(message) = self.messages.get(&job.message_id) else {
                continue;
            };
            let to = self
                .conversations
                .get(&message.conversation_id)
                .and_then(|c| self.contacts.get(&c.contact_id))
                .and_then(|c| c.wa_id.clone());
            let reply_to_wamid = (job.action == SendAction::Message)
                .then(|| {
                    message.reply_to_wamid.clone().or_else(|| {
                        message
                            .reply_to
                            .and_then(|q| self.messages.get(&q))
                            .and_then(|q| q.wamid.clone())
                    })
                })
                .flatten();
            let request = match job.action {
                SendAction::MarkRead => None,
                _ => Some(
                    serde_json::from_value::<SendRequest>(job.request.clone())
                        .map_err(|e| RepoError::Internal(Box::new(e)))?,
                ),
            };
            claimed.push(SendJob {
                id: SendJobId::new(id),
                attempt: job.attempt,
                account_id: job.account_id,
                conversation_id: message.conversation_id,
                message_id: job.message_id,
                action: job.action,
                request,
                to,
                reply_to_wamid,
                wamid: message.wamid.clone(),
            });
        }
        Ok(claimed)
    }

    /// `inbox_outbox_dispatching`.
    pub(crate) fn dispatching(&mut self, id: SendJobId, attempt: i32) -> bool {
        self.outbox
            .leased(id, attempt)
            .map(|job| job.dispatched = true)
            .is_some()
    }

    /// The message's status event when its status is no longer `before`.
    fn status_event(&self, id: MessageId, before: MessageStatus) -> Vec<InboxEvent> {
        self.messages
            .get(&id)
            .filter(|m| m.status != before)
            .map(|m| InboxEvent::MessageStatusChanged {
                account_id: m.account_id,
                conversation_id: m.conversation_id,
                message_id: m.id,
                status: m.status,
            })
            .into_iter()
            .collect()
    }

    /// Gives message `id` the wamid when it has none and no other message has it; the kept
    /// statuses of that wamid follow (the `messages_wamid_set_take_pending` trigger).
    fn set_wamid(&mut self, id: MessageId, wamid: &Wamid) {
        if self.message_by_wamid.contains_key(wamid) {
            return;
        }
        let Some(message) = self.messages.get_mut(&id).filter(|m| m.wamid.is_none()) else {
            return;
        };
        message.wamid = Some(wamid.clone());
        self.message_by_wamid.insert(wamid.clone(), id);
        self.take_pending_statuses(id, wamid);
    }

    /// Lets go of the wamid of message `id` (a retried send gets a new one).
    pub(crate) fn forget_wamid(&mut self, id: MessageId) {
        if let Some(wamid) = self.messages.get_mut(&id).and_then(|m| m.wamid.take()) {
            self.message_by_wamid.remove(&wamid);
        }
    }

    /// `inbox_outbox_sent`.
    pub(crate) fn sent(&mut self, id: SendJobId, attempt: i32, wamid: &Wamid) -> Finished {
        let Some(job) = self.outbox.leased(id, attempt) else {
            return Finished::default();
        };
        job.state = SendJobState::Done;
        job.lease_until = None;
        let (message, action) = (job.message_id, job.action);
        if action != SendAction::Message {
            return Finished {
                applied: true,
                events: Vec::new(),
            };
        }
        let before = self.messages.get(&message).map(|m| m.status);
        self.set_wamid(message, wamid);
        if let Some(m) = self.messages.get_mut(&message) {
            move_status(m, MessageStatus::Sent, None);
        }
        Finished {
            applied: true,
            events: before
                .map(|b| self.status_event(message, b))
                .unwrap_or_default(),
        }
    }

    /// `inbox_outbox_failed`.
    pub(crate) fn failed(&mut self, id: SendJobId, attempt: i32, error: &JobError) -> Finished {
        let Some(job) = self.outbox.leased(id, attempt) else {
            return Finished::default();
        };
        job.state = SendJobState::Failed;
        job.lease_until = None;
        job.last_error = Some(error.clone());
        let (message, action) = (job.message_id, job.action);
        if action != SendAction::Message {
            return Finished {
                applied: true,
                events: Vec::new(),
            };
        }
        let before = self.messages.get(&message).map(|m| m.status);
        if let Some(m) = self.messages.get_mut(&message) {
            let meta = MetaError {
                code: error.code.unwrap_or(0),
                title: error.title.chars().take(1000).collect(),
                details: error.details.clone(),
            };
            move_status(m, MessageStatus::Failed, Some(meta));
        }
        Finished {
            applied: true,
            events: before
                .map(|b| self.status_event(message, b))
                .unwrap_or_default(),
        }
    }

    /// `inbox_outbox_retry_later` (`unknown: false`) and `inbox_outbox_ambiguous` (`true`).
    pub(crate) fn postpone(
        &mut self,
        id: SendJobId,
        attempt: i32,
        after: Duration,
        error: &JobError,
        unknown: bool,
    ) -> bool {
        let at = now();
        let Some(job) = self.outbox.leased(id, attempt) else {
            return false;
        };
        job.lease_until = None;
        job.last_error = Some(error.clone());
        if unknown {
            job.state = SendJobState::Unknown;
            job.reconcile_until = Some(later(at, after));
        } else {
            job.state = SendJobState::Retry;
            job.run_at = later(at, after);
        }
        true
    }

    /// `inbox_outbox_expire_reconciliation`.
    pub(crate) fn expire_reconciliation(&mut self, park: bool) -> u64 {
        let at = now();
        let mut moved = 0;
        for job in self.outbox.jobs.values_mut() {
            if job.state == SendJobState::Unknown && job.reconcile_until.is_some_and(|u| u <= at) {
                job.state = if park {
                    SendJobState::Parked
                } else {
                    SendJobState::Retry
                };
                job.run_at = at;
                job.reconcile_until = None;
                moved += 1;
            }
        }
        moved
    }

    /// `inbox_outbox_rescue`.
    pub(crate) fn rescue_sends(&mut self, window: Duration) -> u64 {
        let at = now();
        let mut moved = 0;
        for job in self.outbox.jobs.values_mut() {
            if job.state == SendJobState::Running && job.lease_until.is_some_and(|u| u <= at) {
                job.lease_until = None;
                job.run_at = at;
                if job.dispatched {
                    job.state = SendJobState::Unknown;
                    job.reconcile_until = Some(later(at, window));
                } else {
                    job.state = SendJobState::Retry;
                }
                moved += 1;
            }
        }
        moved
    }

    /// `inbox_outbox_reconcile`: the status of a send whose wamid we never learnt.
    pub(crate) fn reconcile_send(&mut self, account: AccountId, wamid: &Wamid, callback: &str) {
        let Ok(id) = callback.parse::<MessageId>() else {
            return;
        };
        let ours = self.messages.get(&id).is_some_and(|m| {
            m.account_id == account
                && m.direction == Direction::Outbound
                && m.wamid.as_ref().is_none_or(|w| w == wamid)
        });
        if !ours {
            return;
        }
        for job in self.outbox.jobs.values_mut() {
            if job.message_id == id && job.action == SendAction::Message && job.live() {
                job.state = SendJobState::Done;
                job.lease_until = None;
                job.reconcile_until = None;
            }
        }
        self.set_wamid(id, wamid);
    }
}
