//! Builders shared by the cases of the agent's message actions and the media galleries.

use inbox_domain::outbound::MediaKind;
use inbox_domain::ports::{MessageChange, Storage};
use inbox_domain::{
    ConversationId, Cursor, DeleteScope, EditedText, Emoji, MediaKinds, MediaRef, Message,
    MessageId, MessageKind, NewMessage, PageLimit,
};
use serde_json::json;

use crate::contract::fixtures::{Must, at, inbound};

/// A customer's media message of `kind` at `at(seconds)`, with a caption and a payload.
pub fn media(conversation: ConversationId, seconds: i64, kind: MediaKind) -> NewMessage {
    let kind: MessageKind = kind.as_str().parse().must("fixture", "a media kind");
    NewMessage {
        kind,
        body: Some("Photo of the damaged parcel".to_owned()),
        media: Some(MediaRef {
            meta_media_id: Some("1234567890".to_owned()),
            storage_key: None,
            mime_type: Some("image/jpeg".to_owned()),
            sha256: None,
            filename: None,
        }),
        payload: json!({"caption": "Photo of the damaged parcel"}),
        ..inbound(conversation, seconds)
    }
}

/// Stores `new`; the stored message.
pub async fn store(case: &str, s: &Storage, new: NewMessage) -> Message {
    s.messages.append(new).await.must(case, "append").message
}

/// `text` as an edit.
pub fn text(text: &str) -> EditedText {
    EditedText::parse(text).must("fixture", "a valid edit")
}

/// `emoji` as a reaction.
pub fn emoji(emoji: &str) -> Emoji {
    Emoji::parse(emoji).must("fixture", "a valid emoji")
}

/// Deletes message `id` for `scope` at `at(seconds)`; what the store answered.
pub async fn delete(
    case: &str,
    s: &Storage,
    id: MessageId,
    scope: DeleteScope,
    seconds: i64,
) -> MessageChange {
    s.messages
        .delete(id, scope, at(seconds))
        .await
        .must(case, "delete")
}

/// A page size the cases use.
pub fn limit(n: i64) -> PageLimit {
    PageLimit::parse(Some(n)).must("fixture", "a valid page size")
}

/// The set of `kinds`.
pub fn kinds(kinds: &[MediaKind]) -> MediaKinds {
    MediaKinds::of(kinds.iter().copied()).must("fixture", "a non-empty set of kinds")
}

/// The ids of every page of a gallery read with `page_size`, and each page's length.
pub async fn read_gallery<F, Fut>(page_size: i64, mut read: F) -> (Vec<MessageId>, Vec<usize>)
where
    F: FnMut(Option<Cursor>, PageLimit) -> Fut,
    Fut: Future<Output = inbox_domain::Page<Message>>,
{
    let (mut ids, mut sizes, mut before) = (Vec::new(), Vec::new(), None::<Cursor>);
    loop {
        let page = read(before, limit(page_size)).await;
        sizes.push(page.items.len());
        ids.extend(page.items.iter().map(|m| m.id));
        match page.next {
            Some(next) if sizes.len() < 100 => before = Some(next),
            _ => return (ids, sizes),
        }
    }
}
