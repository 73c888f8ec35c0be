//! The auto-template fallback in memory, as `migrations/V16__template_fallback.sql` does it:
//! waiting sends recorded with their message, released ones queued, expired ones failed.

use time::OffsetDateTime;

use inbox_domain::events::InboxEvent;
use inbox_domain::message::{Direction, MessageKind, NewMessage};
use inbox_domain::outbox::SendAction;
use inbox_domain::templates::{
    EXPIRED_CODE, EXPIRED_REASON, EXPIRED_TITLE, ExpiredPending, NewWaitingSend, WaitingRecorded,
    template_send,
};
use inbox_domain::{AccountId, MessageStatus, MetaError, RepoError};

use crate::clock::stored;
use crate::outbox::Job;
use crate::state::State;
use crate::template_repo::PendingRow;

/// The store's answer to a JSON value it cannot build (never expected).
fn internal(error: serde_json::Error) -> RepoError {
    RepoError::Internal(Box::new(error))
}

impl State {
    /// `record_waiting` under the lock.
    pub(crate) fn record_waiting(
        &mut self,
        send: &NewWaitingSend,
    ) -> Result<WaitingRecorded, RepoError> {
        let pending = &send.pending;
        let account = self
            .conversations
            .get(&pending.conversation_id)
            .map(|c| c.account_id)
            .ok_or(RepoError::not_found("conversation"))?;
        let request = serde_json::to_value(&send.request).map_err(internal)?;
        if let Some(key) = &send.idempotency_key {
            let waiting = self.pending_templates.iter().filter_map(|row| {
                let (k, conversation, body) = row.key.as_ref()?;
                (row.pending.account_id == account && k == key.as_str()).then_some((
                    row.pending.message_id,
                    *conversation,
                    body,
                ))
            });
            let jobs = self.outbox.jobs.values().filter_map(|job| {
                let (k, conversation, body) = job.key.as_ref()?;
                (job.account_id == account && k == key.as_str()).then_some((
                    job.message_id,
                    *conversation,
                    body,
                ))
            });
            if let Some((message_id, conversation, body)) = waiting.chain(jobs).next() {
                if conversation != pending.conversation_id || *body != request {
                    return Err(RepoError::Conflict {
                        entity: "send",
                        constraint: "idempotency_key".to_owned(),
                    });
                }
                return Ok(WaitingRecorded {
                    message_id,
                    repeated: true,
                    events: Vec::new(),
                });
            }
        }
        self.append_message(NewMessage {
            id: pending.message_id,
            conversation_id: pending.conversation_id,
            direction: Direction::Outbound,
            kind: MessageKind::Text,
            body: Some(send.body.clone()),
            media: None,
            payload: request.clone(),
            wamid: None,
            status: MessageStatus::Pending,
            reply_to_wamid: None,
            sent_at: send.sent_at,
        })?;
        let mut row = pending.clone();
        row.account_id = account;
        row.expires_at = stored(row.expires_at);
        self.pending_templates.push(PendingRow {
            pending: row,
            state: "waiting",
            key: send.idempotency_key.as_ref().map(|k| {
                (
                    k.as_str().to_owned(),
                    pending.conversation_id,
                    request.clone(),
                )
            }),
            request: Some(request),
        });
        Ok(WaitingRecorded {
            message_id: pending.message_id,
            repeated: false,
            events: vec![InboxEvent::MessageCreated {
                account_id: account,
                conversation_id: pending.conversation_id,
                message_id: pending.message_id,
            }],
        })
    }

    /// Queues a `message` job for each released row whose message is still `pending`.
    pub(crate) fn queue_released(&mut self, account: AccountId, rows: Vec<PendingRow>) {
        for row in rows {
            let still_pending = self
                .messages
                .get(&row.pending.message_id)
                .is_some_and(|m| m.status == MessageStatus::Pending);
            if !still_pending {
                continue;
            }
            let request = row.request.clone().or_else(|| {
                let p = &row.pending;
                serde_json::to_value(template_send(&p.template_name, &p.language, &p.parameters))
                    .ok()
            });
            let Some(request) = request else { continue };
            let mut job = Job::queued(
                account,
                row.pending.message_id,
                SendAction::Message,
                request,
            );
            let key_taken = |k: &str| {
                self.outbox.jobs.values().any(|j| {
                    j.account_id == account && j.key.as_ref().is_some_and(|(jk, _, _)| jk == k)
                })
            };
            job.key = row.key.filter(|(k, _, _)| !key_taken(k));
            self.outbox.insert(job);
        }
    }

    /// `expire_waiting` under the lock.
    pub(crate) fn expire_waiting(
        &mut self,
        now: OffsetDateTime,
        limit: u32,
    ) -> Vec<ExpiredPending> {
        let mut due: Vec<usize> = (0..self.pending_templates.len())
            .filter(|&i| {
                let row = &self.pending_templates[i];
                row.state == "waiting" && row.pending.expires_at <= now
            })
            .collect();
        due.sort_by_key(|&i| self.pending_templates[i].pending.expires_at);
        due.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        let mut expired = Vec::new();
        for i in due {
            let row = &mut self.pending_templates[i];
            row.state = "expired";
            let p = row.pending.clone();
            if let Some(message) = self.messages.get_mut(&p.message_id)
                && message.status == MessageStatus::Pending
            {
                message.status = MessageStatus::Failed;
                message.error = Some(MetaError {
                    code: EXPIRED_CODE,
                    title: EXPIRED_TITLE.to_owned(),
                    details: Some(EXPIRED_REASON.to_owned()),
                });
            }
            expired.push(ExpiredPending {
                account_id: p.account_id,
                conversation_id: p.conversation_id,
                message_id: p.message_id,
            });
        }
        expired
    }
}
