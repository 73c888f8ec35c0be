//! Unit tests of the fake's validation and bookkeeping (HTTP behaviour is tested from
//! `inbox-whatsapp` against the running fake).

use serde_json::json;

use super::faults::{FakeRoute, Fault, Latency, TokenBucket};
use super::state::State;
use super::validate;

fn send(body: serde_json::Value) -> Result<String, String> {
    validate::send(&body)
        .map(|shape| shape.kind)
        .map_err(|invalid| format!("{} | {}", invalid.message, invalid.details))
}

fn text(body: &str) -> serde_json::Value {
    json!({"messaging_product": "whatsapp", "to": "+16505551234", "type": "text", "text": {"body": body}})
}

#[test]
fn a_valid_text_passes_and_type_defaults_to_text() {
    assert_eq!(send(text("hi")).unwrap(), "text");
    let untyped =
        json!({"messaging_product": "whatsapp", "to": "16505551234", "text": {"body": "x"}});
    assert_eq!(send(untyped).unwrap(), "text");
}

#[test]
fn meta_s_limits_and_required_fields_answer_code_100_messages() {
    let cases = [
        (
            "no product",
            json!({"to": "1650555", "text": {"body": "x"}}),
            "messaging_product is required",
        ),
        ("long text", text(&"a".repeat(4097)), "at most 4096"),
        (
            "bad to",
            json!({"messaging_product": "whatsapp", "to": "abc", "text": {"body": "x"}}),
            "valid phone number",
        ),
        (
            "type without object",
            json!({"messaging_product": "whatsapp", "to": "16505551234", "type": "image"}),
            "image is required",
        ),
        (
            "caption on audio",
            json!({"messaging_product": "whatsapp", "to": "16505551234", "type": "audio", "audio": {"id": "1", "caption": "x"}}),
            "not valid for audio",
        ),
        (
            "id and link",
            json!({"messaging_product": "whatsapp", "to": "16505551234", "type": "image", "image": {"id": "1", "link": "https://x"}}),
            "not both",
        ),
        (
            "four buttons",
            json!({"messaging_product": "whatsapp", "to": "16505551234", "type": "interactive", "interactive": {
            "type": "button", "body": {"text": "b"}, "action": {"buttons": [
                {"type": "reply", "reply": {"id": "1", "title": "a"}}, {"type": "reply", "reply": {"id": "2", "title": "b"}},
                {"type": "reply", "reply": {"id": "3", "title": "c"}}, {"type": "reply", "reply": {"id": "4", "title": "d"}}]}}}),
            "1 to 3",
        ),
        (
            "long button title",
            json!({"messaging_product": "whatsapp", "to": "16505551234", "type": "interactive", "interactive": {
            "type": "button", "body": {"text": "b"}, "action": {"buttons": [{"type": "reply", "reply": {"id": "1", "title": "x".repeat(21)}}]}}}),
            "at most 20",
        ),
        (
            "reaction reply",
            json!({"messaging_product": "whatsapp", "to": "16505551234", "type": "reaction",
            "reaction": {"message_id": "wamid.x", "emoji": "👍"}, "context": {"message_id": "wamid.y"}}),
            "not valid for reaction",
        ),
        (
            "long callback",
            json!({"messaging_product": "whatsapp", "to": "16505551234", "text": {"body": "x"},
            "biz_opaque_callback_data": "x".repeat(513)}),
            "at most 512",
        ),
    ];
    for (name, body, expected) in cases {
        let err = send(body).expect_err(name);
        assert!(err.contains(expected), "{name}: {err}");
    }
}

#[test]
fn faults_apply_to_the_next_n_calls_then_stop() {
    let mut state = State::new(Latency::None, None, None);
    state
        .faults
        .entry(FakeRoute::SendMessage)
        .or_default()
        .push_back(Fault::throughput().times(2));
    assert!(state.take_fault(FakeRoute::SendMessage).is_some());
    assert!(state.take_fault(FakeRoute::MarkRead).is_none());
    assert!(state.take_fault(FakeRoute::SendMessage).is_some());
    assert!(state.take_fault(FakeRoute::SendMessage).is_none());
}

#[test]
fn the_token_bucket_allows_a_second_of_burst_then_refuses() {
    let mut bucket = TokenBucket::full(5);
    let admitted = (0..10).filter(|_| bucket.take(5)).count();
    assert_eq!(admitted, 5);
}

#[test]
fn uniform_latency_stays_in_its_range() {
    use std::time::Duration;
    let latency = Latency::Uniform(Duration::from_millis(5), Duration::from_millis(9));
    for _ in 0..50 {
        let wait = latency.sample();
        assert!((Duration::from_millis(5)..=Duration::from_millis(9)).contains(&wait));
    }
}
