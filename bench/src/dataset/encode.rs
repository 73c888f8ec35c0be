//! Rows of each table as binary COPY chunks, generated from the plan.

use super::copy::CopyBuf;
use super::plan::{INBOUND, Plan, UNREAD};
pub use super::tables::{CONTACTS, CONVERSATIONS, MESSAGES, REACTIONS, TableSpec};
use super::text::{self, EMOJI, TAGS};
use super::{HOUR_MICROS, stream};
use crate::rng::Rng;

/// Chunks handed to COPY are about this big.
const CHUNK_BYTES: usize = 1 << 20;

/// Collects rows into chunks and hands each full chunk to `emit` (which says whether to go on).
struct Chunker<'a> {
    buf: CopyBuf,
    emit: &'a mut dyn FnMut(Vec<u8>) -> bool,
    rows: u64,
    open: bool,
}

impl<'a> Chunker<'a> {
    fn new(emit: &'a mut dyn FnMut(Vec<u8>) -> bool) -> Self {
        let mut buf = CopyBuf::with_capacity(CHUNK_BYTES + 64 * 1024);
        buf.header();
        Self {
            buf,
            emit,
            rows: 0,
            open: true,
        }
    }

    /// Ends a row; false once the receiver is gone.
    fn done(&mut self) -> bool {
        self.rows += 1;
        if self.buf.len() >= CHUNK_BYTES {
            self.open = (self.emit)(self.buf.take());
        }
        self.open
    }

    fn finish(mut self) -> u64 {
        self.buf.trailer();
        if self.open {
            (self.emit)(self.buf.take());
        }
        self.rows
    }
}

/// Contact rows; returns how many.
pub fn contacts(plan: &Plan, emit: &mut dyn FnMut(Vec<u8>) -> bool) -> u64 {
    let mut out = Chunker::new(emit);
    for (i, id) in plan.contact_ids.iter().enumerate() {
        let mut rng = Rng::derive(plan.seed, stream::CONTACT, i as u64);
        let b = &mut out.buf;
        b.row(CONTACTS.columns.len() as i16);
        b.uuid(id);
        b.uuid(&plan.accounts[usize::from(plan.account_of[i])]);
        b.text(&format!("49{:010}", 1_500_000_000 + i));
        b.null();
        if rng.chance(0.9) {
            b.text(&text::person_name(&mut rng));
        } else {
            b.null();
        }
        if rng.chance(0.05) {
            b.text(&text::person_name(&mut rng));
        } else {
            b.null();
        }
        b.null();
        if rng.chance(0.1) {
            let first = rng.below(TAGS.len() as u64) as usize;
            let second = (first + 1 + rng.below(TAGS.len() as u64 - 1) as usize) % TAGS.len();
            b.text_array(&[TAGS[first], TAGS[second]][..1 + rng.below(2) as usize]);
        } else {
            b.text_array(&[]);
        }
        let created = plan.convs[i].first_at - HOUR_MICROS;
        b.timestamptz(created);
        b.timestamptz(created);
        if !out.done() {
            break;
        }
    }
    out.finish()
}

/// Conversation rows, consistent with their messages; returns how many.
pub fn conversations(plan: &Plan, emit: &mut dyn FnMut(Vec<u8>) -> bool) -> u64 {
    let mut out = Chunker::new(emit);
    for (i, c) in plan.convs.iter().enumerate() {
        let mut rng = Rng::derive(plan.seed, stream::CONVERSATION, i as u64);
        let b = &mut out.buf;
        b.row(CONVERSATIONS.columns.len() as i16);
        b.uuid(&plan.conv_ids[i]);
        b.uuid(&plan.accounts[usize::from(plan.account_of[i])]);
        b.uuid(&plan.contact_ids[i]);
        let status = match (c.unread, rng.unit()) {
            (1.., _) => "open",
            (0, u) if u < 0.5 => "open",
            (0, u) if u < 0.85 => "closed",
            _ => "archived",
        };
        b.text(status);
        b.int4(c.unread as i32);
        b.bool(rng.chance(0.05));
        b.bool(rng.chance(0.03));
        b.timestamptz(c.last_at);
        b.uuid(&c.last_id);
        match c.last_inbound_at {
            Some(at) => b.timestamptz(at),
            None => b.null(),
        }
        b.timestamptz(c.first_at);
        b.timestamptz(c.last_at);
        if !out.done() {
            break;
        }
    }
    out.finish()
}

/// Message rows in arrival order; returns how many.
pub fn messages(plan: &Plan, emit: &mut dyn FnMut(Vec<u8>) -> bool) -> u64 {
    let mut out = Chunker::new(emit);
    let mut previous = vec![u32::MAX; plan.convs.len()];
    for (index, m) in plan.messages.iter().enumerate() {
        let mut rng = Rng::derive(plan.seed, stream::MESSAGE, index as u64);
        let conv = m.conv as usize;
        let inbound = m.flags & INBOUND != 0;
        let b = &mut out.buf;
        b.row(MESSAGES.columns.len() as i16);
        b.uuid(&m.id);
        b.uuid(&plan.accounts[usize::from(plan.account_of[conv])]);
        b.uuid(&plan.conv_ids[conv]);
        b.text(if inbound { "inbound" } else { "outbound" });
        let kind = kind(&mut rng);
        b.text(kind);
        body(b, &mut rng, kind);
        media(b, &mut rng, kind, index);
        if kind == "location" {
            b.jsonb_with(|buf| {
                buf.extend_from_slice(
                    br#"{"latitude": 52.52, "longitude": 13.405, "name": "Store"}"#,
                )
            });
        } else {
            b.jsonb_with(|buf| buf.extend_from_slice(b"{}"));
        }
        b.text_with(|buf| text::message_wamid(buf, index as u64));
        let failed = status(b, &mut rng, inbound, m.flags & UNREAD != 0);
        if failed {
            b.int8(131_026);
            b.text("Message undeliverable");
            b.text("Unable to deliver message");
        } else {
            b.null();
            b.null();
            b.null();
        }
        let prev = previous[conv];
        if prev != u32::MAX && rng.chance(0.03) {
            b.uuid(&plan.messages[prev as usize].id);
            b.text_with(|buf| text::message_wamid(buf, u64::from(prev)));
        } else {
            b.null();
            b.null();
        }
        previous[conv] = index as u32;
        if !inbound && kind == "text" && rng.chance(0.005) {
            b.timestamptz(m.at + 60_000_000);
        } else {
            b.null();
        }
        if rng.chance(0.002) {
            b.timestamptz(m.at + 120_000_000);
            b.text("everyone");
        } else {
            b.null();
            b.null();
        }
        b.timestamptz(m.at);
        b.timestamptz(
            m.at + if inbound {
                0
            } else {
                1 + rng.below(60_000_000) as i64
            },
        );
        b.timestamptz(m.at + 1000 + rng.below(5000) as i64);
        b.bool(reaction_draw(plan, index).is_some());
        if !out.done() {
            break;
        }
    }
    out.finish()
}

/// Whether message `index` gets a reaction (about 5 % do), with the generator to draw it from.
fn reaction_draw(plan: &Plan, index: usize) -> Option<Rng> {
    let mut rng = Rng::derive(plan.seed, stream::REACTION, index as u64);
    rng.chance(0.05).then_some(rng)
}

/// Reactions on about 5% of the messages, from the other side; returns how many.
pub fn reactions(plan: &Plan, emit: &mut dyn FnMut(Vec<u8>) -> bool) -> u64 {
    let mut out = Chunker::new(emit);
    for (index, m) in plan.messages.iter().enumerate() {
        let Some(mut rng) = reaction_draw(plan, index) else {
            continue;
        };
        let b = &mut out.buf;
        b.row(REACTIONS.columns.len() as i16);
        b.uuid(&m.id);
        b.text(if m.flags & INBOUND != 0 {
            "outbound"
        } else {
            "inbound"
        });
        let emoji: &&str = rng.pick(EMOJI);
        b.text(emoji);
        b.text_with(|buf| text::reaction_wamid(buf, index as u64));
        b.timestamptz(m.at + 1_000_000 + rng.below(2 * HOUR_MICROS as u64) as i64);
        if !out.done() {
            break;
        }
    }
    out.finish()
}

fn kind(rng: &mut Rng) -> &'static str {
    match rng.unit() {
        u if u < 0.88 => "text",
        u if u < 0.93 => "image",
        u if u < 0.95 => "document",
        u if u < 0.97 => "audio",
        u if u < 0.98 => "video",
        u if u < 0.99 => "sticker",
        _ => "location",
    }
}

fn body(b: &mut CopyBuf, rng: &mut Rng, kind: &str) {
    match kind {
        "text" => b.text_with(|buf| text::sentence(buf, rng, 2, 24)),
        "image" | "video" if rng.chance(0.4) => b.text_with(|buf| text::sentence(buf, rng, 1, 8)),
        _ => b.null(),
    }
}

fn media(b: &mut CopyBuf, rng: &mut Rng, kind: &str, index: usize) {
    let mime = match kind {
        "image" => "image/jpeg",
        "document" => "application/pdf",
        "audio" => "audio/ogg",
        "video" => "video/mp4",
        "sticker" => "image/webp",
        _ => return b.null(),
    };
    b.jsonb_with(|buf| {
        buf.extend_from_slice(b"{\"meta_media_id\": \"");
        buf.extend_from_slice(format!("{}", 100_000_000_000_000u64 + index as u64).as_bytes());
        buf.extend_from_slice(b"\", \"mime_type\": \"");
        buf.extend_from_slice(mime.as_bytes());
        buf.extend_from_slice(b"\", \"sha256\": \"");
        text::hex(buf, rng, 64);
        if kind == "document" {
            buf.extend_from_slice(b"\", \"filename\": \"invoice-");
            buf.extend_from_slice(format!("{index}").as_bytes());
            buf.extend_from_slice(b".pdf");
        }
        buf.extend_from_slice(b"\"}");
    });
}

/// Writes the status; true when it is `failed`.
fn status(b: &mut CopyBuf, rng: &mut Rng, inbound: bool, unread: bool) -> bool {
    let status = match (inbound, unread, rng.unit()) {
        (true, true, _) => "delivered",
        (true, false, _) => "read",
        (false, _, u) if u < 0.03 => "failed",
        (false, _, u) if u < 0.10 => "sent",
        (false, _, u) if u < 0.30 => "delivered",
        _ => "read",
    };
    b.text(status);
    status == "failed"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;

    #[test]
    fn every_table_ends_with_a_trailer_and_counts_its_rows() {
        let plan = Plan::generate(Profile::Ci, 1);
        let mut chunks = 0;
        let mut last = Vec::new();
        let rows = messages(&plan, &mut |chunk| {
            chunks += 1;
            last = chunk;
            true
        });
        assert_eq!(rows as usize, plan.messages.len());
        assert!(chunks > 10);
        assert_eq!(&last[last.len() - 2..], &[0xff, 0xff]);
        let reactions = reactions(&plan, &mut |_| true);
        let share = reactions as f64 / rows as f64;
        assert!((0.045..0.055).contains(&share), "{share}");
    }

    #[test]
    fn a_refusing_receiver_stops_the_generator() {
        let plan = Plan::generate(Profile::Ci, 1);
        let rows = messages(&plan, &mut |_| false);
        assert!((rows as usize) < plan.messages.len());
    }

    #[test]
    fn the_copy_statement_names_every_column() {
        assert_eq!(
            REACTIONS.copy_statement(),
            "COPY message_reactions (message_id, direction, emoji, wamid, reacted_at) FROM STDIN (FORMAT binary, FREEZE)"
        );
    }
}
