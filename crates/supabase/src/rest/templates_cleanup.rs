//! `TemplateRepo::read_out_auto_created` through PostgREST: V20's
//! `inbox_templates_read_out_auto_created` by `/rpc/`, the SQL the PostgreSQL adapter runs.

use inbox_domain::RepoError;
use inbox_domain::templates::Template;
use serde_json::json;

use super::call::Rest;
use super::wire::{JsonRow, TEMPLATE_COLUMNS, all, template};

/// The auto-created templates the periodic cleanup may delete, oldest first, at most `limit`.
pub(super) async fn read_out_auto_created(
    rest: &Rest,
    limit: u32,
) -> Result<Vec<Template>, RepoError> {
    let args = json!({"p_limit": i32::try_from(limit).unwrap_or(i32::MAX)});
    let rows: Vec<JsonRow> = rest
        .rpc(
            "templates.read_out_auto_created",
            "inbox_templates_read_out_auto_created",
            &[("select", TEMPLATE_COLUMNS)],
            &args,
        )
        .await?;
    all(rows, |row| template(&row))
}
