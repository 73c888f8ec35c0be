//! Group commit for the send workers: results handed in one by one are written in groups, so
//! many sends share one statement and one commit (one WAL flush).
//!
//! A group is flushed when it holds `max` items, or when its oldest item has waited `delay`,
//! whichever comes first: no item waits longer than `delay` for its group to start (plus, when
//! every flush slot is busy, the flush ahead of it). While all [`FLUSHES_AT_ONCE`] flushes are
//! running, new items queue and join the next group, so groups grow with the load.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use tokio::sync::{Semaphore, mpsc, oneshot};
use tokio::time::Instant;

/// Flushes of one grouper that may run at the same time.
pub const FLUSHES_AT_ONCE: usize = 2;

/// When a group is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupPolicy {
    /// Most items in one group (at least 1).
    pub max: usize,
    /// Longest wait of an item before its group is written.
    pub delay: Duration,
}

impl GroupPolicy {
    /// Whether a group of `len` items whose oldest came at `oldest` is due at `now`.
    pub fn due(&self, len: usize, oldest: Instant, now: Instant) -> bool {
        len >= self.max.max(1) || now >= oldest + self.delay
    }
}

/// Writes one group; answers one output per item, in order.
pub type Flush<I, O> = Arc<dyn Fn(Vec<I>) -> BoxFuture<'static, Vec<O>> + Send + Sync>;

struct Entry<I, O> {
    item: I,
    at: Instant,
    reply: oneshot::Sender<O>,
}

/// Hands items to a background collector that writes them in groups.
pub struct Grouper<I, O> {
    queue: mpsc::UnboundedSender<Entry<I, O>>,
    /// The collector's end until the first item starts it (inside the runtime).
    pending: Mutex<Option<Collector<I, O>>>,
}

struct Collector<I, O> {
    queue: mpsc::UnboundedReceiver<Entry<I, O>>,
    policy: GroupPolicy,
    flush: Flush<I, O>,
}

impl<I: Send + 'static, O: Send + 'static> Grouper<I, O> {
    /// A grouper writing with `flush` under `policy`; its collector starts with the first item
    /// and ends when the grouper is dropped.
    pub fn new(policy: GroupPolicy, flush: Flush<I, O>) -> Self {
        let (queue, receiver) = mpsc::unbounded_channel();
        Self {
            queue,
            pending: Mutex::new(Some(Collector {
                queue: receiver,
                policy,
                flush,
            })),
        }
    }

    /// Hands `item` in and waits for its group's answer; `None` when the group's flush ended
    /// without answering (it panicked): the caller writes the item alone.
    pub async fn submit(&self, item: I) -> Option<O> {
        self.start();
        let (reply, answer) = oneshot::channel();
        let entry = Entry {
            item,
            at: Instant::now(),
            reply,
        };
        self.queue.send(entry).ok()?;
        answer.await.ok()
    }

    fn start(&self) {
        let mut pending = match self.pending.lock() {
            Ok(pending) => pending,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(collector) = pending.take() {
            tokio::spawn(collector.run());
        }
    }
}

impl<I: Send + 'static, O: Send + 'static> Collector<I, O> {
    async fn run(mut self) {
        let slots = Arc::new(Semaphore::new(FLUSHES_AT_ONCE));
        while let Some(first) = self.queue.recv().await {
            let oldest = first.at;
            let mut group = vec![first];
            while !self.policy.due(group.len(), oldest, Instant::now()) {
                tokio::select! {
                    biased;
                    next = self.queue.recv() => match next {
                        Some(entry) => group.push(entry),
                        None => break,
                    },
                    () = tokio::time::sleep_until(oldest + self.policy.delay) => break,
                }
            }
            let Ok(slot) = slots.clone().acquire_owned().await else {
                return;
            };
            // What came while every flush was busy joins this group, up to its size.
            while group.len() < self.policy.max.max(1) {
                match self.queue.try_recv() {
                    Ok(entry) => group.push(entry),
                    Err(_) => break,
                }
            }
            let flush = self.flush.clone();
            tokio::spawn(async move {
                let (items, replies): (Vec<I>, Vec<oneshot::Sender<O>>) =
                    group.into_iter().map(|e| (e.item, e.reply)).unzip();
                let outputs = flush(items).await;
                for (reply, output) in replies.into_iter().zip(outputs) {
                    // The submitter may have gone (its task was stopped): nothing to tell.
                    let _ = reply.send(output);
                }
                drop(slot);
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::FutureExt;

    const NEVER: Duration = Duration::from_secs(3600);

    /// The sizes of the groups a flush wrote, in order.
    type Sizes = Arc<Mutex<Vec<usize>>>;

    /// A grouper doubling numbers, recording the size of each group it wrote.
    fn doubling(policy: GroupPolicy) -> (Arc<Grouper<u32, u32>>, Sizes) {
        let sizes = Arc::new(Mutex::new(Vec::new()));
        let seen = sizes.clone();
        let flush: Flush<u32, u32> = Arc::new(move |items: Vec<u32>| {
            seen.lock().unwrap().push(items.len());
            async move { items.into_iter().map(|n| n * 2).collect() }.boxed()
        });
        (Arc::new(Grouper::new(policy, flush)), sizes)
    }

    /// Submits `0..count` at once; the answers in order.
    async fn submit_all(grouper: &Arc<Grouper<u32, u32>>, count: u32) -> Vec<Option<u32>> {
        let tasks: Vec<_> = (0..count)
            .map(|n| {
                let grouper = grouper.clone();
                tokio::spawn(async move { grouper.submit(n).await })
            })
            .collect();
        let mut answers = Vec::new();
        for task in tasks {
            answers.push(task.await.unwrap());
        }
        answers
    }

    #[test]
    fn a_group_is_due_when_full_or_when_its_oldest_waited_the_delay() {
        let policy = GroupPolicy {
            max: 4,
            delay: Duration::from_millis(5),
        };
        let start = Instant::now();
        assert!(!policy.due(1, start, start), "one fresh item waits");
        assert!(!policy.due(3, start, start + Duration::from_millis(4)));
        assert!(policy.due(4, start, start), "a full group goes at once");
        assert!(
            policy.due(1, start, start + Duration::from_millis(5)),
            "the delay is the longest wait"
        );
        let single = GroupPolicy {
            max: 0,
            delay: NEVER,
        };
        assert!(single.due(1, start, start), "a size of 0 acts as 1");
    }

    #[tokio::test]
    async fn full_groups_are_written_without_waiting_for_the_delay() {
        let (grouper, sizes) = doubling(GroupPolicy {
            max: 4,
            delay: NEVER,
        });
        // With an hour's delay, only full groups can ever be written: 8 items make two.
        let answers = tokio::time::timeout(Duration::from_secs(60), submit_all(&grouper, 8))
            .await
            .expect("full groups are written at once, not after the delay");
        assert_eq!(answers, (0..8).map(|n| Some(n * 2)).collect::<Vec<_>>());
        let sizes = sizes.lock().unwrap().clone();
        assert_eq!(sizes.iter().sum::<usize>(), 8, "every item written once");
        assert!(sizes.iter().all(|size| *size <= 4), "{sizes:?}");
    }

    #[tokio::test]
    async fn with_no_delay_each_item_is_answered_and_groups_respect_the_size() {
        let (grouper, sizes) = doubling(GroupPolicy {
            max: 3,
            delay: Duration::ZERO,
        });
        let answers = submit_all(&grouper, 10).await;
        assert_eq!(answers, (0..10).map(|n| Some(n * 2)).collect::<Vec<_>>());
        let sizes = sizes.lock().unwrap().clone();
        assert_eq!(sizes.iter().sum::<usize>(), 10, "every item written once");
        assert!(sizes.iter().all(|size| (1..=3).contains(size)), "{sizes:?}");
    }

    #[tokio::test]
    async fn a_flush_that_panics_answers_none_so_the_caller_writes_alone() {
        let flush: Flush<u32, u32> =
            Arc::new(|_items: Vec<u32>| async move { panic!("the flush broke") }.boxed());
        let grouper = Grouper::new(
            GroupPolicy {
                max: 1,
                delay: Duration::ZERO,
            },
            flush,
        );
        assert_eq!(grouper.submit(1).await, None);
        assert_eq!(grouper.submit(2).await, None, "the collector keeps going");
    }
}
