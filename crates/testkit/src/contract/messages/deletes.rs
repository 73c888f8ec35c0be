//! `MessageRepo::delete`: scopes kept, rows kept, content hidden in every read.

use inbox_domain::outbound::MediaKind;
use inbox_domain::ports::Storage;
use inbox_domain::{DeleteScope, Message, MessageId, NewMessage};
use serde_json::json;

use super::action_fixtures::{delete, emoji, kinds, limit, media, store};
use crate::contract::fixtures::{
    Must, assert_invalid, assert_not_found, at, conversation, inbound, micros, outbound,
};

crate::contract::cases![
    delete_hides_the_content_in_every_read_and_keeps_the_row,
    delete_for_everyone_refuses_a_customers_message,
    delete_again_keeps_the_first_deletion,
    delete_for_everyone_widens_a_deletion_for_me,
    delete_of_an_unknown_message_is_not_found,
];

/// Asserts that `m` shows no content and the deletion for `scope` at `at(seconds)`.
fn assert_hidden(case: &str, what: &str, m: &Message, scope: DeleteScope, seconds: i64) {
    assert_eq!(
        (&m.body, &m.media, &m.payload),
        (&None, &None, &json!({})),
        "{case} ({what}): no body, media or payload"
    );
    assert_eq!(
        (m.deleted_scope, m.deleted_at),
        (Some(scope), Some(micros(at(seconds)))),
        "{case} ({what}): the deletion"
    );
}

/// "Every read hides its content": `get`, `page`, the conversation's newest message and the
/// action's own answer, for either scope; the row keeps its place, ids and reactions.
async fn delete_hides_the_content_in_every_read_and_keeps_the_row(case: &'static str, s: Storage) {
    for scope in [DeleteScope::Me, DeleteScope::Everyone] {
        let case = &format!("{case} ({})", scope.as_str());
        let thread = conversation(&s).await;
        let mut new = media(thread.id, 10, MediaKind::Image);
        new.direction = inbox_domain::Direction::Outbound;
        new.status = inbox_domain::MessageStatus::Sent;
        let stored = store(case, &s, new).await;
        s.messages
            .set_reaction(stored.id, emoji("👍"), at(15))
            .await
            .must(case, "react");
        let change = delete(case, &s, stored.id, scope, 20).await;
        assert!(change.changed, "{case}: changed");
        assert_hidden(case, "answer", &change.message, scope, 20);
        let read = s.messages.get(stored.id).await.must(case, "get");
        assert_hidden(case, "get", &read, scope, 20);
        assert_eq!(
            (read.wamid.clone(), read.status, read.reactions.len()),
            (stored.wamid.clone(), stored.status, 1),
            "{case}: ids, status and reactions kept"
        );
        let page = s
            .messages
            .page(thread.id, None, limit(10))
            .await
            .must(case, "page");
        assert_eq!(page.items, vec![read.clone()], "{case}: still in the page");
        let summary = s
            .conversations
            .get(thread.id)
            .await
            .must(case, "get conversation");
        let newest = summary.last_message.must(case, "the newest message");
        assert_hidden(case, "conversation list", &newest, scope, 20);
        let gallery = s
            .messages
            .conversation_media(thread.id, kinds(&[MediaKind::Image]), None, limit(10))
            .await
            .must(case, "gallery");
        assert!(gallery.items.is_empty(), "{case}: out of the gallery");
    }
}

/// "`Everyone` only to the business's own (outbound) messages"; `Me` to any.
async fn delete_for_everyone_refuses_a_customers_message(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let customers = store(case, &s, inbound(thread.id, 10)).await;
    let result = s
        .messages
        .delete(customers.id, DeleteScope::Everyone, at(20))
        .await;
    assert_invalid(case, "message", result);
    let read = s.messages.get(customers.id).await.must(case, "get");
    assert_eq!(read, customers, "{case}: nothing changes");
    let change = delete(case, &s, customers.id, DeleteScope::Me, 30).await;
    assert_eq!(
        (change.changed, change.message.deleted_scope),
        (true, Some(DeleteScope::Me)),
        "{case}: a customer's message can be deleted for me"
    );
}

/// "Deleting again for the same scope, or for `Me` what is deleted for `Everyone`, changes
/// nothing (`changed = false`, the first `deleted_at` kept)."
async fn delete_again_keeps_the_first_deletion(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    for (first, again) in [
        (DeleteScope::Me, DeleteScope::Me),
        (DeleteScope::Everyone, DeleteScope::Everyone),
        (DeleteScope::Everyone, DeleteScope::Me),
    ] {
        let what = format!("{case} ({} then {})", first.as_str(), again.as_str());
        let ours = store(&what, &s, outbound(thread.id, 10)).await;
        let deleted = delete(&what, &s, ours.id, first, 20).await;
        let repeated = delete(&what, &s, ours.id, again, 30).await;
        assert!(!repeated.changed, "{what}: not changed");
        assert_eq!(
            repeated.message, deleted.message,
            "{what}: the first deletion kept"
        );
    }
}

/// "Deleting for `Everyone` what is deleted for `Me` widens the scope and sets `deleted_at`
/// to `at`."
async fn delete_for_everyone_widens_a_deletion_for_me(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let ours = store(
        case,
        &s,
        NewMessage {
            body: Some("Wrong customer, sorry".to_owned()),
            ..outbound(thread.id, 10)
        },
    )
    .await;
    delete(case, &s, ours.id, DeleteScope::Me, 20).await;
    let widened = delete(case, &s, ours.id, DeleteScope::Everyone, 30).await;
    assert!(widened.changed, "{case}: changed");
    assert_hidden(case, "widened", &widened.message, DeleteScope::Everyone, 30);
}

/// "`NotFound` (entity "message") when there is none."
async fn delete_of_an_unknown_message_is_not_found(case: &'static str, s: Storage) {
    conversation(&s).await;
    for scope in [DeleteScope::Me, DeleteScope::Everyone] {
        let result = s
            .messages
            .delete(MessageId::generate(), scope, at(10))
            .await;
        assert_not_found(case, "message", result);
    }
}
