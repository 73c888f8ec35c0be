//! `WebhookQueue::apply` routing: numbers of no account, messages of no sender, contacts by
//! wa_id or business-scoped id, profile names, templates we do not know.

use inbox_domain::events::InboxEvent;
use inbox_domain::inbound::Reject;
use inbox_domain::ports::{
    DeliveryId, DeliveryState, MESSAGE_WITHOUT_SENDER, Storage, UNKNOWN_ACCOUNT, UNREADABLE_PARTS,
};
use inbox_domain::{PageLimit, PhoneNumberId};

use super::batch::{batch, change, profile, template_update, text, wamid_of};
use super::world::{deliver, enqueue_and_claim, state_of, thread};
use crate::contract::fixtures::{Must, account, digits, wa_id};

crate::contract::cases![
    an_unknown_number_parks_the_delivery_and_known_changes_still_apply,
    a_message_without_sender_is_reported_and_parks_the_delivery,
    unreadable_parts_park_the_delivery_after_the_rest_applies,
    a_given_profile_name_replaces_the_stored_one_and_none_keeps_it,
    a_customer_known_only_by_business_scoped_id_gains_the_wa_id,
    a_template_update_for_an_unknown_template_is_no_error,
];

/// "Changes for numbers of no account are not applied and are reported in `unknown_numbers`
/// (the delivery is then parked with [`UNKNOWN_ACCOUNT`]) ... Everything else in the delivery is
/// applied all the same".
async fn an_unknown_number_parks_the_delivery_and_known_changes_still_apply(
    case: &'static str,
    s: Storage,
) {
    let shop = account(&s).await;
    let customer = wa_id();
    let unknown = PhoneNumberId::parse(&digits(15)).must(case, "a number");
    let mut lost = change(&unknown);
    lost.messages
        .push(text(&customer, &wamid_of("nowhere"), 1, "hi"));
    let mut known = change(&shop.phone_number_id);
    known
        .messages
        .push(text(&customer, &wamid_of("known"), 2, "hi"));
    let claim = enqueue_and_claim(case, &s).await;
    let outcome = s
        .webhooks
        .apply(claim.id, claim.attempt, &batch(vec![lost, known]))
        .await
        .must(case, "apply");
    assert!(
        outcome.applied && outcome.parked(),
        "{case}: applied, parked"
    );
    assert_eq!(outcome.unknown_numbers, vec![unknown], "{case}: reported");
    assert_eq!(
        outcome.parked_reason.as_deref(),
        Some(UNKNOWN_ACCOUNT),
        "{case}: reason"
    );
    assert_eq!(outcome.accounts, vec![shop.id], "{case}: the known account");
    assert_eq!(state_of(case, &s, claim.id).await, DeliveryState::Parked);
    let parked = s
        .webhooks
        .list(
            DeliveryState::Parked,
            Some(DeliveryId::new(claim.id.get() + 1)),
            1,
        )
        .await
        .must(case, "list");
    let record = parked.first().must(case, "the parked delivery");
    assert_eq!(record.parked_reason.as_deref(), Some(UNKNOWN_ACCOUNT));
    let thread = thread(case, &s, shop.id, &customer).await;
    assert_eq!(
        thread.conversation.unread_count, 1,
        "{case}: known change applied"
    );
}

/// "messages without any sender are reported in `senderless` (parked with
/// [`MESSAGE_WITHOUT_SENDER`])".
async fn a_message_without_sender_is_reported_and_parks_the_delivery(
    case: &'static str,
    s: Storage,
) {
    let shop = account(&s).await;
    let mut anonymous = text(&wa_id(), &wamid_of("anonymous"), 1, "hi");
    anonymous.from = None;
    let mut change = change(&shop.phone_number_id);
    change.messages.push(anonymous.clone());
    let claim = enqueue_and_claim(case, &s).await;
    let outcome = s
        .webhooks
        .apply(claim.id, claim.attempt, &batch(vec![change]))
        .await
        .must(case, "apply");
    assert_eq!(
        outcome.senderless,
        vec![anonymous.wamid],
        "{case}: reported"
    );
    assert!(outcome.events.is_empty(), "{case}: nothing stored");
    let listed = s
        .webhooks
        .list(
            DeliveryState::Parked,
            Some(DeliveryId::new(claim.id.get() + 1)),
            1,
        )
        .await
        .must(case, "list");
    let record = listed.first().must(case, "the parked delivery");
    assert_eq!(record.id, claim.id);
    assert_eq!(
        record.parked_reason.as_deref(),
        Some(MESSAGE_WITHOUT_SENDER)
    );
}

/// "a batch with `rejects` is parked with [`UNREADABLE_PARTS`] and their locations and reasons
/// as `last_error`"; the readable rest is applied.
async fn unreadable_parts_park_the_delivery_after_the_rest_applies(case: &'static str, s: Storage) {
    let shop = account(&s).await;
    let customer = wa_id();
    let mut change = change(&shop.phone_number_id);
    change
        .messages
        .push(text(&customer, &wamid_of("readable"), 1, "hi"));
    let mut delivery = batch(vec![change]);
    delivery.rejects.push(Reject {
        location: "entry[0].changes[0].value.messages[1]".to_owned(),
        reason: "message has no usable `id`".to_owned(),
    });
    let claim = enqueue_and_claim(case, &s).await;
    let outcome = s
        .webhooks
        .apply(claim.id, claim.attempt, &delivery)
        .await
        .must(case, "apply");
    assert_eq!(
        outcome.parked_reason.as_deref(),
        Some(UNREADABLE_PARTS),
        "{case}: reason"
    );
    let listed = s
        .webhooks
        .list(
            DeliveryState::Parked,
            Some(DeliveryId::new(claim.id.get() + 1)),
            1,
        )
        .await
        .must(case, "list");
    let record = listed.first().must(case, "the parked delivery");
    assert_eq!(record.id, claim.id);
    assert_eq!(record.parked_reason.as_deref(), Some(UNREADABLE_PARTS));
    assert_eq!(
        record.last_error.as_deref(),
        Some("entry[0].changes[0].value.messages[1]: message has no usable `id`"),
        "{case}: where and why"
    );
    let thread = thread(case, &s, shop.id, &customer).await;
    assert_eq!(
        thread.conversation.unread_count, 1,
        "{case}: the rest applied"
    );
}

/// "contacts upserted (a given profile name replaces the stored one ...)".
async fn a_given_profile_name_replaces_the_stored_one_and_none_keeps_it(
    case: &'static str,
    s: Storage,
) {
    let shop = account(&s).await;
    let customer = wa_id();
    let mut first = change(&shop.phone_number_id);
    first.contacts.push(profile(&customer, "Ana"));
    first
        .messages
        .push(text(&customer, &wamid_of("a"), 1, "hi"));
    deliver(case, &s, &batch(vec![first])).await;
    let mut renamed = change(&shop.phone_number_id);
    renamed.contacts.push(profile(&customer, "Ana Lima"));
    renamed
        .messages
        .push(text(&customer, &wamid_of("b"), 2, "again"));
    let outcome = deliver(case, &s, &batch(vec![renamed])).await;
    let summary = thread(case, &s, shop.id, &customer).await;
    assert_eq!(summary.contact.profile_name.as_deref(), Some("Ana Lima"));
    assert!(
        outcome.events.contains(&InboxEvent::ContactUpdated {
            account_id: shop.id,
            contact_id: summary.contact.id
        }),
        "{case}: a rename is announced"
    );
    let mut nameless = change(&shop.phone_number_id);
    nameless
        .messages
        .push(text(&customer, &wamid_of("c"), 3, "no profile"));
    let outcome = deliver(case, &s, &batch(vec![nameless])).await;
    let after = thread(case, &s, shop.id, &customer).await;
    assert_eq!(
        after.contact, summary.contact,
        "{case}: no name keeps the contact"
    );
    assert!(
        !outcome
            .events
            .iter()
            .any(|e| matches!(e, InboxEvent::ContactUpdated { .. })),
        "{case}: nothing to announce"
    );
}

/// "identity by wa_id, or by business-scoped user id when there is no wa_id".
async fn a_customer_known_only_by_business_scoped_id_gains_the_wa_id(
    case: &'static str,
    s: Storage,
) {
    let shop = account(&s).await;
    let customer = wa_id();
    let bsuid = format!("US.{}", digits(19));
    let mut hidden = text(&customer, &wamid_of("hidden"), 1, "hi");
    hidden.from = None;
    hidden.from_bsuid = Some(bsuid.clone());
    let mut first = change(&shop.phone_number_id);
    first.messages.push(hidden);
    deliver(case, &s, &batch(vec![first])).await;
    let limit = PageLimit::parse(Some(100)).must(case, "limit");
    let page = s
        .conversations
        .list(shop.id, None, limit)
        .await
        .must(case, "list");
    let by_bsuid = page
        .items
        .iter()
        .find(|c| c.contact.bsuid.as_deref() == Some(bsuid.as_str()))
        .must(case, "the conversation of the bsuid-only customer");
    assert_eq!(by_bsuid.contact.wa_id, None, "{case}: no wa_id yet");
    let mut shown = text(&customer, &wamid_of("shown"), 2, "it's me");
    shown.from_bsuid = Some(bsuid.clone());
    let mut second = change(&shop.phone_number_id);
    second.messages.push(shown);
    deliver(case, &s, &batch(vec![second])).await;
    let summary = thread(case, &s, shop.id, &customer).await;
    assert_eq!(
        summary.contact.id, by_bsuid.contact.id,
        "{case}: the same contact"
    );
    assert_eq!(summary.contact.bsuid.as_deref(), Some(bsuid.as_str()));
    assert_eq!(
        summary.conversation.unread_count, 2,
        "{case}: one conversation"
    );
}

/// "template statuses updated (an unknown template is no error)".
async fn a_template_update_for_an_unknown_template_is_no_error(case: &'static str, s: Storage) {
    let shop = account(&s).await;
    let mut delivery = batch(Vec::new());
    let template_id = digits(15).parse::<i64>().must(case, "an id");
    delivery.template_updates.push(template_update(
        &shop.waba_id,
        template_id,
        "no_such_template",
        "APPROVED",
    ));
    let outcome = deliver(case, &s, &delivery).await;
    assert!(outcome.events.is_empty(), "{case}: nothing changed");
    assert!(!outcome.parked(), "{case}: not parked");
}
