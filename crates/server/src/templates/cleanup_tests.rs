//! The cleanup of read-out auto-created templates against the fake Meta, over the in-memory
//! store: on, off, Meta's "not found", and a failure retried next run.

use std::sync::Arc;
use std::time::Duration;

use inbox_domain::outbound::{
    CreatedTemplate, LanguageCode, NewTemplate, TemplateCategory, TemplateName, TemplateState,
};
use inbox_domain::ports::{StatusChange, Storage, TemplateRepo};
use inbox_domain::templates::{NewPendingMessage, TemplateReview};
use inbox_domain::{
    AccountId, DisplayPhoneNumber, MessageStatus, NewAccount, PhoneNumberId, WabaId,
};
use inbox_events::InProcessEventBus;
use inbox_memory::MemoryStore;
use inbox_testkit::contract::fixtures::{conversation_of, outbound};
use inbox_testkit::fake_meta::{FakeMeta, FakeRoute, Fault, FaultAction};
use inbox_whatsapp::{GraphConfig, GraphGateway};
use serde_json::json;
use time::OffsetDateTime;

use super::{AutoTemplateCleanup, TemplateStatusCheck};

struct Rig {
    fake: FakeMeta,
    storage: Storage,
    templates: Arc<dyn TemplateRepo>,
    gateway: Arc<GraphGateway>,
    account: AccountId,
}

fn shipping() -> (TemplateName, LanguageCode) {
    (
        TemplateName::parse("shipping").unwrap(),
        LanguageCode::parse("en_US").unwrap(),
    )
}

/// An auto-created template `shipping`, approved here and at Meta, whose one released message
/// was read.
async fn rig() -> Rig {
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
    let meta_id = fake.add_template("shipping", "en_US", "APPROVED", "Shipped");
    let (name, language) = shipping();
    let new = NewTemplate::new(
        name.clone(),
        language.clone(),
        TemplateCategory::Utility,
        false,
        vec![json!({"type": "BODY", "text": "Shipped"})],
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
            template_name: name.clone(),
            language: language.clone(),
            parameters: Vec::new(),
            expires_at: OffsetDateTime::now_utc() + time::Duration::days(1),
        })
        .await
        .unwrap();
    let review = TemplateReview {
        account_id: account.id,
        name: name.clone(),
        language: language.clone(),
        status: TemplateState::Approved,
        reason: None,
    };
    templates.apply_review(&review).await.unwrap();
    let released = templates
        .resolve_pending(account.id, &name, &language)
        .await
        .unwrap();
    assert_eq!(released.released.len(), 1);
    let read = StatusChange {
        status: MessageStatus::Read,
        error: None,
    };
    storage
        .messages
        .apply_status(message_id, read)
        .await
        .unwrap();
    let gateway = Arc::new(GraphGateway::new(GraphConfig::local_fake(fake.url())).unwrap());
    Rig {
        fake,
        storage,
        templates,
        gateway,
        account: account.id,
    }
}

impl Rig {
    fn cleanup(&self) -> AutoTemplateCleanup {
        AutoTemplateCleanup::new(
            self.templates.clone(),
            self.storage.accounts.clone(),
            self.gateway.clone(),
            10,
        )
    }

    fn check(&self) -> TemplateStatusCheck {
        TemplateStatusCheck::new(
            self.templates.clone(),
            self.storage.accounts.clone(),
            self.gateway.clone(),
            Arc::new(InProcessEventBus::default()),
            Duration::from_secs(3600),
            10,
        )
    }

    async fn deleted_here(&self) -> bool {
        let (name, language) = shipping();
        let stored = self.templates.get(self.account, &name, &language).await;
        stored.unwrap().unwrap().status == TemplateState::Other("DELETED".to_owned())
    }
}

#[tokio::test]
async fn with_the_cleanup_the_check_deletes_a_read_out_template_at_meta_and_here() {
    let rig = rig().await;
    let check = rig.check().with_cleanup(rig.cleanup());
    let report = check.run_once(OffsetDateTime::now_utc()).await.unwrap();
    assert_eq!((report.deleted_templates, report.delete_errors), (1, 0));
    assert!(rig.fake.templates().is_empty(), "deleted at Meta");
    assert!(rig.deleted_here().await, "marked deleted");
    let again = check.run_once(OffsetDateTime::now_utc()).await.unwrap();
    assert_eq!(again.deleted_templates, 0, "nothing left to delete");
}

#[tokio::test]
async fn without_the_cleanup_the_check_deletes_nothing() {
    let rig = rig().await;
    let report = rig
        .check()
        .run_once(OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert_eq!((report.deleted_templates, report.delete_errors), (0, 0));
    assert_eq!(rig.fake.templates().len(), 1, "kept at Meta");
    assert!(!rig.deleted_here().await, "kept here");
}

#[tokio::test]
async fn a_template_meta_does_not_have_counts_as_deleted() {
    let rig = rig().await;
    let not_found = Fault {
        action: FaultAction::MetaError {
            http_status: 400,
            code: 100,
            subcode: Some(2_593_002),
            message: "Message template not found".to_owned(),
            details: None,
        },
        times: 1,
        accept_first: false,
    };
    rig.fake.inject(FakeRoute::DeleteTemplate, not_found);
    let report = rig.cleanup().run_once().await.unwrap();
    assert_eq!((report.deleted, report.errors), (1, 0));
    assert!(rig.deleted_here().await, "marked deleted");
}

#[tokio::test]
async fn a_failed_deletion_is_tried_again_next_run() {
    let rig = rig().await;
    rig.fake.inject(FakeRoute::DeleteTemplate, Fault::http(500));
    let cleanup = rig.cleanup();
    let report = cleanup.run_once().await.unwrap();
    assert_eq!((report.deleted, report.errors), (0, 1));
    assert!(!rig.deleted_here().await, "kept for the next run");
    let report = cleanup.run_once().await.unwrap();
    assert_eq!((report.deleted, report.errors), (1, 0));
    assert!(rig.fake.templates().is_empty(), "deleted at Meta");
    assert!(rig.deleted_here().await, "marked deleted");
}
