//! The fixed world of the webhook property: a shop, two customers, messages we sent, and the
//! deliveries Meta makes about them (messages, statuses, reactions, a duplicate).

use inbox_domain::inbound::WebhookBatch;
use inbox_domain::ports::Storage;
use inbox_domain::{Account, ConversationId, MessageKind, WaId, Wamid};

use super::batch::{batch, change, failed, media, profile, reaction, status, text};
use super::world::sent;
use crate::contract::fixtures::{Must, account};

/// Names of the wamids of a scenario; each world prefixes them to keep them unique.
pub const NAMES: [&str; 14] = [
    "m1", "m2", "m3", "m4", "o1", "o2", "o3", "o4", "r1", "r2", "r3", "r4", "r5", "m1-again",
];

/// Messages we send only while the deliveries run (statuses about them may come first).
pub const LATE: [&str; 2] = ["o2", "o4"];

/// One world: an account with its customers and the wamids of its scenario.
pub struct World {
    /// The business number.
    pub shop: Account,
    /// The customers, the same wa_ids in every world.
    pub customers: [WaId; 2],
    /// The conversation with the first customer, where our messages are.
    pub thread: ConversationId,
    prefix: String,
}

impl World {
    /// A fresh account whose customer 0 already got o1 and o3 from us.
    pub async fn new(case: &str, s: &Storage, customers: [WaId; 2]) -> Self {
        let shop = account(s).await;
        let contact = s
            .contacts
            .upsert_by_wa_id(shop.id, &customers[0], None)
            .await
            .must(case, "contact");
        let thread = s
            .conversations
            .open(shop.id, contact.id)
            .await
            .must(case, "open")
            .id;
        let world = Self {
            shop,
            customers,
            thread,
            prefix: format!("wamid.prop-{}-", uuid::Uuid::new_v4().simple()),
        };
        sent(case, s, thread, &world.wamid("o1"), 0).await;
        sent(case, s, thread, &world.wamid("o3"), 0).await;
        world
    }

    /// The wamid of `name` in this world.
    pub fn wamid(&self, name: &str) -> Wamid {
        Wamid::parse(&format!("{}{name}", self.prefix)).must("fixture", "a valid wamid")
    }

    /// The name of a wamid of this world (what worlds are compared by).
    pub fn name_of(&self, wamid: &Wamid) -> String {
        wamid
            .as_str()
            .strip_prefix(&self.prefix)
            .unwrap_or(wamid.as_str())
            .to_owned()
    }

    /// Sends the late message `LATE[index]`.
    pub async fn send_late(&self, case: &str, s: &Storage, index: usize) {
        let name = LATE[index];
        let seconds = 40 + i64::try_from(index).unwrap_or(0);
        sent(case, s, self.thread, &self.wamid(name), seconds).await;
    }

    /// The deliveries of the scenario, in the order Meta would make them.
    pub fn deliveries(&self) -> Vec<WebhookBatch> {
        let w = |name: &str| self.wamid(name);
        let [ana, bo] = &self.customers;
        let one = |configure: &dyn Fn(&mut inbox_domain::inbound::Change)| {
            let mut change = change(&self.shop.phone_number_id);
            configure(&mut change);
            batch(vec![change])
        };
        let mut reply = text(ana, &w("m4"), 4, "and this?");
        reply.reply_to_wamid = Some(w("m1"));
        vec![
            one(&|c| {
                c.contacts.push(profile(ana, "Ana"));
                c.messages.push(text(ana, &w("m1"), 1, "hello"));
            }),
            one(&|c| {
                c.contacts.push(profile(bo, "Bo"));
                c.messages
                    .push(media(MessageKind::Image, ana, &w("m2"), 2, Some("photo")));
                c.messages.push(text(bo, &w("m3"), 3, "hi from Bo"));
            }),
            one(&|c| {
                c.statuses.push(status(&w("o1"), "sent", 5));
                c.statuses.push(status(&w("o1"), "delivered", 6));
                c.statuses.push(status(&w("o4"), "sent", 8));
            }),
            one(&|c| {
                c.statuses.push(status(&w("o1"), "read", 7));
                c.statuses.push(failed(&w("o2"), 8));
            }),
            one(&|c| {
                c.statuses.push(status(&w("o2"), "delivered", 9));
                c.statuses.push(status(&w("o4"), "read", 9));
            }),
            one(&|c| {
                c.messages
                    .push(reaction(ana, &w("r1"), 10, &w("o1"), Some("👍")))
            }),
            one(&|c| {
                c.messages
                    .push(reaction(ana, &w("r2"), 20, &w("o1"), Some("❤️")));
                c.messages.push(reaction(ana, &w("r3"), 30, &w("o3"), None));
            }),
            one(&|c| {
                c.contacts.push(profile(ana, "Ana"));
                c.messages
                    .push(reaction(ana, &w("r4"), 25, &w("o3"), Some("😀")));
                c.messages.push(text(ana, &w("m1"), 1, "hello"));
                c.messages.push(reply.clone());
            }),
        ]
    }
}
