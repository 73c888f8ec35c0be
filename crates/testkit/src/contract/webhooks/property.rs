//! The webhook property: the scenario's deliveries applied in any order, any of them several
//! times, with our late messages sent at any point, end in the same state as in Meta's order.

use inbox_domain::events::InboxEvent;
use inbox_domain::ports::Storage;
use inbox_domain::{Direction, MessageKind, MessageStatus, MetaError, PageLimit, WaId};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use super::scenario::{LATE, World};
use super::world::{deliver, messages};
use crate::contract::fixtures::{Must, wa_id};

/// One step of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Meta makes delivery `n` of the scenario.
    Deliver(usize),
    /// We send late message `n` (it gets its wamid).
    SendLate(usize),
}

/// How many deliveries the scenario has.
const DELIVERIES: usize = 8;

/// The steps in Meta's order, each once.
fn in_order() -> Vec<Step> {
    let mut steps: Vec<Step> = (0..DELIVERIES).map(Step::Deliver).collect();
    steps.extend((0..LATE.len()).map(Step::SendLate));
    steps
}

/// Every step once plus up to four repeated deliveries, shuffled.
fn any_order() -> impl Strategy<Value = Vec<Step>> {
    proptest::collection::vec(0..DELIVERIES, 0..5).prop_flat_map(|repeats| {
        let mut steps = in_order();
        steps.extend(repeats.into_iter().map(Step::Deliver));
        Just(steps).prop_shuffle()
    })
}

/// A message as compared across worlds: wamids by name, ids left out.
#[derive(Debug, PartialEq)]
struct SeenMessage {
    name: String,
    direction: Direction,
    kind: MessageKind,
    body: Option<String>,
    status: MessageStatus,
    error: Option<MetaError>,
    reply_to: Option<String>,
    reactions: Vec<(Direction, String)>,
}

/// A world's state as compared: per customer, name, unread count and messages.
type Snapshot = Vec<(WaId, Option<String>, i32, Vec<SeenMessage>)>;

async fn run(case: &str, s: &Storage, world: &World, steps: &[Step]) -> usize {
    let deliveries = world.deliveries();
    let mut received = 0;
    for step in steps {
        match *step {
            Step::Deliver(n) => {
                let outcome = deliver(case, s, &deliveries[n]).await;
                received += outcome
                    .events
                    .iter()
                    .filter(|e| matches!(e, InboxEvent::MessageReceived { .. }))
                    .count();
            }
            Step::SendLate(n) => world.send_late(case, s, n).await,
        }
    }
    received
}

async fn snapshot(case: &str, s: &Storage, world: &World) -> Snapshot {
    let limit = PageLimit::parse(Some(100)).must(case, "limit");
    let page = s
        .conversations
        .list(world.shop.id, None, limit)
        .await
        .must(case, "list");
    let mut seen = Vec::new();
    for summary in page.items {
        let stored = messages(case, s, summary.conversation.id).await;
        let mut list: Vec<SeenMessage> = stored
            .iter()
            .map(|m| SeenMessage {
                name: m
                    .wamid
                    .as_ref()
                    .map(|w| world.name_of(w))
                    .unwrap_or_default(),
                direction: m.direction,
                kind: m.kind,
                body: m.body.clone(),
                status: m.status,
                error: m.error.clone(),
                reply_to: m
                    .reply_to
                    .and_then(|id| stored.iter().find(|q| q.id == id))
                    .and_then(|q| q.wamid.as_ref())
                    .map(|w| world.name_of(w)),
                reactions: m
                    .reactions
                    .iter()
                    .map(|r| (r.direction, r.emoji.clone()))
                    .collect(),
            })
            .collect();
        list.sort_by(|a, b| a.name.cmp(&b.name));
        let wa_id = summary
            .contact
            .wa_id
            .clone()
            .must(case, "customers have wa_ids");
        seen.push((
            wa_id,
            summary.contact.profile_name.clone(),
            summary.conversation.unread_count,
            list,
        ));
    }
    seen.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
    seen
}

/// Runs `steps` in a fresh world and Meta's order in another; both must end the same.
async fn check(s: &Storage, steps: &[Step]) {
    let case = "webhook_property";
    let customers = [wa_id(), wa_id()];
    let reference = World::new(case, s, customers.clone()).await;
    let expected_received = run(case, s, &reference, &in_order()).await;
    let world = World::new(case, s, customers).await;
    let received = run(case, s, &world, steps).await;
    assert_eq!(
        received, expected_received,
        "{case}: one MessageReceived per message, {steps:?}"
    );
    assert_eq!(received, 4, "{case}: four customer messages");
    let expected = snapshot(case, s, &reference).await;
    let got = snapshot(case, s, &world).await;
    assert_eq!(got, expected, "{case}: same end state for {steps:?}");
}

/// The seed: `INBOX_PROPTEST_SEED` when set, else random; printed so a failure can be replayed.
fn seed() -> u64 {
    std::env::var("INBOX_PROPTEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random)
}

/// Runs the property `cases` times on `storage`. Needs a multi-threaded Tokio runtime (each case
/// blocks in place on the storage's futures).
pub async fn run_property(storage: Storage, cases: u32) {
    let seed = seed();
    eprintln!("webhook property: {cases} cases, seed {seed} (INBOX_PROPTEST_SEED to replay)");
    let mut bytes = [0_u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
    let handle = tokio::runtime::Handle::current();
    let result = runner.run(&any_order(), |steps| {
        tokio::task::block_in_place(|| handle.block_on(check(&storage, &steps)));
        Ok(())
    });
    if let Err(failure) = result {
        panic!("webhook property failed (seed {seed}): {failure}");
    }
}
