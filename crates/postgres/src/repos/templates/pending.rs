//! Messages waiting for a template: one queued, and all of a template's released or failed
//! once Meta has reviewed it.

use inbox_domain::outbound::{LanguageCode, TemplateName};
use inbox_domain::templates::{NewPendingMessage, PendingResolution};
use inbox_domain::{AccountId, RepoError};
use inbox_schema::calls::{add_resolved, enqueued_pending};
use tokio_postgres::types::Type;
use uuid::Uuid;

use super::sql;
use crate::db::Pg;
use crate::rows::{RowError, get};

/// `TemplateRepo::enqueue_pending`.
pub(super) async fn enqueue_pending(pg: &Pg, pending: &NewPendingMessage) -> Result<(), RepoError> {
    let parameters = serde_json::json!(pending.parameters);
    let db = pg.db().await?;
    let queued = db
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
        .and_then(|row| Ok(get::<bool>(&row, "queued")?));
    enqueued_pending(queued)
}

/// `TemplateRepo::resolve_pending`.
pub(super) async fn resolve_pending(
    pg: &Pg,
    account: AccountId,
    name: &TemplateName,
    language: &LanguageCode,
) -> Result<PendingResolution, RepoError> {
    let db = pg.db().await?;
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
        add_resolved::<RowError>(
            &mut resolution,
            (name, language),
            get(r, "outcome")?,
            (get(r, "message_id")?, get(r, "conversation_id")?),
            || get(r, "parameters"),
        )?;
    }
    Ok(resolution)
}
