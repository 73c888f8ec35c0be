//! A set of background worker tasks started and stopped together (the send and the webhook
//! workers), and the two waits their loops share: idle until woken, and the periodic rescue.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

use crate::error::cause_chain;

/// Running tasks of one kind of worker; each watches one stop signal, and
/// [`WorkerSet::shutdown`] gives them a grace period to finish what they hold.
pub struct WorkerSet {
    /// Names the workers in logs ("send", "webhook").
    kind: &'static str,
    /// What a worker holds and gets back through the rescue ("jobs", "deliveries").
    held: &'static str,
    stop: watch::Sender<bool>,
    tasks: JoinSet<()>,
}

impl WorkerSet {
    /// An empty set of `kind` workers, holding `held` (both only name things in logs).
    pub fn new(kind: &'static str, held: &'static str) -> Self {
        let (stop, _stopped) = watch::channel(false);
        Self {
            kind,
            held,
            stop,
            tasks: JoinSet::new(),
        }
    }

    /// Starts the task `task` builds from the stop signal; it must end soon after the signal.
    pub fn spawn<F, T>(&mut self, task: F)
    where
        F: FnOnce(watch::Receiver<bool>) -> T,
        T: Future<Output = ()> + Send + 'static,
    {
        self.tasks.spawn(task(self.stop.subscribe()));
    }

    /// Starts a task that calls `rescue` every `period` until the stop (see [`rescue_loop`]).
    pub fn spawn_rescue<F, R, E>(
        &mut self,
        period: Duration,
        wakeup: Arc<Notify>,
        failure: &'static str,
        rescue: F,
    ) where
        F: FnMut() -> R + Send + 'static,
        R: Future<Output = Result<u64, E>> + Send + 'static,
        E: std::error::Error + 'static,
    {
        self.spawn(|stopped| rescue_loop(period, wakeup, stopped, failure, rescue));
    }

    /// Signals the stop, lets each task finish what it holds, and waits up to `grace`. Tasks
    /// still busy then are aborted: what they held comes back through the rescue after its
    /// lease (here after a restart, or in another instance).
    pub async fn shutdown(mut self, grace: Duration) {
        let _ = self.stop.send(true);
        let kind = self.kind;
        let finished = tokio::time::timeout(grace, async {
            while let Some(joined) = self.tasks.join_next().await {
                if let Err(error) = joined {
                    tracing::error!(error = %error, "a {kind} worker task failed");
                }
            }
        })
        .await;
        if finished.is_err() {
            tracing::warn!(
                grace_secs = grace.as_secs(),
                "{kind} workers still busy at the end of the grace period; their {} will be rescued after the lease",
                self.held
            );
            self.tasks.abort_all();
        } else {
            tracing::info!("{kind} workers stopped");
        }
    }
}

/// The wait of a claim loop that found no work: until `wakeup` is notified (work queued in
/// this process or announced by another), the safety `poll` has passed, or the stop.
async fn wait_for_work(wakeup: &Notify, poll: Duration, stopped: &mut watch::Receiver<bool>) {
    tokio::select! {
        () = wakeup.notified() => {}
        () = tokio::time::sleep(poll) => {}
        _ = stopped.changed() => {}
    }
}

/// How the idle workers of one set wait for work; they share it, and at most one of them
/// lingers before a claim.
#[derive(Debug, Clone)]
pub struct IdleWorkers {
    /// Notified when work is queued in this process (or announced by another).
    wakeup: Arc<Notify>,
    /// The safety poll of an idle worker.
    poll: Duration,
    /// The wait between a wake-up and the claim.
    linger: Duration,
    lingering: Arc<AtomicBool>,
}

impl IdleWorkers {
    /// Idle workers woken by `wakeup` or every `poll`, lingering `linger` before they claim.
    pub fn new(wakeup: Arc<Notify>, poll: Duration, linger: Duration) -> Self {
        Self {
            wakeup,
            poll,
            linger,
            lingering: Arc::default(),
        }
    }

    /// Waits until this idle worker should claim: after a wake-up (or the poll), it waits
    /// `linger` more, so the work that arrives just after the wake-up joins the same claim (one
    /// query, one commit for all of it) instead of each piece waking a claim of its own. When
    /// another worker of the set is lingering already, that one's claim will take what woke
    /// this one, so this one goes back to waiting. Returns at once on the stop.
    pub async fn until_claim(&self, stopped: &mut watch::Receiver<bool>) {
        loop {
            wait_for_work(&self.wakeup, self.poll, stopped).await;
            if *stopped.borrow() || self.linger.is_zero() {
                return;
            }
            let Some(_turn) = self.take_turn() else {
                continue;
            };
            tokio::select! {
                () = tokio::time::sleep(self.linger) => {}
                _ = stopped.changed() => {}
            }
            // The turn ends here, before the claim: work stored during the claim wakes
            // another worker, which lingers in turn.
            return;
        }
    }

    fn take_turn(&self) -> Option<LingerTurn<'_>> {
        // `then`, not `then_some`: a turn built and dropped on a miss would end the holder's.
        (!self.lingering.swap(true, Ordering::AcqRel)).then(|| LingerTurn(&self.lingering))
    }
}

/// One worker's turn to linger; ends when dropped (also when its task is aborted mid-linger).
struct LingerTurn<'a>(&'a AtomicBool);

impl Drop for LingerTurn<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

/// Calls `rescue` every `period` until the stop; when it put work back (a count above zero)
/// the idle claim loops are woken, and a failure is logged as `failure` and tried next period.
async fn rescue_loop<F, R, E>(
    period: Duration,
    wakeup: Arc<Notify>,
    mut stopped: watch::Receiver<bool>,
    failure: &'static str,
    mut rescue: F,
) where
    F: FnMut() -> R,
    R: Future<Output = Result<u64, E>>,
    E: std::error::Error,
{
    let mut ticks = tokio::time::interval(period);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            _ = stopped.changed() => return,
        }
        match rescue().await {
            Ok(0) => {}
            Ok(_) => wakeup.notify_waiters(),
            Err(error) => {
                tracing::warn!(error.cause_chain = %cause_chain(&error), "{failure}");
            }
        }
    }
}
