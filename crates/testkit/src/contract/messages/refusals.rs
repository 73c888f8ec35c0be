//! What `MessageRepo::append` and `get` refuse: invalid messages, unknown conversations and ids.

use inbox_domain::ports::Storage;
use inbox_domain::{ConversationId, MessageId, MessageKind, MessageStatus, NewMessage};

use crate::contract::fixtures::{
    Must, assert_invalid, assert_missing_reference, assert_not_found, conversation, inbound,
    outbound,
};

crate::contract::cases![
    append_rejects_a_message_that_fails_validation,
    append_rejects_a_body_longer_than_65536_characters,
    append_to_an_unknown_conversation_is_a_missing_reference,
    get_of_an_unknown_message_is_not_found,
];

/// "`Invalid` (entity "message") when `NewMessage::validate` fails", storing nothing.
async fn append_rejects_a_message_that_fails_validation(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let cases = [
        (
            "inbound without wamid",
            NewMessage {
                wamid: None,
                ..inbound(thread.id, 10)
            },
        ),
        (
            "inbound not delivered",
            NewMessage {
                status: MessageStatus::Pending,
                ..inbound(thread.id, 10)
            },
        ),
        (
            "image without media",
            NewMessage {
                kind: MessageKind::Image,
                ..outbound(thread.id, 10)
            },
        ),
    ];
    for (what, bad) in cases {
        assert!(
            bad.validate().is_err(),
            "{case}: {what} must fail validate()"
        );
        assert_invalid(
            &format!("{case} ({what})"),
            "message",
            s.messages.append(bad).await,
        );
    }
    let page = s
        .messages
        .page(thread.id, None, Default::default())
        .await
        .must(case, "page");
    assert!(page.items.is_empty(), "{case}: nothing is stored");
    let c = s
        .conversations
        .get(thread.id)
        .await
        .must(case, "get")
        .conversation;
    assert_eq!(c, thread, "{case}: the conversation is unchanged");
}

/// A body longer than 65536 characters is `Invalid` (the `messages.body` CHECK).
async fn append_rejects_a_body_longer_than_65536_characters(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let longest = NewMessage {
        body: Some("é".repeat(65_536)),
        ..outbound(thread.id, 10)
    };
    s.messages
        .append(longest)
        .await
        .unwrap_or_else(|e| panic!("{case}: 65536 characters must be accepted, got {e:?}"));
    let too_long = NewMessage {
        body: Some("é".repeat(65_537)),
        ..outbound(thread.id, 20)
    };
    assert_invalid(case, "message", s.messages.append(too_long.clone()).await);
    assert_not_found(case, "message", s.messages.get(too_long.id).await);
}

/// "`MissingReference` (entity "conversation") when the conversation does not exist."
async fn append_to_an_unknown_conversation_is_a_missing_reference(case: &'static str, s: Storage) {
    conversation(&s).await;
    let orphan = inbound(ConversationId::generate(), 10);
    assert_missing_reference(
        case,
        "conversation",
        s.messages.append(orphan.clone()).await,
    );
    assert_not_found(case, "message", s.messages.get(orphan.id).await);
}

/// "`NotFound` (entity "message") when there is none."
async fn get_of_an_unknown_message_is_not_found(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    s.messages
        .append(inbound(thread.id, 10))
        .await
        .must(case, "append");
    assert_not_found(case, "message", s.messages.get(MessageId::generate()).await);
}
