//! The status check against the fake Meta, over the in-memory store.

use std::sync::Arc;
use std::time::Duration;

use inbox_domain::events::InboxEvent;
use inbox_domain::outbound::{LanguageCode, TemplateName};
use inbox_domain::ports::{Storage, TemplateRepo};
use inbox_domain::{AccountId, MessageId, MessageStatus};
use inbox_events::InProcessEventBus;
use inbox_testkit::fake_meta::{FakeMeta, FakeRoute, Fault};
use inbox_whatsapp::{GraphConfig, GraphGateway};
use time::OffsetDateTime;
use tokio::sync::broadcast;

use super::TemplateStatusCheck;
use super::test_rig;

struct Rig {
    fake: FakeMeta,
    storage: Storage,
    templates: Arc<dyn TemplateRepo>,
    events: broadcast::Receiver<InboxEvent>,
    check: TemplateStatusCheck,
    account: AccountId,
    message: MessageId,
}

/// A template `shipping` pending here and `meta_status` at Meta, with one message waiting.
async fn rig(meta_status: &str) -> Rig {
    let test_rig::Waiting {
        fake,
        storage,
        templates,
        account,
        message,
    } = test_rig::waiting(meta_status, "Shipped {{1}}", vec!["today".to_owned()]).await;
    let bus = Arc::new(InProcessEventBus::default());
    let events = bus.subscribe();
    let gateway = Arc::new(GraphGateway::new(GraphConfig::local_fake(fake.url())).unwrap());
    let check = TemplateStatusCheck::new(
        templates.clone(),
        storage.accounts.clone(),
        gateway,
        bus,
        Duration::ZERO,
        10,
    );
    Rig {
        fake,
        storage,
        templates,
        events,
        check,
        account,
        message,
    }
}

fn later() -> OffsetDateTime {
    OffsetDateTime::now_utc() + time::Duration::seconds(1)
}

#[tokio::test]
async fn a_rejection_found_at_meta_is_stored_published_and_fails_the_waiting_message() {
    let mut rig = rig("REJECTED").await;
    let report = rig.check.run_once(later()).await.unwrap();
    assert_eq!(
        (report.checked, report.changed, report.failed_messages),
        (1, 1, 1)
    );

    let message = rig.storage.messages.get(rig.message).await.unwrap();
    assert_eq!(message.status, MessageStatus::Failed);
    assert_eq!(message.error.unwrap().code, 132_001);
    match rig.events.recv().await.unwrap() {
        InboxEvent::TemplateStatusChanged { name, status, .. } => {
            assert_eq!((name.as_str(), status.as_str()), ("shipping", "rejected"));
        }
        other => panic!("expected the template event first, got {other:?}"),
    }
    match rig.events.recv().await.unwrap() {
        InboxEvent::MessageStatusChanged {
            message_id, status, ..
        } => {
            assert_eq!((message_id, status), (rig.message, MessageStatus::Failed));
        }
        other => panic!("expected the message event, got {other:?}"),
    }
    let again = rig.check.run_once(later()).await.unwrap();
    assert_eq!(again.checked, 0, "no longer pending");
}

#[tokio::test]
async fn an_approval_is_stored_and_published_and_releases_the_waiting_message_once() {
    let mut rig = rig("APPROVED").await;
    let report = rig.check.run_once(later()).await.unwrap();
    assert_eq!(
        (
            report.changed,
            report.failed_messages,
            report.released_messages
        ),
        (1, 0, 1)
    );
    assert!(matches!(
        rig.events.recv().await.unwrap(),
        InboxEvent::TemplateStatusChanged { ref status, .. } if status == "approved"
    ));
    let name = TemplateName::parse("shipping").unwrap();
    let language = LanguageCode::parse("en_US").unwrap();
    let again = rig
        .templates
        .resolve_pending(rig.account, &name, &language)
        .await
        .unwrap();
    assert!(again.released.is_empty(), "released by the check, once");
    let message = rig.storage.messages.get(rig.message).await.unwrap();
    assert_eq!(message.status, MessageStatus::Pending, "its send is queued");
}

#[tokio::test]
async fn a_template_still_pending_or_a_failed_lookup_changes_nothing() {
    let rig = rig("PENDING").await;
    let report = rig.check.run_once(later()).await.unwrap();
    assert_eq!((report.checked, report.changed), (1, 0));

    rig.fake.set_template_status("shipping", "REJECTED");
    rig.fake.inject(FakeRoute::ListTemplates, Fault::http(500));
    let failed = rig.check.run_once(later()).await.unwrap();
    assert_eq!((failed.errors, failed.changed), (1, 0));
    let message = rig.storage.messages.get(rig.message).await.unwrap();
    assert_eq!(message.status, MessageStatus::Pending);

    let early = rig
        .check
        .run_once(OffsetDateTime::now_utc() - time::Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(early.checked, 0, "not pending for long enough yet");
}
