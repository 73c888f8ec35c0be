//! Rows of `templates` and `template_header_media` as domain values.

use inbox_domain::outbound::{LanguageCode, MediaId, MediaKind, TemplateName};
use inbox_domain::templates::{
    HeaderMedia, Sha256Hex, Template, category_from_stored, state_from_stored,
};
use inbox_domain::{AccountId, ValidationError, ids::TemplateId};
use uuid::Uuid;

use super::{JsonRow, WireError, parse};

/// The columns [`template`] reads (those the PostgreSQL adapter selects).
pub(crate) const TEMPLATE_COLUMNS: &str = "id,account_id,meta_template_id,name,language,category,\
     status,components,rejected_reason,auto_created,created_at,updated_at";

/// The columns [`header_media`] reads.
pub(crate) const MEDIA_COLUMNS: &str =
    "account_id,sha256,kind,meta_media_id,mime_type,size_bytes,expires_at";

/// A stored text column through a domain parser.
fn parsed<T>(
    row: &JsonRow,
    column: &'static str,
    parser: impl FnOnce(&str) -> Result<T, ValidationError>,
) -> Result<T, WireError> {
    parse(column, row.get::<&str>(column)?, parser)
}

/// One `templates` row.
pub(crate) fn template(row: &JsonRow) -> Result<Template, WireError> {
    Ok(Template {
        id: TemplateId::from_uuid(row.get::<Uuid>("id")?),
        account_id: AccountId::from_uuid(row.get::<Uuid>("account_id")?),
        meta_template_id: row.get("meta_template_id")?,
        name: parsed(row, "name", TemplateName::parse)?,
        language: parsed(row, "language", LanguageCode::parse)?,
        category: parsed(row, "category", category_from_stored)?,
        status: state_from_stored(row.get::<&str>("status")?),
        components: row.value("components").clone(),
        rejected_reason: row.get("rejected_reason")?,
        auto_created: row.get("auto_created")?,
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
    })
}

/// One `template_header_media` row.
pub(crate) fn header_media(row: &JsonRow) -> Result<HeaderMedia, WireError> {
    let kind = parsed(row, "kind", |kind| match kind {
        "image" => Ok(MediaKind::Image),
        "video" => Ok(MediaKind::Video),
        "document" => Ok(MediaKind::Document),
        _ => Err(ValidationError::new("kind", "is not a header kind")),
    })?;
    Ok(HeaderMedia {
        account_id: AccountId::from_uuid(row.get::<Uuid>("account_id")?),
        sha256: parsed(row, "sha256", Sha256Hex::parse)?,
        kind,
        media_id: parsed(row, "meta_media_id", MediaId::parse)?,
        mime_type: row.get("mime_type")?,
        size_bytes: row.get("size_bytes")?,
        expires_at: row.time("expires_at")?,
    })
}
