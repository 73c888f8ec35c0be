//! Writing attempts in groups: the dispatch notes before Meta is called and the ends of
//! attempts after it answers, each group one call of the outbox (one commit), its events
//! published after that commit. A failed group of ends is written again one by one; a failed
//! group of dispatch notes calls nobody (the lease rescue takes those jobs back).

use std::sync::Arc;

use futures::FutureExt;
use inbox_domain::RepoError;
use inbox_domain::outbox::{AttemptEnd, AttemptOutcome, Finished, SendJobId};
use inbox_domain::ports::{EventBus, Outbox};

use crate::error::cause_chain;
use crate::sending::group::{Flush, GroupPolicy, Grouper};

/// Dispatch notes in groups: the answer per attempt is whether it holds its lease (`None`
/// when the group could not be written: do not call Meta).
pub type DispatchGroups = Grouper<(SendJobId, i32), Option<bool>>;

/// Ends of attempts in groups: the answer per attempt is whether it was applied (`None` when
/// it could not be written, even alone: the lease rescue takes the job back).
pub type FinishGroups = Grouper<AttemptOutcome, Option<bool>>;

/// Notes dispatches with `outbox.dispatching_many`, a group per call.
pub fn dispatch_groups(outbox: Arc<dyn Outbox>, policy: GroupPolicy) -> DispatchGroups {
    let flush: Flush<(SendJobId, i32), Option<bool>> = Arc::new(move |attempts| {
        let outbox = outbox.clone();
        async move {
            match outbox.dispatching_many(&attempts).await {
                Ok(held) if held.len() == attempts.len() => held.into_iter().map(Some).collect(),
                Ok(_) => {
                    tracing::warn!(
                        group.size = attempts.len(),
                        "the outbox answered a dispatch group with another number of answers; none is called"
                    );
                    vec![None; attempts.len()]
                }
                Err(error) => {
                    // Not called: the rescue makes them runnable again after the lease, or
                    // (when the notes did commit) waits for their status webhooks.
                    tracing::warn!(group.size = attempts.len(), error.cause_chain = %cause_chain(&error), "cannot note sends before calling Meta");
                    vec![None; attempts.len()]
                }
            }
        }
        .boxed()
    });
    Grouper::new(policy, flush)
}

/// Ends attempts with `outbox.finish_many`, a group per call, publishing the group's events to
/// `events` after it commits; a group that fails is written again one attempt at a time.
pub fn finish_groups(
    outbox: Arc<dyn Outbox>,
    events: Arc<dyn EventBus>,
    policy: GroupPolicy,
) -> FinishGroups {
    let flush: Flush<AttemptOutcome, Option<bool>> = Arc::new(move |outcomes| {
        let (outbox, events) = (outbox.clone(), events.clone());
        async move {
            match outbox.finish_many(&outcomes).await {
                Ok(finished) if finished.len() == outcomes.len() => {
                    let applied = finished.iter().map(|f| Some(f.applied)).collect();
                    let changes: Vec<_> = finished.into_iter().flat_map(|f| f.events).collect();
                    if !changes.is_empty() {
                        events.publish(changes).await;
                    }
                    applied
                }
                result => {
                    let cause = result.err().map_or_else(
                        || "another number of answers".to_owned(),
                        |e| cause_chain(&e),
                    );
                    tracing::warn!(group.size = outcomes.len(), error.cause_chain = %cause, "cannot record a group of send attempts; recording them one by one");
                    let mut applied = Vec::with_capacity(outcomes.len());
                    for outcome in &outcomes {
                        applied.push(finish_one(outbox.as_ref(), events.as_ref(), outcome).await);
                    }
                    applied
                }
            }
        }
        .boxed()
    });
    Grouper::new(policy, flush)
}

/// Ends one attempt with its single method and publishes its events; whether it was applied,
/// `None` (logged) when it could not be written: the lease rescue takes the job back.
pub async fn finish_one(
    outbox: &dyn Outbox,
    events: &dyn EventBus,
    outcome: &AttemptOutcome,
) -> Option<bool> {
    match end_alone(outbox, outcome).await {
        Ok(finished) => {
            if !finished.events.is_empty() {
                events.publish(finished.events).await;
            }
            Some(finished.applied)
        }
        Err(error) => {
            tracing::warn!(job.id = %outcome.id, error.cause_chain = %cause_chain(&error), "cannot record a send attempt; the rescue takes it back");
            None
        }
    }
}

async fn end_alone(outbox: &dyn Outbox, outcome: &AttemptOutcome) -> Result<Finished, RepoError> {
    let (id, attempt) = (outcome.id, outcome.attempt);
    Ok(match &outcome.end {
        AttemptEnd::Sent(wamid) => outbox.sent(id, attempt, wamid).await?,
        AttemptEnd::Failed(error) => outbox.failed(id, attempt, error).await?,
        AttemptEnd::RetryLater { delay, error } => Finished {
            applied: outbox.retry_later(id, attempt, *delay, error).await?,
            events: Vec::new(),
        },
        AttemptEnd::Ambiguous { window, error } => Finished {
            applied: outbox.ambiguous(id, attempt, *window, error).await?,
            events: Vec::new(),
        },
    })
}
