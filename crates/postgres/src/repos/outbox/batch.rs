//! Groups of attempts in one statement (`migrations/V21__outbox_batches.sql`): many dispatches
//! noted, or many attempts ended, for one commit.

use inbox_domain::RepoError;
use inbox_domain::outbox::{AttemptEnd, AttemptOutcome, Finished, SendJobId};
use serde_json::{Value, json};
use tokio_postgres::types::Type;

use super::finish::finished;
use super::{error_json, micros};
use crate::db::Pg;
use crate::rows::get;

const DISPATCHING_MANY: &str = "SELECT inbox_outbox_dispatching_many($1) AS held";
const FINISH_MANY: &str = "SELECT inbox_outbox_finish_many($1) AS outcomes";

pub(super) async fn dispatching_many(
    pg: &Pg,
    attempts: &[(SendJobId, i32)],
) -> Result<Vec<bool>, RepoError> {
    if attempts.is_empty() {
        return Ok(Vec::new());
    }
    let document: Value = attempts
        .iter()
        .map(|(id, attempt)| json!({"id": id.get(), "attempt": attempt}))
        .collect();
    let db = pg.db().await?;
    let row = db
        .query_one(DISPATCHING_MANY, &[(&document, Type::JSONB)])
        .await?;
    let held: Vec<bool> = get(&row, "held")?;
    if held.len() != attempts.len() {
        return Err(RepoError::Internal(
            "inbox_outbox_dispatching_many answered another number of attempts".into(),
        ));
    }
    Ok(held)
}

/// One outcome as the function's document takes it.
fn outcome_json(outcome: &AttemptOutcome) -> Result<Value, RepoError> {
    let mut item = json!({
        "id": outcome.id.get(),
        "attempt": outcome.attempt,
        "end": outcome.end.as_str(),
    });
    let extra = match &outcome.end {
        AttemptEnd::Sent(wamid) => json!({"wamid": wamid.as_str()}),
        AttemptEnd::Failed(error) => json!({"error": error_json(error)?}),
        AttemptEnd::RetryLater {
            delay: after,
            error,
        }
        | AttemptEnd::Ambiguous {
            window: after,
            error,
        } => json!({"after_us": micros(*after), "error": error_json(error)?}),
    };
    if let (Some(item), Value::Object(extra)) = (item.as_object_mut(), extra) {
        item.extend(extra);
    }
    Ok(item)
}

pub(super) async fn finish_many(
    pg: &Pg,
    outcomes: &[AttemptOutcome],
) -> Result<Vec<Finished>, RepoError> {
    if outcomes.is_empty() {
        return Ok(Vec::new());
    }
    let document = outcomes
        .iter()
        .map(outcome_json)
        .collect::<Result<Value, RepoError>>()?;
    let db = pg.db().await?;
    let row = db
        .query_one(FINISH_MANY, &[(&document, Type::JSONB)])
        .await?;
    let answers: Value = get(&row, "outcomes")?;
    let Value::Array(answers) = answers else {
        return Err(RepoError::Internal(
            "inbox_outbox_finish_many did not answer an array".into(),
        ));
    };
    if answers.len() != outcomes.len() {
        return Err(RepoError::Internal(
            "inbox_outbox_finish_many answered another number of outcomes".into(),
        ));
    }
    answers.into_iter().map(finished).collect()
}
