//! `WebhookQueue::apply` on messages: every kind stored with its fields, exactly once.

use serde_json::json;

use inbox_domain::events::InboxEvent;
use inbox_domain::inbound::InboundMessage;
use inbox_domain::ports::Storage;
use inbox_domain::{Direction, MessageKind, MessageStatus, WaId};

use super::batch::{batch, change, media, message, meta_time, profile, text, wamid_of};
use super::world::{deliver, messages, thread};
use crate::contract::fixtures::{Must, account, micros, wa_id};

crate::contract::cases![
    apply_stores_every_inbound_kind_with_its_fields,
    apply_opens_one_conversation_and_counts_unread_once_per_message,
    apply_of_a_duplicate_delivery_changes_nothing,
    apply_keeps_a_reply_to_an_unknown_message,
];

/// One message of every kind Meta sends, from `from`, sent at seconds 1, 2, 3...
fn every_kind(from: &WaId) -> Vec<InboundMessage> {
    let w = |seed: &str| wamid_of(seed);
    let mut voice = media(MessageKind::Audio, from, &w("audio"), 3, None);
    voice.payload["audio"]["voice"] = json!(true);
    let mut unsupported = message(
        MessageKind::Unsupported,
        from,
        &w("unsupported"),
        16,
        json!({ "type": "poll_creation" }),
        None,
    );
    unsupported.payload["errors"] = json!([{ "code": 131_051, "title": "Message type unknown" }]);
    let mut referral = text(from, &w("referral"), 17, "I saw your ad");
    referral.payload["referral"] = json!({ "source_type": "ad", "source_id": "120" });
    vec![
        text(from, &w("text"), 1, "Hello, is my order on its way?"),
        media(
            MessageKind::Image,
            from,
            &w("image"),
            2,
            Some("the receipt"),
        ),
        voice,
        media(MessageKind::Video, from, &w("video"), 4, None),
        media(
            MessageKind::Document,
            from,
            &w("document"),
            5,
            Some("invoice"),
        ),
        media(MessageKind::Sticker, from, &w("sticker"), 6, None),
        message(
            MessageKind::Location,
            from,
            &w("location"),
            7,
            json!({ "latitude": 38.72, "longitude": -9.14, "name": "Shop" }),
            Some("Shop"),
        ),
        message(
            MessageKind::Contacts,
            from,
            &w("contacts"),
            8,
            json!([{ "name": { "formatted_name": "Rui" }, "phones": [{ "phone": "+351 1" }] }]),
            None,
        ),
        message(
            MessageKind::Interactive,
            from,
            &w("button-reply"),
            9,
            json!({ "type": "button_reply", "button_reply": { "id": "yes", "title": "Yes" } }),
            Some("Yes"),
        ),
        message(
            MessageKind::Interactive,
            from,
            &w("list-reply"),
            10,
            json!({ "type": "list_reply", "list_reply": { "id": "r1", "title": "Red" } }),
            Some("Red"),
        ),
        message(
            MessageKind::Interactive,
            from,
            &w("nfm-reply"),
            11,
            json!({ "type": "nfm_reply", "nfm_reply": { "response_json": "{\"a\":1}" } }),
            None,
        ),
        message(
            MessageKind::Button,
            from,
            &w("button"),
            12,
            json!({ "payload": "STOP", "text": "Stop promotions" }),
            Some("Stop promotions"),
        ),
        message(
            MessageKind::Order,
            from,
            &w("order"),
            13,
            json!({ "catalog_id": "9", "product_items": [{ "product_retailer_id": "sku" }] }),
            None,
        ),
        message(
            MessageKind::System,
            from,
            &w("system"),
            14,
            json!({ "type": "user_changed_number", "body": "changed" }),
            Some("changed"),
        ),
        unsupported,
        referral,
    ]
}

/// "messages inserted by wamid": every kind is stored with its kind, text, media, payload and
/// time, as an inbound, delivered message of the sender's conversation.
async fn apply_stores_every_inbound_kind_with_its_fields(case: &'static str, s: Storage) {
    let shop = account(&s).await;
    let customer = wa_id();
    let sent = every_kind(&customer);
    let mut change = change(&shop.phone_number_id);
    change.messages = sent.clone();
    deliver(case, &s, &batch(vec![change])).await;
    let thread = thread(case, &s, shop.id, &customer).await;
    let stored = messages(case, &s, thread.conversation.id).await;
    assert_eq!(stored.len(), sent.len(), "{case}: one message per kind");
    for (message, sent) in stored.iter().zip(&sent) {
        let what = format!("{case}: {}", sent.wamid);
        assert_eq!(
            message.wamid.as_ref(),
            Some(&sent.wamid),
            "{what}: order by time"
        );
        assert_eq!(message.kind, sent.kind, "{what}: kind");
        assert_eq!(message.body, sent.body, "{what}: body");
        assert_eq!(message.media, sent.media, "{what}: media");
        assert_eq!(message.payload, sent.payload, "{what}: payload");
        assert_eq!(message.direction, Direction::Inbound, "{what}: direction");
        assert_eq!(message.status, MessageStatus::Delivered, "{what}: status");
        assert_eq!(message.sent_at, micros(sent.sent_at), "{what}: sent_at");
        assert_eq!(message.account_id, shop.id, "{what}: account");
    }
}

/// "contacts upserted ..., conversations opened": one contact, one conversation and one unread
/// per message for a new customer's burst (an album), with one event each.
async fn apply_opens_one_conversation_and_counts_unread_once_per_message(
    case: &'static str,
    s: Storage,
) {
    let shop = account(&s).await;
    let customer = wa_id();
    let mut change = change(&shop.phone_number_id);
    change.contacts.push(profile(&customer, "Ana"));
    for n in 0..4 {
        change.messages.push(media(
            MessageKind::Image,
            &customer,
            &wamid_of("album"),
            n,
            None,
        ));
    }
    let outcome = deliver(case, &s, &batch(vec![change])).await;
    let thread = thread(case, &s, shop.id, &customer).await;
    assert_eq!(
        thread.contact.profile_name.as_deref(),
        Some("Ana"),
        "{case}: name"
    );
    assert_eq!(thread.conversation.unread_count, 4, "{case}: unread");
    assert_eq!(
        thread.conversation.last_inbound_at,
        Some(micros(meta_time(3)))
    );
    assert_eq!(outcome.accounts, vec![shop.id], "{case}: accounts touched");
    let received = outcome
        .events
        .iter()
        .filter(|e| {
            matches!(e, InboxEvent::MessageReceived { conversation_id, .. }
            if *conversation_id == thread.conversation.id)
        })
        .count();
    assert_eq!(received, 4, "{case}: one event per message");
    assert!(
        outcome.events.contains(&InboxEvent::ContactUpdated {
            account_id: shop.id,
            contact_id: thread.contact.id
        }),
        "{case}: the new contact is announced"
    );
}

/// "a known wamid is a no-op: no unread bump, no event".
async fn apply_of_a_duplicate_delivery_changes_nothing(case: &'static str, s: Storage) {
    let shop = account(&s).await;
    let customer = wa_id();
    let mut change = change(&shop.phone_number_id);
    change.contacts.push(profile(&customer, "Ana"));
    change
        .messages
        .push(text(&customer, &wamid_of("dup"), 1, "hi"));
    change
        .messages
        .push(text(&customer, &wamid_of("dup"), 2, "there"));
    let delivery = batch(vec![change]);
    deliver(case, &s, &delivery).await;
    let before = thread(case, &s, shop.id, &customer).await;
    let again = deliver(case, &s, &delivery).await;
    assert!(
        again.events.is_empty(),
        "{case}: no event: {:?}",
        again.events
    );
    let after = thread(case, &s, shop.id, &customer).await;
    assert_eq!(
        after.conversation.unread_count, 2,
        "{case}: unread counted once"
    );
    assert_eq!(after, before, "{case}: nothing changed");
    let stored = messages(case, &s, after.conversation.id).await;
    assert_eq!(stored.len(), 2, "{case}: stored once");
}

/// Replies keep "Meta's id of the quoted message, kept even if we never saw that message".
async fn apply_keeps_a_reply_to_an_unknown_message(case: &'static str, s: Storage) {
    let shop = account(&s).await;
    let customer = wa_id();
    let quoted = wamid_of("quoted");
    let mut reply = text(&customer, &wamid_of("reply"), 2, "this one");
    reply.reply_to_wamid = Some(quoted.clone());
    reply.payload["context"] = json!({ "from": "15550783881", "id": quoted.as_str() });
    let mut change = change(&shop.phone_number_id);
    change.messages.push(reply);
    deliver(case, &s, &batch(vec![change])).await;
    let thread = thread(case, &s, shop.id, &customer).await;
    let stored = messages(case, &s, thread.conversation.id).await;
    let reply = stored.first().must(case, "the reply");
    assert_eq!(
        reply.reply_to_wamid.as_ref(),
        Some(&quoted),
        "{case}: quoted wamid kept"
    );
    assert_eq!(reply.reply_to, None, "{case}: unresolved");
    let mut change2 = super::batch::change(&shop.phone_number_id);
    change2
        .messages
        .push(text(&customer, &quoted, 1, "original"));
    deliver(case, &s, &batch(vec![change2])).await;
    let stored = messages(case, &s, thread.conversation.id).await;
    let original = stored.first().must(case, "the quoted message");
    let reply = stored.last().must(case, "the reply");
    assert_eq!(
        reply.reply_to,
        Some(original.id),
        "{case}: resolved when it arrives"
    );
}
