//! `WebhookBatch` values as the parser produces them, built directly (the testkit does not
//! depend on the parser): changes, profiles, messages of every kind, statuses, templates.

use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use inbox_domain::inbound::{
    Change, InboundContact, InboundMessage, ReactionChange, ReportedStatus, StatusReport,
    TemplateEvent, TemplateStatusUpdate, WebhookBatch,
};
use inbox_domain::{MediaRef, MessageKind, MetaError, PhoneNumberId, WaId, WabaId, Wamid};

use crate::contract::fixtures::{BASE, Must};

/// `BASE` moved by `seconds`, in whole seconds as Meta sends times.
pub fn meta_time(seconds: i64) -> OffsetDateTime {
    let base = BASE - Duration::nanoseconds(i64::from(BASE.nanosecond()));
    base + Duration::seconds(seconds)
}

/// A delivery of `changes`.
pub fn batch(changes: Vec<Change>) -> WebhookBatch {
    WebhookBatch {
        changes,
        ..WebhookBatch::default()
    }
}

/// An empty `messages` change of the business number `number`.
pub fn change(number: &PhoneNumberId) -> Change {
    Change {
        waba_id: None,
        phone_number_id: number.clone(),
        display_phone_number: None,
        contacts: Vec::new(),
        messages: Vec::new(),
        statuses: Vec::new(),
        errors: Vec::new(),
    }
}

/// A `contacts[]` profile.
pub fn profile(wa_id: &WaId, name: &str) -> InboundContact {
    InboundContact {
        wa_id: Some(wa_id.clone()),
        bsuid: None,
        profile_name: Some(name.to_owned()),
        username: None,
    }
}

/// A message of `kind` from `from` sent at `meta_time(seconds)`, with `object` under its type
/// name in the payload (Meta's shape) and `body` as its readable text.
pub fn message(
    kind: MessageKind,
    from: &WaId,
    wamid: &Wamid,
    seconds: i64,
    object: Value,
    body: Option<&str>,
) -> InboundMessage {
    let meta_type = kind.as_str();
    InboundMessage {
        wamid: wamid.clone(),
        from: Some(from.clone()),
        from_bsuid: None,
        sent_at: meta_time(seconds),
        kind,
        meta_type: meta_type.to_owned(),
        body: body.map(str::to_owned),
        media: None,
        payload: json!({ "type": meta_type, meta_type: object }),
        reply_to_wamid: None,
        forwarded: false,
        frequently_forwarded: false,
        reaction: None,
        errors: Vec::new(),
        decode_error: None,
    }
}

/// A text message.
pub fn text(from: &WaId, wamid: &Wamid, seconds: i64, body: &str) -> InboundMessage {
    message(
        MessageKind::Text,
        from,
        wamid,
        seconds,
        json!({ "body": body }),
        Some(body),
    )
}

/// A media message of `kind` with Meta's media id, MIME type and hash (and `filename` for
/// documents).
pub fn media(
    kind: MessageKind,
    from: &WaId,
    wamid: &Wamid,
    seconds: i64,
    caption: Option<&str>,
) -> InboundMessage {
    let filename = (kind == MessageKind::Document).then(|| "invoice.pdf".to_owned());
    let media = MediaRef {
        meta_media_id: Some(format!("{}-media-{seconds}", kind.as_str())),
        storage_key: None,
        mime_type: Some("application/octet-stream".to_owned()),
        sha256: Some("a3f1c9".to_owned()),
        filename: filename.clone(),
    };
    let object = json!({
        "id": media.meta_media_id, "mime_type": media.mime_type, "sha256": media.sha256,
        "caption": caption, "filename": filename,
    });
    InboundMessage {
        media: Some(media),
        ..message(kind, from, wamid, seconds, object, caption)
    }
}

/// A reaction of `from` to `target`; `emoji: None` removes it.
pub fn reaction(
    from: &WaId,
    wamid: &Wamid,
    seconds: i64,
    target: &Wamid,
    emoji: Option<&str>,
) -> InboundMessage {
    let object = json!({ "message_id": target.as_str(), "emoji": emoji.unwrap_or("") });
    InboundMessage {
        reaction: Some(ReactionChange {
            target: target.clone(),
            emoji: emoji.map(str::to_owned),
        }),
        ..message(MessageKind::Reaction, from, wamid, seconds, object, None)
    }
}

/// A status report about our message `wamid`, Meta's value `status`, at `meta_time(seconds)`.
pub fn status(wamid: &Wamid, status: &str, seconds: i64) -> StatusReport {
    StatusReport {
        wamid: wamid.clone(),
        status: ReportedStatus::from_meta(status),
        recipient: None,
        recipient_bsuid: None,
        recipient_group: None,
        at: meta_time(seconds),
        errors: Vec::new(),
        conversation: None,
        pricing: None,
        biz_opaque_callback_data: None,
    }
}

/// The error Meta gives for a message it could not deliver.
pub fn undeliverable() -> MetaError {
    MetaError {
        code: 131_026,
        title: "Message undeliverable".to_owned(),
        details: Some("Unable to deliver the message.".to_owned()),
    }
}

/// A `failed` status with `undeliverable()`.
pub fn failed(wamid: &Wamid, seconds: i64) -> StatusReport {
    StatusReport {
        errors: vec![undeliverable()],
        ..status(wamid, "failed", seconds)
    }
}

/// A template review update of WABA `waba` for template `name` (`en_US`).
pub fn template_update(
    waba: &WabaId,
    template_id: i64,
    name: &str,
    event: &str,
) -> TemplateStatusUpdate {
    TemplateStatusUpdate {
        waba_id: Some(waba.clone()),
        template_id,
        name: name.to_owned(),
        language: "en_US".to_owned(),
        event: TemplateEvent::from_meta(event),
        reason: Some("NONE".to_owned()),
        category: None,
        at: Some(meta_time(0)),
        raw: json!({ "event": event }),
    }
}

/// A wamid with a readable seed and a random part, unique in any shared store.
pub fn wamid_of(seed: &str) -> Wamid {
    Wamid::parse(&format!(
        "wamid.contract-{seed}-{}",
        uuid::Uuid::new_v4().simple()
    ))
    .must("fixture", "a generated wamid is valid")
}
