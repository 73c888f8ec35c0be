//! `TemplateRepo` in memory, behaving like the PostgreSQL adapter and its V14 functions.

use async_trait::async_trait;
use time::OffsetDateTime;

use inbox_domain::ids::TemplateId;
use inbox_domain::outbound::{
    CreatedTemplate, LanguageCode, NewTemplate, TemplateCategory, TemplateName, TemplateState,
};
use inbox_domain::ports::TemplateRepo;
use inbox_domain::templates::{ExpiredPending, NewWaitingSend, WaitingRecorded};
use inbox_domain::templates::{
    FailedPending, HeaderMedia, NewPendingMessage, PendingResolution, ReleasedMessage,
    RemoteTemplate, Sha256Hex, SyncOutcome, Template, TemplateFilter, TemplateReview, failure_for,
    state_to_stored,
};
use inbox_domain::{AccountId, Cursor, MessageStatus, MetaError, Page, PageLimit, RepoError};

use crate::clock::{now, stored};
use crate::state::State;
use crate::store::MemoryStore;
use crate::templates::StoredTemplate;

/// One `pending_template_messages` row.
#[derive(Debug, Clone)]
pub(crate) struct PendingRow {
    /// What was queued.
    pub(crate) pending: NewPendingMessage,
    /// `waiting`, `released`, `failed` or `expired`.
    pub(crate) state: &'static str,
    /// The send request queued on release (V16), if recorded with one.
    pub(crate) request: Option<serde_json::Value>,
    /// The idempotency key with what it was first used for (conversation and request).
    pub(crate) key: Option<(String, inbox_domain::ConversationId, serde_json::Value)>,
}

/// A status the store does not know is refused.
fn checked(state: &TemplateState) -> Result<(), RepoError> {
    state_to_stored(state)
        .map(|_| ())
        .map_err(|e| RepoError::Invalid {
            entity: "template",
            reason: e.reason,
        })
}

impl State {
    /// `resolve_pending` under the lock (the webhook's review updates call it too).
    pub(crate) fn resolve_waiting(
        &mut self,
        account: AccountId,
        name: &TemplateName,
        language: &LanguageCode,
    ) -> PendingResolution {
        let Some(i) = self.template_at(account, name.as_str(), language.as_str()) else {
            return PendingResolution::default();
        };
        let template = self.templates[i].template.clone();
        let failure = failure_for(&template.status);
        if template.status != TemplateState::Approved && failure.is_none() {
            return PendingResolution::default();
        }
        let mut resolution = PendingResolution::default();
        let mut failed_messages = Vec::new();
        let mut released_rows = Vec::new();
        for row in &mut self.pending_templates {
            let p = &row.pending;
            let waiting_here = row.state == "waiting"
                && p.account_id == account
                && &p.template_name == name
                && &p.language == language;
            if !waiting_here {
                continue;
            }
            if failure.is_none() {
                row.state = "released";
                released_rows.push(row.clone());
                resolution.released.push(ReleasedMessage {
                    message_id: p.message_id,
                    conversation_id: p.conversation_id,
                    template_name: p.template_name.clone(),
                    language: p.language.clone(),
                    parameters: p.parameters.clone(),
                });
            } else {
                row.state = "failed";
                failed_messages.push(p.message_id);
                resolution.failed.push(FailedPending {
                    message_id: p.message_id,
                    conversation_id: p.conversation_id,
                });
            }
        }
        self.queue_released(account, released_rows);
        if let Some((code, title)) = failure {
            for id in failed_messages {
                if let Some(message) = self.messages.get_mut(&id)
                    && message.status == MessageStatus::Pending
                {
                    message.status = MessageStatus::Failed;
                    message.error = Some(MetaError {
                        code,
                        title: title.to_owned(),
                        details: template.rejected_reason.clone(),
                    });
                }
            }
        }
        resolution
    }

    /// The index of `account`'s template `name` in `language`.
    fn template_at(&self, account: AccountId, name: &str, language: &str) -> Option<usize> {
        self.templates.iter().position(|t| {
            t.template.account_id == account
                && t.template.name.as_str() == name
                && t.template.language.as_str() == language
        })
    }

    /// Inserts or updates one listed template; `Some(status changed)` when the row changed.
    fn upsert_listed(&mut self, account: AccountId, listed: &RemoteTemplate) -> Option<bool> {
        let taken = self.templates.iter().any(|t| {
            t.template.account_id != account
                && t.template.meta_template_id.as_deref() == Some(&listed.meta_template_id)
        });
        let meta_id = (!taken).then(|| listed.meta_template_id.clone());
        let at = now();
        match self.template_at(account, listed.name.as_str(), listed.language.as_str()) {
            Some(i) => {
                let t = &mut self.templates[i].template;
                let same = (&t.meta_template_id, t.category, &t.status, &t.components)
                    == (
                        &meta_id,
                        listed.category,
                        &listed.status,
                        &listed.components,
                    );
                if same {
                    return None;
                }
                let status_changed = t.status != listed.status;
                t.meta_template_id = meta_id;
                t.category = listed.category;
                t.status = listed.status.clone();
                t.components = listed.components.clone();
                if t.status != TemplateState::Rejected {
                    t.rejected_reason = None;
                }
                t.updated_at = at;
                Some(status_changed)
            }
            None => {
                self.templates.push(StoredTemplate {
                    template: Template {
                        id: TemplateId::generate(),
                        account_id: account,
                        meta_template_id: meta_id,
                        name: listed.name.clone(),
                        language: listed.language.clone(),
                        category: listed.category,
                        status: listed.status.clone(),
                        components: listed.components.clone(),
                        rejected_reason: None,
                        auto_created: false,
                        created_at: at,
                        updated_at: at,
                    },
                    status_reported_at: None,
                });
                Some(true)
            }
        }
    }
}

/// The review a changed template reports.
fn review_of(t: &Template) -> TemplateReview {
    TemplateReview {
        account_id: t.account_id,
        name: t.name.clone(),
        language: t.language.clone(),
        status: t.status.clone(),
        reason: t.rejected_reason.clone(),
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
        if let Some(status) = &filter.status {
            checked(status)?;
        }
        let deleted = TemplateState::Other("DELETED".to_owned());
        let state = self.read()?;
        let mut items: Vec<Template> = state
            .templates
            .iter()
            .map(|t| &t.template)
            .filter(|t| t.account_id == account)
            .filter(|t| match &filter.status {
                Some(status) => &t.status == status,
                None => t.status != deleted,
            })
            .filter(|t| filter.category.is_none_or(|c| t.category == c))
            .filter(|t| cursor.is_none_or(|c| (t.created_at, t.id.as_uuid()) < (c.at, c.id)))
            .cloned()
            .collect();
        items.sort_by_key(|t| std::cmp::Reverse((t.created_at, t.id)));
        let limit = usize::from(limit.get());
        let next = if items.len() > limit {
            items.truncate(limit);
            items.last().map(|t| Cursor {
                at: t.created_at,
                id: t.id.as_uuid(),
            })
        } else {
            None
        };
        Ok(Page { items, next })
    }

    async fn get(
        &self,
        account: AccountId,
        name: &TemplateName,
        language: &LanguageCode,
    ) -> Result<Option<Template>, RepoError> {
        let state = self.read()?;
        Ok(state
            .template_at(account, name.as_str(), language.as_str())
            .map(|i| state.templates[i].template.clone()))
    }

    async fn sync(
        &self,
        account: AccountId,
        listed: &[RemoteTemplate],
    ) -> Result<SyncOutcome, RepoError> {
        for t in listed {
            checked(&t.status)?;
        }
        let mut state = self.write()?;
        if !state.accounts.contains_key(&account) {
            return Err(RepoError::not_found("account"));
        }
        let mut outcome = SyncOutcome::default();
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for t in listed {
            let key = (t.name.as_str(), t.language.as_str());
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            if let Some(status_changed) = state.upsert_listed(account, t) {
                outcome.upserted += 1;
                if status_changed {
                    let i = state.template_at(account, key.0, key.1);
                    if let Some(i) = i {
                        outcome
                            .status_changed
                            .push(review_of(&state.templates[i].template));
                    }
                }
            }
        }
        let deleted = TemplateState::Other("DELETED".to_owned());
        let at = now();
        for stored in &mut state.templates {
            let t = &mut stored.template;
            let listed = seen.contains(&(t.name.as_str(), t.language.as_str()));
            if t.account_id == account && t.status != deleted && !listed {
                t.status = deleted.clone();
                t.updated_at = at;
                outcome.deleted += 1;
                outcome.status_changed.push(review_of(t));
            }
        }
        Ok(outcome)
    }

    async fn record_created(
        &self,
        account: AccountId,
        template: &NewTemplate,
        created: &CreatedTemplate,
        auto_created: bool,
    ) -> Result<Template, RepoError> {
        let category = created
            .category
            .as_deref()
            .and_then(|c| c.parse::<TemplateCategory>().ok())
            .unwrap_or(template.category);
        let status = if state_to_stored(&created.status).is_ok() {
            created.status.clone()
        } else {
            TemplateState::Pending
        };
        let mut state = self.write()?;
        if !state.accounts.contains_key(&account) {
            return Err(RepoError::not_found("account"));
        }
        let at = now();
        let existing =
            state.template_at(account, template.name.as_str(), template.language.as_str());
        let meta_taken = state.templates.iter().enumerate().any(|(i, t)| {
            Some(i) != existing && t.template.meta_template_id.as_deref() == Some(&created.id)
        });
        if meta_taken {
            return Err(RepoError::Conflict {
                entity: "template",
                constraint: "templates_meta_id_key".to_owned(),
            });
        }
        let row = Template {
            id: existing.map_or_else(TemplateId::generate, |i| state.templates[i].template.id),
            account_id: account,
            meta_template_id: Some(created.id.clone()),
            name: template.name.clone(),
            language: template.language.clone(),
            category,
            status,
            components: serde_json::Value::Array(template.components.clone()),
            rejected_reason: None,
            auto_created,
            created_at: at,
            updated_at: at,
        };
        let stored_row = StoredTemplate {
            template: row.clone(),
            status_reported_at: None,
        };
        match existing {
            Some(i) => state.templates[i] = stored_row,
            None => state.templates.push(stored_row),
        }
        Ok(row)
    }

    async fn mark_deleted(
        &self,
        account: AccountId,
        name: &TemplateName,
    ) -> Result<u32, RepoError> {
        let deleted = TemplateState::Other("DELETED".to_owned());
        let at = now();
        let mut state = self.write()?;
        let mut count = 0;
        for stored in &mut state.templates {
            let t = &mut stored.template;
            if t.account_id == account && &t.name == name && t.status != deleted {
                t.status = deleted.clone();
                t.updated_at = at;
                count += 1;
            }
        }
        if count == 0 {
            return Err(RepoError::not_found("template"));
        }
        Ok(count)
    }

    async fn count_auto_created_since(
        &self,
        account: AccountId,
        since: OffsetDateTime,
    ) -> Result<u32, RepoError> {
        let since = stored(since);
        let state = self.read()?;
        let n = state
            .templates
            .iter()
            .filter(|t| {
                t.template.account_id == account
                    && t.template.auto_created
                    && t.template.created_at >= since
            })
            .count();
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    async fn read_out_auto_created(&self, limit: u32) -> Result<Vec<Template>, RepoError> {
        Ok(self.read()?.read_out_auto_created(limit))
    }

    async fn pending_review(
        &self,
        before: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<Template>, RepoError> {
        let before = stored(before);
        let state = self.read()?;
        let mut found: Vec<Template> = state
            .templates
            .iter()
            .map(|t| &t.template)
            .filter(|t| t.status == TemplateState::Pending && t.created_at < before)
            .cloned()
            .collect();
        found.sort_by_key(|t| (t.created_at, t.id));
        found.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(found)
    }

    async fn apply_review(&self, review: &TemplateReview) -> Result<bool, RepoError> {
        checked(&review.status)?;
        let reason = review
            .reason
            .clone()
            .filter(|_| review.status == TemplateState::Rejected);
        let mut state = self.write()?;
        let Some(i) = state.template_at(
            review.account_id,
            review.name.as_str(),
            review.language.as_str(),
        ) else {
            return Ok(false);
        };
        let t = &mut state.templates[i].template;
        if (&t.status, &t.rejected_reason) == (&review.status, &reason) {
            return Ok(false);
        }
        t.status = review.status.clone();
        t.rejected_reason = reason;
        t.updated_at = now();
        Ok(true)
    }

    async fn record_header_media(&self, header: &HeaderMedia) -> Result<(), RepoError> {
        use inbox_domain::outbound::MediaKind;
        if !matches!(
            header.kind,
            MediaKind::Image | MediaKind::Video | MediaKind::Document
        ) {
            return Err(RepoError::Invalid {
                entity: "template_media",
                reason: "violates template_header_media_kind_check".to_owned(),
            });
        }
        let mut state = self.write()?;
        if !state.accounts.contains_key(&header.account_id) {
            return Err(RepoError::not_found("account"));
        }
        let mut row = header.clone();
        row.expires_at = stored(row.expires_at);
        state
            .header_media
            .insert((header.account_id, header.sha256.as_str().to_owned()), row);
        Ok(())
    }

    async fn header_media(
        &self,
        account: AccountId,
        sha256: &Sha256Hex,
        now_at: OffsetDateTime,
    ) -> Result<Option<HeaderMedia>, RepoError> {
        let state = self.read()?;
        Ok(state
            .header_media
            .get(&(account, sha256.as_str().to_owned()))
            .filter(|m| m.expires_at > now_at)
            .cloned())
    }

    async fn enqueue_pending(&self, pending: &NewPendingMessage) -> Result<(), RepoError> {
        let mut state = self.write()?;
        let known = state.messages.get(&pending.message_id).is_some_and(|m| {
            m.account_id == pending.account_id && m.conversation_id == pending.conversation_id
        });
        if !known {
            return Err(RepoError::MissingReference { entity: "message" });
        }
        if state
            .pending_templates
            .iter()
            .any(|p| p.pending.message_id == pending.message_id)
        {
            return Err(RepoError::Conflict {
                entity: "pending_template_message",
                constraint: "pending_template_messages_message_id_key".to_owned(),
            });
        }
        let mut row = pending.clone();
        row.expires_at = stored(row.expires_at);
        state.pending_templates.push(PendingRow {
            pending: row,
            state: "waiting",
            request: None,
            key: None,
        });
        Ok(())
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
