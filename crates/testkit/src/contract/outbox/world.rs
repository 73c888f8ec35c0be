//! The fixture of an outbox case, and the steps cases share.

use std::sync::Arc;
use std::time::Duration;

use inbox_domain::outbox::{JobError, NewSend, Recorded, SendJob, SendJobRecord, SendRequest};
use inbox_domain::ports::{Outbox, Storage};
use inbox_domain::{Conversation, Message, MessageId};
use serde_json::json;

use crate::contract::fixtures::{Must, at, conversation};
use crate::contract::port_case::Fixture;

/// The storage (for accounts, conversations, messages and webhooks) and the outbox over it.
#[derive(Clone)]
pub struct OutboxWorld {
    /// Every repository of the backend.
    pub storage: Storage,
    /// The adapter under test, sharing the storage's data.
    pub outbox: Arc<dyn Outbox>,
}

impl Fixture<OutboxWorld> for OutboxWorld {
    fn fixture(&self) -> OutboxWorld {
        self.clone()
    }
}

impl<G: Send> Fixture<OutboxWorld> for (OutboxWorld, G) {
    fn fixture(&self) -> OutboxWorld {
        self.0.clone()
    }
}

/// A lease long enough for any case.
pub const LEASE: Duration = Duration::from_secs(60);

/// Meta's error of class `class` with `code`, as an attempt ends with it.
pub fn meta_error(class: &str, code: i64) -> JobError {
    JobError {
        class: class.to_owned(),
        code: Some(code),
        title: "Meta said no".to_owned(),
        details: Some("Explained".to_owned()),
    }
}

/// A text request saying `body`.
pub fn text(body: &str) -> SendRequest {
    serde_json::from_value(json!({"type": "text", "text": {"body": body}}))
        .must("fixture", "a text request")
}

/// A send of `request` in `conversation`, with a fresh message id.
pub fn send(conversation: &Conversation, request: SendRequest) -> NewSend {
    NewSend {
        message_id: MessageId::generate(),
        conversation_id: conversation.id,
        request,
        idempotency_key: None,
        sent_at: at(5),
    }
}

/// A new conversation with one recorded text send.
pub async fn recorded(case: &str, w: &OutboxWorld) -> (Conversation, Recorded) {
    let thread = conversation(&w.storage).await;
    let recorded = w
        .outbox
        .record(&send(&thread, text("Your order shipped")))
        .await
        .must(case, "record");
    (thread, recorded)
}

/// Claims whatever is ready (up to 10 jobs: more than any case queues).
pub async fn claim_ready(case: &str, w: &OutboxWorld) -> Vec<SendJob> {
    w.outbox.claim(10, LEASE).await.must(case, "claim")
}

/// Claims and expects exactly the job of `recorded` (cases own their store, so nothing else
/// is ready).
pub async fn claim_one(case: &str, w: &OutboxWorld, recorded: &Recorded) -> SendJob {
    let mut jobs = claim_ready(case, w).await;
    assert_eq!(jobs.len(), 1, "{case}: exactly the recorded job is ready");
    let job = jobs.pop().must(case, "the claimed job");
    assert_eq!(
        job.id, recorded.job_id,
        "{case}: the recorded job is claimed"
    );
    job
}

/// `message` as the message repository now reads it.
pub async fn stored_message(case: &str, w: &OutboxWorld, message: MessageId) -> Message {
    w.storage
        .messages
        .get(message)
        .await
        .must(case, "get the message")
}

/// The only job of `message`.
pub async fn only_job(case: &str, w: &OutboxWorld, message: MessageId) -> SendJobRecord {
    let mut jobs = w.outbox.jobs(message).await.must(case, "jobs");
    assert_eq!(jobs.len(), 1, "{case}: the message has one job");
    jobs.pop().must(case, "the job")
}
