//! How a read delivery becomes storable values: the rules every storage backend applies alike.
//!
//! Meta's values are kept as sent wherever the schema can hold them; where it cannot (a NUL
//! character, a name longer than a column, a status the lattice does not know), these functions
//! decide once what is stored. The raw delivery keeps the original.

use serde_json::Value;

use crate::inbound::{ReportedStatus, TemplateEvent};
use crate::message::{MediaRef, MessageKind, MessageStatus};

/// Longest profile name a contact keeps (`contacts.profile_name`).
pub const MAX_PROFILE_NAME: usize = 256;
/// Longest business-scoped user id a contact keeps (`contacts.bsuid`).
pub const MAX_BSUID: usize = 256;
/// Longest message body (`messages.body`).
pub const MAX_BODY: usize = 65_536;
/// Longest reaction emoji (`message_reactions.emoji`).
pub const MAX_EMOJI: usize = 32;
/// Longest description of a delivery's unreadable parts (`webhook_deliveries.last_error`).
pub const MAX_UNREADABLE: usize = 10_000;
/// Longest Meta error title or details kept with a status.
pub const MAX_ERROR_TEXT: usize = 4_096;

/// The lattice status a reported status moves a message to: `played` (a voice note was played)
/// is evidence of `read`; values the lattice does not know (`deleted`, `warning`, ...) move
/// nothing.
pub fn lattice_status(status: &ReportedStatus) -> Option<MessageStatus> {
    match status {
        ReportedStatus::Known(MessageStatus::Pending) => None,
        ReportedStatus::Known(status) => Some(*status),
        ReportedStatus::Other(other) if other == "played" => Some(MessageStatus::Read),
        ReportedStatus::Other(_) => None,
    }
}

/// The `templates.status` value a review event sets; `None` for events that set none
/// (`LOCKED`, `UNARCHIVED`, unknown ones).
pub fn template_status(event: &TemplateEvent) -> Option<&'static str> {
    Some(match event {
        TemplateEvent::Approved => "approved",
        TemplateEvent::Pending => "pending",
        TemplateEvent::Rejected => "rejected",
        TemplateEvent::Paused => "paused",
        TemplateEvent::Disabled => "disabled",
        TemplateEvent::Flagged => "flagged",
        TemplateEvent::InAppeal => "in_appeal",
        TemplateEvent::LimitExceeded => "limit_exceeded",
        TemplateEvent::Archived => "archived",
        TemplateEvent::Deleted => "deleted",
        TemplateEvent::PendingDeletion => "pending_deletion",
        TemplateEvent::Reinstated => "reinstated",
        TemplateEvent::Locked | TemplateEvent::Unarchived | TemplateEvent::Other(_) => {
            return None;
        }
    })
}

/// Meta's rejection reason as kept: `NONE` and empty mean there is none.
pub fn template_reason(reason: Option<&str>) -> Option<String> {
    reason
        .filter(|r| !r.is_empty() && *r != "NONE")
        .map(|r| clip(r, MAX_ERROR_TEXT))
}

/// `text` without NUL characters (PostgreSQL text cannot hold them) and cut to `max` characters.
pub fn clip(text: &str, max: usize) -> String {
    text.chars().filter(|c| *c != '\0').take(max).collect()
}

/// A business-scoped user id as a contact keeps it; an empty or oversized one is no identity.
pub fn bsuid(value: Option<&str>) -> Option<String> {
    value
        .filter(|v| !v.is_empty() && v.chars().count() <= MAX_BSUID && !v.contains('\0'))
        .map(str::to_owned)
}

/// A profile name as a contact keeps it; an empty one gives no name.
pub fn profile_name(value: Option<&str>) -> Option<String> {
    value
        .map(|v| clip(v, MAX_PROFILE_NAME))
        .filter(|v| !v.is_empty())
}

/// A reaction emoji as kept; `None` (or an empty one) removes the reaction.
pub fn emoji(value: Option<&str>) -> Option<String> {
    value.map(|v| clip(v, MAX_EMOJI)).filter(|v| !v.is_empty())
}

/// The kind stored: a media kind that came without its media is kept as `unsupported`
/// (the payload still holds what Meta sent).
pub fn stored_kind(kind: MessageKind, media: Option<&MediaRef>) -> MessageKind {
    if kind.is_media() && media.is_none() {
        MessageKind::Unsupported
    } else {
        kind
    }
}

/// A media reference without NUL characters.
pub fn media(media: &MediaRef) -> MediaRef {
    let clean = |v: &Option<String>| v.as_deref().map(|v| clip(v, usize::MAX));
    MediaRef {
        meta_media_id: clean(&media.meta_media_id),
        storage_key: clean(&media.storage_key),
        mime_type: clean(&media.mime_type),
        sha256: clean(&media.sha256),
        filename: clean(&media.filename),
    }
}

/// A JSON value `jsonb` accepts: NUL characters removed from every string and key.
pub fn json(value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(clip(s, usize::MAX)),
        Value::Array(items) => Value::Array(items.iter().map(json).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, item)| (clip(key, usize::MAX), json(item)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn played_counts_as_read_and_unknown_statuses_move_nothing() {
        assert_eq!(
            lattice_status(&ReportedStatus::from_meta("played")),
            Some(MessageStatus::Read)
        );
        assert_eq!(
            lattice_status(&ReportedStatus::from_meta("failed")),
            Some(MessageStatus::Failed)
        );
        assert_eq!(lattice_status(&ReportedStatus::from_meta("deleted")), None);
        assert_eq!(
            lattice_status(&ReportedStatus::Known(MessageStatus::Pending)),
            None
        );
    }

    #[test]
    fn template_events_map_to_stored_statuses() {
        assert_eq!(
            template_status(&TemplateEvent::from_meta("IN_APPEAL")),
            Some("in_appeal")
        );
        assert_eq!(template_status(&TemplateEvent::from_meta("LOCKED")), None);
        assert_eq!(template_reason(Some("NONE")), None);
        assert_eq!(
            template_reason(Some("INCORRECT_CATEGORY")).as_deref(),
            Some("INCORRECT_CATEGORY")
        );
    }

    #[test]
    fn text_loses_nul_and_is_cut_by_characters() {
        assert_eq!(clip("a\0b", 10), "ab");
        assert_eq!(clip("ééé", 2), "éé");
        assert_eq!(profile_name(Some("")), None);
        assert_eq!(emoji(Some("")), None);
        assert_eq!(bsuid(Some(&"x".repeat(257))), None);
        assert_eq!(bsuid(Some("US.1")).as_deref(), Some("US.1"));
    }

    #[test]
    fn json_loses_nul_everywhere() {
        let value = json!({"a\u{0}": ["b\u{0}", 1, null], "c": {"d": "e\u{0}"}});
        assert_eq!(json(&value), json!({"a": ["b", 1, null], "c": {"d": "e"}}));
    }

    #[test]
    fn media_kinds_without_media_are_unsupported() {
        assert_eq!(
            stored_kind(MessageKind::Image, None),
            MessageKind::Unsupported
        );
        assert_eq!(stored_kind(MessageKind::Text, None), MessageKind::Text);
    }
}
