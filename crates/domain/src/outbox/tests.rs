//! Send requests: each kind parses, converts and names the field that breaks a limit.

use serde_json::json;

use super::{IdempotencyKey, SendRequest};
use crate::message::MessageKind;
use crate::outbound::OutboundContent;
use crate::wamid::Wamid;

fn request(value: serde_json::Value) -> SendRequest {
    serde_json::from_value(value).unwrap()
}

#[test]
fn every_kind_converts_to_its_content() {
    let target = Wamid::parse("wamid.target").unwrap();
    let cases = [
        (
            json!({"type": "text", "text": {"body": "hi", "preview_url": true}}),
            "text",
        ),
        (
            json!({"type": "image", "image": {"id": "123", "caption": "c"}}),
            "image",
        ),
        (
            json!({"type": "document", "document": {"link": "https://x.test/a.pdf", "filename": "a.pdf"}}),
            "document",
        ),
        (
            json!({"type": "sticker", "sticker": {"id": "9"}}),
            "sticker",
        ),
        (
            json!({"type": "interactive", "interactive": {"type": "button", "body": "b",
            "buttons": [{"id": "y", "title": "Yes"}]}}),
            "interactive",
        ),
        (
            json!({"type": "interactive", "interactive": {"type": "list", "body": "b", "button": "Pick",
            "sections": [{"rows": [{"id": "r", "title": "R"}]}]}}),
            "interactive",
        ),
        (
            json!({"type": "interactive", "interactive": {"type": "cta_url", "body": "b",
            "display_text": "Go", "url": "https://x.test"}}),
            "interactive",
        ),
        (
            json!({"type": "template", "template": {"name": "hello_world", "language": "en_US",
            "body": [{"type": "text", "text": "Ann"}],
            "buttons": [{"index": 0, "sub_type": "quick_reply", "value": "p"}]}}),
            "template",
        ),
        (
            json!({"type": "reaction", "reaction": {"message_id": "0190a0a0-0000-7000-8000-000000000000", "emoji": "👍"}}),
            "reaction",
        ),
        (
            json!({"type": "location", "location": {"latitude": 1.5, "longitude": 2.5, "name": "Here"}}),
            "location",
        ),
        (
            json!({"type": "contacts", "contacts": [{"formatted_name": "Ann",
            "phones": [{"phone": "+1 555", "type": "CELL"}]}]}),
            "contacts",
        ),
    ];
    for (value, kind) in cases {
        let request = request(value);
        request.validate().unwrap_or_else(|e| panic!("{kind}: {e}"));
        let content = request.content(Some(&target)).unwrap();
        assert_eq!(content.kind(), kind);
        assert_eq!(request.kind().as_str(), kind);
        let back: SendRequest =
            serde_json::from_value(serde_json::to_value(&request).unwrap()).unwrap();
        assert_eq!(back, request, "{kind} round trips through its stored form");
    }
}

#[test]
fn a_broken_field_is_named() {
    let cases = [
        (json!({"type": "text", "text": {"body": ""}}), "text.body"),
        (json!({"type": "image", "image": {}}), "image.link"),
        (
            json!({"type": "image", "image": {"link": "ftp://x"}}),
            "image.link",
        ),
        (
            json!({"type": "audio", "audio": {"id": "1", "caption": "no"}}),
            "caption",
        ),
        (
            json!({"type": "location", "location": {"latitude": 91.0, "longitude": 0.0}}),
            "location.latitude",
        ),
        (
            json!({"type": "template", "template": {"name": "x", "language": "en",
            "buttons": [{"index": 0, "sub_type": "nope", "value": "v"}]}}),
            "template.buttons.sub_type",
        ),
        (
            json!({"type": "reaction", "reaction": {"message_id": "0190a0a0-0000-7000-8000-000000000000", "emoji": "ab"}}),
            "reaction.emoji",
        ),
    ];
    for (value, field) in cases {
        let error = request(value).validate().unwrap_err();
        assert_eq!(error.field, field, "{error}");
    }
}

#[test]
fn the_stored_message_shows_body_and_media() {
    let text = request(json!({"type": "text", "text": {"body": "hello"}}));
    assert_eq!(text.body().as_deref(), Some("hello"));
    assert!(text.media().is_none());
    let image = request(json!({"type": "image", "image": {"id": "55", "caption": "cap"}}));
    assert_eq!(image.kind(), MessageKind::Image);
    assert_eq!(image.body().as_deref(), Some("cap"));
    assert_eq!(image.media().unwrap().meta_media_id.as_deref(), Some("55"));
}

#[test]
fn the_outbound_message_carries_reply_and_callback() {
    let text = request(json!({"type": "text", "text": {"body": "hello"}}));
    let to = crate::phone::WaId::parse("15550001111").unwrap();
    let quoted = Wamid::parse("wamid.q").unwrap();
    let message = text
        .outbound(to, Some(quoted.clone()), None, Some("our-id"))
        .unwrap();
    assert_eq!(message.replying_to(), Some(&quoted));
    assert_eq!(message.biz_opaque_callback_data(), Some("our-id"));
    assert!(matches!(message.content(), OutboundContent::Text(_)));
}

#[test]
fn a_reaction_without_a_target_wamid_is_refused() {
    let reaction = request(json!({"type": "reaction", "reaction": {
        "message_id": "0190a0a0-0000-7000-8000-000000000000", "emoji": "👍"}}));
    assert_eq!(
        reaction.content(None).unwrap_err().field,
        "reaction.message_id"
    );
}

#[test]
fn idempotency_keys_are_checked() {
    assert!(IdempotencyKey::parse("abc-123").is_ok());
    assert_eq!(
        IdempotencyKey::parse("").unwrap_err().field,
        "Idempotency-Key"
    );
    assert!(IdempotencyKey::parse("has space").is_err());
}
