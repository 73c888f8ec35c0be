//! The outbox: what agents ask to send, the durable jobs that carry it to Meta, and how each
//! attempt ended. The `Outbox` port stores them.

mod batch;
mod convert;
mod job;
mod request;
#[cfg(test)]
mod tests;

pub use batch::{AttemptEnd, AttemptOutcome};
pub use job::{
    Finished, IdempotencyKey, JobError, NewSend, Recorded, SendAction, SendJob, SendJobId,
    SendJobRecord, SendJobState,
};
pub use request::{
    ButtonRequest, ContactEmailRequest, ContactPhoneRequest, ContactRequest, InteractiveRequest,
    LocationRequest, MediaRequest, ParameterRequest, ReactionRequest, RowRequest, SectionRequest,
    SendContent, SendRequest, TemplateButtonRequest, TemplateRequest, TextRequest,
};

/// How long an ambiguous send waits for its status webhook before it is retried or parked.
pub const DEFAULT_RECONCILE_WINDOW: std::time::Duration = std::time::Duration::from_secs(600);
