//! The outbox's group steps through PostgREST: `inbox_outbox_dispatching_many` and
//! `inbox_outbox_finish_many` of V21 by `/rpc/`, one request (one transaction) per group, with
//! the documents the PostgreSQL adapter sends.

use std::time::Duration;

use inbox_domain::RepoError;
use inbox_domain::events::InboxEvent;
use inbox_domain::outbox::{AttemptEnd, AttemptOutcome, Finished, JobError, SendJobId};
use serde::Deserialize;
use serde_json::{Value, json};

use super::call::Rest;
use super::errors::unreadable;

/// One answer of `inbox_outbox_finish_many`.
#[derive(Deserialize)]
struct FinishOutcome {
    applied: bool,
    #[serde(default)]
    events: Vec<InboxEvent>,
}

/// A duration as whole microseconds, saturating.
fn micros(duration: Duration) -> i64 {
    i64::try_from(duration.as_micros()).unwrap_or(i64::MAX)
}

fn error_json(error: &JobError) -> Result<Value, RepoError> {
    serde_json::to_value(error).map_err(|e| RepoError::Internal(Box::new(e)))
}

/// One outcome as the function's document takes it.
fn outcome_json(outcome: &AttemptOutcome) -> Result<Value, RepoError> {
    let (id, attempt, end) = (outcome.id.get(), outcome.attempt, outcome.end.as_str());
    Ok(match &outcome.end {
        AttemptEnd::Sent(wamid) => {
            json!({"id": id, "attempt": attempt, "end": end, "wamid": wamid.as_str()})
        }
        AttemptEnd::Failed(error) => {
            json!({"id": id, "attempt": attempt, "end": end, "error": error_json(error)?})
        }
        AttemptEnd::RetryLater {
            delay: after,
            error,
        }
        | AttemptEnd::Ambiguous {
            window: after,
            error,
        } => json!({
            "id": id,
            "attempt": attempt,
            "end": end,
            "after_us": micros(*after),
            "error": error_json(error)?,
        }),
    })
}

/// `Outbox::dispatching_many`.
pub(super) async fn dispatching_many(
    rest: &Rest,
    attempts: &[(SendJobId, i32)],
) -> Result<Vec<bool>, RepoError> {
    const OP: &str = "outbox.dispatching_many";
    if attempts.is_empty() {
        return Ok(Vec::new());
    }
    let document: Value = attempts
        .iter()
        .map(|(id, attempt)| json!({"id": id.get(), "attempt": attempt}))
        .collect();
    let args = json!({ "p_attempts": document });
    let held: Vec<bool> = rest
        .rpc(OP, "inbox_outbox_dispatching_many", &[], &args)
        .await?;
    if held.len() != attempts.len() {
        return Err(unreadable(OP, "another number of answers than attempts"));
    }
    Ok(held)
}

/// `Outbox::finish_many`.
pub(super) async fn finish_many(
    rest: &Rest,
    outcomes: &[AttemptOutcome],
) -> Result<Vec<Finished>, RepoError> {
    const OP: &str = "outbox.finish_many";
    if outcomes.is_empty() {
        return Ok(Vec::new());
    }
    let document = outcomes
        .iter()
        .map(outcome_json)
        .collect::<Result<Value, RepoError>>()?;
    let args = json!({ "p_outcomes": document });
    let answers: Vec<FinishOutcome> = rest.rpc(OP, "inbox_outbox_finish_many", &[], &args).await?;
    if answers.len() != outcomes.len() {
        return Err(unreadable(OP, "another number of answers than outcomes"));
    }
    Ok(answers
        .into_iter()
        .map(|answer| Finished {
            applied: answer.applied,
            events: answer.events,
        })
        .collect())
}
