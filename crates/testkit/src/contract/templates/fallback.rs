//! The auto-template fallback part of the `TemplateRepo` contract: a waiting send recorded with
//! its message, an approval that queues the sends, and the expiry of messages that waited too
//! long.

use std::time::Duration as StdDuration;

use inbox_domain::events::InboxEvent;
use inbox_domain::outbound::{TemplateName, TemplateState};
use inbox_domain::outbox::{IdempotencyKey, SendAction, SendContent, SendJob};
use inbox_domain::templates::{
    EXPIRED_CODE, EXPIRED_TITLE, NewPendingMessage, NewWaitingSend, TemplateReview, template_send,
};
use inbox_domain::{Conversation, ConversationId, MessageId, MessageStatus, RepoError};
use time::{Duration, OffsetDateTime};

use super::super::fixtures::{Must, conversation};
use super::super::port_case::port_cases;
use super::{TemplateWorld, create, lang, name};

port_cases![TemplateWorld;
    record_waiting_stores_a_pending_message_that_waits_for_its_template,
    record_waiting_with_a_used_key_answers_the_first_message_or_a_conflict,
    record_waiting_in_an_unknown_conversation_is_not_found,
    resolve_pending_on_approval_queues_one_template_send_per_released_message,
    a_status_webhook_approving_the_template_queues_the_waiting_sends,
    expire_waiting_fails_the_messages_past_their_expiry,
];

/// A waiting send of "Hello Ana" as template `n` (language `en`) with parameter "Ana".
fn waiting_send(c: &Conversation, n: &TemplateName, expires_in: Duration) -> NewWaitingSend {
    let parameters = vec!["Ana".to_owned()];
    NewWaitingSend {
        request: template_send(n, &lang("en"), &parameters),
        pending: NewPendingMessage {
            account_id: c.account_id,
            conversation_id: c.id,
            message_id: MessageId::generate(),
            template_name: n.clone(),
            language: lang("en"),
            parameters,
            expires_at: OffsetDateTime::now_utc() + expires_in,
        },
        body: "Hello Ana".to_owned(),
        idempotency_key: None,
        sent_at: OffsetDateTime::now_utc(),
    }
}

/// Approves `n` (language `en`) in `c`'s account.
async fn approve(w: &TemplateWorld, c: &Conversation, n: &TemplateName) {
    let review = TemplateReview {
        account_id: c.account_id,
        name: n.clone(),
        language: lang("en"),
        status: TemplateState::Approved,
        reason: None,
    };
    w.templates
        .apply_review(&review)
        .await
        .must("fixture", "review");
}

/// The runnable jobs of `message` (claimed, so they must be fresh).
async fn claimed(case: &str, w: &TemplateWorld, message: MessageId) -> Vec<SendJob> {
    let jobs = w
        .outbox
        .claim(1000, StdDuration::from_secs(60))
        .await
        .must(case, "claim");
    jobs.into_iter()
        .filter(|j| j.message_id == message)
        .collect()
}

/// "stores `send.pending.message_id` as an outbound `pending` text message of the conversation
/// (body `send.body`, payload the request; no send job yet) and queues it to wait for its
/// template"
async fn record_waiting_stores_a_pending_message_that_waits_for_its_template(
    case: &'static str,
    w: TemplateWorld,
) {
    let c = conversation(&w.storage).await;
    let n = name();
    create(&w, c.account_id, &n, "en", TemplateState::Pending).await;
    let send = waiting_send(&c, &n, Duration::days(1));
    let m = send.pending.message_id;
    let recorded = w.templates.record_waiting(&send).await.must(case, "record");
    assert_eq!(
        (recorded.message_id, recorded.repeated),
        (m, false),
        "{case}: created"
    );
    assert_eq!(
        recorded.events,
        vec![InboxEvent::MessageCreated {
            account_id: c.account_id,
            conversation_id: c.id,
            message_id: m,
        }],
        "{case}: event"
    );
    let stored = w.storage.messages.get(m).await.must(case, "message");
    assert_eq!(
        (stored.status, stored.body.as_deref()),
        (MessageStatus::Pending, Some("Hello Ana")),
        "{case}: the message"
    );
    assert!(
        w.outbox.jobs(m).await.must(case, "jobs").is_empty(),
        "{case}: no job yet"
    );
    let again = w.templates.enqueue_pending(&send.pending).await;
    assert!(
        matches!(again, Err(RepoError::Conflict { .. })),
        "{case}: already waiting: {again:?}"
    );
}

/// "With an idempotency key this account already used (for a waiting send or a send job)
/// with the same conversation and request, stores nothing and returns the first message with
/// `repeated` set." and "`Conflict` (entity "send", constraint "idempotency_key") when the key
/// was used with another request or conversation."
async fn record_waiting_with_a_used_key_answers_the_first_message_or_a_conflict(
    case: &'static str,
    w: TemplateWorld,
) {
    let c = conversation(&w.storage).await;
    let n = name();
    create(&w, c.account_id, &n, "en", TemplateState::Pending).await;
    let key = IdempotencyKey::parse("fallback-1").must(case, "key");
    let mut first = waiting_send(&c, &n, Duration::days(1));
    first.idempotency_key = Some(key.clone());
    w.templates.record_waiting(&first).await.must(case, "first");

    let mut repeat = waiting_send(&c, &n, Duration::days(1));
    repeat.idempotency_key = Some(key.clone());
    let answer = w
        .templates
        .record_waiting(&repeat)
        .await
        .must(case, "repeat");
    assert_eq!(
        (answer.message_id, answer.repeated, answer.events.len()),
        (first.pending.message_id, true, 0),
        "{case}: the first message"
    );
    assert!(
        w.storage
            .messages
            .get(repeat.pending.message_id)
            .await
            .is_err(),
        "{case}: the repeat stored nothing"
    );

    let mut other = waiting_send(&c, &n, Duration::days(1));
    other.idempotency_key = Some(key);
    other.request = template_send(&n, &lang("en"), &["Bo".to_owned()]);
    let result = w.templates.record_waiting(&other).await;
    assert!(
        matches!(&result, Err(RepoError::Conflict { entity: "send", constraint }) if constraint == "idempotency_key"),
        "{case}: {result:?}"
    );
}

/// "`NotFound` (entity "conversation") when the conversation does not exist."
async fn record_waiting_in_an_unknown_conversation_is_not_found(
    case: &'static str,
    w: TemplateWorld,
) {
    let c = conversation(&w.storage).await;
    let mut send = waiting_send(&c, &name(), Duration::days(1));
    send.pending.conversation_id = ConversationId::generate();
    let result = w.templates.record_waiting(&send).await;
    assert!(
        matches!(
            result,
            Err(RepoError::NotFound {
                entity: "conversation"
            })
        ),
        "{case}: {result:?}"
    );
}

/// "APPROVED releases every message waiting for it ... queueing in the same step a `message`
/// send job for each one still `pending` (the waiting send's template request ...)"
async fn resolve_pending_on_approval_queues_one_template_send_per_released_message(
    case: &'static str,
    w: TemplateWorld,
) {
    let c = conversation(&w.storage).await;
    let n = name();
    create(&w, c.account_id, &n, "en", TemplateState::Pending).await;
    let send = waiting_send(&c, &n, Duration::days(1));
    let m = send.pending.message_id;
    w.templates.record_waiting(&send).await.must(case, "record");
    approve(&w, &c, &n).await;
    let en = lang("en");
    let resolution = w
        .templates
        .resolve_pending(c.account_id, &n, &en)
        .await
        .must(case, "resolve");
    assert_eq!(resolution.released.len(), 1, "{case}: released");
    w.templates
        .resolve_pending(c.account_id, &n, &en)
        .await
        .must(case, "again");

    let jobs = claimed(case, &w, m).await;
    assert_eq!(jobs.len(), 1, "{case}: one job: {jobs:?}");
    assert_eq!(jobs[0].action, SendAction::Message, "{case}: action");
    let request = jobs[0].request.clone().must(case, "a request");
    match &request.content {
        SendContent::Template { template } => assert_eq!(
            (
                template.name.as_str(),
                template.language.as_str(),
                template.body.len()
            ),
            (n.as_str(), "en", 1),
            "{case}: the template request"
        ),
        other => panic!("{case}: not a template request: {other:?}"),
    }
}

/// The webhook's review update resolves like `resolve_pending`: an approval queues the sends
/// of the waiting messages in the same step, once.
async fn a_status_webhook_approving_the_template_queues_the_waiting_sends(
    case: &'static str,
    w: TemplateWorld,
) {
    use super::super::webhooks::batch::{batch, template_update};
    use super::super::webhooks::world::deliver;

    let c = conversation(&w.storage).await;
    let shop = w
        .storage
        .accounts
        .get(c.account_id)
        .await
        .must(case, "account");
    let n = name();
    let stored = create(&w, c.account_id, &n, "en", TemplateState::Pending).await;
    let meta_id: i64 = stored
        .meta_template_id
        .as_deref()
        .must(case, "a Meta id")
        .parse()
        .must(case, "a numeric Meta id");
    let send = waiting_send(&c, &n, Duration::days(1));
    let m = send.pending.message_id;
    w.templates.record_waiting(&send).await.must(case, "record");

    for _ in 0..2 {
        let mut delivery = batch(Vec::new());
        delivery.template_updates.push(template_update(
            &shop.waba_id,
            meta_id,
            n.as_str(),
            "APPROVED",
        ));
        deliver(case, &w.storage, &delivery).await;
    }
    let jobs = w.outbox.jobs(m).await.must(case, "jobs");
    assert_eq!(
        jobs.len(),
        1,
        "{case}: one job after two approvals: {jobs:?}"
    );
    let stored = w.storage.messages.get(m).await.must(case, "message");
    assert_eq!(
        stored.status,
        MessageStatus::Pending,
        "{case}: still pending"
    );
}

/// "Fails up to `limit` messages still waiting at `now` past their `expires_at` ... its message
/// (when still `pending`) `failed` with `EXPIRED_CODE`, `EXPIRED_TITLE` and `EXPIRED_REASON`."
async fn expire_waiting_fails_the_messages_past_their_expiry(case: &'static str, w: TemplateWorld) {
    let c = conversation(&w.storage).await;
    let n = name();
    create(&w, c.account_id, &n, "en", TemplateState::Pending).await;
    let old = waiting_send(&c, &n, Duration::minutes(-5));
    let fresh = waiting_send(&c, &n, Duration::days(1));
    for send in [&old, &fresh] {
        w.templates.record_waiting(send).await.must(case, "record");
    }
    let expired = w
        .templates
        .expire_waiting(OffsetDateTime::now_utc(), 1000)
        .await
        .must(case, "expire");
    let ours: Vec<_> = expired
        .iter()
        .filter(|e| e.conversation_id == c.id)
        .map(|e| (e.account_id, e.message_id))
        .collect();
    assert_eq!(
        ours,
        vec![(c.account_id, old.pending.message_id)],
        "{case}: only the old one"
    );
    let failed = w
        .storage
        .messages
        .get(old.pending.message_id)
        .await
        .must(case, "message");
    assert_eq!(failed.status, MessageStatus::Failed, "{case}: failed");
    assert_eq!(
        failed.error.map(|e| (e.code, e.title)),
        Some((EXPIRED_CODE, EXPIRED_TITLE.to_owned())),
        "{case}: the reason"
    );
    let kept = w
        .storage
        .messages
        .get(fresh.pending.message_id)
        .await
        .must(case, "message");
    assert_eq!(kept.status, MessageStatus::Pending, "{case}: kept");
    approve(&w, &c, &n).await;
    let resolution = w
        .templates
        .resolve_pending(c.account_id, &n, &lang("en"))
        .await
        .must(case, "resolve");
    assert_eq!(
        resolution
            .released
            .iter()
            .map(|r| r.message_id)
            .collect::<Vec<_>>(),
        vec![fresh.pending.message_id],
        "{case}: an expired message is not released"
    );
}
