//! `MessageRepo::append` is idempotent on the wamid, and refuses an id that is taken.

use inbox_domain::NewMessage;
use inbox_domain::ports::Storage;

use crate::contract::fixtures::{
    Must, assert_conflict, assert_not_found, conversation, inbound, outbound,
};

crate::contract::cases![
    append_with_a_known_wamid_changes_nothing,
    append_with_a_wamid_stored_in_another_conversation_changes_nothing,
    append_with_a_taken_id_is_a_conflict,
];

/// "A message whose wamid is already stored changes nothing and returns the stored one with
/// `created = false`."
async fn append_with_a_known_wamid_changes_nothing(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let first = s
        .messages
        .append(inbound(thread.id, 10))
        .await
        .must(case, "append")
        .message;
    let before = s.conversations.get(thread.id).await.must(case, "get");
    let again = NewMessage {
        wamid: first.wamid.clone(),
        body: Some("a redelivery with other content".to_owned()),
        ..inbound(thread.id, 30)
    };
    let outcome = s
        .messages
        .append(again.clone())
        .await
        .must(case, "append again");
    assert!(!outcome.created, "{case}: created must be false");
    assert_eq!(
        outcome.message, first,
        "{case}: the stored message is returned"
    );
    assert_not_found(case, "message", s.messages.get(again.id).await);
    let after = s.conversations.get(thread.id).await.must(case, "get");
    assert_eq!(
        after, before,
        "{case}: the conversation is unchanged (no second bump)"
    );
}

/// The wamid is unique across conversations: a known one changes nothing anywhere.
async fn append_with_a_wamid_stored_in_another_conversation_changes_nothing(
    case: &'static str,
    s: Storage,
) {
    let first_thread = conversation(&s).await;
    let other_thread = conversation(&s).await;
    let first = s
        .messages
        .append(inbound(first_thread.id, 10))
        .await
        .must(case, "append");
    let again = NewMessage {
        wamid: first.message.wamid.clone(),
        ..inbound(other_thread.id, 20)
    };
    let outcome = s.messages.append(again).await.must(case, "append again");
    assert!(!outcome.created, "{case}: created must be false");
    assert_eq!(
        outcome.message, first.message,
        "{case}: the stored message is returned"
    );
    let other = s.conversations.get(other_thread.id).await.must(case, "get");
    assert_eq!(
        other.conversation, other_thread,
        "{case}: the other conversation is unchanged"
    );
}

/// "`Conflict` (entity "message") when the id is taken by another message."
async fn append_with_a_taken_id_is_a_conflict(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let first = s
        .messages
        .append(outbound(thread.id, 10))
        .await
        .must(case, "append")
        .message;
    let before = s.conversations.get(thread.id).await.must(case, "get");
    for (what, other) in [
        (
            "without a wamid",
            NewMessage {
                id: first.id,
                ..outbound(thread.id, 20)
            },
        ),
        (
            "with a new wamid",
            NewMessage {
                id: first.id,
                ..inbound(thread.id, 20)
            },
        ),
    ] {
        assert_conflict(case, "message", s.messages.append(other).await);
        let stored = s.messages.get(first.id).await.must(case, "get");
        assert_eq!(
            stored, first,
            "{case}: the first message is untouched ({what})"
        );
    }
    let after = s.conversations.get(thread.id).await.must(case, "get");
    assert_eq!(after, before, "{case}: the conversation is unchanged");
}
