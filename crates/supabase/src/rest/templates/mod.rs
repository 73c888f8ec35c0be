//! `TemplateRepo` through PostgREST: plain reads of `templates` and `template_header_media`, and
//! every write through the `inbox_templates_*` functions (V14, V16, V18) by `/rpc/` — the same
//! SQL the PostgreSQL adapter runs, one request per call.

mod catalogue;
mod media;
mod waiting;

use async_trait::async_trait;
use inbox_domain::outbound::{CreatedTemplate, LanguageCode, NewTemplate, TemplateName};
use inbox_domain::ports::TemplateRepo;
use inbox_domain::templates::{
    ExpiredPending, HeaderMedia, NewPendingMessage, NewWaitingSend, PendingResolution,
    RemoteTemplate, Sha256Hex, SyncOutcome, Template, TemplateFilter, TemplateReview,
    WaitingRecorded,
};
use inbox_domain::{AccountId, Cursor, Page, PageLimit, RepoError};
use time::OffsetDateTime;

use super::call::Rest;

/// Templates in Supabase.
pub(crate) struct RestTemplates {
    rest: Rest,
}

impl RestTemplates {
    /// Over `rest`.
    pub(crate) fn new(rest: Rest) -> Self {
        Self { rest }
    }
}

#[async_trait]
impl TemplateRepo for RestTemplates {
    async fn list(
        &self,
        account: AccountId,
        filter: &TemplateFilter,
        cursor: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Template>, RepoError> {
        catalogue::list(&self.rest, account, filter, cursor, limit).await
    }

    async fn get(
        &self,
        account: AccountId,
        name: &TemplateName,
        language: &LanguageCode,
    ) -> Result<Option<Template>, RepoError> {
        catalogue::get(&self.rest, account, name, language).await
    }

    async fn sync(
        &self,
        account: AccountId,
        listed: &[RemoteTemplate],
    ) -> Result<SyncOutcome, RepoError> {
        catalogue::sync(&self.rest, account, listed).await
    }

    async fn record_created(
        &self,
        account: AccountId,
        template: &NewTemplate,
        created: &CreatedTemplate,
        auto_created: bool,
    ) -> Result<Template, RepoError> {
        catalogue::record_created(&self.rest, account, template, created, auto_created).await
    }

    async fn mark_deleted(
        &self,
        account: AccountId,
        name: &TemplateName,
    ) -> Result<u32, RepoError> {
        catalogue::mark_deleted(&self.rest, account, name).await
    }

    async fn count_auto_created_since(
        &self,
        account: AccountId,
        since: OffsetDateTime,
    ) -> Result<u32, RepoError> {
        catalogue::count_auto_created_since(&self.rest, account, since).await
    }

    async fn read_out_auto_created(&self, limit: u32) -> Result<Vec<Template>, RepoError> {
        super::templates_cleanup::read_out_auto_created(&self.rest, limit).await
    }

    async fn pending_review(
        &self,
        before: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<Template>, RepoError> {
        catalogue::pending_review(&self.rest, before, limit).await
    }

    async fn apply_review(&self, review: &TemplateReview) -> Result<bool, RepoError> {
        catalogue::apply_review(&self.rest, review).await
    }

    async fn record_header_media(&self, header: &HeaderMedia) -> Result<(), RepoError> {
        media::record_header_media(&self.rest, header).await
    }

    async fn header_media(
        &self,
        account: AccountId,
        sha256: &Sha256Hex,
        now: OffsetDateTime,
    ) -> Result<Option<HeaderMedia>, RepoError> {
        media::header_media(&self.rest, account, sha256, now).await
    }

    async fn enqueue_pending(&self, pending: &NewPendingMessage) -> Result<(), RepoError> {
        waiting::enqueue_pending(&self.rest, pending).await
    }

    async fn resolve_pending(
        &self,
        account: AccountId,
        name: &TemplateName,
        language: &LanguageCode,
    ) -> Result<PendingResolution, RepoError> {
        waiting::resolve_pending(&self.rest, account, name, language).await
    }

    async fn record_waiting(&self, send: &NewWaitingSend) -> Result<WaitingRecorded, RepoError> {
        waiting::record_waiting(&self.rest, send).await
    }

    async fn expire_waiting(
        &self,
        now: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<ExpiredPending>, RepoError> {
        waiting::expire_waiting(&self.rest, now, limit).await
    }
}
