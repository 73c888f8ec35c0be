//! The W1 delivery mix: Meta-shaped, signed webhook bodies with unique wamids, built per request
//! (70 % statuses of our outgoing messages, 30 % inbound text, 5 % of requests a resend of a
//! recent body, and now and then a probe whose arrival in the conversation list is timed).

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use hyper::body::Bytes;
use inbox_testkit::webhook::{Delivery, Msg, Status, sign};

use crate::rng::{Rng, Weighted};

/// The app secret of every W1 account (the signature key).
pub const SECRET: &str = "bench-app-secret";
/// Accounts that receive the mix (the probe account comes on top).
pub const ACCOUNTS: u8 = 3;
/// Share of each account in the inbound messages.
const ACCOUNT_SHARES: [f64; ACCOUNTS as usize] = [60.0, 30.0, 10.0];
/// The driver picks an index below this; the ranges below split it into kinds.
pub const KINDS: usize = 100;
/// Indexes below this resend a recent body (Meta's duplicates).
const DUPLICATE_BELOW: usize = 5;
/// Indexes below this (and not duplicates) are inbound text; the rest statuses.
const INBOUND_BELOW: usize = 35;
/// Recent bodies kept for resending.
const RECENT: usize = 256;
/// Statuses per outgoing message: sent, delivered, read.
const STATUSES: [&str; 3] = ["sent", "delivered", "read"];

/// `phone_number_id` of W1 account `n` (1..=3; 4 is the probe account).
pub fn phone_number_id(n: u8) -> String {
    format!("30000000000000{n}")
}

/// `waba_id` of W1 account `n`.
pub fn waba_id(n: u8) -> String {
    format!("40000000000000{n}")
}

/// `wa_id` of customer `i` of W1 account `n` (created by the setup).
pub fn customer(n: u8, i: u64) -> String {
    format!("1666{n}{i:07}")
}

/// wamid of outgoing message `j` of W1 account `n` (created by the setup, status `sent`).
pub fn outgoing_wamid(n: u8, j: u64) -> String {
    format!("wamid.W1O{n}_{j}")
}

/// The text of probe `seq` of run `tag`, as the conversation list shows it.
pub fn probe_text(tag: &str, seq: u64) -> String {
    format!("{} {seq}", probe_prefix(tag))
}

/// What every probe text of run `tag` starts with.
pub fn probe_prefix(tag: &str) -> String {
    format!("w1 probe {tag}")
}

/// A body ready to post: the bytes and their `X-Hub-Signature-256`.
#[derive(Debug, Clone)]
pub struct Signed {
    /// The body as Meta encodes it.
    pub body: Bytes,
    /// `sha256=<hex>`.
    pub signature: String,
}

impl Signed {
    fn of(delivery: &Delivery) -> Self {
        let body = delivery.to_bytes();
        let signature = sign(&body, SECRET.as_bytes());
        Self {
            body: Bytes::from(body),
            signature,
        }
    }
}

/// The shape of the accounts the setup created.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Customers (and conversations) per account.
    pub customers: u64,
    /// Outgoing messages per account that statuses refer to.
    pub outgoing: u64,
}

/// Builds the requests of a run; shared by every request task.
pub struct Mix {
    tag: String,
    shape: Shape,
    seed: u64,
    /// Meta's time of the mix's messages (probes carry the current time).
    at: i64,
    accounts: Weighted,
    seq: AtomicU64,
    statuses: AtomicU64,
    probe_every: AtomicU64,
    recent: Mutex<VecDeque<Arc<Signed>>>,
}

impl Mix {
    /// The mix of run `tag` over accounts of `shape`.
    pub fn new(tag: &str, shape: Shape, seed: u64) -> Self {
        Self {
            tag: tag.to_owned(),
            shape,
            seed,
            at: now_secs(),
            accounts: Weighted::new(ACCOUNT_SHARES),
            seq: AtomicU64::new(1),
            statuses: AtomicU64::new(0),
            probe_every: AtomicU64::new(0),
            recent: Mutex::new(VecDeque::with_capacity(RECENT)),
        }
    }

    /// Makes every `every`-th request a probe (0: none).
    pub fn set_probe_every(&self, every: u64) {
        self.probe_every.store(every, Ordering::Release);
    }

    /// The request for driver index `index` (in `0..KINDS`): its body and, for a probe, its number.
    pub fn next(&self, index: usize) -> (Arc<Signed>, Option<u64>) {
        let seq = self.seq.fetch_add(1, Ordering::AcqRel);
        let every = self.probe_every.load(Ordering::Acquire);
        if every > 0 && seq.is_multiple_of(every) {
            return (Arc::new(self.probe(seq)), Some(seq));
        }
        if index < DUPLICATE_BELOW
            && let Some(again) = self.recent_one(seq)
        {
            return (again, None);
        }
        let signed = Arc::new(if index < INBOUND_BELOW {
            self.inbound(seq)
        } else {
            self.status()
        });
        if let Ok(mut recent) = self.recent.lock() {
            if recent.len() == RECENT {
                recent.pop_front();
            }
            recent.push_back(signed.clone());
        }
        (signed, None)
    }

    /// Bodies like the mix's, for the bare-INSERT reference (not counted as requests).
    pub fn samples(&self, n: usize) -> Vec<Bytes> {
        let scratch = Self::new(&self.tag, self.shape, self.seed ^ 0x5a5a);
        (0..n)
            .map(|i| {
                let index = (i * 37) % KINDS;
                let index = if index < DUPLICATE_BELOW {
                    INBOUND_BELOW
                } else {
                    index
                };
                scratch.next(index).0.body.clone()
            })
            .collect()
    }

    fn recent_one(&self, seq: u64) -> Option<Arc<Signed>> {
        let recent = self.recent.lock().ok()?;
        if recent.is_empty() {
            return None;
        }
        let mut rng = Rng::derive(self.seed, 3, seq);
        recent.get(rng.below(recent.len() as u64) as usize).cloned()
    }

    fn inbound(&self, seq: u64) -> Signed {
        let mut rng = Rng::derive(self.seed, 1, seq);
        let n = 1 + self.accounts.sample(&mut rng) as u8;
        let i = rng.below(self.shape.customers);
        let from = customer(n, i);
        let wamid = format!("wamid.W1{}I{seq}", self.tag);
        let message = Msg::text(&from, &wamid, &format!("w1 message {seq}"))
            .timestamp(self.at)
            .profile_name(&format!("W1 customer {n}-{i}"));
        Signed::of(
            &Delivery::empty()
                .entry(&waba_id(n))
                .change(&phone_number_id(n))
                .message(message),
        )
    }

    /// Statuses go through the outgoing messages in order: sent, delivered, read for one message,
    /// then the next (accounts in turn).
    fn status(&self) -> Signed {
        let s = self.statuses.fetch_add(1, Ordering::AcqRel);
        let message = s / STATUSES.len() as u64;
        let n = 1 + (message % u64::from(ACCOUNTS)) as u8;
        let j = (message / u64::from(ACCOUNTS)) % self.shape.outgoing;
        let recipient = customer(n, j % self.shape.customers);
        let status = STATUSES[(s % STATUSES.len() as u64) as usize];
        let report = Status::new(&outgoing_wamid(n, j), status, &recipient).timestamp(self.at);
        Signed::of(
            &Delivery::empty()
                .entry(&waba_id(n))
                .change(&phone_number_id(n))
                .status(report),
        )
    }

    /// An inbound text from a new customer of the probe account, stamped now: it opens a new
    /// conversation at the top of that account's list.
    fn probe(&self, seq: u64) -> Signed {
        let n = ACCOUNTS + 1;
        let from = format!("1777{seq:010}");
        let wamid = format!("wamid.W1{}P{seq}", self.tag);
        let message = Msg::text(&from, &wamid, &probe_text(&self.tag, seq)).timestamp(now_secs());
        Signed::of(
            &Delivery::empty()
                .entry(&waba_id(n))
                .change(&phone_number_id(n))
                .message(message),
        )
    }
}

fn now_secs() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mix() -> Mix {
        Mix::new(
            "t1",
            Shape {
                customers: 10,
                outgoing: 100,
            },
            7,
        )
    }

    fn json(signed: &Signed) -> serde_json::Value {
        serde_json::from_slice(&signed.body).unwrap()
    }

    #[test]
    fn bodies_are_signed_with_the_accounts_secret() {
        let (signed, probe) = mix().next(50);
        assert!(probe.is_none());
        assert_eq!(signed.signature, sign(&signed.body, SECRET.as_bytes()));
    }

    #[test]
    fn statuses_walk_each_message_through_sent_delivered_read() {
        let mix = mix();
        let statuses: Vec<(String, String)> = (0..6)
            .map(|_| {
                let v = json(&mix.next(99).0);
                let s = &v["entry"][0]["changes"][0]["value"]["statuses"][0];
                (
                    s["id"].as_str().unwrap().to_owned(),
                    s["status"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(statuses[0], (outgoing_wamid(1, 0), "sent".to_owned()));
        assert_eq!(statuses[2], (outgoing_wamid(1, 0), "read".to_owned()));
        assert_eq!(statuses[3], (outgoing_wamid(2, 0), "sent".to_owned()));
    }

    #[test]
    fn inbound_messages_have_unique_wamids_and_known_customers() {
        let mix = mix();
        let a = json(&mix.next(10).0);
        let b = json(&mix.next(10).0);
        let id = |v: &serde_json::Value| {
            v["entry"][0]["changes"][0]["value"]["messages"][0]["id"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        assert_ne!(id(&a), id(&b));
        let from = a["entry"][0]["changes"][0]["value"]["messages"][0]["from"]
            .as_str()
            .unwrap();
        assert!(from.starts_with("1666"), "{from}");
    }

    #[test]
    fn duplicates_resend_a_recent_body_and_probes_come_every_nth() {
        let mix = mix();
        let first = mix.next(20).0;
        let again = mix.next(0).0;
        assert_eq!(first.body, again.body);
        mix.set_probe_every(4);
        let probes: Vec<u64> = (0..8).filter_map(|_| mix.next(50).1).collect();
        assert_eq!(probes, vec![4, 8]);
        assert_eq!(mix.seq.load(Ordering::Acquire), 11);
    }
}
