//! The plan of a data set: ids, owners and times of every row, computed before any row is written
//! so that conversations can carry their newest message, newest inbound time and unread count.

use uuid::{Builder, Uuid};

use super::counts::message_counts;
use super::{DAY_MICROS, END_MICROS, HOUR_MICROS, SPAN_MICROS};
use crate::profile::{ACCOUNT_SHARES, Profile};
use crate::rng::{Rng, Weighted};

/// Flag of a message sent by the customer.
pub const INBOUND: u8 = 1;
/// Flag of an inbound message no agent answered yet (counts as unread).
pub const UNREAD: u8 = 2;

/// One message, in global time order.
#[derive(Debug, Clone, Copy)]
pub struct MsgSlot {
    /// Sent time, microseconds since the Unix epoch.
    pub at: i64,
    /// The message id (UUIDv7 of `at`).
    pub id: Uuid,
    /// Index of its conversation (and contact).
    pub conv: u32,
    /// `INBOUND` | `UNREAD`.
    pub flags: u8,
}

/// What a conversation row needs from its messages.
#[derive(Debug, Clone, Copy)]
pub struct ConvState {
    /// Oldest message time.
    pub first_at: i64,
    /// Newest message time.
    pub last_at: i64,
    /// Newest message (by (time, id)).
    pub last_id: Uuid,
    /// Newest inbound message time, if any.
    pub last_inbound_at: Option<i64>,
    /// Inbound messages after the last outbound one.
    pub unread: u32,
    /// Messages.
    pub count: u32,
}

/// Every id and time of a data set.
#[derive(Debug)]
pub struct Plan {
    /// Generator seed.
    pub seed: u64,
    /// Account ids.
    pub accounts: Vec<Uuid>,
    /// Account index of contact/conversation `i`.
    pub account_of: Vec<u8>,
    /// Contact ids.
    pub contact_ids: Vec<Uuid>,
    /// Conversation ids (conversation `i` belongs to contact `i`).
    pub conv_ids: Vec<Uuid>,
    /// Per conversation.
    pub convs: Vec<ConvState>,
    /// Every message, ordered by (time, conversation): the order they would have arrived in.
    pub messages: Vec<MsgSlot>,
}

/// A UUIDv7 for a time in microseconds, with random bits from `rng`.
pub fn uuid_v7(at_micros: i64, rng: &mut Rng) -> Uuid {
    let bytes = rng.bytes16();
    let mut random = [0u8; 10];
    random.copy_from_slice(&bytes[..10]);
    Builder::from_unix_timestamp_millis((at_micros / 1000) as u64, &random).into_uuid()
}

impl Plan {
    /// The plan of `profile` under `seed`; the same inputs give the same plan.
    pub fn generate(profile: Profile, seed: u64) -> Self {
        let sizes = profile.sizes();
        let n = sizes.contacts;
        let mut rng = Rng::new(seed);
        let counts = message_counts(n, sizes.messages, &mut rng);
        let shares = Weighted::new(ACCOUNT_SHARES.iter().map(|&s| f64::from(s)));
        let account_of: Vec<u8> = (0..n).map(|_| shares.sample(&mut rng) as u8).collect();
        let accounts = (0..sizes.accounts)
            .map(|i| {
                uuid_v7(
                    END_MICROS - SPAN_MICROS - (10 - i as i64) * DAY_MICROS,
                    &mut rng,
                )
            })
            .collect();
        let mut messages = message_times(&counts, &mut rng);
        messages.sort_unstable_by_key(|m| (m.at, m.conv));
        let convs = assign_messages(&mut messages, n, &mut rng);
        let conv_ids = convs
            .iter()
            .map(|c| uuid_v7(c.first_at, &mut rng))
            .collect();
        let contact_ids = convs
            .iter()
            .map(|c| uuid_v7(c.first_at - rng.below(HOUR_MICROS as u64) as i64, &mut rng))
            .collect();
        Self {
            seed,
            accounts,
            account_of,
            contact_ids,
            conv_ids,
            convs,
            messages,
        }
    }
}

/// Message times per conversation: a window ending some (exponential) time before the end of
/// the history, as long as its message count at about three hours apart, messages spread in it.
fn message_times(counts: &[u32], rng: &mut Rng) -> Vec<MsgSlot> {
    let total: usize = counts.iter().map(|&c| c as usize).sum();
    let mut slots = Vec::with_capacity(total);
    for (conv, &count) in counts.iter().enumerate() {
        let recency = (rng.exp(20.0 * DAY_MICROS as f64) as i64).min(SPAN_MICROS * 9 / 10);
        let end = END_MICROS - recency;
        let room = SPAN_MICROS - recency;
        let wanted = (f64::from(count) * 3.0 * HOUR_MICROS as f64 * (0.5 + rng.unit())) as i64;
        let length = wanted.clamp(1, room);
        let start = end - length;
        for _ in 0..count {
            slots.push(MsgSlot {
                at: start + rng.below(length as u64 + 1) as i64,
                id: Uuid::nil(),
                conv: conv as u32,
                flags: 0,
            });
        }
    }
    slots
}

/// Gives ids and directions in time order (a conversation starts with the customer), then marks
/// the inbound messages after each conversation's last outbound one as unread.
fn assign_messages(messages: &mut [MsgSlot], n: usize, rng: &mut Rng) -> Vec<ConvState> {
    let mut convs = vec![
        ConvState {
            first_at: 0,
            last_at: i64::MIN,
            last_id: Uuid::nil(),
            last_inbound_at: None,
            unread: 0,
            count: 0,
        };
        n
    ];
    for m in messages.iter_mut() {
        m.id = uuid_v7(m.at, rng);
        let c = &mut convs[m.conv as usize];
        if c.count == 0 || rng.chance(0.55) {
            m.flags |= INBOUND;
        }
        if c.count == 0 {
            c.first_at = m.at;
        }
        c.count += 1;
        if (m.at, m.id) > (c.last_at, c.last_id) {
            c.last_at = m.at;
            c.last_id = m.id;
        }
        if m.flags & INBOUND != 0 {
            c.last_inbound_at = Some(c.last_inbound_at.map_or(m.at, |t| t.max(m.at)));
        }
    }
    let mut answered = vec![false; n];
    for m in messages.iter_mut().rev() {
        let conv = m.conv as usize;
        if m.flags & INBOUND == 0 {
            answered[conv] = true;
        } else if !answered[conv] {
            m.flags |= UNREAD;
            convs[conv].unread += 1;
        }
    }
    convs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_is_consistent_with_its_messages() {
        let plan = Plan::generate(Profile::Ci, 3);
        let sizes = Profile::Ci.sizes();
        assert_eq!(plan.messages.len(), sizes.messages);
        assert_eq!(plan.convs.len(), sizes.contacts);
        assert!(plan.messages.windows(2).all(|w| w[0].at <= w[1].at));
        for (i, c) in plan.convs.iter().enumerate() {
            if i >= 50 {
                break;
            }
            let mine: Vec<&MsgSlot> = plan
                .messages
                .iter()
                .filter(|m| m.conv as usize == i)
                .collect();
            assert_eq!(mine.len() as u32, c.count);
            let newest = mine.iter().max_by_key(|m| (m.at, m.id)).map(|m| m.id);
            assert_eq!(newest, Some(c.last_id));
            assert_eq!(
                mine[0].flags & INBOUND,
                INBOUND,
                "conversations start inbound"
            );
            let unread = mine.iter().filter(|m| m.flags & UNREAD != 0).count() as u32;
            assert_eq!(unread, c.unread);
        }
        let ids: std::collections::HashSet<Uuid> = plan.messages.iter().map(|m| m.id).collect();
        assert_eq!(ids.len(), plan.messages.len());
        assert!(plan.messages.iter().all(|m| m.at <= END_MICROS));
    }

    #[test]
    fn the_same_seed_gives_the_same_plan() {
        let a = Plan::generate(Profile::Ci, 11);
        let b = Plan::generate(Profile::Ci, 11);
        assert_eq!(a.conv_ids, b.conv_ids);
        assert_eq!(
            a.messages.last().map(|m| m.id),
            b.messages.last().map(|m| m.id)
        );
    }
}
