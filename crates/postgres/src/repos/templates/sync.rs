//! The catalogue sync: Meta's listing stored in one `inbox_templates_sync` call, and the
//! status changes it reports read back as reviews.

use inbox_domain::outbound::{LanguageCode, TemplateName};
use inbox_domain::templates::{
    RemoteTemplate, SyncOutcome, TemplateReview, category_to_stored, state_from_stored,
};
use inbox_domain::{AccountId, RepoError, ids::TemplateId};
use tokio_postgres::types::Type;

use super::sql;
use crate::db::Pg;
use crate::rows::{RowError, get};
use inbox_domain::templates::state_for_store;

/// `TemplateRepo::sync`.
pub(super) async fn sync(
    pg: &Pg,
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
                "status": state_for_store(&t.status)?,
                "components": t.components,
            }))
        })
        .collect::<Result<Vec<_>, RepoError>>()?;
    let document = serde_json::Value::Array(items);
    let db = pg.db().await?;
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
