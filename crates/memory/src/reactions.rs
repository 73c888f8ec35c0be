//! `inbox_apply_reaction` in memory: one reaction per message and side, the newest event by
//! (Meta's time, wamid in byte order) winning, removals included.

use time::OffsetDateTime;

use inbox_domain::{Direction, MessageId, Reaction, Wamid};

use crate::clock::stored;
use crate::state::State;

/// The newest reaction event applied to a message and side: a set or a removal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct ReactionMark {
    /// Meta's time of the event, as stored.
    at: OffsetDateTime,
    /// The reaction message's wamid, the tie-breaker.
    wamid: String,
}

impl State {
    /// Sets (`Some(emoji)`) or removes (`None`) the reaction of `direction` on message `id` when
    /// this event is newer than the last one applied; whether the visible reaction changed.
    pub(crate) fn apply_reaction(
        &mut self,
        id: MessageId,
        direction: Direction,
        wamid: &Wamid,
        emoji: Option<&str>,
        at: OffsetDateTime,
    ) -> bool {
        let mark = ReactionMark {
            at: stored(at),
            wamid: wamid.as_str().to_owned(),
        };
        let Some(message) = self.messages.get_mut(&id) else {
            return false;
        };
        match self.reaction_marks.get(&(id, direction)) {
            Some(last) if *last >= mark => return false,
            _ => {}
        }
        let reacted_at = mark.at;
        self.reaction_marks.insert((id, direction), mark);
        let before = message
            .reactions
            .iter()
            .position(|r| r.direction == direction);
        let previous = before.map(|i| message.reactions.remove(i));
        let Some(emoji) = emoji else {
            return previous.is_some();
        };
        message.reactions.push(Reaction {
            direction,
            emoji: emoji.to_owned(),
            reacted_at,
        });
        message.reactions.sort_by(|a, b| {
            (a.reacted_at, a.direction.as_str()).cmp(&(b.reacted_at, b.direction.as_str()))
        });
        previous.is_none_or(|p| p.emoji != emoji)
    }
}
