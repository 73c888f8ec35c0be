//! `MessageRepo::append` resolves replies to the message they quote, in either arrival order.

use inbox_domain::NewMessage;
use inbox_domain::ports::Storage;

use crate::contract::fixtures::{Must, conversation, inbound};

crate::contract::cases![
    append_resolves_reply_to_from_a_known_wamid,
    append_resolves_an_earlier_reply_when_the_quoted_message_arrives,
];

/// "`reply_to` is resolved from `reply_to_wamid` when that message is known."
async fn append_resolves_reply_to_from_a_known_wamid(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let original = s
        .messages
        .append(inbound(thread.id, 10))
        .await
        .must(case, "append")
        .message;
    s.messages
        .append(inbound(thread.id, 15))
        .await
        .must(case, "append another");
    let reply = NewMessage {
        reply_to_wamid: original.wamid.clone(),
        ..inbound(thread.id, 20)
    };
    let stored = s
        .messages
        .append(reply.clone())
        .await
        .must(case, "append reply")
        .message;
    assert_eq!(stored.reply_to, Some(original.id), "{case}: reply_to");
    assert_eq!(
        stored.reply_to_wamid, original.wamid,
        "{case}: reply_to_wamid kept"
    );
    let read = s.messages.get(reply.id).await.must(case, "get");
    assert_eq!(read, stored, "{case}: get shows the resolved reply");
}

/// A reply stored before the message it quotes gets its `reply_to` when that message arrives;
/// until then it keeps `reply_to_wamid` alone.
async fn append_resolves_an_earlier_reply_when_the_quoted_message_arrives(
    case: &'static str,
    s: Storage,
) {
    let thread = conversation(&s).await;
    let late = inbound(thread.id, 10);
    let reply = NewMessage {
        reply_to_wamid: late.wamid.clone(),
        ..inbound(thread.id, 20)
    };
    let early = s
        .messages
        .append(reply.clone())
        .await
        .must(case, "append reply")
        .message;
    assert_eq!(
        early.reply_to, None,
        "{case}: the quoted message is not known yet"
    );
    assert_eq!(
        early.reply_to_wamid, late.wamid,
        "{case}: reply_to_wamid is kept meanwhile"
    );
    s.messages
        .append(late.clone())
        .await
        .must(case, "append quoted");
    let resolved = s.messages.get(reply.id).await.must(case, "get reply");
    assert_eq!(
        resolved.reply_to,
        Some(late.id),
        "{case}: reply_to resolved on arrival"
    );
}
