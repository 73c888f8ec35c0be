//! Reads and writes of single templates: the account's page, one by name and language, one
//! created at Meta, a name marked deleted, and the count of auto-created ones.

use inbox_domain::outbound::{
    CreatedTemplate, LanguageCode, NewTemplate, TemplateCategory, TemplateName,
};
use inbox_domain::templates::{Template, TemplateFilter, category_to_stored, state_to_stored};
use inbox_domain::{AccountId, Cursor, Page, PageLimit, RepoError, ids::TemplateId};
use time::OffsetDateTime;
use tokio_postgres::types::Type;

use super::{row, sql};
use crate::db::Pg;
use crate::repos::Keyset;
use crate::rows::get;
use inbox_domain::templates::state_for_store;
use inbox_schema::calls::account_not_found;

/// `TemplateRepo::list`.
pub(super) async fn list(
    pg: &Pg,
    account: AccountId,
    filter: &TemplateFilter,
    cursor: Option<Cursor>,
    limit: PageLimit,
) -> Result<Page<Template>, RepoError> {
    let status = filter.status.as_ref().map(state_for_store).transpose()?;
    let category = filter.category.map(category_to_stored);
    let keyset = Keyset::new(cursor, limit);
    let db = pg.db().await?;
    let rows = db
        .query(
            sql::LIST,
            &[
                (&account.as_uuid(), Type::UUID),
                (&status, Type::TEXT),
                (&category, Type::TEXT),
                (&keyset.at, Type::TIMESTAMPTZ),
                (&keyset.id, Type::UUID),
                (&keyset.fetch, Type::INT8),
            ],
        )
        .await?;
    let items = rows
        .iter()
        .map(row::template)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_fetched(items, limit, Template::cursor))
}

/// `TemplateRepo::get`.
pub(super) async fn get_one(
    pg: &Pg,
    account: AccountId,
    name: &TemplateName,
    language: &LanguageCode,
) -> Result<Option<Template>, RepoError> {
    let db = pg.db().await?;
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

/// `TemplateRepo::record_created`.
pub(super) async fn record_created(
    pg: &Pg,
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
    let db = pg.db().await?;
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

/// `TemplateRepo::mark_deleted`.
pub(super) async fn mark_deleted(
    pg: &Pg,
    account: AccountId,
    name: &TemplateName,
) -> Result<u32, RepoError> {
    let db = pg.db().await?;
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

/// `TemplateRepo::count_auto_created_since`.
pub(super) async fn count_auto_created_since(
    pg: &Pg,
    account: AccountId,
    since: OffsetDateTime,
) -> Result<u32, RepoError> {
    let db = pg.db().await?;
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
