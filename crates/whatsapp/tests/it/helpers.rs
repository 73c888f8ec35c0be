//! Shared helpers: parse a built delivery and pick out its single message or status.

use inbox_domain::inbound::{InboundMessage, StatusReport, WebhookBatch};
use inbox_domain::{WaId, Wamid};
use inbox_testkit::webhook::{Delivery, Msg, PHONE_NUMBER_ID, Status, TIMESTAMP, wamid};
use inbox_whatsapp::webhook;
use time::OffsetDateTime;

/// The customer of most tests.
pub const FROM: &str = "16505551234";

/// Parses a built delivery, which must be a valid envelope.
pub fn parse(delivery: &Delivery) -> WebhookBatch {
    webhook::parse(&delivery.to_bytes()).expect("a built delivery parses")
}

/// Parses a delivery holding `message` alone and returns the one message, checking no rejects.
pub fn one_message(message: Msg) -> InboundMessage {
    let batch = parse(&Delivery::new(PHONE_NUMBER_ID).message(message));
    assert_eq!(batch.rejects, vec![], "no rejects expected");
    assert_eq!(batch.changes.len(), 1);
    let mut messages = batch.changes[0].messages.clone();
    assert_eq!(messages.len(), 1);
    messages.remove(0)
}

/// Parses a delivery holding `status` alone and returns the one status, checking no rejects.
pub fn one_status(status: Status) -> StatusReport {
    let batch = parse(&Delivery::new(PHONE_NUMBER_ID).status(status));
    assert_eq!(batch.rejects, vec![], "no rejects expected");
    let mut statuses = batch.changes[0].statuses.clone();
    assert_eq!(statuses.len(), 1);
    statuses.remove(0)
}

/// The wamid the testkit derives from `seed`, as a domain value.
pub fn id(seed: &str) -> Wamid {
    Wamid::parse(&wamid(seed)).unwrap()
}

/// The customer's WhatsApp id as a domain value.
pub fn customer() -> WaId {
    WaId::parse(FROM).unwrap()
}

/// The testkit's default timestamp.
pub fn default_time() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(TIMESTAMP).unwrap()
}

/// Checks the fields every well-read message shares.
pub fn assert_common(message: &InboundMessage, seed: &str) {
    assert_eq!(message.wamid, id(seed));
    assert_eq!(message.from, Some(customer()));
    assert_eq!(message.sent_at, default_time());
    assert_eq!(message.decode_error, None, "no decode error expected");
    for lifted in ["id", "from", "from_user_id", "timestamp"] {
        assert!(
            message.payload.get(lifted).is_none(),
            "`{lifted}` stays out of payload"
        );
    }
}
