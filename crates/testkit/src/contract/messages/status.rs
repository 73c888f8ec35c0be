//! `MessageRepo::apply_status`: statuses only move as `MessageStatus::can_become` allows.

use inbox_domain::ports::{StatusChange, Storage};
use inbox_domain::{Message, MessageId, MessageStatus, MetaError};

use crate::contract::fixtures::{Must, assert_not_found, conversation, outbound};

crate::contract::cases![
    apply_status_moves_a_message_forward,
    apply_status_ignores_a_stale_or_repeated_status,
    apply_status_follows_can_become_for_every_pair,
    apply_status_failed_keeps_the_meta_error,
    apply_status_delivered_after_failed_moves_forward,
    apply_status_away_from_failed_drops_the_error,
    apply_status_of_an_unknown_message_is_not_found,
];

/// The error Meta gives for a message outside the 24-hour window.
fn meta_error() -> MetaError {
    MetaError {
        code: 131_047,
        title: "Re-engagement message".to_owned(),
        details: Some("More than 24 hours have passed since the customer last replied.".to_owned()),
    }
}

/// A status change, with Meta's error when it is `failed`.
fn change(status: MessageStatus) -> StatusChange {
    let error = (status == MessageStatus::Failed).then(meta_error);
    StatusChange { status, error }
}

/// A stored pending outbound message.
async fn pending(s: &Storage) -> Message {
    let thread = conversation(s).await;
    s.messages
        .append(outbound(thread.id, 10))
        .await
        .must("fixture", "append")
        .message
}

/// A stored outbound message moved to `status` (reachable from pending in one step).
async fn message_in(s: &Storage, status: MessageStatus) -> Message {
    let message = pending(s).await;
    if status == MessageStatus::Pending {
        return message;
    }
    let outcome = s
        .messages
        .apply_status(message.id, change(status))
        .await
        .must("fixture", "apply_status");
    assert!(outcome.changed, "fixture: pending -> {status:?} must apply");
    outcome.message
}

/// "Moves the message to a reported status when `MessageStatus::can_become` allows it."
async fn apply_status_moves_a_message_forward(case: &'static str, s: Storage) {
    let message = pending(&s).await;
    for status in [
        MessageStatus::Sent,
        MessageStatus::Delivered,
        MessageStatus::Read,
    ] {
        let outcome = s
            .messages
            .apply_status(message.id, change(status))
            .await
            .must(case, "apply_status");
        assert!(outcome.changed, "{case}: -> {status:?} must change");
        assert_eq!(outcome.message.status, status, "{case}: returned status");
        let read = s.messages.get(message.id).await.must(case, "get");
        assert_eq!(
            read, outcome.message,
            "{case}: get shows the message after {status:?}"
        );
    }
}

/// "... otherwise leaves it as it is (`changed = false`)."
async fn apply_status_ignores_a_stale_or_repeated_status(case: &'static str, s: Storage) {
    let message = message_in(&s, MessageStatus::Read).await;
    for status in MessageStatus::ALL {
        let outcome = s
            .messages
            .apply_status(message.id, change(status))
            .await
            .must(case, "apply_status");
        assert!(
            !outcome.changed,
            "{case}: read -> {status:?} must not change"
        );
        assert_eq!(
            outcome.message, message,
            "{case}: the message is left as it is"
        );
        let read = s.messages.get(message.id).await.must(case, "get");
        assert_eq!(read, message, "{case}: get agrees after {status:?}");
    }
}

/// Every (from, to) pair behaves as `MessageStatus::can_become` says.
async fn apply_status_follows_can_become_for_every_pair(case: &'static str, s: Storage) {
    for from in MessageStatus::ALL {
        for to in MessageStatus::ALL {
            let message = message_in(&s, from).await;
            let outcome = s
                .messages
                .apply_status(message.id, change(to))
                .await
                .must(case, "apply_status");
            let legal = from.can_become(to);
            assert_eq!(outcome.changed, legal, "{case}: {from:?} -> {to:?} changed");
            let expected = if legal { to } else { from };
            assert_eq!(
                outcome.message.status, expected,
                "{case}: {from:?} -> {to:?} status"
            );
        }
    }
}

/// "A failure keeps Meta's error."
async fn apply_status_failed_keeps_the_meta_error(case: &'static str, s: Storage) {
    let message = message_in(&s, MessageStatus::Sent).await;
    let outcome = s
        .messages
        .apply_status(message.id, change(MessageStatus::Failed))
        .await
        .must(case, "apply_status");
    assert!(outcome.changed, "{case}: sent -> failed must change");
    assert_eq!(
        outcome.message.error,
        Some(meta_error()),
        "{case}: the error is kept"
    );
    let read = s.messages.get(message.id).await.must(case, "get");
    assert_eq!(
        read.error,
        Some(meta_error()),
        "{case}: get shows the error"
    );
}

/// Delivery evidence wins over a failure: `delivered` after `failed` moves the message on.
async fn apply_status_delivered_after_failed_moves_forward(case: &'static str, s: Storage) {
    let message = message_in(&s, MessageStatus::Failed).await;
    let outcome = s
        .messages
        .apply_status(message.id, change(MessageStatus::Delivered))
        .await
        .must(case, "apply_status");
    assert!(outcome.changed, "{case}: failed -> delivered must change");
    assert_eq!(
        outcome.message.status,
        MessageStatus::Delivered,
        "{case}: status"
    );
}

/// `Message::error` is "Meta's error when the status is failed": leaving failed drops it.
async fn apply_status_away_from_failed_drops_the_error(case: &'static str, s: Storage) {
    let message = message_in(&s, MessageStatus::Failed).await;
    assert_eq!(
        message.error,
        Some(meta_error()),
        "{case}: failed with an error"
    );
    let outcome = s
        .messages
        .apply_status(message.id, change(MessageStatus::Read))
        .await
        .must(case, "apply_status");
    assert_eq!(outcome.message.error, None, "{case}: read carries no error");
    let read = s.messages.get(message.id).await.must(case, "get");
    assert_eq!(read.error, None, "{case}: get agrees");
}

/// "`NotFound` (entity "message") when there is none."
async fn apply_status_of_an_unknown_message_is_not_found(case: &'static str, s: Storage) {
    pending(&s).await;
    let result = s
        .messages
        .apply_status(MessageId::generate(), change(MessageStatus::Delivered))
        .await;
    assert_not_found(case, "message", result);
}
