//! The pending-message part of the `TemplateRepo` contract: queueing a message for a template
//! and resolving the queue when the template's status decides.

use inbox_domain::outbound::{TemplateName, TemplateState};
use inbox_domain::templates::{NewPendingMessage, TemplateReview};
use inbox_domain::{AccountId, Conversation, ConversationId, MessageId, MessageStatus};
use time::{Duration, OffsetDateTime};

use super::super::fixtures::{
    Must, assert_conflict, assert_missing_reference, conversation, conversation_of, outbound,
};
use super::super::port_case::port_cases;
use super::{TemplateWorld, create, lang, name};

port_cases![TemplateWorld;
    enqueue_pending_of_a_queued_message_is_a_conflict,
    enqueue_pending_of_a_message_elsewhere_is_a_missing_reference,
    resolve_pending_on_approval_releases_each_waiting_message_exactly_once,
    resolve_pending_on_rejection_fails_the_messages_with_the_reason,
    resolve_pending_while_the_template_is_pending_changes_nothing,
    a_status_webhook_refusing_the_template_fails_the_waiting_messages,
];

/// A pending outbound message recorded in `conversation`.
async fn message(w: &TemplateWorld, conversation: ConversationId) -> MessageId {
    let new = outbound(conversation, 0);
    let id = new.id;
    w.storage
        .messages
        .append(new)
        .await
        .must("fixture", "append");
    id
}

fn waiting(
    c: &Conversation,
    message_id: MessageId,
    template: &TemplateName,
    parameters: Vec<String>,
) -> NewPendingMessage {
    NewPendingMessage {
        account_id: c.account_id,
        conversation_id: c.id,
        message_id,
        template_name: template.clone(),
        language: lang("en"),
        parameters,
        expires_at: OffsetDateTime::now_utc() + Duration::days(1),
    }
}

async fn set_status(
    w: &TemplateWorld,
    account: AccountId,
    n: &TemplateName,
    status: TemplateState,
) {
    let review = TemplateReview {
        account_id: account,
        name: n.clone(),
        language: lang("en"),
        status,
        reason: Some("ABUSIVE_CONTENT".to_owned()),
    };
    w.templates
        .apply_review(&review)
        .await
        .must("fixture", "review");
}

/// "`Conflict` (entity "pending_template_message") when the message is already queued."
async fn enqueue_pending_of_a_queued_message_is_a_conflict(case: &'static str, w: TemplateWorld) {
    let c = conversation(&w.storage).await;
    let m = message(&w, c.id).await;
    let pending = waiting(&c, m, &name(), vec![]);
    w.templates
        .enqueue_pending(&pending)
        .await
        .must(case, "enqueue");
    assert_conflict(
        case,
        "pending_template_message",
        w.templates.enqueue_pending(&pending).await,
    );
}

/// "`MissingReference` (entity "message") when the message does not exist in that account and
/// conversation."
async fn enqueue_pending_of_a_message_elsewhere_is_a_missing_reference(
    case: &'static str,
    w: TemplateWorld,
) {
    let c = conversation(&w.storage).await;
    let other = conversation_of(&w.storage, c.account_id).await;
    let m = message(&w, other.id).await;
    let result = w
        .templates
        .enqueue_pending(&waiting(&c, m, &name(), vec![]))
        .await;
    assert_missing_reference(case, "message", result);
    let unknown = waiting(&c, MessageId::generate(), &name(), vec![]);
    assert_missing_reference(case, "message", w.templates.enqueue_pending(&unknown).await);
}

/// "APPROVED releases every message waiting for it and returns them (each exactly once, even
/// when callers race)"
async fn resolve_pending_on_approval_releases_each_waiting_message_exactly_once(
    case: &'static str,
    w: TemplateWorld,
) {
    let c = conversation(&w.storage).await;
    let n = name();
    create(&w, c.account_id, &n, "en", TemplateState::Pending).await;
    let first = message(&w, c.id).await;
    let second = message(&w, c.id).await;
    let params = vec!["Ana".to_owned()];
    for m in [first, second] {
        let pending = waiting(&c, m, &n, params.clone());
        w.templates
            .enqueue_pending(&pending)
            .await
            .must(case, "enqueue");
    }
    set_status(&w, c.account_id, &n, TemplateState::Approved).await;

    let en = lang("en");
    let (a, b) = tokio::join!(
        w.templates.resolve_pending(c.account_id, &n, &en),
        w.templates.resolve_pending(c.account_id, &n, &en)
    );
    let (a, b) = (a.must(case, "resolve"), b.must(case, "resolve"));
    let mut released: Vec<_> = a.released.iter().chain(&b.released).collect();
    assert_eq!(released.len(), 2, "{case}: each once: {a:?} {b:?}");
    assert!(
        a.failed.is_empty() && b.failed.is_empty(),
        "{case}: none failed"
    );
    released.sort_by_key(|r| r.message_id);
    let mut expected = [first, second];
    expected.sort();
    assert_eq!(
        released.iter().map(|r| r.message_id).collect::<Vec<_>>(),
        expected,
        "{case}: the waiting messages"
    );
    let r = released[0];
    assert_eq!(
        (
            &r.conversation_id,
            &r.template_name,
            &r.language,
            &r.parameters
        ),
        (&c.id, &n, &en, &params),
        "{case}: what to send"
    );
    let again = w
        .templates
        .resolve_pending(c.account_id, &n, &en)
        .await
        .must(case, "again");
    assert!(again.released.is_empty(), "{case}: nothing left");
}

/// "REJECTED, PAUSED or DISABLED marks them failed and their messages `failed` with
/// `failure_for`'s code and title and the rejection reason as details"
async fn resolve_pending_on_rejection_fails_the_messages_with_the_reason(
    case: &'static str,
    w: TemplateWorld,
) {
    let c = conversation(&w.storage).await;
    let n = name();
    create(&w, c.account_id, &n, "en", TemplateState::Pending).await;
    let m = message(&w, c.id).await;
    w.templates
        .enqueue_pending(&waiting(&c, m, &n, vec![]))
        .await
        .must(case, "enqueue");
    set_status(&w, c.account_id, &n, TemplateState::Rejected).await;

    let resolution = w
        .templates
        .resolve_pending(c.account_id, &n, &lang("en"))
        .await
        .must(case, "resolve");
    assert!(resolution.released.is_empty(), "{case}: none released");
    assert_eq!(
        resolution
            .failed
            .iter()
            .map(|f| (f.message_id, f.conversation_id))
            .collect::<Vec<_>>(),
        vec![(m, c.id)],
        "{case}: failed"
    );
    let stored = w.storage.messages.get(m).await.must(case, "message");
    assert_eq!(
        stored.status,
        MessageStatus::Failed,
        "{case}: message failed"
    );
    let error = stored.error.must(case, "an error");
    assert_eq!(error.code, 132_001, "{case}: code");
    assert_eq!(error.title, "Template rejected", "{case}: title");
    assert_eq!(
        error.details.as_deref(),
        Some("ABUSIVE_CONTENT"),
        "{case}: reason"
    );
}

/// "any other status, or an unknown template, changes nothing."
async fn resolve_pending_while_the_template_is_pending_changes_nothing(
    case: &'static str,
    w: TemplateWorld,
) {
    let c = conversation(&w.storage).await;
    let n = name();
    create(&w, c.account_id, &n, "en", TemplateState::Pending).await;
    let m = message(&w, c.id).await;
    w.templates
        .enqueue_pending(&waiting(&c, m, &n, vec![]))
        .await
        .must(case, "enqueue");
    let en = lang("en");
    let now = w
        .templates
        .resolve_pending(c.account_id, &n, &en)
        .await
        .must(case, "resolve");
    assert_eq!(now, Default::default(), "{case}: still pending");
    let unknown = w
        .templates
        .resolve_pending(c.account_id, &name(), &en)
        .await;
    assert_eq!(
        unknown.must(case, "unknown"),
        Default::default(),
        "{case}: unknown"
    );
    set_status(&w, c.account_id, &n, TemplateState::Approved).await;
    let later = w
        .templates
        .resolve_pending(c.account_id, &n, &en)
        .await
        .must(case, "later");
    assert_eq!(
        later.released.len(),
        1,
        "{case}: still waiting until approval"
    );
    let stored = w.storage.messages.get(m).await.must(case, "message");
    assert_eq!(
        stored.status,
        MessageStatus::Pending,
        "{case}: message untouched"
    );
}

/// The webhook's review update (`WebhookQueue::apply`) resolves like `resolve_pending`: a
/// refusal fails the waiting messages, each published as `MessageStatusChanged`.
async fn a_status_webhook_refusing_the_template_fails_the_waiting_messages(
    case: &'static str,
    w: TemplateWorld,
) {
    use super::super::webhooks::batch::{batch, template_update};
    use super::super::webhooks::world::deliver;
    use inbox_domain::events::InboxEvent;

    let c = conversation(&w.storage).await;
    let shop = w
        .storage
        .accounts
        .get(c.account_id)
        .await
        .must(case, "account");
    let n = name();
    let stored = super::create(&w, c.account_id, &n, "en_US", TemplateState::Pending).await;
    let meta_id: i64 = stored
        .meta_template_id
        .as_deref()
        .must(case, "a Meta id")
        .parse()
        .must(case, "a numeric Meta id");
    let m = message(&w, c.id).await;
    let mut pending = waiting(&c, m, &n, vec![]);
    pending.language = lang("en_US");
    w.templates
        .enqueue_pending(&pending)
        .await
        .must(case, "enqueue");

    let mut delivery = batch(Vec::new());
    let mut update = template_update(&shop.waba_id, meta_id, n.as_str(), "REJECTED");
    update.reason = Some("ABUSIVE_CONTENT".to_owned());
    delivery.template_updates.push(update);
    let outcome = deliver(case, &w.storage, &delivery).await;

    assert!(
        outcome.events.contains(&InboxEvent::MessageStatusChanged {
            account_id: c.account_id,
            conversation_id: c.id,
            message_id: m,
            status: MessageStatus::Failed,
        }),
        "{case}: {:?}",
        outcome.events
    );
    let stored = w.storage.messages.get(m).await.must(case, "message");
    assert_eq!(
        stored.status,
        MessageStatus::Failed,
        "{case}: message failed"
    );
    assert_eq!(
        stored.error.map(|e| (e.code, e.details)),
        Some((132_001, Some("ABUSIVE_CONTENT".to_owned()))),
        "{case}: error"
    );
}
