//! Templates as the inbox stores them: the account's catalogue, header media reused across
//! templates, messages waiting for a template's review, and the auto-template choice.

mod fallback;
mod media;
mod pending;
mod selection;
mod stored;

pub use fallback::{
    DEFAULT_WAIT, EXPIRED_CODE, EXPIRED_REASON, EXPIRED_TITLE, ExpiredPending, NewWaitingSend,
    WaitingRecorded, template_send,
};
pub use media::{HeaderMedia, Sha256Hex};
pub use pending::{
    FailedPending, NewPendingMessage, PendingResolution, ReleasedMessage, failure_for,
};
pub use selection::{TemplateChoice, auto_template_name, body_text, select_template};
pub use stored::{
    RemoteTemplate, SyncOutcome, Template, TemplateFilter, TemplateReview, category_from_stored,
    category_to_stored, state_for_store, state_from_stored, state_to_stored,
};
