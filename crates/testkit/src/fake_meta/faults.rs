//! What the fake can be told to do wrong: slow answers, scripted failures, a throughput cap.

use rand::Rng;
use std::time::{Duration, Instant};

/// The fake's routes, as faults and the request log name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FakeRoute {
    /// `POST /{version}/{phone_number_id}/messages` with a message.
    SendMessage,
    /// `POST /{version}/{phone_number_id}/messages` with `status: read`.
    MarkRead,
    /// `POST /{version}/{phone_number_id}/media`.
    UploadMedia,
    /// `GET /{version}/{media_id}`.
    MediaInfo,
    /// `DELETE /{version}/{media_id}`.
    DeleteMedia,
    /// `GET /whatsapp_business/attachments/?mid=…` (the download URL).
    DownloadMedia,
    /// `GET /{version}/{waba_id}/message_templates`.
    ListTemplates,
    /// `POST /{version}/{waba_id}/message_templates`.
    CreateTemplate,
    /// `DELETE /{version}/{waba_id}/message_templates?name=…`.
    DeleteTemplate,
    /// `GET /{version}/{phone_number_id}/whatsapp_business_profile`.
    GetProfile,
    /// `POST /{version}/{phone_number_id}/whatsapp_business_profile`.
    UpdateProfile,
    /// Anything else (answered with Meta's unknown-path error).
    Unknown,
}

/// How long the fake waits before answering each call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Latency {
    /// Answer at once.
    #[default]
    None,
    /// Always wait this long.
    Fixed(Duration),
    /// Wait a uniformly random time in `[min, max]`.
    Uniform(Duration, Duration),
}

impl Latency {
    /// The wait for one call.
    pub(crate) fn sample(self) -> Duration {
        match self {
            Self::None => Duration::ZERO,
            Self::Fixed(wait) => wait,
            Self::Uniform(min, max) if max > min => rand::rng().random_range(min..=max),
            Self::Uniform(min, _) => min,
        }
    }
}

/// What a scripted failure does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultAction {
    /// Answer Meta's error body with this HTTP status and code.
    MetaError {
        /// HTTP status of the answer.
        http_status: u16,
        /// `error.code`.
        code: i64,
        /// `error.error_subcode`.
        subcode: Option<i64>,
        /// `error.message`.
        message: String,
        /// `error.error_data.details`.
        details: Option<String>,
    },
    /// Answer this HTTP status with a plain-text body (a proxy's 502, say).
    Http(u16),
    /// Handle the call normally, but only answer after this long (past the client's timeout).
    Hang(Duration),
}

/// A scripted failure for the next `times` calls of a route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// What happens.
    pub action: FaultAction,
    /// For how many calls (at least one).
    pub times: usize,
    /// Accept the message first (it counts as sent, statuses can follow), then fail anyway:
    /// what "Meta may have accepted it" looks like.
    pub accept_first: bool,
}

impl Fault {
    /// Meta's error `code` with `message`, answered with `http_status`, once.
    pub fn meta(http_status: u16, code: i64, message: &str) -> Self {
        Self {
            action: FaultAction::MetaError {
                http_status,
                code,
                subcode: None,
                message: message.to_owned(),
                details: None,
            },
            times: 1,
            accept_first: false,
        }
    }

    /// A bare HTTP status with a non-JSON body, once.
    pub fn http(status: u16) -> Self {
        Self {
            action: FaultAction::Http(status),
            times: 1,
            accept_first: false,
        }
    }

    /// Answer only after `wait`, once (the call is otherwise handled normally).
    pub fn hang(wait: Duration) -> Self {
        Self {
            action: FaultAction::Hang(wait),
            times: 1,
            accept_first: false,
        }
    }

    /// `130429`: throughput reached.
    pub fn throughput() -> Self {
        Self::meta(400, 130_429, "(#130429) Rate limit hit")
            .details("Cloud API message throughput has been reached.")
    }

    /// `131056`: too many messages to one user.
    pub fn pair_rate_limit() -> Self {
        Self::meta(400, 131_056, "(#131056) (Business Account, Consumer Account) pair rate limit hit")
            .details("Too many messages sent from this phone number to the same phone number in a short period of time.")
    }

    /// `131047`: the customer-service window is closed.
    pub fn window_closed() -> Self {
        Self::meta(400, 131_047, "(#131047) Re-engagement message").details(
            "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
        )
    }

    /// `131026`: undeliverable.
    pub fn undeliverable() -> Self {
        Self::meta(400, 131_026, "(#131026) Message undeliverable")
            .details("Message Undeliverable.")
    }

    /// `132001`: the template does not exist in that language.
    pub fn template_missing() -> Self {
        Self::meta(
            404,
            132_001,
            "(#132001) Template name does not exist in the translation",
        )
        .details("template name does not exist in the translation")
    }

    /// `190`: the token expired.
    pub fn token_expired() -> Self {
        Self::meta(
            401,
            190,
            "Error validating access token: Session has expired.",
        )
        .subcode(463)
    }

    /// `131000` with HTTP 500: something went wrong at Meta.
    pub fn internal_error() -> Self {
        Self::meta(500, 131_000, "(#131000) Something went wrong")
    }

    /// Sets `error_data.details` (Meta errors only).
    #[must_use]
    pub fn details(mut self, text: &str) -> Self {
        if let FaultAction::MetaError { details, .. } = &mut self.action {
            *details = Some(text.to_owned());
        }
        self
    }

    /// Sets `error_subcode` (Meta errors only).
    #[must_use]
    pub fn subcode(mut self, value: i64) -> Self {
        if let FaultAction::MetaError { subcode, .. } = &mut self.action {
            *subcode = Some(value);
        }
        self
    }

    /// Applies to the next `times` calls instead of one.
    #[must_use]
    pub fn times(mut self, times: usize) -> Self {
        self.times = times.max(1);
        self
    }

    /// Accept the message before failing (sends only).
    #[must_use]
    pub fn after_accepting(mut self) -> Self {
        self.accept_first = true;
        self
    }
}

/// A token bucket: `rate` tokens per second, holding at most `rate` (one second of burst).
#[derive(Debug, Clone)]
pub(crate) struct TokenBucket {
    tokens: f64,
    last: Instant,
}

impl TokenBucket {
    pub(crate) fn full(rate: u32) -> Self {
        Self {
            tokens: f64::from(rate),
            last: Instant::now(),
        }
    }

    /// Takes one token if there is one.
    pub(crate) fn take(&mut self, rate: u32) -> bool {
        let now = Instant::now();
        let refill = now.duration_since(self.last).as_secs_f64() * f64::from(rate);
        self.tokens = (self.tokens + refill).min(f64::from(rate));
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}
