//! `webhook_pending_statuses` in memory: statuses that came before their message, applied when
//! a message with that wamid is stored (the `messages_inserted_take_pending` trigger).

use inbox_domain::inbound::document::DocStatus;
use inbox_domain::{AccountId, MessageId, MessageStatus, MetaError, Wamid};

use crate::state::State;
use crate::status::move_status;

/// A status kept for a wamid we did not know.
#[derive(Debug, Clone)]
pub(crate) struct PendingStatus {
    /// The status to apply.
    status: MessageStatus,
    /// The account whose number reported it; only that account's message takes it.
    account: AccountId,
    /// Meta's error, for `failed`.
    error: Option<MetaError>,
}

impl State {
    /// Keeps `status` for its unknown wamid; a second report of the same status collapses
    /// (`ON CONFLICT (wamid, status) DO NOTHING`).
    pub(crate) fn keep_pending_status(&mut self, account: AccountId, status: &DocStatus) {
        let kept = self
            .pending_statuses
            .entry(status.wamid.clone())
            .or_default();
        if kept.iter().any(|p| p.status == status.status) {
            return;
        }
        kept.push(PendingStatus {
            status: status.status,
            account,
            error: status.error.clone(),
        });
    }

    /// `inbox_apply_pending_statuses`: applies the statuses kept for the wamid of message `id`
    /// (lowest rank first) and forgets them; whether the message's status changed.
    pub(crate) fn take_pending_statuses(&mut self, id: MessageId, wamid: &Wamid) -> bool {
        let Some(mut kept) = self.pending_statuses.remove(wamid) else {
            return false;
        };
        let Some(message) = self.messages.get_mut(&id) else {
            return false;
        };
        kept.sort_by_key(|p| (p.status.rank(), p.status.as_str()));
        let account = message.account_id;
        let mut changed = false;
        for pending in kept.into_iter().filter(|p| p.account == account) {
            changed |= move_status(message, pending.status, pending.error);
        }
        changed
    }
}
