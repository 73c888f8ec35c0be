//! Structured messages: location, contacts, interactive replies, quick replies, reactions, orders.

use inbox_domain::MessageKind;
use inbox_domain::inbound::ReactionChange;
use inbox_testkit::webhook::{Card, Msg, OrderItem, wamid};
use serde_json::json;

use crate::helpers::{FROM, assert_common, id, one_message};

#[test]
fn a_location_keeps_coordinates_and_shows_its_name() {
    let msg = Msg::location(FROM, &wamid("s1"), 38.7223, -9.1393).place(
        "Praça do Comércio",
        "Lisboa, Portugal",
        "https://maps.example/pc",
    );
    let m = one_message(msg);
    assert_common(&m, "s1");
    assert_eq!(m.kind, MessageKind::Location);
    assert_eq!(
        m.body.as_deref(),
        Some("Praça do Comércio, Lisboa, Portugal")
    );
    assert_eq!(
        m.payload["location"],
        json!({"latitude": 38.7223, "longitude": -9.1393, "name": "Praça do Comércio",
            "address": "Lisboa, Portugal", "url": "https://maps.example/pc"})
    );
    let bare = one_message(Msg::location(FROM, &wamid("s1b"), 1.5, 2.5));
    assert_eq!(bare.body, None);
    assert_eq!(bare.payload["location"]["latitude"], json!(1.5));
}

#[test]
fn contacts_show_the_names_and_keep_every_card() {
    let cards = vec![
        Card::new("Ana Lima")
            .phone("+1 650-555-9999", Some("16505559999"))
            .email("ana@example.com"),
        Card::new("Bruno Reis").org("Acme").birthday("1990-01-31"),
    ];
    let m = one_message(Msg::contacts(FROM, &wamid("s2"), cards));
    assert_common(&m, "s2");
    assert_eq!(m.kind, MessageKind::Contacts);
    assert_eq!(m.body.as_deref(), Some("Ana Lima, Bruno Reis"));
    let cards = m.payload["contacts"].as_array().unwrap();
    assert_eq!(cards.len(), 2);
    assert_eq!(cards[0]["phones"][0]["wa_id"], "16505559999");
    assert_eq!(cards[0]["emails"][0]["email"], "ana@example.com");
    assert_eq!(cards[1]["org"]["company"], "Acme");
    assert_eq!(cards[1]["birthday"], "1990-01-31");
}

#[test]
fn interactive_replies_show_their_title_or_flow_body() {
    let flow_response = r#"{"flow_token":"abc","rating":"5"}"#;
    let cases = [
        (
            "button_reply",
            Msg::button_reply(FROM, &wamid("s3"), "btn-yes", "Yes"),
            "Yes",
        ),
        (
            "list_reply",
            Msg::list_reply(FROM, &wamid("s3"), "row-2", "Tuesday", Some("10:00")),
            "Tuesday",
        ),
        (
            "nfm_reply",
            Msg::flow_reply(FROM, &wamid("s3"), "Sent", flow_response),
            "Sent",
        ),
    ];
    for (case, msg, body) in cases {
        let m = one_message(msg.reply_to(&wamid("ours")));
        assert_common(&m, "s3");
        assert_eq!(m.kind, MessageKind::Interactive, "{case}");
        assert_eq!(m.body.as_deref(), Some(body), "{case}");
        assert_eq!(m.reply_to_wamid, Some(id("ours")), "{case}");
        assert_eq!(m.payload["interactive"]["type"], case, "{case}");
    }
    let list = one_message(Msg::list_reply(
        FROM,
        &wamid("s4"),
        "row-2",
        "Tuesday",
        Some("10:00"),
    ));
    assert_eq!(
        list.payload["interactive"]["list_reply"],
        json!({"id": "row-2", "title": "Tuesday", "description": "10:00"})
    );
    let flow = one_message(Msg::flow_reply(FROM, &wamid("s5"), "Sent", flow_response));
    assert_eq!(
        flow.payload["interactive"]["nfm_reply"]["response_json"],
        flow_response
    );
}

#[test]
fn a_template_quick_reply_keeps_payload_text_and_context() {
    let msg = Msg::quick_reply(FROM, &wamid("s6"), "STOP_PROMOS", "Stop promotions")
        .reply_to(&wamid("tpl"));
    let m = one_message(msg);
    assert_common(&m, "s6");
    assert_eq!(m.kind, MessageKind::Button);
    assert_eq!(m.body.as_deref(), Some("Stop promotions"));
    assert_eq!(
        m.payload["button"],
        json!({"payload": "STOP_PROMOS", "text": "Stop promotions"})
    );
    assert_eq!(m.reply_to_wamid, Some(id("tpl")));
}

#[test]
fn a_reaction_names_its_target_and_emoji() {
    let m = one_message(Msg::reaction(FROM, &wamid("s7"), &wamid("ours"), "👍"));
    assert_common(&m, "s7");
    assert_eq!(m.kind, MessageKind::Reaction);
    let expected = ReactionChange {
        target: id("ours"),
        emoji: Some("👍".to_owned()),
    };
    assert_eq!(m.reaction, Some(expected));
    assert_eq!(m.body.as_deref(), Some("👍"));
}

#[test]
fn an_empty_or_missing_emoji_removes_the_reaction() {
    let empty = Msg::reaction_removed(FROM, &wamid("s8"), &wamid("ours"));
    let missing =
        Msg::reaction_removed(FROM, &wamid("s8"), &wamid("ours")).without_kind_field("emoji");
    for (case, msg) in [("empty", empty), ("missing", missing)] {
        let m = one_message(msg);
        let reaction = m
            .reaction
            .unwrap_or_else(|| panic!("{case}: reaction expected"));
        assert_eq!(reaction.target, id("ours"), "{case}");
        assert!(reaction.is_removal(), "{case}");
        assert_eq!(m.body, None, "{case}");
    }
}

#[test]
fn an_order_keeps_catalog_and_items_and_shows_its_text() {
    let items = vec![
        OrderItem::new("sku-1", 2, 9.99, "EUR"),
        OrderItem::new("sku-2", 1, 25.0, "EUR"),
    ];
    let m =
        one_message(Msg::order(FROM, &wamid("s9"), "cat-77", items).order_text("Gift wrap please"));
    assert_common(&m, "s9");
    assert_eq!(m.kind, MessageKind::Order);
    assert_eq!(m.body.as_deref(), Some("Gift wrap please"));
    assert_eq!(m.payload["order"]["catalog_id"], "cat-77");
    let items = m.payload["order"]["product_items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[0],
        json!({"product_retailer_id": "sku-1", "quantity": 2, "item_price": 9.99, "currency": "EUR"})
    );
}
