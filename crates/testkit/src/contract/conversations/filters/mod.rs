//! `ConversationRepo::list_filtered` (and `list`, its default): unread only, favorites only, by
//! status, by contact name or number, one cursor per filter. The cases are grouped by kind of
//! filter, one file each; this one holds the fixtures they share.

pub mod flags;
pub mod paging;
pub mod search;

use inbox_domain::ports::Storage;
use inbox_domain::{
    AccountId, ContactSearch, Conversation, ConversationFilter, ConversationId, Cursor,
};

use super::limit;
use crate::contract::fixtures::{Must, outbound};

/// A conversation of `account` with a new contact named `name`, last active at `at(seconds)`.
pub(crate) async fn named_at(
    s: &Storage,
    account: AccountId,
    name: &str,
    seconds: i64,
) -> Conversation {
    let contact = s
        .contacts
        .upsert_by_wa_id(
            account,
            &crate::contract::fixtures::wa_id(),
            Some(name.to_owned()),
        )
        .await
        .must("fixture", "upsert contact");
    let conversation = s
        .conversations
        .open(account, contact.id)
        .await
        .must("fixture", "open conversation");
    s.messages
        .append(outbound(conversation.id, seconds))
        .await
        .must("fixture", "append");
    conversation
}

/// A search for `text`, which must be valid.
pub(crate) fn search(text: &str) -> Option<ContactSearch> {
    Some(ContactSearch::parse("search", text).must("fixture", "a valid search"))
}

/// The ids of every page of `account`'s list under `filter`, read `page_size` at a time.
async fn read_all(
    s: &Storage,
    account: AccountId,
    filter: &ConversationFilter,
    page_size: i64,
) -> (Vec<ConversationId>, Vec<usize>) {
    let (mut ids, mut sizes, mut after) = (Vec::new(), Vec::new(), None::<Cursor>);
    loop {
        let page = s
            .conversations
            .list_filtered(account, filter.clone(), after, limit(page_size))
            .await
            .must("fixture", "list_filtered");
        sizes.push(page.items.len());
        ids.extend(page.items.iter().map(|c| c.conversation.id));
        match page.next {
            Some(next) if sizes.len() < 100 => after = Some(next),
            _ => return (ids, sizes),
        }
    }
}

/// One page (of up to 100) of `account`'s list under `filter`.
async fn listed(
    s: &Storage,
    account: AccountId,
    filter: ConversationFilter,
) -> Vec<ConversationId> {
    read_all(s, account, &filter, 100).await.0
}
