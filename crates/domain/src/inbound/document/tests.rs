//! The document builder: senders matched to profiles, values fitted, JSON round trip.

use serde_json::json;
use time::macros::datetime;

use super::*;
use crate::inbound::{
    Change, InboundContact, InboundMessage, ReactionChange, ReportedStatus, StatusReport,
    TemplateEvent, TemplateStatusUpdate,
};

fn wa(n: &str) -> WaId {
    WaId::parse(n).unwrap()
}

fn wamid(n: &str) -> Wamid {
    Wamid::parse(&format!("wamid.{n}")).unwrap()
}

fn text(id: &str, from: Option<&str>, bsuid: Option<&str>) -> InboundMessage {
    InboundMessage {
        wamid: wamid(id),
        from: from.map(wa),
        from_bsuid: bsuid.map(str::to_owned),
        sent_at: datetime!(2025-01-15 10:00:00.123_456_789 UTC),
        kind: MessageKind::Text,
        meta_type: "text".to_owned(),
        body: Some("hi\0there".to_owned()),
        media: None,
        payload: json!({"type": "text", "text": {"body": "hi\u{0}there"}}),
        reply_to_wamid: None,
        forwarded: false,
        frequently_forwarded: false,
        reaction: None,
        errors: Vec::new(),
        decode_error: None,
    }
}

fn status(id: &str, value: &str) -> StatusReport {
    StatusReport {
        wamid: wamid(id),
        status: ReportedStatus::from_meta(value),
        recipient: None,
        recipient_bsuid: None,
        recipient_group: None,
        at: datetime!(2025-01-15 10:00:00 UTC),
        errors: vec![MetaError {
            code: 131_026,
            title: "Message undeliverable".to_owned(),
            details: None,
        }],
        conversation: None,
        pricing: None,
        biz_opaque_callback_data: None,
    }
}

fn batch() -> WebhookBatch {
    let mut reaction = text("r", Some("16505551234"), None);
    reaction.kind = MessageKind::Reaction;
    reaction.reaction = Some(ReactionChange {
        target: wamid("out"),
        emoji: Some(String::new()),
    });
    WebhookBatch {
        changes: vec![Change {
            waba_id: None,
            phone_number_id: PhoneNumberId::parse("106540352242922").unwrap(),
            display_phone_number: None,
            contacts: vec![InboundContact {
                wa_id: Some(wa("16505551234")),
                bsuid: Some("US.1".to_owned()),
                profile_name: Some("Ana".to_owned()),
                username: None,
            }],
            messages: vec![
                text("a", Some("16505551234"), None),
                text("b", None, Some("US.2")),
                text("c", None, Some("US.2")),
                text("d", None, None),
                reaction,
            ],
            statuses: vec![
                status("s1", "failed"),
                status("s2", "played"),
                status("s3", "deleted"),
                status("s4", "read"),
            ],
            errors: Vec::new(),
        }],
        template_updates: vec![TemplateStatusUpdate {
            waba_id: None,
            template_id: 1_700_000_000_000_001,
            name: "order_update".to_owned(),
            language: "en_US".to_owned(),
            event: TemplateEvent::Rejected,
            reason: Some("NONE".to_owned()),
            category: None,
            at: None,
            raw: json!({}),
        }],
        ..WebhookBatch::default()
    }
}

#[test]
fn senders_share_the_entry_of_their_profile_or_get_one() {
    let doc = ApplyDocument::from_batch(&batch());
    let change = &doc.changes[0];
    assert_eq!(change.contacts.len(), 2, "Ana, and the bsuid-only sender");
    let ana = &change.contacts[0];
    assert_eq!(ana.profile_name.as_deref(), Some("Ana"));
    assert_eq!(ana.bsuid.as_deref(), Some("US.1"));
    let [a, b, c, d, r] = &change.messages[..] else {
        panic!("five messages")
    };
    assert_eq!(a.contact, Some(ana.id));
    assert_eq!(r.contact, Some(ana.id));
    assert_eq!(b.contact, Some(change.contacts[1].id));
    assert_eq!(b.contact, c.contact);
    assert_eq!(change.contacts[1].wa_id, None);
    assert_eq!(d.contact, None, "no sender at all");
    assert_ne!(a.id, b.id);
}

#[test]
fn values_are_fitted_to_their_columns() {
    let doc = ApplyDocument::from_batch(&batch());
    let change = &doc.changes[0];
    let a = &change.messages[0];
    assert_eq!(a.body.as_deref(), Some("hithere"));
    assert_eq!(
        a.payload,
        json!({"type": "text", "text": {"body": "hithere"}})
    );
    let reaction = change.messages[4].reaction.as_ref().unwrap();
    assert_eq!(reaction.emoji, None, "an empty emoji removes");
    let statuses: Vec<_> = change.statuses.iter().map(|s| s.status).collect();
    assert_eq!(
        statuses,
        vec![
            MessageStatus::Failed,
            MessageStatus::Read,
            MessageStatus::Read
        ]
    );
    assert_eq!(change.statuses[0].error.as_ref().unwrap().code, 131_026);
    assert_eq!(change.statuses[1].error, None, "errors only for failed");
    let template = &doc.templates[0];
    assert_eq!(template.status.as_deref(), Some("rejected"));
    assert_eq!(template.reason, None);
    assert_eq!(
        template.meta_template_id.as_deref(),
        Some("1700000000000001")
    );
}

#[test]
fn the_json_form_round_trips_with_times_in_microseconds() {
    let doc = ApplyDocument::from_batch(&batch());
    let value = doc.to_json();
    assert_eq!(
        value["changes"][0]["messages"][0]["sent_at"],
        json!(1_736_935_200_123_456_i64)
    );
    assert_eq!(
        value["changes"][0]["statuses"][0]["status"],
        json!("failed")
    );
    let back: ApplyDocument = serde_json::from_value(value).unwrap();
    assert_eq!(
        back.changes[0].messages[0].sent_at,
        datetime!(2025-01-15 10:00:00.123_456 UTC)
    );
    assert_eq!(back.changes[0].contacts, doc.changes[0].contacts);
    assert_eq!(back.templates, doc.templates);
}

#[test]
fn unreadable_parts_are_summed_up_by_location_and_reason() {
    let mut with_rejects = batch();
    assert_eq!(ApplyDocument::from_batch(&with_rejects).unreadable, None);
    with_rejects.rejects = vec![
        crate::inbound::Reject {
            location: "entry[0].changes[0].value.messages[3]".to_owned(),
            reason: "message has no id".to_owned(),
        },
        crate::inbound::Reject {
            location: "entry[1]".to_owned(),
            reason: "entry is not an object".to_owned(),
        },
    ];
    assert_eq!(
        ApplyDocument::from_batch(&with_rejects)
            .unreadable
            .as_deref(),
        Some(
            "entry[0].changes[0].value.messages[3]: message has no id; \
             entry[1]: entry is not an object"
        )
    );
}
