//! Sending end to end when the outcome is unknown: an ambiguous answer or a worker killed after
//! calling Meta is reconciled by the status webhook, never sent twice.

use std::time::Duration;

use inbox_testkit::fake_meta::{FakeRoute, StatusUpdate};

use crate::helpers::eventually;
use crate::sending_support::{Outbound, WITHIN, meta_error, text};

#[tokio::test]
async fn an_ambiguous_send_is_reconciled_by_its_status_webhook_without_a_second_send() {
    let out = Outbound::start(|_| {}).await;
    // Meta takes the message, then the answer is lost in a 500: the worker cannot know.
    out.meta
        .inject(FakeRoute::SendMessage, meta_error(500, 1, 1, true));
    let message = out.send(text("did it go?")).await;
    let id: inbox_domain::MessageId = message["id"].as_str().unwrap().parse().unwrap();
    eventually("the job waits for reconciliation", WITHIN, || async {
        let jobs = out.outbox.jobs(id).await.unwrap();
        (jobs[0].state == inbox_domain::outbox::SendJobState::Unknown).then_some(())
    })
    .await;
    let accepted = out.meta.sent_messages();
    assert_eq!(accepted.len(), 1, "Meta has it once");
    assert_eq!(
        out.message(&id.to_string()).await["wamid"],
        serde_json::Value::Null
    );
    out.meta
        .send_status(&accepted[0].wamid, StatusUpdate::Delivered)
        .await
        .unwrap();
    let message = out.until_status(&id.to_string(), "delivered").await;
    assert_eq!(
        message["wamid"],
        accepted[0].wamid.as_str(),
        "the wamid came with the status"
    );
    let jobs = out.outbox.jobs(id).await.unwrap();
    assert_eq!(jobs[0].state, inbox_domain::outbox::SendJobState::Done);
    assert_eq!(out.sends_of(&id.to_string()), 1, "never sent again");
    out.stop().await;
}

#[tokio::test]
async fn a_worker_killed_after_calling_meta_is_reconciled_without_a_second_send() {
    // No workers of the application: this test plays the worker that dies.
    let out = Outbound::start(|s| s.sending.workers = 0).await;
    let message = out.send(text("worker dies")).await;
    let id: inbox_domain::MessageId = message["id"].as_str().unwrap().parse().unwrap();
    let jobs = out
        .outbox
        .claim(1, Duration::from_millis(500))
        .await
        .unwrap();
    let job = &jobs[0];
    assert!(out.outbox.dispatching(job.id, job.attempt).await.unwrap());
    let gateway =
        inbox_whatsapp::GraphGateway::new(inbox_whatsapp::GraphConfig::local_fake(out.meta.url()))
            .unwrap();
    let account = out.storage.accounts.get(job.account_id).await.unwrap();
    let request = job.request.clone().unwrap();
    let outbound = request
        .outbound(job.to.clone().unwrap(), None, None, Some(&id.to_string()))
        .unwrap();
    use inbox_domain::ports::WhatsAppGateway;
    gateway
        .send(
            &inbox_domain::outbound::SenderCredentials::of(&account),
            &outbound,
        )
        .await
        .unwrap();
    // ...and dies before recording it. The lease runs out; the rescue cannot resend it.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(
        out.outbox
            .rescue_expired(Duration::from_secs(600))
            .await
            .unwrap(),
        1
    );
    assert!(
        out.outbox
            .claim(10, Duration::from_secs(30))
            .await
            .unwrap()
            .is_empty(),
        "not resent"
    );
    let accepted = out.meta.sent_messages();
    out.meta
        .send_status(&accepted[0].wamid, StatusUpdate::Read)
        .await
        .unwrap();
    out.until_status(&id.to_string(), "read").await;
    assert_eq!(out.sends_of(&id.to_string()), 1, "sent once");
    out.stop().await;
}
