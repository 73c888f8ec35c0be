//! `TemplateRepo` over `templates`, `template_header_media` and `pending_template_messages`:
//! reads by plain statements, every write through the `inbox_templates_*` functions (V14, V16,
//! V18) that the PostgREST adapter calls too.

mod cleanup;
mod fallback;
mod row;
mod sql;

use async_trait::async_trait;
use inbox_domain::outbound::{
    CreatedTemplate, LanguageCode, NewTemplate, TemplateCategory, TemplateName, TemplateState,
};
use inbox_domain::ports::TemplateRepo;
use inbox_domain::templates::{ExpiredPending, NewWaitingSend, WaitingRecorded};
use inbox_domain::templates::{
    FailedPending, HeaderMedia, NewPendingMessage, PendingResolution, ReleasedMessage,
    RemoteTemplate, Sha256Hex, SyncOutcome, Template, TemplateFilter, TemplateReview,
    category_to_stored, state_from_stored, state_to_stored,
};
use inbox_domain::{
    AccountId, ConversationId, Cursor, MessageId, Page, PageLimit, RepoError, ids::TemplateId,
};
use time::OffsetDateTime;
use tokio_postgres::types::{Timestamp, Type};
use uuid::Uuid;

use crate::db::Pg;
use crate::rows::{RowError, get};

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

/// A status the store does not know is refused before any SQL runs.
fn stored_state(state: &TemplateState) -> Result<String, RepoError> {
    state_to_stored(state).map_err(|e| RepoError::Invalid {
        entity: "template",
        reason: e.reason,
    })
}

/// An unknown account shows up as a missing reference; the port calls it not found.
fn account_not_found(error: RepoError) -> RepoError {
    match error {
        RepoError::MissingReference { .. } => RepoError::not_found("account"),
        other => other,
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
        let status = filter.status.as_ref().map(stored_state).transpose()?;
        let category = filter.category.map(category_to_stored);
        let (at, id) = match cursor {
            Some(c) => (Timestamp::Value(c.at), c.id),
            None => (Timestamp::PosInfinity, Uuid::max()),
        };
        let fetch = i64::from(limit.get()) + 1;
        let db = self.pg.db().await?;
        let rows = db
            .query(
                sql::LIST,
                &[
                    (&account.as_uuid(), Type::UUID),
                    (&status, Type::TEXT),
                    (&category, Type::TEXT),
                    (&at, Type::TIMESTAMPTZ),
                    (&id, Type::UUID),
                    (&fetch, Type::INT8),
                ],
            )
            .await?;
        let mut items = rows
            .iter()
            .map(row::template)
            .collect::<Result<Vec<_>, _>>()?;
        let next = if items.len() > usize::from(limit.get()) {
            items.truncate(usize::from(limit.get()));
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
        let db = self.pg.db().await?;
        let row = db
            .query_opt(
                sql::GET,
                &[
                    (&account.as_uuid(), Type::UUID),
                    (&name.as_str(), Type::TEXT),
                    (&language.as_str(), Type::TEXT),
                ],
            )
            .await?;
        Ok(row.as_ref().map(row::template).transpose()?)
    }

    async fn sync(
        &self,
        account: AccountId,
        listed: &[RemoteTemplate],
    ) -> Result<SyncOutcome, RepoError> {
        let items = listed
            .iter()
            .map(|t| {
                Ok(serde_json::json!({
                    "id": TemplateId::generate().as_uuid(),
                    "meta_template_id": t.meta_template_id,
                    "name": t.name.as_str(),
                    "language": t.language.as_str(),
                    "category": category_to_stored(t.category),
                    "status": stored_state(&t.status)?,
                    "components": t.components,
                }))
            })
            .collect::<Result<Vec<_>, RepoError>>()?;
        let document = serde_json::Value::Array(items);
        let db = self.pg.db().await?;
        let rows = db
            .query(
                sql::SYNC,
                &[(&account.as_uuid(), Type::UUID), (&document, Type::JSONB)],
            )
            .await?;
        let mut outcome = SyncOutcome::default();
        for r in &rows {
            if !get::<bool>(r, "account_found")? {
                return Err(RepoError::not_found("account"));
            }
            let change: &str = get(r, "change")?;
            if change == "deleted" {
                outcome.deleted += 1;
            } else {
                outcome.upserted += 1;
            }
            if get::<bool>(r, "status_changed")? {
                outcome.status_changed.push(review(account, r)?);
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
        let status = state_to_stored(&created.status).unwrap_or_else(|_| "pending".to_owned());
        let components = serde_json::Value::Array(template.components.clone());
        let db = self.pg.db().await?;
        let row = db
            .query_one(
                sql::RECORD_CREATED,
                &[
                    (&TemplateId::generate().as_uuid(), Type::UUID),
                    (&account.as_uuid(), Type::UUID),
                    (&created.id, Type::TEXT),
                    (&template.name.as_str(), Type::TEXT),
                    (&template.language.as_str(), Type::TEXT),
                    (&category_to_stored(category), Type::TEXT),
                    (&status, Type::TEXT),
                    (&components, Type::JSONB),
                    (&auto_created, Type::BOOL),
                ],
            )
            .await
            .map_err(account_not_found)?;
        Ok(row::template(&row)?)
    }

    async fn mark_deleted(
        &self,
        account: AccountId,
        name: &TemplateName,
    ) -> Result<u32, RepoError> {
        let db = self.pg.db().await?;
        let row = db
            .query_one(
                sql::MARK_DELETED,
                &[
                    (&account.as_uuid(), Type::UUID),
                    (&name.as_str(), Type::TEXT),
                ],
            )
            .await?;
        let deleted: i32 = get(&row, "n")?;
        if deleted == 0 {
            return Err(RepoError::not_found("template"));
        }
        Ok(u32::try_from(deleted).unwrap_or(0))
    }

    async fn count_auto_created_since(
        &self,
        account: AccountId,
        since: OffsetDateTime,
    ) -> Result<u32, RepoError> {
        let db = self.pg.db().await?;
        let row = db
            .query_one(
                sql::COUNT_AUTO_CREATED,
                &[
                    (&account.as_uuid(), Type::UUID),
                    (&since, Type::TIMESTAMPTZ),
                ],
            )
            .await?;
        let n: i64 = get(&row, "n")?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    async fn read_out_auto_created(&self, limit: u32) -> Result<Vec<Template>, RepoError> {
        cleanup::read_out_auto_created(&self.pg, limit).await
    }

    async fn pending_review(
        &self,
        before: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<Template>, RepoError> {
        let db = self.pg.db().await?;
        let rows = db
            .query(
                sql::PENDING_REVIEW,
                &[
                    (&before, Type::TIMESTAMPTZ),
                    (&i64::from(limit), Type::INT8),
                ],
            )
            .await?;
        Ok(rows.iter().map(row::template).collect::<Result<_, _>>()?)
    }

    async fn apply_review(&self, review: &TemplateReview) -> Result<bool, RepoError> {
        let status = stored_state(&review.status)?;
        let reason = review
            .reason
            .as_deref()
            .filter(|_| review.status == TemplateState::Rejected);
        let db = self.pg.db().await?;
        let row = db
            .query_one(
                sql::APPLY_REVIEW,
                &[
                    (&review.account_id.as_uuid(), Type::UUID),
                    (&review.name.as_str(), Type::TEXT),
                    (&review.language.as_str(), Type::TEXT),
                    (&status, Type::TEXT),
                    (&reason, Type::TEXT),
                ],
            )
            .await?;
        Ok(get::<bool>(&row, "changed")?)
    }

    async fn record_header_media(&self, header: &HeaderMedia) -> Result<(), RepoError> {
        let size = i64::try_from(header.size_bytes).map_err(|_| RepoError::Invalid {
            entity: "template_media",
            reason: "size_bytes is too large".to_owned(),
        })?;
        let db = self.pg.db().await?;
        db.query(
            sql::RECORD_MEDIA,
            &[
                (&header.account_id.as_uuid(), Type::UUID),
                (&header.sha256.as_str(), Type::TEXT),
                (&header.kind.as_str(), Type::TEXT),
                (&header.media_id.as_str(), Type::TEXT),
                (&header.mime_type, Type::TEXT),
                (&size, Type::INT8),
                (&header.expires_at, Type::TIMESTAMPTZ),
            ],
        )
        .await
        .map_err(|e| match account_not_found(e) {
            RepoError::Invalid { reason, .. } => RepoError::Invalid {
                entity: "template_media",
                reason,
            },
            other => other,
        })?;
        Ok(())
    }

    async fn header_media(
        &self,
        account: AccountId,
        sha256: &Sha256Hex,
        now: OffsetDateTime,
    ) -> Result<Option<HeaderMedia>, RepoError> {
        let db = self.pg.db().await?;
        let row = db
            .query_opt(
                sql::HEADER_MEDIA,
                &[
                    (&account.as_uuid(), Type::UUID),
                    (&sha256.as_str(), Type::TEXT),
                    (&now, Type::TIMESTAMPTZ),
                ],
            )
            .await?;
        Ok(row.as_ref().map(row::header_media).transpose()?)
    }

    async fn enqueue_pending(&self, pending: &NewPendingMessage) -> Result<(), RepoError> {
        let parameters = serde_json::json!(pending.parameters);
        let db = self.pg.db().await?;
        let row = db
            .query_one(
                sql::ENQUEUE,
                &[
                    (&Uuid::now_v7(), Type::UUID),
                    (&pending.account_id.as_uuid(), Type::UUID),
                    (&pending.conversation_id.as_uuid(), Type::UUID),
                    (&pending.message_id.as_uuid(), Type::UUID),
                    (&pending.template_name.as_str(), Type::TEXT),
                    (&pending.language.as_str(), Type::TEXT),
                    (&parameters, Type::JSONB),
                    (&pending.expires_at, Type::TIMESTAMPTZ),
                ],
            )
            .await
            .map_err(|e| match e {
                RepoError::Conflict { constraint, .. } => RepoError::Conflict {
                    entity: "pending_template_message",
                    constraint,
                },
                RepoError::MissingReference { .. } => {
                    RepoError::MissingReference { entity: "message" }
                }
                other => other,
            })?;
        if !get::<bool>(&row, "queued")? {
            return Err(RepoError::MissingReference { entity: "message" });
        }
        Ok(())
    }

    async fn resolve_pending(
        &self,
        account: AccountId,
        name: &TemplateName,
        language: &LanguageCode,
    ) -> Result<PendingResolution, RepoError> {
        let db = self.pg.db().await?;
        let rows = db
            .query(
                sql::RESOLVE,
                &[
                    (&account.as_uuid(), Type::UUID),
                    (&name.as_str(), Type::TEXT),
                    (&language.as_str(), Type::TEXT),
                ],
            )
            .await?;
        let mut resolution = PendingResolution::default();
        for r in &rows {
            let message_id = MessageId::from_uuid(get::<Uuid>(r, "message_id")?);
            let conversation_id = ConversationId::from_uuid(get::<Uuid>(r, "conversation_id")?);
            if get::<&str>(r, "outcome")? == "released" {
                let parameters: serde_json::Value = get(r, "parameters")?;
                let parameters =
                    serde_json::from_value(parameters).map_err(|_| RowError::Value {
                        column: "parameters",
                        reason: "is not an array of strings".to_owned(),
                    })?;
                resolution.released.push(ReleasedMessage {
                    message_id,
                    conversation_id,
                    template_name: name.clone(),
                    language: language.clone(),
                    parameters,
                });
            } else {
                resolution.failed.push(FailedPending {
                    message_id,
                    conversation_id,
                });
            }
        }
        Ok(resolution)
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

/// The status change a sync row reports.
fn review(account: AccountId, r: &tokio_postgres::Row) -> Result<TemplateReview, RowError> {
    let value = |column: &'static str, reason: String| RowError::Value { column, reason };
    let name: &str = get(r, "name")?;
    let language: &str = get(r, "language")?;
    let status: &str = get(r, "status")?;
    Ok(TemplateReview {
        account_id: account,
        name: TemplateName::parse(name).map_err(|e| value("name", e.reason))?,
        language: LanguageCode::parse(language).map_err(|e| value("language", e.reason))?,
        status: state_from_stored(status),
        reason: get(r, "rejected_reason")?,
    })
}
