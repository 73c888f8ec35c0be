//! Row → domain mapping of `templates` and `template_header_media`.

use inbox_domain::outbound::{LanguageCode, MediaId, MediaKind, TemplateName};
use inbox_domain::templates::{
    HeaderMedia, Sha256Hex, Template, category_from_stored, state_from_stored,
};
use inbox_domain::{AccountId, ValidationError, ids::TemplateId};
use time::OffsetDateTime;
use tokio_postgres::Row;
use uuid::Uuid;

use crate::rows::{RowError, get};

/// The columns [`template`] reads.
macro_rules! template_columns {
    () => {
        "id, account_id, meta_template_id, name, language, category, status, components, \
         rejected_reason, auto_created, created_at, updated_at"
    };
}
pub(crate) use template_columns;

/// The columns [`header_media`] reads.
macro_rules! media_columns {
    () => {
        "account_id, sha256, kind, meta_media_id, mime_type, size_bytes, expires_at"
    };
}
pub(crate) use media_columns;

/// Reads a text column through a domain parser.
fn parsed<T>(
    row: &Row,
    column: &'static str,
    parser: impl FnOnce(&str) -> Result<T, ValidationError>,
) -> Result<T, RowError> {
    let text: &str = get(row, column)?;
    parser(text).map_err(|e| RowError::Value {
        column,
        reason: e.reason,
    })
}

/// One `templates` row.
pub(crate) fn template(row: &Row) -> Result<Template, RowError> {
    let status: &str = get(row, "status")?;
    Ok(Template {
        id: TemplateId::from_uuid(get::<Uuid>(row, "id")?),
        account_id: AccountId::from_uuid(get::<Uuid>(row, "account_id")?),
        meta_template_id: get(row, "meta_template_id")?,
        name: parsed(row, "name", TemplateName::parse)?,
        language: parsed(row, "language", LanguageCode::parse)?,
        category: parsed(row, "category", category_from_stored)?,
        status: state_from_stored(status),
        components: get(row, "components")?,
        rejected_reason: get(row, "rejected_reason")?,
        auto_created: get(row, "auto_created")?,
        created_at: get::<OffsetDateTime>(row, "created_at")?,
        updated_at: get::<OffsetDateTime>(row, "updated_at")?,
    })
}

/// One `template_header_media` row.
pub(crate) fn header_media(row: &Row) -> Result<HeaderMedia, RowError> {
    let kind = parsed(row, "kind", |k| match k {
        "image" => Ok(MediaKind::Image),
        "video" => Ok(MediaKind::Video),
        "document" => Ok(MediaKind::Document),
        _ => Err(ValidationError::new("kind", "is not a header kind")),
    })?;
    let size: i64 = get(row, "size_bytes")?;
    Ok(HeaderMedia {
        account_id: AccountId::from_uuid(get::<Uuid>(row, "account_id")?),
        sha256: parsed(row, "sha256", Sha256Hex::parse)?,
        kind,
        media_id: parsed(row, "meta_media_id", MediaId::parse)?,
        mime_type: get(row, "mime_type")?,
        size_bytes: u64::try_from(size).map_err(|_| RowError::Value {
            column: "size_bytes",
            reason: "is negative".to_owned(),
        })?,
        expires_at: get::<OffsetDateTime>(row, "expires_at")?,
    })
}
