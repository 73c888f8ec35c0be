//! One delivery per inbound message kind the testkit builds, with the kind each must be stored as.

use inbox_testkit::webhook::{
    Card, Delivery, Msg, OrderItem, PHONE_NUMBER_ID, Referral, WaError, wamid,
};

use crate::webhook_support::CUSTOMER;

/// A case: its name, the delivery, and the seed of the wamid that must be stored with its kind
/// (`None` for a reaction, which lands on the message it reacts to).
pub type KindCase = (&'static str, Delivery, Option<(&'static str, &'static str)>);

fn case(name: &'static str, seed: &'static str, kind: &'static str, message: Msg) -> KindCase {
    (
        name,
        Delivery::new(PHONE_NUMBER_ID).message(message),
        Some((seed, kind)),
    )
}

/// Every kind, the text message first (the reaction's target).
pub fn every_kind() -> Vec<KindCase> {
    let c = CUSTOMER;
    let w = wamid;
    vec![
        case(
            "text",
            "kind-text",
            "text",
            Msg::text(c, &w("kind-text"), "hello").profile_name("Ana"),
        ),
        case(
            "image",
            "kind-image",
            "image",
            Msg::image(c, &w("kind-image"), "1001").caption("look"),
        ),
        case(
            "video",
            "kind-video",
            "video",
            Msg::video(c, &w("kind-video"), "1002"),
        ),
        case(
            "audio",
            "kind-audio",
            "audio",
            Msg::audio(c, &w("kind-audio"), "1003"),
        ),
        case(
            "voice",
            "kind-voice",
            "audio",
            Msg::voice(c, &w("kind-voice"), "1004"),
        ),
        case(
            "document",
            "kind-document",
            "document",
            Msg::document(c, &w("kind-document"), "1005", "invoice.pdf"),
        ),
        case(
            "sticker",
            "kind-sticker",
            "sticker",
            Msg::sticker(c, &w("kind-sticker"), "1006").animated(),
        ),
        case(
            "location",
            "kind-location",
            "location",
            Msg::location(c, &w("kind-location"), 38.7, -9.1).place(
                "Shop",
                "Rua 1",
                "https://shop.example",
            ),
        ),
        case(
            "contacts",
            "kind-contacts",
            "contacts",
            Msg::contacts(
                c,
                &w("kind-contacts"),
                vec![Card::new("Bea Silva").phone("+351 912 345 678", Some("351912345678"))],
            ),
        ),
        case(
            "button reply",
            "kind-button-reply",
            "interactive",
            Msg::button_reply(c, &w("kind-button-reply"), "yes", "Yes"),
        ),
        case(
            "list reply",
            "kind-list-reply",
            "interactive",
            Msg::list_reply(
                c,
                &w("kind-list-reply"),
                "row-1",
                "First",
                Some("the first"),
            ),
        ),
        case(
            "flow reply",
            "kind-flow-reply",
            "interactive",
            Msg::flow_reply(c, &w("kind-flow-reply"), "Sent", "{\"ok\": true}"),
        ),
        case(
            "quick reply",
            "kind-quick-reply",
            "button",
            Msg::quick_reply(c, &w("kind-quick-reply"), "STOP", "Stop")
                .reply_to(&w("kind-template")),
        ),
        case(
            "order",
            "kind-order",
            "order",
            Msg::order(
                c,
                &w("kind-order"),
                "cat-1",
                vec![OrderItem::new("sku-1", 2, 9.5, "EUR")],
            )
            .order_text("asap"),
        ),
        case(
            "referral",
            "kind-referral",
            "text",
            Msg::text(c, &w("kind-referral"), "from the ad")
                .referral(Referral::ad("ad-1", "Sale", "50% off")),
        ),
        case(
            "reply",
            "kind-reply",
            "text",
            Msg::text(c, &w("kind-reply"), "this one").reply_to(&w("kind-image")),
        ),
        case(
            "number changed",
            "kind-number-changed",
            "system",
            Msg::number_changed(c, &w("kind-number-changed"), "16505550000"),
        ),
        case(
            "identity changed",
            "kind-identity-changed",
            "system",
            Msg::identity_changed(c, &w("kind-identity-changed"), "hash-1"),
        ),
        case(
            "unsupported",
            "kind-unsupported",
            "unsupported",
            Msg::unsupported(c, &w("kind-unsupported"), "poll_creation"),
        ),
        case(
            "unknown",
            "kind-unknown",
            "unsupported",
            Msg::unknown(c, &w("kind-unknown")),
        ),
        case(
            "without content",
            "kind-without-content",
            "unsupported",
            Msg::without_content(
                c,
                &w("kind-without-content"),
                "image",
                WaError::unsupported_type(),
            ),
        ),
        (
            "reaction",
            Delivery::new(PHONE_NUMBER_ID).message(Msg::reaction(
                c,
                &w("kind-reaction"),
                &w("kind-text"),
                "👍",
            )),
            None,
        ),
    ]
}
