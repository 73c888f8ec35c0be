//! Template review updates in memory (templates have no port yet): by Meta's id or by name,
//! never back to an older state.

use std::sync::Arc;

use inbox_domain::events::InboxEvent;
use inbox_memory::MemoryStore;
use inbox_testkit::contract::fixtures::account;
use inbox_testkit::contract::webhooks::batch::{batch, template_update};
use inbox_testkit::contract::webhooks::world::deliver;

#[tokio::test]
async fn template_updates_set_the_status_by_meta_id_or_name_and_never_go_back() {
    let store = Arc::new(MemoryStore::new());
    let storage = store.clone().storage();
    let shop = account(&storage).await;
    store
        .add_template(shop.id, Some(4242), "by_id", "en_US")
        .unwrap();
    store
        .add_template(shop.id, None, "by_name", "en_US")
        .unwrap();
    let mut delivery = batch(Vec::new());
    let mut rejected = template_update(&shop.waba_id, 4242, "by_id", "REJECTED");
    rejected.reason = Some("INCORRECT_CATEGORY".to_owned());
    delivery.template_updates.push(rejected);
    delivery
        .template_updates
        .push(template_update(&shop.waba_id, 777, "by_name", "APPROVED"));

    let outcome = deliver("templates", &storage, &delivery).await;

    assert_eq!(outcome.events.len(), 2, "{:?}", outcome.events);
    assert!(outcome.events.contains(&InboxEvent::TemplateStatusChanged {
        account_id: shop.id,
        name: "by_name".to_owned(),
        language: "en_US".to_owned(),
        status: "approved".to_owned(),
    }));
    let rejected = Some(("rejected".to_owned(), Some("INCORRECT_CATEGORY".to_owned())));
    assert_eq!(
        store.template_status(shop.id, "by_id", "en_US").unwrap(),
        rejected
    );

    let mut older = template_update(&shop.waba_id, 4242, "by_id", "PENDING");
    older.at = older.at.map(|t| t - time::Duration::hours(1));
    let mut delivery = batch(Vec::new());
    delivery.template_updates.push(older);
    let outcome = deliver("templates", &storage, &delivery).await;
    assert!(outcome.events.is_empty(), "an older update changes nothing");
    assert_eq!(
        store.template_status(shop.id, "by_id", "en_US").unwrap(),
        rejected
    );
}
