//! `TemplateRepo` in memory, behaving like the PostgreSQL adapter and its V14 functions. One
//! file per use case; this one wires them to the port and holds what they share.

mod catalogue;
mod header_media;
mod pending;
mod review;
mod sync;

pub(crate) use pending::PendingRow;

use async_trait::async_trait;
use time::OffsetDateTime;

use inbox_domain::outbound::{
    CreatedTemplate, LanguageCode, NewTemplate, TemplateName, TemplateState,
};
use inbox_domain::ports::TemplateRepo;
use inbox_domain::templates::{ExpiredPending, NewWaitingSend, WaitingRecorded};
use inbox_domain::templates::{
    HeaderMedia, NewPendingMessage, PendingResolution, RemoteTemplate, Sha256Hex, SyncOutcome,
    Template, TemplateFilter, TemplateReview, state_for_store,
};
use inbox_domain::{AccountId, Cursor, Page, PageLimit, RepoError};

use crate::state::State;
use crate::store::MemoryStore;

/// A status the store does not know is refused.
fn checked(state: &TemplateState) -> Result<(), RepoError> {
    state_for_store(state).map(|_| ())
}

impl State {
    /// The index of `account`'s template `name` in `language`.
    fn template_at(&self, account: AccountId, name: &str, language: &str) -> Option<usize> {
        self.templates.iter().position(|t| {
            t.template.account_id == account
                && t.template.name.as_str() == name
                && t.template.language.as_str() == language
        })
    }
}

#[async_trait]
impl TemplateRepo for MemoryStore {
    async fn list(
        &self,
        account: AccountId,
        filter: &TemplateFilter,
        cursor: Option<Cursor>,
        limit: PageLimit,
    ) -> Result<Page<Template>, RepoError> {
        catalogue::list(self, account, filter, cursor, limit)
    }

    async fn get(
        &self,
        account: AccountId,
        name: &TemplateName,
        language: &LanguageCode,
    ) -> Result<Option<Template>, RepoError> {
        catalogue::get_one(self, account, name, language)
    }

    async fn sync(
        &self,
        account: AccountId,
        listed: &[RemoteTemplate],
    ) -> Result<SyncOutcome, RepoError> {
        sync::sync(self, account, listed)
    }

    async fn record_created(
        &self,
        account: AccountId,
        template: &NewTemplate,
        created: &CreatedTemplate,
        auto_created: bool,
    ) -> Result<Template, RepoError> {
        catalogue::record_created(self, account, template, created, auto_created)
    }

    async fn mark_deleted(
        &self,
        account: AccountId,
        name: &TemplateName,
    ) -> Result<u32, RepoError> {
        catalogue::mark_deleted(self, account, name)
    }

    async fn count_auto_created_since(
        &self,
        account: AccountId,
        since: OffsetDateTime,
    ) -> Result<u32, RepoError> {
        catalogue::count_auto_created_since(self, account, since)
    }

    async fn read_out_auto_created(&self, limit: u32) -> Result<Vec<Template>, RepoError> {
        Ok(self.read()?.read_out_auto_created(limit))
    }

    async fn pending_review(
        &self,
        before: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<Template>, RepoError> {
        review::pending_review(self, before, limit)
    }

    async fn apply_review(&self, review: &TemplateReview) -> Result<bool, RepoError> {
        review::apply_review(self, review)
    }

    async fn record_header_media(&self, header: &HeaderMedia) -> Result<(), RepoError> {
        header_media::record_header_media(self, header)
    }

    async fn header_media(
        &self,
        account: AccountId,
        sha256: &Sha256Hex,
        now_at: OffsetDateTime,
    ) -> Result<Option<HeaderMedia>, RepoError> {
        header_media::header_media(self, account, sha256, now_at)
    }

    async fn enqueue_pending(&self, pending: &NewPendingMessage) -> Result<(), RepoError> {
        pending::enqueue_pending(self, pending)
    }

    async fn resolve_pending(
        &self,
        account: AccountId,
        name: &TemplateName,
        language: &LanguageCode,
    ) -> Result<PendingResolution, RepoError> {
        Ok(self.write()?.resolve_waiting(account, name, language))
    }

    async fn record_waiting(&self, send: &NewWaitingSend) -> Result<WaitingRecorded, RepoError> {
        self.write()?.record_waiting(send)
    }

    async fn expire_waiting(
        &self,
        now: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<ExpiredPending>, RepoError> {
        Ok(self.write()?.expire_waiting(now, limit))
    }
}
