//! Template header media in memory (`template_header_media`): an upload recorded, and one
//! looked up by file hash while Meta still keeps it.

use time::OffsetDateTime;

use inbox_domain::outbound::MediaKind;
use inbox_domain::templates::{HeaderMedia, Sha256Hex};
use inbox_domain::{AccountId, RepoError};

use crate::clock::stored;
use crate::store::MemoryStore;

/// `TemplateRepo::record_header_media`.
pub(super) fn record_header_media(
    store: &MemoryStore,
    header: &HeaderMedia,
) -> Result<(), RepoError> {
    if !matches!(
        header.kind,
        MediaKind::Image | MediaKind::Video | MediaKind::Document
    ) {
        return Err(RepoError::Invalid {
            entity: "template_media",
            reason: "violates template_header_media_kind_check".to_owned(),
        });
    }
    let mut state = store.write()?;
    if !state.accounts.contains_key(&header.account_id) {
        return Err(RepoError::not_found("account"));
    }
    let mut row = header.clone();
    row.expires_at = stored(row.expires_at);
    state
        .header_media
        .insert((header.account_id, header.sha256.as_str().to_owned()), row);
    Ok(())
}

/// `TemplateRepo::header_media`.
pub(super) fn header_media(
    store: &MemoryStore,
    account: AccountId,
    sha256: &Sha256Hex,
    now_at: OffsetDateTime,
) -> Result<Option<HeaderMedia>, RepoError> {
    let state = store.read()?;
    Ok(state
        .header_media
        .get(&(account, sha256.as_str().to_owned()))
        .filter(|m| m.expires_at > now_at)
        .cloned())
}
