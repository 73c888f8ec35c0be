//! `inbox_outbox_record`, `inbox_outbox_queue_reaction` and `inbox_outbox_retry_message` in
//! memory: the message and its job in one change under the store's lock.

use serde_json::Value;

use inbox_domain::events::InboxEvent;
use inbox_domain::outbox::{NewSend, Recorded, SendAction, SendContent, SendJobId, SendJobState};
use inbox_domain::{Direction, MessageId, MessageStatus, NewMessage, RepoError};

use super::tables::Job;
use crate::state::State;

fn conflict(entity: &'static str, constraint: &str) -> RepoError {
    RepoError::Conflict {
        entity,
        constraint: constraint.to_owned(),
    }
}

fn internal(error: serde_json::Error) -> RepoError {
    RepoError::Internal(Box::new(error))
}

impl State {
    /// `inbox_outbox_record`.
    pub(crate) fn record_send(&mut self, send: &NewSend) -> Result<Recorded, RepoError> {
        if matches!(send.request.content, SendContent::Reaction { .. }) {
            return Err(RepoError::Invalid {
                entity: "send",
                reason: "a reaction is queued with queue_reaction".to_owned(),
            });
        }
        let account = self
            .conversations
            .get(&send.conversation_id)
            .map(|c| c.account_id)
            .ok_or(RepoError::not_found("conversation"))?;
        let request = serde_json::to_value(&send.request).map_err(internal)?;
        if let Some(key) = &send.idempotency_key {
            let first = self.outbox.jobs.iter().find(|(_, job)| {
                job.account_id == account
                    && job.key.as_ref().is_some_and(|(k, _, _)| k == key.as_str())
            });
            if let Some((id, job)) = first {
                let same = job.key.as_ref().is_some_and(|(_, conversation, body)| {
                    *conversation == send.conversation_id && *body == request
                });
                if !same {
                    return Err(conflict("send", "idempotency_key"));
                }
                return Ok(Recorded {
                    message_id: job.message_id,
                    message: self.shown_by_id(job.message_id)?,
                    job_id: SendJobId::new(*id),
                    repeated: true,
                    events: Vec::new(),
                });
            }
        }
        let mut reply_wamid = None;
        let mut reply_id = None;
        if let Some(quoted) = send.request.reply_to {
            let target = self
                .messages
                .get(&quoted)
                .filter(|m| m.conversation_id == send.conversation_id)
                .ok_or(RepoError::not_found("message"))?;
            reply_wamid = target.wamid.clone();
            reply_id = Some(quoted);
        }
        let outcome = self.append_message(NewMessage {
            id: send.message_id,
            conversation_id: send.conversation_id,
            direction: Direction::Outbound,
            kind: send.request.kind(),
            body: send.request.body(),
            media: send.request.media(),
            payload: request.clone(),
            wamid: None,
            status: MessageStatus::Pending,
            reply_to_wamid: reply_wamid,
            sent_at: send.sent_at,
        })?;
        if let Some(message) = self.messages.get_mut(&outcome.message.id) {
            message.reply_to = message.reply_to.or(reply_id);
        }
        let mut job = Job::queued(
            account,
            send.message_id,
            SendAction::Message,
            request.clone(),
        );
        job.key = send
            .idempotency_key
            .as_ref()
            .map(|k| (k.as_str().to_owned(), send.conversation_id, request));
        let id = self.outbox.insert(job);
        Ok(Recorded {
            message_id: send.message_id,
            message: self.shown_by_id(send.message_id)?,
            job_id: SendJobId::new(id),
            repeated: false,
            events: vec![InboxEvent::MessageCreated {
                account_id: account,
                conversation_id: send.conversation_id,
                message_id: send.message_id,
            }],
        })
    }

    /// `inbox_outbox_queue_reaction`.
    pub(crate) fn queue_reaction(
        &mut self,
        message: MessageId,
        emoji: Option<String>,
    ) -> Result<SendJobId, RepoError> {
        let account = self
            .messages
            .get(&message)
            .map(|m| m.account_id)
            .ok_or(RepoError::not_found("message"))?;
        for job in self.outbox.jobs.values_mut() {
            if job.message_id == message
                && job.action == SendAction::Reaction
                && matches!(job.state, SendJobState::Queued | SendJobState::Retry)
            {
                job.state = SendJobState::Cancelled;
            }
        }
        let request = serde_json::json!({
            "type": "reaction",
            "reaction": {"message_id": message, "emoji": emoji},
        });
        let id = self
            .outbox
            .insert(Job::queued(account, message, SendAction::Reaction, request));
        Ok(SendJobId::new(id))
    }

    /// `inbox_outbox_retry_message`.
    pub(crate) fn retry_message(&mut self, id: MessageId) -> Result<Recorded, RepoError> {
        let message = self
            .messages
            .get(&id)
            .filter(|m| m.direction == Direction::Outbound)
            .ok_or(RepoError::not_found("message"))?;
        let (account, conversation, status) =
            (message.account_id, message.conversation_id, message.status);
        let sends = || {
            self.outbox
                .jobs
                .values()
                .filter(move |j| j.message_id == id && j.action == SendAction::Message)
        };
        let request: Value = sends()
            .next_back()
            .map(|j| j.request.clone())
            .ok_or(RepoError::not_found("message"))?;
        let running = sends().any(|j| j.live() && j.state != SendJobState::Parked);
        if status != MessageStatus::Failed || running {
            return Err(conflict("message", "not_failed"));
        }
        for job in self.outbox.jobs.values_mut() {
            if job.message_id == id
                && job.action == SendAction::Message
                && job.state == SendJobState::Parked
            {
                job.state = SendJobState::Cancelled;
            }
        }
        self.forget_wamid(id);
        if let Some(message) = self.messages.get_mut(&id) {
            message.status = MessageStatus::Pending;
            message.error = None;
        }
        let job = self
            .outbox
            .insert(Job::queued(account, id, SendAction::Message, request));
        Ok(Recorded {
            message_id: id,
            message: self.shown_by_id(id)?,
            job_id: SendJobId::new(job),
            repeated: false,
            events: vec![InboxEvent::MessageStatusChanged {
                account_id: account,
                conversation_id: conversation,
                message_id: id,
                status: MessageStatus::Pending,
            }],
        })
    }
}
