//! `TemplateRepo` over `templates`, `template_header_media` and `pending_template_messages`:
//! reads by plain statements, every write through the `inbox_templates_*` functions (V14, V16,
//! V18) that the PostgREST adapter calls too. One file per use case; this one wires them to
//! the port.

mod catalogue;
mod cleanup;
mod fallback;
mod header_media;
mod pending;
mod review;
mod row;
mod sql;
mod sync;

use async_trait::async_trait;
use inbox_domain::outbound::{CreatedTemplate, LanguageCode, NewTemplate, TemplateName};
use inbox_domain::ports::TemplateRepo;
use inbox_domain::templates::{ExpiredPending, NewWaitingSend, WaitingRecorded};
use inbox_domain::templates::{
    HeaderMedia, NewPendingMessage, PendingResolution, RemoteTemplate, Sha256Hex, SyncOutcome,
    Template, TemplateFilter, TemplateReview,
};
use inbox_domain::{AccountId, Cursor, Page, PageLimit, RepoError};
use time::OffsetDateTime;

use crate::db::Pg;

/// Templates in PostgreSQL.
pub(crate) struct PgTemplates {
    pg: Pg,
}

impl PgTemplates {
    /// Over `pg`'s pool.
    pub(crate) fn new(pg: Pg) -> Self {
        Self { pg }
    }
}

#[async_trait]
impl TemplateRepo for PgTemplates {
    async fn list(
        &self,
        account: AccountId,
        filter: &TemplateFilter,
        cursor: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Template>, RepoError> {
        catalogue::list(&self.pg, account, filter, cursor, limit).await
    }

    async fn get(
        &self,
        account: AccountId,
        name: &TemplateName,
        language: &LanguageCode,
    ) -> Result<Option<Template>, RepoError> {
        catalogue::get_one(&self.pg, account, name, language).await
    }

    async fn sync(
        &self,
        account: AccountId,
        listed: &[RemoteTemplate],
    ) -> Result<SyncOutcome, RepoError> {
        sync::sync(&self.pg, account, listed).await
    }

    async fn record_created(
        &self,
        account: AccountId,
        template: &NewTemplate,
        created: &CreatedTemplate,
        auto_created: bool,
    ) -> Result<Template, RepoError> {
        catalogue::record_created(&self.pg, account, template, created, auto_created).await
    }

    async fn mark_deleted(
        &self,
        account: AccountId,
        name: &TemplateName,
    ) -> Result<u32, RepoError> {
        catalogue::mark_deleted(&self.pg, account, name).await
    }

    async fn count_auto_created_since(
        &self,
        account: AccountId,
        since: OffsetDateTime,
    ) -> Result<u32, RepoError> {
        catalogue::count_auto_created_since(&self.pg, account, since).await
    }

    async fn read_out_auto_created(&self, limit: u32) -> Result<Vec<Template>, RepoError> {
        cleanup::read_out_auto_created(&self.pg, limit).await
    }

    async fn pending_review(
        &self,
        before: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<Template>, RepoError> {
        review::pending_review(&self.pg, before, limit).await
    }

    async fn apply_review(&self, review: &TemplateReview) -> Result<bool, RepoError> {
        review::apply_review(&self.pg, review).await
    }

    async fn record_header_media(&self, header: &HeaderMedia) -> Result<(), RepoError> {
        header_media::record_header_media(&self.pg, header).await
    }

    async fn header_media(
        &self,
        account: AccountId,
        sha256: &Sha256Hex,
        now: OffsetDateTime,
    ) -> Result<Option<HeaderMedia>, RepoError> {
        header_media::header_media(&self.pg, account, sha256, now).await
    }

    async fn enqueue_pending(&self, pending: &NewPendingMessage) -> Result<(), RepoError> {
        pending::enqueue_pending(&self.pg, pending).await
    }

    async fn resolve_pending(
        &self,
        account: AccountId,
        name: &TemplateName,
        language: &LanguageCode,
    ) -> Result<PendingResolution, RepoError> {
        pending::resolve_pending(&self.pg, account, name, language).await
    }

    async fn record_waiting(&self, send: &NewWaitingSend) -> Result<WaitingRecorded, RepoError> {
        fallback::record_waiting(&self.pg, send).await
    }

    async fn expire_waiting(
        &self,
        now: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<ExpiredPending>, RepoError> {
        fallback::expire_waiting(&self.pg, now, limit).await
    }
}
