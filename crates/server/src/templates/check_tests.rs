//! The status check against the fake Meta, over the in-memory store.

use std::sync::Arc;
use std::time::Duration;

use inbox_domain::events::InboxEvent;
use inbox_domain::outbound::{
    CreatedTemplate, LanguageCode, NewTemplate, TemplateCategory, TemplateName, TemplateState,
};
use inbox_domain::ports::{Storage, TemplateRepo};
use inbox_domain::templates::NewPendingMessage;
use inbox_domain::{
    AccountId, DisplayPhoneNumber, MessageId, MessageStatus, NewAccount, PhoneNumberId, WabaId,
};
use inbox_events::InProcessEventBus;
use inbox_memory::MemoryStore;
use inbox_testkit::contract::fixtures::{conversation_of, outbound};
use inbox_testkit::fake_meta::{FakeMeta, FakeRoute, Fault};
use inbox_whatsapp::{GraphConfig, GraphGateway};
use serde_json::json;
use time::OffsetDateTime;
use tokio::sync::broadcast;

use super::TemplateStatusCheck;

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
    let fake = FakeMeta::start().await.unwrap();
    let store = Arc::new(MemoryStore::new());
    let storage = store.clone().storage();
    let templates: Arc<dyn TemplateRepo> = store;
    let account = storage
        .accounts
        .create(NewAccount {
            id: AccountId::generate(),
            name: "Support".into(),
            phone_number_id: PhoneNumberId::parse("106540352242922").unwrap(),
            waba_id: WabaId::parse("102290129340398").unwrap(),
            display_phone_number: DisplayPhoneNumber::parse("+15550783881").unwrap(),
            access_token: fake.access_token().unwrap_or("token").to_owned().into(),
            app_secret: "secret".to_owned().into(),
            verify_token: "verify".to_owned().into(),
        })
        .await
        .unwrap();
    let meta_id = fake.add_template("shipping", "en_US", meta_status, "Shipped {{1}}");
    let name = TemplateName::parse("shipping").unwrap();
    let language = LanguageCode::parse("en_US").unwrap();
    let new = NewTemplate::new(
        name.clone(),
        language.clone(),
        TemplateCategory::Utility,
        false,
        vec![json!({"type": "BODY", "text": "Shipped {{1}}"})],
    )
    .unwrap();
    let created = CreatedTemplate {
        id: meta_id,
        status: TemplateState::Pending,
        category: None,
    };
    templates
        .record_created(account.id, &new, &created, true)
        .await
        .unwrap();
    let conversation = conversation_of(&storage, account.id).await;
    let message = outbound(conversation.id, 0);
    let message_id = message.id;
    storage.messages.append(message).await.unwrap();
    templates
        .enqueue_pending(&NewPendingMessage {
            account_id: account.id,
            conversation_id: conversation.id,
            message_id,
            template_name: name,
            language,
            parameters: vec!["today".to_owned()],
            expires_at: OffsetDateTime::now_utc() + time::Duration::days(1),
        })
        .await
        .unwrap();
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
        account: account.id,
        message: message_id,
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
