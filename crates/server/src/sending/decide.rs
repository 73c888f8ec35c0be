//! What a worker does with the gateway's answer: the five error classes as job transitions.

use std::time::Duration;

use inbox_domain::Wamid;
use inbox_domain::outbound::{GatewayError, SendReceipt};
use inbox_domain::outbox::{JobError, SendAction};

use crate::webhooks::Backoff;

/// The transition an attempt ends with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Meta accepted it (for `mark_read`, no wamid).
    Sent(Option<Wamid>),
    /// Meta refused it for good (permanent, window closed, or our own request was unusable).
    Failed(JobError),
    /// Meta did not act: try again after the delay.
    Retry(Duration, JobError),
    /// Meta may have it: wait for its status webhook.
    Ambiguous(JobError),
    /// The account's credentials failed: pause its sending; the job waits.
    Pause(JobError),
}

/// The decision for a message or reaction send after attempt `attempt`.
pub fn decide_send(
    action: SendAction,
    attempt: i32,
    result: Result<SendReceipt, GatewayError>,
    backoff: &Backoff,
) -> Decision {
    match result {
        Ok(receipt) => Decision::Sent(Some(receipt.wamid)),
        Err(error) => decide_error(action, attempt, &error, backoff),
    }
}

/// The decision for a failed call.
pub fn decide_error(
    action: SendAction,
    attempt: i32,
    error: &GatewayError,
    backoff: &Backoff,
) -> Decision {
    let recorded = JobError::from(error);
    match error {
        GatewayError::Retryable { retry_after, .. } => Decision::Retry(
            (*retry_after).max(backoff.delay_jittered(attempt)),
            recorded,
        ),
        // Only a message must never be sent twice; a reaction or read receipt repeated changes
        // nothing, so it is simply tried again.
        GatewayError::Ambiguous { .. } if action == SendAction::Message => {
            Decision::Ambiguous(recorded)
        }
        GatewayError::Ambiguous { .. } => {
            Decision::Retry(backoff.delay_jittered(attempt), recorded)
        }
        GatewayError::WindowClosed { .. } | GatewayError::Permanent { .. } => {
            Decision::Failed(recorded)
        }
        GatewayError::Credentials { .. } => Decision::Pause(recorded),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use inbox_domain::outbound::GraphFailure;

    const BACKOFF: Backoff = Backoff {
        base: Duration::from_millis(100),
        max: Duration::from_secs(10),
    };

    fn failure(code: i64) -> GraphFailure {
        GraphFailure {
            code: Some(code),
            title: "x".to_owned(),
            ..GraphFailure::default()
        }
    }

    #[test]
    fn each_error_class_has_its_transition() {
        let message = SendAction::Message;
        let throttled = GatewayError::retryable(failure(130_429), Duration::from_secs(5));
        assert!(matches!(
            decide_error(message, 1, &throttled, &BACKOFF),
            Decision::Retry(delay, _) if delay >= Duration::from_secs(5)
        ));
        let unknown = GatewayError::ambiguous(failure(131_000));
        assert!(matches!(
            decide_error(message, 1, &unknown, &BACKOFF),
            Decision::Ambiguous(_)
        ));
        assert!(matches!(
            decide_error(SendAction::Reaction, 1, &unknown, &BACKOFF),
            Decision::Retry(..)
        ));
        let window = GatewayError::WindowClosed {
            failure: Box::new(failure(131_047)),
        };
        assert!(matches!(
            decide_error(message, 1, &window, &BACKOFF),
            Decision::Failed(error) if error.code == Some(131_047)
        ));
        let bad = GatewayError::permanent(failure(100));
        assert!(matches!(
            decide_error(message, 1, &bad, &BACKOFF),
            Decision::Failed(_)
        ));
        let token = GatewayError::Credentials {
            failure: Box::new(failure(190)),
        };
        assert!(matches!(
            decide_error(message, 1, &token, &BACKOFF),
            Decision::Pause(error) if error.class == "credentials"
        ));
    }
}
