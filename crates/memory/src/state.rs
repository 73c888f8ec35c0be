//! The tables of the in-memory store and the indexes that keep lookups off linear scans.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use time::OffsetDateTime;

use inbox_domain::{
    Account, AccountId, Contact, ContactId, Conversation, ConversationId, Direction, Message,
    MessageId, PhoneNumberId, WaId, Wamid,
};

use inbox_domain::outbound::MediaKind;

use crate::pending::PendingStatus;
use crate::reactions::ReactionMark;
use crate::templates::StoredTemplate;
use crate::webhooks::Delivery;

/// Position in a list ordered by (time, id); lists are read from the back for "newest first".
pub(crate) type Position<Id> = (OffsetDateTime, Id);

/// Every row, plus one index per lookup a port makes. Changed only under the store's lock.
#[derive(Default)]
pub(crate) struct State {
    /// `accounts` by primary key.
    pub(crate) accounts: HashMap<AccountId, Account>,
    /// `accounts_phone_number_id_key`.
    pub(crate) account_by_phone_number_id: HashMap<PhoneNumberId, AccountId>,
    /// Accounts ordered by (created_at, id), for "oldest first".
    pub(crate) accounts_by_age: BTreeSet<Position<AccountId>>,

    /// `contacts` by primary key.
    pub(crate) contacts: HashMap<ContactId, Contact>,
    /// `contacts_account_wa_id_key`.
    pub(crate) contact_by_wa_id: HashMap<(AccountId, WaId), ContactId>,
    /// `contacts_account_bsuid_key`.
    pub(crate) contact_by_bsuid: HashMap<(AccountId, String), ContactId>,
    /// `contacts_account_created_idx`: per account, by (created_at, id).
    pub(crate) contacts_by_age: HashMap<AccountId, BTreeSet<Position<ContactId>>>,

    /// `conversations` by primary key.
    pub(crate) conversations: HashMap<ConversationId, Conversation>,
    /// `conversations_account_contact_key`.
    pub(crate) conversation_by_contact: HashMap<(AccountId, ContactId), ConversationId>,
    /// `conversations_account_activity_idx`: per account, by (last_message_at, id).
    pub(crate) activity: HashMap<AccountId, BTreeSet<Position<ConversationId>>>,

    /// `messages` by primary key.
    pub(crate) messages: HashMap<MessageId, Message>,
    /// `messages_wamid_key`.
    pub(crate) message_by_wamid: HashMap<Wamid, MessageId>,
    /// `messages_conversation_sent_idx`: per conversation, by (sent_at, id).
    pub(crate) timeline: HashMap<ConversationId, BTreeSet<Position<MessageId>>>,
    /// `messages_unresolved_reply_idx`: replies whose quoted wamid was not stored yet.
    pub(crate) unresolved_replies: HashMap<Wamid, Vec<MessageId>>,
    /// The newest reaction event (set or removal) per message and side: `message_reactions`
    /// with `message_reaction_removals`.
    pub(crate) reaction_marks: HashMap<(MessageId, Direction), ReactionMark>,
    /// `messages_conversation_media_idx`: media messages not deleted, per conversation and kind.
    pub(crate) media_by_conversation:
        HashMap<(ConversationId, MediaKind), BTreeSet<Position<MessageId>>>,
    /// `messages_account_media_idx`: media messages not deleted, per account and kind.
    pub(crate) media_by_account: HashMap<(AccountId, MediaKind), BTreeSet<Position<MessageId>>>,

    /// `webhook_deliveries` by id.
    pub(crate) deliveries: BTreeMap<i64, Delivery>,
    /// The last delivery id handed out (the identity column).
    pub(crate) last_delivery_id: i64,
    /// `webhook_deliveries_ready_idx`: (run_at, id) of `queued` and `retry` deliveries.
    pub(crate) ready_deliveries: BTreeSet<(OffsetDateTime, i64)>,
    /// `webhook_pending_statuses`, by wamid.
    pub(crate) pending_statuses: HashMap<Wamid, Vec<PendingStatus>>,
    /// `templates`.
    pub(crate) templates: Vec<StoredTemplate>,
    /// `template_header_media` by (account, sha256).
    pub(crate) header_media: HashMap<(AccountId, String), inbox_domain::templates::HeaderMedia>,
    /// `pending_template_messages`, oldest first.
    pub(crate) pending_templates: Vec<crate::template_repo::PendingRow>,

    /// App users, roles, role grants and overrides.
    pub(crate) access: crate::access::AccessTables,

    /// `send_jobs` and `send_pauses`.
    pub(crate) outbox: crate::outbox::OutboxTables,
}

impl State {
    /// How many rows each table holds.
    pub(crate) fn counts(&self) -> crate::Counts {
        crate::Counts {
            accounts: self.accounts.len(),
            contacts: self.contacts.len(),
            conversations: self.conversations.len(),
            messages: self.messages.len(),
        }
    }
}

/// Up to `limit` entries of `index` strictly before `after` (or from the end), newest first,
/// and whether more follow: the keyset read of `ORDER BY time DESC, id DESC LIMIT n`.
pub(crate) fn newest_first<Id: Ord + Copy>(
    index: Option<&BTreeSet<Position<Id>>>,
    after: Option<Position<Id>>,
    limit: usize,
) -> (Vec<Position<Id>>, bool) {
    let Some(index) = index else {
        return (Vec::new(), false);
    };
    let mut keys: Vec<Position<Id>> = match after {
        Some(after) => index
            .range(..after)
            .rev()
            .take(limit + 1)
            .copied()
            .collect(),
        None => index.iter().rev().take(limit + 1).copied().collect(),
    };
    let more = keys.len() > limit;
    keys.truncate(limit);
    (keys, more)
}
