//! The cleanup of read-out auto-created templates against the fake Meta, over the in-memory
//! store: on, off, Meta's "not found", and a failure retried next run.

use std::sync::Arc;
use std::time::Duration;

use inbox_domain::outbound::TemplateState;
use inbox_domain::ports::{StatusChange, Storage, TemplateRepo};
use inbox_domain::templates::TemplateReview;
use inbox_domain::{AccountId, MessageStatus};
use inbox_events::InProcessEventBus;
use inbox_testkit::fake_meta::{FakeMeta, FakeRoute, Fault, FaultAction};
use inbox_whatsapp::{GraphConfig, GraphGateway};
use time::OffsetDateTime;

use super::test_rig::{self, shipping};
use super::{AutoTemplateCleanup, TemplateStatusCheck};

struct Rig {
    fake: FakeMeta,
    storage: Storage,
    templates: Arc<dyn TemplateRepo>,
    gateway: Arc<GraphGateway>,
    account: AccountId,
}

/// An auto-created template `shipping`, approved here and at Meta, whose one released message
/// was read.
async fn rig() -> Rig {
    let test_rig::Waiting {
        fake,
        storage,
        templates,
        account,
        message: message_id,
    } = test_rig::waiting("APPROVED", "Shipped", Vec::new()).await;
    let (name, language) = shipping();
    let review = TemplateReview {
        account_id: account,
        name: name.clone(),
        language: language.clone(),
        status: TemplateState::Approved,
        reason: None,
    };
    templates.apply_review(&review).await.unwrap();
    let released = templates
        .resolve_pending(account, &name, &language)
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
        account,
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
