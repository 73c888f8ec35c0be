//! The catalogue: list, get, sync, create, delete, the auto-created count, the pending-review
//! list and stored reviews.

use inbox_domain::outbound::{
    CreatedTemplate, LanguageCode, NewTemplate, TemplateCategory, TemplateName, TemplateState,
};
use inbox_domain::templates::{
    RemoteTemplate, SyncOutcome, Template, TemplateFilter, TemplateReview, category_to_stored,
    state_from_stored, state_to_stored,
};
use inbox_domain::{AccountId, Cursor, Page, PageLimit, RepoError, ids::TemplateId};
use serde::Deserialize;
use serde_json::json;
use time::OffsetDateTime;

use super::super::call::Rest;
use super::super::errors::unreadable;
use super::super::wire::{
    JsonRow, TEMPLATE_COLUMNS, WireError, all, keyset, parse, template, timestamp,
};
use inbox_domain::templates::state_for_store;
use inbox_schema::calls::account_not_found;

/// A row of `inbox_templates_sync`: one per template touched, or one saying the account is
/// unknown.
#[derive(Deserialize)]
struct SyncRow {
    account_found: bool,
    change: Option<String>,
    name: Option<String>,
    language: Option<String>,
    status: Option<String>,
    rejected_reason: Option<String>,
    status_changed: bool,
}

/// `TemplateRepo::list`: the PostgreSQL adapter's keyset `(created_at, id) < cursor` in
/// PostgREST's filter syntax.
pub(super) async fn list(
    rest: &Rest,
    account: AccountId,
    filter: &TemplateFilter,
    cursor: Option<Cursor>,
    limit: PageLimit,
) -> Result<Page<Template>, RepoError> {
    let status = match &filter.status {
        Some(state) => format!("eq.{}", state_for_store(state)?),
        None => "neq.deleted".to_owned(),
    };
    let (at, id) = keyset(cursor)?;
    let mut query = vec![
        ("select", TEMPLATE_COLUMNS.to_owned()),
        ("account_id", format!("eq.{}", account.as_uuid())),
        ("status", status),
        (
            "or",
            format!("(created_at.lt.\"{at}\",and(created_at.eq.\"{at}\",id.lt.{id}))"),
        ),
        ("order", "created_at.desc,id.desc".to_owned()),
        ("limit", limit.to_fetch().to_string()),
    ];
    if let Some(category) = filter.category {
        query.push(("category", format!("eq.{}", category_to_stored(category))));
    }
    let rows: Vec<JsonRow> = rest.select("templates.list", "templates", &query).await?;
    let items = all(rows, |row| template(&row))?;
    Ok(Page::from_fetched(items, limit, Template::cursor))
}

/// `TemplateRepo::get`.
pub(super) async fn get(
    rest: &Rest,
    account: AccountId,
    name: &TemplateName,
    language: &LanguageCode,
) -> Result<Option<Template>, RepoError> {
    let query = [
        ("select", TEMPLATE_COLUMNS.to_owned()),
        ("account_id", format!("eq.{}", account.as_uuid())),
        ("name", format!("eq.{}", name.as_str())),
        ("language", format!("eq.{}", language.as_str())),
    ];
    let rows: Vec<JsonRow> = rest.select("templates.get", "templates", &query).await?;
    Ok(rows.first().map(template).transpose()?)
}

/// `TemplateRepo::sync`, through V14's `inbox_templates_sync`.
pub(super) async fn sync(
    rest: &Rest,
    account: AccountId,
    listed: &[RemoteTemplate],
) -> Result<SyncOutcome, RepoError> {
    let items = listed
        .iter()
        .map(|t| {
            Ok(json!({
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
    let args = json!({"p_account": account.as_uuid(), "p_listed": items});
    let rows: Vec<SyncRow> = rest
        .rpc("templates.sync", "inbox_templates_sync", &[], &args)
        .await?;
    let mut outcome = SyncOutcome::default();
    for row in rows {
        if !row.account_found {
            return Err(RepoError::not_found("account"));
        }
        if row.change.as_deref() == Some("deleted") {
            outcome.deleted += 1;
        } else {
            outcome.upserted += 1;
        }
        if row.status_changed {
            outcome.status_changed.push(review(account, row)?);
        }
    }
    Ok(outcome)
}

/// The status change a sync row reports.
fn review(account: AccountId, row: SyncRow) -> Result<TemplateReview, WireError> {
    let text = |column: &'static str, value: Option<String>| {
        value.ok_or_else(|| WireError {
            column,
            reason: "is missing".to_owned(),
        })
    };
    let name = text("name", row.name)?;
    let language = text("language", row.language)?;
    Ok(TemplateReview {
        account_id: account,
        name: parse("name", &name, TemplateName::parse)?,
        language: parse("language", &language, LanguageCode::parse)?,
        status: state_from_stored(&text("status", row.status)?),
        reason: row.rejected_reason,
    })
}

/// `TemplateRepo::record_created`, through V18's `inbox_templates_record_created`.
pub(super) async fn record_created(
    rest: &Rest,
    account: AccountId,
    new: &NewTemplate,
    created: &CreatedTemplate,
    auto_created: bool,
) -> Result<Template, RepoError> {
    const OP: &str = "templates.record_created";
    // Meta's answer wins where it says something we can store, as on PostgreSQL.
    let category = created
        .category
        .as_deref()
        .and_then(|c| c.parse::<TemplateCategory>().ok())
        .unwrap_or(new.category);
    let status = state_to_stored(&created.status).unwrap_or_else(|_| "pending".to_owned());
    let args = json!({
        "p_id": TemplateId::generate().as_uuid(),
        "p_account": account.as_uuid(),
        "p_meta_template_id": created.id,
        "p_name": new.name.as_str(),
        "p_language": new.language.as_str(),
        "p_category": category_to_stored(category),
        "p_status": status,
        "p_components": new.components,
        "p_auto_created": auto_created,
    });
    let rows: Vec<JsonRow> = rest
        .rpc(
            OP,
            "inbox_templates_record_created",
            &[("select", TEMPLATE_COLUMNS)],
            &args,
        )
        .await
        .map_err(account_not_found)?;
    let row = rows
        .first()
        .ok_or_else(|| unreadable(OP, "the function returned no row"))?;
    Ok(template(row)?)
}

/// `TemplateRepo::mark_deleted`, through V18's `inbox_templates_mark_deleted`.
pub(super) async fn mark_deleted(
    rest: &Rest,
    account: AccountId,
    name: &TemplateName,
) -> Result<u32, RepoError> {
    let args = json!({"p_account": account.as_uuid(), "p_name": name.as_str()});
    let deleted: i32 = rest
        .rpc(
            "templates.mark_deleted",
            "inbox_templates_mark_deleted",
            &[],
            &args,
        )
        .await?;
    if deleted == 0 {
        return Err(RepoError::not_found("template"));
    }
    Ok(u32::try_from(deleted).unwrap_or(0))
}

/// `TemplateRepo::count_auto_created_since`, through V18's `inbox_templates_count_auto_created`.
pub(super) async fn count_auto_created_since(
    rest: &Rest,
    account: AccountId,
    since: OffsetDateTime,
) -> Result<u32, RepoError> {
    let args = json!({"p_account": account.as_uuid(), "p_since": timestamp(since)?});
    let count: i64 = rest
        .rpc(
            "templates.count_auto_created_since",
            "inbox_templates_count_auto_created",
            &[],
            &args,
        )
        .await?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

/// `TemplateRepo::pending_review`: pending templates created before `before`, oldest first.
pub(super) async fn pending_review(
    rest: &Rest,
    before: OffsetDateTime,
    limit: u32,
) -> Result<Vec<Template>, RepoError> {
    let query = [
        ("select", TEMPLATE_COLUMNS.to_owned()),
        ("status", "eq.pending".to_owned()),
        ("created_at", format!("lt.{}", timestamp(before)?)),
        ("order", "created_at.asc,id.asc".to_owned()),
        ("limit", limit.to_string()),
    ];
    let rows: Vec<JsonRow> = rest
        .select("templates.pending_review", "templates", &query)
        .await?;
    all(rows, |row| template(&row))
}

/// `TemplateRepo::apply_review`, through V18's `inbox_templates_apply_review`.
pub(super) async fn apply_review(rest: &Rest, review: &TemplateReview) -> Result<bool, RepoError> {
    let status = state_for_store(&review.status)?;
    // Only a rejection keeps Meta's reason.
    let reason = review
        .reason
        .as_deref()
        .filter(|_| review.status == TemplateState::Rejected);
    let args = json!({
        "p_account": review.account_id.as_uuid(),
        "p_name": review.name.as_str(),
        "p_language": review.language.as_str(),
        "p_status": status,
        "p_reason": reason,
    });
    rest.rpc(
        "templates.apply_review",
        "inbox_templates_apply_review",
        &[],
        &args,
    )
    .await
}
