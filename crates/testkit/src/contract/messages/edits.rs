//! `MessageRepo::edit_text`: the business's own text messages, with `edited_at`.

use inbox_domain::outbound::MediaKind;
use inbox_domain::ports::Storage;
use inbox_domain::{DeleteScope, MessageId, MessageKind, NewMessage};
use serde_json::json;

use super::action_fixtures::{delete, media, store, text};
use crate::contract::fixtures::{
    Must, assert_invalid, assert_not_found, at, conversation, inbound, micros, outbound,
};

crate::contract::cases![
    edit_replaces_the_text_and_records_edited_at,
    edit_with_the_same_text_changes_nothing,
    edit_refuses_inbound_non_text_and_deleted_messages,
    edit_of_an_unknown_message_is_not_found,
];

/// "Replaces the text of one of the business's own text messages and sets `edited_at` to
/// `at`", in any status; every read shows the new text.
async fn edit_replaces_the_text_and_records_edited_at(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let ours = store(case, &s, outbound(thread.id, 10)).await;
    let change = s
        .messages
        .edit_text(ours.id, text("Yes, it ships tomorrow."), at(20))
        .await
        .must(case, "edit");
    assert!(change.changed, "{case}: changed");
    assert_eq!(
        change.message.body.as_deref(),
        Some("Yes, it ships tomorrow."),
        "{case}: the new text"
    );
    assert_eq!(
        change.message.edited_at,
        Some(micros(at(20))),
        "{case}: edited_at"
    );
    let unchanged_rest = inbox_domain::Message {
        body: ours.body.clone(),
        edited_at: None,
        ..change.message.clone()
    };
    assert_eq!(unchanged_rest, ours, "{case}: nothing else changes");
    let read = s.messages.get(ours.id).await.must(case, "get");
    assert_eq!(read, change.message, "{case}: get shows the edit");
}

/// "The same text again changes nothing (`changed = false`, `edited_at` kept)."
async fn edit_with_the_same_text_changes_nothing(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let ours = store(case, &s, outbound(thread.id, 10)).await;
    let first = s
        .messages
        .edit_text(ours.id, text("Ships tomorrow."), at(20))
        .await
        .must(case, "edit");
    let again = s
        .messages
        .edit_text(ours.id, text("Ships tomorrow."), at(30))
        .await
        .must(case, "edit again");
    assert!(!again.changed, "{case}: not changed");
    assert_eq!(again.message, first.message, "{case}: edited_at kept");
}

/// "`Invalid` ... for an inbound message, ... for a message that is not a text, ... for a
/// deleted one; nothing changes."
async fn edit_refuses_inbound_non_text_and_deleted_messages(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let customers = store(case, &s, inbound(thread.id, 10)).await.id;
    let mut picture = media(thread.id, 20, MediaKind::Image);
    picture.direction = inbox_domain::Direction::Outbound;
    picture.wamid = None;
    picture.status = inbox_domain::MessageStatus::Pending;
    let picture = store(case, &s, picture).await.id;
    let location = store(
        case,
        &s,
        NewMessage {
            kind: MessageKind::Location,
            payload: json!({"latitude": 1.0, "longitude": 2.0}),
            ..outbound(thread.id, 30)
        },
    )
    .await
    .id;
    let deleted = store(case, &s, outbound(thread.id, 40)).await.id;
    delete(case, &s, deleted, DeleteScope::Me, 50).await;
    let refused: [(&str, MessageId); 4] = [
        ("inbound", customers),
        ("image", picture),
        ("location", location),
        ("deleted", deleted),
    ];
    for (what, id) in refused {
        let before = s.messages.get(id).await.must(case, "get");
        let result = s.messages.edit_text(id, text("changed"), at(60)).await;
        assert_invalid(&format!("{case} ({what})"), "message", result);
        let after = s.messages.get(id).await.must(case, "get");
        assert_eq!(after, before, "{case} ({what}): nothing changes");
    }
}

/// "`NotFound` (entity "message") when there is none."
async fn edit_of_an_unknown_message_is_not_found(case: &'static str, s: Storage) {
    conversation(&s).await;
    let result = s
        .messages
        .edit_text(MessageId::generate(), text("changed"), at(10))
        .await;
    assert_not_found(case, "message", result);
}
