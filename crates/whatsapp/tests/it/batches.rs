//! Whole deliveries: several entries and changes, contacts, change errors, envelope errors.

use inbox_domain::inbound::InboundContact;
use inbox_domain::{PhoneNumberId, WaId, WabaId};
use inbox_testkit::webhook::{
    Delivery, Msg, PHONE_NUMBER_ID, Profile, Status, WaError, meta_json, wamid,
};
use inbox_whatsapp::webhook::{self, ParseError};
use serde_json::json;

use crate::helpers::{FROM, id, parse};

#[test]
fn every_entry_change_message_and_status_is_read_in_order() {
    let delivery = Delivery::new(PHONE_NUMBER_ID)
        .message(Msg::text(FROM, &wamid("a1"), "one"))
        .message(Msg::text("447700900123", &wamid("a2"), "two"))
        .status(Status::delivered(&wamid("o1"), FROM))
        .change("106540352242999")
        .message(Msg::text(FROM, &wamid("a3"), "three"))
        .entry("102290129340777")
        .change("106540352243000")
        .status(Status::read(&wamid("o2"), FROM))
        .status(Status::read(&wamid("o3"), FROM));
    let batch = parse(&delivery);
    assert_eq!(batch.rejects, vec![]);
    let routes: Vec<(&str, &str)> = batch
        .changes
        .iter()
        .map(|c| {
            (
                c.waba_id.as_ref().unwrap().as_str(),
                c.phone_number_id.as_str(),
            )
        })
        .collect();
    assert_eq!(
        routes,
        [
            ("102290129340398", PHONE_NUMBER_ID),
            ("102290129340398", "106540352242999"),
            ("102290129340777", "106540352243000"),
        ]
    );
    let messages: Vec<_> = batch.messages().map(|m| m.wamid.clone()).collect();
    assert_eq!(messages, [id("a1"), id("a2"), id("a3")]);
    let statuses: Vec<_> = batch.statuses().map(|s| s.wamid.clone()).collect();
    assert_eq!(statuses, [id("o1"), id("o2"), id("o3")]);
    assert_eq!(
        batch.changes[0].display_phone_number.as_deref(),
        Some("15550783881")
    );
}

#[test]
fn contacts_carry_wa_id_bsuid_profile_name_and_username() {
    let delivery = Delivery::new(PHONE_NUMBER_ID)
        .message(
            Msg::text(FROM, &wamid("c1"), "hi")
                .profile_name("Ana Lima")
                .username("ana.l")
                .from_user_id("US.77"),
        )
        .message(Msg::text(FROM, &wamid("c2"), "again"))
        .contact(Profile::bsuid_only("BR.42").name("Bruno"));
    let batch = parse(&delivery);
    assert_eq!(batch.rejects, vec![]);
    let expected = vec![
        InboundContact {
            wa_id: Some(WaId::parse(FROM).unwrap()),
            bsuid: Some("US.77".to_owned()),
            profile_name: Some("Ana Lima".to_owned()),
            username: Some("ana.l".to_owned()),
        },
        InboundContact {
            wa_id: None,
            bsuid: Some("BR.42".to_owned()),
            profile_name: Some("Bruno".to_owned()),
            username: None,
        },
    ];
    assert_eq!(
        batch.changes[0].contacts, expected,
        "the repeated sender is listed once"
    );
}

#[test]
fn change_level_errors_are_read() {
    let error = WaError::new(131_000, "Something went wrong").details("Unknown error");
    let batch = parse(&Delivery::new(PHONE_NUMBER_ID).error(error));
    let errors = &batch.changes[0].errors;
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (errors[0].code, errors[0].details.as_deref()),
        (131_000, Some("Unknown error"))
    );
    assert!(batch.changes[0].messages.is_empty());
}

#[test]
fn an_empty_entry_list_is_an_empty_batch() {
    let batch = parse(&Delivery::empty());
    assert!(batch.is_empty());
}

#[test]
fn key_order_does_not_matter_and_ids_may_be_numbers() {
    let body = json!({"entry": [{"changes": [{"value": {"metadata": {"phone_number_id": 106_540_352_242_922_u64},
        "messages": [{"type": "text", "text": {"body": "hi"}, "timestamp": 1_700_000_000, "id": wamid("k1"), "from": FROM}]},
        "field": "messages"}], "id": 102_290_129_340_398_u64}], "object": "whatsapp_business_account"});
    let batch = webhook::parse(&meta_json(&body)).unwrap();
    assert_eq!(batch.rejects, vec![]);
    assert_eq!(
        batch.changes[0].phone_number_id,
        PhoneNumberId::parse(PHONE_NUMBER_ID).unwrap()
    );
    assert_eq!(
        batch.changes[0].waba_id,
        Some(WabaId::parse("102290129340398").unwrap())
    );
    assert_eq!(batch.changes[0].messages[0].body.as_deref(), Some("hi"));
}

#[test]
fn a_body_that_is_not_an_envelope_is_a_parse_error_with_a_clear_message() {
    type Case = (&'static str, &'static [u8], fn(&ParseError) -> bool);
    let cases: [Case; 6] = [
        ("not json", b"<html>", |e| matches!(e, ParseError::Json(_))),
        (
            "truncated",
            br#"{"object": "whatsapp_business_account", "entry": ["#,
            |e| matches!(e, ParseError::Json(_)),
        ),
        ("empty", b"", |e| matches!(e, ParseError::Json(_))),
        ("wrong object", br#"{"object": "page", "entry": []}"#, |e| {
            *e == ParseError::WrongObject("`page`".to_owned())
        }),
        (
            "no entry",
            br#"{"object": "whatsapp_business_account"}"#,
            |e| matches!(e, ParseError::Envelope(m) if m.contains("entry")),
        ),
        (
            "entry not a list",
            br#"{"object": "whatsapp_business_account", "entry": {}}"#,
            |e| matches!(e, ParseError::Envelope(_)),
        ),
    ];
    for (case, body, expected) in cases {
        let err = webhook::parse(body).unwrap_err();
        assert!(expected(&err), "{case}: {err}");
        assert!(!err.to_string().is_empty(), "{case}");
    }
}

#[test]
fn parse_errors_do_not_quote_payload_values() {
    let err = webhook::parse(br#"{"object": "Ana Lima +16505551234", "entry": []}"#).unwrap_err();
    assert!(!err.to_string().contains("Ana"), "{err}");
    let err = webhook::parse(br#"{"object": "whatsapp_business_account", "entry": "Ana Lima"}"#)
        .unwrap_err();
    assert!(!err.to_string().contains("Ana"), "{err}");
}
