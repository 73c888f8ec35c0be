//! System messages and everything unsupported or unknown, kept raw with Meta's errors.

use inbox_domain::MessageKind;
use inbox_testkit::webhook::{Delivery, Msg, PHONE_NUMBER_ID, WaError, wamid};
use serde_json::json;

use crate::helpers::{FROM, customer, id, one_message, parse};

#[test]
fn a_number_change_shows_its_text_and_keeps_the_new_number() {
    let batch = parse(&Delivery::new(PHONE_NUMBER_ID).message(Msg::number_changed(
        FROM,
        &wamid("y1"),
        "16505550000",
    )));
    assert_eq!(batch.rejects, vec![]);
    let change = &batch.changes[0];
    assert!(
        change.contacts.is_empty(),
        "system messages come without contacts"
    );
    let m = &change.messages[0];
    assert_eq!(m.kind, MessageKind::System);
    assert_eq!(m.from, Some(customer()));
    assert_eq!(
        m.body.as_deref(),
        Some("User A changed from 16505551234 to 16505550000")
    );
    assert_eq!(m.payload["system"]["type"], "user_changed_number");
    assert_eq!(m.payload["system"]["wa_id"], "16505550000");
    assert_eq!(m.decode_error, None);
}

#[test]
fn an_identity_change_is_a_system_message() {
    let m = one_message(Msg::identity_changed(FROM, &wamid("y2"), "Sjvjlx8G6Z0="));
    assert_eq!(m.kind, MessageKind::System);
    assert_eq!(m.body.as_deref(), Some("User identity changed"));
    assert_eq!(m.payload["system"]["identity"], "Sjvjlx8G6Z0=");
}

#[test]
fn unsupported_content_is_kept_with_its_type_and_meta_errors() {
    for inner in ["poll_creation", "edit", "gif"] {
        let m = one_message(Msg::unsupported(FROM, &wamid("y3"), inner));
        assert_eq!(m.wamid, id("y3"));
        assert_eq!(m.kind, MessageKind::Unsupported, "{inner}");
        assert_eq!(m.meta_type, "unsupported");
        assert_eq!(m.body, None);
        assert_eq!(m.payload["unsupported"], json!({"type": inner}));
        assert_eq!(m.errors.len(), 1);
        assert_eq!(m.errors[0].code, 131_051);
        assert_eq!(m.errors[0].title, "Message type unknown");
        assert_eq!(
            m.decode_error, None,
            "Meta's own unsupported type is not a decode error"
        );
    }
}

#[test]
fn the_legacy_unknown_type_is_unsupported() {
    let m = one_message(Msg::unknown(FROM, &wamid("y4")));
    assert_eq!(m.kind, MessageKind::Unsupported);
    assert_eq!(m.meta_type, "unknown");
    assert_eq!(m.errors[0].code, 131_051);
    assert_eq!(m.decode_error, None);
}

#[test]
fn types_we_do_not_model_are_unsupported_with_the_raw_object() {
    let edit = json!({"original_message_id": wamid("old"), "message": {"type": "text", "text": {"body": "fixed"}}});
    let revoke = json!({"original_message_id": wamid("old")});
    let future = json!({"shape": "hologram", "size": 3});
    for (meta_type, object) in [("edit", edit), ("revoke", revoke), ("hologram", future)] {
        let m = one_message(Msg::raw(FROM, &wamid("y5"), meta_type, object.clone()));
        assert_eq!(m.kind, MessageKind::Unsupported, "{meta_type}");
        assert_eq!(m.meta_type, meta_type);
        assert_eq!(m.payload[meta_type], object, "{meta_type}");
        assert_eq!(m.payload["type"], meta_type);
        assert_eq!(m.decode_error, None, "{meta_type}");
    }
}

#[test]
fn interactive_without_its_object_keeps_meta_errors() {
    let error = WaError::unsupported_type();
    let m = one_message(Msg::without_content(
        FROM,
        &wamid("y6"),
        "interactive",
        error,
    ));
    assert_eq!(m.kind, MessageKind::Unsupported);
    assert_eq!(m.meta_type, "interactive");
    assert_eq!(m.errors[0].code, 131_051);
    assert_eq!(
        m.decode_error.as_deref(),
        Some("the `interactive` object is missing")
    );
}
