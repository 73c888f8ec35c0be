//! Every read shows a reply's quoted message in compact form, and the page carries quotes and
//! reactions together.

use inbox_domain::ports::Storage;
use inbox_domain::{
    DeleteScope, Direction, MessageKind, NewMessage, QUOTE_PREVIEW_CHARS, QuotedMessage,
};

use super::action_fixtures::{delete, emoji, limit, store, text};
use crate::contract::fixtures::{Must, at, conversation, inbound, outbound, wamid};

crate::contract::cases![
    get_shows_the_quoted_message_in_compact_form,
    page_shows_each_message_with_its_quote_and_its_reactions,
    a_reply_to_an_unknown_message_quotes_nothing,
    a_quote_follows_the_quoted_messages_edit_and_deletion,
];

/// "The message with this id, with its quoted message": id, wamid, direction, kind, the first
/// `QUOTE_PREVIEW_CHARS` characters of its text, not deleted; `append` shows the same.
async fn get_shows_the_quoted_message_in_compact_form(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let long = "é".repeat(QUOTE_PREVIEW_CHARS + 20);
    let original = store(
        case,
        &s,
        NewMessage {
            body: Some(long.clone()),
            ..inbound(thread.id, 10)
        },
    )
    .await;
    let reply = NewMessage {
        reply_to_wamid: original.wamid.clone(),
        ..outbound(thread.id, 20)
    };
    let appended = store(case, &s, reply.clone()).await;
    let expected = QuotedMessage {
        id: original.id,
        wamid: original.wamid.clone(),
        direction: Direction::Inbound,
        kind: MessageKind::Text,
        preview: Some("é".repeat(QUOTE_PREVIEW_CHARS)),
        deleted: false,
    };
    let read = s.messages.get(reply.id).await.must(case, "get");
    assert_eq!(read.quoted, Some(expected), "{case}: the compact quote");
    assert_eq!(appended, read, "{case}: append shows what get shows");
    let plain = s.messages.get(original.id).await.must(case, "get");
    assert_eq!(plain.quoted, None, "{case}: a message that quotes nothing");
}

/// "A page of a conversation's messages ... each with its quoted message and its reactions."
async fn page_shows_each_message_with_its_quote_and_its_reactions(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let original = store(case, &s, inbound(thread.id, 10)).await;
    s.messages
        .set_reaction(original.id, emoji("👍"), at(11))
        .await
        .must(case, "react");
    let reply = store(
        case,
        &s,
        NewMessage {
            reply_to_wamid: original.wamid.clone(),
            ..outbound(thread.id, 20)
        },
    )
    .await;
    let page = s
        .messages
        .page(thread.id, None, limit(10))
        .await
        .must(case, "page");
    let [newest, oldest] = page.items.as_slice() else {
        panic!("{case}: two messages, got {:?}", page.items);
    };
    assert_eq!(newest.id, reply.id, "{case}: newest first");
    assert_eq!(
        newest.quoted.as_ref().map(|q| (q.id, q.preview.clone())),
        Some((original.id, original.body.clone())),
        "{case}: the reply carries its quote"
    );
    assert_eq!(
        oldest
            .reactions
            .iter()
            .map(|r| r.emoji.as_str())
            .collect::<Vec<_>>(),
        vec!["👍"],
        "{case}: the quoted message carries its reaction"
    );
    for message in &page.items {
        let read = s.messages.get(message.id).await.must(case, "get");
        assert_eq!(&read, message, "{case}: the page shows what get shows");
    }
}

/// A quote is shown "when `reply_to` is known": a reply to a message never stored keeps only
/// its `reply_to_wamid`.
async fn a_reply_to_an_unknown_message_quotes_nothing(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let quoted = wamid();
    let reply = store(
        case,
        &s,
        NewMessage {
            reply_to_wamid: Some(quoted.clone()),
            ..inbound(thread.id, 10)
        },
    )
    .await;
    assert_eq!(
        (reply.reply_to, reply.quoted, reply.reply_to_wamid),
        (None, None, Some(quoted)),
        "{case}: no quote, the wamid kept"
    );
}

/// The quote shows the quoted message as it is now: its edited text, then no preview and the
/// deleted mark once it is deleted.
async fn a_quote_follows_the_quoted_messages_edit_and_deletion(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let mut new = outbound(thread.id, 10);
    new.wamid = Some(wamid());
    let original = store(case, &s, new).await;
    let reply = store(
        case,
        &s,
        NewMessage {
            reply_to_wamid: original.wamid.clone(),
            ..inbound(thread.id, 20)
        },
    )
    .await;
    s.messages
        .edit_text(original.id, text("Corrected: it ships tomorrow."), at(30))
        .await
        .must(case, "edit");
    let quote = |m: inbox_domain::Message| m.quoted.must(case, "the quote");
    let edited = quote(s.messages.get(reply.id).await.must(case, "get"));
    assert_eq!(
        edited.preview.as_deref(),
        Some("Corrected: it ships tomorrow."),
        "{case}: the edited text"
    );
    delete(case, &s, original.id, DeleteScope::Everyone, 40).await;
    let deleted = quote(s.messages.get(reply.id).await.must(case, "get"));
    assert_eq!(
        (deleted.id, deleted.preview, deleted.deleted),
        (original.id, None, true),
        "{case}: a deleted quote shows no content"
    );
}
