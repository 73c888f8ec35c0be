//! `MessageRepo::append`: what it stores, and how it moves the conversation's bookkeeping.

use serde_json::json;

use inbox_domain::ports::Storage;
use inbox_domain::{ConversationStatus, MediaRef, MessageId, MessageKind, NewMessage};

use crate::contract::fixtures::{
    Must, assert_whole_micros, at, conversation, inbound, micros, outbound,
};

crate::contract::cases![
    append_stores_the_message_as_given,
    append_keeps_times_to_the_microsecond,
    append_moves_the_conversation_last_activity,
    append_of_an_older_message_keeps_the_newer_last_message,
    append_at_the_same_time_prefers_the_higher_id_as_last_message,
    append_inbound_bumps_unread_and_last_inbound_at,
    append_of_an_older_inbound_message_keeps_last_inbound_at,
    append_outbound_leaves_unread_and_last_inbound_at_alone,
];

/// "Stores a message" and returns it as stored (`created = true`); `get` reads the same.
async fn append_stores_the_message_as_given(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let new = NewMessage {
        kind: MessageKind::Image,
        body: Some("The parcel label".to_owned()),
        media: Some(MediaRef {
            meta_media_id: Some("1013859600285441".to_owned()),
            storage_key: None,
            mime_type: Some("image/jpeg".to_owned()),
            sha256: Some("29ed500fa64eb55fc19dc4124acb300e5dcca0f822a301ae99944db".to_owned()),
            filename: None,
        }),
        payload: json!({"image": {"id": "1013859600285441", "caption": "The parcel label"}}),
        ..inbound(thread.id, 10)
    };
    let outcome = s.messages.append(new.clone()).await.must(case, "append");
    assert!(outcome.created, "{case}: a new message is created");
    let m = &outcome.message;
    assert_eq!(m.id, new.id, "{case}: id");
    assert_eq!(
        m.account_id, thread.account_id,
        "{case}: the conversation decides the account"
    );
    assert_eq!(m.conversation_id, thread.id, "{case}: conversation_id");
    assert_eq!(
        (m.direction, m.kind),
        (new.direction, new.kind),
        "{case}: direction, kind"
    );
    assert_eq!(
        (&m.body, &m.media),
        (&new.body, &new.media),
        "{case}: body, media"
    );
    assert_eq!(m.payload, new.payload, "{case}: payload");
    assert_eq!(
        (&m.wamid, m.status),
        (&new.wamid, new.status),
        "{case}: wamid, status"
    );
    assert_eq!(
        (&m.error, m.reply_to),
        (&None, None),
        "{case}: no error, no reply"
    );
    assert!(m.reactions.is_empty(), "{case}: no reactions yet");
    assert_eq!(
        (m.edited_at, m.deleted_at),
        (None, None),
        "{case}: neither edited nor deleted"
    );
    let read = s.messages.get(new.id).await.must(case, "get");
    assert_eq!(&read, m, "{case}: get must return the message as stored");
}

/// Times come back in UTC at microsecond precision, wherever they are read.
async fn append_keeps_times_to_the_microsecond(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let new = inbound(thread.id, 10);
    let stored = s
        .messages
        .append(new.clone())
        .await
        .must(case, "append")
        .message;
    assert_eq!(
        stored.sent_at,
        micros(new.sent_at),
        "{case}: sent_at as appended"
    );
    assert_whole_micros(case, "created_at", stored.created_at);
    let read = s.messages.get(new.id).await.must(case, "get");
    assert_eq!(read.sent_at, micros(new.sent_at), "{case}: sent_at as read");
    let summary = s
        .conversations
        .get(thread.id)
        .await
        .must(case, "get conversation");
    let c = summary.conversation;
    assert_eq!(
        c.last_message_at,
        micros(new.sent_at),
        "{case}: last_message_at"
    );
    assert_eq!(
        c.last_inbound_at,
        Some(micros(new.sent_at)),
        "{case}: last_inbound_at"
    );
}

/// "... moves its conversation's last activity."
async fn append_moves_the_conversation_last_activity(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    for seconds in [10, 20] {
        let new = outbound(thread.id, seconds);
        s.messages.append(new.clone()).await.must(case, "append");
        let c = s
            .conversations
            .get(thread.id)
            .await
            .must(case, "get")
            .conversation;
        assert_eq!(
            c.last_message_id,
            Some(new.id),
            "{case}: last_message_id at {seconds}s"
        );
        assert_eq!(
            c.last_message_at,
            micros(at(seconds)),
            "{case}: last_message_at"
        );
    }
}

/// The last activity only moves forward: an older message is not the conversation's newest.
async fn append_of_an_older_message_keeps_the_newer_last_message(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let newer = outbound(thread.id, 20);
    s.messages
        .append(newer.clone())
        .await
        .must(case, "append newer");
    s.messages
        .append(outbound(thread.id, 10))
        .await
        .must(case, "append older");
    let c = s
        .conversations
        .get(thread.id)
        .await
        .must(case, "get")
        .conversation;
    assert_eq!(
        c.last_message_id,
        Some(newer.id),
        "{case}: the newer message stays last"
    );
    assert_eq!(
        c.last_message_at,
        micros(at(20)),
        "{case}: last_message_at stays"
    );
}

/// Between messages sent at the same time, the newest is the one with the higher id (the first
/// one of the message page).
async fn append_at_the_same_time_prefers_the_higher_id_as_last_message(
    case: &'static str,
    s: Storage,
) {
    for high_first in [true, false] {
        let low = MessageId::generate();
        let high = MessageId::generate();
        assert!(low < high, "{case}: generated ids are ordered");
        let order = if high_first { [high, low] } else { [low, high] };
        let thread = conversation(&s).await;
        for id in order {
            let new = NewMessage {
                id,
                ..outbound(thread.id, 10)
            };
            s.messages.append(new).await.must(case, "append");
        }
        let c = s
            .conversations
            .get(thread.id)
            .await
            .must(case, "get")
            .conversation;
        assert_eq!(c.last_message_id, Some(high), "{case}: appended {order:?}");
    }
}

/// "... (and last inbound time and unread count for an inbound message; ...)"; the
/// conversation is open after it.
async fn append_inbound_bumps_unread_and_last_inbound_at(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    for (n, seconds) in [(1, 10), (2, 20)] {
        s.messages
            .append(inbound(thread.id, seconds))
            .await
            .must(case, "append");
        let c = s
            .conversations
            .get(thread.id)
            .await
            .must(case, "get")
            .conversation;
        assert_eq!(c.unread_count, n, "{case}: unread_count after {n} inbound");
        assert_eq!(
            c.last_inbound_at,
            Some(micros(at(seconds))),
            "{case}: last_inbound_at"
        );
        assert_eq!(c.status, ConversationStatus::Open, "{case}: status");
    }
}

/// The last inbound time is the newest customer message's: an older one does not move it back.
async fn append_of_an_older_inbound_message_keeps_last_inbound_at(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    s.messages
        .append(inbound(thread.id, 20))
        .await
        .must(case, "append newer");
    s.messages
        .append(inbound(thread.id, 10))
        .await
        .must(case, "append older");
    let c = s
        .conversations
        .get(thread.id)
        .await
        .must(case, "get")
        .conversation;
    assert_eq!(
        c.last_inbound_at,
        Some(micros(at(20))),
        "{case}: last_inbound_at stays"
    );
    assert_eq!(c.unread_count, 2, "{case}: both messages are unread");
}

/// Only "an inbound message" bumps the unread count and last inbound time.
async fn append_outbound_leaves_unread_and_last_inbound_at_alone(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    s.messages
        .append(inbound(thread.id, 10))
        .await
        .must(case, "append inbound");
    let answer = outbound(thread.id, 20);
    s.messages
        .append(answer.clone())
        .await
        .must(case, "append outbound");
    let c = s
        .conversations
        .get(thread.id)
        .await
        .must(case, "get")
        .conversation;
    assert_eq!(c.unread_count, 1, "{case}: unread_count");
    assert_eq!(
        c.last_inbound_at,
        Some(micros(at(10))),
        "{case}: last_inbound_at"
    );
    assert_eq!(
        c.last_message_id,
        Some(answer.id),
        "{case}: the answer is the last message"
    );
}
