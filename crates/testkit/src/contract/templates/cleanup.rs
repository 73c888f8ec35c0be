//! The auto-created templates the periodic cleanup may delete
//! (`TemplateRepo::read_out_auto_created`).

use inbox_domain::outbound::{TemplateName, TemplateState};
use inbox_domain::ports::StatusChange;
use inbox_domain::templates::{NewPendingMessage, NewWaitingSend, Template, template_send};
use inbox_domain::{Conversation, MessageId, MessageStatus};
use time::{Duration, OffsetDateTime};

use super::super::fixtures::{Must, conversation};
use super::super::outbox::world::send;
use super::super::port_case::port_cases;
use super::{TemplateWorld, created, lang, name, new_template};

port_cases![TemplateWorld;
    read_out_lists_an_auto_created_template_once_its_released_messages_are_read,
    read_out_keeps_a_template_a_message_still_waits_for,
    read_out_keeps_a_template_a_person_sent,
    read_out_leaves_out_templates_not_auto_created_or_deleted,
];

/// Enough for every template of the store.
const ALL: u32 = 10_000;

/// Records `n` (language `en`) as created by the auto-template fallback (or not).
async fn created_template(
    w: &TemplateWorld,
    c: &Conversation,
    n: &TemplateName,
    auto: bool,
) -> Template {
    w.templates
        .record_created(
            c.account_id,
            &new_template(n, "en", "Hello"),
            &created(TemplateState::Pending),
            auto,
        )
        .await
        .must("fixture", "record created")
}

/// A message of `c` waiting for `n`; its id.
async fn waiting(w: &TemplateWorld, c: &Conversation, n: &TemplateName) -> MessageId {
    let send = NewWaitingSend {
        request: template_send(n, &lang("en"), &[]),
        pending: NewPendingMessage {
            account_id: c.account_id,
            conversation_id: c.id,
            message_id: MessageId::generate(),
            template_name: n.clone(),
            language: lang("en"),
            parameters: Vec::new(),
            expires_at: OffsetDateTime::now_utc() + Duration::days(1),
        },
        body: "Hello".to_owned(),
        idempotency_key: None,
        sent_at: OffsetDateTime::now_utc(),
    };
    w.templates
        .record_waiting(&send)
        .await
        .must("fixture", "record waiting");
    send.pending.message_id
}

/// Approves `n` and releases the messages waiting for it.
async fn approve(w: &TemplateWorld, c: &Conversation, n: &TemplateName) {
    let review = inbox_domain::templates::TemplateReview {
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
    w.templates
        .resolve_pending(c.account_id, n, &lang("en"))
        .await
        .must("fixture", "resolve");
}

/// Moves `message` to `read`, as its status webhook would.
async fn read(w: &TemplateWorld, message: MessageId) {
    let change = StatusChange {
        status: MessageStatus::Read,
        error: None,
    };
    w.storage
        .messages
        .apply_status(message, change)
        .await
        .must("fixture", "read");
}

/// Whether `template` is among the read-out templates.
async fn listed(case: &str, w: &TemplateWorld, template: &Template) -> bool {
    w.templates
        .read_out_auto_created(ALL)
        .await
        .must(case, "read out")
        .iter()
        .any(|t| t.id == template.id)
}

/// "not deleted, at least one message was released with it, every released message is
/// `read`, none still waits for it".
async fn read_out_lists_an_auto_created_template_once_its_released_messages_are_read(
    case: &'static str,
    w: TemplateWorld,
) {
    let c = conversation(&w.storage).await;
    let n = name();
    let template = created_template(&w, &c, &n, true).await;
    let first = waiting(&w, &c, &n).await;
    let second = waiting(&w, &c, &n).await;
    assert!(!listed(case, &w, &template).await, "{case}: still waiting");
    approve(&w, &c, &n).await;
    read(&w, first).await;
    assert!(
        !listed(case, &w, &template).await,
        "{case}: one released message is not read yet"
    );
    read(&w, second).await;
    assert!(
        listed(case, &w, &template).await,
        "{case}: every released message is read"
    );
}

/// "none still waits for it".
async fn read_out_keeps_a_template_a_message_still_waits_for(case: &'static str, w: TemplateWorld) {
    let c = conversation(&w.storage).await;
    let n = name();
    let template = created_template(&w, &c, &n, true).await;
    let first = waiting(&w, &c, &n).await;
    approve(&w, &c, &n).await;
    read(&w, first).await;
    waiting(&w, &c, &n).await;
    assert!(
        !listed(case, &w, &template).await,
        "{case}: a message still waits for it"
    );
}

/// "no other outbound message of the account names it in its request (a person's template send
/// keeps it, whatever its status)".
async fn read_out_keeps_a_template_a_person_sent(case: &'static str, w: TemplateWorld) {
    let c = conversation(&w.storage).await;
    let n = name();
    let template = created_template(&w, &c, &n, true).await;
    let released = waiting(&w, &c, &n).await;
    approve(&w, &c, &n).await;
    read(&w, released).await;
    assert!(listed(case, &w, &template).await, "{case}: read out");
    let by_hand = w
        .outbox
        .record(&send(&c, template_send(&n, &lang("en"), &[])))
        .await
        .must(case, "a person's template send");
    read(&w, by_hand.message_id).await;
    assert!(
        !listed(case, &w, &template).await,
        "{case}: a person's send keeps it"
    );
}

/// "Auto-created templates ... not deleted".
async fn read_out_leaves_out_templates_not_auto_created_or_deleted(
    case: &'static str,
    w: TemplateWorld,
) {
    let c = conversation(&w.storage).await;
    let by_hand = name();
    let manual = created_template(&w, &c, &by_hand, false).await;
    let message = waiting(&w, &c, &by_hand).await;
    approve(&w, &c, &by_hand).await;
    read(&w, message).await;
    assert!(!listed(case, &w, &manual).await, "{case}: not auto-created");
    let n = name();
    let auto = created_template(&w, &c, &n, true).await;
    let message = waiting(&w, &c, &n).await;
    approve(&w, &c, &n).await;
    read(&w, message).await;
    w.templates
        .mark_deleted(c.account_id, &n)
        .await
        .must(case, "mark deleted");
    assert!(!listed(case, &w, &auto).await, "{case}: deleted");
}
