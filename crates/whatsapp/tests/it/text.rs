//! Text messages and what every message carries besides its content: context, referral, BSUIDs.

use inbox_domain::MessageKind;
use inbox_testkit::webhook::{Msg, Referral, wamid};
use serde_json::json;

use crate::helpers::{FROM, assert_common, id, one_message};

#[test]
fn text_lands_in_body_and_payload() {
    let m = one_message(Msg::text(FROM, &wamid("t1"), "Olá, tudo bem? 👋"));
    assert_common(&m, "t1");
    assert_eq!(m.kind, MessageKind::Text);
    assert_eq!(m.meta_type, "text");
    assert_eq!(m.body.as_deref(), Some("Olá, tudo bem? 👋"));
    assert_eq!(
        m.payload,
        json!({"type": "text", "text": {"body": "Olá, tudo bem? 👋"}})
    );
    assert_eq!((m.media, m.reaction, m.reply_to_wamid), (None, None, None));
    assert!(!m.forwarded && !m.frequently_forwarded);
    assert!(m.errors.is_empty());
}

#[test]
fn a_reply_keeps_the_quoted_wamid() {
    let m = one_message(Msg::text(FROM, &wamid("t2"), "yes").reply_to(&wamid("ours")));
    assert_eq!(m.reply_to_wamid, Some(id("ours")));
    assert!(m.is_reply());
    assert_eq!(m.payload["context"]["id"], json!(wamid("ours")));
}

#[test]
fn forwarding_flags_are_read() {
    let m = one_message(Msg::text(FROM, &wamid("t3"), "fwd").forwarded());
    assert!(m.forwarded && !m.frequently_forwarded);
    assert_eq!(m.reply_to_wamid, None);
    let m = one_message(Msg::text(FROM, &wamid("t4"), "fwd").frequently_forwarded());
    assert!(!m.forwarded && m.frequently_forwarded);
}

#[test]
fn an_ad_referral_on_a_text_message_is_kept_in_the_payload() {
    let ad = Referral::ad("120208", "Summer sale", "Half price").welcome("Hi! Ask us anything");
    let m = one_message(Msg::text(FROM, &wamid("t5"), "Is it still on?").referral(ad));
    assert_eq!(m.kind, MessageKind::Text);
    assert_eq!(m.body.as_deref(), Some("Is it still on?"));
    assert_eq!(m.payload["referral"]["source_type"], "ad");
    assert_eq!(m.payload["referral"]["source_id"], "120208");
    assert_eq!(m.payload["referral"]["headline"], "Summer sale");
    assert_eq!(
        m.payload["referral"]["welcome_message"]["text"],
        "Hi! Ask us anything"
    );
    assert!(m.payload["referral"]["ctwa_clid"].is_string());
}

#[test]
fn a_product_enquiry_keeps_the_referred_product() {
    let msg =
        Msg::text(FROM, &wamid("t6"), "Do you have it in blue?").referred_product("cat-1", "sku-9");
    let m = one_message(msg);
    assert_eq!(
        m.payload["context"]["referred_product"]["product_retailer_id"],
        "sku-9"
    );
    assert_eq!(m.reply_to_wamid, None);
}

#[test]
fn a_sender_known_only_by_bsuid_has_no_wa_id_and_no_error() {
    let bsuid = "US.13491208655302741918";
    let m = one_message(
        Msg::text(FROM, &wamid("t7"), "hi")
            .without_from()
            .from_user_id(bsuid),
    );
    assert_eq!(m.from, None);
    assert_eq!(m.from_bsuid.as_deref(), Some(bsuid));
    assert_eq!(m.decode_error, None);
    assert!(m.payload.get("from_user_id").is_none());
}

#[test]
fn a_numeric_timestamp_is_accepted() {
    let m = one_message(Msg::text(FROM, &wamid("t8"), "hi").timestamp_as_number(1_750_000_000));
    assert_eq!(m.sent_at.unix_timestamp(), 1_750_000_000);
}

#[test]
fn a_message_with_no_sender_at_all_is_kept_with_a_note() {
    let m = one_message(Msg::text(FROM, &wamid("t9"), "who?").without_from());
    assert_eq!(m.kind, MessageKind::Text);
    assert_eq!((m.from, m.from_bsuid), (None, None));
    assert_eq!(
        m.decode_error.as_deref(),
        Some("no sender: neither `from` nor `from_user_id`")
    );
}
