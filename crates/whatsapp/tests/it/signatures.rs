//! Signatures made by the testkit (as Meta makes them) verify here, on the exact bytes only.

use inbox_testkit::webhook::{Delivery, Msg, PHONE_NUMBER_ID, sign, wamid};
use inbox_whatsapp::signature::{self, SignatureError};

use crate::helpers::FROM;

const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

#[test]
fn a_delivery_signed_by_the_testkit_verifies_and_parses() {
    let delivery =
        Delivery::new(PHONE_NUMBER_ID).message(Msg::text(FROM, &wamid("s"), "Olá 👋 / até já"));
    let (body, header) = delivery.signed(SECRET);
    assert_eq!(
        header,
        signature::sign(&body, SECRET),
        "testkit and crate sign alike"
    );
    assert_eq!(
        signature::verify(&body, Some(&header), &[b"old-secret", SECRET]),
        Ok(())
    );
    let batch = inbox_whatsapp::webhook::parse(&body).unwrap();
    assert_eq!(
        batch.messages().next().unwrap().body.as_deref(),
        Some("Olá 👋 / até já")
    );
}

#[test]
fn a_re_serialised_body_no_longer_verifies() {
    let delivery = Delivery::new(PHONE_NUMBER_ID).message(Msg::text(FROM, &wamid("s"), "Olá 👋"));
    let (body, header) = delivery.signed(SECRET);
    let reencoded =
        serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(&body).unwrap()).unwrap();
    assert_ne!(reencoded, body, "Meta's escaping differs from serde_json's");
    assert_eq!(
        signature::verify(&reencoded, Some(&header), &[SECRET]),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(sign(&body, SECRET), header);
}
