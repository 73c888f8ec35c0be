//! What the webhook SQL does beyond the port contract: templates (no port yet), statuses that
//! wait for a wamid set by the send path, the rescue's late sweep, concurrent applies.

use futures::future::join_all;
use inbox_domain::MessageStatus;
use inbox_domain::events::InboxEvent;
use inbox_domain::inbound::WebhookBatch;
use inbox_domain::ports::Storage;
use inbox_postgres::PoolMode;
use inbox_testkit::contract::fixtures::{account, conversation_of, outbound, wa_id};
use inbox_testkit::contract::webhooks::batch::{
    batch, change, profile, status, template_update, text, wamid_of,
};
use inbox_testkit::contract::webhooks::world::{LONG_LEASE, deliver, thread};
use tokio_postgres::types::Type;
use uuid::Uuid;

use crate::both_modes;
use crate::support::Harness;

both_modes!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    template_updates_set_the_status_by_meta_id_or_name_and_never_go_back,
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    a_status_waits_for_the_wamid_the_send_path_sets,
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    rescue_applies_statuses_that_missed_their_message,
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    concurrent_applies_of_one_delivery_store_it_once,
);

async fn template_updates_set_the_status_by_meta_id_or_name_and_never_go_back(mode: PoolMode) {
    let h = Harness::new(mode).await;
    let shop = account(&h.storage).await;
    let db = h.direct().await;
    let insert = "INSERT INTO templates (id, account_id, meta_template_id, name, language, category) \
                  VALUES ($1, $2, $3, $4, 'en_US', 'utility')";
    let status_of = "SELECT status, rejected_reason FROM templates WHERE name = $1";
    for (meta_id, name) in [(Some("4242"), "by_id"), (None, "by_name")] {
        db.execute_typed(
            insert,
            &[
                (&Uuid::now_v7(), Type::UUID),
                (&shop.id.as_uuid(), Type::UUID),
                (&meta_id, Type::TEXT),
                (&name, Type::TEXT),
            ],
        )
        .await
        .unwrap();
    }
    let mut delivery = batch(Vec::new());
    let mut rejected = template_update(&shop.waba_id, 4242, "by_id", "REJECTED");
    rejected.reason = Some("INCORRECT_CATEGORY".to_owned());
    delivery.template_updates.push(rejected);
    delivery
        .template_updates
        .push(template_update(&shop.waba_id, 777, "by_name", "APPROVED"));
    let outcome = deliver("templates", &h.storage, &delivery).await;
    assert_eq!(outcome.events.len(), 2, "{:?}", outcome.events);
    assert!(outcome.events.contains(&InboxEvent::TemplateStatusChanged {
        account_id: shop.id,
        name: "by_name".to_owned(),
        language: "en_US".to_owned(),
        status: "approved".to_owned(),
    }));
    let row = db
        .query_typed_one(status_of, &[(&"by_id", Type::TEXT)])
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "rejected");
    assert_eq!(
        row.get::<_, Option<String>>(1).as_deref(),
        Some("INCORRECT_CATEGORY")
    );

    let mut older = template_update(&shop.waba_id, 4242, "by_id", "PENDING");
    older.at = older.at.map(|t| t - time::Duration::hours(1));
    let outcome = deliver("templates", &h.storage, &batch_with_template(older)).await;
    assert!(outcome.events.is_empty(), "an older update changes nothing");
    let row = db
        .query_typed_one(status_of, &[(&"by_id", Type::TEXT)])
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "rejected");
}

fn batch_with_template(update: inbox_domain::inbound::TemplateStatusUpdate) -> WebhookBatch {
    let mut delivery = batch(Vec::new());
    delivery.template_updates.push(update);
    delivery
}

async fn a_status_waits_for_the_wamid_the_send_path_sets(mode: PoolMode) {
    let h = Harness::new(mode).await;
    let shop = account(&h.storage).await;
    let thread = conversation_of(&h.storage, shop.id).await;
    let pending = h
        .storage
        .messages
        .append(outbound(thread.id, 1))
        .await
        .unwrap()
        .message;
    let wamid = wamid_of("sent-later");
    let mut report = change(&shop.phone_number_id);
    report.statuses.push(status(&wamid, "delivered", 5));
    deliver("send path", &h.storage, &batch(vec![report])).await;

    let db = h.direct().await;
    db.execute_typed(
        "UPDATE messages SET wamid = $1, status = 'sent' WHERE id = $2",
        &[
            (&wamid.as_str(), Type::TEXT),
            (&pending.id.as_uuid(), Type::UUID),
        ],
    )
    .await
    .unwrap();
    let stored = h.storage.messages.get(pending.id).await.unwrap();
    assert_eq!(stored.status, MessageStatus::Delivered);
    let left: i64 = db
        .query_typed_one("SELECT count(*) FROM webhook_pending_statuses", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(left, 0, "applied statuses are forgotten");
}

async fn rescue_applies_statuses_that_missed_their_message(mode: PoolMode) {
    let h = Harness::new(mode).await;
    let shop = account(&h.storage).await;
    let thread = conversation_of(&h.storage, shop.id).await;
    let mut new = outbound(thread.id, 1);
    let wamid = wamid_of("raced");
    new.wamid = Some(wamid.clone());
    new.status = MessageStatus::Sent;
    let message = h.storage.messages.append(new).await.unwrap().message;
    // What two transactions that miss each other leave behind: a kept status of a known wamid.
    let db = h.direct().await;
    db.execute_typed(
        "INSERT INTO webhook_pending_statuses (wamid, status, account_id, reported_at) \
         VALUES ($1, 'read', $2, now())",
        &[
            (&wamid.as_str(), Type::TEXT),
            (&shop.id.as_uuid(), Type::UUID),
        ],
    )
    .await
    .unwrap();
    h.storage.webhooks.rescue_expired(5).await.unwrap();
    let stored = h.storage.messages.get(message.id).await.unwrap();
    assert_eq!(stored.status, MessageStatus::Read);
}

async fn concurrent_applies_of_one_delivery_store_it_once(mode: PoolMode) {
    let h = Harness::with(mode, |s| s.with_pool_size(1, 12)).await;
    let shop = account(&h.storage).await;
    let customer = wa_id();
    let mut album = change(&shop.phone_number_id);
    album.contacts.push(profile(&customer, "Ana"));
    for n in 0..5 {
        album
            .messages
            .push(text(&customer, &wamid_of("album"), n, "photo"));
    }
    let delivery = batch(vec![album]);
    let mut claims = Vec::new();
    for _ in 0..8 {
        h.storage.webhooks.enqueue(b"{}".to_vec()).await.unwrap();
    }
    claims.extend(h.storage.webhooks.claim(8, LONG_LEASE).await.unwrap());
    assert_eq!(claims.len(), 8);
    let applies = claims.into_iter().map(|claim| {
        let storage: Storage = h.storage.clone();
        let delivery = delivery.clone();
        tokio::spawn(async move {
            storage
                .webhooks
                .apply(claim.id, claim.attempt, &delivery)
                .await
        })
    });
    let mut received = 0;
    for outcome in join_all(applies).await {
        let outcome = outcome.unwrap().expect("apply");
        assert!(outcome.applied);
        received += outcome
            .events
            .iter()
            .filter(|e| matches!(e, InboxEvent::MessageReceived { .. }))
            .count();
    }
    assert_eq!(received, 5, "one event per message");
    let summary = thread("concurrent", &h.storage, shop.id, &customer).await;
    assert_eq!(summary.conversation.unread_count, 5);
    let page = h
        .storage
        .conversations
        .list(shop.id, None, Default::default())
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1, "one conversation");
}
