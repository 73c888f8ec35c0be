//! The auto-created templates the periodic cleanup may delete, through V20's
//! `inbox_templates_read_out_auto_created` (the PostgREST adapter calls it too).

use inbox_domain::RepoError;
use inbox_domain::templates::Template;
use tokio_postgres::types::Type;

use super::row::{self, template_columns};
use crate::db::Pg;

/// Read-out auto-created templates, oldest first, at most `$1`.
const READ_OUT: &str = concat!(
    "SELECT ",
    template_columns!(),
    " FROM inbox_templates_read_out_auto_created($1)"
);

/// `TemplateRepo::read_out_auto_created`.
pub(super) async fn read_out_auto_created(pg: &Pg, limit: u32) -> Result<Vec<Template>, RepoError> {
    let limit = i32::try_from(limit).unwrap_or(i32::MAX);
    let db = pg.db().await?;
    let rows = db.query(READ_OUT, &[(&limit, Type::INT4)]).await?;
    Ok(rows.iter().map(row::template).collect::<Result<_, _>>()?)
}
