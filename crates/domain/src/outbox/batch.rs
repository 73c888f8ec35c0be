//! Attempts ended in groups: what a worker hands [`crate::ports::Outbox::finish_many`] so that
//! many answers from Meta cost one commit.

use std::time::Duration;

use super::job::{JobError, SendJobId};
use crate::wamid::Wamid;

/// How one attempt ended: the transition of the matching single `Outbox` method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttemptEnd {
    /// Meta accepted it, with this wamid (as `Outbox::sent`).
    Sent(Wamid),
    /// Meta refused it for good (as `Outbox::failed`).
    Failed(JobError),
    /// Meta did not act: runnable again after `delay` (as `Outbox::retry_later`).
    RetryLater {
        /// How long until the job may run again.
        delay: Duration,
        /// What Meta answered.
        error: JobError,
    },
    /// Meta may have it: wait `window` for its status webhook (as `Outbox::ambiguous`).
    Ambiguous {
        /// How long to wait for the status webhook.
        window: Duration,
        /// What Meta answered, if anything.
        error: JobError,
    },
}

impl AttemptEnd {
    /// The stored name of the transition (`sent`, `failed`, `retry`, `ambiguous`).
    pub const fn as_str(&self) -> &'static str {
        match self {
            Self::Sent(_) => "sent",
            Self::Failed(_) => "failed",
            Self::RetryLater { .. } => "retry",
            Self::Ambiguous { .. } => "ambiguous",
        }
    }
}

/// One attempt of a job and how it ended, fenced by its attempt number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptOutcome {
    /// The job.
    pub id: SendJobId,
    /// The attempt that ended; only it may finish the job.
    pub attempt: i32,
    /// The transition.
    pub end: AttemptEnd,
}
