//! The agents' actions on a conversation: read/unread, favorite, bot mode, status; and what a
//! new customer message does to a closed or archived one.

use inbox_domain::ports::Storage;
use inbox_domain::{Conversation, ConversationId, ConversationStatus, RepoError};

use super::filters::named_at;
use super::limit;
use crate::contract::fixtures::{Must, account, assert_not_found, conversation, inbound, outbound};

crate::contract::cases![
    mark_read_clears_the_unread_count,
    mark_unread_makes_the_unread_count_at_least_one,
    set_favorite_pins_and_unpins,
    set_bot_mode_hands_over_to_the_bot_and_back,
    set_status_closes_archives_and_reopens,
    set_status_keeps_activity_unread_count_and_place_in_the_list,
    actions_on_an_unknown_conversation_are_not_found,
    an_inbound_message_reopens_a_closed_or_archived_conversation,
    an_outbound_message_leaves_the_status_alone,
];

/// Asserts that `changed` is what `get` now shows.
async fn assert_stored(case: &str, s: &Storage, changed: &Conversation) {
    let stored = s
        .conversations
        .get(changed.id)
        .await
        .must(case, "get")
        .conversation;
    assert_eq!(
        &stored, changed,
        "{case}: the returned conversation is the stored one"
    );
}

/// "Marks every message of the conversation as read ...: its unread count becomes 0. ...
/// repeating it changes nothing more."
async fn mark_read_clears_the_unread_count(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    for seconds in [10, 20, 30] {
        s.messages
            .append(inbound(thread.id, seconds))
            .await
            .must(case, "append inbound");
    }
    let read = s
        .conversations
        .mark_read(thread.id)
        .await
        .must(case, "mark_read");
    assert_eq!(read.unread_count, 0, "{case}: no unread left");
    assert_stored(case, &s, &read).await;
    let again = s
        .conversations
        .mark_read(thread.id)
        .await
        .must(case, "mark_read again");
    assert_eq!(again, read, "{case}: a repeat changes nothing more");
}

/// "... its unread count becomes at least 1 (a higher count stays)."
async fn mark_unread_makes_the_unread_count_at_least_one(case: &'static str, s: Storage) {
    let quiet = conversation(&s).await;
    let unread = s
        .conversations
        .mark_unread(quiet.id)
        .await
        .must(case, "mark_unread");
    assert_eq!(unread.unread_count, 1, "{case}: 0 becomes 1");
    assert_stored(case, &s, &unread).await;
    let again = s
        .conversations
        .mark_unread(quiet.id)
        .await
        .must(case, "mark_unread again");
    assert_eq!(again.unread_count, 1, "{case}: 1 stays 1");

    let busy = conversation(&s).await;
    for seconds in [10, 20, 30] {
        s.messages
            .append(inbound(busy.id, seconds))
            .await
            .must(case, "append inbound");
    }
    let kept = s
        .conversations
        .mark_unread(busy.id)
        .await
        .must(case, "mark_unread busy");
    assert_eq!(kept.unread_count, 3, "{case}: a higher count stays");
}

/// "Pins (`true`) or unpins (`false`) the conversation."
async fn set_favorite_pins_and_unpins(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let pinned = s
        .conversations
        .set_favorite(thread.id, true)
        .await
        .must(case, "pin");
    assert!(pinned.favorite, "{case}: pinned");
    assert_eq!(
        Conversation {
            favorite: false,
            ..pinned.clone()
        },
        thread,
        "{case}: nothing else changed"
    );
    assert_stored(case, &s, &pinned).await;
    let unpinned = s
        .conversations
        .set_favorite(thread.id, false)
        .await
        .must(case, "unpin");
    assert!(!unpinned.favorite, "{case}: unpinned");
    assert_stored(case, &s, &unpinned).await;
}

/// "Hands the conversation to the bot (`true`) or back to the agents (`false`)."
async fn set_bot_mode_hands_over_to_the_bot_and_back(case: &'static str, s: Storage) {
    let thread = conversation(&s).await;
    let bot = s
        .conversations
        .set_bot_mode(thread.id, true)
        .await
        .must(case, "bot on");
    assert!(bot.bot_mode, "{case}: the bot answers");
    assert_eq!(
        Conversation {
            bot_mode: false,
            ..bot.clone()
        },
        thread,
        "{case}: nothing else changed"
    );
    assert_stored(case, &s, &bot).await;
    let agents = s
        .conversations
        .set_bot_mode(thread.id, false)
        .await
        .must(case, "bot off");
    assert!(!agents.bot_mode, "{case}: agents answer");
    assert_stored(case, &s, &agents).await;
}

/// "Moves the conversation to `status`: close, archive, or reopen (open). Any state may become
/// any other."
async fn set_status_closes_archives_and_reopens(case: &'static str, s: Storage) {
    use ConversationStatus::{Archived, Closed, Open};
    let thread = conversation(&s).await;
    for status in [Closed, Archived, Open, Archived, Closed, Open, Open] {
        let changed = s
            .conversations
            .set_status(thread.id, status)
            .await
            .must(case, "set_status");
        assert_eq!(changed.status, status, "{case}: now {status:?}");
        assert_stored(case, &s, &changed).await;
    }
}

/// "... its activity time, unread count and place in the list stay as they were."
async fn set_status_keeps_activity_unread_count_and_place_in_the_list(
    case: &'static str,
    s: Storage,
) {
    let owner = account(&s).await;
    let older = named_at(&s, owner.id, "Older", 10).await;
    let thread = named_at(&s, owner.id, "Middle", 20).await;
    s.messages
        .append(inbound(thread.id, 25))
        .await
        .must(case, "append inbound");
    let newer = named_at(&s, owner.id, "Newer", 30).await;
    let before = s
        .conversations
        .get(thread.id)
        .await
        .must(case, "get")
        .conversation;
    let closed = s
        .conversations
        .set_status(thread.id, ConversationStatus::Closed)
        .await
        .must(case, "close");
    assert_eq!(
        Conversation {
            status: ConversationStatus::Open,
            ..closed
        },
        before,
        "{case}: only the status changed"
    );
    let page = s
        .conversations
        .list(owner.id, None, limit(10))
        .await
        .must(case, "list");
    let ids: Vec<ConversationId> = page.items.iter().map(|c| c.conversation.id).collect();
    assert_eq!(
        ids,
        vec![newer.id, thread.id, older.id],
        "{case}: the same place in the list"
    );
}

/// "`NotFound` (entity "conversation") when there is none", for every action.
async fn actions_on_an_unknown_conversation_are_not_found(case: &'static str, s: Storage) {
    conversation(&s).await;
    let c = &s.conversations;
    let id = ConversationId::generate();
    let results: [(&str, Result<Conversation, RepoError>); 5] = [
        ("mark_read", c.mark_read(id).await),
        ("mark_unread", c.mark_unread(id).await),
        ("set_favorite", c.set_favorite(id, true).await),
        ("set_bot_mode", c.set_bot_mode(id, true).await),
        (
            "set_status",
            c.set_status(id, ConversationStatus::Closed).await,
        ),
    ];
    for (action, result) in results {
        assert_not_found(&format!("{case} ({action})"), "conversation", result);
    }
}

/// "A new customer message reopens a closed or archived conversation."
async fn an_inbound_message_reopens_a_closed_or_archived_conversation(
    case: &'static str,
    s: Storage,
) {
    for (i, status) in [ConversationStatus::Closed, ConversationStatus::Archived]
        .into_iter()
        .enumerate()
    {
        let thread = conversation(&s).await;
        s.conversations
            .set_status(thread.id, status)
            .await
            .must(case, "set_status");
        s.messages
            .append(inbound(thread.id, 10 * (i as i64 + 1)))
            .await
            .must(case, "append inbound");
        let after = s
            .conversations
            .get(thread.id)
            .await
            .must(case, "get")
            .conversation;
        assert_eq!(
            after.status,
            ConversationStatus::Open,
            "{case}: a {status:?} conversation is open again"
        );
        assert_eq!(after.unread_count, 1, "{case}: and has the message unread");
    }
}

/// "An agent's own message leaves the status alone."
async fn an_outbound_message_leaves_the_status_alone(case: &'static str, s: Storage) {
    for status in [ConversationStatus::Closed, ConversationStatus::Archived] {
        let thread = conversation(&s).await;
        s.conversations
            .set_status(thread.id, status)
            .await
            .must(case, "set_status");
        s.messages
            .append(outbound(thread.id, 10))
            .await
            .must(case, "append outbound");
        let after = s
            .conversations
            .get(thread.id)
            .await
            .must(case, "get")
            .conversation;
        assert_eq!(after.status, status, "{case}: still {status:?}");
    }
}
