//! One bad part never costs the others: what is kept, what is rejected, and where.

use inbox_domain::MessageKind;
use inbox_testkit::webhook::{
    Delivery, Msg, PHONE_NUMBER_ID, Profile, Status, WABA_ID, meta_json, wamid,
};
use inbox_whatsapp::webhook;
use serde_json::json;

use crate::helpers::{FROM, id, parse};

const AT: &str = "entry[0].changes[0].value";

#[test]
fn bad_messages_are_rejected_or_kept_as_unsupported_and_the_good_ones_survive() {
    let delivery = Delivery::new(PHONE_NUMBER_ID)
        .message(Msg::text(FROM, &wamid("g1"), "first"))
        .message(Msg::text(FROM, &wamid("x"), "no id").without("id"))
        .message(Msg::text(FROM, &wamid("x"), "bad time").field("timestamp", json!("yesterday")))
        .message(
            Msg::image(FROM, &wamid("g2"), "1")
                .without_kind_field("id")
                .caption("label"),
        )
        .message(Msg::text("Ana Lima", &wamid("g3"), "odd sender"))
        .message(Msg::text(FROM, &wamid("g4"), "last"));
    let mut json = delivery.to_json();
    json["entry"][0]["changes"][0]["value"]["messages"]
        .as_array_mut()
        .unwrap()
        .push(json!("not a message"));
    let batch = webhook::parse(&meta_json(&json)).unwrap();

    let kept: Vec<_> = batch
        .messages()
        .map(|m| (m.wamid.clone(), m.kind))
        .collect();
    assert_eq!(
        kept,
        [
            (id("g1"), MessageKind::Text),
            (id("g2"), MessageKind::Unsupported),
            (id("g3"), MessageKind::Text),
            (id("g4"), MessageKind::Text),
        ]
    );
    let broken_image = &batch.changes[0].messages[1];
    assert_eq!(broken_image.meta_type, "image");
    assert_eq!(
        broken_image.decode_error.as_deref(),
        Some("`image`: missing field `id`")
    );
    assert_eq!(
        broken_image.payload["image"]["caption"], "label",
        "the raw object is kept"
    );
    let odd_sender = &batch.changes[0].messages[2];
    assert_eq!(odd_sender.from, None);
    assert_eq!(odd_sender.body.as_deref(), Some("odd sender"));
    assert_eq!(
        odd_sender.decode_error.as_deref(),
        Some("`from`: must contain digits only")
    );

    let rejects: Vec<(&str, &str)> = batch
        .rejects
        .iter()
        .map(|r| (r.location.as_str(), r.reason.as_str()))
        .collect();
    let contact_of_odd_sender = format!("{AT}.contacts[1]");
    assert_eq!(
        rejects,
        [
            (
                contact_of_odd_sender.as_str(),
                "wa_id: must contain digits only"
            ),
            ("entry[0].changes[0].value.messages[1]", "`id` is missing"),
            (
                "entry[0].changes[0].value.messages[2]",
                "`timestamp` is not Unix seconds"
            ),
            (
                "entry[0].changes[0].value.messages[6]",
                "message is not an object"
            ),
        ]
    );
}

#[test]
fn bad_statuses_are_rejected_and_a_bad_recipient_is_reported_but_the_status_kept() {
    let delivery = Delivery::new(PHONE_NUMBER_ID)
        .status(Status::read(&wamid("o1"), FROM).without("id"))
        .status(Status::read(&wamid("o2"), FROM).without("status"))
        .status(Status::read(&wamid("o3"), FROM).without("timestamp"))
        .status(Status::delivered(&wamid("o4"), "not-a-number"))
        .status(Status::sent(&wamid("o5"), FROM));
    let batch = parse(&delivery);
    let kept: Vec<_> = batch
        .statuses()
        .map(|s| (s.wamid.clone(), s.recipient.is_some()))
        .collect();
    assert_eq!(kept, [(id("o4"), false), (id("o5"), true)]);
    let rejects: Vec<(&str, &str)> = batch
        .rejects
        .iter()
        .map(|r| (r.location.as_str(), r.reason.as_str()))
        .collect();
    assert_eq!(
        rejects,
        [
            ("entry[0].changes[0].value.statuses[0]", "`id` is missing"),
            (
                "entry[0].changes[0].value.statuses[1]",
                "`status` is missing"
            ),
            (
                "entry[0].changes[0].value.statuses[2]",
                "`timestamp` is missing"
            ),
            (
                "entry[0].changes[0].value.statuses[3].recipient_id",
                "wa_id: must contain digits only; status kept without its recipient"
            ),
        ]
    );
}

#[test]
fn an_unroutable_change_is_rejected_with_what_it_held_and_the_others_are_applied() {
    let delivery = Delivery::new(PHONE_NUMBER_ID)
        .message(Msg::text(FROM, &wamid("lost"), "x"))
        .status(Status::read(&wamid("o1"), FROM))
        .value_field("metadata", json!({"display_phone_number": "15550783881"}))
        .change("106540352242999")
        .message(Msg::text(FROM, &wamid("kept"), "y"));
    let batch = parse(&delivery);
    assert_eq!(batch.changes.len(), 1);
    assert_eq!(batch.changes[0].messages[0].wamid, id("kept"));
    assert_eq!(batch.rejects.len(), 1);
    assert_eq!(batch.rejects[0].location, format!("{AT}.metadata"));
    assert_eq!(
        batch.rejects[0].reason,
        "`phone_number_id` is missing or not a string; not applied: 1 message(s), 1 status(es)"
    );
}

#[test]
fn malformed_entries_and_changes_are_rejected_one_by_one() {
    let mut json = Delivery::new(PHONE_NUMBER_ID)
        .message(Msg::text(FROM, &wamid("ok"), "hi"))
        .to_json();
    let entries = json["entry"].as_array_mut().unwrap();
    entries[0]["changes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"value": {}}));
    entries.push(json!("garbage"));
    entries.push(json!({"id": WABA_ID}));
    entries.push(json!({"id": "not digits", "changes": []}));
    let batch = webhook::parse(&meta_json(&json)).unwrap();
    assert_eq!(batch.messages().count(), 1);
    let rejects: Vec<(&str, &str)> = batch
        .rejects
        .iter()
        .map(|r| (r.location.as_str(), r.reason.as_str()))
        .collect();
    assert_eq!(
        rejects,
        [
            ("entry[0].changes[1]", "`field` is missing or not a string"),
            ("entry[1]", "entry is not an object"),
            ("entry[2]", "`changes` is missing or not an array"),
            ("entry[3].id", "waba_id: must contain digits only"),
        ]
    );
}

#[test]
fn a_contact_without_any_identifier_is_rejected_and_its_message_kept() {
    let delivery = Delivery::new(PHONE_NUMBER_ID)
        .message(Msg::text(FROM, &wamid("m"), "hi").no_contact())
        .contact(Profile::new(FROM).field("wa_id", json!(null)).name("Ana"));
    let batch = parse(&delivery);
    assert_eq!(batch.messages().count(), 1);
    assert!(batch.changes[0].contacts.is_empty());
    assert_eq!(batch.rejects[0].location, format!("{AT}.contacts[0]"));
    assert_eq!(
        batch.rejects[0].reason,
        "contact has neither `wa_id` nor `user_id`"
    );
}

#[test]
fn reasons_and_decode_errors_never_quote_payload_values() {
    let delivery = Delivery::new(PHONE_NUMBER_ID)
        .message(
            Msg::location("Ana Lima", &wamid("p1"), 1.0, 2.0)
                .kind_field("name", json!(["Ana Lima"])),
        )
        .message(
            Msg::text(FROM, &wamid("p2"), "x").kind_field("body", json!({"secret": "Ana Lima"})),
        )
        .message(Msg::text(FROM, &wamid("p3"), "x").field("timestamp", json!("Ana Lima")))
        .message(Msg::reaction(FROM, &wamid("p4"), "Ana Lima", "👍"))
        .message(Msg::text(FROM, &wamid("p5"), "x").kind_field("body", json!(16_505_551_234_u64)));
    let batch = parse(&delivery);
    let mut texts: Vec<String> = batch
        .rejects
        .iter()
        .map(|r| format!("{} {}", r.location, r.reason))
        .collect();
    texts.extend(batch.messages().filter_map(|m| m.decode_error.clone()));
    assert_eq!(texts.len(), 6, "{texts:?}");
    for text in texts {
        assert!(!text.contains("Ana") && !text.contains("1650555"), "{text}");
    }
}
