//! Header media: one upload per file and account, reused until Meta drops it.

use inbox_domain::templates::{HeaderMedia, Sha256Hex};
use inbox_domain::{AccountId, RepoError};
use serde_json::json;
use time::OffsetDateTime;

use super::super::call::Rest;
use super::super::wire::{JsonRow, MEDIA_COLUMNS, header_media as media_row, timestamp};
use inbox_schema::calls::account_not_found;

/// `TemplateRepo::record_header_media`, through V18's `inbox_templates_record_header_media`.
pub(super) async fn record_header_media(
    rest: &Rest,
    header: &HeaderMedia,
) -> Result<(), RepoError> {
    let size = i64::try_from(header.size_bytes).map_err(|_| RepoError::Invalid {
        entity: "template_media",
        reason: "size_bytes is too large".to_owned(),
    })?;
    let args = json!({
        "p_account": header.account_id.as_uuid(),
        "p_sha256": header.sha256.as_str(),
        "p_kind": header.kind.as_str(),
        "p_meta_media_id": header.media_id.as_str(),
        "p_mime_type": header.mime_type,
        "p_size_bytes": size,
        "p_expires_at": timestamp(header.expires_at)?,
    });
    rest.rpc_void(
        "templates.record_header_media",
        "inbox_templates_record_header_media",
        &args,
    )
    .await
    .map_err(|e| match account_not_found(e) {
        // A kind the table refuses (audio, sticker) names the table's rule, not an entity.
        RepoError::Invalid { reason, .. } => RepoError::Invalid {
            entity: "template_media",
            reason,
        },
        other => other,
    })
}

/// `TemplateRepo::header_media`: the upload, if it expires after `now`.
pub(super) async fn header_media(
    rest: &Rest,
    account: AccountId,
    sha256: &Sha256Hex,
    now: OffsetDateTime,
) -> Result<Option<HeaderMedia>, RepoError> {
    let query = [
        ("select", MEDIA_COLUMNS.to_owned()),
        ("account_id", format!("eq.{}", account.as_uuid())),
        ("sha256", format!("eq.{}", sha256.as_str())),
        ("expires_at", format!("gt.{}", timestamp(now)?)),
    ];
    let rows: Vec<JsonRow> = rest
        .select("templates.header_media", "template_header_media", &query)
        .await?;
    Ok(rows.first().map(media_row).transpose()?)
}
