//! Groups of attempts under one lock, so a group is one step as in PostgreSQL
//! (`inbox_outbox_dispatching_many`, `inbox_outbox_finish_many`).

use inbox_domain::outbox::{AttemptEnd, AttemptOutcome, Finished, SendJobId};

use crate::state::State;

impl State {
    /// `inbox_outbox_dispatching_many`.
    pub(crate) fn dispatching_many(&mut self, attempts: &[(SendJobId, i32)]) -> Vec<bool> {
        attempts
            .iter()
            .map(|(id, attempt)| self.dispatching(*id, *attempt))
            .collect()
    }

    /// `inbox_outbox_finish_many`.
    pub(crate) fn finish_many(&mut self, outcomes: &[AttemptOutcome]) -> Vec<Finished> {
        outcomes
            .iter()
            .map(|outcome| {
                let (id, attempt) = (outcome.id, outcome.attempt);
                match &outcome.end {
                    AttemptEnd::Sent(wamid) => self.sent(id, attempt, wamid),
                    AttemptEnd::Failed(error) => self.failed(id, attempt, error),
                    AttemptEnd::RetryLater { delay, error } => Finished {
                        applied: self.postpone(id, attempt, *delay, error, false),
                        events: Vec::new(),
                    },
                    AttemptEnd::Ambiguous { window, error } => Finished {
                        applied: self.postpone(id, attempt, *window, error, true),
                        events: Vec::new(),
                    },
                }
            })
            .collect()
    }
}
