//! Template status updates and changes of fields we keep raw.

use inbox_domain::WabaId;
use inbox_domain::inbound::TemplateEvent;
use inbox_testkit::webhook::{Delivery, TIMESTAMP, TemplateStatus, WABA_ID};
use serde_json::json;

use crate::helpers::parse;

#[test]
fn an_approval_lands_with_id_name_language_and_time() {
    let update = TemplateStatus::approved(1_689_556_908_129_832, "order_update", "en_US")
        .category("UTILITY");
    let batch = parse(&Delivery::empty().entry(WABA_ID).template_status(update));
    assert_eq!(batch.rejects, vec![]);
    assert!(batch.changes.is_empty());
    let [t] = batch.template_updates.as_slice() else {
        panic!("one update expected")
    };
    assert_eq!(t.waba_id, Some(WabaId::parse(WABA_ID).unwrap()));
    assert_eq!(t.template_id, 1_689_556_908_129_832);
    assert_eq!(t.name, "order_update");
    assert_eq!(t.language, "en_US");
    assert_eq!(t.event, TemplateEvent::Approved);
    assert_eq!(t.reason.as_deref(), Some("NONE"));
    assert_eq!(t.category.as_deref(), Some("UTILITY"));
    assert_eq!(t.at.map(|at| at.unix_timestamp()), Some(TIMESTAMP));
    assert_eq!(
        t.raw["message_template_id"],
        json!(1_689_556_908_129_832_i64)
    );
}

#[test]
fn a_rejection_keeps_reason_and_extra_info() {
    let update = TemplateStatus::rejected(42, "promo", "pt_BR", "INVALID_FORMAT").field(
        "rejection_info",
        json!({"reason": "Bad variable", "recommendation": "Fix it"}),
    );
    let batch = parse(&Delivery::empty().entry(WABA_ID).template_status(update));
    let t = &batch.template_updates[0];
    assert_eq!(t.event, TemplateEvent::Rejected);
    assert_eq!(t.reason.as_deref(), Some("INVALID_FORMAT"));
    assert_eq!(t.raw["rejection_info"]["recommendation"], "Fix it");
}

#[test]
fn every_documented_event_and_an_unknown_one_are_read() {
    let events = [
        "APPROVED",
        "PENDING",
        "REJECTED",
        "PAUSED",
        "DISABLED",
        "FLAGGED",
        "IN_APPEAL",
        "LIMIT_EXCEEDED",
        "LOCKED",
        "ARCHIVED",
        "UNARCHIVED",
        "DELETED",
        "PENDING_DELETION",
        "REINSTATED",
        "BRAND_NEW_EVENT",
    ];
    let mut delivery = Delivery::empty().entry(WABA_ID);
    for (i, event) in events.iter().enumerate() {
        delivery = delivery.template_status(TemplateStatus::new(i as i64 + 1, "t", "en", event));
    }
    let batch = parse(&delivery);
    let read: Vec<&str> = batch
        .template_updates
        .iter()
        .map(|t| t.event.as_str())
        .collect();
    assert_eq!(read, events);
    assert_eq!(
        batch.template_updates[14].event,
        TemplateEvent::Other("BRAND_NEW_EVENT".to_owned())
    );
}

#[test]
fn a_template_id_sent_as_a_string_is_accepted() {
    let update =
        TemplateStatus::approved(0, "t", "en").field("message_template_id", json!("987654321"));
    let batch = parse(&Delivery::empty().entry(WABA_ID).template_status(update));
    assert_eq!(batch.template_updates[0].template_id, 987_654_321);
}

#[test]
fn other_fields_are_kept_raw_with_their_field_name() {
    let quality = json!({"display_phone_number": "15550783881", "event": "FLAGGED", "current_limit": "TIER_1K"});
    let account = json!({"phone_number": "15550783881", "event": "VERIFIED_ACCOUNT"});
    let delivery = Delivery::empty()
        .entry(WABA_ID)
        .raw_change("phone_number_quality_update", quality.clone())
        .raw_change("account_update", account.clone());
    let batch = parse(&delivery);
    assert_eq!(batch.rejects, vec![]);
    let fields: Vec<(&str, &serde_json::Value)> = batch
        .other
        .iter()
        .map(|o| (o.field.as_str(), &o.value))
        .collect();
    assert_eq!(
        fields,
        [
            ("phone_number_quality_update", &quality),
            ("account_update", &account)
        ]
    );
    assert_eq!(
        batch.other[0].at.map(|at| at.unix_timestamp()),
        Some(TIMESTAMP)
    );
}

#[test]
fn a_template_update_missing_its_name_is_rejected_not_dropped() {
    let update = TemplateStatus::approved(7, "t", "en").without("message_template_name");
    let batch = parse(&Delivery::empty().entry(WABA_ID).template_status(update));
    assert!(batch.template_updates.is_empty());
    assert_eq!(batch.rejects.len(), 1);
    assert_eq!(batch.rejects[0].location, "entry[0].changes[0].value");
    assert!(
        batch.rejects[0].reason.contains("message_template_name"),
        "{}",
        batch.rejects[0].reason
    );
}
