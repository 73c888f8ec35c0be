//! Status reports: every value Meta sends, errors, pricing, our callback data, recipients.

use inbox_domain::MessageStatus;
use inbox_domain::inbound::ReportedStatus;
use inbox_testkit::webhook::{Status, WaError, wamid};
use serde_json::json;

use crate::helpers::{FROM, customer, default_time, id, one_status};

#[test]
fn tracked_statuses_map_to_the_domain() {
    let cases = [
        (Status::sent(&wamid("o1"), FROM), MessageStatus::Sent),
        (
            Status::delivered(&wamid("o1"), FROM),
            MessageStatus::Delivered,
        ),
        (Status::read(&wamid("o1"), FROM), MessageStatus::Read),
        (
            Status::failed(&wamid("o1"), FROM, WaError::undeliverable()),
            MessageStatus::Failed,
        ),
    ];
    for (status, expected) in cases {
        let s = one_status(status);
        assert_eq!(s.wamid, id("o1"));
        assert_eq!(s.status, ReportedStatus::Known(expected), "{expected:?}");
        assert_eq!(s.recipient, Some(customer()));
        assert_eq!(s.at, default_time());
    }
}

#[test]
fn unknown_status_values_are_kept_not_refused() {
    for value in ["played", "deleted", "warning", "pending"] {
        let s = one_status(Status::new(&wamid("o2"), value, FROM));
        assert_eq!(s.status, ReportedStatus::Other(value.to_owned()), "{value}");
    }
}

#[test]
fn a_failure_keeps_meta_errors_and_our_callback_data() {
    let status =
        Status::failed(&wamid("o3"), FROM, WaError::re_engagement()).callback("0190c0de-msg");
    let s = one_status(status);
    assert_eq!(s.status.known(), Some(MessageStatus::Failed));
    assert_eq!(s.biz_opaque_callback_data.as_deref(), Some("0190c0de-msg"));
    assert_eq!(s.errors.len(), 1);
    assert_eq!(s.errors[0].code, 131_047);
    assert_eq!(s.errors[0].title, "Re-engagement message");
    assert!(
        s.errors[0]
            .details
            .as_deref()
            .is_some_and(|d| d.contains("24 hours"))
    );
}

#[test]
fn pricing_and_conversation_are_kept_raw() {
    let s = one_status(Status::sent(&wamid("o4"), FROM).conversation("conv-1", "service"));
    assert_eq!(s.pricing.as_ref().unwrap()["pricing_model"], "PMP");
    assert_eq!(s.pricing.as_ref().unwrap()["category"], "utility");
    assert_eq!(
        s.conversation,
        Some(json!({"id": "conv-1", "origin": {"type": "service"}}))
    );
    let plain = one_status(Status::read(&wamid("o4"), FROM));
    assert_eq!((plain.pricing, plain.conversation), (None, None));
}

#[test]
fn recipients_by_bsuid_and_groups_are_read() {
    let s =
        one_status(Status::delivered(&wamid("o5"), FROM).recipient_user_id("US.1349120865530274"));
    assert_eq!(s.recipient_bsuid.as_deref(), Some("US.1349120865530274"));
    let group = one_status(Status::delivered(&wamid("o6"), "Y2FtcGFpZ24tZ3JvdXA=").to_group());
    assert_eq!(group.recipient, None);
    assert_eq!(
        group.recipient_group.as_deref(),
        Some("Y2FtcGFpZ24tZ3JvdXA=")
    );
    let bsuid_only = one_status(
        Status::read(&wamid("o7"), FROM)
            .without("recipient_id")
            .recipient_user_id("US.1"),
    );
    assert_eq!(
        (bsuid_only.recipient, bsuid_only.recipient_bsuid.as_deref()),
        (None, Some("US.1"))
    );
}

#[test]
fn a_status_timestamp_is_read() {
    let s = one_status(Status::read(&wamid("o8"), FROM).timestamp(1_700_000_123));
    assert_eq!(s.at.unix_timestamp(), 1_700_000_123);
}
