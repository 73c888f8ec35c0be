//! Media galleries in memory: the two partial indexes of `V10__message_actions.sql` (media
//! messages not deleted, by owner and kind) and the page read that merges one range per kind.

use std::collections::BTreeSet;

use inbox_domain::{Cursor, MediaKinds, Message, MessageId, Page, PageLimit, RepoError};

use crate::clock::stored;
use crate::state::{Position, State, newest_first};

impl State {
    /// Enters a stored message in the gallery indexes, when it is a media message not deleted.
    pub(crate) fn index_media(&mut self, message: &Message) {
        let Some(kind) = message
            .kind
            .media_kind()
            .filter(|_| message.deleted_at.is_none())
        else {
            return;
        };
        let position = (message.sent_at, message.id);
        self.media_by_conversation
            .entry((message.conversation_id, kind))
            .or_default()
            .insert(position);
        self.media_by_account
            .entry((message.account_id, kind))
            .or_default()
            .insert(position);
    }

    /// Takes a message out of the gallery indexes (it was deleted).
    pub(crate) fn unindex_media(&mut self, message: &Message) {
        let Some(kind) = message.kind.media_kind() else {
            return;
        };
        let position = (message.sent_at, message.id);
        if let Some(index) = self
            .media_by_conversation
            .get_mut(&(message.conversation_id, kind))
        {
            index.remove(&position);
        }
        if let Some(index) = self.media_by_account.get_mut(&(message.account_id, kind)) {
            index.remove(&position);
        }
    }

    /// A gallery page: up to `limit` of the newest entries before `before` of each kind's
    /// index (`index_of`), merged newest first and cut to `limit`.
    pub(crate) fn media_page<'a>(
        &'a self,
        index_of: impl Fn(
            inbox_domain::outbound::MediaKind,
        ) -> Option<&'a BTreeSet<Position<MessageId>>>,
        kinds: MediaKinds,
        before: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Message>, RepoError> {
        let before = before.map(|c| (stored(c.at), MessageId::from_uuid(c.id)));
        let size = usize::from(limit.get());
        let mut more = false;
        let mut keys = Vec::new();
        for kind in kinds.iter() {
            let (found, kind_has_more) = newest_first(index_of(kind), before, size);
            more |= kind_has_more;
            keys.extend(found);
        }
        keys.sort_unstable_by(|a, b| b.cmp(a));
        more |= keys.len() > size;
        keys.truncate(size);
        let items = keys
            .iter()
            .map(|(_, id)| self.shown_by_id(*id))
            .collect::<Result<Vec<_>, _>>()?;
        let next = match keys.last() {
            Some((at, id)) if more => Some(Cursor {
                at: *at,
                id: id.as_uuid(),
            }),
            _ => None,
        };
        Ok(Page { items, next })
    }
}
