//! `Outbox::record` and `Outbox::queue_reaction`.

use inbox_domain::events::InboxEvent;
use inbox_domain::outbox::{IdempotencyKey, SendAction, SendJobState, SendRequest};
use inbox_domain::{ConversationId, Direction, MessageId, MessageKind, MessageStatus};
use serde_json::json;

use super::world::{
    OutboxWorld, claim_one, claim_ready, only_job, recorded, send, stored_message, text,
};
use crate::contract::fixtures::{
    Must, assert_conflict, assert_invalid, assert_not_found, conversation, wamid,
};
use crate::contract::port_case::port_cases;

port_cases![OutboxWorld;
    record_stores_a_pending_outbound_message_and_a_queued_job,
    record_with_a_used_key_and_the_same_request_returns_the_first,
    record_with_a_used_key_and_another_request_is_a_conflict,
    record_in_an_unknown_conversation_is_not_found,
    record_of_a_reaction_is_invalid,
    record_of_a_reply_carries_the_quoted_wamid_to_the_claim,
    queue_reaction_cancels_earlier_reaction_jobs_that_have_not_run,
    queue_reaction_on_an_unknown_message_is_not_found,
];

/// "stores the message as an outbound `pending` message of the conversation ... and a `queued`
/// `message` job carrying the request"; the claim carries the request and the recipient.
async fn record_stores_a_pending_outbound_message_and_a_queued_job(
    case: &'static str,
    w: OutboxWorld,
) {
    let (thread, recorded) = recorded(case, &w).await;
    assert!(!recorded.repeated, "{case}: a first record is no repeat");
    assert_eq!(
        recorded.events,
        vec![InboxEvent::MessageCreated {
            account_id: thread.account_id,
            conversation_id: thread.id,
            message_id: recorded.message_id,
        }],
        "{case}: one MessageCreated event"
    );
    let message = stored_message(case, &w, recorded.message_id).await;
    assert_eq!(message.direction, Direction::Outbound, "{case}: direction");
    assert_eq!(message.status, MessageStatus::Pending, "{case}: status");
    assert_eq!(message.kind, MessageKind::Text, "{case}: kind");
    assert_eq!(
        message.body.as_deref(),
        Some("Your order shipped"),
        "{case}: body"
    );
    assert!(message.wamid.is_none(), "{case}: no wamid yet");
    let job = only_job(case, &w, recorded.message_id).await;
    assert_eq!(job.state, SendJobState::Queued, "{case}: the job is queued");
    assert_eq!(job.action, SendAction::Message, "{case}: a message job");
    let claimed = claim_one(case, &w, &recorded).await;
    assert_eq!(
        claimed.request,
        Some(text("Your order shipped")),
        "{case}: the request"
    );
    assert_eq!(
        claimed.conversation_id, thread.id,
        "{case}: the conversation"
    );
    assert!(
        claimed.to.is_some(),
        "{case}: the contact's wa_id is the recipient"
    );
}

/// "With an idempotency key already used by this account for the same conversation and
/// request, stores nothing and returns the first message and job with `repeated` set."
async fn record_with_a_used_key_and_the_same_request_returns_the_first(
    case: &'static str,
    w: OutboxWorld,
) {
    let thread = conversation(&w.storage).await;
    let key = IdempotencyKey::parse("key-1").must(case, "key");
    let mut first = send(&thread, text("Hello"));
    first.idempotency_key = Some(key.clone());
    let stored = w.outbox.record(&first).await.must(case, "first record");
    let mut again = send(&thread, text("Hello"));
    again.idempotency_key = Some(key);
    let repeat = w.outbox.record(&again).await.must(case, "repeat");
    assert!(repeat.repeated, "{case}: the repeat is flagged");
    assert!(
        repeat.events.is_empty(),
        "{case}: a repeat announces nothing"
    );
    assert_eq!(
        repeat.message_id, stored.message_id,
        "{case}: the first message"
    );
    assert_eq!(repeat.job_id, stored.job_id, "{case}: the first job");
    assert_not_found(
        case,
        "message",
        w.storage.messages.get(again.message_id).await,
    );
}

/// "`Conflict` (entity "send", constraint "idempotency_key") when the key was used with
/// another request or conversation."
async fn record_with_a_used_key_and_another_request_is_a_conflict(
    case: &'static str,
    w: OutboxWorld,
) {
    let thread = conversation(&w.storage).await;
    let key = IdempotencyKey::parse("key-2").must(case, "key");
    let mut first = send(&thread, text("Hello"));
    first.idempotency_key = Some(key.clone());
    w.outbox.record(&first).await.must(case, "first record");
    let mut other = send(&thread, text("Another text"));
    other.idempotency_key = Some(key);
    assert_conflict(case, "send", w.outbox.record(&other).await);
}

/// "`NotFound` (entity "conversation") when the conversation does not exist."
async fn record_in_an_unknown_conversation_is_not_found(case: &'static str, w: OutboxWorld) {
    let thread = conversation(&w.storage).await;
    let mut send = send(&thread, text("Hello"));
    send.conversation_id = ConversationId::generate();
    assert_not_found(case, "conversation", w.outbox.record(&send).await);
}

/// "`Invalid` (entity "send") for a reaction request (use `queue_reaction`)."
async fn record_of_a_reaction_is_invalid(case: &'static str, w: OutboxWorld) {
    let thread = conversation(&w.storage).await;
    let reaction: SendRequest = serde_json::from_value(json!({"type": "reaction",
        "reaction": {"message_id": MessageId::generate(), "emoji": "👍"}}))
    .must(case, "a reaction request");
    assert_invalid(
        case,
        "send",
        w.outbox.record(&send(&thread, reaction)).await,
    );
}

/// "the quoted message from `reply_to`": the claim carries the quoted message's wamid.
async fn record_of_a_reply_carries_the_quoted_wamid_to_the_claim(
    case: &'static str,
    w: OutboxWorld,
) {
    let thread = conversation(&w.storage).await;
    let quoted = wamid();
    let mut inbound = crate::contract::fixtures::inbound(thread.id, 1);
    inbound.wamid = Some(quoted.clone());
    let quoted_id = inbound.id;
    w.storage
        .messages
        .append(inbound)
        .await
        .must(case, "append");
    let mut request = text("Answering you");
    request.reply_to = Some(quoted_id);
    let recorded = w
        .outbox
        .record(&send(&thread, request))
        .await
        .must(case, "record");
    let message = stored_message(case, &w, recorded.message_id).await;
    assert_eq!(
        message.reply_to,
        Some(quoted_id),
        "{case}: the reply points at it"
    );
    let job = claim_one(case, &w, &recorded).await;
    assert_eq!(
        job.reply_to_wamid,
        Some(quoted),
        "{case}: the claim quotes its wamid"
    );
}

/// "earlier reaction jobs of that message that have not run are cancelled."
async fn queue_reaction_cancels_earlier_reaction_jobs_that_have_not_run(
    case: &'static str,
    w: OutboxWorld,
) {
    let thread = conversation(&w.storage).await;
    let inbound = crate::contract::fixtures::inbound(thread.id, 1);
    let target = inbound.id;
    let target_wamid = inbound.wamid.clone();
    w.storage
        .messages
        .append(inbound)
        .await
        .must(case, "append");
    let first = w
        .outbox
        .queue_reaction(target, Some("👍".to_owned()))
        .await
        .must(case, "first reaction");
    let second = w
        .outbox
        .queue_reaction(target, None)
        .await
        .must(case, "removal");
    let jobs = w.outbox.jobs(target).await.must(case, "jobs");
    let state_of = |id| jobs.iter().find(|j| j.id == id).map(|j| j.state);
    assert_eq!(
        state_of(first),
        Some(SendJobState::Cancelled),
        "{case}: first cancelled"
    );
    assert_eq!(
        state_of(second),
        Some(SendJobState::Queued),
        "{case}: second queued"
    );
    let mut claimed = claim_ready(case, &w).await;
    assert_eq!(claimed.len(), 1, "{case}: only the newest reaction runs");
    let job = claimed.pop().must(case, "the job");
    assert_eq!(job.action, SendAction::Reaction, "{case}: a reaction job");
    assert_eq!(job.wamid, target_wamid, "{case}: the target's wamid");
    let request = job.request.must(case, "the reaction request");
    let target_wamid = target_wamid.must(case, "the target wamid");
    let content = request.content(Some(&target_wamid)).must(case, "content");
    assert_eq!(content.kind(), "reaction", "{case}: the content");
}

/// "`NotFound` (entity "message") when the message does not exist."
async fn queue_reaction_on_an_unknown_message_is_not_found(case: &'static str, w: OutboxWorld) {
    let result = w
        .outbox
        .queue_reaction(MessageId::generate(), Some("👍".to_owned()))
        .await;
    assert_not_found(case, "message", result);
}
