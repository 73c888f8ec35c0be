//! Meta's review of templates: the ones still pending after a while, and a reported status
//! stored when it differs.

use inbox_domain::RepoError;
use inbox_domain::outbound::TemplateState;
use inbox_domain::templates::{Template, TemplateReview};
use time::OffsetDateTime;
use tokio_postgres::types::Type;

use super::{row, sql};
use crate::db::Pg;
use crate::rows::get;
use inbox_domain::templates::state_for_store;

/// `TemplateRepo::pending_review`.
pub(super) async fn pending_review(
    pg: &Pg,
    before: OffsetDateTime,
    limit: u32,
) -> Result<Vec<Template>, RepoError> {
    let db = pg.db().await?;
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

/// `TemplateRepo::apply_review`.
pub(super) async fn apply_review(pg: &Pg, review: &TemplateReview) -> Result<bool, RepoError> {
    let status = state_for_store(&review.status)?;
    let reason = review
        .reason
        .as_deref()
        .filter(|_| review.status == TemplateState::Rejected);
    let db = pg.db().await?;
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
