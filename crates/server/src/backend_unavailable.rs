//! The template port of a backend that has no adapter for it yet (PostgREST): the routes answer
//! `templates_unconfigured` before reaching it; the background sweeps find nothing to do
//! instead of failing every poll; anything else is told `Unavailable`, naming the backend.

use async_trait::async_trait;
use inbox_domain::cursor::{Cursor, Page, PageLimit};
use inbox_domain::error::RepoError;
use inbox_domain::ids::AccountId;
use inbox_domain::outbound::{CreatedTemplate, LanguageCode, NewTemplate, TemplateName};
use inbox_domain::ports::TemplateRepo;
use inbox_domain::templates::{
    ExpiredPending, HeaderMedia, NewPendingMessage, NewWaitingSend, PendingResolution,
    RemoteTemplate, Sha256Hex, SyncOutcome, Template, TemplateFilter, TemplateReview,
    WaitingRecorded,
};
use time::OffsetDateTime;

/// Templates of a backend without them, named `backend` in its errors.
#[derive(Debug, Clone, Copy)]
pub struct NotOnThisBackend {
    /// The backend's name, as `/health` reports it.
    pub backend: &'static str,
}

impl NotOnThisBackend {
    fn refuse<T>(self, feature: &str) -> Result<T, RepoError> {
        Err(RepoError::Unavailable(
            format!(
                "{feature} is not available on the {} storage backend",
                self.backend
            )
            .into(),
        ))
    }
}

#[async_trait]
impl TemplateRepo for NotOnThisBackend {
    async fn list(
        &self,
        _account: AccountId,
        _filter: &TemplateFilter,
        _cursor: Option<Cursor>,
        _limit: PageLimit,
    ) -> Result<Page<Template>, RepoError> {
        self.refuse("templates")
    }
    async fn get(
        &self,
        _account: AccountId,
        _name: &TemplateName,
        _language: &LanguageCode,
    ) -> Result<Option<Template>, RepoError> {
        self.refuse("templates")
    }
    async fn sync(
        &self,
        _account: AccountId,
        _listed: &[RemoteTemplate],
    ) -> Result<SyncOutcome, RepoError> {
        self.refuse("templates")
    }
    async fn record_created(
        &self,
        _account: AccountId,
        _template: &NewTemplate,
        _created: &CreatedTemplate,
        _auto_created: bool,
    ) -> Result<Template, RepoError> {
        self.refuse("templates")
    }
    async fn mark_deleted(
        &self,
        _account: AccountId,
        _name: &TemplateName,
    ) -> Result<u32, RepoError> {
        self.refuse("templates")
    }
    async fn count_auto_created_since(
        &self,
        _account: AccountId,
        _since: OffsetDateTime,
    ) -> Result<u32, RepoError> {
        self.refuse("templates")
    }
    // The periodic status check polls this: no templates, nothing to review.
    async fn pending_review(
        &self,
        _before: OffsetDateTime,
        _limit: u32,
    ) -> Result<Vec<Template>, RepoError> {
        Ok(Vec::new())
    }
    async fn apply_review(&self, _review: &TemplateReview) -> Result<bool, RepoError> {
        self.refuse("templates")
    }
    async fn record_header_media(&self, _header: &HeaderMedia) -> Result<(), RepoError> {
        self.refuse("templates")
    }
    async fn header_media(
        &self,
        _account: AccountId,
        _sha256: &Sha256Hex,
        _now: OffsetDateTime,
    ) -> Result<Option<HeaderMedia>, RepoError> {
        self.refuse("templates")
    }
    async fn enqueue_pending(&self, _pending: &NewPendingMessage) -> Result<(), RepoError> {
        self.refuse("templates")
    }
    async fn resolve_pending(
        &self,
        _account: AccountId,
        _name: &TemplateName,
        _language: &LanguageCode,
    ) -> Result<PendingResolution, RepoError> {
        self.refuse("templates")
    }
    async fn record_waiting(&self, _send: &NewWaitingSend) -> Result<WaitingRecorded, RepoError> {
        self.refuse("templates")
    }
    // A periodic sweep polls this: nothing waits here, nothing expires.
    async fn expire_waiting(
        &self,
        _now: OffsetDateTime,
        _limit: u32,
    ) -> Result<Vec<ExpiredPending>, RepoError> {
        Ok(Vec::new())
    }
}
