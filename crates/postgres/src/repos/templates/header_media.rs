//! Header media uploaded to Meta for templates: an upload recorded, and one looked up by file
//! hash while Meta still keeps it.

use inbox_domain::templates::{HeaderMedia, Sha256Hex};
use inbox_domain::{AccountId, RepoError};
use time::OffsetDateTime;
use tokio_postgres::types::Type;

use super::{row, sql};
use crate::db::Pg;
use inbox_schema::calls::account_not_found;

/// `TemplateRepo::record_header_media`.
pub(super) async fn record_header_media(pg: &Pg, header: &HeaderMedia) -> Result<(), RepoError> {
    let size = i64::try_from(header.size_bytes).map_err(|_| RepoError::Invalid {
        entity: "template_media",
        reason: "size_bytes is too large".to_owned(),
    })?;
    let db = pg.db().await?;
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

/// `TemplateRepo::header_media`.
pub(super) async fn header_media(
    pg: &Pg,
    account: AccountId,
    sha256: &Sha256Hex,
    now: OffsetDateTime,
) -> Result<Option<HeaderMedia>, RepoError> {
    let db = pg.db().await?;
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
