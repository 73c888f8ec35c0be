//! Idempotent writes under concurrency: one wamid, one pair, one wa_id, whatever the race.

use futures::future::join_all;
use inbox_domain::ports::StatusChange;
use inbox_domain::{MessageId, MessageStatus};
use inbox_postgres::PoolMode;
use inbox_testkit::contract::fixtures::{account, contact, conversation, inbound, wa_id};

use crate::both_modes;
use crate::support::Harness;

both_modes!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    twenty_concurrent_appends_of_one_wamid_store_one_message_and_one_unread,
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    twenty_concurrent_opens_of_one_pair_give_one_conversation,
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    twenty_concurrent_upserts_of_one_wa_id_give_one_contact,
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    concurrent_status_reports_end_at_the_highest_status,
);

async fn twenty_concurrent_appends_of_one_wamid_store_one_message_and_one_unread(mode: PoolMode) {
    let h = Harness::with(mode, |s| s.with_pool_size(1, 20)).await;
    let thread = conversation(&h.storage).await;
    let first = inbound(thread.id, 0);
    let attempts = (0..20).map(|_| {
        let mut copy = first.clone();
        copy.id = MessageId::generate();
        let storage = h.storage.clone();
        tokio::spawn(async move { storage.messages.append(copy).await })
    });

    let outcomes: Vec<_> = join_all(attempts)
        .await
        .into_iter()
        .map(|joined| joined.unwrap().expect("append"))
        .collect();

    let created = outcomes.iter().filter(|o| o.created).count();
    assert_eq!(created, 1, "exactly one append stores the message");
    let stored_id = outcomes[0].message.id;
    assert!(
        outcomes.iter().all(|o| o.message.id == stored_id),
        "every caller sees the stored one"
    );
    let summary = h.storage.conversations.get(thread.id).await.unwrap();
    assert_eq!(summary.conversation.unread_count, 1);
    assert_eq!(summary.conversation.last_message_id, Some(stored_id));
    let page = h
        .storage
        .messages
        .page(thread.id, None, Default::default())
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
}

async fn twenty_concurrent_opens_of_one_pair_give_one_conversation(mode: PoolMode) {
    let h = Harness::with(mode, |s| s.with_pool_size(1, 20)).await;
    let owner = account(&h.storage).await;
    let customer = contact(&h.storage, owner.id).await;
    let opens = (0..20).map(|_| {
        let storage = h.storage.clone();
        tokio::spawn(async move { storage.conversations.open(owner.id, customer.id).await })
    });

    let ids: Vec<_> = join_all(opens)
        .await
        .into_iter()
        .map(|joined| joined.unwrap().expect("open").id)
        .collect();

    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    let page = h
        .storage
        .conversations
        .list(owner.id, None, Default::default())
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
}

async fn twenty_concurrent_upserts_of_one_wa_id_give_one_contact(mode: PoolMode) {
    let h = Harness::with(mode, |s| s.with_pool_size(1, 20)).await;
    let owner = account(&h.storage).await;
    let customer = wa_id();
    let upserts = (0..20).map(|i| {
        let storage = h.storage.clone();
        let customer = customer.clone();
        let name = (i % 2 == 0).then(|| format!("Name {i}"));
        tokio::spawn(async move {
            storage
                .contacts
                .upsert_by_wa_id(owner.id, &customer, name)
                .await
        })
    });

    let contacts: Vec<_> = join_all(upserts)
        .await
        .into_iter()
        .map(|joined| joined.unwrap().expect("upsert"))
        .collect();

    assert!(contacts.iter().all(|c| c.id == contacts[0].id));
    let stored = h.storage.contacts.get(contacts[0].id).await.unwrap();
    assert!(
        stored.profile_name.is_some(),
        "a given name is never lost to a None"
    );
}

async fn concurrent_status_reports_end_at_the_highest_status(mode: PoolMode) {
    let h = Harness::with(mode, |s| s.with_pool_size(1, 20)).await;
    let thread = conversation(&h.storage).await;
    let mut sent = inbox_testkit::contract::fixtures::outbound(thread.id, 0);
    sent.status = MessageStatus::Pending;
    let message = h.storage.messages.append(sent).await.unwrap().message;
    let reports = [
        MessageStatus::Sent,
        MessageStatus::Delivered,
        MessageStatus::Read,
    ]
    .into_iter()
    .cycle()
    .take(21)
    .map(|status| {
        let storage = h.storage.clone();
        tokio::spawn(async move {
            let change = StatusChange {
                status,
                error: None,
            };
            storage.messages.apply_status(message.id, change).await
        })
    });

    let outcomes: Vec<_> = join_all(reports)
        .await
        .into_iter()
        .map(|joined| joined.unwrap().expect("apply_status"))
        .collect();

    let final_status = h.storage.messages.get(message.id).await.unwrap().status;
    assert_eq!(final_status, MessageStatus::Read);
    let changes = outcomes.iter().filter(|o| o.changed).count();
    assert!(
        (1..=3).contains(&changes),
        "{changes} changes: a status only moves forward"
    );
    for outcome in outcomes.iter().filter(|o| o.changed) {
        assert_ne!(
            outcome.message.status,
            MessageStatus::Pending,
            "the read follows the change"
        );
    }
}
