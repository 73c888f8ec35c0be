//! The one table from Meta's error (code, HTTP status) to what the caller must do.
//!
//! Decisions rest on `error.code`, never on titles or on the HTTP status alone
//! (`docs/whatsapp-cloud-api.md` §7); the status only decides when Meta gave no known code.

use std::time::Duration;

use super::error::{GatewayError, GraphFailure};

/// Whether repeating a call could cause a second effect nobody can tell apart from the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    /// A message send: Meta has no idempotency key, so "maybe accepted" is [`GatewayError::Ambiguous`].
    Send,
    /// Anything else (mark read, media, templates, profile): repeating is harmless, so a
    /// transient failure is [`GatewayError::Retryable`].
    Repeatable,
}

/// Throughput of the number reached (`130429`): pace lower, retry after a second.
pub const THROUGHPUT_DELAY: Duration = Duration::from_secs(1);
/// Too many messages to one user (`131056`): Meta allows one per 6 s; back off further (4^n s).
pub const PAIR_LIMIT_DELAY: Duration = Duration::from_secs(6);
/// App or WABA call-rate limit (`4`, `80007`): counted per hour, so wait a minute.
pub const APP_LIMIT_DELAY: Duration = Duration::from_secs(60);
/// Account in maintenance (`131057`): about a minute.
pub const MAINTENANCE_DELAY: Duration = Duration::from_secs(60);
/// HTTP 429 without a known code, a failed connection, a transient failure of a repeatable call.
pub const TRANSIENT_DELAY: Duration = Duration::from_secs(1);

/// What a code calls for, before the call kind is taken into account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    Retry(Duration),
    Ambiguous,
    Window,
    Permanent,
    Credentials,
}

/// Meta's documented codes (§7). `None`: a code we do not know; the HTTP status decides.
const fn rule_for_code(code: i64) -> Option<Rule> {
    Some(match code {
        // Token invalid or expired, permission missing.
        0 | 3 | 10 | 190 | 200..=299 | 131005 => Rule::Credentials,
        // Number deleted or unregistered, no display name, account restricted or locked, payment.
        33 | 133010 | 131045 | 131037 | 368 | 131031 | 131042 => Rule::Credentials,
        4 | 80007 => Rule::Retry(APP_LIMIT_DELAY),
        130429 => Rule::Retry(THROUGHPUT_DELAY),
        131056 => Rule::Retry(PAIR_LIMIT_DELAY),
        131057 => Rule::Retry(MAINTENANCE_DELAY),
        // Meta calls these transient, but whether a send was accepted is unknown.
        1 | 2 | 131000 | 131016 => Rule::Ambiguous,
        131047 => Rule::Window,
        // Ecosystem cap, spam limit, bad parameters, undeliverable, blocked, unsupported, media.
        131049 | 131048 | 100 | 131008 | 131009 | 131021 | 135000 | 131026 => Rule::Permanent,
        130403 | 130472 | 130497 | 131050 | 131051..=131053 | 131062 | 137000 => Rule::Permanent,
        // Templates: parameters, missing, too long, policy, paused or disabled; flows.
        132000..=132016 | 132068 | 132069 | 131063 | 131064 => Rule::Permanent,
        _ => return None,
    })
}

/// When Meta gave no known code: decide on the HTTP status (and `is_transient`).
fn rule_for_status(failure: &GraphFailure) -> Rule {
    match failure.http_status {
        Some(429) => Rule::Retry(TRANSIENT_DELAY),
        Some(500..=599) => Rule::Ambiguous,
        Some(401 | 403) if failure.code.is_none() => Rule::Credentials,
        _ if failure.is_transient == Some(true) => Rule::Ambiguous,
        _ => Rule::Permanent,
    }
}

/// Classifies a failed call from what Meta answered: its error body's fields and the HTTP
/// status in `failure`, and a `Retry-After` header when one came (it can only lengthen the
/// delay). For [`CallKind::Repeatable`] calls, what would be ambiguous is retryable.
pub fn classify(
    call: CallKind,
    failure: GraphFailure,
    retry_after_header: Option<Duration>,
) -> GatewayError {
    let rule = failure
        .code
        .and_then(rule_for_code)
        .unwrap_or_else(|| rule_for_status(&failure));
    let rule = match (rule, call) {
        (Rule::Ambiguous, CallKind::Repeatable) => Rule::Retry(TRANSIENT_DELAY),
        (rule, _) => rule,
    };
    match rule {
        Rule::Retry(delay) => GatewayError::retryable(
            failure,
            retry_after_header.map_or(delay, |header| header.max(delay)),
        ),
        Rule::Ambiguous => GatewayError::ambiguous(failure),
        Rule::Window => GatewayError::WindowClosed {
            failure: Box::new(failure),
        },
        Rule::Permanent => GatewayError::permanent(failure),
        Rule::Credentials => GatewayError::Credentials {
            failure: Box::new(failure),
        },
    }
}
