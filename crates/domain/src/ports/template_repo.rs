//! Storage of an account's message templates, their header media and the messages waiting
//! for a template's review.

use async_trait::async_trait;
use time::OffsetDateTime;

use crate::cursor::{Cursor, Page, PageLimit};
use crate::error::RepoError;
use crate::ids::AccountId;
use crate::outbound::{CreatedTemplate, LanguageCode, NewTemplate, TemplateName};
use crate::templates::{ExpiredPending, NewWaitingSend, WaitingRecorded};
use crate::templates::{
    HeaderMedia, NewPendingMessage, PendingResolution, RemoteTemplate, Sha256Hex, SyncOutcome,
    Template, TemplateFilter, TemplateReview,
};

/// Templates as we know them (Meta is the source of truth; this is our copy), header media,
/// and pending template messages.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait TemplateRepo: Send + Sync {
    /// One page of `account`'s templates, newest first (by `created_at`, then id), filtered as
    /// `filter` says; without a status filter, deleted templates are left out.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn list(
        &self,
        account: AccountId,
        filter: &TemplateFilter,
        cursor: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Template>, RepoError>;

    /// `account`'s template `name` in `language`, deleted ones included, or `None`.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn get(
        &self,
        account: AccountId,
        name: &TemplateName,
        language: &LanguageCode,
    ) -> Result<Option<Template>, RepoError>;

    /// Makes our copy of `account`'s templates what Meta listed, atomically: each listed
    /// template is inserted or updated (matched by name and language; its Meta id, category,
    /// status and components replaced), and every stored template Meta no longer lists is
    /// marked deleted (kept, not removed: campaigns and history still refer to it). A Meta id
    /// already held by another account (two numbers of one WABA) is not stored twice: the
    /// second account's copy keeps no Meta id.
    ///
    /// # Errors
    /// - `NotFound` (entity "account") when `account` does not exist.
    /// - `Unavailable` when storage cannot be reached.
    async fn sync(
        &self,
        account: AccountId,
        listed: &[RemoteTemplate],
    ) -> Result<SyncOutcome, RepoError>;

    /// Records a template just created at Meta with Meta's answer; a stored template of the
    /// same name and language (one deleted earlier) is replaced, `created_at` included.
    /// `auto_created` marks the ones the auto-template fallback made.
    ///
    /// # Errors
    /// - `NotFound` (entity "account") when `account` does not exist.
    /// - `Unavailable` when storage cannot be reached.
    async fn record_created(
        &self,
        account: AccountId,
        template: &NewTemplate,
        created: &CreatedTemplate,
        auto_created: bool,
    ) -> Result<Template, RepoError>;

    /// Marks every language of `account`'s template `name` deleted (as Meta deletes them all)
    /// and returns how many were; already deleted ones are not counted.
    ///
    /// # Errors
    /// - `NotFound` (entity "template") when no template of that name is left to delete.
    /// - `Unavailable` when storage cannot be reached.
    async fn mark_deleted(&self, account: AccountId, name: &TemplateName)
    -> Result<u32, RepoError>;

    /// How many templates the auto-template fallback created for `account` at or after
    /// `since` (the spam-risk limit counts them per day).
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn count_auto_created_since(
        &self,
        account: AccountId,
        since: OffsetDateTime,
    ) -> Result<u32, RepoError>;

    /// Templates of every account still `PENDING` review that were created before `before`,
    /// oldest first, at most `limit` (for the periodic status check).
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn pending_review(
        &self,
        before: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<Template>, RepoError>;

    /// Auto-created templates no longer needed, oldest first, at most `limit` (for the periodic
    /// cleanup): not deleted, at least one message was released with it, every released
    /// message is `read`, none still waits for it, and no other outbound message of the account
    /// names it in its request (a person's template send keeps it, whatever its status).
    /// Messages that failed or expired waiting never used it and do not count.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn read_out_auto_created(&self, limit: u32) -> Result<Vec<Template>, RepoError>;

    /// Stores the status Meta reported for a template (the reason only for a rejection) and
    /// answers whether it changed; an unknown template changes nothing.
    ///
    /// # Errors
    /// - `Invalid` (entity "template") for a status the store does not know.
    /// - `Unavailable` when storage cannot be reached.
    async fn apply_review(&self, review: &TemplateReview) -> Result<bool, RepoError>;

    /// Records `header`, replacing the account's earlier upload of the same file.
    ///
    /// # Errors
    /// - `NotFound` (entity "account") when the account does not exist.
    /// - `Invalid` (entity "template_media") for a kind other than image, video or document.
    /// - `Unavailable` when storage cannot be reached.
    async fn record_header_media(&self, header: &HeaderMedia) -> Result<(), RepoError>;

    /// `account`'s upload of the file with this checksum, if Meta still keeps it at `now`
    /// (`expires_at` after `now`), else `None`.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn header_media(
        &self,
        account: AccountId,
        sha256: &Sha256Hex,
        now: OffsetDateTime,
    ) -> Result<Option<HeaderMedia>, RepoError>;

    /// Queues a recorded message to be sent as a template once the template is approved.
    ///
    /// # Errors
    /// - `Conflict` (entity "pending_template_message") when the message is already queued.
    /// - `MissingReference` (entity "message") when the message does not exist in that
    ///   account and conversation.
    /// - `Unavailable` when storage cannot be reached.
    async fn enqueue_pending(&self, pending: &NewPendingMessage) -> Result<(), RepoError>;

    /// Acts on the stored status of `account`'s template `name` in `language`, atomically:
    /// APPROVED releases every message waiting for it and returns them (each exactly once,
    /// even when callers race), queueing in the same step a `message` send job for each one
    /// still `pending` (the waiting send's template request, or the template with its body
    /// parameters; the waiting send's idempotency key when no job holds it yet); REJECTED, PAUSED or DISABLED marks them failed and their
    /// messages `failed` with `failure_for`'s code and title and the rejection reason as
    /// details; any other status, or an unknown template, changes nothing.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn resolve_pending(
        &self,
        account: AccountId,
        name: &TemplateName,
        language: &LanguageCode,
    ) -> Result<PendingResolution, RepoError>;

    /// In one atomic step: stores `send.pending.message_id` as an outbound `pending` text
    /// message of the conversation (body `send.body`, payload the request; no send job yet) and
    /// queues it to wait for its template, as `enqueue_pending` does. With an idempotency key
    /// this account already used (for a waiting send or a send job) with the same
    /// conversation and request, stores nothing and returns the first message with
    /// `repeated` set.
    ///
    /// # Errors
    /// - `NotFound` (entity "conversation") when the conversation does not exist.
    /// - `Conflict` (entity "send", constraint "idempotency_key") when the key was used with
    ///   another request or conversation.
    /// - `Unavailable` when storage cannot be reached.
    async fn record_waiting(&self, send: &NewWaitingSend) -> Result<WaitingRecorded, RepoError>;

    /// Fails up to `limit` messages still waiting at `now` past their `expires_at`, soonest
    /// expiry first: each waiting row becomes expired, its message (when still `pending`)
    /// `failed` with `EXPIRED_CODE`, `EXPIRED_TITLE` and `EXPIRED_REASON`. Returns them.
    ///
    /// # Errors
    /// - `Unavailable` when storage cannot be reached.
    async fn expire_waiting(
        &self,
        now: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<ExpiredPending>, RepoError>;
}
